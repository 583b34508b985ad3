/*
 * sessions_hostile.c -- session begin/transaction/end under a hostile thread.
 *
 * What it proves (ese-reference.md section 6.1-6.3 and the session rules of
 * the foundation decisions):
 *   - JetEndSession of a session with open levels rolls them back and returns
 *     0 while other threads are poking at the same handles;
 *   - a thread that does not own a session's transaction or context can
 *     never touch it: JetEndSession -> JET_errSessionInUse, every other call
 *     -> JET_errSessionSharingViolation (or the context codes); the owner is
 *     never refused with anything but those conflict codes (a rejected
 *     intruder is briefly inside a call, which 6.1/6.2 allow to refuse the
 *     owner too; the owner retries, and the count is printed);
 *   - an idle session (level 0, no context, no call in flight) may be ended
 *     by any thread; its owner's next call then gets JET_errInvalidSesid;
 *   - stale and forged handles always give JET_errInvalidSesid, never a
 *     crash, never an alias of a newer session;
 *   - every return code is one the contract lists for that call in that
 *     situation; ThreadSanitizer (halt_on_error=1) sees no race.
 *
 * Threads. NWORKERS workers loop: begin a session, publish its handle, begin
 * 1..7 levels (sometimes inside a session context of their own), commit or
 * roll back some, end the session (often with levels still open). One
 * hostile thread picks a worker's live handle, a handle known dead, a
 * near-forged value (a live handle with a bit flipped or +1, which can alias
 * another live session) or a random/0/~0 value, and calls JetEndSession,
 * JetBeginTransaction, JetRollback, JetSetSessionContext or
 * JetResetSessionContext on it. Whatever it acquires (a transaction, a
 * context) it gives back at once, and that give-back must return 0.
 *
 * Knowing when to be strict. Each worker publishes a state word: a sequence
 * number (bumped on every change) and a kind: NONE, TXN (the worker owns a
 * thread-mode transaction) or CTX (the worker has its own context set). The
 * worker enters TXN/CTX after the acquiring call returned 0 and leaves it
 * before the call that gives the ownership up, so the word may say NONE
 * while the worker still owns the session, never the reverse. The hostile
 * reads the word before and after its call (seq_cst, as are the worker's
 * updates); an unchanged word of kind TXN/CTX means the worker held the
 * session during the whole hostile call, so the hostile must get a conflict
 * code: exactly SessionInUse from JetEndSession, exactly
 * SessionSharingViolation from Begin/Rollback; Set/ResetSessionContext may
 * also meet the worker inside a call (SSV) instead of its context
 * (AlreadySet / NotSetByThisThread). Otherwise the union of the codes
 * possible in any state applies.
 *
 * Failures are recorded in per-thread result structs (cache-line aligned,
 * written only by their thread); the test thread asserts after joining.
 */
#include <criterion/criterion.h>

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "esent.h"
#include "sync/annotate.h"

#define NWORKERS 8
#define MAX_SESSIONS 64          /* >= NWORKERS: each worker holds at most one session */
#define RUN_SECONDS 3.0          /* wall time of the loop; TSan builds stay well under 20 s */
#define MAX_RETRIES 50000000ull  /* a conflict lasting this long is starvation: a failure */
#define NOTES 6                  /* unexpected events kept verbatim per thread */

enum { K_NONE = 0, K_TXN = 1, K_CTX = 2 };

/* One worker's public face. Written by the worker, read by the hostile. */
struct slot {
    /* [atomic rel/acq] the worker's current session or JET_sesidNil; changes
     * only while kind == K_NONE */
    OE_CACHE_ALIGNED _Atomic JET_SESID live;
    /* [atomic rel/acq] a handle the worker knows is ended (stored after
     * JetEndSession returned 0 or the handle answered InvalidSesid); pairs
     * with the hostile's acquire load */
    _Atomic JET_SESID dead;
    _Atomic uint64_t state;  /* [atomic seq_cst] seq << 2 | kind, see essay */
};

/* Per-thread outcome; [owner] its thread until pthread_join, then the test thread. */
struct result {
    OE_CACHE_ALIGNED uint64_t ops; /* API calls made */
    uint64_t unexpected;     /* codes outside the documented set */
    uint64_t sessions;       /* sessions begun (workers) */
    uint64_t ended_by_other; /* worker: own session found ended by the hostile */
    uint64_t conflicts;      /* worker: SSV / InUse / AlreadySet on an idle session, retried */
    uint64_t disturbed;      /* worker: the same while owning it (a rejected intruder was inside) */
    uint64_t too_deep;       /* worker: TransTooDeep checks at level 7 */
    uint64_t ended_open;     /* worker: JetEndSession with levels still open */
    uint64_t ended_live;     /* hostile: JetEndSession on a worker's handle returned 0 */
    uint64_t acquired;       /* hostile: Begin or SetContext on a worker's handle returned 0 */
    uint64_t strict_checks;  /* hostile: calls checked against the exact conflict code */
    uint64_t invalid_ok;     /* hostile: InvalidSesid on dead/forged values */
    char note[NOTES][160];
    unsigned nnotes;
};

static JET_INSTANCE g_inst;                    /* [imm] before the threads start */
static struct slot g_slot[NWORKERS];
static struct result g_res[NWORKERS + 1];      /* last one: the hostile */
static _Atomic int g_stop;                     /* [atomic rel/acq] set by the test thread */
static _Atomic int g_workers_done;             /* [atomic rel/acq] count of finished workers */

/* rnd -- xorshift64*: a private generator per thread. */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

/* note -- record an unexpected code with enough context to debug it. */
static void note(struct result *r, const char *who, const char *call, JET_ERR got, const char *why)
{
    r->unexpected++;
    if (r->nnotes < NOTES)
        snprintf(r->note[r->nnotes++], sizeof r->note[0], "%s: %s returned %d (%s)", who, call,
                 (int)got, why);
}

/* in_set -- whether got is one of the n codes listed. */
static int in_set(JET_ERR got, int n, const JET_ERR *set)
{
    for (int i = 0; i < n; i++)
        if (got == set[i])
            return 1;
    return 0;
}

/* set_state -- publish the worker's ownership kind with a fresh sequence number. */
static void set_state(struct slot *s, int kind)
{
    uint64_t old = atomic_load_explicit(&s->state, memory_order_relaxed);
    atomic_store_explicit(&s->state, ((old >> 2) + 1) << 2 | (uint64_t)kind, memory_order_seq_cst);
}

/* stopping -- whether the test thread asked the workers to finish. */
static int stopping(void)
{
    return atomic_load_explicit(&g_stop, memory_order_acquire);
}

/* ---------------------------------------------------------------- workers */

struct worker {
    int id;
    uint64_t rng;
    struct result *r;
    struct slot *s;
    JET_SESID ses;
};

enum wop { W_BEGIN, W_COMMIT, W_ROLLBACK, W_ROLLBACK_ALL, W_SETCTX, W_RESETCTX, W_END };
static const char *const w_name[] = {"JetBeginTransaction", "JetCommitTransaction", "JetRollback",
                                     "JetRollback(All)", "JetSetSessionContext",
                                     "JetResetSessionContext", "JetEndSession"};

/* w_do -- one call of kind op on the worker's session. */
static JET_ERR w_do(struct worker *w, int op)
{
    switch (op) {
    case W_BEGIN: return JetBeginTransaction(w->ses);
    case W_COMMIT: return JetCommitTransaction(w->ses, 0);
    case W_ROLLBACK: return JetRollback(w->ses, 0);
    case W_ROLLBACK_ALL: return JetRollback(w->ses, JET_bitRollbackAll);
    case W_SETCTX: return JetSetSessionContext(w->ses, 0x1000 + (JET_API_PTR)w->id);
    case W_RESETCTX: return JetResetSessionContext(w->ses);
    default: return JetEndSession(w->ses, rnd(&w->rng) % 2 ? JET_bitForceSessionClosed : 0);
    }
}

/* Outcome of w_call. */
enum { W_OK, W_DEAD, W_FAIL };

/* w_call -- make the call until no conflict refuses it; it must then return want.
 *
 * Conflicts are legitimate even while the worker owns the session: a
 * rejected intruder is briefly "inside a call" (6.1/6.2: SessionInUse from
 * JetEndSession, SessionSharingViolation elsewhere), so the owner retries;
 * those retries are counted as "owner disturbed". While the session is
 * idle (owned == 0) the hostile may also hold it (a transaction or context
 * it is about to give back: SetContext then says AlreadySet) or may have
 * ended it: JET_errInvalidSesid -> W_DEAD. */
static int w_call(struct worker *w, int op, JET_ERR want, int owned)
{
    for (uint64_t tries = 0; tries < MAX_RETRIES; tries++) {
        JET_ERR e = w_do(w, op);
        w->r->ops++;
        if (e == want)
            return W_OK;
        int conflict = op == W_END ? e == JET_errSessionInUse
                                   : e == JET_errSessionSharingViolation ||
                                         (op == W_SETCTX && !owned &&
                                          e == JET_errSessionContextAlreadySet);
        if (conflict) {
            if (owned)
                w->r->disturbed++;
            else
                w->r->conflicts++;
            sched_yield();
            continue;
        }
        if (e == JET_errInvalidSesid && !owned) {
            w->r->ended_by_other++;
            return W_DEAD;
        }
        note(w->r, "worker", w_name[op], e,
             owned ? "the worker owns the session" : "idle session or context-mode, no context");
        return W_FAIL;
    }
    note(w->r, "worker", w_name[op], 0, "starved: the conflict never cleared");
    return W_FAIL;
}

/* w_retire -- the session is gone: publish its handle as dead. */
static void w_retire(struct worker *w)
{
    atomic_store_explicit(&w->s->live, JET_sesidNil, memory_order_release);
    atomic_store_explicit(&w->s->dead, w->ses, memory_order_release);
    w->ses = JET_sesidNil;
}

/* w_round -- one session's life; returns 0 when the worker must stop.
 *
 * Mode "thread": begin at level 0 (owned from its success), nested levels,
 * give some back. Mode "ctx": set our own context first (owned from its
 * success), same transaction work, reset the context before the end, which
 * leaves a context-mode transaction that nobody is bound to. */
static int w_round(struct worker *w)
{
    struct result *r = w->r;
    int ctxmode = rnd(&w->rng) % 4 == 0;
    int level = 0, out, owned;

    w->ses = JET_sesidNil;
    JET_ERR e = JetBeginSession(g_inst, &w->ses, NULL, NULL);
    r->ops++;
    if (e != JET_errSuccess) {
        note(r, "worker", "JetBeginSession", e, "MaxSessions is ample");
        return 0;
    }
    r->sessions++;
    atomic_store_explicit(&w->s->live, w->ses, memory_order_release);

    if (ctxmode) {
        if ((out = w_call(w, W_SETCTX, 0, 0)) != W_OK)
            goto gone;
        set_state(w->s, K_CTX);
    }
    if ((out = w_call(w, W_BEGIN, 0, ctxmode)) != W_OK)
        goto gone;
    if (!ctxmode)
        set_state(w->s, K_TXN);
    level = 1;
    for (int target = 1 + (int)(rnd(&w->rng) % 7); level < target; level++)
        if (w_call(w, W_BEGIN, 0, 1) != W_OK)
            return 0;
    if (level == 7 && rnd(&w->rng) % 2) {
        if (w_call(w, W_BEGIN, JET_errTransTooDeep, 1) != W_OK)
            return 0;
        r->too_deep++;
    }

    /* Give back some levels: commit or roll back one, or roll back all. */
    for (int i = 0, steps = (int)(rnd(&w->rng) % 4); i < steps && level > 0; i++) {
        uint64_t pick = rnd(&w->rng) % 8;
        int op = pick == 0 ? W_ROLLBACK_ALL : pick < 4 ? W_COMMIT : W_ROLLBACK;
        int next = op == W_ROLLBACK_ALL ? 0 : level - 1;
        if (next == 0 && !ctxmode)
            set_state(w->s, K_NONE); /* ownership ends inside this call: say so before */
        if (w_call(w, op, 0, 1) != W_OK)
            return 0;
        level = next;
    }
    if (ctxmode) {
        set_state(w->s, K_NONE);
        if (w_call(w, W_RESETCTX, 0, 1) != W_OK)
            return 0;
    }

    /* End. With a thread-mode transaction of ours nobody else may end it;
     * at level 0, or with a context-mode transaction and no context set,
     * any thread may (decisions, "Sessions"), so InvalidSesid is fair. */
    owned = level > 0 && !ctxmode;
    set_state(w->s, K_NONE);
    out = w_call(w, W_END, 0, owned);
    if (out == W_OK && level > 0)
        r->ended_open++;
gone:
    if (out == W_FAIL)
        return 0;
    w_retire(w);
    return 1;
}

/* worker_main -- loop sessions until told to stop or something went wrong. */
static void *worker_main(void *arg)
{
    struct worker *w = arg;
    while (!stopping())
        if (!w_round(w))
            break;
    atomic_fetch_add_explicit(&g_workers_done, 1, memory_order_release);
    return NULL;
}

/* ---------------------------------------------------------------- hostile */

enum { H_END, H_BEGIN, H_ROLLBACK, H_SETCTX, H_RESETCTX, H_NOPS };
static const char *const h_name[H_NOPS] = {"JetEndSession", "JetBeginTransaction", "JetRollback",
                                           "JetSetSessionContext", "JetResetSessionContext"};

/* h_call -- one hostile call on sesid. */
static JET_ERR h_call(int op, JET_SESID sesid, uint64_t *rng)
{
    switch (op) {
    case H_END:
        return JetEndSession(sesid, rnd(rng) % 2 ? JET_bitForceSessionClosed : 0);
    case H_BEGIN:
        return JetBeginTransaction(sesid);
    case H_ROLLBACK:
        return JetRollback(sesid, rnd(rng) % 2 ? JET_bitRollbackAll : 0);
    case H_SETCTX:
        return JetSetSessionContext(sesid, 0x70000000 + (JET_API_PTR)(rnd(rng) % 1000));
    default:
        return JetResetSessionContext(sesid);
    }
}

/* h_allowed -- the codes a call by a non-owner may return when the target
 * may be in any state (idle, busy, owned, context-bound, ended). */
static int h_allowed(int op, JET_ERR e)
{
    static const JET_ERR end[] = {0, JET_errInvalidSesid, JET_errSessionInUse};
    static const JET_ERR begin[] = {0, JET_errInvalidSesid, JET_errSessionSharingViolation};
    static const JET_ERR rb[] = {JET_errInvalidSesid, JET_errSessionSharingViolation,
                                 JET_errNotInTransaction};
    static const JET_ERR set[] = {0, JET_errInvalidSesid, JET_errSessionSharingViolation,
                                  JET_errSessionContextAlreadySet};
    static const JET_ERR reset[] = {JET_errInvalidSesid, JET_errSessionSharingViolation,
                                    JET_errSessionContextNotSetByThisThread};
    switch (op) {
    case H_END: return in_set(e, 3, end);
    case H_BEGIN: return in_set(e, 3, begin);
    case H_ROLLBACK: return in_set(e, 3, rb);
    case H_SETCTX: return in_set(e, 4, set);
    default: return in_set(e, 3, reset);
    }
}

/* h_strict -- the codes when the worker held the session (kind) during the
 * whole call. The worker may also be inside a call at that moment, which
 * for every API but JetEndSession is SessionSharingViolation (6.2). */
static int h_strict(int op, int kind, JET_ERR e)
{
    switch (op) {
    case H_END:
        return e == JET_errSessionInUse;
    case H_BEGIN:
    case H_ROLLBACK:
        return e == JET_errSessionSharingViolation;
    case H_SETCTX:
        return e == JET_errSessionSharingViolation ||
               (kind == K_CTX && e == JET_errSessionContextAlreadySet);
    default:
        /* Reset: not set by this thread (the worker's context, or none with
         * a thread-owned transaction), or the 6.2 "owned by another" SSV. */
        return e == JET_errSessionContextNotSetByThisThread ||
               e == JET_errSessionSharingViolation;
    }
}

/* h_give_back -- the hostile acquired something on another's session: give
 * it back now. The owner of a session may itself be refused while a
 * rejected caller is briefly inside (SSV), so the hostile retries that. */
static void h_give_back(struct result *r, int op, JET_SESID sesid)
{
    for (uint64_t tries = 0; tries < MAX_RETRIES; tries++) {
        JET_ERR e = op == H_BEGIN ? JetRollback(sesid, JET_bitRollbackAll)
                                  : JetResetSessionContext(sesid);
        r->ops++;
        if (e == JET_errSuccess)
            return;
        if (e != JET_errSessionSharingViolation) {
            note(r, "hostile", op == H_BEGIN ? "JetRollback(give back)" : "JetResetSessionContext(give back)",
                 e, "the hostile owns what it acquired");
            return;
        }
        sched_yield();
    }
    note(r, "hostile", "give back", 0, "starved");
}

/* hostile_main -- attack the workers' handles until they have all stopped. */
static void *hostile_main(void *arg)
{
    struct result *r = &g_res[NWORKERS];
    uint64_t rng = 0x9E3779B97F4A7C15ull;
    (void)arg;
    while (atomic_load_explicit(&g_workers_done, memory_order_acquire) < NWORKERS) {
        int op = (int)(rnd(&rng) % H_NOPS);
        int w = (int)(rnd(&rng) % NWORKERS);
        struct slot *s = &g_slot[w];
        uint64_t pick = rnd(&rng) % 20;
        JET_SESID target;
        int forged_only = 0; /* the value names no session: InvalidSesid only */

        uint64_t st1 = atomic_load_explicit(&s->state, memory_order_seq_cst);
        if (pick < 9) {
            target = atomic_load_explicit(&s->live, memory_order_acquire);
            if (target == JET_sesidNil)
                continue;
        } else if (pick < 14) {
            target = atomic_load_explicit(&s->dead, memory_order_acquire);
            if (target == JET_sesidNil || target == 0)
                continue;
            forged_only = 1;
        } else if (pick < 16) {
            target = atomic_load_explicit(&s->live, memory_order_acquire);
            if (target == JET_sesidNil)
                continue;
            target = rnd(&rng) % 2 ? target + 1 : target ^ (1ull << (rnd(&rng) % 64));
        } else if (pick < 18) {
            target = rnd(&rng);
            forged_only = 1;
        } else {
            target = pick == 18 ? 0 : JET_sesidNil;
            forged_only = 1;
        }

        JET_ERR e = h_call(op, target, &rng);
        r->ops++;
        uint64_t st2 = atomic_load_explicit(&s->state, memory_order_seq_cst);

        if (forged_only) {
            if (e == JET_errInvalidSesid)
                r->invalid_ok++;
            else
                note(r, "hostile", h_name[op], e, "dead, random, 0 or ~0 handle");
            if (e == 0 && (op == H_BEGIN || op == H_SETCTX))
                h_give_back(r, op, target);
            continue;
        }
        int held = pick < 9 && st1 == st2 && (st1 & 3) != K_NONE;
        if (held) {
            r->strict_checks++;
            if (!h_strict(op, (int)(st1 & 3), e))
                note(r, "hostile", h_name[op], e,
                     (st1 & 3) == K_TXN ? "worker owned a transaction throughout"
                                        : "worker's context set throughout");
        } else if (!h_allowed(op, e)) {
            note(r, "hostile", h_name[op], e, "outside the documented set");
        }
        if (e == 0 && op == H_END)
            r->ended_live++;
        if (e == 0 && (op == H_BEGIN || op == H_SETCTX)) {
            r->acquired++;
            h_give_back(r, op, target);
        }
    }
    return NULL;
}

/* now_s -- monotonic seconds. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

Test(sessions_hostile, workers_vs_hostile, .timeout = 60)
{
    JET_ERR e;
    g_inst = 0;
    cr_assert_eq(e = JetCreateInstance(&g_inst, "stress_hostile"), 0, "JetCreateInstance: %d", e);
    cr_assert_eq(e = JetSetSystemParameter(&g_inst, 0, JET_paramMaxSessions, MAX_SESSIONS, NULL), 0,
                 "MaxSessions: %d", e);
    cr_assert_eq(e = JetInit(&g_inst), 0, "JetInit: %d", e);

    static struct worker wk[NWORKERS];
    pthread_t th[NWORKERS + 1];
    for (int i = 0; i < NWORKERS; i++) {
        atomic_init(&g_slot[i].live, JET_sesidNil);
        atomic_init(&g_slot[i].dead, JET_sesidNil);
        atomic_init(&g_slot[i].state, 0);
        wk[i] = (struct worker){.id = i, .rng = 0x51ED2701ull * (uint64_t)(i + 1),
                                .r = &g_res[i], .s = &g_slot[i], .ses = JET_sesidNil};
    }
    double t0 = now_s();
    for (int i = 0; i < NWORKERS; i++)
        cr_assert_eq(pthread_create(&th[i], NULL, worker_main, &wk[i]), 0);
    cr_assert_eq(pthread_create(&th[NWORKERS], NULL, hostile_main, NULL), 0);

    while (now_s() - t0 < RUN_SECONDS &&
           atomic_load_explicit(&g_workers_done, memory_order_acquire) < NWORKERS) {
        struct timespec nap = {0, 20 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    atomic_store_explicit(&g_stop, 1, memory_order_release);
    for (int i = 0; i <= NWORKERS; i++)
        pthread_join(th[i], NULL);
    double secs = now_s() - t0;

    uint64_t wops = 0, sessions = 0, ended_by_other = 0, conflicts = 0, disturbed = 0;
    uint64_t too_deep = 0, ended_open = 0, bad = 0;
    for (int i = 0; i <= NWORKERS; i++) {
        struct result *r = &g_res[i];
        if (i < NWORKERS) {
            wops += r->ops;
            sessions += r->sessions;
            ended_by_other += r->ended_by_other;
            conflicts += r->conflicts;
            disturbed += r->disturbed;
            too_deep += r->too_deep;
            ended_open += r->ended_open;
        }
        bad += r->unexpected;
        for (unsigned k = 0; k < r->nnotes; k++)
            fprintf(stderr, "sessions_hostile: thread %d: %s\n", i, r->note[k]);
    }
    struct result *h = &g_res[NWORKERS];
    fprintf(stderr,
            "sessions_hostile: %.2f s, %d workers: %llu calls, %llu sessions (%llu ended with "
            "open levels, %llu ended by the "
            "hostile, %llu idle-session conflicts and %llu owner-disturbed retries, %llu "
            "TransTooDeep checks); hostile: %llu calls, "
            "%llu live sessions ended, %llu acquisitions given back, %llu strict checks, %llu "
            "InvalidSesid on dead/forged; unexpected codes: %llu\n",
            secs, NWORKERS, (unsigned long long)wops, (unsigned long long)sessions,
            (unsigned long long)ended_open,
            (unsigned long long)ended_by_other, (unsigned long long)conflicts,
            (unsigned long long)disturbed,
            (unsigned long long)too_deep, (unsigned long long)h->ops,
            (unsigned long long)h->ended_live, (unsigned long long)h->acquired,
            (unsigned long long)h->strict_checks, (unsigned long long)h->invalid_ok,
            (unsigned long long)bad);

    cr_expect_eq(bad, 0, "%llu unexpected return codes (listed above)", (unsigned long long)bad);
    cr_expect_gt(sessions, (uint64_t)NWORKERS, "the workers made progress");
    cr_expect_gt(h->strict_checks, 0, "the hostile met owned sessions");
    /* Every worker ended or lost its session, so nothing holds a transaction. */
    cr_expect_eq(e = JetTerm(g_inst), 0, "JetTerm after the run: %d", e);
}
