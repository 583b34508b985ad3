/*
 * btree_olc.h -- a B+tree with optimistic lock coupling, sketched only far
 * enough to be measured against the skiplist (src/sync/omap.c): insert,
 * point lookup and forward scan of fixed 16-byte keys. No delete, no
 * reclamation before destroy, no variable-length keys. See omap.h's header
 * essay for the comparison and why the engine does not use this shape.
 */
#ifndef OE_BENCH_BTREE_OLC_H
#define OE_BENCH_BTREE_OLC_H

#include <stddef.h>
#include <stdint.h>

struct bt_tree;

/* bt_create -- an empty tree, or NULL when out of memory. */
struct bt_tree *bt_create(void);
/* bt_destroy -- free everything (no concurrent use). */
void bt_destroy(struct bt_tree *t);
/* bt_insert -- insert key (16 bytes, memcmp order) unless present: 0
 * inserted, 1 present, -1 out of memory. */
int bt_insert(struct bt_tree *t, const unsigned char key[16], void *value);
/* bt_lookup -- the value for key, or NULL. */
void *bt_lookup(struct bt_tree *t, const unsigned char key[16]);
/* bt_scan -- visit up to n entries with key >= start in order; returns how
 * many were visited and adds their values (as integers) to *sump. */
size_t bt_scan(struct bt_tree *t, const unsigned char start[16], size_t n, uint64_t *sump);

#endif
