/*
 * test_txn.c -- white-box tests of transaction levels (src/core/txn.c) and
 * of the session teardown that JetEndSession runs (src/core/session.c).
 *
 * An instance and a session come from the public API; the tests then claim
 * the session with oe_ses_enter/oe_ses_leave to look at its struct and to
 * push fake cursors, temp tables and undo entries onto s->res[] at the
 * current level. The fakes log every close/undo and commit, so each test
 * can check exactly which nodes a commit, rollback or JetEndSession closed,
 * in which order, and which it left alone. A fake can be told to fail its
 * close, to check that the failure is returned and the session survives.
 */
#include <criterion/criterion.h>

#include <string.h>

#include "esent.h"
#include "core/session.h"
#include "core/txn.h"
#include "sync/thread_id.h"

#define MAXF 48

struct fake {
    struct oe_res r;     /* first: the list node */
    char kind;           /* 'C' cursor, 'T' temp table, 'U' undo entry */
    int id;
    JET_ERR fail;        /* close returns this when non-zero */
    int closed;          /* times close succeeded */
    int committed;       /* times the commit hook ran */
    uint64_t ts;         /* commit timestamp received */
};

struct event {
    char what;           /* 'x' closed, 'c' committed */
    char kind;
    int id;
    uint64_t ts;
};

static struct fake F[MAXF];
static int g_nf;
static struct event g_ev[4 * MAXF];
static int g_nev;
static struct oe_session *g_ses_seen;

static JET_ERR fake_close(struct oe_session *s, struct oe_res *r)
{
    struct fake *f = (struct fake *)r;
    g_ses_seen = s;
    if (f->fail)
        return f->fail;
    f->closed++;
    g_ev[g_nev++] = (struct event){'x', f->kind, f->id, 0};
    return JET_errSuccess;
}

static void fake_commit(struct oe_session *s, struct oe_res *r, uint64_t ts)
{
    struct fake *f = (struct fake *)r;
    /* The entry has left the session's list before its commit runs. */
    for (struct oe_res *o = s->res[OE_RES_UNDO].head; o; o = o->next)
        cr_assert_neq(o, r, "undo entry %d still linked during its commit", f->id);
    f->committed++;
    f->ts = ts;
    g_ev[g_nev++] = (struct event){'c', f->kind, f->id, ts};
}

static const struct oe_res_ops cursor_ops = {"cursor", fake_close, NULL};
static const struct oe_res_ops temp_ops = {"temp", fake_close, NULL};
static const struct oe_res_ops undo_ops = {"undo", fake_close, fake_commit};

static JET_INSTANCE g_inst;

/* open_session -- a fresh initialized instance and one session on it. */
static JET_SESID open_session(void)
{
    JET_SESID ses = JET_sesidNil;
    JET_ERR e;
    memset(F, 0, sizeof(F));
    g_nf = 0;
    g_nev = 0;
    cr_assert_eq(e = JetCreateInstance(&g_inst, "unit_txn"), 0, "%d", e);
    cr_assert_eq(e = JetInit(&g_inst), 0, "%d", e);
    cr_assert_eq(e = JetBeginSession(g_inst, &ses, NULL, NULL), 0, "%d", e);
    return ses;
}

static struct oe_session *enter(JET_SESID ses)
{
    struct oe_session *s;
    JET_ERR e = oe_ses_enter(ses, OE_ENTER_NORMAL, &s);
    cr_assert_eq(e, 0, "oe_ses_enter: %d", e);
    return s;
}

/* push -- a new fake of this kind at the session's current level; returns its id. */
static int push(JET_SESID ses, char kind)
{
    struct oe_session *s = enter(ses);
    cr_assert_lt(g_nf, MAXF);
    struct fake *f = &F[g_nf];
    f->kind = kind;
    f->id = g_nf;
    int k = kind == 'C' ? OE_RES_CURSOR : kind == 'T' ? OE_RES_TEMP : OE_RES_UNDO;
    f->r.ops = kind == 'C' ? &cursor_ops : kind == 'T' ? &temp_ops : &undo_ops;
    oe_res_push(&s->res[k], &f->r, s->level);
    oe_ses_leave(s);
    return g_nf++;
}

static int level_of(JET_SESID ses)
{
    struct oe_session *s = enter(ses);
    int l = s->level;
    oe_ses_leave(s);
    return l;
}

/* on_list -- whether fake id is linked on its session list (and its tag). */
static int on_list(JET_SESID ses, int id, int *plevel)
{
    struct oe_session *s = enter(ses);
    int found = 0;
    for (int k = 0; k < OE_RES_KINDS; k++) {
        uint32_t n = 0;
        for (struct oe_res *r = s->res[k].head; r; r = r->next, n++) {
            if (r == &F[id].r) {
                found = 1;
                if (plevel)
                    *plevel = r->level;
            }
        }
        cr_assert_eq(n, s->res[k].count, "list %d: count %u, walked %u", k, s->res[k].count, n);
    }
    oe_ses_leave(s);
    return found;
}

/* pos -- index in the event log of the close of id, or -1. */
static int pos(int id)
{
    for (int i = 0; i < g_nev; i++)
        if (g_ev[i].what == 'x' && g_ev[i].id == id)
            return i;
    return -1;
}

static void closed_before(int a, int b)
{
    int pa = pos(a), pb = pos(b);
    cr_assert(pa >= 0, "node %d (%c) was not closed", a, F[a].kind);
    cr_assert(pb >= 0, "node %d (%c) was not closed", b, F[b].kind);
    cr_assert_lt(pa, pb, "node %d (%c) closed after node %d (%c)", a, F[a].kind, b, F[b].kind);
}

Test(txn, nested_commit_relabels_to_parent)
{
    JET_SESID ses = open_session();
    cr_assert_eq(JetBeginTransaction(ses), 0);
    int c1 = push(ses, 'C'), u1 = push(ses, 'U');
    cr_assert_eq(JetBeginTransaction(ses), 0);
    cr_assert_eq(JetBeginTransaction(ses), 0);
    int c3 = push(ses, 'C'), t3 = push(ses, 'T'), u3 = push(ses, 'U');
    cr_assert_eq(level_of(ses), 3);

    cr_assert_eq(JetCommitTransaction(ses, 0), 0);
    cr_assert_eq(level_of(ses), 2);
    int l;
    int ids3[] = {c3, t3, u3};
    for (int i = 0; i < 3; i++) {
        cr_assert(on_list(ses, ids3[i], &l), "node %d dropped by a nested commit", ids3[i]);
        cr_assert_eq(l, 2, "node %d tagged %d after commit of level 3", ids3[i], l);
    }
    cr_assert(on_list(ses, c1, &l) && l == 1, "level-1 node relabelled by a nested commit");
    cr_assert(on_list(ses, u1, &l) && l == 1);
    cr_assert_eq(g_nev, 0, "a nested commit closed or committed something");

    cr_assert_eq(JetCommitTransaction(ses, 0), 0);
    cr_assert_eq(level_of(ses), 1);
    for (int i = 0; i < 3; i++)
        cr_assert(on_list(ses, ids3[i], &l) && l == 1);
    cr_assert_eq(g_nev, 0);

    /* Rolling back level 1 now undoes the merged nodes too. */
    cr_assert_eq(JetRollback(ses, 0), 0);
    cr_assert_eq(level_of(ses), 0);
    cr_assert_eq(g_nev, 5);
    for (int id = 0; id < 5; id++)
        cr_assert_eq(F[id].closed, 1, "node %d closed %d times", id, F[id].closed);
    closed_before(u3, u1);  /* newest first within a kind */
    closed_before(c3, c1);
    closed_before(c3, t3);  /* cursors before temp tables */
    cr_assert_eq(JetEndSession(ses, 0), 0);
    cr_assert_eq(JetTerm(g_inst), 0);
}

Test(txn, rollback_closes_exactly_its_level)
{
    JET_SESID ses = open_session();
    int c0 = push(ses, 'C'), t0 = push(ses, 'T');
    int ids[4][4] = {{0}};
    for (int lvl = 1; lvl <= 3; lvl++) {
        cr_assert_eq(JetBeginTransaction(ses), 0);
        ids[lvl][0] = push(ses, 'U');
        ids[lvl][1] = push(ses, 'C');
        ids[lvl][2] = push(ses, 'U');
        ids[lvl][3] = push(ses, 'T');
    }
    cr_assert_eq(JetRollback(ses, 0), 0);
    cr_assert_eq(level_of(ses), 2);
    cr_assert_eq(g_nev, 4, "rollback of level 3 closed %d nodes", g_nev);
    for (int k = 0; k < 4; k++) {
        cr_assert_eq(F[ids[3][k]].closed, 1);
        cr_assert_not(on_list(ses, ids[3][k], NULL), "closed node %d still linked", ids[3][k]);
    }
    closed_before(ids[3][2], ids[3][0]); /* undo newest first */
    closed_before(ids[3][1], ids[3][3]); /* cursor before temp */
    for (int lvl = 1; lvl <= 2; lvl++) {
        for (int k = 0; k < 4; k++) {
            int l;
            cr_assert_eq(F[ids[lvl][k]].closed, 0, "level-%d node closed by rollback of 3", lvl);
            cr_assert(on_list(ses, ids[lvl][k], &l) && l == lvl);
        }
    }
    cr_assert_eq(F[c0].closed + F[t0].closed, 0);

    g_nev = 0;
    cr_assert_eq(JetRollback(ses, JET_bitRollbackAll), 0);
    cr_assert_eq(level_of(ses), 0);
    cr_assert_eq(g_nev, 8);
    /* Level 2 entirely before level 1 (innermost first). */
    for (int k = 0; k < 4; k++)
        for (int j = 0; j < 4; j++)
            closed_before(ids[2][k], ids[1][j]);
    /* Level-0 cursor and temp table stay open outside any transaction. */
    cr_assert(on_list(ses, c0, NULL) && on_list(ses, t0, NULL));
    cr_assert_eq(F[c0].closed + F[t0].closed, 0);
    cr_assert_eq(JetRollback(ses, 0), JET_errNotInTransaction);
    cr_assert_eq(JetEndSession(ses, 0), 0);
    cr_assert_eq(F[c0].closed, 1);
    cr_assert_eq(F[t0].closed, 1);
    cr_assert_eq(JetTerm(g_inst), 0);
}

Test(txn, outermost_commit_runs_commit_hooks_with_one_rising_timestamp)
{
    JET_SESID ses = open_session();
    uint64_t prev = 0;
    for (int round = 0; round < 3; round++) {
        g_nev = 0;
        int first = g_nf;
        cr_assert_eq(JetBeginTransaction(ses), 0);
        push(ses, 'U');
        int c = push(ses, 'C');
        cr_assert_eq(JetBeginTransaction(ses), 0);
        push(ses, 'U');
        push(ses, 'U');
        cr_assert_eq(JetCommitTransaction(ses, 0), 0); /* nested: nothing yet */
        cr_assert_eq(g_nev, 0);
        uint64_t before = oe_trx_clock_now();
        JET_COMMIT_ID id;
        memset(&id, 0xff, sizeof(id));
        cr_assert_eq(JetCommitTransaction2(ses, 0, 0, &id), 0);
        cr_assert_eq(level_of(ses), 0);
        cr_assert_eq(g_nev, 3, "round %d: %d events", round, g_nev);
        uint64_t ts = g_ev[0].ts;
        for (int i = 0; i < 3; i++) {
            cr_assert_eq(g_ev[i].what, 'c', "an undo entry was undone at commit");
            cr_assert_eq(g_ev[i].ts, ts, "one commit, several timestamps");
        }
        for (int i = first; i < g_nf; i++) {
            if (F[i].kind == 'U') {
                cr_assert_eq(F[i].committed, 1);
                cr_assert_eq(F[i].closed, 0);
                cr_assert_not(on_list(ses, i, NULL));
            }
        }
        cr_assert_gt(ts, before, "commit did not tick the clock");
        cr_assert_gt(ts, prev, "round %d: ts %lu not above the previous commit's %lu", round,
                     (unsigned long)ts, (unsigned long)prev);
        cr_assert_eq(oe_trx_clock_now(), ts);
        cr_assert_eq((uint64_t)id.commitId, ts, "commit id is not the commit timestamp");
        /* The cursor survives the commit, now outside any transaction. */
        int l;
        cr_assert(on_list(ses, c, &l) && l == 0, "cursor tag %d after outermost commit", l);
        cr_assert_eq(F[c].closed, 0);
        prev = ts;
    }
    cr_assert_eq(JetEndSession(ses, 0), 0);
    cr_assert_eq(JetTerm(g_inst), 0);
}

Test(txn, empty_commit_does_not_tick_unless_asked)
{
    JET_SESID ses = open_session();
    uint64_t t0 = oe_trx_clock_now();
    cr_assert_eq(JetBeginTransaction(ses), 0);
    cr_assert_eq(JetCommitTransaction(ses, 0), 0);
    cr_assert_eq(oe_trx_clock_now(), t0, "an empty transaction wrote the commit clock");
    JET_COMMIT_ID a, b;
    cr_assert_eq(JetBeginTransaction(ses), 0);
    cr_assert_eq(JetCommitTransaction2(ses, 0, 0, &a), 0);
    cr_assert_eq(JetBeginTransaction(ses), 0);
    cr_assert_eq(JetCommitTransaction2(ses, 0, 0, &b), 0);
    cr_assert_gt(a.commitId, (int64_t)t0);
    cr_assert_gt(b.commitId, a.commitId, "commit ids must increase across outermost commits");
    cr_assert_eq(JetEndSession(ses, 0), 0);
    cr_assert_eq(JetTerm(g_inst), 0);
}

Test(txn, end_session_closes_everything)
{
    JET_SESID ses = open_session();
    struct oe_session *s = enter(ses);
    oe_ses_leave(s);
    int c0 = push(ses, 'C'), t0 = push(ses, 'T'), c0b = push(ses, 'C');
    int lv[4][3];
    for (int lvl = 1; lvl <= 3; lvl++) {
        cr_assert_eq(JetBeginTransaction(ses), 0);
        lv[lvl][0] = push(ses, 'C');
        lv[lvl][1] = push(ses, 'T');
        lv[lvl][2] = push(ses, 'U');
    }
    int total = g_nf;
    cr_assert_eq(JetEndSession(ses, 0), 0);
    cr_assert_eq(g_nev, total, "%d of %d nodes closed", g_nev, total);
    for (int i = 0; i < total; i++) {
        cr_assert_eq(F[i].closed, 1, "node %d (%c) closed %d times", i, F[i].kind, F[i].closed);
        cr_assert_eq(F[i].committed, 0, "node %d committed by JetEndSession", i);
    }
    cr_assert_eq(g_ses_seen, s);
    /* Innermost level first; within a level cursors before temp tables;
     * the level-0 cursors, then the level-0 temp table, last. */
    for (int lvl = 3; lvl >= 2; lvl--)
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < 3; j++)
                closed_before(lv[lvl][k], lv[lvl - 1][j]);
    for (int lvl = 1; lvl <= 3; lvl++)
        closed_before(lv[lvl][0], lv[lvl][1]);
    closed_before(lv[1][1], c0b);
    closed_before(c0b, c0);
    closed_before(c0, t0);
    cr_assert_eq(JetEndSession(ses, 0), JET_errInvalidSesid);
    cr_assert_eq(JetTerm(g_inst), 0);
}

Test(txn, end_session_failure_keeps_session)
{
    JET_SESID ses = open_session();
    cr_assert_eq(JetBeginTransaction(ses), 0);
    int c1 = push(ses, 'C'), u1 = push(ses, 'U');
    cr_assert_eq(JetBeginTransaction(ses), 0);
    int u2 = push(ses, 'U'), c2 = push(ses, 'C'), t2 = push(ses, 'T');
    F[c2].fail = JET_errDiskIO;

    JET_ERR e = JetEndSession(ses, 0);
    cr_assert_eq(e, JET_errDiskIO, "JetEndSession returned %d, not the close's error", e);
    /* The handle is still live and the unclosed nodes are still linked. */
    cr_assert(on_list(ses, c2, NULL), "the failed cursor was dropped");
    cr_assert(on_list(ses, t2, NULL));
    cr_assert(on_list(ses, c1, NULL));
    cr_assert(on_list(ses, u1, NULL));
    cr_assert_eq(F[c1].closed + F[u1].closed + F[t2].closed, 0);
    cr_assert_leq(F[u2].closed, 1);

    /* Fix the fault: the session ends, each node closed exactly once. */
    F[c2].fail = 0;
    cr_assert_eq(JetEndSession(ses, 0), 0);
    for (int i = 0; i < g_nf; i++)
        cr_assert_eq(F[i].closed, 1, "node %d (%c) closed %d times", i, F[i].kind, F[i].closed);
    cr_assert_eq(JetEndSession(ses, 0), JET_errInvalidSesid);
    cr_assert_eq(JetTerm(g_inst), 0);
}

Test(txn, end_session_failure_outside_transaction_leaves_session_usable)
{
    JET_SESID ses = open_session();
    int c0 = push(ses, 'C'), t0 = push(ses, 'T');
    F[t0].fail = JET_errCallbackFailed;
    cr_assert_eq(JetEndSession(ses, 0), JET_errCallbackFailed);
    cr_assert_eq(F[c0].closed, 1);
    cr_assert(on_list(ses, t0, NULL));
    /* Usable: transactions work as before. */
    cr_assert_eq(JetBeginTransaction(ses), 0);
    int u = push(ses, 'U');
    cr_assert_eq(JetCommitTransaction(ses, 0), 0);
    cr_assert_eq(F[u].committed, 1);
    cr_assert_eq(JetBeginTransaction(ses), 0);
    cr_assert_eq(JetRollback(ses, 0), 0);
    F[t0].fail = 0;
    cr_assert_eq(JetEndSession(ses, 0), 0);
    cr_assert_eq(F[t0].closed, 1);
    cr_assert_eq(F[c0].closed, 1, "cursor closed twice");
    cr_assert_eq(JetTerm(g_inst), 0);
}

Test(txn, read_only_flag)
{
    JET_SESID ses = open_session();
    struct oe_session *s;
    cr_assert_eq(JetBeginTransaction2(ses, JET_bitTransactionReadOnly), 0);
    s = enter(ses);
    cr_assert(s->trx_flags & OE_TRX_READONLY, "ReadOnly at level 0 not recorded");
    oe_ses_leave(s);
    cr_assert_eq(JetBeginTransaction(ses), 0); /* nested: still read-only */
    s = enter(ses);
    cr_assert(s->trx_flags & OE_TRX_READONLY);
    oe_ses_leave(s);
    cr_assert_eq(JetRollback(ses, JET_bitRollbackAll), 0);
    s = enter(ses);
    cr_assert_not(s->trx_flags & OE_TRX_READONLY, "ReadOnly outlived its transaction");
    oe_ses_leave(s);

    /* ReadOnly on a nested begin means nothing. */
    cr_assert_eq(JetBeginTransaction(ses), 0);
    cr_assert_eq(JetBeginTransaction2(ses, JET_bitTransactionReadOnly), 0);
    s = enter(ses);
    cr_assert_not(s->trx_flags & OE_TRX_READONLY, "nested ReadOnly changed the transaction");
    oe_ses_leave(s);
    cr_assert_eq(JetCommitTransaction(ses, 0), 0);
    cr_assert_eq(JetCommitTransaction(ses, 0), 0);

    /* Unknown begin bits are ignored, not read as ReadOnly. */
    cr_assert_eq(JetBeginTransaction2(ses, 0x40), 0);
    s = enter(ses);
    cr_assert_not(s->trx_flags & OE_TRX_READONLY);
    oe_ses_leave(s);
    cr_assert_eq(JetCommitTransaction(ses, 0), 0);

    /* ReadOnly then commit: back to no flags. */
    cr_assert_eq(JetBeginTransaction2(ses, JET_bitTransactionReadOnly), 0);
    cr_assert_eq(JetCommitTransaction(ses, 0), 0);
    s = enter(ses);
    cr_assert_eq(s->trx_flags, 0);
    oe_ses_leave(s);
    cr_assert_eq(JetEndSession(ses, 0), 0);
    cr_assert_eq(JetTerm(g_inst), 0);
}

Test(txn, trans_too_deep_at_seven)
{
    JET_SESID ses = open_session();
    for (int i = 1; i <= 7; i++) {
        cr_assert_eq(JetBeginTransaction3(ses, 1000 + i, 0), 0, "begin to level %d", i);
        cr_assert_eq(level_of(ses), i);
    }
    cr_assert_eq(JetBeginTransaction(ses), JET_errTransTooDeep);
    cr_assert_eq(level_of(ses), 7, "a refused begin changed the level");
    struct oe_session *s = enter(ses);
    cr_assert_eq(oe_trx_begin(s, 0, 0), JET_errTransTooDeep);
    for (int i = 1; i <= 7; i++)
        cr_assert_eq(s->levels[i].trxid, 1000 + i, "level %d trxid", i);
    cr_assert_eq(s->trx_owner_thread, oe_thread_id());
    oe_ses_leave(s);
    cr_assert_eq(JetCommitTransaction(ses, 0), 0);
    cr_assert_eq(JetBeginTransaction(ses), 0, "level 6 -> 7 after a commit");
    cr_assert_eq(JetBeginTransaction(ses), JET_errTransTooDeep);
    cr_assert_eq(JetRollback(ses, JET_bitRollbackAll), 0);
    cr_assert_eq(level_of(ses), 0);
    s = enter(ses);
    cr_assert_eq(s->trx_owner_thread, 0);
    cr_assert_eq(s->trx_owner_ctx, 0);
    oe_ses_leave(s);
    cr_assert_eq(JetEndSession(ses, 0), 0);
    cr_assert_eq(JetTerm(g_inst), 0);
}

Test(txn, commit_and_rollback_argument_checks)
{
    JET_SESID ses = open_session();
    struct oe_session *s = enter(ses);
    cr_assert_eq(oe_trx_commit(s, 0, 0, NULL), JET_errNotInTransaction);
    cr_assert_eq(oe_trx_rollback(s, 0), JET_errNotInTransaction);
    cr_assert_eq(oe_trx_rollback(s, 0x2), JET_errInvalidGrbit);
    cr_assert_eq(oe_trx_commit(s, 0x4, 0, NULL), JET_errInvalidGrbit);
    cr_assert_eq(oe_trx_commit(s, JET_bitWaitLastLevel0Commit, 0, NULL), 0, "wait bits work at level 0");
    cr_assert_eq(oe_trx_commit(s, JET_bitWaitLastLevel0Commit | JET_bitCommitLazyFlush, 0, NULL),
                 JET_errInvalidGrbit);
    cr_assert_eq(oe_trx_begin(s, 0, 0), 0);
    cr_assert_eq(oe_trx_commit(s, 0, 5, NULL), JET_errInvalidParameter);
    cr_assert_eq(s->level, 1, "a refused commit changed the level");
    cr_assert_eq(oe_trx_commit(s, JET_bitCommitLazyFlush, 5, NULL), 0);
    cr_assert_eq(s->level, 0);
    oe_ses_leave(s);
    cr_assert_eq(JetEndSession(ses, 0), 0);
    cr_assert_eq(JetTerm(g_inst), 0);
}

Test(txn, failed_rollback_poisons_commit)
{
    /* txn.c: "A rollback that cannot finish poisons the session (ESE's
     * RollbackError)". Begin and rollback honour the poison; a commit must
     * too, or the half-undone level (u2 undone, c2 still open) and its
     * parent would be committed as if nothing had happened. */
    JET_SESID ses = open_session();
    cr_assert_eq(JetBeginTransaction(ses), 0);
    int u1 = push(ses, 'U');
    cr_assert_eq(JetBeginTransaction(ses), 0);
    int u2 = push(ses, 'U'), c2 = push(ses, 'C');
    F[c2].fail = JET_errDiskIO;
    cr_assert_eq(JetRollback(ses, 0), JET_errDiskIO);
    cr_assert_eq(F[u2].closed, 1);
    cr_assert_eq(JetRollback(ses, 0), JET_errRollbackError);
    cr_assert_eq(JetBeginTransaction(ses), JET_errRollbackError);
    JET_ERR e = JetCommitTransaction(ses, 0);
    cr_assert_lt(e, 0, "commit of a transaction whose rollback failed returned %d", e);
    cr_assert_eq(F[u1].committed, 0, "undo entry u1 committed after a failed rollback");
    /* JetEndSession still ends it once the fault clears. */
    F[c2].fail = 0;
    cr_assert_eq(JetEndSession(ses, 0), 0);
    cr_assert_eq(F[u1].closed, 1);
    cr_assert_eq(F[c2].closed, 1);
    cr_assert_eq(JetTerm(g_inst), 0);
}
