/*
 * bench_json.c -- JSON output: {"meta": {...}, "rows": [{...}, ...]}.
 * Strings are escaped per RFC 8259 (quote, backslash, control characters);
 * numbers that do not exist (NaN) are null, since JSON has no NaN.
 */
#include "bench_report.h"

#include <inttypes.h>
#include <math.h>

/* put_str -- a JSON string literal. */
static void put_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* put_num -- a JSON number with enough digits to round-trip, or null. */
static void put_num(FILE *f, double v)
{
    if (isnan(v) || isinf(v))
        fputs("null", f);
    else
        fprintf(f, "%.17g", v);
}

/* put_row -- one row object. */
static void put_row(FILE *f, const struct bench_row *r)
{
    fputs("    {\"workload\": ", f);
    put_str(f, r->workload);
    fputs(", \"engine\": ", f);
    put_str(f, r->engine);
    fputs(", \"variant\": ", f);
    put_str(f, r->variant);
    fputs(", \"what\": ", f);
    put_str(f, r->what);
    if (r->counts_conflicts)
        fprintf(f, ", \"conflicts\": %" PRIu64 ", \"ops_total\": %" PRIu64, r->conflicts,
                r->ops_total);
    else
        fputs(", \"conflicts\": null", f);
    fprintf(f, ", \"threads\": %d, \"ops_per_s_runs\": [", r->threads);
    for (int k = 0; k < r->nruns; k++) {
        if (k)
            fputs(", ", f);
        put_num(f, r->ops[k]);
    }
    fputs("], \"ops_per_s_median\": ", f);
    put_num(f, r->median_ops);
    fputs(", \"ns_per_op_thread\": ", f);
    put_num(f, r->ns_per_op);
    fputs(", \"ratio\": ", f);
    put_num(f, r->ratio);
    fputs(", \"vs\": ", f);
    if (r->vs[0])
        put_str(f, r->vs);
    else
        fputs("null", f);
    fputs(", \"scaling\": ", f);
    put_num(f, r->scaling);
    fputs(", \"error\": ", f);
    if (r->error[0])
        put_str(f, r->error);
    else
        fputs("null", f);
    fputc('}', f);
}

/* bench_json_write -- meta object, then the rows in order. */
int bench_json_write(FILE *f, const struct bench_meta *m, const struct bench_row *rows, int n)
{
    fputs("{\n  \"meta\": {\"seconds_per_run\": ", f);
    put_num(f, m->seconds);
    fputs(", \"warmup_seconds\": ", f);
    put_num(f, m->warmup);
    fprintf(f, ", \"runs\": %d, \"records\": %" PRIu64 ", \"subject\": ", m->runs, m->records);
    put_str(f, BENCH_SUBJECT);
    fputs("},\n  \"rows\": [\n", f);
    for (int i = 0; i < n; i++) {
        put_row(f, &rows[i]);
        fputs(i + 1 < n ? ",\n" : "\n", f);
    }
    fputs("  ]\n}\n", f);
    return ferror(f) ? -1 : 0;
}
