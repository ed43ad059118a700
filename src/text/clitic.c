/* Arabic proclitics: the conjunctions و ف, the prepositions ب ك ل and the
 * article ال, written joined to the word (والقوات، للتحالف، بالزور).
 *
 * The difficulty is that the same letters begin many words (وزير، فرنسا،
 * بيان، كتاب، لبنان، والي). Stripping follows two rules:
 *   - words listed in data/text_ar_noclitic.txt (nouns and names whose first
 *     letter is their own; also recognised with a suffix: وزيرها، وزارته)
 *     are never stripped;
 *   - otherwise stripping is greedy and the same at every step, whatever came
 *     before: an article needs two letters after it, a single letter three.
 * The second rule keeps the result consistent even where it is wrong: an
 * unlisted ولاية loses its و both bare and in الولاية, so both forms still
 * meet. What the rules cannot do is tell a listed word from a clitic + word
 * that happen to be spelled alike; the list is kept to words where the
 * listed reading is the usual one in news. */
#include "text/text.h"
#include "util/data.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static mr_fpset keep_set;
static pthread_once_t keep_once = PTHREAD_ONCE_INIT;

/* Match-fold of an Arabic light form, byte for byte the same length:
 * أ آ إ ٱ → ا, ى → ي, ة → ه. */
static void fold_light(const char *src, size_t n, char *dst) {
    const unsigned char *u = (const unsigned char *)src;
    unsigned char *d = (unsigned char *)dst;
    for (size_t i = 0; i < n; i++) {
        d[i] = u[i];
        if (i + 1 >= n) break;
        unsigned char a = u[i], b = u[i + 1];
        if ((a == 0xD8 && (b == 0xA2 || b == 0xA3 || b == 0xA5)) || (a == 0xD9 && b == 0xB1)) {
            d[i] = 0xD8, d[i + 1] = 0xA7, i++;
        } else if (a == 0xD9 && b == 0x89) {
            d[i] = 0xD9, d[i + 1] = 0x8A, i++;
        } else if (a == 0xD8 && b == 0xA9) {
            d[i] = 0xD9, d[i + 1] = 0x87, i++;
        }
    }
}

static void add_keep(const char *line, size_t len, void *ctx) {
    (void)ctx;
    char *f;
    size_t flen;
    mr_fold_text(line, len, NULL, false, &f, &flen, NULL);
    mr_fpset_add(&keep_set, f, flen, 1);
    free(f);
}

static void load_keep(void) {
    mr_fpset_init(&keep_set);
    mr_data_lines("text_ar_noclitic.txt", add_keep, NULL);
}

static size_t letters(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Affixes are a few bytes: compared inline rather than by a call to memcmp. */
static inline bool bytes_equal(const char *a, const char *b, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (a[i] != b[i]) return false;
    }
    return true;
}
static inline bool has_prefix(const char *s, size_t n, const char *p, size_t pn) {
    return n >= pn && bytes_equal(s, p, pn);
}
static inline bool has_suffix(const char *s, size_t n, const char *p, size_t pn) {
    return n >= pn && bytes_equal(s + n - pn, p, pn);
}

static bool listed(const char *s, size_t n) {
    return mr_fpset_get(&keep_set, s, n) != 0;
}

#define TEH_UTF8 "\xD8\xAA"
#define HEH_UTF8 "\xD9\x87"

/* base, or base with a final ت read as ة (وزارت of وزارته is وزارة), is listed. */
static bool listed_base(const char *s, size_t n) {
    if (letters(s, n) < 3) return false;
    if (listed(s, n)) return true;
    if (has_suffix(s, n, TEH_UTF8, 2) && n < 128) {
        char tmp[128];
        memcpy(tmp, s, n - 2);
        memcpy(tmp + n - 2, HEH_UTF8, 2);
        if (listed(tmp, n)) return true;
    }
    return false;
}

/* Suffixes, match-folded (ة is ه): pronouns first, then number and gender. */
typedef struct suffix {
    const char *s;
    size_t len;
} suffix;
#define SUF(x)                                                                                     \
    { x, sizeof(x) - 1 }
static const suffix pronoun_suffixes[] = {SUF("هما"), SUF("كما"), SUF("ها"), SUF("هم"), SUF("هن"),
                                          SUF("كم"),  SUF("نا"),  SUF("ه"),  SUF("ك"),  SUF("ي")};
static const suffix noun_suffixes[] = {SUF("ات"), SUF("ان"), SUF("ين"), SUF("ون"), SUF("يه"),
                                       SUF("وا"), SUF("ه"),  SUF("ي"),  SUF("ا")};

/* The folded form f[0..n) is a listed word, possibly with suffixes. */
static bool is_kept(const char *f, size_t n) {
    if (listed(f, n)) return true;
    for (size_t i = 0; i < sizeof pronoun_suffixes / sizeof *pronoun_suffixes; i++) {
        size_t sl = pronoun_suffixes[i].len;
        if (!has_suffix(f, n, pronoun_suffixes[i].s, sl)) continue;
        size_t bn = n - sl;
        if (listed_base(f, bn)) return true;
        if (has_suffix(f, bn, "ات", 4)) {
            if (listed_base(f, bn - 4)) return true;
            /* وزاراتها: the plural of a listed singular in ة. */
            if (bn - 4 < 126) {
                char tmp[128];
                memcpy(tmp, f, bn - 4);
                memcpy(tmp + bn - 4, HEH_UTF8, 2);
                if (listed_base(tmp, bn - 2)) return true;
            }
        }
    }
    /* كندي، كورية: the adjective of a listed country in ا or يا. */
    size_t base = has_suffix(f, n, "يه", 4) ? n - 4 : has_suffix(f, n, "ي", 2) ? n - 2 : 0;
    if (base >= 4 && base + 4 <= 128) {
        char tmp[132];
        memcpy(tmp, f, base);
        memcpy(tmp + base, "ا", 2);
        if (listed(tmp, base + 2)) return true;
        memcpy(tmp + base, "يا", 4);
        if (listed(tmp, base + 4)) return true;
    }
    for (size_t i = 0; i < sizeof noun_suffixes / sizeof *noun_suffixes; i++) {
        size_t sl = noun_suffixes[i].len;
        if (!has_suffix(f, n, noun_suffixes[i].s, sl)) continue;
        size_t bn = n - sl;
        if (listed_base(f, bn)) return true;
        if (sl == 4 && bn < 126) { /* ات of a singular in ة */
            char tmp[128];
            memcpy(tmp, f, bn);
            memcpy(tmp + bn, HEH_UTF8, 2);
            if (listed_base(tmp, bn + 2)) return true;
        }
    }
    return false;
}

/* Article combinations, longest first. */
static const suffix article_prefixes[] = {SUF("وبال"), SUF("وكال"), SUF("فبال"), SUF("فكال"),
                                          SUF("ولل"),  SUF("فلل"),  SUF("وال"),  SUF("فال"),
                                          SUF("بال"),  SUF("كال"),  SUF("لل"),   SUF("ال")};

static bool one_letter_clitic(const char *s, size_t n) {
    if (n < 2) return false;
    unsigned char a = (unsigned char)s[0], b = (unsigned char)s[1];
    if (a == 0xD9) return b == 0x88 || b == 0x81 || b == 0x83 || b == 0x84; /* و ف ك ل */
    return a == 0xD8 && b == 0xA8;                                          /* ب */
}

size_t mr_ar_strip_clitics(const char *w, size_t n) {
    pthread_once(&keep_once, load_keep);
    if (n > 256 || n < 2) return 0;
    /* Only ا (of ال) and the one-letter clitics can begin a prefix. */
    bool alef0 =
        (unsigned char)w[0] == 0xD8 &&
        ((unsigned char)w[1] == 0xA7 || (unsigned char)w[1] == 0xA3 || (unsigned char)w[1] == 0xA5);
    if (!alef0 && !one_letter_clitic(w, n)) return 0;
    char f[256];
    fold_light(w, n, f);
    size_t off = 0, total = letters(f, n);
    for (;;) {
        const char *p = f + off;
        size_t m = n - off;
        bool alef = (unsigned char)p[0] == 0xD8 && (unsigned char)p[1] == 0xA7;
        if (!alef && !one_letter_clitic(p, m)) return off;
        size_t nl = total - off / 2; /* every prefix letter is two bytes */
        if (nl <= 3) return off;
        size_t cut = 0;
        bool merged_lam = false;
        for (size_t i = 0; i < sizeof article_prefixes / sizeof *article_prefixes; i++) {
            size_t pl = article_prefixes[i].len;
            if (!has_prefix(p, m, article_prefixes[i].s, pl) || nl - pl / 2 < 2) continue;
            cut = pl;
            merged_lam = has_suffix(article_prefixes[i].s, pl, "لل", 4);
            break;
        }
        if (cut) {
            /* Words of their own rarely begin with an article: only the word itself is checked. */
            if (listed(p, m)) return off;
            /* لل + a word of its own in ل: للجنة is ل + اللجنة with one lam written. */
            if (merged_lam && is_kept(p + cut - 2, m - cut + 2)) cut -= 2;
            off += cut;
            continue;
        }
        if (alef || nl - 1 < 3 || is_kept(p, m)) return off;
        off += 2;
    }
}
