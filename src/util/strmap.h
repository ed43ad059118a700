/* Hash map from byte strings to 64-bit values, open addressing with linear
 * probing. Keys are copied into the map's own arena, so callers may pass
 * transient buffers. Used for stem caches, term ids, document frequencies. */
#ifndef MARSAD_UTIL_STRMAP_H
#define MARSAD_UTIL_STRMAP_H

#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mr_strmap_slot {
    const char *key; /* NULL when empty; NUL-terminated copy in the arena */
    uint32_t len;
    uint32_t hash;
    uint64_t value;
} mr_strmap_slot;

typedef struct mr_strmap {
    mr_strmap_slot *slots;
    size_t cap; /* power of two */
    size_t count;
    mr_arena keys;
} mr_strmap;

void mr_strmap_init(mr_strmap *m);
void mr_strmap_free(mr_strmap *m);
/* Returns the slot holding key, or NULL. */
mr_strmap_slot *mr_strmap_find(const mr_strmap *m, const char *key, size_t len);
/* Returns the slot for key, inserting it with value 0 when absent (*added says which). */
mr_strmap_slot *mr_strmap_upsert(mr_strmap *m, const char *key, size_t len, bool *added);
uint32_t mr_hash32(const void *p, size_t n);

#endif
