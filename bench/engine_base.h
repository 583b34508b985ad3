/*
 * engine_base.h -- what an engine's data rows (engine_*_data.c) take from
 * its base file (engine_*.c): the cell's handle, opened by the base setup,
 * and the one error formatter of that engine. The data rows' setup calls the
 * base setup first and the base teardown last, so a data cell is a base cell
 * plus a loaded table; the workload table (workloads.c) never sees these.
 */
#ifndef OPENESE_BENCH_ENGINE_BASE_H
#define OPENESE_BENCH_ENGINE_BASE_H

#include "workload.h"

#include <esent.h>

/* ose_fail -- record a failed Jet call, with the engine's text for rc. */
int ose_fail(struct bench_err *err, const char *call, JET_ERR rc);
/* ose_env_instance -- the initialized instance of an ose_setup() cell. */
JET_INSTANCE ose_env_instance(void *env);

#ifdef OPENESE_BENCH_PEERS
#include <lmdb.h>
#include <wiredtiger.h>

/* wt_fail -- record a failed WiredTiger call with wiredtiger_strerror(rc). */
int wt_fail(struct bench_err *err, const char *call, int rc);
/* wt_env_conn -- the in-memory connection of a wt_setup() cell. */
WT_CONNECTION *wt_env_conn(void *env);

/* lmdb_fail -- record a failed LMDB call with mdb_strerror(rc). */
int lmdb_fail(struct bench_err *err, const char *call, int rc);
/* lmdb_env_handle -- the open environment of an lmdb_setup() cell. */
MDB_env *lmdb_env_handle(void *env);
#endif

#endif
