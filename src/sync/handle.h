/*
 * handle.h -- encoding of checked handles (JET_SESID values).
 *
 *   bits 0..23   slot index, 1..2^24-1 (0 is never a slot, so a handle is never 0)
 *   bits 24..63  generation of the object in that slot, 1..2^40-2
 *
 * The generation never reaches 2^40-1, so a handle is never ~0 either. A
 * slot whose generation would pass the maximum is retired for good rather
 * than wrapped: no handle ever aliases a later occupant of its slot. At one
 * begin+end every 20 ns on one slot, retirement comes after about six hours.
 * Handles are not pointers: decoding one touches no memory.
 */
#ifndef OE_SYNC_HANDLE_H
#define OE_SYNC_HANDLE_H

#include <stdint.h>

#define OE_HND_SLOT_BITS 24
#define OE_HND_SLOT_MAX ((1u << OE_HND_SLOT_BITS) - 1)
#define OE_HND_GEN_MAX ((UINT64_C(1) << 40) - 2)

static inline uint64_t oe_hnd_make(uint32_t slot, uint64_t gen)
{
    return (gen << OE_HND_SLOT_BITS) | slot;
}

static inline uint32_t oe_hnd_slot(uint64_t h) { return (uint32_t)(h & OE_HND_SLOT_MAX); }
static inline uint64_t oe_hnd_gen(uint64_t h) { return h >> OE_HND_SLOT_BITS; }

/* oe_hnd_plausible -- cheap syntactic check before any table lookup. */
static inline int oe_hnd_plausible(uint64_t h)
{
    uint64_t gen = oe_hnd_gen(h);
    return oe_hnd_slot(h) != 0 && gen != 0 && gen <= OE_HND_GEN_MAX;
}

#endif
