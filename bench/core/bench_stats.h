/*
 * bench_stats.h -- order statistics for run results.
 *
 * The benchmark reports the median of N runs: it ignores one slow run
 * caused by the host migrating a vCPU, which a mean would not.
 */
#ifndef OPENESE_BENCH_STATS_H
#define OPENESE_BENCH_STATS_H

/* bench_median -- median of v[0..n-1] (mean of the middle two when n is
 * even); NaN when n <= 0 or n > BENCH_MAX_RUNS. v is not modified. */
double bench_median(const double *v, int n);

/* bench_ns_per_op -- ns per operation per thread for an aggregate rate:
 * threads * 1e9 / ops_per_s (= seconds * threads * 1e9 / total_ops). */
double bench_ns_per_op(double ops_per_s, int threads);

#endif
