/*
 * engine_qsort.c -- the temp-sort baseline: the C library's qsort() of the
 * same records in the same process (issue 6 asks for the temp table's rate
 * as a ratio to qsort's). No transactional engine takes part: WiredTiger
 * and LMDB have no temp-table sort, and sorting by inserting into a B-tree
 * would measure their index, not a sort.
 *
 * Cell: nothing but --records. Thread: the same random input as openese's
 * thread with the same tid (dataset.h, bench_sort_input) and a work array.
 * Operation (one call = one whole sort, counted as --records operations,
 * like openese's row): memcpy the input into the work array (the analogue
 * of inserting the records), qsort() it with memcmp on the 16-byte key,
 * then a forward pass that checks key order and reads every payload (the
 * analogue of the scan).
 */
#include "dataset.h"
#include "engines.h"

#include <stdlib.h>
#include <string.h>

struct qs_env {
    uint64_t records; /* [imm] */
};

struct qs_thr {
    uint64_t records;     /* [imm] */
    unsigned char *input; /* [owner] this worker: the unsorted records */
    unsigned char *work;  /* [owner] the array qsort sorts */
    uint64_t checksum;    /* [owner] payload words read back */
};

/* qsort_setup -- remember --records. */
void *qsort_setup(const struct bench_cfg *cfg, struct bench_err *err)
{
    struct qs_env *e = calloc(1, sizeof *e);

    if (!e) {
        bench_fail(err, "calloc", 0, "out of memory");
        return NULL;
    }
    e->records = cfg->records;
    return e;
}

/* qsort_teardown -- free the cell. */
int qsort_teardown(void *env, struct bench_err *err)
{
    free(env);
    return 0;
}

/* qsort_thread -- this thread's input and work array. */
void *qsort_thread(void *envp, int tid, struct bench_err *err)
{
    struct qs_thr *t = calloc(1, sizeof *t);

    if (t) {
        t->records = ((struct qs_env *)envp)->records;
        t->input = bench_sort_input(t->records, tid);
        t->work = malloc((size_t)t->records * BENCH_SORT_REC);
    }
    if (!t || !t->input || !t->work) {
        if (t) {
            free(t->input);
            free(t->work);
        }
        free(t);
        bench_fail(err, "malloc", 0, "out of memory");
        return NULL;
    }
    return t;
}

/* qsort_thread_end -- free the arrays. */
int qsort_thread_end(void *thr, struct bench_err *err)
{
    struct qs_thr *t = thr;

    free(t->input);
    free(t->work);
    free(t);
    return 0;
}

/* key_cmp -- qsort's comparator: memcmp of the 16-byte keys. */
static int key_cmp(const void *a, const void *b)
{
    return memcmp(a, b, BENCH_SORT_KEY);
}

/* qsort_op_sort -- one whole sort (n is 1: the runner's per_call unit). */
int qsort_op_sort(void *thr, uint32_t n, struct bench_err *err)
{
    struct qs_thr *t = thr;
    size_t bytes = (size_t)t->records * BENCH_SORT_REC;

    for (uint32_t i = 0; i < n; i++) {
        uint64_t sum = 0;
        memcpy(t->work, t->input, bytes);
        qsort(t->work, (size_t)t->records, BENCH_SORT_REC, key_cmp);
        for (uint64_t r = 0; r < t->records; r++) {
            const unsigned char *rec = t->work + r * BENCH_SORT_REC;
            if (r > 0 && memcmp(rec - BENCH_SORT_REC, rec, BENCH_SORT_KEY) > 0)
                return bench_fail(err, "qsort", 0, "records out of key order");
            for (int w = 0; w < BENCH_SORT_PAYLOAD; w += 8) {
                uint64_t x;
                memcpy(&x, rec + BENCH_SORT_KEY + w, 8);
                sum += x;
            }
        }
        t->checksum += sum;
    }
    return 0;
}
