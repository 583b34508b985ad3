/*
 * thread_id.c -- assignment of thread ids (once per thread).
 */
#include "thread_id.h"

#include <stdatomic.h>

_Thread_local uint64_t oe_thread_id_cached;  /* [owner] this thread */
static _Atomic uint64_t g_next_id = 1;       /* [atomic relaxed] only uniqueness matters */

uint64_t oe_thread_id_slow(void)
{
    oe_thread_id_cached = atomic_fetch_add_explicit(&g_next_id, 1, memory_order_relaxed);
    return oe_thread_id_cached;
}
