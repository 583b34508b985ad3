/*
 * test_ownership.c -- the cross-thread rules of ese-reference.md 6.2 and the
 * lead's "Ownership" decisions, with real threads (api_worker from
 * api_helpers.h: the test thread and one or two workers take turns, so every
 * step is deterministic).
 *
 * Rules tested (one Test each, plus a race):
 *   R1 context set by thread A: from any other thread every session API fails
 *      (SessionSharingViolation; EndSession SessionInUse; Set AlreadySet;
 *      Reset NotSetByThisThread); from A everything works.
 *   R2 a transaction begun at level 0 (no context) is owned by the beginning
 *      thread until level 0: commit/rollback/nested begin/dup from another
 *      thread -> SessionSharingViolation; EndSession -> SessionInUse.
 *   R3 at level 0 with no context any thread may use the session, serially.
 *   R4 a context-mode transaction is owned by the context value: migration by
 *      Reset on the old thread and Set of the SAME value on the new one.
 *   R5 setting a DIFFERENT value on the new thread does not take ownership.
 *   R6 without any context set, a context-mode transaction belongs to nobody
 *      in the thread sense: plain calls from another thread are refused.
 *   Race: two threads hammer Begin (sometimes nested) then Rollback or Commit
 *      on one session; every result is Success or SessionSharingViolation.
 * Not reachable here: "another thread is parked inside a call" (needs a hook in
 * the engine); the race probes it statistically.
 */
#include <sched.h>
#include <stdatomic.h>

#include "api_helpers.h"

/* ---- R1: context set by another thread ---- */

Test(ownership, r1_context_of_other_thread_blocks_every_api)
{
    JET_INSTANCE inst = api_instance_new("r1");
    JET_SESID s = api_session_new(inst);
    struct api_worker a;
    api_worker_start(&a);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_SET_CTX, s, 0x1111), JET_errSuccess, "A: set");

    JET_SESID d = 0x5;
    API_CHECK(JetBeginTransaction(s), JET_errSessionSharingViolation);
    API_CHECK(JetBeginTransaction2(s, JET_bitTransactionReadOnly), JET_errSessionSharingViolation);
    API_CHECK(JetBeginTransaction3(s, 42, 0), JET_errSessionSharingViolation);
    API_CHECK(JetCommitTransaction(s, 0), JET_errSessionSharingViolation);
    API_CHECK(JetCommitTransaction2(s, 0, 0, NULL), JET_errSessionSharingViolation);
    API_CHECK(JetRollback(s, 0), JET_errSessionSharingViolation);
    API_CHECK(JetDupSession(s, &d), JET_errSessionSharingViolation);
    API_CHECK(JetEndSession(s, 0), JET_errSessionInUse);
    API_CHECK(JetSetSessionContext(s, 0x1111), JET_errSessionContextAlreadySet);
    API_CHECK(JetSetSessionContext(s, 0x2222), JET_errSessionContextAlreadySet);
    API_CHECK(JetResetSessionContext(s), JET_errSessionContextNotSetByThisThread);

    /* A third thread is refused the same way. */
    struct api_worker c;
    api_worker_start(&c);
    API_EXPECT_ERR(api_worker_do(&c, API_OP_BEGIN_TXN, s, 0), JET_errSessionSharingViolation,
                   "C: begin");
    API_EXPECT_ERR(api_worker_do(&c, API_OP_RESET_CTX, s, 0),
                   JET_errSessionContextNotSetByThisThread, "C: reset");

    /* From A everything works. */
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: begin");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: nested");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_COMMIT, s, 0), JET_errSuccess, "A: commit");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_ROLLBACK, s, 0), JET_errSuccess, "A: rollback");
    JET_API_PTR dup = 0;
    API_EXPECT_ERR(api_worker_do_out(&a, API_OP_DUP, s, 0, &dup), JET_errSuccess, "A: dup");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_SET_CTX, s, 0x1111), JET_errSessionContextAlreadySet,
                   "A: set again");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_END_SESSION, s, 0), JET_errSessionInUse,
                   "A: end with own context set");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_RESET_CTX, s, 0), JET_errSuccess, "A: reset");

    /* Released: the test thread may use the session again. */
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetCommitTransaction(s, 0), JET_errSuccess);
    API_CHECK(JetEndSession((JET_SESID)dup, 0), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_worker_stop(&c);
    api_worker_stop(&a);
    api_instance_term(inst);
}

Test(ownership, r1_context_holder_can_move_by_reset_then_set)
{
    JET_INSTANCE inst = api_instance_new("r1move");
    JET_SESID s = api_session_new(inst);
    struct api_worker a, b;
    api_worker_start(&a);
    api_worker_start(&b);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_SET_CTX, s, 0x31), JET_errSuccess, "A: set");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_SET_CTX, s, 0x32), JET_errSessionContextAlreadySet,
                   "B: set while A holds");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_RESET_CTX, s, 0), JET_errSuccess, "A: reset");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_SET_CTX, s, 0x32), JET_errSuccess, "B: set");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSessionSharingViolation,
                   "A: begin while B holds");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_RESET_CTX, s, 0),
                   JET_errSessionContextNotSetByThisThread, "A: reset B's context");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "B: begin");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_COMMIT, s, 0), JET_errSuccess, "B: commit");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_RESET_CTX, s, 0), JET_errSuccess, "B: reset");
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_worker_stop(&a);
    api_worker_stop(&b);
    api_instance_term(inst);
}

/* ---- R2: transaction owned by the beginning thread ---- */

Test(ownership, r2_transaction_owned_by_beginning_thread)
{
    JET_INSTANCE inst = api_instance_new("r2");
    JET_SESID s = api_session_new(inst);
    struct api_worker a;
    api_worker_start(&a);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: begin");

    JET_SESID d = 0x5;
    API_CHECK(JetBeginTransaction(s), JET_errSessionSharingViolation);
    API_CHECK(JetBeginTransaction2(s, 0), JET_errSessionSharingViolation);
    API_CHECK(JetCommitTransaction(s, 0), JET_errSessionSharingViolation);
    API_CHECK(JetCommitTransaction2(s, JET_bitCommitLazyFlush, 0, NULL),
              JET_errSessionSharingViolation);
    API_CHECK(JetRollback(s, 0), JET_errSessionSharingViolation);
    API_CHECK(JetRollback(s, JET_bitRollbackAll), JET_errSessionSharingViolation);
    API_CHECK(JetDupSession(s, &d), JET_errSessionSharingViolation);
    API_CHECK(JetEndSession(s, 0), JET_errSessionInUse);

    /* The owner is unaffected: still level 1, nesting works. */
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: nested");
    API_CHECK(JetCommitTransaction(s, 0), JET_errSessionSharingViolation); /* still owned */
    API_EXPECT_ERR(api_worker_do(&a, API_OP_COMMIT, s, 0), JET_errSuccess, "A: commit 2->1");
    API_CHECK(JetRollback(s, 0), JET_errSessionSharingViolation); /* level 1: still owned */
    API_EXPECT_ERR(api_worker_do(&a, API_OP_COMMIT, s, 0), JET_errSuccess, "A: commit 1->0");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_COMMIT, s, 0), JET_errNotInTransaction,
                   "A: commit at 0");

    /* Level 0: ownership released, the test thread may begin its own. */
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_ROLLBACK, s, 0), JET_errSessionSharingViolation,
                   "A: rollback of the test thread's txn");
    API_CHECK(JetRollback(s, 0), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_worker_stop(&a);
    api_instance_term(inst);
}

Test(ownership, r2_owner_released_by_rollback_all)
{
    JET_INSTANCE inst = api_instance_new("r2rball");
    JET_SESID s = api_session_new(inst);
    struct api_worker a;
    api_worker_start(&a);
    for (int i = 0; i < 4; i++)
        API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: begin");
    API_CHECK(JetRollback(s, JET_bitRollbackAll), JET_errSessionSharingViolation);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_ROLLBACK, s, JET_bitRollbackAll), JET_errSuccess,
                   "A: rollback all");
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetCommitTransaction(s, 0), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_worker_stop(&a);
    api_instance_term(inst);
}

Test(ownership, r2_owned_transaction_refuses_context_from_other_thread)
{
    /* JetSetSessionContext is a session API too: refused while another thread owns the txn. */
    JET_INSTANCE inst = api_instance_new("r2ctx");
    JET_SESID s = api_session_new(inst);
    struct api_worker a;
    api_worker_start(&a);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: begin");
    API_CHECK(JetSetSessionContext(s, 0x44), JET_errSessionSharingViolation);
    API_CHECK(JetCommitTransaction(s, 0), JET_errSessionSharingViolation);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_COMMIT, s, 0), JET_errSuccess, "A: commit");
    /* Level 0 again: the context can now be set from this thread. */
    API_CHECK(JetSetSessionContext(s, 0x44), JET_errSuccess);
    API_CHECK(JetResetSessionContext(s), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_worker_stop(&a);
    api_instance_term(inst);
}

/* ---- R3: level 0, no context: any thread, one at a time ---- */

Test(ownership, r3_level_zero_any_thread_serially)
{
    JET_INSTANCE inst = api_instance_new("r3");
    JET_SESID s = api_session_new(inst);
    struct api_worker w[3];
    for (int i = 0; i < 3; i++)
        api_worker_start(&w[i]);
    for (int round = 0; round < 30; round++) {
        struct api_worker *t = &w[round % 3];
        API_EXPECT_ERR(api_worker_do(t, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "begin");
        API_EXPECT_ERR(api_worker_do(t, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "nested");
        API_EXPECT_ERR(api_worker_do(t, API_OP_COMMIT, s, 0), JET_errSuccess, "commit");
        API_EXPECT_ERR(api_worker_do(t, (round & 1) ? API_OP_COMMIT : API_OP_ROLLBACK, s, 0),
                       JET_errSuccess, "end txn");
    }
    JET_API_PTR dup = 0;
    API_EXPECT_ERR(api_worker_do_out(&w[1], API_OP_DUP, s, 0, &dup), JET_errSuccess, "dup");
    API_EXPECT_ERR(api_worker_do(&w[2], API_OP_END_SESSION, (JET_SESID)dup, 0), JET_errSuccess,
                   "end dup on a third thread");
    API_EXPECT_ERR(api_worker_do(&w[0], API_OP_END_SESSION, s, 0), JET_errSuccess, "end");
    for (int i = 0; i < 3; i++)
        api_worker_stop(&w[i]);
    api_instance_term(inst);
}

Test(ownership, r3_session_begun_on_one_thread_used_on_another)
{
    JET_INSTANCE inst = api_instance_new("r3begin");
    struct api_worker a;
    api_worker_start(&a);
    JET_API_PTR s = 0;
    API_EXPECT_ERR(api_worker_do_out(&a, API_OP_BEGIN_SESSION, (JET_SESID)inst, 0, &s),
                   JET_errSuccess, "A: begin session");
    API_CHECK(JetBeginTransaction((JET_SESID)s), JET_errSuccess);
    API_CHECK(JetCommitTransaction((JET_SESID)s, 0), JET_errSuccess);
    API_CHECK(JetEndSession((JET_SESID)s, 0), JET_errSuccess);
    api_worker_stop(&a);
    api_instance_term(inst);
}

/* ---- R4: migration of a context-mode transaction ---- */

Test(ownership, r4_migration_with_the_same_context_value)
{
    JET_INSTANCE inst = api_instance_new("r4");
    JET_SESID s = api_session_new(inst);
    struct api_worker a, b;
    api_worker_start(&a);
    api_worker_start(&b);
    const JET_API_PTR C = 0xC0C0;
    API_EXPECT_ERR(api_worker_do(&a, API_OP_SET_CTX, s, C), JET_errSuccess, "A: set C");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: begin");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_RESET_CTX, s, 0), JET_errSuccess, "A: reset");

    API_EXPECT_ERR(api_worker_do(&b, API_OP_SET_CTX, s, C), JET_errSuccess, "B: set C");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "B: nested");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_ROLLBACK, s, 0), JET_errSuccess, "B: rollback 2");
    /* While B holds C, A and the test thread are refused. */
    API_EXPECT_ERR(api_worker_do(&a, API_OP_COMMIT, s, 0), JET_errSessionSharingViolation,
                   "A: commit while B holds C");
    API_CHECK(JetCommitTransaction(s, 0), JET_errSessionSharingViolation);
    API_EXPECT_ERR(api_worker_do(&b, API_OP_COMMIT, s, 0), JET_errSuccess, "B: commit 1");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_COMMIT, s, 0), JET_errNotInTransaction,
                   "B: commit at 0");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_RESET_CTX, s, 0), JET_errSuccess, "B: reset");
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_worker_stop(&a);
    api_worker_stop(&b);
    api_instance_term(inst);
}

Test(ownership, r4_migration_back_and_forth)
{
    JET_INSTANCE inst = api_instance_new("r4ping");
    JET_SESID s = api_session_new(inst);
    struct api_worker w[2];
    api_worker_start(&w[0]);
    api_worker_start(&w[1]);
    const JET_API_PTR C = 0x77;
    API_EXPECT_ERR(api_worker_do(&w[0], API_OP_SET_CTX, s, C), JET_errSuccess, "set");
    API_EXPECT_ERR(api_worker_do(&w[0], API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "begin");
    API_EXPECT_ERR(api_worker_do(&w[0], API_OP_RESET_CTX, s, 0), JET_errSuccess, "reset");
    for (int i = 1; i <= 5; i++) {
        struct api_worker *t = &w[i % 2];
        API_EXPECT_ERR(api_worker_do(t, API_OP_SET_CTX, s, C), JET_errSuccess, "set");
        API_EXPECT_ERR(api_worker_do(t, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "nest");
        API_EXPECT_ERR(api_worker_do(t, API_OP_RESET_CTX, s, 0), JET_errSuccess, "reset");
    }
    /* Level 6 now: the main thread takes C and unwinds everything. */
    API_CHECK(JetSetSessionContext(s, C), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess); /* level 7 */
    API_CHECK(JetBeginTransaction(s), JET_errTransTooDeep);
    API_CHECK(JetRollback(s, JET_bitRollbackAll), JET_errSuccess);
    API_CHECK(JetRollback(s, 0), JET_errNotInTransaction);
    API_CHECK(JetResetSessionContext(s), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_worker_stop(&w[0]);
    api_worker_stop(&w[1]);
    api_instance_term(inst);
}

/* ---- R5: a different context value does not own the transaction ---- */

Test(ownership, r5_different_context_value_is_sharing_violation)
{
    JET_INSTANCE inst = api_instance_new("r5");
    JET_SESID s = api_session_new(inst);
    struct api_worker a, b;
    api_worker_start(&a);
    api_worker_start(&b);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_SET_CTX, s, 0xAAAA), JET_errSuccess, "A: set C");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: begin");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_RESET_CTX, s, 0), JET_errSuccess, "A: reset");

    API_EXPECT_ERR(api_worker_do(&b, API_OP_SET_CTX, s, 0xBBBB), JET_errSuccess, "B: set D");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_COMMIT, s, 0), JET_errSessionSharingViolation,
                   "B: commit under D");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_ROLLBACK, s, 0), JET_errSessionSharingViolation,
                   "B: rollback under D");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_BEGIN_TXN, s, 0), JET_errSessionSharingViolation,
                   "B: nested begin under D");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_RESET_CTX, s, 0), JET_errSuccess, "B: reset");
    /* The same thread with the right value succeeds. */
    API_EXPECT_ERR(api_worker_do(&b, API_OP_SET_CTX, s, 0xAAAA), JET_errSuccess, "B: set C");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_COMMIT, s, 0), JET_errSuccess, "B: commit under C");
    API_EXPECT_ERR(api_worker_do(&b, API_OP_RESET_CTX, s, 0), JET_errSuccess, "B: reset");
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_worker_stop(&a);
    api_worker_stop(&b);
    api_instance_term(inst);
}

/* ---- R6: context-mode transaction with no context set ---- */

Test(ownership, r6_context_mode_txn_refuses_plain_thread_calls)
{
    JET_INSTANCE inst = api_instance_new("r6");
    JET_SESID s = api_session_new(inst);
    struct api_worker a;
    api_worker_start(&a);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_SET_CTX, s, 0x66), JET_errSuccess, "A: set");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_BEGIN_TXN, s, 0), JET_errSuccess, "A: begin");
    API_EXPECT_ERR(api_worker_do(&a, API_OP_RESET_CTX, s, 0), JET_errSuccess, "A: reset");
    /* The transaction belongs to the value 0x66, not to any thread. */
    API_CHECK(JetCommitTransaction(s, 0), JET_errSessionSharingViolation);
    API_CHECK(JetBeginTransaction(s), JET_errSessionSharingViolation);
    API_EXPECT_ERR(api_worker_do(&a, API_OP_COMMIT, s, 0), JET_errSessionSharingViolation,
                   "A without the context");
    /* EndSession is the exception: it rolls the transaction back and succeeds. */
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_worker_stop(&a);
    api_instance_term(inst);
}

/* ---- race: two threads hammer Begin/Rollback on one session ---- */

#define HAMMER_ITERS 20000

struct racer {
    JET_SESID sesid;
    atomic_int *go; /* [atomic acq/rel] released by the test thread */
    long ok_begin;  /* [owner] the racer; read by the test thread after join */
    long ssv;
    long bad;
    JET_ERR bad_err;
    const char *bad_op;
};

/*
 * racer_main -- Begin (sometimes nested twice); on success unwind with
 * Rollback/Commit, retrying while refused. The sched_yield() at level 0 opens
 * a window for the other racer, so both threads win some transactions.
 */
static void *racer_main(void *p)
{
    struct racer *r = p;
    while (!atomic_load_explicit(r->go, memory_order_acquire))
        ;
    for (int i = 0; i < HAMMER_ITERS && !r->bad; i++) {
        JET_ERR err = JetBeginTransaction(r->sesid);
        if (err == JET_errSessionSharingViolation) {
            r->ssv++;
            continue;
        }
        if (err != JET_errSuccess) {
            r->bad++, r->bad_err = err, r->bad_op = "begin";
            break;
        }
        r->ok_begin++;
        int levels = 1;
        if (i & 1) {
            /* Nested begin by the owner: refused only while the other racer is in a call. */
            while ((err = JetBeginTransaction(r->sesid)) == JET_errSessionSharingViolation)
                r->ssv++;
            if (err != JET_errSuccess) {
                r->bad++, r->bad_err = err, r->bad_op = "nested begin";
                break;
            }
            levels = 2;
        }
        for (; levels > 0; levels--) {
            do {
                err = (i & 2) ? JetCommitTransaction(r->sesid, 0) : JetRollback(r->sesid, 0);
                if (err == JET_errSessionSharingViolation)
                    r->ssv++;
            } while (err == JET_errSessionSharingViolation);
            if (err != JET_errSuccess) {
                r->bad++, r->bad_err = err, r->bad_op = (i & 2) ? "commit" : "rollback";
                break;
            }
        }
        sched_yield();
    }
    return NULL;
}

Test(ownership, race_two_threads_begin_rollback, .timeout = 60)
{
    JET_INSTANCE inst = api_instance_new("race");
    JET_SESID s = api_session_new(inst);
    atomic_int go;
    atomic_init(&go, 0);
    struct racer r[2];
    pthread_t t[2];
    for (int i = 0; i < 2; i++) {
        memset(&r[i], 0, sizeof r[i]);
        r[i].sesid = s;
        r[i].go = &go;
        cr_assert_eq(pthread_create(&t[i], NULL, racer_main, &r[i]), 0);
    }
    atomic_store_explicit(&go, 1, memory_order_release);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 2; i++)
        cr_assert_eq(r[i].bad, 0, "racer %d: %s returned %d (%s)", i, r[i].bad_op,
                     (int)r[i].bad_err, api_err_name(r[i].bad_err));
    cr_assert_gt(r[0].ok_begin + r[1].ok_begin, 0, "no Begin ever succeeded");
    cr_log_info("begins ok: %ld + %ld, sharing violations: %ld + %ld", r[0].ok_begin,
                r[1].ok_begin, r[0].ssv, r[1].ssv);
    if (r[0].ok_begin == 0 || r[1].ok_begin == 0)
        cr_log_warn("one racer never won a transaction: the race was not exercised");
    /* Every transaction was unwound and the session is usable from here. */
    API_CHECK(JetRollback(s, 0), JET_errNotInTransaction);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetCommitTransaction(s, 0), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}
