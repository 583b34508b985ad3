/*
 * alloc.c -- the engine allocator and its fault-injection hook.
 *
 * The injection state is process-wide and meant for single-purpose test
 * processes: a mode word read with one relaxed load on every allocation, and
 * an attempt counter that is only touched when the mode asks for it, so the
 * normal path writes no shared cache line.
 */
#include "alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#ifndef OE_ALLOC_SYSTEM
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
