/* Stopword sets, one per language that has a data/stopwords_<code>.txt list,
 * built once on first use and read-only afterwards (so lookups are safe from
 * any thread). Arabic entries are keyed by their stop key, which keeps ى and
 * ة (على is a particle, علي a name) but folds the hamza alefs, which writers
 * often leave out; the other languages are keyed by their match form. */
#include "text/text.h"
#include "util/data.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { STOP_YES = 1, STOP_NEVER = 2 };

static mr_fpset *stop_sets; /* one per language of mr_langs (empty when it has no list) */
static size_t ar_longest;   /* bytes of the longest Arabic stop key */
static pthread_once_t stop_once = PTHREAD_ONCE_INIT;

size_t mr_ar_stop_key(const char *light, size_t len, char *dst) {
    const unsigned char *u = (const unsigned char *)light;
    unsigned char *d = (unsigned char *)dst;
    for (size_t i = 0; i < len; i++) {
        d[i] = u[i];
        /* أ آ إ (D8 A3/A2/A5) and ٱ (D9 B1) become ا (D8 A7). */
        if (i + 1 < len &&
            ((u[i] == 0xD8 && (u[i + 1] == 0xA2 || u[i + 1] == 0xA3 || u[i + 1] == 0xA5)) ||
             (u[i] == 0xD9 && u[i + 1] == 0xB1))) {
            d[i] = 0xD8;
            d[i + 1] = 0xA7;
            i++;
        }
    }
    return len;
}

typedef struct load_ctx {
    mr_fpset *set;
    int lang;
} load_ctx;

static void add_line(const char *line, size_t len, void *vctx) {
    load_ctx *ctx = vctx;
    int value = STOP_YES;
    if (line[0] == '!') {
        value = STOP_NEVER;
        line++;
        len--;
    }
    if (len == 0) return;
    char *key;
    size_t klen;
    if (ctx->lang == MR_LANG_AR) {
        /* Entries are written without harakat; the key only folds the alefs. */
        key = mr_malloc(len + 1);
        klen = mr_ar_stop_key(line, len, key);
    } else {
        mr_fold_text(line, len, NULL, false, &key, &klen, NULL);
    }
    /* "!word" wins over a plain entry of the same word, whatever the order. */
    if (mr_fpset_get(ctx->set, key, klen) != STOP_NEVER)
        mr_fpset_add(ctx->set, key, klen, (uint8_t)value);
    if (ctx->lang == MR_LANG_AR && value == STOP_YES && klen > ar_longest) ar_longest = klen;
    free(key);
}

static void load_all(void) {
    stop_sets = mr_calloc((size_t)mr_lang_count, sizeof(mr_fpset));
    for (int i = 0; i < mr_lang_count; i++) {
        mr_fpset_init(&stop_sets[i]);
        if (!mr_langs[i].stopwords) continue;
        load_ctx ctx = {&stop_sets[i], i};
        mr_data_lines(mr_langs[i].stopwords, add_line, &ctx);
    }
}

int mr_stopword(int lang, const char *key, size_t len) {
    if (lang <= 0 || lang >= mr_lang_count || !mr_langs[lang].stopwords) return 0;
    pthread_once(&stop_once, load_all);
    int v = mr_fpset_get(&stop_sets[lang], key, len);
    return v == 0 ? 0 : v == STOP_NEVER ? -1 : 1;
}

int mr_stopword_fp(int lang, uint64_t fp) {
    if (lang <= 0 || lang >= mr_lang_count || !mr_langs[lang].stopwords) return 0;
    pthread_once(&stop_once, load_all);
    int v = mr_fpset_get_fp(&stop_sets[lang], fp);
    return v == 0 ? 0 : v == STOP_NEVER ? -1 : 1;
}

bool mr_stopwords_known(int lang) {
    return lang > 0 && lang < mr_lang_count && mr_langs[lang].stopwords != NULL;
}

/* Letters of an Arabic light form (UTF-8 lead bytes). */
static size_t count_letters(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* The two-byte Arabic letters that are whole proclitics. */
static bool starts_with_letter(const char *s, size_t n, unsigned char b0, unsigned char b1) {
    return n >= 2 && (unsigned char)s[0] == b0 && (unsigned char)s[1] == b1;
}
#define AR_WAW 0xD9, 0x88
#define AR_FEH 0xD9, 0x81
#define AR_BEH 0xD8, 0xA8
#define AR_KAF 0xD9, 0x83
#define AR_LAM 0xD9, 0x84

static bool is_conj(const char *s, size_t n) {
    return starts_with_letter(s, n, AR_WAW) || starts_with_letter(s, n, AR_FEH);
}
static bool is_prep(const char *s, size_t n) {
    return starts_with_letter(s, n, AR_BEH) || starts_with_letter(s, n, AR_KAF) ||
           starts_with_letter(s, n, AR_LAM);
}

bool mr_ar_is_stopword(const char *light, size_t len) {
    pthread_once(&stop_once, load_all);
    /* Longer than any stopword with two proclitic letters in front: content. */
    if (ar_longest && len > ar_longest + 4) return false;
    char stack[128];
    char *key = len <= sizeof stack ? stack : mr_malloc(len);
    mr_ar_stop_key(light, len, key);
    bool stop = false;
    int v = mr_stopword(MR_LANG_AR, key, len);
    if (v != 0) {
        stop = v > 0;
    } else if (count_letters(key, len) <= 1) {
        stop = true;
    } else {
        /* و ف ب ك ل (and و/ف + ب ك ل) before a stopword of two letters or more. */
        const char *r = key;
        size_t rn = len;
        if (is_conj(r, rn)) {
            r += 2;
            rn -= 2;
            if (count_letters(r, rn) >= 2 && mr_stopword(MR_LANG_AR, r, rn) > 0) stop = true;
        }
        if (!stop && is_prep(r, rn) && count_letters(r + 2, rn - 2) >= 2 &&
            mr_stopword(MR_LANG_AR, r + 2, rn - 2) > 0)
            stop = true;
    }
    if (key != stack) free(key);
    return stop;
}
