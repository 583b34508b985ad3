/*
 * key.c -- index key normalization (see key.h for the byte layout, the
 * order it gives and the limit-key rules).
 *
 * Structure: a bounded byte writer (struct key_out) that stops at the
 * output limit and remembers that it did; one encoder per type family
 * (fixed, binary chunks, text); key_segment, which validates and frames a
 * segment and reports where a partial-column limit would cut it; and the
 * builders (oe_key_append, oe_key_make) that place segments in a key and
 * turn it into a limit key. Nothing allocates; nothing is shared.
 */
#include "core/key.h"

#include <string.h>

#include "core/err.h"
#include "sync/copy.h"

#define KEY_BINARY_CHUNK 8            /* data bytes per chunk (ESE) */
#define KEY_BINARY_CHUNK_NORM 9       /* chunk + count byte */
#define KEY_TEXT_TERMINATOR 0x00
#define KEY_TEXT_ESCAPE 0x01

/* Limit kinds a JetMakeKey grbit asks for. */
enum key_limit {
    KEY_LIMIT_NONE,
    KEY_LIMIT_FULL_START,
    KEY_LIMIT_FULL_END,
    KEY_LIMIT_PARTIAL_START,
    KEY_LIMIT_PARTIAL_END,
};

/* A bounded writer: bytes past cbMax are counted as lost, not written. */
struct key_out {
    uint8_t *pb;
    uint32_t cb;
    uint32_t cbMax;
    bool full; /* a byte did not fit */
};

/* out_put -- append one byte, or note that the output is full. */
static inline void out_put(struct key_out *o, uint8_t b)
{
    if (o->cb < o->cbMax)
        o->pb[o->cb++] = b;
    else
        o->full = true;
}

/* out_put_be -- append the low cbVal bytes of v, most significant first
 * (big-endian is what makes memcmp order the numbers). */
static void out_put_be(struct key_out *o, uint64_t v, unsigned cbVal)
{
    if (cbVal >= 1 && cbVal <= 8 && o->cbMax - o->cb >= cbVal) {
        /* the common case, room for the whole value: one swap and a copy
         * (a key of one 8-byte column took ~200 instructions byte by byte) */
        const uint64_t be = __builtin_bswap64(v << (64 - 8 * cbVal));
        oe_copy_le8(o->pb + o->cb, &be, cbVal);
        o->cb += cbVal;
        return;
    }
    for (unsigned i = cbVal; i-- > 0;)
        out_put(o, (uint8_t)(v >> (8 * i)));
}

/* oe_key_coltyp_size -- see key.h. */
int oe_key_coltyp_size(JET_COLTYP coltyp)
{
    switch (coltyp) {
    case JET_coltypBit:
    case JET_coltypUnsignedByte:
        return 1;
    case JET_coltypShort:
    case JET_coltypUnsignedShort:
        return 2;
    case JET_coltypLong:
    case JET_coltypUnsignedLong:
    case JET_coltypIEEESingle:
        return 4;
    case JET_coltypLongLong:
    case JET_coltypUnsignedLongLong:
    case JET_coltypCurrency:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
        return 8;
    case JET_coltypGUID:
        return 16;
    case JET_coltypBinary:
    case JET_coltypLongBinary:
    case JET_coltypText:
    case JET_coltypLongText:
        return 0;
    default:
        return -1;
    }
}

/* is_text -- Text and LongText share one encoding. */
static inline bool is_text(JET_COLTYP coltyp)
{
    return coltyp == JET_coltypText || coltyp == JET_coltypLongText;
}

/* is_binary -- Binary and LongBinary share one encoding. */
static inline bool is_binary(JET_COLTYP coltyp)
{
    return coltyp == JET_coltypBinary || coltyp == JET_coltypLongBinary;
}

/* load_uint -- a host-order unsigned integer of cb bytes from unaligned
 * user memory. */
static uint64_t load_uint(const uint8_t *pb, unsigned cb)
{
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    switch (cb) {
    case 1:
        memcpy(&u8, pb, 1);
        return u8;
    case 2:
        memcpy(&u16, pb, 2);
        return u16;
    case 4:
        memcpy(&u32, pb, 4);
        return u32;
    default:
        memcpy(&u64, pb, 8);
        return u64;
    }
}

/* encode_fixed -- the body of a fixed-size value (key.h, BODIES BY TYPE). */
static void encode_fixed(struct key_out *o, JET_COLTYP coltyp, const uint8_t *pb,
                         uint32_t flags)
{
    static const uint8_t guid_ese[16] = {10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3};
    static const uint8_t guid_dotnet[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    const unsigned cb = (unsigned)oe_key_coltyp_size(coltyp);
    uint64_t v;

    switch (coltyp) {
    case JET_coltypBit:
        out_put(o, pb[0] == 0 ? 0x00 : 0xff);
        return;
    case JET_coltypGUID: {
        const uint8_t *perm = (flags & OE_KEY_SEG_DOTNET_GUID) ? guid_dotnet : guid_ese;
        for (unsigned i = 0; i < 16; i++)
            out_put(o, pb[perm[i]]);
        return;
    }
    default:
        break;
    }

    v = load_uint(pb, cb);
    const uint64_t sign = (uint64_t)1 << (8 * cb - 1);
    switch (coltyp) {
    case JET_coltypShort:
    case JET_coltypLong:
    case JET_coltypLongLong:
    case JET_coltypCurrency:
        v ^= sign; /* two's complement -> offset binary */
        break;
    case JET_coltypIEEESingle:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
        /* sign-magnitude -> offset binary: negatives reverse their order */
        v = (v & sign) ? ~v : (v ^ sign);
        break;
    default: /* unsigned types are already in order */
        break;
    }
    out_put_be(o, v, cb);
}

/*
 * encode_binary -- ESE's chunked body: 8 data bytes then a count byte (9 =
 * "more follows", else the data bytes in this last, zero-padded chunk).
 * *pibDelim gets the offset (in o) just past the last data byte, the cut
 * point of a partial-column limit.
 */
static void encode_binary(struct key_out *o, const uint8_t *pb, uint32_t cb, uint32_t *pibDelim)
{
    uint32_t ib = 0;
    while (!o->full) {
        const uint32_t cbChunk = cb - ib > KEY_BINARY_CHUNK ? KEY_BINARY_CHUNK : cb - ib;
        for (uint32_t i = 0; i < cbChunk; i++)
            out_put(o, pb[ib + i]);
        ib += cbChunk;
        if (ib == cb) {
            *pibDelim = o->cb;
            for (uint32_t i = cbChunk; i < KEY_BINARY_CHUNK; i++)
                out_put(o, 0x00);
            out_put(o, (uint8_t)cbChunk);
            return;
        }
        out_put(o, KEY_BINARY_CHUNK_NORM);
    }
}

/* text_put -- one UTF-8 byte of a text body, escaping the two bytes that
 * would collide with the terminator. */
static inline void text_put(struct key_out *o, uint8_t b)
{
    if (b <= KEY_TEXT_ESCAPE) {
        out_put(o, KEY_TEXT_ESCAPE);
        out_put(o, (uint8_t)(b + 1));
    } else {
        out_put(o, b);
    }
}

/* text_put_cp -- a code point (surrogates included) as UTF-8 bytes. */
static void text_put_cp(struct key_out *o, uint32_t cp)
{
    if (cp < 0x80) {
        text_put(o, (uint8_t)cp);
    } else if (cp < 0x800) {
        out_put(o, (uint8_t)(0xc0 | (cp >> 6)));
        out_put(o, (uint8_t)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        out_put(o, (uint8_t)(0xe0 | (cp >> 12)));
        out_put(o, (uint8_t)(0x80 | ((cp >> 6) & 0x3f)));
        out_put(o, (uint8_t)(0x80 | (cp & 0x3f)));
    } else {
        out_put(o, (uint8_t)(0xf0 | (cp >> 18)));
        out_put(o, (uint8_t)(0x80 | ((cp >> 12) & 0x3f)));
        out_put(o, (uint8_t)(0x80 | ((cp >> 6) & 0x3f)));
        out_put(o, (uint8_t)(0x80 | (cp & 0x3f)));
    }
}

/*
 * encode_text -- escaped UTF-8 body plus terminator. UTF-16LE input is
 * decoded to code points first (pairs joined, lone surrogates kept as
 * themselves). *pibDelim gets the offset of the terminator.
 */
static void encode_text(struct key_out *o, const uint8_t *pb, uint32_t cb, bool utf16,
                        uint32_t *pibDelim)
{
    if (!utf16) {
        for (uint32_t i = 0; i < cb && !o->full; i++)
            text_put(o, pb[i]);
    } else {
        const uint32_t cch = cb / 2; /* an odd trailing byte is ignored */
        for (uint32_t i = 0; i < cch && !o->full; i++) {
            uint32_t cp = (uint32_t)pb[2 * i] | ((uint32_t)pb[2 * i + 1] << 8);
            if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < cch) {
                const uint32_t lo = (uint32_t)pb[2 * i + 2] | ((uint32_t)pb[2 * i + 3] << 8);
                if (lo >= 0xdc00 && lo < 0xe000) {
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                    i++;
                }
            }
            text_put_cp(o, cp);
        }
    }
    *pibDelim = o->cb;
    out_put(o, KEY_TEXT_TERMINATOR);
}

/*
 * key_segment -- oe_key_normalize_segment plus the partial-limit cut point:
 * *pibDelim is the offset where a prefix of this Text/Binary value ends
 * (0 if the value is NULL or zero-length, or if the segment was truncated
 * before reaching it).
 */
static JET_ERR key_segment(JET_COLTYP coltyp, const void *data, uint32_t cb, uint32_t flags,
                           uint8_t *out, uint32_t cbOutMax, uint32_t *pcbOut, uint32_t *pibDelim)
{
    const int cbFixed = oe_key_coltyp_size(coltyp);
    struct key_out o = {.pb = out, .cb = 0, .cbMax = cbOutMax, .full = false};
    uint32_t ibDelim = 0;

    if (pcbOut == NULL || (out == NULL && cbOutMax > 0))
        return OE_ERR(JET_errInvalidParameter);
    *pcbOut = 0;
    *pibDelim = 0;
    if (cbFixed < 0)
        return OE_ERR(JET_errInvalidColumnType);
    if ((flags & ~(uint32_t)OE_KEY_SEG_ALL) != 0 ||
        (flags & (OE_KEY_SEG_NULL | OE_KEY_SEG_ZERO_LENGTH)) ==
            (OE_KEY_SEG_NULL | OE_KEY_SEG_ZERO_LENGTH))
        return OE_ERR(JET_errInvalidParameter);

    if (flags & OE_KEY_SEG_ZERO_LENGTH) {
        if (cbFixed > 0)
            return OE_ERR(JET_errInvalidBufferSize);
        if (cb != 0)
            return OE_ERR(JET_errInvalidParameter);
        out_put(&o, OE_KEY_PREFIX_ZERO_LENGTH);
    } else if ((flags & OE_KEY_SEG_NULL) || cb == 0) {
        out_put(&o, (flags & OE_KEY_SEG_NULLS_HIGH) ? OE_KEY_PREFIX_NULL_HIGH : OE_KEY_PREFIX_NULL);
    } else {
        if (data == NULL)
            return OE_ERR(JET_errInvalidParameter);
        if (cbFixed > 0 && cb != (uint32_t)cbFixed)
            return OE_ERR(JET_errInvalidBufferSize);
        out_put(&o, OE_KEY_PREFIX_DATA);
        if (cbFixed > 0)
            encode_fixed(&o, coltyp, data, flags);
        else if (is_binary(coltyp))
            encode_binary(&o, data, cb, &ibDelim);
        else
            encode_text(&o, data, cb, (flags & OE_KEY_SEG_UTF16) != 0, &ibDelim);
    }

    if (flags & OE_KEY_SEG_DESCENDING) {
        for (uint32_t i = 0; i < o.cb; i++)
            out[i] = (uint8_t)~out[i];
    }
    *pcbOut = o.cb;
    if (o.full)
        return JET_wrnBufferTruncated;
    *pibDelim = ibDelim;
    return JET_errSuccess;
}

/* oe_key_normalize_segment -- see key.h. */
JET_ERR oe_key_normalize_segment(JET_COLTYP coltyp, const void *data, uint32_t cb,
                                 uint32_t flags, uint8_t *out, uint32_t cbOutMax,
                                 uint32_t *pcbOut)
{
    uint32_t ibDelim;
    return key_segment(coltyp, data, cb, flags, out, cbOutMax, pcbOut, &ibDelim);
}

/* oe_key_compare -- see key.h. */
int oe_key_compare(const uint8_t *a, uint32_t ca, const uint8_t *b, uint32_t cb)
{
    const uint32_t cmin = ca < cb ? ca : cb;
    const int r = cmin ? memcmp(a, b, cmin) : 0;
    if (r != 0)
        return r;
    return ca < cb ? -1 : ca > cb ? 1 : 0;
}

/* oe_key_def_prepare -- see key.h. */
JET_ERR oe_key_def_prepare(struct oe_key_def *def)
{
    if (def == NULL || (def->flags & ~(uint32_t)OE_KEY_DEF_ALL) != 0)
        return OE_ERR(JET_errInvalidParameter);
    if (def->cbKeyMost == 0)
        def->cbKeyMost = JET_cbKeyMostMin;
    if (def->cbKeyMost < JET_cbKeyMostMin || def->cbKeyMost > JET_cbKeyMostMost)
        return OE_ERR(JET_errInvalidParameter);
    if (def->cbVarSegMac == 0)
        def->cbVarSegMac = def->cbKeyMost;
    if (def->cbVarSegMac > def->cbKeyMost)
        return OE_ERR(JET_errInvalidParameter);
    if (def->cseg == 0 || def->cseg > JET_ccolKeyMost)
        return OE_ERR(JET_errInvalidParameter);
    for (uint32_t i = 0; i < def->cseg; i++) {
        if (oe_key_coltyp_size(def->rgseg[i].coltyp) < 0)
            return OE_ERR(JET_errInvalidColumnType);
        if ((def->rgseg[i].flags & ~(uint32_t)(OE_KEY_SEG_DESCENDING | OE_KEY_SEG_UTF16)) != 0)
            return OE_ERR(JET_errInvalidParameter);
    }
    return JET_errSuccess;
}

/* oe_key_reset -- see key.h. */
void oe_key_reset(struct oe_key *key)
{
    key->cb = 0;
    key->cseg = 0;
    key->state = 0;
}

/* oe_key_init -- see key.h. */
void oe_key_init(struct oe_key *key, const struct oe_key_def *def)
{
    key->def = def;
    oe_key_reset(key);
}

/* key_pad_end -- an end limit: fill with the sentinel up to cbKeyMost+1,
 * one byte longer than any stored key. */
static void key_pad_end(struct oe_key *key)
{
    const uint32_t cbLimit = key->def->cbKeyMost + 1;
    memset(key->rgb + key->cb, OE_KEY_SENTINEL, cbLimit - key->cb);
    key->cb = cbLimit;
}

/* int_segment -- the fast path of key_segment for the integer types (the
 * usual key column): the data prefix, then the value in offset binary,
 * big-endian. Returns the segment's bytes, or 0 when the value is not a
 * plain one of an integer type (NULL, zero-length, descending, or no room
 * for it): then key_segment decides, as for every other type. */
static inline uint32_t int_segment(JET_COLTYP coltyp, const void *pv, uint32_t cb, uint32_t flags,
                                   uint8_t *out, uint32_t cbCap)
{
    bool is_signed;
    switch (coltyp) {
    case JET_coltypShort:
    case JET_coltypLong:
    case JET_coltypLongLong:
    case JET_coltypCurrency:
        is_signed = true;
        break;
    case JET_coltypUnsignedShort:
    case JET_coltypUnsignedLong:
    case JET_coltypUnsignedLongLong:
        is_signed = false;
        break;
    default:
        return 0;
    }
    if (pv == NULL || cb != (uint32_t)oe_key_coltyp_size(coltyp) || cbCap < cb + 1 ||
        (flags & ~(uint32_t)OE_KEY_SEG_ALL) != 0 ||
        (flags & (OE_KEY_SEG_NULL | OE_KEY_SEG_ZERO_LENGTH | OE_KEY_SEG_DESCENDING)) != 0)
        return 0;
    /* cb is now the type's size (2, 4 or 8): the shifts below are defined. */
    const uint64_t sign = is_signed ? (uint64_t)1 << (8 * cb - 1) : 0;
    out[0] = OE_KEY_PREFIX_DATA;
    const uint64_t be = __builtin_bswap64((load_uint(pv, cb) ^ sign) << (64 - 8 * cb));
    oe_copy_le8(out + 1, &be, cb);
    return cb + 1;
}

/*
 * key_add -- place the next column's segment at the end of the key, then
 * apply a limit. Only record keys (fRecordKey) honour DISALLOW_TRUNCATION:
 * ESE truncates search keys silently on such an index too. The segment is normalized straight into the key buffer but
 * only counted once it is known to be valid, so errors leave the key as it
 * was.
 */
static JET_ERR key_add(struct oe_key *key, const void *pv, uint32_t cb, uint32_t flags,
                       enum key_limit limit, bool fRecordKey)
{
    const struct oe_key_def *def = key->def;
    const struct oe_key_segdef *seg;
    const uint32_t ibSeg = key->cb;
    uint32_t cbAvail, cbCap, cbSeg = 0, ibDelim = 0;
    JET_ERR err;

    if (key->cseg >= def->cseg)
        return OE_ERR(JET_errKeyIsMade);
    seg = &def->rgseg[key->cseg];
    flags |= seg->flags;
    if (def->flags & OE_KEY_DEF_NULLS_HIGH)
        flags |= OE_KEY_SEG_NULLS_HIGH;
    if (def->flags & OE_KEY_DEF_DOTNET_GUID)
        flags |= OE_KEY_SEG_DOTNET_GUID;

    /* After truncation later columns are only validated, never stored. */
    cbAvail = (key->state & OE_KEY_TRUNCATED) || key->cb >= def->cbKeyMost
                  ? 0
                  : def->cbKeyMost - key->cb;
    cbCap = cbAvail;
    if (oe_key_coltyp_size(seg->coltyp) == 0 && def->cbVarSegMac < cbCap)
        cbCap = def->cbVarSegMac;
    cbSeg = int_segment(seg->coltyp, pv, cb, flags, key->rgb + ibSeg, cbCap);
    err = cbSeg ? JET_errSuccess
                : key_segment(seg->coltyp, pv, cb, flags, key->rgb + ibSeg, cbCap, &cbSeg, &ibDelim);
    if (err < 0)
        return err;
    const bool fSegCut = err == JET_wrnBufferTruncated;
    const bool fKeyTruncated = fSegCut && cbCap == cbAvail && !(key->state & OE_KEY_TRUNCATED);
    if (fKeyTruncated && fRecordKey && (def->flags & OE_KEY_DEF_DISALLOW_TRUNCATION))
        return OE_ERR(JET_errKeyTruncated);

    /* Commit the segment. */
    if (fKeyTruncated)
        key->state |= OE_KEY_TRUNCATED;
    const bool fNull = (flags & OE_KEY_SEG_NULL) || (cb == 0 && !(flags & OE_KEY_SEG_ZERO_LENGTH));
    if (fNull) {
        key->state |= OE_KEY_NULL_ANY;
        if (key->cseg == 0)
            key->state |= OE_KEY_NULL_FIRST;
    } else {
        key->state |= OE_KEY_VALUE_ANY;
    }
    key->cb += cbSeg;
    key->cseg++;
    key->state |= OE_KEY_PREPARED;

    switch (limit) {
    case KEY_LIMIT_NONE:
        return JET_errSuccess;
    case KEY_LIMIT_FULL_START:
        break;
    case KEY_LIMIT_FULL_END:
        key_pad_end(key);
        break;
    case KEY_LIMIT_PARTIAL_START:
    case KEY_LIMIT_PARTIAL_END:
        if (ibDelim != 0) {
            /* A complete Text/Binary value P. The keys with prefix P lie
             * between enc(P) (P itself is the least of them) and cut(P)
             * padded with 0xff, where cut(P) drops the terminator or the
             * padding and count; descending swaps the two. Cutting the low
             * bound too (as ESE does) would admit a shorter Binary value
             * whose zero padding looks like P's trailing zero bytes. */
            const bool fCut = (limit == KEY_LIMIT_PARTIAL_END) != ((flags & OE_KEY_SEG_DESCENDING) != 0);
            if (fCut)
                key->cb = ibSeg + ibDelim;
        } else if (cbSeg == 1 && (flags & OE_KEY_SEG_ZERO_LENGTH)) {
            /* the empty prefix: from zero-length through every value */
            const uint8_t mask = (flags & OE_KEY_SEG_DESCENDING) ? 0xff : 0x00;
            const uint8_t zl = OE_KEY_PREFIX_ZERO_LENGTH ^ mask;
            const uint8_t data = OE_KEY_PREFIX_DATA ^ mask;
            const bool fEnd = limit == KEY_LIMIT_PARTIAL_END;
            key->rgb[ibSeg] = (zl < data) == fEnd ? data : zl;
        }
        if (limit == KEY_LIMIT_PARTIAL_END)
            key_pad_end(key);
        break;
    }
    key->state |= OE_KEY_LIMIT;
    return JET_errSuccess;
}

/* oe_key_append -- see key.h. */
JET_ERR oe_key_append(struct oe_key *key, const void *pv, uint32_t cb, uint32_t flags)
{
    if (flags & ~(uint32_t)(OE_KEY_SEG_NULL | OE_KEY_SEG_ZERO_LENGTH))
        return OE_ERR(JET_errInvalidParameter);
    return key_add(key, pv, cb, flags, KEY_LIMIT_NONE, true);
}

/* make_limit -- which limit a JetMakeKey grbit asks for on this column
 * type (ESE's mapping, key.h), or JET_errInvalidGrbit. */
static JET_ERR make_limit(JET_GRBIT grbit, JET_COLTYP coltyp, enum key_limit *plimit)
{
    const bool fVar = is_text(coltyp) || is_binary(coltyp);
    *plimit = KEY_LIMIT_NONE;
    switch (grbit & (JET_bitFullColumnStartLimit | JET_bitFullColumnEndLimit |
                     JET_bitPartialColumnStartLimit | JET_bitPartialColumnEndLimit)) {
    case 0:
        if ((grbit & JET_bitSubStrLimit) && is_text(coltyp))
            *plimit = KEY_LIMIT_PARTIAL_END;
        else if (grbit & JET_bitStrLimit)
            *plimit = is_binary(coltyp) ? KEY_LIMIT_PARTIAL_END : KEY_LIMIT_FULL_END;
        return JET_errSuccess;
    case JET_bitFullColumnStartLimit:
        *plimit = KEY_LIMIT_FULL_START;
        return JET_errSuccess;
    case JET_bitFullColumnEndLimit:
        *plimit = KEY_LIMIT_FULL_END;
        return JET_errSuccess;
    case JET_bitPartialColumnStartLimit:
        *plimit = KEY_LIMIT_PARTIAL_START;
        return fVar ? JET_errSuccess : OE_ERR(JET_errInvalidGrbit);
    case JET_bitPartialColumnEndLimit:
        *plimit = KEY_LIMIT_PARTIAL_END;
        return fVar ? JET_errSuccess : OE_ERR(JET_errInvalidGrbit);
    default:
        return OE_ERR(JET_errInvalidGrbit);
    }
}

/* oe_key_make -- see key.h (mirrors ESE's ErrIsamMakeKey order of checks). */
JET_ERR oe_key_make(struct oe_key *key, const void *pv, uint32_t cb, JET_GRBIT grbit)
{
    const struct oe_key_def *def = key->def;
    enum key_limit limit;
    JET_ERR err;

    if (grbit & JET_bitNormalizedKey) {
        if (cb > def->cbKeyMost + 1 || (cb > 0 && pv == NULL))
            return OE_ERR(JET_errInvalidParameter);
        oe_key_reset(key);
        if (cb > 0)
            memcpy(key->rgb, pv, cb);
        key->cb = cb;
        key->cseg = 1;
        key->state = OE_KEY_PREPARED | (cb > def->cbKeyMost ? OE_KEY_LIMIT : 0);
        return JET_errSuccess;
    }
    if (grbit & JET_bitNewKey)
        oe_key_reset(key);
    else if (key->state & OE_KEY_LIMIT)
        return OE_ERR(JET_errKeyIsMade);
    else if (!(key->state & OE_KEY_PREPARED))
        return OE_ERR(JET_errKeyNotMade);
    if (key->cseg >= def->cseg)
        return OE_ERR(JET_errKeyIsMade);

    OE_CALL_R(make_limit(grbit, def->rgseg[key->cseg].coltyp, &limit));
    err = key_add(key, pv, cb,
                  (cb == 0 && (grbit & JET_bitKeyDataZeroLength)) ? OE_KEY_SEG_ZERO_LENGTH : 0,
                  limit, false);
    return err;
}
