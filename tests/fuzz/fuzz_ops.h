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

#endif
