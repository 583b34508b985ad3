/*
 * runner.h -- one timed run of one workload row on T threads.
 *
 * Protocol: the main thread starts T workers; each runs thread_setup and
 * counts itself ready; the main thread waits for all, raises the start
 * flag, lets the workers run `warmup` seconds unmeasured, then reads the
 * clock (t0) and raises the measure flag. Workers run op in batches of
 * BENCH_BATCH; each reads the clock (t_start) at the first batch boundary
 * after it sees the measure flag and counts from there, until it sees the
 * stop flag and reads the clock again (t_end), then runs thread_teardown.
 * Result: the measured operations of all workers / (latest t_end -
 * earliest t_start), so a worker that was descheduled when a flag rose
 * lowers the rate instead of inflating it (the batches in flight when the
 * measure flag rose are not counted: at most one per worker). ns/op per
 * thread follows as threads * 1e9 / rate.
 */
#ifndef OPENESE_BENCH_RUNNER_H
#define OPENESE_BENCH_RUNNER_H

#include "workload.h"

#include <signal.h>
#include <stdint.h>

#define BENCH_BATCH 32 /* operations between two looks at the stop flag */

/* Set by the SIGINT/SIGTERM handler; a run in progress stops early. */
extern volatile sig_atomic_t bench_interrupted;

/* What one run measured. */
struct bench_result {
    double ops_per_s;   /* measured ops / (latest t_end - earliest t_start) */
    uint64_t ops;       /* measured operations of all workers */
    uint64_t conflicts; /* write conflicts retried (0 without the hook) */
};

/* bench_run_once -- see above; cfg->threads workers. Returns 0 with *res,
 * or -1 with *err (the first worker's failure, or a thread that could not
 * be created). */
int bench_run_once(const struct bench_workload *w, void *env, const struct bench_cfg *cfg,
                   double warmup, double seconds, struct bench_result *res,
                   struct bench_err *err);

#endif
