/*
 * esent.h -- openese's ESE-compatible public interface (bootstrap subset;
 * the full header replaces this file).
 */
#ifndef OPENESE_ESENT_H
#define OPENESE_ESENT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JET_API
#if defined(__GNUC__)
#define JET_EXPORT __attribute__((visibility("default")))
#else
#define JET_EXPORT
#endif

typedef int32_t JET_ERR;
typedef uintptr_t JET_API_PTR;
typedef JET_API_PTR JET_INSTANCE;
typedef JET_API_PTR JET_SESID;
typedef JET_API_PTR JET_TABLEID;
typedef JET_API_PTR JET_HANDLE;
typedef uint32_t JET_GRBIT;
typedef uint32_t JET_COLUMNID;
typedef uint32_t JET_DBID;
typedef uint32_t JET_COLTYP;
typedef uint32_t JET_OBJTYP;
typedef char *JET_PSTR;
typedef const char *JET_PCSTR;

#define JET_instanceNil (~(JET_INSTANCE)0)
#define JET_sesidNil (~(JET_SESID)0)
#define JET_tableidNil (~(JET_TABLEID)0)

#define JET_errSuccess 0
#define JET_wrnNyi (-1)
#define JET_errTermInProgress (-1000)
#define JET_errFeatureNotAvailable (-1001)
#define JET_errInvalidParameter (-1003)
#define JET_errOutOfMemory (-1011)
#define JET_errOutOfBuffers (-1014)
#define JET_errNotInitialized (-1029)
#define JET_errAlreadyInitialized (-1030)
#define JET_errInitInProgress (-1031)
#define JET_errBufferTooSmall (-1038)
#define JET_errInvalidBufferSize (-1047)
#define JET_errNotInTransaction (-1054)
#define JET_errMustRollback (-1057)
#define JET_errTooManyActiveUsers (-1059)
#define JET_errRunningInOneInstanceMode (-1080)
#define JET_errRunningInMultiInstanceMode (-1081)
#define JET_errSystemPathInUse (-1083)
#define JET_errLogFilePathInUse (-1084)
#define JET_errTempPathInUse (-1085)
#define JET_errInstanceNameInUse (-1086)
#define JET_errInstanceUnavailable (-1090)
#define JET_errOutOfSessions (-1101)
#define JET_errTransTooDeep (-1103)
#define JET_errInvalidSesid (-1104)
#define JET_errInTransaction (-1108)
#define JET_errTransReadOnly (-1110)
#define JET_errInvalidInstance (-1115)
#define JET_errDirtyShutdown (-1116)
#define JET_errTooManyInstances (-1214)
#define JET_errClientRequestToStopJetService (-1329)
#define JET_errRestoreInProgress (-506)
#define JET_errInvalidGrbit (-900)
#define JET_errInvalidOperation (-1906)
#define JET_errSessionSharingViolation (-1910)
#define JET_errSessionContextAlreadySet (-1912)
#define JET_errSessionContextNotSetByThisThread (-1913)
#define JET_errSessionInUse (-1914)
#define JET_errRollbackError (-1917)

#define JET_bitForceSessionClosed 0x00000001
#define JET_bitTransactionReadOnly 0x00000001
#define JET_bitCommitLazyFlush 0x00000001
#define JET_bitWaitLastLevel0Commit 0x00000002
#define JET_bitWaitAllLevel0Commit 0x00000008
#define JET_bitForceNewLog 0x00000010
#define JET_bitRollbackAll 0x00000001
#define JET_bitTermComplete 0x00000001
#define JET_bitTermAbrupt 0x00000002
#define JET_bitTermStopBackup 0x00000004
#define JET_bitTermDirty 0x00000008
#define JET_bitStopServiceAll 0x00000000
#define JET_bitStopServiceBackgroundUserTasks 0x00000002
#define JET_bitStopServiceQuiesceCaches 0x00000004
#define JET_bitStopServiceResume 0x80000000

#define JET_paramSystemPath 0
#define JET_paramTempPath 1
#define JET_paramLogFilePath 2
#define JET_paramBaseName 3
#define JET_paramMaxSessions 5
#define JET_paramMaxOpenTables 6
#define JET_paramMaxCursors 8
#define JET_paramMaxVerPages 9
#define JET_paramMaxTemporaryTables 10
#define JET_paramCacheSizeMax 23
#define JET_paramErrorToString 70

typedef struct {
    uint32_t cbStruct;
    int32_t reserved;
    int64_t commitId;
    int64_t signLog; /* placeholder */
} JET_COMMIT_ID;

JET_EXPORT JET_ERR JET_API JetCreateInstance(JET_INSTANCE *pinstance, const char *szInstanceName);
JET_EXPORT JET_ERR JET_API JetCreateInstance2(JET_INSTANCE *pinstance, const char *szInstanceName,
                                              const char *szDisplayName, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetInit(JET_INSTANCE *pinstance);
JET_EXPORT JET_ERR JET_API JetInit2(JET_INSTANCE *pinstance, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetTerm(JET_INSTANCE instance);
JET_EXPORT JET_ERR JET_API JetTerm2(JET_INSTANCE instance, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetStopService(void);
JET_EXPORT JET_ERR JET_API JetStopServiceInstance(JET_INSTANCE instance);
JET_EXPORT JET_ERR JET_API JetStopServiceInstance2(JET_INSTANCE instance, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetSetSystemParameter(JET_INSTANCE *pinstance, JET_SESID sesid,
                                                 uint32_t paramid, JET_API_PTR lParam,
                                                 const char *szParam);
JET_EXPORT JET_ERR JET_API JetGetSystemParameter(JET_INSTANCE instance, JET_SESID sesid,
                                                 uint32_t paramid, JET_API_PTR *plParam,
                                                 char *szParam, uint32_t cbMax);
JET_EXPORT JET_ERR JET_API JetBeginSession(JET_INSTANCE instance, JET_SESID *psesid,
                                           const char *szUserName, const char *szPassword);
JET_EXPORT JET_ERR JET_API JetDupSession(JET_SESID sesid, JET_SESID *psesid);
JET_EXPORT JET_ERR JET_API JetEndSession(JET_SESID sesid, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetSetSessionContext(JET_SESID sesid, JET_API_PTR ulContext);
JET_EXPORT JET_ERR JET_API JetResetSessionContext(JET_SESID sesid);
JET_EXPORT JET_ERR JET_API JetBeginTransaction(JET_SESID sesid);
JET_EXPORT JET_ERR JET_API JetBeginTransaction2(JET_SESID sesid, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetBeginTransaction3(JET_SESID sesid, int64_t trxid, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetCommitTransaction(JET_SESID sesid, JET_GRBIT grbit);
JET_EXPORT JET_ERR JET_API JetCommitTransaction2(JET_SESID sesid, JET_GRBIT grbit,
                                                 uint32_t cmsecDurableCommit,
                                                 JET_COMMIT_ID *pCommitId);
JET_EXPORT JET_ERR JET_API JetRollback(JET_SESID sesid, JET_GRBIT grbit);

#ifdef __cplusplus
}
#endif
#endif
