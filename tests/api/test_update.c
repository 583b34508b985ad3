/*
 * test_update.c -- JetPrepareUpdate (Insert, Replace, ReplaceNoLock,
 * Cancel, InsertCopy), JetSetColumn/s, JetUpdate/2 (bookmark out,
 * KeyDuplicate, RecordPrimaryChanged, WriteConflict), JetRetrieveColumn/s
 * (RetrieveCopy, RetrieveFromIndex, buffer too small, NULL), JetDelete,
 * read-only cursors and read-only transactions. Only esent.h.
 */
#include "table_fixture.h"


Test(update, prepare_state_machine)
{
    struct fx f;
    fx_open(&f, "upd-prep");
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepCancel), JET_errUpdateNotPrepared);
    API_CHECK(JetUpdate(f.ses, f.tab, NULL, 0, NULL), JET_errUpdateNotPrepared);
    int32_t id = 1;
    API_CHECK(JetSetColumn(f.ses, f.tab, f.id, &id, 4, 0, NULL), JET_errUpdateNotPrepared);
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepReplace), JET_errNoCurrentRecord);
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepInsertCopy), JET_errNoCurrentRecord);
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, 77), JET_errInvalidParameter);
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepInsert), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepInsert), JET_errAlreadyPrepared);
    API_CHECK(JetSetColumn(f.ses, f.tab, 9999, &id, 4, 0, NULL), JET_errColumnNotFound);
    API_CHECK(JetSetColumn(f.ses, f.tab, f.id, &id, 2, 0, NULL), JET_errInvalidBufferSize);
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepCancel), JET_errSuccess);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveFirst, 0), JET_errNoCurrentRecord);
    fx_close(&f);
}

Test(update, insert_bookmark_retrieve)
{
    struct fx f;
    fx_open(&f, "upd-ins");
    int32_t id = 7;
    int64_t val = -5;
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepInsert), JET_errSuccess);
    API_CHECK(JetSetColumn(f.ses, f.tab, f.id, &id, 4, 0, NULL), JET_errSuccess);
    API_CHECK(JetSetColumn(f.ses, f.tab, f.val, &val, 8, 0, NULL), JET_errSuccess);
    int32_t copy = 0;
    API_CHECK(JetRetrieveColumn(f.ses, f.tab, f.id, &copy, 4, NULL, JET_bitRetrieveCopy, NULL), JET_errSuccess);
    cr_expect_eq(copy, 7);
    unsigned char bm[32];
    uint32_t cb = 0;
    API_CHECK(JetUpdate(f.ses, f.tab, bm, sizeof bm, &cb), JET_errSuccess);
    cr_expect_eq(cb, 5);
    /* the cursor did not move onto the new record */
    API_CHECK(JetRetrieveColumn(f.ses, f.tab, f.id, &copy, 4, NULL, 0, NULL), JET_errNoCurrentRecord);
    API_CHECK(JetGotoBookmark(f.ses, f.tab, bm, cb), JET_errSuccess);
    int32_t got = 0;
    uint32_t act = 0;
    API_CHECK(JetRetrieveColumn(f.ses, f.tab, f.id, &got, 4, &act, 0, NULL), JET_errSuccess);
    cr_expect_eq(got, 7);
    cr_expect_eq(act, 4);
    char name[8];
    API_CHECK(JetRetrieveColumn(f.ses, f.tab, f.name, name, sizeof name, &act, 0, NULL), JET_wrnColumnNull);
    API_CHECK(JetRetrieveColumn(f.ses, f.tab, 4242, name, sizeof name, &act, 0, NULL), JET_errColumnNotFound);
    int16_t small = 0;
    API_CHECK(JetRetrieveColumn(f.ses, f.tab, f.val, &small, 2, &act, 0, NULL), JET_wrnBufferTruncated);
    cr_expect_eq(act, 8);
    /* from the index: only key columns of the current index */
    API_CHECK(JetRetrieveColumn(f.ses, f.tab, f.id, &got, 4, NULL, JET_bitRetrieveFromIndex, NULL), JET_errSuccess);
    cr_expect_eq(got, 7);
    API_CHECK(JetRetrieveColumn(f.ses, f.tab, f.val, &val, 8, NULL, JET_bitRetrieveFromIndex, NULL), JET_errColumnNotFound);
    /* a truncated bookmark buffer still inserts */
    unsigned char tiny[2];
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepInsert), JET_errSuccess);
    id = 8;
    val = 8;
    API_CHECK(JetSetColumn(f.ses, f.tab, f.id, &id, 4, 0, NULL), JET_errSuccess);
    API_CHECK(JetSetColumn(f.ses, f.tab, f.val, &val, 8, 0, NULL), JET_errSuccess);
    API_CHECK(JetUpdate(f.ses, f.tab, tiny, sizeof tiny, &cb), JET_wrnBufferTruncated);
    cr_expect_eq(cb, 5);
    fx_close(&f);
}

Test(update, retrieve_columns)
{
    struct fx f;
    fx_open(&f, "upd-rcs");
    API_CHECK(fx_insert(&f, 3, "abc", 33), JET_errSuccess);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveFirst, 0), JET_errSuccess);
    int32_t id = 0;
    int64_t val = 0;
    char nm[2];
    JET_RETRIEVECOLUMN rc[3] = {
        {f.id, &id, 4, 0, 0, 0, 1, 0, 0},
        {f.val, &val, 8, 0, 0, 0, 1, 0, 0},
        {f.name, nm, sizeof nm, 0, 0, 0, 1, 0, 0},
    };
    API_CHECK(JetRetrieveColumns(f.ses, f.tab, rc, 3), JET_errSuccess);
    cr_expect_eq(id, 3);
    cr_expect_eq(val, 33);
    cr_expect_eq(rc[2].err, JET_wrnBufferTruncated);
    cr_expect_eq(rc[2].cbActual, 3);
    rc[0].columnid = 5555;
    API_CHECK(JetRetrieveColumns(f.ses, f.tab, rc, 3), JET_errColumnNotFound);
    cr_expect_eq(rc[1].err, JET_errSuccess);
    fx_close(&f);
}

Test(update, duplicates_and_null_invalid)
{
    struct fx f;
    fx_open(&f, "upd-dup");
    API_CHECK(fx_insert(&f, 1, "a", 10), JET_errSuccess);
    API_CHECK(fx_insert(&f, 1, "b", 20), JET_errKeyDuplicate);   /* primary */
    API_CHECK(fx_insert(&f, 2, "b", 10), JET_errKeyDuplicate);   /* unique byval */
    API_CHECK(fx_insert(&f, 3, "a", 30), JET_errSuccess);        /* byname allows dups */
    /* the failed inserts left nothing behind in any index */
    uint32_t n = 0;
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveFirst, 0), JET_errSuccess);
    API_CHECK(JetIndexRecordCount(f.ses, f.tab, &n, 0), JET_errSuccess);
    cr_expect_eq(n, 2);
    API_CHECK(JetSetCurrentIndex(f.ses, f.tab, "byname"), JET_errSuccess);
    API_CHECK(JetIndexRecordCount(f.ses, f.tab, &n, 0), JET_errSuccess);
    cr_expect_eq(n, 2);
    /* the update stays prepared after KeyDuplicate: fix the value, retry */
    int32_t id = 1;
    int64_t val = 99;
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepInsert), JET_errSuccess);
    API_CHECK(JetSetColumn(f.ses, f.tab, f.id, &id, 4, 0, NULL), JET_errSuccess);
    API_CHECK(JetSetColumn(f.ses, f.tab, f.val, &val, 8, 0, NULL), JET_errSuccess);
    API_CHECK(JetUpdate(f.ses, f.tab, NULL, 0, NULL), JET_errKeyDuplicate);
    id = 9;
    API_CHECK(JetSetColumn(f.ses, f.tab, f.id, &id, 4, 0, NULL), JET_errSuccess);
    API_CHECK(JetUpdate(f.ses, f.tab, NULL, 0, NULL), JET_errSuccess);
    fx_close(&f);
}

Test(update, replace_and_primary_changed)
{
    struct fx f;
    fx_open(&f, "upd-rep");
    API_CHECK(fx_insert(&f, 1, "a", 10), JET_errSuccess);
    API_CHECK(fx_insert(&f, 2, "b", 20), JET_errSuccess);
    API_CHECK(fx_seek(&f, 1, JET_bitSeekEQ), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepReplace), JET_errSuccess);
    API_CHECK(JetSetColumn(f.ses, f.tab, f.name, "zz", 2, 0, NULL), JET_errSuccess);
    int64_t val = 15;
    API_CHECK(JetSetColumn(f.ses, f.tab, f.val, &val, 8, 0, NULL), JET_errSuccess);
    API_CHECK(JetUpdate(f.ses, f.tab, NULL, 0, NULL), JET_errSuccess);
    char nm[8];
    uint32_t cb = 0;
    API_CHECK(JetRetrieveColumn(f.ses, f.tab, f.name, nm, sizeof nm, &cb, 0, NULL), JET_errSuccess);
    cr_expect_eq(cb, 2);
    cr_expect_eq(memcmp(nm, "zz", 2), 0);
    /* the secondary indexes follow: "zz" sorts last, val 10 is gone */
    API_CHECK(JetSetCurrentIndex(f.ses, f.tab, "byname"), JET_errSuccess);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveLast, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 1);
    API_CHECK(JetSetCurrentIndex(f.ses, f.tab, "byval"), JET_errSuccess);
    val = 10;
    API_CHECK(JetMakeKey(f.ses, f.tab, &val, 8, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSeek(f.ses, f.tab, JET_bitSeekEQ), JET_errRecordNotFound);
    API_CHECK(fx_insert(&f, 3, "c", 10), JET_errSuccess);     /* 10 is free again */
    /* a replace onto another row's unique value */
    API_CHECK(JetSetCurrentIndex(f.ses, f.tab, NULL), JET_errSuccess);
    API_CHECK(fx_seek(&f, 2, JET_bitSeekEQ), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepReplaceNoLock), JET_errSuccess);
    val = 15;
    API_CHECK(JetSetColumn(f.ses, f.tab, f.val, &val, 8, 0, NULL), JET_errSuccess);
    API_CHECK(JetUpdate(f.ses, f.tab, NULL, 0, NULL), JET_errKeyDuplicate);
    int32_t id = 77;
    API_CHECK(JetSetColumn(f.ses, f.tab, f.id, &id, 4, 0, NULL), JET_errSuccess);
    val = 16;
    API_CHECK(JetSetColumn(f.ses, f.tab, f.val, &val, 8, 0, NULL), JET_errSuccess);
    API_CHECK(JetUpdate(f.ses, f.tab, NULL, 0, NULL), JET_errRecordPrimaryChanged);
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepCancel), JET_errSuccess);
    fx_close(&f);
}

Test(update, write_conflict_between_cursors)
{
    struct fx f;
    fx_open(&f, "upd-wc");
    API_CHECK(fx_insert(&f, 1, "a", 10), JET_errSuccess);
    JET_SESID s2 = api_session_new(f.inst);
    JET_TABLEID t2;
    JET_DBID db2;
    char path[64];
    snprintf(path, sizeof path, "upd-wc-%d.edb", (int)getpid());
    API_CHECK(JetOpenDatabase(s2, path, NULL, &db2, 0), JET_errSuccess);
    API_CHECK(JetOpenTable(s2, db2, "t", NULL, 0, 0, &t2), JET_errSuccess);
    API_CHECK(fx_seek(&f, 1, JET_bitSeekEQ), JET_errSuccess);
    API_CHECK(JetMove(s2, t2, JET_MoveFirst, 0), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepReplace), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(s2, t2, JET_prepReplace), JET_errSuccess);
    API_CHECK(JetSetColumn(s2, t2, f.name, "s2", 2, 0, NULL), JET_errSuccess);
    API_CHECK(JetUpdate(s2, t2, NULL, 0, NULL), JET_errSuccess);
    API_CHECK(JetSetColumn(f.ses, f.tab, f.name, "s1", 2, 0, NULL), JET_errSuccess);
    API_CHECK(JetUpdate(f.ses, f.tab, NULL, 0, NULL), JET_errWriteConflict);
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepCancel), JET_errSuccess);
    /* a delete of a row another cursor deleted first */
    API_CHECK(JetDelete(s2, t2), JET_errSuccess);
    API_CHECK(JetDelete(s2, t2), JET_errRecordDeleted);
    API_CHECK(JetDelete(f.ses, f.tab), JET_errRecordDeleted);
    API_CHECK(JetRetrieveColumn(f.ses, f.tab, f.id, NULL, 0, NULL, 0, NULL), JET_errRecordDeleted);
    fx_close(&f);
}

Test(update, insert_copy_and_delete_positions)
{
    struct fx f;
    fx_open(&f, "upd-copy");
    API_CHECK(fx_insert(&f, 1, "a", 10), JET_errSuccess);
    API_CHECK(fx_insert(&f, 2, "b", 20), JET_errSuccess);
    API_CHECK(fx_insert(&f, 3, "c", 30), JET_errSuccess);
    API_CHECK(fx_seek(&f, 1, JET_bitSeekEQ), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepInsertCopy), JET_errSuccess);
    int32_t id = 4;
    int64_t val = 40;
    API_CHECK(JetSetColumn(f.ses, f.tab, f.id, &id, 4, 0, NULL), JET_errSuccess);
    API_CHECK(JetSetColumn(f.ses, f.tab, f.val, &val, 8, 0, NULL), JET_errSuccess);
    API_CHECK(JetUpdate(f.ses, f.tab, NULL, 0, NULL), JET_errSuccess);
    API_CHECK(fx_seek(&f, 4, JET_bitSeekEQ), JET_errSuccess);
    char nm[4];
    uint32_t cb;
    API_CHECK(JetRetrieveColumn(f.ses, f.tab, f.name, nm, sizeof nm, &cb, 0, NULL), JET_errSuccess);
    cr_expect_eq(nm[0], 'a', "the copy kept the name");
    /* delete the middle row: the cursor stays between its neighbours */
    API_CHECK(fx_seek(&f, 2, JET_bitSeekEQ), JET_errSuccess);
    API_CHECK(JetDelete(f.ses, f.tab), JET_errSuccess);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveNext, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 3);
    API_CHECK(fx_seek(&f, 2, JET_bitSeekEQ), JET_errRecordNotFound);
    API_CHECK(JetSetCurrentIndex(f.ses, f.tab, "byname"), JET_errSuccess);
    uint32_t n = 0;
    API_CHECK(JetIndexRecordCount(f.ses, f.tab, &n, 0), JET_errSuccess);
    cr_expect_eq(n, 3);
    fx_close(&f);
}

Test(update, read_only_cursor_and_transaction)
{
    struct fx f;
    fx_open(&f, "upd-ro");
    API_CHECK(fx_insert(&f, 1, "a", 10), JET_errSuccess);
    JET_TABLEID ro;
    API_CHECK(JetOpenTable(f.ses, f.db, "t", NULL, 0, JET_bitTableReadOnly, &ro), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(f.ses, ro, JET_prepInsert), JET_errPermissionDenied);
    API_CHECK(JetMove(f.ses, ro, JET_MoveFirst, 0), JET_errSuccess);
    API_CHECK(JetDelete(f.ses, ro), JET_errPermissionDenied);
    API_CHECK(JetBeginTransaction2(f.ses, JET_bitTransactionReadOnly), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(f.ses, f.tab, JET_prepInsert), JET_errTransReadOnly);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveFirst, 0), JET_errSuccess);
    API_CHECK(JetDelete(f.ses, f.tab), JET_errTransReadOnly);
    API_CHECK(JetCommitTransaction(f.ses, 0), JET_errSuccess);
    API_CHECK(JetDelete(f.ses, f.tab), JET_errSuccess);
    fx_close(&f);
}
