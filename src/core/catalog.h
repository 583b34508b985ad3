/*
 * catalog.h -- databases, tables, columns and indexes (ESE's FMP, FCB, FDB, IDB).
 *
 * Shape. An instance holds up to OE_DB_MAX databases, named by path. A
 * database holds tables by name. A table (struct oe_table, ESE's FCB) is a
 * long-lived mutable object: its rows (the primary index), its secondary
 * indexes' storage, its counters. Its schema is a separate immutable
 * descriptor (struct oe_tdef: columns and index definitions) published with
 * rcu_assign_pointer: DDL copies the descriptor, changes the copy,
 * republishes it and retires the old one through oe_call_rcu, so readers
 * take no lock and never see a half-made schema. A reader that needs a
 * consistent schema for a whole operation loads the descriptor once, inside
 * its read-side section (oe_tab_def), and uses that copy throughout.
 *
 * Index storage (struct oe_index) is shared by consecutive descriptors: an
 * index definition points at its storage, which lives as long as any
 * descriptor names it (the index is dropped by JetDeleteIndex: the new
 * descriptor no longer names it, and the storage is retired with the old
 * descriptor).
 *
 * Rows. The primary index maps the primary key (or, for a table without a
 * primary index, ESE's implicit 8-byte sequential key: big-endian counter)
 * to a struct oe_row: the head of the row's version chain. Secondary
 * indexes map (secondary key [+ primary key, when not unique]) to the same
 * struct oe_row. A version (struct oe_ver) holds an immutable record image
 * (record.h), a deletion tombstone or a lock; the version store
 * (verstore.h) decides which version each snapshot sees.
 *
 * Protection: [imm] descriptors; [rcu] descriptor pointers; [mutex:ddl] the
 * per-database DDL mutex (table creation/deletion and schema changes of any
 * table in it: rare); [atomic] counters named where declared.
 */
#ifndef OE_CORE_CATALOG_H
#define OE_CORE_CATALOG_H

#include <pthread.h>
#include <stdint.h>

#include "esent.h"
#include "key.h"
#include "sync/annotate.h"
#include "sync/omap.h"
#include "sync/rcu.h"

struct oe_instance;
struct oe_session;
struct oe_rec;

#define OE_DB_MAX 64            /* attached databases per instance */
#define OE_NAME_MAX JET_cbNameMost

/* Column ids follow ESE's ranges: the kind is visible in the id. */
#define OE_COLID_FIXED_FIRST 1u
#define OE_COLID_FIXED_LAST 127u
#define OE_COLID_VAR_FIRST 128u
#define OE_COLID_VAR_LAST 255u
#define OE_COLID_TAGGED_FIRST 256u
#define OE_COLID_TAGGED_LAST 65535u

struct oe_coldef {
    JET_COLUMNID id;               /* [imm] */
    char name[OE_NAME_MAX + 1];    /* [imm] */
    JET_COLTYP coltyp;             /* [imm] */
    uint32_t cbMax;                /* [imm] 0 = the type's maximum */
    JET_GRBIT grbit;               /* [imm] JET_bitColumn* */
    uint16_t cp;                   /* [imm] code page of text columns (1252 or 1200) */
    const void *pvDefault;         /* [imm] owned by the descriptor, or NULL */
    uint32_t cbDefault;            /* [imm] */
};

struct oe_index {                  /* storage of one index, shared across descriptors */
    struct oe_omap *map;           /* [imm] pointer; the map is lock-free inside */
    _Atomic int32_t refs;          /* [atomic acq_rel] descriptors naming it */
};

struct oe_idxseg {
    JET_COLUMNID col;              /* [imm] */
    uint8_t descending;            /* [imm] */
};

struct oe_idxdef {
    char name[OE_NAME_MAX + 1];    /* [imm] */
    JET_GRBIT grbit;               /* [imm] JET_bitIndex* (Primary, Unique, IgnoreNull, ...) */
    uint32_t nseg;                 /* [imm] 1..JET_ccolKeyMost */
    struct oe_idxseg seg[JET_ccolKeyMost]; /* [imm] */
    struct oe_key_def kdef;        /* [imm] prepared for key.c */
    uint32_t density;              /* [imm] accepted and reported, not used */
    uint32_t lcid;                 /* [imm] accepted and reported (binary order, see key.h) */
    struct oe_index *store;        /* [imm] pointer to shared storage */
};

struct oe_tdef {                   /* immutable schema snapshot */
    uint32_t ncol;                 /* [imm] */
    struct oe_coldef *col;         /* [imm] sorted by id */
    uint32_t nidx;                 /* [imm] */
    struct oe_idxdef *idx;         /* [imm] */
    int32_t primary;               /* [imm] index of the primary in idx[], or -1 */
    JET_COLUMNID next_fixed;       /* [imm] next unused id of each kind */
    JET_COLUMNID next_var;         /* [imm] */
    JET_COLUMNID next_tagged;      /* [imm] */
    uint32_t schema_version;       /* [imm] increases with every DDL on the table */
    JET_GRBIT tgrbit;              /* [imm] JET_bitTableCreate* (FixedDDL, ...) */
    JET_GRBIT col_absent;          /* [imm] JET_bitColumn* bits that no column has, so
                                    * that per-record scans for autoincrement, version,
                                    * escrow and NotNULL columns can be skipped; set when
                                    * a table's descriptor is published, 0 (nothing known
                                    * absent: scan) in other descriptors */
    struct rcu_head rcu;           /* [epoch] retirement */
};

struct oe_txrec;

struct oe_ver {                    /* one version of a row, newest first (verstore.c) */
    _Atomic(struct oe_ver *) older;/* [atomic acq/rel] set before publication; later
                                    * rewritten only by pruning under the row latch */
    struct oe_rec *rec;            /* [imm] NULL = tombstone (or a lock version) */
    _Atomic(struct oe_txrec *) tx; /* [atomic acq/rel] creator while uncommitted;
                                    * NULL once stamped (after commit_ts) */
    _Atomic uint64_t commit_ts;    /* [atomic acq/rel] 0 until stamped at commit */
    uint32_t flags;                /* [imm] OE_VER_LOCK / OE_VER_DEAD (verstore.h) */
    uint32_t charge;               /* [row latch] budget bytes still charged, 0 = none */
    struct rcu_head rcu;           /* [epoch] */
};

struct oe_row {                    /* value of a primary-index entry */
    _Atomic(struct oe_ver *) head; /* [atomic] CAS by writers (release), acquire by readers */
    _Atomic uint32_t gc;           /* [atomic acq/rel] latch / deferred / dead bits (verstore.c) */
    uint32_t pruned_gen;           /* [row latch] snapshot set generation of the last prune */
    uint32_t keylen;               /* [imm] primary key (the bookmark) */
    unsigned char key[];           /* [imm] */
};

/* TABLE COUNTS (JetDeleteTable → JET_errTableInUse, JET_paramMaxOpenTables
 * → JET_errTooManyOpenTables). A table's open cursors are counted in
 * OE_TAB_SHARDS counters, each alone on its cache line; a cursor open adds
 * 1 to the shard of the opening thread (seq_cst), a close subtracts 1 from
 * the closing thread's shard (release), so open/close on different threads
 * share no written line. Only the sum over the shards means anything (a
 * shard may go negative when a cursor is closed by another thread).
 *
 * t->state says what the instance knows of the table:
 *   UNCOUNTED  not in the instance's list of open tables;
 *   COUNTED    in it (ins->tables_counted, ins->tables_open): counted for
 *              JET_paramMaxOpenTables, like ESE's FCB cache it stays
 *              counted after its last cursor closes until a purge (below);
 *   DELETED    JetDeleteTable has marked it (and may still undo that).
 * state changes only under ins->tables_lock, with seq_cst stores.
 *
 * Open fast path: shard += 1 (seq_cst), then load state (seq_cst); COUNTED
 * → done. Anything else takes tables_lock (oe_cat_table_open_slow), which
 * waits out a deleter or purger that is deciding, then counts the table
 * (purging tables whose sum is 0 when the quota is reached) or refuses.
 *
 * Deleter / purger (holding tables_lock): store DELETED / UNCOUNTED
 * (seq_cst), then sum the shards (seq_cst loads); a sum > 0 restores the
 * previous state (TableInUse / still in use). Dekker: in the seq_cst order
 * either an opener's increment precedes the store -- then the sum includes
 * it -- or its load of state follows the store -- then it takes the slow
 * path and blocks on tables_lock until the decision is final. Every open
 * that succeeded before the store is in the sum until its close, so a sum
 * of 0 proves no cursor was open at the last shard load: that load is
 * LP(delete table) / LP(purge); a refusal linearizes at the state store,
 * when the counted cursor was open.
 *
 * Uncommitted writes (JetDeleteTable → TableInUse while a transaction has
 * undo entries on the table) are counted in the same shards, next to the
 * cursor count the writing thread already writes: +n when a write is
 * prepared (relaxed), -n at commit / rollback (release, inside a read-side
 * section), each on the calling thread's shard; again only the sum means
 * anything. The deleter sums these after the cursor counts (seq_cst
 * loads). A write is prepared only through an open cursor, so once the
 * cursor sum was 0 no increment can follow (a later opener blocks on
 * tables_lock and then finds DELETED), and every earlier one happens
 * before the deleter's loads (it precedes the cursor's close, whose release
 * the cursor sum read). During the pending sum every shard can only
 * decrease, so the sum read is at most the true sum at the state store and
 * at least the true sum at the last load: a sum of 0 proves none pending
 * at the last pending load -- LP(delete table) -- and a sum > 0 proves
 * some pending at the state store -- the refusal's LP. */
#define OE_TAB_SHARDS 8
struct oe_tab_shard {
    _Atomic int64_t n;                /* [atomic] open cursors, see TABLE COUNTS */
    _Atomic int64_t pending;          /* [atomic] uncommitted writes, same */
    char pad[OE_CACHELINE - 2 * sizeof(int64_t)]; /* one shard per line */
};
enum oe_tab_state { OE_TAB_UNCOUNTED = 0, OE_TAB_COUNTED = 1, OE_TAB_DELETED = 2 };

struct oe_table {                  /* ESE's FCB */
    char name[OE_NAME_MAX + 1];    /* [mutex:ddl] (JetRenameTable, later) */
    struct oe_db *db;              /* [imm] */
    _Atomic(struct oe_tdef *) def; /* [rcu] */
    struct oe_index *primary;      /* [imm] rows by primary key (or implicit key) */
    _Atomic uint64_t next_dbk;     /* [atomic relaxed] implicit key counter */
    _Atomic uint64_t next_autoinc; /* [atomic relaxed] JET_bitColumnAutoincrement */
    _Atomic int state;             /* [atomic seq_cst] enum oe_tab_state, stored
                                    * under ins->tables_lock (TABLE COUNTS) */
    struct oe_table *counted_next; /* [mutex:tables_lock] ins->tables_counted link */
    struct oe_table *next;         /* [mutex:ddl] database's table list */
    struct rcu_head rcu;           /* [epoch] */
    char pad_shards[OE_CACHELINE]; /* keeps the read-mostly fields above off the
                                    * first shard's line */
    struct oe_tab_shard open[OE_TAB_SHARDS]; /* open cursors and uncommitted writes
                                              * (TABLE COUNTS) */
};

/* oe_tab_shard_of -- the calling thread's counter of t's open cursors. */
static inline _Atomic int64_t *oe_tab_shard_of(struct oe_table *t, uint64_t thread)
{
    return &t->open[thread & (OE_TAB_SHARDS - 1)].n;
}

/* oe_tab_pending_of -- the calling thread's counter of t's uncommitted
 * writes (TABLE COUNTS). */
static inline _Atomic int64_t *oe_tab_pending_of(struct oe_table *t, uint64_t thread)
{
    return &t->open[thread & (OE_TAB_SHARDS - 1)].pending;
}

/* oe_cat_table_open_slow -- a cursor open found t not COUNTED (after its
 * shard increment): count the table, or JET_errObjectNotFound (deleted) /
 * JET_errTooManyOpenTables; on error the caller takes its increment back. */
JET_ERR oe_cat_table_open_slow(struct oe_instance *ins, struct oe_table *t);

enum oe_db_state { OE_DB_DETACHED = 0, OE_DB_ATTACHED = 1, OE_DB_DETACHING = 2 };
#define OE_DB_SHARDS 8
struct oe_db_shard {
    _Atomic int64_t n;             /* [atomic] opens by threads of this shard minus closes
                                    * made on them; only the sum means anything */
    char pad[OE_CACHELINE - sizeof(int64_t)]; /* one shard per line */
};

struct oe_db {                     /* ESE's FMP: one attached database */
    char *path;                    /* [imm] */
    JET_DBID dbid;                 /* [imm] 1..OE_DB_MAX */
    struct oe_instance *ins;       /* [imm] */
    JET_GRBIT grbit;               /* [imm] JET_bitDbReadOnly, ... */
    pthread_mutex_t ddl;           /* the database's DDL mutex */
    struct oe_table *tables;       /* [mutex:ddl] for writers; readers use oe_db_find_table */
    _Atomic(struct oe_tabset *) by_name; /* [rcu] sorted snapshot for lock-free lookup
                                          * (array and its length in one object, so a
                                          * reader never pairs a new array with an old
                                          * length); NULL = no table */
    _Atomic int attached;          /* [atomic seq_cst] enum oe_db_state: detached databases
                                    * keep their data; stored under ins->db_lock
                                    * (database.c, OPEN COUNTS) */
    char pad_shards[OE_CACHELINE]; /* keeps the read-mostly fields above off the
                                    * first shard's line */
    struct oe_db_shard open[OE_DB_SHARDS]; /* JetOpenDatabase counts of all sessions
                                            * (database.c, OPEN COUNTS) */
};

/* struct oe_tabset -- one immutable snapshot of a database's tables, sorted
 * by name (case-insensitive, as ESE compares names); replaced as a whole by
 * table creation/deletion and retired through oe_call_rcu. */
struct oe_tabset {
    struct rcu_head rcu;           /* [epoch] */
    uint32_t n;                    /* [imm] */
    struct oe_table *t[];          /* [imm] */
};

/* oe_db_read_only -- whether the database was attached with
 * JET_bitDbReadOnly: DDL and record updates answer JET_errPermissionDenied.
 * grbit is written only by an attach while the database is detached and no
 * session has it open; a caller that has the database open sees it stable. */
static inline int oe_db_read_only(const struct oe_db *db)
{
    return (db->grbit & JET_bitDbReadOnly) != 0;
}

/* --- schema helpers (pure, on a descriptor) --- */
const struct oe_coldef *oe_tdef_column(const struct oe_tdef *d, JET_COLUMNID id);
const struct oe_coldef *oe_tdef_column_by_name(const struct oe_tdef *d, const char *name);
const struct oe_idxdef *oe_tdef_index(const struct oe_tdef *d, const char *name);
static inline const struct oe_idxdef *oe_tdef_primary(const struct oe_tdef *d)
{
    return d->primary >= 0 ? &d->idx[d->primary] : NULL;
}

/* oe_coldef_grbit -- the column's grbit as JetGetColumnInfo reports it: the
 * kept flags plus the kind, which the id encodes. */
static inline JET_GRBIT oe_coldef_grbit(const struct oe_coldef *c)
{
    if (c->id <= OE_COLID_FIXED_LAST)
        return c->grbit | JET_bitColumnFixed;
    if (c->id >= OE_COLID_TAGGED_FIRST)
        return c->grbit | JET_bitColumnTagged;
    return c->grbit;
}

/* oe_tab_def -- the table's current schema; call inside oe_rcu_read_lock(). */
static inline struct oe_tdef *oe_tab_def(struct oe_table *t)
{
    /* Acquire pairs with the release in the catalog's publish (C11 atomics:
     * clang rejects liburcu's rcu_dereference on _Atomic pointers). */
    return atomic_load_explicit(&t->def, memory_order_acquire);
}

/* --- databases (per instance) --- */
JET_ERR oe_db_create(struct oe_instance *ins, const char *path, JET_GRBIT grbit, struct oe_db **pdb);
JET_ERR oe_db_attach(struct oe_instance *ins, const char *path, JET_GRBIT grbit, struct oe_db **pdb);
JET_ERR oe_db_detach(struct oe_instance *ins, const char *path);
JET_ERR oe_db_by_path(struct oe_instance *ins, const char *path, struct oe_db **pdb);
JET_ERR oe_db_by_id(struct oe_instance *ins, JET_DBID dbid, struct oe_db **pdb);
/* oe_db_free_all -- JetTerm: free every database of the instance. */
void oe_db_free_all(struct oe_instance *ins);
/* oe_cat_free_tables -- free every table of db (JetTerm; nothing else runs). */
void oe_cat_free_tables(struct oe_db *db);

/* --- databases per session (JetOpenDatabase / JetCloseDatabase) --- */
/* oe_db_open -- open an attached database for session s (counts in
 * s->db_open and db->open_count): JET_errDatabaseNotFound if not attached. */
JET_ERR oe_db_open(struct oe_session *s, struct oe_db *db);
/* oe_db_close -- JetCloseDatabase: JET_errInvalidDatabaseId if s has not
 * opened dbid. */
JET_ERR oe_db_close(struct oe_session *s, JET_DBID dbid);
/* oe_db_of_session -- the database dbid if s has it open (what every
 * table-level call by dbid requires), else JET_errInvalidDatabaseId. */
JET_ERR oe_db_of_session(struct oe_session *s, JET_DBID dbid, struct oe_db **pdb);
/* oe_db_close_session -- close every database s has open (session
 * teardown). Allocates nothing, cannot fail. */
void oe_db_close_session(struct oe_session *s);

/* oe_cat_table_of -- the table under a session's cursor (tableid):
 * JET_errInvalidTableId / JET_errSesidTableIdMismatch from the cursor module. */
JET_ERR oe_cat_table_of(struct oe_session *s, JET_TABLEID tableid, struct oe_table **pt);

/* --- tables --- */
/* oe_db_find_table -- lock-free lookup by name inside oe_rcu_read_lock(). */
struct oe_table *oe_db_find_table(struct oe_db *db, const char *name);

/* oe_cat_check_name -- ESE's object-name rule (JET_errInvalidName): 1..64
 * bytes, no leading space, no control character, '!', '.', '[' or ']';
 * trailing spaces are dropped. out receives the normalized name. */
JET_ERR oe_cat_check_name(const char *name, char out[OE_NAME_MAX + 1]);
/* oe_cat_name_cmp -- ESE compares object names without case (ASCII). */
int oe_cat_name_cmp(const char *a, const char *b);

/* A column to create (JET_COLUMNCREATE / JetAddColumn's arguments). */
struct oe_colspec {
    const char *name;
    JET_COLTYP coltyp;
    uint32_t cbMax;
    JET_GRBIT grbit;
    const void *pvDefault;
    uint32_t cbDefault;
    uint32_t cp;
};

/* An index to create (JET_INDEXCREATE / JetCreateIndex's arguments). */
struct oe_idxspec {
    const char *name;
    const char *key;               /* "+col\0-col\0\0" */
    uint32_t cbKey;
    JET_GRBIT grbit;
    uint32_t density;
    uint32_t lcid;
    uint32_t cbVarSegMac;
    uint32_t cbKeyMost;            /* used with JET_bitIndexKeyMost */
    uint32_t nconditional;         /* conditional columns (not supported) */
};

/* --- DDL: serialized per database by db->ddl; each republishes the
 * table's descriptor (catalog.c's header essay) --- */
/* oe_cat_create_table -- create a table with columns and indexes (any of
 * which may be empty). colids/colerrs/idxerrs (may be NULL) receive the
 * per-object results; *pcreated the number of objects created before the
 * first failure. On failure nothing is created. */
JET_ERR oe_cat_create_table(struct oe_db *db, const char *name, JET_GRBIT grbit,
                            const struct oe_colspec *cols, uint32_t ncol,
                            JET_COLUMNID *colids, JET_ERR *colerrs,
                            const struct oe_idxspec *idx, uint32_t nidx, JET_ERR *idxerrs,
                            uint32_t *pcreated, struct oe_table **pt);
/* oe_cat_reserve_fn -- oe_cat_create_table_reserve's hook: called once,
 * holding db->ddl, on the finished table t before anyone else can reach
 * it, as the create's last fallible step. It returns 0, or an error having
 * given back all it took (a count of t it leaves is undone by the create). */
typedef JET_ERR (*oe_cat_reserve_fn)(void *arg, struct oe_table *t);
/* oe_cat_create_table_reserve -- oe_cat_create_table with a reserve hook
 * (may be NULL): JetCreateTable reserves its cursor (cursor.h,
 * oe_cur_reserve) there, so once the table is published nothing can fail
 * and no other thread can see a table whose create then fails. */
JET_ERR oe_cat_create_table_reserve(struct oe_db *db, const char *name, JET_GRBIT grbit,
                                    const struct oe_colspec *cols, uint32_t ncol,
                                    JET_COLUMNID *colids, JET_ERR *colerrs,
                                    const struct oe_idxspec *idx, uint32_t nidx,
                                    JET_ERR *idxerrs, uint32_t *pcreated,
                                    oe_cat_reserve_fn reserve, void *arg, struct oe_table **pt);
/* oe_cat_delete_table -- JetDeleteTable: JET_errObjectNotFound,
 * JET_errTableInUse (cursors open). t != NULL deletes that table rather
 * than looking name up. */
JET_ERR oe_cat_delete_table(struct oe_db *db, const char *name, struct oe_table *t);
JET_ERR oe_cat_add_column(struct oe_table *t, const struct oe_colspec *c, JET_COLUMNID *pcolid);
JET_ERR oe_cat_delete_column(struct oe_table *t, const char *name);
/* oe_cat_create_indexes -- JetCreateIndex2: all or none; errs (may be NULL)
 * receives each index's result. */
JET_ERR oe_cat_create_indexes(struct oe_table *t, const struct oe_idxspec *spec, uint32_t n,
                              JET_ERR *errs);
JET_ERR oe_cat_delete_index(struct oe_table *t, const char *name);

#endif
