/*
 * escrow_table.h -- the escrow unit tests' fixture: an instance, a database
 * and table "e" (id Long, the primary key; plain Long; cnt Long, escrow,
 * default 0) holding rows id = 1..rows, and a session with a cursor on it.
 * Each test file is an executable of its own, so the state below is each
 * file's own.
 */
#ifndef OPENESE_TESTS_ESCROW_TABLE_H
#define OPENESE_TESTS_ESCROW_TABLE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <unistd.h>

#include "esent.h"

static JET_INSTANCE g_inst;
static JET_COLUMNID g_id, g_cnt, g_plain;
static char g_path[64];

struct ses {
    JET_SESID s;
    JET_TABLEID t;
};

/* ses_open -- a session with the database open and a cursor on "e". */
static void ses_open(struct ses *x)
{
    JET_DBID db;
    cr_assert_eq(JetBeginSession(g_inst, &x->s, NULL, NULL), JET_errSuccess);
    cr_assert_eq(JetOpenDatabase(x->s, g_path, NULL, &db, 0), JET_errSuccess);
    cr_assert_eq(JetOpenTable(x->s, db, "e", NULL, 0, 0, &x->t), JET_errSuccess);
}

/* escrow_setup -- instance `name`, database `name`-<pid>.edb, table "e"
 * with rows 1..rows (cnt 0); JetTerm(g_inst) undoes it. */
static void escrow_setup(const char *name, int32_t rows)
{
    JET_SESID s;
    JET_TABLEID t;
    JET_DBID db;
    int32_t zero = 0;
    snprintf(g_path, sizeof g_path, "%s-%d.edb", name, (int)getpid());
    cr_assert_eq(JetCreateInstance(&g_inst, name), JET_errSuccess);
    cr_assert_eq(JetInit(&g_inst), JET_errSuccess);
    cr_assert_eq(JetBeginSession(g_inst, &s, NULL, NULL), JET_errSuccess);
    cr_assert_eq(JetCreateDatabase(s, g_path, NULL, &db, 0), JET_errSuccess);
    cr_assert_eq(JetCreateTable(s, db, "e", 0, 100, &t), JET_errSuccess);
    JET_COLUMNDEF cd = {.cbStruct = sizeof(cd), .coltyp = JET_coltypLong};
    cr_assert_eq(JetAddColumn(s, t, "id", &cd, NULL, 0, &g_id), JET_errSuccess);
    cr_assert_eq(JetAddColumn(s, t, "plain", &cd, NULL, 0, &g_plain), JET_errSuccess);
    cd.grbit = JET_bitColumnFixed | JET_bitColumnEscrowUpdate;
    cr_assert_eq(JetAddColumn(s, t, "cnt", &cd, &zero, 4, &g_cnt), JET_errSuccess);
    cr_assert_eq(JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100), JET_errSuccess);
    for (int32_t id = 1; id <= rows; id++) {
        cr_assert_eq(JetPrepareUpdate(s, t, JET_prepInsert), JET_errSuccess);
        cr_assert_eq(JetSetColumn(s, t, g_id, &id, 4, 0, NULL), JET_errSuccess);
        cr_assert_eq(JetUpdate(s, t, NULL, 0, NULL), JET_errSuccess);
    }
    cr_assert_eq(JetEndSession(s, 0), JET_errSuccess);
}

#endif
