/*
 * bench_args.c -- strict parsing of openese-bench's options (bench_args.h).
 *
 * Hand-written instead of getopt_long: getopt keeps global state and prints
 * its own messages, while the unit tests parse many command lines in one
 * process and compare the messages. Numbers go through strtod/strtoull with
 * end-pointer checks, so "2x", "" and "1e400" are rejected.
 */
#include "bench_args.h"
#include "bench_row.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* fail -- format the message into err and return -1. */
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* split_list -- copy s into the args' buffer and split it at commas into
 * out[]; rejects empty items, duplicates and lists longer than the array. */
static int split_list(struct bench_args *a, size_t *used, const char *opt, const char *s,
                      const char **out, int *nout, char *err, size_t errlen)
{
    size_t len = strlen(s);
    char *p;

    if (len == 0)
        return fail(err, errlen, "%s: empty list", opt);
    if (*used + len + 1 > sizeof a->listbuf)
        return fail(err, errlen, "%s: list too long", opt);
    p = memcpy(a->listbuf + *used, s, len + 1);
    *used += len + 1;
    *nout = 0;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (*p == '\0')
            return fail(err, errlen, "%s: empty item in '%s'", opt, s);
        for (int i = 0; i < *nout; i++)
            if (strcmp(out[i], p) == 0)
                return fail(err, errlen, "%s: '%s' given twice", opt, p);
        if (*nout == BENCH_MAX_LIST)
            return fail(err, errlen, "%s: more than %d items", opt, BENCH_MAX_LIST);
        out[(*nout)++] = p;
        if (!comma)
            return 0;
        p = comma + 1;
    }
}

/* parse_u64 -- a decimal integer in [lo, hi], nothing else in the string. */
static int parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi, uint64_t *out,
                     char *err, size_t errlen)
{
    char *end;
    unsigned long long v;

    if (*s < '0' || *s > '9')
        return fail(err, errlen, "%s: '%s' is not a positive integer", opt, s);
    errno = 0;
    v = strtoull(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return fail(err, errlen, "%s: '%s' is not a positive integer", opt, s);
    if (v < lo || v > hi)
        return fail(err, errlen, "%s: %s is out of range [%llu, %llu]", opt, s,
                    (unsigned long long)lo, (unsigned long long)hi);
    *out = v;
    return 0;
}

/* parse_threads -- a list of distinct thread counts in [1, BENCH_MAX_THREADS]. */
static int parse_threads(struct bench_args *a, size_t *used, const char *s, char *err,
                         size_t errlen)
{
    const char *items[BENCH_MAX_LIST];
    int n;

    if (split_list(a, used, "--threads", s, items, &n, err, errlen))
        return -1;
    for (int i = 0; i < n; i++) {
        uint64_t v;
        if (parse_u64("--threads", items[i], 1, BENCH_MAX_THREADS, &v, err, errlen))
            return -1;
        a->threads[i] = (int)v;
    }
    a->nthreads = n;
    return 0;
}

/* parse_seconds -- a finite decimal number in (0, BENCH_MAX_SECONDS], or
 * in [0, BENCH_MAX_SECONDS] when zero_ok. */
static int parse_seconds(const char *opt, const char *s, bool zero_ok, double *out, char *err,
                         size_t errlen)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v))
        return fail(err, errlen, "%s: '%s' is not a number", opt, s);
    if (!(v > 0.0 || (zero_ok && v == 0.0)) || v > BENCH_MAX_SECONDS)
        return fail(err, errlen, "%s: %s is out of range %s0, %g]", opt, s, zero_ok ? "[" : "(",
                    BENCH_MAX_SECONDS);
    *out = v;
    return 0;
}

/* set_defaults -- the default run: all workloads and engines, 1,2,8 threads. */
static void set_defaults(struct bench_args *a)
{
    memset(a, 0, sizeof *a);
    a->threads[0] = 1;
    a->threads[1] = 2;
    a->threads[2] = 8;
    a->nthreads = 3;
    a->seconds = BENCH_DEFAULT_SECONDS;
    a->warmup = BENCH_DEFAULT_WARMUP;
    a->runs = BENCH_DEFAULT_RUNS;
    a->records = BENCH_DEFAULT_RECORDS;
}

static const char *const options[] = {"--workloads", "--engines", "--threads", "--seconds",
                                      "--warmup",    "--runs",    "--records", "--csv",
                                      "--json",      "--chart"};

/* apply -- store one option's value. */
static int apply(struct bench_args *a, size_t *used, const char *opt, const char *val, char *err,
                 size_t errlen)
{
    uint64_t v;

    if (strcmp(opt, "--workloads") == 0)
        return split_list(a, used, opt, val, a->workloads, &a->nworkloads, err, errlen);
    if (strcmp(opt, "--engines") == 0)
        return split_list(a, used, opt, val, a->engines, &a->nengines, err, errlen);
    if (strcmp(opt, "--threads") == 0)
        return parse_threads(a, used, val, err, errlen);
    if (strcmp(opt, "--seconds") == 0)
        return parse_seconds(opt, val, false, &a->seconds, err, errlen);
    if (strcmp(opt, "--warmup") == 0)
        return parse_seconds(opt, val, true, &a->warmup, err, errlen);
    if (strcmp(opt, "--runs") == 0) {
        if (parse_u64(opt, val, 1, BENCH_MAX_RUNS, &v, err, errlen))
            return -1;
        a->runs = (int)v;
        return 0;
    }
    if (strcmp(opt, "--records") == 0)
        return parse_u64(opt, val, 1, BENCH_MAX_RECORDS, &a->records, err, errlen);
    if (*val == '\0')
        return fail(err, errlen, "%s: empty file name", opt);
    if (strcmp(opt, "--csv") == 0)
        a->csv = val;
    else if (strcmp(opt, "--json") == 0)
        a->json = val;
    else
        a->chart = val;
    return 0;
}

/* bench_args_parse -- walk argv; "--opt value" and "--opt=value" forms. */
int bench_args_parse(int argc, char **argv, struct bench_args *a, char *err, size_t errlen)
{
    size_t used = 0;

    set_defaults(a);
    err[0] = '\0';
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *eq = strchr(arg, '=');
        size_t namelen = eq ? (size_t)(eq - arg) : strlen(arg);
        const char *opt = NULL;
        const char *val;

        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            a->help = true;
            continue;
        }
        for (size_t k = 0; k < sizeof options / sizeof options[0]; k++)
            if (strlen(options[k]) == namelen && strncmp(arg, options[k], namelen) == 0)
                opt = options[k];
        if (!opt)
            return fail(err, errlen, "unknown argument '%s' (try --help)", arg);
        if (eq) {
            val = eq + 1;
        } else {
            if (i + 1 >= argc)
                return fail(err, errlen, "%s needs a value", opt);
            val = argv[++i];
        }
        if (apply(a, &used, opt, val, err, errlen))
            return -1;
    }
    return 0;
}

/* bench_args_check_names -- membership test with a helpful message. */
int bench_args_check_names(const char *const *names, int n, const char *const *known, int nknown,
                           const char *kind, char *err, size_t errlen)
{
    for (int i = 0; i < n; i++) {
        bool found = false;
        for (int k = 0; k < nknown && !found; k++)
            found = strcmp(names[i], known[k]) == 0;
        if (!found) {
            size_t off = (size_t)snprintf(err, errlen, "unknown %s '%s' (known:", kind, names[i]);
            for (int k = 0; k < nknown && off < errlen; k++)
                off += (size_t)snprintf(err + off, errlen - off, " %s", known[k]);
            if (off < errlen)
                snprintf(err + off, errlen - off, ")");
            return -1;
        }
    }
    return 0;
}

#define BENCH_STR_(x) #x
#define BENCH_STR(x) BENCH_STR_(x)

/* bench_args_usage -- kept next to the parser so they change together. */
const char *bench_args_usage(void)
{
    return "usage: openese-bench [options]\n"
           "Runs each workload on openese and its peers (WiredTiger, LMDB) in the same\n"
           "process, interleaving the engines run by run, and prints per workload:\n"
           "engine, threads, ops/s (median of the runs), ns/op per thread, ratio and scaling.\n"
           "\n"
           "  --workloads a,b    workloads to run (default: all; see the list below)\n"
           "  --engines e,f      engine families: openese, wiredtiger, lmdb (default: all built)\n"
           "  --threads 1,2,8    thread counts (default 1,2,8; each 1..1024)\n"
           "  --seconds S        measured seconds per run (default " BENCH_STR(BENCH_DEFAULT_SECONDS) ")\n"
           "  --warmup S         unmeasured seconds at the start of each run, after the\n"
           "                     threads are set up (default " BENCH_STR(BENCH_DEFAULT_WARMUP) "; 0: none)\n"
           "  --runs N           runs per cell, the median is reported (default " BENCH_STR(BENCH_DEFAULT_RUNS) ", max 99)\n"
           "  --records N        records for data workloads (default 100000)\n"
           "  --csv FILE         write every run and the medians as CSV\n"
           "  --json FILE        the same as JSON\n"
           "  --chart FILE.png   ops/s vs threads, one panel per workload (needs gnuplot)\n"
           "  --help             this text\n"
           "\n"
           "ratio: for openese, its ops/s / the best peer row's at the same thread count\n"
           "(> 1 = openese faster; 'vs' names that row); for a peer, its ops/s / openese's.\n"
           "scaling: aggregate ops/s at T threads / at 1 thread (same row).\n"
           "Exit status: 0 ok, 1 an engine call failed (the row shows the error), 2 bad arguments.\n";
}
