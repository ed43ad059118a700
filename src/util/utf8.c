/* UTF-8 decoding and validation: see utf8.h. Hand-written because it sits in
 * every inner loop and must agree exactly with the repair done at read time. */
#include "util/utf8.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

size_t mr_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
    if (n == 0) {
        *cp = MR_UTF8_INVALID;
        return 0;
    }
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        *cp = MR_UTF8_INVALID;
        return 1;
    }
    if (n < len) {
        *cp = MR_UTF8_INVALID;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = MR_UTF8_INVALID;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = MR_UTF8_INVALID;
        return 1;
    }
    *cp = v;
    return len;
}

#ifdef __SSE2__
/* Sixteen bytes at u that are ASCII and whole two-byte sequences only, the
 * first byte starting a character: returns how many bytes to step (16, or 15
 * when the last byte starts a sequence that the next block finishes), or 0
 * when the block holds anything else (three- and four-byte sequences,
 * invalid bytes), which the caller then takes one character at a time. */
static inline size_t block_of_pairs(const unsigned char *u) {
    __m128i x = _mm_loadu_si128((const __m128i *)u);
    __m128i top2 = _mm_and_si128(x, _mm_set1_epi8((char)0xC0));
    __m128i top3 = _mm_and_si128(x, _mm_set1_epi8((char)0xE0));
    /* 10xxxxxx: continuation bytes; 110xxxxx but not C0/C1 (overlong): leads */
    unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(top2, _mm_set1_epi8((char)0x80)));
    __m128i lead = _mm_cmpeq_epi8(top3, _mm_set1_epi8((char)0xC0));
    __m128i overlong =
        _mm_cmpeq_epi8(_mm_and_si128(x, _mm_set1_epi8((char)0xFE)), _mm_set1_epi8((char)0xC0));
    unsigned leads = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(overlong, lead));
    /* 111xxxxx: longer sequences or invalid; C0/C1 as well */
    unsigned other = (unsigned)_mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(top3, _mm_set1_epi8((char)0xE0)), overlong));
    /* Every continuation byte right after a lead, every lead (but the last
     * byte's) followed by one. */
    if (other || cont != ((leads << 1) & 0xFFFF)) return 0;
    return 16 - (leads >> 15);
}
#endif

size_t mr_utf8_valid_prefix(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
#ifdef __SSE2__
        /* Blocks of ASCII and two-byte characters (Arabic, Cyrillic, Greek,
         * Latin accents): most of the text marsad reads. */
        size_t step;
        while (i + 16 <= n && (step = block_of_pairs(u + i)) != 0) i += step;
        /* Then the block that stopped it, one character at a time. */
        size_t stop = i + 16 < n ? i + 16 : n;
#else
        size_t stop = n;
#endif
        while (i < stop) {
            /* ASCII runs eight bytes at a time. */
            while (i + 8 <= stop) {
                uint64_t w;
                memcpy(&w, u + i, 8);
                if (w & 0x8080808080808080ull) break;
                i += 8;
            }
            if (i >= stop) break;
            unsigned char c = u[i];
            if (c < 0x80) {
                i++;
                continue;
            }
            /* Two-byte sequences inline. */
            if (c >= 0xC2 && c <= 0xDF) {
                if (i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
                    i += 2;
                    continue;
                }
                return i;
            }
            uint32_t cp;
            size_t k = mr_utf8_decode(u + i, n - i, &cp);
            if (cp == MR_UTF8_INVALID) return i;
            i += k;
        }
    }
    return n;
}

size_t mr_utf8_count(const char *s, size_t n) {
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) count++;
    return count;
}
