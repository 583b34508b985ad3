/*
 * txn.c -- begin, commit and rollback of transaction levels.
 */
#include "txn.h"

#include <string.h>

#include "err.h"
#include "verstore.h"
#include "sync/thread_id.h"

#define COMMIT_WAIT_BITS (JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit | JET_bitForceNewLog)
#define COMMIT_REDO_CALLBACK 0x20 /* ESE-internal bit that ESE accepts */
#define COMMIT_VALID_BITS (JET_bitCommitLazyFlush | COMMIT_WAIT_BITS | COMMIT_REDO_CALLBACK)

/* oe_trx_clock_now -- the commit clock lives in the version store. */
uint64_t oe_trx_clock_now(void)
{
    return oe_vs_clock_now();
}

JET_ERR oe_trx_begin(struct oe_session *s, int64_t trxid, JET_GRBIT grbit)
{
    if (OE_UNLIKELY(s->trx_flags & OE_TRX_ROLLBACK_FAILED))
        return OE_ERR(JET_errRollbackError);
    if (OE_UNLIKELY(s->level >= OE_LEVEL_MAX))
        return OE_ERR(JET_errTransTooDeep);
    if (s->level == 0) {
        /* ESE masks the bits it does not know; only ReadOnly has meaning,
         * and only at level 0. */
        s->trx_flags = (grbit & JET_bitTransactionReadOnly) ? OE_TRX_READONLY : 0;
        if (s->ctx) {
            s->trx_owner_ctx = s->ctx;
            s->trx_owner_thread = 0;
        } else {
            s->trx_owner_ctx = 0;
            s->trx_owner_thread = oe_thread_id();
        }
        s->trx_begin = oe_vs_snapshot_begin(s); /* published for the collector */
    }
    s->level++;
    s->levels[s->level].trxid = trxid;
    return JET_errSuccess;
}

/* end_transaction -- back at level 0: the session is free of any owner. */
static void end_transaction(struct oe_session *s)
{
    s->level = 0;
    oe_vs_snapshot_end(s);
    s->trx_flags &= OE_TRX_ROLLBACK_FAILED;
    s->trx_owner_thread = 0;
    s->trx_owner_ctx = 0;
}

/* commit_outermost -- make the transaction's changes durable and visible. */
static uint64_t commit_outermost(struct oe_session *s, int want_id)
{
    uint64_t ts;
    struct oe_res_list *undo = &s->res[OE_RES_UNDO];
    if (undo->head) {
        /* LP(commit) is inside: one store of the timestamp in the
         * transaction record publishes every version; the version store
         * then stamps, prunes and frees its undo entries. */
        ts = oe_vs_session_tx(s) ? oe_vs_commit(s) : oe_vs_clock_tick();
        /* Undo entries of other owners take the same timestamp. */
        while (undo->head) {
            struct oe_res *r = undo->head;
            oe_res_unlink(undo, r);
            r->ops->commit(s, r, ts);
        }
    } else if (want_id) {
        ts = oe_vs_clock_tick(); /* a commit id of its own, as before */
    } else {
        ts = oe_vs_clock_now();
    }
    oe_res_relabel(&s->res[OE_RES_CURSOR], 1, 0);
    oe_res_relabel(&s->res[OE_RES_TEMP], 1, 0);
    end_transaction(s);
    return ts;
}

JET_ERR oe_trx_commit(struct oe_session *s, JET_GRBIT grbit, uint32_t cmsecDurableCommit,
                      JET_COMMIT_ID *pCommitId)
{
    if (grbit & ~(JET_GRBIT)COMMIT_VALID_BITS)
        return OE_ERR(JET_errInvalidGrbit);
    if (grbit & COMMIT_WAIT_BITS) {
        /* Durability waits stand alone and work outside a transaction; with
         * no log yet every commit is already as durable as it will get. */
        if (grbit & (grbit - 1))
            return OE_ERR(JET_errInvalidGrbit);
        if (pCommitId) {
            memset(pCommitId, 0, sizeof(*pCommitId));
            pCommitId->commitId = (int64_t)oe_trx_clock_now();
        }
        return JET_errSuccess;
    }
    if (cmsecDurableCommit != 0 && !(grbit & JET_bitCommitLazyFlush))
        return OE_ERR(JET_errInvalidParameter);
    if (s->level == 0)
        return OE_ERR(JET_errNotInTransaction);
    if (s->trx_flags & OE_TRX_ROLLBACK_FAILED) /* half undone: never commit it */
        return OE_ERR(JET_errRollbackError);
    if (s->trx_flags & OE_TRX_MUST_ROLLBACK)
        return OE_ERR(JET_errMustRollback);

    uint64_t ts;
    if (s->level > 1) {
        /* A nested commit merges into the parent save point. */
        uint8_t l = s->level;
        for (int k = 0; k < OE_RES_KINDS; k++)
            oe_res_relabel(&s->res[k], l, (uint8_t)(l - 1));
        s->level--;
        ts = s->trx_begin;
    } else {
        ts = commit_outermost(s, pCommitId != NULL);
    }
    if (pCommitId) {
        memset(pCommitId, 0, sizeof(*pCommitId));
        pCommitId->commitId = (int64_t)ts;
    }
    return JET_errSuccess;
}

/* rollback_top -- undo the innermost level. */
static JET_ERR rollback_top(struct oe_session *s)
{
    JET_ERR err = JET_errSuccess;
    uint8_t l = s->level;
    OE_CALL(oe_res_close_level(s, &s->res[OE_RES_UNDO], l));
    OE_CALL(oe_res_close_level(s, &s->res[OE_RES_CURSOR], l));
    OE_CALL(oe_res_close_level(s, &s->res[OE_RES_TEMP], l));
    if (--s->level == 0)
        end_transaction(s);
    return JET_errSuccess;
handle_error:
    /* A rollback that cannot finish poisons the session (ESE's RollbackError). */
    s->trx_flags |= OE_TRX_ROLLBACK_FAILED;
    return err;
}

JET_ERR oe_trx_rollback_levels(struct oe_session *s, uint8_t n)
{
    while (n-- > 0 && s->level > 0)
        OE_CALL_R(rollback_top(s));
    return JET_errSuccess;
}

JET_ERR oe_trx_rollback(struct oe_session *s, JET_GRBIT grbit)
{
    if (grbit & ~(JET_GRBIT)JET_bitRollbackAll)
        return OE_ERR(JET_errInvalidGrbit);
    if (s->level == 0)
        return OE_ERR(JET_errNotInTransaction);
    if (s->trx_flags & OE_TRX_ROLLBACK_FAILED)
        return OE_ERR(JET_errRollbackError);
    uint8_t n = (grbit & JET_bitRollbackAll) ? s->level : 1;
    if (OE_LIKELY(!s->res[OE_RES_UNDO].head && !s->res[OE_RES_CURSOR].head &&
                  !s->res[OE_RES_TEMP].head)) {
        /* Nothing to undo or close at any level (every empty transaction):
         * what rollback_top would do n times, minus n-1 list checks. */
        s->level = (uint8_t)(s->level - n);
        if (s->level == 0)
            end_transaction(s);
        return JET_errSuccess;
    }
    return oe_trx_rollback_levels(s, n);
}
