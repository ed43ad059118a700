/* Two small hash tables for the clustering core, open addressing with linear
 * probing and backward-shift deletion (so no tombstones pile up as objects
 * come and go):
 *   mr_idmap        int64 id (> 0) → pointer, for the live events and storylines;
 *   mr_u64multimap  uint64 key → several uint64 values, for the LSH bands and
 *                   exact hashes of recent documents.
 * Both own their slot arrays only; the pointers stored are the caller's. */
#ifndef MARSAD_CLUSTER_IDMAP_H
#define MARSAD_CLUSTER_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mr_idmap_slot {
    int64_t id; /* 0: empty */
    void *value;
} mr_idmap_slot;

typedef struct mr_idmap {
    mr_idmap_slot *slots;
    size_t cap, count; /* cap a power of two */
} mr_idmap;

void mr_idmap_init(mr_idmap *m);
void mr_idmap_free(mr_idmap *m);
void *mr_idmap_get(const mr_idmap *m, int64_t id);
/* Inserts or replaces. */
void mr_idmap_put(mr_idmap *m, int64_t id, void *value);
/* Removes id; returns its value or NULL. */
void *mr_idmap_remove(mr_idmap *m, int64_t id);

typedef struct mr_u64pair {
    uint64_t key;
    uint64_t value; /* stored + 1; 0 marks an empty slot */
} mr_u64pair;

typedef struct mr_u64multimap {
    mr_u64pair *slots;
    size_t cap, count;
} mr_u64multimap;

void mr_u64multimap_init(mr_u64multimap *m);
void mr_u64multimap_free(mr_u64multimap *m);
void mr_u64multimap_add(mr_u64multimap *m, uint64_t key, uint64_t value);
/* Removes one (key, value) pair when present. */
void mr_u64multimap_remove(mr_u64multimap *m, uint64_t key, uint64_t value);
/* Starts fetching the slots where key's values lie, ahead of a get or add. */
void mr_u64multimap_prefetch(const mr_u64multimap *m, uint64_t key);
/* Writes up to max values stored under key; returns how many there are. */
size_t mr_u64multimap_get(const mr_u64multimap *m, uint64_t key, uint64_t *out, size_t max);

/* Asks the kernel to back a large table with huge pages, where it can: the
 * clustering's tables are read at random, and with 4 KiB pages nearly every
 * lookup in them also missed the TLB. Best effort; a no-op for small ones. */
void mr_advise_huge(void *p, size_t bytes);

#endif
