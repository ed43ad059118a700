/* Extraction dispatch: one record in, one article out, whatever the format. */
#include "extract/extract.h"
#include "util/arena.h"

#include <string.h>

/* A record with a container title and no text (JSON lines often carry bare
 * headlines) is a headline-only article, not an empty one. */
static bool headline_only(const marsad_record *rec) {
    if (!rec->title || !*rec->title) return false;
    for (size_t i = 0; i < rec->len; i++) {
        char c = rec->data[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    }
    return true;
}

int marsad_extract(const marsad_record *rec, const marsad_corpus_hints *hints, mr_arena *arena,
                   marsad_article *out, const char **why) {
    memset(out, 0, sizeof *out);
    marsad_date_clear(&out->published);
    *why = NULL;
    int rc;
    if (headline_only(rec)) {
        out->title = mr_arena_strdup(arena, rec->title);
        out->body = "";
        out->format = rec->format;
        rc = 0;
    } else if (rec->format == MARSAD_FORMAT_HTML) {
        rc = mr_extract_html(rec, hints, arena, out, why);
    } else {
        rc = mr_extract_text(rec, hints, arena, out, why);
    }
    if (rc != 0) return rc;
    /* What the container says is the record's own account: fill any gap the
     * extractor left with it. */
    if (!out->origin) out->origin = rec->origin;
    if (!out->url && rec->url) out->url = mr_arena_strdup(arena, rec->url);
    if (!out->outlet && rec->outlet && *rec->outlet) {
        out->outlet = mr_arena_strdup(arena, rec->outlet);
        out->outlet_from.how = "container";
    }
    if (!out->author && rec->author && *rec->author)
        out->author = mr_arena_strdup(arena, rec->author);
    if (!marsad_date_is_complete(&out->published) && rec->date && *rec->date) {
        marsad_date d;
        if (marsad_date_parse_iso(rec->date, strlen(rec->date), &d) == 0) {
            out->published = d;
            out->published_from.how = "container";
            out->published_from.evidence = mr_arena_strdup(arena, rec->date);
        }
    }
    if (!out->body) out->body = "";
    if (!out->body_len) out->body_len = strlen(out->body);
    return 0;
}
