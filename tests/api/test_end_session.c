/*
 * test_end_session.c -- JetEndSession(sesid, grbit), one Test per row of
 * ese-reference.md table 6.1 that the public API can reach, plus extras.
 *
 * Rows NOT reachable from the public API (covered by white-box tests):
 *   TermInProgress (needs JetTerm parked mid-flight), RestoreInProgress
 *   (oe_ins_set_restoring), InstanceUnavailable (oe_ins_mark_unavailable),
 *   OutOfMemory/OutOfBuffers "never" (needs fault injection), and SessionInUse
 *   because another thread is parked INSIDE a call (only probed statistically
 *   by the race tests at the end of this file).
 */
#include <sched.h>
#include <stdatomic.h>

#include "api_helpers.h"

/* ---- row: JET_errSuccess ---- */

Test(end_session, row_success_idle_session)
{
    JET_INSTANCE inst = api_instance_new("ok");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    /* The handle is dead from then on. */
    API_CHECK(JetBeginTransaction(s), JET_errInvalidSesid);
    api_instance_term(inst);
}

Test(end_session, row_success_force_session_closed_bit)
{
    JET_INSTANCE inst = api_instance_new("force");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetEndSession(s, JET_bitForceSessionClosed), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errInvalidSesid);
    api_instance_term(inst);
}

Test(end_session, row_success_rolls_back_every_level)
{
    JET_INSTANCE inst = api_instance_new("levels");
    JET_SESID s = api_session_new(inst);
    for (int i = 0; i < 7; i++)
        API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    API_CHECK(JetRollback(s, 0), JET_errInvalidSesid);
    /* No transaction is left open: a plain JetTerm succeeds (not TooManyActiveUsers). */
    api_instance_term(inst);
}

Test(end_session, row_success_context_mode_transaction_without_context_set)
{
    /* Context-mode transaction whose context was reset: the caller may end it. */
    JET_INSTANCE inst = api_instance_new("ctxtxn");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetSetSessionContext(s, 0xABC), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetResetSessionContext(s), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errInvalidSesid);
    api_instance_term(inst);
}

Test(end_session, row_success_frees_a_quota_slot)
{
    JET_INSTANCE inst = api_instance_create("slot");
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 1, NULL), JET_errSuccess);
    API_CHECK(JetInit(&inst), JET_errSuccess);
    JET_SESID s = api_session_new(inst), extra;
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetBeginSession(inst, &extra, NULL, NULL), JET_errOutOfSessions);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    s = api_session_new(inst);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

/* ---- row: JET_errInvalidParameter ---- */

Test(end_session, row_invalid_parameter_bad_grbit_leaves_session_untouched)
{
    JET_INSTANCE inst = api_instance_new("grbit");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    const JET_GRBIT bad[] = {0x2, 0x3, 0x4, 0x100, 0x80000000u, 0xffffffffu};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        API_CHECK(JetEndSession(s, bad[i]), JET_errInvalidParameter);
    /* Untouched: still at level 2. */
    API_CHECK(JetCommitTransaction(s, 0), JET_errSuccess);
    API_CHECK(JetCommitTransaction(s, 0), JET_errSuccess);
    API_CHECK(JetCommitTransaction(s, 0), JET_errNotInTransaction);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(end_session, row_invalid_parameter_checked_after_the_handle)
{
    JET_INSTANCE inst = api_instance_new("grbitorder");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0x2), JET_errInvalidSesid);
    API_CHECK(JetEndSession(0, 0x2), JET_errInvalidSesid);
    API_CHECK(JetEndSession(JET_sesidNil, 0xffffffffu), JET_errInvalidSesid);
    api_instance_term(inst);
    API_CHECK(JetEndSession(s, 0x2), JET_errNotInitialized);
}

/* ---- row: JET_errInvalidSesid ---- */

Test(end_session, row_invalid_sesid_zero_and_nil)
{
    JET_INSTANCE inst = api_instance_new("nil");
    API_CHECK(JetEndSession(0, 0), JET_errInvalidSesid);
    API_CHECK(JetEndSession(JET_sesidNil, 0), JET_errInvalidSesid);
    API_CHECK(JetEndSession(0, JET_bitForceSessionClosed), JET_errInvalidSesid);
    api_instance_term(inst);
}

Test(end_session, row_invalid_sesid_forged_random, .timeout = 30)
{
    JET_INSTANCE inst = api_instance_new("forged");
    JET_SESID live = api_session_new(inst);
    uint64_t rng = 0xE5E5E5E5ull;
    for (int i = 0; i < 10000; i++) {
        JET_SESID h = (JET_SESID)api_rng_next(&rng);
        if (h == live)
            continue;
        API_CHECK(JetEndSession(h, i & 1), JET_errInvalidSesid);
    }
    API_CHECK(JetEndSession(live, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(end_session, row_invalid_sesid_double_end)
{
    JET_INSTANCE inst = api_instance_new("double");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errInvalidSesid);
    API_CHECK(JetEndSession(s, JET_bitForceSessionClosed), JET_errInvalidSesid);
    api_instance_term(inst);
}

Test(end_session, row_invalid_sesid_stale_after_slot_reuse)
{
    JET_INSTANCE inst = api_instance_new("reuse");
    JET_SESID old = api_session_new(inst);
    API_CHECK(JetEndSession(old, 0), JET_errSuccess);
    JET_SESID fresh[8];
    for (int i = 0; i < 8; i++)
        fresh[i] = api_session_new(inst);
    API_CHECK(JetEndSession(old, 0), JET_errInvalidSesid);
    for (int i = 0; i < 8; i++)
        API_CHECK(JetEndSession(fresh[i], 0), JET_errSuccess);
    api_instance_term(inst);
}

/* ---- row: JET_errNotInitialized ---- */

Test(end_session, row_not_initialized_after_term)
{
    JET_INSTANCE inst = api_instance_new("termed");
    JET_SESID s = api_session_new(inst);
    api_instance_term(inst);
    API_CHECK(JetEndSession(s, 0), JET_errNotInitialized);
    API_CHECK(JetEndSession(s, 0), JET_errNotInitialized);
}

Test(end_session, row_not_initialized_after_term_with_other_instance_alive)
{
    JET_INSTANCE keep = api_instance_new("keep");
    JET_INSTANCE inst = api_instance_new("termed");
    JET_SESID s = api_session_new(inst);
    api_instance_term(inst);
    API_CHECK(JetEndSession(s, 0), JET_errNotInitialized);
    api_instance_term(keep);
}

Test(end_session, row_not_initialized_when_no_instance_initialized)
{
    API_CHECK(JetEndSession((JET_SESID)0x123456, 0), JET_errNotInitialized);
    API_CHECK(JetEndSession(0, 0), JET_errNotInitialized);
}

/* ---- row: JET_errClientRequestToStopJetService ---- */

Test(end_session, row_stop_service_session_stays_as_it_was)
{
    JET_INSTANCE inst = api_instance_new("stop");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetStopServiceInstance(inst), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errClientRequestToStopJetService);
    API_CHECK(JetEndSession(s, JET_bitForceSessionClosed), JET_errClientRequestToStopJetService);
    /* Stayed at level 2; rollback still works after a stop. */
    API_CHECK(JetRollback(s, 0), JET_errSuccess);
    API_CHECK(JetRollback(s, 0), JET_errSuccess);
    API_CHECK(JetRollback(s, 0), JET_errNotInTransaction);
    API_CHECK(JetEndSession(s, 0), JET_errClientRequestToStopJetService);
    API_CHECK(JetTerm(inst), JET_errSuccess);
}

Test(end_session, row_stop_service2_all_and_emit_log)
{
    const JET_GRBIT modes[] = {JET_bitStopServiceAll, JET_bitStopServiceStopAndEmitLog};
    for (size_t i = 0; i < 2; i++) {
        JET_INSTANCE inst = api_instance_new("stop2");
        JET_SESID s = api_session_new(inst);
        API_CHECK(JetSetSessionContext(s, 0x77), JET_errSuccess);
        API_CHECK(JetStopServiceInstance2(inst, modes[i]), JET_errSuccess);
        API_CHECK(JetEndSession(s, 0), JET_errClientRequestToStopJetService);
        API_CHECK(JetResetSessionContext(s), JET_errSuccess);
        API_CHECK(JetEndSession(s, 0), JET_errClientRequestToStopJetService);
        API_CHECK(JetTerm(inst), JET_errSuccess);
        API_CHECK(JetEndSession(s, 0), JET_errNotInitialized);
    }
}

Test(end_session, resumable_stop_does_not_block_end_session)
{
    JET_INSTANCE inst = api_instance_new("stopbg");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetStopServiceInstance2(inst, JET_bitStopServiceBackgroundUserTasks |
                                                JET_bitStopServiceQuiesceCaches),
              JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

/* ---- row: JET_errSessionInUse ---- */

Test(end_session, row_session_in_use_context_set_by_caller)
{
    JET_INSTANCE inst = api_instance_new("ctxself");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetSetSessionContext(s, 0x51), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSessionInUse);
    API_CHECK(JetEndSession(s, JET_bitForceSessionClosed), JET_errSessionInUse);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess); /* session survives */
    API_CHECK(JetCommitTransaction(s, 0), JET_errSuccess);
    API_CHECK(JetResetSessionContext(s), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(end_session, row_session_in_use_context_set_by_other_thread)
{
    JET_INSTANCE inst = api_instance_new("ctxother");
    JET_SESID s = api_session_new(inst);
    struct api_worker a;
    api_worker_start(&a);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_SET_CTX, s, 0x52), JET_errSuccess, "A: set ctx");
    API_CHECK(JetEndSession(s, 0), JET_errSessionInUse);
    /* A's context and the session survive; A can still use it. */
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: begin");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_COMMIT, s, 0), JET_errSuccess, "A: commit");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_RESET_CTX, s, 0), JET_errSuccess, "A: reset");
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_worker_stop(&a);
    api_instance_term(inst);
}

Test(end_session, row_session_in_use_transaction_owned_by_other_thread)
{
    JET_INSTANCE inst = api_instance_new("txnother");
    JET_SESID s = api_session_new(inst);
    struct api_worker a;
    api_worker_start(&a);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: begin");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: begin 2");
    API_CHECK(JetEndSession(s, 0), JET_errSessionInUse);
    API_CHECK(JetEndSession(s, JET_bitForceSessionClosed), JET_errSessionInUse);
    /* The transaction survives untouched: A still owns two levels. */
    API_EXPECT_ERR(api_worker_do(&a, API_OP_COMMIT, s, 0), JET_errSuccess, "A: commit 2");
    API_CHECK(JetEndSession(s, 0), JET_errSessionInUse);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_ROLLBACK, s, 0), JET_errSuccess, "A: rollback 1");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_ROLLBACK, s, 0), JET_errNotInTransaction,
                   "A: rollback at level 0");
    /* Level 0: anyone may end it. */
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_worker_stop(&a);
    api_instance_term(inst);
}

Test(end_session, row_session_in_use_context_mode_txn_held_by_other_thread)
{
    JET_INSTANCE inst = api_instance_new("ctxtxnother");
    JET_SESID s = api_session_new(inst);
    struct api_worker a;
    api_worker_start(&a);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_SET_CTX, s, 0x53), JET_errSuccess, "A: set ctx");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: begin");
    API_CHECK(JetEndSession(s, 0), JET_errSessionInUse);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_ROLLBACK, s, 0), JET_errSuccess, "A: rollback");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_RESET_CTX, s, 0), JET_errSuccess, "A: reset");
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_worker_stop(&a);
    api_instance_term(inst);
}

/* ---- extras ---- */

Test(end_session, end_on_other_thread_at_level_zero)
{
    JET_INSTANCE inst = api_instance_new("otherthread");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetCommitTransaction(s, 0), JET_errSuccess);
    struct api_worker b;
    api_worker_start(&b);
    API_EXPECT_ERR(api_worker_do(&b, API_OP_END_SESSION, s, 0), JET_errSuccess, "B: end");
    API_CHECK(JetEndSession(s, 0), JET_errInvalidSesid);
    api_worker_stop(&b);
    api_instance_term(inst);
}

Test(end_session, owner_thread_ends_its_own_transaction)
{
    JET_INSTANCE inst = api_instance_new("ownerend");
    JET_SESID s = api_session_new(inst);
    struct api_worker a;
    api_worker_start(&a);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: begin");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_END_SESSION, s, 0), JET_errSuccess, "A: end");
    API_CHECK(JetRollback(s, 0), JET_errInvalidSesid);
    api_worker_stop(&a);
    api_instance_term(inst); /* nothing left open */
}

Test(end_session, ending_one_session_leaves_others_alone)
{
    JET_INSTANCE inst = api_instance_new("others");
    JET_SESID a = api_session_new(inst);
    JET_SESID b = api_session_new(inst);
    API_CHECK(JetBeginTransaction(b), JET_errSuccess);
    API_CHECK(JetSetSessionContext(b, 0x9), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a), JET_errSuccess);
    API_CHECK(JetEndSession(a, 0), JET_errSuccess);
    API_CHECK(JetCommitTransaction(b, 0), JET_errSuccess);
    API_CHECK(JetResetSessionContext(b), JET_errSuccess);
    API_CHECK(JetEndSession(b, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(end_session, context_left_set_by_exited_thread_blocks_end_but_not_term)
{
    JET_INSTANCE inst = api_instance_new("orphanctx");
    JET_SESID s = api_session_new(inst);
    struct api_worker a;
    api_worker_start(&a);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_SET_CTX, s, 0x61), JET_errSuccess, "A: set");
    api_worker_stop(&a); /* A exits without resetting */
    API_CHECK(JetEndSession(s, 0), JET_errSessionInUse);
    API_CHECK(JetResetSessionContext(s), JET_errSessionContextNotSetByThisThread);
    /* JetTerm still ends every session: nothing is stranded. */
    API_CHECK(JetTerm(inst), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errNotInitialized);
}

/* Two threads end the same idle session at once: exactly one wins. */
struct end_racer {
    JET_SESID sesid;
    atomic_int *go; /* [atomic acq/rel] released by the test thread */
    JET_ERR err;    /* [owner] the racer; read after join */
};

/* end_racer_main -- wait for the start flag, then JetEndSession once. */
static void *end_racer_main(void *p)
{
    struct end_racer *r = p;
    while (!atomic_load_explicit(r->go, memory_order_acquire))
        ;
    r->err = JetEndSession(r->sesid, 0);
    return NULL;
}

Test(end_session, race_two_threads_end_the_same_session, .timeout = 30)
{
    JET_INSTANCE inst = api_instance_new("doubleend");
    for (int round = 0; round < 200; round++) {
        JET_SESID s = api_session_new(inst);
        atomic_int go;
        atomic_init(&go, 0);
        struct end_racer r[2] = {{.sesid = s, .go = &go}, {.sesid = s, .go = &go}};
        pthread_t t[2];
        for (int i = 0; i < 2; i++)
            cr_assert_eq(pthread_create(&t[i], NULL, end_racer_main, &r[i]), 0);
        atomic_store_explicit(&go, 1, memory_order_release);
        for (int i = 0; i < 2; i++)
            pthread_join(t[i], NULL);
        int wins = (r[0].err == JET_errSuccess) + (r[1].err == JET_errSuccess);
        cr_assert_eq(wins, 1, "round %d: results %d (%s) and %d (%s)", round, (int)r[0].err,
                     api_err_name(r[0].err), (int)r[1].err, api_err_name(r[1].err));
        JET_ERR loser = r[0].err == JET_errSuccess ? r[1].err : r[0].err;
        cr_assert(loser == JET_errInvalidSesid || loser == JET_errSessionInUse,
                  "round %d: loser got %d (%s)", round, (int)loser, api_err_name(loser));
        API_CHECK(JetEndSession(s, 0), JET_errInvalidSesid);
    }
    api_instance_term(inst);
}

/*
 * Race: a worker hammers Begin/Rollback on a session while the test thread
 * keeps trying to end it. EndSession may only answer SessionInUse (worker owns a
 * transaction or is inside a call) until it succeeds; the worker may only see
 * Success, SessionSharingViolation (test thread inside EndSession) or, once the
 * session is gone, InvalidSesid.
 */
struct hammer {
    JET_SESID sesid;
    atomic_int stop;   /* [atomic acq/rel] set by the test thread after EndSession won */
    atomic_long iters; /* [atomic relaxed] worker progress; only paces the test thread */
    atomic_int exited; /* [atomic acq/rel] set by the worker when it leaves its loop */
    int bad;           /* [owner] worker-only until join */
    JET_ERR bad_err;
    long begins_ok;
    int saw_invalid;
};

/* hammer_main -- worker: Begin; on success Rollback until it stops conflicting. */
static void *hammer_main(void *p)
{
    struct hammer *h = p;
    while (!atomic_load_explicit(&h->stop, memory_order_acquire)) {
        atomic_fetch_add_explicit(&h->iters, 1, memory_order_relaxed);
        JET_ERR err = JetBeginTransaction(h->sesid);
        if (err == JET_errInvalidSesid) {
            h->saw_invalid = 1;
            break;
        }
        if (err == JET_errSessionSharingViolation)
            continue;
        if (err != JET_errSuccess) {
            h->bad++;
            h->bad_err = err;
            break;
        }
        h->begins_ok++;
        do
            err = JetRollback(h->sesid, 0);
        while (err == JET_errSessionSharingViolation);
        if (err != JET_errSuccess) {
            h->bad++;
            h->bad_err = err;
            break;
        }
    }
    atomic_store_explicit(&h->exited, 1, memory_order_release);
    return NULL;
}

Test(end_session, race_end_against_owner_hammering, .timeout = 30)
{
    JET_INSTANCE inst = api_instance_new("race");
    for (int round = 0; round < 20; round++) {
        struct hammer h = {.sesid = api_session_new(inst)};
        atomic_init(&h.stop, 0);
        atomic_init(&h.iters, 0);
        atomic_init(&h.exited, 0);
        pthread_t t;
        cr_assert_eq(pthread_create(&t, NULL, hammer_main, &h), 0);
        /* Let the worker get going so the ends really race with its transactions. */
        while (atomic_load_explicit(&h.iters, memory_order_relaxed) < 200 &&
               !atomic_load_explicit(&h.exited, memory_order_acquire))
            sched_yield();
        JET_ERR err;
        long in_use = 0;
        while ((err = JetEndSession(h.sesid, 0)) == JET_errSessionInUse)
            in_use++;
        atomic_store_explicit(&h.stop, 1, memory_order_release);
        pthread_join(t, NULL);
        API_EXPECT_ERR(err, JET_errSuccess, "EndSession during the race");
        if (round == 0)
            cr_log_info("round 0: %ld SessionInUse before the end, worker won %ld txns",
                        in_use, h.begins_ok);
        cr_assert_eq(h.bad, 0, "worker saw %d (%s)", (int)h.bad_err, api_err_name(h.bad_err));
        API_CHECK(JetEndSession(h.sesid, 0), JET_errInvalidSesid);
    }
    /* Every transaction the worker opened was closed: a plain term succeeds. */
    api_instance_term(inst);
}
