/*
 * fuzz_api.c -- libFuzzer target: random sequences of Jet* calls, judged by
 * a model of the documented behaviour. This file: the driver, the input
 * reader, the expectation sets and the foundation model; the data APIs are
 * in fuzz_data.c, fuzz_cursor.c and fuzz_kv.c, the two-thread opcode in
 * fuzz_threads.c (their contract: fuzz_model.h, fuzz_data.h).
 *
 * WHAT IT DOES
 *   LLVMFuzzerTestOneInput decodes the input as a program of API calls (the
 *   byte code is in fuzz_ops.h) over the functions of the foundation:
 *   JetCreateInstance/2, JetInit/2/3, JetTerm/2, JetStopService,
 *   JetStopServiceInstance/2, JetSet/GetSystemParameter, JetBeginSession,
 *   JetDupSession, JetEndSession, JetSet/ResetSessionContext,
 *   JetBeginTransaction/2/3, JetCommitTransaction/2 and JetRollback. Handles
 *   are drawn from live handles, handles ended by JetEndSession, handles of
 *   terminated instances, and forged values (0, ~0, live +-1, bit flips,
 *   random 64-bit values); grbits and values from tables of interesting
 *   values or raw input bytes. Up to 3 instances and 3 sessions are
 *   tracked. The data opcodes (fuzz_ops.h, after OP_ROLLBACK) add
 *   databases, tables, cursors, records, temp tables, info calls and the
 *   key/value model check, with table handles and dbids drawn the same way.
 *   Every run of an input is deterministic, except the calls of OP_THREADS
 *   (fuzz_threads.c), whose interleaving is the scheduler's.
 *
 * THE ORACLE (a model, not a second engine)
 *   The model tracks only: the process mode (none / single-instance /
 *   multi-instance), each tracked instance (created / initialized, stopped,
 *   legacy, name, its copy of the tracked parameters), the global parameter
 *   values, each live session (instance, transaction level, context value,
 *   the context that owns its transaction) and the fate of each dead handle
 *   (ended by JetEndSession, or by JetTerm). For every call it computes the
 *   set of errors that apply under ese-reference section 6 and the lead's
 *   decisions (/tmp/decisions.txt, summarised in the report):
 *     - no error applies            -> the call must return JET_errSuccess
 *     - one or more errors apply    -> the call must return one of them
 *       (where the documents fix no order between two checks, either
 *       answer is accepted; a documented order is a single entry)
 *     - an "either" case (the documents are silent, e.g. JetStopService on
 *       an instance already stopped) accepts success as well.
 *   Exact predictions include: forged/ended handle -> JET_errInvalidSesid,
 *   handle ended by JetTerm (or any handle when nothing is initialized) ->
 *   JET_errNotInitialized, level 7 begin -> JET_errTransTooDeep, unknown
 *   commit/rollback/term/stop grbits -> JET_errInvalidGrbit, JetEndSession
 *   grbit -> InvalidParameter, context set then end -> JET_errSessionInUse,
 *   stop then end -> -1329, term with an open transaction ->
 *   JET_errTooManyActiveUsers, term dirty -> JET_errDirtyShutdown,
 *   MaxSessions=N -> the N+1th session gets JET_errOutOfSessions, parameter
 *   round trips (Get returns what Set stored), JET_sesidNil written on a
 *   failed begin, commit ids increasing across outermost commits.
 *   Any other outcome abort()s with the call, the code and the expected set:
 *   libFuzzer reports it as a crash.
 *
 * INDEPENDENCE OF INPUTS
 *   After the program, every instance the input created is terminated with
 *   JetTerm2(TermDirty) (which must succeed), the tracked global parameters
 *   are restored to the values read at start-up, and the process must be
 *   back in "no instance" mode (JetStopService -> NotInitialized,
 *   JetCreateInstance + JetTerm succeed).
 *
 * Built two ways (tests/fuzz/CMakeLists.txt): with -fsanitize=fuzzer by
 * `make fuzz`, and with replay_main.c as the ctest test fuzz_replay, which
 * runs the committed corpus and regressions in every build of `make test`.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esent.h"
#include "fuzz_model.h"
#include "sync/omap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- input reader ------------------------------------------------------ */

/* u8 -- next input byte; 0 past the end, so every input is a program */
uint8_t u8(struct rd *r)
{
    if (r->n == 0)
        return 0;
    r->n--;
    return *r->p++;
}

/* u64 -- next 8 bytes, little endian */
uint64_t u64(struct rd *r)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)u8(r) << (8 * i);
    return v;
}

/* grbit_arg -- GRB: a table entry, or 4 raw bytes */
uint32_t grbit_arg(struct rd *r)
{
    uint8_t b = u8(r);
    if (b < 0xF0)
        return fz_grbits[b % FZ_N_GRBITS];
    return (uint32_t)u64(r);
}

/* value_arg -- VAL: a table entry, or 8 raw bytes */
uint64_t value_arg(struct rd *r)
{
    uint8_t b = u8(r);
    if (b < 0xF0)
        return fz_values[b % FZ_N_VALUES];
    return u64(r);
}

/* ---- the model --------------------------------------------------------- */

struct model M;

static struct pval g_boot[FZ_N_PARAMS]; /* global values read at start-up */
static int64_t g_last_commit_id;        /* outermost commit ids must increase */
_Thread_local int g_op_index;
_Thread_local int g_threaded;
/* Handles ended by JetTerm: JET_errNotInitialized until a later session on
 * the same slot is itself ended by JetTerm, JET_errInvalidSesid after (the
 * engine keeps one "killed by JetTerm" generation per slot,
 * src/core/session.c stale_error; the README's "until the slot is reused"
 * is looser than what the engine does: reported). The oracle knows the
 * slot: the low 24 bits of a session handle (src/sync/handle.h), and it
 * sees every handle an input is given. dead.slot_reused means "superseded". */
#define FZ_HANDLE_SLOT(h) ((h) & 0xFFFFFFu)
_Thread_local const char *g_op_name;
static int g_trace; /* FUZZ_TRACE set: print every call and its code */

static int running_count(void)
{
    int n = 0;
    for (int i = 0; i < FZ_SLOTS; i++)
        n += M.ins[i].state == INS_RUNNING;
    return n;
}

static int live_count(void)
{
    int n = 0;
    for (int i = 0; i < FZ_SLOTS; i++)
        n += M.ins[i].state != INS_FREE;
    return n;
}

static int legacy_index(void)
{
    for (int i = 0; i < FZ_SLOTS; i++)
        if (M.ins[i].state != INS_FREE && M.ins[i].legacy)
            return i;
    return -1;
}

void remember(struct dead *arr, int *n, uint64_t h, int fate)
{
    if (h == 0)
        return;
    if (*n == HIST) { /* forget the oldest: it becomes an "unknown" value */
        memmove(arr, arr + 1, (HIST - 1) * sizeof(*arr));
        (*n)--;
    }
    arr[(*n)++] = (struct dead){h, fate, 0};
}

/* find_ins -- the tracked instance a handle value names, or -1.
 * 0 and ~0 are not handles; 0 names the legacy instance only where an API
 * says so (callers handle that). */
static int find_ins(JET_INSTANCE h)
{
    if (h == 0 || h == JET_instanceNil)
        return -1;
    for (int i = 0; i < FZ_SLOTS; i++)
        if (M.ins[i].state != INS_FREE && M.ins[i].h == h)
            return i;
    return -1;
}

static int find_ses(JET_SESID h)
{
    for (int i = 0; i < FZ_SLOTS; i++)
        if (M.ses[i].live && M.ses[i].h == h)
            return i;
    return -1;
}

const struct dead *find_dead(const struct dead *arr, int n, uint64_t h)
{
    for (int i = 0; i < n; i++)
        if (arr[i].h == h)
            return &arr[i];
    return NULL;
}

/* ---- expectations ------------------------------------------------------ */

void ex_add(struct expect *x, JET_ERR err)
{
    for (int i = 0; i < x->n; i++)
        if (x->e[i] == err)
            return;
    if (x->n < (int)(sizeof x->e / sizeof x->e[0]))
        x->e[x->n++] = err;
}

/* ex_addv -- add every code of a 0-terminated list */
void ex_addv(struct expect *x, const JET_ERR *v)
{
    for (; *v; v++)
        ex_add(x, *v);
}

/* ex_ok -- is got in the set (worker threads may also meet a session in use) */
static int ex_ok(const struct expect *x, JET_ERR got)
{
    if (g_threaded && got == JET_errSessionSharingViolation)
        return 1;
    if (x->n == 0)
        return got == JET_errSuccess;
    if (got == JET_errSuccess)
        return x->either;
    for (int i = 0; i < x->n; i++)
        if (x->e[i] == got)
            return 1;
    return 0;
}

/* fail -- report an oracle violation; libFuzzer turns abort() into a crash */
void fail(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "\nfuzz oracle: op #%d %s: ", g_op_index, g_op_name ? g_op_name : "?");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

/* check_trace -- print one call under FUZZ_TRACE (the kv steps use it) */
void check_trace(const char *what, JET_ERR got)
{
    if (g_trace)
        fprintf(stderr, "  #%d %-14s %-32s %-18s -> %d\n", g_op_index, g_op_name, what, "",
                (int)got);
}

/* check -- the call returned got; it must be in x */
void check(const struct expect *x, JET_ERR got, const char *what, uint64_t h)
{
    if (g_trace)
        fprintf(stderr, "  #%d %-14s %-32s 0x%-16llx -> %d\n", g_op_index, g_op_name, what,
                (unsigned long long)h, (int)got);
    if (ex_ok(x, got))
        return;
    char buf[256];
    int o = 0;
    if (x->n == 0)
        o += snprintf(buf + o, sizeof buf - o, "0");
    for (int i = 0; i < x->n && o < (int)sizeof buf - 16; i++)
        o += snprintf(buf + o, sizeof buf - o, "%s%d", i ? "|" : "", (int)x->e[i]);
    if (x->n && x->either)
        snprintf(buf + o, sizeof buf - o, "|0");
    fail("%s (handle 0x%llx) returned %d, expected %s", what, (unsigned long long)h, (int)got,
         buf);
}

/* ---- handle selection -------------------------------------------------- */

uint64_t forge(struct rd *r, int kind, uint64_t live)
{
    switch (kind) {
    case SEL_ZERO:
        return 0;
    case SEL_NIL:
        return ~(uint64_t)0;
    case SEL_PLUS1:
        return live + 1;
    case SEL_MINUS1:
        return live - 1;
    case SEL_FLIP:
        return live ^ ((uint64_t)1 << (u8(r) % 64));
    default:
        return u64(r);
    }
}

static JET_INSTANCE pick_ins(struct rd *r)
{
    uint8_t b = u8(r);
    int kind = b & 7, idx = b >> 3;
    const struct m_ins *i = &M.ins[idx % FZ_SLOTS];
    uint64_t live = i->state != INS_FREE ? i->h : 0;
    if (kind == SEL_LIVE)
        return live;
    if (kind == SEL_DEAD)
        return M.n_dead_ins ? M.dead_ins[idx % M.n_dead_ins].h : 0;
    return forge(r, kind, live);
}

JET_SESID pick_ses(struct rd *r)
{
    uint8_t b = u8(r);
    int kind = b & 7, idx = b >> 3;
    const struct m_ses *s = &M.ses[idx % FZ_SLOTS];
    uint64_t live = s->live ? s->h : 0;
    if (kind == SEL_LIVE)
        return live;
    if (kind == SEL_DEAD)
        return M.n_dead_ses ? M.dead_ses[idx % M.n_dead_ses].h : 0;
    return forge(r, kind, live);
}

/* ---- instances --------------------------------------------------------- */

static void ins_forget_sessions(int ii, int fate)
{
    for (int s = 0; s < FZ_SLOTS; s++) {
        if (M.ses[s].live && M.ses[s].ins == ii) {
            for (int i = 0; fate == FATE_TERMED && i < M.n_dead_ses; i++)
                if (FZ_HANDLE_SLOT(M.dead_ses[i].h) == FZ_HANDLE_SLOT(M.ses[s].h))
                    M.dead_ses[i].slot_reused = 1;
            remember(M.dead_ses, &M.n_dead_ses, M.ses[s].h, fate);
            fzd_session_gone(s);
            M.ses[s].live = 0;
        }
    }
    M.ins[ii].nses = 0;
}

static void ins_free(int ii)
{
    ins_forget_sessions(ii, FATE_TERMED);
    fzd_instance_gone(ii);
    remember(M.dead_ins, &M.n_dead_ins, M.ins[ii].h, FATE_TERMED);
    memset(&M.ins[ii], 0, sizeof(M.ins[ii]));
    if (live_count() == 0)
        M.mode = MODE_NONE; /* the mode ends with the last instance */
}

static int free_ins_slot(void)
{
    for (int i = 0; i < FZ_SLOTS; i++)
        if (M.ins[i].state == INS_FREE)
            return i;
    return -1;
}

static void ins_make(int ii, JET_INSTANCE h, int name, int legacy, int state)
{
    struct m_ins *i = &M.ins[ii];
    memset(i, 0, sizeof(*i));
    i->state = state;
    i->legacy = legacy;
    i->name = name;
    i->h = h;
    memcpy(i->p, M.global, sizeof(i->p)); /* the defaults are copied at creation */
}

static int name_in_use(int name)
{
    for (int i = 0; i < FZ_SLOTS; i++) {
        if (M.ins[i].state == INS_FREE)
            continue;
        int a = M.ins[i].name, b = name;
        if (a == S_NULL && b == S_NULL)
            return 1;
        if (a != S_NULL && b != S_NULL && strcmp(fz_strings[a], fz_strings[b]) == 0)
            return 1;
    }
    return 0;
}

static uint64_t max_instances(void) { return M.global[P_MAXINST].ival; }

static void op_create(struct rd *r, int v2)
{
    int nullp = u8(r) & 1;
    int name = (int)(u8(r) % FZ_N_STRINGS);
    int display = v2 ? (int)(u8(r) % FZ_N_STRINGS) : name;
    JET_GRBIT grbit = v2 ? grbit_arg(r) : 0;
    int slot = free_ins_slot();
    if (slot < 0)
        return; /* three instances tracked already: keep the model complete */
    struct expect x = {0};
    if (nullp)
        ex_add(&x, JET_errInvalidParameter);
    if (grbit != 0)
        ex_add(&x, JET_errInvalidGrbit);
    if (M.mode == MODE_SINGLE)
        ex_add(&x, JET_errRunningInOneInstanceMode);
    if ((uint64_t)live_count() >= max_instances())
        ex_add(&x, JET_errTooManyInstances);
    if (name_in_use(name))
        ex_add(&x, JET_errInstanceNameInUse);
    JET_INSTANCE h = 0;
    JET_ERR err = v2 ? JetCreateInstance2(nullp ? NULL : &h, fz_strings[name],
                                          fz_strings[display], grbit)
                     : JetCreateInstance(nullp ? NULL : &h, fz_strings[name]);
    check(&x, err, "JetCreateInstance", 0);
    if (err == JET_errSuccess) {
        if (h == 0 || h == JET_instanceNil || find_ins(h) >= 0 ||
            find_dead(M.dead_ins, M.n_dead_ins, h))
            fail("JetCreateInstance returned handle 0x%llx (0, nil, or reused)",
                 (unsigned long long)h);
        ins_make(slot, h, name, 0, INS_CREATED);
        M.mode = MODE_MULTI;
    }
}

static void op_init(struct rd *r, int variant)
{
    uint8_t pb = u8(r) % 4;
    JET_INSTANCE v = 0;
    if (pb >= PTR_SEL)
        v = pick_ins(r);
    int rst = variant == 3 ? (u8(r) & 1) : 0;
    JET_GRBIT grbit = variant >= 2 ? grbit_arg(r) : 0;
    JET_INSTANCE *pinst = pb == PTR_NULL ? NULL : &v;
    JET_INSTANCE before = v;
    struct expect x = {0};
    int target = -1, legacy_path = pinst == NULL || v == 0;
    JET_RSTINFO_A rstinfo;
    memset(&rstinfo, 0, sizeof rstinfo);

    if (rst)
        ex_add(&x, JET_errFeatureNotAvailable);
    if (legacy_path) {
        if (M.mode == MODE_MULTI)
            ex_add(&x, JET_errRunningInMultiInstanceMode);
        else if (legacy_index() >= 0)
            ex_add(&x, JET_errAlreadyInitialized);
        else if ((uint64_t)live_count() >= max_instances())
            ex_add(&x, JET_errTooManyInstances);
    } else {
        target = find_ins(v);
        if (target < 0) {
            ex_add(&x, JET_errInvalidInstance);
        } else if (M.ins[target].state == INS_RUNNING) {
            ex_add(&x, JET_errAlreadyInitialized);
            if (M.ins[target].stopped)
                ex_add(&x, JET_errClientRequestToStopJetService);
        }
    }
    JET_ERR err = variant == 1   ? JetInit(pinst)
                  : variant == 2 ? JetInit2(pinst, grbit)
                                 : JetInit3(pinst, rst ? &rstinfo : NULL, grbit);
    check(&x, err, "JetInit", before);
    if (err != JET_errSuccess)
        return;
    if (legacy_path) {
        int slot = free_ins_slot(); /* mode NONE: every slot is free */
        JET_INSTANCE h = pinst ? v : 0;
        if (pinst && (h == 0 || h == JET_instanceNil))
            fail("legacy JetInit wrote handle 0x%llx", (unsigned long long)h);
        ins_make(slot, h, S_NULL, 1, INS_RUNNING);
        M.mode = MODE_SINGLE;
    } else {
        if (v != before)
            fail("JetInit changed a live handle");
        M.ins[target].state = INS_RUNNING;
    }
}

/* resolve_term_target -- JetTerm and JetStopServiceInstance: 0 names the
 * legacy instance when there is one; otherwise 0 is "not initialized" (the
 * engine) or "invalid instance" (the decisions): either is accepted. */
static int resolve_term_target(JET_INSTANCE h, struct expect *x)
{
    if (h == 0) {
        int l = M.mode == MODE_SINGLE ? legacy_index() : -1;
        if (l < 0) {
            ex_add(x, JET_errInvalidInstance);
            ex_add(x, JET_errNotInitialized);
        }
        return l;
    }
    int t = find_ins(h);
    if (t < 0)
        ex_add(x, JET_errInvalidInstance);
    return t;
}

static int any_open_txn(int ii)
{
    for (int s = 0; s < FZ_SLOTS; s++)
        if (M.ses[s].live && M.ses[s].ins == ii && M.ses[s].level > 0)
            return 1;
    return 0;
}

static void op_term(struct rd *r, int v2)
{
    JET_INSTANCE h = pick_ins(r);
    JET_GRBIT grbit = v2 ? grbit_arg(r) : JET_bitTermAbrupt;
    struct expect x = {0};
    if (grbit & ~(JET_GRBIT)(JET_bitTermComplete | JET_bitTermAbrupt | JET_bitTermStopBackup |
                             JET_bitTermDirty))
        ex_add(&x, JET_errInvalidGrbit);
    int t = resolve_term_target(h, &x);
    int dirty_result = 0;
    if (t >= 0 && x.n == 0 && M.ins[t].state == INS_RUNNING) {
        if (!(grbit & JET_bitTermDirty) && any_open_txn(t))
            ex_add(&x, JET_errTooManyActiveUsers);
        else if (grbit & JET_bitTermDirty)
            dirty_result = 1;
    }
    JET_ERR err = v2 ? JetTerm2(h, grbit) : JetTerm(h);
    if (dirty_result) {
        if (err != JET_errDirtyShutdown)
            fail("JetTerm2(TermDirty) of a running instance returned %d, expected -1116",
                 (int)err);
        err = JET_errSuccess;
    }
    check(&x, err, "JetTerm", h);
    if (err == JET_errSuccess)
        ins_free(t);
}

/* stop_expect -- JetStopServiceInstance2's rules on instance t */
static void stop_expect(int t, JET_GRBIT grbit, struct expect *x, int *sets_stop)
{
    const JET_GRBIT known = JET_bitStopServiceBackgroundUserTasks |
                            JET_bitStopServiceQuiesceCaches | JET_bitStopServiceStopAndEmitLog |
                            JET_bitStopServiceResume;
    *sets_stop = 0;
    if ((grbit & ~known) ||
        ((grbit & JET_bitStopServiceStopAndEmitLog) && grbit != JET_bitStopServiceStopAndEmitLog)) {
        ex_add(x, JET_errInvalidGrbit);
        return;
    }
    if (t < 0)
        return;
    if (M.ins[t].state != INS_RUNNING) {
        ex_add(x, JET_errNotInitialized);
        return;
    }
    if (grbit & JET_bitStopServiceResume) {
        if (M.ins[t].stopped)
            ex_add(x, JET_errClientRequestToStopJetService);
        return;
    }
    if (M.ins[t].stopped) { /* stopping again: silent in the documents */
        ex_add(x, JET_errClientRequestToStopJetService);
        x->either = 1;
        return;
    }
    *sets_stop = grbit == JET_bitStopServiceAll || grbit == JET_bitStopServiceStopAndEmitLog;
}

static void op_stop_inst(struct rd *r, int v2)
{
    JET_INSTANCE h = pick_ins(r);
    JET_GRBIT grbit = v2 ? grbit_arg(r) : JET_bitStopServiceAll;
    struct expect x = {0};
    int t = resolve_term_target(h, &x), sets = 0;
    struct expect y = {0};
    stop_expect(t, grbit, &y, &sets);
    for (int i = 0; i < y.n; i++)
        ex_add(&x, y.e[i]);
    x.either = y.either && x.n == y.n;
    JET_ERR err = v2 ? JetStopServiceInstance2(h, grbit) : JetStopServiceInstance(h);
    check(&x, err, "JetStopServiceInstance", h);
    if (err == JET_errSuccess && sets)
        M.ins[t].stopped = 1;
}

static void op_stop_legacy(void)
{
    struct expect x = {0};
    int sets = 0, l = legacy_index();
    if (M.mode == MODE_MULTI)
        ex_add(&x, JET_errRunningInMultiInstanceMode);
    else if (l < 0)
        ex_add(&x, JET_errNotInitialized);
    else
        stop_expect(l, JET_bitStopServiceAll, &x, &sets);
    JET_ERR err = JetStopService();
    check(&x, err, "JetStopService", 0);
    if (err == JET_errSuccess && sets)
        M.ins[l].stopped = 1;
}

/* ---- parameters -------------------------------------------------------- */

/* param_values -- where a Set/Get of instance-scope parameters lands:
 * 0/~0 (and a NULL pinstance) address the global set, except in
 * single-instance mode, where they address the one instance (ESE's legacy
 * mode; the engine does so). NULL when the handle names nothing. */
static struct pval *param_values(int by_null, JET_INSTANCE h, const struct fz_param *def,
                                 int *pins)
{
    int pi = (int)(def - fz_params);
    *pins = -1;
    if (by_null || h == 0 || h == JET_instanceNil) {
        if (M.mode == MODE_SINGLE)
            *pins = legacy_index();
    } else {
        *pins = find_ins(h);
        if (*pins < 0)
            return NULL;
    }
    if (def->global || *pins < 0)
        return &M.global[pi];
    return &M.ins[*pins].p[pi];
}

/* int_validity -- 1 valid, 0 invalid, -1 either (the range is not documented there) */
static int int_validity(const struct fz_param *d, uint64_t v)
{
    if (v == 0)
        return d->zero_ok;
    if (v >= d->lo && v <= d->hi)
        return 1;
    if (v > d->bad)
        return 0;
    return -1;
}

static void op_set_param(struct rd *r)
{
    uint8_t pb = u8(r) % 4;
    JET_INSTANCE v = 0;
    if (pb >= PTR_SEL)
        v = pick_ins(r);
    const struct fz_param *d = &fz_params[u8(r) % FZ_N_PARAMS];
    uint64_t lp = value_arg(r);
    int si = u8(r) % FZ_N_STRINGS;
    const char *sz = fz_strings[si];
    JET_INSTANCE *pinst = pb == PTR_NULL ? NULL : &v;
    int ti;
    struct expect x = {0};
    struct pval *pv = param_values(pinst == NULL, v, d, &ti);
    if (!pv)
        ex_add(&x, JET_errInvalidInstance);
    switch (d->kind) {
    case PK_INT: {
        int ok = int_validity(d, lp);
        if (ok <= 0)
            ex_add(&x, JET_errInvalidParameter);
        if (ok < 0)
            x.either = x.n == 1;
        break;
    }
    case PK_PATH:
        if (!sz || strlen(sz) > 259)
            ex_add(&x, JET_errInvalidParameter);
        break;
    case PK_BASE:
        if (!sz || strlen(sz) != 3)
            ex_add(&x, JET_errInvalidParameter);
        break;
    case PK_ERRSTR:
    case PK_UNKNOWN:
        ex_add(&x, JET_errInvalidParameter);
        break;
    case PK_LOOSE:
        break;
    }
    if (pv && d->locked) {
        int locked = d->global ? running_count() > 0 : (ti >= 0 && M.ins[ti].state == INS_RUNNING);
        if (locked) {
            ex_add(&x, JET_errAlreadyInitialized);
            x.either = 0;
        }
    }
    if (ti >= 0 && M.ins[ti].stopped && pv) {
        /* "every API on that instance" after a stop: silent for parameters */
        ex_add(&x, JET_errClientRequestToStopJetService);
        x.either = x.n == 1 || x.either;
    }
    JET_INSTANCE before = v;
    JET_ERR err = JetSetSystemParameter(pinst, (JET_SESID)lp, d->id, (JET_API_PTR)lp, sz);
    if (d->kind == PK_LOOSE) {
        /* only "a documented code, no crash" */
        if (err != JET_errSuccess && err != JET_errInvalidParameter &&
            err != JET_errAlreadyInitialized && err != JET_errInvalidInstance &&
            err != JET_errClientRequestToStopJetService)
            fail("JetSetSystemParameter(%u) returned %d", d->id, (int)err);
        return;
    }
    check(&x, err, "JetSetSystemParameter", v);
    if (pinst && v != before)
        fail("JetSetSystemParameter changed *pinstance");
    if (err != JET_errSuccess)
        return;
    if (d->kind == PK_INT)
        pv->ival = lp;
    else
        snprintf(pv->sval, sizeof pv->sval, "%s", sz);
}

static void op_get_param(struct rd *r)
{
    JET_INSTANCE h = pick_ins(r);
    const struct fz_param *d = &fz_params[u8(r) % FZ_N_PARAMS];
    uint8_t fl = u8(r);
    uint32_t cb = fz_cbs[u8(r) % FZ_N_CBS];
    uint64_t code = value_arg(r);
    char buf[1024 + 16];
    JET_API_PTR lp = (JET_API_PTR)code;
    JET_API_PTR *plp = (fl & 1) ? NULL : &lp;
    char *sz = (fl & 2) ? NULL : buf;
    int ti;
    struct expect x = {0};
    memset(buf, 0x5A, sizeof buf);

    if (d->kind == PK_ERRSTR) {
        /* the instance is not consulted: *plParam holds the code to name */
        if (!plp || !sz || cb == 0)
            ex_add(&x, JET_errInvalidParameter);
        else if (cb < 16)
            ex_add(&x, JET_errBufferTooSmall);
        else if (cb < 200) {
            ex_add(&x, JET_errBufferTooSmall);
            x.either = 1;
        }
        JET_ERR err = JetGetSystemParameter(h, 0, d->id, plp, sz, cb);
        check(&x, err, "JetGetSystemParameter(ErrorToString)", h);
        if (err == JET_errSuccess) {
            if (!memchr(buf, 0, cb) || buf[0] == 0)
                fail("ErrorToString: no terminated text within cbMax");
            if ((JET_ERR)code == JET_errInvalidSesid &&
                strncmp(buf, "JET_errInvalidSesid, ", 21) != 0)
                fail("ErrorToString(-1104) = \"%s\"", buf);
        }
        return;
    }
    struct pval *pv = param_values(0, h, d, &ti);
    if (!pv)
        ex_add(&x, JET_errInvalidInstance);
    size_t need = 0;
    switch (d->kind) {
    case PK_INT:
        if (!plp)
            ex_add(&x, JET_errInvalidParameter);
        break;
    case PK_PATH:
    case PK_BASE:
        if (!sz)
            ex_add(&x, JET_errInvalidParameter);
        else if (pv && (need = strlen(pv->sval) + 1) > cb)
            ex_add(&x, JET_errBufferTooSmall);
        break;
    case PK_UNKNOWN:
        ex_add(&x, JET_errInvalidParameter);
        break;
    default:
        break;
    }
    if (ti >= 0 && M.ins[ti].stopped && pv) {
        ex_add(&x, JET_errClientRequestToStopJetService);
        x.either = x.n == 1 || x.either;
    }
    JET_ERR err = JetGetSystemParameter(h, 0, d->id, plp, sz, cb);
    if (d->kind == PK_LOOSE) {
        if (err != JET_errSuccess && err != JET_errInvalidParameter &&
            err != JET_errInvalidInstance && err != JET_errBufferTooSmall &&
            err != JET_errClientRequestToStopJetService)
            fail("JetGetSystemParameter(%u) returned %d", d->id, (int)err);
        return;
    }
    check(&x, err, "JetGetSystemParameter", h);
    if (err != JET_errSuccess)
        return;
    if (d->kind == PK_INT && lp != (JET_API_PTR)pv->ival)
        fail("JetGetSystemParameter(%u) = %llu, the model has %llu", d->id,
             (unsigned long long)lp, (unsigned long long)pv->ival);
    if ((d->kind == PK_PATH || d->kind == PK_BASE) && strcmp(buf, pv->sval) != 0)
        fail("JetGetSystemParameter(%u) = \"%.40s\", the model has \"%.40s\"", d->id, buf,
             pv->sval);
}

/* ---- sessions ---------------------------------------------------------- */

/* ses_expect -- the errors a session API call gets before its own checks.
 * Returns the model session, or -1 when the handle names no live session. */
int ses_expect(JET_SESID h, enum entry kind, struct expect *x)
{
    int s = find_ses(h);
    if (s < 0) {
        const struct dead *dd = find_dead(M.dead_ses, M.n_dead_ses, h);
        if (running_count() == 0) {
            ex_add(x, JET_errNotInitialized);
        } else if (dd && dd->fate == FATE_TERMED) {
            ex_add(x, dd->slot_reused ? JET_errInvalidSesid : JET_errNotInitialized);
        } else if (dd || h == 0 || h == JET_sesidNil) {
            ex_add(x, JET_errInvalidSesid); /* 0 and ~0 are never handles */
        } else {
            /* A value this input never saw: forged, or a handle of an earlier
             * input (possibly ended by JetTerm there). */
            ex_add(x, JET_errInvalidSesid);
            ex_add(x, JET_errNotInitialized);
        }
        return -1;
    }
    const struct m_ses *ss = &M.ses[s];
    int stopped = M.ins[ss->ins].stopped;
    if (stopped && kind != E_ROLLBACK && kind != E_RESET_CTX)
        ex_add(x, JET_errClientRequestToStopJetService);
    /* One thread: every context here was set by this thread, every thread-mode
     * transaction is this thread's. */
    switch (kind) {
    case E_END:
        if (ss->ctx)
            ex_add(x, JET_errSessionInUse);
        break;
    case E_SET_CTX:
        break;
    case E_RESET_CTX:
        if (!ss->ctx)
            ex_add(x, JET_errSessionContextNotSetByThisThread);
        break;
    case E_NORMAL:
    case E_ROLLBACK:
        if (ss->level > 0 && ss->trx_ctx && ss->ctx != ss->trx_ctx)
            ex_add(x, JET_errSessionSharingViolation);
        break;
    }
    return s;
}

static int free_ses_slot(void)
{
    for (int i = 0; i < FZ_SLOTS; i++)
        if (!M.ses[i].live)
            return i;
    return -1;
}

/* new_session -- check and record a session handle an API returned */
static void new_session(int slot, int ii, JET_SESID h)
{
    if (h == 0 || h == JET_sesidNil || find_ses(h) >= 0 ||
        find_dead(M.dead_ses, M.n_dead_ses, h))
        fail("session handle 0x%llx is 0, nil, or reused", (unsigned long long)h);
    if (g_trace)
        fprintf(stderr, "     new session 0x%llx\n", (unsigned long long)h);
    M.ses[slot] = (struct m_ses){1, h, ii, 0, 0, 0};
    M.ins[ii].nses++;
}

static void op_begin_session(struct rd *r)
{
    JET_INSTANCE h = pick_ins(r);
    int nullp = u8(r) & 1;
    int slot = free_ses_slot();
    if (slot < 0)
        return;
    struct expect x = {0};
    int t = h == 0 ? (M.mode == MODE_SINGLE ? legacy_index() : -1) : find_ins(h);
    if (nullp)
        ex_add(&x, JET_errInvalidParameter);
    if (t < 0) {
        ex_add(&x, JET_errInvalidParameter);
        if (running_count() == 0)
            ex_add(&x, JET_errNotInitialized);
    } else if (M.ins[t].state != INS_RUNNING) {
        ex_add(&x, JET_errNotInitialized);
    } else {
        if (M.ins[t].stopped)
            ex_add(&x, JET_errClientRequestToStopJetService);
        if ((uint64_t)M.ins[t].nses >= M.ins[t].p[P_MAXSES].ival)
            ex_add(&x, JET_errOutOfSessions);
    }
    JET_SESID sid = 0x77;
    JET_ERR err = JetBeginSession(h, nullp ? NULL : &sid, "user", "pass");
    check(&x, err, "JetBeginSession", h);
    if (err != JET_errSuccess) {
        if (!nullp && sid != JET_sesidNil)
            fail("failed JetBeginSession left *psesid = 0x%llx", (unsigned long long)sid);
        return;
    }
    new_session(slot, t, sid);
}

static void op_dup(struct rd *r)
{
    JET_SESID h = pick_ses(r);
    int nullp = u8(r) & 1;
    int slot = free_ses_slot();
    if (slot < 0)
        return;
    struct expect x = {0};
    if (nullp)
        ex_add(&x, JET_errInvalidParameter);
    int s = ses_expect(h, E_NORMAL, &x);
    if (s >= 0) {
        const struct m_ins *i = &M.ins[M.ses[s].ins];
        if ((uint64_t)i->nses >= i->p[P_MAXSES].ival)
            ex_add(&x, JET_errOutOfSessions);
    }
    JET_SESID sid = 0x77;
    JET_ERR err = JetDupSession(h, nullp ? NULL : &sid);
    check(&x, err, "JetDupSession", h);
    if (err == JET_errSuccess)
        new_session(slot, M.ses[s].ins, sid);
    else if (!nullp && sid != JET_sesidNil)
        fail("failed JetDupSession left *psesid = 0x%llx", (unsigned long long)sid);
}

static void op_end(struct rd *r)
{
    JET_SESID h = pick_ses(r);
    JET_GRBIT grbit = grbit_arg(r);
    struct expect x = {0};
    int s = ses_expect(h, E_END, &x);
    if (grbit & ~(JET_GRBIT)JET_bitForceSessionClosed) {
        /* checked after the handle (6.1): a bad handle wins */
        if (s >= 0)
            ex_add(&x, JET_errInvalidParameter);
    }
    JET_ERR err = JetEndSession(h, grbit);
    check(&x, err, "JetEndSession", h);
    if (err == JET_errSuccess) {
        M.ins[M.ses[s].ins].nses--;
        remember(M.dead_ses, &M.n_dead_ses, h, FATE_ENDED);
        fzd_session_gone(s);
        M.ses[s].live = 0;
    }
}

static void op_set_ctx(struct rd *r)
{
    JET_SESID h = pick_ses(r);
    uint64_t ctx = value_arg(r);
    struct expect x = {0};
    int s = ses_expect(h, E_SET_CTX, &x);
    if (s >= 0) {
        if (ctx == 0 || ctx == ~(uint64_t)0)
            ex_add(&x, JET_errInvalidParameter);
        if (M.ses[s].ctx)
            ex_add(&x, JET_errSessionContextAlreadySet);
    }
    JET_ERR err = JetSetSessionContext(h, (JET_API_PTR)ctx);
    check(&x, err, "JetSetSessionContext", h);
    if (err == JET_errSuccess)
        M.ses[s].ctx = ctx;
}

static void op_reset_ctx(struct rd *r)
{
    JET_SESID h = pick_ses(r);
    struct expect x = {0};
    int s = ses_expect(h, E_RESET_CTX, &x);
    JET_ERR err = JetResetSessionContext(h);
    check(&x, err, "JetResetSessionContext", h);
    if (err == JET_errSuccess)
        M.ses[s].ctx = 0;
}

static void op_begin_tx(struct rd *r, int variant)
{
    JET_SESID h = pick_ses(r);
    int64_t trxid = variant == 3 ? (int64_t)value_arg(r) : 0;
    JET_GRBIT grbit = variant >= 2 ? grbit_arg(r) : 0;
    struct expect x = {0};
    int s = ses_expect(h, E_NORMAL, &x);
    if (s >= 0 && M.ses[s].level >= 7)
        ex_add(&x, JET_errTransTooDeep);
    JET_ERR err = variant == 1   ? JetBeginTransaction(h)
                  : variant == 2 ? JetBeginTransaction2(h, grbit)
                                 : JetBeginTransaction3(h, trxid, grbit);
    check(&x, err, "JetBeginTransaction", h);
    if (err == JET_errSuccess) {
        fzd_begin(s, variant == 1 ? 0 : grbit);
        if (M.ses[s].level++ == 0)
            M.ses[s].trx_ctx = M.ses[s].ctx;
    }
}

static void level_down(int s, int all)
{
    M.ses[s].level = all ? 0 : M.ses[s].level - 1;
    if (M.ses[s].level == 0)
        M.ses[s].trx_ctx = 0;
}

static void op_commit(struct rd *r, int v2)
{
    JET_SESID h = pick_ses(r);
    JET_GRBIT grbit = grbit_arg(r);
    uint32_t cmsec = v2 ? (uint32_t)value_arg(r) : 0;
    int want_id = v2 ? (u8(r) & 1) : 0;
    const JET_GRBIT wait = JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit |
                           JET_bitForceNewLog;
    const JET_GRBIT valid = JET_bitCommitLazyFlush | wait | JET_bitCommitRedoCallback;
    struct expect x = {0};
    int s = ses_expect(h, E_NORMAL, &x), outermost = 0, waits = 0;
    if (grbit & ~valid) {
        ex_add(&x, JET_errInvalidGrbit);
    } else if (grbit & wait) {
        if (grbit & (grbit - 1))
            ex_add(&x, JET_errInvalidGrbit);
        else if (cmsec != 0) { /* "alone succeeds" vs "cmsec needs LazyFlush": silent */
            ex_add(&x, JET_errInvalidParameter);
            x.either = x.n == 1;
        }
        waits = 1;
    } else {
        if (cmsec != 0 && !(grbit & JET_bitCommitLazyFlush))
            ex_add(&x, JET_errInvalidParameter);
        if (s >= 0 && M.ses[s].level == 0)
            ex_add(&x, JET_errNotInTransaction);
        outermost = s >= 0 && M.ses[s].level == 1;
    }
    JET_COMMIT_ID id;
    memset(&id, 0, sizeof id);
    JET_ERR err = v2 ? JetCommitTransaction2(h, grbit, cmsec, want_id ? &id : NULL)
                     : JetCommitTransaction(h, grbit);
    check(&x, err, "JetCommitTransaction", h);
    if (err != JET_errSuccess || waits)
        return;
    if (want_id && outermost) {
        if (id.commitId <= g_last_commit_id)
            fail("commit id %lld after %lld", (long long)id.commitId,
                 (long long)g_last_commit_id);
        g_last_commit_id = id.commitId;
    }
    fzd_commit(s);
    level_down(s, 0);
}

static void op_rollback(struct rd *r)
{
    JET_SESID h = pick_ses(r);
    JET_GRBIT grbit = grbit_arg(r);
    struct expect x = {0};
    int s = ses_expect(h, E_ROLLBACK, &x);
    if (grbit & ~(JET_GRBIT)JET_bitRollbackAll)
        ex_add(&x, JET_errInvalidGrbit);
    if (s >= 0 && M.ses[s].level == 0)
        ex_add(&x, JET_errNotInTransaction);
    JET_ERR err = JetRollback(h, grbit);
    check(&x, err, "JetRollback", h);
    if (err == JET_errSuccess) {
        fzd_rollback(s, (grbit & JET_bitRollbackAll) != 0);
        level_down(s, (grbit & JET_bitRollbackAll) != 0);
    }
}

/* ---- start-up, clean-up ------------------------------------------------ */

static void must(JET_ERR err, JET_ERR want, const char *what)
{
    if (err != want)
        fail("%s returned %d, expected %d", what, (int)err, (int)want);
}

/* boot -- read the global defaults once, before any input changes them */
static void boot(void)
{
    static const struct {
        int p;
        uint64_t v;
    } documented[] = {{P_MAXSES, 16}, {P_MAXTABLES, 300}, {P_MAXCURSORS, 1024},
                      {P_MAXVER, 64}, {P_MAXTEMP, 20},    {P_MAXINST, 16}};
    g_op_name = "boot";
    g_trace = getenv("FUZZ_TRACE") != NULL;
    /* Index fences (src/sync/omap.c, FENCE) from 4 entries, checked every
     * 4 writes: the fuzzer's tables are small, and the key/value model
     * then judges descents that start from fence nodes, stale or deleted. */
    oe_omap_tune_fence(4, 4);
    for (size_t i = 0; i < FZ_N_PARAMS; i++) {
        const struct fz_param *d = &fz_params[i];
        JET_API_PTR v = 0;
        if (d->kind == PK_INT) {
            must(JetGetSystemParameter(0, 0, d->id, &v, NULL, 0), 0, "get default");
            g_boot[i].ival = v;
        } else if (d->kind == PK_PATH || d->kind == PK_BASE) {
            must(JetGetSystemParameter(0, 0, d->id, NULL, g_boot[i].sval, PSTR_MAX), 0,
                 "get default");
        }
    }
    for (size_t i = 0; i < sizeof documented / sizeof documented[0]; i++)
        if (g_boot[documented[i].p].ival != documented[i].v)
            fail("default of parameter %u is %llu, documented %llu",
                 fz_params[documented[i].p].id, (unsigned long long)g_boot[documented[i].p].ival,
                 (unsigned long long)documented[i].v);
}

/* cleanup -- terminate what the input left, restore the globals, and check
 * that the process is back to "no instance" */
static void cleanup(void)
{
    g_op_name = "cleanup";
    for (int i = 0; i < FZ_SLOTS; i++) {
        if (M.ins[i].state == INS_FREE)
            continue;
        JET_ERR want = M.ins[i].state == INS_RUNNING ? JET_errDirtyShutdown : JET_errSuccess;
        must(JetTerm2(M.ins[i].h, JET_bitTermDirty), want, "JetTerm2(TermDirty) at the end");
        ins_free(i);
    }
    for (size_t i = 0; i < FZ_N_PARAMS; i++) {
        const struct fz_param *d = &fz_params[i];
        if (d->kind == PK_INT)
            must(JetSetSystemParameter(NULL, 0, d->id, (JET_API_PTR)g_boot[i].ival, NULL), 0,
                 "restoring a global parameter");
        else if (d->kind == PK_PATH || d->kind == PK_BASE)
            must(JetSetSystemParameter(NULL, 0, d->id, 0, g_boot[i].sval), 0,
                 "restoring a global parameter");
    }
    must(JetStopService(), JET_errNotInitialized, "JetStopService after the clean-up");
    JET_INSTANCE probe = 0;
    must(JetCreateInstance(&probe, "fuzz-probe"), 0, "JetCreateInstance after the clean-up");
    must(JetTerm(probe), 0, "JetTerm of the probe");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int booted;
    struct rd r = {data, size};
    if (!booted) {
        boot();
        booted = 1;
    }
    memset(&M, 0, sizeof M);
    memcpy(M.global, g_boot, sizeof M.global);
    fzd_reset();
    for (g_op_index = 0; r.n > 0 && g_op_index < FZ_MAX_OPS; g_op_index++) {
        static const char *const names[OP_ROLLBACK + 1] = {
            "create", "create2", "init", "init2", "init3", "term", "term2", "stop",
            "stop_inst", "stop_inst2", "set_param", "get_param", "begin_session", "dup",
            "end", "set_ctx", "reset_ctx", "begin_tx", "begin_tx2", "begin_tx3", "commit",
            "commit2", "rollback"};
        int op = u8(&r) % OP_COUNT;
        g_op_name = op <= OP_ROLLBACK ? names[op] : NULL;
        switch (op) {
        case OP_CREATE: op_create(&r, 0); break;
        case OP_CREATE2: op_create(&r, 1); break;
        case OP_INIT: op_init(&r, 1); break;
        case OP_INIT2: op_init(&r, 2); break;
        case OP_INIT3: op_init(&r, 3); break;
        case OP_TERM: op_term(&r, 0); break;
        case OP_TERM2: op_term(&r, 1); break;
        case OP_STOP: op_stop_legacy(); break;
        case OP_STOP_INST: op_stop_inst(&r, 0); break;
        case OP_STOP_INST2: op_stop_inst(&r, 1); break;
        case OP_SET_PARAM: op_set_param(&r); break;
        case OP_GET_PARAM: op_get_param(&r); break;
        case OP_BEGIN_SES: op_begin_session(&r); break;
        case OP_DUP: op_dup(&r); break;
        case OP_END: op_end(&r); break;
        case OP_SET_CTX: op_set_ctx(&r); break;
        case OP_RESET_CTX: op_reset_ctx(&r); break;
        case OP_BEGIN_TX: op_begin_tx(&r, 1); break;
        case OP_BEGIN_TX2: op_begin_tx(&r, 2); break;
        case OP_BEGIN_TX3: op_begin_tx(&r, 3); break;
        case OP_COMMIT: op_commit(&r, 0); break;
        case OP_COMMIT2: op_commit(&r, 1); break;
        case OP_ROLLBACK: op_rollback(&r); break;
        case OP_THREADS: fzt_run(&r); break;
        default: fzd_run(op, &r); break;
        }
    }
    cleanup();
    return 0;
}
