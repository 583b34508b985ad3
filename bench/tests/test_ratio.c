/*
 * test_ratio.c -- bench_rows_derive (core/bench_ratio.c): medians, ns/op,
 * ratio against the best peer, peers' ratio to openese, scaling.
 */
#include "bench_ratio.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

/* row -- a row with the given runs. */
static struct bench_row row(const char *wl, const char *engine, const char *variant, int threads,
                            int nruns, const double *ops)
{
    struct bench_row r;
    memset(&r, 0, sizeof r);
    r.workload = wl;
    r.engine = engine;
    r.variant = variant;
    r.what = "x";
    r.threads = threads;
    r.nruns = nruns;
    for (int i = 0; i < nruns; i++)
        r.ops[i] = ops[i];
    return r;
}

Test(ratio, subject_is_compared_with_the_best_peer_of_its_cell)
{
    struct bench_row rows[] = {
        row("session", "openese", "", 1, 3, (double[]){90, 100, 110}),
        row("session", "wiredtiger", "", 1, 3, (double[]){10, 10, 10}),
        row("session", "lmdb", "rd", 1, 1, (double[]){50}),
        row("session", "lmdb", "wr", 1, 1, (double[]){40}),
    };
    bench_rows_derive(rows, 4);
    cr_assert_float_eq(rows[0].median_ops, 100.0, 1e-9);
    cr_assert_float_eq(rows[0].ns_per_op, 1e7, 1e-3);
    cr_assert_float_eq(rows[0].ratio, 2.0, 1e-12);
    cr_assert_str_eq(rows[0].vs, "lmdb:rd");
    cr_assert_float_eq(rows[1].ratio, 0.1, 1e-12);
    cr_assert_str_eq(rows[1].vs, "openese");
    cr_assert_float_eq(rows[2].ratio, 0.5, 1e-12);
}

Test(ratio, cells_are_separated_by_workload_and_threads)
{
    struct bench_row rows[] = {
        row("a", "openese", "", 1, 1, (double[]){100}),
        row("a", "openese", "", 2, 1, (double[]){150}),
        row("a", "lmdb", "", 1, 1, (double[]){25}),
        row("a", "lmdb", "", 2, 1, (double[]){300}),
        row("b", "lmdb", "", 1, 1, (double[]){1}),
    };
    bench_rows_derive(rows, 5);
    cr_assert_float_eq(rows[0].ratio, 4.0, 1e-12);
    cr_assert_float_eq(rows[1].ratio, 0.5, 1e-12);
    cr_assert_float_eq(rows[3].ratio, 2.0, 1e-12);
    cr_assert(isnan(rows[4].ratio), "no openese row in workload b");
    cr_assert_str_eq(rows[4].vs, "");
}

Test(ratio, scaling_is_relative_to_the_same_series_at_one_thread)
{
    struct bench_row rows[] = {
        row("a", "openese", "", 1, 1, (double[]){100}),
        row("a", "openese", "", 2, 1, (double[]){190}),
        row("a", "openese", "", 8, 1, (double[]){180}),
        row("a", "lmdb", "x", 2, 1, (double[]){50}),
        row("a", "lmdb", "y", 1, 1, (double[]){10}),
    };
    bench_rows_derive(rows, 5);
    cr_assert_float_eq(rows[0].scaling, 1.0, 1e-12);
    cr_assert_float_eq(rows[1].scaling, 1.9, 1e-12);
    cr_assert_float_eq(rows[2].scaling, 1.8, 1e-12);
    cr_assert(isnan(rows[3].scaling), "lmdb:x has no 1-thread row (lmdb:y is another series)");
}

Test(ratio, failed_rows_take_part_in_nothing)
{
    struct bench_row rows[] = {
        row("a", "openese", "", 1, 1, (double[]){100}),
        row("a", "wiredtiger", "", 1, 1, (double[]){1000}),
        row("a", "lmdb", "", 1, 1, (double[]){50}),
    };
    strcpy(rows[1].error, "boom");
    bench_rows_derive(rows, 3);
    cr_assert(isnan(rows[1].median_ops));
    cr_assert(isnan(rows[1].ratio));
    cr_assert_float_eq(rows[0].ratio, 2.0, 1e-12, "the failed peer is not the best peer");
    cr_assert_str_eq(rows[0].vs, "lmdb");
}

Test(ratio, failed_subject_leaves_peers_without_ratio)
{
    struct bench_row rows[] = {
        row("a", "openese", "", 1, 0, NULL),
        row("a", "lmdb", "", 1, 1, (double[]){50}),
    };
    bench_rows_derive(rows, 2);
    cr_assert(isnan(rows[0].median_ops));
    cr_assert(isnan(rows[1].ratio));
    cr_assert_float_eq(rows[1].scaling, 1.0, 1e-12);
}

Test(ratio, derive_is_idempotent)
{
    struct bench_row rows[] = {
        row("a", "openese", "", 1, 2, (double[]){10, 30}),
        row("a", "lmdb", "", 1, 1, (double[]){40}),
    };
    bench_rows_derive(rows, 2);
    bench_rows_derive(rows, 2);
    cr_assert_float_eq(rows[0].median_ops, 20.0, 1e-12);
    cr_assert_float_eq(rows[0].ratio, 0.5, 1e-12);
}
