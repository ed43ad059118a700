/* Reading stories back: the storyline listing and one storyline as a
 * timeline of its events, for `marsad stories` and `marsad story` (and any
 * other front end). Reads the clustering tables of an open engine.
 *
 * Memory: every string of a listing or a storyline lives in the arena the
 * caller passes; the arrays are allocated in it too. */
#ifndef MARSAD_CLUSTER_STORIES_H
#define MARSAD_CLUSTER_STORIES_H

#include "marsad.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mr_story_summary {
    int64_t id;
    const char *headline; /* the most typical title of its largest event (may be "") */
    int64_t articles, events, outlets;
    int64_t first, last; /* unix seconds */
    bool time_known;     /* false: the times are ingest times */
} mr_story_summary;

typedef struct mr_story_article {
    int64_t id;
    const char *outlet; /* NULL when unknown */
    const char *title;
    int64_t time;
    bool time_known;
    int64_t duplicate_of; /* the article it copies, else 0 */
} mr_story_article;

typedef struct mr_story_event {
    int64_t id;
    int64_t first, last;
    bool time_known;
    int64_t outlets;
    mr_story_article *articles; /* dated first, each group in time order */
    size_t narticles;
} mr_story_event;

typedef struct mr_story_detail {
    mr_story_summary summary;
    mr_story_event *events; /* in time order of their first article */
    size_t nevents;
} mr_story_detail;

/* Storylines, most recently active first; at most limit (0: all). Returns
 * the number written to *out, or -1 and sets *err (heap). */
long mr_stories_list(marsad_engine *e, size_t limit, mr_arena *arena, mr_story_summary **out,
                     char **err);
/* One storyline (a merged id leads to the storyline it joined). Returns 1,
 * 0 when there is no such storyline, or -1 and sets *err. */
int mr_story_get(marsad_engine *e, int64_t id, mr_arena *arena, mr_story_detail *out, char **err);
/* Formats unix seconds as "2018-11-12 09:30" (UTC) into buf (32 bytes). */
const char *mr_story_time(int64_t t, char *buf);

#endif
