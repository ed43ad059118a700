/* From text layers to clustering features: the thin adapter between the
 * normalizer's marsad_text (tokens with index terms and flags) and the
 * clustering core's (field, term, flags) lists. Internal to src/cluster/.
 *
 * Fields: the title; the lead (the body's first two sentences); the rest of
 * the body. Stopwords and tokens without an index term are left out. Flags:
 *   NAME    a capitalised Latin word that does not start a sentence;
 *   ARABIC  an Arabic word: the core counts it name-like unless its term is
 *           marked common (the words of data/cluster_common_ar.txt, passed
 *           to the core with mr_featurizer_common);
 *   NUMBER  a figure; a figure followed by a word also yields the pair
 *           "figure word" (40 civilians, 12 نوفمبر), as a NUMBER term;
 *   CONCEPT a run of words listed in data/cluster_aliases.tsv, replaced by its
 *           language-neutral concept ("@WHO" for منظمة الصحة العالمية and
 *           World Health Organization alike).
 * Features come in text order; the core takes the body's as the word
 * sequence of its near-duplicate shingles. */
#ifndef MARSAD_CLUSTER_FEATURES_H
#define MARSAD_CLUSTER_FEATURES_H

#include "cluster/core.h"
#include "marsad.h"
#include "util/arena.h"

typedef struct mr_featurizer mr_featurizer;

/* Loads the word tables. nz (may be NULL: the tables are then read as
 * written, folded but not stemmed) turns table entries into index terms the
 * way article text is turned; it is borrowed and must outlive the featurizer. */
mr_featurizer *mr_featurizer_new(marsad_normalizer *nz);
void mr_featurizer_free(mr_featurizer *fz);
/* Fills doc's features from title and body (either may be NULL). The array
 * lives in the featurizer until the next call; doc's other fields are left
 * alone. */
void mr_featurize(mr_featurizer *fz, const marsad_text *title, const marsad_text *body,
                  mr_doc *doc);
/* Calls fn with the index term of each common word (for mr_core_mark_common). */
void mr_featurizer_common(const mr_featurizer *fz,
                          void (*fn)(void *ctx, const char *term, size_t len), void *ctx);

#endif
