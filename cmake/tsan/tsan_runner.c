/*
 * tsan_runner.c -- runs the tests declared with the TSan-build criterion.h.
 *
 * Every registered test runs in its own forked child, one after another (as
 * Criterion does with --jobs 1), so a crash, a TSan abort (halt_on_error=1
 * exits the child with status 66) or a timeout fails that test only, and the
 * parent reports it. Within the child, .init runs before the test and .fini
 * after it; a failed cr_assert ends the child with status 1, a failed
 * cr_expect makes it exit 1 at the end. .timeout (default 120 s) is enforced
 * with alarm(). Prints Criterion's closing line
 * "[====] Synthesis: Tested: N | Passing: P | Failing: F | Crashing: C" and
 * exits 0 only when every test passed and at least one ran. Command-line
 * arguments (ctest passes Criterion's --jobs 1) are accepted and ignored.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "criterion/criterion.h"

#include <signal.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <unistd.h>

static struct oe_cr_test *g_tests;      /* [imm] after constructors: registration list */
static struct oe_cr_test **g_tail = &g_tests;
static int g_failed;                    /* [owner] the child running one test */

void oe_cr_register(struct oe_cr_test *t)
{
    *g_tail = t;                        /* keep declaration order */
    g_tail = &t->next;
}

void oe_cr_check(int ok, int fatal, const char *file, int line, const char *expr,
                 const char *fmt, ...)
{
    if (ok)
        return;
    fprintf(stderr, "[----] %s:%d: %s failed: %s", file, line,
            fatal ? "Assertion" : "Expectation", expr);
    if (fmt && *fmt) {
        va_list ap;
        va_start(ap, fmt);
        fputs(" -- ", stderr);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
    }
    fputc('\n', stderr);
    g_failed = 1;
    if (fatal) {
        fflush(NULL);
        _exit(1);
    }
}

void oe_cr_log(const char *level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "[%s] ", level);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* run_child -- body of the forked child for test T; never returns. */
static void run_child(const struct oe_cr_test *t)
{
    double timeout = t->opts->timeout > 0 ? t->opts->timeout : 120.0;
    alarm((unsigned)(timeout + 0.999));
    if (t->opts->init)
        t->opts->init();
    t->fn();
    if (t->opts->fini)
        t->opts->fini();
    fflush(NULL);
    exit(g_failed ? 1 : 0);             /* exit, not _exit: TSan's exit-time report runs */
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    int tested = 0, passing = 0, failing = 0, crashing = 0;

    for (const struct oe_cr_test *t = g_tests; t; t = t->next) {
        if (t->opts->disabled)
            continue;
        tested++;
        fflush(NULL);
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0)
            run_child(t);
        int status = 0;
        while (waitpid(pid, &status, 0) < 0)
            ;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            passing++;
            fprintf(stderr, "[PASS] %s::%s\n", t->suite, t->name);
        } else if (WIFEXITED(status)) {
            failing++;
            fprintf(stderr, "[FAIL] %s::%s (exit status %d)\n", t->suite, t->name,
                    WEXITSTATUS(status));
        } else {
            crashing++;
            fprintf(stderr, "[FAIL] %s::%s: %s\n", t->suite, t->name,
                    WTERMSIG(status) == SIGALRM ? "timed out" : strsignal(WTERMSIG(status)));
        }
    }
    fprintf(stderr, "[====] Synthesis: Tested: %d | Passing: %d | Failing: %d | Crashing: %d\n",
            tested, passing, failing, crashing);
    return (tested > 0 && passing == tested) ? 0 : 1;
}
