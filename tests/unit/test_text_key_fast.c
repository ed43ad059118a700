/* The match key's fast path for Arabic words (lines.c, key_into): a word's
 * key must be the keys of its characters one by one, put together, as the
 * general path makes it. Random Arabic text (letters that fold and letters
 * that do not, harakat, tatweel, Persian and supplement letters, spaces) is
 * keyed whole and character by character. */
#include "extract/textx.h"
#include "test.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdlib.h>

static uint32_t rng_state = 777;
static uint32_t rnd(void) {
    return mr_test_rand(&rng_state);
}

static const char *const pieces[] = {"ق", "ا", "ل", "م", "أ", "إ", "آ", "ة", "ى",
                                     "ي", "ؤ", "ئ", "ء", "ـ", "َ",  "ّ",  "ْ",  "ٰ",
                                     "ٵ", "پ", "ک", "ی", "ۀ", "ݐ", " "};

/* Fills text with fewer than max_pieces pieces and a NUL: mostly the plain
 * letters (the first 12), so that long runs occur. */
static void random_text(mr_buf *text, size_t max_pieces) {
    mr_buf_clear(text);
    size_t n = rnd() % max_pieces;
    for (size_t i = 0; i < n; i++) {
        size_t pick = rnd() % 3 ? rnd() % 12 : rnd() % (sizeof pieces / sizeof pieces[0]);
        mr_buf_puts(text, pieces[pick]);
    }
    mr_buf_putc(text, 0);
}

/* The key as the general path builds it: each character keyed alone, words
 * (runs without a space) joined by one space. */
static void reference_key(const char *s, mr_buf *out) {
    mr_buf_clear(out);
    bool word_open = false;
    size_t i = 0, n = strlen(s);
    while (i < n) {
        size_t k = 1;
        while (i + k < n && ((unsigned char)s[i + k] & 0xC0) == 0x80) k++;
        if (s[i] == ' ') {
            word_open = false;
        } else {
            size_t klen;
            char *key = mr_text_key_heap(s + i, k, &klen);
            if (klen) {
                if (!word_open && out->len) mr_buf_putc(out, ' ');
                mr_buf_append(out, key, klen);
                word_open = true;
            }
            free(key);
        }
        i += k;
    }
    mr_buf_putc(out, 0);
}

TEST(text_key_fast_path_matches_general_path) {
    mr_buf text = MR_BUF_INIT, want = MR_BUF_INIT;
    int differ = 0, long_keys = 0;
    for (int round = 0; round < 4000; round++) {
        random_text(&text, 120);
        reference_key(text.data, &want);
        size_t len;
        char *key = mr_text_key_heap(text.data, strlen(text.data), &len);
        if (len != strlen(want.data) || memcmp(key, want.data, len) != 0) differ++;
        if (len > 40) long_keys++;
        free(key);
    }
    CHECK_INT(differ, 0);
    CHECK(long_keys > 1000);
    /* Folds the fast path must apply: hamza forms, ta marbuta and alif
     * maqsura fold; tatweel and harakat drop. */
    size_t len;
    char *k = mr_text_key_heap("أحمـد مدرسةٌ إلى", strlen("أحمـد مدرسةٌ إلى"), &len);
    char *w = mr_text_key_heap("احمد مدرسه الي", strlen("احمد مدرسه الي"), &len);
    CHECK_STR(k, w);
    free(k);
    free(w);
    mr_buf_free(&text);
    mr_buf_free(&want);
}

/* A line's word count comes with its key: one word per run the key holds. */
TEST(text_key_fast_path_counts_words) {
    mr_buf text = MR_BUF_INIT;
    mr_arena arena;
    mr_arena_init(&arena, 1 << 16);
    int wrong = 0, lines = 0;
    for (int round = 0; round < 2000; round++) {
        random_text(&text, 40);
        mr_arena_reset(&arena);
        mr_textdoc d = {0};
        d.arena = &arena;
        mr_text_split(&d, text.data, strlen(text.data));
        for (size_t i = 0; i < d.nlines; i++) {
            const mr_tline *t = &d.lines[i];
            if (!t->key) continue;
            unsigned words = t->keylen ? 1 : 0;
            for (uint32_t k = 0; k < t->keylen; k++) words += t->key[k] == ' ';
            if (words != t->nwords) wrong++;
            lines++;
        }
    }
    CHECK_INT(wrong, 0);
    CHECK(lines > 1500);
    mr_arena_free(&arena);
    mr_buf_free(&text);
}
