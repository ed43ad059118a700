/* libFuzzer target: the normalize stage on arbitrary bytes. The first byte
 * picks the language handed to marsad_normalize; the rest is the text. The
 * target checks what callers rely on: the match layer is valid UTF-8 and its
 * offsets into the display text never decrease nor pass its end; token spans
 * lie inside the text on character boundaries; every word token has a match
 * string and the same term through marsad_index_term; marsad_fold agrees
 * with the match layer; language id returns a code. */
#include "marsad.h"
#include "util/arena.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const langs[] = {"ar", "en", "fr", "es", "pt", "de",
                                    "ru", "sl", "zh", NULL, "xx"};

/* A token is whole characters: decoded within its own span, none is invalid. */
static bool whole_chars(const uint8_t *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = mr_utf8_decode(s + i, n - i, &cp);
        if (cp == MR_UTF8_INVALID) return false;
        i += k;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static marsad_normalizer *nz;
    if (!nz) nz = marsad_normalizer_new(); /* one for the whole run: its caches get exercised */
    if (size == 0) return 0;
    const char *lang = langs[data[0] % (sizeof langs / sizeof *langs)];
    const char *text = (const char *)data + 1;
    size_t n = size - 1;

    mr_arena arena;
    mr_arena_init(&arena, 0);
    marsad_text t;
    marsad_normalize(nz, text, n, lang, &arena, &t);
    if (mr_utf8_valid_prefix(t.match, t.match_len) != t.match_len) abort();
    if (strlen(t.match) != t.match_len) abort();
    for (size_t i = 0; i <= t.match_len; i++) {
        if (t.match_to_display[i] > n) abort();
        if (i && t.match_to_display[i] < t.match_to_display[i - 1]) abort();
    }
    size_t flen;
    char *folded = marsad_fold(text, n, &flen);
    if (flen != t.match_len || memcmp(folded, t.match, flen) != 0) abort();
    free(folded);
    for (size_t i = 0; i < t.ntokens; i++) {
        const marsad_token *k = &t.tokens[i];
        if (k->len == 0 || (size_t)k->start + k->len > n) abort();
        if (!whole_chars((const uint8_t *)text + k->start, k->len)) abort();
        if (!k->match) abort();
        if ((k->term == NULL) != ((k->flags & MARSAD_TOK_STOPWORD) != 0) &&
            !(k->flags & MARSAD_TOK_NUMBER))
            abort();
        const char *term = marsad_index_term(nz, text + k->start, k->len, lang);
        if ((term == NULL) != (k->term == NULL)) abort();
        if (term && strcmp(term, k->term) != 0) abort();
    }
    const char *code = marsad_detect_language(text, n);
    if (!code || !*code) abort();
    mr_arena_free(&arena);
    return 0;
}
