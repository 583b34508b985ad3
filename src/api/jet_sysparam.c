/*
 * jet_sysparam.c -- JetSetSystemParameter / JetGetSystemParameter.
 *
 * The sesid argument is accepted and ignored: no parameter openese knows is
 * per session (ESE uses it for a few session-scoped settings).
 */
#include "api.h"
#include "core/instance.h"
#include "jet_errors.h"

OE_API JetSetSystemParameterA(JET_INSTANCE *pinstance, JET_SESID sesid, uint32_t paramid,
                              JET_API_PTR lParam, const char *szParam)
{
    (void)sesid;
    return oe_api_return(oe_ins_set_param(pinstance, paramid, lParam, szParam));
}

OE_API JetGetSystemParameterA(JET_INSTANCE instance, JET_SESID sesid, uint32_t paramid,
                              JET_API_PTR *plParam, char *szParam, uint32_t cbMax)
{
    (void)sesid;
    if (paramid == JET_paramErrorToString) {
        /* In: *plParam holds the error code. Out: "JET_errName, message". */
        if (!plParam)
            return JET_errInvalidParameter;
        return oe_api_return(oe_err_to_string((JET_ERR)(intptr_t)*plParam, szParam, cbMax));
    }
    return oe_api_return(oe_ins_get_param(instance, paramid, plParam, szParam, cbMax));
}

#undef JetSetSystemParameter
#undef JetGetSystemParameter
JET_EXPORT __typeof__(JetSetSystemParameterA) JetSetSystemParameter OE_ALIAS(JetSetSystemParameter, JetSetSystemParameterA);
JET_EXPORT __typeof__(JetGetSystemParameterA) JetGetSystemParameter OE_ALIAS(JetGetSystemParameter, JetGetSystemParameterA);
