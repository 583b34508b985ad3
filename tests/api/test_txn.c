/*
 * test_txn.c -- black-box tests of transaction levels (no data yet):
 * JetBeginTransaction/2/3, JetCommitTransaction/2, JetRollback.
 *
 * Rules (ese-reference 1.2, 2 and the lead's "Transactions" decisions):
 * levels 1..7, begin at 7 -> TransTooDeep; commit/rollback at level 0 ->
 * NotInTransaction; Commit grbits {0x1,0x2,0x8,0x10,0x20}, 0x2/0x8/0x10 alone
 * and valid at level 0; cmsecDurableCommit needs LazyFlush; Rollback grbits
 * {0x1}; grbit errors come before NotInTransaction; ReadOnly accepted at level
 * 0, other begin bits ignored; commit ids increase across outermost commits.
 * The level is observed from outside by counting how many commits/rollbacks
 * succeed before NotInTransaction.
 */
#include "api_helpers.h"

/* level_of -- destructively measure the level: roll back one level at a time. */
static int level_of(JET_SESID s)
{
    int n = 0;
    JET_ERR err;
    while ((err = JetRollback(s, 0)) == JET_errSuccess)
        n++;
    API_EXPECT_ERR(err, JET_errNotInTransaction, "rollback past level 0");
    return n;
}

/* fixture -- one instance and one session per test. */
static JET_INSTANCE g_inst;
static JET_SESID g_s;

static void setup(void)
{
    g_inst = api_instance_new("txn");
    g_s = api_session_new(g_inst);
}

static void teardown(void)
{
    JetTerm2(g_inst, JET_bitTermDirty); /* terminates whatever state a failed test left */
}

TestSuite(txn, .init = setup, .fini = teardown);

/* ---- levels ---- */

Test(txn, levels_one_to_seven_then_trans_too_deep)
{
    for (int i = 1; i <= 7; i++)
        API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(g_s), JET_errTransTooDeep);
    API_CHECK(JetBeginTransaction2(g_s, 0), JET_errTransTooDeep);
    API_CHECK(JetBeginTransaction3(g_s, 99, 0), JET_errTransTooDeep);
    /* The failed begins changed nothing: exactly 7 levels. */
    cr_assert_eq(level_of(g_s), 7);
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

Test(txn, commit_and_rollback_at_level_zero_are_not_in_transaction)
{
    API_CHECK(JetCommitTransaction(g_s, 0), JET_errNotInTransaction);
    API_CHECK(JetCommitTransaction(g_s, JET_bitCommitLazyFlush), JET_errNotInTransaction);
    API_CHECK(JetCommitTransaction2(g_s, 0, 0, NULL), JET_errNotInTransaction);
    API_CHECK(JetRollback(g_s, 0), JET_errNotInTransaction);
    API_CHECK(JetRollback(g_s, JET_bitRollbackAll), JET_errNotInTransaction);
    API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    API_CHECK(JetCommitTransaction(g_s, 0), JET_errSuccess);
    API_CHECK(JetCommitTransaction(g_s, 0), JET_errNotInTransaction);
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

Test(txn, nested_commit_and_rollback_each_pop_one_level)
{
    for (int i = 0; i < 5; i++)
        API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    API_CHECK(JetCommitTransaction(g_s, 0), JET_errSuccess);                 /* 4 */
    API_CHECK(JetRollback(g_s, 0), JET_errSuccess);                          /* 3 */
    API_CHECK(JetCommitTransaction2(g_s, 0, 0, NULL), JET_errSuccess);       /* 2 */
    API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);                     /* 3 */
    cr_assert_eq(level_of(g_s), 3);
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

Test(txn, rollback_all_returns_to_level_zero)
{
    for (int depth = 1; depth <= 7; depth++) {
        for (int i = 0; i < depth; i++)
            API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
        API_CHECK(JetRollback(g_s, JET_bitRollbackAll), JET_errSuccess);
        API_CHECK(JetRollback(g_s, 0), JET_errNotInTransaction);
        API_CHECK(JetRollback(g_s, JET_bitRollbackAll), JET_errNotInTransaction);
    }
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

Test(txn, full_depth_cycles_repeat)
{
    for (int round = 0; round < 100; round++) {
        for (int i = 0; i < 7; i++)
            API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
        API_CHECK(JetBeginTransaction(g_s), JET_errTransTooDeep);
        for (int i = 0; i < 7; i++)
            API_CHECK((round & 1) ? JetCommitTransaction(g_s, 0) : JetRollback(g_s, 0),
                      JET_errSuccess);
    }
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

Test(txn, sessions_have_independent_levels)
{
    JET_SESID t = api_session_new(g_inst);
    API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    API_CHECK(JetRollback(t, 0), JET_errNotInTransaction);
    for (int i = 0; i < 7; i++)
        API_CHECK(JetBeginTransaction(t), JET_errSuccess);
    API_CHECK(JetBeginTransaction(t), JET_errTransTooDeep);
    API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    cr_assert_eq(level_of(g_s), 3);
    cr_assert_eq(level_of(t), 7);
    API_CHECK(JetEndSession(t, 0), JET_errSuccess);
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

/* ---- begin grbits ---- */

Test(txn, read_only_flag_accepted)
{
    API_CHECK(JetBeginTransaction2(g_s, JET_bitTransactionReadOnly), JET_errSuccess);
    API_CHECK(JetBeginTransaction2(g_s, JET_bitTransactionReadOnly), JET_errSuccess); /* nested */
    API_CHECK(JetCommitTransaction(g_s, 0), JET_errSuccess);
    API_CHECK(JetCommitTransaction(g_s, 0), JET_errSuccess);
    API_CHECK(JetBeginTransaction3(g_s, 0, JET_bitTransactionReadOnly), JET_errSuccess);
    API_CHECK(JetRollback(g_s, 0), JET_errSuccess);
    cr_assert_eq(level_of(g_s), 0);
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

Test(txn, unknown_begin_bits_are_ignored)
{
    const JET_GRBIT bits[] = {0x2, 0x4, 0x100, 0x80000000u, 0xfffffffeu, 0xffffffffu};
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        API_CHECK(JetBeginTransaction2(g_s, bits[i]), JET_errSuccess);
        API_CHECK(JetBeginTransaction3(g_s, (int64_t)i * 7 - 3, bits[i]), JET_errSuccess);
        cr_assert_eq(level_of(g_s), 2);
    }
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

Test(txn, begin3_trxid_is_only_a_tag)
{
    const int64_t ids[] = {0, 1, -1, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        API_CHECK(JetBeginTransaction3(g_s, ids[i], 0), JET_errSuccess);
    cr_assert_eq(level_of(g_s), 5);
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

/* ---- commit grbits ---- */

Test(txn, commit_accepts_documented_bits_in_transaction)
{
    const JET_GRBIT ok[] = {0, JET_bitCommitLazyFlush, JET_bitCommitRedoCallback,
                            JET_bitCommitLazyFlush | JET_bitCommitRedoCallback};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
        API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
        API_CHECK(JetCommitTransaction(g_s, ok[i]), JET_errSuccess);
        API_CHECK(JetCommitTransaction2(g_s, ok[i], 0, NULL), JET_errSuccess);
        API_CHECK(JetCommitTransaction(g_s, ok[i]), JET_errNotInTransaction);
    }
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

Test(txn, wait_and_force_new_log_bits_alone_succeed_at_level_zero)
{
    const JET_GRBIT alone[] = {JET_bitWaitLastLevel0Commit, JET_bitWaitAllLevel0Commit,
                               JET_bitForceNewLog};
    for (size_t i = 0; i < 3; i++) {
        API_CHECK(JetCommitTransaction(g_s, alone[i]), JET_errSuccess);
        API_CHECK(JetCommitTransaction2(g_s, alone[i], 0, NULL), JET_errSuccess);
    }
    cr_assert_eq(level_of(g_s), 0);
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

Test(txn, wait_and_force_new_log_bits_must_be_alone)
{
    const JET_GRBIT bad[] = {
        JET_bitWaitLastLevel0Commit | JET_bitCommitLazyFlush,
        JET_bitWaitAllLevel0Commit | JET_bitCommitLazyFlush,
        JET_bitForceNewLog | JET_bitCommitLazyFlush,
        JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit,
        JET_bitWaitLastLevel0Commit | JET_bitForceNewLog,
        JET_bitWaitAllLevel0Commit | JET_bitForceNewLog,
        JET_bitForceNewLog | JET_bitCommitRedoCallback,
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        API_CHECK(JetCommitTransaction(g_s, bad[i]), JET_errInvalidGrbit);
        API_CHECK(JetCommitTransaction2(g_s, bad[i], 0, NULL), JET_errInvalidGrbit);
    }
    API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        API_CHECK(JetCommitTransaction(g_s, bad[i]), JET_errInvalidGrbit);
    cr_assert_eq(level_of(g_s), 1, "refused commits must not pop a level");
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

Test(txn, commit_unknown_bits_are_invalid_grbit_before_level_check)
{
    const JET_GRBIT bad[] = {0x4, 0x40, 0x80, 0x100, 0x80000000u, 0xffffffffu,
                             JET_bitCommitLazyFlush | 0x4};
    /* Level 0: InvalidGrbit wins over NotInTransaction. */
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        API_CHECK(JetCommitTransaction(g_s, bad[i]), JET_errInvalidGrbit);
        API_CHECK(JetCommitTransaction2(g_s, bad[i], 0, NULL), JET_errInvalidGrbit);
    }
    /* In a transaction: refused, level kept. */
    API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        API_CHECK(JetCommitTransaction(g_s, bad[i]), JET_errInvalidGrbit);
    cr_assert_eq(level_of(g_s), 2);
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

Test(txn, durable_commit_timeout_needs_lazy_flush)
{
    API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    API_CHECK(JetCommitTransaction2(g_s, 0, 100, NULL), JET_errInvalidParameter);
    API_CHECK(JetCommitTransaction2(g_s, JET_bitCommitRedoCallback, 1, NULL),
              JET_errInvalidParameter);
    cr_assert_eq(level_of(g_s), 1, "refused commit must not pop a level");
    API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    API_CHECK(JetCommitTransaction2(g_s, JET_bitCommitLazyFlush, 100, NULL), JET_errSuccess);
    API_CHECK(JetRollback(g_s, 0), JET_errNotInTransaction);
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

Test(txn, commit_ids_increase_across_outermost_commits)
{
    JET_SESID t = api_session_new(g_inst);
    int64_t last = INT64_MIN;
    for (int i = 0; i < 50; i++) {
        JET_SESID s = (i % 3 == 0) ? t : g_s;
        JET_COMMIT_ID id;
        memset(&id, 0, sizeof id);
        id.commitId = INT64_MIN;
        API_CHECK(JetBeginTransaction(s), JET_errSuccess);
        if (i & 1) {
            API_CHECK(JetBeginTransaction(s), JET_errSuccess);
            API_CHECK(JetCommitTransaction2(s, 0, 0, NULL), JET_errSuccess); /* inner */
        }
        API_CHECK(JetCommitTransaction2(s, (i & 2) ? JET_bitCommitLazyFlush : 0, 0, &id),
                  JET_errSuccess);
        cr_assert_gt(id.commitId, last, "commit %d: id %lld not above %lld", i,
                     (long long)id.commitId, (long long)last);
        last = id.commitId;
    }
    /* A plain JetCommitTransaction in between still advances the sequence. */
    API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    API_CHECK(JetCommitTransaction(g_s, 0), JET_errSuccess);
    JET_COMMIT_ID id = {0};
    API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    API_CHECK(JetCommitTransaction2(g_s, 0, 0, &id), JET_errSuccess);
    cr_assert_gt(id.commitId, last);
    API_CHECK(JetEndSession(t, 0), JET_errSuccess);
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

Test(txn, commit_id_null_pointer_accepted)
{
    API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    API_CHECK(JetCommitTransaction2(g_s, 0, 0, NULL), JET_errSuccess);
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

/* ---- rollback grbits ---- */

Test(txn, rollback_unknown_bits_are_invalid_grbit)
{
    const JET_GRBIT bad[] = {0x2, 0x20, 0x40, 0x80000000u, 0xffffffffu,
                             JET_bitRollbackAll | 0x2};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        API_CHECK(JetRollback(g_s, bad[i]), JET_errInvalidGrbit); /* before NotInTransaction */
    for (int i = 0; i < 3; i++)
        API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        API_CHECK(JetRollback(g_s, bad[i]), JET_errInvalidGrbit);
    cr_assert_eq(level_of(g_s), 3, "refused rollbacks must not pop a level");
    API_CHECK(JetEndSession(g_s, 0), JET_errSuccess);
    api_instance_term(g_inst);
}

/* ---- interplay with term ---- */

Test(txn, term_after_everything_rolled_back_succeeds)
{
    for (int i = 0; i < 7; i++)
        API_CHECK(JetBeginTransaction(g_s), JET_errSuccess);
    API_CHECK(JetTerm(g_inst), JET_errTooManyActiveUsers);
    API_CHECK(JetRollback(g_s, JET_bitRollbackAll), JET_errSuccess);
    api_instance_term(g_inst);
}
