/* Plain-text extraction: who wrote a report and which outlet published it,
 * read from the cues news sites leave in their text.
 *
 * Cues, strongest first: a byline ("بقلم X", "By X", "X – Outlet:"), a
 * lead-in ("Outlet:" alone above the body, "City – Outlet:", "City (Outlet)
 * –"), a sign-off (the outlet's name alone under the last paragraph), a
 * rights notice ("جميع الحقوق محفوظة لـ X", "© X"), a support appeal ("ادعم
 * X", "Support X"), and attributions of exclusive statements (قال لـ"X",
 * "في تصريح لـ X", "told X"), which count once per occurrence. Each cue
 * scores its name; the best total wins. A quote to a wire agency scores
 * little: reports cite agencies they are not. The cue words are in
 * data/outlet_cues.tsv. */
#include "extract/textx.h"
#include "util/data.h"
#include "util/mem.h"
#include "util/strmap.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum {
    CUE_SPEECH = 1, /* a verb or noun of speech before لـ"X" */
    CUE_TYPED,      /* outlet kinds: موقع, صحيفة, وكالة ... as in لموقع X */
    CUE_BYLINE,     /* byline prefixes */
    CUE_TOLD,       /* Latin-script phrases before a quoted outlet: told, interview with */
    CUE_SUPPORT,    /* support and donation appeals */
    CUE_RIGHTS,     /* words of rights notices, removed to find the holder */
    CUE_SOURCE,     /* "المصدر", "Source" */
    CUE_WIRE,       /* wire agencies */
    CUE_NOT_OUTLET, /* words that are never an outlet's name */
    CUE_PLACE,      /* places of two words or more, which "X – Y:" must not take for a name */
    CUE_NOT_LEADIN, /* words that make "X:" an introduction, not an outlet */
    CUE_COUNT
};

typedef struct cue_list {
    char **text; /* as written in the table */
    size_t n, cap;
} cue_list;

static struct {
    mr_strmap keys[CUE_COUNT]; /* key of every cue → 1 */
    cue_list lists[CUE_COUNT];
} cues;
static pthread_once_t cues_once = PTHREAD_ONCE_INIT;

static void add_cue(const char *line, size_t len, void *ctx) {
    (void)ctx;
    static const char *const names[CUE_COUNT] = {NULL,   "speech",     "typed",  "byline",
                                                 "told", "support",    "rights", "source",
                                                 "wire", "not_outlet", "place",  "not_leadin"};
    const char *tab = memchr(line, '\t', len);
    if (!tab) return;
    size_t klen = (size_t)(tab - line);
    int kind = 0;
    for (int i = 1; i < CUE_COUNT; i++)
        if (strlen(names[i]) == klen && !memcmp(names[i], line, klen)) kind = i;
    if (!kind) return;
    const char *p = tab + 1;
    size_t plen = len - (size_t)(p - line);
    cue_list *l = &cues.lists[kind];
    MR_GROW(l->text, l->cap, l->n + 1);
    l->text[l->n++] = mr_strndup(p, plen);
    size_t keylen;
    char *key = mr_text_key_heap(p, plen, &keylen);
    bool added;
    if (keylen) mr_strmap_upsert(&cues.keys[kind], key, keylen, &added);
    free(key);
}

static void add_place(const char *line, size_t len, void *ctx) {
    (void)ctx;
    size_t keylen;
    char *key = mr_text_key_heap(line, len, &keylen);
    bool added;
    if (keylen) mr_strmap_upsert(&cues.keys[CUE_PLACE], key, keylen, &added);
    free(key);
}

static void load_cues(void) {
    for (int i = 0; i < CUE_COUNT; i++) mr_strmap_init(&cues.keys[i]);
    mr_data_lines("outlet_cues.tsv", add_cue, NULL);
    mr_data_lines("outlet_places.txt", add_place, NULL);
}

static void ensure_cues(void) {
    pthread_once(&cues_once, load_cues);
}

static bool key_in(int kind, const char *key, size_t len) {
    return mr_strmap_find(&cues.keys[kind], key, len) != NULL;
}

/* True when the key of s[0..n) is in the cue set. */
static bool text_in(int kind, const char *s, size_t n) {
    size_t keylen;
    char *key = mr_text_key_heap(s, n, &keylen);
    bool found = keylen && key_in(kind, key, keylen);
    free(key);
    return found;
}

/* --- small text helpers ---------------------------------------------------- */

static size_t dash_at(const char *s, size_t n, size_t i) {
    if (s[i] == '-') return 1;
    if (i + 2 < n + 0 && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] >= 0x92 && (unsigned char)s[i + 2] <= 0x95)
        return 3;
    return 0;
}

static size_t quote_at(const char *s, size_t n, size_t i) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\'') return 1;
    if (c == 0xC2 && i + 1 < n &&
        ((unsigned char)s[i + 1] == 0xAB || (unsigned char)s[i + 1] == 0xBB))
        return 2;
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
        unsigned char d = (unsigned char)s[i + 2];
        if ((d >= 0x98 && d <= 0x9F) || d == 0xB9 || d == 0xBA) return 3;
    }
    return 0;
}

static bool is_space_byte(char c) {
    return c == ' ' || c == '\t';
}

/* Trims spaces, quotes, brackets and punctuation from both ends. */
static void trim_name(const char **s, size_t *n) {
    for (;;) {
        if (!*n) return;
        size_t q = quote_at(*s, *n, 0);
        char c = **s;
        if (q)
            *s += q, *n -= q;
        else if (is_space_byte(c) || c == ':' || c == '(' || c == ')' || c == ',' || c == '.' ||
                 c == '[' || c == ']' || c == '/' || c == '|' || c == '*')
            (*s)++, (*n)--;
        else if (dash_at(*s, *n, 0)) {
            size_t d = dash_at(*s, *n, 0);
            *s += d, *n -= d;
        } else
            break;
    }
    for (;;) {
        if (!*n) return;
        const char *s0 = *s;
        size_t m = *n;
        unsigned char last = (unsigned char)s0[m - 1];
        if (is_space_byte((char)last) || strchr(":()[],./|*!?;", last)) {
            (*n)--;
            continue;
        }
        /* Multi-byte closers: quotes, dashes, Arabic comma and colon-like marks. */
        if (m >= 2 && (unsigned char)s0[m - 2] == 0xC2 && (last == 0xAB || last == 0xBB)) {
            *n -= 2;
            continue;
        }
        if (m >= 2 && (unsigned char)s0[m - 2] == 0xD8 && (last == 0x8C || last == 0x9B)) {
            *n -= 2; /* ، ؛ */
            continue;
        }
        if (m >= 3 && (unsigned char)s0[m - 3] == 0xE2 && (unsigned char)s0[m - 2] == 0x80 &&
            ((last >= 0x92 && last <= 0x9F) || last == 0xB9 || last == 0xBA || last == 0xA6)) {
            *n -= 3;
            continue;
        }
        break;
    }
}

static size_t count_words(const char *s, size_t n) {
    size_t words = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = is_space_byte(s[i]);
        if (!sp && !in) words++;
        in = !sp;
    }
    return words;
}

static bool has_digit(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') return true;
        /* Arabic-Indic digits U+0660..U+0669: D9 A0..D9 A9 */
        if ((unsigned char)s[i] == 0xD9 && i + 1 < n && (unsigned char)s[i + 1] >= 0xA0 &&
            (unsigned char)s[i + 1] <= 0xA9)
            return true;
    }
    return false;
}

static bool has_sentence_mark(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.' || s[i] == '!' || s[i] == '?') return true;
        if ((unsigned char)s[i] == 0xD8 && i + 1 < n && (unsigned char)s[i + 1] == 0x9F)
            return true;
    }
    return false;
}

/* s starts with word w (ASCII case folded), followed by a boundary. */
static size_t starts_with_word(const char *s, size_t n, const char *w) {
    size_t k = strlen(w);
    if (k > n) return 0;
    for (size_t i = 0; i < k; i++) {
        char a = s[i], b = w[i];
        if (a >= 'A' && a <= 'Z') a += 32;
        if (b >= 'A' && b <= 'Z') b += 32;
        if (a != b) return 0;
    }
    if (k < n && !(is_space_byte(s[k]) || s[k] == ':' || s[k] == '/' || s[k] == '-' ||
                   (unsigned char)s[k] >= 0xE2))
        return 0;
    return k;
}

static const char *evidence(mr_arena *a, const char *s, size_t n) {
    if (n > 200) {
        n = 200;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    return mr_arena_strndup(a, s, n);
}

/* --- candidates ------------------------------------------------------------ */

typedef struct candidate {
    char *key;
    size_t keylen;
    const char *name; /* arena */
    int score, best;  /* total, and the weight of its strongest cue */
    const char *how, *evidence;
} candidate;

typedef struct scorer {
    mr_textdoc *d;
    candidate c[24];
    size_t n;
    const char *author;
    int author_weight;
} scorer;

static bool plausible_name(const char *s, size_t n) {
    if (n < 2 || n > 60) return false;
    /* Addresses are not names: "x@mail.com", "@handle", "www.site.com". */
    if (memchr(s, '@', n) || memchr(s, '/', n) || memmem(s, n, "www.", 4)) return false;
    size_t w = count_words(s, n);
    if (w < 1 || w > 5) return false;
    if (has_sentence_mark(s, n)) return false;
    size_t keylen;
    char *key = mr_text_key_heap(s, n, &keylen);
    bool ok = keylen > 1 && !key_in(CUE_NOT_OUTLET, key, keylen) &&
              !key_in(CUE_SPEECH, key, keylen) && !key_in(CUE_BYLINE, key, keylen);
    /* Digits alone ("2018") are not a name. */
    bool letter = false;
    for (size_t i = 0; i < keylen; i++)
        if (key[i] != ' ' && !(key[i] >= '0' && key[i] <= '9')) letter = true;
    free(key);
    return ok && letter;
}

/* The name as shown: without the quotes inside it ("خدمة «واشنطن بوست"). */
static const char *clean_name(mr_arena *a, const char *s, size_t n) {
    char *out = mr_arena_alloc(a, n + 1), *o = out;
    for (size_t i = 0; i < n;) {
        size_t q = quote_at(s, n, i);
        if (q && s[i] != '\'') {
            i += q;
            continue;
        }
        *o++ = s[i++];
    }
    *o = 0;
    return out;
}

static bool add_candidate(scorer *sc, const char *s, size_t n, int weight, const char *how,
                          const char *line, size_t line_len) {
    trim_name(&s, &n);
    /* "خدمة «واشنطن بوست»": a syndication credit names the outlet after "service". */
    static const char service[] = "خدمة ";
    if (n > sizeof service && !memcmp(s, service, sizeof service - 1)) {
        s += sizeof service - 1;
        n -= sizeof service - 1;
        trim_name(&s, &n);
    }
    if (!plausible_name(s, n)) return false;
    size_t keylen;
    char *key = mr_text_key_heap(s, n, &keylen);
    if (key_in(CUE_WIRE, key, keylen) && strcmp(how, "attribution") == 0) weight = 1;
    /* "The Daily Ledger" and "the Daily Ledger" are one name. */
    if (keylen > 4 && !memcmp(key, "the ", 4)) memmove(key, key + 4, keylen -= 4);
    for (size_t i = 0; i < sc->n; i++) {
        candidate *c = &sc->c[i];
        if (c->keylen == keylen && !memcmp(c->key, key, keylen)) {
            c->score += weight;
            if (weight > c->best) {
                c->best = weight;
                c->name = clean_name(sc->d->arena, s, n);
                c->how = how;
                c->evidence = evidence(sc->d->arena, line, line_len);
            }
            free(key);
            return true;
        }
    }
    if (sc->n == sizeof sc->c / sizeof sc->c[0]) {
        free(key);
        return false;
    }
    sc->c[sc->n++] = (candidate){key,    keylen, clean_name(sc->d->arena, s, n),        weight,
                                 weight, how,    evidence(sc->d->arena, line, line_len)};
    return true;
}

static void set_author(scorer *sc, const char *s, size_t n, int weight) {
    trim_name(&s, &n);
    if (n < 3 || n > 80 || count_words(s, n) > 6 || has_digit(s, n) || has_sentence_mark(s, n))
        return;
    if (text_in(CUE_NOT_OUTLET, s, n)) return;
    if (weight > sc->author_weight) {
        sc->author = mr_arena_strndup(sc->d->arena, s, n);
        sc->author_weight = weight;
    }
}

/* --- line shapes ------------------------------------------------------------ */

/* Position of the first " – " style dash (with a space on at least one
 * side, or a bare dash between two words) in s[0..n); its length in *dlen. */
static size_t find_dash(const char *s, size_t n, size_t *dlen) {
    for (size_t i = 1; i + 1 < n; i++) {
        size_t d = dash_at(s, n, i);
        if (d && i + d < n) {
            *dlen = d;
            return i;
        }
    }
    return SIZE_MAX;
}

/* "By X", "بقلم: X", "كتب X - Outlet". Returns true when the line is one. */
static bool parse_byline(scorer *sc, const char *s, size_t n, bool use) {
    const cue_list *l = &cues.lists[CUE_BYLINE];
    for (size_t i = 0; i < l->n; i++) {
        /* A cue written "إعداد:" is a common word too: only a colon or a
         * dash after it makes a byline. */
        const char *cue = l->text[i];
        size_t cl = strlen(cue);
        bool needs_separator = cl && cue[cl - 1] == ':';
        char word[64];
        if (needs_separator) {
            if (cl - 1 >= sizeof word) continue;
            memcpy(word, cue, cl - 1);
            word[cl - 1] = 0;
            cue = word;
        }
        size_t k = starts_with_word(s, n, cue);
        if (!k) continue;
        if (needs_separator) {
            size_t j = k;
            while (j < n && is_space_byte(s[j])) j++;
            if (j >= n || !(s[j] == ':' || dash_at(s, n, j) || s[j] == '/')) continue;
        }
        const char *rest = s + k;
        size_t rn = n - k;
        trim_name(&rest, &rn);
        /* "Reporting by A in Sanaa; additional reporting by B; Editing by
         * C": the first credit is the author, without the place. */
        const char *semi = memchr(rest, ';', rn);
        if (semi) rn = (size_t)(semi - rest);
        if (rn && (unsigned char)rest[0] < 0x80) {
            for (size_t j = 0; j + 4 < rn; j++) {
                if (!memcmp(rest + j, " in ", 4) && rest[j + 4] >= 'A' && rest[j + 4] <= 'Z') {
                    rn = j;
                    break;
                }
            }
        }
        trim_name(&rest, &rn);
        if (!rn || count_words(rest, rn) > 10) continue;
        /* Latin bylines name a person with a capital: "By the end of" is prose. */
        if ((unsigned char)l->text[i][0] < 0x80 && !(rest[0] >= 'A' && rest[0] <= 'Z')) continue;
        if (!use) return true;
        /* Author up to a separator; an outlet may follow it. */
        size_t cut = rn;
        size_t dl = 0;
        for (size_t j = 0; j < rn; j++) {
            if (rest[j] == ',' || rest[j] == '|' || rest[j] == '(' ||
                ((unsigned char)rest[j] == 0xD8 && j + 1 < rn &&
                 (unsigned char)rest[j + 1] == 0x8C)) {
                cut = j;
                dl = (unsigned char)rest[j] == 0xD8 ? 2 : 1;
                break;
            }
            size_t d = dash_at(rest, rn, j);
            if (d && j > 0 && is_space_byte(rest[j - 1])) {
                cut = j;
                dl = d;
                break;
            }
        }
        set_author(sc, rest, cut, 3);
        if (cut < rn) add_candidate(sc, rest + cut + dl, rn - cut - dl, 5, "byline", s, n);
        return true;
    }
    return false;
}

/* One part of a dash-separated lead, trimmed. */
typedef struct part {
    const char *s;
    size_t n, words;
    bool place;
} part;

/* "أمجد الساري – حرية برس:" (author – outlet), "دمشق – سيريانيوز:" (place –
 * outlet), "سبق – الرياض:" (outlet – place), "خالد السويلمي – سبق – عرعر:"
 * (author – outlet – place), alone on a line or opening the first
 * paragraph. A part that is a known place (data/outlet_places.txt) tells the
 * others apart; with none known, a lone word before the dash is taken for
 * the place. */
static bool parse_dash_colon(scorer *sc, const char *s, size_t n, bool own_line, bool use) {
    size_t colon = SIZE_MAX;
    for (size_t i = 0; i < n && i < 160; i++) {
        if (s[i] == ':') {
            colon = i;
            break;
        }
    }
    if (colon == SIZE_MAX) return false;
    if (own_line && count_words(s + colon + 1, n - colon - 1) > 0) own_line = false;
    /* "مهند قحطان – جدة (تصوير: ...)": the colon belongs to a bracket. */
    if (memchr(s, '(', colon)) return false;
    part parts[3];
    size_t np = 0, from = 0;
    for (;;) {
        size_t dlen = 0, dash = find_dash(s + from, colon - from, &dlen);
        size_t end = dash == SIZE_MAX ? colon : from + dash;
        const char *p = s + from;
        size_t pn = end - from;
        trim_name(&p, &pn);
        size_t w = count_words(p, pn);
        if (w < 1 || w > 4 || has_digit(p, pn) || has_sentence_mark(p, pn)) return false;
        if (np == 3) return false; /* four parts: not a lead */
        parts[np++] = (part){p, pn, w, text_in(CUE_PLACE, p, pn)};
        if (dash == SIZE_MAX) break;
        from = from + dash + dlen;
    }
    if (np < 2) return false;
    for (size_t i = 0; i < np; i++)
        if (text_in(CUE_NOT_LEADIN, parts[i].s, parts[i].n)) return false;
    if (!use) return true;
    int weight = own_line ? 5 : 4;
    const part *author = NULL, *outlet = NULL;
    if (np == 3) {
        author = &parts[0];
        outlet = &parts[1];
        if (parts[1].place && !parts[2].place) outlet = &parts[2];
    } else if (parts[1].place && !parts[0].place) {
        /* "سبق – الرياض:" names the outlet; "سامر الحلبي – دمشق:" the
         * author: outlets that lead with their name are one word (سبق, واس). */
        if (parts[0].words == 1)
            outlet = &parts[0];
        else
            author = &parts[0];
    } else if (parts[0].place || parts[0].words == 1) {
        outlet = &parts[1]; /* "دمشق – سيريانيوز:" */
    } else {
        author = &parts[0];
        outlet = &parts[1];
    }
    if (author) set_author(sc, author->s, author->n, 4);
    if (outlet && !outlet->place)
        add_candidate(sc, outlet->s, outlet->n, weight, author ? "byline" : "lead-in", s, n);
    return true;
}

/* "الدرر الشامية:" alone above the body. */
static bool parse_colon_leadin(scorer *sc, const char *s, size_t n, bool use) {
    const char *x = s;
    size_t xn = n;
    trim_name(&x, &xn); /* drops the colon */
    if (!n || s[n - 1] != ':' || !xn) {
        /* The colon may sit before a closing quote or a space. */
        size_t m = n;
        while (m && is_space_byte(s[m - 1])) m--;
        if (!m || s[m - 1] != ':') return false;
    }
    /* One word followed by a colon is as often a section heading
     * ("المقادير:") as an outlet: two to four words. */
    size_t w = count_words(x, xn);
    if (w < 2 || w > 4 || has_digit(x, xn) || has_sentence_mark(x, xn)) return false;
    if (text_in(CUE_NOT_LEADIN, x, xn) || text_in(CUE_SOURCE, x, xn)) return false;
    /* "وقال المتحدث:" introduces a quote: words of speech disqualify. */
    size_t keylen;
    char *key = mr_text_key_heap(x, xn, &keylen);
    bool speech = false;
    for (size_t i = 0; i < keylen;) {
        size_t j = i;
        while (j < keylen && key[j] != ' ') j++;
        if (key_in(CUE_SPEECH, key + i, j - i) || key_in(CUE_NOT_LEADIN, key + i, j - i))
            speech = true;
        /* A leading و or ف (and) joins a verb: "وأضاف". */
        if (j - i > 4 && (!memcmp(key + i, "\xd9\x88", 2) || !memcmp(key + i, "\xd9\x81", 2)) &&
            (key_in(CUE_SPEECH, key + i + 2, j - i - 2) ||
             key_in(CUE_NOT_LEADIN, key + i + 2, j - i - 2)))
            speech = true;
        i = j + 1;
    }
    free(key);
    if (speech) return false;
    if (use) add_candidate(sc, x, xn, 5, "lead-in", s, n);
    return true;
}

/* "المصدر: X", "Source: X". */
static bool parse_source(scorer *sc, const char *s, size_t n, bool use) {
    const cue_list *l = &cues.lists[CUE_SOURCE];
    for (size_t i = 0; i < l->n; i++) {
        size_t k = starts_with_word(s, n, l->text[i]);
        if (!k) continue;
        const char *rest = s + k;
        size_t rn = n - k;
        trim_name(&rest, &rn);
        if (!rn || count_words(rest, rn) > 5) continue;
        if (use) add_candidate(sc, rest, rn, 2, "source", s, n);
        return true;
    }
    return false;
}

/* "(CNN) —", "LONDON (Reuters) -", "القاهرة (رويترز) -", "دمشق-سانا" opening
 * the first paragraph. */
static void parse_wire_dateline(scorer *sc, const char *s, size_t n) {
    size_t lim = n < 100 ? n : 100;
    for (size_t i = 0; i < lim; i++) {
        if (s[i] != '(') continue;
        size_t close = i + 1;
        while (close < lim && s[close] != ')') close++;
        if (close >= lim) return;
        size_t j = close + 1;
        while (j < n && is_space_byte(s[j])) j++;
        if (j < n && dash_at(s, n, j) && count_words(s, i) <= 4)
            add_candidate(sc, s + i + 1, close - i - 1, 4, "lead-in", s, n);
        return;
    }
    /* "دمشق-سانا" : a first word made of two parts joined by a bare dash. */
    size_t end = 0;
    while (end < n && !is_space_byte(s[end])) end++;
    for (size_t i = 1; i + 1 < end; i++) {
        size_t d = dash_at(s, end, i);
        if (d && (unsigned char)s[0] >= 0xD8 && (unsigned char)s[i + d] >= 0xD8) {
            add_candidate(sc, s + i + d, end - i - d, 3, "lead-in", s, n);
            return;
        }
    }
}

/* "الرياض 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس": a dateline that ends
 * with a wire agency's name. */
static void parse_dateline_wire(scorer *sc, const mr_tline *t) {
    const char *s = t->text;
    size_t n = t->len;
    while (n && (is_space_byte(s[n - 1]) || s[n - 1] == ')' || s[n - 1] == '-')) n--;
    size_t start = n;
    for (int words = 0; words < 3 && start > 0; words++) {
        size_t w = start;
        while (w > 0 && !is_space_byte(s[w - 1]) && s[w - 1] != '(') w--;
        if (text_in(CUE_WIRE, s + w, n - w)) {
            add_candidate(sc, s + w, n - w, 3, "dateline", s, t->len);
            return;
        }
        start = w;
        while (start > 0 && (is_space_byte(s[start - 1]) || s[start - 1] == '(')) start--;
    }
}

/* --- attributions ------------------------------------------------------------ */

/* Whether one of the (up to) four words before s[pos] is a word of speech. */
static bool speech_before(const char *s, size_t pos) {
    size_t from = pos > 90 ? pos - 90 : 0;
    while (from > 0 && from < pos && ((unsigned char)s[from] & 0xC0) == 0x80) from++;
    size_t keylen;
    char *key = mr_text_key_heap(s + from, pos - from, &keylen);
    bool found = false;
    size_t end = keylen;
    for (int w = 0; w < 4 && end > 0 && !found; w++) {
        size_t start = end;
        while (start > 0 && key[start - 1] != ' ') start--;
        const char *word = key + start;
        size_t wl = end - start;
        if (key_in(CUE_SPEECH, word, wl))
            found = true;
        else if (wl > 4 && (!memcmp(word, "\xd9\x88", 2) || !memcmp(word, "\xd9\x81", 2)) &&
                 key_in(CUE_SPEECH, word + 2, wl - 2))
            found = true;
        end = start ? start - 1 : 0;
    }
    free(key);
    return found;
}

/* The next byte from i that may start a double quote: " (22), « » (C2 ..),
 * “ ” (E2 ..). */
static size_t next_quote_lead(const char *s, size_t i, size_t n) {
    static const unsigned char leads[] = {'"', 0xC2, 0xE2};
    return i >= n ? n : i + mr_text_find_bytes(s + i, n - i, leads, 3);
}

/* Whether s[i..] is "ل" at the start of a word (after a space, a quote, a
 * bracket or a lone و), possibly with a tatweel: "لـ". Returns its length
 * with the tatweel. */
static size_t lam_at(const char *s, size_t n, size_t i) {
    if (i + 1 >= n || (unsigned char)s[i] != 0xD9 || (unsigned char)s[i + 1] != 0x84) return 0;
    if (i > 0) {
        unsigned char p = (unsigned char)s[i - 1];
        bool ok = is_space_byte((char)p) || p == '(' || quote_at(s, n, i - 1) ||
                  (i >= 3 && (unsigned char)s[i - 3] == 0xE2);             /* after “ or ” */
        if (!ok && i >= 2 && (unsigned char)s[i - 2] == 0xD9 && p == 0x88) /* ول */
            ok = i == 2 || is_space_byte(s[i - 3]);
        if (!ok) return 0;
    }
    size_t k = 2;
    if (i + 3 < n && (unsigned char)s[i + 2] == 0xD9 && (unsigned char)s[i + 3] == 0x80) k = 4;
    return k;
}

/* A quoted name after "لـ" or "لموقع": قال لـ"X", في تصريح لـ "X", لصحيفة «X».
 * The scan goes from quote to quote, looking back for the ل. */
static void scan_arabic_attributions(scorer *sc, const char *s, size_t n) {
    size_t i = 0;
    while ((i = next_quote_lead(s, i, n)) < n) {
        size_t q = quote_at(s, n, i);
        if (!q) {
            i++;
            continue;
        }
        size_t open = i;
        i += q;
        /* Back over spaces to the word before the quote. */
        size_t e = open;
        while (e > 0 && is_space_byte(s[e - 1])) e--;
        size_t w = e;
        while (w > 0 && !is_space_byte(s[w - 1]) && !quote_at(s, n, w - 1)) w--;
        if (w == e) continue;
        bool typed = false, lam = false;
        size_t ll = lam_at(s, e, w);
        if (ll && w + ll == e) {
            lam = true; /* لـ "X" */
        } else if (ll == 2 && w + 2 < e) {
            const cue_list *l = &cues.lists[CUE_TYPED];
            for (size_t c = 0; c < l->n && !typed; c++)
                typed =
                    strlen(l->text[c]) == e - w - 2 && !memcmp(l->text[c], s + w + 2, e - w - 2);
        }
        if (!lam && !typed) continue;
        size_t name_start = i, k = i;
        while (k < n && k - name_start < 60 && !quote_at(s, n, k)) k++;
        if (k >= n || !quote_at(s, n, k)) continue;
        size_t after = k + quote_at(s, n, k);
        while (after < n && is_space_byte(s[after])) after++;
        bool colon_after = after < n && s[after] == ':';
        if (typed || colon_after || speech_before(s, w))
            add_candidate(sc, s + name_start, k - name_start, 2, "attribution", s, n);
        i = after;
    }
}

/* "قال لـ عنب بلدي إن ...": the name after a detached "لـ" has no quotes to
 * end it; it runs up to three words, stopping at إن/أن, a comma or a
 * colon, and needs a word of speech before. */
static void scan_unquoted_attributions(scorer *sc, const char *s, size_t n) {
    const size_t ll = 5; /* "لـ ": D9 84 D9 80 20 */
    /* From one tatweel (D9 80) to the next: 0x80 bytes are rare enough. */
    for (const char *p = s; (p = memchr(p, 0x80, n - (size_t)(p - s))) != NULL; p++) {
        size_t t80 = (size_t)(p - s);
        if (t80 < 3 || t80 + 1 >= n || (unsigned char)s[t80 - 1] != 0xD9 || s[t80 + 1] != ' ' ||
            (unsigned char)s[t80 - 3] != 0xD9 || (unsigned char)s[t80 - 2] != 0x84)
            continue;
        size_t at = t80 - 3;
        if (!lam_at(s, n, at)) continue;
        size_t start = at + ll;
        while (start < n && is_space_byte(s[start])) start++;
        if (start >= n || quote_at(s, n, start)) continue; /* quoted: the other scan */
        size_t k = start, end = start;
        for (int words = 0; words < 3 && k < n; words++) {
            size_t ws = k;
            while (k < n && !is_space_byte(s[k]) && s[k] != ',' && s[k] != ':' && s[k] != '.' &&
                   !((unsigned char)s[k] == 0xD8 && k + 1 < n && (unsigned char)s[k + 1] == 0x8C))
                k++;
            if (k == ws || text_in(CUE_NOT_OUTLET, s + ws, k - ws)) break;
            end = k;
            if (k < n && !is_space_byte(s[k])) break;
            while (k < n && is_space_byte(s[k])) k++;
        }
        if (end > start && speech_before(s, at))
            add_candidate(sc, s + start, end - start, 2, "attribution", s, n);
    }
}

/* "told Reuters", "in an interview with The Associated Press". */
static void scan_latin_attributions(scorer *sc, const char *s, size_t n) {
    const cue_list *l = &cues.lists[CUE_TOLD];
    for (size_t c = 0; c < l->n; c++) {
        const char *cue = l->text[c];
        size_t cl = strlen(cue);
        for (const char *p = s; (p = memmem(p, n - (size_t)(p - s), cue, cl)) != NULL; p += cl) {
            if (p > s && !is_space_byte(p[-1])) continue;
            const char *q = p + cl;
            if (q >= s + n || !is_space_byte(*q)) continue;
            q++;
            if (q + 4 < s + n && !memcmp(q, "the ", 4)) q += 4;
            const char *start = q, *end = q;
            int words = 0;
            while (q < s + n && words < 4 && ((*q >= 'A' && *q <= 'Z') || (words && *q == '-'))) {
                const char *w = q;
                while (q < s + n && !is_space_byte(*q) && *q != ',' && *q != '.' && *q != ';' &&
                       *q != '\'' && *q != ':' && (unsigned char)*q != 0xE2)
                    q++;
                end = q;
                words++;
                if (q < s + n && !is_space_byte(*q)) break;
                while (q < s + n && is_space_byte(*q)) q++;
                (void)w;
            }
            if (end > start)
                add_candidate(sc, start, (size_t)(end - start), 2, "attribution", s, n);
        }
    }
}

/* "جميع الحقوق محفوظة لـ X", "© 2018 X. All rights reserved." */
static bool parse_rights(scorer *sc, const mr_tline *t, bool use) {
    const char *s = t->text;
    size_t n = t->len;
    bool copyright_sign = memmem(s, n, "\xc2\xa9", 2) != NULL;
    if (!copyright_sign && t->clutter != MR_CL_COPYRIGHT) return false;
    if (!use) return true;
    /* Keep the words that are neither rights words, years nor bare ل. */
    char *buf = mr_arena_alloc(sc->d->arena, n + 1);
    size_t bn = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && is_space_byte(s[i])) i++;
        size_t ws = i;
        while (i < n && !is_space_byte(s[i])) i++;
        if (i == ws) break;
        const char *w = s + ws;
        size_t wl = i - ws;
        const char *tw = w;
        size_t twl = wl;
        trim_name(&tw, &twl);
        bool drop = twl == 0 || has_digit(tw, twl) || !memcmp(w, "\xc2\xa9", wl < 2 ? wl : 2) ||
                    text_in(CUE_RIGHTS, tw, twl);
        if (!drop && twl == 4 && !memcmp(tw, "\xd9\x84\xd9\x80", 4)) drop = true; /* لـ */
        if (!drop && twl > 4 && !memcmp(tw, "\xd9\x84\xd9\x80", 4)) tw += 4, twl -= 4;
        /* "لموقع X": the site is X. "لشبكة X", "لصحيفة X": the kind is
         * part of the name the outlet signs with; only the ل goes. */
        static const char site[] = "\xd9\x85\xd9\x88\xd9\x82\xd8\xb9"; /* موقع */
        if (!drop && !bn && twl > 2 && !memcmp(tw, "\xd9\x84", 2) &&
            text_in(CUE_TYPED, tw + 2, twl - 2)) {
            if (twl - 2 == sizeof site - 1 && !memcmp(tw + 2, site, sizeof site - 1))
                drop = true;
            else
                tw += 2, twl -= 2;
        }
        if (drop) {
            if (bn) break; /* the holder's name is one run of words */
            continue;
        }
        if (bn) buf[bn++] = ' ';
        memcpy(buf + bn, tw, twl);
        bn += twl;
    }
    if (bn) add_candidate(sc, buf, bn, 4, "copyright", s, n);
    return true;
}

/* "ادعم عنب بلدي", "Support The Daily Gazette". */
static bool parse_support(scorer *sc, const mr_tline *t, bool use) {
    if (t->nwords > 8) return false;
    const cue_list *l = &cues.lists[CUE_SUPPORT];
    for (size_t i = 0; i < l->n; i++) {
        size_t k = starts_with_word(t->text, t->len, l->text[i]);
        if (!k) continue;
        const char *rest = t->text + k;
        size_t rn = t->len - k;
        trim_name(&rest, &rn);
        if (!rn || count_words(rest, rn) > 4) continue;
        if ((unsigned char)rest[0] < 0x80 && !(rest[0] >= 'A' && rest[0] <= 'Z')) continue;
        /* "ادعم صحافتنا": our X is not a name. */
        if (rn > 6 && !memcmp(rest + rn - 4, "\xd9\x86\xd8\xa7", 4) && count_words(rest, rn) == 1)
            continue;
        if (use) add_candidate(sc, rest, rn, 4, "appeal", t->text, t->len);
        return true;
    }
    return false;
}

/* --- entry points ------------------------------------------------------------ */

/* Credit lines longer than this are prose, whatever they start with. */
#define BYLINE_MAX_WORDS 30

/* Whether line i sits right above or below a dateline. */
static bool beside_dateline(const mr_textdoc *d, size_t i) {
    return (i > 0 && (d->lines[i - 1].meta & MR_META_DATELINE)) ||
           (i + 1 < d->nlines && (d->lines[i + 1].meta & MR_META_DATELINE));
}

/* A person's name alone on a line: two to four words of letters, no
 * function word, no digit or punctuation but a hyphen, apostrophe or the
 * dot of an initial; Latin words capitalised. Sites print their writer's
 * name so above or below the date ("نسيمة بلقاسم" / "نُشر في 27 مارس"). */
static bool bare_name(const mr_tline *t) {
    if (t->nwords < 2 || t->nwords > 4 || t->nfunc || t->terminal) return false;
    bool word_start = true;
    for (size_t j = 0; j < t->len; j++) {
        unsigned char c = (unsigned char)t->text[j];
        if (c == ' ') {
            word_start = true;
            continue;
        }
        if (c >= '0' && c <= '9') return false;
        if (c < 0x80 && !((c | 32) >= 'a' && (c | 32) <= 'z') && c != '-' && c != '\'' && c != '.')
            return false;
        if (word_start && c < 0x80 && !(c >= 'A' && c <= 'Z')) return false;
        /* Beyond ASCII, only letters of Latin-1/Extended-A and Arabic: no
         * dashes, quotes or symbols (E2 ..), which make "Outlet – Agencies". */
        if (c >= 0x80 && c < 0xC0) continue; /* continuation byte */
        if (c >= 0xC0 && !((c >= 0xC3 && c <= 0xC5) || (c >= 0xD8 && c <= 0xDB))) return false;
        /* Arabic punctuation (، ؛ ؟) and digits (U+0660-0669) are not name letters. */
        if (c == 0xD8 && j + 1 < t->len) {
            unsigned char c2 = (unsigned char)t->text[j + 1];
            if (c2 == 0x8C || c2 == 0x9B || c2 == 0x9F) return false;
        }
        if (c == 0xD9 && j + 1 < t->len) {
            unsigned char c2 = (unsigned char)t->text[j + 1];
            if (c2 >= 0xA0 && c2 <= 0xA9) return false;
        }
        word_start = false;
    }
    return true;
}

void mr_text_mark_meta(mr_textdoc *d) {
    ensure_cues();
    size_t first_prose = d->nlines, last_prose = 0;
    for (size_t i = 0; i < d->nlines; i++) {
        if (d->lines[i].prose) {
            if (first_prose == d->nlines) first_prose = i;
            last_prose = i;
        }
    }
    scorer dummy = {.d = d};
    for (size_t i = 0; i < d->nlines; i++) {
        mr_tline *t = &d->lines[i];
        /* A wire's credit line runs long ("Reporting by A in Sanaa; additional
         * reporting by B in Aden; Editing by C"): only bylines may. */
        if (t->prose || t->nwords > BYLINE_MAX_WORDS) continue;
        bool outside = i < first_prose || i > last_prose || first_prose == d->nlines;
        if (!outside) continue;
        if (t->clutter != MR_CL_NONE && t->clutter != MR_CL_CAPTION) continue;
        if (t->nwords > 12) {
            if (parse_byline(&dummy, t->text, t->len, false)) t->meta |= MR_META_BYLINE;
            continue;
        }
        if (parse_byline(&dummy, t->text, t->len, false) ||
            parse_dash_colon(&dummy, t->text, t->len, true, false))
            t->meta |= MR_META_BYLINE;
        else if (i < first_prose && beside_dateline(d, i) && bare_name(t))
            t->meta |= MR_META_NAME;
        else if (parse_source(&dummy, t->text, t->len, false))
            t->meta |= MR_META_SOURCE;
        else if (i < first_prose && parse_colon_leadin(&dummy, t->text, t->len, false))
            t->meta |= MR_META_LEADIN;
    }
}

const char *mr_text_url_host(mr_arena *arena, const char *url) {
    if (!url) return NULL;
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    const char *e = p;
    while (*e && *e != '/' && *e != ':' && *e != '?' && *e != '#') e++;
    if (e - p > 4 && !strncmp(p, "www.", 4)) p += 4;
    if (e <= p) return NULL;
    char *host = mr_arena_strndup(arena, p, (size_t)(e - p));
    for (char *c = host; *c; c++)
        if (*c >= 'A' && *c <= 'Z') *c += 32;
    return host;
}

/* Whether the words of `small` occur, in order and whole, inside `big`
 * (both match keys: words separated by one space). */
static bool contains_words(const char *big, size_t bn, const char *small, size_t sn) {
    for (size_t i = 0; i + sn <= bn; i++) {
        if ((i == 0 || big[i - 1] == ' ') && (i + sn == bn || big[i + sn] == ' ') &&
            !memcmp(big + i, small, sn))
            return true;
    }
    return false;
}

void mr_text_find_outlet(mr_textdoc *d, marsad_article *out) {
    ensure_cues();
    scorer sc = {.d = d};
    size_t bs = d->body_start, be = d->body_end;
    for (size_t i = 0; i < d->nlines; i++) {
        mr_tline *t = &d->lines[i];
        if (t->meta & MR_META_BYLINE) {
            if (!parse_byline(&sc, t->text, t->len, true))
                parse_dash_colon(&sc, t->text, t->len, true, true);
        } else if (t->meta & MR_META_SOURCE) {
            parse_source(&sc, t->text, t->len, true);
        } else if (t->meta & MR_META_LEADIN) {
            parse_colon_leadin(&sc, t->text, t->len, true);
        }
        if ((t->meta & MR_META_DATELINE) && (i < bs || i >= be)) parse_dateline_wire(&sc, t);
        if (i >= be || i < bs) {
            parse_rights(&sc, t, true);
            parse_support(&sc, t, true);
        }
        scan_arabic_attributions(&sc, t->text, t->len);
        scan_unquoted_attributions(&sc, t->text, t->len);
        if (t->has_latin) scan_latin_attributions(&sc, t->text, t->len);
    }
    if (be > bs) {
        /* The first paragraph may open with the outlet. */
        const mr_tline *first = &d->lines[bs];
        if (!parse_byline(&sc, first->text, first->len, true) &&
            !parse_dash_colon(&sc, first->text, first->len, false, true))
            parse_wire_dateline(&sc, first->text, first->len);
        /* Sign-off: the outlet's name alone under the last paragraph. */
        if (be < d->nlines) {
            mr_tline *t = &d->lines[be];
            if (t->clutter == MR_CL_NONE && !t->meta && t->has_letter && t->nwords <= 4 &&
                t->len <= 60 && !(t->terminal && t->nwords > 2) && !has_digit(t->text, t->len)) {
                if (add_candidate(&sc, t->text, t->len, 4, "sign-off", t->text, t->len))
                    t->meta |= MR_META_SIGNOFF;
            }
        }
    }
    if (!sc.author) {
        /* A bare name beside the dateline, unless it is the outlet's own. */
        for (size_t i = 0; i < bs && i < d->nlines; i++) {
            mr_tline *t = &d->lines[i];
            if (!(t->meta & MR_META_NAME)) continue;
            /* A bare name is short, so the line has its match key already. */
            bool outlet = false;
            for (size_t k = 0; k < sc.n; k++)
                if (t->key && sc.c[k].keylen == t->keylen &&
                    !memcmp(sc.c[k].key, t->key, t->keylen))
                    outlet = true;
            if (outlet) {
                t->meta &= (uint8_t)~MR_META_NAME;
                continue;
            }
            set_author(&sc, t->text, t->len, 2);
            break;
        }
    }
    if (!out->author && sc.author) out->author = sc.author;
    candidate *best = NULL;
    for (size_t i = 0; i < sc.n; i++) {
        candidate *c = &sc.c[i];
        if (c->score < 2) continue;
        if (!best || c->score > best->score || (c->score == best->score && c->best > best->best))
            best = c;
    }
    /* A short name and the full one ("الميزان" in attributions, "شبكة
     * الميزان الإخبارية" in the rights line): the full name, when a line
     * that states the outlet's name (byline, rights, sign-off) gives it. */
    if (best) {
        for (size_t i = 0; i < sc.n; i++) {
            candidate *c = &sc.c[i];
            if (c == best || c->best < 4 || c->keylen <= best->keylen) continue;
            if (!contains_words(c->key, c->keylen, best->key, best->keylen)) continue;
            if (!best || c->keylen > best->keylen) best = c;
        }
    }
    if (!out->outlet && best) {
        out->outlet = best->name;
        out->outlet_from.how = best->how;
        out->outlet_from.evidence = best->evidence;
    }
    for (size_t i = 0; i < sc.n; i++) free(sc.c[i].key);
}
