/*
 * test_db.c -- JetCreateDatabase(2), JetAttachDatabase(2), JetOpenDatabase,
 * JetCloseDatabase, JetDetachDatabase(2): success paths, documented codes,
 * bad handles. Only esent.h.
 */
#include "api_helpers.h"

static JET_INSTANCE inst;
static JET_SESID ses;

static void setup(void)
{
    inst = api_instance_new("db");
    ses = api_session_new(inst);
}
static void teardown(void) { api_instance_term(inst); }

TestSuite(db, .init = setup, .fini = teardown);

Test(db, create_open_close_detach_attach)
{
    JET_DBID dbid = 0, dbid2 = 0;
    API_CHECK(JetCreateDatabase(ses, "a.edb", NULL, &dbid, 0), JET_errSuccess);
    cr_expect(dbid >= 1 && dbid <= 64);
    API_CHECK(JetCreateDatabase(ses, "a.edb", NULL, &dbid2, 0), JET_errDatabaseDuplicate);
    cr_expect_eq(dbid2, JET_dbidNil);
    /* created → opened: detach refuses until it is closed */
    API_CHECK(JetDetachDatabase(ses, "a.edb"), JET_errDatabaseInUse);
    API_CHECK(JetCloseDatabase(ses, dbid, 0), JET_errSuccess);
    API_CHECK(JetCloseDatabase(ses, dbid, 0), JET_errInvalidDatabaseId);
    API_CHECK(JetDetachDatabase(ses, "a.edb"), JET_errSuccess);
    API_CHECK(JetDetachDatabase(ses, "a.edb"), JET_errDatabaseNotFound);
    API_CHECK(JetOpenDatabase(ses, "a.edb", NULL, &dbid2, 0), JET_errDatabaseNotFound);
    API_CHECK(JetAttachDatabase(ses, "a.edb", 0), JET_errSuccess);
    API_CHECK(JetAttachDatabase(ses, "a.edb", 0), JET_wrnDatabaseAttached);
    API_CHECK(JetOpenDatabase(ses, "a.edb", NULL, &dbid2, 0), JET_errSuccess);
    cr_expect_eq(dbid2, dbid); /* the same database keeps its id */
    API_CHECK(JetCloseDatabase(ses, dbid2, 0), JET_errSuccess);
}

Test(db, data_survives_detach)
{
    JET_DBID dbid;
    JET_TABLEID t;
    API_CHECK(JetCreateDatabase2(ses, "keep.edb", 0, &dbid, 0), JET_errSuccess);
    API_CHECK(JetCreateTable(ses, dbid, "t", 0, 0, &t), JET_errSuccess);
    API_CHECK(JetCloseTable(ses, t), JET_errSuccess);
    API_CHECK(JetCloseDatabase(ses, dbid, 0), JET_errSuccess);
    API_CHECK(JetDetachDatabase2(ses, "keep.edb", 0), JET_errSuccess);
    API_CHECK(JetAttachDatabase2(ses, "keep.edb", 0, 0), JET_errSuccess);
    API_CHECK(JetOpenDatabase(ses, "keep.edb", NULL, &dbid, 0), JET_errSuccess);
    API_CHECK(JetOpenTable(ses, dbid, "t", NULL, 0, 0, &t), JET_errSuccess);
    API_CHECK(JetCloseTable(ses, t), JET_errSuccess);
}

Test(db, errors)
{
    JET_DBID dbid;
    API_CHECK(JetAttachDatabase(ses, "never.edb", 0), JET_errFileNotFound);
    API_CHECK(JetCreateDatabase(ses, "", NULL, &dbid, 0), JET_errInvalidPath);
    API_CHECK(JetCreateDatabase(ses, NULL, NULL, &dbid, 0), JET_errInvalidPath);
    API_CHECK(JetCreateDatabase(ses, "x.edb", NULL, NULL, 0), JET_errInvalidParameter);
    API_CHECK(JetCreateDatabase(ses, "x.edb", NULL, &dbid, 0x40000000), JET_errInvalidGrbit);
    API_CHECK(JetCloseDatabase(ses, 0, 0), JET_errInvalidDatabaseId);
    API_CHECK(JetCloseDatabase(ses, 65, 0), JET_errInvalidDatabaseId);
    API_CHECK(JetCreateDatabase(JET_sesidNil, "x.edb", NULL, &dbid, 0), JET_errInvalidSesid);
    API_CHECK(JetAttachDatabase(0, "x.edb", 0), JET_errInvalidSesid);
}

Test(db, open_is_per_session)
{
    JET_DBID dbid, d2;
    JET_TABLEID t;
    JET_SESID other = api_session_new(inst);
    API_CHECK(JetCreateDatabase(ses, "s.edb", NULL, &dbid, 0), JET_errSuccess);
    /* the other session has not opened it */
    API_CHECK(JetCreateTable(other, dbid, "t", 0, 0, &t), JET_errInvalidDatabaseId);
    API_CHECK(JetOpenDatabase(other, "s.edb", NULL, &d2, 0), JET_errSuccess);
    API_CHECK(JetCloseDatabase(ses, dbid, 0), JET_errSuccess);
    API_CHECK(JetDetachDatabase(ses, "s.edb"), JET_errDatabaseInUse);
    API_CHECK(JetEndSession(other, 0), JET_errSuccess); /* closes its databases */
    API_CHECK(JetDetachDatabase(ses, NULL), JET_errSuccess);
}

Test(db, read_only_attach)
{
    JET_DBID dbid;
    JET_TABLEID t;
    API_CHECK(JetCreateDatabase(ses, "ro.edb", NULL, &dbid, 0), JET_errSuccess);
    API_CHECK(JetCloseDatabase(ses, dbid, 0), JET_errSuccess);
    API_CHECK(JetDetachDatabase(ses, "ro.edb"), JET_errSuccess);
    API_CHECK(JetAttachDatabase(ses, "ro.edb", JET_bitDbReadOnly), JET_errSuccess);
    API_CHECK(JetOpenDatabase(ses, "ro.edb", NULL, &dbid, 0), JET_errSuccess);
    API_CHECK(JetCreateTable(ses, dbid, "t", 0, 0, &t), JET_errPermissionDenied);
    cr_expect_eq(t, JET_tableidNil);
}
