/*
 * resource.c -- the session's resource lists (see resource.h).
 */
#include "resource.h"

#include <stddef.h>

void oe_res_push(struct oe_res_list *l, struct oe_res *r, uint8_t level)
{
    r->level = level;
    r->prev = NULL;
    r->next = l->head;
    if (l->head)
        l->head->prev = r;
    l->head = r;
    l->count++;
}

void oe_res_unlink(struct oe_res_list *l, struct oe_res *r)
{
    if (r->prev)
        r->prev->next = r->next;
    else
        l->head = r->next;
    if (r->next)
        r->next->prev = r->prev;
    r->next = r->prev = NULL;
    l->count--;
}

JET_ERR oe_res_close_level_slow(struct oe_session *s, struct oe_res_list *l, uint8_t level)
{
    struct oe_res *r = l->head;
    while (r) {
        struct oe_res *next = r->next;
        if (r->level >= level) {
            /* Unlink first so that close may free the node's memory. */
            oe_res_unlink(l, r);
            JET_ERR err = r->ops->close(s, r);
            if (err < 0) {
                oe_res_push(l, r, r->level); /* keep it: the session stays usable */
                return err;
            }
        }
        r = next;
    }
    return JET_errSuccess;
}

void oe_res_relabel_slow(struct oe_res_list *l, uint8_t from, uint8_t to)
{
    for (struct oe_res *r = l->head; r; r = r->next)
        if (r->level == from)
            r->level = to;
}
