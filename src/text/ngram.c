/* Language of a Latin-script text. Two kinds of evidence, added up:
 *   - character n-grams ranked as in Cavnar & Trenkle's TextCat: the text's
 *     400 most frequent 1- to 5-grams against each language's ranked
 *     profile ("out of place" distance). The profiles are libexttextcat's
 *     (/usr/share/libexttextcat/<code>.lm, or $MARSAD_TEXTCAT_DIR), read at
 *     first use; the scoring is done here, which costs a few microseconds
 *     where textcat_Classify takes ~50 on a title;
 *   - the share of the text's words that are stopwords of the language
 *     (data/stopwords_*.txt), which is what sets apart languages whose
 *     n-grams are alike on a 10-word title (es/pt, en/fr).
 * Without the profiles (libexttextcat-data absent) the stopwords decide alone. */
#include "text/text.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NG_LANGS 20
#define NG_RANKS 400
#define NG_MAX_BYTES 24 /* five code points and two '_' */
#define NG_MISSING 0xFFFF
/* Bytes of the text whose words are profiled: a long title's worth, plenty
 * for a reliable guess (more costs time and changes nothing). */
#define NG_TEXT_BYTES 320
/* Weight of the stopword share against the n-gram distance (tuned on titles). */
#define STOPWORD_WEIGHT 75.0

static const char *const ng_codes[NG_LANGS] = {"en", "fr", "es", "pt", "de", "it", "nl",
                                               "sl", "ca", "ro", "pl", "tr", "id", "sv",
                                               "hr", "cs", "da", "no", "fi", "hu"};

typedef struct ngram {
    char gram[NG_MAX_BYTES];
    uint8_t len;
    uint16_t rank[NG_LANGS];
} ngram;

static struct {
    ngram *grams;
    size_t count, cap;
    int32_t *slots; /* index into grams, -1 empty */
    size_t nslots;
    int lang_index[NG_LANGS]; /* mr_langs index of each profile */
    bool has_stopwords[NG_LANGS];
    bool have_profile[NG_LANGS];
} model;
static pthread_once_t model_once = PTHREAD_ONCE_INIT;

/* FNV-1a, extended a byte at a time: the 1- to 5-grams at one position are
 * hashed incrementally. */
#define FNV_BASIS 2166136261u
static inline uint32_t fnv_more(uint32_t h, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}
static uint32_t hash_bytes(const char *s, size_t n) {
    return fnv_more(FNV_BASIS, s, n);
}

static int32_t model_find_h(const char *g, size_t n, uint32_t h) {
    if (!model.slots) return -1;
    size_t mask = model.nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        int32_t k = model.slots[i];
        if (k < 0) return -1;
        if (model.grams[k].len == n && memcmp(model.grams[k].gram, g, n) == 0) return k;
    }
}
static int32_t model_find(const char *g, size_t n) {
    return model_find_h(g, n, hash_bytes(g, n));
}

static void model_add(const char *g, size_t n, int lang, uint16_t rank) {
    int32_t k = model_find(g, n);
    if (k < 0) {
        if (model.count == model.cap) return; /* sized for every profile: cannot happen */
        k = (int32_t)model.count++;
        ngram *e = &model.grams[k];
        memcpy(e->gram, g, n);
        e->len = (uint8_t)n;
        for (int i = 0; i < NG_LANGS; i++) e->rank[i] = NG_MISSING;
        size_t mask = model.nslots - 1, i = hash_bytes(g, n) & mask;
        while (model.slots[i] >= 0) i = (i + 1) & mask;
        model.slots[i] = k;
    }
    if (model.grams[k].rank[lang] == NG_MISSING) model.grams[k].rank[lang] = rank;
}

static void load_profile(const char *dir, int lang) {
    char path[512];
    const char *file = strcmp(ng_codes[lang], "no") == 0 ? "nb" : ng_codes[lang];
    snprintf(path, sizeof path, "%s/%s.lm", dir, file);
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[256];
    uint16_t rank = 0;
    while (rank < NG_RANKS && fgets(line, sizeof line, f)) {
        /* "<n-gram>\t <count>": the n-gram never holds white space. */
        size_t n = strcspn(line, " \t\r\n");
        if (n == 0 || n >= NG_MAX_BYTES) continue;
        model_add(line, n, lang, rank++);
    }
    fclose(f);
    model.have_profile[lang] = rank > 0;
}

static void load_model(void) {
    const char *dir = getenv("MARSAD_TEXTCAT_DIR");
    if (!dir || !*dir) dir = "/usr/share/libexttextcat";
    model.cap = (size_t)NG_LANGS * NG_RANKS;
    model.grams = mr_malloc(model.cap * sizeof *model.grams);
    model.nslots = 16384;
    model.slots = mr_malloc(model.nslots * sizeof *model.slots);
    for (size_t i = 0; i < model.nslots; i++) model.slots[i] = -1;
    for (int l = 0; l < NG_LANGS; l++) {
        model.lang_index[l] = mr_lang_find(ng_codes[l]);
        model.has_stopwords[l] = mr_stopwords_known(model.lang_index[l]);
        load_profile(dir, l);
    }
}

/* The text's n-grams with their counts, in order of first appearance. */
typedef struct text_gram {
    uint32_t off; /* into the padded word buffer */
    uint8_t len;
    uint16_t count;
    int32_t model; /* index in model.grams or -1 */
} text_gram;

typedef struct profile {
    char *words; /* "_word_" pieces, back to back */
    size_t words_len;
    text_gram *grams;
    size_t count, cap;
    int32_t *slots;
    size_t nslots;
} profile;

static void profile_add(profile *p, uint32_t off, size_t len, uint32_t h) {
    const char *g = p->words + off;
    size_t mask = p->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        int32_t k = p->slots[i];
        if (k < 0) {
            if (p->count == p->cap) return;
            p->slots[i] = (int32_t)p->count;
            p->grams[p->count++] = (text_gram){off, (uint8_t)len, 1, model_find_h(g, len, h)};
            return;
        }
        text_gram *t = &p->grams[k];
        if (t->len == len && memcmp(p->words + t->off, g, len) == 0) {
            if (t->count < UINT16_MAX) t->count++;
            return;
        }
    }
}

/* Adds the 1- to 5-grams of the padded word at words[off..off+n). */
static void profile_word(profile *p, size_t off, size_t n) {
    const char *w = p->words + off;
    size_t starts[72]; /* a padded word is at most 66 bytes */
    size_t ncp = 0;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)w[i] & 0xC0) != 0x80) starts[ncp++] = i;
    }
    starts[ncp] = n;
    for (size_t a = 0; a < ncp; a++) {
        uint32_t h = FNV_BASIS;
        for (size_t k = 1; k <= 5 && a + k <= ncp; k++) {
            size_t len = starts[a + k] - starts[a];
            if (len >= NG_MAX_BYTES) break;
            h = fnv_more(h, w + starts[a + k - 1], starts[a + k] - starts[a + k - 1]);
            if (k == 1 && w[starts[a]] == '_') continue;
            profile_add(p, (uint32_t)(off + starts[a]), len, h);
        }
    }
}

/* The NG_RANKS most frequent grams, by descending count; ties keep their
 * first-seen order (a stable counting sort). */
static size_t rank_grams(const profile *p, uint32_t *order, uint32_t *hist, size_t hist_cap) {
    size_t maxc = 0;
    for (size_t i = 0; i < p->count; i++) {
        if (p->grams[i].count > maxc) maxc = p->grams[i].count;
    }
    if (maxc >= hist_cap) maxc = hist_cap - 1; /* counts above share the top bucket */
    memset(hist, 0, (maxc + 1) * sizeof *hist);
    for (size_t i = 0; i < p->count; i++) {
        size_t c = p->grams[i].count > maxc ? maxc : p->grams[i].count;
        hist[c]++;
    }
    /* hist[c] becomes the first rank of count c (higher counts first). */
    uint32_t at = 0;
    for (size_t c = maxc + 1; c-- > 0;) {
        uint32_t k = hist[c];
        hist[c] = at;
        at += k;
    }
    size_t ranked = p->count < NG_RANKS ? p->count : NG_RANKS;
    for (size_t i = 0; i < p->count; i++) {
        size_t c = p->grams[i].count > maxc ? maxc : p->grams[i].count;
        uint32_t r = hist[c]++;
        if (r < ranked) order[r] = (uint32_t)i;
    }
    return ranked;
}

int mr_latin_language(const char *text, size_t len) {
    mr_chars_init();
    pthread_once(&model_once, load_model);
    profile p = {0};
    size_t profiled = len < NG_TEXT_BYTES ? len : NG_TEXT_BYTES;
    p.cap = 5 * (profiled + 2 * 64) + 16; /* five grams per byte, padding included */
    p.nslots = 64;
    while (p.nslots < 2 * p.cap) p.nslots *= 2;
    /* One block: padded words, grams, slots. */
    size_t words_cap = NG_TEXT_BYTES * 3 + 64;
    char *block = mr_malloc(words_cap + p.cap * sizeof(text_gram) + p.nslots * sizeof(int32_t));
    p.words = block;
    p.grams = (text_gram *)(block + words_cap);
    p.slots = (int32_t *)(p.grams + p.cap);
    memset(p.slots, 0xFF, p.nslots * sizeof(int32_t));

    double stop_hits[NG_LANGS] = {0};
    size_t nwords = 0, letters = 0, i = 0;
    char lower[64 + MR_FOLD_MAX]; /* a word's folded form: longer words are no stopwords */
    while (i < len && p.words_len < NG_TEXT_BYTES) {
        size_t k;
        uint32_t cp = mr_text_decode(text, len, i, &k);
        mr_charinfo ci = mr_char_info(cp);
        if (ci.cls != MR_C_LETTER) {
            i += k;
            continue;
        }
        /* A word: letters (and marks) as written, padded with '_'. */
        size_t ws = i, we = i;
        while (we < len) {
            size_t k2;
            mr_charinfo c2 = mr_char_info(mr_text_decode(text, len, we, &k2));
            if (c2.cls != MR_C_LETTER && c2.cls != MR_C_MARK) break;
            we += k2;
            letters += c2.cls == MR_C_LETTER;
        }
        i = we;
        size_t wn = we - ws;
        if (wn > 64) { /* no language's words are longer; keep whole characters */
            wn = 64;
            while (wn > 0 && ((unsigned char)text[ws + wn] & 0xC0) == 0x80) wn--;
        }
        if (p.words_len + wn + 2 > words_cap) break;
        size_t off = p.words_len;
        p.words[p.words_len++] = '_';
        memcpy(p.words + p.words_len, text + ws, wn);
        p.words_len += wn;
        p.words[p.words_len++] = '_';
        profile_word(&p, off, wn + 2);
        /* Stopword evidence from the folded word. */
        size_t ln = 0, j = ws;
        int ncp = 0;
        while (j < we && ln + MR_FOLD_MAX <= sizeof lower) {
            size_t k3;
            uint32_t c3 = mr_text_decode(text, len, j, &k3);
            j += k3;
            char tmp[MR_FOLD_MAX];
            int w = mr_fold_cp(c3, tmp);
            if (w <= 0) continue;
            memcpy(lower + ln, tmp, (size_t)w);
            ln += (size_t)w;
            ncp++;
        }
        if (ncp > 1) nwords++;
        if (ncp > 1 && j >= we) {
            uint64_t fp = mr_fpset_hash(lower, ln);
            for (int l = 0; l < NG_LANGS; l++) {
                if (model.has_stopwords[l] && mr_stopword_fp(model.lang_index[l], fp) > 0)
                    stop_hits[l] += 1;
            }
        }
    }
    int best = MR_LANG_UND;
    if (letters >= 3) {
        uint32_t order[NG_RANKS], hist[1024];
        size_t nranked = rank_grams(&p, order, hist, sizeof hist / sizeof *hist);
        /* Out-of-place distances of all languages in one pass over the ranked grams. */
        long dist[NG_LANGS] = {0};
        for (size_t r = 0; r < nranked; r++) {
            int32_t m = p.grams[order[r]].model;
            if (m < 0) {
                for (int l = 0; l < NG_LANGS; l++) dist[l] += NG_RANKS;
                continue;
            }
            const uint16_t *ranks = model.grams[m].rank;
            for (int l = 0; l < NG_LANGS; l++)
                dist[l] += ranks[l] == NG_MISSING ? NG_RANKS : labs((long)ranks[l] - (long)r);
        }
        double best_score = 0;
        for (int l = 0; l < NG_LANGS; l++) {
            double score = 0;
            if (model.have_profile[l] && nranked) {
                score = (double)dist[l] / (double)nranked;
            } else if (!mr_stopwords_known(model.lang_index[l])) {
                continue; /* no evidence of any kind for this language */
            } else {
                score = NG_RANKS;
            }
            score -= STOPWORD_WEIGHT * stop_hits[l] / (double)(nwords ? nwords : 1);
            if (best == MR_LANG_UND || score < best_score) {
                best_score = score;
                best = model.lang_index[l];
            }
        }
    }
    free(block);
    return best;
}
