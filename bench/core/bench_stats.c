/*
 * bench_stats.c -- median and per-thread cost of run results (see
 * bench_stats.h). Inputs are tiny (at most BENCH_MAX_RUNS values), so an
 * insertion sort of a local copy is the whole algorithm.
 */
#include "bench_stats.h"
#include "bench_row.h"

#include <math.h>

/* bench_median -- sort a copy, take the middle (or the middle two's mean). */
double bench_median(const double *v, int n)
{
    double s[BENCH_MAX_RUNS];

    if (n <= 0 || n > BENCH_MAX_RUNS)
        return NAN;
    for (int i = 0; i < n; i++) {
        double x = v[i];
        int j = i;
        for (; j > 0 && s[j - 1] > x; j--)
            s[j] = s[j - 1];
        s[j] = x;
    }
    return (n % 2) ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
}

/* bench_ns_per_op -- threads * 1e9 / rate; NaN for a non-positive rate. */
double bench_ns_per_op(double ops_per_s, int threads)
{
    if (!(ops_per_s > 0.0) || threads <= 0)
        return NAN;
    return (double)threads * 1e9 / ops_per_s;
}
