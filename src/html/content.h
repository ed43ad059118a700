/* Internal interface of HTML article extraction (src/html/extract_html.c,
 * score.c, meta.c, classhint.c): the page's metadata, the main-content
 * selector, and the class/id hint matcher they share. Everything a function
 * here returns lives in the arena it was given. */
#ifndef MARSAD_HTML_CONTENT_H
#define MARSAD_HTML_CONTENT_H

#include "html/html.h"
#include "marsad.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- class/id hints (classhint.c, table data/html_hints.tsv) ---- */

/* What the words of an element's class and id say about it. */
enum {
    MR_HINT_CONTENT = 1 << 0,     /* article, content, story, post, ... */
    MR_HINT_BODY = 1 << 1,        /* the article body itself: article-body, entry-content, ... */
    MR_HINT_NEGATIVE = 1 << 2,    /* soft clutter: meta, widget, footer, ... */
    MR_HINT_BOILERPLATE = 1 << 3, /* clutter to cut out of the article: share, related, ... */
    MR_HINT_BYLINE = 1 << 4,      /* byline, author, dateline: metadata, not body */
    MR_HINT_HIDDEN = 1 << 5,      /* screen-reader-only text and the like */
    MR_HINT_CAPTION = 1 << 6,     /* image caption or credit */
    MR_HINT_EMBED = 1 << 7,       /* an embedded post or media the article quotes */
};

typedef struct mr_class_hint {
    int weight;     /* sum of the weights of the distinct patterns found, about -100..100 */
    unsigned kinds; /* MR_HINT_* bits */
} mr_class_hint;

/* Matches the class and id attribute values of one element against the hint
 * table. `seen` is caller scratch of mr_class_hint_patterns() entries,
 * zeroed once per document; `stamp` a number distinct for every call within
 * that document (the element's index + 1, say). Thread-safe. */
mr_class_hint mr_class_hint_match(const char *class_attr, const char *id_attr, uint32_t *seen,
                                  uint32_t stamp);
size_t mr_class_hint_patterns(void);

/* ---- metadata (meta.c) ---- */

typedef struct mr_html_meta {
    const char *title;      /* cleaned title (site name removed), or NULL */
    const char *title_from; /* "og:title", "json-ld", "h1", "title", ... */
    const char *raw_title;  /* <title> as written, or NULL */
    const char *h1;         /* text of the first <h1> in the body, or NULL */
    const char *author;
    const char *author_from;
    const char *outlet;
    marsad_provenance outlet_from;
    marsad_date published;
    marsad_provenance published_from;
    const char *canonical_url;
    const char *lang;    /* from markup ("ar", "en", ...) or NULL */
    const char *ld_body; /* JSON-LD articleBody, or NULL */
    size_t ld_body_len;
    const char *description; /* og:description / meta description, or NULL */
} mr_html_meta;

/* Reads the page's metadata: <title>, <meta> tags, <link rel=canonical>,
 * JSON-LD, <time>, the URL (rec->url when given). Never fails; what is not
 * found stays NULL / unknown. */
void mr_html_meta_read(const mr_html_doc *doc, const marsad_record *rec, mr_arena *arena,
                       mr_html_meta *meta);

/* Finds a date written in a URL path (/2018/11/12/, /2018-11-12, /20181112...).
 * Returns true and fills *out when one is found. */
bool mr_url_date(const char *url, marsad_date *out);

/* The site name a title carries at either end (" | Site", "Site - "), removed
 * when it matches the outlet or looks like a site name. Returns a string in
 * arena, or title itself when nothing is removed. */
const char *mr_title_clean(const char *title, const char *outlet, mr_arena *arena);

/* ---- main content (score.c) ---- */

typedef struct mr_html_content {
    const char **paragraphs; /* the article's blocks in order: paragraphs, headings, list items */
    size_t nparagraphs;
    marsad_dropped *dropped; /* blocks left out, with the reason */
    size_t ndropped;
} mr_html_content;

typedef struct mr_content_options {
    bool explain; /* record dropped blocks (costs a copy of each) */
} mr_content_options;

/* Selects the article's blocks in doc. Linear in the size of the tree; no
 * recursion. */
void mr_html_content_select(const mr_html_doc *doc, const mr_html_meta *meta,
                            const mr_content_options *opts, mr_arena *arena, mr_html_content *out);

/* ---- whole extraction on a parsed tree (extract_html.c) ---- */

/* mr_extract_html on a tree already built (by mr_html_parse, or by gumbo in
 * tests). Same contract as mr_extract_html. */
int mr_extract_html_doc(const mr_html_doc *doc, const marsad_record *rec,
                        const marsad_corpus_hints *hints, mr_arena *arena, marsad_article *out,
                        const char **why);

#endif
