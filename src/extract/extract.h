/* Extraction entry points per input format, and the corpus hints that let
 * extraction recognise site template lines. marsad_extract (extract.c)
 * dispatches on the record's format. */
#ifndef MARSAD_EXTRACT_H
#define MARSAD_EXTRACT_H

#include "marsad.h"

/* Plain text as a scraper saved it: src/extract/text.c. */
int mr_extract_text(const marsad_record *rec, const marsad_corpus_hints *hints, mr_arena *arena,
                    marsad_article *out, const char **why);

/* An HTML page: src/html/. */
int mr_extract_html(const marsad_record *rec, const marsad_corpus_hints *hints, mr_arena *arena,
                    marsad_article *out, const char **why);

#endif
