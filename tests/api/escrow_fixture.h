/*
 * escrow_fixture.h -- the fixture shared by test_escrow.c and test_lock.c
 * (only esent.h): one instance, database and table "e" with escrow
 * columns, a session-with-cursor type, and small seek/read/write helpers
 * that return the Jet* codes for the tests to assert.
 */
#ifndef OE_TESTS_API_ESCROW_FIXTURE_H
#define OE_TESTS_API_ESCROW_FIXTURE_H

#include "api_helpers.h"

/* ---- fixture: table "e": id Long (primary), cnt Long escrow (default 0),
 * hits Long escrow (default 100), plain Long, fin Long escrow + Finalize.
 * Rows id 1 and 2 exist (cnt 0, plain 0). ---- */
struct efx {
    JET_INSTANCE inst;
    JET_DBID db;
    char path[128];
    JET_COLUMNID id, cnt, hits, plain, fin;
};

struct ses {
    JET_SESID s;
    JET_TABLEID t;
};

static struct efx F;

static void escrow_col(JET_SESID s, JET_TABLEID t, const char *n, JET_GRBIT extra, int32_t def,
                       JET_COLUMNID *pid)
{
    JET_COLUMNDEF cd = {.cbStruct = sizeof(cd), .coltyp = JET_coltypLong,
                        .grbit = JET_bitColumnFixed | JET_bitColumnEscrowUpdate | extra};
    API_CHECK(JetAddColumn(s, t, n, &cd, &def, 4, pid), JET_errSuccess);
}

static void ses_open(struct ses *x)
{
    JET_DBID db;
    x->s = api_session_new(F.inst);
    API_CHECK(JetOpenDatabase(x->s, F.path, NULL, &db, 0), JET_errSuccess);
    API_CHECK(JetOpenTable(x->s, db, "e", NULL, 0, 0, &x->t), JET_errSuccess);
}

static JET_ERR seek(struct ses *x, int32_t id)
{
    JET_ERR err = JetMakeKey(x->s, x->t, &id, 4, JET_bitNewKey);
    return err < 0 ? err : JetSeek(x->s, x->t, JET_bitSeekEQ);
}

static void fx_open(const char *tag)
{
    JET_SESID s;
    JET_TABLEID t;
    F.inst = api_instance_new(tag);
    s = api_session_new(F.inst);
    snprintf(F.path, sizeof F.path, "%s-%d.edb", tag, (int)getpid());
    API_CHECK(JetCreateDatabase(s, F.path, NULL, &F.db, 0), JET_errSuccess);
    API_CHECK(JetCreateTable(s, F.db, "e", 0, 100, &t), JET_errSuccess);
    JET_COLUMNDEF cd = {sizeof(cd), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
    API_CHECK(JetAddColumn(s, t, "id", &cd, NULL, 0, &F.id), JET_errSuccess);
    API_CHECK(JetAddColumn(s, t, "plain", &cd, NULL, 0, &F.plain), JET_errSuccess);
    escrow_col(s, t, "cnt", 0, 0, &F.cnt);
    escrow_col(s, t, "hits", 0, 100, &F.hits);
    escrow_col(s, t, "fin", JET_bitColumnFinalize, 1, &F.fin);
    API_CHECK(JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100), JET_errSuccess);
    for (int32_t id = 1; id <= 2; id++) {
        int32_t zero = 0;
        API_CHECK(JetPrepareUpdate(s, t, JET_prepInsert), JET_errSuccess);
        API_CHECK(JetSetColumn(s, t, F.id, &id, 4, 0, NULL), JET_errSuccess);
        API_CHECK(JetSetColumn(s, t, F.plain, &zero, 4, 0, NULL), JET_errSuccess);
        API_CHECK(JetUpdate(s, t, NULL, 0, NULL), JET_errSuccess);
    }
    API_CHECK(JetCloseTable(s, t), JET_errSuccess);
}

/* get -- the Long column col of row id as x sees it now. */
static int32_t get(struct ses *x, int32_t id, JET_COLUMNID col)
{
    int32_t v = -12345;
    uint32_t cb = 0;
    API_CHECK(seek(x, id), JET_errSuccess);
    API_CHECK(JetRetrieveColumn(x->s, x->t, col, &v, 4, &cb, 0, NULL), JET_errSuccess);
    cr_assert_eq(cb, 4);
    return v;
}

/* esc -- seek row id and add d to column col; *pold (may be NULL) gets the
 * value before. */
static JET_ERR esc(struct ses *x, int32_t id, JET_COLUMNID col, int32_t d, int32_t *pold,
                   JET_GRBIT grbit)
{
    int32_t old = -777;
    uint32_t cb = 0;
    JET_ERR err = seek(x, id);
    if (err < 0)
        return err;
    err = JetEscrowUpdate(x->s, x->t, col, &d, 4, &old, 4, &cb, grbit);
    if (err >= 0) {
        cr_assert_eq(cb, 4);
        if (pold)
            *pold = old;
    }
    return err;
}

/* replace -- set `plain` of row id through a prepared replace. */
static JET_ERR replace(struct ses *x, int32_t id, int32_t v, uint32_t prep)
{
    JET_ERR err = seek(x, id);
    if (err < 0 || (err = JetPrepareUpdate(x->s, x->t, prep)) < 0)
        return err;
    API_CHECK(JetSetColumn(x->s, x->t, F.plain, &v, 4, 0, NULL), JET_errSuccess);
    err = JetUpdate(x->s, x->t, NULL, 0, NULL);
    if (err < 0)
        API_CHECK(JetPrepareUpdate(x->s, x->t, JET_prepCancel), JET_errSuccess);
    return err;
}

#endif
