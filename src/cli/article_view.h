/* One way to print an article, whether it comes fresh from extraction
 * (`marsad extract`) or from the database (`marsad article`). */
#ifndef MARSAD_CLI_ARTICLE_VIEW_H
#define MARSAD_CLI_ARTICLE_VIEW_H

#include "marsad.h"
#include "store/store.h"
#include "util/buf.h"

#include <stdio.h>

typedef struct article_view {
    int64_t id; /* 0 when not stored */
    const char *origin, *format, *url, *canonical_url;
    const char *title, *author, *outlet, *outlet_how, *outlet_evidence;
    const char *published, *published_how, *published_evidence, *lang;
    const char *body;
    const char *dropped_json;      /* JSON array text, or NULL */
    const marsad_dropped *dropped; /* or these */
    size_t ndropped;
    int64_t time, ingested_at;
    bool repaired;
} article_view;

void article_view_from_stored(article_view *v, const mr_stored_article *a);
/* published_buf needs 32 bytes. */
void article_view_from_extracted(article_view *v, const marsad_article *a, char *published_buf);

/* Human-readable: a header of metadata, the body, and with explain the dropped lines. */
void article_view_print(FILE *out, const article_view *v, bool explain);
/* One JSON object (no trailing newline). Dropped lines are included when explain. */
void article_view_json(mr_buf *b, const article_view *v, bool explain);

#endif
