/*
 * instance.c -- instance registry, lifecycle, parameters and session credits.
 *
 * The registry (list, mode, counts, global parameters) is [mutex:ins_registry]:
 * every operation here except lookup and the credit fast path is rare.
 * Lookup reads a fixed table of (handle, pointer) pairs under RCU. Quota
 * credits (instance.h) have inline fast paths; the slow paths are here.
 *
 * Single-/multi-instance mode (ESE's rules): JetInit on no instance (NULL or
 * a zero handle) creates the one legacy instance and puts the process in
 * single-instance mode, where JetCreateInstance answers
 * RunningInOneInstanceMode; once JetCreateInstance has made an instance, a
 * legacy JetInit answers RunningInMultiInstanceMode. The mode ends when the
 * last instance is terminated.
 */
#include "instance.h"

#include <string.h>
#include <time.h>

#include "catalog.h"
#include "err.h"
#include "session.h"
#include "sync/alloc.h"
#include "sync/thread_id.h"

#define INS_SLOTS 10240          /* ESE's largest JET_paramMaxInstances */
#define INS_SLOT_BITS 14         /* 10240 < 2^14 */
#define CREDIT_BATCH 8           /* count kinds: a refill's batch... */
#define CREDIT_HIGH 32           /* ...and a cache's high-water mark */
#define VERBYTES_BATCH_MIN 512   /* OE_Q_VERBYTES: batch = limit / 32 within these */
#define VERBYTES_BATCH_MAX 131072

enum { MODE_NONE, MODE_SINGLE, MODE_MULTI };

struct ins_slot {
    _Atomic uint64_t handle;            /* [atomic] release on publish/remove, acquire in lookup */
    _Atomic(struct oe_instance *) ins;  /* [rcu] */
};

static struct ins_slot g_slots[INS_SLOTS];
static pthread_mutex_t g_reg = PTHREAD_MUTEX_INITIALIZER; /* ins_registry */
static struct oe_instance *g_list;       /* [mutex:ins_registry] */
static uint32_t g_count;                 /* [mutex:ins_registry] live instances */
static int g_mode;                       /* [mutex:ins_registry] */
static uint64_t g_serial;                /* [mutex:ins_registry] never-reused serials */
static struct oe_params g_global;        /* [mutex:ins_registry] */
static int g_global_ready;               /* [mutex:ins_registry] */
static _Atomic uint64_t g_legacy_handle; /* [atomic acq/rel] handle 0 resolves to it */
static _Atomic uint32_t g_running;       /* [atomic relaxed] initialized instances */

/* The thread's credit cache for the instance it used last (instance.h). */
_Thread_local struct oe_credit_memo oe_credit_memo;

/* quota_limit -- the parameters that size the pool of kind k (holding
 * g_reg: VerPageSize is a global parameter). */
static int64_t quota_limit(const struct oe_instance *ins, enum oe_quota_kind k)
{
    if (k == OE_Q_VERBYTES) {
        int64_t page = (int64_t)g_global.ival[OE_P_VER_PAGE_SIZE];
        return (int64_t)ins->params.ival[OE_P_MAX_VER_PAGES] * (page ? page : 32768);
    }
    return (int64_t)ins->params.ival[k == OE_Q_SESSIONS ? OE_P_MAX_SESSIONS : OE_P_MAX_CURSORS];
}

/* quota_error -- what an exhausted pool of kind k answers. */
static JET_ERR quota_error(enum oe_quota_kind k)
{
    switch (k) {
    case OE_Q_SESSIONS:
        return JET_errOutOfSessions;
    case OE_Q_CURSORS:
        return JET_errOutOfCursors;
    default:
        return JET_errVersionStoreOutOfMemory;
    }
}

/* quota_size -- fill the pool and the cache sizes of kind k (start). The
 * byte kind's batch is 1/32 of the budget (within bounds), so a refill
 * covers many transactions: the version store reserves half a batch per
 * transaction (verstore.c, BUDGET). */
static void quota_size(struct oe_instance *ins, enum oe_quota_kind k)
{
    int64_t limit = quota_limit(ins, k), batch = CREDIT_BATCH, high = CREDIT_HIGH;
    if (k == OE_Q_VERBYTES) {
        batch = limit / 32;
        batch = batch < VERBYTES_BATCH_MIN ? VERBYTES_BATCH_MIN
                : batch > VERBYTES_BATCH_MAX ? VERBYTES_BATCH_MAX
                                             : batch;
        high = 4 * batch;
    }
    ins->credit_limit[k] = limit;
    ins->credit_batch[k] = batch;
    ins->credit_high[k] = high;
    atomic_store_explicit(&ins->credit_pool[k], limit, memory_order_relaxed);
}

uint32_t oe_ins_running_count(void)
{
    return atomic_load_explicit(&g_running, memory_order_relaxed);
}

static JET_ERR global_params_ready(void)
{
    if (g_global_ready)
        return JET_errSuccess;
    OE_CALL_R(oe_par_init_defaults(&g_global));
    g_global_ready = 1;
    return JET_errSuccess;
}

struct oe_instance *oe_ins_lookup_rcu(JET_INSTANCE h)
{
    if (h == 0)
        h = atomic_load_explicit(&g_legacy_handle, memory_order_acquire);
    uint64_t slot = (h & ((1u << INS_SLOT_BITS) - 1));
    if (h == 0 || h == JET_instanceNil || slot == 0 || slot > INS_SLOTS)
        return NULL;
    struct ins_slot *sl = &g_slots[slot - 1];
    /* Acquire pairs with the release store of the handle in publish(). */
    if (atomic_load_explicit(&sl->handle, memory_order_acquire) != h)
        return NULL;
    /* Acquire pairs with the release store in make_instance. */
    struct oe_instance *ins = atomic_load_explicit(&sl->ins, memory_order_acquire);
    /* The slot may have been reused between the two loads: check identity. */
    return ins && ins->handle == h ? ins : NULL;
}

/* find_locked -- registry lookup for the slow paths (holding g_reg). */
static struct oe_instance *find_locked(JET_INSTANCE h)
{
    if (h == 0)
        h = atomic_load_explicit(&g_legacy_handle, memory_order_relaxed);
    for (struct oe_instance *i = g_list; i; i = i->reg_next)
        if (i->handle == h && h != 0)
            return i;
    return NULL;
}

static void instance_free(struct oe_instance *ins)
{
    oe_par_free(&ins->params);
    if (ins->name)
        oe_free(ins->name, strlen(ins->name) + 1);
    if (ins->display_name)
        oe_free(ins->display_name, strlen(ins->display_name) + 1);
    struct oe_credit_cache *c = ins->caches;
    while (c) {
        struct oe_credit_cache *n = c->next;
        oe_free(c, sizeof(*c));
        c = n;
    }
    pthread_mutex_destroy(&ins->cache_lock);
    pthread_mutex_destroy(&ins->db_lock);
    pthread_mutex_destroy(&ins->tables_lock);
    oe_free(ins, sizeof(*ins));
}

static void instance_free_cb(struct rcu_head *head)
{
    oe_rcu_grace_acquire();
    instance_free(caa_container_of(head, struct oe_instance, rcu));
}

static int name_in_use(const char *name)
{
    for (struct oe_instance *i = g_list; i; i = i->reg_next) {
        if (!name && !i->name)
            return 1;
        if (name && i->name && strcmp(name, i->name) == 0)
            return 1;
    }
    return 0;
}

/* make_instance -- allocate, register and publish a CREATED instance (holding g_reg). */
static JET_ERR make_instance(const char *name, const char *display, int legacy,
                             struct oe_instance **pins)
{
    JET_ERR err = JET_errSuccess;
    struct oe_instance *ins = NULL;
    uint32_t slot = 0;

    OE_CALL(global_params_ready());
    if (g_count >= g_global.ival[OE_P_MAX_INSTANCES])
        OE_ERROR(JET_errTooManyInstances);
    if (name_in_use(name))
        OE_ERROR(JET_errInstanceNameInUse);
    for (slot = 0; slot < INS_SLOTS; slot++)
        if (atomic_load_explicit(&g_slots[slot].ins, memory_order_relaxed) == NULL)
            break;
    if (slot == INS_SLOTS)
        OE_ERROR(JET_errTooManyInstances);

    ins = oe_calloc(sizeof(*ins));
    if (!ins)
        OE_ERROR(JET_errOutOfMemory);
    pthread_mutex_init(&ins->cache_lock, NULL);
    pthread_mutex_init(&ins->db_lock, NULL);
    pthread_mutex_init(&ins->tables_lock, NULL);
    if (name && !(ins->name = oe_strdup(name)))
        OE_ERROR(JET_errOutOfMemory);
    if (display && !(ins->display_name = oe_strdup(display)))
        OE_ERROR(JET_errOutOfMemory);
    OE_CALL(oe_par_copy(&ins->params, &g_global));
    ins->legacy = legacy;
    ins->handle = (++g_serial << INS_SLOT_BITS) | (slot + 1);
    atomic_init(&ins->state, OE_INS_CREATED);
    atomic_init(&ins->flags, 0);
    for (int k = 0; k < OE_Q_KINDS; k++)
        atomic_init(&ins->credit_pool[k], 0);

    ins->reg_next = g_list;
    g_list = ins;
    g_count++;
    atomic_store_explicit(&g_slots[slot].ins, ins, memory_order_release);
    /* LP(create): the handle becomes resolvable (pairs with lookup's acquire). */
    atomic_store_explicit(&g_slots[slot].handle, ins->handle, memory_order_release);
    *pins = ins;
    return JET_errSuccess;

handle_error:
    if (ins)
        instance_free(ins);
    return err;
}

/* unregister -- unpublish and unlink (holding g_reg); frees after a grace period. */
static void unregister(struct oe_instance *ins)
{
    uint32_t slot = (uint32_t)(ins->handle & ((1u << INS_SLOT_BITS) - 1)) - 1;
    atomic_store_explicit(&g_slots[slot].handle, 0, memory_order_release);
    atomic_store_explicit(&g_slots[slot].ins, NULL, memory_order_release);
    for (struct oe_instance **pp = &g_list; *pp; pp = &(*pp)->reg_next) {
        if (*pp == ins) {
            *pp = ins->reg_next;
            break;
        }
    }
    if (ins->legacy)
        atomic_store_explicit(&g_legacy_handle, 0, memory_order_release);
    if (--g_count == 0)
        g_mode = MODE_NONE;
    oe_call_rcu(&ins->rcu, instance_free_cb);
}

JET_ERR oe_ins_create(JET_INSTANCE *pinst, const char *name, const char *display, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    struct oe_instance *ins;
    if (!pinst)
        return OE_ERR(JET_errInvalidParameter);
    if (grbit != 0)
        return OE_ERR(JET_errInvalidGrbit);
    pthread_mutex_lock(&g_reg);
    if (g_mode == MODE_SINGLE)
        OE_ERROR(JET_errRunningInOneInstanceMode);
    OE_CALL(make_instance(name, display, 0, &ins));
    g_mode = MODE_MULTI;
    *pinst = ins->handle;
handle_error:
    pthread_mutex_unlock(&g_reg);
    return err;
}

/* start -- CREATED → RUNNING (holding g_reg). */
static void start(struct oe_instance *ins)
{
    /* Under g_reg before RUNNING is published: no thread takes credits yet
     * (a session call needs RUNNING; cache_lock is not needed). */
    for (int k = 0; k < OE_Q_KINDS; k++)
        quota_size(ins, (enum oe_quota_kind)k);
    /* LP(init): sessions may begin once they observe RUNNING. */
    atomic_store_explicit(&ins->state, OE_INS_RUNNING, memory_order_seq_cst);
    atomic_fetch_add_explicit(&g_running, 1, memory_order_relaxed);
}

JET_ERR oe_ins_init(JET_INSTANCE *pinst, int has_restore, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    (void)grbit; /* ESE's JetInit2/3 grbits steer recovery, which has no work to do yet */
    if (has_restore)
        return OE_ERR(JET_errFeatureNotAvailable);
    pthread_mutex_lock(&g_reg);
    if (!pinst || *pinst == 0) {
        if (g_mode == MODE_MULTI)
            OE_ERROR(JET_errRunningInMultiInstanceMode);
        struct oe_instance *ins = find_locked(0);
        if (ins)
            OE_ERROR(atomic_load(&ins->state) == OE_INS_TERMINATING ? JET_errTermInProgress
                                                                   : JET_errAlreadyInitialized);
        OE_CALL(make_instance(NULL, NULL, 1, &ins));
        g_mode = MODE_SINGLE;
        atomic_store_explicit(&g_legacy_handle, ins->handle, memory_order_release);
        start(ins);
        if (pinst)
            *pinst = ins->handle;
    } else {
        struct oe_instance *ins = find_locked(*pinst);
        if (!ins)
            OE_ERROR(JET_errInvalidInstance);
        uint32_t st = atomic_load_explicit(&ins->state, memory_order_relaxed);
        if (st == OE_INS_TERMINATING)
            OE_ERROR(JET_errTermInProgress);
        if (st != OE_INS_CREATED)
            OE_ERROR(JET_errAlreadyInitialized);
        start(ins);
    }
handle_error:
    pthread_mutex_unlock(&g_reg);
    return err;
}

/* wait_briefly -- JetTerm's poll interval while a call is in flight. */
static void wait_briefly(void)
{
    struct timespec ts = {0, 100 * 1000};
    nanosleep(&ts, NULL);
}

/* claim_all -- JetTerm's first pass: claim every session of ins, waiting for
 * calls in flight to leave. Returns the number claimed into out[]. */
static uint32_t claim_all(struct oe_instance *ins, uint32_t hw, uint32_t *out)
{
    uint32_t n = 0;
    for (uint32_t slot = 1; slot < hw; slot++) {
        struct oe_session *s = oe_ses_at(slot);
        if (!s)
            continue;
        for (;;) {
            uint64_t w = oe_own_load(&s->own);
            if (oe_own_state(w) == OE_OWN_FREE)
                break;
            /* The owner word's seq_cst load orders this read after the
             * publication of the session (release in BeginSession). */
            if (atomic_load_explicit(&s->ins, memory_order_relaxed) != ins)
                break;
            uint64_t seen;
            if (oe_own_state(w) == OE_OWN_IDLE && oe_own_enter(&s->own, oe_own_gen(w), &seen)) {
                out[n++] = slot;
                break;
            }
            wait_briefly(); /* a call is in flight: JetTerm waits for it, as ESE */
        }
    }
    return n;
}

JET_ERR oe_ins_term(JET_INSTANCE inst, JET_GRBIT grbit)
{
    JET_ERR err = JET_errSuccess;
    struct oe_instance *ins;
    uint32_t *claimed = NULL;
    uint32_t hw = 0, n = 0;

    if (grbit & ~(uint32_t)(JET_bitTermComplete | JET_bitTermAbrupt | JET_bitTermStopBackup |
                            JET_bitTermDirty))
        return OE_ERR(JET_errInvalidGrbit);

    pthread_mutex_lock(&g_reg);
    ins = (inst == JET_instanceNil) ? NULL : find_locked(inst);
    if (!ins) {
        pthread_mutex_unlock(&g_reg);
        return OE_ERR(inst == 0 ? JET_errNotInitialized : JET_errInvalidInstance);
    }
    uint32_t st = atomic_load_explicit(&ins->state, memory_order_relaxed);
    if (st == OE_INS_CREATED) { /* never initialized: just free it (ESE) */
        unregister(ins);
        pthread_mutex_unlock(&g_reg);
        return JET_errSuccess;
    }
    if (st == OE_INS_TERMINATING) {
        pthread_mutex_unlock(&g_reg);
        return OE_ERR(JET_errTermInProgress);
    }
    /* Reserve the bookkeeping before anything changes, so a failure leaves
     * the instance exactly as it was. */
    hw = oe_ses_table_high_water();
    claimed = oe_malloc((hw + 1) * sizeof(uint32_t));
    if (!claimed) {
        pthread_mutex_unlock(&g_reg);
        return OE_ERR(JET_errOutOfMemory);
    }
    /* LP(term begins): calls that claim a session after this store see
     * TERMINATING; JetTerm sees every call that claimed before it. */
    atomic_store_explicit(&ins->state, OE_INS_TERMINATING, memory_order_seq_cst);
    pthread_mutex_unlock(&g_reg);
    /* A BeginSession that saw RUNNING published its session inside an RCU
     * read-side section (session.c): after this grace period every such
     * session is visible to the scan below. */
    oe_synchronize_rcu();

    /* Sessions begun from now on see TERMINATING, and their indices are
     * below the high water read after the store (slot_table's mutex orders it). */
    uint32_t hw2 = oe_ses_table_high_water();
    if (hw2 > hw) {
        uint32_t *bigger = oe_malloc((hw2 + 1) * sizeof(uint32_t));
        if (!bigger) {
            atomic_store_explicit(&ins->state, OE_INS_RUNNING, memory_order_seq_cst);
            err = OE_ERR(JET_errOutOfMemory);
            goto done;
        }
        oe_free(claimed, (hw + 1) * sizeof(uint32_t));
        claimed = bigger;
        hw = hw2;
    }
    n = claim_all(ins, hw, claimed);

    /* An instance that hit a fatal error cannot roll anything back cleanly:
     * JetTerm frees it whatever its sessions hold (its data is lost either way). */
    int unavailable = (atomic_load_explicit(&ins->flags, memory_order_relaxed) & OE_INS_UNAVAILABLE) != 0;
    if (!(grbit & JET_bitTermDirty) && !unavailable) {
        for (uint32_t i = 0; i < n; i++) {
            if (oe_ses_at(claimed[i])->level > 0) {
                for (uint32_t j = 0; j < n; j++)
                    oe_ses_leave(oe_ses_at(claimed[j]));
                atomic_store_explicit(&ins->state, OE_INS_RUNNING, memory_order_seq_cst);
                err = OE_ERR(JET_errTooManyActiveUsers);
                goto done;
            }
        }
    }
    for (uint32_t i = 0; i < n; i++) {
        struct oe_session *s = oe_ses_at(claimed[i]);
        (void)oe_ses_teardown(s); /* cannot fail without data; errors would leak, not crash */
        oe_ses_release_slot(s, 1);
    }
    oe_db_free_all(ins); /* every session is gone: no cursor, no open database */
    pthread_mutex_lock(&g_reg);
    atomic_fetch_sub_explicit(&g_running, 1, memory_order_relaxed);
    unregister(ins);
    pthread_mutex_unlock(&g_reg);
    /* Let the retirements of this instance finish, so a terminated engine
     * holds no memory (leak tests, and applications that unload us). */
    oe_rcu_barrier();
    err = (grbit & JET_bitTermDirty) ? OE_ERR(JET_errDirtyShutdown) : JET_errSuccess;
done:
    oe_free(claimed, (hw + 1) * sizeof(uint32_t));
    return err;
}

JET_ERR oe_ins_entry_error(struct oe_instance *ins, int flags)
{
    /* seq_cst: the second half of the Dekker pair with JetTerm (owner.h). */
    uint32_t st = atomic_load_explicit(&ins->state, memory_order_seq_cst);
    if (OE_UNLIKELY(st != OE_INS_RUNNING)) {
        if (st != OE_INS_TERMINATING)
            return OE_ERR(JET_errNotInitialized);
        if (!(flags & OE_ENTRY_DURING_TERM))
            return OE_ERR(JET_errTermInProgress);
    }
    uint32_t f = atomic_load_explicit(&ins->flags, memory_order_seq_cst);
    if (OE_LIKELY(f == 0))
        return JET_errSuccess;
    if (f & OE_INS_UNAVAILABLE)
        return OE_ERR(JET_errInstanceUnavailable);
    if (f & OE_INS_RESTORING)
        return OE_ERR(JET_errRestoreInProgress);
    if ((f & OE_INS_STOPPED) && !(flags & OE_ENTRY_IGNORE_STOP))
        return OE_ERR(JET_errClientRequestToStopJetService);
    return JET_errSuccess;
}

/* stop_locked -- apply JetStopServiceInstance2's grbit to a running instance. */
static JET_ERR stop_locked(struct oe_instance *ins, JET_GRBIT grbit)
{
    const JET_GRBIT resumable = JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches;
    const JET_GRBIT emit_log = 0x8; /* JET_bitStopServiceStopAndEmitLog */
    if (grbit & ~(resumable | emit_log | JET_bitStopServiceResume))
        return OE_ERR(JET_errInvalidGrbit);
    if ((grbit & emit_log) && grbit != emit_log)
        return OE_ERR(JET_errInvalidGrbit);
    uint32_t st = atomic_load_explicit(&ins->state, memory_order_relaxed);
    if (st == OE_INS_TERMINATING)
        return OE_ERR(JET_errTermInProgress);
    if (st != OE_INS_RUNNING)
        return OE_ERR(JET_errNotInitialized);
    uint32_t f = atomic_load_explicit(&ins->flags, memory_order_relaxed);
    if (grbit & JET_bitStopServiceResume) {
        if (f & OE_INS_STOPPED) /* a full stop cannot be undone */
            return OE_ERR(JET_errClientRequestToStopJetService);
        uint32_t clear = 0;
        if (grbit & JET_bitStopServiceBackgroundUserTasks)
            clear |= OE_INS_BG_STOPPED;
        if (grbit & JET_bitStopServiceQuiesceCaches)
            clear |= OE_INS_QUIESCED;
        if (!clear)
            clear = OE_INS_BG_STOPPED | OE_INS_QUIESCED;
        atomic_fetch_and_explicit(&ins->flags, ~clear, memory_order_seq_cst);
        return JET_errSuccess;
    }
    uint32_t set = 0;
    if (grbit == JET_bitStopServiceAll || grbit == emit_log) {
        /* Nothing to emit without a log yet; the stop itself is the same. */
        set = OE_INS_STOPPED | OE_INS_BG_STOPPED | OE_INS_QUIESCED;
    } else {
        if (grbit & JET_bitStopServiceBackgroundUserTasks)
            set |= OE_INS_BG_STOPPED;
        if (grbit & JET_bitStopServiceQuiesceCaches)
            set |= OE_INS_QUIESCED;
    }
    /* LP(stop): calls entering after this store answer -1329. */
    atomic_fetch_or_explicit(&ins->flags, set, memory_order_seq_cst);
    return JET_errSuccess;
}

JET_ERR oe_ins_stop_service(JET_INSTANCE inst, JET_GRBIT grbit)
{
    JET_ERR err;
    pthread_mutex_lock(&g_reg);
    struct oe_instance *ins = inst == JET_instanceNil ? NULL : find_locked(inst);
    if (!ins)
        err = OE_ERR(inst == 0 ? JET_errNotInitialized : JET_errInvalidInstance);
    else
        err = stop_locked(ins, grbit);
    pthread_mutex_unlock(&g_reg);
    return err;
}

JET_ERR oe_ins_stop_service_legacy(void)
{
    JET_ERR err;
    pthread_mutex_lock(&g_reg);
    if (g_mode == MODE_MULTI)
        err = OE_ERR(JET_errRunningInMultiInstanceMode);
    else if (!find_locked(0))
        err = OE_ERR(JET_errNotInitialized);
    else
        err = stop_locked(find_locked(0), JET_bitStopServiceAll);
    pthread_mutex_unlock(&g_reg);
    return err;
}

/* param_target -- which parameter set a call addresses (holding g_reg).
 * *pins is the instance, or NULL for the global set. */
static JET_ERR param_target(JET_INSTANCE h, int by_pointer_null, struct oe_instance **pins)
{
    *pins = NULL;
    if (by_pointer_null || h == 0 || h == JET_instanceNil) {
        /* In single-instance mode the global call addresses the one instance. */
        if (g_mode == MODE_SINGLE)
            *pins = find_locked(0);
        return JET_errSuccess;
    }
    *pins = find_locked(h);
    return *pins ? JET_errSuccess : OE_ERR(JET_errInvalidInstance);
}

JET_ERR oe_ins_set_param(JET_INSTANCE *pinst, uint32_t paramid, JET_API_PTR lParam,
                         const char *szParam)
{
    JET_ERR err = JET_errSuccess;
    int index;
    struct oe_instance *ins;
    const struct oe_param_def *def = oe_par_find(paramid, &index);
    if (!def || (def->flags & OE_PAR_READONLY))
        return OE_ERR(JET_errInvalidParameter);
    OE_CALL_R(oe_par_validate(def, lParam, szParam));

    pthread_mutex_lock(&g_reg);
    OE_CALL(global_params_ready());
    OE_CALL(param_target(pinst ? *pinst : 0, pinst == NULL, &ins));
    if (def->flags & OE_PAR_GLOBAL) {
        /* Process-wide: locked once any instance runs. */
        if ((def->flags & OE_PAR_LOCKED) && atomic_load(&g_running) > 0)
            OE_ERROR(JET_errAlreadyInitialized);
        OE_CALL(oe_par_store(&g_global, index, lParam, szParam));
        for (struct oe_instance *i = g_list; i; i = i->reg_next)
            (void)oe_par_store(&i->params, index, lParam, szParam);
    } else if (ins) {
        if ((def->flags & OE_PAR_LOCKED) &&
            atomic_load_explicit(&ins->state, memory_order_relaxed) != OE_INS_CREATED)
            OE_ERROR(JET_errAlreadyInitialized);
        OE_CALL(oe_par_store(&ins->params, index, lParam, szParam));
    } else {
        OE_CALL(oe_par_store(&g_global, index, lParam, szParam));
    }
handle_error:
    pthread_mutex_unlock(&g_reg);
    return err;
}

JET_ERR oe_ins_get_param(JET_INSTANCE inst, uint32_t paramid, JET_API_PTR *plParam,
                         char *szParam, uint32_t cbMax)
{
    JET_ERR err = JET_errSuccess;
    int index;
    struct oe_instance *ins;
    const struct oe_param_def *def = oe_par_find(paramid, &index);
    if (!def)
        return OE_ERR(JET_errInvalidParameter);
    pthread_mutex_lock(&g_reg);
    OE_CALL(global_params_ready());
    OE_CALL(param_target(inst, 0, &ins));
    OE_CALL(oe_par_load(ins && !(def->flags & OE_PAR_GLOBAL) ? &ins->params : &g_global, index,
                        plParam, szParam, cbMax));
handle_error:
    pthread_mutex_unlock(&g_reg);
    return err;
}

/* cache_for -- this thread's credit cache for ins, created on first use
 * (NULL if memory is short: the caller then uses the pool directly). */
static struct oe_credit_cache *cache_for(struct oe_instance *ins)
{
    if (OE_LIKELY(oe_credit_memo.handle == ins->handle))
        return oe_credit_memo.c;
    uint64_t me = oe_thread_id();
    pthread_mutex_lock(&ins->cache_lock);
    struct oe_credit_cache *c = ins->caches;
    while (c && c->thread != me)
        c = c->next;
    if (!c && (c = oe_calloc(sizeof(*c))) != NULL) {
        c->thread = me;
        for (int k = 0; k < OE_Q_KINDS; k++)
            atomic_init(&c->credits[k], 0);
        c->next = ins->caches;
        ins->caches = c;
    }
    pthread_mutex_unlock(&ins->cache_lock);
    if (c) {
        oe_credit_memo.handle = ins->handle;
        oe_credit_memo.c = c;
    }
    return c;
}

/* take_from_pool -- the slow path (holding cache_lock): n credits for the
 * caller from the pool, after folding in what this thread's cache holds (less
 * than n, possibly an overdraft), stealing every cache's credits of kind k
 * when that is not enough; then refill the cache. */
static JET_ERR take_from_pool(struct oe_instance *ins, struct oe_credit_cache *c,
                              enum oe_quota_kind k, int64_t n)
{
    int64_t pool = atomic_load_explicit(&ins->credit_pool[k], memory_order_relaxed);
    if (c)
        pool += atomic_exchange_explicit(&c->credits[k], 0, memory_order_relaxed);
    if (pool < n) {
        for (struct oe_credit_cache *o = ins->caches; o; o = o->next)
            pool += atomic_exchange_explicit(&o->credits[k], 0, memory_order_relaxed);
    }
    if (pool < n) {
        /* LP(refusal): with every cache emptied under the lock, the pool
         * is all that is free. */
        atomic_store_explicit(&ins->credit_pool[k], pool, memory_order_relaxed);
        return OE_ERR(quota_error(k));
    }
    pool -= n; /* the caller's credits */
    /* Hand a batch to the thread only when plenty is left, so near the limit
     * no credits sit in one thread's cache while another thread asks. */
    int64_t b = ins->credit_batch[k];
    int64_t batch = (c && pool > 4 * b) ? b : 0;
    if (batch)
        atomic_fetch_add_explicit(&c->credits[k], batch, memory_order_relaxed);
    atomic_store_explicit(&ins->credit_pool[k], pool - batch, memory_order_relaxed);
    return JET_errSuccess;
}

/* oe_ins_take_credit_slow -- the inline fast path found too few cached credits. */
JET_ERR oe_ins_take_credit_slow(struct oe_instance *ins, enum oe_quota_kind k, int64_t n)
{
    struct oe_credit_cache *c = cache_for(ins);
    if (OE_LIKELY(c != NULL)) {
        /* The memo may have been for another instance: retry the cache. */
        int64_t v = atomic_load_explicit(&c->credits[k], memory_order_relaxed);
        while (v >= n) { /* LP(take), as in the fast path */
            if (atomic_compare_exchange_weak_explicit(&c->credits[k], &v, v - n,
                                                      memory_order_relaxed, memory_order_relaxed))
                return JET_errSuccess;
        }
    }
    pthread_mutex_lock(&ins->cache_lock);
    JET_ERR err = take_from_pool(ins, c, k, n); /* LP(take / refusal) under the lock */
    pthread_mutex_unlock(&ins->cache_lock);
    return err;
}

/* oe_ins_give_credit_slow -- the cache overflowed or went negative
 * (in_cache: the n credits are already in it), or this thread has no cache
 * for ins. The excess over one batch, or the whole overdraft, goes to the
 * pool under the lock, so a concurrent steal sees every credit. A pool
 * left negative takes every cache's credits: then no thread can take
 * from its cache what the overdraft already consumed, and takes fail until
 * gives repay it (the budget stays exact). */
void oe_ins_give_credit_slow(struct oe_instance *ins, enum oe_quota_kind k, int64_t n,
                             int in_cache)
{
    pthread_mutex_lock(&ins->cache_lock);
    int64_t back = n;
    if (in_cache) {
        struct oe_credit_cache *c = oe_credit_memo.c;
        int64_t b = ins->credit_batch[k];
        int64_t v = atomic_exchange_explicit(&c->credits[k], 0, memory_order_relaxed);
        back = v > b ? v - b : v < 0 ? v : 0;
        atomic_fetch_add_explicit(&c->credits[k], v - back, memory_order_relaxed);
    }
    int64_t pool = atomic_load_explicit(&ins->credit_pool[k], memory_order_relaxed) + back;
    if (pool < 0) {
        for (struct oe_credit_cache *o = ins->caches; o; o = o->next)
            pool += atomic_exchange_explicit(&o->credits[k], 0, memory_order_relaxed);
    }
    atomic_store_explicit(&ins->credit_pool[k], pool, memory_order_relaxed);
    pthread_mutex_unlock(&ins->cache_lock);
}

int64_t oe_ins_credits_free(struct oe_instance *ins, enum oe_quota_kind k)
{
    pthread_mutex_lock(&ins->cache_lock);
    int64_t sum = atomic_load_explicit(&ins->credit_pool[k], memory_order_relaxed);
    for (struct oe_credit_cache *o = ins->caches; o; o = o->next)
        sum += atomic_load_explicit(&o->credits[k], memory_order_relaxed);
    pthread_mutex_unlock(&ins->cache_lock);
    return sum;
}

JET_ERR oe_ins_set_restoring(JET_INSTANCE inst, int on)
{
    JET_ERR err = JET_errSuccess;
    pthread_mutex_lock(&g_reg);
    struct oe_instance *ins = find_locked(inst);
    if (!ins)
        err = OE_ERR(JET_errInvalidInstance);
    else if (on)
        atomic_fetch_or_explicit(&ins->flags, OE_INS_RESTORING, memory_order_seq_cst);
    else
        atomic_fetch_and_explicit(&ins->flags, ~(uint32_t)OE_INS_RESTORING, memory_order_seq_cst);
    pthread_mutex_unlock(&g_reg);
    return err;
}

JET_ERR oe_ins_mark_unavailable(JET_INSTANCE inst)
{
    JET_ERR err = JET_errSuccess;
    pthread_mutex_lock(&g_reg);
    struct oe_instance *ins = find_locked(inst);
    if (!ins)
        err = OE_ERR(JET_errInvalidInstance);
    else
        atomic_fetch_or_explicit(&ins->flags, OE_INS_UNAVAILABLE, memory_order_seq_cst);
    pthread_mutex_unlock(&g_reg);
    return err;
}
