/*
 * test_alloc.c -- white-box tests of the engine allocator (src/sync/alloc.c).
 *
 * What is checked: the live-block count moves by exactly one per tracked
 * allocation and free and not at all for the untracked variants or for
 * failed allocations; fault injection fails exactly the attempts it was
 * told to (fail_after: attempt n and every later one; fail_nth: attempt n
 * only), counts every attempt while armed and stops counting when reset;
 * calloc returns zeroed memory even when it reuses a dirtied block; strdup
 * copies. Index blocks (oe_malloc_index) are counted and injected like the
 * others; in Release builds they come from memory advised for huge pages,
 * and every thread that used the index arena gives its cache back when it
 * exits. Every test compares against a baseline taken at its start, since
 * the runtime may have allocated before the test body runs.
 */
#include <criterion/criterion.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sync/alloc.h"

Test(alloc, malloc_calloc_free_accounting)
{
    int64_t base = oe_alloc_live_blocks();
    void *a = oe_malloc(100);
    cr_assert_not_null(a);
    cr_assert_eq(oe_alloc_live_blocks(), base + 1);
    void *b = oe_calloc(4000);
    cr_assert_not_null(b);
    cr_assert_eq(oe_alloc_live_blocks(), base + 2);
    char *c = oe_strdup("openese");
    cr_assert_not_null(c);
    cr_assert_eq(oe_alloc_live_blocks(), base + 3);
    memset(a, 0x5a, 100); /* the block must really be 100 bytes */
    oe_free(a, 100);
    cr_assert_eq(oe_alloc_live_blocks(), base + 2);
    oe_free(b, 4000);
    cr_assert_eq(oe_alloc_live_blocks(), base + 1);
    oe_free(c, strlen(c) + 1);
    cr_assert_eq(oe_alloc_live_blocks(), base);
    oe_free(NULL, 123); /* ignored, not counted */
    cr_assert_eq(oe_alloc_live_blocks(), base);
}

Test(alloc, zero_size_is_a_real_block)
{
    int64_t base = oe_alloc_live_blocks();
    void *p = oe_malloc(0);
    void *q = oe_calloc(0);
    cr_assert_not_null(p);
    cr_assert_not_null(q);
    cr_assert_neq(p, q);
    cr_assert_eq(oe_alloc_live_blocks(), base + 2);
    oe_free(p, 0);
    oe_free(q, 0);
    cr_assert_eq(oe_alloc_live_blocks(), base);
}

Test(alloc, untracked_not_counted)
{
    int64_t base = oe_alloc_live_blocks();
    void *p = oe_malloc_untracked(512);
    cr_assert_not_null(p);
    memset(p, 1, 512);
    cr_assert_eq(oe_alloc_live_blocks(), base);
    void *t = oe_malloc(16); /* tracked allocations still counted around it */
    cr_assert_eq(oe_alloc_live_blocks(), base + 1);
    oe_free_untracked(p, 512);
    cr_assert_eq(oe_alloc_live_blocks(), base + 1);
    oe_free(t, 16);
    cr_assert_eq(oe_alloc_live_blocks(), base);
    oe_free_untracked(NULL, 8);
    cr_assert_eq(oe_alloc_live_blocks(), base);
}

Test(alloc, untracked_subject_to_injection)
{
    int64_t base = oe_alloc_live_blocks();
    oe_alloc_fail_after(0);
    cr_assert_null(oe_malloc_untracked(64));
    oe_alloc_fail_reset();
    cr_assert_eq(oe_alloc_live_blocks(), base, "a failed untracked allocation moved the count");
    void *p = oe_malloc_untracked(64);
    cr_assert_not_null(p);
    oe_free_untracked(p, 64);
    cr_assert_eq(oe_alloc_live_blocks(), base);
}

/* try_alloc -- one attempt through the variant chosen by k (all four paths
 * must honour injection); returns whether it succeeded, freeing the block. */
static int try_alloc(int k)
{
    void *p;
    switch (k % 4) {
    case 0:
        p = oe_malloc(24);
        oe_free(p, 24);
        return p != NULL;
    case 1:
        p = oe_calloc(24);
        oe_free(p, 24);
        return p != NULL;
    case 2: {
        char *s = oe_strdup("abc");
        if (s)
            oe_free(s, 4);
        return s != NULL;
    }
    default:
        p = oe_malloc_untracked(24);
        oe_free_untracked(p, 24);
        return p != NULL;
    }
}

Test(alloc, fail_after_fails_from_n_on)
{
    for (uint64_t n = 0; n < 6; n++) {
        int64_t base = oe_alloc_live_blocks();
        oe_alloc_fail_after(n);
        for (int k = 0; k < 12; k++) {
            int ok = try_alloc(k);
            cr_assert_eq(ok, (uint64_t)k < n, "fail_after(%lu): attempt %d %s", (unsigned long)n, k,
                         ok ? "succeeded" : "failed");
        }
        cr_assert_eq(oe_alloc_attempts(), 12, "every attempt counted, failed ones too");
        oe_alloc_fail_reset();
        cr_assert_eq(oe_alloc_live_blocks(), base);
        cr_assert(try_alloc(0), "reset did not disarm");
    }
}

Test(alloc, fail_nth_fails_only_that_one)
{
    for (uint64_t n = 0; n < 6; n++) {
        int64_t base = oe_alloc_live_blocks();
        oe_alloc_fail_nth(n);
        for (int k = 0; k < 10; k++) {
            int ok = try_alloc(k + 1);
            cr_assert_eq(ok, (uint64_t)k != n, "fail_nth(%lu): attempt %d %s", (unsigned long)n, k,
                         ok ? "succeeded" : "failed");
        }
        cr_assert_eq(oe_alloc_attempts(), 10);
        oe_alloc_fail_reset();
        cr_assert_eq(oe_alloc_live_blocks(), base);
    }
}

Test(alloc, rearming_restarts_the_count)
{
    oe_alloc_fail_after(2);
    cr_assert(try_alloc(0));
    cr_assert(try_alloc(0));
    cr_assert_not(try_alloc(0));
    /* Arming again counts from zero: two more successes. */
    oe_alloc_fail_after(2);
    cr_assert_eq(oe_alloc_attempts(), 0);
    cr_assert(try_alloc(0));
    cr_assert(try_alloc(0));
    cr_assert_not(try_alloc(0));
    oe_alloc_fail_reset();
}

Test(alloc, count_start_counts_without_failing)
{
    oe_alloc_count_start();
    for (int k = 0; k < 7; k++)
        cr_assert(try_alloc(k), "counting mode failed an allocation");
    cr_assert_eq(oe_alloc_attempts(), 7);
    /* Frees are not attempts. */
    void *p = oe_malloc(8);
    cr_assert_eq(oe_alloc_attempts(), 8);
    oe_free(p, 8);
    cr_assert_eq(oe_alloc_attempts(), 8);
    oe_alloc_fail_reset();
    /* Disarmed: no more counting (the normal path writes no shared line). */
    cr_assert(try_alloc(0));
    cr_assert(try_alloc(1));
    cr_assert_eq(oe_alloc_attempts(), 8);
}

static void *alloc_in_thread(void *arg)
{
    (void)arg;
    return (void *)(intptr_t)try_alloc(0);
}

Test(alloc, injection_is_process_wide)
{
    pthread_t th;
    void *ok;
    oe_alloc_fail_after(0);
    cr_assert_eq(pthread_create(&th, NULL, alloc_in_thread, NULL), 0);
    pthread_join(th, &ok);
    oe_alloc_fail_reset();
    cr_assert_eq((intptr_t)ok, 0, "another thread's allocation did not fail");
    cr_assert_eq(pthread_create(&th, NULL, alloc_in_thread, NULL), 0);
    pthread_join(th, &ok);
    cr_assert_eq((intptr_t)ok, 1);
}

Test(alloc, calloc_zeroes_reused_memory)
{
    static const size_t sizes[] = {1, 7, 16, 100, 4096, 70000, 1 << 20};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        size_t n = sizes[i];
        /* Dirty blocks of this size class so calloc is likely to get one back. */
        for (int r = 0; r < 4; r++) {
            unsigned char *d = oe_malloc(n);
            cr_assert_not_null(d);
            memset(d, 0xa5, n);
            oe_free(d, n);
        }
        unsigned char *z = oe_calloc(n);
        cr_assert_not_null(z);
        for (size_t k = 0; k < n; k++)
            if (z[k] != 0)
                cr_assert_fail("calloc(%zu): byte %zu is 0x%02x", n, k, z[k]);
        oe_free(z, n);
    }
}

Test(alloc, strdup_copies)
{
    int64_t base = oe_alloc_live_blocks();
    const char *src = "The quick brown fox";
    char *d = oe_strdup(src);
    cr_assert_not_null(d);
    cr_assert_neq(d, src);
    cr_assert_str_eq(d, src);
    d[0] = 't';
    cr_assert_eq(src[0], 'T');
    oe_free(d, strlen(d) + 1);

    char *e = oe_strdup("");
    cr_assert_not_null(e);
    cr_assert_eq(e[0], '\0');
    oe_free(e, 1);

    char big[3000];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    char *f = oe_strdup(big);
    cr_assert_not_null(f);
    cr_assert_eq(strlen(f), sizeof(big) - 1);
    cr_assert_eq(memcmp(f, big, sizeof(big)), 0);
    oe_free(f, sizeof(big));

    oe_alloc_fail_after(0);
    cr_assert_null(oe_strdup(src));
    oe_alloc_fail_reset();
    cr_assert_eq(oe_alloc_live_blocks(), base);
}

Test(alloc, index_blocks_counted_and_injected)
{
    int64_t base = oe_alloc_live_blocks();
    unsigned char *a = oe_malloc_index(72);
    cr_assert_not_null(a);
    memset(a, 0x5a, 72);
    cr_assert_eq(oe_alloc_live_blocks(), base + 1);
    oe_alloc_fail_nth(0);
    cr_assert_null(oe_malloc_index(72), "an injected failure must reach index blocks");
    void *b = oe_malloc_index(72);
    oe_alloc_fail_reset();
    cr_assert_not_null(b);
    cr_assert_eq(oe_alloc_live_blocks(), base + 2);
    oe_free_index(a, 72);
    oe_free_index(b, 72);
    oe_free_index(NULL, 72);
    cr_assert_eq(oe_alloc_live_blocks(), base);
}

#ifndef OE_ALLOC_SYSTEM
/* vma_flags -- the VmFlags line of the mapping of /proc/self/smaps that
 * holds p, into out; false if none does. */
static bool vma_flags(const void *p, char *out, size_t cap)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    cr_assert_not_null(f);
    char line[512];
    bool inside = false, found = false;
    while (!found && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
            inside = (uintptr_t)p >= lo && (uintptr_t)p < hi;
        else if (inside && strncmp(line, "VmFlags:", 8) == 0) {
            snprintf(out, cap, "%s", line + 8);
            found = true;
        }
    }
    fclose(f);
    return found;
}

Test(alloc, index_blocks_advised_for_huge_pages)
{
    void *n = oe_malloc_index(64);
    void *m = oe_malloc(64);
    cr_assert(n && m);
    char flags[512];
    cr_assert(vma_flags(n, flags, sizeof flags), "no mapping holds the index block");
    cr_assert(strstr(flags, " hg") != NULL, "index memory not advised for huge pages: %s", flags);
    cr_assert(vma_flags(m, flags, sizeof flags), "no mapping holds the plain block");
    cr_assert(strstr(flags, " hg") == NULL, "plain memory advised for huge pages: %s", flags);
    oe_free_index(n, 64);
    oe_free(m, 64);
}

static void *index_user(void *arg)
{
    int64_t *seen = arg;
    void *p = oe_malloc_index(96);
    *seen = oe_alloc_index_tcaches();
    oe_free_index(p, 96);
    return p;
}

Test(alloc, exiting_threads_return_their_index_caches)
{
    void *warm = oe_malloc_index(96); /* this thread's own cache, kept */
    oe_free_index(warm, 96);
    int64_t base = oe_alloc_index_tcaches();
    cr_assert_geq(base, 1);
    for (int i = 0; i < 64; i++) {
        pthread_t t;
        int64_t seen = 0;
        cr_assert_eq(pthread_create(&t, NULL, index_user, &seen), 0);
        void *p = NULL;
        cr_assert_eq(pthread_join(t, &p), 0);
        cr_assert_not_null(p, "thread %d could not allocate", i);
        cr_assert_eq(seen, base + 1, "thread %d saw %lld caches", i, (long long)seen);
        cr_assert_eq(oe_alloc_index_tcaches(), base, "thread %d kept its cache", i);
    }
}
#endif
