/*
 * test_rcu.c -- the engine's read-side unlock (src/sync/rcu.h, WAKE-UPS):
 * it wakes a sleeping grace period only when it ends a section of the
 * phase before the grace period's flip, so the one case that matters must
 * work -- a grace period asleep on the reader it waits for completes when
 * that reader leaves, although the reader then does nothing more (no
 * other unlock, no call into liburcu) that could wake it instead.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "sync/rcu.h"

static atomic_int g_in_section; /* the reader is inside its section */
static atomic_int g_leave;      /* the test lets the reader leave */
static atomic_int g_left;       /* the reader left its section */
static atomic_int g_release;    /* the test lets the reader finish */
static atomic_int g_gp_done;    /* oe_synchronize_rcu returned */

static void sleep_ms(long ms)
{
    struct timespec d = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&d, NULL);
}

/* reader -- one section, held until told; then idle, no RCU calls at all,
 * until released. */
static void *reader(void *arg)
{
    (void)arg;
    oe_rcu_read_lock();
    atomic_store(&g_in_section, 1);
    while (!atomic_load(&g_leave))
        sleep_ms(1);
    oe_rcu_read_unlock();
    atomic_store(&g_left, 1);
    while (!atomic_load(&g_release))
        sleep_ms(1);
    return NULL;
}

static void *waiter(void *arg)
{
    (void)arg;
    oe_synchronize_rcu();
    atomic_store(&g_gp_done, 1);
    return NULL;
}

Test(rcu, a_grace_period_asleep_on_its_reader_ends_when_that_reader_leaves)
{
    pthread_t r, w;
    cr_assert_eq(pthread_create(&r, NULL, reader, NULL), 0);
    while (!atomic_load(&g_in_section))
        sleep_ms(1);
    cr_assert_eq(pthread_create(&w, NULL, waiter, NULL), 0);
    /* liburcu spins a hundred rounds, then sleeps on its futex: 100 ms is
     * far more than the spin */
    sleep_ms(100);
    cr_assert_eq(atomic_load(&g_gp_done), 0, "the grace period did not wait for the reader");
    atomic_store(&g_leave, 1);
    while (!atomic_load(&g_left))
        sleep_ms(1);
    int done = 0;
    for (int i = 0; i < 5000 && !done; i++) { /* up to 5 s */
        done = atomic_load(&g_gp_done);
        if (!done)
            sleep_ms(1);
    }
    if (!done) {
        /* Let the test end: an unlock that always wakes (liburcu's own,
         * which call_rcu uses) releases the grace period. */
        oe_rcu_read_lock(); /* registers this thread */
        oe_rcu_read_unlock();
        urcu_memb_read_lock();
        urcu_memb_read_unlock();
    }
    atomic_store(&g_release, 1);
    pthread_join(r, NULL);
    pthread_join(w, NULL);
    cr_assert(done, "the reader's unlock did not wake the grace period waiting for it");
}
