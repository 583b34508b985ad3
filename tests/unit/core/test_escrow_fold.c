/*
 * test_escrow_fold.c -- folding escrow deltas (src/core/verstore.c, fold_run)
 * never shows a snapshot a delta committed after it.
 *
 * The chain a fold may not make: settled deltas (committed at or before the
 * snapshot set's C) lying ABOVE an uncommitted delta, above a run that gets
 * folded. The fold's versions are committed at the run's timestamps, which
 * can be later than those of the deltas left above; when those deltas are
 * folded in turn, on top of the first fold, a delta committed before an
 * active snapshot lands in that snapshot's bucket -- whose new version then
 * starts from the first fold's record, which holds deltas the snapshot must
 * not see. The escrow stress test saw it as a counter that moved inside a
 * snapshot transaction (about one run in ten under load).
 *
 * Here, on one thread with one session per transaction, and snapshot sets
 * made only by committers of deltas (each commit below sleeps past the
 * 250 us set period first, and deferred sets are off):
 *   A2 adds (open), L adds (open), B adds and commits (t2);
 *   R begins: its snapshot is t2, it reads 1 (B's delta);
 *   A2 commits; X adds and commits (its prune folds A2's delta, below L's
 *   open one, if the rule allows); L commits; Y adds and commits (its prune
 *   folds X's, B's and L's deltas on top of whatever lies below).
 * R must read 1 throughout; after it ends, a fresh reader sees all 5.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <unistd.h>

#include "core/verstore.h"
#include "esent.h"
#include "sync/rcu.h"

#include "escrow_table.h"


static void seek(struct ses *x)
{
    int32_t id = 1;
    cr_assert_eq(JetMakeKey(x->s, x->t, &id, 4, JET_bitNewKey), JET_errSuccess);
    cr_assert_eq(JetSeek(x->s, x->t, JET_bitSeekEQ), JET_errSuccess);
}

static int32_t cnt(struct ses *x)
{
    int32_t v = -1;
    seek(x);
    cr_assert_eq(JetRetrieveColumn(x->s, x->t, g_cnt, &v, 4, NULL, 0, NULL), JET_errSuccess);
    return v;
}

/* add -- begin a transaction on x and add 1 to the counter. */
static void add(struct ses *x)
{
    int32_t one = 1;
    cr_assert_eq(JetBeginTransaction(x->s), JET_errSuccess);
    seek(x);
    cr_assert_eq(JetEscrowUpdate(x->s, x->t, g_cnt, &one, 4, NULL, 0, NULL, 0), JET_errSuccess);
}

/* commit -- after the snapshot-set period, so the commit makes a new set
 * (and the next commit's prune uses it). */
static void commit(struct ses *x)
{
    usleep(2000);
    cr_assert_eq(JetCommitTransaction(x->s, 0), JET_errSuccess);
}

Test(escrow_fold, a_fold_under_an_open_delta_never_leaks_into_an_older_snapshot)
{
    escrow_setup("escfold", 1);
    oe_vs_deferred_sets(0);
    oe_rcu_barrier(); /* a deferred request of the set-up would hold back the committers' */
    struct ses a2, l, b, r, x, y;
    ses_open(&a2);
    ses_open(&l);
    ses_open(&b);
    ses_open(&r);
    ses_open(&x);
    ses_open(&y);
    add(&a2);
    add(&l);
    add(&b);
    commit(&b);
    cr_assert_eq(JetBeginTransaction(r.s), JET_errSuccess);
    cr_assert_eq(cnt(&r), 1, "the snapshot sees B's delta only");
    commit(&a2);
    cr_assert_eq(cnt(&r), 1, "after A2's commit");
    add(&x);
    commit(&x);
    cr_assert_eq(cnt(&r), 1, "after X's commit (a fold under L's open delta?)");
    commit(&l);
    cr_assert_eq(cnt(&r), 1, "after L's commit");
    add(&y);
    commit(&y);
    cr_assert_eq(cnt(&r), 1, "after Y's commit (a fold over the deltas L left above)");
    cr_assert_eq(JetCommitTransaction(r.s, 0), JET_errSuccess);
    cr_assert_eq(cnt(&r), 5, "every delta, once");
    oe_vs_deferred_sets(1);
    cr_assert_eq(JetTerm(g_inst), JET_errSuccess);
}
