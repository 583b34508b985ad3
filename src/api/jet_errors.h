/*
 * jet_errors.h -- names and messages of every JET_err / JET_wrn code.
 *
 * The data lives in jet_errors.def (one OE_ERRDEF line per code of
 * esent.h); this module turns it into read-only tables and lookups:
 *
 *   oe_err_name(err)       "JET_errInvalidSesid", or NULL if unknown
 *   oe_err_message(err)    short English message, or NULL if unknown
 *   oe_err_count/oe_err_at all entries, in jet_errors.def order
 *   oe_err_alias_count/at  esent.h names that alias another code
 *   oe_err_to_string       "JET_errInvalidSesid, <message>" into a caller
 *                          buffer, as JET_paramErrorToString returns it
 *
 * Invariants: every table is `static const`, built by the compiler; there
 * is no initialisation step, so every function is safe from any thread at
 * any time (including before JetInit).  Lookup by value is a switch
 * generated from the .def (the compiler emits a jump table or a binary
 * search) and also proves at compile time that no two codes share a value.
 */
#ifndef OE_API_JET_ERRORS_H
#define OE_API_JET_ERRORS_H

#include <stddef.h>
#include <stdint.h>

#include "esent.h"

/* One code of esent.h. [imm] */
struct oe_err_info {
    JET_ERR value;
    const char *name;    /* the esent.h macro name, e.g. "JET_errInvalidSesid" */
    const char *message; /* openese's own short wording */
};

/* An esent.h name defined as another code, e.g. JET_wrnRecordFoundLess. [imm] */
struct oe_err_alias {
    const char *name;
    JET_ERR value;
};

size_t oe_err_count(void);
const struct oe_err_info *oe_err_at(size_t i);
const struct oe_err_info *oe_err_lookup(JET_ERR err);
const char *oe_err_name(JET_ERR err);
const char *oe_err_message(JET_ERR err);

size_t oe_err_alias_count(void);
const struct oe_err_alias *oe_err_alias_at(size_t i);

JET_ERR oe_err_to_string(JET_ERR err, char *buf, uint32_t cbMax);

#endif
