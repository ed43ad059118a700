/* The clustering core: online event and storyline clustering and
 * near-duplicate detection over plain term lists, with no database and no
 * text processing. cluster.c feeds it from the engine's text layers and
 * store.c saves and restores its state; the dev harness in bench/ feeds it
 * directly. Internal to src/cluster/.
 *
 * A document is a list of (field, term, flags) features, a list of word
 * hashes (for shingles) and an optional content hash. The core assigns it to
 * an event (new or existing) and the event to a storyline, and reports
 * whether it copies an earlier document. Ids are never reused and never
 * change; a merged event or storyline keeps its row, pointing at the one it
 * was merged into.
 *
 * Memory: the core owns everything it holds; documents passed in are
 * borrowed for the call. Objects whose time window has passed are dropped
 * from memory by mr_core_evict (after the store has written them). */
#ifndef MARSAD_CLUSTER_CORE_H
#define MARSAD_CLUSTER_CORE_H

#include "cluster/params.h"
#include "cluster/idmap.h"
#include "util/strmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum mr_field { MR_FIELD_TITLE = 0, MR_FIELD_LEAD, MR_FIELD_BODY, MR_NFIELDS } mr_field;

/* Feature flags: how this occurrence of the term was written. */
enum {
    MR_FEAT_NAME = 1,    /* name-like occurrence */
    MR_FEAT_NUMBER = 2,  /* a figure */
    MR_FEAT_CONCEPT = 4, /* a language-neutral concept from the alias table */
    MR_FEAT_ARABIC = 8,  /* an Arabic word: name-like unless the term is marked common */
};

/* Vocabulary kind bits beyond the feature flags. */
enum { MR_KIND_COMMON = 16 /* a common word, never name-like (mr_core_mark_common) */ };

typedef struct mr_feature {
    const char *term; /* index-layer form; need not be NUL-terminated */
    uint64_t hash;    /* mr_term_hash(term, len), or 0 for the core to compute */
    uint32_t len;
    uint8_t field; /* mr_field */
    uint8_t flags;
} mr_feature;

/* The hash of a term, eight bytes at a time (terms are hashed once per
 * token, so this sits on the hot path). Never 0. */
static inline uint64_t mr_term_hash(const char *s, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
        s += 8;
        n -= 8;
    }
    /* The last n < 8 bytes, little-endian, zero-extended: two overlapping
     * loads where the host is little-endian (an overlapped byte is OR-ed in
     * twice, to the same value), else byte by byte. */
    uint64_t w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        w = a | (uint64_t)b << (8 * (n - 4));
    } else if (n >= 2) {
        uint16_t a, b;
        memcpy(&a, s, 2);
        memcpy(&b, s + n - 2, 2);
        w = a | (uint64_t)b << (8 * (n - 2));
    } else if (n == 1) {
        w = (unsigned char)s[0];
    }
#else
    for (size_t i = 0; i < n; i++) w |= (uint64_t)(unsigned char)s[i] << (8 * i);
#endif
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return h ? h : 1;
}

typedef struct mr_doc {
    int64_t id;
    int64_t time;               /* unix seconds */
    bool time_known;            /* false: time is when the article was ingested */
    uint32_t lang;              /* mr_lang_bit of the article's language, 0 when unknown */
    const mr_feature *features; /* in text order: the body's give the shingles */
    size_t nfeatures;
    const uint8_t *content_hash; /* 16 bytes, or NULL */
} mr_doc;

typedef struct mr_core_result {
    int64_t event, storyline, duplicate_of;
    bool new_event, new_storyline;
    double score;      /* the best candidate event's cosine score (time factor, size
                          bonus), joined or not (0: none); a headline without a time
                          may join another candidate instead (MR_DMM_MAX_TERMS) */
    int64_t candidate; /* that event (0: none) */
    bool has_sig;      /* the document was long enough for a MinHash signature */
    uint32_t sig[MR_MINHASH_BINS];
} mr_core_result;

/* Term classes, derived from how documents wrote the term. */
enum { MR_CLASS_WORD = 0, MR_CLASS_NAME, MR_CLASS_NUMBER, MR_CLASS_CONCEPT, MR_NCLASSES };

/* ---- vocabulary ------------------------------------------------------------ */

/* Term ids are dense and stable; the vocabulary is saved in pages of this many ids. */
#define MR_VOCAB_PAGE 1024

/* Bytes of a term kept in its slot of the term table: most terms compare
 * there without a visit to the term's bytes elsewhere in memory. */
#define MR_TERM_PREFIX 16

/* A slot of the term table: the term's 64-bit hash, its id + 1 (0: empty),
 * its length and its first bytes. 32 bytes, aligned: one cache line holds two. */
typedef struct mr_term_slot {
    uint64_t hash;
    uint32_t id1;
    uint32_t len;
    char prefix[MR_TERM_PREFIX]; /* the first min(len, MR_TERM_PREFIX) bytes */
} mr_term_slot;

/* What the clustering knows of a term, in one place: a term's statistics
 * are read together, and one cache line then holds four terms' worth. */
typedef struct mr_term_info {
    float log_df;     /* ln(df + 0.5), kept current */
    uint32_t df;      /* documents (not copies) that hold the term */
    uint32_t name_df; /* of those, documents that wrote it like a name */
    uint8_t kind;     /* MR_FEAT_NUMBER / MR_FEAT_CONCEPT bits seen for the term, MR_KIND_COMMON */
    uint8_t cls;      /* MR_CLASS_*, kept current with df, name_df and kind */
} mr_term_info;

typedef struct mr_vocab {
    mr_term_slot *slots; /* term → id, open addressing (64-byte aligned) */
    size_t nslots;       /* a power of two, at least twice the term count */
    mr_arena strings;    /* the terms' bytes */
    const char **terms;  /* id → term (in strings) */
    mr_term_info *info;  /* id → statistics */
    uint32_t count, cap;
    uint64_t docs;       /* N: documents counted in df */
    uint8_t *page_dirty; /* per page: changed since the last save */
    uint32_t npages_cap;
} mr_vocab;

/* ---- centroids ------------------------------------------------------------- */

/* A centroid term as the store saves it (the blob layout of cluster_events
 * and cluster_storylines); in memory a centroid keeps the three fields in
 * separate arrays (mr_centroid). */
typedef struct mr_weight {
    uint32_t term;
    float w;   /* raw mass: field-weighted tf, before idf and class weights */
    float cur; /* the weight under current idf and class weights, as of the
                * centroid's last change */
} mr_weight;

/* Sparse vector sorted by term id, as three parallel arrays in one block
 * (term, then w, then cur, each cap long): scoring a candidate reads the
 * terms and only the weights of the terms it shares with the query. A
 * storyline's centroid is `counted`: a fourth array in the block, `k`, holds
 * for each term how many of the storyline's events carry it (see
 * MR_STORY_SHARE_POWER); an event's has none (k is NULL). */
typedef struct mr_centroid {
    uint32_t *term; /* the block; free() it */
    float *w;       /* raw mass: field-weighted tf, before idf and class weights */
    float *cur;     /* the weight under current idf and class weights, as of the
                     * centroid's last change */
    float *k;       /* counted centroids: events carrying the term; else NULL */
    uint32_t n, cap;
    bool counted; /* set before the first term goes in, never changed */
} mr_centroid;

/* What events and storylines share: a time span, a centroid and the terms
 * under which the inverted index lists it. Both structs start with a node,
 * so posting lists and candidate code handle them alike. */
typedef struct mr_node {
    int64_t id;
    int64_t merged_into; /* 0 unless merged into another */
    int64_t first, last; /* time span: of known-time members when `known`, else ingest times */
    bool known;
    bool dirty;           /* changed since the last save */
    bool kind_event;      /* an mr_event, else an mr_story */
    bool stored;          /* has a row in the cluster tables: loaded from one, or saved since */
    uint32_t stamp, cand; /* candidate de-duplication */
    mr_centroid c;
    float norm;         /* Euclidean norm of the centroid's `cur` weights */
    float norm_neutral; /* the same over its language-neutral terms (concepts, figures) */
    uint32_t langs;     /* mr_lang_bit of every language among its articles */
    uint32_t posted[MR_POSTED_TERMS]; /* sorted by term id */
    uint32_t nposted;
} mr_node;

typedef struct mr_event {
    mr_node n;
    int64_t storyline;
    uint32_t articles; /* members, copies included */
    uint32_t copies;   /* members that copy another member */
    /* Membership of the in-memory storyline whose id is `storyline`
     * (merged-away events included), so that a storyline merge finds the
     * events to repoint without a walk over every event. */
    struct mr_story *in_story;
    struct mr_event *story_prev, *story_next;
} mr_event;

typedef struct mr_story {
    mr_node n;
    uint32_t events; /* events not merged away */
    uint32_t articles;
    mr_event *members; /* the in-memory events that name this storyline */
} mr_story;

/* A posting list: the live objects that list a term. */
typedef struct mr_postings {
    mr_node **items;
    uint32_t n, cap;
} mr_postings;

/* ---- near-duplicate index ------------------------------------------------ */

typedef struct mr_dupdoc {
    int64_t article, event;
    int64_t time;
    bool known;
    bool has_sig;
    uint8_t hash[16];
    uint32_t sig[MR_MINHASH_BINS];
} mr_dupdoc;

/* A merge, waiting to be saved. */
typedef struct mr_merge {
    bool storyline; /* else an event */
    int64_t from, into, time;
} mr_merge;

typedef struct mr_core {
    mr_vocab vocab;
    mr_postings *event_postings, *story_postings; /* by term id */
    uint32_t postings_cap;
    mr_idmap events, stories; /* live objects by id */
    int64_t next_event, next_story;
    int64_t hwm_known, hwm_ingest; /* latest times seen, of each kind */
    uint32_t stamp;

    /* Near-duplicates: a ring of recent documents in arrival order, plus the
     * LSH band and exact-hash tables keyed into it by sequence number. */
    mr_dupdoc *docs;
    uint64_t doc_head, doc_tail; /* live sequence numbers [head, tail) */
    uint64_t doc_cap;            /* ring capacity (power of two) */
    mr_u64multimap bands;        /* band key → sequence numbers */
    mr_u64multimap exact;        /* first 8 bytes of the content hash → sequence numbers */

    bool members_stale; /* objects were restored: the storylines' member lists need a rebuild */

    /* Pending saves for the store. */
    mr_merge *merges;
    size_t nmerges, merges_cap;

    /* Scratch reused for every document (never shrinks). */
    struct mr_core_scratch *scratch; /* defined in core.c */
    float *dense;                    /* by term id: the document's weight, 0 elsewhere */
    float *dense2;                   /* by term id: a second vector (merge and storyline checks) */
    uint64_t *dense_bits;            /* a bit by term id: set where dense may be non-zero */
    uint64_t *dense2_bits;           /* the same for dense2 */
    uint32_t *slot_of;               /* by term id: 1 + index in the document's term list */
} mr_core;

mr_core *mr_core_new(void);
void mr_core_free(mr_core *c);
/* Places d; see mr_core_result. */
void mr_core_add(mr_core *c, const mr_doc *d, mr_core_result *out);
/* Drops from memory the objects whose window has passed. `save_event` and
 * `save_story` (may be NULL) are called first for each dropped object that is
 * still dirty. */
void mr_core_evict(mr_core *c, void (*save_event)(void *ctx, const mr_event *e),
                   void (*save_story)(void *ctx, const mr_story *s), void *ctx);
/* The live event an event id now lives in (following merges), or the id
 * itself when it is not in memory. */
int64_t mr_core_resolve_event(const mr_core *c, int64_t id);
int64_t mr_core_resolve_story(const mr_core *c, int64_t id);

/* A bit standing for a language code ("ar", "en"; 0 for NULL, "" or "und").
 * Distinct codes may share a bit: it only decides when to look across languages. */
uint32_t mr_lang_bit(const char *lang);

/* ---- used by the store when saving and restoring ------------------------- */

uint32_t mr_vocab_intern(mr_core *c, const char *term, size_t len);
/* Marks a term as a common word: Arabic occurrences of it are not name-like. */
void mr_core_mark_common(mr_core *c, const char *term, size_t len);
/* ln(df + 0.5), from a table for small df. */
float mr_log_df(uint32_t df);
/* The class (MR_CLASS_*) term t's statistics give it. */
uint8_t mr_vocab_class(const mr_vocab *v, uint32_t t);
/* A zeroed event or storyline, its header on one cache line (gather reads
 * the headers of many objects per article); the core frees it. */
mr_event *mr_event_new(void);
mr_story *mr_story_new(void);
/* Inserts a restored object into the live set and the inverted index. The
 * core takes ownership. */
void mr_core_restore_event(mr_core *c, mr_event *e);
void mr_core_restore_story(mr_core *c, mr_story *s);
void mr_core_restore_doc(mr_core *c, const mr_dupdoc *d);
/* True when an object of this time is still inside the window kept in memory. */
bool mr_core_event_is_live(const mr_core *c, int64_t last, bool known);
bool mr_core_story_is_live(const mr_core *c, int64_t last, bool known);
bool mr_core_doc_is_live(const mr_core *c, int64_t time, bool known);
/* Fills an empty centroid from n stored weights (an unaligned blob is fine).
 * A counted centroid's event counts start at `events` (every term carried
 * by every event: the weighting of a storyline saved without counts). */
void mr_centroid_load(mr_centroid *v, const void *blob, uint32_t n, float events);
/* Sets a counted centroid's event counts from a stored array of floats, one
 * per term in the centroid's order (an unaligned blob is fine); a blob of
 * another length (a row saved before counts were kept) is ignored. */
void mr_centroid_load_counts(mr_centroid *v, const void *blob, size_t bytes);
/* Writes v's v->n weights in the stored layout. */
void mr_centroid_store(const mr_centroid *v, mr_weight *out);
/* One-permutation MinHash of a sequence of word ids (3-shingles). Returns
 * false when the text is too short to fingerprint. */
bool mr_minhash(const uint32_t *words, size_t n, uint32_t *sig);
/* Estimated Jaccard similarity of two signatures. */
double mr_minhash_similarity(const uint32_t *a, const uint32_t *b);

#endif
