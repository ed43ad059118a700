/* UTF-8 decoding and validation helpers shared by every stage. */
#ifndef MARSAD_UTIL_UTF8_H
#define MARSAD_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point from s[0..n). Returns its length in bytes (1..4) and
 * stores the code point in *cp; on an invalid or truncated sequence returns 1
 * (0 only when n == 0) and stores MR_UTF8_INVALID. Overlong forms, surrogates
 * and values above U+10FFFF are invalid. */
#define MR_UTF8_INVALID 0xFFFFFFFFu
size_t mr_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Length in bytes of the longest valid UTF-8 prefix of s[0..n). */
size_t mr_utf8_valid_prefix(const char *s, size_t n);

/* Number of code points in s[0..n) (invalid bytes count one each). */
size_t mr_utf8_count(const char *s, size_t n);

static inline bool mr_is_arabic_letter(uint32_t cp) {
    return (cp >= 0x0621 && cp <= 0x064A) || (cp >= 0x0671 && cp <= 0x06D3) ||
           (cp >= 0x06FA && cp <= 0x06FC) || (cp >= 0x0750 && cp <= 0x077F) ||
           (cp >= 0x08A0 && cp <= 0x08C9);
}

/* True for the Arabic harakat and related combining marks (tashkil). */
static inline bool mr_is_arabic_mark(uint32_t cp) {
    return (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x0610 && cp <= 0x061A) ||
           (cp >= 0x06D6 && cp <= 0x06ED) || (cp >= 0x08CA && cp <= 0x08FF);
}

#endif
