/*
 * tmpdir.c -- see tmpdir.h. The registry of live directories is touched only
 * by the main thread (setup and teardown run there), so it needs no lock.
 * The peers create plain files only (no subdirectories), so removal is one
 * level deep: a subdirectory makes rmdir fail and is reported, not ignored.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* asprintf */
#endif
#include "tmpdir.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TMPDIR_MAX 16

static char *live[TMPDIR_MAX]; /* [owner] main thread */
static bool atexit_done;       /* [owner] main thread */

/* remove_files -- unlink every entry of dir except . and .. */
static int remove_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char path[4096];
    int rc = 0;

    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (unlink(path) != 0)
            rc = -1;
    }
    closedir(d);
    return rc;
}

/* cleanup_all -- atexit: remove whatever an early exit left behind. */
static void cleanup_all(void)
{
    for (int i = 0; i < TMPDIR_MAX; i++)
        if (live[i])
            (void)bench_tmpdir_remove(live[i]);
}

/* bench_tmpdir_make -- mkdtemp and register for cleanup at exit. */
char *bench_tmpdir_make(const char *tag)
{
    const char *base = getenv("TMPDIR");
    char *path;
    int slot = -1;

    for (int i = 0; i < TMPDIR_MAX && slot < 0; i++)
        if (!live[i])
            slot = i;
    if (slot < 0) {
        errno = EMFILE;
        return NULL;
    }
    if (!base || !*base)
        base = "/tmp";
    if (asprintf(&path, "%s/openese-bench-%s-XXXXXX", base, tag) < 0)
        return NULL;
    if (!mkdtemp(path)) {
        free(path);
        return NULL;
    }
    if (!atexit_done) {
        atexit(cleanup_all);
        atexit_done = true;
    }
    live[slot] = path;
    return path;
}

/* bench_tmpdir_remove -- unregister, empty and remove the directory. */
int bench_tmpdir_remove(char *dir)
{
    int rc;

    for (int i = 0; i < TMPDIR_MAX; i++)
        if (live[i] == dir)
            live[i] = NULL;
    rc = remove_files(dir);
    if (rmdir(dir) != 0)
        rc = -1;
    free(dir);
    return rc;
}
