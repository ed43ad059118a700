/* The fold without tokens (marsad_fold, mr_fold_text: the content hash's
 * match layer) takes Arabic words and the single spaces between them in its
 * fast loop; the normalizer's scan with tokens does not. Both must give the
 * same match layer and the same offsets, on random text made of the pieces
 * that meet at word edges: letters that fold or not, harakat, tatweel, runs
 * of spaces, line ends, punctuation, Latin, digits. */
#include "test.h"
#include "text/text.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdlib.h>

static uint32_t rng_state = 31337;
static uint32_t rnd(void) {
    return mr_test_rand(&rng_state);
}

static const char *const pieces[] = {"ق",  "ا", "ل", "م",       "ة", "أ",  "ى",  " ",
                                     " ",  " ", "َ",  "ّ",        "ـ", "  ", "\n", "،",
                                     ".",  "«", "»", "ab",      "C", "٣",  "12", "\xE2\x80\x8C",
                                     "\t", "پ", "ۀ", "\xC2\xA0"};

TEST(fold_fast_spaces_match_normalize) {
    marsad_normalizer *nz = marsad_normalizer_new();
    mr_arena arena;
    mr_arena_init(&arena, 1 << 16);
    mr_buf text = MR_BUF_INIT;
    int differ = 0, map_differ = 0, spaced = 0;
    for (int round = 0; round < 3000; round++) {
        mr_buf_clear(&text);
        size_t n = rnd() % 90;
        for (size_t i = 0; i < n; i++) {
            /* Mostly letters and single spaces: the fast path's input. */
            size_t pick = rnd() % 4 ? rnd() % 8 : rnd() % (sizeof pieces / sizeof pieces[0]);
            mr_buf_puts(&text, pieces[pick]);
        }
        mr_buf_putc(&text, 0);
        size_t len = strlen(text.data);
        mr_arena_reset(&arena);
        marsad_text t;
        marsad_normalize(nz, text.data, len, "ar", &arena, &t);
        char *fold;
        size_t fold_len;
        uint32_t *map;
        mr_fold_text(text.data, len, &arena, true, &fold, &fold_len, &map);
        if (fold_len != t.match_len || memcmp(fold, t.match, fold_len) != 0) {
            differ++;
            continue;
        }
        if (memcmp(map, t.match_to_display, (fold_len + 1) * sizeof *map) != 0) map_differ++;
        size_t plain_len;
        char *plain = marsad_fold(text.data, len, &plain_len);
        if (plain_len != fold_len || memcmp(plain, fold, fold_len) != 0) differ++;
        free(plain);
        if (memchr(fold, ' ', fold_len)) spaced++;
    }
    CHECK_INT(differ, 0);
    CHECK_INT(map_differ, 0);
    CHECK(spaced > 2000);
    mr_buf_free(&text);
    mr_arena_free(&arena);
    marsad_normalizer_free(nz);
}
