/* Numbers as written, read into one value form so that ٢٠١٨ and 2018, or
 * ١٬٥٠٠ and 1,500, are the same term. Numbers are read from the display
 * text (never after folding): the Arabic thousands mark ٬ and decimal mark ٫
 * are unambiguous, while ',' and '.' swap roles between English-style
 * ("1,500.5") and continental ("1.500,5") writing, which the language says. */
#include "text/text.h"
#include "util/utf8.h"

#include <stdint.h>
#include <string.h>

/* Digit at s[i], its byte length in *len; -1 when none. */
static int digit_at(const char *s, size_t n, size_t i, size_t *len) {
    if (i >= n) return -1;
    uint32_t cp = mr_text_decode(s, n, i, len);
    return mr_digit_value(cp);
}

enum { SEP_NONE, SEP_THOUSANDS, SEP_DECIMAL, SEP_EITHER };

/* What the separator at s[i] can be; its byte length in *len. */
static int separator_at(const char *s, size_t n, size_t i, bool decimal_comma, size_t *len) {
    if (i >= n) return SEP_NONE;
    uint32_t cp = mr_text_decode(s, n, i, len);
    switch (cp) {
    case 0x066C:
        return SEP_THOUSANDS; /* ٬ */
    case 0x066B:
        return SEP_DECIMAL; /* ٫ */
    case ',':
        return decimal_comma ? SEP_DECIMAL : SEP_THOUSANDS;
    /* In continental writing '.' groups thousands, but a '.' that cannot
     * (1.5) is a decimal point all the same. */
    case '.':
        return decimal_comma ? SEP_EITHER : SEP_DECIMAL;
    case 0x00A0:
    case 0x202F:
    case 0x2009:
        return decimal_comma ? SEP_THOUSANDS : SEP_NONE; /* 1 500 */
    default:
        return SEP_NONE;
    }
}

/* Digits from s[i]: their count, the byte offset after them in *end. */
static size_t digit_run(const char *s, size_t n, size_t i, size_t *end) {
    size_t count = 0, len;
    while (digit_at(s, n, i, &len) >= 0) {
        i += len;
        count++;
    }
    *end = i;
    return count;
}

size_t mr_number_scan(const char *s, size_t n, bool decimal_comma, size_t *decimal_at) {
    size_t pos;
    *decimal_at = SIZE_MAX;
    size_t first = digit_run(s, n, 0, &pos);
    if (first == 0) return 0;
    bool grouped = false;
    for (;;) {
        size_t slen, after;
        int sep = separator_at(s, n, pos, decimal_comma, &slen);
        if (sep == SEP_NONE) break;
        size_t k = digit_run(s, n, pos + slen, &after);
        if (k == 0) break;
        /* A thousands group: exactly three digits, after a first group of at most three. */
        if ((sep == SEP_THOUSANDS || sep == SEP_EITHER) && k == 3 && (grouped || first <= 3)) {
            grouped = true;
            pos = after;
            continue;
        }
        if (sep == SEP_DECIMAL || sep == SEP_EITHER) {
            *decimal_at = pos;
            pos = after;
        }
        break;
    }
    return pos;
}

size_t mr_number_value(const char *s, size_t n, size_t decimal_at, char *out) {
    size_t o = 0, i = 0, len, whole = 0;
    bool fraction = false;
    while (i < n) {
        if (i == decimal_at) {
            fraction = true;
            whole = o;
            out[o++] = '.';
            i += mr_text_decode(s, n, i, &len) != MR_UTF8_INVALID ? len : 1;
            continue;
        }
        int d = digit_at(s, n, i, &len);
        if (d >= 0) out[o++] = (char)('0' + d);
        i += len ? len : 1; /* thousands marks are skipped */
    }
    if (!fraction) whole = o;
    /* No leading zeros in the whole part, no trailing zeros in the fraction. */
    size_t z = 0;
    while (z + 1 < whole && out[z] == '0') z++;
    if (z) {
        memmove(out, out + z, o - z);
        o -= z;
        whole -= z;
    }
    if (fraction) {
        while (o > whole + 1 && out[o - 1] == '0') o--;
        if (o == whole + 1) o--; /* "2.0" is 2 */
    }
    if (o == 0) out[o++] = '0';
    out[o] = 0;
    return o;
}
