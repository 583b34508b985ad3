/*
 * bank_transfer.c -- the version store's invariant stress (TSan in CI).
 * Transfer threads move money between ACCOUNTS accounts in transactions
 * with random nested levels, random rollbacks of the inner level (the
 * transfer done in it disappears), random JetEndSession with the
 * transaction open (everything disappears) and retries on WriteConflict;
 * each committed transfer also bumps its source account's counter. Reader
 * threads sum the balances in snapshot transactions (through the primary
 * and a secondary index) and must always find the initial total. At the
 * end the total is exact and the counters add up to the number of
 * transfers the threads saw commit.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "esent.h"
#include "stress_util.h"

#define ACCOUNTS 16
#define INITIAL 1000
#define WRITERS 3
#define READERS 2
#define RUN_MS 3000

static JET_INSTANCE g_inst;
static char g_path[64];
static JET_COLUMNID g_id, g_bal, g_n;
static _Atomic int g_stop;
static _Atomic int g_bad;            /* first unexpected code or broken invariant */
static _Atomic long g_committed, g_conflicts, g_ended, g_inner_rollbacks, g_audits;

static void bad(int code) { stress_flag(&g_bad, code); }

struct conn {
    JET_SESID s;
    JET_TABLEID t;
    uint64_t rng;
};

static uint32_t rnd(struct conn *c) { return stress_rnd(&c->rng); }

static int connect(struct conn *c)
{
    return stress_connect(g_inst, g_path, "acct", &c->s, &c->t);
}

/* add -- balance of account id += d (and its counter += dn). */
static JET_ERR add(struct conn *c, int32_t id, int64_t d, int64_t dn)
{
    int64_t bal, n;
    JET_ERR err;
    if ((err = JetMakeKey(c->s, c->t, &id, 4, JET_bitNewKey)) < 0 ||
        (err = JetSeek(c->s, c->t, JET_bitSeekEQ)) < 0 ||
        (err = JetPrepareUpdate(c->s, c->t, JET_prepReplace)) < 0)
        return err;
    if ((err = JetRetrieveColumn(c->s, c->t, g_bal, &bal, 8, NULL, JET_bitRetrieveCopy, NULL)) < 0 ||
        (err = JetRetrieveColumn(c->s, c->t, g_n, &n, 8, NULL, JET_bitRetrieveCopy, NULL)) < 0)
        goto cancel;
    bal += d;
    n += dn;
    JetSetColumn(c->s, c->t, g_bal, &bal, 8, 0, NULL);
    JetSetColumn(c->s, c->t, g_n, &n, 8, 0, NULL);
    if ((err = JetUpdate(c->s, c->t, NULL, 0, NULL)) >= 0)
        return err;
cancel:
    JetPrepareUpdate(c->s, c->t, JET_prepCancel);
    return err;
}

/* transfer -- move x from a to b at the current level. */
static JET_ERR transfer(struct conn *c)
{
    int32_t a = (int32_t)(rnd(c) % ACCOUNTS), b = (int32_t)(rnd(c) % ACCOUNTS);
    int64_t x = 1 + rnd(c) % 50;
    JET_ERR err = add(c, a, -x, 1);
    return err < 0 ? err : add(c, b, x, 0);
}

static void *writer(void *arg)
{
    struct conn *c = arg;
    if (!connect(c))
        return bad(-2), NULL;
    while (!atomic_load_explicit(&g_stop, memory_order_relaxed)) {
        uint32_t plan = rnd(c) % 16;
        JET_ERR err = JetBeginTransaction(c->s);
        long done = 0; /* transfers that will commit with this transaction */
        if (err >= 0 && (err = transfer(c)) >= 0)
            done = 1;
        if (err >= 0 && plan < 6) { /* a nested level with a second transfer */
            err = JetBeginTransaction(c->s);
            if (err >= 0 && (err = transfer(c)) >= 0) {
                if (plan < 3) {
                    err = JetRollback(c->s, 0); /* undo just the inner transfer */
                    atomic_fetch_add(&g_inner_rollbacks, 1);
                } else {
                    err = JetCommitTransaction(c->s, 0);
                    done++;
                }
            }
        }
        if (err >= 0 && plan == 15) { /* walk away with the transaction open */
            if (JetEndSession(c->s, 0) < 0 || !connect(c))
                return bad(-3), NULL;
            atomic_fetch_add(&g_ended, 1);
            continue;
        }
        if (err >= 0)
            err = JetCommitTransaction(c->s, 0);
        if (err >= 0) {
            atomic_fetch_add(&g_committed, done);
            continue;
        }
        if (err != JET_errWriteConflict)
            bad(err);
        atomic_fetch_add(&g_conflicts, 1);
        if (JetRollback(c->s, JET_bitRollbackAll) < 0)
            bad(-4);
    }
    JetEndSession(c->s, 0);
    return NULL;
}

/* audit -- sum of balances and counters through index ix. */
static int audit(struct conn *c, const char *ix, int64_t *pbal, int64_t *pn)
{
    int rows = 0;
    *pbal = *pn = 0;
    if (JetSetCurrentIndex(c->s, c->t, ix) < 0)
        return -1;
    for (JET_ERR e = JetMove(c->s, c->t, JET_MoveFirst, 0); e == JET_errSuccess;
         e = JetMove(c->s, c->t, JET_MoveNext, 0)) {
        int64_t bal, n;
        if (JetRetrieveColumn(c->s, c->t, g_bal, &bal, 8, NULL, 0, NULL) < 0 ||
            JetRetrieveColumn(c->s, c->t, g_n, &n, 8, NULL, 0, NULL) < 0)
            return -1;
        *pbal += bal;
        *pn += n;
        rows++;
    }
    return rows;
}

static void *reader(void *arg)
{
    struct conn *c = arg;
    if (!connect(c))
        return bad(-5), NULL;
    while (!atomic_load_explicit(&g_stop, memory_order_relaxed)) {
        int64_t b1, n1, b2, n2;
        if (JetBeginTransaction(c->s) < 0)
            return bad(-6), NULL;
        int r1 = audit(c, NULL, &b1, &n1);
        int r2 = audit(c, "bybal", &b2, &n2);
        if (r1 != ACCOUNTS || r2 != ACCOUNTS || b1 != ACCOUNTS * INITIAL || b2 != b1 || n2 != n1)
            bad(-7);
        JetCommitTransaction(c->s, 0);
        atomic_fetch_add(&g_audits, 1);
    }
    JetEndSession(c->s, 0);
    return NULL;
}

Test(bank_transfer, total_is_invariant_and_every_commit_counts, .timeout = 60)
{
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    snprintf(g_path, sizeof g_path, "bank-%d.edb", (int)getpid());
    cr_assert_eq(JetCreateInstance(&g_inst, "bank"), JET_errSuccess);
    cr_assert_eq(JetInit(&g_inst), JET_errSuccess);
    cr_assert_eq(JetBeginSession(g_inst, &s, NULL, NULL), JET_errSuccess);
    cr_assert_eq(JetCreateDatabase(s, g_path, NULL, &db, 0), JET_errSuccess);
    cr_assert_eq(JetCreateTable(s, db, "acct", 0, 100, &t), JET_errSuccess);
    JET_COLUMNDEF cd = {sizeof(cd), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
    cr_assert_eq(JetAddColumn(s, t, "id", &cd, NULL, 0, &g_id), JET_errSuccess);
    cd.coltyp = JET_coltypLongLong;
    cr_assert_eq(JetAddColumn(s, t, "bal", &cd, NULL, 0, &g_bal), JET_errSuccess);
    cr_assert_eq(JetAddColumn(s, t, "n", &cd, NULL, 0, &g_n), JET_errSuccess);
    cr_assert_eq(JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100), JET_errSuccess);
    cr_assert_eq(JetCreateIndex(s, t, "bybal", 0, "+bal\0", 6, 100), JET_errSuccess);
    for (int32_t id = 0; id < ACCOUNTS; id++) {
        int64_t bal = INITIAL, n = 0;
        cr_assert_eq(JetPrepareUpdate(s, t, JET_prepInsert), JET_errSuccess);
        JetSetColumn(s, t, g_id, &id, 4, 0, NULL);
        JetSetColumn(s, t, g_bal, &bal, 8, 0, NULL);
        JetSetColumn(s, t, g_n, &n, 8, 0, NULL);
        cr_assert_eq(JetUpdate(s, t, NULL, 0, NULL), JET_errSuccess);
    }
    struct conn c[WRITERS + READERS];
    pthread_t th[WRITERS + READERS];
    for (int i = 0; i < WRITERS + READERS; i++) {
        c[i] = (struct conn){.rng = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1)};
        cr_assert_eq(pthread_create(&th[i], NULL, i < WRITERS ? writer : reader, &c[i]), 0);
    }
    struct timespec ts = {RUN_MS / 1000, (RUN_MS % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    atomic_store(&g_stop, 1);
    for (int i = 0; i < WRITERS + READERS; i++)
        pthread_join(th[i], NULL);
    cr_assert_eq(atomic_load(&g_bad), 0, "unexpected result %d", atomic_load(&g_bad));

    struct conn fin = {.s = s, .t = t};
    int64_t bal, n;
    cr_assert_eq(audit(&fin, NULL, &bal, &n), ACCOUNTS);
    cr_assert_eq(bal, ACCOUNTS * INITIAL, "total %lld", (long long)bal);
    cr_assert_eq(n, atomic_load(&g_committed), "committed transfers: %lld counted, %ld seen",
                 (long long)n, atomic_load(&g_committed));
    cr_log_info("%ld transfers committed (%.0f/s), %ld conflicts, %ld inner rollbacks, "
                "%ld sessions ended open, %ld audits",
                atomic_load(&g_committed), atomic_load(&g_committed) * 1000.0 / RUN_MS,
                atomic_load(&g_conflicts), atomic_load(&g_inner_rollbacks), atomic_load(&g_ended),
                atomic_load(&g_audits));
    cr_expect_gt(atomic_load(&g_committed), 100);
    cr_expect_gt(atomic_load(&g_audits), 10);
    cr_assert_eq(JetTerm(g_inst), JET_errSuccess);
}
