/*
 * btree_olc.c -- the optimistic-lock-coupling B+tree sketch (btree_olc.h).
 *
 * Each node carries a version word: bit 1 is the write lock, the bits
 * above count modifications. Readers never write: they read the version
 * (acquire), read the node's fields with relaxed atomics, and validate by
 * re-reading the version after an acquire fence (a seqlock read); any
 * change restarts the operation from the root. A reader that finds a node
 * locked waits (spins) until the writer is done -- the property the
 * skiplist avoids. Writers lock a node by CAS on its version, upgrading
 * from the version they validated, and unlock with a release add. Full
 * nodes are split eagerly on the way down, so a split never propagates:
 * the parent always has room for one more separator.
 *
 * Keys are 16 bytes stored as two big-endian 64-bit halves, so integer
 * comparison is memcmp order. Inner node: keys k[0..n), children c[0..n];
 * child i holds keys in [k[i-1], k[i]). Leaves are chained left to right.
 */
#include "btree_olc.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

#include "sync/alloc.h"

#define FAN 32          /* keys per node */
#define LOCKED 2ull

struct bt_node {
    _Atomic uint64_t version;          /* [atomic acq/rel] seqlock word, see above */
    int leaf;                          /* [imm] */
    _Atomic uint32_t count;            /* [version] keys in use */
    _Atomic uint64_t khi[FAN], klo[FAN]; /* [version] sorted keys */
    _Atomic(void *) val[FAN];          /* [version] leaf values */
    _Atomic(struct bt_node *) child[FAN + 1]; /* [version] inner children */
    _Atomic(struct bt_node *) next;    /* [version] right sibling (leaves) */
};

struct bt_tree {
    _Atomic(struct bt_node *) root;    /* [atomic acq/rel] changed only under the old root's lock */
};

static inline uint64_t load64(const unsigned char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return __builtin_bswap64(x);
}

static inline int kcmp(uint64_t ah, uint64_t al, uint64_t bh, uint64_t bl)
{
    if (ah != bh)
        return ah < bh ? -1 : 1;
    return al < bl ? -1 : al > bl;
}

static struct bt_node *node_new(int leaf)
{
    struct bt_node *n = oe_calloc(sizeof(*n));
    if (n)
        n->leaf = leaf;
    return n;
}

/* read_begin -- the version to validate against; false if locked (the
 * caller restarts after a pause). acquire: pairs with write_unlock. */
static inline bool read_begin(struct bt_node *n, uint64_t *vp)
{
    uint64_t v = atomic_load_explicit(&n->version, memory_order_acquire);
    if (v & LOCKED) {
        __builtin_ia32_pause();
        return false;
    }
    *vp = v;
    return true;
}

/* read_valid -- no writer touched n since v. The acquire fence orders the
 * relaxed field reads before the version re-read (seqlock reader). */
static inline bool read_valid(struct bt_node *n, uint64_t v)
{
    atomic_thread_fence(memory_order_acquire);
    return atomic_load_explicit(&n->version, memory_order_relaxed) == v;
}

/* upgrade -- lock n if it is still at version v. The release fence orders
 * the lock before the field writes that follow (seqlock writer). */
static inline bool upgrade(struct bt_node *n, uint64_t v)
{
    if (!atomic_compare_exchange_strong_explicit(&n->version, &v, v + LOCKED,
                                                 memory_order_acquire, memory_order_relaxed))
        return false;
    atomic_thread_fence(memory_order_release);
    return true;
}

/* write_unlock -- clear the lock and bump the counter. release: pairs
 * with read_begin's acquire. */
static inline void write_unlock(struct bt_node *n)
{
    atomic_fetch_add_explicit(&n->version, LOCKED, memory_order_release);
}

#define LD(x) atomic_load_explicit(&(x), memory_order_relaxed)
#define ST(x, v) atomic_store_explicit(&(x), (v), memory_order_relaxed)

/* lower_bound -- first index with key >= (h, l) in n (optimistic reads). */
static unsigned lower_bound(struct bt_node *n, uint64_t h, uint64_t l)
{
    unsigned lo = 0, hi = LD(n->count);
    if (hi > FAN)
        hi = FAN; /* torn read: the version check will fail */
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (kcmp(LD(n->khi[mid]), LD(n->klo[mid]), h, l) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* child_for -- the child of inner node n that covers (h, l). */
static struct bt_node *child_for(struct bt_node *n, uint64_t h, uint64_t l)
{
    unsigned i = lower_bound(n, h, l);
    unsigned cnt = LD(n->count);
    if (i < cnt && i < FAN && kcmp(LD(n->khi[i]), LD(n->klo[i]), h, l) == 0)
        i++; /* equal to a separator: the right child */
    return LD(n->child[i < FAN + 1 ? i : FAN]);
}

struct bt_tree *bt_create(void)
{
    struct bt_tree *t = oe_calloc(sizeof(*t));
    if (!t)
        return NULL;
    struct bt_node *r = node_new(1);
    if (!r) {
        oe_free(t, sizeof(*t));
        return NULL;
    }
    atomic_init(&t->root, r);
    return t;
}

static void free_rec(struct bt_node *n)
{
    if (!n->leaf)
        for (unsigned i = 0; i <= LD(n->count); i++)
            free_rec(LD(n->child[i]));
    oe_free(n, sizeof(*n));
}

void bt_destroy(struct bt_tree *t)
{
    free_rec(LD(t->root));
    oe_free(t, sizeof(*t));
}

/* split -- n (locked, full) into n and a new right node; the separator
 * goes into parent (locked, not full) or a new root. -1 out of memory. */
static int split(struct bt_tree *t, struct bt_node *parent, struct bt_node *n)
{
    struct bt_node *r = node_new(n->leaf);
    if (!r)
        return -1;
    unsigned cnt = LD(n->count), mid = cnt / 2;
    uint64_t sh, sl;
    if (n->leaf) {
        for (unsigned i = mid; i < cnt; i++) {
            ST(r->khi[i - mid], LD(n->khi[i]));
            ST(r->klo[i - mid], LD(n->klo[i]));
            ST(r->val[i - mid], LD(n->val[i]));
        }
        ST(r->count, cnt - mid);
        ST(r->next, LD(n->next));
        sh = LD(n->khi[mid]);
        sl = LD(n->klo[mid]);
        ST(n->next, r);
        ST(n->count, mid);
    } else {
        sh = LD(n->khi[mid]);
        sl = LD(n->klo[mid]);
        for (unsigned i = mid + 1; i < cnt; i++) {
            ST(r->khi[i - mid - 1], LD(n->khi[i]));
            ST(r->klo[i - mid - 1], LD(n->klo[i]));
        }
        for (unsigned i = mid + 1; i <= cnt; i++)
            ST(r->child[i - mid - 1], LD(n->child[i]));
        ST(r->count, cnt - mid - 1);
        ST(n->count, mid);
    }
    if (!parent) {
        struct bt_node *root = node_new(0);
        if (!root) {
            oe_free(r, sizeof(*r)); /* n's moved entries are still in n: undo counts */
            ST(n->count, cnt);
            if (n->leaf)
                ST(n->next, LD(r->next));
            return -1;
        }
        ST(root->khi[0], sh);
        ST(root->klo[0], sl);
        ST(root->child[0], n);
        ST(root->child[1], r);
        ST(root->count, 1);
        /* release: publishes the new root and both halves */
        atomic_store_explicit(&t->root, root, memory_order_release);
        return 0;
    }
    unsigned pc = LD(parent->count), pos = lower_bound(parent, sh, sl);
    for (unsigned i = pc; i > pos; i--) {
        ST(parent->khi[i], LD(parent->khi[i - 1]));
        ST(parent->klo[i], LD(parent->klo[i - 1]));
        ST(parent->child[i + 1], LD(parent->child[i]));
    }
    ST(parent->khi[pos], sh);
    ST(parent->klo[pos], sl);
    ST(parent->child[pos + 1], r);
    ST(parent->count, pc + 1);
    return 0;
}

/* lock_and_split -- lock parent (if any) and n at their validated
 * versions, split n, unlock. false: a version moved (restart). */
static bool lock_and_split(struct bt_tree *t, struct bt_node *parent, uint64_t pv,
                           struct bt_node *n, uint64_t v, int *errp)
{
    if (parent && !upgrade(parent, pv))
        return false;
    if (!upgrade(n, v)) {
        if (parent)
            write_unlock(parent);
        return false;
    }
    if (!parent && LD(t->root) != n) { /* someone grew the tree above n */
        write_unlock(n);
        return false;
    }
    *errp = split(t, parent, n);
    write_unlock(n);
    if (parent)
        write_unlock(parent);
    return true;
}

int bt_insert(struct bt_tree *t, const unsigned char key[16], void *value)
{
    uint64_t h = load64(key), l = load64(key + 8);
restart:;
    struct bt_node *n = atomic_load_explicit(&t->root, memory_order_acquire);
    struct bt_node *parent = NULL;
    uint64_t v, pv = 0;
    if (!read_begin(n, &v))
        goto restart;
    for (;;) {
        if (LD(n->count) == FAN) {
            int err = 0;
            if (lock_and_split(t, parent, pv, n, v, &err) && err)
                return -1;
            goto restart;
        }
        if (n->leaf)
            break;
        if (parent && !read_valid(parent, pv))
            goto restart;
        struct bt_node *c = child_for(n, h, l);
        uint64_t cv;
        if (!read_valid(n, v) || !read_begin(c, &cv))
            goto restart;
        parent = n;
        pv = v;
        n = c;
        v = cv;
    }
    if (!upgrade(n, v))
        goto restart;
    unsigned cnt = LD(n->count), pos = lower_bound(n, h, l);
    if (pos < cnt && LD(n->khi[pos]) == h && LD(n->klo[pos]) == l) {
        write_unlock(n);
        return 1;
    }
    for (unsigned i = cnt; i > pos; i--) {
        ST(n->khi[i], LD(n->khi[i - 1]));
        ST(n->klo[i], LD(n->klo[i - 1]));
        ST(n->val[i], LD(n->val[i - 1]));
    }
    ST(n->khi[pos], h);
    ST(n->klo[pos], l);
    ST(n->val[pos], value);
    ST(n->count, cnt + 1);
    write_unlock(n);
    return 0;
}

/* find_leaf -- the leaf covering (h, l) and its validated version. */
static struct bt_node *find_leaf(struct bt_tree *t, uint64_t h, uint64_t l, uint64_t *vp)
{
restart:;
    struct bt_node *n = atomic_load_explicit(&t->root, memory_order_acquire);
    uint64_t v;
    if (!read_begin(n, &v))
        goto restart;
    while (!n->leaf) {
        struct bt_node *c = child_for(n, h, l);
        uint64_t cv;
        if (!read_valid(n, v) || !read_begin(c, &cv))
            goto restart;
        n = c;
        v = cv;
    }
    *vp = v;
    return n;
}

void *bt_lookup(struct bt_tree *t, const unsigned char key[16])
{
    uint64_t h = load64(key), l = load64(key + 8);
    for (;;) {
        uint64_t v;
        struct bt_node *n = find_leaf(t, h, l, &v);
        unsigned pos = lower_bound(n, h, l);
        void *val = NULL;
        if (pos < LD(n->count) && pos < FAN && LD(n->khi[pos]) == h && LD(n->klo[pos]) == l)
            val = LD(n->val[pos]);
        if (read_valid(n, v))
            return val;
    }
}

size_t bt_scan(struct bt_tree *t, const unsigned char start[16], size_t want, uint64_t *sump)
{
    uint64_t h = load64(start), l = load64(start + 8);
    size_t got = 0;
    uint64_t sum = 0;
    while (got < want) {
        uint64_t v;
        struct bt_node *n = find_leaf(t, h, l, &v);
        for (;;) {
            /* copy this leaf's part, then validate before using it */
            uint64_t lh = 0, ll = 0, part = 0;
            size_t take = 0;
            unsigned cnt = LD(n->count);
            if (cnt > FAN)
                cnt = FAN;
            for (unsigned i = lower_bound(n, h, l); i < cnt && got + take < want; i++) {
                lh = LD(n->khi[i]);
                ll = LD(n->klo[i]);
                part += (uint64_t)(uintptr_t)LD(n->val[i]);
                take++;
            }
            struct bt_node *next = LD(n->next);
            if (!read_valid(n, v))
                break; /* re-find from (h, l) */
            got += take;
            sum += part;
            if (take) { /* continue after the last key taken */
                h = lh;
                l = ll + 1;
                if (l == 0)
                    h++;
            }
            if (got >= want || !next)
                goto done;
            n = next;
            if (!read_begin(n, &v))
                break;
        }
    }
done:
    *sump += sum;
    return got;
}
