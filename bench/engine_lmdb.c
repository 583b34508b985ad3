/*
 * engine_lmdb.c -- LMDB's hooks: the smallest transactional engine, and the
 * fastest at empty transactions. LMDB has no sessions, so its rows stand in
 * with the nearest operations (the legend says which):
 *   read txn begin+abort   mdb_txn_begin(MDB_RDONLY) + mdb_txn_abort: takes
 *                          and drops a reader slot and snapshot; the nearest
 *                          "session" (session workload) and a fresh empty
 *                          read transaction (txn-rollback)
 *   read txn renew+reset   mdb_txn_renew + mdb_txn_reset of a thread's own
 *                          read txn: LMDB's cheapest begin/end of a snapshot
 *                          (a reused txn object, like a txn on a live session)
 *   write txn begin+abort  mdb_txn_begin(0) + mdb_txn_abort: a writable
 *                          transaction (serialised on LMDB's writer mutex)
 *   write txn begin+commit mdb_txn_begin(0) + mdb_txn_commit of nothing
 * Cell: an environment in a fresh temporary directory opened with
 * MDB_NOSYNC (no fsync, as openese and in-memory WiredTiger do none) and
 * MDB_NOTLS (reader slots belong to txn objects, not threads, so a read txn
 * is a per-thread object that may be renewed), maxreaders sized for the
 * thread count, and a map of LMDB_MAP_SIZE. Every return code is checked.
 */
#include "engine_base.h"
#include "engines.h"
#include "tmpdir.h"

#include <errno.h>
#include <lmdb.h>
#include <stdlib.h>
#include <string.h>

/* The map is address space, not memory: the file grows only as pages are
 * written. 4 GB holds the data rows' pre-load plus minutes of inserts. */
#define LMDB_MAP_SIZE ((size_t)4 << 30)

struct lmdb_env {
    MDB_env *env; /* [imm] after setup; MDB_env is thread-safe */
    char *dir;    /* [owner] main thread */
};

struct lmdb_thr {
    MDB_env *env; /* [imm] */
    MDB_txn *rd;  /* [owner] this worker: its reset read txn, or NULL */
};

/* lmdb_fail -- record a failed LMDB call with its message. */
int lmdb_fail(struct bench_err *err, const char *call, int rc)
{
    return bench_fail(err, call, rc, mdb_strerror(rc));
}

/* lmdb_setup -- create and open an environment in a temporary directory. */
void *lmdb_setup(const struct bench_cfg *cfg, struct bench_err *err)
{
    struct lmdb_env *e = calloc(1, sizeof *e);
    int rc;

    if (!e) {
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    e->dir = bench_tmpdir_make("lmdb");
    if (!e->dir) {
        bench_fail(err, "mkdtemp", errno, strerror(errno));
        free(e);
        return NULL;
    }
    rc = mdb_env_create(&e->env);
    if (rc != 0) {
        lmdb_fail(err, "mdb_env_create", rc);
        goto fail_dir;
    }
    rc = mdb_env_set_maxreaders(e->env, (unsigned)(2 * cfg->threads + 126));
    if (rc != 0) {
        lmdb_fail(err, "mdb_env_set_maxreaders", rc);
        goto fail_env;
    }
    rc = mdb_env_set_mapsize(e->env, LMDB_MAP_SIZE);
    if (rc != 0) {
        lmdb_fail(err, "mdb_env_set_mapsize", rc);
        goto fail_env;
    }
    rc = mdb_env_open(e->env, e->dir, MDB_NOSYNC | MDB_NOTLS, 0600);
    if (rc != 0) {
        lmdb_fail(err, "mdb_env_open", rc);
        goto fail_env;
    }
    return e;
fail_env:
    mdb_env_close(e->env);
fail_dir:
    (void)bench_tmpdir_remove(e->dir);
    free(e);
    return NULL;
}

/* lmdb_env_handle -- the cell's environment, for the data rows
 * (engine_lmdb_data.c) that build on this setup. */
MDB_env *lmdb_env_handle(void *envp)
{
    return ((struct lmdb_env *)envp)->env;
}

/* lmdb_teardown -- close the environment, remove its files. */
int lmdb_teardown(void *envp, struct bench_err *err)
{
    struct lmdb_env *e = envp;
    int rm;

    mdb_env_close(e->env);
    rm = bench_tmpdir_remove(e->dir);
    free(e);
    return rm != 0 ? bench_fail(err, "remove temporary directory", errno, strerror(errno)) : 0;
}

/* lmdb_thread_bare -- per-thread state without a transaction. */
void *lmdb_thread_bare(void *envp, int tid, struct bench_err *err)
{
    struct lmdb_thr *t = calloc(1, sizeof *t);

    if (!t) {
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    t->env = ((struct lmdb_env *)envp)->env;
    return t;
}

/* lmdb_thread_reader -- per-thread state owning a read txn, left reset so
 * each op starts with renew. */
void *lmdb_thread_reader(void *envp, int tid, struct bench_err *err)
{
    struct lmdb_thr *t = lmdb_thread_bare(envp, tid, err);
    int rc;

    if (!t)
        return NULL;
    rc = mdb_txn_begin(t->env, NULL, MDB_RDONLY, &t->rd);
    if (rc != 0) {
        lmdb_fail(err, "mdb_txn_begin(MDB_RDONLY)", rc);
        free(t);
        return NULL;
    }
    mdb_txn_reset(t->rd);
    return t;
}

/* lmdb_thread_end -- free the thread's read txn, if any. */
int lmdb_thread_end(void *thr, struct bench_err *err)
{
    struct lmdb_thr *t = thr;

    if (t->rd)
        mdb_txn_abort(t->rd);
    free(t);
    return 0;
}

/* lmdb_op_read_begin_abort -- a fresh read txn, aborted. */
int lmdb_op_read_begin_abort(void *thr, uint32_t n, struct bench_err *err)
{
    MDB_env *env = ((struct lmdb_thr *)thr)->env;

    for (uint32_t i = 0; i < n; i++) {
        MDB_txn *txn;
        int rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &txn);
        if (rc != 0)
            return lmdb_fail(err, "mdb_txn_begin(MDB_RDONLY)", rc);
        mdb_txn_abort(txn);
    }
    return 0;
}

/* lmdb_op_read_renew_reset -- renew the thread's read txn, reset it. */
int lmdb_op_read_renew_reset(void *thr, uint32_t n, struct bench_err *err)
{
    MDB_txn *txn = ((struct lmdb_thr *)thr)->rd;

    for (uint32_t i = 0; i < n; i++) {
        int rc = mdb_txn_renew(txn);
        if (rc != 0)
            return lmdb_fail(err, "mdb_txn_renew", rc);
        mdb_txn_reset(txn);
    }
    return 0;
}

/* lmdb_op_write_begin_abort -- a write txn, aborted. */
int lmdb_op_write_begin_abort(void *thr, uint32_t n, struct bench_err *err)
{
    MDB_env *env = ((struct lmdb_thr *)thr)->env;

    for (uint32_t i = 0; i < n; i++) {
        MDB_txn *txn;
        int rc = mdb_txn_begin(env, NULL, 0, &txn);
        if (rc != 0)
            return lmdb_fail(err, "mdb_txn_begin", rc);
        mdb_txn_abort(txn);
    }
    return 0;
}

/* lmdb_op_write_begin_commit -- a write txn that changes nothing, committed. */
int lmdb_op_write_begin_commit(void *thr, uint32_t n, struct bench_err *err)
{
    MDB_env *env = ((struct lmdb_thr *)thr)->env;

    for (uint32_t i = 0; i < n; i++) {
        MDB_txn *txn;
        int rc = mdb_txn_begin(env, NULL, 0, &txn);
        if (rc != 0)
            return lmdb_fail(err, "mdb_txn_begin", rc);
        rc = mdb_txn_commit(txn);
        if (rc != 0)
            return lmdb_fail(err, "mdb_txn_commit", rc);
    }
    return 0;
}
