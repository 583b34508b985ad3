/*
 * verstore.h -- the version store: transaction records, snapshot
 * visibility, write conflicts, undo entries, commit stamping, garbage
 * collection of superseded versions and the version memory budget.
 *
 * Shapes (struct oe_ver, struct oe_row) are in catalog.h; table.c builds
 * the index side of every write on top of the primitives below, and the
 * transaction module (txn.c) calls the commit and snapshot functions. The
 * header essay of verstore.c states the algorithms, their invariants and
 * their linearization points.
 */
#ifndef OE_CORE_VERSTORE_H
#define OE_CORE_VERSTORE_H

#include <stdint.h>

#include "catalog.h"
#include "resource.h"
#include "session.h"
#include "sync/omap.h"
#include "sync/rcu.h"

struct oe_session;
struct oe_instance;

/* Transaction record states; a state >= OE_TX_TS_MIN is a commit timestamp. */
#define OE_TX_ACTIVE 0u
#define OE_TX_PRECOMMIT 1u
#define OE_TX_ABORTED 2u
#define OE_TX_TS_MIN 16u

/* struct oe_txrec -- one transaction that wrote (allocated at its first
 * write; read-only and empty transactions have none). */
struct oe_txrec {
    _Atomic uint64_t state;     /* [atomic acq/rel] ACTIVE → PRECOMMIT → ts, or ABORTED;
                                 * release by the owner, acquire by readers */
    struct oe_instance *ins;    /* [imm] whose OE_Q_VERBYTES budget it charges (NULL:
                                 * a hand-built session of a white-box test, unaccounted) */
    int64_t credit;             /* [owner] budget bytes reserved and not used yet; < 0
                                 * while commit-time pruning has overdrawn it */
    struct rcu_head rcu;        /* [epoch] retired after commit / last rollback */
};

/* struct oe_vs_view -- what one read sees: committed versions with
 * ts <= snap, and the versions of transaction tx (NULL: none). */
struct oe_vs_view {
    uint64_t snap;
    const struct oe_txrec *tx;
};

/* Version flags ([imm]). Every version that carries no record image of its
 * own has OE_VER_LOCK, so readers and the index code skip it; the two
 * commuting kinds add a bit: several transactions may stack uncommitted
 * versions of one commuting kind on a row (verstore.c, COMMUTING VERSIONS). */
#define OE_VER_LOCK 0x1  /* a lock version (JetGetLock, JET_prepReplace): readers skip it */
#define OE_VER_DEAD 0x2  /* the dead-row sentinel: the row left its indexes */
#define OE_VER_DELTA 0x4 /* an escrow delta (struct oe_vs_delta), with OE_VER_LOCK */
#define OE_VER_RLOCK 0x8 /* a read lock (JetGetLock(JET_bitReadLock)), with OE_VER_LOCK */
#define OE_VER_NOROLLBACK 0x10 /* a delta that survives rollback (JET_bitEscrowNoRollback) */
#define OE_VER_FOLD 0x40 /* a value version made by folding committed deltas
                         * (struct oe_vs_fold): verstore.c, fold_run */
#define OE_VER_INREC 0x20 /* the version lives in its record image's prefix: freeing the
                           * image (oe_rec_free) frees it (verstore.c, VERSIONS) */

/* OE_VS_REC_PRE -- the prefix a writer asks oe_recbuf_finish_pre for, so
 * that the version of the write shares the image's allocation. */
#define OE_VS_REC_PRE ((uint32_t)((sizeof(struct oe_ver) + 15u) & ~(size_t)15u))

/* struct oe_vs_delta -- an escrow delta version: JetEscrowUpdate adds
 * `delta` to fixed column `col` of the value version below it. */
/* struct oe_vs_fold -- a value version that stands for a base version plus
 * a run of committed deltas (pruning's fold). A delta writer whose snapshot
 * predates the fold must not read it as a change after its snapshot: only
 * the base's own commit decides (verstore.c, chain_check). */
struct oe_vs_fold {
    struct oe_ver v;            /* first: the chain links the version */
    uint64_t base_ts;           /* [imm] commit ts of the last non-delta change */
};

struct oe_vs_delta {
    struct oe_ver v;            /* first: the chain links the version */
    JET_COLUMNID col;           /* [imm] */
    int32_t delta;              /* [imm] two's complement addend (wraps, as Long) */
};

/* struct oe_vs_undo -- the undo entry of one write (allocated with the
 * write, pushed on the session's undo list at the current level). */
struct oe_vs_undo {
    struct oe_res res;          /* [owner] first: the session's resource node */
    struct oe_table *t;         /* [owner] */
    struct oe_row *row;         /* [owner] */
    struct oe_ver *ver;         /* [owner] the version this write published */
    struct oe_txrec *tx;        /* [owner] the writing transaction */
    int new_row;                /* [owner] the write created the row */
    struct oe_omap_hint hint;   /* [owner] a new row's primary insertion (table.c), so
                                 * its rollback needs no descent; dropped when the
                                 * write commits or is undone (omap.h, HINTS) */
    struct oe_vs_undo *next_def;/* deferred-list link: written before the push CAS
                                 * (release), read after the take (acquire) */
};

/* ---- the commit clock ---- */

/* The commit clock: [atomic] fetch_add (acq_rel) by committers
 * (oe_vs_clock_tick); readers load it with acquire, pairing with that
 * fetch_add. Alone on its line (written at every commit that changed data). */
extern OE_CACHE_ALIGNED _Atomic uint64_t oe_vs_clock;

/* oe_vs_clock_now -- the current commit timestamp (acquire). */
static inline uint64_t oe_vs_clock_now(void)
{
    return atomic_load_explicit(&oe_vs_clock, memory_order_acquire);
}
/* oe_vs_clock_tick -- a new commit timestamp (acq_rel fetch_add + 1). */
uint64_t oe_vs_clock_tick(void);

/* ---- snapshots (txn.c) ---- */

/* oe_vs_snapshot_begin -- level-0 begin: read the clock and publish it as
 * the session's snapshot for the garbage collector; returns it. Inline: the
 * load and the store share one (inlined, nestable) read-side section, so the
 * collector's grace period either waits for both or follows the load
 * (verstore.c, the snapshot set). */
static inline uint64_t oe_vs_snapshot_begin(struct oe_session *s)
{
    oe_rcu_read_lock();
    uint64_t snap = oe_vs_clock_now();
    atomic_store_explicit(&s->vs_snap, snap, memory_order_relaxed);
    oe_rcu_read_unlock();
    return snap;
}

/* oe_vs_snapshot_end -- back at level 0: withdraw the published snapshot
 * (a store only when one is published: the line is the owner's anyway). */
static inline void oe_vs_snapshot_end(struct oe_session *s)
{
    if (atomic_load_explicit(&s->vs_snap, memory_order_relaxed))
        atomic_store_explicit(&s->vs_snap, 0, memory_order_relaxed);
}

/* oe_vs_session_tx -- the session's transaction record, NULL if it has not
 * written (derived from its undo list). */
struct oe_txrec *oe_vs_session_tx(struct oe_session *s);

/* oe_vs_view_of -- the view of session s now: in a transaction its snapshot
 * and record; outside one the latest committed state. */
static inline void oe_vs_view_of(struct oe_session *s, struct oe_vs_view *v)
{
    if (s->level > 0) {
        v->snap = s->trx_begin;
        v->tx = oe_vs_session_tx(s);
    } else {
        v->snap = oe_vs_clock_now();
        v->tx = NULL;
    }
}

/* ---- readers (inside a read-side section) ---- */

/* oe_vs_visible -- the version of row that view v sees, or NULL (no row
 * for v: not yet inserted, deleted, dead). Never returns a tombstone or a
 * lock version. Escrow deltas above it are not applied to its record:
 * escrow columns are read through oe_vs_visible_delta. */
struct oe_ver *oe_vs_visible(struct oe_row *row, const struct oe_vs_view *v);

/* oe_vs_committed_ts -- 0 if v is uncommitted (or aborted), else its commit
 * timestamp; waits out a PRECOMMIT state. *pmine when it is v's own. */
uint64_t oe_vs_ver_ts(struct oe_ver *ver, const struct oe_vs_view *v, int *pmine);

/* oe_vs_head_check -- the write rule of a plain write (record, tombstone,
 * write lock) against the chain from head h: success when h is absent or
 * dead, or when walking down from h every commuting version (delta, read
 * lock) is the writer's own, committed at or before its snapshot, or a
 * released read lock, and the first plain version is the writer's own or
 * committed at or before its snapshot; otherwise JET_errWriteConflict. */
JET_ERR oe_vs_head_check(struct oe_ver *h, const struct oe_vs_view *v);

/* oe_vs_visible_delta -- one walk: the version view v sees (as
 * oe_vs_visible) and in *psum the sum of the escrow deltas of column col
 * that v sees above it (its own and committed ones at ts <= snapshot). */
struct oe_ver *oe_vs_visible_delta(struct oe_row *row, const struct oe_vs_view *v,
                                   JET_COLUMNID col, int64_t *psum);

/* ---- writers ---- */

/* oe_vs_write_prepare -- for a write of `charge` bytes by session s on
 * table t: make sure the session has a transaction record, reserve the
 * budget, allocate the undo entry and the version (rec NULL: tombstone or
 * lock per flags). Nothing is published. JET_errOutOfMemory,
 * JET_errVersionStoreOutOfMemory, JET_errVersionStoreEntryTooBig. */
JET_ERR oe_vs_write_prepare(struct oe_session *s, struct oe_table *t, struct oe_rec *rec,
                            uint32_t flags, struct oe_vs_undo **pu);
/* oe_vs_write_abandon -- give back what oe_vs_write_prepare took (the
 * version was never published; its record stays the caller's). */
void oe_vs_write_abandon(struct oe_session *s, struct oe_vs_undo *u);
/* oe_vs_write_done -- the version was published on row (new_row: the row
 * was created by this write): push the undo entry at the current level. */
void oe_vs_write_done(struct oe_session *s, struct oe_vs_undo *u, struct oe_row *row,
                      int new_row);

/* oe_vs_commute -- a commuting write by session s on row: kind
 * OE_VER_DELTA (adds delta to column col; flags may hold
 * OE_VER_NOROLLBACK) or OE_VER_RLOCK (col, delta unused). Other
 * transactions' uncommitted versions of the same kind do not conflict;
 * anything else the write rule forbids is JET_errWriteConflict. A read lock
 * the transaction already holds in effect (its own read lock or plain
 * write) adds nothing. JET_errRecordDeleted for a dead row; budget and
 * memory errors as oe_vs_write_prepare, with nothing changed. In a
 * read-side section. */
JET_ERR oe_vs_commute(struct oe_session *s, struct oe_table *t, struct oe_row *row,
                      uint32_t kind, uint32_t flags, JET_COLUMNID col, int32_t delta);

/* oe_vs_ver_free_now -- free an unlinked version no reader can reach
 * (table storage teardown), record image included. */
void oe_vs_ver_free_now(struct oe_ver *v);

/* oe_vs_write_undo -- roll back at once a write already passed to
 * oe_vs_write_done (a failure after publication). */
void oe_vs_write_undo(struct oe_session *s, struct oe_vs_undo *u);

/* Row latch (a bounded critical section, never held while waiting for
 * another transaction): serializes chain pruning, rollback unlinking and
 * the secondary-entry step of writers of one row. */
void oe_vs_row_latch(struct oe_row *row);
int oe_vs_row_trylatch(struct oe_row *row);
void oe_vs_row_unlatch(struct oe_row *row);

/* oe_vs_dead -- the sentinel head of a row that left its indexes. */
extern struct oe_ver oe_vs_dead_ver;
static inline int oe_vs_is_dead(const struct oe_ver *h) { return h == &oe_vs_dead_ver; }

/* ---- commit (txn.c) ---- */

/* oe_vs_commit -- the outermost commit of a transaction that wrote: tick
 * the clock, publish every version with one store, stamp, release its read
 * locks, prune (folding escrow deltas), retire. Returns the commit
 * timestamp. Never fails: what it allocates (folded versions, a new
 * snapshot set) is best effort. After a commit of escrow deltas it may
 * wait for one grace period, so it must not be called inside a read-side
 * section. */
uint64_t oe_vs_commit(struct oe_session *s);

/* ---- table storage hooks (table.c) ---- */

/* struct oe_vs_table -- the version store's per-table state, kept beside
 * the primary index (table.c allocates it with the table's storage). */
struct oe_vs_table {
    _Atomic(struct oe_vs_undo *) deferred; /* [atomic acq/rel] rows to prune later:
                                            * push CAS (release) / take-all exchange (acquire) */
    _Atomic int draining;                  /* [atomic acq/rel] try-flag: one drainer at a time */
    _Atomic(struct oe_vs_undo *) out;      /* [draining] taken nodes not processed yet;
                                            * atomic (relaxed) only for the unlocked
                                            * emptiness peek */
    uint32_t pass_gen;                     /* [draining] 1 + the snapshot set generation
                                            * the last pass started under (0: none) */
};
struct oe_vs_table *oe_tab_vs(struct oe_table *t);
/* oe_vs_table_fini -- free the deferred entries of a table being freed. */
void oe_vs_table_fini(struct oe_vs_table *vt);

/* Index maintenance the version store needs from table.c: remove the
 * entries of `gone` that no version still on the chain of row needs
 * (rollback and pruning; under the row latch; allocates nothing); remove a
 * dead row's primary entry (through `hint`, the insert's omap hint, when
 * not NULL and set). */
void oe_tab_drop_entries(struct oe_table *t, const struct oe_tdef *def, struct oe_row *row,
                         struct oe_ver *gone);
void oe_tab_drop_row(struct oe_table *t, struct oe_row *row, struct oe_omap_hint *hint);
/* oe_tab_retire_row -- free a dead row after a grace period;
 * oe_tab_free_row_now -- at once (table storage teardown: no reader). */
void oe_tab_retire_row(struct oe_row *row);
void oe_tab_free_row_now(struct oe_row *row);

/* ---- garbage collection and budget statistics (tests, JetGetInstanceInfo) ---- */

/* oe_vs_pool_used -- version memory charged to the instance's budget (the
 * limit minus its free OE_Q_VERBYTES credits; unused transaction
 * reservations count as used). */
int64_t oe_vs_pool_used(struct oe_instance *ins);
/* oe_vs_gc_kick -- recompute the snapshot set soon (tests). */
void oe_vs_gc_kick(void);
/* oe_vs_deferred_sets -- whether committers ask liburcu's call_rcu thread
 * for snapshot sets (default on). Tests turn it off to stand for a thread
 * that never gets the CPU: then only the lagging committer makes sets. */
void oe_vs_deferred_sets(int on);

#endif
