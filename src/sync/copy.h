/*
 * copy.h -- oe_copy_small: memcpy for the short byte strings of the hot
 * paths (column values, normalized keys of a few bytes).
 *
 * A memcpy whose length is not a compile-time constant is a call into
 * libc: ~20 instructions and a call for the 4-, 8- or 9-byte values and
 * keys most operations move, each several times per insert. Up to 32
 * bytes, two overlapping copies of a fixed size do it in a few moves that
 * the compiler inlines; longer strings still go to memcpy.
 */
#ifndef OE_SYNC_COPY_H
#define OE_SYNC_COPY_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline void oe_copy_small(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (n >= 16 && n <= 32) {
        memcpy(d, s, 16);
        memcpy(d + n - 16, s + n - 16, 16);
    } else if (n >= 8 && n < 16) {
        memcpy(d, s, 8);
        memcpy(d + n - 8, s + n - 8, 8);
    } else if (n >= 4 && n < 8) {
        memcpy(d, s, 4);
        memcpy(d + n - 4, s + n - 4, 4);
    } else if (n < 4) {
        for (size_t i = 0; i < n; i++)
            d[i] = s[i];
    } else {
        memcpy(d, s, n);
    }
}

/* oe_copy_le8 -- the same for n <= 8 (a source of one 8-byte word). */
static inline void oe_copy_le8(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    if (n == 8) {
        memcpy(d, s, 8);
    } else if (n >= 4) {
        memcpy(d, s, 4);
        memcpy(d + n - 4, s + n - 4, 4);
    } else {
        for (size_t i = 0; i < n; i++)
            d[i] = s[i];
    }
}

#endif
