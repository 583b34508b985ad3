/*
 * test_resource.c -- white-box tests of the session resource lists
 * (src/core/resource.c), with a fake resource type.
 *
 * The fake's close records the order it was called in, can be told to
 * fail, and can scribble over its node (as a close that frees the object
 * would), so the tests see exactly which nodes were closed and in what
 * order, and that the list stays consistent -- head has no prev, every
 * next->prev points back, count equals the walked length -- after every
 * operation, including a failed close.
 */
#include <criterion/criterion.h>

#include <string.h>

#include "core/resource.h"

#define MAXF 32

struct fake {
    struct oe_res r;     /* first: the list node */
    int id;
    int fail;            /* close returns this when non-zero */
    int scribble;        /* close overwrites the node, as a free would */
    int closed;
};

static int g_order[MAXF];
static int g_norder;
static struct oe_session *g_seen_session;
static int g_commits;

static JET_ERR fake_close(struct oe_session *s, struct oe_res *r)
{
    struct fake *f = (struct fake *)r;
    g_seen_session = s;
    if (f->fail)
        return f->fail;
    f->closed++;
    g_order[g_norder++] = f->id;
    if (f->scribble)
        memset(&f->r, 0xdb, sizeof(f->r));
    return JET_errSuccess;
}

static void fake_commit(struct oe_session *s, struct oe_res *r, uint64_t ts)
{
    (void)s, (void)r, (void)ts;
    g_commits++;
}

static const struct oe_res_ops fake_ops = {"fake", fake_close, fake_commit};

static struct fake F[MAXF];
static struct oe_res_list L;
static struct oe_session *const SES = (struct oe_session *)(uintptr_t)0x5e5;

static void reset(void)
{
    memset(F, 0, sizeof(F));
    memset(&L, 0, sizeof(L));
    g_norder = 0;
    g_seen_session = NULL;
    g_commits = 0;
    for (int i = 0; i < MAXF; i++) {
        F[i].id = i;
        F[i].r.ops = &fake_ops;
    }
}

/* walk -- check the list's links and count; write the ids newest first. */
static int walk(int *ids)
{
    int n = 0;
    struct oe_res *prev = NULL;
    for (struct oe_res *r = L.head; r; r = r->next) {
        cr_assert_eq(r->prev, prev, "node %d: prev link broken", ((struct fake *)r)->id);
        cr_assert_lt(n, MAXF, "cycle in the list");
        ids[n++] = ((struct fake *)r)->id;
        prev = r;
    }
    cr_assert_eq(L.count, (uint32_t)n, "count %u, walked %d", L.count, n);
    return n;
}

static void expect_ids(const int *want, int nwant)
{
    int ids[MAXF];
    int n = walk(ids);
    cr_assert_eq(n, nwant, "list has %d nodes, expected %d", n, nwant);
    for (int i = 0; i < n; i++)
        cr_assert_eq(ids[i], want[i], "position %d: node %d, expected %d", i, ids[i], want[i]);
}

static void expect_order(const int *want, int nwant)
{
    cr_assert_eq(g_norder, nwant, "%d closes, expected %d", g_norder, nwant);
    for (int i = 0; i < nwant; i++)
        cr_assert_eq(g_order[i], want[i], "close #%d was node %d, expected %d", i, g_order[i], want[i]);
}

Test(resource, push_links_newest_first)
{
    reset();
    expect_ids(NULL, 0);
    cr_assert_null(L.head);
    for (int i = 0; i < 5; i++) {
        oe_res_push(&L, &F[i].r, (uint8_t)(i + 1));
        cr_assert_eq(L.head, &F[i].r);
        cr_assert_eq(F[i].r.level, i + 1);
    }
    expect_ids((int[]){4, 3, 2, 1, 0}, 5);
    cr_assert_null(F[0].r.next);
}

Test(resource, unlink_head_middle_tail_only)
{
    reset();
    for (int i = 0; i < 5; i++)
        oe_res_push(&L, &F[i].r, 1);
    oe_res_unlink(&L, &F[2].r); /* middle */
    cr_assert_null(F[2].r.next);
    cr_assert_null(F[2].r.prev);
    expect_ids((int[]){4, 3, 1, 0}, 4);
    oe_res_unlink(&L, &F[4].r); /* head */
    expect_ids((int[]){3, 1, 0}, 3);
    cr_assert_null(L.head->prev);
    oe_res_unlink(&L, &F[0].r); /* tail */
    expect_ids((int[]){3, 1}, 2);
    cr_assert_null(F[1].r.next);
    oe_res_unlink(&L, &F[3].r);
    oe_res_unlink(&L, &F[1].r);
    expect_ids(NULL, 0);
    cr_assert_null(L.head);
    /* An unlinked node can be pushed again. */
    oe_res_push(&L, &F[2].r, 3);
    expect_ids((int[]){2}, 1);
}

Test(resource, close_level_closes_tagged_at_or_above_newest_first)
{
    reset();
    /* Levels never decrease from tail to head in the engine; here they do
     * not have to: close_level must pick by tag, not by position. */
    static const uint8_t lv[] = {0, 1, 2, 3, 2, 1, 0, 3};
    for (int i = 0; i < 8; i++)
        oe_res_push(&L, &F[i].r, lv[i]);
    cr_assert_eq(oe_res_close_level(SES, &L, 2), 0);
    expect_order((int[]){7, 4, 3, 2}, 4);
    expect_ids((int[]){6, 5, 1, 0}, 4);
    cr_assert_eq(g_seen_session, SES, "close got another session pointer");
    for (int i = 0; i < 8; i++)
        cr_assert_eq(F[i].closed, lv[i] >= 2, "node %d closed %d times", i, F[i].closed);
    cr_assert_eq(g_commits, 0, "close_level must not commit");

    /* Nothing tagged >= 2 is left: a second call closes nothing. */
    g_norder = 0;
    cr_assert_eq(oe_res_close_level(SES, &L, 2), 0);
    expect_order(NULL, 0);
    /* Level 0 closes everything. */
    cr_assert_eq(oe_res_close_level(SES, &L, 0), 0);
    expect_order((int[]){6, 5, 1, 0}, 4);
    expect_ids(NULL, 0);
}

Test(resource, close_may_destroy_the_node)
{
    reset();
    for (int i = 0; i < 6; i++) {
        oe_res_push(&L, &F[i].r, (uint8_t)(i % 2 ? 2 : 1));
        F[i].scribble = 1;
    }
    cr_assert_eq(oe_res_close_level(SES, &L, 2), 0);
    expect_order((int[]){5, 3, 1}, 3);
    expect_ids((int[]){4, 2, 0}, 3);
    cr_assert_eq(oe_res_close_level(SES, &L, 1), 0);
    expect_order((int[]){5, 3, 1, 4, 2, 0}, 6);
    expect_ids(NULL, 0);
}

Test(resource, failing_close_stops_and_keeps_node)
{
    reset();
    /* Engine-shaped list: tags non-increasing from head to tail. */
    static const uint8_t lv[] = {0, 1, 1, 2, 2, 2};
    for (int i = 0; i < 6; i++)
        oe_res_push(&L, &F[i].r, lv[i]);
    F[4].fail = JET_errDiskIO;
    cr_assert_eq(oe_res_close_level(SES, &L, 1), JET_errDiskIO);
    /* 5 closed, 4 failed: nothing older than 4 was touched. */
    expect_order((int[]){5}, 1);
    expect_ids((int[]){4, 3, 2, 1, 0}, 5);
    cr_assert_eq(F[4].r.level, 2, "failed node lost its tag");
    cr_assert_eq(F[3].closed + F[2].closed + F[1].closed, 0);

    /* Retry after the fault clears: the rest, newest first, once each. */
    F[4].fail = 0;
    cr_assert_eq(oe_res_close_level(SES, &L, 1), 0);
    expect_order((int[]){5, 4, 3, 2, 1}, 5);
    expect_ids((int[]){0}, 1);
    for (int i = 1; i < 6; i++)
        cr_assert_eq(F[i].closed, 1, "node %d closed %d times", i, F[i].closed);
}

Test(resource, failing_close_of_oldest_and_newest)
{
    reset();
    for (int i = 0; i < 4; i++)
        oe_res_push(&L, &F[i].r, 1);
    F[3].fail = JET_errOutOfMemory; /* the newest */
    cr_assert_eq(oe_res_close_level(SES, &L, 1), JET_errOutOfMemory);
    expect_order(NULL, 0);
    expect_ids((int[]){3, 2, 1, 0}, 4);
    F[3].fail = 0;
    F[0].fail = JET_errDiskIO; /* the oldest */
    cr_assert_eq(oe_res_close_level(SES, &L, 1), JET_errDiskIO);
    expect_order((int[]){3, 2, 1}, 3);
    expect_ids((int[]){0}, 1);
    cr_assert_eq(L.head, &F[0].r);
    cr_assert_null(F[0].r.prev);
    cr_assert_null(F[0].r.next);
}

Test(resource, relabel_moves_only_from_level)
{
    reset();
    static const uint8_t lv[] = {0, 1, 2, 3, 2, 1};
    for (int i = 0; i < 6; i++)
        oe_res_push(&L, &F[i].r, lv[i]);
    oe_res_relabel(&L, 2, 1);
    static const uint8_t want[] = {0, 1, 1, 3, 1, 1};
    for (int i = 0; i < 6; i++)
        cr_assert_eq(F[i].r.level, want[i], "node %d level %d, expected %d", i, F[i].r.level, want[i]);
    expect_ids((int[]){5, 4, 3, 2, 1, 0}, 6);
    expect_order(NULL, 0);
    oe_res_relabel(&L, 3, 0);
    cr_assert_eq(F[3].r.level, 0);
    oe_res_relabel(&L, 7, 0); /* no node at 7: no change */
    cr_assert_eq(F[1].r.level, 1);
    /* close_level(1) now finds exactly the relabelled set. */
    cr_assert_eq(oe_res_close_level(SES, &L, 1), 0);
    expect_order((int[]){5, 4, 2, 1}, 4);
    expect_ids((int[]){3, 0}, 2);
}
