/* PLACEHOLDER — owned by the HTML extraction work. */
#include "extract/extract.h"
int mr_extract_html(const marsad_record *rec, const marsad_corpus_hints *hints, mr_arena *arena, marsad_article *out, const char **why) {
    (void)rec; (void)hints; (void)arena; (void)out; *why = "HTML not supported yet"; return -1;
}
