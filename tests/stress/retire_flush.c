/*
 * retire_flush.c -- batched retirement under flushes (src/sync/retire.c,
 * PLAIN PUSHES): owners push with a plain store while no flush is taking,
 * so a flush must first raise every thread's `taking` flag and wait a
 * grace period before it exchanges a batch away.
 *
 * Two pushers retire objects as fast as they can (one batch hand-off every
 * 64 or more pushes, and a read-side section around some pushes, as the
 * engine's callers have), while a third thread calls oe_rcu_barrier() --
 * whose flush takes every thread's open batch -- over and over. A push that
 * raced with a take would either be lost (its callback never runs) or
 * queued twice (it runs twice). Checks, after the pushers and the flusher
 * have joined and one last barrier: every object's callback ran exactly
 * once. Under TSan, the pushed heads' links and callbacks are read by
 * flushing and callback threads: each read must be ordered after the push.
 *
 * Every 256th push of each pusher stalls for 3 ms between its two reads,
 * the flag and the top (oe_retire_test_stall), long enough for a whole
 * flush to run meanwhile. That interleaving once queued a taken batch
 * twice: with the top read first (the sixth session's order), a push that
 * began after a flush's grace period started read the old top, then the
 * flag lowered again, and linked the taken batch (retire.c, PLAIN PUSHES).
 * Without the stall the window is a few instructions wide and the fault
 * hung about one run in 150 under TSan; with it, that order fails every
 * run.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "sync/rcu.h"
#include "sync/retire.h"

#define PUSHERS 2
#define PER_PUSHER 2000000 /* at most; each pusher stops at the deadline */
#define RUN_NS 200000000L  /* 0.2 s of pushing */

struct obj {
    struct rcu_head rcu;
    atomic_int runs; /* callbacks run on this object: must end at 1 */
};

static atomic_int g_pushing;  /* pushers still running */
static size_t g_pushed[PUSHERS]; /* objects each pusher retired: written before the
                                  * pusher ends, read after the join */

static long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void obj_cb(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    struct obj *o = caa_container_of(h, struct obj, rcu);
    /* release: the test reads runs (acquire) before it frees the objects, which
     * orders this callback's reads of the object (its batch link) before the free */
    atomic_fetch_add_explicit(&o->runs, 1, memory_order_release);
}

/* pusher -- retire objects until the deadline, a little work between
 * pushes (as the engine does), so that the flusher's takes land all over
 * the pushes for the whole run. */
static void *pusher(void *arg)
{
    struct obj *o = arg;
    int p = (int)(o[0].runs); /* the pusher's index, stashed by the test */
    atomic_store_explicit(&o[0].runs, 0, memory_order_relaxed);
    long deadline = now_ns() + RUN_NS;
    size_t i = 0;
    for (; i < PER_PUSHER && ((i & 255) || now_ns() < deadline); i++) {
        int nested = (i & 7) == 0; /* some pushes inside a caller's section */
        if (nested)
            oe_rcu_read_lock();
        oe_retire(&o[i].rcu, obj_cb);
        if (nested)
            oe_rcu_read_unlock();
        for (volatile int spin = 0; spin < 100; spin++)
            ;
    }
    g_pushed[p] = i;
    atomic_fetch_sub_explicit(&g_pushing, 1, memory_order_release);
    return NULL;
}

/* stall -- the push window's test hook: every 256th call on a thread,
 * hold still for 3 ms. */
static void stall(void)
{
    static _Thread_local unsigned calls;
    if ((++calls & 255) == 0) {
        struct timespec d = {0, 3000000};
        nanosleep(&d, NULL);
    }
}

static void *flusher(void *arg)
{
    atomic_int *flushes = arg;
    while (atomic_load_explicit(&g_pushing, memory_order_acquire) > 0) {
        oe_rcu_barrier();
        atomic_fetch_add_explicit(flushes, 1, memory_order_relaxed);
    }
    return NULL;
}

Test(retire_flush, flushes_racing_with_pushes_lose_and_repeat_nothing)
{
    struct obj *o[PUSHERS];
    pthread_t th[PUSHERS + 1];
    atomic_int flushes = 0;
    atomic_store(&g_pushing, PUSHERS);
    for (int p = 0; p < PUSHERS; p++) {
        o[p] = calloc(PER_PUSHER, sizeof(struct obj));
        cr_assert_not_null(o[p]);
        atomic_init(&o[p][0].runs, p);
    }
    oe_retire_test_stall(stall);
    cr_assert_eq(pthread_create(&th[PUSHERS], NULL, flusher, &flushes), 0);
    for (int p = 0; p < PUSHERS; p++)
        cr_assert_eq(pthread_create(&th[p], NULL, pusher, o[p]), 0);
    for (int p = 0; p <= PUSHERS; p++)
        pthread_join(th[p], NULL);
    oe_retire_test_stall(NULL);
    oe_rcu_barrier();
    cr_log_info("pushed %zu + %zu, %d flushes", g_pushed[0], g_pushed[1], atomic_load(&flushes));
    cr_assert_gt(atomic_load(&flushes), 0, "no flush ran while the pushers pushed");
    for (int p = 0; p < PUSHERS; p++) {
        for (size_t i = 0; i < g_pushed[p]; i++)
            cr_assert_eq(atomic_load(&o[p][i].runs), 1, "pusher %d object %zu ran %d times", p,
                         i, atomic_load(&o[p][i].runs));
        free(o[p]);
    }
}
