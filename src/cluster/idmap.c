/* Hash tables of the clustering core: see idmap.h. */
#include "cluster/idmap.h"
#include "util/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* A 64-bit mixer (splitmix64's finaliser): ids and keys arrive in runs. */
static inline uint64_t mix64(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* Below this a table gains little from huge pages. */
#define HUGE_MIN (4u << 20)
#define PAGE 4096u

void mr_advise_huge(void *p, size_t bytes) {
#ifdef MADV_HUGEPAGE
    if (bytes < HUGE_MIN) return;
    uintptr_t start = ((uintptr_t)p + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    uintptr_t end = ((uintptr_t)p + bytes) & ~(uintptr_t)(PAGE - 1);
    if (end > start) madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)p, (void)bytes;
#endif
}

void mr_idmap_init(mr_idmap *m) {
    m->cap = 64;
    m->count = 0;
    m->slots = mr_calloc(m->cap, sizeof *m->slots);
}

void mr_idmap_free(mr_idmap *m) {
    free(m->slots);
    memset(m, 0, sizeof *m);
}

static size_t idmap_find(const mr_idmap *m, int64_t id) {
    size_t mask = m->cap - 1;
    size_t i = mix64((uint64_t)id) & mask;
    while (m->slots[i].id && m->slots[i].id != id) i = (i + 1) & mask;
    return i;
}

void *mr_idmap_get(const mr_idmap *m, int64_t id) {
    if (id <= 0) return NULL;
    size_t i = idmap_find(m, id);
    return m->slots[i].id ? m->slots[i].value : NULL;
}

static void idmap_grow(mr_idmap *m) {
    mr_idmap_slot *old = m->slots;
    size_t oldcap = m->cap;
    m->cap *= 2;
    m->slots = mr_calloc(m->cap, sizeof *m->slots);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].id) m->slots[idmap_find(m, old[i].id)] = old[i];
    free(old);
}

void mr_idmap_put(mr_idmap *m, int64_t id, void *value) {
    if ((m->count + 1) * 4 > m->cap * 3) idmap_grow(m);
    size_t i = idmap_find(m, id);
    if (!m->slots[i].id) m->count++;
    m->slots[i].id = id;
    m->slots[i].value = value;
}

void *mr_idmap_remove(mr_idmap *m, int64_t id) {
    if (id <= 0) return NULL;
    size_t mask = m->cap - 1;
    size_t i = idmap_find(m, id);
    if (!m->slots[i].id) return NULL;
    void *value = m->slots[i].value;
    /* Backward shift: pull later members of the probe run into the hole
     * unless their home lies cyclically after the hole. */
    size_t hole = i;
    for (size_t j = (i + 1) & mask; m->slots[j].id; j = (j + 1) & mask) {
        size_t home = mix64((uint64_t)m->slots[j].id) & mask;
        bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
            m->slots[hole] = m->slots[j];
            hole = j;
        }
    }
    m->slots[hole].id = 0;
    m->slots[hole].value = NULL;
    m->count--;
    return value;
}

void mr_u64multimap_init(mr_u64multimap *m) {
    m->cap = 64;
    m->count = 0;
    m->slots = mr_calloc(m->cap, sizeof *m->slots);
}

void mr_u64multimap_free(mr_u64multimap *m) {
    free(m->slots);
    memset(m, 0, sizeof *m);
}

static void multimap_grow(mr_u64multimap *m) {
    mr_u64pair *old = m->slots;
    size_t oldcap = m->cap;
    m->cap *= 2;
    m->slots = mr_calloc(m->cap, sizeof *m->slots);
    mr_advise_huge(m->slots, m->cap * sizeof *m->slots);
    size_t mask = m->cap - 1;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].value) continue;
        size_t j = mix64(old[i].key) & mask;
        while (m->slots[j].value) j = (j + 1) & mask;
        m->slots[j] = old[i];
    }
    free(old);
}

void mr_u64multimap_add(mr_u64multimap *m, uint64_t key, uint64_t value) {
    if ((m->count + 1) * 4 > m->cap * 3) multimap_grow(m);
    size_t mask = m->cap - 1;
    size_t i = mix64(key) & mask;
    while (m->slots[i].value) i = (i + 1) & mask;
    m->slots[i].key = key;
    m->slots[i].value = value + 1;
    m->count++;
}

void mr_u64multimap_remove(mr_u64multimap *m, uint64_t key, uint64_t value) {
    size_t mask = m->cap - 1;
    size_t i = mix64(key) & mask;
    while (m->slots[i].value && !(m->slots[i].key == key && m->slots[i].value == value + 1))
        i = (i + 1) & mask;
    if (!m->slots[i].value) return;
    size_t hole = i;
    for (size_t j = (i + 1) & mask; m->slots[j].value; j = (j + 1) & mask) {
        size_t home = mix64(m->slots[j].key) & mask;
        bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
        if (movable) {
            m->slots[hole] = m->slots[j];
            hole = j;
        }
    }
    m->slots[hole].key = 0;
    m->slots[hole].value = 0;
    m->count--;
}

void mr_u64multimap_prefetch(const mr_u64multimap *m, uint64_t key) {
    __builtin_prefetch(&m->slots[mix64(key) & (m->cap - 1)]);
}

size_t mr_u64multimap_get(const mr_u64multimap *m, uint64_t key, uint64_t *out, size_t max) {
    size_t mask = m->cap - 1, found = 0;
    for (size_t i = mix64(key) & mask; m->slots[i].value; i = (i + 1) & mask) {
        if (m->slots[i].key != key) continue;
        if (found < max) out[found] = m->slots[i].value - 1;
        found++;
    }
    return found;
}
