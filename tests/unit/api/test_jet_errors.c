/*
 * test_jet_errors.c -- the error table (src/api/jet_errors.{def,c}) against
 * esent.h.
 *
 * - Each OE_ERRDEF row carries its macro's value and name, in .def order.
 * - Values and names are unique; errors are negative, warnings positive
 *   (ESE's one exception, JET_wrnNyi = -1, is checked as such).
 * - Completeness: src/api/esent.h is parsed at test time and every numeric
 *   #define JET_err* / JET_wrn* must be a table row with the same value,
 *   every alias #define an alias row with its target's value, and the
 *   counts must match (so the table has nothing esent.h lacks either).
 * - oe_err_to_string: format, unknown codes, truncation, bad arguments.
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/jet_errors.h"

/* An independent expansion of the .def: what each row must hold. */
static const struct {
    JET_ERR value;
    const char *name;
} expected_rows[] = {
#define OE_ERRDEF(name, message) {name, #name},
#include "api/jet_errors.def"
#undef OE_ERRDEF
};
#define N_EXPECTED (sizeof expected_rows / sizeof expected_rows[0])

static const struct {
    JET_ERR value;
    const char *name;
} expected_aliases[] = {
#define OE_ERRDEF(name, message)
#define OE_ERRALIAS(alias, target) {alias, #alias},
#include "api/jet_errors.def"
#undef OE_ERRALIAS
#undef OE_ERRDEF
};
#define N_EXPECTED_ALIASES (sizeof expected_aliases / sizeof expected_aliases[0])

/* find_row -- table row with this name, or NULL */
static const struct oe_err_info *find_row(const char *name)
{
    for (size_t i = 0; i < oe_err_count(); i++)
        if (strcmp(oe_err_at(i)->name, name) == 0)
            return oe_err_at(i);
    return NULL;
}

/* find_alias -- alias row with this name, or NULL */
static const struct oe_err_alias *find_alias(const char *name)
{
    for (size_t i = 0; i < oe_err_alias_count(); i++)
        if (strcmp(oe_err_alias_at(i)->name, name) == 0)
            return oe_err_alias_at(i);
    return NULL;
}

Test(jet_errors, rows_hold_their_macro)
{
    cr_assert_eq(oe_err_count(), N_EXPECTED);
    for (size_t i = 0; i < N_EXPECTED; i++) {
        const struct oe_err_info *e = oe_err_at(i);
        cr_assert_not_null(e);
        cr_expect_eq(e->value, expected_rows[i].value, "%s", expected_rows[i].name);
        cr_expect_str_eq(e->name, expected_rows[i].name);
        cr_expect_eq(oe_err_lookup(expected_rows[i].value), e, "%s", e->name);
        cr_expect_str_eq(oe_err_name(expected_rows[i].value), expected_rows[i].name);
        cr_expect_eq(oe_err_message(expected_rows[i].value), e->message);
    }
    cr_expect_null(oe_err_at(N_EXPECTED));
    cr_expect_null(oe_err_at((size_t)-1));
}

Test(jet_errors, values_and_names_unique)
{
    size_t n = oe_err_count();
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            cr_expect_neq(oe_err_at(i)->value, oe_err_at(j)->value, "%s and %s share a value",
                          oe_err_at(i)->name, oe_err_at(j)->name);
            cr_expect_str_neq(oe_err_at(i)->name, oe_err_at(j)->name);
        }
}

Test(jet_errors, prefixes_signs_and_messages)
{
    for (size_t i = 0; i < oe_err_count(); i++) {
        const struct oe_err_info *e = oe_err_at(i);
        size_t len = strlen(e->message);
        int is_err = strncmp(e->name, "JET_err", 7) == 0;
        int is_wrn = strncmp(e->name, "JET_wrn", 7) == 0;
        cr_expect(is_err || is_wrn, "%s: bad prefix", e->name);
        if (is_err)
            cr_expect(e->value <= 0, "%s: errors are <= 0", e->name);
        if (is_wrn && e->value != JET_wrnNyi)
            cr_expect(e->value > 0, "%s: warnings are > 0", e->name);
        cr_expect(len > 0 && len < 80, "%s: message length %zu", e->name, len);
        cr_expect(isupper((unsigned char)e->message[0]), "%s: sentence case", e->name);
        cr_expect_neq(e->message[len - 1], '.', "%s: no final period", e->name);
    }
    cr_expect_eq(JET_wrnNyi, -1);
    cr_expect_str_eq(oe_err_name(-1), "JET_wrnNyi");
}

Test(jet_errors, unknown_values)
{
    static const JET_ERR unknown[] = {-2, 1, 2, -104, 1005, -1106, 5000, -100000, INT32_MIN, INT32_MAX};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        cr_expect_null(oe_err_lookup(unknown[i]), "%d", unknown[i]);
        cr_expect_null(oe_err_name(unknown[i]));
        cr_expect_null(oe_err_message(unknown[i]));
    }
}

Test(jet_errors, aliases)
{
    cr_assert_eq(oe_err_alias_count(), N_EXPECTED_ALIASES);
    cr_expect_null(oe_err_alias_at(N_EXPECTED_ALIASES));
    for (size_t i = 0; i < N_EXPECTED_ALIASES; i++) {
        const struct oe_err_alias *a = oe_err_alias_at(i);
        cr_expect_str_eq(a->name, expected_aliases[i].name);
        cr_expect_eq(a->value, expected_aliases[i].value);
        cr_expect_not_null(oe_err_lookup(a->value), "%s targets an unknown code", a->name);
        cr_expect_null(find_row(a->name), "%s is an alias, not a row", a->name);
        /* the canonical name wins */
        cr_expect_str_neq(oe_err_name(a->value), a->name);
    }
}

/* esent_h_path -- src/api/esent.h, found from the build or from this file */
static void esent_h_path(char *out, size_t cb)
{
#ifdef OE_SOURCE_DIR
    snprintf(out, cb, "%s/src/api/esent.h", OE_SOURCE_DIR);
#else
    const char *self = __FILE__;
    const char *slash = strrchr(self, '/');
    int dirlen = slash ? (int)(slash - self) : 1;
    snprintf(out, cb, "%.*s/../../../src/api/esent.h", dirlen, slash ? self : ".");
#endif
}

/* parse_value -- integer in "(-1104)", "1004", "0x20"; 0 when not numeric */
static int parse_value(const char *tok, long *out)
{
    char buf[64];
    size_t n = 0;
    for (const char *p = tok; *p && n + 1 < sizeof buf; p++)
        if (*p != '(' && *p != ')')
            buf[n++] = *p;
    buf[n] = '\0';
    char *end;
    *out = strtol(buf, &end, 0);
    return n > 0 && *end == '\0';
}

Test(jet_errors, table_is_complete_against_esent_h)
{
    char path[4096];
    esent_h_path(path, sizeof path);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);

    char line[1024];
    size_t numeric = 0, aliases = 0;
    while (fgets(line, sizeof line, f)) {
        char name[256], value[256];
        if (sscanf(line, " #define %255s %255s", name, value) != 2)
            continue;
        if (strncmp(name, "JET_err", 7) != 0 && strncmp(name, "JET_wrn", 7) != 0)
            continue;
        if (strncmp(value, "JET_", 4) == 0) {
            const struct oe_err_alias *a = find_alias(name);
            const struct oe_err_info *target = find_row(value);
            aliases++;
            cr_expect_not_null(a, "alias %s missing from jet_errors.def", name);
            cr_expect_not_null(target, "%s aliases %s, which has no row", name, value);
            if (a && target)
                cr_expect_eq(a->value, target->value, "%s", name);
        } else {
            long v;
            const struct oe_err_info *e = find_row(name);
            numeric++;
            cr_expect(parse_value(value, &v), "%s: cannot parse '%s'", name, value);
            cr_expect_not_null(e, "%s missing from jet_errors.def", name);
            if (e)
                cr_expect_eq((long)e->value, v, "%s", name);
        }
    }
    fclose(f);
    cr_expect_eq(numeric, oe_err_count(), "esent.h has %zu codes, table %zu", numeric, oe_err_count());
    cr_expect_eq(aliases, oe_err_alias_count());
}

Test(jet_errors, to_string_known_codes)
{
    char buf[256];
    cr_assert_eq(oe_err_to_string(JET_errInvalidSesid, buf, sizeof buf), JET_errSuccess);
    cr_expect_eq(strncmp(buf, "JET_errInvalidSesid, ", 21), 0, "got '%s'", buf);
    cr_expect_str_eq(buf + 21, oe_err_message(JET_errInvalidSesid));

    for (size_t i = 0; i < oe_err_count(); i++) {
        const struct oe_err_info *e = oe_err_at(i);
        char want[256];
        snprintf(want, sizeof want, "%s, %s", e->name, e->message);
        cr_assert_eq(oe_err_to_string(e->value, buf, sizeof buf), JET_errSuccess);
        cr_expect_str_eq(buf, want);
    }
}

Test(jet_errors, to_string_unknown_codes)
{
    char buf[64];
    cr_assert_eq(oe_err_to_string(-12345, buf, sizeof buf), JET_errSuccess);
    cr_expect_str_eq(buf, "Unknown error -12345");
    cr_assert_eq(oe_err_to_string(1005, buf, sizeof buf), JET_errSuccess);
    cr_expect_str_eq(buf, "Unknown error 1005");
    cr_assert_eq(oe_err_to_string(INT32_MIN, buf, sizeof buf), JET_errSuccess);
    cr_expect_str_eq(buf, "Unknown error -2147483648");
}

Test(jet_errors, to_string_truncates_safely)
{
    char full[256], buf[256];
    cr_assert_eq(oe_err_to_string(JET_errSessionInUse, full, sizeof full), JET_errSuccess);
    uint32_t len = (uint32_t)strlen(full);

    /* exactly enough room (text + NUL) */
    memset(buf, 'x', sizeof buf);
    cr_expect_eq(oe_err_to_string(JET_errSessionInUse, buf, len + 1), JET_errSuccess);
    cr_expect_str_eq(buf, full);

    /* every shorter size: cut, terminated, nothing written past cbMax */
    for (uint32_t cb = 1; cb <= len; cb++) {
        memset(buf, 'x', sizeof buf);
        cr_expect_eq(oe_err_to_string(JET_errSessionInUse, buf, cb), JET_errBufferTooSmall, "cb=%u", cb);
        cr_expect_eq(strlen(buf), cb - 1, "cb=%u", cb);
        cr_expect_eq(strncmp(buf, full, cb - 1), 0, "cb=%u", cb);
        cr_expect_eq(buf[cb], 'x', "cb=%u: wrote past the buffer", cb);
    }

    /* unknown codes truncate the same way */
    memset(buf, 'x', sizeof buf);
    cr_expect_eq(oe_err_to_string(-12345, buf, 8), JET_errBufferTooSmall);
    cr_expect_str_eq(buf, "Unknown");
    cr_expect_eq(buf[8], 'x');
}

Test(jet_errors, to_string_bad_arguments)
{
    char buf[4] = {'x', 'x', 'x', 'x'};
    cr_expect_eq(oe_err_to_string(JET_errSuccess, NULL, 64), JET_errInvalidParameter);
    cr_expect_eq(oe_err_to_string(JET_errSuccess, buf, 0), JET_errInvalidParameter);
    cr_expect_eq(buf[0], 'x', "cbMax 0 must not write");
    cr_expect_eq(oe_err_to_string(JET_errSuccess, NULL, 0), JET_errInvalidParameter);
}
