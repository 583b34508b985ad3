/*
 * test_sysparam.c -- white-box tests of the parameter table and value
 * handling (src/core/sysparam.c).
 *
 * Every row is checked against its own declared range (default inside,
 * bounds accepted, one past each bound rejected) so that a new row with an
 * inconsistent range fails here; the rows the lead's decisions pin down
 * (MaxSessions, MaxOpenTables, ...) are checked by value. Values round-trip
 * through store/load; string loads honour the buffer size; copies are deep;
 * init_defaults and copy fail cleanly under injected allocation failure,
 * with the live-block count back at its baseline.
 */
#include <criterion/criterion.h>

#include <string.h>

#include "core/sysparam.h"
#include "sync/alloc.h"

static int count_strings(void)
{
    int n = 0;
    for (int i = 0; i < OE_P_COUNT; i++)
        n += oe_par_at(i)->type == OE_PAR_STR;
    return n;
}

Test(sysparam, table_indexes_and_ids)
{
    cr_assert_null(oe_par_at(-1));
    cr_assert_null(oe_par_at(OE_P_COUNT));
    for (int i = 0; i < OE_P_COUNT; i++) {
        const struct oe_param_def *d = oe_par_at(i);
        cr_assert_not_null(d, "row %d", i);
        cr_assert_not_null(d->name, "row %d has no name", i);
        int idx = -1;
        cr_assert_eq(oe_par_find(d->id, &idx), d, "%s: find(%u) returns another row", d->name, d->id);
        cr_assert_eq(idx, i, "%s: find gives index %d, not %d (duplicate id?)", d->name, idx, i);
        cr_assert_eq(oe_par_find(d->id, NULL), d);
    }
    cr_assert_null(oe_par_find(999999, NULL));
    cr_assert_eq(oe_par_find(0, NULL), oe_par_at(OE_P_SYSTEM_PATH), "id 0 is JET_paramSystemPath");
    cr_assert_null(oe_par_find(UINT32_MAX, NULL));
}

Test(sysparam, every_row_default_in_range_and_bounds_enforced)
{
    for (int i = 0; i < OE_P_COUNT; i++) {
        const struct oe_param_def *d = oe_par_at(i);
        switch (d->type) {
        case OE_PAR_INT:
            cr_assert_leq(d->min, d->max, "%s: min > max", d->name);
            cr_assert(d->def >= d->min && d->def <= d->max, "%s: default %lu outside [%lu,%lu]", d->name,
                      (unsigned long)d->def, (unsigned long)d->min, (unsigned long)d->max);
            cr_assert_eq(oe_par_validate(d, (JET_API_PTR)d->def, NULL), 0, "%s default", d->name);
            cr_assert_eq(oe_par_validate(d, (JET_API_PTR)d->min, NULL), 0, "%s min", d->name);
            cr_assert_eq(oe_par_validate(d, (JET_API_PTR)d->max, NULL), 0, "%s max", d->name);
            if (d->min > 0)
                cr_assert_eq(oe_par_validate(d, (JET_API_PTR)(d->min - 1), NULL), JET_errInvalidParameter,
                             "%s min-1 accepted", d->name);
            cr_assert_eq(oe_par_validate(d, (JET_API_PTR)(d->max + 1), NULL), JET_errInvalidParameter,
                         "%s max+1 accepted", d->name);
            cr_assert_eq(oe_par_validate(d, (JET_API_PTR)-1, NULL), JET_errInvalidParameter,
                         "%s (JET_API_PTR)-1 accepted", d->name);
            break;
        case OE_PAR_BOOL:
            cr_assert(d->def == 0 || d->def == 1, "%s: boolean default %lu", d->name, (unsigned long)d->def);
            cr_assert_eq(oe_par_validate(d, 0, NULL), 0);
            cr_assert_eq(oe_par_validate(d, 1, NULL), 0);
            break;
        case OE_PAR_STR: {
            cr_assert_not_null(d->def_str, "%s: no default string", d->name);
            size_t n = strlen(d->def_str);
            cr_assert(n >= d->min && n <= d->max, "%s: default \"%s\" length outside [%lu,%lu]", d->name,
                      d->def_str, (unsigned long)d->min, (unsigned long)d->max);
            cr_assert_eq(oe_par_validate(d, 0, d->def_str), 0, "%s default", d->name);
            cr_assert_eq(oe_par_validate(d, 0, NULL), JET_errInvalidParameter, "%s NULL", d->name);
            char buf[600];
            cr_assert_lt(d->max + 1, sizeof(buf));
            memset(buf, 'a', d->max);
            buf[d->max] = '\0';
            cr_assert_eq(oe_par_validate(d, 0, buf), 0, "%s length max", d->name);
            memset(buf, 'a', d->max + 1);
            buf[d->max + 1] = '\0';
            cr_assert_eq(oe_par_validate(d, 0, buf), JET_errInvalidParameter, "%s length max+1", d->name);
            if (d->min > 0) {
                memset(buf, 'a', d->min - 1);
                buf[d->min - 1] = '\0';
                cr_assert_eq(oe_par_validate(d, 0, buf), JET_errInvalidParameter, "%s length min-1", d->name);
            }
            break;
        }
        case OE_PAR_SPECIAL:
        default:
            cr_assert_eq(oe_par_validate(d, 0, NULL), JET_errInvalidParameter, "%s is not settable", d->name);
            break;
        }
    }
}

/* row -- the row of a JET_param id, with its index. */
static const struct oe_param_def *row(uint32_t id, int *pi)
{
    const struct oe_param_def *d = oe_par_find(id, pi);
    cr_assert_not_null(d, "param %u missing", id);
    return d;
}

Test(sysparam, decided_rows)
{
    int i;
    const struct oe_param_def *d = row(JET_paramMaxSessions, &i);
    cr_assert_eq(i, OE_P_MAX_SESSIONS);
    cr_assert_eq(d->def, 16);
    cr_assert_eq(oe_par_validate(d, 0, NULL), 0);
    cr_assert_eq(oe_par_validate(d, 30000, NULL), 0);
    cr_assert_eq(oe_par_validate(d, 30001, NULL), JET_errInvalidParameter);
    cr_assert(d->flags & OE_PAR_LOCKED);
    cr_assert_not(d->flags & OE_PAR_GLOBAL);

    struct { uint32_t id; int index; uint64_t def; uint64_t min; } ints[] = {
        {JET_paramMaxOpenTables, OE_P_MAX_OPEN_TABLES, 300, 1},
        {JET_paramMaxCursors, OE_P_MAX_CURSORS, 1024, 1},
        {JET_paramMaxVerPages, OE_P_MAX_VER_PAGES, 64, 1},
        {JET_paramMaxTemporaryTables, OE_P_MAX_TEMP_TABLES, 20, 0},
    };
    for (size_t k = 0; k < sizeof(ints) / sizeof(ints[0]); k++) {
        d = row(ints[k].id, &i);
        cr_assert_eq(i, ints[k].index, "%s index", d->name);
        cr_assert_eq(d->def, ints[k].def, "%s default", d->name);
        cr_assert_eq(d->min, ints[k].min, "%s minimum", d->name);
        cr_assert(d->flags & OE_PAR_LOCKED, "%s must be locked after init", d->name);
    }
    /* Global MaxInstances (104), default 16, locked. */
    d = row(104, &i);
    cr_assert_eq(i, OE_P_MAX_INSTANCES);
    cr_assert_eq(d->def, 16);
    cr_assert((d->flags & (OE_PAR_GLOBAL | OE_PAR_LOCKED)) == (OE_PAR_GLOBAL | OE_PAR_LOCKED));
    /* CacheSizeMax stays writable after init. */
    d = row(JET_paramCacheSizeMax, &i);
    cr_assert_not(d->flags & OE_PAR_LOCKED);
    /* Locked strings with the 259-character path limit. */
    uint32_t paths[] = {JET_paramSystemPath, JET_paramTempPath, JET_paramLogFilePath};
    for (size_t k = 0; k < 3; k++) {
        d = row(paths[k], &i);
        cr_assert_eq(d->type, OE_PAR_STR);
        cr_assert_eq(d->max, 259, "%s limit", d->name);
        cr_assert(d->flags & OE_PAR_LOCKED);
    }
    /* ErrorToString (70) is read-only. */
    d = row(JET_paramErrorToString, &i);
    cr_assert(d->flags & OE_PAR_READONLY);
}

Test(sysparam, base_name_exactly_three)
{
    int i;
    const struct oe_param_def *d = row(JET_paramBaseName, &i);
    cr_assert_eq(i, OE_P_BASE_NAME);
    cr_assert_eq(d->type, OE_PAR_STR);
    cr_assert(d->flags & OE_PAR_LOCKED);
    cr_assert_str_eq(d->def_str, "edb");
    cr_assert_eq(oe_par_validate(d, 0, "edb"), 0);
    cr_assert_eq(oe_par_validate(d, 0, "abc"), 0);
    cr_assert_eq(oe_par_validate(d, 0, ""), JET_errInvalidParameter);
    cr_assert_eq(oe_par_validate(d, 0, "e"), JET_errInvalidParameter);
    cr_assert_eq(oe_par_validate(d, 0, "ed"), JET_errInvalidParameter);
    cr_assert_eq(oe_par_validate(d, 0, "edbx"), JET_errInvalidParameter);
    cr_assert_eq(oe_par_validate(d, 0, "a much longer base name"), JET_errInvalidParameter);
    cr_assert_eq(oe_par_validate(d, 0, NULL), JET_errInvalidParameter);
}

Test(sysparam, defaults_load_back)
{
    int64_t base = oe_alloc_live_blocks();
    struct oe_params p;
    cr_assert_eq(oe_par_init_defaults(&p), 0);
    cr_assert_eq(oe_alloc_live_blocks(), base + count_strings(), "one block per string value");
    for (int i = 0; i < OE_P_COUNT; i++) {
        const struct oe_param_def *d = oe_par_at(i);
        if (d->type == OE_PAR_STR) {
            char buf[300];
            cr_assert_eq(oe_par_load(&p, i, NULL, buf, sizeof(buf)), 0, "%s", d->name);
            cr_assert_str_eq(buf, d->def_str, "%s", d->name);
        } else if (d->type != OE_PAR_SPECIAL) {
            JET_API_PTR v = 12345;
            cr_assert_eq(oe_par_load(&p, i, &v, NULL, 0), 0, "%s", d->name);
            cr_assert_eq(v, (JET_API_PTR)d->def, "%s", d->name);
        }
    }
    oe_par_free(&p);
    cr_assert_eq(oe_alloc_live_blocks(), base);
    for (int i = 0; i < OE_P_COUNT; i++)
        cr_assert_null(p.sval[i], "free left a dangling string pointer");
    oe_par_free(&p); /* idempotent */
    cr_assert_eq(oe_alloc_live_blocks(), base);
}

Test(sysparam, store_load_round_trip)
{
    int64_t base = oe_alloc_live_blocks();
    struct oe_params p;
    cr_assert_eq(oe_par_init_defaults(&p), 0);
    for (int i = 0; i < OE_P_COUNT; i++) {
        const struct oe_param_def *d = oe_par_at(i);
        JET_API_PTR v = 0;
        switch (d->type) {
        case OE_PAR_INT: {
            JET_API_PTR vals[] = {(JET_API_PTR)d->min, (JET_API_PTR)d->max, (JET_API_PTR)((d->min + d->max) / 2)};
            for (int k = 0; k < 3; k++) {
                cr_assert_eq(oe_par_store(&p, i, vals[k], NULL), 0);
                cr_assert_eq(oe_par_load(&p, i, &v, NULL, 0), 0);
                cr_assert_eq(v, vals[k], "%s: stored %lu loaded %lu", d->name, (unsigned long)vals[k],
                             (unsigned long)v);
            }
            break;
        }
        case OE_PAR_BOOL:
            cr_assert_eq(oe_par_store(&p, i, 5, NULL), 0);
            cr_assert_eq(oe_par_load(&p, i, &v, NULL, 0), 0);
            cr_assert_eq(v, 1, "%s: non-zero is stored as true (1)", d->name);
            cr_assert_eq(oe_par_store(&p, i, 0, NULL), 0);
            cr_assert_eq(oe_par_load(&p, i, &v, NULL, 0), 0);
            cr_assert_eq(v, 0);
            break;
        case OE_PAR_STR: {
            char val[300], out[300];
            for (size_t len = d->min; len <= d->max; len += (d->max > 10 ? 37 : 1)) {
                for (size_t k = 0; k < len; k++)
                    val[k] = (char)('A' + (k + len) % 26);
                val[len] = '\0';
                cr_assert_eq(oe_par_store(&p, i, 0, val), 0);
                val[0] ^= 0x20; /* the table holds its own copy */
                memset(out, 0x7f, sizeof(out));
                cr_assert_eq(oe_par_load(&p, i, NULL, out, sizeof(out)), 0);
                val[0] ^= 0x20;
                cr_assert_str_eq(out, val, "%s length %zu", d->name, len);
            }
            cr_assert_eq(oe_alloc_live_blocks(), base + count_strings(), "%s: replaced strings leak", d->name);
            break;
        }
        default:
            break;
        }
    }
    oe_par_free(&p);
    cr_assert_eq(oe_alloc_live_blocks(), base);
}

Test(sysparam, string_load_buffer_rules)
{
    struct oe_params p;
    int i;
    row(JET_paramSystemPath, &i);
    cr_assert_eq(oe_par_init_defaults(&p), 0);
    char val[260];
    memset(val, 'p', 259);
    val[259] = '\0';
    cr_assert_eq(oe_par_store(&p, i, 0, val), 0);

    char out[300];
    memset(out, 0x11, sizeof(out));
    cr_assert_eq(oe_par_load(&p, i, NULL, out, 259), JET_errBufferTooSmall, "no room for the terminator");
    cr_assert_eq(out[0], 0x11, "a failed load wrote into the buffer");
    cr_assert_eq(oe_par_load(&p, i, NULL, out, 0), JET_errBufferTooSmall);
    cr_assert_eq(oe_par_load(&p, i, NULL, out, 260), 0, "exact fit");
    cr_assert_eq(strlen(out), 259);
    cr_assert_eq(out[260], 0x11, "wrote past the string's terminator");
    cr_assert_eq(oe_par_load(&p, i, NULL, NULL, 300), JET_errInvalidParameter);

    /* Integer parameters need plParam. */
    int mi;
    row(JET_paramMaxSessions, &mi);
    cr_assert_eq(oe_par_load(&p, mi, NULL, out, sizeof(out)), JET_errInvalidParameter);
    oe_par_free(&p);
}

Test(sysparam, copy_is_deep)
{
    int64_t base = oe_alloc_live_blocks();
    struct oe_params a, b;
    int si, mi;
    row(JET_paramTempPath, &si);
    row(JET_paramMaxSessions, &mi);
    cr_assert_eq(oe_par_init_defaults(&a), 0);
    cr_assert_eq(oe_par_store(&a, si, 0, "/var/tmp/x.edb"), 0);
    cr_assert_eq(oe_par_store(&a, mi, 77, NULL), 0);
    cr_assert_eq(oe_par_copy(&b, &a), 0);
    cr_assert_eq(oe_alloc_live_blocks(), base + 2 * count_strings());

    for (int i = 0; i < OE_P_COUNT; i++) {
        cr_assert_eq(b.ival[i], a.ival[i]);
        if (a.sval[i]) {
            cr_assert_neq(b.sval[i], a.sval[i], "string %d shared, not copied", i);
            cr_assert_str_eq(b.sval[i], a.sval[i]);
        } else {
            cr_assert_null(b.sval[i]);
        }
    }
    /* Change the copy in place and through store: the source is unchanged. */
    b.sval[si][0] = '#';
    cr_assert_str_eq(a.sval[si], "/var/tmp/x.edb");
    cr_assert_eq(oe_par_store(&b, si, 0, "other"), 0);
    cr_assert_eq(oe_par_store(&b, mi, 3, NULL), 0);
    char out[64];
    JET_API_PTR v;
    cr_assert_eq(oe_par_load(&a, si, NULL, out, sizeof(out)), 0);
    cr_assert_str_eq(out, "/var/tmp/x.edb");
    cr_assert_eq(oe_par_load(&a, mi, &v, NULL, 0), 0);
    cr_assert_eq(v, 77);
    oe_par_free(&b);
    cr_assert_str_eq(a.sval[si], "/var/tmp/x.edb", "freeing the copy touched the source");
    oe_par_free(&a);
    cr_assert_eq(oe_alloc_live_blocks(), base);
}

Test(sysparam, store_failure_keeps_old_value)
{
    int64_t base = oe_alloc_live_blocks();
    struct oe_params p;
    int si;
    row(JET_paramLogFilePath, &si);
    cr_assert_eq(oe_par_init_defaults(&p), 0);
    cr_assert_eq(oe_par_store(&p, si, 0, "/logs/"), 0);
    oe_alloc_fail_after(0);
    JET_ERR e = oe_par_store(&p, si, 0, "/elsewhere/");
    oe_alloc_fail_reset();
    cr_assert_eq(e, JET_errOutOfMemory);
    char out[64];
    cr_assert_eq(oe_par_load(&p, si, NULL, out, sizeof(out)), 0);
    cr_assert_str_eq(out, "/logs/");
    oe_par_free(&p);
    cr_assert_eq(oe_alloc_live_blocks(), base);
}

Test(sysparam, init_defaults_under_fault_injection)
{
    int nstr = count_strings();
    cr_assert_gt(nstr, 1);
    int64_t base = oe_alloc_live_blocks();
    for (int k = 0; k <= nstr; k++) {
        struct oe_params p;
        memset(&p, 0x5c, sizeof(p)); /* garbage in: init must not free it */
        oe_alloc_fail_after((uint64_t)k);
        JET_ERR e = oe_par_init_defaults(&p);
        uint64_t attempts = oe_alloc_attempts();
        oe_alloc_fail_reset();
        if (k < nstr) {
            cr_assert_eq(e, JET_errOutOfMemory, "fail_after(%d): %d", k, e);
            cr_assert_eq(oe_alloc_live_blocks(), base, "fail_after(%d): %ld blocks leaked", k,
                         (long)(oe_alloc_live_blocks() - base));
            for (int i = 0; i < OE_P_COUNT; i++)
                cr_assert_null(p.sval[i], "fail_after(%d): dangling string %d", k, i);
            cr_assert_eq(attempts, (uint64_t)k + 1, "stopped at the first failure");
        } else {
            cr_assert_eq(e, 0);
            cr_assert_eq(attempts, (uint64_t)nstr);
            oe_par_free(&p);
            cr_assert_eq(oe_alloc_live_blocks(), base);
        }
    }
}

Test(sysparam, copy_under_fault_injection)
{
    int nstr = count_strings();
    struct oe_params src;
    cr_assert_eq(oe_par_init_defaults(&src), 0);
    int64_t base = oe_alloc_live_blocks();
    for (int k = 0; k < nstr; k++) {
        struct oe_params dst;
        oe_alloc_fail_nth((uint64_t)k);
        JET_ERR e = oe_par_copy(&dst, &src);
        oe_alloc_fail_reset();
        cr_assert_eq(e, JET_errOutOfMemory, "fail_nth(%d): %d", k, e);
        cr_assert_eq(oe_alloc_live_blocks(), base, "fail_nth(%d): leaked", k);
        for (int i = 0; i < OE_P_COUNT; i++)
            cr_assert_null(dst.sval[i]);
    }
    oe_par_free(&src);
}
