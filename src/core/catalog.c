/*
 * catalog.c -- tables, columns and indexes: schema descriptors and DDL.
 *
 * DESCRIPTORS. A table's schema is a struct oe_tdef that never changes once
 * published. Every DDL statement on a table (JetAddColumn, JetDeleteColumn,
 * JetCreateIndex, JetDeleteIndex) builds a complete new descriptor from the
 * current one (tdef_clone), edits the copy, publishes it with
 * rcu_assign_pointer and retires the old one with oe_call_rcu. A reader
 * loads t->def once inside oe_rcu_read_lock() and keeps that snapshot for
 * the whole operation; it never sees a half-made schema and never waits.
 * Writers (DDL) are serialized per database by db->ddl, so "the current
 * descriptor" read under that mutex cannot change underneath the copy.
 *
 * INDEX STORAGE REFERENCES. Each descriptor holds one reference
 * (oe_index->refs) on the storage of every SECONDARY index it names; the
 * primary index's storage is the table's own t->primary (created by
 * oe_tab_create_storage, freed by oe_tab_free_storage) and is not counted.
 * Cloning a descriptor takes a reference per secondary index; freeing one
 * (immediately if it was never published, else in its RCU callback)
 * releases them. Hence JetDeleteIndex needs no special step: the new
 * descriptor does not name the index, and the storage goes when the last
 * descriptor that named it is retired -- after every reader that could
 * still use it has left its read-side section.
 *
 * CREATE INDEX ON A POPULATED TABLE. (1) publish a descriptor that names
 * the new index with fresh, empty storage; (2) oe_synchronize_rcu(): every
 * writer that loaded the previous descriptor (and so does not maintain the
 * new index) has finished, and every later writer maintains it;
 * (3) oe_tab_build_index fills it from the existing rows. On failure
 * (JET_errKeyDuplicate for a unique index, out of memory) a descriptor
 * equal to the original -- allocated before step (1), so the undo cannot
 * fail -- is published and the failed one retired, which drops the new
 * storage. JetCreateIndex2 with several indexes is all or none.
 *
 * A primary index can be created later only on an empty table (ESE:
 * JET_errTableNotEmpty), because rows are keyed by the primary key. The
 * emptiness check is repeated after the grace period that follows the
 * publication, so an insert that raced with the DDL (keyed by the implicit
 * counter under the old descriptor) is detected and the DDL undone.
 *
 * TABLE CREATION. The table is built privately (descriptor, storage,
 * indexes); then, holding db->ddl, the refusals (detached database,
 * duplicate name), the new by-name snapshot (the last allocation), the
 * caller's reserve hook -- JetCreateTable reserves its cursor there,
 * counting the still private table for JET_paramMaxOpenTables, which races
 * with nothing since no one else can reach it -- and the publication, which
 * cannot fail. So a create that fails was never visible, and the creator's
 * cursor is counted before any JetDeleteTable could see the table. A table
 * the hook counted before it failed is uncounted before it is freed.
 *
 * TABLE DELETION. JetDeleteTable, holding the database's DDL mutex and the
 * instance's tables_lock, marks the table DELETED and sums its sharded
 * open-cursor counts (catalog.h, TABLE COUNTS: the Dekker pair with cursor
 * opens and its linearization points); cursors or uncommitted writes undo
 * the mark (JET_errTableInUse). Otherwise the table leaves the instance's
 * counted list, the database's list and a new by-name snapshot (still under
 * tables_lock, so an opener waiting on it learns the final answer), and is
 * freed after a grace period (oe_synchronize_rcu in the deleting thread,
 * then oe_tab_free_storage, its last descriptor, the object).
 *
 * OPEN TABLES (JET_paramMaxOpenTables). A table is counted on its first
 * open (oe_cat_table_open_slow) and stays counted, like ESE's cached FCBs;
 * when the quota is reached, the opener purges counted tables whose sum is
 * 0 (same Dekker as deletion) before it answers JET_errTooManyOpenTables,
 * so the limit binds tables that have cursors open, exactly.
 *
 * LOOKUP BY NAME is lock-free: db->by_name is an immutable sorted array
 * snapshot (struct oe_tabset) replaced as a whole by create/delete table;
 * readers binary-search it inside a read-side section. Chosen over a
 * cds_lfht because tables are few and created rarely: one acquire load and
 * a binary search over a contiguous array, no resize machinery, no
 * per-entry node, and the whole snapshot is retired by one oe_call_rcu.
 *
 * COLUMN IDS follow ESE's ranges (catalog.h): each kind has its own counter
 * in the descriptor; ids are never reused after JetDeleteColumn, so a
 * stale value left in an old record image can never be read as a new
 * column. Columns are kept sorted by id.
 *
 * Protection: [mutex:ddl] everything that builds or publishes; [rcu] the
 * published pointers; [imm] the descriptors themselves.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "err.h"
#include "instance.h"
#include "record.h"
#include "sync/alloc.h"
#include "table.h"

/* ---------------------------------------------------------------- names */

/* name_fold -- ASCII case folding: ESE compares object names without case. */
static inline unsigned char name_fold(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

int oe_cat_name_cmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    for (;; p++, q++) {
        unsigned char x = name_fold(*p), y = name_fold(*q);
        if (x != y || !x)
            return (int)x - (int)y;
    }
}

JET_ERR oe_cat_check_name(const char *name, char out[OE_NAME_MAX + 1])
{
    size_t n = 0, last = 0;
    if (!name || name[0] == ' ')
        return OE_ERR(JET_errInvalidName);
    for (; name[n]; n++) {
        unsigned char c = (unsigned char)name[n];
        if (n >= OE_NAME_MAX)
            return OE_ERR(JET_errInvalidName);
        if (c < 0x80 && (c < 0x20 || c == '!' || c == '.' || c == '[' || c == ']'))
            return OE_ERR(JET_errInvalidName);
        out[n] = (char)c;
        if (c != ' ')
            last = n + 1;
    }
    if (last == 0)
        return OE_ERR(JET_errInvalidName);
    out[last] = '\0'; /* trailing spaces are insignificant (ESE) */
    return JET_errSuccess;
}

/* --------------------------------------------------------- schema lookups */

const struct oe_coldef *oe_tdef_column(const struct oe_tdef *d, JET_COLUMNID id)
{
    uint32_t lo = 0, hi = d->ncol;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (d->col[mid].id == id)
            return &d->col[mid];
        if (d->col[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const struct oe_coldef *oe_tdef_column_by_name(const struct oe_tdef *d, const char *name)
{
    for (uint32_t i = 0; i < d->ncol; i++)
        if (oe_cat_name_cmp(d->col[i].name, name) == 0)
            return &d->col[i];
    return NULL;
}

const struct oe_idxdef *oe_tdef_index(const struct oe_tdef *d, const char *name)
{
    for (uint32_t i = 0; i < d->nidx; i++)
        if (oe_cat_name_cmp(d->idx[i].name, name) == 0)
            return &d->idx[i];
    return NULL;
}

/* ------------------------------------------------------------ descriptors */

/* tdef_free -- free a descriptor and drop its secondary-index references. */
static void tdef_free(struct oe_tdef *d)
{
    if (!d)
        return;
    for (uint32_t i = 0; i < d->nidx; i++)
        if ((int32_t)i != d->primary && d->idx[i].store)
            oe_index_release(d->idx[i].store);
    for (uint32_t i = 0; i < d->ncol; i++)
        oe_free((void *)d->col[i].pvDefault, d->col[i].cbDefault);
    oe_free(d->col, d->ncol * sizeof *d->col);
    oe_free(d->idx, d->nidx * sizeof *d->idx);
    oe_free(d, sizeof *d);
}

/* tdef_retire_cb -- RCU callback: the descriptor is unreachable now. */
static void tdef_retire_cb(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    tdef_free(caa_container_of(h, struct oe_tdef, rcu));
}

/*
 * tdef_clone -- a private copy of d (NULL: an empty schema) without column
 * d->col[skip_col] and index d->idx[skip_idx] (pass UINT32_MAX to keep
 * all), with extra_col / extra_idx zeroed slots at the end for the caller
 * to fill. ncol/nidx always equal the allocated capacity, so tdef_free is
 * exact at any point; a zeroed slot has an empty name (matching no valid
 * name), no default and no storage. Takes a reference on every secondary
 * index storage it copies. Never copies the "deleted" slots' references.
 */
static JET_ERR tdef_clone(const struct oe_tdef *d, uint32_t skip_col, uint32_t skip_idx,
                          uint32_t extra_col, uint32_t extra_idx, struct oe_tdef **pout)
{
    struct oe_tdef *n;
    uint32_t dc = d ? d->ncol : 0, di = d ? d->nidx : 0;
    uint32_t ccap = dc - (skip_col < dc) + extra_col, icap = di - (skip_idx < di) + extra_idx;
    *pout = NULL;
    if (!(n = oe_calloc(sizeof *n)))
        return OE_ERR(JET_errOutOfMemory);
    n->primary = -1;
    n->next_fixed = OE_COLID_FIXED_FIRST;
    n->next_var = OE_COLID_VAR_FIRST;
    n->next_tagged = OE_COLID_TAGGED_FIRST;
    if (ccap && !(n->col = oe_calloc(ccap * sizeof *n->col)))
        goto oom;
    n->ncol = ccap;
    if (icap && !(n->idx = oe_calloc(icap * sizeof *n->idx)))
        goto oom;
    n->nidx = icap;
    if (!d)
        return *pout = n, JET_errSuccess;
    n->next_fixed = d->next_fixed;
    n->next_var = d->next_var;
    n->next_tagged = d->next_tagged;
    n->schema_version = d->schema_version + 1;
    n->tgrbit = d->tgrbit;
    for (uint32_t i = 0, j = 0; i < dc; i++) {
        if (i == skip_col)
            continue;
        n->col[j] = d->col[i];
        n->col[j].pvDefault = NULL;
        n->col[j].cbDefault = 0;
        if (d->col[i].cbDefault) {
            void *p = oe_malloc(d->col[i].cbDefault);
            if (!p)
                goto oom;
            memcpy(p, d->col[i].pvDefault, d->col[i].cbDefault);
            n->col[j].pvDefault = p;
            n->col[j].cbDefault = d->col[i].cbDefault;
        }
        j++;
    }
    for (uint32_t i = 0, j = 0; i < di; i++) {
        if (i == skip_idx)
            continue;
        n->idx[j] = d->idx[i];
        if ((int32_t)i == d->primary)
            n->primary = (int32_t)j;
        else if (n->idx[j].store)
            atomic_fetch_add_explicit(&n->idx[j].store->refs, 1, memory_order_relaxed);
        j++;
    }
    *pout = n;
    return JET_errSuccess;
oom:
    tdef_free(n);
    return OE_ERR(JET_errOutOfMemory);
}

/* tdef_summarize -- fill n's col_absent, last before publication. */
static void tdef_summarize(struct oe_tdef *n)
{
    JET_GRBIT any = 0;
    for (uint32_t i = 0; i < n->ncol; i++)
        any |= n->col[i].grbit;
    n->col_absent = ~any;
}

/* tdef_publish -- make n the table's schema and retire the old one.
 * LP(DDL): the release store of t->def. */
static void tdef_publish(struct oe_table *t, struct oe_tdef *n)
{
    tdef_summarize(n);
    struct oe_tdef *old = atomic_load_explicit(&t->def, memory_order_relaxed); /* [mutex:ddl] */
    /* LP(DDL): the release publishes the finished descriptor (pairs with
     * oe_tab_def's acquire). */
    atomic_store_explicit(&t->def, n, memory_order_release);
    if (old)
        oe_call_rcu(&old->rcu, tdef_retire_cb);
}

/* --------------------------------------------------------------- columns */

enum col_kind { KIND_FIXED, KIND_VAR, KIND_TAGGED };

/* coltyp_fixed_size -- bytes of a fixed-size type, 0 for Text/Binary/long
 * types, -1 for a type that does not exist. */
static int coltyp_fixed_size(JET_COLTYP t)
{
    switch (t) {
    case JET_coltypBit:
    case JET_coltypUnsignedByte: return 1;
    case JET_coltypShort:
    case JET_coltypUnsignedShort: return 2;
    case JET_coltypLong:
    case JET_coltypUnsignedLong:
    case JET_coltypIEEESingle: return 4;
    case JET_coltypCurrency:
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime:
    case JET_coltypLongLong:
    case JET_coltypUnsignedLongLong: return 8;
    case JET_coltypGUID: return 16;
    case JET_coltypBinary:
    case JET_coltypText:
    case JET_coltypLongBinary:
    case JET_coltypLongText: return 0;
    default: return -1; /* Nil, SLV (obsolete), unknown */
    }
}

static int coltyp_is_long(JET_COLTYP t)
{
    return t == JET_coltypLongBinary || t == JET_coltypLongText;
}

static int coltyp_is_text(JET_COLTYP t)
{
    return t == JET_coltypText || t == JET_coltypLongText;
}

#define COL_GRBIT_KNOWN                                                                      \
    (JET_bitColumnFixed | JET_bitColumnTagged | JET_bitColumnNotNULL | JET_bitColumnVersion | \
     JET_bitColumnAutoincrement | JET_bitColumnUpdatable | JET_bitColumnTTKey |               \
     JET_bitColumnTTDescending | JET_bitColumnMultiValued | JET_bitColumnEscrowUpdate |       \
     JET_bitColumnUnversioned | JET_bitColumnMaybeNull | JET_bitColumnFinalize |              \
     JET_bitColumnUserDefinedDefault | JET_bitColumnDeleteOnZero | JET_bitColumnCompressed)

/* Column grbits the descriptor keeps (the kind is in the id). */
#define COL_GRBIT_KEPT                                                                   \
    (JET_bitColumnNotNULL | JET_bitColumnVersion | JET_bitColumnAutoincrement |           \
     JET_bitColumnMultiValued | JET_bitColumnEscrowUpdate | JET_bitColumnFinalize |       \
     JET_bitColumnDeleteOnZero | JET_bitColumnCompressed)

/*
 * col_define -- validate spec against schema d and fill *c (id assigned
 * from d's counters, which are advanced). Codes from MSDN's JetAddColumn /
 * JET_COLUMNCREATE pages. Returns JET_wrnColumnMaxTruncated when cbMax of a
 * Text/Binary column was cut to JET_cbColumnMost.
 */
static JET_ERR col_define(struct oe_tdef *d, const struct oe_colspec *spec, struct oe_coldef *c)
{
    JET_ERR wrn = JET_errSuccess;
    JET_GRBIT g = spec->grbit;
    JET_COLTYP t = spec->coltyp;
    int fsize;
    enum col_kind kind;

    memset(c, 0, sizeof *c);
    OE_CALL_R(oe_cat_check_name(spec->name, c->name));
    if (oe_tdef_column_by_name(d, c->name))
        return OE_ERR(JET_errColumnDuplicate);
    if ((fsize = coltyp_fixed_size(t)) < 0)
        return OE_ERR(JET_errInvalidColumnType);
    if (g & ~(JET_GRBIT)COL_GRBIT_KNOWN)
        return OE_ERR(JET_errInvalidGrbit);
    if (g & JET_bitColumnUserDefinedDefault)
        return OE_ERR(JET_errFeatureNotAvailable); /* needs callbacks */
    if ((g & JET_bitColumnFixed) && ((g & JET_bitColumnTagged) || coltyp_is_long(t)))
        return OE_ERR(JET_errInvalidGrbit);
    kind = (g & JET_bitColumnTagged) || coltyp_is_long(t) ? KIND_TAGGED
           : (fsize > 0 || (g & JET_bitColumnFixed))     ? KIND_FIXED
                                                         : KIND_VAR;
    if ((g & JET_bitColumnMultiValued) && kind != KIND_TAGGED)
        return OE_ERR(JET_errMultiValuedColumnMustBeTagged);
    if ((g & JET_bitColumnNotNULL) && kind == KIND_TAGGED)
        return OE_ERR(JET_errTaggedNotNULL);
    if (g & (JET_bitColumnAutoincrement | JET_bitColumnVersion)) {
        if ((g & JET_bitColumnAutoincrement) && t != JET_coltypLong && t != JET_coltypCurrency)
            return OE_ERR(JET_errInvalidGrbit);
        if ((g & JET_bitColumnVersion) && (t != JET_coltypLong || (g & JET_bitColumnAutoincrement)))
            return OE_ERR(JET_errInvalidGrbit);
        if (kind == KIND_TAGGED)
            return OE_ERR(JET_errCannotBeTagged);
        for (uint32_t i = 0; i < d->ncol; i++)
            if (d->col[i].grbit & g & (JET_bitColumnAutoincrement | JET_bitColumnVersion))
                return OE_ERR(JET_errColumnRedundant);
    }
    if (g & JET_bitColumnEscrowUpdate) {
        if (t != JET_coltypLong || (g & (JET_bitColumnVersion | JET_bitColumnAutoincrement)) ||
            spec->cbDefault == 0)
            return OE_ERR(JET_errInvalidGrbit);
        if (kind == KIND_TAGGED)
            return OE_ERR(JET_errCannotBeTagged);
    } else if (g & (JET_bitColumnFinalize | JET_bitColumnDeleteOnZero)) {
        return OE_ERR(JET_errInvalidGrbit);
    }
    if (coltyp_is_text(t)) {
        if (spec->cp != 0 && spec->cp != 1252 && spec->cp != 1200)
            return OE_ERR(JET_errInvalidCodePage);
        c->cp = spec->cp ? (uint16_t)spec->cp : 1252;
    }
    if (spec->cbDefault && !spec->pvDefault)
        return OE_ERR(JET_errInvalidParameter);

    c->coltyp = t;
    c->grbit = g & COL_GRBIT_KEPT;
    if (fsize > 0) {
        c->cbMax = (uint32_t)fsize;
    } else if (coltyp_is_long(t)) {
        c->cbMax = spec->cbMax; /* 0 = no limit */
    } else {
        c->cbMax = spec->cbMax ? spec->cbMax : JET_cbColumnMost;
        if (c->cbMax > JET_cbColumnMost) {
            c->cbMax = JET_cbColumnMost;
            wrn = JET_wrnColumnMaxTruncated;
        }
    }
    switch (kind) {
    case KIND_FIXED:
        if (d->next_fixed > OE_COLID_FIXED_LAST)
            return OE_ERR(JET_errTooManyColumns);
        c->id = d->next_fixed;
        break;
    case KIND_VAR:
        if (d->next_var > OE_COLID_VAR_LAST)
            return OE_ERR(JET_errTooManyColumns);
        c->id = d->next_var;
        break;
    case KIND_TAGGED:
        if (d->next_tagged > OE_COLID_TAGGED_LAST)
            return OE_ERR(JET_errTooManyColumns);
        c->id = d->next_tagged;
        break;
    }
    if (spec->cbDefault) {
        OE_CALL_R(oe_rec_check_value(c, spec->pvDefault, spec->cbDefault));
        void *p = oe_malloc(spec->cbDefault);
        if (!p)
            return OE_ERR(JET_errOutOfMemory);
        memcpy(p, spec->pvDefault, spec->cbDefault);
        c->pvDefault = p;
        c->cbDefault = spec->cbDefault;
    }
    switch (kind) { /* only now: a failure above leaves d unchanged */
    case KIND_FIXED: d->next_fixed++; break;
    case KIND_VAR: d->next_var++; break;
    case KIND_TAGGED: d->next_tagged++; break;
    }
    return wrn;
}

/* col_insert -- put c into d->col (capacity ncol+1 reserved by the caller)
 * keeping the array sorted by id. */
static void col_insert(struct oe_tdef *d, uint32_t nused, const struct oe_coldef *c)
{
    uint32_t pos = nused;
    while (pos > 0 && d->col[pos - 1].id > c->id) {
        d->col[pos] = d->col[pos - 1];
        pos--;
    }
    d->col[pos] = *c;
}

/* --------------------------------------------------------------- indexes */

#define IDX_GRBIT_KNOWN                                                                       \
    (JET_bitIndexUnique | JET_bitIndexPrimary | JET_bitIndexDisallowNull |                     \
     JET_bitIndexIgnoreNull | JET_bitIndexIgnoreAnyNull | JET_bitIndexIgnoreFirstNull |        \
     JET_bitIndexLazyFlush | JET_bitIndexEmpty | JET_bitIndexUnversioned |                     \
     JET_bitIndexSortNullsHigh | JET_bitIndexUnicode | JET_bitIndexTuples |                    \
     JET_bitIndexTupleLimits | JET_bitIndexCrossProduct | JET_bitIndexKeyMost |                \
     JET_bitIndexDisallowTruncation | JET_bitIndexNestedTable | JET_bitIndexDotNetGuid |       \
     JET_bitIndexImmutableStructure)

/*
 * idx_define -- validate spec against schema d and fill *x (without
 * storage). Key string: "+col\0-col\0\0", '+' when no sign is given, cbKey
 * counting both terminators.
 */
static JET_ERR idx_define(const struct oe_tdef *d, const struct oe_idxspec *spec,
                          struct oe_idxdef *x)
{
    JET_GRBIT g = spec->grbit;
    char name[OE_NAME_MAX + 1];
    /* x may be a zeroed slot of d itself: check before writing into it. */
    OE_CALL_R(oe_cat_check_name(spec->name, name));
    if (oe_tdef_index(d, name))
        return OE_ERR(JET_errIndexDuplicate);
    memset(x, 0, sizeof *x);
    memcpy(x->name, name, sizeof name);
    if (g & ~(JET_GRBIT)IDX_GRBIT_KNOWN)
        return OE_ERR(JET_errInvalidGrbit);
    if (g & (JET_bitIndexTuples | JET_bitIndexTupleLimits | JET_bitIndexCrossProduct |
             JET_bitIndexNestedTable) || spec->nconditional)
        return OE_ERR(JET_errFeatureNotAvailable);
    if ((g & JET_bitIndexPrimary) &&
        (g & (JET_bitIndexIgnoreNull | JET_bitIndexIgnoreAnyNull | JET_bitIndexIgnoreFirstNull)))
        return OE_ERR(JET_errInvalidGrbit); /* every row is in the primary index */
    if ((g & JET_bitIndexPrimary) && d->primary >= 0)
        return OE_ERR(JET_errIndexHasPrimary);
    if (spec->density && (spec->density < 20 || spec->density > 100))
        return OE_ERR(JET_errDensityInvalid);
    if (!spec->key || spec->cbKey < 2 || spec->key[spec->cbKey - 1] != '\0' ||
        spec->key[spec->cbKey - 2] != '\0')
        return OE_ERR(JET_errIndexInvalidDef);

    /* Segments. */
    uint32_t off = 0;
    while (off < spec->cbKey && spec->key[off] != '\0') {
        const char *tok = spec->key + off;
        size_t len = strnlen(tok, spec->cbKey - off);
        off += (uint32_t)len + 1;
        uint8_t desc = 0;
        if (*tok == '+' || *tok == '-') {
            desc = *tok == '-';
            tok++;
        }
        if (x->nseg == JET_ccolKeyMost)
            return OE_ERR(JET_errIndexInvalidDef);
        const struct oe_coldef *c = oe_tdef_column_by_name(d, tok);
        if (!c)
            return OE_ERR(JET_errColumnNotFound);
        for (uint32_t i = 0; i < x->nseg; i++)
            if (x->seg[i].col == c->id)
                return OE_ERR(JET_errIndexInvalidDef);
        x->seg[x->nseg].col = c->id;
        x->seg[x->nseg].descending = desc;
        x->kdef.rgseg[x->nseg].coltyp = c->coltyp;
        x->kdef.rgseg[x->nseg].flags = (desc ? OE_KEY_SEG_DESCENDING : 0) |
                                       (coltyp_is_text(c->coltyp) && c->cp == 1200 ? OE_KEY_SEG_UTF16 : 0);
        x->nseg++;
    }
    if (x->nseg == 0)
        return OE_ERR(JET_errIndexInvalidDef);

    x->grbit = g & ~(JET_GRBIT)(JET_bitIndexKeyMost | JET_bitIndexUnicode);
    if (g & JET_bitIndexPrimary)
        x->grbit |= JET_bitIndexUnique; /* a primary index is unique */
    x->density = spec->density ? spec->density : 80;
    x->lcid = spec->lcid ? spec->lcid : 1033;
    x->kdef.cseg = x->nseg;
    x->kdef.cbKeyMost = (g & JET_bitIndexKeyMost) ? spec->cbKeyMost : JET_cbKeyMostMin;
    if (x->kdef.cbKeyMost < JET_cbKeyMostMin || x->kdef.cbKeyMost > JET_cbKeyMostMost)
        return OE_ERR(JET_errInvalidParameter);
    x->kdef.cbVarSegMac = spec->cbVarSegMac && spec->cbVarSegMac < x->kdef.cbKeyMost
                              ? spec->cbVarSegMac : x->kdef.cbKeyMost;
    x->kdef.flags = ((g & JET_bitIndexDisallowTruncation) ? OE_KEY_DEF_DISALLOW_TRUNCATION : 0) |
                    ((g & JET_bitIndexDotNetGuid) ? OE_KEY_DEF_DOTNET_GUID : 0) |
                    ((g & JET_bitIndexSortNullsHigh) ? OE_KEY_DEF_NULLS_HIGH : 0);
    return oe_key_def_prepare(&x->kdef);
}

/* --------------------------------------------------------------- tables */

/* tabset_retire_cb -- RCU callback freeing an old by-name snapshot. */
static void tabset_retire_cb(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    struct oe_tabset *ts = caa_container_of(h, struct oe_tabset, rcu);
    oe_free(ts, sizeof *ts + ts->n * sizeof ts->t[0]);
}

/* tabset_build -- a new, unpublished snapshot: the current one with `add`
 * inserted or `del` removed ([mutex:ddl], which keeps the current one
 * current until tabset_install). *pts = NULL when no table remains. The
 * only failure is OutOfMemory. */
static JET_ERR tabset_build(struct oe_db *db, struct oe_table *add, struct oe_table *del,
                            struct oe_tabset **pts)
{
    struct oe_tabset *old = atomic_load_explicit(&db->by_name, memory_order_relaxed);
    uint32_t n0 = old ? old->n : 0, n = add ? n0 + 1 : n0 - 1, j = 0;
    struct oe_tabset *ts = NULL;
    *pts = NULL;
    if (!n)
        return JET_errSuccess;
    if (!(ts = oe_malloc(sizeof *ts + n * sizeof ts->t[0])))
        return OE_ERR(JET_errOutOfMemory);
    ts->n = n;
    for (uint32_t i = 0; i < n0; i++) {
        struct oe_table *x = old->t[i];
        if (x == del)
            continue;
        if (add && oe_cat_name_cmp(add->name, x->name) < 0) {
            ts->t[j++] = add;
            add = NULL; /* placed */
        }
        ts->t[j++] = x;
    }
    if (add)
        ts->t[j++] = add;
    *pts = ts;
    return JET_errSuccess;
}

/* tabset_discard -- free a snapshot tabset_build made that was never
 * published. */
static void tabset_discard(struct oe_tabset *ts)
{
    if (ts)
        oe_free(ts, sizeof *ts + ts->n * sizeof ts->t[0]);
}

/* tabset_install -- publish ts (from tabset_build under the same hold of
 * [mutex:ddl]) and retire the snapshot it replaces. Cannot fail.
 * LP(create/delete table, as seen by lookups): the release store. */
static void tabset_install(struct oe_db *db, struct oe_tabset *ts)
{
    struct oe_tabset *old = atomic_load_explicit(&db->by_name, memory_order_relaxed);
    atomic_store_explicit(&db->by_name, ts, memory_order_release);
    if (old)
        oe_call_rcu(&old->rcu, tabset_retire_cb);
}

/* tabset_replace -- tabset_build then tabset_install ([mutex:ddl]). The
 * only failure is OutOfMemory, before any change. */
static JET_ERR tabset_replace(struct oe_db *db, struct oe_table *add, struct oe_table *del)
{
    struct oe_tabset *ts;
    JET_ERR err = tabset_build(db, add, del, &ts);
    if (err >= 0)
        tabset_install(db, ts);
    return err;
}

struct oe_table *oe_db_find_table(struct oe_db *db, const char *name)
{
    /* Acquire pairs with the release store of tabset_install. */
    struct oe_tabset *ts = atomic_load_explicit(&db->by_name, memory_order_acquire);
    if (!ts)
        return NULL;
    uint32_t lo = 0, hi = ts->n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        int c = oe_cat_name_cmp(ts->t[mid]->name, name);
        if (c == 0)
            return ts->t[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* table_destroy -- free a table nobody can reach (after its grace period,
 * or a table that was never published). */
static void table_destroy(struct oe_table *t)
{
    if (t->primary)
        oe_tab_free_storage(t);
    tdef_free(atomic_load_explicit(&t->def, memory_order_relaxed));
    oe_free(t, sizeof *t);
}

/* oe_cat_free_tables -- JetTerm: free every table of db (nothing else runs). */
void oe_cat_free_tables(struct oe_db *db)
{
    struct oe_table *t = db->tables;
    while (t) {
        struct oe_table *next = t->next;
        table_destroy(t);
        t = next;
    }
    db->tables = NULL;
    struct oe_tabset *ts = atomic_load_explicit(&db->by_name, memory_order_relaxed);
    if (ts)
        oe_free(ts, sizeof *ts + ts->n * sizeof ts->t[0]);
    atomic_store_explicit(&db->by_name, NULL, memory_order_relaxed);
}

/* ddl_check -- common refusals of DDL on an existing table. */
static JET_ERR ddl_check(struct oe_table *t, const struct oe_tdef *d)
{
    if (oe_db_read_only(t->db))
        return OE_ERR(JET_errPermissionDenied);
    if (atomic_load_explicit(&t->state, memory_order_acquire) == OE_TAB_DELETED)
        return OE_ERR(JET_errObjectNotFound);
    if (d->tgrbit & (JET_bitTableCreateFixedDDL | JET_bitTableCreateTemplateTable))
        return OE_ERR(JET_errFixedDDL);
    return JET_errSuccess;
}

static void uncount_locked(struct oe_instance *ins, struct oe_table *t);

/* uncount_unpublished -- take a table that was never published out of the
 * counted list, if it is there, before it is destroyed: no cursor can be
 * open on it (only its creator could reach it, and its reservation
 * failed), so nothing is decided here; a purger that found it first
 * already took it out. */
static void uncount_unpublished(struct oe_instance *ins, struct oe_table *t)
{
    pthread_mutex_lock(&ins->tables_lock);
    uncount_locked(ins, t); /* a no-op when t is not in the list */
    atomic_store_explicit(&t->state, OE_TAB_UNCOUNTED, memory_order_seq_cst);
    pthread_mutex_unlock(&ins->tables_lock);
}

JET_ERR oe_cat_create_table(struct oe_db *db, const char *name, JET_GRBIT grbit,
                            const struct oe_colspec *cols, uint32_t ncol,
                            JET_COLUMNID *colids, JET_ERR *colerrs,
                            const struct oe_idxspec *idx, uint32_t nidx, JET_ERR *idxerrs,
                            uint32_t *pcreated, struct oe_table **pt)
{
    return oe_cat_create_table_reserve(db, name, grbit, cols, ncol, colids, colerrs, idx, nidx,
                                       idxerrs, pcreated, NULL, NULL, pt);
}

/* oe_cat_create_table_reserve -- build the table privately, then under
 * db->ddl: refusals (detached, duplicate name), the new by-name snapshot
 * (the last allocation), the caller's reserve hook, publication. Nothing
 * after the hook can fail, so a reservation it makes never needs undoing
 * and a table that was visible for even a moment is never taken back.
 * Lock order: db->ddl, then whatever the hook takes (ins->tables_lock,
 * as JetDeleteTable does; the credit and slot locks, which are leaves). */
JET_ERR oe_cat_create_table_reserve(struct oe_db *db, const char *name, JET_GRBIT grbit,
                                    const struct oe_colspec *cols, uint32_t ncol,
                                    JET_COLUMNID *colids, JET_ERR *colerrs,
                                    const struct oe_idxspec *idx, uint32_t nidx,
                                    JET_ERR *idxerrs, uint32_t *pcreated,
                                    oe_cat_reserve_fn reserve, void *arg, struct oe_table **pt)
{
    JET_ERR err = JET_errSuccess, wrn = JET_errSuccess;
    struct oe_table *t = NULL;
    struct oe_tdef *d = NULL;
    struct oe_tabset *ts = NULL;
    uint32_t created = 0;
    int locked = 0;

    *pt = NULL;
    if (pcreated)
        *pcreated = 0;
    if (oe_db_read_only(db))
        return OE_ERR(JET_errPermissionDenied);
    if (!(t = oe_calloc(sizeof *t)))
        return OE_ERR(JET_errOutOfMemory);
    OE_CALL(oe_cat_check_name(name, t->name));
    t->db = db;
    OE_CALL(tdef_clone(NULL, UINT32_MAX, UINT32_MAX, ncol, nidx, &d));
    d->tgrbit = grbit;
    created = 1;
    for (uint32_t i = 0; i < ncol; i++) {
        struct oe_coldef c;
        JET_ERR e = col_define(d, &cols[i], &c);
        if (colerrs)
            colerrs[i] = e;
        if (e < 0) {
            err = e;
            goto handle_error;
        }
        if (e > 0)
            wrn = e;
        col_insert(d, i, &c);
        if (colids)
            colids[i] = c.id;
        created++;
    }
    OE_CALL(oe_tab_create_storage(t));
    for (uint32_t i = 0; i < nidx; i++) {
        struct oe_idxdef *x = &d->idx[i];
        JET_ERR e = idx_define(d, &idx[i], x);
        if (e >= 0 && (x->grbit & JET_bitIndexPrimary)) {
            x->store = t->primary;
            d->primary = (int32_t)i;
        } else if (e >= 0) {
            e = oe_index_create(&x->store);
        }
        if (idxerrs)
            idxerrs[i] = e;
        if (e < 0) {
            memset(x, 0, sizeof *x);
            err = e;
            goto handle_error;
        }
        created++;
    }
    tdef_summarize(d);
    atomic_store_explicit(&t->def, d, memory_order_relaxed); /* published with t below */
    d = NULL;

    pthread_mutex_lock(&db->ddl);
    locked = 1;
    if (!atomic_load_explicit(&db->attached, memory_order_acquire))
        OE_ERROR(JET_errDatabaseNotFound);
    oe_rcu_read_lock();
    struct oe_table *dup = oe_db_find_table(db, t->name);
    oe_rcu_read_unlock();
    if (dup)
        OE_ERROR(JET_errTableDuplicate);
    OE_CALL(tabset_build(db, t, NULL, &ts));
    /* t is complete and still private: the hook may count it (no opener or
     * deleter can reach it) and takes the last fallible step. */
    if (reserve && (err = reserve(arg, t)) < 0) {
        /* The hook gave back what it took, but a table it counted stays
         * in the counted list (a count outlives its cursors). */
        uncount_unpublished(db->ins, t);
        created = 0; /* the table is not there: nothing of it was created */
        goto handle_error;
    }
    tabset_install(db, ts); /* LP(create table) */
    ts = NULL;
    t->next = db->tables;
    db->tables = t;
    pthread_mutex_unlock(&db->ddl);
    if (pcreated)
        *pcreated = created;
    *pt = t;
    return wrn;

handle_error:
    if (locked)
        pthread_mutex_unlock(&db->ddl);
    if (pcreated)
        *pcreated = created;
    tabset_discard(ts);
    tdef_free(d);
    table_destroy(t);
    return err;
}

/* open_sum -- t's open cursors: the sum of its shards (seq_cst loads, the
 * second half of the Dekker pair of TABLE COUNTS). */
static int64_t open_sum(struct oe_table *t)
{
    int64_t sum = 0;
    for (uint32_t i = 0; i < OE_TAB_SHARDS; i++)
        sum += atomic_load_explicit(&t->open[i].n, memory_order_seq_cst);
    return sum;
}

/* pending_sum -- t's uncommitted writes: the sum of its shards' pending
 * counts, meaningful after an open_sum of 0 (TABLE COUNTS). */
static int64_t pending_sum(struct oe_table *t)
{
    int64_t sum = 0;
    for (uint32_t i = 0; i < OE_TAB_SHARDS; i++)
        sum += atomic_load_explicit(&t->open[i].pending, memory_order_seq_cst);
    return sum;
}

/* uncount_locked -- take t out of the instance's counted list (tables_lock). */
static void uncount_locked(struct oe_instance *ins, struct oe_table *t)
{
    for (struct oe_table **pp = &ins->tables_counted; *pp; pp = &(*pp)->counted_next) {
        if (*pp == t) {
            *pp = t->counted_next;
            t->counted_next = NULL;
            ins->tables_open--;
            return;
        }
    }
}

/* purge_locked -- uncount counted tables with no cursor open until the
 * count is below max (holding tables_lock). */
static void purge_locked(struct oe_instance *ins, int64_t max)
{
    struct oe_table **pp = &ins->tables_counted;
    while (*pp && ins->tables_open >= max) {
        struct oe_table *x = *pp;
        atomic_store_explicit(&x->state, OE_TAB_UNCOUNTED, memory_order_seq_cst);
        if (open_sum(x) > 0) { /* in use: keep it counted */
            atomic_store_explicit(&x->state, OE_TAB_COUNTED, memory_order_seq_cst);
            pp = &x->counted_next;
            continue;
        }
        /* LP(purge): the last shard load, with a sum of 0. */
        *pp = x->counted_next;
        x->counted_next = NULL;
        ins->tables_open--;
    }
}

JET_ERR oe_cat_table_open_slow(struct oe_instance *ins, struct oe_table *t)
{
    JET_ERR err = JET_errSuccess;
    /* Blocks while a deleter or purger decides (they hold the lock). */
    pthread_mutex_lock(&ins->tables_lock);
    int st = atomic_load_explicit(&t->state, memory_order_relaxed);
    if (st == OE_TAB_DELETED) {
        err = OE_ERR(JET_errObjectNotFound);
    } else if (st == OE_TAB_UNCOUNTED) {
        int64_t max = (int64_t)ins->params.ival[OE_P_MAX_OPEN_TABLES];
        if (ins->tables_open >= max)
            purge_locked(ins, max);
        if (ins->tables_open >= max) {
            err = OE_ERR(JET_errTooManyOpenTables);
        } else {
            ins->tables_open++;
            t->counted_next = ins->tables_counted;
            ins->tables_counted = t;
            /* LP(open, slow): this store, under the lock. */
            atomic_store_explicit(&t->state, OE_TAB_COUNTED, memory_order_seq_cst);
        }
    }
    pthread_mutex_unlock(&ins->tables_lock);
    return err;
}

JET_ERR oe_cat_delete_table(struct oe_db *db, const char *name, struct oe_table *t)
{
    JET_ERR err = JET_errSuccess;
    char nm[OE_NAME_MAX + 1];
    if (oe_db_read_only(db))
        return OE_ERR(JET_errPermissionDenied);
    if (!t)
        OE_CALL_R(oe_cat_check_name(name, nm));
    pthread_mutex_lock(&db->ddl);
    if (!t) {
        oe_rcu_read_lock();
        t = oe_db_find_table(db, nm);
        oe_rcu_read_unlock();
        if (!t)
            OE_ERROR(JET_errObjectNotFound);
    }
    struct oe_instance *ins = db->ins;
    pthread_mutex_lock(&ins->tables_lock);
    int prev = atomic_load_explicit(&t->state, memory_order_relaxed);
    /* Dekker with oe_cur_open_table (catalog.h, TABLE COUNTS): mark, then
     * sum the shards' cursors, then (none open) their uncommitted writes. */
    atomic_store_explicit(&t->state, OE_TAB_DELETED, memory_order_seq_cst);
    if (open_sum(t) > 0 || pending_sum(t) > 0) {
        atomic_store_explicit(&t->state, prev, memory_order_seq_cst);
        pthread_mutex_unlock(&ins->tables_lock);
        OE_ERROR(JET_errTableInUse);
    }
    /* LP(delete table): the last pending-shard load above, with both sums 0. */
    if ((err = tabset_replace(db, NULL, t)) < 0) {
        atomic_store_explicit(&t->state, prev, memory_order_seq_cst);
        pthread_mutex_unlock(&ins->tables_lock);
        goto handle_error;
    }
    if (prev == OE_TAB_COUNTED)
        uncount_locked(ins, t);
    pthread_mutex_unlock(&ins->tables_lock);
    for (struct oe_table **pp = &db->tables; *pp; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    pthread_mutex_unlock(&db->ddl);
    /* Free after a grace period, in this thread rather than an RCU
     * callback: oe_tab_free_storage enters read-side sections itself, which
     * liburcu's call_rcu thread must not do through oe_rcu_read_lock (it is
     * registered by liburcu, not by rcu.c). JetDeleteTable is rare. */
    oe_synchronize_rcu();
    oe_rcu_grace_acquire(); /* tells TSan the grace period ended (sync/rcu.h) */
    table_destroy(t);
    return JET_errSuccess;
handle_error:
    pthread_mutex_unlock(&db->ddl);
    return err;
}

JET_ERR oe_cat_add_column(struct oe_table *t, const struct oe_colspec *spec, JET_COLUMNID *pcolid)
{
    JET_ERR err = JET_errSuccess;
    struct oe_tdef *n = NULL;
    struct oe_coldef c;
    pthread_mutex_lock(&t->db->ddl);
    struct oe_tdef *d = atomic_load_explicit(&t->def, memory_order_relaxed); /* [mutex:ddl] */
    OE_CALL(ddl_check(t, d));
    OE_CALL(tdef_clone(d, UINT32_MAX, UINT32_MAX, 1, 0, &n));
    OE_CALL(col_define(n, spec, &c));
    col_insert(n, n->ncol - 1, &c);
    tdef_publish(t, n);
    n = NULL;
    if (pcolid)
        *pcolid = c.id;
handle_error:
    pthread_mutex_unlock(&t->db->ddl);
    tdef_free(n);
    return err;
}

JET_ERR oe_cat_delete_column(struct oe_table *t, const char *name)
{
    JET_ERR err = JET_errSuccess;
    struct oe_tdef *n = NULL;
    char nm[OE_NAME_MAX + 1];
    OE_CALL_R(oe_cat_check_name(name, nm));
    pthread_mutex_lock(&t->db->ddl);
    struct oe_tdef *d = atomic_load_explicit(&t->def, memory_order_relaxed); /* [mutex:ddl] */
    OE_CALL(ddl_check(t, d));
    const struct oe_coldef *c = oe_tdef_column_by_name(d, nm);
    if (!c)
        OE_ERROR(JET_errColumnNotFound);
    for (uint32_t i = 0; i < d->nidx; i++)
        for (uint32_t k = 0; k < d->idx[i].nseg; k++)
            if (d->idx[i].seg[k].col == c->id)
                OE_ERROR(JET_errColumnInUse); /* MSDN JetDeleteColumn */
    OE_CALL(tdef_clone(d, (uint32_t)(c - d->col), UINT32_MAX, 0, 0, &n));
    tdef_publish(t, n);
    n = NULL;
handle_error:
    pthread_mutex_unlock(&t->db->ddl);
    tdef_free(n);
    return err;
}

JET_ERR oe_cat_delete_index(struct oe_table *t, const char *name)
{
    JET_ERR err = JET_errSuccess;
    struct oe_tdef *n = NULL;
    char nm[OE_NAME_MAX + 1];
    OE_CALL_R(oe_cat_check_name(name, nm));
    pthread_mutex_lock(&t->db->ddl);
    struct oe_tdef *d = atomic_load_explicit(&t->def, memory_order_relaxed); /* [mutex:ddl] */
    OE_CALL(ddl_check(t, d));
    const struct oe_idxdef *x = oe_tdef_index(d, nm);
    if (!x)
        OE_ERROR(JET_errIndexNotFound);
    if ((int32_t)(x - d->idx) == d->primary)
        OE_ERROR(JET_errIndexMustStay);
    OE_CALL(tdef_clone(d, UINT32_MAX, (uint32_t)(x - d->idx), 0, 0, &n));
    tdef_publish(t, n); /* the old descriptor's retirement drops the storage */
    n = NULL;
handle_error:
    pthread_mutex_unlock(&t->db->ddl);
    tdef_free(n);
    return err;
}

JET_ERR oe_cat_create_indexes(struct oe_table *t, const struct oe_idxspec *spec, uint32_t cnt,
                              JET_ERR *errs)
{
    JET_ERR err = JET_errSuccess;
    struct oe_tdef *n = NULL, *back = NULL;
    int has_primary = 0;
    if (cnt == 0)
        return JET_errSuccess;
    pthread_mutex_lock(&t->db->ddl);
    struct oe_tdef *d = atomic_load_explicit(&t->def, memory_order_relaxed); /* [mutex:ddl] */
    OE_CALL(ddl_check(t, d));
    OE_CALL(tdef_clone(d, UINT32_MAX, UINT32_MAX, 0, cnt, &n));
    for (uint32_t i = 0; i < cnt; i++) {
        struct oe_idxdef *x = &n->idx[d->nidx + i];
        JET_ERR e = idx_define(n, &spec[i], x);
        if (e >= 0 && (x->grbit & JET_bitIndexPrimary)) {
            if (oe_tab_row_count(t) > 0) {
                e = OE_ERR(JET_errTableNotEmpty);
            } else {
                x->store = t->primary;
                n->primary = (int32_t)(d->nidx + i);
                has_primary = 1;
            }
        } else if (e >= 0) {
            e = oe_index_create(&x->store);
        }
        if (errs)
            errs[i] = e;
        if (e < 0) {
            memset(x, 0, sizeof *x);
            err = e;
            goto handle_error;
        }
    }
    /* The undo descriptor, made before anything is visible. */
    OE_CALL(tdef_clone(d, UINT32_MAX, UINT32_MAX, 0, 0, &back));
    back->schema_version = d->schema_version + 2;

    /* Publishing retires d: nothing below may touch it (the grace period
     * that follows lets its retirement run). */
    uint32_t old_nidx = d->nidx;
    d = NULL;
    tdef_publish(t, n);
    struct oe_tdef *pub = n;
    n = NULL;
    /* After this grace period no writer still uses a descriptor without
     * the new indexes: every later insert maintains them. */
    oe_synchronize_rcu();
    if (has_primary && oe_tab_row_count(t) > 0)
        err = OE_ERR(JET_errTableNotEmpty); /* an insert raced with the DDL */
    for (uint32_t i = old_nidx; err >= 0 && i < pub->nidx; i++) {
        if ((int32_t)i == pub->primary)
            continue;
        JET_ERR e = oe_tab_build_index(t, pub, &pub->idx[i]);
        if (errs)
            errs[i - old_nidx] = e;
        if (e < 0)
            err = e;
    }
    if (err < 0) {
        tdef_publish(t, back); /* retires pub, and with it the new storage */
        back = NULL;
    }
handle_error:
    pthread_mutex_unlock(&t->db->ddl);
    tdef_free(n);
    tdef_free(back);
    return err < 0 ? err : JET_errSuccess;
}
