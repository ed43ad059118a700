/* Checked heap allocation. marsad treats out-of-memory as fatal: the wrappers
 * print a message and abort rather than return NULL, so callers need no checks. */
#ifndef MARSAD_UTIL_MEM_H
#define MARSAD_UTIL_MEM_H

#include <stddef.h>

_Noreturn void mr_oom(void);
void *mr_malloc(size_t size);
void *mr_calloc(size_t n, size_t size);
void *mr_realloc(void *p, size_t size);
char *mr_strdup(const char *s);
char *mr_strndup(const char *s, size_t n);

/* Grows *items (of *cap elements of elem_size) so that it can hold need elements. */
void mr_grow(void **items, size_t *cap, size_t need, size_t elem_size);
/* The test inline: hot loops grow an array per item, and nearly always it
 * has room. need is evaluated twice: pass no side effects. */
#define MR_GROW(arr, cap, need)                                                                    \
    do {                                                                                           \
        if ((size_t)(need) > (cap)) mr_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)));      \
    } while (0)

#endif
