/* Tests of the stem cache (src/text/cache.c): entries come back as stored,
 * memory stays bounded by rotating generations, words in use survive a
 * rotation, and the normalizer gives the same layers whether a word was
 * cached or not. */
#include "marsad.h"
#include "test.h"
#include "text/text.h"
#include "util/arena.h"

#include <stdio.h>
#include <string.h>

static void put_word(mr_term_cache *c, const char *key, const char *match, const char *term) {
    mr_word_layers w = {match, strlen(match), term, term ? strlen(term) : 0,
                        term ? 0 : MARSAD_TOK_STOPWORD};
    mr_cached_word out;
    CHECK(mr_term_cache_put(c, 1, key, strlen(key), mr_term_cache_hash(1, key, strlen(key)), &w,
                            &out));
    CHECK_STR(out.match, match);
}

static bool get_word(mr_term_cache *c, int lang, const char *key, mr_cached_word *out) {
    return mr_term_cache_get(c, lang, key, strlen(key), mr_term_cache_hash(lang, key, strlen(key)),
                             out);
}

TEST(cache_roundtrip) {
    mr_term_cache *c = mr_term_cache_new(100);
    put_word(c, "والقوات", "والقوات", "قوا");
    put_word(c, "في", "في", NULL);
    mr_cached_word w;
    CHECK(get_word(c, 1, "والقوات", &w));
    CHECK_STR(w.match, "والقوات");
    CHECK_STR(w.term, "قوا");
    CHECK_INT(w.term_len, strlen("قوا"));
    CHECK(get_word(c, 1, "في", &w));
    CHECK(w.term == NULL);
    CHECK(w.flags & MARSAD_TOK_STOPWORD);
    CHECK(!get_word(c, 2, "في", &w)); /* the language is part of the key */
    CHECK(!get_word(c, 1, "فيه", &w));
    mr_term_cache_free(c);
}

TEST(cache_bounded_rotation) {
    mr_term_cache *c = mr_term_cache_new(100);
    char key[32];
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "w%d", i);
        put_word(c, key, key, key);
        /* A word used all along stays reachable across rotations. */
        mr_cached_word w;
        if (i % 10 == 0) put_word(c, "hot", "hot", "h");
        CHECK(get_word(c, 1, "hot", &w));
    }
    CHECK(mr_term_cache_rotations(c) >= 5);
    CHECK(mr_term_cache_count(c) <= 200);
    mr_cached_word w;
    CHECK(get_word(c, 1, "w999", &w));
    CHECK_STR(w.term, "w999");
    CHECK(!get_word(c, 1, "w1", &w)); /* long gone */
    mr_term_cache_free(c);
}

TEST(cache_hit_equals_miss) {
    /* Normalizing a text twice (second time from the cache) gives the same tokens. */
    marsad_normalizer *nz = marsad_normalizer_new();
    mr_arena a;
    mr_arena_init(&a, 0);
    const char *s = "وقالت القوات إن التحالف الدولي نفى مقتل ٤٠ مدنيا، وأضاف the Coalition said.";
    marsad_text t1, t2;
    marsad_normalize(nz, s, strlen(s), "ar", &a, &t1);
    marsad_normalize(nz, s, strlen(s), "ar", &a, &t2);
    CHECK_INT(t1.ntokens, t2.ntokens);
    for (size_t i = 0; i < t1.ntokens && i < t2.ntokens; i++) {
        CHECK_STR(t1.tokens[i].match, t2.tokens[i].match);
        CHECK((t1.tokens[i].term == NULL) == (t2.tokens[i].term == NULL));
        if (t1.tokens[i].term && t2.tokens[i].term) CHECK_STR(t1.tokens[i].term, t2.tokens[i].term);
        CHECK_INT(t1.tokens[i].flags, t2.tokens[i].flags);
    }
    mr_arena_free(&a);
    marsad_normalizer_free(nz);
}
