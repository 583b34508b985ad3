/*
 * database.c -- databases of an instance (ESE's FMP) and the sessions that
 * opened them.
 *
 * IN MEMORY. A path names a database that lives in memory as long as its
 * instance: JetCreateDatabase makes it, JetDetachDatabase hides it (data
 * kept, dbid kept), JetAttachDatabase of the same path shows it again,
 * JetTerm frees everything (oe_db_free_all). A path never created is not
 * found on attach (JET_errFileNotFound); creating an existing path is
 * JET_errDatabaseDuplicate. dbid = slot + 1 in ins->dbs[] (1..OE_DB_MAX),
 * and a slot is never reused while the instance lives, so a dbid can never
 * name another database.
 *
 * LOCKING. ins->db_lock serializes create/attach/detach. ins->dbs[i] is
 * written under db_lock with a release store and read with an acquire
 * load (JetOpenDatabase finds a path without the lock); a database object
 * is freed only by JetTerm, after every session is gone.
 *
 * OPEN COUNTS (JetDetachDatabase -> JET_errDatabaseInUse). Sessions'
 * JetOpenDatabase calls are counted in OE_DB_SHARDS counters, each alone
 * on its line: an open adds 1 to its thread's shard, a close subtracts 1
 * from the closing thread's shard, so opens and closes on different
 * threads share no written line and take no lock (both were a mutex and
 * a shared counter: two contended lines per JetOpenDatabase/JetEndSession
 * pair at two threads). Only the sum means anything. Open and detach meet
 * as a Dekker pair, all seq_cst:
 *   open:   shard += 1; load state: ATTACHED -> done (LP(open database):
 *           that load); DETACHED -> shard -= 1, DatabaseNotFound;
 *           DETACHING -> shard -= 1, yield, try again (a detach is
 *           deciding, under the lock, in a few loads).
 *   detach: (under db_lock) state = DETACHING; sum the shards: > 0 ->
 *           state = ATTACHED, DatabaseInUse (LP: the state store, when the
 *           open it saw had counted); 0 -> state = DETACHED (LP(detach):
 *           the last shard load: no open is counted, and any later open
 *           reads DETACHING or DETACHED and retreats).
 * Either the detach sees an open's increment or the open sees the
 * detach's state; a close only decrements (release: the session's work on
 * the database happens before a detach that sees the count drop).
 *
 * SESSIONS. s->db_open[i] ([owner]) counts the session's JetOpenDatabase
 * calls on dbid i+1, and bit i of s->db_mask ([owner]) says it is non-zero,
 * so session teardown tests one word and visits only the open ones; every table-level call by dbid requires it to be
 * non-zero (JET_errInvalidDatabaseId otherwise), which also keeps the
 * database attached while the call runs.
 */
#include <sched.h>
#include <string.h>

#include "catalog.h"
#include "cursor.h"
#include "err.h"
#include "instance.h"
#include "session.h"
#include "sync/alloc.h"
#include "sync/thread_id.h"

static inline struct oe_db *db_slot(struct oe_instance *ins, uint32_t i)
{
    /* Pairs with the release store in oe_db_create. */
    return __atomic_load_n(&ins->dbs[i], __ATOMIC_ACQUIRE);
}

/* shard_of -- the calling thread's open counter of db. */
static inline _Atomic int64_t *shard_of(struct oe_db *db)
{
    return &db->open[oe_thread_id() & (OE_DB_SHARDS - 1)].n;
}

/* open_sum -- db's open count (seq_cst loads: the detach half of the
 * Dekker pair). */
static int64_t open_sum(struct oe_db *db)
{
    int64_t sum = 0;
    for (uint32_t k = 0; k < OE_DB_SHARDS; k++)
        sum += atomic_load_explicit(&db->open[k].n, memory_order_seq_cst);
    return sum;
}

/* find -- the database created with this path, without the lock: slots
 * are published with a release store and never reused, paths never change. */
static struct oe_db *find(struct oe_instance *ins, const char *path)
{
    for (uint32_t i = 0; i < OE_DB_MAX; i++) {
        struct oe_db *db = __atomic_load_n(&ins->dbs[i], __ATOMIC_ACQUIRE);
        if (db && strcmp(db->path, path) == 0)
            return db;
    }
    return NULL;
}

static JET_ERR check_path(const char *path)
{
    if (!path || !path[0] || path[0] == ' ')
        return OE_ERR(JET_errInvalidPath);
    return JET_errSuccess;
}

JET_ERR oe_db_create(struct oe_instance *ins, const char *path, JET_GRBIT grbit, struct oe_db **pdb)
{
    JET_ERR err = JET_errSuccess;
    struct oe_db *db = NULL;
    uint32_t slot = OE_DB_MAX;
    *pdb = NULL;
    OE_CALL_R(check_path(path));
    pthread_mutex_lock(&ins->db_lock);
    if (find(ins, path))
        OE_ERROR(JET_errDatabaseDuplicate);
    for (uint32_t i = 0; i < OE_DB_MAX && slot == OE_DB_MAX; i++)
        if (!ins->dbs[i])
            slot = i;
    if (slot == OE_DB_MAX)
        OE_ERROR(JET_errTooManyAttachedDatabases);
    if (!(db = oe_calloc(sizeof *db)) || !(db->path = oe_strdup(path))) {
        if (db)
            oe_free(db, sizeof *db);
        OE_ERROR(JET_errOutOfMemory);
    }
    db->dbid = slot + 1;
    db->ins = ins;
    db->grbit = grbit & JET_bitDbReadOnly; /* creation never makes it read-only */
    pthread_mutex_init(&db->ddl, NULL);
    atomic_init(&db->by_name, NULL);
    atomic_init(&db->attached, OE_DB_ATTACHED);
    for (uint32_t k = 0; k < OE_DB_SHARDS; k++)
        atomic_init(&db->open[k].n, 0);
    /* LP(create database): the release store publishes the object. */
    __atomic_store_n(&ins->dbs[slot], db, __ATOMIC_RELEASE);
    *pdb = db;
handle_error:
    pthread_mutex_unlock(&ins->db_lock);
    return err;
}

JET_ERR oe_db_attach(struct oe_instance *ins, const char *path, JET_GRBIT grbit, struct oe_db **pdb)
{
    JET_ERR err = JET_errSuccess;
    struct oe_db *db;
    *pdb = NULL;
    OE_CALL_R(check_path(path));
    pthread_mutex_lock(&ins->db_lock);
    if (!(db = find(ins, path)))
        OE_ERROR(JET_errFileNotFound);
    *pdb = db;
    if (atomic_load_explicit(&db->attached, memory_order_relaxed)) {
        err = JET_wrnDatabaseAttached;
        goto handle_error;
    }
    /* Detached: no session has it open, nobody reads grbit now. */
    db->grbit = grbit & JET_bitDbReadOnly;
    atomic_store_explicit(&db->attached, 1, memory_order_release);
handle_error:
    pthread_mutex_unlock(&ins->db_lock);
    return err;
}

/* detach_one_locked -- JET_errDatabaseInUse while any session has it open
 * (OPEN COUNTS). */
static JET_ERR detach_one_locked(struct oe_db *db)
{
    atomic_store_explicit(&db->attached, OE_DB_DETACHING, memory_order_seq_cst);
    if (open_sum(db) > 0) {
        atomic_store_explicit(&db->attached, OE_DB_ATTACHED, memory_order_seq_cst);
        return OE_ERR(JET_errDatabaseInUse);
    }
    atomic_store_explicit(&db->attached, OE_DB_DETACHED, memory_order_seq_cst);
    return JET_errSuccess;
}

JET_ERR oe_db_detach(struct oe_instance *ins, const char *path)
{
    JET_ERR err = JET_errSuccess;
    pthread_mutex_lock(&ins->db_lock);
    if (!path || !path[0]) { /* ESE: NULL detaches every database, all or none */
        uint32_t i;
        for (i = 0; i < OE_DB_MAX; i++) {
            struct oe_db *db = ins->dbs[i];
            if (!db || !atomic_load_explicit(&db->attached, memory_order_relaxed))
                continue;
            atomic_store_explicit(&db->attached, OE_DB_DETACHING, memory_order_seq_cst);
            if (open_sum(db) > 0)
                break;
        }
        int in_use = i < OE_DB_MAX;
        for (uint32_t j = 0; j < OE_DB_MAX && j <= i; j++) {
            struct oe_db *db = ins->dbs[j];
            if (db && atomic_load_explicit(&db->attached, memory_order_relaxed) == OE_DB_DETACHING)
                atomic_store_explicit(&db->attached, in_use ? OE_DB_ATTACHED : OE_DB_DETACHED,
                                      memory_order_seq_cst);
        }
        if (in_use)
            OE_ERROR(JET_errDatabaseInUse);
        goto handle_error;
    }
    struct oe_db *db = find(ins, path);
    if (!db || !atomic_load_explicit(&db->attached, memory_order_relaxed))
        OE_ERROR(JET_errDatabaseNotFound);
    err = detach_one_locked(db);
handle_error:
    pthread_mutex_unlock(&ins->db_lock);
    return err;
}

JET_ERR oe_db_by_path(struct oe_instance *ins, const char *path, struct oe_db **pdb)
{
    *pdb = NULL;
    OE_CALL_R(check_path(path));
    struct oe_db *db = find(ins, path);
    /* LP(not found / found): the acquire load of its state. */
    if (!db || !atomic_load_explicit(&db->attached, memory_order_acquire))
        return OE_ERR(JET_errDatabaseNotFound);
    *pdb = db;
    return JET_errSuccess;
}

JET_ERR oe_db_by_id(struct oe_instance *ins, JET_DBID dbid, struct oe_db **pdb)
{
    *pdb = NULL;
    if (dbid < 1 || dbid > OE_DB_MAX)
        return OE_ERR(JET_errInvalidDatabaseId);
    struct oe_db *db = db_slot(ins, dbid - 1);
    if (!db || !atomic_load_explicit(&db->attached, memory_order_acquire))
        return OE_ERR(JET_errInvalidDatabaseId);
    *pdb = db;
    return JET_errSuccess;
}

JET_ERR oe_db_open(struct oe_session *s, struct oe_db *db)
{
    uint32_t i = db->dbid - 1;
    if (s->db_open[i] == UINT16_MAX)
        return OE_ERR(JET_errTooManyOpenDatabases);
    _Atomic int64_t *shard = shard_of(db);
    for (;;) {
        atomic_fetch_add_explicit(shard, 1, memory_order_seq_cst);
        int state = atomic_load_explicit(&db->attached, memory_order_seq_cst);
        if (state == OE_DB_ATTACHED)
            break; /* LP(open database): that load (OPEN COUNTS) */
        atomic_fetch_sub_explicit(shard, 1, memory_order_release);
        if (state == OE_DB_DETACHED)
            return OE_ERR(JET_errDatabaseNotFound);
        sched_yield(); /* DETACHING: the detach decides in a few loads */
    }
    s->db_open[i]++;
    s->db_mask |= (uint64_t)1 << i;
    return JET_errSuccess;
}

JET_ERR oe_db_close(struct oe_session *s, JET_DBID dbid)
{
    struct oe_instance *ins = atomic_load_explicit(&s->ins, memory_order_relaxed);
    if (dbid < 1 || dbid > OE_DB_MAX || s->db_open[dbid - 1] == 0)
        return OE_ERR(JET_errInvalidDatabaseId);
    if (--s->db_open[dbid - 1] == 0)
        s->db_mask &= ~((uint64_t)1 << (dbid - 1));
    /* release: the session's work on the database happens before a detach
     * that observes the count drop (OPEN COUNTS). */
    atomic_fetch_sub_explicit(shard_of(db_slot(ins, dbid - 1)), 1, memory_order_release);
    return JET_errSuccess;
}

JET_ERR oe_db_of_session(struct oe_session *s, JET_DBID dbid, struct oe_db **pdb)
{
    *pdb = NULL;
    if (dbid < 1 || dbid > OE_DB_MAX || s->db_open[dbid - 1] == 0)
        return OE_ERR(JET_errInvalidDatabaseId);
    *pdb = db_slot(atomic_load_explicit(&s->ins, memory_order_relaxed), dbid - 1);
    return JET_errSuccess;
}

void oe_db_close_session(struct oe_session *s)
{
    uint64_t m = s->db_mask;
    if (OE_LIKELY(!m))
        return; /* the common case: one load */
    struct oe_instance *ins = atomic_load_explicit(&s->ins, memory_order_relaxed);
    s->db_mask = 0;
    do {
        uint32_t i = (uint32_t)__builtin_ctzll(m);
        m &= m - 1;
        /* release: as oe_db_close. */
        atomic_fetch_sub_explicit(shard_of(db_slot(ins, i)), s->db_open[i], memory_order_release);
        s->db_open[i] = 0;
    } while (m);
}

void oe_db_free_all(struct oe_instance *ins)
{
    /* Let pending retirements (deleted tables, old descriptors) run while
     * their databases still exist. */
    oe_rcu_barrier();
    for (uint32_t i = 0; i < OE_DB_MAX; i++) {
        struct oe_db *db = ins->dbs[i];
        if (!db)
            continue;
        oe_cat_free_tables(db);
        pthread_mutex_destroy(&db->ddl);
        oe_free(db->path, strlen(db->path) + 1);
        oe_free(db, sizeof *db);
        __atomic_store_n(&ins->dbs[i], NULL, __ATOMIC_RELAXED);
    }
}

JET_ERR oe_cat_table_of(struct oe_session *s, JET_TABLEID tableid, struct oe_table **pt)
{
    struct oe_cursor *c;
    *pt = NULL;
    OE_CALL_R(oe_cur_resolve(s, tableid, &c));
    *pt = oe_cur_table(c);
    return JET_errSuccess;
}
