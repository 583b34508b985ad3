/*
 * test_escrow_fault.c -- allocation failure on the escrow and read-lock
 * paths. For every allocation N reached by one JetEscrowUpdate (and one
 * JetGetLock(JET_bitReadLock)) inside a transaction that already wrote or
 * not, in both injection modes (only N fails / N and every later one
 * fail): the call returns success or JET_errOutOfMemory (nothing else),
 * and after a failure nothing changed -- the session reads the value it
 * read before, another transaction can add its own delta and replace the
 * row (no delta or lock was left behind), and after JetTerm the engine's
 * live blocks are back at the baseline of a warm-up cycle.
 * Commits of deltas with every allocation failing (the fold is best
 * effort) still succeed and count every delta once.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <unistd.h>

#include "esent.h"
#include "sync/alloc.h"
#include "sync/rcu.h"

#include "escrow_table.h"

#define MAX_N 2000

static void seek(struct ses *x, int32_t id)
{
    cr_assert_eq(JetMakeKey(x->s, x->t, &id, 4, JET_bitNewKey), JET_errSuccess);
    cr_assert_eq(JetSeek(x->s, x->t, JET_bitSeekEQ), JET_errSuccess);
}

static int32_t cnt(struct ses *x)
{
    int32_t v = -1;
    cr_assert_eq(JetRetrieveColumn(x->s, x->t, g_cnt, &v, 4, NULL, 0, NULL), JET_errSuccess);
    return v;
}

/* nothing_left -- another transaction can add a delta and replace the row:
 * no delta or lock of the failed call is on it. Leaves the value as it was
 * (rolled back). */
static void nothing_left(struct ses *b, int32_t id)
{
    int32_t one = 1, v = 5;
    cr_assert_eq(JetBeginTransaction(b->s), JET_errSuccess);
    seek(b, id);
    cr_assert_eq(JetEscrowUpdate(b->s, b->t, g_cnt, &one, 4, NULL, 0, NULL, 0), JET_errSuccess);
    cr_assert_eq(JetRollback(b->s, 0), JET_errSuccess);
    cr_assert_eq(JetBeginTransaction(b->s), JET_errSuccess);
    seek(b, id);
    cr_assert_eq(JetPrepareUpdate(b->s, b->t, JET_prepReplace), JET_errSuccess);
    cr_assert_eq(JetSetColumn(b->s, b->t, g_plain, &v, 4, 0, NULL), JET_errSuccess);
    cr_assert_eq(JetUpdate(b->s, b->t, NULL, 0, NULL), JET_errSuccess);
    cr_assert_eq(JetRollback(b->s, 0), JET_errSuccess);
}

/* sweep -- inject at every allocation of one call (op 0: escrow +1, op 1:
 * read lock), with the transaction fresh (pre 0) or having written a delta
 * to row 2 already (pre 1). Returns the number of failing N. */
static int sweep(int nth, int op, int pre)
{
    struct ses a, b;
    int failed = 0;
    int32_t one = 1;
    ses_open(&a);
    ses_open(&b);
    int64_t live0 = 0;
    for (uint64_t n = 0; n < MAX_N; n++) {
        cr_assert_eq(JetBeginTransaction(a.s), JET_errSuccess);
        if (pre) {
            seek(&a, 2);
            cr_assert_eq(JetEscrowUpdate(a.s, a.t, g_cnt, &one, 4, NULL, 0, NULL, 0), JET_errSuccess);
        }
        seek(&a, 1);
        int32_t before = cnt(&a);
        if (n == 0)
            live0 = oe_alloc_live_blocks();
        if (nth)
            oe_alloc_fail_nth(n);
        else
            oe_alloc_fail_after(n);
        JET_ERR err = op == 0 ? JetEscrowUpdate(a.s, a.t, g_cnt, &one, 4, NULL, 0, NULL, 0)
                              : JetGetLock(a.s, a.t, JET_bitReadLock);
        uint64_t reached = oe_alloc_attempts();
        oe_alloc_fail_reset();
        cr_assert(err == JET_errSuccess || err == JET_errOutOfMemory, "N=%llu: %d",
                  (unsigned long long)n, (int)err);
        if (err < 0) {
            failed++;
            cr_assert_eq(cnt(&a), before, "N=%llu: the failed delta is not seen", (unsigned long long)n);
            cr_assert_eq(JetCommitTransaction(a.s, 0), JET_errSuccess); /* commits the pre delta */
            nothing_left(&b, 1);
            continue;
        }
        cr_assert_eq(cnt(&a), before + (op == 0), "N=%llu", (unsigned long long)n);
        cr_assert_eq(JetRollback(a.s, 0), JET_errSuccess);
        if (reached <= n)
            break; /* allocation N was never reached: every site was visited */
    }
    oe_rcu_barrier();
    cr_log_info("%s op %d pre %d: %d sites failed, live blocks %lld -> %lld", nth ? "nth" : "after",
                op, pre, failed, (long long)live0, (long long)oe_alloc_live_blocks());
    cr_assert_eq(JetEndSession(a.s, 0), JET_errSuccess);
    cr_assert_eq(JetEndSession(b.s, 0), JET_errSuccess);
    return failed;
}

Test(escrow_fault, every_allocation_on_the_escrow_and_lock_paths)
{
    /* warm-up cycle: process-lifetime tables are made; then the baseline */
    escrow_setup("escfault", 2);
    cr_assert_eq(JetTerm2(g_inst, JET_bitTermAbrupt), JET_errSuccess);
    oe_rcu_barrier();
    int64_t baseline = oe_alloc_live_blocks();
    escrow_setup("escfault", 2);
    for (int nth = 0; nth <= 1; nth++)
        for (int op = 0; op <= 1; op++)
            for (int pre = 0; pre <= 1; pre++) {
                int failed = sweep(nth, op, pre);
                /* a fresh transaction allocates its record, undo entry and
                 * version; with one already written, undo entry and version */
                cr_assert_geq(failed, pre ? 2 : 3, "nth %d op %d pre %d", nth, op, pre);
            }
    struct ses a;
    ses_open(&a);
    seek(&a, 1);
    cr_assert_eq(cnt(&a), 0, "every delta of row 1 was rolled back or failed");
    cr_assert_eq(JetTerm2(g_inst, JET_bitTermAbrupt), JET_errSuccess);
    oe_rcu_barrier();
    cr_assert_eq(oe_alloc_live_blocks(), baseline, "nothing leaked");
}

Test(escrow_fault, commits_of_deltas_absorb_failed_folds)
{
    struct ses a, r;
    int32_t one = 1;
    escrow_setup("escfault", 2);
    ses_open(&a);
    ses_open(&r);
    seek(&r, 1);
    int32_t base = cnt(&r);
    for (int i = 0; i < 2000; i++) {
        cr_assert_eq(JetBeginTransaction(a.s), JET_errSuccess);
        seek(&a, 1);
        cr_assert_eq(JetEscrowUpdate(a.s, a.t, g_cnt, &one, 4, NULL, 0, NULL, 0), JET_errSuccess);
        if (i % 2)
            oe_alloc_fail_after(0); /* the commit's fold (and its scan) fail */
        JET_ERR err = JetCommitTransaction(a.s, 0);
        oe_alloc_fail_reset();
        cr_assert_eq(err, JET_errSuccess, "commit %d", i);
    }
    seek(&r, 1);
    cr_assert_eq(cnt(&r), base + 2000);
    cr_assert_eq(JetTerm2(g_inst, JET_bitTermAbrupt), JET_errSuccess);
}
