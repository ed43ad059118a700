/* The clustering module's tables in the engine's SQLite database, and the
 * saving and restoring of the core's in-memory state. Internal to
 * src/cluster/.
 *
 * Tables (created when absent):
 *   cluster_meta(key, value)          document count, next ids, latest times
 *   cluster_vocab(page, terms, stats) the term dictionary and document
 *                                     frequencies, MR_VOCAB_PAGE terms a row
 *   cluster_events(id, storyline, merged_into, first_time, last_time,
 *                  time_known, articles, copies, centroid, posted)
 *   cluster_storylines(id, merged_into, first_time, last_time, time_known,
 *                      events, articles, centroid, posted, counts)
 *                                     counts: per centroid term, how many of
 *                                     the storyline's events carry it (floats;
 *                                     NULL in rows saved before it was kept)
 *   cluster_articles(article_id, event, duplicate_of, time, time_known,
 *                    outlet, title, hash, sig)   one row per article
 *   cluster_merges(kind, from_id, into_id, time)  'event' or 'storyline'
 * cluster_articles.event and cluster_events.storyline always name live
 * (unmerged) objects: a merge rewrites them when it is saved. The view
 * story_articles(article_id, event, storyline, duplicate_of) joins them.
 *
 * Restoring reads back exactly what the core needs to go on as if it had
 * never stopped: the whole vocabulary, and the events, storylines and
 * documents still inside their windows. */
#ifndef MARSAD_CLUSTER_STORE_H
#define MARSAD_CLUSTER_STORE_H

#include "cluster/core.h"

#include <sqlite3.h>

typedef struct mr_cstore mr_cstore;

/* Creates the tables when absent and prepares the statements. Returns NULL
 * and sets *err (heap) on failure. */
mr_cstore *mr_cstore_open(sqlite3 *db, char **err);
void mr_cstore_close(mr_cstore *st);
/* Loads the saved state into an empty core. Returns 0, or -1 with *err. */
int mr_cstore_load(mr_cstore *st, mr_core *c, char **err);
/* Records one placed article. */
int mr_cstore_add_article(mr_cstore *st, int64_t article_id, const mr_core_result *r, int64_t time,
                          bool time_known, const char *outlet, const char *title, size_t title_len,
                          const uint8_t *hash, const uint32_t *sig, char **err);
/* Writes every changed object, the vocabulary pages that changed, pending
 * merges and the counters; then drops from memory what left its window.
 * Runs inside the caller's transaction when one is open, else in its own. */
int mr_cstore_save(mr_cstore *st, mr_core *c, char **err);

#endif
