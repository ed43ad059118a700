/* Growable byte buffer: see buf.h. */
#include "util/buf.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void mr_buf_reserve(mr_buf *b, size_t extra) {
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t n = b->cap ? b->cap : 64;
    while (n < need) n *= 2;
    b->data = mr_realloc(b->data, n);
    b->cap = n;
}

void mr_buf_append(mr_buf *b, const void *p, size_t n) {
    mr_buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void mr_buf_puts(mr_buf *b, const char *s) {
    mr_buf_append(b, s, strlen(s));
}

void mr_buf_putc(mr_buf *b, char c) {
    mr_buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = 0;
}

void mr_buf_printf(mr_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0) return;
    mr_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void mr_buf_put_utf8(mr_buf *b, uint32_t cp) {
    char s[4];
    size_t n;
    if (cp < 0x80) {
        s[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        s[0] = (char)(0xC0 | (cp >> 6));
        s[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12));
        s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        s[0] = (char)(0xF0 | (cp >> 18));
        s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    mr_buf_append(b, s, n);
}

void mr_buf_json_escape(mr_buf *b, const char *s, size_t n) {
    mr_buf_reserve(b, n + 2);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        mr_buf_append(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            mr_buf_puts(b, "\\\"");
            break;
        case '\\':
            mr_buf_puts(b, "\\\\");
            break;
        case '\n':
            mr_buf_puts(b, "\\n");
            break;
        case '\r':
            mr_buf_puts(b, "\\r");
            break;
        case '\t':
            mr_buf_puts(b, "\\t");
            break;
        default:
            mr_buf_printf(b, "\\u%04x", c);
            break;
        }
    }
    mr_buf_append(b, s + run, n - run);
}

void mr_buf_json_str(mr_buf *b, const char *s) {
    if (!s) {
        mr_buf_puts(b, "null");
        return;
    }
    mr_buf_putc(b, '"');
    mr_buf_json_escape(b, s, strlen(s));
    mr_buf_putc(b, '"');
}

void mr_buf_clear(mr_buf *b) {
    b->len = 0;
    if (b->data) b->data[0] = 0;
}

void mr_buf_free(mr_buf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *mr_buf_take(mr_buf *b) {
    if (!b->data) mr_buf_reserve(b, 0);
    b->data[b->len] = 0;
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}
