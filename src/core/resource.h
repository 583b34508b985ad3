/*
 * resource.h -- what a session owns and must release: cursors, temp
 * (sort) tables, and the undo entries of its open transaction levels.
 *
 * Each is a node on one of the session's intrusive lists, newest first,
 * tagged with the transaction level that opened (or wrote) it:
 *
 *   - rollback of level L closes the cursors and temp tables tagged L and
 *     undoes the undo entries tagged L (newest first, as ESE's ErrVERRollback);
 *   - commit of a nested level L relabels L to L-1 (they now belong to the
 *     parent's save point); commit to level 0 relabels cursors/temp tables
 *     to 0 and hands undo entries to the version store's commit;
 *   - JetEndSession rolls back every level, then closes all cursors, then
 *     all temp tables (design.md's teardown order).
 *
 * Nothing here allocates: a node is embedded in the object it stands for,
 * and its memory was obtained when that object was created (or when the
 * write was made), so rolling back and closing can never fail for lack of
 * memory. close/undo functions must keep that promise too; objects that
 * other threads may still be reading are retired through oe_call_rcu.
 *
 * All lists are [owner]: only the thread inside a call on the session
 * touches them.
 */
#ifndef OE_CORE_RESOURCE_H
#define OE_CORE_RESOURCE_H

#include <stdint.h>

#include "esent.h"

struct oe_session;
struct oe_res;

struct oe_res_ops {
    const char *kind;
    /* close -- release the object (cursor, temp table) or undo the write;
     * must not allocate; an error leaves the node linked. */
    JET_ERR (*close)(struct oe_session *s, struct oe_res *r);
    /* commit -- undo entries only: the outermost commit hands the entry to
     * its owner (the version store); the entry leaves the session's list
     * first. NULL for cursors and temp tables, which just stay open. */
    void (*commit)(struct oe_session *s, struct oe_res *r, uint64_t commit_ts);
};

struct oe_res {
    const struct oe_res_ops *ops; /* [owner] */
    struct oe_res *next;          /* [owner] towards older nodes */
    struct oe_res *prev;          /* [owner] towards newer nodes */
    uint8_t level;                /* [owner] transaction level that owns it */
};

struct oe_res_list {
    struct oe_res *head;  /* [owner] newest */
    uint32_t count;       /* [owner] */
};

enum oe_res_kind { OE_RES_CURSOR, OE_RES_TEMP, OE_RES_UNDO, OE_RES_KINDS };

void oe_res_push(struct oe_res_list *l, struct oe_res *r, uint8_t level);
void oe_res_unlink(struct oe_res_list *l, struct oe_res *r);

/* oe_res_close_level -- close (undo) every node tagged >= level, newest first.
 * Stops at the first failure and returns it (the failed node stays linked). */
JET_ERR oe_res_close_level_slow(struct oe_session *s, struct oe_res_list *l, uint8_t level);
static inline JET_ERR oe_res_close_level(struct oe_session *s, struct oe_res_list *l, uint8_t level)
{
    /* Empty lists are the common case of every begin/rollback: no call. */
    return l->head ? oe_res_close_level_slow(s, l, level) : JET_errSuccess;
}

/* oe_res_relabel -- move the nodes tagged `from` to level `to` (commit). */
void oe_res_relabel_slow(struct oe_res_list *l, uint8_t from, uint8_t to);
static inline void oe_res_relabel(struct oe_res_list *l, uint8_t from, uint8_t to)
{
    /* As above: an empty list, the common case of every commit, costs a load. */
    if (l->head)
        oe_res_relabel_slow(l, from, to);
}

#endif
