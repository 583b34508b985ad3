/*
 * gen_corpus.c -- writes the hand-written seed inputs of the API fuzzer.
 *
 * Usage: fuzz_gen_corpus DIR   (writes DIR/seed-NN-<name>, overwriting)
 * Each seed is a short program in the byte code of fuzz_ops.h that walks one
 * function or one documented error; together they reach every opcode and
 * every code the oracle predicts exactly, so the replay in `make test`
 * checks them on every run and libFuzzer starts from them. Seeds 1-30 cover
 * the foundation and are byte-identical to the first version; seeds 31-38
 * (data_seeds) cover the data opcodes. The committed files in
 * tests/fuzz/corpus are these seeds plus what libFuzzer merged in (named by
 * their SHA-1).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_ops.h"

#define END_ARGS (-1)
#define LIVE(k) FZ_SEL(SEL_LIVE, k)
#define DEAD(k) FZ_SEL(SEL_DEAD, k)
#define ZERO FZ_SEL(SEL_ZERO, 0)
#define NIL FZ_SEL(SEL_NIL, 0)
#define PLUS1(k) FZ_SEL(SEL_PLUS1, k)
#define MINUS1(k) FZ_SEL(SEL_MINUS1, k)
#define FLIP(k) FZ_SEL(SEL_FLIP, k)
#define RANDOM FZ_SEL(SEL_RANDOM, 0)
#define R8 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 /* the 8 bytes of RANDOM */

static unsigned char g_buf[8192];
static size_t g_len;

/* op -- append an opcode and its argument bytes (list ends with END_ARGS) */
static void op(int code, ...)
{
    va_list ap;
    g_buf[g_len++] = (unsigned char)code;
    va_start(ap, code);
    for (int b = va_arg(ap, int); b != END_ARGS; b = va_arg(ap, int))
        g_buf[g_len++] = (unsigned char)b;
    va_end(ap);
}
#define OP(...) op(__VA_ARGS__, END_ARGS)

static const char *g_dir;
static int g_seq;

/* save -- write the program built so far as the next seed, and start anew */
static void save(const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/seed-%02d-%s", g_dir, ++g_seq, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(g_buf, 1, g_len, f) != g_len || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
    g_len = 0;
}

/* up -- create instance "a" in slot 0 and initialize it */
static void up(void)
{
    OP(OP_CREATE, 0, S_A);
    OP(OP_INIT, PTR_SEL, LIVE(0));
}

/* ---- data seeds (appended: seeds 1-30 keep their numbers and bytes) ---- */

#define T(k) FZ_SEL(SEL_LIVE, k)  /* TSEL: tracked table handle k */
#define TDEAD(k) FZ_SEL(SEL_DEAD, k)
#define DB(k) FZ_SEL(SEL_LIVE, k) /* DSEL: model database k */
#define COLK 0                    /* COL: ring entries after shape 0: k v c tg */
#define COLV 1
#define COLC 2
#define COLTG 3
#define COL_BAD 0x0F              /* fz_colids[5] = 128 */

/* up_db -- instance, two sessions, database d1 created (and opened) by session 0 */
static void up_db(void)
{
    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_DB_CREATE, LIVE(0), DB_D1, 0, G_0);
}

/* insert -- one row (k from DATA, v 8 bytes) on table handle t of session 0 */
static void insert(int t, int kdata)
{
    OP(OP_PREPARE, LIVE(0), T(t), PR_INSERT);
    OP(OP_SET_COL, LIVE(0), T(t), COLK, kdata, G_0, 0, V_0);
    OP(OP_SET_COL, LIVE(0), T(t), COLV, D_8, G_0, 0, V_0);
    OP(OP_UPDATE, LIVE(0), T(t), CB_0, 0, G_0);
}

/* threads -- OP_THREADS with the two sub-programs a and b (each < 64 bytes) */
static void threads(const unsigned char *a, size_t na, const unsigned char *b, size_t nb)
{
    g_buf[g_len++] = OP_THREADS;
    g_buf[g_len++] = (unsigned char)na;
    memcpy(g_buf + g_len, a, na);
    g_len += na;
    g_buf[g_len++] = (unsigned char)nb;
    memcpy(g_buf + g_len, b, nb);
    g_len += nb;
}

/* data_seeds -- seeds 31-38, one per data area: databases, DDL, cursors,
 * temp tables, levels, the kv model, threads */
static void data_seeds(void)
{
    up_db();
    OP(OP_DB_CREATE, LIVE(0), DB_D1, 0, G_0);   /* DatabaseDuplicate */
    OP(OP_DB_CREATE, LIVE(0), DB_NULL, 0, G_0); /* InvalidPath */
    OP(OP_DB_CREATE, LIVE(0), DB_D2, 1, G_0);   /* pdbid NULL */
    OP(OP_DB_CREATE, LIVE(0), DB_D2, 2, G_1);   /* Create2, RecoveryOff */
    OP(OP_DB_OPEN, LIVE(1), DB_D1, 0, G_0);
    OP(OP_DB_DETACH, LIVE(1), DB_D1, 0, G_0);   /* DatabaseInUse */
    OP(OP_DB_CLOSE, LIVE(1), DB(0), G_0);
    OP(OP_DB_CLOSE, LIVE(1), DB(0), G_0);       /* InvalidDatabaseId */
    OP(OP_DB_CLOSE, LIVE(0), DB(0), G_0);
    OP(OP_DB_CLOSE, LIVE(0), PLUS1(0), G_0);
    OP(OP_DB_CLOSE, LIVE(0), NIL, G_0);
    OP(OP_DB_DETACH, LIVE(0), DB_D1, 0, G_0);
    OP(OP_DB_OPEN, LIVE(0), DB_D1, 0, G_0);     /* DatabaseNotFound */
    OP(OP_DB_ATTACH, LIVE(0), DB_D1, 0, G_0);
    OP(OP_DB_ATTACH, LIVE(0), DB_D1, 1, G_0);   /* wrnDatabaseAttached */
    OP(OP_DB_ATTACH, LIVE(0), DB_D3, 0, G_0);   /* FileNotFound */
    OP(OP_DB_DETACH, LIVE(0), DB_D2, 0, G_0);   /* DatabaseInUse: created = opened */
    OP(OP_DB_CLOSE, LIVE(0), DB(1), G_0);
    OP(OP_DB_DETACH, LIVE(0), DB_NULL, 0, G_0); /* every database */
    OP(OP_DB_OPEN, LIVE(0), DB_D2, 1, G_0);     /* pdbid NULL */
    OP(OP_DB_OPEN, DEAD(0), DB_D2, 0, G_0);
    OP(OP_DB_ATTACH, LIVE(1), DB_D2, 0, G_1);   /* read only */
    OP(OP_DB_OPEN, LIVE(1), DB_D2, 0, G_2);     /* exclusive */
    save("db-lifecycle");

    up_db();
    OP(OP_TBL_CREATE_CI, LIVE(0), DB(0), 0, TN_T0, 0, G_0);
    OP(OP_COL_ADD, LIVE(0), T(0), CN_E, CD_LONG_FIXED, 0);
    OP(OP_COL_ADD, LIVE(0), T(0), CN_E, CD_TEXT, 0);             /* ColumnDuplicate */
    OP(OP_COL_ADD, LIVE(0), T(0), CN_C, CD_NIL, 0);
    OP(OP_COL_ADD, LIVE(0), T(0), CN_65, CD_CURRENCY_ESCROW, 4);
    OP(OP_COL_ADD, LIVE(0), T(0), CN_TG, CD_BIN_TAGGED_MV, 3);   /* NULL pointers */
    OP(OP_IDX_CREATE, LIVE(0), T(0), IN_IX, IK_E_UNIQUE, G_0);
    OP(OP_IDX_CREATE, LIVE(0), T(0), IN_IV, IK_K_PRIMARY, G_0);  /* second primary */
    OP(OP_IDX_CREATE, LIVE(0), T(0), IN_IV, IK_MISSING, G_0);
    OP(OP_IDX_CREATE, LIVE(0), T(0), IN_IV, IK_SHORT, G_0);
    OP(OP_IDX_DELETE, LIVE(0), T(0), IN_PK);
    OP(OP_IDX_DELETE, LIVE(0), T(0), IN_IX);
    OP(OP_COL_DELETE, LIVE(0), T(0), CN_E, 0, G_0);
    OP(OP_COL_DELETE, LIVE(0), T(0), CN_K, 1, G_0);
    for (int shape = 1; shape < 8; shape++)
        OP(OP_TBL_CREATE_CI, LIVE(0), DB(0), shape, TN_T1, shape & 3, G_0);
    OP(OP_TBL_CREATE, LIVE(0), DB(0), TN_T2, 0);
    OP(OP_TBL_CREATE, LIVE(0), DB(0), TN_T2, 0);                 /* TableDuplicate */
    OP(OP_TBL_CREATE, LIVE(0), DB(0), TN_65, 0);
    OP(OP_TBL_DELETE, LIVE(0), DB(0), TN_T2);                    /* in use */
    OP(OP_TBL_CLOSE, LIVE(0), T(1));
    OP(OP_TBL_DELETE, LIVE(0), DB(0), TN_T2);
    OP(OP_TBL_DELETE, LIVE(0), DB(0), TN_NULL);
    OP(OP_TBL_INFO, LIVE(0), T(0), CB_260, 1, 0);
    OP(OP_TBL_INFO, LIVE(0), T(0), CB_1, 1, 0);
    OP(OP_TBL_INFO, LIVE(0), T(0), CB_8, 2, 1);
    OP(OP_COL_INFO, LIVE(0), 0, T(0), DB(0), TN_T0, CN_V, CB_1024, 0);
    OP(OP_COL_INFO, LIVE(0), 1, T(0), DB(0), TN_T0, CN_K, CB_4, 2);
    OP(OP_IDX_INFO, LIVE(0), 0, T(0), DB(0), TN_T0, IN_PK, CB_4, 3);
    OP(OP_IDX_INFO, LIVE(0), 1, T(0), DB(0), TN_T0, IN_PK, CB_1024, 0);
    save("ddl");

    up_db();
    OP(OP_TBL_CREATE_CI, LIVE(0), DB(0), 0, TN_T0, 0, G_0);
    insert(0, D_I1);
    insert(0, D_I2);
    insert(0, D_I1);                                             /* KeyDuplicate */
    OP(OP_MOVE, LIVE(0), T(0), MV_FIRST, G_0);
    OP(OP_MOVE, LIVE(0), T(0), MV_NEXT, G_0);
    OP(OP_MOVE, LIVE(0), T(0), MV_NEXT, G_0);                    /* NoCurrentRecord */
    OP(OP_MOVE, LIVE(0), T(0), MV_LAST, G_1);
    OP(OP_GET_BM, LIVE(0), T(0), CB_24, 0);
    OP(OP_GET_BM, LIVE(0), T(0), CB_1, 0);
    OP(OP_MOVE, LIVE(0), T(0), MV_FIRST, G_0);
    OP(OP_GOTO_BM, LIVE(0), T(0), 1, D_NULL);
    OP(OP_GOTO_BM, LIVE(0), T(0), 0, D_8);
    OP(OP_RET_COL, LIVE(0), T(0), COLV, CB_24, 0, G_0, V_1);
    OP(OP_RET_COL, LIVE(0), T(0), COLV, CB_3, 4, G_0, V_1);      /* truncated, retinfo */
    OP(OP_RET_COL, LIVE(0), T(0), COL_BAD, CB_24, 0, G_0, V_0);
    OP(OP_RET_COL, LIVE(0), T(0), COLTG, CB_24, 12, G_0, V_0);
    OP(OP_RET_KEY, LIVE(0), T(0), CB_24, 0, G_0);
    OP(OP_RET_KEY, LIVE(0), T(0), CB_1, 2, G_0);
    OP(OP_SET_INDEX, LIVE(0), T(0), IN_IX, 0, G_0, V_0);
    OP(OP_MAKE_KEY, LIVE(0), T(0), D_8, G_1);
    OP(OP_SEEK, LIVE(0), T(0), G_8);                             /* SeekGE */
    OP(OP_SET_INDEX, LIVE(0), T(0), IN_PK, 1, G_2, V_0);
    OP(OP_MAKE_KEY, LIVE(0), T(0), D_I1, G_1);
    OP(OP_SEEK, LIVE(0), T(0), G_1);                             /* SeekEQ */
    OP(OP_MAKE_KEY, LIVE(0), T(0), D_I2, G_1);
    OP(OP_SET_RANGE, LIVE(0), T(0), G_3);
    OP(OP_MOVE, LIVE(0), T(0), MV_NEXT, G_0);
    OP(OP_MAKE_KEY, LIVE(0), T(0), D_1100, G_1);
    OP(OP_SEEK, LIVE(0), T(0), G_0);
    OP(OP_MOVE, LIVE(0), T(0), MV_FIRST, G_0);
    OP(OP_PREPARE, LIVE(0), T(0), PR_REPLACE);
    OP(OP_PREPARE, LIVE(0), T(0), PR_REPLACE);                   /* AlreadyPrepared */
    OP(OP_SET_COL, LIVE(0), T(0), COLV, D_255, G_0, 1, V_1);
    OP(OP_SET_COL, LIVE(0), T(0), COLTG, D_16, G_0, 1, V_2);
    OP(OP_SET_COL, LIVE(0), T(0), COLV, D_5000, G_0, 0, V_0);    /* too big */
    OP(OP_UPDATE, LIVE(0), T(0), CB_24, 1, G_0);
    OP(OP_PREPARE, LIVE(0), T(0), PR_CANCEL);                    /* UpdateNotPrepared */
    OP(OP_PREPARE, LIVE(0), T(0), PR_99);
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_GET_LOCK, LIVE(0), T(0), G_1);
    OP(OP_GET_LOCK, LIVE(0), T(0), G_2);
    OP(OP_GET_LOCK, LIVE(0), T(0), G_3);
    OP(OP_ESCROW, LIVE(0), T(0), COLC, D_8, CB_8, 1, G_0);
    OP(OP_DELETE, LIVE(0), T(0));
    OP(OP_DELETE, LIVE(0), T(0));                                /* RecordDeleted */
    OP(OP_COMMIT, LIVE(0), G_0);
    OP(OP_IDX_COUNT, LIVE(0), T(0), 0, V_0);
    OP(OP_IDX_COUNT, LIVE(0), T(0), 0, V_1);
    OP(OP_IDX_COUNT, LIVE(0), T(0), 1, V_0);
    OP(OP_DUP_CURSOR, LIVE(0), T(0), 0, G_0);
    OP(OP_MOVE, LIVE(0), T(1), MV_FIRST, G_0);
    OP(OP_TBL_CLOSE, LIVE(0), T(1));
    OP(OP_MOVE, LIVE(0), TDEAD(0), MV_FIRST, G_0);              /* InvalidTableId */
    OP(OP_TBL_OPEN, LIVE(1), DB(0), TN_T0, G_0, 0);              /* InvalidDatabaseId */
    OP(OP_DB_OPEN, LIVE(1), DB_D1, 0, G_0);
    OP(OP_TBL_OPEN, LIVE(1), DB(0), TN_T0, G_0, 0);
    OP(OP_TBL_OPEN, LIVE(1), DB(0), TN_T1, G_0, 0);              /* ObjectNotFound */
    OP(OP_MOVE, LIVE(0), T(1), MV_FIRST, G_0);                   /* SesidTableIdMismatch */
    OP(OP_MOVE, LIVE(1), T(1), MV_FIRST, G_0);
    OP(OP_MOVE, LIVE(1), PLUS1(1), MV_FIRST, G_0);
    OP(OP_MOVE, LIVE(1), FLIP(1), 63, MV_FIRST, G_0);
    OP(OP_MOVE, LIVE(1), RANDOM, R8, MV_FIRST, G_0);
    OP(OP_END, LIVE(1), G_0);                                     /* closes its cursor */
    OP(OP_MOVE, LIVE(0), T(1), MV_FIRST, G_0);
    save("cursor-walk");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_TEMP_OPEN, LIVE(0), 1, 0, G_0);
    OP(OP_TEMP_OPEN, LIVE(0), 0, 1, G_4);                        /* TTUpdatable */
    OP(OP_TEMP_OPEN, LIVE(0), 2, 2, G_3);
    OP(OP_TEMP_OPEN, LIVE(0), 1, 3, G_0);                        /* JetOpenTemporaryTable */
    OP(OP_TEMP_OPEN, LIVE(0), 5, 4, G_0);                        /* bad column type */
    OP(OP_TEMP_OPEN, LIVE(0), 4, 8, G_0);                        /* ptableid NULL */
    OP(OP_PREPARE, LIVE(0), T(0), PR_INSERT);
    OP(OP_SET_COL, LIVE(0), T(0), 4, D_I1, G_0, 0, V_0);
    OP(OP_SET_COL, LIVE(0), T(0), 5, D_8, G_0, 0, V_0);
    OP(OP_UPDATE, LIVE(0), T(0), CB_0, 0, G_0);
    OP(OP_MOVE, LIVE(0), T(0), MV_FIRST, G_0);
    OP(OP_RET_COL, LIVE(0), T(0), 5, CB_24, 0, G_0, V_0);
    OP(OP_MAKE_KEY, LIVE(0), T(0), D_I1, G_1);
    OP(OP_SEEK, LIVE(0), T(0), G_1);
    OP(OP_SET_INDEX, LIVE(0), T(0), IN_PK, 0, G_0, V_0);         /* IllegalOperation */
    OP(OP_DUP_CURSOR, LIVE(0), T(0), 0, G_0);
    OP(OP_GET_BM, LIVE(0), T(0), CB_24, 0);
    OP(OP_DELETE, LIVE(0), T(0));
    OP(OP_TBL_INFO, LIVE(0), T(0), CB_260, 1, 0);
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_TEMP_OPEN, LIVE(0), 0, 2, G_0);
    OP(OP_ROLLBACK, LIVE(0), G_0);                               /* closes it */
    OP(OP_MOVE, LIVE(0), TDEAD(0), MV_FIRST, G_0);
    OP(OP_TBL_CLOSE, LIVE(0), T(0));
    OP(OP_TBL_CLOSE, LIVE(0), TDEAD(1));
    save("temp-tables");

    up_db();
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_TBL_CREATE, LIVE(0), DB(0), TN_T0, 0);
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_TBL_OPEN, LIVE(0), DB(0), TN_T0, G_0, 0);
    OP(OP_COMMIT, LIVE(0), G_0);                                 /* to level 1 */
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_DUP_CURSOR, LIVE(0), T(1), 0, G_0);
    OP(OP_ROLLBACK, LIVE(0), G_0);                               /* closes the dup */
    OP(OP_MOVE, LIVE(0), T(2), MV_FIRST, G_0);
    OP(OP_MOVE, LIVE(0), T(1), MV_FIRST, G_0);
    OP(OP_ROLLBACK, LIVE(0), G_0);                               /* closes both */
    OP(OP_MOVE, LIVE(0), TDEAD(0), MV_FIRST, G_0);
    OP(OP_MOVE, LIVE(0), TDEAD(1), MV_FIRST, G_0);
    OP(OP_TBL_OPEN, LIVE(0), DB(0), TN_T0, G_0, 0);              /* rolled back? */
    OP(OP_SET_CTX, LIVE(0), V_1234);
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_RESET_CTX, LIVE(0));
    OP(OP_MOVE, LIVE(0), T(0), MV_FIRST, G_0);                   /* SharingViolation */
    OP(OP_SET_CTX, LIVE(0), V_1234);
    OP(OP_ROLLBACK, LIVE(0), G_1);
    OP(OP_STOP_INST, LIVE(0));
    OP(OP_MOVE, LIVE(0), T(0), MV_FIRST, G_0);                   /* -1329 */
    OP(OP_DB_OPEN, LIVE(0), DB_D1, 0, G_0);
    save("levels-close-cursors");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_KV_GET, LIVE(0), 1);
    OP(OP_KV_PUT, LIVE(0), 1, 0x31);
    OP(OP_KV_GET, LIVE(1), 1);
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_KV_PUT, LIVE(0), 2, 0x32);
    OP(OP_KV_GET, LIVE(1), 2);                                   /* not visible */
    OP(OP_KV_PUT, LIVE(1), 2, 0x33);                             /* WriteConflict */
    OP(OP_KV_GET, LIVE(0), 2);
    OP(OP_COMMIT, LIVE(0), G_0);
    OP(OP_KV_GET, LIVE(1), 2);
    OP(OP_BEGIN_TX, LIVE(2));                                    /* snapshot */
    OP(OP_KV_PUT, LIVE(0), 3, 0x34);
    OP(OP_KV_DEL, LIVE(0), 1);
    OP(OP_KV_GET, LIVE(2), 3);                                   /* absent in snapshot */
    OP(OP_KV_GET, LIVE(2), 1);                                   /* present in snapshot */
    OP(OP_KV_PUT, LIVE(2), 1, 0x35);                             /* WriteConflict */
    OP(OP_KV_PUT, LIVE(2), 3, 0x36);                             /* WriteConflict */
    OP(OP_KV_PUT, LIVE(2), 4, 0x37);
    OP(OP_BEGIN_TX, LIVE(2));
    OP(OP_KV_PUT, LIVE(2), 4, 0x38);
    OP(OP_KV_DEL, LIVE(2), 2);
    OP(OP_ROLLBACK, LIVE(2), G_0);
    OP(OP_KV_GET, LIVE(2), 4);
    OP(OP_KV_GET, LIVE(2), 2);
    OP(OP_BEGIN_TX, LIVE(2));
    OP(OP_KV_PUT, LIVE(2), 5, 0x39);
    OP(OP_COMMIT, LIVE(2), G_0);
    OP(OP_COMMIT, LIVE(2), G_0);
    OP(OP_KV_GET, LIVE(0), 5);
    OP(OP_KV_GET, LIVE(0), 4);
    OP(OP_BEGIN_TX, LIVE(1));
    OP(OP_KV_PUT, LIVE(1), 6, 0x3A);
    OP(OP_END, LIVE(1), G_0);                                    /* rolls back */
    OP(OP_KV_GET, LIVE(0), 6);
    OP(OP_BEGIN_TX2, LIVE(0), G_1);                              /* read only */
    OP(OP_KV_PUT, LIVE(0), 7, 0x3B);
    OP(OP_KV_DEL, LIVE(0), 5);
    OP(OP_ROLLBACK, LIVE(0), G_0);
    save("kv-model");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_KV_PUT, LIVE(0), 9, 0x41);
    OP(OP_DB_DETACH, LIVE(0), DB_NULL, 0, G_0);                  /* hides fzm.edb */
    OP(OP_KV_GET, LIVE(0), 9);                                   /* reattached, still there */
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_MAXVER, V_1, S_NULL);
    OP(OP_KV_PUT, LIVE(0), 10, 0x42);
    OP(OP_TERM2, LIVE(0), G_8);
    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_KV_GET, LIVE(0), 9);                                   /* a new instance: empty */
    OP(OP_KV_PUT, DEAD(0), 9, 0x43);
    save("kv-detach-term");

    up_db();
    OP(OP_TBL_CREATE_CI, LIVE(0), DB(0), 0, TN_T0, 0, G_0);
    insert(0, D_I1);
    insert(0, D_I2);
    OP(OP_DB_OPEN, LIVE(1), DB_D1, 0, G_0);
    OP(OP_TBL_OPEN, LIVE(1), DB(0), TN_T0, G_0, 0);
    {
        static const unsigned char a[] = {
            TO_MOVE, LIVE(0), T(0), MV_FIRST, G_0, TO_RET_COL, LIVE(0), T(0), COLV, CB_24, 0,
            G_0, V_0, TO_MOVE, LIVE(1), T(1), MV_NEXT, G_0, TO_SEEK, LIVE(1), T(1), G_1};
        static const unsigned char b[] = {
            TO_MOVE, LIVE(1), T(1), MV_FIRST, G_0, TO_TBL_INFO, LIVE(1), T(1), CB_260, 1, 0,
            TO_MOVE, LIVE(0), T(0), MV_LAST, G_0, TO_GET_BM, LIVE(0), T(0), CB_24, 0};
        threads(a, sizeof a, b, sizeof b);
    }
    OP(OP_BEGIN_TX, LIVE(0));
    {
        static const unsigned char a[] = {
            TO_MOVE, LIVE(0), T(0), MV_FIRST, G_0, TO_PREPARE, LIVE(0), T(0), PR_REPLACE,
            TO_DELETE, LIVE(0), T(0), TO_MOVE, LIVE(1), T(1), MV_FIRST, G_0};
        static const unsigned char b[] = {
            TO_MOVE, LIVE(0), T(0), MV_LAST, G_0, TO_GET_LOCK, LIVE(0), T(0), G_2,
            TO_DELETE, LIVE(0), T(0), TO_SEEK, LIVE(1), T(1), G_1};
        threads(a, sizeof a, b, sizeof b);
    }
    OP(OP_ROLLBACK, LIVE(0), G_0);
    save("threads");
}

/* main -- write every seed into DIR */
int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    g_dir = argv[1];

    up();
    OP(OP_TERM, LIVE(0));
    save("create-init-term");

    OP(OP_CREATE2, 0, S_A, S_B, G_0);
    OP(OP_CREATE2, 0, S_B, S_B, G_1);          /* InvalidGrbit */
    OP(OP_CREATE, 1, S_C);                     /* NULL pinstance */
    OP(OP_CREATE, 0, S_A);                     /* InstanceNameInUse */
    OP(OP_CREATE, 0, S_NULL);
    OP(OP_CREATE, 0, S_NULL);                  /* two NULL names collide */
    OP(OP_CREATE, 0, S_260);                   /* a long name is fine */
    OP(OP_TERM2, LIVE(1), G_2);
    OP(OP_TERM2, LIVE(0), G_40);               /* InvalidGrbit */
    save("create-names");

    OP(OP_INIT, PTR_NULL);                     /* legacy single-instance mode */
    OP(OP_BEGIN_SES, ZERO, 0);
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_STOP);
    OP(OP_END, LIVE(0), G_0);                  /* -1329 */
    OP(OP_ROLLBACK, LIVE(0), G_0);             /* still works after a stop */
    OP(OP_STOP);
    OP(OP_TERM, ZERO);
    OP(OP_END, DEAD(0), G_0);                  /* NotInitialized */
    save("legacy-stop");

    OP(OP_INIT, PTR_ZERO);
    OP(OP_CREATE, 0, S_A);                     /* RunningInOneInstanceMode */
    OP(OP_INIT2, PTR_ZERO, G_ALL);             /* AlreadyInitialized */
    OP(OP_INIT, PTR_SEL, LIVE(0));             /* AlreadyInitialized */
    OP(OP_SET_PARAM, PTR_NULL, P_MAXSES, V_3, S_NULL); /* the one instance: locked */
    OP(OP_GET_PARAM, ZERO, P_MAXSES, 0, CB_0, 0);
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_TERM2, LIVE(0), G_0);
    OP(OP_STOP);                               /* NotInitialized */
    OP(OP_INIT, PTR_NULL);                     /* the mode ended with the instance */
    OP(OP_TERM2, ZERO, G_8);
    save("legacy-handle");

    OP(OP_CREATE, 0, S_A);
    OP(OP_INIT, PTR_NULL);                     /* RunningInMultiInstanceMode */
    OP(OP_STOP);                               /* RunningInMultiInstanceMode */
    OP(OP_TERM, LIVE(0));
    OP(OP_INIT, PTR_NULL);
    OP(OP_TERM, ZERO);
    OP(OP_TERM, ZERO);                         /* nothing left */
    save("modes");

    OP(OP_CREATE, 0, S_A);
    OP(OP_INIT3, PTR_SEL, LIVE(0), 1, G_0);    /* FeatureNotAvailable */
    OP(OP_BEGIN_SES, LIVE(0), 0);              /* NotInitialized: created only */
    OP(OP_STOP_INST, LIVE(0));                 /* NotInitialized */
    OP(OP_INIT3, PTR_SEL, LIVE(0), 0, G_ALL);  /* init grbits are ignored */
    OP(OP_INIT, PTR_SEL, LIVE(0));
    OP(OP_INIT, PTR_SEL, NIL);
    OP(OP_INIT, PTR_SEL, PLUS1(0));
    OP(OP_TERM, LIVE(0));
    OP(OP_INIT2, PTR_SEL, DEAD(0), G_0);       /* InvalidInstance */
    save("init-variants");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_BEGIN_SES, LIVE(0), 1);              /* NULL psesid */
    OP(OP_DUP, LIVE(0), 0);
    OP(OP_DUP, LIVE(0), 1);
    OP(OP_END, LIVE(1), G_0);
    OP(OP_END, DEAD(0), G_0);                  /* InvalidSesid */
    OP(OP_END, LIVE(0), G_2);                  /* InvalidParameter */
    OP(OP_END, LIVE(0), G_1);
    OP(OP_TERM, LIVE(0));
    save("sessions");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_END, ZERO, G_0);
    OP(OP_END, NIL, G_0);
    OP(OP_END, PLUS1(0), G_0);
    OP(OP_END, MINUS1(0), G_0);
    OP(OP_END, FLIP(0), 40, G_0);
    OP(OP_END, FLIP(0), 3, G_2);
    OP(OP_END, RANDOM, R8, G_0);
    OP(OP_BEGIN_TX, FLIP(0), 63);
    OP(OP_COMMIT, PLUS1(0), G_0);
    OP(OP_ROLLBACK, RANDOM, R8, G_0);
    OP(OP_SET_CTX, NIL, V_1);
    OP(OP_RESET_CTX, ZERO);
    OP(OP_DUP, MINUS1(0), 0);
    save("forged-sessions");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_SET_CTX, LIVE(0), V_1234);
    OP(OP_END, LIVE(0), G_0);                  /* SessionInUse */
    OP(OP_SET_CTX, LIVE(0), V_1234);           /* SessionContextAlreadySet */
    OP(OP_SET_CTX, LIVE(0), V_0);
    OP(OP_RESET_CTX, LIVE(0));
    OP(OP_RESET_CTX, LIVE(0));                 /* NotSetByThisThread */
    OP(OP_SET_CTX, LIVE(0), V_0);              /* InvalidParameter */
    OP(OP_SET_CTX, LIVE(0), V_ALL);            /* InvalidParameter */
    OP(OP_END, LIVE(0), G_0);
    save("context-end");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    for (int i = 0; i < 8; i++)                /* the 8th: TransTooDeep */
        OP(OP_BEGIN_TX2, LIVE(0), i & 1 ? G_1 : G_40);
    for (int i = 0; i < 8; i++)                /* the 8th: NotInTransaction */
        OP(OP_COMMIT, LIVE(0), G_0);
    save("levels");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_COMMIT, LIVE(0), G_2);               /* wait alone: fine at level 0 */
    OP(OP_COMMIT2, LIVE(0), G_10, V_0, 1);
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_COMMIT, LIVE(0), G_4);               /* InvalidGrbit */
    OP(OP_COMMIT, LIVE(0), G_A);               /* two wait bits: InvalidGrbit */
    OP(OP_COMMIT, LIVE(0), G_18);
    OP(OP_COMMIT, LIVE(0), G_ALL);
    OP(OP_COMMIT2, LIVE(0), G_0, V_100, 0);    /* cmsec without LazyFlush */
    OP(OP_COMMIT2, LIVE(0), G_21, V_100, 1);
    OP(OP_COMMIT, LIVE(0), G_20);              /* NotInTransaction */
    save("commit-grbits");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_ROLLBACK, LIVE(0), G_0);             /* NotInTransaction */
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_ROLLBACK, LIVE(0), G_2);             /* InvalidGrbit */
    OP(OP_ROLLBACK, LIVE(0), G_0);
    OP(OP_ROLLBACK, LIVE(0), G_1);             /* all */
    OP(OP_ROLLBACK, LIVE(0), G_1);
    save("rollback");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_BEGIN_TX, LIVE(1));
    OP(OP_TERM, LIVE(0));                      /* TooManyActiveUsers */
    OP(OP_TERM2, LIVE(0), G_1);                /* TooManyActiveUsers */
    OP(OP_BEGIN_TX, LIVE(0));                  /* still usable */
    OP(OP_TERM2, LIVE(0), G_9);                /* dirty: DirtyShutdown */
    OP(OP_END, DEAD(0), G_0);                  /* NotInitialized */
    OP(OP_COMMIT, DEAD(1), G_0);
    OP(OP_TERM, DEAD(0));                      /* InvalidInstance */
    save("term-open-txn");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_END, LIVE(0), G_0);                  /* rolls back every level */
    OP(OP_TERM, LIVE(0));
    save("end-open-levels");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_SET_CTX, LIVE(0), V_2);
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_STOP_INST, LIVE(0));
    OP(OP_END, LIVE(0), G_0);                  /* -1329 */
    OP(OP_BEGIN_TX, LIVE(0));                  /* -1329 */
    OP(OP_COMMIT, LIVE(0), G_0);               /* -1329 */
    OP(OP_DUP, LIVE(0), 0);                    /* -1329 */
    OP(OP_SET_CTX, LIVE(0), V_3);              /* -1329 */
    OP(OP_ROLLBACK, LIVE(0), G_0);             /* works */
    OP(OP_RESET_CTX, LIVE(0));                 /* works */
    OP(OP_BEGIN_SES, LIVE(0), 0);              /* -1329 */
    OP(OP_STOP_INST2, LIVE(0), G_RESUME);      /* -1329: cannot resume */
    OP(OP_STOP_INST2, LIVE(0), G_0);
    OP(OP_INIT, PTR_SEL, LIVE(0));
    OP(OP_GET_PARAM, LIVE(0), P_MAXSES, 0, CB_0, 0);
    OP(OP_TERM, LIVE(0));
    save("stop-then-end");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_STOP_INST2, LIVE(0), G_2);
    OP(OP_STOP_INST2, LIVE(0), G_4);
    OP(OP_STOP_INST2, LIVE(0), G_6);
    OP(OP_BEGIN_TX, LIVE(0));                  /* resumable stops: still works */
    OP(OP_STOP_INST2, LIVE(0), G_RESUME_2);
    OP(OP_STOP_INST2, LIVE(0), G_RESUME_6);
    OP(OP_STOP_INST2, LIVE(0), G_RESUME);
    OP(OP_STOP_INST2, LIVE(0), G_RESUME_8);    /* InvalidGrbit */
    OP(OP_STOP_INST2, LIVE(0), G_9);           /* InvalidGrbit */
    OP(OP_STOP_INST2, LIVE(0), G_1);           /* InvalidGrbit */
    OP(OP_STOP_INST2, LIVE(0), G_ALL);         /* InvalidGrbit */
    OP(OP_STOP_INST2, LIVE(0), G_8);           /* stop and emit log: a full stop */
    OP(OP_COMMIT, LIVE(0), G_0);               /* -1329 */
    OP(OP_TERM, LIVE(0));                      /* TooManyActiveUsers */
    OP(OP_ROLLBACK, LIVE(0), G_1);
    OP(OP_TERM, LIVE(0));
    save("stop-grbits");

    OP(OP_CREATE, 0, S_A);
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_MAXSES, V_1, S_NULL);
    OP(OP_INIT, PTR_SEL, LIVE(0));
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_BEGIN_SES, LIVE(0), 0);              /* OutOfSessions */
    OP(OP_DUP, LIVE(0), 0);                    /* OutOfSessions */
    OP(OP_GET_PARAM, LIVE(0), P_MAXSES, 0, CB_0, 0);
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_MAXSES, V_2, S_NULL); /* AlreadyInitialized */
    OP(OP_END, LIVE(0), G_0);
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_TERM, LIVE(0));
    save("max-sessions-1");

    OP(OP_SET_PARAM, PTR_NULL, P_MAXSES, V_30001, S_NULL); /* out of range */
    OP(OP_SET_PARAM, PTR_NULL, P_MAXSES, V_0, S_NULL);
    OP(OP_CREATE, 0, S_A);
    OP(OP_SET_PARAM, PTR_ZERO, P_MAXSES, V_2, S_NULL);     /* globals: not this one */
    OP(OP_INIT, PTR_SEL, LIVE(0));
    OP(OP_BEGIN_SES, LIVE(0), 0);              /* OutOfSessions */
    OP(OP_CREATE, 0, S_B);
    OP(OP_INIT, PTR_SEL, LIVE(1));
    OP(OP_BEGIN_SES, LIVE(1), 0);
    OP(OP_BEGIN_SES, LIVE(1), 0);
    OP(OP_DUP, LIVE(0), 0);                    /* OutOfSessions */
    OP(OP_GET_PARAM, ZERO, P_MAXSES, 0, CB_0, 0);
    OP(OP_GET_PARAM, NIL, P_MAXSES, 0, CB_0, 0);
    OP(OP_GET_PARAM, LIVE(0), P_MAXSES, 1, CB_0, 0); /* plParam NULL */
    save("max-sessions-global");

    OP(OP_SET_PARAM, PTR_NULL, P_MAXINST, V_2, S_NULL);
    OP(OP_SET_PARAM, PTR_NULL, P_MAXINST, V_10241, S_NULL); /* out of range */
    OP(OP_CREATE, 0, S_A);
    OP(OP_CREATE, 0, S_B);
    OP(OP_CREATE, 0, S_C);                     /* TooManyInstances */
    OP(OP_INIT, PTR_SEL, LIVE(0));
    OP(OP_SET_PARAM, PTR_NULL, P_MAXINST, V_3, S_NULL);   /* AlreadyInitialized */
    OP(OP_SET_PARAM, PTR_SEL, LIVE(1), P_CACHEMAX, V_1024, S_NULL); /* writable after init */
    OP(OP_GET_PARAM, LIVE(0), P_CACHEMAX, 0, CB_0, 0);
    OP(OP_GET_PARAM, LIVE(1), P_MAXINST, 0, CB_0, 0);
    OP(OP_TERM, LIVE(1));
    OP(OP_CREATE, 0, S_C);
    save("max-instances");

    OP(OP_CREATE, 0, S_A);
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_SYSPATH, V_0, S_NULL); /* InvalidParameter */
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_SYSPATH, V_0, S_260);  /* too long */
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_SYSPATH, V_0, S_259);
    OP(OP_GET_PARAM, LIVE(0), P_SYSPATH, 0, CB_24, 0);          /* BufferTooSmall */
    OP(OP_GET_PARAM, LIVE(0), P_SYSPATH, 2, CB_1024, 0);        /* szParam NULL */
    OP(OP_GET_PARAM, LIVE(0), P_SYSPATH, 0, CB_260, 0);
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_BASENAME, V_0, S_AB);  /* not 3 chars */
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_BASENAME, V_0, S_ABCD);
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_BASENAME, V_0, S_ABC);
    OP(OP_GET_PARAM, LIVE(0), P_BASENAME, 0, CB_4, 0);
    OP(OP_GET_PARAM, LIVE(0), P_BASENAME, 0, CB_3, 0);          /* BufferTooSmall */
    OP(OP_SET_PARAM, PTR_NULL, P_LOGPATH, V_0, S_PATH);
    OP(OP_SET_PARAM, PTR_NULL, P_TEMPPATH, V_0, S_EMPTY);
    OP(OP_INIT, PTR_SEL, LIVE(0));
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_TEMPPATH, V_0, S_PATH); /* AlreadyInitialized */
    OP(OP_GET_PARAM, ZERO, P_LOGPATH, 0, CB_1024, 0);
    OP(OP_GET_PARAM, LIVE(0), P_TEMPPATH, 0, CB_1024, 0);
    save("string-params");

    OP(OP_GET_PARAM, ZERO, P_ERRSTR, 0, CB_1024, V_ERR_SESID);
    OP(OP_GET_PARAM, ZERO, P_ERRSTR, 0, CB_1, V_ERR_SESID);     /* BufferTooSmall */
    OP(OP_GET_PARAM, ZERO, P_ERRSTR, 1, CB_1024, V_ERR_SESID);  /* plParam NULL */
    OP(OP_GET_PARAM, ZERO, P_ERRSTR, 0, CB_0, V_ERR_STOP);      /* cbMax 0 */
    OP(OP_GET_PARAM, RANDOM, R8, P_ERRSTR, 0, CB_260, 0xF0, R8);
    OP(OP_GET_PARAM, ZERO, P_ERRSTR, 0, CB_24, V_ERR_NYI);
    OP(OP_SET_PARAM, PTR_NULL, P_ERRSTR, V_0, S_A);             /* read-only */
    save("error-to-string");

    OP(OP_CREATE, 0, S_A);
    OP(OP_SET_PARAM, PTR_NULL, P_BAD1, V_1, S_A);
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_BAD2, V_1, S_A);
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_BAD3, V_1, S_A);
    OP(OP_GET_PARAM, LIVE(0), P_BAD1, 0, CB_1024, 0);
    OP(OP_GET_PARAM, LIVE(0), P_BAD3, 0, CB_1024, 0);
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_RECOVERY, V_0, S_ABC);
    OP(OP_GET_PARAM, LIVE(0), P_RECOVERY, 0, CB_1024, 0);
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_TTVER, V_0, S_NULL);
    OP(OP_GET_PARAM, LIVE(0), P_EVSRC, 0, CB_1024, 0);
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_MAXTABLES, V_0, S_NULL); /* range not documented */
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_MAXCURSORS, V_2P32, S_NULL);
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_MAXTEMP, V_0, S_NULL);
    OP(OP_SET_PARAM, PTR_SEL, LIVE(0), P_MAXVER, V_777777, S_NULL);
    OP(OP_GET_PARAM, LIVE(0), P_MAXVER, 0, CB_0, 0);
    OP(OP_GET_PARAM, LIVE(0), P_MAXTEMP, 0, CB_0, 0);
    save("other-params");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_TERM, LIVE(0));
    OP(OP_TERM, DEAD(0));                      /* InvalidInstance */
    OP(OP_TERM2, DEAD(0), G_8);
    OP(OP_INIT, PTR_SEL, DEAD(0));
    OP(OP_BEGIN_SES, DEAD(0), 0);              /* nothing initialized: NotInitialized */
    OP(OP_STOP_INST, DEAD(0));
    OP(OP_GET_PARAM, DEAD(0), P_MAXSES, 0, CB_0, 0);
    OP(OP_SET_PARAM, PTR_SEL, DEAD(0), P_MAXSES, V_1, S_NULL);
    up();
    OP(OP_BEGIN_SES, DEAD(0), 0);              /* InvalidParameter */
    OP(OP_END, DEAD(0), G_0);                  /* NotInitialized: ended by JetTerm */
    save("stale-instances");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_TERM, PLUS1(0));
    OP(OP_TERM, MINUS1(0));
    OP(OP_TERM, FLIP(0), 20);
    OP(OP_TERM, NIL);
    OP(OP_TERM, RANDOM, R8);
    OP(OP_STOP_INST, FLIP(0), 0);
    OP(OP_STOP_INST2, NIL, G_2);
    OP(OP_BEGIN_SES, PLUS1(0), 0);
    OP(OP_BEGIN_SES, NIL, 0);
    OP(OP_BEGIN_SES, ZERO, 0);
    OP(OP_INIT, PTR_SEL, FLIP(0), 15);
    OP(OP_GET_PARAM, FLIP(0), 1, P_MAXSES, 0, CB_0, 0);
    OP(OP_SET_PARAM, PTR_SEL, MINUS1(0), P_MAXSES, V_1, S_NULL);
    save("forged-instances");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_SET_CTX, LIVE(0), V_1234);
    OP(OP_BEGIN_TX, LIVE(0));                  /* owned by context 0x1234 */
    OP(OP_RESET_CTX, LIVE(0));
    OP(OP_COMMIT, LIVE(0), G_0);               /* SessionSharingViolation */
    OP(OP_BEGIN_TX, LIVE(0));                  /* SessionSharingViolation */
    OP(OP_DUP, LIVE(0), 0);                    /* SessionSharingViolation */
    OP(OP_SET_CTX, LIVE(0), V_2);
    OP(OP_ROLLBACK, LIVE(0), G_0);             /* SessionSharingViolation */
    OP(OP_RESET_CTX, LIVE(0));
    OP(OP_SET_CTX, LIVE(0), V_1234);           /* migrated back */
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_COMMIT, LIVE(0), G_0);
    OP(OP_COMMIT, LIVE(0), G_0);
    OP(OP_COMMIT, LIVE(0), G_0);               /* NotInTransaction */
    save("context-migration");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_SET_CTX, LIVE(0), V_1);
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_RESET_CTX, LIVE(0));
    OP(OP_END, LIVE(0), G_0);                  /* context txn, no context bound: ends */
    OP(OP_TERM, LIVE(0));
    save("context-txn-end");

    up();
    OP(OP_CREATE, 0, S_B);
    OP(OP_INIT, PTR_SEL, LIVE(1));
    OP(OP_CREATE, 0, S_C);
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_BEGIN_SES, LIVE(1), 0);
    OP(OP_BEGIN_SES, LIVE(2), 0);              /* created only: NotInitialized */
    OP(OP_DUP, LIVE(1), 0);
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_BEGIN_TX, LIVE(2));
    OP(OP_TERM2, LIVE(1), G_8);
    OP(OP_COMMIT, LIVE(0), G_0);               /* the other instance is untouched */
    OP(OP_END, DEAD(0), G_0);
    OP(OP_END, DEAD(1), G_0);
    OP(OP_INIT, PTR_SEL, LIVE(2));
    OP(OP_BEGIN_SES, LIVE(2), 0);
    OP(OP_STOP_INST, LIVE(2));
    OP(OP_COMMIT, LIVE(0), G_0);               /* NotInTransaction */
    save("three-instances");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    OP(OP_BEGIN_TX3, LIVE(0), V_1234, G_1);
    OP(OP_BEGIN_TX3, LIVE(0), 0xF0, R8, G_ALL);
    OP(OP_BEGIN_TX2, LIVE(0), 0xF0, 0xff, 0xff, 0xff, 0xff);
    OP(OP_COMMIT2, LIVE(0), G_1, V_1, 1);
    OP(OP_COMMIT2, LIVE(0), G_0, V_0, 1);
    OP(OP_COMMIT2, LIVE(0), G_0, V_0, 1);      /* outermost: a new commit id */
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_COMMIT2, LIVE(0), G_20, V_0, 1);
    OP(OP_BEGIN_TX, LIVE(0));
    OP(OP_COMMIT2, LIVE(0), G_8, V_1, 1);      /* wait bit with cmsec: either */
    OP(OP_COMMIT2, LIVE(0), G_0, V_0, 0);
    save("begin3-commit-ids");

    /* Stale handles across many instances: sessions ended by JetTerm must
     * keep answering NotInitialized while their slots are reused. */
    for (int round = 0; round < 14; round++) {
        up();
        OP(OP_BEGIN_SES, LIVE(0), 0);
        OP(OP_BEGIN_SES, LIVE(0), 0);
        OP(OP_BEGIN_SES, LIVE(0), 0);
        OP(OP_TERM2, LIVE(0), G_8);
        OP(OP_END, DEAD(round), G_0);
    }
    for (int k = 0; k < 42; k++)
        OP(OP_BEGIN_TX, DEAD(k));
    save("stale-after-many-terms");

    up();
    OP(OP_BEGIN_SES, LIVE(0), 0);
    for (int round = 0; round < 40; round++) {
        OP(OP_END, LIVE(0), G_0);
        OP(OP_BEGIN_SES, LIVE(0), 0);
        OP(OP_END, DEAD(round), G_1);
    }
    save("end-begin-cycles");

    data_seeds();
    printf("gen_corpus: %d seeds in %s\n", g_seq, g_dir);
    return 0;
}
