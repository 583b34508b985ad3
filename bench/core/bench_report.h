/*
 * bench_report.h -- the three ways results leave the program: the text
 * table on stdout, a CSV file and a JSON file. All three show the same rows
 * (after bench_rows_derive); CSV and JSON add every run's ops/s and the
 * error text of failed rows. Writers return 0, or -1 if a write failed
 * (ferror), so a full disk is reported instead of leaving a truncated file.
 */
#ifndef OPENESE_BENCH_REPORT_H
#define OPENESE_BENCH_REPORT_H

#include "bench_row.h"

#include <stdint.h>
#include <stdio.h>

/* What the rows were measured with (echoed into the JSON). */
struct bench_meta {
    double seconds;   /* measured, per run */
    double warmup;    /* unmeasured, at the start of each run */
    int runs;         /* runs requested per row */
    uint64_t records;
};

/* bench_table_print -- the table of one workload's rows, in row order,
 * followed by one legend line per engine row saying what it measures. */
int bench_table_print(FILE *f, const struct bench_row *rows, int n, const char *workload);

/* bench_csv_write -- header, then one line per row; runs columns run1..runN
 * where N is the largest nruns (shorter rows leave the tail empty), then
 * conflicts (empty for rows that do not count them), error, what. */
int bench_csv_write(FILE *f, const struct bench_row *rows, int n);

/* bench_json_write -- {"meta": {...}, "rows": [...]}; NaN becomes null. */
int bench_json_write(FILE *f, const struct bench_meta *m, const struct bench_row *rows, int n);

#endif
