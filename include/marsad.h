/* marsad.h — the public API of libmarsad, a news story engine.
 *
 * marsad reads raw news reports (plain text with site clutter, HTML, WARC, JSON
 * lines), extracts each report's article, normalizes its text into layers fit
 * for matching Arabic, stores it in SQLite, and groups articles into events
 * and storylines. Data flows one way through these stages:
 *
 *   read → extract → normalize → features → cluster → digest → store → serve
 *
 * This header documents every type and function a front end needs. Memory
 * rules, unless a function says otherwise:
 *   - strings passed in are borrowed for the duration of the call;
 *   - everything an extraction produces lives in the mr_arena the caller
 *     passes, and is freed with it in one go (one arena per document);
 *   - objects returned by *_open / *_new are freed by the matching *_close /
 *     *_free.
 * All text is UTF-8. Functions that can fail return a negative value or NULL
 * and, where they take `char **err`, store a heap message the caller frees.
 */
#ifndef MARSAD_H
#define MARSAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MARSAD_VERSION "0.1.0"

typedef struct mr_arena mr_arena; /* per-document arena: src/util/arena.h */

/* ------------------------------------------------------------------------ */
/* Dates                                                                     */
/* ------------------------------------------------------------------------ */

/* A calendar date as far as the text gives it. Unknown parts are 0 (hour and
 * minute: -1). A date written relative to another ("أمس", "yesterday", "يوم
 * الأحد") carries rel_kind; when a reference date was known it is resolved
 * into year/month/day and `resolved` is set, otherwise the absolute fields
 * stay unknown and only the relation is kept. */
typedef enum marsad_rel_kind {
    MARSAD_REL_NONE = 0,
    MARSAD_REL_DAYS,    /* rel_days from the reference: -1 yesterday, 0 today, +1 tomorrow */
    MARSAD_REL_WEEKDAY, /* the most recent `weekday` on or before the reference + rel_days:
                         * 0 "يوم الأحد"; -1 "الأحد الماضي"/"last Sunday" (strictly before);
                         * +7 "الأحد المقبل"/"next Sunday" (strictly after) */
} marsad_rel_kind;

/* marsad_date.flags: how a date found in text was read. */
enum {
    MARSAD_DATE_HIJRI = 1 << 0, /* written in the Hijri calendar and converted (Umm al-Qura
                                 * 1300-1600 AH, else tabular); may be a day off a sighted month */
    MARSAD_DATE_WEEKDAY_DROPPED =
        1 << 1, /* the weekday written contradicted the date and was dropped */
    MARSAD_DATE_YEAR_INFERRED = 1 << 2, /* the year was not written: taken from the reference */
};

typedef struct marsad_date {
    int16_t year;    /* 0 when unknown */
    int8_t month;    /* 1..12, 0 when unknown */
    int8_t day;      /* 1..31, 0 when unknown */
    int8_t hour;     /* 0..23, -1 when unknown */
    int8_t minute;   /* 0..59, -1 when unknown */
    int8_t weekday;  /* ISO: 1 Monday .. 7 Sunday, 0 when unknown */
    int8_t rel_kind; /* marsad_rel_kind */
    int16_t rel_days;
    bool resolved; /* resolved against a reference: a relative date, or a date written without its
                      year */
    uint8_t flags; /* MARSAD_DATE_* */
    int16_t tz_minutes; /* offset from UTC when the text gives one, else 0 */
    bool has_tz;
} marsad_date;

/* A date found in text: the date and the byte span it was read from. */
typedef struct marsad_date_match {
    marsad_date date;
    size_t start, end;
} marsad_date_match;

/* Initialises d to "nothing known". */
void marsad_date_clear(marsad_date *d);
/* True when year, month and day are all known. */
bool marsad_date_is_complete(const marsad_date *d);
/* Formats d as ISO 8601 as far as known: "2018-11-12", "2018-11", "--11-13"
 * (month and day, year unknown), "--09" (month only), "2018-11-12T09:30" (the
 * time only with a full date, followed by "+03:00" when has_tz and the offset
 * is not 0), or "" when nothing is known. buf needs 32 bytes. Returns buf. */
char *marsad_date_format(const marsad_date *d, char *buf);
/* Parses the ISO forms marsad_date_format writes, and "YYYY-MM-DD HH:MM:SS",
 * "YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]". Returns 0 on success, -1 otherwise. */
int marsad_date_parse_iso(const char *s, size_t n, marsad_date *out);
/* Seconds since the epoch (UTC) for a complete date, else -1. Time defaults to 00:00. */
int64_t marsad_date_to_unix(const marsad_date *d);
void marsad_date_from_unix(int64_t t, marsad_date *out);

/* Finds the date expressions in text (Arabic month names in both series,
 * paired forms such as "سبتمبر / أيلول", Latin month names, numeric dates,
 * Arabic-Indic digits, weekday names, relative days). Relative expressions
 * are resolved against `reference` when it is non-NULL and complete.
 * Writes at most max matches in text order; returns how many were found
 * (which may exceed max). Reads the display text: numbers are never folded
 * before this runs. */
size_t marsad_dates_find(const char *text, size_t len, const marsad_date *reference,
                         marsad_date_match *out, size_t max);

/* ------------------------------------------------------------------------ */
/* Read: records                                                             */
/* ------------------------------------------------------------------------ */

typedef enum marsad_format {
    MARSAD_FORMAT_TEXT = 0, /* plain text as a scraper saved it */
    MARSAD_FORMAT_HTML,     /* an HTML page */
} marsad_format;

/* One raw report as read from its container, before extraction. The data is
 * valid UTF-8 (the reader repairs or rejects what is not). Fields the
 * container does not give are NULL (strings) or 0 (time). Borrowed from the
 * reader until the next marsad_reader_next call. */
typedef struct marsad_record {
    const char *origin; /* where it came from: "path", "path:LINE", "path#RECORD" */
    const char *data;   /* the report's bytes: text or HTML */
    size_t len;
    const char *raw; /* the input exactly as read (a JSON line, a WARC payload), kept with */
    size_t raw_len;  /* the article; NULL when it is data itself */
    marsad_format format;
    const char *url;
    const char *outlet;
    const char *title;
    const char *author;
    const char *date;       /* the container's date string, parsed by extract */
    int64_t container_time; /* a time the container gives (WARC-Date, file mtime), else 0 */
    bool repaired;          /* invalid UTF-8 was replaced with U+FFFD */
} marsad_record;

/* JSON-lines field mapping: which keys carry what. NULL entries use the
 * defaults (url|link|uri; source|outlet|site|publisher;
 * date|published|published_at|date_extracted|pubdate; title|headline;
 * author|byline; text|content|body|article|textCleaned; html|raw_html). A name may list
 * alternatives separated by '|'. */
typedef struct marsad_field_map {
    const char *url, *outlet, *date, *title, *author, *text, *html;
} marsad_field_map;

typedef struct marsad_reader_options {
    marsad_field_map fields;
    size_t max_record_bytes;  /* larger records are reported and skipped; 0: 16 MiB */
    bool reject_invalid_utf8; /* default: repair with U+FFFD and say so */
    /* Called for each skipped or repaired input (origin, reason). May be NULL. */
    void (*report)(void *ctx, const char *origin, const char *reason, bool skipped);
    void *report_ctx;
} marsad_reader_options;

typedef struct marsad_reader marsad_reader;

/* Opens a reader over paths: files (plain text, .html/.htm, .jsonl/.ndjson,
 * .warc, any of them .gz) and directories walked recursively in name order.
 * "-" reads JSON lines from stdin. Returns NULL only on allocation failure;
 * unreadable paths are reported when reached. */
marsad_reader *marsad_reader_open(const char *const *paths, size_t npaths,
                                  const marsad_reader_options *opts);
/* Reads the next record. Returns 1 and fills *rec, or 0 at the end. */
int marsad_reader_next(marsad_reader *r, marsad_record *rec);
/* Counts so far. */
typedef struct marsad_reader_stats {
    size_t records;  /* records returned */
    size_t skipped;  /* inputs reported and skipped (unreadable, binary, too large, malformed) */
    size_t repaired; /* records returned after replacing invalid UTF-8 */
    size_t files;    /* files opened */
    size_t ignored;  /* files in walked directories that are not reports (.md, .tsv, images...) */
    uint64_t bytes;  /* bytes read (decompressed) */
} marsad_reader_stats;
void marsad_reader_stats_get(const marsad_reader *r, marsad_reader_stats *out);
void marsad_reader_close(marsad_reader *r);

/* ------------------------------------------------------------------------ */
/* Normalize: text layers                                                    */
/* ------------------------------------------------------------------------ */

/* Token flags. */
enum {
    MARSAD_TOK_ARABIC = 1 << 0,         /* Arabic script */
    MARSAD_TOK_LATIN = 1 << 1,          /* Latin script */
    MARSAD_TOK_NUMBER = 1 << 2,         /* digits (any script), read as a number */
    MARSAD_TOK_CAPITAL = 1 << 3,        /* Latin, starts with a capital letter */
    MARSAD_TOK_STOPWORD = 1 << 4,       /* in the language's stopword list: no index term */
    MARSAD_TOK_SENTENCE_START = 1 << 5, /* first token of a sentence */
};

/* One word of a text, in its three layers. `start`/`len` give the span in the
 * display text (as written); `match` is the Arabic-folded form; `term` the
 * index form (clitics stripped, stemmed), NULL for stopwords. Strings are
 * NUL-terminated and live in the arena of the text they belong to. */
typedef struct marsad_token {
    uint32_t start, len;
    const char *match;
    const char *term;
    uint16_t flags;
} marsad_token;

/* A text in layers. display is borrowed from the caller; match is the whole
 * text folded, with match_to_display[i] the display offset of match byte i
 * (match_len + 1 entries, the last mapping the end). */
typedef struct marsad_text {
    const char *display;
    size_t display_len;
    char *match;
    size_t match_len;
    uint32_t *match_to_display;
    marsad_token *tokens;
    size_t ntokens;
    const char *lang; /* the language used for stopwords and stemming */
} marsad_text;

/* Returns the match-layer form of s[0..n) as a NUL-terminated heap string
 * (the caller frees it) and its length in *out_len. The match layer removes
 * harakat (including shadda and sukun), tatweel, zero-width and bidi marks;
 * folds أ إ آ ٱ → ا, ى → ي, ة → ه; Arabic-Indic and Persian digits → ASCII;
 * Arabic and typographic quotes and punctuation variants → ASCII;
 * lower-cases Latin (case folding); folds runs of white space to one space
 * and trims both ends. */
char *marsad_fold(const char *s, size_t n, size_t *out_len);

/* A tokenizer-stemmer; not thread-safe (it keeps a stem cache). */
typedef struct marsad_normalizer marsad_normalizer;
marsad_normalizer *marsad_normalizer_new(void);
void marsad_normalizer_free(marsad_normalizer *nz);
/* Builds the layers of display[0..len) in language lang ("ar", "en", ...;
 * NULL or unknown: by script, token by token). Allocates from arena. */
void marsad_normalize(marsad_normalizer *nz, const char *display, size_t len, const char *lang,
                      mr_arena *arena, marsad_text *out);
/* Index-layer term for one word as written (fold, strip clitics, stem), or
 * NULL for a stopword. Points into the normalizer's cache: valid until the
 * normalizer is freed. */
const char *marsad_index_term(marsad_normalizer *nz, const char *word, size_t len,
                              const char *lang);

/* Language of a text as an ISO 639-1 code ("ar", "en", "fr", ...), or "und"
 * when it cannot tell. Thread-safe after the first call. */
const char *marsad_detect_language(const char *text, size_t len);

/* ------------------------------------------------------------------------ */
/* Extract: articles                                                         */
/* ------------------------------------------------------------------------ */

/* A line or block that extraction dropped, and why (for `--explain`). */
typedef struct marsad_dropped {
    const char *text;
    const char *reason; /* a short phrase: "navigation list", "comment notice", ... */
    uint32_t line;      /* 1-based line (text input) or block number (HTML) */
} marsad_dropped;

/* How a piece of metadata was found. */
typedef struct marsad_provenance {
    const char *how; /* "container", "byline", "lead-in", "attribution", "sign-off", "text", ... */
    const char *evidence; /* the text it was read from, or NULL */
} marsad_provenance;

/* The article a report carries. All pointers live in the arena passed to the
 * extractor. body is the paragraphs joined by blank lines. */
typedef struct marsad_article {
    const char *origin;
    const char *url;
    const char *canonical_url;
    const char *title;
    const char **paragraphs;
    size_t nparagraphs;
    const char *body;
    size_t body_len;
    const char *author;
    const char *outlet;
    marsad_provenance outlet_from;
    marsad_date published;
    marsad_provenance published_from;
    const char *lang;
    marsad_dropped *dropped;
    size_t ndropped;
    marsad_format format;
} marsad_article;

/* Knowledge gathered across reports that extraction may use: lines that recur
 * across many reports of one outlet are site template, not news. Owned by the
 * engine; may be NULL (no corpus signal). */
typedef struct marsad_corpus_hints marsad_corpus_hints;

/* Extracts the article from a record (plain text or HTML). `reference` (may
 * be NULL) anchors relative dates when the record has no date of its own.
 * Returns 0, or -1 with *why set (a static string) when the record holds no
 * article (empty, or nothing but clutter). */
int marsad_extract(const marsad_record *rec, const marsad_corpus_hints *hints, mr_arena *arena,
                   marsad_article *out, const char **why);

/* ------------------------------------------------------------------------ */
/* Engine and store                                                          */
/* ------------------------------------------------------------------------ */

typedef struct marsad_engine marsad_engine;

/* Opens (creating when absent) the database at path, in WAL mode. Returns
 * NULL and sets *err on failure. */
marsad_engine *marsad_open(const char *path, char **err);
void marsad_close(marsad_engine *e);

typedef enum marsad_ingest_status {
    MARSAD_INGEST_ADDED = 0, /* a new article */
    MARSAD_INGEST_SEEN,      /* the same report was already stored: nothing added */
    MARSAD_INGEST_SKIPPED,   /* no article in the record (why says which) */
    MARSAD_INGEST_ERROR,     /* the database failed (why says how) */
} marsad_ingest_status;

typedef struct marsad_ingest_result {
    marsad_ingest_status status;
    int64_t article_id;   /* ADDED or SEEN: the article's id */
    int64_t event_id;     /* ADDED: the event it joined or started (0: not clustered, or
                             waiting in the reorder window: see marsad_set_reorder_window) */
    int64_t storyline_id; /* ADDED: the storyline of that event */
    int64_t duplicate_of; /* ADDED: the article it reprints (exact or near copy), else 0 */
    const char *why;      /* SKIPPED or ERROR: the reason (valid until the next call) */
} marsad_ingest_result;

/* Extracts, normalizes and stores one record. Ingest batches its writes in
 * transactions committed every `marsad_ingest_flush` or every few thousand
 * records, so a crash loses at most the uncommitted batch and never corrupts
 * what was committed. */
void marsad_ingest(marsad_engine *e, const marsad_record *rec, marsad_ingest_result *res);
/* Stores an article that arrives already extracted (a labelled data set's
 * title and text, say): fills in what is missing (language, body from the
 * paragraphs), then normalizes, stores and clusters it as marsad_ingest does.
 * raw/raw_len, when given, are kept as the article's raw input. */
void marsad_ingest_article(marsad_engine *e, const marsad_article *a, const char *raw,
                           size_t raw_len, marsad_ingest_result *res);
/* Whether ingest places each new article in an event and a storyline (the
 * default) or only stores it. A bulk load can store first (about three times as
 * fast) and place everything afterwards with marsad_place_pending, which
 * goes in publication-time order. */
void marsad_set_stories(marsad_engine *e, bool place_in_stories);

/* Lets ingest hold up to n new articles back and place them oldest first by
 * publication time (articles without one last), so that reports read out of
 * time order (a directory read outlet by outlet) still meet the events they
 * belong to. Placement is delayed by at most n articles; the same input
 * gives the same stories. While an article waits, its ingest result has
 * event_id 0; the callback of marsad_on_placed reports it when placed.
 * marsad_ingest_flush and marsad_close place whatever still waits. 0 (the
 * default) places each article as it is ingested. */
void marsad_set_reorder_window(marsad_engine *e, size_t n);

typedef struct marsad_placement {
    int64_t article_id, event_id, storyline_id;
    int64_t duplicate_of; /* the article it reprints, else 0 */
} marsad_placement;

/* fn (may be NULL) is called for every article placed in a story: as it is
 * ingested when no reorder window is set, else as it leaves the window; and
 * for those marsad_place_pending places. */
void marsad_on_placed(marsad_engine *e, void (*fn)(void *ctx, const marsad_placement *p),
                      void *ctx);

/* Places every stored article not yet in a story, oldest first by the
 * article's time. progress (may be NULL) is called every few hundred
 * articles with the count done and the total. Commits as it goes. Returns
 * the number placed, or -1 with *err set (heap). */
long marsad_place_pending(marsad_engine *e, void (*progress)(void *ctx, size_t done, size_t total),
                          void *ctx, char **err);

/* Places the articles waiting in the reorder window, then commits the
 * pending batch. Returns 0, or -1 and sets *err. */
int marsad_ingest_flush(marsad_engine *e, char **err);

#ifdef __cplusplus
}
#endif

#endif /* MARSAD_H */
