/*
 * fault_scenarios.c -- allocation failure at every site of every public
 * scenario leaves the engine consistent, atomic and leak-free.
 *
 * The driver. For each scenario and each injection mode -- "after"
 * (oe_alloc_fail_after(N): allocation N and every later one fail) and "nth"
 * (oe_alloc_fail_nth(N): only allocation N fails) -- it runs the scenario
 * once per N = 0, 1, 2, ... on a fresh instance whose fixture (a database, a
 * table "t" with a primary index "pk" on id and a unique secondary index
 * "byv" on v, eight committed rows) was built with memory available. The
 * sweep ends at the first N the scenario completes with no failed call and
 * without even reaching allocation N (so every site was visited).
 *
 * What a failed run must show:
 *   - the failing call returned JET_errOutOfMemory, or, for calls that write
 *     versions (JetUpdate, JetDelete, DDL), JET_errVersionStoreOutOfMemory;
 *     every other call returned success. The codes met are counted and
 *     printed. JetEndSession and JetRollback must succeed even with memory
 *     still failing (ese-reference.md 6.1);
 *   - at the first failure the hook is reset (step()) and the scenario
 *     inspects the state it is in: a failed insert/update/delete changed
 *     nothing (the session's own view equals its model, through the primary
 *     and the secondary index, and JetIndexRecordCount agrees with both
 *     scans); a failed DDL call left no half object (a failed create leaves
 *     nothing that answers to the name and can be made again; a failed
 *     delete leaves the object usable and consistent, or gone);
 *   - after rolling back, the committed data is exactly what was committed
 *     before (a failed JetCommitTransaction must be all or nothing: the
 *     table equals the committed or the pending model, nothing between);
 *   - later calls work: a fresh begin/insert/commit/seek/read succeeds;
 *   - after JetTerm the engine's live-block count is back at the baseline
 *     measured after one warm-up cycle (JetTerm drains deferred frees, so no
 *     barrier is taken before comparing; on a mismatch the count after
 *     oe_rcu_barrier() is printed to tell a leak from an undrained queue).
 *
 * "sites failed" printed per scenario and mode is the number of N at which a
 * public call failed; "absorbed" counts N where allocation N failed but the
 * engine absorbed it (no call failed), which is allowed.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "esent.h"
#include "sync/alloc.h"
#include "sync/rcu.h"

#define NIDS 64        /* ids 0..NIDS-1; model value ABSENT = no row */
#define ABSENT (-1)
#define BASE_ROWS 8
#define TEMP_ROWS 8     /* rows through the temp table (coprime with the stride 3) */
#define DDL_ROWS 3
#define MAX_N 20000    /* a scenario needing more allocations is itself a bug */

enum mode { M_AFTER, M_NTH };
static const char *const mode_name[] = {"fail_after", "fail_nth"};

/* One run of one scenario under one N. */
struct run {
    const char *sc;
    enum mode mode;
    uint64_t n;
    int failed;          /* a public call answered a failure code */
    uint64_t attempts;   /* allocations attempted while armed (read before the reset) */
    unsigned oom, vsoom; /* codes met */
};

/* The fixture every run starts from. */
struct fx {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    JET_COLUMNID cid, cv;
    int committed[NIDS]; /* what a fresh reader must see */
};

static int64_t g_base; /* live blocks after the warm-up cycle */

/* arm -- start injection for this run. */
static void arm(struct run *r)
{
    if (r->mode == M_AFTER)
        oe_alloc_fail_after(r->n);
    else
        oe_alloc_fail_nth(r->n);
}

/* disarm -- stop injection, remembering how far the run got. */
static void disarm(struct run *r)
{
    if (r->attempts == 0)
        r->attempts = oe_alloc_attempts();
    oe_alloc_fail_reset();
}

/* step -- judge one call made under injection; on the first failure stop
 * injecting so the scenario can inspect the state it left. vs: the call
 * writes versions, so VersionStoreOutOfMemory is documented for it. */
static int step(struct run *r, JET_ERR e, int vs, const char *call)
{
    if (e >= 0)
        return 1;
    cr_assert(e == JET_errOutOfMemory || (vs && e == JET_errVersionStoreOutOfMemory),
              "%s %s(%llu): %s returned %d (only OutOfMemory%s allowed)", r->sc,
              mode_name[r->mode], (unsigned long long)r->n, call, e,
              vs ? " or VersionStoreOutOfMemory" : "");
    if (e == JET_errOutOfMemory)
        r->oom++;
    else
        r->vsoom++;
    r->failed = 1;
    disarm(r);
    return 0;
}
#define TRY(r, call) step((r), (call), 0, #call)
#define TRYV(r, call) step((r), (call), 1, #call)

/* must -- a call that has to succeed whatever the injection state. */
#define MUST(r, call)                                                                         \
    do {                                                                                      \
        JET_ERR must_e_ = (call);                                                             \
        cr_assert_eq(must_e_, 0, "%s %s(%llu): %s returned %d", (r)->sc, mode_name[(r)->mode], \
                     (unsigned long long)(r)->n, #call, must_e_);                             \
    } while (0)

/* ------------------------------------------------------------ fixture */

/* coldef -- a fixed-size column definition. */
static JET_COLUMNDEF coldef(JET_COLTYP t)
{
    JET_COLUMNDEF cd = {sizeof(cd), 0, t, 0, 0, 0, 0, 0, 0};
    return cd;
}

/* put_row -- insert (id, v) at the session's current level. */
static JET_ERR put_row(JET_SESID s, JET_TABLEID t, JET_COLUMNID cid, JET_COLUMNID cv, int32_t id,
                       int32_t v)
{
    JET_ERR e;
    if ((e = JetPrepareUpdate(s, t, JET_prepInsert)) < 0)
        return e;
    if ((e = JetSetColumn(s, t, cid, &id, 4, 0, NULL)) < 0 ||
        (e = JetSetColumn(s, t, cv, &v, 4, 0, NULL)) < 0 || (e = JetUpdate(s, t, NULL, 0, NULL)) < 0)
        JetPrepareUpdate(s, t, JET_prepCancel);
    return e;
}

/* fx_open -- instance, session, database, table with two indexes, BASE_ROWS rows. */
static void fx_open(struct fx *f)
{
    JET_ERR e;
    memset(f, 0, sizeof *f);
    cr_assert_eq(e = JetCreateInstance(&f->inst, "fault"), 0, "create: %d", e);
    cr_assert_eq(e = JetSetSystemParameter(&f->inst, 0, JET_paramMaxSessions, 16, NULL), 0, "%d", e);
    cr_assert_eq(e = JetInit(&f->inst), 0, "init: %d", e);
    cr_assert_eq(e = JetBeginSession(f->inst, &f->s, NULL, NULL), 0, "begin: %d", e);
    cr_assert_eq(e = JetCreateDatabase(f->s, "fault.edb", NULL, &f->db, 0), 0, "db: %d", e);
    cr_assert_eq(e = JetCreateTable(f->s, f->db, "t", 0, 100, &f->t), 0, "table: %d", e);
    JET_COLUMNDEF cd = coldef(JET_coltypLong);
    cr_assert_eq(e = JetAddColumn(f->s, f->t, "id", &cd, NULL, 0, &f->cid), 0, "%d", e);
    cr_assert_eq(e = JetAddColumn(f->s, f->t, "v", &cd, NULL, 0, &f->cv), 0, "%d", e);
    cr_assert_eq(e = JetCreateIndex(f->s, f->t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100), 0,
                 "%d", e);
    cr_assert_eq(e = JetCreateIndex(f->s, f->t, "byv", JET_bitIndexUnique, "+v\0", 4, 100), 0,
                 "%d", e);
    for (int i = 0; i < NIDS; i++)
        f->committed[i] = ABSENT;
    cr_assert_eq(e = JetBeginTransaction(f->s), 0, "%d", e);
    for (int32_t id = 0; id < BASE_ROWS; id++) {
        cr_assert_eq(e = put_row(f->s, f->t, f->cid, f->cv, id, 1000 + id), 0, "row %d: %d", id, e);
        f->committed[id] = 1000 + id;
    }
    cr_assert_eq(e = JetCommitTransaction(f->s, 0), 0, "%d", e);
    /* Reopen: a cursor that was open while its table's primary index was
     * created stays on the sequential index (see the report of issue 7). */
    cr_assert_eq(e = JetCloseTable(f->s, f->t), 0, "%d", e);
    cr_assert_eq(e = JetOpenTable(f->s, f->db, "t", NULL, 0, 0, &f->t), 0, "%d", e);
}

/* scan -- rows of t through index ix (NULL: primary): each must match the
 * model; returns the row count, or -1 on a mismatch (reported). */
static int scan(JET_SESID s, JET_TABLEID t, JET_COLUMNID cid, JET_COLUMNID cv, const char *ix,
                const int *model, const char *when)
{
    int rows = 0;
    JET_ERR e;
    cr_assert_eq(e = JetSetCurrentIndex(s, t, ix ? ix : "pk"), 0, "%s: set index %s: %d", when,
                 ix ? ix : "pk", e);
    for (e = JetMove(s, t, JET_MoveFirst, 0); e == 0; e = JetMove(s, t, JET_MoveNext, 0)) {
        int32_t id = -1, v = -1;
        cr_assert_eq(e = JetRetrieveColumn(s, t, cid, &id, 4, NULL, 0, NULL), 0, "%s: id %d", when, e);
        cr_assert_eq(e = JetRetrieveColumn(s, t, cv, &v, 4, NULL, 0, NULL), 0, "%s: v %d", when, e);
        cr_assert(id >= 0 && id < NIDS && model[id] == v,
                  "%s: index %s shows row (%d, %d), the model has %d", when, ix ? ix : "pk", id, v,
                  id >= 0 && id < NIDS ? model[id] : -2);
        rows++;
    }
    cr_assert_eq(e, JET_errNoCurrentRecord, "%s: scan of %s ended with %d", when, ix ? ix : "pk", e);
    uint32_t count = 0; /* JetIndexRecordCount counts from the current entry on */
    e = JetMove(s, t, JET_MoveFirst, 0);
    cr_assert(e == 0 || (e == JET_errNoCurrentRecord && rows == 0), "%s: first: %d", when, e);
    if (e == 0)
        cr_assert_eq(e = JetIndexRecordCount(s, t, &count, 0), 0, "%s: count: %d", when, e);
    cr_assert_eq((int)count, rows, "%s: JetIndexRecordCount(%s) %u, scan %d", when,
                 ix ? ix : "pk", count, rows);
    return rows;
}

/* check_model -- what session s sees of table t equals model, through both indexes. */
static void check_model(JET_SESID s, JET_TABLEID t, const struct fx *f, const int *model,
                        const char *when)
{
    int want = 0;
    for (int i = 0; i < NIDS; i++)
        want += model[i] != ABSENT;
    int a = scan(s, t, f->cid, f->cv, NULL, model, when);
    int b = scan(s, t, f->cid, f->cv, "byv", model, when);
    cr_assert(a == want && b == want, "%s: primary %d rows, byv %d rows, model %d", when, a, b, want);
    cr_assert_eq(JetSetCurrentIndex(s, t, "pk"), 0);
}

/* probe -- with memory back, a fresh begin/insert/commit/seek/read works
 * (on a new session, so it also proves session creation works). */
static void probe(struct fx *f, const char *when)
{
    JET_SESID s = JET_sesidNil;
    JET_DBID db;
    JET_TABLEID t;
    JET_ERR e;
    int32_t id = NIDS - 1, v = 999999, got = 0;
    cr_assert_eq(e = JetBeginSession(f->inst, &s, NULL, NULL), 0, "%s: probe begin: %d", when, e);
    cr_assert_eq(e = JetOpenDatabase(s, "fault.edb", NULL, &db, 0), 0, "%s: probe db: %d", when, e);
    cr_assert_eq(e = JetOpenTable(s, db, "t", NULL, 0, 0, &t), 0, "%s: probe table: %d", when, e);
    check_model(s, t, f, f->committed, when);
    cr_assert_eq(e = JetBeginTransaction(s), 0, "%s: probe txn: %d", when, e);
    cr_assert_eq(e = put_row(s, t, f->cid, f->cv, id, v), 0, "%s: probe insert: %d", when, e);
    cr_assert_eq(e = JetCommitTransaction(s, 0), 0, "%s: probe commit: %d", when, e);
    cr_assert_eq(e = JetMakeKey(s, t, &id, 4, JET_bitNewKey), 0, "%s: %d", when, e);
    cr_assert_eq(e = JetSeek(s, t, JET_bitSeekEQ), 0, "%s: probe seek: %d", when, e);
    cr_assert_eq(e = JetRetrieveColumn(s, t, f->cv, &got, 4, NULL, 0, NULL), 0, "%s: %d", when, e);
    cr_assert_eq(got, v, "%s: probe read %d", when, got);
    f->committed[id] = v;
    check_model(s, t, f, f->committed, when);
    cr_assert_eq(e = JetEndSession(s, 0), 0, "%s: probe end: %d", when, e);
}

/* check_baseline -- live engine blocks back at the warm-up baseline. */
static void check_baseline(const char *when)
{
    int64_t live = oe_alloc_live_blocks();
    if (live != g_base) {
        oe_rcu_barrier();
        fprintf(stderr, "%s: live blocks %lld, baseline %lld, after oe_rcu_barrier %lld\n", when,
                (long long)live, (long long)g_base, (long long)oe_alloc_live_blocks());
    }
    cr_assert_eq(live, g_base, "%s: %lld live blocks after JetTerm, baseline %lld", when,
                 (long long)live, (long long)g_base);
}

/* fx_close -- the fixture's session ends, JetTerm succeeds, nothing leaks. */
static void fx_close(struct fx *f, const char *when)
{
    JET_ERR e;
    cr_assert_eq(e = JetEndSession(f->s, 0), 0, "%s: end: %d", when, e);
    cr_assert_eq(e = JetTerm(f->inst), 0, "%s: JetTerm: %d", when, e);
    check_baseline(when);
}

/* ------------------------------------------------------------ DML helpers */

/* seek -- position t on id through the primary index. */
static JET_ERR seek(JET_SESID s, JET_TABLEID t, int32_t id)
{
    JET_ERR e = JetMakeKey(s, t, &id, 4, JET_bitNewKey);
    return e < 0 ? e : JetSeek(s, t, JET_bitSeekEQ);
}

/* A session's transactional work with its model stack (level 0 = committed). */
struct txn {
    JET_SESID s;
    JET_TABLEID t;
    int level;
    int model[8][NIDS];
};

/* m -- the model at the current level. */
static int *m(struct txn *x)
{
    return x->model[x->level];
}

/* x_begin -- a new level (model copied). */
static int x_begin(struct run *r, struct txn *x)
{
    if (!TRY(r, JetBeginTransaction(x->s)))
        return 0;
    memcpy(x->model[x->level + 1], x->model[x->level], sizeof x->model[0]);
    x->level++;
    return 1;
}

/* x_commit -- fold the level into its parent. A failure at level 1 must be
 * all or nothing: after_failure() decides which. */
static int x_commit(struct run *r, struct txn *x)
{
    if (!TRYV(r, JetCommitTransaction(x->s, 0)))
        return 0;
    memcpy(x->model[x->level - 1], x->model[x->level], sizeof x->model[0]);
    x->level--;
    return 1;
}

/* x_rollback -- discard the level; must succeed even with memory failing. */
static void x_rollback(struct run *r, struct txn *x)
{
    MUST(r, JetRollback(x->s, 0));
    x->level--;
}

/* x_insert -- insert (id, v); a failed insert must leave no trace. */
static int x_insert(struct run *r, struct txn *x, const struct fx *f, int32_t id, int32_t v)
{
    if (!TRY(r, JetPrepareUpdate(x->s, x->t, JET_prepInsert)))
        return 0;
    if (!TRY(r, JetSetColumn(x->s, x->t, f->cid, &id, 4, 0, NULL)) ||
        !TRY(r, JetSetColumn(x->s, x->t, f->cv, &v, 4, 0, NULL)) ||
        !TRYV(r, JetUpdate(x->s, x->t, NULL, 0, NULL))) {
        MUST(r, JetPrepareUpdate(x->s, x->t, JET_prepCancel));
        return 0;
    }
    m(x)[id] = v;
    return 1;
}

/* x_update -- set v of row id. */
static int x_update(struct run *r, struct txn *x, const struct fx *f, int32_t id, int32_t v)
{
    if (!TRY(r, seek(x->s, x->t, id)) || !TRY(r, JetPrepareUpdate(x->s, x->t, JET_prepReplace)))
        return 0;
    if (!TRY(r, JetSetColumn(x->s, x->t, f->cv, &v, 4, 0, NULL)) ||
        !TRYV(r, JetUpdate(x->s, x->t, NULL, 0, NULL))) {
        MUST(r, JetPrepareUpdate(x->s, x->t, JET_prepCancel));
        return 0;
    }
    m(x)[id] = v;
    return 1;
}

/* x_delete -- delete row id. */
static int x_delete(struct run *r, struct txn *x, int32_t id)
{
    if (!TRY(r, seek(x->s, x->t, id)) || !TRYV(r, JetDelete(x->s, x->t)))
        return 0;
    m(x)[id] = ABSENT;
    return 1;
}

/* after_failure -- the session's own view equals its model at the current
 * level (the failed call changed nothing), then everything is rolled back
 * and the committed data must be one consistent state. A failed commit of
 * the outermost level is allowed to have committed (all) or not (nothing). */
static void after_failure(struct run *r, struct txn *x, struct fx *f, int commit_failed)
{
    char when[96];
    snprintf(when, sizeof when, "%s %s(%llu) in-transaction view", r->sc, mode_name[r->mode],
             (unsigned long long)r->n);
    if (!(commit_failed && x->level == 1))
        check_model(x->s, x->t, f, m(x), when);
    JET_ERR e = JetRollback(x->s, JET_bitRollbackAll);
    if (commit_failed && x->level == 1 && e == JET_errNotInTransaction) {
        memcpy(x->model[0], x->model[1], sizeof x->model[0]); /* the commit happened */
    } else {
        cr_assert_eq(e, 0, "%s: JetRollback(All) returned %d", when, e);
    }
    x->level = 0;
    memcpy(f->committed, x->model[0], sizeof f->committed);
    snprintf(when, sizeof when, "%s %s(%llu) after rollback", r->sc, mode_name[r->mode],
             (unsigned long long)r->n);
    check_model(x->s, x->t, f, f->committed, when);
}

/* ------------------------------------------------------------ scenarios */

/* sc_session -- begin a session, context, open database and table, nested
 * transaction, read, end with the levels open. */
static void sc_session(struct run *r, struct fx *f)
{
    JET_SESID s = JET_sesidNil;
    JET_DBID db;
    JET_TABLEID t;
    int32_t v = 0;
    int ctx = 0;
    if (!TRY(r, JetBeginSession(f->inst, &s, NULL, NULL))) {
        cr_assert_eq(s, JET_sesidNil, "a failed JetBeginSession must store JET_sesidNil");
        return;
    }
    if ((ctx = TRY(r, JetSetSessionContext(s, 0x5151))) &&
        TRY(r, JetOpenDatabase(s, "fault.edb", NULL, &db, 0)) &&
        TRY(r, JetOpenTable(s, db, "t", NULL, 0, 0, &t)) && TRY(r, JetBeginTransaction(s)) &&
        TRY(r, seek(s, t, 3)) && TRY(r, JetRetrieveColumn(s, t, f->cv, &v, 4, NULL, 0, NULL)) &&
        TRY(r, JetBeginTransaction(s))) {
        cr_assert_eq(v, f->committed[3], "read %d", v);
    }
    if (ctx)
        MUST(r, JetResetSessionContext(s));
    MUST(r, JetEndSession(s, 0));
}

/* sc_dml -- insert/update/delete in one transaction, then commit or roll back. */
static void sc_dml(struct run *r, struct fx *f, int commit)
{
    static struct txn x;
    x.s = f->s;
    x.t = f->t;
    x.level = 0;
    memcpy(x.model[0], f->committed, sizeof x.model[0]);
    int ok = x_begin(r, &x) && x_insert(r, &x, f, 20, 2020) && x_insert(r, &x, f, 21, 2021) &&
             x_update(r, &x, f, 2, 3002) && x_delete(r, &x, 4) && x_insert(r, &x, f, 22, 2022) &&
             x_update(r, &x, f, 21, 3021) && x_delete(r, &x, 20);
    if (ok && !commit) {
        x_rollback(r, &x);
        ok = 1;
    } else if (ok) {
        ok = x_commit(r, &x);
        if (!ok) {
            after_failure(r, &x, f, 1);
            return;
        }
    }
    if (!ok) {
        after_failure(r, &x, f, 0);
        return;
    }
    memcpy(f->committed, x.model[0], sizeof f->committed);
}

/* sc_nested -- levels 1..3 with commits and rollbacks of inner levels. */
static void sc_nested(struct run *r, struct fx *f)
{
    static struct txn x;
    x.s = f->s;
    x.t = f->t;
    x.level = 0;
    memcpy(x.model[0], f->committed, sizeof x.model[0]);
    int ok = x_begin(r, &x) && x_insert(r, &x, f, 30, 3030) &&          /* L1 */
             x_begin(r, &x) && x_update(r, &x, f, 5, 4005) &&           /* L2 */
             x_insert(r, &x, f, 31, 3031) && x_commit(r, &x) &&         /* L2 -> L1 */
             x_begin(r, &x) && x_delete(r, &x, 6) &&                    /* L2 */
             x_insert(r, &x, f, 32, 3032);
    if (ok) {
        x_rollback(r, &x); /* L2 gone: 6 back, 32 absent */
        ok = x_begin(r, &x) && x_begin(r, &x) && x_update(r, &x, f, 7, 4007) && /* L3 */
             x_delete(r, &x, 30) && x_commit(r, &x) && x_commit(r, &x);
    }
    if (ok) {
        ok = x_commit(r, &x);
        if (!ok) {
            after_failure(r, &x, f, 1);
            return;
        }
    }
    if (!ok) {
        after_failure(r, &x, f, 0);
        return;
    }
    memcpy(f->committed, x.model[0], sizeof f->committed);
}

/* sc_end_open -- a second session writes at three levels (one of its
 * sessions under a context) and is ended with them open: none of its work
 * may survive, and JetEndSession must succeed with memory still failing. */
static void sc_end_open(struct run *r, struct fx *f)
{
    static struct txn x;
    JET_DBID db;
    int ctx = 0;
    x.s = JET_sesidNil;
    x.level = 0;
    memcpy(x.model[0], f->committed, sizeof x.model[0]);
    if (!TRY(r, JetBeginSession(f->inst, &x.s, NULL, NULL)))
        return;
    int ok = TRY(r, JetOpenDatabase(x.s, "fault.edb", NULL, &db, 0)) &&
             TRY(r, JetOpenTable(x.s, db, "t", NULL, 0, 0, &x.t)) &&
             (ctx = TRY(r, JetSetSessionContext(x.s, 0x7e7e))) && x_begin(r, &x) &&
             x_insert(r, &x, f, 40, 4040) && x_begin(r, &x) && x_update(r, &x, f, 1, 5001) &&
             x_begin(r, &x) && x_delete(r, &x, 2) && x_insert(r, &x, f, 41, 4041);
    if (!ok && x.level > 0) {
        char when[96];
        snprintf(when, sizeof when, "%s %s(%llu) in-transaction view", r->sc, mode_name[r->mode],
                 (unsigned long long)r->n);
        check_model(x.s, x.t, f, m(&x), when);
        oe_alloc_fail_after(0); /* end the session with memory failing again */
    }
    if (ctx)
        MUST(r, JetResetSessionContext(x.s));
    MUST(r, JetEndSession(x.s, 0));
    disarm(r);
}

/* DDL fixture: the indexes of table x and what each may be after a failure. */
enum { IX_ABSENT, IX_PRESENT, IX_EITHER };
static const struct {
    const char *name, *key;
    uint32_t cb;
    JET_GRBIT g;
} g_ix[3] = {{"pk", "+a\0", 4, JET_bitIndexPrimary},
             {"ub", "+b\0", 4, JET_bitIndexUnique},
             {"byc", "+c\0", 4, 0}};

/* ddl_index_failed -- a failed JetCreateIndex left no index of that name,
 * and the index can then be created. */
static void ddl_index_failed(JET_SESID s, JET_TABLEID t, int i, int *have)
{
    JET_ERR e = JetSetCurrentIndex(s, t, g_ix[i].name);
    cr_assert_eq(e, JET_errIndexNotFound, "a failed JetCreateIndex(%s) left an index: %d",
                 g_ix[i].name, e);
    cr_assert_eq(e = JetCreateIndex(s, t, g_ix[i].name, g_ix[i].g, g_ix[i].key, g_ix[i].cb, 100), 0,
                 "create index %s again: %d", g_ix[i].name, e);
    have[i] = IX_PRESENT;
}

/* ddl_check -- every index table x answers to lists exactly the committed rows. */
static void ddl_check(JET_SESID s, JET_TABLEID t, const int *have, int rows, const char *at)
{
    for (int i = 0; i < 3; i++) {
        JET_ERR e = JetSetCurrentIndex(s, t, g_ix[i].name);
        if (have[i] == IX_ABSENT || (have[i] == IX_EITHER && e == JET_errIndexNotFound)) {
            cr_assert_eq(e, JET_errIndexNotFound, "after a failure at %s: index %s exists: %d",
                         at, g_ix[i].name, e);
            continue;
        }
        cr_assert_eq(e, 0, "after a failure at %s: index %s: %d", at, g_ix[i].name, e);
        uint32_t n = 0; /* JetIndexRecordCount counts from the current entry on */
        if (JetMove(s, t, JET_MoveFirst, 0) == 0)
            cr_assert_eq(e = JetIndexRecordCount(s, t, &n, 0), 0, "%d", e);
        cr_assert_eq((int)n, rows, "after a failure at %s: index %s counts %u rows, %d committed",
                     at, g_ix[i].name, n, rows);
        int seen = 0;
        for (e = JetMove(s, t, JET_MoveFirst, 0); e == 0; e = JetMove(s, t, JET_MoveNext, 0))
            seen++;
        cr_assert_eq(seen, rows, "after a failure at %s: index %s scans %d rows, %d committed", at,
                     g_ix[i].name, seen, rows);
    }
}

/* sc_ddl -- create database, table, columns, unique secondary index, rows,
 * add column, index on a populated table, delete index, delete table. At a
 * failure, the object the failing call was about must be whole or absent
 * (a failed create can be repeated), and what exists agrees with itself. */
static void sc_ddl(struct run *r, struct fx *f)
{
    JET_SESID s = f->s;
    JET_DBID db = 0;
    JET_TABLEID t = 0;
    JET_COLUMNID cid[4];
    JET_COLUMNDEF def = coldef(JET_coltypLong);
    JET_ERR e;
    int rows = 0, have[3] = {IX_ABSENT, IX_ABSENT, IX_ABSENT};
    char info[256];
    static const char *const cols[] = {"a", "b", "c", "d"};
    const char *at = "create database";

    if (!TRY(r, JetCreateDatabase(s, "ddl.edb", NULL, &db, 0))) {
        cr_assert_neq(JetOpenDatabase(s, "ddl.edb", NULL, &db, 0), 0,
                      "a failed JetCreateDatabase left an openable database");
        cr_assert_eq(e = JetCreateDatabase(s, "ddl.edb", NULL, &db, 0), 0,
                     "create after a failed create: %d", e);
        return;
    }
    if (!TRYV(r, JetCreateTable(s, db, "x", 0, 100, &t))) {
        cr_assert_eq(e = JetOpenTable(s, db, "x", NULL, 0, 0, &t), JET_errObjectNotFound,
                     "a failed JetCreateTable left a table: %d", e);
        cr_assert_eq(e = JetCreateTable(s, db, "x", 0, 100, &t), 0, "again: %d", e);
        cr_assert_eq(JetCloseTable(s, t), 0);
        return;
    }
    for (int i = 0; i < 4; i++) {
        if (i == 3) { /* d is added to the populated table below */
            at = "rows";
            if (!TRY(r, JetBeginTransaction(s)))
                goto check;
            for (int32_t k = 0; k < DDL_ROWS; k++) {
                int32_t b = 100 + k, c = k % 2;
                if (!TRY(r, JetPrepareUpdate(s, t, JET_prepInsert)))
                    goto rows_failed;
                if (!TRY(r, JetSetColumn(s, t, cid[0], &k, 4, 0, NULL)) ||
                    !TRY(r, JetSetColumn(s, t, cid[1], &b, 4, 0, NULL)) ||
                    !TRY(r, JetSetColumn(s, t, cid[2], &c, 4, 0, NULL)) ||
                    !TRYV(r, JetUpdate(s, t, NULL, 0, NULL))) {
                    MUST(r, JetPrepareUpdate(s, t, JET_prepCancel));
                    goto rows_failed;
                }
            }
            if (!TRYV(r, JetCommitTransaction(s, 0)))
                goto rows_failed;
            rows = DDL_ROWS;
        }
        at = cols[i];
        if (!TRYV(r, JetAddColumn(s, t, cols[i], &def, NULL, 0, &cid[i]))) {
            e = JetGetTableColumnInfo(s, t, cols[i], info, sizeof info, JET_ColInfo);
            cr_assert_eq(e, JET_errColumnNotFound, "a failed JetAddColumn(%s) left a column: %d",
                         cols[i], e);
            cr_assert_eq(e = JetAddColumn(s, t, cols[i], &def, NULL, 0, &cid[i]), 0, "again: %d", e);
            goto check;
        }
        if (i < 2)
            continue;
        if (i == 2) { /* pk and ub on the empty table */
            for (int k = 0; k < 2; k++) {
                at = g_ix[k].name;
                if (!TRYV(r, JetCreateIndex(s, t, g_ix[k].name, g_ix[k].g, g_ix[k].key, g_ix[k].cb,
                                            100))) {
                    ddl_index_failed(s, t, k, have);
                    goto check;
                }
                have[k] = IX_PRESENT;
            }
        }
    }
    at = "index on a populated table";
    if (!TRYV(r, JetCreateIndex(s, t, g_ix[2].name, g_ix[2].g, g_ix[2].key, g_ix[2].cb, 100))) {
        ddl_index_failed(s, t, 2, have);
        goto check;
    }
    have[2] = IX_PRESENT;
    at = "delete index";
    if (!TRYV(r, JetDeleteIndex(s, t, "ub"))) {
        have[1] = IX_EITHER;
        goto check;
    }
    have[1] = IX_ABSENT;
    at = "delete table";
    cr_assert_eq(JetCloseTable(s, t), 0);
    t = 0;
    if (!TRYV(r, JetDeleteTable(s, db, "x"))) {
        e = JetOpenTable(s, db, "x", NULL, 0, 0, &t);
        cr_assert(e == 0 || e == JET_errObjectNotFound, "open after failed delete: %d", e);
        if (e == JET_errObjectNotFound)
            t = 0;
        goto check;
    }
    e = JetOpenTable(s, db, "x", NULL, 0, 0, &t);
    cr_assert_eq(e, JET_errObjectNotFound, "deleted table opens: %d", e);
    return;

rows_failed:
    cr_assert_eq(e = JetRollback(s, JET_bitRollbackAll), 0, "rollback after rows: %d", e);
check:
    if (t) {
        ddl_check(s, t, have, rows, at);
        cr_assert_eq(e = JetCloseTable(s, t), 0, "close: %d", e);
    }
}

/* sc_temp -- temp table open, insert, move, close. */
static void sc_temp(struct run *r, struct fx *f)
{
    JET_SESID s = f->s;
    JET_COLUMNDEF cd[2] = {coldef(JET_coltypLong), coldef(JET_coltypLong)};
    cd[0].grbit = JET_bitColumnTTKey;
    JET_COLUMNID ids[2];
    JET_TABLEID t;
    JET_ERR e;
    if (!TRY(r, JetOpenTempTable(s, cd, 2, JET_bitTTScrollable | JET_bitTTIndexed, &t, ids)))
        goto fresh;
    int ok = 1;
    for (int32_t k = 0; k < TEMP_ROWS && ok; k++) {
        int32_t key = (k * 3) % TEMP_ROWS, v = k;
        if (!TRY(r, JetPrepareUpdate(s, t, JET_prepInsert)))
            ok = 0;
        else if (!TRY(r, JetSetColumn(s, t, ids[0], &key, 4, 0, NULL)) ||
                 !TRY(r, JetSetColumn(s, t, ids[1], &v, 4, 0, NULL)) ||
                 !TRY(r, JetUpdate(s, t, NULL, 0, NULL))) {
            MUST(r, JetPrepareUpdate(s, t, JET_prepCancel));
            ok = 0;
        }
    }
    if (ok) {
        int n = 0;
        int32_t prev = -1;
        for (e = JetMove(s, t, JET_MoveFirst, 0); e == 0; e = JetMove(s, t, JET_MoveNext, 0)) {
            int32_t key;
            if (!TRY(r, JetRetrieveColumn(s, t, ids[0], &key, 4, NULL, 0, NULL)))
                break;
            cr_assert_gt(key, prev, "temp table out of order");
            prev = key;
            n++;
        }
        if (e != JET_errNoCurrentRecord && e != 0)
            TRY(r, e);
        else if (!r->failed)
            cr_assert_eq(n, TEMP_ROWS, "temp table has %d rows", n);
    }
    MUST(r, JetCloseTable(s, t));
fresh:
    if (!r->failed)
        return;
    /* A fresh temp table works. */
    cr_assert_eq(e = JetOpenTempTable(s, cd, 2, JET_bitTTIndexed, &t, ids), 0, "temp again: %d", e);
    int32_t key = 5;
    cr_assert_eq(JetPrepareUpdate(s, t, JET_prepInsert), 0);
    cr_assert_eq(JetSetColumn(s, t, ids[0], &key, 4, 0, NULL), 0);
    cr_assert_eq(e = JetUpdate(s, t, NULL, 0, NULL), 0, "%d", e);
    cr_assert_eq(e = JetMove(s, t, JET_MoveFirst, 0), 0, "%d", e);
    cr_assert_eq(JetCloseTable(s, t), 0);
}

/* ------------------------------------------------------------ driver */

struct scenario {
    const char *name;
    void (*fn)(struct run *, struct fx *);
};

static void sc_commit(struct run *r, struct fx *f) { sc_dml(r, f, 1); }
static void sc_rollback(struct run *r, struct fx *f) { sc_dml(r, f, 0); }

static const struct scenario g_sc[] = {
    {"session", sc_session},     {"ddl", sc_ddl},           {"dml_commit", sc_commit},
    {"dml_rollback", sc_rollback}, {"nested", sc_nested},   {"end_open", sc_end_open},
    {"temp", sc_temp},
};

/* warm_up -- one fixture cycle with every scenario, so lazy process-wide
 * state exists; sets the baseline. */
static void warm_up(void)
{
    for (size_t i = 0; i < sizeof g_sc / sizeof g_sc[0]; i++) {
        struct fx f;
        struct run r = {.sc = g_sc[i].name, .mode = M_AFTER, .n = UINT64_MAX};
        fx_open(&f);
        g_sc[i].fn(&r, &f);
        cr_assert(!r.failed, "warm-up of %s failed", g_sc[i].name);
        check_model(f.s, f.t, &f, f.committed, "warm-up");
        cr_assert_eq(JetEndSession(f.s, 0), 0);
        cr_assert_eq(JetTerm(f.inst), 0);
    }
    g_base = oe_alloc_live_blocks();
}

/* sweep -- run scenario sc under mode for N = 0, 1, ... until it meets no failure. */
static void sweep(const struct scenario *sc, enum mode mode)
{
    unsigned sites = 0, absorbed = 0, oom = 0, vsoom = 0;
    uint64_t n;
    for (n = 0; n < MAX_N; n++) {
        struct fx f;
        struct run r = {.sc = sc->name, .mode = mode, .n = n};
        char when[96];
        fx_open(&f);
        arm(&r);
        sc->fn(&r, &f);
        disarm(&r);
        snprintf(when, sizeof when, "%s %s(%llu)", sc->name, mode_name[mode], (unsigned long long)n);
        if (r.failed) {
            sites++;
            oom += r.oom;
            vsoom += r.vsoom;
            check_model(f.s, f.t, &f, f.committed, when);
            probe(&f, when);
        } else {
            absorbed += r.attempts > n;
            check_model(f.s, f.t, &f, f.committed, when);
        }
        fx_close(&f, when);
        if (!r.failed && r.attempts <= n)
            break;
    }
    cr_assert_lt(n, MAX_N, "%s %s never completed", sc->name, mode_name[mode]);
    fprintf(stderr, "fault %-12s %-10s: N = 0..%llu, sites failed %u, absorbed %u, codes: "
            "OutOfMemory %u, VersionStoreOutOfMemory %u\n",
            sc->name, mode_name[mode], (unsigned long long)n, sites, absorbed, oom, vsoom);
}

#define SWEEP_TEST(name, idx)                                                   \
    Test(fault, name, .timeout = 60)                                           \
    {                                                                          \
        warm_up();                                                             \
        sweep(&g_sc[idx], M_AFTER);                                            \
        sweep(&g_sc[idx], M_NTH);                                              \
    }

SWEEP_TEST(session, 0)
SWEEP_TEST(ddl, 1)
SWEEP_TEST(dml_commit, 2)
SWEEP_TEST(dml_rollback, 3)
SWEEP_TEST(nested, 4)
SWEEP_TEST(end_open, 5)
SWEEP_TEST(temp, 6)
