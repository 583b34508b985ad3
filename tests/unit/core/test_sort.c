/*
 * test_sort.c -- white-box tests of src/core/sort.c (the temp-table sort
 * engine).
 *
 * The central property: for random records (keys of 0..64 bytes with
 * shared prefixes and exact duplicates), what the sort returns equals a
 * reference built with qsort on (key, payload) plus duplicate removal that
 * keeps the first of each key -- in both modes (materialized set,
 * forward-only stream with and without UNIQUE), scanning both ways,
 * seeking with all five relations, and after random updates applied to
 * the set and to a reference array alike. Keys built with key.h (several
 * column types, a descending segment) must come back in the order of a
 * comparator written on the native values. Then: ErrorOnDuplicateInsertion,
 * a fault-injection sweep (every allocation of a scenario fails once: each
 * step is OK or OutOfMemory, the result matches a reference of the steps
 * that succeeded, and nothing leaks), empty and one-record sorts, and a
 * 1M-record sort.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/key.h"
#include "core/sort.h"
#include "sync/alloc.h"

/* ---- fixed-seed randomness ---- */

static uint64_t rng_state;

static void rng_seed(uint64_t seed) { rng_state = seed * 0x9e3779b97f4a7c15ull + 1; }

static uint64_t rng_next(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static uint32_t rng_below(uint32_t n) { return (uint32_t)(rng_next() % n); }

/* ---- reference model ---- */

#define KMAX 64
#define DMAX 24

struct rrec {
    uint32_t cbKey, cbData;
    uint8_t key[KMAX];
    uint8_t data[DMAX];
    uint32_t seq; /* insertion order (ties of equal records) */
};

static int bytes_cmp(const uint8_t *a, uint32_t ca, const uint8_t *b, uint32_t cb)
{
    int c = memcmp(a, b, ca < cb ? ca : cb);
    if (c != 0)
        return c;
    return ca < cb ? -1 : ca > cb ? 1 : 0;
}

static int rrec_cmp_key(const struct rrec *a, const struct rrec *b)
{
    return bytes_cmp(a->key, a->cbKey, b->key, b->cbKey);
}

static int rrec_cmp(const void *pa, const void *pb)
{
    const struct rrec *a = pa, *b = pb;
    int c = rrec_cmp_key(a, b);
    if (c == 0)
        c = bytes_cmp(a->data, a->cbData, b->data, b->cbData);
    if (c == 0)
        c = a->seq < b->seq ? -1 : a->seq > b->seq;
    return c;
}

/* ref_sort -- qsort, then (fDedupe) keep the first record of each key. */
static size_t ref_sort(struct rrec *r, size_t n, bool fDedupe)
{
    qsort(r, n, sizeof(*r), rrec_cmp);
    if (!fDedupe || n == 0)
        return n;
    size_t w = 1;
    for (size_t i = 1; i < n; i++)
        if (rrec_cmp_key(&r[i], &r[w - 1]) != 0)
            r[w++] = r[i];
    return w;
}

/* gen_records -- random keys 0..KMAX bytes drawn from a few shared
 * prefixes, with exact key duplicates and exact record duplicates. */
static void gen_records(struct rrec *r, size_t n, uint64_t seed)
{
    static const char *prefixes[] = {"", "\x7f", "\x7f\x80\x00\x00", "abcdefgh", "abcdefghij",
                                     "\x00\x00\x00\x00\x00\x00\x00\x00\x00"};
    rng_seed(seed);
    for (size_t i = 0; i < n; i++) {
        struct rrec *x = &r[i];
        memset(x, 0, sizeof(*x));
        x->seq = (uint32_t)i;
        uint32_t roll = rng_below(10);
        if (i > 0 && roll == 0) { /* exact duplicate record */
            *x = r[rng_below((uint32_t)i)];
            x->seq = (uint32_t)i;
            continue;
        }
        if (i > 0 && roll == 1) { /* same key, new payload */
            const struct rrec *o = &r[rng_below((uint32_t)i)];
            x->cbKey = o->cbKey;
            memcpy(x->key, o->key, o->cbKey);
        } else {
            const char *p = prefixes[rng_below(6)];
            uint32_t cp = (uint32_t)(p == prefixes[5] ? 9 : strlen(p));
            x->cbKey = cp + rng_below(KMAX - cp + 1);
            memcpy(x->key, p, cp);
            for (uint32_t k = cp; k < x->cbKey; k++) /* small alphabet: more ties */
                x->key[k] = (uint8_t)(rng_below(4) * 0x55);
        }
        x->cbData = rng_below(DMAX + 1);
        for (uint32_t k = 0; k < x->cbData; k++)
            x->data[k] = (uint8_t)rng_next();
    }
}

static void insert_all(struct oe_sort *s, const struct rrec *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(oe_sort_insert(s, r[i].key, r[i].cbKey, r[i].data, r[i].cbData),
                     JET_errSuccess);
}

/* expect_current -- the sort's current record is ref. */
static void expect_current(struct oe_sort *s, const struct rrec *ref)
{
    const uint8_t *pk, *pd;
    uint32_t ck, cd;
    cr_assert_eq(oe_sort_current(s, &pk, &ck, &pd, &cd), JET_errSuccess);
    cr_assert_eq(bytes_cmp(pk, ck, ref->key, ref->cbKey), 0, "key differs");
    cr_assert_eq(bytes_cmp(pd, cd, ref->data, ref->cbData), 0, "payload differs");
}

/* expect_scan -- forward (and, when scrollable, backward) scans equal ref. */
static void expect_scan(struct oe_sort *s, const struct rrec *ref, size_t n, bool fBack)
{
    JET_ERR err = oe_sort_move(s, JET_MoveFirst);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(err, JET_errSuccess, "record %zu of %zu: err %d", i, n, err);
        expect_current(s, &ref[i]);
        err = oe_sort_move(s, JET_MoveNext);
    }
    cr_assert_eq(err, JET_errNoCurrentRecord);
    cr_assert_eq(oe_sort_move(s, JET_MoveNext), JET_errNoCurrentRecord);
    if (!fBack)
        return;
    uint64_t c;
    cr_assert_eq(oe_sort_count(s, &c), JET_errSuccess);
    cr_assert_eq(c, n);
    for (size_t i = n; i-- > 0;) {
        cr_assert_eq(oe_sort_move(s, JET_MovePrevious), JET_errSuccess);
        expect_current(s, &ref[i]);
    }
    cr_assert_eq(oe_sort_move(s, JET_MovePrevious), JET_errNoCurrentRecord);
    cr_assert_eq(oe_sort_move(s, JET_MoveNext), n ? JET_errSuccess : JET_errNoCurrentRecord);
}

/* ref_seek -- index of the reference answer to a seek, or -1. */
static long ref_seek(const struct rrec *r, size_t n, const uint8_t *k, uint32_t ck,
                     enum oe_sort_seek rel)
{
    long ans = -1;
    for (size_t i = 0; i < n; i++) {
        int c = bytes_cmp(r[i].key, r[i].cbKey, k, ck);
        switch (rel) {
        case OE_SORT_EQ: if (c == 0) return (long)i; break;
        case OE_SORT_GE: if (c >= 0) return (long)i; break;
        case OE_SORT_GT: if (c > 0) return (long)i; break;
        case OE_SORT_LE: if (c <= 0) ans = (long)i; break;
        case OE_SORT_LT: if (c < 0) ans = (long)i; break;
        }
    }
    return ans;
}

/* expect_seeks -- every relation for probes near the reference keys. */
static void expect_seeks(struct oe_sort *s, const struct rrec *ref, size_t n, uint32_t cprobe)
{
    for (uint32_t p = 0; p < cprobe; p++) {
        uint8_t k[KMAX + 2];
        uint32_t ck;
        if (n > 0 && p % 3 != 2) {
            const struct rrec *o = &ref[rng_below((uint32_t)n)];
            ck = o->cbKey;
            memcpy(k, o->key, ck);
            if (p % 3 == 1 && ck > 0) { /* a near miss: cut, bump or extend */
                uint32_t how = rng_below(3);
                if (how == 0)
                    ck--;
                else if (how == 1)
                    k[ck - 1] ^= 1;
                else
                    k[ck++] = 0;
            }
        } else {
            ck = rng_below(12);
            for (uint32_t j = 0; j < ck; j++)
                k[j] = (uint8_t)(rng_below(4) * 0x55);
        }
        for (int rel = OE_SORT_EQ; rel <= OE_SORT_GT; rel++) {
            long want = ref_seek(ref, n, k, ck, (enum oe_sort_seek)rel);
            JET_ERR err = oe_sort_seek(s, k, ck, (enum oe_sort_seek)rel);
            if (want < 0) {
                cr_assert_eq(err, JET_errRecordNotFound, "rel %d: err %d", rel, err);
                continue;
            }
            bool fEq = bytes_cmp(ref[want].key, ref[want].cbKey, k, ck) == 0;
            JET_ERR errWant = ((rel == OE_SORT_GE || rel == OE_SORT_LE) && !fEq)
                                  ? JET_wrnSeekNotEqual : JET_errSuccess;
            cr_assert_eq(err, errWant, "rel %d: err %d want %d", rel, err, errWant);
            expect_current(s, &ref[want]);
            uint64_t ord;
            cr_assert_eq(oe_sort_ordinal(s, &ord), JET_errSuccess);
            cr_assert_eq(ord, (uint64_t)want);
        }
    }
}

/* ---- properties against the reference ---- */

Test(sort, materialized_matches_reference)
{
    for (uint64_t seed = 1; seed <= 6; seed++) {
        size_t n = seed == 6 ? 20000 : 50 + 700 * seed;
        struct rrec *r = malloc(sizeof(*r) * n);
        gen_records(r, n, seed);
        struct oe_sort *s;
        cr_assert_eq(oe_sort_open(OE_SORT_MATERIALIZE, &s), JET_errSuccess);
        insert_all(s, r, n);
        size_t m = ref_sort(r, n, true);
        expect_scan(s, r, m, true);
        expect_seeks(s, r, m, seed == 6 ? 100 : 300);
        /* ordinal positioning and relative moves */
        for (int t = 0; t < 200; t++) {
            uint64_t i = rng_below((uint32_t)m + 2);
            JET_ERR err = oe_sort_goto_ordinal(s, i);
            if (i >= m) {
                cr_assert_eq(err, JET_errNoCurrentRecord);
                continue;
            }
            cr_assert_eq(err, JET_errSuccess);
            expect_current(s, &r[i]);
            int32_t d = (int32_t)rng_below(1200) - 600;
            err = oe_sort_move(s, d);
            long j = (long)i + d;
            if (d == 0 || (j >= 0 && j < (long)m)) {
                cr_assert_eq(err, JET_errSuccess);
                expect_current(s, &r[j]);
            } else {
                cr_assert_eq(err, JET_errNoCurrentRecord);
            }
        }
        cr_assert_eq(oe_sort_move(s, JET_MoveLast), JET_errSuccess);
        expect_current(s, &r[m - 1]);
        oe_sort_close(s);
        free(r);
    }
}

Test(sort, forward_only_matches_reference)
{
    for (uint64_t seed = 11; seed <= 14; seed++) {
        for (int fUnique = 0; fUnique <= 1; fUnique++) {
            size_t n = 3000 * (seed - 10);
            struct rrec *r = malloc(sizeof(*r) * n);
            gen_records(r, n, seed);
            struct oe_sort *s;
            cr_assert_eq(oe_sort_open(fUnique ? OE_SORT_UNIQUE : 0, &s), JET_errSuccess);
            insert_all(s, r, n);
            size_t m = ref_sort(r, n, fUnique);
            cr_assert_eq(oe_sort_move(s, JET_MoveFirst), JET_errSuccess);
            cr_assert_eq(oe_sort_move(s, JET_MoveFirst), JET_errSuccess); /* still at 0 */
            expect_scan(s, r, m, false);
            /* a stream goes forward only */
            cr_assert_eq(oe_sort_move(s, JET_MoveFirst), JET_errIllegalOperation);
            cr_assert_eq(oe_sort_move(s, JET_MovePrevious), JET_errIllegalOperation);
            cr_assert_eq(oe_sort_move(s, JET_MoveLast), JET_errIllegalOperation);
            cr_assert_eq(oe_sort_seek(s, r[0].key, r[0].cbKey, OE_SORT_GE),
                         JET_errIllegalOperation);
            cr_assert_eq(oe_sort_goto_ordinal(s, 0), JET_errIllegalOperation);
            cr_assert_eq(oe_sort_insert(s, "k", 1, NULL, 0), JET_errIllegalOperation);
            uint64_t c;
            cr_assert_eq(oe_sort_count(s, &c), JET_errSuccess);
            cr_assert_eq(c, m);
            oe_sort_close(s);
            free(r);
        }
    }
}

/* Big-endian sequence numbers as payloads: "smallest payload" is then
 * "inserted first", so both duplicate rules pick the same survivor. */
Test(sort, duplicate_survivor_is_smallest_payload)
{
    struct oe_sort *s;
    cr_assert_eq(oe_sort_open(OE_SORT_MATERIALIZE, &s), JET_errSuccess);
    cr_assert_eq(oe_sort_insert(s, "k", 1, "b", 1), JET_errSuccess);
    cr_assert_eq(oe_sort_insert(s, "k", 1, "a", 1), JET_errSuccess);
    cr_assert_eq(oe_sort_insert(s, "k", 1, "c", 1), JET_errSuccess);
    cr_assert_eq(oe_sort_insert(s, "j", 1, "z", 1), JET_errSuccess);
    uint64_t c;
    cr_assert_eq(oe_sort_count(s, &c), JET_errSuccess);
    cr_assert_eq(c, 2);
    struct rrec ref[2] = {{.cbKey = 1, .key = "j", .cbData = 1, .data = "z"},
                          {.cbKey = 1, .key = "k", .cbData = 1, .data = "a"}};
    expect_scan(s, ref, 2, true);
    /* after materialization a present key is a duplicate */
    cr_assert_eq(oe_sort_insert(s, "k", 1, "0", 1), JET_errKeyDuplicate);
    oe_sort_close(s);
}

/* ---- keys from key.h ---- */

struct row {
    int32_t l;
    char text[8];
    double d;
    uint32_t seq;
};

static int row_cmp(const void *pa, const void *pb)
{
    const struct row *a = pa, *b = pb;
    if (a->l != b->l)
        return a->l < b->l ? -1 : 1;
    int c = strcmp(a->text, b->text);
    if (c != 0)
        return -c; /* descending */
    if (a->d != b->d)
        return a->d < b->d ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

Test(sort, key_h_keys_order_like_native_values)
{
    struct oe_key_def def = {.cseg = 3,
                             .rgseg = {{JET_coltypLong, 0},
                                       {JET_coltypText, OE_KEY_SEG_DESCENDING},
                                       {JET_coltypIEEEDouble, 0}}};
    cr_assert_eq(oe_key_def_prepare(&def), JET_errSuccess);
    enum { N = 6000 };
    static struct row rows[N];
    rng_seed(77);
    for (uint32_t i = 0; i < N; i++) {
        rows[i].l = (int32_t)rng_below(9) - 4;
        uint32_t len = rng_below(4);
        for (uint32_t j = 0; j < len; j++)
            rows[i].text[j] = (char)('a' + rng_below(3));
        rows[i].text[len] = 0;
        rows[i].d = ((double)rng_below(7) - 3.0) * 0.5;
        rows[i].seq = i;
    }
    for (int fForward = 0; fForward <= 1; fForward++) {
        struct oe_sort *s;
        cr_assert_eq(oe_sort_open(fForward ? 0 : OE_SORT_MATERIALIZE, &s), JET_errSuccess);
        for (uint32_t i = 0; i < N; i++) {
            struct oe_key k;
            oe_key_init(&k, &def);
            cr_assert_eq(oe_key_append(&k, &rows[i].l, 4, 0), JET_errSuccess);
            uint32_t tl = (uint32_t)strlen(rows[i].text);
            cr_assert_eq(oe_key_append(&k, rows[i].text, tl, tl ? 0 : OE_KEY_SEG_ZERO_LENGTH),
                         JET_errSuccess);
            cr_assert_eq(oe_key_append(&k, &rows[i].d, 8, 0), JET_errSuccess);
            uint8_t seq[4] = {(uint8_t)(i >> 24), (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i};
            cr_assert_eq(oe_sort_insert(s, k.rgb, k.cb, seq, 4), JET_errSuccess);
        }
        static struct row ref[N];
        memcpy(ref, rows, sizeof(ref));
        qsort(ref, N, sizeof(ref[0]), row_cmp);
        size_t m = N;
        if (!fForward) { /* keep the first inserted of equal rows */
            m = 1;
            for (size_t i = 1; i < N; i++) {
                struct row a = ref[i], b = ref[m - 1];
                a.seq = b.seq = 0;
                if (row_cmp(&a, &b) != 0)
                    ref[m++] = ref[i];
            }
        }
        JET_ERR err = oe_sort_move(s, JET_MoveFirst);
        for (size_t i = 0; i < m; i++) {
            cr_assert_eq(err, JET_errSuccess);
            const uint8_t *pd;
            uint32_t cd;
            cr_assert_eq(oe_sort_current(s, NULL, NULL, &pd, &cd), JET_errSuccess);
            uint32_t seq = (uint32_t)pd[0] << 24 | (uint32_t)pd[1] << 16 | (uint32_t)pd[2] << 8 | pd[3];
            cr_assert_eq(seq, ref[i].seq, "position %zu: row %u, want %u", i, seq, ref[i].seq);
            err = oe_sort_move(s, JET_MoveNext);
        }
        cr_assert_eq(err, JET_errNoCurrentRecord);
        oe_sort_close(s);
    }
}

/* ---- updates on the materialized set ---- */

/* ref_find -- index of key in the sorted unique reference, or -1. */
static long ref_find(const struct rrec *r, size_t n, const uint8_t *k, uint32_t ck)
{
    return ref_seek(r, n, k, ck, OE_SORT_EQ);
}

Test(sort, updates_match_reference)
{
    enum { N0 = 3000, OPS = 6000 };
    size_t cap = N0 + OPS;
    struct rrec *r = malloc(sizeof(*r) * cap);
    struct rrec *extra = malloc(sizeof(*extra) * OPS);
    gen_records(r, N0, 21);
    gen_records(extra, OPS, 22);
    struct oe_sort *s;
    cr_assert_eq(oe_sort_open(OE_SORT_MATERIALIZE, &s), JET_errSuccess);
    insert_all(s, r, N0);
    size_t n = ref_sort(r, N0, true);
    long cur = -1; /* reference index of the current record, or -1 */
    cr_assert_eq(oe_sort_move(s, JET_MoveFirst), JET_errSuccess);
    cur = 0;
    rng_seed(23);
    for (uint32_t op = 0; op < OPS; op++) {
        uint32_t what = rng_below(10);
        if (what < 5) { /* insert, concentrated on a few prefixes: splits */
            struct rrec x = extra[op];
            long at = ref_find(r, n, x.key, x.cbKey);
            JET_ERR err = oe_sort_insert(s, x.key, x.cbKey, x.data, x.cbData);
            if (at >= 0) {
                cr_assert_eq(err, JET_errKeyDuplicate);
                continue;
            }
            cr_assert_eq(err, JET_errSuccess);
            size_t pos = 0;
            while (pos < n && rrec_cmp_key(&r[pos], &x) < 0)
                pos++;
            memmove(&r[pos + 1], &r[pos], sizeof(*r) * (n - pos));
            r[pos] = x;
            n++;
            if (cur >= (long)pos)
                cur++;
            if (cur >= 0)
                expect_current(s, &r[cur]); /* the position survives the insert */
        } else if (what < 7 && cur >= 0) { /* delete current: the gap */
            cr_assert_eq(oe_sort_delete(s), JET_errSuccess);
            memmove(&r[cur], &r[cur + 1], sizeof(*r) * (n - cur - 1));
            n--;
            cr_assert_eq(oe_sort_current(s, NULL, NULL, NULL, NULL), JET_errNoCurrentRecord);
            if (rng_below(2)) {
                JET_ERR err = oe_sort_move(s, JET_MoveNext);
                if (cur < (long)n) {
                    cr_assert_eq(err, JET_errSuccess);
                    expect_current(s, &r[cur]);
                } else {
                    cr_assert_eq(err, JET_errNoCurrentRecord);
                    cur = -1;
                }
            } else {
                JET_ERR err = oe_sort_move(s, JET_MovePrevious);
                if (cur > 0) {
                    cr_assert_eq(err, JET_errSuccess);
                    expect_current(s, &r[--cur]);
                } else {
                    cr_assert_eq(err, JET_errNoCurrentRecord);
                    cur = -1;
                }
            }
        } else if (what < 8 && cur >= 0) { /* replace the payload */
            uint8_t d[DMAX];
            uint32_t cd = rng_below(DMAX + 1);
            for (uint32_t j = 0; j < cd; j++)
                d[j] = (uint8_t)rng_next();
            cr_assert_eq(oe_sort_replace(s, d, cd), JET_errSuccess);
            memcpy(r[cur].data, d, cd);
            r[cur].cbData = cd;
            expect_current(s, &r[cur]);
        } else if (n > 0) { /* reposition */
            uint64_t i = rng_below((uint32_t)n);
            if (what == 8) {
                cr_assert_eq(oe_sort_goto_ordinal(s, i), JET_errSuccess);
            } else {
                cr_assert_eq(oe_sort_seek(s, r[i].key, r[i].cbKey, OE_SORT_EQ), JET_errSuccess);
            }
            cur = (long)i;
            expect_current(s, &r[cur]);
        }
        if (op % 1000 == 999) {
            expect_scan(s, r, n, true);
            expect_seeks(s, r, n, 20);
            cur = -1;
            if (n > 0) {
                cr_assert_eq(oe_sort_move(s, JET_MoveFirst), JET_errSuccess);
                cur = 0;
            }
        }
    }
    expect_scan(s, r, n, true);
    oe_sort_close(s);
    free(r);
    free(extra);
}

Test(sort, error_on_duplicate_insertion)
{
    enum { N = 5000 };
    struct rrec *r = malloc(sizeof(*r) * N);
    struct rrec *kept = malloc(sizeof(*r) * N);
    gen_records(r, N, 31);
    struct oe_sort *s;
    cr_assert_eq(oe_sort_open(OE_SORT_ERROR_ON_DUPLICATE, &s), JET_errSuccess);
    size_t m = 0;
    for (size_t i = 0; i < N; i++) {
        bool fDup = false;
        for (size_t j = 0; j < m && !fDup; j++)
            fDup = rrec_cmp_key(&kept[j], &r[i]) == 0;
        JET_ERR err = oe_sort_insert(s, r[i].key, r[i].cbKey, r[i].data, r[i].cbData);
        cr_assert_eq(err, fDup ? JET_errKeyDuplicate : JET_errSuccess, "record %zu", i);
        if (!fDup)
            kept[m++] = r[i];
    }
    m = ref_sort(kept, m, true);
    expect_scan(s, kept, m, true);
    expect_seeks(s, kept, m, 100);
    oe_sort_close(s);
    free(r);
    free(kept);
}

/* ---- edges ---- */

Test(sort, empty_and_single)
{
    for (uint32_t flags = 0; flags <= OE_SORT_ERROR_ON_DUPLICATE; flags++) {
        if (flags == 3)
            continue; /* MATERIALIZE | UNIQUE is refused */
        bool fSet = (flags & (OE_SORT_MATERIALIZE | OE_SORT_ERROR_ON_DUPLICATE)) != 0;
        struct oe_sort *s;
        cr_assert_eq(oe_sort_open(flags, &s), JET_errSuccess);
        uint64_t c = 99;
        cr_assert_eq(oe_sort_count(s, &c), JET_errSuccess);
        cr_assert_eq(c, 0);
        cr_assert_eq(oe_sort_move(s, JET_MoveFirst), JET_errNoCurrentRecord);
        cr_assert_eq(oe_sort_move(s, JET_MoveNext), JET_errNoCurrentRecord);
        cr_assert_eq(oe_sort_current(s, NULL, NULL, NULL, NULL), JET_errNoCurrentRecord);
        if (fSet) {
            cr_assert_eq(oe_sort_move(s, JET_MoveLast), JET_errNoCurrentRecord);
            cr_assert_eq(oe_sort_move(s, JET_MovePrevious), JET_errNoCurrentRecord);
            for (int rel = OE_SORT_EQ; rel <= OE_SORT_GT; rel++)
                cr_assert_eq(oe_sort_seek(s, "a", 1, rel), JET_errRecordNotFound);
            cr_assert_eq(oe_sort_goto_ordinal(s, 0), JET_errNoCurrentRecord);
            cr_assert_eq(oe_sort_delete(s), JET_errNoCurrentRecord);
            /* an empty set still takes inserts */
            cr_assert_eq(oe_sort_insert(s, "", 0, "x", 1), JET_errSuccess);
            struct rrec one = {.cbKey = 0, .cbData = 1, .data = "x"};
            expect_scan(s, &one, 1, true);
            cr_assert_eq(oe_sort_seek(s, "", 0, OE_SORT_EQ), JET_errSuccess);
            cr_assert_eq(oe_sort_delete(s), JET_errSuccess);
            expect_scan(s, NULL, 0, true);
        }
        oe_sort_close(s);

        /* one record */
        cr_assert_eq(oe_sort_open(flags, &s), JET_errSuccess);
        cr_assert_eq(oe_sort_insert(s, "key", 3, "payload", 7), JET_errSuccess);
        struct rrec one = {.cbKey = 3, .key = "key", .cbData = 7, .data = "payload"};
        expect_scan(s, &one, 1, fSet);
        oe_sort_close(s);
    }
    struct oe_sort *s = (struct oe_sort *)1;
    cr_assert_eq(oe_sort_open(OE_SORT_MATERIALIZE | OE_SORT_UNIQUE, &s), JET_errInvalidParameter);
    cr_assert_null(s);
    cr_assert_eq(oe_sort_open(0x100, &s), JET_errInvalidParameter);
    oe_sort_close(NULL);
}

Test(sort, large_records_and_parameters)
{
    struct oe_sort *s;
    cr_assert_eq(oe_sort_open(OE_SORT_MATERIALIZE, &s), JET_errSuccess);
    static uint8_t big[5u << 20]; /* larger than any chunk: a chunk of its own */
    memset(big, 0xab, sizeof(big));
    uint8_t key[OE_KEY_CB_BUFFER + 1];
    memset(key, 0xff, sizeof(key));
    cr_assert_eq(oe_sort_insert(s, key, OE_KEY_CB_BUFFER + 1, NULL, 0), JET_errInvalidParameter);
    cr_assert_eq(oe_sort_insert(s, NULL, 1, NULL, 0), JET_errInvalidParameter);
    cr_assert_eq(oe_sort_insert(s, key, OE_KEY_CB_BUFFER, big, sizeof(big)), JET_errSuccess);
    cr_assert_eq(oe_sort_insert(s, "a", 1, "b", 1), JET_errSuccess);
    cr_assert_eq(oe_sort_move(s, JET_MoveLast), JET_errSuccess);
    const uint8_t *pd;
    uint32_t cd;
    cr_assert_eq(oe_sort_current(s, NULL, NULL, &pd, &cd), JET_errSuccess);
    cr_assert_eq(cd, sizeof(big));
    cr_assert_eq(memcmp(pd, big, sizeof(big)), 0);
    cr_assert_eq(oe_sort_seek(s, "a", 1, (enum oe_sort_seek)9), JET_errInvalidParameter);
    oe_sort_close(s);
}

/* ---- fault injection ---- */

/* scenario -- one run of every allocating path; failures are allowed at
 * any step, and the reference follows only the steps that succeeded. */
static void scenario(uint32_t flags, bool *pfFailed)
{
    enum { N = 700, M = 400 };
    static struct rrec r[N + M], ref[N + M];
    gen_records(r, N + M, 41);
    int64_t base = oe_alloc_live_blocks();
    struct oe_sort *s = NULL;
    JET_ERR err = oe_sort_open(flags, &s);
    if (err == JET_errOutOfMemory) {
        cr_assert_null(s);
        *pfFailed = true;
        return;
    }
    cr_assert_eq(err, JET_errSuccess);
    bool fSet = (flags & (OE_SORT_MATERIALIZE | OE_SORT_ERROR_ON_DUPLICATE)) != 0;
    size_t n = 0;
    for (size_t i = 0; i < N; i++) {
        err = oe_sort_insert(s, r[i].key, r[i].cbKey, r[i].data, r[i].cbData);
        if (err == JET_errOutOfMemory) {
            *pfFailed = true;
            continue;
        }
        if (err == JET_errKeyDuplicate && (flags & OE_SORT_ERROR_ON_DUPLICATE))
            continue;
        cr_assert_eq(err, JET_errSuccess, "insert %zu: %d", i, err);
        ref[n++] = r[i];
    }
    err = oe_sort_move(s, JET_MoveFirst); /* ends the insert phase */
    if (err == JET_errOutOfMemory) {
        *pfFailed = true;
        err = oe_sort_move(s, JET_MoveFirst); /* nothing lost: retry */
    }
    cr_assert(err == JET_errSuccess || (n == 0 && err == JET_errNoCurrentRecord));
    n = ref_sort(ref, n, fSet || (flags & OE_SORT_UNIQUE));
    if (fSet) {
        for (size_t i = N; i < N + M; i++) {
            err = oe_sort_insert(s, r[i].key, r[i].cbKey, r[i].data, r[i].cbData);
            if (err == JET_errOutOfMemory) {
                *pfFailed = true;
                continue;
            }
            if (err == JET_errKeyDuplicate)
                continue;
            cr_assert_eq(err, JET_errSuccess);
            ref[n++] = r[i];
            n = ref_sort(ref, n, true);
        }
        /* replace every 7th payload (two sizes: in place or a new record) */
        for (size_t i = 0; i < n; i += 7) {
            cr_assert_eq(oe_sort_seek(s, ref[i].key, ref[i].cbKey, OE_SORT_EQ), JET_errSuccess);
            uint8_t d[DMAX];
            uint32_t cd = (i & 1) ? DMAX : DMAX - 3;
            memset(d, (int)i, cd);
            err = oe_sort_replace(s, d, cd);
            if (err == JET_errOutOfMemory) { /* the old payload stays */
                *pfFailed = true;
                continue;
            }
            cr_assert_eq(err, JET_errSuccess);
            memcpy(ref[i].data, d, cd);
            ref[i].cbData = cd;
        }
        /* delete every 5th (deleting never allocates) */
        size_t w = 0;
        for (size_t i = 0; i < n; i++) {
            if (i % 5 == 0) {
                cr_assert_eq(oe_sort_seek(s, ref[i].key, ref[i].cbKey, OE_SORT_EQ), JET_errSuccess);
                cr_assert_eq(oe_sort_delete(s), JET_errSuccess); /* never allocates */
            } else {
                ref[w++] = ref[i];
            }
        }
        n = w;
    }
    uint64_t c;
    cr_assert_eq(oe_sort_count(s, &c), JET_errSuccess);
    cr_assert_eq(c, n);
    /* a stream is still on its first record, so MoveFirst is allowed */
    expect_scan(s, ref, n, fSet);
    oe_sort_close(s);
    cr_assert_eq(oe_alloc_live_blocks(), base, "leak: %lld live, base %lld",
                 (long long)oe_alloc_live_blocks(), (long long)base);
}

Test(sort, fault_injection_sweep)
{
    static const uint32_t modes[] = {OE_SORT_MATERIALIZE, OE_SORT_ERROR_ON_DUPLICATE, 0,
                                     OE_SORT_UNIQUE};
    for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
        uint64_t k;
        for (k = 0;; k++) {
            bool fFailed = false;
            oe_alloc_fail_nth(k);
            scenario(modes[m], &fFailed);
            uint64_t attempts = oe_alloc_attempts();
            oe_alloc_fail_reset();
            if (attempts <= k) { /* the k'th allocation never came: done */
                cr_assert(!fFailed);
                break;
            }
            cr_assert(fFailed, "mode %u: allocation %llu failed silently", modes[m],
                      (unsigned long long)k);
        }
        cr_assert_gt(k, 3, "mode %u: too few allocations to be a sweep", modes[m]);
    }
}

/* ---- one million records ---- */

static int key16_cmp(const void *a, const void *b) { return memcmp(a, b, 16); }

Test(sort, one_million_records)
{
    enum { N = 1000000 };
    uint8_t *keys = malloc((size_t)N * 16);
    rng_seed(51);
    for (size_t i = 0; i < N; i++) {
        uint64_t a = rng_next(), b = rng_next();
        if (i % 100 == 7) { /* a few duplicate keys */
            memcpy(&a, keys + (i / 2) * 16, 8);
            memcpy(&b, keys + (i / 2) * 16 + 8, 8);
        }
        memcpy(keys + i * 16, &a, 8);
        memcpy(keys + i * 16 + 8, &b, 8);
    }
    struct oe_sort *s;
    cr_assert_eq(oe_sort_open(OE_SORT_MATERIALIZE, &s), JET_errSuccess);
    for (size_t i = 0; i < N; i++)
        cr_assert_eq(oe_sort_insert(s, keys + i * 16, 16, &i, sizeof(i)), JET_errSuccess);
    qsort(keys, N, 16, key16_cmp);
    size_t m = 1;
    for (size_t i = 1; i < N; i++)
        if (memcmp(keys + i * 16, keys + (m - 1) * 16, 16) != 0)
            memcpy(keys + m++ * 16, keys + i * 16, 16);
    uint64_t c;
    cr_assert_eq(oe_sort_count(s, &c), JET_errSuccess);
    cr_assert_eq(c, m);
    JET_ERR err = oe_sort_move(s, JET_MoveFirst);
    for (size_t i = 0; i < m; i++) {
        const uint8_t *pk;
        uint32_t ck;
        if (err != JET_errSuccess || oe_sort_current(s, &pk, &ck, NULL, NULL) != 0 || ck != 16 ||
            memcmp(pk, keys + i * 16, 16) != 0)
            cr_assert_fail("record %zu differs", i);
        err = oe_sort_move(s, JET_MoveNext);
    }
    cr_assert_eq(err, JET_errNoCurrentRecord);
    for (int t = 0; t < 1000; t++) {
        size_t i = rng_below((uint32_t)m);
        cr_assert_eq(oe_sort_seek(s, keys + i * 16, 16, OE_SORT_EQ), JET_errSuccess);
        uint64_t ord;
        cr_assert_eq(oe_sort_ordinal(s, &ord), JET_errSuccess);
        cr_assert_eq(ord, i);
    }
    oe_sort_close(s);
    free(keys);
}
