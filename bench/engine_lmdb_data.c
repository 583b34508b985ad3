/*
 * engine_lmdb_data.c -- LMDB's data rows, the nearest peer operation of
 * each openese data row.
 *
 * Cell: the base cell (lmdb_setup: MDB_NOSYNC | MDB_NOTLS environment with
 * a 4 GB map in a temporary directory), its unnamed database pre-loaded
 * with --records records (keys 8 bytes big-endian, see dataset.h) in write
 * transactions of BENCH_LOAD_TXN puts.
 * Thread: a read txn of its own (MDB_NOTLS: the txn object owns the reader
 * slot) with a read cursor bound to it; left reset (lmdb_data_thread) or
 * live for the whole run (lmdb_data_thread_live, cursor row). Write
 * transactions are begun per operation or batch: LMDB admits one writer at
 * a time (its writer mutex), which is part of the comparison.
 * Operations (openese row they stand for):
 *   insert           mdb_txn_begin(0) + mdb_put(MDB_NOOVERWRITE) +
 *                    mdb_txn_commit          (JetBeginTransaction .. Commit)
 *                    MDB_NOOVERWRITE: a duplicate fails, as in a unique index
 *   insert-batch100  the same, one write txn per BENCH_BATCH_TXN puts (an
 *                    open txn at the stop flag is committed by the thread
 *                    teardown, outside the measured interval)
 *   point-read       mdb_txn_renew + mdb_get + mdb_txn_reset: a fresh
 *                    snapshot per read, LMDB's cheapest  (JetSeek+Retrieve)
 *   scan             mdb_txn_renew + mdb_cursor_renew + MDB_SET_KEY, then
 *                    MDB_NEXT until 100 rows were read (MDB_FIRST wraps at
 *                    the end), mdb_txn_reset  (JetSeek + JetMove(Next) ...)
 *   cursor           mdb_cursor_open + mdb_cursor_close in the thread's
 *                    live read txn           (JetOpenTable+JetCloseTable)
 *   lifecycle        mdb_txn_begin(0), mdb_cursor_open, 4 x
 *                    mdb_cursor_put(MDB_NOOVERWRITE) of the thread's insert
 *                    stream, mdb_txn_abort (which frees the write cursor)
 *                    (LMDB has no sessions: a write txn is the nearest
 *                    unit)                   (JetBeginSession .. JetEndSession)
 *   update-heavy     50% point reads as point-read, 50% updates:
 *   read-mostly      mdb_txn_begin(0) + mdb_put (overwrite) + mdb_txn_commit;
 *                    read-mostly 95% / 5%; zipfian keys (dataset.h). One
 *                    writer at a time, so no write conflicts to count
 *                                            (JetSeek+JetPrepareUpdate(Replace)..)
 * Values are copied into the thread's buffer and checked (32 bytes,
 * starting with the key), as openese's JetRetrieveColumn copies them. Every
 * return code is checked; any non-zero one fails the row.
 */
#include "dataset.h"
#include "engine_base.h"
#include "engines.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct lmdbd_env {
    void *base;       /* [imm] lmdb_setup's cell */
    MDB_env *env;     /* [imm] thread-safe */
    MDB_dbi dbi;      /* [imm] the unnamed database, opened in setup */
    uint64_t records; /* [imm] */
    uint64_t *zipf;   /* [imm] zipf table (mixed rows only), else NULL */
    struct bench_counter *next; /* next[tid].n: [owner] worker tid during a run, main
                                 * between runs (pthread create/join order them) */
};

struct lmdbd_thr {
    struct lmdbd_env *e; /* [imm] */
    MDB_txn *rd;         /* [owner] this worker, and all below */
    MDB_cursor *cur;     /* read cursor bound to rd */
    MDB_txn *wr;         /* open batch write txn, or NULL */
    uint32_t pending;    /* puts in wr */
    uint64_t stream;     /* tid + 1: the keys this worker inserts */
    uint64_t *next;      /* &e->next[tid].n */
    uint64_t rng;
    uint32_t zi;         /* next index into e->zipf */
    uint64_t version;    /* updates done: the next payload's version */
    unsigned char buf[BENCH_PAYLOAD];
};

/* put_row -- mdb_put(MDB_NOOVERWRITE) of key and its payload. */
static int put_row(MDB_txn *txn, MDB_dbi dbi, uint64_t key, struct bench_err *err)
{
    unsigned char kb[8], pay[BENCH_PAYLOAD];
    MDB_val k = {sizeof kb, kb}, v = {sizeof pay, pay};
    int rc;

    bench_key_be(key, kb);
    bench_payload(key, pay);
    if ((rc = mdb_put(txn, dbi, &k, &v, MDB_NOOVERWRITE)) != 0)
        return lmdb_fail(err, "mdb_put", rc);
    return 0;
}

/* load -- open the unnamed database and put the pre-loaded records. */
static int load(struct lmdbd_env *e, struct bench_err *err)
{
    MDB_txn *txn;
    int rc;

    if ((rc = mdb_txn_begin(e->env, NULL, 0, &txn)) != 0)
        return lmdb_fail(err, "mdb_txn_begin", rc);
    if ((rc = mdb_dbi_open(txn, NULL, 0, &e->dbi)) != 0) {
        mdb_txn_abort(txn);
        return lmdb_fail(err, "mdb_dbi_open", rc);
    }
    for (uint64_t i = 0;; i += BENCH_LOAD_TXN) {
        for (uint64_t j = i; j < e->records && j < i + BENCH_LOAD_TXN; j++)
            if (put_row(txn, e->dbi, bench_key(0, j), err) != 0) {
                mdb_txn_abort(txn);
                return -1;
            }
        if ((rc = mdb_txn_commit(txn)) != 0)
            return lmdb_fail(err, "mdb_txn_commit", rc);
        if (i + BENCH_LOAD_TXN >= e->records)
            return 0;
        if ((rc = mdb_txn_begin(e->env, NULL, 0, &txn)) != 0)
            return lmdb_fail(err, "mdb_txn_begin", rc);
    }
}

/* lmdb_data_setup -- base cell + loaded database; see the header. */
void *lmdb_data_setup(const struct bench_cfg *cfg, struct bench_err *err)
{
    struct lmdbd_env *e = calloc(1, sizeof *e);

    if (!e || !(e->next = bench_counters(cfg->threads))) {
        free(e);
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    e->records = cfg->records;
    if (!(e->base = lmdb_setup(cfg, err)))
        goto fail;
    e->env = lmdb_env_handle(e->base);
    if (load(e, err) != 0) {
        struct bench_err ignored; /* the first failure is the one to report */
        (void)lmdb_teardown(e->base, &ignored);
        goto fail;
    }
    return e;
fail:
    free(e->next);
    free(e);
    return NULL;
}

/* lmdb_mix_setup -- a data cell plus the zipf table of the mixed rows. */
void *lmdb_mix_setup(const struct bench_cfg *cfg, struct bench_err *err)
{
    struct lmdbd_env *e = lmdb_data_setup(cfg, err);

    if (e && !(e->zipf = bench_zipf_table(e->records))) {
        struct bench_err ignored; /* out of memory is the error to report */
        (void)lmdb_data_teardown(e, &ignored);
        bench_fail(err, "bench_zipf_table", 0, "out of memory");
        return NULL;
    }
    return e;
}

/* lmdb_data_teardown -- base teardown (closes and removes the files). */
int lmdb_data_teardown(void *envp, struct bench_err *err)
{
    struct lmdbd_env *e = envp;
    int rc = lmdb_teardown(e->base, err);

    free(e->zipf);
    free(e->next);
    free(e);
    return rc;
}

/* thread_common -- a read txn with a cursor; reset unless `live`. */
static void *thread_common(void *envp, int tid, bool live, struct bench_err *err)
{
    struct lmdbd_env *e = envp;
    struct lmdbd_thr *t = calloc(1, sizeof *t);
    int rc;

    if (!t) {
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    t->e = e;
    t->stream = (uint64_t)tid + 1;
    t->next = &e->next[tid].n;
    t->rng = bench_rng_seed(tid);
    t->zi = bench_zipf_start(tid);
    if ((rc = mdb_txn_begin(e->env, NULL, MDB_RDONLY, &t->rd)) != 0) {
        lmdb_fail(err, "mdb_txn_begin(MDB_RDONLY)", rc);
        free(t);
        return NULL;
    }
    if ((rc = mdb_cursor_open(t->rd, e->dbi, &t->cur)) != 0) {
        lmdb_fail(err, "mdb_cursor_open", rc);
        mdb_txn_abort(t->rd);
        free(t);
        return NULL;
    }
    if (!live)
        mdb_txn_reset(t->rd);
    return t;
}

/* lmdb_data_thread -- per-thread read txn and cursor, left reset. */
void *lmdb_data_thread(void *envp, int tid, struct bench_err *err)
{
    return thread_common(envp, tid, false, err);
}

/* lmdb_data_thread_live -- per-thread read txn, live for the whole run. */
void *lmdb_data_thread_live(void *envp, int tid, struct bench_err *err)
{
    return thread_common(envp, tid, true, err);
}

/* lmdb_data_thread_end -- commit an open batch, free cursor and read txn. */
int lmdb_data_thread_end(void *thr, struct bench_err *err)
{
    struct lmdbd_thr *t = thr;
    int rc = t->wr ? mdb_txn_commit(t->wr) : 0;

    mdb_cursor_close(t->cur);
    mdb_txn_abort(t->rd);
    free(t);
    return rc != 0 ? lmdb_fail(err, "mdb_txn_commit", rc) : 0;
}

/* lmdb_op_insert -- one write txn per put. */
int lmdb_op_insert(void *thr, uint32_t n, struct bench_err *err)
{
    struct lmdbd_thr *t = thr;

    for (uint32_t i = 0; i < n; i++) {
        MDB_txn *txn;
        int rc = mdb_txn_begin(t->e->env, NULL, 0, &txn);
        if (rc != 0)
            return lmdb_fail(err, "mdb_txn_begin", rc);
        if (put_row(txn, t->e->dbi, bench_key(t->stream, (*t->next)++), err) != 0) {
            mdb_txn_abort(txn);
            return -1;
        }
        if ((rc = mdb_txn_commit(txn)) != 0)
            return lmdb_fail(err, "mdb_txn_commit", rc);
    }
    return 0;
}

/* lmdb_op_insert_batch -- one write txn per BENCH_BATCH_TXN puts. */
int lmdb_op_insert_batch(void *thr, uint32_t n, struct bench_err *err)
{
    struct lmdbd_thr *t = thr;
    int rc;

    for (uint32_t i = 0; i < n; i++) {
        if (!t->wr && (rc = mdb_txn_begin(t->e->env, NULL, 0, &t->wr)) != 0) {
            t->wr = NULL;
            return lmdb_fail(err, "mdb_txn_begin", rc);
        }
        if (put_row(t->wr, t->e->dbi, bench_key(t->stream, (*t->next)++), err) != 0) {
            mdb_txn_abort(t->wr);
            t->wr = NULL;
            return -1;
        }
        if (++t->pending == BENCH_BATCH_TXN) {
            rc = mdb_txn_commit(t->wr);
            t->wr = NULL;
            t->pending = 0;
            if (rc != 0)
                return lmdb_fail(err, "mdb_txn_commit", rc);
        }
    }
    return 0;
}

/* take -- copy a value into t->buf, check it, return its leading key. */
static int take(struct lmdbd_thr *t, const MDB_val *v, const char *call, uint64_t *key,
                struct bench_err *err)
{
    if (v->mv_size != BENCH_PAYLOAD)
        return bench_fail(err, call, (long)v->mv_size, "payload of the wrong length");
    memcpy(t->buf, v->mv_data, BENCH_PAYLOAD);
    memcpy(key, t->buf, sizeof *key);
    return 0;
}

static int read_one(struct lmdbd_thr *t, uint64_t want, struct bench_err *err);

/* lmdb_op_point_read -- renew, mdb_get of a random pre-loaded key, reset. */
int lmdb_op_point_read(void *thr, uint32_t n, struct bench_err *err)
{
    struct lmdbd_thr *t = thr;

    for (uint32_t i = 0; i < n; i++)
        if (read_one(t, bench_pick(&t->rng, t->e->records), err) != 0)
            return -1;
    return 0;
}

/* scan_one -- in the renewed txn: SET_KEY on want, then 99 x NEXT. */
static int scan_one(struct lmdbd_thr *t, uint64_t want, struct bench_err *err)
{
    unsigned char kb[8];
    MDB_val k = {sizeof kb, kb}, v;
    uint64_t got = 0;
    int rc;

    bench_key_be(want, kb);
    if ((rc = mdb_cursor_renew(t->rd, t->cur)) != 0)
        return lmdb_fail(err, "mdb_cursor_renew", rc);
    if ((rc = mdb_cursor_get(t->cur, &k, &v, MDB_SET_KEY)) != 0)
        return lmdb_fail(err, "mdb_cursor_get(MDB_SET_KEY)", rc);
    if (take(t, &v, "mdb_cursor_get(MDB_SET_KEY)", &got, err) != 0)
        return -1;
    if (got != want)
        return bench_fail(err, "mdb_cursor_get(MDB_SET_KEY)", 0, "value of another record");
    for (int row = 1; row < BENCH_SCAN_ROWS; row++) {
        rc = mdb_cursor_get(t->cur, &k, &v, MDB_NEXT);
        if (rc == MDB_NOTFOUND)
            rc = mdb_cursor_get(t->cur, &k, &v, MDB_FIRST);
        if (rc != 0)
            return lmdb_fail(err, "mdb_cursor_get(MDB_NEXT)", rc);
        if (take(t, &v, "mdb_cursor_get(MDB_NEXT)", &got, err) != 0)
            return -1;
    }
    return 0;
}

/* lmdb_op_scan -- renew, read 100 rows from a random pre-loaded key, reset. */
int lmdb_op_scan(void *thr, uint32_t n, struct bench_err *err)
{
    struct lmdbd_thr *t = thr;

    for (uint32_t i = 0; i < n; i++) {
        uint64_t want = bench_pick(&t->rng, t->e->records);
        int rc = mdb_txn_renew(t->rd);
        if (rc != 0)
            return lmdb_fail(err, "mdb_txn_renew", rc);
        rc = scan_one(t, want, err);
        mdb_txn_reset(t->rd);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* lmdb_op_cursor -- mdb_cursor_open + close in the live read txn. */
int lmdb_op_cursor(void *thr, uint32_t n, struct bench_err *err)
{
    struct lmdbd_thr *t = thr;

    for (uint32_t i = 0; i < n; i++) {
        MDB_cursor *c;
        int rc = mdb_cursor_open(t->rd, t->e->dbi, &c);
        if (rc != 0)
            return lmdb_fail(err, "mdb_cursor_open", rc);
        mdb_cursor_close(c);
    }
    return 0;
}

/* lmdb_op_lifecycle -- write txn, cursor, 4 puts, abort. */
int lmdb_op_lifecycle(void *thr, uint32_t n, struct bench_err *err)
{
    struct lmdbd_thr *t = thr;

    for (uint32_t i = 0; i < n; i++) {
        MDB_txn *txn;
        MDB_cursor *c;
        int rc = mdb_txn_begin(t->e->env, NULL, 0, &txn);
        if (rc != 0)
            return lmdb_fail(err, "mdb_txn_begin", rc);
        if ((rc = mdb_cursor_open(txn, t->e->dbi, &c)) != 0) {
            mdb_txn_abort(txn);
            return lmdb_fail(err, "mdb_cursor_open", rc);
        }
        for (int k = 0; k < BENCH_LIFE_INSERTS; k++) {
            uint64_t key = bench_key(t->stream, (*t->next)++);
            unsigned char kb[8], pay[BENCH_PAYLOAD];
            MDB_val kv = {sizeof kb, kb}, v = {sizeof pay, pay};
            bench_key_be(key, kb);
            bench_payload(key, pay);
            if ((rc = mdb_cursor_put(c, &kv, &v, MDB_NOOVERWRITE)) != 0) {
                mdb_txn_abort(txn);
                return lmdb_fail(err, "mdb_cursor_put", rc);
            }
        }
        mdb_txn_abort(txn);
    }
    return 0;
}

/* update -- overwrite key's payload in a write txn of its own. */
static int update(struct lmdbd_thr *t, uint64_t key, struct bench_err *err)
{
    unsigned char kb[8], pay[BENCH_PAYLOAD];
    MDB_val k = {sizeof kb, kb}, v = {sizeof pay, pay};
    MDB_txn *txn;
    int rc;

    bench_key_be(key, kb);
    bench_payload_update(key, ++t->version, pay);
    if ((rc = mdb_txn_begin(t->e->env, NULL, 0, &txn)) != 0)
        return lmdb_fail(err, "mdb_txn_begin", rc);
    if ((rc = mdb_put(txn, t->e->dbi, &k, &v, 0)) != 0) {
        mdb_txn_abort(txn);
        return lmdb_fail(err, "mdb_put", rc);
    }
    if ((rc = mdb_txn_commit(txn)) != 0)
        return lmdb_fail(err, "mdb_txn_commit", rc);
    return 0;
}

/* read_one -- renew, mdb_get of want, check, reset. */
static int read_one(struct lmdbd_thr *t, uint64_t want, struct bench_err *err)
{
    unsigned char kb[8];
    MDB_val k = {sizeof kb, kb}, v;
    uint64_t got = 0;
    int rc, bad = 0;

    bench_key_be(want, kb);
    if ((rc = mdb_txn_renew(t->rd)) != 0)
        return lmdb_fail(err, "mdb_txn_renew", rc);
    rc = mdb_get(t->rd, t->e->dbi, &k, &v);
    if (rc == 0)
        bad = take(t, &v, "mdb_get", &got, err);
    mdb_txn_reset(t->rd);
    if (rc != 0)
        return lmdb_fail(err, "mdb_get", rc);
    if (bad)
        return -1;
    return got != want ? bench_fail(err, "mdb_get", 0, "value of another record") : 0;
}

/* mixed -- n operations: read_pct% point reads, the rest updates, of
 * zipfian keys. */
static int mixed(struct lmdbd_thr *t, uint32_t n, unsigned read_pct, struct bench_err *err)
{
    for (uint32_t i = 0; i < n; i++) {
        uint64_t want = bench_key(0, t->e->zipf[t->zi++ & (BENCH_ZIPF_DRAWS - 1)]);
        int rc = bench_rng(&t->rng) % 100 < read_pct ? read_one(t, want, err)
                                                      : update(t, want, err);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* lmdb_op_update_heavy -- 50% reads, 50% updates (zipfian). */
int lmdb_op_update_heavy(void *thr, uint32_t n, struct bench_err *err)
{
    return mixed(thr, n, BENCH_READS_UPDATE_HEAVY, err);
}

/* lmdb_op_read_mostly -- 95% reads, 5% updates (zipfian). */
int lmdb_op_read_mostly(void *thr, uint32_t n, struct bench_err *err)
{
    return mixed(thr, n, BENCH_READS_READ_MOSTLY, err);
}
