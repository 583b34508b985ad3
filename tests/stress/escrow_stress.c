/*
 * escrow_stress.c -- commuting escrow deltas and read locks under TSan.
 * Writer threads add +1 to the escrow counter of one of ROWS rows in
 * transactions that randomly nest a level (rolled back or committed into
 * the parent), randomly roll back, randomly end the session with the
 * transaction open, and randomly add a JET_bitEscrowNoRollback delta
 * (which survives the rollback). A JetEscrowUpdate never answers
 * WriteConflict while only deltas are on the row, so the only conflicts
 * come from the locker threads, which take read locks (and sometimes
 * replace a plain column) on the same rows. Reader threads check in
 * snapshot transactions that a row's counter never changes under them and
 * never goes down between snapshots. At the end each row's counter equals
 * the number of increments the writers saw commit (or kept by rollback).
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "esent.h"
#include "stress_util.h"

#define ROWS 3
#define WRITERS 3
#define LOCKERS 1
#define READERS 1
#define RUN_MS 3000

static JET_INSTANCE g_inst;
static char g_path[64];
static JET_COLUMNID g_id, g_cnt, g_plain;
static _Atomic int g_stop;
static _Atomic int g_bad;                /* first unexpected code or broken invariant */
static _Atomic long g_counted[ROWS];     /* increments known to have committed */
static _Atomic long g_txns, g_rollbacks, g_ended, g_conflicts, g_locks, g_audits;

static void bad(int code) { stress_flag(&g_bad, code); }

struct conn {
    JET_SESID s;
    JET_TABLEID t;
    uint64_t rng;
};

static uint32_t rnd(struct conn *c) { return stress_rnd(&c->rng); }

static int connect(struct conn *c)
{
    return stress_connect(g_inst, g_path, "e", &c->s, &c->t);
}

static JET_ERR seek(struct conn *c, int32_t id)
{
    JET_ERR err = JetMakeKey(c->s, c->t, &id, 4, JET_bitNewKey);
    return err < 0 ? err : JetSeek(c->s, c->t, JET_bitSeekEQ);
}

static JET_ERR add(struct conn *c, int32_t id, JET_GRBIT grbit)
{
    int32_t one = 1;
    JET_ERR err = seek(c, id);
    return err < 0 ? err : JetEscrowUpdate(c->s, c->t, g_cnt, &one, 4, NULL, 0, NULL, grbit);
}

/* writer -- one transaction of increments on one row; counts what commits. */
static void *writer(void *p)
{
    struct conn c = {.rng = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15ull + 1};
    if (!connect(&c))
        return bad(-2), NULL;
    while (!atomic_load(&g_stop) && !atomic_load(&g_bad)) {
        int32_t id = (int32_t)(rnd(&c) % ROWS);
        long mine = 0, kept = 0; /* increments at level 1 / surviving any rollback */
        JET_ERR err = JetBeginTransaction(c.s);
        if (err < 0)
            return bad(err), NULL;
        for (int k = 1 + (int)(rnd(&c) % 3); k > 0 && err >= 0; k--) {
            JET_GRBIT g = rnd(&c) % 8 == 0 ? JET_bitEscrowNoRollback : 0;
            if ((err = add(&c, id, g)) >= 0)
                g ? kept++ : mine++;
        }
        if (err >= 0 && rnd(&c) % 3 == 0) { /* a nested level */
            long inner = 0;
            if ((err = JetBeginTransaction(c.s)) < 0)
                return bad(err), NULL;
            if ((err = add(&c, id, 0)) >= 0)
                inner++;
            if (err == JET_errWriteConflict || rnd(&c) % 2) {
                err = JetRollback(c.s, 0);
            } else if (err >= 0) {
                err = JetCommitTransaction(c.s, 0);
                mine += inner;
            }
        }
        if (err == JET_errWriteConflict) {
            atomic_fetch_add(&g_conflicts, 1); /* a locker holds the row */
            err = JET_errSuccess;
            mine = 0;
            if ((err = JetRollback(c.s, JET_bitRollbackAll)) < 0)
                return bad(err), NULL;
            atomic_fetch_add(&g_counted[id], kept);
            continue;
        }
        if (err < 0)
            return bad(err), NULL;
        uint32_t end = rnd(&c) % 10;
        if (end == 0) { /* end the session with the transaction open */
            if ((err = JetEndSession(c.s, 0)) < 0 || !connect(&c))
                return bad(err), NULL;
            atomic_fetch_add(&g_ended, 1);
            mine = 0;
        } else if (end < 3) {
            if ((err = JetRollback(c.s, 0)) < 0)
                return bad(err), NULL;
            atomic_fetch_add(&g_rollbacks, 1);
            mine = 0;
        } else if ((err = JetCommitTransaction(c.s, 0)) < 0) {
            return bad(err), NULL;
        }
        atomic_fetch_add(&g_counted[id], mine + kept);
        atomic_fetch_add(&g_txns, 1);
    }
    JetEndSession(c.s, 0);
    return NULL;
}

/* locker -- read-lock a row for a moment, sometimes write its plain column:
 * conflicts are expected both ways, never anything else. */
static void *locker(void *p)
{
    struct conn c = {.rng = (uint64_t)(uintptr_t)p * 0xD1B54A32D192ED03ull + 7};
    if (!connect(&c))
        return bad(-2), NULL;
    while (!atomic_load(&g_stop) && !atomic_load(&g_bad)) {
        int32_t id = (int32_t)(rnd(&c) % ROWS), v = (int32_t)rnd(&c);
        JET_ERR err = JetBeginTransaction(c.s);
        if (err >= 0 && (err = seek(&c, id)) >= 0)
            err = JetGetLock(c.s, c.t, JET_bitReadLock);
        if (err >= 0) {
            atomic_fetch_add(&g_locks, 1);
            sched_yield();
            if (rnd(&c) % 4 == 0 && (err = JetPrepareUpdate(c.s, c.t, JET_prepReplace)) >= 0) {
                if ((err = JetSetColumn(c.s, c.t, g_plain, &v, 4, 0, NULL)) >= 0)
                    err = JetUpdate(c.s, c.t, NULL, 0, NULL);
                if (err < 0)
                    JetPrepareUpdate(c.s, c.t, JET_prepCancel);
            }
        }
        if (err < 0 && err != JET_errWriteConflict)
            return bad(err), NULL;
        if ((err = JetRollback(c.s, 0)) < 0)
            return bad(err), NULL;
        usleep(200);
    }
    JetEndSession(c.s, 0);
    return NULL;
}

/* reader -- a snapshot never moves, and later snapshots never go down. */
static void *reader(void *p)
{
    struct conn c = {.rng = (uint64_t)(uintptr_t)p + 99};
    int32_t last[ROWS] = {0};
    if (!connect(&c))
        return bad(-2), NULL;
    while (!atomic_load(&g_stop) && !atomic_load(&g_bad)) {
        int32_t id = (int32_t)(rnd(&c) % ROWS), v0 = -1, v = -1;
        JET_ERR err = JetBeginTransaction(c.s);
        if (err >= 0 && (err = seek(&c, id)) >= 0)
            err = JetRetrieveColumn(c.s, c.t, g_cnt, &v0, 4, NULL, 0, NULL);
        for (int k = 0; k < 20 && err >= 0; k++) {
            sched_yield();
            if ((err = seek(&c, id)) >= 0)
                err = JetRetrieveColumn(c.s, c.t, g_cnt, &v, 4, NULL, 0, NULL);
            if (err >= 0 && v != v0)
                return bad(-3), NULL;
        }
        if (err < 0)
            return bad(err), NULL;
        if (v0 < last[id])
            return bad(-4), NULL;
        last[id] = v0;
        if ((err = JetCommitTransaction(c.s, 0)) < 0)
            return bad(err), NULL;
        atomic_fetch_add(&g_audits, 1);
    }
    JetEndSession(c.s, 0);
    return NULL;
}

Test(escrow_stress, every_committed_increment_counts_once, .timeout = 60)
{
    JET_SESID s;
    JET_TABLEID t;
    JET_DBID db;
    pthread_t th[WRITERS + LOCKERS + READERS];
    int nth = 0;
    snprintf(g_path, sizeof g_path, "escstress-%d.edb", (int)getpid());
    cr_assert_eq(JetCreateInstance(&g_inst, "escstress"), JET_errSuccess);
    cr_assert_eq(JetInit(&g_inst), JET_errSuccess);
    cr_assert_eq(JetBeginSession(g_inst, &s, NULL, NULL), JET_errSuccess);
    cr_assert_eq(JetCreateDatabase(s, g_path, NULL, &db, 0), JET_errSuccess);
    cr_assert_eq(JetCreateTable(s, db, "e", 0, 100, &t), JET_errSuccess);
    JET_COLUMNDEF cd = {.cbStruct = sizeof(cd), .coltyp = JET_coltypLong};
    int32_t zero = 0;
    cr_assert_eq(JetAddColumn(s, t, "id", &cd, NULL, 0, &g_id), JET_errSuccess);
    cr_assert_eq(JetAddColumn(s, t, "plain", &cd, NULL, 0, &g_plain), JET_errSuccess);
    cd.grbit = JET_bitColumnFixed | JET_bitColumnEscrowUpdate;
    cr_assert_eq(JetAddColumn(s, t, "cnt", &cd, &zero, 4, &g_cnt), JET_errSuccess);
    cr_assert_eq(JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100), JET_errSuccess);
    for (int32_t id = 0; id < ROWS; id++) {
        cr_assert_eq(JetPrepareUpdate(s, t, JET_prepInsert), JET_errSuccess);
        cr_assert_eq(JetSetColumn(s, t, g_id, &id, 4, 0, NULL), JET_errSuccess);
        cr_assert_eq(JetUpdate(s, t, NULL, 0, NULL), JET_errSuccess);
    }
    for (int i = 0; i < WRITERS; i++)
        pthread_create(&th[nth++], NULL, writer, (void *)(uintptr_t)(i + 1));
    for (int i = 0; i < LOCKERS; i++)
        pthread_create(&th[nth++], NULL, locker, (void *)(uintptr_t)(i + 1));
    for (int i = 0; i < READERS; i++)
        pthread_create(&th[nth++], NULL, reader, (void *)(uintptr_t)(i + 1));
    struct timespec ts = {RUN_MS / 1000, (RUN_MS % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    atomic_store(&g_stop, 1);
    for (int i = 0; i < nth; i++)
        pthread_join(th[i], NULL);
    cr_assert_eq(atomic_load(&g_bad), 0, "unexpected code or broken invariant: %d",
                 atomic_load(&g_bad));
    long total = 0;
    for (int32_t id = 0; id < ROWS; id++) {
        int32_t v = -1;
        cr_assert_eq(JetMakeKey(s, t, &id, 4, JET_bitNewKey), JET_errSuccess);
        cr_assert_eq(JetSeek(s, t, JET_bitSeekEQ), JET_errSuccess);
        cr_assert_eq(JetRetrieveColumn(s, t, g_cnt, &v, 4, NULL, 0, NULL), JET_errSuccess);
        cr_assert_eq(v, atomic_load(&g_counted[id]), "row %d", id);
        total += v;
    }
    cr_log_info("%ld transactions, %ld increments counted, %ld rollbacks, %ld sessions ended "
                "open, %ld conflicts with read locks, %ld read locks, %ld snapshot audits",
                atomic_load(&g_txns), total, atomic_load(&g_rollbacks), atomic_load(&g_ended),
                atomic_load(&g_conflicts), atomic_load(&g_locks), atomic_load(&g_audits));
    cr_assert_gt(atomic_load(&g_txns), 100);
    cr_assert_gt(atomic_load(&g_locks), 10);
    cr_assert_eq(JetTerm2(g_inst, JET_bitTermAbrupt), JET_errSuccess);
}
