/*
 * temp_dispatch.h -- how a cursor entry point reaches a temp table.
 *
 * Table cursors and temp tables share the JET_TABLEID space: temp-table
 * handles carry the top bit of the slot field (core/temptable.h). Each
 * cursor entry point starts with TEMP_DISPATCH: a temp handle enters the
 * session, resolves the temp table (s_ and tt in scope for `call`), runs
 * the temp implementation and returns; any other handle falls through to
 * the table path. The check is one bit test, so table calls pay nothing.
 */
#ifndef OE_API_TEMP_DISPATCH_H
#define OE_API_TEMP_DISPATCH_H

#include "api.h"
#include "core/session.h"
#include "core/temptable.h"

#define TEMP_DISPATCH(sesid, tableid, call)                         \
    do {                                                            \
        if (oe_tt_is_handle(tableid)) {                             \
            struct oe_session *s_;                                  \
            struct oe_tt *tt;                                       \
            JET_ERR e_ = oe_tt_enter((sesid), (tableid), &s_, &tt); \
            if (e_ >= 0) {                                          \
                e_ = (call);                                        \
                oe_ses_leave(s_);                                   \
            }                                                       \
            return oe_api_return(e_);                               \
        }                                                           \
    } while (0)

#endif
