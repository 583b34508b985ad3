/*
 * fuzz_model.h -- what the parts of the API fuzzer share.
 *
 * The fuzzer is one program in three files: fuzz_api.c (the input reader,
 * the foundation model -- instances, parameters, sessions, transactions --
 * and the driver), fuzz_data.c (databases, tables, cursors, records, temp
 * tables, and the key/value model check) and fuzz_threads.c (the two-thread
 * opcode). This header is their contract: the reader, the expectation sets,
 * the foundation model (read by the data part), and the hooks the
 * foundation calls so the data model follows session and transaction
 * lifetimes (a rollback closes the cursors opened at its level, JetTerm
 * frees every database of its instance, and so on).
 */
#ifndef OPENESE_TESTS_FUZZ_MODEL_H
#define OPENESE_TESTS_FUZZ_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "esent.h"
#include "fuzz_ops.h"

#define HIST 48
#define PSTR_MAX 300

/* ---- input reader ---- */
struct rd {
    const uint8_t *p;
    size_t n;
};
uint8_t u8(struct rd *r);
uint64_t u64(struct rd *r);
uint32_t grbit_arg(struct rd *r);
uint64_t value_arg(struct rd *r);
uint64_t forge(struct rd *r, int kind, uint64_t live);

/* ---- expectation sets ---- */
struct expect {
    int n;
    int either; /* success is accepted too */
    JET_ERR e[40];
};
void ex_add(struct expect *x, JET_ERR err);
void ex_addv(struct expect *x, const JET_ERR *v); /* a 0-terminated list */
void check_trace(const char *what, JET_ERR got);
void check(const struct expect *x, JET_ERR got, const char *what, uint64_t h);
void fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* The operation being run, per thread (fuzz_threads.c runs two). */
extern _Thread_local int g_op_index;
extern _Thread_local const char *g_op_name;
/* Set in the worker threads: JET_errSessionSharingViolation is accepted
 * from every call, and no call may change the model. */
extern _Thread_local int g_threaded;

/* ---- the foundation model (fuzz_api.c) ---- */
enum { MODE_NONE, MODE_SINGLE, MODE_MULTI };
enum { INS_FREE, INS_CREATED, INS_RUNNING };
enum { FATE_ENDED, FATE_TERMED };

struct pval {
    uint64_t ival;
    char sval[PSTR_MAX];
};
struct m_ins {
    int state;
    int stopped;
    int legacy;
    int name;
    JET_INSTANCE h;
    int nses;
    struct pval p[FZ_N_PARAMS];
};
struct m_ses {
    int live;
    JET_SESID h;
    int ins;
    int level;
    uint64_t ctx;
    uint64_t trx_ctx;
};
struct dead {
    uint64_t h;
    int fate;
    int slot_reused;
};
struct model {
    int mode;
    struct m_ins ins[FZ_SLOTS];
    struct m_ses ses[FZ_SLOTS];
    struct pval global[FZ_N_PARAMS];
    struct dead dead_ins[HIST];
    int n_dead_ins;
    struct dead dead_ses[HIST];
    int n_dead_ses;
};
extern struct model M;

enum entry { E_NORMAL, E_END, E_SET_CTX, E_RESET_CTX, E_ROLLBACK };
JET_SESID pick_ses(struct rd *r);
int ses_expect(JET_SESID h, enum entry kind, struct expect *x);
void remember(struct dead *arr, int *n, uint64_t h, int fate);
const struct dead *find_dead(const struct dead *arr, int n, uint64_t h);

/* ---- hooks into the data model (fuzz_data.c) ---- */
void fzd_reset(void);                           /* start of an input */
void fzd_session_gone(int s);                   /* ended, or its instance terminated */
void fzd_instance_gone(int ii);                 /* JetTerm freed it */
void fzd_begin(int s, JET_GRBIT grbit);         /* a begin succeeded (level before it) */
void fzd_commit(int s);                         /* a commit succeeded (level before it) */
void fzd_rollback(int s, int all);              /* a rollback succeeded (level before it) */
int fzd_run(int op, struct rd *r);              /* a data opcode; 0 if op is not one */
int fzd_run_readonly(int pick, struct rd *r);   /* thread-safe subset; see fuzz_threads.c */
int fzd_readonly_count(void);
void fzt_run(struct rd *r);                     /* OP_THREADS (fuzz_threads.c) */

#endif
