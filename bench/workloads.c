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
 * The mixed rows (update-heavy, read-mostly) use the *_mix_setup hooks (a
 * data cell plus the zipf table) and count write conflicts. temp-sort
 * compares openese's temp table with qsort() (engine_qsort.c): neither
 * peer has a temp-table sort; its operation is one record sorted.
 */
#include "engines.h"

#include <stddef.h>

#define OSE(wl, what, thread, op)                                                                \
    {wl, "openese", "", what, ose_setup, thread, op, ose_thread_end, ose_teardown, NULL, NULL}
#define WT(wl, what, thread, op)                                                                 \
    {wl, "wiredtiger", "", what, wt_setup, thread, op, wt_thread_end, wt_teardown, NULL, NULL}
#define OSE_D(wl, what, op)                                                                      \
    {wl, "openese", "", what, ose_data_setup, ose_data_thread, op, ose_data_thread_end,          \
     ose_data_teardown, NULL, NULL}
#define WT_D(wl, what, op)                                                                       \
    {wl, "wiredtiger", "", what, wt_data_setup, wt_data_thread, op, wt_data_thread_end,          \
     wt_data_teardown, NULL, NULL}
#define LMDB_D(wl, what, thread, op)                                                             \
    {wl, "lmdb", "", what, lmdb_data_setup, thread, op, lmdb_data_thread_end, lmdb_data_teardown, \
     NULL, NULL}
#define OSE_M(wl, what, op)                                                                      \
    {wl, "openese", "", what, ose_mix_setup, ose_data_thread, op, ose_data_thread_end,           \
     ose_data_teardown, ose_data_conflicts, NULL}
#define WT_M(wl, what, op)                                                                       \
    {wl, "wiredtiger", "", what, wt_mix_setup, wt_data_thread, op, wt_data_thread_end,           \
     wt_data_teardown, wt_data_conflicts, NULL}
#define LMDB_M(wl, what, op)                                                                     \
    {wl, "lmdb", "", what, lmdb_mix_setup, lmdb_data_thread, op, lmdb_data_thread_end,          \
     lmdb_data_teardown, NULL, NULL}
#define LMDB(wl, variant, what, thread, op)                                                      \
    {wl, "lmdb", variant, what, lmdb_setup, thread, op, lmdb_thread_end, lmdb_teardown, NULL, NULL}

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

    OSE_D("lifecycle", "JetBeginSession, JetOpenDatabase, JetBeginTransaction, JetOpenTable, "
          "4 x insert, JetEndSession (rolls back); keys from a fresh per-thread unique stream, "
          "so inserts never collide even if rows were kept", ose_op_lifecycle),
#ifdef OPENESE_BENCH_PEERS
    WT_D("lifecycle", "open_session, begin_transaction, open_cursor, 4 x insert, "
         "session close (rolls back)", wt_op_lifecycle),
    LMDB_D("lifecycle", "mdb_txn_begin(0), mdb_cursor_open, 4 x mdb_cursor_put, mdb_txn_abort "
           "(one writer at a time)", lmdb_data_thread, lmdb_op_lifecycle),
#endif

    OSE_M("update-heavy", "50% point read / 50% update (in a txn: MakeKey, Seek, "
          "PrepareUpdate(Replace), SetColumn, Update, Commit), zipfian 0.99; "
          "JET_errWriteConflict retried and counted", ose_op_update_heavy),
#ifdef OPENESE_BENCH_PEERS
    WT_M("update-heavy", "50% search+get_value / 50% update in a snapshot txn, zipfian 0.99; "
         "WT_ROLLBACK retried and counted", wt_op_update_heavy),
    LMDB_M("update-heavy", "50% renew+get+reset / 50% write txn put+commit, zipfian 0.99 "
           "(one writer at a time)", lmdb_op_update_heavy),
#endif

    OSE_M("read-mostly", "as update-heavy with 95% reads / 5% updates", ose_op_read_mostly),
#ifdef OPENESE_BENCH_PEERS
    WT_M("read-mostly", "as update-heavy with 95% reads / 5% updates", wt_op_read_mostly),
    LMDB_M("read-mostly", "as update-heavy with 95% reads / 5% updates", lmdb_op_read_mostly),
#endif

    {"temp-sort", "openese", "",
     "ops = records/s: JetOpenTempTable(ForwardOnly; 16-byte TTKey, 32-byte payload), --records "
     "random inserts, full forward scan retrieving key+payload, JetCloseTable",
     ose_sort_setup, ose_sort_thread, ose_op_temp_sort, ose_sort_thread_end, ose_sort_teardown,
     NULL, bench_sort_per_call},
    {"temp-sort", "qsort", "",
     "ops = records/s: memcpy of the same records, qsort() with memcmp on the key, a pass "
     "reading every payload",
     qsort_setup, qsort_thread, qsort_op_sort, qsort_thread_end, qsort_teardown, NULL,
     bench_sort_per_call},
};

const int bench_nworkloads = (int)(sizeof bench_workloads / sizeof bench_workloads[0]);
