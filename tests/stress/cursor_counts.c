/*
 * cursor_counts.c -- the per-thread cursor credits and the sharded table
 * counts (instance.h QUOTAS, catalog.h TABLE COUNTS) under concurrency.
 *
 * What it proves:
 *   - JetDeleteTable never succeeds while a cursor is open on the table: an
 *     opener that got a cursor can use it (JetMove answers NoCurrentRecord
 *     or success, never InvalidTableId or a crash) until it closes it, and
 *     an opener racing with a successful delete gets ObjectNotFound;
 *   - a JetCreateTable refused at JET_paramMaxOpenTables creates nothing
 *     (its cursor's open is decided before the table is published, so no
 *     opener reaches it), and one that succeeds returns an open cursor;
 *   - JET_paramMaxCursors stays exact while threads open and close cursors
 *     on tables that are deleted, recreated and purged from the open-tables
 *     count (JET_paramMaxOpenTables 2 with 3 tables): after the run one
 *     thread opens exactly MaxCursors cursors, and not one more;
 *   - ThreadSanitizer (halt_on_error=1) sees no race.
 *
 * Threads. NOPEN openers loop over tables t0..t2: open a cursor (on their
 * own session), JetMove(First), close; sometimes they close a cursor from
 * another thread's open (handed over through a mailbox), so opens and
 * closes land in different shards. One deleter loops: JetDeleteTable on a
 * table, and when that succeeds, JetCreateTable again and close its cursor.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "esent.h"

#define NOPEN 3
#define ROUNDS 3000
#define MAXC 64

static JET_INSTANCE g_inst;          /* [imm] after setup */
static char g_path[64];              /* [imm] */
static _Atomic int g_stop;           /* [atomic relaxed] set when the openers finish */
static _Atomic int g_deletes;        /* [atomic relaxed] successful deletes */
/* A cursor handed from one opener to the next for closing: 0 = empty. The
 * session is shared by both threads (no transaction: any thread may use it,
 * one call at a time, so the hand-over serializes through the exchange). */
static _Atomic uint64_t g_mail;      /* [atomic acq_rel] tableid, 0 = none */
static JET_SESID g_mail_ses;         /* [imm] the session of mailed cursors */
static JET_DBID g_mail_db;           /* [imm] */
static pthread_mutex_t g_mail_lock = PTHREAD_MUTEX_INITIALIZER; /* one call on g_mail_ses at a time */

static const char *const g_names[3] = {"t0", "t1", "t2"};

struct opener {
    int id;           /* [imm] */
    JET_ERR bad;      /* first unexpected code, 0 if none */
};

static void note(struct opener *o, JET_ERR e)
{
    if (!o->bad)
        o->bad = e;
}

static void *opener(void *arg)
{
    struct opener *o = arg;
    JET_SESID s;
    JET_DBID db;
    if (JetBeginSession(g_inst, &s, NULL, NULL) || JetOpenDatabase(s, g_path, NULL, &db, 0)) {
        note(o, -1);
        return NULL;
    }
    for (int i = 0; i < ROUNDS; i++) {
        const char *nm = g_names[(i + o->id) % 3];
        JET_TABLEID t;
        JET_ERR e = JetOpenTable(s, db, nm, NULL, 0, 0, &t);
        if (e == JET_errObjectNotFound || e == JET_errTooManyOpenTables)
            continue; /* deleted for now; or the other two tables are in use */
        if (e != JET_errSuccess) {
            note(o, e);
            continue;
        }
        e = JetMove(s, t, JET_MoveFirst, 0);
        if (e != JET_errSuccess && e != JET_errNoCurrentRecord)
            note(o, e);
        if ((e = JetCloseTable(s, t)) != JET_errSuccess)
            note(o, e);
        /* Mailbox: open on the shared session here, close it elsewhere. */
        if (i % 4 == 0) {
            pthread_mutex_lock(&g_mail_lock);
            uint64_t old = atomic_exchange_explicit(&g_mail, 0, memory_order_acq_rel);
            if (old && (e = JetCloseTable(g_mail_ses, (JET_TABLEID)old)) != JET_errSuccess)
                note(o, e);
            if (!old) {
                e = JetOpenTable(g_mail_ses, g_mail_db, nm, NULL, 0, 0, &t);
                if (e == JET_errSuccess)
                    atomic_store_explicit(&g_mail, t, memory_order_release);
                else if (e != JET_errObjectNotFound && e != JET_errTooManyOpenTables)
                    note(o, e);
            }
            pthread_mutex_unlock(&g_mail_lock);
        }
    }
    if (JetEndSession(s, 0))
        note(o, -2);
    return NULL;
}

static void *deleter(void *arg)
{
    JET_ERR *bad = arg;
    JET_SESID s;
    JET_DBID db;
    if (JetBeginSession(g_inst, &s, NULL, NULL) || JetOpenDatabase(s, g_path, NULL, &db, 0)) {
        *bad = -1;
        return NULL;
    }
    for (int i = 0; !atomic_load_explicit(&g_stop, memory_order_relaxed); i++) {
        const char *nm = g_names[i % 3];
        JET_ERR e = JetDeleteTable(s, db, nm);
        if (e == JET_errTableInUse)
            continue;
        if (e != JET_errSuccess) {
            *bad = e;
            break;
        }
        atomic_fetch_add_explicit(&g_deletes, 1, memory_order_relaxed);
        JET_TABLEID t;
        /* Recreating needs a free open-tables place: retry while the other
         * two are in use. A refused create creates nothing -- no opener
         * can have reached the table, so it is not there to delete (and
         * the retry never meets TableDuplicate) -- and a create that
         * succeeds returns an open cursor. */
        while ((e = JetCreateTable(s, db, nm, 0, 100, &t)) == JET_errTooManyOpenTables) {
            if (t != JET_tableidNil || (e = JetDeleteTable(s, db, nm)) != JET_errObjectNotFound) {
                *bad = e ? e : -3;
                goto out;
            }
            sched_yield();
        }
        if (e != JET_errSuccess || (e = JetCloseTable(s, t)) != JET_errSuccess) {
            *bad = e;
            break;
        }
    }
out:
    JetEndSession(s, 0);
    return NULL;
}

Test(cursor_counts, delete_and_quotas_stay_exact, .timeout = 120)
{
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    snprintf(g_path, sizeof g_path, "curcounts-%d.edb", (int)getpid());
    cr_assert_eq(JetCreateInstance(&g_inst, "curcounts"), JET_errSuccess);
    cr_assert_eq(JetSetSystemParameter(&g_inst, 0, JET_paramMaxCursors, MAXC, NULL), JET_errSuccess);
    cr_assert_eq(JetSetSystemParameter(&g_inst, 0, JET_paramMaxOpenTables, 2, NULL), JET_errSuccess);
    cr_assert_eq(JetInit(&g_inst), JET_errSuccess);
    cr_assert_eq(JetBeginSession(g_inst, &s, NULL, NULL), JET_errSuccess);
    cr_assert_eq(JetCreateDatabase(s, g_path, NULL, &db, 0), JET_errSuccess);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(JetCreateTable(s, db, g_names[i], 0, 100, &t), JET_errSuccess);
        cr_assert_eq(JetCloseTable(s, t), JET_errSuccess);
    }
    cr_assert_eq(JetBeginSession(g_inst, &g_mail_ses, NULL, NULL), JET_errSuccess);
    cr_assert_eq(JetOpenDatabase(g_mail_ses, g_path, NULL, &g_mail_db, 0), JET_errSuccess);

    pthread_t th[NOPEN], del;
    struct opener o[NOPEN];
    JET_ERR del_bad = 0;
    cr_assert_eq(pthread_create(&del, NULL, deleter, &del_bad), 0);
    for (int i = 0; i < NOPEN; i++) {
        o[i] = (struct opener){.id = i};
        cr_assert_eq(pthread_create(&th[i], NULL, opener, &o[i]), 0);
    }
    for (int i = 0; i < NOPEN; i++)
        cr_assert_eq(pthread_join(th[i], NULL), 0);
    atomic_store_explicit(&g_stop, 1, memory_order_relaxed);
    cr_assert_eq(pthread_join(del, NULL), 0);
    for (int i = 0; i < NOPEN; i++)
        cr_expect_eq(o[i].bad, JET_errSuccess, "opener %d: %d", i, (int)o[i].bad);
    cr_expect_eq(del_bad, JET_errSuccess, "deleter: %d", (int)del_bad);
    uint64_t mailed = atomic_load(&g_mail);
    if (mailed)
        cr_assert_eq(JetCloseTable(g_mail_ses, (JET_TABLEID)mailed), JET_errSuccess);
    printf("cursor_counts: %d successful deletes\n", atomic_load(&g_deletes));

    /* Every credit came back: exactly MAXC cursors on one table, no more. */
    JET_TABLEID c[MAXC + 1];
    for (int i = 0; i < MAXC; i++)
        cr_assert_eq(JetOpenTable(s, db, "t0", NULL, 0, 0, &c[i]), JET_errSuccess, "cursor %d", i);
    cr_expect_eq(JetOpenTable(s, db, "t0", NULL, 0, 0, &c[MAXC]), JET_errOutOfCursors);
    /* And the table counts are back to 0: with its cursors closed, t0 can go. */
    for (int i = 0; i < MAXC; i++)
        cr_assert_eq(JetCloseTable(s, c[i]), JET_errSuccess);
    cr_expect_eq(JetDeleteTable(s, db, "t0"), JET_errSuccess);
    cr_assert_eq(JetTerm(g_inst), JET_errSuccess);
}
