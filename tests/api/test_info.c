/*
 * test_info.c -- JetGet(Table)ColumnInfo, JetGet(Table)IndexInfo,
 * JetGetTableInfo round trips and codes. Only esent.h.
 */
#include "api_helpers.h"

static JET_INSTANCE inst;
static JET_SESID ses;
static JET_DBID dbid;
static JET_TABLEID tab;

static void setup(void)
{
    inst = api_instance_new("info");
    ses = api_session_new(inst);
    API_CHECK(JetCreateDatabase(ses, "info.edb", NULL, &dbid, 0), JET_errSuccess);
    API_CHECK(JetCreateTable(ses, dbid, "Items", 0, 0, &tab), JET_errSuccess);
    JET_COLUMNDEF d = {sizeof d, 0, JET_coltypLong, 0, 0, 0, 0, 0, JET_bitColumnNotNULL};
    API_CHECK(JetAddColumn(ses, tab, "id", &d, NULL, 0, NULL), JET_errSuccess);
    d = (JET_COLUMNDEF){sizeof d, 0, JET_coltypText, 0, 0, 1200, 0, 100, 0};
    API_CHECK(JetAddColumn(ses, tab, "name", &d, NULL, 0, NULL), JET_errSuccess);
    d = (JET_COLUMNDEF){sizeof d, 0, JET_coltypBinary, 0, 0, 0, 0, 0, JET_bitColumnTagged | JET_bitColumnMultiValued};
    API_CHECK(JetAddColumn(ses, tab, "blob", &d, NULL, 0, NULL), JET_errSuccess);
    API_CHECK(JetCreateIndex(ses, tab, "pk", JET_bitIndexPrimary, "+id\0", 5, 0), JET_errSuccess);
    API_CHECK(JetCreateIndex(ses, tab, "byname", 0, "-name\0", 7, 0), JET_errSuccess);
}
static void teardown(void) { api_instance_term(inst); }

TestSuite(info, .init = setup, .fini = teardown);

Test(info, column_info_round_trip)
{
    JET_COLUMNDEF cd;
    API_CHECK(JetGetTableColumnInfo(ses, tab, "NAME", &cd, sizeof cd, JET_ColInfo), JET_errSuccess);
    cr_expect_eq(cd.cbStruct, sizeof cd);
    cr_expect_eq(cd.columnid, 128);
    cr_expect_eq(cd.coltyp, JET_coltypText);
    cr_expect_eq(cd.cp, 1200);
    cr_expect_eq(cd.cbMax, 100);
    JET_COLUMNID id = 1;
    API_CHECK(JetGetTableColumnInfo(ses, tab, (const char *)&id, &cd, sizeof cd, JET_ColInfoByColid), JET_errSuccess);
    cr_expect_eq(cd.coltyp, JET_coltypLong);
    cr_expect(cd.grbit & JET_bitColumnNotNULL);
    cr_expect(cd.grbit & JET_bitColumnFixed);
    cr_expect_eq(cd.cbMax, 4);
    API_CHECK(JetGetColumnInfo(ses, dbid, "items", "blob", &cd, sizeof cd, JET_ColInfo), JET_errSuccess);
    cr_expect_eq(cd.columnid, 256);
    cr_expect_eq(cd.grbit & (JET_bitColumnTagged | JET_bitColumnMultiValued),
                 JET_bitColumnTagged | JET_bitColumnMultiValued);
    JET_COLUMNBASE_A cb;
    API_CHECK(JetGetTableColumnInfo(ses, tab, "id", &cb, sizeof cb, JET_ColInfoBase), JET_errSuccess);
    cr_expect_str_eq(cb.szBaseTableName, "Items");
    cr_expect_str_eq(cb.szBaseColumnName, "id");
    API_CHECK(JetGetTableColumnInfo(ses, tab, "nope", &cd, sizeof cd, JET_ColInfo), JET_errColumnNotFound);
    API_CHECK(JetGetTableColumnInfo(ses, tab, "id", &cd, 4, JET_ColInfo), JET_errBufferTooSmall);
    API_CHECK(JetGetTableColumnInfo(ses, tab, "id", &cd, sizeof cd, JET_ColInfoList), JET_errFeatureNotAvailable);
    API_CHECK(JetGetTableColumnInfo(ses, tab, "id", &cd, sizeof cd, 99), JET_errInvalidParameter);
    API_CHECK(JetGetColumnInfo(ses, dbid, "missing", "id", &cd, sizeof cd, JET_ColInfo), JET_errObjectNotFound);
    API_CHECK(JetGetTableColumnInfo(ses, JET_tableidNil, "id", &cd, sizeof cd, JET_ColInfo), JET_errInvalidTableId);
}

Test(info, index_info_round_trip)
{
    uint32_t n = 0, lcid = 0;
    uint16_t us = 0;
    API_CHECK(JetGetTableIndexInfo(ses, tab, NULL, &n, sizeof n, JET_IdxInfoCount), JET_errSuccess);
    cr_expect_eq(n, 2);
    API_CHECK(JetGetTableIndexInfo(ses, tab, "byname", &us, sizeof us, JET_IdxInfoKeyMost), JET_errSuccess);
    cr_expect_eq(us, JET_cbKeyMostMin);
    API_CHECK(JetGetIndexInfo(ses, dbid, "Items", "byname", &us, sizeof us, JET_IdxInfoVarSegMac), JET_errSuccess);
    cr_expect_eq(us, JET_cbKeyMostMin);
    API_CHECK(JetGetTableIndexInfo(ses, tab, "pk", &lcid, sizeof lcid, JET_IdxInfoLCID), JET_errSuccess);
    cr_expect_neq(lcid, 0);
    API_CHECK(JetGetTableIndexInfo(ses, tab, "nope", &us, sizeof us, JET_IdxInfoKeyMost), JET_errIndexNotFound);
    API_CHECK(JetGetTableIndexInfo(ses, tab, NULL, &n, 2, JET_IdxInfoCount), JET_errBufferTooSmall);
    API_CHECK(JetGetTableIndexInfo(ses, tab, "pk", &n, sizeof n, JET_IdxInfoList), JET_errFeatureNotAvailable);
    API_CHECK(JetGetTableIndexInfo(ses, tab, "pk", &n, sizeof n, 77), JET_errInvalidParameter);
    API_CHECK(JetDeleteIndex(ses, tab, "byname"), JET_errSuccess);
    API_CHECK(JetGetTableIndexInfo(ses, tab, NULL, &n, sizeof n, JET_IdxInfoCount), JET_errSuccess);
    cr_expect_eq(n, 1);
}

Test(info, table_info)
{
    char name[65];
    JET_DBID d = 0;
    API_CHECK(JetGetTableInfo(ses, tab, name, sizeof name, JET_TblInfoName), JET_errSuccess);
    cr_expect_str_eq(name, "Items");
    API_CHECK(JetGetTableInfo(ses, tab, name, 3, JET_TblInfoName), JET_errBufferTooSmall);
    API_CHECK(JetGetTableInfo(ses, tab, &d, sizeof d, JET_TblInfoDbid), JET_errSuccess);
    cr_expect_eq(d, dbid);
    API_CHECK(JetGetTableInfo(ses, tab, name, sizeof name, 1000), JET_errInvalidParameter);
    API_CHECK(JetGetTableInfo(ses, JET_tableidNil, name, sizeof name, JET_TblInfoName), JET_errInvalidTableId);
}
