/*
 * test_record.c -- white-box tests of src/core/record.c (record images and
 * the copy buffer: JetSetColumn / JetRetrieveColumn semantics).
 *
 * Schemas are built by hand (struct oe_tdef with sorted columns): no
 * catalog. Every behaviour is checked on the copy buffer and again on the
 * image oe_recbuf_finish makes of it. Then: index keys against keys built
 * directly with key.h, an allocation-failure sweep (each failed edit leaves
 * the buffer as it was; no block leaks), and a property test comparing
 * random edit sequences with a reference model written from ESE's
 * documented rules (values per column, itag 1..n).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "core/record.h"
#include "sync/alloc.h"

/* ---- schema helpers ---- */

/* col -- a column definition. */
static struct oe_coldef col(JET_COLUMNID id, JET_COLTYP coltyp, uint32_t cbMax, JET_GRBIT grbit)
{
    struct oe_coldef c;
    memset(&c, 0, sizeof c);
    c.id = id;
    c.coltyp = coltyp;
    c.cbMax = cbMax;
    c.grbit = grbit;
    c.cp = 1252;
    snprintf(c.name, sizeof c.name, "c%u", (unsigned)id);
    return c;
}

static struct oe_tdef mkdef(struct oe_coldef *cols, uint32_t n)
{
    struct oe_tdef d;
    memset(&d, 0, sizeof d);
    d.ncol = n;
    d.col = cols;
    d.primary = -1;
    return d;
}

/* ok -- assert an edit's exact result. */
#define EXPECT(expr, code) cr_assert_eq((expr), (code), "%s -> %d", #expr, (int)(expr))

/* get -- retrieve itag of a column from a buffer or an image; returns the
 * JET_ERR and fills buf/pcb. */
static JET_ERR get(const struct oe_recbuf *b, const struct oe_rec *r, const struct oe_tdef *d,
                   const struct oe_coldef *c, uint32_t itag, uint32_t ib, void *buf,
                   uint32_t cbMax, uint32_t *pcb, JET_GRBIT grbit)
{
    JET_RETINFO ri = {sizeof ri, ib, itag, 0};
    if (b)
        return oe_recbuf_retrieve(b, c, buf, cbMax, pcb, grbit, &ri);
    return oe_rec_retrieve(r, d, c, buf, cbMax, pcb, grbit, &ri);
}

/* expect_value -- value itag of c is exactly (pv, cb) in buffer and image. */
static void expect_value(const struct oe_recbuf *b, const struct oe_rec *r,
                         const struct oe_tdef *d, const struct oe_coldef *c, uint32_t itag,
                         const void *pv, uint32_t cb)
{
    static uint8_t buf[1 << 16];
    uint32_t cbActual = 12345;
    JET_ERR err = get(b, r, d, c, itag, 0, buf, sizeof buf, &cbActual, 0);
    cr_assert_eq(err, JET_errSuccess, "col %u itag %u: err %d", c->id, itag, err);
    cr_assert_eq(cbActual, cb, "col %u itag %u: cb %u != %u", c->id, itag, cbActual, cb);
    cr_assert(cb == 0 || memcmp(buf, pv, cb) == 0, "col %u itag %u: bytes", c->id, itag);
}

/* expect_null -- itag of c reads NULL (with *pcbActual 0). */
static void expect_null(const struct oe_recbuf *b, const struct oe_rec *r,
                        const struct oe_tdef *d, const struct oe_coldef *c, uint32_t itag,
                        JET_GRBIT grbit)
{
    uint8_t buf[16];
    uint32_t cbActual = 777;
    JET_ERR err = get(b, r, d, c, itag, 0, buf, sizeof buf, &cbActual, grbit);
    cr_assert_eq(err, JET_wrnColumnNull, "col %u itag %u: err %d", c->id, itag, err);
    cr_assert_eq(cbActual, 0);
}

/* both -- run a check on the buffer and on a fresh image of it. */
#define BOTH(def, b, check)                                                   \
    do {                                                                      \
        struct oe_rec *r_ = NULL;                                             \
        const struct oe_recbuf *B = (b);                                      \
        const struct oe_rec *R = NULL;                                        \
        check;                                                                \
        cr_assert_eq(oe_recbuf_finish((b), (def), &r_), JET_errSuccess);      \
        B = NULL;                                                             \
        R = r_;                                                               \
        check;                                                                \
        oe_rec_free(r_);                                                      \
    } while (0)

static int64_t g_live0;

static void setup(void) { g_live0 = oe_alloc_live_blocks(); }
static void teardown(void)
{
    oe_alloc_fail_reset();
    cr_expect_eq(oe_alloc_live_blocks(), g_live0, "leaked %lld blocks",
                 (long long)(oe_alloc_live_blocks() - g_live0));
}

TestSuite(record, .init = setup, .fini = teardown);

/* ---- every type round-trips; fixed sizes are exact ---- */

Test(record, every_type_round_trip_and_size_errors)
{
    static const JET_COLTYP fixed[] = {
        JET_coltypBit, JET_coltypUnsignedByte, JET_coltypShort, JET_coltypUnsignedShort,
        JET_coltypLong, JET_coltypUnsignedLong, JET_coltypLongLong, JET_coltypUnsignedLongLong,
        JET_coltypCurrency, JET_coltypIEEESingle, JET_coltypIEEEDouble, JET_coltypDateTime,
        JET_coltypGUID};
    const uint32_t nfixed = sizeof fixed / sizeof fixed[0];
    struct oe_coldef cols[32];
    uint32_t n = 0;
    for (uint32_t i = 0; i < nfixed; i++)
        cols[n++] = col(1 + i, fixed[i], 0, JET_bitColumnFixed);
    cols[n++] = col(128, JET_coltypText, 0, 0);
    cols[n++] = col(129, JET_coltypBinary, 0, 0);
    for (uint32_t i = 0; i < nfixed; i++)
        cols[n++] = col(256 + i, fixed[i], 0, JET_bitColumnTagged);
    cols[n++] = col(300, JET_coltypLongText, 0, JET_bitColumnTagged);
    cols[n++] = col(301, JET_coltypLongBinary, 0, JET_bitColumnTagged);
    struct oe_tdef d = mkdef(cols, n);

    struct oe_recbuf *b;
    EXPECT(oe_recbuf_create(&d, NULL, &b), JET_errSuccess);
    uint8_t val[32][16];
    for (uint32_t i = 0; i < n; i++) {
        const int size = oe_key_coltyp_size(cols[i].coltyp);
        for (int k = 0; k < 16; k++)
            val[i][k] = (uint8_t)(i * 31 + k * 7 + 1);
        if (cols[i].coltyp == JET_coltypBit)
            val[i][0] = 0xff; /* stored form of "true" */
        if (size > 0) {
            if (size > 1) /* (cb 0 without ZeroLength means NULL) */
                EXPECT(oe_recbuf_set(b, &cols[i], val[i], (uint32_t)size - 1, 0, NULL),
                       JET_errInvalidBufferSize);
            EXPECT(oe_recbuf_set(b, &cols[i], val[i], (uint32_t)size + 1, 0, NULL),
                   JET_errInvalidBufferSize);
            EXPECT(oe_recbuf_set(b, &cols[i], val[i], 0, JET_bitSetZeroLength, NULL),
                   JET_errInvalidBufferSize);
            EXPECT(oe_recbuf_set(b, &cols[i], val[i], (uint32_t)size, 0, NULL), JET_errSuccess);
        } else {
            EXPECT(oe_recbuf_set(b, &cols[i], val[i], 11, 0, NULL), JET_errSuccess);
        }
    }
    BOTH(&d, b, {
        for (uint32_t i = 0; i < n; i++) {
            const int size = oe_key_coltyp_size(cols[i].coltyp);
            expect_value(B, R, &d, &cols[i], 1, val[i], size > 0 ? (uint32_t)size : 11);
        }
    });
    /* any non-zero Bit byte is stored as 0xff (ESE) */
    const uint8_t two = 2, zero = 0, ff = 0xff;
    EXPECT(oe_recbuf_set(b, &cols[0], &two, 1, 0, NULL), JET_errSuccess);
    expect_value(b, NULL, &d, &cols[0], 1, &ff, 1);
    EXPECT(oe_recbuf_set(b, &cols[0], &zero, 1, 0, NULL), JET_errSuccess);
    expect_value(b, NULL, &d, &cols[0], 1, &zero, 1);
    /* a type that is not ESE's */
    struct oe_coldef bad = col(120, 13 /* SLV */, 0, JET_bitColumnFixed);
    EXPECT(oe_recbuf_set(b, &bad, val[0], 4, 0, NULL), JET_errInvalidColumnType);
    EXPECT(oe_rec_check_value(&bad, val[0], 4), JET_errInvalidColumnType);
    oe_recbuf_free(b);
}

/* A value set over another: the old one's memory goes (the teardown counts
 * blocks), whichever of the two setters -- inline values of at most 32
 * bytes stored as given, or the general one -- stores the new value. */
Test(record, overwrite_frees_the_old_value)
{
    struct oe_coldef cols[] = {
        col(1, JET_coltypLong, 0, 0),
        col(128, JET_coltypBinary, 0, 0),
    };
    struct oe_tdef d = mkdef(cols, sizeof cols / sizeof cols[0]);
    uint8_t big[100];
    for (uint32_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)i;
    int32_t v = 5;
    int64_t live0 = oe_alloc_live_blocks();
    struct oe_recbuf *b;
    EXPECT(oe_recbuf_create(&d, NULL, &b), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[1], big, 100, 0, NULL), JET_errSuccess); /* allocated */
    EXPECT(oe_recbuf_set(b, &cols[1], big, 8, 0, NULL), JET_errSuccess);   /* inline */
    EXPECT(oe_recbuf_set(b, &cols[0], &v, 4, 0, NULL), JET_errSuccess);
    v = 6;
    EXPECT(oe_recbuf_set(b, &cols[0], &v, 4, 0, NULL), JET_errSuccess);
    BOTH(&d, b, expect_value(B, R, &d, &cols[1], 1, big, 8));
    BOTH(&d, b, expect_value(B, R, &d, &cols[0], 1, &v, 4));
    EXPECT(oe_recbuf_set(b, &cols[1], big, 33, 0, NULL), JET_errSuccess); /* allocated again */
    BOTH(&d, b, expect_value(B, R, &d, &cols[1], 1, big, 33));
    oe_recbuf_free(b);
    cr_assert_eq(oe_alloc_live_blocks(), live0, "blocks leaked by the overwrites");
}

Test(record, text_binary_limits_by_kind)
{
    struct oe_coldef cols[] = {
        col(1, JET_coltypBinary, 8, JET_bitColumnFixed),
        col(2, JET_coltypText, 6, JET_bitColumnFixed),
        col(3, JET_coltypText, 6, JET_bitColumnFixed),
        col(128, JET_coltypText, 10, 0),
        col(129, JET_coltypBinary, 0, 0),
        col(256, JET_coltypBinary, 10, JET_bitColumnTagged),
        col(257, JET_coltypLongBinary, 100, JET_bitColumnTagged),
        col(258, JET_coltypLongText, 0, JET_bitColumnTagged),
    };
    cols[2].cp = 1200;
    struct oe_tdef d = mkdef(cols, sizeof cols / sizeof cols[0]);
    uint8_t big[400];
    for (uint32_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)('a' + i % 26);
    struct oe_recbuf *b;
    EXPECT(oe_recbuf_create(&d, NULL, &b), JET_errSuccess);

    /* fixed Binary: padded with zeros to cbMax; longer is InvalidBufferSize */
    EXPECT(oe_recbuf_set(b, &cols[0], "xyz", 3, 0, NULL), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[0], big, 9, 0, NULL), JET_errInvalidBufferSize);
    /* fixed Text: padded with spaces; UTF-16 spaces for cp 1200 */
    EXPECT(oe_recbuf_set(b, &cols[1], "ab", 2, 0, NULL), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[2], "a\0", 2, 0, NULL), JET_errSuccess);
    /* variable: truncated to cbMax with a warning (ESE) */
    EXPECT(oe_recbuf_set(b, &cols[3], big, 12, 0, NULL), JET_wrnColumnMaxTruncated);
    /* cbMax 0 means JET_cbColumnMost = 255 */
    EXPECT(oe_recbuf_set(b, &cols[4], big, 256, 0, NULL), JET_wrnColumnMaxTruncated);
    /* tagged: too big is an error and changes nothing */
    EXPECT(oe_recbuf_set(b, &cols[5], big, 11, 0, NULL), JET_errColumnTooBig);
    EXPECT(oe_recbuf_set(b, &cols[5], big, 10, 0, NULL), JET_errSuccess);
    /* long values: cbMax caps the final size; above 2^31-1 is a bad parameter */
    EXPECT(oe_recbuf_set(b, &cols[6], big, 101, 0, NULL), JET_errColumnTooBig);
    EXPECT(oe_recbuf_set(b, &cols[6], big, 60, 0, NULL), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[6], big, 41, JET_bitSetAppendLV, NULL), JET_errColumnTooBig);
    EXPECT(oe_recbuf_set(b, &cols[6], big, 40, JET_bitSetAppendLV, NULL), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[7], big, 0x80000000u, 0, NULL), JET_errInvalidParameter);
    EXPECT(oe_recbuf_set(b, &cols[7], big, 300, JET_bitSetSeparateLV | JET_bitSetCompressed, NULL),
           JET_errSuccess);
    EXPECT(oe_rec_check_value(&cols[5], big, 11), JET_errColumnTooBig);
    EXPECT(oe_rec_check_value(&cols[0], big, 9), JET_errInvalidBufferSize);
    EXPECT(oe_rec_check_value(&cols[6], big, 101), JET_errColumnTooBig);

    uint8_t lv[100];
    memcpy(lv, big, 60);
    memcpy(lv + 60, big, 40);
    BOTH(&d, b, {
        expect_value(B, R, &d, &cols[0], 1, "xyz\0\0\0\0\0", 8);
        expect_value(B, R, &d, &cols[1], 1, "ab    ", 6);
        expect_value(B, R, &d, &cols[2], 1, "a\0 \0 \0", 6);
        expect_value(B, R, &d, &cols[3], 1, big, 10);
        expect_value(B, R, &d, &cols[4], 1, big, 255);
        expect_value(B, R, &d, &cols[5], 1, big, 10);
        expect_value(B, R, &d, &cols[6], 1, lv, 100);
        expect_value(B, R, &d, &cols[7], 1, big, 300);
    });
    oe_recbuf_free(b);
}

/* ---- NULL, zero-length, defaults ---- */

Test(record, null_zero_length_and_defaults)
{
    struct oe_coldef cols[] = {
        col(1, JET_coltypLong, 0, JET_bitColumnFixed),
        col(128, JET_coltypText, 0, 0),
        col(256, JET_coltypText, 0, JET_bitColumnTagged),
        col(257, JET_coltypLong, 0, JET_bitColumnTagged | JET_bitColumnMultiValued),
    };
    const int32_t dl = 42;
    cols[0].pvDefault = &dl;
    cols[0].cbDefault = 4;
    cols[1].pvDefault = "dflt";
    cols[1].cbDefault = 4;
    cols[2].pvDefault = "tdef";
    cols[2].cbDefault = 4;
    struct oe_tdef d = mkdef(cols, 4);
    struct oe_recbuf *b;
    EXPECT(oe_recbuf_create(&d, NULL, &b), JET_errSuccess);

    /* never set: the default, unless IgnoreDefault; itag 2 is NULL */
    BOTH(&d, b, {
        expect_value(B, R, &d, &cols[0], 1, &dl, 4);
        expect_value(B, R, &d, &cols[1], 1, "dflt", 4);
        expect_value(B, R, &d, &cols[2], 1, "tdef", 4);
        expect_null(B, R, &d, &cols[2], 2, 0);
        expect_null(B, R, &d, &cols[1], 1, JET_bitRetrieveIgnoreDefault);
        expect_null(B, R, &d, &cols[3], 1, 0);
    });
    /* an explicit NULL hides the default */
    EXPECT(oe_recbuf_set(b, &cols[0], NULL, 0, 0, NULL), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[1], "x", 0, 0, NULL), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[2], NULL, 0, 0, NULL), JET_errSuccess);
    BOTH(&d, b, {
        expect_null(B, R, &d, &cols[0], 1, 0);
        expect_null(B, R, &d, &cols[1], 1, 0);
        expect_null(B, R, &d, &cols[2], 1, 0);
    });
    /* zero-length is a value, not NULL */
    EXPECT(oe_recbuf_set(b, &cols[1], NULL, 0, JET_bitSetZeroLength, NULL), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[2], "", 0, JET_bitSetZeroLength, NULL), JET_errSuccess);
    BOTH(&d, b, {
        expect_value(B, R, &d, &cols[1], 1, "", 0);
        expect_value(B, R, &d, &cols[2], 1, "", 0);
    });
    /* RevertToDefaultValue: a tagged column shows its default again */
    EXPECT(oe_recbuf_set(b, &cols[2], NULL, 0, JET_bitSetRevertToDefaultValue, NULL),
           JET_errSuccess);
    BOTH(&d, b, { expect_value(B, R, &d, &cols[2], 1, "tdef", 4); });
    /* deleting the last value of a tagged column with a default leaves it
     * NULL (ESE keeps a null entry); without a default it is simply gone */
    EXPECT(oe_recbuf_set(b, &cols[2], "v", 1, 0, NULL), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[2], NULL, 0, 0, NULL), JET_errSuccess);
    expect_null(b, NULL, &d, &cols[2], 1, 0);
    const int32_t seven = 7;
    EXPECT(oe_recbuf_set(b, &cols[3], &seven, 4, 0, NULL), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[3], NULL, 0, 0, NULL), JET_errSuccess);
    expect_null(b, NULL, &d, &cols[3], 1, 0);
    /* bad grbits and setinfo sizes */
    EXPECT(oe_recbuf_set(b, &cols[1], "a", 1, 0x2, NULL), JET_errInvalidGrbit);
    JET_SETINFO si = {sizeof si - 1, 0, 1};
    EXPECT(oe_recbuf_set(b, &cols[1], "a", 1, 0, &si), JET_errInvalidParameter);
    JET_RETINFO ri = {sizeof ri - 1, 0, 1, 0};
    EXPECT(oe_recbuf_retrieve(b, &cols[1], NULL, 0, NULL, 0, &ri), JET_errInvalidParameter);
    oe_recbuf_free(b);
}

/* ---- retrieve: truncation, size query ---- */

Test(record, retrieve_truncation_and_size_query)
{
    struct oe_coldef cols[] = {col(128, JET_coltypBinary, 0, 0)};
    struct oe_tdef d = mkdef(cols, 1);
    struct oe_recbuf *b;
    EXPECT(oe_recbuf_create(&d, NULL, &b), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[0], "0123456789", 10, 0, NULL), JET_errSuccess);
    BOTH(&d, b, {
        uint8_t buf[16];
        uint32_t cb = 0;
        memset(buf, 0xee, sizeof buf);
        EXPECT(get(B, R, &d, &cols[0], 1, 0, buf, 4, &cb, 0), JET_wrnBufferTruncated);
        cr_assert_eq(cb, 10);
        cr_assert(memcmp(buf, "0123", 4) == 0 && buf[4] == 0xee);
        cb = 0;
        EXPECT(get(B, R, &d, &cols[0], 1, 0, NULL, 0, &cb, 0), JET_wrnBufferTruncated);
        cr_assert_eq(cb, 10);
        EXPECT(get(B, R, &d, &cols[0], 1, 0, buf, 10, NULL, 0), JET_errSuccess);
        /* itagSequence is ignored on non-tagged columns (ESE) */
        EXPECT(get(B, R, &d, &cols[0], 5, 0, buf, 16, &cb, 0), JET_errSuccess);
        cr_assert_eq(cb, 10);
    });
    oe_recbuf_free(b);
}

/* ---- multi-valued tagged columns ---- */

Test(record, multi_valued_append_overwrite_delete_unique)
{
    struct oe_coldef cols[] = {
        col(256, JET_coltypLong, 0, JET_bitColumnTagged | JET_bitColumnMultiValued),
        col(257, JET_coltypText, 0, JET_bitColumnTagged | JET_bitColumnMultiValued),
        col(258, JET_coltypLongBinary, 0, JET_bitColumnTagged | JET_bitColumnMultiValued),
    };
    struct oe_tdef d = mkdef(cols, 3);
    struct oe_recbuf *b;
    EXPECT(oe_recbuf_create(&d, NULL, &b), JET_errSuccess);
    const int32_t v[] = {10, 20, 30, 40, 50};
    JET_SETINFO si = {sizeof si, 0, 0};
    for (int i = 0; i < 3; i++)
        EXPECT(oe_recbuf_set(b, &cols[0], &v[i], 4, 0, &si), JET_errSuccess); /* append */
    si.itagSequence = 2;
    EXPECT(oe_recbuf_set(b, &cols[0], &v[3], 4, 0, &si), JET_errSuccess); /* overwrite */
    si.itagSequence = 10;
    EXPECT(oe_recbuf_set(b, &cols[0], &v[4], 4, 0, &si), JET_errSuccess); /* appends as 4th */
    BOTH(&d, b, {
        expect_value(B, R, &d, &cols[0], 1, &v[0], 4);
        expect_value(B, R, &d, &cols[0], 2, &v[3], 4);
        expect_value(B, R, &d, &cols[0], 3, &v[2], 4);
        expect_value(B, R, &d, &cols[0], 4, &v[4], 4);
        expect_null(B, R, &d, &cols[0], 5, 0);
        uint8_t buf[4];
        EXPECT(get(B, R, &d, &cols[0], 0, 0, buf, 4, NULL, 0), JET_errBadItagSequence);
    });
    /* NULL at itag n deletes value n; later values move down */
    si.itagSequence = 1;
    EXPECT(oe_recbuf_set(b, &cols[0], NULL, 0, 0, &si), JET_errSuccess);
    si.itagSequence = 0; /* appending NULL: no-op */
    EXPECT(oe_recbuf_set(b, &cols[0], NULL, 0, 0, &si), JET_errSuccess);
    si.itagSequence = 9; /* deleting past the end: no-op */
    EXPECT(oe_recbuf_set(b, &cols[0], NULL, 0, 0, &si), JET_errSuccess);
    BOTH(&d, b, {
        expect_value(B, R, &d, &cols[0], 1, &v[3], 4);
        expect_value(B, R, &d, &cols[0], 2, &v[2], 4);
        expect_value(B, R, &d, &cols[0], 3, &v[4], 4);
        expect_null(B, R, &d, &cols[0], 4, 0);
    });
    /* unique: a duplicate of another value fails; rewriting a value with
     * itself does not */
    si.itagSequence = 0;
    EXPECT(oe_recbuf_set(b, &cols[0], &v[2], 4, JET_bitSetUniqueMultiValues, &si),
           JET_errMultiValuedDuplicate);
    si.itagSequence = 2;
    EXPECT(oe_recbuf_set(b, &cols[0], &v[2], 4, JET_bitSetUniqueMultiValues, &si), JET_errSuccess);
    si.itagSequence = 1;
    EXPECT(oe_recbuf_set(b, &cols[0], &v[2], 4, JET_bitSetUniqueMultiValues, &si),
           JET_errMultiValuedDuplicate);
    EXPECT(oe_recbuf_set(b, &cols[0], &v[2], 4, JET_bitSetUniqueMultiValues | JET_bitSetAppendLV,
                         &si),
           JET_errInvalidGrbit);
    expect_value(b, NULL, &d, &cols[0], 1, &v[3], 4);
    /* normalized uniqueness compares index keys */
    si.itagSequence = 0;
    EXPECT(oe_recbuf_set(b, &cols[1], "abc", 3, 0, &si), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[1], "abc", 3, JET_bitSetUniqueNormalizedMultiValues, &si),
           JET_errMultiValuedDuplicate);
    EXPECT(oe_recbuf_set(b, &cols[1], "abd", 3, JET_bitSetUniqueNormalizedMultiValues, &si),
           JET_errSuccess);
    /* long values: unique too */
    EXPECT(oe_recbuf_set(b, &cols[2], "long", 4, 0, &si), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[2], "long", 4, JET_bitSetUniqueMultiValues, &si),
           JET_errMultiValuedDuplicate);
    EXPECT(oe_recbuf_set(b, &cols[2], "lonG", 4, JET_bitSetUniqueMultiValues, &si), JET_errSuccess);
    BOTH(&d, b, {
        expect_value(B, R, &d, &cols[1], 2, "abd", 3);
        expect_value(B, R, &d, &cols[2], 2, "lonG", 4);
    });
    oe_recbuf_free(b);
}

/* ---- long values ---- */

Test(record, long_value_append_overwrite_size_offset)
{
    struct oe_coldef cols[] = {col(256, JET_coltypLongBinary, 0, JET_bitColumnTagged),
                               col(257, JET_coltypLongText, 0, JET_bitColumnTagged)};
    cols[1].pvDefault = "DEF";
    cols[1].cbDefault = 3;
    struct oe_tdef d = mkdef(cols, 2);
    struct oe_recbuf *b;
    JET_SETINFO si = {sizeof si, 0, 1};
    EXPECT(oe_recbuf_create(&d, NULL, &b), JET_errSuccess);

    /* OverwriteLV at an offset of a value that does not exist */
    si.ibLongValue = 3;
    EXPECT(oe_recbuf_set(b, &cols[0], "abc", 3, JET_bitSetOverwriteLV, &si), JET_errColumnNoChunk);
    si.ibLongValue = 0;
    EXPECT(oe_recbuf_set(b, &cols[0], "hello", 5, JET_bitSetAppendLV, &si), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[0], " world", 6, JET_bitSetAppendLV, &si), JET_errSuccess);
    expect_value(b, NULL, &d, &cols[0], 1, "hello world", 11);
    si.ibLongValue = 6;
    EXPECT(oe_recbuf_set(b, &cols[0], "WORLD!!", 7, JET_bitSetOverwriteLV, &si), JET_errSuccess);
    expect_value(b, NULL, &d, &cols[0], 1, "hello WORLD!!", 13);
    si.ibLongValue = 2;
    EXPECT(oe_recbuf_set(b, &cols[0], "LL", 2, JET_bitSetOverwriteLV, &si), JET_errSuccess);
    expect_value(b, NULL, &d, &cols[0], 1, "heLLo WORLD!!", 13);
    si.ibLongValue = 14;
    EXPECT(oe_recbuf_set(b, &cols[0], "x", 1, JET_bitSetOverwriteLV, &si), JET_errColumnNoChunk);
    si.ibLongValue = 5;
    EXPECT(oe_recbuf_set(b, &cols[0], "!", 1, JET_bitSetOverwriteLV | JET_bitSetSizeLV, &si),
           JET_errSuccess);
    expect_value(b, NULL, &d, &cols[0], 1, "heLLo!", 6);
    /* SizeLV: cbData is the new size; pv may be NULL */
    si.ibLongValue = 0;
    EXPECT(oe_recbuf_set(b, &cols[0], NULL, 9, JET_bitSetSizeLV, &si), JET_errSuccess);
    expect_value(b, NULL, &d, &cols[0], 1, "heLLo!\0\0\0", 9);
    EXPECT(oe_recbuf_set(b, &cols[0], NULL, 2, JET_bitSetSizeLV, &si), JET_errSuccess);
    expect_value(b, NULL, &d, &cols[0], 1, "he", 2);
    /* no grbit replaces the whole value */
    EXPECT(oe_recbuf_set(b, &cols[0], "0123456789", 10, 0, &si), JET_errSuccess);
    /* AppendLV/OverwriteLV with no data on an existing value: no-op */
    EXPECT(oe_recbuf_set(b, &cols[0], NULL, 0, JET_bitSetAppendLV, &si), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[0], NULL, 0, JET_bitSetOverwriteLV, &si), JET_errSuccess);
    /* AppendLV on a never-set column with a default appends to the default */
    EXPECT(oe_recbuf_set(b, &cols[1], "+x", 2, JET_bitSetAppendLV, &si), JET_errSuccess);
    BOTH(&d, b, {
        expect_value(B, R, &d, &cols[0], 1, "0123456789", 10);
        expect_value(B, R, &d, &cols[1], 1, "DEF+x", 5);
        uint8_t buf[8];
        uint32_t cb = 0;
        EXPECT(get(B, R, &d, &cols[0], 1, 7, buf, sizeof buf, &cb, 0), JET_errSuccess);
        cr_assert_eq(cb, 3);
        cr_assert(memcmp(buf, "789", 3) == 0);
        EXPECT(get(B, R, &d, &cols[0], 1, 4, buf, 2, &cb, 0), JET_wrnBufferTruncated);
        cr_assert_eq(cb, 6);
        cr_assert(memcmp(buf, "45", 2) == 0);
        EXPECT(get(B, R, &d, &cols[0], 1, 10, buf, sizeof buf, &cb, 0), JET_errSuccess);
        cr_assert_eq(cb, 0);
        EXPECT(get(B, R, &d, &cols[0], 1, 99, buf, sizeof buf, &cb, 0), JET_errSuccess);
        cr_assert_eq(cb, 0);
    });
    /* SizeLV 0 sets NULL; SizeLV|ZeroLength 0 sets zero-length */
    EXPECT(oe_recbuf_set(b, &cols[0], NULL, 0, JET_bitSetSizeLV | JET_bitSetZeroLength, &si),
           JET_errSuccess);
    expect_value(b, NULL, &d, &cols[0], 1, "", 0);
    EXPECT(oe_recbuf_set(b, &cols[0], NULL, 0, JET_bitSetSizeLV, &si), JET_errSuccess);
    expect_null(b, NULL, &d, &cols[0], 1, 0);
    /* SizeLV on a new value: that many zero bytes */
    si.itagSequence = 0;
    EXPECT(oe_recbuf_set(b, &cols[0], NULL, 3, JET_bitSetSizeLV, &si), JET_errSuccess);
    expect_value(b, NULL, &d, &cols[0], 1, "\0\0\0", 3);
    EXPECT(oe_recbuf_set(b, &cols[0], "a", 1, JET_bitSetAppendLV | JET_bitSetOverwriteLV, &si),
           JET_errInvalidGrbit);
    EXPECT(oe_recbuf_set(b, &cols[0], "a", 1, JET_bitSetContiguousLV, &si), JET_errInvalidGrbit);
    oe_recbuf_free(b);
}

/* ---- NotNULL, autoincrement, version ---- */

Test(record, not_null_autoinc_version)
{
    struct oe_coldef cols[] = {
        col(1, JET_coltypLong, 0, JET_bitColumnFixed | JET_bitColumnAutoincrement),
        col(2, JET_coltypLong, 0, JET_bitColumnFixed | JET_bitColumnVersion),
        col(3, JET_coltypCurrency, 0, JET_bitColumnFixed | JET_bitColumnAutoincrement),
        col(128, JET_coltypText, 0, JET_bitColumnNotNULL),
        col(256, JET_coltypText, 0, JET_bitColumnTagged | JET_bitColumnNotNULL),
    };
    cols[4].pvDefault = "d";
    cols[4].cbDefault = 1;
    struct oe_tdef d = mkdef(cols, 5);
    struct oe_recbuf *b, *b2;
    struct oe_rec *r, *r2;
    const int32_t i5 = 5, zero = 0, one = 1;
    EXPECT(oe_recbuf_create(&d, NULL, &b), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[0], &i5, 4, 0, NULL), JET_errInvalidColumnType);
    EXPECT(oe_recbuf_set_autoinc(b, &cols[0], 77), JET_errSuccess);
    EXPECT(oe_recbuf_set_autoinc(b, &cols[2], (int64_t)1 << 40), JET_errSuccess);
    EXPECT(oe_recbuf_set_autoinc(b, &cols[3], 1), JET_errInvalidColumnType);
    /* NotNULL: explicit NULL refused at once, missing value at finish;
     * a default satisfies it */
    EXPECT(oe_recbuf_set(b, &cols[3], NULL, 0, 0, NULL), JET_errNullInvalid);
    EXPECT(oe_recbuf_set(b, &cols[4], NULL, 0, JET_bitSetRevertToDefaultValue, NULL),
           JET_errNullInvalid);
    EXPECT(oe_recbuf_finish(b, &d, &r), JET_errNullInvalid);
    cr_assert_null(r);
    EXPECT(oe_recbuf_set(b, &cols[3], "", 0, JET_bitSetZeroLength, NULL), JET_errSuccess);
    /* version: 0 on insert, settable during insert */
    expect_value(b, NULL, &d, &cols[1], 1, &zero, 4);
    EXPECT(oe_recbuf_finish(b, &d, &r), JET_errSuccess);
    cr_assert_gt(oe_rec_size(r), 0);
    const int32_t a77 = 77;
    const int64_t big = (int64_t)1 << 40;
    expect_value(NULL, r, &d, &cols[0], 1, &a77, 4);
    expect_value(NULL, r, &d, &cols[2], 1, &big, 8);
    expect_value(NULL, r, &d, &cols[4], 1, "d", 1);
    /* replace: version + 1 and not settable; the buffer stays valid */
    EXPECT(oe_recbuf_create(&d, r, &b2), JET_errSuccess);
    expect_value(b2, NULL, &d, &cols[1], 1, &one, 4);
    EXPECT(oe_recbuf_set(b2, &cols[1], &i5, 4, 0, NULL), JET_errInvalidColumnType);
    EXPECT(oe_recbuf_set(b, &cols[1], &i5, 4, 0, NULL), JET_errSuccess);
    EXPECT(oe_recbuf_finish(b2, &d, &r2), JET_errSuccess);
    expect_value(NULL, r2, &d, &cols[0], 1, &a77, 4);
    oe_rec_free(r2);
    oe_recbuf_free(b2);
    /* insert-copy: version restarts at 0 and can be set */
    EXPECT(oe_recbuf_create_mode(&d, r, OE_RECBUF_INSERT_COPY, &b2), JET_errSuccess);
    expect_value(b2, NULL, &d, &cols[1], 1, &zero, 4);
    EXPECT(oe_recbuf_set(b2, &cols[1], &i5, 4, 0, NULL), JET_errSuccess);
    oe_recbuf_free(b2);
    oe_rec_free(r);
    oe_recbuf_free(b);
}

/* ---- index keys ---- */

/* mkidx -- an index over (a asc, b desc) with the given grbit. */
static struct oe_idxdef mkidx(JET_GRBIT grbit, const struct oe_coldef *a, const struct oe_coldef *b)
{
    struct oe_idxdef x;
    memset(&x, 0, sizeof x);
    x.grbit = grbit;
    x.nseg = 2;
    x.seg[0].col = a->id;
    x.seg[1].col = b->id;
    x.seg[1].descending = 1;
    x.kdef.cseg = 2;
    x.kdef.rgseg[0].coltyp = a->coltyp;
    x.kdef.rgseg[1].coltyp = b->coltyp;
    x.kdef.rgseg[1].flags = OE_KEY_SEG_DESCENDING;
    cr_assert_eq(oe_key_def_prepare(&x.kdef), JET_errSuccess);
    return x;
}

/* key_of -- the key key.h builds for (a, b), NULL when p is NULL. */
static void key_of(const struct oe_idxdef *x, const void *pa, uint32_t ca, const void *pb,
                   uint32_t cb, struct oe_key *k)
{
    oe_key_init(k, &x->kdef);
    cr_assert_eq(oe_key_append(k, pa, ca, pa ? 0 : OE_KEY_SEG_NULL), JET_errSuccess);
    cr_assert_eq(oe_key_append(k, pb, cb, pb ? (cb ? 0 : OE_KEY_SEG_ZERO_LENGTH) : OE_KEY_SEG_NULL),
                 JET_errSuccess);
}

Test(record, make_key_segments_and_null_rules)
{
    struct oe_coldef cols[] = {
        col(1, JET_coltypLong, 0, JET_bitColumnFixed),
        col(256, JET_coltypText, 0, JET_bitColumnTagged | JET_bitColumnMultiValued),
    };
    struct oe_tdef d = mkdef(cols, 2);
    static struct oe_key got, want;
    int indexed;
    struct oe_recbuf *b;
    struct oe_rec *r;
    const int32_t k = -5;
    JET_SETINFO si = {sizeof si, 0, 0};

    struct oe_idxdef plain = mkidx(0, &cols[0], &cols[1]);
    EXPECT(oe_recbuf_create(&d, NULL, &b), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[0], &k, 4, 0, NULL), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[1], "first", 5, 0, &si), JET_errSuccess);
    EXPECT(oe_recbuf_set(b, &cols[1], "second", 6, 0, &si), JET_errSuccess);
    EXPECT(oe_recbuf_make_key(b, &d, &plain, &got, &indexed), JET_errSuccess);
    key_of(&plain, &k, 4, "first", 5, &want); /* multi-valued: the first value */
    cr_assert_eq(indexed, 1);
    cr_assert_eq(got.cb, want.cb);
    cr_assert(memcmp(got.rgb, want.rgb, got.cb) == 0);
    EXPECT(oe_recbuf_finish(b, &d, &r), JET_errSuccess);
    EXPECT(oe_rec_make_key(r, &d, &plain, &got, &indexed), JET_errSuccess);
    cr_assert(got.cb == want.cb && memcmp(got.rgb, want.rgb, got.cb) == 0);
    oe_rec_free(r);
    /* zero-length second segment */
    si.itagSequence = 1;
    EXPECT(oe_recbuf_set(b, &cols[1], NULL, 0, JET_bitSetZeroLength, &si), JET_errSuccess);
    EXPECT(oe_recbuf_make_key(b, &d, &plain, &got, &indexed), JET_errSuccess);
    key_of(&plain, &k, 4, "", 0, &want);
    cr_assert(got.cb == want.cb && memcmp(got.rgb, want.rgb, got.cb) == 0);
    oe_recbuf_free(b);

    /* null rules: (a, b) NULL patterns x index flags -> indexed? */
    static const struct {
        int aNull, bNull;
        JET_GRBIT grbit;
        JET_ERR err;
        int indexed;
    } cases[] = {
        {0, 0, JET_bitIndexIgnoreAnyNull, JET_errSuccess, 1},
        {0, 1, 0, JET_errSuccess, 1},
        {0, 1, JET_bitIndexIgnoreNull, JET_errSuccess, 1},
        {1, 1, JET_bitIndexIgnoreNull, JET_errSuccess, 0},
        {0, 1, JET_bitIndexIgnoreAnyNull, JET_errSuccess, 0},
        {0, 1, JET_bitIndexIgnoreFirstNull, JET_errSuccess, 1},
        {1, 0, JET_bitIndexIgnoreFirstNull, JET_errSuccess, 0},
        {1, 0, JET_bitIndexIgnoreNull, JET_errSuccess, 1},
        {1, 1, JET_bitIndexIgnoreNull | JET_bitIndexPrimary, JET_errSuccess, 1},
        {0, 1, JET_bitIndexDisallowNull, JET_errNullKeyDisallowed, 0},
        {0, 0, JET_bitIndexDisallowNull, JET_errSuccess, 1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct oe_idxdef x = mkidx(cases[c].grbit, &cols[0], &cols[1]);
        EXPECT(oe_recbuf_create(&d, NULL, &b), JET_errSuccess);
        if (!cases[c].aNull)
            EXPECT(oe_recbuf_set(b, &cols[0], &k, 4, 0, NULL), JET_errSuccess);
        if (!cases[c].bNull)
            EXPECT(oe_recbuf_set(b, &cols[1], "zz", 2, 0, NULL), JET_errSuccess);
        indexed = -1;
        cr_assert_eq(oe_recbuf_make_key(b, &d, &x, &got, &indexed), cases[c].err, "case %zu", c);
        cr_assert_eq(indexed, cases[c].indexed, "case %zu", c);
        if (cases[c].err == JET_errSuccess) {
            key_of(&x, cases[c].aNull ? NULL : &k, 4, cases[c].bNull ? NULL : "zz", 2, &want);
            cr_assert(got.cb == want.cb && memcmp(got.rgb, want.rgb, got.cb) == 0, "case %zu", c);
        }
        oe_recbuf_free(b);
    }
}

/* ---- allocation failures ---- */

/* snapshot -- every visible value of every column (itag 1..6, defaults
 * ignored and not) serialized, to compare a buffer before and after. */
static size_t snapshot(const struct oe_recbuf *b, const struct oe_tdef *d, uint8_t *out, size_t cap)
{
    size_t n = 0;
    static uint8_t buf[4096];
    for (uint32_t i = 0; i < d->ncol; i++)
        for (uint32_t itag = 1; itag <= 6; itag++)
            for (int ig = 0; ig < 2; ig++) {
                uint32_t cb = 0;
                JET_ERR err = get(b, NULL, d, &d->col[i], itag, 0, buf, sizeof buf, &cb,
                                  ig ? JET_bitRetrieveIgnoreDefault : 0);
                cr_assert(n + 8 + cb <= cap);
                memcpy(out + n, &err, 4);
                memcpy(out + n + 4, &cb, 4);
                memcpy(out + n + 8, buf, cb);
                n += 8 + cb;
            }
    return n;
}

Test(record, allocation_failure_sweep_leaves_buffer_unchanged)
{
    struct oe_coldef cols[] = {
        col(1, JET_coltypLong, 0, JET_bitColumnFixed | JET_bitColumnVersion),
        col(2, JET_coltypLong, 0, JET_bitColumnFixed | JET_bitColumnAutoincrement),
        col(128, JET_coltypBinary, 0, 0),
        col(256, JET_coltypText, 0, JET_bitColumnTagged),
        col(257, JET_coltypLongBinary, 0, JET_bitColumnTagged),
    };
    cols[3].pvDefault = "dd";
    cols[3].cbDefault = 2;
    struct oe_tdef d = mkdef(cols, 5);
    static uint8_t before[1 << 16], after[1 << 16];
    static const char long40[40] = "a value longer than the 32 inline bytes";
    const int64_t live0 = oe_alloc_live_blocks();
    unsigned injected = 0;

    /* creation */
    struct oe_recbuf *b = NULL;
    for (uint64_t n = 0;; n++) {
        oe_alloc_fail_nth(n);
        JET_ERR err = oe_recbuf_create(&d, NULL, &b);
        oe_alloc_fail_reset();
        if (err == JET_errSuccess)
            break;
        EXPECT(err, JET_errOutOfMemory);
        cr_assert_null(b);
        cr_assert_eq(oe_alloc_live_blocks(), live0);
        injected++;
    }
    /* each edit: every failing allocation leaves the buffer as it was */
    for (int op = 0; op < 14; op++) {
        const size_t nb = snapshot(b, &d, before, sizeof before);
        for (uint64_t n = 0;; n++) {
            JET_SETINFO si = {sizeof si, (uint32_t)(op % 3), (uint32_t)(op % 4)};
            JET_ERR err;
            oe_alloc_fail_nth(n);
            switch (op % 7) {
            case 0: /* longer than a value slot holds inline: an allocation */
                err = oe_recbuf_set(b, &cols[2], long40, sizeof long40, 0, NULL);
                break;
            case 1: /* short (inline) the first time round, then long */
                err = op < 7 ? oe_recbuf_set(b, &cols[3], "tag", 3, 0, &si)
                             : oe_recbuf_set(b, &cols[3], long40, sizeof long40, 0, &si);
                break;
            case 2:
                err = oe_recbuf_set(b, &cols[4], "lv", 2, JET_bitSetAppendLV, &si);
                break;
            case 3:
                err = oe_recbuf_set(b, &cols[3], NULL, 0, 0, &si);
                break;
            case 4:
                err = oe_recbuf_set_autoinc(b, &cols[1], op);
                break;
            case 5:
                err = oe_recbuf_set(b, &cols[4], NULL, 5 + (uint32_t)op, JET_bitSetSizeLV, &si);
                break;
            default:
                err = oe_recbuf_set(b, &cols[0], &op, 4, 0, NULL);
                break;
            }
            oe_alloc_fail_reset();
            if (err != JET_errOutOfMemory) {
                cr_assert_geq(err, 0, "op %d: %d", op, err);
                break;
            }
            injected++;
            const size_t na = snapshot(b, &d, after, sizeof after);
            cr_assert(na == nb && memcmp(before, after, na) == 0, "op %d n %llu changed the buffer",
                      op, (unsigned long long)n);
        }
    }
    /* finish and re-create from the image */
    struct oe_rec *r = NULL;
    for (uint64_t n = 0;; n++) {
        oe_alloc_fail_nth(n);
        JET_ERR err = oe_recbuf_finish(b, &d, &r);
        oe_alloc_fail_reset();
        if (err == JET_errSuccess)
            break;
        EXPECT(err, JET_errOutOfMemory);
        cr_assert_null(r);
        injected++;
    }
    const int64_t live1 = oe_alloc_live_blocks();
    struct oe_recbuf *b2 = NULL;
    for (uint64_t n = 0;; n++) {
        oe_alloc_fail_nth(n);
        JET_ERR err = oe_recbuf_create(&d, r, &b2);
        oe_alloc_fail_reset();
        if (err == JET_errSuccess)
            break;
        EXPECT(err, JET_errOutOfMemory);
        cr_assert_null(b2);
        cr_assert_eq(oe_alloc_live_blocks(), live1);
        injected++;
    }
    /* creation, the directory, long values, value arrays, finish, load */
    cr_assert_gt(injected, 10, "only %u injected failures", injected);
    oe_recbuf_free(b2);
    oe_rec_free(r);
    oe_recbuf_free(b);
    cr_assert_eq(oe_alloc_live_blocks(), live0);
}

/* ---- property test against a reference model ---- */

#define M_COLS 5
#define M_VALS 8
#define M_CB 48

struct m_val {
    uint32_t cb;
    uint8_t b[M_CB];
};
struct m_col {
    int state; /* 0 absent, 1 NULL, 2 values */
    int n;
    struct m_val v[M_VALS];
};

static uint64_t rng;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

/* model_delete -- remove value i (0-based) of a tagged model column; the
 * column becomes NULL if it has a default, absent otherwise. */
static void model_delete(struct m_col *m, int i, int fDefault)
{
    memmove(&m->v[i], &m->v[i + 1], (size_t)(m->n - i - 1) * sizeof m->v[0]);
    m->n--;
    if (m->n == 0)
        m->state = fDefault ? 1 : 0;
}

Test(record, property_random_edits_match_model)
{
    struct oe_coldef cols[M_COLS] = {
        col(1, JET_coltypLong, 0, JET_bitColumnFixed),
        col(128, JET_coltypBinary, 20, 0),
        col(256, JET_coltypBinary, 16, JET_bitColumnTagged),
        col(257, JET_coltypBinary, 16, JET_bitColumnTagged),
        col(258, JET_coltypLongBinary, M_CB, JET_bitColumnTagged),
    };
    cols[1].pvDefault = "var-default";
    cols[1].cbDefault = 11;
    cols[3].pvDefault = "tagdef";
    cols[3].cbDefault = 6;
    struct oe_tdef d = mkdef(cols, M_COLS);
    rng = 0x1234567;

    for (int round = 0; round < 300; round++) {
        struct m_col m[M_COLS];
        memset(m, 0, sizeof m);
        struct oe_recbuf *b;
        EXPECT(oe_recbuf_create(&d, NULL, &b), JET_errSuccess);
        const int nops = 1 + (int)rnd(40);
        for (int op = 0; op < nops; op++) {
            const int c = (int)rnd(M_COLS);
            struct m_col *mc = &m[c];
            const int tagged = cols[c].id >= 256;
            const int fDefault = cols[c].pvDefault != NULL;
            uint8_t data[M_CB];
            const uint32_t kind = rnd(10);
            uint32_t itag = rnd((uint32_t)mc->n + 3);
            JET_SETINFO si = {sizeof si, 0, itag};
            uint32_t cb;
            if (c == 0)
                cb = 4;
            else
                cb = rnd(c == 1 ? 24 : 17);
            for (uint32_t i = 0; i < sizeof data; i++)
                data[i] = (uint8_t)rnd(4); /* few distinct values: duplicates happen */
            if (!tagged)
                itag = 1;
            const int existing = mc->state == 2 && itag >= 1 && (int)itag <= mc->n;

            if (kind < 2) { /* NULL */
                EXPECT(oe_recbuf_set(b, &cols[c], NULL, 0, 0, &si), JET_errSuccess);
                if (!tagged) {
                    mc->state = 1;
                    mc->n = 0;
                } else if (existing) {
                    model_delete(mc, (int)itag - 1, fDefault);
                } else if (mc->state == 0 && itag == 1 && fDefault) {
                    mc->state = 1;
                }
            } else if (kind == 2 && tagged) { /* revert */
                EXPECT(oe_recbuf_set(b, &cols[c], NULL, 0, JET_bitSetRevertToDefaultValue, &si),
                       JET_errSuccess);
                mc->state = 0;
                mc->n = 0;
            } else if (kind == 3 && c == 4 && (existing || mc->n < M_VALS)) { /* append to a long value */
                const uint32_t cbOld = existing ? mc->v[itag - 1].cb : 0;
                JET_ERR err = oe_recbuf_set(b, &cols[c], data, cb, JET_bitSetAppendLV, &si);
                if (cbOld + cb > M_CB) {
                    EXPECT(err, JET_errColumnTooBig);
                } else {
                    EXPECT(err, JET_errSuccess);
                    if (existing) {
                        memcpy(mc->v[itag - 1].b + cbOld, data, cb);
                        mc->v[itag - 1].cb = cbOld + cb;
                    } else if (cb > 0 || !existing) {
                        struct m_val nv = {.cb = cb};
                        memcpy(nv.b, data, cb);
                        if (mc->state != 2)
                            mc->n = 0;
                        mc->v[mc->n++] = nv;
                        mc->state = 2;
                    }
                }
            } else if (kind == 4 && c == 4 && existing) { /* resize */
                const uint32_t sz = rnd(M_CB + 1);
                EXPECT(oe_recbuf_set(b, &cols[c], NULL, sz, JET_bitSetSizeLV, &si), JET_errSuccess);
                if (sz == 0) {
                    model_delete(mc, (int)itag - 1, 0);
                } else {
                    struct m_val *v = &mc->v[itag - 1];
                    if (sz > v->cb)
                        memset(v->b + v->cb, 0, sz - v->cb);
                    v->cb = sz;
                }
            } else { /* set a value, sometimes unique */
                const int unique = tagged && rnd(3) == 0;
                const JET_GRBIT g = (cb == 0 ? JET_bitSetZeroLength : 0) |
                                    (unique ? JET_bitSetUniqueMultiValues : 0);
                if (mc->n == M_VALS && !existing && tagged)
                    continue;
                JET_ERR err = oe_recbuf_set(b, &cols[c], data, cb, g, &si);
                int dup = 0;
                if (unique && mc->state == 2)
                    for (int i = 0; i < mc->n; i++)
                        if (i + 1 != (int)itag && mc->v[i].cb == cb && !memcmp(mc->v[i].b, data, cb))
                            dup = 1;
                if (dup) {
                    EXPECT(err, JET_errMultiValuedDuplicate);
                    continue;
                }
                uint32_t cbStore = cb;
                if (c == 1 && cb > 20)
                    cbStore = 20;
                EXPECT(err, c == 1 && cb > 20 ? JET_wrnColumnMaxTruncated : JET_errSuccess);
                struct m_val nv = {.cb = cbStore};
                memcpy(nv.b, data, cbStore);
                if (existing) {
                    mc->v[itag - 1] = nv;
                } else {
                    if (mc->state != 2)
                        mc->n = 0;
                    mc->v[mc->n++] = nv;
                    mc->state = 2;
                }
            }
        }
        /* compare buffer, image, and a buffer re-made from the image */
        struct oe_rec *r;
        struct oe_recbuf *b2;
        EXPECT(oe_recbuf_finish(b, &d, &r), JET_errSuccess);
        EXPECT(oe_recbuf_create_mode(&d, r, OE_RECBUF_INSERT_COPY, &b2), JET_errSuccess);
        for (int pass = 0; pass < 3; pass++) {
            const struct oe_recbuf *B = pass == 0 ? b : pass == 2 ? b2 : NULL;
            const struct oe_rec *R = pass == 1 ? r : NULL;
            for (int c = 0; c < M_COLS; c++) {
                const struct m_col *mc = &m[c];
                const int tagged = cols[c].id >= 256;
                for (int itag = 1; itag <= M_VALS + 1; itag++) {
                    if (!tagged && itag > 1)
                        break;
                    if (mc->state == 2 && itag <= mc->n)
                        expect_value(B, R, &d, &cols[c], (uint32_t)itag, mc->v[itag - 1].b,
                                     mc->v[itag - 1].cb);
                    else if (mc->state == 0 && itag == 1 && cols[c].pvDefault)
                        expect_value(B, R, &d, &cols[c], 1, cols[c].pvDefault, cols[c].cbDefault);
                    else
                        expect_null(B, R, &d, &cols[c], (uint32_t)itag, 0);
                }
            }
        }
        oe_recbuf_free(b2);
        oe_rec_free(r);
        oe_recbuf_free(b);
    }
}
