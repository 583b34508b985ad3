/*
 * rcu.h -- the engine's read-copy-update layer over liburcu's memb flavour.
 *
 * Why memb: its read side is two thread-local stores (sys_membarrier moves
 * the cost to the rare grace period), and with _LGPL_SOURCE it inlines to
 * about 1 ns. Threads are registered lazily on their first read-side entry,
 * because the engine's callers are the application's threads; a pthread key
 * unregisters them when they exit.
 *
 * ThreadSanitizer and grace periods. Debian's liburcu 0.13 synchronises with
 * inline assembly that TSan cannot see, so TSan would report a race between
 * a reader's last access to an object and the deferred free of that object.
 * In TSan builds the read-side unlock releases a grace-period token and every
 * deferred callback acquires it before it runs: exactly the ordering a grace
 * period guarantees (each read-side section that could see the object ends
 * before the callback starts), stated in a form TSan understands. liburcu
 * 0.14 annotates itself the same way.
 */
#ifndef OE_SYNC_RCU_H
#define OE_SYNC_RCU_H

#ifndef _LGPL_SOURCE
#define _LGPL_SOURCE
#endif
#include <urcu/urcu-memb.h>
#include <urcu/rculist.h>

#include "annotate.h"

#ifdef OE_TSAN
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
extern char oe_rcu_grace_token;
#endif

/* Per-thread registration flag; see oe_rcu_register_slow. */
extern _Thread_local int oe_rcu_registered;
void oe_rcu_register_slow(void);

/* oe_rcu_read_lock -- enter a read-side critical section (nestable). */
static inline void oe_rcu_read_lock(void)
{
    if (OE_UNLIKELY(!oe_rcu_registered))
        oe_rcu_register_slow();
    urcu_memb_read_lock();
}

/* oe_rcu_read_unlock -- leave it; see the TSan note above. */
static inline void oe_rcu_read_unlock(void)
{
#ifdef OE_TSAN
    __tsan_release(&oe_rcu_grace_token);
#endif
    urcu_memb_read_unlock();
}

/* oe_rcu_barrier_acquire -- called by every deferred callback before it frees:
 * models "the grace period has ended" for TSan; free in other builds. */
static inline void oe_rcu_grace_acquire(void)
{
#ifdef OE_TSAN
    __tsan_acquire(&oe_rcu_grace_token);
#endif
}

/* oe_call_rcu -- run fn(head) after a grace period; fn must call
 * oe_rcu_grace_acquire() first. Allocates nothing. */
void oe_call_rcu(struct rcu_head *head, void (*fn)(struct rcu_head *));

/* oe_synchronize_rcu -- wait for a grace period (slow paths only: never
 * inside a read-side section). */
void oe_synchronize_rcu(void);

/* oe_rcu_barrier -- wait until every callback queued so far has run, and
 * every callback those callbacks queued: a callback may retire once more
 * (an index fence releases its pins, and a node whose last share that was
 * is retired: omap.c, FENCE), never deeper. */
void oe_rcu_barrier(void);

#endif
