/*
 * jet_lock.c -- row locks and escrow updates: JetGetLock, JetEscrowUpdate
 * (core: src/core/cursor.c oe_cur_get_lock / oe_cur_escrow, and the
 * version store's commuting versions, src/core/verstore.c).
 *
 * JetGetLock(JET_bitWriteLock) places a write lock version on the current
 * row: invisible to readers, it conflicts with other transactions' writes,
 * locks and escrow updates like a write (first writer wins) and goes away
 * at commit or rollback.
 *
 * JetGetLock(JET_bitReadLock) places a read lock version. Read locks of
 * several transactions on one row commute (ESE); while one is held, any
 * other transaction's replace, delete, write lock or escrow update of the
 * row fails with JET_errWriteConflict. The holder itself may still write
 * the row (an upgrade). Taking it fails with JET_errWriteConflict when
 * another transaction holds an uncommitted write, write lock or escrow
 * delta on the row, or committed a change after this transaction's
 * snapshot. It is released when the transaction commits (a nested commit
 * hands it to the parent level) or rolls back the level that took it, and
 * by JetEndSession. Both modes need a transaction (JET_errNotInTransaction).
 *
 * JetEscrowUpdate adds a Long addend to a column created with
 * JET_bitColumnEscrowUpdate (the catalog accepts only fixed JET_coltypLong
 * with a default value for it) as a delta version. Deltas of several
 * transactions commute: none of them conflicts with another's uncommitted
 * delta, each transaction reads its snapshot plus its own deltas, and a
 * rollback removes only its own delta wherever it sits on the chain. Any
 * other write of a row carrying another transaction's uncommitted delta is
 * a WriteConflict. pvOld receives the value as this transaction saw it just
 * before the update (ESE returns the stored value, versioning ignored: with
 * no pages here, the transaction's own view is what openese has to give).
 * JET_bitEscrowNoRollback: a rollback of a nested level hands the delta to
 * the parent level; the outermost rollback (and JetEndSession) commits it
 * on its own instead of undoing it.
 *
 * Codes, in ESE's order: JET_errInvalidGrbit (a bit other than
 * JET_bitEscrowNoRollback), JET_errNotInTransaction, JET_errPermissionDenied
 * (read-only cursor), JET_errTransReadOnly, JET_errColumnNotFound,
 * JET_errAlreadyPrepared (an update is prepared on the cursor),
 * JET_errInvalidBufferSize (cbMax is not the column's size, or cbOldMax is
 * neither 0 nor at least that size while pvOld is given),
 * JET_errInvalidOperation (not an escrow column), JET_errInvalidParameter
 * (pv NULL), JET_errFeatureNotAvailable (JET_bitColumnFinalize or
 * JET_bitColumnDeleteOnZero columns: their zero-crossing actions are not
 * implemented), JET_errNoCurrentRecord, JET_errRecordDeleted,
 * JET_errWriteConflict, JET_errOutOfMemory / JET_errVersionStoreOutOfMemory
 * (nothing changed).
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
    JET_ERR err = oe_ses_enter(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_cur_resolve(s, tableid, &c);
    if (err >= 0)
        err = oe_cur_escrow(s, c, columnid, pv, cbMax, pvOld, cbOldMax, pcbOldActual, grbit);
    oe_ses_leave(s);
    return oe_api_return(err);
}
