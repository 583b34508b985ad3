/*
 * test_slot_table.c -- white-box tests of the type-stable slot table
 * (src/sync/slot_table.c).
 *
 * Covered: indices are distinct, >= 1 and <= max_index; lookup is stable
 * and finds the element init_elem initialised for that index; init_elem
 * runs exactly once per slot; growth across many chunks never moves an
 * element (pointers taken before growth stay valid and keep their
 * contents); freed indices are handed out again before fresh ones; a small
 * table stops exactly at max_index; allocation failure (fault injection)
 * yields fewer or zero indices and leaves the table usable; lookups from
 * another thread while the table grows always find the elements already
 * created, at the same address.
 *
 * Tables are never destroyed (the API has no destroy: slot memory lives as
 * long as the process), so each test makes its own on the heap.
 */
#include <criterion/criterion.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sync/alloc.h"
#include "sync/slot_table.h"

#define ELEM_MAGIC UINT64_C(0x51075107deadbeef)
#define MAX_TRACK 8192

struct elem {
    uint64_t magic;
    uint32_t index;
    uint32_t user;          /* written by the tests after allocation */
    char pad[40];           /* an element size that is not a power of two */
};

static _Atomic int g_init_count[MAX_TRACK]; /* [atomic relaxed] init_elem calls per index */
static _Atomic int g_init_out_of_range;     /* [atomic relaxed] */

static void init_elem(void *p, uint32_t index)
{
    struct elem *e = p;
    e->magic = ELEM_MAGIC;
    e->index = index;
    e->user = 0;
    if (index < MAX_TRACK)
        atomic_fetch_add_explicit(&g_init_count[index], 1, memory_order_relaxed);
    else
        atomic_fetch_add_explicit(&g_init_out_of_range, 1, memory_order_relaxed);
}

static struct oe_slot_table *new_table(uint32_t max_index)
{
    struct oe_slot_table *t = calloc(1, sizeof(*t));
    cr_assert_not_null(t);
    oe_slot_table_init(t, sizeof(struct elem), max_index, init_elem);
    return t;
}

/* drop_table -- free a table made by new_table (LeakSanitizer checks it). */
static void drop_table(struct oe_slot_table *t)
{
    oe_slot_table_destroy(t);
    free(t);
}

/* check_elem -- lookup(idx) exists and is the element made for idx. */
static struct elem *check_elem(struct oe_slot_table *t, uint32_t idx)
{
    struct elem *e = oe_slot_lookup(t, idx);
    if (!e)
        cr_assert_fail("lookup(%u) is NULL", idx);
    if (e->magic != ELEM_MAGIC || e->index != idx)
        cr_assert_fail("lookup(%u) found magic %#lx index %u", idx, (unsigned long)e->magic, e->index);
    return e;
}

Test(slot_table, empty_table_has_no_slots)
{
    struct oe_slot_table *t = new_table(1000);
    cr_assert_null(oe_slot_lookup(t, 0));
    cr_assert_null(oe_slot_lookup(t, 1));
    cr_assert_null(oe_slot_lookup(t, 999));
    cr_assert_eq(oe_slot_high_water(t), 1, "index 0 is never handed out");
    drop_table(t);
}

Test(slot_table, batch_indices_distinct_and_valid)
{
    struct oe_slot_table *t = new_table(OE_SLOT_CHUNK * 8);
    uint32_t out[16];
    static unsigned char seen[OE_SLOT_CHUNK * 8 + 1];
    uint32_t total = 0;
    for (int round = 0; round < 20; round++) {
        uint32_t n = oe_slot_alloc_batch(t, out, 16);
        cr_assert_eq(n, 16, "round %d got %u", round, n);
        for (uint32_t i = 0; i < n; i++) {
            cr_assert_geq(out[i], 1);
            cr_assert_leq(out[i], OE_SLOT_CHUNK * 8);
            cr_assert_eq(seen[out[i]], 0, "index %u handed out twice", out[i]);
            seen[out[i]] = 1;
            struct elem *e = check_elem(t, out[i]);
            cr_assert_eq(oe_slot_lookup(t, out[i]), e, "lookup not stable");
        }
        total += n;
    }
    cr_assert_eq(oe_slot_high_water(t), total + 1, "fresh indices are dense");
    /* An index beyond every created chunk is not a slot. */
    cr_assert_null(oe_slot_lookup(t, OE_SLOT_CHUNK * 64 + 3));
    cr_assert_null(oe_slot_lookup(t, 0xffffffu));
    cr_assert_null(oe_slot_lookup(t, UINT32_MAX));
    drop_table(t);
}

Test(slot_table, init_runs_once_per_slot_and_growth_is_type_stable, .timeout = 30)
{
    enum { N = 5000 };
    struct oe_slot_table *t = new_table((1u << 24) - 1);
    static struct elem *ptr[N + 1];
    uint32_t out[37];
    uint32_t got = 0;
    while (got < N) {
        uint32_t want = N - got < 37 ? N - got : 37;
        uint32_t n = oe_slot_alloc_batch(t, out, want);
        cr_assert_eq(n, want);
        for (uint32_t i = 0; i < n; i++) {
            uint32_t idx = out[i];
            cr_assert(idx >= 1 && idx <= N, "index %u outside 1..%d (fresh table)", idx, N);
            cr_assert_null(ptr[idx], "index %u handed out twice", idx);
            ptr[idx] = check_elem(t, idx);
            ptr[idx]->user = idx * 7u + 1;
        }
        got += n;
        /* Every earlier element is still where it was, with its contents. */
        if (got % (37 * 20) == 0 || got == N) {
            for (uint32_t idx = 1; idx <= N; idx++) {
                if (!ptr[idx])
                    continue;
                struct elem *e = oe_slot_lookup(t, idx);
                if (e != ptr[idx])
                    cr_assert_fail("slot %u moved from %p to %p after growth to %u", idx, (void *)ptr[idx],
                                   (void *)e, got);
                if (e->user != idx * 7u + 1 || e->magic != ELEM_MAGIC)
                    cr_assert_fail("slot %u contents lost after growth", idx);
            }
        }
    }
    uint32_t hw = oe_slot_high_water(t);
    cr_assert_eq(hw, N + 1);
    /* init_elem ran exactly once for every slot of every created chunk
     * (including index 0 of chunk 0, which is never handed out), and for
     * nothing beyond. */
    uint32_t chunks = (N + OE_SLOT_CHUNK) / OE_SLOT_CHUNK;
    for (uint32_t idx = 0; idx < MAX_TRACK; idx++) {
        int expect = idx < chunks * OE_SLOT_CHUNK ? 1 : 0;
        cr_assert_eq(atomic_load(&g_init_count[idx]), expect, "init_elem(%u) ran %d times", idx,
                     atomic_load(&g_init_count[idx]));
    }
    cr_assert_eq(atomic_load(&g_init_out_of_range), 0);
    /* Slots in a created chunk but beyond the bump pointer exist (initialised). */
    cr_assert_not_null(oe_slot_lookup(t, chunks * OE_SLOT_CHUNK - 1));
    cr_assert_null(oe_slot_lookup(t, chunks * OE_SLOT_CHUNK + OE_SLOT_CHUNK * 64));
    drop_table(t);
}

Test(slot_table, freed_indices_are_reused_first)
{
    struct oe_slot_table *t = new_table(100000);
    uint32_t a[40];
    cr_assert_eq(oe_slot_alloc_batch(t, a, 40), 40);
    uint32_t hw = oe_slot_high_water(t);
    struct elem *before[40];
    for (int i = 0; i < 40; i++)
        before[i] = check_elem(t, a[i]);

    /* Give back every other one. */
    uint32_t freed[20];
    for (int i = 0; i < 20; i++)
        freed[i] = a[2 * i + 1];
    oe_slot_free_batch(t, freed, 20);

    uint32_t b[20];
    cr_assert_eq(oe_slot_alloc_batch(t, b, 20), 20);
    cr_assert_eq(oe_slot_high_water(t), hw, "a fresh index was created while freed ones were available");
    for (int i = 0; i < 20; i++) {
        int found = 0;
        for (int j = 0; j < 20; j++)
            found += b[i] == freed[j];
        cr_assert_eq(found, 1, "index %u was not one of the freed ones", b[i]);
        for (int j = 0; j < i; j++)
            cr_assert_neq(b[i], b[j], "freed index %u handed out twice", b[i]);
        /* Same index, same memory as before the free (type-stable). */
        for (int j = 0; j < 40; j++)
            if (a[j] == b[i])
                cr_assert_eq(check_elem(t, b[i]), before[j]);
    }
    for (int i = 0; i < 40; i++)
        cr_assert_eq(oe_slot_lookup(t, a[i]), before[i]);

    /* Now the free stack is empty: a further batch is fresh and dense. */
    uint32_t c[5];
    cr_assert_eq(oe_slot_alloc_batch(t, c, 5), 5);
    for (int i = 0; i < 5; i++)
        cr_assert_eq(c[i], hw + (uint32_t)i, "fresh index %u, expected %u", c[i], hw + (uint32_t)i);

    /* A batch larger than the free stack takes all freed ones, then fresh ones. */
    oe_slot_free_batch(t, c, 3);
    uint32_t d[6];
    cr_assert_eq(oe_slot_alloc_batch(t, d, 6), 6);
    int reused = 0;
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 3; j++)
            reused += d[i] == c[j];
    cr_assert_eq(reused, 3);
    cr_assert_eq(oe_slot_high_water(t), hw + 5 + 3);
    drop_table(t);
}

Test(slot_table, max_index_is_respected)
{
    struct oe_slot_table *t = new_table(300);
    static unsigned char seen[302];
    uint32_t out[7];
    uint32_t total = 0, n;
    while ((n = oe_slot_alloc_batch(t, out, 7)) > 0) {
        for (uint32_t i = 0; i < n; i++) {
            cr_assert(out[i] >= 1 && out[i] <= 300, "index %u beyond max_index 300", out[i]);
            cr_assert_eq(seen[out[i]], 0, "index %u twice", out[i]);
            seen[out[i]] = 1;
            check_elem(t, out[i]);
        }
        total += n;
        cr_assert_leq(total, 300);
    }
    cr_assert_eq(total, 300, "a table with max_index 300 gave %u indices", total);
    cr_assert_eq(oe_slot_alloc_batch(t, out, 1), 0);
    cr_assert_eq(oe_slot_high_water(t), 301);

    /* One freed index comes back, then the table is exhausted again. */
    uint32_t one = 123;
    oe_slot_free_batch(t, &one, 1);
    cr_assert_eq(oe_slot_alloc_batch(t, out, 7), 1);
    cr_assert_eq(out[0], 123);
    cr_assert_eq(oe_slot_alloc_batch(t, out, 7), 0);
    drop_table(t);
}

Test(slot_table, partial_batch_at_max_index)
{
    struct oe_slot_table *t = new_table(10);
    uint32_t out[16];
    cr_assert_eq(oe_slot_alloc_batch(t, out, 16), 10);
    for (uint32_t i = 0; i < 10; i++)
        cr_assert_eq(out[i], i + 1);
    cr_assert_eq(oe_slot_alloc_batch(t, out, 16), 0);
    drop_table(t);
}

Test(slot_table, allocation_failure_on_fresh_table)
{
    /* Creating the first chunk takes three allocations (free stack, chunk,
     * directory); failing any of them must yield no index and leave the
     * table able to try again. */
    for (uint64_t k = 0; k < 3; k++) {
        struct oe_slot_table *t = new_table(1000);
        uint32_t out[16];
        oe_alloc_fail_nth(k);
        uint32_t n = oe_slot_alloc_batch(t, out, 16);
        oe_alloc_fail_reset();
        cr_assert_eq(n, 0, "fail_nth(%lu): got %u indices", (unsigned long)k, n);
        cr_assert_null(oe_slot_lookup(t, 1), "fail_nth(%lu): slot 1 visible after a failed growth",
                       (unsigned long)k);
        cr_assert_eq(oe_slot_high_water(t), 1);
        n = oe_slot_alloc_batch(t, out, 16);
        cr_assert_eq(n, 16, "fail_nth(%lu): table unusable after failure", (unsigned long)k);
        for (uint32_t i = 0; i < 16; i++) {
            cr_assert_eq(out[i], i + 1);
            check_elem(t, out[i]);
        }
        drop_table(t);
    }
}

Test(slot_table, allocation_failure_midway_returns_fewer)
{
    for (uint64_t k = 0; k < 4; k++) {
        struct oe_slot_table *t = new_table(100000);
        uint32_t first[OE_SLOT_CHUNK - 1];
        /* Fill chunk 0 (indices 1..255): no further growth needed for it. */
        cr_assert_eq(oe_slot_alloc_batch(t, first, OE_SLOT_CHUNK - 1), OE_SLOT_CHUNK - 1);
        struct elem *p1 = check_elem(t, 1);
        /* The next index needs chunk 1 (three allocations: free stack,
         * chunk, directory); fail one of them. k = 3 fails the first
         * allocation of chunk 2 instead: the batch stops at its boundary. */
        uint32_t *out = malloc(300 * sizeof(uint32_t));
        oe_alloc_fail_nth(k);
        uint32_t n = oe_slot_alloc_batch(t, out, 300);
        oe_alloc_fail_reset();
        if (k < 3) {
            cr_assert_eq(n, 0, "fail_nth(%lu) during chunk 1: got %u", (unsigned long)k, n);
            cr_assert_null(oe_slot_lookup(t, OE_SLOT_CHUNK));
        } else {
            cr_assert_eq(n, OE_SLOT_CHUNK, "fail_nth(3): got %u", n);
            for (uint32_t i = 0; i < n; i++)
                cr_assert_eq(out[i], OE_SLOT_CHUNK + i);
            cr_assert_null(oe_slot_lookup(t, 2 * OE_SLOT_CHUNK));
        }
        /* Usable afterwards: continue densely from where it stopped. */
        uint32_t m = oe_slot_alloc_batch(t, out, 300);
        cr_assert_eq(m, 300);
        uint32_t base = OE_SLOT_CHUNK * (k < 3 ? 1 : 2);
        for (uint32_t i = 0; i < m; i++) {
            cr_assert_eq(out[i], base + i);
            check_elem(t, out[i]);
        }
        cr_assert_eq(check_elem(t, 1), p1, "chunk 0 moved");
        free(out);
        drop_table(t);
    }
}

Test(slot_table, failure_partway_through_a_batch)
{
    /* A batch that crosses a chunk boundary when growth fails returns the
     * indices it could hand out before the boundary. */
    struct oe_slot_table *t = new_table(100000);
    uint32_t out[600];
    cr_assert_eq(oe_slot_alloc_batch(t, out, 200), 200);
    oe_alloc_fail_after(0);
    uint32_t n = oe_slot_alloc_batch(t, out, 100);
    oe_alloc_fail_reset();
    cr_assert_eq(n, OE_SLOT_CHUNK - 1 - 200, "got %u before the chunk boundary", n);
    for (uint32_t i = 0; i < n; i++)
        cr_assert_eq(out[i], 201 + i);
    cr_assert_eq(oe_slot_high_water(t), OE_SLOT_CHUNK);
    n = oe_slot_alloc_batch(t, out, 10);
    cr_assert_eq(n, 10);
    cr_assert_eq(out[0], OE_SLOT_CHUNK);
    check_elem(t, OE_SLOT_CHUNK + 9);
    drop_table(t);
}

/* ---- concurrent growth and lookup ---- */

#define CONC_N 6000

struct conc {
    struct oe_slot_table *t;
    _Atomic uint32_t published;      /* [atomic acq/rel] indices 1..published exist */
    _Atomic int done;                /* [atomic acq/rel] grower finished */
    struct elem *addr[CONC_N + 1];   /* written by the grower before publishing */
    _Atomic long lookups;            /* [atomic relaxed] */
    _Atomic long errors;             /* [atomic relaxed] */
};

static void *grower(void *arg)
{
    struct conc *c = arg;
    uint32_t out[13];
    uint32_t got = 0;
    while (got < CONC_N) {
        uint32_t want = CONC_N - got < 13 ? CONC_N - got : 13;
        uint32_t n = oe_slot_alloc_batch(c->t, out, want);
        if (n != want) {
            atomic_fetch_add(&c->errors, 1000);
            break;
        }
        for (uint32_t i = 0; i < n; i++)
            c->addr[out[i]] = oe_slot_lookup(c->t, out[i]);
        got += n;
        /* Fresh table, no frees: the indices are exactly 1..got. */
        atomic_store_explicit(&c->published, got, memory_order_release);
    }
    atomic_store_explicit(&c->done, 1, memory_order_release);
    return NULL;
}

static void *looker(void *arg)
{
    struct conc *c = arg;
    uint64_t x = 88172645463325252ull;
    for (;;) {
        int finished = atomic_load_explicit(&c->done, memory_order_acquire);
        uint32_t p = atomic_load_explicit(&c->published, memory_order_acquire);
        for (int k = 0; k < 64 && p > 0; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            uint32_t idx = (uint32_t)(x % p) + 1;
            struct elem *e = oe_slot_lookup(c->t, idx);
            if (!e || e != c->addr[idx] || e->magic != ELEM_MAGIC || e->index != idx)
                atomic_fetch_add_explicit(&c->errors, 1, memory_order_relaxed);
            atomic_fetch_add_explicit(&c->lookups, 1, memory_order_relaxed);
        }
        if (finished)
            break;
    }
    return NULL;
}

Test(slot_table, lookups_during_growth, .timeout = 30)
{
    static struct conc c;
    c.t = new_table(100000);
    atomic_init(&c.published, 0);
    atomic_init(&c.done, 0);
    pthread_t g, l;
    cr_assert_eq(pthread_create(&l, NULL, looker, &c), 0);
    cr_assert_eq(pthread_create(&g, NULL, grower, &c), 0);
    pthread_join(g, NULL);
    pthread_join(l, NULL);
    cr_assert_eq(atomic_load(&c.errors), 0, "%ld bad lookups", atomic_load(&c.errors));
    cr_assert_gt(atomic_load(&c.lookups), 0);
    for (uint32_t idx = 1; idx <= CONC_N; idx++)
        cr_assert_eq(oe_slot_lookup(c.t, idx), c.addr[idx]);
    drop_table(c.t);
}
