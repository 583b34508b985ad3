/*
 * workload.h -- a benchmark row as data: which engine runs which operation,
 * and how its state is built and torn down.
 *
 * One entry of bench_workloads[] (workloads.c) is one engine row of one
 * workload. The harness calls, for each thread count T of a workload:
 *   env = setup(&cfg)                    once, on the main thread
 *   per run, on each of T fresh threads:
 *     thr = thread_setup(env, tid)       before the start flag
 *     op(thr, n) ... until the stop flag (each call does n operations)
 *     conflicts(thr)                     if set: conflicts retried this run
 *     thread_teardown(thr)               after the stop flag
 *   teardown(env)                        once, after all runs
 * Unit of an operation: by default one op call does n = BENCH_BATCH
 * operations. A row whose natural unit is a whole job over --records items
 * (temp-sort: one sort) sets per_call: the runner then calls op(thr, 1),
 * which must do the whole job, and counts per_call(cfg) operations (the
 * records it sorted), so the rate is records/s and stays comparable
 * between --records values.
 * Every hook reports failure by filling *err (the first failing call and
 * its return code) and returning NULL / non-zero; nothing is ignored.
 * Data workloads (tables, cursors) add rows with their own setup (which
 * reads cfg->records) and op; the harness does not change.
 */
#ifndef OPENESE_BENCH_WORKLOAD_H
#define OPENESE_BENCH_WORKLOAD_H

#include <stdint.h>

struct bench_err {
    char msg[200]; /* "call: code (text)" of the first failure */
};

/* bench_fail -- record "call returned rc (text)" in err; returns -1. */
int bench_fail(struct bench_err *err, const char *call, long rc, const char *text);

struct bench_cfg {
    int threads;      /* threads of this cell */
    uint64_t records; /* --records, for data workloads */
};

struct bench_workload {
    const char *name;    /* workload: session, txn-rollback, ... */
    const char *engine;  /* engine family: openese, wiredtiger, lmdb */
    const char *variant; /* "" or which peer operation the row stands for */
    const char *what;    /* the measured calls, printed in the legend */
    void *(*setup)(const struct bench_cfg *cfg, struct bench_err *err);
    void *(*thread_setup)(void *env, int tid, struct bench_err *err);
    int (*op)(void *thr, uint32_t n, struct bench_err *err);
    int (*thread_teardown)(void *thr, struct bench_err *err);
    int (*teardown)(void *env, struct bench_err *err);
    /* Optional (NULL: not counted). Write conflicts the thread met and
     * retried since thread_setup (update-heavy, read-mostly). */
    uint64_t (*conflicts)(void *thr);
    /* Optional (NULL: BENCH_BATCH operations per op call, see above). */
    uint64_t (*per_call)(const struct bench_cfg *cfg);
};

extern const struct bench_workload bench_workloads[];
extern const int bench_nworkloads;

#endif
