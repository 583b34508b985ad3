/*
 * annotate.h -- the protection vocabulary for shared fields.
 *
 * Every field of a structure that more than one thread can reach carries one
 * of these tags in its comment, so a reader can check each access against
 * the rule that makes it safe:
 *
 *   [imm]            written before the object is published, never after
 *   [owner]          only the thread that holds the object's owner word
 *                    (a session's claim, see owner.h) reads or writes it
 *   [rcu]            read under oe_rcu_read_lock(); replaced by publishing a
 *                    new copy and retiring the old one after a grace period
 *   [atomic acq/rel] a C11 atomic; the comment names the pairing operation
 *   [epoch]          freed only after a grace period (oe_retire)
 *   [mutex:name]     protected by the named mutex (slow paths only)
 *
 * OE_SHARED marks a field that is read or written without a lock; it
 * expands to nothing and exists for the reader and for grep.
 */
#ifndef OE_SYNC_ANNOTATE_H
#define OE_SYNC_ANNOTATE_H

#define OE_SHARED
#define OE_CACHELINE 64
#define OE_CACHE_ALIGNED _Alignas(OE_CACHELINE)

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define OE_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define OE_TSAN 1
#endif

#define OE_LIKELY(x) __builtin_expect(!!(x), 1)
#define OE_UNLIKELY(x) __builtin_expect(!!(x), 0)

#endif
