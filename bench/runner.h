/*
 * runner.h -- one timed run of one workload row on T threads.
 *
 * Protocol: the main thread starts T workers; each runs thread_setup and
 * counts itself ready; the main thread waits for all, reads the clock (t0)
 * and raises the start flag; workers run op in batches of BENCH_BATCH until
 * they see the stop flag, read the clock (t_end) and run thread_teardown.
 * Result: total completed operations / (max t_end - t0), so a worker that
 * was descheduled when the stop flag rose lowers the rate instead of
 * inflating it. ns/op per thread follows as threads * 1e9 / rate.
 */
#ifndef OPENESE_BENCH_RUNNER_H
#define OPENESE_BENCH_RUNNER_H

#include "workload.h"

#include <signal.h>

#define BENCH_BATCH 32 /* operations between two looks at the stop flag */

/* Set by the SIGINT/SIGTERM handler; a run in progress stops early. */
extern volatile sig_atomic_t bench_interrupted;

/* bench_run_once -- see above. Returns 0 with *ops_per_s, or -1 with *err
 * (the first worker's failure, or a thread that could not be created). */
int bench_run_once(const struct bench_workload *w, void *env, int threads, double seconds,
                   double *ops_per_s, struct bench_err *err);

#endif
