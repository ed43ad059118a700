/* Corpus hints: a line that recurs across many reports of one outlet is site
 * template (a slogan, a standing notice, a menu), not news.
 *
 * The hints count, per outlet and per line (by a hash of its match key), how
 * many distinct reports carried the line. A report counts once, and a report
 * whose title or lead was already counted does not count again, so one
 * outlet re-running the same article cannot make its lines template. A line
 * seen in MR_HINTS_TEMPLATE_REPORTS reports is template from then on.
 * Memory is bounded: only lines up to MR_HINTS_MAX_LINE_BYTES are counted,
 * each outlet keeps at most MR_HINTS_PER_OUTLET lines and the whole table
 * MR_HINTS_MAX_LINES; when full, lines seen once are forgotten first.
 *
 * The engine owns the object: load on open, observe after each stored
 * article, save before each commit (inside its transaction). */
#ifndef MARSAD_EXTRACT_HINTS_H
#define MARSAD_EXTRACT_HINTS_H

#include "marsad.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#define MR_HINTS_TEMPLATE_REPORTS 3
#define MR_HINTS_MAX_LINE_BYTES 300
#define MR_HINTS_PER_OUTLET 8192
#define MR_HINTS_MAX_LINES (1u << 18)

marsad_corpus_hints *mr_hints_new(void);
void mr_hints_free(marsad_corpus_hints *h);
/* Creates its table (template_lines) if absent and loads the counts.
 * Returns 0, or -1 and sets *err (heap; the caller frees). */
int mr_hints_load(marsad_corpus_hints *h, sqlite3 *db, char **err);
/* Counts the title and paragraphs of a stored report under its outlet. */
void mr_hints_observe(marsad_corpus_hints *h, const marsad_record *rec, const marsad_article *a);
/* Writes the counts that changed since the last save (lines seen in two
 * reports or more: a line seen once is not worth a row). Called inside the
 * engine's transaction. Returns 0, or -1 and sets *err. */
int mr_hints_save(marsad_corpus_hints *h, sqlite3 *db, char **err);

/* For extraction --------------------------------------------------------- */

/* The hash the hints file a report's lines under: the container's outlet,
 * else the URL's host, else the outlet the text named (text_outlet, may be
 * NULL). 0 when there is none. */
uint64_t mr_hints_source_hash(const marsad_record *rec, const char *text_outlet);
/* True when the line (by the hash of its match key, mr_text_key) is template
 * for that source. */
bool mr_hints_is_template(const marsad_corpus_hints *h, uint64_t source_hash, uint64_t line_hash);
/* True when the source has any template line: extraction skips the line
 * lookups otherwise. */
bool mr_hints_has_templates(const marsad_corpus_hints *h, uint64_t source_hash);
/* Number of lines the hints hold (for tests and stats). */
size_t mr_hints_size(const marsad_corpus_hints *h);

#endif
