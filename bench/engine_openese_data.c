/*
 * engine_openese_data.c -- openese's data rows (insert, insert-batch100,
 * point-read, scan, cursor) through the public API only (esent.h).
 *
 * Cell: the base cell (ose_setup: an initialized instance), plus one
 * database "openese-bench-data-<n>.edb" (in memory: openese writes no file
 * yet) holding table "t": column k LongLong (the key, sign-flipped so that
 * its order is the peers' unsigned order, see dataset.h), column p Binary
 * (the 32-byte payload), primary index "+k". Setup pre-loads --records
 * records (stream 0 of dataset.h) in transactions of BENCH_LOAD_TXN inserts
 * on a session of its own, then ends that session. JetTerm (base teardown)
 * frees everything.
 * Thread: a session, JetOpenDatabase, and one cursor on "t" (JetOpenTable),
 * all closed after the stop flag.
 * Operations:
 *   insert           JetBeginTransaction, JetPrepareUpdate(Insert), 2 x
 *                    JetSetColumn, JetUpdate, JetCommitTransaction(0)
 *   insert-batch100  the same, one transaction per BENCH_BATCH_TXN inserts
 *                    (an open transaction at the stop flag is committed by
 *                    the thread teardown, outside the measured interval)
 *   point-read       JetMakeKey + JetSeek(EQ) + JetRetrieveColumn(p), with
 *                    no explicit transaction: each call runs as ESE's
 *                    implicit per-call transaction, the cheapest correct
 *                    form for a single read (WiredTiger's autocommit)
 *   scan             JetMakeKey + JetSeek(GE) on a pre-loaded key, then
 *                    JetRetrieveColumn + JetMove(Next) until 100 rows were
 *                    read (wrapping to JetMove(First) at the end of the index)
 *   cursor           JetOpenTable + JetCloseTable on the thread's session
 *   lifecycle        JetBeginSession, JetOpenDatabase, JetBeginTransaction,
 *                    JetOpenTable, 4 inserts, JetEndSession (which rolls
 *                    the transaction back and closes table and database).
 *                    JetOpenDatabase is part of it because openese's dbids
 *                    are per session (JetOpenTable refuses a dbid the
 *                    session has not opened). The keys come from the
 *                    thread's own insert stream (dataset.h), never reused:
 *                    no collision even if a build kept the rows (openese
 *                    before its version store did), and each insert lands
 *                    at a random place of the pre-loaded index.
 *   update-heavy     50% point reads as point-read, 50% updates: in a
 *   read-mostly      transaction, JetMakeKey + JetSeek(EQ) +
 *                    JetPrepareUpdate(Replace) + JetSetColumn(p) + JetUpdate
 *                    + JetCommitTransaction(0); read-mostly: 95% / 5%.
 *                    Keys are zipfian (dataset.h). JET_errWriteConflict
 *                    from PrepareUpdate or Update (after
 *                    JetPrepareUpdate(Cancel) of the failed update) rolls
 *                    back, is counted and retried after a sched_yield (at
 *                    most BENCH_MAX_RETRY times in a row); the count is
 *                    reported with the row.
 * Every read checks the payload (32 bytes, starting with the key), so a
 * wrong row fails the run instead of being counted. Every Jet call's code is
 * checked against JET_errSuccess: each call used here returns exactly that
 * when it works, so an error or an unexpected warning stops the row.
 */
#include "dataset.h"
#include "engine_base.h"
#include "engines.h"

#include <stdatomic.h>
#include <stdio.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#define OSD_TABLE "t"

struct osd_env {
    void *base;         /* [imm] ose_setup's cell */
    JET_INSTANCE inst;  /* [imm] */
    char path[64];      /* [imm] database name */
    JET_COLUMNID k, p;  /* [imm] key and payload columns */
    uint64_t records;   /* [imm] pre-loaded records (stream 0) */
    int threads;        /* [imm] */
    uint64_t *zipf;     /* [imm] zipf table (mixed rows only), else NULL */
    struct bench_counter *next; /* next[tid].n: [owner] worker tid during a run, main
                                 * between runs (pthread create/join order them) */
};

struct osd_thr {
    struct osd_env *env; /* [imm] */
    JET_SESID ses;       /* [owner] this worker, and all below */
    JET_DBID db;
    JET_TABLEID tab;
    uint64_t stream;     /* tid + 1: the keys this worker inserts */
    uint64_t *next;      /* &env->next[tid].n */
    uint64_t rng;
    uint32_t pending;    /* inserts in the open batch transaction */
    uint32_t zi;         /* next index into env->zipf */
    uint64_t conflicts;  /* write conflicts retried since thread setup */
    uint64_t version;    /* updates done: the next payload's version */
    unsigned char buf[BENCH_PAYLOAD];
};

/* Database names must differ while cells coexist; [atomic relaxed]: only
 * uniqueness matters. */
static atomic_uint osd_db_seq;

/* insert_row -- PrepareUpdate(Insert), set k and p, Update. */
static int insert_row(JET_SESID s, JET_TABLEID t, const struct osd_env *e, uint64_t key,
                      struct bench_err *err)
{
    int64_t kv = bench_key_ose(key);
    unsigned char pay[BENCH_PAYLOAD];
    JET_ERR rc;

    bench_payload(key, pay);
    if ((rc = JetPrepareUpdate(s, t, JET_prepInsert)) != JET_errSuccess)
        return ose_fail(err, "JetPrepareUpdate(Insert)", rc);
    if ((rc = JetSetColumn(s, t, e->k, &kv, sizeof kv, 0, NULL)) != JET_errSuccess)
        return ose_fail(err, "JetSetColumn(k)", rc);
    if ((rc = JetSetColumn(s, t, e->p, pay, sizeof pay, 0, NULL)) != JET_errSuccess)
        return ose_fail(err, "JetSetColumn(p)", rc);
    if ((rc = JetUpdate(s, t, NULL, 0, NULL)) != JET_errSuccess)
        return ose_fail(err, "JetUpdate", rc);
    return 0;
}

/* create_table -- table t with columns k, p and the primary index +k. */
static int create_table(JET_SESID s, JET_DBID db, struct osd_env *e, JET_TABLEID *t,
                        struct bench_err *err)
{
    JET_COLUMNDEF ck = {sizeof ck, 0, JET_coltypLongLong, 0, 0, 0, 0, 0, JET_bitColumnFixed};
    JET_COLUMNDEF cp = {sizeof cp, 0, JET_coltypBinary, 0, 0, 0, 0, BENCH_PAYLOAD, 0};
    JET_ERR rc;

    if ((rc = JetCreateTable(s, db, OSD_TABLE, 0, 100, t)) != JET_errSuccess)
        return ose_fail(err, "JetCreateTable", rc);
    if ((rc = JetAddColumn(s, *t, "k", &ck, NULL, 0, &e->k)) != JET_errSuccess)
        return ose_fail(err, "JetAddColumn(k)", rc);
    if ((rc = JetAddColumn(s, *t, "p", &cp, NULL, 0, &e->p)) != JET_errSuccess)
        return ose_fail(err, "JetAddColumn(p)", rc);
    rc = JetCreateIndex(s, *t, "pk", JET_bitIndexPrimary | JET_bitIndexUnique, "+k\0", 4, 100);
    if (rc != JET_errSuccess)
        return ose_fail(err, "JetCreateIndex(+k)", rc);
    return 0;
}

/* load -- create the database and table, insert the pre-loaded records. */
static int load(JET_SESID s, struct osd_env *e, struct bench_err *err)
{
    JET_DBID db;
    JET_TABLEID t;
    JET_ERR rc;

    if ((rc = JetCreateDatabase(s, e->path, NULL, &db, 0)) != JET_errSuccess)
        return ose_fail(err, "JetCreateDatabase", rc);
    if (create_table(s, db, e, &t, err) != 0)
        return -1;
    for (uint64_t i = 0; i < e->records; i += BENCH_LOAD_TXN) {
        if ((rc = JetBeginTransaction(s)) != JET_errSuccess)
            return ose_fail(err, "JetBeginTransaction", rc);
        for (uint64_t j = i; j < e->records && j < i + BENCH_LOAD_TXN; j++)
            if (insert_row(s, t, e, bench_key(0, j), err) != 0)
                return -1;
        if ((rc = JetCommitTransaction(s, 0)) != JET_errSuccess)
            return ose_fail(err, "JetCommitTransaction", rc);
    }
    if ((rc = JetCloseTable(s, t)) != JET_errSuccess)
        return ose_fail(err, "JetCloseTable", rc);
    if ((rc = JetCloseDatabase(s, db, 0)) != JET_errSuccess)
        return ose_fail(err, "JetCloseDatabase", rc);
    return 0;
}

/* ose_data_setup -- base cell + loaded table; see the header. */
void *ose_data_setup(const struct bench_cfg *cfg, struct bench_err *err)
{
    struct osd_env *e = calloc(1, sizeof *e);
    JET_SESID s;
    JET_ERR rc;
    int bad;

    if (!e || !(e->next = bench_counters(cfg->threads))) {
        free(e);
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    e->records = cfg->records;
    e->threads = cfg->threads;
    snprintf(e->path, sizeof e->path, "openese-bench-data-%u.edb",
             atomic_fetch_add_explicit(&osd_db_seq, 1, memory_order_relaxed));
    if (!(e->base = ose_setup(cfg, err)))
        goto fail;
    e->inst = ose_env_instance(e->base);
    if ((rc = JetBeginSession(e->inst, &s, "", "")) != JET_errSuccess) {
        ose_fail(err, "JetBeginSession", rc);
        goto fail_base;
    }
    bad = load(s, e, err);
    rc = JetEndSession(s, 0);
    if (bad)
        goto fail_base;
    if (rc != JET_errSuccess) {
        ose_fail(err, "JetEndSession", rc);
        goto fail_base;
    }
    return e;
fail_base: {
    struct bench_err ignored; /* the first failure is the one to report */
    (void)ose_teardown(e->base, &ignored);
}
fail:
    free(e->next);
    free(e);
    return NULL;
}

/* ose_mix_setup -- a data cell plus the zipf table of the mixed rows. */
void *ose_mix_setup(const struct bench_cfg *cfg, struct bench_err *err)
{
    struct osd_env *e = ose_data_setup(cfg, err);

    if (e && !(e->zipf = bench_zipf_table(e->records))) {
        struct bench_err ignored; /* out of memory is the error to report */
        (void)ose_data_teardown(e, &ignored);
        bench_fail(err, "bench_zipf_table", 0, "out of memory");
        return NULL;
    }
    return e;
}

/* ose_data_teardown -- base teardown (JetTerm frees the database). */
int ose_data_teardown(void *envp, struct bench_err *err)
{
    struct osd_env *e = envp;
    int rc = ose_teardown(e->base, err);

    free(e->zipf);
    free(e->next);
    free(e);
    return rc;
}

/* ose_data_thread -- a session with the database open and a cursor on t. */
void *ose_data_thread(void *envp, int tid, struct bench_err *err)
{
    struct osd_env *e = envp;
    struct osd_thr *t = calloc(1, sizeof *t);
    JET_ERR rc;

    if (!t) {
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    t->env = e;
    t->stream = (uint64_t)tid + 1;
    t->next = &e->next[tid].n;
    t->rng = bench_rng_seed(tid);
    t->zi = bench_zipf_start(tid);
    if ((rc = JetBeginSession(e->inst, &t->ses, "", "")) != JET_errSuccess) {
        ose_fail(err, "JetBeginSession", rc);
        free(t);
        return NULL;
    }
    if ((rc = JetOpenDatabase(t->ses, e->path, NULL, &t->db, 0)) != JET_errSuccess) {
        ose_fail(err, "JetOpenDatabase", rc);
        goto fail;
    }
    if ((rc = JetOpenTable(t->ses, t->db, OSD_TABLE, NULL, 0, 0, &t->tab)) != JET_errSuccess) {
        ose_fail(err, "JetOpenTable", rc);
        goto fail;
    }
    return t;
fail:
    (void)JetEndSession(t->ses, 0);
    free(t);
    return NULL;
}

/* ose_data_thread_end -- commit an open batch, close cursor and database,
 * end the session. */
int ose_data_thread_end(void *thr, struct bench_err *err)
{
    struct osd_thr *t = thr;
    JET_ERR rc = JET_errSuccess;
    const char *call = NULL;

    if (t->pending && (rc = JetCommitTransaction(t->ses, 0)) != JET_errSuccess)
        call = "JetCommitTransaction";
    if (!call && (rc = JetCloseTable(t->ses, t->tab)) != JET_errSuccess)
        call = "JetCloseTable";
    if (!call && (rc = JetCloseDatabase(t->ses, t->db, 0)) != JET_errSuccess)
        call = "JetCloseDatabase";
    {
        JET_ERR end = JetEndSession(t->ses, 0);
        if (!call && end != JET_errSuccess) {
            rc = end;
            call = "JetEndSession";
        }
    }
    free(t);
    return call ? ose_fail(err, call, rc) : 0;
}

/* ose_op_insert -- one transaction per insert. */
int ose_op_insert(void *thr, uint32_t n, struct bench_err *err)
{
    struct osd_thr *t = thr;
    JET_ERR rc;

    for (uint32_t i = 0; i < n; i++) {
        if ((rc = JetBeginTransaction(t->ses)) != JET_errSuccess)
            return ose_fail(err, "JetBeginTransaction", rc);
        if (insert_row(t->ses, t->tab, t->env, bench_key(t->stream, (*t->next)++), err) != 0)
            return -1;
        if ((rc = JetCommitTransaction(t->ses, 0)) != JET_errSuccess)
            return ose_fail(err, "JetCommitTransaction", rc);
    }
    return 0;
}

/* ose_op_insert_batch -- one transaction per BENCH_BATCH_TXN inserts. */
int ose_op_insert_batch(void *thr, uint32_t n, struct bench_err *err)
{
    struct osd_thr *t = thr;
    JET_ERR rc;

    for (uint32_t i = 0; i < n; i++) {
        if (t->pending == 0 && (rc = JetBeginTransaction(t->ses)) != JET_errSuccess)
            return ose_fail(err, "JetBeginTransaction", rc);
        t->pending++;
        if (insert_row(t->ses, t->tab, t->env, bench_key(t->stream, (*t->next)++), err) != 0)
            return -1;
        if (t->pending == BENCH_BATCH_TXN) {
            t->pending = 0;
            if ((rc = JetCommitTransaction(t->ses, 0)) != JET_errSuccess)
                return ose_fail(err, "JetCommitTransaction", rc);
        }
    }
    return 0;
}

/* seek -- JetMakeKey(key) + JetSeek(grbit), which must land on the key. */
static int seek(struct osd_thr *t, uint64_t key, JET_GRBIT grbit, struct bench_err *err)
{
    int64_t kv = bench_key_ose(key);
    JET_ERR rc = JetMakeKey(t->ses, t->tab, &kv, sizeof kv, JET_bitNewKey);

    if (rc != JET_errSuccess)
        return ose_fail(err, "JetMakeKey", rc);
    if ((rc = JetSeek(t->ses, t->tab, grbit)) != JET_errSuccess)
        return ose_fail(err, grbit == JET_bitSeekEQ ? "JetSeek(EQ)" : "JetSeek(GE)", rc);
    return 0;
}

/* retrieve -- the current record's payload into t->buf; returns its key
 * (the payload's first 8 bytes) in *key. */
static int retrieve(struct osd_thr *t, uint64_t *key, struct bench_err *err)
{
    uint32_t cb = 0;
    JET_ERR rc = JetRetrieveColumn(t->ses, t->tab, t->env->p, t->buf, sizeof t->buf, &cb, 0, NULL);

    if (rc != JET_errSuccess)
        return ose_fail(err, "JetRetrieveColumn(p)", rc);
    if (cb != BENCH_PAYLOAD)
        return bench_fail(err, "JetRetrieveColumn(p)", (long)cb, "payload of the wrong length");
    memcpy(key, t->buf, sizeof *key);
    return 0;
}

/* ose_op_point_read -- seek EQ to a random pre-loaded key, retrieve p. */
int ose_op_point_read(void *thr, uint32_t n, struct bench_err *err)
{
    struct osd_thr *t = thr;

    for (uint32_t i = 0; i < n; i++) {
        uint64_t want = bench_pick(&t->rng, t->env->records), got;
        if (seek(t, want, JET_bitSeekEQ, err) != 0 || retrieve(t, &got, err) != 0)
            return -1;
        if (got != want)
            return bench_fail(err, "JetRetrieveColumn(p)", 0, "payload of another record");
    }
    return 0;
}

/* ose_op_scan -- seek GE to a random pre-loaded key, read 100 rows. */
int ose_op_scan(void *thr, uint32_t n, struct bench_err *err)
{
    struct osd_thr *t = thr;

    for (uint32_t i = 0; i < n; i++) {
        uint64_t want = bench_pick(&t->rng, t->env->records), got;
        if (seek(t, want, JET_bitSeekGE, err) != 0 || retrieve(t, &got, err) != 0)
            return -1;
        if (got != want)
            return bench_fail(err, "JetRetrieveColumn(p)", 0, "payload of another record");
        for (int row = 1; row < BENCH_SCAN_ROWS; row++) {
            JET_ERR rc = JetMove(t->ses, t->tab, JET_MoveNext, 0);
            if (rc == JET_errNoCurrentRecord)
                rc = JetMove(t->ses, t->tab, JET_MoveFirst, 0);
            if (rc != JET_errSuccess)
                return ose_fail(err, "JetMove", rc);
            if (retrieve(t, &got, err) != 0)
                return -1;
        }
    }
    return 0;
}

/* ose_op_cursor -- JetOpenTable + JetCloseTable on the thread's session. */
int ose_op_cursor(void *thr, uint32_t n, struct bench_err *err)
{
    struct osd_thr *t = thr;

    for (uint32_t i = 0; i < n; i++) {
        JET_TABLEID c;
        JET_ERR rc = JetOpenTable(t->ses, t->db, OSD_TABLE, NULL, 0, 0, &c);
        if (rc != JET_errSuccess)
            return ose_fail(err, "JetOpenTable", rc);
        if ((rc = JetCloseTable(t->ses, c)) != JET_errSuccess)
            return ose_fail(err, "JetCloseTable", rc);
    }
    return 0;
}

/* ose_op_lifecycle -- a whole session's life around 4 inserts; see the
 * header for why JetOpenDatabase is in it and where the keys come from. */
int ose_op_lifecycle(void *thr, uint32_t n, struct bench_err *err)
{
    struct osd_thr *t = thr;
    const struct osd_env *e = t->env;
    JET_ERR rc;

    for (uint32_t i = 0; i < n; i++) {
        JET_SESID s;
        JET_DBID db;
        JET_TABLEID tab;
        const char *call = NULL;
        if ((rc = JetBeginSession(e->inst, &s, "", "")) != JET_errSuccess)
            return ose_fail(err, "JetBeginSession", rc);
        if ((rc = JetOpenDatabase(s, e->path, NULL, &db, 0)) != JET_errSuccess)
            call = "JetOpenDatabase";
        else if ((rc = JetBeginTransaction(s)) != JET_errSuccess)
            call = "JetBeginTransaction";
        else if ((rc = JetOpenTable(s, db, OSD_TABLE, NULL, 0, 0, &tab)) != JET_errSuccess)
            call = "JetOpenTable";
        for (int k = 0; !call && k < BENCH_LIFE_INSERTS; k++)
            if (insert_row(s, tab, e, bench_key(t->stream, (*t->next)++), err) != 0) {
                (void)JetEndSession(s, 0); /* the insert's error is the one to report */
                return -1;
            }
        if (call) {
            (void)JetEndSession(s, 0); /* the first failure is the one to report */
            return ose_fail(err, call, rc);
        }
        if ((rc = JetEndSession(s, 0)) != JET_errSuccess)
            return ose_fail(err, "JetEndSession", rc);
    }
    return 0;
}

/* update_once -- one update attempt of key's payload in a transaction:
 * 0 done, 1 write conflict (rolled back), -1 error. */
static int update_once(struct osd_thr *t, uint64_t key, struct bench_err *err)
{
    unsigned char pay[BENCH_PAYLOAD];
    const char *call = "";
    JET_ERR rc;

    bench_payload_update(key, ++t->version, pay);
    if ((rc = JetBeginTransaction(t->ses)) != JET_errSuccess)
        return ose_fail(err, "JetBeginTransaction", rc);
    if (seek(t, key, JET_bitSeekEQ, err) != 0)
        goto fail;
    if ((rc = JetPrepareUpdate(t->ses, t->tab, JET_prepReplace)) != JET_errSuccess) {
        call = "JetPrepareUpdate(Replace)";
        goto conflict;
    }
    if ((rc = JetSetColumn(t->ses, t->tab, t->env->p, pay, sizeof pay, 0, NULL)) != JET_errSuccess) {
        ose_fail(err, "JetSetColumn(p)", rc);
        goto fail;
    }
    if ((rc = JetUpdate(t->ses, t->tab, NULL, 0, NULL)) != JET_errSuccess) {
        /* A failed JetUpdate leaves the update prepared (ESE): cancel it
         * before rolling back, or the retry's PrepareUpdate would fail with
         * JET_errAlreadyPrepared. */
        JET_ERR cancel = JetPrepareUpdate(t->ses, t->tab, JET_prepCancel);
        if (cancel != JET_errSuccess && rc == JET_errWriteConflict) {
            ose_fail(err, "JetPrepareUpdate(Cancel)", cancel);
            goto fail;
        }
        call = "JetUpdate";
        goto conflict;
    }
    if ((rc = JetCommitTransaction(t->ses, 0)) != JET_errSuccess) {
        ose_fail(err, "JetCommitTransaction", rc);
        goto fail;
    }
    return 0;
conflict:
    if (rc != JET_errWriteConflict) {
        ose_fail(err, call, rc);
        goto fail;
    }
    if ((rc = JetRollback(t->ses, 0)) != JET_errSuccess)
        return ose_fail(err, "JetRollback", rc);
    t->conflicts++;
    return 1;
fail:
    (void)JetRollback(t->ses, 0); /* the first failure is the one to report */
    return -1;
}

/* mixed -- n operations: read_pct% point reads, the rest updates, of
 * zipfian keys; a conflicting update is retried. */
static int mixed(struct osd_thr *t, uint32_t n, unsigned read_pct, struct bench_err *err)
{
    for (uint32_t i = 0; i < n; i++) {
        uint64_t want = bench_key(0, t->env->zipf[t->zi++ & (BENCH_ZIPF_DRAWS - 1)]), got;
        if (bench_rng(&t->rng) % 100 < read_pct) {
            if (seek(t, want, JET_bitSeekEQ, err) != 0 || retrieve(t, &got, err) != 0)
                return -1;
            if (got != want)
                return bench_fail(err, "JetRetrieveColumn(p)", 0, "payload of another record");
            continue;
        }
        for (int tries = 0;; tries++) {
            int rc = update_once(t, want, err);
            if (rc <= 0) {
                if (rc < 0)
                    return -1;
                break;
            }
            sched_yield(); /* see BENCH_MAX_RETRY */
            if (tries == BENCH_MAX_RETRY)
                return bench_fail(err, "JetPrepareUpdate/JetUpdate", JET_errWriteConflict,
                                  "write conflict on every retry");
        }
    }
    return 0;
}

/* ose_op_update_heavy -- 50% reads, 50% updates (zipfian). */
int ose_op_update_heavy(void *thr, uint32_t n, struct bench_err *err)
{
    return mixed(thr, n, BENCH_READS_UPDATE_HEAVY, err);
}

/* ose_op_read_mostly -- 95% reads, 5% updates (zipfian). */
int ose_op_read_mostly(void *thr, uint32_t n, struct bench_err *err)
{
    return mixed(thr, n, BENCH_READS_READ_MOSTLY, err);
}

/* ose_data_conflicts -- write conflicts the thread retried. */
uint64_t ose_data_conflicts(void *thr)
{
    return ((struct osd_thr *)thr)->conflicts;
}
