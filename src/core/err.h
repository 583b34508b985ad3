/*
 * err.h -- the engine's error idiom.
 *
 * JET_ERR: < 0 is an error, > 0 a warning, 0 success (ESE's convention).
 *
 *   JET_ERR err = JET_errSuccess;
 *   OE_CALL(f());          on error, jump to handle_error (warnings pass)
 *   OE_CALL_R(f());        on error, return it
 *   OE_ERROR(JET_errX);    set err and jump to handle_error
 *   OE_TRET(f());          in cleanup: keep the first error, run anyway
 *
 * OE_ERR(code) marks where an error is born; in debug builds it records
 * file:line in a thread-local so a failing test can say where it came from.
 *
 * Internal codes (below OE_ERR_INTERNAL_BASE) never leave src/core: the API
 * layer asserts they were mapped (oe_err_is_internal).
 */
#ifndef OE_CORE_ERR_H
#define OE_CORE_ERR_H

#include "esent.h"

/* Internal-only codes: far outside ESE's range. */
#define OE_ERR_INTERNAL_BASE (-100000)
#define oe_errRestart (-100001)   /* a lock-free step lost a race: retry */
#define oe_errNotFound (-100002)  /* a lookup found nothing: caller maps it */

static inline int oe_err_is_internal(JET_ERR e) { return e <= OE_ERR_INTERNAL_BASE; }

#ifndef NDEBUG
extern _Thread_local const char *oe_err_file;
extern _Thread_local int oe_err_line;
#define OE_ERR(code) (oe_err_file = __FILE__, oe_err_line = __LINE__, (JET_ERR)(code))
#else
#define OE_ERR(code) ((JET_ERR)(code))
#endif

#define OE_CALL(expr)                                                          \
    do {                                                                       \
        if ((err = (expr)) < 0)                                                \
            goto handle_error;                                                 \
    } while (0)

#define OE_CALL_R(expr)                                                        \
    do {                                                                       \
        JET_ERR err_r_ = (expr);                                               \
        if (err_r_ < 0)                                                        \
            return err_r_;                                                     \
    } while (0)

#define OE_ERROR(code)                                                         \
    do {                                                                       \
        err = OE_ERR(code);                                                    \
        goto handle_error;                                                     \
    } while (0)

#define OE_TRET(expr)                                                          \
    do {                                                                       \
        JET_ERR err_t_ = (expr);                                               \
        if (err_t_ < 0 && err >= 0)                                            \
            err = err_t_;                                                      \
    } while (0)

#endif
