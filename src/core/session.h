/*
 * session.h -- ESE sessions (ESE's PIB): identity, ownership, teardown.
 *
 * Glossary: PIB = struct oe_session; FUCB = cursor (a resource node);
 * SCB = temp/sort table (a resource node); RCE = undo entry / version.
 *
 * Where sessions live. Every session is a slot of one process-wide slot
 * table (sync/slot_table.h): type-stable memory addressed by the slot index
 * in the JET_SESID (sync/handle.h). The slot's owner word (sync/owner.h)
 * carries the session's generation, so entering a call is one CAS that
 * checks the handle and claims the session at once; a stale, forged or
 * ended handle fails that CAS and gets JET_errInvalidSesid -- never a
 * crash, because slot memory is never freed.
 *
 * Begin and end touch no shared cache line on the fast path: the slot index
 * comes from a per-thread cache of free indices, the quota credit from a
 * per-thread cache (instance.h), and the handle is published by one store
 * of the owner word. Ended sessions are not freed: the slot returns to the
 * cache, and anything the session owned that others could still be reading
 * (versions, cursors, temp tables) is retired through oe_call_rcu by its
 * close function. The end path allocates nothing.
 *
 * Fields marked [owner] are touched only by the thread inside a call on
 * the session (it holds the owner word in BUSY); the acquire/release of the
 * owner word orders them between consecutive callers.
 *
 * The call entry fast path (oe_ses_enter_inline, used by the hottest entry
 * points) is the owner-word CAS plus a handful of loads on the session's
 * and the instance's lines:
 *
 *   1. slot -> address through a per-thread memo of the last slot this
 *      thread resolved. The memo can never go stale: slot memory is never
 *      freed or moved and a slot index always names the same address
 *      (sync/slot_table.h), so it needs no read-side section. The handle's
 *      generation is not checked here: the CAS below compares it with the
 *      slot's, and no owner word ever holds generation 0 or one above
 *      OE_HND_GEN_MAX in state IDLE, so implausible generations fail it.
 *   2. the claim: the seq_cst CAS of sync/owner.h (LP(enter)).
 *   3. the instance admits plain work: state RUNNING and no flags (the
 *      seq_cst loads that close the Dekker pair with JetTerm).
 *   4. the caller owns the session's state: the common cases of
 *      ownership_error, decided with loads of [owner] fields only.
 *
 * Anything else -- memo miss, failed CAS, an instance in any other state,
 * a context or a transaction that needs the full rules -- takes the
 * out-of-line path, which applies ese-reference section 6 in full; the fast
 * path never returns an error itself, so it cannot disagree with the rules.
 */
#ifndef OE_CORE_SESSION_H
#define OE_CORE_SESSION_H

#include <stdint.h>

#include "esent.h"
#include "instance.h"
#include "resource.h"
#include "sync/annotate.h"
#include "sync/handle.h"
#include "sync/owner.h"
#include "sync/thread_id.h"

#define OE_LEVEL_MAX 7   /* ESE's levelUserMost */

/* Per-level save point: what a rollback of this level must undo. */
struct oe_txn_level {
    int64_t trxid;   /* [owner] JetBeginTransaction3's diagnostic tag */
};

struct oe_session {
    oe_owner_word own;                /* [atomic] see sync/owner.h */
    _Atomic(struct oe_instance *) ins;/* [atomic] written before the owner word is
                                       * published (release), read by JetTerm's scan
                                       * after an acquire load of the owner word */
    _Atomic uint64_t ins_handle;      /* [atomic relaxed] the instance's handle, for
                                       * threads that failed to claim the session
                                       * (resolved under RCU, never dereferenced raw) */
    _Atomic uint64_t killed_by_term_gen; /* [atomic relaxed] generation JetTerm ended
                                          * here (stale handle → NotInitialized) */
    uint32_t slot;                    /* [imm] */
    _Atomic uint64_t vs_snap;         /* [atomic relaxed] snapshot published for the version
                                       * store's collector, 0 outside a transaction; stored
                                       * by the owner inside a read-side section, read by
                                       * the collector after a grace period (verstore.c) */

    /* --- [owner] from here on --- */
    uint64_t ctx;                     /* session context value, 0 = none */
    uint64_t ctx_thread;              /* thread that set it */
    uint8_t level;                    /* 0 = no transaction */
    uint8_t trx_flags;                /* OE_TRX_* */
    uint64_t trx_owner_thread;        /* thread-mode owner of the open transaction */
    uint64_t trx_owner_ctx;           /* context-mode owner (0 = thread mode) */
    uint64_t trx_begin;               /* snapshot of the commit clock at level-0 begin */
    struct oe_txn_level levels[OE_LEVEL_MAX + 1];
    struct oe_res_list res[OE_RES_KINDS]; /* cursors, temp tables, undo entries */
    uint16_t db_open[64];             /* JetOpenDatabase count per dbid-1 (database.c) */
    uint64_t db_mask;                 /* bit i set iff db_open[i] > 0: teardown's test
                                       * is one load (database.c) */
};

#define OE_TRX_READONLY 0x1     /* JET_bitTransactionReadOnly at level 0 */
#define OE_TRX_MUST_ROLLBACK 0x2/* a failed operation poisoned the transaction */
#define OE_TRX_ROLLBACK_FAILED 0x4 /* a rollback failed: RollbackError */

/* How a call enters a session: which code each conflict gets. */
enum oe_enter_kind {
    OE_ENTER_NORMAL,      /* conflicts → SessionSharingViolation */
    OE_ENTER_END,         /* JetEndSession: conflicts → SessionInUse */
    OE_ENTER_SET_CTX,     /* JetSetSessionContext */
    OE_ENTER_RESET_CTX,   /* JetResetSessionContext (works after a stop) */
    OE_ENTER_ROLLBACK,    /* JetRollback (works after a stop) */
};

/* oe_ses_enter -- validate the handle and claim the session for this call.
 * On success the caller must oe_ses_leave(s). */
JET_ERR oe_ses_enter(JET_SESID sesid, enum oe_enter_kind kind, struct oe_session **ps);

/* The per-thread slot memo (step 1 above). s is NULL until the thread has
 * resolved a slot, so the initial slot 0 (never a valid slot) never hits. */
struct oe_ses_memo {
    uint32_t slot;          /* [owner] this thread: last slot index resolved */
    struct oe_session *s;   /* [owner] this thread: its address, or NULL */
};
extern _Thread_local struct oe_ses_memo oe_ses_memo;

/* oe_ses_claim_failed -- out of line: classify a failed claim CAS (seen is
 * the word the CAS found). Returns the error; *ps stays NULL. */
JET_ERR oe_ses_claim_failed(struct oe_session *s, uint64_t gen, uint64_t seen,
                            enum oe_enter_kind kind);
/* oe_ses_admit -- out of line: the full instance and ownership checks on a
 * session this thread has claimed; on error it leaves the session. */
JET_ERR oe_ses_admit(struct oe_session *s, uint64_t gen, enum oe_enter_kind kind,
                     struct oe_session **ps);

/* oe_ses_owner_ok -- the common cases in which ownership_error (session.c)
 * returns success, with kind a constant at every inlined call site; 0 sends
 * the caller to the full rules, never to an error directly. */
static inline int oe_ses_owner_ok(const struct oe_session *s, enum oe_enter_kind kind,
                                  uint64_t me)
{
    switch (kind) {
    case OE_ENTER_SET_CTX:
        return s->level == 0;
    case OE_ENTER_RESET_CTX:
        return s->ctx != 0 && s->ctx_thread == me;
    case OE_ENTER_NORMAL:
    case OE_ENTER_ROLLBACK:
    case OE_ENTER_END:
    default:
        /* No context bound, and either no transaction or a thread-mode
         * transaction of this very thread. */
        return s->ctx == 0 &&
               (s->level == 0 || (s->trx_owner_ctx == 0 && s->trx_owner_thread == me));
    }
}

/* oe_ins_admits -- the instance is RUNNING with no flag set: every kind of
 * call may proceed. The seq_cst loads are the second half of the Dekker
 * pair with JetTerm (sync/owner.h); oe_ins_entry_error decides the rest. */
static inline int oe_ins_admits(struct oe_instance *ins)
{
    return atomic_load_explicit(&ins->state, memory_order_seq_cst) == OE_INS_RUNNING &&
           atomic_load_explicit(&ins->flags, memory_order_seq_cst) == 0;
}

/* oe_ses_enter_inline -- oe_ses_enter with the fast path of the essay above
 * inlined into the caller (kind should be a constant). */
static inline JET_ERR oe_ses_enter_inline(JET_SESID sesid, enum oe_enter_kind kind,
                                          struct oe_session **ps)
{
    struct oe_session *s = oe_ses_memo.s;
    if (OE_UNLIKELY(oe_hnd_slot(sesid) != oe_ses_memo.slot || !s))
        return oe_ses_enter(sesid, kind, ps);
    uint64_t gen = oe_hnd_gen(sesid), seen;
    *ps = NULL;
    if (OE_UNLIKELY(!oe_own_enter(&s->own, gen, &seen))) /* LP(enter) inside */
        return oe_ses_claim_failed(s, gen, seen, kind);
    if (OE_UNLIKELY(!oe_ins_admits(atomic_load_explicit(&s->ins, memory_order_relaxed)) ||
                    !oe_ses_owner_ok(s, kind, oe_thread_id())))
        return oe_ses_admit(s, gen, kind, ps);
    *ps = s;
    return JET_errSuccess;
}

/* oe_ses_leave -- end the call. */
static inline void oe_ses_leave(struct oe_session *s)
{
    /* Relaxed: this thread holds the word in BUSY, so it reads its own
     * store; nobody else may change it until the release below. */
    oe_own_leave(&s->own, oe_own_gen(atomic_load_explicit(&s->own, memory_order_relaxed)));
}

/* oe_ses_leave_sesid -- oe_ses_leave for a caller that entered with sesid:
 * the generation comes from the handle (the claim proved they are equal),
 * so leaving is a single store with no load of the owner word. */
static inline void oe_ses_leave_sesid(struct oe_session *s, JET_SESID sesid)
{
    oe_own_leave(&s->own, oe_hnd_gen(sesid));
}

/* oe_ses_handle -- the JET_SESID of a claimed session. */
JET_SESID oe_ses_handle(struct oe_session *s);

JET_ERR oe_ses_begin(JET_INSTANCE inst, JET_SESID *psesid);
JET_ERR oe_ses_begin_on(struct oe_instance *ins, JET_SESID *psesid);
/* oe_ses_end -- JetEndSession on a session claimed with OE_ENTER_END; on
 * success the session is gone (do not leave it); on failure it is still
 * claimed and the caller leaves it. */
JET_ERR oe_ses_end(struct oe_session *s);
JET_ERR oe_ses_set_context(struct oe_session *s, JET_API_PTR ctx);
JET_ERR oe_ses_reset_context(struct oe_session *s);

/* oe_ses_teardown -- roll back every level and close everything the session
 * owns (shared by JetEndSession and JetTerm). Allocates nothing. */
JET_ERR oe_ses_teardown(struct oe_session *s);

/* For JetTerm: visit the slot table. */
uint32_t oe_ses_table_high_water(void);
struct oe_session *oe_ses_at(uint32_t slot);
/* oe_ses_release_slot -- free a claimed session's slot (after teardown). */
void oe_ses_release_slot(struct oe_session *s, int by_term);

#endif
