/*
 * test_end_session_oom.c -- ending a session never needs memory; running out
 * of memory anywhere else leaves the engine consistent and leak-free.
 *
 * ese-reference.md 6.1: JetEndSession never returns JET_errOutOfMemory or
 * JET_errOutOfBuffers, because rollback and release use memory reserved
 * when the work was done. Proved here with the allocator's fault injection
 * (src/sync/alloc.h): with every allocation failing, JetEndSession of
 * sessions holding 0..7 levels, thread-mode and context-mode transactions,
 * must return 0 and must not even attempt an allocation.
 *
 * The sweep: for N = 0, 1, 2, ... allocation N and all later ones fail
 * during "create, set MaxSessions, init, begin 3 sessions, begin
 * transactions (one under a context), end them, term". Every call answers
 * 0 or JET_errOutOfMemory (JetEndSession: 0 only); after the hook is reset,
 * the same instance (or a fresh one with the same name, which proves a
 * failed create left nothing registered) works end to end, and the count of
 * live engine blocks returns to the baseline. The sweep stops at the first
 * N for which the scenario meets no failure at all.
 *
 * Baseline. The first instance a process creates may allocate process-wide
 * tables that live until exit; that is not a leak. Each test therefore runs
 * one full warm-up cycle first and measures the baseline after it: every
 * later cycle must give back exactly what it took. JetTerm must drain the
 * engine's deferred (call_rcu) frees itself, so no barrier is called before
 * the comparison; on a mismatch the count after oe_rcu_barrier() is printed
 * to tell a leak from an undrained queue.
 */
#include <criterion/criterion.h>

#include <stdio.h>

#include "esent.h"
#include "sync/alloc.h"
#include "sync/rcu.h"

#define NSES 3

/* warm_up -- one complete cycle so process-wide lazy state exists; returns the baseline. */
static int64_t warm_up(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID s = JET_sesidNil;
    JET_ERR e;
    cr_assert_eq(e = JetCreateInstance(&inst, "oom_warm_up"), 0, "warm-up create: %d", e);
    cr_assert_eq(e = JetInit(&inst), 0, "warm-up init: %d", e);
    cr_assert_eq(e = JetBeginSession(inst, &s, NULL, NULL), 0, "warm-up begin: %d", e);
    cr_assert_eq(e = JetSetSessionContext(s, 0x77), 0, "warm-up set context: %d", e);
    cr_assert_eq(e = JetBeginTransaction(s), 0, "warm-up txn: %d", e);
    cr_assert_eq(e = JetResetSessionContext(s), 0, "warm-up reset context: %d", e);
    cr_assert_eq(e = JetEndSession(s, 0), 0, "warm-up end: %d", e);
    cr_assert_eq(e = JetTerm(inst), 0, "warm-up term: %d", e);
    return oe_alloc_live_blocks();
}

/* check_baseline -- live engine blocks are back where they were before the instance. */
static void check_baseline(int64_t base, const char *when)
{
    int64_t live = oe_alloc_live_blocks();
    if (live != base) {
        oe_rcu_barrier();
        fprintf(stderr, "%s: live blocks %lld, baseline %lld, after oe_rcu_barrier %lld\n", when,
                (long long)live, (long long)base, (long long)oe_alloc_live_blocks());
    }
    cr_assert_eq(live, base, "%s: %lld live blocks, baseline %lld (JetTerm must free everything)",
                 when, (long long)live, (long long)base);
}

/* begin_levels -- n levels on s, all of which must succeed (no injection armed). */
static void begin_levels(JET_SESID s, int n)
{
    for (int i = 0; i < n; i++) {
        JET_ERR e = JetBeginTransaction(s);
        cr_assert_eq(e, 0, "JetBeginTransaction level %d: %d", i + 1, e);
    }
}

Test(end_session_oom, end_with_every_allocation_failing)
{
    int64_t base = warm_up();
    JET_INSTANCE inst = 0;
    JET_ERR e;
    cr_assert_eq(e = JetCreateInstance(&inst, "oom_end"), 0, "%d", e);
    cr_assert_eq(e = JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 32, NULL), 0, "%d", e);
    cr_assert_eq(e = JetInit(&inst), 0, "%d", e);

    enum { N = 8 };
    JET_SESID s[N];
    for (int i = 0; i < N; i++)
        cr_assert_eq(e = JetBeginSession(inst, &s[i], NULL, NULL), 0, "session %d: %d", i, e);
    /* s[0]: level 0, untouched. */
    begin_levels(s[1], 1);                               /* level 1 */
    begin_levels(s[2], 4);                               /* 4, commit one -> 3 */
    cr_assert_eq(JetCommitTransaction(s[2], 0), 0);
    begin_levels(s[3], 7);                               /* the deepest */
    cr_assert_eq(JetSetSessionContext(s[4], 0x1234), 0); /* context-mode, context reset */
    begin_levels(s[4], 2);
    cr_assert_eq(JetResetSessionContext(s[4]), 0);
    cr_assert_eq(JetSetSessionContext(s[5], 0x5678), 0); /* context history, thread-mode txn */
    cr_assert_eq(JetResetSessionContext(s[5]), 0);
    begin_levels(s[5], 2);
    cr_assert_eq(JetSetSessionContext(s[6], 0x9abc), 0); /* context-mode, 5 levels, roll one back */
    begin_levels(s[6], 5);
    cr_assert_eq(JetRollback(s[6], 0), 0);
    cr_assert_eq(JetResetSessionContext(s[6]), 0);
    begin_levels(s[7], 3);                               /* roll back to 0, begin again */
    cr_assert_eq(JetRollback(s[7], JET_bitRollbackAll), 0);
    begin_levels(s[7], 2);

    oe_alloc_fail_after(0);
    for (int i = 0; i < N; i++) {
        e = JetEndSession(s[i], i % 2 ? JET_bitForceSessionClosed : 0);
        cr_expect_eq(e, JET_errSuccess, "JetEndSession of session %d with no memory: %d", i, e);
    }
    uint64_t attempts = oe_alloc_attempts();
    for (int i = 0; i < N; i++) {
        e = JetBeginTransaction(s[i]);
        cr_expect_eq(e, JET_errInvalidSesid, "session %d after its end: %d", i, e);
    }
    oe_alloc_fail_reset();
    cr_expect_eq(attempts, 0, "ending %d sessions attempted %llu allocations (must be none)", N,
                 (unsigned long long)attempts);

    cr_assert_eq(e = JetTerm(inst), 0, "JetTerm: %d", e);
    check_baseline(base, "after JetTerm");
}

/* A run of the sweep scenario: what exists when the failures stop. */
struct run {
    JET_INSTANCE inst;
    int created, inited, termed;
    JET_SESID ses[NSES];
    int alive[NSES];   /* begun and not ended */
    int ctx[NSES];     /* a context is still set on it */
    int failures;      /* calls that answered JET_errOutOfMemory */
};

/* oom_ok -- the call succeeded or ran out of memory; anything else fails the test. */
static int oom_ok(struct run *r, JET_ERR e, const char *call, uint64_t n)
{
    cr_assert(e == JET_errSuccess || e == JET_errOutOfMemory,
              "fail_after(%llu): %s returned %d (only 0 or OutOfMemory allowed)",
              (unsigned long long)n, call, e);
    if (e == JET_errOutOfMemory)
        r->failures++;
    return e == JET_errSuccess;
}

/* scenario -- the sweep's workload; stops at the first failure that makes the rest moot. */
static void scenario(struct run *r, uint64_t n)
{
    JET_ERR e;
    if (!oom_ok(r, JetCreateInstance(&r->inst, "oom_sweep"), "JetCreateInstance", n))
        return;
    r->created = 1;
    oom_ok(r, JetSetSystemParameter(&r->inst, 0, JET_paramMaxSessions, 8, NULL),
           "JetSetSystemParameter", n);
    if (!oom_ok(r, JetInit(&r->inst), "JetInit", n))
        return;
    r->inited = 1;
    for (int i = 0; i < NSES; i++) {
        r->ses[i] = 0;
        e = JetBeginSession(r->inst, &r->ses[i], NULL, NULL);
        if (oom_ok(r, e, "JetBeginSession", n))
            r->alive[i] = 1;
        else
            cr_assert_eq(r->ses[i], JET_sesidNil, "failed JetBeginSession must store JET_sesidNil");
    }
    for (int i = 0; i < NSES; i++) {
        if (!r->alive[i])
            continue;
        if (i == NSES - 1 && oom_ok(r, JetSetSessionContext(r->ses[i], 0x4242), "JetSetSessionContext", n))
            r->ctx[i] = 1;
        for (int l = 0; l < 2 * (i + 1); l++)
            if (!oom_ok(r, JetBeginTransaction(r->ses[i]), "JetBeginTransaction", n))
                break;
        if (r->ctx[i] && oom_ok(r, JetResetSessionContext(r->ses[i]), "JetResetSessionContext", n))
            r->ctx[i] = 0;
    }
    for (int i = 0; i < NSES; i++) {
        if (!r->alive[i])
            continue;
        e = JetEndSession(r->ses[i], 0);
        if (r->ctx[i]) {
            cr_assert_eq(e, JET_errSessionInUse, "fail_after(%llu): end with a context set: %d",
                         (unsigned long long)n, e);
            continue;
        }
        cr_assert_eq(e, JET_errSuccess, "fail_after(%llu): JetEndSession returned %d (6.1: never OOM)",
                     (unsigned long long)n, e);
        r->alive[i] = 0;
    }
    for (int i = 0; i < NSES; i++)
        if (r->alive[i])
            return; /* a context could not be reset: term would refuse; recover does it */
    if (oom_ok(r, JetTerm(r->inst), "JetTerm", n))
        r->termed = 1;
}

/* recover -- with memory back, the state the scenario left must be fully usable. */
static void recover(struct run *r, uint64_t n)
{
    JET_ERR e;
    JET_SESID s = JET_sesidNil;
    if (!r->created || r->termed) {
        r->inst = 0;
        cr_assert_eq(e = JetCreateInstance(&r->inst, "oom_sweep"), 0,
                     "fail_after(%llu): fresh create after the run: %d", (unsigned long long)n, e);
        r->created = 1;
        r->inited = 0;
    }
    if (!r->inited)
        cr_assert_eq(e = JetInit(&r->inst), 0, "fail_after(%llu): JetInit after the run: %d",
                     (unsigned long long)n, e);
    for (int i = 0; i < NSES; i++) {
        if (!r->alive[i])
            continue;
        if (r->ctx[i])
            cr_assert_eq(e = JetResetSessionContext(r->ses[i]), 0, "fail_after(%llu): reset: %d",
                         (unsigned long long)n, e);
        cr_assert_eq(e = JetEndSession(r->ses[i], 0), 0, "fail_after(%llu): end after run: %d",
                     (unsigned long long)n, e);
    }
    cr_assert_eq(e = JetBeginSession(r->inst, &s, NULL, NULL), 0,
                 "fail_after(%llu): JetBeginSession after the run: %d", (unsigned long long)n, e);
    cr_assert_eq(e = JetBeginTransaction(s), 0, "fail_after(%llu): txn after the run: %d",
                 (unsigned long long)n, e);
    cr_assert_eq(e = JetEndSession(s, 0), 0, "fail_after(%llu): end after the run: %d",
                 (unsigned long long)n, e);
    cr_assert_eq(e = JetTerm(r->inst), 0, "fail_after(%llu): JetTerm after the run: %d",
                 (unsigned long long)n, e);
}

Test(end_session_oom, sweep_failure_point)
{
    int64_t base = warm_up();

    /* How many allocations does the whole scenario attempt? */
    struct run full = {0};
    oe_alloc_count_start();
    scenario(&full, UINT64_MAX);
    uint64_t total = oe_alloc_attempts();
    oe_alloc_fail_reset();
    cr_assert(full.termed && full.failures == 0, "the scenario must complete with memory available");
    check_baseline(base, "after the counting run");

    uint64_t n;
    int clean_run = 0;
    for (n = 0; n <= total + 1 && !clean_run; n++) {
        struct run r = {0};
        oe_alloc_fail_after(n);
        scenario(&r, n);
        oe_alloc_fail_reset();
        clean_run = r.termed && r.failures == 0;
        if (!clean_run)
            recover(&r, n);
        char when[64];
        snprintf(when, sizeof when, "fail_after(%llu)", (unsigned long long)n);
        check_baseline(base, when);
    }
    fprintf(stderr, "end_session_oom: scenario attempts %llu allocations; swept failure points "
            "0..%llu\n", (unsigned long long)total, (unsigned long long)(n - 1));
    cr_assert(clean_run, "with failures from attempt %llu on, the scenario still failed",
              (unsigned long long)(total + 1));
}
