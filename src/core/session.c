/*
 * session.c -- session table, begin/end, context, and call entry.
 *
 * The per-thread cache of free slot indices keeps begin/end off the slot
 * table's mutex: a thread that ends sessions refills its own cache, and only
 * a cache that runs empty (a thread that begins more than it ends) or
 * overflows (the opposite) moves a batch to or from the shared stack.
 * A pthread key returns a dying thread's cache to the shared stack.
 */
#include "session.h"

#include <pthread.h>
#include <string.h>

#include "catalog.h"
#include "err.h"
#include "txn.h"
#include "sync/alloc.h"
#include "sync/handle.h"
#include "sync/slot_table.h"
#include "sync/thread_id.h"

#define FREE_CACHE 32
#define FREE_BATCH 16

static struct oe_slot_table g_table;          /* [imm] after pthread_once */
static pthread_once_t g_table_once = PTHREAD_ONCE_INIT;
static pthread_key_t g_flush_key;             /* [imm] after pthread_once */

struct free_cache {
    uint32_t n;                 /* [owner] this thread */
    uint32_t armed;             /* [owner] the exit flush is registered */
    uint32_t idx[FREE_CACHE];   /* [owner] */
};
static _Thread_local struct free_cache t_free;

static void init_slot(void *elem, uint32_t index)
{
    struct oe_session *s = elem;
    memset(s, 0, sizeof(*s));
    s->slot = index;
    atomic_init(&s->own, oe_own_make(0, OE_OWN_FREE));
    atomic_init(&s->ins, NULL);
    atomic_init(&s->killed_by_term_gen, 0);
    atomic_init(&s->ins_handle, 0);
    atomic_init(&s->vs_snap, 0);
}

/* flush_at_exit -- a dying thread's cached free slots go back to the table. */
static void flush_at_exit(void *unused)
{
    (void)unused;
    if (t_free.n) {
        oe_slot_free_batch(&g_table, t_free.idx, t_free.n);
        t_free.n = 0;
    }
    t_free.armed = 0;
}

static void table_create(void)
{
    oe_slot_table_init(&g_table, sizeof(struct oe_session), OE_HND_SLOT_MAX, init_slot);
    (void)pthread_key_create(&g_flush_key, flush_at_exit);
}

static _Atomic int g_table_ready; /* [atomic acq/rel] set after pthread_once ran table_create */

static inline struct oe_slot_table *table(void)
{
    /* Acquire pairs with the release below: a thread that sees 1 sees the table. */
    if (OE_UNLIKELY(!atomic_load_explicit(&g_table_ready, memory_order_acquire))) {
        pthread_once(&g_table_once, table_create);
        atomic_store_explicit(&g_table_ready, 1, memory_order_release);
    }
    return &g_table;
}

uint32_t oe_ses_table_high_water(void) { return oe_slot_high_water(table()); }

struct oe_session *oe_ses_at(uint32_t slot) { return oe_slot_lookup(table(), slot); }

JET_SESID oe_ses_handle(struct oe_session *s)
{
    return oe_hnd_make(s->slot, oe_own_gen(atomic_load_explicit(&s->own, memory_order_relaxed)));
}

/* stale_error -- what a handle that names no live session gets. */
static JET_ERR stale_error(struct oe_session *s, uint64_t gen)
{
    if (oe_ins_running_count() == 0)
        return OE_ERR(JET_errNotInitialized);
    if (s && gen && atomic_load_explicit(&s->killed_by_term_gen, memory_order_relaxed) == gen)
        return OE_ERR(JET_errNotInitialized);
    return OE_ERR(JET_errInvalidSesid);
}

/* busy_error -- the session is inside another call. If that is JetTerm
 * tearing the instance down, say so (ESE checks termination first). */
static JET_ERR busy_error(struct oe_session *s, enum oe_enter_kind kind)
{
    int terminating;
    oe_rcu_read_lock();
    struct oe_instance *ins =
        oe_ins_lookup_rcu(atomic_load_explicit(&s->ins_handle, memory_order_relaxed));
    terminating = !ins || atomic_load_explicit(&ins->state, memory_order_seq_cst) == OE_INS_TERMINATING;
    oe_rcu_read_unlock();
    if (terminating)
        return OE_ERR(JET_errTermInProgress);
    return OE_ERR(kind == OE_ENTER_END ? JET_errSessionInUse : JET_errSessionSharingViolation);
}

/* owns_transaction -- whether the caller may act on the open transaction. */
static inline int owns_transaction(const struct oe_session *s, uint64_t me)
{
    if (s->trx_owner_ctx)
        return s->ctx == s->trx_owner_ctx && s->ctx_thread == me;
    return s->trx_owner_thread == me;
}

/* ownership_error -- the rules of ese-reference 6.1/6.2 for a claimed session. */
static JET_ERR ownership_error(const struct oe_session *s, enum oe_enter_kind kind)
{
    uint64_t me = oe_thread_id();
    switch (kind) {
    case OE_ENTER_END:
        if (s->ctx)
            return OE_ERR(JET_errSessionInUse);
        /* A context-mode transaction with no context bound may be ended by
         * any thread (ESE's PrepareTrxContextForEnd); a thread-mode one only
         * by its owner. */
        if (s->level > 0 && !s->trx_owner_ctx && s->trx_owner_thread != me)
            return OE_ERR(JET_errSessionInUse);
        return JET_errSuccess;
    case OE_ENTER_SET_CTX:
        /* The context rules are JetSetSessionContext's own; but binding a
         * context cannot take over another thread's thread-mode transaction
         * (migration works only for context-mode transactions, 6.2). */
        if (!s->ctx && s->level > 0 && !s->trx_owner_ctx && s->trx_owner_thread != me)
            return OE_ERR(JET_errSessionSharingViolation);
        return JET_errSuccess;
    case OE_ENTER_RESET_CTX:
        if (!s->ctx || s->ctx_thread != me)
            return OE_ERR(JET_errSessionContextNotSetByThisThread);
        return JET_errSuccess;
    case OE_ENTER_NORMAL:
    case OE_ENTER_ROLLBACK:
    default:
        if (s->ctx && s->ctx_thread != me)
            return OE_ERR(JET_errSessionSharingViolation);
        if (s->level > 0 && !owns_transaction(s, me))
            return OE_ERR(JET_errSessionSharingViolation);
        return JET_errSuccess;
    }
}

_Thread_local struct oe_ses_memo oe_ses_memo;

/* oe_ses_claim_failed -- a claim CAS found `seen`: the same generation BUSY
 * means another call is inside; anything else means the handle is dead. */
JET_ERR oe_ses_claim_failed(struct oe_session *s, uint64_t gen, uint64_t seen,
                            enum oe_enter_kind kind)
{
    if (oe_own_gen(seen) == gen && oe_own_state(seen) == OE_OWN_BUSY)
        return busy_error(s, kind);
    return stale_error(s, gen);
}

/* oe_ses_admit -- the full entry rules for a session this thread claimed. */
JET_ERR oe_ses_admit(struct oe_session *s, uint64_t gen, enum oe_enter_kind kind,
                     struct oe_session **ps)
{
    struct oe_instance *ins = atomic_load_explicit(&s->ins, memory_order_relaxed);
    int flags = 0;
    if (kind == OE_ENTER_ROLLBACK)
        flags = OE_ENTRY_IGNORE_STOP | OE_ENTRY_DURING_TERM;
    else if (kind == OE_ENTER_RESET_CTX)
        flags = OE_ENTRY_IGNORE_STOP;
    JET_ERR err = oe_ins_entry_error(ins, flags);
    if (OE_LIKELY(err == JET_errSuccess))
        err = ownership_error(s, kind);
    if (OE_UNLIKELY(err < 0)) {
        oe_own_leave(&s->own, gen);
        return err;
    }
    *ps = s;
    return JET_errSuccess;
}

JET_ERR oe_ses_enter(JET_SESID sesid, enum oe_enter_kind kind, struct oe_session **ps)
{
    *ps = NULL;
    if (OE_UNLIKELY(!oe_hnd_plausible(sesid)))
        return stale_error(NULL, 0);
    uint32_t slot = oe_hnd_slot(sesid);
    struct oe_session *s = oe_ses_memo.s;
    if (slot != oe_ses_memo.slot || !s) {
        s = oe_slot_lookup(table(), slot);
        if (OE_UNLIKELY(!s))
            return stale_error(NULL, 0);
        /* Safe to keep forever: slot memory is type-stable (session.h). */
        oe_ses_memo.slot = slot;
        oe_ses_memo.s = s;
    }
    uint64_t gen = oe_hnd_gen(sesid), seen;
    if (OE_UNLIKELY(!oe_own_enter(&s->own, gen, &seen))) /* LP(enter) inside */
        return oe_ses_claim_failed(s, gen, seen, kind);
    if (OE_LIKELY(oe_ins_admits(atomic_load_explicit(&s->ins, memory_order_relaxed)) &&
                  oe_ses_owner_ok(s, kind, oe_thread_id()))) {
        *ps = s;
        return JET_errSuccess;
    }
    return oe_ses_admit(s, gen, kind, ps);
}

/* arm_exit_flush -- make the pthread key return this thread's cached
 * indices when it exits (once per thread). */
static void arm_exit_flush(void)
{
    (void)table();
    (void)pthread_setspecific(g_flush_key, &t_free);
    t_free.armed = 1;
}

/* pop_free_slot -- a free slot index from this thread's cache, refilled in a
 * batch from the table when empty; 0 when none can be had. */
static uint32_t pop_free_slot(void)
{
    if (OE_UNLIKELY(t_free.n == 0)) {
        struct oe_slot_table *t = table();
        t_free.n = oe_slot_alloc_batch(t, t_free.idx, FREE_BATCH);
        if (t_free.n == 0)
            return 0;
        if (!t_free.armed)
            arm_exit_flush();
    }
    return t_free.idx[--t_free.n];
}

/* push_free_slot -- return an index; never allocates. */
static void push_free_slot(uint32_t idx)
{
    if (OE_UNLIKELY(!t_free.armed))
        arm_exit_flush();
    if (OE_UNLIKELY(t_free.n == FREE_CACHE)) {
        oe_slot_free_batch(table(), &t_free.idx[FREE_CACHE - FREE_BATCH], FREE_BATCH);
        t_free.n -= FREE_BATCH;
    }
    t_free.idx[t_free.n++] = idx;
}

JET_ERR oe_ses_begin_on(struct oe_instance *ins, JET_SESID *psesid)
{
    JET_ERR err;
    OE_CALL_R(oe_ins_take_session_credit(ins));

    struct oe_session *s;
    uint64_t gen;
    for (;;) {
        uint32_t idx = pop_free_slot();
        if (OE_UNLIKELY(idx == 0)) {
            oe_ins_give_session_credit(ins);
            return OE_ERR(JET_errOutOfMemory);
        }
        s = oe_slot_lookup(table(), idx);
        gen = oe_own_gen(atomic_load_explicit(&s->own, memory_order_relaxed)) + 1;
        if (OE_LIKELY(gen <= OE_HND_GEN_MAX))
            break;
        /* Generation space exhausted: retire the slot for good (handle.h). */
    }

    /* [owner] fields: the slot is FREE and only this thread holds its index. */
    s->ctx = 0;
    s->ctx_thread = 0;
    s->level = 0;
    s->trx_flags = 0;
    atomic_store_explicit(&s->ins, ins, memory_order_relaxed);
    atomic_store_explicit(&s->ins_handle, ins->handle, memory_order_relaxed);

    /* Pairing with JetTerm without a fence: the state check and the
     * publication share one RCU read-side section, and JetTerm stores
     * TERMINATING and then waits for a grace period before it scans the
     * sessions. Either this section began after the grace period began --
     * then it sees TERMINATING and publishes nothing -- or it ends before
     * the grace period does, and JetTerm's scan finds the session. */
    oe_rcu_read_lock();
    err = oe_ins_entry_error(ins, 0);
    if (OE_LIKELY(err == JET_errSuccess)) {
        /* LP(begin): the handle becomes valid; the release publishes the
         * fields above to whoever claims the session next. */
        oe_own_leave(&s->own, gen);
    }
    oe_rcu_read_unlock();
    if (OE_UNLIKELY(err < 0)) {
        push_free_slot(s->slot);
        oe_ins_give_session_credit(ins);
        return err;
    }
    *psesid = oe_hnd_make(s->slot, gen);
    return JET_errSuccess;
}

JET_ERR oe_ses_begin(JET_INSTANCE inst, JET_SESID *psesid)
{
    JET_ERR err;
    oe_rcu_read_lock(); /* keeps the instance alive until our session pins it */
    struct oe_instance *ins = oe_ins_lookup_rcu(inst);
    if (!ins)
        err = OE_ERR(oe_ins_running_count() == 0 ? JET_errNotInitialized
                                                 : JET_errInvalidParameter);
    else if ((err = oe_ins_entry_error(ins, 0)) >= 0)
        err = oe_ses_begin_on(ins, psesid);
    oe_rcu_read_unlock();
    return err;
}

JET_ERR oe_ses_teardown(struct oe_session *s)
{
    JET_ERR err = JET_errSuccess;
    if (OE_LIKELY(s->level == 0 && !s->res[OE_RES_CURSOR].head && !s->res[OE_RES_TEMP].head)) {
        oe_db_close_session(s); /* JetOpenDatabase counts (catalog.h) */
        s->ctx = 0; /* nothing open: the common case costs two loads */
        s->ctx_thread = 0;
        return JET_errSuccess;
    }
    if (s->level > 0)
        OE_CALL(oe_trx_rollback_levels(s, s->level));
    OE_CALL(oe_res_close_level(s, &s->res[OE_RES_CURSOR], 0));
    OE_CALL(oe_res_close_level(s, &s->res[OE_RES_TEMP], 0));
    oe_db_close_session(s); /* last: a failure above leaves the session as it was */
    s->ctx = 0;
    s->ctx_thread = 0;
handle_error:
    return err;
}

void oe_ses_release_slot(struct oe_session *s, int by_term)
{
    uint64_t gen = oe_own_gen(atomic_load_explicit(&s->own, memory_order_relaxed));
    struct oe_instance *ins = atomic_load_explicit(&s->ins, memory_order_relaxed);
    if (by_term) {
        atomic_store_explicit(&s->killed_by_term_gen, gen, memory_order_relaxed);
        /* LP(end by JetTerm): the release store kills the handle. */
        oe_own_free(&s->own, gen);
        uint32_t idx = s->slot;
        oe_slot_free_batch(table(), &idx, 1);
        return; /* the instance is going away with its credits */
    }
    /* The read-side section keeps the instance alive between the store that
     * kills the handle (after which JetTerm no longer waits for us) and the
     * return of the credit. */
    oe_rcu_read_lock();
    /* LP(end): the release store kills the handle. */
    oe_own_free(&s->own, gen);
    push_free_slot(s->slot);
    oe_ins_give_session_credit(ins);
    oe_rcu_read_unlock();
}

JET_ERR oe_ses_end(struct oe_session *s)
{
    JET_ERR err = oe_ses_teardown(s);
    if (err < 0)
        return err; /* the session stays alive and usable (ESE's rule) */
    oe_ses_release_slot(s, 0);
    return JET_errSuccess;
}

JET_ERR oe_ses_set_context(struct oe_session *s, JET_API_PTR ctx)
{
    if (ctx == 0 || ctx == (JET_API_PTR)~(JET_API_PTR)0)
        return OE_ERR(JET_errInvalidParameter);
    if (s->ctx)
        return OE_ERR(JET_errSessionContextAlreadySet);
    s->ctx = ctx;
    s->ctx_thread = oe_thread_id();
    return JET_errSuccess;
}

JET_ERR oe_ses_reset_context(struct oe_session *s)
{
    /* oe_ses_enter(OE_ENTER_RESET_CTX) checked that this thread set it. */
    s->ctx = 0;
    s->ctx_thread = 0;
    return JET_errSuccess;
}
