/*
 * sort.h -- the sort engine under ESE's temp (sort) tables
 * (JetOpenTempTable*): records are inserted in any order, then read back
 * in normalized-key order, either as a materialized set (seekable,
 * scrollable, updatable) or as a forward-only stream. ESE's SCB
 * (sort.cxx); here a pure data structure: no cursor, no columns, no
 * transactions. The cursor layer builds the record image and the key.
 *
 * RECORDS. A record is a normalized key (key.h bytes, <= OE_KEY_CB_BUFFER)
 * plus a payload (the record image). The order is oe_key_compare on the
 * keys; records with equal keys are ordered by their payload bytes
 * (memcmp, the shorter first), so the order is total and the output does
 * not depend on the insertion order.
 *
 * LIFE CYCLE.
 *   oe_sort_open(flags)      insert phase: oe_sort_insert appends records
 *   first read (move, seek, ordinal, count) or oe_sort_end_insert
 *                            ends insertion; then, by the flags:
 *   OE_SORT_MATERIALIZE      a sorted set with one record per key: records
 *                            of equal keys collapse to the one with the
 *                            smallest payload (ESE's rule: its sort orders
 *                            ties by key then data -- ISORTICmpKeyData in
 *                            sort.cxx -- and keeps the first of a run of
 *                            equal keys; MSDN only says duplicates are
 *                            "removed"). Seek (= < <= >= >), move both
 *                            ways, ordinal position, count, and single
 *                            record insert / delete / replace.
 *   OE_SORT_ERROR_ON_DUPLICATE  (JET_bitTTErrorOnDuplicateInsertion) implies
 *                            MATERIALIZE, and the set is ordered from the
 *                            first insert, so an insert whose key is present
 *                            fails at once with JET_errKeyDuplicate.
 *   neither                  a forward-only stream (JET_bitTTForwardOnly):
 *                            every record is kept, in order, unless
 *                            OE_SORT_UNIQUE (JET_bitTTUnique) drops equal
 *                            keys (smallest payload kept, as above). Only
 *                            MoveNext, and MoveFirst while not yet past the
 *                            first record, are allowed; anything else is
 *                            JET_errIllegalOperation. Cheapest: no updates.
 * After materialization, oe_sort_insert of a present key is always
 * JET_errKeyDuplicate (as an insert into ESE's materialized B-tree).
 *
 * MEMORY. Records are appended into an arena of large chunks (64 KiB
 * doubling to 4 MiB, oe_malloc; no per-record malloc): an 8-byte header,
 * the key, the payload, rounded to 8 bytes. Insertion touches only the
 * arena. Ending insertion allocates ONE index array of 16-byte entries
 * (the key's first 8 bytes as a big-endian integer + the record pointer),
 * filled by one sequential walk of the arena, and sorts it in place:
 * records never move. Peak memory of a sort of n records of r bytes is
 * therefore n*(r+8 rounded) + n*16 + chunk slack (< 1/2 of the last chunk
 * and < 4 MiB) -- the input once plus one index array -- plus a block
 * directory of 16 bytes per 256 records (both modes read through it).
 *
 * SORTING AND SCALING. An in-place MSD radix sort (American flag sort) on
 * the 8 prefix bytes held in the entries: per level one counting pass and
 * one permutation pass over a bucket, recursing into each of the 256
 * buckets. Random keys need ~2 levels before buckets fall under 48
 * entries, which are insertion-sorted with the full comparator; all work
 * stays on the contiguous 16-byte entries (cache-friendly), touching a
 * record only to break a tie of prefixes. Buckets whose prefixes are all
 * equal after 8 levels (keys sharing 8 bytes) fall back to an in-place
 * quicksort on the full comparator (O(m log m) compares, each one reads
 * two records). Time O(n * min(8, depth)) for distinct prefixes, O(n log n)
 * compares in the worst case; extra memory O(1) besides a stack of
 * <= 8 levels of 256 counters. There is no spill to disk: openese has no
 * temporary database yet, so a sort is bounded by memory, and reports
 * JET_errOutOfMemory when it is exhausted.
 *
 * THE MATERIALIZED SET is a directory of blocks over the index array. At
 * materialization every block is a read-only VIEW of 256 consecutive
 * entries of the sorted array (no copy). A block that is modified is first
 * copied into an owned block of 512 entries (copy on write); a full owned
 * block splits in two. Insert/delete cost O(log n + 512 + n/256 directory
 * moves on a split); seek O(log n); next/prev O(1); ordinal O(n/256).
 * Chosen over the lock-free omap (src/sync/omap.h) because a temp table
 * has one owner, so a skiplist's atomics and per-node allocations buy
 * nothing, while views let materialization reuse the sorted array without
 * a second copy. Deleted and replaced records stay in the arena until
 * close (a temp table is short-lived).
 *
 * CURRENCY. The sort carries the one cursor position a temp table has
 * (ESE does not duplicate sort cursors): before first, on a record, after
 * last, or in the gap left by deleting the current record (MoveNext then
 * returns its successor, MovePrevious its predecessor). Updates bump a
 * generation; a position from an older generation is found again by its
 * record's key.
 *
 * ERRORS. Every allocation can fail: JET_errOutOfMemory, and the sort is as
 * before the call (an insert is not added; a failed end of insertion leaves
 * the insert phase intact, so the next read retries). oe_sort_close frees
 * everything and never allocates.
 *
 * CONCURRENCY. None inside: a sort is [owner] -- used by one session's
 * cursor at a time. Distinct sorts share nothing.
 */
#ifndef OE_CORE_SORT_H
#define OE_CORE_SORT_H

#include <stddef.h>
#include <stdint.h>

#include "esent.h"

/* oe_sort_open flags. */
#define OE_SORT_MATERIALIZE 0x1        /* dedupe; seek, scroll, update */
#define OE_SORT_UNIQUE 0x2             /* forward-only: drop equal keys */
#define OE_SORT_ERROR_ON_DUPLICATE 0x4 /* implies MATERIALIZE: KeyDuplicate at insert */
#define OE_SORT_ALL 0x7

/* Seek relations (JetSeek's JET_bitSeekEQ/LT/LE/GE/GT). */
enum oe_sort_seek { OE_SORT_EQ, OE_SORT_LT, OE_SORT_LE, OE_SORT_GE, OE_SORT_GT };

struct oe_sort;

/* oe_sort_open -- an empty sort in its insert phase. Errors:
 * JET_errInvalidParameter (unknown flags, UNIQUE with MATERIALIZE -- a
 * materialized set is always unique), JET_errOutOfMemory. */
JET_ERR oe_sort_open(uint32_t flags, struct oe_sort **psortp);

/* oe_sort_close -- free the sort and every record; never allocates, never
 * fails. NULL is ignored. */
void oe_sort_close(struct oe_sort *sort);

/*
 * oe_sort_insert -- add one record (cbKey <= OE_KEY_CB_BUFFER key bytes,
 * cbData payload bytes, copied). In the insert phase: appended (with
 * ERROR_ON_DUPLICATE, JET_errKeyDuplicate if the key is present). After
 * materialization: added to the set, JET_errKeyDuplicate if the key is
 * present; the current position is kept. Errors also
 * JET_errInvalidParameter (sizes), JET_errIllegalOperation (a forward-only
 * stream after its insert phase), JET_errOutOfMemory. Never added on error.
 */
JET_ERR oe_sort_insert(struct oe_sort *sort, const void *pvKey, uint32_t cbKey,
                       const void *pvData, uint32_t cbData);

/* oe_sort_end_insert -- end the insert phase now (the first read does it
 * otherwise). No-op when already ended. Errors: JET_errOutOfMemory (still
 * in the insert phase, nothing lost). */
JET_ERR oe_sort_end_insert(struct oe_sort *sort);

/*
 * oe_sort_move -- JetMove: JET_MoveFirst, JET_MoveLast, or crow records
 * forward (> 0) or back (< 0); 0 checks for a current record. Past either
 * end: JET_errNoCurrentRecord, positioned after last / before first (an
 * empty sort likewise). A forward-only stream allows only crow > 0 and
 * MoveFirst before it has moved past its first record.
 */
JET_ERR oe_sort_move(struct oe_sort *sort, int32_t crow);

/*
 * oe_sort_seek -- position on the record relating to the search key as
 * asked: EQ the equal key; GE/GT the first key >= / >; LE/LT the last key
 * <= / <. JET_wrnSeekNotEqual when GE/LE landed on a different key;
 * JET_errRecordNotFound when no record qualifies (position unchanged);
 * JET_errIllegalOperation on a forward-only stream.
 */
JET_ERR oe_sort_seek(struct oe_sort *sort, const void *pvKey, uint32_t cbKey,
                     enum oe_sort_seek rel);

/* oe_sort_current -- the current record's key and payload (pointers into
 * the sort, valid until the next update or close). JET_errNoCurrentRecord
 * when not on a record (also in the gap of a deleted record). */
JET_ERR oe_sort_current(struct oe_sort *sort, const uint8_t **ppbKey, uint32_t *pcbKey,
                        const uint8_t **ppbData, uint32_t *pcbData);

/* oe_sort_count -- records in the sort (after the insert phase ends: the
 * count after duplicate removal). */
JET_ERR oe_sort_count(struct oe_sort *sort, uint64_t *pcrec);

/* oe_sort_goto_ordinal -- position on the irec'th record (0-based) of a
 * materialized set; JET_errNoCurrentRecord (after last) when irec >= count. */
JET_ERR oe_sort_goto_ordinal(struct oe_sort *sort, uint64_t irec);

/* oe_sort_ordinal -- the 0-based ordinal of the current record of a
 * materialized set; JET_errNoCurrentRecord when not on a record. */
JET_ERR oe_sort_ordinal(struct oe_sort *sort, uint64_t *pirec);

/* oe_sort_delete -- delete the current record of a materialized set; the
 * position becomes the gap it leaves. JET_errNoCurrentRecord when not on
 * a record; JET_errOutOfMemory (nothing deleted). */
JET_ERR oe_sort_delete(struct oe_sort *sort);

/* oe_sort_replace -- replace the current record's payload (the key stays).
 * JET_errNoCurrentRecord, JET_errInvalidParameter, JET_errOutOfMemory (the
 * old payload stays). */
JET_ERR oe_sort_replace(struct oe_sort *sort, const void *pvData, uint32_t cbData);

#endif
