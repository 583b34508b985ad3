/*
 * test_cursor.c -- JetOpenTable, JetCloseTable, JetDupCursor,
 * JetSetCurrentIndex/2, JetGetCurrentIndex, JetMove (every case),
 * JetGetBookmark/JetGotoBookmark, JetIndexRecordCount, cursor handles
 * (bad, stale, other session's), quotas, and cursors closed by rollback and
 * by JetEndSession. Only esent.h.
 */
#include "table_fixture.h"


Test(cursor, open_unknown_table_and_bad_args)
{
    struct fx f;
    fx_open(&f, "cur-open");
    JET_TABLEID t = 0;
    API_CHECK(JetOpenTable(f.ses, f.db, "nope", NULL, 0, 0, &t), JET_errObjectNotFound);
    cr_expect_eq(t, JET_tableidNil);
    API_CHECK(JetOpenTable(f.ses, f.db, "t", NULL, 0, 0, NULL), JET_errInvalidParameter);
    API_CHECK(JetOpenTable(f.ses, 42, "t", NULL, 0, 0, &t), JET_errInvalidDatabaseId);
    API_CHECK(JetOpenTable(JET_sesidNil, f.db, "t", NULL, 0, 0, &t), JET_errInvalidSesid);
    fx_close(&f);
}

Test(cursor, bad_stale_and_foreign_handles)
{
    struct fx f;
    fx_open(&f, "cur-hnd");
    API_CHECK(JetMove(f.ses, 0, JET_MoveFirst, 0), JET_errInvalidTableId);
    API_CHECK(JetMove(f.ses, JET_tableidNil, JET_MoveFirst, 0), JET_errInvalidTableId);
    API_CHECK(JetMove(f.ses, f.tab ^ 0x5a5a000000ull, JET_MoveFirst, 0), JET_errInvalidTableId);
    JET_SESID other = api_session_new(f.inst);
    API_CHECK(JetMove(other, f.tab, JET_MoveFirst, 0), JET_errSesidTableIdMismatch);
    JET_TABLEID dead = f.tab;
    API_CHECK(JetCloseTable(f.ses, dead), JET_errSuccess);
    API_CHECK(JetCloseTable(f.ses, dead), JET_errInvalidTableId);
    API_CHECK(JetMove(f.ses, dead, JET_MoveFirst, 0), JET_errInvalidTableId);
    /* A new cursor reusing the slot does not revive the old handle. */
    API_CHECK(JetOpenTable(f.ses, f.db, "t", NULL, 0, 0, &f.tab), JET_errSuccess);
    cr_expect_neq(f.tab, dead);
    API_CHECK(JetMove(f.ses, dead, JET_MoveFirst, 0), JET_errInvalidTableId);
    fx_close(&f);
}

Test(cursor, move_on_empty_table)
{
    struct fx f;
    fx_open(&f, "cur-empty");
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveFirst, 0), JET_errNoCurrentRecord);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveLast, 0), JET_errNoCurrentRecord);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveNext, 0), JET_errNoCurrentRecord);
    API_CHECK(JetMove(f.ses, f.tab, JET_MovePrevious, 0), JET_errNoCurrentRecord);
    API_CHECK(JetMove(f.ses, f.tab, 0, 0), JET_errNoCurrentRecord);
    uint32_t n = 99;
    API_CHECK(JetIndexRecordCount(f.ses, f.tab, &n, 0), JET_errSuccess);
    cr_expect_eq(n, 0);
    fx_close(&f);
}

Test(cursor, move_every_case)
{
    struct fx f;
    fx_open(&f, "cur-move");
    for (int i = 1; i <= 10; i++)
        API_CHECK(fx_insert(&f, i * 10, "n", i), JET_errSuccess);
    /* After open: before the first record. */
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveNext, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 10);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveLast, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 100);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveNext, 0), JET_errNoCurrentRecord);
    API_CHECK(JetMove(f.ses, f.tab, JET_MovePrevious, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 100, "after the end, Previous gives the last record");
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveFirst, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 10);
    API_CHECK(JetMove(f.ses, f.tab, JET_MovePrevious, 0), JET_errNoCurrentRecord);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveNext, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 10, "before the start, Next gives the first record");
    API_CHECK(JetMove(f.ses, f.tab, 3, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 40);
    API_CHECK(JetMove(f.ses, f.tab, -2, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 20);
    API_CHECK(JetMove(f.ses, f.tab, 0, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 20);
    API_CHECK(JetMove(f.ses, f.tab, 100, 0), JET_errNoCurrentRecord);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveFirst, 0x100), JET_errInvalidGrbit);
    uint32_t n = 0;
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveFirst, 0), JET_errSuccess);
    API_CHECK(JetIndexRecordCount(f.ses, f.tab, &n, 0), JET_errSuccess);
    cr_expect_eq(n, 10);
    API_CHECK(JetIndexRecordCount(f.ses, f.tab, &n, 4), JET_errSuccess);
    cr_expect_eq(n, 4);
    API_CHECK(JetMove(f.ses, f.tab, 7, 0), JET_errSuccess);
    API_CHECK(JetIndexRecordCount(f.ses, f.tab, &n, 0), JET_errSuccess);
    cr_expect_eq(n, 3, "counts from the current record");
    fx_close(&f);
}

Test(cursor, secondary_index_order_and_keyne)
{
    struct fx f;
    fx_open(&f, "cur-sec");
    API_CHECK(fx_insert(&f, 1, "b", 100), JET_errSuccess);
    API_CHECK(fx_insert(&f, 2, "a", 200), JET_errSuccess);
    API_CHECK(fx_insert(&f, 3, "b", 300), JET_errSuccess);
    API_CHECK(fx_insert(&f, 4, "c", 400), JET_errSuccess);
    API_CHECK(fx_insert(&f, 5, NULL, 500), JET_errSuccess);
    API_CHECK(JetSetCurrentIndex(f.ses, f.tab, "byname"), JET_errSuccess);
    char nm[16];
    API_CHECK(JetGetCurrentIndex(f.ses, f.tab, nm, sizeof nm), JET_errSuccess);
    cr_expect_str_eq(nm, "byname");
    int32_t want[] = {5, 2, 1, 3, 4}; /* NULL first, then a, b (by id), c */
    for (int i = 0; i < 5; i++) {
        cr_expect_eq(fx_cur_id(&f), want[i], "position %d", i);
        API_CHECK(JetMove(f.ses, f.tab, JET_MoveNext, 0), i < 4 ? JET_errSuccess : JET_errNoCurrentRecord);
    }
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveFirst, 0), JET_errSuccess);
    API_CHECK(JetMove(f.ses, f.tab, 2, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 1);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveNext, JET_bitMoveKeyNE), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 4, "KeyNE skips the other 'b'");
    /* descending unique index on val */
    API_CHECK(JetSetCurrentIndex2(f.ses, f.tab, "byval", JET_bitNoMove), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 4, "NoMove keeps the record");
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveFirst, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 5);
    API_CHECK(JetSetCurrentIndex(f.ses, f.tab, NULL), JET_errSuccess);
    API_CHECK(JetGetCurrentIndex(f.ses, f.tab, nm, sizeof nm), JET_errSuccess);
    cr_expect_str_eq(nm, "pk");
    cr_expect_eq(fx_cur_id(&f), 1);
    API_CHECK(JetGetCurrentIndex(f.ses, f.tab, nm, 2), JET_wrnBufferTruncated);
    API_CHECK(JetSetCurrentIndex(f.ses, f.tab, "nosuch"), JET_errIndexNotFound);
    API_CHECK(JetSetCurrentIndex2(f.ses, f.tab, "byval", 0x40), JET_errInvalidGrbit);
    fx_close(&f);
}

Test(cursor, bookmarks)
{
    struct fx f;
    fx_open(&f, "cur-bm");
    unsigned char bm[64];
    uint32_t cb = 0;
    API_CHECK(JetGetBookmark(f.ses, f.tab, bm, sizeof bm, &cb), JET_errNoCurrentRecord);
    for (int i = 1; i <= 5; i++)
        API_CHECK(fx_insert(&f, i, "x", i), JET_errSuccess);
    API_CHECK(fx_seek(&f, 3, JET_bitSeekEQ), JET_errSuccess);
    API_CHECK(JetGetBookmark(f.ses, f.tab, bm, sizeof bm, &cb), JET_errSuccess);
    cr_expect_gt(cb, 0);
    uint32_t need = 0;
    API_CHECK(JetGetBookmark(f.ses, f.tab, bm, 1, &need), JET_errBufferTooSmall);
    cr_expect_eq(need, cb);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveLast, 0), JET_errSuccess);
    API_CHECK(JetGotoBookmark(f.ses, f.tab, bm, cb), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 3);
    /* Through a secondary index the bookmark is still the primary key. */
    API_CHECK(JetSetCurrentIndex(f.ses, f.tab, "byval"), JET_errSuccess);
    API_CHECK(JetGotoBookmark(f.ses, f.tab, bm, cb), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 3);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveNext, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 2, "byval is descending");
    API_CHECK(JetGotoBookmark(f.ses, f.tab, bm, cb), JET_errSuccess);
    API_CHECK(JetDelete(f.ses, f.tab), JET_errSuccess);
    API_CHECK(JetGotoBookmark(f.ses, f.tab, bm, cb), JET_errRecordDeleted);
    API_CHECK(JetGotoBookmark(f.ses, f.tab, NULL, 0), JET_errInvalidBookmark);
    fx_close(&f);
}

Test(cursor, dup_cursor_is_independent)
{
    struct fx f;
    fx_open(&f, "cur-dup");
    for (int i = 1; i <= 3; i++)
        API_CHECK(fx_insert(&f, i, "x", i), JET_errSuccess);
    API_CHECK(JetSetCurrentIndex(f.ses, f.tab, "byval"), JET_errSuccess);
    JET_TABLEID d;
    API_CHECK(JetDupCursor(f.ses, f.tab, &d, 0), JET_errSuccess);
    char nm[16];
    API_CHECK(JetGetCurrentIndex(f.ses, d, nm, sizeof nm), JET_errSuccess);
    cr_expect_str_eq(nm, "byval");
    API_CHECK(JetMove(f.ses, d, JET_MoveLast, 0), JET_errSuccess);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveFirst, 0), JET_errSuccess);
    int32_t a = 0, b = 0;
    API_CHECK(JetRetrieveColumn(f.ses, d, f.id, &a, 4, NULL, 0, NULL), JET_errSuccess);
    API_CHECK(JetRetrieveColumn(f.ses, f.tab, f.id, &b, 4, NULL, 0, NULL), JET_errSuccess);
    cr_expect_eq(a, 1);
    cr_expect_eq(b, 3);
    API_CHECK(JetDupCursor(f.ses, f.tab, NULL, 0), JET_errInvalidParameter);
    API_CHECK(JetCloseTable(f.ses, d), JET_errSuccess);
    fx_close(&f);
}

Test(cursor, closed_by_rollback_and_end_session)
{
    struct fx f;
    fx_open(&f, "cur-rb");
    JET_TABLEID in_txn, outer = f.tab;
    API_CHECK(JetBeginTransaction(f.ses), JET_errSuccess);
    API_CHECK(JetOpenTable(f.ses, f.db, "t", NULL, 0, 0, &in_txn), JET_errSuccess);
    API_CHECK(JetRollback(f.ses, 0), JET_errSuccess);
    API_CHECK(JetMove(f.ses, in_txn, JET_MoveFirst, 0), JET_errInvalidTableId);
    API_CHECK(JetMove(f.ses, outer, JET_MoveFirst, 0), JET_errNoCurrentRecord);
    /* committed: the cursor survives */
    API_CHECK(JetBeginTransaction(f.ses), JET_errSuccess);
    API_CHECK(JetOpenTable(f.ses, f.db, "t", NULL, 0, 0, &in_txn), JET_errSuccess);
    API_CHECK(JetCommitTransaction(f.ses, 0), JET_errSuccess);
    API_CHECK(JetMove(f.ses, in_txn, JET_MoveFirst, 0), JET_errNoCurrentRecord);
    /* JetEndSession closes every cursor; a new session cannot use them. */
    API_CHECK(JetEndSession(f.ses, 0), JET_errSuccess);
    JET_SESID s2 = api_session_new(f.inst);
    API_CHECK(JetMove(s2, outer, JET_MoveFirst, 0), JET_errInvalidTableId);
    API_CHECK(JetMove(s2, in_txn, JET_MoveFirst, 0), JET_errInvalidTableId);
    fx_close(&f);
}

Test(cursor, max_cursors_and_open_tables)
{
    JET_INSTANCE inst = api_instance_create("cur-quota");
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxCursors, 3, NULL), JET_errSuccess);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxOpenTables, 2, NULL), JET_errSuccess);
    API_CHECK(JetInit(&inst), JET_errSuccess);
    JET_SESID s = api_session_new(inst);
    JET_DBID db;
    char path[64];
    snprintf(path, sizeof path, "quota-%d.edb", (int)getpid());
    API_CHECK(JetCreateDatabase(s, path, NULL, &db, 0), JET_errSuccess);
    JET_TABLEID a, b, c, d;
    API_CHECK(JetCreateTable(s, db, "a", 0, 100, &a), JET_errSuccess);
    API_CHECK(JetCreateTable(s, db, "b", 0, 100, &b), JET_errSuccess);
    API_CHECK(JetCreateTable(s, db, "c", 0, 100, &c), JET_errTooManyOpenTables);
    API_CHECK(JetCloseTable(s, b), JET_errSuccess);
    API_CHECK(JetCreateTable(s, db, "c", 0, 100, &c), JET_errSuccess);
    API_CHECK(JetOpenTable(s, db, "a", NULL, 0, 0, &d), JET_errSuccess);
    API_CHECK(JetOpenTable(s, db, "a", NULL, 0, 0, &b), JET_errOutOfCursors);
    API_CHECK(JetCloseTable(s, d), JET_errSuccess);
    API_CHECK(JetOpenTable(s, db, "a", NULL, 0, 0, &d), JET_errSuccess);
    api_instance_term(inst);
}

/* ---- quotas and table counts across threads ----------------------------- */

struct quota_thr {
    JET_SESID ses;      /* [imm] the session the thread uses */
    JET_DBID db;        /* [imm] */
    JET_TABLEID tab;    /* in: a cursor to close (or JET_tableidNil); out: one opened */
    const char *name;   /* [imm] the table, NULL = "a" */
    int n;              /* [imm] cursors to open and close first */
    JET_ERR err;        /* out: first failure, else 0 */
};

/* quota_worker -- open n cursors on "a" and close them all (leaving cursor
 * credits in this thread's cache), then close in->tab (opened by another
 * thread: its count is taken back from this thread's shard) or open one. */
static void *quota_worker(void *arg)
{
    struct quota_thr *q = arg;
    JET_TABLEID t[64];
    const char *name = q->name ? q->name : "a";
    q->err = JET_errSuccess;
    for (int i = 0; i < q->n && q->err == 0; i++)
        q->err = JetOpenTable(q->ses, q->db, name, NULL, 0, 0, &t[i]);
    for (int i = 0; i < q->n && q->err == 0; i++)
        q->err = JetCloseTable(q->ses, t[i]);
    if (q->err == 0) {
        if (q->tab != JET_tableidNil) {
            q->err = JetCloseTable(q->ses, q->tab);
            q->tab = JET_tableidNil;
        } else {
            q->err = JetOpenTable(q->ses, q->db, name, NULL, 0, 0, &q->tab);
        }
    }
    return NULL;
}

static void run_quota_worker(struct quota_thr *q)
{
    pthread_t th;
    cr_assert_eq(pthread_create(&th, NULL, quota_worker, q), 0);
    cr_assert_eq(pthread_join(th, NULL), 0);
    cr_assert_eq(q->err, JET_errSuccess, "worker: %d", (int)q->err);
}

Test(cursor, max_cursors_exact_with_credits_cached_by_other_threads)
{
    enum { MAX = 40 };
    JET_INSTANCE inst = api_instance_create("cur-credits");
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxCursors, MAX, NULL), JET_errSuccess);
    API_CHECK(JetInit(&inst), JET_errSuccess);
    JET_SESID s = api_session_new(inst), s2 = api_session_new(inst);
    JET_DBID db, db2;
    char path[64];
    snprintf(path, sizeof path, "credits-%d.edb", (int)getpid());
    API_CHECK(JetCreateDatabase(s, path, NULL, &db, 0), JET_errSuccess);
    API_CHECK(JetOpenDatabase(s2, path, NULL, &db2, 0), JET_errSuccess);
    JET_TABLEID t[MAX + 1];
    API_CHECK(JetCreateTable(s, db, "a", 0, 100, &t[0]), JET_errSuccess);
    API_CHECK(JetCloseTable(s, t[0]), JET_errSuccess);
    /* Two other threads leave credits in their caches. */
    for (int k = 0; k < 2; k++) {
        struct quota_thr q = {.ses = s2, .db = db2, .tab = JET_tableidNil, .n = 30};
        run_quota_worker(&q);
        API_CHECK(JetCloseTable(s2, q.tab), JET_errSuccess);
    }
    /* This thread still gets exactly MAX cursors (stealing them back)... */
    for (int i = 0; i < MAX; i++)
        API_CHECK(JetOpenTable(s, db, "a", NULL, 0, 0, &t[i]), JET_errSuccess);
    /* ... and not one more, from any thread, cursor or temp table. */
    API_CHECK(JetOpenTable(s, db, "a", NULL, 0, 0, &t[MAX]), JET_errOutOfCursors);
    JET_COLUMNDEF cd = {sizeof cd, 0, JET_coltypLong, 0, 0, 0, 0, 0, JET_bitColumnTTKey};
    JET_COLUMNID ids[1];
    JET_TABLEID tt;
    API_CHECK(JetOpenTempTable(s, &cd, 1, 0, &tt, ids), JET_errOutOfCursors);
    struct quota_thr q = {.ses = s2, .db = db2, .tab = JET_tableidNil, .n = 0};
    pthread_t th;
    cr_assert_eq(pthread_create(&th, NULL, quota_worker, &q), 0);
    cr_assert_eq(pthread_join(th, NULL), 0);
    cr_expect_eq(q.err, JET_errOutOfCursors);
    /* One close makes room for exactly one. */
    API_CHECK(JetCloseTable(s, t[0]), JET_errSuccess);
    API_CHECK(JetOpenTempTable(s, &cd, 1, 0, &tt, ids), JET_errSuccess);
    API_CHECK(JetOpenTable(s, db, "a", NULL, 0, 0, &t[0]), JET_errOutOfCursors);
    API_CHECK(JetCloseTable(s, tt), JET_errSuccess);
    API_CHECK(JetOpenTable(s, db, "a", NULL, 0, 0, &t[0]), JET_errSuccess);
    api_instance_term(inst);
}

Test(cursor, delete_table_sums_counts_of_every_thread)
{
    struct fx f;
    fx_open(&f, "cur-shards");
    API_CHECK(JetCloseTable(f.ses, f.tab), JET_errSuccess);
    JET_SESID s2 = api_session_new(f.inst);
    JET_DBID db2;
    char path[128];
    snprintf(path, sizeof path, "%s-%d.edb", "cur-shards", (int)getpid());
    API_CHECK(JetOpenDatabase(s2, path, NULL, &db2, 0), JET_errSuccess);
    JET_TABLEID mine;
    /* A cursor opened here and closed by another thread: its +1 and -1
     * land in different shards, and the sum is 0 again. */
    API_CHECK(JetOpenTable(s2, db2, "t", NULL, 0, 0, &mine), JET_errSuccess);
    struct quota_thr q = {.ses = s2, .db = db2, .tab = mine, .name = "t", .n = 3};
    run_quota_worker(&q);
    /* A cursor opened by another thread keeps the table in use here. */
    q.tab = JET_tableidNil;
    run_quota_worker(&q);
    API_CHECK(JetDeleteTable(f.ses, f.db, "t"), JET_errTableInUse);
    API_CHECK(JetCloseTable(s2, q.tab), JET_errSuccess);
    API_CHECK(JetDeleteTable(f.ses, f.db, "t"), JET_errSuccess);
    API_CHECK(JetOpenTable(s2, db2, "t", NULL, 0, 0, &mine), JET_errObjectNotFound);
    fx_close(&f);
}

Test(cursor, open_tables_purges_tables_without_cursors)
{
    JET_INSTANCE inst = api_instance_create("cur-purge");
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxOpenTables, 2, NULL), JET_errSuccess);
    API_CHECK(JetInit(&inst), JET_errSuccess);
    JET_SESID s = api_session_new(inst);
    JET_DBID db;
    char path[64];
    snprintf(path, sizeof path, "purge-%d.edb", (int)getpid());
    API_CHECK(JetCreateDatabase(s, path, NULL, &db, 0), JET_errSuccess);
    JET_TABLEID a, b, c;
    API_CHECK(JetCreateTable(s, db, "a", 0, 100, &a), JET_errSuccess);
    API_CHECK(JetCreateTable(s, db, "b", 0, 100, &b), JET_errSuccess);
    API_CHECK(JetCloseTable(s, a), JET_errSuccess);
    API_CHECK(JetCloseTable(s, b), JET_errSuccess);
    /* a and b stay counted with no cursor: c purges one of them. */
    API_CHECK(JetCreateTable(s, db, "c", 0, 100, &c), JET_errSuccess);
    API_CHECK(JetOpenTable(s, db, "a", NULL, 0, 0, &a), JET_errSuccess);
    /* a and c have cursors: b cannot be opened, deleting c makes room. */
    API_CHECK(JetOpenTable(s, db, "b", NULL, 0, 0, &b), JET_errTooManyOpenTables);
    API_CHECK(JetCloseTable(s, c), JET_errSuccess);
    API_CHECK(JetDeleteTable(s, db, "c"), JET_errSuccess);
    API_CHECK(JetOpenTable(s, db, "b", NULL, 0, 0, &b), JET_errSuccess);
    API_CHECK(JetOpenTable(s, db, "a", NULL, 0, 0, &c), JET_errSuccess); /* a is counted once */
    api_instance_term(inst);
}
