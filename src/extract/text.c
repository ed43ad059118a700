/* PLACEHOLDER — owned by the plain-text extraction work. */
#include "extract/extract.h"
#include "util/arena.h"
int mr_extract_text(const marsad_record *rec, const marsad_corpus_hints *hints, mr_arena *arena, marsad_article *out, const char **why) {
    (void)hints;
    if (rec->len == 0) { *why = "empty"; return -1; }
    out->origin = rec->origin;
    out->body = mr_arena_strndup(arena, rec->data, rec->len);
    out->body_len = rec->len;
    out->title = rec->title;
    return 0;
}
