/*
 * test_ddl.c -- tables, columns and indexes through the public API: success
 * paths, the documented codes, bad handles. Only esent.h.
 */
#include "api_helpers.h"

static JET_INSTANCE inst;
static JET_SESID ses;
static JET_DBID dbid;

static void setup(void)
{
    inst = api_instance_new("ddl");
    ses = api_session_new(inst);
    API_CHECK(JetCreateDatabase(ses, "ddl.edb", NULL, &dbid, 0), JET_errSuccess);
}
static void teardown(void) { api_instance_term(inst); }

TestSuite(ddl, .init = setup, .fini = teardown);

static JET_TABLEID make_basic(const char *name)
{
    JET_COLUMNCREATE_A cols[3] = {
        {sizeof(JET_COLUMNCREATE_A), "id", JET_coltypLong, 0, 0, NULL, 0, 0, 0, 0},
        {sizeof(JET_COLUMNCREATE_A), "name", JET_coltypText, 0, 0, NULL, 0, 0, 0, 0},
        {sizeof(JET_COLUMNCREATE_A), "tags", JET_coltypLongText, 0, JET_bitColumnMultiValued, NULL, 0, 0, 0, 0},
    };
    JET_INDEXCREATE_A idx[1];
    memset(idx, 0, sizeof idx);
    idx[0].cbStruct = sizeof idx[0];
    idx[0].szIndexName = "pk";
    idx[0].szKey = "+id\0";
    idx[0].cbKey = 5;
    idx[0].grbit = JET_bitIndexPrimary;
    JET_TABLECREATE_A tc = {sizeof tc, (char *)name, NULL, 0, 0, cols, 3, idx, 1, 0, 0, 0};
    API_CHECK(JetCreateTableColumnIndex(ses, dbid, &tc), JET_errSuccess);
    cr_expect_eq(tc.cCreated, 5);
    cr_expect_eq(cols[0].columnid, 1);
    cr_expect_eq(cols[1].columnid, 128);
    cr_expect_eq(cols[2].columnid, 256);
    cr_expect_eq(cols[2].err, JET_errSuccess);
    cr_expect_eq(idx[0].err, JET_errSuccess);
    cr_expect_neq(tc.tableid, JET_tableidNil);
    return tc.tableid;
}

Test(ddl, create_table_and_delete)
{
    JET_TABLEID t, t2;
    API_CHECK(JetCreateTable(ses, dbid, "plain", 0, 0, &t), JET_errSuccess);
    API_CHECK(JetCreateTable(ses, dbid, "PLAIN", 0, 0, &t2), JET_errTableDuplicate);
    API_CHECK(JetCreateTable(ses, dbid, "a.b", 0, 0, &t2), JET_errInvalidName);
    API_CHECK(JetCreateTable(ses, dbid, "x", 0, 5, &t2), JET_errDensityInvalid);
    API_CHECK(JetCreateTable(ses, 0, "x", 0, 0, &t2), JET_errInvalidDatabaseId);
    API_CHECK(JetDeleteTable(ses, dbid, "plain"), JET_errTableInUse);
    API_CHECK(JetCloseTable(ses, t), JET_errSuccess);
    API_CHECK(JetDeleteTable(ses, dbid, "plain"), JET_errSuccess);
    API_CHECK(JetDeleteTable(ses, dbid, "plain"), JET_errObjectNotFound);
    API_CHECK(JetOpenTable(ses, dbid, "plain", NULL, 0, 0, &t), JET_errObjectNotFound);
}

/* JetOpenTable checks the name by the same rule as JetCreateTable (found by
 * the fuzzer: a leading space answered ObjectNotFound) and finds a table by
 * its normalized name (trailing spaces dropped). */
Test(ddl, open_table_checks_the_name_rule)
{
    JET_TABLEID t, t2;
    API_CHECK(JetCreateTable(ses, dbid, "named", 0, 0, &t), JET_errSuccess);
    API_CHECK(JetOpenTable(ses, dbid, " named", NULL, 0, 0, &t2), JET_errInvalidName);
    API_CHECK(JetOpenTable(ses, dbid, "na.med", NULL, 0, 0, &t2), JET_errInvalidName);
    API_CHECK(JetOpenTable(ses, dbid, "", NULL, 0, 0, &t2), JET_errInvalidName);
    API_CHECK(JetOpenTable(ses, dbid, "named  ", NULL, 0, 0, &t2), JET_errSuccess);
    API_CHECK(JetCloseTable(ses, t2), JET_errSuccess);
    API_CHECK(JetCloseTable(ses, t), JET_errSuccess);
    /* The database is checked first (ESE dispatches through it; found by
     * the fuzzer: a bad dbid with a bad name answered InvalidName). */
    API_CHECK(JetOpenTable(ses, dbid + 77, "na.med", NULL, 0, 0, &t2), JET_errInvalidDatabaseId);
    API_CHECK(JetOpenTable(ses, dbid + 77, NULL, NULL, 0, 0, &t2), JET_errInvalidDatabaseId);
}

Test(ddl, create_table_column_index_versions)
{
    JET_TABLEID t = make_basic("t1");
    API_CHECK(JetCloseTable(ses, t), JET_errSuccess);
    JET_COLUMNCREATE_A c = {sizeof c, "k", JET_coltypLongLong, 0, 0, NULL, 0, 0, 0, 0};
    JET_INDEXCREATE2_A x;
    memset(&x, 0, sizeof x);
    x.cbStruct = sizeof x;
    x.szIndexName = "ik";
    x.szKey = "-k\0";
    x.cbKey = 4;
    JET_TABLECREATE3_A tc3;
    memset(&tc3, 0, sizeof tc3);
    tc3.cbStruct = sizeof tc3;
    tc3.szTableName = "t3";
    tc3.rgcolumncreate = &c;
    tc3.cColumns = 1;
    tc3.rgindexcreate = &x;
    tc3.cIndexes = 1;
    API_CHECK(JetCreateTableColumnIndex3(ses, dbid, &tc3), JET_errSuccess);
    cr_expect_eq(tc3.cCreated, 3);
    API_CHECK(JetCloseTable(ses, tc3.tableid), JET_errSuccess);
    JET_TABLECREATE2_A tc2;
    memset(&tc2, 0, sizeof tc2);
    tc2.cbStruct = sizeof tc2;
    tc2.szTableName = "t2";
    tc2.szCallback = "cb";
    API_CHECK(JetCreateTableColumnIndex2(ses, dbid, &tc2), JET_errFeatureNotAvailable);
    tc2.szCallback = NULL;
    API_CHECK(JetCreateTableColumnIndex2(ses, dbid, &tc2), JET_errSuccess);
    API_CHECK(JetCloseTable(ses, tc2.tableid), JET_errSuccess);
    tc2.cbStruct = 3;
    API_CHECK(JetCreateTableColumnIndex2(ses, dbid, &tc2), JET_errInvalidParameter);
}

Test(ddl, create_table_reports_failing_column)
{
    JET_COLUMNCREATE_A cols[2] = {
        {sizeof(JET_COLUMNCREATE_A), "ok", JET_coltypLong, 0, 0, NULL, 0, 0, 0, 0},
        {sizeof(JET_COLUMNCREATE_A), "bad", JET_coltypLong, 0, JET_bitColumnMultiValued, NULL, 0, 0, 0, 0},
    };
    JET_TABLECREATE_A tc = {sizeof tc, "f", NULL, 0, 0, cols, 2, NULL, 0, 0, 0, 0};
    API_CHECK(JetCreateTableColumnIndex(ses, dbid, &tc), JET_errMultiValuedColumnMustBeTagged);
    cr_expect_eq(cols[0].err, JET_errSuccess);
    cr_expect_eq(cols[1].err, JET_errMultiValuedColumnMustBeTagged);
    cr_expect_eq(tc.tableid, JET_tableidNil);
    JET_TABLEID t;
    API_CHECK(JetOpenTable(ses, dbid, "f", NULL, 0, 0, &t), JET_errObjectNotFound);
}

Test(ddl, columns)
{
    JET_TABLEID t = make_basic("t");
    JET_COLUMNDEF def = {sizeof def, 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
    JET_COLUMNID id;
    int32_t dflt = 7;
    API_CHECK(JetAddColumn(ses, t, "n", &def, &dflt, sizeof dflt, &id), JET_errSuccess);
    cr_expect_eq(id, 2);
    API_CHECK(JetAddColumn(ses, t, "N", &def, NULL, 0, &id), JET_errColumnDuplicate);
    API_CHECK(JetAddColumn(ses, t, "d", &def, &dflt, 3, &id), JET_errInvalidBufferSize);
    def.coltyp = 0;
    API_CHECK(JetAddColumn(ses, t, "z", &def, NULL, 0, &id), JET_errInvalidColumnType);
    def.coltyp = JET_coltypLong;
    def.grbit = JET_bitColumnMultiValued;
    API_CHECK(JetAddColumn(ses, t, "z", &def, NULL, 0, &id), JET_errMultiValuedColumnMustBeTagged);
    def.grbit = JET_bitColumnTagged | JET_bitColumnFixed;
    API_CHECK(JetAddColumn(ses, t, "z", &def, NULL, 0, &id), JET_errInvalidGrbit);
    def.cbStruct = 1;
    API_CHECK(JetAddColumn(ses, t, "z", &def, NULL, 0, &id), JET_errInvalidParameter);
    API_CHECK(JetDeleteColumn(ses, t, "id"), JET_errColumnInUse);
    API_CHECK(JetDeleteColumn(ses, t, "n"), JET_errSuccess);
    API_CHECK(JetDeleteColumn2(ses, t, "n", 0), JET_errColumnNotFound);
    API_CHECK(JetDeleteColumn(ses, JET_tableidNil, "name"), JET_errInvalidTableId);
}

Test(ddl, indexes)
{
    JET_TABLEID t = make_basic("t");
    API_CHECK(JetCreateIndex(ses, t, "byname", 0, "+name\0", 7, 0), JET_errSuccess);
    API_CHECK(JetCreateIndex(ses, t, "byname", 0, "+name\0", 7, 0), JET_errIndexDuplicate);
    API_CHECK(JetCreateIndex(ses, t, "i2", 0, "+nope\0", 7, 0), JET_errColumnNotFound);
    API_CHECK(JetCreateIndex(ses, t, "i2", JET_bitIndexPrimary, "+name\0", 7, 0), JET_errIndexHasPrimary);
    API_CHECK(JetCreateIndex(ses, t, "i2", 0, "\0", 2, 0), JET_errIndexInvalidDef);
    JET_INDEXCREATE_A x[2];
    memset(x, 0, sizeof x);
    for (int i = 0; i < 2; i++) {
        x[i].cbStruct = sizeof x[i];
        x[i].cbKey = 7;
        x[i].szKey = "-name\0";
    }
    x[0].szIndexName = "n1";
    x[1].szIndexName = "n1";
    API_CHECK(JetCreateIndex2(ses, t, x, 2), JET_errIndexDuplicate);
    cr_expect_eq(x[1].err, JET_errIndexDuplicate);
    x[1].szIndexName = "n2";
    API_CHECK(JetCreateIndex2(ses, t, x, 2), JET_errSuccess);
    API_CHECK(JetDeleteIndex(ses, t, "pk"), JET_errIndexMustStay);
    API_CHECK(JetDeleteIndex(ses, t, "none"), JET_errIndexNotFound);
    API_CHECK(JetDeleteIndex(ses, t, "n1"), JET_errSuccess);
    API_CHECK(JetDeleteIndex(ses, t, "n1"), JET_errIndexNotFound);
}

/* ---- the creator's cursor at the quotas: a failed create creates nothing */

/* quota_instance -- an instance with the given cursor and open-table
 * quotas, a session and a database. */
static JET_INSTANCE quota_instance(long max_cursors, long max_tables, JET_SESID *ps, JET_DBID *pdb)
{
    JET_INSTANCE in = api_instance_create("ddl-quota");
    char path[64];
    API_CHECK(JetSetSystemParameter(&in, 0, JET_paramMaxCursors, max_cursors, NULL), JET_errSuccess);
    API_CHECK(JetSetSystemParameter(&in, 0, JET_paramMaxOpenTables, max_tables, NULL), JET_errSuccess);
    API_CHECK(JetInit(&in), JET_errSuccess);
    *ps = api_session_new(in);
    snprintf(path, sizeof path, "ddl-quota-%d.edb", (int)getpid());
    API_CHECK(JetCreateDatabase(*ps, path, NULL, pdb, 0), JET_errSuccess);
    return in;
}

/* expect_no_table -- name does not exist: it cannot be opened or deleted. */
static void expect_no_table(JET_SESID s, JET_DBID db, const char *name)
{
    JET_TABLEID t = 1;
    API_CHECK(JetOpenTable(s, db, name, NULL, 0, 0, &t), JET_errObjectNotFound);
    API_CHECK(JetDeleteTable(s, db, name), JET_errObjectNotFound);
}

/* create_ci -- JetCreateTableColumnIndex of a one-column, one-index table
 * named name; returns its result, *pt the tableid, *pcreated cCreated. */
static JET_ERR create_ci(JET_SESID s, JET_DBID db, const char *name, JET_TABLEID *pt, unsigned long *pcreated)
{
    JET_COLUMNCREATE_A col = {sizeof col, "id", JET_coltypLong, 0, 0, NULL, 0, 0, 0, 0};
    JET_INDEXCREATE_A ix;
    memset(&ix, 0, sizeof ix);
    ix.cbStruct = sizeof ix;
    ix.szIndexName = "pk";
    ix.szKey = "+id\0";
    ix.cbKey = 5;
    ix.grbit = JET_bitIndexPrimary;
    JET_TABLECREATE_A tc = {sizeof tc, (char *)name, NULL, 0, 0, &col, 1, &ix, 1, 0, 0, 0};
    JET_ERR e = JetCreateTableColumnIndex(s, db, &tc);
    *pt = tc.tableid;
    *pcreated = tc.cCreated;
    return e;
}

Test(ddl, create_table_at_max_cursors_creates_nothing)
{
    JET_SESID s;
    JET_DBID db;
    JET_INSTANCE in = quota_instance(2, 100, &s, &db);
    JET_TABLEID a, b, x = 1;
    unsigned long created = 99;
    API_CHECK(JetCreateTable(s, db, "a", 0, 100, &a), JET_errSuccess);
    API_CHECK(JetOpenTable(s, db, "a", NULL, 0, 0, &b), JET_errSuccess);
    /* Both cursors are in use. */
    API_CHECK(JetCreateTable(s, db, "n", 0, 100, &x), JET_errOutOfCursors);
    cr_expect_eq(x, JET_tableidNil);
    expect_no_table(s, db, "n");
    API_CHECK(create_ci(s, db, "n", &x, &created), JET_errOutOfCursors);
    cr_expect_eq(x, JET_tableidNil);
    cr_expect_eq(created, 0);
    expect_no_table(s, db, "n");
    /* The failures took nothing: with one cursor free the create succeeds
     * and its cursor is open (usable, and it holds the table). */
    API_CHECK(JetCloseTable(s, b), JET_errSuccess);
    API_CHECK(JetCreateTable(s, db, "n", 0, 100, &x), JET_errSuccess);
    API_CHECK(JetMove(s, x, JET_MoveFirst, 0), JET_errNoCurrentRecord);
    API_CHECK(JetDeleteTable(s, db, "n"), JET_errTableInUse);
    API_CHECK(JetOpenTable(s, db, "a", NULL, 0, 0, &b), JET_errOutOfCursors);
    API_CHECK(JetCloseTable(s, x), JET_errSuccess);
    API_CHECK(JetDeleteTable(s, db, "n"), JET_errSuccess);
    api_instance_term(in);
}

Test(ddl, create_table_at_max_open_tables_creates_nothing)
{
    JET_SESID s;
    JET_DBID db;
    JET_INSTANCE in = quota_instance(100, 2, &s, &db);
    JET_TABLEID a, b, c, x = 1;
    unsigned long created = 99;
    API_CHECK(JetCreateTable(s, db, "a", 0, 100, &a), JET_errSuccess);
    API_CHECK(JetCreateTable(s, db, "b", 0, 100, &b), JET_errSuccess);
    /* Every counted table has a cursor open: none can be purged. */
    API_CHECK(JetCreateTable(s, db, "n", 0, 100, &x), JET_errTooManyOpenTables);
    cr_expect_eq(x, JET_tableidNil);
    expect_no_table(s, db, "n");
    API_CHECK(create_ci(s, db, "n", &x, &created), JET_errTooManyOpenTables);
    cr_expect_eq(x, JET_tableidNil);
    cr_expect_eq(created, 0);
    expect_no_table(s, db, "n");
    /* The failures counted nothing: with b closed (purgeable), n can be
     * created, and then with a, n held the third table is refused again. */
    API_CHECK(JetCloseTable(s, b), JET_errSuccess);
    API_CHECK(create_ci(s, db, "n", &x, &created), JET_errSuccess);
    cr_expect_eq(created, 3);
    API_CHECK(JetMove(s, x, JET_MoveFirst, 0), JET_errNoCurrentRecord);
    API_CHECK(JetOpenTable(s, db, "b", NULL, 0, 0, &b), JET_errTooManyOpenTables);
    API_CHECK(JetCreateTable(s, db, "c", 0, 100, &c), JET_errTooManyOpenTables);
    expect_no_table(s, db, "c");
    API_CHECK(JetDeleteTable(s, db, "n"), JET_errTableInUse);
    API_CHECK(JetCloseTable(s, x), JET_errSuccess);
    API_CHECK(JetDeleteTable(s, db, "n"), JET_errSuccess);
    API_CHECK(JetCreateTable(s, db, "c", 0, 100, &c), JET_errSuccess);
    api_instance_term(in);
}

/* ---- uncommitted writes counted per thread (JetDeleteTable → TableInUse).
 * The engine counts a table's pending writes in per-thread shards: a write
 * counts on the writing thread's shard, its commit or rollback on the ending
 * thread's. These cases move transactions between threads so that the
 * shards disagree and only their sum is right. ---- */

#include <pthread.h>

struct pw_job {
    JET_SESID s;
    JET_DBID db;
    int op;         /* 0: begin, insert `rows` rows, close the cursor; 1: commit; 2: rollback */
    int rows;
    JET_ERR err;
};

#define PW_CTX 0x5157 /* the session context the transactions move with */

/* pw_step -- the job's step, on the calling thread. */
static JET_ERR pw_step(struct pw_job *j)
{
    JET_TABLEID t;
    JET_ERR err;
    if (j->op == 1)
        return JetCommitTransaction(j->s, 0);
    if (j->op == 2)
        return JetRollback(j->s, 0);
    if ((err = JetBeginTransaction(j->s)) < 0 ||
        (err = JetOpenTable(j->s, j->db, "pw", NULL, 0, 0, &t)) < 0)
        return err;
    for (int i = 0; i < j->rows && err >= 0; i++) {
        if ((err = JetPrepareUpdate(j->s, t, JET_prepInsert)) >= 0)
            err = JetUpdate(j->s, t, NULL, 0, NULL);
    }
    JET_ERR e = JetCloseTable(j->s, t);
    return err < 0 ? err : e;
}

/* pw_run -- the job's step on a thread of its own, under the session
 * context (a transaction moves between threads with its context). */
static void *pw_run(void *arg)
{
    struct pw_job *j = arg;
    if ((j->err = JetSetSessionContext(j->s, PW_CTX)) < 0)
        return NULL;
    j->err = pw_step(j);
    JET_ERR e = JetResetSessionContext(j->s);
    if (j->err >= 0)
        j->err = e;
    return NULL;
}

/* pw_on_thread -- run one step on a fresh thread and wait for it. */
static JET_ERR pw_on_thread(JET_SESID s, int op, int rows)
{
    struct pw_job j = {s, dbid, op, rows, 0};
    pthread_t th;
    cr_assert_eq(pthread_create(&th, NULL, pw_run, &j), 0);
    pthread_join(th, NULL);
    return j.err;
}

Test(ddl, delete_table_counts_pending_writes_across_threads)
{
    JET_TABLEID t;
    JET_SESID a = api_session_new(inst), b = api_session_new(inst);
    API_CHECK(JetOpenDatabase(a, "ddl.edb", NULL, &dbid, 0), JET_errSuccess);
    API_CHECK(JetOpenDatabase(b, "ddl.edb", NULL, &dbid, 0), JET_errSuccess);
    API_CHECK(JetCreateTable(ses, dbid, "pw", 0, 100, &t), JET_errSuccess);
    API_CHECK(JetCloseTable(ses, t), JET_errSuccess);
    /* a writes 3 rows on one thread, b 2 rows on another; no cursor stays open. */
    API_CHECK(pw_on_thread(a, 0, 3), JET_errSuccess);
    API_CHECK(pw_on_thread(b, 0, 2), JET_errSuccess);
    API_CHECK(JetDeleteTable(ses, dbid, "pw"), JET_errTableInUse);
    /* a commits on a third thread: its shard goes to -3, the writer's stays
     * at +3; b's 2 writes still pend. */
    API_CHECK(pw_on_thread(a, 1, 0), JET_errSuccess);
    API_CHECK(JetDeleteTable(ses, dbid, "pw"), JET_errTableInUse);
    /* a writes again and rolls back here, b still pending */
    API_CHECK(pw_on_thread(a, 0, 4), JET_errSuccess);
    API_CHECK(JetSetSessionContext(a, PW_CTX), JET_errSuccess);
    API_CHECK(JetRollback(a, 0), JET_errSuccess);
    API_CHECK(JetResetSessionContext(a), JET_errSuccess);
    API_CHECK(JetDeleteTable(ses, dbid, "pw"), JET_errTableInUse);
    /* b rolls back on yet another thread: nothing pends, the table goes */
    API_CHECK(pw_on_thread(b, 2, 0), JET_errSuccess);
    API_CHECK(JetDeleteTable(ses, dbid, "pw"), JET_errSuccess);
    API_CHECK(JetOpenTable(ses, dbid, "pw", NULL, 0, 0, &t), JET_errObjectNotFound);
    API_CHECK(JetEndSession(a, 0), JET_errSuccess);
    API_CHECK(JetEndSession(b, 0), JET_errSuccess);
}

Test(ddl, delete_table_waits_for_a_commit_on_another_thread)
{
    /* The committed rows stay (a commit ends the pending writes, it does not
     * remove them) and the table is deletable right after, from any thread. */
    JET_TABLEID t;
    JET_SESID a = api_session_new(inst);
    API_CHECK(JetOpenDatabase(a, "ddl.edb", NULL, &dbid, 0), JET_errSuccess);
    API_CHECK(JetCreateTable(ses, dbid, "pw", 0, 100, &t), JET_errSuccess);
    API_CHECK(JetCloseTable(ses, t), JET_errSuccess);
    for (int round = 0; round < 3; round++) {
        API_CHECK(pw_on_thread(a, 0, 5), JET_errSuccess);
        API_CHECK(JetDeleteTable(ses, dbid, "pw"), JET_errTableInUse);
        API_CHECK(pw_on_thread(a, 1, 0), JET_errSuccess);
    }
    API_CHECK(JetOpenTable(ses, dbid, "pw", NULL, 0, 0, &t), JET_errSuccess);
    int n = 0;
    for (JET_ERR e = JetMove(ses, t, JET_MoveFirst, 0); e == JET_errSuccess; e = JetMove(ses, t, JET_MoveNext, 0))
        n++;
    cr_expect_eq(n, 15);
    API_CHECK(JetCloseTable(ses, t), JET_errSuccess);
    API_CHECK(JetDeleteTable(ses, dbid, "pw"), JET_errSuccess);
    API_CHECK(JetEndSession(a, 0), JET_errSuccess);
}
