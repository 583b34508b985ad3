/*
 * test_report.c -- the table, CSV and JSON writers (core/bench_table.c,
 * bench_csv.c, bench_json.c), read back from an in-memory stream.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "bench_ratio.h"
#include "bench_report.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct bench_row rows[3];
static char *buf;
static size_t len;

/* fixture -- openese at 12.5M ops/s (2 runs), lmdb at 25M, one failed WT row. */
static void fixture(void)
{
    memset(rows, 0, sizeof rows);
    rows[0] = (struct bench_row){.workload = "session", .engine = "openese", .variant = "",
                                 .what = "JetBeginSession + JetEndSession", .threads = 1,
                                 .nruns = 2, .ops = {10e6, 15e6}};
    rows[1] = (struct bench_row){.workload = "session", .engine = "lmdb", .variant = "rd",
                                 .what = "begin, abort \"read\"", .threads = 1, .nruns = 1,
                                 .ops = {25e6}};
    rows[2] = (struct bench_row){.workload = "session", .engine = "wiredtiger", .variant = "",
                                 .what = "open+close", .threads = 2};
    strcpy(rows[2].error, "open_session returned 12, (ENOMEM)");
    bench_rows_derive(rows, 3);
}

/* capture -- run a writer into buf. */
#define CAPTURE(call)                                                                            \
    do {                                                                                         \
        FILE *f = open_memstream(&buf, &len);                                                    \
        cr_assert_not_null(f);                                                                   \
        cr_assert_eq(call, 0);                                                                   \
        cr_assert_eq(fclose(f), 0);                                                              \
    } while (0)

static void teardown(void)
{
    free(buf);
    buf = NULL;
}

TestSuite(report, .init = fixture, .fini = teardown);

Test(report, table_shows_medians_ratio_errors_and_legend)
{
    CAPTURE(bench_table_print(f, rows, 3, "session"));
    cr_assert_neq(strstr(buf, "== session =="), NULL);
    cr_assert_neq(strstr(buf, "12,500,000"), NULL, "%s", buf);
    cr_assert_neq(strstr(buf, "80.0"), NULL, "ns/op/thr of 12.5M/s at 1 thread\n%s", buf);
    cr_assert_neq(strstr(buf, "0.50x"), NULL, "%s", buf);
    cr_assert_neq(strstr(buf, "lmdb:rd"), NULL, "%s", buf);
    cr_assert_neq(strstr(buf, "2.00x"), NULL, "lmdb's ratio to openese\n%s", buf);
    cr_assert_neq(strstr(buf, "error: open_session returned 12"), NULL, "%s", buf);
    cr_assert_neq(strstr(buf, "JetBeginSession + JetEndSession"), NULL, "%s", buf);
}

Test(report, table_skips_other_workloads)
{
    CAPTURE(bench_table_print(f, rows, 3, "txn-commit"));
    cr_assert_eq(strstr(buf, "openese "), NULL, "%s", buf);
}

Test(report, csv_has_header_runs_medians_and_quoting)
{
    CAPTURE(bench_csv_write(f, rows, 3));
    const char *want_header =
        "workload,engine,variant,threads,ops_per_s_median,ns_per_op_thread,ratio,vs,scaling,"
        "ops_per_s_run1,ops_per_s_run2,conflicts,error,what\n";
    cr_assert_eq(strncmp(buf, want_header, strlen(want_header)), 0, "%s", buf);
    cr_assert_neq(strstr(buf, "\nsession,openese,,1,12500000.0,80.00,0.5000,lmdb:rd,1.0000,"
                              "10000000.0,15000000.0,,,JetBeginSession + JetEndSession\n"),
                  NULL, "%s", buf);
    cr_assert_neq(strstr(buf, "\nsession,lmdb,rd,1,25000000.0,40.00,2.0000,openese,1.0000,"
                              "25000000.0,,,,\"begin, abort \"\"read\"\"\"\n"),
                  NULL, "%s", buf);
    cr_assert_neq(strstr(buf, "\nsession,wiredtiger,,2,,,,,,,,,\"open_session returned 12, "
                              "(ENOMEM)\",open+close\n"),
                  NULL, "%s", buf);
}

Test(report, json_has_meta_runs_and_nulls)
{
    struct bench_meta m = {.seconds = 0.5, .warmup = 0.25, .runs = 2, .records = 7};
    CAPTURE(bench_json_write(f, &m, rows, 3));
    cr_assert_neq(strstr(buf, "\"seconds_per_run\": 0.5, \"warmup_seconds\": 0.25, "
                              "\"runs\": 2, \"records\": 7"), NULL,
                  "%s", buf);
    cr_assert_neq(strstr(buf, "\"ops_per_s_runs\": [10000000, 15000000], "
                              "\"ops_per_s_median\": 12500000, \"ns_per_op_thread\": 80, "
                              "\"ratio\": 0.5, \"vs\": \"lmdb:rd\", \"scaling\": 1, \"error\": null}"),
                  NULL, "%s", buf);
    cr_assert_neq(strstr(buf, "\"what\": \"begin, abort \\\"read\\\"\""), NULL, "%s", buf);
    cr_assert_neq(strstr(buf, "\"ops_per_s_runs\": [], \"ops_per_s_median\": null"), NULL,
                  "%s", buf);
    cr_assert_neq(strstr(buf, "\"vs\": null, \"scaling\": null, \"error\": \"open_session"), NULL,
                  "%s", buf);
    cr_assert_eq(buf[strlen(buf) - 2], '}');
}

/* A row that counts conflicts: its count in the table note, CSV and JSON. */
Test(report, conflicts_in_table_csv_and_json)
{
    rows[0].counts_conflicts = true;
    rows[0].conflicts = 3;
    rows[0].ops_total = 1200;
    CAPTURE(bench_table_print(f, rows, 3, "session"));
    cr_assert_neq(strstr(buf, "openese, 1 thread(s): 3 write conflict(s) retried in 1200 "
                              "operations (0.250%)"),
                  NULL, "%s", buf);
    cr_assert_eq(strstr(buf, "lmdb:rd, 1 thread(s)"), NULL, "lmdb does not count\n%s", buf);
    free(buf);
    CAPTURE(bench_csv_write(f, rows, 3));
    cr_assert_neq(strstr(buf, ",15000000.0,3,,JetBeginSession"), NULL, "%s", buf);
    free(buf);
    CAPTURE(bench_json_write(f, &(struct bench_meta){.seconds = 1, .runs = 2}, rows, 3));
    cr_assert_neq(strstr(buf, "\"conflicts\": 3, \"ops_total\": 1200, \"threads\": 1"), NULL,
                  "%s", buf);
    cr_assert_neq(strstr(buf, "\"conflicts\": null, \"threads\": 1"), NULL, "%s", buf);
}

/* A workload with a unit says it in its title line; others do not. */
Test(report, table_title_names_the_unit)
{
    CAPTURE(bench_table_print(f, rows, 3, "session"));
    cr_assert_neq(strstr(buf, "== session ==\n"), NULL, "%s", buf);
    free(buf);
    for (int i = 0; i < 3; i++)
        rows[i].unit = "records";
    CAPTURE(bench_table_print(f, rows, 3, "session"));
    cr_assert_neq(strstr(buf, "== session == (ops/s counts records/s)\n"), NULL, "%s", buf);
}
