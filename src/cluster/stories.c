/* Reading stories back from the clustering tables (see stories.h). */
#include "cluster/stories.h"
#include "engine.h"
#include "util/mem.h"
#include "util/strmap.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* A span over publication times where any article has one, else over the
 * times articles were read: a report with no date says nothing of when. */
#define KNOWN_FIRST "coalesce(min(CASE WHEN a.time_known THEN a.time END), min(a.time))"
#define KNOWN_LAST "coalesce(max(CASE WHEN a.time_known THEN a.time END), max(a.time))"

static void set_err(char **err, sqlite3 *db) {
    if (err) *err = mr_strdup(sqlite3_errmsg(db));
}

const char *mr_story_time(int64_t t, char *buf) {
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) {
        buf[0] = 0;
        return buf;
    }
    strftime(buf, 32, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

static const char *col_text(mr_arena *a, sqlite3_stmt *s, int col) {
    const unsigned char *t = sqlite3_column_text(s, col);
    return t ? mr_arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(s, col)) : NULL;
}

/* Titles of the largest event read for its headline: enough for a fair
 * vote, few enough that listing thousands of storylines stays quick. */
#define HEADLINE_TITLES 200

/* Puts the words of a match-layer title into m, each once; returns how many. */
static size_t title_words(const char *folded, size_t n, mr_strmap *m) {
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && folded[i] == ' ') i++;
        size_t start = i;
        while (i < n && folded[i] != ' ') i++;
        /* Skip one-letter words and bare punctuation; keep digits (figures name events). */
        size_t len = i - start;
        if (len < 3 && !(len > 0 && folded[start] >= '0' && folded[start] <= '9')) continue;
        bool added = false;
        mr_strmap_upsert(m, folded + start, len, &added);
        count += added;
    }
    return count;
}

/* The headline of a storyline: the most typical title of its largest event,
 * the one whose words the event's other titles share most (copies count:
 * a headline many outlets reprint is the event's own). The first report is a
 * poor choice: an event formed around one report may have grown into
 * another happening's coverage by the time it is the largest. Ties go to the
 * earliest report. */
static const char *headline_of(sqlite3 *db, int64_t story, mr_arena *a) {
    static const char sql[] =
        "SELECT a.title FROM cluster_articles a WHERE a.event = (SELECT e.id FROM cluster_events e"
        " WHERE e.storyline = ?1 AND e.merged_into = 0 ORDER BY e.articles DESC, e.id LIMIT 1)"
        " AND a.title IS NOT NULL AND a.title != '' ORDER BY a.time, a.article_id LIMIT ?2";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) return "";
    sqlite3_bind_int64(s, 1, story);
    sqlite3_bind_int(s, 2, HEADLINE_TITLES);
    char *titles[HEADLINE_TITLES];
    mr_strmap words[HEADLINE_TITLES];
    size_t nwords[HEADLINE_TITLES];
    size_t n = 0;
    mr_strmap df; /* word → titles holding it */
    mr_strmap_init(&df);
    while (n < HEADLINE_TITLES && sqlite3_step(s) == SQLITE_ROW) {
        titles[n] = (char *)col_text(a, s, 0);
        size_t flen = 0;
        char *folded = marsad_fold(titles[n], strlen(titles[n]), &flen);
        mr_strmap_init(&words[n]);
        nwords[n] = title_words(folded, flen, &words[n]);
        for (size_t k = 0; k < words[n].cap; k++) {
            const mr_strmap_slot *w = &words[n].slots[k];
            if (w->key) mr_strmap_upsert(&df, w->key, w->len, NULL)->value++;
        }
        free(folded);
        n++;
    }
    sqlite3_finalize(s);
    const char *best = n ? titles[0] : "";
    double top = -1;
    for (size_t i = 0; i < n; i++) {
        double shared = 0;
        for (size_t k = 0; k < words[i].cap; k++) {
            const mr_strmap_slot *w = &words[i].slots[k];
            if (w->key) shared += (double)(mr_strmap_find(&df, w->key, w->len)->value - 1);
        }
        /* The +2 keeps a two-word label from beating a full headline. */
        double score = shared / (double)(nwords[i] + 2);
        if (score > top) {
            top = score;
            best = titles[i];
        }
        mr_strmap_free(&words[i]);
    }
    mr_strmap_free(&df);
    return best ? best : "";
}

/* Listing and detail share the aggregate columns: count, events, outlets, first, last, known. */
static void read_summary(sqlite3_stmt *s, int col, mr_story_summary *x) {
    x->articles = sqlite3_column_int64(s, col);
    x->events = sqlite3_column_int64(s, col + 1);
    x->outlets = sqlite3_column_int64(s, col + 2);
    x->first = sqlite3_column_int64(s, col + 3);
    x->last = sqlite3_column_int64(s, col + 4);
    x->time_known = sqlite3_column_int(s, col + 5) != 0;
}

long mr_stories_list(marsad_engine *e, size_t limit, mr_arena *arena, mr_story_summary **out,
                     char **err) {
    static const char sql[] =
        "SELECT e.storyline, count(*), count(DISTINCT e.id), count(DISTINCT a.outlet), " KNOWN_FIRST
        ", " KNOWN_LAST
        ", max(a.time_known) FROM cluster_articles a JOIN cluster_events e ON e.id = a.event"
        " GROUP BY e.storyline ORDER BY 6 DESC, e.storyline DESC LIMIT ?";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(e->db, sql, -1, &s, NULL) != SQLITE_OK) {
        set_err(err, e->db);
        return -1;
    }
    sqlite3_bind_int64(s, 1, limit ? (int64_t)limit : -1);
    size_t n = 0, cap = 64;
    mr_story_summary *items = mr_arena_alloc(arena, cap * sizeof *items);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) {
            mr_story_summary *bigger = mr_arena_alloc(arena, 2 * cap * sizeof *items);
            memcpy(bigger, items, n * sizeof *items);
            items = bigger;
            cap *= 2;
        }
        mr_story_summary *x = &items[n++];
        x->id = sqlite3_column_int64(s, 0);
        read_summary(s, 1, x);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        set_err(err, e->db);
        return -1;
    }
    for (size_t i = 0; i < n; i++) items[i].headline = headline_of(e->db, items[i].id, arena);
    *out = items;
    return (long)n;
}

/* Follows storyline merges to the live storyline. */
static int64_t resolve_story(sqlite3 *db, int64_t id) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, "SELECT merged_into FROM cluster_storylines WHERE id = ?", -1, &s,
                           NULL) != SQLITE_OK)
        return id;
    for (int hops = 0; hops < 64; hops++) {
        sqlite3_bind_int64(s, 1, id);
        int64_t next = 0;
        if (sqlite3_step(s) == SQLITE_ROW) next = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
        if (!next) break;
        id = next;
    }
    sqlite3_finalize(s);
    return id;
}

int mr_story_get(marsad_engine *e, int64_t id, mr_arena *arena, mr_story_detail *out, char **err) {
    memset(out, 0, sizeof *out);
    id = resolve_story(e->db, id);
    static const char sum_sql[] =
        "SELECT count(*), count(DISTINCT e.id), count(DISTINCT a.outlet), " KNOWN_FIRST
        ", " KNOWN_LAST ","
        " max(a.time_known) FROM cluster_articles a JOIN cluster_events e ON e.id = a.event WHERE "
        "e.storyline = ?";
    static const char ev_sql[] =
        "SELECT e.id, count(*), count(DISTINCT a.outlet), " KNOWN_FIRST ", " KNOWN_LAST
        ", max(a.time_known)"
        " FROM cluster_articles a JOIN cluster_events e ON e.id = a.event WHERE e.storyline = ?"
        " GROUP BY e.id ORDER BY 4, e.id";
    static const char art_sql[] =
        "SELECT a.event, a.article_id, a.outlet, a.title, a.time, a.time_known, a.duplicate_of"
        " FROM cluster_articles a JOIN cluster_events e ON e.id = a.event WHERE e.storyline = ?"
        " ORDER BY a.time_known DESC, a.time, a.article_id";
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(e->db, sum_sql, -1, &s, NULL) != SQLITE_OK) goto fail;
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_finalize(s);
        goto fail;
    }
    out->summary.id = id;
    read_summary(s, 0, &out->summary);
    sqlite3_finalize(s);
    if (out->summary.articles == 0) return 0;
    out->summary.headline = headline_of(e->db, id, arena);

    if (sqlite3_prepare_v2(e->db, ev_sql, -1, &s, NULL) != SQLITE_OK) goto fail;
    sqlite3_bind_int64(s, 1, id);
    out->events = mr_arena_calloc(arena, (size_t)out->summary.events + 1, sizeof *out->events);
    while (sqlite3_step(s) == SQLITE_ROW && out->nevents < (size_t)out->summary.events) {
        mr_story_event *ev = &out->events[out->nevents++];
        ev->id = sqlite3_column_int64(s, 0);
        int64_t count = sqlite3_column_int64(s, 1);
        ev->outlets = sqlite3_column_int64(s, 2);
        ev->first = sqlite3_column_int64(s, 3);
        ev->last = sqlite3_column_int64(s, 4);
        ev->time_known = sqlite3_column_int(s, 5) != 0;
        ev->articles = mr_arena_calloc(arena, (size_t)count + 1, sizeof *ev->articles);
    }
    sqlite3_finalize(s);

    if (sqlite3_prepare_v2(e->db, art_sql, -1, &s, NULL) != SQLITE_OK) goto fail;
    sqlite3_bind_int64(s, 1, id);
    while (sqlite3_step(s) == SQLITE_ROW) {
        int64_t event = sqlite3_column_int64(s, 0);
        mr_story_event *ev = NULL;
        for (size_t i = 0; i < out->nevents && !ev; i++)
            if (out->events[i].id == event) ev = &out->events[i];
        if (!ev) continue;
        mr_story_article *a = &ev->articles[ev->narticles++];
        a->id = sqlite3_column_int64(s, 1);
        a->outlet = col_text(arena, s, 2);
        a->title = col_text(arena, s, 3);
        if (!a->title) a->title = "";
        a->time = sqlite3_column_int64(s, 4);
        a->time_known = sqlite3_column_int(s, 5) != 0;
        a->duplicate_of = sqlite3_column_int64(s, 6);
    }
    sqlite3_finalize(s);
    return 1;
fail:
    set_err(err, e->db);
    return -1;
}
