/*
 * test_column_kinds.c -- columns the engine itself fills or checks when a
 * record is written (only esent.h): autoincrement (a unique, increasing
 * value for every inserted record, which JetSetColumn may not set),
 * version (0 at insert, +1 at every replace), NotNULL (JetUpdate without a
 * value: JET_errNullInvalid). Each rule is checked on a table whose
 * columns came with JetCreateTableColumnIndex and on one whose columns were
 * added later with JetAddColumn -- the two ways a table's schema is
 * published -- and again after JetDeleteColumn took the special column
 * away (plain inserts must then work).
 */
#include "api_helpers.h"

struct kt {
    JET_INSTANCE inst;
    JET_SESID s;
    JET_DBID db;
    JET_TABLEID t;
    JET_COLUMNID id, ai, ver, must;
};

static void kt_db(struct kt *k, const char *tag)
{
    char path[128];
    k->inst = api_instance_new(tag);
    k->s = api_session_new(k->inst);
    snprintf(path, sizeof path, "%s-%d.edb", tag, (int)getpid());
    API_CHECK(JetCreateDatabase(k->s, path, NULL, &k->db, 0), JET_errSuccess);
}

/* kt_create -- columns id (primary key), ai (autoincrement), ver
 * (version), must (NotNULL), all Long, given at JetCreateTableColumnIndex. */
static void kt_create(struct kt *k, const char *tag)
{
    kt_db(k, tag);
    static const struct {
        const char *name;
        JET_GRBIT grbit;
    } spec[4] = {{"id", 0},
                 {"ai", JET_bitColumnAutoincrement},
                 {"ver", JET_bitColumnVersion},
                 {"must", JET_bitColumnNotNULL}};
    JET_COLUMNCREATE cols[4];
    for (int i = 0; i < 4; i++)
        cols[i] = (JET_COLUMNCREATE){.cbStruct = sizeof(JET_COLUMNCREATE),
                                     .szColumnName = (char *)spec[i].name,
                                     .coltyp = JET_coltypLong,
                                     .grbit = spec[i].grbit};
    JET_INDEXCREATE idx = {.cbStruct = sizeof(JET_INDEXCREATE),
                           .szIndexName = "pk",
                           .szKey = "+id\0",
                           .cbKey = 5,
                           .grbit = JET_bitIndexPrimary,
                           .ulDensity = 100};
    JET_TABLECREATE tc = {.cbStruct = sizeof(JET_TABLECREATE),
                          .szTableName = "k",
                          .ulDensity = 100,
                          .rgcolumncreate = cols,
                          .cColumns = 4,
                          .rgindexcreate = &idx,
                          .cIndexes = 1};
    API_CHECK(JetCreateTableColumnIndex(k->s, k->db, &tc), JET_errSuccess);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(cols[i].err, JET_errSuccess, "column %d: %d", i, cols[i].err);
    k->id = cols[0].columnid;
    k->ai = cols[1].columnid;
    k->ver = cols[2].columnid;
    k->must = cols[3].columnid;
    API_CHECK(JetCloseTable(k->s, tc.tableid), JET_errSuccess);
    API_CHECK(JetOpenTable(k->s, k->db, "k", NULL, 0, 0, &k->t), JET_errSuccess);
}

static void kt_add(struct kt *k, const char *name, JET_GRBIT grbit, JET_COLUMNID *pid)
{
    JET_COLUMNDEF cd = {sizeof(cd), 0, JET_coltypLong, 0, 0, 0, 0, 0, grbit};
    API_CHECK(JetAddColumn(k->s, k->t, name, &cd, NULL, 0, pid), JET_errSuccess);
}

/* kt_added -- the same table, its columns added one by one after JetCreateTable. */
static void kt_added(struct kt *k, const char *tag)
{
    kt_db(k, tag);
    API_CHECK(JetCreateTable(k->s, k->db, "k", 0, 100, &k->t), JET_errSuccess);
    kt_add(k, "id", 0, &k->id);
    API_CHECK(JetCreateIndex(k->s, k->t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100),
              JET_errSuccess);
    kt_add(k, "ai", JET_bitColumnAutoincrement, &k->ai);
    kt_add(k, "ver", JET_bitColumnVersion, &k->ver);
    kt_add(k, "must", JET_bitColumnNotNULL, &k->must);
}

static int32_t get(struct kt *k, JET_COLUMNID col)
{
    int32_t v = -1;
    uint32_t cb = 0;
    API_CHECK(JetRetrieveColumn(k->s, k->t, col, &v, sizeof v, &cb, 0, NULL), JET_errSuccess);
    cr_assert_eq(cb, 4);
    return v;
}

static void seek(struct kt *k, int32_t id)
{
    API_CHECK(JetMakeKey(k->s, k->t, &id, sizeof id, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSeek(k->s, k->t, JET_bitSeekEQ), JET_errSuccess);
}

/* insert -- a record with id and, when must_val is not NULL, must. */
static JET_ERR insert(struct kt *k, int32_t id, const int32_t *must_val)
{
    API_CHECK(JetPrepareUpdate(k->s, k->t, JET_prepInsert), JET_errSuccess);
    API_CHECK(JetSetColumn(k->s, k->t, k->id, &id, sizeof id, 0, NULL), JET_errSuccess);
    if (must_val)
        API_CHECK(JetSetColumn(k->s, k->t, k->must, must_val, 4, 0, NULL), JET_errSuccess);
    JET_ERR err = JetUpdate(k->s, k->t, NULL, 0, NULL);
    if (err < 0)
        API_CHECK(JetPrepareUpdate(k->s, k->t, JET_prepCancel), JET_errSuccess);
    return err;
}

/* check_rules -- every rule of the file header on table k. */
static void check_rules(struct kt *k)
{
    int32_t one = 1, v = 7;
    /* NotNULL: no value, no default -> the update fails and writes nothing */
    API_CHECK(insert(k, 1, NULL), JET_errNullInvalid);
    API_CHECK(JetMakeKey(k->s, k->t, &one, sizeof one, JET_bitNewKey), JET_errSuccess);
    API_CHECK(JetSeek(k->s, k->t, JET_bitSeekEQ), JET_errRecordNotFound);
    /* autoincrement: set by the engine, never by the application */
    API_CHECK(JetPrepareUpdate(k->s, k->t, JET_prepInsert), JET_errSuccess);
    API_CHECK(JetSetColumn(k->s, k->t, k->ai, &v, sizeof v, 0, NULL), JET_errInvalidColumnType);
    API_CHECK(JetPrepareUpdate(k->s, k->t, JET_prepCancel), JET_errSuccess);
    int32_t last = 0;
    for (int32_t id = 1; id <= 3; id++) {
        API_CHECK(insert(k, id, &v), JET_errSuccess);
        seek(k, id);
        int32_t ai = get(k, k->ai);
        cr_assert_gt(ai, last, "autoincrement of record %d: %d after %d", id, ai, last);
        last = ai;
        cr_assert_eq(get(k, k->ver), 0, "a new record's version is 0");
        cr_assert_eq(get(k, k->must), 7);
    }
    /* version: +1 at every replace */
    seek(k, 2);
    for (int32_t n = 1; n <= 2; n++) {
        API_CHECK(JetPrepareUpdate(k->s, k->t, JET_prepReplace), JET_errSuccess);
        v = 10 + n;
        API_CHECK(JetSetColumn(k->s, k->t, k->must, &v, sizeof v, 0, NULL), JET_errSuccess);
        API_CHECK(JetUpdate(k->s, k->t, NULL, 0, NULL), JET_errSuccess);
        seek(k, 2);
        cr_assert_eq(get(k, k->ver), n, "version after %d replaces", n);
    }
}

/* drop_specials -- delete the three special columns; plain inserts work. */
static void drop_specials(struct kt *k)
{
    API_CHECK(JetDeleteColumn(k->s, k->t, "ai"), JET_errSuccess);
    API_CHECK(JetDeleteColumn(k->s, k->t, "ver"), JET_errSuccess);
    API_CHECK(JetDeleteColumn(k->s, k->t, "must"), JET_errSuccess);
    API_CHECK(insert(k, 100, NULL), JET_errSuccess);
    seek(k, 100);
    cr_assert_eq(get(k, k->id), 100);
}

/* rules_then_drop -- check_rules, then (the table opened exclusively)
 * drop_specials, then end the instance. */
static void rules_then_drop(struct kt *k)
{
    check_rules(k);
    API_CHECK(JetCloseTable(k->s, k->t), JET_errSuccess);
    API_CHECK(JetOpenTable(k->s, k->db, "k", NULL, 0, JET_bitTableDenyRead, &k->t),
              JET_errSuccess);
    drop_specials(k);
    api_instance_term(k->inst);
}

Test(column_kinds, at_create_table)
{
    struct kt k;
    kt_create(&k, "ck-create");
    rules_then_drop(&k);
}

Test(column_kinds, added_later)
{
    struct kt k;
    kt_added(&k, "ck-added");
    rules_then_drop(&k);
}

Test(column_kinds, plain_table_then_special_column)
{
    /* a table that had no special column gets one: the next insert honours it */
    struct kt k;
    kt_db(&k, "ck-late");
    API_CHECK(JetCreateTable(k.s, k.db, "k", 0, 100, &k.t), JET_errSuccess);
    kt_add(&k, "id", 0, &k.id);
    API_CHECK(JetCreateIndex(k.s, k.t, "pk", JET_bitIndexPrimary, "+id\0", 5, 100),
              JET_errSuccess);
    API_CHECK(insert(&k, 1, NULL), JET_errSuccess);
    kt_add(&k, "ai", JET_bitColumnAutoincrement, &k.ai);
    kt_add(&k, "ver", JET_bitColumnVersion, &k.ver);
    API_CHECK(insert(&k, 2, NULL), JET_errSuccess);
    seek(&k, 2);
    cr_assert_gt(get(&k, k.ai), 0);
    cr_assert_eq(get(&k, k.ver), 0);
    api_instance_term(k.inst);
}
