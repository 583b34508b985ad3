/*
 * table_concurrent.c -- concurrent inserters, deleters, replacers, seekers
 * and scanners on one table through the public API (run under TSan by
 * `make test`). Checks: a primary scan never sees a key twice or out of
 * order; a secondary scan sees its keys in non-decreasing order; a seek GE
 * lands on a key >= the one asked for; every write returns only the codes
 * its races allow (KeyDuplicate, WriteConflict, RecordDeleted; an insert
 * can meet another transaction's uncommitted version of its key:
 * WriteConflict). Index fences (src/sync/omap.c, FENCE) start at 16
 * entries here, so the table's descents start from fence nodes that the
 * deleters remove and fences are rebuilt while the readers use them.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "esent.h"
#include "stress_util.h"
#include "sync/omap.h"

#define KEYS 2000
#define RUN_MS 2000

static JET_INSTANCE g_inst;
static char g_path[64];
static JET_COLUMNID g_id, g_grp;
static _Atomic int g_stop;
static _Atomic int g_bad;          /* first unexpected code, 0 if none */
static _Atomic long g_scans, g_writes;

static void bad(int code) { stress_flag(&g_bad, code); }

struct worker {
    int kind;
    uint64_t rng;
    JET_SESID s;
    JET_TABLEID t;
};

static uint32_t rnd(struct worker *w) { return stress_rnd(&w->rng); }

static int cur_id(struct worker *w, int32_t *id)
{
    return JetRetrieveColumn(w->s, w->t, g_id, id, 4, NULL, 0, NULL);
}

static void do_insert(struct worker *w)
{
    int32_t id = (int32_t)(rnd(w) % KEYS), grp = (int32_t)(rnd(w) % 16);
    if (JetPrepareUpdate(w->s, w->t, JET_prepInsert) < 0)
        return bad(-2);
    JetSetColumn(w->s, w->t, g_id, &id, 4, 0, NULL);
    JetSetColumn(w->s, w->t, g_grp, &grp, 4, 0, NULL);
    JET_ERR err = JetUpdate(w->s, w->t, NULL, 0, NULL);
    if (err < 0) {
        JetPrepareUpdate(w->s, w->t, JET_prepCancel);
        /* WriteConflict: the key's row is another write's, uncommitted
         * (the version store's first-writer-wins rule) */
        if (err != JET_errKeyDuplicate && err != JET_errWriteConflict)
            bad(err);
    }
    atomic_fetch_add_explicit(&g_writes, 1, memory_order_relaxed);
}

static int seek_ge(struct worker *w, int32_t k)
{
    JetMakeKey(w->s, w->t, &k, 4, JET_bitNewKey);
    JET_ERR err = JetSeek(w->s, w->t, JET_bitSeekGE);
    if (err < 0 && err != JET_errRecordNotFound)
        bad(err);
    return err >= 0;
}

static void do_delete(struct worker *w)
{
    if (!seek_ge(w, (int32_t)(rnd(w) % KEYS)))
        return;
    JET_ERR err = JetDelete(w->s, w->t);
    if (err < 0 && err != JET_errRecordDeleted && err != JET_errWriteConflict)
        bad(err);
    atomic_fetch_add_explicit(&g_writes, 1, memory_order_relaxed);
}

static void do_replace(struct worker *w)
{
    if (!seek_ge(w, (int32_t)(rnd(w) % KEYS)))
        return;
    JET_ERR err = JetPrepareUpdate(w->s, w->t, JET_prepReplace);
    if (err < 0) {
        if (err != JET_errRecordDeleted)
            bad(err);
        return;
    }
    int32_t grp = (int32_t)(rnd(w) % 16);
    JetSetColumn(w->s, w->t, g_grp, &grp, 4, 0, NULL);
    err = JetUpdate(w->s, w->t, NULL, 0, NULL);
    if (err < 0) {
        JetPrepareUpdate(w->s, w->t, JET_prepCancel);
        if (err != JET_errWriteConflict && err != JET_errRecordDeleted)
            bad(err);
    }
    atomic_fetch_add_explicit(&g_writes, 1, memory_order_relaxed);
}

static void do_seek(struct worker *w)
{
    int32_t k = (int32_t)(rnd(w) % KEYS), id;
    if (!seek_ge(w, k))
        return;
    JET_ERR err = cur_id(w, &id);
    if (err == JET_errSuccess && id < k)
        bad(-3);
    else if (err < 0 && err != JET_errRecordDeleted)
        bad(err);
}

static void do_scan(struct worker *w)
{
    int32_t last = -1, id;
    if (JetMove(w->s, w->t, JET_MoveFirst, 0) < 0)
        return;
    do {
        JET_ERR err = cur_id(w, &id);
        if (err == JET_errRecordDeleted)
            continue;
        if (err < 0)
            return bad(err);
        if (id <= last)
            return bad(-4); /* twice or out of order */
        last = id;
    } while (JetMove(w->s, w->t, JET_MoveNext, 0) == JET_errSuccess);
    atomic_fetch_add_explicit(&g_scans, 1, memory_order_relaxed);
}

static void do_scan_secondary(struct worker *w)
{
    int32_t last = -1, grp;
    if (JetMove(w->s, w->t, JET_MoveFirst, 0) < 0)
        return;
    do {
        unsigned char key[16];
        uint32_t cb;
        JET_ERR err = JetRetrieveKey(w->s, w->t, key, sizeof key, &cb, 0);
        if (err == JET_errRecordDeleted)
            continue;
        if (err < 0 || cb != 5)
            return bad(err ? err : -5);
        grp = (int32_t)(((uint32_t)key[1] << 24 | (uint32_t)key[2] << 16 | (uint32_t)key[3] << 8 | key[4]) ^ 0x80000000u);
        if (grp < last)
            return bad(-6);
        last = grp;
    } while (JetMove(w->s, w->t, JET_MoveNext, 0) == JET_errSuccess);
    atomic_fetch_add_explicit(&g_scans, 1, memory_order_relaxed);
}

static void *run(void *arg)
{
    struct worker *w = arg;
    JET_DBID db;
    if (JetBeginSession(g_inst, &w->s, NULL, NULL) < 0 ||
        JetOpenDatabase(w->s, g_path, NULL, &db, 0) < 0 ||
        JetOpenTable(w->s, db, "t", NULL, 0, 0, &w->t) < 0) {
        bad(-7);
        return NULL;
    }
    if (w->kind == 5 && JetSetCurrentIndex(w->s, w->t, "bygrp") < 0)
        bad(-8);
    while (!atomic_load_explicit(&g_stop, memory_order_relaxed)) {
        switch (w->kind) {
        case 0: do_insert(w); break;
        case 1: do_delete(w); break;
        case 2: do_replace(w); break;
        case 3: do_seek(w); break;
        case 4: do_scan(w); break;
        default: do_scan_secondary(w); break;
        }
    }
    JetEndSession(w->s, 0);
    return NULL;
}

Test(table_concurrent, writers_readers_scanners)
{
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    snprintf(g_path, sizeof g_path, "stress-%d.edb", (int)getpid());
    oe_omap_tune_fence(16, 16);
    cr_assert_eq(JetCreateInstance(&g_inst, "table-stress"), JET_errSuccess);
    cr_assert_eq(JetInit(&g_inst), JET_errSuccess);
    cr_assert_eq(JetBeginSession(g_inst, &s, NULL, NULL), JET_errSuccess);
    cr_assert_eq(JetCreateDatabase(s, g_path, NULL, &db, 0), JET_errSuccess);
    cr_assert_eq(JetCreateTable(s, db, "t", 0, 100, &t), JET_errSuccess);
    JET_COLUMNDEF cd = {sizeof(cd), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
    cr_assert_eq(JetAddColumn(s, t, "id", &cd, NULL, 0, &g_id), JET_errSuccess);
    cr_assert_eq(JetAddColumn(s, t, "grp", &cd, NULL, 0, &g_grp), JET_errSuccess);
    cr_assert_eq(JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100), JET_errSuccess);
    cr_assert_eq(JetCreateIndex(s, t, "bygrp", 0, "+grp\0", 6, 100), JET_errSuccess);

    enum { NW = 7 };
    static const int kinds[NW] = {0, 0, 1, 2, 3, 4, 5};
    struct worker w[NW];
    pthread_t th[NW];
    for (int i = 0; i < NW; i++) {
        w[i] = (struct worker){.kind = kinds[i], .rng = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1)};
        cr_assert_eq(pthread_create(&th[i], NULL, run, &w[i]), 0);
    }
    struct timespec ts = {RUN_MS / 1000, (RUN_MS % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    atomic_store(&g_stop, 1);
    for (int i = 0; i < NW; i++)
        pthread_join(th[i], NULL);
    cr_assert_eq(atomic_load(&g_bad), 0, "unexpected result %d", atomic_load(&g_bad));
    cr_expect_gt(atomic_load(&g_scans), 0);
    cr_expect_gt(atomic_load(&g_writes), 100);
    cr_assert_eq(JetTerm(g_inst), JET_errSuccess);
}
