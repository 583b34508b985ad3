/*
 * fuzz_kv.c -- the model check that cannot be fooled: a key/value table
 * whose every row the fuzzer knows.
 *
 * Each instance gets a database "fzm.edb" with a table "fzm" (k Long, v
 * Binary, primary index +k), made on first use by OP_KV_* and reached only
 * by them: the fuzzed names (fuzz_ops.h) never name it, the cursors used
 * here are closed before the opcode ends, and the database is reopened or
 * reattached each time (a fuzzed JetDetachDatabase(NULL) may hide it; its
 * rows survive, as the README promises).
 *
 * THE MODEL (snapshot isolation, README "Transactions")
 *   committed rows per instance: present, value, and the sequence number of
 *   the commit that last touched the key; per session: the snapshot taken
 *   at its level-0 begin (rows and sequence number), its uncommitted writes
 *   (pend) and an undo log tagged with the level of each write, so a
 *   rollback of one level restores exactly what that level changed, a
 *   nested commit hands its writes to the parent, and the outermost commit
 *   publishes them under one new sequence number.
 *   A session sees: its own pending write, else (in a transaction) its
 *   snapshot, else the committed row.
 *   A write by session s on key k conflicts (JET_errWriteConflict) when
 *   another session has a pending write on k, or s is in a transaction and
 *   k was committed after its snapshot. An insert that meets a committed
 *   row it cannot see may also answer JET_errKeyDuplicate. A write in a
 *   read-only transaction fails (JET_errTransReadOnly). A write refused for
 *   version-store memory (tiny JET_paramMaxVerPages) changes nothing.
 *
 * THE CHECKS
 *   OP_KV_GET: JetSeek(EQ) finds k exactly when the session's view has it,
 *   and JetRetrieveColumn returns the view's value byte for byte.
 *   OP_KV_PUT / OP_KV_DEL: the seek agrees with the view, the write
 *   succeeds or fails exactly as predicted, and the model records it.
 */
#include <string.h>

#include "fuzz_data.h"

#define KV_VMAX 8
#define KV_UNDO (FZ_MAX_OPS + 8)

struct kv_val {
    int present;
    uint8_t len;
    uint8_t v[KV_VMAX];
};
struct kv_row {
    struct kv_val val;
    uint64_t seq;
};
struct kv_pend {
    int has;
    struct kv_val val;
};
struct kv_undo {
    int level;
    int key;
    struct kv_pend prev;
};
struct kv_ins {
    int ready; /* the table exists */
    uint64_t seq;
    struct kv_row row[FZ_KV_KEYS];
    JET_COLUMNID ck, cv;
};
struct kv_ses {
    int ro;
    uint64_t snap_seq;
    struct kv_val snap[FZ_KV_KEYS];
    struct kv_pend pend[FZ_KV_KEYS];
    struct kv_undo undo[KV_UNDO];
    int n_undo;
};

static struct kv_ins K[FZ_SLOTS];
static struct kv_ses KS[FZ_SLOTS];

/* kv_reset -- each input starts with no model rows */
void kv_reset(void)
{
    memset(K, 0, sizeof K);
    memset(KS, 0, sizeof KS);
}

/* kv_session_gone -- its uncommitted writes are rolled back */
void kv_session_gone(int s) { memset(&KS[s], 0, sizeof KS[s]); }

/* kv_instance_gone -- JetTerm freed the model database */
void kv_instance_gone(int ii) { memset(&K[ii], 0, sizeof K[ii]); }

/* kv_begin -- a level-0 begin: snapshot of the committed rows, read-only flag */
void kv_begin(int s, JET_GRBIT grbit)
{
    if (M.ses[s].level != 0)
        return;
    const struct kv_ins *ki = &K[M.ses[s].ins];
    KS[s].ro = (grbit & JET_bitTransactionReadOnly) != 0;
    KS[s].snap_seq = ki->seq;
    for (int k = 0; k < FZ_KV_KEYS; k++)
        KS[s].snap[k] = ki->row[k].val;
}

/* kv_commit -- nested: writes move to the parent level; outermost: published */
void kv_commit(int s)
{
    struct kv_ses *ks = &KS[s];
    int l = M.ses[s].level;
    if (l > 1) {
        for (int i = 0; i < ks->n_undo; i++)
            if (ks->undo[i].level == l)
                ks->undo[i].level = l - 1;
        return;
    }
    struct kv_ins *ki = &K[M.ses[s].ins];
    int any = 0;
    for (int k = 0; k < FZ_KV_KEYS; k++)
        any |= ks->pend[k].has;
    if (any)
        ki->seq++;
    for (int k = 0; k < FZ_KV_KEYS; k++) {
        if (!ks->pend[k].has)
            continue;
        ki->row[k].val = ks->pend[k].val;
        ki->row[k].seq = ki->seq;
    }
    memset(ks->pend, 0, sizeof ks->pend);
    ks->n_undo = 0;
    ks->ro = 0;
}

/* kv_rollback -- undo the writes of the levels rolled back, newest first */
void kv_rollback(int s, int all)
{
    struct kv_ses *ks = &KS[s];
    int from = all ? 1 : M.ses[s].level;
    while (ks->n_undo > 0 && ks->undo[ks->n_undo - 1].level >= from) {
        const struct kv_undo *u = &ks->undo[--ks->n_undo];
        ks->pend[u->key] = u->prev;
    }
    if (from <= 1) {
        memset(ks->pend, 0, sizeof ks->pend);
        ks->n_undo = 0;
        ks->ro = 0;
    }
}

/* view -- what session s sees for key k */
static struct kv_val view(int s, int k)
{
    if (KS[s].pend[k].has)
        return KS[s].pend[k].val;
    if (M.ses[s].level > 0)
        return KS[s].snap[k];
    return K[M.ses[s].ins].row[k].val;
}

/* predict -- the error a write of k by s must get, 0 for none. *soft: the
 * conflict comes only from a commit after the snapshot of a row that is gone
 * now; the engine may have pruned its versions, so success is accepted too. */
static JET_ERR predict(int s, int k, int *soft)
{
    *soft = 0;
    if (M.ses[s].level > 0 && KS[s].ro)
        return JET_errTransReadOnly;
    for (int o = 0; o < FZ_SLOTS; o++)
        if (o != s && M.ses[o].live && M.ses[o].ins == M.ses[s].ins && KS[o].pend[k].has)
            return JET_errWriteConflict;
    const struct kv_row *row = &K[M.ses[s].ins].row[k];
    if (M.ses[s].level > 0 && row->seq > KS[s].snap_seq) {
        *soft = !row->val.present && !view(s, k).present;
        return JET_errWriteConflict;
    }
    return 0;
}

/* record -- a write of k by s succeeded */
static void record(int s, int k, const struct kv_val *v)
{
    struct kv_ses *ks = &KS[s];
    struct kv_ins *ki = &K[M.ses[s].ins];
    if (M.ses[s].level == 0) {
        ki->row[k].val = *v;
        ki->row[k].seq = ++ki->seq;
        return;
    }
    if (ks->n_undo == KV_UNDO)
        fail("kv undo log full");
    ks->undo[ks->n_undo++] = (struct kv_undo){M.ses[s].level, k, ks->pend[k]};
    ks->pend[k] = (struct kv_pend){1, *v};
}

/* must -- one step of a kv opcode: got must be want (or alt, when non-zero) */
static void must(JET_ERR got, JET_ERR want, JET_ERR alt, const char *what)
{
    check_trace(what, got);
    if (got == want || (alt && got == alt))
        return;
    fail("%s returned %d, the model expects %d (or %d)", what, (int)got, (int)want, (int)alt);
}

/* quota -- a parameter set by the input may refuse a cursor or a version */
static int quota(JET_ERR err)
{
    return err == JET_errTooManyOpenTables || err == JET_errOutOfCursors ||
           err == JET_errVersionStoreOutOfMemory;
}

/* kv_open -- open the model database and table for session s; 0 if skipped */
static int kv_open(int s, JET_SESID sid, JET_DBID *pdbid, JET_TABLEID *ptid)
{
    int ii = M.ses[s].ins, d = db_find(ii, -1);
    JET_ERR err;
    if (d < 0) {
        must(JetCreateDatabase(sid, FZ_KV_PATH, NULL, pdbid, 0), 0, 0, "kv JetCreateDatabase");
        d = db_new(ii, -1, *pdbid);
    } else {
        if (!D.db[d].attached) {
            must(JetAttachDatabase(sid, FZ_KV_PATH, 0), 0, 0, "kv JetAttachDatabase");
            D.db[d].attached = 1;
        }
        must(JetOpenDatabase(sid, FZ_KV_PATH, NULL, pdbid, 0), 0, 0, "kv JetOpenDatabase");
        if (*pdbid != D.db[d].dbid)
            fail("kv database reopened as dbid %u, was %u", *pdbid, D.db[d].dbid);
    }
    D.open[s][*pdbid]++;
    if (K[ii].ready) {
        err = JetOpenTable(sid, *pdbid, FZ_KV_TABLE, NULL, 0, 0, ptid);
        if (err == JET_errSuccess)
            return 1;
        if (!quota(err))
            must(err, 0, 0, "kv JetOpenTable");
    } else if (M.ses[s].level == 0) {
        char k[] = "k", v[] = "v", pk[] = "pk", key[] = "+k\0";
        JET_COLUMNCREATE_A cols[2] = {
            {sizeof(JET_COLUMNCREATE_A), k, JET_coltypLong, 0, JET_bitColumnFixed, NULL, 0, 0,
             0, 0},
            {sizeof(JET_COLUMNCREATE_A), v, JET_coltypBinary, KV_VMAX, 0, NULL, 0, 0, 0, 0}};
        JET_INDEXCREATE_A idx;
        memset(&idx, 0, sizeof idx);
        idx.cbStruct = sizeof idx;
        idx.szIndexName = pk;
        idx.szKey = key;
        idx.cbKey = sizeof key;
        idx.grbit = JET_bitIndexPrimary;
        JET_TABLECREATE_A tc;
        memset(&tc, 0, sizeof tc);
        tc.cbStruct = sizeof tc;
        tc.szTableName = (char *)FZ_KV_TABLE;
        tc.rgcolumncreate = cols;
        tc.cColumns = 2;
        tc.rgindexcreate = &idx;
        tc.cIndexes = 1;
        err = JetCreateTableColumnIndex(sid, *pdbid, &tc);
        if (err == JET_errSuccess) {
            K[ii].ready = 1;
            K[ii].ck = cols[0].columnid;
            K[ii].cv = cols[1].columnid;
            *ptid = tc.tableid;
            return 1;
        }
        if (!quota(err))
            must(err, 0, 0, "kv JetCreateTableColumnIndex");
    }
    must(JetCloseDatabase(sid, *pdbid, 0), 0, 0, "kv JetCloseDatabase");
    D.open[s][*pdbid]--;
    return 0;
}

/* kv_close -- close the kv cursor and database: nothing of it outlives the opcode */
static void kv_close(int s, JET_SESID sid, JET_DBID dbid, JET_TABLEID tid)
{
    must(JetCloseTable(sid, tid), 0, 0, "kv JetCloseTable");
    must(JetCloseDatabase(sid, dbid, 0), 0, 0, "kv JetCloseDatabase");
    D.open[s][dbid]--;
}

/* seek -- position on k; checks found == the view has k */
static int seek(int s, JET_SESID sid, JET_TABLEID tid, int k)
{
    int32_t key = k;
    must(JetMakeKey(sid, tid, &key, sizeof key, JET_bitNewKey), 0, 0, "kv JetMakeKey");
    int want = view(s, k).present;
    must(JetSeek(sid, tid, JET_bitSeekEQ), want ? 0 : JET_errRecordNotFound, 0, "kv JetSeek");
    return want;
}

/* kv_get -- the read check: found and value exactly as the view says */
static void kv_get(int s, JET_SESID sid, JET_TABLEID tid, int k)
{
    if (!seek(s, sid, tid, k))
        return;
    struct kv_val v = view(s, k);
    uint8_t buf[16];
    uint32_t n = 0;
    int32_t key = -1;
    const struct kv_ins *ki = &K[M.ses[s].ins];
    must(JetRetrieveColumn(sid, tid, ki->cv, buf, sizeof buf, &n, 0, NULL), 0, 0,
         "kv JetRetrieveColumn(v)");
    if (n != v.len || memcmp(buf, v.v, n) != 0)
        fail("kv key %d: read %u bytes (first 0x%02x), the model has %u (first 0x%02x)", k, n,
             n ? buf[0] : 0, v.len, v.len ? v.v[0] : 0);
    must(JetRetrieveColumn(sid, tid, ki->ck, &key, sizeof key, &n, 0, NULL), 0, 0,
         "kv JetRetrieveColumn(k)");
    if (n != sizeof key || key != k)
        fail("kv seek on key %d landed on key %d", k, (int)key);
}

/* kv_write -- put (v != NULL) or delete key k, as the model predicts */
static void kv_write(int s, JET_SESID sid, JET_TABLEID tid, int k, const struct kv_val *v)
{
    const struct kv_ins *ki = &K[M.ses[s].ins];
    int found = seek(s, sid, tid, k);
    int soft;
    JET_ERR f = predict(s, k, &soft), err;
    if (!v) {
        if (!found)
            return;
        err = JetDelete(sid, tid);
    } else {
        int visible_other = !found && K[M.ses[s].ins].row[k].val.present;
        err = JetPrepareUpdate(sid, tid, found ? JET_prepReplace : JET_prepInsert);
        if (err == JET_errSuccess) {
            int32_t key = k;
            if (!found)
                must(JetSetColumn(sid, tid, ki->ck, &key, sizeof key, 0, NULL), 0, 0,
                     "kv JetSetColumn(k)");
            must(JetSetColumn(sid, tid, ki->cv, v->v, v->len, 0, NULL), 0, 0,
                 "kv JetSetColumn(v)");
            err = JetUpdate(sid, tid, NULL, 0, NULL);
            if (err != JET_errSuccess)
                must(JetPrepareUpdate(sid, tid, JET_prepCancel), 0, 0, "kv cancel");
        }
        if (f == 0 && visible_other && err == JET_errKeyDuplicate)
            fail("kv insert of key %d: KeyDuplicate without a conflict", k);
        if (f == JET_errWriteConflict && visible_other && err == JET_errKeyDuplicate)
            return;
    }
    if (err == JET_errVersionStoreOutOfMemory)
        return;
    if (!(soft && err == JET_errSuccess))
        must(err, f, 0, v ? "kv put" : "kv delete");
    if (err != JET_errSuccess)
        return;
    struct kv_val gone = {0, 0, {0}};
    record(s, k, v ? v : &gone);
}

/* kv_op -- OP_KV_PUT / OP_KV_DEL / OP_KV_GET */
void kv_op(int op, struct rd *r)
{
    g_op_name = op == OP_KV_PUT ? "kv_put" : op == OP_KV_DEL ? "kv_del" : "kv_get";
    JET_SESID sid = pick_ses(r);
    int k = u8(r) % FZ_KV_KEYS;
    struct kv_val v = {1, 0, {0}};
    if (op == OP_KV_PUT) {
        uint8_t b = u8(r);
        v.len = (uint8_t)(1 + b % KV_VMAX);
        memset(v.v, b, v.len);
        v.v[0] = (uint8_t)(b ^ g_op_index);
    }
    struct call c;
    call_ses(&c, sid);
    if (!c.clean) {
        JET_DBID dbid = 0;
        check(&c.x, JetOpenDatabase(sid, FZ_KV_PATH, NULL, &dbid, 0), "kv JetOpenDatabase",
              sid);
        return;
    }
    JET_DBID dbid = 0;
    JET_TABLEID tid = 0;
    if (!kv_open(c.s, sid, &dbid, &tid))
        return;
    if (op == OP_KV_GET)
        kv_get(c.s, sid, tid, k);
    else
        kv_write(c.s, sid, tid, k, op == OP_KV_PUT ? &v : NULL);
    kv_close(c.s, sid, dbid, tid);
}
