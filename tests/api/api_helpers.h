/*
 * api_helpers.h -- shared fixtures for the black-box API suites (tests/api).
 *
 * The suites see only esent.h and link libopenese.so. Everything here is built
 * on the public Jet* API:
 *   - api_err_name(): names for the codes the suites check, so a failed
 *     assertion prints "got -1910 (JET_errSessionSharingViolation)";
 *   - API_CHECK(expr, expected): evaluates a Jet* call once and asserts its
 *     exact return code, printing both names;
 *   - instance helpers: api_instance_new() creates an instance with a name
 *     unique in the process (pid + counter) and initializes it;
 *     api_instance_term() terminates it and asserts success;
 *   - api_session_new(): begins a session and asserts a real handle came back;
 *   - api_worker: a persistent helper thread that performs one Jet* call at a
 *     time on request, so a test can interleave "thread A does X, thread B
 *     does Y" deterministically. Workers only record results; the test thread
 *     asserts (workers never call cr_assert).
 *   - api_rng: a fixed-seed splitmix64 generator for forged handles.
 *
 * Criterion forks each Test into its own process, so process-wide state
 * (global parameters, single-/multi-instance mode) never leaks between tests.
 * Each test still creates its own uniquely named instance and terms it.
 */
#ifndef OPENESE_TESTS_API_HELPERS_H
#define OPENESE_TESTS_API_HELPERS_H

#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "esent.h"

/* Constants the bootstrap header may not define yet (values: ese-reference 1.2, 1.4). */
#ifndef JET_bitStopServiceStopAndEmitLog
#define JET_bitStopServiceStopAndEmitLog 0x00000008
#endif
#ifndef JET_paramMaxInstances
#define JET_paramMaxInstances 104
#endif
#ifndef JET_bitCommitRedoCallback
#define JET_bitCommitRedoCallback 0x00000020
#endif
#ifndef JET_bitTransactionReadOnly
#define JET_bitTransactionReadOnly 0x00000001
#endif

/* api_err_names -- the codes the suites assert on, by name. */
static const struct {
    JET_ERR code;
    const char *name;
} api_err_names[] = {
    {JET_errSuccess, "JET_errSuccess"},
    {JET_errTermInProgress, "JET_errTermInProgress"},
    {JET_errFeatureNotAvailable, "JET_errFeatureNotAvailable"},
    {JET_errInvalidParameter, "JET_errInvalidParameter"},
    {JET_errOutOfMemory, "JET_errOutOfMemory"},
    {JET_errOutOfBuffers, "JET_errOutOfBuffers"},
    {JET_errNotInitialized, "JET_errNotInitialized"},
    {JET_errAlreadyInitialized, "JET_errAlreadyInitialized"},
    {JET_errInitInProgress, "JET_errInitInProgress"},
    {JET_errBufferTooSmall, "JET_errBufferTooSmall"},
    {JET_errNotInTransaction, "JET_errNotInTransaction"},
    {JET_errMustRollback, "JET_errMustRollback"},
    {JET_errTooManyActiveUsers, "JET_errTooManyActiveUsers"},
    {JET_errRunningInOneInstanceMode, "JET_errRunningInOneInstanceMode"},
    {JET_errRunningInMultiInstanceMode, "JET_errRunningInMultiInstanceMode"},
    {JET_errInstanceNameInUse, "JET_errInstanceNameInUse"},
    {JET_errInstanceUnavailable, "JET_errInstanceUnavailable"},
    {JET_errOutOfSessions, "JET_errOutOfSessions"},
    {JET_errTransTooDeep, "JET_errTransTooDeep"},
    {JET_errInvalidSesid, "JET_errInvalidSesid"},
    {JET_errInTransaction, "JET_errInTransaction"},
    {JET_errTransReadOnly, "JET_errTransReadOnly"},
    {JET_errInvalidInstance, "JET_errInvalidInstance"},
    {JET_errDirtyShutdown, "JET_errDirtyShutdown"},
    {JET_errTooManyInstances, "JET_errTooManyInstances"},
    {JET_errClientRequestToStopJetService, "JET_errClientRequestToStopJetService"},
    {JET_errRestoreInProgress, "JET_errRestoreInProgress"},
    {JET_errInvalidGrbit, "JET_errInvalidGrbit"},
    {JET_errInvalidOperation, "JET_errInvalidOperation"},
    {JET_errSessionSharingViolation, "JET_errSessionSharingViolation"},
    {JET_errSessionContextAlreadySet, "JET_errSessionContextAlreadySet"},
    {JET_errSessionContextNotSetByThisThread, "JET_errSessionContextNotSetByThisThread"},
    {JET_errSessionInUse, "JET_errSessionInUse"},
    {JET_errRollbackError, "JET_errRollbackError"},
};

/* api_err_name -- a printable name for a code (or "?" when not in the table). */
static inline const char *api_err_name(JET_ERR err)
{
    for (size_t i = 0; i < sizeof(api_err_names) / sizeof(api_err_names[0]); i++)
        if (api_err_names[i].code == err)
            return api_err_names[i].name;
    return "?";
}

/* API_CHECK -- evaluate a Jet* call once and assert its exact result code. */
#define API_CHECK(expr, expected)                                                            \
    do {                                                                                     \
        JET_ERR api_got_ = (expr);                                                           \
        JET_ERR api_want_ = (expected);                                                      \
        cr_assert_eq(api_got_, api_want_, "%s:%d: %s\n  got %d (%s), expected %d (%s)",      \
                     __FILE__, __LINE__, #expr, (int)api_got_, api_err_name(api_got_),       \
                     (int)api_want_, api_err_name(api_want_));                               \
    } while (0)

/* API_EXPECT_ERR -- assert a code already captured in a variable (used for worker results). */
#define API_EXPECT_ERR(got, expected, what)                                                  \
    do {                                                                                     \
        JET_ERR api_got_ = (got);                                                            \
        JET_ERR api_want_ = (expected);                                                      \
        cr_assert_eq(api_got_, api_want_, "%s:%d: %s\n  got %d (%s), expected %d (%s)",      \
                     __FILE__, __LINE__, (what), (int)api_got_, api_err_name(api_got_),      \
                     (int)api_want_, api_err_name(api_want_));                               \
    } while (0)

/* api_unique_name -- "apitest.<tag>.<pid>.<n>": unique in this process and across processes. */
static inline void api_unique_name(char *buf, size_t cb, const char *tag)
{
    static unsigned counter;
    snprintf(buf, cb, "apitest.%s.%d.%u", tag ? tag : "x", (int)getpid(), counter++);
}

/* api_instance_create -- create (not init) a uniquely named instance. */
static inline JET_INSTANCE api_instance_create(const char *tag)
{
    char name[128];
    JET_INSTANCE inst = JET_instanceNil;
    api_unique_name(name, sizeof name, tag);
    API_CHECK(JetCreateInstance(&inst, name), JET_errSuccess);
    cr_assert(inst != 0 && inst != JET_instanceNil, "JetCreateInstance returned handle %#lx",
              (unsigned long)inst);
    return inst;
}

/* api_instance_new -- create and initialize a uniquely named instance. */
static inline JET_INSTANCE api_instance_new(const char *tag)
{
    JET_INSTANCE inst = api_instance_create(tag);
    API_CHECK(JetInit(&inst), JET_errSuccess);
    return inst;
}

/* api_instance_term -- terminate an instance, asserting success. */
static inline void api_instance_term(JET_INSTANCE inst)
{
    API_CHECK(JetTerm(inst), JET_errSuccess);
}

/* api_session_new -- begin a session on inst, asserting a real handle came back. */
static inline JET_SESID api_session_new(JET_INSTANCE inst)
{
    JET_SESID sesid = JET_sesidNil;
    API_CHECK(JetBeginSession(inst, &sesid, "user", "password"), JET_errSuccess);
    cr_assert(sesid != 0 && sesid != JET_sesidNil, "JetBeginSession returned handle %#lx",
              (unsigned long)sesid);
    return sesid;
}

/* api_rng_next -- splitmix64: fixed-seed, reproducible 64-bit values for forged handles. */
static inline uint64_t api_rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/*
 * api_worker -- a helper thread that runs one Jet* call per request.
 *
 * The test thread posts an operation with api_worker_do() and blocks until the
 * worker has run it and stored the result, so calls from different threads are
 * strictly ordered by the test. [mutex:mu] protects op/sesid/arg/result/state.
 */
enum api_op {
    API_OP_NONE,
    API_OP_BEGIN_TXN,   /* JetBeginTransaction(sesid) */
    API_OP_BEGIN_TXN2,  /* JetBeginTransaction2(sesid, arg) */
    API_OP_COMMIT,      /* JetCommitTransaction(sesid, arg) */
    API_OP_ROLLBACK,    /* JetRollback(sesid, arg) */
    API_OP_END_SESSION, /* JetEndSession(sesid, arg) */
    API_OP_SET_CTX,     /* JetSetSessionContext(sesid, arg) */
    API_OP_RESET_CTX,   /* JetResetSessionContext(sesid) */
    API_OP_DUP,         /* JetDupSession(sesid, &out) */
    API_OP_BEGIN_SESSION, /* JetBeginSession((JET_INSTANCE)sesid, &out, NULL, NULL) */
    API_OP_EXIT,
};

struct api_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    enum api_op op;      /* [mutex:mu] pending request; NONE when idle */
    JET_SESID sesid;     /* [mutex:mu] request argument */
    JET_API_PTR arg;     /* [mutex:mu] request argument */
    JET_ERR result;      /* [mutex:mu] result of the last request */
    JET_API_PTR out;     /* [mutex:mu] out-handle of DUP / BEGIN_SESSION */
    int done;            /* [mutex:mu] 1 once result is valid */
};

/* api_op_run -- perform one operation on the calling thread. */
static inline JET_ERR api_op_run(enum api_op op, JET_SESID sesid, JET_API_PTR arg,
                                 JET_API_PTR *outp)
{
    JET_SESID out = JET_sesidNil;
    JET_ERR err = JET_errInvalidOperation;
    switch (op) {
    case API_OP_BEGIN_TXN: err = JetBeginTransaction(sesid); break;
    case API_OP_BEGIN_TXN2: err = JetBeginTransaction2(sesid, (JET_GRBIT)arg); break;
    case API_OP_COMMIT: err = JetCommitTransaction(sesid, (JET_GRBIT)arg); break;
    case API_OP_ROLLBACK: err = JetRollback(sesid, (JET_GRBIT)arg); break;
    case API_OP_END_SESSION: err = JetEndSession(sesid, (JET_GRBIT)arg); break;
    case API_OP_SET_CTX: err = JetSetSessionContext(sesid, arg); break;
    case API_OP_RESET_CTX: err = JetResetSessionContext(sesid); break;
    case API_OP_DUP: err = JetDupSession(sesid, &out); break;
    case API_OP_BEGIN_SESSION: err = JetBeginSession((JET_INSTANCE)sesid, &out, NULL, NULL); break;
    default: break;
    }
    if (outp)
        *outp = out;
    return err;
}

/* api_worker_main -- the worker loop: wait for a request, run it, publish the result. */
static inline void *api_worker_main(void *p)
{
    struct api_worker *w = p;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->op == API_OP_NONE)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->op == API_OP_EXIT)
            break;
        enum api_op op = w->op;
        JET_SESID sesid = w->sesid;
        JET_API_PTR arg = w->arg;
        pthread_mutex_unlock(&w->mu);
        JET_API_PTR out;
        JET_ERR err = api_op_run(op, sesid, arg, &out);
        pthread_mutex_lock(&w->mu);
        w->result = err;
        w->out = out;
        w->op = API_OP_NONE;
        w->done = 1;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* api_worker_start -- start a worker thread. */
static inline void api_worker_start(struct api_worker *w)
{
    memset(w, 0, sizeof *w);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    w->op = API_OP_NONE;
    cr_assert_eq(pthread_create(&w->thread, NULL, api_worker_main, w), 0);
}

/* api_worker_do -- run op on the worker thread and return its result (outp may be NULL). */
static inline JET_ERR api_worker_do_out(struct api_worker *w, enum api_op op, JET_SESID sesid,
                                        JET_API_PTR arg, JET_API_PTR *outp)
{
    pthread_mutex_lock(&w->mu);
    w->op = op;
    w->sesid = sesid;
    w->arg = arg;
    w->done = 0;
    pthread_cond_broadcast(&w->cv);
    while (!w->done)
        pthread_cond_wait(&w->cv, &w->mu);
    JET_ERR err = w->result;
    if (outp)
        *outp = w->out;
    pthread_mutex_unlock(&w->mu);
    return err;
}

/* api_worker_do -- api_worker_do_out without an out-handle. */
static inline JET_ERR api_worker_do(struct api_worker *w, enum api_op op, JET_SESID sesid,
                                    JET_API_PTR arg)
{
    return api_worker_do_out(w, op, sesid, arg, NULL);
}

/* api_worker_stop -- ask the worker to exit and join it. */
static inline void api_worker_stop(struct api_worker *w)
{
    pthread_mutex_lock(&w->mu);
    w->op = API_OP_EXIT;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
}

#endif /* OPENESE_TESTS_API_HELPERS_H */
