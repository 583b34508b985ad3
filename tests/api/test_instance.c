/*
 * test_instance.c -- black-box tests of instance life cycle: JetCreateInstance(2),
 * JetInit/JetInit2, JetTerm/JetTerm2, JetStopService/JetStopServiceInstance(2),
 * single- vs multi-instance mode.
 *
 * Source of truth: ese-reference.md sections 2 and 6 plus the lead's behaviour
 * decisions (instances, JetTerm, JetStopService). Each Test runs in its own
 * forked process, so the process-wide instance mode starts fresh every time.
 */
#include "api_helpers.h"

/* ---- JetCreateInstance / JetCreateInstance2 ---- */

Test(instance, create_null_out_pointer_is_invalid_parameter)
{
    API_CHECK(JetCreateInstance(NULL, "apitest.nullout"), JET_errInvalidParameter);
    API_CHECK(JetCreateInstance2(NULL, "apitest.nullout2", "display", 0), JET_errInvalidParameter);
}

Test(instance, create2_nonzero_grbit_is_invalid_grbit)
{
    JET_INSTANCE inst = JET_instanceNil;
    API_CHECK(JetCreateInstance2(&inst, "apitest.grbit", "d", 0x1), JET_errInvalidGrbit);
    API_CHECK(JetCreateInstance2(&inst, "apitest.grbit", "d", 0x80000000u), JET_errInvalidGrbit);
    /* The name was not taken by the failed calls. */
    API_CHECK(JetCreateInstance2(&inst, "apitest.grbit", "d", 0), JET_errSuccess);
    API_CHECK(JetTerm(inst), JET_errSuccess);
}

Test(instance, duplicate_name_is_instance_name_in_use)
{
    JET_INSTANCE a = JET_instanceNil, b = JET_instanceNil;
    API_CHECK(JetCreateInstance(&a, "apitest.dup"), JET_errSuccess);
    API_CHECK(JetCreateInstance(&b, "apitest.dup"), JET_errInstanceNameInUse);
    API_CHECK(JetCreateInstance2(&b, "apitest.dup", "other display", 0),
              JET_errInstanceNameInUse);
    /* Still a name collision once the first is initialized. */
    API_CHECK(JetInit(&a), JET_errSuccess);
    API_CHECK(JetCreateInstance(&b, "apitest.dup"), JET_errInstanceNameInUse);
    API_CHECK(JetTerm(a), JET_errSuccess);
}

Test(instance, two_null_names_collide)
{
    JET_INSTANCE a = JET_instanceNil, b = JET_instanceNil;
    API_CHECK(JetCreateInstance(&a, NULL), JET_errSuccess);
    API_CHECK(JetCreateInstance(&b, NULL), JET_errInstanceNameInUse);
    API_CHECK(JetTerm(a), JET_errSuccess);
}

/* Spec silent on reuse; a terminated instance no longer holds its name (decision of this suite). */
Test(instance, name_is_free_again_after_term)
{
    JET_INSTANCE a = JET_instanceNil, b = JET_instanceNil;
    API_CHECK(JetCreateInstance(&a, "apitest.reuse"), JET_errSuccess);
    API_CHECK(JetInit(&a), JET_errSuccess);
    API_CHECK(JetTerm(a), JET_errSuccess);
    API_CHECK(JetCreateInstance(&b, "apitest.reuse"), JET_errSuccess);
    cr_assert_neq(b, a, "a new instance must not reuse a dead handle value");
    API_CHECK(JetTerm(b), JET_errSuccess);
}

Test(instance, handles_are_distinct_and_never_nil)
{
    JET_INSTANCE h[8];
    for (int i = 0; i < 8; i++) {
        h[i] = api_instance_create("distinct");
        for (int j = 0; j < i; j++)
            cr_assert_neq(h[i], h[j]);
    }
    for (int i = 0; i < 8; i++)
        API_CHECK(JetTerm(h[i]), JET_errSuccess);
}

Test(instance, default_max_instances_is_16)
{
    JET_INSTANCE h[17];
    for (int i = 0; i < 16; i++)
        h[i] = api_instance_create("max16");
    char name[64];
    api_unique_name(name, sizeof name, "max16");
    API_CHECK(JetCreateInstance(&h[16], name), JET_errTooManyInstances);
    /* Freeing one makes room for exactly one more. */
    API_CHECK(JetTerm(h[0]), JET_errSuccess);
    API_CHECK(JetCreateInstance(&h[16], name), JET_errSuccess);
    api_unique_name(name, sizeof name, "max16");
    API_CHECK(JetCreateInstance(&h[0], name), JET_errTooManyInstances);
    for (int i = 1; i <= 16; i++)
        API_CHECK(JetTerm(h[i]), JET_errSuccess);
}

Test(instance, max_instances_param_limits_live_instances)
{
    API_CHECK(JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 3, NULL), JET_errSuccess);
    JET_INSTANCE h[4];
    for (int i = 0; i < 3; i++)
        h[i] = api_instance_create("max3");
    char name[64];
    api_unique_name(name, sizeof name, "max3");
    API_CHECK(JetCreateInstance(&h[3], name), JET_errTooManyInstances);
    API_CHECK(JetCreateInstance2(&h[3], name, "d", 0), JET_errTooManyInstances);
    for (int i = 0; i < 3; i++)
        API_CHECK(JetTerm(h[i]), JET_errSuccess);
}

/* ---- JetInit / JetInit2 ---- */

Test(instance, init_twice_is_already_initialized)
{
    JET_INSTANCE inst = api_instance_new("init2x");
    API_CHECK(JetInit(&inst), JET_errAlreadyInitialized);
    API_CHECK(JetInit2(&inst, 0), JET_errAlreadyInitialized);
    api_instance_term(inst);
}

Test(instance, init_forged_handle_is_invalid_instance)
{
    JET_INSTANCE keep = api_instance_new("initforged"); /* multi-instance mode active */
    JET_INSTANCE forged = (JET_INSTANCE)0x5eed1234abcdull;
    API_CHECK(JetInit(&forged), JET_errInvalidInstance);
    JET_INSTANCE nil = JET_instanceNil;
    API_CHECK(JetInit(&nil), JET_errInvalidInstance);
    api_instance_term(keep);
}

Test(instance, init2_unknown_bits_are_ignored)
{
    JET_INSTANCE inst = api_instance_create("init2bits");
    API_CHECK(JetInit2(&inst, 0x7fff0000u), JET_errSuccess);
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(instance, init3_without_restore_info_works_and_ignores_bits)
{
    JET_INSTANCE inst = api_instance_create("init3");
    API_CHECK(JetInit3(&inst, NULL, 0x12340000u), JET_errSuccess);
    API_CHECK(JetInit3(&inst, NULL, 0), JET_errAlreadyInitialized);
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(instance, init3_with_restore_info_is_feature_not_available)
{
    JET_INSTANCE inst = api_instance_create("init3rst");
    JET_RSTINFO_A rst;
    memset(&rst, 0, sizeof rst);
    rst.cbStruct = sizeof rst;
    API_CHECK(JetInit3(&inst, &rst, 0), JET_errFeatureNotAvailable);
    /* Not initialized by the refused call. */
    JET_SESID s;
    API_CHECK(JetBeginSession(inst, &s, NULL, NULL), JET_errNotInitialized);
    API_CHECK(JetInit3(&inst, NULL, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(instance, init_after_term_is_invalid_instance)
{
    JET_INSTANCE keep = api_instance_new("keep");
    JET_INSTANCE inst = api_instance_new("dead");
    api_instance_term(inst);
    API_CHECK(JetInit(&inst), JET_errInvalidInstance);
    api_instance_term(keep);
}

/* ---- single- and multi-instance mode ---- */

Test(instance, legacy_init_with_zero_creates_single_instance)
{
    JET_INSTANCE inst = 0;
    API_CHECK(JetInit(&inst), JET_errSuccess);
    cr_assert(inst != 0 && inst != JET_instanceNil, "JetInit(&0) must write a handle");
    /* Instance 0 names the single instance for JetBeginSession. */
    JET_SESID s0 = JET_sesidNil, s1 = JET_sesidNil;
    API_CHECK(JetBeginSession(0, &s0, NULL, NULL), JET_errSuccess);
    API_CHECK(JetBeginSession(inst, &s1, NULL, NULL), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s0), JET_errSuccess);
    API_CHECK(JetCommitTransaction(s0, 0), JET_errSuccess);
    API_CHECK(JetEndSession(s0, 0), JET_errSuccess);
    API_CHECK(JetEndSession(s1, 0), JET_errSuccess);
    API_CHECK(JetTerm(inst), JET_errSuccess);
}

Test(instance, legacy_init_null_pointer_then_again_is_already_initialized)
{
    API_CHECK(JetInit(NULL), JET_errSuccess);
    API_CHECK(JetInit(NULL), JET_errAlreadyInitialized);
    JET_INSTANCE zero = 0;
    API_CHECK(JetInit(&zero), JET_errAlreadyInitialized);
    API_CHECK(JetInit2(NULL, 0), JET_errAlreadyInitialized);
    JET_SESID s = JET_sesidNil;
    API_CHECK(JetBeginSession(0, &s, NULL, NULL), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
}

Test(instance, create_instance_in_one_instance_mode_is_refused)
{
    JET_INSTANCE inst = 0;
    API_CHECK(JetInit(&inst), JET_errSuccess);
    JET_INSTANCE other = JET_instanceNil;
    API_CHECK(JetCreateInstance(&other, "apitest.onemode"), JET_errRunningInOneInstanceMode);
    API_CHECK(JetCreateInstance2(&other, "apitest.onemode", "d", 0),
              JET_errRunningInOneInstanceMode);
    API_CHECK(JetTerm(inst), JET_errSuccess);
}

Test(instance, legacy_init_in_multi_instance_mode_is_refused)
{
    JET_INSTANCE created = api_instance_create("multimode"); /* created, not initialized */
    API_CHECK(JetInit(NULL), JET_errRunningInMultiInstanceMode);
    JET_INSTANCE zero = 0;
    API_CHECK(JetInit(&zero), JET_errRunningInMultiInstanceMode);
    API_CHECK(JetInit2(&zero, 0), JET_errRunningInMultiInstanceMode);
    API_CHECK(JetInit(&created), JET_errSuccess);
    API_CHECK(JetInit(NULL), JET_errRunningInMultiInstanceMode);
    api_instance_term(created);
}

/* ---- JetTerm / JetTerm2 ---- */

Test(instance, term_invalid_handles_is_invalid_instance)
{
    JET_INSTANCE keep = api_instance_new("terminv");
    API_CHECK(JetTerm((JET_INSTANCE)0xdeadbeef00ull), JET_errInvalidInstance);
    API_CHECK(JetTerm(JET_instanceNil), JET_errInvalidInstance);
    API_CHECK(JetTerm2((JET_INSTANCE)0xdeadbeef00ull, JET_bitTermComplete),
              JET_errInvalidInstance);
    api_instance_term(keep);
}

Test(instance, term_twice_is_invalid_instance)
{
    JET_INSTANCE inst = api_instance_new("term2x");
    API_CHECK(JetTerm(inst), JET_errSuccess);
    API_CHECK(JetTerm(inst), JET_errInvalidInstance);
}

Test(instance, term_never_initialized_frees_it)
{
    JET_INSTANCE inst = api_instance_create("neverinit");
    API_CHECK(JetTerm(inst), JET_errSuccess);
    API_CHECK(JetTerm(inst), JET_errInvalidInstance);
    API_CHECK(JetInit(&inst), JET_errInvalidInstance);
}

Test(instance, term2_each_documented_grbit_succeeds)
{
    const JET_GRBIT bits[] = {0, JET_bitTermComplete, JET_bitTermAbrupt, JET_bitTermStopBackup,
                              JET_bitTermAbrupt | JET_bitTermStopBackup};
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        JET_INSTANCE inst = api_instance_new("term2bits");
        JET_SESID s = api_session_new(inst);
        (void)s;
        API_CHECK(JetTerm2(inst, bits[i]), JET_errSuccess);
    }
}

Test(instance, term2_unknown_bits_are_invalid_grbit)
{
    JET_INSTANCE inst = api_instance_new("term2bad");
    API_CHECK(JetTerm2(inst, 0x10), JET_errInvalidGrbit);
    API_CHECK(JetTerm2(inst, 0x80000000u), JET_errInvalidGrbit);
    API_CHECK(JetTerm2(inst, JET_bitTermComplete | 0x100), JET_errInvalidGrbit);
    /* The instance is untouched. */
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(instance, term_ends_idle_sessions_and_kills_their_handles)
{
    JET_INSTANCE inst = api_instance_new("termidle");
    JET_SESID s1 = api_session_new(inst);
    JET_SESID s2 = api_session_new(inst);
    API_CHECK(JetBeginTransaction(s2), JET_errSuccess);
    API_CHECK(JetCommitTransaction(s2, 0), JET_errSuccess);
    API_CHECK(JetTerm(inst), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s1), JET_errNotInitialized);
    API_CHECK(JetEndSession(s1, 0), JET_errNotInitialized);
    API_CHECK(JetEndSession(s2, 0), JET_errNotInitialized);
}

Test(instance, term_sessions_stale_even_with_another_instance_alive)
{
    JET_INSTANCE keep = api_instance_new("alive");
    JET_SESID ks = api_session_new(keep);
    JET_INSTANCE inst = api_instance_new("termed");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetTerm(inst), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s), JET_errNotInitialized);
    API_CHECK(JetRollback(s, 0), JET_errNotInitialized);
    API_CHECK(JetEndSession(s, 0), JET_errNotInitialized);
    /* The other instance's session is unaffected. */
    API_CHECK(JetBeginTransaction(ks), JET_errSuccess);
    API_CHECK(JetRollback(ks, 0), JET_errSuccess);
    API_CHECK(JetEndSession(ks, 0), JET_errSuccess);
    api_instance_term(keep);
}

Test(instance, term_with_open_transaction_is_too_many_active_users)
{
    JET_INSTANCE inst = api_instance_new("termtxn");
    JET_SESID s = api_session_new(inst);
    JET_SESID idle = api_session_new(inst);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetTerm(inst), JET_errTooManyActiveUsers);
    API_CHECK(JetTerm2(inst, JET_bitTermComplete), JET_errTooManyActiveUsers);
    API_CHECK(JetTerm2(inst, JET_bitTermAbrupt), JET_errTooManyActiveUsers);
    API_CHECK(JetTerm2(inst, JET_bitTermStopBackup), JET_errTooManyActiveUsers);
    /* Instance and sessions stay fully usable: level 2 is intact. */
    JET_SESID s3 = api_session_new(inst);
    API_CHECK(JetBeginTransaction(idle), JET_errSuccess);
    API_CHECK(JetRollback(idle, 0), JET_errSuccess);
    API_CHECK(JetCommitTransaction(s, 0), JET_errSuccess);
    API_CHECK(JetTerm(inst), JET_errTooManyActiveUsers);
    API_CHECK(JetCommitTransaction(s, 0), JET_errSuccess);
    API_CHECK(JetCommitTransaction(s, 0), JET_errNotInTransaction);
    API_CHECK(JetEndSession(s3, 0), JET_errSuccess);
    API_CHECK(JetTerm(inst), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errNotInitialized);
    API_CHECK(JetEndSession(idle, 0), JET_errNotInitialized);
}

Test(instance, term_dirty_is_dirty_shutdown_even_with_open_transaction)
{
    JET_INSTANCE inst = api_instance_new("termdirty");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetTerm2(inst, JET_bitTermDirty), JET_errDirtyShutdown);
    /* Terminated: handle dead, session stale. */
    API_CHECK(JetRollback(s, 0), JET_errNotInitialized);
    API_CHECK(JetTerm(inst), JET_errInvalidInstance);
}

Test(instance, term_dirty_without_sessions_is_dirty_shutdown)
{
    JET_INSTANCE inst = api_instance_new("termdirty0");
    API_CHECK(JetTerm2(inst, JET_bitTermDirty), JET_errDirtyShutdown);
    API_CHECK(JetTerm(inst), JET_errInvalidInstance);
}

/* ---- JetStopServiceInstance(2) / JetStopService ---- */

Test(instance, stop_all_refuses_new_work_but_not_cleanup)
{
    JET_INSTANCE inst = api_instance_new("stopall");
    JET_SESID s = api_session_new(inst);
    JET_SESID ctxs = api_session_new(inst);
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetSetSessionContext(ctxs, 0x42), JET_errSuccess);
    API_CHECK(JetStopServiceInstance(inst), JET_errSuccess);

    JET_SESID out = 0x1234;
    API_CHECK(JetBeginSession(inst, &out, NULL, NULL), JET_errClientRequestToStopJetService);
    cr_assert_eq(out, JET_sesidNil, "a failed JetBeginSession must set *psesid = JET_sesidNil");
    API_CHECK(JetBeginTransaction(s), JET_errClientRequestToStopJetService);
    API_CHECK(JetCommitTransaction(s, 0), JET_errClientRequestToStopJetService);
    API_CHECK(JetDupSession(s, &out), JET_errClientRequestToStopJetService);
    API_CHECK(JetEndSession(s, 0), JET_errClientRequestToStopJetService);
    /* Exempt: rollback, reset context, term. */
    API_CHECK(JetRollback(s, 0), JET_errSuccess);
    API_CHECK(JetRollback(s, 0), JET_errNotInTransaction);
    API_CHECK(JetEndSession(s, 0), JET_errClientRequestToStopJetService);
    API_CHECK(JetResetSessionContext(ctxs), JET_errSuccess);
    API_CHECK(JetSetSessionContext(ctxs, 0x42), JET_errClientRequestToStopJetService);
    API_CHECK(JetTerm(inst), JET_errSuccess);
    API_CHECK(JetEndSession(s, 0), JET_errNotInitialized);
}

Test(instance, stop_instance2_all_equals_stop_instance)
{
    JET_INSTANCE inst = api_instance_new("stop2all");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetStopServiceInstance2(inst, JET_bitStopServiceAll), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s), JET_errClientRequestToStopJetService);
    /* Irreversible: Resume after All is refused. */
    API_CHECK(JetStopServiceInstance2(inst, JET_bitStopServiceResume |
                                                JET_bitStopServiceBackgroundUserTasks),
              JET_errClientRequestToStopJetService);
    API_CHECK(JetBeginTransaction(s), JET_errClientRequestToStopJetService);
    API_CHECK(JetTerm(inst), JET_errSuccess);
}

Test(instance, stop_and_emit_log_acts_like_all_and_must_be_alone)
{
    JET_INSTANCE inst = api_instance_new("stopemit");
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetStopServiceInstance2(inst, JET_bitStopServiceStopAndEmitLog |
                                                JET_bitStopServiceBackgroundUserTasks),
              JET_errInvalidGrbit);
    API_CHECK(JetStopServiceInstance2(inst, JET_bitStopServiceStopAndEmitLog |
                                                JET_bitStopServiceQuiesceCaches),
              JET_errInvalidGrbit);
    /* The refused calls did not stop anything. */
    API_CHECK(JetBeginTransaction(s), JET_errSuccess);
    API_CHECK(JetCommitTransaction(s, 0), JET_errSuccess);
    API_CHECK(JetStopServiceInstance2(inst, JET_bitStopServiceStopAndEmitLog), JET_errSuccess);
    API_CHECK(JetBeginTransaction(s), JET_errClientRequestToStopJetService);
    JET_SESID out;
    API_CHECK(JetBeginSession(inst, &out, NULL, NULL), JET_errClientRequestToStopJetService);
    API_CHECK(JetTerm(inst), JET_errSuccess);
}

Test(instance, stop_resumable_modes_keep_apis_working_and_resume)
{
    const JET_GRBIT modes[] = {JET_bitStopServiceBackgroundUserTasks,
                               JET_bitStopServiceQuiesceCaches,
                               JET_bitStopServiceBackgroundUserTasks |
                                   JET_bitStopServiceQuiesceCaches};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        JET_INSTANCE inst = api_instance_new("stopresume");
        JET_SESID s = api_session_new(inst);
        API_CHECK(JetStopServiceInstance2(inst, modes[i]), JET_errSuccess);
        API_CHECK(JetBeginTransaction(s), JET_errSuccess);
        API_CHECK(JetCommitTransaction(s, 0), JET_errSuccess);
        JET_SESID s2 = api_session_new(inst);
        API_CHECK(JetStopServiceInstance2(inst, JET_bitStopServiceResume | modes[i]),
                  JET_errSuccess);
        API_CHECK(JetBeginTransaction(s2), JET_errSuccess);
        API_CHECK(JetRollback(s2, 0), JET_errSuccess);
        API_CHECK(JetEndSession(s2, 0), JET_errSuccess);
        API_CHECK(JetEndSession(s, 0), JET_errSuccess);
        api_instance_term(inst);
    }
}

Test(instance, stop_instance2_unknown_bits_are_invalid_grbit)
{
    JET_INSTANCE inst = api_instance_new("stopbad");
    const JET_GRBIT bad[] = {0x1, 0x10, 0x100, 0x40000000u,
                             JET_bitStopServiceBackgroundUserTasks | 0x1000};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        API_CHECK(JetStopServiceInstance2(inst, bad[i]), JET_errInvalidGrbit);
    JET_SESID s = api_session_new(inst); /* nothing was stopped */
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(instance, stop_service_without_any_instance_is_not_initialized)
{
    API_CHECK(JetStopService(), JET_errNotInitialized);
}

Test(instance, stop_service_in_multi_instance_mode_is_refused)
{
    JET_INSTANCE inst = api_instance_new("stopmulti");
    API_CHECK(JetStopService(), JET_errRunningInMultiInstanceMode);
    JET_SESID s = api_session_new(inst);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(instance, stop_service_stops_the_single_instance)
{
    JET_INSTANCE inst = 0;
    API_CHECK(JetInit(&inst), JET_errSuccess);
    JET_SESID s = JET_sesidNil;
    API_CHECK(JetBeginSession(0, &s, NULL, NULL), JET_errSuccess);
    API_CHECK(JetStopService(), JET_errSuccess);
    JET_SESID s2;
    API_CHECK(JetBeginSession(0, &s2, NULL, NULL), JET_errClientRequestToStopJetService);
    API_CHECK(JetBeginTransaction(s), JET_errClientRequestToStopJetService);
    API_CHECK(JetEndSession(s, 0), JET_errClientRequestToStopJetService);
    API_CHECK(JetTerm(inst), JET_errSuccess);
}
