/*
 * temptable.h -- ESE's temp (sort) tables (JetOpenTempTable*): a cursor
 * over a sort (sort.h) whose rows are record images (record.h) keyed by
 * the normalized key (key.h) of the JET_bitColumnTTKey columns.
 *
 * HANDLES. A temp table is addressed by a JET_TABLEID from its own slot
 * table (temptable.c), distinct from the table cursors' (cursor.c): the
 * handle's 24-bit slot field carries the slot index with its top bit set
 * (OE_TT_HANDLE_BIT), so the API layer tells the two kinds apart from the
 * handle alone (oe_tt_is_handle) and sends each to its implementation --
 * that test is the "one cursor ops table" of the API: every Jet* cursor
 * entry point dispatches on it. cursor.c never creates a slot index that
 * high (it would need 2^23 cursors open at once), and its lookup of an
 * index it never created answers JET_errInvalidTableId. Like sessions and
 * cursors, a temp handle is generation-checked: stale, forged or closed →
 * JET_errInvalidTableId, another session's → JET_errSesidTableIdMismatch.
 *
 * STATES (ESE's sortapi.cxx function tables):
 *   INSERT  after open: JetPrepareUpdate(Insert) / JetSetColumn(s) /
 *           JetUpdate add rows, JetMakeKey works; reads are
 *           JET_errIllegalOperation. The first JetMove or JetSeek ends it.
 *   READ    a sorted, read-only result (TTSortRet): JetMove forward,
 *           MoveFirst/MoveLast, retrieval, keys and bookmarks; MovePrevious,
 *           JetSeek and JetSetIndexRange only with TTIndexed or TTScrollable
 *           (else JET_errIllegalOperation); a TTForwardOnly table is a
 *           stream (only forward moves, no bookmarks). Updates are illegal.
 *   TABLE   materialized (TTBase): everything, including Replace and
 *           Delete. Reached at open when the table must be a B-tree from
 *           the start (no key column, a long-value column without
 *           TTIntrinsicLVsOnly, or TTForceMaterialization, which doubles
 *           as TTErrorOnDuplicateInsertion: a duplicate key then fails
 *           JET_errKeyDuplicate at JetUpdate), or by the first move of a
 *           TTUpdatable table.
 *
 * LIFETIME. A temp table is a node on its session's res[OE_RES_TEMP] list,
 * tagged with the transaction level that opened it: JetCloseTable, the
 * rollback of that level, or JetEndSession closes it. Closing never
 * allocates and never fails.
 *
 * CONCURRENCY. Every function below runs on the thread holding the
 * session's claim (oe_ses_enter), with a table from oe_tt_resolve /
 * oe_tt_enter; a temp table is [owner] state of its session.
 */
#ifndef OE_CORE_TEMPTABLE_H
#define OE_CORE_TEMPTABLE_H

#include <stdint.h>

#include "esent.h"
#include "sync/handle.h"

struct oe_session;
struct oe_tt;

/* The top bit of the handle's slot field marks a temp-table handle. */
#define OE_TT_HANDLE_BIT (1u << (OE_HND_SLOT_BITS - 1))

/* oe_tt_is_handle -- whether a JET_TABLEID belongs to the temp-table
 * family (it may still be stale or forged: oe_tt_resolve decides). */
static inline int oe_tt_is_handle(JET_TABLEID tableid)
{
    return (oe_hnd_slot(tableid) & OE_TT_HANDLE_BIT) != 0;
}

/* What JetOpenTempTable* asks for. */
struct oe_tt_spec {
    const JET_COLUMNDEF *rgcolumndef; /* ccolumn definitions */
    uint32_t ccolumn;
    JET_GRBIT grbit;                  /* JET_bitTT* */
    uint32_t cbKeyMost;               /* 0 = JET_cbKeyMostMin */
    uint32_t cbVarSegMac;             /* 0 = cbKeyMost */
    JET_COLUMNID *prgcolumnid;        /* out: one id per column definition */
};

/*
 * oe_tt_open -- open a temp table for s (claimed). *ptableid is
 * JET_tableidNil on error. Errors, in ESE's order: JET_errTooManySorts
 * (JET_paramMaxTemporaryTables is 0 or reached), JET_errCannotMaterialize-
 * ForwardOnlySort (ForwardOnly with Indexed/Updatable/Scrollable/
 * ForceMaterialization), JET_errOutOfCursors, JET_errInvalidParameter
 * (cbKeyMost, cbVarSegMac, NULL arrays), JET_errInvalidColumnType,
 * JET_errTooManyColumns, JET_errInvalidCodePage, JET_errCannotMaterialize-
 * ForwardOnlySort (ForwardOnly that must materialize: no key column, or a
 * long-value column without TTIntrinsicLVsOnly), JET_errOutOfMemory.
 */
JET_ERR oe_tt_open(struct oe_session *s, const struct oe_tt_spec *spec, JET_TABLEID *ptableid);

/* oe_tt_resolve -- the open temp table tableid names for s. */
JET_ERR oe_tt_resolve(struct oe_session *s, JET_TABLEID tableid, struct oe_tt **ptt);

/* oe_tt_enter -- claim the session (OE_ENTER_NORMAL) and resolve the temp
 * table; on success the caller must oe_ses_leave(*ps). */
JET_ERR oe_tt_enter(JET_SESID sesid, JET_TABLEID tableid, struct oe_session **ps, struct oe_tt **ptt);

/* oe_tt_close -- JetCloseTable: unlink from the session and free. */
JET_ERR oe_tt_close(struct oe_session *s, struct oe_tt *tt);

/* Navigation (JetMove, JetMakeKey, JetSeek, JetSetIndexRange, bookmarks,
 * JetIndexRecordCount, JetRetrieveKey): the table cursor API's semantics
 * (cursor.h), restricted by the state as described above. */
JET_ERR oe_tt_move(struct oe_tt *tt, int32_t crow, JET_GRBIT grbit);
JET_ERR oe_tt_make_key(struct oe_tt *tt, const void *pv, uint32_t cb, JET_GRBIT grbit);
JET_ERR oe_tt_seek(struct oe_tt *tt, JET_GRBIT grbit);
JET_ERR oe_tt_set_range(struct oe_tt *tt, JET_GRBIT grbit);
JET_ERR oe_tt_get_bookmark(struct oe_tt *tt, void *pv, uint32_t cbMax, uint32_t *pcbActual);
JET_ERR oe_tt_goto_bookmark(struct oe_tt *tt, const void *pv, uint32_t cb);
JET_ERR oe_tt_index_count(struct oe_tt *tt, uint32_t *pcrec, uint32_t crecMax);
JET_ERR oe_tt_retrieve_key(struct oe_tt *tt, void *pv, uint32_t cbMax, uint32_t *pcbActual,
                           JET_GRBIT grbit);

/* Records (JetPrepareUpdate, JetSetColumn, JetUpdate, JetRetrieveColumn,
 * JetDelete). */
JET_ERR oe_tt_prepare(struct oe_tt *tt, uint32_t prep);
JET_ERR oe_tt_set_column(struct oe_tt *tt, JET_COLUMNID colid, const void *pv, uint32_t cb,
                         JET_GRBIT grbit, const JET_SETINFO *psetinfo);
JET_ERR oe_tt_update(struct oe_tt *tt, void *pvBookmark, uint32_t cbBookmark, uint32_t *pcbActual);
JET_ERR oe_tt_retrieve(struct oe_tt *tt, JET_COLUMNID colid, void *pv, uint32_t cbMax,
                       uint32_t *pcbActual, JET_GRBIT grbit, JET_RETINFO *pretinfo);
JET_ERR oe_tt_delete(struct oe_tt *tt);

/* oe_tt_live_count -- temp tables open in the process (white-box tests). */
int64_t oe_tt_live_count(void);

#endif
