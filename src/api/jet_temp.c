/*
 * jet_temp.c -- JetOpenTempTable, JetOpenTempTable2, JetOpenTempTable3,
 * JetOpenTemporaryTable, JetOpenTemporaryTable2 (core: src/core/temptable.c).
 *
 * All five open the same kind of table; they differ in how the key shape
 * is given. The locale (lcid, JET_UNICODEINDEX, JET_UNICODEINDEX2) is
 * accepted and not used: openese orders text by binary UTF-8 (key.h's
 * documented deviation). The output table id is set to JET_tableidNil
 * before anything else can fail (ESE). The other cursor entry points
 * (JetMove, JetSeek, JetRetrieveColumn, ...) reach temp tables through the
 * dispatch on the handle in jet_cursor.c and jet_record.c.
 */
#include "api.h"
#include "core/session.h"
#include "core/temptable.h"

/* temp_open -- the shared body: enter, open, leave. */
static JET_ERR temp_open(JET_SESID sesid, const struct oe_tt_spec *spec, JET_TABLEID *ptableid)
{
    struct oe_session *s;
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return err;
    err = oe_tt_open(s, spec, ptableid);
    oe_ses_leave(s);
    return err;
}

OE_API JetOpenTempTable3(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef, uint32_t ccolumn,
                         JET_UNICODEINDEX *pidxunicode, JET_GRBIT grbit, JET_TABLEID *ptableid,
                         JET_COLUMNID *prgcolumnid)
{
    (void)pidxunicode; /* binary text order: see the header */
    if (!ptableid)
        return JET_errInvalidParameter;
    *ptableid = JET_tableidNil;
    struct oe_tt_spec spec = {prgcolumndef, ccolumn, grbit, 0, 0, prgcolumnid};
    return oe_api_return(temp_open(sesid, &spec, ptableid));
}

OE_API JetOpenTempTable2(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef, uint32_t ccolumn,
                         uint32_t lcid, JET_GRBIT grbit, JET_TABLEID *ptableid,
                         JET_COLUMNID *prgcolumnid)
{
    (void)lcid; /* binary text order: see the header */
    return JetOpenTempTable3(sesid, prgcolumndef, ccolumn, NULL, grbit, ptableid, prgcolumnid);
}

OE_API JetOpenTempTable(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef, uint32_t ccolumn,
                        JET_GRBIT grbit, JET_TABLEID *ptableid, JET_COLUMNID *prgcolumnid)
{
    return JetOpenTempTable3(sesid, prgcolumndef, ccolumn, NULL, grbit, ptableid, prgcolumnid);
}

OE_API JetOpenTemporaryTable(JET_SESID sesid, JET_OPENTEMPORARYTABLE *popentemporarytable)
{
    JET_OPENTEMPORARYTABLE *p = popentemporarytable;
    if (!p)
        return JET_errInvalidParameter;
    p->tableid = JET_tableidNil;
    if (p->cbStruct != sizeof(*p))
        return JET_errInvalidParameter;
    struct oe_tt_spec spec = {p->prgcolumndef, p->ccolumn, p->grbit,
                              p->cbKeyMost, p->cbVarSegMac, p->prgcolumnid};
    return oe_api_return(temp_open(sesid, &spec, &p->tableid));
}

OE_API JetOpenTemporaryTable2(JET_SESID sesid, JET_OPENTEMPORARYTABLE2 *popentemporarytable)
{
    JET_OPENTEMPORARYTABLE2 *p = popentemporarytable;
    if (!p)
        return JET_errInvalidParameter;
    p->tableid = JET_tableidNil;
    if (p->cbStruct != sizeof(*p))
        return JET_errInvalidParameter;
    struct oe_tt_spec spec = {p->prgcolumndef, p->ccolumn, p->grbit,
                              p->cbKeyMost, p->cbVarSegMac, p->prgcolumnid};
    return oe_api_return(temp_open(sesid, &spec, &p->tableid));
}
