/*
 * engine_wiredtiger_data.c -- WiredTiger's data rows, the nearest peer
 * operation of each openese data row.
 *
 * Cell: the base cell (wt_setup: in-memory connection, cache_size=1GB),
 * plus table "table:bench" (key_format=u, value_format=u: raw bytes, keys
 * 8 bytes big-endian so WiredTiger's byte order is the numeric order; see
 * dataset.h), pre-loaded with --records records in snapshot transactions of
 * BENCH_LOAD_TXN inserts, on a session of its own closed after the load.
 * Thread: a session (isolation=snapshot, as the base rows) and one cursor
 * on the table opened with overwrite=false, so insert fails with
 * WT_DUPLICATE_KEY on an existing key, as ESE's unique primary index does.
 * Operations (openese row they stand for):
 *   insert           begin_transaction, set_key, set_value, insert,
 *                    commit_transaction      (JetBeginTransaction .. Commit)
 *   insert-batch100  the same, one transaction per BENCH_BATCH_TXN inserts
 *   point-read       set_key + search + get_value, no explicit transaction:
 *                    WiredTiger runs the search as an autocommit snapshot
 *                    read, as ESE runs a call outside a transaction; the
 *                    cursor stays positioned, as openese's does
 *                                            (JetMakeKey+JetSeek+Retrieve)
 *   scan             set_key + search, then get_value + next until 100
 *                    rows were read (reset + next wraps to the first row)
 *                                            (JetSeek + JetMove(Next) ...)
 *   cursor           session->open_cursor + cursor->close on the table,
 *                    with WiredTiger's default session cursor cache
 *                                            (JetOpenTable+JetCloseTable)
 *   lifecycle        conn->open_session(isolation=snapshot),
 *                    begin_transaction, open_cursor(overwrite=false), 4
 *                    inserts of the thread's insert stream, session->close
 *                    (which rolls the transaction back and closes the
 *                    cursor)                 (JetBeginSession .. JetEndSession)
 *   update-heavy     50% point reads as point-read, 50% updates:
 *   read-mostly      begin_transaction, set_key + set_value + update
 *                    (overwrite=false: the record must exist),
 *                    commit_transaction; read-mostly 95% / 5%; zipfian keys
 *                    (dataset.h). WT_ROLLBACK (a write conflict of snapshot
 *                    isolation) from update or commit rolls back, is
 *                    counted and retried after a sched_yield (at most
 *                    BENCH_MAX_RETRY times in a row)                    (JetSeek+JetPrepareUpdate(Replace)..)
 * Values are copied into the thread's buffer and checked (32 bytes,
 * starting with the key), as openese's JetRetrieveColumn copies them. Every
 * WiredTiger return code is checked; any non-zero one fails the row.
 */
#include "dataset.h"
#include "engine_base.h"
#include "engines.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>

#define WTD_URI "table:bench"

struct wtd_env {
    void *base;          /* [imm] wt_setup's cell */
    WT_CONNECTION *conn; /* [imm] thread-safe */
    uint64_t records;    /* [imm] */
    uint64_t *zipf;      /* [imm] zipf table (mixed rows only), else NULL */
    struct bench_counter *next; /* next[tid].n: [owner] worker tid during a run, main
                                 * between runs (pthread create/join order them) */
};

struct wtd_thr {
    struct wtd_env *env; /* [imm] */
    WT_SESSION *session; /* [owner] this worker, and all below */
    WT_CURSOR *cur;
    uint64_t stream;     /* tid + 1: the keys this worker inserts */
    uint64_t *next;      /* &env->next[tid].n */
    uint64_t rng;
    uint32_t pending;    /* inserts in the open batch transaction */
    uint32_t zi;         /* next index into env->zipf */
    uint64_t conflicts;  /* write conflicts retried since thread setup */
    uint64_t version;    /* updates done: the next payload's version */
    unsigned char buf[BENCH_PAYLOAD];
};

/* insert_row -- set key and payload of `key`, insert. */
static int insert_row(WT_CURSOR *c, uint64_t key, struct bench_err *err)
{
    unsigned char kb[8], pay[BENCH_PAYLOAD];
    WT_ITEM k = {.data = kb, .size = sizeof kb}, v = {.data = pay, .size = sizeof pay};
    int rc;

    bench_key_be(key, kb);
    bench_payload(key, pay);
    c->set_key(c, &k);
    c->set_value(c, &v);
    if ((rc = c->insert(c)) != 0)
        return wt_fail(err, "WT_CURSOR::insert", rc);
    return 0;
}

/* load -- create the table and insert the pre-loaded records. */
static int load(WT_SESSION *s, uint64_t records, struct bench_err *err)
{
    WT_CURSOR *c;
    int rc;

    if ((rc = s->create(s, WTD_URI, "key_format=u,value_format=u")) != 0)
        return wt_fail(err, "WT_SESSION::create", rc);
    if ((rc = s->open_cursor(s, WTD_URI, NULL, "overwrite=false", &c)) != 0)
        return wt_fail(err, "WT_SESSION::open_cursor", rc);
    for (uint64_t i = 0; i < records; i += BENCH_LOAD_TXN) {
        if ((rc = s->begin_transaction(s, NULL)) != 0)
            return wt_fail(err, "WT_SESSION::begin_transaction", rc);
        for (uint64_t j = i; j < records && j < i + BENCH_LOAD_TXN; j++)
            if (insert_row(c, bench_key(0, j), err) != 0)
                return -1;
        if ((rc = s->commit_transaction(s, NULL)) != 0)
            return wt_fail(err, "WT_SESSION::commit_transaction", rc);
    }
    if ((rc = c->close(c)) != 0)
        return wt_fail(err, "WT_CURSOR::close", rc);
    return 0;
}

/* wt_data_setup -- base cell + loaded table; see the header. */
void *wt_data_setup(const struct bench_cfg *cfg, struct bench_err *err)
{
    struct wtd_env *e = calloc(1, sizeof *e);
    WT_SESSION *s;
    int rc, bad;

    if (!e || !(e->next = bench_counters(cfg->threads))) {
        free(e);
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    e->records = cfg->records;
    if (!(e->base = wt_setup(cfg, err)))
        goto fail;
    e->conn = wt_env_conn(e->base);
    if ((rc = e->conn->open_session(e->conn, NULL, "isolation=snapshot", &s)) != 0) {
        wt_fail(err, "WT_CONNECTION::open_session", rc);
        goto fail_base;
    }
    bad = load(s, e->records, err);
    rc = s->close(s, NULL);
    if (bad)
        goto fail_base;
    if (rc != 0) {
        wt_fail(err, "WT_SESSION::close", rc);
        goto fail_base;
    }
    return e;
fail_base: {
    struct bench_err ignored; /* the first failure is the one to report */
    (void)wt_teardown(e->base, &ignored);
}
fail:
    free(e->next);
    free(e);
    return NULL;
}

/* wt_mix_setup -- a data cell plus the zipf table of the mixed rows. */
void *wt_mix_setup(const struct bench_cfg *cfg, struct bench_err *err)
{
    struct wtd_env *e = wt_data_setup(cfg, err);

    if (e && !(e->zipf = bench_zipf_table(e->records))) {
        struct bench_err ignored; /* out of memory is the error to report */
        (void)wt_data_teardown(e, &ignored);
        bench_fail(err, "bench_zipf_table", 0, "out of memory");
        return NULL;
    }
    return e;
}

/* wt_data_teardown -- base teardown (closes the connection). */
int wt_data_teardown(void *envp, struct bench_err *err)
{
    struct wtd_env *e = envp;
    int rc = wt_teardown(e->base, err);

    free(e->zipf);
    free(e->next);
    free(e);
    return rc;
}

/* wt_data_thread -- a snapshot session with a cursor on the table. */
void *wt_data_thread(void *envp, int tid, struct bench_err *err)
{
    struct wtd_env *e = envp;
    struct wtd_thr *t = calloc(1, sizeof *t);
    int rc;

    if (!t) {
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    t->env = e;
    t->stream = (uint64_t)tid + 1;
    t->next = &e->next[tid].n;
    t->rng = bench_rng_seed(tid);
    t->zi = bench_zipf_start(tid);
    if ((rc = e->conn->open_session(e->conn, NULL, "isolation=snapshot", &t->session)) != 0) {
        wt_fail(err, "WT_CONNECTION::open_session", rc);
        free(t);
        return NULL;
    }
    rc = t->session->open_cursor(t->session, WTD_URI, NULL, "overwrite=false", &t->cur);
    if (rc != 0) {
        wt_fail(err, "WT_SESSION::open_cursor", rc);
        (void)t->session->close(t->session, NULL);
        free(t);
        return NULL;
    }
    return t;
}

/* wt_data_thread_end -- commit an open batch, close cursor and session. */
int wt_data_thread_end(void *thr, struct bench_err *err)
{
    struct wtd_thr *t = thr;
    WT_SESSION *s = t->session;
    const char *call = NULL;
    int rc = 0, rc2;

    if (t->pending && (rc = s->commit_transaction(s, NULL)) != 0)
        call = "WT_SESSION::commit_transaction";
    if (!call && (rc = t->cur->close(t->cur)) != 0)
        call = "WT_CURSOR::close";
    rc2 = s->close(s, NULL); /* also rolls back a transaction left open */
    if (!call && rc2 != 0) {
        rc = rc2;
        call = "WT_SESSION::close";
    }
    free(t);
    return call ? wt_fail(err, call, rc) : 0;
}

/* wt_op_insert -- one snapshot transaction per insert. */
int wt_op_insert(void *thr, uint32_t n, struct bench_err *err)
{
    struct wtd_thr *t = thr;
    WT_SESSION *s = t->session;
    int rc;

    for (uint32_t i = 0; i < n; i++) {
        if ((rc = s->begin_transaction(s, NULL)) != 0)
            return wt_fail(err, "WT_SESSION::begin_transaction", rc);
        if (insert_row(t->cur, bench_key(t->stream, (*t->next)++), err) != 0)
            return -1;
        if ((rc = s->commit_transaction(s, NULL)) != 0)
            return wt_fail(err, "WT_SESSION::commit_transaction", rc);
    }
    return 0;
}

/* wt_op_insert_batch -- one transaction per BENCH_BATCH_TXN inserts. */
int wt_op_insert_batch(void *thr, uint32_t n, struct bench_err *err)
{
    struct wtd_thr *t = thr;
    WT_SESSION *s = t->session;
    int rc;

    for (uint32_t i = 0; i < n; i++) {
        if (t->pending == 0 && (rc = s->begin_transaction(s, NULL)) != 0)
            return wt_fail(err, "WT_SESSION::begin_transaction", rc);
        t->pending++;
        if (insert_row(t->cur, bench_key(t->stream, (*t->next)++), err) != 0)
            return -1;
        if (t->pending == BENCH_BATCH_TXN) {
            t->pending = 0;
            if ((rc = s->commit_transaction(s, NULL)) != 0)
                return wt_fail(err, "WT_SESSION::commit_transaction", rc);
        }
    }
    return 0;
}

/* retrieve -- copy the positioned cursor's value into t->buf and return the
 * key it starts with in *key. */
static int retrieve(struct wtd_thr *t, uint64_t *key, struct bench_err *err)
{
    WT_ITEM v;
    int rc = t->cur->get_value(t->cur, &v);

    if (rc != 0)
        return wt_fail(err, "WT_CURSOR::get_value", rc);
    if (v.size != BENCH_PAYLOAD)
        return bench_fail(err, "WT_CURSOR::get_value", (long)v.size, "payload of the wrong length");
    memcpy(t->buf, v.data, BENCH_PAYLOAD);
    memcpy(key, t->buf, sizeof *key);
    return 0;
}

/* search -- position the cursor on `key`, which must exist. */
static int search(struct wtd_thr *t, uint64_t key, struct bench_err *err)
{
    unsigned char kb[8];
    WT_ITEM k = {.data = kb, .size = sizeof kb};
    int rc;

    bench_key_be(key, kb);
    t->cur->set_key(t->cur, &k);
    if ((rc = t->cur->search(t->cur)) != 0)
        return wt_fail(err, "WT_CURSOR::search", rc);
    return 0;
}

/* wt_op_point_read -- search a random pre-loaded key, get its value. */
int wt_op_point_read(void *thr, uint32_t n, struct bench_err *err)
{
    struct wtd_thr *t = thr;

    for (uint32_t i = 0; i < n; i++) {
        uint64_t want = bench_pick(&t->rng, t->env->records), got;
        if (search(t, want, err) != 0 || retrieve(t, &got, err) != 0)
            return -1;
        if (got != want)
            return bench_fail(err, "WT_CURSOR::get_value", 0, "value of another record");
    }
    return 0;
}

/* wt_op_scan -- search a random pre-loaded key, read 100 rows forward. */
int wt_op_scan(void *thr, uint32_t n, struct bench_err *err)
{
    struct wtd_thr *t = thr;
    WT_CURSOR *c = t->cur;

    for (uint32_t i = 0; i < n; i++) {
        uint64_t want = bench_pick(&t->rng, t->env->records), got;
        if (search(t, want, err) != 0 || retrieve(t, &got, err) != 0)
            return -1;
        if (got != want)
            return bench_fail(err, "WT_CURSOR::get_value", 0, "value of another record");
        for (int row = 1; row < BENCH_SCAN_ROWS; row++) {
            int rc = c->next(c);
            if (rc == WT_NOTFOUND && (rc = c->reset(c)) == 0)
                rc = c->next(c); /* a reset cursor's next is the first row */
            if (rc != 0)
                return wt_fail(err, "WT_CURSOR::next", rc);
            if (retrieve(t, &got, err) != 0)
                return -1;
        }
    }
    return 0;
}

/* wt_op_cursor -- open_cursor + close on the thread's session. */
int wt_op_cursor(void *thr, uint32_t n, struct bench_err *err)
{
    WT_SESSION *s = ((struct wtd_thr *)thr)->session;

    for (uint32_t i = 0; i < n; i++) {
        WT_CURSOR *c;
        int rc = s->open_cursor(s, WTD_URI, NULL, NULL, &c);
        if (rc != 0)
            return wt_fail(err, "WT_SESSION::open_cursor", rc);
        if ((rc = c->close(c)) != 0)
            return wt_fail(err, "WT_CURSOR::close", rc);
    }
    return 0;
}

/* wt_op_lifecycle -- a whole session's life around 4 inserts, rolled back
 * by session->close. */
int wt_op_lifecycle(void *thr, uint32_t n, struct bench_err *err)
{
    struct wtd_thr *t = thr;
    WT_CONNECTION *conn = t->env->conn;

    for (uint32_t i = 0; i < n; i++) {
        WT_SESSION *s;
        WT_CURSOR *c;
        const char *call = NULL;
        int rc = conn->open_session(conn, NULL, "isolation=snapshot", &s);
        if (rc != 0)
            return wt_fail(err, "WT_CONNECTION::open_session", rc);
        if ((rc = s->begin_transaction(s, NULL)) != 0)
            call = "WT_SESSION::begin_transaction";
        else if ((rc = s->open_cursor(s, WTD_URI, NULL, "overwrite=false", &c)) != 0)
            call = "WT_SESSION::open_cursor";
        for (int k = 0; !call && k < BENCH_LIFE_INSERTS; k++)
            if (insert_row(c, bench_key(t->stream, (*t->next)++), err) != 0) {
                (void)s->close(s, NULL); /* the insert's error is the one to report */
                return -1;
            }
        if (call) {
            (void)s->close(s, NULL); /* the first failure is the one to report */
            return wt_fail(err, call, rc);
        }
        if ((rc = s->close(s, NULL)) != 0)
            return wt_fail(err, "WT_SESSION::close", rc);
    }
    return 0;
}

/* update_once -- one update attempt in a transaction: 0 done, 1 write
 * conflict (rolled back), -1 error. */
static int update_once(struct wtd_thr *t, uint64_t key, struct bench_err *err)
{
    WT_SESSION *s = t->session;
    WT_CURSOR *c = t->cur;
    unsigned char kb[8], pay[BENCH_PAYLOAD];
    WT_ITEM k = {.data = kb, .size = sizeof kb}, v = {.data = pay, .size = sizeof pay};
    int rc;

    bench_key_be(key, kb);
    bench_payload_update(key, ++t->version, pay);
    if ((rc = s->begin_transaction(s, NULL)) != 0)
        return wt_fail(err, "WT_SESSION::begin_transaction", rc);
    c->set_key(c, &k);
    c->set_value(c, &v);
    if ((rc = c->update(c)) != 0) {
        int rb = s->rollback_transaction(s, NULL);
        if (rc != WT_ROLLBACK)
            return wt_fail(err, "WT_CURSOR::update", rc);
        if (rb != 0)
            return wt_fail(err, "WT_SESSION::rollback_transaction", rb);
        t->conflicts++;
        return 1;
    }
    /* A failed commit has rolled the transaction back already. */
    if ((rc = s->commit_transaction(s, NULL)) == WT_ROLLBACK) {
        t->conflicts++;
        return 1;
    }
    return rc != 0 ? wt_fail(err, "WT_SESSION::commit_transaction", rc) : 0;
}

/* mixed -- n operations: read_pct% point reads, the rest updates, of
 * zipfian keys; a conflicting update is retried. */
static int mixed(struct wtd_thr *t, uint32_t n, unsigned read_pct, struct bench_err *err)
{
    for (uint32_t i = 0; i < n; i++) {
        uint64_t want = bench_key(0, t->env->zipf[t->zi++ & (BENCH_ZIPF_DRAWS - 1)]), got;
        if (bench_rng(&t->rng) % 100 < read_pct) {
            if (search(t, want, err) != 0 || retrieve(t, &got, err) != 0)
                return -1;
            if (got != want)
                return bench_fail(err, "WT_CURSOR::get_value", 0, "value of another record");
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
                return bench_fail(err, "WT_CURSOR::update", WT_ROLLBACK,
                                  "write conflict on every retry");
        }
    }
    return 0;
}

/* wt_op_update_heavy -- 50% reads, 50% updates (zipfian). */
int wt_op_update_heavy(void *thr, uint32_t n, struct bench_err *err)
{
    return mixed(thr, n, BENCH_READS_UPDATE_HEAVY, err);
}

/* wt_op_read_mostly -- 95% reads, 5% updates (zipfian). */
int wt_op_read_mostly(void *thr, uint32_t n, struct bench_err *err)
{
    return mixed(thr, n, BENCH_READS_READ_MOSTLY, err);
}

/* wt_data_conflicts -- write conflicts the thread retried. */
uint64_t wt_data_conflicts(void *thr)
{
    return ((struct wtd_thr *)thr)->conflicts;
}
