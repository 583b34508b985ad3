/*
 * jet_info.c -- schema information: JetGet(Table)ColumnInfo,
 * JetGet(Table)IndexInfo, JetGetTableInfo.
 *
 * Every call reads one descriptor snapshot inside a read-side section
 * (catalog.h), so the answer is consistent even while DDL runs. Info levels
 * whose answer is a temporary table (JET_ColInfoList, JET_IdxInfo,
 * JET_IdxInfoList, ...) return JET_errFeatureNotAvailable until temp tables
 * exist; levels ESE does not define return JET_errInvalidParameter. A
 * result buffer smaller than the fixed-size answer returns
 * JET_errBufferTooSmall.
 */
#include <string.h>

#include "api.h"
#include "core/catalog.h"
#include "core/session.h"

#define LEVEL_MASK 0x0fffffffu /* JET_ColInfoGrbit* are the high bits */

/* colinfo -- answer a column-info level from schema d. pcol is a column
 * name, or (ByColid levels) a pointer to a JET_COLUMNID. */
static JET_ERR colinfo(const struct oe_table *t, const struct oe_tdef *d, const char *pcol,
                       void *pv, uint32_t cb, uint32_t level)
{
    const struct oe_coldef *c;
    uint32_t lv = level & LEVEL_MASK;
    switch (lv) {
    case JET_ColInfo:
    case JET_ColInfoByColid:
    case JET_ColInfoBase:
    case JET_ColInfoBaseByColid:
        break;
    case JET_ColInfoList:
    case JET_ColInfoListCompact:
    case JET_ColInfoListSortColumnid:
    case JET_ColInfoSysTabCursor:
        return JET_errFeatureNotAvailable; /* answers are temp tables */
    default:
        return JET_errInvalidParameter;
    }
    if (!pcol || !pv)
        return JET_errInvalidParameter;
    if (lv == JET_ColInfoByColid || lv == JET_ColInfoBaseByColid) {
        JET_COLUMNID id;
        memcpy(&id, pcol, sizeof id);
        c = oe_tdef_column(d, id);
    } else {
        c = oe_tdef_column_by_name(d, pcol);
    }
    if (!c)
        return JET_errColumnNotFound;
    if (lv == JET_ColInfo || lv == JET_ColInfoByColid) {
        JET_COLUMNDEF def;
        if (cb < sizeof def)
            return JET_errBufferTooSmall;
        memset(&def, 0, sizeof def);
        def.cbStruct = sizeof def;
        def.columnid = c->id;
        def.coltyp = c->coltyp;
        def.wCountry = 1;
        def.langid = 0x409;
        def.cp = c->cp;
        def.cbMax = c->cbMax;
        def.grbit = oe_coldef_grbit(c);
        memcpy(pv, &def, sizeof def);
        return JET_errSuccess;
    }
    JET_COLUMNBASE_A base;
    if (cb < sizeof base)
        return JET_errBufferTooSmall;
    memset(&base, 0, sizeof base);
    base.cbStruct = sizeof base;
    base.columnid = c->id;
    base.coltyp = c->coltyp;
    base.wCountry = 1;
    base.langid = 0x409;
    base.cp = c->cp;
    base.cbMax = c->cbMax;
    base.grbit = oe_coldef_grbit(c);
    strcpy(base.szBaseTableName, t->name); /* no templates: the table itself */
    strcpy(base.szBaseColumnName, c->name);
    memcpy(pv, &base, sizeof base);
    return JET_errSuccess;
}

/* idxinfo -- answer an index-info level from schema d. */
static JET_ERR idxinfo(const struct oe_tdef *d, const char *name, void *pv, uint32_t cb, uint32_t level)
{
    const struct oe_idxdef *x = NULL;
    switch (level) {
    case JET_IdxInfoCount: {
        uint32_t n = d->nidx;
        if (!pv || cb < sizeof n)
            return JET_errBufferTooSmall;
        memcpy(pv, &n, sizeof n);
        return JET_errSuccess;
    }
    case JET_IdxInfoKeyMost:
    case JET_IdxInfoVarSegMac:
    case JET_IdxInfoLCID:
        break;
    case JET_IdxInfo:
    case JET_IdxInfoList:
    case JET_IdxInfoSysTabCursor:
    case JET_IdxInfoOLC:
    case JET_IdxInfoResetOLC:
    case JET_IdxInfoSpaceAlloc:
    case JET_IdxInfoIndexId:
    case JET_IdxInfoCreateIndex:
    case JET_IdxInfoCreateIndex2:
    case JET_IdxInfoCreateIndex3:
    case JET_IdxInfoLocaleName:
        return JET_errFeatureNotAvailable;
    default:
        return JET_errInvalidParameter;
    }
    /* ESE: a NULL or empty name means the primary index. */
    if (!name || !name[0])
        x = oe_tdef_primary(d);
    else
        x = oe_tdef_index(d, name);
    if (!x)
        return JET_errIndexNotFound;
    if (!pv)
        return JET_errInvalidParameter;
    if (level == JET_IdxInfoLCID) {
        uint32_t lcid = x->lcid;
        if (cb < sizeof lcid)
            return JET_errBufferTooSmall;
        memcpy(pv, &lcid, sizeof lcid);
        return JET_errSuccess;
    }
    uint16_t v = (uint16_t)(level == JET_IdxInfoKeyMost ? x->kdef.cbKeyMost : x->kdef.cbVarSegMac);
    if (cb < sizeof v)
        return JET_errBufferTooSmall;
    memcpy(pv, &v, sizeof v);
    return JET_errSuccess;
}

enum info_kind { INFO_COL, INFO_IDX };

/* run_info -- answer on the table's current descriptor, read once inside a
 * read-side section. */
static JET_ERR run_info(struct oe_table *t, enum info_kind k, const char *name, void *pv, uint32_t cb,
                        uint32_t level)
{
    oe_rcu_read_lock();
    struct oe_tdef *d = oe_tab_def(t);
    JET_ERR err = k == INFO_COL ? colinfo(t, d, name, pv, cb, level) : idxinfo(d, name, pv, cb, level);
    oe_rcu_read_unlock();
    return err;
}

/* info_by_tableid / info_by_name -- enter, find the table (by cursor or by
 * name in an open database), answer, leave. */
static JET_ERR info_by_tableid(JET_SESID sesid, JET_TABLEID tableid, enum info_kind k, const char *name,
                               void *pv, uint32_t cb, uint32_t level)
{
    struct oe_session *s;
    struct oe_table *t;
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return err;
    if ((err = oe_cat_table_of(s, tableid, &t)) >= 0)
        err = run_info(t, k, name, pv, cb, level);
    oe_ses_leave(s);
    return err;
}

static JET_ERR info_by_name(JET_SESID sesid, JET_DBID dbid, const char *table, enum info_kind k,
                            const char *name, void *pv, uint32_t cb, uint32_t level)
{
    struct oe_session *s;
    struct oe_db *db;
    char nm[OE_NAME_MAX + 1];
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return err;
    if ((err = oe_db_of_session(s, dbid, &db)) < 0 || (err = oe_cat_check_name(table, nm)) < 0)
        goto done;
    /* The read-side section keeps a concurrently deleted table alive. */
    oe_rcu_read_lock();
    struct oe_table *t = oe_db_find_table(db, nm);
    err = t ? run_info(t, k, name, pv, cb, level) : JET_errObjectNotFound;
    oe_rcu_read_unlock();
done:
    oe_ses_leave(s);
    return err;
}

OE_API JetGetTableColumnInfoA(JET_SESID sesid, JET_TABLEID tableid, const char *szColumnName,
                              void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    return oe_api_return(info_by_tableid(sesid, tableid, INFO_COL, szColumnName, pvResult, cbMax, InfoLevel));
}

OE_API JetGetColumnInfoA(JET_SESID sesid, JET_DBID dbid, const char *szTableName,
                         const char *pColumnNameOrId, void *pvResult, uint32_t cbMax, uint32_t InfoLevel)
{
    return oe_api_return(
        info_by_name(sesid, dbid, szTableName, INFO_COL, pColumnNameOrId, pvResult, cbMax, InfoLevel));
}

OE_API JetGetTableIndexInfoA(JET_SESID sesid, JET_TABLEID tableid, const char *szIndexName,
                             void *pvResult, uint32_t cbResult, uint32_t InfoLevel)
{
    return oe_api_return(info_by_tableid(sesid, tableid, INFO_IDX, szIndexName, pvResult, cbResult, InfoLevel));
}

OE_API JetGetIndexInfoA(JET_SESID sesid, JET_DBID dbid, const char *szTableName, const char *szIndexName,
                        void *pvResult, uint32_t cbResult, uint32_t InfoLevel)
{
    return oe_api_return(
        info_by_name(sesid, dbid, szTableName, INFO_IDX, szIndexName, pvResult, cbResult, InfoLevel));
}

OE_API JetGetTableInfoA(JET_SESID sesid, JET_TABLEID tableid, void *pvResult, uint32_t cbMax,
                        uint32_t InfoLevel)
{
    struct oe_session *s;
    struct oe_table *t;
    JET_ERR err;
    switch (InfoLevel) {
    case JET_TblInfoName:
    case JET_TblInfoDbid:
        break;
    case JET_TblInfo:
    case JET_TblInfoMostMany:
    case JET_TblInfoRvt:
    case JET_TblInfoOLC:
    case JET_TblInfoResetOLC:
    case JET_TblInfoSpaceUsage:
    case JET_TblInfoDumpTable:
    case JET_TblInfoSpaceAlloc:
    case JET_TblInfoSpaceOwned:
    case JET_TblInfoSpaceAvailable:
    case JET_TblInfoTemplateTableName:
        return JET_errFeatureNotAvailable;
    default:
        return JET_errInvalidParameter;
    }
    if (!pvResult)
        return JET_errInvalidParameter;
    if ((err = oe_ses_enter(sesid, OE_ENTER_NORMAL, &s)) < 0)
        return oe_api_return(err);
    if ((err = oe_cat_table_of(s, tableid, &t)) >= 0) {
        if (InfoLevel == JET_TblInfoName) {
            size_t n = strlen(t->name) + 1; /* names are immutable (no rename yet) */
            if (cbMax < n)
                err = JET_errBufferTooSmall;
            else
                memcpy(pvResult, t->name, n);
        } else {
            JET_DBID dbid = t->db->dbid;
            if (cbMax < sizeof dbid)
                err = JET_errBufferTooSmall;
            else
                memcpy(pvResult, &dbid, sizeof dbid);
        }
    }
    oe_ses_leave(s);
    return oe_api_return(err);
}

#undef JetGetTableColumnInfo
#undef JetGetColumnInfo
#undef JetGetTableIndexInfo
#undef JetGetIndexInfo
#undef JetGetTableInfo
JET_EXPORT __typeof__(JetGetTableColumnInfoA) JetGetTableColumnInfo OE_ALIAS(JetGetTableColumnInfo, JetGetTableColumnInfoA);
JET_EXPORT __typeof__(JetGetColumnInfoA) JetGetColumnInfo OE_ALIAS(JetGetColumnInfo, JetGetColumnInfoA);
JET_EXPORT __typeof__(JetGetTableIndexInfoA) JetGetTableIndexInfo OE_ALIAS(JetGetTableIndexInfo, JetGetTableIndexInfoA);
JET_EXPORT __typeof__(JetGetIndexInfoA) JetGetIndexInfo OE_ALIAS(JetGetIndexInfo, JetGetIndexInfoA);
JET_EXPORT __typeof__(JetGetTableInfoA) JetGetTableInfo OE_ALIAS(JetGetTableInfo, JetGetTableInfoA);
