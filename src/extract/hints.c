/* PLACEHOLDER (owned by the plain-text extraction work): corpus hints that remember nothing yet. */
#include "extract/hints.h"
#include "util/mem.h"

#include <stdlib.h>

struct marsad_corpus_hints {
    int unused;
};

marsad_corpus_hints *mr_hints_new(void) { return mr_calloc(1, sizeof(marsad_corpus_hints)); }
void mr_hints_free(marsad_corpus_hints *h) { free(h); }
int mr_hints_load(marsad_corpus_hints *h, sqlite3 *db, char **err) {
    (void)h;
    (void)db;
    (void)err;
    return 0;
}
void mr_hints_observe(marsad_corpus_hints *h, const marsad_record *rec, const marsad_article *a) {
    (void)h;
    (void)rec;
    (void)a;
}
int mr_hints_save(marsad_corpus_hints *h, sqlite3 *db, char **err) {
    (void)h;
    (void)db;
    (void)err;
    return 0;
}
