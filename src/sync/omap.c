/*
 * omap.c -- the lock-free skiplist behind omap.h (read that essay first).
 *
 * NODE. key bytes inline after the links, a value slot, a two-count that
 * decides who retires the node, and height forward links. A link word is a
 * node pointer whose low bit marks the OWNER of the word as deleted at that
 * level; a marked word never changes again, so a deleted node's links are
 * frozen and keep pointing forward, to larger keys. (A layout with an
 * 8-byte big-endian key prefix beside the links, nodes rounded to whole
 * cache lines, was measured and dropped: height-1 and -2 nodes with short
 * keys already fit one 64-byte jemalloc slot, and the rounding grew the
 * map; see omap.h.)
 *
 * INVARIANTS.
 *  I1  Along any chain of links at one level, keys strictly increase (a
 *      link is only ever swung to a node whose key lies between the two it
 *      joins, or from a deleted node to that node's own successor).
 *  I2  A node is live (in the map) exactly while next[0] is unmarked.
 *      Levels are marked top-down and level 0 last, so a node unmarked at
 *      any upper level was live when that level was read.
 *  I3  At most one live node per key: insert links at level 0 only after a
 *      search saw no live node with the key, and the link CAS succeeds only
 *      if pred -> succ is still the adjacency that search saw.
 *  I4  A node is retired (oe_call_rcu) only once no link of a live chain
 *      reaches it, after its level-0 mark AND its inserter's last link
 *      attempt. Either a search that started after both unlinks every
 *      marked node with that key on each level, or the deleter itself
 *      swings, after its mark, the one link of every level at which its
 *      pre-mark search found the node linked (unlink_known: if any level
 *      was not linked then, or any swing fails, it falls back to a search;
 *      a later link by the still-running inserter is the inserter's own
 *      cleanup search's job, as before). Nodes reachable
 *      only through frozen links of retired nodes were unlinked after them,
 *      hence no earlier than the start of any reader still walking there:
 *      RCU's grace period covers every reader that could hold them.
 *
 * READERS vs WRITERS. Writers use search() (Fraser's find): it snips
 * every marked node it meets at every level and restarts from the head if
 * a snip CAS fails. A delete by key is one descent: the search that finds
 * the node also yields the links to swing after the mark. Readers start at
 * the highest level any node has reached (map->top, a hint: any start level
 * is correct), never re-compare the node that stopped the level above, and
 * walk the upper levels without writing (marked
 * nodes are stepped over) and finish on level 0 with level0_walk(), which
 * gives each seek an exact linearization point (see there). It writes only
 * to unlink a deleted node that still sits between its answer's neighbours
 * -- helping, the transient state between a delete's LP and its cleanup.
 */
#include "omap.h"

#include <stdbool.h>
#include <string.h>

#include "alloc.h"
#include "annotate.h"
#include "copy.h"
#include "rcu.h"
#include "retire.h"

#define MARK ((uintptr_t)1)
#define COUNT_STRIPES 8

/* A map entry is a skiplist node. Fields reachable by several threads: */
struct oe_omap_entry {
    _Atomic(void *) value;        /* [atomic] the caller's acquire/release protocol;
                                     the map stores it relaxed before publishing */
    struct rcu_head rcu;          /* [owner] the thread whose release dropped refs to 0 */
    atomic_int refs;              /* [atomic acq_rel] 2 at birth: the inserter's and the
                                     deleter's shares, +1 per cursor pin (node_pin);
                                     node_release pairs with itself and node_pin */
    uint16_t keylen;              /* [imm] */
    uint8_t height;               /* [imm] 1..OE_OMAP_MAX_HEIGHT */
    OE_SHARED _Atomic(uintptr_t) next[]; /* [atomic acq/rel] publish CAS (release) pairs
                                     with the walkers' acquire loads; key bytes follow */
};
typedef struct oe_omap_entry node_t;

struct stripe {
    _Atomic(int64_t) n;           /* [atomic relaxed] approximate: no ordering needed */
    char pad[OE_CACHELINE - sizeof(int64_t)];
};

struct fence;

/* The fence's writers' line, apart from the lines every descent reads. */
struct fence_ctl {
    atomic_int building;          /* [atomic acq/rel] 1 while one thread rebuilds */
    _Atomic(int64_t) misses;      /* [atomic relaxed] descents whose fence node had
                                     been deleted, since the last build */
    _Atomic(uint64_t) builds;     /* [atomic relaxed] fences published (tests) */
    char pad[OE_CACHELINE - sizeof(atomic_int) - 2 * sizeof(int64_t)];
};

struct oe_omap {
    node_t *head;                 /* [imm] full-height sentinel, never deleted */
    atomic_int top;               /* [atomic relaxed] highest level index any node was
                                     built with; only grows. A hint for readers' start
                                     level: starting at any level is correct */
    _Atomic(struct fence *) fence; /* [rcu] FENCE below: stored (release) by the one
                                     builder, loaded (acquire) inside read-side sections;
                                     a replaced fence is freed after a grace period */
    struct stripe count[COUNT_STRIPES]; /* [atomic relaxed] see stripe */
    struct fence_ctl ctl;         /* [atomic] see fence_ctl */
};

/* Walk modes: which keys count as "before" the target. */
enum walk_mode {
    WALK_GE,   /* before = key <  K: stop at the first key >= K */
    WALK_GT,   /* before = key <= K: stop at the first key >  K */
    WALK_END,  /* every key is before: stop at the end */
};

/* A descent's target: the key, its prefix word and the walk mode. */
struct target {
    const unsigned char *key;
    size_t len;
    enum walk_mode mode;
};

static _Thread_local uint64_t tls_rng;     /* [owner] height generator */
static _Thread_local int tls_stripe = -1;  /* [owner] this thread's count stripe */
static atomic_uint g_next_stripe;          /* [atomic relaxed] round-robin stripe dealer */

/* node_key -- the key bytes, stored after the node's links. */
static inline const unsigned char *node_key(const node_t *n)
{
    return (const unsigned char *)&n->next[n->height];
}

/* node_value -- n's value slot. */
static inline _Atomic(void *) *node_value(node_t *n)
{
    return &n->value;
}

/* node_size -- bytes allocated for a node (needed by oe_free_index). */
static inline size_t node_size(unsigned height, size_t keylen)
{
    return sizeof(node_t) + height * sizeof(_Atomic(uintptr_t)) + keylen;
}

static inline node_t *ptr_of(uintptr_t w)
{
    return (node_t *)(w & ~MARK);
}

/* key_cmp -- memcmp order, shorter first on a common prefix. Inline,
 * 8 bytes a step: keys are short and out-of-line memcmp dominated. */
static inline int key_cmp(const unsigned char *a, size_t al, const unsigned char *b, size_t bl)
{
    size_t n = al < bl ? al : bl;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y) {
            x = __builtin_bswap64(x);
            y = __builtin_bswap64(y);
            return x < y ? -1 : 1;
        }
    }
    for (; i < n; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return (al > bl) - (al < bl);
}

/* node_cmp -- order of n's key against the target's. */
static inline int node_cmp(const node_t *n, const struct target *t)
{
    return key_cmp(node_key(n), n->keylen, t->key, t->len);
}

/* is_before -- does node n lie before the target under its walk mode? */
static inline bool is_before(const node_t *n, const struct target *t)
{
    if (t->mode == WALK_END)
        return true;
    int c = node_cmp(n, t);
    return t->mode == WALK_GE ? c < 0 : c <= 0;
}

/* target_of -- a descent target for key[0..len) under mode. */
static inline struct target target_of(const void *key, size_t len, enum walk_mode mode)
{
    struct target t = {key, len, mode};
    return t;
}

/* random_height -- geometric with p = 1/2, from a per-thread xorshift64*.
 * p = 1/2 beat 1/4 at 1M keys (lookup -20%, insert -11%, omap_bench):
 * the same expected hops per descent in theory, but only the bottom levels
 * miss the cache, and 1/2 takes ~2 hops there per level where 1/4 takes ~4. */
static unsigned random_height(void)
{
    uint64_t x = tls_rng;
    if (OE_UNLIKELY(x == 0))
        x = (uint64_t)(uintptr_t)&tls_rng * 0x9E3779B97F4A7C15ull | 1;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    tls_rng = x;
    uint64_t r = x * 0x2545F4914F6CDD1Dull;
    unsigned h = 1;
    while ((r & 1) == 0 && h < OE_OMAP_MAX_HEIGHT) {
        h++;
        r >>= 1;
    }
    return h;
}

/* count_add -- adjust this thread's stripe; stripes keep writers to
 * different keys off one shared cache line. */
static inline void count_add(struct oe_omap *map, int64_t d)
{
    if (OE_UNLIKELY(tls_stripe < 0))
        tls_stripe = (int)(atomic_fetch_add_explicit(&g_next_stripe, 1, memory_order_relaxed) %
                           COUNT_STRIPES);
    atomic_fetch_add_explicit(&map->count[tls_stripe].n, d, memory_order_relaxed);
}

/* raise_top -- record that a node of height h exists (relaxed max: the
 * value is a hint, and a reader that starts too low is merely slower). */
static inline void raise_top(struct oe_omap *map, unsigned h)
{
    int want = (int)h - 1;
    int cur = atomic_load_explicit(&map->top, memory_order_relaxed);
    while (cur < want &&
           !atomic_compare_exchange_weak_explicit(&map->top, &cur, want, memory_order_relaxed,
                                                  memory_order_relaxed))
        ;
}

/* node_free_rcu -- RCU callback: the grace period has ended, free. */
static void node_free_rcu(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    node_t *n = caa_container_of(h, node_t, rcu);
    oe_free_index(n, node_size(n->height, n->keylen));
}

/* prefetch_down -- while curr (pred's successor at lvl >= 1) is fetched,
 * start fetching pred's successor one level down: it is the next node the
 * descent visits if curr ends this level (then the two misses overlap).
 * Relaxed: a hint only; a prefetch never faults, whatever the word holds. */
static inline void prefetch_down(const node_t *pred, int lvl)
{
    __builtin_prefetch(
        ptr_of(atomic_load_explicit(&pred->next[lvl - 1], memory_order_relaxed)), 0, 3);
}

/* node_release -- drop the inserter's, the deleter's or a cursor's share;
 * the last one retires the node (I4). acq_rel: the last dropper sees the
 * other's links and cleanup before it hands the node to RCU. */
static void node_release(node_t *n)
{
    if (atomic_fetch_sub_explicit(&n->refs, 1, memory_order_acq_rel) == 1)
        oe_retire(&n->rcu, node_free_rcu);
}

/*
 * node_pin -- take a cursor's share of n, which the caller reached inside
 * its current read-side section: increment refs unless it is already 0.
 * Safe because n cannot be freed during the section: a node is freed only
 * by an RCU callback queued when refs reached 0, after our section began
 * (or by oe_omap_destroy, excluded from every section on the map). Refs 0
 * means that callback is queued: the node is deleted and unlinked, so
 * there is nothing worth pinning and we fail. Once 0, refs never rises.
 * LP(pin): the successful CAS from r > 0 to r + 1; from then on n's memory
 * stays valid until our node_release. acquire on success pairs with the
 * releases of earlier droppers (nothing we read depends on it but TSan's
 * view of the count); relaxed on failure: we then leave n alone.
 */
static bool node_pin(node_t *n)
{
    int r = atomic_load_explicit(&n->refs, memory_order_relaxed);
    do {
        if (r == 0)
            return false;
    } while (!atomic_compare_exchange_weak_explicit(&n->refs, &r, r + 1, memory_order_acquire,
                                                    memory_order_relaxed));
    return true;
}

/* node_live -- is n in its map (level-0 link unmarked)? acquire: pairs with
 * delete_node's level-0 fetch_or (and the release CAS that linked n). */
static inline bool node_live(const node_t *n)
{
    return !(atomic_load_explicit(&n->next[0], memory_order_acquire) & MARK);
}

/*
 * FENCE. Every level of a descent is a dependent load or two, and at 100k
 * keys even the upper ones are L2 or L3 hits, not L1 (rdtsc per level,
 * openese-bench lifecycle: levels >= 6 took ~33% of a descent, levels 3-5
 * another ~20%). The fence replaces the levels above FENCE_LEVEL with a
 * lookup in a dense sorted array (DIRECTORY): the nodes linked at level FENCE_LEVEL
 * (one in 2^FENCE_LEVEL), in key order, each with its key's first 8 bytes
 * as a big-endian number. A descent that needs no level above FENCE_LEVEL
 * starts at FENCE_LEVEL from the last entry whose prefix is below the
 * target's -- the node its descent from the head would have stood on
 * there, or an earlier one if the fence is stale -- instead of at the
 * head. FENCE_LEVEL 2 (a quarter of the nodes, 4 bytes of fence per key)
 * was the fastest of 1-5 in interleaved A/B runs: from 5 to 2, point read
 * -15%, lifecycle -8%; 1 was no faster (more inserts are too tall to use
 * the fence, and the array outgrows L2).
 *
 * Why that start is correct. An entry's prefix below the target's means
 * its key is before the target in every walk mode (the first 8 bytes,
 * zero-padded, differ and are smaller). The entry was reached at level
 * FENCE_LEVEL when the fence was built, so it was linked there (levels are
 * linked bottom up: linked at every level below too). A node is unlinked
 * from a level only after its word at that level is marked, so when the
 * descent reads the entry's next[FENCE_LEVEL] unmarked, the entry is still
 * linked at FENCE_LEVEL and below and live (I2): exactly a node a descent
 * from the head could stand on at that level. Marked: the descent starts
 * from the head instead (and counts a miss). Deleted after that read: the
 * descent fails as from any pred deleted under it (search's marked word,
 * level0_walk's false) and restarts -- always from the head. The
 * linearization points do not move: the fence only chooses where a
 * descent starts, and every answer is still decided by the level-0 reads
 * named in omap.h.
 *
 * Memory. The fence pins every node it names (node_pin), so no entry is
 * freed while a fence holds it; a replaced fence releases its pins in an
 * RCU callback, after every descent that could read it has ended (a node
 * whose last share that was is then retired: a callback that retires,
 * which is why oe_rcu_barrier runs two rounds). oe_omap_destroy releases
 * the current fence's pins; a replaced one still waiting for its callback
 * holds its nodes alive exactly as a cursor pin does, and releases them
 * later.
 *
 * Building. One thread at a time (ctl.building) walks level FENCE_LEVEL
 * read-only (as walk does), pins each unmarked node, and publishes the
 * array with a release exchange. A thread checks every check_every (256)
 * inserts or deletes by key: the fence is built once the map has
 * fence_min (512) entries, and rebuilt when the live count moved by a
 * quarter since the last build or when a quarter of its entries were found
 * deleted. Maps below fence_min have no fence. 512 rather than the 4096
 * first chosen: a map of a few thousand keys descends from its top level
 * (which only grows, and churn lifts it to ~20) through empty levels, and
 * the fence skips them (lifecycle at 1,000 rows -7.5% at 1 thread, -12% at
 * 2; at 3,000 rows -10%; no change at 100k rows, temp-sort or
 * update-heavy, interleaved A/B). Its cost on a small map is one walk of a
 * quarter of the nodes per 25% change of the count. Tests lower both
 * numbers (oe_omap_tune_fence), or raise fence_min for an exact count of
 * live blocks (a fence pins nodes until its next rebuild).
 */
#define FENCE_LEVEL OE_OMAP_FENCE_LEVEL

/*
 * GROUP. From the fence's node, a descent still walks levels 2, 1 and 0 to
 * its place: ~5 nodes, each a cache miss at 100k keys (6 MB of nodes), and
 * each address known only once the node before it has arrived. The fence
 * therefore also records, per entry, the addresses of the nodes that
 * followed it at level 0 when it was built, up to and including the next
 * node linked at FENCE_LEVEL (or FENCE_GROUP of them): the nodes that
 * descent visits. fence_start prefetches them all at once, so their misses
 * overlap instead of following one another. They are hints only: the
 * nodes are not pinned and may since have been deleted and freed, so the
 * addresses are only ever prefetched (a prefetch never faults), never
 * loaded from. Gathered by walking level 0 from each entry while every
 * word read is unmarked (a node whose word is unmarked is live, so its
 * successor is reachable and not freed during the builder's section).
 */
#define FENCE_GROUP OE_OMAP_FENCE_GROUP

/* One line per fence entry: its node, pinned, and its GROUP: addresses
 * only, zero-padded, never dereferenced. The node sits in the same line as
 * its group so that a lookup's last step misses once, not twice. */
struct fence_line {
    node_t *node;
    uintptr_t group[FENCE_GROUP];
};

struct fence_ent {
    uint64_t prefix;              /* the node's key prefix (key_prefix) */
    node_t *node;                 /* pinned by the fence being built */
};

/* A published fence: the entries in key order, 1-based, prefixes and
 * lines in two arrays, and DIRECTORY: the prefixes split into nb buckets
 * of equal width (the bits of the prefix below `shift`), dir[b] entries
 * lying in the buckets before b. A lookup computes its bucket, reads
 * dir[b] and dir[b + 1], and scans the few prefixes between them (a binary
 * search if the bucket is crowded): two dependent reads where a binary
 * search over the whole array took ~15 steps. It replaced an Eytzinger
 * layout (the array as a breadth-first binary tree, each step prefetching
 * the descendants four levels down), whose steps perf still put at ~5% of
 * the lifecycle. Interleaved A/B at 100k rows, openese-bench --runs 3
 * --seconds 0.3, medians, ns/op, 1T / 2T: point read 729 / 692 -> 634 /
 * 579, lifecycle 3265 / 3700 -> 3039 / 3645; omap_bench 100000 lookup
 * 1T ~235 -> ~210. */
struct fence {
    struct rcu_head rcu;          /* [owner] the thread that replaced it */
    int64_t built_count;          /* [imm] the map's count when built */
    size_t size;                  /* [imm] bytes allocated */
    uint32_t n;                   /* [imm] entries */
    uint32_t nb;                  /* [imm] directory buckets (>= 1 when n > 0) */
    unsigned shift;               /* [imm] bucket of prefix p: (p >> shift) - base */
    uint64_t base;                /* [imm] the first entry's prefix >> shift */
    node_t *last;                 /* [imm] the entry of the largest key (NULL: none) */
    uint64_t *prefix;             /* [imm] prefix[1..n], ascending; line-aligned */
    struct fence_line *line;      /* [imm] line[k]: prefix[k]'s node and GROUP; line-
                                     aligned */
    uint32_t *dir;                /* [imm] dir[0..nb]: entries in buckets < b;
                                     dir[nb] = n */
};

/* DIRECTORY sizing: about this many entries per bucket. 2 keeps the
 * directory at 2 bytes per entry and a bucket's prefixes within one line
 * for evenly spread keys; skewed keys crowd some buckets, whose lookups
 * binary-search them. */
#define FENCE_PER_BUCKET 2
#define FENCE_SCAN_MAX 8   /* a bucket with more entries is binary-searched */

static _Atomic(uint64_t) g_fence_min = 512;       /* [atomic relaxed] tests tune it */
static _Atomic(unsigned) g_fence_check_every = 256; /* [atomic relaxed] tests lower it */
static _Thread_local unsigned tls_fence_tick; /* [owner] inserts since the last check */

void oe_omap_tune_fence(uint64_t min_entries, unsigned check_every)
{
    atomic_store_explicit(&g_fence_min, min_entries, memory_order_relaxed);
    atomic_store_explicit(&g_fence_check_every, check_every ? check_every : 1,
                          memory_order_relaxed);
}

/* key_prefix -- the first 8 key bytes, zero-padded, as a big-endian number:
 * a < b as numbers implies key a < key b in the map's order. */
static inline uint64_t key_prefix(const unsigned char *key, size_t len)
{
    uint64_t x = 0;
    oe_copy_le8(&x, key, len < 8 ? len : 8);
    return __builtin_bswap64(x);
}

/* fence_release -- drop a fence's pins and free it. */
static void fence_release(struct fence *f)
{
    for (uint32_t k = 1; k <= f->n; k++)
        node_release(f->line[k].node);
    oe_free(f, f->size);
}

static void fence_free_rcu(struct rcu_head *h)
{
    oe_rcu_grace_acquire();
    fence_release(caa_container_of(h, struct fence, rcu));
}

/* release_ents -- drop the pins of n collected entries and free the array. */
static void release_ents(struct fence_ent *e, uint32_t n, uint32_t cap)
{
    for (uint32_t i = 0; i < n; i++)
        node_release(e[i].node);
    oe_free(e, (size_t)cap * sizeof(*e));
}

/* fence_directory -- choose the bucket width for sorted e[0..n) (n > 0):
 * the narrowest power of two that spreads the first to the last prefix
 * over at most ~n / FENCE_PER_BUCKET buckets. */
static void fence_directory(struct fence *f, const struct fence_ent *e, uint32_t n)
{
    uint64_t want = 2;
    while (want < n / FENCE_PER_BUCKET)
        want *= 2;
    uint64_t lo = e[0].prefix, hi = e[n - 1].prefix;
    unsigned shift = 0;
    while (shift < 63 && (hi >> shift) - (lo >> shift) >= want)
        shift++;
    f->shift = shift;
    f->base = lo >> shift;
    f->nb = (uint32_t)((hi >> shift) - f->base + 1);
}

/* fence_fill -- copy sorted e[0..n) into the fence (the pins move to it)
 * and count every bucket's predecessors into dir. */
static void fence_fill(struct fence *f, const struct fence_ent *e, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        f->prefix[i + 1] = e[i].prefix;
        f->line[i + 1].node = e[i].node;
    }
    uint32_t i = 0;
    for (uint32_t b = 0; b <= f->nb; b++) {
        while (i < n && (e[i].prefix >> f->shift) - f->base < b)
            i++;
        f->dir[b] = i;
    }
}

/* fence_groups -- fill every entry's GROUP: walk level 0 from the entry
 * (pinned) up to and including the first node linked above FENCE_LEVEL,
 * at most FENCE_GROUP nodes, following a successor only out of a word read
 * unmarked (GROUP); zero-pad. Each walk is a chain of dependent misses, but
 * the walks of different entries are independent, so FENCE_LANES of them
 * advance in turn, each next node prefetched: their misses overlap, and a
 * build costs about what the level-FENCE_LEVEL walk before it did, although
 * it visits four times as many nodes. */
#define FENCE_LANES 8
static void fence_groups(struct fence *f)
{
    struct lane {
        uint32_t k;        /* the entry whose group this lane fills */
        unsigned j;        /* addresses recorded */
        const node_t *y;   /* the last node reached (the entry itself at first) */
    } lane[FENCE_LANES];
    uint32_t next = 1;
    unsigned live = 0;
    for (; live < FENCE_LANES && next <= f->n; live++, next++)
        lane[live] = (struct lane){next, 0, f->line[next].node};
    while (live) {
        for (unsigned l = 0; l < live;) {
            struct lane *a = &lane[l];
            uintptr_t *g = f->line[a->k].group;
            bool done = a->j == FENCE_GROUP || (a->j > 0 && a->y->height > FENCE_LEVEL);
            if (!done) {
                /* acquire: pairs with the release CAS that linked the node. */
                uintptr_t w = atomic_load_explicit(&a->y->next[0], memory_order_acquire);
                if (!w || (w & MARK)) {
                    done = true;
                } else {
                    a->y = ptr_of(w);
                    g[a->j++] = w;
                    __builtin_prefetch(a->y);
                }
            }
            if (done) {
                while (a->j < FENCE_GROUP)
                    g[a->j++] = 0;
                if (next > f->n) {
                    *a = lane[--live]; /* the last lane moves here: visit it now */
                    continue;
                }
                *a = (struct lane){next, 0, f->line[next].node};
                next++;
            }
            l++;
        }
    }
}

/* fence_collect -- pin the nodes linked at FENCE_LEVEL, in key order, into
 * a new fence (NULL: out of memory; nothing stays pinned). They are
 * gathered in a doubling array, then laid out as struct fence says. */
static struct fence *fence_collect(struct oe_omap *map, int64_t count)
{
    uint32_t cap = (uint32_t)(count >> FENCE_LEVEL) * 2 + 64, n = 0;
    struct fence_ent *e = oe_malloc((size_t)cap * sizeof(*e));
    if (!e)
        return NULL;
    /* acquire: pairs with the release CAS that linked each node. */
    node_t *x = ptr_of(atomic_load_explicit(&map->head->next[FENCE_LEVEL], memory_order_acquire));
    while (x) {
        uintptr_t s = atomic_load_explicit(&x->next[FENCE_LEVEL], memory_order_acquire);
        if (!(s & MARK) && node_pin(x)) {
            if (n == cap) {
                struct fence_ent *g = oe_malloc((size_t)cap * 2 * sizeof(*e));
                if (!g) {
                    node_release(x);
                    release_ents(e, n, cap);
                    return NULL;
                }
                memcpy(g, e, (size_t)n * sizeof(*e));
                oe_free(e, (size_t)cap * sizeof(*e));
                e = g;
                cap *= 2;
            }
            e[n].prefix = key_prefix(node_key(x), x->keylen);
            e[n++].node = x;
        }
        x = ptr_of(s);
    }
    /* One block: the header, up to a line of padding, prefix[0..n] from a
     * line boundary, up to a line of padding, line[0..n], dir[0..nb]. */
    struct fence shape = {.n = n};
    if (n)
        fence_directory(&shape, e, n);
    size_t size = sizeof(struct fence) + 2 * OE_CACHELINE +
                  (size_t)(n + 1) * (sizeof(uint64_t) + sizeof(struct fence_line)) +
                  (size_t)(shape.nb + 1) * sizeof(uint32_t);
    struct fence *f = oe_malloc(size);
    if (!f) {
        release_ents(e, n, cap);
        return NULL;
    }
    *f = shape;
    f->built_count = count;
    f->size = size;
    f->last = n ? e[n - 1].node : NULL;
    uintptr_t at = ((uintptr_t)(f + 1) + OE_CACHELINE - 1) & ~(uintptr_t)(OE_CACHELINE - 1);
    f->prefix = (uint64_t *)at;
    at = ((uintptr_t)(f->prefix + n + 1) + OE_CACHELINE - 1) & ~(uintptr_t)(OE_CACHELINE - 1);
    f->line = (struct fence_line *)at;
    f->dir = (uint32_t *)(f->line + n + 1);
    fence_fill(f, e, n);
    fence_groups(f);
    oe_free(e, (size_t)cap * sizeof(*e));
    return f;
}

/* fence_rebuild -- if no other thread is at it, build and publish a fresh
 * fence (or none, below fence_min entries); the old one is released after
 * a grace period. Called inside a read-side section. */
static void fence_rebuild(struct oe_omap *map, int64_t count)
{
    int idle = 0;
    /* acquire: pairs with the previous builder's release below. */
    if (!atomic_compare_exchange_strong_explicit(&map->ctl.building, &idle, 1,
                                                 memory_order_acquire, memory_order_relaxed))
        return;
    struct fence *f = NULL;
    if ((uint64_t)count >= atomic_load_explicit(&g_fence_min, memory_order_relaxed))
        f = fence_collect(map, count);
    if (f || (uint64_t)count < atomic_load_explicit(&g_fence_min, memory_order_relaxed)) {
        atomic_store_explicit(&map->ctl.misses, 0, memory_order_relaxed);
        /* release: descents that load f (acquire) see its entries. */
        struct fence *old = atomic_exchange_explicit(&map->fence, f, memory_order_acq_rel);
        atomic_fetch_add_explicit(&map->ctl.builds, 1, memory_order_relaxed);
        if (old)
            oe_retire(&old->rcu, fence_free_rcu);
    } /* else out of memory: keep the old fence, try again at the next check */
    atomic_store_explicit(&map->ctl.building, 0, memory_order_release);
}

/* fence_check -- every check_every (256) inserts and deletes by key of this
 * thread: rebuild
 * when the map crossed fence_min, or its count moved by a quarter since
 * the fence was built, or a quarter of the fence was found deleted. */
static void fence_check(struct oe_omap *map)
{
    if (OE_LIKELY(++tls_fence_tick <
                  atomic_load_explicit(&g_fence_check_every, memory_order_relaxed)))
        return;
    tls_fence_tick = 0;
    int64_t count = (int64_t)oe_omap_count(map);
    uint64_t min = atomic_load_explicit(&g_fence_min, memory_order_relaxed);
    struct fence *f = atomic_load_explicit(&map->fence, memory_order_acquire);
    bool stale;
    if (!f)
        stale = (uint64_t)count >= min;
    else
        stale = (uint64_t)count < min || count > f->built_count + f->built_count / 4 ||
                count < f->built_count - f->built_count / 4 ||
                atomic_load_explicit(&map->ctl.misses, memory_order_relaxed) > f->n / 4;
    if (stale)
        fence_rebuild(map, count);
}

/*
 * BOUND. The fence says where a descent starts, not how far it then walks
 * at FENCE_LEVEL: on a fresh fence the next node there is the next entry,
 * one step on, but keys inserted since the build add nodes between two
 * entries, and all of them to a walk through that gap. Where inserts
 * cluster -- ascending keys (autoincrement), which all land past the last
 * entry, or a hot range -- a gap grows without limit until the count has
 * moved by a quarter, and each insert walked all of it: ascending inserts
 * cost 5 us each at 100k keys and 120-160 us at 1M (O(n) per insert). So:
 * a target past the last entry descends from the head (the fence bounds
 * nothing there), and a walk from an entry that needs more than
 * FENCE_WALK_MAX steps at FENCE_LEVEL counts a fence miss (the fence is
 * rebuilt once misses reach a quarter of its entries) and restarts from
 * the head, whose descent is O(log n) whatever the fence. Restarting from
 * the head is always correct (FENCE). Ascending 8-byte keys into one map,
 * ns per insert over the last 100k of the first 100k / 1M: 5190 / 121210
 * before, 230-330 / 290 after; bench/micro/omap_bench 1000000 (append,
 * 1T / 2T): 59267 / 26127 -> 235 / 459 ns (the B+tree sketch: 72 / 78).
 * The tests check that appends do not start
 * from the fence and that walks into a crowded gap overrun and rebuild.
 * Random keys: no change (interleaved A/B, lifecycle and point read).
 */
#define FENCE_WALK_MAX 16

/* fence_overrun -- a walk from the fence ran past FENCE_WALK_MAX (BOUND). */
static void fence_overrun(struct oe_omap *map)
{
    atomic_fetch_add_explicit(&map->ctl.misses, 1, memory_order_relaxed);
}

/* fence_find -- the index of the last entry whose prefix is below p, 0 if
 * none (DIRECTORY). */
static inline uint32_t fence_find(const struct fence *f, uint64_t p)
{
    uint64_t hb = p >> f->shift;
    if (hb < f->base)
        return 0; /* below the first entry's bucket: every entry is >= p */
    if (hb - f->base >= f->nb)
        return f->n; /* above the last entry's bucket (or no entries, nb = 0) */
    const uint32_t *d = &f->dir[hb - f->base];
    /* Entries d[0]+1..d[1] share p's bucket; those before are below p,
     * those after above it. */
    uint32_t lo = d[0], hi = d[1];
    /* The answer is lo..hi, most often lo or lo + 1: fetch their lines
     * while the prefixes that decide arrive. */
    __builtin_prefetch(&f->line[lo]);
    __builtin_prefetch(&f->line[lo + 1]);
    if (hi - lo <= FENCE_SCAN_MAX) {
        while (lo < hi && f->prefix[lo + 1] < p)
            lo++;
        return lo;
    }
    while (lo < hi) { /* invariant: prefix[lo] < p (or lo = d[0]), prefix[hi + 1] >= p */
        uint32_t mid = lo + (hi - lo + 1) / 2;
        if (f->prefix[mid] < p)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/*
 * TALL. An insert whose node is taller than FENCE_LEVEL + 1 needs its
 * neighbours at levels above the fence, and used to descend from the head
 * for them: one insert in eight, each ~15 dependent misses where a fenced
 * one takes ~4 (capping heights at FENCE_LEVEL + 1, an upper bound of what
 * this can win, made the lifecycle 13% faster). But the fence's entries
 * are exactly the nodes linked at FENCE_LEVEL, so the taller ones are
 * among them: such an insert starts at its own top level L from the
 * nearest entry at or before the fence's answer whose height exceeds L --
 * looking back at most FENCE_TALL_BACK entries, for L <= FENCE_TALL_MAX --
 * and from the head only if there is none. Why that start is correct is
 * FENCE's argument at level L: the entry is before the target, and once
 * its next[L] is read unmarked it is linked at L and below and live.
 */
#define FENCE_TALL_BACK 8
#define FENCE_TALL_MAX 5

/* fence_start -- the node a descent for t may start from at level lvl
 * (FENCE_LEVEL, or FENCE_LEVEL < lvl <= FENCE_TALL_MAX for a tall insert:
 * TALL), or NULL: no fence, no entry before t, none tall enough nearby, or
 * the entry was deleted (counted as a miss). Inside a read-side section. */
static node_t *fence_start(struct oe_omap *map, const struct target *t, int lvl)
{
    /* acquire: pairs with fence_rebuild's release exchange. */
    const struct fence *f = atomic_load_explicit(&map->fence, memory_order_acquire);
    if (!f)
        return NULL;
    node_t *n;
    if (t->mode == WALK_END) {
        n = f->last;
        if (n && n->height <= lvl)
            return NULL;
    } else {
        uint32_t k = fence_find(f, key_prefix(t->key, t->len));
        if (!k || k == f->n)
            return NULL; /* none before t, or t is past the last entry (BOUND) */
        const struct fence_line *l = &f->line[k];
        n = l->node;
        for (unsigned i = 0; i < FENCE_GROUP && l->group[i]; i++) /* GROUP */
            __builtin_prefetch((const void *)l->group[i]);
        for (uint32_t j = k; n->height <= lvl;) { /* TALL; never at FENCE_LEVEL */
            if (j == 1 || k - j + 1 >= FENCE_TALL_BACK)
                return NULL;
            n = f->line[--j].node;
        }
    }
    if (!n)
        return NULL;
    /* acquire: pairs with the deleter's fetch_or (a mark here means the
     * node may be unlinked at this level: start from the head). */
    if (atomic_load_explicit(&n->next[lvl], memory_order_acquire) & MARK) {
        atomic_fetch_add_explicit(&map->ctl.misses, 1, memory_order_relaxed);
        return NULL;
    }
    return n;
}

/*
 * search -- Fraser's find for writers: fill preds[i]/succs[i] with the
 * adjacent pair around the target at every level (preds before, succs not
 * before under WALK_GE), unlinking every marked node met on the way.
 * Returns succs[0]: the first node with key >= K, live when its next[0] was
 * read. It starts at max(map->top, min_top): the caller passes in min_top
 * the highest level it will use (a node's height - 1), since a relaxed
 * read of the hint may be stale. Levels above the start are not written
 * (a descent from the fence starts at FENCE_LEVEL, at or above min_top):
 * a caller reads only levels <= min_top, or, like delete_key, clears the
 * higher ones itself (unlink_known sees NULL, never its node, and falls
 * back).
 */
static node_t *search(struct oe_omap *map, const struct target *t, node_t **preds,
                      node_t **succs, int min_top)
{
    int start = atomic_load_explicit(&map->top, memory_order_relaxed);
    if (start < min_top)
        start = min_top;
    node_t *from = map->head;
    int from_top = start;
    int at = min_top <= FENCE_LEVEL ? FENCE_LEVEL : min_top; /* TALL */
    if (start > FENCE_LEVEL && at <= FENCE_TALL_MAX) {
        node_t *f = fence_start(map, t, at);
        if (f) {
            from = f;
            from_top = at; /* levels above: not written, as above start */
            start = at;
        }
    }
    start = from_top;
retry:;
    node_t *pred = from;
    node_t *stop = NULL; /* the node that ended the level above: not before */
    unsigned hops = 0;   /* BOUND: steps at or above FENCE_LEVEL from a fence node */
    for (int lvl = start; lvl >= 0; lvl--) {
        /* acquire: pairs with the release CAS that linked the node (insert
         * or snip), so its key and links are visible. */
        uintptr_t w = atomic_load_explicit(&pred->next[lvl], memory_order_acquire);
        if (w & MARK) {
            if (from != map->head) { /* FENCE: every restart is from the head */
                from = map->head;
                start = atomic_load_explicit(&map->top, memory_order_relaxed);
                if (start < min_top)
                    start = min_top;
            }
            goto retry; /* pred was deleted while we descended from it */
        }
        node_t *curr = ptr_of(w);
        while (curr) {
            if (lvl > 0)
                prefetch_down(pred, lvl);
            uintptr_t s = atomic_load_explicit(&curr->next[lvl], memory_order_acquire);
            if (s & MARK) {
                /* curr is deleted at this level: swing pred past it.
                 * release: publishes nothing new but keeps I1 ordered for
                 * walkers; acquire on failure: pairs with whoever changed it. */
                uintptr_t exp = (uintptr_t)curr;
                if (!atomic_compare_exchange_strong_explicit(&pred->next[lvl], &exp, s & ~MARK,
                                                             memory_order_acq_rel,
                                                             memory_order_acquire))
                    goto retry;
                curr = ptr_of(s);
                continue;
            }
            if (curr == stop || !is_before(curr, t))
                break; /* keys are immutable: stop's comparison still holds */
            if (OE_UNLIKELY(lvl >= FENCE_LEVEL && from != map->head &&
                            ++hops > FENCE_WALK_MAX)) {
                fence_overrun(map);
                from = map->head;
                start = atomic_load_explicit(&map->top, memory_order_relaxed);
                if (start < min_top)
                    start = min_top;
                goto retry;
            }
            pred = curr;
            curr = ptr_of(s);
        }
        preds[lvl] = pred;
        succs[lvl] = curr;
        stop = curr;
    }
    return succs[0];
}

/*
 * level0_walk -- from *predp (found before the target), walk level 0 to the
 * first live node that is not before the target. Unlinks deleted nodes met
 * between pred and that node. Returns false if *predp itself has been
 * deleted (its next[0] is marked): the caller restarts from the head.
 *
 * LP(lookup/seek/cursor move): the last read of pred->next[0] (the load, or
 * the successful snip CAS, that yielded curr). At that instant pred is live
 * (the word was unmarked), pred -> curr is its link, and curr is live (its
 * next[0], read later, was still unmarked and marks are permanent): so pred
 * is the last live node before the target and curr the first not before.
 * `stop`, if not NULL, is a node known not to be before the target (the
 * one that ended the level above): it ends the walk with no comparison,
 * but only once its next[0] has been seen unmarked, as for any curr.
 */
static bool level0_walk(node_t **predp, node_t **currp, const struct target *t, node_t *stop)
{
    node_t *pred = *predp;
    /* acquire: pairs with the release CAS that linked the successor. */
    uintptr_t w = atomic_load_explicit(&pred->next[0], memory_order_acquire);
    node_t *curr;
    for (;;) {
        if (w & MARK)
            return false;
        curr = ptr_of(w);
        if (!curr)
            break;
        uintptr_t s = atomic_load_explicit(&curr->next[0], memory_order_acquire);
        if (s & MARK) {
            /* Help the deleter: unlink curr at level 0. On failure w is
             * reloaded (acquire, pairing with the CAS that changed it). */
            if (atomic_compare_exchange_strong_explicit(&pred->next[0], &w, s & ~MARK,
                                                        memory_order_acq_rel,
                                                        memory_order_acquire))
                w = s & ~MARK;
            continue;
        }
        if (curr == stop || !is_before(curr, t))
            break;
        pred = curr;
        w = s;
    }
    *predp = pred;
    *currp = curr;
    return true;
}

/*
 * walk -- the readers' descent: upper levels are read only (marked nodes
 * are stepped over, never stood on), level 0 by level0_walk. Starts at
 * map->top (relaxed: any start level is correct, a stale one is only
 * slower). Returns the first live node not before the target (or NULL)
 * and, in *predp, the last live node before it (the head if none).
 */
static node_t *walk(struct oe_omap *map, const struct target *t, node_t **predp)
{
    node_t *pred, *curr, *stop;
    node_t *fenced = fence_start(map, t, FENCE_LEVEL); /* FENCE: only the first attempt */
    do {
    restart:;
        int top = atomic_load_explicit(&map->top, memory_order_relaxed);
        pred = map->head;
        stop = NULL;
        bool from_fence = fenced && top > FENCE_LEVEL;
        if (from_fence) {
            pred = fenced;
            top = FENCE_LEVEL;
        }
        fenced = NULL;
        unsigned hops = 0; /* BOUND */
        for (int lvl = top; lvl >= 1; lvl--) {
            /* acquire: pairs with the release CAS that linked each node. */
            curr = ptr_of(atomic_load_explicit(&pred->next[lvl], memory_order_acquire));
            while (curr && curr != stop) {
                prefetch_down(pred, lvl);
                uintptr_t s = atomic_load_explicit(&curr->next[lvl], memory_order_acquire);
                if (!(s & MARK)) {
                    if (!is_before(curr, t))
                        break;
                    if (OE_UNLIKELY(from_fence && lvl == FENCE_LEVEL && ++hops > FENCE_WALK_MAX)) {
                        fence_overrun(map);
                        goto restart; /* from the head */
                    }
                    pred = curr;   /* unmarked at an upper level: live (I2) */
                }
                curr = ptr_of(s);
            }
            stop = curr; /* NULL (end), or a node not before the target */
        }
    } while (!level0_walk(&pred, &curr, t, stop));
    *predp = pred;
    return curr;
}

JET_ERR oe_omap_create(struct oe_omap **mapp)
{
    *mapp = NULL;
    struct oe_omap *map = oe_calloc(sizeof(*map));
    if (!map)
        return JET_errOutOfMemory;
    node_t *head = oe_calloc(node_size(OE_OMAP_MAX_HEIGHT, 0));
    if (!head) {
        oe_free(map, sizeof(*map));
        return JET_errOutOfMemory;
    }
    head->height = OE_OMAP_MAX_HEIGHT;
    atomic_init(&head->refs, 1);
    for (int i = 0; i < OE_OMAP_MAX_HEIGHT; i++)
        atomic_init(&head->next[i], 0);
    atomic_init(&map->top, 0);
    atomic_init(&map->fence, NULL);
    atomic_init(&map->ctl.building, 0);
    atomic_init(&map->ctl.misses, 0);
    atomic_init(&map->ctl.builds, 0);
    for (int i = 0; i < COUNT_STRIPES; i++)
        atomic_init(&map->count[i].n, 0);
    map->head = head;
    *mapp = map;
    return JET_errSuccess;
}

/* oe_omap_destroy -- with every other operation excluded, level 0 holds
 * exactly the live nodes (each deleted node's cleanup has unlinked it, I4);
 * retired nodes belong to pending RCU callbacks, and deleted nodes that
 * cursors still pin belong to those pins (their last release retires
 * them). Each live node is deleted as a deleter would: its level-0 mark
 * (a pinning cursor's next call sees it deleted and never walks from it),
 * then the deleter's share dropped. Pinned live nodes survive until their
 * pins are released (node_release, from any thread, touching the node
 * only); the rest are freed at once, since no reader can reach them. */
void oe_omap_destroy(struct oe_omap *map)
{
    if (!map)
        return;
    struct fence *f = atomic_load_explicit(&map->fence, memory_order_acquire);
    if (f)
        fence_release(f); /* pins first: then unpinned live nodes are freed below */
    node_t *n = ptr_of(atomic_load_explicit(&map->head->next[0], memory_order_acquire));
    while (n) {
        /* read before the release below: n may be freed by another thread
         * the moment our share is gone. */
        node_t *next = ptr_of(atomic_load_explicit(&n->next[0], memory_order_relaxed));
        /* release: a pin holder's acquire load (node_live) that sees the
         * mark sees the map's last writes to n. */
        atomic_fetch_or_explicit(&n->next[0], MARK, memory_order_release);
        /* acq_rel as node_release: whoever drops the last share sees all
         * earlier holders' accesses. */
        if (atomic_fetch_sub_explicit(&n->refs, 1, memory_order_acq_rel) == 1)
            oe_free_index(n, node_size(n->height, n->keylen));
        n = next;
    }
    oe_free(map->head, node_size(OE_OMAP_MAX_HEIGHT, 0));
    oe_free(map, sizeof(*map));
}

/* node_new -- an unpublished node of height h whose links are succs[]
 * (NULL: out of memory). */
static node_t *node_new(struct oe_omap *map, const struct target *t, void *value,
                        node_t **succs, unsigned h)
{
    node_t *n = oe_malloc_index(node_size(h, t->len));
    if (!n)
        return NULL;
    n->keylen = (uint16_t)t->len;
    n->height = (uint8_t)h;
    atomic_init(&n->refs, 2);
    for (unsigned i = 0; i < h; i++)
        atomic_init(&n->next[i], (uintptr_t)succs[i]);
    oe_copy_small((unsigned char *)&n->next[h], t->key, t->len);
    atomic_init(&n->value, value);
    raise_top(map, h);
    return n;
}

/* link_upper -- link n at levels 1..height-1, bottom up, until done or n
 * is deleted. Best effort: a node short of its height is still correct.
 * Returns whether every level was linked; then preds[i] is the node n was
 * linked behind at level i (a re-search after a lost CAS refreshes the
 * lower levels' preds too: n is their succ, so they are its predecessors). */
static bool link_upper(struct oe_omap *map, node_t *n, const struct target *t, node_t **preds,
                       node_t **succs)
{
    for (int lvl = 1; lvl < n->height; lvl++) {
        for (;;) {
            /* Point n at the current successor unless a deleter marked
             * the level (then stop: the node is going away). acquire:
             * pairs with the deleter's fetch_or. */
            uintptr_t old = atomic_load_explicit(&n->next[lvl], memory_order_acquire);
            if (old & MARK)
                return false;
            if (old != (uintptr_t)succs[lvl] &&
                !atomic_compare_exchange_strong_explicit(&n->next[lvl], &old, (uintptr_t)succs[lvl],
                                                         memory_order_acq_rel,
                                                         memory_order_acquire))
                return false; /* only a deleter's mark changes an unlinked level */
            uintptr_t exp = (uintptr_t)succs[lvl];
            /* release: pairs with the walkers' acquire loads of this link. */
            if (atomic_compare_exchange_strong_explicit(&preds[lvl]->next[lvl], &exp,
                                                        (uintptr_t)n, memory_order_acq_rel,
                                                        memory_order_acquire))
                break;
            if (search(map, t, preds, succs, n->height - 1) != n)
                return false; /* n was deleted meanwhile */
        }
    }
    return true;
}

static JET_ERR delete_node(struct oe_omap *map, node_t *n, node_t **preds, node_t **succs);

/* hint_take -- keep the inserter's share of n and pin its predecessors
 * (preds[i], linked behind at level i, all inside our section: safe to
 * pin). False (nothing kept) if n is too tall or a predecessor is already
 * on its way to being freed. */
static bool hint_take(struct oe_omap *map, node_t *n, node_t **preds, struct oe_omap_hint *hint)
{
    if (n->height > OE_OMAP_HINT_LEVELS)
        return false;
    for (unsigned i = 0; i < n->height; i++) {
        node_t *p = preds[i] == map->head ? NULL : preds[i];
        if (p && !node_pin(p)) {
            while (i-- > 0)
                if (hint->preds[i])
                    node_release(hint->preds[i]);
            return false;
        }
        hint->preds[i] = p;
    }
    hint->node = n;
    return true;
}

void oe_omap_hint_drop(struct oe_omap_hint *hint)
{
    node_t *n = hint->node;
    if (!n)
        return;
    for (unsigned i = 0; i < n->height; i++)
        if (hint->preds[i])
            node_release(hint->preds[i]);
    hint->node = NULL;
    node_release(n);
}

JET_ERR oe_omap_delete_hinted(struct oe_omap *map, struct oe_omap_hint *hint, void *expect)
{
    node_t *n = hint->node, *preds[OE_OMAP_HINT_LEVELS], *succs[OE_OMAP_HINT_LEVELS];
    JET_ERR err = OE_OMAP_ABSENT;
    for (unsigned i = 0; i < n->height; i++) {
        preds[i] = hint->preds[i] ? hint->preds[i] : map->head;
        succs[i] = n; /* "linked behind preds[i]": unlink_known's CAS checks it */
    }
    oe_rcu_read_lock();
    /* acquire: pairs with the caller's release CAS into the slot. */
    if (atomic_load_explicit(node_value(n), memory_order_acquire) == expect)
        err = delete_node(map, n, preds, succs);
    oe_rcu_read_unlock();
    oe_omap_hint_drop(hint);
    return err;
}

JET_ERR oe_omap_insert(struct oe_omap *map, const void *key, size_t keylen, void *value,
                       struct oe_omap_entry **entryp)
{
    return oe_omap_insert_hinted(map, key, keylen, value, entryp, NULL);
}

JET_ERR oe_omap_insert_hinted(struct oe_omap *map, const void *key, size_t keylen, void *value,
                              struct oe_omap_entry **entryp, struct oe_omap_hint *hint)
{
    node_t *preds[OE_OMAP_MAX_HEIGHT], *succs[OE_OMAP_MAX_HEIGHT];
    JET_ERR err = JET_errSuccess;
    node_t *n = NULL;

    if (entryp)
        *entryp = NULL;
    if (keylen > OE_OMAP_KEY_MAX)
        return JET_errInvalidParameter;
    struct target t = target_of(key, keylen, WALK_GE);
    unsigned h = random_height(); /* drawn first: the searches must cover it */
    oe_rcu_read_lock();
    node_t *found = search(map, &t, preds, succs, (int)h - 1);
    for (;;) {
        if (found && node_cmp(found, &t) == 0) {
            /* LP(insert, exists): search's load of found->next[0], unmarked. */
            if (n)
                oe_free_index(n, node_size(n->height, n->keylen)); /* never published */
            if (entryp)
                *entryp = found;
            err = OE_OMAP_EXISTS;
            goto done;
        }
        if (!n) {
            n = node_new(map, &t, value, succs, h);
            if (!n) {
                err = JET_errOutOfMemory; /* nothing published: map unchanged */
                goto done;
            }
        } else {
            for (unsigned i = 0; i < n->height; i++)
                atomic_store_explicit(&n->next[i], (uintptr_t)succs[i], memory_order_relaxed);
        }
        uintptr_t exp = (uintptr_t)succs[0];
        /* LP(insert): this CAS makes n live. release: publishes n's key,
         * value and links to the walkers' acquire loads of this word. It
         * fails if pred was deleted (marked word) or its successor changed. */
        if (atomic_compare_exchange_strong_explicit(&preds[0]->next[0], &exp, (uintptr_t)n,
                                                    memory_order_release, memory_order_relaxed))
            break;
        found = search(map, &t, preds, succs, (int)h - 1);
    }
    count_add(map, 1);
    bool linked = link_upper(map, n, &t, preds, succs);
    fence_check(map);
    /* A delete that raced our upper links may have run its cleanup before a
     * late link: clean up again so I4 holds, then drop our share (unless a
     * hint keeps it). acquire: pairs with the deleter's fetch_or on next[0]. */
    if (atomic_load_explicit(&n->next[0], memory_order_acquire) & MARK) {
        search(map, &t, preds, succs, (int)h - 1);
        linked = false;
    }
    if (entryp)
        *entryp = n; /* valid while the caller's own read-side section lasts */
    if (!hint || !linked || !hint_take(map, n, preds, hint))
        node_release(n);
done:
    oe_rcu_read_unlock();
    return err;
}

struct oe_omap_entry *oe_omap_seek(struct oe_omap *map, const void *key, size_t keylen,
                                   enum oe_omap_rel rel)
{
    node_t *pred, *curr;
    struct target t = target_of(key, keylen, rel == OE_OMAP_GT || rel == OE_OMAP_LE ? WALK_GT
                                                                                   : WALK_GE);
    curr = walk(map, &t, &pred);
    switch (rel) {
    case OE_OMAP_EQ:
        return curr && node_cmp(curr, &t) == 0 ? curr : NULL;
    case OE_OMAP_GE:
    case OE_OMAP_GT:
        return curr;
    case OE_OMAP_LT:
    case OE_OMAP_LE:
        return pred == map->head ? NULL : pred;
    }
    return NULL;
}

struct oe_omap_entry *oe_omap_lookup(struct oe_omap *map, const void *key, size_t keylen)
{
    return oe_omap_seek(map, key, keylen, OE_OMAP_EQ);
}

struct oe_omap_entry *oe_omap_first(struct oe_omap *map)
{
    node_t *pred = map->head, *curr = NULL;
    struct target t = target_of(NULL, 0, WALK_GE); /* every key >= "" */
    /* The head is never deleted, so level0_walk cannot fail from it. */
    (void)level0_walk(&pred, &curr, &t, NULL);
    return curr;
}

struct oe_omap_entry *oe_omap_last(struct oe_omap *map)
{
    node_t *pred;
    struct target t = target_of(NULL, 0, WALK_END);
    (void)walk(map, &t, &pred);
    return pred == map->head ? NULL : pred;
}

/*
 * unlink_known -- after n's level-0 mark, remove every link to it. If the
 * pre-mark search (preds/succs, may be NULL) found n linked at each of its
 * levels, swing exactly those links, top down; each swing is a snip, valid
 * whatever happened since, because the CAS proves pred is unmarked at that
 * level and still links n. n has at most one live predecessor per level
 * (each level is linked once, and snips only move the link), so once all
 * swings succeed no live chain reaches n (I4). Otherwise (a level was not
 * linked at search time, or a swing lost a race): one full search.
 */
static void unlink_known(struct oe_omap *map, node_t *n, node_t **preds, node_t **succs)
{
    if (preds) {
        int lvl = n->height - 1;
        while (lvl >= 0 && succs[lvl] == n)
            lvl--;
        if (lvl < 0) {
            for (lvl = n->height - 1; lvl >= 0; lvl--) {
                /* marked words are frozen: a plain acquire load suffices. */
                uintptr_t s = atomic_load_explicit(&n->next[lvl], memory_order_acquire) & ~MARK;
                uintptr_t exp = (uintptr_t)n;
                /* acq_rel as search's snip. */
                if (!atomic_compare_exchange_strong_explicit(&preds[lvl]->next[lvl], &exp, s,
                                                             memory_order_acq_rel,
                                                             memory_order_acquire))
                    break;
            }
            if (lvl < 0)
                return;
        }
    }
    struct target t = target_of(node_key(n), n->keylen, WALK_GE);
    node_t *p[OE_OMAP_MAX_HEIGHT], *s[OE_OMAP_MAX_HEIGHT];
    (void)search(map, &t, p, s, n->height - 1); /* unlinks n everywhere (I4) */
}

/* delete_node -- mark n top-down; the level-0 mark decides who deleted it.
 * preds/succs: the pre-mark search's result for n's key, or NULL. */
static JET_ERR delete_node(struct oe_omap *map, node_t *n, node_t **preds, node_t **succs)
{
    /* Upper levels first (I2); acq_rel: the mark pairs with link_upper's
     * acquire load/CAS, which then stop linking. */
    for (int lvl = n->height - 1; lvl >= 1; lvl--)
        atomic_fetch_or_explicit(&n->next[lvl], MARK, memory_order_acq_rel);
    /* LP(delete): the fetch_or that first sets the level-0 mark. acq_rel:
     * pairs with the walkers' acquire loads that see the mark. */
    uintptr_t old = atomic_fetch_or_explicit(&n->next[0], MARK, memory_order_acq_rel);
    if (old & MARK)
        return OE_OMAP_ABSENT; /* another deleter's LP came first */
    count_add(map, -1);
    unlink_known(map, n, preds, succs);
    node_release(n);
    return JET_errSuccess;
}

/* delete_key -- one descent: search for the key, then (if live and, when
 * `check`, holding `expect`) delete that node and swing the links the
 * search found. LP(absent): search's read of pred->next[0] (see walk). */
static JET_ERR delete_key(struct oe_omap *map, const void *key, size_t keylen, bool check,
                          void *expect, void **valuep)
{
    node_t *preds[OE_OMAP_MAX_HEIGHT], *succs[OE_OMAP_MAX_HEIGHT];
    JET_ERR err = OE_OMAP_ABSENT;
    if (valuep)
        *valuep = NULL;
    if (keylen > OE_OMAP_KEY_MAX)
        return OE_OMAP_ABSENT;
    struct target t = target_of(key, keylen, WALK_GE);
    /* search fills levels up to its start only; n may be taller (above:
     * no adjacency, so unlink_known falls back to a search). */
    memset(succs, 0, sizeof(succs));
    oe_rcu_read_lock();
    node_t *n = search(map, &t, preds, succs, 0);
    /* acquire: pairs with the caller's release CAS into the slot. */
    if (n && node_cmp(n, &t) == 0 &&
        (!check || atomic_load_explicit(node_value(n), memory_order_acquire) == expect)) {
        err = delete_node(map, n, preds, succs);
        if (err == JET_errSuccess && valuep)
            *valuep = atomic_load_explicit(node_value(n), memory_order_acquire);
        if (err == JET_errSuccess)
            fence_check(map);
    }
    oe_rcu_read_unlock();
    return err;
}

JET_ERR oe_omap_delete(struct oe_omap *map, const void *key, size_t keylen, void **valuep)
{
    return delete_key(map, key, keylen, false, NULL, valuep);
}

JET_ERR oe_omap_delete_if(struct oe_omap *map, const void *key, size_t keylen, void *expect)
{
    return delete_key(map, key, keylen, true, expect, NULL);
}

JET_ERR oe_omap_delete_entry(struct oe_omap *map, struct oe_omap_entry *entry)
{
    oe_rcu_read_lock();
    JET_ERR err = delete_node(map, entry, NULL, NULL);
    oe_rcu_read_unlock();
    return err;
}

uint32_t oe_omap_fence_entries(struct oe_omap *map)
{
    oe_rcu_read_lock();
    const struct fence *f = atomic_load_explicit(&map->fence, memory_order_acquire);
    uint32_t n = f ? f->n : 0;
    oe_rcu_read_unlock();
    return n;
}

void oe_omap_fence_refresh(struct oe_omap *map)
{
    oe_rcu_read_lock();
    fence_rebuild(map, (int64_t)oe_omap_count(map));
    oe_rcu_read_unlock();
}

unsigned oe_omap_fence_group(struct oe_omap *map, const void *key, size_t keylen,
                             struct oe_omap_entry **startp, struct oe_omap_entry **group)
{
    unsigned n = 0;
    *startp = NULL;
    oe_rcu_read_lock();
    const struct fence *f = atomic_load_explicit(&map->fence, memory_order_acquire);
    uint32_t k = f ? fence_find(f, key_prefix(key, keylen)) : 0;
    if (k) {
        *startp = f->line[k].node;
        while (n < FENCE_GROUP && f->line[k].group[n]) {
            group[n] = (node_t *)f->line[k].group[n];
            n++;
        }
    }
    oe_rcu_read_unlock();
    return n;
}

unsigned oe_omap_entry_height(const struct oe_omap_entry *e) { return e->height; }

struct oe_omap_entry *oe_omap_fence_start(struct oe_omap *map, const void *key, size_t keylen,
                                          int level)
{
    struct target t = target_of(key, keylen, WALK_GE);
    if (level < FENCE_LEVEL || level > FENCE_TALL_MAX)
        return NULL;
    oe_rcu_read_lock(); /* the caller's section keeps the answer meaningful */
    node_t *n = fence_start(map, &t, level);
    oe_rcu_read_unlock();
    return n;
}

int64_t oe_omap_fence_misses(struct oe_omap *map)
{
    return atomic_load_explicit(&map->ctl.misses, memory_order_relaxed);
}

uint64_t oe_omap_fence_builds(struct oe_omap *map)
{
    return atomic_load_explicit(&map->ctl.builds, memory_order_relaxed);
}

uint64_t oe_omap_count(struct oe_omap *map)
{
    int64_t sum = 0;
    for (int i = 0; i < COUNT_STRIPES; i++)
        sum += atomic_load_explicit(&map->count[i].n, memory_order_relaxed);
    return sum < 0 ? 0 : (uint64_t)sum;
}

const void *oe_omap_entry_key(const struct oe_omap_entry *e, size_t *keylenp)
{
    *keylenp = e->keylen;
    return node_key(e);
}

_Atomic(void *) *oe_omap_value_slot(struct oe_omap_entry *e)
{
    return node_value(e);
}

struct oe_omap_entry *oe_omap_entry_next_live(const struct oe_omap_entry *e)
{
    /* acquire: pairs with the release CAS that linked the successor. */
    uintptr_t w = atomic_load_explicit(&e->next[0], memory_order_acquire);
    return w & MARK ? NULL : ptr_of(w);
}

int oe_omap_entry_deleted(const struct oe_omap_entry *e)
{
    /* acquire: pairs with delete_node's level-0 fetch_or. */
    return (int)(atomic_load_explicit(&((node_t *)e)->next[0], memory_order_acquire) & MARK);
}

/* ---- cursors ----
 *
 * PINS. Between read-side sections a cursor may hold one share (a pin) of
 * the node it stands on, taken by oe_omap_cursor_park (node_pin, LP
 * there). The pin keeps the node's memory, not its membership: while its
 * level-0 link is unmarked the node is the one live entry with the
 * cursor's key (I3), so the next section starts from it -- current and
 * reseek(GE/LE) return it, next takes one level-0 step from it -- and
 * reaching it that way linearizes exactly as a lookup would: LP = the
 * acquire load of pin->next[0] that sees it unmarked (node_live), at which
 * instant it was in the map, just as a walk's level-0 read proves. Being
 * live at that load inside our section also makes everything its links
 * reach safe to walk for the rest of the section (the same argument as
 * for any node a walk stands on, I4). A deleted pin is never walked from:
 * its frozen links may lead to nodes already freed; the cursor re-finds
 * its place by key, as before pins. A pin is dropped (node_release; the
 * last share queues the free) when the cursor parks on another node, on
 * nothing, or on a deleted node, and by release/reset.
 */

void oe_omap_cursor_init(struct oe_omap_cursor *c, struct oe_omap *map)
{
    c->map = map;
    c->node = NULL;
    c->pin = NULL;
    c->state = OE_OMAP_CUR_UNSET;
    c->keylen = 0;
}

void oe_omap_cursor_release(struct oe_omap_cursor *c)
{
    if (c->pin)
        node_release(c->pin);
    c->pin = NULL;
    c->node = NULL;
    c->state = OE_OMAP_CUR_UNSET;
}

void oe_omap_cursor_reset(struct oe_omap_cursor *c, struct oe_omap *map)
{
    oe_omap_cursor_release(c);
    oe_omap_cursor_init(c, map);
}

void oe_omap_cursor_copy(struct oe_omap_cursor *dst, const struct oe_omap_cursor *src)
{
    dst->map = src->map;
    dst->state = src->state;
    dst->keylen = src->keylen;
    if (src->state == OE_OMAP_CUR_ON)
        oe_copy_small(dst->key, src->key, src->keylen);
    /* src's pin (if it is the place: node == NULL) is src's; dst may use
     * it in this section only, like any node reached in the section. */
    dst->node = src->node ? src->node : src->pin;
    dst->pin = NULL;
}

/* here -- the node the cursor stands on in this section, if known: the
 * shortcut, else (first use in the section) the pin; NULL if neither. The
 * caller checks liveness. The pin is consulted only when node is NULL,
 * which within a section means "nothing set since park", when the pin's
 * key is the cursor's key (struct invariant). */
static inline node_t *here(struct oe_omap_cursor *c)
{
    if (!c->node)
        c->node = c->pin;
    return c->node;
}

/* cursor_set -- stand on n (copy its key), or in `none` if n is NULL. */
static struct oe_omap_entry *cursor_set(struct oe_omap_cursor *c, node_t *n, int none)
{
    c->node = n;
    if (n) {
        c->state = OE_OMAP_CUR_ON;
        c->keylen = n->keylen;
        oe_copy_small(c->key, node_key(n), n->keylen);
    } else {
        c->state = none;
    }
    return n;
}

struct oe_omap_entry *oe_omap_cursor_seek(struct oe_omap_cursor *c, const void *key,
                                          size_t keylen, enum oe_omap_rel rel)
{
    node_t *n = oe_omap_seek(c->map, key, keylen, rel);
    if (n) /* the caller reads the value next: its miss overlaps the pin's CAS */
        __builtin_prefetch(atomic_load_explicit(&n->value, memory_order_relaxed));
    int none = rel == OE_OMAP_EQ   ? OE_OMAP_CUR_UNSET
               : rel == OE_OMAP_LT || rel == OE_OMAP_LE ? OE_OMAP_CUR_BEFORE_FIRST
                                                        : OE_OMAP_CUR_AFTER_LAST;
    return cursor_set(c, n, none);
}

struct oe_omap_entry *oe_omap_cursor_first(struct oe_omap_cursor *c)
{
    return cursor_set(c, oe_omap_first(c->map), OE_OMAP_CUR_AFTER_LAST);
}

struct oe_omap_entry *oe_omap_cursor_last(struct oe_omap_cursor *c)
{
    return cursor_set(c, oe_omap_last(c->map), OE_OMAP_CUR_BEFORE_FIRST);
}

struct oe_omap_entry *oe_omap_cursor_goto(struct oe_omap_cursor *c, struct oe_omap_entry *e)
{
    return cursor_set(c, e, OE_OMAP_CUR_UNSET);
}

/* oe_omap_cursor_next -- from a live node (this section's, or the pin),
 * one level-0 step; otherwise (deleted since) re-find by the saved key. */
struct oe_omap_entry *oe_omap_cursor_next(struct oe_omap_cursor *c)
{
    switch (c->state) {
    case OE_OMAP_CUR_BEFORE_FIRST:
        return oe_omap_cursor_first(c);
    case OE_OMAP_CUR_ON: {
        node_t *pred = here(c), *curr = NULL;
        struct target t = target_of(c->key, c->keylen, WALK_GT);
        /* LP(next, from a node): level0_walk's, which first proves pred
         * live by reading its unmarked next[0] (a pin's LP as well). */
        if (pred && level0_walk(&pred, &curr, &t, NULL))
            return cursor_set(c, curr, OE_OMAP_CUR_AFTER_LAST);
        return cursor_set(c, oe_omap_seek(c->map, c->key, c->keylen, OE_OMAP_GT),
                          OE_OMAP_CUR_AFTER_LAST);
    }
    default: /* UNSET, AFTER_LAST: nowhere to go */
        return NULL;
    }
}

/* oe_omap_cursor_prev -- no back links: re-find LT the saved key. */
struct oe_omap_entry *oe_omap_cursor_prev(struct oe_omap_cursor *c)
{
    switch (c->state) {
    case OE_OMAP_CUR_AFTER_LAST:
        return oe_omap_cursor_last(c);
    case OE_OMAP_CUR_ON:
        return cursor_set(c, oe_omap_seek(c->map, c->key, c->keylen, OE_OMAP_LT),
                          OE_OMAP_CUR_BEFORE_FIRST);
    default:
        return NULL;
    }
}

/* oe_omap_cursor_current -- the node if live (LP: node_live's load), else
 * a lookup by key (LP: the lookup's). On a miss the shortcut is left as it
 * was (a deleted node, or NULL with the pin's key still the cursor's), so
 * the struct invariant holds and park drops the dead pin. */
struct oe_omap_entry *oe_omap_cursor_current(struct oe_omap_cursor *c)
{
    if (c->state != OE_OMAP_CUR_ON)
        return NULL;
    node_t *n = here(c);
    if (n && node_live(n))
        return n;
    n = oe_omap_seek(c->map, c->key, c->keylen, OE_OMAP_EQ);
    if (n)
        c->node = n; /* same key: the key copy stays right */
    return n;
}

/* oe_omap_cursor_reseek -- GE/LE from the cursor's own key: its node while
 * live (LP: node_live's load: the live entry with exactly that key is the
 * first >= and the last <= it), else a seek (LP: the seek's). */
struct oe_omap_entry *oe_omap_cursor_reseek(struct oe_omap_cursor *c, enum oe_omap_rel rel)
{
    if (c->state != OE_OMAP_CUR_ON)
        return NULL;
    node_t *n = here(c);
    if (n && node_live(n))
        return n;
    return oe_omap_cursor_seek(c, c->key, c->keylen, rel);
}

/* oe_omap_cursor_park -- pin what the cursor stands on, if live; at most
 * one pin RMW and one release per section (none when it did not move). */
void oe_omap_cursor_park(struct oe_omap_cursor *c)
{
    node_t *want = NULL;
    if (c->state == OE_OMAP_CUR_ON) {
        want = here(c);
        if (want && !node_live(want))
            want = NULL; /* deleted: the next call re-finds by key anyway */
    }
    if (want != c->pin) {
        if (want && !node_pin(want))
            want = NULL;
        if (c->pin)
            node_release(c->pin);
        c->pin = want;
    }
    c->node = NULL;
}
