/*
 * test_cursor_index_change.c -- a cursor that is open while its table's
 * schema changes under it (found by the fault-injection driver): a primary
 * index created on the empty table becomes the cursor's clustered index.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "esent.h"

Test(cursor_index_change, primary_created_while_cursor_open)
{
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    JET_COLUMNID id;
    char path[64], nm[JET_cbNameMost + 1];
    snprintf(path, sizeof path, "idxchg-%d.edb", (int)getpid());
    cr_assert_eq(JetCreateInstance(&inst, path), JET_errSuccess);
    cr_assert_eq(JetInit(&inst), JET_errSuccess);
    cr_assert_eq(JetBeginSession(inst, &s, NULL, NULL), JET_errSuccess);
    cr_assert_eq(JetCreateDatabase(s, path, NULL, &db, 0), JET_errSuccess);
    cr_assert_eq(JetCreateTable(s, db, "t", 0, 100, &t), JET_errSuccess);
    JET_COLUMNDEF cd = {sizeof(cd), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0};
    cr_assert_eq(JetAddColumn(s, t, "id", &cd, NULL, 0, &id), JET_errSuccess);
    cr_assert_eq(JetCreateIndex(s, t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100), JET_errSuccess);

    cr_assert_eq(JetSetCurrentIndex(s, t, "pk"), JET_errSuccess);
    cr_assert_eq(JetGetCurrentIndex(s, t, nm, sizeof nm), JET_errSuccess);
    cr_assert_str_eq(nm, "pk", "the open cursor still names the sequential index");
    int32_t v = 7;
    cr_assert_eq(JetMakeKey(s, t, &v, sizeof v, JET_bitNewKey), JET_errSuccess);

    cr_assert_eq(JetBeginTransaction(s), JET_errSuccess);
    cr_assert_eq(JetPrepareUpdate(s, t, JET_prepInsert), JET_errSuccess);
    cr_assert_eq(JetSetColumn(s, t, id, &v, sizeof v, 0, NULL), JET_errSuccess);
    cr_assert_eq(JetUpdate(s, t, NULL, 0, NULL), JET_errSuccess);
    cr_assert_eq(JetCommitTransaction(s, 0), JET_errSuccess);
    cr_assert_eq(JetMakeKey(s, t, &v, sizeof v, JET_bitNewKey), JET_errSuccess);
    cr_assert_eq(JetSeek(s, t, JET_bitSeekEQ), JET_errSuccess);
    int32_t got = 0;
    cr_assert_eq(JetRetrieveColumn(s, t, id, &got, sizeof got, NULL, 0, NULL), JET_errSuccess);
    cr_assert_eq(got, 7);
    cr_assert_eq(JetEndSession(s, 0), JET_errSuccess);
    cr_assert_eq(JetTerm(inst), JET_errSuccess);
}
