/* Plain-text extraction: recognising site clutter on one line, from the
 * phrase tables in data/clutter_*.tsv and from the line's shape (bare times,
 * symbols, menus, font-size buttons, caption credits).
 *
 * A table row is "class<TAB>match<TAB>phrase". match says where the phrase
 * must sit: "line" (the whole line), "start" (the line begins with it),
 * "any" (anywhere), "credit" (inside the bracketed credit that ends a short
 * line). start and any phrases only mark lines up to a length that depends
 * on the class (class_max_words: a label heads a short line, a cookie notice
 * may be a long sentence), and a one-word phrase never marks a sentence.
 * Phrases are compared by their match keys, so spelling variants the match
 * layer folds (hamza forms, harakat, quotes, case) need no row of their own.
 * The tables are loaded once per process and never freed. */
#include "extract/textx.h"
#include "util/data.h"
#include "util/mem.h"
#include "util/strmap.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { KIND_LINE, KIND_START, KIND_ANY, KIND_CREDIT };

typedef struct phrase {
    char *key;
    size_t keylen;
    uint8_t cls, kind;
    uint32_t next; /* index + 1 of the next phrase with the same first word */
} phrase;

/* A bitmap over (first byte, last byte, length) of the first words of the
 * phrases: most words of a line are no phrase's first word, and this says
 * so without hashing them. */
#define WORD_FILTER_BITS (1u << 16)
static uint8_t word_filter[WORD_FILTER_BITS / 8];

static unsigned word_filter_index(const char *w, size_t n) {
    unsigned a = (unsigned char)w[n > 1 ? 1 : 0], b = (unsigned char)w[n - 1];
    return (a * 131u + b * 7u + (unsigned)n * 1031u) & (WORD_FILTER_BITS - 1);
}

static struct {
    phrase *items;
    size_t n, cap;
    mr_strmap exact;      /* whole-line key → class */
    mr_strmap first_word; /* first word → index + 1 of its chain */
    mr_strmap function_words;
} tables;

static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static const struct {
    const char *name;
    uint8_t cls;
} class_names[] = {
    {"label", MR_CL_LABEL},
    {"nav", MR_CL_NAV},
    {"time", MR_CL_TIME},
    {"share", MR_CL_SHARE},
    {"subscribe", MR_CL_SUBSCRIBE},
    {"cookie", MR_CL_COOKIE},
    {"caption", MR_CL_CAPTION},
    {"tags", MR_CL_TAGS},
    {"ad", MR_CL_AD},
    {"read_also", MR_CL_READ_ALSO},
    {"comments", MR_CL_COMMENTS},
    {"related", MR_CL_RELATED},
    {"donate", MR_CL_DONATE},
    {"copyright", MR_CL_COPYRIGHT},
    {"form", MR_CL_FORM},
};

static const char *const reasons[MR_CL_COUNT] = {
    [MR_CL_NONE] = "kept",
    [MR_CL_LABEL] = "lone label",
    [MR_CL_NAV] = "navigation",
    [MR_CL_TIME] = "time or date",
    [MR_CL_SYMBOLS] = "symbols",
    [MR_CL_SHARE] = "share prompt",
    [MR_CL_SUBSCRIBE] = "subscribe prompt",
    [MR_CL_COOKIE] = "cookie notice",
    [MR_CL_CAPTION] = "photo caption",
    [MR_CL_TAGS] = "tags",
    [MR_CL_AD] = "advertisement",
    [MR_CL_READ_ALSO] = "related list",
    [MR_CL_COMMENTS] = "comment notice",
    [MR_CL_RELATED] = "related list",
    [MR_CL_DONATE] = "donation appeal",
    [MR_CL_COPYRIGHT] = "copyright",
    [MR_CL_FORM] = "form message",
    [MR_CL_TEMPLATE] = "site template",
};

const char *mr_clutter_reason(mr_clutter c) {
    return (unsigned)c < MR_CL_COUNT ? reasons[c] : "clutter";
}

bool mr_clutter_is_boundary(mr_clutter c) {
    return c == MR_CL_COMMENTS || c == MR_CL_RELATED || c == MR_CL_DONATE || c == MR_CL_COPYRIGHT ||
           c == MR_CL_FORM;
}

static size_t first_word_len(const char *k, size_t n) {
    size_t i = 0;
    while (i < n && k[i] != ' ') i++;
    return i;
}

static void add_phrase(const char *line, size_t len, void *ctx) {
    (void)ctx;
    const char *tab1 = memchr(line, '\t', len);
    if (!tab1) return;
    const char *tab2 = memchr(tab1 + 1, '\t', len - (size_t)(tab1 + 1 - line));
    if (!tab2) return;
    size_t clen = (size_t)(tab1 - line), mlen = (size_t)(tab2 - tab1 - 1);
    uint8_t cls = 0;
    for (size_t i = 0; i < sizeof class_names / sizeof class_names[0]; i++)
        if (strlen(class_names[i].name) == clen && !memcmp(class_names[i].name, line, clen))
            cls = class_names[i].cls;
    if (!cls) return;
    uint8_t kind;
    if (mlen == 4 && !memcmp(tab1 + 1, "line", 4))
        kind = KIND_LINE;
    else if (mlen == 5 && !memcmp(tab1 + 1, "start", 5))
        kind = KIND_START;
    else if (mlen == 3 && !memcmp(tab1 + 1, "any", 3))
        kind = KIND_ANY;
    else if (mlen == 6 && !memcmp(tab1 + 1, "credit", 6))
        kind = KIND_CREDIT;
    else
        return;
    size_t keylen;
    char *key = mr_text_key_heap(tab2 + 1, len - (size_t)(tab2 + 1 - line), &keylen);
    if (!keylen) {
        free(key);
        return;
    }
    if (kind == KIND_LINE) {
        bool added;
        mr_strmap_slot *s = mr_strmap_upsert(&tables.exact, key, keylen, &added);
        if (added) s->value = cls;
        free(key);
        return;
    }
    MR_GROW(tables.items, tables.cap, tables.n + 1);
    phrase *p = &tables.items[tables.n];
    *p = (phrase){key, keylen, cls, kind, 0};
    bool added;
    size_t fwl = first_word_len(key, keylen);
    unsigned bit = word_filter_index(key, fwl);
    word_filter[bit >> 3] |= (uint8_t)(1u << (bit & 7));
    mr_strmap_slot *s = mr_strmap_upsert(&tables.first_word, key, fwl, &added);
    p->next = added ? 0 : (uint32_t)s->value;
    s->value = ++tables.n;
}

static void add_function_word(const char *line, size_t len, void *ctx) {
    (void)ctx;
    size_t keylen;
    char *key = mr_text_key_heap(line, len, &keylen);
    bool added;
    if (keylen) mr_strmap_upsert(&tables.function_words, key, keylen, &added);
    free(key);
}

static void load_tables(void) {
    mr_strmap_init(&tables.exact);
    mr_strmap_init(&tables.first_word);
    mr_strmap_init(&tables.function_words);
    for (const mr_data_file *f = mr_data_files; f->name; f++) {
        size_t n = strlen(f->name);
        if (n > 12 && !strncmp(f->name, "clutter_", 8) && !strcmp(f->name + n - 4, ".tsv"))
            mr_data_lines(f->name, add_phrase, NULL);
    }
    mr_data_lines("clutter_function_words.txt", add_function_word, NULL);
}

static void ensure_tables(void) {
    pthread_once(&tables_once, load_tables);
}

unsigned mr_text_count_function_words(const char *key, size_t keylen, unsigned max_words) {
    ensure_tables();
    unsigned count = 0, seen = 0;
    size_t i = 0;
    while (i < keylen && seen < max_words) {
        size_t j = i;
        while (j < keylen && key[j] != ' ') j++;
        if (mr_strmap_find(&tables.function_words, key + i, j - i)) count++;
        seen++;
        i = j + 1;
    }
    return count;
}

/* Longest line (in words) a start or any phrase of the class may sit in:
 * notices are sentences, labels and list headers are not. */
static unsigned class_max_words(uint8_t cls) {
    switch (cls) {
    case MR_CL_COOKIE:
        return 60;
    case MR_CL_COPYRIGHT:
    case MR_CL_SUBSCRIBE:
    case MR_CL_CAPTION:
        return 30;
    case MR_CL_COMMENTS:
    case MR_CL_DONATE:
        return 20;
    default:
        return 12; /* form messages too: "تم إرسال" is also news prose */
    }
}

/* A one-word phrase ("donate", "photo", "ادعم") is too common a word to mark
 * a sentence as clutter, unless a colon follows it ("Photo: ..."). */
static bool sentence_like(const mr_tline *t) {
    return t->terminal && t->nwords >= 6;
}

static bool colon_after_first_word(const mr_tline *t) {
    for (uint32_t i = 0; i < t->len; i++) {
        if (t->text[i] == ':') return true;
        if (t->text[i] == ' ') return i + 1 < t->len && t->text[i + 1] == ':';
    }
    return false;
}

bool mr_clutter_may_open(const char *word, size_t len) {
    ensure_tables();
    size_t wl = first_word_len(word, len);
    if (!wl) return false;
    unsigned bit = word_filter_index(word, wl);
    if (!(word_filter[bit >> 3] & (1u << (bit & 7)))) return false;
    return mr_strmap_find(&tables.first_word, word, wl) != NULL;
}

/* The first start/any phrase whose key matches at key[pos..]. */
static const phrase *match_at(const mr_tline *t, size_t pos) {
    const char *key = t->key;
    size_t keylen = t->keylen;
    size_t wl = first_word_len(key + pos, keylen - pos);
    if (!wl) return NULL;
    unsigned bit = word_filter_index(key + pos, wl);
    if (!(word_filter[bit >> 3] & (1u << (bit & 7)))) return NULL;
    mr_strmap_slot *s = mr_strmap_find(&tables.first_word, key + pos, wl);
    if (!s) return NULL;
    for (uint32_t idx = (uint32_t)s->value; idx; idx = tables.items[idx - 1].next) {
        const phrase *p = &tables.items[idx - 1];
        if (p->kind == KIND_CREDIT) continue;
        if (p->kind == KIND_START && pos != 0) continue;
        if (t->nwords > class_max_words(p->cls)) continue;
        if (p->keylen > keylen - pos) continue;
        if (memcmp(key + pos, p->key, p->keylen) != 0) continue;
        if (pos + p->keylen < keylen && key[pos + p->keylen] != ' ') continue;
        if (p->keylen == wl && sentence_like(t) && !(pos == 0 && colon_after_first_word(t)))
            continue;
        return p;
    }
    return NULL;
}

/* A credit in brackets at the end of a short line: "... (Reuters)",
 * "(قسد فيس بوك)". */
static mr_clutter credit_class(const mr_tline *t) {
    const char *s = t->text;
    size_t n = t->len;
    if (!n || s[n - 1] != ')') return MR_CL_NONE;
    size_t open = n - 1;
    while (open > 0 && s[open] != '(') open--;
    if (s[open] != '(' || open == 0) return MR_CL_NONE;
    size_t klen;
    char *key = mr_text_key_heap(s + open + 1, n - open - 2, &klen);
    mr_clutter cls = MR_CL_NONE;
    for (size_t pos = 0; pos < klen && cls == MR_CL_NONE;) {
        size_t wl = first_word_len(key + pos, klen - pos);
        mr_strmap_slot *slot = mr_strmap_find(&tables.first_word, key + pos, wl);
        for (uint32_t idx = slot ? (uint32_t)slot->value : 0; idx && cls == MR_CL_NONE;
             idx = tables.items[idx - 1].next) {
            const phrase *p = &tables.items[idx - 1];
            if (p->kind != KIND_CREDIT || p->keylen > klen - pos) continue;
            if (memcmp(key + pos, p->key, p->keylen) != 0) continue;
            if (pos + p->keylen < klen && key[pos + p->keylen] != ' ') continue;
            cls = (mr_clutter)p->cls;
        }
        pos += wl + 1;
    }
    free(key);
    return cls;
}

static bool is_digit_byte(char c) {
    return c >= '0' && c <= '9';
}

/* "00:36", "10:30 PM", "9:05 ص", "منذ 3 ساعات", "2 hours ago". */
static bool is_bare_time(const mr_tline *t) {
    if (t->nwords > 4) return false;
    const char *k = t->key;
    size_t n = t->keylen;
    static const char since[] = "منذ ";
    if (n > sizeof since - 1 && !memcmp(k, since, sizeof since - 1)) return true;
    if (n > 4 && !memcmp(k + n - 4, " ago", 4)) return true;
    /* A clock: digits and ':' make up the line apart from a short suffix. */
    size_t digits = 0, colons = 0, other = 0;
    for (size_t i = 0; i < t->len; i++) {
        char c = t->text[i];
        if (is_digit_byte(c))
            digits++;
        else if (c == ':')
            colons++;
        else if (c != ' ')
            other++;
    }
    return colons >= 1 && digits >= 3 && other <= 6;
}

/* Menus and breadcrumbs: short items between separators. A run of two or
 * more spaces separates too: scrapers flatten a menu's links that way
 * ("Home  World  Business"), and prose never has them between every
 * few words. */
static bool is_menu(const mr_tline *t) {
    /* Most lines hold none of the separators: | > » · › • (the last four
     * start with byte C2 or E2). */
    static const unsigned char separators[] = {'|', '>', 0xC2, 0xE2};
    if (mr_text_find_bytes(t->text, t->len, separators, 4) == t->len &&
        !memmem(t->text, t->len, "  ", 2))
        return false;
    size_t seps = 0, items = 0, longest = 0, words = 0;
    const char *s = t->text;
    for (size_t i = 0; i <= t->len; i++) {
        bool sep = false;
        size_t k = 1;
        if (i == t->len) {
            sep = true;
        } else if (s[i] == '|' || s[i] == '>') {
            sep = true;
        } else if (s[i] == ' ' && i + 1 < t->len && s[i + 1] == ' ' && i > 0 && s[i - 1] != ' ') {
            sep = true; /* the first of two or more spaces */
            while (i + k < t->len && s[i + k] == ' ') k++;
        } else if ((unsigned char)s[i] == 0xC2 && i + 1 < t->len &&
                   ((unsigned char)s[i + 1] == 0xBB || (unsigned char)s[i + 1] == 0xB7)) {
            sep = true, k = 2; /* » · */
        } else if ((unsigned char)s[i] == 0xE2 && i + 2 < t->len &&
                   (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0xBA || (unsigned char)s[i + 2] == 0xA2)) {
            sep = true, k = 3; /* › • */
        } else if (s[i] == ' ' && (i == 0 || s[i - 1] != ' ')) {
            words++;
        }
        if (sep) {
            if (i < t->len) seps++;
            items++;
            if (words + 1 > longest) longest = words + 1;
            words = 0;
            i += k - 1;
        }
    }
    return seps >= 2 && items >= 3 && longest <= 4;
}

/* "ع ع ع", "A A A", "A+ A-": every word a single letter. */
static bool is_single_letters(const mr_tline *t) {
    if (t->nwords < 2) return false;
    const char *k = t->key;
    size_t i = 0;
    while (i < t->keylen) {
        size_t j = i;
        while (j < t->keylen && k[j] != ' ') j++;
        size_t chars = 0;
        for (size_t x = i; x < j; x++)
            if (((unsigned char)k[x] & 0xC0) != 0x80) chars++;
        if (chars != 1) return false;
        i = j + 1;
    }
    return true;
}

/* "©" (C2 A9) in the line. */
static bool has_copyright_sign(const mr_tline *t) {
    const char *p = t->text, *end = t->text + t->len;
    while ((p = memchr(p, 0xC2, (size_t)(end - p))) != NULL) {
        if (p + 1 < end && (unsigned char)p[1] == 0xA9) return true;
        p++;
    }
    return false;
}

mr_clutter mr_clutter_classify(const mr_tline *t) {
    ensure_tables();
    if (!t->nwords) return MR_CL_SYMBOLS;
    if (!t->key) {
        /* A long line: only a phrase that opens it (a cookie, rights or
         * subscription notice) can mark it; lines.c keyed its first words
         * when the first one may open a phrase. */
        if (!t->prefix) return MR_CL_NONE;
        mr_tline head = *t;
        head.key = t->prefix;
        head.keylen = t->prefix_len;
        const phrase *p = match_at(&head, 0);
        return p ? (mr_clutter)p->cls : MR_CL_NONE;
    }
    if (t->keylen <= 200) {
        mr_strmap_slot *s = mr_strmap_find(&tables.exact, t->key, t->keylen);
        if (s) return (mr_clutter)s->value;
    }
    if (t->nwords <= 60) {
        const phrase *p = match_at(t, 0);
        if (p) return (mr_clutter)p->cls;
        if (t->nwords <= 30) {
            for (size_t i = 0; i < t->keylen; i++) {
                if (t->key[i] != ' ') continue;
                p = match_at(t, i + 1);
                if (p) return (mr_clutter)p->cls;
            }
        }
    }
    if (t->nwords <= 20 && has_copyright_sign(t)) return MR_CL_COPYRIGHT;
    if (t->nwords <= 6 && is_bare_time(t)) return MR_CL_TIME;
    if (t->nwords <= 40 && is_menu(t)) return MR_CL_NAV;
    if (t->nwords <= 6 && is_single_letters(t)) return MR_CL_LABEL;
    if (t->nwords <= 20 && !t->terminal) return credit_class(t);
    return MR_CL_NONE;
}
