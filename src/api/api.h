/*
 * api.h -- what every Jet* entry point shares.
 *
 * The API layer is thin (style.md 11): validate arguments, enter the
 * session (one CAS, sync/owner.h), call core, leave, and return a
 * documented code. OE_API_RETURN asserts in debug builds that no
 * engine-internal code (err.h) escapes.
 */
#ifndef OE_API_API_H
#define OE_API_API_H

#include <assert.h>

#include "esent.h"
#include "core/err.h"

#define OE_API JET_EXPORT JET_ERR JET_API

static inline JET_ERR oe_api_return(JET_ERR err)
{
    assert(!oe_err_is_internal(err));
    return err;
}

/* OE_ALIAS -- export the bare ESE name as an alias of the narrow variant, as
 * esent.dll does (esent.h maps the bare name to ...A with a macro, so the
 * macro is removed first). Must follow the definition of `target`. */
#define OE_ALIAS(bare, target) __attribute__((alias(#target), visibility("default")))

#endif
