/*
 * owner.h -- the owner word: who may touch an object right now.
 *
 * One 64-bit atomic per object (a session): the object's generation in the
 * high 62 bits, its state in the low 2:
 *
 *   FREE  the slot holds no live object; the generation is the last one's
 *   IDLE  live, no thread inside a call
 *   BUSY  live, exactly one thread inside a call (the claimer)
 *
 * A handle carries the generation it was issued with. Entering a call is a
 * single CAS from (gen, IDLE) to (gen, BUSY): it checks in one atomic step
 * that the handle is still current and that nobody else is inside, so a
 * stale handle can never act on the slot's next occupant (the generation
 * differs) and two threads can never be inside together. Leaving is one
 * release store back to IDLE.
 *
 * Ordering: the claim is seq_cst so that, together with the seq_cst load of
 * the instance state that follows it, it forms a Dekker pair with JetTerm
 * (which stores the state and then loads every owner word): either the
 * caller sees "terminating" or JetTerm sees the caller inside. Its acquire
 * half pairs with the release in oe_own_leave / oe_own_free of the previous
 * holder, which makes every [owner] field written by that holder visible.
 * A new object is published FREE -> (gen, IDLE) with oe_own_leave; its
 * pairing with JetTerm goes through an RCU grace period (core/session.c).
 *
 * LP(enter): the successful CAS. LP(leave): the release store of IDLE.
 * LP(free): the release store of FREE -- from then on the handle is dead.
 * Progress: enter is a single CAS attempt (wait-free); a failed attempt is
 * reported to the caller, never retried.
 *
 * Cost: the claim CAS is the one locked instruction of a call (~6 ns here);
 * everything else on the entry path is plain loads (core/session.h). A
 * biased word (the last owner re-enters with a plain store) would remove it,
 * but every other claimer -- including JetTerm's claim_all, which CASes
 * IDLE -> BUSY directly -- would first have to revoke the bias through a
 * grace period; until all claimers go through one revoking helper, the word
 * stays unbiased.
 */
#ifndef OE_SYNC_OWNER_H
#define OE_SYNC_OWNER_H

#include <stdatomic.h>
#include <stdint.h>

#define OE_OWN_FREE 0u
#define OE_OWN_IDLE 1u
#define OE_OWN_BUSY 2u
#define OE_OWN_STATE_MASK 3u
#define OE_OWN_GEN_SHIFT 2

typedef _Atomic uint64_t oe_owner_word;

static inline uint64_t oe_own_make(uint64_t gen, unsigned state)
{
    return (gen << OE_OWN_GEN_SHIFT) | state;
}

static inline uint64_t oe_own_gen(uint64_t word) { return word >> OE_OWN_GEN_SHIFT; }
static inline unsigned oe_own_state(uint64_t word) { return (unsigned)(word & OE_OWN_STATE_MASK); }

/* oe_own_enter -- claim (gen, IDLE) -> (gen, BUSY). Returns 1 on success;
 * on failure *pseen holds the word found, for the caller to classify. */
static inline int oe_own_enter(oe_owner_word *w, uint64_t gen, uint64_t *pseen)
{
    uint64_t expected = oe_own_make(gen, OE_OWN_IDLE);
    if (atomic_compare_exchange_strong_explicit(w, &expected, oe_own_make(gen, OE_OWN_BUSY),
                                                memory_order_seq_cst, memory_order_acquire))
        return 1;
    *pseen = expected;
    return 0;
}

/* oe_own_leave -- end a call: publish every [owner] write to the next claimer. */
static inline void oe_own_leave(oe_owner_word *w, uint64_t gen)
{
    atomic_store_explicit(w, oe_own_make(gen, OE_OWN_IDLE), memory_order_release);
}

/* oe_own_free -- kill the handle: the object's slot may be reused after this. */
static inline void oe_own_free(oe_owner_word *w, uint64_t gen)
{
    atomic_store_explicit(w, oe_own_make(gen, OE_OWN_FREE), memory_order_release);
}

static inline uint64_t oe_own_load(oe_owner_word *w)
{
    return atomic_load_explicit(w, memory_order_seq_cst);
}

#endif
