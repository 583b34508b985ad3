/*
 * bench_table.c -- the human-readable result table (bench_report.h).
 * Columns: engine, threads, ops/s, ns/op/thread, ratio, vs, scaling. A row
 * that failed prints its error instead of numbers, so a broken engine is
 * visible in the table and not just in the exit status. A workload whose
 * operation is not one call sequence (temp-sort: one record sorted) says
 * its unit in the title line. Rows that count
 * write conflicts add one note line each after the legend.
 */
#include "bench_report.h"

#include <math.h>
#include <string.h>

/* fmt_num -- "%.*f" of v, or "-" when v is NaN. */
static const char *fmt_num(char *buf, size_t len, double v, int prec, const char *suffix)
{
    if (isnan(v))
        snprintf(buf, len, "-");
    else
        snprintf(buf, len, "%.*f%s", prec, v, suffix);
    return buf;
}

/* fmt_ops -- an integer rate with thousands separators ("12,345,678"). */
static const char *fmt_ops(char *buf, size_t len, double v)
{
    char digits[32];
    int nd, o = 0;

    if (isnan(v))
        return fmt_num(buf, len, v, 0, "");
    nd = snprintf(digits, sizeof digits, "%.0f", v);
    for (int i = 0; i < nd && (size_t)o + 2 < len; i++) {
        if (i > 0 && (nd - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

/* bench_table_print -- header, rows, then the legend of distinct labels. */
int bench_table_print(FILE *f, const struct bench_row *rows, int n, const char *workload)
{
    char label[BENCH_LABEL_LEN], a[40], b[40], c[40], d[40];

    const char *unit = NULL;

    for (int i = 0; i < n && !unit; i++)
        if (strcmp(rows[i].workload, workload) == 0)
            unit = rows[i].unit;
    fprintf(f, "\n== %s ==", workload);
    if (unit)
        fprintf(f, " (ops/s counts %s/s)", unit);
    fputc('\n', f);
    fprintf(f, "%-22s %7s %15s %12s %9s %-22s %8s\n", "engine", "threads", "ops/s",
            "ns/op/thr", "ratio", "vs", "scaling");
    for (int i = 0; i < n; i++) {
        const struct bench_row *r = &rows[i];
        if (strcmp(r->workload, workload) != 0)
            continue;
        bench_row_label(r, label, sizeof label);
        if (r->error[0]) {
            fprintf(f, "%-22s %7d  error: %s\n", label, r->threads, r->error);
            continue;
        }
        fprintf(f, "%-22s %7d %15s %12s %9s %-22s %8s\n", label, r->threads,
                fmt_ops(a, sizeof a, r->median_ops), fmt_num(b, sizeof b, r->ns_per_op, 1, ""),
                fmt_num(c, sizeof c, r->ratio, 2, "x"), r->vs[0] ? r->vs : "-",
                fmt_num(d, sizeof d, r->scaling, 2, ""));
    }
    for (int i = 0; i < n; i++) {
        const struct bench_row *r = &rows[i];
        bool first = true;
        if (strcmp(r->workload, workload) != 0)
            continue;
        for (int j = 0; j < i && first; j++)
            first = !(strcmp(rows[j].workload, workload) == 0 &&
                      strcmp(rows[j].engine, r->engine) == 0 &&
                      strcmp(rows[j].variant, r->variant) == 0);
        if (first)
            fprintf(f, "  %-20s %s\n", bench_row_label(r, label, sizeof label), r->what);
    }
    for (int i = 0; i < n; i++) {
        const struct bench_row *r = &rows[i];
        if (strcmp(r->workload, workload) != 0 || !r->counts_conflicts || r->error[0])
            continue;
        fprintf(f, "  %s, %d thread(s): %llu write conflict(s) retried in %llu operations (%.3f%%)\n",
                bench_row_label(r, label, sizeof label), r->threads,
                (unsigned long long)r->conflicts, (unsigned long long)r->ops_total,
                r->ops_total ? 100.0 * (double)r->conflicts / (double)r->ops_total : 0.0);
    }
    return ferror(f) ? -1 : 0;
}
