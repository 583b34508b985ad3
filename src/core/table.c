/*
 * table.c -- row storage: the primary index of version chains and the
 * secondary indexes that point at the same rows (ESE's FCB data side).
 *
 * LAYOUT.
 *   primary map     key = the primary key bytes (the bookmark), or for a
 *                   table without a primary index the implicit key: an
 *                   8-byte big-endian counter drawn from t->next_dbk.
 *                   value = struct oe_row * (catalog.h), one per row.
 *   unique secondary      key = S (the record's normalized index key),
 *                         value = the same struct oe_row *.
 *   non-unique secondary  key = S || P (index key, then the primary key):
 *                         the map's keys stay unique, entries with one S
 *                         sort by P. S is recovered from an entry as its
 *                         first (entry length - row->keylen) bytes.
 *   row             head: newest version (atomic); keylen/key: immutable.
 *                   Each row is allocated behind a private header holding
 *                   its rcu_head (struct row_box), so a row can be retired
 *                   without a field in the shared shape.
 *   version         rec: the immutable record image, NULL = tombstone.
 *                   Until the version store lands a new version does not
 *                   link the one it supersedes (older = NULL: no reader can
 *                   see it) and commit_ts holds a stamp unique in the
 *                   process (thread id << 40 | per-thread counter), which
 *                   a prepared update uses with the version's address to
 *                   detect that the row changed -- the address alone could
 *                   be recycled after the old version's grace period (ABA).
 *
 * VISIBILITY (readers; no lock, no write to shared memory). An entry
 * stands for a record iff its row's head (acquire load, pairing with the
 * release store/CAS that published it) is a version with a record, and,
 * for a secondary entry, that record's key in the index equals the entry's
 * key. Everything else is skipped: rows still being inserted (head NULL),
 * deleted rows (tombstone head), and secondary entries that are not yet or
 * no longer the row's (a Replace in flight, a failed Replace being undone).
 *
 * WRITES. Every write runs inside one read-side section of its caller, who
 * loaded the descriptor once in it (the catalog's CreateIndex publishes a
 * descriptor with the new index and waits a grace period, after which every
 * writer maintains that index). Entry removal is always exact: look the key
 * up, check that the entry's value is this row, delete that entry
 * (oe_omap_delete_entry), so a writer never removes an entry that another
 * row now owns under the same key.
 *
 *   insert   1. build P (or draw the implicit key), allocate the row with
 *               head = NULL (invisible) and its first version;
 *            2. insert P into the primary: an existing live or pending row
 *               → KeyDuplicate; an existing tombstoned row (its deleter has
 *               not removed it yet) is removed here (helping) and we retry;
 *            3. insert each secondary entry the record has (ignore-null
 *               flags decide); unique clash → undo what was inserted,
 *               KeyDuplicate;
 *            4. LP(insert): the release store of head = version. Before it
 *               no reader counts the row; after it every entry exists.
 *   replace  1. head must be the prepared version (address and stamp), else
 *               WriteConflict (RecordDeleted for a tombstone); a changed
 *               primary key → RecordPrimaryChanged;
 *            2. insert the new secondary entries of every index whose key
 *               changed (invisible to readers: the row's record does not
 *               have them yet);
 *            3. LP(replace): CAS head from the prepared version to the new
 *               one (acq_rel). Failure → remove the entries of step 2,
 *               WriteConflict;
 *            4. remove the old entries (already invisible: the record no
 *               longer has those keys); retire the old version.
 *   delete   1. LP(delete): CAS head from the live version to a tombstone;
 *               failure → WriteConflict (or RecordDeleted);
 *            2. remove the secondary entries of the old record, then the
 *               primary entry; retire the old version and the row (whose
 *               callback frees the tombstone).
 *   Retirement goes through oe_call_rcu: a reader that reached a row or a
 *   version in its section finishes before the memory is freed.
 *
 * WHY A PRIMARY SCAN NEVER SEES A ROW TWICE, AND SEES KEYS IN ORDER. A row
 * has exactly one primary entry for its whole life (the primary key never
 * changes: RecordPrimaryChanged), and a cursor moves by "first live entry
 * with key > my saved key" (omap.h), so the keys it returns strictly
 * increase. A key deleted and re-inserted behind the cursor is not
 * revisited; one ahead of it is seen once. Through a secondary index a row
 * whose key moves ahead of the cursor during a scan can be seen at its old
 * and at its new key: that is read-committed behaviour without snapshots,
 * and the version store's snapshot reads will remove it.
 *
 * KNOWN TRANSIENTS (each lasts only while another writer is inside its
 * section): an insert can report KeyDuplicate on a unique key that a Replace
 * is moving away from, until that Replace removes its old entry; two
 * Replaces of one row racing to the same new key report WriteConflict to
 * the one that finds the other's entry.
 *
 * SYNC: insert/replace/delete/readers run concurrently with each other and
 * with oe_tab_build_index; create/free storage need exclusion from all.
 */
#include "table.h"

#include <sched.h>
#include <stddef.h>
#include <string.h>

#include "err.h"
#include "record.h"
#include "sync/alloc.h"
#include "sync/thread_id.h"

/* struct row_box -- a row with its private retirement header. */
struct row_box {
    struct rcu_head rcu;   /* [epoch] */
    size_t size;           /* [imm] bytes allocated */
    _Alignas(16) unsigned char row[]; /* the struct oe_row */
};

#define ENTRY_STACK 16 /* secondary entries remembered without allocating */

static _Thread_local uint64_t t_stamp; /* [owner] this thread's version stamps */

/* next_stamp -- a version stamp unique in the process. */
static uint64_t next_stamp(void)
{
    if (OE_UNLIKELY(t_stamp == 0))
        t_stamp = oe_thread_id() << 40;
    return ++t_stamp;
}

static struct row_box *row_box_of(struct oe_row *r)
{
    return (struct row_box *)((char *)r - offsetof(struct row_box, row));
}

/* row_alloc -- a row with head NULL (invisible) for primary key (key, cb). */
static struct oe_row *row_alloc(const void *key, uint32_t cb)
{
    size_t size = sizeof(struct row_box) + sizeof(struct oe_row) + cb;
    struct row_box *b = oe_malloc(size);
    if (!b)
        return NULL;
    b->size = size;
    struct oe_row *r = (struct oe_row *)b->row;
    atomic_init(&r->head, NULL);
    r->keylen = cb;
    memcpy(r->key, key, cb);
    return r;
}

/* row_free_now -- free a row no reader can reach; its head too. */
static void row_free_now(struct oe_row *r)
{
    struct oe_ver *v = atomic_load_explicit(&r->head, memory_order_relaxed);
    if (v) {
        if (v->rec)
            oe_rec_free(v->rec);
        oe_free(v, sizeof(*v));
    }
    struct row_box *b = row_box_of(r);
    oe_free(b, b->size);
}

/* row_free_cb -- RCU callback: a retired row (head is its tombstone or NULL). */
static void row_free_cb(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    struct row_box *b = (struct row_box *)((char *)h - offsetof(struct row_box, rcu));
    row_free_now((struct oe_row *)b->row);
}

/* ver_free_cb -- RCU callback: a superseded version and its record. */
static void ver_free_cb(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    struct oe_ver *v = (struct oe_ver *)((char *)h - offsetof(struct oe_ver, rcu));
    if (v->rec)
        oe_rec_free(v->rec);
    oe_free(v, sizeof(*v));
}

/* ver_alloc -- an unpublished version of rec (NULL: tombstone). */
static struct oe_ver *ver_alloc(struct oe_rec *rec)
{
    struct oe_ver *v = oe_malloc(sizeof(*v));
    if (!v)
        return NULL;
    v->older = NULL;
    v->rec = rec;
    v->commit_ts = next_stamp();
    return v;
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
    return oe_index_create(&t->primary);
}

void oe_tab_free_storage(struct oe_table *t)
{
    if (!t->primary)
        return;
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
    oe_index_release(t->primary);
    t->primary = NULL;
}

uint64_t oe_tab_row_count(struct oe_table *t)
{
    return oe_omap_count(t->primary->map);
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
    ix->composite = (ix->def->grbit & JET_bitIndexUnique) == 0;
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
                              struct oe_omap_entry *e, struct oe_row **prow)
{
    struct oe_row *row = oe_tab_entry_row(e);
    if (prow)
        *prow = row;
    /* Acquire pairs with the release store (insert) or CAS (replace,
     * delete) that published the version and its record. */
    struct oe_ver *v = atomic_load_explicit(&row->head, memory_order_acquire);
    if (!v || !v->rec)
        return NULL;
    if (ix->clustered)
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
                                 struct oe_ver **pver)
{
    *pver = NULL;
    if (cb == 0 || cb > OE_OMAP_KEY_MAX)
        return NULL;
    struct oe_omap_entry *e = oe_omap_lookup(t->primary->map, key, cb);
    if (!e)
        return NULL;
    struct oe_row *row = oe_tab_entry_row(e);
    struct oe_ver *v = atomic_load_explicit(&row->head, memory_order_acquire);
    if (!v || !v->rec)
        return NULL;
    *pver = v;
    return row;
}

/* ---- writers ------------------------------------------------------------- */

/* head_is_tombstone -- whether a row is deleted for good (its head can never
 * change again). */
static int head_is_tombstone(struct oe_row *r)
{
    struct oe_ver *v = atomic_load_explicit(&r->head, memory_order_acquire);
    return v && !v->rec;
}

/* ix_insert -- insert (key -> row) into a secondary or primary map. An
 * existing entry of a deleted row is garbage its deleter has not removed
 * yet: remove it (helping) and retry. An existing entry of this very row
 * belongs to a concurrent update of the row: WriteConflict. Otherwise the
 * key is taken: KeyDuplicate. */
static JET_ERR ix_insert(struct oe_omap *map, const uint8_t *key, uint32_t cb, struct oe_row *row,
                         struct oe_omap_entry **pe)
{
    for (;;) {
        struct oe_omap_entry *e = NULL;
        JET_ERR err = oe_omap_insert(map, key, cb, row, &e);
        if (err == JET_errSuccess) {
            *pe = e;
            return JET_errSuccess;
        }
        if (err < 0)
            return err;
        struct oe_row *other = oe_tab_entry_row(e);
        if (other == row)
            return OE_ERR(JET_errWriteConflict);
        if (!head_is_tombstone(other))
            return OE_ERR(JET_errKeyDuplicate);
        (void)oe_omap_delete_entry(map, e); /* ABSENT: someone else helped */
    }
}

/* ix_remove -- remove the entry (key -> row) if it is still this row's. */
static void ix_remove(struct oe_omap *map, const uint8_t *key, uint32_t cb, struct oe_row *row)
{
    struct oe_omap_entry *e = oe_omap_lookup(map, key, cb);
    if (e && oe_tab_entry_row(e) == row)
        (void)oe_omap_delete_entry(map, e);
}

/* entry_list -- the secondary entries one write inserted, for its undo. */
struct entry_list {
    struct oe_omap_entry *stack[ENTRY_STACK];
    struct oe_omap_entry **e;   /* stack or heap */
    struct oe_omap **map;       /* parallel: which map */
    struct oe_omap *mstack[ENTRY_STACK];
    uint32_t n, cap;
};

static JET_ERR entries_init(struct entry_list *l, uint32_t need)
{
    l->n = 0;
    l->cap = need;
    if (need <= ENTRY_STACK) {
        l->e = l->stack;
        l->map = l->mstack;
        return JET_errSuccess;
    }
    l->e = oe_malloc(sizeof(*l->e) * need);
    l->map = oe_malloc(sizeof(*l->map) * need);
    if (!l->e || !l->map) {
        if (l->e)
            oe_free(l->e, sizeof(*l->e) * need);
        if (l->map)
            oe_free(l->map, sizeof(*l->map) * need);
        return OE_ERR(JET_errOutOfMemory);
    }
    return JET_errSuccess;
}

static void entries_undo(struct entry_list *l)
{
    while (l->n) {
        l->n--;
        (void)oe_omap_delete_entry(l->map[l->n], l->e[l->n]);
    }
}

static void entries_fini(struct entry_list *l)
{
    if (l->e != l->stack) {
        oe_free(l->e, sizeof(*l->e) * l->cap);
        oe_free(l->map, sizeof(*l->map) * l->cap);
    }
}

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
    memcpy(out, k.rgb, k.cb);
    *pcb = k.cb;
    return JET_errSuccess;
}

JET_ERR oe_tab_insert(struct oe_table *t, const struct oe_tdef *def, struct oe_rec *rec,
                      struct oe_row **prow)
{
    JET_ERR err = JET_errSuccess;
    uint8_t key[OE_OMAP_KEY_MAX];
    uint32_t cb = 0;
    struct oe_row *row = NULL;
    struct oe_ver *v = NULL;
    struct oe_omap_entry *pe = NULL;
    struct entry_list l;
    if (prow)
        *prow = NULL;
    OE_CALL_R(entries_init(&l, def->nidx));
    OE_CALL(primary_key_of(t, def, rec, key, &cb, 1));
    row = row_alloc(key, cb);
    v = ver_alloc(rec);
    if (!row || !v)
        OE_ERROR(JET_errOutOfMemory);

    OE_CALL(ix_insert(t->primary->map, key, cb, row, &pe));
    for (uint32_t i = 0; i < def->nidx; i++) {
        if ((int32_t)i == def->primary)
            continue;
        struct oe_tab_ix ix;
        int indexed;
        oe_tab_ix_resolve(t, def, (int32_t)i, &ix);
        OE_CALL(oe_tab_entry_key_for(def, &ix, row, rec, key, &cb, &indexed));
        if (!indexed)
            continue;
        struct oe_omap_entry *e;
        OE_CALL(ix_insert(ix.map, key, cb, row, &e));
        l.e[l.n] = e;
        l.map[l.n++] = ix.map;
    }
    /* LP(insert): the row becomes visible with all its entries in place.
     * Release pairs with the acquire load of head in every reader. */
    atomic_store_explicit(&row->head, v, memory_order_release);
    entries_fini(&l);
    if (prow)
        *prow = row;
    return JET_errSuccess;

handle_error:
    if (err == JET_errWriteConflict)
        err = OE_ERR(JET_errKeyDuplicate); /* a new row cannot race itself */
    entries_undo(&l);
    entries_fini(&l);
    if (v) {
        v->rec = NULL; /* the record stays the caller's */
        oe_free(v, sizeof(*v));
    }
    if (pe) {
        /* The row was reachable (invisible) from the primary: retire it. */
        (void)oe_omap_delete_entry(t->primary->map, pe);
        oe_call_rcu(&row_box_of(row)->rcu, row_free_cb);
    } else if (row) {
        struct row_box *b = row_box_of(row);
        oe_free(b, b->size);
    }
    return err;
}

/* secondary_keys -- old and new entry keys of index i; *changed when the
 * row's entry in it differs between the two records. */
static JET_ERR secondary_keys(struct oe_table *t, const struct oe_tdef *def, uint32_t i,
                              struct oe_row *row, const struct oe_rec *oldr,
                              const struct oe_rec *newr, struct oe_tab_ix *ix, uint8_t *ko,
                              uint32_t *cbo, int *io, uint8_t *kn, uint32_t *cbn, int *in,
                              int *changed)
{
    oe_tab_ix_resolve(t, def, (int32_t)i, ix);
    OE_CALL_R(oe_tab_entry_key_for(def, ix, row, oldr, ko, cbo, io));
    OE_CALL_R(oe_tab_entry_key_for(def, ix, row, newr, kn, cbn, in));
    *changed = *io != *in || (*io && (*cbo != *cbn || memcmp(ko, kn, *cbn) != 0));
    return JET_errSuccess;
}

JET_ERR oe_tab_replace(struct oe_table *t, const struct oe_tdef *def, struct oe_row *row,
                       struct oe_ver *from, uint64_t from_stamp, struct oe_rec *rec)
{
    JET_ERR err = JET_errSuccess;
    uint8_t ko[OE_OMAP_KEY_MAX], kn[OE_OMAP_KEY_MAX];
    uint32_t cbo, cbn;
    int io, in, changed;
    struct oe_ver *v1 = NULL;
    struct entry_list l;

    struct oe_ver *v0 = atomic_load_explicit(&row->head, memory_order_acquire);
    if (!v0 || !v0->rec)
        return OE_ERR(JET_errRecordDeleted);
    if (v0 != from || v0->commit_ts != from_stamp)
        return OE_ERR(JET_errWriteConflict);
    if (oe_tdef_primary(def)) {
        OE_CALL_R(primary_key_of(t, def, rec, kn, &cbn, 0));
        if (cbn != row->keylen || memcmp(kn, row->key, cbn) != 0)
            return OE_ERR(JET_errRecordPrimaryChanged);
    }
    OE_CALL_R(entries_init(&l, def->nidx));
    v1 = ver_alloc(rec);
    if (!v1)
        OE_ERROR(JET_errOutOfMemory);
    for (uint32_t i = 0; i < def->nidx; i++) {
        struct oe_tab_ix ix;
        if ((int32_t)i == def->primary)
            continue;
        OE_CALL(secondary_keys(t, def, i, row, v0->rec, rec, &ix, ko, &cbo, &io, kn, &cbn, &in,
                               &changed));
        if (!changed || !in)
            continue;
        struct oe_omap_entry *e;
        OE_CALL(ix_insert(ix.map, kn, cbn, row, &e));
        l.e[l.n] = e;
        l.map[l.n++] = ix.map;
    }
    struct oe_ver *expected = v0;
    /* LP(replace): the CAS makes the new record the row's. Release
     * publishes v1 and its record (and the new entries) to readers'
     * acquire of head; acquire on failure reads the winner's version. */
    if (!atomic_compare_exchange_strong_explicit(&row->head, &expected, v1, memory_order_acq_rel,
                                                 memory_order_acquire))
        OE_ERROR(expected && !expected->rec ? JET_errRecordDeleted : JET_errWriteConflict);
    entries_fini(&l);
    for (uint32_t i = 0; i < def->nidx; i++) {
        struct oe_tab_ix ix;
        if ((int32_t)i == def->primary)
            continue;
        if (secondary_keys(t, def, i, row, v0->rec, rec, &ix, ko, &cbo, &io, kn, &cbn, &in,
                           &changed) < 0)
            continue; /* cannot fail: both keys were built above */
        if (changed && io)
            ix_remove(ix.map, ko, cbo, row);
    }
    oe_call_rcu(&v0->rcu, ver_free_cb);
    return JET_errSuccess;

handle_error:
    entries_undo(&l);
    entries_fini(&l);
    if (v1) {
        v1->rec = NULL; /* the record stays the caller's */
        oe_free(v1, sizeof(*v1));
    }
    return err;
}

JET_ERR oe_tab_delete(struct oe_table *t, const struct oe_tdef *def, struct oe_row *row,
                      struct oe_ver *from)
{
    uint8_t key[OE_OMAP_KEY_MAX];
    uint32_t cb;
    int indexed;
    struct oe_ver *v0 = atomic_load_explicit(&row->head, memory_order_acquire);
    if (!v0 || !v0->rec)
        return OE_ERR(JET_errRecordDeleted);
    if (from && v0 != from)
        return OE_ERR(JET_errWriteConflict);
    struct oe_ver *tomb = ver_alloc(NULL);
    if (!tomb)
        return OE_ERR(JET_errOutOfMemory);
    struct oe_ver *expected = v0;
    /* LP(delete): the tombstone CAS; from here no reader sees the row. */
    if (!atomic_compare_exchange_strong_explicit(&row->head, &expected, tomb, memory_order_acq_rel,
                                                 memory_order_acquire)) {
        oe_free(tomb, sizeof(*tomb));
        return OE_ERR(expected && !expected->rec ? JET_errRecordDeleted : JET_errWriteConflict);
    }
    for (uint32_t i = 0; i < def->nidx; i++) {
        struct oe_tab_ix ix;
        if ((int32_t)i == def->primary)
            continue;
        oe_tab_ix_resolve(t, def, (int32_t)i, &ix);
        if (oe_tab_entry_key_for(def, &ix, row, v0->rec, key, &cb, &indexed) >= 0 && indexed)
            ix_remove(ix.map, key, cb, row);
    }
    ix_remove(t->primary->map, row->key, row->keylen, row);
    oe_call_rcu(&v0->rcu, ver_free_cb);
    oe_call_rcu(&row_box_of(row)->rcu, row_free_cb);
    return JET_errSuccess;
}

/* build_one -- add row's entry to the new index (one read section). */
static JET_ERR build_one(struct oe_table *t, const struct oe_tdef *def, const struct oe_tab_ix *ix,
                         struct oe_row *row)
{
    uint8_t key[OE_OMAP_KEY_MAX];
    uint32_t cb;
    int indexed;
    struct oe_ver *v = atomic_load_explicit(&row->head, memory_order_acquire);
    if (!v || !v->rec)
        return JET_errSuccess; /* pending inserts maintain the index themselves */
    OE_CALL_R(oe_tab_entry_key_for(def, ix, row, v->rec, key, &cb, &indexed));
    if (!indexed)
        return JET_errSuccess;
    struct oe_omap_entry *e;
    JET_ERR err = ix_insert(ix->map, key, cb, row, &e);
    if (err == JET_errWriteConflict)
        return JET_errSuccess; /* a concurrent writer already added it */
    if (err == JET_errKeyDuplicate) {
        /* A true duplicate only if the other row's current record has the
         * key; otherwise it is an entry a writer is about to remove. */
        struct oe_omap_entry *o = oe_omap_lookup(ix->map, key, cb);
        if (o && oe_tab_visible(def, ix, o, NULL))
            return err;
        return oe_errRestart;
    }
    if (err < 0)
        return err;
    /* If a writer replaced the row since we read v, it may have missed our
     * entry: drop it when it is no longer the row's. */
    if (atomic_load_explicit(&row->head, memory_order_acquire) != v && !oe_tab_visible(def, ix, e, NULL))
        (void)oe_omap_delete_entry(ix->map, e);
    return JET_errSuccess;
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
        /* An entry a writer is about to remove blocks a unique key for the
         * instant that writer needs to finish its section: retry briefly
         * (inside ours: the writer never waits for us). */
        int tries = 0;
        while ((err = build_one(t, def, &ix, oe_tab_entry_row(e))) == oe_errRestart && ++tries < 1000)
            sched_yield();
        if (err == oe_errRestart)
            err = OE_ERR(JET_errKeyDuplicate);
        oe_omap_cursor_park(c);
        oe_rcu_read_unlock();
        if (err < 0)
            break;
    }
    oe_free(c, sizeof(*c));
    return err < 0 ? err : JET_errSuccess;
}
