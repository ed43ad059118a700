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

/* Transparent huge pages for the malloc heap, the way glibc's own
 * glibc.malloc.hugetlb=1 tunable asks for them, without having to be set
 * before the program starts. The clustering's tables, SQLite's page cache
 * and the reorder window are read at random across a heap of a few hundred
 * MB: with 4 KB pages that is a page fault per 4 KB first touched and a TLB
 * miss on most lookups. The first call makes the heap grow 32 MB at a time
 * and turns the advice on: from then on mr_malloc, mr_calloc and mr_realloc
 * (and each later call of this, for memory other libraries took) advise the
 * 2 MB pages the heap has grown into, before most of them are touched. Call
 * it before opening the engine, then once per record or so (a few
 * instructions when the heap has not grown); marsad is single-threaded.
 * Nothing happens where the system has no transparent huge pages or the
 * allocator does not use the heap (the sanitizers). */
void mr_heap_huge_pages(void);

/* Grows *items (of *cap elements of elem_size) so that it can hold need elements. */
void mr_grow(void **items, size_t *cap, size_t need, size_t elem_size);
/* The test inline: hot loops grow an array per item, and nearly always it
 * has room. need is evaluated twice: pass no side effects. */
#define MR_GROW(arr, cap, need)                                                                    \
    do {                                                                                           \
        if ((size_t)(need) > (cap)) mr_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)));      \
    } while (0)

#endif
