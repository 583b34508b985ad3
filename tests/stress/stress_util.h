/*
 * stress_util.h -- what the API-level stress tests share: the first-failure
 * flag, a per-thread xorshift generator, and opening a session on a table.
 *
 * Every stress test is its own executable (one translation unit), so the
 * helpers are static inline and keep no state of their own: each test owns
 * its flag and its generators' states.
 */
#ifndef OPENESE_TESTS_STRESS_UTIL_H
#define OPENESE_TESTS_STRESS_UTIL_H

#include <stdatomic.h>
#include <stdint.h>

#include "esent.h"

/* stress_flag -- keep the first unexpected code (or -1 for a broken
 * invariant with no code) in *first; later ones are dropped. */
static inline void stress_flag(_Atomic int *first, int code)
{
    int z = 0;
    atomic_compare_exchange_strong(first, &z, code ? code : -1);
}

/* stress_rnd -- xorshift64: cheap, per thread, no shared state. */
static inline uint32_t stress_rnd(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return (uint32_t)*state;
}

/* stress_connect -- a session with the database at path open and a cursor
 * on table; nonzero on success. */
static inline int stress_connect(JET_INSTANCE inst, const char *path, const char *table,
                                 JET_SESID *ps, JET_TABLEID *pt)
{
    JET_DBID db;
    return JetBeginSession(inst, ps, NULL, NULL) >= 0 &&
           JetOpenDatabase(*ps, path, NULL, &db, 0) >= 0 &&
           JetOpenTable(*ps, db, table, NULL, 0, 0, pt) >= 0;
}

#endif
