/*
 * chart.h -- ops/s vs threads as a PNG, drawn by gnuplot: one panel per
 * workload, one line per engine row, log-scaled ops/s. gnuplot is an
 * optional tool: when it is not on PATH the chart is skipped with a warning.
 */
#ifndef OPENESE_BENCH_CHART_H
#define OPENESE_BENCH_CHART_H

#include "core/bench_report.h"

/* bench_chart_write -- returns 0 (written), 1 (skipped: no gnuplot or no
 * data; a warning was printed) or -1 (gnuplot or a file write failed). */
int bench_chart_write(const char *png, const struct bench_row *rows, int n,
                      const char *const *workloads, int nworkloads, const struct bench_meta *m);

#endif
