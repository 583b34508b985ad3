/*
 * omap_concurrent.c -- concurrency torture for the lock-free ordered map.
 *
 * One map, seven threads for a fixed wall time: an inserter, a deleter (by
 * key), a mixed writer (insert, delete_if, or lookup + delete_entry), a
 * seeker, two scanners (forward with cursor next, backward with cursor
 * prev) and a pinner, all on a small key space so that they collide
 * constantly. Cursors park (and so pin their node) every few steps: the
 * pinned node is deleted, unlinked and its other shares dropped by the
 * writers while the pin holds it, and the pin's release -- on another
 * thread -- is then what queues its free; TSan checks those frees against
 * every read of the node. The deleter's and the
 * delete_if calls take the one-descent path (the pre-mark search's links
 * swung directly, with a search as fallback when a swing loses a race);
 * delete_entry takes the mark-then-search path. The inserter inserts with
 * hints half the time and holds up to HINTS of them, as transactions hold
 * their inserts: later it undoes one (oe_omap_delete_hinted: the insert's
 * own links swung, a search when they moved -- and nothing at all when
 * another writer deleted the key meanwhile, even if it was re-inserted)
 * or drops it (the commit). Keys i % 4 == 0 are
 * "stable": inserted before the threads start and never deleted.
 *
 * Checks (each worker records failures in its own result; the test thread
 * asserts after joining):
 *  - a scan never sees a key twice or out of order, and sees every stable
 *    key (they were live throughout the scan);
 *  - a seek's answer satisfies its relation and no stable key lies between
 *    the probe and the answer;
 *  - the pinner, in a later section than the one that parked the cursor on
 *    key i: current() is NULL or key i itself (never another key, even
 *    after i was deleted and re-inserted); reseek GE and next answer above
 *    or at i and skip no stable key;
 *  - no block leaks: with the pinner's last cursor released only after
 *    oe_omap_destroy (destroy leaves pinned nodes to their pins);
 *  - at the end, per key, successful inserts minus successful deletes
 *    (summed over the writers) is 0 or 1, and the map holds exactly the
 *    keys where it is 1, with an exact count.
 * The map has a fence (omap.c, FENCE: fence_min lowered to 64), rebuilt
 * again and again as the writers delete its nodes and move the count, so
 * descents start from sampled nodes that are being deleted, and replaced
 * fences release their pins from RCU callbacks while readers use them;
 * the test checks that more than one fence was built.
 * Run under ThreadSanitizer in CI (tests/stress), where it also proves the
 * memory orders and the RCU reclamation race-free.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sync/alloc.h"
#include "sync/omap.h"
#include "sync/rcu.h"

#define NKEYS 2048
#define RUN_MS 3000
#define NTHREADS 7

enum role { INSERTER, DELETER, MIXED, SEEKER, SCAN_FWD, SCAN_BWD, PINNER };

struct result {
    int failures;
    char first[200];
    uint64_t ops;
    int32_t ins[NKEYS]; /* successful inserts per key (writers) */
    int32_t del[NKEYS]; /* successful deletes per key (writers) */
};

#define HINTS 8

struct held_hint {
    struct oe_omap_hint h;
    uint32_t key;
};

struct worker {
    pthread_t tid;
    struct held_hint hints[HINTS]; /* the inserter's: h.node NULL when free */
    enum role role;
    uint64_t seed;
    struct result res;
    struct oe_omap_cursor cur; /* the pinner's cursor: left parked at the end */
};

static struct oe_omap *g_map;
static atomic_int g_stop; /* release by the test thread, acquire by the workers */

/* encode -- key i as 4 big-endian bytes, plus a suffix of i % 3 bytes so
 * that lengths vary and memcmp order matches numeric order. */
static size_t encode(uint32_t i, unsigned char *k)
{
    k[0] = (unsigned char)(i >> 24);
    k[1] = (unsigned char)(i >> 16);
    k[2] = (unsigned char)(i >> 8);
    k[3] = (unsigned char)i;
    size_t extra = i % 3;
    memset(k + 4, 0x5A, extra);
    return 4 + extra;
}

static uint32_t decode(struct oe_omap_entry *e)
{
    size_t len;
    const unsigned char *k = oe_omap_entry_key(e, &len);
    return (uint32_t)k[0] << 24 | (uint32_t)k[1] << 16 | (uint32_t)k[2] << 8 | k[3];
}

static uint64_t rnd(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void fail(struct result *r, const char *msg, uint32_t a, uint32_t b)
{
    if (r->failures++ == 0)
        snprintf(r->first, sizeof(r->first), "%s (%u, %u)", msg, a, b);
}

/* churn_key -- a random non-stable key */
static uint32_t churn_key(uint64_t *s)
{
    uint32_t i = (uint32_t)(rnd(s) % NKEYS);
    return i % 4 == 0 ? i + 1 : i;
}

/* do_hinted -- the inserter's transaction-like half: undo or drop a held
 * hint, or insert with a new one. */
static void do_hinted(struct worker *w, uint32_t i, const unsigned char *k, size_t len)
{
    struct held_hint *slot = &w->hints[rnd(&w->seed) % HINTS];
    if (slot->h.node) {
        if (rnd(&w->seed) & 1) {
            JET_ERR err = oe_omap_delete_hinted(g_map, &slot->h,
                                                (void *)(uintptr_t)(slot->key + 1));
            if (err == JET_errSuccess)
                w->res.del[slot->key]++;
            else if (err != OE_OMAP_ABSENT)
                fail(&w->res, "delete_hinted error", slot->key, (uint32_t)-err);
            if (slot->h.node)
                fail(&w->res, "delete_hinted kept its hint", slot->key, 0);
        } else {
            oe_omap_hint_drop(&slot->h);
        }
        return;
    }
    memset(&slot->h, 0, sizeof(slot->h));
    JET_ERR err = oe_omap_insert_hinted(g_map, k, len, (void *)(uintptr_t)(i + 1), NULL, &slot->h);
    if (err == JET_errSuccess) {
        w->res.ins[i]++;
        slot->key = i;
    } else if (err != OE_OMAP_EXISTS) {
        fail(&w->res, "insert_hinted error", i, (uint32_t)-err);
    }
}

static void do_writer(struct worker *w)
{
    unsigned char k[8];
    uint32_t i = churn_key(&w->seed);
    size_t len = encode(i, k);
    if (w->role == INSERTER && (rnd(&w->seed) & 1)) {
        do_hinted(w, i, k, len);
        return;
    }
    int insert = w->role == INSERTER ? 1 : w->role == DELETER ? 0 : (int)(rnd(&w->seed) & 1);
    if (insert) {
        JET_ERR err = oe_omap_insert(g_map, k, len, (void *)(uintptr_t)(i + 1), NULL);
        if (err == JET_errSuccess)
            w->res.ins[i]++;
        else if (err != OE_OMAP_EXISTS)
            fail(&w->res, "insert error", i, (uint32_t)-err);
    } else if (w->role == DELETER) {
        void *v;
        JET_ERR err = oe_omap_delete(g_map, k, len, &v);
        if (err == JET_errSuccess) {
            w->res.del[i]++;
            if (v != (void *)(uintptr_t)(i + 1))
                fail(&w->res, "deleted value mismatch", i, 0);
        } else if (err != OE_OMAP_ABSENT) {
            fail(&w->res, "delete error", i, (uint32_t)-err);
        }
    } else if (rnd(&w->seed) & 1) {
        /* delete_if: one descent; a wrong value must never delete. */
        JET_ERR err = oe_omap_delete_if(g_map, k, len, (void *)(uintptr_t)(i + 2));
        if (err != OE_OMAP_ABSENT)
            fail(&w->res, "delete_if deleted on a wrong value", i, (uint32_t)-err);
        err = oe_omap_delete_if(g_map, k, len, (void *)(uintptr_t)(i + 1));
        if (err == JET_errSuccess)
            w->res.del[i]++;
        else if (err != OE_OMAP_ABSENT)
            fail(&w->res, "delete_if error", i, (uint32_t)-err);
    } else {
        oe_rcu_read_lock();
        struct oe_omap_entry *e = oe_omap_lookup(g_map, k, len);
        if (e) {
            if (decode(e) != i)
                fail(&w->res, "lookup returned another key", i, decode(e));
            JET_ERR err = oe_omap_delete_entry(g_map, e);
            if (err == JET_errSuccess)
                w->res.del[i]++;
            else if (err != OE_OMAP_ABSENT)
                fail(&w->res, "delete_entry error", i, (uint32_t)-err);
        }
        oe_rcu_read_unlock();
    }
}

static void do_seek(struct worker *w)
{
    unsigned char k[8];
    uint32_t i = (uint32_t)(rnd(&w->seed) % NKEYS);
    size_t len = encode(i, k);
    enum oe_omap_rel rel = (enum oe_omap_rel)(rnd(&w->seed) % 5);
    oe_rcu_read_lock();
    struct oe_omap_entry *e = oe_omap_seek(g_map, k, len, rel);
    uint32_t got = e ? decode(e) : UINT32_MAX;
    uint32_t stable_ge = (i + 3) / 4 * 4, stable_le = i / 4 * 4;
    uint32_t stable_gt = i / 4 * 4 + 4;
    switch (rel) {
    case OE_OMAP_EQ:
        if (i % 4 == 0 && got != i)
            fail(&w->res, "EQ missed a stable key", i, got);
        if (e && got != i)
            fail(&w->res, "EQ returned another key", i, got);
        break;
    case OE_OMAP_GE:
    case OE_OMAP_GT: {
        uint32_t lo = rel == OE_OMAP_GE ? i : i + 1;
        uint32_t bound = rel == OE_OMAP_GE ? stable_ge : stable_gt;
        if (e && got < lo)
            fail(&w->res, "GE/GT answer below the probe", i, got);
        if (bound < NKEYS && (!e || got > bound))
            fail(&w->res, "GE/GT skipped a stable key", i, got);
        break;
    }
    case OE_OMAP_LE:
    case OE_OMAP_LT: {
        if (rel == OE_OMAP_LT && i == 0) {
            if (e)
                fail(&w->res, "LT 0 returned a key", i, got);
            break;
        }
        uint32_t hi = rel == OE_OMAP_LE ? i : i - 1;
        uint32_t bound = rel == OE_OMAP_LE ? stable_le : (i - 1) / 4 * 4;
        if (!e || got > hi || got < bound)
            fail(&w->res, "LE/LT answer out of range", i, got);
        break;
    }
    }
    oe_rcu_read_unlock();
}

/* do_scan -- one full pass; parks (pins) and leaves the read-side section
 * every 1..8 steps so that resuming from a pin, and re-finding by key when
 * the pinned node was deleted meanwhile, run under concurrent deletes. */
static void do_scan(struct worker *w)
{
    struct oe_omap_cursor c;
    int fwd = w->role == SCAN_FWD;
    uint32_t prev = fwd ? 0 : NKEYS, stable_next = fwd ? 0 : NKEYS - 4;
    int first = 1, steps = 0;
    oe_omap_cursor_init(&c, g_map);
    oe_rcu_read_lock();
    struct oe_omap_entry *e = fwd ? oe_omap_cursor_first(&c) : oe_omap_cursor_last(&c);
    while (e) {
        uint32_t k = decode(e);
        if (!first && (fwd ? k <= prev : k >= prev))
            fail(&w->res, fwd ? "forward scan out of order or repeated"
                              : "backward scan out of order or repeated",
                 prev, k);
        if (k % 4 == 0) {
            if (k != stable_next)
                fail(&w->res, "scan skipped a stable key", stable_next, k);
            stable_next = fwd ? k + 4 : k - 4;
        }
        prev = k;
        first = 0;
        if (++steps % (1 + (int)(rnd(&w->seed) % 8)) == 0) {
            oe_omap_cursor_park(&c);
            oe_rcu_read_unlock();
            oe_rcu_read_lock();
        }
        e = fwd ? oe_omap_cursor_next(&c) : oe_omap_cursor_prev(&c);
    }
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();
    oe_omap_cursor_release(&c);
    if (fwd ? stable_next != NKEYS : stable_next != (uint32_t)-4)
        fail(&w->res, "scan ended before the last stable key", stable_next, prev);
}

/* next_stable -- the first stable key > i (NKEYS if none). */
static uint32_t next_stable(uint32_t i)
{
    return i / 4 * 4 + 4;
}

/* do_pin -- park on a churned key (or a stable one), leave the section,
 * give the writers time to delete / re-insert it, then resume from the
 * pin in a new section and check what it answers. */
static void do_pin(struct worker *w)
{
    struct oe_omap_cursor *c = &w->cur;
    unsigned char k[8];
    uint32_t i = (uint32_t)(rnd(&w->seed) % NKEYS);
    size_t len = encode(i, k);
    oe_rcu_read_lock();
    struct oe_omap_entry *e = oe_omap_cursor_seek(c, k, len, OE_OMAP_GE);
    uint32_t at = e ? decode(e) : UINT32_MAX;
    oe_omap_cursor_park(c);
    oe_rcu_read_unlock();
    if (!e)
        return;
    for (int spin = (int)(rnd(&w->seed) % 200); spin > 0; spin--)
        atomic_signal_fence(memory_order_seq_cst); /* let the writers run */
    oe_rcu_read_lock();
    unsigned what = (unsigned)(rnd(&w->seed) % 3);
    if (what == 0) {
        struct oe_omap_entry *cur = oe_omap_cursor_current(c);
        if (cur && decode(cur) != at)
            fail(&w->res, "current from a pin returned another key", at, decode(cur));
        if (at % 4 == 0 && !cur)
            fail(&w->res, "current lost a stable key", at, 0);
        if (c->state != OE_OMAP_CUR_ON)
            fail(&w->res, "current moved the cursor", at, (uint32_t)c->state);
    } else {
        struct oe_omap_entry *n =
            what == 1 ? oe_omap_cursor_reseek(c, OE_OMAP_GE) : oe_omap_cursor_next(c);
        uint32_t got = n ? decode(n) : UINT32_MAX;
        uint32_t lo = what == 1 ? at : at + 1;
        uint32_t bound = what == 1 && at % 4 == 0 ? at : next_stable(at);
        if (n && got < lo)
            fail(&w->res, what == 1 ? "reseek GE below the pin" : "next from a pin went back",
                 at, got);
        if (bound < NKEYS && (!n || got > bound))
            fail(&w->res, "resume from a pin skipped a stable key", at, got);
    }
    oe_omap_cursor_park(c);
    oe_rcu_read_unlock();
    if (rnd(&w->seed) % 4 == 0)
        oe_omap_cursor_release(c); /* sometimes drop the pin between sections */
}

static void *worker_main(void *arg)
{
    struct worker *w = arg;
    /* acquire: pairs with the test thread's release store of g_stop */
    while (!atomic_load_explicit(&g_stop, memory_order_acquire)) {
        switch (w->role) {
        case INSERTER:
        case DELETER:
        case MIXED:
            do_writer(w);
            break;
        case SEEKER:
            do_seek(w);
            break;
        case SCAN_FWD:
        case SCAN_BWD:
            do_scan(w);
            break;
        case PINNER:
            do_pin(w);
            break;
        }
        w->res.ops++;
    }
    return NULL;
}

Test(omap_stress, concurrent_insert_delete_seek_scan, .timeout = 60)
{
    static struct worker workers[NTHREADS];
    unsigned char k[8];
    oe_rcu_barrier();
    int64_t live0 = oe_alloc_live_blocks();

    oe_omap_tune_fence(64, 256);
    cr_assert_eq(oe_omap_create(&g_map), JET_errSuccess);
    for (uint32_t i = 0; i < NKEYS; i += 4)
        cr_assert_eq(oe_omap_insert(g_map, k, encode(i, k), (void *)(uintptr_t)(i + 1), NULL),
                     JET_errSuccess);
    atomic_store_explicit(&g_stop, 0, memory_order_relaxed);
    for (int t = 0; t < NTHREADS; t++) {
        workers[t].role = (enum role)t;
        workers[t].seed = 1000 + (uint64_t)t;
        oe_omap_cursor_init(&workers[t].cur, g_map);
        cr_assert_eq(pthread_create(&workers[t].tid, NULL, worker_main, &workers[t]), 0);
    }
    struct timespec ts = {RUN_MS / 1000, (RUN_MS % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    /* release: pairs with the workers' acquire loads */
    atomic_store_explicit(&g_stop, 1, memory_order_release);
    for (int t = 0; t < NTHREADS; t++)
        cr_assert_eq(pthread_join(workers[t].tid, NULL), 0);
    for (int h = 0; h < HINTS; h++) /* the held inserts commit */
        oe_omap_hint_drop(&workers[INSERTER].hints[h].h);

    for (int t = 0; t < NTHREADS; t++) {
        cr_expect_eq(workers[t].res.failures, 0, "thread %d (%llu ops): %d failures, first: %s", t,
                     (unsigned long long)workers[t].res.ops, workers[t].res.failures,
                     workers[t].res.first);
        cr_expect_gt(workers[t].res.ops, 0, "thread %d made no progress", t);
    }

    /* The final set: a key is present iff its inserts outnumber its deletes. */
    uint64_t expected = 0;
    oe_rcu_read_lock();
    for (uint32_t i = 0; i < NKEYS; i++) {
        int64_t net = i % 4 == 0 ? 1 : 0;
        for (int t = 0; t < NTHREADS; t++)
            net += workers[t].res.ins[i] - workers[t].res.del[i];
        cr_assert(net == 0 || net == 1, "key %u: inserts - deletes = %lld", i, (long long)net);
        struct oe_omap_entry *e = oe_omap_lookup(g_map, k, encode(i, k));
        cr_assert_eq(e != NULL, net == 1, "key %u: present %d, expected %lld", i, e != NULL,
                     (long long)net);
        expected += (uint64_t)net;
    }
    oe_rcu_read_unlock();
    cr_assert_eq(oe_omap_count(g_map), expected);
    cr_assert_gt(oe_omap_fence_builds(g_map), 1, "the fence was never rebuilt");
    /* Park the pinner's cursor on a live key if it holds no pin, or a pin
     * on a node the writers deleted after its last park (parking there
     * drops the pin), so that destroy always meets a pinned live node;
     * release it only afterwards. */
    struct oe_omap_cursor *pc = &workers[PINNER].cur;
    oe_rcu_read_lock();
    if (!pc->pin || oe_omap_entry_deleted(pc->pin))
        cr_assert_not_null(oe_omap_cursor_seek(pc, k, encode(8, k), OE_OMAP_EQ));
    oe_omap_cursor_park(pc);
    oe_rcu_read_unlock();
    cr_assert_not_null(pc->pin);
    oe_omap_destroy(g_map);
    cr_assert(oe_omap_entry_deleted(pc->pin), "destroy marks the pinned live node");
    oe_omap_cursor_release(pc);
    oe_rcu_barrier();
    cr_assert_eq(oe_alloc_live_blocks(), live0, "leaked blocks (pins under contention)");
}
