/*
 * fuzz_data.h -- the data-API half of the fuzzer's model, shared by
 * fuzz_data.c (databases, DDL, info, handle layer, hooks), fuzz_cursor.c
 * (cursor, record and temp-table calls) and fuzz_kv.c (the key/value model
 * check).
 *
 * What is modelled exactly: which databases each instance has (path, dbid,
 * attached), how many times each session opened each dbid, every table
 * handle the input obtained (owner session, the transaction level it was
 * opened at -- a rollback of that level closes it -- and whether it is a
 * temp table), and the rows of the model table (fuzz_kv.c). What is not:
 * the schema and rows of the fuzzed tables t0..t2, cursor positions, key
 * buffers and prepared updates; calls on those are judged by the set of
 * codes ESE documents for the function (plus the codes ese-reference
 * section 6 assigns), with the handle layer predicted exactly.
 */
#ifndef OPENESE_TESTS_FUZZ_DATA_H
#define OPENESE_TESTS_FUZZ_DATA_H

#include "fuzz_model.h"

#define FZ_DBS 32      /* model databases, over all instances */
#define FZ_DBID_MAX 64 /* dbids are 1..64 per instance (core/catalog.h) */
#define FZ_COLIDS 8    /* ring of column ids the engine returned */
#define FZ_KV_PATH "fzm.edb"
#define FZ_KV_TABLE "fzm"

struct m_tab {
    int live;
    JET_TABLEID h;
    int ses;   /* owner: index into M.ses */
    int level; /* transaction level it belongs to (rollback of it closes it) */
    int temp;
};

struct m_db {
    int used;
    int ins;
    int name; /* fz_dbnames index; -1: the model database FZ_KV_PATH */
    JET_DBID dbid;
    int attached;
};

struct dmodel {
    struct m_tab tab[FZ_TSLOTS];
    struct dead dead_tab[HIST];
    int n_dead_tab;
    struct m_db db[FZ_DBS];
    uint16_t open[FZ_SLOTS][FZ_DBID_MAX + 1]; /* [session][dbid] JetOpenDatabase count */
    JET_COLUMNID colids[FZ_COLIDS];
    int n_colids;
    uint8_t bookmark[64];
    uint32_t cb_bookmark;
};
extern struct dmodel D;

/* A call on a session and maybe a table handle: the expectations so far. */
struct call {
    JET_SESID sid;
    JET_TABLEID tid;
    int s;     /* model session, or -1 */
    int t;     /* model table, or -1 */
    int t_any; /* the live model table the handle names, whoever owns it, or -1 */
    int clean;   /* every handle valid and no session-level error */
    int badname; /* a bad object name was passed: InvalidName, not success */
    struct expect x;
};

JET_TABLEID pick_tab(struct rd *r);
JET_DBID pick_db(struct rd *r);
void call_ses(struct call *c, JET_SESID sid);
void call_tab(struct call *c, JET_SESID sid, JET_TABLEID tid);
int call_db(struct call *c, JET_DBID dbid);
void call_args(struct call *c, int badarg);
void call_name(struct call *c, int ok);
void call_fn(struct call *c, const JET_ERR *set);
int free_tab_slot(void);
void tab_track(int slot, JET_TABLEID h, int s, int temp);
void tab_close(int t);
int db_find(int ins, int name);
int db_new(int ins, int name, JET_DBID dbid);
int ses_ins(int s);
void colid_remember(JET_COLUMNID id);
JET_COLUMNID pick_colid(struct rd *r);
const void *data_arg(struct rd *r, uint32_t *len);
int name_ok(const char *name);

/* fuzz_cursor.c */
int fzc_run(int op, struct rd *r);
/* fuzz_kv.c */
void kv_reset(void);
void kv_session_gone(int s);
void kv_instance_gone(int ii);
void kv_begin(int s, JET_GRBIT grbit);
void kv_commit(int s);
void kv_rollback(int s, int all);
void kv_op(int op, struct rd *r);

#endif
