/* Small read-only word sets (stopwords, the clitic keep-list) held as 64-bit
 * fingerprints: a lookup hashes the word inline and probes a table that fits
 * in the CPU's cache, with no key to compare. Two different words share a
 * fingerprint with probability 2^-64 per pair, which for lists of a few
 * thousand words is never. */
#include "text/text.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

void mr_fpset_init(mr_fpset *s) {
    s->cap = 64;
    s->count = 0;
    s->fps = mr_calloc(s->cap, sizeof *s->fps);
    s->values = mr_calloc(s->cap, 1);
}

void mr_fpset_free(mr_fpset *s) {
    free(s->fps);
    free(s->values);
    memset(s, 0, sizeof *s);
}

uint64_t mr_fpset_hash(const char *key, size_t len) {
    uint64_t h = XXH3_64bits(key, len);
    return h ? h : 1; /* 0 marks an empty slot */
}

static size_t slot_of(const mr_fpset *s, uint64_t fp) {
    size_t mask = s->cap - 1;
    size_t i = (size_t)(fp >> 32) & mask;
    while (s->fps[i] && s->fps[i] != fp) i = (i + 1) & mask;
    return i;
}

void mr_fpset_add(mr_fpset *s, const char *key, size_t len, uint8_t value) {
    if ((s->count + 1) * 2 > s->cap) { /* load at most 1/2: probes stay short */
        mr_fpset bigger = {mr_calloc(s->cap * 2, sizeof *s->fps), mr_calloc(s->cap * 2, 1),
                           s->cap * 2, 0};
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->fps[i]) continue;
            size_t j = slot_of(&bigger, s->fps[i]);
            bigger.fps[j] = s->fps[i];
            bigger.values[j] = s->values[i];
            bigger.count++;
        }
        mr_fpset_free(s);
        *s = bigger;
    }
    uint64_t fp = mr_fpset_hash(key, len);
    size_t i = slot_of(s, fp);
    if (!s->fps[i]) {
        s->fps[i] = fp;
        s->count++;
    }
    s->values[i] = value;
}

int mr_fpset_get(const mr_fpset *s, const char *key, size_t len) {
    return mr_fpset_get_fp(s, mr_fpset_hash(key, len));
}

int mr_fpset_get_fp(const mr_fpset *s, uint64_t fp) {
    if (!s->count) return 0;
    size_t i = slot_of(s, fp);
    return s->fps[i] ? s->values[i] : 0;
}
