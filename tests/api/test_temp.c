/*
 * test_temp.c -- temp (sort) tables through esent.h: the JetOpenTempTable
 * family (column ids, preset tableid, grbit combinations, sizes, quotas),
 * the insert / read / materialized states, dedupe rules, seeks, ranges,
 * bookmarks, updates, handle checks, closing by rollback, and a property
 * test of the order against a qsort + dedupe reference for every key
 * type, ascending and descending, nulls low and high.
 */
#include <stdlib.h>

#include "api_helpers.h"

struct tfx {
    JET_INSTANCE inst;
    JET_SESID ses;
};

static void tfx_open(struct tfx *f, const char *tag)
{
    f->inst = api_instance_new(tag);
    f->ses = api_session_new(f->inst);
}

static JET_COLUMNDEF coldef(JET_COLTYP t, JET_GRBIT g)
{
    JET_COLUMNDEF cd = {sizeof(cd), 0, t, 0, 0, 0, 0, 0, g};
    return cd;
}

/* tt_long2 -- a table (key Long [grbit kg], data Long). */
static JET_ERR tt_long2(struct tfx *f, JET_GRBIT grbit, JET_GRBIT kg, JET_TABLEID *pt,
                        JET_COLUMNID ids[2])
{
    JET_COLUMNDEF cd[2] = {coldef(JET_coltypLong, JET_bitColumnTTKey | kg),
                           coldef(JET_coltypLong, 0)};
    return JetOpenTempTable(f->ses, cd, 2, grbit, pt, ids);
}

static JET_ERR ins2(struct tfx *f, JET_TABLEID t, const JET_COLUMNID ids[2], int32_t k, int32_t v)
{
    JET_ERR e = JetPrepareUpdate(f->ses, t, JET_prepInsert);
    if (e < 0)
        return e;
    API_CHECK(JetSetColumn(f->ses, t, ids[0], &k, sizeof k, 0, NULL), JET_errSuccess);
    API_CHECK(JetSetColumn(f->ses, t, ids[1], &v, sizeof v, 0, NULL), JET_errSuccess);
    return JetUpdate(f->ses, t, NULL, 0, NULL);
}

static int32_t get_long(struct tfx *f, JET_TABLEID t, JET_COLUMNID c)
{
    int32_t v = 0;
    uint32_t cb = 0;
    API_CHECK(JetRetrieveColumn(f->ses, t, c, &v, sizeof v, &cb, 0, NULL), JET_errSuccess);
    cr_assert_eq(cb, 4);
    return v;
}

/* scan -- keys from MoveFirst on (at most max). */
static int scan(struct tfx *f, JET_TABLEID t, JET_COLUMNID c, int32_t *out, int max)
{
    int n = 0;
    JET_ERR e = JetMove(f->ses, t, JET_MoveFirst, 0);
    while (e == JET_errSuccess && n < max) {
        out[n++] = get_long(f, t, c);
        e = JetMove(f->ses, t, JET_MoveNext, 0);
    }
    cr_assert(e == JET_errSuccess || e == JET_errNoCurrentRecord, "scan ended with %d", e);
    return n;
}

static void make_key_long(struct tfx *f, JET_TABLEID t, int32_t k, JET_GRBIT g)
{
    API_CHECK(JetMakeKey(f->ses, t, &k, sizeof k, JET_bitNewKey | g), JET_errSuccess);
}

Test(temp, column_ids_by_kind_and_preset_tableid)
{
    struct tfx f;
    tfx_open(&f, "tt_ids");
    JET_COLUMNDEF cd[6] = {coldef(JET_coltypText, 0),       coldef(JET_coltypLong, JET_bitColumnTTKey),
                           coldef(JET_coltypLongBinary, 0), coldef(JET_coltypBinary, JET_bitColumnTagged),
                           coldef(JET_coltypGUID, 0),       coldef(JET_coltypBinary, JET_bitColumnFixed)};
    JET_COLUMNID ids[6] = {0};
    JET_TABLEID t = 12345;
    API_CHECK(JetOpenTempTable(f.ses, cd, 6, 0, &t, ids), JET_errSuccess);
    cr_assert_neq(t, JET_tableidNil);
    cr_assert_eq(ids[0], 128); /* variable */
    cr_assert_eq(ids[1], 1);   /* fixed */
    cr_assert_eq(ids[2], 256); /* tagged: long value */
    cr_assert_eq(ids[3], 257); /* tagged: asked for */
    cr_assert_eq(ids[4], 2);
    cr_assert_eq(ids[5], 3);
    API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);
    /* a failure leaves the output nil */
    t = 12345;
    API_CHECK(JetOpenTempTable(f.ses, cd, 6, JET_bitTTForwardOnly | JET_bitTTIndexed, &t, ids),
              JET_errCannotMaterializeForwardOnlySort);
    cr_assert_eq(t, JET_tableidNil);
    API_CHECK(JetOpenTempTable(f.ses, cd, 6, 0, NULL, ids), JET_errInvalidParameter);
    JET_COLUMNDEF bad = coldef(JET_coltypSLV, 0);
    API_CHECK(JetOpenTempTable(f.ses, &bad, 1, 0, &t, ids), JET_errInvalidColumnType);
    JET_COLUMNDEF cp = coldef(JET_coltypText, JET_bitColumnTTKey);
    cp.cp = 437;
    API_CHECK(JetOpenTempTable(f.ses, &cp, 1, 0, &t, ids), JET_errInvalidCodePage);
    cr_assert_eq(t, JET_tableidNil);
    api_instance_term(f.inst);
}

Test(temp, sort_dedupes_and_restricts_a_plain_sort)
{
    struct tfx f;
    JET_TABLEID t;
    JET_COLUMNID ids[2];
    int32_t out[16];
    tfx_open(&f, "tt_plain");
    API_CHECK(tt_long2(&f, 0, 0, &t, ids), JET_errSuccess);
    int32_t keys[] = {5, 3, 5, 1, 9, 3};
    for (int i = 0; i < 6; i++)
        API_CHECK(ins2(&f, t, ids, keys[i], i), JET_errSuccess);
    /* reads before the first move are illegal */
    API_CHECK(JetRetrieveColumn(f.ses, t, ids[0], out, 4, NULL, 0, NULL), JET_errIllegalOperation);
    API_CHECK(JetDelete(f.ses, t), JET_errIllegalOperation);
    uint32_t n;
    API_CHECK(JetIndexRecordCount(f.ses, t, &n, 0), JET_errIllegalOperation);
    cr_assert_eq(scan(&f, t, ids[0], out, 16), 4);
    cr_assert(out[0] == 1 && out[1] == 3 && out[2] == 5 && out[3] == 9);
    /* a sort without Indexed/Scrollable/Updatable: forward only, no seek, no updates */
    API_CHECK(JetMove(f.ses, t, JET_MoveLast, 0), JET_errSuccess);
    API_CHECK(JetMove(f.ses, t, JET_MovePrevious, 0), JET_errIllegalOperation);
    make_key_long(&f, t, 3, 0);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekEQ), JET_errIllegalOperation);
    API_CHECK(JetSetIndexRange(f.ses, t, JET_bitRangeUpperLimit), JET_errIllegalOperation);
    API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepInsert), JET_errIllegalOperation);
    API_CHECK(JetSetColumn(f.ses, t, ids[1], &n, 4, 0, NULL), JET_errIllegalOperation);
    API_CHECK(JetUpdate(f.ses, t, NULL, 0, NULL), JET_errIllegalOperation);
    API_CHECK(JetDelete(f.ses, t), JET_errIllegalOperation);
    JET_TABLEID d;
    API_CHECK(JetDupCursor(f.ses, t, &d, 0), JET_errIllegalOperation);
    API_CHECK(JetSetCurrentIndex(f.ses, t, NULL), JET_errIllegalOperation);
    API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);
    API_CHECK(JetCloseTable(f.ses, t), JET_errInvalidTableId);
    API_CHECK(JetMove(f.ses, t, JET_MoveFirst, 0), JET_errInvalidTableId);
    api_instance_term(f.inst);
}

Test(temp, empty_sort_and_pending_insert_cancelled_by_move)
{
    struct tfx f;
    JET_TABLEID t;
    JET_COLUMNID ids[2];
    tfx_open(&f, "tt_empty");
    API_CHECK(tt_long2(&f, JET_bitTTIndexed, 0, &t, ids), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepInsert), JET_errSuccess);
    API_CHECK(JetMove(f.ses, t, JET_MoveFirst, 0), JET_errNoCurrentRecord);
    API_CHECK(JetUpdate(f.ses, t, NULL, 0, NULL), JET_errIllegalOperation);
    API_CHECK(JetMove(f.ses, t, JET_MoveNext, 0), JET_errNoCurrentRecord);
    make_key_long(&f, t, 1, 0);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekGE), JET_errRecordNotFound);
    API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);
    api_instance_term(f.inst);
}

Test(temp, forward_only_keeps_duplicates_unless_unique)
{
    struct tfx f;
    JET_TABLEID t;
    JET_COLUMNID ids[2];
    int32_t out[16];
    tfx_open(&f, "tt_fwd");
    int32_t keys[] = {4, 2, 4, 4, 1};
    API_CHECK(tt_long2(&f, JET_bitTTForwardOnly, 0, &t, ids), JET_errSuccess);
    for (int i = 0; i < 5; i++)
        API_CHECK(ins2(&f, t, ids, keys[i], i), JET_errSuccess);
    cr_assert_eq(scan(&f, t, ids[0], out, 16), 5);
    cr_assert(out[0] == 1 && out[1] == 2 && out[2] == 4 && out[3] == 4 && out[4] == 4);
    char bm[64];
    uint32_t cb;
    API_CHECK(JetGetBookmark(f.ses, t, bm, sizeof bm, &cb), JET_errIllegalOperation);
    API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);

    API_CHECK(tt_long2(&f, JET_bitTTForwardOnly | JET_bitTTUnique, 0, &t, ids), JET_errSuccess);
    for (int i = 0; i < 5; i++)
        API_CHECK(ins2(&f, t, ids, keys[i], i), JET_errSuccess);
    cr_assert_eq(scan(&f, t, ids[0], out, 16), 3);
    cr_assert(out[0] == 1 && out[1] == 2 && out[2] == 4);
    API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);
    api_instance_term(f.inst);
}

Test(temp, forward_only_cannot_materialize)
{
    struct tfx f;
    JET_TABLEID t;
    JET_COLUMNID ids[2];
    tfx_open(&f, "tt_fwdbad");
    const JET_GRBIT bad[] = {JET_bitTTIndexed, JET_bitTTUpdatable, JET_bitTTScrollable,
                             JET_bitTTForceMaterialization};
    for (int i = 0; i < 4; i++)
        API_CHECK(tt_long2(&f, JET_bitTTForwardOnly | bad[i], 0, &t, ids),
                  JET_errCannotMaterializeForwardOnlySort);
    JET_COLUMNDEF nokey = coldef(JET_coltypLong, 0);
    API_CHECK(JetOpenTempTable(f.ses, &nokey, 1, JET_bitTTForwardOnly, &t, ids),
              JET_errCannotMaterializeForwardOnlySort);
    JET_COLUMNDEF lv[2] = {coldef(JET_coltypLong, JET_bitColumnTTKey), coldef(JET_coltypLongText, 0)};
    API_CHECK(JetOpenTempTable(f.ses, lv, 2, JET_bitTTForwardOnly, &t, ids),
              JET_errCannotMaterializeForwardOnlySort);
    API_CHECK(JetOpenTempTable(f.ses, lv, 2, JET_bitTTForwardOnly | JET_bitTTIntrinsicLVsOnly, &t,
                               ids),
              JET_errSuccess);
    API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);
    api_instance_term(f.inst);
}

Test(temp, error_on_duplicate_insertion)
{
    struct tfx f;
    JET_TABLEID t;
    JET_COLUMNID ids[2];
    int32_t out[8];
    tfx_open(&f, "tt_dup");
    API_CHECK(tt_long2(&f, JET_bitTTErrorOnDuplicateInsertion, 0, &t, ids), JET_errSuccess);
    API_CHECK(ins2(&f, t, ids, 7, 1), JET_errSuccess);
    API_CHECK(ins2(&f, t, ids, 7, 2), JET_errKeyDuplicate);
    API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepCancel), JET_errSuccess);
    API_CHECK(ins2(&f, t, ids, 3, 3), JET_errSuccess);
    cr_assert_eq(scan(&f, t, ids[0], out, 8), 2);
    cr_assert(out[0] == 3 && out[1] == 7);
    API_CHECK(JetMove(f.ses, t, JET_MoveFirst, 0), JET_errSuccess);
    cr_assert_eq(get_long(&f, t, ids[1]), 3);
    API_CHECK(JetMove(f.ses, t, JET_MoveNext, 0), JET_errSuccess);
    cr_assert_eq(get_long(&f, t, ids[1]), 1); /* the first insert won */
    API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);
    api_instance_term(f.inst);
}

Test(temp, seeks_partial_keys_and_ranges)
{
    struct tfx f;
    JET_TABLEID t;
    JET_COLUMNID ids[3];
    tfx_open(&f, "tt_seek");
    JET_COLUMNDEF cd[3] = {coldef(JET_coltypLong, JET_bitColumnTTKey),
                           coldef(JET_coltypLong, JET_bitColumnTTKey), coldef(JET_coltypLong, 0)};
    API_CHECK(JetOpenTempTable(f.ses, cd, 3, JET_bitTTIndexed, &t, ids), JET_errSuccess);
    for (int32_t a = 0; a < 10; a += 2)
        for (int32_t b = 0; b < 3; b++) {
            int32_t v = a * 10 + b;
            API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepInsert), JET_errSuccess);
            JetSetColumn(f.ses, t, ids[0], &a, 4, 0, NULL);
            JetSetColumn(f.ses, t, ids[1], &b, 4, 0, NULL);
            JetSetColumn(f.ses, t, ids[2], &v, 4, 0, NULL);
            API_CHECK(JetUpdate(f.ses, t, NULL, 0, NULL), JET_errSuccess);
        }
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekEQ), JET_errKeyNotMade);
    /* partial key: a = 4 matches (4,0) first */
    make_key_long(&f, t, 4, 0);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekEQ), JET_errSuccess);
    cr_assert_eq(get_long(&f, t, ids[2]), 40);
    make_key_long(&f, t, 5, 0);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekEQ), JET_errRecordNotFound);
    make_key_long(&f, t, 5, 0);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekGE), JET_wrnSeekNotEqual);
    cr_assert_eq(get_long(&f, t, ids[2]), 60);
    make_key_long(&f, t, 4, 0);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekGE), JET_errSuccess);
    cr_assert_eq(get_long(&f, t, ids[2]), 40);
    make_key_long(&f, t, 4, 0);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekLE), JET_errSuccess);
    cr_assert_eq(get_long(&f, t, ids[2]), 42);
    make_key_long(&f, t, 4, 0);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekGT), JET_wrnSeekNotEqual);
    cr_assert_eq(get_long(&f, t, ids[2]), 60);
    make_key_long(&f, t, 4, 0);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekLT), JET_wrnSeekNotEqual);
    cr_assert_eq(get_long(&f, t, ids[2]), 22);
    make_key_long(&f, t, 100, 0);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekGE), JET_errRecordNotFound);
    make_key_long(&f, t, -1, 0);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekLE), JET_errRecordNotFound);
    /* full two-column key */
    make_key_long(&f, t, 6, 0);
    int32_t b = 2;
    API_CHECK(JetMakeKey(f.ses, t, &b, 4, 0), JET_errSuccess);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekEQ), JET_errSuccess);
    cr_assert_eq(get_long(&f, t, ids[2]), 62);
    /* seek with an index range: all rows of a = 2 */
    make_key_long(&f, t, 2, 0);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekEQ | JET_bitSetIndexRange), JET_errSuccess);
    int n = 1;
    while (JetMove(f.ses, t, JET_MoveNext, 0) == JET_errSuccess)
        n++;
    cr_assert_eq(n, 3);
    /* after leaving the range the next MovePrevious returns to its last row */
    API_CHECK(JetMove(f.ses, t, JET_MovePrevious, 0), JET_errSuccess);
    cr_assert_eq(get_long(&f, t, ids[2]), 22);
    /* explicit upper range, exclusive, and the record count */
    make_key_long(&f, t, 2, 0);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekGE), JET_errSuccess);
    make_key_long(&f, t, 6, 0);
    API_CHECK(JetSetIndexRange(f.ses, t, JET_bitRangeUpperLimit), JET_errSuccess);
    uint32_t cnt = 0;
    API_CHECK(JetIndexRecordCount(f.ses, t, &cnt, 0), JET_errSuccess);
    cr_assert_eq(cnt, 6);
    API_CHECK(JetIndexRecordCount(f.ses, t, &cnt, 4), JET_errSuccess);
    cr_assert_eq(cnt, 4);
    cr_assert_eq(get_long(&f, t, ids[2]), 20); /* the count did not move the cursor */
    n = 1;
    while (JetMove(f.ses, t, JET_MoveNext, 0) == JET_errSuccess)
        n++;
    cr_assert_eq(n, 6);
    API_CHECK(JetSetIndexRange(f.ses, t, JET_bitRangeRemove), JET_errInvalidOperation);
    API_CHECK(JetMove(f.ses, t, JET_MoveFirst, 0), JET_errSuccess);
    API_CHECK(JetIndexRecordCount(f.ses, t, &cnt, 0), JET_errSuccess);
    cr_assert_eq(cnt, 15);
    /* JetRetrieveKey round trip through a normalized-key seek */
    API_CHECK(JetMove(f.ses, t, 4, 0), JET_errSuccess);
    uint8_t key[64];
    uint32_t ck = 0;
    API_CHECK(JetRetrieveKey(f.ses, t, key, sizeof key, &ck, 0), JET_errSuccess);
    API_CHECK(JetMove(f.ses, t, JET_MoveFirst, 0), JET_errSuccess);
    API_CHECK(JetMakeKey(f.ses, t, key, ck, JET_bitNormalizedKey), JET_errSuccess);
    API_CHECK(JetSeek(f.ses, t, JET_bitSeekEQ), JET_errSuccess);
    cr_assert_eq(get_long(&f, t, ids[2]), 21);
    /* bookmarks */
    uint8_t bm[64];
    uint32_t cbm = 0;
    API_CHECK(JetGetBookmark(f.ses, t, bm, sizeof bm, &cbm), JET_errSuccess);
    API_CHECK(JetMove(f.ses, t, JET_MoveLast, 0), JET_errSuccess);
    API_CHECK(JetGotoBookmark(f.ses, t, bm, cbm), JET_errSuccess);
    cr_assert_eq(get_long(&f, t, ids[2]), 21);
    API_CHECK(JetGotoBookmark(f.ses, t, bm, 0), JET_errInvalidBookmark);
    API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepReplace), JET_errIllegalOperation);
    API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);
    api_instance_term(f.inst);
}

Test(temp, updatable_materializes_at_first_move)
{
    struct tfx f;
    JET_TABLEID t;
    JET_COLUMNID ids[2];
    int32_t out[16];
    tfx_open(&f, "tt_upd");
    API_CHECK(tt_long2(&f, JET_bitTTUpdatable, 0, &t, ids), JET_errSuccess);
    API_CHECK(ins2(&f, t, ids, 2, 20), JET_errSuccess);
    API_CHECK(ins2(&f, t, ids, 2, 21), JET_errSuccess); /* dropped silently before sorting */
    API_CHECK(ins2(&f, t, ids, 1, 10), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepReplace), JET_errNoCurrentRecord);
    API_CHECK(JetMove(f.ses, t, JET_MoveFirst, 0), JET_errSuccess);
    /* materialized: inserts report duplicates now */
    API_CHECK(ins2(&f, t, ids, 2, 22), JET_errKeyDuplicate);
    API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepCancel), JET_errSuccess);
    uint8_t bm[16];
    uint32_t cbm = 0;
    int32_t k = 3, v = 30;
    API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepInsert), JET_errSuccess);
    JetSetColumn(f.ses, t, ids[0], &k, 4, 0, NULL);
    JetSetColumn(f.ses, t, ids[1], &v, 4, 0, NULL);
    API_CHECK(JetUpdate(f.ses, t, bm, sizeof bm, &cbm), JET_errSuccess);
    cr_assert_gt(cbm, 0);
    /* the cursor stayed on row 1; replace its data column */
    cr_assert_eq(get_long(&f, t, ids[0]), 1);
    API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepReplace), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepInsert), JET_errAlreadyPrepared);
    v = 11;
    API_CHECK(JetSetColumn(f.ses, t, ids[1], &v, 4, 0, NULL), JET_errSuccess);
    int32_t copy = 0;
    API_CHECK(JetRetrieveColumn(f.ses, t, ids[1], &copy, 4, NULL, JET_bitRetrieveCopy, NULL),
              JET_errSuccess);
    cr_assert_eq(copy, 11);
    cr_assert_eq(get_long(&f, t, ids[1]), 10);
    API_CHECK(JetUpdate(f.ses, t, NULL, 0, NULL), JET_errSuccess);
    cr_assert_eq(get_long(&f, t, ids[1]), 11);
    /* changing the key column of a replaced row is refused */
    API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepReplace), JET_errSuccess);
    k = 9;
    API_CHECK(JetSetColumn(f.ses, t, ids[0], &k, 4, 0, NULL), JET_errSuccess);
    API_CHECK(JetUpdate(f.ses, t, NULL, 0, NULL), JET_errRecordPrimaryChanged);
    API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepCancel), JET_errSuccess);
    API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepCancel), JET_errUpdateNotPrepared);
    /* delete row 2; the bookmark of row 3 still works */
    API_CHECK(JetMove(f.ses, t, JET_MoveNext, 0), JET_errSuccess);
    API_CHECK(JetDelete(f.ses, t), JET_errSuccess);
    API_CHECK(JetRetrieveColumn(f.ses, t, ids[0], out, 4, NULL, 0, NULL), JET_errNoCurrentRecord);
    API_CHECK(JetMove(f.ses, t, JET_MoveNext, 0), JET_errSuccess);
    cr_assert_eq(get_long(&f, t, ids[0]), 3);
    API_CHECK(JetMove(f.ses, t, JET_MoveFirst, 0), JET_errSuccess);
    API_CHECK(JetGotoBookmark(f.ses, t, bm, cbm), JET_errSuccess);
    cr_assert_eq(get_long(&f, t, ids[1]), 30);
    cr_assert_eq(scan(&f, t, ids[0], out, 16), 2);
    cr_assert(out[0] == 1 && out[1] == 3);
    API_CHECK(JetMove(f.ses, t, JET_MoveLast, 0), JET_errSuccess);
    API_CHECK(JetMove(f.ses, t, JET_MovePrevious, 0), JET_errSuccess);
    cr_assert_eq(get_long(&f, t, ids[0]), 1);
    API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);
    api_instance_term(f.inst);
}

Test(temp, sequential_table_without_key)
{
    struct tfx f;
    JET_TABLEID t;
    JET_COLUMNID id;
    int32_t out[8];
    tfx_open(&f, "tt_seq");
    JET_COLUMNDEF cd = coldef(JET_coltypLong, 0);
    API_CHECK(JetOpenTempTable(f.ses, &cd, 1, 0, &t, &id), JET_errSuccess);
    int32_t vals[] = {5, 5, 1, 9};
    for (int i = 0; i < 4; i++) {
        API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepInsert), JET_errSuccess);
        API_CHECK(JetSetColumn(f.ses, t, id, &vals[i], 4, 0, NULL), JET_errSuccess);
        API_CHECK(JetUpdate(f.ses, t, NULL, 0, NULL), JET_errSuccess);
    }
    cr_assert_eq(scan(&f, t, id, out, 8), 4); /* insertion order, duplicates kept */
    for (int i = 0; i < 4; i++)
        cr_assert_eq(out[i], vals[i]);
    API_CHECK(JetMakeKey(f.ses, t, vals, 4, JET_bitNewKey), JET_errInvalidOperation);
    API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);
    api_instance_term(f.inst);
}

Test(temp, descending_and_nulls_high)
{
    struct tfx f;
    JET_TABLEID t;
    JET_COLUMNID ids[2];
    int32_t out[8];
    tfx_open(&f, "tt_desc");
    for (int nh = 0; nh < 2; nh++)
        for (int desc = 0; desc < 2; desc++) {
            API_CHECK(tt_long2(&f, JET_bitTTIndexed | (nh ? JET_bitTTSortNullsHigh : 0),
                               desc ? JET_bitColumnTTDescending : 0, &t, ids),
                      JET_errSuccess);
            int32_t k[] = {2, -7, 5};
            for (int i = 0; i < 3; i++)
                API_CHECK(ins2(&f, t, ids, k[i], i), JET_errSuccess);
            int32_t v = 99; /* a row whose key column is NULL */
            API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepInsert), JET_errSuccess);
            JetSetColumn(f.ses, t, ids[1], &v, 4, 0, NULL);
            API_CHECK(JetUpdate(f.ses, t, NULL, 0, NULL), JET_errSuccess);
            int n = scan(&f, t, ids[1], out, 8);
            cr_assert_eq(n, 4);
            /* NULL first when (nulls low, ascending) or (nulls high, descending) */
            bool null_first = nh == desc;
            int32_t want_asc[] = {1, 0, 2}; /* row numbers of -7, 2, 5 */
            int j = null_first ? 1 : 0;
            cr_assert_eq(out[null_first ? 0 : 3], 99, "nh=%d desc=%d", nh, desc);
            for (int i = 0; i < 3; i++)
                cr_assert_eq(out[j + i], want_asc[desc ? 2 - i : i], "nh=%d desc=%d", nh, desc);
            API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);
        }
    api_instance_term(f.inst);
}

Test(temp, sizes_and_structs)
{
    struct tfx f;
    JET_COLUMNID ids[2];
    tfx_open(&f, "tt_sizes");
    JET_COLUMNDEF cd[2] = {coldef(JET_coltypText, JET_bitColumnTTKey), coldef(JET_coltypLong, 0)};
    JET_OPENTEMPORARYTABLE o = {sizeof(o), cd, 2, NULL, JET_bitTTIndexed, ids, 0, 0, 77};
    API_CHECK(JetOpenTemporaryTable(f.ses, &o), JET_errSuccess);
    cr_assert_neq(o.tableid, JET_tableidNil);
    API_CHECK(JetCloseTable(f.ses, o.tableid), JET_errSuccess);
    o.cbKeyMost = 100;
    API_CHECK(JetOpenTemporaryTable(f.ses, &o), JET_errInvalidParameter);
    cr_assert_eq(o.tableid, JET_tableidNil);
    o.cbKeyMost = 1001; /* above the 4 KiB page's limit */
    API_CHECK(JetOpenTemporaryTable(f.ses, &o), JET_errInvalidParameter);
    o.cbKeyMost = 1000;
    o.cbVarSegMac = 1001;
    API_CHECK(JetOpenTemporaryTable(f.ses, &o), JET_errInvalidParameter);
    o.cbKeyMost = 0;
    o.cbVarSegMac = 256;
    API_CHECK(JetOpenTemporaryTable(f.ses, &o), JET_errInvalidParameter);
    o.cbVarSegMac = 8;
    o.cbStruct = sizeof(o) - 1;
    API_CHECK(JetOpenTemporaryTable(f.ses, &o), JET_errInvalidParameter);
    o.cbStruct = sizeof(o);
    API_CHECK(JetOpenTemporaryTable(f.ses, NULL), JET_errInvalidParameter);
    /* cbVarSegMac caps the text segment: "abcdefgh1" and "abcdefgh2" collide */
    API_CHECK(JetOpenTemporaryTable(f.ses, &o), JET_errSuccess);
    JET_TABLEID t = o.tableid;
    const char *s[] = {"abcdefgh1", "abcdefgh2", "b"};
    for (int i = 0; i < 3; i++) {
        API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepInsert), JET_errSuccess);
        JetSetColumn(f.ses, t, ids[0], s[i], (uint32_t)strlen(s[i]), 0, NULL);
        API_CHECK(JetUpdate(f.ses, t, NULL, 0, NULL), JET_errSuccess);
    }
    int n = 0;
    for (JET_ERR e = JetMove(f.ses, t, JET_MoveFirst, 0); e == 0; e = JetMove(f.ses, t, 1, 0))
        n++;
    cr_assert_eq(n, 2);
    API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);
    JET_OPENTEMPORARYTABLE2 o2 = {sizeof(o2), cd, 2, NULL, JET_bitTTScrollable, ids, 500, 0, 0};
    API_CHECK(JetOpenTemporaryTable2(f.ses, &o2), JET_errSuccess);
    API_CHECK(JetCloseTable(f.ses, o2.tableid), JET_errSuccess);
    JET_TABLEID t2;
    API_CHECK(JetOpenTempTable2(f.ses, cd, 2, 1033, 0, &t2, ids), JET_errSuccess);
    API_CHECK(JetCloseTable(f.ses, t2), JET_errSuccess);
    JET_UNICODEINDEX ui = {1033, 0};
    API_CHECK(JetOpenTempTable3(f.ses, cd, 2, &ui, 0, &t2, ids), JET_errSuccess);
    API_CHECK(JetCloseTable(f.ses, t2), JET_errSuccess);
    /* too many fixed columns */
    JET_COLUMNDEF many[128];
    JET_COLUMNID mid[128];
    for (int i = 0; i < 128; i++)
        many[i] = coldef(JET_coltypLong, i == 0 ? JET_bitColumnTTKey : 0);
    API_CHECK(JetOpenTempTable(f.ses, many, 127, 0, &t2, mid), JET_errSuccess);
    API_CHECK(JetCloseTable(f.ses, t2), JET_errSuccess);
    API_CHECK(JetOpenTempTable(f.ses, many, 128, 0, &t2, mid), JET_errTooManyColumns);
    api_instance_term(f.inst);
}

/* inst_with -- an initialized instance with one parameter set first. */
static JET_INSTANCE inst_with(const char *tag, uint32_t param, JET_API_PTR v)
{
    JET_INSTANCE inst = api_instance_create(tag);
    API_CHECK(JetSetSystemParameter(&inst, 0, param, v, NULL), JET_errSuccess);
    API_CHECK(JetInit(&inst), JET_errSuccess);
    return inst;
}

Test(temp, quotas)
{
    JET_TABLEID t[4];
    JET_COLUMNID ids[2];
    JET_COLUMNDEF cd = coldef(JET_coltypLong, JET_bitColumnTTKey);
    struct tfx f;
    f.inst = inst_with("tt_q0", JET_paramMaxTemporaryTables, 0);
    f.ses = api_session_new(f.inst);
    API_CHECK(JetOpenTempTable(f.ses, &cd, 1, 0, &t[0], ids), JET_errTooManySorts);
    api_instance_term(f.inst);

    f.inst = inst_with("tt_q2", JET_paramMaxTemporaryTables, 2);
    f.ses = api_session_new(f.inst);
    JET_SESID s2 = api_session_new(f.inst);
    API_CHECK(JetOpenTempTable(f.ses, &cd, 1, 0, &t[0], ids), JET_errSuccess);
    API_CHECK(JetOpenTempTable(s2, &cd, 1, 0, &t[1], ids), JET_errSuccess);
    API_CHECK(JetOpenTempTable(f.ses, &cd, 1, 0, &t[2], ids), JET_errTooManySorts);
    API_CHECK(JetCloseTable(s2, t[1]), JET_errSuccess);
    API_CHECK(JetOpenTempTable(f.ses, &cd, 1, 0, &t[2], ids), JET_errSuccess);
    api_instance_term(f.inst);

    f.inst = inst_with("tt_qc", JET_paramMaxCursors, 2);
    f.ses = api_session_new(f.inst);
    API_CHECK(JetOpenTempTable(f.ses, &cd, 1, 0, &t[0], ids), JET_errSuccess);
    API_CHECK(JetOpenTempTable(f.ses, &cd, 1, 0, &t[1], ids), JET_errSuccess);
    API_CHECK(JetOpenTempTable(f.ses, &cd, 1, 0, &t[2], ids), JET_errOutOfCursors);
    API_CHECK(JetCloseTable(f.ses, t[0]), JET_errSuccess);
    API_CHECK(JetOpenTempTable(f.ses, &cd, 1, 0, &t[2], ids), JET_errSuccess);
    api_instance_term(f.inst);
}

Test(temp, handles_are_checked)
{
    struct tfx f;
    JET_TABLEID t;
    JET_COLUMNID ids[2];
    tfx_open(&f, "tt_hnd");
    JET_SESID other = api_session_new(f.inst);
    API_CHECK(tt_long2(&f, 0, 0, &t, ids), JET_errSuccess);
    API_CHECK(JetMove(other, t, JET_MoveFirst, 0), JET_errSesidTableIdMismatch);
    API_CHECK(JetCloseTable(other, t), JET_errSesidTableIdMismatch);
    API_CHECK(JetMove(f.ses, t ^ ((JET_TABLEID)1 << 30), 0, 0), JET_errInvalidTableId);
    uint64_t rng = 42;
    for (int i = 0; i < 1000; i++) {
        JET_TABLEID forged = api_rng_next(&rng) | ((JET_TABLEID)1 << 23);
        JET_ERR e = JetMove(f.ses, forged, JET_MoveFirst, 0);
        cr_assert(e == JET_errInvalidTableId || forged == t, "forged %llx: %d",
                  (unsigned long long)forged, e);
    }
    API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);
    /* a new table in the same slot gets a new generation */
    JET_TABLEID t2;
    API_CHECK(tt_long2(&f, 0, 0, &t2, ids), JET_errSuccess);
    cr_assert_neq(t, t2);
    API_CHECK(JetMove(f.ses, t, JET_MoveFirst, 0), JET_errInvalidTableId);
    API_CHECK(JetMove(f.ses, JET_tableidNil, JET_MoveFirst, 0), JET_errInvalidTableId);
    API_CHECK(JetCloseTable(f.ses, t2), JET_errSuccess);
    api_instance_term(f.inst);
}

Test(temp, closed_by_rollback_of_its_level)
{
    struct tfx f;
    JET_TABLEID t0, t1, t2;
    JET_COLUMNID ids[2];
    tfx_open(&f, "tt_rb");
    API_CHECK(tt_long2(&f, 0, 0, &t0, ids), JET_errSuccess);
    API_CHECK(JetBeginTransaction(f.ses), JET_errSuccess);
    API_CHECK(tt_long2(&f, 0, 0, &t1, ids), JET_errSuccess);
    API_CHECK(JetBeginTransaction(f.ses), JET_errSuccess);
    API_CHECK(tt_long2(&f, 0, 0, &t2, ids), JET_errSuccess);
    API_CHECK(ins2(&f, t2, ids, 1, 1), JET_errSuccess);
    API_CHECK(JetCommitTransaction(f.ses, 0), JET_errSuccess); /* t2 now belongs to level 1 */
    API_CHECK(JetBeginTransaction(f.ses), JET_errSuccess);
    API_CHECK(JetRollback(f.ses, 0), JET_errSuccess);
    API_CHECK(JetMove(f.ses, t2, JET_MoveFirst, 0), JET_errSuccess);
    API_CHECK(JetRollback(f.ses, 0), JET_errSuccess);
    API_CHECK(JetMove(f.ses, t1, JET_MoveFirst, 0), JET_errInvalidTableId);
    API_CHECK(JetMove(f.ses, t2, JET_MoveFirst, 0), JET_errInvalidTableId);
    API_CHECK(JetMove(f.ses, t0, JET_MoveFirst, 0), JET_errNoCurrentRecord);
    API_CHECK(JetEndSession(f.ses, 0), JET_errSuccess);
    api_instance_term(f.inst);
}

/* ---- property test: order against qsort + dedupe ------------------------------ */

struct pval {
    int null;
    uint32_t cb;
    uint8_t b[16];
    int32_t row;
};

static JET_COLTYP g_t;
static int g_desc, g_nh;

/* sortable -- fixed-size value as an unsigned integer in key order. */
static uint64_t sortable(JET_COLTYP t, const uint8_t *b)
{
    uint64_t u = 0;
    switch (t) {
    case JET_coltypBit: return b[0] != 0;
    case JET_coltypUnsignedByte: return b[0];
    case JET_coltypShort: { int16_t v; memcpy(&v, b, 2); return (uint64_t)((int64_t)v + 32768); }
    case JET_coltypUnsignedShort: { uint16_t v; memcpy(&v, b, 2); return v; }
    case JET_coltypLong: { int32_t v; memcpy(&v, b, 4); return (uint64_t)((int64_t)v + 2147483648LL); }
    case JET_coltypUnsignedLong: { uint32_t v; memcpy(&v, b, 4); return v; }
    case JET_coltypLongLong: case JET_coltypCurrency:
        memcpy(&u, b, 8); return u ^ (1ull << 63);
    case JET_coltypUnsignedLongLong: memcpy(&u, b, 8); return u;
    case JET_coltypIEEESingle: { uint32_t v; memcpy(&v, b, 4);
        return (v & 0x80000000u) ? (uint64_t)(~v) : (uint64_t)(v | 0x80000000u); }
    case JET_coltypIEEEDouble: case JET_coltypDateTime:
        memcpy(&u, b, 8); return (u >> 63) ? ~u : (u | (1ull << 63));
    default: return 0;
    }
}

/* guid_order -- ESE's default GUID byte order (key.h). */
static const int guid_order[16] = {10, 11, 12, 13, 14, 15, 8, 9, 6, 7, 4, 5, 0, 1, 2, 3};

static int pcmp_val(const struct pval *a, const struct pval *b)
{
    if (a->null || b->null) {
        if (a->null && b->null)
            return 0;
        int c = a->null ? -1 : 1;
        return g_nh ? -c : c;
    }
    int c = 0;
    if (g_t == JET_coltypText || g_t == JET_coltypBinary) {
        uint32_t n = a->cb < b->cb ? a->cb : b->cb;
        c = memcmp(a->b, b->b, n);
        if (!c)
            c = a->cb < b->cb ? -1 : a->cb > b->cb;
    } else if (g_t == JET_coltypGUID) {
        for (int i = 0; i < 16 && !c; i++)
            c = a->b[guid_order[i]] - b->b[guid_order[i]];
    } else {
        uint64_t x = sortable(g_t, a->b), y = sortable(g_t, b->b);
        c = x < y ? -1 : x > y;
    }
    return c;
}

static int pcmp(const void *pa, const void *pb)
{
    int c = pcmp_val(pa, pb);
    return g_desc ? -c : c;
}

static uint32_t type_size(JET_COLTYP t)
{
    switch (t) {
    case JET_coltypBit: case JET_coltypUnsignedByte: return 1;
    case JET_coltypShort: case JET_coltypUnsignedShort: return 2;
    case JET_coltypLong: case JET_coltypUnsignedLong: case JET_coltypIEEESingle: return 4;
    case JET_coltypGUID: return 16;
    case JET_coltypText: case JET_coltypBinary: return 0;
    default: return 8;
    }
}

static void random_value(uint64_t *rng, JET_COLTYP t, struct pval *v)
{
    uint64_t r = api_rng_next(rng);
    v->null = (r % 13) == 0;
    uint32_t cb = type_size(t);
    if (!cb)
        cb = (uint32_t)(api_rng_next(rng) % 6) + 1;
    v->cb = cb;
    for (uint32_t i = 0; i < cb; i++) {
        uint64_t x = api_rng_next(rng);
        /* few distinct values so duplicates happen */
        v->b[i] = (t == JET_coltypText) ? (uint8_t)('a' + x % 3) : (uint8_t)(x % 3 ? x >> 8 : 0);
    }
    if (t == JET_coltypBit)
        v->b[0] = v->b[0] & 1;
    if (t == JET_coltypIEEESingle && ((v->b[3] & 0x7f) == 0x7f))
        v->b[3] &= 0x3f; /* no NaN/inf: the reference has no NaN rule */
    if ((t == JET_coltypIEEEDouble || t == JET_coltypDateTime) && ((v->b[7] & 0x7f) == 0x7f))
        v->b[7] &= 0x3f;
}

Test(temp, property_order_matches_qsort_dedupe)
{
    static const JET_COLTYP types[] = {
        JET_coltypBit, JET_coltypUnsignedByte, JET_coltypShort, JET_coltypLong,
        JET_coltypCurrency, JET_coltypIEEESingle, JET_coltypIEEEDouble, JET_coltypDateTime,
        JET_coltypBinary, JET_coltypText, JET_coltypUnsignedLong, JET_coltypLongLong,
        JET_coltypGUID, JET_coltypUnsignedShort, JET_coltypUnsignedLongLong};
    enum { N = 300 };
    static struct pval in[N], ref[N];
    struct tfx f;
    tfx_open(&f, "tt_prop");
    uint64_t rng = 7;
    for (size_t ti = 0; ti < sizeof types / sizeof types[0]; ti++)
        for (int mode = 0; mode < 8; mode++) {
            g_t = types[ti];
            g_desc = mode & 1;
            g_nh = (mode >> 1) & 1;
            int fwd = (mode >> 2) & 1; /* forward-only without Unique keeps duplicates */
            JET_COLUMNDEF cd[2] = {coldef(g_t, JET_bitColumnTTKey |
                                                   (g_desc ? JET_bitColumnTTDescending : 0)),
                                   coldef(JET_coltypLong, 0)};
            JET_COLUMNID ids[2];
            JET_TABLEID t;
            JET_GRBIT g = (g_nh ? JET_bitTTSortNullsHigh : 0) |
                          (fwd ? JET_bitTTForwardOnly : JET_bitTTScrollable);
            API_CHECK(JetOpenTempTable(f.ses, cd, 2, g, &t, ids), JET_errSuccess);
            int n = (int)(api_rng_next(&rng) % N) + 1;
            for (int i = 0; i < n; i++) {
                random_value(&rng, g_t, &in[i]);
                in[i].row = i;
                API_CHECK(JetPrepareUpdate(f.ses, t, JET_prepInsert), JET_errSuccess);
                if (!in[i].null)
                    API_CHECK(JetSetColumn(f.ses, t, ids[0], in[i].b, in[i].cb, 0, NULL),
                              JET_errSuccess);
                API_CHECK(JetSetColumn(f.ses, t, ids[1], &in[i].row, 4, 0, NULL), JET_errSuccess);
                API_CHECK(JetUpdate(f.ses, t, NULL, 0, NULL), JET_errSuccess);
            }
            memcpy(ref, in, sizeof(ref[0]) * (size_t)n);
            qsort(ref, (size_t)n, sizeof(ref[0]), pcmp);
            int m = 0;
            for (int i = 0; i < n; i++)
                if (fwd || m == 0 || pcmp(&ref[m - 1], &ref[i]) != 0)
                    ref[m++] = ref[i];
            int got = 0;
            for (JET_ERR e = JetMove(f.ses, t, JET_MoveFirst, 0); e == JET_errSuccess;
                 e = JetMove(f.ses, t, JET_MoveNext, 0), got++) {
                cr_assert_lt(got, m, "type %u mode %d: more rows than the reference", g_t, mode);
                struct pval v = {0};
                uint32_t cb = 0;
                JET_ERR r = JetRetrieveColumn(f.ses, t, ids[0], v.b, sizeof v.b, &cb, 0, NULL);
                cr_assert(r == JET_errSuccess || r == JET_wrnColumnNull);
                v.null = r == JET_wrnColumnNull;
                v.cb = cb;
                cr_assert_eq(pcmp(&v, &ref[got]), 0, "type %u mode %d row %d", g_t, mode, got);
                int32_t row = -1;
                API_CHECK(JetRetrieveColumn(f.ses, t, ids[1], &row, 4, NULL, 0, NULL),
                          JET_errSuccess);
                cr_assert(row >= 0 && row < n);
                cr_assert_eq(pcmp(&in[row], &v), 0, "row %d does not carry its value", row);
            }
            cr_assert_eq(got, m, "type %u mode %d: %d rows, want %d", g_t, mode, got, m);
            API_CHECK(JetCloseTable(f.ses, t), JET_errSuccess);
        }
    api_instance_term(f.inst);
}
