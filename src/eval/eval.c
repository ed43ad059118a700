/* `marsad eval`: a labelled stream through the engine, then scores (see eval.h). */
#include "eval/eval.h"
#include "engine.h"
#include "marsad.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/data.h"
#include "util/mem.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The data sets name languages in ISO 639-3 (og2021: eng, ara); the engine
 * wants ISO 639-1. data/cluster_lang_codes.tsv maps one to the other. */
static void add_code(const char *line, size_t len, void *ctx) {
    const char *tab = memchr(line, '\t', len);
    if (!tab) return;
    mr_strmap_slot *s = mr_strmap_upsert(ctx, line, (size_t)(tab - line), NULL);
    s->value = (uint64_t)(uintptr_t)mr_strndup(tab + 1, len - (size_t)(tab + 1 - line));
}

static void free_codes(mr_strmap *m) {
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key) free((void *)(uintptr_t)m->slots[i].value);
    mr_strmap_free(m);
}

static const char *engine_lang(const mr_strmap *codes, const char *lang) {
    if (!lang || !*lang) return NULL;
    mr_strmap_slot *s = mr_strmap_find(codes, lang, strlen(lang));
    return s ? (const char *)(uintptr_t)s->value : lang;
}

static int64_t label_id(mr_strmap *m, const char *label) {
    bool added;
    mr_strmap_slot *s = mr_strmap_upsert(m, label, strlen(label), &added);
    if (added) s->value = m->count;
    return (int64_t)s->value;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads each article's event and storyline as they stand after merges. */
static int read_assignments(marsad_engine *e, const int64_t *article, size_t n, int64_t *event,
                            int64_t *story, char **err) {
    int64_t max_id = 0;
    for (size_t i = 0; i < n; i++)
        if (article[i] > max_id) max_id = article[i];
    int64_t *ev_by_id = mr_calloc((size_t)max_id + 1, sizeof *ev_by_id);
    int64_t *st_by_id = mr_calloc((size_t)max_id + 1, sizeof *st_by_id);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(e->db, "SELECT article_id, event, storyline FROM story_articles", -1,
                           &st, NULL) != SQLITE_OK) {
        *err = mr_strdup(sqlite3_errmsg(e->db));
        free(ev_by_id);
        free(st_by_id);
        return -1;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id < 0 || id > max_id) continue;
        ev_by_id[id] = sqlite3_column_int64(st, 1);
        st_by_id[id] = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < n; i++) {
        /* Items with no stored article (skipped) stand alone. */
        bool placed = article[i] > 0 && ev_by_id[article[i]] > 0;
        event[i] = placed ? ev_by_id[article[i]] : -(int64_t)i - 1;
        story[i] = placed ? st_by_id[article[i]] : -(int64_t)i - 1;
    }
    free(ev_by_id);
    free(st_by_id);
    return 0;
}

typedef struct triple {
    int64_t gold, pred, lang;
} triple;

static int cmp_triple(const void *a, const void *b) {
    const triple *x = a, *y = b;
    if (x->gold != y->gold) return x->gold < y->gold ? -1 : 1;
    if (x->pred != y->pred) return x->pred < y->pred ? -1 : 1;
    return (x->lang > y->lang) - (x->lang < y->lang);
}

/* Gold events spanning languages, and those with two languages in one predicted event. */
static void cross_language(const int64_t *gold, const int64_t *pred, const int64_t *lang, size_t n,
                           size_t *cross, size_t *joined) {
    triple *t = mr_malloc((n ? n : 1) * sizeof *t);
    for (size_t i = 0; i < n; i++) t[i] = (triple){gold[i], pred[i], lang[i]};
    qsort(t, n, sizeof *t, cmp_triple);
    *cross = *joined = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        bool multi = false, together = false;
        while (j < n && t[j].gold == t[i].gold) {
            if (t[j].lang != t[i].lang) multi = true;
            if (j > i && t[j].pred == t[j - 1].pred && t[j].lang != t[j - 1].lang) together = true;
            j++;
        }
        *cross += multi;
        *joined += together;
        i = j;
    }
    free(t);
}

typedef struct lang_count {
    const char *name;
    int64_t id;
    size_t count;
} lang_count;

static int cmp_lang_count(const void *a, const void *b) {
    const lang_count *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return strcmp(x->name, y->name);
}

static void score_group(mr_eval_group *g, const char *name, const int64_t *gold,
                        const int64_t *pred, const int64_t *gold_story, const int64_t *story,
                        const int64_t *lang, int64_t only, size_t n, bool stories) {
    int64_t *a = mr_malloc((n ? n : 1) * sizeof *a), *b = mr_malloc((n ? n : 1) * sizeof *b);
    int64_t *c = mr_malloc((n ? n : 1) * sizeof *c), *d = mr_malloc((n ? n : 1) * sizeof *d);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (only >= 0 && lang[i] != only) continue;
        a[k] = gold[i], b[k] = pred[i], c[k] = gold_story[i], d[k] = story[i];
        k++;
    }
    g->name = name;
    mr_scores_compute(a, b, k, &g->events);
    if (stories) mr_scores_compute(c, d, k, &g->storylines);
    free(a);
    free(b);
    free(c);
    free(d);
}

/* Language identification on a headline of a few words is a guess: an item
 * that names no language and has little text takes the language detected
 * over a sample of the whole stream's text instead (NULL when that is
 * undecided too, leaving the engine to detect per item). */
#define SHORT_TEXT 300
#define SAMPLE_BYTES 65536

static const char *stream_language(const mr_labelled_stream *s) {
    mr_buf sample = MR_BUF_INIT;
    for (size_t i = 0; i < s->count && sample.len < SAMPLE_BYTES; i++) {
        mr_buf_puts(&sample, s->items[i].title);
        mr_buf_putc(&sample, '\n');
        if (s->items[i].body) {
            mr_buf_append(&sample, s->items[i].body, strnlen(s->items[i].body, 2048));
            mr_buf_putc(&sample, '\n');
        }
    }
    const char *lang = sample.len ? marsad_detect_language(sample.data, sample.len) : NULL;
    mr_buf_free(&sample);
    return lang && strcmp(lang, "und") != 0 ? lang : NULL;
}

/* Scores the predicted events (and, with stories, storylines) of s's items
 * against the gold labels into out's groups. */
static void score(const mr_labelled_stream *s, const int64_t *pred, const int64_t *story,
                  bool stories, mr_eval_report *out) {
    size_t n = s->count;
    int64_t *gold = mr_malloc((n + 1) * sizeof *gold),
            *gold_story = mr_malloc((n + 1) * sizeof *gold_story);
    int64_t *lang = mr_malloc((n + 1) * sizeof *lang);
    mr_strmap labels, story_labels, langs;
    mr_strmap_init(&labels);
    mr_strmap_init(&story_labels);
    mr_strmap_init(&langs);
    for (size_t i = 0; i < n; i++) {
        const mr_labelled_item *it = &s->items[i];
        gold[i] = label_id(&labels, it->event);
        /* Items without a storyline label are their event's storyline; with no
         * storyline labels at all, storylines are scored against the events. */
        if (it->storyline) {
            gold_story[i] = label_id(&story_labels, it->storyline);
        } else if (!s->has_storyline) {
            gold_story[i] = label_id(&story_labels, it->event);
        } else {
            char key[512];
            snprintf(key, sizeof key, "\x1f%s", it->event);
            gold_story[i] = label_id(&story_labels, key);
        }
        lang[i] = label_id(&langs, it->lang ? it->lang : "?");
    }
    out->has_storylines = s->has_storyline;
    out->storylines_vs_events = !s->has_storyline;
    /* Groups: all, then each language by size. */
    lang_count *lc = mr_calloc(langs.count + 1, sizeof *lc);
    size_t nl = 0;
    for (size_t i = 0; i < langs.cap; i++) {
        if (!langs.slots[i].key) continue;
        lc[nl++] = (lang_count){langs.slots[i].key, (int64_t)langs.slots[i].value, 0};
    }
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < nl; k++)
            if (lc[k].id == lang[i]) lc[k].count++;
    qsort(lc, nl, sizeof *lc, cmp_lang_count);
    size_t ngroups = 1 + (s->has_lang ? nl : 0);
    out->groups = mr_calloc(ngroups, sizeof *out->groups);
    out->ngroups = ngroups;
    score_group(&out->groups[0], mr_strdup("all"), gold, pred, gold_story, story, lang, -1, n,
                stories);
    for (size_t k = 0; s->has_lang && k < nl; k++)
        score_group(&out->groups[1 + k], mr_strdup(lc[k].name), gold, pred, gold_story, story, lang,
                    lc[k].id, n, stories);
    if (s->has_lang && nl > 1)
        cross_language(gold, pred, lang, n, &out->cross_gold, &out->cross_joined);

    free(lc);
    mr_strmap_free(&labels);
    mr_strmap_free(&story_labels);
    mr_strmap_free(&langs);
    free(gold);
    free(gold_story);
    free(lang);
}

int mr_eval_run(mr_labelled_stream *s, const char *db_path, mr_eval_progress_fn progress, void *ctx,
                mr_eval_report *out, char **err) {
    memset(out, 0, sizeof *out);
    mr_labels_sort_by_time(s);
    const char *stream_lang = s->has_lang ? NULL : stream_language(s);
    mr_store_remove(db_path);
    marsad_engine *e = marsad_open(db_path, err);
    if (!e) return -1;
    mr_strmap codes;
    mr_strmap_init(&codes);
    mr_data_lines("cluster_lang_codes.tsv", add_code, &codes);
    size_t n = s->count;
    int64_t *article = mr_calloc(n + 1, sizeof *article);
    double t0 = now_seconds();
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const mr_labelled_item *it = &s->items[i];
        marsad_article a;
        memset(&a, 0, sizeof a);
        char origin[64];
        snprintf(origin, sizeof origin, "eval:%zu", it->line);
        a.origin = origin;
        a.title = it->title;
        a.body = it->body ? it->body : "";
        a.body_len = strlen(a.body);
        a.lang = engine_lang(&codes, it->lang);
        if (!a.lang && stream_lang && strlen(it->title) + a.body_len < SHORT_TEXT)
            a.lang = stream_lang;
        marsad_date_clear(&a.published);
        if (it->time_known) marsad_date_from_unix(it->time, &a.published);
        marsad_ingest_result res;
        marsad_ingest_article(e, &a, NULL, 0, &res);
        switch (res.status) {
        case MARSAD_INGEST_ADDED:
            article[i] = res.article_id;
            out->copies += res.duplicate_of != 0;
            break;
        case MARSAD_INGEST_SEEN:
            article[i] = res.article_id;
            out->seen++;
            break;
        case MARSAD_INGEST_SKIPPED:
            out->skipped++;
            break;
        case MARSAD_INGEST_ERROR:
            *err = mr_strdup(res.why ? res.why : "engine error");
            rc = -1;
            break;
        }
        if (progress && (i + 1) % 500 == 0) progress(ctx, i + 1, n);
    }
    if (rc == 0) rc = marsad_ingest_flush(e, err);
    out->seconds = now_seconds() - t0;
    out->items = n;
    int64_t *pred = mr_malloc((n + 1) * sizeof *pred), *story = mr_malloc((n + 1) * sizeof *story);
    if (rc == 0) rc = read_assignments(e, article, n, pred, story, err);
    marsad_close(e);
    free_codes(&codes);
    if (rc != 0) {
        free(article);
        free(pred);
        free(story);
        return -1;
    }
    score(s, pred, story, true, out);
    free(article);
    free(pred);
    free(story);
    return 0;
}

void mr_eval_other(mr_labelled_stream *s, mr_eval_report *out) {
    memset(out, 0, sizeof *out);
    size_t n = s->count;
    out->items = n;
    out->events_only = true;
    int64_t *pred = mr_malloc((n + 1) * sizeof *pred);
    mr_strmap labels;
    mr_strmap_init(&labels);
    for (size_t i = 0; i < n; i++) {
        /* An item the other labelling leaves out is a cluster of its own. */
        pred[i] = s->items[i].other ? label_id(&labels, s->items[i].other) : -(int64_t)i - 1;
        out->other_missing += !s->items[i].other;
    }
    mr_strmap_free(&labels);
    score(s, pred, pred, false, out);
    free(pred);
}

void mr_eval_report_free(mr_eval_report *r) {
    for (size_t i = 0; i < r->ngroups; i++) free((void *)r->groups[i].name);
    free(r->groups);
    memset(r, 0, sizeof *r);
}
