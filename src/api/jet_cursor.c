/*
 * jet_cursor.c -- cursor entry points: open/close/dup, index selection,
 * moves, keys, seeks, ranges, bookmarks (core: src/core/cursor.c).
 *
 * Each entry point validates its arguments, enters the session (one CAS),
 * resolves the JET_TABLEID against that session, calls the core, leaves.
 */
#include <string.h>

#include "api.h"
#include "core/catalog.h"
#include "core/cursor.h"
#include "core/session.h"
#include "core/temptable.h"
#include "temp_dispatch.h"

/* cur_enter -- claim the session and resolve the cursor; on success the
 * caller must oe_ses_leave(*ps). */
static JET_ERR cur_enter(JET_SESID sesid, JET_TABLEID tableid, struct oe_session **ps,
                         struct oe_cursor **pc)
{
    JET_ERR err = oe_ses_enter_inline(sesid, OE_ENTER_NORMAL, ps);
    if (err < 0)
        return err;
    err = oe_cur_resolve(*ps, tableid, pc);
    if (err < 0)
        oe_ses_leave(*ps);
    return err;
}

/* Index selection and cursor duplication do not apply to a temp table (it
 * has one index and one position): ESE's sort tables refuse them. */
#define TEMP_ILLEGAL ((void)tt, (void)s_, OE_ERR(JET_errIllegalOperation))

OE_API JetOpenTableA(JET_SESID sesid, JET_DBID dbid, const char *szTableName,
                     const void *pvParameters, uint32_t cbParameters, JET_GRBIT grbit,
                     JET_TABLEID *ptableid)
{
    struct oe_session *s;
    struct oe_db *db;
    (void)pvParameters; /* ESE ignores them */
    (void)cbParameters;
    if (!ptableid)
        return JET_errInvalidParameter;
    *ptableid = JET_tableidNil;
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return oe_api_return(err);
    /* The database first (ESE dispatches the call through it, so a bad
     * dbid is InvalidDatabaseId whatever the name), then the name by the
     * rule every object name follows (a name JetCreateTable refuses is
     * InvalidName here too, not NotFound). */
    char nm[OE_NAME_MAX + 1];
    if ((err = oe_db_of_session(s, dbid, &db)) < 0)
        ; /* err says why */
    else if (!szTableName || oe_cat_check_name(szTableName, nm) < 0)
        err = JET_errInvalidName;
    else {
        oe_rcu_read_lock(); /* keeps the table alive until the cursor counts in it */
        struct oe_table *t = oe_db_find_table(db, nm);
        err = t ? oe_cur_open_table(s, t, grbit, ptableid) : JET_errObjectNotFound;
        oe_rcu_read_unlock();
    }
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetCloseTable(JET_SESID sesid, JET_TABLEID tableid)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableid, oe_tt_close(s_, tt));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_close(s, c);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetDupCursor(JET_SESID sesid, JET_TABLEID tableid, JET_TABLEID *ptableid, JET_GRBIT grbit)
{
    struct oe_session *s;
    struct oe_cursor *c;
    (void)grbit; /* reserved */
    if (!ptableid)
        return JET_errInvalidParameter;
    *ptableid = JET_tableidNil;
    TEMP_DISPATCH(sesid, tableid, TEMP_ILLEGAL);
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_dup(s, c, ptableid);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetSetCurrentIndex3A(JET_SESID sesid, JET_TABLEID tableid, const char *szIndexName,
                            JET_GRBIT grbit, uint32_t itagSequence)
{
    struct oe_session *s;
    struct oe_cursor *c;
    (void)itagSequence; /* multi-valued index columns use their first value */
    TEMP_DISPATCH(sesid, tableid, TEMP_ILLEGAL);
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_set_index(c, szIndexName, grbit);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetSetCurrentIndex2A(JET_SESID sesid, JET_TABLEID tableid, const char *szIndexName,
                            JET_GRBIT grbit)
{
    return JetSetCurrentIndex3A(sesid, tableid, szIndexName, grbit, 1);
}

OE_API JetSetCurrentIndexA(JET_SESID sesid, JET_TABLEID tableid, const char *szIndexName)
{
    return JetSetCurrentIndex3A(sesid, tableid, szIndexName, JET_bitMoveFirst, 1);
}

OE_API JetGetCurrentIndexA(JET_SESID sesid, JET_TABLEID tableid, char *szIndexName,
                           uint32_t cbIndexName)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableid, TEMP_ILLEGAL);
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_get_index(c, szIndexName, cbIndexName);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetMove(JET_SESID sesid, JET_TABLEID tableid, int32_t cRow, JET_GRBIT grbit)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableid, oe_tt_move(tt, cRow, grbit));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_move(c, cRow, grbit);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetMakeKey(JET_SESID sesid, JET_TABLEID tableid, const void *pvData, uint32_t cbData,
                  JET_GRBIT grbit)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableid, oe_tt_make_key(tt, pvData, cbData, grbit));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_make_key(c, pvData, cbData, grbit);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetSeek(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableid, oe_tt_seek(tt, grbit));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_seek(c, grbit);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetSetIndexRange(JET_SESID sesid, JET_TABLEID tableidSrc, JET_GRBIT grbit)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableidSrc, oe_tt_set_range(tt, grbit));
    JET_ERR err = cur_enter(sesid, tableidSrc, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_set_range(c, grbit);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetGetBookmark(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark, uint32_t cbMax,
                      uint32_t *pcbActual)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableid, oe_tt_get_bookmark(tt, pvBookmark, cbMax, pcbActual));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_get_bookmark(c, pvBookmark, cbMax, pcbActual);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetGotoBookmark(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark, uint32_t cbBookmark)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableid, oe_tt_goto_bookmark(tt, pvBookmark, cbBookmark));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_goto_bookmark(c, pvBookmark, cbBookmark);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetIndexRecordCount(JET_SESID sesid, JET_TABLEID tableid, uint32_t *pcrec, uint32_t crecMax)
{
    struct oe_session *s;
    struct oe_cursor *c;
    if (!pcrec)
        return JET_errInvalidParameter;
    TEMP_DISPATCH(sesid, tableid, oe_tt_index_count(tt, pcrec, crecMax));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_index_count(c, pcrec, crecMax);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetRetrieveKey(JET_SESID sesid, JET_TABLEID tableid, void *pvData, uint32_t cbMax,
                      uint32_t *pcbActual, JET_GRBIT grbit)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableid, oe_tt_retrieve_key(tt, pvData, cbMax, pcbActual, grbit));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_retrieve_key(c, pvData, cbMax, pcbActual, grbit);
    oe_ses_leave(s);
    return oe_api_return(err);
}

#undef JetOpenTable
#undef JetSetCurrentIndex
#undef JetSetCurrentIndex2
#undef JetSetCurrentIndex3
#undef JetGetCurrentIndex
JET_EXPORT __typeof__(JetOpenTableA) JetOpenTable OE_ALIAS(JetOpenTable, JetOpenTableA);
JET_EXPORT __typeof__(JetSetCurrentIndexA) JetSetCurrentIndex OE_ALIAS(JetSetCurrentIndex, JetSetCurrentIndexA);
JET_EXPORT __typeof__(JetSetCurrentIndex2A) JetSetCurrentIndex2 OE_ALIAS(JetSetCurrentIndex2, JetSetCurrentIndex2A);
JET_EXPORT __typeof__(JetSetCurrentIndex3A) JetSetCurrentIndex3 OE_ALIAS(JetSetCurrentIndex3, JetSetCurrentIndex3A);
JET_EXPORT __typeof__(JetGetCurrentIndexA) JetGetCurrentIndex OE_ALIAS(JetGetCurrentIndex, JetGetCurrentIndexA);
