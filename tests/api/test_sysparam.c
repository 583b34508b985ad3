/*
 * test_sysparam.c -- black-box tests of JetSetSystemParameter/JetGetSystemParameter:
 * global defaults, per-instance copies, ranges, parameters locked after init,
 * string parameters, JET_paramErrorToString, and MaxSessions as an exact quota
 * (from one thread and from two racing threads).
 *
 * Source of truth: ese-reference.md 1.4 and the lead's "Parameters" and
 * "Sessions" decisions.
 */
#include <stdatomic.h>

#include "api_helpers.h"

/* get_int -- read an integer parameter, asserting success. */
static JET_API_PTR get_int(JET_INSTANCE inst, uint32_t paramid)
{
    JET_API_PTR v = (JET_API_PTR)0xA5A5A5A5u;
    API_CHECK(JetGetSystemParameter(inst, 0, paramid, &v, NULL, 0), JET_errSuccess);
    return v;
}

/* ---- defaults ---- */

Test(sysparam, global_defaults)
{
    cr_assert_eq(get_int(0, JET_paramMaxSessions), 16);
    cr_assert_eq(get_int(0, JET_paramMaxOpenTables), 300);
    cr_assert_eq(get_int(0, JET_paramMaxCursors), 1024);
    cr_assert_eq(get_int(0, JET_paramMaxTemporaryTables), 20);
    cr_assert_eq(get_int(0, JET_paramMaxVerPages), 64);
    cr_assert_eq(get_int(0, JET_paramMaxInstances), 16);
    /* JET_instanceNil also names the global defaults. */
    cr_assert_eq(get_int(JET_instanceNil, JET_paramMaxSessions), 16);
    cr_assert_eq(get_int(JET_instanceNil, JET_paramMaxCursors), 1024);
}

Test(sysparam, instance_starts_with_the_defaults)
{
    JET_INSTANCE inst = api_instance_new("defaults");
    cr_assert_eq(get_int(inst, JET_paramMaxSessions), 16);
    cr_assert_eq(get_int(inst, JET_paramMaxOpenTables), 300);
    cr_assert_eq(get_int(inst, JET_paramMaxCursors), 1024);
    cr_assert_eq(get_int(inst, JET_paramMaxTemporaryTables), 20);
    cr_assert_eq(get_int(inst, JET_paramMaxVerPages), 64);
    api_instance_term(inst);
}

Test(sysparam, globals_are_copied_at_creation)
{
    API_CHECK(JetSetSystemParameter(NULL, 0, JET_paramMaxSessions, 5, NULL), JET_errSuccess);
    cr_assert_eq(get_int(0, JET_paramMaxSessions), 5);
    JET_INSTANCE a = api_instance_create("copy");
    cr_assert_eq(get_int(a, JET_paramMaxSessions), 5);
    /* Changing the global later does not touch an existing instance ... */
    API_CHECK(JetSetSystemParameter(NULL, 0, JET_paramMaxSessions, 7, NULL), JET_errSuccess);
    cr_assert_eq(get_int(a, JET_paramMaxSessions), 5);
    /* ... and changing the instance does not touch the global. */
    API_CHECK(JetSetSystemParameter(&a, 0, JET_paramMaxSessions, 9, NULL), JET_errSuccess);
    cr_assert_eq(get_int(a, JET_paramMaxSessions), 9);
    cr_assert_eq(get_int(0, JET_paramMaxSessions), 7);
    JET_INSTANCE b = api_instance_create("copy");
    cr_assert_eq(get_int(b, JET_paramMaxSessions), 7);
    API_CHECK(JetTerm(a), JET_errSuccess);
    API_CHECK(JetTerm(b), JET_errSuccess);
}

/* ---- bad input ---- */

Test(sysparam, unknown_paramid_is_invalid_parameter)
{
    JET_INSTANCE inst = api_instance_create("unknown");
    JET_API_PTR v = 0;
    char buf[64];
    const uint32_t ids[] = {99999u, 0x7fffffffu, 0xffffffffu};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        API_CHECK(JetSetSystemParameter(NULL, 0, ids[i], 1, NULL), JET_errInvalidParameter);
        API_CHECK(JetSetSystemParameter(&inst, 0, ids[i], 1, "x"), JET_errInvalidParameter);
        API_CHECK(JetGetSystemParameter(0, 0, ids[i], &v, buf, sizeof buf),
                  JET_errInvalidParameter);
        API_CHECK(JetGetSystemParameter(inst, 0, ids[i], &v, buf, sizeof buf),
                  JET_errInvalidParameter);
    }
    API_CHECK(JetTerm(inst), JET_errSuccess);
}

Test(sysparam, integer_get_with_null_out_pointer_is_invalid_parameter)
{
    JET_INSTANCE inst = api_instance_create("nullget");
    API_CHECK(JetGetSystemParameter(0, 0, JET_paramMaxSessions, NULL, NULL, 0),
              JET_errInvalidParameter);
    API_CHECK(JetGetSystemParameter(inst, 0, JET_paramMaxCursors, NULL, NULL, 0),
              JET_errInvalidParameter);
    API_CHECK(JetTerm(inst), JET_errSuccess);
}

Test(sysparam, max_sessions_range)
{
    JET_INSTANCE inst = api_instance_create("range");
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 30001, NULL),
              JET_errInvalidParameter);
    API_CHECK(JetSetSystemParameter(NULL, 0, JET_paramMaxSessions, 30001, NULL),
              JET_errInvalidParameter);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, (JET_API_PTR)-1, NULL),
              JET_errInvalidParameter);
    cr_assert_eq(get_int(inst, JET_paramMaxSessions), 16, "a refused Set must not change it");
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 30000, NULL),
              JET_errSuccess);
    cr_assert_eq(get_int(inst, JET_paramMaxSessions), 30000);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 0, NULL), JET_errSuccess);
    cr_assert_eq(get_int(inst, JET_paramMaxSessions), 0);
    API_CHECK(JetTerm(inst), JET_errSuccess);
}

Test(sysparam, max_instances_range)
{
    API_CHECK(JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 10241, NULL),
              JET_errInvalidParameter);
    API_CHECK(JetSetSystemParameter(NULL, 0, JET_paramMaxInstances, 10240, NULL),
              JET_errSuccess);
    cr_assert_eq(get_int(0, JET_paramMaxInstances), 10240);
}

Test(sysparam, max_temporary_tables_zero_allowed)
{
    JET_INSTANCE inst = api_instance_create("tt0");
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxTemporaryTables, 0, NULL),
              JET_errSuccess);
    cr_assert_eq(get_int(inst, JET_paramMaxTemporaryTables), 0);
    API_CHECK(JetInit(&inst), JET_errSuccess);
    cr_assert_eq(get_int(inst, JET_paramMaxTemporaryTables), 0);
    api_instance_term(inst);
}

Test(sysparam, integer_round_trip_before_init)
{
    JET_INSTANCE inst = api_instance_create("roundtrip");
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxOpenTables, 123, NULL), JET_errSuccess);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxCursors, 2000, NULL), JET_errSuccess);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxVerPages, 128, NULL), JET_errSuccess);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxTemporaryTables, 7, NULL),
              JET_errSuccess);
    API_CHECK(JetInit(&inst), JET_errSuccess);
    cr_assert_eq(get_int(inst, JET_paramMaxOpenTables), 123);
    cr_assert_eq(get_int(inst, JET_paramMaxCursors), 2000);
    cr_assert_eq(get_int(inst, JET_paramMaxVerPages), 128);
    cr_assert_eq(get_int(inst, JET_paramMaxTemporaryTables), 7);
    api_instance_term(inst);
}

/* ---- locked after init ---- */

Test(sysparam, locked_integer_params_after_init_are_already_initialized)
{
    JET_INSTANCE inst = api_instance_new("lockedint");
    const uint32_t ids[] = {JET_paramMaxSessions, JET_paramMaxOpenTables, JET_paramMaxCursors,
                            JET_paramMaxVerPages, JET_paramMaxTemporaryTables};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        JET_API_PTR before = get_int(inst, ids[i]);
        API_CHECK(JetSetSystemParameter(&inst, 0, ids[i], 10, NULL), JET_errAlreadyInitialized);
        cr_assert_eq(get_int(inst, ids[i]), before, "param %u changed after refusal", ids[i]);
    }
    api_instance_term(inst);
}

Test(sysparam, locked_string_params_after_init_are_already_initialized)
{
    JET_INSTANCE inst = api_instance_new("lockedstr");
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramSystemPath, 0, "/tmp/apitest-sys/"),
              JET_errAlreadyInitialized);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramTempPath, 0, "/tmp/apitest-tmp/"),
              JET_errAlreadyInitialized);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramLogFilePath, 0, "/tmp/apitest-log/"),
              JET_errAlreadyInitialized);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramBaseName, 0, "abc"),
              JET_errAlreadyInitialized);
    api_instance_term(inst);
}

Test(sysparam, cache_size_max_writable_after_init)
{
    JET_INSTANCE inst = api_instance_new("cachemax");
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramCacheSizeMax, 4096, NULL), JET_errSuccess);
    cr_assert_eq(get_int(inst, JET_paramCacheSizeMax), 4096);
    API_CHECK(JetSetSystemParameter(NULL, 0, JET_paramCacheSizeMax, 8192, NULL), JET_errSuccess);
    cr_assert_eq(get_int(0, JET_paramCacheSizeMax), 8192);
    api_instance_term(inst);
}

Test(sysparam, params_of_created_instance_settable_until_init)
{
    JET_INSTANCE inst = api_instance_create("untilinit");
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 4, NULL), JET_errSuccess);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 3, NULL), JET_errSuccess);
    API_CHECK(JetInit(&inst), JET_errSuccess);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, 2, NULL),
              JET_errAlreadyInitialized);
    cr_assert_eq(get_int(inst, JET_paramMaxSessions), 3);
    api_instance_term(inst);
}

/* ---- string parameters ---- */

Test(sysparam, string_param_round_trip)
{
    JET_INSTANCE inst = api_instance_create("strrt");
    const struct {
        uint32_t id;
        const char *val;
    } cases[] = {
        {JET_paramSystemPath, "/tmp/apitest-system/"},
        {JET_paramTempPath, "/tmp/apitest-temp/"},
        {JET_paramLogFilePath, "/tmp/apitest-logs/"},
        {JET_paramBaseName, "xyz"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        API_CHECK(JetSetSystemParameter(&inst, 0, cases[i].id, 0, cases[i].val), JET_errSuccess);
        char buf[300];
        memset(buf, 'Z', sizeof buf);
        API_CHECK(JetGetSystemParameter(inst, 0, cases[i].id, NULL, buf, sizeof buf),
                  JET_errSuccess);
        cr_assert_str_eq(buf, cases[i].val);
        /* Exactly strlen + 1 bytes suffices; one fewer is too small. */
        size_t need = strlen(cases[i].val) + 1;
        API_CHECK(JetGetSystemParameter(inst, 0, cases[i].id, NULL, buf, (uint32_t)need),
                  JET_errSuccess);
        cr_assert_str_eq(buf, cases[i].val);
        API_CHECK(JetGetSystemParameter(inst, 0, cases[i].id, NULL, buf, (uint32_t)need - 1),
                  JET_errBufferTooSmall);
        API_CHECK(JetGetSystemParameter(inst, 0, cases[i].id, NULL, buf, 0),
                  JET_errBufferTooSmall);
        API_CHECK(JetGetSystemParameter(inst, 0, cases[i].id, NULL, NULL, sizeof buf),
                  JET_errInvalidParameter);
    }
    API_CHECK(JetTerm(inst), JET_errSuccess);
}

Test(sysparam, string_param_null_or_too_long_is_invalid_parameter)
{
    JET_INSTANCE inst = api_instance_create("strbad");
    char long_path[300];
    memset(long_path, 'p', sizeof long_path);
    long_path[0] = '/';
    long_path[260] = '\0'; /* 260 chars: one over the limit */
    const uint32_t ids[] = {JET_paramSystemPath, JET_paramTempPath, JET_paramLogFilePath};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        API_CHECK(JetSetSystemParameter(&inst, 0, ids[i], 0, NULL), JET_errInvalidParameter);
        API_CHECK(JetSetSystemParameter(NULL, 0, ids[i], 0, NULL), JET_errInvalidParameter);
        API_CHECK(JetSetSystemParameter(&inst, 0, ids[i], 0, long_path),
                  JET_errInvalidParameter);
    }
    long_path[259] = '\0'; /* 259 chars: the longest accepted */
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        API_CHECK(JetSetSystemParameter(&inst, 0, ids[i], 0, long_path), JET_errSuccess);
        char buf[300];
        API_CHECK(JetGetSystemParameter(inst, 0, ids[i], NULL, buf, sizeof buf), JET_errSuccess);
        cr_assert_str_eq(buf, long_path);
    }
    API_CHECK(JetTerm(inst), JET_errSuccess);
}

Test(sysparam, base_name_must_be_three_chars)
{
    JET_INSTANCE inst = api_instance_create("basename");
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramBaseName, 0, NULL), JET_errInvalidParameter);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramBaseName, 0, ""), JET_errInvalidParameter);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramBaseName, 0, "ab"),
              JET_errInvalidParameter);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramBaseName, 0, "abcd"),
              JET_errInvalidParameter);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramBaseName, 0, "edb"), JET_errSuccess);
    char buf[8];
    API_CHECK(JetGetSystemParameter(inst, 0, JET_paramBaseName, NULL, buf, sizeof buf),
              JET_errSuccess);
    cr_assert_str_eq(buf, "edb");
    API_CHECK(JetTerm(inst), JET_errSuccess);
}

/* ---- JET_paramErrorToString ---- */

/* error_string -- JET_paramErrorToString for err, asserting success. */
static void error_string(JET_ERR err, char *buf, uint32_t cb)
{
    JET_API_PTR l = (JET_API_PTR)(intptr_t)err;
    memset(buf, 0, cb);
    API_CHECK(JetGetSystemParameter(0, 0, JET_paramErrorToString, &l, buf, cb), JET_errSuccess);
}

Test(sysparam, error_to_string_names_the_code)
{
    const struct {
        JET_ERR code;
        const char *prefix;
    } cases[] = {
        {JET_errInvalidSesid, "JET_errInvalidSesid, "},
        {JET_errSessionInUse, "JET_errSessionInUse, "},
        {JET_errSessionSharingViolation, "JET_errSessionSharingViolation, "},
        {JET_errOutOfSessions, "JET_errOutOfSessions, "},
        {JET_errTransTooDeep, "JET_errTransTooDeep, "},
        {JET_errClientRequestToStopJetService, "JET_errClientRequestToStopJetService, "},
        {JET_errInvalidGrbit, "JET_errInvalidGrbit, "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[512];
        error_string(cases[i].code, buf, sizeof buf);
        cr_assert(strncmp(buf, cases[i].prefix, strlen(cases[i].prefix)) == 0,
                  "ErrorToString(%d) = \"%s\", expected prefix \"%s\"", (int)cases[i].code, buf,
                  cases[i].prefix);
        cr_assert(strlen(buf) > strlen(cases[i].prefix), "ErrorToString(%d) has no message",
                  (int)cases[i].code);
    }
}

Test(sysparam, error_to_string_buffer_rules)
{
    JET_API_PTR l = (JET_API_PTR)(intptr_t)JET_errInvalidSesid;
    char buf[8];
    API_CHECK(JetGetSystemParameter(0, 0, JET_paramErrorToString, &l, buf, sizeof buf),
              JET_errBufferTooSmall);
    API_CHECK(JetGetSystemParameter(0, 0, JET_paramErrorToString, &l, NULL, 512),
              JET_errInvalidParameter);
    /* Works through an instance handle too. */
    JET_INSTANCE inst = api_instance_new("errstr");
    char big[512];
    API_CHECK(JetGetSystemParameter(inst, 0, JET_paramErrorToString, &l, big, sizeof big),
              JET_errSuccess);
    cr_assert(strncmp(big, "JET_errInvalidSesid, ", 21) == 0, "got \"%s\"", big);
    api_instance_term(inst);
}

/* ---- MaxSessions as an exact quota ---- */

/* new_instance_with_max_sessions -- a created+initialized instance with MaxSessions = n. */
static JET_INSTANCE new_instance_with_max_sessions(JET_API_PTR n)
{
    JET_INSTANCE inst = api_instance_create("maxsess");
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, n, NULL), JET_errSuccess);
    API_CHECK(JetInit(&inst), JET_errSuccess);
    return inst;
}

Test(sysparam, max_sessions_n_gives_exactly_n_sessions)
{
    const JET_API_PTR n = 5;
    JET_INSTANCE inst = new_instance_with_max_sessions(n);
    JET_SESID s[5];
    for (JET_API_PTR i = 0; i < n; i++)
        s[i] = api_session_new(inst);
    JET_SESID extra = 0x77;
    API_CHECK(JetBeginSession(inst, &extra, NULL, NULL), JET_errOutOfSessions);
    cr_assert_eq(extra, JET_sesidNil, "failed JetBeginSession must set *psesid = JET_sesidNil");
    API_CHECK(JetDupSession(s[0], &extra), JET_errOutOfSessions);
    /* Ending one makes room for exactly one more. */
    API_CHECK(JetEndSession(s[2], 0), JET_errSuccess);
    s[2] = api_session_new(inst);
    API_CHECK(JetBeginSession(inst, &extra, NULL, NULL), JET_errOutOfSessions);
    API_CHECK(JetEndSession(s[4], 0), JET_errSuccess);
    API_CHECK(JetDupSession(s[0], &s[4]), JET_errSuccess);
    API_CHECK(JetBeginSession(inst, &extra, NULL, NULL), JET_errOutOfSessions);
    for (JET_API_PTR i = 0; i < n; i++)
        API_CHECK(JetEndSession(s[i], 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(sysparam, default_max_sessions_gives_exactly_16)
{
    JET_INSTANCE inst = api_instance_new("max16");
    JET_SESID s[16];
    for (int i = 0; i < 16; i++)
        s[i] = api_session_new(inst);
    JET_SESID extra;
    API_CHECK(JetBeginSession(inst, &extra, NULL, NULL), JET_errOutOfSessions);
    API_CHECK(JetEndSession(s[15], 0), JET_errSuccess);
    s[15] = api_session_new(inst);
    api_instance_term(inst);
}

Test(sysparam, max_sessions_zero_gives_none)
{
    JET_INSTANCE inst = new_instance_with_max_sessions(0);
    JET_SESID extra;
    API_CHECK(JetBeginSession(inst, &extra, NULL, NULL), JET_errOutOfSessions);
    api_instance_term(inst);
}

Test(sysparam, max_sessions_is_per_instance)
{
    JET_INSTANCE a = new_instance_with_max_sessions(2);
    JET_INSTANCE b = new_instance_with_max_sessions(2);
    JET_SESID sa[2], sb[2], extra;
    for (int i = 0; i < 2; i++) {
        sa[i] = api_session_new(a);
        sb[i] = api_session_new(b);
    }
    API_CHECK(JetBeginSession(a, &extra, NULL, NULL), JET_errOutOfSessions);
    API_CHECK(JetBeginSession(b, &extra, NULL, NULL), JET_errOutOfSessions);
    API_CHECK(JetEndSession(sa[0], 0), JET_errSuccess);
    API_CHECK(JetBeginSession(b, &extra, NULL, NULL), JET_errOutOfSessions);
    API_CHECK(JetBeginSession(a, &sa[0], NULL, NULL), JET_errSuccess);
    API_CHECK(JetEndSession(sb[1], 0), JET_errSuccess);
    API_CHECK(JetBeginSession(a, &extra, NULL, NULL), JET_errOutOfSessions);
    api_instance_term(a);
    api_instance_term(b);
}

/* Two threads race JetBeginSession against a quota of N; exactly N must win. */
#define RACE_N 24
#define RACE_TRIES_PER_THREAD 20

struct race_arg {
    JET_INSTANCE inst;
    atomic_int *go; /* [atomic acq/rel] start flag, released by the test thread */
    int ok;         /* [owner] written by the worker, read after join */
    int out_of_sessions;
    int other;
    JET_ERR other_err;
    JET_SESID got[RACE_TRIES_PER_THREAD];
};

/* race_begin -- worker: try RACE_TRIES_PER_THREAD begins as fast as possible. */
static void *race_begin(void *p)
{
    struct race_arg *a = p;
    while (!atomic_load_explicit(a->go, memory_order_acquire))
        ;
    for (int i = 0; i < RACE_TRIES_PER_THREAD; i++) {
        JET_SESID s = 0x1;
        JET_ERR err = JetBeginSession(a->inst, &s, NULL, NULL);
        if (err == JET_errSuccess)
            a->got[a->ok++] = s;
        else if (err == JET_errOutOfSessions && s == JET_sesidNil)
            a->out_of_sessions++;
        else {
            a->other++;
            a->other_err = err;
        }
    }
    return NULL;
}

Test(sysparam, max_sessions_exact_across_two_threads)
{
    JET_INSTANCE inst = new_instance_with_max_sessions(RACE_N);
    for (int round = 0; round < 20; round++) {
        atomic_int go = 0;
        struct race_arg a[2];
        pthread_t t[2];
        for (int i = 0; i < 2; i++) {
            memset(&a[i], 0, sizeof a[i]);
            a[i].inst = inst;
            a[i].go = &go;
            cr_assert_eq(pthread_create(&t[i], NULL, race_begin, &a[i]), 0);
        }
        atomic_store_explicit(&go, 1, memory_order_release);
        for (int i = 0; i < 2; i++)
            pthread_join(t[i], NULL);
        cr_assert_eq(a[0].other + a[1].other, 0, "unexpected result %d (%s)",
                     (int)(a[0].other ? a[0].other_err : a[1].other_err),
                     api_err_name(a[0].other ? a[0].other_err : a[1].other_err));
        cr_assert_eq(a[0].ok + a[1].ok, RACE_N, "round %d: %d + %d sessions, quota %d", round,
                     a[0].ok, a[1].ok, RACE_N);
        cr_assert_eq(a[0].out_of_sessions + a[1].out_of_sessions,
                     2 * RACE_TRIES_PER_THREAD - RACE_N);
        /* End one from the other thread's set: exactly one more begin succeeds. */
        JET_SESID extra;
        JET_SESID *victim = a[0].ok ? &a[0].got[0] : &a[1].got[0];
        API_CHECK(JetEndSession(*victim, 0), JET_errSuccess);
        API_CHECK(JetBeginSession(inst, victim, NULL, NULL), JET_errSuccess);
        API_CHECK(JetBeginSession(inst, &extra, NULL, NULL), JET_errOutOfSessions);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < a[i].ok; j++)
                API_CHECK(JetEndSession(a[i].got[j], 0), JET_errSuccess);
    }
    api_instance_term(inst);
}
