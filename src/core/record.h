/*
 * record.h -- record images and the copy buffer of a prepared update.
 *
 * CONTRACT (other modules code against these declarations; the record
 * module's owner may add functions but must keep these). The implementation
 * is record.c; its header essay describes the byte layout.
 *
 * struct oe_rec is an immutable record image: one allocation holding every
 * column value present (fixed, variable, tagged; multi-valued tagged
 * columns as itag 1..n). Absent columns read as their default value (if the
 * column has one) or as NULL; an explicitly NULLed column that has a
 * default reads as NULL. Images are shared by readers of a version chain
 * and freed through the version's retirement (oe_rec_free inside an RCU
 * callback).
 *
 * struct oe_recbuf is the mutable copy a cursor edits between
 * JetPrepareUpdate and JetUpdate ([owner]: one session). It is created from
 * the current image (Replace, InsertCopy) or from nothing (Insert), edited
 * with JetSetColumn semantics, read with JetRetrieveColumn semantics
 * (JET_bitRetrieveCopy), and frozen into a new image by oe_recbuf_finish.
 */
#ifndef OE_CORE_RECORD_H
#define OE_CORE_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "esent.h"
#include "key.h"

struct oe_rec;
struct oe_recbuf;

/* oe_rec_check_value -- whether (pv, cb) is a legal value for the column
 * (fixed sizes → JET_errInvalidBufferSize, cbMax → JET_errColumnTooBig or
 * the documented code); used for default values and by oe_recbuf_set. */
JET_ERR oe_rec_check_value(const struct oe_coldef *col, const void *pv, uint32_t cb);

/* oe_recbuf_create -- a copy buffer from `from` (NULL: an empty new record).
 * Same as oe_recbuf_create_mode with OE_RECBUF_INSERT when from is NULL and
 * OE_RECBUF_REPLACE otherwise. */
JET_ERR oe_recbuf_create(const struct oe_tdef *def, const struct oe_rec *from, struct oe_recbuf **pbuf);
void oe_recbuf_free(struct oe_recbuf *b);

/* What the copy buffer is prepared for (JetPrepareUpdate's option). It
 * decides the JET_bitColumnVersion column: INSERT and INSERT_COPY start it
 * at 0 and let the caller set it; REPLACE stores the old value + 1 (NULL
 * counts as 0, wraps at 2^32) and refuses to set it (JET_errInvalidColumnType,
 * ESE's code). INSERT_COPY copies `from` like REPLACE does; the caller then
 * stores a fresh autoincrement value with oe_recbuf_set_autoinc. */
enum oe_recbuf_mode {
    OE_RECBUF_INSERT,
    OE_RECBUF_INSERT_COPY,
    OE_RECBUF_REPLACE,
};
JET_ERR oe_recbuf_create_mode(const struct oe_tdef *def, const struct oe_rec *from,
                              enum oe_recbuf_mode mode, struct oe_recbuf **pbuf);

/* oe_recbuf_reset -- make b as oe_recbuf_create_mode(def, from, mode) would,
 * keeping its directory when starting empty (a loop of inserts then
 * allocates only what its values need). On failure b is empty and valid. */
JET_ERR oe_recbuf_reset(struct oe_recbuf *b, const struct oe_tdef *def, const struct oe_rec *from,
                        enum oe_recbuf_mode mode);

/* oe_recbuf_set -- JetSetColumn on the copy buffer: grbit JET_bitSet*,
 * psetinfo may be NULL (itagSequence, ibLongValue). Refuses autoincrement
 * columns (ESE's code); see oe_recbuf_set_autoinc. */
JET_ERR oe_recbuf_set(struct oe_recbuf *b, const struct oe_coldef *col, const void *pvData,
                      uint32_t cbData, JET_GRBIT grbit, const JET_SETINFO *psetinfo);

/* oe_recbuf_set_autoinc -- store the value JetPrepareUpdate(Insert) drew
 * for an autoincrement column (Long or Currency). */
JET_ERR oe_recbuf_set_autoinc(struct oe_recbuf *b, const struct oe_coldef *col, int64_t value);

/* oe_recbuf_retrieve / oe_rec_retrieve -- JetRetrieveColumn semantics:
 * JET_wrnColumnNull (with *pcbActual 0), JET_wrnBufferTruncated,
 * itagSequence and ibLongValue from pretinfo (may be NULL), grbit
 * JET_bitRetrieve* (IgnoreDefault, Tag, ...). pcbActual may be NULL. */
JET_ERR oe_recbuf_retrieve(const struct oe_recbuf *b, const struct oe_coldef *col, void *pv,
                           uint32_t cbMax, uint32_t *pcbActual, JET_GRBIT grbit,
                           JET_RETINFO *pretinfo);
JET_ERR oe_rec_retrieve(const struct oe_rec *r, const struct oe_tdef *def,
                        const struct oe_coldef *col, void *pv, uint32_t cbMax,
                        uint32_t *pcbActual, JET_GRBIT grbit, JET_RETINFO *pretinfo);

/* oe_recbuf_finish -- freeze the buffer into a new image after checking
 * NotNULL columns (JET_errNullInvalid). The buffer stays valid. */
JET_ERR oe_recbuf_finish(struct oe_recbuf *b, const struct oe_tdef *def, struct oe_rec **prec);

/* oe_recbuf_finish_pre -- the same, with `pre` bytes (rounded up to 16)
 * of the image's own allocation reserved before it for the caller
 * (oe_rec_prefix): the version store places a write's version and undo
 * entry there. oe_rec_free frees the whole block; oe_rec_size counts the
 * image only. */
JET_ERR oe_recbuf_finish_pre(struct oe_recbuf *b, const struct oe_tdef *def, uint32_t pre,
                             struct oe_rec **prec);
/* oe_rec_prefix -- the reserved bytes before image r and (*pcb) their
 * number (0 for an image made by oe_recbuf_finish). */
void *oe_rec_prefix(struct oe_rec *r, uint32_t *pcb);

/* oe_rec_long -- the 4-byte value a reader of image r sees in fixed Long
 * column col (its default when absent); 0 when it is NULL. */
int32_t oe_rec_long(const struct oe_rec *r, const struct oe_coldef *col);

/* oe_rec_add_long -- a new image equal to r except that each fixed Long
 * column cols[i] holds oe_rec_long + adds[i] (two's complement wrap): the
 * folding of escrow deltas (verstore.c). No other column changes (the
 * version column is not bumped); a column no longer in def is skipped.
 * JET_errOutOfMemory. */
JET_ERR oe_rec_add_long(const struct oe_rec *r, const struct oe_tdef *def,
                        const JET_COLUMNID *cols, const int32_t *adds, uint32_t n,
                        struct oe_rec **pout);

void oe_rec_free(struct oe_rec *r);
size_t oe_rec_size(const struct oe_rec *r);

/* oe_rec_make_key / oe_recbuf_make_key -- the index key of a record for
 * index idx (key.h's builder, segments in index order, ascending/descending,
 * multi-valued columns: the first value). *pindexed = 0 when the index's
 * ignore-null flags say the record has no entry in it. */
JET_ERR oe_rec_make_key(const struct oe_rec *r, const struct oe_tdef *def,
                        const struct oe_idxdef *idx, struct oe_key *key, int *pindexed);
JET_ERR oe_recbuf_make_key(const struct oe_recbuf *b, const struct oe_tdef *def,
                           const struct oe_idxdef *idx, struct oe_key *key, int *pindexed);

#endif
