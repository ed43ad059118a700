/* libFuzzer target for the HTML path: charset conversion (read/charset.h),
 * then mr_html_parse on its output, then a walk checking the tree's
 * parent/child/sibling invariants (mr_html_check) and reading every text and
 * attribute byte, so sanitizers see any bad pointer. The first input byte
 * picks the declared charset, the rest is the page. */
#include "html/html.h"
#include "html/html_internal.h"
#include "read/charset.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const declared[] = {NULL,
                                       "utf-8",
                                       "windows-1256",
                                       "iso-8859-1",
                                       "utf-16le",
                                       "utf-16be",
                                       "text/html; charset=koi8-r",
                                       "iso-8859-6"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    const char *http = declared[data[0] % (sizeof declared / sizeof declared[0])];
    mr_buf utf8 = MR_BUF_INIT;
    const char *used;
    bool repaired;
    mr_charset_to_utf8((const char *)data + 1, size - 1, http, (data[0] & 8) != 0, &utf8, &used,
                       &repaired);
    if (!used) abort();

    mr_arena arena;
    mr_arena_init(&arena, 0);
    /* The raw bytes too: the parser must survive input that is not UTF-8. */
    const char *inputs[2] = {utf8.data, (const char *)data + 1};
    size_t lens[2] = {utf8.len, size - 1};
    for (int k = 0; k < 2; k++) {
        mr_html_doc *doc = mr_html_parse(inputs[k], lens[k], &arena);
        const char *bad = mr_html_check(doc);
        if (bad) {
            fprintf(stderr, "tree invariant broken: %s\n", bad);
            abort();
        }
        unsigned sum = 0;
        const mr_node *n = doc->root;
        while (n) {
            for (uint32_t i = 0; i < n->text_len; i++) sum += (unsigned char)n->text[i];
            for (uint16_t i = 0; i < n->nattrs; i++)
                sum += (unsigned)strlen(n->attrs[i].name) + (unsigned)strlen(n->attrs[i].value);
            if (n->name) sum += (unsigned)strlen(n->name);
            if (n->first_child) {
                n = n->first_child;
                continue;
            }
            while (n && !n->next) n = n->parent;
            if (n) n = n->next;
        }
        if (sum == 0xFFFFFFFFu) fprintf(stderr, "unlikely\n");
        mr_arena_reset(&arena);
    }
    mr_arena_free(&arena);
    mr_buf_free(&utf8);
    return 0;
}
