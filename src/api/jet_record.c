/*
 * jet_record.c -- record entry points: prepared updates, column set and
 * retrieve, delete (core: src/core/cursor.c, table.c, record.c).
 */
#include "api.h"
#include "core/cursor.h"
#include "core/session.h"
#include "core/temptable.h"
#include "temp_dispatch.h"

/* cur_enter -- claim the session and resolve the cursor (see jet_cursor.c). */
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

/* temp_set_columns / temp_retrieve_columns -- JetSetColumns and
 * JetRetrieveColumns on a temp table, with the table path's rules. */
static JET_ERR temp_set_columns(struct oe_tt *tt, JET_SETCOLUMN *psetcolumn, uint32_t csetcolumn)
{
    for (uint32_t i = 0; i < csetcolumn; i++) {
        JET_SETCOLUMN *sc = &psetcolumn[i];
        JET_SETINFO si = {sizeof(si), sc->ibLongValue, sc->itagSequence};
        sc->err = oe_tt_set_column(tt, sc->columnid, sc->pvData, sc->cbData, sc->grbit, &si);
        if (sc->err < 0)
            return sc->err;
    }
    return JET_errSuccess;
}

static JET_ERR temp_retrieve_columns(struct oe_tt *tt, JET_RETRIEVECOLUMN *prc, uint32_t crc)
{
    JET_ERR err = JET_errSuccess;
    for (uint32_t i = 0; i < crc; i++) {
        JET_RETRIEVECOLUMN *r = &prc[i];
        JET_RETINFO ri = {sizeof(ri), r->ibLongValue, r->itagSequence, 0};
        r->err = oe_tt_retrieve(tt, r->columnid, r->pvData, r->cbData, &r->cbActual, r->grbit, &ri);
        r->columnidNextTagged = ri.columnidNextTagged;
        if (r->err < 0 && err >= 0)
            err = r->err;
    }
    return err;
}

OE_API JetPrepareUpdate(JET_SESID sesid, JET_TABLEID tableid, uint32_t prep)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableid, oe_tt_prepare(tt, prep));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_prepare(s, c, prep);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetSetColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, const void *pvData,
                    uint32_t cbData, JET_GRBIT grbit, JET_SETINFO *psetinfo)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableid, oe_tt_set_column(tt, columnid, pvData, cbData, grbit, psetinfo));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_set_column(c, columnid, pvData, cbData, grbit, psetinfo);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetSetColumns(JET_SESID sesid, JET_TABLEID tableid, JET_SETCOLUMN *psetcolumn,
                     uint32_t csetcolumn)
{
    struct oe_session *s;
    struct oe_cursor *c;
    if (!psetcolumn && csetcolumn)
        return JET_errInvalidParameter;
    TEMP_DISPATCH(sesid, tableid, temp_set_columns(tt, psetcolumn, csetcolumn));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    /* Each element gets its own code; the first error stops the call. */
    for (uint32_t i = 0; i < csetcolumn; i++) {
        JET_SETCOLUMN *sc = &psetcolumn[i];
        JET_SETINFO si = {sizeof(si), sc->ibLongValue, sc->itagSequence};
        sc->err = oe_cur_set_column(c, sc->columnid, sc->pvData, sc->cbData, sc->grbit, &si);
        if (sc->err < 0) {
            err = sc->err;
            break;
        }
    }
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetUpdate2(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark, uint32_t cbBookmark,
                  uint32_t *pcbActual, const JET_GRBIT grbit)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableid, oe_tt_update(tt, pvBookmark, cbBookmark, pcbActual));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_update(s, c, pvBookmark, cbBookmark, pcbActual, grbit);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetUpdate(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark, uint32_t cbBookmark,
                 uint32_t *pcbActual)
{
    return JetUpdate2(sesid, tableid, pvBookmark, cbBookmark, pcbActual, 0);
}

OE_API JetRetrieveColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, void *pvData,
                         uint32_t cbData, uint32_t *pcbActual, JET_GRBIT grbit,
                         JET_RETINFO *pretinfo)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableid, oe_tt_retrieve(tt, columnid, pvData, cbData, pcbActual, grbit, pretinfo));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_retrieve(c, columnid, pvData, cbData, pcbActual, grbit, pretinfo);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetRetrieveColumns(JET_SESID sesid, JET_TABLEID tableid, JET_RETRIEVECOLUMN *prc,
                          uint32_t crc)
{
    struct oe_session *s;
    struct oe_cursor *c;
    if (!prc && crc)
        return JET_errInvalidParameter;
    TEMP_DISPATCH(sesid, tableid, temp_retrieve_columns(tt, prc, crc));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    /* Every element is retrieved and gets its own code (warnings such as
     * JET_wrnColumnNull stay there); the call returns the first error. */
    for (uint32_t i = 0; i < crc; i++) {
        JET_RETRIEVECOLUMN *r = &prc[i];
        JET_RETINFO ri = {sizeof(ri), r->ibLongValue, r->itagSequence, 0};
        r->err = oe_cur_retrieve(c, r->columnid, r->pvData, r->cbData, &r->cbActual, r->grbit, &ri);
        r->columnidNextTagged = ri.columnidNextTagged;
        if (r->err < 0 && err >= 0)
            err = r->err;
    }
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetDelete(JET_SESID sesid, JET_TABLEID tableid)
{
    struct oe_session *s;
    struct oe_cursor *c;
    TEMP_DISPATCH(sesid, tableid, oe_tt_delete(tt));
    JET_ERR err = cur_enter(sesid, tableid, &s, &c);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_delete(s, c);
    oe_ses_leave(s);
    return oe_api_return(err);
}
