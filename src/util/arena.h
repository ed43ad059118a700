/* Arena allocator: per-document scratch memory freed in one go.
 *
 * Every stage that works on one document allocates from the document's arena
 * and never frees individual objects; the caller resets or frees the arena
 * when the document is done. Allocation failure aborts (see mr_oom), so
 * callers never check for NULL. */
#ifndef MARSAD_UTIL_ARENA_H
#define MARSAD_UTIL_ARENA_H

#include <stddef.h>

typedef struct mr_arena_chunk mr_arena_chunk;

typedef struct mr_arena {
    mr_arena_chunk *head; /* chunk being filled */
    size_t chunk_size;    /* default size of new chunks */
    size_t total;         /* bytes obtained from malloc, for stats */
} mr_arena;

void mr_arena_init(mr_arena *a, size_t chunk_size);
/* Releases every chunk. The arena may be reused after mr_arena_init. */
void mr_arena_free(mr_arena *a);
/* Forgets every allocation but keeps the first chunk for reuse. */
void mr_arena_reset(mr_arena *a);

void *mr_arena_alloc(mr_arena *a, size_t size); /* 16-byte aligned, uninitialised */
void *mr_arena_calloc(mr_arena *a, size_t n, size_t size);
char *mr_arena_strndup(mr_arena *a, const char *s, size_t n); /* NUL-terminated copy */
char *mr_arena_strdup(mr_arena *a, const char *s);
/* printf into the arena. */
char *mr_arena_printf(mr_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
