/*
 * test_lost_update.c -- concurrent read-modify-write increments of one
 * counter (and of a few counters at once) in transactions that retry on
 * JET_errWriteConflict: the final counts are exact, so no increment was
 * lost. Only esent.h.
 */
#include <stdatomic.h>

#include "api_helpers.h"

#define THREADS 4
#define INCS 2000
#define COUNTERS 3

static JET_INSTANCE g_inst;
static char g_path[128];
static JET_COLUMNID g_id, g_val;
static _Atomic long g_conflicts;
static pthread_barrier_t g_go; /* all workers start together */

struct worker {
    int multi;      /* increment every counter in one transaction */
    JET_ERR bad;    /* first unexpected code */
};

/* incr -- one read-modify-write of counter id in the open transaction. */
static JET_ERR incr(JET_SESID s, JET_TABLEID t, int32_t id)
{
    int64_t v;
    JET_ERR err;
    if ((err = JetMakeKey(s, t, &id, 4, JET_bitNewKey)) < 0 || (err = JetSeek(s, t, JET_bitSeekEQ)) < 0 ||
        (err = JetRetrieveColumn(s, t, g_val, &v, 8, NULL, 0, NULL)) < 0)
        return err;
    if ((err = JetPrepareUpdate(s, t, JET_prepReplaceNoLock)) < 0)
        return err;
    v++;
    JetSetColumn(s, t, g_val, &v, 8, 0, NULL);
    err = JetUpdate(s, t, NULL, 0, NULL);
    if (err < 0)
        JetPrepareUpdate(s, t, JET_prepCancel);
    return err;
}

static void *run(void *arg)
{
    struct worker *w = arg;
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    if (JetBeginSession(g_inst, &s, NULL, NULL) < 0 || JetOpenDatabase(s, g_path, NULL, &db, 0) < 0 ||
        JetOpenTable(s, db, "c", NULL, 0, 0, &t) < 0) {
        w->bad = -1;
    }
    pthread_barrier_wait(&g_go);
    if (w->bad)
        return NULL;
    for (int i = 0; i < INCS && !w->bad;) {
        JET_ERR err = JetBeginTransaction(s);
        for (int32_t c = 0; err >= 0 && c < (w->multi ? COUNTERS : 1); c++)
            err = incr(s, t, w->multi ? (c + i) % COUNTERS : 0);
        if (err >= 0)
            err = JetCommitTransaction(s, 0);
        if (err >= 0) {
            i++;
            continue;
        }
        JetRollback(s, 0);
        if (err != JET_errWriteConflict)
            w->bad = err;
        atomic_fetch_add(&g_conflicts, 1);
    }
    JetEndSession(s, 0);
    return NULL;
}

static int64_t value(JET_SESID s, JET_TABLEID t, int32_t id)
{
    int64_t v = -1;
    API_CHECK(JetMakeKey(s, t, &id, 4, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSeek(s, t, JET_bitSeekEQ), JET_errSuccess);
    API_CHECK(JetRetrieveColumn(s, t, g_val, &v, 8, NULL, 0, NULL), JET_errSuccess);
    return v;
}

static void setup(JET_SESID *ps, JET_TABLEID *pt)
{
    JET_DBID db;
    g_inst = api_instance_new("lost-update");
    *ps = api_session_new(g_inst);
    snprintf(g_path, sizeof g_path, "lost-%d.edb", (int)getpid());
    API_CHECK(JetCreateDatabase(*ps, g_path, NULL, &db, 0), JET_errSuccess);
    API_CHECK(JetCreateTable(*ps, db, "c", 0, 100, pt), JET_errSuccess);
    JET_COLUMNDEF cd = {sizeof(cd), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
    API_CHECK(JetAddColumn(*ps, *pt, "id", &cd, NULL, 0, &g_id), JET_errSuccess);
    cd.coltyp = JET_coltypLongLong;
    API_CHECK(JetAddColumn(*ps, *pt, "val", &cd, NULL, 0, &g_val), JET_errSuccess);
    API_CHECK(JetCreateIndex(*ps, *pt, "pk", JET_bitIndexPrimary, "+id\0", 5, 100), JET_errSuccess);
    API_CHECK(JetCloseTable(*ps, *pt), JET_errSuccess);
    API_CHECK(JetOpenTable(*ps, db, "c", NULL, 0, 0, pt), JET_errSuccess);
    for (int32_t id = 0; id < COUNTERS; id++) {
        int64_t zero = 0;
        API_CHECK(JetPrepareUpdate(*ps, *pt, JET_prepInsert), JET_errSuccess);
        API_CHECK(JetSetColumn(*ps, *pt, g_id, &id, 4, 0, NULL), JET_errSuccess);
        API_CHECK(JetSetColumn(*ps, *pt, g_val, &zero, 8, 0, NULL), JET_errSuccess);
        API_CHECK(JetUpdate(*ps, *pt, NULL, 0, NULL), JET_errSuccess);
    }
}

static void race(int multi)
{
    JET_SESID s;
    JET_TABLEID t;
    setup(&s, &t);
    struct worker w[THREADS];
    pthread_t th[THREADS];
    pthread_barrier_init(&g_go, NULL, THREADS);
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){.multi = multi};
        cr_assert_eq(pthread_create(&th[i], NULL, run, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        API_EXPECT_ERR(w[i].bad, 0, "only WriteConflict may fail a transaction");
    }
    if (multi)
        for (int32_t id = 0; id < COUNTERS; id++)
            cr_assert_eq(value(s, t, id), THREADS * INCS, "counter %d", id);
    else
        cr_assert_eq(value(s, t, 0), THREADS * INCS);
    cr_log_info("%ld conflicts retried", atomic_load(&g_conflicts));
    pthread_barrier_destroy(&g_go);
    api_instance_term(g_inst);
}

Test(lost_update, one_counter_exact) { race(0); }
Test(lost_update, several_counters_per_transaction_exact) { race(1); }
