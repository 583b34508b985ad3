/*
 * malloc_origin.c -- a host program linked with libopenese.so keeps glibc's
 * malloc (test exports_malloc_origin).
 *
 * libopenese.so embeds jemalloc with every symbol local (see
 * cmake/OpeneseJemalloc.cmake). If that ever broke, jemalloc's unprefixed
 * malloc/free would interpose on the whole process. The checks:
 *   - the malloc/free/calloc/realloc the dynamic linker resolves for this
 *     program (RTLD_DEFAULT) live in libc.so;
 *   - no jemalloc-only entry point (mallocx, sdallocx, mallctl) is visible
 *     to the program at all;
 *   - libopenese.so really is loaded and works (one instance, one session),
 *     and host allocations made around it still come from glibc.
 */
#define _GNU_SOURCE     /* Dl_info, dladdr, RTLD_DEFAULT */
#include <dlfcn.h>
#include <esent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_failures;

/* expect_in_libc -- the symbol NAME resolves (globally) inside libc.so. */
static void expect_in_libc(const char *name)
{
    void *addr = dlsym(RTLD_DEFAULT, name);
    Dl_info info;
    if (addr == NULL || dladdr(addr, &info) == 0 || info.dli_fname == NULL) {
        fprintf(stderr, "malloc_origin: cannot locate %s\n", name);
        g_failures++;
        return;
    }
    const char *base = strrchr(info.dli_fname, '/');
    base = base ? base + 1 : info.dli_fname;
    if (strncmp(base, "libc.so", 7) != 0) {
        fprintf(stderr, "malloc_origin: %s comes from %s, not libc\n", name, info.dli_fname);
        g_failures++;
    }
}

/* expect_absent -- NAME must not be reachable through the global scope. */
static void expect_absent(const char *name)
{
    void *addr = dlsym(RTLD_DEFAULT, name);
    if (addr != NULL) {
        Dl_info info;
        const char *from = dladdr(addr, &info) && info.dli_fname ? info.dli_fname : "?";
        fprintf(stderr, "malloc_origin: %s is exported (by %s)\n", name, from);
        g_failures++;
    }
}

/* expect_loaded -- libopenese.so is mapped in this process. */
static void expect_loaded(void)
{
    Dl_info info;
    void *jet = dlsym(RTLD_DEFAULT, "JetCreateInstance");
    if (jet == NULL || dladdr(jet, &info) == 0 || strstr(info.dli_fname, "libopenese.so") == NULL) {
        fprintf(stderr, "malloc_origin: JetCreateInstance does not come from libopenese.so\n");
        g_failures++;
    }
}

int main(void)
{
    JET_INSTANCE inst = 0;
    JET_SESID sesid = 0;
    JET_ERR err;

    expect_loaded();
    /* Exercise the engine (its allocator included) before and after host mallocs. */
    void *before = malloc(100);
    if ((err = JetCreateInstance(&inst, "malloc_origin")) != JET_errSuccess ||
        (err = JetInit(&inst)) != JET_errSuccess ||
        (err = JetBeginSession(inst, &sesid, NULL, NULL)) != JET_errSuccess) {
        fprintf(stderr, "malloc_origin: engine start failed: %ld\n", (long)err);
        g_failures++;
    }
    void *after = realloc(malloc(64), 4096);
    if (before == NULL || after == NULL)
        g_failures++;
    free(before);
    free(after);
    if (sesid && JetEndSession(sesid, 0) != JET_errSuccess)
        g_failures++;
    if (inst && JetTerm(inst) != JET_errSuccess)
        g_failures++;

    expect_in_libc("malloc");
    expect_in_libc("free");
    expect_in_libc("calloc");
    expect_in_libc("realloc");
    expect_in_libc("posix_memalign");
    expect_absent("mallocx");
    expect_absent("sdallocx");
    expect_absent("mallctl");
    expect_absent("je_malloc_conf");

    if (g_failures == 0)
        printf("malloc_origin: host malloc is glibc's; jemalloc stays inside libopenese.so\n");
    return g_failures == 0 ? 0 : 1;
}
