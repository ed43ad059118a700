/* Internals of the normalize stage (src/text/), shared between its files:
 * character classes and the per-code-point fold (chars.c), the one pass that
 * folds a text and finds its tokens (scan.c), the language table (lang.c),
 * stopword sets (stopwords.c), Arabic clitics (clitic.c), numbers
 * (number.c), the term computation (stem.c), the stem cache (cache.c) and
 * language id (detect.c, ngram.c). The public side is the "Normalize"
 * section of marsad.h. */
#ifndef MARSAD_TEXT_TEXT_H
#define MARSAD_TEXT_TEXT_H

#include "marsad.h"
#include "util/arena.h"
#include "util/utf8.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- characters (chars.c) ---------------------------------------------- */

/* What a code point is to the tokenizer. */
enum {
    MR_C_OTHER = 0, /* punctuation, symbols, invalid bytes: ends a token */
    MR_C_SPACE,     /* white space, line breaks */
    MR_C_IGNORE,    /* invisible: tatweel, zero-width and bidi controls, soft hyphen */
    MR_C_MARK,      /* combining mark (harakat, accents): belongs to the letter before */
    MR_C_LETTER,
    MR_C_DIGIT, /* a decimal digit whose value mr_digit_value knows */
};

/* Writing systems the tokenizer and language id tell apart. */
enum {
    MR_S_NONE = 0,
    MR_S_ARABIC,
    MR_S_LATIN,
    MR_S_CYRILLIC,
    MR_S_GREEK,
    MR_S_HAN, /* CJK ideographs: one token per character */
    MR_S_KANA,
    MR_S_HANGUL,
    MR_S_HEBREW,
    MR_S_DEVANAGARI,
    MR_S_THAI,
    MR_S_ARMENIAN,
    MR_S_GEORGIAN,
    MR_S_OTHER,
    MR_S_COUNT
};

typedef struct mr_charinfo {
    uint8_t cls;    /* MR_C_* */
    uint8_t script; /* MR_S_* for letters, else MR_S_NONE */
} mr_charinfo;

/* Longest UTF-8 output of folding one code point. */
#define MR_FOLD_MAX 96
enum { MR_FOLD_DROP = -1, MR_FOLD_SPACE = -2, MR_FOLD_SLOW = -3 };

/* Everything about the code points below U+0800 (ASCII, Latin, Greek,
 * Cyrillic, Hebrew, Arabic), precomputed: the hot loops read one 8-byte entry
 * per character. Filled by mr_chars_init, which every entry point of the
 * stage calls first. */
typedef struct mr_cpinfo {
    uint8_t cls, script;
    int8_t fold_len; /* bytes in fold, or MR_FOLD_DROP / _SPACE / _SLOW */
    uint8_t upper;
    char fold[4];
} mr_cpinfo;
extern mr_cpinfo mr_cp_table[0x800];
/* For the Arabic block U+0600..U+06FF: what the scanner's fast loop does with
 * the character inside a word (MR_AR_* below). */
enum { MR_AR_SLOW = 0, MR_AR_SAME, MR_AR_MAPPED, MR_AR_MARK, MR_AR_IGNORE };
extern uint8_t mr_ar_fast[256];
/* Indexed by two bytes read as a little-endian uint16: MR_AR_SAME when they
 * are an Arabic letter that folds to itself (the bulk of Arabic text),
 * MR_AR_MAPPED when a letter that folds to another two-byte letter, else 0. */
extern uint8_t mr_ar_letter16[65536];
void mr_chars_init(void);

mr_charinfo mr_char_info_slow(uint32_t cp);
int mr_fold_cp_slow(uint32_t cp, char *out);

static inline mr_charinfo mr_char_info(uint32_t cp) {
    if (cp < 0x800) return (mr_charinfo){mr_cp_table[cp].cls, mr_cp_table[cp].script};
    return mr_char_info_slow(cp);
}

bool mr_char_is_upper(uint32_t cp);
/* Value of a decimal digit (ASCII, Arabic-Indic, Persian, Devanagari, fullwidth), else -1. */
int mr_digit_value(uint32_t cp);
/* True for characters that end a sentence (. ! ? ؟ ۔ … 。 and the like). */
bool mr_char_ends_sentence(uint32_t cp);

/* The match-layer form of one code point (see marsad_fold): writes at most
 * MR_FOLD_MAX bytes to out and returns how many, or MR_FOLD_DROP (removed)
 * or MR_FOLD_SPACE (white space). MR_UTF8_INVALID folds to U+FFFD. */
static inline int mr_fold_cp(uint32_t cp, char *out) {
    if (cp < 0x800) {
        const mr_cpinfo *e = &mr_cp_table[cp];
        if (e->fold_len > 0) {
            memcpy(out, e->fold, 4);
            return e->fold_len;
        }
        if (e->fold_len != MR_FOLD_SLOW) return e->fold_len;
    }
    return mr_fold_cp_slow(cp, out);
}
/* Writes the UTF-8 encoding of cp to out (4 bytes room); returns its length. */
int mr_utf8_put(uint32_t cp, char *out);

/* Decodes the code point at s[i] (i < n) with fast paths for ASCII and the
 * two-byte range; stores its length in *len. Invalid bytes: MR_UTF8_INVALID, length 1. */
static inline uint32_t mr_text_decode(const char *s, size_t n, size_t i, size_t *len) {
    const unsigned char *u = (const unsigned char *)s + i;
    if (u[0] < 0x80) {
        *len = 1;
        return u[0];
    }
    if (u[0] >= 0xC2 && u[0] <= 0xDF && i + 1 < n && (u[1] & 0xC0) == 0x80) {
        *len = 2;
        return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
    }
    uint32_t cp;
    *len = mr_utf8_decode(u, n - i, &cp);
    return cp;
}

/* ---- whole-text fold (scan.c) ------------------------------------------- */

/* Folds s[0..n) into the match layer. The result lives in arena (or on the
 * heap when arena is NULL: the caller frees *out and *map). map, when
 * wanted, gets len + 1 entries: the display offset of each output byte and,
 * last, the display offset just past the last folded character. */
void mr_fold_text(const char *s, size_t n, mr_arena *arena, bool want_map, char **out,
                  size_t *out_len, uint32_t **map);

/* ---- languages (lang.c) -------------------------------------------------- */

typedef struct mr_lang_info {
    const char *code;      /* ISO 639-1 */
    const char *snowball;  /* libstemmer algorithm, or NULL */
    const char *stopwords; /* data/ file, or NULL */
    uint8_t script;        /* MR_S_* of the language's usual script */
} mr_lang_info;

/* Indexes of the first entries of mr_langs[] (lang.c keeps this order). */
enum {
    MR_LANG_UND = 0,
    MR_LANG_AR,
    MR_LANG_EN,
    MR_LANG_FR,
    MR_LANG_ES,
    MR_LANG_PT,
    MR_LANG_DE,
    MR_LANG_IT,
    MR_LANG_NL,
    MR_LANG_SL,
    MR_LANG_RU,
};
extern const mr_lang_info mr_langs[];
extern const int mr_lang_count;
/* Index of a language code ("ar", "en", "eng", "pt-BR", case-insensitive), or MR_LANG_UND. */
int mr_lang_find(const char *code);
/* The language tokens of script S are treated in, in a text of language lang. */
int mr_lang_for_script(int lang, int script);
/* True when the language writes '.' for thousands and ',' for decimals. */
bool mr_lang_decimal_comma(int lang);

/* ---- word sets (fpset.c) ------------------------------------------------- */

/* A set of words held as 64-bit fingerprints, each with a small value. */
typedef struct mr_fpset {
    uint64_t *fps; /* 0: empty slot */
    uint8_t *values;
    size_t cap, count;
} mr_fpset;
void mr_fpset_init(mr_fpset *s);
void mr_fpset_free(mr_fpset *s);
uint64_t mr_fpset_hash(const char *key, size_t len);
/* value must not be 0; adding a word again replaces its value. */
void mr_fpset_add(mr_fpset *s, const char *key, size_t len, uint8_t value);
/* The word's value, or 0 when it is not in the set. */
int mr_fpset_get(const mr_fpset *s, const char *key, size_t len);
/* The same by fingerprint (mr_fpset_hash of the word): one hash for many sets. */
int mr_fpset_get_fp(const mr_fpset *s, uint64_t fp);

/* ---- stopwords (stopwords.c) --------------------------------------------- */

/* 1: key is a stopword of lang; -1: listed as never a stopword; 0: not listed.
 * key is the stop key: for Arabic, mr_ar_stop_key form; otherwise the match form. */
int mr_stopword(int lang, const char *key, size_t len);
/* The same by fingerprint (mr_fpset_hash of the key). */
int mr_stopword_fp(int lang, uint64_t fp);
bool mr_stopwords_known(int lang);
/* Stop key of an Arabic light form: أ إ آ folded to ا, the rest kept. dst
 * needs len bytes; returns the key length. */
size_t mr_ar_stop_key(const char *light, size_t len, char *dst);
/* Whether an Arabic light form is a stopword, also as و ف ب ك ل + stopword. */
bool mr_ar_is_stopword(const char *light, size_t len);

/* ---- Arabic clitics (clitic.c) ------------------------------------------ */

/* Byte offset in the light form w[0..n) where the word proper begins once the
 * proclitics (و ف ب ك ل ال and their combinations) are stripped; 0 when
 * nothing is stripped. */
size_t mr_ar_strip_clitics(const char *w, size_t n);

/* ---- numbers (number.c) -------------------------------------------------- */

/* Length in bytes of the number that starts at s[0] (a digit): digits with
 * thousands groups and one decimal part, by the conventions of the language
 * (decimal_comma: "1.500,5"). *decimal_at gets the byte offset of the
 * decimal mark, or SIZE_MAX. */
size_t mr_number_scan(const char *s, size_t n, bool decimal_comma, size_t *decimal_at);
/* The value form of a scanned number s[0..n): ASCII digits, no thousands
 * marks, '.' for the decimal mark, no leading zeros nor trailing fraction
 * zeros. out needs n + 2 bytes; returns the length written (NUL added). */
size_t mr_number_value(const char *s, size_t n, size_t decimal_at, char *out);

/* ---- one pass: match layer and tokens (scan.c) --------------------------- */

typedef struct mr_rawtok {
    uint32_t start, len;   /* span in the display text */
    uint32_t mstart, mlen; /* a word's span in the match layer (mstart UINT32_MAX: unknown) */
    uint32_t decimal_at;   /* a number's decimal mark, from start; UINT32_MAX when none */
    uint16_t flags;        /* MARSAD_TOK_ARABIC/LATIN/NUMBER/CAPITAL/SENTENCE_START */
    uint8_t script;        /* MR_S_* of a word */
} mr_rawtok;

enum { MR_SCAN_MAP = 1, MR_SCAN_TOKENS = 2 };
typedef struct mr_scan_result {
    char *match; /* NUL-terminated */
    size_t match_len;
    uint32_t *map;     /* MR_SCAN_MAP: match_len + 1 display offsets */
    mr_rawtok *tokens; /* MR_SCAN_TOKENS */
    size_t ntokens;
} mr_scan_result;

/* Folds s[0..n) into the match layer and, as asked by `what`, maps it to
 * display offsets and finds the tokens. decimal_comma: numbers are written
 * "1.500,5". Everything is allocated from arena (on the heap when arena is
 * NULL: the caller frees match, map and tokens). */
void mr_scan_text(const char *s, size_t n, bool decimal_comma, mr_arena *arena, unsigned what,
                  mr_scan_result *res);

/* ---- terms (stem.c) ------------------------------------------------------ */

typedef struct mr_stemmers mr_stemmers;
mr_stemmers *mr_stemmers_new(void);
void mr_stemmers_free(mr_stemmers *st);

/* The layers of one word: match (folded), term (NULL when a stopword) and
 * extra flags (MARSAD_TOK_STOPWORD). The strings point into st's scratch
 * space, valid until the next call. */
typedef struct mr_word_layers {
    const char *match;
    size_t match_len;
    const char *term;
    size_t term_len;
    uint16_t flags;
} mr_word_layers;
/* match/mlen: the word's match form when the caller has it (the scan made
 * it), else NULL to fold the word here. */
void mr_word_compute(mr_stemmers *st, int lang, int script, const char *word, size_t len,
                     const char *match, size_t mlen, mr_word_layers *out);

/* ---- stem cache (cache.c) ------------------------------------------------ */

/* Word as written (and language) → its layers, so that each distinct word is
 * folded, tested and stemmed once. Bounded: two generations of at most
 * max_entries words each; when the newer fills up the older is dropped, and a
 * word found in the older is copied into the newer. Pointers handed out stay
 * valid until the generation holding them is dropped: at least until
 * max_entries further distinct words have been added. */
typedef struct mr_term_cache mr_term_cache;
typedef struct mr_cached_word {
    const char *match; /* NUL-terminated */
    const char *term;  /* NUL-terminated; NULL for a stopword */
    uint32_t match_len, term_len;
    uint16_t flags; /* MARSAD_TOK_STOPWORD */
} mr_cached_word;

/* Keys longer than this are not cached. */
#define MR_CACHE_MAX_KEY 255
mr_term_cache *mr_term_cache_new(size_t max_entries);
void mr_term_cache_free(mr_term_cache *c);
uint64_t mr_term_cache_hash(int lang, const char *key, size_t len);
bool mr_term_cache_get(mr_term_cache *c, int lang, const char *key, size_t len, uint64_t hash,
                       mr_cached_word *out);
/* Stores w under key; false (nothing stored, out untouched) for oversized words. */
bool mr_term_cache_put(mr_term_cache *c, int lang, const char *key, size_t len, uint64_t hash,
                       const mr_word_layers *w, mr_cached_word *out);
/* Starts loading what a lookup of hash will touch, so that lookups a few
 * tokens later find it in cache: stage 0 the table slot, stage 1 (once the
 * slot is there) the entry it points to. */
void mr_term_cache_prefetch(const mr_term_cache *c, uint64_t hash, int stage);
/* Entries held now, and generations dropped so far (for tests and stats). */
size_t mr_term_cache_count(const mr_term_cache *c);
size_t mr_term_cache_rotations(const mr_term_cache *c);

/* ---- normalizer (normalize.c) -------------------------------------------- */

/* How the normalizer's caches fare (for the benchmark and tests). */
typedef struct mr_normalizer_stats {
    uint64_t table_hits; /* words found in the word table */
    uint64_t lookups;    /* long words looked up in the stem cache */
    uint64_t cache_hits; /* ... and found there */
    uint64_t computed;   /* words folded, tested and stemmed from scratch */
    size_t cache_words, cache_rotations;
} mr_normalizer_stats;
void mr_normalizer_get_stats(const marsad_normalizer *nz, mr_normalizer_stats *out);

/* marsad_normalize without the match-to-display map (out->match_to_display
 * is NULL): for callers that only need the layers and the tokens, which
 * carry their own display offsets. Spares the scan a 4-byte store per match
 * byte and the arena that much memory. Everything else is identical. */
void mr_normalize_unmapped(marsad_normalizer *nz, const char *display, size_t len, const char *lang,
                           mr_arena *arena, marsad_text *out);

/* ---- language id (detect.c, ngram.c) ------------------------------------- */

/* Best Latin-script language of text (its letters), as a table index, or
 * MR_LANG_UND when it has too few letters. */
int mr_latin_language(const char *text, size_t len);

#endif
