/* Plain-text extraction: from a report as a scraper saved it (site menus,
 * share buttons, comment notices and appeals still in it) to the article:
 * title, paragraphs, author, outlet and publication date, with every dropped
 * line and the reason it was dropped.
 *
 * The article is the longest run of prose lines (lines that read as running
 * text) that no end-of-article marker (comments, related lists, appeals,
 * rights notices, form messages) interrupts. Above it sit the title, the
 * metadata lines and the site's navigation; below it, the sign-off and the
 * footer. Inside it, clutter lines, repeats and "read also" links are
 * dropped and everything else is kept, so short one-sentence paragraphs and
 * subheadings survive. Lines are classified in lines.c and clutter.c,
 * metadata read in meta.c and pubdate.c. */
#include "extract/extract.h"
#include "extract/hints.h"
#include "extract/textx.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdint.h>
#include <string.h>

/* How alike two lines must be (Dice over words) to be the same title or the
 * same paragraph written twice. */
#define SAME_TITLE 0.8
#define SAME_PARAGRAPH 0.9
/* Short unpunctuated lines between the title and the body are captions. */
#define CAPTION_MAX_WORDS 15
#define TITLE_WINDOW 64
/* A line of this many words is a paragraph even inside a packed group. */
#define RUN_PROSE_MAX_WORDS 15

static bool is_prose(const mr_tline *t) {
    if (t->clutter != MR_CL_NONE || !t->has_letter) return false;
    if (t->meta & (MR_META_DATELINE | MR_META_BYLINE | MR_META_LEADIN | MR_META_SOURCE))
        return false;
    if (t->nwords >= 25) return true;
    /* A sentence that introduces a quote or a list ends with a colon. */
    if (t->nwords >= 6 && t->len && t->text[t->len - 1] == ':') return true;
    return t->terminal && t->nwords >= 4 && (t->nwords >= 8 || t->nfunc >= 1);
}

static void mark_prose(mr_textdoc *d) {
    for (size_t i = 0; i < d->nlines; i++) d->lines[i].prose = is_prose(&d->lines[i]);
}

static bool is_candidate(const mr_tline *t) {
    return t->clutter == MR_CL_NONE && !t->meta && t->has_letter;
}

/* In a report whose paragraphs are kept apart by blank lines, three or more
 * candidate lines packed together with no prose among them are a menu or a
 * list of other headlines. */
static void mark_runs(mr_textdoc *d) {
    for (size_t i = 0; i < d->nlines; i++) d->lines[i].in_run = false;
    if (!d->blank_separated) return;
    size_t i = 0;
    while (i < d->nlines) {
        size_t j = i;
        while (j + 1 < d->nlines && !d->lines[j].blank_after) j++;
        size_t candidates = 0, prose = 0, long_prose = 0;
        for (size_t k = i; k <= j; k++) {
            if (d->lines[k].prose) {
                prose++;
                long_prose += d->lines[k].nwords >= RUN_PROSE_MAX_WORDS;
            } else if (is_candidate(&d->lines[k])) {
                candidates++;
            }
        }
        /* A headline list may hold a question or a headline with a full
         * stop, which read as prose; short ones among more non-prose lines
         * do not make the list an article. */
        size_t others = j + 1 - i - prose; /* candidates, menus, labels */
        bool list = candidates >= 3 && (prose == 0 || (long_prose == 0 && prose * 2 < others));
        if (list)
            for (size_t k = i; k <= j; k++) {
                d->lines[k].in_run = true;
                d->lines[k].prose = false;
            }
        i = j + 1;
    }
}

/* A line opened by a bullet ("-", "*", "•", "·", "–") or a number ("1.", "2)"). */
static bool is_list_item(const mr_tline *t) {
    const unsigned char *s = (const unsigned char *)t->text;
    size_t n = t->len;
    if (!n) return false;
    if (s[0] == '-' || s[0] == '*') return true;
    if (n >= 2 && s[0] == 0xC2 && s[1] == 0xB7) return true; /* · */
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA2 || s[2] == 0x93))
        return true; /* • – */
    size_t i = 0;
    while (i < n && i < 3 && s[i] >= '0' && s[i] <= '9') i++;
    if (i == 0) return false;
    while (i < n && s[i] == ' ') i++;
    return i < n && (s[i] == '.' || s[i] == ')' || s[i] == '-');
}

/* The main run of prose: prose lines grouped until a boundary line, the
 * group with the most text wins. */
static void find_body(mr_textdoc *d) {
    size_t best_start = 0, best_end = 0, best_chars = 0;
    size_t start = SIZE_MAX, end = 0, chars = 0;
    for (size_t i = 0; i <= d->nlines; i++) {
        bool boundary = i == d->nlines || mr_clutter_is_boundary((mr_clutter)d->lines[i].clutter);
        if (boundary) {
            if (start != SIZE_MAX && chars > best_chars) {
                best_start = start, best_end = end, best_chars = chars;
            }
            start = SIZE_MAX, chars = 0;
            continue;
        }
        if (!d->lines[i].prose) continue;
        if (start == SIZE_MAX) start = i;
        end = i + 1;
        chars += d->lines[i].len;
    }
    d->body_start = best_start;
    d->body_end = best_end;
    if (best_end <= best_start) return;
    /* Lists right under the last paragraph (three items or more, each
     * opened by a bullet or a number, with perhaps a heading between them)
     * belong to the article: fact boxes, enumerations. Related-link lists
     * come under a heading that is clutter, which stops this. */
    size_t items = 0, span = 0;
    while (best_end + span < d->nlines && is_candidate(&d->lines[best_end + span])) {
        items += is_list_item(&d->lines[best_end + span]);
        span++;
    }
    if (items >= 3 && items * 10 >= span * 6) {
        d->body_end = best_end + span;
        return;
    }
    /* A last paragraph that lost its full stop: a long line right under the
     * body, with only clutter or nothing after it. */
    size_t k = best_end;
    if (k < d->nlines && is_candidate(&d->lines[k]) && d->lines[k].nwords >= 10 &&
        !d->lines[k].in_run) {
        bool tail = k + 1 == d->nlines || d->lines[k + 1].clutter != MR_CL_NONE;
        if (tail) d->body_end = k + 1;
    }
}

static bool same_as(const mr_tline *t, const char *key, size_t keylen, unsigned nwords,
                    double threshold) {
    if (!key || !t->key || !t->nwords) return false;
    if (t->keylen == keylen && !memcmp(t->key, key, keylen)) return true;
    /* Dice >= threshold needs the shorter line to have at least
     * threshold / (2 - threshold) of the longer one's words. */
    double lo = t->nwords < nwords ? t->nwords : nwords,
           hi = t->nwords < nwords ? nwords : t->nwords;
    if (lo < hi * threshold / (2 - threshold)) return false;
    return mr_text_similarity(t->key, t->keylen, key, keylen) >= threshold;
}

/* A paragraph written twice keeps its first or its last words: a cheap
 * test before the word-set comparison. */
static bool same_start(const mr_tline *a, const mr_tline *b) {
    size_t n = a->keylen < b->keylen ? a->keylen : b->keylen;
    if (n > 24) n = 24;
    if (!memcmp(a->key, b->key, n)) return true;
    return !memcmp(a->key + a->keylen - n, b->key + b->keylen - n, n);
}

static unsigned key_words(const char *key, size_t n) {
    unsigned w = n ? 1 : 0;
    for (size_t i = 0; i < n; i++) w += key[i] == ' ';
    return w;
}

/* Scores the header lines as the headline; returns the best index or
 * SIZE_MAX. `limit` is the first line after the header. */
static size_t pick_title(mr_textdoc *d, size_t limit) {
    /* With no body to stand above, a headline needs three words: shorter
     * lines are menu items. */
    unsigned min_words = d->body_end > d->body_start ? 1 : 3;
    size_t first_meta = SIZE_MAX, last_meta = SIZE_MAX;
    for (size_t i = 0; i < limit; i++) {
        if (d->lines[i].meta & (MR_META_BYLINE | MR_META_DATELINE | MR_META_LEADIN)) {
            if (first_meta == SIZE_MAX) first_meta = i;
            last_meta = i;
        }
    }
    size_t best = SIZE_MAX;
    int best_score = -100;
    /* The headline sits within the last TITLE_WINDOW lines above the body,
     * and its second print within TITLE_WINDOW lines of it: this bounds the
     * work on reports made of thousands of short lines. */
    size_t from = limit > TITLE_WINDOW ? limit - TITLE_WINDOW : 0;
    for (size_t i = from; i < limit; i++) {
        const mr_tline *t = &d->lines[i];
        if (!is_candidate(t) || t->prose || t->nwords > 40 || t->nwords < min_words) continue;
        int score = 0;
        /* A headline the page prints twice is the headline; the first print
         * is the cleaner one more often than not. */
        size_t j_end = limit + 2 < i + TITLE_WINDOW ? limit + 2 : i + TITLE_WINDOW;
        for (size_t j = i > TITLE_WINDOW ? i - TITLE_WINDOW : 0; j < j_end && j < d->nlines; j++) {
            if (j != i && same_as(&d->lines[j], t->key, t->keylen, t->nwords, SAME_TITLE)) {
                score += j > i ? 4 : 3;
                break;
            }
        }
        score += t->in_run ? -3 : 2;
        if (t->nwords >= 4 && t->nwords <= 25) score += 1;
        if (t->nwords < 3) score -= 2;
        if (first_meta != SIZE_MAX && i > first_meta) score -= 1;
        /* Scrapers save the headline first more often than anything else. */
        if (i == 0 && !t->in_run) score += 2;
        /* The line under a lone label ("عاجل", "Breaking") is a ticker of
         * another story. */
        if (i > 0 && d->lines[i - 1].clutter == MR_CL_LABEL) score -= 2;
        if (last_meta != SIZE_MAX && i < last_meta) score += 1;
        if (score >= best_score) { /* ties go to the line nearer the body */
            best_score = score;
            best = i;
        }
    }
    return best;
}

static void drop(mr_tline *t, const char *reason) {
    t->role = MR_ROLE_DROPPED;
    t->reason = reason;
}

static const char *meta_reason(const mr_tline *t) {
    if (t->meta & MR_META_SIGNOFF) return "sign-off";
    if (t->meta & (MR_META_BYLINE | MR_META_NAME)) return "byline";
    if (t->meta & MR_META_LEADIN) return "lead-in";
    if (t->meta & MR_META_SOURCE) return "source line";
    if (t->meta & MR_META_DATELINE) return "dateline";
    return NULL;
}

/* The reason for a footer line with none of its own: an appeal nearby
 * claims it, else the list it sits under. */
static const char *footer_reason(mr_textdoc *d, size_t i, const char *section) {
    for (size_t k = i + 1; k < d->nlines && k <= i + 3; k++)
        if (d->lines[k].clutter == MR_CL_DONATE) return "donation appeal";
    for (size_t k = i; k-- > 0 && k + 3 >= i;)
        if (d->lines[k].clutter == MR_CL_DONATE) return "donation appeal";
    return section ? section : "after the article";
}

/* A set of 64-bit line hashes in the arena (open addressing; 0 marks an
 * empty slot, so hash 0 is stored as 1). */
typedef struct hashset {
    uint64_t *slots;
    size_t mask;
} hashset;

static void hashset_init(hashset *h, mr_arena *arena, size_t expected) {
    size_t cap = 16;
    while (cap < expected * 2) cap <<= 1;
    h->slots = mr_arena_calloc(arena, cap, sizeof *h->slots);
    h->mask = cap - 1;
}

/* Adds x; false when it was already there. */
static bool hashset_add(hashset *h, uint64_t x) {
    if (!x) x = 1;
    for (size_t i = (size_t)(x ^ (x >> 29)) & h->mask;; i = (i + 1) & h->mask) {
        if (h->slots[i] == x) return false;
        if (!h->slots[i]) {
            h->slots[i] = x;
            return true;
        }
    }
}

static void assign_roles(mr_textdoc *d, const char *title_key, size_t title_keylen) {
    unsigned title_words = key_words(title_key, title_keylen);
    size_t bs = d->body_start, be = d->body_end;
    const char *section = NULL; /* the list a footer line sits under */
    bool under_read_also = false;
    const mr_tline *prev_kept = NULL;
    hashset seen;
    hashset_init(&seen, d->arena, be > bs ? be - bs : 1);
    for (size_t i = 0; i < d->nlines; i++) {
        mr_tline *t = &d->lines[i];
        if (i == d->title_line) {
            t->role = MR_ROLE_TITLE;
            continue;
        }
        const char *mr = meta_reason(t);
        bool in_body = i >= bs && i < be;
        if (t->clutter != MR_CL_NONE) {
            drop(t, mr_clutter_reason((mr_clutter)t->clutter));
            if (t->clutter == MR_CL_READ_ALSO || t->clutter == MR_CL_RELATED) {
                under_read_also = true;
                section = "related list";
            } else if (t->clutter == MR_CL_COMMENTS) {
                section = "comment notice";
            }
            continue;
        }
        if (mr && !(in_body && (t->meta & MR_META_DATELINE) && !(t->meta & ~MR_META_DATELINE))) {
            drop(t, mr);
            continue;
        }
        if (same_as(t, title_key, title_keylen, title_words, SAME_TITLE) &&
            (i < bs || i < bs + 2)) {
            drop(t, "repeated title");
            continue;
        }
        if (be <= bs) {
            /* No prose at all: a headline, a list, a few short lines. When
             * the container vouches for an article, every line counts. */
            if (d->container_title)
                t->role = MR_ROLE_BODY;
            else if (t->in_run || d->title_line == SIZE_MAX || i < d->title_line)
                drop(t, "navigation");
            else
                t->role = MR_ROLE_BODY;
            continue;
        }
        if (i < bs) {
            if (t->prose)
                drop(t, "before the article");
            else if (t->in_run || i < d->keep_from)
                drop(t, "navigation");
            else if (d->title_line != SIZE_MAX && !d->clean_header &&
                     t->nwords <= CAPTION_MAX_WORDS)
                drop(t, "photo caption");
            else
                t->role = MR_ROLE_BODY; /* a standfirst, or text above the body */
            if (t->role == MR_ROLE_BODY) prev_kept = t;
            continue;
        }
        if (!in_body) {
            drop(t, footer_reason(d, i, section));
            continue;
        }
        if (under_read_also) {
            if (!t->prose) {
                drop(t, "related list");
                continue;
            }
            under_read_also = false;
        }
        if (t->nwords >= 3) {
            /* A paragraph printed twice: right after itself from three
             * words, anywhere from six (short lines such as "السن: 25"
             * recur in lists and profiles). */
            bool repeated =
                prev_kept && prev_kept->hash == t->hash && prev_kept->keylen == t->keylen;
            if (!repeated && t->nwords >= 6) repeated = !hashset_add(&seen, t->hash);
            if (!repeated && prev_kept && t->nwords >= 8 && t->key && prev_kept->key &&
                same_start(t, prev_kept))
                repeated = same_as(t, prev_kept->key, prev_kept->keylen, prev_kept->nwords,
                                   SAME_PARAGRAPH);
            if (repeated) {
                drop(t, "repeated paragraph");
                continue;
            }
        }
        t->role = MR_ROLE_BODY;
        prev_kept = t;
    }
}

/* Lines the corpus hints know as this outlet's template. Returns true when
 * any line changed. The hints file lines under the hash of their match key;
 * long lines carry no key, so theirs is made here, and only when the outlet
 * has template lines at all. */
static bool apply_hints(mr_textdoc *d, const marsad_corpus_hints *hints, const char *text_outlet) {
    uint64_t source = mr_hints_source_hash(d->rec, text_outlet);
    if (!source) return false;
    if (!mr_hints_has_templates(hints, source)) return false;
    bool changed = false;
    for (size_t i = 0; i < d->nlines; i++) {
        mr_tline *t = &d->lines[i];
        if (t->clutter != MR_CL_NONE || t->meta || t->len > MR_HINTS_MAX_LINE_BYTES) continue;
        uint64_t hash = t->hash;
        if (!t->key) { /* a long line keeps no key: make it now */
            uint32_t keylen;
            const char *key = mr_text_key(d->arena, t->text, t->len, &keylen);
            hash = mr_text_hash(key, keylen);
        } else if (t->keylen < 4) {
            continue;
        }
        if (mr_hints_is_template(hints, source, hash)) {
            t->clutter = MR_CL_TEMPLATE;
            changed = true;
        }
    }
    return changed;
}

static const char *trimmed_copy(mr_arena *a, const char *s) {
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t')) n--;
    while (n && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) s++, n--;
    return mr_arena_strndup(a, s, n);
}

/* With no prose at all, a report may still be a headline or a few short
 * lines. Lists and menus are not. */
static bool short_report(mr_textdoc *d, marsad_article *out) {
    size_t kept = 0;
    for (size_t i = 0; i < d->nlines; i++)
        if (d->lines[i].role == MR_ROLE_BODY) kept++;
    if (kept) return true;
    if (d->container_title) return true; /* a headline-only record */
    if (d->title_line == SIZE_MAX || out->title != d->lines[d->title_line].text) return false;
    /* Only a headline: it is the whole text too. */
    d->lines[d->title_line].role = MR_ROLE_BODY;
    return true;
}

static void assemble(mr_textdoc *d, marsad_article *out) {
    size_t nkept = 0, ndropped = 0;
    for (size_t i = 0; i < d->nlines; i++) {
        if (d->lines[i].role == MR_ROLE_BODY)
            nkept++;
        else if (d->lines[i].role != MR_ROLE_TITLE)
            ndropped++;
    }
    out->paragraphs = mr_arena_alloc(d->arena, (nkept ? nkept : 1) * sizeof *out->paragraphs);
    out->dropped = mr_arena_alloc(d->arena, (ndropped ? ndropped : 1) * sizeof *out->dropped);
    size_t body_len = 0;
    for (size_t i = 0; i < d->nlines; i++) {
        mr_tline *t = &d->lines[i];
        if (t->role == MR_ROLE_BODY) {
            out->paragraphs[out->nparagraphs++] = t->text;
            body_len += t->len + 2;
        } else if (t->role != MR_ROLE_TITLE) {
            out->dropped[out->ndropped++] =
                (marsad_dropped){t->text, t->reason ? t->reason : "clutter", t->lineno};
        }
    }
    char *body = mr_arena_alloc(d->arena, body_len + 1), *o = body;
    for (size_t i = 0; i < out->nparagraphs; i++) {
        if (i) *o++ = '\n', *o++ = '\n';
        size_t n = strlen(out->paragraphs[i]);
        memcpy(o, out->paragraphs[i], n);
        o += n;
    }
    *o = 0;
    out->body = body;
    out->body_len = (size_t)(o - body);
}

int mr_extract_text(const marsad_record *rec, const marsad_corpus_hints *hints, mr_arena *arena,
                    marsad_article *out, const char **why) {
    memset(out, 0, sizeof *out);
    marsad_date_clear(&out->published);
    out->origin = rec->origin;
    out->format = MARSAD_FORMAT_TEXT;
    if (rec->url && *rec->url) out->url = mr_arena_strdup(arena, rec->url);
    if (!rec->data || !rec->len) {
        *why = "empty";
        return -1;
    }
    mr_textdoc d = {.rec = rec, .arena = arena, .title_line = SIZE_MAX};
    mr_text_split(&d, rec->data, rec->len);
    if (!d.nlines) {
        *why = "empty";
        return -1;
    }
    for (size_t i = 0; i < d.nlines; i++)
        d.lines[i].clutter = (uint8_t)mr_clutter_classify(&d.lines[i]);
    mr_text_mark_datelines(&d);
    mark_prose(&d);
    mr_text_mark_meta(&d);
    mark_runs(&d);
    find_body(&d);

    /* The container's account wins; the text is still read for the rest. */
    if (rec->outlet && *rec->outlet) {
        out->outlet = trimmed_copy(arena, rec->outlet);
        out->outlet_from.how = "container";
    }
    if (rec->author && *rec->author) out->author = trimmed_copy(arena, rec->author);
    mr_text_find_outlet(&d, out);
    if (hints && apply_hints(&d, hints, out->outlet)) {
        mark_prose(&d);
        mark_runs(&d);
        find_body(&d);
    }

    size_t header_end = d.body_end > d.body_start ? d.body_start : d.nlines;
    const char *title_key = NULL;
    size_t title_keylen = 0;
    if (rec->title && *rec->title) {
        /* The container's title is the title; a line of the text repeating
         * it marks where the page's header ends. */
        d.container_title = true;
        out->title = trimmed_copy(arena, rec->title);
        uint32_t kl;
        title_key = mr_text_key(arena, out->title, strlen(out->title), &kl);
        title_keylen = kl;
        unsigned words = key_words(title_key, title_keylen);
        for (size_t i = 0; i < header_end + 2 && i < d.nlines; i++) {
            if (same_as(&d.lines[i], title_key, title_keylen, words, SAME_TITLE)) {
                d.title_line = i;
                break;
            }
        }
        if (d.title_line != SIZE_MAX) {
            d.keep_from = d.title_line + 1;
        } else {
            /* No headline in the text: what follows the last menu or
             * clutter line above the body is text. A header with no
             * clutter at all is clean text: its packed lines are verse or
             * lists, not menus. */
            bool clutter = false;
            for (size_t i = 0; i < header_end; i++)
                clutter |= d.lines[i].clutter != MR_CL_NONE && d.lines[i].clutter != MR_CL_SYMBOLS;
            for (size_t i = 0; i < header_end; i++) {
                mr_tline *t = &d.lines[i];
                if (!clutter)
                    t->in_run = false;
                else if (t->clutter != MR_CL_NONE || t->in_run || t->meta)
                    d.keep_from = i + 1;
            }
        }
    } else {
        d.title_line = pick_title(&d, header_end);
        /* A header with no clutter, menu or metadata at all is clean text
         * (a JSON-lines record, say): its first line is the headline and the
         * rest is text, not captions. */
        bool clean = d.body_end > d.body_start;
        for (size_t i = 0; i < header_end && clean; i++) {
            const mr_tline *t = &d.lines[i];
            clean =
                !t->in_run && !t->meta && (t->clutter == MR_CL_NONE || t->clutter == MR_CL_SYMBOLS);
        }
        if (clean && d.title_line != SIZE_MAX) {
            for (size_t i = 0; i < d.title_line; i++) {
                if (is_candidate(&d.lines[i]) && !d.lines[i].prose && d.lines[i].nwords >= 2 &&
                    d.lines[i].nwords <= 25) {
                    d.title_line = i;
                    break;
                }
            }
            d.clean_header = true;
        }
        if (d.title_line != SIZE_MAX) {
            mr_tline *t = &d.lines[d.title_line];
            out->title = t->text;
            title_key = t->key;
            title_keylen = t->keylen;
            d.keep_from = d.title_line + 1;
        } else {
            d.keep_from = header_end;
        }
    }
    assign_roles(&d, title_key, title_keylen);
    if (d.container_title && d.title_line != SIZE_MAX)
        drop(&d.lines[d.title_line], "repeated title");
    if (!short_report(&d, out)) {
        *why = "only clutter";
        return -1;
    }
    mr_text_find_date(&d, out);
    assemble(&d, out);
    return 0;
}
