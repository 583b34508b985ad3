/*
 * engine_openese.c -- openese's hooks, through the public API only (esent.h,
 * libopenese.so), exactly as an application would call it.
 *
 * Cell: JetCreateInstance + JetSetSystemParameter(JET_paramMaxSessions,
 * threads + slack) + JetInit; JetTerm at teardown. Thread: either nothing
 * (session workload: the op begins and ends its own sessions) or one
 * session begun on that thread and ended after the stop flag. Any call that
 * returns an error (< 0) stops the row with the call's name and code;
 * warnings (> 0) count as success, as ESE defines them.
 */
#include "engine_base.h"
#include "engines.h"

#include <esent.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

struct ose_env {
    JET_INSTANCE inst; /* [imm] after setup */
};

struct ose_thr {
    JET_INSTANCE inst; /* [imm] */
    JET_SESID sesid;   /* [owner] this worker; JET_sesidNil without a session */
};

/* Instance names must differ while instances coexist; [atomic relaxed]:
 * only uniqueness matters, no data is published through it. */
static atomic_uint ose_instance_seq;

/* ose_fail -- record a failed Jet call, named by the engine's own error
 * table (JET_paramErrorToString) when it can say. */
int ose_fail(struct bench_err *err, const char *call, JET_ERR rc)
{
    char text[160];
    JET_API_PTR code = (JET_API_PTR)(intptr_t)rc;

    if (JetGetSystemParameter(0, 0, JET_paramErrorToString, &code, text, sizeof text) < 0)
        snprintf(text, sizeof text, "JET_ERR");
    return bench_fail(err, call, rc, text);
}

/* ose_setup -- one initialized instance with room for every thread's session. */
void *ose_setup(const struct bench_cfg *cfg, struct bench_err *err)
{
    struct ose_env *env = calloc(1, sizeof *env);
    char name[64];
    JET_ERR rc;

    if (!env) {
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    snprintf(name, sizeof name, "openese-bench-%u",
             atomic_fetch_add_explicit(&ose_instance_seq, 1, memory_order_relaxed));
    rc = JetCreateInstance(&env->inst, name);
    if (rc < 0) {
        ose_fail(err, "JetCreateInstance", rc);
        free(env);
        return NULL;
    }
    rc = JetSetSystemParameter(&env->inst, 0, JET_paramMaxSessions,
                               (JET_API_PTR)(2 * cfg->threads + 16), NULL);
    if (rc < 0) {
        ose_fail(err, "JetSetSystemParameter(MaxSessions)", rc);
        goto fail;
    }
    rc = JetInit(&env->inst);
    if (rc < 0) {
        ose_fail(err, "JetInit", rc);
        goto fail;
    }
    return env;
fail:
    (void)JetTerm(env->inst); /* frees a created, uninitialized instance */
    free(env);
    return NULL;
}

/* ose_env_instance -- the cell's instance, for the data rows
 * (engine_openese_data.c) that build on this setup. */
JET_INSTANCE ose_env_instance(void *envp)
{
    return ((struct ose_env *)envp)->inst;
}

/* ose_teardown -- JetTerm; every session was ended by its thread already. */
int ose_teardown(void *envp, struct bench_err *err)
{
    struct ose_env *env = envp;
    JET_ERR rc = JetTerm(env->inst);

    free(env);
    return rc < 0 ? ose_fail(err, "JetTerm", rc) : 0;
}

/* ose_thread_bare -- per-thread state without a session. */
void *ose_thread_bare(void *envp, int tid, struct bench_err *err)
{
    struct ose_env *env = envp;
    struct ose_thr *t = calloc(1, sizeof *t);

    if (!t) {
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    t->inst = env->inst;
    t->sesid = JET_sesidNil;
    return t;
}

/* ose_thread_session -- per-thread state with a session begun here. */
void *ose_thread_session(void *envp, int tid, struct bench_err *err)
{
    struct ose_thr *t = ose_thread_bare(envp, tid, err);
    JET_ERR rc;

    if (!t)
        return NULL;
    rc = JetBeginSession(t->inst, &t->sesid, "", "");
    if (rc < 0) {
        ose_fail(err, "JetBeginSession", rc);
        free(t);
        return NULL;
    }
    return t;
}

/* ose_thread_end -- end the thread's session, if it has one. */
int ose_thread_end(void *thr, struct bench_err *err)
{
    struct ose_thr *t = thr;
    JET_ERR rc = JET_errSuccess;

    if (t->sesid != JET_sesidNil)
        rc = JetEndSession(t->sesid, 0);
    free(t);
    return rc < 0 ? ose_fail(err, "JetEndSession", rc) : 0;
}

/* ose_op_session -- JetBeginSession + JetEndSession. */
int ose_op_session(void *thr, uint32_t n, struct bench_err *err)
{
    struct ose_thr *t = thr;

    for (uint32_t i = 0; i < n; i++) {
        JET_SESID s;
        JET_ERR rc = JetBeginSession(t->inst, &s, "", "");
        if (rc < 0)
            return ose_fail(err, "JetBeginSession", rc);
        rc = JetEndSession(s, 0);
        if (rc < 0)
            return ose_fail(err, "JetEndSession", rc);
    }
    return 0;
}

/* ose_op_txn_rollback -- empty JetBeginTransaction + JetRollback. */
int ose_op_txn_rollback(void *thr, uint32_t n, struct bench_err *err)
{
    struct ose_thr *t = thr;

    for (uint32_t i = 0; i < n; i++) {
        JET_ERR rc = JetBeginTransaction(t->sesid);
        if (rc < 0)
            return ose_fail(err, "JetBeginTransaction", rc);
        rc = JetRollback(t->sesid, 0);
        if (rc < 0)
            return ose_fail(err, "JetRollback", rc);
    }
    return 0;
}

/* ose_op_txn_commit -- empty JetBeginTransaction + JetCommitTransaction(0). */
int ose_op_txn_commit(void *thr, uint32_t n, struct bench_err *err)
{
    struct ose_thr *t = thr;

    for (uint32_t i = 0; i < n; i++) {
        JET_ERR rc = JetBeginTransaction(t->sesid);
        if (rc < 0)
            return ose_fail(err, "JetBeginTransaction", rc);
        rc = JetCommitTransaction(t->sesid, 0);
        if (rc < 0)
            return ose_fail(err, "JetCommitTransaction", rc);
    }
    return 0;
}

/* ose_op_context -- JetSetSessionContext + JetResetSessionContext; the
 * context value is the thread's state address (non-zero, distinct). */
int ose_op_context(void *thr, uint32_t n, struct bench_err *err)
{
    struct ose_thr *t = thr;

    for (uint32_t i = 0; i < n; i++) {
        JET_ERR rc = JetSetSessionContext(t->sesid, (JET_API_PTR)t);
        if (rc < 0)
            return ose_fail(err, "JetSetSessionContext", rc);
        rc = JetResetSessionContext(t->sesid);
        if (rc < 0)
            return ose_fail(err, "JetResetSessionContext", rc);
    }
    return 0;
}
