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

struct mr_cluster {
    sqlite3 *db;
    mr_core *core;
    mr_cstore *store;
    marsad_normalizer *nz; /* turns the word tables into index terms */
    mr_featurizer *fz;
    size_t since_save;
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
    mr_featurizer_free(c->fz);
    if (c->nz) marsad_normalizer_free(c->nz);
    mr_core_free(c->core);
    mr_cstore_close(c->store);
    free(c);
}

int mr_cluster_add(mr_cluster *c, const mr_cluster_input *in, mr_cluster_result *out, char **err) {
    mr_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.id = in->article_id;
    doc.time = in->time;
    doc.time_known = in->time_known;
    doc.lang = mr_lang_bit(in->lang);
    doc.content_hash = in->content_hash;
    mr_featurize(c->fz, in->title, in->body, &doc);
    mr_core_result r;
    mr_core_add(c->core, &doc, &r);
    const char *title = in->title ? in->title->display : NULL;
    size_t title_len = in->title ? in->title->display_len : 0;
    if (mr_cstore_add_article(c->store, in->article_id, &r, in->time, in->time_known, in->outlet,
                              title, title_len, in->content_hash, r.has_sig ? r.sig : NULL,
                              err) != 0)
        return -1;
    out->event_id = r.event;
    out->storyline_id = r.storyline;
    out->duplicate_of = r.duplicate_of;
    if (++c->since_save >= EVICT_EVERY) return mr_cluster_flush(c, err);
    return 0;
}

int mr_cluster_flush(mr_cluster *c, char **err) {
    c->since_save = 0;
    return mr_cstore_save(c->store, c->core, err);
}

int64_t mr_cluster_event_of(const mr_cluster *c, int64_t event_id) {
    return mr_core_resolve_event(c->core, event_id);
}
