/*
 * jet_errors.c -- read-only tables and lookups built from jet_errors.def.
 *
 * Three expansions of the X-macro list:
 *   1. an enum giving each code its row number in err_table;
 *   2. err_table itself: {value, "name", "message"} in .def order;
 *   3. a switch from value to row number (err_row).  A duplicate value is a
 *      duplicate case label, i.e. a compile error, so uniqueness of values
 *      is enforced by the build, not only by the tests.
 * Everything is const data initialised at compile time: no lazy init, no
 * locks, callable from any thread.
 */
#include "jet_errors.h"

#include <limits.h>
#include <stdio.h>

enum {
#define OE_ERRDEF(name, message) ERR_ROW_##name,
#include "jet_errors.def"
#undef OE_ERRDEF
    ERR_ROW_COUNT
};

static const struct oe_err_info err_table[ERR_ROW_COUNT] = {
#define OE_ERRDEF(name, message) {name, #name, message},
#include "jet_errors.def"
#undef OE_ERRDEF
};

#define OE_ERRDEF(name, message)
#define OE_ERRALIAS(alias, target) {#alias, target},
static const struct oe_err_alias err_aliases[] = {
#include "jet_errors.def"
};
#undef OE_ERRALIAS
#undef OE_ERRDEF

/* err_row -- row of err in err_table, or -1 when esent.h has no such code */
static int err_row(JET_ERR err)
{
    switch (err) {
#define OE_ERRDEF(name, message)                                               \
    case name:                                                                 \
        return ERR_ROW_##name;
#include "jet_errors.def"
#undef OE_ERRDEF
    default:
        return -1;
    }
}

/* oe_err_count -- number of codes, so callers can walk the table */
size_t oe_err_count(void)
{
    return ERR_ROW_COUNT;
}

/* oe_err_at -- i-th code in jet_errors.def order; NULL past the end */
const struct oe_err_info *oe_err_at(size_t i)
{
    return i < ERR_ROW_COUNT ? &err_table[i] : NULL;
}

/* oe_err_lookup -- the entry for a code; NULL when esent.h has no such code */
const struct oe_err_info *oe_err_lookup(JET_ERR err)
{
    int row = err_row(err);
    return row < 0 ? NULL : &err_table[row];
}

/* oe_err_name -- canonical macro name of a code (aliases never win) */
const char *oe_err_name(JET_ERR err)
{
    const struct oe_err_info *e = oe_err_lookup(err);
    return e ? e->name : NULL;
}

/* oe_err_message -- the short message of a code; NULL when unknown */
const char *oe_err_message(JET_ERR err)
{
    const struct oe_err_info *e = oe_err_lookup(err);
    return e ? e->message : NULL;
}

/* oe_err_alias_count -- number of alias names in esent.h */
size_t oe_err_alias_count(void)
{
    return sizeof err_aliases / sizeof err_aliases[0];
}

/* oe_err_alias_at -- i-th alias; NULL past the end */
const struct oe_err_alias *oe_err_alias_at(size_t i)
{
    return i < oe_err_alias_count() ? &err_aliases[i] : NULL;
}

/*
 * oe_err_to_string -- the text JET_paramErrorToString hands back:
 * "JET_errInvalidSesid, <message>", or "Unknown error <n>" for a value
 * esent.h does not define.  The result is always NUL-terminated; when it
 * does not fit it is cut at cbMax - 1 bytes and JET_errBufferTooSmall is
 * returned.  A NULL buffer or a zero size is JET_errInvalidParameter and
 * writes nothing.
 */
JET_ERR oe_err_to_string(JET_ERR err, char *buf, uint32_t cbMax)
{
    const struct oe_err_info *e;
    size_t cb;
    int n;

    if (buf == NULL || cbMax == 0)
        return JET_errInvalidParameter;
    cb = cbMax > INT_MAX ? (size_t)INT_MAX : (size_t)cbMax;
    e = oe_err_lookup(err);
    if (e != NULL)
        n = snprintf(buf, cb, "%s, %s", e->name, e->message);
    else
        n = snprintf(buf, cb, "Unknown error %ld", (long)err);
    if (n < 0) {
        buf[0] = '\0';
        return JET_errInternalError;
    }
    return (size_t)n >= cb ? JET_errBufferTooSmall : JET_errSuccess;
}
