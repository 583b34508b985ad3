/*
 * fuzz_threads.c -- OP_THREADS: two sub-programs run at once by two threads.
 *
 * The input gives two byte strings (LEN a, a bytes, LEN b, b bytes; LEN is
 * a byte mod 64). Each worker thread decodes its own string as a program of
 * up to 64 operations drawn from the calls that change nothing the model
 * tracks (fzd_run_readonly: DDL on the fuzzed tables, info calls, moves,
 * seeks, keys, ranges, bookmarks, retrieves, prepare/set/update/delete,
 * locks, escrow, record counts). Both threads pick sessions and table
 * handles from the same model, so they meet on the same sessions and
 * cursors: a call entered while the other thread is inside a call on that
 * session, or on a session bound to the main thread's context or
 * transaction, must get JET_errSessionSharingViolation (ese-reference 6.2).
 *
 * The oracle in a worker: the single-threaded expectation of the call, plus
 * JET_errSessionSharingViolation (g_threaded, fuzz_api.c ex_ok). Nothing
 * else: no crash, no sanitizer report, no other code. The model is only
 * read while the workers run (no call they make changes it); the main
 * thread waits in pthread_join, then continues the program.
 *
 * NOT REPRODUCIBLE: the interleaving of the two threads depends on the
 * scheduler, so a finding here may not replay from its input. Which calls
 * collide varies; which codes are allowed does not.
 */
#include <pthread.h>
#include <stdio.h>

#include "fuzz_data.h"

#define FZT_MAX_OPS 64

struct worker {
    struct rd prog;
};

/* worker -- run one sub-program; every call is judged with g_threaded set */
static void *worker(void *arg)
{
    struct worker *w = arg;
    g_threaded = 1;
    for (g_op_index = 0; w->prog.n > 0 && g_op_index < FZT_MAX_OPS; g_op_index++) {
        int pick = u8(&w->prog) % fzd_readonly_count();
        fzd_run_readonly(pick, &w->prog);
    }
    return NULL;
}

/* slice -- the next LEN-prefixed part of the input as a sub-program */
static struct rd slice(struct rd *r)
{
    size_t len = u8(r) % 64;
    if (len > r->n)
        len = r->n;
    struct rd sub = {r->p, len};
    r->p += len;
    r->n -= len;
    return sub;
}

/* fzt_run -- OP_THREADS: start both workers, join them */
void fzt_run(struct rd *r)
{
    struct worker w[2];
    pthread_t th[2];
    int started[2] = {0, 0}, index = g_op_index;
    const char *name = g_op_name;
    w[0].prog = slice(r);
    w[1].prog = slice(r);
    for (int i = 0; i < 2; i++)
        started[i] = pthread_create(&th[i], NULL, worker, &w[i]) == 0;
    for (int i = 0; i < 2; i++) {
        if (started[i])
            pthread_join(th[i], NULL);
        else
            worker(&w[i]); /* no thread to be had: run it here, still checked */
    }
    g_threaded = 0;
    g_op_index = index;
    g_op_name = name;
}
