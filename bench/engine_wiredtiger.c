/*
 * engine_wiredtiger.c -- WiredTiger's hooks: the peer whose API is closest
 * to ESE's (a connection with sessions that run transactions).
 *
 * Cell: wiredtiger_open(in_memory=true, cache_size=1GB: an in-memory
 * connection fails with WT_CACHE_FULL when its data outgrows the cache, and
 * the data rows' pre-load plus inserts stay far below 1 GB) in a fresh
 * temporary home with session_max sized for the thread count; conn->close at teardown.
 * Thread: nothing (session workload) or one session opened on the thread
 * with isolation=snapshot.
 * Operations, with ESE's nearest equivalent:
 *   session       conn->open_session + session->close   (JetBeginSession+End)
 *   txn-rollback  begin_transaction + rollback_transaction (snapshot)
 *   txn-commit    begin_transaction + commit_transaction (snapshot)
 * Snapshot isolation because ESE transactions are snapshot transactions.
 * Every WiredTiger return code is checked; any non-zero one is an error.
 */
#include "engine_base.h"
#include "engines.h"
#include "tmpdir.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wiredtiger.h>

/* Snapshot isolation is set once per session (WiredTiger 3.2's default is
 * read-committed) rather than per begin_transaction: a config string given
 * to begin_transaction is parsed on every call, which would charge WiredTiger
 * for our choice of API style rather than for its transaction. */
#define WT_SESSION_CONFIG "isolation=snapshot"

struct wt_env {
    WT_CONNECTION *conn; /* [imm] after setup; WT_CONNECTION is thread-safe */
    char *home;          /* [owner] main thread */
};

struct wt_thr {
    WT_CONNECTION *conn; /* [imm] */
    WT_SESSION *session; /* [owner] this worker; NULL without a session */
};

/* wt_fail -- record a failed WiredTiger call with its message. */
int wt_fail(struct bench_err *err, const char *call, int rc)
{
    return bench_fail(err, call, rc, wiredtiger_strerror(rc));
}

/* wt_setup -- an in-memory connection in its own temporary home. */
void *wt_setup(const struct bench_cfg *cfg, struct bench_err *err)
{
    struct wt_env *env = calloc(1, sizeof *env);
    char config[160];
    int rc;

    if (!env) {
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    env->home = bench_tmpdir_make("wt");
    if (!env->home) {
        bench_fail(err, "mkdtemp", errno, strerror(errno));
        free(env);
        return NULL;
    }
    snprintf(config, sizeof config, "create,in_memory=true,cache_size=1GB,session_max=%d",
             2 * cfg->threads + 100);
    rc = wiredtiger_open(env->home, NULL, config, &env->conn);
    if (rc != 0) {
        wt_fail(err, "wiredtiger_open", rc);
        (void)bench_tmpdir_remove(env->home);
        free(env);
        return NULL;
    }
    return env;
}

/* wt_env_conn -- the cell's connection, for the data rows
 * (engine_wiredtiger_data.c) that build on this setup. */
WT_CONNECTION *wt_env_conn(void *envp)
{
    return ((struct wt_env *)envp)->conn;
}

/* wt_teardown -- close the connection, remove its home. */
int wt_teardown(void *envp, struct bench_err *err)
{
    struct wt_env *env = envp;
    int rc = env->conn->close(env->conn, NULL);
    int rm = bench_tmpdir_remove(env->home);

    free(env);
    if (rc != 0)
        return wt_fail(err, "WT_CONNECTION::close", rc);
    if (rm != 0)
        return bench_fail(err, "remove temporary home", errno, strerror(errno));
    return 0;
}

/* wt_thread_bare -- per-thread state without a session. */
void *wt_thread_bare(void *envp, int tid, struct bench_err *err)
{
    struct wt_env *env = envp;
    struct wt_thr *t = calloc(1, sizeof *t);

    if (!t) {
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    t->conn = env->conn;
    return t;
}

/* wt_thread_session -- per-thread state with a session opened here. */
void *wt_thread_session(void *envp, int tid, struct bench_err *err)
{
    struct wt_thr *t = wt_thread_bare(envp, tid, err);
    int rc;

    if (!t)
        return NULL;
    rc = t->conn->open_session(t->conn, NULL, WT_SESSION_CONFIG, &t->session);
    if (rc != 0) {
        wt_fail(err, "WT_CONNECTION::open_session", rc);
        free(t);
        return NULL;
    }
    return t;
}

/* wt_thread_end -- close the thread's session, if it has one. */
int wt_thread_end(void *thr, struct bench_err *err)
{
    struct wt_thr *t = thr;
    int rc = t->session ? t->session->close(t->session, NULL) : 0;

    free(t);
    return rc != 0 ? wt_fail(err, "WT_SESSION::close", rc) : 0;
}

/* wt_op_session -- open_session + close. */
int wt_op_session(void *thr, uint32_t n, struct bench_err *err)
{
    struct wt_thr *t = thr;

    for (uint32_t i = 0; i < n; i++) {
        WT_SESSION *s;
        int rc = t->conn->open_session(t->conn, NULL, NULL, &s);
        if (rc != 0)
            return wt_fail(err, "WT_CONNECTION::open_session", rc);
        rc = s->close(s, NULL);
        if (rc != 0)
            return wt_fail(err, "WT_SESSION::close", rc);
    }
    return 0;
}

/* wt_op_txn_rollback -- empty snapshot transaction, rolled back. */
int wt_op_txn_rollback(void *thr, uint32_t n, struct bench_err *err)
{
    WT_SESSION *s = ((struct wt_thr *)thr)->session;

    for (uint32_t i = 0; i < n; i++) {
        int rc = s->begin_transaction(s, NULL);
        if (rc != 0)
            return wt_fail(err, "WT_SESSION::begin_transaction", rc);
        rc = s->rollback_transaction(s, NULL);
        if (rc != 0)
            return wt_fail(err, "WT_SESSION::rollback_transaction", rc);
    }
    return 0;
}

/* wt_op_txn_commit -- empty snapshot transaction, committed. */
int wt_op_txn_commit(void *thr, uint32_t n, struct bench_err *err)
{
    WT_SESSION *s = ((struct wt_thr *)thr)->session;

    for (uint32_t i = 0; i < n; i++) {
        int rc = s->begin_transaction(s, NULL);
        if (rc != 0)
            return wt_fail(err, "WT_SESSION::begin_transaction", rc);
        rc = s->commit_transaction(s, NULL);
        if (rc != 0)
            return wt_fail(err, "WT_SESSION::commit_transaction", rc);
    }
    return 0;
}
