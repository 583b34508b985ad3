/*
 * key.h -- index key normalization: column values to byte strings whose
 * memcmp order is the index order.
 *
 * Every index (and every temp/sort table) orders its entries by a
 * normalized key: the concatenation of one normalized segment per index
 * column ("+a\0-b\0\0" gives two segments, the second descending). Keys
 * are compared with oe_key_compare -- memcmp over the common length, then
 * the shorter key first -- and nothing else, so the ordered map under an
 * index never needs to know column types. This file decides the bytes.
 *
 * SEGMENT LAYOUT. A segment is a header byte followed by a body:
 *
 *   header  OE_KEY_PREFIX_NULL       0x00  NULL (sorts first: ESE's default)
 *           OE_KEY_PREFIX_ZERO_LENGTH 0x40 zero-length Text/Binary value
 *           OE_KEY_PREFIX_DATA       0x7f  a value; the body follows
 *           OE_KEY_PREFIX_NULL_HIGH  0xc0  NULL with "nulls high" (temp
 *                                          tables, JET_bitTTSortNullsHigh)
 *
 *   These are ESE's own header values (fldnorm.cxx), so NULL < zero-length
 *   < any value, or zero-length < any value < NULL with nulls high. NULL
 *   and zero-length segments have no body; NULL and zero-length are always
 *   distinct keys.
 *
 * BODIES BY TYPE (all big-endian, as in ESE):
 *   Bit                    0x00 for 0, 0xff for any other byte (all
 *                          non-zero bytes are the same key, as in ESE)
 *   UnsignedByte/Short/Long/LongLong (unsigned)   the value big-endian
 *   Short, Long, LongLong, Currency (signed int64) big-endian with the sign
 *                          bit flipped, so negatives sort below positives
 *   IEEESingle, IEEEDouble, DateTime (an OLE date: a double)
 *                          sign bit clear: flip the sign bit; sign bit set:
 *                          complement every bit. This is ESE's rule, and it
 *                          yields IEEE 754 totalOrder on the bit patterns:
 *                          -NaN < -inf < negatives < -0.0 < +0.0 < positives
 *                          < +inf < +NaN. Decision: follow ESE exactly, so
 *                          -0.0 and +0.0 are DIFFERENT keys (a unique index
 *                          accepts both), NaNs sort outside the infinities by
 *                          their sign bit, and NaNs with different payloads
 *                          are different keys ordered by payload.
 *   GUID                   ESE's default order: input bytes 10..15, 8, 9,
 *                          6, 7, 4, 5, 0..3 (the SQL Server uniqueidentifier
 *                          order); with OE_KEY_SEG_DOTNET_GUID (ESE's
 *                          JET_bitTTDotNetGuid) bytes 3,2,1,0,5,4,7,6,8..15,
 *                          i.e. the order of the canonical string form.
 *   Binary, LongBinary     ESE's chunked normalization: the value is cut
 *                          into 8-byte chunks; each chunk is followed by a
 *                          count byte: 9 if more data follows, else the
 *                          number of data bytes in it (1..8), the last chunk
 *                          zero-padded. Lexicographic byte order with a
 *                          shorter prefix first, and prefix-free.
 *   Text, LongText         DEVIATION: ESE sorts text by the locale's
 *                          LCMapString sort key (case-insensitive by
 *                          default). openese sorts by binary UTF-8, i.e.
 *                          Unicode code point order, case-sensitive, no
 *                          locale. The body is the UTF-8 bytes with 0x00
 *                          written as 01 01 and 0x01 as 01 02, then a 0x00
 *                          terminator; embedded zero bytes are ordinary
 *                          characters. Input is UTF-8 (or any bytes: no
 *                          validation, invalid sequences sort by byte), or
 *                          UTF-16LE with OE_KEY_SEG_UTF16 (a cp 1200 column),
 *                          converted to UTF-8 first; an unpaired surrogate is
 *                          encoded as its own 3-byte value, so the order is
 *                          still code point order; a trailing odd byte is
 *                          ignored (ESE drops it too). Fixed-length Text
 *                          columns are padded by the caller, not here.
 *
 * PREFIX-FREEDOM. No value's segment is a proper prefix of another's (the
 * header fixes the length of fixed types; Binary ends in a count byte < 9;
 * Text ends in the only 0x00 of its body). Hence comparing two keys decides
 * at the first segment that differs, exactly as a column-by-column compare
 * would, however many segments follow.
 *
 * DESCENDING. A descending segment is the byte complement of the whole
 * ascending segment, header and terminator included. Because segments are
 * prefix-free the first differing byte always lies inside both segments,
 * and complementing it reverses the result: descending order is exactly the
 * reverse of ascending order for every type, NULL placement included (NULL
 * sorts last in a descending segment, as in ESE).
 *
 * TRUNCATION. A key holds at most cbKeyMost bytes (JET_cbKeyMostMin = 255
 * by default, up to JET_cbKeyMostMost = 2000). A segment that does not fit
 * is cut at the limit and later segments are dropped; the key records that
 * it was truncated (oe_key_truncated). Truncated keys still sort in a
 * consistent (weak) order, but different values can now produce equal
 * keys: ESE documents this, and a unique index then reports KeyDuplicate
 * for values that differ only past the limit. An index defined with
 * OE_KEY_DEF_DISALLOW_TRUNCATION (JET_bitIndexDisallowTruncation) fails
 * with JET_errKeyTruncated instead. cbVarSegMac, when smaller than
 * cbKeyMost, caps each Text/Binary segment (header included) without
 * marking the key truncated (ESE's rule); such a capped segment is no
 * longer prefix-free, so values equal in their first cbVarSegMac bytes
 * compare by the later segments, as in ESE.
 *
 * SEARCH KEYS AND LIMITS (JetMakeKey). oe_key_make builds a search key one
 * column at a time with ESE's grbits. A limit grbit turns the key into a
 * limit key, after which no more columns can be added (JET_errKeyIsMade):
 *   FullColumnStartLimit   the key as is: later columns are wildcards; it is
 *                          a prefix of (hence <=) every key whose columns so
 *                          far are equal.
 *   FullColumnEndLimit     the key padded with 0xff up to cbKeyMost+1 bytes:
 *                          above every stored key (at most cbKeyMost bytes)
 *                          with those columns, below every key that differs.
 *   PartialColumnStartLimit / EndLimit (Text and Binary only, else
 *                          JET_errInvalidGrbit): the last column is a
 *                          prefix P. The end limit is P's segment without
 *                          its terminator (Text) or padding and count
 *                          (Binary), padded with 0xff; the start limit is
 *                          P's whole segment (P is the least value with
 *                          prefix P). Descending swaps the cuts: start is
 *                          the cut segment, end the whole one padded.
 *                          [start, end] then holds exactly the keys whose
 *                          column starts with P. DEVIATIONS: ESE cuts the
 *                          start limit too, which lets a shorter Binary
 *                          value whose zero padding mimics P's trailing
 *                          zeros into the range ("a" for prefix "a\0");
 *                          and a zero-length prefix bounds every non-NULL
 *                          value (ESE's bytes bound only the zero-length
 *                          value).
 *   SubStrLimit            on Text: PartialColumnEndLimit; else ignored.
 *   StrLimit               on Binary: PartialColumnEndLimit; on any other
 *                          type FullColumnEndLimit (ESE's mapping).
 *   NormalizedKey          the bytes are the key (from JetRetrieveKey); a key
 *                          longer than cbKeyMost (at most cbKeyMost+1) is a
 *                          limit key.
 *   KeyDataZeroLength      cb 0 means a zero-length value, not NULL; on a
 *                          fixed type it is JET_errInvalidBufferSize.
 * End limits are always padded to cbKeyMost+1, even when the key was
 * already truncated (ESE skips the padding there), so an end limit is
 * strictly above every key it covers. Truncated limits match truncated
 * stored keys because both are cut at the same cbKeyMost.
 *
 * CONCURRENCY. None: a struct oe_key is owned by one cursor or one index
 * operation ([owner]); an oe_key_def is immutable once published ([imm]).
 * Nothing here allocates.
 */
#ifndef OE_CORE_KEY_H
#define OE_CORE_KEY_H

#include <stdbool.h>
#include <stdint.h>

#include "esent.h"


/* Segment header bytes (ESE's values). */
#define OE_KEY_PREFIX_NULL 0x00
#define OE_KEY_PREFIX_ZERO_LENGTH 0x40
#define OE_KEY_PREFIX_DATA 0x7f
#define OE_KEY_PREFIX_NULL_HIGH 0xc0
#define OE_KEY_SENTINEL 0xff /* end-limit padding */

/* Largest key a buffer must hold: a limit key of the largest index. */
#define OE_KEY_CB_BUFFER (JET_cbKeyMostMost + 1)

/* Flags of one segment (oe_key_normalize_segment, oe_key_append). */
#define OE_KEY_SEG_DESCENDING 0x01  /* complement the segment */
#define OE_KEY_SEG_NULL 0x02        /* the value is NULL (data ignored) */
#define OE_KEY_SEG_ZERO_LENGTH 0x04 /* a zero-length value (Text/Binary) */
#define OE_KEY_SEG_NULLS_HIGH 0x08  /* NULL sorts after every value */
#define OE_KEY_SEG_DOTNET_GUID 0x10 /* GUID in .NET (string) order */
#define OE_KEY_SEG_UTF16 0x20       /* Text input is UTF-16LE (cp 1200) */
#define OE_KEY_SEG_ALL 0x3f

/*
 * oe_key_normalize_segment -- one column value to one key segment.
 *
 * The value is NULL if flags has OE_KEY_SEG_NULL, or if cb is 0 without
 * OE_KEY_SEG_ZERO_LENGTH (JetMakeKey's convention); zero-length if flags
 * has OE_KEY_SEG_ZERO_LENGTH (cb must then be 0); else the cb bytes at data,
 * in host byte order for numbers. Writes at most cbOutMax bytes to out and
 * their count to *pcbOut. Returns:
 *   JET_errSuccess            the whole segment was written
 *   JET_wrnBufferTruncated    it did not fit: out holds its first cbOutMax
 *                             bytes (a truncated segment is a prefix of the
 *                             full one, so order is kept weakly)
 *   JET_errInvalidColumnType  coltyp is not an indexable ESE type (Nil, SLV,
 *                             unknown)
 *   JET_errInvalidBufferSize  cb is not the fixed type's size, or a fixed
 *                             type was given OE_KEY_SEG_ZERO_LENGTH
 *   JET_errInvalidParameter   unknown flags, NULL together with
 *                             ZERO_LENGTH, ZERO_LENGTH with cb > 0, a NULL
 *                             pointer where bytes are needed
 */
JET_ERR oe_key_normalize_segment(JET_COLTYP coltyp, const void *data, uint32_t cb,
                                 uint32_t flags, uint8_t *out, uint32_t cbOutMax,
                                 uint32_t *pcbOut);

/* oe_key_coltyp_size -- bytes of a fixed-size coltyp; 0 for Text/Binary
 * types; -1 for a type that cannot be indexed. */
int oe_key_coltyp_size(JET_COLTYP coltyp);

/* oe_key_compare -- <0, 0, >0: memcmp over the common length, then the
 * shorter key first. The only order of normalized keys. */
int oe_key_compare(const uint8_t *a, uint32_t ca, const uint8_t *b, uint32_t cb);

/* ---- index key definitions and key builders ---------------------------- */

/* Index-level flags (struct oe_key_def.flags). */
#define OE_KEY_DEF_NULLS_HIGH 0x1             /* JET_bitTTSortNullsHigh */
#define OE_KEY_DEF_DOTNET_GUID 0x2            /* JET_bitTTDotNetGuid */
#define OE_KEY_DEF_DISALLOW_TRUNCATION 0x4    /* JET_bitIndexDisallowTruncation */
#define OE_KEY_DEF_ALL 0x7

/* One index column: its type and OE_KEY_SEG_DESCENDING / OE_KEY_SEG_UTF16. */
struct oe_key_segdef {
    JET_COLTYP coltyp; /* [imm] */
    uint32_t flags;    /* [imm] OE_KEY_SEG_DESCENDING | OE_KEY_SEG_UTF16 */
};

/*
 * struct oe_key_def -- the key shape of one index. [imm] once the index is
 * published; prepared by oe_key_def_prepare before first use.
 */
struct oe_key_def {
    uint32_t cbKeyMost;   /* [imm] 0 = JET_cbKeyMostMin; 255..2000 */
    uint32_t cbVarSegMac; /* [imm] 0 = cbKeyMost (no cap); <= cbKeyMost */
    uint32_t flags;       /* [imm] OE_KEY_DEF_* */
    uint32_t cseg;        /* [imm] 1..JET_ccolKeyMost */
    struct oe_key_segdef rgseg[JET_ccolKeyMost]; /* [imm] */
};

/* oe_key_def_prepare -- validate def and replace the 0 defaults. Errors:
 * JET_errInvalidParameter (sizes, segment count, flags),
 * JET_errInvalidColumnType (a segment's coltyp). */
JET_ERR oe_key_def_prepare(struct oe_key_def *def);

/* State bits of a key (struct oe_key.state). */
#define OE_KEY_PREPARED 0x01   /* at least one column made (KeyNotMade otherwise) */
#define OE_KEY_LIMIT 0x02      /* a limit key: complete (KeyIsMade) */
#define OE_KEY_TRUNCATED 0x04  /* bytes were lost at cbKeyMost */
#define OE_KEY_NULL_FIRST 0x08 /* the first column is NULL */
#define OE_KEY_NULL_ANY 0x10   /* some column is NULL */
#define OE_KEY_VALUE_ANY 0x20  /* some column is not NULL */

/*
 * struct oe_key -- a key under construction: a cursor's search key or the
 * key of a record being indexed. [owner] throughout: one cursor or one
 * index operation uses it at a time.
 */
struct oe_key {
    const struct oe_key_def *def; /* [owner] prepared definition */
    uint32_t cb;                  /* [owner] bytes in rgb (<= cbKeyMost+1) */
    uint32_t cseg;                /* [owner] columns made so far */
    uint32_t state;               /* [owner] OE_KEY_* */
    uint8_t rgb[OE_KEY_CB_BUFFER]; /* [owner] the normalized key */
};

/* oe_key_init -- an empty key (no column made) for a prepared def. */
void oe_key_init(struct oe_key *key, const struct oe_key_def *def);

/* oe_key_reset -- back to empty (JET_bitNewKey). */
void oe_key_reset(struct oe_key *key);

/*
 * oe_key_append -- add the next column's value to a record key (index
 * maintenance). flags: OE_KEY_SEG_NULL / OE_KEY_SEG_ZERO_LENGTH as in
 * oe_key_normalize_segment; the segment's own and the index's flags are
 * added here. Truncation is recorded in key->state. Errors: those of
 * oe_key_normalize_segment, JET_errKeyIsMade (every column made),
 * JET_errKeyTruncated (truncation on a DISALLOW_TRUNCATION index); the key
 * is unchanged on error.
 */
JET_ERR oe_key_append(struct oe_key *key, const void *pv, uint32_t cb, uint32_t flags);

/*
 * oe_key_make -- JetMakeKey on a key: see SEARCH KEYS AND LIMITS above.
 * Errors, in ESE's order: JET_errInvalidParameter (NormalizedKey longer
 * than cbKeyMost+1), JET_errKeyIsMade (a limit key without NewKey, or every
 * column made), JET_errKeyNotMade (no NewKey on an empty key),
 * JET_errInvalidGrbit (two limit options, or a partial limit on a type
 * other than Text/Binary), then oe_key_normalize_segment's (never
 * JET_errKeyTruncated: ESE truncates search keys silently even on an index
 * that disallows truncation). Unknown grbit bits are
 * ignored, as ESE does. With NewKey the old key is gone even on error.
 */
JET_ERR oe_key_make(struct oe_key *key, const void *pv, uint32_t cb, JET_GRBIT grbit);

/* oe_key_truncated -- whether bytes of this key were lost at cbKeyMost. */
static inline bool oe_key_truncated(const struct oe_key *key)
{
    return (key->state & OE_KEY_TRUNCATED) != 0;
}

#endif
