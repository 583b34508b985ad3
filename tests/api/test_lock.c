/*
 * test_lock.c -- JetGetLock(JET_bitReadLock) through the API (only
 * esent.h): the conflict matrix of a held read lock against another
 * transaction's replace, delete, write lock, escrow update and read lock
 * (two and three sessions); the holder's own writes; taking a read lock
 * over another's uncommitted write, write lock or delta, or after a commit
 * newer than the snapshot; release at commit, rollback, nested commit and
 * rollback, and JetEndSession; and readers and writers on threads.
 */
#include <sched.h>
#include <stdatomic.h>

#include "escrow_fixture.h"

static JET_ERR rlock(struct ses *x, int32_t id)
{
    JET_ERR err = seek(x, id);
    return err < 0 ? err : JetGetLock(x->s, x->t, JET_bitReadLock);
}

static JET_ERR wlock(struct ses *x, int32_t id)
{
    JET_ERR err = seek(x, id);
    return err < 0 ? err : JetGetLock(x->s, x->t, JET_bitWriteLock);
}

static JET_ERR del(struct ses *x, int32_t id)
{
    JET_ERR err = seek(x, id);
    return err < 0 ? err : JetDelete(x->s, x->t);
}

/* held_off -- every kind of write by x on row id conflicts (x in a transaction). */
static void held_off(struct ses *x, int32_t id)
{
    API_CHECK(replace(x, id, 1, JET_prepReplace), JET_errWriteConflict);
    API_CHECK(replace(x, id, 1, JET_prepReplaceNoLock), JET_errWriteConflict);
    API_CHECK(del(x, id), JET_errWriteConflict);
    API_CHECK(wlock(x, id), JET_errWriteConflict);
    API_CHECK(esc(x, id, F.cnt, 1, NULL, 0), JET_errWriteConflict);
}

Test(lock, read_lock_matrix)
{
    struct ses a, b, c, r;
    fx_open("lock-matrix");
    ses_open(&a);
    ses_open(&b);
    ses_open(&c);
    ses_open(&r);
    API_CHECK(seek(&a, 1), JET_errSuccess);
    API_CHECK(JetGetLock(a.s, a.t, JET_bitReadLock), JET_errNotInTransaction);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(c.s), JET_errSuccess);
    API_CHECK(JetGetLock(a.s, a.t, JET_bitReadLock | JET_bitWriteLock | 4), JET_errInvalidGrbit);
    API_CHECK(rlock(&a, 1), JET_errSuccess);
    API_CHECK(rlock(&a, 1), JET_errSuccess); /* again: nothing new */
    held_off(&b, 1);
    API_CHECK(replace(&b, 2, 7, JET_prepReplace), JET_errSuccess); /* row 2 is free */
    /* read locks commute: b and c take one too */
    API_CHECK(rlock(&b, 1), JET_errSuccess);
    API_CHECK(rlock(&c, 1), JET_errSuccess);
    held_off(&c, 1);
    /* the holder cannot write either while others hold read locks */
    API_CHECK(replace(&a, 1, 5, JET_prepReplace), JET_errWriteConflict);
    API_CHECK(JetRollback(b.s, 0), JET_errSuccess);
    API_CHECK(JetRollback(c.s, 0), JET_errSuccess);
    /* alone again: the holder upgrades (its read lock does not stop it) */
    API_CHECK(replace(&a, 1, 5, JET_prepReplace), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 2, NULL, 0), JET_errSuccess);
    cr_assert_eq(get(&r, 1, F.plain), 0, "not committed");
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    cr_assert_eq(get(&r, 1, F.plain), 5);
    cr_assert_eq(get(&r, 1, F.cnt), 2);
    cr_assert_eq(get(&r, 2, F.plain), 0, "b's replace of row 2 was rolled back");
    api_instance_term(F.inst);
}

Test(lock, read_lock_refused_over_others_changes)
{
    struct ses a, b;
    fx_open("lock-refused");
    ses_open(&a);
    ses_open(&b);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(replace(&a, 1, 3, JET_prepReplace), JET_errSuccess);
    API_CHECK(rlock(&b, 1), JET_errWriteConflict); /* uncommitted write */
    API_CHECK(wlock(&a, 2), JET_errSuccess);
    API_CHECK(rlock(&b, 2), JET_errWriteConflict); /* write lock */
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess);
    API_CHECK(rlock(&b, 1), JET_errSuccess);
    API_CHECK(rlock(&b, 2), JET_errSuccess);
    API_CHECK(JetRollback(b.s, 0), JET_errSuccess);
    /* an uncommitted escrow delta */
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(esc(&a, 1, F.cnt, 1, NULL, 0), JET_errSuccess);
    API_CHECK(rlock(&b, 1), JET_errWriteConflict);
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    /* committed after b's snapshot: b's read of the row is stale */
    API_CHECK(rlock(&b, 1), JET_errWriteConflict);
    API_CHECK(JetRollback(b.s, 0), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(rlock(&b, 1), JET_errSuccess);
    API_CHECK(JetCommitTransaction(b.s, 0), JET_errSuccess);
    api_instance_term(F.inst);
}

Test(lock, read_lock_release_points)
{
    struct ses a, b;
    fx_open("lock-release");
    ses_open(&a);
    ses_open(&b);
    /* commit releases */
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(rlock(&a, 1), JET_errSuccess);
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(replace(&b, 1, 1, JET_prepReplace), JET_errSuccess);
    API_CHECK(JetCommitTransaction(b.s, 0), JET_errSuccess);
    /* rollback releases */
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(rlock(&a, 1), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(replace(&b, 1, 2, JET_prepReplace), JET_errWriteConflict);
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess);
    API_CHECK(replace(&b, 1, 2, JET_prepReplace), JET_errSuccess);
    API_CHECK(JetCommitTransaction(b.s, 0), JET_errSuccess);
    /* a nested commit hands it to the parent; the outer rollback releases */
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(rlock(&a, 1), JET_errSuccess);
    API_CHECK(JetCommitTransaction(a.s, 0), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(replace(&b, 1, 3, JET_prepReplace), JET_errWriteConflict);
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess);
    API_CHECK(replace(&b, 1, 3, JET_prepReplace), JET_errSuccess);
    API_CHECK(JetCommitTransaction(b.s, 0), JET_errSuccess);
    /* a nested rollback releases the inner level's lock only */
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(rlock(&a, 2), JET_errSuccess);
    API_CHECK(JetBeginTransaction(a.s), JET_errSuccess);
    API_CHECK(rlock(&a, 1), JET_errSuccess);
    API_CHECK(JetRollback(a.s, 0), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(replace(&b, 2, 4, JET_prepReplace), JET_errWriteConflict);
    API_CHECK(replace(&b, 1, 4, JET_prepReplace), JET_errSuccess);
    API_CHECK(JetCommitTransaction(b.s, 0), JET_errSuccess);
    /* JetEndSession releases */
    API_CHECK(JetEndSession(a.s, 0), JET_errSuccess);
    API_CHECK(JetBeginTransaction(b.s), JET_errSuccess);
    API_CHECK(replace(&b, 2, 4, JET_prepReplace), JET_errSuccess);
    API_CHECK(JetCommitTransaction(b.s, 0), JET_errSuccess);
    cr_assert_eq(get(&b, 1, F.plain), 4);
    cr_assert_eq(get(&b, 2, F.plain), 4);
    api_instance_term(F.inst);
}

/* ---- threads: N readers hold read locks together; a writer is held off
 * until the last one ends ---- */

enum { READERS = 3 };

struct reader_arg {
    pthread_barrier_t *locked, *release;
    JET_ERR lock, commit;
};

static void *reader_main(void *p)
{
    struct reader_arg *a = p;
    struct ses x;
    ses_open(&x);
    JetBeginTransaction(x.s);
    a->lock = rlock(&x, 1);
    pthread_barrier_wait(a->locked);
    pthread_barrier_wait(a->release);
    a->commit = JetCommitTransaction(x.s, 0);
    JetEndSession(x.s, 0);
    return NULL;
}

Test(lock, readers_on_threads_share_and_hold_writers_off, .timeout = 60)
{
    pthread_t th[READERS];
    struct reader_arg args[READERS];
    pthread_barrier_t locked, release;
    struct ses w;
    fx_open("lock-threads");
    ses_open(&w);
    pthread_barrier_init(&locked, NULL, READERS + 1);
    pthread_barrier_init(&release, NULL, READERS + 1);
    for (int i = 0; i < READERS; i++) {
        args[i] = (struct reader_arg){&locked, &release, -1, -1};
        pthread_create(&th[i], NULL, reader_main, &args[i]);
    }
    pthread_barrier_wait(&locked);
    for (int i = 0; i < READERS; i++)
        API_EXPECT_ERR(args[i].lock, JET_errSuccess, "read locks commute");
    API_CHECK(JetBeginTransaction(w.s), JET_errSuccess);
    held_off(&w, 1);
    API_CHECK(JetRollback(w.s, 0), JET_errSuccess);
    pthread_barrier_wait(&release);
    for (int i = 0; i < READERS; i++) {
        pthread_join(th[i], NULL);
        API_EXPECT_ERR(args[i].commit, JET_errSuccess, "reader commit");
    }
    pthread_barrier_destroy(&locked);
    pthread_barrier_destroy(&release);
    API_CHECK(JetBeginTransaction(w.s), JET_errSuccess);
    API_CHECK(replace(&w, 1, 9, JET_prepReplace), JET_errSuccess);
    API_CHECK(JetCommitTransaction(w.s, 0), JET_errSuccess);
    cr_assert_eq(get(&w, 1, F.plain), 9);
    api_instance_term(F.inst);
}

/* ---- threads: readers lock-then-read, writers replace; a read lock
 * granted means no other write commits on the row until it ends ---- */

struct mix_arg {
    atomic_int *stop;
    int writer;
    long locks, writes, broken;
};

static void *mix_main(void *p)
{
    struct mix_arg *a = p;
    struct ses x, y; /* y reads outside any transaction: the latest commit */
    ses_open(&x);
    ses_open(&y);
    for (int i = 0; !atomic_load(a->stop); i++) {
        if (JetBeginTransaction(x.s) != 0)
            break;
        if (a->writer) {
            if (replace(&x, 1, i, JET_prepReplace) == 0 && JetCommitTransaction(x.s, 0) == 0) {
                a->writes++;
                continue;
            }
        } else if (rlock(&x, 1) == 0) {
            a->locks++;
            /* the latest committed value must not move while the lock is held */
            int32_t v0 = -1, v1 = -2;
            if (seek(&y, 1) == 0)
                JetRetrieveColumn(y.s, y.t, F.plain, &v0, 4, NULL, 0, NULL);
            sched_yield();
            if (seek(&y, 1) == 0)
                JetRetrieveColumn(y.s, y.t, F.plain, &v1, 4, NULL, 0, NULL);
            a->broken += v0 != v1;
        }
        JetRollback(x.s, 0);
        usleep(a->writer ? 5 : 20); /* leave the writers a window */
    }
    JetEndSession(x.s, 0);
    JetEndSession(y.s, 0);
    return NULL;
}

Test(lock, readers_and_writers_on_threads, .timeout = 60)
{
    enum { N = 4 };
    pthread_t th[N];
    struct mix_arg args[N];
    atomic_int stop = 0;
    fx_open("lock-mix");
    for (int i = 0; i < N; i++) {
        args[i] = (struct mix_arg){&stop, i % 2, 0, 0, 0};
        pthread_create(&th[i], NULL, mix_main, &args[i]);
    }
    usleep(400 * 1000);
    atomic_store(&stop, 1);
    long locks = 0, writes = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        cr_assert_eq(args[i].broken, 0, "a value changed under a read lock");
        locks += args[i].locks;
        writes += args[i].writes;
    }
    cr_log_info("read locks %ld, committed writes %ld", locks, writes);
    cr_assert_gt(locks, 0);
    cr_assert_gt(writes, 0);
    api_instance_term(F.inst);
}
