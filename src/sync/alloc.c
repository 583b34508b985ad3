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

#ifndef OE_ALLOC_SYSTEM
#include <jemalloc/jemalloc.h>
#include <pthread.h>
#endif

enum { MODE_OFF = 0, MODE_COUNT = 1, MODE_FAIL_FROM = 2, MODE_FAIL_ONE = 3 };

static _Atomic int g_mode;              /* [atomic relaxed] set by tests between scenarios */
static _Atomic uint64_t g_attempts;     /* [atomic relaxed] allocations seen while armed */
static _Atomic uint64_t g_fail_at;      /* [atomic relaxed] attempt index that fails */
static _Atomic int64_t g_live;          /* [atomic relaxed] live blocks, leak accounting */

#ifndef OE_ALLOC_SYSTEM
static unsigned g_arena;                /* [imm] after pthread_once */
static int g_arena_flags;               /* [imm] after pthread_once */
static pthread_once_t g_arena_once = PTHREAD_ONCE_INIT;

/* arena_create -- one jemalloc arena for the whole engine, so engine memory
 * never mixes with the application's and can be inspected on its own. */
static void arena_create(void)
{
    unsigned ind;
    size_t sz = sizeof(ind);
    if (mallctl("arenas.create", &ind, &sz, NULL, 0) == 0) {
        g_arena = ind;
        g_arena_flags = MALLOCX_ARENA(ind);
    } else {
        g_arena_flags = 0;
    }
}
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
    pthread_once(&g_arena_once, arena_create);
    void *p = mallocx(size, g_arena_flags);
#endif
    if (p)
        atomic_fetch_add_explicit(&g_live, 1, memory_order_relaxed);
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
    pthread_once(&g_arena_once, arena_create);
    void *p = mallocx(size, g_arena_flags | MALLOCX_ZERO);
#endif
    if (p)
        atomic_fetch_add_explicit(&g_live, 1, memory_order_relaxed);
    return p;
}

void oe_free(void *p, size_t size)
{
    if (!p)
        return;
    atomic_fetch_sub_explicit(&g_live, 1, memory_order_relaxed);
#ifdef OE_ALLOC_SYSTEM
    (void)size;
    free(p);
#else
    sdallocx(p, size ? size : 1, g_arena_flags);
#endif
}

void *oe_malloc_untracked(size_t size)
{
    void *p = oe_calloc(size);
    if (p)
        atomic_fetch_sub_explicit(&g_live, 1, memory_order_relaxed);
    return p;
}

void oe_free_untracked(void *p, size_t size)
{
    if (!p)
        return;
    atomic_fetch_add_explicit(&g_live, 1, memory_order_relaxed);
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
    return atomic_load_explicit(&g_live, memory_order_relaxed);
}
