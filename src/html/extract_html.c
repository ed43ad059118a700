/* HTML article extraction: parse the page, read its metadata, select its
 * main content, and fill in the same marsad_article plain-text extraction
 * produces. The work is split between meta.c (what the page says about
 * itself) and score.c (which blocks are the article). */
#include "extract/extract.h"
#include "extract/hints.h"
#include "extract/textx.h"
#include "html/content.h"
#include "util/arena.h"
#include "util/data.h"
#include "util/mem.h"

#include <pthread.h>
#include <string.h>

int mr_extract_html(const marsad_record *rec, const marsad_corpus_hints *hints, mr_arena *arena,
                    marsad_article *out, const char **why) {
    mr_html_doc *doc = mr_html_parse(rec->data ? rec->data : "", rec->data ? rec->len : 0, arena);
    return mr_extract_html_doc(doc, rec, hints, arena, out, why);
}

/* A complete date written in s (at most its first 400 bytes). */
static bool date_in(const char *s, marsad_date *d) {
    size_t n = strlen(s);
    if (n > 400) n = 400;
    marsad_date_match m[4];
    size_t found = marsad_dates_find(s, n, NULL, m, 4);
    for (size_t k = 0; k < found && k < 4; k++) {
        if (!marsad_date_is_complete(&m[k].date)) continue;
        *d = m[k].date;
        return true;
    }
    return false;
}

/* A date written in the article's header (the dateline the selection set
 * aside) or its first paragraphs, when the page declares none. */
static void date_from_text(marsad_article *out) {
    marsad_date d;
    for (size_t i = 0; i < out->ndropped; i++) {
        if (strcmp(out->dropped[i].reason, "byline or dateline") != 0) continue;
        if (date_in(out->dropped[i].text, &d)) {
            out->published = d;
            out->published_from = (marsad_provenance){"dateline", out->dropped[i].text};
            return;
        }
    }
    size_t limit = out->nparagraphs < 3 ? out->nparagraphs : 3;
    for (size_t i = 0; i < limit; i++) {
        if (date_in(out->paragraphs[i], &d)) {
            out->published = d;
            out->published_from = (marsad_provenance){"text", out->paragraphs[i]};
            return;
        }
    }
}

/* ---- language ---- */

typedef enum script_kind {
    SCRIPT_LATIN,
    SCRIPT_ARABIC,
    SCRIPT_CYRILLIC,
    SCRIPT_CJK,
    SCRIPT_OTHER
} script_kind;

/* The script a language code is written in, for the few that matter here. */
static script_kind script_of_lang(const char *lang) {
    static const char *const arabic[] = {"ar", "fa", "ur", "ps", "ku", "sd", "ug"};
    static const char *const cyrillic[] = {"ru", "uk", "bg", "sr", "mk", "be", "kk"};
    static const char *const cjk[] = {"zh", "ja", "ko"};
    for (size_t i = 0; i < sizeof arabic / sizeof *arabic; i++)
        if (strcmp(lang, arabic[i]) == 0) return SCRIPT_ARABIC;
    for (size_t i = 0; i < sizeof cyrillic / sizeof *cyrillic; i++)
        if (strcmp(lang, cyrillic[i]) == 0) return SCRIPT_CYRILLIC;
    for (size_t i = 0; i < sizeof cjk / sizeof *cjk; i++)
        if (strcmp(lang, cjk[i]) == 0) return SCRIPT_CJK;
    if (strcmp(lang, "he") == 0 || strcmp(lang, "el") == 0 || strcmp(lang, "hi") == 0 ||
        strcmp(lang, "th") == 0)
        return SCRIPT_OTHER;
    return SCRIPT_LATIN;
}

/* The script most letters of the text's first kilobyte are in (by UTF-8
 * lead bytes: cheap, and exact enough to see a mismatch). */
static script_kind dominant_script(const char *s, size_t n) {
    if (n > 1200) n = 1200;
    size_t count[5] = {0};
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == 0xC3 || c == 0xC4 || c == 0xC5)
            count[SCRIPT_LATIN]++;
        else if (c >= 0xD8 && c <= 0xDB)
            count[SCRIPT_ARABIC]++;
        else if (c == 0xD0 || c == 0xD1)
            count[SCRIPT_CYRILLIC]++;
        else if (c >= 0xE3 && c <= 0xED)
            count[SCRIPT_CJK]++;
        else if (c >= 0xC0)
            count[SCRIPT_OTHER]++;
    }
    script_kind best = SCRIPT_LATIN;
    for (int k = 1; k < 5; k++)
        if (count[k] > count[best]) best = (script_kind)k;
    return best;
}

/* ---- author from a byline ---- */

typedef struct prefix_list {
    char **items;
    size_t count, cap;
} prefix_list;

static prefix_list author_prefixes;
static pthread_once_t author_once = PTHREAD_ONCE_INIT;

static void add_author_prefix(const char *line, size_t len, void *ctx) {
    prefix_list *l = ctx;
    MR_GROW(l->items, l->cap, l->count + 1);
    char *s = mr_strndup(line, len);
    for (char *c = s; *c; c++) {
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c + 32);
        if (*c == '_') *c = ' ';
    }
    l->items[l->count++] = s;
}

static void load_author_prefixes(void) {
    mr_data_lines("html_author_prefixes.txt", add_author_prefix, &author_prefixes);
}

/* The name in a byline line: what follows "By" / "بقلم" up to a separator
 * or a digit (a date), when it is a few words long. NULL otherwise. */
static const char *byline_name(const char *line, mr_arena *arena) {
    pthread_once(&author_once, load_author_prefixes);
    size_t n = strlen(line);
    if (n > 240) return NULL;
    size_t start = 0;
    for (size_t i = 0; i < author_prefixes.count && !start; i++) {
        const char *p = author_prefixes.items[i];
        size_t pn = strlen(p);
        if (pn > n) continue;
        size_t k = 0;
        while (k < pn) {
            char c = line[k];
            if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
            if (c != p[k]) break;
            k++;
        }
        if (k == pn) start = pn;
    }
    if (!start) return NULL;
    while (start < n && (line[start] == ' ' || line[start] == ':')) start++;
    size_t end = start;
    while (end < n) {
        char c = line[end];
        if ((c >= '0' && c <= '9') || c == '|' || c == ',' || c == '\n' || c == '(') break;
        if (c == ' ' && end + 2 < n && (line[end + 1] == '-' || line[end + 1] == '|')) break;
        if ((unsigned char)c == 0xE2 && end + 2 < n && (unsigned char)line[end + 1] == 0x80 &&
            ((unsigned char)line[end + 2] == 0x94 || (unsigned char)line[end + 2] == 0x93 ||
             (unsigned char)line[end + 2] == 0xA2))
            break; /* — – • */
        end++;
    }
    while (end > start && (line[end - 1] == ' ' || line[end - 1] == '-' || line[end - 1] == ':'))
        end--;
    size_t words = 0;
    for (size_t i = start; i < end; i++)
        if (line[i] != ' ' && (i == start || line[i - 1] == ' ')) words++;
    if (words == 0 || words > 6 || end - start > 80) return NULL;
    return mr_arena_strndup(arena, line + start, end - start);
}

/* Paragraphs the corpus hints know as this outlet's template (a standing
 * promo, a disclaimer on every page) move to the dropped list. */
static void drop_template_lines(const marsad_corpus_hints *hints, const marsad_record *rec,
                                mr_arena *arena, marsad_article *out) {
    uint64_t source = mr_hints_source_hash(rec, out->outlet);
    if (!source || !out->nparagraphs) return;
    marsad_dropped *dropped =
        mr_arena_alloc(arena, (out->ndropped + out->nparagraphs) * sizeof *dropped);
    if (out->ndropped) memcpy(dropped, out->dropped, out->ndropped * sizeof *dropped);
    size_t nd = out->ndropped, kept = 0;
    for (size_t i = 0; i < out->nparagraphs; i++) {
        const char *p = out->paragraphs[i];
        size_t n = strlen(p);
        bool is_template = false;
        if (n <= MR_HINTS_MAX_LINE_BYTES) {
            uint32_t keylen;
            const char *key = mr_text_key(arena, p, n, &keylen);
            is_template = keylen && mr_hints_is_template(hints, source, mr_text_hash(key, keylen));
        }
        if (is_template)
            dropped[nd++] = (marsad_dropped){p, "site template", (uint32_t)(i + 1)};
        else
            out->paragraphs[kept++] = p;
    }
    out->nparagraphs = kept;
    out->dropped = dropped;
    out->ndropped = nd;
}

int mr_extract_html_doc(const mr_html_doc *doc, const marsad_record *rec,
                        const marsad_corpus_hints *hints, mr_arena *arena, marsad_article *out,
                        const char **why) {
    memset(out, 0, sizeof *out);
    marsad_date_clear(&out->published);
    out->format = MARSAD_FORMAT_HTML;
    out->origin = rec->origin;
    out->url = rec->url;
    if (!doc || !doc->root) {
        *why = "not an HTML document";
        return -1;
    }

    mr_html_meta meta;
    mr_html_meta_read(doc, rec, arena, &meta);
    mr_content_options opts = {.explain = true};
    mr_html_content content;
    mr_html_content_select(doc, &meta, &opts, arena, &content);

    out->canonical_url = meta.canonical_url;
    if (!out->url) out->url = meta.canonical_url;
    out->title = meta.title;
    out->author = meta.author;
    out->outlet = meta.outlet;
    out->outlet_from = meta.outlet_from;
    out->published = meta.published;
    out->published_from = meta.published_from;
    out->paragraphs = content.paragraphs;
    out->nparagraphs = content.nparagraphs;
    out->dropped = content.dropped;
    out->ndropped = content.ndropped;
    if (hints) drop_template_lines(hints, rec, arena, out);

    /* body: the paragraphs joined by blank lines */
    size_t total = 0;
    for (size_t i = 0; i < out->nparagraphs; i++) total += strlen(out->paragraphs[i]) + 2;
    char *body = mr_arena_alloc(arena, total + 1);
    size_t k = 0;
    for (size_t i = 0; i < out->nparagraphs; i++) {
        if (i) {
            body[k++] = '\n';
            body[k++] = '\n';
        }
        size_t n = strlen(out->paragraphs[i]);
        memcpy(body + k, out->paragraphs[i], n);
        k += n;
    }
    body[k] = 0;
    out->body = body;
    out->body_len = k;

    if (!marsad_date_is_complete(&out->published)) date_from_text(out);
    if (!out->author)
        for (size_t i = 0; i < out->ndropped && !out->author; i++) {
            const char *r = out->dropped[i].reason;
            if (strcmp(r, "byline") == 0 || strcmp(r, "byline or dateline") == 0)
                out->author = byline_name(out->dropped[i].text, arena);
        }
    /* The declared language is kept unless the text is plainly in another
     * script (a site-wide lang="en" over Arabic articles); then, or when
     * nothing is declared, the text decides. Telling Latin-script languages
     * apart costs an n-gram pass, so a declaration is trusted there. */
    out->lang = meta.lang;
    if (k && (!out->lang || script_of_lang(out->lang) != dominant_script(body, k))) {
        size_t sample = k; /* the first kilobyte or so tells */
        if (sample > 1200) {
            sample = 1200;
            while (sample < k && ((unsigned char)body[sample] & 0xC0) == 0x80) sample++;
        }
        const char *detected = marsad_detect_language(body, sample);
        if (detected && strcmp(detected, "und") != 0) out->lang = detected;
    }
    if (!out->lang && k) out->lang = "und";

    if (out->nparagraphs == 0) {
        *why = "no article text in the page";
        return -1;
    }
    return 0;
}
