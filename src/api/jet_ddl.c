/*
 * jet_ddl.c -- DDL entry points: tables, columns, indexes.
 *
 * The API structs (JET_TABLECREATE*_A, JET_COLUMNCREATE_A,
 * JET_INDEXCREATE*_A) are translated into core specs (catalog.h); the
 * per-object outputs (columnid, err, tableid, cCreated) are written back.
 * Tables returned by JetCreateTable(ColumnIndex) are opened for the caller
 * through the cursor module; if that open fails the new table is dropped
 * again, so a failed call creates nothing.
 */
#include <string.h>

#include "api.h"
#include "core/catalog.h"
#include "core/cursor.h"
#include "core/session.h"
#include "sync/alloc.h"

/* enter_db -- claim the session and find the database it has open. */
static JET_ERR enter_db(JET_SESID sesid, JET_DBID dbid, struct oe_session **ps, struct oe_db **pdb)
{
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, ps);
    if (err < 0)
        return err;
    if ((err = oe_db_of_session(*ps, dbid, pdb)) < 0)
        oe_ses_leave(*ps);
    return err;
}

/* enter_table -- claim the session and find the table under tableid. */
static JET_ERR enter_table(JET_SESID sesid, JET_TABLEID tableid, struct oe_session **ps,
                           struct oe_table **pt)
{
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, ps);
    if (err < 0)
        return err;
    if ((err = oe_cat_table_of(*ps, tableid, pt)) < 0)
        oe_ses_leave(*ps);
    return err;
}

/* The creator's cursor, reserved inside the create (reserve_hook). */
struct create_open {
    struct oe_session *s;          /* the creating session (its claim held) */
    struct oe_cur_resv r;          /* filled by reserve_hook */
};

/* reserve_hook -- oe_cat_reserve_fn: reserve the creator's cursor on the
 * finished, still private table, so that its open cannot fail after the
 * table is published. */
static JET_ERR reserve_hook(void *arg, struct oe_table *t)
{
    struct create_open *co = arg;
    return oe_cur_reserve(co->s, t, &co->r);
}

/* create_and_open -- create a table and open a cursor on it for s. Every
 * fallible step of the open (JET_errOutOfCursors, JET_errTooManyOpenTables,
 * JET_errOutOfMemory) runs before the table is published, so a failed call
 * creates nothing and a successful one always returns an open cursor. */
static JET_ERR create_and_open(struct oe_session *s, struct oe_db *db, const char *name, JET_GRBIT grbit,
                               const struct oe_colspec *cols, uint32_t ncol, JET_COLUMNID *colids,
                               JET_ERR *colerrs, const struct oe_idxspec *idx, uint32_t nidx,
                               JET_ERR *idxerrs, uint32_t *pcreated, JET_TABLEID *ptableid)
{
    struct oe_table *t;
    struct create_open co = {.s = s};
    *ptableid = JET_tableidNil;
    JET_ERR err = oe_cat_create_table_reserve(db, name, grbit, cols, ncol, colids, colerrs, idx,
                                              nidx, idxerrs, pcreated, reserve_hook, &co, &t);
    if (err < 0)
        return err;
    oe_cur_bind(s, &co.r, 0, ptableid);
    return err; /* maybe JET_wrnColumnMaxTruncated */
}

OE_API JetCreateTableA(JET_SESID sesid, JET_DBID dbid, const char *szTableName, uint32_t lPages,
                       uint32_t lDensity, JET_TABLEID *ptableid)
{
    struct oe_session *s;
    struct oe_db *db;
    (void)lPages; /* space hints mean nothing in memory */
    if (!ptableid)
        return JET_errInvalidParameter;
    *ptableid = JET_tableidNil;
    if (lDensity && (lDensity < 20 || lDensity > 100))
        return JET_errDensityInvalid;
    JET_ERR err = enter_db(sesid, dbid, &s, &db);
    if (err < 0)
        return oe_api_return(err);
    err = create_and_open(s, db, szTableName, 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, ptableid);
    oe_ses_leave(s);
    return oe_api_return(err);
}

/* idxspec_from -- one JET_INDEXCREATE_A (or the common prefix of _2A). */
static void idxspec_from(const JET_INDEXCREATE_A *ic, struct oe_idxspec *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->name = ic->szIndexName;
    sp->key = ic->szKey;
    sp->cbKey = ic->cbKey;
    sp->grbit = ic->grbit;
    sp->density = ic->ulDensity;
    if (ic->grbit & JET_bitIndexUnicode)
        sp->lcid = ic->pidxunicode ? ic->pidxunicode->lcid : 0;
    else
        sp->lcid = ic->lcid;
    sp->cbVarSegMac = (ic->grbit & JET_bitIndexTupleLimits) ? 0 : ic->cbVarSegMac;
    sp->cbKeyMost = ic->cbKeyMost;
    sp->nconditional = ic->cConditionalColumn;
}

/* A view over the three JET_TABLECREATE versions. */
struct tc_view {
    const char *name, *template_name, *callback;
    JET_COLUMNCREATE_A *cols;
    uint32_t ncol;
    const void *idx;      /* JET_INDEXCREATE_A or JET_INDEXCREATE2_A array */
    size_t idx_stride;    /* sizeof the element */
    uint32_t nidx;
    JET_GRBIT grbit;
    uint32_t density;
};

/* create_table_ci -- JetCreateTableColumnIndex(2/3) shared body. */
static JET_ERR create_table_ci(JET_SESID sesid, JET_DBID dbid, const struct tc_view *v,
                               JET_TABLEID *ptableid, uint32_t *pcreated)
{
    struct oe_session *s;
    struct oe_db *db;
    struct oe_colspec *cols = NULL;
    struct oe_idxspec *idx = NULL;
    JET_COLUMNID *colids = NULL;
    JET_ERR *colerrs = NULL, *idxerrs = NULL;
    JET_ERR err;
    const JET_GRBIT known = JET_bitTableCreateFixedDDL | JET_bitTableCreateTemplateTable |
                            JET_bitTableCreateNoFixedVarColumnsInDerivedTables |
                            JET_bitTableCreateImmutableStructure;

    *ptableid = JET_tableidNil;
    *pcreated = 0;
    if ((v->ncol && !v->cols) || (v->nidx && !v->idx))
        return JET_errInvalidParameter;
    if (v->grbit & ~known)
        return JET_errInvalidGrbit;
    if (v->template_name || v->callback)
        return JET_errFeatureNotAvailable; /* templates and callbacks: not supported */
    if (v->density && (v->density < 20 || v->density > 100))
        return JET_errDensityInvalid;
    for (uint32_t i = 0; i < v->ncol; i++)
        if (v->cols[i].cbStruct != sizeof(JET_COLUMNCREATE_A))
            return JET_errInvalidParameter;
    for (uint32_t i = 0; i < v->nidx; i++)
        if (((const JET_INDEXCREATE_A *)((const char *)v->idx + i * v->idx_stride))->cbStruct !=
            v->idx_stride)
            return JET_errInvalidParameter;

    if ((err = enter_db(sesid, dbid, &s, &db)) < 0)
        return err;
    if ((v->ncol && (!(cols = oe_calloc(v->ncol * sizeof *cols)) ||
                     !(colids = oe_calloc(v->ncol * sizeof *colids)) ||
                     !(colerrs = oe_calloc(v->ncol * sizeof *colerrs)))) ||
        (v->nidx && (!(idx = oe_calloc(v->nidx * sizeof *idx)) ||
                     !(idxerrs = oe_calloc(v->nidx * sizeof *idxerrs))))) {
        err = JET_errOutOfMemory;
        goto done;
    }
    for (uint32_t i = 0; i < v->ncol; i++) {
        const JET_COLUMNCREATE_A *cc = &v->cols[i];
        cols[i] = (struct oe_colspec){cc->szColumnName, cc->coltyp, cc->cbMax, cc->grbit,
                                      cc->pvDefault, cc->cbDefault, cc->cp};
    }
    for (uint32_t i = 0; i < v->nidx; i++)
        idxspec_from((const JET_INDEXCREATE_A *)((const char *)v->idx + i * v->idx_stride), &idx[i]);
    err = create_and_open(s, db, v->name, v->grbit & (JET_bitTableCreateFixedDDL | JET_bitTableCreateTemplateTable),
                          cols, v->ncol, colids, colerrs, idx, v->nidx, idxerrs, pcreated, ptableid);
    for (uint32_t i = 0; i < v->ncol; i++) {
        v->cols[i].columnid = colerrs[i] >= 0 ? colids[i] : 0;
        v->cols[i].err = colerrs[i];
    }
    for (uint32_t i = 0; i < v->nidx; i++)
        ((JET_INDEXCREATE_A *)((char *)v->idx + i * v->idx_stride))->err = idxerrs[i];
done:
    oe_free(cols, v->ncol * sizeof *cols);
    oe_free(colids, v->ncol * sizeof *colids);
    oe_free(colerrs, v->ncol * sizeof *colerrs);
    oe_free(idx, v->nidx * sizeof *idx);
    oe_free(idxerrs, v->nidx * sizeof *idxerrs);
    oe_ses_leave(s);
    return err;
}

OE_API JetCreateTableColumnIndexA(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE_A *p)
{
    if (!p || p->cbStruct != sizeof *p)
        return JET_errInvalidParameter;
    struct tc_view v = {p->szTableName, p->szTemplateTableName, NULL, p->rgcolumncreate, p->cColumns,
                        p->rgindexcreate, sizeof(JET_INDEXCREATE_A), p->cIndexes, p->grbit, p->ulDensity};
    return oe_api_return(create_table_ci(sesid, dbid, &v, &p->tableid, &p->cCreated));
}

OE_API JetCreateTableColumnIndex2A(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE2_A *p)
{
    if (!p || p->cbStruct != sizeof *p)
        return JET_errInvalidParameter;
    struct tc_view v = {p->szTableName, p->szTemplateTableName, p->szCallback, p->rgcolumncreate,
                        p->cColumns, p->rgindexcreate, sizeof(JET_INDEXCREATE_A), p->cIndexes,
                        p->grbit, p->ulDensity};
    return oe_api_return(create_table_ci(sesid, dbid, &v, &p->tableid, &p->cCreated));
}

OE_API JetCreateTableColumnIndex3A(JET_SESID sesid, JET_DBID dbid, JET_TABLECREATE3_A *p)
{
    if (!p || p->cbStruct != sizeof *p)
        return JET_errInvalidParameter;
    struct tc_view v = {p->szTableName, p->szTemplateTableName, p->szCallback, p->rgcolumncreate,
                        p->cColumns, p->rgindexcreate, sizeof(JET_INDEXCREATE2_A), p->cIndexes,
                        p->grbit, p->ulDensity};
    return oe_api_return(create_table_ci(sesid, dbid, &v, &p->tableid, &p->cCreated));
}

OE_API JetDeleteTableA(JET_SESID sesid, JET_DBID dbid, const char *szTableName)
{
    struct oe_session *s;
    struct oe_db *db;
    JET_ERR err = enter_db(sesid, dbid, &s, &db);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cat_delete_table(db, szTableName, NULL);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetAddColumnA(JET_SESID sesid, JET_TABLEID tableid, const char *szColumnName,
                     const JET_COLUMNDEF *pcolumndef, const void *pvDefault, uint32_t cbDefault,
                     JET_COLUMNID *pcolumnid)
{
    struct oe_session *s;
    struct oe_table *t;
    if (!pcolumndef || pcolumndef->cbStruct != sizeof *pcolumndef)
        return JET_errInvalidParameter;
    JET_ERR err = enter_table(sesid, tableid, &s, &t);
    if (err < 0)
        return oe_api_return(err);
    struct oe_colspec c = {szColumnName, pcolumndef->coltyp, pcolumndef->cbMax, pcolumndef->grbit,
                           pvDefault, cbDefault, pcolumndef->cp};
    err = oe_cat_add_column(t, &c, pcolumnid);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetDeleteColumn2A(JET_SESID sesid, JET_TABLEID tableid, const char *szColumnName,
                         const JET_GRBIT grbit)
{
    struct oe_session *s;
    struct oe_table *t;
    if (grbit & ~(JET_GRBIT)JET_bitDeleteColumnIgnoreTemplateColumns)
        return JET_errInvalidGrbit;
    JET_ERR err = enter_table(sesid, tableid, &s, &t);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cat_delete_column(t, szColumnName);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetDeleteColumnA(JET_SESID sesid, JET_TABLEID tableid, const char *szColumnName)
{
    return JetDeleteColumn2A(sesid, tableid, szColumnName, 0);
}

OE_API JetCreateIndexA(JET_SESID sesid, JET_TABLEID tableid, const char *szIndexName, JET_GRBIT grbit,
                       const char *szKey, uint32_t cbKey, uint32_t lDensity)
{
    struct oe_session *s;
    struct oe_table *t;
    JET_ERR err = enter_table(sesid, tableid, &s, &t);
    if (err < 0)
        return oe_api_return(err);
    struct oe_idxspec sp = {szIndexName, szKey, cbKey, grbit, lDensity, 0, 0, 0, 0};
    /* JetCreateIndex has no cbKeyMost/unicode/tuple arguments: those bits
     * need the JET_INDEXCREATE fields. */
    if (grbit & (JET_bitIndexKeyMost | JET_bitIndexUnicode | JET_bitIndexTupleLimits))
        err = JET_errInvalidParameter;
    else
        err = oe_cat_create_indexes(t, &sp, 1, NULL);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetCreateIndex2A(JET_SESID sesid, JET_TABLEID tableid, JET_INDEXCREATE_A *pindexcreate,
                        uint32_t cIndexCreate)
{
    struct oe_session *s;
    struct oe_table *t;
    struct oe_idxspec *sp = NULL;
    JET_ERR *errs = NULL;
    if (cIndexCreate && !pindexcreate)
        return JET_errInvalidParameter;
    for (uint32_t i = 0; i < cIndexCreate; i++)
        if (pindexcreate[i].cbStruct != sizeof(JET_INDEXCREATE_A))
            return JET_errInvalidParameter;
    JET_ERR err = enter_table(sesid, tableid, &s, &t);
    if (err < 0)
        return oe_api_return(err);
    if (cIndexCreate && (!(sp = oe_calloc(cIndexCreate * sizeof *sp)) ||
                         !(errs = oe_calloc(cIndexCreate * sizeof *errs)))) {
        err = JET_errOutOfMemory;
        goto done;
    }
    for (uint32_t i = 0; i < cIndexCreate; i++)
        idxspec_from(&pindexcreate[i], &sp[i]);
    err = oe_cat_create_indexes(t, sp, cIndexCreate, errs);
    for (uint32_t i = 0; i < cIndexCreate; i++)
        pindexcreate[i].err = errs[i];
done:
    oe_free(sp, cIndexCreate * sizeof *sp);
    oe_free(errs, cIndexCreate * sizeof *errs);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetDeleteIndexA(JET_SESID sesid, JET_TABLEID tableid, const char *szIndexName)
{
    struct oe_session *s;
    struct oe_table *t;
    JET_ERR err = enter_table(sesid, tableid, &s, &t);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cat_delete_index(t, szIndexName);
    oe_ses_leave(s);
    return oe_api_return(err);
}

#undef JetCreateTable
#undef JetCreateTableColumnIndex
#undef JetCreateTableColumnIndex2
#undef JetCreateTableColumnIndex3
#undef JetDeleteTable
#undef JetAddColumn
#undef JetDeleteColumn
#undef JetDeleteColumn2
#undef JetCreateIndex
#undef JetCreateIndex2
#undef JetDeleteIndex
JET_EXPORT __typeof__(JetCreateTableA) JetCreateTable OE_ALIAS(JetCreateTable, JetCreateTableA);
JET_EXPORT __typeof__(JetCreateTableColumnIndexA) JetCreateTableColumnIndex OE_ALIAS(JetCreateTableColumnIndex, JetCreateTableColumnIndexA);
JET_EXPORT __typeof__(JetCreateTableColumnIndex2A) JetCreateTableColumnIndex2 OE_ALIAS(JetCreateTableColumnIndex2, JetCreateTableColumnIndex2A);
JET_EXPORT __typeof__(JetCreateTableColumnIndex3A) JetCreateTableColumnIndex3 OE_ALIAS(JetCreateTableColumnIndex3, JetCreateTableColumnIndex3A);
JET_EXPORT __typeof__(JetDeleteTableA) JetDeleteTable OE_ALIAS(JetDeleteTable, JetDeleteTableA);
JET_EXPORT __typeof__(JetAddColumnA) JetAddColumn OE_ALIAS(JetAddColumn, JetAddColumnA);
JET_EXPORT __typeof__(JetDeleteColumnA) JetDeleteColumn OE_ALIAS(JetDeleteColumn, JetDeleteColumnA);
JET_EXPORT __typeof__(JetDeleteColumn2A) JetDeleteColumn2 OE_ALIAS(JetDeleteColumn2, JetDeleteColumn2A);
JET_EXPORT __typeof__(JetCreateIndexA) JetCreateIndex OE_ALIAS(JetCreateIndex, JetCreateIndexA);
JET_EXPORT __typeof__(JetCreateIndex2A) JetCreateIndex2 OE_ALIAS(JetCreateIndex2, JetCreateIndex2A);
JET_EXPORT __typeof__(JetDeleteIndexA) JetDeleteIndex OE_ALIAS(JetDeleteIndex, JetDeleteIndexA);
