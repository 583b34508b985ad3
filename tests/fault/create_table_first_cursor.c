/*
 * create_table_first_cursor.c -- JetCreateTable whose own cursor cannot be
 * made after the table was counted.
 *
 * JetCreateTable reserves the cursor it returns before it publishes the
 * table (catalog.c oe_cat_create_table_reserve): the reservation counts the
 * table among the instance's open tables (JET_paramMaxOpenTables), then
 * takes a cursor slot. In a fresh process the first cursor slot comes from a
 * slot chunk allocated on the spot, so an allocation failure there fails
 * the reservation after the table was counted: the table must leave the
 * counted list again (uncount_unpublished) before it is destroyed, or the
 * list keeps a freed table (a use-after-free under ASan at the next purge)
 * and a JET_paramMaxOpenTables place is lost.
 *
 * Each parameter N runs in its own process (Criterion forks per test), so
 * every run starts with no slot chunk; N = 0 .. NSITES-1 fails allocation N
 * of the JetCreateTable call, and the "count" test checks that the call makes
 * fewer than NSITES allocations, so the sweep reaches every site, the
 * chunk's included. After a failure: the call answered JET_errOutOfMemory
 * with JET_tableidNil, no table of that name exists, and both places of
 * JET_paramMaxOpenTables (2) are still there: two tables can be created
 * and kept open, the third is refused.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <unistd.h>

#include "esent.h"
#include "sync/alloc.h"

#define NSITES 48

static JET_INSTANCE open_instance(JET_SESID *ps, JET_DBID *pdb)
{
    JET_INSTANCE in;
    char path[64];
    snprintf(path, sizeof path, "ctfirst-%d.edb", (int)getpid());
    cr_assert_eq(JetCreateInstance(&in, "ctfirst"), JET_errSuccess);
    cr_assert_eq(JetSetSystemParameter(&in, 0, JET_paramMaxOpenTables, 2, NULL), JET_errSuccess);
    cr_assert_eq(JetInit(&in), JET_errSuccess);
    cr_assert_eq(JetBeginSession(in, ps, NULL, NULL), JET_errSuccess);
    cr_assert_eq(JetCreateDatabase(*ps, path, NULL, pdb, 0), JET_errSuccess);
    return in;
}

Test(create_table_first_cursor, count, .timeout = 30)
{
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    JET_INSTANCE in = open_instance(&s, &db);
    oe_alloc_count_start();
    cr_assert_eq(JetCreateTable(s, db, "x", 0, 100, &t), JET_errSuccess);
    uint64_t n = oe_alloc_attempts();
    oe_alloc_fail_reset();
    cr_log_info("JetCreateTable with the process's first cursor: %llu allocations",
                (unsigned long long)n);
    cr_assert_lt(n, NSITES, "the sweep below must reach every allocation (%llu)",
                 (unsigned long long)n);
    cr_assert_eq(JetTerm(in), JET_errSuccess);
}

ParameterizedTestParameters(create_table_first_cursor, fail_nth)
{
    static int n[NSITES];
    for (int i = 0; i < NSITES; i++)
        n[i] = i;
    return cr_make_param_array(int, n, NSITES);
}

ParameterizedTest(int *nth, create_table_first_cursor, fail_nth, .timeout = 30)
{
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t = 1, a, b, c;
    JET_INSTANCE in = open_instance(&s, &db);
    oe_alloc_fail_nth((uint64_t)*nth);
    JET_ERR e = JetCreateTable(s, db, "x", 0, 100, &t);
    oe_alloc_fail_reset();
    if (e == JET_errSuccess) {
        cr_assert_eq(JetCloseTable(s, t), JET_errSuccess);
        cr_assert_eq(JetDeleteTable(s, db, "x"), JET_errSuccess);
    } else {
        cr_assert_eq(e, JET_errOutOfMemory, "allocation %d: %d", *nth, (int)e);
        cr_assert_eq(t, JET_tableidNil);
        cr_assert_eq(JetOpenTable(s, db, "x", NULL, 0, 0, &a), JET_errObjectNotFound);
    }
    /* Both open-table places are free: two tables stay open, a third is refused. */
    cr_assert_eq(JetCreateTable(s, db, "a", 0, 100, &a), JET_errSuccess);
    cr_assert_eq(JetCreateTable(s, db, "b", 0, 100, &b), JET_errSuccess);
    cr_assert_eq(JetCreateTable(s, db, "c", 0, 100, &c), JET_errTooManyOpenTables);
    cr_assert_eq(JetCloseTable(s, a), JET_errSuccess);
    cr_assert_eq(JetCloseTable(s, b), JET_errSuccess);
    cr_assert_eq(JetTerm(in), JET_errSuccess);
}
