/*
 * dataset.h -- the records every engine's data workloads (insert,
 * insert-batch100, point-read, scan, cursor, lifecycle, update-heavy,
 * read-mostly, temp-sort) share: one key space, one payload, one random
 * stream per thread, one zipfian key choice, so each engine loads and
 * touches the same bytes.
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
 *
 * Updates (update-heavy, read-mostly) rewrite a record's payload with
 * bench_payload_update: the first 8 bytes stay the key, so every read can
 * still check that it got the record it asked for. Their keys follow a
 * zipfian distribution (theta 0.99, YCSB's), drawn ahead of time into a
 * shared read-only table of BENCH_ZIPF_DRAWS record numbers; each thread
 * walks it from its own random offset, so the measured loop pays no pow().
 * Rank r of the distribution is record r of stream 0, whose key is spread
 * by bench_mix: the hot records are scattered over the index (YCSB's
 * "scrambled zipfian").
 *
 * temp-sort sorts BENCH_SORT_KEY-byte random keys with BENCH_SORT_PAYLOAD
 * byte payloads, BENCH_SORT_REC bytes per record (bench_sort_input).
 */
#ifndef OPENESE_BENCH_DATASET_H
#define OPENESE_BENCH_DATASET_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BENCH_PAYLOAD 32    /* payload bytes of every record */
#define BENCH_SCAN_ROWS 100 /* rows read by one scan operation */
#define BENCH_BATCH_TXN 100 /* inserts per transaction in insert-batch100 */
#define BENCH_LOAD_TXN 1000 /* pre-load inserts per transaction */
#define BENCH_LIFE_INSERTS 4 /* inserts of one lifecycle operation */
/* Write conflicts in a row before a row fails. Each retry first yields the
 * CPU: the conflicting transaction's thread may be descheduled (2 vCPUs
 * shared with other work), and a retry loop that spins while it is off CPU
 * would only burn the time it needs to commit. */
#define BENCH_MAX_RETRY 1000000
#define BENCH_ZIPF_THETA 0.99
#define BENCH_ZIPF_DRAWS (1u << 16) /* precomputed draws; a power of two */
#define BENCH_SORT_KEY 16
#define BENCH_SORT_PAYLOAD 32
#define BENCH_SORT_REC (BENCH_SORT_KEY + BENCH_SORT_PAYLOAD)

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

/* bench_payload_update -- a new payload for key k: its key, then the
 * update's version in bytes 8..15, then the key again. */
static inline void bench_payload_update(uint64_t k, uint64_t version,
                                        unsigned char out[BENCH_PAYLOAD])
{
    bench_payload(k, out);
    memcpy(out + 8, &version, 8);
}

/* bench_zipf_table -- BENCH_ZIPF_DRAWS record numbers in [0, n) drawn from
 * a zipfian distribution with BENCH_ZIPF_THETA (Gray et al.'s method, as in
 * YCSB's ZipfianGenerator: zeta(n) summed once, O(n), then one pow per
 * draw), from a fixed seed so every engine gets the same table. Returns a
 * malloc'ed array (free it), or NULL when out of memory or n == 0. */
static inline uint64_t *bench_zipf_table(uint64_t n)
{
    const double theta = BENCH_ZIPF_THETA;
    double zetan = 0.0, zeta2 = 1.0 + pow(0.5, theta), alpha = 1.0 / (1.0 - theta), eta;
    uint64_t *out = n ? malloc(BENCH_ZIPF_DRAWS * sizeof *out) : NULL;
    uint64_t rng = bench_mix(0x21bfull) | 1;

    if (!out)
        return NULL;
    for (uint64_t i = 1; i <= n; i++)
        zetan += 1.0 / pow((double)i, theta);
    eta = (1.0 - pow(2.0 / (double)n, 1.0 - theta)) / (1.0 - zeta2 / zetan);
    for (uint32_t d = 0; d < BENCH_ZIPF_DRAWS; d++) {
        double u = (double)(bench_rng(&rng) >> 11) * 0x1p-53, uz = u * zetan;
        uint64_t r;
        if (uz < 1.0)
            r = 0;
        else if (uz < zeta2)
            r = 1;
        else
            r = (uint64_t)((double)n * pow(eta * u - eta + 1.0, alpha));
        out[d] = r < n ? r : n - 1;
    }
    return out;
}

/* One worker's insert counter (next[tid] of the data engines), alone on
 * its cache line: adjacent uint64_t counters put every insert of two
 * workers on one line, which moved between the cores on each key drawn
 * (perf: 3.5% of the 2-thread lifecycle in the benchmark's own loop). */
struct bench_counter {
    _Alignas(64) uint64_t n;
};

/* bench_counters -- n zeroed counters (free them), or NULL. */
static inline struct bench_counter *bench_counters(int n)
{
    struct bench_counter *c = aligned_alloc(64, (size_t)n * sizeof *c);
    if (c)
        memset(c, 0, (size_t)n * sizeof *c);
    return c;
}

/* bench_zipf_start -- a thread's starting offset in the zipf table. */
static inline uint32_t bench_zipf_start(int tid)
{
    return (uint32_t)bench_mix(0x2a11ull + (uint64_t)tid) & (BENCH_ZIPF_DRAWS - 1);
}

/* Percent of reads of the mixed workloads (the rest are updates). */
#define BENCH_READS_UPDATE_HEAVY 50
#define BENCH_READS_READ_MOSTLY 95

/* bench_sort_input -- n random records of BENCH_SORT_REC bytes (key then
 * payload) for thread tid, malloc'ed (free it), or NULL. */
static inline unsigned char *bench_sort_input(uint64_t n, int tid)
{
    unsigned char *in = malloc((size_t)n * BENCH_SORT_REC);
    uint64_t rng = bench_mix(0x50f7ull + (uint64_t)tid) | 1;

    if (!in)
        return NULL;
    for (size_t off = 0; off < (size_t)n * BENCH_SORT_REC; off += 8) {
        uint64_t x = bench_rng(&rng);
        memcpy(in + off, &x, 8);
    }
    return in;
}

#endif
