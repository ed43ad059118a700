/* Growable byte buffer (heap). Always NUL-terminated after any append, so
 * b->data can be used as a C string when the content has no NUL bytes.
 * The owner calls mr_buf_free; mr_buf_take hands the storage over. */
#ifndef MARSAD_UTIL_BUF_H
#define MARSAD_UTIL_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct mr_buf {
    char *data;
    size_t len;
    size_t cap;
} mr_buf;

#define MR_BUF_INIT                                                                                \
    { NULL, 0, 0 }

void mr_buf_reserve(mr_buf *b, size_t extra);
void mr_buf_append(mr_buf *b, const void *p, size_t n);
void mr_buf_puts(mr_buf *b, const char *s);
void mr_buf_putc(mr_buf *b, char c);
void mr_buf_printf(mr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends the UTF-8 encoding of code point cp. */
void mr_buf_put_utf8(mr_buf *b, uint32_t cp);
/* Appends s as the body of a JSON string (no quotes), escaping as needed. */
void mr_buf_json_escape(mr_buf *b, const char *s, size_t n);
/* Appends s as a quoted JSON string, or null when s is NULL. */
void mr_buf_json_str(mr_buf *b, const char *s);
void mr_buf_clear(mr_buf *b);
void mr_buf_free(mr_buf *b);
/* Returns the heap storage (NUL-terminated, never NULL) and resets b. Caller frees. */
char *mr_buf_take(mr_buf *b);

#endif
