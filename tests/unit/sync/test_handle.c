/*
 * test_handle.c -- white-box tests of the checked-handle encoding (src/sync/handle.h).
 *
 * Round trips at every boundary of the slot and generation fields, the
 * plausibility filter (0, ~0, slot 0, generation 0 and generations past the
 * maximum are rejected), and the promise that no valid handle is 0 or ~0
 * (JET_sesidNil). A seeded random sweep checks that plausible() agrees with
 * the field decoding for arbitrary 64-bit values.
 */
#include <criterion/criterion.h>

#include <stdint.h>

#include "sync/handle.h"

static const uint32_t slots[] = {1, 2, 255, 256, 65535, OE_HND_SLOT_MAX - 1, OE_HND_SLOT_MAX};
static const uint64_t gens[] = {1, 2, 3, (UINT64_C(1) << 24), (UINT64_C(1) << 39),
                                OE_HND_GEN_MAX - 1, OE_HND_GEN_MAX};

Test(handle, limits_are_what_the_header_promises)
{
    cr_assert_eq(OE_HND_SLOT_MAX, (1u << 24) - 1);
    cr_assert_eq(OE_HND_GEN_MAX, (UINT64_C(1) << 40) - 2);
    /* The generation field has room for exactly one value past the maximum,
     * and that value is what ~0 decodes to. */
    cr_assert_eq(oe_hnd_gen(~UINT64_C(0)), OE_HND_GEN_MAX + 1);
    cr_assert_eq(oe_hnd_slot(~UINT64_C(0)), OE_HND_SLOT_MAX);
}

Test(handle, round_trip_at_boundaries)
{
    for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
        for (size_t j = 0; j < sizeof(gens) / sizeof(gens[0]); j++) {
            uint64_t h = oe_hnd_make(slots[i], gens[j]);
            cr_assert_eq(oe_hnd_slot(h), slots[i], "slot %u gen %lu", slots[i], (unsigned long)gens[j]);
            cr_assert_eq(oe_hnd_gen(h), gens[j], "slot %u gen %lu", slots[i], (unsigned long)gens[j]);
            cr_assert(oe_hnd_plausible(h), "valid handle %#lx rejected", (unsigned long)h);
            cr_assert_neq(h, 0);
            cr_assert_neq(h, ~UINT64_C(0), "slot %u gen %lu encodes ~0", slots[i], (unsigned long)gens[j]);
        }
    }
}

Test(handle, extreme_valid_handles_are_not_0_or_nil)
{
    uint64_t lo = oe_hnd_make(1, 1);
    uint64_t hi = oe_hnd_make(OE_HND_SLOT_MAX, OE_HND_GEN_MAX);
    cr_assert_eq(lo, (UINT64_C(1) << 24) | 1);
    cr_assert_neq(lo, 0);
    cr_assert_neq(hi, ~UINT64_C(0));
    cr_assert_eq(hi + (UINT64_C(1) << 24), ~UINT64_C(0), "the largest handle is one generation below ~0");
    cr_assert(oe_hnd_plausible(lo));
    cr_assert(oe_hnd_plausible(hi));
}

Test(handle, plausible_rejects)
{
    cr_assert_not(oe_hnd_plausible(0));
    cr_assert_not(oe_hnd_plausible(~UINT64_C(0)));
    /* Slot 0 with any generation. */
    for (size_t j = 0; j < sizeof(gens) / sizeof(gens[0]); j++)
        cr_assert_not(oe_hnd_plausible(oe_hnd_make(0, gens[j])), "slot 0 gen %lu", (unsigned long)gens[j]);
    /* Generation 0 with any slot. */
    for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
        cr_assert_not(oe_hnd_plausible(oe_hnd_make(slots[i], 0)), "gen 0 slot %u", slots[i]);
    /* Generation past the maximum with any slot. */
    for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
        cr_assert_not(oe_hnd_plausible(oe_hnd_make(slots[i], OE_HND_GEN_MAX + 1)), "gen max+1 slot %u",
                      slots[i]);
    /* Every value below 2^24 has generation 0. */
    for (uint64_t v = 0; v < (UINT64_C(1) << 24); v += 4099)
        cr_assert_not(oe_hnd_plausible(v), "%#lx has generation 0", (unsigned long)v);
}

/* splitmix64 -- a fixed-seed generator, so a failure reproduces. */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

Test(handle, random_values_decode_consistently)
{
    uint64_t seed = 12345;
    for (int i = 0; i < 200000; i++) {
        uint64_t v = splitmix64(&seed);
        uint32_t slot = oe_hnd_slot(v);
        uint64_t gen = oe_hnd_gen(v);
        cr_assert_eq(oe_hnd_make(slot, gen), v, "decode/encode of %#lx", (unsigned long)v);
        int expect = slot != 0 && gen != 0 && gen <= OE_HND_GEN_MAX;
        cr_assert_eq(oe_hnd_plausible(v), expect, "%#lx", (unsigned long)v);
        /* Valid random fields re-encode to a plausible, non-nil handle. */
        uint32_t s2 = (uint32_t)(v % OE_HND_SLOT_MAX) + 1;
        uint64_t g2 = (v >> 7) % OE_HND_GEN_MAX + 1;
        uint64_t h = oe_hnd_make(s2, g2);
        cr_assert(oe_hnd_plausible(h));
        cr_assert(h != 0 && h != ~UINT64_C(0));
        cr_assert_eq(oe_hnd_slot(h), s2);
        cr_assert_eq(oe_hnd_gen(h), g2);
    }
}
