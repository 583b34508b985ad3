/*
 * jet_txn.c -- transaction entry points.
 *
 * These are the hottest calls of the API (an empty begin + rollback is a
 * few dozen instructions plus two owner-word CASes), so they enter through
 * oe_ses_enter_inline: the common path of session.h is compiled into each
 * entry point with its enter kind constant.
 */
#include "api.h"
#include "core/txn.h"

/* begin -- the three JetBeginTransaction variants share one path. */
static JET_ERR begin(JET_SESID sesid, int64_t trxid, JET_GRBIT grbit)
{
    struct oe_session *s;
    JET_ERR err = oe_ses_enter_inline(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_trx_begin(s, trxid, grbit);
    oe_ses_leave_sesid(s, sesid);
    return oe_api_return(err);
}

OE_API JetBeginTransaction(JET_SESID sesid) { return begin(sesid, 0, 0); }

OE_API JetBeginTransaction2(JET_SESID sesid, JET_GRBIT grbit) { return begin(sesid, 0, grbit); }

OE_API JetBeginTransaction3(JET_SESID sesid, int64_t trxid, JET_GRBIT grbit)
{
    return begin(sesid, trxid, grbit);
}

/* commit -- both JetCommitTransaction variants (a direct call: an exported
 * function called by name would go through the PLT). */
static JET_ERR commit(JET_SESID sesid, JET_GRBIT grbit, uint32_t cmsecDurableCommit,
                      JET_COMMIT_ID *pCommitId)
{
    struct oe_session *s;
    JET_ERR err = oe_ses_enter_inline(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_trx_commit(s, grbit, cmsecDurableCommit, pCommitId);
    oe_ses_leave_sesid(s, sesid);
    return oe_api_return(err);
}

OE_API JetCommitTransaction2(JET_SESID sesid, JET_GRBIT grbit, uint32_t cmsecDurableCommit,
                             JET_COMMIT_ID *pCommitId)
{
    return commit(sesid, grbit, cmsecDurableCommit, pCommitId);
}

OE_API JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit)
{
    return commit(sesid, grbit, 0, NULL);
}

OE_API JetRollback(JET_SESID sesid, JET_GRBIT grbit)
{
    struct oe_session *s;
    JET_ERR err = oe_ses_enter_inline(sesid, OE_ENTER_ROLLBACK, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_trx_rollback(s, grbit);
    oe_ses_leave_sesid(s, sesid);
    return oe_api_return(err);
}
