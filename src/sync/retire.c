/*
 * retire.c -- per-thread retirement batches handed to liburcu (retire.h).
 *
 * A thread's open batch is OE_RETIRE_LANES Treiber stacks (LANES) of
 * rcu_heads linked through their own `next` field (liburcu's queue link,
 * unused until the object is queued), each head's `func` holding its
 * callback. Only the owner thread pushes; the owner, or oe_rcu_barrier's
 * flush from any thread, takes each whole stack with one exchange. Because
 * nobody but the owner pushes and a taken object is never pushed again, a
 * push CAS has no ABA.
 *
 * LANES. The callback that frees a batch runs on liburcu's worker, on
 * whichever CPU, long after the objects left the retiring thread's cache:
 * walking one chain, every link was a dependent miss, and the walk's load
 * of `next` was ~5% of all CPU time at 2 threads (perf, lifecycle), taken
 * from the workers' own two vCPUs. The owner therefore pushes round robin
 * onto 16 stacks, and the callback walks the 16 chains in turn, prefetching
 * each chain's next object when it frees the current one: their misses
 * overlap, and each has 15 frees' time to arrive. Measured (2-thread
 * lifecycle on 2 vCPUs): that load went from 5.4% of the profile to 3.9%
 * with 4 lanes and 1.5% with 16; interleaved A/B, 3 x 6-8 rounds, -3% to
 * -4% ns/op at 2 threads, 1 thread unchanged (+-1%).
 *
 * PLAIN PUSHES. The owner's own exchange cannot run during its push, so a
 * push needs a CAS only against a flush -- which is rare (oe_rcu_barrier:
 * JetTerm, database detach, tests) -- while the lifecycle workload pushes
 * ~13 times per operation, and each locked instruction waits for the
 * store buffer to drain. So the cost moves to the flush, with the grace
 * period as an asymmetric fence: a push runs inside a read-side section
 * and, if its ctx's `taking` flag reads 0, is a load of the top and a
 * release store of the new top. A flush raises `taking` on every ctx,
 * waits for a grace period, and only then exchanges: a push whose section
 * began before the grace period has ended (and its store is visible); one
 * that began after it sees `taking` and pushes by CAS, which the exchange
 * may race with safely. The flush lowers `taking` after its exchange.
 *
 * A push reads `taking` BEFORE it reads the top. Reading the top first was
 * a fault (the sixth session's version; the stress test hung about once in
 * 150 runs under TSan): a push whose section began after the flush's grace
 * period started is not waited for, so it could read the old top, stall,
 * read `taking` already lowered again, and store a new top that links the
 * taken batch -- objects then queued twice, liburcu's queue corrupted. In
 * the right order, a push that reads the lowered flag (an acquire, paired
 * with the lowering's release) reads the top after the exchange.
 *
 * LINEARIZATION POINTS.
 *   oe_retire        the store (or CAS) that makes head its lane's top:
 *                    from then on a hand-off (owner or flush) will queue it.
 *   hand-off/flush   each lane's exchange that empties it: the objects it
 *                    returns are queued with call_rcu by the taker, either
 *                    all lanes under one carrier or one by one.
 * A grace period that starts after the queueing starts after the push.
 *
 * CARRIERS. A batch rides to liburcu in a carrier: an rcu_head of our own
 * and the batch's first object. Each thread state owns OE_RETIRE_CARRIERS
 * of them; a carrier is busy from the owner's claim until its callback has
 * read the batch pointer. If all are busy (the grace periods fall behind),
 * the open batch keeps growing until one is free; a leaving thread with
 * no free carrier queues its objects one by one (allocating nothing).
 *
 * Thread states are never freed: one per thread that ever registered at
 * once, kept on a registry that a new thread reuses (a reused state's
 * carriers may still be busy with the old owner's batches: harmless).
 */
#include "retire.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define OE_RETIRE_CARRIERS 64
#define OE_RETIRE_LANES 16 /* a power of two (LANES) */
#define OE_RETIRE_BATCH_MAX 4096 /* the most a thread holds back between hand-offs */

struct carrier {
    struct rcu_head rcu;        /* [busy holder] queued with liburcu */
    struct rcu_head *batch[OE_RETIRE_LANES]; /* [busy holder] each lane's first object */
    atomic_int busy;            /* [atomic] 1 from the owner's claim to the callback's
                                   release store; the claim's acquire load pairs with it */
};

struct retire_ctx {
    _Atomic(struct rcu_head *) open[OE_RETIRE_LANES]; /* [atomic] the open batch's lanes:
                                        the owner's release store (CAS while `taking`)
                                        pushes, a taker's acquire exchange empties one
                                        (PLAIN PUSHES) */
    atomic_int taking;               /* [atomic + grace period] 1 while a flush may exchange
                                        `open`: raised by flush_all (g_lock, relaxed) before
                                        its grace period, lowered (release) after its
                                        exchange; pushes read it (acquire) before the top */
    unsigned pushed;                 /* [owner] pushes since the owner's last hand-off
                                        (an over-count after a flush: harmless) */
    unsigned threshold;              /* [owner] pushes per hand-off (see hand_off) */
    unsigned next_carrier;           /* [owner] where the next claim starts looking */
    bool taken;                      /* [g_lock] a live thread owns this state */
    struct retire_ctx *next;         /* [g_lock] the registry */
    struct carrier carriers[OE_RETIRE_CARRIERS];
};

static void (*_Atomic g_stall)(void);            /* [atomic relaxed] oe_retire_test_stall */
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static struct retire_ctx *g_all;                 /* [g_lock] every state ever made */
static _Thread_local struct retire_ctx *tls_ctx; /* [owner] NULL: unbatched */

/* link_of / set_link -- a batch is chained through the heads' queue links. */
static inline struct rcu_head *link_of(const struct rcu_head *h)
{
    return h->next.next ? caa_container_of(h->next.next, struct rcu_head, next) : NULL;
}

static inline void set_link(struct rcu_head *h, struct rcu_head *next)
{
    h->next.next = next ? &next->next : NULL;
}

/* run_batch -- the grace period is over: free every object of the batch,
 * one from each lane in turn (LANES). */
static void run_batch(struct rcu_head *const lanes[OE_RETIRE_LANES])
{
    struct rcu_head *h[OE_RETIRE_LANES];
    bool more = false;
    for (unsigned i = 0; i < OE_RETIRE_LANES; i++)
        more |= (h[i] = lanes[i]) != NULL;
    while (more) {
        more = false;
        for (unsigned i = 0; i < OE_RETIRE_LANES; i++) {
            struct rcu_head *x = h[i];
            if (!x)
                continue;
            struct rcu_head *next = link_of(x); /* x->func frees x */
            __builtin_prefetch(next); /* NULL: a prefetch never faults */
            x->func(x);
            more |= (h[i] = next) != NULL;
        }
    }
}

/* take_all -- empty every lane of ctx's open batch into lanes; false if all
 * were empty. acquire: pairs with the pushes' release stores and CASes
 * (the heads' links and funcs). */
static bool take_all(struct retire_ctx *ctx, struct rcu_head *lanes[OE_RETIRE_LANES])
{
    bool any = false;
    for (unsigned i = 0; i < OE_RETIRE_LANES; i++)
        any |= (lanes[i] = atomic_exchange_explicit(&ctx->open[i], NULL,
                                                    memory_order_acquire)) != NULL;
    return any;
}

/* queue_each -- the slow hand-off: one call_rcu per object. */
static void queue_each(struct rcu_head *h)
{
    while (h) {
        struct rcu_head *next = link_of(h); /* call_rcu reuses h's link */
        oe_call_rcu(h, h->func);
        h = next;
    }
}

static void carrier_cb(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    struct carrier *c = caa_container_of(h, struct carrier, rcu);
    struct rcu_head *batch[OE_RETIRE_LANES];
    memcpy(batch, c->batch, sizeof(batch));
    /* release: our read of c->batch happens before the owner's next claim
     * rewrites it. */
    atomic_store_explicit(&c->busy, 0, memory_order_release);
    run_batch(batch);
}

/* claim -- a free carrier of the owner's state, or NULL. Only the owner
 * claims, so a load that sees 0 may be followed by a plain store. */
static struct carrier *claim(struct retire_ctx *ctx)
{
    for (unsigned i = 0; i < OE_RETIRE_CARRIERS; i++) {
        struct carrier *c = &ctx->carriers[(ctx->next_carrier + i) % OE_RETIRE_CARRIERS];
        if (atomic_load_explicit(&c->busy, memory_order_acquire) == 0) {
            atomic_store_explicit(&c->busy, 1, memory_order_relaxed);
            ctx->next_carrier += i + 1;
            return c;
        }
    }
    return NULL;
}

/* hand_off -- the owner queues its open batch under a free carrier.
 * liburcu's worker takes its queue once per round (a grace period, the
 * callbacks, then ~10 ms of sleep), so what matters is that every object
 * retired before a round starts is queued by then. Spending the carriers
 * on small batches early in a round would leave the rest of the round's
 * retirements waiting in the open batch for a carrier until the round
 * after. So the batch size adapts: a hand-off that finds no free carrier
 * doubles the threshold (up to OE_RETIRE_BATCH_MAX; the batch stays open
 * and grows meanwhile), one that finds the first carrier it looks at free
 * halves it (down to OE_RETIRE_BATCH). */
static void hand_off(struct retire_ctx *ctx)
{
    ctx->pushed = 0;
    unsigned looked = ctx->next_carrier;
    struct carrier *c = claim(ctx);
    if (!c) {
        if (ctx->threshold < OE_RETIRE_BATCH_MAX)
            ctx->threshold *= 2;
        return;
    }
    if (ctx->next_carrier == looked + 1 && ctx->threshold > OE_RETIRE_BATCH)
        ctx->threshold /= 2;
    if (!take_all(ctx, c->batch)) {
        atomic_store_explicit(&c->busy, 0, memory_order_relaxed); /* unused: still ours */
        return;
    }
    oe_call_rcu(&c->rcu, carrier_cb);
}

/* hand_off_all -- a thread leaves: queue its batch, carrier or not. */
static void hand_off_all(struct retire_ctx *ctx)
{
    ctx->pushed = 0;
    struct rcu_head *batch[OE_RETIRE_LANES];
    if (!take_all(ctx, batch))
        return;
    struct carrier *c = claim(ctx);
    if (!c) {
        for (unsigned i = 0; i < OE_RETIRE_LANES; i++)
            queue_each(batch[i]);
        return;
    }
    memcpy(c->batch, batch, sizeof(batch));
    oe_call_rcu(&c->rcu, carrier_cb);
}

void oe_retire(struct rcu_head *head, void (*fn)(struct rcu_head *))
{
    struct retire_ctx *ctx = tls_ctx;
    if (OE_UNLIKELY(!ctx)) {
        oe_call_rcu(head, fn);
        return;
    }
    head->func = fn;
    _Atomic(struct rcu_head *) *lane = &ctx->open[ctx->pushed & (OE_RETIRE_LANES - 1)];
    oe_rcu_read_lock(); /* PLAIN PUSHES: the flush's grace period waits for this */
    struct rcu_head *top;
    /* acquire: pairs with a flush's release lowering of `taking`, so a push
     * that reads the lowered flag reads the top after the flush's exchange
     * (PLAIN PUSHES: the flag first, then the top). */
    if (OE_LIKELY(!atomic_load_explicit(&ctx->taking, memory_order_acquire))) {
        void (*stall)(void) = atomic_load_explicit(&g_stall, memory_order_relaxed);
        if (OE_UNLIKELY(stall != NULL))
            stall();
        top = atomic_load_explicit(lane, memory_order_relaxed);
        set_link(head, top);
        /* release: a taker's acquire exchange sees head's link and func. */
        atomic_store_explicit(lane, head, memory_order_release);
    } else {
        top = atomic_load_explicit(lane, memory_order_relaxed);
        do
            set_link(head, top);
        while (!atomic_compare_exchange_weak_explicit(lane, &top, head, memory_order_release,
                                                      memory_order_relaxed));
    }
    oe_rcu_read_unlock();
    if (++ctx->pushed >= ctx->threshold)
        hand_off(ctx);
}

void oe_retire_test_stall(void (*fn)(void))
{
    atomic_store_explicit(&g_stall, fn, memory_order_relaxed);
}

void oe_retire_thread_start(void)
{
    pthread_mutex_lock(&g_lock);
    struct retire_ctx *ctx = g_all;
    while (ctx && ctx->taken)
        ctx = ctx->next;
    if (!ctx && (ctx = calloc(1, sizeof(*ctx))) != NULL) {
        ctx->next = g_all;
        g_all = ctx;
    }
    if (ctx) {
        ctx->taken = true;
        ctx->pushed = 0;
        ctx->threshold = OE_RETIRE_BATCH;
    }
    pthread_mutex_unlock(&g_lock);
    tls_ctx = ctx; /* NULL (no memory): this thread retires unbatched */
}

void oe_retire_thread_exit(void)
{
    struct retire_ctx *ctx = tls_ctx;
    if (!ctx)
        return;
    hand_off_all(ctx);
    tls_ctx = NULL;
    pthread_mutex_lock(&g_lock);
    ctx->taken = false;
    pthread_mutex_unlock(&g_lock);
}

void oe_retire_flush_all(void)
{
    pthread_mutex_lock(&g_lock);
    for (struct retire_ctx *ctx = g_all; ctx; ctx = ctx->next)
        atomic_store_explicit(&ctx->taking, 1, memory_order_relaxed);
    oe_synchronize_rcu(); /* every plain push that read taking == 0 has ended */
    for (struct retire_ctx *ctx = g_all; ctx; ctx = ctx->next) {
        struct rcu_head *batch[OE_RETIRE_LANES];
        take_all(ctx, batch);
        for (unsigned i = 0; i < OE_RETIRE_LANES; i++)
            queue_each(batch[i]);
        /* release: a push that reads 0 here then reads the emptied top. */
        atomic_store_explicit(&ctx->taking, 0, memory_order_release);
    }
    pthread_mutex_unlock(&g_lock);
}
