/*
 * fuzz_ops.h -- the byte code of the API fuzzer (tests/fuzz/fuzz_api.c).
 *
 * An input is a sequence of operations. Each operation is one opcode byte
 * (taken modulo OP_COUNT) followed by its argument bytes, listed below per
 * opcode. A reader past the end of the input yields 0 bytes, so every input
 * is a valid program; at most FZ_MAX_OPS operations run per input.
 *
 * Argument encodings (one byte unless stated):
 *   ISEL  instance handle:  kind = b & 7, idx = b >> 3
 *           0 live tracked instance idx%3 (0 if the slot is empty)
 *           1 dead instance handle from this input's history, idx%count
 *           2 0            3 ~0 (JET_instanceNil)
 *           4 live+1       5 live-1
 *           6 live ^ (1 << (next byte % 64))
 *           7 next 8 bytes, little endian
 *   SSEL  session handle: the same kinds over sessions (3 tracked live
 *         sessions; history holds sessions ended by JetEndSession or JetTerm)
 *   IPTR  pointer to an instance: b % 4: 0 NULL, 1 pointer to 0,
 *         2/3 pointer to an ISEL (next byte)
 *   GRB   grbit: b < 0xF0 -> fz_grbits[b % FZ_N_GRBITS], else next 4 bytes
 *   VAL   integer: b < 0xF0 -> fz_values[b % FZ_N_VALUES], else next 8 bytes
 *   STR   string: fz_strings index b % FZ_N_STRINGS (entry 0 is NULL)
 *   PAR   parameter: fz_params index b % FZ_N_PARAMS
 *   FLG   flag byte, bits named per opcode
 *
 *   OP_CREATE        FLG(bit0: pinstance NULL) STR(name)
 *   OP_CREATE2       FLG STR(name) STR(display) GRB
 *   OP_INIT          IPTR
 *   OP_INIT2         IPTR GRB
 *   OP_INIT3         IPTR FLG(bit0: prstInfo non-NULL) GRB
 *   OP_TERM          ISEL
 *   OP_TERM2         ISEL GRB
 *   OP_STOP          -
 *   OP_STOP_INST     ISEL
 *   OP_STOP_INST2    ISEL GRB
 *   OP_SET_PARAM     IPTR PAR VAL STR
 *   OP_GET_PARAM     ISEL PAR FLG(bit0 plParam NULL, bit1 szParam NULL) CB VAL(error code
 *                    for ErrorToString); CB: b % FZ_N_CBS indexes fz_cbs
 *   OP_BEGIN_SES     ISEL FLG(bit0: psesid NULL)
 *   OP_DUP           SSEL FLG(bit0: psesid NULL)
 *   OP_END           SSEL GRB
 *   OP_SET_CTX       SSEL VAL
 *   OP_RESET_CTX     SSEL
 *   OP_BEGIN_TX      SSEL
 *   OP_BEGIN_TX2     SSEL GRB
 *   OP_BEGIN_TX3     SSEL VAL(trxid) GRB
 *   OP_COMMIT        SSEL GRB
 *   OP_COMMIT2       SSEL GRB VAL(cmsecDurableCommit, truncated to 32 bits) FLG(bit0: pCommitId)
 *   OP_ROLLBACK      SSEL GRB
 *
 * Data opcodes (fuzz_data.c), appended after OP_ROLLBACK. More encodings:
 *   TSEL  table handle (JET_TABLEID): the ISEL kinds over FZ_TSLOTS tracked
 *         cursors and temp tables (of every session), history = closed ones
 *   DSEL  database id: kind = b & 7, idx = b >> 3
 *           0 the dbid of model database idx (0 if none)   1 the raw value idx
 *           2 0   3 JET_dbidNil   4 live+1   5 live-1   6 live ^ bit   7 4 raw bytes
 *   DBN TN CN IN  names: fz_dbnames / fz_tnames / fz_cnames / fz_inames[b % N]
 *   COL   column id: b & 8 ? fz_colids[b % N] : the (b & 7)th id returned by
 *         the engine (JetAddColumn, table creation; 0 if none yet)
 *   DATA  fz_data[b % N] (length, fill; entry 0 is a NULL pointer)
 *   CB    fz_cbs index, as above;  MOV  fz_moves[b % N];  PREP fz_preps[b % N]
 *   LVL   info level: fz_tlevels / fz_clevels / fz_ilevels[b % N]
 *   SHAPE table shape for JetCreateTableColumnIndex (fuzz_data.c, b % N)
 *   TSHAPE temp-table column set (fuzz_data.c, b % N)
 *   KEY   model key b % FZ_KV_KEYS;  VB value byte (length 1 + b % 8)
 *
 *   OP_DB_CREATE     SSEL DBN FLG(bit0 pdbid NULL, bit1 Create2) GRB
 *   OP_DB_ATTACH     SSEL DBN FLG(bit0 Attach2) GRB
 *   OP_DB_DETACH     SSEL DBN FLG(bit0 Detach2) GRB
 *   OP_DB_OPEN       SSEL DBN FLG(bit0 pdbid NULL) GRB
 *   OP_DB_CLOSE      SSEL DSEL GRB
 *   OP_TBL_CREATE    SSEL DSEL TN FLG(bit0 ptableid NULL)
 *   OP_TBL_CREATE_CI SSEL DSEL SHAPE TN FLG(bit0 NULL struct, bit1 bad cbStruct,
 *                    bits 2-3: JetCreateTableColumnIndex 1/2/3) GRB
 *   OP_TBL_DELETE    SSEL DSEL TN
 *   OP_COL_ADD       SSEL TSEL CN CDEF(fz_coldefs) FLG(bit0 pcolumndef NULL,
 *                    bit1 pcolumnid NULL, bit2 a 4-byte default)
 *   OP_COL_DELETE    SSEL TSEL CN FLG(bit0 JetDeleteColumn2) GRB
 *   OP_IDX_CREATE    SSEL TSEL IN IKEY(fz_ikeys) GRB
 *   OP_IDX_DELETE    SSEL TSEL IN
 *   OP_TBL_OPEN      SSEL DSEL TN GRB FLG(bit0 ptableid NULL)
 *   OP_TBL_CLOSE     SSEL TSEL
 *   OP_DUP_CURSOR    SSEL TSEL FLG(bit0 ptableid NULL) GRB
 *   OP_SET_INDEX     SSEL TSEL IN FLG(bits0-1: SetCurrentIndex 1/2/3) GRB VAL(itag)
 *   OP_MOVE          SSEL TSEL MOV GRB
 *   OP_MAKE_KEY      SSEL TSEL DATA GRB
 *   OP_SEEK          SSEL TSEL GRB
 *   OP_SET_RANGE     SSEL TSEL GRB
 *   OP_GET_BM        SSEL TSEL CB FLG(bit0 pv NULL, bit1 pcb NULL)
 *   OP_GOTO_BM       SSEL TSEL FLG(bit0 the last bookmark read, else DATA) DATA
 *   OP_RET_COL       SSEL TSEL COL CB FLG(bit0 pv NULL, bit1 pcb NULL, bit2 retinfo,
 *                    bit3 bad cbStruct) GRB VAL(itagSequence)
 *   OP_RET_KEY       SSEL TSEL CB FLG(bit0 pv NULL, bit1 pcb NULL) GRB
 *   OP_PREPARE       SSEL TSEL PREP
 *   OP_SET_COL       SSEL TSEL COL DATA GRB FLG(bit0 setinfo, bit1 bad cbStruct) VAL(itag)
 *   OP_UPDATE        SSEL TSEL CB FLG(bit0 bookmark buffer, bit1 pcb NULL, bit2 Update2) GRB
 *   OP_DELETE        SSEL TSEL
 *   OP_GET_LOCK      SSEL TSEL GRB
 *   OP_ESCROW        SSEL TSEL COL DATA CB FLG(bit0 pvOld) GRB
 *   OP_TEMP_OPEN     SSEL TSHAPE FLG(bits0-2: OpenTempTable 1/2/3, Temporary 1/2;
 *                    bit3 ptableid NULL) GRB
 *   OP_TBL_INFO      SSEL TSEL CB LVL FLG(bit0 pv NULL)
 *   OP_COL_INFO      SSEL FLG(bit0 by dbid+name, bit1 pv NULL) TSEL DSEL TN CN CB LVL
 *   OP_IDX_INFO      SSEL FLG(bit0 by dbid+name, bit1 pv NULL) TSEL DSEL TN IN CB LVL
 *   OP_IDX_COUNT     SSEL TSEL FLG(bit0 pcrec NULL) VAL(crecMax)
 *   OP_KV_PUT        SSEL KEY VB        the model check (fuzz_data.c)
 *   OP_KV_DEL        SSEL KEY
 *   OP_KV_GET        SSEL KEY
 *   OP_THREADS       LEN(a) a bytes, LEN(b) b bytes: two sub-programs run at
 *                    once by two threads (fuzz_threads.c); LEN = b % 64; in a
 *                    sub-program the opcode byte indexes fz_thread_ops
 *
 * Adding opcodes changed OP_COUNT, so an opcode byte >= 23 of an old input
 * now names another operation: old inputs stay valid programs, but only the
 * hand-written seeds (opcode bytes < 23) keep their exact meaning.
 *
 * The tables are part of the format: the seed corpus (gen_corpus.c) encodes
 * indices into them, so entries may be appended but never reordered.
 */
#ifndef OPENESE_TESTS_FUZZ_OPS_H
#define OPENESE_TESTS_FUZZ_OPS_H

#include <stdint.h>

enum fz_op {
    OP_CREATE,
    OP_CREATE2,
    OP_INIT,
    OP_INIT2,
    OP_INIT3,
    OP_TERM,
    OP_TERM2,
    OP_STOP,
    OP_STOP_INST,
    OP_STOP_INST2,
    OP_SET_PARAM,
    OP_GET_PARAM,
    OP_BEGIN_SES,
    OP_DUP,
    OP_END,
    OP_SET_CTX,
    OP_RESET_CTX,
    OP_BEGIN_TX,
    OP_BEGIN_TX2,
    OP_BEGIN_TX3,
    OP_COMMIT,
    OP_COMMIT2,
    OP_ROLLBACK,
    OP_DB_CREATE,
    OP_DB_ATTACH,
    OP_DB_DETACH,
    OP_DB_OPEN,
    OP_DB_CLOSE,
    OP_TBL_CREATE,
    OP_TBL_CREATE_CI,
    OP_TBL_DELETE,
    OP_COL_ADD,
    OP_COL_DELETE,
    OP_IDX_CREATE,
    OP_IDX_DELETE,
    OP_TBL_OPEN,
    OP_TBL_CLOSE,
    OP_DUP_CURSOR,
    OP_SET_INDEX,
    OP_MOVE,
    OP_MAKE_KEY,
    OP_SEEK,
    OP_SET_RANGE,
    OP_GET_BM,
    OP_GOTO_BM,
    OP_RET_COL,
    OP_RET_KEY,
    OP_PREPARE,
    OP_SET_COL,
    OP_UPDATE,
    OP_DELETE,
    OP_GET_LOCK,
    OP_ESCROW,
    OP_TEMP_OPEN,
    OP_TBL_INFO,
    OP_COL_INFO,
    OP_IDX_INFO,
    OP_IDX_COUNT,
    OP_KV_PUT,
    OP_KV_DEL,
    OP_KV_GET,
    OP_THREADS,
    OP_COUNT
};

#define FZ_MAX_OPS 512
#define FZ_SLOTS 3 /* tracked instances, and tracked sessions */

/* handle selector kinds (ISEL/SSEL low 3 bits) */
enum { SEL_LIVE, SEL_DEAD, SEL_ZERO, SEL_NIL, SEL_PLUS1, SEL_MINUS1, SEL_FLIP, SEL_RANDOM };
#define FZ_SEL(kind, idx) ((uint8_t)(((idx) << 3) | (kind)))

/* IPTR */
enum { PTR_NULL, PTR_ZERO, PTR_SEL };

static const uint32_t fz_grbits[] = {
    0x0,        0x1,        0x2,        0x4,        0x8,        0x10,       0x20,
    0x40,       0x80000000, 0x80000002, 0x80000004, 0x80000008, 0x3,        0x9,
    0x11,       0x21,       0xFFFFFFFF, 0x6,        0x18,       0xA,        0x80000006,
    0x12,       0x100,      0x7,
};
#define FZ_N_GRBITS (sizeof fz_grbits / sizeof fz_grbits[0])
/* indices of fz_grbits, for the corpus generator */
enum {
    G_0, G_1, G_2, G_4, G_8, G_10, G_20, G_40, G_RESUME, G_RESUME_2, G_RESUME_4, G_RESUME_8,
    G_3, G_9, G_11, G_21, G_ALL, G_6, G_18, G_A, G_RESUME_6, G_12, G_100, G_7
};

static const uint64_t fz_values[] = {
    0,          1,          2,          3,          16,         300,
    30000,      30001,      10240,      10241,      0x7FFFFFFF, 0x80000000,
    ~(uint64_t)0, 0x1234,   20,         1024,       64,         (uint64_t)-1104,
    (uint64_t)-1329, 4,     (uint64_t)-1, 0x100000000ull, 777777, 100,
};
#define FZ_N_VALUES (sizeof fz_values / sizeof fz_values[0])
enum {
    V_0, V_1, V_2, V_3, V_16, V_300, V_30000, V_30001, V_10240, V_10241, V_I32MAX, V_2P31,
    V_ALL, V_1234, V_20, V_1024, V_64, V_ERR_SESID, V_ERR_STOP, V_4, V_ERR_NYI, V_2P32,
    V_777777, V_100
};

#define FZ_LONG259                                                                                 \
    "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp" \
    "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp" \
    "ppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp"
static const char *const fz_strings[] = {
    NULL, "", "a", "b", "c", "abc", "edb", "./x/", FZ_LONG259, FZ_LONG259 "q", "ab", "abcd",
};
#define FZ_N_STRINGS (sizeof fz_strings / sizeof fz_strings[0])
enum { S_NULL, S_EMPTY, S_A, S_B, S_C, S_ABC, S_EDB, S_PATH, S_259, S_260, S_AB, S_ABCD };

static const uint32_t fz_cbs[] = {0, 1, 3, 4, 8, 24, 260, 1024};
#define FZ_N_CBS (sizeof fz_cbs / sizeof fz_cbs[0])
enum { CB_0, CB_1, CB_3, CB_4, CB_8, CB_24, CB_260, CB_1024 };

/* Parameters: how the oracle treats each id (fuzz_api.c). */
enum fz_pkind {
    PK_INT,     /* tracked integer: documented range, value round-trips */
    PK_PATH,    /* tracked path string: 0..259 chars, NULL refused */
    PK_BASE,    /* BaseName: exactly 3 chars */
    PK_ERRSTR,  /* ErrorToString: Get only */
    PK_UNKNOWN, /* no such id in ESE: InvalidParameter */
    PK_LOOSE,   /* an ESE id openese may or may not implement: only "no crash" */
};
struct fz_param {
    uint32_t id;
    enum fz_pkind kind;
    int global;   /* process-wide (one value for every instance) */
    int locked;   /* refused once initialized */
    uint64_t lo;  /* documented valid range (PK_INT) */
    uint64_t hi;
    uint64_t bad; /* values above this are documented invalid; between hi and bad: either */
    int zero_ok;  /* 0 documented valid (lo == 0) or ambiguous (-1) */
};
static const struct fz_param fz_params[] = {
    {0, PK_PATH, 0, 1, 0, 0, 0, 0},                                /* SystemPath */
    {1, PK_PATH, 0, 1, 0, 0, 0, 0},                                /* TempPath */
    {2, PK_PATH, 0, 1, 0, 0, 0, 0},                                /* LogFilePath */
    {3, PK_BASE, 0, 1, 0, 0, 0, 0},                                /* BaseName */
    {5, PK_INT, 0, 1, 0, 30000, 30000, 1},                         /* MaxSessions */
    {6, PK_INT, 0, 1, 1, 0x7FFFFFFF, ~(uint64_t)0, -1},            /* MaxOpenTables */
    {8, PK_INT, 0, 1, 1, 0x7FFFFFFF, ~(uint64_t)0, -1},            /* MaxCursors */
    {9, PK_INT, 0, 1, 1, 0x7FFFFFFF, ~(uint64_t)0, -1},            /* MaxVerPages */
    {10, PK_INT, 0, 1, 0, 0x7FFFFFFF, ~(uint64_t)0, 1},            /* MaxTemporaryTables */
    {23, PK_INT, 1, 0, 1, 0x7FFFFFFF, ~(uint64_t)0, -1},           /* CacheSizeMax */
    {104, PK_INT, 1, 1, 1, 10240, 10240, -1},                      /* MaxInstances */
    {70, PK_ERRSTR, 1, 0, 0, 0, 0, 0},                             /* ErrorToString */
    {0xFFFFFFFF, PK_UNKNOWN, 0, 0, 0, 0, 0, 0},
    {99999, PK_UNKNOWN, 0, 0, 0, 0, 0, 0},
    {4, PK_LOOSE, 0, 0, 0, 0, 0, 0},                               /* EventSource */
    {34, PK_LOOSE, 0, 0, 0, 0, 0, 0},                              /* Recovery */
    {46, PK_LOOSE, 0, 0, 0, 0, 0, 0},                              /* EnableTempTableVersioning */
    {63, PK_LOOSE, 0, 0, 0, 0, 0, 0},                              /* PreferredVerPages */
    {125, PK_LOOSE, 0, 0, 0, 0, 0, 0},                             /* CachedClosedTables */
    {0x7FFFFFFF, PK_UNKNOWN, 0, 0, 0, 0, 0, 0},
};
#define FZ_N_PARAMS (sizeof fz_params / sizeof fz_params[0])
enum {
    P_SYSPATH, P_TEMPPATH, P_LOGPATH, P_BASENAME, P_MAXSES, P_MAXTABLES, P_MAXCURSORS,
    P_MAXVER, P_MAXTEMP, P_CACHEMAX, P_MAXINST, P_ERRSTR, P_BAD1, P_BAD2, P_EVSRC, P_RECOVERY,
    P_TTVER, P_PREFVER, P_CACHEDTBL, P_BAD3
};

/* ---- data opcodes ---- */

/* The opcodes a worker of OP_THREADS runs (its opcode byte indexes this
 * table): the ones that change nothing the model tracks. */
static const uint8_t fz_thread_ops[] = {
    OP_COL_ADD, OP_COL_DELETE, OP_IDX_CREATE, OP_IDX_DELETE, OP_TBL_INFO, OP_COL_INFO,
    OP_IDX_INFO, OP_SET_INDEX, OP_MOVE, OP_MAKE_KEY, OP_SEEK, OP_SET_RANGE, OP_GET_BM,
    OP_GOTO_BM, OP_RET_COL, OP_RET_KEY, OP_PREPARE, OP_SET_COL, OP_UPDATE, OP_DELETE,
    OP_GET_LOCK, OP_ESCROW, OP_IDX_COUNT};
#define FZ_N_THREAD_OPS (sizeof fz_thread_ops / sizeof fz_thread_ops[0])
enum { TO_COL_ADD, TO_COL_DELETE, TO_IDX_CREATE, TO_IDX_DELETE, TO_TBL_INFO, TO_COL_INFO,
       TO_IDX_INFO, TO_SET_INDEX, TO_MOVE, TO_MAKE_KEY, TO_SEEK, TO_SET_RANGE, TO_GET_BM,
       TO_GOTO_BM, TO_RET_COL, TO_RET_KEY, TO_PREPARE, TO_SET_COL, TO_UPDATE, TO_DELETE,
       TO_GET_LOCK, TO_ESCROW, TO_IDX_COUNT };
#define FZ_TSLOTS 6   /* tracked table handles (cursors and temp tables) */
#define FZ_KV_KEYS 16 /* keys of the model table */

static const char *const fz_dbnames[] = {NULL, "", " d", "d1.edb", "d2.edb", "d3.edb", "./x/"};
#define FZ_N_DBNAMES (sizeof fz_dbnames / sizeof fz_dbnames[0])
enum { DB_NULL, DB_EMPTY, DB_SPACE, DB_D1, DB_D2, DB_D3, DB_PATH };

#define FZ_NAME65 "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
static const char *const fz_tnames[] = {NULL, "", "t0", "t1", "t2", " t", FZ_NAME65, "t.x"};
#define FZ_N_TNAMES (sizeof fz_tnames / sizeof fz_tnames[0])
enum { TN_NULL, TN_EMPTY, TN_T0, TN_T1, TN_T2, TN_SPACE, TN_65, TN_DOT };

static const char *const fz_cnames[] = {NULL, "", "k", "v", "c", "tg", FZ_NAME65, "e"};
#define FZ_N_CNAMES (sizeof fz_cnames / sizeof fz_cnames[0])
enum { CN_NULL, CN_EMPTY, CN_K, CN_V, CN_C, CN_TG, CN_65, CN_E };

static const char *const fz_inames[] = {NULL, "", "pk", "ix", "iv", FZ_NAME65};
#define FZ_N_INAMES (sizeof fz_inames / sizeof fz_inames[0])
enum { IN_NULL, IN_EMPTY, IN_PK, IN_IX, IN_IV, IN_65 };

/* index keys: text and cbKey (including the final double NUL) */
static const struct { const char *key; uint32_t cb; uint32_t grbit; } fz_ikeys[] = {
    {"+k\0", 4, 0x2},     {"+v\0", 4, 0},   {"-c\0+k\0", 7, 0x1}, {"+tg\0", 5, 0},
    {"", 0, 0},           {"k\0", 3, 0},    {"+nope\0", 7, 0},     {"+k\0", 2, 0},
    {"+e\0", 4, 0x1},     {"+k\0", 4, 0x3},
};
#define FZ_N_IKEYS (sizeof fz_ikeys / sizeof fz_ikeys[0])
enum { IK_K_PRIMARY, IK_V, IK_CK_UNIQUE, IK_TG, IK_EMPTY, IK_NOPREFIX, IK_MISSING, IK_SHORT,
       IK_E_UNIQUE, IK_K_PRIMARY_UNIQUE };

/* column definitions: type, cbMax, grbit */
static const struct { uint32_t coltyp, cbMax, grbit; } fz_coldefs[] = {
    {4, 0, 0x1},   {10, 255, 0},  {11, 0, 0},    {9, 64, 0x402}, {5, 0, 0x801}, {0, 0, 0},
    {19, 0, 0},    {1, 0, 0x1},   {16, 0, 0},    {4, 0, 0x5},    {10, 300, 0},  {14, 0, 0x11},
    {12, 0, 0x2},  {15, 0, 0x10}, {9, 8, 0x4},
};
#define FZ_N_COLDEFS (sizeof fz_coldefs / sizeof fz_coldefs[0])
enum { CD_LONG_FIXED, CD_TEXT, CD_LONGBIN, CD_BIN_TAGGED_MV, CD_CURRENCY_ESCROW, CD_NIL, CD_MAX,
       CD_BIT, CD_GUID, CD_LONG_NOTNULL, CD_TEXT_300, CD_ULONG_AUTOINC, CD_LONGTEXT_TAGGED,
       CD_LONGLONG_AUTOINC, CD_BIN_NOTNULL };

static const uint32_t fz_colids[] = {0, 1, 2, 3, 127, 128, 256, 0xFFFFFFFF, 129, 257};
#define FZ_N_COLIDS (sizeof fz_colids / sizeof fz_colids[0])

/* data buffers: length and fill byte (entry 0: NULL pointer, length 0) */
static const struct { uint32_t len; uint8_t fill; } fz_data[] = {
    {0, 0},    {0, 1},   {1, 7},     {4, 1},     {4, 2},   {8, 0x41}, {16, 0x42},
    {255, 'x'}, {256, 'y'}, {1100, 'z'}, {5000, 'w'}, {2, 0},  {4, 0xFF},
};
#define FZ_N_DATA (sizeof fz_data / sizeof fz_data[0])
enum { D_NULL, D_EMPTY, D_1, D_I1, D_I2, D_8, D_16, D_255, D_256, D_1100, D_5000, D_2, D_IFF };

static const int32_t fz_moves[] = {(-0x7fffffff - 1), 0x7fffffff, 1, -1, 0, 2, -3, 1000,
                                   -0x7fffffff};
#define FZ_N_MOVES (sizeof fz_moves / sizeof fz_moves[0])
enum { MV_FIRST, MV_LAST, MV_NEXT, MV_PREV, MV_0, MV_2, MV_M3, MV_1000, MV_MIN1 };

static const uint32_t fz_preps[] = {0, 2, 3, 4, 5, 7, 9, 1, 99};
#define FZ_N_PREPS (sizeof fz_preps / sizeof fz_preps[0])
enum { PR_INSERT, PR_REPLACE, PR_CANCEL, PR_REPLACE_NOLOCK, PR_COPY, PR_COPY_DEL, PR_COPY_REPL,
       PR_1, PR_99 };

static const uint32_t fz_tlevels[] = {0, 1, 2, 3, 4, 7, 9, 12, 99};
#define FZ_N_TLEVELS (sizeof fz_tlevels / sizeof fz_tlevels[0])
static const uint32_t fz_clevels[] = {0, 1, 4, 6, 8, 3, 99, 0x80000000};
#define FZ_N_CLEVELS (sizeof fz_clevels / sizeof fz_clevels[0])
static const uint32_t fz_ilevels[] = {0, 1, 6, 7, 8, 9, 10, 11, 99};
#define FZ_N_ILEVELS (sizeof fz_ilevels / sizeof fz_ilevels[0])

#endif
