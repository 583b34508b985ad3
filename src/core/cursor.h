/*
 * cursor.h -- cursors on tables (ESE's FUCB), addressed by checked
 * JET_TABLEID handles.
 *
 * CONTRACT (the catalog module codes against these declarations; the
 * cursor module's owner may add functions but must keep these).
 * Implementation: cursor.c, with the header essay.
 */
#ifndef OE_CORE_CURSOR_H
#define OE_CORE_CURSOR_H

#include "catalog.h"
#include "esent.h"

struct oe_session;
struct oe_cursor;

/* oe_cur_open_table -- open a cursor on table t for session s (JetOpenTable,
 * and the tableid that JetCreateTable / JetCreateTableColumnIndex return):
 * enforces JET_paramMaxCursors (JET_errOutOfCursors) and
 * JET_paramMaxOpenTables (JET_errTooManyOpenTables), puts the cursor on the
 * session's cursor list at the current transaction level, counts it in
 * the table's open-cursor shards (catalog.h, TABLE COUNTS). */
JET_ERR oe_cur_open_table(struct oe_session *s, struct oe_table *t, JET_GRBIT grbit,
                          JET_TABLEID *ptableid);

/* Opening in two steps, for JetCreateTable: the table must not be visible
 * to other threads before its creator's cursor is sure to open (a failed
 * create creates nothing, and a table another thread has opened cannot be
 * taken back). oe_cur_reserve takes everything that can fail -- the cursor
 * credit (JET_errOutOfCursors), t's count (JET_errTooManyOpenTables; t may
 * still be unpublished: no other thread can reach it, so counting it races
 * with nothing), a cursor slot (JET_errOutOfMemory) -- and from then on t
 * counts one open cursor, so JetDeleteTable answers TableInUse. On error
 * nothing stays taken. oe_cur_bind turns the reservation into the open
 * cursor (allocates nothing, cannot fail); it must follow on the same
 * thread (the credit and the slot come from per-thread caches) and the
 * table must be published by then. There is no abandoning a reservation:
 * reserve only when the caller cannot fail any more.
 * oe_cur_open_table == reserve + bind. */
struct oe_cur_resv {               /* owned by the reserving thread until bound */
    struct oe_table *t;            /* the table counted */
    struct oe_cursor *c;           /* the slot taken off the free lists */
    uint64_t gen;                  /* the handle generation the cursor will have */
};
JET_ERR oe_cur_reserve(struct oe_session *s, struct oe_table *t, struct oe_cur_resv *r);
void oe_cur_bind(struct oe_session *s, const struct oe_cur_resv *r, JET_GRBIT grbit,
                 JET_TABLEID *ptableid);

/* oe_cur_resolve -- the session's open cursor named by tableid:
 * JET_errInvalidTableId for a stale/forged/closed handle,
 * JET_errSesidTableIdMismatch for another session's cursor. The caller
 * holds the session's claim. */
JET_ERR oe_cur_resolve(struct oe_session *s, JET_TABLEID tableid, struct oe_cursor **pcur);

/* oe_cur_table -- the table a cursor is open on. */
struct oe_table *oe_cur_table(struct oe_cursor *c);

/* ---- additions of the cursor module (src/api/jet_cursor.c, jet_record.c) ----
 * Every function below is called by the thread that holds the session's
 * claim, with a cursor from oe_cur_resolve; each takes its own read-side
 * section and loads the table's descriptor once in it. */

/* oe_cur_close -- JetCloseTable: unlink from the session and close. */
JET_ERR oe_cur_close(struct oe_session *s, struct oe_cursor *c);
/* oe_cur_dup -- JetDupCursor: a new cursor on the same table and index,
 * before the first entry, no key, range or update. */
JET_ERR oe_cur_dup(struct oe_session *s, struct oe_cursor *c, JET_TABLEID *ptableid);

/* Index selection and position. */
JET_ERR oe_cur_set_index(struct oe_cursor *c, const char *name, JET_GRBIT grbit);
JET_ERR oe_cur_get_index(struct oe_cursor *c, char *sz, uint32_t cb);
JET_ERR oe_cur_move(struct oe_cursor *c, int32_t crow, JET_GRBIT grbit);
JET_ERR oe_cur_make_key(struct oe_cursor *c, const void *pv, uint32_t cb, JET_GRBIT grbit);
JET_ERR oe_cur_seek(struct oe_cursor *c, JET_GRBIT grbit);
JET_ERR oe_cur_set_range(struct oe_cursor *c, JET_GRBIT grbit);
JET_ERR oe_cur_get_bookmark(struct oe_cursor *c, void *pv, uint32_t cbMax, uint32_t *pcbActual);
JET_ERR oe_cur_goto_bookmark(struct oe_cursor *c, const void *pv, uint32_t cb);
JET_ERR oe_cur_index_count(struct oe_cursor *c, uint32_t *pcrec, uint32_t crecMax);
JET_ERR oe_cur_retrieve_key(struct oe_cursor *c, void *pv, uint32_t cbMax, uint32_t *pcbActual,
                            JET_GRBIT grbit);

/* Records. */
JET_ERR oe_cur_prepare(struct oe_session *s, struct oe_cursor *c, uint32_t prep);
JET_ERR oe_cur_set_column(struct oe_cursor *c, JET_COLUMNID colid, const void *pv, uint32_t cb,
                          JET_GRBIT grbit, const JET_SETINFO *psetinfo);
JET_ERR oe_cur_update(struct oe_session *s, struct oe_cursor *c, void *pvBookmark,
                      uint32_t cbBookmark, uint32_t *pcbActual, JET_GRBIT grbit);
JET_ERR oe_cur_retrieve(struct oe_cursor *c, JET_COLUMNID colid, void *pv, uint32_t cbMax,
                        uint32_t *pcbActual, JET_GRBIT grbit, JET_RETINFO *pretinfo);
JET_ERR oe_cur_delete(struct oe_session *s, struct oe_cursor *c);
/* oe_cur_get_lock -- JetGetLock on the current record: JET_bitWriteLock
 * places a lock version (conflicts like a write); JET_bitReadLock places a
 * read lock version (shared with other readers' locks; other transactions'
 * writes conflict until this transaction ends). */
JET_ERR oe_cur_get_lock(struct oe_session *s, struct oe_cursor *c, JET_GRBIT grbit);
/* oe_cur_escrow -- JetEscrowUpdate on the current record: adds the Long at
 * pv to escrow column colid as a delta version that commutes with other
 * transactions' deltas; pvOld gets the value this transaction saw before
 * (its snapshot plus its own deltas). Codes: see jet_lock.c. */
JET_ERR oe_cur_escrow(struct oe_session *s, struct oe_cursor *c, JET_COLUMNID colid,
                      const void *pv, uint32_t cbMax, void *pvOld, uint32_t cbOldMax,
                      uint32_t *pcbOldActual, JET_GRBIT grbit);

/* oe_prep_check -- JetPrepareUpdate's rules shared by table cursors and
 * temp tables: JET_prepCancel needs a prepared update (*pcancel = 1: the
 * caller cancels), the insert/replace modes need none; other values are
 * JET_errInvalidParameter. */
static inline JET_ERR oe_prep_check(uint32_t prep, int prepared, int *pcancel)
{
    *pcancel = 0;
    switch (prep) {
    case JET_prepCancel:
        if (!prepared)
            return JET_errUpdateNotPrepared;
        *pcancel = 1;
        return JET_errSuccess;
    case JET_prepInsert:
    case JET_prepInsertCopy:
    case JET_prepReplace:
    case JET_prepReplaceNoLock:
        return prepared ? JET_errAlreadyPrepared : JET_errSuccess;
    default:
        return JET_errInvalidParameter;
    }
}

#endif
