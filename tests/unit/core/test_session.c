/*
 * test_session.c -- white-box tests of session identity and the per-thread
 * caches (src/core/session.c, the credit part of src/core/instance.c).
 *
 * Handles: consecutive sessions get distinct handles that are never 0 or
 * ~0; a slot reused after JetEndSession carries a higher generation and the
 * old handle is dead (JET_errInvalidSesid) without disturbing the new
 * occupant. Caches: sessions begun on one thread and ended on another move
 * slot indices and quota credits between the threads' caches; after many
 * rounds the quota is still exact (MaxSessions succeed, one more fails with
 * JET_errOutOfSessions) and the slot table has not grown without bound,
 * i.e. neither credits nor slots were lost in a cache. Credits parked in a
 * live thread's cache must be stolen when another thread needs them.
 */
#include <criterion/criterion.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esent.h"
#include "core/session.h"
#include "sync/handle.h"

static JET_INSTANCE make_instance(const char *name, long max_sessions)
{
    JET_INSTANCE inst = 0;
    JET_ERR e;
    cr_assert_eq(e = JetCreateInstance(&inst, name), 0, "%d", e);
    if (max_sessions >= 0)
        cr_assert_eq(e = JetSetSystemParameter(&inst, 0, JET_paramMaxSessions, (JET_API_PTR)max_sessions, NULL),
                     0, "%d", e);
    cr_assert_eq(e = JetInit(&inst), 0, "%d", e);
    return inst;
}

/* begin_exactly -- begin n sessions (all must succeed), then check the next fails. */
static void begin_exactly(JET_INSTANCE inst, JET_SESID *out, int n)
{
    for (int i = 0; i < n; i++) {
        JET_ERR e = JetBeginSession(inst, &out[i], NULL, NULL);
        if (e != 0)
            cr_assert_fail("session %d of %d: %d", i + 1, n, e);
    }
    JET_SESID extra = 12345;
    JET_ERR e = JetBeginSession(inst, &extra, NULL, NULL);
    cr_assert_eq(e, JET_errOutOfSessions, "session %d of max %d: %d", n + 1, n, e);
    cr_assert_eq(extra, JET_sesidNil);
}

static void end_all(JET_SESID *s, int n)
{
    for (int i = 0; i < n; i++) {
        JET_ERR e = JetEndSession(s[i], 0);
        if (e != 0)
            cr_assert_fail("end %d: %d", i, e);
    }
}

Test(session, handles_distinct_never_0_or_nil)
{
    JET_INSTANCE inst = make_instance("ses_handles", 16);
    JET_SESID s[16];
    begin_exactly(inst, s, 16);
    for (int i = 0; i < 16; i++) {
        cr_assert_neq(s[i], 0);
        cr_assert_neq(s[i], JET_sesidNil);
        cr_assert(oe_hnd_plausible(s[i]), "handle %#lx", (unsigned long)s[i]);
        cr_assert_geq(oe_hnd_slot(s[i]), 1);
        for (int j = 0; j < i; j++) {
            cr_assert_neq(s[i], s[j]);
            cr_assert_neq(oe_hnd_slot(s[i]), oe_hnd_slot(s[j]), "two live sessions share slot %u",
                          oe_hnd_slot(s[i]));
        }
        /* The handle names its own slot. */
        struct oe_session *ps;
        cr_assert_eq(oe_ses_enter(s[i], OE_ENTER_NORMAL, &ps), 0);
        cr_assert_eq(ps->slot, oe_hnd_slot(s[i]));
        cr_assert_eq(oe_ses_handle(ps), s[i]);
        oe_ses_leave(ps);
    }
    end_all(s, 16);
    cr_assert_eq(JetTerm(inst), 0);
}

Test(session, reused_slot_gets_higher_generation)
{
    JET_INSTANCE inst = make_instance("ses_gen", -1);
    JET_SESID old = 0, cur = 0;
    cr_assert_eq(JetBeginSession(inst, &old, NULL, NULL), 0);
    JET_SESID first = old;
    for (int i = 0; i < 1000; i++) {
        cr_assert_eq(JetEndSession(old, 0), 0);
        cr_assert_eq(JetBeginSession(inst, &cur, NULL, NULL), 0);
        /* The thread's slot cache is LIFO: the slot just freed comes back. */
        cr_assert_eq(oe_hnd_slot(cur), oe_hnd_slot(old), "iteration %d: slot not reused", i);
        cr_assert_eq(oe_hnd_gen(cur), oe_hnd_gen(old) + 1, "iteration %d: gen %lu after %lu", i,
                     (unsigned long)oe_hnd_gen(cur), (unsigned long)oe_hnd_gen(old));
        /* The previous handle is dead and cannot touch the new occupant. */
        cr_assert_eq(JetBeginTransaction(old), JET_errInvalidSesid);
        cr_assert_eq(JetEndSession(old, 0), JET_errInvalidSesid);
        cr_assert_eq(JetEndSession(first, 0), JET_errInvalidSesid);
        old = cur;
    }
    /* The live session is intact after all that: no transaction was opened
     * on it by the stale calls. */
    struct oe_session *ps;
    cr_assert_eq(oe_ses_enter(cur, OE_ENTER_NORMAL, &ps), 0);
    cr_assert_eq(ps->level, 0);
    oe_ses_leave(ps);
    cr_assert_eq(JetEndSession(cur, 0), 0);
    cr_assert_eq(JetTerm(inst), 0);
}

Test(session, many_live_sessions)
{
    /* More live sessions than one slot-table chunk (256) holds: the table
     * must grow past its first chunk. */
    enum { N = 1000 };
    JET_INSTANCE inst = make_instance("ses_many", N);
    static JET_SESID s[N];
    begin_exactly(inst, s, N);
    for (int i = 1; i < N; i++)
        cr_assert_neq(oe_hnd_slot(s[i]), oe_hnd_slot(s[i - 1]));
    end_all(s, N);
    cr_assert_eq(JetTerm(inst), 0);
}

/* ---- two long-lived threads: A begins, B ends ---- */

#define ROUNDS 300
#define PER_ROUND 16

struct relay {
    JET_INSTANCE inst;
    pthread_barrier_t bar;
    JET_SESID s[PER_ROUND];
    _Atomic int errors;          /* [atomic relaxed] */
    JET_ERR first_error;         /* written before errors is raised */
};

static void note(struct relay *r, JET_ERR e)
{
    if (atomic_fetch_add_explicit(&r->errors, 1, memory_order_relaxed) == 0)
        r->first_error = e;
}

static void *beginner(void *arg)
{
    struct relay *r = arg;
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < PER_ROUND; i++) {
            JET_ERR e = JetBeginSession(r->inst, &r->s[i], NULL, NULL);
            if (e != 0)
                note(r, e);
        }
        pthread_barrier_wait(&r->bar); /* hand the handles to B */
        pthread_barrier_wait(&r->bar); /* B has ended them */
    }
    return NULL;
}

static void *ender(void *arg)
{
    struct relay *r = arg;
    for (int round = 0; round < ROUNDS; round++) {
        pthread_barrier_wait(&r->bar);
        for (int i = 0; i < PER_ROUND; i++) {
            JET_ERR e = JetEndSession(r->s[i], 0);
            if (e != 0)
                note(r, e);
        }
        pthread_barrier_wait(&r->bar);
    }
    return NULL;
}

Test(session, begin_on_one_thread_end_on_another, .timeout = 30)
{
    static struct relay r;
    r.inst = make_instance("ses_relay", PER_ROUND);
    pthread_barrier_init(&r.bar, NULL, 2);
    pthread_t a, b;
    cr_assert_eq(pthread_create(&a, NULL, beginner, &r), 0);
    cr_assert_eq(pthread_create(&b, NULL, ender, &r), 0);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    pthread_barrier_destroy(&r.bar);
    cr_assert_eq(atomic_load(&r.errors), 0, "%d failures, first %d", atomic_load(&r.errors), r.first_error);

    /* Credits are exact: MaxSessions (16) from this third thread. */
    JET_SESID s[PER_ROUND];
    begin_exactly(r.inst, s, PER_ROUND);
    end_all(s, PER_ROUND);
    /* Slots were recycled, not leaked in B's cache: 4800 sessions in all,
     * at most 16 live, a few per-thread caches of at most 32. */
    uint32_t hw = oe_ses_table_high_water();
    cr_assert_leq(hw, 200, "slot table grew to %u for 16 live sessions", hw);
    cr_assert_eq(JetTerm(r.inst), 0);
}

/* ---- many short-lived threads: each round a new beginner and a new ender ---- */

struct batch {
    JET_INSTANCE inst;
    JET_SESID s[PER_ROUND];
    int n;
    JET_ERR err;
};

static void *begin_batch(void *arg)
{
    struct batch *b = arg;
    b->err = 0;
    for (int i = 0; i < b->n && !b->err; i++)
        b->err = JetBeginSession(b->inst, &b->s[i], NULL, NULL);
    return NULL;
}

static void *end_batch(void *arg)
{
    struct batch *b = arg;
    b->err = 0;
    for (int i = 0; i < b->n && !b->err; i++)
        b->err = JetEndSession(b->s[i], 0);
    return NULL;
}

static void run_thread(void *(*fn)(void *), struct batch *b)
{
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, fn, b), 0);
    pthread_join(t, NULL);
}

Test(session, threads_that_exit_keep_no_credits_or_slots, .timeout = 30)
{
    static struct batch b;
    b.inst = make_instance("ses_exit", PER_ROUND);
    b.n = PER_ROUND;
    for (int round = 0; round < 100; round++) {
        run_thread(begin_batch, &b);
        cr_assert_eq(b.err, 0, "round %d begin: %d", round, b.err);
        run_thread(end_batch, &b);
        cr_assert_eq(b.err, 0, "round %d end: %d", round, b.err);
    }
    JET_SESID s[PER_ROUND];
    begin_exactly(b.inst, s, PER_ROUND);
    end_all(s, PER_ROUND);
    uint32_t hw = oe_ses_table_high_water();
    cr_assert_leq(hw, 200, "slot table grew to %u: exiting threads kept their slots", hw);
    cr_assert_eq(JetTerm(b.inst), 0);
}

/* ---- OutOfSessions is exact while credits sit in another live thread's cache ---- */

struct parker {
    JET_INSTANCE inst;
    int cycles;               /* sessions to begin+end, PER_ROUND at a time */
    pthread_barrier_t bar;
    JET_ERR err;
};

static void *park_credits(void *arg)
{
    struct parker *p = arg;
    JET_SESID s[PER_ROUND];
    p->err = 0;
    for (int done = 0; done < p->cycles && !p->err;) {
        int n = p->cycles - done < PER_ROUND ? p->cycles - done : PER_ROUND;
        for (int i = 0; i < n && !p->err; i++)
            p->err = JetBeginSession(p->inst, &s[i], NULL, NULL);
        for (int i = 0; i < n && !p->err; i++)
            p->err = JetEndSession(s[i], 0);
        done += n;
    }
    pthread_barrier_wait(&p->bar); /* credits are now in this thread's cache */
    pthread_barrier_wait(&p->bar); /* stay alive until the main thread is done */
    return NULL;
}

static void out_of_sessions_exact(long max, int cycles)
{
    static struct parker p;
    char name[32];
    snprintf(name, sizeof(name), "ses_park_%ld", max);
    p.inst = make_instance(name, max);
    p.cycles = cycles;
    pthread_barrier_init(&p.bar, NULL, 2);
    pthread_t a;
    cr_assert_eq(pthread_create(&a, NULL, park_credits, &p), 0);
    pthread_barrier_wait(&p.bar);
    cr_assert_eq(p.err, 0, "thread A: %d", p.err);

    JET_SESID *s = calloc((size_t)max, sizeof(*s));
    begin_exactly(p.inst, s, (int)max);
    end_all(s, (int)max);
    /* And once more, now that this thread's own cache holds credits. */
    begin_exactly(p.inst, s, (int)max);
    end_all(s, (int)max);
    free(s);

    pthread_barrier_wait(&p.bar);
    pthread_join(a, NULL);
    pthread_barrier_destroy(&p.bar);
    cr_assert_eq(JetTerm(p.inst), 0);
}

Test(session, out_of_sessions_exact_with_credits_on_live_thread_default_max)
{
    out_of_sessions_exact(16, 40);
}

Test(session, out_of_sessions_exact_with_credits_on_live_thread_large_max)
{
    /* With a large quota the pool hands credits out in batches, so thread A
     * also holds credits it never used. */
    out_of_sessions_exact(100, 40);
}

Test(session, out_of_sessions_exact_many_cycles)
{
    out_of_sessions_exact(64, 1000);
}

Test(session, max_sessions_zero)
{
    JET_INSTANCE inst = make_instance("ses_zero", 0);
    begin_exactly(inst, NULL, 0);
    cr_assert_eq(JetTerm(inst), 0);
}
