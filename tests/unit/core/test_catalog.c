/*
 * test_catalog.c -- white-box tests of catalog.c / database.c: names,
 * descriptor republish, DDL validation codes, lock-free lookups while DDL
 * runs, allocation-failure sweeps, and a JetTerm that frees everything.
 *
 * These tests drive the core (oe_db_*, oe_cat_*) directly on an instance
 * made with oe_ins_create/oe_ins_init, so no cursor is involved.
 */
#include <criterion/criterion.h>

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/catalog.h"
#include "core/instance.h"
#include "core/table.h"
#include "sync/alloc.h"
#include "sync/rcu.h"

static JET_INSTANCE g_inst;
static struct oe_instance *g_ins;
static struct oe_db *g_db;

static void setup(void)
{
    char name[64];
    snprintf(name, sizeof name, "cat-%d", (int)getpid());
    cr_assert_eq(oe_ins_create(&g_inst, name, NULL, 0), 0);
    cr_assert_eq(oe_ins_init(&g_inst, 0, 0), 0);
    oe_rcu_read_lock();
    g_ins = oe_ins_lookup_rcu(g_inst);
    oe_rcu_read_unlock();
    cr_assert_not_null(g_ins);
    cr_assert_eq(oe_db_create(g_ins, "cat.edb", 0, &g_db), 0);
}

static void teardown(void)
{
    cr_assert_eq(oe_ins_term(g_inst, 0), 0);
}

TestSuite(catalog, .init = setup, .fini = teardown);

#define COL(n, t, g) {n, t, 0, g, NULL, 0, 0}

static struct oe_table *make_table(const char *name)
{
    struct oe_colspec cols[] = {COL("id", JET_coltypLong, 0), COL("name", JET_coltypText, 0),
                                COL("tags", JET_coltypText, JET_bitColumnTagged | JET_bitColumnMultiValued)};
    struct oe_idxspec idx[] = {{"pk", "+id\0", 5, JET_bitIndexPrimary, 0, 0, 0, 0, 0},
                               {"byname", "-name\0+id\0", 11, 0, 0, 0, 0, 0, 0}};
    JET_COLUMNID ids[3];
    uint32_t created = 0;
    struct oe_table *t;
    JET_ERR colerr[3] = {0}, idxerr[2] = {0};
    JET_ERR e = oe_cat_create_table(g_db, name, 0, cols, 3, ids, colerr, idx, 2, idxerr, &created, &t);
    cr_assert_eq(e, 0, "create %s: %d (cols %d %d %d, idx %d %d)", name, e, colerr[0], colerr[1], colerr[2], idxerr[0], idxerr[1]);
    cr_assert_eq(created, 6);
    cr_assert_eq(ids[0], OE_COLID_FIXED_FIRST);
    cr_assert_eq(ids[1], OE_COLID_VAR_FIRST);
    cr_assert_eq(ids[2], OE_COLID_TAGGED_FIRST);
    return t;
}

Test(catalog, names)
{
    char out[OE_NAME_MAX + 1];
    char longname[OE_NAME_MAX + 2];
    memset(longname, 'a', sizeof longname);
    longname[OE_NAME_MAX + 1] = 0;
    cr_expect_eq(oe_cat_check_name("Orders", out), 0);
    cr_expect_eq(oe_cat_check_name("trail   ", out), 0);
    cr_expect_str_eq(out, "trail");
    cr_expect_eq(oe_cat_check_name("", out), JET_errInvalidName);
    cr_expect_eq(oe_cat_check_name(" lead", out), JET_errInvalidName);
    cr_expect_eq(oe_cat_check_name("a.b", out), JET_errInvalidName);
    cr_expect_eq(oe_cat_check_name("a!b", out), JET_errInvalidName);
    cr_expect_eq(oe_cat_check_name("a[b]", out), JET_errInvalidName);
    cr_expect_eq(oe_cat_check_name("a\tb", out), JET_errInvalidName);
    cr_expect_eq(oe_cat_check_name(longname, out), JET_errInvalidName);
    longname[OE_NAME_MAX] = 0;
    cr_expect_eq(oe_cat_check_name(longname, out), 0);
    cr_expect_eq(oe_cat_check_name("caf\xc3\xa9", out), 0); /* bytes >= 0x80 are allowed */
    cr_expect_eq(oe_cat_name_cmp("ABC", "abc"), 0);
    cr_expect_lt(oe_cat_name_cmp("abc", "abd"), 0);
}

Test(catalog, create_lookup_and_duplicates)
{
    struct oe_table *t = make_table("T1"), *t2;
    oe_rcu_read_lock();
    cr_expect_eq(oe_db_find_table(g_db, "t1"), t);
    cr_expect_null(oe_db_find_table(g_db, "t2"));
    struct oe_tdef *d = oe_tab_def(t);
    cr_expect_eq(d->ncol, 3);
    cr_expect_eq(d->nidx, 2);
    cr_expect_eq(d->primary, 0);
    cr_expect(d->idx[0].grbit & JET_bitIndexUnique);
    cr_expect_eq(d->idx[1].nseg, 2);
    cr_expect_eq(d->idx[1].seg[0].descending, 1);
    cr_expect_eq(d->idx[1].kdef.cbKeyMost, JET_cbKeyMostMin);
    oe_rcu_read_unlock();
    cr_expect_eq(oe_cat_create_table(g_db, "t1", 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, &t2),
                 JET_errTableDuplicate);
    for (int i = 0; i < 20; i++) { /* the snapshot stays sorted */
        char nm[16];
        snprintf(nm, sizeof nm, "z%02d", 19 - i);
        cr_assert_eq(oe_cat_create_table(g_db, nm, 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, &t2), 0);
    }
    oe_rcu_read_lock();
    struct oe_tabset *ts = rcu_dereference(g_db->by_name);
    cr_expect_eq(ts->n, 21);
    for (uint32_t i = 1; i < ts->n; i++)
        cr_expect_lt(oe_cat_name_cmp(ts->t[i - 1]->name, ts->t[i]->name), 0);
    oe_rcu_read_unlock();
    cr_expect_eq(oe_cat_delete_table(g_db, "z05", NULL), 0);
    cr_expect_eq(oe_cat_delete_table(g_db, "z05", NULL), JET_errObjectNotFound);
    oe_rcu_read_lock();
    cr_expect_null(oe_db_find_table(g_db, "z05"));
    cr_expect_not_null(oe_db_find_table(g_db, "z06"));
    oe_rcu_read_unlock();
}

Test(catalog, republish_keeps_old_snapshot)
{
    struct oe_table *t = make_table("t");
    JET_COLUMNID id;
    oe_rcu_read_lock();
    struct oe_tdef *old = oe_tab_def(t);
    uint32_t v = old->schema_version;
    struct oe_colspec c = {"extra", JET_coltypLongLong, 0, 0, NULL, 0, 0};
    /* DDL in another thread would block in synchronize only for CreateIndex;
     * AddColumn just retires the old descriptor: it must stay readable here. */
    cr_assert_eq(oe_cat_add_column(t, &c, &id), 0);
    struct oe_tdef *now = oe_tab_def(t);
    cr_expect_neq(now, old);
    cr_expect_eq(old->ncol, 3);
    cr_expect_eq(now->ncol, 4);
    cr_expect_eq(now->schema_version, v + 1);
    cr_expect_eq(id, OE_COLID_FIXED_FIRST + 1);
    for (uint32_t i = 1; i < now->ncol; i++)
        cr_expect_lt(now->col[i - 1].id, now->col[i].id);
    cr_expect_eq(now->idx[1].store, old->idx[1].store); /* storage is shared */
    oe_rcu_read_unlock();
    cr_expect_eq(oe_cat_delete_column(t, "EXTRA"), 0);
    cr_expect_eq(oe_cat_delete_column(t, "extra"), JET_errColumnNotFound);
    cr_expect_eq(oe_cat_add_column(t, &c, &id), 0);
    cr_expect_eq(id, OE_COLID_FIXED_FIRST + 2); /* ids are not reused */
}

Test(catalog, column_validation)
{
    struct oe_table *t = make_table("t");
    JET_COLUMNID id;
    struct {
        struct oe_colspec c;
        JET_ERR want;
    } cases[] = {
        {{"id", JET_coltypLong, 0, 0, NULL, 0, 0}, JET_errColumnDuplicate},
        {{"bad.name", JET_coltypLong, 0, 0, NULL, 0, 0}, JET_errInvalidName},
        {{"c", 0, 0, 0, NULL, 0, 0}, JET_errInvalidColumnType},
        {{"c", 13, 0, 0, NULL, 0, 0}, JET_errInvalidColumnType},
        {{"c", 19, 0, 0, NULL, 0, 0}, JET_errInvalidColumnType},
        {{"c", JET_coltypLong, 0, JET_bitColumnMultiValued, NULL, 0, 0}, JET_errMultiValuedColumnMustBeTagged},
        {{"c", JET_coltypLong, 0, JET_bitColumnFixed | JET_bitColumnTagged, NULL, 0, 0}, JET_errInvalidGrbit},
        {{"c", JET_coltypLongText, 0, JET_bitColumnFixed, NULL, 0, 0}, JET_errInvalidGrbit},
        {{"c", JET_coltypText, 0, JET_bitColumnAutoincrement, NULL, 0, 0}, JET_errInvalidGrbit},
        {{"c", JET_coltypLong, 0, JET_bitColumnAutoincrement | JET_bitColumnTagged, NULL, 0, 0}, JET_errCannotBeTagged},
        {{"c", JET_coltypLong, 0, JET_bitColumnTagged | JET_bitColumnNotNULL, NULL, 0, 0}, JET_errTaggedNotNULL},
        {{"c", JET_coltypText, 0, 0, NULL, 0, 437}, JET_errInvalidCodePage},
        {{"c", JET_coltypLong, 0, 0x40000000, NULL, 0, 0}, JET_errInvalidGrbit},
        {{"c", JET_coltypLong, 0, 0, NULL, 4, 0}, JET_errInvalidParameter},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(oe_cat_add_column(t, &cases[i].c, &id), cases[i].want, "case %zu", i);
    struct oe_colspec ai = {"n", JET_coltypCurrency, 0, JET_bitColumnAutoincrement, NULL, 0, 0};
    cr_expect_eq(oe_cat_add_column(t, &ai, &id), 0);
    ai.name = "n2";
    ai.coltyp = JET_coltypLong;
    cr_expect_eq(oe_cat_add_column(t, &ai, &id), JET_errColumnRedundant);
    struct oe_colspec wide = {"w", JET_coltypBinary, 1000, 0, NULL, 0, 0};
    cr_expect_eq(oe_cat_add_column(t, &wide, &id), JET_wrnColumnMaxTruncated);
    oe_rcu_read_lock();
    cr_expect_eq(oe_tdef_column(oe_tab_def(t), id)->cbMax, JET_cbColumnMost);
    oe_rcu_read_unlock();
    /* 127 fixed columns at most */
    JET_ERR err = 0;
    for (int i = 0; i < 200 && err >= 0; i++) {
        char nm[16];
        snprintf(nm, sizeof nm, "f%d", i);
        struct oe_colspec f = {nm, JET_coltypShort, 0, 0, NULL, 0, 0};
        err = oe_cat_add_column(t, &f, &id);
    }
    cr_expect_eq(err, JET_errTooManyColumns);
    oe_rcu_read_lock();
    cr_expect_eq(oe_tab_def(t)->next_fixed, OE_COLID_FIXED_LAST + 1);
    oe_rcu_read_unlock();
}

Test(catalog, index_validation)
{
    struct oe_table *t = make_table("t");
    struct {
        struct oe_idxspec x;
        JET_ERR want;
    } cases[] = {
        {{"byname", "+id\0", 5, 0, 0, 0, 0, 0, 0}, JET_errIndexDuplicate},
        {{"i", "+nosuch\0", 9, 0, 0, 0, 0, 0, 0}, JET_errColumnNotFound},
        {{"i", "+id\0", 5, JET_bitIndexPrimary, 0, 0, 0, 0, 0}, JET_errIndexHasPrimary},
        {{"i", "\0", 2, 0, 0, 0, 0, 0, 0}, JET_errIndexInvalidDef},
        {{"i", "+id", 3, 0, 0, 0, 0, 0, 0}, JET_errIndexInvalidDef},
        {{"i", "+id\0+id\0", 9, 0, 0, 0, 0, 0, 0}, JET_errIndexInvalidDef},
        {{"i", "+id\0", 5, 0, 5, 0, 0, 0, 0}, JET_errDensityInvalid},
        {{"i", "+id\0", 5, JET_bitIndexKeyMost, 0, 0, 0, 5000, 0}, JET_errInvalidParameter},
        {{"i", "+id\0", 5, 0, 0, 0, 0, 0, 1}, JET_errFeatureNotAvailable},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        JET_ERR e = 1;
        cr_expect_eq(oe_cat_create_indexes(t, &cases[i].x, 1, &e), cases[i].want, "case %zu", i);
        cr_expect_eq(e, cases[i].want, "case %zu", i);
    }
    /* 17 segments */
    struct oe_colspec c;
    char key[17 * 8];
    uint32_t off = 0, off16 = 0;
    for (int i = 0; i < 17; i++) {
        char nm[8];
        if (i == 16)
            off16 = off; /* where the 17th segment starts */
        snprintf(nm, sizeof nm, "s%d", i);
        c = (struct oe_colspec){nm, JET_coltypLong, 0, 0, NULL, 0, 0};
        cr_assert_eq(oe_cat_add_column(t, &c, NULL), 0);
        off += (uint32_t)sprintf(key + off, "+%s", nm) + 1;
    }
    key[off++] = 0;
    struct oe_idxspec big = {"big", key, off, 0, 0, 0, 0, 0, 0};
    cr_expect_eq(oe_cat_create_indexes(t, &big, 1, NULL), JET_errIndexInvalidDef);
    key[off16] = 0; /* end the string after 16 segments */
    big.cbKey = off16 + 1;
    cr_expect_eq(oe_cat_create_indexes(t, &big, 1, NULL), 0); /* 16 is the limit */
    /* all or none */
    struct oe_idxspec two[] = {{"ok1", "+name\0", 7, JET_bitIndexUnique, 0, 0, 0, 0, 0},
                               {"bad", "+zz\0", 5, 0, 0, 0, 0, 0, 0}};
    cr_expect_eq(oe_cat_create_indexes(t, two, 2, NULL), JET_errColumnNotFound);
    oe_rcu_read_lock();
    cr_expect_null(oe_tdef_index(oe_tab_def(t), "ok1"));
    oe_rcu_read_unlock();
    cr_expect_eq(oe_cat_delete_index(t, "pk"), JET_errIndexMustStay);
    cr_expect_eq(oe_cat_delete_index(t, "nope"), JET_errIndexNotFound);
    cr_expect_eq(oe_cat_delete_column(t, "name"), JET_errColumnInUse);
    cr_expect_eq(oe_cat_delete_index(t, "byname"), 0);
    cr_expect_eq(oe_cat_delete_column(t, "name"), 0);
}

Test(catalog, fixed_ddl_and_read_only)
{
    struct oe_table *t;
    cr_assert_eq(oe_cat_create_table(g_db, "fixed", JET_bitTableCreateFixedDDL, NULL, 0, NULL, NULL, NULL,
                                     0, NULL, NULL, &t), 0);
    struct oe_colspec c = {"c", JET_coltypLong, 0, 0, NULL, 0, 0};
    cr_expect_eq(oe_cat_add_column(t, &c, NULL), JET_errFixedDDL);
    struct oe_db *ro;
    cr_assert_eq(oe_db_create(g_ins, "ro.edb", 0, &ro), 0);
    cr_assert_eq(oe_db_detach(g_ins, "ro.edb"), 0);
    cr_expect_eq(oe_db_attach(g_ins, "ro.edb", JET_bitDbReadOnly, &ro), 0);
    cr_expect_eq(oe_db_attach(g_ins, "ro.edb", 0, &ro), JET_wrnDatabaseAttached);
    cr_expect(oe_db_read_only(ro));
    cr_expect_eq(oe_cat_create_table(ro, "x", 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, &t),
                 JET_errPermissionDenied);
    cr_expect_eq(oe_db_attach(g_ins, "never.edb", 0, &ro), JET_errFileNotFound);
    cr_expect_eq(oe_db_create(g_ins, "cat.edb", 0, &ro), JET_errDatabaseDuplicate);
    cr_expect_eq(oe_db_detach(g_ins, "never.edb"), JET_errDatabaseNotFound);
}

/* ---- concurrent lookups while DDL runs ---- */
static _Atomic int g_stop;
static _Atomic long g_bad;
static _Atomic int g_readers_running; /* readers that finished one lookup */

static void *reader(void *arg)
{
    (void)arg;
    long n = 0;
    while (!atomic_load_explicit(&g_stop, memory_order_acquire)) {
        oe_rcu_read_lock();
        struct oe_table *t = oe_db_find_table(g_db, "hot");
        if (t) {
            struct oe_tdef *d = oe_tab_def(t);
            for (uint32_t i = 1; i < d->ncol; i++)
                if (d->col[i - 1].id >= d->col[i].id || !d->col[i].name[0])
                    atomic_fetch_add(&g_bad, 1);
            if (d->primary < 0 || !oe_tdef_column_by_name(d, "id"))
                atomic_fetch_add(&g_bad, 1);
        } else {
            atomic_fetch_add(&g_bad, 1);
        }
        oe_rcu_read_unlock();
        if (n++ == 0)
            atomic_fetch_add_explicit(&g_readers_running, 1, memory_order_release);
    }
    return (void *)n;
}

Test(catalog, lookups_during_ddl)
{
    struct oe_table *t = make_table("hot");
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, reader, NULL);
    /* On a loaded machine the readers may not run before the DDL is done:
     * start the DDL only once both are looking tables up. */
    while (atomic_load_explicit(&g_readers_running, memory_order_acquire) < 2)
        sched_yield();
    for (int round = 0; round < 100; round++) {
        char nm[16];
        snprintf(nm, sizeof nm, "c%d", round);
        struct oe_colspec c = {nm, JET_coltypText, 0, 0, NULL, 0, 0};
        cr_assert_eq(oe_cat_add_column(t, &c, NULL), 0);
        struct oe_table *other;
        snprintf(nm, sizeof nm, "o%d", round);
        cr_assert_eq(oe_cat_create_table(g_db, nm, 0, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL, &other), 0);
        if (round % 2)
            cr_assert_eq(oe_cat_delete_table(g_db, nm, NULL), 0);
    }
    atomic_store_explicit(&g_stop, 1, memory_order_release);
    long total = 0;
    for (int i = 0; i < 2; i++) {
        void *r;
        pthread_join(th[i], &r);
        total += (long)r;
    }
    cr_expect_eq(atomic_load(&g_bad), 0);
    cr_expect_gt(total, 0);
}

/* ---- allocation failure sweeps ---- */

/* sweep -- run op with the n-th allocation failing, n = 0, 1, ...: every
 * run must fail with OutOfMemory (leaving no block behind and the catalog
 * unchanged) until one succeeds. */
static void sweep(const char *what, JET_ERR (*op)(void), void (*undo)(void), int (*unchanged)(void))
{
    for (uint64_t n = 0; n < 10000; n++) {
        oe_rcu_barrier();
        int64_t before = oe_alloc_live_blocks();
        oe_alloc_fail_nth(n);
        JET_ERR err = op();
        oe_alloc_fail_reset();
        if (err >= 0) {
            cr_expect_gt(n, 0, "%s: no allocation at all?", what);
            undo();
            oe_rcu_barrier();
            oe_rcu_barrier();
            cr_expect_eq(oe_alloc_live_blocks(), before, "%s: leak after undo", what);
            return;
        }
        cr_assert_eq(err, JET_errOutOfMemory, "%s: n=%llu got %d", what, (unsigned long long)n, err);
        cr_assert(unchanged(), "%s: catalog changed by a failed call (n=%llu)", what, (unsigned long long)n);
        oe_rcu_barrier();
        oe_rcu_barrier();
        cr_assert_eq(oe_alloc_live_blocks(), before, "%s: leak at n=%llu", what, (unsigned long long)n);
    }
    cr_assert_fail("%s never succeeded", what);
}

static struct oe_table *g_t;

static JET_ERR op_create(void)
{
    struct oe_colspec cols[] = {{"a", JET_coltypLong, 0, 0, NULL, 0, 0},
                                {"b", JET_coltypText, 0, 0, "dflt", 4, 0},
                                {"c", JET_coltypLongBinary, 0, 0, NULL, 0, 0}};
    struct oe_idxspec idx[] = {{"pk", "+a\0", 4, JET_bitIndexPrimary, 0, 0, 0, 0, 0},
                               {"ib", "+b\0-a\0", 7, 0, 0, 0, 0, 0, 0}};
    struct oe_table *t;
    return oe_cat_create_table(g_db, "swept", 0, cols, 3, NULL, NULL, idx, 2, NULL, NULL, &t);
}
static void undo_create(void) { cr_assert_eq(oe_cat_delete_table(g_db, "swept", NULL), 0); }
static int no_swept(void)
{
    oe_rcu_read_lock();
    int r = oe_db_find_table(g_db, "swept") == NULL;
    oe_rcu_read_unlock();
    return r;
}

static uint32_t g_version;
static JET_ERR op_add(void)
{
    struct oe_colspec c = {"added", JET_coltypBinary, 10, 0, "xy", 2, 0};
    return oe_cat_add_column(g_t, &c, NULL);
}
static void undo_add(void) { cr_assert_eq(oe_cat_delete_column(g_t, "added"), 0); }
static int same_version(void)
{
    oe_rcu_read_lock();
    int r = oe_tab_def(g_t)->schema_version == g_version;
    oe_rcu_read_unlock();
    return r;
}

static JET_ERR op_index(void)
{
    struct oe_idxspec x = {"ix", "+name\0-id\0", 11, JET_bitIndexUnique, 0, 0, 0, 0, 0};
    return oe_cat_create_indexes(g_t, &x, 1, NULL);
}
static void undo_index(void) { cr_assert_eq(oe_cat_delete_index(g_t, "ix"), 0); }
static int no_ix(void)
{
    oe_rcu_read_lock();
    int r = oe_tdef_index(oe_tab_def(g_t), "ix") == NULL;
    oe_rcu_read_unlock();
    return r;
}

Test(catalog, oom_sweeps)
{
    g_t = make_table("base");
    sweep("CreateTableColumnIndex", op_create, undo_create, no_swept);
    oe_rcu_read_lock();
    g_version = oe_tab_def(g_t)->schema_version;
    oe_rcu_read_unlock();
    sweep("AddColumn", op_add, undo_add, same_version);
    sweep("CreateIndex", op_index, undo_index, no_ix);
}

/* JetTerm frees every database, table and descriptor. */
Test(catalog_term, frees_everything)
{
    /* Warm up process-lifetime state (slot table, caches) with one
     * instance lifetime, then measure a second one. */
    JET_INSTANCE warm;
    cr_assert_eq(oe_ins_create(&warm, "catwarm", NULL, 0), 0);
    cr_assert_eq(oe_ins_init(&warm, 0, 0), 0);
    cr_assert_eq(oe_ins_term(warm, 0), 0);
    oe_rcu_barrier();
    int64_t base = oe_alloc_live_blocks();
    char name[64];
    snprintf(name, sizeof name, "catterm-%d", (int)getpid());
    JET_INSTANCE inst;
    cr_assert_eq(oe_ins_create(&inst, name, NULL, 0), 0);
    cr_assert_eq(oe_ins_init(&inst, 0, 0), 0);
    oe_rcu_read_lock();
    struct oe_instance *ins = oe_ins_lookup_rcu(inst);
    oe_rcu_read_unlock();
    for (int d = 0; d < 3; d++) {
        char path[32];
        snprintf(path, sizeof path, "db%d.edb", d);
        cr_assert_eq(oe_db_create(ins, path, 0, &g_db), 0);
        for (int i = 0; i < 5; i++) {
            char tn[16];
            snprintf(tn, sizeof tn, "t%d", i);
            struct oe_table *t = make_table(tn);
            struct oe_colspec c = {"x", JET_coltypLong, 0, 0, "\1\0\0\0", 4, 0};
            cr_assert_eq(oe_cat_add_column(t, &c, NULL), 0);
        }
        cr_assert_eq(oe_cat_delete_table(g_db, "t3", NULL), 0);
        if (d == 1)
            cr_assert_eq(oe_db_detach(ins, path), 0); /* detached data is freed too */
    }
    cr_assert_eq(oe_ins_term(inst, 0), 0);
    oe_rcu_barrier();
    cr_expect_eq(oe_alloc_live_blocks(), base, "live %lld, base %lld", (long long)oe_alloc_live_blocks(), (long long)base);
}
