/* mr_heap_huge_pages (src/util/mem.c): heap memory grown into between two
 * calls is advised for transparent huge pages ("hg" in its VmFlags). Only
 * checked where the system has THP and malloc uses the heap (not under the
 * sanitizers, whose allocator maps its own memory). */
#include "test.h"
#include "util/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool thp_available(void) {
    FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
    if (!f) return false;
    char line[128] = {0};
    bool ok = fgets(line, sizeof line, f) && !strstr(line, "[never]");
    fclose(f);
    return ok;
}

/* Whether the mapping holding p carries the huge-page advice. */
static bool advised_huge(const void *p) {
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f) return false;
    char line[512];
    bool inside = false, found = false;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
            inside = (uintptr_t)p >= lo && (uintptr_t)p < hi;
        } else if (inside && strncmp(line, "VmFlags:", 8) == 0) {
            found = strstr(line, " hg") != NULL;
            break;
        }
    }
    fclose(f);
    return found;
}

TEST(mem_heap_grown_into_is_advised_huge) {
    mr_heap_huge_pages();
    uintptr_t first = ((uintptr_t)sbrk(0) + ((uintptr_t)2 << 20) - 1) & ~(((uintptr_t)2 << 20) - 1);
    /* Small blocks come from the heap: take them until one lies a whole huge
     * page past where the heap ended at the first call. */
    enum { BLOCK = 32 * 1024, MAX_BLOCKS = 4096 };
    void **blocks = mr_calloc(MAX_BLOCKS, sizeof *blocks);
    size_t n = 0;
    char *beyond = NULL;
    while (n < MAX_BLOCKS) {
        char *b = mr_malloc(BLOCK);
        blocks[n++] = b;
        if ((uintptr_t)b >= first + ((uintptr_t)2 << 20) && (uintptr_t)b < (uintptr_t)sbrk(0)) {
            beyond = b;
            break;
        }
    }
    mr_heap_huge_pages();
    if (beyond && thp_available()) {
        CHECK(advised_huge(beyond));
    } else {
        printf("  (mem_heap: no THP or no heap allocator here; advice not checked)\n");
    }
    for (size_t i = 0; i < n; i++) free(blocks[i]);
    free(blocks);
}
