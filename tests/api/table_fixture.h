/*
 * table_fixture.h -- the table fixture shared by test_cursor.c, test_seek.c
 * and test_update.c (only esent.h): one instance, session, database and
 * table "t" with a primary, a non-unique and a unique index.
 */
#ifndef OE_TESTS_API_TABLE_FIXTURE_H
#define OE_TESTS_API_TABLE_FIXTURE_H

#include "api_helpers.h"

/* ---- fixture: one instance, session, database and table "t" ----------------
 * Columns: id Long (primary key "+id"), name Text (index "byname", not
 * unique), val LongLong (unique index "byval"). */
struct fx {
    JET_INSTANCE inst;
    JET_SESID ses;
    JET_DBID db;
    JET_TABLEID tab;
    JET_COLUMNID id, name, val;
};

static void fx_col(struct fx *f, const char *n, JET_COLTYP t, JET_COLUMNID *pid)
{
    JET_COLUMNDEF cd = {sizeof(cd), 0, t, 0, 0, 0, 0, 0, 0};
    API_CHECK(JetAddColumn(f->ses, f->tab, n, &cd, NULL, 0, pid), JET_errSuccess);
}

static void fx_open(struct fx *f, const char *tag)
{
    char path[128];
    f->inst = api_instance_new(tag);
    f->ses = api_session_new(f->inst);
    snprintf(path, sizeof path, "%s-%d.edb", tag, (int)getpid());
    API_CHECK(JetCreateDatabase(f->ses, path, NULL, &f->db, 0), JET_errSuccess);
    API_CHECK(JetCreateTable(f->ses, f->db, "t", 0, 100, &f->tab), JET_errSuccess);
    fx_col(f, "id", JET_coltypLong, &f->id);
    fx_col(f, "name", JET_coltypText, &f->name);
    fx_col(f, "val", JET_coltypLongLong, &f->val);
    API_CHECK(JetCreateIndex(f->ses, f->tab, "pk", JET_bitIndexPrimary, "+id\0", 5, 100),
              JET_errSuccess);
    API_CHECK(JetCreateIndex(f->ses, f->tab, "byname", 0, "+name\0", 7, 100), JET_errSuccess);
    API_CHECK(JetCreateIndex(f->ses, f->tab, "byval", JET_bitIndexUnique, "-val\0", 6, 100),
              JET_errSuccess);
    API_CHECK(JetCloseTable(f->ses, f->tab), JET_errSuccess);
    API_CHECK(JetOpenTable(f->ses, f->db, "t", NULL, 0, 0, &f->tab), JET_errSuccess);
}

static void fx_close(struct fx *f)
{
    api_instance_term(f->inst);
}

/* fx_insert -- insert (id, name, val); name NULL leaves the column NULL. */
static JET_ERR fx_insert(struct fx *f, int32_t id, const char *name, int64_t val)
{
    JET_ERR err = JetPrepareUpdate(f->ses, f->tab, JET_prepInsert);
    if (err < 0)
        return err;
    JetSetColumn(f->ses, f->tab, f->id, &id, sizeof id, 0, NULL);
    if (name)
        JetSetColumn(f->ses, f->tab, f->name, name, (uint32_t)strlen(name), 0, NULL);
    JetSetColumn(f->ses, f->tab, f->val, &val, sizeof val, 0, NULL);
    err = JetUpdate(f->ses, f->tab, NULL, 0, NULL);
    if (err < 0)
        JetPrepareUpdate(f->ses, f->tab, JET_prepCancel);
    return err;
}

/* fx_cur_id -- the id of the current record (-1 on error). */
static int32_t fx_cur_id(struct fx *f)
{
    int32_t id = -1;
    uint32_t cb = 0;
    if (JetRetrieveColumn(f->ses, f->tab, f->id, &id, sizeof id, &cb, 0, NULL) != JET_errSuccess)
        return -1;
    return id;
}

/* fx_seek -- MakeKey(id) + Seek(grbit). */
static JET_ERR fx_seek(struct fx *f, int32_t id, JET_GRBIT grbit)
{
    JET_ERR err = JetMakeKey(f->ses, f->tab, &id, sizeof id, JET_bitNewKey);
    if (err < 0)
        return err;
    return JetSeek(f->ses, f->tab, grbit);
}
/* ---- end of fixture ---- */

#endif
