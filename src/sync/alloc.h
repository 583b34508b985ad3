/*
 * alloc.h -- every engine allocation goes through here.
 *
 * Release builds use jemalloc's mallocx/sdallocx (the engine's private copy
 * of jemalloc, so its arenas hold engine memory only); sanitizer builds
 * (OE_ALLOC_SYSTEM) use the C library
 * so that AddressSanitizer and LeakSanitizer see every block.
 *
 * Fault injection: oe_alloc_fail_after(n) makes the allocation n calls from
 * now (0 = the very next one) and every one after it fail until
 * oe_alloc_fail_reset(); oe_alloc_fail_nth(n) fails only that one. Tests use
 * this to prove that out-of-memory leaves the engine consistent. The check
 * is one relaxed load on the allocation path when injection is off.
 *
 * Sizes are passed back on free (sdallocx) so the allocator skips its size
 * lookup; callers always know the size of what they free.
 */
#ifndef OE_SYNC_ALLOC_H
#define OE_SYNC_ALLOC_H

#include <stddef.h>
#include <stdint.h>

/* oe_malloc -- size bytes, or NULL (out of memory or an injected failure). */
void *oe_malloc(size_t size);
/* oe_calloc -- size zeroed bytes, or NULL. */
void *oe_calloc(size_t size);
/* oe_free -- p from oe_malloc/oe_calloc of exactly size bytes; NULL is ignored. */
void oe_free(void *p, size_t size);
/* oe_strdup -- a copy of s in engine memory (free with oe_free(p, strlen(p)+1)). */
char *oe_strdup(const char *s);

/* oe_malloc_untracked / oe_free_untracked -- like oe_malloc/oe_free (and
 * subject to fault injection) but not counted in oe_alloc_live_blocks: for
 * process-lifetime structures such as the session slot table, which is
 * created on first use and never shrinks, so leak accounting of engine
 * objects is not disturbed by it. */
void *oe_malloc_untracked(size_t size);
void oe_free_untracked(void *p, size_t size);

/* oe_malloc_index / oe_free_index -- like oe_malloc/oe_free (counted,
 * subject to fault injection), for index nodes: the memory a descent
 * chases. Release builds serve them from an arena of their own, so nodes
 * share pages with nodes only, not with rows, records and versions (a
 * descent then touches fewer pages), and that arena's memory is advised
 * for transparent huge pages (one TLB entry per 2 MiB of nodes). Sanitizer
 * builds: plain oe_malloc/oe_free. A block must be freed by oe_free_index.
 * oe_alloc_index_tcaches: the thread caches this arena holds, one per
 * thread that used it and has not exited (tests check exits return them). */
void *oe_malloc_index(size_t size);
void oe_free_index(void *p, size_t size);
int64_t oe_alloc_index_tcaches(void);

/* Fault injection (tests only; process-wide). */
void oe_alloc_fail_after(uint64_t n);
void oe_alloc_fail_nth(uint64_t n);
void oe_alloc_fail_reset(void);
/* Number of allocations attempted since the last reset (counted only while
 * injection is armed or counting was asked for with oe_alloc_count_start). */
uint64_t oe_alloc_attempts(void);
void oe_alloc_count_start(void);
/* Number of live engine blocks (allocated minus freed), for leak tests. */
int64_t oe_alloc_live_blocks(void);

#endif
