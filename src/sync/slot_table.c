/*
 * slot_table.c -- growth and index allocation for slot_table.h.
 */
#include "slot_table.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void oe_slot_table_init(struct oe_slot_table *t, size_t elem_size, uint32_t max_index,
                        void (*init_elem)(void *elem, uint32_t index))
{
    memset(t, 0, sizeof(*t));
    t->elem_size = elem_size;
    t->max_index = max_index;
    t->init_elem = init_elem;
    atomic_init(&t->dir, NULL);
    pthread_mutex_init(&t->lock, NULL);
    t->next_fresh = 1; /* index 0 is never a slot */
}

static void dir_free_cb(struct rcu_head *head)
{
    oe_rcu_grace_acquire();
    struct oe_slot_dir *d = caa_container_of(head, struct oe_slot_dir, rcu);
    oe_free_untracked(d, sizeof(*d) + d->nchunks * sizeof(void *));
}

/* add_chunk -- create the chunk holding index `first` (a multiple of the chunk
 * size) and publish a directory that contains it. Caller holds t->lock. */
static int add_chunk(struct oe_slot_table *t, uint32_t first)
{
    uint32_t c = first >> OE_SLOT_CHUNK_SHIFT;
    struct oe_slot_dir *old = atomic_load_explicit(&t->dir, memory_order_relaxed);
    uint32_t old_n = old ? old->nchunks : 0;

    /* The free stack must hold every index that exists, so that freeing never
     * allocates: grow it first. */
    uint32_t need = (c + 1) * OE_SLOT_CHUNK;
    if (need > t->cap_free) {
        uint32_t *nf = oe_malloc_untracked(need * sizeof(uint32_t));
        if (!nf)
            return 0;
        if (t->free_idx) {
            memcpy(nf, t->free_idx, t->nfree * sizeof(uint32_t));
            oe_free_untracked(t->free_idx, t->cap_free * sizeof(uint32_t));
        }
        t->free_idx = nf;
        t->cap_free = need;
    }

    void *chunk = oe_malloc_untracked(OE_SLOT_CHUNK * t->elem_size);
    if (!chunk)
        return 0;
    for (uint32_t i = 0; i < OE_SLOT_CHUNK; i++)
        t->init_elem((char *)chunk + (size_t)i * t->elem_size, first + i);

    /* Copy-on-write even when the directory has room: published
     * directories never change, so readers need no ordering per entry. */
    uint32_t new_n = old_n ? old_n : 4;
    while (new_n <= c)
        new_n *= 2;
    struct oe_slot_dir *d = oe_malloc_untracked(sizeof(*d) + new_n * sizeof(void *));
    if (!d) {
        oe_free_untracked(chunk, OE_SLOT_CHUNK * t->elem_size);
        return 0;
    }
    d->nchunks = new_n;
    for (uint32_t i = 0; i < new_n; i++)
        d->chunks[i] = i < old_n ? old->chunks[i] : NULL;
    d->chunks[c] = chunk;
    /* LP(grow): readers that load the new directory see the initialised chunk
     * (release pairs with the acquire in oe_slot_lookup). */
    atomic_store_explicit(&t->dir, d, memory_order_release);
    if (old)
        oe_call_rcu(&old->rcu, dir_free_cb);
    return 1;
}

uint32_t oe_slot_alloc_batch(struct oe_slot_table *t, uint32_t *out, uint32_t n)
{
    uint32_t got = 0;
    pthread_mutex_lock(&t->lock);
    while (got < n && t->nfree > 0)
        out[got++] = t->free_idx[--t->nfree];
    while (got < n && t->next_fresh <= t->max_index) {
        uint32_t idx = t->next_fresh;
        if ((idx & (OE_SLOT_CHUNK - 1)) == 0 || idx == 1) {
            uint32_t first = idx & ~(OE_SLOT_CHUNK - 1);
            struct oe_slot_dir *d = atomic_load_explicit(&t->dir, memory_order_relaxed);
            uint32_t c = first >> OE_SLOT_CHUNK_SHIFT;
            if (!(d && c < d->nchunks && d->chunks[c]) && !add_chunk(t, first))
                break;
        }
        t->next_fresh++;
        out[got++] = idx;
    }
    pthread_mutex_unlock(&t->lock);
    return got;
}

void oe_slot_free_batch(struct oe_slot_table *t, const uint32_t *idx, uint32_t n)
{
    pthread_mutex_lock(&t->lock);
    for (uint32_t i = 0; i < n; i++)
        t->free_idx[t->nfree++] = idx[i];
    pthread_mutex_unlock(&t->lock);
}

uint32_t oe_slot_high_water(struct oe_slot_table *t)
{
    pthread_mutex_lock(&t->lock);
    uint32_t hw = t->next_fresh;
    pthread_mutex_unlock(&t->lock);
    return hw;
}

void oe_slot_table_destroy(struct oe_slot_table *t)
{
    struct oe_slot_dir *d = atomic_load_explicit(&t->dir, memory_order_relaxed);
    if (d) {
        for (uint32_t i = 0; i < d->nchunks; i++)
            oe_free_untracked(d->chunks[i], d->chunks[i] ? OE_SLOT_CHUNK * t->elem_size : 0);
        oe_free_untracked(d, sizeof(*d) + d->nchunks * sizeof(void *));
    }
    if (t->free_idx)
        oe_free_untracked(t->free_idx, t->cap_free * sizeof(uint32_t));
    atomic_store_explicit(&t->dir, NULL, memory_order_relaxed);
    t->free_idx = NULL;
    t->nfree = t->cap_free = 0;
    pthread_mutex_destroy(&t->lock);
}
