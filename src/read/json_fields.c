/* Flat JSON object reader: see json_fields.h. A recursive-descent parser would
 * be simpler, but nested values are only skipped here, so skipping uses an
 * explicit depth counter and never recurses (hostile input cannot exhaust
 * the stack). */
#include "read/json_fields.h"
#include "util/mem.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef struct parser {
    const char *s;
    size_t n, i;
    mr_buf *out;
    bool repaired;
    const char *error;
} parser;

static void skip_ws(parser *p) {
    while (p->i < p->n) {
        char c = p->s[p->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        p->i++;
    }
}

static int fail(parser *p, const char *msg) {
    if (!p->error) p->error = msg;
    return -1;
}

static int hex4(const char *s, uint32_t *v) {
    uint32_t x = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        x <<= 4;
        if (c >= '0' && c <= '9') {
            x |= (uint32_t)(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            x |= (uint32_t)(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            x |= (uint32_t)(c - 'A' + 10);
        } else {
            return -1;
        }
    }
    *v = x;
    return 0;
}

/* Copies a run of raw string bytes, repairing invalid UTF-8. */
static void copy_run(parser *p, const char *s, size_t n, bool emit) {
    if (!emit || n == 0) return;
    size_t ok = mr_utf8_valid_prefix(s, n);
    if (ok == n) {
        mr_buf_append(p->out, s, n);
        return;
    }
    size_t i = 0;
    while (i < n) {
        size_t good = mr_utf8_valid_prefix(s + i, n - i);
        mr_buf_append(p->out, s + i, good);
        i += good;
        if (i < n) {
            uint32_t cp;
            size_t k = mr_utf8_decode((const unsigned char *)s + i, n - i, &cp);
            mr_buf_put_utf8(p->out, 0xFFFD);
            p->repaired = true;
            i += k ? k : 1;
        }
    }
}

/* Parses a string at p->i (which is at the opening quote). When emit, appends
 * the unescaped text to p->out followed by a NUL. */
static int parse_string(parser *p, bool emit) {
    p->i++; /* opening quote */
    size_t run = p->i;
    while (p->i < p->n) {
#ifdef __SSE2__
        /* Sixteen bytes at a time to the next quote, backslash or control
         * character: strings are most of a line, and these bytes are rare. */
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                      control = _mm_set1_epi8(0x1F);
        while (p->i + 16 <= p->n) {
            __m128i x = _mm_loadu_si128((const __m128i *)(p->s + p->i));
            __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash));
            hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_min_epu8(x, control), x)); /* x <= 0x1F */
            unsigned mask = (unsigned)_mm_movemask_epi8(hit);
            if (mask) {
                p->i += (size_t)__builtin_ctz(mask);
                break;
            }
            p->i += 16;
        }
        if (p->i >= p->n) break;
#endif
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '"') {
            copy_run(p, p->s + run, p->i - run, emit);
            p->i++;
            if (emit) mr_buf_putc(p->out, 0);
            return 0;
        }
        if (c < 0x20) return fail(p, "control character in string");
        if (c != '\\') {
            p->i++;
            continue;
        }
        copy_run(p, p->s + run, p->i - run, emit);
        if (p->i + 1 >= p->n) return fail(p, "unterminated string");
        char e = p->s[p->i + 1];
        p->i += 2;
        char simple = 0;
        switch (e) {
        case '"':
            simple = '"';
            break;
        case '\\':
            simple = '\\';
            break;
        case '/':
            simple = '/';
            break;
        case 'b':
            simple = '\b';
            break;
        case 'f':
            simple = '\f';
            break;
        case 'n':
            simple = '\n';
            break;
        case 'r':
            simple = '\r';
            break;
        case 't':
            simple = '\t';
            break;
        case 'u': {
            uint32_t cp;
            if (p->i + 4 > p->n || hex4(p->s + p->i, &cp) != 0) return fail(p, "bad \\u escape");
            p->i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t lo;
                if (p->i + 6 <= p->n && p->s[p->i] == '\\' && p->s[p->i + 1] == 'u' &&
                    hex4(p->s + p->i + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p->i += 6;
                } else {
                    cp = 0xFFFD; /* lone surrogate */
                    p->repaired = true;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD;
                p->repaired = true;
            } else if (cp == 0) {
                cp = 0xFFFD; /* a NUL would cut C strings short downstream */
                p->repaired = true;
            }
            if (emit) mr_buf_put_utf8(p->out, cp);
            break;
        }
        default:
            return fail(p, "bad escape in string");
        }
        if (simple && emit) mr_buf_putc(p->out, simple);
        run = p->i;
    }
    return fail(p, "unterminated string");
}

static int parse_literal(parser *p, const char *word) {
    size_t k = strlen(word);
    if (p->i + k > p->n || memcmp(p->s + p->i, word, k) != 0)
        return fail(p, "unexpected character");
    p->i += k;
    return 0;
}

static int parse_number(parser *p) {
    size_t i = p->i;
    if (i < p->n && p->s[i] == '-') i++;
    if (i >= p->n) return fail(p, "bad number");
    if (p->s[i] == '0') {
        i++;
    } else if (p->s[i] >= '1' && p->s[i] <= '9') {
        while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9') i++;
    } else {
        return fail(p, "bad number");
    }
    if (i < p->n && p->s[i] == '.') {
        i++;
        size_t d = i;
        while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9') i++;
        if (i == d) return fail(p, "bad number");
    }
    if (i < p->n && (p->s[i] == 'e' || p->s[i] == 'E')) {
        i++;
        if (i < p->n && (p->s[i] == '+' || p->s[i] == '-')) i++;
        size_t d = i;
        while (i < p->n && p->s[i] >= '0' && p->s[i] <= '9') i++;
        if (i == d) return fail(p, "bad number");
    }
    p->i = i;
    return 0;
}

/* Skips a nested object or array starting at p->i, validating it. An explicit
 * stack of open brackets replaces recursion. */
static int skip_container(parser *p) {
    char stack[256];
    size_t depth = 0;
    /* states: expecting a value, a key, or a separator */
    enum { VALUE, KEY_OR_END, VALUE_OR_END, SEP } want = VALUE;
    for (;;) {
        skip_ws(p);
        if (p->i >= p->n) return fail(p, "unterminated object or array");
        char c = p->s[p->i];
        if (want == SEP) {
            if (c == ',') {
                p->i++;
                want = stack[depth - 1] == '{' ? KEY_OR_END : VALUE;
                if (stack[depth - 1] == '{') {
                    skip_ws(p);
                    if (p->i >= p->n || p->s[p->i] != '"') return fail(p, "expected a key");
                }
                continue;
            }
            char close = stack[depth - 1] == '{' ? '}' : ']';
            if (c != close) return fail(p, "expected ',' or a closing bracket");
            p->i++;
            if (--depth == 0) return 0;
            want = SEP;
            continue;
        }
        if ((want == KEY_OR_END || want == VALUE_OR_END) && (c == '}' || c == ']')) {
            char close = stack[depth - 1] == '{' ? '}' : ']';
            if (c != close) return fail(p, "mismatched bracket");
            p->i++;
            if (--depth == 0) return 0;
            want = SEP;
            continue;
        }
        if (want == KEY_OR_END) {
            if (c != '"') return fail(p, "expected a key");
            if (parse_string(p, false)) return -1;
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != ':') return fail(p, "expected ':'");
            p->i++;
            want = VALUE;
            continue;
        }
        /* a value */
        if (c == '{' || c == '[') {
            if (depth == sizeof stack) return fail(p, "nesting too deep");
            stack[depth++] = c;
            p->i++;
            want = c == '{' ? KEY_OR_END : VALUE_OR_END;
            continue;
        }
        int rc;
        if (c == '"') {
            rc = parse_string(p, false);
        } else if (c == 't') {
            rc = parse_literal(p, "true");
        } else if (c == 'f') {
            rc = parse_literal(p, "false");
        } else if (c == 'n') {
            rc = parse_literal(p, "null");
        } else {
            rc = parse_number(p);
        }
        if (rc) return -1;
        if (depth == 0) return 0;
        want = SEP;
    }
}

void mr_json_object_free(mr_json_object *obj) {
    free(obj->members);
    obj->members = NULL;
    obj->count = obj->cap = 0;
}

int mr_json_parse_object(const char *s, size_t n, mr_json_object *obj, mr_buf *scratch,
                         const char **error, size_t *error_at) {
    parser p = {s, n, 0, scratch, false, NULL};
    obj->count = 0;
    obj->repaired = false;
    mr_buf_clear(scratch);
    /* A UTF-8 byte-order mark some tools write at the start of the file. */
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) p.i = 3;
    skip_ws(&p);
    if (p.i >= n || s[p.i] != '{') {
        fail(&p, p.i >= n ? "empty line" : "not a JSON object");
        goto error;
    }
    p.i++;
    skip_ws(&p);
    if (p.i < n && s[p.i] == '}') {
        p.i++;
        goto done;
    }
    for (;;) {
        skip_ws(&p);
        if (p.i >= n || s[p.i] != '"') {
            fail(&p, "expected a key");
            goto error;
        }
        mr_json_member m = {0};
        m.key = scratch->len;
        if (parse_string(&p, true)) goto error;
        m.key_len = scratch->len - m.key - 1;
        skip_ws(&p);
        if (p.i >= n || s[p.i] != ':') {
            fail(&p, "expected ':'");
            goto error;
        }
        p.i++;
        skip_ws(&p);
        if (p.i >= n) {
            fail(&p, "expected a value");
            goto error;
        }
        char c = s[p.i];
        size_t start = p.i;
        m.value = scratch->len;
        int rc;
        if (c == '"') {
            m.type = MR_JSON_STRING;
            rc = parse_string(&p, true);
            m.value_len = scratch->len - m.value - 1;
        } else if (c == '{' || c == '[') {
            m.type = c == '{' ? MR_JSON_OBJECT : MR_JSON_ARRAY;
            rc = skip_container(&p);
            mr_buf_putc(scratch, 0);
            m.value_len = 0;
        } else {
            if (c == 't' || c == 'f') {
                m.type = MR_JSON_BOOL;
                rc = parse_literal(&p, c == 't' ? "true" : "false");
            } else if (c == 'n') {
                m.type = MR_JSON_NULL;
                rc = parse_literal(&p, "null");
            } else {
                m.type = MR_JSON_NUMBER;
                rc = parse_number(&p);
            }
            if (rc == 0) {
                mr_buf_append(scratch, s + start, p.i - start);
                mr_buf_putc(scratch, 0);
                m.value_len = p.i - start;
            }
        }
        if (rc) goto error;
        MR_GROW(obj->members, obj->cap, obj->count + 1);
        obj->members[obj->count++] = m;
        skip_ws(&p);
        if (p.i < n && s[p.i] == ',') {
            p.i++;
            continue;
        }
        if (p.i < n && s[p.i] == '}') {
            p.i++;
            break;
        }
        fail(&p, "expected ',' or '}'");
        goto error;
    }
done:
    skip_ws(&p);
    if (p.i != n) {
        fail(&p, "text after the object");
        goto error;
    }
    obj->repaired = p.repaired;
    return 0;
error:
    *error = p.error ? p.error : "malformed JSON";
    *error_at = p.i;
    return -1;
}
