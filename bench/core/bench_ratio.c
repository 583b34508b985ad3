/*
 * bench_ratio.c -- median, ns/op, ratio and scaling columns (rules in
 * bench_ratio.h). Row counts are small (workloads x engines x threads), so
 * every lookup is a linear scan over all rows.
 */
#include "bench_ratio.h"
#include "bench_stats.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* bench_row_label -- the row's display name: engine, or engine:variant. */
const char *bench_row_label(const struct bench_row *r, char *buf, unsigned len)
{
    if (r->variant && r->variant[0])
        snprintf(buf, len, "%s:%s", r->engine, r->variant);
    else
        snprintf(buf, len, "%s", r->engine);
    return buf;
}

/* bench_row_ok -- usable for derived columns: runs and no error. */
bool bench_row_ok(const struct bench_row *r)
{
    return r->nruns > 0 && r->error[0] == '\0';
}

/* same_cell -- same workload and thread count (a comparison group). */
static bool same_cell(const struct bench_row *a, const struct bench_row *b)
{
    return a->threads == b->threads && strcmp(a->workload, b->workload) == 0;
}

/* same_series -- same workload, engine and variant (one line on a chart). */
static bool same_series(const struct bench_row *a, const struct bench_row *b)
{
    return strcmp(a->workload, b->workload) == 0 && strcmp(a->engine, b->engine) == 0 &&
           strcmp(a->variant ? a->variant : "", b->variant ? b->variant : "") == 0;
}

/* is_subject -- the engine whose speed the ratios are about. */
static bool is_subject(const struct bench_row *r)
{
    return strcmp(r->engine, BENCH_SUBJECT) == 0;
}

/* derive_ratio -- ratio and vs of row i against its comparison group. */
static void derive_ratio(struct bench_row *rows, int n, int i)
{
    struct bench_row *r = &rows[i];
    const struct bench_row *other = NULL;

    for (int j = 0; j < n; j++) {
        const struct bench_row *o = &rows[j];
        if (j == i || !bench_row_ok(o) || !same_cell(r, o))
            continue;
        if (is_subject(r)) {
            if (!is_subject(o) && (!other || o->median_ops > other->median_ops))
                other = o;
        } else if (is_subject(o)) {
            other = o;
            break;
        }
    }
    if (other && other->median_ops > 0.0) {
        r->ratio = r->median_ops / other->median_ops;
        bench_row_label(other, r->vs, sizeof r->vs);
    }
}

/* derive_scaling -- this row's median over the same series at 1 thread. */
static void derive_scaling(struct bench_row *rows, int n, int i)
{
    struct bench_row *r = &rows[i];

    for (int j = 0; j < n; j++) {
        const struct bench_row *o = &rows[j];
        if (o->threads == 1 && bench_row_ok(o) && same_series(r, o) && o->median_ops > 0.0) {
            r->scaling = r->median_ops / o->median_ops;
            return;
        }
    }
}

/* bench_rows_derive -- medians first (ratios read other rows' medians). */
void bench_rows_derive(struct bench_row *rows, int n)
{
    for (int i = 0; i < n; i++) {
        struct bench_row *r = &rows[i];
        r->median_ops = bench_row_ok(r) ? bench_median(r->ops, r->nruns) : NAN;
        r->ns_per_op = bench_ns_per_op(r->median_ops, r->threads);
        r->ratio = NAN;
        r->scaling = NAN;
        r->vs[0] = '\0';
    }
    for (int i = 0; i < n; i++) {
        if (!bench_row_ok(&rows[i]))
            continue;
        derive_ratio(rows, n, i);
        derive_scaling(rows, n, i);
    }
}
