/* `marsad eval`: runs a labelled stream through the engine, in time order,
 * into a scratch database, reads back the events and storylines each item
 * ended in (after merges), and scores them against the gold labels, overall
 * and per language. */
#ifndef MARSAD_EVAL_EVAL_H
#define MARSAD_EVAL_EVAL_H

#include "eval/labels.h"
#include "eval/metrics.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct mr_eval_group {
    const char *name; /* "all" or the language as the data spells it */
    mr_scores events;
    mr_scores
        storylines; /* against the storyline labels, or the event labels when there are none */
} mr_eval_group;

typedef struct mr_eval_report {
    size_t items;              /* labelled items run */
    size_t skipped;            /* items the engine could not store (scored as singletons) */
    size_t seen;               /* items the engine read as the same report as an earlier one */
    size_t copies;             /* items marked as copies of an earlier article */
    double seconds;            /* ingest time */
    bool has_storylines;       /* the data labels storylines */
    bool storylines_vs_events; /* it does not: storylines were scored against the event labels */
    bool events_only;          /* mr_eval_other: no storylines were scored */
    size_t other_missing;      /* mr_eval_other: items without a label there */
    mr_eval_group *groups;     /* groups[0] is "all"; then each language, by item count */
    size_t ngroups;
    /* Gold events with items in several languages, and how many of them have
     * items of two or more languages in one predicted event. */
    size_t cross_gold, cross_joined;
} mr_eval_report;

/* Called every `every` items with the count done (progress display). */
typedef void (*mr_eval_progress_fn)(void *ctx, size_t done, size_t total);

/* Runs s (sorted by time first) through a fresh engine database at db_path
 * (removed first when it exists). Returns 0, or -1 and sets *err. */
int mr_eval_run(mr_labelled_stream *s, const char *db_path, mr_eval_progress_fn progress, void *ctx,
                mr_eval_report *out, char **err);
/* Scores, in place of the engine's events, the labelling s was read with
 * under other_key (another system's clusters): events only, overall and per
 * language, with the cross-language count; an item without such a label is
 * a cluster of its own. The engine is not run. */
void mr_eval_other(mr_labelled_stream *s, mr_eval_report *out);
void mr_eval_report_free(mr_eval_report *r);

#endif
