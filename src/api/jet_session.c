/*
 * jet_session.c -- session entry points.
 */
#include "api.h"
#include "core/session.h"

OE_API JetBeginSessionA(JET_INSTANCE instance, JET_SESID *psesid, const char *szUserName,
                        const char *szPassword)
{
    (void)szUserName; /* ESE ignores credentials */
    (void)szPassword;
    if (!psesid)
        return JET_errInvalidParameter;
    *psesid = JET_sesidNil;
    return oe_api_return(oe_ses_begin(instance, psesid));
}

OE_API JetDupSession(JET_SESID sesid, JET_SESID *psesid)
{
    struct oe_session *s;
    if (!psesid)
        return JET_errInvalidParameter;
    *psesid = JET_sesidNil;
    JET_ERR err = oe_ses_enter_inline(sesid, OE_ENTER_NORMAL, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_ses_begin_on(atomic_load_explicit(&s->ins, memory_order_relaxed), psesid);
    oe_ses_leave_sesid(s, sesid);
    return oe_api_return(err);
}

OE_API JetEndSession(JET_SESID sesid, JET_GRBIT grbit)
{
    struct oe_session *s;
    JET_ERR err = oe_ses_enter_inline(sesid, OE_ENTER_END, &s);
    if (err < 0)
        return oe_api_return(err);
    if (grbit & ~(JET_GRBIT)JET_bitForceSessionClosed) {
        oe_ses_leave_sesid(s, sesid);
        return JET_errInvalidParameter;
    }
    err = oe_ses_end(s);
    if (err < 0)
        oe_ses_leave_sesid(s, sesid); /* teardown failed: the session stays usable */
    return oe_api_return(err);
}

OE_API JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext)
{
    struct oe_session *s;
    JET_ERR err = oe_ses_enter_inline(sesid, OE_ENTER_SET_CTX, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_ses_set_context(s, ulContext);
    oe_ses_leave_sesid(s, sesid);
    return oe_api_return(err);
}

OE_API JetResetSessionContext(JET_SESID sesid)
{
    struct oe_session *s;
    JET_ERR err = oe_ses_enter_inline(sesid, OE_ENTER_RESET_CTX, &s);
    if (err < 0)
        return oe_api_return(err);
    err = oe_ses_reset_context(s);
    oe_ses_leave_sesid(s, sesid);
    return oe_api_return(err);
}

#undef JetBeginSession
JET_EXPORT __typeof__(JetBeginSessionA) JetBeginSession OE_ALIAS(JetBeginSession, JetBeginSessionA);
