/*
 * test_session.c -- black-box tests of session handles: JetBeginSession,
 * JetDupSession, JetSetSessionContext/JetResetSessionContext (single thread),
 * forged/stale handles (including 10,000 fixed-seed random 64-bit values), and
 * the NotInitialized rule for handles whose instance is gone.
 *
 * Cross-thread rules live in test_ownership.c; JetEndSession's table in
 * test_end_session.c.
 */
#include "api_helpers.h"

/* ---- JetBeginSession ---- */

Test(session, begin_null_out_pointer_is_invalid_parameter)
{
    JET_INSTANCE inst = api_instance_new("nullout");
    API_CHECK(JetBeginSession(inst, NULL, NULL, NULL), JET_errInvalidParameter);
    API_CHECK(JetBeginSession(inst, NULL, "u", "p"), JET_errInvalidParameter);
    api_instance_term(inst);
}

Test(session, begin_unknown_instance_is_invalid_parameter)
{
    JET_INSTANCE inst = api_instance_new("unknowninst");
    const JET_INSTANCE bad[] = {(JET_INSTANCE)0x1234567890ull, JET_instanceNil,
                                (JET_INSTANCE)0xfffffffeull};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        JET_SESID s = 0x99;
        API_CHECK(JetBeginSession(bad[i], &s, NULL, NULL), JET_errInvalidParameter);
        cr_assert_eq(s, JET_sesidNil, "failed JetBeginSession must set *psesid = JET_sesidNil");
    }
    api_instance_term(inst);
}

Test(session, begin_on_created_not_initialized_is_not_initialized)
{
    JET_INSTANCE inst = api_instance_create("notinit");
    JET_SESID s = 0x99;
    API_CHECK(JetBeginSession(inst, &s, NULL, NULL), JET_errNotInitialized);
    cr_assert_eq(s, JET_sesidNil);
    API_CHECK(JetInit(&inst), JET_errSuccess);
    s = api_session_new(inst);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(session, begin_on_terminated_instance_fails)
{
    JET_INSTANCE keep = api_instance_new("keep");
    JET_INSTANCE inst = api_instance_new("gone");
    api_instance_term(inst);
    JET_SESID s = 0x99;
    API_CHECK(JetBeginSession(inst, &s, NULL, NULL), JET_errInvalidParameter);
    cr_assert_eq(s, JET_sesidNil);
    api_instance_term(keep);
}

Test(session, user_and_password_are_ignored)
{
    JET_INSTANCE inst = api_instance_new("userpass");
    JET_SESID s[4];
    API_CHECK(JetBeginSession(inst, &s[0], NULL, NULL), JET_errSuccess);
    API_CHECK(JetBeginSession(inst, &s[1], "", ""), JET_errSuccess);
    API_CHECK(JetBeginSession(inst, &s[2], "admin", NULL), JET_errSuccess);
    API_CHECK(JetBeginSession(inst, &s[3], NULL, "secret"), JET_errSuccess);
    for (int i = 0; i < 4; i++)
        API_CHECK(JetEndSession(s[i], 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(session, handles_are_distinct_never_nil)
{
    JET_INSTANCE inst = api_instance_new("distinct");
    JET_SESID s[16];
    for (int i = 0; i < 16; i++) {
        s[i] = api_session_new(inst);
        for (int j = 0; j < i; j++)
            cr_assert_neq(s[i], s[j]);
    }
    for (int i = 0; i < 16; i++)
        API_CHECK(JetEndSession(s[i], 0), JET_errSuccess);
    api_instance_term(inst);
}

/* ---- stale handles ---- */

Test(session, ended_handle_never_aliases_a_new_session)
{
    JET_INSTANCE inst = api_instance_new("stale");
    for (int i = 0; i < 200; i++) {
        JET_SESID old = api_session_new(inst);
        API_CHECK(JetEndSession(old, 0), JET_errSuccess);
        JET_SESID fresh = api_session_new(inst);
        cr_assert_neq(fresh, old, "iteration %d: a new session reused a dead handle", i);
        API_CHECK(JetBeginTransaction(old), JET_errInvalidSesid);
        API_CHECK(JetRollback(old, 0), JET_errInvalidSesid);
        API_CHECK(JetCommitTransaction(old, 0), JET_errInvalidSesid);
        API_CHECK(JetSetSessionContext(old, 0x10), JET_errInvalidSesid);
        API_CHECK(JetResetSessionContext(old), JET_errInvalidSesid);
        JET_SESID dup;
        API_CHECK(JetDupSession(old, &dup), JET_errInvalidSesid);
        API_CHECK(JetEndSession(old, 0), JET_errInvalidSesid);
        /* The new one was not disturbed by any of that. */
        API_CHECK(JetBeginTransaction(fresh), JET_errSuccess);
        API_CHECK(JetRollback(fresh, 0), JET_errSuccess);
        API_CHECK(JetEndSession(fresh, 0), JET_errSuccess);
    }
    api_instance_term(inst);
}

Test(session, session_apis_with_no_instance_initialized_are_not_initialized)
{
    JET_INSTANCE inst = api_instance_new("gone");
    JET_SESID s = api_session_new(inst);
    api_instance_term(inst);
    API_CHECK(JetBeginTransaction(s), JET_errNotInitialized);
    API_CHECK(JetCommitTransaction(s, 0), JET_errNotInitialized);
    API_CHECK(JetRollback(s, 0), JET_errNotInitialized);
    API_CHECK(JetSetSessionContext(s, 0x10), JET_errNotInitialized);
    API_CHECK(JetResetSessionContext(s), JET_errNotInitialized);
    JET_SESID dup;
    API_CHECK(JetDupSession(s, &dup), JET_errNotInitialized);
    API_CHECK(JetEndSession(s, 0), JET_errNotInitialized);
    /* Forged values too: nothing is initialized. */
    API_CHECK(JetBeginTransaction((JET_SESID)0x1234), JET_errNotInitialized);
    API_CHECK(JetEndSession((JET_SESID)0x1234, 0), JET_errNotInitialized);
}

Test(session, session_apis_before_any_init_are_not_initialized)
{
    API_CHECK(JetBeginTransaction((JET_SESID)0x1234), JET_errNotInitialized);
    API_CHECK(JetRollback((JET_SESID)0x1234, 0), JET_errNotInitialized);
    API_CHECK(JetEndSession((JET_SESID)0x1234, 0), JET_errNotInitialized);
    JET_INSTANCE created = api_instance_create("createdonly"); /* not initialized */
    API_CHECK(JetSetSessionContext((JET_SESID)0x1234, 0x5), JET_errNotInitialized);
    API_CHECK(JetTerm(created), JET_errSuccess);
}

/* ---- forged handles ---- */

Test(session, zero_and_nil_handles_are_invalid_sesid)
{
    JET_INSTANCE inst = api_instance_new("nilhandles");
    const JET_SESID bad[] = {0, JET_sesidNil};
    for (size_t i = 0; i < 2; i++) {
        API_CHECK(JetBeginTransaction(bad[i]), JET_errInvalidSesid);
        API_CHECK(JetBeginTransaction2(bad[i], 0), JET_errInvalidSesid);
        API_CHECK(JetBeginTransaction3(bad[i], 1, 0), JET_errInvalidSesid);
        API_CHECK(JetCommitTransaction(bad[i], 0), JET_errInvalidSesid);
        API_CHECK(JetCommitTransaction2(bad[i], 0, 0, NULL), JET_errInvalidSesid);
        API_CHECK(JetRollback(bad[i], 0), JET_errInvalidSesid);
        API_CHECK(JetSetSessionContext(bad[i], 0x10), JET_errInvalidSesid);
        API_CHECK(JetResetSessionContext(bad[i]), JET_errInvalidSesid);
        JET_SESID dup;
        API_CHECK(JetDupSession(bad[i], &dup), JET_errInvalidSesid);
        API_CHECK(JetEndSession(bad[i], 0), JET_errInvalidSesid);
    }
    api_instance_term(inst);
}

Test(session, random_forged_handles_are_invalid_sesid, .timeout = 30)
{
    JET_INSTANCE inst = api_instance_new("forged");
    /* Live sessions so the handle table is not empty while we probe it. */
    JET_SESID live[4];
    for (int i = 0; i < 4; i++)
        live[i] = api_session_new(inst);
    uint64_t rng = 0x0e5e5eedull;
    for (int i = 0; i < 10000; i++) {
        JET_SESID h = (JET_SESID)api_rng_next(&rng);
        int is_live = 0;
        for (int j = 0; j < 4; j++)
            is_live |= (h == live[j]);
        if (is_live)
            continue; /* astronomically unlikely */
        API_CHECK(JetEndSession(h, 0), JET_errInvalidSesid);
        API_CHECK(JetBeginTransaction(h), JET_errInvalidSesid);
        API_CHECK(JetRollback(h, 0), JET_errInvalidSesid);
        API_CHECK(JetSetSessionContext(h, 0x10), JET_errInvalidSesid);
    }
    /* Also values near the live handles (low/high bits flipped). */
    for (int j = 0; j < 4; j++) {
        for (int bit = 0; bit < 64; bit++) {
            JET_SESID h = live[j] ^ ((JET_SESID)1 << bit);
            int is_live = 0;
            for (int k = 0; k < 4; k++)
                is_live |= (h == live[k]);
            if (is_live)
                continue;
            API_CHECK(JetBeginTransaction(h), JET_errInvalidSesid);
            API_CHECK(JetEndSession(h, 0), JET_errInvalidSesid);
        }
    }
    /* The live sessions are untouched. */
    for (int i = 0; i < 4; i++) {
        API_CHECK(JetRollback(live[i], 0), JET_errNotInTransaction);
        API_CHECK(JetEndSession(live[i], 0), JET_errSuccess);
    }
    api_instance_term(inst);
}

/* The entry fast path resolves the slot through a per-thread memo of the
 * last slot used (session.h) and leaves the generation check to the claim
 * CAS. Handles that share a live session's slot -- the memo hits -- but
 * carry a generation that is 0, in the future, or beyond the maximum must
 * still be InvalidSesid on every entry point, and the live session must be
 * untouched, in and out of a transaction. */
Test(session, same_slot_forged_generations_are_invalid_sesid)
{
    JET_INSTANCE inst = api_instance_new("memogen");
    JET_SESID live = api_session_new(inst);
    const uint64_t slot_mask = (1u << 24) - 1, gen = live >> 24;
    const uint64_t gens[] = {0, gen - 1, gen + 1, gen + 2, (UINT64_C(1) << 40) - 2,
                             (UINT64_C(1) << 40) - 1};
    for (int in_txn = 0; in_txn < 2; in_txn++) {
        if (in_txn)
            API_CHECK(JetBeginTransaction(live), JET_errSuccess);
        for (size_t i = 0; i < sizeof gens / sizeof gens[0]; i++) {
            if (gens[i] == gen)
                continue;
            JET_SESID h = (JET_SESID)((gens[i] << 24) | (live & slot_mask));
            /* Warm the memo with the live handle, then probe: a memo hit. */
            API_CHECK(JetRollback(live, 0), in_txn ? JET_errSuccess : JET_errNotInTransaction);
            if (in_txn)
                API_CHECK(JetBeginTransaction(live), JET_errSuccess);
            API_CHECK(JetBeginTransaction(h), JET_errInvalidSesid);
            API_CHECK(JetBeginTransaction2(h, 0), JET_errInvalidSesid);
            API_CHECK(JetCommitTransaction(h, 0), JET_errInvalidSesid);
            API_CHECK(JetRollback(h, JET_bitRollbackAll), JET_errInvalidSesid);
            API_CHECK(JetSetSessionContext(h, 0x10), JET_errInvalidSesid);
            API_CHECK(JetResetSessionContext(h), JET_errInvalidSesid);
            JET_SESID dup;
            API_CHECK(JetDupSession(h, &dup), JET_errInvalidSesid);
            API_CHECK(JetEndSession(h, 0), JET_errInvalidSesid);
        }
        /* Untouched: still at the level it was. */
        API_CHECK(JetRollback(live, 0), in_txn ? JET_errSuccess : JET_errNotInTransaction);
    }
    /* A handle of slot 0 with a live generation never resolves, memo or not. */
    API_CHECK(JetBeginTransaction((JET_SESID)(gen << 24)), JET_errInvalidSesid);
    API_CHECK(JetEndSession(live, 0), JET_errSuccess);
    /* Now the memo holds a slot whose session is dead: stale, not a crash. */
    API_CHECK(JetBeginTransaction(live), JET_errInvalidSesid);
    API_CHECK(JetEndSession(live, 0), JET_errInvalidSesid);
    api_instance_term(inst);
}

/* Empty transactions take rollback's short path (nothing to undo at any
 * level): nested levels must still unwind one at a time, RollbackAll must
 * unwind them all, and commit must see the levels rollback left. */
Test(session, empty_nested_levels_unwind_exactly)
{
    JET_INSTANCE inst = api_instance_new("emptylevels");
    JET_SESID s = api_session_new(inst);
    for (int depth = 1; depth <= 7; depth++) {
        for (int i = 0; i < depth; i++)
            API_CHECK(JetBeginTransaction(s), JET_errSuccess);
        for (int i = depth; i > 1; i--)
            API_CHECK(JetRollback(s, 0), JET_errSuccess);
        API_CHECK(JetCommitTransaction(s, 0), JET_errSuccess); /* the last level */
        API_CHECK(JetRollback(s, 0), JET_errNotInTransaction);
        for (int i = 0; i < depth; i++)
            API_CHECK(JetBeginTransaction(s), JET_errSuccess);
        API_CHECK(JetRollback(s, JET_bitRollbackAll), JET_errSuccess);
        API_CHECK(JetCommitTransaction(s, 0), JET_errNotInTransaction);
    }
    for (int i = 0; i < 7; i++)
        API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s), JET_errTransTooDeep);
    API_CHECK(JetRollback(s, JET_bitRollbackAll), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

/* ---- JetDupSession ---- */

Test(session, dup_gives_an_independent_session_on_the_same_instance)
{
    JET_INSTANCE inst = api_instance_new("dup");
    JET_SESID s = api_session_new(inst);
    JET_SESID d = JET_sesidNil;
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetDupSession(s, &d), JET_errSuccess);
    cr_assert(d != 0 && d != JET_sesidNil && d != s);
    /* Independent: the dup is at level 0 and has no context. */
    API_CHECK(JetRollback(d, 0), JET_errNotInTransaction);
    API_CHECK(JetResetSessionContext(d), JET_errSessionContextNotSetByThisThread);
    API_CHECK(JetBeginTransaction(d), JET_errSuccess);
    API_CHECK(JetCommitTransaction(d, 0), JET_errSuccess);
    API_CHECK(JetEndSession(d, 0), JET_errSuccess);
    API_CHECK(JetRollback(s, 0), JET_errSuccess);
    /* Same instance: terminating it kills the dup too. */
    API_CHECK(JetDupSession(s, &d), JET_errSuccess);
    API_CHECK(JetTerm(inst), JET_errSuccess);
    API_CHECK(JetBeginTransaction(d), JET_errNotInitialized);
}

Test(session, dup_of_forged_handle_is_invalid_sesid)
{
    JET_INSTANCE inst = api_instance_new("dupforged");
    JET_SESID d = 0x5;
    API_CHECK(JetDupSession((JET_SESID)0xabcdef0123ull, &d), JET_errInvalidSesid);
    api_instance_term(inst);
}

/* Spec silent; same rule as JetBeginSession's NULL out-pointer (decision of this suite). */
Test(session, dup_null_out_pointer_is_invalid_parameter)
{
    JET_INSTANCE inst = api_instance_new("dupnull");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetDupSession(s, NULL), JET_errInvalidParameter);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

/* ---- session context, single thread ---- */

Test(session, set_context_zero_or_nil_is_invalid_parameter)
{
    JET_INSTANCE inst = api_instance_new("ctxbad");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetSetSessionContext(s, 0), JET_errInvalidParameter);
    API_CHECK(JetSetSessionContext(s, ~(JET_API_PTR)0), JET_errInvalidParameter);
    /* Nothing was set. */
    API_CHECK(JetResetSessionContext(s), JET_errSessionContextNotSetByThisThread);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(session, set_context_twice_is_already_set)
{
    JET_INSTANCE inst = api_instance_new("ctx2x");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetSetSessionContext(s, 0x1000), JET_errSuccess);
    API_CHECK(JetSetSessionContext(s, 0x1000), JET_errSessionContextAlreadySet);
    API_CHECK(JetSetSessionContext(s, 0x2000), JET_errSessionContextAlreadySet);
    API_CHECK(JetResetSessionContext(s), JET_errSuccess);
    API_CHECK(JetResetSessionContext(s), JET_errSessionContextNotSetByThisThread);
    API_CHECK(JetSetSessionContext(s, 0x2000), JET_errSuccess);
    API_CHECK(JetResetSessionContext(s), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(session, reset_without_context_is_not_set_by_this_thread)
{
    JET_INSTANCE inst = api_instance_new("ctxreset");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetResetSessionContext(s), JET_errSessionContextNotSetByThisThread);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(session, context_owner_thread_can_use_the_session)
{
    JET_INSTANCE inst = api_instance_new("ctxuse");
    JET_SESID s = api_session_new(inst);
    JET_SESID d;
    API_CHECK(JetSetSessionContext(s, 0xC0FFEE), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetCommitTransaction(s, 0), JET_errSuccess);
    API_CHECK(JetRollback(s, 0), JET_errSuccess);
    API_CHECK(JetDupSession(s, &d), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSessionInUse);
    API_CHECK(JetResetSessionContext(s), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    API_CHECK(JetEndSession(d, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(session, many_sessions_begin_and_end_repeatedly)
{
    JET_INSTANCE inst = api_instance_new("churn");
    for (int round = 0; round < 50; round++) {
        JET_SESID s[16];
        for (int i = 0; i < 16; i++)
            s[i] = api_session_new(inst);
        for (int i = 15; i >= 0; i--)
            API_CHECK(JetEndSession(s[i], 0), JET_errSuccess);
    }
    api_instance_term(inst);
}
