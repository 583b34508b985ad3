/*
 * esent.h -- openese's public interface, source-compatible with the public
 * part of Microsoft's ESE header (esent.h, generated from jethdr.w).
 *
 * What this header is:
 *   - Every public JET_err* / JET_wrn* code of ESE with ESE's exact value
 *     (values checked against jethdr.w of microsoft/Extensible-Storage-Engine).
 *     A handful of codes from jethdr.w's *non-public* part are included too
 *     because openese's documented behaviour relies on them; each is marked
 *     "[not in SDK esent.h]".
 *   - The grbits, JET_param* / JET_sesparam* ids, column types, JET_Move*
 *     constants, limits, nil values and structs of ESE, with ESE's field
 *     order.
 *   - Prototypes ONLY for the entry points openese implements today.  More
 *     are added as they are implemented, so a program that compiles against
 *     this header also links.
 *
 * ABI on Linux LP64 (ese-reference.md 6.4):
 *   - JET_API expands to nothing (ESE: __stdcall).  JET_EXPORT marks every
 *     prototype visible; the library is built with -fvisibility=hidden.
 *   - ESE's `unsigned long` / `long` (32 bits on Windows) become uint32_t /
 *     int32_t everywhere, in typedefs, struct fields and prototypes, so a
 *     struct has the same size and field offsets as on Win64.
 *   - JET_API_PTR and every handle (JET_INSTANCE, JET_SESID, JET_TABLEID,
 *     JET_HANDLE, JET_LS, JET_OSSNAPID) are uintptr_t.
 *   - Structs use natural alignment; ESE packs them to 8 on Win64, which for
 *     these field types gives identical layouts (tests/api/test_esent_header.c
 *     checks sizes and offsets).  ESE packs JET_LOGTIME, JET_LGPOS and
 *     JET_SIGNATURE to 1; natural alignment gives the same sizes and the
 *     same offsets inside every struct declared here.
 *   - Strings are narrow UTF-8.  openese implements only the ...A entry
 *     points; the undecorated name is a macro for the A variant, and the
 *     library also exports the undecorated names as aliases (as esent.dll
 *     does).  Defining JET_UNICODE is an error: there are no ...W variants.
 *   - JET_LOGTIME's two trailing bytes are plain chars here; ESE overlays
 *     them with bitfields (fTimeIsUTC, milliseconds) in anonymous structs,
 *     which ISO C++ does not allow.
 *
 * The header compiles warning-free as C11 (-Wall -Wextra -pedantic) and as
 * C++11.
 */
#ifndef OPENESE_ESENT_H
#define OPENESE_ESENT_H

#include <stddef.h>
#include <stdint.h>

#ifdef JET_UNICODE
#error "openese implements only the narrow (UTF-8, ...A) Jet* entry points: do not define JET_UNICODE"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Calling convention and visibility
 * ------------------------------------------------------------------------ */

#define JET_API
#if defined(__GNUC__)
#define JET_EXPORT __attribute__((visibility("default")))
#else
#define JET_EXPORT
#endif

/* ------------------------------------------------------------------------
 * Scalar and handle types
 * ------------------------------------------------------------------------ */

typedef uintptr_t JET_API_PTR;
typedef int32_t JET_ERR;

typedef JET_API_PTR JET_HANDLE;   /* backup file handle */
typedef JET_API_PTR JET_INSTANCE; /* instance */
typedef JET_API_PTR JET_SESID;    /* session */
typedef JET_API_PTR JET_TABLEID;  /* table / cursor */
typedef JET_API_PTR JET_LS;       /* local storage */
typedef JET_API_PTR JET_OSSNAPID; /* OS snapshot */

typedef uint32_t JET_COLUMNID;
typedef uint32_t JET_DBID;
typedef uint32_t JET_OBJTYP;
typedef uint32_t JET_COLTYP;
typedef uint32_t JET_GRBIT;
typedef uint32_t JET_SNP; /* status notification process */
typedef uint32_t JET_SNT; /* status notification type */
typedef uint32_t JET_CBTYP;
typedef double JET_DATESERIAL; /* JET_coltypDateTime format */

typedef char *JET_PSTR;        /* NUL-terminated UTF-8 */
typedef const char *JET_PCSTR; /* NUL-terminated UTF-8 */

typedef JET_ERR(JET_API *JET_PFNSTATUS)(JET_SESID sesid, JET_SNP snp, JET_SNT snt, void *pv);

/* ------------------------------------------------------------------------
 * Nil values
 * ------------------------------------------------------------------------ */

#define JET_instanceNil (~(JET_INSTANCE)0)
#define JET_sesidNil (~(JET_SESID)0)
#define JET_tableidNil (~(JET_TABLEID)0)
#define JET_columnidNil (~(JET_COLUMNID)0) /* [not in SDK esent.h] */
#define JET_bitNil ((JET_GRBIT)0)
#define JET_dbidNil ((JET_DBID)0xFFFFFFFF)
#define JET_LSNil (~(JET_LS)0)

/* ------------------------------------------------------------------------
 * Limits
 * ------------------------------------------------------------------------ */

#define JET_MAX_COMPUTERNAME_LENGTH 15
#define JET_cbBookmarkMost 256
#define JET_cbNameMost 64      /* narrow names */
#define JET_cbFullNameMost 255 /* narrow "name.name..." */
#define JET_cbColumnLVPageOverhead 82
#define JET_cbLVDefaultValueMost 255
#define JET_cbColumnMost 255
#define JET_cbLVColumnMost 0x7FFFFFFF
#define JET_cbKeyMost8KBytePage 2000
#define JET_cbKeyMost4KBytePage 1000
#define JET_cbKeyMost2KBytePage 500
#define JET_cbKeyMostMin 255
#define JET_cbKeyMost16KBytePage JET_cbKeyMost8KBytePage
#define JET_cbKeyMost32KBytePage JET_cbKeyMost8KBytePage
#define JET_cbKeyMostMost JET_cbKeyMost32KBytePage
#define JET_cbBookmarkMostMost JET_cbKeyMostMost
#define JET_cbKeyMost 255          /* defunct, kept for compatibility */
#define JET_cbLimitKeyMost 256     /* defunct, kept for compatibility */
#define JET_cbPrimaryKeyMost 255   /* defunct, kept for compatibility */
#define JET_cbSecondaryKeyMost 255 /* defunct, kept for compatibility */
#define JET_ccolKeyMost 16
#define JET_ccolMost 0x0000fee0
#define JET_ccolFixedMost 0x0000007f
#define JET_ccolVarMost 0x00000080
#define JET_ccolTaggedMost (JET_ccolMost - 0x000000ff)

#define JET_EventLoggingDisable 0
#define JET_EventLoggingLevelMin 1
#define JET_EventLoggingLevelLow 25
#define JET_EventLoggingLevelMedium 50
#define JET_EventLoggingLevelHigh 75
#define JET_EventLoggingLevelMax 100

/* ------------------------------------------------------------------------
 * Structures (ESE field order; ESE `unsigned long` -> uint32_t)
 * ------------------------------------------------------------------------ */

typedef struct {
    char *szDatabaseName;
    char *szNewDatabaseName;
} JET_RSTMAP_A;

typedef struct {
    char bSeconds; /* 0 - 59 */
    char bMinutes; /* 0 - 59 */
    char bHours;   /* 0 - 23 */
    char bDay;     /* 1 - 31 */
    char bMonth;   /* 1 - 12 */
    char bYear;    /* years since 1900 */
    char bFiller1; /* ESE: fTimeIsUTC:1, bMillisecondsLow:7 */
    char bFiller2; /* ESE: fReserved:1, bMillisecondsHigh:3, fUnused:4 */
} JET_LOGTIME;

typedef struct {
    uint16_t ib;
    uint16_t isec;
    int32_t lGeneration;
} JET_LGPOS;

typedef struct {
    uint32_t ulRandom;
    JET_LOGTIME logtimeCreate;
    char szComputerName[JET_MAX_COMPUTERNAME_LENGTH + 1];
} JET_SIGNATURE;

typedef struct {
    uint32_t cbStruct;
    JET_RSTMAP_A *rgrstmap;
    int32_t crstmap;
    JET_LGPOS lgposStop;
    JET_LOGTIME logtimeStop;
    JET_PFNSTATUS pfnStatus;
} JET_RSTINFO_A;

/* commit id returned by JetCommitTransaction2 */
typedef struct {
    JET_SIGNATURE signLog;
    int reserved; /* keeps commitId 8-byte aligned */
    int64_t commitId;
} JET_COMMIT_ID;

typedef struct {
    uint32_t cbStruct;
    uint32_t cunitDone;
    uint32_t cunitTotal;
} JET_SNPROG;

typedef struct {
    uint32_t cbStruct;
    JET_COLUMNID columnid;
    JET_COLTYP coltyp;
    uint16_t wCountry;
    uint16_t langid;
    uint16_t cp;
    uint16_t wCollate; /* must be 0 */
    uint32_t cbMax;
    JET_GRBIT grbit;
} JET_COLUMNDEF;

typedef struct tag_JET_COLUMNCREATE_A {
    uint32_t cbStruct;
    char *szColumnName;
    JET_COLTYP coltyp;
    uint32_t cbMax;
    JET_GRBIT grbit;
    void *pvDefault;
    uint32_t cbDefault;
    uint32_t cp;
    JET_COLUMNID columnid; /* out */
    JET_ERR err;           /* out */
} JET_COLUMNCREATE_A;

typedef struct tagJET_CONDITIONALCOLUMN_A {
    uint32_t cbStruct;
    char *szColumnName;
    JET_GRBIT grbit;
} JET_CONDITIONALCOLUMN_A;

typedef struct tagJET_UNICODEINDEX {
    uint32_t lcid;
    uint32_t dwMapFlags;
} JET_UNICODEINDEX;

typedef struct tagJET_TUPLELIMITS {
    uint32_t chLengthMin;
    uint32_t chLengthMax;
    uint32_t chToIndexMax;
    uint32_t cchIncrement;
    uint32_t ichStart;
} JET_TUPLELIMITS;

typedef struct tagJET_INDEXCREATE_A {
    uint32_t cbStruct;
    char *szIndexName;
    char *szKey; /* "+col\0-col\0\0" */
    uint32_t cbKey;
    JET_GRBIT grbit;
    uint32_t ulDensity;
    union {
        uint32_t lcid;                 /* without JET_bitIndexUnicode */
        JET_UNICODEINDEX *pidxunicode; /* with JET_bitIndexUnicode */
    };
    union {
        uint32_t cbVarSegMac;          /* without JET_bitIndexTupleLimits */
        JET_TUPLELIMITS *ptuplelimits; /* with JET_bitIndexTupleLimits */
    };
    JET_CONDITIONALCOLUMN_A *rgconditionalcolumn;
    uint32_t cConditionalColumn;
    JET_ERR err; /* out */
    uint32_t cbKeyMost;
} JET_INDEXCREATE_A;

typedef struct tagJET_TABLECREATE_A {
    uint32_t cbStruct;
    char *szTableName;
    char *szTemplateTableName;
    uint32_t ulPages;
    uint32_t ulDensity;
    JET_COLUMNCREATE_A *rgcolumncreate;
    uint32_t cColumns;
    JET_INDEXCREATE_A *rgindexcreate;
    uint32_t cIndexes;
    JET_GRBIT grbit;
    JET_TABLEID tableid; /* out */
    uint32_t cCreated;   /* out */
} JET_TABLECREATE_A;

/* --- BEGIN catalog structs (owned by the catalog work: tables/columns/indexes) --- */
typedef struct tagJET_SPACEHINTS {
    uint32_t cbStruct;
    uint32_t ulInitialDensity;
    uint32_t cbInitial;
    JET_GRBIT grbit;
    uint32_t ulMaintDensity;
    uint32_t ulGrowth;
    uint32_t cbMinExtent;
    uint32_t cbMaxExtent;
} JET_SPACEHINTS;

typedef struct tagJET_INDEXCREATE2_A {
    uint32_t cbStruct;
    char *szIndexName;
    char *szKey; /* "+col\0-col\0\0" */
    uint32_t cbKey;
    JET_GRBIT grbit;
    uint32_t ulDensity;
    union {
        uint32_t lcid;
        JET_UNICODEINDEX *pidxunicode;
    };
    union {
        uint32_t cbVarSegMac;
        JET_TUPLELIMITS *ptuplelimits;
    };
    JET_CONDITIONALCOLUMN_A *rgconditionalcolumn;
    uint32_t cConditionalColumn;
    JET_ERR err; /* out */
    uint32_t cbKeyMost;
    JET_SPACEHINTS *pSpacehints;
} JET_INDEXCREATE2_A;

typedef struct tagJET_TABLECREATE2_A {
    uint32_t cbStruct;
    char *szTableName;
    char *szTemplateTableName;
    uint32_t ulPages;
    uint32_t ulDensity;
    JET_COLUMNCREATE_A *rgcolumncreate;
    uint32_t cColumns;
    JET_INDEXCREATE_A *rgindexcreate;
    uint32_t cIndexes;
    char *szCallback;
    JET_CBTYP cbtyp;
    JET_GRBIT grbit;
    JET_TABLEID tableid; /* out */
    uint32_t cCreated;   /* out */
} JET_TABLECREATE2_A;

typedef struct tagJET_TABLECREATE3_A {
    uint32_t cbStruct;
    char *szTableName;
    char *szTemplateTableName;
    uint32_t ulPages;
    uint32_t ulDensity;
    JET_COLUMNCREATE_A *rgcolumncreate;
    uint32_t cColumns;
    JET_INDEXCREATE2_A *rgindexcreate;
    uint32_t cIndexes;
    char *szCallback;
    JET_CBTYP cbtyp;
    JET_GRBIT grbit;
    JET_SPACEHINTS *pSeqSpacehints;
    JET_SPACEHINTS *pLVSpacehints;
    uint32_t cbSeparateLV;
    JET_TABLEID tableid; /* out */
    uint32_t cCreated;   /* out */
} JET_TABLECREATE3_A;

typedef struct {
    uint32_t cbStruct;
    JET_COLUMNID columnid;
    JET_COLTYP coltyp;
    uint16_t wCountry;
    uint16_t langid;
    uint16_t cp;
    uint16_t wFiller;
    uint32_t cbMax;
    JET_GRBIT grbit;
    char szBaseTableName[256];
    char szBaseColumnName[256];
} JET_COLUMNBASE_A;
/* --- END catalog structs --- */

/* --- BEGIN cursor/record structs (owned by the cursor work) --- */
typedef struct tagJET_UNICODEINDEX2 {
    uint16_t *szLocaleName; /* UTF-16 locale name (accepted; openese sorts text binary) */
    uint32_t dwMapFlags;
} JET_UNICODEINDEX2;

typedef struct tagJET_OPENTEMPORARYTABLE2 {
    uint32_t cbStruct;
    const JET_COLUMNDEF *prgcolumndef;
    uint32_t ccolumn;
    JET_UNICODEINDEX2 *pidxunicode;
    JET_GRBIT grbit;
    JET_COLUMNID *prgcolumnid;
    uint32_t cbKeyMost;
    uint32_t cbVarSegMac;
    JET_TABLEID tableid; /* out */
} JET_OPENTEMPORARYTABLE2;
/* --- END cursor/record structs --- */

typedef struct tagJET_OPENTEMPORARYTABLE {
    uint32_t cbStruct;
    const JET_COLUMNDEF *prgcolumndef;
    uint32_t ccolumn;
    JET_UNICODEINDEX *pidxunicode;
    JET_GRBIT grbit;
    JET_COLUMNID *prgcolumnid;
    uint32_t cbKeyMost;
    uint32_t cbVarSegMac;
    JET_TABLEID tableid; /* out */
} JET_OPENTEMPORARYTABLE;

typedef struct tagJET_INDEXID {
    uint32_t cbStruct;
    unsigned char rgbIndexId[sizeof(JET_API_PTR) + sizeof(uint32_t) + sizeof(uint32_t)];
} JET_INDEXID;

typedef struct {
    uint32_t cbStruct;
    uint32_t ibLongValue;
    uint32_t itagSequence;
    JET_COLUMNID columnidNextTagged;
} JET_RETINFO;

typedef struct {
    uint32_t cbStruct;
    uint32_t ibLongValue;
    uint32_t itagSequence;
} JET_SETINFO;

typedef struct {
    uint32_t cbStruct;
    uint32_t centriesLT;
    uint32_t centriesInRange;
    uint32_t centriesTotal;
} JET_RECPOS;

typedef struct {
    JET_COLUMNID columnid;
    const void *pvData;
    uint32_t cbData;
    JET_GRBIT grbit;
    uint32_t ibLongValue;
    uint32_t itagSequence;
    JET_ERR err;
} JET_SETCOLUMN;

typedef struct {
    JET_COLUMNID columnid;
    void *pvData;
    uint32_t cbData;
    uint32_t cbActual;
    JET_GRBIT grbit;
    uint32_t ibLongValue;
    uint32_t itagSequence;
    JET_COLUMNID columnidNextTagged;
    JET_ERR err;
} JET_RETRIEVECOLUMN;

/* ------------------------------------------------------------------------
 * System parameters (JetSetSystemParameter / JetGetSystemParameter)
 * ------------------------------------------------------------------------ */

#define JET_paramSystemPath 0
#define JET_paramTempPath 1
#define JET_paramLogFilePath 2
#define JET_paramBaseName 3
#define JET_paramEventSource 4
#define JET_paramMaxSessions 5
#define JET_paramMaxOpenTables 6
#define JET_paramPreferredMaxOpenTables 7
#define JET_paramMaxCursors 8
#define JET_paramMaxVerPages 9
#define JET_paramMaxTemporaryTables 10
#define JET_paramLogFileSize 11
#define JET_paramLogBuffers 12
#define JET_paramWaitLogFlush 13
#define JET_paramLogCheckpointPeriod 14
#define JET_paramLogWaitingUserMax 15
#define JET_paramCommitDefault 16
#define JET_paramCircularLog 17
#define JET_paramDbExtensionSize 18
#define JET_paramPageTempDBMin 19
#define JET_paramPageFragment 20
#define JET_paramBatchIOBufferMax 22
#define JET_paramCacheSizeMax 23
#define JET_paramCheckpointDepthMax 24
#define JET_paramLRUKCorrInterval 25
#define JET_paramLRUKHistoryMax 26
#define JET_paramLRUKPolicy 27
#define JET_paramLRUKTimeout 28
#define JET_paramLRUKTrxCorrInterval 29
#define JET_paramOutstandingIOMax 30
#define JET_paramStartFlushThreshold 31
#define JET_paramStopFlushThreshold 32
#define JET_paramRecovery 34
#define JET_paramEnableOnlineDefrag 35
#define JET_paramCacheSize 41
#define JET_paramCheckFormatWhenOpenFail 44
#define JET_paramEnableIndexChecking 45
#define JET_paramEnableTempTableVersioning 46
#define JET_paramIgnoreLogVersion 47
#define JET_paramDeleteOldLogs 48
#define JET_paramEventSourceKey 49
#define JET_paramNoInformationEvent 50
#define JET_paramEventLoggingLevel 51
#define JET_paramDeleteOutOfRangeLogs 52
#define JET_paramAccessDeniedRetryPeriod 53
#define JET_paramEnableIndexCleanup 54
#define JET_paramCacheSizeMin 60
#define JET_paramPreferredVerPages 63
#define JET_paramDatabasePageSize 64
#define JET_paramDisableCallbacks 65
#define JET_paramLogFileCreateAsynch 69
#define JET_paramErrorToString 70
#define JET_paramZeroDatabaseDuringBackup 71
#define JET_paramUnicodeIndexDefault 72
#define JET_paramRuntimeCallback 73
#define JET_paramCleanupMismatchedLogFiles 77
#define JET_paramRecordUpgradeDirtyLevel 78
#define JET_paramGlobalMinVerPages 81
#define JET_paramOSSnapshotTimeout 82
#define JET_paramExceptionAction 98
#define JET_paramEventLogCache 99
#define JET_paramCreatePathIfNotExist 100
#define JET_paramPageHintCacheSize 101
#define JET_paramOneDatabasePerSession 102
#define JET_paramMaxInstances 104
#define JET_paramVersionStoreTaskQueueMax 105
#define JET_paramDisablePerfmon 107
#define JET_paramIndexTuplesLengthMin 110
#define JET_paramIndexTuplesLengthMax 111
#define JET_paramIndexTuplesToIndexMax 112
#define JET_paramAlternateDatabaseRecoveryPath 113
#define JET_paramCachedClosedTables 125
#define JET_paramEnableFileCache 126
#define JET_paramEnableViewCache 127
#define JET_paramVerPageSize 128
#define JET_paramConfiguration 129
#define JET_paramEnableAdvanced 130
#define JET_paramMaxColtyp 131
#define JET_paramIndexTupleIncrement 132
#define JET_paramIndexTupleStart 133
#define JET_paramKeyMost 134
#define JET_paramCheckpointIOMax 135
#define JET_paramLegacyFileNames 136
#define JET_paramTableClass1Name 137
#define JET_paramTableClass2Name 138
#define JET_paramTableClass3Name 139
#define JET_paramTableClass4Name 140
#define JET_paramTableClass5Name 141
#define JET_paramTableClass6Name 142
#define JET_paramTableClass7Name 143
#define JET_paramTableClass8Name 144
#define JET_paramTableClass9Name 145
#define JET_paramTableClass10Name 146
#define JET_paramTableClass11Name 147
#define JET_paramTableClass12Name 148
#define JET_paramTableClass13Name 149
#define JET_paramTableClass14Name 150
#define JET_paramTableClass15Name 151
#define JET_paramIOPriority 152
#define JET_paramWaypointLatency 153
#define JET_paramEnablePersistedCallbacks 156
#define JET_paramDefragmentSequentialBTrees 160
#define JET_paramDefragmentSequentialBTreesDensityCheckFrequency 161
#define JET_paramIOThrottlingTimeQuanta 162
#define JET_paramLVChunkSizeMost 163
#define JET_paramMaxCoalesceReadSize 164
#define JET_paramMaxCoalesceWriteSize 165
#define JET_paramMaxCoalesceReadGapSize 166
#define JET_paramMaxCoalesceWriteGapSize 167
#define JET_paramEnableDBScanInRecovery 169
#define JET_paramDbScanThrottle 170
#define JET_paramDbScanIntervalMinSec 171
#define JET_paramDbScanIntervalMaxSec 172
#define JET_paramCachePriority 177
#define JET_paramMaxTransactionSize 178
#define JET_paramPrereadIOMax 179
#define JET_paramEnableDBScanSerialization 180
#define JET_paramHungIOThreshold 181
#define JET_paramHungIOActions 182
#define JET_paramMinDataForXpress 183
#define JET_paramEnableShrinkDatabase 184
#define JET_paramProcessFriendlyName 186
#define JET_paramDurableCommitCallback 187
#define JET_paramEnableSqm 188
#define JET_paramConfigStoreSpec 189
#define JET_paramUseFlushForWriteDurability 214
#define JET_paramEnableRBS 215
#define JET_paramRBSFilePath 216
#define JET_paramPerfmonRefreshInterval 217
#define JET_paramMaxValueInvalid 218 /* not a parameter; changes between releases */

/* Values for JET_paramConfiguration */
#define JET_configDefault 0x0001
#define JET_configRemoveQuotas 0x0002
#define JET_configLowDiskFootprint 0x0004
#define JET_configMediumDiskFootprint 0x0008
#define JET_configLowMemory 0x0010
#define JET_configDynamicMediumMemory 0x0020
#define JET_configLowPower 0x0040
#define JET_configSSDProfileIO 0x0080
#define JET_configRunSilent 0x0100
#define JET_configUnthrottledMemory 0x0200
#define JET_configHighConcurrencyScaling 0x0400

/* Session parameters */
#define JET_sesparamCommitDefault 4097
#define JET_sesparamTransactionLevel 4099
#define JET_sesparamOperationContext 4100
#define JET_sesparamCorrelationID 4101
#define JET_sesparamMaxValueInvalid 4111 /* not a parameter; changes between releases */

/* ------------------------------------------------------------------------
 * grbits
 * ------------------------------------------------------------------------ */

/* JetInit2, JetInit3 */
#define JET_bitReplayIgnoreMissingDB 0x00000004
#define JET_bitRecoveryWithoutUndo 0x00000008
#define JET_bitTruncateLogsAfterRecovery 0x00000010
#define JET_bitReplayMissingMapEntryDB 0x00000020
#define JET_bitLogStreamMustExist 0x00000040
#define JET_bitReplayIgnoreLostLogs 0x00000080
#define JET_bitKeepDbAttachedAtEndOfRecovery 0x00001000

/* JetTerm2 */
#define JET_bitTermComplete 0x00000001
#define JET_bitTermAbrupt 0x00000002
#define JET_bitTermStopBackup 0x00000004
#define JET_bitTermDirty 0x00000008

/* JetStopServiceInstance2 */
#define JET_bitStopServiceAll 0x00000000
#define JET_bitStopServiceBackgroundUserTasks 0x00000002
#define JET_bitStopServiceQuiesceCaches 0x00000004
#define JET_bitStopServiceStopAndEmitLog 0x00000008 /* [not in SDK esent.h] */
#define JET_bitStopServiceResume 0x80000000

/* JetIdle */
#define JET_bitIdleFlushBuffers 0x00000001
#define JET_bitIdleCompact 0x00000002
#define JET_bitIdleStatus 0x00000004

/* JetEndSession */
#define JET_bitForceSessionClosed 0x00000001 /* [not in SDK esent.h] */

/* JetBeginTransaction2/3 */
#define JET_bitTransactionReadOnly 0x00000001
#define JET_bitDistributedTransaction 0x00000002 /* [not in SDK esent.h] */

/* JetCommitTransaction(2) */
#define JET_bitCommitLazyFlush 0x00000001
#define JET_bitWaitLastLevel0Commit 0x00000002
#define JET_bitWaitAllLevel0Commit 0x00000008
#define JET_bitForceNewLog 0x00000010
#define JET_bitCommitRedoCallback 0x00000020 /* [not in SDK esent.h] */

/* JetRollback */
#define JET_bitRollbackAll 0x00000001
#define JET_bitRollbackRedoCallback 0x00000020 /* [not in SDK esent.h] */

/* JetAttachDatabase / JetOpenDatabase */
#define JET_bitDbReadOnly 0x00000001
#define JET_bitDbExclusive 0x00000002
#define JET_bitDbDeleteCorruptIndexes 0x00000010
#define JET_bitDbUpgrade 0x00000200
#define JET_bitDbDeleteUnicodeIndexes 0x00000400
#define JET_bitDbEnableBackgroundMaintenance 0x00000800
#define JET_bitDbPurgeCacheOnAttach 0x00001000

/* JetDetachDatabase2 */
#define JET_bitForceDetach 0x00000001
#define JET_bitForceCloseAndDetach (0x00000002 | JET_bitForceDetach)

/* JetCreateDatabase */
#define JET_bitDbRecoveryOff 0x00000008
#define JET_bitDbShadowingOff 0x00000080
#define JET_bitDbOverwriteExisting 0x00000200

/* JetCreateTableColumnIndex */
#define JET_bitTableCreateFixedDDL 0x00000001
#define JET_bitTableCreateTemplateTable 0x00000002
#define JET_bitTableCreateNoFixedVarColumnsInDerivedTables 0x00000004
#define JET_bitTableCreateImmutableStructure 0x00000008

/* JetAddColumn, JetGetColumnInfo, JetOpenTempTable */
#define JET_bitColumnFixed 0x00000001
#define JET_bitColumnTagged 0x00000002
#define JET_bitColumnNotNULL 0x00000004
#define JET_bitColumnVersion 0x00000008
#define JET_bitColumnAutoincrement 0x00000010
#define JET_bitColumnUpdatable 0x00000020 /* JetGetColumnInfo only */
#define JET_bitColumnTTKey 0x00000040        /* JetOpenTempTable only */
#define JET_bitColumnTTDescending 0x00000080 /* JetOpenTempTable only */
#define JET_bitColumnMultiValued 0x00000400
#define JET_bitColumnEscrowUpdate 0x00000800
#define JET_bitColumnUnversioned 0x00001000
#define JET_bitColumnMaybeNull 0x00002000
#define JET_bitColumnFinalize 0x00004000
#define JET_bitColumnUserDefinedDefault 0x00008000
#define JET_bitColumnDeleteOnZero 0x00020000
#define JET_bitColumnCompressed 0x00080000

/* JetDeleteColumn2 */
#define JET_bitDeleteColumnIgnoreTemplateColumns 0x00000001

/* JetSetCurrentIndex */
#define JET_bitMoveFirst 0x00000000
#define JET_bitNoMove 0x00000002

/* JetMakeKey */
#define JET_bitNewKey 0x00000001
#define JET_bitStrLimit 0x00000002
#define JET_bitSubStrLimit 0x00000004
#define JET_bitNormalizedKey 0x00000008
#define JET_bitKeyDataZeroLength 0x00000010
#define JET_bitFullColumnStartLimit 0x00000100
#define JET_bitFullColumnEndLimit 0x00000200
#define JET_bitPartialColumnStartLimit 0x00000400
#define JET_bitPartialColumnEndLimit 0x00000800

/* JetSetIndexRange */
#define JET_bitRangeInclusive 0x00000001
#define JET_bitRangeUpperLimit 0x00000002
#define JET_bitRangeInstantDuration 0x00000004
#define JET_bitRangeRemove 0x00000008

/* JetGetLock */
#define JET_bitReadLock 0x00000001
#define JET_bitWriteLock 0x00000002

/*
 * JetMove cRow.  ESE writes JET_MoveFirst as 0x80000000 for a 32-bit
 * `long`; cRow is int32_t here, so it is spelled as INT32_MIN (same bits)
 * to keep comparisons with a signed cRow free of sign-conversion surprises.
 */
#define JET_MoveFirst (-0x7fffffff - 1)
#define JET_MovePrevious (-1)
#define JET_MoveNext (+1)
#define JET_MoveLast (0x7fffffff)

/* JetMove */
#define JET_bitMoveKeyNE 0x00000001

/* JetSeek */
#define JET_bitSeekEQ 0x00000001
#define JET_bitSeekLT 0x00000002
#define JET_bitSeekLE 0x00000004
#define JET_bitSeekGE 0x00000008
#define JET_bitSeekGT 0x00000010
#define JET_bitSetIndexRange 0x00000020
#define JET_bitCheckUniqueness 0x00000040

/* JetGotoSecondaryIndexBookmark */
#define JET_bitBookmarkPermitVirtualCurrency 0x00000001

/* JET_CONDITIONALCOLUMN */
#define JET_bitIndexColumnMustBeNull 0x00000001
#define JET_bitIndexColumnMustBeNonNull 0x00000002

/* JET_INDEXRANGE */
#define JET_bitRecordInIndex 0x00000001
#define JET_bitRecordNotInIndex 0x00000002

/* JetCreateIndex */
#define JET_bitIndexUnique 0x00000001
#define JET_bitIndexPrimary 0x00000002
#define JET_bitIndexDisallowNull 0x00000004
#define JET_bitIndexIgnoreNull 0x00000008
#define JET_bitIndexIgnoreAnyNull 0x00000020
#define JET_bitIndexIgnoreFirstNull 0x00000040
#define JET_bitIndexLazyFlush 0x00000080
#define JET_bitIndexEmpty 0x00000100
#define JET_bitIndexUnversioned 0x00000200
#define JET_bitIndexSortNullsHigh 0x00000400
#define JET_bitIndexUnicode 0x00000800
#define JET_bitIndexTuples 0x00001000
#define JET_bitIndexTupleLimits 0x00002000
#define JET_bitIndexCrossProduct 0x00004000
#define JET_bitIndexKeyMost 0x00008000
#define JET_bitIndexDisallowTruncation 0x00010000
#define JET_bitIndexNestedTable 0x00020000
#define JET_bitIndexDotNetGuid 0x00040000
#define JET_bitIndexImmutableStructure 0x00080000

/* index key definition */
#define JET_bitKeyAscending 0x00000000
#define JET_bitKeyDescending 0x00000001

/* JetOpenTable */
#define JET_bitTableDenyWrite 0x00000001
#define JET_bitTableDenyRead 0x00000002
#define JET_bitTableReadOnly 0x00000004
#define JET_bitTableUpdatable 0x00000008
#define JET_bitTablePermitDDL 0x00000010
#define JET_bitTableNoCache 0x00000020
#define JET_bitTablePreread 0x00000040
#define JET_bitTableOpportuneRead 0x00000080
#define JET_bitTableSequential 0x00008000
#define JET_bitTableClassMask 0x001F0000
#define JET_bitTableClassNone 0x00000000
#define JET_bitTableClass1 0x00010000
#define JET_bitTableClass2 0x00020000
#define JET_bitTableClass3 0x00030000
#define JET_bitTableClass4 0x00040000
#define JET_bitTableClass5 0x00050000
#define JET_bitTableClass6 0x00060000
#define JET_bitTableClass7 0x00070000
#define JET_bitTableClass8 0x00080000
#define JET_bitTableClass9 0x00090000
#define JET_bitTableClass10 0x000A0000
#define JET_bitTableClass11 0x000B0000
#define JET_bitTableClass12 0x000C0000
#define JET_bitTableClass13 0x000D0000
#define JET_bitTableClass14 0x000E0000
#define JET_bitTableClass15 0x000F0000

/* JetSetLS / JetGetLS */
#define JET_bitLSReset 0x00000001
#define JET_bitLSCursor 0x00000002
#define JET_bitLSTable 0x00000004

/* JetSetTableSequential, JetPrereadIndexRanges */
#define JET_bitPrereadForward 0x00000001
#define JET_bitPrereadBackward 0x00000002
#define JET_bitPrereadFirstPage 0x00000004
#define JET_bitPrereadNormalizedKey 0x00000008

/* JetOpenTempTable */
#define JET_bitTTIndexed 0x00000001
#define JET_bitTTUnique 0x00000002
#define JET_bitTTUpdatable 0x00000004
#define JET_bitTTScrollable 0x00000008
#define JET_bitTTSortNullsHigh 0x00000010
#define JET_bitTTForceMaterialization 0x00000020
#define JET_bitTTErrorOnDuplicateInsertion JET_bitTTForceMaterialization
#define JET_bitTTForwardOnly 0x00000040
#define JET_bitTTIntrinsicLVsOnly 0x00000080
#define JET_bitTTDotNetGuid 0x00000100

/* JetSetColumn */
#define JET_bitSetAppendLV 0x00000001
#define JET_bitSetOverwriteLV 0x00000004
#define JET_bitSetSizeLV 0x00000008
#define JET_bitSetZeroLength 0x00000020
#define JET_bitSetSeparateLV 0x00000040
#define JET_bitSetUniqueMultiValues 0x00000080
#define JET_bitSetUniqueNormalizedMultiValues 0x00000100
#define JET_bitSetRevertToDefaultValue 0x00000200
#define JET_bitSetIntrinsicLV 0x00000400
#define JET_bitSetUncompressed 0x00010000
#define JET_bitSetCompressed 0x00020000
#define JET_bitSetContiguousLV 0x00040000

/* JetPrepareUpdate */
#define JET_prepInsert 0
#define JET_prepReplace 2
#define JET_prepCancel 3
#define JET_prepReplaceNoLock 4
#define JET_prepInsertCopy 5
#define JET_prepInsertCopyDeleteOriginal 7
#define JET_prepInsertCopyReplaceOriginal 9

/* JetUpdate2 */
#define JET_bitUpdateCheckESE97Compatibility 0x00000001

/* JetEscrowUpdate */
#define JET_bitEscrowNoRollback 0x0001

/* JetRetrieveColumn */
#define JET_bitRetrieveCopy 0x00000001
#define JET_bitRetrieveFromIndex 0x00000002
#define JET_bitRetrieveFromPrimaryBookmark 0x00000004
#define JET_bitRetrieveTag 0x00000008
#define JET_bitRetrieveNull 0x00000010          /* columnid 0 only */
#define JET_bitRetrieveIgnoreDefault 0x00000020 /* columnid 0 only */
#define JET_bitRetrieveTuple 0x00000800

/* JET_INDEX_COLUMN */
#define JET_bitZeroLength 0x00000001

/* JetEnumerateColumns */
#define JET_bitEnumerateCopy JET_bitRetrieveCopy
#define JET_bitEnumerateIgnoreDefault JET_bitRetrieveIgnoreDefault
#define JET_bitEnumeratePresenceOnly 0x00020000
#define JET_bitEnumerateTaggedOnly 0x00040000
#define JET_bitEnumerateCompressOutput 0x00080000
#define JET_bitEnumerateIgnoreUserDefinedDefault 0x00100000
#define JET_bitEnumerateInRecordOnly 0x00200000

/* JetGetRecordSize */
#define JET_bitRecordSizeInCopyBuffer 0x00000001
#define JET_bitRecordSizeRunningTotal 0x00000002
#define JET_bitRecordSizeLocal 0x00000004

/* ------------------------------------------------------------------------
 * Info levels
 * ------------------------------------------------------------------------ */

/* JetGetDatabaseInfo / JetGetDatabaseFileInfo */
#define JET_DbInfoFilename 0
#define JET_DbInfoConnect 1
#define JET_DbInfoCountry 2
#define JET_DbInfoLCID 3
#define JET_DbInfoLangid 3 /* obsolete: JET_DbInfoLCID */
#define JET_DbInfoCp 4
#define JET_DbInfoCollate 5
#define JET_DbInfoOptions 6
#define JET_DbInfoTransactions 7
#define JET_DbInfoVersion 8
#define JET_DbInfoIsam 9
#define JET_DbInfoFilesize 10
#define JET_DbInfoSpaceOwned 11
#define JET_DbInfoSpaceAvailable 12
#define JET_DbInfoUpgrade 13
#define JET_DbInfoMisc 14
#define JET_DbInfoDBInUse 15
#define JET_DbInfoPageSize 17
#define JET_DbInfoFileType 19
#define JET_DbInfoFilesizeOnDisk 21

/* JetGetObjectInfo */
#define JET_ObjInfo 0U
#define JET_ObjInfoListNoStats 1U
#define JET_ObjInfoList 2U
#define JET_ObjInfoSysTabCursor 3U
#define JET_ObjInfoListACM 4U
#define JET_ObjInfoNoStats 5U
#define JET_ObjInfoSysTabReadOnly 6U
#define JET_ObjInfoRulesLoaded 7U
#define JET_ObjInfoMax 8U

/* JetGetTableInfo / JetSetTableInfo */
#define JET_TblInfo 0U
#define JET_TblInfoName 1U
#define JET_TblInfoDbid 2U
#define JET_TblInfoMostMany 3U
#define JET_TblInfoRvt 4U
#define JET_TblInfoOLC 5U
#define JET_TblInfoResetOLC 6U
#define JET_TblInfoSpaceUsage 7U
#define JET_TblInfoDumpTable 8U
#define JET_TblInfoSpaceAlloc 9U
#define JET_TblInfoSpaceOwned 10U
#define JET_TblInfoSpaceAvailable 11U
#define JET_TblInfoTemplateTableName 12U

/* JetGetIndexInfo / JetGetTableIndexInfo */
#define JET_IdxInfo 0U
#define JET_IdxInfoList 1U
#define JET_IdxInfoSysTabCursor 2U /* obsolete */
#define JET_IdxInfoOLC 3U          /* obsolete */
#define JET_IdxInfoResetOLC 4U     /* obsolete */
#define JET_IdxInfoSpaceAlloc 5U
#define JET_IdxInfoLCID 6U
#define JET_IdxInfoLangid 6U /* obsolete: JET_IdxInfoLCID */
#define JET_IdxInfoCount 7U
#define JET_IdxInfoVarSegMac 8U
#define JET_IdxInfoIndexId 9U
#define JET_IdxInfoKeyMost 10U
#define JET_IdxInfoCreateIndex 11U
#define JET_IdxInfoCreateIndex2 12U
#define JET_IdxInfoCreateIndex3 13U
#define JET_IdxInfoLocaleName 14U

/* JetGetColumnInfo / JetGetTableColumnInfo */
#define JET_ColInfo 0U
#define JET_ColInfoList 1U
#define JET_ColInfoSysTabCursor 3U
#define JET_ColInfoBase 4U
#define JET_ColInfoListCompact 5U
#define JET_ColInfoByColid 6U
#define JET_ColInfoListSortColumnid 7U /* obsolete: use the grbit */
#define JET_ColInfoBaseByColid 8U
#define JET_ColInfoGrbitNonDerivedColumnsOnly 0x80000000
#define JET_ColInfoGrbitMinimalInfo 0x40000000
#define JET_ColInfoGrbitSortByColumnid 0x20000000

/* ------------------------------------------------------------------------
 * Column types, object types, status notifications
 * ------------------------------------------------------------------------ */

#define JET_coltypNil 0
#define JET_coltypBit 1           /* true, false or NULL */
#define JET_coltypUnsignedByte 2  /* 1-byte unsigned integer */
#define JET_coltypShort 3         /* 2-byte signed integer */
#define JET_coltypLong 4          /* 4-byte signed integer */
#define JET_coltypCurrency 5      /* 8-byte signed integer */
#define JET_coltypIEEESingle 6    /* 4-byte IEEE float */
#define JET_coltypIEEEDouble 7    /* 8-byte IEEE double */
#define JET_coltypDateTime 8      /* OLE date (double) */
#define JET_coltypBinary 9        /* binary, at most 255 bytes */
#define JET_coltypText 10         /* text, at most 255 bytes */
#define JET_coltypLongBinary 11   /* binary long value */
#define JET_coltypLongText 12     /* text long value */
#define JET_coltypSLV 13          /* obsolete */
#define JET_coltypUnsignedLong 14 /* 4-byte unsigned integer */
#define JET_coltypLongLong 15     /* 8-byte signed integer */
#define JET_coltypGUID 16         /* 16-byte GUID */
#define JET_coltypUnsignedShort 17     /* 2-byte unsigned integer */
#define JET_coltypUnsignedLongLong 18  /* 8-byte unsigned integer */
#define JET_coltypMax 19               /* number of column types */

#define JET_objtypNil 0
#define JET_objtypTable 1

#define JET_snpRepair 2
#define JET_snpCompact 4
#define JET_snpRestore 8
#define JET_snpBackup 9
#define JET_snpUpgrade 10
#define JET_snpScrub 11
#define JET_snpUpgradeRecordFormat 12

#define JET_sntBegin 5
#define JET_sntRequirements 7
#define JET_sntProgress 0
#define JET_sntComplete 6
#define JET_sntFail 3

/* ------------------------------------------------------------------------
 * Error and warning codes: < 0 error, > 0 warning, 0 success.
 * Every code here has an entry in src/api/jet_errors.def (a unit test
 * parses this file to enforce it).
 * ------------------------------------------------------------------------ */

#define JET_errSuccess 0

#define JET_wrnNyi (-1) /* ESE oddity: a "warning" with a negative value */

/* system */
#define JET_errRfsFailure (-100)
#define JET_errRfsNotArmed (-101)
#define JET_errFileClose (-102)
#define JET_errOutOfThreads (-103)
#define JET_errTooManyIO (-105)
#define JET_errTaskDropped (-106)
#define JET_errInternalError (-107)
#define JET_errDisabledFunctionality (-112)
#define JET_errUnloadableOSFunctionality (-113)

/* buffer manager */
#define JET_errDatabaseBufferDependenciesCorrupted (-255)

/* directory manager */
#define JET_wrnRemainingVersions 321
#define JET_errPreviousVersion (-322)
#define JET_errPageBoundary (-323)
#define JET_errKeyBoundary (-324)
#define JET_errBadPageLink (-327)
#define JET_errBadBookmark (-328)
#define JET_errNTSystemCallFailed (-334)
#define JET_errBadParentPageLink (-338)
#define JET_errSPAvailExtCacheOutOfSync (-340)
#define JET_errSPAvailExtCorrupted (-341)
#define JET_errSPAvailExtCacheOutOfMemory (-342)
#define JET_errSPOwnExtCorrupted (-343)
#define JET_errDbTimeCorrupted (-344)
#define JET_wrnUniqueKey 345
#define JET_errKeyTruncated (-346)
#define JET_errDatabaseLeakInSpace (-348)
#define JET_errBadEmptyPage (-351)
#define JET_errBadLineCount (-354)
#define JET_errPageTagCorrupted (-357)
#define JET_errNodeCorrupted (-358)

/* record manager */
#define JET_wrnSeparateLongValue 406
#define JET_errKeyTooBig (-408)
#define JET_errCannotSeparateIntrinsicLV (-416)
#define JET_errSeparatedLongValue (-421)
#define JET_errMustBeSeparateLongValue (-423)
#define JET_errInvalidPreread (-424)

/* logging / recovery */
#define JET_errInvalidLoggedOperation (-500)
#define JET_errLogFileCorrupt (-501)
#define JET_errNoBackupDirectory (-503)
#define JET_errBackupDirectoryNotEmpty (-504)
#define JET_errBackupInProgress (-505)
#define JET_errRestoreInProgress (-506)
#define JET_errMissingPreviousLogFile (-509)
#define JET_errLogWriteFail (-510)
#define JET_errLogDisabledDueToRecoveryFailure (-511)
#define JET_errCannotLogDuringRecoveryRedo (-512)
#define JET_errLogGenerationMismatch (-513)
#define JET_errBadLogVersion (-514)
#define JET_errInvalidLogSequence (-515)
#define JET_errLoggingDisabled (-516)
#define JET_errLogBufferTooSmall (-517)
#define JET_errLogSequenceEnd (-519)
#define JET_errNoBackup (-520)
#define JET_errInvalidBackupSequence (-521)
#define JET_errBackupNotAllowedYet (-523)
#define JET_errDeleteBackupFileFail (-524)
#define JET_errMakeBackupDirectoryFail (-525)
#define JET_errInvalidBackup (-526)
#define JET_errRecoveredWithErrors (-527)
#define JET_errMissingLogFile (-528)
#define JET_errLogDiskFull (-529)
#define JET_errBadLogSignature (-530)
#define JET_errBadDbSignature (-531)
#define JET_errBadCheckpointSignature (-532)
#define JET_errCheckpointCorrupt (-533)
#define JET_errMissingPatchPage (-534)
#define JET_errBadPatchPage (-535)
#define JET_errRedoAbruptEnded (-536)
#define JET_errPatchFileMissing (-538)
#define JET_errDatabaseLogSetMismatch (-539)
#define JET_errDatabaseStreamingFileMismatch (-540)
#define JET_errLogFileSizeMismatch (-541)
#define JET_errCheckpointFileNotFound (-542)
#define JET_errRequiredLogFilesMissing (-543)
#define JET_errSoftRecoveryOnBackupDatabase (-544)
#define JET_errLogFileSizeMismatchDatabasesConsistent (-545)
#define JET_errLogSectorSizeMismatch (-546)
#define JET_errLogSectorSizeMismatchDatabasesConsistent (-547)
#define JET_errLogSequenceEndDatabasesConsistent (-548)
#define JET_errStreamingDataNotLogged (-549)
#define JET_errDatabaseDirtyShutdown (-550)
#define JET_errDatabaseInconsistent JET_errDatabaseDirtyShutdown /* obsolete alias */
#define JET_errConsistentTimeMismatch (-551)
#define JET_errDatabasePatchFileMismatch (-552)
#define JET_errEndingRestoreLogTooLow (-553)
#define JET_errStartingRestoreLogTooHigh (-554)
#define JET_errGivenLogFileHasBadSignature (-555)
#define JET_errGivenLogFileIsNotContiguous (-556)
#define JET_errMissingRestoreLogFiles (-557)
#define JET_wrnExistingLogFileHasBadSignature 558
#define JET_wrnExistingLogFileIsNotContiguous 559
#define JET_errMissingFullBackup (-560)
#define JET_errBadBackupDatabaseSize (-561)
#define JET_errDatabaseAlreadyUpgraded (-562)
#define JET_errDatabaseIncompleteUpgrade (-563)
#define JET_wrnSkipThisRecord 564
#define JET_errMissingCurrentLogFiles (-565)
#define JET_errDbTimeTooOld (-566)
#define JET_errDbTimeTooNew (-567)
#define JET_errMissingFileToBackup (-569)
#define JET_errLogTornWriteDuringHardRestore (-570)
#define JET_errLogTornWriteDuringHardRecovery (-571)
#define JET_errLogCorruptDuringHardRestore (-573)
#define JET_errLogCorruptDuringHardRecovery (-574)
#define JET_errMustDisableLoggingForDbUpgrade (-575)
#define JET_errBadRestoreTargetInstance (-577)
#define JET_wrnTargetInstanceRunning 578
#define JET_errRecoveredWithoutUndo (-579)
#define JET_errDatabasesNotFromSameSnapshot (-580)
#define JET_errSoftRecoveryOnSnapshot (-581)
#define JET_errCommittedLogFilesMissing (-582)
#define JET_errSectorSizeNotSupported (-583)
#define JET_errRecoveredWithoutUndoDatabasesConsistent (-584)
#define JET_wrnCommittedLogFilesLost 585
#define JET_errCommittedLogFileCorrupt (-586)
#define JET_wrnCommittedLogFilesRemoved 587
#define JET_wrnFinishWithUndo 588
#define JET_errLogSequenceChecksumMismatch (-590)
#define JET_wrnDatabaseRepaired 595
#define JET_errPageInitializedMismatch (-596)
#define JET_errUnicodeTranslationBufferTooSmall (-601)
#define JET_errUnicodeTranslationFail (-602)
#define JET_errUnicodeNormalizationNotSupported (-603)
#define JET_errUnicodeLanguageValidationFailure (-604)
#define JET_errExistingLogFileHasBadSignature (-610)
#define JET_errExistingLogFileIsNotContiguous (-611)
#define JET_errLogReadVerifyFailure (-612)
#define JET_errCheckpointDepthTooDeep (-614)
#define JET_errRestoreOfNonBackupDatabase (-615)
#define JET_errLogFileNotCopied (-616)
#define JET_errTransactionTooLong (-618)
#define JET_errEngineFormatVersionNoLongerSupportedTooLow (-619)
#define JET_errEngineFormatVersionNotYetImplementedTooHigh (-620)
#define JET_errEngineFormatVersionParamTooLowForRequestedFeature (-621)
#define JET_errEngineFormatVersionSpecifiedTooLowForLogVersion (-622)
#define JET_errEngineFormatVersionSpecifiedTooLowForDatabaseVersion (-623)
#define JET_errDbTimeBeyondMaxRequired (-625)
#define JET_errBackupAbortByServer (-801)

#define JET_errInvalidGrbit (-900)

/* generic / engine */
#define JET_errTermInProgress (-1000)
#define JET_errFeatureNotAvailable (-1001)
#define JET_errInvalidName (-1002)
#define JET_errInvalidParameter (-1003)
#define JET_wrnColumnNull 1004
#define JET_wrnBufferTruncated 1006
#define JET_wrnDatabaseAttached 1007
#define JET_errDatabaseFileReadOnly (-1008)
#define JET_wrnSortOverflow 1009
#define JET_errInvalidDatabaseId (-1010)
#define JET_errOutOfMemory (-1011)
#define JET_errOutOfDatabaseSpace (-1012)
#define JET_errOutOfCursors (-1013)
#define JET_errOutOfBuffers (-1014)
#define JET_errTooManyIndexes (-1015)
#define JET_errTooManyKeys (-1016)
#define JET_errRecordDeleted (-1017)
#define JET_errReadVerifyFailure (-1018)
#define JET_errPageNotInitialized (-1019)
#define JET_errOutOfFileHandles (-1020)
#define JET_errDiskReadVerificationFailure (-1021)
#define JET_errDiskIO (-1022)
#define JET_errInvalidPath (-1023)
#define JET_errInvalidSystemPath (-1024)
#define JET_errInvalidLogDirectory (-1025)
#define JET_errRecordTooBig (-1026)
#define JET_errTooManyOpenDatabases (-1027)
#define JET_errInvalidDatabase (-1028)
#define JET_errNotInitialized (-1029)
#define JET_errAlreadyInitialized (-1030)
#define JET_errInitInProgress (-1031)
#define JET_errFileAccessDenied (-1032)
#define JET_errBufferTooSmall (-1038)
#define JET_wrnSeekNotEqual 1039
#define JET_wrnRecordFoundGreater JET_wrnSeekNotEqual
#define JET_wrnRecordFoundLess JET_wrnSeekNotEqual
#define JET_errTooManyColumns (-1040)
#define JET_errContainerNotEmpty (-1043)
#define JET_errInvalidFilename (-1044)
#define JET_errInvalidBookmark (-1045)
#define JET_errColumnInUse (-1046)
#define JET_errInvalidBufferSize (-1047)
#define JET_errColumnNotUpdatable (-1048)
#define JET_errIndexInUse (-1051)
#define JET_errLinkNotSupported (-1052)
#define JET_errNullKeyDisallowed (-1053)
#define JET_errNotInTransaction (-1054)
#define JET_wrnNoErrorInfo 1055
#define JET_errMustRollback (-1057)
#define JET_wrnNoIdleActivity 1058
#define JET_errTooManyActiveUsers (-1059)
#define JET_errInvalidCountry (-1061)
#define JET_errInvalidLanguageId (-1062)
#define JET_errInvalidCodePage (-1063)
#define JET_errInvalidLCMapStringFlags (-1064)
#define JET_errVersionStoreEntryTooBig (-1065)
#define JET_errVersionStoreOutOfMemoryAndCleanupTimedOut (-1066)
#define JET_wrnNoWriteLock 1067
#define JET_wrnColumnSetNull 1068
#define JET_errVersionStoreOutOfMemory (-1069)
#define JET_errCannotIndex (-1071)
#define JET_errRecordNotDeleted (-1072)
#define JET_errTooManyMempoolEntries (-1073)
#define JET_errOutOfObjectIDs (-1074)
#define JET_errOutOfLongValueIDs (-1075)
#define JET_errOutOfAutoincrementValues (-1076)
#define JET_errOutOfDbtimeValues (-1077)
#define JET_errOutOfSequentialIndexValues (-1078)
#define JET_errRunningInOneInstanceMode (-1080)
#define JET_errRunningInMultiInstanceMode (-1081)
#define JET_errSystemParamsAlreadySet (-1082)
#define JET_errSystemPathInUse (-1083)
#define JET_errLogFilePathInUse (-1084)
#define JET_errTempPathInUse (-1085)
#define JET_errInstanceNameInUse (-1086)
#define JET_errSystemParameterConflict (-1087)
#define JET_errInstanceUnavailable (-1090)
#define JET_errDatabaseUnavailable (-1091)
#define JET_errInstanceUnavailableDueToFatalLogDiskFull (-1092)
#define JET_errInvalidSesparamId (-1093)
#define JET_errTooManyRecords (-1094)
#define JET_errInvalidDbparamId (-1095)

/* sessions / transactions */
#define JET_errOutOfSessions (-1101)
#define JET_errWriteConflict (-1102)
#define JET_errTransTooDeep (-1103)
#define JET_errInvalidSesid (-1104)
#define JET_errWriteConflictPrimaryIndex (-1105)
#define JET_errInTransaction (-1108)
#define JET_errRollbackRequired (-1109)
#define JET_errTransReadOnly (-1110)
#define JET_errSessionWriteConflict (-1111)
#define JET_errRecordTooBigForBackwardCompatibility (-1112)
#define JET_errCannotMaterializeForwardOnlySort (-1113)
#define JET_errSesidTableIdMismatch (-1114)
#define JET_errInvalidInstance (-1115)
#define JET_errDirtyShutdown (-1116)
#define JET_errReadPgnoVerifyFailure (-1118)
#define JET_errReadLostFlushVerifyFailure (-1119)
#define JET_errFileSystemCorruption (-1121)
#define JET_wrnShrinkNotPossible 1122
#define JET_errRecoveryVerifyFailure (-1123)
#define JET_errFilteredMoveNotSupported (-1124)

/* databases */
#define JET_errDatabaseDuplicate (-1201)
#define JET_errDatabaseInUse (-1202)
#define JET_errDatabaseNotFound (-1203)
#define JET_errDatabaseInvalidName (-1204)
#define JET_errDatabaseInvalidPages (-1205)
#define JET_errDatabaseCorrupted (-1206)
#define JET_errDatabaseLocked (-1207)
#define JET_errCannotDisableVersioning (-1208)
#define JET_errInvalidDatabaseVersion (-1209)
#define JET_errDatabase200Format (-1210)
#define JET_errDatabase400Format (-1211)
#define JET_errDatabase500Format (-1212)
#define JET_errPageSizeMismatch (-1213)
#define JET_errTooManyInstances (-1214)
#define JET_errDatabaseSharingViolation (-1215)
#define JET_errAttachedDatabaseMismatch (-1216)
#define JET_errDatabaseInvalidPath (-1217)
#define JET_errDatabaseIdInUse (-1218)
#define JET_errForceDetachNotAllowed (-1219)
#define JET_errCatalogCorrupted (-1220)
#define JET_errPartiallyAttachedDB (-1221)
#define JET_errDatabaseSignInUse (-1222)
#define JET_errDatabaseCorruptedNoRepair (-1224)
#define JET_errInvalidCreateDbVersion (-1225)
#define JET_errDatabaseNotReady (-1230)
#define JET_errDatabaseAttachedForRecovery (-1231)
#define JET_errTransactionsNotReadyDuringRecovery (-1232)

/* tables */
#define JET_wrnTableEmpty 1301
#define JET_errTableLocked (-1302)
#define JET_errTableDuplicate (-1303)
#define JET_errTableInUse (-1304)
#define JET_errObjectNotFound (-1305)
#define JET_errDensityInvalid (-1307)
#define JET_errTableNotEmpty (-1308)
#define JET_errInvalidTableId (-1310)
#define JET_errTooManyOpenTables (-1311)
#define JET_errIllegalOperation (-1312)
#define JET_errTooManyOpenTablesAndCleanupTimedOut (-1313)
#define JET_errObjectDuplicate (-1314)
#define JET_errInvalidObject (-1316)
#define JET_errCannotDeleteTempTable (-1317)
#define JET_errCannotDeleteSystemTable (-1318)
#define JET_errCannotDeleteTemplateTable (-1319)
#define JET_errExclusiveTableLockRequired (-1322)
#define JET_errFixedDDL (-1323)
#define JET_errFixedInheritedDDL (-1324)
#define JET_errCannotNestDDL (-1325)
#define JET_errDDLNotInheritable (-1326)
#define JET_wrnTableInUseBySystem 1327
#define JET_errInvalidSettings (-1328)
#define JET_errClientRequestToStopJetService (-1329)
#define JET_errCannotAddFixedVarColumnToDerivedTable (-1330)

/* DDL */
#define JET_errIndexCantBuild (-1401)
#define JET_errIndexHasPrimary (-1402)
#define JET_errIndexDuplicate (-1403)
#define JET_errIndexNotFound (-1404)
#define JET_errIndexMustStay (-1405)
#define JET_errIndexInvalidDef (-1406)
#define JET_errInvalidCreateIndex (-1409)
#define JET_errTooManyOpenIndexes (-1410)
#define JET_errMultiValuedIndexViolation (-1411)
#define JET_errIndexBuildCorrupted (-1412)
#define JET_errPrimaryIndexCorrupted (-1413)
#define JET_errSecondaryIndexCorrupted (-1414)
#define JET_wrnCorruptIndexDeleted 1415
#define JET_errInvalidIndexId (-1416)
#define JET_wrnPrimaryIndexOutOfDate 1417
#define JET_wrnSecondaryIndexOutOfDate 1418
#define JET_errIndexTuplesSecondaryIndexOnly (-1430)
#define JET_errIndexTuplesTooManyColumns (-1431)
#define JET_errIndexTuplesOneColumnOnly JET_errIndexTuplesTooManyColumns /* obsolete alias */
#define JET_errIndexTuplesNonUniqueOnly (-1432)
#define JET_errIndexTuplesTextBinaryColumnsOnly (-1433)
#define JET_errIndexTuplesTextColumnsOnly JET_errIndexTuplesTextBinaryColumnsOnly /* obsolete alias */
#define JET_errIndexTuplesVarSegMacNotAllowed (-1434)
#define JET_errIndexTuplesInvalidLimits (-1435)
#define JET_errIndexTuplesCannotRetrieveFromIndex (-1436)
#define JET_errIndexTuplesKeyTooSmall (-1437)
#define JET_errInvalidLVChunkSize (-1438)
#define JET_errColumnCannotBeEncrypted (-1439)
#define JET_errCannotIndexOnEncryptedColumn (-1440)

/* DML */
#define JET_errColumnLong (-1501)
#define JET_errColumnNoChunk (-1502)
#define JET_errColumnDoesNotFit (-1503)
#define JET_errNullInvalid (-1504)
#define JET_errColumnIllegalNull JET_errNullInvalid
#define JET_errColumnIndexed (-1505)
#define JET_errColumnTooBig (-1506)
#define JET_errColumnNotFound (-1507)
#define JET_errColumnDuplicate (-1508)
#define JET_errMultiValuedColumnMustBeTagged (-1509)
#define JET_errColumnRedundant (-1510)
#define JET_errInvalidColumnType (-1511)
#define JET_wrnColumnMaxTruncated 1512
#define JET_errTaggedNotNULL (-1514)
#define JET_errNoCurrentIndex (-1515)
#define JET_errKeyIsMade (-1516)
#define JET_errBadColumnId (-1517)
#define JET_errBadItagSequence (-1518)
#define JET_errColumnInRelationship (-1519)
#define JET_wrnCopyLongValue 1520
#define JET_errCannotBeTagged (-1521)
#define JET_errDefaultValueTooBig (-1524)
#define JET_errMultiValuedDuplicate (-1525)
#define JET_errLVCorrupted (-1526)
#define JET_errMultiValuedDuplicateAfterTruncation (-1528)
#define JET_errDerivedColumnCorruption (-1529)
#define JET_errInvalidPlaceholderColumn (-1530)
#define JET_wrnColumnSkipped 1531
#define JET_wrnColumnNotLocal 1532
#define JET_wrnColumnMoreTags 1533
#define JET_wrnColumnTruncated 1534
#define JET_wrnColumnPresent 1535
#define JET_wrnColumnSingleValue 1536
#define JET_wrnColumnDefault 1537
#define JET_errColumnCannotBeCompressed (-1538)
#define JET_wrnColumnNotInRecord 1539
#define JET_errColumnNoEncryptionKey (-1540)
#define JET_wrnColumnReference 1541
#define JET_errRecordNotFound (-1601)
#define JET_errRecordNoCopy (-1602)
#define JET_errNoCurrentRecord (-1603)
#define JET_errRecordPrimaryChanged (-1604)
#define JET_errKeyDuplicate (-1605)
#define JET_errAlreadyPrepared (-1607)
#define JET_errKeyNotMade (-1608)
#define JET_errUpdateNotPrepared (-1609)
#define JET_wrnDataHasChanged 1610
#define JET_errDataHasChanged (-1611)
#define JET_wrnKeyChanged 1618
#define JET_errLanguageNotSupported (-1619)
#define JET_errDecompressionFailed (-1620)
#define JET_errUpdateMustVersion (-1621)
#define JET_errDecryptionFailed (-1622)
#define JET_errEncryptionBadItag (-1623)

/* sort / temp tables */
#define JET_errTooManySorts (-1701)
#define JET_errInvalidOnSort (-1702)

/* other */
#define JET_errTempFileOpenError (-1803)
#define JET_errTooManyAttachedDatabases (-1805)
#define JET_errDiskFull (-1808)
#define JET_errPermissionDenied (-1809)
#define JET_errFileNotFound (-1811)
#define JET_errFileInvalidType (-1812)
#define JET_wrnFileOpenReadOnly 1813
#define JET_errFileAlreadyExists (-1814)
#define JET_errAfterInitialization (-1850)
#define JET_errLogCorrupted (-1852)
#define JET_errInvalidOperation (-1906)
#define JET_errAccessDenied (-1907)
#define JET_wrnIdleFull 1908
#define JET_errTooManySplits (-1909)
#define JET_errSessionSharingViolation (-1910)
#define JET_errEntryPointNotFound (-1911)
#define JET_errSessionContextAlreadySet (-1912)
#define JET_errSessionContextNotSetByThisThread (-1913)
#define JET_errSessionInUse (-1914)
#define JET_errRecordFormatConversionFailed (-1915)
#define JET_errOneDatabasePerSession (-1916)
#define JET_errRollbackError (-1917)
#define JET_errFlushMapVersionUnsupported (-1918)
#define JET_errFlushMapDatabaseMismatch (-1919)
#define JET_errFlushMapUnrecoverable (-1920)
#define JET_wrnDefragAlreadyRunning 2000
#define JET_wrnDefragNotRunning 2001
#define JET_errDatabaseAlreadyRunningMaintenance (-2004)
#define JET_wrnCallbackNotRegistered 2100
#define JET_errCallbackFailed (-2101)
#define JET_errCallbackNotResolved (-2102)
#define JET_errSpaceHintsInvalid (-2103)
#define JET_errOSSnapshotInvalidSequence (-2401)
#define JET_errOSSnapshotTimeOut (-2402)
#define JET_errOSSnapshotNotAllowed (-2403)
#define JET_errOSSnapshotInvalidSnapId (-2404)
#define JET_errInvalidLogDataSequence (-2601) /* [not in SDK esent.h] */
#define JET_errLSCallbackNotSpecified (-3000)
#define JET_errLSAlreadySet (-3001)
#define JET_errLSNotSet (-3002)

/* file and disk */
#define JET_errFileIOSparse (-4000)
#define JET_errFileIOBeyondEOF (-4001)
#define JET_errFileIOAbort (-4002)
#define JET_errFileIORetry (-4003)
#define JET_errFileIOFail (-4004)
#define JET_errFileCompressed (-4005)

/* ------------------------------------------------------------------------
 * Entry points implemented by openese.  ESE's `unsigned long` parameters
 * are uint32_t; string-taking functions exist as ...A, with the
 * undecorated name a macro for it (see the top of this file).
 * ------------------------------------------------------------------------ */

/* instances */
JET_EXPORT JET_ERR JET_API JetCreateInstanceA(JET_INSTANCE *pinstance, JET_PCSTR szInstanceName);
JET_EXPORT JET_ERR JET_API JetCreateInstance2A(JET_INSTANCE *pinstance, JET_PCSTR szInstanceName,
                                               JET_PCSTR szDisplayName, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetInit(JET_INSTANCE *pinstance);
JET_EXPORT JET_ERR JET_API JetInit2(JET_INSTANCE *pinstance, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetInit3A(JET_INSTANCE *pinstance, JET_RSTINFO_A *prstInfo,
                                     JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetTerm(JET_INSTANCE instance);
JET_EXPORT JET_ERR JET_API JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetStopService(void);
JET_EXPORT JET_ERR JET_API JetStopServiceInstance(JET_INSTANCE instance);
JET_EXPORT JET_ERR JET_API JetStopServiceInstance2(JET_INSTANCE instance, const JET_GRBIT grbit);

/* system parameters */
JET_EXPORT JET_ERR JET_API JetSetSystemParameterA(JET_INSTANCE *pinstance, JET_SESID sesid,
                                                  uint32_t paramid, JET_API_PTR lParam,
                                                  JET_PCSTR szParam);
JET_EXPORT JET_ERR JET_API JetGetSystemParameterA(JET_INSTANCE instance, JET_SESID sesid,
                                                  uint32_t paramid, JET_API_PTR *plParam,
                                                  JET_PSTR szParam, uint32_t cbMax);

/* sessions */
JET_EXPORT JET_ERR JET_API JetBeginSessionA(JET_INSTANCE instance, JET_SESID *psesid,
                                            JET_PCSTR szUserName, JET_PCSTR szPassword);
JET_EXPORT JET_ERR JET_API JetDupSession(JET_SESID sesid, JET_SESID *psesid);
JET_EXPORT JET_ERR JET_API JetEndSession(JET_SESID sesid, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext);
JET_EXPORT JET_ERR JET_API JetResetSessionContext(JET_SESID sesid);

/* transactions */
JET_EXPORT JET_ERR JET_API JetBeginTransaction(JET_SESID sesid);
JET_EXPORT JET_ERR JET_API JetBeginTransaction2(JET_SESID sesid, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetBeginTransaction3(JET_SESID sesid, int64_t trxid, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetCommitTransaction2(JET_SESID sesid, JET_GRBIT grbit,
                                                 uint32_t cmsecDurableCommit,
                                                 JET_COMMIT_ID *pCommitId);
JET_EXPORT JET_ERR JET_API JetRollback(JET_SESID sesid, JET_GRBIT grbit);

/* --- BEGIN catalog prototypes (databases, DDL, info) --- */
/* Databases live in memory for the life of the instance (see README). */
JET_EXPORT JET_ERR JET_API JetCreateDatabaseA(JET_SESID sesid, const char *szFilename,
                                              const char *szConnect, JET_DBID *pdbid, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetCreateDatabase2A(JET_SESID sesid, const char *szFilename,
                                               const uint32_t cpgDatabaseSizeMax, JET_DBID *pdbid,
                                               JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetAttachDatabaseA(JET_SESID sesid, const char *szFilename, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetAttachDatabase2A(JET_SESID sesid, const char *szFilename,
                                               const uint32_t cpgDatabaseSizeMax, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetDetachDatabaseA(JET_SESID sesid, const char *szFilename);
JET_EXPORT JET_ERR JET_API JetDetachDatabase2A(JET_SESID sesid, const char *szFilename, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetOpenDatabaseA(JET_SESID sesid, const char *szFilename,
                                            const char *szConnect, JET_DBID *pdbid, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetCloseDatabase(JET_SESID sesid, JET_DBID dbid, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetCreateTableA(JET_SESID sesid, JET_DBID dbid, const char *szTableName,
                                           uint32_t lPages, uint32_t lDensity, JET_TABLEID *ptableid);
JET_EXPORT JET_ERR JET_API JetCreateTableColumnIndexA(JET_SESID sesid, JET_DBID dbid,
                                                      JET_TABLECREATE_A *ptablecreate);
JET_EXPORT JET_ERR JET_API JetCreateTableColumnIndex2A(JET_SESID sesid, JET_DBID dbid,
                                                       JET_TABLECREATE2_A *ptablecreate);
JET_EXPORT JET_ERR JET_API JetCreateTableColumnIndex3A(JET_SESID sesid, JET_DBID dbid,
                                                       JET_TABLECREATE3_A *ptablecreate);
JET_EXPORT JET_ERR JET_API JetDeleteTableA(JET_SESID sesid, JET_DBID dbid, const char *szTableName);
JET_EXPORT JET_ERR JET_API JetAddColumnA(JET_SESID sesid, JET_TABLEID tableid, const char *szColumnName,
                                         const JET_COLUMNDEF *pcolumndef, const void *pvDefault,
                                         uint32_t cbDefault, JET_COLUMNID *pcolumnid);
JET_EXPORT JET_ERR JET_API JetDeleteColumnA(JET_SESID sesid, JET_TABLEID tableid, const char *szColumnName);
JET_EXPORT JET_ERR JET_API JetDeleteColumn2A(JET_SESID sesid, JET_TABLEID tableid,
                                             const char *szColumnName, const JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetCreateIndexA(JET_SESID sesid, JET_TABLEID tableid, const char *szIndexName,
                                           JET_GRBIT grbit, const char *szKey, uint32_t cbKey,
                                           uint32_t lDensity);
JET_EXPORT JET_ERR JET_API JetCreateIndex2A(JET_SESID sesid, JET_TABLEID tableid,
                                            JET_INDEXCREATE_A *pindexcreate, uint32_t cIndexCreate);
JET_EXPORT JET_ERR JET_API JetDeleteIndexA(JET_SESID sesid, JET_TABLEID tableid, const char *szIndexName);
JET_EXPORT JET_ERR JET_API JetGetTableColumnInfoA(JET_SESID sesid, JET_TABLEID tableid,
                                                  const char *szColumnName, void *pvResult,
                                                  uint32_t cbMax, uint32_t InfoLevel);
JET_EXPORT JET_ERR JET_API JetGetColumnInfoA(JET_SESID sesid, JET_DBID dbid, const char *szTableName,
                                             const char *pColumnNameOrId, void *pvResult,
                                             uint32_t cbMax, uint32_t InfoLevel);
JET_EXPORT JET_ERR JET_API JetGetTableIndexInfoA(JET_SESID sesid, JET_TABLEID tableid,
                                                 const char *szIndexName, void *pvResult,
                                                 uint32_t cbResult, uint32_t InfoLevel);
JET_EXPORT JET_ERR JET_API JetGetIndexInfoA(JET_SESID sesid, JET_DBID dbid, const char *szTableName,
                                            const char *szIndexName, void *pvResult,
                                            uint32_t cbResult, uint32_t InfoLevel);
JET_EXPORT JET_ERR JET_API JetGetTableInfoA(JET_SESID sesid, JET_TABLEID tableid, void *pvResult,
                                            uint32_t cbMax, uint32_t InfoLevel);
#define JetCreateDatabase JetCreateDatabaseA
#define JetCreateDatabase2 JetCreateDatabase2A
#define JetAttachDatabase JetAttachDatabaseA
#define JetAttachDatabase2 JetAttachDatabase2A
#define JetDetachDatabase JetDetachDatabaseA
#define JetDetachDatabase2 JetDetachDatabase2A
#define JetOpenDatabase JetOpenDatabaseA
#define JetCreateTable JetCreateTableA
#define JetCreateTableColumnIndex JetCreateTableColumnIndexA
#define JetCreateTableColumnIndex2 JetCreateTableColumnIndex2A
#define JetCreateTableColumnIndex3 JetCreateTableColumnIndex3A
#define JetDeleteTable JetDeleteTableA
#define JetAddColumn JetAddColumnA
#define JetDeleteColumn JetDeleteColumnA
#define JetDeleteColumn2 JetDeleteColumn2A
#define JetCreateIndex JetCreateIndexA
#define JetCreateIndex2 JetCreateIndex2A
#define JetDeleteIndex JetDeleteIndexA
#define JetGetTableColumnInfo JetGetTableColumnInfoA
#define JetGetColumnInfo JetGetColumnInfoA
#define JetGetTableIndexInfo JetGetTableIndexInfoA
#define JetGetIndexInfo JetGetIndexInfoA
#define JetGetTableInfo JetGetTableInfoA
#define JET_TABLECREATE2 JET_TABLECREATE2_A
#define JET_TABLECREATE3 JET_TABLECREATE3_A
#define JET_INDEXCREATE2 JET_INDEXCREATE2_A
#define JET_COLUMNBASE JET_COLUMNBASE_A
/* --- END catalog prototypes --- */

/* --- BEGIN cursor/record prototypes --- */
/* cursors */
JET_EXPORT JET_ERR JET_API JetOpenTableA(JET_SESID sesid, JET_DBID dbid, JET_PCSTR szTableName,
                                         const void *pvParameters, uint32_t cbParameters,
                                         JET_GRBIT grbit, JET_TABLEID *ptableid);
JET_EXPORT JET_ERR JET_API JetCloseTable(JET_SESID sesid, JET_TABLEID tableid);
JET_EXPORT JET_ERR JET_API JetDupCursor(JET_SESID sesid, JET_TABLEID tableid, JET_TABLEID *ptableid,
                                        JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetSetCurrentIndexA(JET_SESID sesid, JET_TABLEID tableid,
                                               JET_PCSTR szIndexName);
JET_EXPORT JET_ERR JET_API JetSetCurrentIndex2A(JET_SESID sesid, JET_TABLEID tableid,
                                                JET_PCSTR szIndexName, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetSetCurrentIndex3A(JET_SESID sesid, JET_TABLEID tableid,
                                                JET_PCSTR szIndexName, JET_GRBIT grbit,
                                                uint32_t itagSequence);
JET_EXPORT JET_ERR JET_API JetGetCurrentIndexA(JET_SESID sesid, JET_TABLEID tableid,
                                               JET_PSTR szIndexName, uint32_t cbIndexName);
JET_EXPORT JET_ERR JET_API JetMove(JET_SESID sesid, JET_TABLEID tableid, int32_t cRow, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetMakeKey(JET_SESID sesid, JET_TABLEID tableid, const void *pvData,
                                      uint32_t cbData, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetSeek(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetSetIndexRange(JET_SESID sesid, JET_TABLEID tableidSrc, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetGetBookmark(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark,
                                          uint32_t cbMax, uint32_t *pcbActual);
JET_EXPORT JET_ERR JET_API JetGotoBookmark(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark,
                                           uint32_t cbBookmark);
JET_EXPORT JET_ERR JET_API JetIndexRecordCount(JET_SESID sesid, JET_TABLEID tableid, uint32_t *pcrec,
                                               uint32_t crecMax);
JET_EXPORT JET_ERR JET_API JetRetrieveKey(JET_SESID sesid, JET_TABLEID tableid, void *pvData,
                                          uint32_t cbMax, uint32_t *pcbActual, JET_GRBIT grbit);
/* records */
JET_EXPORT JET_ERR JET_API JetPrepareUpdate(JET_SESID sesid, JET_TABLEID tableid, uint32_t prep);
JET_EXPORT JET_ERR JET_API JetSetColumn(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid,
                                        const void *pvData, uint32_t cbData, JET_GRBIT grbit,
                                        JET_SETINFO *psetinfo);
JET_EXPORT JET_ERR JET_API JetSetColumns(JET_SESID sesid, JET_TABLEID tableid,
                                         JET_SETCOLUMN *psetcolumn, uint32_t csetcolumn);
JET_EXPORT JET_ERR JET_API JetUpdate(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark,
                                     uint32_t cbBookmark, uint32_t *pcbActual);
JET_EXPORT JET_ERR JET_API JetUpdate2(JET_SESID sesid, JET_TABLEID tableid, void *pvBookmark,
                                      uint32_t cbBookmark, uint32_t *pcbActual, const JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetRetrieveColumn(JET_SESID sesid, JET_TABLEID tableid,
                                             JET_COLUMNID columnid, void *pvData, uint32_t cbData,
                                             uint32_t *pcbActual, JET_GRBIT grbit,
                                             JET_RETINFO *pretinfo);
JET_EXPORT JET_ERR JET_API JetRetrieveColumns(JET_SESID sesid, JET_TABLEID tableid,
                                              JET_RETRIEVECOLUMN *pretrievecolumn,
                                              uint32_t cretrievecolumn);
JET_EXPORT JET_ERR JET_API JetDelete(JET_SESID sesid, JET_TABLEID tableid);
JET_EXPORT JET_ERR JET_API JetGetLock(JET_SESID sesid, JET_TABLEID tableid, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetEscrowUpdate(JET_SESID sesid, JET_TABLEID tableid, JET_COLUMNID columnid,
                                           void *pv, uint32_t cbMax, void *pvOld, uint32_t cbOldMax,
                                           uint32_t *pcbOldActual, JET_GRBIT grbit);
/* temp (sort) tables */
JET_EXPORT JET_ERR JET_API JetOpenTempTable(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef,
                                            uint32_t ccolumn, JET_GRBIT grbit,
                                            JET_TABLEID *ptableid, JET_COLUMNID *prgcolumnid);
JET_EXPORT JET_ERR JET_API JetOpenTempTable2(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef,
                                             uint32_t ccolumn, uint32_t lcid, JET_GRBIT grbit,
                                             JET_TABLEID *ptableid, JET_COLUMNID *prgcolumnid);
JET_EXPORT JET_ERR JET_API JetOpenTempTable3(JET_SESID sesid, const JET_COLUMNDEF *prgcolumndef,
                                             uint32_t ccolumn, JET_UNICODEINDEX *pidxunicode,
                                             JET_GRBIT grbit, JET_TABLEID *ptableid,
                                             JET_COLUMNID *prgcolumnid);
JET_EXPORT JET_ERR JET_API JetOpenTemporaryTable(JET_SESID sesid,
                                                 JET_OPENTEMPORARYTABLE *popentemporarytable);
JET_EXPORT JET_ERR JET_API JetOpenTemporaryTable2(JET_SESID sesid,
                                                  JET_OPENTEMPORARYTABLE2 *popentemporarytable);
#define JetOpenTable JetOpenTableA
#define JetSetCurrentIndex JetSetCurrentIndexA
#define JetSetCurrentIndex2 JetSetCurrentIndex2A
#define JetSetCurrentIndex3 JetSetCurrentIndex3A
#define JetGetCurrentIndex JetGetCurrentIndexA
/* --- END cursor/record prototypes --- */

/* undecorated names -> narrow variants (the library exports both) */
#define JetCreateInstance JetCreateInstanceA
#define JetCreateInstance2 JetCreateInstance2A
#define JetInit3 JetInit3A
#define JetSetSystemParameter JetSetSystemParameterA
#define JetGetSystemParameter JetGetSystemParameterA
#define JetBeginSession JetBeginSessionA
#define JET_RSTMAP JET_RSTMAP_A
#define JET_RSTINFO JET_RSTINFO_A
#define JET_COLUMNCREATE JET_COLUMNCREATE_A
#define JET_CONDITIONALCOLUMN JET_CONDITIONALCOLUMN_A
#define JET_INDEXCREATE JET_INDEXCREATE_A
#define JET_TABLECREATE JET_TABLECREATE_A

#ifdef __cplusplus
}
#endif
#endif /* OPENESE_ESENT_H */
