/* The normalize stage: a text in three layers (display as written, match
 * folded, index terms) with every token mapped back to its bytes in the
 * display text. One pass over the display text (scan.c) gives the match layer
 * and the token boundaries; each word's layers then come from the word table
 * below (or, for long words, the stem cache of cache.c), computed by stem.c
 * when absent. Numbers are read from the display text into their value form
 * (number.c).
 *
 * Memory: everything a marsad_text points to lives in the caller's arena
 * (the token strings are copied out of the tables, which recycle their
 * memory). The normalizer owns its tables and stemmers, about 30 MB at most
 * (16 MB of it the word table); it is not thread-safe. */
#include "text/text.h"
#include "util/buf.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* The word table: words as written (up to 16 bytes, which is nine tokens in
 * ten of Arabic news) with their layers inline, one 64-byte line per word, so
 * a lookup is one memory access, started (prefetched) a few tokens ahead.
 * Two-way set associative: a word may sit in either line of its pair, the
 * first being the more recently used. 2^18 lines (16 MB) hold the vocabulary
 * of weeks of news. Longer words go to the generational cache (cache.c),
 * which also bounds memory for them. */
#define WORD_BITS 18
#define WORD_KEY 16
#define WORD_STRS 42
enum { TERM_NONE, TERM_SAME, TERM_OWN };
typedef struct word_entry {
    uint64_t k0, k1; /* the key's bytes, zero-padded */
    uint8_t klen;    /* 0: empty */
    uint8_t lang, flags, mlen, tlen;
    uint8_t term;         /* TERM_NONE (stopword), TERM_SAME (= match), TERM_OWN */
    char strs[WORD_STRS]; /* "match\0" or "match\0term\0" */
} word_entry;
_Static_assert(sizeof(word_entry) == 64, "a word entry is one cache line");
/* Token strings are copied 48 bytes at a time: the table has that much slack. */
#define WORD_COPY 48

/* Long words per cache generation. */
#define CACHE_WORDS 40000
/* How many tokens ahead a word's line is prefetched. */
#define PREFETCH_AHEAD 12

struct marsad_normalizer {
    mr_normalizer_stats stats;
    int lang_id; /* the language of the last text, and what it decides: */
    bool decimal_comma;
    int script_lang[MR_S_COUNT];
    word_entry *words; /* inside words_map, aligned */
    void *words_map;
    size_t words_map_len;
    mr_term_cache *cache;
    mr_stemmers *stemmers;
    mr_buf scratch;      /* marsad_index_term results that are not cached */
    mr_arena scan_arena; /* marsad_index_term's scan of its word */
};

marsad_normalizer *marsad_normalizer_new(void) {
    marsad_normalizer *nz = mr_calloc(1, sizeof *nz);
    /* Huge pages where the system offers them: lookups land anywhere in the
     * table, and with 4 KB pages nearly every one would also miss the TLB.
     * Mapped rather than allocated: the kernel hands out zeroed pages as
     * they are first touched, so a normalizer that sees little text (or none:
     * the clustering's during an ingest without stories) neither clears nor
     * holds 16 MB. */
    size_t huge = (size_t)2 << 20;
    size_t bytes = ((sizeof(word_entry) << WORD_BITS) + 64 + huge - 1) & ~(huge - 1);
    nz->words_map_len = bytes + huge; /* room to align to a huge page */
    nz->words_map =
        mmap(NULL, nz->words_map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (nz->words_map == MAP_FAILED) mr_oom();
    nz->words = (word_entry *)(((uintptr_t)nz->words_map + huge - 1) & ~(uintptr_t)(huge - 1));
#ifdef MADV_HUGEPAGE
    madvise(nz->words, bytes, MADV_HUGEPAGE);
#endif
    nz->cache = mr_term_cache_new(CACHE_WORDS);
    nz->stemmers = mr_stemmers_new();
    nz->lang_id = -1;
    mr_arena_init(&nz->scan_arena, 4096);
    return nz;
}

void marsad_normalizer_free(marsad_normalizer *nz) {
    if (!nz) return;
    munmap(nz->words_map, nz->words_map_len);
    mr_term_cache_free(nz->cache);
    mr_stemmers_free(nz->stemmers);
    mr_buf_free(&nz->scratch);
    mr_arena_free(&nz->scan_arena);
    free(nz);
}

/* The layers of one word, from the cache or computed (and cached); hash is
 * mr_term_cache_hash of the word. Returns false when the word was too long to
 * cache: the strings then point into the stemmers' scratch, valid until the
 * next word. */
static bool word_layers(marsad_normalizer *nz, int lang, int script, const char *w, size_t n,
                        const char *match, size_t mlen, uint64_t hash, mr_cached_word *out) {
    bool cacheable = n <= MR_CACHE_MAX_KEY;
    nz->stats.lookups++;
    if (cacheable && mr_term_cache_get(nz->cache, lang, w, n, hash, out)) {
        nz->stats.cache_hits++;
        return true;
    }
    nz->stats.computed++;
    mr_word_layers l;
    mr_word_compute(nz->stemmers, lang, script, w, n, match, mlen, &l);
    if (cacheable && mr_term_cache_put(nz->cache, lang, w, n, hash, &l, out)) return true;
    out->match = l.match;
    out->match_len = (uint32_t)l.match_len;
    out->term = l.term;
    out->term_len = (uint32_t)l.term_len;
    out->flags = l.flags;
    return false;
}

/* The key of a word of at most WORD_KEY bytes as two words, loaded without
 * reading outside w[0..n). */
static inline void word_key(const char *w, size_t n, uint64_t *k0, uint64_t *k1) {
    uint64_t a = 0, b = 0;
    if (n >= 8) {
        memcpy(&a, w, 8);
        if (n > 8) {
            memcpy(&b, w + n - 8, 8);
            b >>= 8 * (16 - n); /* keep bytes 8..n of the word */
        }
    } else if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, w, 4);
        memcpy(&hi, w + n - 4, 4);
        a = (uint64_t)lo | ((uint64_t)hi << (8 * (n - 4))); /* overlapping bytes agree */
    } else {
        for (size_t i = 0; i < n; i++) a |= (uint64_t)(unsigned char)w[i] << (8 * i);
    }
    *k0 = a;
    *k1 = b;
}

static inline uint32_t word_slot(uint64_t k0, uint64_t k1, size_t n, int lang) {
    uint64_t h = (k0 ^ (k1 * 0xC2B2AE3D27D4EB4FULL) ^ ((uint64_t)n << 8 | (uint64_t)lang)) *
                 0x9E3779B97F4A7C15ULL;
    return (uint32_t)(h >> (64 - WORD_BITS)) & ~1u; /* the first line of the pair */
}

static void word_put(word_entry *e, uint64_t k0, uint64_t k1, size_t n, int lang,
                     const mr_cached_word *cw) {
    int mode = !cw->term ? TERM_NONE
               : cw->term_len == cw->match_len && memcmp(cw->term, cw->match, cw->match_len) == 0
                   ? TERM_SAME
                   : TERM_OWN;
    size_t need = cw->match_len + 1 + (mode == TERM_OWN ? cw->term_len + 1 : 0);
    if (need > WORD_STRS) return;
    e->k0 = k0;
    e->k1 = k1;
    e->klen = (uint8_t)n;
    e->lang = (uint8_t)lang;
    e->flags = (uint8_t)cw->flags;
    e->mlen = (uint8_t)cw->match_len;
    e->tlen = mode == TERM_OWN ? (uint8_t)cw->term_len : 0;
    e->term = (uint8_t)mode;
    memcpy(e->strs, cw->match, cw->match_len);
    e->strs[cw->match_len] = 0;
    if (mode == TERM_OWN) {
        memcpy(e->strs + cw->match_len + 1, cw->term, cw->term_len);
        e->strs[cw->match_len + 1 + cw->term_len] = 0;
    }
}

static uint64_t word_hash(int lang, const char *w, size_t n) {
    return n <= MR_CACHE_MAX_KEY ? mr_term_cache_hash(lang, w, n) : 0;
}

/* Token strings are many and small: carved from arena blocks instead of one
 * arena allocation (16-byte rounded) each. */
typedef struct string_pool {
    mr_arena *arena;
    char *next;
    size_t left;
} string_pool;

static inline char *pool_alloc(string_pool *p, size_t n) {
    if (n > p->left) {
        size_t block = n > 8192 ? n : 8192;
        p->next = mr_arena_alloc(p->arena, block);
        p->left = block;
    }
    char *r = p->next;
    p->next += n;
    p->left -= n;
    return r;
}

/* Makes sure n bytes can be written at p->next (without taking them). */
static inline void pool_reserve(string_pool *p, size_t n) {
    if (n > p->left) {
        pool_alloc(p, n);
        p->next -= n;
        p->left += n;
    }
}

static const char *pool_copy(string_pool *p, const char *s, size_t n) {
    char *d = pool_alloc(p, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

/* Fills a token's strings from a word-table entry: one copy of "match\0term\0". */
static inline void from_entry(string_pool *p, const word_entry *e, marsad_token *tk) {
    size_t n = (size_t)e->mlen + 1 + (e->term == TERM_OWN ? (size_t)e->tlen + 1 : 0);
    pool_reserve(p, WORD_COPY);
    char *d = p->next;
    memcpy(d, e->strs, WORD_COPY); /* whole: the bytes past n are left behind */
    p->next += n;
    p->left -= n;
    tk->flags |= e->flags;
    tk->match = d;
    tk->term = e->term == TERM_NONE ? NULL : e->term == TERM_SAME ? d : d + e->mlen + 1;
}

static void from_cached(string_pool *p, const mr_cached_word *cw, marsad_token *tk) {
    tk->flags |= cw->flags;
    tk->match = pool_copy(p, cw->match, cw->match_len);
    if (!cw->term) {
        tk->term = NULL;
    } else if (cw->term_len == cw->match_len && memcmp(cw->term, cw->match, cw->match_len) == 0) {
        tk->term = tk->match;
    } else {
        tk->term = pool_copy(p, cw->term, cw->term_len);
    }
}

static void normalize(marsad_normalizer *nz, const char *display, size_t len, const char *lang,
                      mr_arena *arena, bool want_map, marsad_text *out) {
    memset(out, 0, sizeof *out);
    if (!display) len = 0;
    if (!display) display = "";
    int lang_id = mr_lang_find(lang);
    out->display = display;
    out->display_len = len;
    out->lang = mr_langs[lang_id].code;
    if (lang_id != nz->lang_id) { /* what the language decides, worked out once per language */
        nz->lang_id = lang_id;
        nz->decimal_comma = mr_lang_decimal_comma(lang_id);
        for (int s = 0; s < MR_S_COUNT; s++) nz->script_lang[s] = mr_lang_for_script(lang_id, s);
    }
    const int *script_lang = nz->script_lang;
    mr_scan_result r;
    mr_scan_text(display, len, nz->decimal_comma, arena,
                 (want_map ? MR_SCAN_MAP : 0) | MR_SCAN_TOKENS, &r);
    out->match = r.match;
    out->match_len = r.match_len;
    out->match_to_display = r.map;
    size_t n = r.ntokens;
    marsad_token *toks = mr_arena_alloc(arena, (n ? n : 1) * sizeof *toks);
    /* Each word's key and table line first, so that the lines can be fetched
     * ahead of their use: the table is far bigger than the CPU's caches. */
    uint64_t *keys = mr_arena_alloc(arena, (n ? n : 1) * 2 * sizeof *keys);
    uint32_t *slots = mr_arena_alloc(arena, (n ? n : 1) * sizeof *slots);
    for (size_t i = 0; i < n; i++) {
        const mr_rawtok *rt = &r.tokens[i];
        slots[i] = UINT32_MAX;
        if ((rt->flags & MARSAD_TOK_NUMBER) || rt->len > WORD_KEY) continue;
        word_key(display + rt->start, rt->len, &keys[2 * i], &keys[2 * i + 1]);
        slots[i] = word_slot(keys[2 * i], keys[2 * i + 1], rt->len, script_lang[rt->script]);
    }
    for (size_t i = 0; i < n && i < PREFETCH_AHEAD; i++) {
        if (slots[i] != UINT32_MAX) {
            __builtin_prefetch(&nz->words[slots[i]]);
            __builtin_prefetch(&nz->words[slots[i] + 1]);
        }
    }

    string_pool pool = {arena, NULL, 0};
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_AHEAD < n && slots[i + PREFETCH_AHEAD] != UINT32_MAX) {
            __builtin_prefetch(&nz->words[slots[i + PREFETCH_AHEAD]]);
            __builtin_prefetch(&nz->words[slots[i + PREFETCH_AHEAD] + 1]);
        }
        const mr_rawtok *rt = &r.tokens[i];
        marsad_token *tk = &toks[i];
        tk->start = rt->start;
        tk->len = rt->len;
        tk->flags = rt->flags;
        const char *w = display + rt->start;
        if (rt->flags & MARSAD_TOK_NUMBER) {
            char *v = pool_alloc(&pool, rt->len + 2);
            size_t dec = rt->decimal_at == UINT32_MAX ? SIZE_MAX : rt->decimal_at;
            size_t vl = mr_number_value(w, rt->len, dec, v);
            pool.next -= rt->len + 2 - (vl + 1); /* give back what the value did not use */
            pool.left += rt->len + 2 - (vl + 1);
            tk->match = tk->term = v;
            continue;
        }
        int lang_w = script_lang[rt->script];
        const char *match = rt->mstart == UINT32_MAX ? NULL : r.match + rt->mstart;
        mr_cached_word cw;
        if (slots[i] == UINT32_MAX) {
            word_layers(nz, lang_w, rt->script, w, rt->len, match, rt->mlen,
                        word_hash(lang_w, w, rt->len), &cw);
            from_cached(&pool, &cw, tk);
            continue;
        }
        word_entry *e = &nz->words[slots[i]];
        uint64_t k0 = keys[2 * i], k1 = keys[2 * i + 1];
        if (e->k0 == k0 && e->k1 == k1 && e->klen == rt->len && e->lang == lang_w) {
            nz->stats.table_hits++;
            from_entry(&pool, e, tk);
            continue;
        }
        if (e[1].k0 == k0 && e[1].k1 == k1 && e[1].klen == rt->len && e[1].lang == lang_w) {
            nz->stats.table_hits++;
            word_entry tmp = e[1]; /* now the more recently used of the pair */
            e[1] = e[0];
            e[0] = tmp;
            from_entry(&pool, e, tk);
            continue;
        }
        /* Not in the table (or its line holds another word): compute, then
         * take the line. Short words are not kept in the generational cache. */
        nz->stats.computed++;
        mr_word_layers l;
        mr_word_compute(nz->stemmers, lang_w, rt->script, w, rt->len, match, rt->mlen, &l);
        cw =
            (mr_cached_word){l.match, l.term, (uint32_t)l.match_len, (uint32_t)l.term_len, l.flags};
        e[1] = e[0]; /* the older of the pair goes */
        word_put(e, k0, k1, rt->len, lang_w, &cw);
        from_cached(&pool, &cw, tk);
    }
    out->tokens = toks;
    out->ntokens = n;
}

void marsad_normalize(marsad_normalizer *nz, const char *display, size_t len, const char *lang,
                      mr_arena *arena, marsad_text *out) {
    normalize(nz, display, len, lang, arena, true, out);
}

void mr_normalize_unmapped(marsad_normalizer *nz, const char *display, size_t len, const char *lang,
                           mr_arena *arena, marsad_text *out) {
    normalize(nz, display, len, lang, arena, false, out);
}

void mr_normalizer_get_stats(const marsad_normalizer *nz, mr_normalizer_stats *out) {
    *out = nz->stats;
    out->cache_words = mr_term_cache_count(nz->cache);
    out->cache_rotations = mr_term_cache_rotations(nz->cache);
}

const char *marsad_index_term(marsad_normalizer *nz, const char *word, size_t len,
                              const char *lang) {
    if (!word || len == 0) return NULL;
    int lang_id = mr_lang_find(lang);
    mr_arena_reset(&nz->scan_arena);
    mr_scan_result r;
    mr_scan_text(word, len, mr_lang_decimal_comma(lang_id), &nz->scan_arena, MR_SCAN_TOKENS, &r);
    if (r.ntokens == 0) return NULL;
    const mr_rawtok *rt = &r.tokens[0];
    const char *w = word + rt->start;
    if (rt->flags & MARSAD_TOK_NUMBER) {
        mr_buf_clear(&nz->scratch);
        mr_buf_reserve(&nz->scratch, rt->len + 2);
        size_t dec = rt->decimal_at == UINT32_MAX ? SIZE_MAX : rt->decimal_at;
        nz->scratch.len = mr_number_value(w, rt->len, dec, nz->scratch.data);
        return nz->scratch.data;
    }
    mr_cached_word cw;
    int wl = mr_lang_for_script(lang_id, rt->script);
    const char *match = rt->mstart == UINT32_MAX ? NULL : r.match + rt->mstart;
    bool cached = word_layers(nz, wl, rt->script, w, rt->len, match, rt->mlen,
                              word_hash(wl, w, rt->len), &cw);
    if (!cw.term) return NULL;
    if (!cached) {
        /* Not cached: cw points into scratch that the next word reuses. */
        mr_buf_clear(&nz->scratch);
        mr_buf_append(&nz->scratch, cw.term, cw.term_len);
        return nz->scratch.data;
    }
    return cw.term;
}
