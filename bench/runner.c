/*
 * runner.c -- threads, start/stop flags and timing of one run (runner.h).
 *
 * Shared state and what protects it:
 *   flags.ready  [atomic acq/rel] each worker's release increment after its
 *                thread_setup pairs with the main thread's acquire load, so
 *                main starts the clock only once every worker is set up;
 *   flags.go     [atomic acq/rel] main's release store pairs with the
 *                workers' acquire loads (start of the warm-up);
 *   flags.measure [atomic acq/rel] main's release store pairs with the
 *                workers' acquire loads (start of the measured interval);
 *   flags.stop   [atomic acq/rel] main's release store pairs with the
 *                workers' acquire loads (end of the measured interval);
 *   flags.settled [atomic relaxed] workers that completed an operation
 *                inside the measured interval, or left: main keeps the
 *                interval open until all have (LONG OPERATIONS);
 *   worker.ops, conflicts, t_start, t_end, failed, err  [owner] the worker until pthread_join,
 *                which orders them before main reads them.
 * Each worker's record is cache-line aligned so that workers never write a
 * line another worker reads; the op count lives in a register until the end.
 * Waits yield the CPU: with more threads than cores a spinning waiter would
 * steal the time of the thread it waits for.
 *
 * LONG OPERATIONS. A worker notices the measured interval between two
 * operations, so one whose operation outlasts the interval (temp-sort's
 * 100k-record sort at 8 threads on 2 vCPUs: ~180 ms against 0.1 s) counted
 * nothing, and a run in which no worker completed a measured operation
 * failed `make run`. The interval now lasts at least `seconds` and until
 * every worker has completed one measured operation (at most
 * MEASURE_MAX_S); the rate is still measured ops over the span from the
 * first worker's start to the last one's end.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "runner.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

volatile sig_atomic_t bench_interrupted;

struct run_flags {
    alignas(64) atomic_int ready; /* written by every worker */
    alignas(64) atomic_int go;    /* written once by main, read by all */
    atomic_int measure;           /* written once by main, read by all */
    atomic_int stop;              /* written once by main, read by all */
    alignas(64) atomic_int settled; /* written once by every worker */
};

#define MEASURE_MAX_S 60.0 /* LONG OPERATIONS: the longest the interval is held open */

struct worker {
    alignas(64) pthread_t th;
    const struct bench_workload *w; /* [imm] */
    void *env;                      /* [imm] */
    int tid;                        /* [imm] */
    struct run_flags *flags;        /* [imm] */
    uint32_t call_n;                /* [imm] n passed to each op call */
    uint64_t call_ops;              /* [imm] operations one op call counts */
    uint64_t ops;                   /* [owner] worker, until join: measured ops */
    uint64_t conflicts;             /* [owner] worker, until join */
    double t_start;                 /* [owner] worker, until join; 0: never measured */
    double t_end;                   /* [owner] worker, until join */
    bool failed;                    /* [owner] worker, until join */
    struct bench_err err;           /* [owner] worker, until join */
};

/* bench_fail -- one format for every failed call in every engine. */
int bench_fail(struct bench_err *err, const char *call, long rc, const char *text)
{
    snprintf(err->msg, sizeof err->msg, "%s returned %ld (%s)", call, rc, text ? text : "?");
    return -1;
}

/* now_s -- monotonic time in seconds. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* worker_main -- set up, wait for go, warm up, run measured batches until
 * stop, tear down. */
static void *worker_main(void *arg)
{
    struct worker *wk = arg;
    const struct bench_workload *w = wk->w;
    void *thr = w->thread_setup(wk->env, wk->tid, &wk->err);
    uint64_t ops = 0;
    bool measuring = false, settled = false;

    wk->failed = (thr == NULL);
    atomic_fetch_add_explicit(&wk->flags->ready, 1, memory_order_release);
    if (wk->failed)
        return NULL;
    while (!atomic_load_explicit(&wk->flags->go, memory_order_acquire))
        sched_yield();
    while (!atomic_load_explicit(&wk->flags->stop, memory_order_acquire)) {
        if (!measuring && atomic_load_explicit(&wk->flags->measure, memory_order_acquire)) {
            measuring = true;
            wk->t_start = now_s();
            ops = 0;
        }
        if (w->op(thr, wk->call_n, &wk->err) != 0) {
            wk->failed = true;
            break;
        }
        ops += wk->call_ops;
        if (measuring && !settled) {
            settled = true;
            atomic_fetch_add_explicit(&wk->flags->settled, 1, memory_order_relaxed);
        }
    }
    if (!settled) /* failed or stopped: nothing more to wait for */
        atomic_fetch_add_explicit(&wk->flags->settled, 1, memory_order_relaxed);
    if (!measuring)
        ops = 0; /* stopped before the measured interval reached this worker */
    wk->t_end = now_s();
    wk->ops = ops;
    if (w->conflicts)
        wk->conflicts = w->conflicts(thr);
    if (wk->failed) {
        struct bench_err ignored; /* the op's error is the one to report */
        (void)w->thread_teardown(thr, &ignored);
    } else if (w->thread_teardown(thr, &wk->err) != 0) {
        wk->failed = true;
    }
    return NULL;
}

/* sleep_measured -- sleep `seconds` in slices, ending early on a signal. */
static void sleep_measured(double seconds)
{
    double end = now_s() + seconds;

    for (double left = seconds; left > 0 && !bench_interrupted; left = end - now_s()) {
        double slice = left < 0.05 ? left : 0.05;
        struct timespec ts = {(time_t)slice, (long)((slice - (double)(time_t)slice) * 1e9)};
        nanosleep(&ts, NULL);
    }
}

/* bench_run_once -- start, time, stop and collect one run. */
int bench_run_once(const struct bench_workload *w, void *env, const struct bench_cfg *cfg,
                   double warmup, double seconds, struct bench_result *res,
                   struct bench_err *err)
{
    int threads = cfg->threads;
    struct run_flags *flags = aligned_alloc(64, sizeof *flags);
    struct worker *wk = aligned_alloc(64, sizeof *wk * (size_t)threads);
    int created = 0, rc = 0;
    uint64_t total = 0, conflicts = 0;
    double t_first = 0, t_last = 0; /* earliest t_start, latest t_end of a measured worker */
    uint32_t call_n = w->per_call ? 1 : BENCH_BATCH;
    uint64_t call_ops = w->per_call ? w->per_call(cfg) : BENCH_BATCH;

    if (!flags || !wk) {
        free(flags);
        free(wk);
        return bench_fail(err, "aligned_alloc", 0, "out of memory");
    }
    atomic_init(&flags->ready, 0);
    atomic_init(&flags->go, 0);
    atomic_init(&flags->measure, 0);
    atomic_init(&flags->stop, 0);
    atomic_init(&flags->settled, 0);
    memset(wk, 0, sizeof *wk * (size_t)threads);
    for (; created < threads; created++) {
        struct worker *k = &wk[created];
        k->w = w;
        k->env = env;
        k->tid = created;
        k->flags = flags;
        k->call_n = call_n;
        k->call_ops = call_ops;
        int e = pthread_create(&k->th, NULL, worker_main, k);
        if (e != 0) {
            rc = bench_fail(err, "pthread_create", e, strerror(e));
            break;
        }
    }
    while (atomic_load_explicit(&flags->ready, memory_order_acquire) < created)
        sched_yield();
    if (!(warmup > 0)) /* no warm-up: every operation counts, from the first */
        atomic_store_explicit(&flags->measure, 1, memory_order_release);
    atomic_store_explicit(&flags->go, 1, memory_order_release);
    if (rc == 0 && warmup > 0)
        sleep_measured(warmup);
    atomic_store_explicit(&flags->measure, 1, memory_order_release);
    if (rc == 0) {
        sleep_measured(seconds);
        /* LONG OPERATIONS: hold the interval until every worker counted one. */
        for (double held = 0; held < MEASURE_MAX_S && !bench_interrupted &&
                              atomic_load_explicit(&flags->settled, memory_order_relaxed) < created;
             held += 0.001)
            sleep_measured(0.001);
    }
    atomic_store_explicit(&flags->stop, 1, memory_order_release);
    for (int i = 0; i < created; i++) {
        pthread_join(wk[i].th, NULL);
        if (wk[i].failed && rc == 0) {
            *err = wk[i].err;
            rc = -1;
        }
        total += wk[i].ops;
        conflicts += wk[i].conflicts;
        if (wk[i].ops > 0) {
            if (t_first == 0 || wk[i].t_start < t_first)
                t_first = wk[i].t_start;
            if (wk[i].t_end > t_last)
                t_last = wk[i].t_end;
        }
    }
    if (rc == 0 && bench_interrupted)
        rc = bench_fail(err, "run", EINTR, "interrupted");
    if (rc == 0 && (total == 0 || !(t_last > t_first)))
        rc = bench_fail(err, "run", 0, "no operation completed in the measured time");
    if (rc == 0)
        *res = (struct bench_result){.ops_per_s = (double)total / (t_last - t_first),
                                     .ops = total,
                                     .conflicts = conflicts};
    free(wk);
    free(flags);
    return rc;
}
