/*
 * record.c -- record images (struct oe_rec) and the copy buffer of a
 * prepared update (struct oe_recbuf), with ESE's JetSetColumn and
 * JetRetrieveColumn semantics.
 *
 * COLUMN STATES. A column of a record is in one of three states:
 *   absent    never set: reads as the column's default value (itag 1 only)
 *             or NULL (always NULL with JET_bitRetrieveIgnoreDefault)
 *   NULL      explicitly NULL: reads NULL and hides the default
 *   values    1..n values, itag 1..n (n > 1 only for tagged columns)
 * The column kind comes from its id (catalog.h's ESE ranges): fixed and
 * variable columns hold one value; any tagged column may hold several (ESE:
 * "any column created with JET_bitColumnTagged can contain multiple values";
 * JET_bitColumnMultiValued only changes indexing). Following ESE's TAGFIELDS,
 * a tagged column is left in the NULL state only when it has a default
 * (deleting its last value, or setting NULL at itag 1 while absent); without
 * a default it goes back to absent. Fixed and variable columns set to NULL
 * are NULL (ESE's null bit).
 *
 * THE COPY BUFFER ([owner]: the session of the cursor that prepared the
 * update) is a directory of entries sorted by column id, each with its
 * values. The first value slot of an entry is inside the entry and a value
 * of at most REC_INLINE bytes inside its slot, so the usual record (a few
 * single-valued short columns) costs the buffer no allocation beyond its
 * directory; more values take an array, longer values an allocation each.
 * oe_recbuf_reset keeps the directory, so a cursor that reuses its buffer
 * for a stream of inserts allocates nothing per insert here. An edit
 * allocates everything it needs (capacity of both arrays, the new value
 * bytes) before it changes anything visible, so a failed allocation leaves
 * the buffer exactly as it was.
 * Entries are keyed by id, not by position in a descriptor, so the buffer
 * survives DDL republishing the schema between JetSetColumn calls.
 *
 * THE IMAGE ([imm] once made) is ONE allocation, freed with its size. It
 * may start `pre` bytes into it (oe_recbuf_finish_pre): the version store
 * puts the version and undo entry of the write there, so a write costs one
 * allocation for all three; oe_rec_free frees the whole block.
 *
 *   struct oe_rec   cb (bytes of the image), ncol, nval, pre
 *   rec_col[ncol]   { id, ival, nval } sorted by id; nval 0 = NULL state
 *   rec_val[nval]   { off, cb } of each value, a column's values contiguous
 *                   from rec_col.ival in itag order
 *   data            the value bytes, packed, in directory order
 *
 * Absent columns have no directory entry, so an image costs nothing for
 * never-set columns and a new default becomes visible in old records (ESE's
 * behaviour for columns added later). Values are stored as the user gave
 * them after the normalizations listed below; nothing is compressed.
 *
 * NORMALIZATIONS AND LIMITS (ESE's code, fldmod.cxx / tagfld.cxx / lv.cxx):
 *   - fixed-size types need exactly their size (JET_errInvalidBufferSize);
 *     Bit stores 0xff for any non-zero byte (ESE's fixed-column rule, here
 *     applied to every column kind);
 *   - Text/Binary hold at most cbMax bytes (JET_cbColumnMost = 255 when
 *     cbMax is 0): over the limit a variable column is truncated with
 *     JET_wrnColumnMaxTruncated, a tagged one fails JET_errColumnTooBig, a
 *     fixed one fails JET_errInvalidBufferSize; a fixed Text/Binary value is
 *     padded to its length (Binary with 0x00, Text with spaces, UTF-16
 *     spaces for cp 1200), and retrieved padded, as ESE does;
 *   - LongText/LongBinary hold up to JET_cbLVColumnMost bytes (cbData above
 *     it is JET_errInvalidParameter) and at most cbMax when cbMax > 0
 *     (JET_errColumnTooBig); Separate/Intrinsic/Compressed grbits are
 *     accepted and mean nothing in memory.
 *   - cp 1200 text is stored as given (no check of even length: key.c
 *     drops a trailing odd byte, as ESE does).
 *
 * CONCURRENCY. Images are immutable and may be read by any number of
 * threads (inside their RCU read sections); a copy buffer is used by one
 * session at a time. Nothing here takes a lock or uses an atomic.
 */
#include "core/record.h"

#include <string.h>

#include "core/err.h"
#include "sync/alloc.h"
#include "sync/copy.h"

/* The grbits JetSetColumn knows (esent.h); others are JET_errInvalidGrbit. */
#define REC_SET_GRBITS                                                                      \
    (JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV | JET_bitSetZeroLength | \
     JET_bitSetSeparateLV | JET_bitSetUniqueMultiValues |                                   \
     JET_bitSetUniqueNormalizedMultiValues | JET_bitSetRevertToDefaultValue |              \
     JET_bitSetIntrinsicLV | JET_bitSetUncompressed | JET_bitSetCompressed |               \
     JET_bitSetContiguousLV)
#define REC_LV_GRBITS (JET_bitSetAppendLV | JET_bitSetOverwriteLV | JET_bitSetSizeLV)
#define REC_UNIQUE_GRBITS (JET_bitSetUniqueMultiValues | JET_bitSetUniqueNormalizedMultiValues)

/* ESE's page size for JET_bitSetContiguousLV's minimum (ese-reference 1.4). */
#define REC_CB_PAGE 4096u
/* Bytes compared by JET_bitSetUniqueNormalizedMultiValues (ESE's
 * JET_cbKeyMost_OLD). */
#define REC_CB_NORM_UNIQUE 255u

/* ---- the copy buffer --------------------------------------------------- */

/* Values of at most REC_INLINE bytes live inside their struct rec_value
 * (val_bytes), larger ones in an allocation of their own: a typical insert
 * (a key column and a short payload) allocates no value at all. */
#define REC_INLINE 32u

struct rec_value {
    uint32_t cb;                 /* [owner] */
    union {
        uint8_t *pb;             /* [owner] cb > REC_INLINE: oe_malloc(cb) */
        uint8_t inl[REC_INLINE]; /* [owner] cb <= REC_INLINE: the bytes */
    } u;
};

/* An entry with cap <= 1 keeps its only value slot inline (`one`): the
 * common single-valued column costs no value array. ent_vals finds the
 * slots; entries move (memmove, struct copies) and nothing points into one. */
struct rec_entry {
    JET_COLUMNID id;       /* [owner] */
    uint32_t nval;         /* [owner] 0 = the NULL state */
    uint32_t cap;          /* [owner] slots: 1 = `one`, > 1 = v */
    struct rec_value *v;   /* [owner] oe_malloc(cap * sizeof) when cap > 1, else NULL */
    struct rec_value one;  /* [owner] the slot when cap <= 1 */
};

/* A buffer's first REC_BUF_INLINE directory slots live in the buffer
 * itself: a cursor's buffer for a narrow row is one allocation. */
#define REC_BUF_INLINE 4u
struct oe_recbuf {
    enum oe_recbuf_mode mode; /* [owner] */
    uint32_t nent;            /* [owner] */
    uint32_t cap;             /* [owner] slots in ent */
    struct rec_entry *ent;    /* [owner] sorted by id: inl, or oe_malloc'd when larger */
    struct rec_entry inl[REC_BUF_INLINE]; /* [owner] */
};

/* buf_new -- an empty buffer with its inline directory (NULL: no memory). */
static struct oe_recbuf *buf_new(enum oe_recbuf_mode mode)
{
    struct oe_recbuf *b = oe_malloc(sizeof *b);
    if (b) {
        b->mode = mode;
        b->nent = 0;
        b->cap = REC_BUF_INLINE;
        b->ent = b->inl;
    }
    return b;
}

/* buf_set_dir -- make ent (cap slots, oe_malloc'd) b's directory, freeing
 * the old one unless it is the inline one. */
static void buf_set_dir(struct oe_recbuf *b, struct rec_entry *ent, uint32_t cap)
{
    if (b->ent != b->inl)
        oe_free(b->ent, (size_t)b->cap * sizeof *b->ent);
    b->ent = ent;
    b->cap = cap;
}

/* ent_vals -- the value slots of an entry (see struct rec_entry). */
static inline struct rec_value *ent_vals(struct rec_entry *e)
{
    return e->cap > 1 ? e->v : &e->one;
}
static inline const struct rec_value *ent_cvals(const struct rec_entry *e)
{
    return e->cap > 1 ? e->v : &e->one;
}

/* val_bytes -- where a value's bytes are (inline or its allocation). */
static inline uint8_t *val_bytes(struct rec_value *v)
{
    return v->cb > REC_INLINE ? v->u.pb : v->u.inl;
}
static inline const uint8_t *val_cbytes(const struct rec_value *v)
{
    return v->cb > REC_INLINE ? v->u.pb : v->u.inl;
}

/* val_make -- room for a cb-byte value in *v (inline, or allocated):
 * JET_errOutOfMemory leaves *v empty. */
static JET_ERR val_make(struct rec_value *v, uint32_t cb)
{
    v->cb = cb;
    if (cb > REC_INLINE && (v->u.pb = oe_malloc(cb)) == NULL) {
        v->cb = 0;
        return OE_ERR(JET_errOutOfMemory);
    }
    return JET_errSuccess;
}

/* val_free -- give back a value's allocation, if it has one. */
static void val_free(struct rec_value *v)
{
    if (v->cb > REC_INLINE)
        oe_free(v->u.pb, v->cb);
    v->cb = 0;
}

/* ---- the image --------------------------------------------------------- */

struct rec_col {
    JET_COLUMNID id;
    uint32_t ival;
    uint32_t nval;
    uint32_t pad; /* 16 bytes: keeps rec_val 8-aligned after any ncol */
};

struct rec_val {
    uint64_t off; /* from the start of the data area */
    uint32_t cb;
    uint32_t pad;
};

struct oe_rec {
    size_t cb;     /* [imm] bytes of the image (from this header on) */
    uint32_t ncol; /* [imm] */
    uint32_t nval; /* [imm] */
    uint32_t pre;  /* [imm] bytes of the same allocation before the image
                    * (oe_recbuf_finish_pre: the version store's version) */
    uint32_t pad;  /* keeps the directory 8-aligned */
    /* struct rec_col[ncol], struct rec_val[nval], data follow */
};

/* rec_dir / rec_vals / rec_data -- the three areas after the header. */
static inline const struct rec_col *rec_dir(const struct oe_rec *r)
{
    return (const struct rec_col *)(const void *)(r + 1);
}
static inline const struct rec_val *rec_vals(const struct oe_rec *r)
{
    return (const struct rec_val *)(const void *)(rec_dir(r) + r->ncol);
}
static inline const uint8_t *rec_data(const struct oe_rec *r)
{
    return (const uint8_t *)(const void *)(rec_vals(r) + r->nval);
}

/* ---- column kinds ------------------------------------------------------ */

/* col_tagged / col_fixed -- the kind, from catalog.h's id ranges. */
static inline int col_tagged(const struct oe_coldef *col)
{
    return col->id >= OE_COLID_TAGGED_FIRST;
}
static inline int col_fixed(const struct oe_coldef *col)
{
    return col->id >= OE_COLID_FIXED_FIRST && col->id <= OE_COLID_FIXED_LAST;
}

/* col_long -- LongText/LongBinary: the long-value grbits and offsets apply. */
static inline int col_long(const struct oe_coldef *col)
{
    return col->coltyp == JET_coltypLongText || col->coltyp == JET_coltypLongBinary;
}

/* col_var_type -- Text/Binary: bounded by cbMax (255 when 0). */
static inline int col_var_type(const struct oe_coldef *col)
{
    return col->coltyp == JET_coltypText || col->coltyp == JET_coltypBinary;
}

/* col_var_limit -- the largest Text/Binary value of the column. */
static inline uint32_t col_var_limit(const struct oe_coldef *col)
{
    return col->cbMax != 0 ? col->cbMax : JET_cbColumnMost;
}

/* col_has_default -- ESE refuses NULL and empty defaults, so a pointer
 * means a default. */
static inline int col_has_default(const struct oe_coldef *col)
{
    return col->pvDefault != NULL;
}

/* tdef_col -- the column with this id in a descriptor (sorted by id); a
 * local search so that this module needs nothing from catalog.c. */
static const struct oe_coldef *tdef_col(const struct oe_tdef *def, JET_COLUMNID id)
{
    uint32_t lo = 0, hi = def->ncol;
    while (lo < hi) {
        const uint32_t mid = lo + (hi - lo) / 2;
        if (def->col[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < def->ncol && def->col[lo].id == id ? &def->col[lo] : NULL;
}

/* oe_rec_check_value -- see record.h. A value over a Text/Binary limit is
 * JET_errColumnTooBig here for every kind but fixed (InvalidBufferSize);
 * oe_recbuf_set truncates variable columns itself before asking. */
JET_ERR oe_rec_check_value(const struct oe_coldef *col, const void *pv, uint32_t cb)
{
    if (cb > 0 && pv == NULL)
        return OE_ERR(JET_errInvalidParameter);
    switch (col->coltyp) {
    case JET_coltypText:
    case JET_coltypBinary:
        if (cb > col_var_limit(col))
            return OE_ERR(col_fixed(col) ? JET_errInvalidBufferSize : JET_errColumnTooBig);
        return JET_errSuccess;
    case JET_coltypLongText:
    case JET_coltypLongBinary:
        if (cb > JET_cbLVColumnMost)
            return OE_ERR(JET_errInvalidParameter);
        if (col->cbMax != 0 && cb > col->cbMax)
            return OE_ERR(JET_errColumnTooBig);
        return JET_errSuccess;
    default: {
        const int size = oe_key_coltyp_size(col->coltyp);
        if (size <= 0)
            return OE_ERR(JET_errInvalidColumnType);
        if (cb != (uint32_t)size)
            return OE_ERR(JET_errInvalidBufferSize);
        return JET_errSuccess;
    }
    }
}

/* ---- buffer directory -------------------------------------------------- */

/* buf_find -- index of the entry for id, or where it would be inserted. */
static uint32_t buf_find(const struct oe_recbuf *b, JET_COLUMNID id, int *pfound)
{
    uint32_t lo = 0, hi = b->nent;
    while (lo < hi) {
        const uint32_t mid = lo + (hi - lo) / 2;
        if (b->ent[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    *pfound = lo < b->nent && b->ent[lo].id == id;
    return lo;
}

/* buf_reserve_entry -- room for one more entry (invisible if unused). */
static JET_ERR buf_reserve_entry(struct oe_recbuf *b)
{
    if (b->nent < b->cap)
        return JET_errSuccess;
    const uint32_t cap = b->cap * 2;
    struct rec_entry *ent = oe_malloc((size_t)cap * sizeof *ent);
    if (ent == NULL)
        return OE_ERR(JET_errOutOfMemory);
    if (b->nent)
        memcpy(ent, b->ent, (size_t)b->nent * sizeof *ent);
    buf_set_dir(b, ent, cap);
    return JET_errSuccess;
}

/* ent_reserve_value -- room for one more value in an entry (the first
 * slot is inline: no allocation). */
static JET_ERR ent_reserve_value(struct rec_entry *e)
{
    if (e->nval < e->cap)
        return JET_errSuccess;
    if (e->cap == 0) {
        e->cap = 1;
        return JET_errSuccess;
    }
    const uint32_t cap = e->cap * 2;
    struct rec_value *v = oe_malloc((size_t)cap * sizeof *v);
    if (v == NULL)
        return OE_ERR(JET_errOutOfMemory);
    if (e->nval)
        memcpy(v, ent_vals(e), (size_t)e->nval * sizeof *v);
    if (e->cap > 1)
        oe_free(e->v, (size_t)e->cap * sizeof *v);
    e->v = v;
    e->cap = cap;
    return JET_errSuccess;
}

/* ent_clear -- free an entry's values (it stays in the directory). */
static void ent_clear(struct rec_entry *e)
{
    struct rec_value *v = ent_vals(e);
    for (uint32_t i = 0; i < e->nval; i++)
        val_free(&v[i]);
    e->nval = 0;
}

/* ent_release -- free everything an entry owns. */
static void ent_release(struct rec_entry *e)
{
    ent_clear(e);
    if (e->cap > 1)
        oe_free(e->v, (size_t)e->cap * sizeof *e->v);
    e->v = NULL;
    e->cap = 0;
}

/* buf_insert_entry -- a new empty (NULL-state) entry at position i; the
 * caller reserved the room, so this cannot fail. */
static struct rec_entry *buf_insert_entry(struct oe_recbuf *b, uint32_t i, JET_COLUMNID id)
{
    if (i < b->nent) /* columns are mostly set in id order: often nothing moves */
        memmove(&b->ent[i + 1], &b->ent[i], (size_t)(b->nent - i) * sizeof *b->ent);
    b->nent++;
    b->ent[i] = (struct rec_entry){.id = id};
    return &b->ent[i];
}

/* buf_remove_entry -- back to the absent state. */
static void buf_remove_entry(struct oe_recbuf *b, uint32_t i)
{
    ent_release(&b->ent[i]);
    memmove(&b->ent[i], &b->ent[i + 1], (size_t)(b->nent - i - 1) * sizeof *b->ent);
    b->nent--;
}

/* ---- reading a column (buffer or image) -------------------------------- */

enum rec_state { REC_ABSENT, REC_NULL, REC_VALUE };

/* A read-only view of either a buffer or an image. */
struct rec_view {
    const struct oe_recbuf *b;
    const struct oe_rec *r;
};

/* view_get -- value itag (1-based) of column id, and the column's value
 * count. REC_NULL also covers an itag past the last value. */
static enum rec_state view_get(const struct rec_view *w, JET_COLUMNID id, uint32_t itag,
                               const uint8_t **ppb, uint32_t *pcb, uint32_t *pnval)
{
    *ppb = NULL;
    *pcb = 0;
    *pnval = 0;
    if (w->b) {
        int found;
        const uint32_t i = buf_find(w->b, id, &found);
        if (!found)
            return REC_ABSENT;
        const struct rec_entry *e = &w->b->ent[i];
        *pnval = e->nval;
        if (itag == 0 || itag > e->nval)
            return REC_NULL;
        const struct rec_value *v = &ent_cvals(e)[itag - 1];
        *ppb = val_cbytes(v);
        *pcb = v->cb;
        return REC_VALUE;
    }
    const struct rec_col *dir = rec_dir(w->r);
    uint32_t lo = 0, hi = w->r->ncol;
    while (lo < hi) {
        const uint32_t mid = lo + (hi - lo) / 2;
        if (dir[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == w->r->ncol || dir[lo].id != id)
        return REC_ABSENT;
    *pnval = dir[lo].nval;
    if (itag == 0 || itag > dir[lo].nval)
        return REC_NULL;
    const struct rec_val *v = &rec_vals(w->r)[dir[lo].ival + itag - 1];
    *ppb = rec_data(w->r) + v->off;
    *pcb = v->cb;
    return REC_VALUE;
}

/* view_value -- the value a reader sees at itag: stored, else the default
 * (itag 1 of an absent column, unless fIgnoreDefault), else NULL (0). */
static int view_value(const struct rec_view *w, const struct oe_coldef *col, uint32_t itag,
                      int fIgnoreDefault, const uint8_t **ppb, uint32_t *pcb)
{
    uint32_t nval;
    switch (view_get(w, col->id, itag, ppb, pcb, &nval)) {
    case REC_VALUE:
        return 1;
    case REC_ABSENT:
        if (itag == 1 && !fIgnoreDefault && col_has_default(col)) {
            *ppb = col->pvDefault;
            *pcb = col->cbDefault;
            return 1;
        }
        return 0;
    default:
        return 0;
    }
}

/* view_retrieve -- JetRetrieveColumn on a view (see record.h). Non-tagged
 * columns ignore itagSequence (ESE); a tagged column's itag 0 is
 * JET_errBadItagSequence. A long value read at ibLongValue reports the
 * bytes from that offset in *pcbActual (ESE's intrinsic-LV rule), 0 when
 * the offset is at or past the end. */
static JET_ERR view_retrieve(const struct rec_view *w, const struct oe_coldef *col, void *pv,
                             uint32_t cbMax, uint32_t *pcbActual, JET_GRBIT grbit,
                             JET_RETINFO *pretinfo)
{
    uint32_t itag = 1, ib = 0;
    const uint8_t *pb;
    uint32_t cb;
    JET_ERR err = JET_errSuccess;

    if (pretinfo != NULL) {
        if (pretinfo->cbStruct < sizeof(JET_RETINFO))
            return OE_ERR(JET_errInvalidParameter);
        itag = pretinfo->itagSequence;
        ib = pretinfo->ibLongValue;
    }
    if (!col_tagged(col))
        itag = 1;
    else if (itag == 0)
        return OE_ERR(JET_errBadItagSequence);
    if (cbMax > 0 && pv == NULL)
        return OE_ERR(JET_errInvalidParameter);

    if (!view_value(w, col, itag, (grbit & JET_bitRetrieveIgnoreDefault) != 0, &pb, &cb)) {
        if (pcbActual)
            *pcbActual = 0;
        err = JET_wrnColumnNull;
    } else {
        if (col_long(col)) {
            if (ib >= cb) {
                cb = 0;
            } else {
                pb += ib;
                cb -= ib;
            }
        }
        if (pcbActual)
            *pcbActual = cb;
        uint32_t cbCopy = cb;
        if (cbCopy > cbMax) {
            cbCopy = cbMax;
            err = JET_wrnBufferTruncated;
        }
        oe_copy_small(pv, pb, cbCopy);
    }
    if (pretinfo != NULL)
        pretinfo->columnidNextTagged = col->id;
    return err;
}

/* oe_recbuf_retrieve -- see record.h. */
JET_ERR oe_recbuf_retrieve(const struct oe_recbuf *b, const struct oe_coldef *col, void *pv,
                           uint32_t cbMax, uint32_t *pcbActual, JET_GRBIT grbit,
                           JET_RETINFO *pretinfo)
{
    const struct rec_view w = {.b = b};
    return view_retrieve(&w, col, pv, cbMax, pcbActual, grbit, pretinfo);
}

/* oe_rec_retrieve -- see record.h (def is not needed: the column carries
 * its default). */
JET_ERR oe_rec_retrieve(const struct oe_rec *r, const struct oe_tdef *def,
                        const struct oe_coldef *col, void *pv, uint32_t cbMax,
                        uint32_t *pcbActual, JET_GRBIT grbit, JET_RETINFO *pretinfo)
{
    (void)def;
    const struct rec_view w = {.r = r};
    return view_retrieve(&w, col, pv, cbMax, pcbActual, grbit, pretinfo);
}

/* ---- setting ----------------------------------------------------------- */

/* buf_set_null -- NULL at itag: ESE's rules (file essay, COLUMN STATES).
 * fRevert (JET_bitSetRevertToDefaultValue) on a tagged column removes every
 * value so the default shows again (the documented behaviour). Allocates at
 * most the entry slot, before changing anything. */
static JET_ERR buf_set_null(struct oe_recbuf *b, const struct oe_coldef *col, uint32_t itag,
                            int fRevert)
{
    int found;
    uint32_t i = buf_find(b, col->id, &found);

    if (!col_tagged(col)) {
        if (!found) {
            OE_CALL_R(buf_reserve_entry(b));
            buf_insert_entry(b, i, col->id);
        } else {
            ent_clear(&b->ent[i]);
        }
        return JET_errSuccess;
    }
    if (fRevert) {
        if (found)
            buf_remove_entry(b, i);
        return JET_errSuccess;
    }
    if (!found) {
        if (itag == 1 && col_has_default(col)) {
            OE_CALL_R(buf_reserve_entry(b));
            buf_insert_entry(b, i, col->id);
        }
        return JET_errSuccess;
    }
    struct rec_entry *e = &b->ent[i];
    if (itag == 0 || itag > e->nval)
        return JET_errSuccess; /* appending NULL, or NULL over NULL: no-op */
    struct rec_value *vals = ent_vals(e);
    val_free(&vals[itag - 1]);
    memmove(&vals[itag - 1], &vals[itag], (size_t)(e->nval - itag) * sizeof *vals);
    e->nval--;
    if (e->nval == 0 && !col_has_default(col))
        buf_remove_entry(b, i);
    return JET_errSuccess;
}

/* buf_put_value -- store value *nv (made by val_make; ownership passes
 * on success, the caller frees it on failure) at itag: itag 0 or past the
 * last value appends (ESE: "assumes the new highest occurrence number");
 * non-tagged columns always hold value 1. */
static JET_ERR buf_put_value(struct oe_recbuf *b, const struct oe_coldef *col, uint32_t itag,
                             const struct rec_value *nv)
{
    int found;
    uint32_t i = buf_find(b, col->id, &found);
    struct rec_entry *e;

    if (!col_tagged(col))
        itag = 1;
    if (!found) {
        OE_CALL_R(buf_reserve_entry(b));
        /* a new entry's one value slot is its inline one: nothing to fail */
        e = buf_insert_entry(b, i, col->id);
        e->cap = 1;
        e->nval = 1;
        e->one = *nv;
        return JET_errSuccess;
    } else {
        e = &b->ent[i];
    }
    if (itag == 0 || itag > e->nval) {
        OE_CALL_R(ent_reserve_value(e));
        ent_vals(e)[e->nval++] = *nv;
    } else {
        struct rec_value *old = &ent_vals(e)[itag - 1];
        val_free(old);
        *old = *nv;
    }
    return JET_errSuccess;
}

/* norm_equal -- JET_bitSetUniqueNormalizedMultiValues: equal as index keys
 * (key.c's normalization, first REC_CB_NORM_UNIQUE bytes); *pfTrunc when
 * the equality is only up to that cut (ESE's
 * JET_errMultiValuedDuplicateAfterTruncation). */
static int norm_equal(const struct oe_coldef *col, const uint8_t *pa, uint32_t ca,
                      const uint8_t *pb, uint32_t cb, int *pfTrunc)
{
    uint8_t na[REC_CB_NORM_UNIQUE], nb[REC_CB_NORM_UNIQUE];
    uint32_t cna = 0, cnb = 0;
    uint32_t fa = ca == 0 ? OE_KEY_SEG_ZERO_LENGTH : 0, fb = cb == 0 ? OE_KEY_SEG_ZERO_LENGTH : 0;
    if (col->cp == 1200 && (col->coltyp == JET_coltypText || col->coltyp == JET_coltypLongText)) {
        fa |= OE_KEY_SEG_UTF16;
        fb |= OE_KEY_SEG_UTF16;
    }
    const JET_ERR ea = oe_key_normalize_segment(col->coltyp, pa, ca, fa, na, sizeof na, &cna);
    const JET_ERR eb = oe_key_normalize_segment(col->coltyp, pb, cb, fb, nb, sizeof nb, &cnb);
    if (ea < 0 || eb < 0)
        return ca == cb && (ca == 0 || memcmp(pa, pb, ca) == 0);
    *pfTrunc = ea == JET_wrnBufferTruncated || eb == JET_wrnBufferTruncated;
    return cna == cnb && memcmp(na, nb, cna) == 0;
}

/* check_unique -- JET_bitSetUnique(Normalized)MultiValues: the new value
 * must differ from every other value of the column (the one at itag, being
 * overwritten, excepted). */
static JET_ERR check_unique(const struct oe_recbuf *b, const struct oe_coldef *col,
                            uint32_t itag, JET_GRBIT grbit, const uint8_t *pb, uint32_t cb)
{
    int found;
    const uint32_t i = buf_find(b, col->id, &found);
    if (!found)
        return JET_errSuccess;
    const struct rec_entry *e = &b->ent[i];
    for (uint32_t k = 0; k < e->nval; k++) {
        if (k + 1 == itag)
            continue;
        const struct rec_value *v = &ent_cvals(e)[k];
        if (grbit & JET_bitSetUniqueNormalizedMultiValues) {
            int fTrunc = 0;
            if (norm_equal(col, val_cbytes(v), v->cb, pb, cb, &fTrunc))
                return OE_ERR(fTrunc ? JET_errMultiValuedDuplicateAfterTruncation
                                     : JET_errMultiValuedDuplicate);
        } else if (v->cb == cb && (cb == 0 || memcmp(val_cbytes(v), pb, cb) == 0)) {
            return OE_ERR(JET_errMultiValuedDuplicate);
        }
    }
    return JET_errSuccess;
}

/* text_pad -- fill a fixed Text column's tail with spaces (UTF-16 spaces
 * for cp 1200), as ESE's RECTextColumnPadding does. */
static void text_pad(uint8_t *pb, uint32_t cbFrom, uint32_t cbTo, uint16_t cp)
{
    for (uint32_t i = cbFrom; i < cbTo; i++)
        pb[i] = (cp == 1200 && ((i - cbFrom) & 1)) ? 0x00 : 0x20;
}

/* set_plain -- JetSetColumn of a non-long value (cb > 0 or zero-length). */
static JET_ERR set_plain(struct oe_recbuf *b, const struct oe_coldef *col, const void *pv,
                         uint32_t cb, JET_GRBIT grbit, uint32_t itag)
{
    JET_ERR err = JET_errSuccess, wrn = JET_errSuccess;
    struct rec_value nv;
    uint32_t cbStore = cb;

    if (col_var_type(col) && !col_fixed(col) && !col_tagged(col) && cb > col_var_limit(col)) {
        cb = col_var_limit(col); /* ESE truncates variable columns */
        wrn = JET_wrnColumnMaxTruncated;
    }
    if (cb == 0 && oe_key_coltyp_size(col->coltyp) > 0)
        return OE_ERR(JET_errInvalidBufferSize); /* zero-length fixed-size type */
    OE_CALL_R(oe_rec_check_value(col, pv, cb));
    cbStore = cb;
    if (col_var_type(col) && col_fixed(col))
        cbStore = col_var_limit(col);
    if (col_tagged(col) && (grbit & REC_UNIQUE_GRBITS))
        OE_CALL_R(check_unique(b, col, itag, grbit, pv, cb));

    OE_CALL_R(val_make(&nv, cbStore));
    if (cbStore > 0) {
        uint8_t *pb = val_bytes(&nv);
        if (cb)
            memcpy(pb, pv, cb);
        if (cbStore > cb) {
            if (col->coltyp == JET_coltypText)
                text_pad(pb, cb, cbStore, col->cp);
            else
                memset(pb + cb, 0, cbStore - cb);
        }
        if (col->coltyp == JET_coltypBit)
            pb[0] = pb[0] ? 0xff : 0x00;
    }
    OE_CALL(buf_put_value(b, col, itag, &nv));
    return wrn;

handle_error:
    val_free(&nv);
    return err;
}

/* set_inline -- set_plain's result for the commonest value: one that a
 * non-tagged column stores exactly as given and that fits its inline slot
 * (see the caller's test). Skips set_plain's checks, which all pass, and
 * its staging copy. */
static JET_ERR set_inline(struct oe_recbuf *b, const struct oe_coldef *col, const void *pv,
                          uint32_t cb)
{
    int found;
    uint32_t i = buf_find(b, col->id, &found);
    struct rec_entry *e;
    if (found) {
        e = &b->ent[i];
        ent_clear(e);
    } else {
        OE_CALL_R(buf_reserve_entry(b));
        e = buf_insert_entry(b, i, col->id);
        e->cap = 1;
    }
    struct rec_value *v = ent_vals(e);
    v->cb = cb;
    oe_copy_small(v->u.inl, pv, cb);
    e->nval = 1;
    return JET_errSuccess;
}

/* ESE's long-value operations (lv.cxx ErrLVOpFromGrbit). */
enum lv_op {
    LV_NOP,
    LV_NULL,        /* InsertNull / ReplaceWithNull */
    LV_ZERO_LENGTH, /* InsertZeroLength / ReplaceWithZeroLength */
    LV_REPLACE,     /* Insert / Replace: the data is the value */
    LV_ZEROED,      /* InsertZeroedOut: cbData zero bytes */
    LV_RESIZE,      /* to cbData bytes, zero-extended */
    LV_OVERWRITE,   /* data at ib, size max(old, ib + cb) */
    LV_OVERWRITE_RESIZE, /* data at ib, size ib + cb */
    LV_APPEND,
};

/* lv_op -- the operation for grbit, cbData and whether a value exists
 * (ESE's grbit matrix; other combinations are JET_errInvalidGrbit). */
static JET_ERR lv_op(JET_GRBIT grbit, uint32_t cb, int fNew, uint32_t ib, enum lv_op *pop)
{
    const int fNoData = cb == 0;
    switch (grbit & (REC_LV_GRBITS | JET_bitSetZeroLength)) {
    case JET_bitSetAppendLV:
    case JET_bitSetAppendLV | JET_bitSetZeroLength:
        *pop = fNoData ? (fNew ? LV_ZERO_LENGTH : LV_NOP) : (fNew ? LV_REPLACE : LV_APPEND);
        return JET_errSuccess;
    case JET_bitSetOverwriteLV:
    case JET_bitSetOverwriteLV | JET_bitSetZeroLength:
        if (fNew && ib != 0)
            return OE_ERR(JET_errColumnNoChunk);
        *pop = fNoData ? (fNew ? LV_ZERO_LENGTH : LV_NOP) : (fNew ? LV_REPLACE : LV_OVERWRITE);
        return JET_errSuccess;
    case JET_bitSetSizeLV:
        *pop = fNoData ? LV_NULL : (fNew ? LV_ZEROED : LV_RESIZE);
        return JET_errSuccess;
    case JET_bitSetSizeLV | JET_bitSetZeroLength:
        *pop = fNoData ? LV_ZERO_LENGTH : (fNew ? LV_ZEROED : LV_RESIZE);
        return JET_errSuccess;
    case JET_bitSetSizeLV | JET_bitSetOverwriteLV:
        if (fNoData) {
            *pop = LV_NULL;
            return JET_errSuccess;
        }
        if (fNew && ib != 0)
            return OE_ERR(JET_errColumnNoChunk);
        *pop = fNew ? LV_REPLACE : LV_OVERWRITE_RESIZE;
        return JET_errSuccess;
    case JET_bitSetZeroLength:
        *pop = fNoData ? LV_ZERO_LENGTH : LV_REPLACE;
        return JET_errSuccess;
    case 0:
        *pop = fNoData ? LV_NULL : LV_REPLACE;
        return JET_errSuccess;
    default:
        return OE_ERR(JET_errInvalidGrbit);
    }
}

/* set_long -- JetSetColumn on a LongText/LongBinary column. The existing
 * value is the stored one at itag, or the default when itag 1 of an
 * absent column is addressed (ESE reads the default there too). */
static JET_ERR set_long(struct oe_recbuf *b, const struct oe_coldef *col, const void *pv,
                        uint32_t cb, JET_GRBIT grbit, uint32_t itag, uint32_t ib)
{
    JET_ERR err = JET_errSuccess;
    const struct rec_view w = {.b = b};
    const uint8_t *pbOld = NULL;
    uint32_t cbOld = 0;
    uint64_t cbNew = 0;
    uint8_t *pb = NULL;
    struct rec_value nv = {0};
    enum lv_op op;

    if (!col_tagged(col))
        itag = 1;
    const int fNew = itag == 0 || !view_value(&w, col, itag, 0, &pbOld, &cbOld);
    OE_CALL_R(lv_op(grbit, cb, fNew, ib, &op));
    /* only the size operations may pass no bytes with cbData > 0 */
    if (cb > 0 && pv == NULL && op != LV_ZEROED && op != LV_RESIZE && op != LV_NULL)
        return OE_ERR(JET_errInvalidParameter);

    switch (op) {
    case LV_NOP:
        return JET_errSuccess;
    case LV_NULL:
        if (col->grbit & JET_bitColumnNotNULL)
            return OE_ERR(JET_errNullInvalid);
        return buf_set_null(b, col, itag, (grbit & JET_bitSetRevertToDefaultValue) != 0);
    case LV_ZERO_LENGTH:
        cbNew = 0;
        break;
    case LV_REPLACE:
    case LV_ZEROED:
    case LV_RESIZE:
        cbNew = cb;
        break;
    case LV_OVERWRITE:
        if (ib > cbOld)
            return OE_ERR(JET_errColumnNoChunk);
        cbNew = (uint64_t)ib + cb > cbOld ? (uint64_t)ib + cb : cbOld;
        break;
    case LV_OVERWRITE_RESIZE:
        if (ib > cbOld)
            return OE_ERR(JET_errColumnNoChunk);
        cbNew = (uint64_t)ib + cb;
        break;
    case LV_APPEND:
        cbNew = (uint64_t)cbOld + cb;
        break;
    }
    if (cbNew > JET_cbLVColumnMost || (col->cbMax != 0 && cbNew > col->cbMax))
        return OE_ERR(JET_errColumnTooBig);

    OE_CALL_R(val_make(&nv, (uint32_t)cbNew));
    pb = val_bytes(&nv);
    switch (op) {
    case LV_REPLACE:
        memcpy(pb, pv, cb);
        break;
    case LV_ZEROED:
        memset(pb, 0, cb);
        break;
    case LV_RESIZE: {
        const uint32_t cbKeep = cbOld < cb ? cbOld : cb;
        if (cbKeep)
            memcpy(pb, pbOld, cbKeep);
        memset(pb + cbKeep, 0, cb - cbKeep);
        break;
    }
    case LV_OVERWRITE:
        if (cbOld)
            memcpy(pb, pbOld, cbOld);
        memcpy(pb + ib, pv, cb);
        break;
    case LV_OVERWRITE_RESIZE:
        if (ib)
            memcpy(pb, pbOld, ib);
        memcpy(pb + ib, pv, cb);
        break;
    case LV_APPEND:
        if (cbOld)
            memcpy(pb, pbOld, cbOld);
        memcpy(pb + cbOld, pv, cb);
        break;
    default:
        break;
    }
    if (col_tagged(col) && (grbit & REC_UNIQUE_GRBITS))
        OE_CALL(check_unique(b, col, fNew ? 0 : itag, grbit, pb, (uint32_t)cbNew));
    /* a new value at an itag past the end appends; an existing one (itag
     * 1 of an absent column with a default included) is replaced */
    OE_CALL(buf_put_value(b, col, fNew ? 0 : itag, &nv));
    return JET_errSuccess;

handle_error:
    val_free(&nv);
    return err;
}

/* oe_recbuf_set -- see record.h; checks in ESE's order (ErrIsamSetColumn,
 * ErrFLDSetOneColumn, then the kind's setter). */
JET_ERR oe_recbuf_set(struct oe_recbuf *b, const struct oe_coldef *col, const void *pvData,
                      uint32_t cbData, JET_GRBIT grbit, const JET_SETINFO *psetinfo)
{
    uint32_t itag = 1, ib = 0;

    /* The common call: a non-empty value for a fixed or variable column
     * that is neither autoincrement nor version, no grbit, no setinfo --
     * every check below passes or does not apply, so straight to the
     * setter (which makes the type's own checks). */
    if (grbit == 0 && psetinfo == NULL && pvData != NULL && cbData != 0 &&
        cbData <= JET_cbLVColumnMost && !col_tagged(col) &&
        !(col->grbit & (JET_bitColumnAutoincrement | JET_bitColumnVersion)) && !col_long(col)) {
        /* Stored as given (not Bit, not a padded fixed Text/Binary, no
         * truncation or size error) and inline: set_inline. */
        if (cbData <= REC_INLINE && col->coltyp != JET_coltypBit &&
            (col_var_type(col) ? !col_fixed(col) && cbData <= col_var_limit(col)
                               : cbData == (uint32_t)oe_key_coltyp_size(col->coltyp)))
            return set_inline(b, col, pvData, cbData);
        return set_plain(b, col, pvData, cbData, 0, 1);
    }
    if (cbData > JET_cbLVColumnMost)
        return OE_ERR(JET_errInvalidParameter);
    if (psetinfo != NULL) {
        if (psetinfo->cbStruct < sizeof(JET_SETINFO))
            return OE_ERR(JET_errInvalidParameter);
        itag = psetinfo->itagSequence;
        ib = psetinfo->ibLongValue;
    }
    if (grbit & ~(JET_GRBIT)REC_SET_GRBITS)
        return OE_ERR(JET_errInvalidGrbit);
    if ((grbit & REC_UNIQUE_GRBITS) && (grbit & REC_LV_GRBITS))
        return OE_ERR(JET_errInvalidGrbit);
    if ((grbit & JET_bitSetContiguousLV) && !(grbit & JET_bitSetSeparateLV))
        return OE_ERR(JET_errInvalidGrbit);
    if ((grbit & JET_bitSetContiguousLV) && cbData < REC_CB_PAGE)
        return OE_ERR(JET_errInvalidBufferSize);
    if (col->grbit & JET_bitColumnAutoincrement)
        return OE_ERR(JET_errInvalidColumnType);
    if ((col->grbit & JET_bitColumnVersion) && b->mode == OE_RECBUF_REPLACE)
        return OE_ERR(JET_errInvalidColumnType);
    if (oe_key_coltyp_size(col->coltyp) < 0)
        return OE_ERR(JET_errInvalidColumnType);

    if (pvData == NULL && !(grbit & JET_bitSetSizeLV))
        cbData = 0;
    if (col_long(col))
        return set_long(b, col, pvData, cbData, grbit, itag, ib);
    if (cbData == 0 && !(grbit & JET_bitSetZeroLength)) {
        if (col->grbit & JET_bitColumnNotNULL)
            return OE_ERR(JET_errNullInvalid);
        return buf_set_null(b, col, itag, (grbit & JET_bitSetRevertToDefaultValue) != 0);
    }
    return set_plain(b, col, pvData, cbData, grbit, itag);
}

/* oe_recbuf_set_autoinc -- see record.h: Long stores the low 32 bits,
 * Currency/LongLong all 64 (ESE allows Long and Currency). */
JET_ERR oe_recbuf_set_autoinc(struct oe_recbuf *b, const struct oe_coldef *col, int64_t value)
{
    struct rec_value nv;
    uint32_t cb;

    switch (col->coltyp) {
    case JET_coltypLong:
        cb = 4;
        break;
    case JET_coltypCurrency:
    case JET_coltypLongLong:
        cb = 8;
        break;
    default:
        return OE_ERR(JET_errInvalidColumnType);
    }
    (void)val_make(&nv, cb); /* inline: cannot fail */
    if (cb == 4) {
        const int32_t v = (int32_t)value;
        memcpy(nv.u.inl, &v, 4);
    } else {
        memcpy(nv.u.inl, &value, 8);
    }
    return buf_put_value(b, col, 1, &nv); /* an inline value needs no freeing */
}

/* ---- create / free ----------------------------------------------------- */

/* oe_recbuf_free -- see record.h. */
void oe_recbuf_free(struct oe_recbuf *b)
{
    if (b == NULL)
        return;
    for (uint32_t i = 0; i < b->nent; i++)
        ent_release(&b->ent[i]);
    buf_set_dir(b, NULL, 0);
    oe_free(b, sizeof *b);
}

/* buf_load -- copy every entry of an image into a buffer with no entries
 * (its directory, if it has one, is reused when large enough). On failure
 * the loaded entries stay for the caller to release. */
static JET_ERR buf_load(struct oe_recbuf *b, const struct oe_rec *r)
{
    const struct rec_col *dir = rec_dir(r);
    const struct rec_val *vals = rec_vals(r);

    if (r->ncol == 0)
        return JET_errSuccess;
    if (b->cap < r->ncol) {
        struct rec_entry *ent = oe_malloc((size_t)r->ncol * sizeof *ent);
        if (ent == NULL)
            return OE_ERR(JET_errOutOfMemory);
        buf_set_dir(b, ent, r->ncol);
    }
    for (uint32_t i = 0; i < r->ncol; i++) {
        struct rec_entry *e = &b->ent[b->nent++];
        *e = (struct rec_entry){.id = dir[i].id};
        const uint32_t n = dir[i].nval;
        if (n == 0)
            continue;
        if (n > 1) {
            e->v = oe_malloc((size_t)n * sizeof *e->v);
            if (e->v == NULL)
                return OE_ERR(JET_errOutOfMemory);
        }
        e->cap = n;
        struct rec_value *ev = ent_vals(e);
        for (uint32_t k = 0; k < n; k++) {
            const struct rec_val *v = &vals[dir[i].ival + k];
            OE_CALL_R(val_make(&ev[k], v->cb));
            if (v->cb)
                memcpy(val_bytes(&ev[k]), rec_data(r) + v->off, v->cb);
            e->nval++;
        }
    }
    return JET_errSuccess;
}

/* buf_init_version -- JET_bitColumnVersion: 0 for a new record, the old
 * value + 1 for a replace (record.h, enum oe_recbuf_mode). */
static JET_ERR buf_init_version(struct oe_recbuf *b, const struct oe_tdef *def)
{
    if (def->col_absent & JET_bitColumnVersion)
        return JET_errSuccess;
    for (uint32_t i = 0; i < def->ncol; i++) {
        const struct oe_coldef *col = &def->col[i];
        if (!(col->grbit & JET_bitColumnVersion) || col->coltyp != JET_coltypLong)
            continue;
        uint32_t v = 0;
        if (b->mode == OE_RECBUF_REPLACE) {
            const struct rec_view w = {.b = b};
            const uint8_t *pb;
            uint32_t cb;
            if (view_value(&w, col, 1, 1, &pb, &cb) && cb == 4)
                memcpy(&v, pb, 4);
            v++;
        }
        struct rec_value nv;
        (void)val_make(&nv, 4); /* inline: cannot fail */
        memcpy(nv.u.inl, &v, 4);
        OE_CALL_R(buf_put_value(b, col, 1, &nv)); /* nothing to free on failure */
    }
    return JET_errSuccess;
}

/* oe_recbuf_create_mode -- see record.h. */
JET_ERR oe_recbuf_create_mode(const struct oe_tdef *def, const struct oe_rec *from,
                              enum oe_recbuf_mode mode, struct oe_recbuf **pbuf)
{
    JET_ERR err = JET_errSuccess;
    struct oe_recbuf *b;

    *pbuf = NULL;
    if ((b = buf_new(mode)) == NULL)
        return OE_ERR(JET_errOutOfMemory);
    if (from != NULL)
        OE_CALL(buf_load(b, from));
    OE_CALL(buf_init_version(b, def));
    *pbuf = b;
    return JET_errSuccess;

handle_error:
    oe_recbuf_free(b);
    return err;
}

/* oe_recbuf_reset -- see record.h. */
JET_ERR oe_recbuf_reset(struct oe_recbuf *b, const struct oe_tdef *def, const struct oe_rec *from,
                        enum oe_recbuf_mode mode)
{
    JET_ERR err = JET_errSuccess;
    for (uint32_t i = 0; i < b->nent; i++)
        ent_release(&b->ent[i]);
    b->nent = 0; /* the directory stays: buf_load reuses it */
    b->mode = mode;
    if (from != NULL)
        OE_CALL(buf_load(b, from));
    OE_CALL(buf_init_version(b, def));
    return JET_errSuccess;

handle_error:
    for (uint32_t i = 0; i < b->nent; i++)
        ent_release(&b->ent[i]);
    b->nent = 0; /* empty but valid: reset again or free it */
    return err;
}

/* oe_recbuf_create -- see record.h. */
JET_ERR oe_recbuf_create(const struct oe_tdef *def, const struct oe_rec *from, struct oe_recbuf **pbuf)
{
    return oe_recbuf_create_mode(def, from, from ? OE_RECBUF_REPLACE : OE_RECBUF_INSERT, pbuf);
}

/* ---- finish ------------------------------------------------------------ */

/* oe_recbuf_finish -- see record.h. */
JET_ERR oe_recbuf_finish(struct oe_recbuf *b, const struct oe_tdef *def, struct oe_rec **prec)
{
    return oe_recbuf_finish_pre(b, def, 0, prec);
}

/* oe_recbuf_finish_pre -- see record.h: NotNULL columns
 * (JET_bitColumnNotNULL) must read non-NULL at itag 1, defaults included;
 * then one allocation: `pre` bytes for the caller, the image laid out as
 * the file essay says. */
JET_ERR oe_recbuf_finish_pre(struct oe_recbuf *b, const struct oe_tdef *def, uint32_t pre,
                             struct oe_rec **prec)
{
    const struct rec_view w = {.b = b};
    size_t nval = 0, cbData = 0, cb;
    struct oe_rec *r;

    *prec = NULL;
    for (uint32_t i = 0; !(def->col_absent & JET_bitColumnNotNULL) && i < def->ncol; i++) {
        const struct oe_coldef *col = &def->col[i];
        const uint8_t *pb;
        uint32_t cbv;
        if ((col->grbit & JET_bitColumnNotNULL) && !view_value(&w, col, 1, 0, &pb, &cbv))
            return OE_ERR(JET_errNullInvalid);
    }
    for (uint32_t i = 0; i < b->nent; i++) {
        const struct rec_value *v = ent_cvals(&b->ent[i]);
        nval += b->ent[i].nval;
        for (uint32_t k = 0; k < b->ent[i].nval; k++)
            cbData += v[k].cb;
    }
    cb = sizeof *r + (size_t)b->nent * sizeof(struct rec_col) + nval * sizeof(struct rec_val) +
         cbData;
    pre = (pre + 15u) & ~15u; /* the image stays 16-aligned */
    uint8_t *block = oe_malloc(pre + cb);
    if (block == NULL)
        return OE_ERR(JET_errOutOfMemory);
    r = (struct oe_rec *)(void *)(block + pre);
    r->cb = cb;
    r->pre = pre;
    r->ncol = b->nent;
    r->nval = (uint32_t)nval;
    struct rec_col *dir = (struct rec_col *)(void *)(r + 1);
    struct rec_val *vals = (struct rec_val *)(void *)(dir + r->ncol);
    uint8_t *data = (uint8_t *)(void *)(vals + r->nval);
    uint32_t ival = 0;
    uint64_t off = 0;
    for (uint32_t i = 0; i < b->nent; i++) {
        const struct rec_entry *e = &b->ent[i];
        const struct rec_value *v = ent_cvals(e);
        dir[i] = (struct rec_col){.id = e->id, .ival = ival, .nval = e->nval};
        for (uint32_t k = 0; k < e->nval; k++, ival++) {
            vals[ival] = (struct rec_val){.off = off, .cb = v[k].cb};
            oe_copy_small(data + off, val_cbytes(&v[k]), v[k].cb);
            off += v[k].cb;
        }
    }
    *prec = r;
    return JET_errSuccess;
}

/* oe_rec_long -- see record.h. */
int32_t oe_rec_long(const struct oe_rec *r, const struct oe_coldef *col)
{
    const struct rec_view w = {.r = r};
    const uint8_t *pb;
    uint32_t cb;
    int32_t v = 0;
    if (view_value(&w, col, 1, 0, &pb, &cb) && cb == 4)
        memcpy(&v, pb, 4);
    return v;
}

/* oe_rec_add_long -- see record.h: load r into a scratch buffer (no mode
 * rules run), overwrite each column's value, freeze. */
JET_ERR oe_rec_add_long(const struct oe_rec *r, const struct oe_tdef *def,
                        const JET_COLUMNID *cols, const int32_t *adds, uint32_t n,
                        struct oe_rec **pout)
{
    JET_ERR err = JET_errSuccess;
    *pout = NULL;
    struct oe_recbuf *b = buf_new(OE_RECBUF_REPLACE);
    if (b == NULL)
        return OE_ERR(JET_errOutOfMemory);
    OE_CALL(buf_load(b, r));
    for (uint32_t i = 0; i < n; i++) {
        const struct oe_coldef *col = tdef_col(def, cols[i]);
        if (col == NULL || col_tagged(col))
            continue; /* the column was deleted: its sum has nothing to go to */
        uint32_t v = (uint32_t)oe_rec_long(r, col) + (uint32_t)adds[i];
        struct rec_value nv;
        (void)val_make(&nv, 4); /* inline: cannot fail */
        memcpy(nv.u.inl, &v, 4);
        OE_CALL(buf_put_value(b, col, 1, &nv)); /* nothing to free on failure */
    }
    err = oe_recbuf_finish(b, def, pout);
handle_error:
    oe_recbuf_free(b);
    return err;
}

/* oe_rec_free -- see record.h. */
void oe_rec_free(struct oe_rec *r)
{
    if (r != NULL)
        oe_free((uint8_t *)r - r->pre, r->pre + r->cb);
}

/* oe_rec_prefix -- see record.h. */
void *oe_rec_prefix(struct oe_rec *r, uint32_t *pcb)
{
    *pcb = r->pre;
    return (uint8_t *)r - r->pre;
}

/* oe_rec_size -- see record.h: bytes of the image's allocation. */
size_t oe_rec_size(const struct oe_rec *r)
{
    return r->cb;
}

/* ---- index keys -------------------------------------------------------- */

/*
 * view_make_key -- the key of a record for idx. Each segment is the
 * column's first value (defaults included); multi-valued columns index
 * only that first value (ESE makes one entry per value: a documented
 * limitation here). A long value is cut before normalization at a length
 * whose key is certainly longer than cbKeyMost (at least one key byte per
 * two input bytes for every text/binary encoding), so the key and its
 * truncation flag are the same as for the whole value.
 * JET_bitIndexDisallowNull: any NULL segment is JET_errNullKeyDisallowed
 * (ESE's code). Ignore flags: IgnoreNull (every segment NULL),
 * IgnoreAnyNull, IgnoreFirstNull → *pindexed = 0. A primary index always
 * indexes the record.
 */
static JET_ERR view_make_key(const struct rec_view *w, const struct oe_tdef *def,
                             const struct oe_idxdef *idx, struct oe_key *key, int *pindexed)
{
    const uint32_t cbCut = 2 * idx->kdef.cbKeyMost + 16;

    *pindexed = 0;
    oe_key_init(key, &idx->kdef);
    for (uint32_t s = 0; s < idx->nseg; s++) {
        const struct oe_coldef *col = tdef_col(def, idx->seg[s].col);
        const uint8_t *pb;
        uint32_t cb, flags = 0;
        if (col == NULL)
            return OE_ERR(JET_errColumnNotFound);
        if (!view_value(w, col, 1, 0, &pb, &cb)) {
            flags = OE_KEY_SEG_NULL;
            pb = NULL;
            cb = 0;
        } else if (cb == 0) {
            flags = OE_KEY_SEG_ZERO_LENGTH;
        } else if (col_long(col) && cb > cbCut) {
            cb = cbCut;
        }
        OE_CALL_R(oe_key_append(key, pb, cb, flags));
    }
    if ((idx->grbit & JET_bitIndexDisallowNull) && (key->state & OE_KEY_NULL_ANY))
        return OE_ERR(JET_errNullKeyDisallowed);
    if (idx->grbit & JET_bitIndexPrimary) {
        *pindexed = 1;
        return JET_errSuccess;
    }
    if ((idx->grbit & JET_bitIndexIgnoreNull) && !(key->state & OE_KEY_VALUE_ANY))
        return JET_errSuccess;
    if ((idx->grbit & JET_bitIndexIgnoreAnyNull) && (key->state & OE_KEY_NULL_ANY))
        return JET_errSuccess;
    if ((idx->grbit & JET_bitIndexIgnoreFirstNull) && (key->state & OE_KEY_NULL_FIRST))
        return JET_errSuccess;
    *pindexed = 1;
    return JET_errSuccess;
}

/* oe_rec_make_key -- see record.h. */
JET_ERR oe_rec_make_key(const struct oe_rec *r, const struct oe_tdef *def,
                        const struct oe_idxdef *idx, struct oe_key *key, int *pindexed)
{
    const struct rec_view w = {.r = r};
    return view_make_key(&w, def, idx, key, pindexed);
}

/* oe_recbuf_make_key -- see record.h. */
JET_ERR oe_recbuf_make_key(const struct oe_recbuf *b, const struct oe_tdef *def,
                           const struct oe_idxdef *idx, struct oe_key *key, int *pindexed)
{
    const struct rec_view w = {.b = b};
    return view_make_key(&w, def, idx, key, pindexed);
}
