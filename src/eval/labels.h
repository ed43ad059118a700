/* Labelled streams: news items with a gold story label, read from the formats
 * the evaluation data comes in, for `marsad eval`.
 *
 * Two container formats, told apart by the first non-blank byte:
 *   JSON lines ('{'): one object a line. Keys (first present wins):
 *     title     title | headline
 *     body      body | content | text | textCleaned   (with no title, the body
 *               becomes the title: googlenews {"text","cluster"}, News-T
 *               {"Id","clusterNo","textCleaned"})
 *     event     event | cluster | clusterNo | cluster_id | label | story
 *     storyline storyline
 *     lang      lang | language
 *     time      published_at | published | time | date  (ISO text, or unix seconds)
 *     id        id | Id | article_id
 *   TSV (anything else): a header line naming the columns with the same names
 *   (og2021/dev.tsv: cluster_id, er_event_uri, article_id, lang,
 *   published_at, title), then one item a line.
 * Labels and ids may be strings or numbers. A line without an event label or
 * without any text is reported and skipped; the rest goes on.
 *
 * A second labelling (another system's clusters, such as og2021's
 * er_event_uri, Event Registry's own events) may be read beside the gold one:
 * name its key or column in other_key before parsing. */
#ifndef MARSAD_EVAL_LABELS_H
#define MARSAD_EVAL_LABELS_H

#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mr_labelled_item {
    const char *id;    /* from the data, else the line number */
    const char *title; /* never NULL (may be "") */
    const char *body;  /* NULL when the item has none */
    const char *lang;  /* as the data spells it ("eng", "ar"), NULL when not given */
    int64_t time;      /* unix seconds; 0 when unknown */
    bool time_known;
    const char *event;     /* gold event label, never NULL */
    const char *storyline; /* gold storyline label, NULL when not labelled */
    const char *other;     /* label under the stream's other_key, NULL when none */
    size_t line;           /* 1-based line in the input */
} mr_labelled_item;

typedef struct mr_labelled_stream {
    mr_labelled_item *items;
    size_t count, cap;
    size_t skipped;        /* lines that held no usable item */
    bool has_lang;         /* some item names its language */
    bool has_time;         /* some item has a time */
    bool has_storyline;    /* some item has a storyline label */
    const char *other_key; /* set before parsing, or NULL; borrowed */
    bool has_other;        /* some item has a label under other_key */
    mr_arena strings;      /* every string of every item */
} mr_labelled_stream;

/* Called for each skipped line. */
typedef void (*mr_labels_report_fn)(void *ctx, size_t line, const char *why);

void mr_labels_init(mr_labelled_stream *s);
void mr_labels_free(mr_labelled_stream *s);
/* Parses data[0..len) (need not be NUL-terminated) and appends its items to
 * s. Returns the number of items added. */
size_t mr_labels_parse(mr_labelled_stream *s, const char *data, size_t len,
                       mr_labels_report_fn report, void *ctx);
/* Reads a whole file (gzip is not supported: the data sets are plain).
 * Returns 0, or -1 and sets *err (heap) when the file cannot be read. */
int mr_labels_load(mr_labelled_stream *s, const char *path, mr_labels_report_fn report, void *ctx,
                   char **err);
/* Orders the items by time, keeping input order among equal times. An item
 * without a time sorts as if it had the time of the nearest timed item before
 * it (the first timed item when none precedes), so it stays beside its
 * neighbours; when no item has a time the order is unchanged. */
void mr_labels_sort_by_time(mr_labelled_stream *s);
/* Parses "YYYY-MM-DD", "YYYY-MM-DD HH:MM[:SS]" or "...THH:MM[:SS][Z]" as UTC.
 * Returns 0 and sets *out, or -1. */
int mr_labels_parse_time(const char *s, size_t n, int64_t *out);

#endif
