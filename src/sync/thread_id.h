/*
 * thread_id.h -- a cheap, never-reused identity for the calling thread.
 *
 * Ownership rules (a transaction belongs to the thread that began it, a
 * session context to the thread that set it) compare thread identities on
 * every call. pthread_t values are reused after a thread exits, so a new
 * thread could inherit a dead thread's transaction; these ids come from a
 * process-wide counter instead and are never 0.
 */
#ifndef OE_SYNC_THREAD_ID_H
#define OE_SYNC_THREAD_ID_H

#include <stdint.h>

extern _Thread_local uint64_t oe_thread_id_cached;
uint64_t oe_thread_id_slow(void);

/* oe_thread_id -- this thread's id (a TLS load after the first call). */
static inline uint64_t oe_thread_id(void)
{
    uint64_t id = oe_thread_id_cached;
    return id ? id : oe_thread_id_slow();
}

#endif
