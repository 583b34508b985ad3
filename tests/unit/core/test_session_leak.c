/*
 * test_session_leak.c -- a million sessions leave nothing behind.
 *
 * Begin and end sessions in a loop (every 10th one opens a transaction that
 * JetEndSession must roll back). Whatever the engine caches (handle slots,
 * session credits, deferred frees waiting for a grace period) must reach a
 * steady state: the resident set after the last session may exceed the one
 * after the first 10,000 by at most 1 MiB, and the number of live engine
 * blocks (oe_alloc_live_blocks, measured after oe_rcu_barrier so that the
 * deferred frees queued so far have run) must be exactly the same.
 *
 * Under AddressSanitizer (`make test` runs the unit tests there too, with
 * LeakSanitizer) the loop is 100,000 sessions: ASan's allocator is slower
 * and its quarantine holds freed memory, which the RSS bound tolerates only
 * because the quarantine is capped.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "esent.h"
#include "sync/alloc.h"
#include "sync/rcu.h"

#if defined(__SANITIZE_ADDRESS__)
#define SESSIONS 100000L
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SESSIONS 100000L
#endif
#endif
#ifndef SESSIONS
#define SESSIONS 1000000L
#endif
#define WARM 10000L

/* rss_bytes -- resident set size from /proc/self/statm (second field, in pages). */
static long rss_bytes(void)
{
    long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    cr_assert_not_null(f, "/proc/self/statm");
    cr_assert_eq(fscanf(f, "%ld %ld", &size, &resident), 2, "statm format");
    fclose(f);
    return resident * sysconf(_SC_PAGESIZE);
}

/* one_session -- begin, maybe a transaction, end; every call must succeed. */
static void one_session(JET_INSTANCE inst, long i)
{
    JET_SESID s = JET_sesidNil;
    JET_ERR e = JetBeginSession(inst, &s, NULL, NULL);
    if (e != 0)
        cr_assert_fail("session %ld: JetBeginSession %d", i, e);
    if (i % 10 == 0 && (e = JetBeginTransaction(s)) != 0)
        cr_assert_fail("session %ld: JetBeginTransaction %d", i, e);
    if ((e = JetEndSession(s, 0)) != 0)
        cr_assert_fail("session %ld: JetEndSession %d", i, e);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

Test(session_leak, million_sessions, .timeout = 120)
{
    JET_INSTANCE inst = 0;
    JET_ERR e;
    cr_assert_eq(e = JetCreateInstance(&inst, "session_leak"), 0, "%d", e);
    cr_assert_eq(e = JetInit(&inst), 0, "%d", e);

    double t0 = now_s();
    long i = 0;
    for (; i < WARM; i++)
        one_session(inst, i);
    long rss_warm = rss_bytes();
    oe_rcu_barrier();
    int64_t live_warm = oe_alloc_live_blocks();

    for (; i < SESSIONS; i++)
        one_session(inst, i);
    double secs = now_s() - t0;
    long rss_end = rss_bytes();
    oe_rcu_barrier();
    int64_t live_end = oe_alloc_live_blocks();

    fprintf(stderr, "session_leak: %ld sessions in %.2f s (%.0f ns per begin+end); RSS after %ld: "
            "%ld KiB, after %ld: %ld KiB (%+ld KiB); live blocks %lld -> %lld\n",
            SESSIONS, secs, secs * 1e9 / (double)SESSIONS, WARM, rss_warm / 1024, SESSIONS,
            rss_end / 1024, (rss_end - rss_warm) / 1024, (long long)live_warm, (long long)live_end);

    cr_expect_leq(rss_end, rss_warm + (1L << 20), "RSS grew by %ld KiB over %ld sessions",
                  (rss_end - rss_warm) / 1024, SESSIONS - WARM);
    cr_expect_eq(live_end, live_warm, "live engine blocks %lld after %ld sessions, %lld after %ld",
                 (long long)live_end, SESSIONS, (long long)live_warm, WARM);
    cr_assert_eq(e = JetTerm(inst), 0, "JetTerm: %d", e);
}
