/*
 * bench_csv.c -- CSV output (RFC 4180 quoting: a field with a comma, quote
 * or line break is quoted and its quotes doubled). Empty cells stand for
 * values that do not exist (NaN), so spreadsheets do not read "-" as text.
 */
#include "bench_report.h"

#include <math.h>
#include <string.h>

/* put_field -- one text cell, quoted only when it has to be. */
static void put_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* put_num -- one numeric cell; NaN is an empty cell. */
static void put_num(FILE *f, double v, int prec)
{
    if (!isnan(v))
        fprintf(f, "%.*f", prec, v);
}

/* bench_csv_write -- see bench_report.h for the column set. */
int bench_csv_write(FILE *f, const struct bench_row *rows, int n)
{
    int maxruns = 0;

    for (int i = 0; i < n; i++)
        if (rows[i].nruns > maxruns)
            maxruns = rows[i].nruns;
    fputs("workload,engine,variant,threads,ops_per_s_median,ns_per_op_thread,ratio,vs,scaling", f);
    for (int k = 0; k < maxruns; k++)
        fprintf(f, ",ops_per_s_run%d", k + 1);
    fputs(",conflicts,error,what\n", f);
    for (int i = 0; i < n; i++) {
        const struct bench_row *r = &rows[i];
        put_field(f, r->workload);
        fputc(',', f);
        put_field(f, r->engine);
        fputc(',', f);
        put_field(f, r->variant);
        fprintf(f, ",%d,", r->threads);
        put_num(f, r->median_ops, 1);
        fputc(',', f);
        put_num(f, r->ns_per_op, 2);
        fputc(',', f);
        put_num(f, r->ratio, 4);
        fputc(',', f);
        put_field(f, r->vs);
        fputc(',', f);
        put_num(f, r->scaling, 4);
        for (int k = 0; k < maxruns; k++) {
            fputc(',', f);
            if (k < r->nruns)
                put_num(f, r->ops[k], 1);
        }
        fputc(',', f);
        if (r->counts_conflicts)
            fprintf(f, "%llu", (unsigned long long)r->conflicts);
        fputc(',', f);
        put_field(f, r->error);
        fputc(',', f);
        put_field(f, r->what);
        fputc('\n', f);
    }
    return ferror(f) ? -1 : 0;
}
