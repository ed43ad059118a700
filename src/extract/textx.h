/* Plain-text extraction, internal: the line model that text.c, lines.c,
 * clutter.c, meta.c and pubdate.c share. A report is split into lines; each
 * line gets its shape (words, end punctuation, function words), a match key
 * and a clutter class; text.c then decides which lines are the article.
 * Everything here lives in the per-document arena. */
#ifndef MARSAD_EXTRACT_TEXTX_H
#define MARSAD_EXTRACT_TEXTX_H

#include "marsad.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the phrase tables and line shapes say a line is. Classes marked
 * "boundary" only occur once the article is over: the body never runs past
 * them. */
typedef enum mr_clutter {
    MR_CL_NONE = 0,
    MR_CL_LABEL,     /* a lone button or section label: عاجل, SHARE, المزيد */
    MR_CL_NAV,       /* breadcrumb or menu: "Home | World | Sport" */
    MR_CL_TIME,      /* a bare time or date */
    MR_CL_SYMBOLS,   /* no letters or digits at all: ×, ***, | */
    MR_CL_SHARE,     /* share buttons and prompts */
    MR_CL_SUBSCRIBE, /* newsletter, follow-us and app prompts */
    MR_CL_COOKIE,    /* cookie and consent notices */
    MR_CL_CAPTION,   /* a photo or video caption */
    MR_CL_TAGS,      /* tag lists, font-size controls */
    MR_CL_AD,        /* advertisement labels */
    MR_CL_READ_ALSO, /* "read also" inside the article: drops the links under it */
    MR_CL_COMMENTS,  /* comment-box notices (boundary) */
    MR_CL_RELATED,   /* related / most-read lists (boundary) */
    MR_CL_DONATE,    /* support and donation appeals (boundary) */
    MR_CL_COPYRIGHT, /* rights notices (boundary) */
    MR_CL_FORM,      /* messages of a site form: sent, error, try again (boundary) */
    MR_CL_TEMPLATE,  /* recurs across this outlet's reports (corpus hints) */
    MR_CL_COUNT
} mr_clutter;

/* The reason `--explain` shows for a clutter class. */
const char *mr_clutter_reason(mr_clutter c);
/* True for classes after which the article cannot continue. */
bool mr_clutter_is_boundary(mr_clutter c);

/* Metadata shapes found on a line (meta.c, pubdate.c). */
enum {
    MR_META_BYLINE = 1 << 0,   /* "بقلم X", "By X", "X – Outlet:" */
    MR_META_LEADIN = 1 << 1,   /* "Outlet:" alone, "City – Outlet:" */
    MR_META_DATELINE = 1 << 2, /* a short line with a publication-date cue or a date */
    MR_META_SOURCE = 1 << 3,   /* "المصدر: X", "Source: X" */
    MR_META_SIGNOFF = 1 << 4,  /* the outlet's name alone under the last paragraph */
    MR_META_NAME = 1 << 5,     /* a bare name beside the dateline, above the body: the author */
};

/* What text.c decided. */
typedef enum mr_role {
    MR_ROLE_UNDECIDED = 0,
    MR_ROLE_BODY,
    MR_ROLE_TITLE,
    MR_ROLE_DROPPED,
} mr_role;

typedef struct mr_tline {
    const char *text; /* trimmed, NUL-terminated, in the arena */
    uint32_t len;
    uint32_t lineno; /* 1-based number of its first physical line */
    const char *key; /* match key (mr_text_key); NULL for lines of more than 25
                      * words, which only get a hash and a prefix */
    uint32_t keylen;
    uint64_t hash;      /* of key; of the letters for long lines */
    const char *prefix; /* long lines: the key of their first words */
    uint32_t prefix_len;
    uint16_t nwords; /* words holding a letter or digit */
    uint16_t nfunc;  /* function words (counted on short lines only) */
    bool terminal;   /* ends a sentence (. ! ? ؟ …), closing quotes aside */
    bool has_letter;
    bool has_latin;                 /* a Latin letter in the key: worth scanning for English cues */
    bool blank_before, blank_after; /* a blank line (or the edge) on that side */
    bool prose;                     /* reads as running text */
    bool in_run;                    /* part of a navigation run (header only) */
    uint8_t clutter;                /* mr_clutter */
    uint8_t meta;                   /* MR_META_* */
    uint8_t role;                   /* mr_role */
    const char *reason;             /* when dropped */
} mr_tline;

/* The document under extraction. */
typedef struct mr_textdoc {
    const marsad_record *rec;
    mr_arena *arena;
    mr_tline *lines; /* blank lines are not kept: blank_before/after say where they were */
    size_t nlines;
    bool blank_separated;        /* paragraphs are separated by blank lines */
    size_t body_start, body_end; /* main run of the article: [start, end), end == start when none */
    size_t title_line;           /* index, or SIZE_MAX */
    size_t keep_from;            /* header lines before this are navigation */
    bool container_title;        /* the record brought its own title */
    bool clean_header;           /* nothing but a headline and text above the body */
} mr_textdoc;

/* lines.c ------------------------------------------------------------------ */

/* Splits data into trimmed non-blank lines (LF, CRLF or CR ends; NBSP and
 * bidi marks count as space), rejoins hard-wrapped paragraphs, and measures
 * each line. */
void mr_text_split(mr_textdoc *d, const char *data, size_t len);

/* The match key of s: the match layer (marsad_fold) reduced to letters and
 * digits, words separated by one space, harakat dropped, Latin lower-cased,
 * a space wherever the script changes (so "iconقوات" is two words).
 * Comparing keys ignores spacing, quotes and punctuation. Returns a
 * NUL-terminated string in the arena. */
const char *mr_text_key(mr_arena *arena, const char *s, size_t n, uint32_t *keylen);
/* The same key, written into a heap buffer the caller frees. */
char *mr_text_key_heap(const char *s, size_t n, size_t *keylen);
uint64_t mr_text_hash(const char *key, size_t keylen);
/* Index of the first byte of s[0..n) that is one of set[0..nset) (nset <= 8),
 * or n. Sixteen bytes at a time where SSE2 is there. */
size_t mr_text_find_bytes(const char *s, size_t n, const unsigned char *set, int nset);
/* Dice similarity of the word sets of two keys, 0..1. */
double mr_text_similarity(const char *a, size_t alen, const char *b, size_t blen);

/* clutter.c ---------------------------------------------------------------- */

/* Classifies one line by the phrase tables (data/clutter_*.tsv) and its
 * shape. Returns MR_CL_NONE for lines that may be news. */
mr_clutter mr_clutter_classify(const mr_tline *line);
/* True when a phrase of the tables may start with this key word (its first
 * word up to a space). */
bool mr_clutter_may_open(const char *word, size_t len);
/* True when the key holds a function word (data/clutter_function_words.txt). */
unsigned mr_text_count_function_words(const char *key, size_t keylen, unsigned max_words);

/* meta.c ------------------------------------------------------------------- */

/* Marks byline, lead-in and source lines. Runs before the body is found. */
void mr_text_mark_meta(mr_textdoc *d);
/* Outlet and author from the cues in the text, unless the container gave
 * them: bylines, lead-ins, sign-offs, attributions, rights notices, appeals.
 * Marks the sign-off line. Runs once the body is known. */
void mr_text_find_outlet(mr_textdoc *d, marsad_article *out);
/* The host of a URL without "www.", in the arena, or NULL. */
const char *mr_text_url_host(mr_arena *arena, const char *url);

/* pubdate.c ---------------------------------------------------------------- */

/* Marks lines that are datelines (a publication cue or a date in a short
 * line). Runs before the body is found. */
void mr_text_mark_datelines(mr_textdoc *d);
/* The publication date: container, then datelines, then "today" in the
 * lead, then the URL. */
void mr_text_find_date(mr_textdoc *d, marsad_article *out);

#endif
