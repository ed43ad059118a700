/* The layers of one word, computed from scratch (normalize.c calls this for
 * words its tables do not hold): match form, stopword test, and the index
 * term.
 *
 * Arabic: the light form (harakat, tatweel and invisible marks removed,
 * letters as written, so ة ى and the hamza alefs are still there) decides
 * stopwords and clitics; the Snowball stemmer then gets the word without its
 * proclitics, still spelled with ة (it strips ة and other suffixes itself),
 * and its stem is folded like the match layer so terms compare the same way.
 * (Handed over with the article, see snowball_input, Snowball strips no
 * other prefix: clitics are decided in clitic.c alone, and the first letter
 * of وزير, فرنسا, بيان stays.)
 *
 * Other scripts: the match form is looked up in the language's stopwords and
 * stemmed by the language's Snowball algorithm when there is one. */
#include "text/text.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/strmap.h"
#include "util/utf8.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

/* Words longer than this are not stemmed (no real word is; it bounds the cost). */
#define MAX_STEM_BYTES 256

/* Arabic stems by Snowball input (arabic_term). Bounded: emptied when it
 * holds this many. */
#define STEM_MEMO_WORDS 100000

struct mr_stemmers {
    struct sb_stemmer **sb; /* per language of mr_langs; created on first use */
    bool *tried;
    mr_buf match, light, term;
    mr_strmap stem_memo; /* Snowball input → term (value: char * into stem_terms) */
    mr_arena stem_terms;
};

mr_stemmers *mr_stemmers_new(void) {
    mr_stemmers *st = mr_calloc(1, sizeof *st);
    st->sb = mr_calloc((size_t)mr_lang_count, sizeof *st->sb);
    st->tried = mr_calloc((size_t)mr_lang_count, sizeof *st->tried);
    mr_strmap_init(&st->stem_memo);
    mr_arena_init(&st->stem_terms, 256 * 1024);
    return st;
}

void mr_stemmers_free(mr_stemmers *st) {
    if (!st) return;
    for (int i = 0; i < mr_lang_count; i++) {
        if (st->sb[i]) sb_stemmer_delete(st->sb[i]);
    }
    free(st->sb);
    free(st->tried);
    mr_buf_free(&st->match);
    mr_buf_free(&st->light);
    mr_buf_free(&st->term);
    mr_strmap_free(&st->stem_memo);
    mr_arena_free(&st->stem_terms);
    free(st);
}

static struct sb_stemmer *stemmer_for(mr_stemmers *st, int lang) {
    if (lang <= 0 || lang >= mr_lang_count || !mr_langs[lang].snowball) return NULL;
    if (!st->tried[lang]) {
        st->tried[lang] = true;
        st->sb[lang] = sb_stemmer_new(mr_langs[lang].snowball, "UTF_8");
    }
    return st->sb[lang];
}

/* Appends the match-layer fold of s[0..n) to b (white space made single spaces). */
static void fold_into(mr_buf *b, const char *s, size_t n) {
    mr_buf_reserve(b, n * 3 + MR_FOLD_MAX + 1); /* one byte never folds to more than 3 */
    char *o = b->data + b->len;
    size_t i = 0;
    bool space = false;
    while (i < n) {
        size_t k;
        uint32_t cp = mr_text_decode(s, n, i, &k);
        i += k;
        char tmp[MR_FOLD_MAX];
        int w = mr_fold_cp(cp, tmp);
        if (w == MR_FOLD_SPACE) {
            space = o > b->data + b->len;
            continue;
        }
        if (w <= 0) continue;
        size_t used = (size_t)(o - b->data);
        if (used + (size_t)w + 2 > b->cap) { /* only compatibility forms grow this much */
            b->len = used;
            mr_buf_reserve(b, (size_t)w + 2 + (n - i) * 3 + MR_FOLD_MAX);
            o = b->data + b->len;
        }
        if (space) *o++ = ' ';
        space = false;
        memcpy(o, tmp, (size_t)w);
        o += w;
    }
    b->len = (size_t)(o - b->data);
    b->data[b->len] = 0;
}

/* The light form of an Arabic word: marks and invisibles dropped, Persian
 * and presentation-form letters mapped to the Arabic ones, the rest as written. */
static void arabic_light(mr_buf *b, const char *s, size_t n) {
    mr_buf_reserve(b, n * 3 + MR_FOLD_MAX + 1);
    char *o = b->data + b->len;
    size_t i = 0;
    const unsigned char *u = (const unsigned char *)s;
    while (i < n) {
        /* The letters of the alphabet proper (ء..ي, not tatweel) stay as they are. */
        if (i + 1 < n && ((u[i] == 0xD8 && u[i + 1] >= 0xA1) ||
                          (u[i] == 0xD9 && u[i + 1] <= 0x8A && u[i + 1] != 0x80))) {
            o[0] = (char)u[i];
            o[1] = (char)u[i + 1];
            o += 2;
            i += 2;
            continue;
        }
        size_t k;
        uint32_t cp = mr_text_decode(s, n, i, &k);
        i += k;
        mr_charinfo ci = mr_char_info(cp);
        if (ci.cls == MR_C_MARK || ci.cls == MR_C_IGNORE || ci.cls == MR_C_SPACE) continue;
        switch (cp) {
        case 0x0671:
            cp = 0x0627;
            break; /* ٱ → ا */
        case 0x06A9:
            cp = 0x0643;
            break; /* ک → ك */
        case 0x06CC:
            cp = i >= n ? 0x0649 : 0x064A;
            break; /* ی: final ى, else ي */
        case 0x06C0:
        case 0x06C1:
        case 0x06BE:
        case 0x06D5:
            cp = 0x0647;
            break; /* → ه */
        case 0x06C3:
            cp = 0x0629;
            break; /* ۃ → ة */
        default:
            break;
        }
        size_t used = (size_t)(o - b->data);
        if (used + MR_FOLD_MAX + 2 > b->cap) {
            b->len = used;
            mr_buf_reserve(b, MR_FOLD_MAX + 2 + (n - i) * 3);
            o = b->data + b->len;
        }
        if (cp >= 0xFB50) {
            int w = mr_fold_cp(cp, o); /* presentation forms: their plain letters */
            if (w > 0) o += w;
        } else {
            o += mr_utf8_put(cp, o);
        }
    }
    b->len = (size_t)(o - b->data);
    b->data[b->len] = 0;
}

static bool ends_with(const char *s, size_t n, const char *suffix, size_t sl) {
    return n >= sl && memcmp(s + n - sl, suffix, sl) == 0;
}

/* What Snowball gets for a clitic-free Arabic word. Snowball's Arabic
 * stemmer treats a word it cannot see is a noun as a verb too, and strips it
 * as one (قوات → قوا, مدني → مدن but مدنيين → مدني, حكومات → حكوما), so forms
 * of one noun part ways. News words are mostly nouns: the word is handed over
 * with the article, which makes Snowball take the noun path, after the
 * suffixes it then leaves alone are taken off here: the possessive pronouns
 * (قواتها، حكومته → حكومة), the verb ending وا (قتلوا) and a final alef
 * (accusative قتيلا، مدنيا; names فرنسا، أمريكا). A final يا is read as ية, so
 * a country and its adjective meet (سوريا سورية السوري، بريطانيا البريطانية). */
static size_t snowball_input(const char *rem, size_t rn, char *out) {
    static const struct {
        const char *s;
        size_t len;
    } pronouns[] = {{"هما", 6}, {"كما", 6}, {"هم", 4}, {"هن", 4},
                    {"ها", 4},  {"كم", 4},  {"نا", 4}, {"ه", 2}};
    size_t letters = 0;
    for (size_t i = 0; i < rn; i++) letters += ((unsigned char)rem[i] & 0xC0) != 0x80;
    memcpy(out, "ال", 4);
    memcpy(out + 4, rem, rn);
    size_t n = 4 + rn;
    bool cut = false;
    for (size_t i = 0; i < sizeof pronouns / sizeof *pronouns; i++) {
        if (ends_with(out + 4, n - 4, pronouns[i].s, pronouns[i].len) &&
            letters - pronouns[i].len / 2 >= 3) {
            n -= pronouns[i].len;
            letters -= pronouns[i].len / 2;
            cut = true;
            /* حكومتها: the ة of the noun is written ت before a suffix; not the ت of ات. */
            if (ends_with(out, n, "ت", 2) && !ends_with(out, n, "ات", 4))
                memcpy(out + n - 2, "ة", 2);
            break;
        }
    }
    if (!cut && ends_with(out + 4, n - 4, "وا", 4) && letters - 2 >= 3) {
        n -= 4;
        letters -= 2;
    }
    if (ends_with(out + 4, n - 4, "يا", 4) && letters >= 4) {
        memcpy(out + n - 2, "ة", 2);
    } else if (ends_with(out + 4, n - 4, "ا", 2) && letters >= 4) {
        n -= 2; /* the alef of the accusative (قتيلا، مدنيا) or of a name (فرنسا، أمريكا) */
    }
    return n;
}

/* The Arabic term of a clitic-free word: Snowball's stem of snowball_input,
 * folded. Snowball costs some 5,000 instructions a word, so stems are
 * remembered by their input, which many surface forms share (القوات، قواتها،
 * لقواته all give القوات). */
static void arabic_term(mr_stemmers *st, const char *rem, size_t rn) {
    struct sb_stemmer *sb = stemmer_for(st, MR_LANG_AR);
    if (!sb || rn > MAX_STEM_BYTES) {
        fold_into(&st->term, rem, rn);
        return;
    }
    char in[MAX_STEM_BYTES + 8];
    size_t n = snowball_input(rem, rn, in);
    mr_strmap_slot *hit = mr_strmap_find(&st->stem_memo, in, n);
    if (hit) {
        const char *t = (const char *)(uintptr_t)hit->value;
        mr_buf_append(&st->term, t, strlen(t));
        return;
    }
    const char *stem = in + 4; /* without the article we put there */
    size_t sn = n - 4;
    const sb_symbol *r = sb_stemmer_stem(sb, (const sb_symbol *)in, (int)n);
    if (r && sb_stemmer_length(sb) > 0) {
        stem = (const char *)r;
        sn = (size_t)sb_stemmer_length(sb);
        /* Snowball keeps the article on short words: it was ours. */
        if (sn > 4 && memcmp(stem, "ال", 4) == 0) {
            stem += 4;
            sn -= 4;
        }
    }
    size_t before = st->term.len;
    fold_into(&st->term, stem, sn);
    if (st->stem_memo.count >= STEM_MEMO_WORDS) {
        mr_strmap_free(&st->stem_memo);
        mr_strmap_init(&st->stem_memo);
        mr_arena_free(&st->stem_terms);
        mr_arena_init(&st->stem_terms, 256 * 1024);
    }
    mr_strmap_slot *slot = mr_strmap_upsert(&st->stem_memo, in, n, NULL);
    slot->value = (uint64_t)(uintptr_t)mr_arena_strndup(&st->stem_terms, st->term.data + before,
                                                        st->term.len - before);
}

void mr_word_compute(mr_stemmers *st, int lang, int script, const char *word, size_t len,
                     const char *match, size_t mlen, mr_word_layers *out) {
    mr_chars_init();
    mr_buf_clear(&st->match);
    mr_buf_clear(&st->light);
    mr_buf_clear(&st->term);
    if (match) {
        mr_buf_append(&st->match, match, mlen);
    } else {
        fold_into(&st->match, word, len);
    }
    out->match = st->match.data;
    out->match_len = st->match.len;
    out->flags = 0;
    out->term = NULL;
    out->term_len = 0;

    if (script == MR_S_ARABIC && lang == MR_LANG_AR) {
        arabic_light(&st->light, word, len);
        if (st->light.len == 0 || mr_ar_is_stopword(st->light.data, st->light.len)) {
            out->flags = MARSAD_TOK_STOPWORD;
            return;
        }
        size_t off = mr_ar_strip_clitics(st->light.data, st->light.len);
        arabic_term(st, st->light.data + off, st->light.len - off);
    } else {
        bool cased = script == MR_S_LATIN || script == MR_S_CYRILLIC || script == MR_S_GREEK ||
                     script == MR_S_ARABIC;
        /* One letter is never a word worth indexing (the s of Assad's, the l of l'armée). */
        if (cased && mr_utf8_count(st->match.data, st->match.len) <= 1) {
            out->flags = MARSAD_TOK_STOPWORD;
            return;
        }
        if (mr_stopword(lang, st->match.data, st->match.len) > 0) {
            out->flags = MARSAD_TOK_STOPWORD;
            return;
        }
        struct sb_stemmer *sb = script == mr_langs[lang].script ? stemmer_for(st, lang) : NULL;
        const sb_symbol *r = NULL;
        if (sb && st->match.len <= MAX_STEM_BYTES)
            r = sb_stemmer_stem(sb, (const sb_symbol *)st->match.data, (int)st->match.len);
        if (r && sb_stemmer_length(sb) > 0) {
            mr_buf_append(&st->term, r, (size_t)sb_stemmer_length(sb));
        } else {
            mr_buf_append(&st->term, st->match.data, st->match.len);
        }
    }
    out->term = st->term.data;
    out->term_len = st->term.len;
}
