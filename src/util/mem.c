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

_Noreturn void mr_oom(void) {
    fputs("marsad: out of memory\n", stderr);
    abort();
}

void *mr_malloc(size_t size) {
    void *p = malloc(size ? size : 1);
    if (!p) mr_oom();
    return p;
}

void *mr_calloc(size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) mr_oom();
    return p;
}

void *mr_realloc(void *p, size_t size) {
    p = realloc(p, size ? size : 1);
    if (!p) mr_oom();
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

#define HUGE_PAGE ((uintptr_t)2 << 20)
/* How far the heap grows at a time once mr_heap_huge_pages has been called:
 * room ahead of the allocations, so it is advised before it is touched. */
#define HEAP_STEP (32 << 20)

void mr_heap_huge_pages(void) {
#ifdef MADV_HUGEPAGE
    static uintptr_t advised; /* the heap is advised up to here */
    void *top = sbrk(0);
    if (top == (void *)-1) return;
    uintptr_t end = (uintptr_t)top & ~(HUGE_PAGE - 1);
    if (!advised) {
#ifdef __GLIBC__
        mallopt(M_TOP_PAD, HEAP_STEP);
#endif
        advised = ((uintptr_t)top + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        return;
    }
    if (end < advised) { /* the heap was trimmed: what grows back is new */
        advised = end;
    } else if (end > advised) {
        madvise((void *)advised, end - advised, MADV_HUGEPAGE);
        advised = end;
    }
#endif
}
