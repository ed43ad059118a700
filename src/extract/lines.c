/* Plain-text extraction: splitting a report into lines, rejoining
 * hard-wrapped paragraphs, measuring each line and computing match keys. */
#include "extract/hints.h"
#include "extract/textx.h"
#include "util/mem.h"
#include "util/utf8.h"

#include <pthread.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* Character classes for keys and word counts. */
enum { CC_SEP = 0, CC_LATIN, CC_ARABIC, CC_DIGIT, CC_OTHER_LETTER, CC_IGNORE };

static int char_class(uint32_t cp) {
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return CC_LATIN;
        if (cp >= '0' && cp <= '9') return CC_DIGIT;
        return CC_SEP;
    }
    if (cp < 0xC0) return cp == 0xAD ? CC_IGNORE : CC_SEP;
    if (cp < 0x250) return (cp == 0xD7 || cp == 0xF7) ? CC_SEP : CC_LATIN;
    if (cp < 0x300) return CC_LATIN;
    if (cp < 0x370) return CC_IGNORE; /* combining diacritics */
    if (cp >= 0x600 && cp <= 0x6FF) {
        if (cp == 0x640 || mr_is_arabic_mark(cp) || cp == 0x61C) return CC_IGNORE;
        if ((cp >= 0x660 && cp <= 0x669) || (cp >= 0x6F0 && cp <= 0x6F9)) return CC_DIGIT;
        if (mr_is_arabic_letter(cp)) return CC_ARABIC;
        return CC_SEP;
    }
    if (mr_is_arabic_letter(cp)) return CC_ARABIC;
    if (mr_is_arabic_mark(cp)) return CC_IGNORE;
    if ((cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF)
        return CC_IGNORE;
    if (cp >= 0x1E00 && cp <= 0x1EFF) return CC_LATIN;
    if (cp >= 0xFB50 && cp <= 0xFDFF) return CC_ARABIC;
    if (cp >= 0xFE70 && cp <= 0xFEFC) return CC_ARABIC;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFE10 && cp <= 0xFE6F) || (cp >= 0xFF00 && cp <= 0xFF20) ||
        (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xFFF0)
        return CC_SEP;
    return CC_OTHER_LETTER;
}

/* White space for trimming and blank-line detection: ASCII space, NBSP,
 * the Unicode spaces and the invisible bidi and zero-width marks that
 * scrapers leave on otherwise empty lines. */
static size_t space_len(const char *s, size_t n) {
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\v' || c == '\f') return 1;
    if (c < 0x80) return 0;
    uint32_t cp;
    size_t k = mr_utf8_decode((const unsigned char *)s, n, &cp);
    if (cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200F) || cp == 0x2028 ||
        cp == 0x2029 || (cp >= 0x202A && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x2069) ||
        cp == 0x3000 || cp == 0xFEFF || cp == 0x061C)
        return k;
    return 0;
}

static size_t space_len_back(const char *s, size_t n) {
    /* Step back to the start of the last code point (at most 4 bytes). */
    size_t k = 1;
    while (k < n && k < 4 && ((unsigned char)s[n - k] & 0xC0) == 0x80) k++;
    size_t got = space_len(s + n - k, k);
    return got == k ? k : 0;
}

static void trim(const char **s, size_t *n) {
    size_t k;
    while (*n && (k = space_len(*s, *n)) > 0) *s += k, *n -= k;
    while (*n && (k = space_len_back(*s, *n)) > 0) *n -= k;
}

/* The match-layer fold of one code point, learnt from marsad_fold: with a
 * letter on each side, a dropped character leaves "aa", white space "a a",
 * anything else "a<fold>a". Returns the fold's length in out (up to cap), 0
 * for dropped, -1 for space. */
static int fold_one(uint32_t cp, char *out, size_t cap) {
    char in[8] = "a";
    size_t n = 1;
    if (cp < 0x80)
        in[n++] = (char)cp;
    else if (cp < 0x800)
        in[n++] = (char)(0xC0 | (cp >> 6)), in[n++] = (char)(0x80 | (cp & 0x3F));
    else if (cp < 0x10000)
        in[n++] = (char)(0xE0 | (cp >> 12)), in[n++] = (char)(0x80 | ((cp >> 6) & 0x3F)),
        in[n++] = (char)(0x80 | (cp & 0x3F));
    else
        in[n++] = (char)(0xF0 | (cp >> 18)), in[n++] = (char)(0x80 | ((cp >> 12) & 0x3F)),
        in[n++] = (char)(0x80 | ((cp >> 6) & 0x3F)), in[n++] = (char)(0x80 | (cp & 0x3F));
    in[n++] = 'a';
    size_t len;
    char *f = marsad_fold(in, n, &len);
    int r;
    if (len == 3 && f[1] == ' ')
        r = -1;
    else if (len < 2 || (size_t)(len - 2) > cap)
        r = 0;
    else {
        r = (int)(len - 2);
        memcpy(out, f + 1, (size_t)r);
    }
    free(f);
    return r;
}

/* Key classes and folds of the code points news text is made of: below
 * U+0800 (ASCII, Latin, Greek, Cyrillic, Hebrew, Arabic) and the general
 * punctuation block (quotes, dashes, invisible marks). Built once. */
#define FAST_LOW 0x800
#define PUNCT_FIRST 0x2000
#define PUNCT_LAST 0x206F
typedef struct fast_cp {
    uint8_t cls;
    uint8_t len; /* bytes in fold */
    char fold[6];
} fast_cp;
static fast_cp fast_low[FAST_LOW], fast_punct[PUNCT_LAST - PUNCT_FIRST + 1];
/* key_into's inner loop, one load per Arabic letter: indexed by two input
 * bytes as read into a uint16_t, the two bytes of their fold when they are a
 * letter of the Arabic block (lead byte D8..DB) whose fold is one two-byte
 * letter, else 0. Derived from fast_low, so it says exactly what the tests
 * it replaces said. */
static uint16_t arabic_fold16[65536];
static pthread_once_t class_once = PTHREAD_ONCE_INIT;

/* Class and fold of cp through marsad_fold (the slow path). */
static fast_cp learn(uint32_t cp) {
    fast_cp e = {CC_SEP, 0, {0}};
    char out[96];
    int r = fold_one(cp, out, sizeof out);
    if (r == 0) {
        e.cls = CC_IGNORE;
    } else if (r > 0 && r <= (int)sizeof e.fold) {
        uint32_t fc;
        mr_utf8_decode((const unsigned char *)out, (size_t)r, &fc);
        /* A fold of several characters (a ligature) is classed by its first. */
        e.cls = (uint8_t)(fc == MR_UTF8_INVALID ? CC_SEP : char_class(fc));
        memcpy(e.fold, out, (size_t)r);
        e.len = (uint8_t)r;
    }
    return e;
}

static void fill_class_tables(void) {
    for (uint32_t c = 0; c < FAST_LOW; c++) fast_low[c] = learn(c);
    for (uint32_t c = PUNCT_FIRST; c <= PUNCT_LAST; c++) fast_punct[c - PUNCT_FIRST] = learn(c);
    for (unsigned b0 = 0xD8; b0 <= 0xDB; b0++) {
        for (unsigned b1 = 0x80; b1 <= 0xBF; b1++) {
            const fast_cp *a = &fast_low[(b0 & 0x1Fu) << 6 | (b1 & 0x3Fu)];
            if (a->cls != CC_ARABIC || a->len != 2) continue;
            unsigned char in[2] = {(unsigned char)b0, (unsigned char)b1};
            uint16_t key, fold;
            memcpy(&key, in, 2);
            memcpy(&fold, a->fold, 2);
            arabic_fold16[key] = fold; /* never 0: a fold's lead byte is not NUL */
        }
    }
}

/* What key_into learns on the way: words, and which kinds of characters. */
typedef struct key_stats {
    unsigned words;
    bool letter; /* a letter, not only digits */
    bool latin;
} key_stats;

/* Appends one folded code point of class cls to the key at *o; false when
 * it would pass end. */
static inline bool key_put(char **o, char *dst, char *end, int *prev, key_stats *st, int cls,
                           const char *bytes, size_t n) {
    if (cls == CC_IGNORE) return true;
    if (cls == CC_SEP) {
        *prev = CC_SEP;
        return true;
    }
    if ((size_t)(end - *o) < n + 1) return false;
    if (*prev != cls) { /* a new word of the key: after a separator or a change of script */
        if (*o > dst) *(*o)++ = ' ';
        st->words++;
        st->letter |= cls != CC_DIGIT;
        st->latin |= cls == CC_LATIN;
    }
    *prev = cls;
    char *w = *o;
    w[0] = bytes[0];
    for (size_t k = 1; k < n; k++) w[k] = bytes[k];
    *o = w + n;
    return true;
}

/* Room for the key of n bytes: a space may be added at each script change
 * and a few folds grow a character (at most to 6 bytes: longer folds are
 * dropped). When KEY_ROOM is short, key_into fails and the caller retries
 * with KEY_ROOM_MAX. */
#define KEY_ROOM(n) (2 * (n) + 8)
#define KEY_ROOM_MAX(n) (4 * (n) + 8)

/* Writes the key of s[0..n) into dst[0..cap) and returns its length, or
 * SIZE_MAX when it does not fit. The fold is the match layer's (marsad_fold),
 * one code point at a time, from tables for the common code points. *st
 * gets the number of words of the key (runs of one script). */
static size_t key_into(const char *s, size_t n, char *dst, size_t cap, key_stats *st) {
    pthread_once(&class_once, fill_class_tables);
    const unsigned char *u = (const unsigned char *)s;
    char *o = dst, *end = dst + cap - 1;
    int prev = CC_SEP;
    *st = (key_stats){0, false, false};
    size_t i = 0;
    while (i < n) {
        unsigned char b = u[i];
        const fast_cp *e;
        fast_cp slow;
        if (b < 0x80) {
            e = &fast_low[b];
            i++;
        } else if (b >= 0xC2 && b <= 0xDF && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
            e = &fast_low[(unsigned)(b & 0x1F) << 6 | (u[i + 1] & 0x3F)];
            i += 2;
        } else {
            uint32_t cp;
            i += mr_utf8_decode(u + i, n - i, &cp);
            if (cp == MR_UTF8_INVALID) {
                prev = CC_SEP;
                continue;
            }
            if (cp >= PUNCT_FIRST && cp <= PUNCT_LAST) {
                e = &fast_punct[cp - PUNCT_FIRST];
            } else {
                slow = learn(cp);
                e = &slow;
            }
        }
        if (!key_put(&o, dst, end, &prev, st, e->cls, e->fold, e->len)) return SIZE_MAX;
        if (prev == CC_ARABIC) {
            /* The rest of an Arabic word, and the words after it that one
             * space separates: letters whose fold is one two-byte letter
             * (nearly all) go straight in, the key's bookkeeping done here.
             * Output never outgrows input here, so one bound keeps both
             * within their ends. */
            size_t room = (size_t)(end - o) - 1, limit = n - i < room ? n : i + room;
            while (i + 1 < limit) {
                uint16_t pair, fold;
                memcpy(&pair, u + i, 2);
                if ((fold = arabic_fold16[pair]) != 0) {
                    memcpy(o, &fold, 2);
                    o += 2;
                    i += 2;
                    continue;
                }
                if (u[i] != ' ' || i + 2 >= limit) break;
                /* A space, then an Arabic letter: a new word of the key, as
                 * key_put starts one. */
                memcpy(&pair, u + i + 1, 2);
                if ((fold = arabic_fold16[pair]) == 0) break;
                o[0] = ' ';
                memcpy(o + 1, &fold, 2);
                o += 3;
                i += 3;
                st->words++;
            }
        }
    }
    *o = 0;
    return (size_t)(o - dst);
}

static char *key_alloc(mr_arena *arena, const char *s, size_t n, size_t *keylen, key_stats *st) {
    char *key = arena ? mr_arena_alloc(arena, KEY_ROOM(n)) : mr_malloc(KEY_ROOM(n));
    *keylen = key_into(s, n, key, KEY_ROOM(n), st);
    if (*keylen == SIZE_MAX) {
        if (!arena) free(key);
        key = arena ? mr_arena_alloc(arena, KEY_ROOM_MAX(n)) : mr_malloc(KEY_ROOM_MAX(n));
        *keylen = key_into(s, n, key, KEY_ROOM_MAX(n), st);
    }
    return key;
}

char *mr_text_key_heap(const char *s, size_t n, size_t *keylen) {
    key_stats st;
    return key_alloc(NULL, s, n, keylen, &st);
}

const char *mr_text_key(mr_arena *arena, const char *s, size_t n, uint32_t *keylen) {
    key_stats st;
    size_t len;
    const char *key = key_alloc(arena, s, n, &len, &st);
    *keylen = (uint32_t)len;
    return key;
}

size_t mr_text_find_bytes(const char *s, size_t n, const unsigned char *set, int nset) {
    size_t i = 0;
#ifdef __SSE2__
    /* Four comparisons whatever nset (the set padded with its first byte):
     * the loop unrolls. */
    __m128i w0 = _mm_set1_epi8((char)set[0]);
    __m128i w1 = _mm_set1_epi8((char)set[nset > 1 ? 1 : 0]);
    __m128i w2 = _mm_set1_epi8((char)set[nset > 2 ? 2 : 0]);
    __m128i w3 = _mm_set1_epi8((char)set[nset > 3 ? 3 : 0]);
    if (nset <= 4) {
        for (; i + 16 <= n; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));
            __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, w0), _mm_cmpeq_epi8(v, w1)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, w2), _mm_cmpeq_epi8(v, w3)));
            int mask = _mm_movemask_epi8(hit);
            if (mask) return i + (size_t)__builtin_ctz((unsigned)mask);
        }
    }
#endif
    for (; i < n; i++)
        for (int k = 0; k < nset; k++)
            if ((unsigned char)s[i] == set[k]) return i;
    return n;
}

uint64_t mr_text_hash(const char *key, size_t keylen) {
    return XXH3_64bits(key, keylen);
}

/* Word hashes of a key, at most max. */
static size_t word_hashes(const char *k, size_t n, uint32_t *out, size_t max) {
    size_t count = 0, i = 0;
    while (i < n && count < max) {
        size_t j = i;
        while (j < n && k[j] != ' ') j++;
        if (j > i) out[count++] = (uint32_t)XXH3_64bits(k + i, j - i);
        i = j + 1;
    }
    return count;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

double mr_text_similarity(const char *a, size_t alen, const char *b, size_t blen) {
    uint32_t wa[128], wb[128];
    size_t na = word_hashes(a, alen, wa, 128), nb = word_hashes(b, blen, wb, 128);
    if (!na || !nb) return 0;
    qsort(wa, na, sizeof *wa, cmp_u32);
    qsort(wb, nb, sizeof *wb, cmp_u32);
    size_t common = 0;
    for (size_t i = 0, j = 0; i < na && j < nb;) {
        if (wa[i] == wb[j])
            common++, i++, j++;
        else if (wa[i] < wb[j])
            i++;
        else
            j++;
    }
    return 2.0 * (double)common / (double)(na + nb);
}

/* True when the line ends a sentence, looking past closing quotes and
 * brackets. */
static bool ends_sentence(const char *s, size_t n) {
    while (n) {
        size_t k = 1;
        while (k < n && k < 4 && ((unsigned char)s[n - k] & 0xC0) == 0x80) k++;
        uint32_t cp;
        mr_utf8_decode((const unsigned char *)s + n - k, k, &cp);
        switch (cp) {
        case '"':
        case '\'':
        case ')':
        case ']':
        case '}':
        case ' ':
        case 0xBB:
        case 0xAB:
        case 0x2019:
        case 0x201D:
        case 0x201C:
        case 0x2018:
        case 0x203A:
        case 0x2039:
            n -= k;
            continue;
        case '.':
        case '!':
        case '?':
        case 0x061F:
        case 0x2026:
        case 0x06D4:
        case 0x3002:
            return true;
        default:
            return false;
        }
    }
    return false;
}

/* A physical or joined line before measuring. */
typedef struct raw_line {
    const char *s;
    size_t n;
    uint32_t lineno;
    uint32_t nchars;
    bool blank_before, blank_after;
    bool joined; /* s points into the arena, not the record */
} raw_line;

/* Hard-wrapped text (every line of a paragraph cut near one width) is
 * recognised when most long lines sit just under the widest one; such lines
 * are then joined with the line after them. */
static size_t join_wrapped(mr_arena *arena, raw_line *lines, size_t n) {
    uint32_t width = 0;
    size_t nlong = 0;
    for (size_t i = 0; i < n; i++) {
        if (lines[i].nchars >= 40) nlong++;
        if (lines[i].nchars > width) width = lines[i].nchars;
    }
    if (nlong < 4 || width > 110) return n;
    size_t near_full = 0, continued = 0;
    for (size_t i = 0; i < n; i++) {
        if (lines[i].nchars >= 40 && lines[i].nchars * 4 >= width * 3) {
            near_full++;
            if (i + 1 < n && !lines[i].blank_after && !ends_sentence(lines[i].s, lines[i].n))
                continued++;
        }
    }
    if (near_full * 10 < nlong * 6 || continued * 4 < near_full) return n;

    size_t out = 0;
    for (size_t i = 0; i < n;) {
        raw_line cur = lines[i++];
        if (cur.nchars * 3 >= width * 2 && i < n && !cur.blank_after) {
            /* Join while the current physical line is (nearly) full. */
            size_t total = cur.n;
            size_t j = i;
            uint32_t last = cur.nchars;
            bool tail_blank = cur.blank_after;
            while (j < n && last * 3 >= width * 2 && !tail_blank) {
                total += 1 + lines[j].n;
                last = lines[j].nchars;
                tail_blank = lines[j].blank_after;
                j++;
            }
            char *buf = mr_arena_alloc(arena, total + 1), *o = buf;
            memcpy(o, cur.s, cur.n);
            o += cur.n;
            uint32_t chars = cur.nchars;
            for (size_t k = i; k < j; k++) {
                *o++ = ' ';
                memcpy(o, lines[k].s, lines[k].n);
                o += lines[k].n;
                chars += 1 + lines[k].nchars;
            }
            *o = 0;
            cur.s = buf;
            cur.n = (size_t)(o - buf);
            cur.nchars = chars;
            cur.joined = true;
            cur.blank_after = tail_blank;
            i = j;
        }
        lines[out++] = cur;
    }
    return out;
}

/* Long paragraphs only need their word count, their end and a hash for
 * spotting a paragraph printed twice: keying them would cost most of the
 * extraction time for nothing. Their hash skips white space and ASCII
 * punctuation, so spacing and straight quotes do not matter. */
/* Lines of more words than this read as prose whatever else they hold:
 * they get no full key, only a hash (see measure_light), and a key of their
 * first LIGHT_PREFIX_WORDS words for the clutter phrases that open long
 * notices. Keying every paragraph would cost most of the extraction. */
#define LIGHT_MIN_WORDS 25
#define LIGHT_PREFIX_WORDS 16

/* Byte tables for the light hash: which bytes it keeps (letters, digits
 * and every byte of a multi-byte character, bit 0), which are Latin letters
 * (bit 1), and the lower-case form. */
static uint8_t light_flags[256], light_lower[256];
static pthread_once_t light_once = PTHREAD_ONCE_INIT;

static void fill_light_tables(void) {
    for (int c = 0; c < 256; c++) {
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        light_flags[c] = (uint8_t)((alpha || (c >= '0' && c <= '9') || c >= 0x80) | (alpha << 1));
        light_lower[c] = (uint8_t)(c >= 'A' && c <= 'Z' ? c + 0x20 : c);
    }
}

/* Words in s[0..n), counting at most `limit`; *end gets where it stopped. */
static unsigned count_words_upto(const char *s, size_t n, unsigned limit, size_t *end) {
    unsigned words = 0;
    size_t i = 0;
    while (i < n && words <= limit) {
        while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
        if (i == n) break;
        words++;
        const char *sp = memchr(s + i, ' ', n - i);
        i = sp ? (size_t)(sp - s) : n;
    }
    *end = i;
    return words;
}

static bool measure_light(mr_textdoc *d, mr_tline *t) {
    size_t end;
    unsigned words = count_words_upto(t->text, t->len, LIGHT_MIN_WORDS, &end);
    if (words <= LIGHT_MIN_WORDS) return false;
    /* Past the threshold the count only needs to say "long": estimate the
     * rest from the bytes per word so far. */
    if (end < t->len) words += (unsigned)((uint64_t)(t->len - end) * words / end);
    /* The prefix key only when the first word may open a clutter phrase. */
    key_stats st = {0, false, false};
    t->prefix = NULL;
    t->prefix_len = 0;
    size_t first_end = 0;
    while (first_end < t->len && first_end < 64 && t->text[first_end] != ' ') first_end++;
    char first[2 * 64 + 8];
    size_t first_len = key_into(t->text, first_end, first, sizeof first, &st);
    if (first_len != SIZE_MAX && first_len && mr_clutter_may_open(first, first_len)) {
        size_t prefix_end, prefix_len;
        count_words_upto(t->text, t->len, LIGHT_PREFIX_WORDS - 1, &prefix_end);
        t->prefix = key_alloc(d->arena, t->text, prefix_end, &prefix_len, &st);
        t->prefix_len = (uint32_t)prefix_len;
    }
    t->key = NULL;
    t->keylen = 0;
    /* The raw hash; light_rehash replaces it when another long line of the
     * report is about as long (a candidate repeat). */
    t->hash = mr_text_hash(t->text, t->len);
    t->nwords = words > 65535 ? 65535 : (uint16_t)words;
    t->has_letter = true;
    /* Latin-script paragraphs show it from their first words. */
    t->has_latin = false;
    for (size_t i = 0; i < end && i < 64; i++) {
        if ((unsigned)(((unsigned char)t->text[i] | 0x20) - 'a') < 26u) {
            t->has_latin = true;
            break;
        }
    }
    t->terminal = ends_sentence(t->text, t->len);
    return true;
}

/* The hash of a long line over its letters and digits only. */
static void light_rehash(mr_textdoc *d, mr_tline *t) {
    pthread_once(&light_once, fill_light_tables);
    const unsigned char *s = (const unsigned char *)t->text;
    char *buf = mr_arena_alloc(d->arena, t->len);
    size_t n = 0;
    for (uint32_t k = 0; k < t->len; k++) {
        unsigned char c = s[k];
        buf[n] = (char)light_lower[c];
        n += light_flags[c] & 1;
    }
    t->hash = mr_text_hash(buf, n);
}

/* Whether two lines open with the same eight letter bytes, punctuation
 * and spacing aside: a cheap test before hashing them whole. */
static bool same_letters_at_start(const mr_tline *a, const mr_tline *b) {
    char pa[8], pb[8];
    size_t na = 0, nb = 0;
    for (uint32_t i = 0; i < a->len && na < 8; i++)
        if (light_flags[(unsigned char)a->text[i]] & 1)
            pa[na++] = (char)light_lower[(unsigned char)a->text[i]];
    for (uint32_t i = 0; i < b->len && nb < 8; i++)
        if (light_flags[(unsigned char)b->text[i]] & 1)
            pb[nb++] = (char)light_lower[(unsigned char)b->text[i]];
    return na == nb && !memcmp(pa, pb, na);
}

/* Long lines of nearly the same length (within 2%) may be one paragraph
 * printed twice with other spacing or quotes: only those get the
 * letters-only hash. */
static void rehash_look_alikes(mr_textdoc *d) {
    pthread_once(&light_once, fill_light_tables);
    bool *done = NULL;
    for (size_t i = 0; i < d->nlines; i++) {
        mr_tline *a = &d->lines[i];
        if (a->key) continue;
        /* A repeat sits near its first print: look 64 lines ahead. */
        for (size_t j = i + 1; j < d->nlines && j <= i + 64; j++) {
            mr_tline *b = &d->lines[j];
            if (b->key) continue;
            uint32_t lo = a->len < b->len ? a->len : b->len, hi = a->len ^ b->len ^ lo;
            if (hi - lo > 8 && (hi - lo) * 50 > hi) continue;
            if (!same_letters_at_start(a, b)) continue;
            if (!done) done = mr_arena_calloc(d->arena, d->nlines, sizeof *done);
            if (!done[i]) light_rehash(d, a), done[i] = true;
            if (!done[j]) light_rehash(d, b), done[j] = true;
        }
    }
}

static void measure(mr_textdoc *d, mr_tline *t) {
    if (measure_light(d, t)) return;
    key_stats st;
    size_t keylen;
    t->key = key_alloc(d->arena, t->text, t->len, &keylen, &st);
    t->keylen = (uint32_t)keylen;
    t->hash = mr_text_hash(t->key, t->keylen);
    t->nwords = st.words > 65535 ? 65535 : (uint16_t)st.words;
    t->has_letter = st.letter;
    t->has_latin = st.latin;
    t->terminal = ends_sentence(t->text, t->len);
    if (t->nwords && t->nwords < 12)
        t->nfunc = (uint16_t)mr_text_count_function_words(t->key, t->keylen, 12);
}

void mr_text_split(mr_textdoc *d, const char *data, size_t len) {
    /* Count line ends for the array size. */
    size_t cap = 1;
    for (const char *p = data, *end = data + len; (p = memchr(p, '\n', (size_t)(end - p))); p++)
        cap++;
    bool has_cr = memchr(data, '\r', len) != NULL;
    if (has_cr)
        for (size_t i = 0; i < len; i++) cap += data[i] == '\r';
    raw_line *raw = mr_arena_alloc(d->arena, cap * sizeof *raw);
    size_t n = 0, longest = 0;
    bool blank_pending = true; /* the start of the text counts as a blank line */
    uint32_t lineno = 0;
    size_t i = 0;
    while (i <= len) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t j = nl ? (size_t)(nl - data) : len;
        if (has_cr) {
            const char *cr = memchr(data + i, '\r', j - i);
            if (cr) j = (size_t)(cr - data);
        }
        lineno++;
        const char *s = data + i;
        size_t m = j - i;
        trim(&s, &m);
        if (m == 0) {
            blank_pending = true;
            if (n) raw[n - 1].blank_after = true;
        } else {
            raw[n] = (raw_line){s, m, lineno, (uint32_t)m, blank_pending, false, false};
            if (m > longest) longest = m;
            n++;
            blank_pending = false;
        }
        if (j >= len) break;
        i = j + (data[j] == '\r' && j + 1 < len && data[j + 1] == '\n' ? 2 : 1);
    }
    if (n) raw[n - 1].blank_after = true;
    /* Hard wrapping is at 110 characters at most: a longer line (4 bytes a
     * character at most) rules it out without counting characters. */
    if (longest <= 4 * 110) {
        for (size_t k = 0; k < n; k++) {
            uint32_t chars = 0;
            for (size_t b = 0; b < raw[k].n; b++)
                chars += ((unsigned char)raw[k].s[b] & 0xC0) != 0x80;
            raw[k].nchars = chars;
        }
        n = join_wrapped(d->arena, raw, n);
    }

    d->lines = mr_arena_calloc(d->arena, n ? n : 1, sizeof *d->lines);
    d->nlines = n;
    size_t separated = 0;
    for (size_t k = 0; k < n; k++) {
        mr_tline *t = &d->lines[k];
        t->text = raw[k].joined ? raw[k].s : mr_arena_strndup(d->arena, raw[k].s, raw[k].n);
        t->len = (uint32_t)raw[k].n;
        t->lineno = raw[k].lineno;
        t->blank_before = raw[k].blank_before;
        t->blank_after = raw[k].blank_after;
        if (k + 1 < n && t->blank_after) separated++;
        measure(d, t);
    }
    rehash_look_alikes(d);
    /* Most scrapers keep paragraphs apart with blank lines; when they do,
     * lines packed together without one are lists (menus, link lists). */
    d->blank_separated = n > 2 && separated * 10 >= (n - 1) * 4;
}
