/*
 * test_temptable.c -- white-box checks of temp tables (src/core/temptable.c):
 * the handle family bit, ending a session with hundreds of temp tables
 * across levels returns the engine's live-block count to its baseline,
 * and JetEndSession closes them without allocating (every allocation
 * failing during the end).
 */
#include <criterion/criterion.h>

#include "core/temptable.h"
#include "esent.h"
#include "sync/alloc.h"
#include "sync/handle.h"
#include "sync/rcu.h"

static JET_INSTANCE g_inst;

static void setup(void)
{
    cr_assert_eq(JetCreateInstance(&g_inst, "tt_unit"), 0);
    cr_assert_eq(JetSetSystemParameter(&g_inst, 0, JET_paramMaxTemporaryTables, 1000, NULL), 0);
    cr_assert_eq(JetSetSystemParameter(&g_inst, 0, JET_paramMaxCursors, 2000, NULL), 0);
    cr_assert_eq(JetInit(&g_inst), 0);
}

static void teardown(void)
{
    cr_assert_eq(JetTerm(g_inst), 0);
}

/* fill -- open n temp tables over levels 0..7 with rows; leave them open. */
static void fill(JET_SESID s, int n)
{
    JET_COLUMNDEF cd[2] = {{sizeof(JET_COLUMNDEF), 0, JET_coltypBinary, 0, 0, 0, 0, 0,
                            JET_bitColumnTTKey},
                           {sizeof(JET_COLUMNDEF), 0, JET_coltypLong, 0, 0, 0, 0, 0, 0}};
    for (int i = 0; i < n; i++) {
        JET_COLUMNID ids[2];
        JET_TABLEID t;
        if (i && i % (n / 7) == 0)
            cr_assert_eq(JetBeginTransaction(s), 0);
        JET_GRBIT g = (i % 3 == 0) ? JET_bitTTUpdatable : (i % 3 == 1) ? JET_bitTTForwardOnly : 0;
        cr_assert_eq(JetOpenTempTable(s, cd, 2, g, &t, ids), 0);
        cr_assert(oe_tt_is_handle(t));
        cr_assert(oe_hnd_slot(t) & OE_TT_HANDLE_BIT);
        for (int32_t k = 0; k < 20; k++) {
            cr_assert_eq(JetPrepareUpdate(s, t, JET_prepInsert), 0);
            cr_assert_eq(JetSetColumn(s, t, ids[0], &k, 4, 0, NULL), 0);
            cr_assert_eq(JetSetColumn(s, t, ids[1], &i, 4, 0, NULL), 0);
            cr_assert_eq(JetUpdate(s, t, NULL, 0, NULL), 0);
        }
        if (i % 2)
            cr_assert_eq(JetMove(s, t, JET_MoveFirst, 0), 0);
        if (i % 5 == 0 && i % 2 == 0) /* still inserting: left prepared */
            cr_assert_eq(JetPrepareUpdate(s, t, JET_prepInsert), 0);
    }
}

Test(temptable, session_end_returns_every_block, .init = setup, .fini = teardown)
{
    JET_SESID s;
    /* warm up: the handle slot chunk and the session's slot exist before
     * the baseline */
    cr_assert_eq(JetBeginSession(g_inst, &s, NULL, NULL), 0);
    fill(s, 7);
    cr_assert_eq(JetEndSession(s, 0), 0);
    oe_rcu_barrier();
    int64_t base = oe_alloc_live_blocks();
    cr_assert_eq(oe_tt_live_count(), 0);

    for (int round = 0; round < 3; round++) {
        cr_assert_eq(JetBeginSession(g_inst, &s, NULL, NULL), 0);
        fill(s, 300);
        cr_assert_eq(oe_tt_live_count(), 300);
        cr_assert_gt(oe_alloc_live_blocks(), base);
        cr_assert_eq(JetEndSession(s, 0), 0);
        cr_assert_eq(oe_tt_live_count(), 0);
        oe_rcu_barrier();
        cr_assert_eq(oe_alloc_live_blocks(), base, "round %d: %lld live blocks, baseline %lld",
                     round, (long long)oe_alloc_live_blocks(), (long long)base);
    }
}

Test(temptable, session_end_allocates_nothing, .init = setup, .fini = teardown)
{
    JET_SESID s;
    cr_assert_eq(JetBeginSession(g_inst, &s, NULL, NULL), 0);
    fill(s, 200);
    oe_alloc_fail_after(0); /* every allocation from now on fails */
    JET_ERR e = JetEndSession(s, 0);
    oe_alloc_fail_reset();
    cr_assert_eq(e, 0, "JetEndSession under allocation failure: %d", e);
    cr_assert_eq(oe_tt_live_count(), 0);
}

Test(temptable, open_fails_cleanly_under_allocation_failure, .init = setup, .fini = teardown)
{
    JET_SESID s;
    cr_assert_eq(JetBeginSession(g_inst, &s, NULL, NULL), 0);
    JET_COLUMNDEF cd = {sizeof(cd), 0, JET_coltypLong, 0, 0, 0, 0, 0, JET_bitColumnTTKey};
    JET_COLUMNID id;
    JET_TABLEID t;
    cr_assert_eq(JetOpenTempTable(s, &cd, 1, 0, &t, &id), 0); /* warm the slot table */
    cr_assert_eq(JetCloseTable(s, t), 0);
    oe_rcu_barrier();
    int64_t base = oe_alloc_live_blocks();
    int failures = 0;
    for (uint64_t n = 0; n < 64; n++) {
        oe_alloc_fail_nth(n);
        JET_ERR e = JetOpenTempTable(s, &cd, 1, JET_bitTTUpdatable, &t, &id);
        oe_alloc_fail_reset();
        if (e == JET_errOutOfMemory) {
            failures++;
            cr_assert_eq(t, JET_tableidNil);
            cr_assert_eq(oe_tt_live_count(), 0);
        } else {
            cr_assert_eq(e, 0, "nth %llu: %d", (unsigned long long)n, e);
            cr_assert_eq(JetCloseTable(s, t), 0);
        }
        cr_assert_eq(oe_alloc_live_blocks(), base, "nth %llu leaked", (unsigned long long)n);
    }
    cr_assert_gt(failures, 0);
    cr_assert_eq(JetEndSession(s, 0), 0);
}
