/*
 * retire.h -- batched RCU retirement for the engine's hot paths.
 *
 * WHY. liburcu's call_rcu enqueues every object on one queue shared by all
 * threads: an xchg on the queue's tail and an increment of its length, two
 * read-modify-writes on cache lines that every retiring thread writes. The
 * lifecycle workload retires ~13 objects per operation (4 index nodes, 4
 * rows, 4 versions, a transaction record); at two threads those lines
 * moved between the cores on every retirement, and call_rcu was a fifth of
 * the profile (perf, `openese-bench --workloads lifecycle --threads 2
 * --records 1000`). Users: omap.c (nodes), table.c (rows), verstore.c (a
 * rollback's versions and transaction record; pruned versions stay on
 * oe_call_rcu, see retire_ver).
 *
 * WHAT. oe_retire(head, fn) has oe_call_rcu's contract -- fn(head) runs
 * after a grace period that began after the call, and fn must call
 * oe_rcu_grace_acquire() first -- but pushes the object onto the calling
 * thread's open batch. Every OE_RETIRE_BATCH (or more: retire.c hand_off)
 * retirements the thread hands the whole batch to liburcu through one
 * carrier: one call_rcu per batch.
 * A callback may run later than with oe_call_rcu (after up to a batch of
 * further retirements by the same thread), never earlier. No ordering
 * between callbacks is promised (none is promised by oe_call_rcu across
 * threads either; no engine callback reads another retired object).
 *
 * oe_rcu_barrier() (rcu.c) first flushes every thread's open batch, so it
 * still means "every object retired so far has been freed".
 *
 * Allocates nothing on the retiring path: a thread's batch state is made
 * once, when it registers with RCU (and reused by later threads after it
 * exits); without one -- that allocation failed, or liburcu's own worker
 * thread retires from a callback -- oe_retire is oe_call_rcu.
 */
#ifndef OE_SYNC_RETIRE_H
#define OE_SYNC_RETIRE_H

#include "rcu.h"

/* Retirements per batch (the adaptive threshold's floor; retire.c
 * hand_off): large enough that call_rcu's shared-line cost vanishes, small
 * enough that a thread holds back little memory. */
#define OE_RETIRE_BATCH 64

/* oe_retire -- free through fn(head) after a grace period, batched. */
void oe_retire(struct rcu_head *head, void (*fn)(struct rcu_head *));

/* Called by rcu.c only. */
void oe_retire_thread_start(void);  /* give this thread its batch state */
void oe_retire_thread_exit(void);   /* flush it and hand it back */
void oe_retire_flush_all(void);     /* hand every thread's open batch to call_rcu; waits
                                      * for a grace period first (retire.c, PLAIN PUSHES),
                                      * so never inside a read-side section */

/* oe_retire_test_stall -- tests only: fn (NULL: none) is called by every
 * plain push between its two reads, the flag and the top (retire.c, PLAIN
 * PUSHES), so a test can hold a push in that window while a flush runs. */
void oe_retire_test_stall(void (*fn)(void));

#endif
