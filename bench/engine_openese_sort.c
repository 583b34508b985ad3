/*
 * engine_openese_sort.c -- openese's temp-sort row: a temp table used as a
 * sort, through the public API only (esent.h).
 *
 * Cell: the base cell (ose_setup: an initialized instance; the default
 * JET_paramMaxTemporaryTables, 20 per session, is more than one per thread).
 * Thread: a session and its own --records random records (dataset.h,
 * bench_sort_input: 16-byte key, 32-byte payload), made before the start
 * flag.
 * Operation (the runner's per_call unit: one call = one whole sort, counted
 * as --records operations, so the rate is records sorted per second):
 *   JetOpenTempTable(JET_bitTTForwardOnly) with a 16-byte Binary key column
 *   (JET_bitColumnTTKey) and a 32-byte Binary payload column; for every
 *   record JetPrepareUpdate(Insert) + 2 x JetSetColumn + JetUpdate; then a
 *   full forward scan (JetMove(First), JetMove(Next) until
 *   JET_errNoCurrentRecord) retrieving key and payload of every row;
 *   JetCloseTable.
 * Checked: every call's code, the scan sees exactly --records rows, keys in
 * non-decreasing memcmp order, payloads of 32 bytes. The qsort row
 * (engine_qsort.c) does the same job on an array.
 */
#include "dataset.h"
#include "engine_base.h"
#include "engines.h"

#include <stdlib.h>
#include <string.h>

struct oss_env {
    void *base;        /* [imm] ose_setup's cell */
    JET_INSTANCE inst; /* [imm] */
    uint64_t records;  /* [imm] records per sort */
};

struct oss_thr {
    struct oss_env *e;    /* [imm] */
    JET_SESID ses;        /* [owner] this worker, and all below */
    unsigned char *input; /* records x BENCH_SORT_REC random bytes */
    uint64_t checksum;    /* payload words read back: keeps the scan honest */
};

/* ose_sort_setup -- the base cell; see the header. */
void *ose_sort_setup(const struct bench_cfg *cfg, struct bench_err *err)
{
    struct oss_env *e = calloc(1, sizeof *e);

    if (!e) {
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    e->records = cfg->records;
    if (!(e->base = ose_setup(cfg, err))) {
        free(e);
        return NULL;
    }
    e->inst = ose_env_instance(e->base);
    return e;
}

/* ose_sort_teardown -- JetTerm (base teardown). */
int ose_sort_teardown(void *envp, struct bench_err *err)
{
    struct oss_env *e = envp;
    int rc = ose_teardown(e->base, err);

    free(e);
    return rc;
}

/* ose_sort_thread -- a session and this thread's input records. */
void *ose_sort_thread(void *envp, int tid, struct bench_err *err)
{
    struct oss_env *e = envp;
    struct oss_thr *t = calloc(1, sizeof *t);
    JET_ERR rc;

    if (!t || !(t->input = bench_sort_input(e->records, tid))) {
        free(t);
        bench_fail(err, "malloc", 0, "out of memory");
        return NULL;
    }
    t->e = e;
    if ((rc = JetBeginSession(e->inst, &t->ses, "", "")) != JET_errSuccess) {
        ose_fail(err, "JetBeginSession", rc);
        free(t->input);
        free(t);
        return NULL;
    }
    return t;
}

/* ose_sort_thread_end -- end the session, free the input. */
int ose_sort_thread_end(void *thr, struct bench_err *err)
{
    struct oss_thr *t = thr;
    JET_ERR rc = JetEndSession(t->ses, 0);

    free(t->input);
    free(t);
    return rc != JET_errSuccess ? ose_fail(err, "JetEndSession", rc) : 0;
}

/* fill -- insert every input record into the temp table. */
static int fill(struct oss_thr *t, JET_TABLEID tab, const JET_COLUMNID ids[2], struct bench_err *err)
{
    JET_ERR rc;

    for (uint64_t i = 0; i < t->e->records; i++) {
        const unsigned char *r = t->input + i * BENCH_SORT_REC;
        if ((rc = JetPrepareUpdate(t->ses, tab, JET_prepInsert)) != JET_errSuccess)
            return ose_fail(err, "JetPrepareUpdate(Insert)", rc);
        if ((rc = JetSetColumn(t->ses, tab, ids[0], r, BENCH_SORT_KEY, 0, NULL)) != JET_errSuccess)
            return ose_fail(err, "JetSetColumn(key)", rc);
        rc = JetSetColumn(t->ses, tab, ids[1], r + BENCH_SORT_KEY, BENCH_SORT_PAYLOAD, 0, NULL);
        if (rc != JET_errSuccess)
            return ose_fail(err, "JetSetColumn(payload)", rc);
        if ((rc = JetUpdate(t->ses, tab, NULL, 0, NULL)) != JET_errSuccess)
            return ose_fail(err, "JetUpdate", rc);
    }
    return 0;
}

/* drain -- the forward scan: every row's key and payload, in key order. */
static int drain(struct oss_thr *t, JET_TABLEID tab, const JET_COLUMNID ids[2],
                 struct bench_err *err)
{
    unsigned char key[2][BENCH_SORT_KEY], pay[BENCH_SORT_PAYLOAD];
    uint64_t rows = 0, sum = 0;
    JET_ERR rc;

    for (rc = JetMove(t->ses, tab, JET_MoveFirst, 0); rc == JET_errSuccess;
         rc = JetMove(t->ses, tab, JET_MoveNext, 0)) {
        unsigned char *k = key[rows & 1];
        uint32_t ck = 0, cp = 0;
        JET_ERR r2 = JetRetrieveColumn(t->ses, tab, ids[0], k, BENCH_SORT_KEY, &ck, 0, NULL);
        if (r2 != JET_errSuccess)
            return ose_fail(err, "JetRetrieveColumn(key)", r2);
        r2 = JetRetrieveColumn(t->ses, tab, ids[1], pay, sizeof pay, &cp, 0, NULL);
        if (r2 != JET_errSuccess)
            return ose_fail(err, "JetRetrieveColumn(payload)", r2);
        if (ck != BENCH_SORT_KEY || cp != BENCH_SORT_PAYLOAD)
            return bench_fail(err, "JetRetrieveColumn", (long)(ck + cp), "column of the wrong length");
        if (rows > 0 && memcmp(key[(rows - 1) & 1], k, BENCH_SORT_KEY) > 0)
            return bench_fail(err, "JetMove(Next)", 0, "rows out of key order");
        for (int w = 0; w < BENCH_SORT_PAYLOAD; w += 8) {
            uint64_t x;
            memcpy(&x, pay + w, 8);
            sum += x;
        }
        rows++;
    }
    if (rc != JET_errNoCurrentRecord)
        return ose_fail(err, "JetMove", rc);
    if (rows != t->e->records)
        return bench_fail(err, "JetMove", (long)rows, "scan saw another number of rows");
    t->checksum += sum;
    return 0;
}

/* ose_op_temp_sort -- one whole sort (n is 1: the runner's per_call unit). */
int ose_op_temp_sort(void *thr, uint32_t n, struct bench_err *err)
{
    struct oss_thr *t = thr;
    JET_COLUMNDEF cd[2] = {
        {sizeof(JET_COLUMNDEF), 0, JET_coltypBinary, 0, 0, 0, 0, BENCH_SORT_KEY, JET_bitColumnTTKey},
        {sizeof(JET_COLUMNDEF), 0, JET_coltypBinary, 0, 0, 0, 0, BENCH_SORT_PAYLOAD, 0}};

    for (uint32_t i = 0; i < n; i++) {
        JET_COLUMNID ids[2];
        JET_TABLEID tab;
        JET_ERR rc = JetOpenTempTable(t->ses, cd, 2, JET_bitTTForwardOnly, &tab, ids);
        int bad;
        if (rc != JET_errSuccess)
            return ose_fail(err, "JetOpenTempTable", rc);
        bad = fill(t, tab, ids, err) != 0 || drain(t, tab, ids, err) != 0;
        rc = JetCloseTable(t->ses, tab);
        if (bad)
            return -1;
        if (rc != JET_errSuccess)
            return ose_fail(err, "JetCloseTable", rc);
    }
    return 0;
}

/* bench_sort_per_call -- operations one temp-sort call counts: the records
 * of one sort (shared with the qsort row). */
uint64_t bench_sort_per_call(const struct bench_cfg *cfg)
{
    return cfg->records;
}
