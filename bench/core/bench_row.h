/*
 * bench_row.h -- one result row of openese-bench: a (workload, engine row,
 * thread count) cell with every run's throughput and the derived columns.
 *
 * A row is filled in two steps. The runner appends one ops/s value per run
 * (ops[0..nruns-1]) or sets error[]; bench_rows_derive() (bench_ratio.h) then
 * computes median_ops, ns_per_op, ratio, scaling and vs from all rows.
 * Rows of workloads that update shared records (update-heavy, read-mostly)
 * also sum the write conflicts their engine reported and retried, next to
 * the operations completed, so the reports can say how often it happened.
 * Derived values that do not exist (no peer, no 1-thread row, an error) are
 * NaN, and every writer prints them as "-" (text) or empty/null (CSV/JSON).
 *
 * Rows are owned by the main thread; no field is shared between threads.
 */
#ifndef OPENESE_BENCH_ROW_H
#define OPENESE_BENCH_ROW_H

#include <stdbool.h>
#include <stdint.h>

#define BENCH_MAX_RUNS 99
#define BENCH_ERR_LEN 200
#define BENCH_LABEL_LEN 64

/* The engine family whose ratios are computed against the peers. */
#define BENCH_SUBJECT "openese"

struct bench_row {
    const char *workload; /* workload name, e.g. "session" (static string) */
    const char *engine;   /* engine family: openese, wiredtiger, lmdb */
    const char *variant;  /* "" or which peer operation this row stands for */
    const char *what;     /* the measured calls, for humans */
    const char *unit;     /* what one operation is: NULL = "ops", else e.g.
                           * "records" (temp-sort counts records sorted) */
    int threads;
    int nruns;                    /* runs completed (ops[] entries) */
    double ops[BENCH_MAX_RUNS];   /* aggregate ops/s of each run */
    char error[BENCH_ERR_LEN];    /* "" when every run succeeded */
    bool counts_conflicts;        /* the row counts write conflicts it retried */
    uint64_t conflicts;           /* conflicts retried, summed over the runs */
    uint64_t ops_total;           /* operations completed, summed over the runs */
    /* derived by bench_rows_derive() */
    double median_ops;            /* median of ops[] */
    double ns_per_op;             /* threads * 1e9 / median_ops */
    double ratio;                 /* see bench_ratio.h */
    double scaling;               /* median_ops / same row's at 1 thread */
    char vs[BENCH_LABEL_LEN];     /* label of the row the ratio compares with */
};

/* bench_row_label -- "engine" or "engine:variant" into buf; returns buf. */
const char *bench_row_label(const struct bench_row *r, char *buf, unsigned len);

/* bench_row_ok -- true when the row has at least one run and no error. */
bool bench_row_ok(const struct bench_row *r);

#endif
