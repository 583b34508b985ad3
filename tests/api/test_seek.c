/*
 * test_seek.c -- JetMakeKey, JetSeek (EQ, LT, LE, GE, GT, SeekNotEqual,
 * SetIndexRange), JetSetIndexRange (upper/lower, inclusive, instant,
 * remove, ends of the index), JetRetrieveKey. Only esent.h.
 */
#include "table_fixture.h"


/* fill -- ids 10, 20, ..., 100. */
static void fill(struct fx *f)
{
    for (int i = 1; i <= 10; i++)
        API_CHECK(fx_insert(f, i * 10, i % 2 ? "odd" : "even", i), JET_errSuccess);
}

Test(seek, empty_table_and_no_key)
{
    struct fx f;
    fx_open(&f, "seek-empty");
    API_CHECK(JetSeek(f.ses, f.tab, JET_bitSeekEQ), JET_errKeyNotMade);
    int32_t v = 1;
    API_CHECK(JetMakeKey(f.ses, f.tab, &v, 4, 0), JET_errKeyNotMade);
    const JET_GRBIT rel[] = {JET_bitSeekEQ, JET_bitSeekLT, JET_bitSeekLE, JET_bitSeekGE, JET_bitSeekGT};
    for (int i = 0; i < 5; i++)
        API_CHECK(fx_seek(&f, 5, rel[i]), JET_errRecordNotFound);
    API_CHECK(fx_seek(&f, 5, 0), JET_errInvalidGrbit);
    API_CHECK(fx_seek(&f, 5, JET_bitSeekGE | JET_bitSetIndexRange), JET_errInvalidGrbit);
    API_CHECK(JetMakeKey(f.ses, f.tab, &v, 2, JET_bitNewKey), JET_errInvalidBufferSize);
    fx_close(&f);
}

Test(seek, relations)
{
    struct fx f;
    fx_open(&f, "seek-rel");
    fill(&f);
    API_CHECK(fx_seek(&f, 30, JET_bitSeekEQ), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 30);
    API_CHECK(fx_seek(&f, 35, JET_bitSeekEQ), JET_errRecordNotFound);
    API_CHECK(JetSeek(f.ses, f.tab, JET_bitSeekEQ), JET_errKeyNotMade); /* consumed */
    API_CHECK(fx_seek(&f, 35, JET_bitSeekGE), JET_wrnSeekNotEqual);
    cr_expect_eq(fx_cur_id(&f), 40);
    API_CHECK(fx_seek(&f, 40, JET_bitSeekGE), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 40);
    API_CHECK(fx_seek(&f, 40, JET_bitSeekGT), JET_wrnSeekNotEqual);
    cr_expect_eq(fx_cur_id(&f), 50);
    API_CHECK(fx_seek(&f, 40, JET_bitSeekLE), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 40);
    API_CHECK(fx_seek(&f, 45, JET_bitSeekLE), JET_wrnSeekNotEqual);
    cr_expect_eq(fx_cur_id(&f), 40);
    API_CHECK(fx_seek(&f, 40, JET_bitSeekLT), JET_wrnSeekNotEqual);
    cr_expect_eq(fx_cur_id(&f), 30);
    /* ends */
    API_CHECK(fx_seek(&f, 10, JET_bitSeekLT), JET_errRecordNotFound);
    API_CHECK(fx_seek(&f, 100, JET_bitSeekGT), JET_errRecordNotFound);
    API_CHECK(fx_seek(&f, -5, JET_bitSeekGE), JET_wrnSeekNotEqual);
    cr_expect_eq(fx_cur_id(&f), 10);
    API_CHECK(fx_seek(&f, 1000, JET_bitSeekLE), JET_wrnSeekNotEqual);
    cr_expect_eq(fx_cur_id(&f), 100);
    /* a deleted record is not found */
    API_CHECK(fx_seek(&f, 50, JET_bitSeekEQ), JET_errSuccess);
    API_CHECK(JetDelete(f.ses, f.tab), JET_errSuccess);
    API_CHECK(fx_seek(&f, 50, JET_bitSeekEQ), JET_errRecordNotFound);
    API_CHECK(fx_seek(&f, 50, JET_bitSeekGE), JET_wrnSeekNotEqual);
    cr_expect_eq(fx_cur_id(&f), 60);
    fx_close(&f);
}

Test(seek, secondary_duplicates_and_eq_range)
{
    struct fx f;
    fx_open(&f, "seek-dup");
    fill(&f);
    API_CHECK(JetSetCurrentIndex(f.ses, f.tab, "byname"), JET_errSuccess);
    API_CHECK(JetMakeKey(f.ses, f.tab, "odd", 3, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSeek(f.ses, f.tab, JET_bitSeekEQ | JET_bitSetIndexRange), JET_errSuccess);
    int n = 0, last = 0;
    do {
        int32_t id = fx_cur_id(&f);
        cr_expect_eq(id % 20, 10, "only odd rows (ids 10, 30, ...), got %d", id);
        cr_expect_gt(id, last, "ascending primary key among duplicates");
        last = id;
        n++;
    } while (JetMove(f.ses, f.tab, JET_MoveNext, 0) == JET_errSuccess);
    cr_expect_eq(n, 5);
    /* "odd" ends the index: the walk hit the end, the range is still set */
    API_CHECK(JetSetIndexRange(f.ses, f.tab, JET_bitRangeRemove), JET_errSuccess);
    /* "even" comes first: walking out of its range removes the range */
    API_CHECK(JetMakeKey(f.ses, f.tab, "even", 4, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSeek(f.ses, f.tab, JET_bitSeekEQ | JET_bitSetIndexRange), JET_errSuccess);
    n = 1;
    while (JetMove(f.ses, f.tab, JET_MoveNext, 0) == JET_errSuccess)
        n++;
    cr_expect_eq(n, 5);
    API_CHECK(JetSetIndexRange(f.ses, f.tab, JET_bitRangeRemove), JET_errInvalidOperation);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveNext, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 10, "the first record past the range");
    /* GT on a duplicated key skips all of them; LE lands on the last. */
    API_CHECK(JetMakeKey(f.ses, f.tab, "even", 4, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSeek(f.ses, f.tab, JET_bitSeekGT), JET_wrnSeekNotEqual);
    cr_expect_eq(fx_cur_id(&f), 10);
    API_CHECK(JetMakeKey(f.ses, f.tab, "even", 4, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSeek(f.ses, f.tab, JET_bitSeekLE), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 100);
    API_CHECK(JetMakeKey(f.ses, f.tab, "even", 4, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSeek(f.ses, f.tab, JET_bitSeekEQ), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 20);
    fx_close(&f);
}

Test(seek, index_ranges)
{
    struct fx f;
    fx_open(&f, "seek-range");
    fill(&f);
    int32_t k = 70;
    API_CHECK(JetSetIndexRange(f.ses, f.tab, JET_bitRangeUpperLimit), JET_errKeyNotMade);
    API_CHECK(JetMakeKey(f.ses, f.tab, &k, 4, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSetIndexRange(f.ses, f.tab, JET_bitRangeUpperLimit), JET_errNoCurrentRecord);
    API_CHECK(fx_seek(&f, 30, JET_bitSeekGE), JET_errSuccess);
    /* exclusive upper limit 70: 30, 40, 50, 60 */
    API_CHECK(JetMakeKey(f.ses, f.tab, &k, 4, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSetIndexRange(f.ses, f.tab, JET_bitRangeUpperLimit), JET_errSuccess);
    uint32_t n = 0;
    API_CHECK(JetIndexRecordCount(f.ses, f.tab, &n, 0), JET_errSuccess);
    cr_expect_eq(n, 4);
    int seen = 1;
    while (JetMove(f.ses, f.tab, JET_MoveNext, 0) == JET_errSuccess)
        seen++;
    cr_expect_eq(seen, 4);
    API_CHECK(JetMove(f.ses, f.tab, JET_MovePrevious, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 60, "after leaving the range, Previous gives its last record");
    /* inclusive upper limit at the last key of the index */
    k = 100;
    API_CHECK(JetMakeKey(f.ses, f.tab, &k, 4, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSetIndexRange(f.ses, f.tab, JET_bitRangeUpperLimit | JET_bitRangeInclusive), JET_errSuccess);
    API_CHECK(JetIndexRecordCount(f.ses, f.tab, &n, 0), JET_errSuccess);
    cr_expect_eq(n, 5);
    API_CHECK(JetSetIndexRange(f.ses, f.tab, JET_bitRangeRemove), JET_errSuccess);
    API_CHECK(JetSetIndexRange(f.ses, f.tab, JET_bitRangeRemove), JET_errInvalidOperation);
    /* lower limit, walking backwards from the last record */
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveLast, 0), JET_errSuccess);
    k = 80;
    API_CHECK(JetMakeKey(f.ses, f.tab, &k, 4, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSetIndexRange(f.ses, f.tab, JET_bitRangeInclusive), JET_errSuccess);
    seen = 1;
    while (JetMove(f.ses, f.tab, JET_MovePrevious, 0) == JET_errSuccess)
        seen++;
    cr_expect_eq(seen, 3);
    /* instant duration: tests membership, leaves no range */
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveFirst, 0), JET_errSuccess);
    k = 10;
    API_CHECK(JetMakeKey(f.ses, f.tab, &k, 4, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSetIndexRange(f.ses, f.tab, JET_bitRangeUpperLimit | JET_bitRangeInclusive |
                                                 JET_bitRangeInstantDuration), JET_errSuccess);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveNext, 0), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 20);
    API_CHECK(JetSetIndexRange(f.ses, f.tab, 0x100), JET_errInvalidGrbit);
    fx_close(&f);
}

Test(seek, retrieve_key_roundtrip)
{
    struct fx f;
    fx_open(&f, "seek-key");
    fill(&f);
    unsigned char key[300];
    uint32_t cb = 0;
    API_CHECK(JetRetrieveKey(f.ses, f.tab, key, sizeof key, &cb, 0), JET_errNoCurrentRecord);
    API_CHECK(JetRetrieveKey(f.ses, f.tab, key, sizeof key, &cb, JET_bitRetrieveCopy), JET_errKeyNotMade);
    API_CHECK(fx_seek(&f, 60, JET_bitSeekEQ), JET_errSuccess);
    API_CHECK(JetRetrieveKey(f.ses, f.tab, key, sizeof key, &cb, 0), JET_errSuccess);
    cr_expect_eq(cb, 5, "header byte + 4 bytes of a Long");
    uint32_t cb2 = 0;
    API_CHECK(JetRetrieveKey(f.ses, f.tab, key, 2, &cb2, 0), JET_wrnBufferTruncated);
    cr_expect_eq(cb2, cb);
    API_CHECK(JetMove(f.ses, f.tab, JET_MoveFirst, 0), JET_errSuccess);
    API_CHECK(JetMakeKey(f.ses, f.tab, key, cb, JET_bitNewKey | JET_bitNormalizedKey), JET_errSuccess);
    unsigned char copy[300];
    API_CHECK(JetRetrieveKey(f.ses, f.tab, copy, sizeof copy, &cb2, JET_bitRetrieveCopy), JET_errSuccess);
    cr_expect_eq(cb2, cb);
    cr_expect_eq(memcmp(copy, key, cb), 0);
    API_CHECK(JetSeek(f.ses, f.tab, JET_bitSeekEQ), JET_errSuccess);
    cr_expect_eq(fx_cur_id(&f), 60);
    fx_close(&f);
}
