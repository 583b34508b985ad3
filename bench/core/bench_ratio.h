/*
 * bench_ratio.h -- the derived columns of the result table.
 *
 * For each (workload, threads) group of rows:
 *   - the subject row (engine "openese") gets ratio = its median ops/s
 *     divided by the best peer's (the peer row with the highest median at
 *     the same workload and thread count), and vs = that peer's label;
 *     ratio > 1 means openese is faster;
 *   - each peer row gets ratio = its median ops/s / openese's, vs = "openese"
 *     (so < 1 means the peer is slower than openese);
 *   - every row gets scaling = its median / the same row's at 1 thread.
 * Rows with an error or without runs take part in nothing; missing values
 * are NaN and vs is "".
 */
#ifndef OPENESE_BENCH_RATIO_H
#define OPENESE_BENCH_RATIO_H

#include "bench_row.h"

/* bench_rows_derive -- fill median_ops, ns_per_op, ratio, scaling and vs of
 * rows[0..n-1] from their runs. Idempotent. */
void bench_rows_derive(struct bench_row *rows, int n);

#endif
