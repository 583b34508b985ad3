/*
 * fuzz_data.c -- the API fuzzer's data half: the handle layer of the data
 * APIs, databases, DDL and the info calls, and the hooks that keep the data
 * model in step with sessions and transactions (model: fuzz_data.h).
 *
 * THE ORACLE FOR A DATA CALL
 *   1. The session handle: ses_expect() of fuzz_api.c (forged / ended /
 *      terminated handles, stopped instances, a transaction owned by another
 *      context). Exact.
 *   2. The table handle (JET_TABLEID): a handle this input never obtained,
 *      or one closed (JetCloseTable, the rollback of the level it was opened
 *      at, JetEndSession, JetTerm) -> JET_errInvalidTableId; a live handle
 *      of another session -> JET_errSesidTableIdMismatch. Exact.
 *   3. The database id: valid for a session while it has an unclosed
 *      JetOpenDatabase / JetCreateDatabase of it, else
 *      JET_errInvalidDatabaseId. Exact.
 *   4. Argument checks (a NULL pointer the function requires, a grbit with
 *      unknown bits) come before or after the handle checks in ESE with no
 *      documented order, so when the input passes one, InvalidParameter and
 *      InvalidGrbit join the set.
 *   5. With every handle valid, the call may succeed or return one of the
 *      codes ESE documents for the function (the F_* tables; the pages of
 *      learn.microsoft.com "Extensible Storage Engine" per function, plus
 *      the README's compatibility notes, e.g. FeatureNotAvailable for the
 *      info levels that return a temp table).
 *   Databases are exact: create, attach, detach, open and close are
 *   predicted from the model (path validity, duplicate, not found, in use).
 *   Any other code abort()s: a finding, to be judged engine or oracle.
 */
#include <string.h>

#include "fuzz_data.h"

struct dmodel D;

/* ---- handle selection -------------------------------------------------- */

/* pick_tab -- TSEL: a tracked, closed or forged table handle */
JET_TABLEID pick_tab(struct rd *r)
{
    uint8_t b = u8(r);
    int kind = b & 7, idx = b >> 3;
    const struct m_tab *t = &D.tab[idx % FZ_TSLOTS];
    uint64_t live = t->live ? t->h : 0;
    if (kind == SEL_LIVE)
        return live;
    if (kind == SEL_DEAD)
        return D.n_dead_tab ? D.dead_tab[idx % D.n_dead_tab].h : 0;
    return forge(r, kind, live);
}

/* pick_db -- DSEL: a model dbid, a small raw value, or a forged one */
JET_DBID pick_db(struct rd *r)
{
    uint8_t b = u8(r);
    int kind = b & 7, idx = b >> 3;
    const struct m_db *d = &D.db[idx % FZ_DBS];
    uint32_t live = d->used ? d->dbid : 0;
    switch (kind) {
    case SEL_LIVE:
        return live;
    case SEL_DEAD:
        return (JET_DBID)idx;
    case SEL_RANDOM:
        return (JET_DBID)(u64(r) & 0xFFFFFFFFu);
    default:
        return (JET_DBID)forge(r, kind, live);
    }
}

/* pick_colid -- COL: an id the engine returned, or a fixed interesting one */
JET_COLUMNID pick_colid(struct rd *r)
{
    uint8_t b = u8(r);
    if (b & 8)
        return fz_colids[b % FZ_N_COLIDS];
    return D.n_colids ? D.colids[(b & 7) % D.n_colids] : 0;
}

/* colid_remember -- keep the last FZ_COLIDS column ids the engine gave, for COL */
void colid_remember(JET_COLUMNID id)
{
    if (g_threaded)
        return;
    D.colids[D.n_colids % FZ_COLIDS] = id;
    if (D.n_colids < FZ_COLIDS)
        D.n_colids++;
    else
        memmove(D.colids, D.colids + 1, (FZ_COLIDS - 1) * sizeof(D.colids[0])),
            D.colids[FZ_COLIDS - 1] = id;
}

/* data_arg -- DATA: a buffer of fz_data's length and fill (NULL for entry 0) */
const void *data_arg(struct rd *r, uint32_t *len)
{
    static _Thread_local uint8_t buf[5000];
    int i = u8(r) % FZ_N_DATA;
    *len = fz_data[i].len;
    if (i == D_NULL)
        return NULL;
    memset(buf, fz_data[i].fill, fz_data[i].len);
    return buf;
}

/* name_ok -- a name ESE accepts: non-empty, at most 64 bytes, no leading space */
int name_ok(const char *name)
{
    return name && name[0] && name[0] != ' ' && strlen(name) <= JET_cbNameMost;
}

/* ---- the call skeleton ------------------------------------------------- */

/* call_ses -- step 1 of the essay: the session handle */
void call_ses(struct call *c, JET_SESID sid)
{
    memset(c, 0, sizeof *c);
    c->sid = sid;
    c->t = c->t_any = -1;
    c->s = ses_expect(sid, E_NORMAL, &c->x);
    c->clean = c->s >= 0 && c->x.n == 0;
}

/* call_tab -- session, then the table handle (step 2 of the essay) */
void call_tab(struct call *c, JET_SESID sid, JET_TABLEID tid)
{
    call_ses(c, sid);
    c->tid = tid;
    if (c->s < 0)
        return;
    for (int i = 0; i < FZ_TSLOTS; i++) {
        if (D.tab[i].live && D.tab[i].h == tid) {
            c->t_any = i;
            if (D.tab[i].ses != c->s) {
                if (c->x.n == 0)
                    ex_add(&c->x, JET_errSesidTableIdMismatch);
                c->clean = 0;
                return;
            }
            c->t = i;
            return;
        }
    }
    if (c->x.n == 0)
        ex_add(&c->x, JET_errInvalidTableId);
    c->clean = 0;
}

/* call_db -- a dbid the session must have open (step 3); 1 if it has */
int call_db(struct call *c, JET_DBID dbid)
{
    if (!c->clean)
        return 0;
    if (dbid < 1 || dbid > FZ_DBID_MAX || D.open[c->s][dbid] == 0) {
        ex_add(&c->x, JET_errInvalidDatabaseId);
        c->clean = 0;
        return 0;
    }
    return 1;
}

/* call_args -- step 4: an argument error may be reported before the handles */
void call_args(struct call *c, int badarg)
{
    if (badarg) {
        ex_add(&c->x, JET_errInvalidParameter);
        ex_add(&c->x, JET_errInvalidGrbit);
    }
}

/* call_name -- an object name the call needs; a bad one is an argument
 * error with no documented order against the dbid check */
void call_name(struct call *c, int ok)
{
    if (ok || c->s < 0 || (c->x.n && c->clean == 0))
        return;
    ex_add(&c->x, JET_errInvalidName);
    ex_add(&c->x, JET_errInvalidParameter);
    c->badname = 1;
}

/* call_fn -- step 5: with clean handles, success or a documented code */
void call_fn(struct call *c, const JET_ERR *set)
{
    if (!c->clean || c->badname)
        return;
    ex_add(&c->x, JET_errInvalidParameter);
    ex_add(&c->x, JET_errInvalidGrbit);
    ex_addv(&c->x, set);
    c->x.either = 1;
}

/* ---- tables and databases of the model --------------------------------- */

/* free_tab_slot -- a slot for a new table handle, -1 when all are live (the op is skipped) */
int free_tab_slot(void)
{
    for (int i = 0; i < FZ_TSLOTS; i++)
        if (!D.tab[i].live)
            return i;
    return -1;
}

/* tab_track -- a handle the engine just returned: new, never 0 or nil */
void tab_track(int slot, JET_TABLEID h, int s, int temp)
{
    if (h == 0 || h == JET_tableidNil || find_dead(D.dead_tab, D.n_dead_tab, h))
        fail("table handle 0x%llx is 0, nil, or reused", (unsigned long long)h);
    for (int i = 0; i < FZ_TSLOTS; i++)
        if (D.tab[i].live && D.tab[i].h == h)
            fail("table handle 0x%llx returned twice", (unsigned long long)h);
    D.tab[slot] = (struct m_tab){1, h, s, M.ses[s].level, temp};
}

/* tab_close -- the handle is dead from now on: it joins the history */
void tab_close(int t)
{
    remember(D.dead_tab, &D.n_dead_tab, D.tab[t].h, FATE_ENDED);
    D.tab[t].live = 0;
}

int ses_ins(int s) { return M.ses[s].ins; }

/* db_find -- the model database of an instance with that name, or -1 */
int db_find(int ins, int name)
{
    for (int i = 0; i < FZ_DBS; i++)
        if (D.db[i].used && D.db[i].ins == ins && D.db[i].name == name)
            return i;
    return -1;
}

/* db_new -- record a created database; its dbid must be new in the instance */
int db_new(int ins, int name, JET_DBID dbid)
{
    if (dbid < 1 || dbid > FZ_DBID_MAX)
        fail("database id %u out of 1..%d", dbid, FZ_DBID_MAX);
    int slot = -1;
    for (int i = 0; i < FZ_DBS; i++) {
        if (D.db[i].used && D.db[i].ins == ins && D.db[i].dbid == dbid)
            fail("database id %u given twice", dbid);
        if (!D.db[i].used && slot < 0)
            slot = i;
    }
    if (slot < 0)
        fail("more than %d databases", FZ_DBS);
    D.db[slot] = (struct m_db){1, ins, name, dbid, 1};
    return slot;
}

/* db_count -- databases an instance has (attached or not): the engine caps them */
static int db_count(int ins)
{
    int n = 0;
    for (int i = 0; i < FZ_DBS; i++)
        n += D.db[i].used && D.db[i].ins == ins;
    return n;
}

/* db_in_use -- some session of the instance has it open */
static int db_in_use(const struct m_db *d)
{
    for (int s = 0; s < FZ_SLOTS; s++)
        if (M.ses[s].live && M.ses[s].ins == d->ins && D.open[s][d->dbid])
            return 1;
    return 0;
}

static int path_ok(const char *p) { return p && p[0] && p[0] != ' '; }

/* ---- hooks from the foundation ----------------------------------------- */

/* fzd_reset -- each input starts with an empty data model */
void fzd_reset(void)
{
    memset(&D, 0, sizeof D);
    kv_reset();
}

/* fzd_session_gone -- JetEndSession / JetTerm closed its cursors, temp tables, dbids */
void fzd_session_gone(int s)
{
    for (int t = 0; t < FZ_TSLOTS; t++)
        if (D.tab[t].live && D.tab[t].ses == s)
            tab_close(t);
    memset(D.open[s], 0, sizeof D.open[s]);
    kv_session_gone(s);
}

/* fzd_instance_gone -- JetTerm freed every database of the instance */
void fzd_instance_gone(int ii)
{
    for (int i = 0; i < FZ_DBS; i++)
        if (D.db[i].used && D.db[i].ins == ii)
            memset(&D.db[i], 0, sizeof D.db[i]);
    kv_instance_gone(ii);
}

/* fzd_begin -- a level-0 begin takes the kv snapshot */
/* fzd_begin -- a level-0 begin takes the kv snapshot */
void fzd_begin(int s, JET_GRBIT grbit) { kv_begin(s, grbit); }

/* fzd_commit -- handles opened at the committed level now belong to the parent */
void fzd_commit(int s)
{
    int l = M.ses[s].level;
    for (int t = 0; t < FZ_TSLOTS; t++)
        if (D.tab[t].live && D.tab[t].ses == s && D.tab[t].level == l)
            D.tab[t].level = l - 1;
    kv_commit(s);
}

/* fzd_rollback -- a rollback closes what was opened at the levels it undoes */
void fzd_rollback(int s, int all)
{
    int from = all ? 1 : M.ses[s].level;
    for (int t = 0; t < FZ_TSLOTS; t++)
        if (D.tab[t].live && D.tab[t].ses == s && D.tab[t].level >= from)
            tab_close(t);
    kv_rollback(s, all);
}

/* ---- databases ---------------------------------------------------------- */

/* op_db_create -- JetCreateDatabase(2): exact (path, duplicate, count) */
static void op_db_create(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    int name = u8(r) % FZ_N_DBNAMES, flg = u8(r);
    JET_GRBIT grbit = grbit_arg(r);
    const JET_GRBIT known = JET_bitDbRecoveryOff | JET_bitDbShadowingOff |
                            JET_bitDbOverwriteExisting;
    struct call c;
    call_ses(&c, sid);
    if (flg & 1)
        ex_add(&c.x, JET_errInvalidParameter);
    if (grbit & ~known)
        ex_add(&c.x, JET_errInvalidGrbit);
    if (c.clean && c.x.n == 0) {
        int ii = ses_ins(c.s);
        if (!path_ok(fz_dbnames[name]))
            ex_add(&c.x, JET_errInvalidPath);
        else if (db_find(ii, name) >= 0)
            ex_add(&c.x, JET_errDatabaseDuplicate);
        else if (db_count(ii) >= FZ_DBID_MAX)
            ex_add(&c.x, JET_errTooManyAttachedDatabases);
    }
    JET_DBID dbid = 0x55;
    JET_DBID *p = (flg & 1) ? NULL : &dbid;
    JET_ERR err = (flg & 2) ? JetCreateDatabase2(sid, fz_dbnames[name], 0, p, grbit)
                            : JetCreateDatabase(sid, fz_dbnames[name], NULL, p, grbit);
    check(&c.x, err, "JetCreateDatabase", sid);
    if (err == JET_errSuccess) {
        db_new(ses_ins(c.s), name, dbid);
        D.open[c.s][dbid]++;
    }
}

/* op_db_attach -- JetAttachDatabase(2): exact (not found, already attached) */
static void op_db_attach(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    int name = u8(r) % FZ_N_DBNAMES, flg = u8(r);
    JET_GRBIT grbit = grbit_arg(r);
    const JET_GRBIT known = JET_bitDbReadOnly | JET_bitDbExclusive |
                            JET_bitDbDeleteCorruptIndexes | JET_bitDbUpgrade |
                            JET_bitDbDeleteUnicodeIndexes |
                            JET_bitDbEnableBackgroundMaintenance | JET_bitDbPurgeCacheOnAttach;
    struct call c;
    call_ses(&c, sid);
    int d = -1;
    if (grbit & ~known)
        ex_add(&c.x, JET_errInvalidGrbit);
    if (c.clean && c.x.n == 0) {
        d = db_find(ses_ins(c.s), name);
        if (!path_ok(fz_dbnames[name]))
            ex_add(&c.x, JET_errInvalidPath);
        else if (d < 0)
            ex_add(&c.x, JET_errFileNotFound);
        else if (D.db[d].attached)
            ex_add(&c.x, JET_wrnDatabaseAttached);
    }
    JET_ERR err = (flg & 1) ? JetAttachDatabase2(sid, fz_dbnames[name], 0, grbit)
                            : JetAttachDatabase(sid, fz_dbnames[name], grbit);
    check(&c.x, err, "JetAttachDatabase", sid);
    if (err == JET_errSuccess)
        D.db[d].attached = 1;
}

/* op_db_detach -- JetDetachDatabase(2): exact (NULL = all, or none if one is open) */
static void op_db_detach(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    int name = u8(r) % FZ_N_DBNAMES, flg = u8(r);
    JET_GRBIT grbit = grbit_arg(r);
    struct call c;
    call_ses(&c, sid);
    int all = !fz_dbnames[name] || !fz_dbnames[name][0], d = -1, ii = -1;
    if (!(flg & 1))
        grbit = 0;
    if (grbit & ~(JET_GRBIT)JET_bitForceCloseAndDetach)
        ex_add(&c.x, JET_errInvalidGrbit);
    if (c.clean && c.x.n == 0) {
        ii = ses_ins(c.s);
        if (all) {
            for (int i = 0; i < FZ_DBS; i++)
                if (D.db[i].used && D.db[i].ins == ii && D.db[i].attached && db_in_use(&D.db[i]))
                    ex_add(&c.x, JET_errDatabaseInUse);
        } else {
            d = db_find(ii, name);
            if (d < 0 || !D.db[d].attached)
                ex_add(&c.x, JET_errDatabaseNotFound);
            else if (db_in_use(&D.db[d]))
                ex_add(&c.x, JET_errDatabaseInUse);
        }
    }
    JET_ERR err = (flg & 1) ? JetDetachDatabase2(sid, fz_dbnames[name], grbit)
                            : JetDetachDatabase(sid, fz_dbnames[name]);
    check(&c.x, err, "JetDetachDatabase", sid);
    if (err != JET_errSuccess)
        return;
    for (int i = 0; i < FZ_DBS; i++)
        if (D.db[i].used && D.db[i].ins == ii && (all || i == d))
            D.db[i].attached = 0;
}

/* op_db_open -- JetOpenDatabase: exact; the dbid must be the one created */
static void op_db_open(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    int name = u8(r) % FZ_N_DBNAMES, flg = u8(r);
    JET_GRBIT grbit = grbit_arg(r);
    struct call c;
    call_ses(&c, sid);
    int d = -1;
    if (flg & 1)
        ex_add(&c.x, JET_errInvalidParameter);
    if (grbit & ~(JET_GRBIT)(JET_bitDbReadOnly | JET_bitDbExclusive))
        ex_add(&c.x, JET_errInvalidGrbit);
    if (c.clean && c.x.n == 0) {
        d = db_find(ses_ins(c.s), name);
        if (!path_ok(fz_dbnames[name]))
            ex_add(&c.x, JET_errInvalidPath);
        else if (d < 0 || !D.db[d].attached)
            ex_add(&c.x, JET_errDatabaseNotFound);
        else if (grbit & JET_bitDbExclusive) { /* ESE: locked if others have it open */
            ex_add(&c.x, JET_errDatabaseLocked);
            c.x.either = 1;
        }
    }
    JET_DBID dbid = 0x55;
    JET_ERR err = JetOpenDatabase(sid, fz_dbnames[name], NULL, (flg & 1) ? NULL : &dbid, grbit);
    check(&c.x, err, "JetOpenDatabase", sid);
    if (err != JET_errSuccess)
        return;
    if (dbid != D.db[d].dbid)
        fail("JetOpenDatabase gave dbid %u, the database has %u", dbid, D.db[d].dbid);
    D.open[c.s][dbid]++;
}

/* op_db_close -- JetCloseDatabase: exact (the session must have it open) */
static void op_db_close(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    JET_DBID dbid = pick_db(r);
    JET_GRBIT grbit = grbit_arg(r);
    struct call c;
    call_ses(&c, sid);
    call_db(&c, dbid);
    JET_ERR err = JetCloseDatabase(sid, dbid, grbit);
    check(&c.x, err, "JetCloseDatabase", sid);
    if (err == JET_errSuccess)
        D.open[c.s][dbid]--;
}

/* ---- DDL ----------------------------------------------------------------- */

static const JET_ERR F_CREATE_TABLE[] = {
    JET_errTableDuplicate, JET_errInvalidName, JET_errPermissionDenied,
    JET_errTooManyOpenTables, JET_errOutOfCursors, JET_errTransReadOnly,
    JET_errObjectNotFound, JET_errColumnDuplicate, JET_errIndexDuplicate,
    JET_errInvalidColumnType, JET_errColumnNotFound, JET_errIndexInvalidDef,
    JET_errIndexHasPrimary, JET_errInvalidCodePage, JET_errTooManyColumns,
    JET_errFeatureNotAvailable, JET_errInvalidLanguageId, JET_errColumnTooBig,
    JET_errMultiValuedColumnMustBeTagged, JET_errDefaultValueTooBig, JET_errTaggedNotNULL,
    JET_errInvalidColumnType, JET_errIndexTuplesSecondaryIndexOnly, JET_errTooManyIndexes,
    JET_errKeyDuplicate, JET_errWriteConflict, JET_errCannotIndex, 0};
static const JET_ERR F_DELETE_TABLE[] = {
    JET_errObjectNotFound, JET_errTableInUse, JET_errTableLocked, JET_errInvalidName,
    JET_errPermissionDenied, JET_errTransReadOnly, JET_errWriteConflict, 0};
static const JET_ERR F_ADD_COLUMN[] = {
    JET_errColumnDuplicate, JET_errInvalidName, JET_errInvalidColumnType,
    JET_errInvalidCodePage, JET_errColumnTooBig, JET_errTooManyColumns,
    JET_errPermissionDenied, JET_errTableLocked, JET_errTableInUse,
    JET_errDefaultValueTooBig, JET_errMultiValuedColumnMustBeTagged, JET_errTaggedNotNULL,
    JET_errFeatureNotAvailable, JET_errIllegalOperation, JET_errInvalidLanguageId,
    JET_errWriteConflict, JET_errTransReadOnly, JET_errInvalidBufferSize,
    JET_errColumnRedundant, JET_errFixedDDL, JET_errAlreadyPrepared,
    JET_wrnColumnMaxTruncated, /* cbMax of a Text/Binary column cut to JET_cbColumnMost */
    0};
static const JET_ERR F_DELETE_COLUMN[] = {
    JET_errColumnNotFound, JET_errColumnInUse, JET_errColumnIndexed, JET_errPermissionDenied,
    JET_errInvalidName, JET_errTableLocked, JET_errTableInUse, JET_errIllegalOperation,
    JET_errWriteConflict, JET_errTransReadOnly, JET_errFixedDDL, JET_errAlreadyPrepared, 0};
static const JET_ERR F_CREATE_INDEX[] = {
    JET_errIndexDuplicate, JET_errIndexHasPrimary, JET_errIndexInvalidDef,
    JET_errColumnNotFound, JET_errInvalidName, JET_errKeyDuplicate, JET_errInvalidLanguageId,
    JET_errFeatureNotAvailable, JET_errTooManyIndexes, JET_errWriteConflict,
    JET_errPermissionDenied, JET_errTableLocked, JET_errTableInUse, JET_errIllegalOperation,
    JET_errTransReadOnly, JET_errCannotIndex, JET_errIndexTuplesSecondaryIndexOnly,
    JET_errNullKeyDisallowed, JET_errInvalidCodePage, JET_errFixedDDL,
    JET_errVersionStoreOutOfMemory, JET_errAlreadyPrepared,
    JET_errKeyTooBig, JET_errTooManyKeys, 0};
static const JET_ERR F_DELETE_INDEX[] = {
    JET_errIndexNotFound, JET_errIndexMustStay, JET_errIndexInUse, JET_errInvalidName,
    JET_errPermissionDenied, JET_errTableLocked, JET_errTableInUse, JET_errIllegalOperation,
    JET_errWriteConflict, JET_errTransReadOnly, JET_errFixedDDL, JET_errAlreadyPrepared, 0};
static const JET_ERR F_INFO[] = {
    JET_errBufferTooSmall, JET_errInvalidBufferSize, JET_errFeatureNotAvailable,
    JET_errColumnNotFound, JET_errIndexNotFound, JET_errObjectNotFound, JET_errInvalidName,
    JET_wrnBufferTruncated, JET_errIllegalOperation, JET_errNoCurrentIndex, 0};

/* op_tbl_create -- JetCreateTable: the new cursor is tracked */
static void op_tbl_create(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    JET_DBID dbid = pick_db(r);
    int tn = u8(r) % FZ_N_TNAMES, flg = u8(r);
    int slot = free_tab_slot();
    if (slot < 0)
        return; /* every slot holds a live handle: keep the model complete */
    struct call c;
    call_ses(&c, sid);
    call_name(&c, name_ok(fz_tnames[tn]));
    call_db(&c, dbid);
    call_args(&c, flg & 1);
    call_fn(&c, F_CREATE_TABLE);
    JET_TABLEID tid = 0x55;
    JET_ERR err = JetCreateTable(sid, dbid, fz_tnames[tn], 0, 0, (flg & 1) ? NULL : &tid);
    check(&c.x, err, "JetCreateTable", sid);
    if (err == JET_errSuccess)
        tab_track(slot, tid, c.s, 0);
}

/* shape_build -- fixed table shapes for JetCreateTableColumnIndex */
struct shape {
    JET_COLUMNCREATE_A col[4];
    JET_INDEXCREATE2_A idx[2];
    int ncol, nidx;
};

/* shape_build -- fixed shapes for JetCreateTableColumnIndex: 0 and 1 are
 * valid, 2-7 each break one rule */
static void shape_build(int which, struct shape *sh)
{
    static char k[] = "k", v[] = "v", c[] = "c", tg[] = "tg";
    static char pk[] = "pk", ix[] = "ix", kk[] = "+k\0", kv[] = "+v\0", kc[] = "-c\0+k\0";
    static char nope[] = "+nope\0";
    memset(sh, 0, sizeof *sh);
    for (int i = 0; i < 4; i++)
        sh->col[i].cbStruct = sizeof(JET_COLUMNCREATE_A);
    for (int i = 0; i < 2; i++)
        sh->idx[i].cbStruct = sizeof(JET_INDEXCREATE_A);
    sh->col[0] = (JET_COLUMNCREATE_A){sizeof(JET_COLUMNCREATE_A), k, JET_coltypLong, 0,
                                      JET_bitColumnFixed, NULL, 0, 0, 0, 0};
    sh->col[1] = (JET_COLUMNCREATE_A){sizeof(JET_COLUMNCREATE_A), v, JET_coltypText, 255, 0,
                                      NULL, 0, 1252, 0, 0};
    sh->col[2] = (JET_COLUMNCREATE_A){sizeof(JET_COLUMNCREATE_A), c, JET_coltypCurrency, 0, 0,
                                      NULL, 0, 0, 0, 0};
    sh->col[3] = (JET_COLUMNCREATE_A){sizeof(JET_COLUMNCREATE_A), tg, JET_coltypBinary, 64,
                                      JET_bitColumnTagged | JET_bitColumnMultiValued, NULL, 0,
                                      0, 0, 0};
    sh->idx[0].szIndexName = pk;
    sh->idx[0].szKey = kk;
    sh->idx[0].cbKey = sizeof kk;
    sh->idx[0].grbit = JET_bitIndexPrimary;
    sh->idx[1].szIndexName = ix;
    sh->idx[1].szKey = kv;
    sh->idx[1].cbKey = sizeof kv;
    sh->ncol = 4;
    sh->nidx = 2;
    switch (which) {
    case 0: /* the full shape */
        break;
    case 1: /* no index */
        sh->nidx = 0;
        break;
    case 2: /* duplicate column name */
        sh->col[2].szColumnName = k;
        break;
    case 3: /* index on a missing column */
        sh->idx[1].szKey = nope;
        sh->idx[1].cbKey = sizeof nope;
        break;
    case 4: /* two primary indexes */
        sh->idx[1].grbit = JET_bitIndexPrimary;
        break;
    case 5: /* no columns, no index */
        sh->ncol = 0;
        sh->nidx = 0;
        break;
    case 6: /* a bad column type, a unique two-column index */
        sh->col[2].coltyp = 0;
        sh->idx[1].szKey = kc;
        sh->idx[1].cbKey = sizeof kc;
        sh->idx[1].grbit = JET_bitIndexUnique;
        break;
    default: /* bad cbStruct in a column */
        sh->col[1].cbStruct = 3;
        break;
    }
}

/* op_tbl_create_ci -- JetCreateTableColumnIndex / 3 with a shape */
static void op_tbl_create_ci(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    JET_DBID dbid = pick_db(r);
    int which = u8(r) % 8, tn = u8(r) % FZ_N_TNAMES, flg = u8(r);
    JET_GRBIT grbit = grbit_arg(r);
    int slot = free_tab_slot(), variant = 1 + ((flg >> 2) & 3) % 3;
    if (slot < 0)
        return;
    struct shape sh;
    shape_build(which, &sh);
    char *name = (char *)fz_tnames[tn];
    struct call c;
    call_ses(&c, sid);
    call_name(&c, name_ok(name));
    call_db(&c, dbid);
    call_args(&c, (flg & 3) || grbit || which >= 2); /* a bad shape is an argument error */
    if (which >= 2 && c.s >= 0 && !c.clean)
        ex_addv(&c.x, F_CREATE_TABLE);
    call_fn(&c, F_CREATE_TABLE);
    JET_ERR err;
    JET_TABLEID tid = 0x55;
    if (variant == 3) {
        JET_TABLECREATE3_A tc;
        memset(&tc, 0, sizeof tc);
        tc.cbStruct = (flg & 2) ? 7 : sizeof tc;
        tc.szTableName = name;
        tc.rgcolumncreate = sh.col;
        tc.cColumns = sh.ncol;
        for (int i = 0; i < 2; i++)
            sh.idx[i].cbStruct = sizeof(JET_INDEXCREATE2_A);
        tc.rgindexcreate = sh.idx;
        tc.cIndexes = sh.nidx;
        tc.grbit = grbit;
        err = JetCreateTableColumnIndex3(sid, dbid, (flg & 1) ? NULL : &tc);
        tid = tc.tableid;
    } else {
        JET_INDEXCREATE_A idx[2];
        for (int i = 0; i < 2; i++)
            memcpy(&idx[i], &sh.idx[i], sizeof idx[i]);
        JET_TABLECREATE_A tc;
        memset(&tc, 0, sizeof tc);
        tc.cbStruct = (flg & 2) ? 7 : sizeof tc;
        tc.szTableName = name;
        tc.rgcolumncreate = sh.col;
        tc.cColumns = sh.ncol;
        tc.rgindexcreate = idx;
        tc.cIndexes = sh.nidx;
        tc.grbit = grbit;
        err = JetCreateTableColumnIndex(sid, dbid, (flg & 1) ? NULL : &tc);
        tid = tc.tableid;
    }
    check(&c.x, err, "JetCreateTableColumnIndex", sid);
    if (err != JET_errSuccess)
        return;
    tab_track(slot, tid, c.s, 0);
    for (int i = 0; i < sh.ncol; i++)
        colid_remember(sh.col[i].columnid);
}

/* op_tbl_delete -- JetDeleteTable */
static void op_tbl_delete(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    JET_DBID dbid = pick_db(r);
    int tn = u8(r) % FZ_N_TNAMES;
    struct call c;
    call_ses(&c, sid);
    call_name(&c, name_ok(fz_tnames[tn]));
    call_db(&c, dbid);
    call_fn(&c, F_DELETE_TABLE);
    check(&c.x, JetDeleteTable(sid, dbid, fz_tnames[tn]), "JetDeleteTable", sid);
}

/* op_col_add -- JetAddColumn with a fz_coldefs definition */
static void op_col_add(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    JET_TABLEID tid = pick_tab(r);
    int cn = u8(r) % FZ_N_CNAMES, cd = u8(r) % FZ_N_COLDEFS, flg = u8(r);
    JET_COLUMNDEF def;
    memset(&def, 0, sizeof def);
    def.cbStruct = sizeof def;
    def.coltyp = fz_coldefs[cd].coltyp;
    def.cbMax = fz_coldefs[cd].cbMax;
    def.grbit = fz_coldefs[cd].grbit;
    int32_t dflt = 5;
    struct call c;
    call_tab(&c, sid, tid);
    call_args(&c, flg & 3);
    call_fn(&c, F_ADD_COLUMN);
    JET_COLUMNID id = 0;
    JET_ERR err = JetAddColumn(sid, tid, fz_cnames[cn], (flg & 1) ? NULL : &def,
                               (flg & 4) ? &dflt : NULL, (flg & 4) ? 4 : 0,
                               (flg & 2) ? NULL : &id);
    check(&c.x, err, "JetAddColumn", tid);
    if (err == JET_errSuccess && !(flg & 2))
        colid_remember(id);
}

/* op_col_delete -- JetDeleteColumn / 2 */
static void op_col_delete(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    JET_TABLEID tid = pick_tab(r);
    int cn = u8(r) % FZ_N_CNAMES, v2 = u8(r) & 1;
    JET_GRBIT grbit = grbit_arg(r);
    struct call c;
    call_tab(&c, sid, tid);
    call_args(&c, v2 && grbit & ~(JET_GRBIT)JET_bitDeleteColumnIgnoreTemplateColumns);
    call_fn(&c, F_DELETE_COLUMN);
    JET_ERR err = v2 ? JetDeleteColumn2(sid, tid, fz_cnames[cn], grbit)
                     : JetDeleteColumn(sid, tid, fz_cnames[cn]);
    check(&c.x, err, "JetDeleteColumn", tid);
}

/* op_idx_create -- JetCreateIndex with a fz_ikeys key */
static void op_idx_create(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    JET_TABLEID tid = pick_tab(r);
    int in = u8(r) % FZ_N_INAMES, ik = u8(r) % FZ_N_IKEYS;
    JET_GRBIT grbit = grbit_arg(r) ^ fz_ikeys[ik].grbit;
    struct call c;
    call_tab(&c, sid, tid);
    call_args(&c, 1);
    call_fn(&c, F_CREATE_INDEX);
    JET_ERR err = JetCreateIndex(sid, tid, fz_inames[in], grbit, fz_ikeys[ik].key,
                                 fz_ikeys[ik].cb, 0);
    check(&c.x, err, "JetCreateIndex", tid);
}

/* op_idx_delete -- JetDeleteIndex */
static void op_idx_delete(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    JET_TABLEID tid = pick_tab(r);
    int in = u8(r) % FZ_N_INAMES;
    struct call c;
    call_tab(&c, sid, tid);
    call_fn(&c, F_DELETE_INDEX);
    check(&c.x, JetDeleteIndex(sid, tid, fz_inames[in]), "JetDeleteIndex", tid);
}

/* ---- info ----------------------------------------------------------------- */

/* level_arg -- an info level that returns a temp table in ESE (README:
 * FeatureNotAvailable) or that ESE does not define (InvalidParameter) is
 * an argument error: it may be reported before the handles are looked at */
static void level_arg(struct call *c, int implemented)
{
    if (!implemented) {
        ex_add(&c->x, JET_errFeatureNotAvailable);
        ex_add(&c->x, JET_errInvalidParameter);
    }
}

/* op_tbl_info -- JetGetTableInfo at a fuzzed level and buffer size */
static void op_tbl_info(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    JET_TABLEID tid = pick_tab(r);
    uint32_t cb = fz_cbs[u8(r) % FZ_N_CBS];
    uint32_t lvl = fz_tlevels[u8(r) % FZ_N_TLEVELS];
    int flg = u8(r);
    uint64_t buf[160];
    struct call c;
    call_tab(&c, sid, tid);
    call_args(&c, flg & 1);
    level_arg(&c, lvl == JET_TblInfoName || lvl == JET_TblInfoDbid);
    call_fn(&c, F_INFO);
    JET_ERR err = JetGetTableInfo(sid, tid, (flg & 1) ? NULL : buf, cb, lvl);
    check(&c.x, err, "JetGetTableInfo", tid);
}

/* op_col_idx_info -- JetGet(Table)ColumnInfo / JetGet(Table)IndexInfo */
static void op_col_idx_info(struct rd *r, int index)
{
    JET_SESID sid = pick_ses(r);
    int flg = u8(r);
    JET_TABLEID tid = pick_tab(r);
    JET_DBID dbid = pick_db(r);
    int tn = u8(r) % FZ_N_TNAMES;
    int on = u8(r) % (index ? FZ_N_INAMES : FZ_N_CNAMES);
    uint32_t cb = fz_cbs[u8(r) % FZ_N_CBS];
    uint32_t lvl = index ? fz_ilevels[u8(r) % FZ_N_ILEVELS] : fz_clevels[u8(r) % FZ_N_CLEVELS];
    const char *obj = index ? fz_inames[on] : fz_cnames[on];
    uint32_t base = lvl & 0xFFFF;
    JET_COLUMNID idarg;
    if (!index && obj && (base == JET_ColInfoByColid || base == JET_ColInfoBaseByColid)) {
        /* At these levels pColumnNameOrId points at a JET_COLUMNID (ESE's
         * contract; no engine can check a pointer's size): a remembered id,
         * or a fixed one, chosen by the name byte. */
        idarg = (on & 1) || !D.n_colids ? fz_colids[on % FZ_N_COLIDS]
                                        : D.colids[(on >> 1) % D.n_colids];
        obj = (const char *)&idarg;
    }
    uint64_t buf[160];
    void *pv = (flg & 2) ? NULL : buf;
    struct call c;
    if (flg & 1) {
        call_ses(&c, sid);
        call_db(&c, dbid);
    } else {
        call_tab(&c, sid, tid);
        }
    call_args(&c, flg & 2);
    level_arg(&c, index ? base == JET_IdxInfoCount || base == JET_IdxInfoKeyMost ||
                              base == JET_IdxInfoVarSegMac || base == JET_IdxInfoLCID
                        : base == JET_ColInfo || base == JET_ColInfoBase ||
                              base == JET_ColInfoByColid || base == JET_ColInfoBaseByColid);
    call_fn(&c, F_INFO);
    JET_ERR err;
    if (index)
        err = (flg & 1) ? JetGetIndexInfo(sid, dbid, fz_tnames[tn], obj, pv, cb, lvl)
                        : JetGetTableIndexInfo(sid, tid, obj, pv, cb, lvl);
    else
        err = (flg & 1) ? JetGetColumnInfo(sid, dbid, fz_tnames[tn], obj, pv, cb, lvl)
                        : JetGetTableColumnInfo(sid, tid, obj, pv, cb, lvl);
    check(&c.x, err, index ? "JetGetIndexInfo" : "JetGetColumnInfo", sid);
}

/* ---- dispatch --------------------------------------------------------------- */

/* fzd_run -- run one data opcode */
int fzd_run(int op, struct rd *r)
{
    static const char *const names[] = {
        "db_create", "db_attach", "db_detach", "db_open", "db_close", "tbl_create",
        "tbl_create_ci", "tbl_delete", "col_add", "col_delete", "idx_create", "idx_delete"};
    if (op >= OP_DB_CREATE && op <= OP_IDX_DELETE)
        g_op_name = names[op - OP_DB_CREATE];
    switch (op) {
    case OP_DB_CREATE: op_db_create(r); return 1;
    case OP_DB_ATTACH: op_db_attach(r); return 1;
    case OP_DB_DETACH: op_db_detach(r); return 1;
    case OP_DB_OPEN: op_db_open(r); return 1;
    case OP_DB_CLOSE: op_db_close(r); return 1;
    case OP_TBL_CREATE: op_tbl_create(r); return 1;
    case OP_TBL_CREATE_CI: op_tbl_create_ci(r); return 1;
    case OP_TBL_DELETE: op_tbl_delete(r); return 1;
    case OP_COL_ADD: op_col_add(r); return 1;
    case OP_COL_DELETE: op_col_delete(r); return 1;
    case OP_IDX_CREATE: op_idx_create(r); return 1;
    case OP_IDX_DELETE: op_idx_delete(r); return 1;
    case OP_TBL_INFO: g_op_name = "tbl_info"; op_tbl_info(r); return 1;
    case OP_COL_INFO: g_op_name = "col_info"; op_col_idx_info(r, 0); return 1;
    case OP_IDX_INFO: g_op_name = "idx_info"; op_col_idx_info(r, 1); return 1;
    case OP_KV_PUT: case OP_KV_DEL: case OP_KV_GET: kv_op(op, r); return 1;
    default: return fzc_run(op, r);
    }
}

/* fzd_readonly_count, fzd_run_readonly -- the opcodes of fz_thread_ops
 * (fuzz_ops.h), which change nothing the model tracks: what the worker
 * threads of fuzz_threads.c may run */
int fzd_readonly_count(void) { return (int)FZ_N_THREAD_OPS; }

int fzd_run_readonly(int pick, struct rd *r)
{
    return fzd_run(fz_thread_ops[pick % (int)FZ_N_THREAD_OPS], r);
}
