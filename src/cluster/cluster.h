/* Events and storylines: online clustering of articles as they are stored.
 *
 * The engine calls mr_cluster_add once per new article, inside its open
 * write transaction, after the article row exists. The cluster module keeps
 * its own tables in the same database and whatever in-memory state it needs
 * (loaded by mr_cluster_open), and must keep per-article cost flat as the
 * corpus grows. */
#ifndef MARSAD_CLUSTER_H
#define MARSAD_CLUSTER_H

#include "marsad.h"

#include <sqlite3.h>

typedef struct mr_cluster mr_cluster;

/* What the engine knows of a new article. Pointers are borrowed for the call. */
typedef struct mr_cluster_input {
    int64_t article_id;
    int64_t time;       /* publication time (unix seconds), else the container's or ingest time */
    bool time_known;    /* false: time is the ingest time, not a publication time */
    const char *outlet; /* may be NULL */
    const char *lang;
    const marsad_text *title;    /* layers of the title (may have 0 tokens) */
    const marsad_text *body;     /* layers of the body */
    const uint8_t *content_hash; /* 16 bytes: hash of the match layer of title + body */
} mr_cluster_input;

typedef struct mr_cluster_result {
    int64_t event_id, storyline_id, duplicate_of;
} mr_cluster_result;

/* Creates the module's tables when absent and loads its state. Returns NULL
 * and sets *err (heap) on failure. */
mr_cluster *mr_cluster_open(sqlite3 *db, char **err);
void mr_cluster_close(mr_cluster *c);
/* Places one article, or queues it when a reorder window is set (out's ids
 * are then 0, or those of an older article the window let go of: see
 * mr_cluster_on_placed). Returns 0, or -1 and sets *err (heap) on a database
 * error. */
int mr_cluster_add(mr_cluster *c, const mr_cluster_input *in, mr_cluster_result *out, char **err);
/* Reorder window: reports rarely arrive in publication-time order (a
 * directory is read outlet by outlet, a feed mixes backlogs), and an event
 * formed from a late report first can pull in what it should not. With a
 * window of n > 0, mr_cluster_add holds each article back until n articles
 * wait, then places the oldest by time (ties: the first to arrive); articles
 * without a publication time carry their ingest time and so go last.
 * Placement is delayed, never reordered by the clock, so the same input gives
 * the same stories. 0 (the default) places every article at once. Articles
 * still waiting when the engine commits are stored without a story (the
 * next mr_cluster_drain, or `marsad cluster` after a crash, places them). */
void mr_cluster_set_window(mr_cluster *c, size_t n);
/* Called with each article placed, at once or from the window (fn may be NULL). */
void mr_cluster_on_placed(mr_cluster *c,
                          void (*fn)(void *ctx, int64_t article_id, const mr_cluster_result *r),
                          void *ctx);
/* Places every article waiting in the window, oldest first. Returns 0, or -1
 * and sets *err (heap); must run inside the engine's write transaction. */
int mr_cluster_drain(mr_cluster *c, char **err);
/* Articles waiting in the window. */
size_t mr_cluster_waiting(const mr_cluster *c);
/* Called after the engine commits, so the module can write back what it keeps in memory.
 * (Calling it just before the commit instead makes the write-back part of the same
 * transaction: it then runs inside it. Without an open transaction it opens its own.) */
int mr_cluster_flush(mr_cluster *c, char **err);
/* The event an event id lives in now, following merges (the older id survives a
 * merge). Ids of events no longer in memory are returned unchanged: the tables
 * (cluster_articles.event, view story_articles) always hold the current ids. */
int64_t mr_cluster_event_of(const mr_cluster *c, int64_t event_id);

#endif
