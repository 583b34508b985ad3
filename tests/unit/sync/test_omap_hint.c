/*
 * test_omap_hint.c -- insert hints (src/sync/omap.h, HINTS): undoing an
 * insert through its hint removes exactly that entry, whether the links
 * the insert saw are still in place (no search) or not (a node inserted
 * between, a predecessor deleted: the fallback search), and no node leaks.
 * Keys are 2-byte strings; a run of many keys makes some nodes taller than
 * one level, so upper-level swings are exercised too.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sync/alloc.h"
#include "sync/omap.h"
#include "sync/rcu.h"

static struct oe_omap *new_map(void)
{
    struct oe_omap *map;
    cr_assert_eq(oe_omap_create(&map), JET_errSuccess);
    return map;
}

static int64_t live_now(void)
{
    oe_rcu_barrier(); /* run the deferred frees first */
    return oe_alloc_live_blocks();
}

static void key_of(unsigned i, char k[3])
{
    k[0] = (char)('a' + i / 26);
    k[1] = (char)('a' + i % 26);
    k[2] = 0;
}

static void put(struct oe_omap *map, unsigned i)
{
    char k[3];
    key_of(i, k);
    cr_assert_eq(oe_omap_insert(map, k, 2, (void *)(uintptr_t)(i + 1), NULL), JET_errSuccess);
}

static JET_ERR put_hinted(struct oe_omap *map, unsigned i, struct oe_omap_hint *h)
{
    char k[3];
    key_of(i, k);
    memset(h, 0, sizeof(*h));
    return oe_omap_insert_hinted(map, k, 2, (void *)(uintptr_t)(i + 1), NULL, h);
}

static int present(struct oe_omap *map, unsigned i)
{
    char k[3];
    key_of(i, k);
    oe_rcu_read_lock();
    struct oe_omap_entry *e = oe_omap_lookup(map, k, 2);
    oe_rcu_read_unlock();
    return e != NULL;
}

/* put_every -- keys 0, step, 2*step ... below n, each noted in want. */
static void put_every(struct oe_omap *map, unsigned step, unsigned n, unsigned char *want)
{
    for (unsigned i = 0; i < n; i += step) {
        put(map, i);
        want[i] = 1;
    }
}

/* undo -- remove key i inserted with hint h: through the hint when the
 * insert made one, by key when its node was too tall for one. */
static void undo(struct oe_omap *map, struct oe_omap_hint *h, unsigned i)
{
    if (h->node) {
        cr_assert_eq(oe_omap_delete_hinted(map, h, (void *)(uintptr_t)(i + 1)), JET_errSuccess);
        cr_assert_null(h->node, "the delete drops the hint");
    } else {
        char k[3];
        key_of(i, k);
        cr_assert_eq(oe_omap_delete(map, k, 2, NULL), JET_errSuccess);
    }
}

/* check_order -- level 0 holds exactly the keys in `want` (bitmap over
 * 0..n-1), in order. */
static void check_keys(struct oe_omap *map, const unsigned char *want, unsigned n)
{
    unsigned expected = 0;
    for (unsigned i = 0; i < n; i++)
        expected += want[i];
    cr_assert_eq(oe_omap_count(map), expected);
    unsigned seen = 0;
    oe_rcu_read_lock();
    for (unsigned i = 0; i < n; i++)
        if (want[i]) {
            char k[3];
            key_of(i, k);
            cr_assert_not_null(oe_omap_lookup(map, k, 2), "key %u missing", i);
            seen++;
        } else {
            char k[3];
            key_of(i, k);
            cr_assert_null(oe_omap_lookup(map, k, 2), "key %u still there", i);
        }
    oe_rcu_read_unlock();
    cr_assert_eq(seen, expected);
}

/* Undo through untouched links: every hinted insert of a sequence is
 * deleted through its hint (the common rollback), map and memory as before. */
Test(omap_hint, undo_with_links_in_place)
{
    /* 900 entries would get a fence, which pins the nodes it names until
     * its next rebuild: the exact live count below needs none. */
    oe_omap_tune_fence(UINT64_MAX, 256);
    struct oe_omap *map = new_map();
    unsigned char want[600] = {0};
    put_every(map, 2, 600, want);
    int64_t live0 = live_now();
    struct oe_omap_hint h[300];
    unsigned hinted = 0;
    for (unsigned j = 0; j < 300; j++) {
        cr_assert_eq(put_hinted(map, 2 * j + 1, &h[j]), JET_errSuccess);
        hinted += h[j].node != NULL;
    }
    cr_assert_gt(hinted, 250, "most nodes are short enough for a hint (%u)", hinted);
    for (unsigned j = 0; j < 300; j++)
        undo(map, &h[j], 2 * j + 1);
    check_keys(map, want, 600);
    cr_assert_eq(live_now(), live0, "every undone node was freed");
    oe_omap_destroy(map);
}

/* A node inserted between the predecessor and ours, and a predecessor
 * deleted since the insert: the swings fail, the fallback search unlinks. */
Test(omap_hint, undo_after_neighbours_changed)
{
    struct oe_omap *map = new_map();
    unsigned char want[400] = {0};
    put_every(map, 4, 400, want);
    int64_t live0 = live_now();
    struct oe_omap_hint h[100];
    for (unsigned j = 0; j < 100; j++)
        cr_assert_eq(put_hinted(map, 4 * j + 2, &h[j]), JET_errSuccess);
    for (unsigned j = 0; j < 100; j++) {
        put(map, 4 * j + 1); /* between our predecessor and us */
        want[4 * j + 1] = 1;
        if (j % 3 == 0) { /* and the predecessor itself goes */
            char k[3];
            key_of(4 * j, k);
            cr_assert_eq(oe_omap_delete(map, k, 2, NULL), JET_errSuccess);
            want[4 * j] = 0;
        }
    }
    for (unsigned j = 0; j < 100; j++)
        undo(map, &h[j], 4 * j + 2);
    check_keys(map, want, 400);
    /* the deleted predecessors were pinned by hints until those were dropped */
    for (unsigned i = 0; i < 400; i++)
        if (want[i]) {
            char k[3];
            key_of(i, k);
            cr_assert_eq(oe_omap_delete(map, k, 2, NULL), JET_errSuccess);
        }
    cr_assert_eq(live_now(), live0 - 100, "the 100 base nodes and every undone node freed");
    oe_omap_destroy(map);
}

/* A hint dropped without a delete (the commit) leaves the entry in place. */
Test(omap_hint, drop_keeps_the_entry)
{
    struct oe_omap *map = new_map();
    for (unsigned i = 0; i < 50; i += 2)
        put(map, i);
    struct oe_omap_hint h;
    cr_assert_eq(put_hinted(map, 7, &h), JET_errSuccess);
    oe_omap_hint_drop(&h);
    cr_assert_null(h.node);
    oe_omap_hint_drop(&h); /* idempotent */
    cr_assert(present(map, 7));
    char k[3];
    key_of(7, k);
    cr_assert_eq(oe_omap_delete(map, k, 2, NULL), JET_errSuccess);
    cr_assert(!present(map, 7));
    oe_omap_destroy(map);
}

/* The value check: a hint whose entry no longer holds the expected value
 * deletes nothing, and an insert of an existing key makes no hint. Nodes
 * taller than OE_OMAP_HINT_LEVELS (1 in 32) get none: the first key whose
 * insert made a hint is used. */
Test(omap_hint, expect_mismatch_and_existing_key)
{
    struct oe_omap *map = new_map();
    struct oe_omap_hint h, h2;
    unsigned i = 0;
    for (;; i++) {
        cr_assert_lt(i, 200, "no hint in 200 inserts");
        cr_assert_eq(put_hinted(map, i, &h), JET_errSuccess);
        if (h.node)
            break;
    }
    cr_assert_eq(put_hinted(map, i, &h2), OE_OMAP_EXISTS);
    cr_assert_null(h2.node);
    cr_assert_eq(oe_omap_delete_hinted(map, &h, (void *)(uintptr_t)9999), OE_OMAP_ABSENT);
    cr_assert_null(h.node);
    cr_assert(present(map, i));
    oe_omap_destroy(map);
}

/* A hint dropped after its map was destroyed touches only its own shares. */
Test(omap_hint, drop_after_destroy)
{
    struct oe_omap *map = new_map();
    int64_t live0 = live_now();
    for (unsigned i = 0; i < 60; i += 2)
        put(map, i);
    struct oe_omap_hint h[10];
    for (unsigned j = 0; j < 10; j++)
        cr_assert_eq(put_hinted(map, 6 * j + 1, &h[j]), JET_errSuccess);
    oe_omap_destroy(map);
    for (unsigned j = 0; j < 10; j++)
        oe_omap_hint_drop(&h[j]);
    cr_assert_eq(live_now(), live0 - 2, "only the map and its head were made before live0");
}
