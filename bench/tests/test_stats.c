/*
 * test_stats.c -- bench_median and bench_ns_per_op (core/bench_stats.c).
 */
#include "bench_row.h"
#include "bench_stats.h"

#include <criterion/criterion.h>
#include <math.h>

Test(stats, median_of_odd_count_is_middle_value)
{
    double v[] = {5.0, 1.0, 3.0};
    cr_assert_float_eq(bench_median(v, 3), 3.0, 1e-12);
    cr_assert_float_eq(v[0], 5.0, 1e-12, "input must not be reordered");
}

Test(stats, median_of_even_count_is_mean_of_middle_two)
{
    double v[] = {4.0, 10.0, 1.0, 2.0};
    cr_assert_float_eq(bench_median(v, 4), 3.0, 1e-12);
}

Test(stats, median_ignores_one_outlier)
{
    double v[] = {100.0, 101.0, 1.0, 99.0, 1e9};
    cr_assert_float_eq(bench_median(v, 5), 100.0, 1e-12);
}

Test(stats, median_of_one_and_of_duplicates)
{
    double one[] = {7.5};
    double dup[] = {2.0, 2.0, 9.0, 2.0};
    cr_assert_float_eq(bench_median(one, 1), 7.5, 1e-12);
    cr_assert_float_eq(bench_median(dup, 4), 2.0, 1e-12);
}

Test(stats, median_rejects_bad_counts)
{
    double v[BENCH_MAX_RUNS + 1] = {0};
    cr_assert(isnan(bench_median(v, 0)));
    cr_assert(isnan(bench_median(v, -1)));
    cr_assert(isnan(bench_median(v, BENCH_MAX_RUNS + 1)));
    cr_assert(!isnan(bench_median(v, BENCH_MAX_RUNS)));
}

Test(stats, ns_per_op_is_threads_times_1e9_over_rate)
{
    cr_assert_float_eq(bench_ns_per_op(1e9, 1), 1.0, 1e-12);
    cr_assert_float_eq(bench_ns_per_op(20e6, 2), 100.0, 1e-9);
    cr_assert_float_eq(bench_ns_per_op(4e6, 8), 2000.0, 1e-9);
    cr_assert(isnan(bench_ns_per_op(0.0, 1)));
    cr_assert(isnan(bench_ns_per_op(NAN, 1)));
    cr_assert(isnan(bench_ns_per_op(1e6, 0)));
}
