/*
 * fuzz_cursor.c -- the API fuzzer's cursor, record and temp-table calls.
 *
 * Every call here takes a session and a table handle (a cursor on t0..t2,
 * or a temp table: the same JET_TABLEID space) and is judged as fuzz_data.c
 * describes: the handle layer exactly, then success or one of the codes
 * ESE documents for the function (the F_* lists below). Opening calls
 * (JetOpenTable, JetDupCursor, JetOpenTempTable*) and JetCloseTable keep
 * the model's table handles; the rest change nothing the model tracks, so
 * the worker threads of fuzz_threads.c may run them.
 */
#include <string.h>

#include "fuzz_data.h"

static const JET_ERR F_OPEN[] = {
    JET_errObjectNotFound, JET_errInvalidName, JET_errTooManyOpenTables, JET_errOutOfCursors,
    JET_errTableLocked, JET_errTableInUse, JET_errPermissionDenied, JET_errInvalidDatabaseId,
    JET_errIllegalOperation, 0};
static const JET_ERR F_INDEX[] = {
    JET_errIndexNotFound, JET_errInvalidName, JET_errIllegalOperation, JET_errNoCurrentRecord,
    JET_errInvalidIndexId, JET_errBadItagSequence, JET_errRecordNotFound,
    JET_errAlreadyPrepared, JET_errRecordDeleted, 0};
static const JET_ERR F_MOVE[] = {
    JET_errNoCurrentRecord, JET_errRecordDeleted, JET_errIllegalOperation, JET_errKeyNotMade,
    JET_errRecordNotFound, 0};
static const JET_ERR F_MAKE_KEY[] = {
    JET_errKeyIsMade, JET_errKeyNotMade, JET_errInvalidBufferSize, JET_errNoCurrentIndex,
    JET_wrnKeyChanged, JET_errKeyTruncated, JET_errIllegalOperation, JET_errKeyTooBig,
    JET_errInvalidColumnType, JET_errInvalidOperation, 0};
static const JET_ERR F_SEEK[] = {
    JET_errRecordNotFound, JET_errKeyNotMade, JET_wrnSeekNotEqual, JET_wrnUniqueKey,
    JET_errNoCurrentIndex, JET_errIllegalOperation, JET_errNoCurrentRecord, 0};
static const JET_ERR F_RANGE[] = {
    JET_errNoCurrentRecord, JET_errKeyNotMade, JET_errIllegalOperation, JET_errRecordNotFound,
    JET_errInvalidOperation, 0};
static const JET_ERR F_BOOKMARK[] = {
    JET_errBufferTooSmall, JET_errNoCurrentRecord, JET_errIllegalOperation,
    JET_wrnBufferTruncated, JET_errRecordDeleted, JET_errInvalidBookmark,
    JET_errRecordNotFound, 0};
static const JET_ERR F_RETRIEVE[] = {
    JET_errColumnNotFound, JET_errBadColumnId, JET_errNoCurrentRecord, JET_wrnColumnNull,
    JET_wrnBufferTruncated, JET_errBadItagSequence, JET_errInvalidBufferSize,
    JET_errRecordDeleted, JET_errIllegalOperation, JET_errKeyNotMade, JET_errNoCurrentIndex,
    JET_errBufferTooSmall, JET_errColumnIndexed, JET_wrnColumnSetNull, 0};
static const JET_ERR F_PREPARE[] = {
    JET_errAlreadyPrepared, JET_errNoCurrentRecord, JET_errUpdateNotPrepared,
    JET_errPermissionDenied, JET_errWriteConflict, JET_errIllegalOperation,
    JET_errRecordDeleted, JET_errTransReadOnly, JET_errVersionStoreOutOfMemory,
    JET_errNotInTransaction, 0};
static const JET_ERR F_SET_COLUMN[] = {
    JET_errUpdateNotPrepared, JET_errColumnNotFound, JET_errBadColumnId,
    JET_errInvalidBufferSize, JET_errColumnTooBig, JET_errNullInvalid,
    JET_errColumnNotUpdatable, JET_errMultiValuedColumnMustBeTagged,
    JET_errInvalidColumnType, JET_wrnColumnMaxTruncated, JET_errMultiValuedDuplicate,
    JET_errRecordTooBig, JET_errBadItagSequence, JET_errIllegalOperation,
    JET_errColumnIllegalNull, JET_errNoCurrentRecord, JET_errInvalidParameter,
    JET_errKeyTruncated, JET_errColumnCannotBeCompressed, JET_errLVCorrupted,
    JET_errMultiValuedDuplicateAfterTruncation, 0};
static const JET_ERR F_UPDATE[] = {
    JET_errUpdateNotPrepared, JET_errKeyDuplicate, JET_errNullKeyDisallowed,
    JET_errNullInvalid, JET_errWriteConflict, JET_errRecordTooBig, JET_errBufferTooSmall,
    JET_wrnBufferTruncated, JET_errVersionStoreOutOfMemory, JET_errNoCurrentRecord,
    JET_errRecordDeleted, JET_errKeyTooBig, JET_errTooManyKeys, JET_errIllegalOperation,
    JET_errPermissionDenied, JET_errTransReadOnly, JET_errRecordPrimaryChanged,
    JET_errColumnIllegalNull, JET_errKeyTruncated, 0};
static const JET_ERR F_DELETE[] = {
    JET_errNoCurrentRecord, JET_errWriteConflict, JET_errRecordDeleted,
    JET_errPermissionDenied, JET_errIllegalOperation, JET_errVersionStoreOutOfMemory,
    JET_errTransReadOnly, JET_errAlreadyPrepared, 0};
static const JET_ERR F_LOCK[] = {
    JET_errNoCurrentRecord, JET_errWriteConflict, JET_errRecordDeleted,
    JET_errIllegalOperation, JET_errNotInTransaction, JET_errTransReadOnly,
    JET_errVersionStoreOutOfMemory, JET_errPermissionDenied, 0};
static const JET_ERR F_ESCROW[] = {
    JET_errFeatureNotAvailable, JET_errNotInTransaction, JET_errColumnNotFound,
    JET_errBadColumnId, JET_errNoCurrentRecord, JET_errWriteConflict,
    JET_errInvalidBufferSize, JET_errAlreadyPrepared, JET_errIllegalOperation,
    JET_errNotInitialized, JET_errRecordDeleted, JET_errTransReadOnly,
    JET_errVersionStoreOutOfMemory, JET_errPermissionDenied, JET_errInvalidOperation,
    JET_errBufferTooSmall, JET_wrnBufferTruncated, 0};
static const JET_ERR F_TEMP[] = {
    JET_errInvalidColumnType, JET_errTooManySorts, JET_errTooManyColumns,
    JET_errInvalidCodePage, JET_errTooManyOpenTables, JET_errOutOfCursors,
    JET_errFeatureNotAvailable, JET_errInvalidLanguageId, JET_errIllegalOperation,
    JET_errTooManyKeys, JET_errKeyTooBig, JET_errColumnTooBig,
    JET_errCannotMaterializeForwardOnlySort, 0};
static const JET_ERR F_COUNT[] = {
    JET_errNoCurrentRecord, JET_errIllegalOperation, JET_errRecordNotFound, 0};

/* ---- opening and closing ---------------------------------------------- */

/* op_tbl_open -- JetOpenTable: the new cursor is tracked */
static void op_tbl_open(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    JET_DBID dbid = pick_db(r);
    int tn = u8(r) % FZ_N_TNAMES;
    JET_GRBIT grbit = grbit_arg(r);
    int flg = u8(r), slot = free_tab_slot();
    if (slot < 0)
        return;
    struct call c;
    call_ses(&c, sid);
    call_name(&c, name_ok(fz_tnames[tn]));
    call_db(&c, dbid);
    call_args(&c, (flg & 1) || grbit);
    call_fn(&c, F_OPEN);
    JET_TABLEID tid = 0x55;
    JET_ERR err = JetOpenTable(sid, dbid, fz_tnames[tn], NULL, 0, grbit,
                               (flg & 1) ? NULL : &tid);
    check(&c.x, err, "JetOpenTable", sid);
    if (err == JET_errSuccess)
        tab_track(slot, tid, c.s, 0);
}

/* op_tbl_close -- JetCloseTable: exact */
static void op_tbl_close(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    JET_TABLEID tid = pick_tab(r);
    struct call c;
    call_tab(&c, sid, tid);
    JET_ERR err = JetCloseTable(sid, tid);
    check(&c.x, err, "JetCloseTable", tid);
    if (err == JET_errSuccess)
        tab_close(c.t);
}

/* op_dup_cursor -- JetDupCursor: the copy is tracked */
static void op_dup_cursor(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    JET_TABLEID tid = pick_tab(r);
    int flg = u8(r);
    JET_GRBIT grbit = grbit_arg(r);
    int slot = free_tab_slot();
    if (slot < 0)
        return;
    struct call c;
    call_tab(&c, sid, tid);
    call_args(&c, (flg & 1) || grbit);
    call_fn(&c, F_OPEN);
    JET_TABLEID dup = 0x55;
    JET_ERR err = JetDupCursor(sid, tid, (flg & 1) ? NULL : &dup, grbit);
    check(&c.x, err, "JetDupCursor", tid);
    if (err == JET_errSuccess)
        tab_track(slot, dup, c.s, 0);
}

/* temp-table column sets: {coltyp, cbMax, grbit} per column */
static const JET_COLUMNDEF *temp_shape(int which, uint32_t *n)
{
    static const struct { uint32_t coltyp, cbMax, grbit; } shapes[][3] = {
        {{JET_coltypLong, 0, JET_bitColumnTTKey}, {0, 0, 0}, {0, 0, 0}},
        {{JET_coltypLong, 0, JET_bitColumnTTKey}, {JET_coltypText, 255, 0}, {0, 0, 0}},
        {{JET_coltypText, 64, JET_bitColumnTTKey | JET_bitColumnTTDescending},
         {JET_coltypLongBinary, 0, 0}, {JET_coltypCurrency, 0, 0}},
        {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
        {{JET_coltypBinary, 16, 0}, {JET_coltypLong, 0, JET_bitColumnTTKey},
         {JET_coltypBinary, 16, JET_bitColumnTTKey}},
        {{99, 0, JET_bitColumnTTKey}, {0, 0, 0}, {0, 0, 0}},
    };
    static const uint32_t counts[] = {1, 2, 3, 0, 3, 1};
    static _Thread_local JET_COLUMNDEF defs[3];
    int w = which % (int)(sizeof counts / sizeof counts[0]);
    memset(defs, 0, sizeof defs);
    for (int i = 0; i < 3; i++) {
        defs[i].cbStruct = sizeof defs[i];
        defs[i].coltyp = shapes[w][i].coltyp;
        defs[i].cbMax = shapes[w][i].cbMax;
        defs[i].grbit = shapes[w][i].grbit;
    }
    *n = counts[w];
    return defs;
}

/* op_temp_open -- JetOpenTempTable / 2 / 3 / JetOpenTemporaryTable: tracked as temp */
static void op_temp_open(struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    int which = u8(r), flg = u8(r);
    JET_GRBIT grbit = grbit_arg(r);
    int slot = free_tab_slot(), variant = (flg & 7) % 5;
    if (slot < 0)
        return;
    uint32_t n;
    const JET_COLUMNDEF *defs = temp_shape(which, &n);
    JET_COLUMNID ids[3] = {0, 0, 0};
    JET_TABLEID tid = 0x55, *pt = (flg & 8) ? NULL : &tid;
    struct call c;
    call_ses(&c, sid);
    call_args(&c, 1);
    call_fn(&c, F_TEMP);
    JET_ERR err;
    if (variant == 0) {
        err = JetOpenTempTable(sid, defs, n, grbit, pt, ids);
    } else if (variant == 1) {
        err = JetOpenTempTable2(sid, defs, n, 1033, grbit, pt, ids);
    } else if (variant == 2) {
        err = JetOpenTempTable3(sid, defs, n, NULL, grbit, pt, ids);
    } else {
        JET_OPENTEMPORARYTABLE ot;
        memset(&ot, 0, sizeof ot);
        ot.cbStruct = sizeof ot;
        ot.prgcolumndef = defs;
        ot.ccolumn = n;
        ot.grbit = grbit;
        ot.prgcolumnid = ids;
        err = JetOpenTemporaryTable(sid, (flg & 8) ? NULL : &ot);
        tid = ot.tableid;
    }
    check(&c.x, err, "JetOpenTempTable", sid);
    if (err != JET_errSuccess)
        return;
    tab_track(slot, tid, c.s, 1);
    for (uint32_t i = 0; i < n; i++)
        colid_remember(ids[i]);
}

/* ---- calls that keep the handles ------------------------------------- */

/* begin -- the common start: session, table handle, argument errors */
static void begin(struct call *c, struct rd *r)
{
    JET_SESID sid = pick_ses(r);
    JET_TABLEID tid = pick_tab(r);
    call_tab(c, sid, tid);
}

/* op_set_index -- JetSetCurrentIndex / 2 / 3 */
static void op_set_index(struct rd *r)
{
    struct call c;
    begin(&c, r);
    int in = u8(r) % FZ_N_INAMES, v = u8(r) % 3;
    JET_GRBIT grbit = grbit_arg(r);
    uint32_t itag = (uint32_t)value_arg(r);
    call_args(&c, v && grbit & ~(JET_GRBIT)(JET_bitMoveFirst | JET_bitNoMove));
    call_fn(&c, F_INDEX);
    JET_ERR err = v == 0   ? JetSetCurrentIndex(c.sid, c.tid, fz_inames[in])
                  : v == 1 ? JetSetCurrentIndex2(c.sid, c.tid, fz_inames[in], grbit)
                           : JetSetCurrentIndex3(c.sid, c.tid, fz_inames[in], grbit, itag);
    check(&c.x, err, "JetSetCurrentIndex", c.tid);
}

/* op_move -- JetMove */
static void op_move(struct rd *r)
{
    struct call c;
    begin(&c, r);
    int32_t row = fz_moves[u8(r) % FZ_N_MOVES];
    JET_GRBIT grbit = grbit_arg(r);
    call_args(&c, grbit & ~(JET_GRBIT)JET_bitMoveKeyNE);
    call_fn(&c, F_MOVE);
    check(&c.x, JetMove(c.sid, c.tid, row, grbit), "JetMove", c.tid);
}

/* op_make_key -- JetMakeKey with a fuzzed buffer (NULL, empty, too long) */
static void op_make_key(struct rd *r)
{
    struct call c;
    begin(&c, r);
    uint32_t len;
    const void *pv = data_arg(r, &len);
    JET_GRBIT grbit = grbit_arg(r);
    call_args(&c, 1);
    call_fn(&c, F_MAKE_KEY);
    check(&c.x, JetMakeKey(c.sid, c.tid, pv, len, grbit), "JetMakeKey", c.tid);
}

/* op_seek -- JetSeek */
static void op_seek(struct rd *r)
{
    struct call c;
    begin(&c, r);
    JET_GRBIT grbit = grbit_arg(r);
    call_args(&c, 1);
    call_fn(&c, F_SEEK);
    check(&c.x, JetSeek(c.sid, c.tid, grbit), "JetSeek", c.tid);
}

/* op_set_range -- JetSetIndexRange */
static void op_set_range(struct rd *r)
{
    struct call c;
    begin(&c, r);
    JET_GRBIT grbit = grbit_arg(r);
    call_args(&c, 1);
    call_fn(&c, F_RANGE);
    check(&c.x, JetSetIndexRange(c.sid, c.tid, grbit), "JetSetIndexRange", c.tid);
}

/* op_get_bm -- JetGetBookmark; a complete one is kept for OP_GOTO_BM */
static void op_get_bm(struct rd *r)
{
    struct call c;
    begin(&c, r);
    uint32_t cb = fz_cbs[u8(r) % FZ_N_CBS];
    int flg = u8(r);
    uint8_t buf[1024];
    uint32_t actual = 0;
    call_args(&c, flg & 1);
    call_fn(&c, F_BOOKMARK);
    JET_ERR err = JetGetBookmark(c.sid, c.tid, (flg & 1) ? NULL : buf, cb,
                                 (flg & 2) ? NULL : &actual);
    check(&c.x, err, "JetGetBookmark", c.tid);
    if (err == JET_errSuccess && !(flg & 3) && !g_threaded && actual <= sizeof D.bookmark &&
        actual <= cb) {
        memcpy(D.bookmark, buf, actual);
        D.cb_bookmark = actual;
    }
}

/* op_goto_bm -- JetGotoBookmark with the kept bookmark or fuzzed bytes */
static void op_goto_bm(struct rd *r)
{
    struct call c;
    begin(&c, r);
    int flg = u8(r);
    uint32_t len;
    const void *pv = data_arg(r, &len);
    uint8_t bm[64];
    if (flg & 1) {
        memcpy(bm, D.bookmark, sizeof bm);
        pv = bm;
        len = D.cb_bookmark;
    }
    call_args(&c, pv == NULL || len == 0);
    call_fn(&c, F_BOOKMARK);
    check(&c.x, JetGotoBookmark(c.sid, c.tid, (void *)pv, len), "JetGotoBookmark", c.tid);
}

/* op_ret_col -- JetRetrieveColumn: NULL / small buffers, retinfo */
static void op_ret_col(struct rd *r)
{
    struct call c;
    begin(&c, r);
    JET_COLUMNID col = pick_colid(r);
    uint32_t cb = fz_cbs[u8(r) % FZ_N_CBS];
    int flg = u8(r);
    JET_GRBIT grbit = grbit_arg(r);
    uint32_t itag = (uint32_t)value_arg(r);
    uint8_t buf[1024];
    uint32_t actual = 0;
    JET_RETINFO ri = {(flg & 8) ? 3u : (uint32_t)sizeof ri, 0, itag, 0};
    call_args(&c, 1);
    call_fn(&c, F_RETRIEVE);
    JET_ERR err = JetRetrieveColumn(c.sid, c.tid, col, (flg & 1) ? NULL : buf, cb,
                                    (flg & 2) ? NULL : &actual, grbit, (flg & 4) ? &ri : NULL);
    check(&c.x, err, "JetRetrieveColumn", c.tid);
}

/* op_ret_key -- JetRetrieveKey */
static void op_ret_key(struct rd *r)
{
    struct call c;
    begin(&c, r);
    uint32_t cb = fz_cbs[u8(r) % FZ_N_CBS];
    int flg = u8(r);
    JET_GRBIT grbit = grbit_arg(r);
    uint8_t buf[1024];
    uint32_t actual = 0;
    call_args(&c, 1);
    call_fn(&c, F_RETRIEVE);
    JET_ERR err = JetRetrieveKey(c.sid, c.tid, (flg & 1) ? NULL : buf, cb,
                                 (flg & 2) ? NULL : &actual, grbit);
    check(&c.x, err, "JetRetrieveKey", c.tid);
}

/* op_prepare -- JetPrepareUpdate with every prep value and bad ones */
static void op_prepare(struct rd *r)
{
    struct call c;
    begin(&c, r);
    uint32_t prep = fz_preps[u8(r) % FZ_N_PREPS];
    call_args(&c, 1);
    call_fn(&c, F_PREPARE);
    check(&c.x, JetPrepareUpdate(c.sid, c.tid, prep), "JetPrepareUpdate", c.tid);
}

/* op_set_col -- JetSetColumn: buffers, grbits, setinfo */
static void op_set_col(struct rd *r)
{
    struct call c;
    begin(&c, r);
    JET_COLUMNID col = pick_colid(r);
    uint32_t len;
    const void *pv = data_arg(r, &len);
    JET_GRBIT grbit = grbit_arg(r);
    int flg = u8(r);
    uint32_t itag = (uint32_t)value_arg(r);
    JET_SETINFO si = {(flg & 2) ? 3u : (uint32_t)sizeof si, 0, itag};
    call_args(&c, 1);
    call_fn(&c, F_SET_COLUMN);
    JET_ERR err = JetSetColumn(c.sid, c.tid, col, pv, len, grbit, (flg & 1) ? &si : NULL);
    check(&c.x, err, "JetSetColumn", c.tid);
}

/* op_update -- JetUpdate / 2 with and without a bookmark buffer */
static void op_update(struct rd *r)
{
    struct call c;
    begin(&c, r);
    uint32_t cb = fz_cbs[u8(r) % FZ_N_CBS];
    int flg = u8(r);
    JET_GRBIT grbit = grbit_arg(r);
    uint8_t buf[1024];
    uint32_t actual = 0;
    void *pv = (flg & 1) ? buf : NULL;
    uint32_t *pcb = (flg & 2) ? NULL : &actual;
    call_args(&c, 1);
    call_fn(&c, F_UPDATE);
    JET_ERR err = (flg & 4) ? JetUpdate2(c.sid, c.tid, pv, pv ? cb : 0, pcb, grbit)
                            : JetUpdate(c.sid, c.tid, pv, pv ? cb : 0, pcb);
    check(&c.x, err, "JetUpdate", c.tid);
}

/* op_delete -- JetDelete */
static void op_delete(struct rd *r)
{
    struct call c;
    begin(&c, r);
    call_fn(&c, F_DELETE);
    check(&c.x, JetDelete(c.sid, c.tid), "JetDelete", c.tid);
}

/* op_get_lock -- JetGetLock */
static void op_get_lock(struct rd *r)
{
    struct call c;
    begin(&c, r);
    JET_GRBIT grbit = grbit_arg(r);
    call_args(&c, 1);
    call_fn(&c, F_LOCK);
    check(&c.x, JetGetLock(c.sid, c.tid, grbit), "JetGetLock", c.tid);
}

/* op_escrow -- JetEscrowUpdate */
static void op_escrow(struct rd *r)
{
    struct call c;
    begin(&c, r);
    JET_COLUMNID col = pick_colid(r);
    uint32_t len;
    const void *pv = data_arg(r, &len);
    uint32_t cb = fz_cbs[u8(r) % FZ_N_CBS];
    int flg = u8(r);
    JET_GRBIT grbit = grbit_arg(r);
    uint8_t delta[8], old[1024];
    uint32_t actual = 0;
    memset(delta, 0, sizeof delta);
    if (pv)
        memcpy(delta, pv, len < sizeof delta ? len : sizeof delta);
    call_args(&c, 1);
    call_fn(&c, F_ESCROW);
    JET_ERR err = JetEscrowUpdate(c.sid, c.tid, col, pv ? delta : NULL,
                                  len < sizeof delta ? len : sizeof delta,
                                  (flg & 1) ? old : NULL, (flg & 1) ? cb : 0, &actual, grbit);
    check(&c.x, err, "JetEscrowUpdate", c.tid);
}

/* op_idx_count -- JetIndexRecordCount: the count never exceeds crecMax */
static void op_idx_count(struct rd *r)
{
    struct call c;
    begin(&c, r);
    int flg = u8(r);
    uint32_t max = (uint32_t)value_arg(r), n = 0;
    call_args(&c, flg & 1);
    call_fn(&c, F_COUNT);
    JET_ERR err = JetIndexRecordCount(c.sid, c.tid, (flg & 1) ? NULL : &n, max);
    check(&c.x, err, "JetIndexRecordCount", c.tid);
    if (err == JET_errSuccess && max != 0 && n > max)
        fail("JetIndexRecordCount counted %u, over its limit %u", n, max);
}

/* fzc_run -- the cursor opcodes; 0 if op is not one */
int fzc_run(int op, struct rd *r)
{
    static const char *const names[] = {
        "tbl_open", "tbl_close", "dup_cursor", "set_index", "move", "make_key", "seek",
        "set_range", "get_bm", "goto_bm", "ret_col", "ret_key", "prepare", "set_col",
        "update", "delete", "get_lock", "escrow", "temp_open"};
    if (op >= OP_TBL_OPEN && op <= OP_TEMP_OPEN)
        g_op_name = names[op - OP_TBL_OPEN];
    switch (op) {
    case OP_TBL_OPEN: op_tbl_open(r); return 1;
    case OP_TBL_CLOSE: op_tbl_close(r); return 1;
    case OP_DUP_CURSOR: op_dup_cursor(r); return 1;
    case OP_SET_INDEX: op_set_index(r); return 1;
    case OP_MOVE: op_move(r); return 1;
    case OP_MAKE_KEY: op_make_key(r); return 1;
    case OP_SEEK: op_seek(r); return 1;
    case OP_SET_RANGE: op_set_range(r); return 1;
    case OP_GET_BM: op_get_bm(r); return 1;
    case OP_GOTO_BM: op_goto_bm(r); return 1;
    case OP_RET_COL: op_ret_col(r); return 1;
    case OP_RET_KEY: op_ret_key(r); return 1;
    case OP_PREPARE: op_prepare(r); return 1;
    case OP_SET_COL: op_set_col(r); return 1;
    case OP_UPDATE: op_update(r); return 1;
    case OP_DELETE: op_delete(r); return 1;
    case OP_GET_LOCK: op_get_lock(r); return 1;
    case OP_ESCROW: op_escrow(r); return 1;
    case OP_TEMP_OPEN: op_temp_open(r); return 1;
    case OP_IDX_COUNT: g_op_name = "idx_count"; op_idx_count(r); return 1;
    default: return 0;
    }
}
