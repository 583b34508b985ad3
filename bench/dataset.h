/*
 * dataset.h -- the records every engine's data workloads (insert,
 * insert-batch100, point-read, scan, cursor) share: one key space, one
 * payload, one random stream per thread, so each engine loads and touches
 * the same bytes.
 *
 * A record is an 8-byte key and a 32-byte payload. Keys are unsigned 64-bit
 * integers compared as unsigned numbers: the peers store them big-endian
 * (memcmp order = numeric order); openese stores them in a LongLong column
 * with the sign bit flipped (bench_key_ose), so its signed order is the same
 * order and a scan reads the same rows in every engine.
 *
 * Key of record (stream, seq) = mix(stream << 40 | seq), mix a bijection of
 * 64-bit integers, so keys of distinct (stream, seq) never collide and are
 * spread uniformly over the key space (inserts land at random places in
 * the index, not at its end). Stream 0 is the pre-loaded set, seq in
 * [0, records); stream tid + 1 is what worker tid inserts, so threads insert
 * disjoint keys without coordination. --records is at most 10^12 < 2^40.
 */
#ifndef OPENESE_BENCH_DATASET_H
#define OPENESE_BENCH_DATASET_H

#include <stdint.h>
#include <string.h>

#define BENCH_PAYLOAD 32    /* payload bytes of every record */
#define BENCH_SCAN_ROWS 100 /* rows read by one scan operation */
#define BENCH_BATCH_TXN 100 /* inserts per transaction in insert-batch100 */
#define BENCH_LOAD_TXN 1000 /* pre-load inserts per transaction */

/* bench_mix -- a bijection of uint64 (xor-shift / odd-multiply steps, each
 * invertible), spreading consecutive ids over the whole key space. */
static inline uint64_t bench_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    x ^= x >> 31;
    return x;
}

/* bench_key -- key of record seq of stream (0 = pre-loaded, tid+1 = inserts). */
static inline uint64_t bench_key(uint64_t stream, uint64_t seq)
{
    return bench_mix(stream << 40 | seq);
}

/* bench_key_be -- the peers' key bytes: big-endian. */
static inline void bench_key_be(uint64_t k, unsigned char out[8])
{
    for (int i = 7; i >= 0; i--, k >>= 8)
        out[i] = (unsigned char)k;
}

/* bench_key_ose -- openese's LongLong value for key k: sign bit flipped so
 * that signed order equals the unsigned order of k. */
static inline int64_t bench_key_ose(uint64_t k)
{
    return (int64_t)(k ^ 0x8000000000000000ull);
}

/* bench_payload -- the 32-byte payload of key k (its 8 bytes, 4 times). */
static inline void bench_payload(uint64_t k, unsigned char out[BENCH_PAYLOAD])
{
    for (int i = 0; i < BENCH_PAYLOAD; i += 8)
        memcpy(out + i, &k, 8);
}

/* bench_rng -- a per-thread xorshift64* stream; state must be non-zero. */
static inline uint64_t bench_rng(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dull;
}

/* bench_rng_seed -- a distinct non-zero seed per thread. */
static inline uint64_t bench_rng_seed(int tid)
{
    return bench_mix(0x5eedull + (uint64_t)tid) | 1;
}

/* bench_pick -- a uniformly chosen pre-loaded key (records > 0). */
static inline uint64_t bench_pick(uint64_t *rng, uint64_t records)
{
    return bench_key(0, bench_rng(rng) % records);
}

#endif
