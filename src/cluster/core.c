/* The clustering core: events, storylines and near-duplicates over term
 * lists (see core.h; every constant is in params.h).
 *
 * Determinism matters more than usual here: ingesting a stream in several
 * runs must give the stories one run gives, so every choice depends only on
 * state the store saves exactly (document frequencies, centroids as stored
 * floats, posted term lists, high-water times), never on the order of a hash
 * table or a posting list. Candidate sets are ranked by (overlap, id) before
 * they are cut, and ties in score go to the older id. */
#include "cluster/core.h"
#include "util/mem.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define DAY 86400.0

static const float event_class_w[MR_NCLASSES] = {MR_CW_WORD, MR_CW_NAME, MR_CW_NUMBER,
                                                 MR_CW_CONCEPT};
static const float story_class_w[MR_NCLASSES] = {MR_SW_WORD, MR_SW_NAME, MR_SW_NUMBER,
                                                 MR_SW_CONCEPT};
static const float field_w[MR_NFIELDS] = {MR_W_TITLE, MR_W_LEAD, MR_W_BODY};

/* ---- logarithm tables ------------------------------------------------------ */

/* 1 + ln tf for small tf, and ln(df + 0.5) for df below LOG_DF_TABLE: the
 * per-term logarithms were a visible share of the cost per article. */
#define LOG_TF_TABLE 256
#define LOG_MEMBERS_TABLE 64
#define LOG_DF_TABLE 65536
static float log_tf_table[LOG_TF_TABLE];
static float log_df_table[LOG_DF_TABLE];
static double log_members_table[LOG_MEMBERS_TABLE]; /* ln m, for the size bonus */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void fill_tables(void) {
    for (int i = 1; i < LOG_TF_TABLE; i++) log_tf_table[i] = (float)(1.0 + log((double)i));
    for (int i = 0; i < LOG_DF_TABLE; i++) log_df_table[i] = logf((float)i + 0.5f);
    for (int i = 1; i < LOG_MEMBERS_TABLE; i++) {
        volatile double m = i; /* the library's log at run time, as log_members' fallback */
        log_members_table[i] = log(m);
    }
}

/* Called by mr_core_new, before any use of the tables. */
static void init_tables(void) {
    pthread_once(&tables_once, fill_tables);
}

static inline float tf_weight(uint32_t tf) {
    return tf < LOG_TF_TABLE ? log_tf_table[tf] : (float)(1.0 + log((double)tf));
}

static inline double log_members(uint32_t m) {
    return m < LOG_MEMBERS_TABLE ? log_members_table[m] : log((double)m);
}

float mr_log_df(uint32_t df) {
    return df < LOG_DF_TABLE ? log_df_table[df] : logf((float)df + 0.5f);
}

/* ---- languages ------------------------------------------------------------- */

uint32_t mr_lang_bit(const char *lang) {
    if (!lang || !*lang || strcmp(lang, "und") == 0) return 0;
    uint32_t h = 2166136261u;
    for (const char *p = lang; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
    return 1u << (h % 32);
}

static inline bool is_neutral_class(int cls) {
    return cls == MR_CLASS_CONCEPT || cls == MR_CLASS_NUMBER;
}

/* ---- vocabulary ------------------------------------------------------------ */

static void grow_term_arrays(mr_core *c, uint32_t need) {
    mr_vocab *v = &c->vocab;
    if (need <= v->cap) return;
    uint32_t cap = v->cap ? v->cap : 4096;
    while (cap < need) cap *= 2;
    v->terms = mr_realloc(v->terms, cap * sizeof *v->terms);
    v->info = mr_realloc(v->info, cap * sizeof *v->info);
    uint32_t pages = cap / MR_VOCAB_PAGE + 1;
    v->page_dirty = mr_realloc(v->page_dirty, pages);
    memset(v->page_dirty + v->npages_cap, 0, pages - v->npages_cap);
    v->npages_cap = pages;
    c->dense = mr_realloc(c->dense, cap * sizeof *c->dense);
    c->dense2 = mr_realloc(c->dense2, cap * sizeof *c->dense2);
    /* cap is a multiple of 64 (a power of two from 4096) */
    c->dense_bits = mr_realloc(c->dense_bits, cap / 64 * sizeof *c->dense_bits);
    c->dense2_bits = mr_realloc(c->dense2_bits, cap / 64 * sizeof *c->dense2_bits);
    memset(c->dense_bits + v->cap / 64, 0, (cap - v->cap) / 64 * sizeof *c->dense_bits);
    memset(c->dense2_bits + v->cap / 64, 0, (cap - v->cap) / 64 * sizeof *c->dense2_bits);
    c->slot_of = mr_realloc(c->slot_of, cap * sizeof *c->slot_of);
    c->event_postings = mr_realloc(c->event_postings, cap * sizeof *c->event_postings);
    c->story_postings = mr_realloc(c->story_postings, cap * sizeof *c->story_postings);
    mr_advise_huge(v->info, cap * sizeof *v->info);
    mr_advise_huge(c->dense, cap * sizeof *c->dense);
    mr_advise_huge(c->event_postings, cap * sizeof *c->event_postings);
    mr_advise_huge(c->story_postings, cap * sizeof *c->story_postings);
    for (uint32_t i = v->cap; i < cap; i++) {
        c->dense[i] = c->dense2[i] = 0;
        c->slot_of[i] = 0;
        c->event_postings[i] = (mr_postings){0};
        c->story_postings[i] = (mr_postings){0};
    }
    v->cap = cap;
}

void mr_core_mark_common(mr_core *c, const char *term, size_t len) {
    uint32_t t = mr_vocab_intern(c, term, len);
    if (c->vocab.info[t].kind & MR_KIND_COMMON) return;
    c->vocab.info[t].kind |= MR_KIND_COMMON;
    c->vocab.page_dirty[t / MR_VOCAB_PAGE] = 1;
}

static inline uint64_t term_hash(const char *s, size_t n) {
    return mr_term_hash(s, n);
}

static uint32_t vocab_intern_hashed(mr_core *c, const char *term, size_t len, uint64_t h);

/* A zeroed slot array, 64-byte aligned so that no slot straddles two cache lines. */
static mr_term_slot *new_slots(size_t n) {
    mr_term_slot *slots = aligned_alloc(64, n * sizeof *slots);
    if (!slots) mr_oom();
    mr_advise_huge(slots, n * sizeof *slots);
    memset(slots, 0, n * sizeof *slots);
    return slots;
}

static void vocab_rehash(mr_vocab *v) {
    size_t n = v->nslots ? v->nslots * 2 : 1 << 16;
    mr_term_slot *slots = new_slots(n);
    for (size_t i = 0; i < v->nslots; i++) {
        if (!v->slots[i].id1) continue;
        size_t j = v->slots[i].hash & (n - 1);
        while (slots[j].id1) j = (j + 1) & (n - 1);
        slots[j] = v->slots[i];
    }
    free(v->slots);
    v->slots = slots;
    v->nslots = n;
}

uint32_t mr_vocab_intern(mr_core *c, const char *term, size_t len) {
    return vocab_intern_hashed(c, term, len, term_hash(term, len));
}

static uint32_t vocab_intern_hashed(mr_core *c, const char *term, size_t len, uint64_t h) {
    mr_vocab *v = &c->vocab;
    if ((size_t)(v->count + 1) * 2 > v->nslots) vocab_rehash(v);
    size_t mask = v->nslots - 1, i = h & mask;
    size_t head = len < MR_TERM_PREFIX ? len : MR_TERM_PREFIX;
    for (; v->slots[i].id1; i = (i + 1) & mask) {
        const mr_term_slot *sl = &v->slots[i];
        if (sl->hash == h && sl->len == len && memcmp(sl->prefix, term, head) == 0 &&
            (len <= MR_TERM_PREFIX || memcmp(v->terms[sl->id1 - 1] + MR_TERM_PREFIX,
                                             term + MR_TERM_PREFIX, len - MR_TERM_PREFIX) == 0))
            return sl->id1 - 1;
    }
    uint32_t id = v->count++;
    grow_term_arrays(c, v->count);
    mr_term_slot *sl = &v->slots[i];
    *sl = (mr_term_slot){.hash = h, .id1 = id + 1, .len = (uint32_t)len};
    memcpy(sl->prefix, term, head);
    v->terms[id] = mr_arena_strndup(&v->strings, term, len);
    v->info[id] = (mr_term_info){.log_df = mr_log_df(0), .cls = MR_CLASS_WORD};
    v->page_dirty[id / MR_VOCAB_PAGE] = 1;
    return id;
}

/* The class a term's statistics give it (kept in vocab.cls). */
uint8_t mr_vocab_class(const mr_vocab *v, uint32_t t) {
    const mr_term_info *ti = &v->info[t];
    if (ti->kind & MR_FEAT_CONCEPT) return MR_CLASS_CONCEPT;
    if (ti->kind & MR_FEAT_NUMBER) return MR_CLASS_NUMBER;
    if (ti->name_df * 2 > ti->df) return MR_CLASS_NAME;
    return MR_CLASS_WORD;
}

static inline int term_class(const mr_vocab *v, uint32_t t) {
    return v->info[t].cls;
}

static inline double log_n1(const mr_core *c) {
    return log((double)c->vocab.docs + MR_IDF_PRIOR_DOCS + 1.0);
}

static inline float idf_of(const mr_core *c, uint32_t t, double logn1) {
    double x = logn1 - c->vocab.info[t].log_df;
    return x > 0 ? (float)x : 0.0f;
}

/* Current weight of a centroid term under the given class weights. */
static inline float current_w(const mr_core *c, uint32_t t, float raw, const float *class_w,
                              double logn1) {
    return raw * class_w[term_class(&c->vocab, t)] * idf_of(c, t, logn1);
}

/* ---- posting lists ------------------------------------------------------- */

static void postings_add(mr_postings *p, mr_node *obj) {
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 4;
        p->items = mr_realloc(p->items, p->cap * sizeof *p->items);
    }
    p->items[p->n++] = obj;
}

static void postings_remove(mr_postings *p, const mr_node *obj) {
    for (uint32_t i = 0; i < p->n; i++) {
        if (p->items[i] == obj) {
            p->items[i] = p->items[--p->n];
            return;
        }
    }
}

/* ---- centroids ------------------------------------------------------------- */

static void centroid_free(mr_centroid *v) {
    free(v->term);
    *v = (mr_centroid){0};
}

/* Moves v into a block of cap terms (cap >= v->n). */
static void centroid_resize(mr_centroid *v, uint32_t cap) {
    size_t arrays = v->counted ? 4 : 3;
    uint32_t *term = mr_malloc((size_t)(cap ? cap : 1) * arrays * sizeof *term);
    float *w = (float *)(term + cap), *cur = w + cap, *k = v->counted ? cur + cap : NULL;
    if (v->n) {
        memcpy(term, v->term, v->n * sizeof *term);
        memcpy(w, v->w, v->n * sizeof *w);
        memcpy(cur, v->cur, v->n * sizeof *cur);
        if (k) memcpy(k, v->k, v->n * sizeof *k);
    }
    free(v->term);
    v->term = term, v->w = w, v->cur = cur, v->k = k;
    v->cap = cap;
}

void mr_centroid_load(mr_centroid *v, const void *blob, uint32_t n, float events) {
    v->n = 0;
    centroid_resize(v, n);
    const unsigned char *p = blob;
    for (uint32_t i = 0; i < n; i++, p += sizeof(mr_weight)) {
        mr_weight x;
        memcpy(&x, p, sizeof x);
        v->term[i] = x.term, v->w[i] = x.w, v->cur[i] = x.cur;
        if (v->k) v->k[i] = events;
    }
    v->n = n;
}

void mr_centroid_load_counts(mr_centroid *v, const void *blob, size_t bytes) {
    if (!v->k || !blob || bytes != (size_t)v->n * sizeof *v->k) return;
    memcpy(v->k, blob, bytes);
}

void mr_centroid_store(const mr_centroid *v, mr_weight *out) {
    for (uint32_t i = 0; i < v->n; i++) out[i] = (mr_weight){v->term[i], v->w[i], v->cur[i]};
}

/* v += scale · add (both sorted by term); a counted centroid's event
 * counts gain scale · add_k (add_k is ignored by other centroids and may
 * then be NULL). Weights that fall to nothing (when subtracting) are
 * dropped. Merges in place from the back, so that a growing centroid is not
 * reallocated for every article. Terms merged or added get cur 0 until the
 * next refresh; the others keep theirs. */
static void centroid_add(mr_centroid *v, const uint32_t *add_term, const float *add_w,
                         const float *add_k, uint32_t nadd, float scale) {
    uint32_t need = v->n + nadd;
    if (need > v->cap) {
        uint32_t cap = v->cap ? v->cap : 16;
        while (cap < need) cap *= 2;
        centroid_resize(v, cap);
    }
    uint32_t *T = v->term;
    float *W = v->w, *C = v->cur, *K = v->k;
    /* Merge from the back into [0..need), then close the gaps left by
     * shared and dropped terms. */
    int64_t i = (int64_t)v->n - 1, j = (int64_t)nadd - 1, k = (int64_t)need - 1;
    while (j >= 0) {
        if (i >= 0 && T[i] > add_term[j]) {
            T[k] = T[i], W[k] = W[i], C[k] = C[i];
            if (K) K[k] = K[i];
            k--, i--;
        } else if (i >= 0 && T[i] == add_term[j]) {
            T[k] = add_term[j], W[k] = W[i] + scale * add_w[j], C[k] = 0;
            if (K) K[k] = K[i] + scale * add_k[j];
            k--, i--, j--;
        } else {
            T[k] = add_term[j], W[k] = scale * add_w[j], C[k] = 0;
            if (K) K[k] = scale * add_k[j];
            k--, j--;
        }
    }
    /* [0..i] are untouched and in place; the merged tail starts at k + 1. */
    uint32_t out = (uint32_t)(i + 1);
    for (int64_t r = k + 1; r < (int64_t)need; r++)
        if (W[r] > 1e-6f) {
            T[out] = T[r], W[out] = W[r], C[out] = C[r];
            if (K) K[out] = K[r];
            out++;
        }
    v->n = out;
}

/* A counted centroid's event counts of the terms it holds (both sorted by
 * term) gain scale · add_k; its weights stay. */
static void centroid_count(mr_centroid *v, const uint32_t *term, const float *add_k, uint32_t n,
                           float scale) {
    if (!v->k) return;
    uint32_t i = 0;
    for (uint32_t j = 0; j < n; j++) {
        while (i < v->n && v->term[i] < term[j]) i++;
        if (i < v->n && v->term[i] == term[j]) v->k[i] += scale * add_k[j];
    }
}

/* A term and its weight packed into one integer that orders heaviest
 * first, ties to the lower term id: the weight's bits above (weights are
 * never negative, and the bits of non-negative floats order as the floats
 * do), the term id's complement below. Selections compare these as plain
 * integers, where float compares with a tie-break cost a branch each. */
typedef uint64_t ranked;

static inline ranked rank_of(uint32_t term, float w) {
    uint32_t bits = 0;
    if (w > 0) memcpy(&bits, &w, sizeof bits);
    return (uint64_t)bits << 32 | (uint32_t)~term;
}

static inline uint32_t rank_term(ranked r) {
    return ~(uint32_t)r;
}

static inline float rank_w(ranked r) {
    uint32_t bits = (uint32_t)(r >> 32);
    float w;
    memcpy(&w, &bits, sizeof w);
    return w;
}

static inline bool ranks_before(const ranked *x, const ranked *y) {
    return *x > *y;
}

/* Quickselect (Hoare partition, middle pivot): reorders x[0..n) so that
 * x[k] is the element a sort by `before` would put there, with no element
 * of x[0..k) going after it. Linear on average where a sort is n log n.
 * Every selection in this file is this one algorithm, so that the order it
 * leaves (which decides the order candidates' overlaps are summed in) is
 * the same in every run. */
#define DEFINE_SELECT(name, type, before)                                                          \
    static void name(type *x, uint32_t n, uint32_t k) {                                            \
        uint32_t lo = 0, hi = n - 1;                                                               \
        while (lo < hi) {                                                                          \
            type pivot = x[lo + (hi - lo) / 2];                                                    \
            uint32_t i = lo, j = hi;                                                               \
            while (i <= j) {                                                                       \
                while (before(&x[i], &pivot)) i++;                                                 \
                while (before(&pivot, &x[j])) j--;                                                 \
                if (i <= j) {                                                                      \
                    type t = x[i];                                                                 \
                    x[i] = x[j], x[j] = t;                                                         \
                    i++;                                                                           \
                    if (j == 0) break;                                                             \
                    j--;                                                                           \
                }                                                                                  \
            }                                                                                      \
            if (k <= j)                                                                            \
                hi = j;                                                                            \
            else if (k >= i)                                                                       \
                lo = i;                                                                            \
            else                                                                                   \
                break;                                                                             \
        }                                                                                          \
    }

DEFINE_SELECT(select_ranked, ranked, ranks_before)

/* Sorts by term id (ids are distinct): an inline quicksort, since the
 * library's qsort costs a call per comparison. */
static void sort_weights(mr_weight *a, uint32_t n) {
    while (n > 16) {
        uint32_t pivot = a[n / 2].term, i = 0, j = n - 1;
        for (;;) {
            while (a[i].term < pivot) i++;
            while (a[j].term > pivot) j--;
            if (i >= j) break;
            mr_weight t = a[i];
            a[i] = a[j], a[j] = t;
            i++, j--;
        }
        /* Recurse on the smaller side, loop on the larger. */
        uint32_t left = j + 1;
        if (left < n - left) {
            sort_weights(a, left);
            a += left, n -= left;
        } else {
            sort_weights(a + left, n - left);
            n = left;
        }
    }
    for (uint32_t i = 1; i < n; i++) {
        mr_weight x = a[i];
        uint32_t j = i;
        while (j > 0 && a[j - 1].term > x.term) a[j] = a[j - 1], j--;
        a[j] = x;
    }
}

static void sort_u32(uint32_t *a, uint32_t n) {
    for (uint32_t i = 1; i < n; i++) {
        uint32_t x = a[i], j = i;
        while (j > 0 && a[j - 1] > x) a[j] = a[j - 1], j--;
        a[j] = x;
    }
}

/* Keeps the MR_CENTROID_TERMS heaviest terms of v (by current weight) and
 * writes the MR_POSTED_TERMS heaviest, sorted by term id, into posted. */
static void centroid_trim_and_rank(mr_core *c, mr_node *node, const float *class_w,
                                   uint32_t *posted, uint32_t *nposted);

/* Replaces node's posted list by fresh (both sorted), updating the index. */
static void repost(mr_postings *index, mr_node *node, const uint32_t *fresh, uint32_t nfresh) {
    uint32_t i = 0, j = 0;
    while (i < node->nposted || j < nfresh) {
        if (j >= nfresh || (i < node->nposted && node->posted[i] < fresh[j])) {
            postings_remove(&index[node->posted[i]], node);
            i++;
        } else if (i >= node->nposted || fresh[j] < node->posted[i]) {
            postings_add(&index[fresh[j]], node);
            j++;
        } else {
            i++, j++;
        }
    }
    memcpy(node->posted, fresh, nfresh * sizeof *fresh);
    node->nposted = nfresh;
}

static void unpost_all(mr_postings *index, mr_node *node) {
    for (uint32_t i = 0; i < node->nposted; i++) postings_remove(&index[node->posted[i]], node);
    node->nposted = 0;
}

/* Refreshes an event's weights and postings. Terms its centroid trims away
 * no longer count the event in its storyline's event counts; returns that
 * storyline when they changed (the caller refreshes it), else NULL. */
static mr_story *event_refresh(mr_core *c, mr_event *e);

static void story_refresh(mr_core *c, mr_story *s) {
    uint32_t fresh[MR_POSTED_TERMS], nfresh;
    centroid_trim_and_rank(c, &s->n, story_class_w, fresh, &nfresh);
    repost(c->story_postings, &s->n, fresh, nfresh);
    s->n.dirty = true;
}

/* ---- time -------------------------------------------------------------------- */

/* A publication date without a time of day is stored at 00:00 UTC (see
 * marsad_date_to_unix): the report may have come out at any hour of that day. */
static bool day_only(int64_t t) {
    return t % 86400 == 0;
}

/* Days between two times, less the day that either hides when it is a date
 * alone: the least the true times can be apart. Without it, the time factor
 * measured in hours would part "12 November" from "13 November" as if a full
 * day lay between them. */
static double gap_days(int64_t earlier, int64_t later) {
    double gap = (double)(later - earlier) / DAY;
    if (day_only(earlier) || day_only(later)) gap = gap > 1 ? gap - 1 : 0;
    return gap;
}

/* Days between time t and the span [first, last] (0 inside it). */
static double span_gap_days(int64_t t, int64_t first, int64_t last) {
    if (t < first) return gap_days(t, first);
    if (t > last) return gap_days(last, t);
    return 0;
}

static double spans_gap_days(const mr_node *a, const mr_node *b) {
    if (a->last < b->first) return gap_days(a->last, b->first);
    if (b->last < a->first) return gap_days(b->last, a->first);
    return 0;
}

static double time_factor(double gap_days, double flat, double decay) {
    return gap_days <= flat ? 1.0 : exp(-(gap_days - flat) / decay);
}

/* A time of the other kind (publication vs ingest) says nothing about the
 * distance, so the window does not apply across kinds. */
static bool node_near(const mr_node *n, int64_t t, bool known, double window_days) {
    if (n->known != known) return true;
    return span_gap_days(t, n->first, n->last) <= window_days;
}

static void node_extend(mr_node *n, int64_t t, bool known) {
    if (known && !n->known) {
        n->known = true;
        n->first = n->last = t;
    } else if (known == n->known) {
        if (t < n->first) n->first = t;
        if (t > n->last) n->last = t;
    }
}

static void node_absorb_span(mr_node *keep, const mr_node *gone) {
    if (gone->known && !keep->known) {
        keep->known = true;
        keep->first = gone->first;
        keep->last = gone->last;
    } else if (gone->known == keep->known) {
        if (gone->first < keep->first) keep->first = gone->first;
        if (gone->last > keep->last) keep->last = gone->last;
    }
}

static int64_t hwm_for(const mr_core *c, bool known) {
    return known ? c->hwm_known : c->hwm_ingest;
}

bool mr_core_event_is_live(const mr_core *c, int64_t last, bool known) {
    return (double)(hwm_for(c, known) - last) <= MR_EVENT_KEEP_DAYS * DAY;
}

bool mr_core_story_is_live(const mr_core *c, int64_t last, bool known) {
    return (double)(hwm_for(c, known) - last) <= MR_STORY_KEEP_DAYS * DAY;
}

bool mr_core_doc_is_live(const mr_core *c, int64_t time, bool known) {
    return (double)(hwm_for(c, known) - time) <= MR_DOC_KEEP_DAYS * DAY;
}

/* ---- document terms ------------------------------------------------------ */

typedef struct doc_term {
    uint32_t term;
    uint16_t tf[MR_NFIELDS];
    uint8_t flags;
    float u; /* field-weighted sublinear tf */
    float w; /* u · class weight · idf, scaled to a unit vector */
} doc_term;

typedef struct candidate {
    mr_node *node;
    float overlap; /* summed query weight of the terms that found it */
} candidate;

/* Per-document work space, reused (it only grows). */
typedef struct mr_core_scratch {
    doc_term *terms;
    uint32_t n;
    size_t cap;
    mr_weight *contrib; /* u / norm by term: what the document adds to centroids */
    uint32_t ncontrib;
    size_t contrib_cap;
    uint32_t *contrib_term; /* the same as two arrays, for centroid_add */
    float *contrib_w;
    size_t contrib_term_cap, contrib_w_cap;
    float *contrib_k; /* by contrib term: 1 when new to the document's event, else 0 */
    size_t contrib_k_cap;
    float *kflags; /* an event merge's counts: 1 where a term is new to the survivor */
    size_t kflags_cap;
    float *ones; /* nones of them, all 1: one event's count for each of its terms */
    uint32_t nones;
    size_t ones_cap;
    float *plain; /* by centroid position: a storyline's weights before the shares */
    size_t plain_cap;
    uint32_t *dropped; /* the terms an event's last trim dropped, by id */
    uint32_t ndropped;
    size_t dropped_cap;
    ranked *ranked;
    size_t ranked_cap;
    uint8_t *neutral; /* by centroid position: the term is language-neutral */
    size_t neutral_cap;
    float *nodew; /* by centroid position: a node's current weights */
    size_t nodew_cap;
    candidate *cands;
    uint32_t ncands;
    size_t cands_cap;
    uint32_t *words; /* the body's term ids in order: shingles for near-copies */
    size_t nwords, words_cap;
    uint64_t *hashes; /* the features' term hashes */
    size_t hashes_cap;
    uint32_t *ids; /* the features' term ids (UINT32_MAX: skipped) */
    size_t ids_cap;
} scratch;

/* Slots of the term table are fetched this many features ahead: the table
 * is far larger than the CPU caches and each lookup would otherwise wait. */
#define PREFETCH_AHEAD 8

static void doc_collect(mr_core *c, scratch *s, const mr_doc *d) {
    s->n = 0;
    s->nwords = 0;
    MR_GROW(s->words, s->words_cap, d->nfeatures + 1);
    MR_GROW(s->hashes, s->hashes_cap, d->nfeatures + 1);
    MR_GROW(s->ids, s->ids_cap, d->nfeatures + 1);
    for (size_t i = 0; i < d->nfeatures; i++) {
        const mr_feature *f = &d->features[i];
        s->hashes[i] = f->hash ? f->hash : term_hash(f->term, f->len);
    }
    if ((size_t)(c->vocab.count + d->nfeatures) * 2 > c->vocab.nslots) {
        /* Grow before the loop so that prefetched slots stay valid. */
        while ((size_t)(c->vocab.count + d->nfeatures) * 2 > c->vocab.nslots)
            vocab_rehash(&c->vocab);
    }
    /* Two passes, each fetching its table entries ahead: term ids first,
     * then each term's statistics and place in the document. */
    for (size_t i = 0; i < d->nfeatures; i++) {
        if (i + PREFETCH_AHEAD < d->nfeatures)
            __builtin_prefetch(
                &c->vocab.slots[s->hashes[i + PREFETCH_AHEAD] & (c->vocab.nslots - 1)]);
        const mr_feature *f = &d->features[i];
        if (f->len == 0 || f->field >= MR_NFIELDS) {
            s->ids[i] = UINT32_MAX;
            continue;
        }
        s->ids[i] = vocab_intern_hashed(c, f->term, f->len, s->hashes[i]);
    }
    for (size_t i = 0; i < d->nfeatures; i++) {
        if (i + PREFETCH_AHEAD < d->nfeatures && s->ids[i + PREFETCH_AHEAD] != UINT32_MAX) {
            __builtin_prefetch(&c->slot_of[s->ids[i + PREFETCH_AHEAD]]);
            __builtin_prefetch(&c->vocab.info[s->ids[i + PREFETCH_AHEAD]]);
        }
        uint32_t t = s->ids[i];
        if (t == UINT32_MAX) continue;
        const mr_feature *f = &d->features[i];
        if (f->field != MR_FIELD_TITLE) s->words[s->nwords++] = t;
        uint32_t slot = c->slot_of[t];
        if (!slot) {
            MR_GROW(s->terms, s->cap, s->n + 1);
            doc_term *dt = &s->terms[s->n++];
            memset(dt, 0, sizeof *dt);
            dt->term = t;
            slot = c->slot_of[t] = s->n;
        }
        doc_term *dt = &s->terms[slot - 1];
        if (dt->tf[f->field] < UINT16_MAX) dt->tf[f->field]++;
        uint8_t flags = f->flags & (MR_FEAT_NAME | MR_FEAT_NUMBER | MR_FEAT_CONCEPT);
        if ((f->flags & MR_FEAT_ARABIC) && !(c->vocab.info[t].kind & MR_KIND_COMMON))
            flags |= MR_FEAT_NAME;
        dt->flags |= flags;
    }
    for (uint32_t i = 0; i < s->n; i++) {
        doc_term *dt = &s->terms[i];
        c->slot_of[dt->term] = 0;
        float u = 0;
        for (int f = 0; f < MR_NFIELDS; f++)
            if (dt->tf[f]) u += (float)field_w[f] * tf_weight(dt->tf[f]);
        dt->u = u;
    }
}

static void doc_count(mr_core *c, const scratch *s) {
    mr_vocab *v = &c->vocab;
    v->docs++;
    for (uint32_t i = 0; i < s->n; i++) {
        uint32_t t = s->terms[i].term;
        mr_term_info *ti = &v->info[t];
        ti->df++;
        if (s->terms[i].flags & MR_FEAT_NAME) ti->name_df++;
        ti->kind |= s->terms[i].flags & (MR_FEAT_NUMBER | MR_FEAT_CONCEPT);
        ti->log_df = mr_log_df(ti->df);
        ti->cls = mr_vocab_class(v, t);
        v->page_dirty[t / MR_VOCAB_PAGE] = 1;
    }
}

/* The element that would stand at index k (0-based) if r were sorted
 * heaviest first (ties to the lower term id); r is reordered. */
static ranked kth_heaviest(ranked *r, uint32_t n, uint32_t k) {
    select_ranked(r, n, k);
    return r[k];
}

/* Moves the k heaviest positive entries of r[0..n) to its front (in no
 * particular order) and returns how many there are (at most k). */
static uint32_t heaviest_first(ranked *r, uint32_t n, uint32_t k) {
    if (n > k) {
        kth_heaviest(r, n, k - 1);
        n = k;
    }
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++)
        if (r[i] >> 32) r[m++] = r[i]; /* a positive weight */
    return m;
}

/* Bits by term id, beside the dense vectors. */
static inline void bit_set(uint64_t *bits, uint32_t t) {
    bits[t >> 6] |= 1ULL << (t & 63);
}

static inline void bit_clear(uint64_t *bits, uint32_t t) {
    bits[t >> 6] &= ~(1ULL << (t & 63));
}

static inline bool bit_test(const uint64_t *bits, uint32_t t) {
    return bits[t >> 6] >> (t & 63) & 1;
}

/* Computes the document's unit weights into c->dense and its centroid
 * contribution (its MR_DOC_TERMS heaviest terms, by id) into s->contrib. */
static void doc_weigh(mr_core *c, scratch *s) {
    double logn1 = log_n1(c), norm2 = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        doc_term *dt = &s->terms[i];
        dt->w = dt->u * event_class_w[term_class(&c->vocab, dt->term)] * idf_of(c, dt->term, logn1);
        norm2 += (double)dt->w * dt->w;
    }
    double norm = norm2 > 0 ? sqrt(norm2) : 1;
    MR_GROW(s->contrib, s->contrib_cap, s->n + 1);
    MR_GROW(s->ranked, s->ranked_cap, s->n + 1);
    for (uint32_t i = 0; i < s->n; i++) {
        doc_term *dt = &s->terms[i];
        dt->w = (float)(dt->w / norm);
        c->dense[dt->term] = dt->w;
        bit_set(c->dense_bits, dt->term);
        s->ranked[i] = rank_of(dt->term, dt->w);
    }
    bool cut = s->n > MR_DOC_TERMS;
    ranked last = 0;
    if (cut) last = kth_heaviest(s->ranked, s->n, MR_DOC_TERMS - 1);
    s->ncontrib = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        doc_term *dt = &s->terms[i];
        ranked x = rank_of(dt->term, dt->w);
        if (cut && ranks_before(&last, &x)) continue;
        s->contrib[s->ncontrib++] = (mr_weight){dt->term, (float)(dt->u / norm), 0};
    }
    sort_weights(s->contrib, s->ncontrib);
    MR_GROW(s->contrib_term, s->contrib_term_cap, s->ncontrib + 1);
    MR_GROW(s->contrib_w, s->contrib_w_cap, s->ncontrib + 1);
    MR_GROW(s->contrib_k, s->contrib_k_cap, s->ncontrib + 1);
    for (uint32_t i = 0; i < s->ncontrib; i++) {
        s->contrib_term[i] = s->contrib[i].term;
        s->contrib_w[i] = s->contrib[i].w;
    }
}

/* ---- vectors of nodes ------------------------------------------------------ */

static void clear_dense(const mr_node *n, float *dense, uint64_t *bits) {
    for (uint32_t i = 0; i < n->c.n; i++) {
        dense[n->c.term[i]] = 0;
        bit_clear(bits, n->c.term[i]);
    }
}

/* Cosine between a node (its weights as of its last change) and a unit
 * vector in dense. */
static double node_cosine(const mr_node *n, const float *dense, const uint64_t *bits) {
    double dot = 0;
    /* Terms the query lacks would add +0 (weights are never negative), so
     * they are skipped on the bit set, which stays in cache, without a
     * visit to dense, which does not. The sum is the same to the bit. */
    for (uint32_t i = 0; i < n->c.n; i++) {
        uint32_t t = n->c.term[i];
        if (bit_test(bits, t)) dot += (double)n->c.cur[i] * dense[t];
    }
    return n->norm > 0 ? dot / n->norm : 0;
}

/* The query side of a comparison: a unit vector in dense, with its
 * language(s) and the norm and count of its language-neutral part. */
typedef struct query_vec {
    const float *dense;
    const uint64_t *bits; /* where dense may be non-zero */
    uint32_t langs;
    float norm_neutral;
    uint32_t neutral_terms;
} query_vec;

/* Cosine over the language-neutral terms only. */
static double neutral_cosine(const mr_vocab *v, const mr_node *n, const query_vec *q) {
    if (n->norm_neutral <= 0 || q->norm_neutral <= 0) return 0;
    double dot = 0;
    for (uint32_t i = 0; i < n->c.n; i++) {
        uint32_t t = n->c.term[i];
        if (bit_test(q->bits, t) && is_neutral_class(term_class(v, t)))
            dot += (double)n->c.cur[i] * q->dense[t];
    }
    return dot / ((double)n->norm_neutral * q->norm_neutral);
}

/* The similarity of a candidate: the cosine, or across languages the
 * neutral cosine when that is better. */
static double similarity(const mr_vocab *v, const mr_node *n, const query_vec *q) {
    double score = node_cosine(n, q->dense, q->bits);
    bool across = q->langs && n->langs && !(q->langs & n->langs);
    if (across && q->neutral_terms >= MR_CROSS_LANG_MIN_TERMS) {
        double neutral = MR_CROSS_LANG_FACTOR * neutral_cosine(v, n, q);
        if (neutral > score) score = neutral;
    }
    return score;
}

/* Node n's current weights under class_w, by centroid position, into
 * s->nodew: computed once for both the candidate lookup and the comparison. */
static void node_weights(const mr_core *c, scratch *s, const mr_node *n, const float *class_w) {
    double logn1 = log_n1(c);
    MR_GROW(s->nodew, s->nodew_cap, n->c.n + 1);
    for (uint32_t i = 0; i < n->c.n; i++)
        s->nodew[i] = current_w(c, n->c.term[i], n->c.w[i], class_w, logn1);
}

/* The same when n's `cur` weights are current: n was refreshed under the
 * same class weights since the vocabulary last changed, so current_w would
 * give these very floats again. */
static void node_weights_cur(scratch *s, const mr_node *n) {
    MR_GROW(s->nodew, s->nodew_cap, n->c.n + 1);
    memcpy(s->nodew, n->c.cur, n->c.n * sizeof *s->nodew);
}

/* Ranks node n's terms by the weights in s->nodew into s->ranked; returns the count. */
static uint32_t node_ranked(scratch *s, const mr_node *n) {
    MR_GROW(s->ranked, s->ranked_cap, n->c.n + 1);
    for (uint32_t i = 0; i < n->c.n; i++) s->ranked[i] = rank_of(n->c.term[i], s->nodew[i]);
    return n->c.n;
}

/* The part of a storyline's weight a term keeps when k of its `events`
 * events carry it (see MR_STORY_SHARE_POWER). */
static inline float story_share(float k, float events) {
    float x = (k < 1 ? 1 : k > events ? events : k) / events;
    if (MR_STORY_SHARE_POWER == 1.0) return x;
    if (MR_STORY_SHARE_POWER == 2.0) return x * x;
    return powf(x, (float)MR_STORY_SHARE_POWER);
}

static void centroid_trim_and_rank(mr_core *c, mr_node *node, const float *class_w,
                                   uint32_t *posted, uint32_t *nposted) {
    scratch *s = c->scratch;
    mr_centroid *v = &node->c;
    double logn1 = log_n1(c);
    MR_GROW(s->ranked, s->ranked_cap, v->n + 1);
    MR_GROW(s->neutral, s->neutral_cap, v->n + 1);
    ranked *r = s->ranked;
    /* A storyline of several events weighs each term by the share of its
     * events that carry it; one of a single event is as it always was. */
    float events = v->k && !node->kind_event ? (float)((const mr_story *)node)->events : 1;
    bool by_share = MR_STORY_SHARE_POWER > 0 && events > 1;
    if (by_share) MR_GROW(s->plain, s->plain_cap, v->n + 1);
    /* The norm is of the weights before the shares: the shares only take
     * away from what a member event's own words score, and do not raise
     * the backbone above what it scored before (see MR_STORY_SHARE_POWER). */
    const float *normw = by_share ? s->plain : v->cur;
    for (uint32_t i = 0; i < v->n; i++) {
        const mr_term_info *ti = &c->vocab.info[v->term[i]];
        double x = logn1 - ti->log_df; /* idf_of and current_w, on the record in hand */
        float idf = x > 0 ? (float)x : 0.0f;
        v->cur[i] = v->w[i] * class_w[ti->cls] * idf;
        if (by_share) {
            s->plain[i] = v->cur[i];
            v->cur[i] *= story_share(v->k[i], events);
        }
        s->neutral[i] = is_neutral_class(ti->cls);
        r[i] = rank_of(v->term[i], v->cur[i]);
    }
    uint32_t n = v->n;
    double norm2 = 0, neutral2 = 0;
    s->ndropped = 0;
    if (n > MR_CENTROID_TERMS) {
        MR_GROW(s->dropped, s->dropped_cap, v->n + 1);
        /* Keep the heaviest; ties at the cut go to the lower term id. */
        ranked cut = kth_heaviest(r, n, MR_CENTROID_TERMS - 1);
        uint32_t k = 0;
        for (uint32_t i = 0; i < v->n; i++) {
            ranked x = rank_of(v->term[i], v->cur[i]);
            if (ranks_before(&cut, &x)) {
                if (node->kind_event) s->dropped[s->ndropped++] = v->term[i];
                continue;
            }
            double w2 = (double)normw[i] * normw[i];
            norm2 += w2;
            if (s->neutral[i]) neutral2 += w2;
            v->term[k] = v->term[i], v->w[k] = v->w[i], v->cur[k] = v->cur[i];
            if (v->k) v->k[k] = v->k[i];
            k++;
        }
        v->n = k;
        n = MR_CENTROID_TERMS; /* r[0..n) now holds exactly the kept terms */
        /* Room for one more article's terms, not for the peak of a merge. */
        if (v->cap > 2 * (MR_CENTROID_TERMS + MR_DOC_TERMS))
            centroid_resize(v, MR_CENTROID_TERMS + MR_DOC_TERMS);
    } else {
        for (uint32_t i = 0; i < v->n; i++) {
            double w2 = (double)normw[i] * normw[i];
            norm2 += w2;
            if (s->neutral[i]) neutral2 += w2;
        }
    }
    node->norm = (float)sqrt(norm2);
    node->norm_neutral = (float)sqrt(neutral2);
    uint32_t np = heaviest_first(r, n, MR_POSTED_TERMS);
    for (uint32_t i = 0; i < np; i++) posted[i] = rank_term(r[i]);
    sort_u32(posted, np);
    *nposted = np;
}

/* ---- candidates ----------------------------------------------------------- */

static bool node_live(const mr_core *c, const mr_node *n) {
    return n->kind_event ? mr_core_event_is_live(c, n->last, n->known)
                         : mr_core_story_is_live(c, n->last, n->known);
}

/* Candidates rank by overlap, then the older id. */
static inline bool candidate_before(const candidate *x, const candidate *y) {
    return x->overlap > y->overlap || (x->overlap == y->overlap && x->node->id < y->node->id);
}

DEFINE_SELECT(select_candidates, candidate, candidate_before)

/* How many posting-list entries ahead gather fetches the node. */
#define NODE_PREFETCH 16

/* Gathers the live nodes listed under the query terms that lie within the
 * window of time t, except `skip`, ranked by overlap then id and cut to max.
 * The result does not depend on the order of the posting lists. */
static uint32_t gather(mr_core *c, scratch *s, mr_postings *index, const ranked *query,
                       uint32_t nquery, int64_t t, bool known, double window_days,
                       const mr_node *skip, uint32_t max) {
    uint32_t stamp = ++c->stamp;
    s->ncands = 0;
    /* Each query term costs three dependent fetches (its list header, the
     * list, the nodes): start the first two for every term at once. */
    for (uint32_t q = 0; q < nquery; q++) __builtin_prefetch(&index[rank_term(query[q])]);
    for (uint32_t q = 0; q < nquery; q++) {
        const mr_postings *p = &index[rank_term(query[q])];
        if (p->n <= MR_MAX_POSTINGS) __builtin_prefetch(p->items);
    }
    for (uint32_t q = 0; q < nquery; q++) {
        const mr_postings *p = &index[rank_term(query[q])];
        float qw = rank_w(query[q]);
        if (p->n > MR_MAX_POSTINGS) continue;
        /* The nodes lie all over the heap: fetch a few ahead. */
        for (uint32_t i = 0; i < p->n && i < NODE_PREFETCH; i++) __builtin_prefetch(p->items[i]);
        for (uint32_t i = 0; i < p->n; i++) {
            if (i + NODE_PREFETCH < p->n) __builtin_prefetch(p->items[i + NODE_PREFETCH]);
            mr_node *n = p->items[i];
            if (n == skip) continue;
            if (n->stamp == stamp) {
                if (n->cand != UINT32_MAX) s->cands[n->cand].overlap += qw;
                continue;
            }
            n->stamp = stamp;
            /* Objects past their window may linger until the next eviction;
             * a restarted core would not have them, so neither may this one. */
            if (!node_live(c, n) || !node_near(n, t, known, window_days)) {
                n->cand = UINT32_MAX;
                continue;
            }
            MR_GROW(s->cands, s->cands_cap, s->ncands + 1);
            n->cand = s->ncands;
            s->cands[s->ncands++] = (candidate){n, qw};
        }
    }
    if (s->ncands > max) {
        /* Keep the max best by (overlap, older id); their order does not matter. */
        select_candidates(s->cands, s->ncands, max - 1);
        s->ncands = max;
    }
    return s->ncands;
}

/* ---- events and storylines ------------------------------------------------- */

static mr_event *live_event(const mr_core *c, int64_t id) {
    for (int hops = 0; hops < 64 && id > 0; hops++) {
        mr_event *e = mr_idmap_get(&c->events, id);
        if (!e) return NULL;
        if (!e->n.merged_into) return e;
        id = e->n.merged_into;
    }
    return NULL;
}

static mr_story *live_story(const mr_core *c, int64_t id) {
    for (int hops = 0; hops < 64 && id > 0; hops++) {
        mr_story *s = mr_idmap_get(&c->stories, id);
        if (!s) return NULL;
        if (!s->n.merged_into) return s;
        id = s->n.merged_into;
    }
    return NULL;
}

/* n ones: an event's count for each of n terms. The scratch only grows,
 * and is filled once. */
static const float *ones(scratch *s, uint32_t n) {
    if (n > s->nones) {
        MR_GROW(s->ones, s->ones_cap, n);
        for (uint32_t i = s->nones; i < n; i++) s->ones[i] = 1.0f;
        s->nones = n;
    }
    return s->ones;
}

static mr_story *event_refresh(mr_core *c, mr_event *e) {
    uint32_t fresh[MR_POSTED_TERMS], nfresh;
    centroid_trim_and_rank(c, &e->n, event_class_w, fresh, &nfresh);
    repost(c->event_postings, &e->n, fresh, nfresh);
    e->n.dirty = true;
    scratch *s = c->scratch;
    mr_story *st = s->ndropped && e->storyline ? live_story(c, e->storyline) : NULL;
    if (!st) return NULL;
    centroid_count(&st->n.c, s->dropped, ones(s, s->ndropped), s->ndropped, -1.0f);
    return st;
}

int64_t mr_core_resolve_event(const mr_core *c, int64_t id) {
    mr_event *e = live_event(c, id);
    return e ? e->n.id : id;
}

int64_t mr_core_resolve_story(const mr_core *c, int64_t id) {
    mr_story *s = live_story(c, id);
    return s ? s->n.id : id;
}

static void record_merge(mr_core *c, bool storyline, int64_t from, int64_t into, int64_t time) {
    MR_GROW(c->merges, c->merges_cap, c->nmerges + 1);
    c->merges[c->nmerges++] = (mr_merge){storyline, from, into, time};
}

/* ---- storyline member lists ------------------------------------------------ */

static void member_unlink(mr_event *e) {
    mr_story *st = e->in_story;
    if (!st) return;
    if (e->story_prev)
        e->story_prev->story_next = e->story_next;
    else
        st->members = e->story_next;
    if (e->story_next) e->story_next->story_prev = e->story_prev;
    e->in_story = NULL;
    e->story_prev = e->story_next = NULL;
}

/* Adds e to the list of the storyline it names, when that is in memory. */
static void member_link(mr_core *c, mr_event *e) {
    mr_story *st = mr_idmap_get(&c->stories, e->storyline);
    if (!st) return;
    e->in_story = st;
    e->story_prev = NULL;
    e->story_next = st->members;
    if (st->members) st->members->story_prev = e;
    st->members = e;
}

static void set_storyline(mr_core *c, mr_event *e, int64_t storyline) {
    member_unlink(e);
    e->storyline = storyline;
    member_link(c, e);
}

/* Rebuilds every member list (after restores, which come in any order). */
static void members_rebuild(mr_core *c) {
    if (!c->members_stale) return;
    for (size_t i = 0; i < c->stories.cap; i++)
        if (c->stories.slots[i].id) ((mr_story *)c->stories.slots[i].value)->members = NULL;
    for (size_t i = 0; i < c->events.cap; i++) {
        mr_event *e = c->events.slots[i].id ? c->events.slots[i].value : NULL;
        if (!e) continue;
        e->in_story = NULL;
        e->story_prev = e->story_next = NULL;
        member_link(c, e);
    }
    c->members_stale = false;
}

/* Zeroed, 64-byte aligned: the fields gather tests share one cache line. */
static void *node_alloc(size_t size) {
    size_t n = (size + 63) & ~(size_t)63;
    void *p = aligned_alloc(64, n);
    if (!p) mr_oom();
    memset(p, 0, n);
    return p;
}

mr_event *mr_event_new(void) {
    return node_alloc(sizeof(mr_event));
}

mr_story *mr_story_new(void) {
    mr_story *st = node_alloc(sizeof(mr_story));
    st->n.c.counted = true;
    return st;
}

/* out[i] = 1 where term[i] is not among v's terms, else 0 (both sorted by
 * term): which of an article's or an event's terms are new to an event,
 * and so add an event to the storyline's count for the term. A term an
 * event's centroid has trimmed away counts as new when it comes back. */
static void terms_absent(const mr_centroid *v, const uint32_t *term, uint32_t n, float *out) {
    uint32_t i = 0;
    for (uint32_t j = 0; j < n; j++) {
        while (i < v->n && v->term[i] < term[j]) i++;
        out[j] = i < v->n && v->term[i] == term[j] ? 0.0f : 1.0f;
    }
}

static mr_story *new_story(mr_core *c) {
    mr_story *st = mr_story_new();
    st->n.id = c->next_story++;
    st->n.dirty = true;
    mr_idmap_put(&c->stories, st->n.id, st);
    return st;
}

/* Adds an article's (or an event's) mass to a storyline, and k[i] to the
 * count of events carrying term[i]. */
static void story_take(mr_core *c, mr_story *st, const uint32_t *term, const float *w,
                       const float *k, uint32_t n, float scale, int64_t t, bool known,
                       uint32_t articles) {
    if (st->n.c.n == 0 && st->articles == 0 && st->events <= 1) {
        st->n.known = known;
        st->n.first = st->n.last = t;
    } else {
        node_extend(&st->n, t, known);
    }
    centroid_add(&st->n.c, term, w, k, n, scale);
    st->articles += articles;
    story_refresh(c, st);
}

static mr_story *merge_stories(mr_core *c, mr_story *a, mr_story *b, int64_t time) {
    mr_story *keep = a->n.id < b->n.id ? a : b, *gone = keep == a ? b : a;
    centroid_add(&keep->n.c, gone->n.c.term, gone->n.c.w, gone->n.c.k, gone->n.c.n, 1.0f);
    keep->events += gone->events;
    keep->articles += gone->articles;
    keep->n.langs |= gone->n.langs;
    node_absorb_span(&keep->n, &gone->n);
    unpost_all(c->story_postings, &gone->n);
    gone->n.merged_into = keep->n.id;
    gone->n.dirty = true;
    story_refresh(c, keep);
    /* Every in-memory event that names the absorbed storyline now names the survivor. */
    members_rebuild(c);
    while (gone->members) {
        mr_event *e = gone->members;
        set_storyline(c, e, keep->n.id);
        e->n.dirty = true;
    }
    record_merge(c, true, gone->n.id, keep->n.id, time);
    return keep;
}

static mr_event *merge_events(mr_core *c, mr_event *a, mr_event *b, int64_t time) {
    mr_event *keep = a->n.id < b->n.id ? a : b, *gone = keep == a ? b : a;
    mr_story *sk = live_story(c, keep->storyline), *sg = live_story(c, gone->storyline);
    /* Storyline event counts: the absorbed event no longer counts where it
     * was, and its terms count in the survivor's storyline only where the
     * survivor lacks them. */
    scratch *s = c->scratch;
    uint32_t ng = gone->n.c.n;
    MR_GROW(s->kflags, s->kflags_cap, ng + 1);
    terms_absent(&keep->n.c, gone->n.c.term, ng, s->kflags);
    if (sk && sg && sk != sg) {
        /* The absorbed event's mass moves to the survivor's storyline. */
        centroid_add(&sg->n.c, gone->n.c.term, gone->n.c.w, ones(s, ng), ng, -1.0f);
        sg->events--;
        sg->articles -= gone->articles < sg->articles ? gone->articles : sg->articles;
        if (sg->events == 0) {
            unpost_all(c->story_postings, &sg->n);
            sg->n.merged_into = sk->n.id;
            sg->n.dirty = true;
            record_merge(c, true, sg->n.id, sk->n.id, time);
        } else {
            story_refresh(c, sg);
        }
        centroid_add(&sk->n.c, gone->n.c.term, gone->n.c.w, s->kflags, ng, 1.0f);
        sk->articles += gone->articles;
        sk->n.langs |= gone->n.langs;
        node_absorb_span(&sk->n, &gone->n);
        story_refresh(c, sk);
    } else if (sk && sk == sg) {
        /* Terms both events carried now count one event, not two. */
        for (uint32_t i = 0; i < ng; i++) s->kflags[i] = 1.0f - s->kflags[i];
        centroid_count(&sk->n.c, gone->n.c.term, s->kflags, ng, -1.0f);
        sk->events--;
        story_refresh(c, sk);
    }
    centroid_add(&keep->n.c, gone->n.c.term, gone->n.c.w, NULL, gone->n.c.n, 1.0f);
    keep->articles += gone->articles;
    keep->copies += gone->copies;
    keep->n.langs |= gone->n.langs;
    node_absorb_span(&keep->n, &gone->n);
    unpost_all(c->event_postings, &gone->n);
    gone->n.merged_into = keep->n.id;
    set_storyline(c, gone, keep->storyline);
    gone->n.dirty = true;
    mr_story *counted = event_refresh(c, keep);
    if (counted) story_refresh(c, counted);
    record_merge(c, false, gone->n.id, keep->n.id, time);
    return keep;
}

/* Whether n, joined with the span of `with` (or the time t), stays within
 * max_span_days. Only known times are held to it. */
static bool fits_span(const mr_node *n, const mr_node *with, int64_t t, bool known,
                      double max_span_days) {
    int64_t first = with ? with->first : t, last = with ? with->last : t;
    bool wknown = with ? with->known : known;
    if (!n->known || !wknown) return true;
    if (n->first < first) first = n->first;
    if (n->last > last) last = n->last;
    return (double)(last - first) <= max_span_days * DAY;
}

/* Members of an event (copies aside) or articles of a storyline, at least 1. */
static uint32_t node_members(const mr_node *n) {
    uint32_t m = n->kind_event ? ((const mr_event *)n)->articles - ((const mr_event *)n)->copies
                               : ((const mr_story *)n)->articles;
    return m ? m : 1;
}

/* Best-scoring node among the candidates, by similarity to the query times
 * the time factor (plus the size bonus); ties go to the older id. */
static mr_node *best_candidate(const mr_core *c, scratch *s, const query_vec *q,
                               const mr_node *span_of, int64_t t, bool known, double flat,
                               double decay, double size_bonus, double max_span_days,
                               double *best_score) {
    mr_node *best = NULL;
    double top = -1;
    for (uint32_t i = 0; i < s->ncands; i++) {
        mr_node *n = s->cands[i].node;
        if (max_span_days > 0 && !fits_span(n, span_of, t, known, max_span_days)) continue;
        double score = similarity(&c->vocab, n, q);
        double gap;
        bool both_known = span_of ? (n->known && span_of->known) : (n->known && known);
        if (!both_known)
            gap = 0;
        else if (span_of)
            gap = spans_gap_days(n, span_of);
        else
            gap = span_gap_days(t, n->first, n->last);
        score *= time_factor(gap, flat, decay);
        if (size_bonus > 0) { /* else the bonus is +0 and changes nothing */
            double slope = both_known ? size_bonus : MR_EVENT_SIZE_BONUS_UNDATED;
            double cap = both_known ? MR_EVENT_SIZE_BONUS_MAX : MR_EVENT_SIZE_BONUS_MAX_UNDATED;
            double bonus = slope * log_members(node_members(n));
            score += bonus < cap ? bonus : cap;
        }
        if (score > top || (score == top && best && n->id < best->id)) {
            top = score;
            best = n;
        }
    }
    *best_score = top;
    return best;
}

/* The log of how much better event n explains a report's words than a new
 * event would, under the Dirichlet-multinomial mixture (see
 * MR_DMM_MAX_TERMS in params.h). The report's nterms terms are the bits set
 * in c->dense_bits. */
static double headline_fit(const mr_core *c, uint32_t nterms, const mr_node *n) {
    double mass = 0;
    for (uint32_t i = 0; i < n->c.n; i++) mass += n->c.w[i];
    double m = node_members(n), words = m * MR_DMM_WORDS;
    double prior = MR_DMM_VOCAB * MR_DMM_BETA, scale = words + prior;
    double fit = log(m / MR_DMM_NEW);
    uint32_t shared = 0;
    for (uint32_t i = 0; i < n->c.n && mass > 0; i++) {
        if (!bit_test(c->dense_bits, n->c.term[i])) continue;
        shared++;
        double count = n->c.w[i] / mass * words;
        fit += log(MR_DMM_VOCAB * (count + MR_DMM_BETA) / scale);
    }
    /* A word the event never used has the same odds in it as in a new
     * event, times the event's dilution of the prior. */
    fit += (double)(nterms - shared) * log(prior / scale);
    return fit;
}

/* The candidate that explains a headline best, and its fit; ties go to the
 * older id. */
static mr_node *headline_candidate(const mr_core *c, const scratch *s, double *best_fit) {
    mr_node *best = NULL;
    double top = 0;
    for (uint32_t i = 0; i < s->ncands; i++) {
        mr_node *n = s->cands[i].node;
        double fit = headline_fit(c, s->n, n);
        if (!best || fit > top || (fit == top && n->id < best->id)) {
            top = fit;
            best = n;
        }
    }
    *best_fit = top;
    return best;
}

/* The neutral part of the document's own query vector (in c->dense). */
static void doc_neutral(const mr_core *c, const scratch *s, query_vec *q) {
    double n2 = 0;
    uint32_t k = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        if (!is_neutral_class(term_class(&c->vocab, s->terms[i].term))) continue;
        n2 += (double)s->terms[i].w * s->terms[i].w;
        k += s->terms[i].w > 0;
    }
    q->norm_neutral = (float)sqrt(n2);
    q->neutral_terms = k;
}

/* A node as a query: its unit vector (from the weights in s->nodew) in
 * dense, with its languages and the norm and count of its neutral part. */
static query_vec node_query(const mr_core *c, const scratch *s, const mr_node *n, float *dense,
                            uint64_t *bits) {
    double norm2 = 0;
    for (uint32_t i = 0; i < n->c.n; i++) {
        float w = s->nodew[i];
        dense[n->c.term[i]] = w;
        bit_set(bits, n->c.term[i]);
        norm2 += (double)w * w;
    }
    double norm = norm2 > 0 ? sqrt(norm2) : 1;
    double n2 = 0;
    uint32_t k = 0;
    for (uint32_t i = 0; i < n->c.n; i++) {
        uint32_t t = n->c.term[i];
        float w = (float)(s->nodew[i] / norm);
        dense[t] = w;
        if (!is_neutral_class(term_class(&c->vocab, t))) continue;
        n2 += (double)w * w;
        k += w > 0;
    }
    query_vec q = {dense, bits, n->langs, (float)sqrt(n2), k};
    return q;
}

/* Among the merge candidates in s->cands, the undated event of one report
 * that the mixture now finds the likeliest in big event n, at least
 * MR_DMM_ABSORB_FIT better than on its own; NULL when none is. */
static mr_node *lone_report_to_absorb(mr_core *c, const scratch *s, const mr_node *n) {
    mr_node *best = NULL;
    double top = MR_DMM_ABSORB_FIT;
    for (uint32_t i = 0; i < s->ncands; i++) {
        mr_node *lone = s->cands[i].node;
        if (lone->known || node_members(lone) > 1) continue;
        /* The report's words are its event's terms; headline_fit reads them
         * from the bits, which are clear between documents. */
        for (uint32_t k = 0; k < lone->c.n; k++) bit_set(c->dense_bits, lone->c.term[k]);
        double fit = headline_fit(c, lone->c.n, n);
        for (uint32_t k = 0; k < lone->c.n; k++) bit_clear(c->dense_bits, lone->c.term[k]);
        if (fit > top || (fit == top && best && lone->id < best->id)) {
            top = fit;
            best = lone;
        }
    }
    return best;
}

/* Looks for another event that now looks like e and merges the two. e's
 * `cur` weights must be current (event_refresh ran since doc_count). */
static mr_event *check_merge(mr_core *c, scratch *s, mr_event *e, int64_t time) {
    node_weights_cur(s, &e->n); /* the caller has just refreshed e */
    uint32_t nr = node_ranked(s, &e->n);
    uint32_t nq = heaviest_first(s->ranked, nr, MR_QUERY_TERMS);
    const ranked *query = s->ranked;
    /* The window test compares spans: use the span's middle with a widened window. */
    int64_t mid = e->n.first + (e->n.last - e->n.first) / 2;
    double half = (double)(e->n.last - e->n.first) / 2 / DAY;
    if (!gather(c, s, c->event_postings, query, nq, mid, e->n.known, MR_EVENT_WINDOW_DAYS + half,
                &e->n, MR_MAX_MERGE_CANDIDATES))
        return e;
    query_vec q = node_query(c, s, &e->n, c->dense2, c->dense2_bits);
    double score;
    mr_node *best = best_candidate(c, s, &q, &e->n, 0, false, MR_EVENT_TIME_FLAT_DAYS,
                                   MR_EVENT_TIME_DECAY_DAYS, 0, MR_EVENT_MAX_SPAN_DAYS, &score);
    clear_dense(&e->n, c->dense2, c->dense2_bits);
    if ((!best || score < MR_MERGE_THRESHOLD) && !e->n.known &&
        node_members(&e->n) >= MR_DMM_ABSORB_MIN_MEMBERS) {
        mr_node *lone = lone_report_to_absorb(c, s, &e->n);
        if (lone) return merge_events(c, e, (mr_event *)lone, time);
    }
    if (!best || score < MR_MERGE_THRESHOLD) return e;
    return merge_events(c, e, (mr_event *)best, time);
}

/* The storyline for event e: the best live storyline scoring above the
 * threshold against e's name-weighted vector, or NULL. */
static mr_story *find_story(mr_core *c, scratch *s, const mr_event *e, const mr_story *skip) {
    node_weights(c, s, &e->n, story_class_w);
    uint32_t nr = node_ranked(s, &e->n);
    uint32_t nq = heaviest_first(s->ranked, nr, MR_QUERY_TERMS);
    const ranked *query = s->ranked;
    int64_t mid = e->n.first + (e->n.last - e->n.first) / 2;
    if (!gather(c, s, c->story_postings, query, nq, mid, e->n.known, MR_STORY_WINDOW_DAYS,
                skip ? &skip->n : NULL, MR_MAX_STORY_CANDIDATES))
        return NULL;
    query_vec q = node_query(c, s, &e->n, c->dense2, c->dense2_bits);
    double score;
    mr_node *best = best_candidate(c, s, &q, &e->n, 0, false, MR_STORY_TIME_FLAT_DAYS,
                                   MR_STORY_TIME_DECAY_DAYS, 0, 0, &score);
    clear_dense(&e->n, c->dense2, c->dense2_bits);
    return best && score >= MR_STORY_THRESHOLD ? (mr_story *)best : NULL;
}

/* ---- near-duplicates ---------------------------------------------------------- */

bool mr_minhash(const uint32_t *words, size_t n, uint32_t *sig) {
    if (n < 3) return false;
    bool filled[MR_MINHASH_BINS] = {false};
    for (int b = 0; b < MR_MINHASH_BINS; b++) sig[b] = UINT32_MAX;
    for (size_t i = 0; i + 2 < n; i++) {
        /* Three word ids mixed into one 64-bit value (splitmix64's finaliser). */
        uint64_t h = (uint64_t)words[i] * 0x9E3779B97F4A7C15ULL;
        h ^= ((uint64_t)words[i + 1] << 32 | words[i + 2]) * 0xC2B2AE3D27D4EB4FULL;
        h ^= h >> 30;
        h *= 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 27;
        h *= 0x94D049BB133111EBULL;
        h ^= h >> 31;
        unsigned bin = (unsigned)(h >> 58) % MR_MINHASH_BINS;
        uint32_t v = (uint32_t)h;
        if (v < sig[bin]) sig[bin] = v;
        filled[bin] = true;
    }
    /* Densification by rotation: an empty bin borrows the next filled bin's
     * value, offset by the distance, so that equal texts still agree. */
    for (int b = 0; b < MR_MINHASH_BINS; b++) {
        if (filled[b]) continue;
        for (int d = 1; d < MR_MINHASH_BINS; d++) {
            int j = (b + d) % MR_MINHASH_BINS;
            if (filled[j]) {
                sig[b] = sig[j] + 0x9E3779B9u * (uint32_t)d;
                break;
            }
        }
    }
    return true;
}

double mr_minhash_similarity(const uint32_t *a, const uint32_t *b) {
    int same = 0;
    for (int i = 0; i < MR_MINHASH_BINS; i++) same += a[i] == b[i];
    return (double)same / MR_MINHASH_BINS;
}

#define ROWS (MR_MINHASH_BINS / MR_MINHASH_BANDS)

static uint64_t band_key(const uint32_t *sig, int band) {
    return XXH3_64bits_withSeed(sig + band * ROWS, ROWS * sizeof *sig, (uint64_t)band + 1);
}

static uint64_t hash_key(const uint8_t *h) {
    uint64_t k;
    memcpy(&k, h, sizeof k);
    return k;
}

static inline mr_dupdoc *ring_at(const mr_core *c, uint64_t seq) {
    return &c->docs[seq & (c->doc_cap - 1)];
}

static bool doc_near(const mr_dupdoc *doc, int64_t t, bool known) {
    if (doc->known != known) return true;
    int64_t gap = t > doc->time ? t - doc->time : doc->time - t;
    return (double)gap <= MR_DUP_WINDOW_DAYS * DAY;
}

/* The earlier document this one copies, or NULL: an identical content hash,
 * else the most similar MinHash signature above the threshold (ties to the
 * earlier article). */
static const mr_dupdoc *find_copy(const mr_core *c, const mr_doc *d, const uint32_t *sig,
                                  const uint64_t *keys) {
    uint64_t seqs[256];
    const mr_dupdoc *best = NULL;
    if (d->content_hash) {
        size_t n = mr_u64multimap_get(&c->exact, hash_key(d->content_hash), seqs, 256);
        for (size_t i = 0; i < n && i < 256; i++) {
            if (seqs[i] < c->doc_head || seqs[i] >= c->doc_tail) continue;
            const mr_dupdoc *doc = ring_at(c, seqs[i]);
            if (memcmp(doc->hash, d->content_hash, 16) != 0 ||
                !doc_near(doc, d->time, d->time_known) ||
                !mr_core_doc_is_live(c, doc->time, doc->known))
                continue;
            if (!best || doc->article < best->article) best = doc;
        }
        if (best) return best;
    }
    if (!sig) return NULL;
    double top = 0;
    for (int b = 0; b < MR_MINHASH_BANDS; b++) {
        size_t n = mr_u64multimap_get(&c->bands, keys[b], seqs, 256);
        for (size_t i = 0; i < n && i < 256; i++)
            if (seqs[i] >= c->doc_head && seqs[i] < c->doc_tail)
                __builtin_prefetch(ring_at(c, seqs[i]));
        for (size_t i = 0; i < n && i < 256; i++) {
            if (seqs[i] < c->doc_head || seqs[i] >= c->doc_tail) continue;
            const mr_dupdoc *doc = ring_at(c, seqs[i]);
            if (!doc->has_sig || !doc_near(doc, d->time, d->time_known) ||
                !mr_core_doc_is_live(c, doc->time, doc->known))
                continue;
            double sim = mr_minhash_similarity(sig, doc->sig);
            if (sim < MR_DUP_JACCARD) continue;
            if (sim > top || (sim == top && doc->article < best->article)) {
                top = sim;
                best = doc;
            }
        }
    }
    return best;
}

static void ring_grow(mr_core *c) {
    uint64_t cap = c->doc_cap * 2;
    mr_dupdoc *docs = mr_calloc(cap, sizeof *docs);
    mr_advise_huge(docs, cap * sizeof *docs);
    for (uint64_t s = c->doc_head; s < c->doc_tail; s++) docs[s & (cap - 1)] = *ring_at(c, s);
    free(c->docs);
    c->docs = docs;
    c->doc_cap = cap;
}

/* The LSH band keys of a signature. */
static void band_keys(const uint32_t *sig, uint64_t *keys) {
    for (int b = 0; b < MR_MINHASH_BANDS; b++) keys[b] = band_key(sig, b);
}

/* Adds d to the ring and the tables; keys are its band keys (when it has a signature). */
static void ring_add(mr_core *c, const mr_dupdoc *d, const uint64_t *keys) {
    if (c->doc_tail - c->doc_head == c->doc_cap) ring_grow(c);
    uint64_t seq = c->doc_tail++;
    *ring_at(c, seq) = *d;
    mr_u64multimap_add(&c->exact, hash_key(d->hash), seq);
    if (d->has_sig)
        for (int b = 0; b < MR_MINHASH_BANDS; b++) mr_u64multimap_add(&c->bands, keys[b], seq);
}

void mr_core_restore_doc(mr_core *c, const mr_dupdoc *d) {
    uint64_t keys[MR_MINHASH_BANDS];
    if (d->has_sig) band_keys(d->sig, keys);
    ring_add(c, d, keys);
}

static void ring_evict(mr_core *c) {
    while (c->doc_head < c->doc_tail) {
        mr_dupdoc *d = ring_at(c, c->doc_head);
        if (mr_core_doc_is_live(c, d->time, d->known)) break;
        mr_u64multimap_remove(&c->exact, hash_key(d->hash), c->doc_head);
        if (d->has_sig)
            for (int b = 0; b < MR_MINHASH_BANDS; b++)
                mr_u64multimap_remove(&c->bands, band_key(d->sig, b), c->doc_head);
        c->doc_head++;
    }
}

/* ---- life cycle ---------------------------------------------------------------- */

mr_core *mr_core_new(void) {
    mr_core *c = mr_calloc(1, sizeof *c);
    mr_arena_init(&c->vocab.strings, 256 * 1024);
    mr_idmap_init(&c->events);
    mr_idmap_init(&c->stories);
    mr_u64multimap_init(&c->bands);
    mr_u64multimap_init(&c->exact);
    c->next_event = c->next_story = 1;
    c->doc_cap = 1024;
    c->docs = mr_calloc(c->doc_cap, sizeof *c->docs);
    c->scratch = mr_calloc(1, sizeof(scratch));
    init_tables();
    grow_term_arrays(c, 1);
    return c;
}

static void free_event(mr_event *e) {
    centroid_free(&e->n.c);
    free(e);
}

static void free_story(mr_story *s) {
    centroid_free(&s->n.c);
    free(s);
}

void mr_core_free(mr_core *c) {
    if (!c) return;
    for (size_t i = 0; i < c->events.cap; i++)
        if (c->events.slots[i].id) free_event(c->events.slots[i].value);
    for (size_t i = 0; i < c->stories.cap; i++)
        if (c->stories.slots[i].id) free_story(c->stories.slots[i].value);
    mr_idmap_free(&c->events);
    mr_idmap_free(&c->stories);
    for (uint32_t i = 0; i < c->vocab.cap; i++) {
        free(c->event_postings[i].items);
        free(c->story_postings[i].items);
    }
    free(c->event_postings);
    free(c->story_postings);
    mr_vocab *v = &c->vocab;
    free(v->slots);
    mr_arena_free(&v->strings);
    free(v->terms);
    free(v->info);
    free(v->page_dirty);
    free(c->dense);
    free(c->dense2);
    free(c->dense_bits);
    free(c->dense2_bits);
    free(c->slot_of);
    free(c->docs);
    mr_u64multimap_free(&c->bands);
    mr_u64multimap_free(&c->exact);
    free(c->merges);
    scratch *s = c->scratch;
    free(s->terms);
    free(s->contrib);
    free(s->contrib_term);
    free(s->contrib_w);
    free(s->contrib_k);
    free(s->kflags);
    free(s->ones);
    free(s->plain);
    free(s->dropped);
    free(s->ranked);
    free(s->neutral);
    free(s->nodew);
    free(s->cands);
    free(s->words);
    free(s->hashes);
    free(s->ids);
    free(s);
    free(c);
}

void mr_core_restore_event(mr_core *c, mr_event *e) {
    mr_idmap_put(&c->events, e->n.id, e);
    c->members_stale = true;
    if (!e->n.merged_into)
        for (uint32_t i = 0; i < e->n.nposted; i++)
            postings_add(&c->event_postings[e->n.posted[i]], &e->n);
    if (e->n.id >= c->next_event) c->next_event = e->n.id + 1;
}

void mr_core_restore_story(mr_core *c, mr_story *s) {
    mr_idmap_put(&c->stories, s->n.id, s);
    c->members_stale = true;
    if (!s->n.merged_into)
        for (uint32_t i = 0; i < s->n.nposted; i++)
            postings_add(&c->story_postings[s->n.posted[i]], &s->n);
    if (s->n.id >= c->next_story) c->next_story = s->n.id + 1;
}

void mr_core_evict(mr_core *c, void (*save_event)(void *ctx, const mr_event *e),
                   void (*save_story)(void *ctx, const mr_story *s), void *ctx) {
    ring_evict(c);
    int64_t *gone = NULL;
    size_t ngone = 0, cap = 0;
    for (size_t i = 0; i < c->events.cap; i++) {
        mr_event *e = c->events.slots[i].id ? c->events.slots[i].value : NULL;
        if (!e || mr_core_event_is_live(c, e->n.last, e->n.known)) continue;
        MR_GROW(gone, cap, ngone + 1);
        gone[ngone++] = e->n.id;
    }
    for (size_t i = 0; i < ngone; i++) {
        mr_event *e = mr_idmap_remove(&c->events, gone[i]);
        member_unlink(e);
        if (e->n.dirty && save_event) save_event(ctx, e);
        unpost_all(c->event_postings, &e->n);
        free_event(e);
    }
    ngone = 0;
    for (size_t i = 0; i < c->stories.cap; i++) {
        mr_story *s = c->stories.slots[i].id ? c->stories.slots[i].value : NULL;
        if (!s || mr_core_story_is_live(c, s->n.last, s->n.known)) continue;
        MR_GROW(gone, cap, ngone + 1);
        gone[ngone++] = s->n.id;
    }
    for (size_t i = 0; i < ngone; i++) {
        mr_story *s = mr_idmap_remove(&c->stories, gone[i]);
        while (s->members) member_unlink(s->members);
        if (s->n.dirty && save_story) save_story(ctx, s);
        unpost_all(c->story_postings, &s->n);
        free_story(s);
    }
    free(gone);
}

/* ---- placing a document ------------------------------------------------------ */

void mr_core_add(mr_core *c, const mr_doc *d, mr_core_result *out) {
    memset(out, 0, sizeof *out);
    scratch *s = c->scratch;
    if (d->time_known) {
        if (d->time > c->hwm_known) c->hwm_known = d->time;
    } else if (d->time > c->hwm_ingest) {
        c->hwm_ingest = d->time;
    }
    doc_collect(c, s, d);

    uint32_t sig[MR_MINHASH_BINS];
    bool has_sig = s->nwords >= MR_DUP_MIN_WORDS && mr_minhash(s->words, s->nwords, sig);
    out->has_sig = has_sig;
    if (has_sig) memcpy(out->sig, sig, sizeof sig);
    /* The band keys serve the lookup now and the insertion at the end: work
     * them out once and start fetching their slots of the (large) tables. */
    uint64_t keys[MR_MINHASH_BANDS];
    if (has_sig) {
        band_keys(sig, keys);
        for (int b = 0; b < MR_MINHASH_BANDS; b++) mr_u64multimap_prefetch(&c->bands, keys[b]);
    }
    if (d->content_hash) mr_u64multimap_prefetch(&c->exact, hash_key(d->content_hash));
    const mr_dupdoc *orig = find_copy(c, d, has_sig ? sig : NULL, keys);
    mr_event *orig_event = orig ? live_event(c, orig->event) : NULL;
    if (orig_event) {
        /* A copy: its own source in the original's event, but no second pull
         * on the centroid or the document frequencies. */
        mr_event *e = orig_event;
        e->articles++;
        e->copies++;
        node_extend(&e->n, d->time, d->time_known);
        e->n.dirty = true;
        mr_story *st = live_story(c, e->storyline);
        if (st) {
            st->articles++;
            node_extend(&st->n, d->time, d->time_known);
            st->n.dirty = true;
        }
        out->event = e->n.id;
        out->storyline = st ? st->n.id : e->storyline;
        out->duplicate_of = orig->article;
        return;
    }

    doc_count(c, s);
    doc_weigh(c, s);

    /* Candidate events: those listed under the document's heaviest terms. */
    MR_GROW(s->ranked, s->ranked_cap, s->n + 1);
    for (uint32_t i = 0; i < s->n; i++) s->ranked[i] = rank_of(s->terms[i].term, s->terms[i].w);
    uint32_t nq = heaviest_first(s->ranked, s->n, MR_QUERY_TERMS);
    const ranked *query = s->ranked;
    gather(c, s, c->event_postings, query, nq, d->time, d->time_known, MR_EVENT_WINDOW_DAYS, NULL,
           MR_MAX_CANDIDATES);
    double score = 0;
    query_vec q = {c->dense, c->dense_bits, d->lang, 0, 0};
    doc_neutral(c, s, &q);
    mr_node *best = best_candidate(c, s, &q, NULL, d->time, d->time_known, MR_EVENT_TIME_FLAT_DAYS,
                                   MR_EVENT_TIME_DECAY_DAYS, MR_EVENT_SIZE_BONUS,
                                   MR_EVENT_MAX_SPAN_DAYS, &score);
    mr_node *join = best && score >= MR_EVENT_THRESHOLD ? best : NULL;
    if (!d->time_known && s->n <= MR_DMM_MAX_TERMS) {
        /* A headline without a time: see MR_DMM_MAX_TERMS. */
        double fit;
        mr_node *fits = headline_candidate(c, s, &fit);
        if (fits && fit >= 0)
            join = fits;
        else
            join = best && score >= MR_DMM_COSINE_JOIN ? best : NULL;
    }
    for (uint32_t i = 0; i < s->n; i++) {
        c->dense[s->terms[i].term] = 0;
        bit_clear(c->dense_bits, s->terms[i].term);
    }

    mr_event *e;
    bool created = false;
    if (best) {
        out->score = score;
        out->candidate = best->id;
    }
    if (join) {
        e = (mr_event *)join;
        terms_absent(&e->n.c, s->contrib_term, s->ncontrib, s->contrib_k);
        centroid_add(&e->n.c, s->contrib_term, s->contrib_w, NULL, s->ncontrib, 1.0f);
        e->articles++;
        e->n.langs |= d->lang;
        node_extend(&e->n, d->time, d->time_known);
        event_refresh(c, e); /* its storyline is refreshed below */
    } else {
        e = mr_event_new();
        e->n.kind_event = true;
        e->n.id = c->next_event++;
        e->n.known = d->time_known;
        e->n.first = e->n.last = d->time;
        e->n.langs = d->lang;
        e->articles = 1;
        centroid_add(&e->n.c, s->contrib_term, s->contrib_w, NULL, s->ncontrib, 1.0f);
        mr_idmap_put(&c->events, e->n.id, e);
        event_refresh(c, e);
        created = true;
    }

    /* The storyline: chosen for a new event, fed by a grown one. */
    mr_story *st;
    if (created) {
        st = find_story(c, s, e, NULL);
        if (!st) {
            st = new_story(c);
            out->new_storyline = true;
        }
        st->events++;
        set_storyline(c, e, st->n.id);
    } else {
        st = live_story(c, e->storyline);
        if (!st) { /* its storyline left memory: start a fresh one */
            st = new_story(c);
            st->events = 1;
            set_storyline(c, e, st->n.id);
            out->new_storyline = true;
        }
    }
    st->n.langs |= d->lang;
    /* Each term the article brings new to its event counts the event once more. */
    const float *new_terms = created ? ones(s, s->ncontrib) : s->contrib_k;
    story_take(c, st, s->contrib_term, s->contrib_w, new_terms, s->ncontrib, 1.0f, d->time,
               d->time_known, 1);

    if (!created) {
        e = check_merge(c, s, e, d->time);
        st = live_story(c, e->storyline);
        /* An event alone in its storyline may now recognise another one. */
        if (st && st->events == 1) {
            mr_story *other = find_story(c, s, e, st);
            if (other) st = merge_stories(c, st, other, d->time);
        }
    }

    /* Remember the document for copies that follow. */
    mr_dupdoc doc;
    memset(&doc, 0, sizeof doc);
    doc.article = d->id;
    doc.event = e->n.id;
    doc.time = d->time;
    doc.known = d->time_known;
    if (d->content_hash) memcpy(doc.hash, d->content_hash, 16);
    doc.has_sig = has_sig;
    if (has_sig) memcpy(doc.sig, sig, sizeof sig);
    /* Fetch the slots again: the lookup's copies may have left the cache. */
    if (has_sig)
        for (int b = 0; b < MR_MINHASH_BANDS; b++) mr_u64multimap_prefetch(&c->bands, keys[b]);
    mr_u64multimap_prefetch(&c->exact, hash_key(doc.hash));
    ring_add(c, &doc, keys);

    out->event = e->n.id;
    out->storyline = st ? st->n.id : e->storyline;
    out->new_event = created;
}
