/*
 * test_temp_session_end.c -- temp tables die with their session: hundreds
 * of temp tables opened across transaction levels (with rows, prepared
 * updates and positions) are all closed by JetEndSession, their handles
 * are dead afterwards, their quota is given back; and 100,000
 * open/insert/close cycles keep the resident set stable. Only esent.h.
 * (tests/unit/core/test_temptable.c checks the same with the engine's
 * live-block counter; the ASan build runs both under LeakSanitizer.)
 */
#include <stdio.h>
#include <stdlib.h>

#include "api_helpers.h"

#define TABLES 400

static long rss_bytes(void)
{
    long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    cr_assert_not_null(f);
    cr_assert_eq(fscanf(f, "%ld %ld", &size, &resident), 2);
    fclose(f);
    return resident * sysconf(_SC_PAGESIZE);
}

static JET_INSTANCE instance(const char *tag)
{
    JET_INSTANCE inst = api_instance_create(tag);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxTemporaryTables, TABLES, NULL),
              JET_errSuccess);
    API_CHECK(JetSetSystemParameter(&inst, 0, JET_paramMaxCursors, TABLES + 10, NULL),
              JET_errSuccess);
    API_CHECK(JetInit(&inst), JET_errSuccess);
    return inst;
}

/* open_filled -- a temp table with a few rows, in a state chosen by i. */
static JET_TABLEID open_filled(JET_SESID s, int i)
{
    static const JET_GRBIT g[] = {0, JET_bitTTIndexed, JET_bitTTUpdatable, JET_bitTTForwardOnly,
                                  JET_bitTTErrorOnDuplicateInsertion};
    JET_COLUMNDEF cd[2] = {{sizeof(JET_COLUMNDEF), 0, JET_coltypLong, 0, 0, 0, 0, 0,
                            JET_bitColumnTTKey},
                           {sizeof(JET_COLUMNDEF), 0, JET_coltypLongText, 0, 0, 0, 0, 0, 0}};
    JET_COLUMNID ids[2];
    JET_TABLEID t;
    API_CHECK(JetOpenTempTable(s, cd, 2, g[i % 5] | JET_bitTTIntrinsicLVsOnly, &t, ids),
              JET_errSuccess);
    for (int32_t k = 0; k < 5; k++) {
        API_CHECK(JetPrepareUpdate(s, t, JET_prepInsert), JET_errSuccess);
        API_CHECK(JetSetColumn(s, t, ids[0], &k, 4, 0, NULL), JET_errSuccess);
        API_CHECK(JetSetColumn(s, t, ids[1], "some long text", 14, 0, NULL), JET_errSuccess);
        API_CHECK(JetUpdate(s, t, NULL, 0, NULL), JET_errSuccess);
    }
    if (i % 3 == 0)
        API_CHECK(JetMove(s, t, JET_MoveFirst, 0), JET_errSuccess);
    if (i % 7 == 0) /* left prepared: the end must free the copy buffer too */
        (void)JetPrepareUpdate(s, t, JET_prepInsert);
    return t;
}

Test(temp_session_end, hundreds_across_levels)
{
    JET_INSTANCE inst = instance("tt_end");
    JET_SESID s = api_session_new(inst);
    JET_SESID witness = api_session_new(inst);
    static JET_TABLEID t[TABLES];
    for (int i = 0; i < TABLES; i++) {
        if (i % (TABLES / 7) == 0 && i > 0)
            API_CHECK(JetBeginTransaction(s), JET_errSuccess); /* levels 0..7 */
        t[i] = open_filled(s, i);
    }
    /* quota full: the other session cannot open one more */
    JET_COLUMNDEF cd = {sizeof(cd), 0, JET_coltypLong, 0, 0, 0, 0, 0, JET_bitColumnTTKey};
    JET_COLUMNID id;
    JET_TABLEID x;
    API_CHECK(JetOpenTempTable(witness, &cd, 1, 0, &x, &id), JET_errTooManySorts);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    for (int i = 0; i < TABLES; i++)
        API_CHECK(JetMove(witness, t[i], JET_MoveFirst, 0), JET_errInvalidTableId);
    /* every quota came back */
    for (int i = 0; i < TABLES; i++)
        API_CHECK(JetOpenTempTable(witness, &cd, 1, 0, &t[i], &id), JET_errSuccess);
    API_CHECK(JetEndSession(witness, 0), JET_errSuccess);
    api_instance_term(inst);
}

Test(temp_session_end, rss_stable_over_100k_cycles, .timeout = 120)
{
    JET_INSTANCE inst = instance("tt_rss");
    JET_SESID s = api_session_new(inst);
    long rss_warm = 0;
    enum { WARM = 10000, CYCLES = 100000 };
    for (int i = 0; i < CYCLES; i++) {
        if (i == WARM)
            rss_warm = rss_bytes();
        JET_TABLEID t = open_filled(s, i);
        if (i % 2)
            API_CHECK(JetCloseTable(s, t), JET_errSuccess);
        else {
            API_CHECK(JetBeginTransaction(s), JET_errSuccess);
            JET_TABLEID u = open_filled(s, i + 1);
            (void)u;
            API_CHECK(JetRollback(s, 0), JET_errSuccess); /* closes u */
            API_CHECK(JetCloseTable(s, t), JET_errSuccess);
        }
    }
    long rss_end = rss_bytes();
    fprintf(stderr, "temp_session_end: RSS after %d cycles %ld KiB, after %d: %ld KiB\n", WARM,
            rss_warm / 1024, CYCLES, rss_end / 1024);
    cr_expect_leq(rss_end, rss_warm + (2L << 20), "RSS grew by %ld KiB",
                  (rss_end - rss_warm) / 1024);
    API_CHECK(JetEndSession(s, 0), JET_errSuccess);
    api_instance_term(inst);
}
