/* Checked heap allocation: see mem.h. */
#include "util/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#define HUGE_PAGE ((uintptr_t)2 << 20)
/* How far the heap grows at a time once mr_heap_huge_pages has been called:
 * room ahead of the allocations, so it is advised before it is touched. */
#define HEAP_STEP (32 << 20)

/* The heap is advised up to here; 0 until mr_heap_huge_pages is first called. */
static uintptr_t advised;

/* Advises what the heap has grown into since the last time. The allocation
 * wrappers below call it too, right after the allocation that may have grown
 * the heap and before their caller touches it: the clustering state loaded
 * when a database is opened gets huge pages as well. */
static void advise_grown(void) {
#ifdef MADV_HUGEPAGE
    void *top = sbrk(0);
    if (top == (void *)-1) return;
    uintptr_t end = (uintptr_t)top & ~(HUGE_PAGE - 1);
    if (end < advised) { /* the heap was trimmed: what grows back is new */
        advised = end;
    } else if (end > advised) {
        madvise((void *)advised, end - advised, MADV_HUGEPAGE);
        advised = end;
    }
#endif
}

/* Blocks this big are mapped by malloc on their own, outside the heap (the
 * clustering's vocabulary and postings once grown): advised one by one. */
#define BIG_BLOCK ((size_t)4 << 20)

static void advise_block(void *p, size_t size) {
#ifdef MADV_HUGEPAGE
    uintptr_t start = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t end = ((uintptr_t)p + size) & ~(HUGE_PAGE - 1);
    if (end > start) madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)p;
    (void)size;
#endif
}

/* After an allocation of size bytes at p, once the advice is on. */
static inline void advise_new(void *p, size_t size) {
    if (!advised) return;
    if (size >= BIG_BLOCK) advise_block(p, size);
    advise_grown();
}

void mr_heap_huge_pages(void) {
#ifdef MADV_HUGEPAGE
    if (advised) {
        advise_grown();
        return;
    }
    void *top = sbrk(0);
    if (top == (void *)-1) return;
#ifdef __GLIBC__
    mallopt(M_TOP_PAD, HEAP_STEP);
#endif
    advised = ((uintptr_t)top + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
#endif
}

_Noreturn void mr_oom(void) {
    fputs("marsad: out of memory\n", stderr);
    abort();
}

void *mr_malloc(size_t size) {
    void *p = malloc(size ? size : 1);
    if (!p) mr_oom();
    advise_new(p, size);
    return p;
}

void *mr_calloc(size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) mr_oom();
    advise_new(p, n * size); /* calloc checked the product */
    return p;
}

void *mr_realloc(void *p, size_t size) {
    p = realloc(p, size ? size : 1);
    if (!p) mr_oom();
    advise_new(p, size);
    return p;
}

char *mr_strndup(const char *s, size_t n) {
    char *p = mr_malloc(n + 1);
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *mr_strdup(const char *s) {
    return mr_strndup(s, strlen(s));
}

void mr_grow(void **items, size_t *cap, size_t need, size_t elem_size) {
    if (need <= *cap) return;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2) mr_oom();
        n *= 2;
    }
    if (n > SIZE_MAX / elem_size) mr_oom();
    *items = mr_realloc(*items, n * elem_size);
    *cap = n;
}
