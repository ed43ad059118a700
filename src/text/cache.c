/* The stem cache: words as written → their layers (see text.h). News text is
 * highly repetitive (a few tens of thousands of forms make up nine tokens in
 * ten), so nearly every token costs one hash and one compare instead of a
 * fold, a clitic analysis and a Snowball call.
 *
 * Memory is bounded by design (ingest runs in 256 MB): each generation is one
 * slab of entries and one open-addressing table of 64-bit slots (32 bits of
 * hash to skip most compares, 32 bits of slab offset). Dropping a generation
 * is resetting two counters and clearing its table. */
#include "text/text.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

/* An entry in a slab: header, then key, match + NUL, term + NUL. */
typedef struct entry {
    uint16_t key_len, match_len, term_len; /* term_len NO_TERM for a stopword */
    uint8_t lang, flags;
    char data[];
} entry;
#define NO_TERM 0xFFFFu
#define ENTRY_ALIGN 8

typedef struct generation {
    char *slab;
    size_t used, cap;
    uint64_t *slots; /* 0 empty, else hash high bits << 32 | (offset + 1) */
    size_t count;
} generation;

struct mr_term_cache {
    generation gen[2]; /* gen[cur] receives new words, gen[!cur] is the older */
    int cur;
    size_t max_entries, nslots, slab_cap, rotations;
};

static void gen_alloc(mr_term_cache *c, generation *g) {
    g->slab = mr_malloc(c->slab_cap);
    g->cap = c->slab_cap;
    g->slots = mr_calloc(c->nslots, sizeof *g->slots);
    g->used = g->count = 0;
}

mr_term_cache *mr_term_cache_new(size_t max_entries) {
    mr_term_cache *c = mr_calloc(1, sizeof *c);
    if (max_entries < 64) max_entries = 64;
    c->max_entries = max_entries;
    c->nslots = 64;
    while (c->nslots < max_entries + max_entries / 2) c->nslots *= 2; /* load ≤ 2/3 */
    /* Arabic news words average ~9 bytes: 8 header + key + match + term with NULs. */
    c->slab_cap = max_entries * 48;
    gen_alloc(c, &c->gen[0]);
    return c;
}

void mr_term_cache_free(mr_term_cache *c) {
    if (!c) return;
    for (int i = 0; i < 2; i++) {
        free(c->gen[i].slab);
        free(c->gen[i].slots);
    }
    free(c);
}

size_t mr_term_cache_count(const mr_term_cache *c) {
    return c->gen[0].count + c->gen[1].count;
}
size_t mr_term_cache_rotations(const mr_term_cache *c) {
    return c->rotations;
}

uint64_t mr_term_cache_hash(int lang, const char *key, size_t len) {
    return XXH3_64bits_withSeed(key, len, (XXH64_hash_t)lang);
}

/* Keys are short (a word): compare them inline, eight bytes at a time. */
static inline bool key_equal(const char *a, const char *b, size_t n) {
    while (n >= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y) return false;
        a += 8, b += 8, n -= 8;
    }
    while (n--) {
        if (*a++ != *b++) return false;
    }
    return true;
}

static entry *find(const mr_term_cache *c, const generation *g, int lang, const char *key,
                   size_t len, uint64_t hash) {
    if (!g->slots || g->count == 0) return NULL;
    size_t mask = c->nslots - 1;
    uint32_t tag = (uint32_t)(hash >> 32);
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        uint64_t s = g->slots[i];
        if (!s) return NULL;
        if ((uint32_t)(s >> 32) != tag) continue;
        entry *e = (entry *)(g->slab + ((uint32_t)s - 1));
        if (e->key_len == len && e->lang == lang && key_equal(e->data, key, len)) return e;
    }
}

void mr_term_cache_prefetch(const mr_term_cache *c, uint64_t hash, int stage) {
    const generation *g = &c->gen[c->cur];
    const uint64_t *slot = &g->slots[(size_t)hash & (c->nslots - 1)];
    if (stage == 0) {
        __builtin_prefetch(slot);
        return;
    }
    uint64_t s = *slot;
    if (s && (uint32_t)(s >> 32) == (uint32_t)(hash >> 32))
        __builtin_prefetch(g->slab + ((uint32_t)s - 1));
}

static void describe(const entry *e, mr_cached_word *out) {
    out->match = e->data + e->key_len;
    out->match_len = e->match_len;
    out->flags = e->flags;
    if (e->term_len == NO_TERM) {
        out->term = NULL;
        out->term_len = 0;
    } else {
        out->term = out->match + e->match_len + 1;
        out->term_len = e->term_len;
    }
}

static void rotate(mr_term_cache *c) {
    int old = !c->cur;
    generation *g = &c->gen[old];
    if (!g->slab) {
        gen_alloc(c, g);
    } else {
        memset(g->slots, 0, c->nslots * sizeof *g->slots);
        g->used = g->count = 0;
    }
    c->cur = old;
    c->rotations++;
}

static size_t entry_size(size_t len, size_t mlen, const char *term, size_t tlen) {
    size_t need = sizeof(entry) + len + mlen + 1 + (term ? tlen + 1 : 0);
    return (need + ENTRY_ALIGN - 1) & ~(size_t)(ENTRY_ALIGN - 1);
}

static bool has_room(const mr_term_cache *c, size_t need) {
    const generation *g = &c->gen[c->cur];
    return g->count + 1 <= c->max_entries && g->used + need <= g->cap;
}

/* Adds an entry to the current generation (rotating first when full). */
static entry *insert(mr_term_cache *c, int lang, const char *key, size_t len, uint64_t hash,
                     const char *match, size_t mlen, const char *term, size_t tlen,
                     uint16_t flags) {
    size_t need = entry_size(len, mlen, term, tlen);
    if (!has_room(c, need)) rotate(c);
    generation *g = &c->gen[c->cur];
    entry *e = (entry *)(g->slab + g->used);
    e->key_len = (uint16_t)len;
    e->match_len = (uint16_t)mlen;
    e->term_len = term ? (uint16_t)tlen : NO_TERM;
    e->lang = (uint8_t)lang;
    e->flags = (uint8_t)flags;
    memcpy(e->data, key, len);
    memcpy(e->data + len, match, mlen);
    e->data[len + mlen] = 0;
    if (term) {
        memcpy(e->data + len + mlen + 1, term, tlen);
        e->data[len + mlen + 1 + tlen] = 0;
    }
    size_t mask = c->nslots - 1, i = (size_t)hash & mask;
    while (g->slots[i]) i = (i + 1) & mask;
    g->slots[i] = ((hash >> 32) << 32) | (uint64_t)(g->used + 1);
    g->used += need;
    g->count++;
    return e;
}

bool mr_term_cache_get(mr_term_cache *c, int lang, const char *key, size_t len, uint64_t hash,
                       mr_cached_word *out) {
    entry *e = find(c, &c->gen[c->cur], lang, key, len, hash);
    if (!e) {
        e = find(c, &c->gen[!c->cur], lang, key, len, hash);
        if (!e) return false;
        /* Still in use: move it into the current generation before the old one
         * goes. Not when that would rotate, which would drop the very entry being
         * copied; it then stays where it is until the rotation. */
        mr_cached_word w;
        describe(e, &w);
        if (has_room(c, entry_size(len, w.match_len, w.term, w.term_len)))
            e = insert(c, lang, key, len, hash, w.match, w.match_len, w.term, w.term_len, w.flags);
    }
    describe(e, out);
    return true;
}

bool mr_term_cache_put(mr_term_cache *c, int lang, const char *key, size_t len, uint64_t hash,
                       const mr_word_layers *w, mr_cached_word *out) {
    /* Oversized words (and the 16-bit length fields) stay out of the slab. */
    if (len > MR_CACHE_MAX_KEY || w->match_len >= 4096 || w->term_len >= 4096 ||
        entry_size(len, w->match_len, w->term, w->term_len) > c->slab_cap / 8)
        return false;
    entry *e =
        insert(c, lang, key, len, hash, w->match, w->match_len, w->term, w->term_len, w->flags);
    describe(e, out);
    return true;
}
