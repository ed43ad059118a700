/* libFuzzer target for HTML article extraction: the input (made valid UTF-8
 * the way the reader makes it) is parsed and extracted as a page; then every
 * string of the article is read, so sanitizers see any bad pointer, and the
 * article's invariants are checked (body = paragraphs joined by blank lines,
 * dropped blocks have reasons). The first byte picks whether the record has
 * a URL and an outlet of its own. */
#include "extract/extract.h"
#include "read/charset.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static size_t touch(const char *s) {
    return s ? strlen(s) : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    uint8_t flags = data[0];
    mr_buf utf8 = MR_BUF_INIT;
    const char *used;
    bool repaired;
    mr_charset_to_utf8((const char *)data + 1, size - 1, NULL, true, &utf8, &used, &repaired);

    marsad_record rec = {0};
    rec.origin = "fuzz";
    rec.data = utf8.data ? utf8.data : "";
    rec.len = utf8.len;
    rec.format = MARSAD_FORMAT_HTML;
    if (flags & 1) rec.url = "https://www.example.com/2020/01/02/some-story";
    if (flags & 2) rec.outlet = "Example";

    mr_arena arena;
    mr_arena_init(&arena, 0);
    marsad_article a;
    const char *why = NULL;
    int rc = marsad_extract(&rec, NULL, &arena, &a, &why);
    if (rc != 0 && !why) abort();
    size_t sum = touch(a.title) + touch(a.author) + touch(a.outlet) + touch(a.canonical_url) +
                 touch(a.lang) + touch(a.outlet_from.how) + touch(a.outlet_from.evidence) +
                 touch(a.published_from.how) + touch(a.published_from.evidence);
    size_t joined = 0;
    for (size_t i = 0; i < a.nparagraphs; i++) {
        size_t n = touch(a.paragraphs[i]);
        if (n == 0) abort(); /* no empty paragraphs */
        joined += n + (i ? 2 : 0);
    }
    if (rc == 0 && (a.body_len != joined || touch(a.body) != a.body_len)) abort();
    for (size_t i = 0; i < a.ndropped; i++) {
        if (!a.dropped[i].reason) abort();
        sum += touch(a.dropped[i].text);
    }
    (void)sum;
    mr_arena_free(&arena);
    mr_buf_free(&utf8);
    return 0;
}
