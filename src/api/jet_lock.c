/*
 * jet_lock.c -- row locks and escrow updates: JetGetLock, JetEscrowUpdate
 * (core: src/core/cursor.c oe_cur_get_lock, the version store).
 *
 * JetGetLock(JET_bitWriteLock) places a lock version on the current row:
 * invisible to readers, it conflicts with other transactions' writes like
 * a write (first writer wins) and goes away at commit or rollback.
 * JET_bitReadLock is simplified: it fails with JET_errWriteConflict when
 * another transaction has an uncommitted write on the row or committed one
 * after this transaction's snapshot, and does not hold later writers off.
 *
 * JetEscrowUpdate answers JET_errFeatureNotAvailable: commuting deltas need
 * several transactions' uncommitted versions on one chain, which the
 * first-writer-wins chain does not allow yet.
 */
#include "api.h"
#include "core/cursor.h"
#include "core/session.h"

OE_API JetGetLock(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit)
{
    struct oe_session *s;
    struct oe_cursor *c;
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_resolve(s, tableid, &c);
    if (err >= 0)
        err = oe_cur_get_lock(s, c, grbit);
    oe_ses_leave(s);
    return oe_api_return(err);
}

OE_API JetEscrowUpdate(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid, void *pv,
                       uint32_t cbMax, void *pvOld, uint32_t cbOldMax, uint32_t *pcbOldActual,
                       JET_GRBIT grbit)
{
    struct oe_session *s;
    struct oe_cursor *c;
    (void)columnid;
    (void)pv;
    (void)cbMax;
    (void)pvOld;
    (void)cbOldMax;
    (void)pcbOldActual;
    (void)grbit;
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_resolve(s, tableid, &c);
    if (err >= 0)
        err = OE_ERR(JET_errFeatureNotAvailable);
    oe_ses_leave(s);
    return oe_api_return(err);
}
