/*
 * test_esent_header.c -- esent.h against an independent copy of ESE's facts.
 *
 * Every literal below was typed from /work/shared/ese-reference.md
 * (sections 1.1-1.4) and ESE's jethdr.w, not copied from esent.h, so a
 * wrong value in the header fails here.  Also checks the LP64 ABI: type
 * widths and signedness, nil values, struct sizes and field offsets (equal
 * to Win64's, where ESE packs to 8), and the exact prototype of every
 * entry point (checked with _Generic, which does not evaluate -- and so
 * does not link -- the function).
 */
#include <criterion/criterion.h>
#include <stddef.h>
#include <stdint.h>

#include "esent.h"

#define EXPECT_EQ(macro, literal) cr_expect_eq((long long)(macro), (long long)(literal), "%s", #macro)

/* --- 1.1 error and warning codes ------------------------------------ */

Test(esent_header, engine_instance_codes)
{
    EXPECT_EQ(JET_errSuccess, 0);
    EXPECT_EQ(JET_errTermInProgress, -1000);
    EXPECT_EQ(JET_errNotInitialized, -1029);
    EXPECT_EQ(JET_errAlreadyInitialized, -1030);
    EXPECT_EQ(JET_errInitInProgress, -1031);
    EXPECT_EQ(JET_errRestoreInProgress, -506);
    EXPECT_EQ(JET_errBackupInProgress, -505);
    EXPECT_EQ(JET_errInstanceUnavailable, -1090);
    EXPECT_EQ(JET_errInstanceUnavailableDueToFatalLogDiskFull, -1092);
    EXPECT_EQ(JET_errClientRequestToStopJetService, -1329);
    EXPECT_EQ(JET_errInvalidInstance, -1115);
    EXPECT_EQ(JET_errInstanceNameInUse, -1086);
    EXPECT_EQ(JET_errTooManyInstances, -1214);
    EXPECT_EQ(JET_errRunningInOneInstanceMode, -1080);
    EXPECT_EQ(JET_errRunningInMultiInstanceMode, -1081);
    EXPECT_EQ(JET_errSystemPathInUse, -1083);
    EXPECT_EQ(JET_errLogFilePathInUse, -1084);
    EXPECT_EQ(JET_errTempPathInUse, -1085);
    EXPECT_EQ(JET_errTooManyActiveUsers, -1059);
    EXPECT_EQ(JET_errDirtyShutdown, -1116);
}

Test(esent_header, generic_codes)
{
    EXPECT_EQ(JET_errInvalidParameter, -1003);
    EXPECT_EQ(JET_errInvalidGrbit, -900);
    EXPECT_EQ(JET_errOutOfMemory, -1011);
    EXPECT_EQ(JET_errOutOfBuffers, -1014);
    EXPECT_EQ(JET_errInvalidOperation, -1906);
    EXPECT_EQ(JET_errInvalidBufferSize, -1047);
    EXPECT_EQ(JET_errBufferTooSmall, -1038);
    EXPECT_EQ(JET_errFeatureNotAvailable, -1001);
}

Test(esent_header, session_codes)
{
    EXPECT_EQ(JET_errOutOfSessions, -1101);
    EXPECT_EQ(JET_errInvalidSesid, -1104);
    EXPECT_EQ(JET_errSesidTableIdMismatch, -1114);
    EXPECT_EQ(JET_errSessionSharingViolation, -1910);
    EXPECT_EQ(JET_errSessionContextAlreadySet, -1912);
    EXPECT_EQ(JET_errSessionContextNotSetByThisThread, -1913);
    EXPECT_EQ(JET_errSessionInUse, -1914);
}

Test(esent_header, transaction_version_codes)
{
    EXPECT_EQ(JET_errNotInTransaction, -1054);
    EXPECT_EQ(JET_errInTransaction, -1108);
    EXPECT_EQ(JET_errTransTooDeep, -1103);
    EXPECT_EQ(JET_errTransReadOnly, -1110);
    EXPECT_EQ(JET_errMustRollback, -1057);
    EXPECT_EQ(JET_errRollbackError, -1917);
    EXPECT_EQ(JET_errWriteConflict, -1102);
    EXPECT_EQ(JET_errSessionWriteConflict, -1111);
    EXPECT_EQ(JET_errVersionStoreOutOfMemory, -1069);
    EXPECT_EQ(JET_errVersionStoreOutOfMemoryAndCleanupTimedOut, -1066);
    EXPECT_EQ(JET_errVersionStoreEntryTooBig, -1065);
    EXPECT_EQ(JET_errInvalidLogDataSequence, -2601);
}

Test(esent_header, table_cursor_temp_codes)
{
    EXPECT_EQ(JET_errOutOfCursors, -1013);
    EXPECT_EQ(JET_errTooManyOpenTables, -1311);
    EXPECT_EQ(JET_errTooManySorts, -1701);
    EXPECT_EQ(JET_errCannotMaterializeForwardOnlySort, -1113);
    EXPECT_EQ(JET_errInvalidTableId, -1310);
    EXPECT_EQ(JET_errObjectNotFound, -1305);
    EXPECT_EQ(JET_errTableDuplicate, -1303);
    EXPECT_EQ(JET_errTableLocked, -1302);
    EXPECT_EQ(JET_errTableInUse, -1304);
    EXPECT_EQ(JET_errInvalidDatabaseId, -1010);
    EXPECT_EQ(JET_errDatabaseNotFound, -1203);
    EXPECT_EQ(JET_errDatabaseInUse, -1202);
}

Test(esent_header, record_key_column_codes)
{
    EXPECT_EQ(JET_errKeyDuplicate, -1605);
    EXPECT_EQ(JET_errRecordNotFound, -1601);
    EXPECT_EQ(JET_errNoCurrentRecord, -1603);
    EXPECT_EQ(JET_errAlreadyPrepared, -1607);
    EXPECT_EQ(JET_errKeyNotMade, -1608);
    EXPECT_EQ(JET_errUpdateNotPrepared, -1609);
    EXPECT_EQ(JET_errColumnNotFound, -1507);
    EXPECT_EQ(JET_errNullInvalid, -1504);
    EXPECT_EQ(JET_errTooManyColumns, -1040);
    EXPECT_EQ(JET_errIndexNotFound, -1404);
    EXPECT_EQ(JET_errInvalidColumnType, -1511);
}

Test(esent_header, warning_codes)
{
    EXPECT_EQ(JET_wrnRemainingVersions, 321);
    EXPECT_EQ(JET_wrnColumnNull, 1004);
    EXPECT_EQ(JET_wrnBufferTruncated, 1006);
    EXPECT_EQ(JET_wrnSortOverflow, 1009);
    EXPECT_EQ(JET_wrnSeekNotEqual, 1039);
    EXPECT_EQ(JET_wrnRecordFoundGreater, 1039);
    EXPECT_EQ(JET_wrnRecordFoundLess, 1039);
    EXPECT_EQ(JET_wrnNoWriteLock, 1067);
    EXPECT_EQ(JET_wrnNyi, -1);
    EXPECT_EQ(JET_errColumnIllegalNull, -1504);
}

/* --- 1.2 grbits ------------------------------------------------------- */

Test(esent_header, session_transaction_grbits)
{
    EXPECT_EQ(JET_bitForceSessionClosed, 0x1);
    EXPECT_EQ(JET_bitTransactionReadOnly, 0x1);
    EXPECT_EQ(JET_bitDistributedTransaction, 0x2);
    EXPECT_EQ(JET_bitCommitLazyFlush, 0x1);
    EXPECT_EQ(JET_bitWaitLastLevel0Commit, 0x2);
    EXPECT_EQ(JET_bitWaitAllLevel0Commit, 0x8);
    EXPECT_EQ(JET_bitForceNewLog, 0x10);
    EXPECT_EQ(JET_bitCommitRedoCallback, 0x20);
    EXPECT_EQ(JET_bitRollbackAll, 0x1);
    EXPECT_EQ(JET_bitRollbackRedoCallback, 0x20);
}

Test(esent_header, term_stopservice_grbits)
{
    EXPECT_EQ(JET_bitTermComplete, 0x1);
    EXPECT_EQ(JET_bitTermAbrupt, 0x2);
    EXPECT_EQ(JET_bitTermStopBackup, 0x4);
    EXPECT_EQ(JET_bitTermDirty, 0x8);
    EXPECT_EQ(JET_bitStopServiceAll, 0x0);
    EXPECT_EQ(JET_bitStopServiceBackgroundUserTasks, 0x2);
    EXPECT_EQ(JET_bitStopServiceQuiesceCaches, 0x4);
    EXPECT_EQ(JET_bitStopServiceStopAndEmitLog, 0x8);
    EXPECT_EQ(JET_bitStopServiceResume, 0x80000000u);
}

Test(esent_header, temp_table_grbits)
{
    EXPECT_EQ(JET_bitTTIndexed, 0x1);
    EXPECT_EQ(JET_bitTTUnique, 0x2);
    EXPECT_EQ(JET_bitTTUpdatable, 0x4);
    EXPECT_EQ(JET_bitTTScrollable, 0x8);
    EXPECT_EQ(JET_bitTTSortNullsHigh, 0x10);
    EXPECT_EQ(JET_bitTTForceMaterialization, 0x20);
    EXPECT_EQ(JET_bitTTErrorOnDuplicateInsertion, 0x20);
    EXPECT_EQ(JET_bitTTForwardOnly, 0x40);
    EXPECT_EQ(JET_bitTTIntrinsicLVsOnly, 0x80);
    EXPECT_EQ(JET_bitTTDotNetGuid, 0x100);
    EXPECT_EQ(JET_bitColumnTTKey, 0x40);
    EXPECT_EQ(JET_bitColumnTTDescending, 0x80);
}

Test(esent_header, cursor_grbits_and_move)
{
    EXPECT_EQ(JET_bitNewKey, 0x1);
    EXPECT_EQ(JET_bitStrLimit, 0x2);
    EXPECT_EQ(JET_bitSubStrLimit, 0x4);
    EXPECT_EQ(JET_bitSeekEQ, 0x1);
    EXPECT_EQ(JET_bitSeekLT, 0x2);
    EXPECT_EQ(JET_bitSeekLE, 0x4);
    EXPECT_EQ(JET_bitSeekGE, 0x8);
    EXPECT_EQ(JET_bitSeekGT, 0x10);
    EXPECT_EQ(JET_bitSetIndexRange, 0x20);
    EXPECT_EQ(JET_bitMoveKeyNE, 0x1);
    EXPECT_EQ(JET_prepInsert, 0);
    EXPECT_EQ(JET_prepReplace, 2);
    EXPECT_EQ(JET_prepCancel, 3);
    EXPECT_EQ(JET_bitRetrieveCopy, 0x1);
    EXPECT_EQ(JET_bitSetAppendLV, 0x1);
    EXPECT_EQ(JET_bitIndexUnique, 0x1);
    EXPECT_EQ(JET_bitIndexPrimary, 0x2);
    EXPECT_EQ(JET_bitColumnFixed, 0x1);
    EXPECT_EQ(JET_bitColumnTagged, 0x2);
    EXPECT_EQ(JET_bitTableReadOnly, 0x4);
    EXPECT_EQ(JET_bitTableUpdatable, 0x8);
    /* JetMove's cRow is int32_t: ESE's 0x80000000 is INT32_MIN's bits */
    cr_expect_eq((int32_t)JET_MoveFirst, INT32_MIN);
    cr_expect_eq((uint32_t)(int32_t)JET_MoveFirst, 0x80000000u);
    EXPECT_EQ(JET_MovePrevious, -1);
    EXPECT_EQ(JET_MoveNext, 1);
    EXPECT_EQ(JET_MoveLast, 0x7fffffff);
}

/* --- 1.3 types, nil values, coltyp, limits ---------------------------- */

Test(esent_header, type_widths_and_signedness)
{
    cr_expect_eq(sizeof(JET_ERR), 4);
    cr_expect((JET_ERR)-1 < 0, "JET_ERR must be signed");
    cr_expect(_Generic((JET_ERR)0, int32_t: 1, default: 0));
    cr_expect(_Generic((JET_GRBIT)0, uint32_t: 1, default: 0));
    cr_expect(_Generic((JET_COLUMNID)0, uint32_t: 1, default: 0));
    cr_expect(_Generic((JET_DBID)0, uint32_t: 1, default: 0));
    cr_expect(_Generic((JET_COLTYP)0, uint32_t: 1, default: 0));
    cr_expect(_Generic((JET_OBJTYP)0, uint32_t: 1, default: 0));
    cr_expect(_Generic((JET_API_PTR)0, uintptr_t: 1, default: 0));
    cr_expect(_Generic((JET_INSTANCE)0, uintptr_t: 1, default: 0));
    cr_expect(_Generic((JET_SESID)0, uintptr_t: 1, default: 0));
    cr_expect(_Generic((JET_TABLEID)0, uintptr_t: 1, default: 0));
    cr_expect(_Generic((JET_HANDLE)0, uintptr_t: 1, default: 0));
    cr_expect(_Generic((JET_LS)0, uintptr_t: 1, default: 0));
    cr_expect_eq(sizeof(JET_API_PTR), sizeof(void *));
}

Test(esent_header, nil_values)
{
    cr_expect_eq(JET_instanceNil, UINTPTR_MAX);
    cr_expect_eq(JET_sesidNil, UINTPTR_MAX);
    cr_expect_eq(JET_tableidNil, UINTPTR_MAX);
    cr_expect_eq(JET_columnidNil, UINT32_MAX);
    cr_expect_eq(JET_dbidNil, 0xFFFFFFFFu);
    cr_expect_eq(JET_LSNil, UINTPTR_MAX);
    cr_expect_eq(JET_bitNil, 0u);
}

Test(esent_header, column_types)
{
    EXPECT_EQ(JET_coltypNil, 0);
    EXPECT_EQ(JET_coltypBit, 1);
    EXPECT_EQ(JET_coltypUnsignedByte, 2);
    EXPECT_EQ(JET_coltypShort, 3);
    EXPECT_EQ(JET_coltypLong, 4);
    EXPECT_EQ(JET_coltypCurrency, 5);
    EXPECT_EQ(JET_coltypIEEESingle, 6);
    EXPECT_EQ(JET_coltypIEEEDouble, 7);
    EXPECT_EQ(JET_coltypDateTime, 8);
    EXPECT_EQ(JET_coltypBinary, 9);
    EXPECT_EQ(JET_coltypText, 10);
    EXPECT_EQ(JET_coltypLongBinary, 11);
    EXPECT_EQ(JET_coltypLongText, 12);
    EXPECT_EQ(JET_coltypSLV, 13);
    EXPECT_EQ(JET_coltypUnsignedLong, 14);
    EXPECT_EQ(JET_coltypLongLong, 15);
    EXPECT_EQ(JET_coltypGUID, 16);
    EXPECT_EQ(JET_coltypUnsignedShort, 17);
    EXPECT_EQ(JET_coltypUnsignedLongLong, 18);
    EXPECT_EQ(JET_coltypMax, 19);
}

Test(esent_header, limits)
{
    EXPECT_EQ(JET_cbKeyMostMin, 255);
    EXPECT_EQ(JET_ccolKeyMost, 16);
    EXPECT_EQ(JET_cbBookmarkMost, 256);
    EXPECT_EQ(JET_cbColumnMost, 255);
    EXPECT_EQ(JET_cbKeyMost8KBytePage, 2000);
    EXPECT_EQ(JET_cbKeyMostMost, 2000);
    EXPECT_EQ(JET_cbNameMost, 64);
    EXPECT_EQ(JET_MAX_COMPUTERNAME_LENGTH, 15);
}

/* --- 1.4 system parameter ids ----------------------------------------- */

Test(esent_header, param_ids)
{
    EXPECT_EQ(JET_paramSystemPath, 0);
    EXPECT_EQ(JET_paramTempPath, 1);
    EXPECT_EQ(JET_paramLogFilePath, 2);
    EXPECT_EQ(JET_paramBaseName, 3);
    EXPECT_EQ(JET_paramMaxSessions, 5);
    EXPECT_EQ(JET_paramMaxOpenTables, 6);
    EXPECT_EQ(JET_paramMaxCursors, 8);
    EXPECT_EQ(JET_paramMaxVerPages, 9);
    EXPECT_EQ(JET_paramMaxTemporaryTables, 10);
    EXPECT_EQ(JET_paramPreferredVerPages, 63);
    EXPECT_EQ(JET_paramGlobalMinVerPages, 81);
    EXPECT_EQ(JET_paramVerPageSize, 128);
    EXPECT_EQ(JET_paramVersionStoreTaskQueueMax, 105);
    EXPECT_EQ(JET_paramMaxTransactionSize, 178);
    EXPECT_EQ(JET_paramEnableTempTableVersioning, 46);
    EXPECT_EQ(JET_paramCachedClosedTables, 125);
    EXPECT_EQ(JET_paramCacheSizeMax, 23);
    EXPECT_EQ(JET_paramCacheSizeMin, 60);
    EXPECT_EQ(JET_paramCacheSize, 41);
    EXPECT_EQ(JET_paramMaxInstances, 104);
    EXPECT_EQ(JET_paramDatabasePageSize, 64);
    EXPECT_EQ(JET_paramRecovery, 34);
    EXPECT_EQ(JET_paramErrorToString, 70);
    EXPECT_EQ(JET_configLowMemory, 0x10);
}

/* --- struct layouts (LP64 == Win64 pack 8) ---------------------------- */

Test(esent_header, small_structs)
{
    cr_expect_eq(sizeof(JET_LOGTIME), 8);
    cr_expect_eq(sizeof(JET_LGPOS), 8);
    cr_expect_eq(sizeof(JET_SIGNATURE), 28);
    cr_expect_eq(offsetof(JET_SIGNATURE, logtimeCreate), 4);
    cr_expect_eq(offsetof(JET_SIGNATURE, szComputerName), 12);
    cr_expect_eq(sizeof(JET_UNICODEINDEX), 8);
    cr_expect_eq(sizeof(JET_RSTMAP_A), 16);
    cr_expect_eq(sizeof(JET_INDEXID), 20);
    cr_expect_eq(sizeof(JET_RETINFO), 16);
    cr_expect_eq(sizeof(JET_SETINFO), 12);
}

Test(esent_header, commit_id)
{
    cr_expect_eq(offsetof(JET_COMMIT_ID, signLog), 0);
    cr_expect_eq(offsetof(JET_COMMIT_ID, reserved), 28);
    cr_expect_eq(offsetof(JET_COMMIT_ID, commitId), 32);
    cr_expect_eq(sizeof(JET_COMMIT_ID), 40);
}

Test(esent_header, columndef)
{
    cr_expect_eq(sizeof(JET_COLUMNDEF), 28);
    cr_expect_eq(offsetof(JET_COLUMNDEF, columnid), 4);
    cr_expect_eq(offsetof(JET_COLUMNDEF, coltyp), 8);
    cr_expect_eq(offsetof(JET_COLUMNDEF, wCountry), 12);
    cr_expect_eq(offsetof(JET_COLUMNDEF, langid), 14);
    cr_expect_eq(offsetof(JET_COLUMNDEF, cp), 16);
    cr_expect_eq(offsetof(JET_COLUMNDEF, wCollate), 18);
    cr_expect_eq(offsetof(JET_COLUMNDEF, cbMax), 20);
    cr_expect_eq(offsetof(JET_COLUMNDEF, grbit), 24);
}

Test(esent_header, columncreate)
{
    cr_expect_eq(offsetof(JET_COLUMNCREATE_A, szColumnName), 8);
    cr_expect_eq(offsetof(JET_COLUMNCREATE_A, coltyp), 16);
    cr_expect_eq(offsetof(JET_COLUMNCREATE_A, cbMax), 20);
    cr_expect_eq(offsetof(JET_COLUMNCREATE_A, grbit), 24);
    cr_expect_eq(offsetof(JET_COLUMNCREATE_A, pvDefault), 32);
    cr_expect_eq(offsetof(JET_COLUMNCREATE_A, cbDefault), 40);
    cr_expect_eq(offsetof(JET_COLUMNCREATE_A, cp), 44);
    cr_expect_eq(offsetof(JET_COLUMNCREATE_A, columnid), 48);
    cr_expect_eq(offsetof(JET_COLUMNCREATE_A, err), 52);
    cr_expect_eq(sizeof(JET_COLUMNCREATE_A), 56);
}

Test(esent_header, indexcreate)
{
    cr_expect_eq(offsetof(JET_INDEXCREATE_A, szIndexName), 8);
    cr_expect_eq(offsetof(JET_INDEXCREATE_A, szKey), 16);
    cr_expect_eq(offsetof(JET_INDEXCREATE_A, cbKey), 24);
    cr_expect_eq(offsetof(JET_INDEXCREATE_A, grbit), 28);
    cr_expect_eq(offsetof(JET_INDEXCREATE_A, ulDensity), 32);
    cr_expect_eq(offsetof(JET_INDEXCREATE_A, lcid), 40);
    cr_expect_eq(offsetof(JET_INDEXCREATE_A, pidxunicode), 40);
    cr_expect_eq(offsetof(JET_INDEXCREATE_A, cbVarSegMac), 48);
    cr_expect_eq(offsetof(JET_INDEXCREATE_A, ptuplelimits), 48);
    cr_expect_eq(offsetof(JET_INDEXCREATE_A, rgconditionalcolumn), 56);
    cr_expect_eq(offsetof(JET_INDEXCREATE_A, cConditionalColumn), 64);
    cr_expect_eq(offsetof(JET_INDEXCREATE_A, err), 68);
    cr_expect_eq(offsetof(JET_INDEXCREATE_A, cbKeyMost), 72);
    cr_expect_eq(sizeof(JET_INDEXCREATE_A), 80);
    cr_expect_eq(sizeof(JET_CONDITIONALCOLUMN_A), 24);
    cr_expect_eq(sizeof(JET_TUPLELIMITS), 20);
}

Test(esent_header, tablecreate)
{
    cr_expect_eq(offsetof(JET_TABLECREATE_A, szTableName), 8);
    cr_expect_eq(offsetof(JET_TABLECREATE_A, szTemplateTableName), 16);
    cr_expect_eq(offsetof(JET_TABLECREATE_A, ulPages), 24);
    cr_expect_eq(offsetof(JET_TABLECREATE_A, ulDensity), 28);
    cr_expect_eq(offsetof(JET_TABLECREATE_A, rgcolumncreate), 32);
    cr_expect_eq(offsetof(JET_TABLECREATE_A, cColumns), 40);
    cr_expect_eq(offsetof(JET_TABLECREATE_A, rgindexcreate), 48);
    cr_expect_eq(offsetof(JET_TABLECREATE_A, cIndexes), 56);
    cr_expect_eq(offsetof(JET_TABLECREATE_A, grbit), 60);
    cr_expect_eq(offsetof(JET_TABLECREATE_A, tableid), 64);
    cr_expect_eq(offsetof(JET_TABLECREATE_A, cCreated), 72);
    cr_expect_eq(sizeof(JET_TABLECREATE_A), 80);
}

Test(esent_header, opentemporarytable)
{
    cr_expect_eq(offsetof(JET_OPENTEMPORARYTABLE, prgcolumndef), 8);
    cr_expect_eq(offsetof(JET_OPENTEMPORARYTABLE, ccolumn), 16);
    cr_expect_eq(offsetof(JET_OPENTEMPORARYTABLE, pidxunicode), 24);
    cr_expect_eq(offsetof(JET_OPENTEMPORARYTABLE, grbit), 32);
    cr_expect_eq(offsetof(JET_OPENTEMPORARYTABLE, prgcolumnid), 40);
    cr_expect_eq(offsetof(JET_OPENTEMPORARYTABLE, cbKeyMost), 48);
    cr_expect_eq(offsetof(JET_OPENTEMPORARYTABLE, cbVarSegMac), 52);
    cr_expect_eq(offsetof(JET_OPENTEMPORARYTABLE, tableid), 56);
    cr_expect_eq(sizeof(JET_OPENTEMPORARYTABLE), 64);
}

Test(esent_header, rstinfo)
{
    cr_expect_eq(offsetof(JET_RSTINFO_A, rgrstmap), 8);
    cr_expect_eq(offsetof(JET_RSTINFO_A, crstmap), 16);
    cr_expect_eq(offsetof(JET_RSTINFO_A, lgposStop), 20);
    cr_expect_eq(offsetof(JET_RSTINFO_A, logtimeStop), 28);
    cr_expect_eq(offsetof(JET_RSTINFO_A, pfnStatus), 40);
    cr_expect_eq(sizeof(JET_RSTINFO_A), 48);
}

Test(esent_header, column_io_structs)
{
    cr_expect_eq(offsetof(JET_SETCOLUMN, pvData), 8);
    cr_expect_eq(offsetof(JET_SETCOLUMN, cbData), 16);
    cr_expect_eq(offsetof(JET_SETCOLUMN, itagSequence), 28);
    cr_expect_eq(offsetof(JET_SETCOLUMN, err), 32);
    cr_expect_eq(sizeof(JET_SETCOLUMN), 40);
    cr_expect_eq(offsetof(JET_RETRIEVECOLUMN, pvData), 8);
    cr_expect_eq(offsetof(JET_RETRIEVECOLUMN, cbData), 16);
    cr_expect_eq(offsetof(JET_RETRIEVECOLUMN, columnidNextTagged), 36);
    cr_expect_eq(offsetof(JET_RETRIEVECOLUMN, err), 40);
    cr_expect_eq(sizeof(JET_RETRIEVECOLUMN), 48);
}

/* --- prototypes: exact types, checked without linking ----------------- */

#define HAS_TYPE(fn, type) _Generic(&(fn), type: 1, default: 0)

Test(esent_header, prototypes)
{
    cr_expect(HAS_TYPE(JetCreateInstanceA, JET_ERR(*)(JET_INSTANCE *, const char *)));
    cr_expect(HAS_TYPE(JetCreateInstance2A,
                       JET_ERR(*)(JET_INSTANCE *, const char *, const char *, JET_GRBIT)));
    cr_expect(HAS_TYPE(JetInit, JET_ERR(*)(JET_INSTANCE *)));
    cr_expect(HAS_TYPE(JetInit2, JET_ERR(*)(JET_INSTANCE *, JET_GRBIT)));
    cr_expect(HAS_TYPE(JetInit3A, JET_ERR(*)(JET_INSTANCE *, JET_RSTINFO_A *, JET_GRBIT)));
    cr_expect(HAS_TYPE(JetTerm, JET_ERR(*)(JET_INSTANCE)));
    cr_expect(HAS_TYPE(JetTerm2, JET_ERR(*)(JET_INSTANCE, JET_GRBIT)));
    cr_expect(HAS_TYPE(JetStopService, JET_ERR(*)(void)));
    cr_expect(HAS_TYPE(JetStopServiceInstance, JET_ERR(*)(JET_INSTANCE)));
    cr_expect(HAS_TYPE(JetStopServiceInstance2, JET_ERR(*)(JET_INSTANCE, JET_GRBIT)));
    cr_expect(HAS_TYPE(JetSetSystemParameterA,
                       JET_ERR(*)(JET_INSTANCE *, JET_SESID, uint32_t, JET_API_PTR, const char *)));
    cr_expect(HAS_TYPE(JetGetSystemParameterA, JET_ERR(*)(JET_INSTANCE, JET_SESID, uint32_t,
                                                          JET_API_PTR *, char *, uint32_t)));
    cr_expect(HAS_TYPE(JetBeginSessionA,
                       JET_ERR(*)(JET_INSTANCE, JET_SESID *, const char *, const char *)));
    cr_expect(HAS_TYPE(JetDupSession, JET_ERR(*)(JET_SESID, JET_SESID *)));
    cr_expect(HAS_TYPE(JetEndSession, JET_ERR(*)(JET_SESID, JET_GRBIT)));
    cr_expect(HAS_TYPE(JetSetSessionContext, JET_ERR(*)(JET_SESID, JET_API_PTR)));
    cr_expect(HAS_TYPE(JetResetSessionContext, JET_ERR(*)(JET_SESID)));
    cr_expect(HAS_TYPE(JetBeginTransaction, JET_ERR(*)(JET_SESID)));
    cr_expect(HAS_TYPE(JetBeginTransaction2, JET_ERR(*)(JET_SESID, JET_GRBIT)));
    cr_expect(HAS_TYPE(JetBeginTransaction3, JET_ERR(*)(JET_SESID, int64_t, JET_GRBIT)));
    cr_expect(HAS_TYPE(JetCommitTransaction, JET_ERR(*)(JET_SESID, JET_GRBIT)));
    cr_expect(HAS_TYPE(JetCommitTransaction2,
                       JET_ERR(*)(JET_SESID, JET_GRBIT, uint32_t, JET_COMMIT_ID *)));
    cr_expect(HAS_TYPE(JetRollback, JET_ERR(*)(JET_SESID, JET_GRBIT)));
    /* the undecorated names are the narrow variants */
    cr_expect(HAS_TYPE(JetCreateInstance, JET_ERR(*)(JET_INSTANCE *, const char *)));
    cr_expect(HAS_TYPE(JetBeginSession,
                       JET_ERR(*)(JET_INSTANCE, JET_SESID *, const char *, const char *)));
    cr_expect(HAS_TYPE(JetSetSystemParameter,
                       JET_ERR(*)(JET_INSTANCE *, JET_SESID, uint32_t, JET_API_PTR, const char *)));
}
