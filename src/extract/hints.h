/* PLACEHOLDER (owned by the plain-text extraction work; the API below is the agreed contract).
 * Corpus hints: lines that recur across many reports of one outlet are site template. */
#ifndef MARSAD_EXTRACT_HINTS_H
#define MARSAD_EXTRACT_HINTS_H

#include "marsad.h"

#include <sqlite3.h>

marsad_corpus_hints *mr_hints_new(void);
void mr_hints_free(marsad_corpus_hints *h);
/* Creates its table if absent and loads the counts. */
int mr_hints_load(marsad_corpus_hints *h, sqlite3 *db, char **err);
/* Records the lines of a stored report under its outlet. */
void mr_hints_observe(marsad_corpus_hints *h, const marsad_record *rec, const marsad_article *a);
/* Writes what changed since the last save; called inside the engine's transaction. */
int mr_hints_save(marsad_corpus_hints *h, sqlite3 *db, char **err);

#endif
