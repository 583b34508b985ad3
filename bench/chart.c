/*
 * chart.c -- write a gnuplot data file and script into a temporary
 * directory, run gnuplot on them, remove them (chart.h).
 *
 * Data file layout: one gnuplot data set (separated by two blank lines, so
 * `index K` selects it) per (workload, engine row) with at least one
 * successful thread count: lines "threads ops_per_s". The script draws a
 * multiplot with one panel per workload that has data; its y label is the
 * workload's unit ("ops/s", or "records/s" for temp-sort).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "chart.h"
#include "tmpdir.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* find_gnuplot -- true when an executable "gnuplot" is on PATH. */
static bool find_gnuplot(void)
{
    const char *path = getenv("PATH");
    char buf[4096];

    if (!path)
        return false;
    while (*path) {
        size_t len = strcspn(path, ":");
        snprintf(buf, sizeof buf, "%.*s/gnuplot", (int)len, len ? path : ".");
        if (access(buf, X_OK) == 0)
            return true;
        path += len + (path[len] == ':');
    }
    return false;
}

/* put_quoted -- a gnuplot single-quoted string ('' stands for '). */
static void put_quoted(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        if (*s == '\'')
            fputc('\'', f);
        fputc(*s, f);
    }
    fputc('\'', f);
}

/* same_series -- rows a and b are the same line of a panel. */
static bool same_series(const struct bench_row *a, const struct bench_row *b)
{
    return strcmp(a->workload, b->workload) == 0 && strcmp(a->engine, b->engine) == 0 &&
           strcmp(a->variant, b->variant) == 0;
}

/* write_panel -- data sets and the plot command of one workload; returns
 * the number of data sets written (0: the panel is left out). */
static int write_panel(FILE *data, FILE *script, const char *datapath, const char *workload,
                       const struct bench_row *rows, int n, int *index)
{
    int sets = 0;
    char label[BENCH_LABEL_LEN];

    for (int i = 0; i < n; i++) {
        const struct bench_row *r = &rows[i];
        bool first = strcmp(r->workload, workload) == 0, any = false;
        for (int j = 0; j < i && first; j++)
            first = !same_series(&rows[j], r);
        if (!first)
            continue;
        for (int j = i; j < n; j++)
            any = any || (same_series(&rows[j], r) && bench_row_ok(&rows[j]));
        if (!any)
            continue;
        for (int j = i; j < n; j++)
            if (same_series(&rows[j], r) && bench_row_ok(&rows[j]))
                fprintf(data, "%d %.1f\n", rows[j].threads, rows[j].median_ops);
        fputs("\n\n", data);
        if (sets == 0) {
            fputs("set title ", script);
            put_quoted(script, workload);
            fprintf(script, "\nset ylabel '%s/s'\nplot ", r->unit ? r->unit : "ops");
        } else {
            fputs(", \\\n     ", script);
        }
        put_quoted(script, datapath);
        fprintf(script, " index %d using 1:2 with linespoints title ", (*index)++);
        put_quoted(script, bench_row_label(r, label, sizeof label));
        sets++;
    }
    if (sets)
        fputc('\n', script);
    return sets;
}

/* max_threads -- the largest thread count of any row (x axis range). */
static int max_threads(const struct bench_row *rows, int n)
{
    int m = 1;
    for (int i = 0; i < n; i++)
        if (rows[i].threads > m)
            m = rows[i].threads;
    return m;
}

/* put_xtics -- one tic per measured thread count: "set xtics (1, 2, 8)". */
static void put_xtics(FILE *script, const struct bench_row *rows, int n)
{
    int count = 0;

    fputs("set xtics (", script);
    for (int i = 0; i < n; i++) {
        bool first = true;
        for (int j = 0; j < i && first; j++)
            first = rows[j].threads != rows[i].threads;
        if (first)
            fprintf(script, "%s%d", count++ ? ", " : "", rows[i].threads);
    }
    fputs(")\n", script);
}

/* run_gnuplot -- gnuplot <script>, waiting for it; 0 when it exits 0. */
static int run_gnuplot(const char *script)
{
    pid_t pid = fork();
    int status;

    if (pid < 0)
        return -1;
    if (pid == 0) {
        execlp("gnuplot", "gnuplot", script, (char *)NULL);
        _exit(127);
    }
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* bench_chart_write -- count panels, write files, run gnuplot, clean up. */
int bench_chart_write(const char *png, const struct bench_row *rows, int n,
                      const char *const *workloads, int nworkloads, const struct bench_meta *m)
{
    char *dir, *datapath = NULL, *scriptpath = NULL;
    FILE *data = NULL, *script = NULL;
    int panels = 0, index = 0, rc = -1, cols, nrows;

    if (!find_gnuplot()) {
        fprintf(stderr, "openese-bench: warning: gnuplot not found on PATH; chart %s skipped\n", png);
        return 1;
    }
    for (int w = 0; w < nworkloads; w++)
        for (int i = 0; i < n; i++)
            if (strcmp(rows[i].workload, workloads[w]) == 0 && bench_row_ok(&rows[i])) {
                panels++;
                break;
            }
    if (panels == 0) {
        fprintf(stderr, "openese-bench: warning: no successful rows; chart %s skipped\n", png);
        return 1;
    }
    dir = bench_tmpdir_make("chart");
    if (!dir)
        return -1;
    if (asprintf(&datapath, "%s/data.txt", dir) < 0 || asprintf(&scriptpath, "%s/chart.gp", dir) < 0)
        goto out;
    data = fopen(datapath, "w");
    script = fopen(scriptpath, "w");
    if (!data || !script)
        goto out;
    cols = panels > 1 ? 2 : 1;
    nrows = (panels + cols - 1) / cols;
    fprintf(script, "set terminal pngcairo noenhanced size %d,%d\nset output ", 640 * cols,
            420 * nrows + 40);
    put_quoted(script, png);
    fprintf(script,
            "\nset multiplot layout %d,%d title 'openese-bench: aggregate ops/s vs threads "
            "(median of %d runs x %.2f s)'\n"
            "set logscale x 2\nset logscale y 10\nset format y '%%.0s%%c'\n"
            "set xlabel 'threads'\nset key bottom left font ',9'\n"
            "set grid\nset xrange [0.8:%g]\n",
            nrows, cols, m->runs, m->seconds, max_threads(rows, n) * 1.25);
    put_xtics(script, rows, n);
    for (int w = 0; w < nworkloads; w++)
        write_panel(data, script, datapath, workloads[w], rows, n, &index);
    fputs("unset multiplot\n", script);
    if (fclose(data) != 0 || fclose(script) != 0) {
        data = script = NULL;
        goto out;
    }
    data = script = NULL;
    rc = run_gnuplot(scriptpath);
out:
    if (rc != 0)
        fprintf(stderr, "openese-bench: error: could not draw chart %s\n", png);
    if (data)
        fclose(data);
    if (script)
        fclose(script);
    free(datapath);
    free(scriptpath);
    (void)bench_tmpdir_remove(dir);
    return rc;
}
