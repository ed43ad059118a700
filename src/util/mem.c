/* Checked heap allocation: see mem.h. */
#include "util/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
