/*
 * sort.c -- the sort engine under temp (sort) tables: arena of records,
 * one index array sorted by an in-place MSD radix sort, and a block
 * directory over it for the materialized set. Design, memory bounds and
 * scaling: see the essay in sort.h.
 *
 * INVARIANTS (between calls):
 *   - every record lives in the arena (chunk list) until oe_sort_close;
 *     entries point at records, records never move;
 *   - an entry's prefix is the big-endian value of its key's first 8 bytes,
 *     zero-padded; since 0 is the least byte and a shorter key sorts first,
 *     prefix order never contradicts oe_key_compare: unequal prefixes
 *     decide, equal ones defer to the full key;
 *   - after the insert phase (or from the start with ERROR_ON_DUPLICATE)
 *     the directory holds cblk non-empty blocks whose concatenation is
 *     sorted by (key, payload); in a materialized set keys are distinct;
 *   - a view block (centMax == 0) is a slice of rgentBase used by no other
 *     block, so it may shrink in place; growing it first copies it into an
 *     owned block (copy on write);
 *   - crec is the sum of the blocks' counts.
 */
#include "core/sort.h"

#include <stdbool.h>
#include <string.h>

#include "core/err.h"
#include "core/key.h"
#include "sync/alloc.h"

#define SRT_CHUNK_MIN (64u * 1024)       /* first arena chunk */
#define SRT_CHUNK_MAX (4u * 1024 * 1024) /* chunks double up to this */
#define SRT_VIEW 256u                    /* entries per view block */
#define SRT_BLK_MAX 512u                 /* capacity of an owned block */
#define SRT_SMALL 48u                    /* insertion sort below this */

/* One record in the arena: key bytes then payload bytes. */
struct srt_rec {
    uint32_t cbKey;  /* [owner] */
    uint32_t cbData; /* [owner] */
    uint8_t rgb[];   /* [owner] key, then payload */
};

/* One arena chunk; records are packed at 8-byte alignment. */
struct srt_chunk {
    struct srt_chunk *next; /* [owner] next (younger) chunk */
    size_t cb;              /* [owner] capacity of rgb */
    size_t cbUsed;          /* [owner] bytes of rgb in use */
    _Alignas(8) uint8_t rgb[];
};

/* One index entry: the sort permutes these, never the records. */
struct srt_ent {
    uint64_t prefix;     /* [owner] first 8 key bytes, big-endian, 0-padded */
    struct srt_rec *rec; /* [owner] */
};

/* One block of the directory: a run of consecutive entries. */
struct srt_blk {
    struct srt_ent *rgent; /* [owner] view into rgentBase, or owned */
    uint32_t cent;         /* [owner] entries in use (> 0) */
    uint32_t centMax;      /* [owner] 0: a view; else owned, SRT_BLK_MAX */
};

enum srt_pos { POS_BEFORE, POS_ON, POS_AFTER, POS_GAP };

struct oe_sort {
    uint32_t flags;  /* [imm] OE_SORT_* (ERROR_ON_DUPLICATE adds MATERIALIZE) */
    bool fInsert;    /* [owner] still in the insert phase */
    bool fIndexed;   /* [owner] the directory is live (ERROR_ON_DUPLICATE: always) */

    /* arena */
    struct srt_chunk *chunkFirst; /* [owner] oldest chunk (walk order) */
    struct srt_chunk *chunkLast;  /* [owner] chunk being filled */
    size_t cbChunkNext;           /* [owner] size of the next chunk */
    uint64_t crecAppended;        /* [owner] records appended in the insert phase */

    /* index */
    struct srt_ent *rgentBase; /* [owner] the one sorted index array */
    size_t centBase;           /* [owner] its allocated length */
    struct srt_blk *rgblk;     /* [owner] the directory */
    uint32_t cblk;             /* [owner] blocks in use */
    uint32_t cblkMax;          /* [owner] directory capacity */
    uint64_t crec;             /* [owner] records in the set */
    uint64_t gen;              /* [owner] bumped by every update */

    /* currency (the temp table's one cursor position) */
    enum srt_pos pos;      /* [owner] */
    struct srt_rec *recPos; /* [owner] current record (ON) or deleted one (GAP) */
    uint32_t iblk, ient;   /* [owner] ON: the entry; GAP: its successor */
    uint64_t genPos;       /* [owner] gen at which iblk/ient were valid */
    bool fPastFirst;       /* [owner] forward-only stream moved beyond record 0 */
};

/* ---- records and keys ----------------------------------------------------- */

/* rec_size -- arena bytes of a record: header, key, payload, 8-aligned. */
static inline size_t rec_size(size_t cbKey, size_t cbData)
{
    return (sizeof(struct srt_rec) + cbKey + cbData + 7) & ~(size_t)7;
}

static inline const uint8_t *rec_key(const struct srt_rec *r) { return r->rgb; }
static inline const uint8_t *rec_data(const struct srt_rec *r) { return r->rgb + r->cbKey; }

/* key_prefix -- the radix digits of a key: its first 8 bytes as a
 * big-endian integer, zero-padded, so integer order is byte order. */
static inline uint64_t key_prefix(const uint8_t *pb, uint32_t cb)
{
    uint64_t v = 0;
    if (cb >= 8)
        memcpy(&v, pb, 8);
    else if (cb > 0)
        memcpy(&v, pb, cb);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/* ent_cmp_key -- an entry against a search key (prefix first: cheap). */
static inline int ent_cmp_key(const struct srt_ent *e, uint64_t pfx, const uint8_t *pb, uint32_t cb)
{
    if (e->prefix != pfx)
        return e->prefix < pfx ? -1 : 1;
    return oe_key_compare(rec_key(e->rec), e->rec->cbKey, pb, cb);
}

/* ent_cmp_keyonly -- two entries by key: the duplicate test. */
static inline int ent_cmp_keyonly(const struct srt_ent *a, const struct srt_ent *b)
{
    return ent_cmp_key(a, b->prefix, rec_key(b->rec), b->rec->cbKey);
}

/* ent_cmp -- the sort order: key, then payload (ESE's ISORTICmpKeyData),
 * a total order, so the output is independent of insertion order. */
static inline int ent_cmp(const struct srt_ent *a, const struct srt_ent *b)
{
    if (a->prefix != b->prefix)
        return a->prefix < b->prefix ? -1 : 1;
    int c = oe_key_compare(rec_key(a->rec), a->rec->cbKey, rec_key(b->rec), b->rec->cbKey);
    if (c != 0)
        return c;
    return oe_key_compare(rec_data(a->rec), a->rec->cbData, rec_data(b->rec), b->rec->cbData);
}

/* ---- arena ------------------------------------------------------------------ */

/* arena_alloc -- room for one record; a new chunk when the current one is
 * full (the rest of it is left unused). NULL when out of memory. */
static struct srt_rec *arena_alloc(struct oe_sort *sort, size_t cb)
{
    struct srt_chunk *c = sort->chunkLast;
    if (c == NULL || c->cb - c->cbUsed < cb) {
        size_t cbNew = sort->cbChunkNext;
        if (cbNew < cb)
            cbNew = cb; /* an oversized record gets a chunk of its own */
        c = oe_malloc(sizeof(struct srt_chunk) + cbNew);
        if (c == NULL)
            return NULL;
        c->next = NULL;
        c->cb = cbNew;
        c->cbUsed = 0;
        if (sort->chunkLast != NULL)
            sort->chunkLast->next = c;
        else
            sort->chunkFirst = c;
        sort->chunkLast = c;
        if (sort->cbChunkNext < SRT_CHUNK_MAX)
            sort->cbChunkNext *= 2;
    }
    struct srt_rec *r = (struct srt_rec *)(c->rgb + c->cbUsed);
    c->cbUsed += cb;
    return r;
}

/* rec_new -- copy key and payload into the arena. */
static struct srt_rec *rec_new(struct oe_sort *sort, const void *pvKey, uint32_t cbKey,
                               const void *pvData, uint32_t cbData)
{
    struct srt_rec *r = arena_alloc(sort, rec_size(cbKey, cbData));
    if (r == NULL)
        return NULL;
    r->cbKey = cbKey;
    r->cbData = cbData;
    if (cbKey > 0)
        memcpy(r->rgb, pvKey, cbKey);
    if (cbData > 0)
        memcpy(r->rgb + cbKey, pvData, cbData);
    return r;
}

/* ---- sorting the index array ---------------------------------------------- */

/* ent_isort -- insertion sort for small ranges (full comparator). */
static void ent_isort(struct srt_ent *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct srt_ent e = a[i];
        size_t j = i;
        while (j > 0 && ent_cmp(&a[j - 1], &e) > 0) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = e;
    }
}

static inline void ent_swap(struct srt_ent *a, struct srt_ent *b)
{
    struct srt_ent t = *a;
    *a = *b;
    *b = t;
}

/* ent_qsort -- quicksort on the full comparator, for buckets whose 8
 * prefix bytes are all equal; recursion on the smaller side keeps the
 * stack O(log n). */
static void ent_qsort(struct srt_ent *a, size_t n)
{
    while (n > SRT_SMALL) {
        /* median of three to a[0] */
        size_t m = n / 2;
        if (ent_cmp(&a[m], &a[0]) < 0)
            ent_swap(&a[m], &a[0]);
        if (ent_cmp(&a[n - 1], &a[0]) < 0)
            ent_swap(&a[n - 1], &a[0]);
        if (ent_cmp(&a[n - 1], &a[m]) < 0)
            ent_swap(&a[n - 1], &a[m]);
        ent_swap(&a[0], &a[m]); /* pivot at a[0] */
        size_t i = 1, j = n - 1;
        for (;;) {
            while (i <= j && ent_cmp(&a[i], &a[0]) < 0)
                i++;
            while (j >= i && ent_cmp(&a[j], &a[0]) > 0)
                j--;
            if (i >= j)
                break;
            ent_swap(&a[i++], &a[j--]);
        }
        ent_swap(&a[0], &a[j]);
        /* [0, j) <= pivot, a[j] pivot, (j, n) >= pivot */
        if (j < n - j - 1) {
            ent_qsort(a, j);
            a += j + 1;
            n -= j + 1;
        } else {
            ent_qsort(a + j + 1, n - j - 1);
            n = j;
        }
    }
    ent_isort(a, n);
}

/* ent_radix -- American flag sort on prefix byte `depth` (0 = most
 * significant), in place: count, permute by cycles, recurse per bucket.
 * After 8 bytes the prefixes are equal and the full key decides. */
static void ent_radix(struct srt_ent *a, size_t n, unsigned depth)
{
    for (;;) {
        if (n <= SRT_SMALL) {
            ent_isort(a, n);
            return;
        }
        if (depth == 8) {
            ent_qsort(a, n);
            return;
        }
        unsigned shift = 56 - 8 * depth;
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++)
            count[(a[i].prefix >> shift) & 0xff]++;
        unsigned only = (unsigned)((a[0].prefix >> shift) & 0xff);
        if (count[only] == n) { /* one bucket: next digit, no permutation */
            depth++;
            continue;
        }
        size_t next[256], end[256];
        size_t s = 0;
        for (unsigned b = 0; b < 256; b++) {
            next[b] = s;
            s += count[b];
            end[b] = s;
        }
        for (unsigned b = 0; b < 256; b++) {
            while (next[b] < end[b]) {
                struct srt_ent v = a[next[b]];
                unsigned k = (unsigned)((v.prefix >> shift) & 0xff);
                while (k != b) {
                    struct srt_ent t = a[next[k]];
                    a[next[k]++] = v;
                    v = t;
                    k = (unsigned)((v.prefix >> shift) & 0xff);
                }
                a[next[b]++] = v;
            }
        }
        size_t start = 0;
        for (unsigned b = 0; b < 256; b++) {
            if (count[b] > 1)
                ent_radix(a + start, count[b], depth + 1);
            start += count[b];
        }
        return;
    }
}

/* ent_dedupe -- keep the first of each run of equal keys (the smallest
 * payload, by the sort order); returns the new length. */
static size_t ent_dedupe(struct srt_ent *a, size_t n)
{
    if (n == 0)
        return 0;
    size_t w = 1;
    for (size_t i = 1; i < n; i++) {
        if (ent_cmp_keyonly(&a[i], &a[w - 1]) != 0)
            a[w++] = a[i];
    }
    return w;
}

/* ---- open / close / end of insertion -------------------------------------- */

/* oe_sort_open -- see sort.h. */
JET_ERR oe_sort_open(uint32_t flags, struct oe_sort **psortp)
{
    if (psortp == NULL)
        return OE_ERR(JET_errInvalidParameter);
    *psortp = NULL;
    if ((flags & ~(uint32_t)OE_SORT_ALL) != 0)
        return OE_ERR(JET_errInvalidParameter);
    if (flags & OE_SORT_ERROR_ON_DUPLICATE)
        flags |= OE_SORT_MATERIALIZE;
    if ((flags & OE_SORT_MATERIALIZE) && (flags & OE_SORT_UNIQUE))
        return OE_ERR(JET_errInvalidParameter);
    struct oe_sort *sort = oe_calloc(sizeof(*sort));
    if (sort == NULL)
        return OE_ERR(JET_errOutOfMemory);
    sort->flags = flags;
    sort->fInsert = true;
    sort->fIndexed = (flags & OE_SORT_ERROR_ON_DUPLICATE) != 0;
    sort->cbChunkNext = SRT_CHUNK_MIN;
    sort->pos = POS_BEFORE;
    *psortp = sort;
    return JET_errSuccess;
}

/* index_free -- drop the directory, owned blocks and the index array. */
static void index_free(struct oe_sort *sort)
{
    for (uint32_t b = 0; b < sort->cblk; b++) {
        if (sort->rgblk[b].centMax != 0)
            oe_free(sort->rgblk[b].rgent, sizeof(struct srt_ent) * sort->rgblk[b].centMax);
    }
    oe_free(sort->rgblk, sizeof(struct srt_blk) * sort->cblkMax);
    oe_free(sort->rgentBase, sizeof(struct srt_ent) * sort->centBase);
    sort->rgblk = NULL;
    sort->cblk = sort->cblkMax = 0;
    sort->rgentBase = NULL;
    sort->centBase = 0;
}

/* oe_sort_close -- see sort.h. Frees only: the close path of a temp table
 * (and JetEndSession) must not allocate. */
void oe_sort_close(struct oe_sort *sort)
{
    if (sort == NULL)
        return;
    index_free(sort);
    struct srt_chunk *c = sort->chunkFirst;
    while (c != NULL) {
        struct srt_chunk *next = c->next;
        oe_free(c, sizeof(struct srt_chunk) + c->cb);
        c = next;
    }
    oe_free(sort, sizeof(*sort));
}

/* oe_sort_end_insert -- see sort.h. All allocations come first, so a
 * failure leaves the insert phase exactly as it was. */
JET_ERR oe_sort_end_insert(struct oe_sort *sort)
{
    if (!sort->fInsert)
        return JET_errSuccess;
    if (sort->fIndexed) { /* ERROR_ON_DUPLICATE: already the final set */
        sort->fInsert = false;
        return JET_errSuccess;
    }
    size_t n = (size_t)sort->crecAppended;
    struct srt_ent *a = NULL;
    struct srt_blk *rgblk = NULL;
    if (n > 0) {
        a = oe_malloc(sizeof(struct srt_ent) * n);
        if (a == NULL)
            return OE_ERR(JET_errOutOfMemory);
        /* one sequential walk of the arena, in insertion order */
        size_t i = 0;
        for (struct srt_chunk *c = sort->chunkFirst; c != NULL; c = c->next) {
            for (size_t off = 0; off < c->cbUsed;) {
                struct srt_rec *r = (struct srt_rec *)(c->rgb + off);
                a[i].prefix = key_prefix(rec_key(r), r->cbKey);
                a[i].rec = r;
                i++;
                off += rec_size(r->cbKey, r->cbData);
            }
        }
        ent_radix(a, n, 0);
    }
    size_t m = n;
    if (sort->flags & (OE_SORT_MATERIALIZE | OE_SORT_UNIQUE))
        m = ent_dedupe(a, n);
    uint32_t cblk = (uint32_t)((m + SRT_VIEW - 1) / SRT_VIEW);
    if (cblk > 0) {
        rgblk = oe_malloc(sizeof(struct srt_blk) * cblk);
        if (rgblk == NULL) {
            oe_free(a, sizeof(struct srt_ent) * n);
            return OE_ERR(JET_errOutOfMemory);
        }
        for (uint32_t b = 0; b < cblk; b++) {
            size_t lo = (size_t)b * SRT_VIEW;
            rgblk[b].rgent = a + lo;
            rgblk[b].cent = (uint32_t)(m - lo < SRT_VIEW ? m - lo : SRT_VIEW);
            rgblk[b].centMax = 0;
        }
    }
    sort->rgentBase = a;
    sort->centBase = n;
    sort->rgblk = rgblk;
    sort->cblk = sort->cblkMax = cblk;
    sort->crec = m;
    sort->fInsert = false;
    sort->fIndexed = true;
    sort->pos = POS_BEFORE;
    return JET_errSuccess;
}

/* sort_ready -- reads end the insert phase (ESE: the first move). */
static inline JET_ERR sort_ready(struct oe_sort *sort)
{
    return sort->fInsert ? oe_sort_end_insert(sort) : JET_errSuccess;
}

/* ---- positions in the directory ------------------------------------------- */

/* dir_lower_bound -- the first entry whose key is >= (strict: >) the search
 * key, as (*piblk, *pient); (cblk, 0) when there is none. */
static void dir_lower_bound(const struct oe_sort *sort, const uint8_t *pb, uint32_t cb,
                            bool fStrict, uint32_t *piblk, uint32_t *pient)
{
    uint64_t pfx = key_prefix(pb, cb);
    /* first block whose last entry qualifies */
    uint32_t lo = 0, hi = sort->cblk;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const struct srt_blk *k = &sort->rgblk[mid];
        int c = ent_cmp_key(&k->rgent[k->cent - 1], pfx, pb, cb);
        if (fStrict ? c > 0 : c >= 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    *piblk = lo;
    *pient = 0;
    if (lo == sort->cblk)
        return;
    const struct srt_blk *k = &sort->rgblk[lo];
    uint32_t l = 0, h = k->cent - 1; /* the last entry qualifies */
    while (l < h) {
        uint32_t mid = l + (h - l) / 2;
        int c = ent_cmp_key(&k->rgent[mid], pfx, pb, cb);
        if (fStrict ? c > 0 : c >= 0)
            h = mid;
        else
            l = mid + 1;
    }
    *pient = l;
}

/* pos_refresh -- after an update, find the position again by the key of
 * the current (or just deleted) record. */
static void pos_refresh(struct oe_sort *sort)
{
    if ((sort->pos == POS_ON || sort->pos == POS_GAP) && sort->genPos != sort->gen) {
        const struct srt_rec *r = sort->recPos;
        dir_lower_bound(sort, rec_key(r), r->cbKey, false, &sort->iblk, &sort->ient);
    }
    sort->genPos = sort->gen;
}

/* pos_set_on -- become current on (b, i). */
static inline void pos_set_on(struct oe_sort *sort, uint32_t b, uint32_t i)
{
    sort->pos = POS_ON;
    sort->iblk = b;
    sort->ient = i;
    sort->recPos = sort->rgblk[b].rgent[i].rec;
    sort->genPos = sort->gen;
    if (b != 0 || i != 0)
        sort->fPastFirst = true;
}

/* pos_forward -- crow (> 0) records forward from entry (b, i) counted as
 * step 1; lands on a record or after last. */
static JET_ERR pos_forward(struct oe_sort *sort, uint32_t b, uint32_t i, int64_t crow)
{
    /* (b, i) is the first record reached: crow - 1 more steps */
    int64_t left = crow - 1;
    while (b < sort->cblk) {
        int64_t avail = (int64_t)sort->rgblk[b].cent - 1 - i;
        if (left <= avail) {
            pos_set_on(sort, b, i + (uint32_t)left);
            return JET_errSuccess;
        }
        left -= avail + 1;
        b++;
        i = 0;
    }
    sort->pos = POS_AFTER;
    sort->fPastFirst = true;
    return OE_ERR(JET_errNoCurrentRecord);
}

/* pos_backward -- crow (> 0) records back from entry (b, i) counted as
 * step 1; lands on a record or before first. */
static JET_ERR pos_backward(struct oe_sort *sort, uint32_t b, uint32_t i, int64_t crow)
{
    int64_t left = crow - 1;
    for (;;) {
        if ((int64_t)i >= left) {
            pos_set_on(sort, b, i - (uint32_t)left);
            return JET_errSuccess;
        }
        left -= (int64_t)i + 1;
        if (b == 0)
            break;
        b--;
        i = sort->rgblk[b].cent - 1;
    }
    sort->pos = POS_BEFORE;
    return OE_ERR(JET_errNoCurrentRecord);
}

/* oe_sort_move -- see sort.h. */
JET_ERR oe_sort_move(struct oe_sort *sort, int32_t crow)
{
    JET_ERR err = JET_errSuccess;
    OE_CALL(sort_ready(sort));
    pos_refresh(sort);
    bool fForwardOnly = !(sort->flags & OE_SORT_MATERIALIZE);
    if (crow == JET_MoveFirst) {
        if (fForwardOnly && sort->fPastFirst)
            OE_ERROR(JET_errIllegalOperation);
        if (sort->cblk == 0) {
            sort->pos = POS_BEFORE;
            OE_ERROR(JET_errNoCurrentRecord);
        }
        pos_set_on(sort, 0, 0);
        return JET_errSuccess;
    }
    if (crow == JET_MoveLast) {
        if (fForwardOnly)
            OE_ERROR(JET_errIllegalOperation);
        if (sort->cblk == 0) {
            sort->pos = POS_AFTER;
            OE_ERROR(JET_errNoCurrentRecord);
        }
        pos_set_on(sort, sort->cblk - 1, sort->rgblk[sort->cblk - 1].cent - 1);
        return JET_errSuccess;
    }
    if (crow == 0)
        return sort->pos == POS_ON ? JET_errSuccess : OE_ERR(JET_errNoCurrentRecord);
    if (crow > 0) {
        switch (sort->pos) {
        case POS_BEFORE:
            return pos_forward(sort, 0, 0, crow);
        case POS_GAP: /* the successor of the deleted record is step 1 */
            return pos_forward(sort, sort->iblk, sort->ient, crow);
        case POS_ON: {
            uint32_t b = sort->iblk, i = sort->ient + 1;
            if (i == sort->rgblk[b].cent) {
                b++;
                i = 0;
            }
            return pos_forward(sort, b, i, crow);
        }
        case POS_AFTER:
        default:
            return OE_ERR(JET_errNoCurrentRecord);
        }
    }
    if (fForwardOnly)
        OE_ERROR(JET_errIllegalOperation);
    {
        int64_t back = -(int64_t)crow;
        uint32_t b, i;
        switch (sort->pos) {
        case POS_BEFORE:
            return OE_ERR(JET_errNoCurrentRecord);
        case POS_AFTER:
            b = sort->cblk;
            i = 0;
            break;
        case POS_GAP:
        case POS_ON:
        default:
            b = sort->iblk;
            i = sort->ient;
            break;
        }
        /* step 1 is the entry before (b, i) */
        if (i > 0) {
            i--;
        } else if (b > 0) {
            b--;
            i = sort->rgblk[b].cent - 1;
        } else {
            sort->pos = POS_BEFORE;
            return OE_ERR(JET_errNoCurrentRecord);
        }
        return pos_backward(sort, b, i, back);
    }
handle_error:
    return err;
}

/* oe_sort_seek -- see sort.h. */
JET_ERR oe_sort_seek(struct oe_sort *sort, const void *pvKey, uint32_t cbKey,
                     enum oe_sort_seek rel)
{
    JET_ERR err = JET_errSuccess;
    if ((pvKey == NULL && cbKey > 0) || cbKey > OE_KEY_CB_BUFFER || (unsigned)rel > OE_SORT_GT)
        OE_ERROR(JET_errInvalidParameter);
    OE_CALL(sort_ready(sort));
    if (!(sort->flags & OE_SORT_MATERIALIZE))
        OE_ERROR(JET_errIllegalOperation);
    pos_refresh(sort);
    const uint8_t *pb = pvKey;
    bool fStrict = (rel == OE_SORT_GT || rel == OE_SORT_LE);
    uint32_t b, i;
    dir_lower_bound(sort, pb, cbKey, fStrict, &b, &i);
    if (rel == OE_SORT_LT || rel == OE_SORT_LE) {
        if (i > 0) {
            i--;
        } else if (b > 0) {
            b--;
            i = sort->rgblk[b].cent - 1;
        } else {
            OE_ERROR(JET_errRecordNotFound);
        }
    } else if (b == sort->cblk) {
        OE_ERROR(JET_errRecordNotFound);
    }
    const struct srt_rec *r = sort->rgblk[b].rgent[i].rec;
    bool fEqual = oe_key_compare(rec_key(r), r->cbKey, pb, cbKey) == 0;
    if (rel == OE_SORT_EQ && !fEqual)
        OE_ERROR(JET_errRecordNotFound);
    pos_set_on(sort, b, i);
    return ((rel == OE_SORT_GE || rel == OE_SORT_LE) && !fEqual) ? JET_wrnSeekNotEqual
                                                                 : JET_errSuccess;
handle_error:
    return err;
}

/* oe_sort_current -- see sort.h. */
JET_ERR oe_sort_current(struct oe_sort *sort, const uint8_t **ppbKey, uint32_t *pcbKey,
                        const uint8_t **ppbData, uint32_t *pcbData)
{
    if (sort->fInsert || sort->pos != POS_ON)
        return OE_ERR(JET_errNoCurrentRecord);
    const struct srt_rec *r = sort->recPos;
    if (ppbKey)
        *ppbKey = rec_key(r);
    if (pcbKey)
        *pcbKey = r->cbKey;
    if (ppbData)
        *ppbData = rec_data(r);
    if (pcbData)
        *pcbData = r->cbData;
    return JET_errSuccess;
}

/* oe_sort_count -- see sort.h. */
JET_ERR oe_sort_count(struct oe_sort *sort, uint64_t *pcrec)
{
    JET_ERR err = sort_ready(sort);
    if (err < 0)
        return err;
    *pcrec = sort->crec;
    return JET_errSuccess;
}

/* oe_sort_goto_ordinal -- see sort.h: O(n/256) over the directory. */
JET_ERR oe_sort_goto_ordinal(struct oe_sort *sort, uint64_t irec)
{
    JET_ERR err = JET_errSuccess;
    OE_CALL(sort_ready(sort));
    if (!(sort->flags & OE_SORT_MATERIALIZE))
        OE_ERROR(JET_errIllegalOperation);
    for (uint32_t b = 0; b < sort->cblk; b++) {
        if (irec < sort->rgblk[b].cent) {
            pos_set_on(sort, b, (uint32_t)irec);
            return JET_errSuccess;
        }
        irec -= sort->rgblk[b].cent;
    }
    sort->pos = POS_AFTER;
    OE_ERROR(JET_errNoCurrentRecord);
handle_error:
    return err;
}

/* oe_sort_ordinal -- see sort.h. */
JET_ERR oe_sort_ordinal(struct oe_sort *sort, uint64_t *pirec)
{
    if (!(sort->flags & OE_SORT_MATERIALIZE))
        return OE_ERR(JET_errIllegalOperation);
    if (sort->fInsert || sort->pos != POS_ON)
        return OE_ERR(JET_errNoCurrentRecord);
    pos_refresh(sort);
    uint64_t n = sort->ient;
    for (uint32_t b = 0; b < sort->iblk; b++)
        n += sort->rgblk[b].cent;
    *pirec = n;
    return JET_errSuccess;
}

/* ---- updates of the materialized set -------------------------------------- */

/* set_insert -- insert into the directory. Every allocation (an owned
 * block for copy-on-write or a split, a bigger directory, the record)
 * happens before the first change, so a failure changes nothing. */
static JET_ERR set_insert(struct oe_sort *sort, const void *pvKey, uint32_t cbKey,
                          const void *pvData, uint32_t cbData)
{
    uint32_t b, i;
    uint64_t pfx = key_prefix(pvKey, cbKey);
    dir_lower_bound(sort, pvKey, cbKey, false, &b, &i);
    if (b < sort->cblk && ent_cmp_key(&sort->rgblk[b].rgent[i], pfx, pvKey, cbKey) == 0)
        return OE_ERR(JET_errKeyDuplicate);
    if (b == sort->cblk && b > 0) { /* append to the last block */
        b--;
        i = sort->rgblk[b].cent;
    }
    bool fNewBlk = sort->cblk == 0;     /* first block of an empty set */
    bool fCow = !fNewBlk && sort->rgblk[b].centMax == 0;
    bool fSplit = !fNewBlk && !fCow && sort->rgblk[b].cent == SRT_BLK_MAX;
    bool fDirSlot = fNewBlk || fSplit;
    struct srt_ent *rgentNew = NULL;
    struct srt_blk *rgblkNew = NULL;
    uint32_t cblkMaxNew = sort->cblkMax;
    if (fNewBlk || fCow || fSplit) {
        rgentNew = oe_malloc(sizeof(struct srt_ent) * SRT_BLK_MAX);
        if (rgentNew == NULL)
            return OE_ERR(JET_errOutOfMemory);
    }
    if (fDirSlot && sort->cblk == sort->cblkMax) {
        cblkMaxNew = sort->cblkMax < 8 ? 8 : sort->cblkMax * 2;
        rgblkNew = oe_malloc(sizeof(struct srt_blk) * cblkMaxNew);
        if (rgblkNew == NULL) {
            oe_free(rgentNew, sizeof(struct srt_ent) * SRT_BLK_MAX);
            return OE_ERR(JET_errOutOfMemory);
        }
    }
    struct srt_rec *r = rec_new(sort, pvKey, cbKey, pvData, cbData);
    if (r == NULL) {
        oe_free(rgblkNew, sizeof(struct srt_blk) * cblkMaxNew);
        oe_free(rgentNew, sizeof(struct srt_ent) * SRT_BLK_MAX);
        return OE_ERR(JET_errOutOfMemory);
    }
    /* no failure from here on */
    if (rgblkNew != NULL) {
        if (sort->cblk > 0)
            memcpy(rgblkNew, sort->rgblk, sizeof(struct srt_blk) * sort->cblk);
        oe_free(sort->rgblk, sizeof(struct srt_blk) * sort->cblkMax);
        sort->rgblk = rgblkNew;
        sort->cblkMax = cblkMaxNew;
    }
    struct srt_blk *k;
    if (fNewBlk) {
        b = 0;
        i = 0;
        sort->rgblk[0] = (struct srt_blk){.rgent = rgentNew, .cent = 0, .centMax = SRT_BLK_MAX};
        sort->cblk = 1;
    } else if (fCow) {
        k = &sort->rgblk[b];
        memcpy(rgentNew, k->rgent, sizeof(struct srt_ent) * k->cent);
        k->rgent = rgentNew;
        k->centMax = SRT_BLK_MAX;
    } else if (fSplit) {
        const uint32_t half = SRT_BLK_MAX / 2;
        k = &sort->rgblk[b];
        memcpy(rgentNew, k->rgent + half, sizeof(struct srt_ent) * half);
        k->cent = half;
        memmove(&sort->rgblk[b + 2], &sort->rgblk[b + 1],
                sizeof(struct srt_blk) * (sort->cblk - b - 1));
        sort->rgblk[b + 1] =
            (struct srt_blk){.rgent = rgentNew, .cent = half, .centMax = SRT_BLK_MAX};
        sort->cblk++;
        if (i > half) {
            b++;
            i -= half;
        }
    }
    k = &sort->rgblk[b];
    memmove(&k->rgent[i + 1], &k->rgent[i], sizeof(struct srt_ent) * (k->cent - i));
    k->rgent[i].prefix = pfx;
    k->rgent[i].rec = r;
    k->cent++;
    sort->crec++;
    sort->gen++;
    return JET_errSuccess;
}

/* oe_sort_insert -- see sort.h. */
JET_ERR oe_sort_insert(struct oe_sort *sort, const void *pvKey, uint32_t cbKey,
                       const void *pvData, uint32_t cbData)
{
    if ((pvKey == NULL && cbKey > 0) || (pvData == NULL && cbData > 0) ||
        cbKey > OE_KEY_CB_BUFFER)
        return OE_ERR(JET_errInvalidParameter);
    if (sort->fIndexed) {
        if (!(sort->flags & OE_SORT_MATERIALIZE))
            return OE_ERR(JET_errIllegalOperation);
        return set_insert(sort, pvKey, cbKey, pvData, cbData);
    }
    /* insert phase: append only */
    if (rec_new(sort, pvKey, cbKey, pvData, cbData) == NULL)
        return OE_ERR(JET_errOutOfMemory);
    sort->crecAppended++;
    return JET_errSuccess;
}

/* set_updatable -- checks shared by delete and replace. */
static JET_ERR set_updatable(struct oe_sort *sort)
{
    if (sort->fInsert)
        return OE_ERR(JET_errNoCurrentRecord);
    if (!(sort->flags & OE_SORT_MATERIALIZE))
        return OE_ERR(JET_errIllegalOperation);
    if (sort->pos != POS_ON)
        return OE_ERR(JET_errNoCurrentRecord);
    pos_refresh(sort);
    return JET_errSuccess;
}

/* oe_sort_delete -- see sort.h. A view shrinks in place (its slice is
 * its own), so deleting never allocates. */
JET_ERR oe_sort_delete(struct oe_sort *sort)
{
    OE_CALL_R(set_updatable(sort));
    uint32_t b = sort->iblk, i = sort->ient;
    struct srt_blk *k = &sort->rgblk[b];
    memmove(&k->rgent[i], &k->rgent[i + 1], sizeof(struct srt_ent) * (k->cent - i - 1));
    k->cent--;
    if (k->cent == 0) {
        if (k->centMax != 0)
            oe_free(k->rgent, sizeof(struct srt_ent) * k->centMax);
        memmove(&sort->rgblk[b], &sort->rgblk[b + 1], sizeof(struct srt_blk) * (sort->cblk - b - 1));
        sort->cblk--;
        i = 0;
    } else if (i == k->cent) {
        b++;
        i = 0;
    }
    sort->crec--;
    sort->gen++;
    /* the gap: (b, i) is the successor, recPos the deleted record */
    sort->pos = POS_GAP;
    sort->iblk = b;
    sort->ient = i;
    sort->genPos = sort->gen;
    return JET_errSuccess;
}

/* oe_sort_replace -- see sort.h: in place when the size is unchanged,
 * else a new arena record (the old one stays until close). */
JET_ERR oe_sort_replace(struct oe_sort *sort, const void *pvData, uint32_t cbData)
{
    if (pvData == NULL && cbData > 0)
        return OE_ERR(JET_errInvalidParameter);
    OE_CALL_R(set_updatable(sort));
    struct srt_rec *r = sort->recPos;
    if (r->cbData == cbData) {
        if (cbData > 0)
            memmove(r->rgb + r->cbKey, pvData, cbData);
        return JET_errSuccess;
    }
    struct srt_rec *rNew = rec_new(sort, rec_key(r), r->cbKey, pvData, cbData);
    if (rNew == NULL)
        return OE_ERR(JET_errOutOfMemory);
    sort->rgblk[sort->iblk].rgent[sort->ient].rec = rNew;
    sort->recPos = rNew;
    return JET_errSuccess;
}
