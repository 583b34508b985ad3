/*
 * test_runner.c -- bench_run_once's measured window (runner.h): operations
 * done during the warm-up are not counted, and the rate is the counted
 * operations over the measured span.
 *
 * The workload is a fake: each op call sleeps 1 ms and counts its calls in
 * the thread's record, so the test knows how many operations ran in all
 * and can compare with what the runner counted.
 */
#include "runner.h"

#include <criterion/criterion.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

struct fake_thr {
    uint64_t calls; /* [owner] the worker, read by the test after the run (join orders it) */
};

static struct fake_thr g_thr[4];

static void *fake_thread_setup(void *env, int tid, struct bench_err *err)
{
    (void)env;
    (void)err;
    g_thr[tid].calls = 0;
    return &g_thr[tid];
}

static int fake_op(void *thr, uint32_t n, struct bench_err *err)
{
    (void)n;
    (void)err;
    struct timespec ms = {0, 1000000};
    nanosleep(&ms, NULL);
    ((struct fake_thr *)thr)->calls++;
    return 0;
}

static int fake_thread_teardown(void *thr, struct bench_err *err)
{
    (void)thr;
    (void)err;
    return 0;
}

static const struct bench_workload fake = {
    .name = "fake",
    .engine = "test",
    .variant = "",
    .what = "sleep 1 ms",
    .thread_setup = fake_thread_setup,
    .op = fake_op,
    .thread_teardown = fake_thread_teardown,
};

/* run -- one run of the fake on `threads` threads; returns the operations
 * that ran in all (calls x BENCH_BATCH) and fills *res. */
static uint64_t run(int threads, double warmup, double seconds, struct bench_result *res)
{
    struct bench_cfg cfg = {.threads = threads, .records = 0};
    struct bench_err err = {{0}};
    cr_assert_eq(bench_run_once(&fake, NULL, &cfg, warmup, seconds, res, &err), 0, "%s",
                 err.msg);
    uint64_t all = 0;
    for (int i = 0; i < threads; i++)
        all += g_thr[i].calls * BENCH_BATCH;
    return all;
}

Test(runner, warmup_operations_are_not_counted)
{
    struct bench_result res;
    /* 0.3 s of warm-up, then 0.1 s measured: about a quarter of what ran
     * counts (a generous bound: sleeps overshoot on a loaded machine). */
    uint64_t all = run(2, 0.3, 0.1, &res);
    cr_assert_gt(res.ops, 0);
    cr_assert_lt(res.ops * 2, all, "counted %llu of %llu operations",
                 (unsigned long long)res.ops, (unsigned long long)all);
    /* the rate is about ops per measured second per thread x threads:
     * 1 ms per call, BENCH_BATCH operations a call, 2 threads; well under
     * what counting the warm-up over the measured span would give */
    cr_assert_lt(res.ops_per_s, 2.0 * BENCH_BATCH * 1000 * 1.5, "rate %g", res.ops_per_s);
    cr_assert_gt(res.ops_per_s, 2.0 * BENCH_BATCH * 1000 / 4, "rate %g", res.ops_per_s);
}

Test(runner, without_warmup_everything_counts)
{
    struct bench_result res;
    uint64_t all = run(1, 0, 0.1, &res);
    cr_assert_eq(res.ops, all, "counted %llu of %llu operations", (unsigned long long)res.ops,
                 (unsigned long long)all);
}
