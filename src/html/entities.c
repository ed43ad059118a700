/* HTML character references: named (the HTML5 table in
 * data/html_entities.tsv, including the legacy forms without ';'), decimal
 * and hexadecimal, with the browser rules for bad values. */
#include "html/html_internal.h"

#include "util/data.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Longest legacy name without ';' ("middot", "frac12", ...). */
#define LEGACY_MAX 6
/* Longest name with its ';' ("CounterClockwiseContourIntegral;"). */
#define NAME_MAX_LEN 32

typedef struct entity_slot {
    const char *name; /* into the embedded data; NULL: empty slot */
    uint8_t name_len; /* with the ';' when the form has one */
    uint8_t utf8_len;
    char utf8[8];
} entity_slot;

#define ENTITY_SLOTS 8192
static entity_slot entity_table[ENTITY_SLOTS];
static pthread_once_t entity_once = PTHREAD_ONCE_INIT;

static unsigned entity_hash(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return (h ^ (h >> 13)) & (ENTITY_SLOTS - 1);
}

static size_t put_utf8(char *out, uint32_t cp) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* One line of the table: NAME TAB HEX [HEX]. */
static void add_entity(const char *line, size_t len, void *ctx) {
    (void)ctx;
    const char *tab = memchr(line, '\t', len);
    if (!tab || tab == line || tab - line > NAME_MAX_LEN) return;
    entity_slot e = {.name = line, .name_len = (uint8_t)(tab - line)};
    const char *p = tab + 1, *end = line + len;
    while (p < end && e.utf8_len <= 4) {
        char *next;
        unsigned long cp = strtoul(p, &next, 16);
        if (next == p || cp > 0x10FFFF) break;
        e.utf8_len += (uint8_t)put_utf8(e.utf8 + e.utf8_len, (uint32_t)cp);
        p = next;
        while (p < end && *p == ' ') p++;
    }
    if (!e.utf8_len) return;
    unsigned h = entity_hash(e.name, e.name_len);
    while (entity_table[h].name) h = (h + 1) & (ENTITY_SLOTS - 1);
    entity_table[h] = e;
}

static void load_entities(void) {
    mr_data_lines("html_entities.tsv", add_entity, NULL);
}

static const entity_slot *find_entity(const char *name, size_t n) {
    unsigned h = entity_hash(name, n);
    for (;;) {
        const entity_slot *e = &entity_table[h];
        if (!e->name) return NULL;
        if (e->name_len == n && memcmp(e->name, name, n) == 0) return e;
        h = (h + 1) & (ENTITY_SLOTS - 1);
    }
}

uint32_t mr_html_cp1252_c1(unsigned char b) {
    static const uint16_t c1[32] = {
        0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178,
    };
    return b >= 0x80 && b <= 0x9F ? c1[b - 0x80] : b;
}

static bool is_alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static size_t numeric_ref(const char *s, size_t n, char out[8], size_t *consumed) {
    size_t p = 2;
    bool hex = p < n && (s[p] == 'x' || s[p] == 'X');
    if (hex) p++;
    size_t digits = p;
    uint32_t value = 0;
    for (; p < n; p++) {
        unsigned char c = (unsigned char)s[p];
        unsigned d;
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
            d = (c | 0x20) - 'a' + 10;
        } else {
            break;
        }
        /* Saturate: any value past U+10FFFF becomes U+FFFD however long it is. */
        value = value > 0x10FFFF ? value : value * (hex ? 16 : 10) + d;
    }
    if (p == digits) return 0; /* "&#" or "&#x" with no digits is literal text */
    if (p < n && s[p] == ';') p++;
    *consumed = p;
    uint32_t cp = value;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = 0xFFFD;
    } else if (cp >= 0x80 && cp <= 0x9F) {
        cp = mr_html_cp1252_c1((unsigned char)cp);
    }
    return put_utf8(out, cp);
}

size_t mr_html_char_ref(const char *s, size_t n, bool in_attribute, char out[8], size_t *consumed) {
    if (n < 2) return 0;
    if (s[1] == '#') return numeric_ref(s, n, out, consumed);
    size_t run = 0;
    while (1 + run < n && run < NAME_MAX_LEN && is_alnum((unsigned char)s[1 + run])) run++;
    if (run == 0) return 0;
    pthread_once(&entity_once, load_entities);
    if (1 + run < n && s[1 + run] == ';') {
        const entity_slot *e = find_entity(s + 1, run + 1);
        if (e) {
            memcpy(out, e->utf8, e->utf8_len);
            *consumed = run + 2;
            return e->utf8_len;
        }
    }
    /* Legacy names without ';' match as the longest prefix of the run. */
    for (size_t k = run < LEGACY_MAX ? run : LEGACY_MAX; k >= 2; k--) {
        const entity_slot *e = find_entity(s + 1, k);
        if (!e) continue;
        if (in_attribute && 1 + k < n && (s[1 + k] == '=' || is_alnum((unsigned char)s[1 + k])))
            return 0;
        memcpy(out, e->utf8, e->utf8_len);
        *consumed = 1 + k;
        return e->utf8_len;
    }
    return 0;
}

char *mr_html_decode(mr_arena *arena, const char *s, size_t n, bool in_attribute, size_t *out_len) {
    /* A reference's UTF-8 is at most 6/5 of its source ("&nLt;" is 5 bytes,
     * two code points of 3), hence the bound. */
    char *out = mr_arena_alloc(arena, n + n / 4 + 8);
    size_t o = 0, i = 0;
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t upto = amp ? (size_t)(amp - s) : n;
        memcpy(out + o, s + i, upto - i);
        o += upto - i;
        i = upto;
        if (i >= n) break;
        size_t consumed = 0;
        size_t w = mr_html_char_ref(s + i, n - i, in_attribute, out + o, &consumed);
        if (w) {
            o += w;
            i += consumed;
        } else {
            out[o++] = '&';
            i++;
        }
    }
    out[o] = 0;
    if (out_len) *out_len = o;
    return out;
}

char *mr_html_replace_nuls(mr_arena *arena, const char *s, size_t n, size_t *out_len) {
    char *out = mr_arena_alloc(arena, n * 3 + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i]) {
            *o++ = s[i];
        } else {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
        }
    }
    *o = 0;
    *out_len = (size_t)(o - out);
    return out;
}
