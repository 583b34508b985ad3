/*
 * table.h -- row storage of a table: the primary index of version chains
 * and the secondary indexes that point at the same rows.
 *
 * CONTRACT (the catalog and cursor modules code against these
 * declarations; the table module's owner may add functions but must keep
 * these). Implementation: table.c, with the header essay on index
 * maintenance, entry layout of secondary indexes and concurrency.
 */
#ifndef OE_CORE_TABLE_H
#define OE_CORE_TABLE_H

#include "catalog.h"
#include "esent.h"

struct oe_session;

/* oe_tab_create_storage -- create t->primary (an empty primary index) for a
 * new table; the catalog calls it when it creates a table. */
JET_ERR oe_tab_create_storage(struct oe_table *t);

/* oe_index_create / oe_index_release -- storage for a new index definition
 * (refs = 1) / drop one descriptor's reference (the last one frees the map
 * and its entries through RCU; rows belong to the primary index). */
JET_ERR oe_index_create(struct oe_index **pidx);
void oe_index_release(struct oe_index *idx);

/* oe_tab_build_index -- fill the secondary index `idx` (already published
 * in the table's current descriptor, so concurrent writers maintain it)
 * from the rows already in the table. JET_errKeyDuplicate for a unique
 * index with two rows of one key (the index is then left for the caller to
 * drop). */
JET_ERR oe_tab_build_index(struct oe_table *t, const struct oe_tdef *def, const struct oe_idxdef *idx);

/* oe_tab_free_storage -- free every row, version and record image of the
 * table (JetDeleteTable after its retirement grace period; JetTerm). Not
 * concurrent with any other use of the table. */
void oe_tab_free_storage(struct oe_table *t);

/* oe_tab_row_count -- number of live rows (JetIndexRecordCount on the
 * primary index when no range is set, statistics). */
uint64_t oe_tab_row_count(struct oe_table *t);

/* ---- additions of the table module (cursor.c and the tests use them) ---- */

#include "sync/omap.h"

/*
 * struct oe_tab_ix -- one index of a table as seen inside ONE read-side
 * section: which map, and how its entry keys are laid out. Resolve it with
 * oe_tab_ix_resolve after loading the descriptor (oe_tab_def); it is valid
 * until the section ends.
 */
struct oe_tab_ix {
    const struct oe_idxdef *def;   /* NULL: the sequential (implicit-key) index */
    struct oe_omap *map;           /* the index's map */
    int32_t pos;                   /* -1 = clustered (primary or sequential), else def->idx[pos] */
    int clustered;                 /* entries are primary keys, values the rows */
    int composite;                 /* non-unique secondary: entry key = S || primary key */
};

/* oe_tab_ix_resolve -- pos -1: the clustered index; else the secondary
 * def->idx[pos] (which must not be the primary). */
void oe_tab_ix_resolve(struct oe_table *t, const struct oe_tdef *def, int32_t pos,
                       struct oe_tab_ix *ix);

/* oe_tab_entry_row -- the row an index entry points at (acquire load of
 * the entry's value slot). */
struct oe_row *oe_tab_entry_row(struct oe_omap_entry *e);

/* oe_tab_entry_skey -- the index key S of an entry (without the primary
 * key suffix of a composite entry); *pcb its length. */
const uint8_t *oe_tab_entry_skey(const struct oe_tab_ix *ix, struct oe_omap_entry *e,
                                 uint32_t *pcb);

/* oe_tab_visible -- the version an entry stands for in view `view`, or
 * NULL: the row does not exist for the view (not inserted, deleted, another
 * transaction's uncommitted insert) or (secondary) the version the view
 * sees does not have this entry's key. *prow gets the row (may be NULL). */
struct oe_vs_view;
struct oe_ver *oe_tab_visible(const struct oe_tdef *def, const struct oe_tab_ix *ix,
                              struct oe_omap_entry *e, const struct oe_vs_view *view,
                              struct oe_row **prow);

/* oe_tab_key_cmp -- ESE's comparison of an index key S with a search key
 * K: K's length decides (a prefix match is equal), and a key shorter than
 * K that is its prefix sorts below it. */
int oe_tab_key_cmp(const uint8_t *s, uint32_t cs, const uint8_t *k, uint32_t ck);

/* oe_tab_row_lookup -- the row with this primary key (bookmark) and the
 * version the view sees, or NULL (absent or deleted for the view). In a
 * read section. */
struct oe_row *oe_tab_row_lookup(struct oe_table *t, const void *key, uint32_t cb,
                                 const struct oe_vs_view *view, struct oe_ver **pver);

/* oe_tab_entry_key_for -- the entry key of `rec` in index ix (S, or S||P
 * for a composite index; the primary key for the clustered index is the
 * row's key). *pindexed 0 when the record has no entry there. out holds
 * at least OE_OMAP_KEY_MAX bytes. */
JET_ERR oe_tab_entry_key_for(const struct oe_tdef *def, const struct oe_tab_ix *ix,
                             const struct oe_row *row, const struct oe_rec *rec,
                             uint8_t *out, uint32_t *pcb, int *pindexed);

/*
 * Writes, by session s (in a transaction: the cursor module wraps a write
 * outside one in its own transaction). Each runs inside ONE
 * oe_rcu_read_lock() section of the caller, in which the caller loaded
 * `def` once (oe_tab_def) -- the catalog's CreateIndex relies on it (it
 * publishes a descriptor, waits a grace period, then builds). The record
 * image `rec` always passes to the table, on failure too. Write-rule
 * failures (verstore.h): JET_errWriteConflict; the version budget:
 * JET_errVersionStoreOutOfMemory / JET_errVersionStoreEntryTooBig.
 * `snap` (0: none) narrows the writer's snapshot for the conflict check: a
 * prepared update passes the clock of its JetPrepareUpdate.
 */

/* oe_tab_insert -- insert `rec`; *prow (may be NULL) gets the row.
 * JET_errKeyDuplicate, key errors. */
JET_ERR oe_tab_insert(struct oe_session *s, struct oe_table *t, const struct oe_tdef *def,
                      struct oe_rec *rec, struct oe_row **prow);

/* oe_tab_replace -- a new version `rec` of row. JET_errRecordDeleted if the
 * row is deleted for s, JET_errRecordPrimaryChanged, JET_errKeyDuplicate. */
JET_ERR oe_tab_replace(struct oe_session *s, struct oe_table *t, const struct oe_tdef *def,
                       struct oe_row *row, uint64_t snap, struct oe_rec *rec);

/* oe_tab_delete -- a tombstone on row. JET_errRecordDeleted if it is
 * deleted for s already. */
JET_ERR oe_tab_delete(struct oe_session *s, struct oe_table *t, const struct oe_tdef *def,
                      struct oe_row *row, uint64_t snap);

/* oe_tab_lock -- a write lock on row (a lock version, invisible to readers,
 * conflicting like a write); nothing when s wrote the row already. */
JET_ERR oe_tab_lock(struct oe_session *s, struct oe_table *t, const struct oe_tdef *def,
                    struct oe_row *row, uint64_t snap);

#endif
