/*
 * table.c -- row storage: the primary index of version chains and the
 * secondary indexes that point at the same rows (ESE's FCB data side). The
 * version store (verstore.c) decides what each reader sees and whether a
 * write may be made; this file keeps the indexes consistent with the
 * chains.
 *
 * LAYOUT.
 *   primary map     key = the primary key bytes (the bookmark), or for a
 *                   table without a primary index the implicit key: an
 *                   8-byte big-endian counter drawn from t->next_dbk.
 *                   value = struct oe_row * (catalog.h), one per row.
 *   secondary map   key = S || P (the record's normalized index key, then
 *                   the primary key), unique and non-unique indexes alike:
 *                   one entry per (row, key), so versions of different rows
 *                   with one unique key can coexist while snapshots need
 *                   them; uniqueness is a rule checked by writers (below).
 *                   S is an entry's first (length - row->keylen) bytes.
 *   row             head: newest version (atomic); gc: the version store's
 *                   latch/defer/dead word; keylen/key: immutable. Each row
 *                   is allocated behind a private header holding its
 *                   rcu_head (struct row_box).
 *   primary storage struct prim_box: the primary index and the version
 *                   store's per-table state (deferred rows).
 *
 * INVARIANTS.
 *   I1 A secondary entry (S||P -> row) exists while some version on the
 *      row's chain has key S in that index (entries are added before the
 *      version is published, and removed only after the last version with
 *      that key left the chain: rollback or pruning, oe_tab_drop_entries).
 *   I2 A row is in the primary index from its first write until it dies
 *      (its head becomes the dead sentinel); by then no version with a
 *      secondary key is left, so no secondary entry points at it (I1).
 *   I3 Readers through a secondary entry check that the version visible to
 *      them has that entry's key, so a snapshot scan never sees a row twice
 *      nor misses one.
 *
 * VISIBILITY. oe_tab_visible / oe_tab_row_lookup: the version of the row
 * that the caller's view sees (oe_vs_visible), and for a secondary entry
 * only if that version has the entry's key.
 *
 * WRITES (each inside one read-side section of the caller, which loaded the
 * descriptor once; the catalog's CreateIndex publishes a descriptor and
 * waits a grace period before it builds, so every later writer maintains
 * the new index). Every write first takes what it needs from the version
 * store (transaction record, budget, version, undo entry: nothing can fail
 * for memory after publication), then:
 *   insert   look the primary key up: a dead row is helped out of the index
 *            and the lookup retried; an existing row must pass the write
 *            rule (oe_vs_head_check) and show no live row to the writer
 *            (else KeyDuplicate): the insert stacks on it (reuse). Without a
 *            row, a new row whose head is already the (uncommitted, so
 *            invisible) version is inserted into the primary map:
 *            LP(insert, new row) = that map insertion.
 *   replace  the write rule on head; the visible version must be live;
 *   delete   same, the new version is a tombstone;
 *   lock     a lock version (JetGetLock, JET_prepReplace): no record.
 *   Then the new version's secondary entries are ensured (inserted, or
 *   found already there for this row) and unique indexes are checked
 *   against the other rows holding entries with the same S; and
 *   LP(write) = CAS of head from the checked version to the new one.
 *   On a table with secondary indexes the index step and the CAS run under
 *   the row latch, so that a pruner cannot remove an entry that the writer
 *   found present (I1); on a table without them the write is a plain CAS.
 *
 * UNIQUE RULE against a row R holding an entry with key S: R's newest
 * version the writer's own and live with S -> KeyDuplicate; R's head
 * uncommitted by another and it or R's newest committed version has S ->
 * WriteConflict; R's newest committed version has S: committed after the
 * writer's snapshot -> WriteConflict, else KeyDuplicate. Entries are
 * inserted before the check, so of two racing inserters of S at least one
 * sees the other.
 *
 * SYNC: writers, readers, pruning and oe_tab_build_index run concurrently;
 * create/free storage need exclusion from all.
 */
#include "table.h"

#include <sched.h>
#include <stddef.h>
#include <string.h>

#include "err.h"
#include "record.h"
#include "session.h"
#include "verstore.h"
#include "sync/alloc.h"
#include "sync/copy.h"
#include "sync/retire.h"

/* struct row_box -- a row with its private retirement header. */
struct row_box {
    struct rcu_head rcu;   /* [epoch] */
    size_t size;           /* [imm] bytes allocated */
    _Alignas(16) unsigned char row[]; /* the struct oe_row */
};

/* struct prim_box -- the primary index storage with the version store's
 * per-table state. */
struct prim_box {
    struct oe_index idx;   /* first: t->primary points here */
    struct oe_vs_table vs;
};

static struct row_box *row_box_of(struct oe_row *r)
{
    return (struct row_box *)((char *)r - offsetof(struct row_box, row));
}

struct oe_vs_table *oe_tab_vs(struct oe_table *t)
{
    return &((struct prim_box *)t->primary)->vs;
}

/* row_alloc -- an unpublished row for primary key (key, cb) whose head is v. */
static struct oe_row *row_alloc(const void *key, uint32_t cb, struct oe_ver *v)
{
    size_t size = sizeof(struct row_box) + sizeof(struct oe_row) + cb;
    struct row_box *b = oe_malloc(size);
    if (!b)
        return NULL;
    b->size = size;
    struct oe_row *r = (struct oe_row *)b->row;
    atomic_init(&r->head, v);
    atomic_init(&r->gc, 0);
    r->pruned_gen = UINT32_MAX; /* never pruned */
    r->keylen = cb;
    oe_copy_small(r->key, key, cb);
    return r;
}

/* row_free_now -- free a row no reader can reach, with its whole chain. */
static void row_free_now(struct oe_row *r)
{
    struct oe_ver *v = atomic_load_explicit(&r->head, memory_order_relaxed);
    while (v && !oe_vs_is_dead(v)) {
        struct oe_ver *older = atomic_load_explicit(&v->older, memory_order_relaxed);
        oe_vs_ver_free_now(v); /* a delta version is larger */
        v = older;
    }
    struct row_box *b = row_box_of(r);
    oe_free(b, b->size);
}

void oe_tab_free_row_now(struct oe_row *row) { row_free_now(row); }

/* row_free_cb -- RCU callback: a retired (dead) row. */
static void row_free_cb(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    struct row_box *b = (struct row_box *)((char *)h - offsetof(struct row_box, rcu));
    row_free_now((struct oe_row *)b->row);
}

void oe_tab_retire_row(struct oe_row *row)
{
    oe_retire(&row_box_of(row)->rcu, row_free_cb);
}

/* ---- index storage ----------------------------------------------------- */

JET_ERR oe_index_create(struct oe_index **pidx)
{
    JET_ERR err = JET_errSuccess;
    *pidx = NULL;
    struct oe_index *x = oe_malloc(sizeof(*x));
    if (!x)
        return OE_ERR(JET_errOutOfMemory);
    OE_CALL(oe_omap_create(&x->map));
    atomic_init(&x->refs, 1);
    *pidx = x;
    return JET_errSuccess;
handle_error:
    oe_free(x, sizeof(*x));
    return err;
}

void oe_index_release(struct oe_index *idx)
{
    if (!idx)
        return;
    /* acq_rel: the last releaser sees every earlier holder's writes. The
     * caller releases a descriptor's reference only after the grace period
     * that retired the descriptor, so no reader or writer is in the map. */
    if (atomic_fetch_sub_explicit(&idx->refs, 1, memory_order_acq_rel) != 1)
        return;
    oe_omap_destroy(idx->map);
    oe_free(idx, sizeof(*idx));
}


JET_ERR oe_tab_create_storage(struct oe_table *t)
{
    JET_ERR err = JET_errSuccess;
    struct prim_box *b = oe_malloc(sizeof(*b));
    if (!b)
        return OE_ERR(JET_errOutOfMemory);
    OE_CALL(oe_omap_create(&b->idx.map));
    atomic_init(&b->idx.refs, 1);
    atomic_init(&b->vs.deferred, NULL);
    atomic_init(&b->vs.draining, 0);
    atomic_init(&b->vs.out, NULL);
    b->vs.pass_gen = 0;
    t->primary = &b->idx;
    return JET_errSuccess;
handle_error:
    oe_free(b, sizeof(*b));
    return err;
}

void oe_tab_free_storage(struct oe_table *t)
{
    if (!t->primary)
        return;
    oe_vs_table_fini(oe_tab_vs(t)); /* frees the dead rows only it still holds */
    struct oe_omap_cursor *c = oe_malloc_untracked(sizeof(*c));
    oe_rcu_read_lock();
    if (c) {
        oe_omap_cursor_init(c, t->primary->map);
        for (struct oe_omap_entry *e = oe_omap_cursor_first(c); e; e = oe_omap_cursor_next(c))
            row_free_now(oe_tab_entry_row(e));
    } else {
        /* no cursor memory: walk by repeated seeks on the entry keys */
        for (struct oe_omap_entry *e = oe_omap_first(t->primary->map); e;) {
            struct oe_row *r = oe_tab_entry_row(e);
            e = oe_omap_seek(t->primary->map, r->key, r->keylen, OE_OMAP_GT);
            row_free_now(r);
        }
    }
    oe_rcu_read_unlock();
    if (c)
        oe_free_untracked(c, sizeof(*c));
    struct prim_box *b = (struct prim_box *)t->primary;
    oe_omap_destroy(b->idx.map);
    oe_free(b, sizeof(*b));
    t->primary = NULL;
}

uint64_t oe_tab_row_count(struct oe_table *t)
{
    struct oe_vs_view view = {oe_vs_clock_now(), NULL};
    uint64_t n = 0;
    oe_rcu_read_lock();
    for (struct oe_omap_entry *e = oe_omap_first(t->primary->map); e;) {
        struct oe_row *r = oe_tab_entry_row(e);
        if (oe_vs_visible(r, &view))
            n++;
        e = oe_omap_seek(t->primary->map, r->key, r->keylen, OE_OMAP_GT);
    }
    oe_rcu_read_unlock();
    return n;
}

/* ---- readers ------------------------------------------------------------- */

void oe_tab_ix_resolve(struct oe_table *t, const struct oe_tdef *def, int32_t pos,
                       struct oe_tab_ix *ix)
{
    if (pos < 0 || pos == def->primary) {
        ix->def = oe_tdef_primary(def);
        ix->map = t->primary->map;
        ix->pos = -1;
        ix->clustered = 1;
        ix->composite = 0;
        return;
    }
    ix->def = &def->idx[pos];
    ix->map = ix->def->store->map;
    ix->pos = pos;
    ix->clustered = 0;
    ix->composite = 1; /* unique indexes too: see LAYOUT */
}

struct oe_row *oe_tab_entry_row(struct oe_omap_entry *e)
{
    /* Acquire pairs with the map's publication of the entry (the value is
     * stored before the entry is linked and never changes afterwards). */
    return atomic_load_explicit(oe_omap_value_slot(e), memory_order_acquire);
}

const uint8_t *oe_tab_entry_skey(const struct oe_tab_ix *ix, struct oe_omap_entry *e,
                                 uint32_t *pcb)
{
    size_t len;
    const uint8_t *k = oe_omap_entry_key(e, &len);
    if (ix->composite) {
        const struct oe_row *r = oe_tab_entry_row(e);
        len = len >= r->keylen ? len - r->keylen : 0;
    }
    *pcb = (uint32_t)len;
    return k;
}

int oe_tab_key_cmp(const uint8_t *s, uint32_t cs, const uint8_t *k, uint32_t ck)
{
    uint32_t n = cs < ck ? cs : ck;
    int c = n ? memcmp(s, k, n) : 0;
    if (c)
        return c;
    return cs >= ck ? 0 : -1;
}

JET_ERR oe_tab_entry_key_for(const struct oe_tdef *def, const struct oe_tab_ix *ix,
                             const struct oe_row *row, const struct oe_rec *rec,
                             uint8_t *out, uint32_t *pcb, int *pindexed)
{
    if (ix->clustered) {
        memcpy(out, row->key, row->keylen);
        *pcb = row->keylen;
        *pindexed = 1;
        return JET_errSuccess;
    }
    struct oe_key k;
    oe_key_init(&k, &ix->def->kdef);
    JET_ERR err = oe_rec_make_key(rec, def, ix->def, &k, pindexed);
    if (err < 0)
        return err;
    uint32_t cb = k.cb;
    if (ix->composite && cb + row->keylen > OE_OMAP_KEY_MAX)
        return OE_ERR(JET_errKeyTooBig);
    memcpy(out, k.rgb, cb);
    if (ix->composite) {
        memcpy(out + cb, row->key, row->keylen);
        cb += row->keylen;
    }
    *pcb = cb;
    return JET_errSuccess;
}

struct oe_ver *oe_tab_visible(const struct oe_tdef *def, const struct oe_tab_ix *ix,
                              struct oe_omap_entry *e, const struct oe_vs_view *view,
                              struct oe_row **prow)
{
    struct oe_row *row = oe_tab_entry_row(e);
    if (prow)
        *prow = row;
    struct oe_ver *v = oe_vs_visible(row, view);
    if (!v || ix->clustered)
        return v;
    uint8_t buf[OE_OMAP_KEY_MAX];
    uint32_t cb;
    int indexed;
    if (oe_tab_entry_key_for(def, ix, row, v->rec, buf, &cb, &indexed) < 0 || !indexed)
        return NULL;
    size_t elen;
    const void *ekey = oe_omap_entry_key(e, &elen);
    if (elen != cb || memcmp(ekey, buf, cb) != 0)
        return NULL;
    return v;
}

struct oe_row *oe_tab_row_lookup(struct oe_table *t, const void *key, uint32_t cb,
                                 const struct oe_vs_view *view, struct oe_ver **pver)
{
    *pver = NULL;
    if (cb == 0 || cb > OE_OMAP_KEY_MAX)
        return NULL;
    struct oe_omap_entry *e = oe_omap_lookup(t->primary->map, key, cb);
    if (!e)
        return NULL;
    struct oe_row *row = oe_tab_entry_row(e);
    struct oe_ver *v = oe_vs_visible(row, view);
    if (!v)
        return NULL;
    *pver = v;
    return row;
}

/* ---- index maintenance ------------------------------------------------------ */

/* ix_remove -- remove the entry (key -> row) if it is still this row's
 * (one descent: the map's search finds, checks and unlinks it). */
static void ix_remove(struct oe_omap *map, const uint8_t *key, uint32_t cb, struct oe_row *row)
{
    (void)oe_omap_delete_if(map, key, cb, row);
}

/* ix_ensure -- make the entry (key -> row) exist: insert it, or find it
 * already this row's. An entry of a dead row (a primary key reused after
 * the row died) is helped out first; any other owner is a conflict. */
static JET_ERR ix_ensure(struct oe_omap *map, const uint8_t *key, uint32_t cb, struct oe_row *row)
{
    for (;;) {
        struct oe_omap_entry *e = NULL;
        JET_ERR err = oe_omap_insert(map, key, cb, row, &e);
        if (err == JET_errSuccess)
            return JET_errSuccess;
        if (err < 0)
            return err;
        struct oe_row *other = oe_tab_entry_row(e);
        if (other == row)
            return JET_errSuccess;
        if (!oe_vs_is_dead(atomic_load_explicit(&other->head, memory_order_acquire)))
            return OE_ERR(JET_errWriteConflict);
        (void)oe_omap_delete_entry(map, e); /* ABSENT: someone else helped */
    }
}

/* has_secondary -- whether the descriptor has an index besides the primary. */
static int has_secondary(const struct oe_tdef *def)
{
    return def->nidx > (def->primary >= 0 ? 1u : 0u);
}

/* ver_has_key -- whether version x holds entry key (key, cb) in index ix. */
static int ver_has_key(const struct oe_tdef *def, const struct oe_tab_ix *ix, struct oe_row *row,
                       struct oe_ver *x, const uint8_t *key, uint32_t cb)
{
    if (!x->rec || (x->flags & OE_VER_LOCK))
        return 0;
    uint8_t buf[OE_OMAP_KEY_MAX];
    uint32_t n;
    int indexed;
    if (oe_tab_entry_key_for(def, ix, row, x->rec, buf, &n, &indexed) < 0 || !indexed)
        return 0;
    return n == cb && memcmp(buf, key, cb) == 0;
}

void oe_tab_drop_entries(struct oe_table *t, const struct oe_tdef *def, struct oe_row *row,
                         struct oe_ver *gone)
{
    uint8_t key[OE_OMAP_KEY_MAX];
    uint32_t cb;
    int indexed;
    if (!gone->rec || (gone->flags & OE_VER_LOCK))
        return;
    for (uint32_t i = 0; i < def->nidx; i++) {
        struct oe_tab_ix ix;
        if ((int32_t)i == def->primary)
            continue;
        oe_tab_ix_resolve(t, def, (int32_t)i, &ix);
        if (oe_tab_entry_key_for(def, &ix, row, gone->rec, key, &cb, &indexed) < 0 || !indexed)
            continue;
        int needed = 0;
        for (struct oe_ver *x = atomic_load_explicit(&row->head, memory_order_acquire);
             x && !needed; x = atomic_load_explicit(&x->older, memory_order_acquire))
            needed = x != gone && ver_has_key(def, &ix, row, x, key, cb);
        if (!needed)
            ix_remove(ix.map, key, cb, row);
    }
}

void oe_tab_drop_row(struct oe_table *t, struct oe_row *row, struct oe_omap_hint *hint)
{
    if (hint && hint->node)
        (void)oe_omap_delete_hinted(t->primary->map, hint, row);
    else
        ix_remove(t->primary->map, row->key, row->keylen, row);
}

/* unique_clash -- the unique rule (essay) against row r, which holds entry
 * key (ek, elen) = S || P(r). */
static JET_ERR unique_clash(const struct oe_tdef *def, const struct oe_tab_ix *ix, struct oe_row *r,
                            const uint8_t *ek, uint32_t elen, const struct oe_vs_view *view)
{
    struct oe_ver *h = atomic_load_explicit(&r->head, memory_order_acquire);
    if (!h || oe_vs_is_dead(h))
        return JET_errSuccess;
    int mine;
    uint64_t ts = oe_vs_ver_ts(h, view, &mine);
    if (mine) {
        struct oe_ver *vis = oe_vs_visible(r, view);
        return vis && ver_has_key(def, ix, r, vis, ek, elen) ? OE_ERR(JET_errKeyDuplicate)
                                                             : JET_errSuccess;
    }
    struct oe_ver *x = h;
    if (ts == 0) {
        for (; x; x = atomic_load_explicit(&x->older, memory_order_acquire)) {
            if (ver_has_key(def, ix, r, x, ek, elen))
                return OE_ERR(JET_errWriteConflict);
            if (!(x->flags & OE_VER_LOCK) && oe_vs_ver_ts(x, view, &mine) != 0)
                break; /* the newest committed value was checked */
        }
        return JET_errSuccess;
    }
    while (x && (x->flags & OE_VER_LOCK))
        x = atomic_load_explicit(&x->older, memory_order_acquire);
    if (!x || !ver_has_key(def, ix, r, x, ek, elen))
        return JET_errSuccess;
    return oe_vs_ver_ts(x, view, &mine) > view->snap ? OE_ERR(JET_errWriteConflict)
                                                      : OE_ERR(JET_errKeyDuplicate);
}

/* unique_check -- every other row holding an entry with index key S (the
 * first cs bytes of key) in unique index ix, against the unique rule. */
static JET_ERR unique_check(const struct oe_tdef *def, const struct oe_tab_ix *ix,
                            struct oe_row *row, const uint8_t *key, uint32_t cs,
                            const struct oe_vs_view *view)
{
    for (struct oe_omap_entry *e = oe_omap_seek(ix->map, key, cs, OE_OMAP_GE); e;) {
        size_t elen;
        const uint8_t *ek = oe_omap_entry_key(e, &elen);
        if (elen < cs || memcmp(ek, key, cs) != 0)
            break;
        struct oe_row *r = oe_tab_entry_row(e);
        if (r != row && elen - r->keylen == cs)
            OE_CALL_R(unique_clash(def, ix, r, ek, (uint32_t)elen, view));
        e = oe_omap_seek(ix->map, ek, elen, OE_OMAP_GT);
    }
    return JET_errSuccess;
}

/* write_index -- ensure version v's secondary entries on row, then check
 * the unique indexes. On failure the caller drops v's entries. */
static JET_ERR write_index(struct oe_table *t, const struct oe_tdef *def, struct oe_row *row,
                           struct oe_ver *v, const struct oe_vs_view *view)
{
    uint8_t key[OE_OMAP_KEY_MAX];
    uint32_t cb;
    int indexed;
    for (uint32_t i = 0; i < def->nidx; i++) {
        struct oe_tab_ix ix;
        if ((int32_t)i == def->primary)
            continue;
        oe_tab_ix_resolve(t, def, (int32_t)i, &ix);
        OE_CALL_R(oe_tab_entry_key_for(def, &ix, row, v->rec, key, &cb, &indexed));
        if (!indexed)
            continue;
        OE_CALL_R(ix_ensure(ix.map, key, cb, row));
        if (ix.def->grbit & JET_bitIndexUnique)
            OE_CALL_R(unique_check(def, &ix, row, key, cb - row->keylen, view));
    }
    return JET_errSuccess;
}

/* ---- writers ------------------------------------------------------------- */

/* primary_key_of -- the primary key bytes of rec under def (or, without a
 * primary index, a fresh implicit key). */
static JET_ERR primary_key_of(struct oe_table *t, const struct oe_tdef *def, const struct oe_rec *rec,
                              uint8_t *out, uint32_t *pcb, int draw_implicit)
{
    const struct oe_idxdef *p = oe_tdef_primary(def);
    if (!p) {
        if (!draw_implicit)
            return JET_errSuccess;
        uint64_t dbk = atomic_fetch_add_explicit(&t->next_dbk, 1, memory_order_relaxed) + 1;
        for (int i = 7; i >= 0; i--, dbk >>= 8)
            out[i] = (uint8_t)dbk;
        *pcb = 8;
        return JET_errSuccess;
    }
    struct oe_key k;
    int indexed;
    oe_key_init(&k, &p->kdef);
    JET_ERR err = oe_rec_make_key(rec, def, p, &k, &indexed);
    if (err < 0)
        return err;
    oe_copy_small(out, k.rgb, k.cb);
    *pcb = k.cb;
    return JET_errSuccess;
}

/* abandon -- give back an unpublished write (its record too, last: the
 * version may live in the image's allocation, OE_VER_INREC). */
static void abandon(struct oe_session *s, struct oe_vs_undo *u)
{
    struct oe_rec *rec = u->ver->rec;
    oe_vs_write_abandon(s, u);
    oe_rec_free(rec);
}

/* stack -- the common tail of every write on an existing row: under the
 * latch when v has secondary entries to ensure, check the write rule on
 * head h (and, unless `any`, that the row is live for the writer), link v
 * above h, ensure v's entries, CAS. Returns oe_errRestart when the row
 * died meanwhile (an insert then retries its lookup). */
static JET_ERR stack(struct oe_table *t, const struct oe_tdef *def, struct oe_row *row,
                     struct oe_ver *v, const struct oe_vs_view *view, int need_live)
{
    JET_ERR err = JET_errSuccess;
    int latched = v->rec && has_secondary(def);
    if (latched)
        oe_vs_row_latch(row);
    struct oe_ver *h = atomic_load_explicit(&row->head, memory_order_acquire);
    if (oe_vs_is_dead(h))
        OE_ERROR(need_live ? JET_errRecordDeleted : oe_errRestart);
    OE_CALL(oe_vs_head_check(h, view));
    struct oe_ver *vis = oe_vs_visible(row, view);
    if (need_live && !vis)
        OE_ERROR(JET_errRecordDeleted);
    if (!need_live && vis)
        OE_ERROR(JET_errKeyDuplicate);
    atomic_store_explicit(&v->older, h, memory_order_relaxed);
    if (latched && (err = write_index(t, def, row, v, view)) < 0) {
        oe_tab_drop_entries(t, def, row, v);
        goto handle_error;
    }
    struct oe_ver *exp = h;
    /* LP(write): the CAS publishes v (release) above the checked head. */
    if (!atomic_compare_exchange_strong_explicit(&row->head, &exp, v, memory_order_acq_rel,
                                                 memory_order_acquire)) {
        if (latched)
            oe_tab_drop_entries(t, def, row, v);
        OE_ERROR(oe_vs_is_dead(exp) && !need_live ? oe_errRestart : JET_errWriteConflict);
    }
    err = JET_errSuccess;
handle_error:
    if (latched)
        oe_vs_row_unlatch(row);
    return err;
}

JET_ERR oe_tab_insert(struct oe_session *s, struct oe_table *t, const struct oe_tdef *def,
                      struct oe_rec *rec, struct oe_row **prow)
{
    JET_ERR err = JET_errSuccess;
    uint8_t key[OE_OMAP_KEY_MAX];
    uint32_t cb = 0;
    struct oe_vs_view view;
    struct oe_vs_undo *u = NULL;
    struct oe_row *fresh = NULL, *row = NULL;
    if (prow)
        *prow = NULL;
    oe_vs_view_of(s, &view);
    if ((err = primary_key_of(t, def, rec, key, &cb, 1)) < 0 ||
        (err = oe_vs_write_prepare(s, t, rec, 0, &u)) < 0) {
        oe_rec_free(rec);
        return err;
    }
    struct oe_ver *v = u->ver;
    struct oe_omap *pmap = t->primary->map;
    for (int tries = 0;; tries++) {
        if (tries > 1000)
            OE_ERROR(JET_errWriteConflict); /* a key being killed and re-made without end */
        /* Insert first: one descent either publishes the row or yields the
         * live entry to judge (a fresh row allocated in vain is freed below). */
        if (!fresh && !(fresh = row_alloc(key, cb, v)))
            OE_ERROR(JET_errOutOfMemory);
        struct oe_omap_entry *e;
        /* LP(insert, new row): the map insertion publishes the row, whose
         * head is v (uncommitted: invisible to others). */
        err = oe_omap_insert_hinted(pmap, key, cb, fresh, &e, &u->hint);
        if (err < 0)
            goto handle_error;
        if (err == JET_errSuccess) {
            row = fresh;
            fresh = NULL;
            break;
        }
        /* OE_OMAP_EXISTS: e is the live entry of the key; judge its row. */
        struct oe_row *r = oe_tab_entry_row(e);
        if (oe_vs_is_dead(atomic_load_explicit(&r->head, memory_order_acquire))) {
            (void)oe_omap_delete_entry(pmap, e); /* help the dead row out */
            continue;
        }
        err = stack(t, def, r, v, &view, 0);
        if (err == oe_errRestart)
            continue;
        if (err < 0)
            goto handle_error;
        oe_vs_write_done(s, u, r, 0);
        if (fresh) { /* never published: no reader saw it */
            struct row_box *b = row_box_of(fresh);
            oe_free(b, b->size);
        }
        if (prow)
            *prow = r;
        return JET_errSuccess;
    }
    oe_vs_write_done(s, u, row, 1);
    if (has_secondary(def)) {
        oe_vs_row_latch(row);
        err = write_index(t, def, row, v, &view);
        oe_vs_row_unlatch(row);
        if (err < 0) {
            oe_vs_write_undo(s, u); /* drops the entries, kills the row */
            return err;
        }
    }
    if (prow)
        *prow = row;
    return JET_errSuccess;

handle_error:
    if (fresh) {
        struct row_box *b = row_box_of(fresh);
        oe_free(b, b->size);
    }
    abandon(s, u);
    return err;
}

/* write_on -- replace, delete or lock an existing row for session s. */
static JET_ERR write_on(struct oe_session *s, struct oe_table *t, const struct oe_tdef *def,
                        struct oe_row *row, uint64_t snap, struct oe_rec *rec, uint32_t flags)
{
    struct oe_vs_view view;
    struct oe_vs_undo *u;
    oe_vs_view_of(s, &view);
    if (snap && snap < view.snap)
        view.snap = snap;
    JET_ERR err = oe_vs_write_prepare(s, t, rec, flags, &u);
    if (err < 0) {
        if (rec)
            oe_rec_free(rec);
        return err;
    }
    err = stack(t, def, row, u->ver, &view, 1);
    if (err < 0) {
        abandon(s, u);
        return err;
    }
    oe_vs_write_done(s, u, row, 0);
    return JET_errSuccess;
}

JET_ERR oe_tab_replace(struct oe_session *s, struct oe_table *t, const struct oe_tdef *def,
                       struct oe_row *row, uint64_t snap, struct oe_rec *rec)
{
    uint8_t kn[OE_OMAP_KEY_MAX];
    uint32_t cbn;
    if (oe_tdef_primary(def)) {
        JET_ERR err = primary_key_of(t, def, rec, kn, &cbn, 0);
        if (err >= 0 && (cbn != row->keylen || memcmp(kn, row->key, cbn) != 0))
            err = OE_ERR(JET_errRecordPrimaryChanged);
        if (err < 0) {
            oe_rec_free(rec);
            return err;
        }
    }
    return write_on(s, t, def, row, snap, rec, 0);
}

JET_ERR oe_tab_delete(struct oe_session *s, struct oe_table *t, const struct oe_tdef *def,
                      struct oe_row *row, uint64_t snap)
{
    return write_on(s, t, def, row, snap, NULL, 0);
}

JET_ERR oe_tab_lock(struct oe_session *s, struct oe_table *t, const struct oe_tdef *def,
                    struct oe_row *row, uint64_t snap)
{
    struct oe_vs_view view;
    oe_vs_view_of(s, &view);
    int mine;
    struct oe_ver *h = atomic_load_explicit(&row->head, memory_order_acquire);
    if (h && !oe_vs_is_dead(h) && !(h->flags & (OE_VER_DELTA | OE_VER_RLOCK)) &&
        (oe_vs_ver_ts(h, &view, &mine), mine))
        return JET_errSuccess; /* the transaction wrote the row already */
    return write_on(s, t, def, row, snap, NULL, OE_VER_LOCK);
}

/* ---- building an index ------------------------------------------------------- */

/* build_one -- add the entries of every version of row to the new index
 * (under the row latch, so pruning cannot race it: I1), then check a unique
 * index against the latest committed state. One read section. */
static JET_ERR build_one(const struct oe_tdef *def, const struct oe_tab_ix *ix, struct oe_row *row)
{
    JET_ERR err = JET_errSuccess;
    uint8_t key[OE_OMAP_KEY_MAX];
    uint32_t cb;
    int indexed;
    oe_vs_row_latch(row);
    for (struct oe_ver *x = atomic_load_explicit(&row->head, memory_order_acquire);
         x && !oe_vs_is_dead(x); x = atomic_load_explicit(&x->older, memory_order_acquire)) {
        if (!x->rec || (x->flags & OE_VER_LOCK))
            continue;
        OE_CALL(oe_tab_entry_key_for(def, ix, row, x->rec, key, &cb, &indexed));
        if (indexed)
            OE_CALL(ix_ensure(ix->map, key, cb, row));
    }
    oe_vs_row_unlatch(row);
    if (ix->def->grbit & JET_bitIndexUnique) {
        struct oe_vs_view now = {oe_vs_clock_now(), NULL};
        struct oe_ver *v = oe_vs_visible(row, &now);
        if (!v)
            return JET_errSuccess;
        OE_CALL_R(oe_tab_entry_key_for(def, ix, row, v->rec, key, &cb, &indexed));
        if (!indexed)
            return JET_errSuccess;
        err = unique_check(def, ix, row, key, cb - row->keylen, &now);
        if (err == JET_errWriteConflict)
            err = JET_errSuccess; /* a concurrent writer decides that one */
    }
    return err;
handle_error:
    oe_vs_row_unlatch(row);
    return err;
}

JET_ERR oe_tab_build_index(struct oe_table *t, const struct oe_tdef *def, const struct oe_idxdef *idx)
{
    JET_ERR err = JET_errSuccess;
    struct oe_tab_ix ix;
    struct oe_omap_cursor *c = oe_malloc(sizeof(*c));
    if (!c)
        return OE_ERR(JET_errOutOfMemory);
    oe_omap_cursor_init(c, t->primary->map);
    int first = 1;
    for (;;) {
        oe_rcu_read_lock();
        oe_tab_ix_resolve(t, def, (int32_t)(idx - def->idx), &ix);
        struct oe_omap_entry *e = first ? oe_omap_cursor_first(c) : oe_omap_cursor_next(c);
        first = 0;
        if (!e) {
            oe_rcu_read_unlock();
            break;
        }
        err = build_one(def, &ix, oe_tab_entry_row(e));
        oe_omap_cursor_park(c);
        oe_rcu_read_unlock();
        if (err < 0)
            break;
    }
    oe_omap_cursor_release(c); /* park pinned the last row's entry */
    oe_free(c, sizeof(*c));
    return err < 0 ? err : JET_errSuccess;
}
