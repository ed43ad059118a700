/* Extraction dispatch: one record in, one article out, whatever the format. */
#include "extract/extract.h"

#include <string.h>

int marsad_extract(const marsad_record *rec, const marsad_corpus_hints *hints, mr_arena *arena,
                   marsad_article *out, const char **why) {
    memset(out, 0, sizeof *out);
    marsad_date_clear(&out->published);
    *why = NULL;
    if (rec->format == MARSAD_FORMAT_HTML) return mr_extract_html(rec, hints, arena, out, why);
    return mr_extract_text(rec, hints, arena, out, why);
}
