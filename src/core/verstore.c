/*
 * verstore.c -- the version store (ESE's RCEs): snapshot isolation over the
 * version chains of table.c, first-writer-wins conflicts, rollback, commit
 * with one store, garbage collection of versions no snapshot can see, and
 * the JET_paramMaxVerPages budget.
 *
 * TRANSACTION RECORD. A transaction's first write allocates a struct
 * oe_txrec (state ACTIVE); empty and read-only transactions never do, so
 * they write no shared memory. A session finds its record through its undo
 * list: every undo entry names it. The record lives until the outermost
 * commit, or the rollback of the last write, and is retired through
 * oe_call_rcu (readers that loaded a version's tx pointer may still read it).
 *
 * VERSIONS. A write pushes a version on top of its row's chain (CAS of
 * row->head) naming its record in v->tx. A version with a record image
 * made with room for it (oe_recbuf_finish_pre(OE_VS_REC_PRE): the cursor's
 * JetUpdate) is placed in the image's prefix (OE_VER_INREC): one
 * allocation for both, freed as one (oe_vs_ver_free_now frees the image).
 * Until publication the image stays the caller's (oe_vs_write_abandon
 * then frees nothing), so an abandoned write frees it after the abandon.
 * Commit:
 *     state = PRECOMMIT (release); ts = fetch_add(clock) + 1 (acq_rel);
 *     LP(commit): state = ts (release) -- every version becomes visible;
 *     then per version: commit_ts = ts (release), tx = NULL (release).
 * A reader that finds commit_ts == 0 loads tx; NULL means it was stamped
 * meanwhile (reload commit_ts). PRECOMMIT exists for one window: a reader
 * whose snapshot clock value is >= ts must not decide "uncommitted" before
 * state = ts is stored; its acquire load of the clock read the committer's
 * fetch_add or a later value, so it sees PRECOMMIT and waits (sched_yield)
 * for the final state -- a window of a few instructions.
 *
 * VISIBILITY (oe_vs_visible). Walk from head (acquire) along older
 * (acquire): lock versions are skipped; a version is visible if it is the
 * reader's own, or committed at ts <= snapshot; the first visible version
 * decides (a tombstone: no row). A transaction's snapshot is the clock at
 * its level-0 begin, outside a transaction the clock at the operation.
 *
 * WRITE RULE (oe_vs_head_check, chain_check). A plain write (record,
 * tombstone, write lock) walks down from head over the commuting versions
 * (below): each must be its own, committed at ts <= its snapshot, or a
 * released read lock; the first plain version must be its own or committed
 * at ts <= its snapshot; otherwise WriteConflict at once (first writer
 * wins; no waiting). The write itself is a CAS of head from the checked
 * value: LP(write). A lost CAS is a conflict too.
 *
 * COMMUTING VERSIONS (ESE: "readLock, delta, delta64 commute with the same
 * oper; changing oper on such a chain requires no other active owner").
 * Two kinds carry no record and have OE_VER_LOCK, so readers and the index
 * code skip them like write locks:
 *   delta (struct oe_vs_delta: column, addend) -- JetEscrowUpdate;
 *   read lock -- JetGetLock(JET_bitReadLock).
 * oe_vs_commute pushes one with the same walk, except that other
 * transactions' uncommitted versions of the SAME kind are passed over, and
 * that a delta also passes committed deltas newer than its snapshot
 * (deltas commute with deltas; any other change after the snapshot is a
 * conflict). Its CAS of head, LP(commuting write), is retried after
 * re-checking the new head when another commuting writer won it. So
 * several transactions' uncommitted deltas (or read locks) may sit on one
 * chain, in push order; commit order may differ. Invariant C: below a
 * delta or read lock of transaction T there is no uncommitted version of
 * another transaction that does not commute with it (pushes happen only at
 * head, after the walk), so a plain write finds every holder on its walk.
 *   Reading (oe_vs_visible_delta): the value a view sees is the first
 * plain version it sees plus every delta above it that it sees (its own,
 * or committed at ts <= snapshot); aborted deltas are skipped.
 *   Read locks are released at commit (release_lock: unlinked like a
 * rollback, never stamped) and at rollback; they are never committed
 * versions on a chain for long, and a committed one is ignored.
 *   JET_bitEscrowNoRollback: the rollback of a nested level re-pushes the
 * undo entry at the parent level; the outermost rollback commits the delta
 * alone (solo_commit: tx = g_solo, whose PRECOMMIT state makes readers wait
 * for the version's own commit_ts, then tick, stamp) and queues the row for
 * pruning.
 *
 * ROLLBACK (undo_close, allocates nothing). Under the row latch: the
 * version is marked aborted (tx = the static aborted record), then leaves
 * the chain (unlink_locked): a plain version is the head (newer writes of
 * the row are this session's and were undone first; nobody stacks on it),
 * and head = v->older -- LP(rollback); a commuting version may lie under
 * other transactions' commuting versions: head moves by CAS (writers push
 * without the latch), an inner version by its predecessor's older pointer
 * (rewritten only under the latch) -- LP(rollback, inner). Then the index
 * entries only that version needed are removed, a row left without
 * versions is marked dead and leaves its primary index, and the version
 * is retired through RCU.
 *
 * SNAPSHOT SET AND GARBAGE COLLECTION. Each session publishes its snapshot
 * (s->vs_snap) inside a read-side section at level-0 begin, and 0 at the
 * end. A committer asks for a new snapshot set at most every ~1 ms: it
 * reads C = clock and hands a request to oe_call_rcu; after the grace
 * period the callback scans the session slots. Every begin whose section
 * overlapped the C load has finished and its store is seen; every later
 * begin reads a clock >= C. So the set {active snapshots < C} + C covers
 * every snapshot that can exist while the set is in use (a per-operation
 * reader's snapshot is read inside its section and is >= C for the same
 * reason). The set is published with an atomic exchange and retired through
 * RCU; the commit path only loads it.
 *   Prune(row) under the row latch (try only: a busy latch defers): keep
 * uncommitted versions, committed versions with ts > C, and for each target
 * in set + {C} the newest committed non-lock version with ts <= target;
 * unlink the rest (older pointer store; a reader walking an unlinked
 * version still reaches every kept one: older pointers only ever skip
 * forward over versions that no snapshot needs), remove their index entries
 * no remaining version needs, retire them through RCU. A row whose head is
 * a committed tombstone with ts <= min(set + {C}) dies: CAS head to the dead
 * sentinel (LP(death); a writer that stacked first wins), its primary entry
 * is removed and the row is retired.
 *   Deltas cannot simply be dropped: a committed delta is kept while the
 * highest target not yet served by a value version above it sees it. To
 * bound a row that takes a stream of deltas, prune first FOLDS (fold_locked,
 * fold_run): the newest run of committed deltas, each at ts <= C, lying
 * directly above a committed record version b is replaced by one value
 * version per target that some delta of the run first becomes visible at
 * (b's record plus every delta of the run up to that target, committed at
 * the highest ts of that target's bucket), linked above the run --
 * LP(fold); the prune that follows unlinks the run and b, which no target
 * needs any more. A reader already inside the run sums it down to b and
 * gets the same value. A run broken by another transaction's uncommitted
 * delta is left alone (a reader passing that delta after the fold would
 * count the run twice); it folds once that transaction ends. A fold
 * allocates (a record copy per new version); when it cannot, nothing
 * changes and the row stays queued. Readers and delta writers walk the
 * deltas newer than C, so a committer of deltas asks for the next set
 * synchronously (scan_sync: a grace period in the committer, at most once
 * per SCAN_PERIOD_NS) instead of through the call_rcu thread, which batches
 * for ~10 ms. That thread's delay also bounds what other rows retain (the
 * versions committed after the set's C), and it grows with the load on
 * the machine: so a committer that finds the clock SCAN_LAG_MAX commits
 * past the current set's C waits for a grace period and publishes the
 * next set itself (scan_lagging; one such committer at a time, at most
 * once per SCAN_LAG_MAX commits when the call_rcu thread keeps up).
 *   The committer prunes every row it wrote. A row that still holds more
 * than one version afterwards is queued (once: the DEFER bit) on its
 * table's deferred list, and each commit on that table re-prunes a bounded
 * number of queued rows, in passes over the list, one pass per snapshot
 * set (a set re-prunes nothing it already pruned). So memory is bounded by the versions newer than
 * the last set's C plus one version per (row, active snapshot) -- a long
 * transaction pins only the newest version at or below its snapshot of
 * each row, never the intermediate ones.
 *
 * BUDGET. Each instance has MaxVerPages x VerPageSize bytes of version
 * memory, kept as credits of the instance's OE_Q_VERBYTES kind
 * (instance.h): a pool plus one cache per thread, so the budget is not a
 * shared counter -- a thread takes and gives on a line only it writes and
 * touches the pool (under its lock) once per batch; when the pool is dry,
 * the taker steals every cache before it fails, so a write fails only when
 * the whole instance is out of credit. A transaction reserves credit in
 * chunks of half a batch (not per write) into tx->credit and charges each
 * version it creates from it. An uncommitted version stays charged; once
 * committed, a version is charged only while pruning retains it for an
 * active snapshot older than C (the pruner takes that charge, possibly
 * overdrawing the budget, which makes later writes fail until it is
 * repaid); versions newer than C wait uncharged for the next set (bounded
 * by the commit rate times the set's age). Pruning (at commit) and
 * rollback settle charges into tx->credit, which goes back -- possibly
 * negative, an overdraft -- in one give when the transaction retires: so
 * a committing thread makes two accesses to its own cache per transaction,
 * one take and one give. Beyond the budget a write fails with
 * JET_errVersionStoreOutOfMemory before anything is published.
 *
 * ROW WORD (row->gc): LATCH (bit 0: chain surgery -- pruning, rollback
 * unlinking, a writer's index step; held for a bounded number of steps,
 * never while waiting for another transaction), DEFER (on a deferred list;
 * the list node keeps the row alive), DEAD (left its indexes).
 */
#include "verstore.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "instance.h"
#include "record.h"
#include "session.h"
#include "sync/alloc.h"
#include "sync/retire.h"
#include "sync/thread_id.h"

#define ROW_LATCH 0x1u
#define ROW_DEFER 0x2u
#define ROW_DEAD 0x4u

#define SCAN_PERIOD_NS 250000ull /* snapshot set recomputation, at most this often */
#define SCAN_LAG_MAX 8192         /* commits past the set's C before a committer waits */
#define DEFER_WORK 8              /* deferred rows re-pruned per commit */
#define PRUNE_TARGETS_STACK 64

/* The commit clock (verstore.h: read inline by oe_vs_clock_now). Starts at
 * 16 so that states 0..15 of a transaction record are never timestamps. */
OE_CACHE_ALIGNED _Atomic uint64_t oe_vs_clock = OE_TX_TS_MIN;

/* The record of rolled-back versions (and released read locks): [imm]
 * state ABORTED. */
static struct oe_txrec g_aborted = {.state = OE_TX_ABORTED};

/* The record of a JET_bitEscrowNoRollback delta being committed on its own
 * at rollback: [imm] state PRECOMMIT; readers that find it wait for the
 * version's own commit_ts (oe_vs_ver_ts). */
static struct oe_txrec g_solo = {.state = OE_TX_PRECOMMIT};

/* The dead-row sentinel: a tombstone committed before every snapshot. */
struct oe_ver oe_vs_dead_ver = {.commit_ts = 1, .flags = OE_VER_DEAD};

uint64_t oe_vs_clock_tick(void)
{
    return atomic_fetch_add_explicit(&oe_vs_clock, 1, memory_order_acq_rel) + 1;
}

/* ---- budget ------------------------------------------------------------------ */

/* charge -- take `bytes` from the transaction's credit, refilling it from
 * the instance's budget in chunks of half a credit batch (near the limit,
 * where a chunk is refused, just what the write needs). */
static JET_ERR charge(struct oe_txrec *tx, int64_t bytes)
{
    struct oe_instance *ins = tx->ins;
    if (!ins)
        return JET_errSuccess;
    if (bytes > ins->credit_limit[OE_Q_VERBYTES])
        return OE_ERR(JET_errVersionStoreEntryTooBig);
    if (tx->credit < bytes) {
        int64_t want = bytes - tx->credit;
        int64_t chunk = ins->credit_batch[OE_Q_VERBYTES] / 2;
        JET_ERR err;
        if (want < chunk && oe_ins_take_credits(ins, OE_Q_VERBYTES, chunk) == JET_errSuccess)
            tx->credit += chunk;
        else if ((err = oe_ins_take_credits(ins, OE_Q_VERBYTES, want)) == JET_errSuccess)
            tx->credit += want;
        else
            return err;
    }
    tx->credit -= bytes;
    return JET_errSuccess;
}

/* settle -- give the transaction's remaining credit back (negative: the
 * overdraft its pruning charged); at retirement or abandonment. */
static void settle(struct oe_txrec *tx)
{
    if (tx->ins && tx->credit)
        oe_ins_give_credits(tx->ins, OE_Q_VERBYTES, tx->credit);
    tx->credit = 0;
}

int64_t oe_vs_pool_used(struct oe_instance *ins)
{
    return ins->credit_limit[OE_Q_VERBYTES] - oe_ins_credits_free(ins, OE_Q_VERBYTES);
}

/* ---- the row word ----------------------------------------------------------- */

void oe_vs_row_latch(struct oe_row *row)
{
    while (!oe_vs_row_trylatch(row))
        sched_yield(); /* the holder runs a bounded step; it never waits for us */
}

int oe_vs_row_trylatch(struct oe_row *row)
{
    uint32_t w = atomic_load_explicit(&row->gc, memory_order_relaxed);
    while (!(w & ROW_LATCH)) {
        /* Acquire pairs with the release of the previous holder's unlatch. */
        if (atomic_compare_exchange_weak_explicit(&row->gc, &w, w | ROW_LATCH, memory_order_acquire,
                                                  memory_order_relaxed))
            return 1;
    }
    return 0;
}

void oe_vs_row_unlatch(struct oe_row *row)
{
    atomic_fetch_and_explicit(&row->gc, ~ROW_LATCH, memory_order_release);
}

/* row_kill_locked -- under the latch, after head became the dead sentinel:
 * leave the primary index; retire the row unless a deferred node holds it
 * (that node retires it). */
static void row_kill_locked(struct oe_table *t, struct oe_row *row, struct oe_omap_hint *hint)
{
    oe_tab_drop_row(t, row, hint);
    uint32_t w = atomic_fetch_or_explicit(&row->gc, ROW_DEAD, memory_order_acq_rel);
    if (!(w & ROW_DEFER))
        oe_tab_retire_row(row);
}

/* ---- reading ------------------------------------------------------------------ */

uint64_t oe_vs_ver_ts(struct oe_ver *ver, const struct oe_vs_view *v, int *pmine)
{
    *pmine = 0;
    /* Acquire pairs with the committer's release store of commit_ts. */
    uint64_t ts = atomic_load_explicit(&ver->commit_ts, memory_order_acquire);
    if (ts)
        return ts;
    struct oe_txrec *tx = atomic_load_explicit(&ver->tx, memory_order_acquire);
    if (!tx) /* stamped between the two loads: tx = NULL is stored after commit_ts */
        return atomic_load_explicit(&ver->commit_ts, memory_order_acquire);
    if (tx == v->tx) {
        *pmine = 1;
        return 0;
    }
    for (;;) {
        /* Acquire pairs with the committer's release stores of the state. */
        uint64_t st = atomic_load_explicit(&tx->state, memory_order_acquire);
        if (st >= OE_TX_TS_MIN)
            return st;
        if (st != OE_TX_PRECOMMIT)
            return 0;
        /* A solo commit (g_solo) stamps the version itself. */
        uint64_t own = atomic_load_explicit(&ver->commit_ts, memory_order_acquire);
        if (own)
            return own;
        sched_yield();
    }
}

struct oe_ver *oe_vs_visible(struct oe_row *row, const struct oe_vs_view *v)
{
    /* Acquire pairs with the CAS (release) that published each version. */
    for (struct oe_ver *x = atomic_load_explicit(&row->head, memory_order_acquire); x;
         x = atomic_load_explicit(&x->older, memory_order_acquire)) {
        if (x->flags & OE_VER_LOCK)
            continue;
        int mine;
        uint64_t ts = oe_vs_ver_ts(x, v, &mine);
        if (!mine && (ts == 0 || ts > v->snap))
            continue;
        /* The caller reads the record next (a seek's key check, a
         * retrieve): start its miss now, it lies lines away from x. */
        __builtin_prefetch(x->rec);
        return x->rec ? x : NULL;
    }
    return NULL;
}

/* ver_kind -- OE_VER_DELTA, OE_VER_RLOCK, or 0 for a plain version. */
static inline uint32_t ver_kind(const struct oe_ver *x)
{
    return x->flags & (OE_VER_DELTA | OE_VER_RLOCK);
}

/* ver_aborted -- rolled back (or a released read lock): being unlinked. */
static inline int ver_aborted(struct oe_ver *x)
{
    return atomic_load_explicit(&x->tx, memory_order_acquire) == &g_aborted;
}

/* chain_check -- the write rule for a write of kind `kind` (0: plain) by
 * view v, walking down from head h (see COMMUTING VERSIONS). *pheld (may
 * be NULL) is set when v's transaction already holds the row at least as
 * strongly as a read lock. */
static JET_ERR chain_check(struct oe_ver *h, const struct oe_vs_view *v, uint32_t kind,
                           int *pheld)
{
    for (struct oe_ver *x = h; x && !oe_vs_is_dead(x);
         x = atomic_load_explicit(&x->older, memory_order_acquire)) {
        int mine;
        uint64_t ts = oe_vs_ver_ts(x, v, &mine);
        uint32_t xk = ver_kind(x);
        /* A commuting version being rolled back is passed over; an aborted
         * plain one still conflicts (as before: its row may be dying). */
        if (xk != 0 && !mine && ts == 0 && ver_aborted(x))
            continue;
        if (xk == 0) { /* the first plain version decides */
            if (kind == OE_VER_DELTA && (x->flags & OE_VER_FOLD) && ts > v->snap) {
                /* Deltas committed after the snapshot, folded: they commute
                 * with this delta as they did unfolded; the base decides. */
                uint64_t bts = ((const struct oe_vs_fold *)x)->base_ts;
                return bts > v->snap ? OE_ERR(JET_errWriteConflict) : JET_errSuccess;
            }
            if (mine) {
                if (pheld)
                    *pheld = 1;
                return JET_errSuccess;
            }
            return ts == 0 || ts > v->snap ? OE_ERR(JET_errWriteConflict) : JET_errSuccess;
        }
        if (mine) {
            if (pheld && xk == OE_VER_RLOCK)
                *pheld = 1;
            continue;
        }
        if (ts == 0) { /* another transaction's: commutes only with its own kind */
            if (kind != 0 && kind == xk)
                continue;
            return OE_ERR(JET_errWriteConflict);
        }
        if (xk == OE_VER_RLOCK)
            continue; /* a committed read lock is released */
        if (ts > v->snap && kind != OE_VER_DELTA)
            return OE_ERR(JET_errWriteConflict); /* the value changed after the snapshot */
    }
    return JET_errSuccess;
}

JET_ERR oe_vs_head_check(struct oe_ver *h, const struct oe_vs_view *v)
{
    return chain_check(h, v, 0, NULL);
}

struct oe_ver *oe_vs_visible_delta(struct oe_row *row, const struct oe_vs_view *v,
                                   JET_COLUMNID col, int64_t *psum)
{
    int64_t sum = 0;
    *psum = 0;
    /* Acquire pairs with the CAS (release) that published each version. */
    for (struct oe_ver *x = atomic_load_explicit(&row->head, memory_order_acquire); x;
         x = atomic_load_explicit(&x->older, memory_order_acquire)) {
        int mine;
        if (x->flags & OE_VER_DELTA) {
            const struct oe_vs_delta *d = (const struct oe_vs_delta *)x;
            if (d->col != col)
                continue;
            uint64_t ts = oe_vs_ver_ts(x, v, &mine);
            if (mine || (ts != 0 && ts <= v->snap))
                sum += d->delta;
            continue;
        }
        if (x->flags & OE_VER_LOCK)
            continue;
        uint64_t ts = oe_vs_ver_ts(x, v, &mine);
        if (!mine && (ts == 0 || ts > v->snap))
            continue;
        if (!x->rec)
            return NULL;
        *psum = sum;
        return x;
    }
    return NULL;
}

/* ---- sessions --------------------------------------------------------------- */

static const struct oe_res_ops undo_ops;

struct oe_txrec *oe_vs_session_tx(struct oe_session *s)
{
    /* Every entry of the version store names the record; other kinds of
     * undo entries (tests of txn.c) are skipped. */
    for (struct oe_res *r = s->res[OE_RES_UNDO].head; r; r = r->next)
        if (r->ops == &undo_ops)
            return ((struct oe_vs_undo *)r)->tx;
    return NULL;
}

/* ---- the snapshot set ---------------------------------------------------------- */

struct snapset {
    struct rcu_head rcu;   /* [epoch] */
    size_t size;           /* [imm] bytes allocated */
    uint64_t c;            /* [imm] clock when the set was requested */
    uint32_t gen;          /* [imm] generation: 0 for the initial set, then rising */
    uint32_t n;            /* [imm] */
    uint64_t s[];          /* [imm] distinct active snapshots < c, ascending */
};

struct scan_req {
    struct rcu_head rcu;   /* [epoch] */
    uint64_t c;            /* [imm] */
};

static struct snapset g_set0; /* [imm] c = 0: keep everything */
/* The current set: [rcu] exchanged (acq_rel) by the scan callback, loaded
 * (acquire) by committers inside their read-side section. */
static _Atomic(struct snapset *) g_set = &g_set0;
static _Atomic int g_scan_pending;      /* [atomic acq/rel] one request at a time */
static _Atomic int g_lag_pending;       /* [atomic acq/rel] one lagging committer at a time */
static _Atomic uint64_t g_scan_last_ns; /* [atomic relaxed] time of the last request */
static _Atomic uint64_t g_set_c;        /* [atomic relaxed] the current set's c: a hint
                                           for the lag check, nothing is read through it */
/* scan_publish's callers: the deferred request's callback, a committer of
 * deltas (both g_scan_pending) and a lagging committer (g_lag_pending). A
 * cold path, taken at most every SCAN_PERIOD_NS or SCAN_LAG_MAX commits. */
static pthread_mutex_t g_publish_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t g_set_gen;              /* [g_publish_lock] generation of the last set */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void set_free_cb(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    struct snapset *s = caa_container_of(h, struct snapset, rcu);
    oe_free_untracked(s, s->size);
}

/* scan_publish -- after the grace period that followed the clock read of
 * c: collect the published snapshots below c and publish the set, unless
 * a set of a later c is already out (two requests can overlap: a set of
 * an earlier c is still safe, see SNAPSHOT SET, but prunes less). */
static void scan_publish(uint64_t c)
{
    pthread_mutex_lock(&g_publish_lock);
    if (c <= atomic_load_explicit(&g_set_c, memory_order_relaxed)) {
        pthread_mutex_unlock(&g_publish_lock);
        return;
    }
    uint32_t hw = oe_ses_table_high_water();
    size_t size = sizeof(struct snapset) + sizeof(uint64_t) * (size_t)(hw + 1);
    struct snapset *set = oe_malloc_untracked(size);
    if (set) {
        set->size = size;
        set->c = c;
        set->gen = ++g_set_gen == UINT32_MAX ? ++g_set_gen : g_set_gen;
        set->n = 0;
        for (uint32_t i = 0; i < hw; i++) {
            struct oe_session *s = oe_ses_at(i);
            if (!s)
                continue;
            uint64_t x = atomic_load_explicit(&s->vs_snap, memory_order_acquire);
            if (x && x < c)
                set->s[set->n++] = x;
        }
        qsort(set->s, set->n, sizeof(uint64_t), cmp_u64);
        uint32_t m = 0;
        for (uint32_t i = 0; i < set->n; i++)
            if (m == 0 || set->s[m - 1] != set->s[i])
                set->s[m++] = set->s[i];
        set->n = m;
        /* Release publishes the filled set to committers' acquire loads. */
        struct snapset *old = atomic_exchange_explicit(&g_set, set, memory_order_acq_rel);
        atomic_store_explicit(&g_set_c, c, memory_order_relaxed);
        if (old != &g_set0)
            oe_call_rcu(&old->rcu, set_free_cb);
    }
    pthread_mutex_unlock(&g_publish_lock);
}

/* scan_cb -- the deferred request's grace period has ended. */
static void scan_cb(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    struct scan_req *req = caa_container_of(h, struct scan_req, rcu);
    uint64_t c = req->c;
    oe_free_untracked(req, sizeof(*req));
    scan_publish(c);
    atomic_store_explicit(&g_scan_pending, 0, memory_order_release);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* scan_claim -- whether this caller makes the next snapshot-set request:
 * the last one is older than SCAN_PERIOD_NS and none is pending (the
 * exchange on g_scan_pending elects one caller; it clears it when done). */
static int scan_claim(void)
{
    uint64_t now = now_ns();
    if (now - atomic_load_explicit(&g_scan_last_ns, memory_order_relaxed) < SCAN_PERIOD_NS)
        return 0;
    if (atomic_exchange_explicit(&g_scan_pending, 1, memory_order_acq_rel))
        return 0;
    atomic_store_explicit(&g_scan_last_ns, now, memory_order_relaxed);
    return 1;
}

static _Atomic int g_deferred_sets = 1; /* [atomic relaxed] tests turn it off */

void oe_vs_deferred_sets(int on)
{
    atomic_store_explicit(&g_deferred_sets, on, memory_order_relaxed);
}

/* maybe_scan -- ask for a new snapshot set if the last request is old. */
static void maybe_scan(void)
{
    if (!atomic_load_explicit(&g_deferred_sets, memory_order_relaxed) || !scan_claim())
        return;
    struct scan_req *req = oe_malloc_untracked(sizeof(*req));
    if (!req) {
        atomic_store_explicit(&g_scan_pending, 0, memory_order_release);
        return;
    }
    req->c = oe_vs_clock_now();
    oe_call_rcu(&req->rcu, scan_cb);
}

/* scan_here -- a request made and served by the caller (outside any
 * read-side section), who holds *pending: read C, wait for the grace
 * period, publish, release *pending. */
static void scan_here(_Atomic int *pending)
{
    uint64_t c = oe_vs_clock_now();
    oe_synchronize_rcu();
    oe_rcu_grace_acquire();
    scan_publish(c);
    atomic_store_explicit(pending, 0, memory_order_release);
}

/* scan_sync -- the eager request of a committer of escrow deltas (outside
 * any read-side section): readers and writers of a delta row walk every
 * delta newer than the set's C, and the deferred request's grace period
 * (the call_rcu thread batches for ~10 ms) lets hundreds pile up; waiting
 * for the grace period here, at most once per SCAN_PERIOD_NS, keeps the
 * runs to what commits in that period. */
static void scan_sync(void)
{
    if (scan_claim())
        scan_here(&g_scan_pending);
}

/* scan_lagging -- a committer (outside any read-side section) that finds
 * the clock SCAN_LAG_MAX commits past the current set's C makes the next
 * set itself, whether or not a deferred request is pending. Without it,
 * what rows retain between sets grows with the call_rcu thread's delay,
 * which a loaded machine stretches (the long-reader memory test saw
 * ~40k retained blocks idle and over 75k under `ctest -j2`). */
static void scan_lagging(void)
{
    if (oe_vs_clock_now() - atomic_load_explicit(&g_set_c, memory_order_relaxed) <=
        SCAN_LAG_MAX)
        return;
    if (!atomic_exchange_explicit(&g_lag_pending, 1, memory_order_acq_rel))
        scan_here(&g_lag_pending);
}

void oe_vs_gc_kick(void)
{
    atomic_store_explicit(&g_scan_last_ns, 0, memory_order_relaxed);
    maybe_scan();
}

/* ---- pruning ---------------------------------------------------------------- */

/* ver_size -- bytes of a version's own allocation. */
static inline size_t ver_size(const struct oe_ver *v)
{
    return v->flags & OE_VER_DELTA  ? sizeof(struct oe_vs_delta)
           : v->flags & OE_VER_FOLD ? sizeof(struct oe_vs_fold)
                                    : sizeof(struct oe_ver);
}

void oe_vs_ver_free_now(struct oe_ver *v)
{
    if (v->flags & OE_VER_INREC) {
        oe_rec_free(v->rec); /* the block holds v too */
        return;
    }
    if (v->rec)
        oe_rec_free(v->rec);
    oe_free(v, ver_size(v));
}

static void ver_free_cb(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    oe_vs_ver_free_now(caa_container_of(h, struct oe_ver, rcu));
}

/* retire_ver -- free an unlinked version after a grace period. Pruned
 * versions go straight to liburcu: batching them (retire.h) kept one more
 * liburcu round of them alive under a steady writer (test_verstore_memory's
 * long reader: ~15k more live blocks). A rollback's (retire_undone_ver) are
 * batched: a rolled-back transaction retires them in bursts. */
static void retire_ver(struct oe_ver *v)
{
    oe_call_rcu(&v->rcu, ver_free_cb);
}

static void retire_undone_ver(struct oe_ver *v)
{
    oe_retire(&v->rcu, ver_free_cb);
}

enum prune_result { PRUNE_CLEAN, PRUNE_RETAINED, PRUNE_DEAD, PRUNE_BUSY };

#define FOLD_COLS 16    /* distinct escrow columns one fold can sum */
#define FOLD_STACK 32   /* targets handled without a scratch allocation */

/* struct fold_bucket -- the deltas of a run that first become visible at
 * one target: the highest commit timestamp among them and their sums. */
struct fold_bucket {
    uint64_t ts;                /* 0: no delta */
    int32_t sum[FOLD_COLS];
};

/* fold_run -- replace the run of committed deltas top..(just above) b
 * (every one at or below C) by value versions, one per target of the set
 * (ascending: s[0..n-1], C) that some delta of the run first becomes
 * visible at: version k holds b's record plus every delta of the run with
 * ts <= target k, and is committed at the highest such ts of its own
 * bucket. Chain after: above -> newest fold -> ... -> oldest fold -> top ->
 * run -> b. A reader at snapshot S (every snapshot in use is a target or
 * >= C) stops at the fold of the highest non-empty bucket <= S: exactly
 * its value; a reader whose buckets are all empty passes every fold and
 * finds no delta of the run it can see, so b; a reader already inside the
 * run sums it down to b. Every delta of the run was committed after b
 * (fold_locked's rule keeps it so when b is itself a fold), so b is
 * visible at every target a delta of the run falls into. The caller's
 * prune then unlinks top..b, which no target needs any more. Allocation
 * failure: nothing changes. */
static void fold_run(const struct oe_tdef *def, struct oe_row *row, struct oe_ver *above,
                     struct oe_ver *top, struct oe_ver *b, const struct snapset *set)
{
    static const struct oe_vs_view nobody = {0, NULL};
    struct fold_bucket stack[FOLD_STACK], *bk = stack;
    JET_COLUMNID cols[FOLD_COLS];
    int32_t cum[FOLD_COLS];
    uint32_t n = 0, nt = set->n + 1;
    int mine;
    size_t bytes = sizeof(*bk) * nt;
    /* The last non-delta change under the run: b's own commit, or the one
     * an earlier fold recorded when b is itself a fold. */
    uint64_t base_ts = b->flags & OE_VER_FOLD ? ((const struct oe_vs_fold *)b)->base_ts
                                              : oe_vs_ver_ts(b, &nobody, &mine);
    if (nt > FOLD_STACK && !(bk = oe_malloc_untracked(bytes)))
        return;
    memset(bk, 0, bytes);
    for (struct oe_ver *x = top; x != b; x = atomic_load_explicit(&x->older, memory_order_acquire)) {
        const struct oe_vs_delta *d = (const struct oe_vs_delta *)x;
        uint64_t ts = oe_vs_ver_ts(x, &nobody, &mine);
        uint32_t lo = 0, hi = set->n; /* the first target >= ts; C when none */
        while (lo < hi) {
            uint32_t mid = (lo + hi) / 2;
            if (set->s[mid] < ts)
                lo = mid + 1;
            else
                hi = mid;
        }
        uint32_t i = 0;
        while (i < n && cols[i] != d->col)
            i++;
        if (i == n) {
            if (n == FOLD_COLS)
                goto out;
            cols[n++] = d->col;
        }
        bk[lo].sum[i] = (int32_t)((uint32_t)bk[lo].sum[i] + (uint32_t)d->delta);
        if (ts > bk[lo].ts)
            bk[lo].ts = ts;
    }
    memset(cum, 0, sizeof(cum));
    struct oe_ver *prev = top;
    for (uint32_t k = 0; k < nt; k++) {
        if (!bk[k].ts)
            continue;
        for (uint32_t i = 0; i < n; i++)
            cum[i] = (int32_t)((uint32_t)cum[i] + (uint32_t)bk[k].sum[i]);
        struct oe_rec *rec;
        struct oe_vs_fold *fv;
        if (oe_rec_add_long(b->rec, def, cols, cum, n, &rec) < 0)
            goto undo;
        if (!(fv = oe_malloc(sizeof(*fv)))) {
            oe_rec_free(rec);
            goto undo;
        }
        fv->base_ts = base_ts;
        struct oe_ver *nv = &fv->v;
        atomic_init(&nv->older, prev);
        nv->rec = rec;
        atomic_init(&nv->tx, NULL);
        atomic_init(&nv->commit_ts, bk[k].ts);
        nv->flags = OE_VER_FOLD;
        nv->charge = 0;
        prev = nv;
    }
    /* LP(fold): one release store (a CAS when the run starts at head:
     * writers push there without the latch) links the folds above it. */
    if (above) {
        atomic_store_explicit(&above->older, prev, memory_order_release);
        goto out;
    }
    struct oe_ver *exp = top;
    if (atomic_compare_exchange_strong_explicit(&row->head, &exp, prev, memory_order_acq_rel,
                                                memory_order_relaxed))
        goto out;
undo: /* never published: free what was built */
    while (prev != top) {
        struct oe_ver *older = atomic_load_explicit(&prev->older, memory_order_relaxed);
        oe_vs_ver_free_now(prev);
        prev = older;
    }
out:
    if (bk != stack)
        oe_free_untracked(bk, bytes);
}

/* fold_locked -- find the newest run of committed deltas (each at or below
 * the set's C) directly above a committed record version and fold it
 * (under the row latch). Only a run right above its value version
 * qualifies: a delta left between (another transaction's, uncommitted)
 * would be counted twice by readers passing it after the fold. And only
 * when no settled delta lies above the run (above an uncommitted delta or
 * a lock that cut it off): the folds are committed at the run's
 * timestamps, which may be later than such a delta's, and fold_run relies
 * on every delta above a fold being committed after the fold's set's C
 * -- else a later fold would put that delta in the bucket of a snapshot
 * older than the fold it starts from, whose record holds deltas that
 * snapshot must not see (test_escrow_fold). A row in that state folds once
 * the delta that cut the run off has committed or rolled back. */
static void fold_locked(const struct oe_tdef *def, struct oe_row *row, const struct snapset *set)
{
    static const struct oe_vs_view nobody = {0, NULL};
    struct oe_ver *prev = NULL, *above = NULL, *top = NULL;
    int mine, cut_off = 0; /* a settled delta lies above the current run */
    for (struct oe_ver *x = atomic_load_explicit(&row->head, memory_order_acquire); x;
         prev = x, x = atomic_load_explicit(&x->older, memory_order_acquire)) {
        uint64_t ts = oe_vs_ver_ts(x, &nobody, &mine);
        int settled = ts != 0 && ts <= set->c;
        if ((x->flags & OE_VER_DELTA) && settled) {
            if (!top) {
                above = prev;
                top = x;
            }
            continue;
        }
        if (!(x->flags & OE_VER_LOCK)) { /* the value version the deltas above apply to */
            if (top && settled && x->rec && !cut_off)
                fold_run(def, row, above, top, x, set);
            return;
        }
        if (top)
            cut_off = 1;
        top = NULL;
    }
}

/* ver_bytes -- what a version costs the budget. */
static uint32_t ver_bytes(const struct oe_ver *v)
{
    return (uint32_t)(ver_size(v) + (v->rec ? oe_rec_size(v->rec) : 0));
}

/* prune_locked -- the collection step on one row (see the essay); the
 * caller holds the row latch and a read-side section. Budget: a committed
 * version is charged only while it is retained for an active snapshot
 * older than C (not the newest at or below C, not the bottom one);
 * uncommitted versions keep their writer's charge. Charges settle into
 * *credit (the pruning transaction's, NULL: unaccounted), possibly below 0. */
static enum prune_result prune_locked(struct oe_table *t, const struct oe_tdef *def,
                                      struct oe_row *row, const struct snapset *set,
                                      int64_t *credit)
{
    static const struct oe_vs_view nobody = {0, NULL};
    int64_t freed = 0;
    int mine;
    struct oe_ver *h = atomic_load_explicit(&row->head, memory_order_acquire);
    if (!h || oe_vs_is_dead(h))
        return PRUNE_DEAD;
    if (row->pruned_gen == set->gen) {
        /* Pruned with this very set already: every version added since was
         * committed after its C (or is uncommitted) and is kept, and nothing
         * below changed -- a walk would remove nothing. Only the versions
         * committed since give their charge back (they stop at the first
         * committed version without one): O(new versions) per commit. */
        for (struct oe_ver *v = h; v; v = atomic_load_explicit(&v->older, memory_order_acquire)) {
            if (oe_vs_ver_ts(v, &nobody, &mine) == 0)
                continue;
            if (!v->charge)
                break;
            freed += v->charge;
            v->charge = 0;
        }
        if (credit)
            *credit += freed;
        return PRUNE_RETAINED;
    }
    row->pruned_gen = set->gen;
    fold_locked(def, row, set);
    h = atomic_load_explicit(&row->head, memory_order_acquire);
    /* targets, descending: C, then the set's snapshots from the newest */
    uint32_t nt = set->n + 1, j = 0;
    struct oe_ver *prev = NULL, *last_kept = NULL;
    uint32_t kept = 0;
    int uncommitted_head = 0, committed_delta = 0;
    for (struct oe_ver *v = h, *next; v; v = next) {
        next = atomic_load_explicit(&v->older, memory_order_acquire);
        uint64_t ts = oe_vs_ver_ts(v, &nobody, &mine);
        int keep, pinned = 0;
        if (ts == 0) {
            keep = 1;
            if (v == h)
                uncommitted_head = 1;
        } else if (v->flags & OE_VER_DELTA) {
            /* Needed by the highest target not served yet (its value
             * version lies below) if that target sees it. */
            keep = ts > set->c || (j < nt && ts <= (j == 0 ? set->c : set->s[set->n - j]));
            committed_delta |= keep;
        } else if (v->flags & OE_VER_LOCK) {
            keep = v == h; /* a committed lock on top stays until the next writer */
        } else if (ts > set->c) {
            keep = 1;
        } else {
            keep = 0;
            int for_c = 0;
            while (j < nt && ts <= (j == 0 ? set->c : set->s[set->n - j])) {
                keep = 1;
                for_c |= j == 0;
                j++;
            }
            pinned = keep && !for_c;
        }
        if (keep) {
            if (ts != 0 && credit) { /* committed: charged iff pinned by an older snapshot */
                int64_t want = pinned ? ver_bytes(v) : 0;
                freed += (int64_t)v->charge - want;
                v->charge = (uint32_t)want;
            }
            prev = last_kept = v;
            kept++;
            continue;
        }
        /* LP(prune): the older store unlinks v; readers inside v keep going. */
        atomic_store_explicit(&prev->older, next, memory_order_release);
        oe_tab_drop_entries(t, def, row, v);
        freed += v->charge;
        retire_ver(v);
    }
    /* The bottom committed version is the row's plain value: uncharged. */
    if (last_kept && last_kept->charge && oe_vs_ver_ts(last_kept, &nobody, &mine) != 0) {
        freed += last_kept->charge;
        last_kept->charge = 0;
    }
    /* Committed deltas wait for a fold even under an uncommitted head (its
     * owner may roll back and never prune). */
    enum prune_result res =
        (uncommitted_head && !committed_delta) || kept == 1 ? PRUNE_CLEAN : PRUNE_RETAINED;
    /* Death: a committed tombstone every snapshot sees, alone on the chain. */
    if (kept == 1 && !h->rec && !(h->flags & OE_VER_LOCK) && !uncommitted_head) {
        uint64_t ts = oe_vs_ver_ts(h, &nobody, &mine);
        uint64_t min = set->n ? set->s[0] : set->c;
        struct oe_ver *exp = h;
        /* LP(death): a writer that stacked on the tombstone first wins. */
        if (ts <= min && atomic_compare_exchange_strong_explicit(
                             &row->head, &exp, &oe_vs_dead_ver, memory_order_acq_rel,
                             memory_order_relaxed)) {
            freed += h->charge;
            retire_ver(h);
            row_kill_locked(t, row, NULL);
            res = PRUNE_DEAD;
        } else if (ts > min) {
            res = PRUNE_RETAINED; /* to be reaped once every snapshot is past it */
        }
    }
    if (credit)
        *credit += freed; /* may be < 0: a take */
    return res;
}

/* ---- deferred rows ----------------------------------------------------------- */

static void undo_free(struct oe_vs_undo *u)
{
    oe_omap_hint_drop(&u->hint); /* a no-op unless the write still held one */
    oe_free(u, sizeof(*u));
}

/* defer_push -- queue a chain first..last on t's deferred list. */
static void defer_push(struct oe_vs_table *vt, struct oe_vs_undo *first, struct oe_vs_undo *last)
{
    struct oe_vs_undo *old = atomic_load_explicit(&vt->deferred, memory_order_relaxed);
    do {
        last->next_def = old;
        /* Release publishes the nodes' fields to the taker's acquire exchange. */
    } while (!atomic_compare_exchange_weak_explicit(&vt->deferred, &old, first,
                                                    memory_order_release, memory_order_relaxed));
}

/* defer_row -- after a commit left several versions on row: queue u for a
 * later prune unless the row is queued already (then u is freed). */
static void defer_row(struct oe_vs_table *vt, struct oe_vs_undo *u)
{
    struct oe_row *row = u->row;
    uint32_t w = atomic_load_explicit(&row->gc, memory_order_relaxed);
    do {
        if (w & (ROW_DEFER | ROW_DEAD)) {
            undo_free(u);
            return;
        }
    } while (!atomic_compare_exchange_weak_explicit(&row->gc, &w, w | ROW_DEFER,
                                                    memory_order_acq_rel, memory_order_relaxed));
    u->next_def = NULL;
    defer_push(vt, u, u);
}

/* process_deferred -- re-prune up to DEFER_WORK queued rows of table t.
 * One committer drains at a time (try-flag, nobody waits): it takes the
 * whole pushed list into its private `out` list when that is empty (and
 * the set is newer than the last pass's) and re-pushes the rows still
 * retaining versions, so every queued row comes round again after the
 * others (no starvation behind a pinned row). */
static void process_deferred(struct oe_table *t, const struct oe_tdef *def,
                             const struct snapset *set, int64_t *credit)
{
    struct oe_vs_table *vt = oe_tab_vs(t);
    if (!atomic_load_explicit(&vt->out, memory_order_relaxed) &&
        !atomic_load_explicit(&vt->deferred, memory_order_relaxed))
        return;
    int idle = 0;
    /* Acquire pairs with the previous drainer's release below. */
    if (!atomic_compare_exchange_strong_explicit(&vt->draining, &idle, 1, memory_order_acquire,
                                                 memory_order_relaxed))
        return;
    struct oe_vs_undo *out = atomic_load_explicit(&vt->out, memory_order_relaxed);
    if (!out) {
        /* A new pass only under a new snapshot set: every queued row was
         * tried under this set already (a committer prunes its row before
         * queueing it, a pass re-queues what it tried), and a second try
         * under the same set removes nothing. Only a row whose latch was
         * busy waits for the next set (a new one comes with activity,
         * SCAN_PERIOD_NS apart plus a grace period). Without this, every
         * commit re-walked DEFER_WORK rows in vain (update-heavy: ~19% of
         * the time, two misses and two atomics per row). */
        if (vt->pass_gen == set->gen + 1) {
            atomic_store_explicit(&vt->draining, 0, memory_order_release);
            return;
        }
        vt->pass_gen = set->gen + 1;
        /* acquire pairs with defer_push's release */
        out = atomic_exchange_explicit(&vt->deferred, NULL, memory_order_acquire);
    }
    for (int n = 0; n < DEFER_WORK && out; n++) {
        struct oe_vs_undo *u = out;
        out = u->next_def;
        struct oe_row *row = u->row;
        int done = 0;
        if (oe_vs_row_trylatch(row)) {
            enum prune_result r = (atomic_load_explicit(&row->gc, memory_order_relaxed) & ROW_DEAD)
                                      ? PRUNE_DEAD
                                      : prune_locked(t, def, row, set, credit);
            if (r == PRUNE_CLEAN)
                atomic_fetch_and_explicit(&row->gc, ~ROW_DEFER, memory_order_acq_rel);
            oe_vs_row_unlatch(row);
            if (r == PRUNE_DEAD)
                oe_tab_retire_row(row); /* the DEFER bit kept it for us */
            done = r == PRUNE_DEAD || r == PRUNE_CLEAN;
        }
        if (done)
            undo_free(u);
        else
            defer_push(vt, u, u);
    }
    atomic_store_explicit(&vt->out, out, memory_order_relaxed);
    atomic_store_explicit(&vt->draining, 0, memory_order_release);
}

/* fini_list -- free a list of deferred nodes (table storage is going). */
static void fini_list(struct oe_vs_undo *u)
{
    while (u) {
        struct oe_vs_undo *next = u->next_def;
        if (atomic_load_explicit(&u->row->gc, memory_order_relaxed) & ROW_DEAD)
            oe_tab_free_row_now(u->row); /* out of the primary index: freed only here */
        else
            atomic_fetch_and_explicit(&u->row->gc, ~ROW_DEFER, memory_order_relaxed);
        undo_free(u);
        u = next;
    }
}

void oe_vs_table_fini(struct oe_vs_table *vt)
{
    fini_list(atomic_exchange_explicit(&vt->deferred, NULL, memory_order_acquire));
    fini_list(atomic_load_explicit(&vt->out, memory_order_relaxed));
    atomic_store_explicit(&vt->out, NULL, memory_order_relaxed);
}

/* ---- writes and undo ------------------------------------------------------------ */

static JET_ERR undo_close(struct oe_session *s, struct oe_res *r);
static void undo_commit(struct oe_session *s, struct oe_res *r, uint64_t ts);
static const struct oe_res_ops undo_ops = {"version", undo_close, undo_commit};

static void txrec_free_cb(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    oe_free(caa_container_of(h, struct oe_txrec, rcu), sizeof(struct oe_txrec));
}

/* txrec_retire -- the transaction has no version left to stamp or undo.
 * `undone`: it ended by rollback (batched, as retire_undone_ver). */
static void txrec_retire(struct oe_txrec *tx, int undone)
{
    settle(tx);
    if (undone)
        oe_retire(&tx->rcu, txrec_free_cb);
    else
        oe_call_rcu(&tx->rcu, txrec_free_cb);
}

/* pending_add -- count n uncommitted writes on t (n < 0: they ended) in the
 * calling thread's shard (catalog.h, TABLE COUNTS). An end is a release
 * inside the caller's read-side section: JetDeleteTable, once its sum is 0,
 * waits for that section before it frees the table. */
static inline void pending_add(struct oe_table *t, int64_t n)
{
    atomic_fetch_add_explicit(oe_tab_pending_of(t, oe_thread_id()), n,
                              n > 0 ? memory_order_relaxed : memory_order_release);
}

/* prepare -- oe_vs_write_prepare for a version of `flags` (its size
 * follows from them: ver_size). */
static JET_ERR prepare(struct oe_session *s, struct oe_table *t, struct oe_rec *rec,
                       uint32_t flags, struct oe_vs_undo **pu)
{
    size_t vsize = flags & OE_VER_DELTA ? sizeof(struct oe_vs_delta) : sizeof(struct oe_ver);
    JET_ERR err = JET_errSuccess;
    struct oe_txrec *tx = oe_vs_session_tx(s);
    struct oe_txrec *fresh = NULL;
    struct oe_vs_undo *u = NULL;
    struct oe_ver *v = NULL;
    *pu = NULL;
    if (!tx) {
        fresh = tx = oe_malloc(sizeof(*tx));
        if (!tx)
            return OE_ERR(JET_errOutOfMemory);
        atomic_init(&tx->state, OE_TX_ACTIVE);
        tx->ins = atomic_load_explicit(&s->ins, memory_order_relaxed);
        tx->credit = 0;
    }
    uint32_t pre = 0;
    void *slot = rec && !(flags & OE_VER_DELTA) ? oe_rec_prefix(rec, &pre) : NULL;
    if (pre >= OE_VS_REC_PRE)
        flags |= OE_VER_INREC; /* v goes in the image's prefix */
    u = oe_malloc(sizeof(*u));
    v = flags & OE_VER_INREC ? slot : oe_malloc(vsize);
    if (!u || !v)
        OE_ERROR(JET_errOutOfMemory);
    int64_t bytes = (int64_t)(vsize + (rec ? oe_rec_size(rec) : 0));
    OE_CALL(charge(tx, bytes));
    atomic_init(&v->older, NULL);
    v->rec = rec;
    atomic_init(&v->tx, tx);
    atomic_init(&v->commit_ts, 0);
    v->flags = flags;
    v->charge = tx->ins ? (uint32_t)bytes : 0;
    memset(u, 0, sizeof(*u));
    u->t = t;
    pending_add(t, 1); /* a cursor on t is open: no JetDeleteTable is past its check */
    u->ver = v;
    u->tx = tx;
    *pu = u;
    return JET_errSuccess;
handle_error:
    oe_free(u, sizeof(*u));
    if (!(flags & OE_VER_INREC))
        oe_free(v, vsize);
    if (fresh)
        oe_free(fresh, sizeof(*fresh));
    return err;
}

JET_ERR oe_vs_write_prepare(struct oe_session *s, struct oe_table *t, struct oe_rec *rec,
                            uint32_t flags, struct oe_vs_undo **pu)
{
    return prepare(s, t, rec, flags, pu);
}

void oe_vs_write_abandon(struct oe_session *s, struct oe_vs_undo *u)
{
    struct oe_txrec *tx = u->tx;
    pending_add(u->t, -1); /* the caller's cursor still pins t */
    tx->credit += u->ver->charge;
    if (!(u->ver->flags & OE_VER_INREC)) /* else it goes with the caller's image */
        oe_free(u->ver, ver_size(u->ver));
    if (oe_vs_session_tx(s) != tx) { /* the record was made for this write: never published */
        settle(tx);
        oe_free(tx, sizeof(*tx));
    }
    undo_free(u);
}

void oe_vs_write_done(struct oe_session *s, struct oe_vs_undo *u, struct oe_row *row, int new_row)
{
    u->row = row;
    u->new_row = new_row;
    oe_res_push(&s->res[OE_RES_UNDO], &u->res, s->level);
    u->res.ops = &undo_ops;
}

/* unlink_locked -- take v (marked aborted) off row's chain, under the row
 * latch; *pdies when it was a new row's only version (head becomes the
 * dead sentinel). A plain version is the head (this session's newer writes
 * of the row were undone first; nobody stacks on an uncommitted plain
 * version); a commuting one may lie under other transactions' versions of
 * its kind, which writers push without the latch: head moves by CAS, an
 * inner version by its predecessor's older pointer (only ever rewritten
 * under the latch). */
static void unlink_locked(struct oe_row *row, struct oe_ver *v, int new_row, int *pdies)
{
    struct oe_ver *older = atomic_load_explicit(&v->older, memory_order_acquire);
    *pdies = new_row && !older;
    for (;;) {
        struct oe_ver *h = atomic_load_explicit(&row->head, memory_order_acquire);
        if (h == v) {
            /* LP(rollback, head): head leaves v. */
            if (atomic_compare_exchange_strong_explicit(&row->head, &h,
                                                        *pdies ? &oe_vs_dead_ver : older,
                                                        memory_order_acq_rel, memory_order_acquire))
                return;
            continue; /* a commuting writer pushed above v */
        }
        struct oe_ver *p = h;
        while (p && atomic_load_explicit(&p->older, memory_order_acquire) != v)
            p = atomic_load_explicit(&p->older, memory_order_acquire);
        if (p) /* LP(rollback, inner): the predecessor skips v. */
            atomic_store_explicit(&p->older, older, memory_order_release);
        return;
    }
}

/* solo_commit -- JET_bitEscrowNoRollback at the outermost rollback: the
 * delta stays and commits on its own. g_solo first (release), then the
 * clock: a reader whose snapshot includes the new timestamp acquired the
 * clock after that store, sees g_solo and waits for commit_ts (the
 * PRECOMMIT rule of the essay). The entry goes to the table's deferred list
 * so that pruning folds the delta. Allocates nothing. */
static void solo_commit(struct oe_vs_undo *u)
{
    struct oe_ver *v = u->ver;
    atomic_store_explicit(&v->tx, &g_solo, memory_order_release);
    uint64_t ts = oe_vs_clock_tick();
    /* LP(solo commit): the delta is visible to snapshots >= ts. */
    atomic_store_explicit(&v->commit_ts, ts, memory_order_release);
    atomic_store_explicit(&v->tx, NULL, memory_order_release);
    defer_row(oe_tab_vs(u->t), u);
}

/* undo_close -- roll one write back (see the essay). Never allocates. */
static JET_ERR undo_close(struct oe_session *s, struct oe_res *r)
{
    struct oe_vs_undo *u = (struct oe_vs_undo *)r; /* res is the first member */
    struct oe_row *row = u->row;
    struct oe_ver *v = u->ver;
    struct oe_txrec *tx = u->tx;
    if (v->flags & OE_VER_NOROLLBACK) {
        if (r->level > 1) { /* survives into the parent save point */
            oe_res_push(&s->res[OE_RES_UNDO], &u->res, (uint8_t)(r->level - 1));
            u->res.ops = &undo_ops;
            return JET_errSuccess;
        }
        /* The version keeps its charge: pruning returns it. Inside the
         * read-side section, as the rollback below. */
        oe_rcu_read_lock();
        pending_add(u->t, -1);
        solo_commit(u); /* u now belongs to the deferred list */
        oe_rcu_read_unlock();
        if (oe_vs_session_tx(s) != tx)
            txrec_retire(tx, 1);
        return JET_errSuccess;
    }
    oe_rcu_read_lock();
    const struct oe_tdef *def = oe_tab_def(u->t);
    oe_vs_row_latch(row);
    atomic_store_explicit(&v->tx, &g_aborted, memory_order_release);
    int dies;
    unlink_locked(row, v, u->new_row, &dies);
    oe_tab_drop_entries(u->t, def, row, v);
    int64_t freed = v->charge;
    if (dies)
        row_kill_locked(u->t, row, u->new_row ? &u->hint : NULL);
    oe_vs_row_unlatch(row);
    /* Still inside the read-side section: JetDeleteTable, once it sees no
     * pending write, waits for this section before it frees the table. */
    pending_add(u->t, -1);
    oe_rcu_read_unlock();
    retire_undone_ver(v);
    u->tx->credit += freed;
    if (oe_vs_session_tx(s) != u->tx) /* the transaction has nothing written any more */
        txrec_retire(u->tx, 1);
    undo_free(u);
    return JET_errSuccess;
}

void oe_vs_write_undo(struct oe_session *s, struct oe_vs_undo *u)
{
    oe_res_unlink(&s->res[OE_RES_UNDO], &u->res);
    (void)undo_close(s, &u->res);
}

/* undo_commit -- not used: oe_vs_commit walks the undo list itself. */
static void undo_commit(struct oe_session *s, struct oe_res *r, uint64_t ts)
{
    (void)s;
    (void)ts;
    undo_free((struct oe_vs_undo *)r);
}

/* release_lock -- at commit: take a read lock version off its row (as a
 * rollback would) and free its undo entry; returns its charge. Inside the
 * committer's read-side section. */
static int64_t release_lock(struct oe_vs_undo *u)
{
    struct oe_ver *v = u->ver;
    int dies;
    oe_vs_row_latch(u->row);
    atomic_store_explicit(&v->tx, &g_aborted, memory_order_release);
    unlink_locked(u->row, v, 0, &dies);
    oe_vs_row_unlatch(u->row);
    int64_t charge = v->charge;
    retire_ver(v);
    undo_free(u);
    return charge;
}

JET_ERR oe_vs_commute(struct oe_session *s, struct oe_table *t, struct oe_row *row,
                      uint32_t kind, uint32_t flags, JET_COLUMNID col, int32_t delta)
{
    struct oe_vs_view view;
    struct oe_vs_undo *u;
    JET_ERR err = JET_errSuccess;
    int held = 0;
    oe_vs_view_of(s, &view);
    struct oe_ver *h = atomic_load_explicit(&row->head, memory_order_acquire);
    if (oe_vs_is_dead(h))
        return OE_ERR(JET_errRecordDeleted);
    OE_CALL_R(chain_check(h, &view, kind, &held));
    if (kind == OE_VER_RLOCK && held)
        return JET_errSuccess; /* the transaction holds the row already */
    OE_CALL_R(prepare(s, t, NULL, OE_VER_LOCK | kind | flags, &u));
    struct oe_ver *v = u->ver;
    if (kind == OE_VER_DELTA) {
        struct oe_vs_delta *d = (struct oe_vs_delta *)v;
        d->col = col;
        d->delta = delta;
    }
    if (!view.tx)
        view.tx = u->tx; /* the first write of the transaction */
    for (;;) {
        atomic_store_explicit(&v->older, h, memory_order_relaxed);
        /* LP(commuting write): the CAS publishes v (release) above the
         * checked chain. Losing it to another writer is not a conflict
         * by itself: check the new head's chain again. */
        if (atomic_compare_exchange_strong_explicit(&row->head, &h, v, memory_order_acq_rel,
                                                    memory_order_acquire))
            break;
        if (oe_vs_is_dead(h))
            OE_ERROR(JET_errRecordDeleted);
        OE_CALL(chain_check(h, &view, kind, NULL));
    }
    oe_vs_write_done(s, u, row, 0);
    return JET_errSuccess;
handle_error:
    oe_vs_write_abandon(s, u);
    return err;
}

uint64_t oe_vs_commit(struct oe_session *s)
{
    struct oe_res_list *undo = &s->res[OE_RES_UNDO];
    struct oe_txrec *tx = oe_vs_session_tx(s);
    /* The read-side section starts BEFORE the commit is visible: from the
     * LP on, another committer's pruning may unlink and retire these
     * versions (they are committed), and only this section keeps them
     * alive while they are stamped below (found by TSan in bank_transfer). */
    uint32_t deltas = 0;
    oe_rcu_read_lock();
    atomic_store_explicit(&tx->state, OE_TX_PRECOMMIT, memory_order_release);
    uint64_t ts = oe_vs_clock_tick();
    /* LP(commit): one store makes every version of the transaction visible. */
    atomic_store_explicit(&tx->state, ts, memory_order_release);
    for (struct oe_res *r = undo->head; r; r = r->next) {
        if (r->ops != &undo_ops)
            continue;
        struct oe_ver *v = ((struct oe_vs_undo *)r)->ver;
        if (v->flags & OE_VER_RLOCK) /* released below, never stamped */
            continue;
        deltas |= v->flags & OE_VER_DELTA;
        atomic_store_explicit(&v->commit_ts, ts, memory_order_release);
        atomic_store_explicit(&v->tx, NULL, memory_order_release);
    }
    /* Acquire pairs with the scan callback's exchange. */
    const struct snapset *set = atomic_load_explicit(&g_set, memory_order_acquire);
    struct oe_table *last_t = NULL;
    const struct oe_tdef *def = NULL;
    int64_t *credit = tx->ins ? &tx->credit : NULL;
    int64_t ended = 0; /* this run's undo entries on last_t */
    for (struct oe_res *r = undo->head, *next; r; r = next) {
        next = r->next;
        if (r->ops != &undo_ops)
            continue;
        struct oe_vs_undo *u = (struct oe_vs_undo *)r;
        oe_res_unlink(undo, &u->res);
        oe_omap_hint_drop(&u->hint); /* committed: the insert stays */
        if (u->t != last_t) {
            if (last_t) {
                /* Inside the read-side section (see undo_close); one
                 * subtraction per run of writes on a table. */
                pending_add(last_t, -ended);
                process_deferred(last_t, def, set, credit);
            }
            last_t = u->t;
            def = oe_tab_def(u->t);
            ended = 0;
        }
        ended++;
        struct oe_row *row = u->row;
        if (u->ver->flags & OE_VER_RLOCK) {
            int64_t c = release_lock(u);
            if (credit)
                *credit += c;
            continue;
        }
        enum prune_result res = PRUNE_BUSY;
        if (oe_vs_row_trylatch(row)) {
            res = prune_locked(u->t, def, row, set, credit);
            oe_vs_row_unlatch(row);
        }
        if (res == PRUNE_CLEAN || res == PRUNE_DEAD)
            undo_free(u);
        else
            defer_row(oe_tab_vs(u->t), u);
    }
    if (last_t) {
        pending_add(last_t, -ended);
        process_deferred(last_t, def, set, credit);
    }
    oe_rcu_read_unlock();
    txrec_retire(tx, 0);
    if (deltas)
        scan_sync();
    else
        maybe_scan();
    scan_lagging();
    return ts;
}
