/*
 * invariant_mixed.c -- the bank-transfer invariant under a mixed workload,
 * audited transfer by transfer (TSan in `make test`).
 *
 * WORKERS threads move money between ACCOUNTS accounts. Each transaction
 * does a transfer at level 1 and, at random, nested levels 2..3 with more
 * transfers, each inner level committed or rolled back at random; some
 * transactions are abandoned with JetEndSession in the middle (it must
 * return 0 and roll everything back); some run in context mode and migrate:
 * the worker resets its context and posts the session to a partner
 * thread's mailbox; the partner sets the same context value, does one more
 * transfer and commits there. Write conflicts roll the transaction back and
 * the worker goes on. READERS threads sum the balances in snapshot
 * transactions through the primary and a secondary index and must always
 * find the exact total.
 *
 * The audit. Every transfer that committed is logged by the thread that
 * committed it (per-thread arrays, merged at the end). Each account row
 * also counts the transfers that touched it (column "cnt"). At the end the
 * table must equal the initial balances plus the logged transfers, account
 * by account, and each account's cnt must equal the number of logged
 * transfers touching it: a rolled-back or abandoned transfer that left any
 * trace, or a committed one that was lost, shows up in one of them. Then
 * JetStopServiceInstance; with a session left holding a transaction (chosen
 * by the pid's parity, printed) JetTerm2(TermDirty) must answer
 * JET_errDirtyShutdown, otherwise JetTerm must succeed.
 *
 * Mailboxes. Each worker has one: an atomic pointer that is NULL (empty),
 * a struct handoff* (a session waiting for it), or CLOSED (the worker has
 * exited). A sender CASes NULL -> its handoff (release) and, while waiting
 * for the handoff's done flag, services its own mailbox, so two workers
 * posting to each other cannot deadlock; an exiting worker swaps in CLOSED
 * and services what it took, so nothing posted is stranded.
 */
#include <criterion/criterion.h>

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "esent.h"
#include "stress_util.h"

#define ACCOUNTS 16
#define INITIAL 1000
#define WORKERS 4
#define READERS 2
#define RUN_MS 3000
#define MAXPEND 8 /* transfers one transaction can hold (levels 1..3 plus the migration's) */

/* One transfer: x moved from a to b. */
struct xfer {
    int16_t a, b;
    int32_t x;
};

/* A thread's log of committed transfers. [owner] its thread until join. */
struct log {
    struct xfer *v;
    size_t n, cap;
};

/* A transaction's not-yet-committed transfers, tagged with their level. */
struct pending {
    struct xfer v[MAXPEND];
    int level[MAXPEND];
    int n;
};

/* A session and its cursor on "acct". */
struct conn {
    JET_SESID s;
    JET_TABLEID t;
};

/* A migrating transaction, on the sender's stack while done == 0. */
struct handoff {
    struct conn *c;            /* [owner] sender until posted, then the receiver until done */
    JET_API_PTR ctx;           /* [imm] the context value to set on the receiving thread */
    struct pending p;          /* [owner] as c */
    _Atomic int done;          /* [atomic rel/acq] receiver's store after its last call on c */
};

#define CLOSED ((struct handoff *)(uintptr_t)1)

/* Per-thread figures. [owner] the thread until join. */
struct stats {
    long committed, conflicts, inner_rollbacks, inner_commits, ended_mid_txn, migrated,
        migrate_declined, serviced, audits;
    int bad;                   /* first unexpected code (or -n for a broken invariant) */
    char what[160];
};

struct worker {
    int id;
    uint64_t rng;
    struct conn c;
    struct log log;
    struct stats st;
    _Atomic(struct handoff *) inbox; /* [atomic acq_rel] see the essay */
};

static JET_INSTANCE g_inst;     /* [imm] before the threads start */
static char g_path[64];         /* [imm] */
static JET_COLUMNID g_id, g_bal, g_cnt; /* [imm] */
static _Atomic int g_stop;      /* [atomic rel/acq] set by the test thread */
static struct worker g_w[WORKERS];

/* rnd -- a private generator per thread (stress_util.h). */
static uint32_t rnd(uint64_t *s) { return stress_rnd(s); }

/* fail -- remember the first unexpected event of a thread. */
static void fail(struct stats *st, int code, const char *what)
{
    if (st->bad)
        return;
    st->bad = code ? code : -1;
    snprintf(st->what, sizeof st->what, "%s: %d", what, code);
}

/* connect -- a session with its own cursor on the table. */
static JET_ERR connect(struct conn *c)
{
    JET_DBID db;
    JET_ERR e;
    c->s = JET_sesidNil;
    if ((e = JetBeginSession(g_inst, &c->s, NULL, NULL)) < 0 ||
        (e = JetOpenDatabase(c->s, g_path, NULL, &db, 0)) < 0 ||
        (e = JetOpenTable(c->s, db, "acct", NULL, 0, 0, &c->t)) < 0)
        return e;
    return JET_errSuccess;
}

/* add -- balance of account id += d, its cnt += 1, at the current level. */
static JET_ERR add(struct conn *c, int32_t id, int64_t d)
{
    int64_t bal, cnt;
    JET_ERR e;
    if ((e = JetMakeKey(c->s, c->t, &id, 4, JET_bitNewKey)) < 0 ||
        (e = JetSeek(c->s, c->t, JET_bitSeekEQ)) < 0 ||
        (e = JetPrepareUpdate(c->s, c->t, JET_prepReplace)) < 0)
        return e;
    if ((e = JetRetrieveColumn(c->s, c->t, g_bal, &bal, 8, NULL, JET_bitRetrieveCopy, NULL)) < 0 ||
        (e = JetRetrieveColumn(c->s, c->t, g_cnt, &cnt, 8, NULL, JET_bitRetrieveCopy, NULL)) < 0)
        goto cancel;
    bal += d;
    cnt += 1;
    if ((e = JetSetColumn(c->s, c->t, g_bal, &bal, 8, 0, NULL)) < 0 ||
        (e = JetSetColumn(c->s, c->t, g_cnt, &cnt, 8, 0, NULL)) < 0 ||
        (e = JetUpdate(c->s, c->t, NULL, 0, NULL)) < 0)
        goto cancel;
    return JET_errSuccess;
cancel:
    JetPrepareUpdate(c->s, c->t, JET_prepCancel);
    return e;
}

/* transfer -- a random transfer at the current level, recorded as pending at level. */
static JET_ERR transfer(struct conn *c, uint64_t *rng, struct pending *p, int level)
{
    struct xfer x = {(int16_t)(rnd(rng) % ACCOUNTS), 0, (int32_t)(1 + rnd(rng) % 50)};
    do
        x.b = (int16_t)(rnd(rng) % ACCOUNTS);
    while (x.b == x.a);
    JET_ERR e = add(c, x.a, -x.x);
    if (e >= 0)
        e = add(c, x.b, x.x);
    if (e >= 0 && p->n < MAXPEND) {
        p->v[p->n] = x;
        p->level[p->n++] = level;
    }
    return e;
}

/* drop_level -- the level was rolled back: its transfers are gone. */
static void drop_level(struct pending *p, int level)
{
    int k = 0;
    for (int i = 0; i < p->n; i++)
        if (p->level[i] < level) {
            p->v[k] = p->v[i];
            p->level[k++] = p->level[i];
        }
    p->n = k;
}

/* merge_level -- the level committed into its parent. */
static void merge_level(struct pending *p, int level)
{
    for (int i = 0; i < p->n; i++)
        if (p->level[i] == level)
            p->level[i] = level - 1;
}

/* log_commit -- the transaction committed: its transfers go to the log. */
static void log_commit(struct log *l, struct stats *st, const struct pending *p)
{
    for (int i = 0; i < p->n; i++) {
        if (l->n == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 4096;
            l->v = realloc(l->v, l->cap * sizeof *l->v);
            if (!l->v)
                abort();
        }
        l->v[l->n++] = p->v[i];
    }
    st->committed += p->n;
}

/* conflict_or_fail -- a transfer failed: a write conflict rolls everything
 * back (counted), anything else is a failure. */
static void conflict_or_fail(struct worker *w, struct conn *c, JET_ERR e, const char *what)
{
    if (e != JET_errWriteConflict)
        fail(&w->st, e, what);
    w->st.conflicts++;
    JET_ERR r = JetRollback(c->s, JET_bitRollbackAll);
    if (r != JET_errSuccess)
        fail(&w->st, r, "JetRollback(All) after a conflict");
}

/* service -- take a migrated transaction from w's mailbox, if any: set the
 * sender's context here, one more transfer, commit, reset, log it. */
static void service(struct worker *w, struct handoff *h)
{
    if (!h || h == CLOSED)
        return;
    JET_ERR e = JetSetSessionContext(h->c->s, h->ctx);
    if (e != JET_errSuccess) {
        fail(&w->st, e, "JetSetSessionContext on the receiving thread");
    } else {
        if ((e = transfer(h->c, &w->rng, &h->p, 1)) < 0 ||
            (e = JetCommitTransaction(h->c->s, 0)) < 0)
            conflict_or_fail(w, h->c, e, "migrated transfer/commit");
        else
            log_commit(&w->log, &w->st, &h->p);
        if ((e = JetResetSessionContext(h->c->s)) != JET_errSuccess)
            fail(&w->st, e, "JetResetSessionContext on the receiving thread");
        w->st.serviced++;
    }
    atomic_store_explicit(&h->done, 1, memory_order_release); /* pairs with the sender's acquire */
}

/* poll_inbox -- service whatever is posted to w now. */
static void poll_inbox(struct worker *w)
{
    if (atomic_load_explicit(&w->inbox, memory_order_relaxed) == NULL)
        return;
    struct handoff *h = atomic_exchange_explicit(&w->inbox, NULL, memory_order_acq_rel);
    if (h == CLOSED) { /* not ours to reopen: put it back */
        atomic_store_explicit(&w->inbox, CLOSED, memory_order_release);
        return;
    }
    service(w, h);
}

/* migrate -- the transaction (context-mode, level 1, context reset) goes to
 * the partner; wait for it, servicing our own mailbox meanwhile. Returns 0
 * if the partner's mailbox was busy or closed (the caller commits itself). */
static int migrate(struct worker *w, JET_API_PTR ctx, struct pending *p)
{
    struct worker *to = &g_w[(w->id + 1) % WORKERS];
    struct handoff h = {.c = &w->c, .ctx = ctx, .p = *p};
    atomic_init(&h.done, 0);
    struct handoff *empty = NULL;
    /* LP(post): the CAS; its release publishes h and the session's state. */
    if (!atomic_compare_exchange_strong_explicit(&to->inbox, &empty, &h, memory_order_acq_rel,
                                                 memory_order_acquire))
        return 0;
    while (!atomic_load_explicit(&h.done, memory_order_acquire)) {
        poll_inbox(w);
        sched_yield();
    }
    w->st.migrated++;
    return 1;
}

/* one_txn -- one transaction of a worker, in all its variants. */
static void one_txn(struct worker *w)
{
    struct conn *c = &w->c;
    struct pending p = {.n = 0};
    uint32_t plan = rnd(&w->rng);
    int ctxmode = plan % 8 == 0;                    /* 1/8: migrate */
    int end_mid = !ctxmode && plan % 16 == 1;       /* 1/16: abandon with JetEndSession */
    int depth = 1 + (int)((plan >> 4) % 3);         /* levels 1..3 */
    JET_API_PTR ctx = ((JET_API_PTR)(w->id + 1) << 32) | (plan >> 8 & 0xffffff) | 1;
    JET_ERR e;
    int level = 0;

    if (ctxmode && (e = JetSetSessionContext(c->s, ctx)) != JET_errSuccess)
        return fail(&w->st, e, "JetSetSessionContext");
    if ((e = JetBeginTransaction(c->s)) < 0)
        return fail(&w->st, e, "JetBeginTransaction");
    level = 1;
    if ((e = transfer(c, &w->rng, &p, 1)) < 0)
        goto conflict;
    while (level < depth) {
        if ((e = JetBeginTransaction(c->s)) < 0)
            return fail(&w->st, e, "nested JetBeginTransaction");
        level++;
        if ((e = transfer(c, &w->rng, &p, level)) < 0)
            goto conflict;
    }
    while (level > 1) { /* close the inner levels, each committed or rolled back */
        if (rnd(&w->rng) % 3 == 0) {
            if ((e = JetRollback(c->s, 0)) != JET_errSuccess)
                return fail(&w->st, e, "inner JetRollback");
            drop_level(&p, level);
            w->st.inner_rollbacks++;
        } else {
            if ((e = JetCommitTransaction(c->s, 0)) < 0)
                goto conflict;
            merge_level(&p, level);
            w->st.inner_commits++;
        }
        level--;
    }
    if (end_mid) {
        if ((e = JetEndSession(c->s, 0)) != JET_errSuccess)
            return fail(&w->st, e, "JetEndSession in the middle of a transaction");
        w->st.ended_mid_txn++;
        if ((e = connect(c)) < 0)
            fail(&w->st, e, "reconnect");
        return;
    }
    if (ctxmode) {
        if ((e = JetResetSessionContext(c->s)) != JET_errSuccess)
            return fail(&w->st, e, "JetResetSessionContext before migrating");
        if (migrate(w, ctx, &p))
            return;
        w->st.migrate_declined++;
        if ((e = JetSetSessionContext(c->s, ctx)) != JET_errSuccess)
            return fail(&w->st, e, "JetSetSessionContext again");
    }
    if ((e = JetCommitTransaction(c->s, 0)) < 0)
        goto conflict;
    log_commit(&w->log, &w->st, &p);
    if (ctxmode && (e = JetResetSessionContext(c->s)) != JET_errSuccess)
        fail(&w->st, e, "JetResetSessionContext after commit");
    return;
conflict:
    conflict_or_fail(w, c, e, "transfer or commit");
    if (ctxmode && (e = JetResetSessionContext(c->s)) != JET_errSuccess)
        fail(&w->st, e, "JetResetSessionContext after a conflict");
}

/* worker_main -- transactions until told to stop; then close the mailbox. */
static void *worker_main(void *arg)
{
    struct worker *w = arg;
    JET_ERR e = connect(&w->c);
    if (e < 0)
        fail(&w->st, e, "connect");
    while (!w->st.bad && !atomic_load_explicit(&g_stop, memory_order_acquire)) {
        poll_inbox(w);
        one_txn(w);
    }
    /* LP(close): the exchange; a sender's later CAS fails and it commits itself. */
    service(w, atomic_exchange_explicit(&w->inbox, CLOSED, memory_order_acq_rel));
    if ((e = JetEndSession(w->c.s, 0)) != JET_errSuccess)
        fail(&w->st, e, "final JetEndSession");
    return NULL;
}

/* sum -- balances and counts through index ix in the current transaction. */
static int sum(struct conn *c, const char *ix, int64_t *bal, int64_t *cnt, int64_t *per)
{
    int rows = 0;
    *bal = *cnt = 0;
    if (JetSetCurrentIndex(c->s, c->t, ix) < 0)
        return -1;
    for (JET_ERR e = JetMove(c->s, c->t, JET_MoveFirst, 0); e == JET_errSuccess;
         e = JetMove(c->s, c->t, JET_MoveNext, 0)) {
        int32_t id;
        int64_t b, n;
        if (JetRetrieveColumn(c->s, c->t, g_id, &id, 4, NULL, 0, NULL) < 0 ||
            JetRetrieveColumn(c->s, c->t, g_bal, &b, 8, NULL, 0, NULL) < 0 ||
            JetRetrieveColumn(c->s, c->t, g_cnt, &n, 8, NULL, 0, NULL) < 0)
            return -1;
        if (per && id >= 0 && id < ACCOUNTS) {
            per[2 * id] = b;
            per[2 * id + 1] = n;
        }
        *bal += b;
        *cnt += n;
        rows++;
    }
    return rows;
}

struct reader {
    struct conn c;
    struct stats st;
};

/* reader_main -- snapshot audits of the total until told to stop. */
static void *reader_main(void *arg)
{
    struct reader *r = arg;
    JET_ERR e = connect(&r->c);
    if (e < 0)
        fail(&r->st, e, "reader connect");
    while (!r->st.bad && !atomic_load_explicit(&g_stop, memory_order_acquire)) {
        int64_t b1, n1, b2, n2;
        if ((e = JetBeginTransaction(r->c.s)) < 0)
            return fail(&r->st, e, "reader begin"), NULL;
        int r1 = sum(&r->c, "pk", &b1, &n1, NULL);
        int r2 = sum(&r->c, "bybal", &b2, &n2, NULL);
        if (r1 != ACCOUNTS || r2 != ACCOUNTS || b1 != (int64_t)ACCOUNTS * INITIAL || b2 != b1 ||
            n2 != n1 || n1 % 2)
            fail(&r->st, -7, "snapshot audit: rows/total/count mismatch");
        if ((e = JetCommitTransaction(r->c.s, 0)) < 0)
            fail(&r->st, e, "reader commit");
        r->st.audits++;
    }
    if ((e = JetEndSession(r->c.s, 0)) != JET_errSuccess)
        fail(&r->st, e, "reader end");
    return NULL;
}

/* now_ms -- monotonic milliseconds. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

Test(invariant_mixed, audit_every_transfer, .timeout = 60)
{
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    JET_ERR e;
    double t0 = now_ms();
    snprintf(g_path, sizeof g_path, "mixed-%d.edb", (int)getpid());
    cr_assert_eq(e = JetCreateInstance(&g_inst, "mixed"), 0, "%d", e);
    cr_assert_eq(e = JetSetSystemParameter(&g_inst, 0, JET_paramMaxSessions, 64, NULL), 0, "%d", e);
    cr_assert_eq(e = JetInit(&g_inst), 0, "%d", e);
    cr_assert_eq(e = JetBeginSession(g_inst, &s, NULL, NULL), 0, "%d", e);
    cr_assert_eq(e = JetCreateDatabase(s, g_path, NULL, &db, 0), 0, "%d", e);
    cr_assert_eq(e = JetCreateTable(s, db, "acct", 0, 100, &t), 0, "%d", e);
    JET_COLUMNDEF cd = {sizeof(cd), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
    cr_assert_eq(e = JetAddColumn(s, t, "id", &cd, NULL, 0, &g_id), 0, "%d", e);
    cd.coltyp = JET_coltypLongLong;
    cr_assert_eq(e = JetAddColumn(s, t, "bal", &cd, NULL, 0, &g_bal), 0, "%d", e);
    cr_assert_eq(e = JetAddColumn(s, t, "cnt", &cd, NULL, 0, &g_cnt), 0, "%d", e);
    cr_assert_eq(e = JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100), 0, "%d", e);
    cr_assert_eq(e = JetCreateIndex(s, t, "bybal", 0, "+bal\0", 6, 100), 0, "%d", e);
    for (int32_t id = 0; id < ACCOUNTS; id++) {
        int64_t bal = INITIAL, n = 0;
        cr_assert_eq(JetPrepareUpdate(s, t, JET_prepInsert), 0);
        cr_assert_eq(JetSetColumn(s, t, g_id, &id, 4, 0, NULL), 0);
        cr_assert_eq(JetSetColumn(s, t, g_bal, &bal, 8, 0, NULL), 0);
        cr_assert_eq(JetSetColumn(s, t, g_cnt, &n, 8, 0, NULL), 0);
        cr_assert_eq(e = JetUpdate(s, t, NULL, 0, NULL), 0, "%d", e);
    }
    cr_assert_eq(JetCloseTable(s, t), 0);

    static struct reader rd[READERS];
    pthread_t th[WORKERS + READERS];
    for (int i = 0; i < WORKERS; i++) {
        g_w[i] = (struct worker){.id = i, .rng = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1)};
        atomic_init(&g_w[i].inbox, NULL);
    }
    for (int i = 0; i < WORKERS + READERS; i++)
        cr_assert_eq(pthread_create(&th[i], NULL, i < WORKERS ? worker_main : reader_main,
                                    i < WORKERS ? (void *)&g_w[i] : (void *)&rd[i - WORKERS]),
                     0);
    struct timespec nap = {RUN_MS / 1000, (RUN_MS % 1000) * 1000000L};
    nanosleep(&nap, NULL);
    atomic_store_explicit(&g_stop, 1, memory_order_release);
    for (int i = 0; i < WORKERS + READERS; i++)
        pthread_join(th[i], NULL);

    /* Merge the figures and the logs. */
    struct stats tot = {0};
    int64_t want_bal[ACCOUNTS], want_cnt[ACCOUNTS];
    for (int a = 0; a < ACCOUNTS; a++)
        want_bal[a] = INITIAL, want_cnt[a] = 0;
    for (int i = 0; i < WORKERS + READERS; i++) {
        struct stats *st = i < WORKERS ? &g_w[i].st : &rd[i - WORKERS].st;
        cr_expect_eq(st->bad, 0, "thread %d: %s", i, st->what);
        tot.committed += st->committed;
        tot.conflicts += st->conflicts;
        tot.inner_rollbacks += st->inner_rollbacks;
        tot.inner_commits += st->inner_commits;
        tot.ended_mid_txn += st->ended_mid_txn;
        tot.migrated += st->migrated;
        tot.migrate_declined += st->migrate_declined;
        tot.serviced += st->serviced;
        tot.audits += st->audits;
    }
    size_t logged = 0;
    for (int i = 0; i < WORKERS; i++) {
        for (size_t k = 0; k < g_w[i].log.n; k++) {
            const struct xfer *x = &g_w[i].log.v[k];
            want_bal[x->a] -= x->x;
            want_bal[x->b] += x->x;
            want_cnt[x->a]++;
            want_cnt[x->b]++;
        }
        logged += g_w[i].log.n;
        free(g_w[i].log.v);
    }
    cr_assert_eq((long)logged, tot.committed, "log %zu, committed %ld", logged, tot.committed);

    /* The audit: the table is the initial state plus exactly the logged transfers. */
    struct conn fin = {.s = s};
    int64_t per[2 * ACCOUNTS], bal, cnt, total = 0;
    cr_assert_eq(e = JetOpenTable(s, db, "acct", NULL, 0, 0, &fin.t), 0, "%d", e);
    cr_assert_eq(JetBeginTransaction(s), 0);
    cr_assert_eq(sum(&fin, "pk", &bal, &cnt, per), ACCOUNTS);
    int mismatched = 0;
    for (int a = 0; a < ACCOUNTS; a++) {
        total += per[2 * a];
        if (per[2 * a] != want_bal[a] || per[2 * a + 1] != want_cnt[a]) {
            mismatched++;
            fprintf(stderr, "invariant_mixed: account %d: balance %lld (log says %lld), "
                    "transfers %lld (log says %lld)\n", a, (long long)per[2 * a],
                    (long long)want_bal[a], (long long)per[2 * a + 1], (long long)want_cnt[a]);
        }
    }
    cr_assert_eq(JetCommitTransaction(s, 0), 0);
    cr_expect_eq(total, (int64_t)ACCOUNTS * INITIAL, "total %lld", (long long)total);
    cr_expect_eq(mismatched, 0, "%d accounts disagree with the log of committed transfers",
                 mismatched);
    cr_expect_eq(cnt, 2 * (int64_t)logged, "rows count %lld transfer sides, log %zu transfers",
                 (long long)cnt, logged);

    /* Stop the service, then terminate: dirty if a transaction is left open. */
    int leave_open = getpid() % 2;
    if (leave_open) {
        uint64_t rng = 77;
        struct pending p = {.n = 0};
        cr_assert_eq(JetBeginTransaction(s), 0);
        cr_assert_eq(e = transfer(&fin, &rng, &p, 1), 0, "open transfer: %d", e);
    }
    cr_assert_eq(e = JetStopServiceInstance(g_inst), 0, "JetStopServiceInstance: %d", e);
    cr_expect_eq(e = JetBeginSession(g_inst, &(JET_SESID){0}, NULL, NULL),
                 JET_errClientRequestToStopJetService, "begin after stop: %d", e);
    if (leave_open)
        cr_expect_eq(e = JetTerm2(g_inst, JET_bitTermDirty), JET_errDirtyShutdown,
                     "JetTerm2(Dirty) with an open transaction: %d", e);
    else
        cr_expect_eq(e = JetTerm(g_inst), JET_errSuccess, "JetTerm: %d", e);

    fprintf(stderr,
            "invariant_mixed: %.1f s, %d workers + %d readers: %ld transfers committed, %ld "
            "write conflicts, %ld inner rollbacks, %ld inner commits, %ld sessions ended "
            "mid-transaction, %ld transactions migrated between threads (%ld declined: mailbox "
            "busy), %ld snapshot audits; final audit: %d of %d accounts mismatched, total %lld; "
            "end: JetStopServiceInstance then %s\n",
            (now_ms() - t0) / 1e3, WORKERS, READERS, tot.committed, tot.conflicts,
            tot.inner_rollbacks, tot.inner_commits, tot.ended_mid_txn, tot.migrated,
            tot.migrate_declined, tot.audits, mismatched, ACCOUNTS, (long long)total,
            leave_open ? "JetTerm2(TermDirty) with an open transaction" : "JetTerm");
    cr_expect_gt(tot.committed, 100);
    cr_expect_gt(tot.migrated, 0);
    cr_expect_gt(tot.ended_mid_txn, 0);
    cr_expect_gt(tot.audits, 10);
}
