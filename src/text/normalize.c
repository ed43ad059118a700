/* PLACEHOLDER — owned by the normalization work; replaced by the real text layers. */
#include "marsad.h"
#include "util/mem.h"
#include "util/arena.h"
#include <stdlib.h>
#include <string.h>
char *marsad_fold(const char *s, size_t n, size_t *out_len) { *out_len = n; return mr_strndup(s, n); }
struct marsad_normalizer { int unused; };
marsad_normalizer *marsad_normalizer_new(void) { return mr_calloc(1, sizeof(marsad_normalizer)); }
void marsad_normalizer_free(marsad_normalizer *nz) { free(nz); }
void marsad_normalize(marsad_normalizer *nz, const char *display, size_t len, const char *lang, mr_arena *arena, marsad_text *out) {
    (void)nz; (void)arena; memset(out, 0, sizeof *out); out->display = display; out->display_len = len; out->lang = lang;
}
const char *marsad_index_term(marsad_normalizer *nz, const char *word, size_t len, const char *lang) { (void)nz; (void)word; (void)len; (void)lang; return NULL; }
const char *marsad_detect_language(const char *text, size_t len) { (void)text; (void)len; return "und"; }
