/* UTF-8 decoding and validation: see utf8.h. Hand-written because it sits in
 * every inner loop and must agree exactly with the repair done at read time. */
#include "util/utf8.h"

#include <string.h>

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

size_t mr_utf8_valid_prefix(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        /* ASCII runs eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        unsigned char c = u[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        /* Two-byte sequences (all of Arabic, Cyrillic, Greek, Latin accents) inline. */
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
    return n;
}

size_t mr_utf8_count(const char *s, size_t n) {
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) count++;
    return count;
}
