/*
 * temptable.c -- temp (sort) tables: handles, the INSERT/READ/TABLE state
 * machine of temptable.h, rows = normalized key + record image in a sort.
 *
 * A ROW is stored in the sort (sort.h) as key = the normalized key of the
 * TTKey columns (key.h, built by record.c's oe_recbuf_make_key from an
 * index definition made at open: segments in column order, Descending and
 * cp-1200 flags per column, SortNullsHigh / DotNetGuid per table,
 * cbKeyMost / cbVarSegMac) and payload = 0..7 zero bytes + the record
 * image (record.c), the padding chosen so that the image starts 8-byte
 * aligned inside the sort's arena (sort.h: 8-byte record header, key,
 * payload, in 8-aligned records). JetRetrieveColumn reads the image in
 * place; should the arena's layout ever change, a misaligned image is
 * copied into an aligned scratch buffer instead (never misread). A table
 * without a key column is a sequential table: each insert gets the next
 * 8-byte big-endian counter as its key, so rows keep insertion order and
 * are never duplicates (ESE's sequential index on a materialized table).
 *
 * MEMORY AND SCALING. JetUpdate freezes the copy buffer into an image
 * (one allocation), copies pad + image into the sort's arena and frees the
 * image at once: the input is held once, in the arena; ending insertion
 * adds the sort's one 16-byte-per-row index array (sort.h: in-place MSD
 * radix sort on 8-byte key prefixes, no second copy of the rows, no spill
 * to disk: a sort is bounded by memory and reports JET_errOutOfMemory).
 *
 * HANDLES. Slots of a process-wide slot table (sync/slot_table.h:
 * type-stable, never freed) hold only the owner word (generation + FREE/
 * IDLE, sync/owner.h), the owning session and a pointer to the table's
 * body. JET_TABLEID = slot index | OE_TT_HANDLE_BIT + generation. Open
 * publishes (gen, IDLE) with a release store after the body is complete
 * (LP(open)); close stores (gen, FREE) (LP(close)) and returns the index.
 * Another session's resolve reads only the owner word and `ses` (both
 * atomic; it learns InvalidTableId or SesidTableIdMismatch) and never the
 * body.
 *
 * FREEING. The body (struct oe_tt) is freed directly at close, without
 * oe_call_rcu: only the thread holding the owning session's claim ever
 * dereferences it (resolve hands it out only to that session, after the
 * generation check), and close runs on that thread, so once the handle is
 * dead nothing can reach the body. Close allocates nothing: oe_sort_close,
 * oe_recbuf_free, oe_free and the slot table's free path never allocate.
 *
 * QUOTAS. Each open temp table holds a cursor credit (instance.h: the
 * JET_paramMaxCursors quota shared with table cursors, JET_errOutOfCursors)
 * and in a per-instance count of temp tables checked against
 * JET_paramMaxTemporaryTables (JET_errTooManySorts). That count lives here,
 * in a list of (instance, count) entries under g_quota_lock, an entry
 * existing exactly while its count is positive -- so an instance's memory
 * being reused by a later instance cannot inherit a stale count. Open and
 * close take the mutex once; close only unlinks and frees (no allocation).
 *
 * POSITION. The sort holds the one position of the table. `beside`
 * records that the cursor left an index range: +1 = just before the
 * sort's current record (the first one past an upper range), -1 = just
 * after it; there is then no current record, and the next move in the
 * direction of travel lands on that record (cursor.c's rule).
 *
 * KEYS. A search key K matches a row key S when K is a prefix of S
 * (cursor.c's rule, so a key made of fewer columns than the table's key
 * finds the first row with those leading columns): GT and LE probe the
 * sort with K padded by 0xff up to cbKeyMost+1 bytes, above every stored
 * key that starts with K.
 */
#include "core/temptable.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/cursor.h"
#include "core/err.h"
#include "core/instance.h"
#include "core/key.h"
#include "core/record.h"
#include "core/session.h"
#include "core/sort.h"
#include "core/sysparam.h"
#include "sync/alloc.h"
#include "sync/owner.h"
#include "sync/slot_table.h"

enum tt_phase { TT_INSERT, TT_READ, TT_TABLE };

#define PREP_NONE 0xffffffffu
#define TT_SEQ_CB 8u /* key of a sequential (no key column) table */

struct oe_tt {
    struct oe_res res;             /* [owner] first: the session's resource node */
    struct tt_slot *slot;          /* [owner] the handle's slot */
    struct oe_instance *ins;       /* [owner] quotas to release at close */
    JET_GRBIT grbit;               /* [owner] JET_bitTT* as opened */
    enum tt_phase phase;           /* [owner] */
    bool seq;                      /* [owner] no key column: counter keys */
    bool stream;                   /* [owner] TTForwardOnly */
    uint64_t next_seq;             /* [owner] last counter key handed out */
    struct oe_sort *sort;          /* [owner] rows */
    struct oe_tdef def;            /* [owner] columns (def.col owned, sorted by id) */
    struct oe_idxdef idx;          /* [owner] key columns and key shape */
    /* search key and index range */
    struct oe_key key;             /* [owner] JetMakeKey */
    int beside;                    /* [owner] see POSITION */
    bool range;                    /* [owner] an index range is set */
    JET_GRBIT range_grbit;         /* [owner] RangeUpperLimit | RangeInclusive */
    uint32_t range_cb;             /* [owner] */
    uint8_t range_key[OE_KEY_CB_BUFFER]; /* [owner] */
    /* prepared update */
    uint32_t prep;                 /* [owner] JET_prep* or PREP_NONE */
    struct oe_recbuf *buf;         /* [owner] copy buffer */
    uint32_t prep_cb;              /* [owner] key of the row being replaced */
    uint8_t prep_key[OE_KEY_CB_BUFFER]; /* [owner] */
    struct oe_key rowkey;          /* [owner] key of the row being written */
    /* scratch */
    struct oe_recbuf *spare;       /* [owner] a finished update's copy buffer, reused */
    uint8_t *pl;                   /* [owner] pad + image of the row being written */
    size_t pl_cb;                  /* [owner] its capacity */
    uint8_t *img;                  /* [owner] aligned copy of a misaligned image */
    size_t img_cb;                 /* [owner] its capacity */
};

struct tt_slot {
    oe_owner_word own;                /* [atomic] gen + FREE/IDLE: release on open/close,
                                       * acquire in resolve */
    _Atomic(struct oe_session *) ses; /* [atomic relaxed] owning session, read by any
                                       * resolver; only ever compared */
    struct oe_tt *tt;                 /* [owner] body, read after the checks above by
                                       * the owning session only */
    uint32_t index;                   /* [imm] slot index (without the handle bit) */
};

/* ---- the handle table ------------------------------------------------------ */

static struct oe_slot_table g_slots;          /* [imm] after pthread_once */
static pthread_once_t g_slots_once = PTHREAD_ONCE_INIT;
static _Atomic int64_t g_live;                /* [atomic relaxed] open temp tables */

static void slot_init(void *elem, uint32_t index)
{
    struct tt_slot *sl = elem;
    memset(sl, 0, sizeof(*sl));
    sl->index = index;
    atomic_init(&sl->own, oe_own_make(0, OE_OWN_FREE));
    atomic_init(&sl->ses, NULL);
}

static void slots_create(void)
{
    oe_slot_table_init(&g_slots, sizeof(struct tt_slot), OE_TT_HANDLE_BIT - 1, slot_init);
}

/* slots -- the table, created on first use (pthread_once orders it). */
static struct oe_slot_table *slots(void)
{
    pthread_once(&g_slots_once, slots_create);
    return &g_slots;
}

int64_t oe_tt_live_count(void)
{
    return atomic_load_explicit(&g_live, memory_order_relaxed);
}

/* ---- per-instance temp table quota ---------------------------------------- */

struct tt_quota {
    struct oe_instance *ins;   /* [mutex:g_quota_lock] */
    uint64_t n;                /* [mutex:g_quota_lock] > 0 while listed */
    struct tt_quota *next;     /* [mutex:g_quota_lock] */
};

static pthread_mutex_t g_quota_lock = PTHREAD_MUTEX_INITIALIZER;
static struct tt_quota *g_quota;   /* [mutex:g_quota_lock] */

/* quota_take -- count one more temp table of ins, up to max. */
static JET_ERR quota_take(struct oe_instance *ins, uint64_t max)
{
    JET_ERR err = JET_errSuccess;
    pthread_mutex_lock(&g_quota_lock);
    struct tt_quota *q = g_quota;
    while (q && q->ins != ins)
        q = q->next;
    if (q && q->n >= max) {
        err = OE_ERR(JET_errTooManySorts);
    } else if (q) {
        q->n++;
    } else if (max == 0) {
        err = OE_ERR(JET_errTooManySorts);
    } else if (!(q = oe_malloc(sizeof(*q)))) {
        err = OE_ERR(JET_errOutOfMemory);
    } else {
        q->ins = ins;
        q->n = 1;
        q->next = g_quota;
        g_quota = q;
    }
    pthread_mutex_unlock(&g_quota_lock);
    return err;
}

/* quota_give -- undo quota_take; never allocates. */
static void quota_give(struct oe_instance *ins)
{
    pthread_mutex_lock(&g_quota_lock);
    for (struct tt_quota **pq = &g_quota; *pq; pq = &(*pq)->next) {
        struct tt_quota *q = *pq;
        if (q->ins != ins)
            continue;
        if (--q->n == 0) {
            *pq = q->next;
            oe_free(q, sizeof(*q));
        }
        break;
    }
    pthread_mutex_unlock(&g_quota_lock);
}

/* ---- open ------------------------------------------------------------------- */

static JET_ERR res_close(struct oe_session *s, struct oe_res *r);
static const struct oe_res_ops tt_res_ops = {"temp table", res_close, NULL};

/* coltyp_fixed -- ESE's fixed-size column types (sortapi.cxx). */
static bool coltyp_fixed(JET_COLTYP t)
{
    switch (t) {
    case JET_coltypBit: case JET_coltypUnsignedByte: case JET_coltypShort:
    case JET_coltypLong: case JET_coltypCurrency: case JET_coltypIEEESingle:
    case JET_coltypIEEEDouble: case JET_coltypDateTime: case JET_coltypUnsignedShort:
    case JET_coltypUnsignedLong: case JET_coltypLongLong: case JET_coltypUnsignedLongLong:
    case JET_coltypGUID:
        return true;
    default:
        return false;
    }
}

static bool coltyp_long(JET_COLTYP t)
{
    return t == JET_coltypLongText || t == JET_coltypLongBinary;
}

static bool coltyp_text(JET_COLTYP t)
{
    return t == JET_coltypText || t == JET_coltypLongText;
}

static int coldef_cmp_id(const void *a, const void *b)
{
    JET_COLUMNID x = ((const struct oe_coldef *)a)->id, y = ((const struct oe_coldef *)b)->id;
    return x < y ? -1 : x > y;
}

/* cb_key_most_for_page -- ESE's CbKeyMostForPage for the instance's page size. */
static uint32_t cb_key_most_for_page(struct oe_instance *ins)
{
    uint64_t page = ins->params.ival[OE_P_DATABASE_PAGE_SIZE];
    if (page <= 2048)
        return JET_cbKeyMost2KBytePage;
    if (page <= 4096)
        return JET_cbKeyMost4KBytePage;
    return JET_cbKeyMost8KBytePage;
}

/* define_columns -- ids, column definitions and the key definition, with
 * ESE's rules: tagged for JET_bitColumnTagged or a long type, fixed for a
 * fixed-size type or JET_bitColumnFixed, else variable; Text/Binary cbMax
 * capped at JET_cbColumnMost; key columns in definition order, beyond
 * JET_ccolKeyMost ignored (ESE's loop stops adding segments there). */
static JET_ERR define_columns(struct oe_tt *tt, const struct oe_tt_spec *spec, bool *plong)
{
    JET_COLUMNID next_fixed = OE_COLID_FIXED_FIRST, next_var = OE_COLID_VAR_FIRST,
                 next_tagged = OE_COLID_TAGGED_FIRST;
    struct oe_key_def *k = &tt->idx.kdef;
    *plong = false;
    for (uint32_t i = 0; i < spec->ccolumn; i++) {
        const JET_COLUMNDEF *cd = &spec->rgcolumndef[i];
        struct oe_coldef *col = &tt->def.col[i];
        JET_COLUMNID id;
        if (cd->coltyp == JET_coltypNil || cd->coltyp == JET_coltypSLV ||
            cd->coltyp >= JET_coltypMax)
            return OE_ERR(JET_errInvalidColumnType);
        if ((cd->grbit & JET_bitColumnTagged) || coltyp_long(cd->coltyp)) {
            if ((id = next_tagged++) > OE_COLID_TAGGED_LAST)
                return OE_ERR(JET_errTooManyColumns);
        } else if (coltyp_fixed(cd->coltyp) || (cd->grbit & JET_bitColumnFixed)) {
            if ((id = next_fixed++) > OE_COLID_FIXED_LAST)
                return OE_ERR(JET_errTooManyColumns);
        } else if ((id = next_var++) > OE_COLID_VAR_LAST) {
            return OE_ERR(JET_errTooManyColumns);
        }
        memset(col, 0, sizeof(*col));
        col->id = id;
        col->coltyp = cd->coltyp;
        if (coltyp_text(cd->coltyp)) {
            if (cd->cp == 1200)
                col->cp = 1200;
            else if (cd->cp == 0 || cd->cp == 1252)
                col->cp = 1252;
            else
                return OE_ERR(JET_errInvalidCodePage);
        }
        if (coltyp_long(cd->coltyp))
            col->cbMax = cd->cbMax;
        else if (!coltyp_fixed(cd->coltyp))
            col->cbMax = cd->cbMax < JET_cbColumnMost ? cd->cbMax : JET_cbColumnMost;
        *plong |= coltyp_long(cd->coltyp);
        spec->prgcolumnid[i] = id;
        if ((cd->grbit & JET_bitColumnTTKey) && tt->idx.nseg < JET_ccolKeyMost) {
            uint32_t s = tt->idx.nseg++;
            tt->idx.seg[s].col = id;
            tt->idx.seg[s].descending = (cd->grbit & JET_bitColumnTTDescending) != 0;
            k->rgseg[s].coltyp = cd->coltyp;
            k->rgseg[s].flags = (tt->idx.seg[s].descending ? OE_KEY_SEG_DESCENDING : 0) |
                                (col->cp == 1200 ? OE_KEY_SEG_UTF16 : 0);
        }
    }
    tt->def.ncol = spec->ccolumn;
    tt->def.next_fixed = next_fixed;
    tt->def.next_var = next_var;
    tt->def.next_tagged = next_tagged;
    tt->def.primary = -1;
    if (tt->def.ncol > 1) /* zero columns: col is NULL, which qsort may not take */
        qsort(tt->def.col, tt->def.ncol, sizeof(*tt->def.col), coldef_cmp_id);
    tt->idx.grbit = JET_bitIndexPrimary | JET_bitIndexUnique;
    if (tt->idx.nseg == 0) { /* sequential: only normalized (counter) keys */
        k->cseg = 1;
        k->rgseg[0].coltyp = JET_coltypBinary;
        k->rgseg[0].flags = 0;
    } else {
        k->cseg = tt->idx.nseg;
    }
    k->cbKeyMost = spec->cbKeyMost ? spec->cbKeyMost : JET_cbKeyMostMin;
    k->cbVarSegMac = spec->cbVarSegMac;
    k->flags = ((spec->grbit & JET_bitTTSortNullsHigh) ? OE_KEY_DEF_NULLS_HIGH : 0) |
               ((spec->grbit & JET_bitTTDotNetGuid) ? OE_KEY_DEF_DOTNET_GUID : 0);
    return oe_key_def_prepare(k);
}

/* tt_free -- release a body and everything it owns (never allocates). */
static void tt_free(struct oe_tt *tt)
{
    if (tt->buf)
        oe_recbuf_free(tt->buf);
    if (tt->spare)
        oe_recbuf_free(tt->spare);
    oe_sort_close(tt->sort);
    if (tt->def.col)
        oe_free(tt->def.col, (size_t)tt->def.ncol * sizeof(*tt->def.col));
    if (tt->pl)
        oe_free(tt->pl, tt->pl_cb);
    if (tt->img)
        oe_free(tt->img, tt->img_cb);
    oe_free(tt, sizeof(*tt));
}

/* quota_release -- give back both quotas of an open temp table. */
static void quota_release(struct oe_instance *ins)
{
    quota_give(ins);
    oe_ins_give_credit(ins, OE_Q_CURSORS);
    atomic_fetch_sub_explicit(&g_live, 1, memory_order_relaxed);
}

JET_ERR oe_tt_open(struct oe_session *s, const struct oe_tt_spec *spec, JET_TABLEID *ptableid)
{
    JET_ERR err;
    struct oe_instance *ins = atomic_load_explicit(&s->ins, memory_order_relaxed);
    const JET_GRBIT g = spec->grbit;
    struct oe_tt *tt = NULL;
    bool counted = false, has_long;
    *ptableid = JET_tableidNil;

    uint64_t max_tt = ins->params.ival[OE_P_MAX_TEMP_TABLES];
    if (max_tt == 0)
        return OE_ERR(JET_errTooManySorts);
    if ((g & JET_bitTTForwardOnly) &&
        (g & (JET_bitTTIndexed | JET_bitTTUpdatable | JET_bitTTScrollable |
              JET_bitTTForceMaterialization)))
        return OE_ERR(JET_errCannotMaterializeForwardOnlySort);
    OE_CALL_R(quota_take(ins, max_tt));
    if ((err = oe_ins_take_credit(ins, OE_Q_CURSORS)) < 0) {
        quota_give(ins);
        return err;
    }
    atomic_fetch_add_explicit(&g_live, 1, memory_order_relaxed);
    counted = true;

    uint32_t kmax = cb_key_most_for_page(ins);
    if ((spec->cbKeyMost != 0 && spec->cbKeyMost < JET_cbKeyMostMin) || spec->cbKeyMost > kmax)
        OE_ERROR(JET_errInvalidParameter);
    if ((spec->cbKeyMost != 0 && spec->cbVarSegMac > spec->cbKeyMost) ||
        (spec->cbKeyMost == 0 && spec->cbVarSegMac > JET_cbKeyMostMin))
        OE_ERROR(JET_errInvalidParameter);
    if ((spec->ccolumn && (!spec->rgcolumndef || !spec->prgcolumnid)))
        OE_ERROR(JET_errInvalidParameter);
    if (spec->ccolumn > (OE_COLID_FIXED_LAST - OE_COLID_FIXED_FIRST + 1) +
                            (OE_COLID_VAR_LAST - OE_COLID_VAR_FIRST + 1) +
                            (OE_COLID_TAGGED_LAST - OE_COLID_TAGGED_FIRST + 1))
        OE_ERROR(JET_errTooManyColumns);

    if (!(tt = oe_calloc(sizeof(*tt))))
        OE_ERROR(JET_errOutOfMemory);
    if (spec->ccolumn && !(tt->def.col = oe_calloc((size_t)spec->ccolumn * sizeof(*tt->def.col))))
        OE_ERROR(JET_errOutOfMemory);
    tt->def.ncol = spec->ccolumn; /* for tt_free's size even on error */
    OE_CALL(define_columns(tt, spec, &has_long));
    tt->seq = tt->idx.nseg == 0;
    tt->stream = (g & JET_bitTTForwardOnly) != 0;
    tt->grbit = g;

    /* ESE materializes at open when a sort cannot serve: no key, long
     * values that may not be intrinsic, or duplicates must be reported. */
    bool table_now = tt->seq || (has_long && !(g & JET_bitTTIntrinsicLVsOnly)) ||
                     (g & JET_bitTTForceMaterialization);
    if (table_now && tt->stream)
        OE_ERROR(JET_errCannotMaterializeForwardOnlySort);
    uint32_t sflags = table_now ? OE_SORT_ERROR_ON_DUPLICATE
                      : tt->stream ? ((g & JET_bitTTUnique) ? OE_SORT_UNIQUE : 0)
                                   : OE_SORT_MATERIALIZE;
    OE_CALL(oe_sort_open(sflags, &tt->sort));
    tt->phase = table_now ? TT_TABLE : TT_INSERT;
    tt->prep = PREP_NONE;
    oe_key_init(&tt->key, &tt->idx.kdef);
    tt->ins = ins;

    struct tt_slot *sl;
    uint64_t gen;
    for (;;) {
        uint32_t idx;
        if (oe_slot_alloc_batch(slots(), &idx, 1) != 1)
            OE_ERROR(JET_errOutOfMemory);
        sl = oe_slot_lookup(slots(), idx);
        gen = oe_own_gen(atomic_load_explicit(&sl->own, memory_order_relaxed)) + 1;
        if (OE_LIKELY(gen <= OE_HND_GEN_MAX))
            break; /* else the slot's generations are used up: retire it for good */
    }
    sl->tt = tt;
    tt->slot = sl;
    tt->res.ops = &tt_res_ops;
    atomic_store_explicit(&sl->ses, s, memory_order_relaxed);
    oe_res_push(&s->res[OE_RES_TEMP], &tt->res, s->level);
    /* LP(open): the handle becomes valid; release publishes the body. */
    oe_own_leave(&sl->own, gen);
    *ptableid = oe_hnd_make(sl->index | OE_TT_HANDLE_BIT, gen);
    return JET_errSuccess;

handle_error:
    if (tt)
        tt_free(tt);
    if (counted)
        quota_release(ins);
    return err;
}

JET_ERR oe_tt_resolve(struct oe_session *s, JET_TABLEID tableid, struct oe_tt **ptt)
{
    *ptt = NULL;
    if (OE_UNLIKELY(!oe_hnd_plausible(tableid) || !oe_tt_is_handle(tableid)))
        return OE_ERR(JET_errInvalidTableId);
    uint32_t idx = oe_hnd_slot(tableid) & ~OE_TT_HANDLE_BIT;
    struct tt_slot *sl = idx ? oe_slot_lookup(slots(), idx) : NULL;
    if (OE_UNLIKELY(!sl))
        return OE_ERR(JET_errInvalidTableId);
    /* Acquire pairs with the release of open/close. */
    uint64_t w = atomic_load_explicit(&sl->own, memory_order_acquire);
    if (OE_UNLIKELY(oe_own_gen(w) != oe_hnd_gen(tableid) || oe_own_state(w) != OE_OWN_IDLE))
        return OE_ERR(JET_errInvalidTableId);
    if (OE_UNLIKELY(atomic_load_explicit(&sl->ses, memory_order_relaxed) != s))
        return OE_ERR(JET_errSesidTableIdMismatch);
    *ptt = sl->tt;
    return JET_errSuccess;
}

JET_ERR oe_tt_enter(JET_SESID sesid, JET_TABLEID tableid, struct oe_session **ps, struct oe_tt **ptt)
{
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, ps);
    if (err < 0)
        return err;
    err = oe_tt_resolve(*ps, tableid, ptt);
    if (err < 0)
        oe_ses_leave(*ps);
    return err;
}

/* res_close -- close a temp table already unlinked from its session
 * (JetCloseTable, rollback, JetEndSession). Allocates nothing, cannot fail. */
static JET_ERR res_close(struct oe_session *s, struct oe_res *r)
{
    (void)s;
    struct oe_tt *tt = (struct oe_tt *)r; /* res is the first member */
    struct tt_slot *sl = tt->slot;
    struct oe_instance *ins = tt->ins;
    atomic_store_explicit(&sl->ses, NULL, memory_order_relaxed);
    sl->tt = NULL;
    /* LP(close): the handle dies; the slot may be reused after this store. */
    oe_own_free(&sl->own, oe_own_gen(atomic_load_explicit(&sl->own, memory_order_relaxed)));
    oe_slot_free_batch(slots(), &sl->index, 1);
    tt_free(tt); /* unreachable now: see FREEING */
    quota_release(ins);
    return JET_errSuccess;
}

JET_ERR oe_tt_close(struct oe_session *s, struct oe_tt *tt)
{
    oe_res_unlink(&s->res[OE_RES_TEMP], &tt->res);
    return res_close(s, &tt->res);
}

/* ---- helpers ----------------------------------------------------------------- */

/* nav -- seek, ranges and backward moves are allowed (materialized, or a
 * sort opened Indexed/Scrollable). */
static bool nav(const struct oe_tt *tt)
{
    return tt->phase == TT_TABLE || (tt->grbit & (JET_bitTTIndexed | JET_bitTTScrollable));
}

static void cancel_update(struct oe_tt *tt)
{
    /* Keep one buffer for the next update: a loop of inserts then costs
     * only its values' allocations (oe_recbuf_reset). */
    if (tt->buf && !tt->spare)
        tt->spare = tt->buf;
    else if (tt->buf)
        oe_recbuf_free(tt->buf);
    tt->buf = NULL;
    tt->prep = PREP_NONE;
}

/* end_insert -- the first move or seek: the insert phase ends, a pending
 * update is cancelled (ESE), the sort is sorted, the table becomes a
 * read-only result or, with TTUpdatable, a materialized table. */
static JET_ERR end_insert(struct oe_tt *tt)
{
    if (tt->phase != TT_INSERT)
        return JET_errSuccess;
    cancel_update(tt);
    OE_CALL_R(oe_sort_end_insert(tt->sort));
    tt->phase = (tt->grbit & JET_bitTTUpdatable) ? TT_TABLE : TT_READ;
    return JET_errSuccess;
}

/* kcmp -- a row key S against a search key K: 0 when K is a prefix of S. */
static int kcmp(const uint8_t *s, uint32_t cs, const uint8_t *k, uint32_t ck)
{
    uint32_t n = cs < ck ? cs : ck;
    int c = n ? memcmp(s, k, n) : 0;
    if (c)
        return c;
    return cs >= ck ? 0 : -1;
}

/* current -- the current row's key and payload. */
static JET_ERR current(struct oe_tt *tt, const uint8_t **pk, uint32_t *pck, const uint8_t **pd,
                       uint32_t *pcd)
{
    if (tt->phase == TT_INSERT)
        return OE_ERR(JET_errIllegalOperation);
    if (tt->beside)
        return OE_ERR(JET_errNoCurrentRecord);
    return oe_sort_current(tt->sort, pk, pck, pd, pcd);
}

static uint32_t pad_for(uint32_t cbKey) { return (8u - (cbKey & 7u)) & 7u; }

/* current_image -- the current row's record image, 8-byte aligned. */
static JET_ERR current_image(struct oe_tt *tt, const struct oe_rec **prec)
{
    const uint8_t *k, *d;
    uint32_t ck, cd;
    OE_CALL_R(current(tt, &k, &ck, &d, &cd));
    uint32_t pad = pad_for(ck);
    const uint8_t *p = d + pad;
    size_t cb = cd - pad;
    if (OE_UNLIKELY(((uintptr_t)p & 7u) != 0)) {
        if (tt->img_cb < cb) {
            uint8_t *n = oe_malloc(cb);
            if (!n)
                return OE_ERR(JET_errOutOfMemory);
            if (tt->img)
                oe_free(tt->img, tt->img_cb);
            tt->img = n;
            tt->img_cb = cb;
        }
        memcpy(tt->img, p, cb);
        p = tt->img;
    }
    *prec = (const struct oe_rec *)(const void *)p;
    return JET_errSuccess;
}

/* in_range -- whether a row key lies inside the index range. */
static bool in_range(const struct oe_tt *tt, const uint8_t *s, uint32_t cs)
{
    if (!tt->range)
        return true;
    int cmp = kcmp(s, cs, tt->range_key, tt->range_cb);
    bool incl = (tt->range_grbit & JET_bitRangeInclusive) != 0;
    if (tt->range_grbit & JET_bitRangeUpperLimit)
        return incl ? cmp <= 0 : cmp < 0;
    return incl ? cmp >= 0 : cmp > 0;
}

/* ---- navigation ---------------------------------------------------------------- */

JET_ERR oe_tt_move(struct oe_tt *tt, int32_t crow, JET_GRBIT grbit)
{
    if (grbit & ~(JET_GRBIT)JET_bitMoveKeyNE)
        return OE_ERR(JET_errInvalidGrbit);
    OE_CALL_R(end_insert(tt));
    if (crow == JET_MoveFirst || crow == JET_MoveLast) {
        tt->range = false;
        tt->beside = 0;
        return oe_sort_move(tt->sort, crow);
    }
    if (crow == 0)
        return current(tt, NULL, NULL, NULL, NULL) < 0 ? OE_ERR(JET_errNoCurrentRecord)
                                                       : JET_errSuccess;
    if (crow < 0 && !nav(tt))
        return OE_ERR(JET_errIllegalOperation);
    int dir = crow > 0 ? 1 : -1;
    uint32_t n = crow > 0 ? (uint32_t)crow : (uint32_t)(-(int64_t)crow);
    uint8_t prev[OE_KEY_CB_BUFFER];
    uint32_t cprev = 0;
    bool have = false;
    const uint8_t *k, *d;
    uint32_t ck, cd;
    if ((grbit & JET_bitMoveKeyNE) && current(tt, &k, &ck, &d, &cd) >= 0) {
        memcpy(prev, k, ck);
        cprev = ck;
        have = true;
    }
    while (n) {
        if (tt->beside == dir) {
            tt->beside = 0; /* arrive on the row beside which we stood */
        } else {
            tt->beside = 0;
            OE_CALL_R(oe_sort_move(tt->sort, dir));
        }
        OE_CALL_R(oe_sort_current(tt->sort, &k, &ck, &d, &cd));
        if (!in_range(tt, k, ck)) {
            tt->range = false;
            tt->beside = dir;
            return OE_ERR(JET_errNoCurrentRecord);
        }
        if (grbit & JET_bitMoveKeyNE) {
            if (have && ck == cprev && memcmp(k, prev, ck) == 0)
                continue; /* same key: not a new position */
            memcpy(prev, k, ck);
            cprev = ck;
            have = true;
        }
        n--;
    }
    return JET_errSuccess;
}

JET_ERR oe_tt_make_key(struct oe_tt *tt, const void *pv, uint32_t cb, JET_GRBIT grbit)
{
    if (tt->seq && !(grbit & JET_bitNormalizedKey))
        return OE_ERR(JET_errInvalidOperation); /* sequential: counter keys only */
    return oe_key_make(&tt->key, pv, cb, grbit);
}

/* locate -- position on the row relating to K as asked (prefix rule);
 * JET_errRecordNotFound, else success or JET_wrnSeekNotEqual. */
static JET_ERR locate(struct oe_tt *tt, const uint8_t *k, uint32_t ck, enum oe_sort_seek rel)
{
    JET_ERR err;
    const uint8_t *s, *d;
    uint32_t cs, cd;
    if (rel == OE_SORT_GT || rel == OE_SORT_LE) {
        uint8_t probe[OE_KEY_CB_BUFFER];
        uint32_t cp = tt->idx.kdef.cbKeyMost + 1;
        if (cp > OE_KEY_CB_BUFFER)
            cp = OE_KEY_CB_BUFFER;
        if (cp < ck)
            cp = ck;
        memcpy(probe, k, ck);
        memset(probe + ck, 0xff, cp - ck);
        err = oe_sort_seek(tt->sort, probe, cp, rel);
    } else {
        err = oe_sort_seek(tt->sort, k, ck, rel == OE_SORT_EQ ? OE_SORT_GE : rel);
    }
    if (err < 0)
        return err;
    OE_CALL_R(oe_sort_current(tt->sort, &s, &cs, &d, &cd));
    int cmp = kcmp(s, cs, k, ck);
    if (rel == OE_SORT_EQ && cmp != 0) {
        tt->beside = 1; /* before the first row above K, as a failed seek leaves it */
        return OE_ERR(JET_errRecordNotFound);
    }
    return cmp != 0 ? JET_wrnSeekNotEqual : JET_errSuccess;
}

JET_ERR oe_tt_seek(struct oe_tt *tt, JET_GRBIT grbit)
{
    enum oe_sort_seek rel;
    if (grbit & JET_bitSeekEQ)
        rel = OE_SORT_EQ;
    else if (grbit & JET_bitSeekLT)
        rel = OE_SORT_LT;
    else if (grbit & JET_bitSeekLE)
        rel = OE_SORT_LE;
    else if (grbit & JET_bitSeekGE)
        rel = OE_SORT_GE;
    else if (grbit & JET_bitSeekGT)
        rel = OE_SORT_GT;
    else
        return OE_ERR(JET_errInvalidGrbit);
    if ((grbit & JET_bitSetIndexRange) && rel != OE_SORT_EQ)
        return OE_ERR(JET_errInvalidGrbit);
    OE_CALL_R(end_insert(tt));
    if (!nav(tt))
        return OE_ERR(JET_errIllegalOperation);
    if (!(tt->key.state & OE_KEY_PREPARED))
        return OE_ERR(JET_errKeyNotMade);
    tt->range = false;
    tt->beside = 0;
    JET_ERR err = locate(tt, tt->key.rgb, tt->key.cb, rel);
    if (err == JET_errRecordNotFound && !tt->beside) {
        /* like a table cursor: before the first row */
        if (oe_sort_move(tt->sort, JET_MoveFirst) >= 0)
            tt->beside = 1;
    } else if (err >= 0 && (grbit & JET_bitSetIndexRange)) {
        tt->range = true;
        tt->range_grbit = JET_bitRangeUpperLimit | JET_bitRangeInclusive;
        tt->range_cb = tt->key.cb;
        memcpy(tt->range_key, tt->key.rgb, tt->key.cb);
    }
    oe_key_reset(&tt->key); /* JetSeek consumes the search key */
    return err;
}

JET_ERR oe_tt_set_range(struct oe_tt *tt, JET_GRBIT grbit)
{
    JET_ERR err;
    const uint8_t *k, *d;
    uint32_t ck, cd;
    if (grbit & ~(JET_GRBIT)(JET_bitRangeInclusive | JET_bitRangeUpperLimit |
                             JET_bitRangeInstantDuration | JET_bitRangeRemove))
        return OE_ERR(JET_errInvalidGrbit);
    if (tt->phase == TT_INSERT || !nav(tt))
        return OE_ERR(JET_errIllegalOperation);
    if (grbit & JET_bitRangeRemove) {
        if (!tt->range)
            return OE_ERR(JET_errInvalidOperation);
        tt->range = false;
        return JET_errSuccess;
    }
    if (!(tt->key.state & OE_KEY_PREPARED))
        return OE_ERR(JET_errKeyNotMade);
    err = current(tt, &k, &ck, &d, &cd);
    if (err >= 0) {
        tt->range = true;
        tt->range_grbit = grbit & (JET_bitRangeInclusive | JET_bitRangeUpperLimit);
        tt->range_cb = tt->key.cb;
        memcpy(tt->range_key, tt->key.rgb, tt->key.cb);
        if (!in_range(tt, k, ck)) {
            tt->range = false;
            err = OE_ERR(JET_errNoCurrentRecord);
        } else if (grbit & JET_bitRangeInstantDuration) {
            tt->range = false;
        }
    } else {
        err = OE_ERR(JET_errNoCurrentRecord);
    }
    oe_key_reset(&tt->key); /* consumed, as by JetSeek */
    return err;
}

/* readable -- bookmarks and counts need a seekable set. */
static JET_ERR readable(struct oe_tt *tt)
{
    if (tt->phase == TT_INSERT || tt->stream)
        return OE_ERR(JET_errIllegalOperation);
    return JET_errSuccess;
}

JET_ERR oe_tt_get_bookmark(struct oe_tt *tt, void *pv, uint32_t cbMax, uint32_t *pcbActual)
{
    const uint8_t *k, *d;
    uint32_t ck, cd;
    OE_CALL_R(readable(tt));
    OE_CALL_R(current(tt, &k, &ck, &d, &cd));
    if (pcbActual)
        *pcbActual = ck;
    if (cbMax < ck || (!pv && ck))
        return OE_ERR(JET_errBufferTooSmall);
    memcpy(pv, k, ck);
    return JET_errSuccess;
}

JET_ERR oe_tt_goto_bookmark(struct oe_tt *tt, const void *pv, uint32_t cb)
{
    OE_CALL_R(readable(tt));
    if (!pv || cb == 0 || cb > OE_KEY_CB_BUFFER)
        return OE_ERR(JET_errInvalidBookmark);
    tt->range = false;
    JET_ERR err = oe_sort_seek(tt->sort, pv, cb, OE_SORT_EQ);
    if (err == JET_errRecordNotFound)
        return OE_ERR(JET_errRecordDeleted);
    if (err >= 0)
        tt->beside = 0;
    return err;
}

JET_ERR oe_tt_index_count(struct oe_tt *tt, uint32_t *pcrec, uint32_t crecMax)
{
    uint64_t i, n, end;
    *pcrec = 0;
    OE_CALL_R(readable(tt));
    OE_CALL_R(current(tt, NULL, NULL, NULL, NULL));
    OE_CALL_R(oe_sort_ordinal(tt->sort, &i));
    OE_CALL_R(oe_sort_count(tt->sort, &n));
    end = n; /* one past the last row to count */
    if (tt->range && (tt->range_grbit & JET_bitRangeUpperLimit)) {
        bool incl = (tt->range_grbit & JET_bitRangeInclusive) != 0;
        JET_ERR err = locate(tt, tt->range_key, tt->range_cb, incl ? OE_SORT_LE : OE_SORT_LT);
        uint64_t j;
        end = i;
        if (err >= 0 && oe_sort_ordinal(tt->sort, &j) >= 0 && j + 1 > i)
            end = j + 1;
        tt->beside = 0;
        OE_CALL_R(oe_sort_goto_ordinal(tt->sort, i)); /* back where we were */
    }
    uint64_t c = end - i;
    if (crecMax && c > crecMax)
        c = crecMax;
    *pcrec = c > UINT32_MAX ? UINT32_MAX : (uint32_t)c;
    return JET_errSuccess;
}

JET_ERR oe_tt_retrieve_key(struct oe_tt *tt, void *pv, uint32_t cbMax, uint32_t *pcbActual,
                           JET_GRBIT grbit)
{
    const uint8_t *k, *d;
    uint32_t ck, cd;
    if (grbit & ~(JET_GRBIT)JET_bitRetrieveCopy)
        return OE_ERR(JET_errInvalidGrbit);
    if (grbit & JET_bitRetrieveCopy) {
        if (!(tt->key.state & OE_KEY_PREPARED))
            return OE_ERR(JET_errKeyNotMade);
        k = tt->key.rgb;
        ck = tt->key.cb;
    } else {
        OE_CALL_R(current(tt, &k, &ck, &d, &cd));
    }
    uint32_t n = ck < cbMax ? ck : cbMax;
    if (pv && n)
        memcpy(pv, k, n);
    if (pcbActual)
        *pcbActual = ck;
    return ck > cbMax ? JET_wrnBufferTruncated : JET_errSuccess;
}

/* ---- records ------------------------------------------------------------------ */

JET_ERR oe_tt_prepare(struct oe_tt *tt, uint32_t prep)
{
    JET_ERR err;
    const uint8_t *k;
    uint32_t ck;
    const struct oe_rec *from = NULL;
    if (tt->phase == TT_READ)
        return OE_ERR(JET_errIllegalOperation);
    int cancel;
    JET_ERR perr = oe_prep_check(prep, tt->prep != PREP_NONE, &cancel);
    if (perr < 0)
        return OE_ERR(perr);
    if (cancel) {
        cancel_update(tt);
        return JET_errSuccess;
    }
    enum oe_recbuf_mode mode = OE_RECBUF_INSERT;
    if (prep != JET_prepInsert) {
        if (tt->phase == TT_INSERT) /* no row is current while rows go in */
            return OE_ERR(prep == JET_prepInsertCopy ? JET_errIllegalOperation
                                                     : JET_errNoCurrentRecord);
        const uint8_t *d;
        uint32_t cd;
        OE_CALL_R(current(tt, &k, &ck, &d, &cd));
        OE_CALL_R(current_image(tt, &from)); /* k stays valid: no update in between */
        mode = prep == JET_prepInsertCopy ? OE_RECBUF_INSERT_COPY : OE_RECBUF_REPLACE;
        if (mode == OE_RECBUF_REPLACE) {
            memcpy(tt->prep_key, k, ck);
            tt->prep_cb = ck;
        }
    }
    if (tt->spare) {
        tt->buf = tt->spare;
        tt->spare = NULL;
        err = oe_recbuf_reset(tt->buf, &tt->def, from, mode);
        if (err < 0) {
            tt->spare = tt->buf; /* empty and valid: keep it */
            tt->buf = NULL;
            return err;
        }
    } else {
        err = oe_recbuf_create_mode(&tt->def, from, mode, &tt->buf);
        if (err < 0) {
            tt->buf = NULL;
            return err;
        }
    }
    tt->prep = prep;
    return JET_errSuccess;
}

JET_ERR oe_tt_set_column(struct oe_tt *tt, JET_COLUMNID colid, const void *pv, uint32_t cb,
                         JET_GRBIT grbit, const JET_SETINFO *psetinfo)
{
    if (tt->phase == TT_READ)
        return OE_ERR(JET_errIllegalOperation);
    if (tt->prep == PREP_NONE)
        return OE_ERR(JET_errUpdateNotPrepared);
    const struct oe_coldef *col = oe_tdef_column(&tt->def, colid);
    if (!col)
        return OE_ERR(JET_errColumnNotFound);
    return oe_recbuf_set(tt->buf, col, pv, cb, grbit, psetinfo);
}

/* row_key -- the key of the row in the copy buffer into tt->rowkey. */
static JET_ERR row_key(struct oe_tt *tt, const uint8_t **pk, uint32_t *pck)
{
    if (tt->seq) {
        if (tt->prep == JET_prepReplace || tt->prep == JET_prepReplaceNoLock) {
            *pk = tt->prep_key;
            *pck = tt->prep_cb;
            return JET_errSuccess;
        }
        uint64_t v = tt->next_seq + 1;
        for (int i = 0; i < 8; i++)
            tt->rowkey.rgb[i] = (uint8_t)(v >> (56 - 8 * i));
        tt->rowkey.cb = TT_SEQ_CB;
        *pk = tt->rowkey.rgb;
        *pck = TT_SEQ_CB;
        return JET_errSuccess;
    }
    int indexed;
    OE_CALL_R(oe_recbuf_make_key(tt->buf, &tt->def, &tt->idx, &tt->rowkey, &indexed));
    *pk = tt->rowkey.rgb;
    *pck = tt->rowkey.cb;
    return JET_errSuccess;
}

/* payload -- pad + image into tt->pl; returns its size in *pcb. */
static JET_ERR payload(struct oe_tt *tt, uint32_t cbKey, const struct oe_rec *rec, uint32_t *pcb)
{
    uint32_t pad = pad_for(cbKey);
    size_t cbi = oe_rec_size(rec);
    size_t cb = pad + cbi;
    if (cb > UINT32_MAX)
        return OE_ERR(JET_errInvalidParameter);
    if (tt->pl_cb < cb) {
        size_t cap = cb < 256 ? 256 : cb;
        uint8_t *n = oe_malloc(cap);
        if (!n)
            return OE_ERR(JET_errOutOfMemory);
        if (tt->pl)
            oe_free(tt->pl, tt->pl_cb);
        tt->pl = n;
        tt->pl_cb = cap;
    }
    memset(tt->pl, 0, pad);
    memcpy(tt->pl + pad, rec, cbi);
    *pcb = (uint32_t)cb;
    return JET_errSuccess;
}

JET_ERR oe_tt_update(struct oe_tt *tt, void *pvBookmark, uint32_t cbBookmark, uint32_t *pcbActual)
{
    JET_ERR err;
    struct oe_rec *rec = NULL;
    const uint8_t *k;
    uint32_t ck, cpl;
    if (tt->phase == TT_READ)
        return OE_ERR(JET_errIllegalOperation);
    if (tt->prep == PREP_NONE)
        return OE_ERR(JET_errUpdateNotPrepared);
    OE_CALL(oe_recbuf_finish(tt->buf, &tt->def, &rec));
    OE_CALL(row_key(tt, &k, &ck));
    OE_CALL(payload(tt, ck, rec, &cpl));
    if (tt->prep == JET_prepReplace || tt->prep == JET_prepReplaceNoLock) {
        if (ck != tt->prep_cb || memcmp(k, tt->prep_key, ck) != 0)
            OE_ERROR(JET_errRecordPrimaryChanged);
        /* the row may have moved away from the cursor: find it by key */
        err = oe_sort_seek(tt->sort, tt->prep_key, tt->prep_cb, OE_SORT_EQ);
        if (err == JET_errRecordNotFound)
            OE_ERROR(JET_errRecordDeleted);
        OE_CALL(err);
        tt->beside = 0;
        OE_CALL(oe_sort_replace(tt->sort, tt->pl, cpl));
    } else {
        OE_CALL(oe_sort_insert(tt->sort, k, ck, tt->pl, cpl));
        if (tt->seq)
            tt->next_seq++;
    }
    err = JET_errSuccess;
    if (tt->phase == TT_TABLE) { /* the bookmark is the key; none before sorting */
        if (pcbActual)
            *pcbActual = ck;
        if (pvBookmark) {
            uint32_t n = ck < cbBookmark ? ck : cbBookmark;
            memcpy(pvBookmark, k, n);
            if (n < ck)
                err = JET_wrnBufferTruncated;
        }
    } else if (pcbActual) {
        *pcbActual = 0;
    }
    cancel_update(tt);
handle_error:
    if (rec)
        oe_rec_free(rec); /* on error the update stays prepared: fix it or cancel it */
    return err;
}

/* key_column -- whether colid is one of the table's key columns. */
static bool key_column(const struct oe_tt *tt, JET_COLUMNID colid)
{
    for (uint32_t i = 0; i < tt->idx.nseg; i++)
        if (tt->idx.seg[i].col == colid)
            return true;
    return false;
}

JET_ERR oe_tt_retrieve(struct oe_tt *tt, JET_COLUMNID colid, void *pv, uint32_t cbMax,
                       uint32_t *pcbActual, JET_GRBIT grbit, JET_RETINFO *pretinfo)
{
    const JET_GRBIT ours = JET_bitRetrieveCopy | JET_bitRetrieveFromIndex |
                           JET_bitRetrieveFromPrimaryBookmark;
    const struct oe_coldef *col = oe_tdef_column(&tt->def, colid);
    if (!col)
        return OE_ERR(JET_errColumnNotFound);
    if ((grbit & (JET_bitRetrieveFromIndex | JET_bitRetrieveFromPrimaryBookmark)) &&
        !key_column(tt, colid))
        return OE_ERR(JET_errColumnNotFound);
    if ((grbit & JET_bitRetrieveCopy) && tt->prep != PREP_NONE)
        return oe_recbuf_retrieve(tt->buf, col, pv, cbMax, pcbActual, grbit & ~ours, pretinfo);
    const struct oe_rec *r;
    OE_CALL_R(current_image(tt, &r));
    return oe_rec_retrieve(r, &tt->def, col, pv, cbMax, pcbActual, grbit & ~ours, pretinfo);
}

JET_ERR oe_tt_delete(struct oe_tt *tt)
{
    if (tt->phase != TT_TABLE)
        return OE_ERR(JET_errIllegalOperation);
    OE_CALL_R(current(tt, NULL, NULL, NULL, NULL));
    return oe_sort_delete(tt->sort);
}
