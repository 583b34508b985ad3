/*
 * workloads.c -- the workload table: every benchmark row is one entry here.
 *
 * Rows of a workload are listed openese first, then its peers; the order is
 * the order of the output tables. To add a workload (tables, cursors, seeks)
 * add its hooks to the engine files and its rows here; main.c, the runner
 * and the reports take the names from this table.
 *
 * Data rows (insert .. cursor) use the *_data_* hooks: their setup builds
 * the engine's base cell and loads the same --records records (dataset.h)
 * into it before any run.
 *
 * The 'context' workload has no peer equivalent (neither WiredTiger nor LMDB
 * binds a session to a caller-chosen context), so it has openese only.
 */
#include "engines.h"

#define OSE(wl, what, thread, op)                                                                \
    {wl, "openese", "", what, ose_setup, thread, op, ose_thread_end, ose_teardown}
#define WT(wl, what, thread, op)                                                                 \
    {wl, "wiredtiger", "", what, wt_setup, thread, op, wt_thread_end, wt_teardown}
#define OSE_D(wl, what, op)                                                                      \
    {wl, "openese", "", what, ose_data_setup, ose_data_thread, op, ose_data_thread_end,          \
     ose_data_teardown}
#define WT_D(wl, what, op)                                                                       \
    {wl, "wiredtiger", "", what, wt_data_setup, wt_data_thread, op, wt_data_thread_end,          \
     wt_data_teardown}
#define LMDB_D(wl, what, thread, op)                                                             \
    {wl, "lmdb", "", what, lmdb_data_setup, thread, op, lmdb_data_thread_end, lmdb_data_teardown}
#define LMDB(wl, variant, what, thread, op)                                                      \
    {wl, "lmdb", variant, what, lmdb_setup, thread, op, lmdb_thread_end, lmdb_teardown}

const struct bench_workload bench_workloads[] = {
    OSE("session", "JetBeginSession + JetEndSession", ose_thread_bare, ose_op_session),
#ifdef OPENESE_BENCH_PEERS
    WT("session", "conn->open_session + session->close", wt_thread_bare, wt_op_session),
    LMDB("session", "", "mdb_txn_begin(RDONLY) + mdb_txn_abort (LMDB has no sessions: nearest equivalent)",
         lmdb_thread_bare, lmdb_op_read_begin_abort),
#endif

    OSE("txn-rollback", "JetBeginTransaction + JetRollback on a live session",
        ose_thread_session, ose_op_txn_rollback),
#ifdef OPENESE_BENCH_PEERS
    WT("txn-rollback", "begin_transaction + rollback_transaction on a live session (isolation=snapshot)",
       wt_thread_session, wt_op_txn_rollback),
    LMDB("txn-rollback", "rd-begin", "mdb_txn_begin(RDONLY) + mdb_txn_abort: a fresh empty snapshot txn",
         lmdb_thread_bare, lmdb_op_read_begin_abort),
    LMDB("txn-rollback", "rd-renew", "mdb_txn_renew + mdb_txn_reset of the thread's read txn: LMDB's cheapest",
         lmdb_thread_reader, lmdb_op_read_renew_reset),
    LMDB("txn-rollback", "wr-abort", "mdb_txn_begin(0) + mdb_txn_abort: a write txn (one writer at a time)",
         lmdb_thread_bare, lmdb_op_write_begin_abort),
#endif

    OSE("txn-commit", "JetBeginTransaction + JetCommitTransaction(0) on a live session",
        ose_thread_session, ose_op_txn_commit),
#ifdef OPENESE_BENCH_PEERS
    WT("txn-commit", "begin_transaction + commit_transaction on a live session (isolation=snapshot)",
       wt_thread_session, wt_op_txn_commit),
    LMDB("txn-commit", "", "mdb_txn_begin(0) + mdb_txn_commit of nothing (one writer at a time)",
         lmdb_thread_bare, lmdb_op_write_begin_commit),
#endif

    OSE("context", "JetSetSessionContext + JetResetSessionContext (no peer equivalent)",
        ose_thread_session, ose_op_context),

    OSE_D("insert", "BeginTransaction, PrepareUpdate(Insert), 2 x SetColumn, Update, CommitTransaction",
          ose_op_insert),
#ifdef OPENESE_BENCH_PEERS
    WT_D("insert", "begin_transaction, cursor insert (overwrite=false), commit_transaction", wt_op_insert),
    LMDB_D("insert", "mdb_txn_begin, mdb_put(NOOVERWRITE), mdb_txn_commit (one writer at a time)",
           lmdb_data_thread, lmdb_op_insert),
#endif

    OSE_D("insert-batch100", "as insert, one transaction per 100 inserts", ose_op_insert_batch),
#ifdef OPENESE_BENCH_PEERS
    WT_D("insert-batch100", "as insert, one transaction per 100 inserts", wt_op_insert_batch),
    LMDB_D("insert-batch100", "as insert, one write txn per 100 puts (one writer at a time)",
           lmdb_data_thread, lmdb_op_insert_batch),
#endif

    OSE_D("point-read", "JetMakeKey + JetSeek(EQ) + JetRetrieveColumn, no explicit transaction",
          ose_op_point_read),
#ifdef OPENESE_BENCH_PEERS
    WT_D("point-read", "cursor set_key + search + get_value, autocommit (snapshot)", wt_op_point_read),
    LMDB_D("point-read", "mdb_txn_renew + mdb_get + mdb_txn_reset", lmdb_data_thread,
           lmdb_op_point_read),
#endif

    OSE_D("scan", "JetMakeKey + JetSeek(GE), then 100 x (JetRetrieveColumn, JetMove(Next))",
          ose_op_scan),
#ifdef OPENESE_BENCH_PEERS
    WT_D("scan", "cursor search, then 100 x (get_value, next), autocommit (snapshot)", wt_op_scan),
    LMDB_D("scan", "txn renew, cursor renew + MDB_SET_KEY, 99 x MDB_NEXT, txn reset",
           lmdb_data_thread, lmdb_op_scan),
#endif

    OSE_D("cursor", "JetOpenTable + JetCloseTable on a live session", ose_op_cursor),
#ifdef OPENESE_BENCH_PEERS
    WT_D("cursor", "session open_cursor + close (WiredTiger's cursor cache)", wt_op_cursor),
    LMDB_D("cursor", "mdb_cursor_open + mdb_cursor_close in a live read txn", lmdb_data_thread_live,
           lmdb_op_cursor),
#endif
};

const int bench_nworkloads = (int)(sizeof bench_workloads / sizeof bench_workloads[0]);
