/*
 * test_table.c -- white-box property test of table.c: random insert,
 * delete, replace, seek and scan sequences on a hand-built table, compared
 * with a reference model (a sorted array), for the key order of every
 * indexable column type. The table has a primary index on column "k" of
 * the type under test, column "n" (Long) holding the model's index of the
 * value, and a non-unique secondary index on column "g" (Long, 0..6).
 * Every write is its own transaction of a hand-built session (no
 * instance: the version budget is not accounted), and readers use the
 * latest committed view.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/key.h"
#include "core/record.h"
#include "core/session.h"
#include "core/table.h"
#include "core/txn.h"
#include "core/verstore.h"
#include "sync/rcu.h"

#define NV 64 /* distinct values per type */

struct vals {
    JET_COLTYP t;
    uint8_t b[NV][8];   /* value bytes */
    uint32_t cb[NV];
};

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* make_vals -- NV distinct values of type t (strings: random over a small
 * alphabet that includes 0x00 and 0xff, lengths 1..8). */
static void make_vals(struct vals *v, JET_COLTYP t)
{
    v->t = t;
    for (int i = 0; i < NV; i++) {
        int64_t k = i - NV / 2;
        memset(v->b[i], 0, 8);
        switch (t) {
        case JET_coltypUnsignedByte: { uint8_t x = (uint8_t)(i * 3); memcpy(v->b[i], &x, 1); v->cb[i] = 1; break; }
        case JET_coltypShort: { int16_t x = (int16_t)(k * 901); memcpy(v->b[i], &x, 2); v->cb[i] = 2; break; }
        case JET_coltypUnsignedShort: { uint16_t x = (uint16_t)(i * 1000); memcpy(v->b[i], &x, 2); v->cb[i] = 2; break; }
        case JET_coltypLong: { int32_t x = (int32_t)(k * 60000001); memcpy(v->b[i], &x, 4); v->cb[i] = 4; break; }
        case JET_coltypUnsignedLong: { uint32_t x = (uint32_t)i * 60000001u; memcpy(v->b[i], &x, 4); v->cb[i] = 4; break; }
        case JET_coltypLongLong:
        case JET_coltypCurrency: { int64_t x = k * 123456789012345ll; memcpy(v->b[i], &x, 8); v->cb[i] = 8; break; }
        case JET_coltypUnsignedLongLong: { uint64_t x = (uint64_t)i * 0x0400000000000001ull; memcpy(v->b[i], &x, 8); v->cb[i] = 8; break; }
        case JET_coltypIEEESingle: { float x = (float)k / 3.0f; memcpy(v->b[i], &x, 4); v->cb[i] = 4; break; }
        case JET_coltypIEEEDouble:
        case JET_coltypDateTime: { double x = (double)k * 1e10 / 7.0; memcpy(v->b[i], &x, 8); v->cb[i] = 8; break; }
        default: { /* Text, Binary: distinct random strings */
            for (;;) {
                v->cb[i] = 1 + (uint32_t)(rnd() % 8);
                for (uint32_t j = 0; j < v->cb[i]; j++) {
                    static const uint8_t alpha[] = {0x00, 0x01, 'a', 'b', 0x7f, 0xff};
                    v->b[i][j] = alpha[rnd() % sizeof alpha];
                }
                int dup = 0;
                for (int j = 0; j < i; j++)
                    dup |= v->cb[j] == v->cb[i] && !memcmp(v->b[j], v->b[i], v->cb[i]);
                if (!dup)
                    break;
            }
        }
        }
    }
}

/* model_cmp -- the order ESE (and key.h) give values i and j. */
static int model_cmp(const struct vals *v, int i, int j)
{
    const uint8_t *a = v->b[i], *b = v->b[j];
    switch (v->t) {
    case JET_coltypUnsignedByte: return (int)a[0] - (int)b[0];
    case JET_coltypShort: { int16_t x, y; memcpy(&x, a, 2); memcpy(&y, b, 2); return (x > y) - (x < y); }
    case JET_coltypUnsignedShort: { uint16_t x, y; memcpy(&x, a, 2); memcpy(&y, b, 2); return (x > y) - (x < y); }
    case JET_coltypLong: { int32_t x, y; memcpy(&x, a, 4); memcpy(&y, b, 4); return (x > y) - (x < y); }
    case JET_coltypUnsignedLong: { uint32_t x, y; memcpy(&x, a, 4); memcpy(&y, b, 4); return (x > y) - (x < y); }
    case JET_coltypLongLong:
    case JET_coltypCurrency: { int64_t x, y; memcpy(&x, a, 8); memcpy(&y, b, 8); return (x > y) - (x < y); }
    case JET_coltypUnsignedLongLong: { uint64_t x, y; memcpy(&x, a, 8); memcpy(&y, b, 8); return (x > y) - (x < y); }
    case JET_coltypIEEESingle: { float x, y; memcpy(&x, a, 4); memcpy(&y, b, 4); return (x > y) - (x < y); }
    case JET_coltypIEEEDouble:
    case JET_coltypDateTime: { double x, y; memcpy(&x, a, 8); memcpy(&y, b, 8); return (x > y) - (x < y); }
    default: {
        uint32_t n = v->cb[i] < v->cb[j] ? v->cb[i] : v->cb[j];
        int c = memcmp(a, b, n);
        return c ? c : (int)v->cb[i] - (int)v->cb[j];
    }
    }
}

static struct oe_session g_ses; /* a hand-built session: levels and undo lists only */

/* latest -- the view of a reader outside any transaction. */
static struct oe_vs_view latest(void)
{
    struct oe_vs_view v = {oe_vs_clock_now(), NULL};
    return v;
}

/* the hand-built table */
struct fixture {
    struct oe_table t;
    struct oe_tdef def;
    struct oe_coldef col[3];
    struct oe_idxdef idx[2];
    const struct vals *v;
    int present[NV];
    int32_t g[NV];
};

static void idx_init(struct oe_idxdef *x, const char *name, JET_GRBIT grbit, JET_COLUMNID col,
                     JET_COLTYP t)
{
    memset(x, 0, sizeof(*x));
    strcpy(x->name, name);
    x->grbit = grbit;
    x->nseg = 1;
    x->seg[0].col = col;
    x->kdef.cseg = 1;
    x->kdef.rgseg[0].coltyp = t;
    cr_assert_eq(oe_key_def_prepare(&x->kdef), JET_errSuccess);
}

static void fixture_init(struct fixture *f, const struct vals *v)
{
    memset(f, 0, sizeof(*f));
    f->v = v;
    int var = v->t == JET_coltypText || v->t == JET_coltypBinary;
    f->col[0] = (struct oe_coldef){.id = var ? 128 : 1, .coltyp = v->t, .cp = 1252};
    strcpy(f->col[0].name, "k");
    f->col[1] = (struct oe_coldef){.id = 2, .coltyp = JET_coltypLong};
    strcpy(f->col[1].name, "n");
    f->col[2] = (struct oe_coldef){.id = 3, .coltyp = JET_coltypLong};
    strcpy(f->col[2].name, "g");
    if (var) { /* sorted by id: k (128) goes last */
        struct oe_coldef k = f->col[0];
        f->col[0] = f->col[1], f->col[1] = f->col[2], f->col[2] = k;
    }
    f->def.ncol = 3;
    f->def.col = f->col;
    f->def.nidx = 2;
    f->def.idx = f->idx;
    f->def.primary = 0;
    f->def.schema_version = 1;
    idx_init(&f->idx[0], "pk", JET_bitIndexPrimary | JET_bitIndexUnique, var ? 128 : 1, v->t);
    idx_init(&f->idx[1], "byg", 0, 3, JET_coltypLong);
    atomic_init(&f->t.def, &f->def);
    cr_assert_eq(oe_tab_create_storage(&f->t), JET_errSuccess);
    f->idx[0].store = f->t.primary;
    cr_assert_eq(oe_index_create(&f->idx[1].store), JET_errSuccess);
}

static void fixture_fini(struct fixture *f)
{
    oe_tab_free_storage(&f->t);
    oe_index_release(f->idx[1].store);
}

static const struct oe_coldef *col(struct fixture *f, const char *n)
{
    return oe_tdef_column_by_name(&f->def, n);
}

/* make_rec -- a record (k = value i, n = i, g). */
static struct oe_rec *make_rec(struct fixture *f, int i, int32_t g)
{
    struct oe_recbuf *b;
    struct oe_rec *r;
    int32_t n = i;
    cr_assert_eq(oe_recbuf_create(&f->def, NULL, &b), JET_errSuccess);
    cr_assert_eq(oe_recbuf_set(b, col(f, "k"), f->v->b[i], f->v->cb[i], 0, NULL), JET_errSuccess);
    cr_assert_eq(oe_recbuf_set(b, col(f, "n"), &n, 4, 0, NULL), JET_errSuccess);
    cr_assert_eq(oe_recbuf_set(b, col(f, "g"), &g, 4, 0, NULL), JET_errSuccess);
    cr_assert_eq(oe_recbuf_finish(b, &f->def, &r), JET_errSuccess);
    oe_recbuf_free(b);
    return r;
}

/* pkey -- the primary key of value i. */
static void pkey(struct fixture *f, int i, struct oe_key *k)
{
    oe_key_init(k, &f->idx[0].kdef);
    cr_assert_geq(oe_key_make(k, f->v->b[i], f->v->cb[i], JET_bitNewKey), 0);
}

static int rec_n(struct fixture *f, struct oe_ver *v)
{
    int32_t n = -1;
    uint32_t cb;
    cr_assert_eq(oe_rec_retrieve(v->rec, &f->def, col(f, "n"), &n, 4, &cb, 0, NULL), JET_errSuccess);
    return n;
}

/* check_scan -- every visible entry of index pos, in order, vs the model. */
static void check_scan(struct fixture *f, int32_t pos)
{
    int order[NV], m = 0;
    for (int i = 0; i < NV; i++)
        if (f->present[i])
            order[m++] = i;
    for (int a = 1; a < m; a++) /* insertion sort by (g if secondary, value) */
        for (int b = a; b > 0; b--) {
            int x = order[b - 1], y = order[b];
            int c = pos > 0 ? (f->g[x] > f->g[y]) - (f->g[x] < f->g[y]) : 0;
            if (!c)
                c = model_cmp(f->v, x, y);
            if (c <= 0)
                break;
            order[b - 1] = y, order[b] = x;
        }
    struct oe_omap_cursor *c = malloc(sizeof(*c));
    struct oe_tab_ix ix;
    int seen = 0;
    oe_rcu_read_lock();
    oe_tab_ix_resolve(&f->t, &f->def, pos, &ix);
    oe_omap_cursor_init(c, ix.map);
    for (struct oe_omap_entry *e = oe_omap_cursor_first(c); e; e = oe_omap_cursor_next(c)) {
        struct oe_vs_view view = latest();
        struct oe_ver *v = oe_tab_visible(&f->def, &ix, e, &view, NULL);
        if (!v)
            continue;
        cr_assert_lt(seen, m, "more entries than the model has");
        cr_assert_eq(rec_n(f, v), order[seen], "index %d position %d", pos, seen);
        seen++;
    }
    oe_rcu_read_unlock();
    cr_assert_eq(seen, m, "index %d: %d entries, model %d", pos, seen, m);
    free(c);
}

/* check_seek -- GE / LE seeks on the primary vs the model. */
static void check_seek(struct fixture *f, int i)
{
    int ge = -1, le = -1;
    for (int j = 0; j < NV; j++) {
        if (!f->present[j])
            continue;
        if (model_cmp(f->v, j, i) >= 0 && (ge < 0 || model_cmp(f->v, j, ge) < 0))
            ge = j;
        if (model_cmp(f->v, j, i) <= 0 && (le < 0 || model_cmp(f->v, j, le) > 0))
            le = j;
    }
    struct oe_key k;
    pkey(f, i, &k);
    oe_rcu_read_lock();
    struct oe_tab_ix ix;
    oe_tab_ix_resolve(&f->t, &f->def, -1, &ix);
    struct oe_omap_entry *e = oe_omap_seek(ix.map, k.rgb, k.cb, OE_OMAP_GE);
    struct oe_ver *v = NULL;
    struct oe_vs_view view = latest();
    while (e && !(v = oe_tab_visible(&f->def, &ix, e, &view, NULL))) {
        size_t cb;
        const void *kk = oe_omap_entry_key(e, &cb);
        e = oe_omap_seek(ix.map, kk, cb, OE_OMAP_GT);
    }
    cr_assert_eq(e ? rec_n(f, v) : -1, ge, "seek GE value %d", i);
    e = oe_omap_seek(ix.map, k.rgb, k.cb, OE_OMAP_LE);
    /* deleted rows keep their entry until the version store reaps them */
    while (e && !(v = oe_tab_visible(&f->def, &ix, e, &view, NULL))) {
        size_t cb;
        const void *kk = oe_omap_entry_key(e, &cb);
        e = oe_omap_seek(ix.map, kk, cb, OE_OMAP_LT);
    }
    cr_assert_eq(e ? rec_n(f, v) : -1, le, "seek LE value %d", i);
    oe_rcu_read_unlock();
}

static void run_type(JET_COLTYP t)
{
    static struct vals v;
    static struct fixture f;
    make_vals(&v, t);
    fixture_init(&f, &v);
    for (int step = 0; step < 1500; step++) {
        int i = (int)(rnd() % NV);
        int op = (int)(rnd() % 10);
        cr_assert_eq(oe_trx_begin(&g_ses, 0, 0), JET_errSuccess);
        oe_rcu_read_lock();
        const struct oe_tdef *def = oe_tab_def(&f.t);
        struct oe_vs_view view = latest();
        if (op < 5) { /* insert */
            int32_t g = (int32_t)(rnd() % 7);
            struct oe_rec *r = make_rec(&f, i, g);
            JET_ERR err = oe_tab_insert(&g_ses, &f.t, def, r, NULL); /* r is the table's */
            if (f.present[i]) {
                cr_assert_eq(err, JET_errKeyDuplicate, "type %u value %d", (unsigned)t, i);
            } else {
                cr_assert_eq(err, JET_errSuccess, "insert value %d: %d", i, err);
                f.present[i] = 1;
                f.g[i] = g;
            }
        } else if (op < 8) { /* delete */
            struct oe_key k;
            struct oe_ver *cur;
            pkey(&f, i, &k);
            struct oe_row *row = oe_tab_row_lookup(&f.t, k.rgb, k.cb, &view, &cur);
            cr_assert_eq(row != NULL, f.present[i] != 0, "lookup of value %d", i);
            if (row) {
                cr_assert_eq(oe_tab_delete(&g_ses, &f.t, def, row, 0), JET_errSuccess);
                cr_assert_eq(oe_tab_delete(&g_ses, &f.t, def, row, 0), JET_errRecordDeleted,
                             "own delete is visible to the transaction");
                f.present[i] = 0;
            }
        } else if (f.present[i]) { /* replace the secondary column */
            struct oe_key k;
            struct oe_ver *cur;
            pkey(&f, i, &k);
            struct oe_row *row = oe_tab_row_lookup(&f.t, k.rgb, k.cb, &view, &cur);
            cr_assert(row);
            int32_t g = (int32_t)(rnd() % 7);
            uint64_t before = atomic_load_explicit(&cur->commit_ts, memory_order_relaxed) - 1;
            cr_assert_eq(oe_tab_replace(&g_ses, &f.t, def, row, before, make_rec(&f, i, g)),
                         JET_errWriteConflict, "a snapshot older than the row's commit conflicts");
            cr_assert_eq(oe_tab_replace(&g_ses, &f.t, def, row, 0, make_rec(&f, i, g)),
                         JET_errSuccess);
            f.g[i] = g;
        }
        oe_rcu_read_unlock();
        cr_assert_eq(oe_trx_commit(&g_ses, 0, 0, NULL), JET_errSuccess);
        if (step % 50 == 0) {
            check_scan(&f, -1);
            check_scan(&f, 1);
            for (int j = 0; j < NV; j += 5)
                check_seek(&f, j);
        }
    }
    check_scan(&f, -1);
    check_scan(&f, 1);
    fixture_fini(&f);
}

Test(table, model_long) { run_type(JET_coltypLong); }
Test(table, model_short) { run_type(JET_coltypShort); }
Test(table, model_unsigned_byte) { run_type(JET_coltypUnsignedByte); }
Test(table, model_unsigned_short) { run_type(JET_coltypUnsignedShort); }
Test(table, model_unsigned_long) { run_type(JET_coltypUnsignedLong); }
Test(table, model_long_long) { run_type(JET_coltypLongLong); }
Test(table, model_unsigned_long_long) { run_type(JET_coltypUnsignedLongLong); }
Test(table, model_currency) { run_type(JET_coltypCurrency); }
Test(table, model_ieee_single) { run_type(JET_coltypIEEESingle); }
Test(table, model_ieee_double) { run_type(JET_coltypIEEEDouble); }
Test(table, model_datetime) { run_type(JET_coltypDateTime); }
Test(table, model_text) { run_type(JET_coltypText); }
Test(table, model_binary) { run_type(JET_coltypBinary); }
