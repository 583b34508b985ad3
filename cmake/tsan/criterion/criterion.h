/*
 * criterion.h (TSan builds only) -- the subset of Criterion's test API that
 * the stress suites use, run by a plain in-process runner (tsan_runner.c).
 *
 * Why: Criterion cannot start under ThreadSanitizer. Its sandbox library
 * (BoxFort) maps a shared arena with mmap(MAP_FIXED) at a random address in a
 * window that TSan reserves for shadow memory, and aborts with "Could not
 * initialize inheritable arena" (Criterion issue #274; checked here with gcc
 * 12 and clang 14). In OPENESE_SANITIZE=thread builds tests/CMakeLists.txt
 * puts this directory first on the include path of the stress suites and links
 * tsan_runner.c instead of libcriterion; normal builds use real Criterion.
 *
 * Supported: Test(suite, name, .init/.fini/.timeout/.disabled/.description),
 * cr_assert / cr_expect and their _eq _neq _lt _leq _gt _geq _null _not_null
 * _not _str_eq _str_neq forms (optional printf-style message), cr_assert_fail,
 * cr_log_info/warn/error. A failed cr_assert ends the test at once; a failed
 * cr_expect marks it failed and goes on. Anything else fails to compile, so
 * a suite cannot silently lose checks under TSan.
 */
#ifndef OE_TSAN_CRITERION_H
#define OE_TSAN_CRITERION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct oe_cr_opts {
    void (*init)(void);
    void (*fini)(void);
    double timeout;             /* seconds; 0 = the runner's default */
    bool disabled;
    const char *description;
};

struct oe_cr_test {
    const char *suite;
    const char *name;
    void (*fn)(void);
    const struct oe_cr_opts *opts;
    struct oe_cr_test *next;    /* [imm] after registration (constructors) */
};

void oe_cr_register(struct oe_cr_test *t);
/* oe_cr_check -- record a check; returns only if OK or !FATAL. */
void oe_cr_check(int ok, int fatal, const char *file, int line, const char *expr,
                 const char *fmt, ...);  /* no format attribute: fmt may be "" */
void oe_cr_log(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define Test(suite, name, ...)                                                    \
    static void suite##_##name##_impl(void);                                      \
    static const struct oe_cr_opts suite##_##name##_opts = { __VA_ARGS__ };       \
    static struct oe_cr_test suite##_##name##_test = {                           \
        #suite, #name, suite##_##name##_impl, &suite##_##name##_opts, NULL };     \
    __attribute__((constructor)) static void suite##_##name##_reg(void)           \
    {                                                                             \
        oe_cr_register(&suite##_##name##_test);                                   \
    }                                                                             \
    static void suite##_##name##_impl(void)

/* The condition is evaluated first, then the message arguments (which may
 * read what the condition assigned), as in Criterion. */
#define OE_CR_(fatal, ok, expr, ...)                                              \
    do {                                                                          \
        int oe_cr_ok_ = !!(ok);                                                   \
        oe_cr_check(oe_cr_ok_, (fatal), __FILE__, __LINE__, (expr), "" __VA_ARGS__); \
    } while (0)

#define cr_assert(c, ...) OE_CR_(1, (c), #c, __VA_ARGS__)
#define cr_expect(c, ...) OE_CR_(0, (c), #c, __VA_ARGS__)
#define cr_assert_not(c, ...) OE_CR_(1, !(c), "!(" #c ")", __VA_ARGS__)
#define cr_expect_not(c, ...) OE_CR_(0, !(c), "!(" #c ")", __VA_ARGS__)
#define cr_assert_fail(...) OE_CR_(1, 0, "cr_assert_fail", __VA_ARGS__)
#define cr_expect_fail(...) OE_CR_(0, 0, "cr_expect_fail", __VA_ARGS__)

#define OE_CR_CMP_(fatal, a, op, b, ...) OE_CR_(fatal, (a) op (b), #a " " #op " " #b, __VA_ARGS__)
#define cr_assert_eq(a, b, ...) OE_CR_CMP_(1, a, ==, b, __VA_ARGS__)
#define cr_assert_neq(a, b, ...) OE_CR_CMP_(1, a, !=, b, __VA_ARGS__)
#define cr_assert_lt(a, b, ...) OE_CR_CMP_(1, a, <, b, __VA_ARGS__)
#define cr_assert_leq(a, b, ...) OE_CR_CMP_(1, a, <=, b, __VA_ARGS__)
#define cr_assert_gt(a, b, ...) OE_CR_CMP_(1, a, >, b, __VA_ARGS__)
#define cr_assert_geq(a, b, ...) OE_CR_CMP_(1, a, >=, b, __VA_ARGS__)
#define cr_expect_eq(a, b, ...) OE_CR_CMP_(0, a, ==, b, __VA_ARGS__)
#define cr_expect_neq(a, b, ...) OE_CR_CMP_(0, a, !=, b, __VA_ARGS__)
#define cr_expect_lt(a, b, ...) OE_CR_CMP_(0, a, <, b, __VA_ARGS__)
#define cr_expect_leq(a, b, ...) OE_CR_CMP_(0, a, <=, b, __VA_ARGS__)
#define cr_expect_gt(a, b, ...) OE_CR_CMP_(0, a, >, b, __VA_ARGS__)
#define cr_expect_geq(a, b, ...) OE_CR_CMP_(0, a, >=, b, __VA_ARGS__)
#define cr_assert_null(p, ...) OE_CR_(1, (p) == NULL, #p " == NULL", __VA_ARGS__)
#define cr_expect_null(p, ...) OE_CR_(0, (p) == NULL, #p " == NULL", __VA_ARGS__)
#define cr_assert_not_null(p, ...) OE_CR_(1, (p) != NULL, #p " != NULL", __VA_ARGS__)
#define cr_expect_not_null(p, ...) OE_CR_(0, (p) != NULL, #p " != NULL", __VA_ARGS__)
#define cr_assert_str_eq(a, b, ...) OE_CR_(1, strcmp((a), (b)) == 0, #a " == " #b, __VA_ARGS__)
#define cr_expect_str_eq(a, b, ...) OE_CR_(0, strcmp((a), (b)) == 0, #a " == " #b, __VA_ARGS__)
#define cr_assert_str_neq(a, b, ...) OE_CR_(1, strcmp((a), (b)) != 0, #a " != " #b, __VA_ARGS__)
#define cr_expect_str_neq(a, b, ...) OE_CR_(0, strcmp((a), (b)) != 0, #a " != " #b, __VA_ARGS__)

#define cr_log_info(...) oe_cr_log("info", __VA_ARGS__)
#define cr_log_warn(...) oe_cr_log("warn", __VA_ARGS__)
#define cr_log_error(...) oe_cr_log("error", __VA_ARGS__)

#endif
