/*
 * test_verstore.c -- the version store through the API (only esent.h):
 * snapshot isolation, no dirty reads, own writes visible, write conflicts
 * in both orders, first writer wins among three sessions on threads,
 * nested rollback of one level, RollbackAll, JetEndSession with open
 * levels, read-only transactions, commit ids, unique keys across
 * transactions, snapshot scans of a secondary index, JetGetLock, and the
 * JET_paramMaxVerPages budget (VersionStoreOutOfMemory, room again after
 * commit).
 */
#include <sched.h>
#include <stdatomic.h>

#include "api_helpers.h"

/* ---- fixture: table "t": id Long (primary), val LongLong (non-unique
 * index "byval"), u Long (unique index "byu"). Every session gets its own
 * cursor on it. ---- */
struct vfx {
    JET_INSTANCE inst;
    JET_DBID db;
    char path[128];
    JET_COLUMNID id, val, u;
};

struct ses {
    JET_SESID s;
    JET_TABLEID t;
};

static struct vfx F;

static void col(JET_SESID s, JET_TABLEID t, const char *n, JET_COLTYP ty, JET_COLUMNID *pid)
{
    JET_COLUMNDEF cd = {sizeof(cd), 0, ty, 0, 0, 0, 0, 0, 0};
    API_CHECK(JetAddColumn(s, t, n, &cd, NULL, 0, pid), JET_errSuccess);
}

/* fx_open -- instance (maxver pages: 0 = default), database, table. */
static void fx_open(const char *tag, long maxver)
{
    JET_SESID s;
    JET_TABLEID t;
    F.inst = api_instance_create(tag);
    if (maxver)
        API_CHECK(JetSetSystemParameter(&F.inst, 0, JET_paramMaxVerPages, (JET_API_PTR)maxver, NULL),
                  JET_errSuccess);
    API_CHECK(JetInit(&F.inst), JET_errSuccess);
    s = api_session_new(F.inst);
    snprintf(F.path, sizeof F.path, "%s-%d.edb", tag, (int)getpid());
    API_CHECK(JetCreateDatabase(s, F.path, NULL, &F.db, 0), JET_errSuccess);
    API_CHECK(JetCreateTable(s, F.db, "t", 0, 100, &t), JET_errSuccess);
    col(s, t, "id", JET_coltypLong, &F.id);
    col(s, t, "val", JET_coltypLongLong, &F.val);
    col(s, t, "u", JET_coltypLong, &F.u);
    API_CHECK(JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100), JET_errSuccess);
    API_CHECK(JetCreateIndex(s, t, "byval", 0, "+val\0", 6, 100), JET_errSuccess);
    API_CHECK(JetCreateIndex(s, t, "byu", JET_bitIndexUnique | JET_bitIndexIgnoreNull, "+u\0", 4, 100),
              JET_errSuccess);
    API_CHECK(JetCloseTable(s, t), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
}

static struct ses open_ses(void)
{
    struct ses x;
    JET_DBID db;
    x.s = api_session_new(F.inst);
    API_CHECK(JetOpenDatabase(x.s, F.path, NULL, &db, 0), JET_errSuccess);
    API_CHECK(JetOpenTable(x.s, db, "t", NULL, 0, 0, &x.t), JET_errSuccess);
    return x;
}

/* put -- insert (id, val) and, when u >= 0, the unique column. */
static JET_ERR put(struct ses *x, int32_t id, int64_t val, int32_t u)
{
    JET_ERR err = JetPrepareUpdate(x->s, x->t, JET_prepInsert);
    if (err < 0)
        return err;
    JetSetColumn(x->s, x->t, F.id, &id, 4, 0, NULL);
    JetSetColumn(x->s, x->t, F.val, &val, 8, 0, NULL);
    if (u >= 0)
        JetSetColumn(x->s, x->t, F.u, &u, 4, 0, NULL);
    err = JetUpdate(x->s, x->t, NULL, 0, NULL);
    if (err < 0)
        JetPrepareUpdate(x->s, x->t, JET_prepCancel);
    return err;
}

static JET_ERR seek(struct ses *x, int32_t id)
{
    API_CHECK(JetSetCurrentIndex(x->s, x->t, NULL), JET_errSuccess);
    API_CHECK(JetMakeKey(x->s, x->t, &id, 4, JET_bitNewKey), JET_errSuccess);
    return JetSeek(x->s, x->t, JET_bitSeekEQ);
}

/* get -- the val of row id, or the error (RecordNotFound). */
static JET_ERR get(struct ses *x, int32_t id, int64_t *val)
{
    JET_ERR err = seek(x, id);
    if (err < 0)
        return err;
    return JetRetrieveColumn(x->s, x->t, F.val, val, 8, NULL, 0, NULL);
}

/* getv -- val of row id, -1 when it does not exist for x. */
static int64_t getv(struct ses *x, int32_t id)
{
    int64_t v = -1;
    JET_ERR err = get(x, id, &v);
    if (err == JET_errRecordNotFound)
        return -1;
    cr_assert_eq(err, JET_errSuccess, "get %d: %d", id, err);
    return v;
}

/* set -- row id's val = v through prepare `prep`. */
static JET_ERR set_prep(struct ses *x, int32_t id, int64_t v, uint32_t prep)
{
    JET_ERR err = seek(x, id);
    if (err < 0)
        return err;
    if ((err = JetPrepareUpdate(x->s, x->t, prep)) < 0)
        return err;
    JetSetColumn(x->s, x->t, F.val, &v, 8, 0, NULL);
    err = JetUpdate(x->s, x->t, NULL, 0, NULL);
    if (err < 0)
        JetPrepareUpdate(x->s, x->t, JET_prepCancel);
    return err;
}

static JET_ERR set(struct ses *x, int32_t id, int64_t v) { return set_prep(x, id, v, JET_prepReplace); }

static JET_ERR del(struct ses *x, int32_t id)
{
    JET_ERR err = seek(x, id);
    return err < 0 ? err : JetDelete(x->s, x->t);
}

/* count -- rows visible to x through index ix (NULL: primary). */
static int count(struct ses *x, const char *ix)
{
    int n = 0;
    API_CHECK(JetSetCurrentIndex(x->s, x->t, ix), JET_errSuccess);
    for (JET_ERR e = JetMove(x->s, x->t, JET_MoveFirst, 0); e == JET_errSuccess;
         e = JetMove(x->s, x->t, JET_MoveNext, 0))
        n++;
    return n;
}

Test(verstore, snapshot_isolation)
{
    fx_open("vs-snap", 0);
    struct ses a = open_ses(), b = open_ses();
    API_CHECK(put(&a, 1, 10, -1), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    cr_assert_eq(getv(&a, 1), 10);
    API_CHECK(set(&b, 1, 11), JET_errSuccess);     /* committed after a's snapshot */
    API_CHECK(put(&b, 2, 20, -1), JET_errSuccess);
    API_CHECK(del(&b, 1), JET_errSuccess);
    cr_assert_eq(getv(&a, 1), 10, "a still sees its snapshot");
    cr_assert_eq(getv(&a, 2), -1, "a does not see a later insert");
    cr_assert_eq(count(&a, NULL), 1);
    cr_assert_eq(count(&a, "byval"), 1);
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    cr_assert_eq(getv(&a, 1), -1, "outside a transaction: the latest state");
    cr_assert_eq(getv(&a, 2), 20);
    api_instance_term(F.inst);
}

Test(verstore, no_dirty_reads_and_own_writes)
{
    fx_open("vs-dirty", 0);
    struct ses a = open_ses(), b = open_ses();
    API_CHECK(put(&a, 1, 10, -1), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(set(&b, 1, 11), JET_errSuccess);
    API_CHECK(put(&b, 2, 20, -1), JET_errSuccess);
    cr_assert_eq(getv(&b, 1), 11, "own update visible");
    cr_assert_eq(getv(&b, 2), 20, "own insert visible");
    cr_assert_eq(count(&b, "byval"), 2);
    cr_assert_eq(getv(&a, 1), 10, "no dirty read");
    cr_assert_eq(getv(&a, 2), -1, "no dirty insert");
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    cr_assert_eq(getv(&a, 1), 10);
    cr_assert_eq(count(&a, "byval"), 1);
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess);
    API_CHECK(del(&b, 1), JET_errSuccess);
    cr_assert_eq(getv(&b, 1), -1, "own delete visible");
    cr_assert_eq(getv(&a, 1), 10);
    API_CHECK(JetRollback(b.s, 0), JET_errSuccess);
    cr_assert_eq(getv(&a, 1), 10, "rollback undid the update and the delete");
    cr_assert_eq(getv(&a, 2), -1, "rollback undid the insert");
    cr_assert_eq(getv(&b, 2), -1);
    API_CHECK(put(&a, 2, 21, -1), JET_errSuccess); /* the key is free again */
    api_instance_term(F.inst);
}

Test(verstore, write_conflicts_both_orders)
{
    fx_open("vs-conflict", 0);
    struct ses a = open_ses(), b = open_ses();
    API_CHECK(put(&a, 1, 10, -1), JET_errSuccess);
    for (int order = 0; order < 2; order++) {
        struct ses *first = order ? &b : &a, *second = order ? &a : &b;
        API_CHECK(JetBeginTransaction(first->s), JET_errSuccess);
        API_CHECK(JetBeginTransaction(second->s), JET_errSuccess);
        API_CHECK(set(first, 1, 100 + order), JET_errSuccess);
        /* uncommitted by another: at prepare (Replace locks) ... */
        API_CHECK(seek(second, 1), JET_errSuccess);
        API_CHECK(JetPrepareUpdate(second->s, second->t, JET_prepReplace), JET_errWriteConflict);
        /* ... or at update (ReplaceNoLock), and for a delete */
        API_CHECK(set_prep(second, 1, 7, JET_prepReplaceNoLock), JET_errWriteConflict);
        API_CHECK(del(second, 1), JET_errWriteConflict);
        API_CHECK(JetCommitTransaction(first->s, 0), JET_errSuccess);
        /* committed after second's snapshot: still a conflict */
        API_CHECK(set(second, 1, 7), JET_errWriteConflict);
        cr_assert_eq(getv(second, 1), 10, "second's snapshot");
        API_CHECK(JetRollback(second->s, 0), JET_errSuccess);
        cr_assert_eq(getv(second, 1), 100 + order);
        API_CHECK(set(first, 1, 10), JET_errSuccess);
    }
    /* a write lock conflicts like a write; a read lock with a writer */
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(seek(&a, 1), JET_errSuccess);
    API_CHECK(JetGetLock(a.s, a.t, JET_bitWriteLock), JET_errSuccess);
    API_CHECK(seek(&b, 1), JET_errSuccess);
    API_CHECK(JetGetLock(b.s, b.t, JET_bitReadLock), JET_errWriteConflict);
    API_CHECK(set_prep(&b, 1, 5, JET_prepReplaceNoLock), JET_errWriteConflict);
    cr_assert_eq(getv(&b, 1), 10, "a lock is invisible to readers");
    API_CHECK(set(&a, 1, 12), JET_errSuccess); /* the lock holder writes */
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    API_CHECK(JetRollback(b.s, 0), JET_errSuccess);
    cr_assert_eq(getv(&b, 1), 12);
    API_CHECK(JetGetLock(b.s, b.t, JET_bitWriteLock), JET_errNotInTransaction);
    int64_t d = 1;
    API_CHECK(seek(&b, 1), JET_errSuccess);
    API_CHECK(JetEscrowUpdate(b.s, b.t, F.val, &d, 8, NULL, 0, NULL, 0), JET_errNotInTransaction);
    api_instance_term(F.inst);
}

/* ---- three sessions on threads: first writer wins ---- */

struct racer {
    struct ses x;
    pthread_barrier_t *go;
    JET_ERR update, commit;
    int64_t seen_after;
};

static void *race(void *arg)
{
    struct racer *r = arg;
    JetBeginTransaction(r->x.s);
    pthread_barrier_wait(r->go); /* all snapshots taken */
    r->update = set(&r->x, 1, (int64_t)(intptr_t)r);
    pthread_barrier_wait(r->go); /* every write attempted */
    r->commit = r->update >= 0 ? JetCommitTransaction(r->x.s, 0) : JetRollback(r->x.s, 0);
    pthread_barrier_wait(r->go);
    r->seen_after = getv(&r->x, 1);
    return NULL;
}

Test(verstore, first_writer_wins_three_threads)
{
    fx_open("vs-race", 0);
    struct ses a = open_ses();
    API_CHECK(put(&a, 1, 10, -1), JET_errSuccess);
    for (int round = 0; round < 20; round++) {
        pthread_barrier_t go;
        pthread_barrier_init(&go, NULL, 3);
        struct racer r[3];
        pthread_t th[3];
        for (int i = 0; i < 3; i++) {
            r[i] = (struct racer){.x = open_ses(), .go = &go};
            cr_assert_eq(pthread_create(&th[i], NULL, race, &r[i]), 0);
        }
        int winners = 0, winner = -1;
        for (int i = 0; i < 3; i++) {
            pthread_join(th[i], NULL);
            if (r[i].update == JET_errSuccess) {
                winners++;
                winner = i;
                API_EXPECT_ERR(r[i].commit, JET_errSuccess, "winner commits");
            } else {
                API_EXPECT_ERR(r[i].update, JET_errWriteConflict, "losers conflict");
            }
        }
        cr_assert_eq(winners, 1, "round %d: exactly one writer wins", round);
        for (int i = 0; i < 3; i++) {
            cr_assert_eq(r[i].seen_after, (int64_t)(intptr_t)&r[winner]);
            API_CHECK(JetEndSession(r[i].x.s, 0), JET_errSuccess);
        }
        pthread_barrier_destroy(&go);
    }
    api_instance_term(F.inst);
}

/* ---- snapshot reader on a thread against a committing writer ---- */

static _Atomic int g_stop;

/* The mover may run at most MOVES_PER_ROUND transactions per scanner round:
 * unthrottled on a starved 2-core machine it adds versions faster than the
 * scanner's snapshot walks can pass them, and the test's time grows without
 * bound (a throughput effect, not a wrong answer). */
#define MOVES_PER_ROUND 8
static _Atomic int64_t g_round;

static void *mover(void *arg)
{
    struct ses *w = arg;
    for (int64_t k = 0; !atomic_load(&g_stop); k++) {
        while (!atomic_load(&g_stop) && k >= (atomic_load(&g_round) + 1) * MOVES_PER_ROUND)
            sched_yield();
        int32_t id = (int32_t)(k % 50);
        JetBeginTransaction(w->s);
        JET_ERR e1 = set(w, id, 1000 + k);       /* moves the row in byval */
        JET_ERR e2 = set(w, (id + 1) % 50, -k);
        if (e1 < 0 || e2 < 0)
            JetRollback(w->s, 0);
        else
            JetCommitTransaction(w->s, 0);
    }
    return NULL;
}

Test(verstore, snapshot_scan_of_secondary_sees_each_row_once)
{
    /* Failures are recorded and asserted only after the mover thread is
     * joined: a Criterion assertion that ends the test while another thread
     * still runs can lose the report (the parent then waits forever). */
    fx_open("vs-scan", 0);
    struct ses a = open_ses(), w = open_ses();
    for (int i = 0; i < 50; i++)
        API_CHECK(put(&a, i, i, -1), JET_errSuccess);
    pthread_t th;
    atomic_store(&g_stop, 0);
    atomic_store(&g_round, 0);
    cr_assert_eq(pthread_create(&th, NULL, mover, &w), 0);
    char why[160] = "";
    for (int round = 0; round < 200 && !why[0]; round++, atomic_store(&g_round, round)) {
        JET_ERR e = JetBeginTransaction(a.s);
        if (e != JET_errSuccess) {
            snprintf(why, sizeof why, "round %d: begin %d", round, e);
            break;
        }
        int64_t sum1 = 0, sum2 = 0;
        int n1 = 0, n2 = 0, seen[50] = {0};
        if ((e = JetSetCurrentIndex(a.s, a.t, "byval")) != JET_errSuccess)
            snprintf(why, sizeof why, "round %d: set index byval %d", round, e);
        for (e = JetMove(a.s, a.t, JET_MoveFirst, 0); !why[0] && e == JET_errSuccess;
             e = JetMove(a.s, a.t, JET_MoveNext, 0)) {
            int32_t id = -1;
            int64_t v = 0;
            JET_ERR r1 = JetRetrieveColumn(a.s, a.t, F.id, &id, 4, NULL, 0, NULL);
            JET_ERR r2 = JetRetrieveColumn(a.s, a.t, F.val, &v, 8, NULL, 0, NULL);
            if (r1 != JET_errSuccess || r2 != JET_errSuccess)
                snprintf(why, sizeof why, "round %d: retrieve %d %d", round, r1, r2);
            else if (id < 0 || id >= 50 || seen[id]++)
                snprintf(why, sizeof why, "round %d: row %d seen twice", round, id);
            sum1 += v;
            n1++;
        }
        if (!why[0] && (e = JetSetCurrentIndex(a.s, a.t, NULL)) != JET_errSuccess)
            snprintf(why, sizeof why, "round %d: set primary %d", round, e);
        for (e = JetMove(a.s, a.t, JET_MoveFirst, 0); !why[0] && e == JET_errSuccess;
             e = JetMove(a.s, a.t, JET_MoveNext, 0)) {
            int64_t v = 0;
            JET_ERR r = JetRetrieveColumn(a.s, a.t, F.val, &v, 8, NULL, 0, NULL);
            if (r != JET_errSuccess)
                snprintf(why, sizeof why, "round %d: retrieve %d", round, r);
            sum2 += v;
            n2++;
        }
        if (!why[0] && (n1 != 50 || n2 != 50 || sum1 != sum2))
            snprintf(why, sizeof why, "round %d: %d/%d rows, sums %lld/%lld (one snapshot)", round,
                     n1, n2, (long long)sum1, (long long)sum2);
        if (!why[0] && (e = JetCommitTransaction(a.s, 0)) != JET_errSuccess)
            snprintf(why, sizeof why, "round %d: commit %d", round, e);
    }
    atomic_store(&g_stop, 1);
    pthread_join(th, NULL);
    cr_assert(!why[0], "%s", why);
    api_instance_term(F.inst);
}

Test(verstore, nested_rollback_undoes_one_level)
{
    fx_open("vs-nested", 0);
    struct ses a = open_ses(), b = open_ses();
    API_CHECK(put(&a, 1, 10, -1), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(put(&a, 2, 20, -1), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(put(&a, 3, 30, -1), JET_errSuccess);
    API_CHECK(set(&a, 1, 11), JET_errSuccess);
    API_CHECK(set(&a, 2, 21), JET_errSuccess);
    API_CHECK(del(&a, 2), JET_errSuccess);
    cr_assert_eq(getv(&a, 2), -1);
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess); /* level 2 only */
    cr_assert_eq(getv(&a, 1), 10);
    cr_assert_eq(getv(&a, 2), 20, "level 1's insert survives");
    cr_assert_eq(getv(&a, 3), -1);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(set(&a, 1, 12), JET_errSuccess);
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess); /* merges into level 1 */
    cr_assert_eq(getv(&b, 1), 10, "nothing visible before the outermost commit");
    cr_assert_eq(getv(&b, 2), -1);
    JET_COMMIT_ID id1, id2;
    API_CHECK(JetCommitTransaction2(a.s, 0, 0, &id1), JET_errSuccess);
    cr_assert_eq(getv(&b, 1), 12, "all at once after it");
    cr_assert_eq(getv(&b, 2), 20);
    /* commit ids rise with every commit that wrote */
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(set(&b, 1, 13), JET_errSuccess);
    API_CHECK(JetCommitTransaction2(b.s, 0, 0, &id2), JET_errSuccess);
    cr_assert_gt(id2.commitId, id1.commitId);
    /* RollbackAll */
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(put(&a, 4, 40, -1), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(set(&a, 1, 14), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(del(&a, 2), JET_errSuccess);
    API_CHECK(JetRollback(a.s, JET_bitRollbackAll), JET_errSuccess);
    cr_assert_eq(getv(&a, 4), -1);
    cr_assert_eq(getv(&a, 1), 13);
    cr_assert_eq(getv(&a, 2), 20);
    api_instance_term(F.inst);
}

Test(verstore, end_session_with_open_levels_undoes)
{
    fx_open("vs-end", 0);
    struct ses a = open_ses(), b = open_ses();
    API_CHECK(put(&b, 1, 10, -1), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(put(&a, 2, 20, 7), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(set(&a, 1, 11), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(del(&a, 1), JET_errSuccess);
    API_CHECK(JetEndSession(a.s, 0), JET_errSuccess);
    cr_assert_eq(getv(&b, 1), 10);
    cr_assert_eq(getv(&b, 2), -1);
    API_CHECK(set(&b, 1, 12), JET_errSuccess); /* no lock left behind */
    API_CHECK(put(&b, 2, 22, 7), JET_errSuccess); /* nor a unique key */
    api_instance_term(F.inst);
}

Test(verstore, read_only_transaction)
{
    fx_open("vs-ro", 0);
    struct ses a = open_ses();
    API_CHECK(put(&a, 1, 10, -1), JET_errSuccess);
    API_CHECK(JetBeginTransaction2(a.s, JET_bitTransactionReadOnly), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(a.s, a.t, JET_prepInsert), JET_errTransReadOnly);
    API_CHECK(seek(&a, 1), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(a.s, a.t, JET_prepReplace), JET_errTransReadOnly);
    API_CHECK(JetDelete(a.s, a.t), JET_errTransReadOnly);
    API_CHECK(JetGetLock(a.s, a.t, JET_bitWriteLock), JET_errTransReadOnly);
    cr_assert_eq(getv(&a, 1), 10);
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    api_instance_term(F.inst);
}

Test(verstore, unique_keys_across_transactions)
{
    fx_open("vs-unique", 0);
    struct ses a = open_ses(), b = open_ses();
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(put(&a, 1, 10, 5), JET_errSuccess);
    API_CHECK(put(&b, 2, 20, 5), JET_errWriteConflict); /* a's is uncommitted */
    API_CHECK(put(&b, 1, 21, 6), JET_errWriteConflict); /* the primary key too */
    API_CHECK(put(&a, 3, 30, 5), JET_errKeyDuplicate);  /* a sees its own */
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    API_CHECK(put(&b, 2, 20, 5), JET_errWriteConflict); /* committed after b's snapshot */
    API_CHECK(JetRollback(b.s, 0), JET_errSuccess);
    API_CHECK(put(&b, 2, 20, 5), JET_errKeyDuplicate);
    /* moving the key away frees it for a later transaction */
    API_CHECK(seek(&a, 1), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(a.s, a.t, JET_prepReplace), JET_errSuccess);
    int32_t u = 9;
    API_CHECK(JetSetColumn(a.s, a.t, F.u, &u, 4, 0, NULL), JET_errSuccess);
    API_CHECK(JetUpdate(a.s, a.t, NULL, 0, NULL), JET_errSuccess);
    API_CHECK(put(&b, 2, 20, 5), JET_errSuccess);
    API_CHECK(put(&b, 3, 30, 9), JET_errKeyDuplicate);
    API_CHECK(JetSetCurrentIndex(b.s, b.t, "byu"), JET_errSuccess);
    cr_assert_eq(count(&b, "byu"), 2);
    api_instance_term(F.inst);
}

Test(verstore, budget_out_of_memory_then_commit_frees_room)
{
    fx_open("vs-budget", 1); /* one version page */
    struct ses a = open_ses(), b = open_ses();
    API_CHECK(put(&a, 0, 0, -1), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    int n = 1;
    JET_ERR err;
    while ((err = put(&a, n, n, -1)) == JET_errSuccess)
        n++;
    API_EXPECT_ERR(err, JET_errVersionStoreOutOfMemory, "a write beyond the budget");
    cr_assert_gt(n, 10, "some writes fit: %d", n);
    cr_assert_eq(getv(&a, n), -1, "the failed write was not made");
    cr_assert_eq(count(&a, NULL), n);
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    cr_assert_eq(count(&b, NULL), n);
    API_CHECK(set(&b, 0, 5), JET_errSuccess);
    /* Committed rows are plain values, not versions: nearly the whole
     * budget is free again (b's update keeps one superseded version until
     * the collector passes; chunked reservations round a little). */
    for (int round = 0; round < 2; round++) {
        API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
        int m = 0;
        while ((err = put(&a, 10000 * (round + 1) + m, m, -1)) == JET_errSuccess)
            m++;
        API_EXPECT_ERR(err, JET_errVersionStoreOutOfMemory, "the budget again");
        cr_assert_geq(m, n - 3, "room after commit: %d of %d", m, n);
        /* round 0: rollback gives the room back too; round 1: commit */
        API_CHECK(round ? JetCommitTransaction(a.s, 0) : JetRollback(a.s, 0), JET_errSuccess);
    }
    api_instance_term(F.inst);
}

/* cache_job -- on a thread of its own: `txns` transactions of `rows`
 * inserts each, committed; the thread's share of the budget stays cached
 * there (the credits its commits gave back). */
struct cache_job {
    struct ses *x;
    int first, txns, rows;
    JET_ERR err;
    int done; /* successful inserts */
};

static void *cache_run(void *arg)
{
    struct cache_job *j = arg;
    j->err = JET_errSuccess;
    for (int k = 0; k < j->txns && j->err >= 0; k++) {
        if ((j->err = JetBeginTransaction(j->x->s)) < 0)
            break;
        for (int i = 0; i < j->rows && j->err >= 0; i++)
            if ((j->err = put(j->x, j->first + k * j->rows + i, i, -1)) >= 0)
                j->done++;
        JET_ERR e = j->err < 0 ? JetRollback(j->x->s, 0) : JetCommitTransaction(j->x->s, 0);
        if (j->err >= 0)
            j->err = e;
    }
    return NULL;
}

/* fill -- in one transaction, insert from id `first` until the budget says
 * no; returns how many fit, then rolls them back. */
static int fill(struct ses *x, int32_t first)
{
    JET_ERR err;
    int n = 0;
    API_CHECK(JetBeginTransaction(x->s), JET_errSuccess);
    while ((err = put(x, first + n, n, -1)) == JET_errSuccess)
        n++;
    API_EXPECT_ERR(err, JET_errVersionStoreOutOfMemory, "the budget");
    API_CHECK(JetRollback(x->s, 0), JET_errSuccess);
    return n;
}

Test(verstore, budget_exhaustion_steals_credits_cached_by_other_threads)
{
    /* The budget is kept as per-thread credit caches: a thread that
     * committed keeps credits in its cache. A writer on another thread must
     * still get the whole budget -- it steals them before it answers
     * VersionStoreOutOfMemory -- and the threads' commits give it all back. */
    fx_open("vs-steal", 2); /* two version pages */
    struct ses a = open_ses(), b = open_ses(), c = open_ses();
    int n = fill(&a, 100000);
    cr_assert_gt(n, 40, "some writes fit: %d", n);
    for (int round = 0; round < 3; round++) {
        /* Two threads commit on their own, one at a time, and end with
         * credits cached; neither is running when a fills the budget. */
        struct cache_job jb = {&b, 200000 + 10000 * round, 8, 5, 0, 0};
        struct cache_job jc = {&c, 300000 + 10000 * round, 3, n / 2, 0, 0};
        pthread_t th;
        cr_assert_eq(pthread_create(&th, NULL, cache_run, &jb), 0);
        pthread_join(th, NULL);
        cr_assert_eq(jb.err, JET_errSuccess);
        cr_assert_eq(pthread_create(&th, NULL, cache_run, &jc), 0);
        pthread_join(th, NULL);
        cr_assert_eq(jc.err, JET_errSuccess);
        int m = fill(&a, 400000 + 10000 * round);
        cr_assert_geq(m, n - 3, "round %d: %d writes fit, %d with nothing cached elsewhere", round, m,
                      n);
    }
    /* ...and with a's own credits cached here, the other thread gets them. */
    struct cache_job jc = {&c, 500000, 1, 100000, 0, 0};
    pthread_t th;
    cr_assert_eq(pthread_create(&th, NULL, cache_run, &jc), 0);
    pthread_join(th, NULL);
    API_EXPECT_ERR(jc.err, JET_errVersionStoreOutOfMemory, "the other thread's budget");
    cr_assert_geq(jc.done, n - 3, "%d writes fit on the other thread, %d here", jc.done, n);
    api_instance_term(F.inst);
}

Test(verstore, delete_table_waits_for_uncommitted_writes)
{
    /* A transaction that wrote to a table and closed its cursor still has
     * undo entries on it: the table is in use until it commits or rolls back. */
    fx_open("vs-deltab", 0);
    struct ses a = open_ses(), b = open_ses();
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(put(&a, 1, 10, -1), JET_errSuccess);
    API_CHECK(JetCloseTable(a.s, a.t), JET_errSuccess);
    API_CHECK(JetCloseTable(b.s, b.t), JET_errSuccess);
    API_CHECK(JetDeleteTable(b.s, F.db, "t"), JET_errTableInUse);
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess);
    API_CHECK(JetDeleteTable(b.s, F.db, "t"), JET_errSuccess);
    api_instance_term(F.inst);
}
