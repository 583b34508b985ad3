/*
 * main.c -- openese-bench: runs the workload table (workloads.c) on openese
 * and its peers in one process and reports them side by side.
 *
 * Order of work: for each selected workload, for each thread count, set up
 * every selected engine row (one environment each), then do run 1 of every
 * row, run 2 of every row, ... and tear them down. Interleaving the engines
 * run by run means a slow stretch of the host (vCPU migration) hits every
 * engine of a cell, so the ratios stay honest. A row whose setup or run
 * fails keeps its error and is skipped for the rest of the cell; the others
 * go on, and the exit status is 1.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "chart.h"
#include "core/bench_args.h"
#include "core/bench_ratio.h"
#include "core/bench_report.h"
#include "runner.h"
#include "workload.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ENTRIES 128 /* table entries main can select */

/* A selected table entry and its rows (one per thread count). */
struct selected {
    const struct bench_workload *w;
    struct bench_row *rows; /* [owner] main; rows[t] for args.threads[t] */
};

/* on_signal -- ask the run in progress to stop; main tears down and exits. */
static void on_signal(int sig)
{
    bench_interrupted = 1;
}

/* distinct -- the distinct values of a table column, in table order. */
static int distinct(const char **out, bool engine)
{
    int n = 0;
    for (int i = 0; i < bench_nworkloads; i++) {
        const char *s = engine ? bench_workloads[i].engine : bench_workloads[i].name;
        bool seen = false;
        for (int k = 0; k < n && !seen; k++)
            seen = strcmp(out[k], s) == 0;
        if (!seen)
            out[n++] = s;
    }
    return n;
}

/* listed -- s is in list, or the list is empty (= everything). */
static bool listed(const char *const *list, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return n == 0;
}

/* usage_exit -- message and status 2 for a bad command line. */
static void usage_exit(const char *msg)
{
    fprintf(stderr, "openese-bench: %s\n", msg);
    exit(2);
}

/* print_help -- usage plus the rows this build has. */
static void print_help(void)
{
    char label[BENCH_LABEL_LEN];
    struct bench_row r = {0};

    fputs(bench_args_usage(), stdout);
    fputs("\nworkload rows in this build:\n", stdout);
    for (int i = 0; i < bench_nworkloads; i++) {
        r.engine = bench_workloads[i].engine;
        r.variant = bench_workloads[i].variant;
        printf("  %-13s %-18s %s\n", bench_workloads[i].name, bench_row_label(&r, label, sizeof label),
               bench_workloads[i].what);
    }
}

/* progress -- the live status line on stderr: rewritten in place (\r) on a
 * terminal; in a log, one line per (workload, threads) cell instead. */
static void progress(int cell, int ncells, const struct bench_row *r, int run, int runs)
{
    static int last_cell;
    char label[BENCH_LABEL_LEN];

    if (isatty(STDERR_FILENO)) {
        fprintf(stderr, "\r[%d/%d] %-13s %-18s threads=%-4d run %d/%d   ", cell, ncells,
                r->workload, bench_row_label(r, label, sizeof label), r->threads, run, runs);
    } else if (cell != last_cell) {
        fprintf(stderr, "[%d/%d] %s threads=%d\n", cell, ncells, r->workload, r->threads);
        last_cell = cell;
    }
    fflush(stderr);
}

/* run_cell -- setup, interleaved runs, teardown of one (workload, threads). */
static void run_cell(struct selected *sel, int nsel, const char *workload, int t,
                     const struct bench_args *a, int *cell, int ncells)
{
    struct bench_cfg cfg = {.threads = a->threads[t], .records = a->records};
    void *env[MAX_ENTRIES] = {0};

    for (int i = 0; i < nsel; i++) {
        struct bench_err err = {{0}};
        if (strcmp(sel[i].w->name, workload) != 0)
            continue;
        env[i] = sel[i].w->setup(&cfg, &err);
        if (!env[i])
            snprintf(sel[i].rows[t].error, BENCH_ERR_LEN, "setup: %s", err.msg);
    }
    for (int run = 0; run < a->runs && !bench_interrupted; run++) {
        for (int i = 0; i < nsel && !bench_interrupted; i++) {
            struct bench_row *r = &sel[i].rows[t];
            struct bench_err err = {{0}};
            struct bench_result res;
            if (!env[i] || r->error[0])
                continue;
            progress(*cell, ncells, r, run + 1, a->runs);
            if (bench_run_once(sel[i].w, env[i], &cfg, a->warmup, a->seconds, &res, &err) == 0) {
                r->ops[r->nruns++] = res.ops_per_s;
                r->ops_total += res.ops;
                r->conflicts += res.conflicts;
            } else
                snprintf(r->error, BENCH_ERR_LEN, "%s", err.msg);
        }
    }
    for (int i = 0; i < nsel; i++) {
        struct bench_err err = {{0}};
        if (!env[i])
            continue;
        if (sel[i].w->teardown(env[i], &err) != 0 && !sel[i].rows[t].error[0])
            snprintf(sel[i].rows[t].error, BENCH_ERR_LEN, "teardown: %s", err.msg);
    }
    (*cell)++;
}

/* write_file -- open, write with fn, close; false (with a message) on error. */
static bool write_file(const char *path, const char *kind, const struct bench_meta *m,
                       const struct bench_row *rows, int n)
{
    FILE *f = fopen(path, "w");
    int rc;

    if (!f) {
        fprintf(stderr, "openese-bench: cannot write %s %s: %s\n", kind, path, strerror(errno));
        return false;
    }
    rc = strcmp(kind, "CSV") == 0 ? bench_csv_write(f, rows, n) : bench_json_write(f, m, rows, n);
    if (fclose(f) != 0 || rc != 0) {
        fprintf(stderr, "openese-bench: error writing %s %s\n", kind, path);
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    static struct bench_args a;
    const char *workloads[MAX_ENTRIES], *engines[MAX_ENTRIES];
    const char *run_workloads[MAX_ENTRIES];
    struct selected sel[MAX_ENTRIES];
    struct bench_row *rows;
    struct bench_meta meta;
    struct sigaction sa = {0};
    char err[512];
    int nw, ne, nsel = 0, nrw = 0, cell = 1, status = 0, nrows;

    if (bench_nworkloads > MAX_ENTRIES) {
        fprintf(stderr, "openese-bench: workload table larger than MAX_ENTRIES\n");
        return 1;
    }
    if (bench_args_parse(argc, argv, &a, err, sizeof err) != 0)
        usage_exit(err);
    if (a.help) {
        print_help();
        return 0;
    }
    nw = distinct(workloads, false);
    ne = distinct(engines, true);
    if (bench_args_check_names(a.workloads, a.nworkloads, workloads, nw, "workload", err, sizeof err) ||
        bench_args_check_names(a.engines, a.nengines, engines, ne, "engine", err, sizeof err))
        usage_exit(err);

    /* Select table entries; every selected workload needs at least one row. */
    for (int w = 0; w < nw; w++) {
        bool any = false;
        if (!listed(a.workloads, a.nworkloads, workloads[w]))
            continue;
        for (int i = 0; i < bench_nworkloads; i++)
            if (strcmp(bench_workloads[i].name, workloads[w]) == 0 &&
                listed(a.engines, a.nengines, bench_workloads[i].engine)) {
                sel[nsel++].w = &bench_workloads[i];
                any = true;
            }
        if (!any && a.nworkloads > 0) {
            snprintf(err, sizeof err, "workload '%s' has no row for the selected engines", workloads[w]);
            usage_exit(err);
        }
        if (any)
            run_workloads[nrw++] = workloads[w];
    }
    if (nsel == 0)
        usage_exit("nothing to run for the selected workloads and engines");

    nrows = nsel * a.nthreads;
    rows = calloc((size_t)nrows, sizeof *rows);
    if (!rows) {
        fprintf(stderr, "openese-bench: out of memory\n");
        return 1;
    }
    for (int i = 0; i < nsel; i++) {
        sel[i].rows = &rows[i * a.nthreads];
        for (int t = 0; t < a.nthreads; t++) {
            struct bench_row *r = &sel[i].rows[t];
            r->workload = sel[i].w->name;
            r->engine = sel[i].w->engine;
            r->variant = sel[i].w->variant;
            r->what = sel[i].w->what;
            r->threads = a.threads[t];
            r->counts_conflicts = sel[i].w->conflicts != NULL;
            r->unit = sel[i].w->per_call ? "records" : NULL;
        }
    }

    sa.sa_handler = on_signal; /* no SA_RESTART: interrupt the sleep */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    printf("openese-bench: %d workload(s), threads", nrw);
    for (int t = 0; t < a.nthreads; t++)
        printf("%s%d", t ? "," : " ", a.threads[t]);
    printf("; median of %d run(s) x %.3g s (after %.3g s of warm-up); %ld online CPUs\n", a.runs,
           a.seconds, a.warmup, sysconf(_SC_NPROCESSORS_ONLN));
    fflush(stdout);

    for (int w = 0; w < nrw && !bench_interrupted; w++)
        for (int t = 0; t < a.nthreads && !bench_interrupted; t++)
            run_cell(sel, nsel, run_workloads[w], t, &a, &cell, nrw * a.nthreads);
    if (isatty(STDERR_FILENO))
        fprintf(stderr, "\r%100s\r", "");
    if (bench_interrupted) {
        fprintf(stderr, "openese-bench: interrupted\n");
        free(rows);
        return 130;
    }

    bench_rows_derive(rows, nrows);
    for (int w = 0; w < nrw; w++)
        bench_table_print(stdout, rows, nrows, run_workloads[w]);
    fflush(stdout);
    for (int i = 0; i < nrows; i++)
        if (rows[i].error[0])
            status = 1;
    if (status)
        fprintf(stderr, "openese-bench: some rows failed (see 'error:' above)\n");

    meta = (struct bench_meta){.seconds = a.seconds, .warmup = a.warmup, .runs = a.runs, .records = a.records};
    if (a.csv && !write_file(a.csv, "CSV", &meta, rows, nrows))
        status = 1;
    if (a.json && !write_file(a.json, "JSON", &meta, rows, nrows))
        status = 1;
    if (a.chart && bench_chart_write(a.chart, rows, nrows, run_workloads, nrw, &meta) < 0)
        status = 1;
    free(rows);
    return status;
}
