/*
 * test_retire.c -- batched retirement (src/sync/retire.h): every retired
 * object's callback runs exactly once, never while a reader that could see
 * it is still inside its section, and oe_rcu_barrier() runs them all --
 * including objects still in the open batch of a thread that is idle or
 * has exited.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "sync/rcu.h"
#include "sync/retire.h"

struct obj {
    struct rcu_head rcu;
    atomic_int *freed;   /* counter bumped by the callback */
    atomic_int runs;     /* callbacks run on this object: must end at 1 */
};

static void obj_cb(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    struct obj *o = caa_container_of(h, struct obj, rcu);
    atomic_fetch_add_explicit(&o->runs, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(o->freed, 1, memory_order_release);
}

static struct obj *objs_new(size_t n, atomic_int *freed)
{
    struct obj *o = calloc(n, sizeof(*o));
    cr_assert_not_null(o);
    for (size_t i = 0; i < n; i++)
        o[i].freed = freed;
    return o;
}

static void retire_all(struct obj *o, size_t n)
{
    oe_rcu_read_lock(); /* registers the thread (and gives it its batch state) */
    oe_rcu_read_unlock();
    for (size_t i = 0; i < n; i++)
        oe_retire(&o[i].rcu, obj_cb);
}

/* expect_all_ran -- after the barrier, each of the n objects ran once. */
static void expect_all_ran(struct obj *o, size_t n, atomic_int *freed)
{
    oe_rcu_barrier();
    cr_assert_eq(atomic_load(freed), (int)n);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(atomic_load(&o[i].runs), 1, "object %zu ran %d times", i,
                     atomic_load(&o[i].runs));
    free(o);
}

/* Fewer objects than a batch: only the barrier's flush can run them. */
Test(retire, barrier_flushes_a_partial_batch)
{
    atomic_int freed = 0;
    size_t n = OE_RETIRE_BATCH / 2;
    struct obj *o = objs_new(n, &freed);
    retire_all(o, n);
    expect_all_ran(o, n, &freed);
}

/* Many batches (carriers reused, batches grown while all are busy). */
Test(retire, many_batches_each_object_once)
{
    atomic_int freed = 0;
    size_t n = 200 * OE_RETIRE_BATCH + 7;
    struct obj *o = objs_new(n, &freed);
    retire_all(o, n);
    expect_all_ran(o, n, &freed);
}

struct reader {
    atomic_int inside;
    atomic_int leave;
};

static void *reader_main(void *arg)
{
    struct reader *r = arg;
    oe_rcu_read_lock();
    atomic_store(&r->inside, 1);
    while (!atomic_load(&r->leave))
        sched_yield();
    oe_rcu_read_unlock();
    return NULL;
}

/* A reader inside its section holds back every callback of objects retired
 * meanwhile, full batches included; its exit lets them run. */
Test(retire, reader_holds_back_the_callbacks)
{
    struct reader r = {0, 0};
    pthread_t th;
    cr_assert_eq(pthread_create(&th, NULL, reader_main, &r), 0);
    while (!atomic_load(&r.inside))
        sched_yield();
    atomic_int freed = 0;
    size_t n = 4 * OE_RETIRE_BATCH;
    struct obj *o = objs_new(n, &freed);
    retire_all(o, n);
    struct timespec ts = {0, 60 * 1000 * 1000}; /* liburcu's worker wakes every ~10 ms */
    nanosleep(&ts, NULL);
    cr_assert_eq(atomic_load(&freed), 0, "a callback ran during a reader's section");
    atomic_store(&r.leave, 1);
    pthread_join(th, NULL);
    expect_all_ran(o, n, &freed);
}

struct retirer {
    struct obj *o;
    size_t n;
};

static void *retirer_main(void *arg)
{
    struct retirer *t = arg;
    retire_all(t->o, t->n);
    return NULL; /* exits with a partial batch open */
}

/* Threads that retire concurrently and exit: nothing lost, nothing twice;
 * their batch states are reused by the next threads. */
Test(retire, exiting_threads_lose_nothing)
{
    enum { THREADS = 4, ROUNDS = 3 };
    atomic_int freed = 0;
    size_t per = 3 * OE_RETIRE_BATCH + 5;
    struct obj *o = objs_new(per * THREADS * ROUNDS, &freed);
    for (int round = 0; round < ROUNDS; round++) {
        pthread_t th[THREADS];
        struct retirer t[THREADS];
        for (int i = 0; i < THREADS; i++) {
            t[i].o = o + ((size_t)round * THREADS + i) * per;
            t[i].n = per;
            cr_assert_eq(pthread_create(&th[i], NULL, retirer_main, &t[i]), 0);
        }
        for (int i = 0; i < THREADS; i++)
            pthread_join(th[i], NULL);
    }
    expect_all_ran(o, per * THREADS * ROUNDS, &freed);
}
