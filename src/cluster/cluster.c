/* Events and storylines: the engine's hook (cluster.h) over the clustering
 * core (core.c), the features adapter (features.c) and the store (store.c).
 *
 * The engine calls mr_cluster_add inside its write transaction; the article's
 * membership row is written there and then, so it commits with the article.
 * Centroids, document frequencies and counters live in memory and are written
 * by mr_cluster_flush. */
#include "cluster/cluster.h"
#include "cluster/core.h"
#include "cluster/features.h"
#include "cluster/store.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

/* Drop what left its window even when the engine flushes rarely. */
#define EVICT_EVERY 8192

/* An article waiting in the reorder window: its document with the features
 * copied out of the featurizer (which reuses its array). One allocation:
 * the entry, then its features, term bytes, outlet and title. */
typedef struct waiting {
    mr_doc doc;
    uint64_t seq; /* arrival order, for ties */
    char *outlet, *title;
    size_t title_len;
    uint8_t hash[16]; /* doc.content_hash points here when the article had one */
} waiting;
_Static_assert(sizeof(waiting) % _Alignof(mr_feature) == 0, "features follow the entry");

struct mr_cluster {
    sqlite3 *db;
    mr_core *core;
    mr_cstore *store;
    marsad_normalizer *nz; /* turns the word tables into index terms */
    mr_featurizer *fz;
    size_t since_save;
    /* the reorder window: a binary min-heap on (time, seq) */
    waiting **heap;
    size_t nheap, heap_cap, window;
    uint64_t seq;
    void (*on_placed)(void *ctx, int64_t article_id, const mr_cluster_result *r);
    void *on_placed_ctx;
};

static void mark_common(void *ctx, const char *term, size_t len) {
    mr_core_mark_common(ctx, term, len);
}

mr_cluster *mr_cluster_open(sqlite3 *db, char **err) {
    mr_cstore *store = mr_cstore_open(db, err);
    if (!store) return NULL;
    mr_cluster *c = mr_calloc(1, sizeof *c);
    c->db = db;
    c->store = store;
    c->core = mr_core_new();
    if (mr_cstore_load(store, c->core, err) != 0) {
        mr_cluster_close(c);
        return NULL;
    }
    c->nz = marsad_normalizer_new();
    c->fz = mr_featurizer_new(c->nz);
    mr_featurizer_common(c->fz, mark_common, c->core);
    return c;
}

void mr_cluster_close(mr_cluster *c) {
    if (!c) return;
    /* Articles still waiting are stored without a story; `marsad cluster` places them. */
    for (size_t i = 0; i < c->nheap; i++) free(c->heap[i]);
    free(c->heap);
    mr_featurizer_free(c->fz);
    if (c->nz) marsad_normalizer_free(c->nz);
    mr_core_free(c->core);
    mr_cstore_close(c->store);
    free(c);
}

/* Runs one featurized document through the core and writes its membership. */
static int place(mr_cluster *c, const mr_doc *doc, const char *outlet, const char *title,
                 size_t title_len, mr_cluster_result *out, char **err) {
    mr_core_result r;
    mr_core_add(c->core, doc, &r);
    if (mr_cstore_add_article(c->store, doc->id, &r, doc->time, doc->time_known, outlet, title,
                              title_len, doc->content_hash, r.has_sig ? r.sig : NULL, err) != 0)
        return -1;
    out->event_id = r.event;
    out->storyline_id = r.storyline;
    out->duplicate_of = r.duplicate_of;
    if (++c->since_save >= EVICT_EVERY) return mr_cluster_flush(c, err);
    return 0;
}

static bool waits_before(const waiting *a, const waiting *b) {
    return a->doc.time < b->doc.time || (a->doc.time == b->doc.time && a->seq < b->seq);
}

static void heap_push(mr_cluster *c, waiting *w) {
    MR_GROW(c->heap, c->heap_cap, c->nheap + 1);
    size_t i = c->nheap++;
    while (i > 0 && waits_before(w, c->heap[(i - 1) / 2])) {
        c->heap[i] = c->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    c->heap[i] = w;
}

static waiting *heap_pop(mr_cluster *c) {
    waiting *top = c->heap[0], *last = c->heap[--c->nheap];
    size_t i = 0;
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= c->nheap) break;
        if (child + 1 < c->nheap && waits_before(c->heap[child + 1], c->heap[child])) child++;
        if (!waits_before(c->heap[child], last)) break;
        c->heap[i] = c->heap[child];
        i = child;
    }
    if (c->nheap) c->heap[i] = last;
    return top;
}

/* Copies a featurized document, its terms and the strings the store needs. */
static waiting *waiting_new(const mr_doc *doc, const mr_cluster_input *in, uint64_t seq) {
    const char *title = in->title ? in->title->display : NULL;
    size_t title_len = title ? in->title->display_len : 0;
    size_t outlet_len = in->outlet ? strlen(in->outlet) + 1 : 0;
    size_t bytes = doc->nfeatures * sizeof(mr_feature) + outlet_len + title_len + 1;
    for (size_t i = 0; i < doc->nfeatures; i++) bytes += doc->features[i].len;
    waiting *w = mr_malloc(sizeof *w + bytes);
    memset(w, 0, sizeof *w);
    mr_feature *f = (mr_feature *)(w + 1);
    char *p = (char *)(f + doc->nfeatures);
    for (size_t i = 0; i < doc->nfeatures; i++) {
        f[i] = doc->features[i];
        if (f[i].len) memcpy(p, doc->features[i].term, f[i].len);
        f[i].term = p;
        p += f[i].len;
    }
    if (in->outlet) {
        w->outlet = p;
        memcpy(p, in->outlet, outlet_len);
        p += outlet_len;
    }
    w->title = p;
    if (title_len) memcpy(p, title, title_len);
    p[title_len] = 0;
    w->title_len = title_len;
    w->doc = *doc;
    w->doc.features = f;
    if (doc->content_hash) {
        memcpy(w->hash, doc->content_hash, 16);
        w->doc.content_hash = w->hash;
    }
    w->seq = seq;
    return w;
}

static int place_oldest(mr_cluster *c, char **err) {
    waiting *w = heap_pop(c);
    mr_cluster_result r;
    int rc = place(c, &w->doc, w->outlet, w->title, w->title_len, &r, err);
    if (rc == 0 && c->on_placed) c->on_placed(c->on_placed_ctx, w->doc.id, &r);
    free(w);
    return rc;
}

int mr_cluster_add(mr_cluster *c, const mr_cluster_input *in, mr_cluster_result *out, char **err) {
    memset(out, 0, sizeof *out);
    mr_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = in->article_id;
    doc.time = in->time;
    doc.time_known = in->time_known;
    doc.lang = mr_lang_bit(in->lang);
    doc.content_hash = in->content_hash;
    mr_featurize(c->fz, in->title, in->body, &doc);
    if (c->window == 0) {
        const char *title = in->title ? in->title->display : NULL;
        int rc = place(c, &doc, in->outlet, title, title ? in->title->display_len : 0, out, err);
        if (rc == 0 && c->on_placed) c->on_placed(c->on_placed_ctx, doc.id, out);
        return rc;
    }
    heap_push(c, waiting_new(&doc, in, c->seq++));
    while (c->nheap > c->window)
        if (place_oldest(c, err) != 0) return -1;
    return 0;
}

void mr_cluster_set_window(mr_cluster *c, size_t n) {
    c->window = n;
}

void mr_cluster_on_placed(mr_cluster *c,
                          void (*fn)(void *ctx, int64_t article_id, const mr_cluster_result *r),
                          void *ctx) {
    c->on_placed = fn;
    c->on_placed_ctx = ctx;
}

int mr_cluster_drain(mr_cluster *c, char **err) {
    while (c->nheap)
        if (place_oldest(c, err) != 0) return -1;
    return 0;
}

size_t mr_cluster_waiting(const mr_cluster *c) {
    return c->nheap;
}

int mr_cluster_flush(mr_cluster *c, char **err) {
    c->since_save = 0;
    return mr_cstore_save(c->store, c->core, err);
}

int64_t mr_cluster_event_of(const mr_cluster *c, int64_t event_id) {
    return mr_core_resolve_event(c->core, event_id);
}
