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
 *
 * WAKE-UPS. A grace period that has waited a while for a reader sleeps on
 * liburcu's gp futex (set to -1), and liburcu's read_unlock wakes it from
 * every outermost unlock that sees -1. The grace period waits only for
 * readers of the phase before its flip (a reader's counter holds the gp
 * counter's phase bit as of its outermost lock); a reader whose phase is
 * the current one cannot be what it waits for, so waking it achieves
 * nothing but a futex call here and two sys_membarrier calls (IPIs to every
 * CPU running the process) in the grace period's loop. With more busy
 * threads than CPUs that loop is the norm: the call_rcu thread preempts a
 * worker inside its section, and until that worker runs again every
 * section the other worker ends woke the grace period -- ~180 membarriers
 * per grace period in the 2-thread lifecycle on 2 vCPUs, ~6% of the CPU.
 * So oe_rcu_read_unlock is liburcu's unlock with one more condition on the
 * wake: the phase bit differs (checked first, so the futex is read, as in
 * liburcu, only inside urcu_common_wake_up_gp). Why no waiter is missed:
 * while a grace period waits for a reader, no flip happens (the next one
 * needs this wait to end), so the waited reader's phase differs from the
 * counter's; and its unlock reads the counter and the futex after its own
 * exit store -- if the grace period's scan missed that store, the
 * membarrier that preceded the scan ordered the flip and the futex's -1
 * (both earlier still) before those reads. Measured: 24.5k -> 1.2k membarriers
 * and 12.2k -> 0.4k futex calls in 3 s of the 2-thread lifecycle.
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

/* oe_rcu_read_unlock -- leave it; see the TSan note and WAKE-UPS above. */
static inline void oe_rcu_read_unlock(void)
{
#ifdef OE_TSAN
    __tsan_release(&oe_rcu_grace_token);
#endif
    unsigned long ctr = URCU_TLS(urcu_memb_reader).ctr;
    if (OE_LIKELY((ctr & URCU_GP_CTR_NEST_MASK) == URCU_GP_COUNT)) {
        urcu_memb_smp_mb_slave(); /* the section before the exit store */
        _CMM_STORE_SHARED(URCU_TLS(urcu_memb_reader).ctr, ctr - URCU_GP_COUNT);
        urcu_memb_smp_mb_slave(); /* the exit store before the reads below */
        if (OE_UNLIKELY((ctr ^ CMM_LOAD_SHARED(urcu_memb_gp.ctr)) & URCU_GP_CTR_PHASE))
            urcu_common_wake_up_gp(&urcu_memb_gp); /* reads the futex, wakes on -1 */
    } else {
        _CMM_STORE_SHARED(URCU_TLS(urcu_memb_reader).ctr, ctr - URCU_GP_COUNT);
    }
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
