/*
 * instance.h -- ESE instances: state, parameters, session quota.
 *
 * An instance is created (JetCreateInstance, or implicitly by a legacy
 * JetInit in single-instance mode), initialized (JetInit), possibly stopped
 * (JetStopServiceInstance), and terminated (JetTerm). Its handle is a
 * checked value (serial + slot), resolved in a fixed RCU-protected table;
 * the object is freed through oe_call_rcu after JetTerm, so a concurrent
 * lookup never touches freed memory.
 *
 * State word ([atomic seq_cst]): the only field a session call reads on
 * entry. JetTerm stores TERMINATING and then loads every session's owner
 * word; a session call claims its owner word and then loads this state
 * (owner.h): the seq_cst pair guarantees that JetTerm either waits for the
 * call or the call sees TERMINATING.
 *
 * Quotas (JET_paramMaxSessions, JET_paramMaxCursors) without a contended
 * counter: for each quota kind the instance holds a pool of free credits;
 * each thread that uses the instance keeps one small cache of credits of
 * every kind (atomic counters on a line only that thread writes) and
 * touches the pool only when its cache of that kind runs dry or overflows.
 * When the pool is empty too, the slow path steals every other thread's
 * cached credits of that kind before it answers the quota's error, so each
 * limit is exact: N sessions (N cursors), never N+1, and never fewer while
 * credits sit unused in another thread's cache. A credit taken by one
 * thread may be given back by another (a session or cursor used from a
 * context that moved): credits are fungible, only their sum is the quota.
 *
 * The version store's byte budget (JET_paramMaxVerPages x VerPageSize) is
 * one more kind, OE_Q_VERBYTES, taken and given many credits at a time
 * (oe_ins_take_credits / oe_ins_give_credits, n bytes). Its batch and
 * high-water mark scale with the budget (credit_batch / credit_high). A
 * give of n < 0 overdraws: the version store's pruner charges versions
 * that an old snapshot pins, which may exceed what is free; the overdraft
 * then sits as a negative count (a cache or the pool) and later takes fail
 * until commits pay it back. The invariant for every kind:
 *     credit_pool + sum over caches + credits held by callers == limit.
 */
#ifndef OE_CORE_INSTANCE_H
#define OE_CORE_INSTANCE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "esent.h"
#include "sync/annotate.h"
#include "sync/rcu.h"
#include "sysparam.h"

enum oe_ins_state {
    OE_INS_CREATED = 1,   /* JetCreateInstance done, JetInit not yet */
    OE_INS_RUNNING,       /* initialized: sessions may begin */
    OE_INS_TERMINATING,   /* JetTerm in progress */
};

/* Sticky condition bits, [atomic seq_cst], checked on entry after the state. */
#define OE_INS_STOPPED 0x1        /* JetStopService(Instance) All: -1329 */
#define OE_INS_RESTORING 0x2      /* a restore runs: RestoreInProgress */
#define OE_INS_UNAVAILABLE 0x4    /* fatal error: InstanceUnavailable */
#define OE_INS_BG_STOPPED 0x8     /* background tasks stopped (resumable) */
#define OE_INS_QUIESCED 0x10      /* caches quiesced (resumable) */

struct oe_db;
struct oe_table;

/* The quota kinds that use credits (see above). */
enum oe_quota_kind {
    OE_Q_SESSIONS,   /* JET_paramMaxSessions → JET_errOutOfSessions */
    OE_Q_CURSORS,    /* JET_paramMaxCursors (table cursors and temp tables)
                      * → JET_errOutOfCursors */
    OE_Q_VERBYTES,   /* JET_paramMaxVerPages x JET_paramVerPageSize bytes of
                      * version memory → JET_errVersionStoreOutOfMemory */
    OE_Q_KINDS
};

/* A thread's cache of credits for one instance (see above). */
struct oe_credit_cache {
    _Atomic int64_t credits[OE_Q_KINDS]; /* [atomic relaxed] counts only: the owner
                                    * thread takes (CAS) and gives (fetch_add);
                                    * stealers exchange one to 0 under cache_lock;
                                    * OE_Q_VERBYTES may be < 0 (an overdraft) */
    uint64_t thread;               /* [imm] owning thread id */
    struct oe_credit_cache *next;  /* [mutex:cache_lock] registry link */
    char pad[OE_CACHELINE];        /* keep neighbours off the owner's line */
};

struct oe_instance {
    uint64_t handle;                    /* [imm] */
    _Atomic uint32_t state;             /* [atomic seq_cst] enum oe_ins_state */
    _Atomic uint32_t flags;             /* [atomic seq_cst] OE_INS_* bits */
    int legacy;                         /* [imm] created by a single-instance JetInit */
    char *name;                         /* [imm] NULL for an unnamed instance */
    char *display_name;                 /* [imm] */
    struct oe_params params;            /* [mutex:ins_registry]; locked rows [imm] after init */
    /* Per quota kind, set by JetInit before RUNNING is published (seq_cst),
     * so [imm] for every thread that passed the entry check. */
    int64_t credit_limit[OE_Q_KINDS];   /* [imm] the quota: the pool's initial fill */
    int64_t credit_batch[OE_Q_KINDS];   /* [imm] what a refill hands a cache */
    int64_t credit_high[OE_Q_KINDS];    /* [imm] a cache holding more gives the excess back */
    /* free credits per quota kind, read and written only under cache_lock
     * (atomic so a racy diagnostic read is defined) */
    OE_CACHE_ALIGNED _Atomic int64_t credit_pool[OE_Q_KINDS]; /* [mutex:cache_lock] */
    pthread_mutex_t cache_lock;         /* slow path: registry of credit caches, steals */
    struct oe_credit_cache *caches;     /* [mutex:cache_lock] */
    /* Data (catalog.c): attached databases by dbid-1, and the quotas of
     * JET_paramMaxCursors / JET_paramMaxOpenTables. */
    pthread_mutex_t db_lock;            /* attach/detach/create of databases */
    struct oe_db *dbs[64];              /* [mutex:db_lock] writers; [atomic acquire] readers
                                         * load an entry with __atomic / rcu_dereference */
    /* JET_paramMaxOpenTables: tables counted as open (catalog.h, TABLE
     * COUNTS); the count and the list only change under tables_lock. */
    pthread_mutex_t tables_lock;        /* slow path of a table's first open, purge, delete */
    int64_t tables_open;                /* [mutex:tables_lock] tables in the counted list */
    struct oe_table *tables_counted;    /* [mutex:tables_lock] list by t->counted_next */
    struct oe_instance *reg_next;       /* [mutex:ins_registry] list of live instances */
    struct rcu_head rcu;                /* [epoch] retirement after JetTerm */
};

/* Lookup, under the caller's oe_rcu_read_lock(): the live instance with this
 * handle, or NULL. Handle 0 names the single-instance-mode instance, if any. */
struct oe_instance *oe_ins_lookup_rcu(JET_INSTANCE h);

JET_ERR oe_ins_create(JET_INSTANCE *pinst, const char *name, const char *display, JET_GRBIT grbit);
JET_ERR oe_ins_init(JET_INSTANCE *pinst, int has_restore, JET_GRBIT grbit);
JET_ERR oe_ins_term(JET_INSTANCE inst, JET_GRBIT grbit);
JET_ERR oe_ins_stop_service(JET_INSTANCE inst, JET_GRBIT grbit);
JET_ERR oe_ins_stop_service_legacy(void);

/* Parameters (JetSetSystemParameter / JetGetSystemParameter). pinst NULL or
 * instance 0/nil: the global set (or the single-instance-mode instance). */
JET_ERR oe_ins_set_param(JET_INSTANCE *pinst, uint32_t paramid, JET_API_PTR lParam,
                         const char *szParam);
JET_ERR oe_ins_get_param(JET_INSTANCE inst, uint32_t paramid, JET_API_PTR *plParam,
                         char *szParam, uint32_t cbMax);

/* The number of initialized instances ([atomic]); 0 → session calls on
 * unknown handles answer NotInitialized. */
uint32_t oe_ins_running_count(void);

/* oe_ins_entry_error -- the code a call on an instance in this state gets:
 * 0 if it may proceed. Flags: OE_ENTRY_IGNORE_STOP (JetRollback,
 * JetResetSessionContext work after JetStopService), OE_ENTRY_DURING_TERM
 * (JetRollback works while a JetTerm checks for open transactions: it only
 * brings the session closer to the state JetTerm waits for, and without it
 * a thread retrying its rollback and a thread retrying JetTerm can livelock). */
#define OE_ENTRY_IGNORE_STOP 0x1
#define OE_ENTRY_DURING_TERM 0x2
JET_ERR oe_ins_entry_error(struct oe_instance *ins, int flags);

/* Credits (see above). The fast paths are inline: a thread-local memo of
 * the calling thread's cache names the instance by its never-reused handle,
 * so a matching memo proves the cache still exists. */
struct oe_credit_memo {
    uint64_t handle;                /* [owner] this thread: instance of c, 0 = none */
    struct oe_credit_cache *c;      /* [owner] this thread's cache for that instance */
};
extern _Thread_local struct oe_credit_memo oe_credit_memo;

/* oe_ins_take_credit_slow / oe_ins_give_credit_slow -- out of line: find or
 * create the cache, refill from the pool, steal; return an overflow
 * (in_cache: the n credits were already added to this thread's cache). */
JET_ERR oe_ins_take_credit_slow(struct oe_instance *ins, enum oe_quota_kind k, int64_t n);
void oe_ins_give_credit_slow(struct oe_instance *ins, enum oe_quota_kind k, int64_t n,
                             int in_cache);

/* oe_ins_take_credits -- n >= 1 credits of kind k: 0, or the quota's error
 * (JET_errOutOfSessions / JET_errOutOfCursors /
 * JET_errVersionStoreOutOfMemory) or JET_errOutOfMemory. */
static inline JET_ERR oe_ins_take_credits(struct oe_instance *ins, enum oe_quota_kind k,
                                          int64_t n)
{
    struct oe_credit_cache *c = oe_credit_memo.c;
    if (OE_LIKELY(oe_credit_memo.handle == ins->handle)) {
        int64_t v = atomic_load_explicit(&c->credits[k], memory_order_relaxed);
        /* LP(take): the CAS that takes n from a count holding them (a
         * stealer's exchange to 0 makes it fail and sends us to the slow
         * path). */
        while (v >= n) {
            if (atomic_compare_exchange_weak_explicit(&c->credits[k], &v, v - n,
                                                      memory_order_relaxed, memory_order_relaxed))
                return JET_errSuccess;
        }
    }
    return oe_ins_take_credit_slow(ins, k, n);
}

/* oe_ins_give_credits -- return n credits of kind k (n < 0: overdraw by -n,
 * OE_Q_VERBYTES only); never fails. A cache that would overflow, or turn
 * negative, goes to the slow path: an overdraft is made visible to every
 * taker there (the pool absorbs it, stealing the caches if it must). */
static inline void oe_ins_give_credits(struct oe_instance *ins, enum oe_quota_kind k, int64_t n)
{
    if (OE_LIKELY(oe_credit_memo.handle == ins->handle)) {
        /* LP(give): this addition (a stealer then takes the credits too). */
        int64_t now = atomic_fetch_add_explicit(&oe_credit_memo.c->credits[k], n,
                                                memory_order_relaxed) + n;
        if (OE_LIKELY(now <= ins->credit_high[k] && now >= 0))
            return;
        oe_ins_give_credit_slow(ins, k, n, 1);
        return;
    }
    oe_ins_give_credit_slow(ins, k, n, 0);
}

/* oe_ins_take_credit / oe_ins_give_credit -- one credit of kind k. */
static inline JET_ERR oe_ins_take_credit(struct oe_instance *ins, enum oe_quota_kind k)
{
    return oe_ins_take_credits(ins, k, 1);
}
static inline void oe_ins_give_credit(struct oe_instance *ins, enum oe_quota_kind k)
{
    oe_ins_give_credits(ins, k, 1);
}

/* oe_ins_credits_free -- kind k's credits not held by any caller: the pool
 * plus every cache, summed under cache_lock (tests, diagnostics). */
int64_t oe_ins_credits_free(struct oe_instance *ins, enum oe_quota_kind k);

static inline JET_ERR oe_ins_take_session_credit(struct oe_instance *ins)
{
    return oe_ins_take_credit(ins, OE_Q_SESSIONS);
}
static inline void oe_ins_give_session_credit(struct oe_instance *ins)
{
    oe_ins_give_credit(ins, OE_Q_SESSIONS);
}

/* Hooks for states the public API cannot reach yet (durability work will
 * drive them; white-box tests use them today). */
JET_ERR oe_ins_set_restoring(JET_INSTANCE inst, int on);
JET_ERR oe_ins_mark_unavailable(JET_INSTANCE inst);

#endif
