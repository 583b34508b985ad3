/*
 * test_owner.c -- white-box tests of the owner word (src/sync/owner.h).
 *
 * Single-threaded: the encoding round-trips at the generation limits, and
 * oe_own_enter succeeds only on (gen, IDLE) -- every other word (BUSY, FREE,
 * another generation) is refused, left unchanged, and reported exactly as
 * seen; leave/free/publication move the word as owner.h says. Two threads: both hammer enter/leave on one word and increment a
 * plain (non-atomic) counter inside; if enter ever admitted two threads the
 * final count would come up short (and TSan would report the race).
 */
#include <criterion/criterion.h>

#include <pthread.h>
#include <stdint.h>

#include "sync/handle.h"
#include "sync/owner.h"

static const uint64_t gens[] = {0, 1, 2, 12345, OE_HND_GEN_MAX - 1, OE_HND_GEN_MAX};
#define NGENS (sizeof(gens) / sizeof(gens[0]))

Test(owner, encoding_round_trips)
{
    for (size_t i = 0; i < NGENS; i++) {
        for (unsigned st = OE_OWN_FREE; st <= OE_OWN_BUSY; st++) {
            uint64_t w = oe_own_make(gens[i], st);
            cr_assert_eq(oe_own_gen(w), gens[i], "gen %lu", (unsigned long)gens[i]);
            cr_assert_eq(oe_own_state(w), st);
        }
    }
    /* The three states of one generation are distinct words. */
    cr_assert_neq(oe_own_make(7, OE_OWN_FREE), oe_own_make(7, OE_OWN_IDLE));
    cr_assert_neq(oe_own_make(7, OE_OWN_IDLE), oe_own_make(7, OE_OWN_BUSY));
    cr_assert_neq(oe_own_make(7, OE_OWN_FREE), oe_own_make(7, OE_OWN_BUSY));
}

Test(owner, enter_only_on_gen_idle)
{
    for (size_t i = 1; i < NGENS; i++) {
        uint64_t g = gens[i];
        oe_owner_word w;
        uint64_t seen = 0;
        atomic_init(&w, oe_own_make(g, OE_OWN_IDLE));
        cr_assert(oe_own_enter(&w, g, &seen));
        cr_assert_eq(oe_own_load(&w), oe_own_make(g, OE_OWN_BUSY));

        /* Already BUSY: refused, word unchanged, reports BUSY of gen g. */
        seen = 0;
        cr_assert_not(oe_own_enter(&w, g, &seen));
        cr_assert_eq(seen, oe_own_make(g, OE_OWN_BUSY));
        cr_assert_eq(oe_own_load(&w), oe_own_make(g, OE_OWN_BUSY));

        oe_own_leave(&w, g);
        cr_assert_eq(oe_own_load(&w), oe_own_make(g, OE_OWN_IDLE));

        /* Other generations, older and newer: refused, word reported. */
        seen = 0;
        cr_assert_not(oe_own_enter(&w, g - 1, &seen));
        cr_assert_eq(seen, oe_own_make(g, OE_OWN_IDLE));
        cr_assert_eq(oe_own_load(&w), oe_own_make(g, OE_OWN_IDLE));
        seen = 0;
        cr_assert_not(oe_own_enter(&w, g + 1, &seen));
        cr_assert_eq(seen, oe_own_make(g, OE_OWN_IDLE));
        cr_assert_eq(oe_own_load(&w), oe_own_make(g, OE_OWN_IDLE));

        /* FREE of the right generation (an ended session): refused. */
        oe_own_free(&w, g);
        cr_assert_eq(oe_own_load(&w), oe_own_make(g, OE_OWN_FREE));
        seen = 0;
        cr_assert_not(oe_own_enter(&w, g, &seen));
        cr_assert_eq(seen, oe_own_make(g, OE_OWN_FREE));
        cr_assert_eq(oe_own_state(seen), OE_OWN_FREE);
        cr_assert_eq(oe_own_gen(seen), g);

        /* The next occupant is published FREE -> (gen+1, IDLE) with leave;
         * the old handle stays dead, the new one works. */
        oe_own_leave(&w, g + 1);
        cr_assert_eq(oe_own_load(&w), oe_own_make(g + 1, OE_OWN_IDLE));
        seen = 0;
        cr_assert_not(oe_own_enter(&w, g, &seen));
        cr_assert_eq(seen, oe_own_make(g + 1, OE_OWN_IDLE));
        cr_assert(oe_own_enter(&w, g + 1, &seen));
    }
}

Test(owner, generation_does_not_bleed_into_state)
{
    /* A generation whose low bits look like a state must still only match
     * itself: gen 1 IDLE is not gen 0 with some other state. */
    oe_owner_word w;
    uint64_t seen;
    atomic_init(&w, oe_own_make(1, OE_OWN_IDLE));
    cr_assert_not(oe_own_enter(&w, 0, &seen));
    cr_assert_not(oe_own_enter(&w, 5, &seen));
    cr_assert(oe_own_enter(&w, 1, &seen));
}

#define ITERS 200000

struct shared {
    oe_owner_word w;
    uint64_t gen;
    long counter;            /* [owner] protected by w only */
    _Atomic int inside;      /* [atomic relaxed] threads between enter and leave */
    _Atomic int overlap;     /* [atomic relaxed] times two were inside at once */
};

static void *hammer(void *arg)
{
    struct shared *sh = arg;
    uint64_t seen;
    for (int i = 0; i < ITERS; i++) {
        while (!oe_own_enter(&sh->w, sh->gen, &seen)) {
            /* The only legal refusal here is "the other thread is inside". */
            if (seen != oe_own_make(sh->gen, OE_OWN_BUSY))
                atomic_fetch_add_explicit(&sh->overlap, 1000000, memory_order_relaxed);
        }
        if (atomic_fetch_add_explicit(&sh->inside, 1, memory_order_relaxed) != 0)
            atomic_fetch_add_explicit(&sh->overlap, 1, memory_order_relaxed);
        long v = sh->counter;  /* read-modify-write in two steps on purpose */
        __asm__ volatile("" ::: "memory");
        sh->counter = v + 1;
        atomic_fetch_sub_explicit(&sh->inside, 1, memory_order_relaxed);
        oe_own_leave(&sh->w, sh->gen);
    }
    return NULL;
}

Test(owner, mutual_exclusion_two_threads, .timeout = 30)
{
    static struct shared sh;
    sh.gen = 42;
    atomic_init(&sh.w, oe_own_make(sh.gen, OE_OWN_IDLE));
    sh.counter = 0;
    atomic_init(&sh.inside, 0);
    atomic_init(&sh.overlap, 0);
    pthread_t a, b;
    cr_assert_eq(pthread_create(&a, NULL, hammer, &sh), 0);
    cr_assert_eq(pthread_create(&b, NULL, hammer, &sh), 0);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    cr_assert_eq(atomic_load(&sh.overlap), 0, "overlap/bad refusals: %d", atomic_load(&sh.overlap));
    cr_assert_eq(sh.counter, 2L * ITERS, "counter %ld", sh.counter);
    cr_assert_eq(oe_own_load(&sh.w), oe_own_make(sh.gen, OE_OWN_IDLE));
}
