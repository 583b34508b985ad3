/*
 * omap_bench.c -- the ordered-map shape benchmark behind src/sync/omap.h's
 * choice: the lock-free skiplist (oe_omap) against the B+tree with
 * optimistic lock coupling sketched in btree_olc.c.
 *
 * Workloads, each at 1 and 2 threads, on NKEYS random 16-byte keys:
 *   insert   NKEYS keys into an empty map, split evenly between threads
 *   append   NKEYS ascending keys into an empty map, split evenly, thread t
 *            appending at the end of its own range (first byte t, then a
 *            big-endian counter): autoincrement's pattern, where a stale
 *            fence once made each insert O(n) (omap.c, BOUND)
 *   lookup   point lookups of random present keys for SECONDS
 *   scan     seek GE a random key, then visit 100 entries, for SECONDS
 *   pscan    (skiplist only) as scan, but every step in its own read-side
 *            section, as the engine's JetMove does: park (pin), unlock,
 *            lock, next -- the next starts from the pin (omap.h, PIN
 *            PROTOCOL; before pins it was a seek GT of the saved key)
 * Prints total ops/s and ns per op per thread. Threads start together on
 * a go flag and stop on a stop flag (release by main, acquire by workers);
 * per-thread counters sit on their own cache lines.
 *
 * usage: omap_bench [NKEYS=1000000] [SECONDS=1.0]
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "btree_olc.h"
#include "sync/alloc.h"
#include "sync/annotate.h"
#include "sync/omap.h"
#include "sync/rcu.h"

#define KEYLEN 16
#define SCAN_LEN 100
#define MAX_THREADS 2

enum shape { SKIPLIST, BTREE };
enum workload { W_INSERT, W_APPEND, W_LOOKUP, W_SCAN, W_PSCAN };

static size_t g_nkeys = 1000000;
static double g_seconds = 1.0;
static unsigned char *g_keys;         /* [imm] after main's setup */
static struct oe_omap *g_omap;        /* [imm] during a run */
static struct bt_tree *g_bt;          /* [imm] during a run */
static atomic_int g_go, g_stop;       /* [atomic acq/rel] main's release, workers' acquire */

struct worker {
    OE_CACHE_ALIGNED uint64_t ops;    /* [owner] read by main after join */
    uint64_t check;                   /* [owner] sum of values seen, defeats dead-code elimination */
    int id, nthreads;
    enum shape shape;
    enum workload wl;
    pthread_t tid;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static const unsigned char *key_at(size_t i)
{
    return g_keys + i * KEYLEN;
}

static void die(const char *what)
{
    fprintf(stderr, "omap_bench: %s\n", what);
    exit(1);
}

static void run_insert(struct worker *w)
{
    size_t per = g_nkeys / (size_t)w->nthreads;
    size_t lo = per * (size_t)w->id, hi = w->id == w->nthreads - 1 ? g_nkeys : lo + per;
    for (size_t i = lo; i < hi; i++) {
        void *v = (void *)(uintptr_t)(i + 1);
        int rc = w->shape == SKIPLIST ? (int)oe_omap_insert(g_omap, key_at(i), KEYLEN, v, NULL)
                                      : bt_insert(g_bt, key_at(i), v);
        if (rc < 0)
            die("insert failed");
    }
    w->ops = hi - lo;
}

/* run_append -- this thread's share of NKEYS ascending keys (W_APPEND). */
static void run_append(struct worker *w)
{
    size_t per = g_nkeys / (size_t)w->nthreads;
    unsigned char key[KEYLEN] = {(unsigned char)w->id};
    for (size_t i = 0; i < per; i++) {
        for (int b = 0; b < 8; b++)
            key[1 + b] = (unsigned char)(i >> (56 - 8 * b));
        void *v = (void *)(uintptr_t)(i + 1);
        int rc = w->shape == SKIPLIST ? (int)oe_omap_insert(g_omap, key, KEYLEN, v, NULL)
                                      : bt_insert(g_bt, key, v);
        if (rc < 0)
            die("append failed");
    }
    w->ops = per;
}

static void run_lookup(struct worker *w, uint64_t seed)
{
    uint64_t ops = 0, sum = 0;
    /* acquire: pairs with main's release store of g_stop */
    while (!atomic_load_explicit(&g_stop, memory_order_acquire)) {
        for (int b = 0; b < 256; b++) {
            size_t i = splitmix(&seed) % g_nkeys;
            void *v;
            if (w->shape == SKIPLIST) {
                oe_rcu_read_lock();
                struct oe_omap_entry *e = oe_omap_lookup(g_omap, key_at(i), KEYLEN);
                v = e ? atomic_load_explicit(oe_omap_value_slot(e), memory_order_acquire) : NULL;
                oe_rcu_read_unlock();
            } else {
                v = bt_lookup(g_bt, key_at(i));
            }
            if ((uintptr_t)v != i + 1)
                die("lookup returned a wrong value");
            sum += (uintptr_t)v;
        }
        ops += 256;
    }
    w->ops = ops;
    w->check = sum;
}

/* run_scan -- seek + SCAN_LEN entries; `parked`: a section per step. */
static void run_scan(struct worker *w, uint64_t seed, int parked)
{
    uint64_t ops = 0, sum = 0;
    struct oe_omap_cursor *c = malloc(sizeof(*c));
    if (!c)
        die("out of memory");
    oe_omap_cursor_init(c, g_omap);
    while (!atomic_load_explicit(&g_stop, memory_order_acquire)) {
        for (int b = 0; b < 16; b++) {
            const unsigned char *k = key_at(splitmix(&seed) % g_nkeys);
            size_t got = 0;
            if (w->shape == SKIPLIST) {
                oe_rcu_read_lock();
                for (struct oe_omap_entry *e = oe_omap_cursor_seek(c, k, KEYLEN, OE_OMAP_GE);
                     e && got < SCAN_LEN; got++) {
                    sum += (uintptr_t)atomic_load_explicit(oe_omap_value_slot(e),
                                                           memory_order_relaxed);
                    if (got + 1 < SCAN_LEN) {
                        if (parked) {
                            oe_omap_cursor_park(c);
                            oe_rcu_read_unlock();
                            oe_rcu_read_lock();
                        }
                        e = oe_omap_cursor_next(c);
                    }
                }
                oe_omap_cursor_park(c);
                oe_rcu_read_unlock();
            } else {
                got = bt_scan(g_bt, k, SCAN_LEN, &sum);
            }
            (void)got;
        }
        ops += 16;
    }
    oe_omap_cursor_release(c); /* park pinned an entry */
    free(c);
    w->ops = ops;
    w->check = sum;
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    uint64_t seed = 0x5EED0000ull + (uint64_t)w->id * 7919 + (uint64_t)w->wl;
    /* acquire: pairs with main's release store of g_go */
    while (!atomic_load_explicit(&g_go, memory_order_acquire))
        __builtin_ia32_pause();
    switch (w->wl) {
    case W_INSERT:
        run_insert(w);
        break;
    case W_APPEND:
        run_append(w);
        break;
    case W_LOOKUP:
        run_lookup(w, seed);
        break;
    case W_SCAN:
    case W_PSCAN:
        run_scan(w, seed, w->wl == W_PSCAN);
        break;
    }
    return NULL;
}

/* measure -- run one workload on nthreads; returns elapsed seconds and the
 * total operation count in *opsp. */
static double measure(enum shape shape, enum workload wl, int nthreads, uint64_t *opsp)
{
    struct worker ws[MAX_THREADS];
    memset(ws, 0, sizeof(ws));
    atomic_store_explicit(&g_go, 0, memory_order_relaxed);
    atomic_store_explicit(&g_stop, 0, memory_order_relaxed);
    for (int t = 0; t < nthreads; t++) {
        ws[t].id = t;
        ws[t].nthreads = nthreads;
        ws[t].shape = shape;
        ws[t].wl = wl;
        if (pthread_create(&ws[t].tid, NULL, worker_main, &ws[t]))
            die("pthread_create");
    }
    double t0 = now();
    atomic_store_explicit(&g_go, 1, memory_order_release); /* pairs: worker_main */
    if (wl != W_INSERT && wl != W_APPEND) {
        struct timespec ts = {(time_t)g_seconds,
                              (long)((g_seconds - (double)(time_t)g_seconds) * 1e9)};
        nanosleep(&ts, NULL);
        atomic_store_explicit(&g_stop, 1, memory_order_release); /* pairs: run_* */
    }
    uint64_t ops = 0;
    for (int t = 0; t < nthreads; t++) {
        pthread_join(ws[t].tid, NULL);
        ops += ws[t].ops;
    }
    double el = now() - t0;
    *opsp = ops;
    return el;
}

/* shape_open / shape_close -- an empty map of the shape, and its end. */
static void shape_open(enum shape shape)
{
    if (shape == SKIPLIST && oe_omap_create(&g_omap) != JET_errSuccess)
        die("oe_omap_create");
    if (shape == BTREE && !(g_bt = bt_create()))
        die("bt_create");
}

static void shape_close(enum shape shape)
{
    if (shape == SKIPLIST) {
        oe_omap_destroy(g_omap);
        oe_rcu_barrier();
    } else {
        bt_destroy(g_bt);
    }
}

static void report(const char *shape, const char *wl, int nthreads, uint64_t ops, double el)
{
    printf("%-9s %-7s %dT  %12.0f ops/s  %8.1f ns/op/thread\n", shape, wl, nthreads,
           (double)ops / el, el * 1e9 * nthreads / (double)ops);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        g_nkeys = strtoull(argv[1], NULL, 10);
    if (argc > 2)
        g_seconds = strtod(argv[2], NULL);
    if (g_nkeys < 1000 || g_seconds <= 0)
        die("usage: omap_bench [NKEYS>=1000] [SECONDS>0]");
    g_keys = malloc(g_nkeys * KEYLEN);
    if (!g_keys)
        die("out of memory");
    uint64_t s = 42;
    for (size_t i = 0; i < g_nkeys * KEYLEN; i += 8) {
        uint64_t r = splitmix(&s);
        memcpy(g_keys + i, &r, 8);
    }
    printf("omap_bench: %zu random %d-byte keys, %.2f s per timed run, scan = seek + %d entries\n",
           g_nkeys, KEYLEN, g_seconds, SCAN_LEN);
    const char *names[] = {"skiplist", "btree-olc"};
    for (int shape = SKIPLIST; shape <= BTREE; shape++) {
        for (int nt = 1; nt <= MAX_THREADS; nt++) {
            shape_open((enum shape)shape);
            uint64_t ops;
            double el = measure((enum shape)shape, W_INSERT, nt, &ops);
            report(names[shape], "insert", nt, ops, el);
            el = measure((enum shape)shape, W_LOOKUP, nt, &ops);
            report(names[shape], "lookup", nt, ops, el);
            el = measure((enum shape)shape, W_SCAN, nt, &ops);
            report(names[shape], "scan100", nt, ops, el);
            if (shape == SKIPLIST) {
                el = measure((enum shape)shape, W_PSCAN, nt, &ops);
                report(names[shape], "pscan100", nt, ops, el);
            }
            shape_close((enum shape)shape);
            shape_open((enum shape)shape); /* append starts from an empty map */
            el = measure((enum shape)shape, W_APPEND, nt, &ops);
            report(names[shape], "append", nt, ops, el);
            shape_close((enum shape)shape);
        }
    }
    free(g_keys);
    return 0;
}
