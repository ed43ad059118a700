/* libFuzzer target for plain-text extraction (src/extract/text.c): any bytes
 * as a scraped report. The first byte chooses what the container adds (a
 * title taken from the first line, an outlet, a URL, a time); each input is
 * extracted without corpus hints and with hints that have observed the
 * earlier inputs, so the template path runs too. */
#include "extract/extract.h"
#include "extract/hints.h"
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static marsad_corpus_hints *hints;
static mr_arena arena;

static void check_article(const marsad_article *a) {
    /* Touch everything the extractor returned: ASan catches bad pointers. */
    size_t total = 0;
    for (size_t i = 0; i < a->nparagraphs; i++) total += strlen(a->paragraphs[i]);
    for (size_t i = 0; i < a->ndropped; i++)
        total += strlen(a->dropped[i].text) + strlen(a->dropped[i].reason);
    if (a->title) total += strlen(a->title);
    if (a->outlet) total += strlen(a->outlet);
    if (a->author) total += strlen(a->author);
    if (a->outlet_from.evidence) total += strlen(a->outlet_from.evidence);
    if (a->published_from.evidence) total += strlen(a->published_from.evidence);
    if (a->body && strlen(a->body) != a->body_len) abort();
    (void)total;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!hints) {
        hints = mr_hints_new();
        mr_arena_init(&arena, 1 << 16);
    }
    if (size == 0) return 0;
    uint8_t flags = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    char title[128] = "";
    if (flags & 1) {
        size_t n = 0;
        while (n < len && n < sizeof title - 1 && text[n] != '\n') n++;
        memcpy(title, text, n);
        title[n] = 0;
    }
    marsad_record rec = {.origin = "fuzz",
                         .data = text,
                         .len = len,
                         .title = (flags & 1) ? title : NULL,
                         .outlet = (flags & 2) ? "Fuzz Outlet" : NULL,
                         .url = (flags & 4) ? "https://example.org/2020/05/06/story" : NULL,
                         .container_time = (flags & 8) ? 1600000000 : 0,
                         .date = (flags & 16) ? "12 نوفمبر 2018" : NULL};
    marsad_article a;
    const char *why;
    for (int with_hints = 0; with_hints < 2; with_hints++) {
        mr_arena_reset(&arena);
        int rc = mr_extract_text(&rec, with_hints ? hints : NULL, &arena, &a, &why);
        if (rc == 0) {
            check_article(&a);
            if (with_hints) mr_hints_observe(hints, &rec, &a);
        } else if (!why) {
            abort();
        }
    }
    return 0;
}
