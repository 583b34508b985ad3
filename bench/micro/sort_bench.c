/*
 * sort_bench.c -- the temp-table sort engine (src/core/sort.c) against
 * qsort() in the same run.
 *
 * Per sort: NREC random 16-byte keys with 32-byte payloads are inserted
 * into a fresh sort, then one forward scan reads every record and touches
 * every payload byte, then the sort is closed (timed: insert + end of
 * insertion + scan + close). The baseline sorts an equivalent array of
 * 48-byte records (key, payload) with qsort() and memcmp on the key
 * (timed: the qsort call only; filling the array is not counted). Both
 * engine modes are measured: the forward-only stream (JET_bitTTForwardOnly,
 * duplicates kept) and the materialized set (seekable, deduplicated).
 *
 * Each configuration runs at 1 and 2 threads; with 2, each thread has its
 * own sort (or its own array) on its own copy of the input and both start
 * together at a barrier; the time of a run is the slowest thread's. Each
 * configuration runs RUNS times; the median is printed with records/s
 * (all threads' records over that time) and the ratio to qsort's median
 * at the same thread count (goal: <= 2).
 *
 * usage: sort_bench [NREC=1000000] [RUNS=5]
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/sort.h"

#define KEYLEN 16
#define DATALEN 32
#define RECLEN (KEYLEN + DATALEN)
#define MAX_THREADS 2
#define MAX_RUNS 31

enum kind { K_FORWARD, K_MATERIALIZED, K_QSORT };
static const char *const kind_name[] = {"engine forward-only", "engine materialized", "qsort 48-byte"};

static size_t g_nrec = 1000000;
static pthread_barrier_t g_barrier;

/* Per-thread input and result; each on its own cache lines. */
struct worker {
    _Alignas(64) uint8_t *input; /* [owner] NREC records of RECLEN bytes */
    uint8_t *array;              /* [owner] qsort's working copy */
    enum kind kind;              /* [owner] set by main before the barrier */
    double seconds;              /* [owner] written by the worker, read after join */
    uint64_t checksum;           /* [owner] keeps the scan from being elided */
    int err;                     /* [owner] first engine error, 0 if none */
};

/* now_s -- monotonic seconds. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* key_cmp -- qsort's comparator: memcmp on the 16-byte key. */
static int key_cmp(const void *a, const void *b) { return memcmp(a, b, KEYLEN); }

/* run_engine -- insert everything, scan everything, close. */
static void run_engine(struct worker *w, uint32_t flags)
{
    struct oe_sort *s;
    JET_ERR err = oe_sort_open(flags, &s);
    if (err < 0) {
        w->err = err;
        return;
    }
    for (size_t i = 0; i < g_nrec; i++) {
        const uint8_t *r = w->input + i * RECLEN;
        err = oe_sort_insert(s, r, KEYLEN, r + KEYLEN, DATALEN);
        if (err < 0) {
            w->err = err;
            oe_sort_close(s);
            return;
        }
    }
    uint64_t sum = 0, n = 0;
    for (err = oe_sort_move(s, JET_MoveFirst); err >= 0; err = oe_sort_move(s, JET_MoveNext)) {
        const uint8_t *pd;
        uint32_t cd;
        oe_sort_current(s, NULL, NULL, &pd, &cd);
        uint64_t x;
        for (uint32_t j = 0; j < cd; j += 8) { /* touch every payload byte */
            memcpy(&x, pd + j, 8);
            sum += x;
        }
        n++;
    }
    if (err != JET_errNoCurrentRecord)
        w->err = err;
    w->checksum = sum + n;
    oe_sort_close(s);
}

/* worker_main -- one timed run of w->kind, started by the barrier. */
static void *worker_main(void *arg)
{
    struct worker *w = arg;
    if (w->kind == K_QSORT)
        memcpy(w->array, w->input, g_nrec * RECLEN);
    pthread_barrier_wait(&g_barrier);
    double t0 = now_s();
    switch (w->kind) {
    case K_FORWARD:
        run_engine(w, 0);
        break;
    case K_MATERIALIZED:
        run_engine(w, OE_SORT_MATERIALIZE);
        break;
    case K_QSORT:
        qsort(w->array, g_nrec, RECLEN, key_cmp);
        w->checksum = w->array[0];
        break;
    }
    w->seconds = now_s() - t0;
    return NULL;
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* run_config -- RUNS runs of kind at nthreads; the median slowest-thread time. */
static double run_config(struct worker *ws, int nthreads, enum kind kind, int runs)
{
    double t[MAX_RUNS];
    for (int r = 0; r < runs; r++) {
        pthread_t th[MAX_THREADS];
        pthread_barrier_init(&g_barrier, NULL, (unsigned)nthreads);
        for (int i = 0; i < nthreads; i++) {
            ws[i].kind = kind;
            pthread_create(&th[i], NULL, worker_main, &ws[i]);
        }
        t[r] = 0;
        for (int i = 0; i < nthreads; i++) {
            pthread_join(th[i], NULL);
            if (ws[i].err != 0) {
                fprintf(stderr, "engine error %d\n", ws[i].err);
                exit(1);
            }
            if (ws[i].seconds > t[r])
                t[r] = ws[i].seconds;
        }
        pthread_barrier_destroy(&g_barrier);
    }
    qsort(t, (size_t)runs, sizeof(t[0]), dbl_cmp);
    return t[runs / 2];
}

int main(int argc, char **argv)
{
    if (argc > 1)
        g_nrec = strtoull(argv[1], NULL, 10);
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    if (g_nrec == 0 || runs < 1 || runs > MAX_RUNS) {
        fprintf(stderr, "usage: sort_bench [NREC] [RUNS<=%d]\n", MAX_RUNS);
        return 2;
    }
    struct worker ws[MAX_THREADS];
    memset(ws, 0, sizeof(ws));
    for (int i = 0; i < MAX_THREADS; i++) {
        ws[i].input = malloc(g_nrec * RECLEN);
        ws[i].array = malloc(g_nrec * RECLEN);
        if (ws[i].input == NULL || ws[i].array == NULL)
            return 1;
        uint64_t x = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1);
        for (size_t j = 0; j < g_nrec * RECLEN; j += 8) { /* splitmix64 bytes */
            uint64_t z = (x += 0x9e3779b97f4a7c15ull);
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
            z ^= z >> 31;
            memcpy(ws[i].input + j, &z, 8);
        }
    }
    printf("sort_bench: %zu records (%d-byte key, %d-byte payload), median of %d runs\n",
           g_nrec, KEYLEN, DATALEN, runs);
    printf("%-7s %-22s %10s %12s %14s\n", "threads", "what", "ms", "Mrec/s", "x qsort time");
    for (int nt = 1; nt <= MAX_THREADS; nt++) {
        double tq = run_config(ws, nt, K_QSORT, runs);
        for (int k = K_FORWARD; k <= K_QSORT; k++) {
            double t = k == K_QSORT ? tq : run_config(ws, nt, (enum kind)k, runs);
            printf("%-7d %-22s %10.1f %12.2f %14.2f\n", nt, kind_name[k], t * 1e3,
                   (double)g_nrec * nt / t / 1e6, t / tq);
        }
    }
    for (int i = 0; i < MAX_THREADS; i++) {
        free(ws[i].input);
        free(ws[i].array);
    }
    return 0;
}
