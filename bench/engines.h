/*
 * engines.h -- the hooks each engine file provides to the workload table
 * (workloads.c). An engine file owns its handles; the table only pairs
 * hooks with names. Peer engines compile only with OPENESE_BENCH_PEERS.
 */
#ifndef OPENESE_BENCH_ENGINES_H
#define OPENESE_BENCH_ENGINES_H

#include "workload.h"

#include <stdint.h>

/* openese (engine_openese.c): an instance per cell, a session per thread. */
void *ose_setup(const struct bench_cfg *cfg, struct bench_err *err);
int ose_teardown(void *env, struct bench_err *err);
void *ose_thread_bare(void *env, int tid, struct bench_err *err);
void *ose_thread_session(void *env, int tid, struct bench_err *err);
int ose_thread_end(void *thr, struct bench_err *err);
int ose_op_session(void *thr, uint32_t n, struct bench_err *err);
int ose_op_txn_rollback(void *thr, uint32_t n, struct bench_err *err);
int ose_op_txn_commit(void *thr, uint32_t n, struct bench_err *err);
int ose_op_context(void *thr, uint32_t n, struct bench_err *err);

/* openese data rows (engine_openese_data.c): a loaded table per cell, a
 * session with a cursor on it per thread. */
void *ose_data_setup(const struct bench_cfg *cfg, struct bench_err *err);
int ose_data_teardown(void *env, struct bench_err *err);
void *ose_data_thread(void *env, int tid, struct bench_err *err);
int ose_data_thread_end(void *thr, struct bench_err *err);
int ose_op_insert(void *thr, uint32_t n, struct bench_err *err);
int ose_op_insert_batch(void *thr, uint32_t n, struct bench_err *err);
int ose_op_point_read(void *thr, uint32_t n, struct bench_err *err);
int ose_op_scan(void *thr, uint32_t n, struct bench_err *err);
int ose_op_cursor(void *thr, uint32_t n, struct bench_err *err);
int ose_op_lifecycle(void *thr, uint32_t n, struct bench_err *err);
/* the mixed rows: a data cell plus the zipf table (dataset.h) */
void *ose_mix_setup(const struct bench_cfg *cfg, struct bench_err *err);
int ose_op_update_heavy(void *thr, uint32_t n, struct bench_err *err);
int ose_op_read_mostly(void *thr, uint32_t n, struct bench_err *err);
uint64_t ose_data_conflicts(void *thr);

/* openese temp-sort (engine_openese_sort.c): an instance per cell, a
 * session and its input records per thread. */
void *ose_sort_setup(const struct bench_cfg *cfg, struct bench_err *err);
int ose_sort_teardown(void *env, struct bench_err *err);
void *ose_sort_thread(void *env, int tid, struct bench_err *err);
int ose_sort_thread_end(void *thr, struct bench_err *err);
int ose_op_temp_sort(void *thr, uint32_t n, struct bench_err *err);
/* bench_sort_per_call -- one temp-sort call counts --records operations. */
uint64_t bench_sort_per_call(const struct bench_cfg *cfg);

/* qsort, the temp-sort baseline (engine_qsort.c); no library needed. */
void *qsort_setup(const struct bench_cfg *cfg, struct bench_err *err);
int qsort_teardown(void *env, struct bench_err *err);
void *qsort_thread(void *env, int tid, struct bench_err *err);
int qsort_thread_end(void *thr, struct bench_err *err);
int qsort_op_sort(void *thr, uint32_t n, struct bench_err *err);

#ifdef OPENESE_BENCH_PEERS
/* WiredTiger (engine_wiredtiger.c): an in-memory connection per cell. */
void *wt_setup(const struct bench_cfg *cfg, struct bench_err *err);
int wt_teardown(void *env, struct bench_err *err);
void *wt_thread_bare(void *env, int tid, struct bench_err *err);
void *wt_thread_session(void *env, int tid, struct bench_err *err);
int wt_thread_end(void *thr, struct bench_err *err);
int wt_op_session(void *thr, uint32_t n, struct bench_err *err);
int wt_op_txn_rollback(void *thr, uint32_t n, struct bench_err *err);
int wt_op_txn_commit(void *thr, uint32_t n, struct bench_err *err);

/* WiredTiger data rows (engine_wiredtiger_data.c): a loaded table per cell. */
void *wt_data_setup(const struct bench_cfg *cfg, struct bench_err *err);
int wt_data_teardown(void *env, struct bench_err *err);
void *wt_data_thread(void *env, int tid, struct bench_err *err);
int wt_data_thread_end(void *thr, struct bench_err *err);
int wt_op_insert(void *thr, uint32_t n, struct bench_err *err);
int wt_op_insert_batch(void *thr, uint32_t n, struct bench_err *err);
int wt_op_point_read(void *thr, uint32_t n, struct bench_err *err);
int wt_op_scan(void *thr, uint32_t n, struct bench_err *err);
int wt_op_cursor(void *thr, uint32_t n, struct bench_err *err);
int wt_op_lifecycle(void *thr, uint32_t n, struct bench_err *err);
void *wt_mix_setup(const struct bench_cfg *cfg, struct bench_err *err);
int wt_op_update_heavy(void *thr, uint32_t n, struct bench_err *err);
int wt_op_read_mostly(void *thr, uint32_t n, struct bench_err *err);
uint64_t wt_data_conflicts(void *thr);

/* LMDB (engine_lmdb.c): an environment in a temporary directory per cell. */
void *lmdb_setup(const struct bench_cfg *cfg, struct bench_err *err);
int lmdb_teardown(void *env, struct bench_err *err);
void *lmdb_thread_bare(void *env, int tid, struct bench_err *err);
void *lmdb_thread_reader(void *env, int tid, struct bench_err *err);
int lmdb_thread_end(void *thr, struct bench_err *err);
int lmdb_op_read_begin_abort(void *thr, uint32_t n, struct bench_err *err);
int lmdb_op_read_renew_reset(void *thr, uint32_t n, struct bench_err *err);
int lmdb_op_write_begin_abort(void *thr, uint32_t n, struct bench_err *err);
int lmdb_op_write_begin_commit(void *thr, uint32_t n, struct bench_err *err);

/* LMDB data rows (engine_lmdb_data.c): a loaded database per cell. */
void *lmdb_data_setup(const struct bench_cfg *cfg, struct bench_err *err);
int lmdb_data_teardown(void *env, struct bench_err *err);
void *lmdb_data_thread(void *env, int tid, struct bench_err *err);
void *lmdb_data_thread_live(void *env, int tid, struct bench_err *err);
int lmdb_data_thread_end(void *thr, struct bench_err *err);
int lmdb_op_insert(void *thr, uint32_t n, struct bench_err *err);
int lmdb_op_insert_batch(void *thr, uint32_t n, struct bench_err *err);
int lmdb_op_point_read(void *thr, uint32_t n, struct bench_err *err);
int lmdb_op_scan(void *thr, uint32_t n, struct bench_err *err);
int lmdb_op_cursor(void *thr, uint32_t n, struct bench_err *err);
int lmdb_op_lifecycle(void *thr, uint32_t n, struct bench_err *err);
void *lmdb_mix_setup(const struct bench_cfg *cfg, struct bench_err *err);
int lmdb_op_update_heavy(void *thr, uint32_t n, struct bench_err *err);
int lmdb_op_read_mostly(void *thr, uint32_t n, struct bench_err *err);
#endif

#endif
