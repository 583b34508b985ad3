/*
 * slot_table.h -- type-stable slots addressed by a small integer index.
 *
 * The session table is one of these: a slot is a fixed-size element that,
 * once created, is never freed or moved while the process lives, so a
 * thread that decoded an index from a stale handle can always read the
 * slot's owner word safely and find out that the handle is stale (see
 * owner.h). Slots live in chunks of OE_SLOT_CHUNK elements; the directory
 * of chunk pointers is RCU-protected: growing it publishes a bigger copy
 * with a release store and retires the old copy after a grace period.
 *
 * Lookup is O(1): one RCU-protected load of the directory and one load of
 * the chunk pointer. It takes no lock and writes no shared memory. The
 * returned pointer stays valid after the read-side section ends, because
 * chunks are never freed.
 *
 * Index allocation: a global stack of free indices and a bump pointer, both
 * under one mutex that callers reach only on the slow path -- the session
 * layer keeps a per-thread cache of free indices in front of it.
 *
 * Sync matrix: lookup || lookup, lookup || grow, lookup || alloc/free: safe.
 * alloc/free/grow: serialised by the table mutex.
 */
#ifndef OE_SYNC_SLOT_TABLE_H
#define OE_SYNC_SLOT_TABLE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "rcu.h"

#define OE_SLOT_CHUNK_SHIFT 8
#define OE_SLOT_CHUNK (1u << OE_SLOT_CHUNK_SHIFT)

struct oe_slot_dir {
    uint32_t nchunks;          /* [imm] */
    struct rcu_head rcu;       /* [epoch] retirement of a replaced directory */
    void *chunks[];            /* [imm] once published; entries never change */
};

struct oe_slot_table {
    size_t elem_size;                       /* [imm] */
    uint32_t max_index;                     /* [imm] largest index handed out */
    void (*init_elem)(void *elem, uint32_t index); /* [imm] runs once per slot */
    _Atomic(struct oe_slot_dir *) dir;      /* [rcu] release store in grow, acquire in lookup */
    pthread_mutex_t lock;                   /* protects the fields below */
    uint32_t next_fresh;                    /* [mutex:lock] lowest never-used index */
    uint32_t *free_idx;                     /* [mutex:lock] stack of free indices */
    uint32_t nfree, cap_free;               /* [mutex:lock] */
};

/* oe_slot_table_init -- an empty table (allocates nothing yet). */
void oe_slot_table_init(struct oe_slot_table *t, size_t elem_size, uint32_t max_index,
                        void (*init_elem)(void *elem, uint32_t index));

/* oe_slot_lookup -- the slot with this index, or NULL if it was never created. */
static inline void *oe_slot_lookup(struct oe_slot_table *t, uint32_t index)
{
    void *elem = NULL;
    oe_rcu_read_lock();
    /* Acquire pairs with the release store that published the directory. */
    struct oe_slot_dir *d = atomic_load_explicit(&t->dir, memory_order_acquire);
    uint32_t c = index >> OE_SLOT_CHUNK_SHIFT;
    if (d && c < d->nchunks && d->chunks[c])
        elem = (char *)d->chunks[c] + (size_t)(index & (OE_SLOT_CHUNK - 1)) * t->elem_size;
    oe_rcu_read_unlock();
    return elem;
}

/* oe_slot_alloc_batch -- up to n free indices into out[] (creating slots as
 * needed); returns how many, 0 when memory or indices ran out. */
uint32_t oe_slot_alloc_batch(struct oe_slot_table *t, uint32_t *out, uint32_t n);

/* oe_slot_free_batch -- give n indices back (never fails, never allocates:
 * the free stack is sized when indices are created). */
void oe_slot_free_batch(struct oe_slot_table *t, const uint32_t *idx, uint32_t n);

/* oe_slot_table_destroy -- free every chunk (the engine's session table
 * lives as long as the process; tests make and drop their own). Not
 * concurrent with any other operation on the table. */
void oe_slot_table_destroy(struct oe_slot_table *t);

/* oe_slot_high_water -- one past the highest index ever created (for scans). */
uint32_t oe_slot_high_water(struct oe_slot_table *t);

#endif
