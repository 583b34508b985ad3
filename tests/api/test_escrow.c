/*
 * test_escrow.c -- JetEscrowUpdate through the API (only esent.h): the
 * documented codes in ESE's order, deltas of two and three transactions
 * commuting on one row (each sees its snapshot plus its own deltas), a
 * rollback removing only its own delta from beneath another's, ordinary
 * writes and locks conflicting with another's uncommitted delta, deltas
 * commuting with deltas committed after the snapshot, JET_bitEscrowNoRollback
 * (nested and outermost), nested commit/rollback of deltas, JetEndSession
 * mid-transaction, a lost-update run on threads without retries, and a
 * snapshot reader that keeps seeing one value while deltas commit.
 */
#include <sched.h>
#include <stdatomic.h>

#include "escrow_fixture.h"

Test(escrow, documented_codes)
{
    struct ses a;
    int32_t d = 1, old = 0;
    uint32_t cb = 99;
    fx_open("esc-codes");
    ses_open(&a);
    API_CHECK(seek(&a, 1), JET_errSuccess);
    API_CHECK(JetEscrowUpdate(a.s, a.t, F.cnt, &d, 4, NULL, 0, NULL, 0), JET_errNotInTransaction);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetEscrowUpdate(a.s, a.t, F.cnt, &d, 4, NULL, 0, NULL, 0x100), JET_errInvalidGrbit);
    API_CHECK(JetEscrowUpdate(a.s, a.t, 9999, &d, 4, NULL, 0, NULL, 0), JET_errColumnNotFound);
    API_CHECK(JetEscrowUpdate(a.s, a.t, F.cnt, &d, 8, NULL, 0, NULL, 0), JET_errInvalidBufferSize);
    API_CHECK(JetEscrowUpdate(a.s, a.t, F.cnt, &d, 4, &old, 2, NULL, 0), JET_errInvalidBufferSize);
    API_CHECK(JetEscrowUpdate(a.s, a.t, F.plain, &d, 4, NULL, 0, NULL, 0), JET_errInvalidOperation);
    API_CHECK(JetEscrowUpdate(a.s, a.t, F.cnt, NULL, 4, NULL, 0, NULL, 0), JET_errInvalidParameter);
    API_CHECK(JetEscrowUpdate(a.s, a.t, F.fin, &d, 4, NULL, 0, NULL, 0), JET_errFeatureNotAvailable);
    API_CHECK(JetPrepareUpdate(a.s, a.t, JET_prepReplace), JET_errSuccess);
    API_CHECK(JetEscrowUpdate(a.s, a.t, F.cnt, &d, 4, NULL, 0, NULL, 0), JET_errAlreadyPrepared);
    API_CHECK(JetPrepareUpdate(a.s, a.t, JET_prepCancel), JET_errSuccess);
    API_CHECK(JetMove(a.s, a.t, JET_MoveLast, 0), JET_errSuccess);
    API_CHECK(JetMove(a.s, a.t, JET_MoveNext, 0), JET_errNoCurrentRecord);
    API_CHECK(JetEscrowUpdate(a.s, a.t, F.cnt, &d, 4, NULL, 0, NULL, 0), JET_errNoCurrentRecord);
    /* success: pvOld and pcbOldActual; cbOldMax 0 with pvOld leaves it alone */
    API_CHECK(seek(&a, 1), JET_errSuccess);
    d = 41;
    API_CHECK(JetEscrowUpdate(a.s, a.t, F.hits, &d, 4, &old, 4, &cb, 0), JET_errSuccess);
    cr_assert_eq(old, 100, "the default is the starting value");
    cr_assert_eq(cb, 4);
    old = -1;
    d = -1;
    API_CHECK(JetEscrowUpdate(a.s, a.t, F.hits, &d, 4, &old, 0, NULL, 0), JET_errSuccess);
    cr_assert_eq(old, -1, "cbOldMax 0: nothing written");
    cr_assert_eq(get(&a, 1, F.hits), 140);
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    cr_assert_eq(get(&a, 1, F.hits), 140);
    /* read-only transaction and read-only cursor */
    API_CHECK(JetBeginTransaction2(a.s, JET_bitTransactionReadOnly), JET_errSuccess);
    API_CHECK(seek(&a, 1), JET_errSuccess);
    API_CHECK(JetEscrowUpdate(a.s, a.t, F.cnt, &d, 4, NULL, 0, NULL, 0), JET_errTransReadOnly);
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    JET_TABLEID ro;
    API_CHECK(JetOpenTable(a.s, F.db, "e", NULL, 0, JET_bitTableReadOnly, &ro), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetMove(a.s, ro, JET_MoveFirst, 0), JET_errSuccess);
    API_CHECK(JetEscrowUpdate(a.s, ro, F.cnt, &d, 4, NULL, 0, NULL, 0), JET_errPermissionDenied);
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess);
    api_instance_term(F.inst);
}

Test(escrow, two_and_three_transactions_commute)
{
    struct ses a, b, c, r;
    int32_t old = -1;
    fx_open("esc-commute");
    ses_open(&a);
    ses_open(&b);
    ses_open(&c);
    ses_open(&r);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(c.s), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 5, &old, 0), JET_errSuccess);
    cr_assert_eq(old, 0);
    API_CHECK(esc(&b, 1, F.cnt, 7, &old, 0), JET_errSuccess);
    cr_assert_eq(old, 0, "another's uncommitted delta is not seen");
    API_CHECK(esc(&c, 1, F.cnt, 100, &old, 0), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 1, &old, 0), JET_errSuccess);
    cr_assert_eq(old, 5, "own deltas are seen");
    cr_assert_eq(get(&a, 1, F.cnt), 6);
    cr_assert_eq(get(&b, 1, F.cnt), 7);
    cr_assert_eq(get(&c, 1, F.cnt), 100);
    cr_assert_eq(get(&r, 1, F.cnt), 0, "no dirty read");
    cr_assert_eq(get(&r, 2, F.cnt), 0, "the other row is untouched");
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    cr_assert_eq(get(&r, 1, F.cnt), 6);
    cr_assert_eq(get(&b, 1, F.cnt), 7, "b keeps its snapshot plus its own delta");
    API_CHECK(JetCommitTransaction(b.s, 0), JET_errSuccess);
    cr_assert_eq(get(&r, 1, F.cnt), 13);
    API_CHECK(JetCommitTransaction(c.s, 0), JET_errSuccess);
    cr_assert_eq(get(&r, 1, F.cnt), 113);
    cr_assert_eq(get(&r, 1, F.hits), 100, "other escrow columns are untouched");
    api_instance_term(F.inst);
}

Test(escrow, rollback_removes_only_its_own_delta)
{
    struct ses a, b, c, r;
    fx_open("esc-rollback");
    ses_open(&a);
    ses_open(&b);
    ses_open(&c);
    ses_open(&r);
    /* a's delta at the bottom, b's above it: a rolls back */
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 1, NULL, 0), JET_errSuccess);
    API_CHECK(esc(&b, 1, F.cnt, 10, NULL, 0), JET_errSuccess);
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess);
    cr_assert_eq(get(&b, 1, F.cnt), 10);
    API_CHECK(JetCommitTransaction(b.s, 0), JET_errSuccess);
    cr_assert_eq(get(&r, 1, F.cnt), 10);
    /* three deltas, the middle one rolls back */
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(c.s), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 1000, NULL, 0), JET_errSuccess);
    API_CHECK(esc(&b, 1, F.cnt, 200, NULL, 0), JET_errSuccess);
    API_CHECK(esc(&c, 1, F.cnt, 30, NULL, 0), JET_errSuccess);
    API_CHECK(JetRollback(b.s, 0), JET_errSuccess);
    cr_assert_eq(get(&a, 1, F.cnt), 1010);
    cr_assert_eq(get(&c, 1, F.cnt), 40);
    API_CHECK(JetCommitTransaction(c.s, 0), JET_errSuccess);
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    cr_assert_eq(get(&r, 1, F.cnt), 1040);
    /* nested: an inner commit merges into the parent, the outer rollback undoes it */
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 5, NULL, 0), JET_errSuccess);
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 50, NULL, 0), JET_errSuccess);
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess);
    cr_assert_eq(get(&a, 1, F.cnt), 1045, "the inner rollback removed only the inner delta");
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess);
    cr_assert_eq(get(&r, 1, F.cnt), 1040);
    /* JetEndSession mid-transaction drops the delta, others' stay */
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(c.s), JET_errSuccess);
    API_CHECK(esc(&c, 1, F.cnt, 3, NULL, 0), JET_errSuccess);
    API_CHECK(esc(&b, 1, F.cnt, 9, NULL, 0), JET_errSuccess);
    API_CHECK(JetEndSession(c.s, 0), JET_errSuccess);
    API_CHECK(JetCommitTransaction(b.s, 0), JET_errSuccess);
    cr_assert_eq(get(&r, 1, F.cnt), 1049);
    api_instance_term(F.inst);
}

Test(escrow, plain_writes_and_locks_conflict_with_an_uncommitted_delta)
{
    struct ses a, b;
    fx_open("esc-conflict");
    ses_open(&a);
    ses_open(&b);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 4, NULL, 0), JET_errSuccess);
    API_CHECK(replace(&b, 1, 9, JET_prepReplace), JET_errWriteConflict);
    API_CHECK(replace(&b, 1, 9, JET_prepReplaceNoLock), JET_errWriteConflict);
    API_CHECK(seek(&b, 1), JET_errSuccess);
    API_CHECK(JetDelete(b.s, b.t), JET_errWriteConflict);
    API_CHECK(JetGetLock(b.s, b.t, JET_bitWriteLock), JET_errWriteConflict);
    API_CHECK(JetGetLock(b.s, b.t, JET_bitReadLock), JET_errWriteConflict);
    API_CHECK(replace(&b, 2, 9, JET_prepReplace), JET_errSuccess); /* another row is free */
    /* the delta's owner may replace its row: the copy holds its delta */
    API_CHECK(replace(&a, 1, 3, JET_prepReplace), JET_errSuccess);
    cr_assert_eq(get(&a, 1, F.cnt), 4);
    cr_assert_eq(get(&a, 1, F.plain), 3);
    /* and now b's delta meets a plain uncommitted write */
    API_CHECK(esc(&b, 1, F.cnt, 1, NULL, 0), JET_errWriteConflict);
    API_CHECK(esc(&a, 2, F.cnt, 1, NULL, 0), JET_errWriteConflict); /* b replaced row 2 */
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    API_CHECK(JetCommitTransaction(b.s, 0), JET_errSuccess);
    /* deltas commute with deltas committed after the snapshot, plain writes do not */
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    cr_assert_eq(get(&b, 1, F.cnt), 4);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 10, NULL, 0), JET_errSuccess);
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    int32_t old = -1;
    API_CHECK(esc(&b, 1, F.cnt, 100, &old, 0), JET_errSuccess);
    cr_assert_eq(old, 4, "b's snapshot plus its own deltas");
    cr_assert_eq(get(&b, 1, F.cnt), 104);
    API_CHECK(replace(&b, 1, 1, JET_prepReplaceNoLock), JET_errWriteConflict);
    API_CHECK(JetCommitTransaction(b.s, 0), JET_errSuccess);
    cr_assert_eq(get(&b, 1, F.cnt), 114);
    api_instance_term(F.inst);
}

Test(escrow, no_rollback_deltas_survive)
{
    struct ses a, r;
    fx_open("esc-norollback");
    ses_open(&a);
    ses_open(&r);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 5, NULL, JET_bitEscrowNoRollback), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 1, NULL, 0), JET_errSuccess);
    cr_assert_eq(get(&r, 1, F.cnt), 0, "not visible before the transaction ends");
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess);
    cr_assert_eq(get(&r, 1, F.cnt), 5, "kept by the rollback; the other delta undone");
    /* nested: the inner rollback hands it to the outer level */
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 3, NULL, JET_bitEscrowNoRollback), JET_errSuccess);
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess);
    cr_assert_eq(get(&a, 1, F.cnt), 8, "still the transaction's own");
    cr_assert_eq(get(&r, 1, F.cnt), 5);
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess);
    cr_assert_eq(get(&r, 1, F.cnt), 8);
    /* committed normally, and kept across JetEndSession mid-transaction */
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 2, NULL, JET_bitEscrowNoRollback), JET_errSuccess);
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 20, NULL, JET_bitEscrowNoRollback), JET_errSuccess);
    API_CHECK(JetEndSession(a.s, 0), JET_errSuccess);
    cr_assert_eq(get(&r, 1, F.cnt), 30);
    api_instance_term(F.inst);
}

/* ---- threads: a lost-update counter without retries ---- */

enum { THREADS = 4, PER_THREAD = 400 };

struct counter_arg {
    pthread_barrier_t *go;
    int32_t id;
    int fails;
};

static void *counter_main(void *p)
{
    struct counter_arg *a = p;
    struct ses x;
    ses_open(&x);
    pthread_barrier_wait(a->go);
    for (int i = 0; i < PER_THREAD; i++) {
        int32_t one = 1;
        JET_ERR e1 = JetBeginTransaction(x.s);
        JET_ERR e2 = seek(&x, a->id);
        JET_ERR e3 = JetEscrowUpdate(x.s, x.t, F.cnt, &one, 4, NULL, 0, NULL, 0);
        JET_ERR e4 = JetCommitTransaction(x.s, 0);
        a->fails += e1 != 0 || e2 != 0 || e3 != 0 || e4 != 0;
    }
    JetEndSession(x.s, 0);
    return NULL;
}

Test(escrow, lost_update_counter_on_threads_needs_no_retry, .timeout = 60)
{
    pthread_t th[THREADS];
    struct counter_arg args[THREADS];
    pthread_barrier_t go;
    struct ses r;
    fx_open("esc-counter");
    ses_open(&r);
    pthread_barrier_init(&go, NULL, THREADS);
    for (int i = 0; i < THREADS; i++) {
        args[i] = (struct counter_arg){&go, 1, 0};
        pthread_create(&th[i], NULL, counter_main, &args[i]);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        cr_assert_eq(args[i].fails, 0, "thread %d: an escrow transaction failed", i);
    }
    pthread_barrier_destroy(&go);
    cr_assert_eq(get(&r, 1, F.cnt), THREADS * PER_THREAD);
    api_instance_term(F.inst);
}

/* ---- a snapshot reader sees one value while deltas commit ---- */

struct bump_arg {
    atomic_int *stop;
    atomic_long *total;
    long commits;
};

static void *bump_main(void *p)
{
    struct bump_arg *a = p;
    struct ses x;
    ses_open(&x);
    while (!atomic_load(a->stop)) {
        int32_t two = 2;
        if (JetBeginTransaction(x.s) != 0)
            break;
        if (seek(&x, 2) == 0 && JetEscrowUpdate(x.s, x.t, F.cnt, &two, 4, NULL, 0, NULL, 0) == 0 &&
            JetCommitTransaction(x.s, 0) == 0) {
            a->commits++;
            atomic_fetch_add(a->total, 1);
        }
        else
            JetRollback(x.s, 0);
    }
    JetEndSession(x.s, 0);
    return NULL;
}

Test(escrow, snapshot_reader_sees_a_stable_value, .timeout = 60)
{
    pthread_t th[2];
    struct bump_arg args[2];
    atomic_int stop = 0;
    atomic_long total = 0;
    struct ses r;
    fx_open("esc-snapshot");
    ses_open(&r);
    for (int i = 0; i < 2; i++) {
        args[i] = (struct bump_arg){&stop, &total, 0};
        pthread_create(&th[i], NULL, bump_main, &args[i]);
    }
    int32_t last = -1;
    int moved = 0;
    for (int round = 0; round < 20 || !moved; round++) {
        long before = atomic_load(&total);
        while (atomic_load(&total) < before + 5) /* deltas commit during every round */
            sched_yield();
        API_CHECK(JetBeginTransaction(r.s), JET_errSuccess);
        int32_t first = get(&r, 2, F.cnt);
        cr_assert_eq(first % 2, 0, "every delta is whole");
        long at = atomic_load(&total);
        for (int k = 0; k < 200; k++)
            cr_assert_eq(get(&r, 2, F.cnt), first, "round %d read %d", round, k);
        while (atomic_load(&total) < at + 5)
            sched_yield();
        cr_assert_eq(get(&r, 2, F.cnt), first, "round %d, after more commits", round);
        API_CHECK(JetCommitTransaction(r.s, 0), JET_errSuccess);
        moved |= last >= 0 && first != last;
        last = first;
    }
    atomic_store(&stop, 1);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    cr_assert_gt(args[0].commits + args[1].commits, 0);
    cr_assert_eq(get(&r, 2, F.cnt), 2 * (args[0].commits + args[1].commits));
    api_instance_term(F.inst);
}
