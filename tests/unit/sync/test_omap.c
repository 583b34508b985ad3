/*
 * test_omap.c -- white-box tests of the lock-free ordered map (src/sync/omap.c).
 *
 * The property test drives the map and a reference model (a sorted array
 * searched with bsearch) with the same random stream of insert, delete,
 * seek, cursor move and park operations, from fixed seeds, and compares
 * every answer (cursor current / reseek / goto too: across section ends
 * they answer from the cursor's pin, so a pin that went stale shows). Keys
 * come from a small alphabet so that inserts collide,
 * deletes hit, prefixes nest ("a" < "a\0" < "b") and cursors often stand
 * on entries deleted under them. Allocation failures are injected into a
 * fraction of inserts; the model then expects JET_errOutOfMemory and no
 * change. The edge-case tests cover what random streams hit rarely.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync/alloc.h"
#include "sync/omap.h"
#include "sync/rcu.h"

/* ---- reference model ---- */

#define MKEY 48

struct mentry {
    unsigned char k[MKEY];
    size_t len;
    void *val;
};

struct model {
    struct mentry *e;
    size_t n, cap;
};

static int mcmp(const void *a, size_t al, const void *b, size_t bl)
{
    size_t n = al < bl ? al : bl;
    int c = memcmp(a, b, n);
    if (c)
        return c;
    return (al > bl) - (al < bl);
}

struct probe {
    const unsigned char *k;
    size_t len;
};

static int probe_cmp(const void *p, const void *e)
{
    const struct probe *q = p;
    const struct mentry *m = e;
    return mcmp(q->k, q->len, m->k, m->len);
}

/* model_lower -- index of the first entry with key >= k (or > k if strict). */
static size_t model_lower(const struct model *m, const unsigned char *k, size_t len, int strict)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = mcmp(m->e[mid].k, m->e[mid].len, k, len);
        if (c < 0 || (strict && c == 0))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static struct mentry *model_find(const struct model *m, const unsigned char *k, size_t len)
{
    struct probe p = {k, len};
    if (m->n == 0) /* bsearch may not be given a NULL array, even empty */
        return NULL;
    return bsearch(&p, m->e, m->n, sizeof(*m->e), probe_cmp);
}

static void model_insert(struct model *m, const unsigned char *k, size_t len, void *val)
{
    if (m->n == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 64;
        m->e = realloc(m->e, m->cap * sizeof(*m->e));
        cr_assert_not_null(m->e);
    }
    size_t i = model_lower(m, k, len, 0);
    memmove(&m->e[i + 1], &m->e[i], (m->n - i) * sizeof(*m->e));
    if (len) /* k may be NULL for the empty key */
        memcpy(m->e[i].k, k, len);
    m->e[i].len = len;
    m->e[i].val = val;
    m->n++;
}

static void model_delete(struct model *m, struct mentry *e)
{
    size_t i = (size_t)(e - m->e);
    memmove(&m->e[i], &m->e[i + 1], (m->n - i - 1) * sizeof(*m->e));
    m->n--;
}

/* model_seek -- the model's answer for a relation, or NULL. */
static struct mentry *model_seek(const struct model *m, const unsigned char *k, size_t len,
                                 enum oe_omap_rel rel)
{
    size_t i;
    switch (rel) {
    case OE_OMAP_EQ:
        return model_find(m, k, len);
    case OE_OMAP_GE:
        i = model_lower(m, k, len, 0);
        return i < m->n ? &m->e[i] : NULL;
    case OE_OMAP_GT:
        i = model_lower(m, k, len, 1);
        return i < m->n ? &m->e[i] : NULL;
    case OE_OMAP_LT:
        i = model_lower(m, k, len, 0);
        return i > 0 ? &m->e[i - 1] : NULL;
    case OE_OMAP_LE:
        i = model_lower(m, k, len, 1);
        return i > 0 ? &m->e[i - 1] : NULL;
    }
    return NULL;
}

/* ---- helpers ---- */

static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* gen_key -- short keys over {00, 01, 7f, ff} (many collisions and shared
 * prefixes), sometimes a longer one. */
static size_t gen_key(uint64_t *s, unsigned char *k)
{
    static const unsigned char alpha[4] = {0x00, 0x01, 0x7f, 0xff};
    uint64_t r = rng_next(s);
    size_t len = (r & 15) == 0 ? 9 + (r >> 4) % 30 : (r >> 4) % 6;
    uint64_t b = rng_next(s);
    for (size_t i = 0; i < len; i++) {
        if (i % 32 == 0)
            b = rng_next(s);
        k[i] = alpha[(b >> (2 * (i % 32))) & 3];
    }
    return len;
}

/* expect_same -- the map's entry e and the model's entry m are the same
 * key and value (or both absent). */
static void expect_same(struct oe_omap_entry *e, const struct mentry *m, const char *what,
                        uint64_t step)
{
    if (!m) {
        cr_assert_null(e, "%s at step %llu: map has an entry, model has none", what,
                       (unsigned long long)step);
        return;
    }
    cr_assert_not_null(e, "%s at step %llu: map has no entry, model has one", what,
                       (unsigned long long)step);
    size_t len;
    const void *k = oe_omap_entry_key(e, &len);
    cr_assert_eq(mcmp(k, len, m->k, m->len), 0, "%s at step %llu: wrong key", what,
                 (unsigned long long)step);
    cr_assert_eq(atomic_load(oe_omap_value_slot(e)), m->val, "%s at step %llu: wrong value",
                 what, (unsigned long long)step);
}

/* full_compare -- a forward cursor walk equals the model, and count agrees. */
static void full_compare(struct oe_omap *map, const struct model *m)
{
    struct oe_omap_cursor c;
    oe_omap_cursor_init(&c, map);
    oe_rcu_read_lock();
    struct oe_omap_entry *e = oe_omap_cursor_first(&c);
    for (size_t i = 0; i < m->n; i++) {
        expect_same(e, &m->e[i], "full walk", i);
        e = oe_omap_cursor_next(&c);
    }
    cr_assert_null(e, "map has more entries than the model");
    oe_omap_cursor_release(&c); /* never parked: no pin to drop */
    oe_rcu_read_unlock();
    cr_assert_eq(oe_omap_count(map), m->n);
}

/* ---- the property test ---- */

/* model cursor: a state and a key, mirroring struct oe_omap_cursor */
struct mcursor {
    int state;
    unsigned char k[MKEY];
    size_t len;
};

static void mcur_set(struct mcursor *mc, const struct mentry *m, int none)
{
    if (m) {
        mc->state = OE_OMAP_CUR_ON;
        memcpy(mc->k, m->k, m->len);
        mc->len = m->len;
    } else {
        mc->state = none;
    }
}

/* run_property -- `steps` random operations from `seed`, each checked
 * against the model. fence_min > 0: maps of that many entries get a fence
 * (omap.c, FENCE), so descents start from sampled nodes; the test then
 * also checks that one was built. */
static void run_property_fenced(uint64_t seed, uint64_t steps, uint64_t fence_min)
{
    uint32_t fence_seen = 0;
    if (fence_min)
        oe_omap_tune_fence(fence_min, 16);
    struct oe_omap *map;
    struct model m = {0};
    struct oe_omap_cursor c;
    struct mcursor mc = {.state = OE_OMAP_CUR_UNSET};
    uint64_t s = seed;
    unsigned char k[MKEY];
    uintptr_t next_val = 1;
    int64_t live0 = oe_alloc_live_blocks();

    cr_assert_eq(oe_omap_create(&map), JET_errSuccess);
    oe_omap_cursor_init(&c, map);
    oe_rcu_read_lock();
    for (uint64_t step = 0; step < steps; step++) {
        /* End the read-side section now and then: the cursor must park and
         * re-find itself by key; between ends, it keeps its node shortcut. */
        if (rng_next(&s) % 8 == 0) {
            oe_omap_cursor_park(&c);
            oe_rcu_read_unlock();
            oe_rcu_read_lock();
        }
        size_t len = gen_key(&s, k);
        unsigned op = (unsigned)(rng_next(&s) % 100);
        if (op < 30) {
            void *val = (void *)next_val++;
            struct mentry *me = model_find(&m, k, len);
            int inject = !me && rng_next(&s) % 16 == 0;
            struct oe_omap_entry *e;
            if (inject)
                oe_alloc_fail_nth(0);
            JET_ERR err = oe_omap_insert(map, k, len, val, &e);
            if (inject) {
                oe_alloc_fail_reset();
                cr_assert_eq(err, JET_errOutOfMemory, "step %llu", (unsigned long long)step);
                cr_assert_null(e);
            } else if (me) {
                cr_assert_eq(err, OE_OMAP_EXISTS, "step %llu", (unsigned long long)step);
                expect_same(e, me, "insert-exists", step);
            } else {
                cr_assert_eq(err, JET_errSuccess, "step %llu", (unsigned long long)step);
                model_insert(&m, k, len, val);
                expect_same(e, model_find(&m, k, len), "insert-new", step);
            }
        } else if (op < 44) {
            /* delete_if: with the entry's own value it deletes, with any
             * other value (or no entry) it answers ABSENT and changes nothing. */
            struct mentry *me = model_find(&m, k, len);
            int right = me && rng_next(&s) % 2 == 0;
            void *expect = right ? me->val : (void *)(uintptr_t)(next_val + 1000000);
            JET_ERR err = oe_omap_delete_if(map, k, len, expect);
            if (right) {
                cr_assert_eq(err, JET_errSuccess, "step %llu", (unsigned long long)step);
                model_delete(&m, me);
            } else {
                cr_assert_eq(err, OE_OMAP_ABSENT, "step %llu", (unsigned long long)step);
            }
        } else if (op < 50) {
            struct mentry *me = model_find(&m, k, len);
            void *val;
            JET_ERR err = oe_omap_delete(map, k, len, &val);
            if (me) {
                cr_assert_eq(err, JET_errSuccess, "step %llu", (unsigned long long)step);
                cr_assert_eq(val, me->val);
                model_delete(&m, me);
            } else {
                cr_assert_eq(err, OE_OMAP_ABSENT, "step %llu", (unsigned long long)step);
            }
        } else if (op < 60) {
            enum oe_omap_rel rel = (enum oe_omap_rel)(rng_next(&s) % 5);
            expect_same(oe_omap_seek(map, k, len, rel), model_seek(&m, k, len, rel), "seek",
                        step);
        } else if (op < 66) {
            enum oe_omap_rel rel = (enum oe_omap_rel)(rng_next(&s) % 5);
            struct mentry *me = model_seek(&m, k, len, rel);
            expect_same(oe_omap_cursor_seek(&c, k, len, rel), me, "cursor seek", step);
            mcur_set(&mc, me,
                     rel == OE_OMAP_EQ                          ? OE_OMAP_CUR_UNSET
                     : rel == OE_OMAP_LT || rel == OE_OMAP_LE ? OE_OMAP_CUR_BEFORE_FIRST
                                                                : OE_OMAP_CUR_AFTER_LAST);
        } else if (op < 83) {
            struct mentry *me = NULL;
            int moved = 1;
            if (mc.state == OE_OMAP_CUR_ON)
                me = model_seek(&m, mc.k, mc.len, OE_OMAP_GT);
            else if (mc.state == OE_OMAP_CUR_BEFORE_FIRST)
                me = m.n ? &m.e[0] : NULL;
            else
                moved = 0;
            expect_same(oe_omap_cursor_next(&c), me, "cursor next", step);
            if (moved)
                mcur_set(&mc, me, OE_OMAP_CUR_AFTER_LAST);
        } else if (op < 90) {
            struct mentry *me = NULL;
            int moved = 1;
            if (mc.state == OE_OMAP_CUR_ON)
                me = model_seek(&m, mc.k, mc.len, OE_OMAP_LT);
            else if (mc.state == OE_OMAP_CUR_AFTER_LAST)
                me = m.n ? &m.e[m.n - 1] : NULL;
            else
                moved = 0;
            expect_same(oe_omap_cursor_prev(&c), me, "cursor prev", step);
            if (moved)
                mcur_set(&mc, me, OE_OMAP_CUR_BEFORE_FIRST);
        } else if (op < 94) {
            /* current: the live entry with the cursor's key; no move. */
            struct mentry *me = mc.state == OE_OMAP_CUR_ON ? model_find(&m, mc.k, mc.len) : NULL;
            expect_same(oe_omap_cursor_current(&c), me, "cursor current", step);
        } else if (op < 96) {
            /* reseek GE/LE from the cursor's own key. */
            enum oe_omap_rel rel = rng_next(&s) % 2 ? OE_OMAP_GE : OE_OMAP_LE;
            if (mc.state == OE_OMAP_CUR_ON) {
                struct mentry *me = model_seek(&m, mc.k, mc.len, rel);
                expect_same(oe_omap_cursor_reseek(&c, rel), me, "cursor reseek", step);
                mcur_set(&mc, me,
                         rel == OE_OMAP_LE ? OE_OMAP_CUR_BEFORE_FIRST : OE_OMAP_CUR_AFTER_LAST);
            } else {
                cr_assert_null(oe_omap_cursor_reseek(&c, rel));
            }
        } else if (op < 97) {
            /* goto an entry found by lookup (the clustered GotoBookmark). */
            struct oe_omap_entry *e = oe_omap_lookup(map, k, len);
            struct mentry *me = model_find(&m, k, len);
            expect_same(e, me, "lookup", step);
            if (e) {
                oe_omap_cursor_goto(&c, e);
                mcur_set(&mc, me, OE_OMAP_CUR_UNSET);
            }
        } else if (op < 98) {
            expect_same(oe_omap_first(map), m.n ? &m.e[0] : NULL, "first", step);
            expect_same(oe_omap_last(map), m.n ? &m.e[m.n - 1] : NULL, "last", step);
        } else {
            cr_assert_eq(oe_omap_count(map), m.n, "count at step %llu", (unsigned long long)step);
            uint32_t fe = oe_omap_fence_entries(map);
            fence_seen = fe > fence_seen ? fe : fence_seen;
        }
        cr_assert_eq(c.state, mc.state, "cursor state at step %llu", (unsigned long long)step);
    }
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();
    full_compare(map, &m);
    /* The cursor's pin, if any, is dropped before the map goes (odd seeds)
     * or after it (even): destroy leaves pinned nodes to their pins. */
    if (seed & 1)
        oe_omap_cursor_release(&c);
    oe_omap_destroy(map);
    if (!(seed & 1))
        oe_omap_cursor_release(&c);
    oe_rcu_barrier(); /* run the deferred frees so the leak count is exact */
    cr_assert_eq(oe_alloc_live_blocks(), live0, "leaked blocks");
    free(m.e);
    if (fence_min)
        cr_assert_gt(fence_seen, 0, "no fence was ever built");
}

static void run_property(uint64_t seed, uint64_t steps)
{
    run_property_fenced(seed, steps, 0);
}

Test(omap, property_seed_1) { run_property(1, 40000); }
Test(omap, property_seed_2) { run_property(0xC0FFEE, 40000); }
Test(omap, property_seed_3) { run_property(20240601, 40000); }
/* The same streams with a fence on every map of 8 entries or more: keys
 * over {00, 01, 7f, ff} of 0-5 bytes share their 8-byte prefixes ("",
 * "\0", "\0\0" all have prefix 0), the case the fence's strict prefix
 * comparison must get right; deletes leave fences naming deleted nodes. */
Test(omap, property_fenced_seed_1) { run_property_fenced(1, 60000, 8); }
Test(omap, property_fenced_seed_2) { run_property_fenced(0xC0FFEE, 60000, 8); }
Test(omap, property_fenced_seed_3) { run_property_fenced(20240601, 60000, 8); }

/* ---- edge cases ---- */

static struct oe_omap *new_map(void)
{
    struct oe_omap *map;
    cr_assert_eq(oe_omap_create(&map), JET_errSuccess);
    return map;
}

static void put(struct oe_omap *map, const char *k, uintptr_t v)
{
    cr_assert_eq(oe_omap_insert(map, k, strlen(k), (void *)v, NULL), JET_errSuccess, "put %s", k);
}

static void expect_key(struct oe_omap_entry *e, const char *k)
{
    cr_assert_not_null(e, "expected %s, got nothing", k);
    size_t len;
    const void *got = oe_omap_entry_key(e, &len);
    cr_assert(len == strlen(k) && memcmp(got, k, len) == 0, "expected %s, got %.*s", k, (int)len,
              (const char *)got);
}

Test(omap, empty_map)
{
    struct oe_omap *map = new_map();
    struct oe_omap_cursor c;
    oe_omap_cursor_init(&c, map);
    oe_rcu_read_lock();
    for (int rel = OE_OMAP_EQ; rel <= OE_OMAP_GT; rel++) {
        cr_assert_null(oe_omap_seek(map, "k", 1, (enum oe_omap_rel)rel));
        cr_assert_null(oe_omap_seek(map, "", 0, (enum oe_omap_rel)rel));
    }
    cr_assert_null(oe_omap_first(map));
    cr_assert_null(oe_omap_last(map));
    cr_assert_null(oe_omap_cursor_next(&c)); /* unpositioned */
    cr_assert_null(oe_omap_cursor_prev(&c));
    cr_assert_null(oe_omap_cursor_first(&c));
    cr_assert_eq(c.state, OE_OMAP_CUR_AFTER_LAST);
    cr_assert_null(oe_omap_cursor_prev(&c));
    cr_assert_eq(c.state, OE_OMAP_CUR_BEFORE_FIRST);
    cr_assert_null(oe_omap_cursor_next(&c));
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();
    cr_assert_eq(oe_omap_delete(map, "k", 1, NULL), OE_OMAP_ABSENT);
    cr_assert_eq(oe_omap_count(map), 0);
    oe_omap_cursor_release(&c);
    oe_omap_destroy(map);
}

Test(omap, order_first_last_and_relations)
{
    struct oe_omap *map = new_map();
    /* inserted out of order; memcmp order with shorter-first on a prefix */
    put(map, "b", 1);
    put(map, "ab", 2);
    put(map, "", 3);
    put(map, "a", 4);
    cr_assert_eq(oe_omap_insert(map, "ab\0", 3, (void *)5, NULL), JET_errSuccess);
    oe_rcu_read_lock();
    expect_key(oe_omap_first(map), "");
    expect_key(oe_omap_last(map), "b");
    expect_key(oe_omap_seek(map, "ab", 2, OE_OMAP_EQ), "ab");
    expect_key(oe_omap_seek(map, "ab", 2, OE_OMAP_LT), "a");
    expect_key(oe_omap_seek(map, "ab", 2, OE_OMAP_LE), "ab");
    expect_key(oe_omap_seek(map, "ab", 2, OE_OMAP_GE), "ab");
    struct oe_omap_entry *gt = oe_omap_seek(map, "ab", 2, OE_OMAP_GT);
    size_t len;
    const void *k = oe_omap_entry_key(gt, &len);
    cr_assert(len == 3 && memcmp(k, "ab\0", 3) == 0, "GT ab must be ab\\0");
    cr_assert_null(oe_omap_seek(map, "aa", 2, OE_OMAP_EQ));
    expect_key(oe_omap_seek(map, "aa", 2, OE_OMAP_GE), "ab");
    expect_key(oe_omap_seek(map, "aa", 2, OE_OMAP_LE), "a");
    cr_assert_null(oe_omap_seek(map, "", 0, OE_OMAP_LT));
    cr_assert_null(oe_omap_seek(map, "c", 1, OE_OMAP_GT));
    expect_key(oe_omap_seek(map, "c", 1, OE_OMAP_LE), "b");
    oe_rcu_read_unlock();
    cr_assert_eq(oe_omap_count(map), 5);
    oe_omap_destroy(map);
}

Test(omap, duplicate_insert_returns_existing)
{
    struct oe_omap *map = new_map();
    struct oe_omap_entry *e1, *e2;
    oe_rcu_read_lock();
    cr_assert_eq(oe_omap_insert(map, "key", 3, (void *)11, &e1), JET_errSuccess);
    cr_assert_eq(oe_omap_insert(map, "key", 3, (void *)22, &e2), OE_OMAP_EXISTS);
    cr_assert_eq(e1, e2);
    cr_assert_eq(atomic_load(oe_omap_value_slot(e2)), (void *)11, "value must be unchanged");
    /* the value slot is the caller's to CAS */
    void *exp = (void *)11;
    cr_assert(atomic_compare_exchange_strong(oe_omap_value_slot(e1), &exp, (void *)33));
    cr_assert_eq(atomic_load(oe_omap_value_slot(oe_omap_lookup(map, "key", 3))), (void *)33);
    oe_rcu_read_unlock();
    cr_assert_eq(oe_omap_count(map), 1);
    /* after a delete the key can be inserted again, as a new entry */
    void *v;
    cr_assert_eq(oe_omap_delete(map, "key", 3, &v), JET_errSuccess);
    cr_assert_eq(v, (void *)33);
    cr_assert_eq(oe_omap_insert(map, "key", 3, (void *)44, NULL), JET_errSuccess);
    oe_rcu_read_lock();
    cr_assert_eq(atomic_load(oe_omap_value_slot(oe_omap_lookup(map, "key", 3))), (void *)44);
    oe_rcu_read_unlock();
    oe_omap_destroy(map);
}

Test(omap, delete_current_while_iterating)
{
    struct oe_omap *map = new_map();
    const char *keys[] = {"k1", "k2", "k3", "k4", "k5", "k6"};
    for (int i = 0; i < 6; i++)
        put(map, keys[i], (uintptr_t)i + 1);
    struct oe_omap_cursor c;
    oe_omap_cursor_init(&c, map);

    /* same read-side section: the cursor's node shortcut is deleted */
    oe_rcu_read_lock();
    struct oe_omap_entry *e = oe_omap_cursor_seek(&c, "k2", 2, OE_OMAP_EQ);
    expect_key(e, "k2");
    cr_assert_eq(oe_omap_delete_entry(map, e), JET_errSuccess);
    cr_assert(oe_omap_entry_deleted(e));
    cr_assert_eq(oe_omap_delete_entry(map, e), OE_OMAP_ABSENT);
    expect_key(oe_omap_cursor_next(&c), "k3");
    /* the successor of the current entry is deleted: next skips it */
    cr_assert_eq(oe_omap_delete(map, "k4", 2, NULL), JET_errSuccess);
    expect_key(oe_omap_cursor_next(&c), "k5");
    /* the current entry is deleted and a key lands right after it: next
     * must re-find by key, not follow the deleted node's frozen link */
    cr_assert_eq(oe_omap_delete(map, "k5", 2, NULL), JET_errSuccess);
    put(map, "k55", 8);
    expect_key(oe_omap_cursor_next(&c), "k55");
    cr_assert_eq(oe_omap_delete(map, "k55", 3, NULL), JET_errSuccess);
    put(map, "k5", 5);
    expect_key(oe_omap_cursor_prev(&c), "k5");
    expect_key(oe_omap_cursor_prev(&c), "k3");
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();

    /* a later section: the current entry was deleted in between */
    cr_assert_eq(oe_omap_delete(map, "k3", 2, NULL), JET_errSuccess);
    oe_rcu_read_lock();
    expect_key(oe_omap_cursor_prev(&c), "k1");
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();
    cr_assert_eq(oe_omap_delete(map, "k1", 2, NULL), JET_errSuccess);
    put(map, "k2", 7); /* re-inserted between deletes */
    oe_rcu_read_lock();
    expect_key(oe_omap_cursor_next(&c), "k2");
    expect_key(oe_omap_cursor_next(&c), "k5");
    expect_key(oe_omap_cursor_next(&c), "k6");
    cr_assert_null(oe_omap_cursor_next(&c));
    cr_assert_eq(c.state, OE_OMAP_CUR_AFTER_LAST);
    expect_key(oe_omap_cursor_prev(&c), "k6");
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();
    cr_assert_eq(oe_omap_count(map), 3);
    oe_omap_cursor_release(&c);
    oe_omap_destroy(map);
}

Test(omap, allocation_failure_leaves_map_unchanged)
{
    int64_t live0 = oe_alloc_live_blocks();
    struct oe_omap *map;
    /* create: each of its two allocations fails in turn, nothing leaks */
    for (uint64_t nth = 0; nth < 2; nth++) {
        oe_alloc_fail_nth(nth);
        cr_assert_eq(oe_omap_create(&map), JET_errOutOfMemory);
        cr_assert_null(map);
        oe_alloc_fail_reset();
        cr_assert_eq(oe_alloc_live_blocks(), live0);
    }
    map = new_map();
    put(map, "a", 1);
    put(map, "c", 3);
    oe_alloc_fail_after(0); /* every allocation fails */
    struct oe_omap_entry *e;
    cr_assert_eq(oe_omap_insert(map, "b", 1, (void *)2, &e), JET_errOutOfMemory);
    cr_assert_null(e);
    /* an insert of a present key allocates nothing and still answers */
    cr_assert_eq(oe_omap_insert(map, "a", 1, (void *)9, NULL), OE_OMAP_EXISTS);
    /* delete allocates nothing */
    cr_assert_eq(oe_omap_delete(map, "c", 1, NULL), JET_errSuccess);
    oe_alloc_fail_reset();
    cr_assert_eq(oe_omap_count(map), 1);
    oe_rcu_read_lock();
    cr_assert_null(oe_omap_lookup(map, "b", 1));
    expect_key(oe_omap_first(map), "a");
    expect_key(oe_omap_last(map), "a");
    oe_rcu_read_unlock();
    put(map, "b", 2); /* works again */
    cr_assert_eq(oe_omap_count(map), 2);
    oe_omap_destroy(map);
    oe_rcu_barrier();
    cr_assert_eq(oe_alloc_live_blocks(), live0);
}

Test(omap, key_length_limits)
{
    struct oe_omap *map = new_map();
    static unsigned char big[OE_OMAP_KEY_MAX + 1];
    memset(big, 0xAB, sizeof(big));
    cr_assert_eq(oe_omap_insert(map, big, OE_OMAP_KEY_MAX + 1, NULL, NULL),
                 JET_errInvalidParameter);
    cr_assert_eq(oe_omap_insert(map, big, OE_OMAP_KEY_MAX, (void *)1, NULL), JET_errSuccess);
    cr_assert_eq(oe_omap_insert(map, big, OE_OMAP_KEY_MAX - 1, (void *)2, NULL), JET_errSuccess);
    struct oe_omap_cursor c;
    oe_omap_cursor_init(&c, map);
    oe_rcu_read_lock();
    struct oe_omap_entry *e = oe_omap_cursor_last(&c);
    size_t len;
    (void)oe_omap_entry_key(e, &len);
    cr_assert_eq(len, OE_OMAP_KEY_MAX);
    /* a probe longer than any key still orders correctly */
    cr_assert_eq(oe_omap_seek(map, big, OE_OMAP_KEY_MAX + 1, OE_OMAP_LT), e);
    e = oe_omap_cursor_prev(&c);
    (void)oe_omap_entry_key(e, &len);
    cr_assert_eq(len, OE_OMAP_KEY_MAX - 1);
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();
    oe_omap_cursor_release(&c);
    oe_omap_destroy(map);
}

/* ---- pins ---- */

/* leak_base -- live blocks now, after pending RCU frees have run. */
static int64_t leak_base(void)
{
    oe_rcu_barrier();
    return oe_alloc_live_blocks();
}

/* A parked cursor answers current / next / reseek from its pin while the
 * pinned entry is live, and by key once it is deleted -- even when a node
 * with the same key was inserted in between (the pin is not that node). */
Test(omap, pin_survives_sections_and_deletion)
{
    int64_t live0 = leak_base();
    struct oe_omap *map = new_map();
    put(map, "a", 1);
    put(map, "b", 2);
    put(map, "c", 3);
    struct oe_omap_cursor c;
    oe_omap_cursor_init(&c, map);

    oe_rcu_read_lock();
    struct oe_omap_entry *b = oe_omap_cursor_seek(&c, "b", 1, OE_OMAP_EQ);
    expect_key(b, "b");
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();
    cr_assert_eq((void *)c.pin, (void *)b, "park pins the entry it stands on");
    cr_assert_null(c.node);

    /* later section, still live: the very same node, no move */
    oe_rcu_read_lock();
    cr_assert_eq((void *)oe_omap_cursor_current(&c), (void *)b);
    cr_assert_eq((void *)oe_omap_cursor_reseek(&c, OE_OMAP_GE), (void *)b);
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();
    cr_assert_eq((void *)c.pin, (void *)b, "no move: the same pin");

    /* delete b, re-insert "b" (a new node): the pinned one is deleted, and
     * memory stays valid (the pin holds it), so current falls back by key */
    cr_assert_eq(oe_omap_delete(map, "b", 1, NULL), JET_errSuccess);
    oe_rcu_barrier(); /* if the pin did not hold b, it would be freed now */
    cr_assert(oe_omap_entry_deleted(b));
    put(map, "b", 22);
    oe_rcu_read_lock();
    struct oe_omap_entry *b2 = oe_omap_cursor_current(&c);
    expect_key(b2, "b");
    cr_assert_neq((void *)b2, (void *)b);
    cr_assert_eq((uintptr_t)atomic_load(oe_omap_value_slot(b2)), 22);
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();
    cr_assert_eq((void *)c.pin, (void *)b2, "park moved the pin to the live node");

    /* the pinned node deleted with no replacement: next re-finds by key */
    cr_assert_eq(oe_omap_delete(map, "b", 1, NULL), JET_errSuccess);
    oe_rcu_read_lock();
    cr_assert_null(oe_omap_cursor_current(&c));
    cr_assert_eq(c.state, OE_OMAP_CUR_ON, "current does not move the cursor");
    expect_key(oe_omap_cursor_next(&c), "c");
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();

    /* parked on nothing: the pin is dropped */
    oe_rcu_read_lock();
    cr_assert_null(oe_omap_cursor_next(&c));
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();
    cr_assert_null(c.pin);

    oe_omap_cursor_release(&c);
    oe_omap_destroy(map);
    cr_assert_eq(leak_base(), live0, "leaked blocks");
}

/* Parked on a node that is then deleted: park (in a later section) drops
 * the dead pin, and the node is freed by that last release. */
Test(omap, dead_pin_is_dropped_and_freed)
{
    int64_t live0 = leak_base();
    struct oe_omap *map = new_map();
    put(map, "x", 1);
    put(map, "y", 2);
    struct oe_omap_cursor c;
    oe_omap_cursor_init(&c, map);
    oe_rcu_read_lock();
    expect_key(oe_omap_cursor_seek(&c, "x", 1, OE_OMAP_GE), "x");
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();
    cr_assert_eq(oe_omap_delete(map, "x", 1, NULL), JET_errSuccess);
    oe_rcu_barrier();
    /* one block more than an empty-but-"y" map would hold: x, kept by the pin */
    int64_t held = oe_alloc_live_blocks();
    oe_rcu_read_lock();
    oe_omap_cursor_park(&c); /* state ON, pin deleted: dropped */
    oe_rcu_read_unlock();
    cr_assert_null(c.pin);
    cr_assert_eq(leak_base(), held - 1, "the last release freed the deleted node");
    oe_omap_cursor_release(&c);
    oe_omap_destroy(map);
    cr_assert_eq(leak_base(), live0, "leaked blocks");
}

/* Destroy with cursors still pinning a live and a deleted node: neither is
 * freed under the pins (the releases after destroy read only the nodes --
 * ASan would flag a use after free), and nothing leaks once they go. */
Test(omap, destroy_leaves_pinned_nodes_to_their_pins)
{
    int64_t live0 = leak_base();
    struct oe_omap *map = new_map();
    for (int i = 0; i < 50; i++) {
        char k[16];
        snprintf(k, sizeof k, "k%02d", i);
        put(map, k, (uintptr_t)i + 1);
    }
    struct oe_omap_cursor live, dead;
    oe_omap_cursor_init(&live, map);
    oe_omap_cursor_init(&dead, map);
    oe_rcu_read_lock();
    expect_key(oe_omap_cursor_seek(&live, "k10", 3, OE_OMAP_EQ), "k10");
    expect_key(oe_omap_cursor_seek(&dead, "k20", 3, OE_OMAP_EQ), "k20");
    oe_omap_cursor_park(&live);
    oe_omap_cursor_park(&dead);
    oe_rcu_read_unlock();
    cr_assert_eq(oe_omap_delete(map, "k20", 3, NULL), JET_errSuccess);
    oe_omap_destroy(map);
    oe_rcu_barrier();
    /* the pinned nodes read as deleted now (destroy marked the live one) */
    cr_assert(oe_omap_entry_deleted(live.pin));
    cr_assert(oe_omap_entry_deleted(dead.pin));
    cr_assert_eq(oe_alloc_live_blocks(), live0 + 2, "exactly the two pinned nodes remain");
    oe_omap_cursor_release(&live);
    oe_omap_cursor_reset(&dead, NULL);
    cr_assert_null(live.pin);
    cr_assert_null(dead.pin);
    cr_assert_eq(leak_base(), live0, "leaked blocks");
}

/* A scratch copy shares no pin: releasing it leaves the original's pin,
 * and the copy answers from the original's node within the section. */
Test(omap, copy_shares_no_pin)
{
    int64_t live0 = leak_base();
    struct oe_omap *map = new_map();
    put(map, "p", 1);
    put(map, "q", 2);
    struct oe_omap_cursor c, d;
    oe_omap_cursor_init(&c, map);
    oe_rcu_read_lock();
    struct oe_omap_entry *p = oe_omap_cursor_seek(&c, "p", 1, OE_OMAP_EQ);
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();
    oe_rcu_read_lock();
    oe_omap_cursor_init(&d, map);
    oe_omap_cursor_copy(&d, &c);
    cr_assert_null(d.pin);
    cr_assert_eq((void *)oe_omap_cursor_reseek(&d, OE_OMAP_GE), (void *)p);
    expect_key(oe_omap_cursor_next(&d), "q");
    oe_omap_cursor_release(&d);
    oe_rcu_read_unlock();
    cr_assert_eq((void *)c.pin, (void *)p);
    /* the original still answers from its pin */
    oe_rcu_read_lock();
    cr_assert_eq((void *)oe_omap_cursor_current(&c), (void *)p);
    oe_omap_cursor_park(&c);
    oe_rcu_read_unlock();
    oe_omap_cursor_release(&c);
    oe_omap_destroy(map);
    cr_assert_eq(leak_base(), live0, "leaked blocks");
}

/* ---- the fence (omap.c, FENCE) ---- */

/* entry_value -- the value in e's slot. */
static void *entry_value(struct oe_omap_entry *e)
{
    return atomic_load_explicit(oe_omap_value_slot(e), memory_order_acquire);
}

/* be_key -- key i as 8 big-endian bytes (map order = numeric order). */
static void be_key(uint64_t i, unsigned char k[8])
{
    for (int b = 7; b >= 0; b--, i >>= 8)
        k[b] = (unsigned char)i;
}

/* fenced_map -- a map of keys 0..n-1 (values i + 1) with a fence built. */
static struct oe_omap *fenced_map(uint64_t n)
{
    struct oe_omap *map;
    unsigned char k[8];
    oe_omap_tune_fence(1024, 256);
    cr_assert_eq(oe_omap_create(&map), JET_errSuccess);
    for (uint64_t i = 0; i < n; i++) {
        be_key(i * 2654435761u % n, k); /* a permutation of 0..n-1 (n odd) */
        cr_assert_eq(oe_omap_insert(map, k, 8, (void *)(uintptr_t)(i * 2654435761u % n + 1), NULL),
                     JET_errSuccess);
    }
    cr_assert_gt(oe_omap_fence_entries(map), n / 128, "fence of %u entries for %llu keys",
                 oe_omap_fence_entries(map), (unsigned long long)n);
    return map;
}

/* A fence stands for every node it names: lookups of every key and seeks
 * between keys answer exactly, while the map has one. */
Test(omap_fence, seeks_exact_over_a_fenced_map)
{
    int64_t live0 = oe_alloc_live_blocks();
    const uint64_t n = 20001;
    struct oe_omap *map = fenced_map(n);
    unsigned char k[9];
    oe_rcu_read_lock();
    for (uint64_t i = 0; i < n; i++) {
        be_key(i, k);
        struct oe_omap_entry *e = oe_omap_lookup(map, k, 8);
        cr_assert(e && entry_value(e) == (void *)(uintptr_t)(i + 1), "key %llu",
                  (unsigned long long)i);
        k[8] = 0; /* i followed by a zero byte: after i, before i + 1 */
        e = oe_omap_seek(map, k, 9, OE_OMAP_GE);
        cr_assert(i + 1 == n ? !e : e && entry_value(e) == (void *)(uintptr_t)(i + 2));
        e = oe_omap_seek(map, k, 9, OE_OMAP_LT);
        cr_assert(e && entry_value(e) == (void *)(uintptr_t)(i + 1));
    }
    oe_rcu_read_unlock();
    oe_omap_destroy(map);
    oe_rcu_barrier();
    cr_assert_eq(oe_alloc_live_blocks(), live0, "leaked blocks");
}

/* entry_after -- the live entry after e (NULL: e is the last). */
static struct oe_omap_entry *entry_after(struct oe_omap *map, struct oe_omap_entry *e)
{
    size_t len;
    const void *key = oe_omap_entry_key(e, &len);
    return oe_omap_seek(map, key, len, OE_OMAP_GT);
}

/* is_fence_entry -- is e named by the fence? With distinct 8-byte keys the
 * descent for e's successor starts from the last entry at or before e. */
static bool is_fence_entry(struct oe_omap *map, struct oe_omap_entry *e)
{
    struct oe_omap_entry *after = entry_after(map, e), *start, *g[OE_OMAP_FENCE_GROUP];
    if (!after)
        return false;
    size_t len;
    const void *key = oe_omap_entry_key(after, &len);
    oe_omap_fence_group(map, key, len, &start, g);
    return start == e;
}

/* GROUP: on a map nobody has changed since its fence was built, the group
 * a descent prefetches is exactly the entries that follow its start, up to
 * and including the next fence entry, or OE_OMAP_FENCE_GROUP of them. */
Test(omap_fence, groups_are_the_entries_up_to_the_next_fence_entry)
{
    const uint64_t n = 20001;
    struct oe_omap *map = fenced_map(n);
    oe_omap_fence_refresh(map);
    unsigned char k[8];
    unsigned full = 0, ended = 0;
    oe_rcu_read_lock();
    for (uint64_t i = 0; i < n; i++) {
        struct oe_omap_entry *start, *g[OE_OMAP_FENCE_GROUP];
        be_key(i, k);
        unsigned m = oe_omap_fence_group(map, k, 8, &start, g);
        if (!start) /* before the first entry */
            continue;
        size_t len;
        const unsigned char *sk = oe_omap_entry_key(start, &len);
        cr_assert(len == 8 && memcmp(sk, k, 8) < 0, "start not before key %llu",
                  (unsigned long long)i);
        struct oe_omap_entry *y = start;
        for (unsigned j = 0; j < m; j++) {
            y = entry_after(map, y);
            cr_assert(y && g[j] == y, "key %llu: group[%u] is not the next entry",
                      (unsigned long long)i, j);
            if (j + 1 < m)
                cr_assert(!is_fence_entry(map, y), "key %llu: group runs past entry %u",
                          (unsigned long long)i, j);
        }
        if (m == OE_OMAP_FENCE_GROUP) {
            full++;
        } else {
            /* ends at the next fence entry, or at the map's last entry */
            cr_assert(m > 0 && (is_fence_entry(map, g[m - 1]) || !entry_after(map, g[m - 1])),
                      "key %llu: a group of %u stops short", (unsigned long long)i, m);
            ended++;
        }
    }
    oe_rcu_read_unlock();
    cr_assert(full > 0 && ended > full, "full %u, ended %u", full, ended);
    oe_omap_destroy(map);
}

/* Churn at a constant count: every key the fence was built from is deleted
 * and a new one inserted. The count never moves by a quarter, so only the
 * descents that find their fence node deleted can call for a new fence. */
Test(omap_fence, deleted_fence_nodes_call_for_a_rebuild)
{
    int64_t live0 = oe_alloc_live_blocks();
    const uint64_t n = 20001;
    struct oe_omap *map = fenced_map(n);
    uint64_t builds0 = oe_omap_fence_builds(map);
    unsigned char k[8];
    for (uint64_t i = 0; i < n; i++) {
        be_key(i, k);
        cr_assert_eq(oe_omap_delete(map, k, 8, NULL), JET_errSuccess);
        be_key(n + i, k);
        cr_assert_eq(oe_omap_insert(map, k, 8, (void *)(uintptr_t)(n + i + 1), NULL),
                     JET_errSuccess);
    }
    cr_assert_gt(oe_omap_fence_builds(map), builds0, "no rebuild after the fence went stale");
    oe_rcu_read_lock();
    for (uint64_t i = 0; i < n; i++) {
        be_key(n + i, k);
        struct oe_omap_entry *e = oe_omap_lookup(map, k, 8);
        cr_assert(e && entry_value(e) == (void *)(uintptr_t)(n + i + 1));
        be_key(i, k);
        cr_assert_null(oe_omap_lookup(map, k, 8));
    }
    oe_rcu_read_unlock();
    oe_omap_destroy(map);
    oe_rcu_barrier();
    cr_assert_eq(oe_alloc_live_blocks(), live0, "leaked blocks");
}

/* ---- the fence's directory (omap.c, DIRECTORY) ---- */

/* key_number -- an 8-byte key as its big-endian number. */
static uint64_t key_number(struct oe_omap_entry *e)
{
    size_t len;
    const unsigned char *k = oe_omap_entry_key(e, &len);
    cr_assert_eq(len, 8);
    uint64_t x = 0;
    for (int b = 0; b < 8; b++)
        x = x << 8 | k[b];
    return x;
}

/* fence_start_of -- the key number of the fence entry a descent for probe
 * starts from; *none set when there is none. */
static uint64_t fence_start_of(struct oe_omap *map, uint64_t probe, bool *none)
{
    unsigned char k[8];
    struct oe_omap_entry *start, *g[OE_OMAP_FENCE_GROUP];
    be_key(probe, k);
    oe_omap_fence_group(map, k, 8, &start, g);
    *none = !start;
    return start ? key_number(start) : 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* check_directory_exact -- build a fence over keys[0..n) (distinct, any
 * order) and check that every probe starts from the LAST fence entry below
 * it, not merely from one below it: the fence's entries are found as the
 * starts of the probes one above each key (a fence entry is its own
 * successor's start), and must number oe_omap_fence_entries; then probes
 * at, around, between, below and above the keys start exactly from the
 * largest of them under the probe. */
static void check_directory_exact(uint64_t *keys, size_t n)
{
    struct oe_omap *map;
    unsigned char k[8];
    oe_omap_tune_fence(1024, 256);
    cr_assert_eq(oe_omap_create(&map), JET_errSuccess);
    for (size_t i = 0; i < n; i++) {
        be_key(keys[i], k);
        cr_assert_eq(oe_omap_insert(map, k, 8, (void *)(uintptr_t)(i + 1), NULL), JET_errSuccess);
    }
    oe_omap_fence_refresh(map);
    uint32_t entries = oe_omap_fence_entries(map);
    cr_assert_gt(entries, n / 16, "fence of %u entries for %zu keys", entries, n);
    qsort(keys, n, sizeof *keys, cmp_u64);

    uint64_t *fence = malloc(n * sizeof *fence);
    size_t nf = 0;
    bool none;
    oe_rcu_read_lock();
    for (size_t i = 0; i < n; i++) {
        if (keys[i] == UINT64_MAX)
            continue;
        uint64_t s = fence_start_of(map, keys[i] + 1, &none);
        if (!none && s == keys[i])
            fence[nf++] = s; /* keys ascend, so the entries come out sorted */
    }
    cr_assert_eq(nf, entries, "%zu keys start their successor, the fence has %u entries", nf,
                 entries);

    uint64_t rng = 0xD1CE;
    for (size_t i = 0; i < 4 * n + 2; i++) {
        uint64_t probe;
        if (i == 4 * n)
            probe = 0;
        else if (i == 4 * n + 1)
            probe = UINT64_MAX;
        else if (i % 4 == 3)
            probe = rng_next(&rng);
        else
            probe = keys[i / 4] + (uint64_t)(i % 4) - 1; /* key - 1, key, key + 1 */
        /* the expected start: the largest fence entry below probe */
        size_t lo = 0, hi = nf;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (fence[mid] < probe)
                lo = mid + 1;
            else
                hi = mid;
        }
        uint64_t s = fence_start_of(map, probe, &none);
        if (lo == 0)
            cr_assert(none, "probe %llx: a start below every fence entry",
                      (unsigned long long)probe);
        else
            cr_assert(!none && s == fence[lo - 1], "probe %llx: start %llx, the last entry below is %llx",
                      (unsigned long long)probe, (unsigned long long)s,
                      (unsigned long long)fence[lo - 1]);
    }
    oe_rcu_read_unlock();
    free(fence);
    oe_omap_destroy(map);
}

/* Evenly spread keys: about FENCE_PER_BUCKET entries per bucket, scanned. */
Test(omap_fence, directory_exact_for_spread_keys)
{
    const size_t n = 40000;
    uint64_t *keys = malloc(n * sizeof *keys), rng = 77;
    for (size_t i = 0; i < n; i++)
        keys[i] = rng_next(&rng) | 1; /* odd: key + 1 is never another key */
    check_directory_exact(keys, n);
    free(keys);
}

/* Two dense clusters at the ends of the key space: the buckets are as wide
 * as half of it, so each cluster crowds one bucket, which is searched. */
Test(omap_fence, directory_exact_for_clustered_keys)
{
    const size_t n = 40000;
    uint64_t *keys = malloc(n * sizeof *keys);
    for (size_t i = 0; i < n / 2; i++) {
        keys[2 * i] = 8 * i + 5;
        keys[2 * i + 1] = UINT64_MAX - 8 * i - 5;
    }
    check_directory_exact(keys, n);
    free(keys);
}

/* Consecutive small numbers (autoincrement-like): many leading zero bytes,
 * narrow buckets, some of them empty between skewed runs. */
Test(omap_fence, directory_exact_for_dense_and_skewed_keys)
{
    const size_t n = 40000;
    uint64_t *keys = malloc(n * sizeof *keys);
    for (size_t i = 0; i < n; i++)
        keys[i] = i < n / 2 ? 3 * i + 1 : 3 * (n / 2) + (uint64_t)(i - n / 2) * 1000 + 1;
    check_directory_exact(keys, n);
    free(keys);
}

/* ---- how far a descent walks from the fence (omap.c, BOUND) ---- */

/* Ascending keys land past the fence's last entry: those descents start
 * from the head (the fence bounds nothing there), while keys inside the
 * fenced range still start from the fence; nothing overruns. */
Test(omap_fence, keys_past_the_last_entry_descend_from_the_head)
{
    const uint64_t n = 20001;
    struct oe_omap *map = fenced_map(n);
    oe_omap_fence_refresh(map);
    uint64_t builds0 = oe_omap_fence_builds(map);
    unsigned char k[8];
    for (uint64_t i = n; i < n + n / 8; i++) { /* +12.5%: no rebuild by count */
        be_key(i, k);
        cr_assert_eq(oe_omap_insert(map, k, 8, (void *)(uintptr_t)(i + 1), NULL), JET_errSuccess);
    }
    cr_assert_eq(oe_omap_fence_builds(map), builds0, "the appends rebuilt the fence");
    cr_assert_eq(oe_omap_fence_misses(map), 0, "an append walked from the fence");
    be_key(n + n / 16, k);
    cr_assert_null(oe_omap_fence_start(map, k, 8, OE_OMAP_FENCE_LEVEL),
                   "a key past the last entry starts from it");
    be_key(n / 2, k);
    cr_assert_not_null(oe_omap_fence_start(map, k, 8, OE_OMAP_FENCE_LEVEL),
                       "a key inside the fence does not start from it");
    oe_omap_destroy(map);
}

/* Many keys inserted into one gap between two fence entries: walks from
 * the entry before the gap overrun FENCE_WALK_MAX, count as misses and
 * bring a rebuild although the count moved by far less than a quarter;
 * every key is still found. */
Test(omap_fence, a_crowded_gap_overruns_and_rebuilds_the_fence)
{
    int64_t live0 = oe_alloc_live_blocks();
    const uint64_t n = 20001, added = 2000;
    struct oe_omap *map;
    unsigned char k[8];
    oe_omap_tune_fence(1024, 256);
    cr_assert_eq(oe_omap_create(&map), JET_errSuccess);
    for (uint64_t i = 0; i < n; i++) { /* keys 0, 1M, 2M, ...: room between */
        be_key(i * 1000000, k);
        cr_assert_eq(oe_omap_insert(map, k, 8, (void *)(uintptr_t)(i + 1), NULL), JET_errSuccess);
    }
    oe_omap_fence_refresh(map);
    uint64_t builds0 = oe_omap_fence_builds(map);
    cr_assert_eq(oe_omap_fence_misses(map), 0);
    for (uint64_t j = 1; j <= added; j++) { /* all between keys n/2 and n/2 + 1 */
        be_key(n / 2 * 1000000 + j, k);
        cr_assert_eq(oe_omap_insert(map, k, 8, (void *)(uintptr_t)(n + j), NULL), JET_errSuccess);
    }
    cr_assert_gt(oe_omap_fence_builds(map), builds0,
                 "no rebuild after %u inserts into one gap (%lld misses)", (unsigned)added,
                 (long long)oe_omap_fence_misses(map));
    oe_rcu_read_lock();
    for (uint64_t j = 1; j <= added; j++) {
        be_key(n / 2 * 1000000 + j, k);
        struct oe_omap_entry *e = oe_omap_lookup(map, k, 8);
        cr_assert(e && entry_value(e) == (void *)(uintptr_t)(n + j), "key +%llu",
                  (unsigned long long)j);
    }
    oe_rcu_read_unlock();
    oe_omap_destroy(map);
    oe_rcu_barrier();
    cr_assert_eq(oe_alloc_live_blocks(), live0, "leaked blocks");
}

/* Readers bound their walk too: with rebuilds held off, lookups into a
 * crowded gap count overruns (and still find every key). */
Test(omap_fence, lookups_into_a_crowded_gap_overrun)
{
    const uint64_t n = 20001, added = 500;
    struct oe_omap *map;
    unsigned char k[8];
    oe_omap_tune_fence(1024, 1u << 30); /* no thread checks its fence in this test */
    cr_assert_eq(oe_omap_create(&map), JET_errSuccess);
    for (uint64_t i = 0; i < n; i++) {
        be_key(i * 1000000, k);
        cr_assert_eq(oe_omap_insert(map, k, 8, (void *)(uintptr_t)(i + 1), NULL), JET_errSuccess);
    }
    oe_omap_fence_refresh(map);
    for (uint64_t j = 1; j <= added; j++) {
        be_key(n / 2 * 1000000 + j, k);
        cr_assert_eq(oe_omap_insert(map, k, 8, (void *)(uintptr_t)(n + j), NULL), JET_errSuccess);
    }
    int64_t misses0 = oe_omap_fence_misses(map);
    oe_rcu_read_lock();
    for (uint64_t j = 1; j <= added; j++) {
        be_key(n / 2 * 1000000 + j, k);
        struct oe_omap_entry *e = oe_omap_lookup(map, k, 8);
        cr_assert(e && entry_value(e) == (void *)(uintptr_t)(n + j));
    }
    oe_rcu_read_unlock();
    cr_assert_gt(oe_omap_fence_misses(map), misses0, "no lookup overran the crowded gap");
    oe_omap_destroy(map);
    oe_omap_tune_fence(512, 256);
}

/* TALL: a descent for a node taller than the fence level starts from a
 * fence entry before the key that is linked at the node's top level, for
 * most keys (looking back at most FENCE_TALL_BACK entries; a quarter of a
 * level's nodes reach the next one up, so the share falls with the level). */
Test(omap_fence, tall_inserts_start_from_a_tall_entry_before_them)
{
    const uint64_t n = 20001;
    struct oe_omap *map = fenced_map(n);
    oe_omap_fence_refresh(map);
    const int top = OE_OMAP_FENCE_LEVEL + 3;
    unsigned starts[OE_OMAP_FENCE_LEVEL + 4] = {0};
    unsigned char k[9];
    oe_rcu_read_lock();
    for (uint64_t i = 0; i < n; i++) {
        be_key(i, k);
        k[8] = 0; /* after key i, before i + 1 */
        for (int lvl = OE_OMAP_FENCE_LEVEL; lvl <= top; lvl++) {
            struct oe_omap_entry *e = oe_omap_fence_start(map, k, 9, lvl);
            if (!e)
                continue;
            size_t len;
            const unsigned char *ek = oe_omap_entry_key(e, &len);
            cr_assert(len == 8 && memcmp(ek, k, 8) < 0, "level %d, key %llu: a start not before it",
                      lvl, (unsigned long long)i);
            cr_assert_gt(oe_omap_entry_height(e), (unsigned)lvl,
                         "level %d, key %llu: a start not linked at that level", lvl,
                         (unsigned long long)i);
            starts[lvl]++;
        }
    }
    oe_rcu_read_unlock();
    cr_assert_gt(starts[OE_OMAP_FENCE_LEVEL], n * 99 / 100, "fence starts: %u of %llu",
                 starts[OE_OMAP_FENCE_LEVEL], (unsigned long long)n);
    cr_assert_gt(starts[OE_OMAP_FENCE_LEVEL + 1], n * 9 / 10, "level +1 starts: %u",
                 starts[OE_OMAP_FENCE_LEVEL + 1]);
    cr_assert_gt(starts[OE_OMAP_FENCE_LEVEL + 2], n * 6 / 10, "level +2 starts: %u",
                 starts[OE_OMAP_FENCE_LEVEL + 2]);
    cr_assert_gt(starts[top], n * 3 / 10, "level +3 starts: %u", starts[top]);
    oe_omap_destroy(map);
}
