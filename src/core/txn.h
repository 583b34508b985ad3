/*
 * txn.h -- transaction levels of a session (ESE's nested transactions).
 *
 * A session is at level 0..7. Level-0 begin binds the transaction to the
 * calling thread, or to the session context value when one is set
 * (ese-reference 6.2), and reads the commit clock as its snapshot; each
 * further begin pushes a save point. Rollback of a level undoes that
 * level's undo entries (newest first) and closes the cursors and temp
 * tables opened in it; a nested commit relabels them to the parent level;
 * the outermost commit hands the undo entries to their commit functions
 * (the version store makes them visible with one store of the commit
 * timestamp) and ticks the commit clock once.
 *
 * The commit clock (verstore.c) is one atomic counter read (not written) at
 * level-0 begin and ticked only by commits that made changes (or that asked
 * for a commit id). Level-0 begin publishes the snapshot in the session's
 * own vs_snap field for the version store's collector (one store on the
 * session's line); empty transactions write no shared memory.
 */
#ifndef OE_CORE_TXN_H
#define OE_CORE_TXN_H

#include "session.h"

JET_ERR oe_trx_begin(struct oe_session *s, int64_t trxid, JET_GRBIT grbit);
JET_ERR oe_trx_commit(struct oe_session *s, JET_GRBIT grbit, uint32_t cmsecDurableCommit,
                      JET_COMMIT_ID *pCommitId);
JET_ERR oe_trx_rollback(struct oe_session *s, JET_GRBIT grbit);

/* oe_trx_rollback_levels -- undo the n innermost levels (JetEndSession uses
 * it with n = level). Allocates nothing. */
JET_ERR oe_trx_rollback_levels(struct oe_session *s, uint8_t n);

/* oe_trx_clock_now -- the current commit timestamp. */
uint64_t oe_trx_clock_now(void);

#endif
