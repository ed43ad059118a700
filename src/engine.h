/* The engine's private state: the open database, the per-document arena and
 * the long-lived helpers each stage keeps between documents (stem cache,
 * template-line counts, cluster state). Only the engine's own files and the
 * stage modules it calls include this. */
#ifndef MARSAD_ENGINE_H
#define MARSAD_ENGINE_H

#include "marsad.h"
#include "util/arena.h"
#include "util/buf.h"

#include <sqlite3.h>

typedef struct mr_cluster mr_cluster; /* src/cluster/: events and storylines */

struct marsad_engine {
    sqlite3 *db;
    char *path;
    marsad_normalizer *nz;
    marsad_corpus_hints *hints;
    mr_cluster *cluster;
    mr_arena doc; /* per-document arena, reset for every record */
    void *zstd;   /* ZSTD_CCtx for raw records */
    mr_buf scratch;
    size_t pending;    /* writes in the open transaction */
    size_t batch_size; /* commit after this many */
    bool in_tx;
    bool no_stories;    /* store only: articles wait for marsad_place_pending */
    int64_t tx_started; /* time(NULL) when the open transaction began */
    /* The latest publication time stored (not in the future): the year of a
     * date written without one ("الثلاثاء 12 من آذار") is read against it.
     * This session's maximum until newest_published() has also read the
     * database's (newest_from_db). */
    int64_t newest_published;
    bool newest_from_db;
    void (*on_placed)(void *ctx, const marsad_placement *p); /* marsad_on_placed */
    void *on_placed_ctx;
    char why[512]; /* the last skip or error reason */
    sqlite3_stmt *st_find_raw, *st_find_content, *st_insert;
};

#endif
