/* Arena allocator: see arena.h. Chunks form a list; big requests get a chunk of their own. */
#include "util/arena.h"
#include "util/mem.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct mr_arena_chunk {
    mr_arena_chunk *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
};

void mr_arena_init(mr_arena *a, size_t chunk_size) {
    a->head = NULL;
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
    a->total = 0;
}

void mr_arena_free(mr_arena *a) {
    mr_arena_chunk *c = a->head;
    while (c) {
        mr_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->total = 0;
}

void mr_arena_reset(mr_arena *a) {
    if (!a->head) return;
    /* Keep the oldest chunk of the default size; it is at the tail of the list. */
    mr_arena_chunk *c = a->head, *keep = NULL;
    while (c) {
        mr_arena_chunk *next = c->next;
        if (!next && c->size == a->chunk_size) {
            keep = c;
        } else {
            free(c);
        }
        c = next;
    }
    a->head = keep;
    a->total = 0;
    if (keep) {
        keep->used = 0;
        keep->next = NULL;
        a->total = keep->size;
    }
}

static mr_arena_chunk *new_chunk(mr_arena *a, size_t need) {
    size_t size = need > a->chunk_size ? need : a->chunk_size;
    mr_arena_chunk *c = mr_malloc(sizeof(*c) + size);
    c->size = size;
    c->used = 0;
    a->total += size;
    return c;
}

void *mr_arena_alloc(mr_arena *a, size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (size == 0) size = 16;
    mr_arena_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        mr_arena_chunk *n = new_chunk(a, size);
        if (c && size > a->chunk_size / 4) {
            /* A big block goes behind the current chunk so the current one keeps filling. */
            n->next = c->next;
            c->next = n;
            n->used = size;
            return n->data;
        }
        n->next = c;
        a->head = n;
        c = n;
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

void *mr_arena_calloc(mr_arena *a, size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) mr_oom();
    void *p = mr_arena_alloc(a, n * size);
    memset(p, 0, n * size);
    return p;
}

char *mr_arena_strndup(mr_arena *a, const char *s, size_t n) {
    char *p = mr_arena_alloc(a, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *mr_arena_strdup(mr_arena *a, const char *s) {
    return mr_arena_strndup(a, s, strlen(s));
}

char *mr_arena_printf(mr_arena *a, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return mr_arena_strdup(a, "");
    if ((size_t)n < sizeof tmp) return mr_arena_strndup(a, tmp, (size_t)n);
    char *p = mr_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
