/*
 * tmpdir.h -- temporary directories for the peers' files (LMDB's data and
 * lock files; WiredTiger's home). Each is made with mkdtemp under $TMPDIR
 * (default /tmp), removed by its engine's teardown, and any left over when
 * the program exits early is removed by an atexit handler.
 */
#ifndef OPENESE_BENCH_TMPDIR_H
#define OPENESE_BENCH_TMPDIR_H

/* bench_tmpdir_make -- a new empty directory "<tmp>/openese-bench-<tag>-XXXXXX";
 * returns its malloc'd path, or NULL with errno set. */
char *bench_tmpdir_make(const char *tag);

/* bench_tmpdir_remove -- delete the files in dir, then dir, and free the
 * path; returns 0 or -1 with errno set (the path is freed either way). */
int bench_tmpdir_remove(char *dir);

#endif
