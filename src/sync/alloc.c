/*
 * alloc.c -- the engine allocator and its fault-injection hook.
 *
 * The injection state is process-wide and meant for single-purpose test
 * processes: a mode word read with one relaxed load on every allocation, and
 * an attempt counter that is only touched when the mode asks for it, so the
 * normal path writes no shared cache line.
 */
#include "alloc.h"
#include "annotate.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#ifndef OE_ALLOC_SYSTEM
#include <sys/mman.h>

#include <jemalloc/jemalloc.h>
#endif

enum { MODE_OFF = 0, MODE_COUNT = 1, MODE_FAIL_FROM = 2, MODE_FAIL_ONE = 3 };

static _Atomic int g_mode;              /* [atomic relaxed] set by tests between scenarios */
static _Atomic uint64_t g_attempts;     /* [atomic relaxed] allocations seen while armed */
static _Atomic uint64_t g_fail_at;      /* [atomic relaxed] attempt index that fails */
/* Live-block accounting without a shared counter on the allocation path:
 * each thread counts in its own record (written only by that thread, with
 * plain relaxed load+store, no locked instruction); records are registered
 * once per thread, and a dying thread folds its count into g_live_exited.
 * oe_alloc_live_blocks sums them: exact whenever allocators are quiescent,
 * which is when leak tests read it. */
struct live_rec {
    _Atomic int64_t n;          /* [atomic relaxed] written by the owner thread only */
    struct live_rec *next;      /* [mutex:g_live_lock] */
    struct live_rec *prev;      /* [mutex:g_live_lock] */
};
static pthread_mutex_t g_live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct live_rec *g_live_list;    /* [mutex:g_live_lock] */
static _Atomic int64_t g_live_exited;   /* [atomic relaxed] counts of exited threads */
static pthread_key_t g_live_key;        /* [imm] after pthread_once */
static pthread_once_t g_live_once = PTHREAD_ONCE_INIT;
static _Thread_local struct live_rec t_live;
static _Thread_local int t_live_registered;

static void live_thread_exit(void *unused)
{
    (void)unused;
    pthread_mutex_lock(&g_live_lock);
    atomic_fetch_add_explicit(&g_live_exited, atomic_load_explicit(&t_live.n, memory_order_relaxed),
                              memory_order_relaxed);
    atomic_store_explicit(&t_live.n, 0, memory_order_relaxed);
    if (t_live.prev)
        t_live.prev->next = t_live.next;
    else
        g_live_list = t_live.next;
    if (t_live.next)
        t_live.next->prev = t_live.prev;
    pthread_mutex_unlock(&g_live_lock);
    t_live_registered = 0;
}

static void live_key_create(void)
{
    (void)pthread_key_create(&g_live_key, live_thread_exit);
}

/* live_register -- once per thread: make this thread's count summable. */
static void live_register(void)
{
    pthread_once(&g_live_once, live_key_create);
    pthread_mutex_lock(&g_live_lock);
    t_live.prev = NULL;
    t_live.next = g_live_list;
    if (g_live_list)
        g_live_list->prev = &t_live;
    g_live_list = &t_live;
    pthread_mutex_unlock(&g_live_lock);
    (void)pthread_setspecific(g_live_key, &t_live);
    t_live_registered = 1;
}

/* live_add -- count d blocks on this thread (owner-only write: no RMW). */
static inline void live_add(int64_t d)
{
    if (__builtin_expect(!t_live_registered, 0))
        live_register();
    atomic_store_explicit(&t_live.n, atomic_load_explicit(&t_live.n, memory_order_relaxed) + d,
                          memory_order_relaxed);
}

#ifndef OE_ALLOC_SYSTEM
/* Flags of every mallocx/sdallocx call: none. The embedded jemalloc
 * (cmake/OpeneseJemalloc.cmake) serves the engine alone, so its automatic
 * arenas are the engine's already; flags 0 keeps jemalloc on its fast paths
 * (thread cache, no arena lookup), which a dedicated arena (MALLOCX_ARENA)
 * forgoes: ~120 instructions per allocation measured with callgrind. */
#define OE_MALLOCX_FLAGS 0

/* je_alloc -- an allocation from jemalloc. The embedded copy exports its
 * malloc as OE_JE_MALLOC (cmake/OpeneseJemalloc.cmake): malloc has a
 * thread-cache fast path that mallocx lacks (~200 instructions per call
 * down to ~25, callgrind); the memory is the same (same arenas, same
 * thread cache), so sdallocx frees it. A shared libjemalloc keeps mallocx. */
#ifdef OE_JE_MALLOC
/* The weak definition serves libopenese.a, whose users link the system's
 * jemalloc (no renamed malloc there); in libopenese.so, jemalloc.o -- pulled
 * in for mallocx/sdallocx -- brings the strong one, which wins. */
__attribute__((weak)) void *OE_JE_MALLOC(size_t size);
__attribute__((weak)) void *OE_JE_MALLOC(size_t size) { return mallocx(size, OE_MALLOCX_FLAGS); }
static inline void *je_alloc(size_t size) { return OE_JE_MALLOC(size); }
#else
static inline void *je_alloc(size_t size) { return mallocx(size, OE_MALLOCX_FLAGS); }
#endif
#endif

/* injected_failure -- whether this allocation attempt must fail. */
static inline int injected_failure(void)
{
    int mode = atomic_load_explicit(&g_mode, memory_order_relaxed);
    if (mode == MODE_OFF)
        return 0;
    uint64_t n = atomic_fetch_add_explicit(&g_attempts, 1, memory_order_relaxed);
    uint64_t at = atomic_load_explicit(&g_fail_at, memory_order_relaxed);
    if (mode == MODE_FAIL_FROM)
        return n >= at;
    if (mode == MODE_FAIL_ONE)
        return n == at;
    return 0;
}

void *oe_malloc(size_t size)
{
    if (injected_failure())
        return NULL;
    if (size == 0)
        size = 1;
#ifdef OE_ALLOC_SYSTEM
    void *p = malloc(size);
#else
    void *p = je_alloc(size);
#endif
    if (p)
        live_add(1);
    return p;
}

void *oe_calloc(size_t size)
{
    if (injected_failure())
        return NULL;
    if (size == 0)
        size = 1;
#ifdef OE_ALLOC_SYSTEM
    void *p = calloc(1, size);
#else
    void *p = mallocx(size, OE_MALLOCX_FLAGS | MALLOCX_ZERO);
#endif
    if (p)
        live_add(1);
    return p;
}

void oe_free(void *p, size_t size)
{
    if (!p)
        return;
    live_add(-1);
#ifdef OE_ALLOC_SYSTEM
    (void)size;
    free(p);
#else
    sdallocx(p, size ? size : 1, OE_MALLOCX_FLAGS);
#endif
}

void *oe_malloc_untracked(size_t size)
{
    void *p = oe_calloc(size);
    if (p)
        live_add(-1);
    return p;
}

void oe_free_untracked(void *p, size_t size)
{
    if (!p)
        return;
    live_add(1);
    oe_free(p, size);
}

/*
 * THE INDEX ARENA. Index nodes are small (64-128 bytes) and a descent
 * visits ~30 of them at random: with nodes in the automatic arenas, each
 * node's page also holds rows, records and versions of the same size class,
 * so the nodes of a 100k-key index spread over several times their own
 * size in pages and a descent misses the TLB as well as the cache. In an
 * arena of their own they are packed; MADV_HUGEPAGE on every extent the
 * arena maps puts 2 MiB of them under one TLB entry. Measured
 * (openese-bench, 100k rows, medians of 3 interleaved invocations, ns/op
 * per thread): insert 1798 -> 1550 (1T), 2690 -> 2160 (2T); lifecycle
 * 3827 -> 3418 (1T), 5400 -> 5050 (2T); point-read and scan unchanged.
 * THP for the whole heap was measured too and not kept: reads gained
 * 10-20%, but every growing workload (insert +25% at 1T) paid for
 * zeroing 2 MiB pages the rows and records only partly used.
 *
 * A mallocx on a manual arena skips the thread's automatic cache, so each
 * thread gets an explicit one (tcache.create), destroyed by a thread-exit
 * destructor: jemalloc has a few thousand tcache ids, and a thread-per-
 * session program must not run out of them. After that destructor ran (a
 * later destructor may still free nodes, e.g. liburcu's), the thread uses
 * no cache. If the arena cannot be made, index blocks use the automatic
 * arenas like everything else.
 */
#ifndef OE_ALLOC_SYSTEM
#define IDX_TC_NONE 0u     /* t_idx_tc: no cache yet */
#define IDX_TC_EXITED 1u   /* t_idx_tc: destroyed at thread exit, use none */
static unsigned g_idx_arena;              /* [imm after g_idx_once] */
static bool g_idx_ok;                     /* [imm after g_idx_once] the arena exists */
static pthread_once_t g_idx_once = PTHREAD_ONCE_INIT;
static pthread_key_t g_idx_key;           /* [imm after g_idx_once] tcache destructor */
static extent_hooks_t *g_idx_default;     /* [imm after g_idx_once] jemalloc's own hooks */
static extent_hooks_t g_idx_hooks;        /* [imm after g_idx_once] them, alloc wrapped */
static _Atomic int64_t g_idx_tcaches;     /* [atomic relaxed] live explicit tcaches */
static _Thread_local unsigned t_idx_tc;   /* [owner] tcache id + 2, or IDX_TC_* */

/* idx_extent_alloc -- jemalloc's own mapping, then the huge-page advice
 * (a hint: if the kernel says no, the memory is still good). */
static void *idx_extent_alloc(extent_hooks_t *hooks, void *addr, size_t size, size_t align,
                              bool *zero, bool *commit, unsigned arena_ind)
{
    (void)hooks;
    void *p = g_idx_default->alloc(g_idx_default, addr, size, align, zero, commit, arena_ind);
    if (p)
        (void)madvise(p, size, MADV_HUGEPAGE);
    return p;
}

static void idx_tcache_destroy(void *arg)
{
    unsigned tc = (unsigned)(uintptr_t)arg - 2;
    (void)mallctl("tcache.destroy", NULL, NULL, &tc, sizeof tc);
    atomic_fetch_sub_explicit(&g_idx_tcaches, 1, memory_order_relaxed);
    t_idx_tc = IDX_TC_EXITED;
}

static void idx_arena_create(void)
{
    size_t sz = sizeof g_idx_default;
    if (pthread_key_create(&g_idx_key, idx_tcache_destroy) != 0 ||
        mallctl("arena.0.extent_hooks", &g_idx_default, &sz, NULL, 0) != 0)
        return;
    g_idx_hooks = *g_idx_default;
    g_idx_hooks.alloc = idx_extent_alloc;
    extent_hooks_t *hooks = &g_idx_hooks;
    sz = sizeof g_idx_arena;
    g_idx_ok = mallctl("arenas.create", &g_idx_arena, &sz, &hooks, sizeof hooks) == 0;
}

/* idx_flags -- the mallocx/sdallocx flags of an index block on this thread. */
static inline int idx_flags(void)
{
    if (OE_UNLIKELY(t_idx_tc == IDX_TC_NONE)) {
        pthread_once(&g_idx_once, idx_arena_create);
        unsigned tc;
        size_t sz = sizeof tc;
        if (!g_idx_ok || mallctl("tcache.create", &tc, &sz, NULL, 0) != 0) {
            t_idx_tc = IDX_TC_EXITED;
        } else if (pthread_setspecific(g_idx_key, (void *)(uintptr_t)(tc + 2)) != 0) {
            (void)mallctl("tcache.destroy", NULL, NULL, &tc, sizeof tc);
            t_idx_tc = IDX_TC_EXITED;
        } else {
            atomic_fetch_add_explicit(&g_idx_tcaches, 1, memory_order_relaxed);
            t_idx_tc = tc + 2;
        }
    }
    if (!g_idx_ok)
        return OE_MALLOCX_FLAGS;
    if (t_idx_tc == IDX_TC_EXITED)
        return MALLOCX_ARENA(g_idx_arena) | MALLOCX_TCACHE_NONE;
    return MALLOCX_ARENA(g_idx_arena) | MALLOCX_TCACHE(t_idx_tc - 2);
}
#endif

void *oe_malloc_index(size_t size)
{
#ifdef OE_ALLOC_SYSTEM
    return oe_malloc(size);
#else
    if (injected_failure())
        return NULL;
    void *p = mallocx(size ? size : 1, idx_flags());
    if (p)
        live_add(1);
    return p;
#endif
}

void oe_free_index(void *p, size_t size)
{
#ifdef OE_ALLOC_SYSTEM
    oe_free(p, size);
#else
    if (!p)
        return;
    live_add(-1);
    sdallocx(p, size ? size : 1, idx_flags());
#endif
}

int64_t oe_alloc_index_tcaches(void)
{
#ifdef OE_ALLOC_SYSTEM
    return 0;
#else
    return atomic_load_explicit(&g_idx_tcaches, memory_order_relaxed);
#endif
}

char *oe_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = oe_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void oe_alloc_fail_after(uint64_t n)
{
    atomic_store_explicit(&g_attempts, 0, memory_order_relaxed);
    atomic_store_explicit(&g_fail_at, n, memory_order_relaxed);
    atomic_store_explicit(&g_mode, MODE_FAIL_FROM, memory_order_seq_cst);
}

void oe_alloc_fail_nth(uint64_t n)
{
    atomic_store_explicit(&g_attempts, 0, memory_order_relaxed);
    atomic_store_explicit(&g_fail_at, n, memory_order_relaxed);
    atomic_store_explicit(&g_mode, MODE_FAIL_ONE, memory_order_seq_cst);
}

void oe_alloc_count_start(void)
{
    atomic_store_explicit(&g_attempts, 0, memory_order_relaxed);
    atomic_store_explicit(&g_mode, MODE_COUNT, memory_order_seq_cst);
}

void oe_alloc_fail_reset(void)
{
    atomic_store_explicit(&g_mode, MODE_OFF, memory_order_seq_cst);
}

uint64_t oe_alloc_attempts(void)
{
    return atomic_load_explicit(&g_attempts, memory_order_relaxed);
}

int64_t oe_alloc_live_blocks(void)
{
    pthread_mutex_lock(&g_live_lock);
    int64_t n = atomic_load_explicit(&g_live_exited, memory_order_relaxed);
    for (struct live_rec *r = g_live_list; r; r = r->next)
        n += atomic_load_explicit(&r->n, memory_order_relaxed);
    pthread_mutex_unlock(&g_live_lock);
    return n;
}
