/*
 * test_thread_id.c -- white-box tests of thread ids (src/sync/thread_id.c).
 *
 * An id is never 0, is the same on every call in one thread (and is the
 * cached TLS value after the first call), differs between threads that
 * are alive together, and is never handed again to a later thread (unlike
 * pthread_t, which is reused once a thread is joined).
 */
#include <criterion/criterion.h>

#include <pthread.h>
#include <stdint.h>

#include "sync/thread_id.h"

#define THREADS 8
#define SERIAL 64

Test(thread_id, nonzero_and_stable)
{
    uint64_t a = oe_thread_id();
    cr_assert_neq(a, 0);
    cr_assert_eq(oe_thread_id_cached, a, "id not cached in TLS");
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(oe_thread_id(), a);
}

struct together {
    pthread_barrier_t bar;
    uint64_t id[THREADS];
    uint64_t again[THREADS];
};

struct arg {
    struct together *t;
    int i;
};

static void *report_id(void *p)
{
    struct arg *a = p;
    a->t->id[a->i] = oe_thread_id();
    /* All threads alive at once: no exit can free an id for reuse. */
    pthread_barrier_wait(&a->t->bar);
    a->t->again[a->i] = oe_thread_id();
    return NULL;
}

Test(thread_id, distinct_across_live_threads)
{
    static struct together t;
    struct arg args[THREADS];
    pthread_t th[THREADS];
    uint64_t mine = oe_thread_id();
    pthread_barrier_init(&t.bar, NULL, THREADS);
    for (int i = 0; i < THREADS; i++) {
        args[i] = (struct arg){&t, i};
        cr_assert_eq(pthread_create(&th[i], NULL, report_id, &args[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(th[i], NULL);
    pthread_barrier_destroy(&t.bar);
    for (int i = 0; i < THREADS; i++) {
        cr_assert_neq(t.id[i], 0);
        cr_assert_neq(t.id[i], mine, "thread %d has the main thread's id", i);
        cr_assert_eq(t.again[i], t.id[i], "thread %d id changed", i);
        for (int j = 0; j < i; j++)
            cr_assert_neq(t.id[i], t.id[j], "threads %d and %d share id %lu", i, j, (unsigned long)t.id[i]);
    }
    cr_assert_eq(oe_thread_id(), mine);
}

static void *just_id(void *p)
{
    *(uint64_t *)p = oe_thread_id();
    return NULL;
}

Test(thread_id, never_reused_after_exit)
{
    uint64_t ids[SERIAL];
    for (int i = 0; i < SERIAL; i++) {
        pthread_t th;
        cr_assert_eq(pthread_create(&th, NULL, just_id, &ids[i]), 0);
        pthread_join(th, NULL); /* the pthread_t (and stack) is likely reused next time */
        cr_assert_neq(ids[i], 0);
        for (int j = 0; j < i; j++)
            cr_assert_neq(ids[i], ids[j], "id %lu reused by thread %d after thread %d exited",
                          (unsigned long)ids[i], i, j);
    }
}
