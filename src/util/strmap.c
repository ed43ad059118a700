/* Hash map from byte strings to 64-bit values: see strmap.h. */
#include "util/strmap.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

uint32_t mr_hash32(const void *p, size_t n) {
    return (uint32_t)XXH3_64bits(p, n);
}

void mr_strmap_init(mr_strmap *m) {
    m->cap = 64;
    m->count = 0;
    m->slots = mr_calloc(m->cap, sizeof(*m->slots));
    mr_arena_init(&m->keys, 64 * 1024);
}

void mr_strmap_free(mr_strmap *m) {
    free(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
    mr_arena_free(&m->keys);
}

static mr_strmap_slot *probe(const mr_strmap *m, const char *key, size_t len, uint32_t h) {
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        mr_strmap_slot *s = &m->slots[i];
        if (!s->key) return s;
        if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0) return s;
    }
}

mr_strmap_slot *mr_strmap_find(const mr_strmap *m, const char *key, size_t len) {
    mr_strmap_slot *s = probe(m, key, len, mr_hash32(key, len));
    return s->key ? s : NULL;
}

static void rehash(mr_strmap *m) {
    mr_strmap_slot *old = m->slots;
    size_t oldcap = m->cap;
    m->cap *= 2;
    m->slots = mr_calloc(m->cap, sizeof(*m->slots));
    size_t mask = m->cap - 1;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].key) continue;
        size_t j = old[i].hash & mask;
        while (m->slots[j].key) j = (j + 1) & mask;
        m->slots[j] = old[i];
    }
    free(old);
}

mr_strmap_slot *mr_strmap_upsert(mr_strmap *m, const char *key, size_t len, bool *added) {
    uint32_t h = mr_hash32(key, len);
    mr_strmap_slot *s = probe(m, key, len, h);
    if (s->key) {
        if (added) *added = false;
        return s;
    }
    if ((m->count + 1) * 4 > m->cap * 3) {
        rehash(m);
        s = probe(m, key, len, h);
    }
    s->key = mr_arena_strndup(&m->keys, key, len);
    s->len = (uint32_t)len;
    s->hash = h;
    s->value = 0;
    m->count++;
    if (added) *added = true;
    return s;
}
