/*
 * omap.h -- the lock-free ordered map that backs every table index.
 *
 * PURPOSE. Many sessions read and write one table at once. An index maps a
 * normalized key (a byte string ordered by memcmp, the shorter first on a
 * common prefix, 0..OE_OMAP_KEY_MAX bytes) to an opaque pointer: the head of
 * a record's version chain, which the engine replaces by CAS on the entry's
 * value slot (oe_omap_value_slot). Reads never block and write shared
 * memory only to help unlink or to pin (a cursor parked between sections
 * holds a count on its node: MEMORY below); writers to different keys
 * never wait for one another.
 *
 * SHAPE: a lock-free skiplist (Fraser 2004; Herlihy-Shavit ch. 14). Each
 * node holds its key inline, a value slot and 1..OE_OMAP_MAX_HEIGHT forward
 * links; a link's low bit is the "deleted" mark of the node that OWNS the
 * link. A node is in the map exactly while its level-0 link is unmarked.
 *
 * WHY A SKIPLIST, NOT A B+TREE WITH OPTIMISTIC LOCK COUPLING. Measured with
 * bench/micro/omap_bench (skiplist = this map; B+tree = the OLC sketch in
 * bench/micro/btree_olc.c: 32-key nodes, 16-byte keys inline, insert,
 * lookup and scan only), Release build, 2-vCPU build machine, one run:
 *
 *   $ build-omap/bench/micro/omap_bench 1000000 1.0
 *   ns per op per thread (total ops/s)  1 thread        2 threads
 *   skiplist   insert 1M random keys    1194 (0.84M/s)  1174 (1.70M/s)
 *   skiplist   point lookup             1948 (0.51M/s)  1676 (1.19M/s)
 *   skiplist   seek + scan 100          14342 (70k/s)   10909 (183k/s)
 *   btree-olc  insert 1M random keys     336 (2.98M/s)   373 (5.36M/s)
 *   btree-olc  point lookup              580 (1.72M/s)   642 (3.11M/s)
 *   btree-olc  seek + scan 100          1474 (679k/s)   1363 (1.47M/s)
 *
 * The B+tree is 3.3-3.5x faster on inserts and lookups and ~10x on scans:
 * at 1M entries every skiplist hop is a cache miss (nodes are scattered,
 * ~10 levels x 1-2 hops), where a B+tree touches one node per level and
 * scans contiguous arrays. Both scale alike to two threads. We build the
 * skiplist anyway, because the B+tree's speed comes from exactly what the
 * tables issue rules out or the sketch leaves out:
 *  - OLC readers spin while a writer holds a node's lock (a split holds
 *    two), so "index reads never block" fails; skiplist readers wait for
 *    nothing and write nothing on the common path.
 *  - OLC writers to different keys in one leaf serialize on its lock (32
 *    neighbours per leaf; a split locks two nodes); skiplist writers
 *    conflict only on the one link both CAS.
 *  - Keys reach 2000 bytes: a real B+tree needs slotted nodes or key
 *    indirection (another miss per comparison); the sketch's inline fixed
 *    keys are its best case.
 *  - Delete, cursors that survive the deletion of their entry, backward
 *    scans and safe reclamation (merges, obsolete nodes) are the hard part
 *    of a concurrent B+tree and are nearly free in the skiplist under RCU.
 * Cost accepted: ~1-2 us per index step at 1M entries (less when hot;
 * 0.4-0.8 us at 100k-200k keys).
 *
 * SPEED WORK (2026-11; same programs, shared 2-vCPU machine under load ~2-3
 * from other builds, so medians of 3 runs, +-15% noise). A descent is a
 * chain of dependent cache misses, so the wins came from fewer descents
 * and fewer missing hops, not from cheaper comparisons:
 *  - delete by key (oe_omap_delete, new oe_omap_delete_if) is ONE descent:
 *    the search that finds the node yields the links swung after the mark
 *    (was lookup walk + cleanup search). The table's index removal uses
 *    delete_if (was lookup + delete_entry) and its insert calls
 *    oe_omap_insert first, whose EXISTS answer is the lookup (was lookup +
 *    insert): the lifecycle workload's 8 index writes now cost 8 descents,
 *    not 16.
 *  - p = 1/2 (was 1/4; OE_OMAP_MAX_HEIGHT 32): same expected hops in
 *    theory, but only the bottom levels miss the cache and p = 1/2 takes
 *    ~2 hops per level there where 1/4 takes ~4.
 *  - readers start at the highest level in use (map->top), never re-compare
 *    the node that ended the level above, and prefetch the down-link while
 *    the across-link's node arrives.
 *  - tried and dropped: an 8-byte big-endian key prefix beside the links,
 *    nodes rounded to whole cache lines: 10-20% SLOWER at 1M (height-2
 *    nodes grew from 64 to 128 bytes; short-key nodes of height <= 2
 *    already sit in one line-aligned 64-byte jemalloc slot).
 *
 *   omap_bench, ns/op/thread        before          after
 *   (skiplist)                      1T      2T      1T      2T
 *   100k insert                      356     518     347     455
 *   100k lookup                      467     487     386     408
 *   100k seek + scan 100            3937    4221    3530    3898
 *   1M   insert                     1172    1208     951     987
 *   1M   lookup                     1914    1847    1449    1448
 *   1M   seek + scan 100           12346   12336   13439   11605
 *
 *   openese-bench, 100k rows, ns/op/thread, --runs 3 --seconds 0.5,
 *   median of 3 interleaved invocations  before          after
 *                                   1T      2T      1T      2T
 *   insert                          2963    4428    2214    3632
 *   point-read                      1296    1286    1089    1152
 *   lifecycle                       7471   11703    5831   10656
 *   scan                           53116   52527   52434   56516 (noise)
 *
 * PINS (2026-11): a parked cursor keeps a counted share of its node
 * (PIN PROTOCOL below), so an engine call no longer re-finds its position
 * by key: current() (JetRetrieveColumn, JetPrepareUpdate, JetDelete, ...)
 * is no descent, and JetMove(Next) one level-0 step, while the node is
 * live. A point read is one descent (was 2), a scan row none (was 2).
 * Cost: one CAS + one fetch_sub on node lines per call that moves (the
 * cursor's share), i.e. parked readers now write the nodes they stand on.
 * Same machine, medians of 3 interleaved invocations:
 *
 *   omap_bench 100000 0.5, ns/op/thr     before   after
 *   pscan100 (a section per step), 1T     11907    4076  (scan100: 3860)
 *   lookup / scan100 / insert, 1T          466 / 4114 / 374   475 / 3860 / 391
 *
 *   openese-bench --runs 3 --seconds 0.4, ns/op/thread
 *                                   before          after
 *                                   1T      2T      1T      2T
 *   point-read                      1052     988     993     931
 *   scan (seek + 100 rows)         49654   47954   27913   25880
 *   update-heavy                    1681    2639    1577    2544
 *   read-mostly                      814    1075     708     932
 *
 * (LMDB: point read ~315, scan ~1200, unchanged between the columns.) The
 * scan's remaining ~260 ns per row is now mostly outside the map: perf
 * puts ~60% in the row's version chain and record (oe_vs_visible,
 * record.c view_get: dependent misses row -> version -> record) and ~10%
 * in level0_walk's node miss. prev still re-seeks LT (no back links).
 *
 * HINTS (2026-11, third session): a rolled-back insert's delete reuses the
 * insert's own search (HINTS below): the lifecycle's 4 rollback descents
 * are gone (perf: delete's search 0.6% of the loop, from ~10%). The gain
 * was smaller than a descent's share suggested: the rollback descents ran
 * over lines the inserts had just warmed. openese-bench lifecycle, 100k
 * rows, --runs 3 --seconds 0.3: 5.39 -> 4.71 us at 1 thread. What is left
 * is the insert's descent: ~51% of the lifecycle (perf --call-graph).
 *
 * INDEX ARENA (2026-11, fourth session): nodes are allocated with
 * oe_malloc_index (src/sync/alloc.c), from a jemalloc arena of their own
 * whose memory is advised for transparent huge pages. In the shared
 * arenas a node's page also held rows, records and versions of its size
 * class, so a descent's ~30 nodes sat on more pages than the map needs,
 * each a TLB miss on top of the cache miss. perf annotate still puts ~45%
 * of search() on the load of curr->next[lvl]: the miss itself.
 * openese-bench, 100k rows, medians of 3 interleaved invocations, ns/op
 * per thread, 1T / 2T: insert 1894 / 2830 -> 1670 / 2270; lifecycle
 * 4020 / 5420 -> 3515 / 5270; point-read -8%; scan, update-heavy same.
 * Rows in the same arena were measured and dropped (scan -12%, but insert
 * and lifecycle +5-8%).
 *
 * FENCE (fourth session, omap.c FENCE): a descent that needs no level
 * above 2 binary-searches a sorted array of the nodes linked at level 2
 * and starts there, not at the head. openese-bench, interleaved A/B, level
 * 5 then level 2 against no fence: insert -10%, point read -14% then
 * -15% more, lifecycle -5% then -8%. omap_bench 100000 0.5 (a fuzzer
 * running on the other vCPU), ns/op/thread, no fence -> fence:
 *   insert 1T / 2T   342 / 487 -> 309 / 406
 *   lookup 1T / 2T   381 / 403 -> 252 / 266   (btree-olc: 162 / 165)
 *
 * GROUP (sixth session, omap.c GROUP): each fence entry also records the
 * addresses of the nodes that followed it at level 0 when the fence was
 * built, up to the next entry (at most 7, one line with the entry's node),
 * and a descent prefetches them all as it leaves the fence, so the ~5
 * misses of its walk down levels 2..0 overlap instead of following one
 * another. Interleaved A/B, openese-bench --runs 3 --seconds 0.3, medians
 * of 4-5 invocations, ns/op, 1T / 2T: lifecycle 2864 / 4306 -> 2702 / 4025,
 * insert 1428 / 2385 -> 1347 / 2167, point read 570 / 546 -> 537 / 503.
 * The build walks level 0 now, 8 entries' groups at a time (their misses
 * overlap too), so growing tables rebuild no slower.
 *
 * DIRECTORY, BOUND, TALL (ninth session, omap.c): the fence is found by a
 * bucket directory (two dependent reads) instead of an Eytzinger binary
 * search; a walk from the fence is bounded (ascending inserts had become
 * O(n) each: 121 us at 1M keys, now 0.3 us); and inserts taller than the
 * fence level start from a tall fence entry nearby instead of the head.
 * Interleaved A/B, ns/op, 1T: point read -13%, lifecycle -7% then -9%.
 *
 * What remains in the map is structural: ~20-30 dependent misses per
 * descent at 1M keys against ~4 in a B+tree. Next steps, by payoff: a
 * lock-free hash of the live nodes beside the list, consulted first by EQ
 * lookups (a miss falls back to the walk, so the list stays the truth;
 * liburcu's rculfhash would do, but its header is not installed here),
 * then fat (multi-key) nodes or a B-link tree, measured with omap_bench.
 *
 * OPERATIONS, LINEARIZATION POINTS (LP), PROGRESS. "Live" = level-0 link
 * unmarked. All operations run inside oe_rcu_read_lock() (they take it
 * themselves where they return nothing that points into the map).
 *
 *   insert_if_absent  LP on success: the CAS that links the node at level 0
 *                     (it becomes live). LP when the key exists: the load
 *                     that found the existing node's level-0 link unmarked.
 *                     Lock-free (a failed CAS means another op's CAS won).
 *   lookup / seek     LP: the last read of the level-0 link pred->next[0]
 *     first / last    (load, or successful helping CAS) that yields the
 *                     answer's neighbour: then pred is live, curr is its
 *                     successor and live, so pred is the last live entry
 *                     before the target and curr the first one not before
 *                     it -- exact for all five relations. Lock-free: a walk
 *                     restarts from the head only if its level-0 pred is
 *                     deleted under it. Reads write nothing, except a CAS
 *                     that helps unlink a deleted node still linked at
 *                     level 0 between pred and curr (the transient state
 *                     between a delete's LP and its own cleanup).
 *   delete (key,      LP: the atomic fetch_or that first sets the node's
 *     key if value,   level-0 mark (a second deleter sees the bit already
 *     or entry)       set: OE_OMAP_ABSENT). Upper levels are marked first
 *                     (fetch_or, wait-free), so no upper link can appear
 *                     after the LP; then the node is unlinked at every
 *                     level (lock-free): by key, by swinging the links the
 *                     pre-mark search found (a search if one swing fails);
 *                     by entry, by a search. RCU frees it. LP of ABSENT
 *                     by key: the search's read of the level-0 link that
 *                     proves no live node has the key (as lookup).
 *   cursor next/prev  next from a live node -- the one it moved to in this
 *                     section, or its pin in a later section -- is one
 *                     level-0 walk (LP as seek; the walk's first load proves
 *                     the node live). From a deleted node: a seek GT of the
 *                     saved key. prev is always a seek LT (skiplists have
 *                     no back links). Lock-free; writes as lookup does.
 *   cursor current /  from a live pinned (or this section's) node: that
 *     reseek GE/LE    node, no descent. LP: the acquire load of its next[0]
 *                     that sees it unmarked -- it is then the map's one live
 *                     entry with the cursor's key (I3 in omap.c), exactly
 *                     what a lookup would answer. Deleted: a lookup / seek
 *                     of the saved key (LP as lookup / seek). Wait-free on
 *                     the pinned path.
 *   cursor park       pins the node it stands on (if live): LP(pin) is the
 *                     CAS that raises the node's count from r > 0 to r + 1
 *                     (node_pin in omap.c); drops the previous pin. At most
 *                     one CAS loop and one fetch_sub per section; none when
 *                     the cursor did not move. Lock-free.
 *   count             sum of per-stripe relaxed counters updated just after
 *                     each insert/delete LP: approximate while writers run,
 *                     exact when they are quiescent. Wait-free.
 *   create / destroy  not concurrent with anything on the same map.
 *
 * SYNC MATRIX (which pairs need exclusion supplied by the caller):
 *
 *                  insert  delete  lookup/seek  cursor  count  destroy
 *   insert           -       -         -          -       -      X
 *   delete                   -         -          -       -      X
 *   lookup/seek                        -          -       -      X
 *   cursor                                      owner*    -      X**
 *   count                                                 -      X
 *   destroy                                                      X
 *
 *   -  safe concurrently, no outside exclusion.
 *   X  caller must exclude (destroy frees every live node at once).
 *   owner* one cursor is used by one thread at a time; different cursors
 *          on one map are independent.
 *   X**    moves need the map; oe_omap_cursor_release of a pinned cursor
 *          may run concurrently with (or after) destroy.
 *
 * MEMORY. Nodes are freed with oe_call_rcu once no level links them. Entry
 * pointers (struct oe_omap_entry *) returned by any call stay readable until
 * the caller leaves its read-side section; after that only what a cursor
 * kept survives: its key copy and its pin. A node carries a count of
 * shares: 2 at birth (its inserter's and its deleter's), plus one per
 * cursor that pins it; whoever drops the last share retires it (so an
 * inserter still linking upper levels never races a free, and a pinned
 * node outlives its deletion until the pin goes).
 *
 * PIN PROTOCOL. oe_omap_cursor_park, inside the section in which the
 * cursor reached its node, takes a share by increment-if-nonzero: the node
 * cannot be freed during that section (frees wait for a grace period), and
 * a zero count means its free is already queued, so the pin is refused and
 * the cursor keeps only its key. The pin guarantees the node's MEMORY, not
 * its membership: a later section first loads the node's level-0 link; if
 * unmarked the node is still in the map and is used directly (no descent);
 * if marked the node is never walked from (its frozen links may reach
 * freed nodes) and the cursor re-finds its place by key. The pin is
 * dropped when the cursor parks on another node, on nothing or on a
 * deleted node, and by oe_omap_cursor_release / _reset, which need no
 * read-side section and never allocate (the last drop queues an RCU
 * callback through a head inside the node). Every holder of a cursor that
 * may pin must release it before discarding it. oe_omap_destroy marks and
 * drops the map's share of every live node: nodes nobody pins are freed at
 * once, pinned ones (live or deleted earlier) by their last release, which
 * touches only the node -- so a cursor may be released after its map is
 * gone, but must not be used on it (a pin of a destroyed map reads as
 * deleted, and the fallback needs the map).
 *
 * ERRORS. JET_errOutOfMemory from insert (the map is unchanged); positive
 * codes (warnings in the engine's idiom, mapped by the caller):
 * OE_OMAP_EXISTS from insert, OE_OMAP_ABSENT from delete.
 * JET_errInvalidParameter for a key longer than OE_OMAP_KEY_MAX.
 */
#ifndef OE_SYNC_OMAP_H
#define OE_SYNC_OMAP_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "esent.h"

#define OE_OMAP_KEY_MAX 2000    /* longest normalized key, bytes */
#define OE_OMAP_MAX_HEIGHT 32   /* p = 1/2: enough for 2^32 entries */

#define OE_OMAP_EXISTS 1        /* insert: the key was present already */
#define OE_OMAP_ABSENT 2        /* delete: no live entry (already deleted) */

/* Seek relations (ESE's JET_bitSeekEQ/LT/LE/GE/GT). */
enum oe_omap_rel {
    OE_OMAP_EQ,   /* the entry whose key equals */
    OE_OMAP_LT,   /* the last entry with key <  */
    OE_OMAP_LE,   /* the last entry with key <= */
    OE_OMAP_GE,   /* the first entry with key >= */
    OE_OMAP_GT,   /* the first entry with key >  */
};

struct oe_omap;         /* opaque */
struct oe_omap_entry;   /* a node; valid only inside the caller's read-side section */

/* Cursor position states (struct oe_omap_cursor.state). */
enum oe_omap_cur_state {
    OE_OMAP_CUR_UNSET,        /* no position: next/prev return NULL */
    OE_OMAP_CUR_ON,           /* on key[0..keylen) (the entry may be deleted since) */
    OE_OMAP_CUR_BEFORE_FIRST, /* next gives the first entry */
    OE_OMAP_CUR_AFTER_LAST,   /* prev gives the last entry */
};

/*
 * A cursor: owned by one thread at a time ([owner] for every field). It
 * keeps a copy of its key so it can re-find its place after its entry is
 * deleted or after its map forgets it; `node` is the entry it stands on in
 * the current read-side section; `pin` is an entry it holds a share of
 * (see PINS in the essay above), which outlives the section: the next
 * section starts from it while it is live, with no descent. Embedding the
 * key buffer means no cursor move can fail for lack of memory.
 * Invariant between sections (after oe_omap_cursor_park): node == NULL,
 * and pin is NULL or (state == ON and pin's key == key[0..keylen)).
 */
struct oe_omap_cursor {
    struct oe_omap *map;          /* [owner] */
    struct oe_omap_entry *node;   /* [owner] NULL, or the entry it is on in this section */
    struct oe_omap_entry *pin;    /* [owner] NULL, or an entry holding one share of ours:
                                     its memory stays valid until we drop it */
    int state;                    /* [owner] enum oe_omap_cur_state */
    uint16_t keylen;              /* [owner] valid when state == ON */
    unsigned char key[OE_OMAP_KEY_MAX]; /* [owner] copy of the current key */
};

/* oe_omap_create -- a new, empty map in *mapp (NULL on failure). */
JET_ERR oe_omap_create(struct oe_omap **mapp);

/* oe_omap_destroy -- free the map and every entry in it; the values are the
 * caller's. Needs exclusion from every other operation on the map. */
void oe_omap_destroy(struct oe_omap *map);

/* oe_omap_insert -- insert (key, value) unless a live entry has the key.
 * Returns JET_errSuccess and the new entry, OE_OMAP_EXISTS and the existing
 * entry, or an error (JET_errOutOfMemory; map unchanged) and NULL. *entryp
 * is valid inside the caller's read-side section: call it holding
 * oe_rcu_read_lock() if you use the entry (entryp may be NULL). */
JET_ERR oe_omap_insert(struct oe_omap *map, const void *key, size_t keylen,
                       void *value, struct oe_omap_entry **entryp);

/*
 * HINTS: undoing an insert without a descent. A transaction that inserts a
 * row and rolls it back (the lifecycle workload: 4 inserts, then
 * JetEndSession) paid two descents per row, the insert's and the delete's
 * (search, to find the links to swing). oe_omap_insert_hinted also keeps
 * what the insert's own search found: the node and, at each of its levels,
 * the predecessor it was linked behind, each held by a share (as a cursor
 * pin holds its node), so their memory stays valid however long the
 * transaction lasts. oe_omap_delete_hinted marks the node and swings those
 * links (unlink_known: each swing is a snip, valid whenever the CAS
 * succeeds; if any fails -- a node was inserted between, a predecessor was
 * deleted -- one search finishes the unlink, as before). Only nodes of
 * height <= OE_OMAP_HINT_LEVELS get a hint (31 in 32 with p = 1/2): a
 * taller node's upper predecessors are the few hot tall nodes, whose
 * lines we keep free of pin writes. The head is never pinned (NULL in
 * preds): it lives as long as the map, and oe_omap_destroy frees it.
 * Cost: one CAS per level at insert and one fetch_sub at the drop, on
 * lines the insert just touched. A hint must be dropped (deleted_hinted
 * drops it; a commit calls oe_omap_hint_drop) before the map is destroyed
 * only if it was used: dropping touches only pinned nodes, never the map.
 * 5 levels rather than the first 4: the 1 in 16 rollbacks without a hint
 * each paid a descent from the head (delete_if), ~6% of the rollback's
 * instructions; interleaved A/B, lifecycle -0.7% at 1 and 2 threads.
 */
#define OE_OMAP_HINT_LEVELS 5

struct oe_omap_hint {
    struct oe_omap_entry *node;   /* [owner] NULL: no hint; else the inserter's share,
                                     kept: node's memory stays valid */
    struct oe_omap_entry *preds[OE_OMAP_HINT_LEVELS]; /* [owner] level i's predecessor
                                     when node was linked there, a share each (NULL:
                                     the head); levels >= node's height unused */
};

/* oe_omap_insert_hinted -- oe_omap_insert that, when it inserts, also fills
 * *hint (else leaves hint->node NULL). hint must start zeroed or dropped. */
JET_ERR oe_omap_insert_hinted(struct oe_omap *map, const void *key, size_t keylen,
                              void *value, struct oe_omap_entry **entryp,
                              struct oe_omap_hint *hint);

/* oe_omap_delete_hinted -- delete hint->node if its value is still
 * `expect` (JET_errSuccess), else OE_OMAP_ABSENT; then drop the hint. */
JET_ERR oe_omap_delete_hinted(struct oe_omap *map, struct oe_omap_hint *hint, void *expect);

/* oe_omap_hint_drop -- release the hint's shares (no-op if empty). Touches
 * only the pinned nodes: safe after the map is destroyed. */
void oe_omap_hint_drop(struct oe_omap_hint *hint);

/* oe_omap_entry_next_live -- e's level-0 successor if e is live at this
 * read (its level-0 link unmarked), else NULL; the successor itself may be
 * deleted. Read-only and never helps: for a caller that only looks ahead
 * (prefetch) from an entry reached in its current read-side section --
 * the successor of a live entry is safe to read for the rest of that
 * section (I4 in omap.c), as for any node a walk stands on. */
struct oe_omap_entry *oe_omap_entry_next_live(const struct oe_omap_entry *e);

/* oe_omap_lookup -- the live entry with exactly this key, or NULL. Call
 * inside oe_rcu_read_lock(). */
struct oe_omap_entry *oe_omap_lookup(struct oe_omap *map, const void *key, size_t keylen);

/* oe_omap_seek -- the first (EQ, GE, GT) or last (LT, LE) live entry in
 * relation rel to key, or NULL. Call inside oe_rcu_read_lock(). */
struct oe_omap_entry *oe_omap_seek(struct oe_omap *map, const void *key, size_t keylen,
                                   enum oe_omap_rel rel);

/* oe_omap_first / oe_omap_last -- the smallest / largest live entry or NULL.
 * Call inside oe_rcu_read_lock(). */
struct oe_omap_entry *oe_omap_first(struct oe_omap *map);
struct oe_omap_entry *oe_omap_last(struct oe_omap *map);

/* oe_omap_delete -- delete the live entry with this key; its value in
 * *valuep (may be NULL). JET_errSuccess or OE_OMAP_ABSENT. */
JET_ERR oe_omap_delete(struct oe_omap *map, const void *key, size_t keylen, void **valuep);

/* oe_omap_delete_if -- delete the live entry with this key if its value
 * slot holds `expect` (one descent; the value is read once, before the
 * delete's LP, as with oe_omap_lookup + compare + oe_omap_delete_entry).
 * JET_errSuccess, or OE_OMAP_ABSENT (no such live entry, or another value). */
JET_ERR oe_omap_delete_if(struct oe_omap *map, const void *key, size_t keylen, void *expect);

/* oe_omap_delete_entry -- delete exactly this entry (from a lookup in the
 * caller's current read-side section). JET_errSuccess, or OE_OMAP_ABSENT if
 * another thread deleted it first. */
JET_ERR oe_omap_delete_entry(struct oe_omap *map, struct oe_omap_entry *entry);

/* oe_omap_fence_entries -- entries of the map's fence (omap.c, FENCE): the
 * sample of nodes a descent starts from instead of the head; 0 = none. */
uint32_t oe_omap_fence_entries(struct oe_omap *map);
/* oe_omap_fence_refresh -- tests: build the map's fence now (unless another
 * thread is building one), as if it had gone stale. */
void oe_omap_fence_refresh(struct oe_omap *map);
/* oe_omap_fence_group -- tests: the fence entry a descent for key would
 * start from (*startp; NULL: none) and the addresses its GROUP holds (omap.c:
 * the nodes that followed the entry when the fence was built), copied to
 * group[0..n), n <= OE_OMAP_FENCE_GROUP. Meaningful on a map nobody
 * deletes from: the addresses are not pinned. */
#define OE_OMAP_FENCE_GROUP 7
unsigned oe_omap_fence_group(struct oe_omap *map, const void *key, size_t keylen,
                             struct oe_omap_entry **startp, struct oe_omap_entry **group);
/* oe_omap_fence_start -- tests: the fence entry a descent for key would
 * start from at `level` (NULL: from the head): OE_OMAP_FENCE_LEVEL, or a
 * tall insert's top level (omap.c, TALL). Never for a key past the fence's
 * last entry (BOUND). */
#define OE_OMAP_FENCE_LEVEL 2
/* oe_omap_entry_height -- tests: the levels e is linked at (at most). */
unsigned oe_omap_entry_height(const struct oe_omap_entry *e);
struct oe_omap_entry *oe_omap_fence_start(struct oe_omap *map, const void *key, size_t keylen,
                                          int level);
/* oe_omap_fence_misses -- tests: descents since the last build that found
 * their fence node deleted or overran FENCE_WALK_MAX (omap.c, BOUND). */
int64_t oe_omap_fence_misses(struct oe_omap *map);
/* oe_omap_fence_builds -- fences published on the map so far (a build that
 * finds the map below fence_min publishes "none", and counts too). */
uint64_t oe_omap_fence_builds(struct oe_omap *map);
/* oe_omap_tune_fence -- process-wide: maps with fewer than min_entries live
 * entries get no fence (default 512), and a thread checks whether a map's
 * fence needs a rebuild every check_every inserts and deletes by key
 * (default 256). Tests lower both to exercise fences on small maps, or
 * raise min_entries to count live blocks exactly (a fence pins nodes). */
void oe_omap_tune_fence(uint64_t min_entries, unsigned check_every);

/* oe_omap_count -- number of live entries; approximate while writers run. */
uint64_t oe_omap_count(struct oe_omap *map);

/* Entry accessors (inside the read-side section the entry came from). */
const void *oe_omap_entry_key(const struct oe_omap_entry *e, size_t *keylenp);
/* The value slot: the caller loads it with acquire and CASes new values in
 * with release (pairing is the caller's protocol; the map only stores the
 * initial value before it publishes the entry). */
_Atomic(void *) *oe_omap_value_slot(struct oe_omap_entry *e);
/* true once the entry has been deleted (its level-0 link is marked). */
int oe_omap_entry_deleted(const struct oe_omap_entry *e);

/* Cursors. Every call below but init / release / reset must run inside
 * oe_rcu_read_lock(); the entry returned (also in c->node) is valid until
 * the caller unlocks, and the caller must call oe_omap_cursor_park(c)
 * before it unlocks if it will use the cursor again in a later section.
 * NULL means no such entry; the cursor then stands BEFORE_FIRST /
 * AFTER_LAST (moves, range seeks) or UNSET (EQ). A cursor that may hold a
 * pin must be given back with oe_omap_cursor_release (or _reset) before
 * its memory is reused or freed; a plain struct copy of a cursor must not
 * be used as a cursor (it would share the pin): use oe_omap_cursor_copy. */
/* oe_omap_cursor_init -- a fresh cursor on map, UNSET, holding no pin. */
void oe_omap_cursor_init(struct oe_omap_cursor *c, struct oe_omap *map);
/* oe_omap_cursor_release -- drop the pin (if any) and forget the position
 * (UNSET). Needs no read-side section, never allocates, never fails; safe
 * after the map was destroyed (it touches only the pinned node). */
void oe_omap_cursor_release(struct oe_omap_cursor *c);
/* oe_omap_cursor_reset -- release, then init on map (a cursor switched to
 * another map, or re-used). */
void oe_omap_cursor_reset(struct oe_omap_cursor *c, struct oe_omap *map);
/* oe_omap_cursor_copy -- make dst (holding no pin: fresh, or released) a
 * pin-less scratch copy of src's position, valid in this section. */
void oe_omap_cursor_copy(struct oe_omap_cursor *dst, const struct oe_omap_cursor *src);
struct oe_omap_entry *oe_omap_cursor_seek(struct oe_omap_cursor *c, const void *key,
                                          size_t keylen, enum oe_omap_rel rel);
struct oe_omap_entry *oe_omap_cursor_first(struct oe_omap_cursor *c);
struct oe_omap_entry *oe_omap_cursor_last(struct oe_omap_cursor *c);
struct oe_omap_entry *oe_omap_cursor_next(struct oe_omap_cursor *c);
struct oe_omap_entry *oe_omap_cursor_prev(struct oe_omap_cursor *c);
/* oe_omap_cursor_goto -- stand on e, an entry found in this section (by
 * lookup or seek on the cursor's map): no descent. Returns e. */
struct oe_omap_entry *oe_omap_cursor_goto(struct oe_omap_cursor *c, struct oe_omap_entry *e);
/* oe_omap_cursor_current -- the live entry with the cursor's key (state
 * ON), or NULL; the cursor does not move (its key and state stay, also on
 * NULL). The pinned node if still live (no descent), else a lookup. */
struct oe_omap_entry *oe_omap_cursor_current(struct oe_omap_cursor *c);
/* oe_omap_cursor_reseek -- re-find the place for rel in {GE, LE} from the
 * cursor's own key (state ON): its own node if still live (no descent),
 * else oe_omap_cursor_seek(c, key, rel). Other states: NULL, no move. */
struct oe_omap_entry *oe_omap_cursor_reseek(struct oe_omap_cursor *c, enum oe_omap_rel rel);
/* oe_omap_cursor_park -- end of a section: pin the entry the cursor is on
 * (dropping the previous pin), or drop the pin if it is on nothing or on a
 * deleted entry; forget the node shortcut, keep the key. */
void oe_omap_cursor_park(struct oe_omap_cursor *c);

#endif
