/*
 * db_open_detach.c -- JetOpenDatabase / JetCloseDatabase against
 * JetDetachDatabase / JetAttachDatabase (database.c, OPEN COUNTS: sharded
 * open counts and a Dekker pair instead of the instance's lock).
 *
 * What it proves:
 *   - a detach never succeeds while a session has the database open: each
 *     opener counts itself in g_holders from just after its open succeeds
 *     to just before it closes, and the detacher, right after a successful
 *     detach, finds the count at 0 (no open can succeed between the detach
 *     and that check: only the detacher attaches again);
 *   - an open racing with a detach either succeeds or answers
 *     DatabaseNotFound, a detach either succeeds or answers DatabaseInUse,
 *     and both make progress;
 *   - after the run every count is back to 0: the database detaches at once;
 *   - ThreadSanitizer (halt_on_error=1) sees no race.
 *
 * Threads. NOPEN openers loop on their own sessions: open (sometimes twice,
 * closing the extra one on the way), a table cursor through the dbid, close
 * all; some rounds end the session instead of closing (JetEndSession closes
 * the database). One detacher loops: detach, and after a success attach
 * again.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

#include "esent.h"
#include "stress_util.h"

#define NOPEN 2
#define ROUNDS 3000 /* successful opens per opener */

static JET_INSTANCE g_inst;          /* [imm] after setup */
static char g_path[64];              /* [imm] */
static _Atomic int g_stop;           /* [atomic relaxed] set when the openers finish */
static _Atomic int g_bad;            /* first unexpected code, 0 if none */
static _Atomic long g_opens, g_detaches;
static _Atomic int g_holders;        /* [atomic seq_cst] openers holding the database open */

static void bad(int code) { stress_flag(&g_bad, code); }

static void *opener(void *arg)
{
    uint64_t rng = (uint64_t)(uintptr_t)arg * 0x9E3779B97F4A7C15ull | 1;
    JET_SESID s;
    if (JetBeginSession(g_inst, &s, NULL, NULL) != JET_errSuccess) {
        bad(-1);
        return NULL;
    }
    for (int done = 0; done < ROUNDS;) {
        JET_DBID db, db2;
        JET_ERR e = JetOpenDatabase(s, g_path, NULL, &db, 0);
        if (e == JET_errDatabaseNotFound) {
            sched_yield(); /* detached right now: the detacher attaches it again */
            continue;
        }
        if (e != JET_errSuccess) {
            bad(e);
            continue;
        }
        done++;
        atomic_fetch_add_explicit(&g_opens, 1, memory_order_relaxed);
        atomic_fetch_add(&g_holders, 1);
        int twice = stress_rnd(&rng) % 4 == 0 && JetOpenDatabase(s, g_path, NULL, &db2, 0) == 0;
        JET_TABLEID t;
        if ((e = JetOpenTable(s, db, "t", NULL, 0, 0, &t)) != JET_errSuccess)
            bad(e); /* detached under an open session */
        else if ((e = JetCloseTable(s, t)) != JET_errSuccess)
            bad(e);
        sched_yield(); /* hold the database a while: a wrong detach gets its chance */
        if (twice && (e = JetCloseDatabase(s, db2, 0)) != JET_errSuccess)
            bad(e);
        atomic_fetch_sub(&g_holders, 1); /* before the close that may let a detach in */
        if (stress_rnd(&rng) % 8 == 0) {
            /* JetEndSession closes the database for us. */
            if ((e = JetEndSession(s, 0)) != JET_errSuccess ||
                (e = JetBeginSession(g_inst, &s, NULL, NULL)) != JET_errSuccess) {
                bad(e ? e : -2);
                return NULL;
            }
        } else if ((e = JetCloseDatabase(s, db, 0)) != JET_errSuccess) {
            bad(e);
        }
        if (stress_rnd(&rng) % 2)
            sched_yield(); /* a gap with the database closed: a detach gets its chance */
    }
    if (JetEndSession(s, 0) != JET_errSuccess)
        bad(-3);
    return NULL;
}

static void *detacher(void *unused)
{
    (void)unused;
    JET_SESID s;
    if (JetBeginSession(g_inst, &s, NULL, NULL) != JET_errSuccess) {
        bad(-4);
        return NULL;
    }
    while (!atomic_load_explicit(&g_stop, memory_order_relaxed)) {
        JET_ERR e = JetDetachDatabase(s, g_path);
        if (e == JET_errDatabaseInUse) {
            sched_yield();
            continue;
        }
        if (e != JET_errSuccess) {
            bad(e);
            break;
        }
        atomic_fetch_add_explicit(&g_detaches, 1, memory_order_relaxed);
        int held = atomic_load(&g_holders);
        if (held != 0)
            bad(-100 - held); /* detached under an open session */
        sched_yield(); /* openers meet the detached database */
        if ((e = JetAttachDatabase(s, g_path, 0)) != JET_errSuccess) {
            bad(e);
            break;
        }
        /* Let some open through before the next detach (else the openers
         * can starve between a tight detach/attach loop's windows). */
        long seen = atomic_load_explicit(&g_opens, memory_order_relaxed);
        while (atomic_load_explicit(&g_opens, memory_order_relaxed) == seen &&
               !atomic_load_explicit(&g_stop, memory_order_relaxed))
            sched_yield();
    }
    JetEndSession(s, 0);
    return NULL;
}

Test(db_open_detach, detach_never_under_an_open_session, .timeout = 120)
{
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    snprintf(g_path, sizeof g_path, "dbdetach-%d.edb", (int)getpid());
    cr_assert_eq(JetCreateInstance(&g_inst, "dbdetach"), JET_errSuccess);
    cr_assert_eq(JetInit(&g_inst), JET_errSuccess);
    cr_assert_eq(JetBeginSession(g_inst, &s, NULL, NULL), JET_errSuccess);
    cr_assert_eq(JetCreateDatabase(s, g_path, NULL, &db, 0), JET_errSuccess);
    cr_assert_eq(JetCreateTable(s, db, "t", 0, 100, &t), JET_errSuccess);
    cr_assert_eq(JetCloseTable(s, t), JET_errSuccess);
    cr_assert_eq(JetCloseDatabase(s, db, 0), JET_errSuccess);

    pthread_t th[NOPEN], det;
    cr_assert_eq(pthread_create(&det, NULL, detacher, NULL), 0);
    for (int i = 0; i < NOPEN; i++)
        cr_assert_eq(pthread_create(&th[i], NULL, opener, (void *)(uintptr_t)(i + 1)), 0);
    for (int i = 0; i < NOPEN; i++)
        cr_assert_eq(pthread_join(th[i], NULL), 0);
    atomic_store_explicit(&g_stop, 1, memory_order_relaxed);
    cr_assert_eq(pthread_join(det, NULL), 0);
    printf("db_open_detach: %ld opens, %ld detaches\n", atomic_load(&g_opens),
           atomic_load(&g_detaches));
    cr_expect_eq(atomic_load(&g_bad), 0, "first unexpected code: %d", atomic_load(&g_bad));
    cr_expect_gt(atomic_load(&g_opens), 0, "no open succeeded");
    cr_expect_gt(atomic_load(&g_detaches), 0, "no detach succeeded");

    /* Every count is back to 0: the database (the detacher always attached
     * it again) detaches at once. */
    cr_expect_eq(JetDetachDatabase(s, g_path), JET_errSuccess);
    cr_assert_eq(JetTerm(g_inst), JET_errSuccess);
}
