/*
 * test_key.c -- white-box tests of src/core/key.c (index key normalization).
 *
 * The central property: for every column type, memcmp order of normalized
 * keys (oe_key_compare) equals a reference comparator written on the native
 * values, reversed for descending segments, with NULL low or high, for one
 * segment and for two-segment keys (which fails unless segments are
 * prefix-free). Values are random from fixed seeds plus each type's edge
 * values. The reference comparators are written from the native types'
 * meaning (numeric compare, IEEE totalOrder, GUID field order, byte
 * strings, UTF-16 code point order), not from the encoder.
 *
 * Then: truncation at cbKeyMost, limit keys (a start/end pair built from a
 * prefix bounds exactly the keys with that prefix), JetMakeKey state rules,
 * known byte layouts shared with ESE, and error cases.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/key.h"

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

/* ---- values and reference comparators ---- */

#define VAL_MAX 96

enum val_kind { VAL_NULL, VAL_ZERO_LENGTH, VAL_DATA };

struct val {
    enum val_kind kind;
    uint32_t cb;
    uint8_t b[VAL_MAX];
};

static int sgn(int x) { return (x > 0) - (x < 0); }

#define CMP3(a, b) (((a) > (b)) - ((a) < (b)))

/* Reference comparators on two non-NULL, non-empty native values. */
typedef int (*data_cmp_fn)(const struct val *a, const struct val *b);

static int ref_bit(const struct val *a, const struct val *b)
{
    return CMP3(a->b[0] != 0, b->b[0] != 0);
}

#define DEF_INT_REF(name, T)                                                   \
    static int name(const struct val *a, const struct val *b)                  \
    {                                                                          \
        T x, y;                                                                \
        memcpy(&x, a->b, sizeof x);                                            \
        memcpy(&y, b->b, sizeof y);                                            \
        return CMP3(x, y);                                                     \
    }
DEF_INT_REF(ref_u8, uint8_t)
DEF_INT_REF(ref_i16, int16_t)
DEF_INT_REF(ref_u16, uint16_t)
DEF_INT_REF(ref_i32, int32_t)
DEF_INT_REF(ref_u32, uint32_t)
DEF_INT_REF(ref_i64, int64_t)
DEF_INT_REF(ref_u64, uint64_t)

/* IEEE 754 totalOrder, written from its definition: -NaN < -inf < ... <
 * -0 < +0 < ... < +inf < +NaN; NaNs of one sign by payload (larger payload
 * further from zero). */
#define DEF_FLOAT_REF(name, T, U, payload_mask)                                \
    static int name(const struct val *a, const struct val *b)                  \
    {                                                                          \
        T x, y;                                                                \
        U ux, uy;                                                              \
        memcpy(&x, a->b, sizeof x);                                            \
        memcpy(&y, b->b, sizeof y);                                            \
        memcpy(&ux, a->b, sizeof ux);                                          \
        memcpy(&uy, b->b, sizeof uy);                                          \
        const int nx = isnan(x), ny = isnan(y);                                \
        const int sx = signbit(x) != 0, sy = signbit(y) != 0;                  \
        if (nx || ny) {                                                        \
            const int rx = nx ? (sx ? -1 : 1) : 0;                             \
            const int ry = ny ? (sy ? -1 : 1) : 0;                             \
            if (rx != ry)                                                      \
                return CMP3(rx, ry);                                           \
            const int c = CMP3(ux & (payload_mask), uy & (payload_mask));      \
            return rx < 0 ? -c : c;                                            \
        }                                                                      \
        if (x < y)                                                             \
            return -1;                                                         \
        if (x > y)                                                             \
            return 1;                                                          \
        return sx == sy ? 0 : (sx ? -1 : 1); /* -0.0 < +0.0 */            \
    }
DEF_FLOAT_REF(ref_f32, float, uint32_t, 0x007fffffu)
DEF_FLOAT_REF(ref_f64, double, uint64_t, 0x000fffffffffffffull)

/* ESE GUID order (fldnorm.cxx): the last six bytes of Data4, then Data4's
 * first two, then Data3's bytes, Data2's, Data1's, each group as bytes. */
static int ref_guid_ese(const struct val *a, const struct val *b)
{
    static const struct { int ib, cb; } groups[] = {{10, 6}, {8, 2}, {6, 2}, {4, 2}, {0, 4}};
    for (unsigned i = 0; i < 5; i++) {
        const int c = memcmp(a->b + groups[i].ib, b->b + groups[i].ib, (size_t)groups[i].cb);
        if (c)
            return sgn(c);
    }
    return 0;
}

/* .NET GUID order: Data1, Data2, Data3 as little-endian integers, then the
 * eight bytes of Data4. */
static int ref_guid_dotnet(const struct val *a, const struct val *b)
{
    uint32_t d1a = 0, d1b = 0;
    for (int i = 3; i >= 0; i--) {
        d1a = (d1a << 8) | a->b[i];
        d1b = (d1b << 8) | b->b[i];
    }
    if (d1a != d1b)
        return CMP3(d1a, d1b);
    for (int f = 4; f < 8; f += 2) {
        const unsigned wa = a->b[f] | (unsigned)a->b[f + 1] << 8;
        const unsigned wb = b->b[f] | (unsigned)b->b[f + 1] << 8;
        if (wa != wb)
            return CMP3(wa, wb);
    }
    return sgn(memcmp(a->b + 8, b->b + 8, 8));
}

/* Byte strings: memcmp, then the shorter first (Binary, UTF-8 Text). */
static int ref_bytes(const struct val *a, const struct val *b)
{
    const uint32_t n = a->cb < b->cb ? a->cb : b->cb;
    const int c = memcmp(a->b, b->b, n);
    return c ? sgn(c) : CMP3(a->cb, b->cb);
}

/* UTF-16 (well-formed) in code point order: the classic fix-up that moves
 * surrogates above U+E000..U+FFFF, then compare code units. */
static unsigned utf16_fixup(unsigned u)
{
    if (u >= 0xe000)
        return u - 0x800;
    if (u >= 0xd800)
        return u + 0x2000;
    return u;
}

static int ref_utf16(const struct val *a, const struct val *b)
{
    const uint32_t na = a->cb / 2, nb = b->cb / 2;
    for (uint32_t i = 0; i < na && i < nb; i++) {
        const unsigned ua = utf16_fixup(a->b[2 * i] | (unsigned)a->b[2 * i + 1] << 8);
        const unsigned ub = utf16_fixup(b->b[2 * i] | (unsigned)b->b[2 * i + 1] << 8);
        if (ua != ub)
            return CMP3(ua, ub);
    }
    return CMP3(na, nb);
}

/* Full reference: NULL (low or high), zero-length, then values. */
static int ref_cmp(data_cmp_fn f, const struct val *a, const struct val *b, bool nulls_high)
{
    const int ra = a->kind == VAL_NULL ? (nulls_high ? 3 : 0) : a->kind == VAL_ZERO_LENGTH ? 1 : 2;
    const int rb = b->kind == VAL_NULL ? (nulls_high ? 3 : 0) : b->kind == VAL_ZERO_LENGTH ? 1 : 2;
    if (ra != rb || ra != 2)
        return CMP3(ra, rb);
    return f(a, b);
}

/* ---- generators ---- */

static void gen_fixed_random(struct val *v, uint32_t cb)
{
    v->kind = VAL_DATA;
    v->cb = cb;
    for (uint32_t i = 0; i < cb; i++)
        v->b[i] = (uint8_t)rng_next();
    /* small magnitudes too, so neighbours and sign changes are common */
    if (rng_below(3) == 0 && cb > 1) {
        const uint8_t fill = rng_below(2) ? 0xff : 0x00;
        for (uint32_t i = 1; i < cb; i++)
            v->b[i] = fill; /* little-endian: small positive or negative */
    }
}

static void gen_float(struct val *v, uint32_t cb)
{
    v->kind = VAL_DATA;
    v->cb = cb;
    const double d = (double)((int64_t)rng_below(2001) - 1000) / (1 + rng_below(7));
    switch (rng_below(3)) {
    case 0:
        gen_fixed_random(v, cb); /* any bit pattern, NaNs included */
        break;
    default:
        if (cb == 4) {
            const float f = (float)d;
            memcpy(v->b, &f, 4);
        } else {
            memcpy(v->b, &d, 8);
        }
        break;
    }
}

static const uint8_t text_alphabet[] = {0x00, 0x01, 0x02, 'a', 'b', 'z', 0x7f, 0x80, 0xc3, 0xa9, 0xfe, 0xff};

static void gen_bytes(struct val *v, uint32_t cb)
{
    (void)cb;
    const uint32_t r = rng_below(20);
    if (r == 0) {
        v->kind = VAL_NULL;
        v->cb = 0;
        return;
    }
    if (r == 1) {
        v->kind = VAL_ZERO_LENGTH;
        v->cb = 0;
        return;
    }
    v->kind = VAL_DATA;
    /* lengths around the 8-byte chunk edges, small alphabet: many prefixes */
    static const uint32_t lens[] = {1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 40};
    v->cb = rng_below(2) ? lens[rng_below(11)] : 1 + rng_below(5);
    for (uint32_t i = 0; i < v->cb; i++)
        v->b[i] = rng_below(4) ? text_alphabet[rng_below(sizeof text_alphabet)] : (uint8_t)rng_next();
}

static void gen_utf16(struct val *v, uint32_t cb)
{
    static const uint16_t units[] = {0x0000, 0x0001, 0x0041, 0x0061, 0x00e9, 0x07ff, 0x0800,
                                     0xd7ff, 0xe000, 0xfffd, 0xffff};
    (void)cb;
    gen_bytes(v, 0);
    if (v->kind != VAL_DATA)
        return;
    const uint32_t cch = 1 + rng_below(8);
    uint32_t n = 0;
    while (n < cch) {
        uint16_t u;
        if (rng_below(4) == 0 && n + 1 < cch) {
            /* a surrogate pair: U+10000..U+10FFFF */
            const uint32_t cp = 0x10000 + rng_below(0x100000);
            u = (uint16_t)(0xd800 + ((cp - 0x10000) >> 10));
            v->b[2 * n] = (uint8_t)u;
            v->b[2 * n + 1] = (uint8_t)(u >> 8);
            n++;
            u = (uint16_t)(0xdc00 + ((cp - 0x10000) & 0x3ff));
        } else {
            u = units[rng_below(sizeof units / sizeof units[0])];
        }
        v->b[2 * n] = (uint8_t)u;
        v->b[2 * n + 1] = (uint8_t)(u >> 8);
        n++;
    }
    v->cb = 2 * cch;
}

struct typespec {
    const char *name;
    JET_COLTYP coltyp;
    uint32_t segflags;      /* OE_KEY_SEG_UTF16 / OE_KEY_SEG_DOTNET_GUID */
    uint32_t cb;            /* fixed size, 0 for variable */
    data_cmp_fn cmp;
    void (*gen)(struct val *v, uint32_t cb);
    const void *edges;      /* array of cb-byte edge values */
    unsigned cedges;
};

static const uint8_t edges_bit[] = {0, 1, 0x80, 0xff};
static const uint8_t edges_u8[] = {0, 1, 0x7f, 0x80, 0xff};
static const int16_t edges_i16[] = {INT16_MIN, INT16_MIN + 1, -1, 0, 1, INT16_MAX};
static const uint16_t edges_u16[] = {0, 1, 0x7fff, 0x8000, UINT16_MAX};
static const int32_t edges_i32[] = {INT32_MIN, INT32_MIN + 1, -256, -1, 0, 1, 256, INT32_MAX};
static const uint32_t edges_u32[] = {0, 1, 0x7fffffff, 0x80000000u, UINT32_MAX};
static const int64_t edges_i64[] = {INT64_MIN, INT64_MIN + 1, -1, 0, 1, INT64_MAX};
static const uint64_t edges_u64[] = {0, 1, 0x7fffffffffffffffull, 0x8000000000000000ull, UINT64_MAX};
static const uint32_t edges_f32[] = {
    0x00000000u, 0x80000000u, /* +0, -0 */
    0x7f800000u, 0xff800000u, /* +inf, -inf */
    0x7fc00000u, 0xffc00000u, 0x7f800001u, 0xff800001u, 0x7fffffffu, 0xffffffffu, /* NaNs */
    0x00000001u, 0x80000001u, /* smallest subnormals */
    0x7f7fffffu, 0xff7fffffu, /* +-FLT_MAX */
    0x3f800000u, 0xbf800000u, /* +-1 */
};
static const uint64_t edges_f64[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff0000000000001ull, 0xfff0000000000001ull,
    0x7fffffffffffffffull, 0xffffffffffffffffull, 0x0000000000000001ull, 0x8000000000000001ull,
    0x7fefffffffffffffull, 0xffefffffffffffffull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
};
static const uint8_t edges_guid[][16] = {
    {0},
    {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
    {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0},
    {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0},
};

static const struct typespec types[] = {
    {"Bit", JET_coltypBit, 0, 1, ref_bit, gen_fixed_random, edges_bit, 4},
    {"UnsignedByte", JET_coltypUnsignedByte, 0, 1, ref_u8, gen_fixed_random, edges_u8, 5},
    {"Short", JET_coltypShort, 0, 2, ref_i16, gen_fixed_random, edges_i16, 6},
    {"UnsignedShort", JET_coltypUnsignedShort, 0, 2, ref_u16, gen_fixed_random, edges_u16, 5},
    {"Long", JET_coltypLong, 0, 4, ref_i32, gen_fixed_random, edges_i32, 8},
    {"UnsignedLong", JET_coltypUnsignedLong, 0, 4, ref_u32, gen_fixed_random, edges_u32, 5},
    {"LongLong", JET_coltypLongLong, 0, 8, ref_i64, gen_fixed_random, edges_i64, 6},
    {"Currency", JET_coltypCurrency, 0, 8, ref_i64, gen_fixed_random, edges_i64, 6},
    {"UnsignedLongLong", JET_coltypUnsignedLongLong, 0, 8, ref_u64, gen_fixed_random, edges_u64, 5},
    {"IEEESingle", JET_coltypIEEESingle, 0, 4, ref_f32, gen_float, edges_f32, 16},
    {"IEEEDouble", JET_coltypIEEEDouble, 0, 8, ref_f64, gen_float, edges_f64, 16},
    {"DateTime", JET_coltypDateTime, 0, 8, ref_f64, gen_float, edges_f64, 16},
    {"GUID", JET_coltypGUID, 0, 16, ref_guid_ese, gen_fixed_random, edges_guid, 7},
    {"GUID.NET", JET_coltypGUID, OE_KEY_SEG_DOTNET_GUID, 16, ref_guid_dotnet, gen_fixed_random,
     edges_guid, 7},
    {"Binary", JET_coltypBinary, 0, 0, ref_bytes, gen_bytes, NULL, 0},
    {"LongBinary", JET_coltypLongBinary, 0, 0, ref_bytes, gen_bytes, NULL, 0},
    {"Text", JET_coltypText, 0, 0, ref_bytes, gen_bytes, NULL, 0},
    {"LongText", JET_coltypLongText, 0, 0, ref_bytes, gen_bytes, NULL, 0},
    {"Text.UTF16", JET_coltypText, OE_KEY_SEG_UTF16, 0, ref_utf16, gen_utf16, NULL, 0},
};
#define NTYPES (sizeof types / sizeof types[0])

/* fill_values -- NULL first, then the edges, then random values; fixed
 * types get ~8% NULLs. */
static void fill_values(const struct typespec *t, struct val *vals, unsigned n)
{
    unsigned i = 0;
    vals[i++] = (struct val){.kind = VAL_NULL};
    for (unsigned e = 0; e < t->cedges && i < n; e++, i++) {
        vals[i].kind = VAL_DATA;
        vals[i].cb = t->cb;
        memcpy(vals[i].b, (const uint8_t *)t->edges + (size_t)e * t->cb, t->cb);
    }
    if (t->cb == 0 && i + 1 < n) {
        vals[i++] = (struct val){.kind = VAL_ZERO_LENGTH};
    }
    /* byte-string edges: trailing and embedded zeros, prefixes, 8-byte
     * chunk boundaries (an even count of bytes, so also valid UTF-16) */
    static const struct { const char *s; uint32_t cb; } sedges[] = {
        {"\0\0", 2}, {"\0\0\0\0", 4}, {"a\0", 2}, {"a\0\0\0", 4}, {"ab", 2}, {"abcd", 4},
        {"\1\0", 2}, {"\xff\xff", 2}, {"abcdefgh", 8}, {"abcdefgh\0\0", 10}, {"abcdefghij", 10},
        {"abcdefgh\0\0\0\0\0\0\0\0", 16}, {"abcdefghabcdefgh", 16}};
    for (unsigned e = 0; t->cb == 0 && e < sizeof sedges / sizeof sedges[0] && i < n; e++, i++) {
        vals[i].kind = VAL_DATA;
        vals[i].cb = sedges[e].cb;
        memcpy(vals[i].b, sedges[e].s, sedges[e].cb);
    }
    for (; i < n; i++) {
        if (t->cb > 0 && rng_below(12) == 0)
            vals[i] = (struct val){.kind = VAL_NULL};
        else
            t->gen(&vals[i], t->cb);
    }
}

static uint32_t val_flags(const struct val *v)
{
    return v->kind == VAL_NULL ? OE_KEY_SEG_NULL : v->kind == VAL_ZERO_LENGTH ? OE_KEY_SEG_ZERO_LENGTH : 0;
}

/* ---- single segments ---- */

#define NVALS 160

struct norm {
    uint32_t cb;
    uint8_t b[2 * VAL_MAX + 16];
};

Test(key, single_segment_order_every_type)
{
    static struct val vals[NVALS];
    static struct norm norms[NVALS];

    for (unsigned it = 0; it < NTYPES; it++) {
        const struct typespec *t = &types[it];
        rng_seed(1000 + it);
        fill_values(t, vals, NVALS);
        for (unsigned mode = 0; mode < 4; mode++) {
            const bool desc = mode & 1, nulls_high = mode & 2;
            const uint32_t flags = t->segflags | (desc ? OE_KEY_SEG_DESCENDING : 0) |
                                   (nulls_high ? OE_KEY_SEG_NULLS_HIGH : 0);
            for (unsigned i = 0; i < NVALS; i++) {
                const JET_ERR err =
                    oe_key_normalize_segment(t->coltyp, vals[i].b, vals[i].cb, flags | val_flags(&vals[i]),
                                             norms[i].b, sizeof norms[i].b, &norms[i].cb);
                cr_assert_eq(err, JET_errSuccess, "%s value %u: err %d", t->name, i, (int)err);
            }
            for (unsigned i = 0; i < NVALS; i++) {
                for (unsigned j = 0; j < NVALS; j++) {
                    const int want = ref_cmp(t->cmp, &vals[i], &vals[j], nulls_high) * (desc ? -1 : 1);
                    const int got = sgn(oe_key_compare(norms[i].b, norms[i].cb, norms[j].b, norms[j].cb));
                    if (want != got)
                        cr_assert_fail("%s desc=%d nullsHigh=%d: values %u,%u: key order %d, reference %d",
                                       t->name, desc, nulls_high, i, j, got, want);
                }
            }
        }
    }
}

/* ---- two-segment keys: prefix-freedom ---- */

#define NPOOL 12
#define NPAIRS 120

Test(key, two_segment_order_every_type_pair_shape)
{
    static struct val pool1[NPOOL], pool2[NPOOL];
    static struct oe_key keys[NPAIRS];
    unsigned a[NPAIRS], b[NPAIRS];

    for (unsigned it = 0; it < NTYPES; it++) {
        /* second column: the same type, and Text (the hardest follower) */
        const unsigned seconds[2] = {it, 16};
        for (unsigned s = 0; s < 2; s++) {
            const struct typespec *t1 = &types[it], *t2 = &types[seconds[s]];
            rng_seed(5000 + 31 * it + s);
            fill_values(t1, pool1, NPOOL); /* small pools: many ties on column 1 */
            fill_values(t2, pool2, NPOOL);
            for (unsigned mode = 0; mode < 8; mode++) {
                const bool d1 = mode & 1, d2 = mode & 2, nulls_high = mode & 4;
                struct oe_key_def def = {
                    .cbKeyMost = JET_cbKeyMostMost,
                    .flags = (nulls_high ? OE_KEY_DEF_NULLS_HIGH : 0),
                    .cseg = 2,
                    .rgseg = {{t1->coltyp, (d1 ? OE_KEY_SEG_DESCENDING : 0) | (t1->segflags & OE_KEY_SEG_UTF16)},
                              {t2->coltyp, (d2 ? OE_KEY_SEG_DESCENDING : 0) | (t2->segflags & OE_KEY_SEG_UTF16)}},
                };
                /* the .NET GUID spec row: the index-level flag */
                if ((t1->segflags | t2->segflags) & OE_KEY_SEG_DOTNET_GUID)
                    def.flags |= OE_KEY_DEF_DOTNET_GUID;
                cr_assert_eq(oe_key_def_prepare(&def), JET_errSuccess);
                for (unsigned k = 0; k < NPAIRS; k++) {
                    a[k] = rng_below(NPOOL);
                    b[k] = rng_below(NPOOL);
                    oe_key_init(&keys[k], &def);
                    cr_assert_eq(oe_key_append(&keys[k], pool1[a[k]].b, pool1[a[k]].cb, val_flags(&pool1[a[k]])),
                                 JET_errSuccess);
                    cr_assert_eq(oe_key_append(&keys[k], pool2[b[k]].b, pool2[b[k]].cb, val_flags(&pool2[b[k]])),
                                 JET_errSuccess);
                    cr_assert(!oe_key_truncated(&keys[k]));
                }
                for (unsigned i = 0; i < NPAIRS; i++) {
                    for (unsigned j = 0; j < NPAIRS; j++) {
                        int want = ref_cmp(t1->cmp, &pool1[a[i]], &pool1[a[j]], nulls_high) * (d1 ? -1 : 1);
                        if (want == 0)
                            want = ref_cmp(t2->cmp, &pool2[b[i]], &pool2[b[j]], nulls_high) * (d2 ? -1 : 1);
                        const int got = sgn(oe_key_compare(keys[i].rgb, keys[i].cb, keys[j].rgb, keys[j].cb));
                        if (want != got)
                            cr_assert_fail("%s+%s mode %u: pairs %u,%u: key order %d, reference %d", t1->name,
                                           t2->name, mode, i, j, got, want);
                    }
                }
            }
        }
    }
}

/* Strings that are prefixes of each other, with embedded zero bytes, in the
 * first of two text columns: "ab"+"c" must not meet "a"+"bc". */
Test(key, text_prefixes_across_segments)
{
    static const char *const strs[] = {"", "a", "a\0", "a\0\0", "a\1", "a\2", "ab", "abc", "b", "\0", "\1"};
    static const uint32_t lens[] = {0, 1, 2, 3, 2, 2, 2, 3, 1, 1, 1};
    const unsigned n = sizeof strs / sizeof strs[0];
    struct oe_key_def def = {.cseg = 2, .rgseg = {{JET_coltypText, 0}, {JET_coltypText, 0}}};
    cr_assert_eq(oe_key_def_prepare(&def), JET_errSuccess);
    static struct oe_key keys[11][11];
    for (unsigned i = 0; i < n; i++)
        for (unsigned j = 0; j < n; j++) {
            oe_key_init(&keys[i][j], &def);
            cr_assert_eq(oe_key_append(&keys[i][j], strs[i], lens[i], lens[i] ? 0 : OE_KEY_SEG_ZERO_LENGTH), 0);
            cr_assert_eq(oe_key_append(&keys[i][j], strs[j], lens[j], lens[j] ? 0 : OE_KEY_SEG_ZERO_LENGTH), 0);
        }
    for (unsigned i = 0; i < n * n; i++)
        for (unsigned j = 0; j < n * n; j++) {
            const struct val a1 = {VAL_DATA, lens[i / n], {0}}, b1 = {VAL_DATA, lens[j / n], {0}};
            struct val a = a1, b = b1;
            memcpy(a.b, strs[i / n], a.cb);
            memcpy(b.b, strs[j / n], b.cb);
            int want = ref_bytes(&a, &b);
            if (want == 0) {
                struct val c = {VAL_DATA, lens[i % n], {0}}, d = {VAL_DATA, lens[j % n], {0}};
                memcpy(c.b, strs[i % n], c.cb);
                memcpy(d.b, strs[j % n], d.cb);
                want = ref_bytes(&c, &d);
            }
            const struct oe_key *x = &keys[i / n][i % n], *y = &keys[j / n][j % n];
            cr_assert_eq(sgn(oe_key_compare(x->rgb, x->cb, y->rgb, y->cb)), want, "pair %u %u", i, j);
        }
}

/* ---- known layouts (ESE's bytes, fldnorm.cxx) ---- */

static void expect_seg(JET_COLTYP coltyp, const void *data, uint32_t cb, uint32_t flags,
                       const uint8_t *want, uint32_t cwant)
{
    uint8_t out[64];
    uint32_t cout = 0;
    cr_assert_eq(oe_key_normalize_segment(coltyp, data, cb, flags, out, sizeof out, &cout), JET_errSuccess);
    cr_assert_eq(cout, cwant, "coltyp %u: %u bytes, expected %u", coltyp, cout, cwant);
    cr_assert_arr_eq(out, want, cwant, "coltyp %u: bytes differ", coltyp);
}

Test(key, known_layouts)
{
    const int32_t l1 = 1;
    expect_seg(JET_coltypLong, &l1, 4, 0, (const uint8_t[]){0x7f, 0x80, 0, 0, 1}, 5);
    const int16_t sm1 = -1;
    expect_seg(JET_coltypShort, &sm1, 2, 0, (const uint8_t[]){0x7f, 0x7f, 0xff}, 3);
    expect_seg(JET_coltypShort, &sm1, 2, OE_KEY_SEG_DESCENDING, (const uint8_t[]){0x80, 0x80, 0x00}, 3);
    const double pz = 0.0, nz = -0.0;
    expect_seg(JET_coltypIEEEDouble, &pz, 8, 0, (const uint8_t[]){0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0}, 9);
    expect_seg(JET_coltypIEEEDouble, &nz, 8, 0,
               (const uint8_t[]){0x7f, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 9);
    const uint8_t bit = 0x17;
    expect_seg(JET_coltypBit, &bit, 1, 0, (const uint8_t[]){0x7f, 0xff}, 2);
    expect_seg(JET_coltypBinary, "ab", 2, 0, (const uint8_t[]){0x7f, 'a', 'b', 0, 0, 0, 0, 0, 0, 2}, 10);
    expect_seg(JET_coltypBinary, "abcdefgh", 8, 0,
               (const uint8_t[]){0x7f, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 8}, 10);
    expect_seg(JET_coltypBinary, "abcdefghi", 9, 0,
               (const uint8_t[]){0x7f, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 9, 'i', 0, 0, 0, 0, 0, 0, 0, 1},
               19);
    expect_seg(JET_coltypText, "a\0\1", 3, 0, (const uint8_t[]){0x7f, 'a', 1, 1, 1, 2, 0}, 7);
    const uint8_t guid[16] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    expect_seg(JET_coltypGUID, guid, 16, 0,
               (const uint8_t[]){0x7f, 10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3}, 17);
    expect_seg(JET_coltypGUID, guid, 16, OE_KEY_SEG_DOTNET_GUID,
               (const uint8_t[]){0x7f, 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15}, 17);
    /* headers: NULL low/high, zero-length, descending NULL */
    expect_seg(JET_coltypLong, NULL, 0, 0, (const uint8_t[]){0x00}, 1);
    expect_seg(JET_coltypLong, &l1, 4, OE_KEY_SEG_NULL | OE_KEY_SEG_NULLS_HIGH, (const uint8_t[]){0xc0}, 1);
    expect_seg(JET_coltypText, NULL, 0, OE_KEY_SEG_ZERO_LENGTH, (const uint8_t[]){0x40}, 1);
    expect_seg(JET_coltypText, NULL, 0, OE_KEY_SEG_NULL | OE_KEY_SEG_DESCENDING, (const uint8_t[]){0xff}, 1);
}

/* UTF-16 input gives the same key as the same text in UTF-8; lone
 * surrogates sort as their own code points; an odd trailing byte is ignored. */
Test(key, utf16_matches_utf8)
{
    /* "aé€😀" */
    const uint16_t w[] = {0x61, 0xe9, 0x20ac, 0xd83d, 0xde00};
    const char *u8 = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    uint8_t k16[64], k8[64];
    uint32_t c16, c8;
    cr_assert_eq(oe_key_normalize_segment(JET_coltypText, w, sizeof w, OE_KEY_SEG_UTF16, k16, 64, &c16), 0);
    cr_assert_eq(oe_key_normalize_segment(JET_coltypText, u8, (uint32_t)strlen(u8), 0, k8, 64, &c8), 0);
    cr_assert_eq(c16, c8);
    cr_assert_arr_eq(k16, k8, c8);

    const uint16_t below[] = {0xd7ff}, lone[] = {0xd800}, above[] = {0xe000};
    uint8_t kb[16], kl[16], ka[16];
    uint32_t cb_, cl, ca;
    cr_assert_eq(oe_key_normalize_segment(JET_coltypText, below, 2, OE_KEY_SEG_UTF16, kb, 16, &cb_), 0);
    cr_assert_eq(oe_key_normalize_segment(JET_coltypText, lone, 2, OE_KEY_SEG_UTF16, kl, 16, &cl), 0);
    cr_assert_eq(oe_key_normalize_segment(JET_coltypText, above, 2, OE_KEY_SEG_UTF16, ka, 16, &ca), 0);
    cr_assert_lt(oe_key_compare(kb, cb_, kl, cl), 0);
    cr_assert_lt(oe_key_compare(kl, cl, ka, ca), 0);

    const uint8_t odd[3] = {'a', 0, 'b'};
    cr_assert_eq(oe_key_normalize_segment(JET_coltypText, odd, 3, OE_KEY_SEG_UTF16, kb, 16, &cb_), 0);
    cr_assert_eq(oe_key_normalize_segment(JET_coltypText, "a", 1, 0, ka, 16, &ca), 0);
    cr_assert_eq(cb_, ca);
    cr_assert_arr_eq(kb, ka, ca);
}

/* ---- truncation ---- */

Test(key, segment_truncation_is_a_prefix_and_reported)
{
    uint8_t full[256], part[256];
    uint32_t cfull, cpart;
    const char *s = "abcdefghijklmnopqrstuvwxyz";
    for (unsigned t = 0; t < 2; t++) {
        const JET_COLTYP coltyp = t ? JET_coltypBinary : JET_coltypText;
        for (uint32_t flags = 0; flags <= OE_KEY_SEG_DESCENDING; flags += OE_KEY_SEG_DESCENDING) {
            cr_assert_eq(oe_key_normalize_segment(coltyp, s, 26, flags, full, sizeof full, &cfull), 0);
            for (uint32_t max = 0; max < cfull; max++) {
                cr_assert_eq(oe_key_normalize_segment(coltyp, s, 26, flags, part, max, &cpart),
                             JET_wrnBufferTruncated);
                cr_assert_eq(cpart, max);
                cr_assert_arr_eq(part, full, max);
            }
            cr_assert_eq(oe_key_normalize_segment(coltyp, s, 26, flags, part, cfull, &cpart), 0);
        }
    }
    const int64_t v = 42;
    cr_assert_eq(oe_key_normalize_segment(JET_coltypLongLong, &v, 8, 0, part, 4, &cpart), JET_wrnBufferTruncated);
    cr_assert_eq(cpart, 4);
}

static void fill_text(uint8_t *b, uint32_t cb, uint8_t tail)
{
    for (uint32_t i = 0; i < cb; i++)
        b[i] = (uint8_t)('a' + i % 7);
    if (cb)
        b[cb - 1] = tail;
}

Test(key, truncation_at_cbkeymost)
{
    static const uint32_t cbKeyMosts[] = {0 /* default 255 */, 1000, JET_cbKeyMostMost};
    static uint8_t t1[3000], t2[3000];
    for (unsigned m = 0; m < 3; m++) {
        for (unsigned desc = 0; desc < 2; desc++) {
            struct oe_key_def def = {.cbKeyMost = cbKeyMosts[m],
                                     .cseg = 3,
                                     .rgseg = {{JET_coltypLong, 0},
                                               {JET_coltypText, desc ? OE_KEY_SEG_DESCENDING : 0},
                                               {JET_coltypLong, 0}}};
            cr_assert_eq(oe_key_def_prepare(&def), JET_errSuccess);
            const uint32_t most = def.cbKeyMost;
            cr_assert_eq(most, cbKeyMosts[m] ? cbKeyMosts[m] : JET_cbKeyMostMin);
            const int32_t id = 7, tail = 9;
            struct oe_key k1, k2, kshort;
            /* two texts longer than the key that differ only at the end */
            fill_text(t1, 2500, 'x');
            fill_text(t2, 2500, 'y');
            oe_key_init(&k1, &def);
            oe_key_init(&k2, &def);
            cr_assert_eq(oe_key_append(&k1, &id, 4, 0), 0);
            cr_assert_eq(oe_key_append(&k2, &id, 4, 0), 0);
            cr_assert(!oe_key_truncated(&k1));
            cr_assert_eq(oe_key_append(&k1, t1, 2500, 0), 0);
            cr_assert_eq(oe_key_append(&k2, t2, 2500, 0), 0);
            cr_assert_eq(oe_key_append(&k1, &tail, 4, 0), 0); /* dropped */
            cr_assert_eq(oe_key_append(&k2, &tail, 4, 0), 0);
            cr_assert(oe_key_truncated(&k1) && oe_key_truncated(&k2));
            cr_assert_eq(k1.cb, most);
            /* collision: ESE's documented KeyDuplicate on a unique index */
            cr_assert_eq(oe_key_compare(k1.rgb, k1.cb, k2.rgb, k2.cb), 0);
            /* the order of a short value and a truncated one still holds */
            fill_text(t1, 5, 'z');
            oe_key_init(&kshort, &def);
            cr_assert_eq(oe_key_append(&kshort, &id, 4, 0), 0);
            cr_assert_eq(oe_key_append(&kshort, t1, 5, 0), 0);
            cr_assert_eq(oe_key_append(&kshort, &tail, 4, 0), 0);
            cr_assert(!oe_key_truncated(&kshort));
            const int c = oe_key_compare(kshort.rgb, kshort.cb, k2.rgb, k2.cb);
            cr_assert(desc ? c < 0 : c > 0, "'abcdz' sorts %s 'abcdefgabc...'", desc ? "before" : "after");

            /* a text that fits exactly: the next column is what gets lost */
            const uint32_t fit = most - 5 /* Long */ - 2 /* header, terminator */;
            fill_text(t1, fit, 'q');
            struct oe_key kx;
            oe_key_init(&kx, &def);
            cr_assert_eq(oe_key_append(&kx, &id, 4, 0), 0);
            cr_assert_eq(oe_key_append(&kx, t1, fit, 0), 0);
            cr_assert(!oe_key_truncated(&kx));
            cr_assert_eq(kx.cb, most);
            cr_assert_eq(oe_key_append(&kx, NULL, 0, OE_KEY_SEG_NULL), 0);
            cr_assert(oe_key_truncated(&kx));
            cr_assert_eq(kx.cb, most);
            cr_assert_eq(oe_key_append(&kx, &tail, 4, 0), JET_errKeyIsMade);

            /* the same index disallowing truncation refuses the record key */
            def.flags |= OE_KEY_DEF_DISALLOW_TRUNCATION;
            oe_key_init(&k1, &def);
            cr_assert_eq(oe_key_append(&k1, &id, 4, 0), 0);
            fill_text(t1, 2500, 'x');
            cr_assert_eq(oe_key_append(&k1, t1, 2500, 0), JET_errKeyTruncated);
            cr_assert_eq(k1.cb, 5);
            cr_assert_eq(k1.cseg, 1);
            cr_assert(!oe_key_truncated(&k1));
            /* ... but a search key is truncated silently (ESE) */
            oe_key_init(&k1, &def);
            cr_assert_eq(oe_key_make(&k1, &id, 4, JET_bitNewKey), 0);
            cr_assert_eq(oe_key_make(&k1, t1, 2500, 0), 0);
            cr_assert(oe_key_truncated(&k1));
        }
    }
}

Test(key, var_seg_mac_caps_without_truncation)
{
    struct oe_key_def def = {.cbVarSegMac = 10,
                             .cseg = 2,
                             .rgseg = {{JET_coltypText, 0}, {JET_coltypLong, 0}}};
    cr_assert_eq(oe_key_def_prepare(&def), JET_errSuccess);
    struct oe_key k1, k2;
    const int32_t a = 1, b = 2;
    oe_key_init(&k1, &def);
    oe_key_init(&k2, &def);
    cr_assert_eq(oe_key_append(&k1, "abcdefghijklmnop", 16, 0), 0);
    cr_assert_eq(oe_key_append(&k2, "abcdefghijklmnoq", 16, 0), 0);
    cr_assert_eq(k1.cb, 10);
    cr_assert(!oe_key_truncated(&k1));
    cr_assert_eq(oe_key_append(&k1, &b, 4, 0), 0);
    cr_assert_eq(oe_key_append(&k2, &a, 4, 0), 0);
    cr_assert_eq(k1.cb, 15);
    /* capped at 10 bytes the texts tie, so the Long decides (as in ESE) */
    cr_assert_gt(oe_key_compare(k1.rgb, k1.cb, k2.rgb, k2.cb), 0);
}

/* ---- limit keys ---- */

static bool in_range(const struct oe_key *lo, const struct oe_key *hi, const struct oe_key *k)
{
    return oe_key_compare(lo->rgb, lo->cb, k->rgb, k->cb) <= 0 &&
           oe_key_compare(k->rgb, k->cb, hi->rgb, hi->cb) <= 0;
}

/* Partial-column limits on Text and Binary, both directions, with a second
 * column that must be a wildcard: [start, end] holds exactly the keys whose
 * first column starts with the prefix. Includes prefixes longer than the key
 * (truncated limits against truncated stored keys). */
Test(key, partial_column_limits_bound_exactly_the_prefix)
{
    static struct val pool[200];
    static struct oe_key stored[200];
    static const JET_COLTYP coltyps[] = {JET_coltypText, JET_coltypBinary, JET_coltypLongText};
    for (unsigned ic = 0; ic < 3; ic++) {
        for (unsigned mode = 0; mode < 4; mode++) {
            const bool desc = mode & 1, nulls_high = mode & 2;
            struct oe_key_def def = {.flags = nulls_high ? OE_KEY_DEF_NULLS_HIGH : 0,
                                     .cseg = 2,
                                     .rgseg = {{coltyps[ic], desc ? OE_KEY_SEG_DESCENDING : 0},
                                               {JET_coltypLong, OE_KEY_SEG_DESCENDING}}};
            cr_assert_eq(oe_key_def_prepare(&def), JET_errSuccess);
            rng_seed(777 + 10 * ic + mode);
            for (unsigned i = 0; i < 200; i++) {
                gen_bytes(&pool[i], 0);
                const int32_t second = (int32_t)rng_next();
                oe_key_init(&stored[i], &def);
                cr_assert_eq(oe_key_append(&stored[i], pool[i].b, pool[i].cb, val_flags(&pool[i])), 0);
                cr_assert_eq(oe_key_append(&stored[i], &second, 4, rng_below(10) ? 0 : OE_KEY_SEG_NULL), 0);
            }
            for (unsigned ip = 0; ip < 200; ip++) {
                /* prefixes: every length of some stored values, "" included */
                const struct val *src = &pool[ip];
                if (src->kind == VAL_NULL)
                    continue;
                for (uint32_t plen = 0; plen <= src->cb; plen++) {
                    struct oe_key lo, hi;
                    const JET_GRBIT zl = plen ? 0 : JET_bitKeyDataZeroLength;
                    oe_key_init(&lo, &def);
                    oe_key_init(&hi, &def);
                    cr_assert_eq(oe_key_make(&lo, src->b, plen, JET_bitNewKey | JET_bitPartialColumnStartLimit | zl), 0);
                    cr_assert_eq(oe_key_make(&hi, src->b, plen, JET_bitNewKey | JET_bitPartialColumnEndLimit | zl), 0);
                    cr_assert_eq(hi.cb, def.cbKeyMost + 1);
                    for (unsigned i = 0; i < 200; i++) {
                        const bool has = pool[i].kind != VAL_NULL && pool[i].cb >= plen &&
                                         memcmp(pool[i].b, src->b, plen) == 0;
                        if (has != in_range(&lo, &hi, &stored[i]))
                            cr_assert_fail("coltyp %u mode %u: prefix of %u (len %u) vs value %u: in range %d, "
                                           "has prefix %d",
                                           coltyps[ic], mode, ip, plen, i, !has, has);
                    }
                }
            }
            /* SubStrLimit (Text) and StrLimit (Binary) are partial end limits */
            struct oe_key a, b;
            oe_key_init(&a, &def);
            oe_key_init(&b, &def);
            cr_assert_eq(oe_key_make(&a, "ab", 2, JET_bitNewKey | JET_bitPartialColumnEndLimit), 0);
            cr_assert_eq(oe_key_make(&b, "ab", 2,
                                     JET_bitNewKey | (ic == 1 ? JET_bitStrLimit : JET_bitSubStrLimit)),
                         0);
            cr_assert_eq(a.cb, b.cb);
            cr_assert_arr_eq(a.rgb, b.rgb, a.cb);
        }
    }
}

/* Long prefixes: limits and stored keys both truncated at cbKeyMost. */
Test(key, partial_limits_with_truncation)
{
    static uint8_t big[600];
    struct oe_key_def def = {.cseg = 1, .rgseg = {{JET_coltypText, 0}}};
    cr_assert_eq(oe_key_def_prepare(&def), JET_errSuccess);
    fill_text(big, 600, 'k');
    struct oe_key lo, hi, k;
    oe_key_init(&lo, &def);
    oe_key_init(&hi, &def);
    cr_assert_eq(oe_key_make(&lo, big, 400, JET_bitNewKey | JET_bitPartialColumnStartLimit), 0);
    cr_assert_eq(oe_key_make(&hi, big, 400, JET_bitNewKey | JET_bitPartialColumnEndLimit), 0);
    cr_assert(oe_key_truncated(&lo));
    oe_key_init(&k, &def);
    cr_assert_eq(oe_key_append(&k, big, 600, 0), 0);
    cr_assert(in_range(&lo, &hi, &k));
    oe_key_init(&k, &def);
    cr_assert_eq(oe_key_append(&k, "b", 1, 0), 0);
    cr_assert(!in_range(&lo, &hi, &k));
}

/* Full-column limits: a key made of the first n columns bounds exactly the
 * keys with those column values, for each n and each type of column. */
Test(key, full_column_limits_bound_exactly_the_columns)
{
    static struct val p1[8], p2[8];
    static struct oe_key stored[150];
    unsigned a[150], b[150];
    for (unsigned it = 0; it < NTYPES; it++) {
        const struct typespec *t = &types[it];
        for (unsigned mode = 0; mode < 4; mode++) {
            const bool desc = mode & 1, nulls_high = mode & 2;
            struct oe_key_def def = {
                .flags = (nulls_high ? OE_KEY_DEF_NULLS_HIGH : 0) |
                         ((t->segflags & OE_KEY_SEG_DOTNET_GUID) ? OE_KEY_DEF_DOTNET_GUID : 0),
                .cseg = 3,
                .rgseg = {{t->coltyp, (desc ? OE_KEY_SEG_DESCENDING : 0) | (t->segflags & OE_KEY_SEG_UTF16)},
                          {JET_coltypText, desc ? 0 : OE_KEY_SEG_DESCENDING},
                          {JET_coltypLong, 0}}};
            cr_assert_eq(oe_key_def_prepare(&def), JET_errSuccess);
            rng_seed(9000 + 4 * it + mode);
            fill_values(t, p1, 8);
            fill_values(&types[16], p2, 8);
            for (unsigned i = 0; i < 150; i++) {
                a[i] = rng_below(8);
                b[i] = rng_below(8);
                const int32_t third = (int32_t)rng_below(5) - 2;
                oe_key_init(&stored[i], &def);
                cr_assert_eq(oe_key_append(&stored[i], p1[a[i]].b, p1[a[i]].cb, val_flags(&p1[a[i]])), 0);
                cr_assert_eq(oe_key_append(&stored[i], p2[b[i]].b, p2[b[i]].cb, val_flags(&p2[b[i]])), 0);
                cr_assert_eq(oe_key_append(&stored[i], &third, 4, 0), 0);
            }
            for (unsigned x = 0; x < 8; x++) {
                for (unsigned y = 0; y < 8; y++) {
                    for (unsigned ncol = 1; ncol <= 2; ncol++) {
                        struct oe_key lo, hi;
                        const struct val *v1 = &p1[x], *v2 = &p2[y];
                        const JET_GRBIT z1 = v1->kind == VAL_ZERO_LENGTH ? JET_bitKeyDataZeroLength : 0;
                        const JET_GRBIT z2 = v2->kind == VAL_ZERO_LENGTH ? JET_bitKeyDataZeroLength : 0;
                        oe_key_init(&lo, &def);
                        oe_key_init(&hi, &def);
                        if (ncol == 1) {
                            cr_assert_eq(oe_key_make(&lo, v1->b, v1->cb, JET_bitNewKey | JET_bitFullColumnStartLimit | z1), 0);
                            cr_assert_eq(oe_key_make(&hi, v1->b, v1->cb, JET_bitNewKey | JET_bitFullColumnEndLimit | z1), 0);
                        } else {
                            cr_assert_eq(oe_key_make(&lo, v1->b, v1->cb, JET_bitNewKey | z1), 0);
                            cr_assert_eq(oe_key_make(&hi, v1->b, v1->cb, JET_bitNewKey | z1), 0);
                            cr_assert_eq(oe_key_make(&lo, v2->b, v2->cb, JET_bitFullColumnStartLimit | z2), 0);
                            cr_assert_eq(oe_key_make(&hi, v2->b, v2->cb, JET_bitFullColumnEndLimit | z2), 0);
                        }
                        for (unsigned i = 0; i < 150; i++) {
                            bool match = ref_cmp(t->cmp, &p1[a[i]], v1, false) == 0;
                            if (ncol == 2)
                                match = match && ref_cmp(ref_bytes, &p2[b[i]], v2, false) == 0;
                            if (match != in_range(&lo, &hi, &stored[i]))
                                cr_assert_fail("%s mode %u ncol %u: limit (%u,%u) vs stored %u: in range %d, "
                                               "match %d",
                                               t->name, mode, ncol, x, y, i, !match, match);
                        }
                    }
                }
            }
        }
    }
}

/* ---- JetMakeKey state machine and errors ---- */

Test(key, make_key_state_rules)
{
    struct oe_key_def def = {.cseg = 2, .rgseg = {{JET_coltypLong, 0}, {JET_coltypText, 0}}};
    cr_assert_eq(oe_key_def_prepare(&def), JET_errSuccess);
    struct oe_key k;
    const int32_t v = 5;
    oe_key_init(&k, &def);
    cr_assert_eq(oe_key_make(&k, &v, 4, 0), JET_errKeyNotMade);
    cr_assert_eq(oe_key_make(&k, &v, 4, JET_bitNewKey), 0);
    cr_assert_eq(k.cseg, 1);
    cr_assert_eq(oe_key_make(&k, "x", 1, 0), 0);
    cr_assert_eq(oe_key_make(&k, "y", 1, 0), JET_errKeyIsMade); /* every column made */
    /* a limit key is complete */
    cr_assert_eq(oe_key_make(&k, &v, 4, JET_bitNewKey | JET_bitFullColumnStartLimit), 0);
    cr_assert_eq(oe_key_make(&k, "x", 1, 0), JET_errKeyIsMade);
    /* partial limits only on Text/Binary; one limit option at a time */
    cr_assert_eq(oe_key_make(&k, &v, 4, JET_bitNewKey | JET_bitPartialColumnStartLimit), JET_errInvalidGrbit);
    cr_assert_eq(oe_key_make(&k, &v, 4, JET_bitNewKey | JET_bitPartialColumnEndLimit), JET_errInvalidGrbit);
    cr_assert_eq(oe_key_make(&k, &v, 4, JET_bitNewKey), 0);
    cr_assert_eq(oe_key_make(&k, "x", 1, JET_bitFullColumnStartLimit | JET_bitFullColumnEndLimit),
                 JET_errInvalidGrbit);
    cr_assert_eq(k.cseg, 1); /* the failed call changed nothing */
    /* StrLimit on a fixed type is a full-column end limit */
    struct oe_key e;
    oe_key_init(&e, &def);
    cr_assert_eq(oe_key_make(&k, &v, 4, JET_bitNewKey | JET_bitStrLimit), 0);
    cr_assert_eq(oe_key_make(&e, &v, 4, JET_bitNewKey | JET_bitFullColumnEndLimit), 0);
    cr_assert_eq(k.cb, e.cb);
    cr_assert_arr_eq(k.rgb, e.rgb, k.cb);
    /* SubStrLimit on a fixed type is ignored */
    cr_assert_eq(oe_key_make(&k, &v, 4, JET_bitNewKey | JET_bitSubStrLimit), 0);
    cr_assert_eq(k.cb, 5);
    cr_assert_eq(oe_key_make(&k, "x", 1, 0), 0);
    /* wrong size for the fixed column; zero-length on a fixed column */
    cr_assert_eq(oe_key_make(&k, &v, 2, JET_bitNewKey), JET_errInvalidBufferSize);
    cr_assert_eq(oe_key_make(&k, NULL, 0, JET_bitNewKey | JET_bitKeyDataZeroLength), JET_errInvalidBufferSize);
    /* cb 0 is NULL, or zero-length with KeyDataZeroLength */
    cr_assert_eq(oe_key_make(&k, NULL, 0, JET_bitNewKey), 0);
    cr_assert_eq(k.rgb[0], OE_KEY_PREFIX_NULL);
    cr_assert(k.state & OE_KEY_NULL_FIRST);
    cr_assert_eq(oe_key_make(&k, NULL, 0, 0), 0);
    cr_assert_eq(k.rgb[1], OE_KEY_PREFIX_NULL);
    cr_assert_eq(oe_key_make(&k, &v, 4, JET_bitNewKey), 0);
    cr_assert_eq(oe_key_make(&k, NULL, 0, JET_bitKeyDataZeroLength), 0);
    cr_assert_eq(k.rgb[5], OE_KEY_PREFIX_ZERO_LENGTH);
    cr_assert(!(k.state & OE_KEY_NULL_ANY));
}

Test(key, normalized_key_round_trip)
{
    struct oe_key_def def = {.cseg = 2, .rgseg = {{JET_coltypLong, 0}, {JET_coltypText, 0}}};
    cr_assert_eq(oe_key_def_prepare(&def), JET_errSuccess);
    struct oe_key k, r;
    const int32_t v = -3;
    oe_key_init(&k, &def);
    oe_key_init(&r, &def);
    cr_assert_eq(oe_key_make(&k, &v, 4, JET_bitNewKey), 0);
    cr_assert_eq(oe_key_make(&k, "hello", 5, 0), 0);
    cr_assert_eq(oe_key_make(&r, k.rgb, k.cb, JET_bitNormalizedKey), 0);
    cr_assert_eq(r.cb, k.cb);
    cr_assert_arr_eq(r.rgb, k.rgb, k.cb);
    cr_assert(!(r.state & OE_KEY_LIMIT));
    /* an end limit (cbKeyMost+1 bytes) round-trips as a limit */
    cr_assert_eq(oe_key_make(&k, &v, 4, JET_bitNewKey | JET_bitFullColumnEndLimit), 0);
    cr_assert_eq(k.cb, 256);
    cr_assert_eq(oe_key_make(&r, k.rgb, k.cb, JET_bitNormalizedKey), 0);
    cr_assert(r.state & OE_KEY_LIMIT);
    cr_assert_eq(oe_key_make(&r, "x", 1, 0), JET_errKeyIsMade);
    static uint8_t big[258];
    cr_assert_eq(oe_key_make(&r, big, 257, JET_bitNormalizedKey), JET_errInvalidParameter);
}

Test(key, record_key_null_state)
{
    struct oe_key_def def = {.cseg = 3,
                             .rgseg = {{JET_coltypLong, 0}, {JET_coltypText, 0}, {JET_coltypBinary, 0}}};
    cr_assert_eq(oe_key_def_prepare(&def), JET_errSuccess);
    struct oe_key k;
    const int32_t v = 1;
    oe_key_init(&k, &def);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(oe_key_append(&k, NULL, 0, OE_KEY_SEG_NULL), 0);
    cr_assert_eq(k.state & (OE_KEY_NULL_FIRST | OE_KEY_NULL_ANY | OE_KEY_VALUE_ANY),
                 OE_KEY_NULL_FIRST | OE_KEY_NULL_ANY); /* all NULL: IgnoreNull skips it */
    oe_key_reset(&k);
    cr_assert_eq(oe_key_append(&k, &v, 4, 0), 0);
    cr_assert_eq(oe_key_append(&k, NULL, 0, OE_KEY_SEG_NULL), 0);
    cr_assert_eq(oe_key_append(&k, NULL, 0, OE_KEY_SEG_ZERO_LENGTH), 0);
    cr_assert_eq(k.state & (OE_KEY_NULL_FIRST | OE_KEY_NULL_ANY | OE_KEY_VALUE_ANY),
                 OE_KEY_NULL_ANY | OE_KEY_VALUE_ANY);
    cr_assert_eq(oe_key_append(&k, &v, 4, 0), JET_errKeyIsMade);
    cr_assert_eq(oe_key_append(&k, &v, 4, OE_KEY_SEG_DESCENDING), JET_errInvalidParameter);
}

Test(key, normalize_segment_errors)
{
    uint8_t out[64], in[32] = {0};
    uint32_t c;
    const int64_t v = 0;
    static const JET_COLTYP bad[] = {JET_coltypNil, 13 /* SLV */, 19, 0xffffffffu};
    for (unsigned i = 0; i < 4; i++)
        cr_assert_eq(oe_key_normalize_segment(bad[i], &v, 8, 0, out, 32, &c), JET_errInvalidColumnType);
    /* every fixed type rejects every wrong size */
    for (JET_COLTYP t = 1; t <= 18; t++) {
        const int size = oe_key_coltyp_size(t);
        if (size <= 0)
            continue;
        for (uint32_t cb = 1; cb <= 17; cb++) {
            const JET_ERR want = cb == (uint32_t)size ? JET_errSuccess : JET_errInvalidBufferSize;
            cr_assert_eq(oe_key_normalize_segment(t, in, cb, 0, out, sizeof out, &c), want,
                         "coltyp %u cb %u", t, cb);
        }
        cr_assert_eq(oe_key_normalize_segment(t, NULL, 0, OE_KEY_SEG_ZERO_LENGTH, out, 32, &c),
                     JET_errInvalidBufferSize);
    }
    cr_assert_eq(oe_key_normalize_segment(JET_coltypText, NULL, 0, OE_KEY_SEG_NULL | OE_KEY_SEG_ZERO_LENGTH, out,
                                          32, &c),
                 JET_errInvalidParameter);
    cr_assert_eq(oe_key_normalize_segment(JET_coltypText, "a", 1, OE_KEY_SEG_ZERO_LENGTH, out, 32, &c),
                 JET_errInvalidParameter);
    cr_assert_eq(oe_key_normalize_segment(JET_coltypText, "a", 1, 0x100, out, 32, &c), JET_errInvalidParameter);
    cr_assert_eq(oe_key_normalize_segment(JET_coltypText, NULL, 3, 0, out, 32, &c), JET_errInvalidParameter);
    cr_assert_eq(oe_key_normalize_segment(JET_coltypText, "a", 1, 0, NULL, 32, &c), JET_errInvalidParameter);
    cr_assert_eq(oe_key_normalize_segment(JET_coltypText, "a", 1, 0, out, 32, NULL), JET_errInvalidParameter);
}

Test(key, def_prepare_errors)
{
    struct oe_key_def def = {.cseg = 1, .rgseg = {{JET_coltypLong, 0}}};
    cr_assert_eq(oe_key_def_prepare(&def), JET_errSuccess);
    cr_assert_eq(def.cbKeyMost, JET_cbKeyMostMin);
    cr_assert_eq(def.cbVarSegMac, JET_cbKeyMostMin);
    def.cbKeyMost = 254;
    cr_assert_eq(oe_key_def_prepare(&def), JET_errInvalidParameter);
    def.cbKeyMost = JET_cbKeyMostMost + 1;
    cr_assert_eq(oe_key_def_prepare(&def), JET_errInvalidParameter);
    def.cbKeyMost = 300;
    def.cbVarSegMac = 301;
    cr_assert_eq(oe_key_def_prepare(&def), JET_errInvalidParameter);
    def.cbVarSegMac = 0;
    def.cseg = 0;
    cr_assert_eq(oe_key_def_prepare(&def), JET_errInvalidParameter);
    def.cseg = JET_ccolKeyMost + 1;
    cr_assert_eq(oe_key_def_prepare(&def), JET_errInvalidParameter);
    def.cseg = 1;
    def.rgseg[0].coltyp = 13;
    cr_assert_eq(oe_key_def_prepare(&def), JET_errInvalidColumnType);
    def.rgseg[0].coltyp = JET_coltypLong;
    def.rgseg[0].flags = OE_KEY_SEG_NULL;
    cr_assert_eq(oe_key_def_prepare(&def), JET_errInvalidParameter);
    def.rgseg[0].flags = 0;
    def.flags = 0x80;
    cr_assert_eq(oe_key_def_prepare(&def), JET_errInvalidParameter);
}
