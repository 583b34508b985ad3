/*
 * temp_bench.c -- temp tables through the public API (JetOpenTempTable,
 * JetPrepareUpdate / JetSetColumn / JetUpdate, JetMove / JetRetrieveColumn,
 * JetCloseTable) against qsort() in the same run.
 *
 * Per run and thread: one session opens a temp table with a 16-byte Binary
 * key column (JET_bitColumnTTKey) and a 32-byte Binary payload column,
 * inserts NREC random records (4 API calls each), then one forward scan
 * retrieves both columns of every row, then the table is closed (timed:
 * open + inserts + end of insertion + scan + close). The baseline sorts an
 * equivalent array of 48-byte records with qsort() and memcmp on the key
 * (timed: the qsort call only). Two table kinds: a forward-only stream
 * (JET_bitTTForwardOnly) and a scrollable materialized sort
 * (JET_bitTTScrollable, deduplicated).
 *
 * 1 and 2 threads, each with its own session (same instance) and its own
 * copy of the input, started together at a barrier; a run's time is the
 * slowest thread's; median of RUNS runs; records/s counts all threads.
 *
 * usage: temp_bench [NREC=1000000] [RUNS=5]
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "esent.h"

#define KEYLEN 16
#define DATALEN 32
#define RECLEN (KEYLEN + DATALEN)
#define MAX_THREADS 2
#define MAX_RUNS 31

enum kind { K_FORWARD, K_SCROLLABLE, K_QSORT };
static const char *const kind_name[] = {"temp table fwd-only", "temp table scrollable",
                                        "qsort 48-byte"};

static size_t g_nrec = 1000000;
static pthread_barrier_t g_barrier;
static JET_INSTANCE g_inst;

/* Per-thread input and result; each on its own cache lines. */
struct worker {
    _Alignas(64) uint8_t *input; /* [owner] NREC records of RECLEN bytes */
    uint8_t *array;              /* [owner] qsort's working copy */
    JET_SESID ses;               /* [owner] this thread's session */
    enum kind kind;              /* [owner] set by main before the barrier */
    double seconds;              /* [owner] written by the worker, read after join */
    uint64_t checksum;           /* [owner] keeps the scan from being elided */
    uint64_t rows;               /* [owner] rows the scan saw */
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

/* run_engine -- open, insert everything, scan everything, close. */
static void run_engine(struct worker *w, JET_GRBIT grbit)
{
    JET_COLUMNDEF cd[2] = {{sizeof(JET_COLUMNDEF), 0, JET_coltypBinary, 0, 0, 0, 0, KEYLEN,
                            JET_bitColumnTTKey},
                           {sizeof(JET_COLUMNDEF), 0, JET_coltypBinary, 0, 0, 0, 0, DATALEN, 0}};
    JET_COLUMNID ids[2];
    JET_TABLEID t;
    JET_SESID s = w->ses;
    JET_ERR err = JetOpenTempTable(s, cd, 2, grbit, &t, ids);
    if (err < 0) {
        w->err = err;
        return;
    }
    for (size_t i = 0; i < g_nrec && err >= 0; i++) {
        const uint8_t *r = w->input + i * RECLEN;
        if ((err = JetPrepareUpdate(s, t, JET_prepInsert)) >= 0 &&
            (err = JetSetColumn(s, t, ids[0], r, KEYLEN, 0, NULL)) >= 0 &&
            (err = JetSetColumn(s, t, ids[1], r + KEYLEN, DATALEN, 0, NULL)) >= 0)
            err = JetUpdate(s, t, NULL, 0, NULL);
    }
    if (err < 0) {
        w->err = err;
        JetCloseTable(s, t);
        return;
    }
    uint64_t sum = 0, n = 0;
    uint8_t key[KEYLEN], data[DATALEN];
    for (err = JetMove(s, t, JET_MoveFirst, 0); err >= 0; err = JetMove(s, t, JET_MoveNext, 0)) {
        uint32_t ck, cd2;
        JetRetrieveColumn(s, t, ids[0], key, KEYLEN, &ck, 0, NULL);
        JetRetrieveColumn(s, t, ids[1], data, DATALEN, &cd2, 0, NULL);
        uint64_t x;
        for (uint32_t j = 0; j < DATALEN; j += 8) { /* touch every payload byte */
            memcpy(&x, data + j, 8);
            sum += x;
        }
        sum += key[0];
        n++;
    }
    if (err != JET_errNoCurrentRecord)
        w->err = err;
    w->checksum = sum + n;
    w->rows = n;
    JetCloseTable(s, t);
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
        run_engine(w, JET_bitTTForwardOnly);
        break;
    case K_SCROLLABLE:
        run_engine(w, JET_bitTTScrollable);
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
        fprintf(stderr, "usage: temp_bench [NREC] [RUNS<=%d]\n", MAX_RUNS);
        return 2;
    }
    struct worker ws[MAX_THREADS];
    memset(ws, 0, sizeof(ws));
    if (JetCreateInstance(&g_inst, "temp_bench") < 0 ||
        JetSetSystemParameter(&g_inst, 0, JET_paramMaxTemporaryTables, 16, NULL) < 0 ||
        JetInit(&g_inst) < 0)
        return 1;
    for (int i = 0; i < MAX_THREADS; i++) {
        ws[i].input = malloc(g_nrec * RECLEN);
        ws[i].array = malloc(g_nrec * RECLEN);
        if (ws[i].input == NULL || ws[i].array == NULL ||
            JetBeginSession(g_inst, &ws[i].ses, NULL, NULL) < 0)
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
    printf("temp_bench: %zu records (%d-byte key, %d-byte payload), median of %d runs\n",
           g_nrec, KEYLEN, DATALEN, runs);
    printf("%-7s %-24s %10s %12s %14s\n", "threads", "what", "ms", "Mrec/s", "x qsort time");
    for (int nt = 1; nt <= MAX_THREADS; nt++) {
        double tq = run_config(ws, nt, K_QSORT, runs);
        for (int k = K_FORWARD; k <= K_QSORT; k++) {
            double t = k == K_QSORT ? tq : run_config(ws, nt, (enum kind)k, runs);
            printf("%-7d %-24s %10.1f %12.2f %14.2f\n", nt, kind_name[k], t * 1e3,
                   (double)g_nrec * nt / t / 1e6, t / tq);
        }
    }
    for (int i = 0; i < MAX_THREADS; i++) {
        JetEndSession(ws[i].ses, 0);
        free(ws[i].input);
        free(ws[i].array);
    }
    JetTerm(g_inst);
    return 0;
}
