/*
 * cursor.c -- cursors on tables (ESE's FUCB): checked JET_TABLEID handles,
 * index currency, search keys, index ranges and prepared updates.
 *
 * HANDLES. Cursors live in one process-wide slot table of type-stable slots
 * (sync/slot_table.h), like sessions: JET_TABLEID = slot index + the
 * generation kept in the slot's owner word (sync/owner.h: FREE when closed,
 * IDLE while open; cursors never use BUSY -- their session's claim already
 * serializes every call on them). Opening publishes (gen, IDLE) with a
 * release store; closing stores (gen, FREE) and returns the index to a
 * per-thread cache of free indices (batches go back to the table's mutex
 * stack). A stale, forged or closed handle fails the generation check:
 * JET_errInvalidTableId, never a crash, since slots are never freed. A live
 * handle of another session's cursor: JET_errSesidTableIdMismatch.
 *
 * OWNERSHIP. Every field but `own` and `ses` is [owner]: touched only by
 * the thread inside a call on the owning session (its owner word's
 * acquire/release orders consecutive callers). `ses` is read by other
 * sessions' resolve (relaxed atomic; a mismatch is all they learn).
 *
 * POSITION. The cursor keeps an omap cursor on its current index's map
 * (which keeps a copy of the entry key, so it survives the end of every
 * read-side section, and a pin on the entry it stands on: omap.h, PIN
 * PROTOCOL -- the next call starts from the pinned entry with no descent
 * while it is live, and re-finds by key once it was deleted; every path
 * that discards or re-targets the omap cursor drops the pin: close,
 * select_index, enter on a replaced index map) and a logical state:
 *   ON      on the entry at pos (the record may have been deleted since:
 *           retrieval then answers JET_errRecordDeleted);
 *   BEFORE  just before pos (or before the first entry): Next yields pos's
 *           entry again (after a move beyond a range's lower end or a
 *           failed seek), Previous the entry before it;
 *   AFTER   just after pos (or after the last entry);
 * Every step skips entries that are not visible (table.c: rows being
 * inserted, deleted rows, stale secondary entries).
 *
 * KEYS AND RANGES (ESE's rules, see key.h for the bytes). A search key K
 * matches an index key S when K is a prefix of S (a key made of fewer
 * columns than the index matches every entry with those leading columns),
 * so SeekEQ on a partial key finds the first such entry, and an inclusive
 * upper range with that key walks all of them. JetSeek and JetSetIndexRange
 * consume the search key (JetMakeKey again before the next one), and
 * JetSeek, JetGotoBookmark and JetMove First/Last cancel the index range; a
 * move that leaves the range cancels it too and answers NoCurrentRecord.
 *
 * ESCROW COLUMNS AND ROW LOCKS. A value version's record does not include
 * the escrow deltas stacked above it (verstore.c, COMMUTING VERSIONS): a
 * retrieval of an escrow column, and the copy buffer of a replace or
 * insert-copy, take the value through oe_vs_visible_delta (one walk: the
 * base version and the deltas this view sees). JetEscrowUpdate
 * (oe_cur_escrow) and JetGetLock(JET_bitReadLock) push commuting versions
 * with oe_vs_commute; JetGetLock(JET_bitWriteLock) and JET_prepReplace push
 * a write lock through the table.
 *
 * The current index is held by name; its position in the descriptor's index
 * array is cached with the descriptor's schema_version and re-resolved when
 * the version changes. Key shapes (struct oe_key_def) are copied into the
 * cursor so a search key never points into a retired descriptor.
 */
#include "cursor.h"

#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "err.h"
#include "key.h"
#include "record.h"
#include "session.h"
#include "sysparam.h"
#include "table.h"
#include "temptable.h"
#include "txn.h"
#include "verstore.h"
#include "sync/alloc.h"
#include "sync/handle.h"
#include "sync/owner.h"
#include "sync/slot_table.h"

enum cur_pos { POS_ON = 1, POS_BEFORE, POS_AFTER };

#define PREP_NONE 0xffffffffu

struct oe_cursor {
    struct oe_res res;              /* [owner] first: the session's resource node */
    oe_owner_word own;              /* [atomic] gen + FREE/IDLE; release on open/close,
                                     * acquire in resolve */
    _Atomic(struct oe_session *) ses; /* [atomic relaxed] owning session */
    uint32_t slot;                  /* [imm] */
    struct oe_table *t;             /* [owner] kept alive by its count in t->open[] */
    JET_GRBIT grbit;                /* [owner] JetOpenTable flags */
    /* current index */
    char iname[OE_NAME_MAX + 1];    /* [owner] "" = clustered */
    int32_t ipos;                   /* [owner] -1 clustered, else def->idx[ipos] */
    uint32_t ischema;               /* [owner] schema_version ipos was resolved in */
    struct oe_key_def kdef;         /* [owner] copy of the index's key shape */
    /* position */
    int st;                         /* [owner] enum cur_pos */
    struct oe_omap_cursor pos;      /* [owner] */
    /* JetMakeKey */
    struct oe_key key;              /* [owner] */
    /* index range */
    int range;                      /* [owner] a range is set */
    JET_GRBIT range_grbit;          /* [owner] RangeUpperLimit | RangeInclusive */
    uint32_t range_cb;              /* [owner] */
    uint8_t range_key[OE_KEY_CB_BUFFER]; /* [owner] */
    /* prepared update */
    uint32_t prep;                  /* [owner] JET_prep* or PREP_NONE */
    struct oe_recbuf *buf;          /* [owner] copy buffer */
    uint64_t prep_snap;             /* [owner] the clock seen by JetPrepareUpdate: a
                                     * replace conflicts with commits after it */
    uint32_t prep_bmcb;             /* [owner] bookmark of the replaced row */
    uint8_t prep_bm[OE_OMAP_KEY_MAX]; /* [owner] */
};

/* ---- the handle table ---------------------------------------------------- */

#define FREE_CACHE 32
#define FREE_BATCH 16

static struct oe_slot_table g_table;       /* [imm] after pthread_once */
static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static pthread_key_t g_flush_key;          /* [imm] after pthread_once */
static _Atomic int g_ready;                /* [atomic acq/rel] set after table_create */

struct free_cache {
    uint32_t n;                /* [owner] this thread */
    uint32_t idx[FREE_CACHE];  /* [owner] */
};
static _Thread_local struct free_cache t_free;

static void init_slot(void *elem, uint32_t index)
{
    struct oe_cursor *c = elem;
    memset(c, 0, sizeof(*c));
    c->slot = index;
    atomic_init(&c->own, oe_own_make(0, OE_OWN_FREE));
    atomic_init(&c->ses, NULL);
}

/* flush_at_exit -- a dying thread's cached free slots go back to the table. */
static void flush_at_exit(void *unused)
{
    (void)unused;
    if (t_free.n) {
        oe_slot_free_batch(&g_table, t_free.idx, t_free.n);
        t_free.n = 0;
    }
}

static void table_create(void)
{
    oe_slot_table_init(&g_table, sizeof(struct oe_cursor), OE_HND_SLOT_MAX, init_slot);
    (void)pthread_key_create(&g_flush_key, flush_at_exit);
}

static inline struct oe_slot_table *table(void)
{
    /* Acquire pairs with the release below: whoever sees 1 sees the table. */
    if (OE_UNLIKELY(!atomic_load_explicit(&g_ready, memory_order_acquire))) {
        pthread_once(&g_once, table_create);
        atomic_store_explicit(&g_ready, 1, memory_order_release);
    }
    return &g_table;
}

/* pop_free_slot -- a free slot index (0: none could be had). */
static uint32_t pop_free_slot(void)
{
    if (OE_UNLIKELY(t_free.n == 0)) {
        t_free.n = oe_slot_alloc_batch(table(), t_free.idx, FREE_BATCH);
        if (t_free.n == 0)
            return 0;
        (void)pthread_setspecific(g_flush_key, &t_free);
    }
    return t_free.idx[--t_free.n];
}

/* push_free_slot -- return an index; never allocates. */
static void push_free_slot(uint32_t idx)
{
    if (OE_UNLIKELY(t_free.n == FREE_CACHE)) {
        oe_slot_free_batch(table(), &t_free.idx[FREE_CACHE - FREE_BATCH], FREE_BATCH);
        t_free.n -= FREE_BATCH;
    }
    t_free.idx[t_free.n++] = idx;
}

/* ---- open / close -------------------------------------------------------- */

static JET_ERR res_close(struct oe_session *s, struct oe_res *r);
static const struct oe_res_ops cursor_ops = {"cursor", res_close, NULL};

/* sequential_kdef -- the key shape of the implicit (sequential) index: only
 * JET_bitNormalizedKey keys (8-byte bookmarks) are meaningful on it. */
static void sequential_kdef(struct oe_key_def *k)
{
    memset(k, 0, sizeof(*k));
    k->cseg = 1;
    k->rgseg[0].coltyp = JET_coltypBinary;
    (void)oe_key_def_prepare(k);
}

/* select_index -- make def->idx[pos] (or the clustered index, pos -1) the
 * cursor's index, before its first entry, with an empty key, no range. */
static void select_index(struct oe_cursor *c, const struct oe_tdef *def, int32_t pos)
{
    struct oe_tab_ix ix;
    oe_tab_ix_resolve(c->t, def, pos, &ix);
    c->ipos = ix.pos;
    c->ischema = def->schema_version;
    if (ix.def) {
        memcpy(c->iname, ix.def->name, sizeof(c->iname));
        c->kdef = ix.def->kdef;
    } else {
        c->iname[0] = '\0';
        sequential_kdef(&c->kdef);
    }
    oe_key_init(&c->key, &c->kdef);
    oe_omap_cursor_reset(&c->pos, ix.map); /* drops the old index's pin, if any */
    c->pos.state = OE_OMAP_CUR_BEFORE_FIRST;
    c->st = POS_BEFORE;
    c->range = 0;
}

/* quota_release -- give back what reserve_cursor counted: the cursor
 * credit and the table's count (release: the cursor's work happens before a
 * JetDeleteTable that sums the shards). Any thread may close. */
static inline void quota_release(struct oe_instance *ins, struct oe_table *t)
{
    atomic_fetch_sub_explicit(oe_tab_shard_of(t, oe_thread_id()), 1, memory_order_release);
    oe_ins_give_credit(ins, OE_Q_CURSORS);
}

/* reserve_cursor -- every fallible step of a cursor open, in the order
 * that lets each undo the ones before it: the cursor credit
 * (JET_paramMaxCursors), the table's count (JET_paramMaxOpenTables; the
 * Dekker pair of catalog.h's TABLE COUNTS), a slot. On success the caller
 * must bind_cursor; on error nothing stays taken. */
static inline JET_ERR reserve_cursor(struct oe_instance *ins, struct oe_table *t,
                                     struct oe_cur_resv *r)
{
    JET_ERR err;
    /* JET_paramMaxCursors: a credit from this thread's cache (instance.h). */
    if (OE_UNLIKELY((err = oe_ins_take_credit(ins, OE_Q_CURSORS)) < 0))
        return err;
    /* The table's count: this thread's shard, then the state (seq_cst both:
     * the Dekker pair of catalog.h's TABLE COUNTS). LP(open, fast): the
     * load that sees COUNTED. */
    atomic_fetch_add_explicit(oe_tab_shard_of(t, oe_thread_id()), 1, memory_order_seq_cst);
    if (OE_UNLIKELY(atomic_load_explicit(&t->state, memory_order_seq_cst) != OE_TAB_COUNTED) &&
        (err = oe_cat_table_open_slow(ins, t)) < 0) {
        quota_release(ins, t);
        return err;
    }
    for (;;) {
        uint32_t idx = pop_free_slot();
        if (OE_UNLIKELY(idx == 0)) {
            quota_release(ins, t);
            return OE_ERR(JET_errOutOfMemory);
        }
        r->c = oe_slot_lookup(table(), idx);
        r->gen = oe_own_gen(atomic_load_explicit(&r->c->own, memory_order_relaxed)) + 1;
        if (OE_LIKELY(r->gen <= OE_HND_GEN_MAX))
            break; /* else the slot's generations are used up: retire it */
    }
    r->t = t;
    return JET_errSuccess;
}

/* bind_cursor -- make the reserved slot s's cursor on r->t: fills it, puts
 * it on the session's list and publishes the handle. Allocates nothing,
 * cannot fail. */
static inline void bind_cursor(struct oe_session *s, const struct oe_cur_resv *r,
                               JET_GRBIT grbit, JET_TABLEID *ptableid)
{
    struct oe_cursor *c = r->c;
    c->t = r->t;
    c->grbit = grbit;
    c->prep = PREP_NONE;
    c->buf = NULL;
    c->res.ops = &cursor_ops;
    oe_rcu_read_lock();
    select_index(c, oe_tab_def(r->t), -1);
    oe_rcu_read_unlock();
    atomic_store_explicit(&c->ses, s, memory_order_relaxed);
    oe_res_push(&s->res[OE_RES_CURSOR], &c->res, s->level);
    /* LP(open): the handle becomes valid; release publishes the fields. */
    oe_own_leave(&c->own, r->gen);
    *ptableid = oe_hnd_make(c->slot, r->gen);
}

JET_ERR oe_cur_open_table(struct oe_session *s, struct oe_table *t, JET_GRBIT grbit,
                          JET_TABLEID *ptableid)
{
    struct oe_cur_resv r;
    *ptableid = JET_tableidNil;
    JET_ERR err = reserve_cursor(atomic_load_explicit(&s->ins, memory_order_relaxed), t, &r);
    if (OE_UNLIKELY(err < 0))
        return err;
    bind_cursor(s, &r, grbit, ptableid);
    return JET_errSuccess;
}

JET_ERR oe_cur_reserve(struct oe_session *s, struct oe_table *t, struct oe_cur_resv *r)
{
    return reserve_cursor(atomic_load_explicit(&s->ins, memory_order_relaxed), t, r);
}

void oe_cur_bind(struct oe_session *s, const struct oe_cur_resv *r, JET_GRBIT grbit,
                 JET_TABLEID *ptableid)
{
    bind_cursor(s, r, grbit, ptableid);
}

/* The last cursor slot this thread resolved and its address. It never goes
 * stale: the cursor table lives as long as the process and a slot index
 * always names the same memory (sync/slot_table.h), so a hit skips the
 * directory lookup (and its read-side section); the handle checks that
 * follow are the same either way. */
static _Thread_local struct {
    uint32_t slot;        /* [owner] this thread */
    struct oe_cursor *c;  /* [owner] this thread: NULL until the first lookup */
} t_cur_memo;

JET_ERR oe_cur_resolve(struct oe_session *s, JET_TABLEID tableid, struct oe_cursor **pcur)
{
    *pcur = NULL;
    if (OE_UNLIKELY(!oe_hnd_plausible(tableid)))
        return OE_ERR(JET_errInvalidTableId);
    if (OE_UNLIKELY(oe_tt_is_handle(tableid))) {
        /* A call only table cursors support (DDL, info, locks, escrow) on
         * a temp table: ESE's sort dispatch answers IllegalOperation, once
         * the handle is known to be this session's live temp table. */
        struct oe_tt *tt;
        JET_ERR err = oe_tt_resolve(s, tableid, &tt);
        return err < 0 ? err : OE_ERR(JET_errIllegalOperation);
    }
    const uint32_t slot = oe_hnd_slot(tableid);
    struct oe_cursor *c = t_cur_memo.c;
    if (slot != t_cur_memo.slot || !c) {
        c = oe_slot_lookup(table(), slot);
        if (OE_UNLIKELY(!c))
            return OE_ERR(JET_errInvalidTableId);
        t_cur_memo.slot = slot;
        t_cur_memo.c = c;
    }
    /* Acquire pairs with the release of open/close. */
    uint64_t w = atomic_load_explicit(&c->own, memory_order_acquire);
    if (OE_UNLIKELY(oe_own_gen(w) != oe_hnd_gen(tableid) || oe_own_state(w) != OE_OWN_IDLE))
        return OE_ERR(JET_errInvalidTableId);
    if (OE_UNLIKELY(atomic_load_explicit(&c->ses, memory_order_relaxed) != s))
        return OE_ERR(JET_errSesidTableIdMismatch);
    *pcur = c;
    return JET_errSuccess;
}

struct oe_table *oe_cur_table(struct oe_cursor *c) { return c->t; }

/* cancel_update -- drop the prepared update, if any, and free the copy
 * buffer (cursor close; never allocates). */
static void cancel_update(struct oe_cursor *c)
{
    if (c->buf)
        oe_recbuf_free(c->buf);
    c->buf = NULL;
    c->prep = PREP_NONE;
}

/* end_update -- no update prepared any more, but the copy buffer stays
 * for the next JetPrepareUpdate (oe_recbuf_reset keeps its directory, so
 * a stream of inserts allocates no buffer). */
static void end_update(struct oe_cursor *c)
{
    c->prep = PREP_NONE;
}

/* res_close -- close a cursor already unlinked from its session (rollback,
 * JetEndSession, JetCloseTable). Allocates nothing, cannot fail. */
static JET_ERR res_close(struct oe_session *s, struct oe_res *r)
{
    struct oe_cursor *c = (struct oe_cursor *)r; /* res is the first member */
    struct oe_instance *ins = atomic_load_explicit(&s->ins, memory_order_relaxed);
    cancel_update(c);
    oe_omap_cursor_release(&c->pos); /* its pin, if any: no allocation */
    quota_release(ins, c->t);
    c->t = NULL;
    atomic_store_explicit(&c->ses, NULL, memory_order_relaxed);
    /* LP(close): the handle dies; the slot may be reused after this store. */
    oe_own_free(&c->own, oe_own_gen(atomic_load_explicit(&c->own, memory_order_relaxed)));
    push_free_slot(c->slot);
    return JET_errSuccess;
}

JET_ERR oe_cur_close(struct oe_session *s, struct oe_cursor *c)
{
    oe_res_unlink(&s->res[OE_RES_CURSOR], &c->res);
    return res_close(s, &c->res);
}

JET_ERR oe_cur_dup(struct oe_session *s, struct oe_cursor *c, JET_TABLEID *ptableid)
{
    JET_ERR err = oe_cur_open_table(s, c->t, c->grbit, ptableid);
    if (err < 0)
        return err;
    struct oe_cursor *d;
    (void)oe_cur_resolve(s, *ptableid, &d);
    oe_rcu_read_lock();
    const struct oe_tdef *def = oe_tab_def(c->t);
    const struct oe_idxdef *x = c->iname[0] ? oe_tdef_index(def, c->iname) : NULL;
    select_index(d, def, x ? (int32_t)(x - def->idx) : -1);
    oe_rcu_read_unlock();
    return JET_errSuccess;
}

/* ---- per-call context ----------------------------------------------------- */

struct ctx {
    const struct oe_tdef *def;   /* loaded once in this read section */
    struct oe_tab_ix ix;         /* the cursor's index in def */
    struct oe_vs_view view;      /* what this call sees (verstore.h) */
};

/* enter -- begin a read section on the cursor: load the descriptor once and
 * resolve the current index (JET_errIndexNotFound if it was deleted). On
 * error the section is already closed. */
static JET_ERR enter(struct oe_cursor *c, struct ctx *x)
{
    oe_rcu_read_lock();
    x->def = oe_tab_def(c->t);
    if (OE_UNLIKELY(x->def->schema_version != c->ischema) && c->ipos >= 0) {
        const struct oe_idxdef *i = oe_tdef_index(x->def, c->iname);
        if (!i) {
            oe_rcu_read_unlock();
            return OE_ERR(JET_errIndexNotFound);
        }
        c->ipos = (int32_t)(i - x->def->idx);
    } else if (OE_UNLIKELY(x->def->schema_version != c->ischema) &&
               (c->iname[0] == '\0') != (x->def->primary < 0)) {
        /* The clustered index changed kind (a primary index was created on
         * the table, which must then be empty, or the cursor's cache names
         * one that no longer is): refresh the key definition and name. */
        select_index(c, x->def, -1);
    }
    c->ischema = x->def->schema_version;
    oe_tab_ix_resolve(c->t, x->def, c->ipos, &x->ix);
    if (OE_UNLIKELY(c->pos.map != x->ix.map)) {
        /* The index was deleted and one of the same name created: the old
         * map is gone (or going), so the position means nothing there.
         * Drop the pin (touches only the node) and start before the first
         * entry of the new one. */
        oe_omap_cursor_reset(&c->pos, x->ix.map);
        c->pos.state = OE_OMAP_CUR_BEFORE_FIRST;
        c->st = POS_BEFORE;
    }
    /* The owning session: its claim is held by this thread. In a
     * transaction the view is its snapshot, outside one the clock now. */
    oe_vs_view_of(atomic_load_explicit(&c->ses, memory_order_relaxed), &x->view);
    return JET_errSuccess;
}

/* leave -- end the section; the omap cursor pins the node it is on (or
 * drops its pin) and forgets the shortcut first (omap.h, PIN PROTOCOL):
 * the next call starts from the pin with no descent while it is live. */
static void leave(struct oe_cursor *c)
{
    oe_omap_cursor_park(&c->pos);
    oe_rcu_read_unlock();
}

/* current -- the entry, row and live version the cursor is on: the pinned
 * entry while it is live (no descent), else a lookup of the saved key. */
static JET_ERR current(struct oe_cursor *c, struct ctx *x, struct oe_omap_entry **pe,
                       struct oe_row **prow, struct oe_ver **pver)
{
    if (c->st != POS_ON || c->pos.state != OE_OMAP_CUR_ON)
        return OE_ERR(JET_errNoCurrentRecord);
    struct oe_omap_entry *e = oe_omap_cursor_current(&c->pos);
    struct oe_row *row = NULL;
    struct oe_ver *v = e ? oe_tab_visible(x->def, &x->ix, e, &x->view, &row) : NULL;
    if (!v)
        return OE_ERR(JET_errRecordDeleted);
    if (pe)
        *pe = e;
    if (prow)
        *prow = row;
    if (pver)
        *pver = v;
    return JET_errSuccess;
}

/* in_range -- whether an entry lies inside the cursor's index range. */
static int in_range(struct oe_cursor *c, const struct oe_tab_ix *ix, struct oe_omap_entry *e)
{
    if (!c->range)
        return 1;
    uint32_t cs;
    const uint8_t *s = oe_tab_entry_skey(ix, e, &cs);
    int cmp = oe_tab_key_cmp(s, cs, c->range_key, c->range_cb);
    int incl = (c->range_grbit & JET_bitRangeInclusive) != 0;
    if (c->range_grbit & JET_bitRangeUpperLimit)
        return incl ? cmp <= 0 : cmp < 0;
    return incl ? cmp >= 0 : cmp > 0;
}

/*
 * prefetch_ahead -- a forward scan's software pipeline. A row costs three
 * dependent misses: its index node, the row (node->value) and the record
 * holding its head version (row->head); a scan then took them one after
 * the other, row after row. Each forward step now starts the fetches that
 * the next steps will need, one stage per step, so that each stage only
 * reads lines fetched a step earlier (N1 = the next node, N2 the one after):
 *   node N3 <- N2's link;  row of N2 <- N2's value;  record of N1's row.
 * In steady state N1, N2 and N1's row arrived during the previous step, so
 * these reads do not stall and the current row's three lines are already
 * there when the step reaches it.
 * Safety: all reads happen in the caller's read-side section. N1 is read
 * only through a live e (unmarked level-0 link), N2 only through a live
 * N1, so both are nodes no reader's section can see freed (omap.c, I4).
 * N1's row is dereferenced only once N1 was seen live: a row is retired
 * only after its entry is deleted (table.c, I2), so not before our
 * section ends. Everything else is only prefetched, which never faults.
 */
#define PREFETCH_NODES 2     /* nodes read ahead (each fetched a step before) */
#define PREFETCH_REC_LINES 4 /* lines of a record image fetched (version prefix, columns) */

static void prefetch_ahead(struct oe_omap_entry *e)
{
    struct oe_omap_entry *n[PREFETCH_NODES + 1];
    n[0] = e;
    for (int i = 1; i <= PREFETCH_NODES; i++)
        if (!(n[i] = oe_omap_entry_next_live(n[i - 1])))
            return; /* the end, or a deleted neighbour: the walk will handle it */
    /* n[1..PREFETCH_NODES] were each seen through a live predecessor, and
     * n[1..PREFETCH_NODES - 1] were seen live themselves. */
    __builtin_prefetch(oe_omap_entry_next_live(n[PREFETCH_NODES]), 0, 3);
    __builtin_prefetch(oe_tab_entry_row(n[PREFETCH_NODES]), 0, 3);
    /* relaxed: only an address to prefetch; the step that reaches the row
     * loads head with acquire (oe_vs_visible). */
    const char *rec = (const char *)atomic_load_explicit(
        &oe_tab_entry_row(n[PREFETCH_NODES - 1])->head, memory_order_relaxed);
    for (int line = 0; line < PREFETCH_REC_LINES; line++)
        __builtin_prefetch(rec + 64 * line, 0, 3);
}

/* step -- move one visible entry forward (dir > 0) or backward; NULL at
 * the end of the index or of the range (which is then cancelled). From a
 * live pin, "just before/after pos" is the pinned entry itself (reseek)
 * and Next is one level-0 step: no descent. */
static struct oe_omap_entry *step(struct oe_cursor *c, struct ctx *x, int dir)
{
    struct oe_omap_cursor *p = &c->pos;
    struct oe_omap_entry *e;
    if (dir > 0)
        e = (c->st == POS_BEFORE && p->state == OE_OMAP_CUR_ON)
                ? oe_omap_cursor_reseek(p, OE_OMAP_GE)
                : oe_omap_cursor_next(p);
    else
        e = (c->st == POS_AFTER && p->state == OE_OMAP_CUR_ON)
                ? oe_omap_cursor_reseek(p, OE_OMAP_LE)
                : oe_omap_cursor_prev(p);
    for (;;) {
        if (!e) {
            c->st = dir > 0 ? POS_AFTER : POS_BEFORE;
            return NULL;
        }
        if (!in_range(c, &x->ix, e)) {
            c->st = dir > 0 ? POS_BEFORE : POS_AFTER; /* beside the entry past the range */
            c->range = 0;
            return NULL;
        }
        if (oe_tab_visible(x->def, &x->ix, e, &x->view, NULL)) {
            c->st = POS_ON;
            if (dir > 0)
                prefetch_ahead(e);
            return e;
        }
        e = dir > 0 ? oe_omap_cursor_next(p) : oe_omap_cursor_prev(p);
    }
}

/* settle -- from an entry just reached by first/last, skip invisible ones. */
static struct oe_omap_entry *settle(struct oe_cursor *c, struct ctx *x, struct oe_omap_entry *e,
                                    int dir)
{
    while (e && !oe_tab_visible(x->def, &x->ix, e, &x->view, NULL))
        e = dir > 0 ? oe_omap_cursor_next(&c->pos) : oe_omap_cursor_prev(&c->pos);
    if (e) {
        c->st = POS_ON;
        return e;
    }
    c->st = dir > 0 ? POS_AFTER : POS_BEFORE;
    return NULL;
}

/* ---- index selection ------------------------------------------------------ */

JET_ERR oe_cur_set_index(struct oe_cursor *c, const char *name, JET_GRBIT grbit)
{
    JET_ERR err;
    struct ctx x;
    if (grbit & ~(JET_GRBIT)JET_bitNoMove)
        return OE_ERR(JET_errInvalidGrbit);
    OE_CALL_R(enter(c, &x));
    int32_t pos = -1;
    if (name && name[0]) {
        const struct oe_idxdef *i = oe_tdef_index(x.def, name);
        if (!i) {
            leave(c);
            return OE_ERR(JET_errIndexNotFound);
        }
        pos = (int32_t)(i - x.def->idx);
        if (pos == x.def->primary)
            pos = -1;
    }
    if (pos == c->ipos) { /* the current index: nothing changes (ESE) */
        leave(c);
        return JET_errSuccess;
    }
    /* Selecting the clustered index from a secondary one implies MoveFirst. */
    int nomove = (grbit & JET_bitNoMove) && pos >= 0;
    uint8_t key[OE_OMAP_KEY_MAX];
    uint32_t cb = 0;
    int indexed = 0;
    struct oe_row *row = NULL;
    struct oe_ver *v = NULL;
    if (nomove) {
        err = current(c, &x, NULL, &row, &v);
        if (err < 0) {
            leave(c);
            return err;
        }
    }
    select_index(c, x.def, pos);
    oe_tab_ix_resolve(c->t, x.def, c->ipos, &x.ix);
    err = JET_errSuccess;
    if (nomove) {
        err = oe_tab_entry_key_for(x.def, &x.ix, row, v->rec, key, &cb, &indexed);
        if (err >= 0 && !indexed)
            err = OE_ERR(JET_errNoCurrentRecord);
        if (err >= 0) {
            if (oe_omap_cursor_seek(&c->pos, key, cb, OE_OMAP_EQ))
                c->st = POS_ON;
            else
                err = OE_ERR(JET_errRecordDeleted);
        }
        if (err < 0) {
            c->pos.state = OE_OMAP_CUR_BEFORE_FIRST;
            c->st = POS_BEFORE;
        }
    } else {
        (void)settle(c, &x, oe_omap_cursor_first(&c->pos), 1); /* empty: stays before */
        if (c->st != POS_ON) {
            c->pos.state = OE_OMAP_CUR_BEFORE_FIRST;
            c->st = POS_BEFORE;
        }
    }
    leave(c);
    return err;
}

JET_ERR oe_cur_get_index(struct oe_cursor *c, char *sz, uint32_t cb)
{
    if (!sz || cb == 0)
        return OE_ERR(JET_errBufferTooSmall);
    size_t n = strlen(c->iname);
    if (n + 1 > cb) {
        memcpy(sz, c->iname, cb - 1);
        sz[cb - 1] = '\0';
        return JET_wrnBufferTruncated;
    }
    memcpy(sz, c->iname, n + 1);
    return JET_errSuccess;
}

/* ---- moves ---------------------------------------------------------------- */

/* skey_copy -- the index key of entry e into buf (for MoveKeyNE). */
static uint32_t skey_copy(const struct oe_tab_ix *ix, struct oe_omap_entry *e, uint8_t *buf)
{
    uint32_t cb;
    const uint8_t *s = oe_tab_entry_skey(ix, e, &cb);
    memcpy(buf, s, cb);
    return cb;
}

JET_ERR oe_cur_move(struct oe_cursor *c, int32_t crow, JET_GRBIT grbit)
{
    JET_ERR err;
    struct ctx x;
    if (grbit & ~(JET_GRBIT)JET_bitMoveKeyNE)
        return OE_ERR(JET_errInvalidGrbit);
    OE_CALL_R(enter(c, &x));
    err = JET_errSuccess;
    if (crow == JET_MoveFirst || crow == JET_MoveLast) {
        int dir = crow == JET_MoveFirst ? 1 : -1;
        c->range = 0; /* ESE: First/Last reset the index range */
        struct oe_omap_entry *e = dir > 0 ? oe_omap_cursor_first(&c->pos)
                                          : oe_omap_cursor_last(&c->pos);
        if (!settle(c, &x, e, dir))
            err = OE_ERR(JET_errNoCurrentRecord);
    } else if (crow == 0) {
        err = current(c, &x, NULL, NULL, NULL);
    } else {
        int dir = crow > 0 ? 1 : -1;
        uint32_t n = crow > 0 ? (uint32_t)crow : (uint32_t)(-(int64_t)crow);
        uint8_t cur[OE_OMAP_KEY_MAX];
        uint32_t ccur = 0;
        int have = 0;
        if ((grbit & JET_bitMoveKeyNE) && c->st == POS_ON && c->pos.state == OE_OMAP_CUR_ON) {
            struct oe_omap_entry *e0 = oe_omap_cursor_current(&c->pos);
            if (e0) {
                ccur = skey_copy(&x.ix, e0, cur);
                have = 1;
            }
        }
        while (n) {
            struct oe_omap_entry *e = step(c, &x, dir);
            if (!e) {
                err = OE_ERR(JET_errNoCurrentRecord);
                break;
            }
            if (grbit & JET_bitMoveKeyNE) {
                uint32_t cs;
                const uint8_t *s = oe_tab_entry_skey(&x.ix, e, &cs);
                if (have && cs == ccur && memcmp(s, cur, cs) == 0)
                    continue; /* same key: not a new position */
                ccur = skey_copy(&x.ix, e, cur);
                have = 1;
            }
            n--;
        }
    }
    leave(c);
    return err;
}

/* ---- keys, seeks, ranges -------------------------------------------------- */

JET_ERR oe_cur_make_key(struct oe_cursor *c, const void *pv, uint32_t cb, JET_GRBIT grbit)
{
    if (c->ipos < 0 && c->iname[0] == '\0' && !(grbit & JET_bitNormalizedKey))
        return OE_ERR(JET_errInvalidOperation); /* sequential index: bookmarks only */
    return oe_key_make(&c->key, pv, cb, grbit);
}

/* want -- whether an index key comparing `cmp` with the search key meets rel. */
static int want(enum oe_omap_rel rel, int cmp)
{
    switch (rel) {
    case OE_OMAP_EQ: return cmp == 0;
    case OE_OMAP_LT: return cmp < 0;
    case OE_OMAP_LE: return cmp <= 0;
    case OE_OMAP_GE: return cmp >= 0;
    default: return cmp > 0;
    }
}

/* locate -- position on the first (EQ, GE, GT) or last (LE, LT) visible
 * entry whose index key S relates to K as asked (oe_tab_key_cmp: a prefix
 * match is equal). The map orders whole entry keys; GT and LE probe with K
 * padded with 0xff (above every entry that starts with K), and the few
 * entries where the byte order and the prefix order disagree (composite
 * entries, over-long keys) are skipped in the direction of travel.
 * *pcmp gets the found key's comparison with K. */
static struct oe_omap_entry *locate(struct oe_cursor *c, struct ctx *x, const uint8_t *k,
                                    uint32_t ck, enum oe_omap_rel rel, int *pcmp)
{
    struct oe_omap_cursor *p = &c->pos;
    struct oe_omap_entry *e;
    int fwd = rel == OE_OMAP_EQ || rel == OE_OMAP_GE || rel == OE_OMAP_GT;
    if (ck > OE_OMAP_KEY_MAX)
        ck = OE_OMAP_KEY_MAX;
    if (rel == OE_OMAP_GT || rel == OE_OMAP_LE) {
        uint8_t probe[OE_OMAP_KEY_MAX];
        memcpy(probe, k, ck);
        memset(probe + ck, 0xff, OE_OMAP_KEY_MAX - ck);
        e = oe_omap_cursor_seek(p, probe, OE_OMAP_KEY_MAX, rel);
    } else {
        e = oe_omap_cursor_seek(p, k, ck, rel == OE_OMAP_LT ? OE_OMAP_LT : OE_OMAP_GE);
    }
    while (e) {
        uint32_t cs;
        const uint8_t *s = oe_tab_entry_skey(&x->ix, e, &cs);
        int cmp = oe_tab_key_cmp(s, cs, k, ck);
        if (rel == OE_OMAP_EQ && cmp > 0)
            return NULL;
        if (want(rel, cmp) && oe_tab_visible(x->def, &x->ix, e, &x->view, NULL)) {
            *pcmp = cmp;
            return e;
        }
        e = fwd ? oe_omap_cursor_next(p) : oe_omap_cursor_prev(p);
    }
    return NULL;
}

JET_ERR oe_cur_seek(struct oe_cursor *c, JET_GRBIT grbit)
{
    JET_ERR err;
    struct ctx x;
    enum oe_omap_rel rel;
    if (grbit & JET_bitSeekEQ)
        rel = OE_OMAP_EQ;
    else if (grbit & JET_bitSeekLT)
        rel = OE_OMAP_LT;
    else if (grbit & JET_bitSeekLE)
        rel = OE_OMAP_LE;
    else if (grbit & JET_bitSeekGE)
        rel = OE_OMAP_GE;
    else if (grbit & JET_bitSeekGT)
        rel = OE_OMAP_GT;
    else
        return OE_ERR(JET_errInvalidGrbit);
    if ((grbit & JET_bitSetIndexRange) && rel != OE_OMAP_EQ)
        return OE_ERR(JET_errInvalidGrbit);
    if (!(c->key.state & OE_KEY_PREPARED))
        return OE_ERR(JET_errKeyNotMade);
    OE_CALL_R(enter(c, &x));
    c->range = 0;
    int cmp = 0;
    struct oe_omap_entry *e = locate(c, &x, c->key.rgb, c->key.cb, rel, &cmp);
    if (!e) {
        err = OE_ERR(JET_errRecordNotFound);
        c->pos.state = OE_OMAP_CUR_BEFORE_FIRST;
        c->st = POS_BEFORE;
    } else {
        c->st = POS_ON;
        err = (rel != OE_OMAP_EQ && cmp != 0) ? JET_wrnSeekNotEqual : JET_errSuccess;
        if (grbit & JET_bitSetIndexRange) {
            c->range = 1;
            c->range_grbit = JET_bitRangeUpperLimit | JET_bitRangeInclusive;
            c->range_cb = c->key.cb;
            memcpy(c->range_key, c->key.rgb, c->key.cb);
        }
    }
    oe_key_reset(&c->key); /* JetSeek consumes the search key */
    leave(c);
    return err;
}

JET_ERR oe_cur_set_range(struct oe_cursor *c, JET_GRBIT grbit)
{
    JET_ERR err;
    struct ctx x;
    if (grbit & ~(JET_GRBIT)(JET_bitRangeInclusive | JET_bitRangeUpperLimit |
                             JET_bitRangeInstantDuration | JET_bitRangeRemove))
        return OE_ERR(JET_errInvalidGrbit);
    if (grbit & JET_bitRangeRemove) {
        if (!c->range)
            return OE_ERR(JET_errInvalidOperation);
        c->range = 0;
        return JET_errSuccess;
    }
    if (!(c->key.state & OE_KEY_PREPARED))
        return OE_ERR(JET_errKeyNotMade);
    OE_CALL_R(enter(c, &x));
    struct oe_omap_entry *e;
    err = current(c, &x, &e, NULL, NULL);
    if (err >= 0) {
        c->range = 1;
        c->range_grbit = grbit & (JET_bitRangeInclusive | JET_bitRangeUpperLimit);
        c->range_cb = c->key.cb;
        memcpy(c->range_key, c->key.rgb, c->key.cb);
        if (!in_range(c, &x.ix, e)) {
            c->range = 0;
            err = OE_ERR(JET_errNoCurrentRecord);
        } else if (grbit & JET_bitRangeInstantDuration) {
            c->range = 0;
        }
    } else {
        err = OE_ERR(JET_errNoCurrentRecord);
    }
    oe_key_reset(&c->key); /* consumed, as by JetSeek */
    leave(c);
    return err;
}

/* ---- bookmarks, counts, keys --------------------------------------------- */

JET_ERR oe_cur_get_bookmark(struct oe_cursor *c, void *pv, uint32_t cbMax, uint32_t *pcbActual)
{
    JET_ERR err;
    struct ctx x;
    struct oe_row *row;
    OE_CALL_R(enter(c, &x));
    err = current(c, &x, NULL, &row, NULL);
    if (err >= 0) {
        if (pcbActual)
            *pcbActual = row->keylen;
        if (cbMax < row->keylen || (!pv && row->keylen))
            err = OE_ERR(JET_errBufferTooSmall);
        else
            memcpy(pv, row->key, row->keylen);
    }
    leave(c);
    return err;
}

JET_ERR oe_cur_goto_bookmark(struct oe_cursor *c, const void *pv, uint32_t cb)
{
    JET_ERR err;
    struct ctx x;
    if (!pv || cb == 0 || cb > OE_OMAP_KEY_MAX)
        return OE_ERR(JET_errInvalidBookmark);
    OE_CALL_R(enter(c, &x));
    c->range = 0;
    struct oe_ver *v;
    if (x.ix.clustered) {
        /* The bookmark is the clustered key: one lookup finds the entry
         * to stand on (was a row lookup, then a seek of the same key). */
        struct oe_omap_entry *e = oe_omap_lookup(x.ix.map, pv, cb);
        if (e && oe_tab_visible(x.def, &x.ix, e, &x.view, NULL)) {
            oe_omap_cursor_goto(&c->pos, e);
            c->st = POS_ON;
            err = JET_errSuccess;
        } else {
            err = OE_ERR(JET_errRecordDeleted);
        }
        goto done;
    }
    struct oe_row *row = oe_tab_row_lookup(c->t, pv, cb, &x.view, &v);
    uint8_t key[OE_OMAP_KEY_MAX];
    uint32_t ck;
    int indexed;
    if (!row)
        err = OE_ERR(JET_errRecordDeleted);
    else if ((err = oe_tab_entry_key_for(x.def, &x.ix, row, v->rec, key, &ck, &indexed)) >= 0) {
        if (!indexed)
            err = OE_ERR(JET_errNoCurrentRecord);
        else if (oe_omap_cursor_seek(&c->pos, key, ck, OE_OMAP_EQ))
            c->st = POS_ON;
        else
            err = OE_ERR(JET_errRecordDeleted);
    }
done:
    if (err < 0 && c->pos.state != OE_OMAP_CUR_ON) {
        c->pos.state = OE_OMAP_CUR_BEFORE_FIRST;
        c->st = POS_BEFORE;
    }
    leave(c);
    return err;
}

JET_ERR oe_cur_index_count(struct oe_cursor *c, uint32_t *pcrec, uint32_t crecMax)
{
    JET_ERR err;
    struct ctx x;
    *pcrec = 0;
    struct oe_omap_cursor *p = oe_malloc(sizeof(*p));
    if (!p)
        return OE_ERR(JET_errOutOfMemory);
    OE_CALL(enter(c, &x));
    /* A pin-less scratch copy: the count does not move the cursor. */
    oe_omap_cursor_init(p, c->pos.map);
    oe_omap_cursor_copy(p, &c->pos);
    struct oe_omap_entry *e = NULL;
    if ((c->st == POS_ON || c->st == POS_BEFORE) && p->state == OE_OMAP_CUR_ON)
        e = oe_omap_cursor_reseek(p, OE_OMAP_GE);
    else if (p->state == OE_OMAP_CUR_BEFORE_FIRST)
        e = oe_omap_cursor_first(p);
    else if (c->st == POS_AFTER && p->state == OE_OMAP_CUR_ON)
        e = oe_omap_cursor_seek(p, p->key, p->keylen, OE_OMAP_GT);
    uint32_t n = 0;
    for (; e && (crecMax == 0 || n < crecMax); e = oe_omap_cursor_next(p)) {
        if (!in_range(c, &x.ix, e))
            break;
        if (oe_tab_visible(x.def, &x.ix, e, &x.view, NULL))
            n++;
    }
    oe_omap_cursor_release(p); /* it never pinned: just forget */
    leave(c);
    *pcrec = n;
    err = JET_errSuccess;
handle_error:
    oe_free(p, sizeof(*p));
    return err;
}

JET_ERR oe_cur_retrieve_key(struct oe_cursor *c, void *pv, uint32_t cbMax, uint32_t *pcbActual,
                            JET_GRBIT grbit)
{
    JET_ERR err;
    struct ctx x;
    const uint8_t *s;
    uint32_t cs;
    if (grbit & ~(JET_GRBIT)JET_bitRetrieveCopy)
        return OE_ERR(JET_errInvalidGrbit);
    if (grbit & JET_bitRetrieveCopy) {
        if (!(c->key.state & OE_KEY_PREPARED))
            return OE_ERR(JET_errKeyNotMade);
        s = c->key.rgb;
        cs = c->key.cb;
        err = JET_errSuccess;
        goto copy;
    }
    OE_CALL_R(enter(c, &x));
    struct oe_omap_entry *e;
    err = current(c, &x, &e, NULL, NULL);
    if (err >= 0) {
        s = oe_tab_entry_skey(&x.ix, e, &cs);
        uint32_t n = cs < cbMax ? cs : cbMax;
        if (pv && n)
            memcpy(pv, s, n);
        if (pcbActual)
            *pcbActual = cs;
        if (cs > cbMax)
            err = JET_wrnBufferTruncated;
    }
    leave(c);
    return err;
copy:;
    uint32_t n = cs < cbMax ? cs : cbMax;
    if (pv && n)
        memcpy(pv, s, n);
    if (pcbActual)
        *pcbActual = cs;
    return cs > cbMax ? JET_wrnBufferTruncated : err;
}

/* ---- records --------------------------------------------------------------- */

/* write_check -- may this cursor write now? */
static JET_ERR write_check(struct oe_session *s, struct oe_cursor *c)
{
    if (c->grbit & JET_bitTableReadOnly)
        return OE_ERR(JET_errPermissionDenied);
    if (s->level > 0 && (s->trx_flags & OE_TRX_READONLY))
        return OE_ERR(JET_errTransReadOnly);
    return JET_errSuccess;
}

/* draw_autoinc -- give every autoincrement column of a new record its value. */
static JET_ERR draw_autoinc(struct oe_cursor *c, const struct oe_tdef *def)
{
    if (def->col_absent & JET_bitColumnAutoincrement)
        return JET_errSuccess;
    for (uint32_t i = 0; i < def->ncol; i++) {
        const struct oe_coldef *col = &def->col[i];
        if (!(col->grbit & JET_bitColumnAutoincrement))
            continue;
        int64_t v = (int64_t)atomic_fetch_add_explicit(&c->t->next_autoinc, 1,
                                                       memory_order_relaxed) + 1;
        OE_CALL_R(oe_recbuf_set_autoinc(c->buf, col, v));
    }
    return JET_errSuccess;
}

/* escrow_into_buf -- the copy buffer of a replace or insert-copy made from
 * version v holds the escrow columns as this view sees them: v's value
 * plus the deltas above it (verstore.h). A fold may have replaced v
 * meanwhile: the base the walk found gives the value then. */
static JET_ERR escrow_into_buf(struct oe_cursor *c, struct ctx *x, struct oe_row *row,
                               struct oe_ver *v)
{
    if (x->def->col_absent & JET_bitColumnEscrowUpdate)
        return JET_errSuccess;
    for (uint32_t i = 0; i < x->def->ncol; i++) {
        const struct oe_coldef *col = &x->def->col[i];
        if (!(col->grbit & JET_bitColumnEscrowUpdate))
            continue;
        int64_t sum;
        struct oe_ver *b = oe_vs_visible_delta(row, &x->view, col->id, &sum);
        if (!b)
            return OE_ERR(JET_errRecordDeleted);
        if (b == v && sum == 0)
            continue;
        int32_t val = (int32_t)((uint32_t)oe_rec_long(b->rec, col) + (uint32_t)sum);
        OE_CALL_R(oe_recbuf_set(c->buf, col, &val, sizeof(val), 0, NULL));
    }
    return JET_errSuccess;
}

JET_ERR oe_cur_prepare(struct oe_session *s, struct oe_cursor *c, uint32_t prep)
{
    JET_ERR err;
    struct ctx x;
    int cancel;
    JET_ERR perr = oe_prep_check(prep, c->prep != PREP_NONE, &cancel);
    if (perr < 0)
        return OE_ERR(perr);
    if (cancel) {
        end_update(c);
        return JET_errSuccess;
    }
    OE_CALL_R(write_check(s, c));
    OE_CALL_R(enter(c, &x));
    struct oe_row *row = NULL;
    struct oe_ver *v = NULL;
    if (prep != JET_prepInsert)
        OE_CALL(current(c, &x, NULL, &row, &v));
    /* ESE locks the row at JET_prepReplace (in a transaction): a lock
     * version, so the conflict surfaces now; ReplaceNoLock defers it to
     * JetUpdate. Outside a transaction there is nothing to hold it. */
    if (prep == JET_prepReplace && s->level > 0)
        OE_CALL(oe_tab_lock(s, c->t, x.def, row, 0));
    /* The buffer of an earlier update is reused (same modes as create). */
    const struct oe_rec *from = v ? v->rec : NULL;
    if (c->buf)
        OE_CALL(oe_recbuf_reset(c->buf, x.def, from, from ? OE_RECBUF_REPLACE : OE_RECBUF_INSERT));
    else
        OE_CALL(oe_recbuf_create(x.def, from, &c->buf));
    if (v)
        OE_CALL(escrow_into_buf(c, &x, row, v));
    if (prep == JET_prepInsert || prep == JET_prepInsertCopy) {
        OE_CALL(draw_autoinc(c, x.def));
    } else {
        c->prep_snap = x.view.snap;
        c->prep_bmcb = row->keylen;
        memcpy(c->prep_bm, row->key, row->keylen);
    }
    c->prep = prep;
    leave(c);
    return JET_errSuccess;
handle_error:
    if (c->buf)
        oe_recbuf_free(c->buf);
    c->buf = NULL;
    leave(c);
    return err;
}

JET_ERR oe_cur_set_column(struct oe_cursor *c, JET_COLUMNID colid, const void *pv, uint32_t cb,
                          JET_GRBIT grbit, const JET_SETINFO *psetinfo)
{
    JET_ERR err;
    if (c->prep == PREP_NONE)
        return OE_ERR(JET_errUpdateNotPrepared);
    oe_rcu_read_lock();
    const struct oe_coldef *col = oe_tdef_column(oe_tab_def(c->t), colid);
    err = col ? oe_recbuf_set(c->buf, col, pv, cb, grbit, psetinfo) : OE_ERR(JET_errColumnNotFound);
    oe_rcu_read_unlock();
    return err;
}

/* auto_begin / auto_end -- a write outside a transaction is a transaction
 * of its own (ESE): begin it here, commit it on success, roll it back on
 * failure. */
static JET_ERR auto_begin(struct oe_session *s, int *pauto)
{
    *pauto = s->level == 0;
    return *pauto ? oe_trx_begin(s, 0, 0) : JET_errSuccess;
}

static JET_ERR auto_end(struct oe_session *s, int autotx, JET_ERR err)
{
    if (!autotx)
        return err;
    if (err < 0) {
        (void)oe_trx_rollback(s, 0);
        return err;
    }
    JET_ERR e = oe_trx_commit(s, 0, 0, NULL);
    return e < 0 ? e : err;
}

JET_ERR oe_cur_update(struct oe_session *s, struct oe_cursor *c, void *pvBookmark,
                      uint32_t cbBookmark, uint32_t *pcbActual, JET_GRBIT grbit)
{
    JET_ERR err;
    struct ctx x;
    struct oe_rec *rec = NULL;
    struct oe_row *row = NULL;
    int autotx;
    (void)grbit; /* JET_bitUpdateCheckESE97Compatibility: nothing to check */
    if (c->prep == PREP_NONE)
        return OE_ERR(JET_errUpdateNotPrepared);
    OE_CALL_R(write_check(s, c));
    OE_CALL_R(auto_begin(s, &autotx));
    if ((err = enter(c, &x)) < 0)
        return auto_end(s, autotx, err);
    /* The image reserves room for its version (verstore.h): one allocation. */
    OE_CALL(oe_recbuf_finish_pre(c->buf, x.def, OE_VS_REC_PRE, &rec));
    if (c->prep == JET_prepInsert || c->prep == JET_prepInsertCopy) {
        err = oe_tab_insert(s, c->t, x.def, rec, &row);
    } else {
        /* The row by its bookmark, whatever this view sees of it: the
         * table applies the write rule (a later commit: WriteConflict) and
         * answers RecordDeleted for a row deleted for this view. */
        struct oe_omap *pmap = c->t->primary->map;
        struct oe_omap_entry *e;
        if (x.ix.map == pmap && c->pos.state == OE_OMAP_CUR_ON &&
            c->pos.keylen == c->prep_bmcb && !memcmp(c->pos.key, c->prep_bm, c->prep_bmcb))
            e = oe_omap_cursor_current(&c->pos); /* still on the row: its pin, no descent */
        else
            e = oe_omap_lookup(pmap, c->prep_bm, c->prep_bmcb);
        if (!e)
            OE_ERROR(JET_errRecordDeleted);
        row = oe_tab_entry_row(e);
        err = oe_tab_replace(s, c->t, x.def, row, c->prep_snap, rec);
    }
    rec = NULL; /* the table owns it now, failure or not */
    if (err < 0)
        goto handle_error;
    if (pcbActual)
        *pcbActual = row->keylen;
    if (pvBookmark) {
        uint32_t n = row->keylen < cbBookmark ? row->keylen : cbBookmark;
        memcpy(pvBookmark, row->key, n);
        if (n < row->keylen)
            err = JET_wrnBufferTruncated;
    }
    end_update(c);
handle_error:
    if (rec)
        oe_rec_free(rec); /* the update stays prepared: fix it or cancel it */
    leave(c);
    return auto_end(s, autotx, err);
}

/* index_has_column -- whether col is a key column of the index. */
static int index_has_column(const struct oe_idxdef *i, JET_COLUMNID col)
{
    for (uint32_t k = 0; i && k < i->nseg; k++)
        if (i->seg[k].col == col)
            return 1;
    return 0;
}

JET_ERR oe_cur_retrieve(struct oe_cursor *c, JET_COLUMNID colid, void *pv, uint32_t cbMax,
                        uint32_t *pcbActual, JET_GRBIT grbit, JET_RETINFO *pretinfo)
{
    JET_ERR err;
    struct ctx x;
    const JET_GRBIT ours = JET_bitRetrieveCopy | JET_bitRetrieveFromIndex |
                           JET_bitRetrieveFromPrimaryBookmark;
    OE_CALL_R(enter(c, &x));
    const struct oe_coldef *col = oe_tdef_column(x.def, colid);
    if (!col)
        OE_ERROR(JET_errColumnNotFound);
    if ((grbit & JET_bitRetrieveFromIndex) && !index_has_column(x.ix.def, colid))
        OE_ERROR(JET_errColumnNotFound);
    if ((grbit & JET_bitRetrieveFromPrimaryBookmark) &&
        !index_has_column(oe_tdef_primary(x.def), colid))
        OE_ERROR(JET_errColumnNotFound);
    if ((grbit & JET_bitRetrieveCopy) && c->prep != PREP_NONE) {
        err = oe_recbuf_retrieve(c->buf, col, pv, cbMax, pcbActual, grbit & ~ours, pretinfo);
    } else {
        struct oe_ver *v;
        struct oe_row *row;
        OE_CALL(current(c, &x, NULL, &row, &v));
        if (col->grbit & JET_bitColumnEscrowUpdate) {
            /* The value version plus the deltas this view sees above it. */
            int64_t sum;
            if (!(v = oe_vs_visible_delta(row, &x.view, colid, &sum)))
                OE_ERROR(JET_errRecordDeleted);
            if (sum != 0) {
                int32_t val = (int32_t)((uint32_t)oe_rec_long(v->rec, col) + (uint32_t)sum);
                if (pv)
                    memcpy(pv, &val, cbMax < sizeof(val) ? cbMax : sizeof(val));
                if (pcbActual)
                    *pcbActual = sizeof(val);
                err = cbMax < sizeof(val) ? JET_wrnBufferTruncated : JET_errSuccess;
                goto handle_error;
            }
        }
        /* From the index or the record: our keys keep the bytes of the
         * value (binary order), so the record gives the same value, whole. */
        err = oe_rec_retrieve(v->rec, x.def, col, pv, cbMax, pcbActual, grbit & ~ours, pretinfo);
    }
handle_error:
    leave(c);
    return err;
}

JET_ERR oe_cur_delete(struct oe_session *s, struct oe_cursor *c)
{
    JET_ERR err;
    struct ctx x;
    struct oe_row *row;
    struct oe_ver *v;
    int autotx;
    OE_CALL_R(write_check(s, c));
    OE_CALL_R(auto_begin(s, &autotx));
    if ((err = enter(c, &x)) < 0)
        return auto_end(s, autotx, err);
    OE_CALL(current(c, &x, NULL, &row, &v));
    OE_CALL(oe_tab_delete(s, c->t, x.def, row, 0));
handle_error:
    leave(c);
    return auto_end(s, autotx, err);
}

JET_ERR oe_cur_get_lock(struct oe_session *s, struct oe_cursor *c, JET_GRBIT grbit)
{
    JET_ERR err;
    struct ctx x;
    struct oe_row *row;
    struct oe_ver *v;
    if (!(grbit & (JET_bitReadLock | JET_bitWriteLock)) ||
        (grbit & ~(JET_GRBIT)(JET_bitReadLock | JET_bitWriteLock)))
        return OE_ERR(JET_errInvalidGrbit);
    if (s->level == 0)
        return OE_ERR(JET_errNotInTransaction);
    if ((grbit & JET_bitWriteLock) && (err = write_check(s, c)) < 0)
        return err;
    OE_CALL_R(enter(c, &x));
    OE_CALL(current(c, &x, NULL, &row, &v));
    if (grbit & JET_bitWriteLock) {
        OE_CALL(oe_tab_lock(s, c->t, x.def, row, 0));
    } else {
        /* A read lock version: commutes with other read locks, holds off
         * other transactions' writes until this one ends (verstore.c). */
        OE_CALL(oe_vs_commute(s, c->t, row, OE_VER_RLOCK, 0, 0, 0));
    }
handle_error:
    leave(c);
    return err;
}

JET_ERR oe_cur_escrow(struct oe_session *s, struct oe_cursor *c, JET_COLUMNID colid,
                      const void *pv, uint32_t cbMax, void *pvOld, uint32_t cbOldMax,
                      uint32_t *pcbOldActual, JET_GRBIT grbit)
{
    JET_ERR err;
    struct ctx x;
    struct oe_row *row;
    struct oe_ver *v;
    if (grbit & ~(JET_GRBIT)JET_bitEscrowNoRollback)
        return OE_ERR(JET_errInvalidGrbit);
    if (s->level == 0)
        return OE_ERR(JET_errNotInTransaction);
    OE_CALL_R(write_check(s, c));
    OE_CALL_R(enter(c, &x));
    const struct oe_coldef *col = oe_tdef_column(x.def, colid);
    if (!col)
        OE_ERROR(JET_errColumnNotFound);
    if (c->prep != PREP_NONE)
        OE_ERROR(JET_errAlreadyPrepared);
    /* ESE's order: the sizes, then the column's kind. */
    int fixed = oe_key_coltyp_size(col->coltyp); /* > 0: a fixed-size type */
    uint32_t size = fixed > 0 ? (uint32_t)fixed : col->cbMax;
    if (cbMax != size || (pvOld && cbOldMax != 0 && cbOldMax < size))
        OE_ERROR(JET_errInvalidBufferSize);
    if (!(col->grbit & JET_bitColumnEscrowUpdate) || col->coltyp != JET_coltypLong)
        OE_ERROR(JET_errInvalidOperation);
    if (!pv)
        OE_ERROR(JET_errInvalidParameter);
    if (col->grbit & (JET_bitColumnFinalize | JET_bitColumnDeleteOnZero))
        OE_ERROR(JET_errFeatureNotAvailable); /* callbacks / deletion at zero: not yet */
    OE_CALL(current(c, &x, NULL, &row, &v));
    int32_t delta;
    memcpy(&delta, pv, sizeof(delta));
    int64_t sum;
    struct oe_ver *b = oe_vs_visible_delta(row, &x.view, colid, &sum);
    if (!b)
        OE_ERROR(JET_errRecordDeleted);
    int32_t old = (int32_t)((uint32_t)oe_rec_long(b->rec, col) + (uint32_t)sum);
    OE_CALL(oe_vs_commute(s, c->t, row, OE_VER_DELTA,
                          (grbit & JET_bitEscrowNoRollback) ? OE_VER_NOROLLBACK : 0, colid, delta));
    if (pvOld && cbOldMax >= sizeof(old))
        memcpy(pvOld, &old, sizeof(old));
    if (pcbOldActual)
        *pcbOldActual = sizeof(old);
handle_error:
    leave(c);
    return err;
}
