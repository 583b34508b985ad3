/*
 * test_instance_states.c -- the JetEndSession rows of ese-reference.md 6.1
 * that depend on the instance's state, including the ones the public API
 * cannot reach yet.
 *
 *   restoring     (oe_ins_set_restoring hook): JET_errRestoreInProgress; the
 *                 session and its transaction survive and work afterwards;
 *   unavailable   (oe_ins_mark_unavailable hook): JET_errInstanceUnavailable
 *                 from every call on the instance and its sessions, and
 *                 JetTerm still frees everything;
 *   terminating   a real race: thread A keeps its session inside calls
 *                 (begin/rollback, now and then end and begin anew) while the
 *                 test thread runs JetTerm on the instance. A may see only
 *                 0, JET_errTermInProgress, JET_errNotInitialized or
 *                 JET_errInvalidSesid (JetBeginSession: also the codes for a
 *                 dead or uninitialized instance); JetTerm may answer
 *                 JET_errTooManyActiveUsers when it catches A inside a
 *                 transaction, and is retried until it succeeds.
 */
#include <criterion/criterion.h>

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "esent.h"
#include "core/instance.h"
#include "sync/alloc.h"

/* start -- a created and initialized instance with one session. */
static void start(const char *name, JET_INSTANCE *inst, JET_SESID *s)
{
    JET_ERR e;
    *inst = 0;
    cr_assert_eq(e = JetCreateInstance(inst, name), 0, "create: %d", e);
    cr_assert_eq(e = JetInit(inst), 0, "init: %d", e);
    cr_assert_eq(e = JetBeginSession(*inst, s, NULL, NULL), 0, "begin session: %d", e);
}

Test(instance_states, restore_in_progress)
{
    JET_INSTANCE inst;
    JET_SESID s, idle;
    JET_ERR e;
    start("states_restore", &inst, &s);
    cr_assert_eq(e = JetBeginSession(inst, &idle, NULL, NULL), 0, "%d", e);
    cr_assert_eq(JetBeginTransaction(s), 0);
    cr_assert_eq(JetBeginTransaction(s), 0);

    cr_assert_eq(e = oe_ins_set_restoring(inst, 1), 0, "oe_ins_set_restoring(1): %d", e);
    cr_expect_eq(e = JetEndSession(s, 0), JET_errRestoreInProgress, "in a transaction: %d", e);
    cr_expect_eq(e = JetEndSession(idle, JET_bitForceSessionClosed), JET_errRestoreInProgress,
                 "idle: %d", e);
    cr_assert_eq(e = oe_ins_set_restoring(inst, 0), 0, "oe_ins_set_restoring(0): %d", e);

    /* Untouched: exactly two levels are still open. */
    cr_expect_eq(e = JetCommitTransaction(s, 0), 0, "level 2 survived: %d", e);
    cr_expect_eq(e = JetRollback(s, 0), 0, "level 1 survived: %d", e);
    cr_expect_eq(e = JetRollback(s, 0), JET_errNotInTransaction, "no third level: %d", e);
    cr_expect_eq(e = JetEndSession(s, 0), 0, "end after the restore: %d", e);
    cr_expect_eq(e = JetEndSession(idle, 0), 0, "end idle after the restore: %d", e);
    cr_expect_eq(e = JetEndSession(s, 0), JET_errInvalidSesid, "ended: %d", e);
    cr_assert_eq(e = JetTerm(inst), 0, "JetTerm: %d", e);
}

Test(instance_states, instance_unavailable)
{
    JET_INSTANCE inst;
    JET_SESID s, s2, other = JET_sesidNil;
    JET_ERR e;

    /* Warm-up cycle so that process-wide lazy state is not counted. */
    start("states_warm", &inst, &s);
    cr_assert_eq(JetEndSession(s, 0), 0);
    cr_assert_eq(JetTerm(inst), 0);
    int64_t base = oe_alloc_live_blocks();

    start("states_unavailable", &inst, &s);
    cr_assert_eq(e = JetBeginSession(inst, &s2, NULL, NULL), 0, "%d", e);
    cr_assert_eq(JetBeginTransaction(s2), 0);
    cr_assert_eq(e = oe_ins_mark_unavailable(inst), 0, "oe_ins_mark_unavailable: %d", e);

    cr_expect_eq(e = JetEndSession(s, 0), JET_errInstanceUnavailable, "end idle: %d", e);
    cr_expect_eq(e = JetEndSession(s2, 0), JET_errInstanceUnavailable, "end in txn: %d", e);
    cr_expect_eq(e = JetEndSession(s, 0), JET_errInstanceUnavailable, "end again: %d", e);
    cr_expect_eq(e = JetBeginTransaction(s), JET_errInstanceUnavailable, "begin txn: %d", e);
    cr_expect_eq(e = JetBeginSession(inst, &other, NULL, NULL), JET_errInstanceUnavailable,
                 "begin session: %d", e);
    cr_expect_eq(other, JET_sesidNil, "failed JetBeginSession stores JET_sesidNil");

    cr_assert_eq(e = JetTerm(inst), 0, "JetTerm of an unavailable instance: %d", e);
    cr_expect_eq(e = JetTerm(inst), JET_errInvalidInstance, "second JetTerm: %d", e);
    cr_expect_eq(e = JetEndSession(s, 0), JET_errNotInitialized, "session ended by JetTerm: %d", e);
    cr_expect_eq(e = JetEndSession(s2, 0), JET_errNotInitialized, "session ended by JetTerm: %d", e);
    int64_t live = oe_alloc_live_blocks();
    cr_expect_eq(live, base, "JetTerm freed %lld blocks too few", (long long)(live - base));
}

/* ------------------------------------------------ JetTerm racing with calls */

#define ROUNDS 200

/* Per-round shared state. */
struct race {
    JET_INSTANCE inst;     /* [imm] before thread A starts */
    JET_SESID first;       /* [imm] A's first session, begun by the test thread */
    /* Below: [owner] thread A until pthread_join. */
    unsigned long calls, term_in_progress, not_initialized, invalid_sesid, ends, rebegins;
    int bad;               /* first unexpected code (0: none) */
    const char *bad_call;
};

/* a_bad -- record the first code outside the allowed set. */
static void a_bad(struct race *r, const char *call, JET_ERR e)
{
    if (!r->bad) {
        r->bad = e ? e : 1;
        r->bad_call = call;
    }
}

/* a_session_code -- classify a session call's result; returns 1 if the session is gone. */
static int a_session_code(struct race *r, const char *call, JET_ERR e)
{
    r->calls++;
    switch (e) {
    case JET_errSuccess:
        return 0;
    case JET_errTermInProgress:
        r->term_in_progress++;
        sched_yield();
        return 0;
    case JET_errNotInitialized:
        r->not_initialized++;
        return 1;
    case JET_errInvalidSesid:
        r->invalid_sesid++;
        return 1;
    default:
        a_bad(r, call, e);
        return 1;
    }
}

/* thread_a -- keep a session inside calls until the instance is gone. */
static void *thread_a(void *arg)
{
    struct race *r = arg;
    JET_SESID s = r->first;
    for (unsigned long it = 0; !r->bad; it++) {
        JET_ERR e = JetBeginTransaction(s);
        if (a_session_code(r, "JetBeginTransaction", e))
            return NULL;
        while (e == JET_errSuccess) { /* roll back the level we own, whatever JetTerm does */
            JET_ERR rb = JetRollback(s, 0);
            if (a_session_code(r, "JetRollback", rb))
                return NULL;
            if (rb == JET_errSuccess)
                break;
        }
        if (it % 8 != 7)
            continue;
        e = JetEndSession(s, 0);
        if (a_session_code(r, "JetEndSession", e))
            return NULL;
        if (e != JET_errSuccess)
            continue;
        r->ends++;
        for (;;) { /* a new session, unless the instance is going or gone */
            s = JET_sesidNil;
            e = JetBeginSession(r->inst, &s, NULL, NULL);
            r->calls++;
            if (e == JET_errSuccess) {
                r->rebegins++;
                break;
            }
            if (e == JET_errTermInProgress) {
                r->term_in_progress++;
                sched_yield();
                continue;
            }
            /* The handle is dead (unknown instance) or names no initialized instance. */
            if (e != JET_errInvalidParameter && e != JET_errNotInitialized)
                a_bad(r, "JetBeginSession", e);
            return NULL;
        }
    }
    return NULL;
}

Test(instance_states, end_session_racing_term, .timeout = 60)
{
    unsigned long calls = 0, tip = 0, notinit = 0, invalid = 0, ends = 0, busy = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int round = 0; round < ROUNDS; round++) {
        struct race r = {0};
        JET_ERR e;
        start("states_race", &r.inst, &r.first);
        pthread_t a;
        cr_assert_eq(pthread_create(&a, NULL, thread_a, &r), 0);
        /* Let A run for 0..~300 us so JetTerm lands in every phase of its loop. */
        struct timespec nap = {0, (long)(round % 16) * 20000};
        nanosleep(&nap, NULL);
        unsigned long tries = 0;
        while ((e = JetTerm(r.inst)) == JET_errTooManyActiveUsers) {
            busy++;
            cr_assert_lt(++tries, 10000000UL, "round %d: JetTerm never succeeded", round);
            sched_yield();
        }
        cr_assert_eq(e, JET_errSuccess, "round %d: JetTerm returned %d", round, e);
        pthread_join(a, NULL);
        cr_assert_eq(r.bad, 0, "round %d: thread A: %s returned %d", round,
                     r.bad_call ? r.bad_call : "?", r.bad);
        calls += r.calls;
        tip += r.term_in_progress;
        notinit += r.not_initialized;
        invalid += r.invalid_sesid;
        ends += r.ends;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fprintf(stderr, "end_session_racing_term: %d rounds in %.2f s: thread A %lu calls (%lu "
            "TermInProgress, %lu NotInitialized, %lu InvalidSesid, %lu own ends); JetTerm "
            "TooManyActiveUsers %lu times\n",
            ROUNDS, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9,
            calls, tip, notinit, invalid, ends, busy);
}
