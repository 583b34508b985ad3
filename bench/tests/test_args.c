/*
 * test_args.c -- bench_args_parse and bench_args_check_names
 * (core/bench_args.c): defaults, both option forms, every rejection.
 */
#include "bench_args.h"

#include <criterion/criterion.h>
#include <string.h>

static struct bench_args a;
static char err[256];

/* parse -- argv from a NULL-terminated list of strings. */
#define PARSE(...)                                                                               \
    ({                                                                                           \
        char *argv_[] = {"openese-bench", __VA_ARGS__, NULL};                                    \
        bench_args_parse((int)(sizeof argv_ / sizeof argv_[0]) - 1, argv_, &a, err, sizeof err); \
    })

Test(args, defaults)
{
    char *argv[] = {"openese-bench", NULL};
    cr_assert_eq(bench_args_parse(1, argv, &a, err, sizeof err), 0);
    cr_assert_eq(a.nworkloads, 0);
    cr_assert_eq(a.nengines, 0);
    cr_assert_eq(a.nthreads, 3);
    cr_assert_eq(a.threads[0], 1);
    cr_assert_eq(a.threads[1], 2);
    cr_assert_eq(a.threads[2], 8);
    cr_assert_float_eq(a.seconds, BENCH_DEFAULT_SECONDS, 1e-12);
    cr_assert_float_eq(a.warmup, BENCH_DEFAULT_WARMUP, 1e-12);
    cr_assert_eq(a.runs, BENCH_DEFAULT_RUNS);
    cr_assert_eq(a.records, BENCH_DEFAULT_RECORDS);
    cr_assert_null(a.csv);
    cr_assert_null(a.json);
    cr_assert_null(a.chart);
    cr_assert(!a.help);
}

Test(args, every_option_in_both_forms)
{
    cr_assert_eq(PARSE("--workloads", "session,txn-commit", "--engines=openese,lmdb",
                       "--threads=4,1", "--seconds", "0.25", "--warmup=0", "--runs=5", "--records", "42",
                       "--csv", "o.csv", "--json=o.json", "--chart", "o.png"),
                 0, "%s", err);
    cr_assert_eq(a.nworkloads, 2);
    cr_assert_str_eq(a.workloads[0], "session");
    cr_assert_str_eq(a.workloads[1], "txn-commit");
    cr_assert_eq(a.nengines, 2);
    cr_assert_str_eq(a.engines[1], "lmdb");
    cr_assert_eq(a.nthreads, 2);
    cr_assert_eq(a.threads[0], 4);
    cr_assert_eq(a.threads[1], 1);
    cr_assert_float_eq(a.seconds, 0.25, 1e-12);
    cr_assert_float_eq(a.warmup, 0.0, 1e-12);
    cr_assert_eq(a.runs, 5);
    cr_assert_eq(a.records, 42);
    cr_assert_str_eq(a.csv, "o.csv");
    cr_assert_str_eq(a.json, "o.json");
    cr_assert_str_eq(a.chart, "o.png");
}

Test(args, help)
{
    cr_assert_eq(PARSE("--help"), 0);
    cr_assert(a.help);
    cr_assert_neq(strstr(bench_args_usage(), "--threads"), NULL);
}

Test(args, later_option_wins_and_lists_are_reparsed)
{
    cr_assert_eq(PARSE("--threads", "1,2,3", "--threads", "16"), 0, "%s", err);
    cr_assert_eq(a.nthreads, 1);
    cr_assert_eq(a.threads[0], 16);
}

/* rejects -- parse fails and the message contains want. */
#define REJECTS(want, ...)                                                                       \
    do {                                                                                         \
        cr_assert_eq(PARSE(__VA_ARGS__), -1, "accepted: " #__VA_ARGS__);                       \
        cr_assert_neq(strstr(err, want), NULL, "message '%s' lacks '%s'", err, want);           \
    } while (0)

Test(args, rejects_bad_numbers)
{
    REJECTS("--threads", "--threads", "0");
    REJECTS("--threads", "--threads", "1,x");
    REJECTS("--threads", "--threads", "2x");
    REJECTS("--threads", "--threads", "-1");
    REJECTS("out of range", "--threads", "1025");
    REJECTS("--seconds", "--seconds", "0");
    REJECTS("--seconds", "--seconds", "-1");
    REJECTS("--seconds", "--seconds", "abc");
    REJECTS("--seconds", "--seconds", "1e400");
    REJECTS("--seconds", "--seconds", "nan");
    REJECTS("--seconds", "--seconds", "3601");
    REJECTS("--warmup", "--warmup", "-0.1");
    REJECTS("--warmup", "--warmup", "x");
    REJECTS("--warmup", "--warmup", "3601");
    REJECTS("--runs", "--runs", "0");
    REJECTS("--runs", "--runs", "100");
    REJECTS("--runs", "--runs", "1.5");
    REJECTS("--records", "--records", "0");
    REJECTS("--records", "--records", "99999999999999999999999");
    REJECTS("--records", "--records", "");
}

Test(args, rejects_bad_lists)
{
    REJECTS("empty list", "--workloads", "");
    REJECTS("empty item", "--workloads", "a,,b");
    REJECTS("empty item", "--engines", "a,");
    REJECTS("twice", "--engines", "lmdb,lmdb");
    REJECTS("twice", "--threads", "2,2");
}

Test(args, rejects_bad_syntax)
{
    REJECTS("unknown argument '--bogus'", "--bogus");
    REJECTS("unknown argument 'stray'", "stray");
    REJECTS("unknown argument '--thread'", "--thread", "1");
    REJECTS("needs a value", "--runs");
    REJECTS("empty file name", "--csv=");
}

Test(args, check_names)
{
    const char *known[] = {"session", "txn-commit"};
    const char *good[] = {"txn-commit"};
    const char *bad[] = {"session", "sessions"};
    cr_assert_eq(bench_args_check_names(good, 1, known, 2, "workload", err, sizeof err), 0);
    cr_assert_eq(bench_args_check_names(bad, 2, known, 2, "workload", err, sizeof err), -1);
    cr_assert_str_eq(err, "unknown workload 'sessions' (known: session txn-commit)");
    cr_assert_eq(bench_args_check_names(NULL, 0, known, 2, "engine", err, sizeof err), 0);
}
