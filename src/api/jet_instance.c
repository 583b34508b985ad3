/*
 * jet_instance.c -- instance entry points: create, init, term, stop service.
 */
#include "api.h"
#include "core/instance.h"

OE_API JetCreateInstance2A(JET_INSTANCE *pinstance, const char *szInstanceName,
                           const char *szDisplayName, JET_GRBIT grbit)
{
    return oe_api_return(oe_ins_create(pinstance, szInstanceName, szDisplayName, grbit));
}

OE_API JetCreateInstanceA(JET_INSTANCE *pinstance, const char *szInstanceName)
{
    return oe_api_return(oe_ins_create(pinstance, szInstanceName, szInstanceName, 0));
}

OE_API JetInit(JET_INSTANCE *pinstance)
{
    return oe_api_return(oe_ins_init(pinstance, 0, 0));
}

OE_API JetInit2(JET_INSTANCE *pinstance, JET_GRBIT grbit)
{
    return oe_api_return(oe_ins_init(pinstance, 0, grbit));
}

OE_API JetInit3A(JET_INSTANCE *pinstance, JET_RSTINFO_A *prstInfo, JET_GRBIT grbit)
{
    /* A restore map asks for recovery from backup: not built yet. */
    return oe_api_return(oe_ins_init(pinstance, prstInfo != NULL, grbit));
}

OE_API JetTerm(JET_INSTANCE instance)
{
    return oe_api_return(oe_ins_term(instance, JET_bitTermAbrupt));
}

OE_API JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit)
{
    return oe_api_return(oe_ins_term(instance, grbit));
}

OE_API JetStopService(void)
{
    return oe_api_return(oe_ins_stop_service_legacy());
}

OE_API JetStopServiceInstance(JET_INSTANCE instance)
{
    return oe_api_return(oe_ins_stop_service(instance, JET_bitStopServiceAll));
}

OE_API JetStopServiceInstance2(JET_INSTANCE instance, JET_GRBIT grbit)
{
    return oe_api_return(oe_ins_stop_service(instance, grbit));
}

#undef JetCreateInstance
#undef JetCreateInstance2
#undef JetInit3
JET_EXPORT __typeof__(JetCreateInstanceA) JetCreateInstance OE_ALIAS(JetCreateInstance, JetCreateInstanceA);
JET_EXPORT __typeof__(JetCreateInstance2A) JetCreateInstance2 OE_ALIAS(JetCreateInstance2, JetCreateInstance2A);
JET_EXPORT __typeof__(JetInit3A) JetInit3 OE_ALIAS(JetInit3, JetInit3A);
