/* Unit tests of the story clustering: the core (events, storylines, merges,
 * copies), the features adapter, and the SQLite hook's "several runs give
 * the stories of one run" guarantee. Texts are built as token lists here, so
 * the tests do not depend on the normalizer. */
#include "test.h"
#include "cluster/cluster.h"
#include "cluster/core.h"
#include "cluster/features.h"
#include "cluster/store.h"
#include "util/arena.h"
#include "util/mem.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#define DAY 86400

/* Builds the layers of a space-separated text the way the normalizer would
 * for plain ASCII: term = lower-cased word, CAPITAL for a capital first
 * letter, SENTENCE_START at the start and after a word ending in '.',
 * NUMBER for digits. Words starting with '_' are stopwords. */
static void make_text(mr_arena *a, const char *s, marsad_text *t) {
    memset(t, 0, sizeof *t);
    t->display = s;
    t->display_len = strlen(s);
    t->tokens = mr_arena_calloc(a, strlen(s) / 2 + 2, sizeof *t->tokens);
    bool start = true;
    for (const char *p = s; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *w = p;
        while (*p && *p != ' ') p++;
        size_t n = (size_t)(p - w);
        bool end = w[n - 1] == '.';
        if (end) n--;
        marsad_token *tok = &t->tokens[t->ntokens++];
        tok->start = (uint32_t)(w - s);
        tok->len = (uint32_t)n;
        char *lower = mr_arena_strndup(a, w, n);
        for (char *q = lower; *q; q++) *q = (char)tolower((unsigned char)*q);
        tok->match = lower;
        tok->flags = MARSAD_TOK_LATIN;
        if (isdigit((unsigned char)w[0])) tok->flags = MARSAD_TOK_NUMBER;
        if (isupper((unsigned char)w[0])) tok->flags |= MARSAD_TOK_CAPITAL;
        if (start) tok->flags |= MARSAD_TOK_SENTENCE_START;
        if (w[0] == '_')
            tok->flags |= MARSAD_TOK_STOPWORD;
        else
            tok->term = lower;
        start = end;
    }
}

typedef struct tcore {
    mr_core *core;
    mr_featurizer *fz;
    mr_arena arena;
} tcore;

static void tcore_init(tcore *t) {
    t->core = mr_core_new();
    t->fz = mr_featurizer_new(NULL);
    mr_arena_init(&t->arena, 4096);
}

static void tcore_free(tcore *t) {
    mr_featurizer_free(t->fz);
    mr_core_free(t->core);
    mr_arena_free(&t->arena);
}

static mr_core_result add(tcore *t, int64_t id, int64_t time, const char *title, const char *body) {
    mr_arena_reset(&t->arena);
    marsad_text tt, bt;
    make_text(&t->arena, title, &tt);
    if (body) make_text(&t->arena, body, &bt);
    mr_doc d;
    memset(&d, 0, sizeof d);
    d.id = id;
    d.time = time;
    d.time_known = true;
    mr_featurize(t->fz, &tt, body ? &bt : NULL, &d);
    mr_core_result r;
    mr_core_add(t->core, &d, &r);
    return r;
}

static const int64_t T0 = 1700000000;

TEST(cluster_same_happening_joins_other_starts_new) {
    tcore t;
    tcore_init(&t);
    mr_core_result a =
        add(&t, 1, T0, "Flood hits Basra port", "Heavy flood waters hit the Basra port on Monday.");
    mr_core_result b = add(&t, 2, T0 + 3600, "Basra port flooded",
                           "The flood closed the Basra port and its docks.");
    mr_core_result c = add(&t, 3, T0 + 7200, "Central bank raises rates",
                           "The central bank raised interest rates.");
    CHECK(a.new_event);
    CHECK_INT(a.event, 1);
    CHECK_INT(b.event, 1);
    CHECK(!b.new_event);
    CHECK(b.score >= MR_EVENT_THRESHOLD);
    CHECK_INT(c.event, 2);
    CHECK(c.new_event);
    CHECK(c.storyline != a.storyline);
    tcore_free(&t);
}

TEST(cluster_far_in_time_is_a_new_event) {
    tcore t;
    tcore_init(&t);
    mr_core_result a = add(&t, 1, T0, "Flood hits Basra port", "Flood waters hit the Basra port.");
    mr_core_result b = add(&t, 2, T0 + 40 * DAY, "Flood hits Basra port",
                           "Flood waters hit the Basra port again.");
    CHECK(a.event != b.event);
    tcore_free(&t);
}

/* Reports of one happening come in hours; a report a day later that shares
 * only part of the vocabulary is most often the next happening of the same
 * topic (og2021: reports of one story follow each other within 2-4 hours in
 * three cases of four). So partial overlap joins within hours, not a day on.
 * T0 is not a midnight: the times carry their hour. */
TEST(cluster_partial_overlap_joins_within_hours_not_a_day_later) {
    const char *first = "Nishiya wins skateboard gold for Japan";
    const char *later = "Nishiya fans celebrate across Japan streets tonight";
    double score[2];
    int64_t delay[2] = {3 * 3600, 30 * 3600};
    bool joined[2];
    for (int i = 0; i < 2; i++) {
        tcore t;
        tcore_init(&t);
        mr_core_result a = add(&t, 1, T0, first, NULL);
        mr_core_result b = add(&t, 2, T0 + delay[i], later, NULL);
        score[i] = b.score;
        joined[i] = b.event == a.event;
        tcore_free(&t);
    }
    CHECK(joined[0]);
    CHECK(score[1] < score[0]);
    CHECK(!joined[1]);
}

/* A date without an hour (stored at midnight) may be any hour of its day:
 * "12 November" and "13 November" can be minutes apart, and score as if they
 * were, where the same reports 24 hours apart by the clock do not. */
TEST(cluster_dates_without_hours_count_as_near_as_they_can_be) {
    const char *first = "Nishiya wins skateboard gold for Japan";
    const char *later = "Nishiya fans celebrate across Japan streets tonight";
    int64_t midnight = T0 - T0 % DAY;
    int64_t start[2] = {midnight, midnight + 3 * 3600}; /* a date alone; a date and hour */
    double score[2];
    bool joined[2];
    for (int i = 0; i < 2; i++) {
        tcore t;
        tcore_init(&t);
        mr_core_result a = add(&t, 1, start[i], first, NULL);
        mr_core_result b = add(&t, 2, start[i] + 24 * 3600, later, NULL);
        score[i] = b.score;
        joined[i] = b.event == a.event;
        tcore_free(&t);
    }
    CHECK(joined[0]);
    CHECK(!joined[1]);
    CHECK(score[0] > score[1]);
}

/* Events weeks apart that share their actors and places form one storyline. */
TEST(cluster_storyline_links_events_weeks_apart) {
    tcore t;
    tcore_init(&t);
    mr_core_result a = add(&t, 1, T0, "Cholera cases in Hodeidah",
                           "Health Ministry confirms cholera cases in Hodeidah hospitals.");
    mr_core_result b =
        add(&t, 2, T0 + 20 * DAY, "Vaccination drive in Hodeidah",
            "Health Ministry starts cholera vaccination across Hodeidah with UNICEF.");
    mr_core_result c =
        add(&t, 3, T0 + 21 * DAY, "Football final in Doha", "Qatar beat Jordan in the final.");
    CHECK(a.event != b.event);
    CHECK_INT(a.storyline, b.storyline);
    CHECK(c.storyline != a.storyline);
    tcore_free(&t);
}

/* A campaign's events months apart (a launch, a pause and resumption two
 * months later, a last pocket three months after that) still form one
 * storyline; an unrelated event in between does not join it. */
TEST(cluster_storyline_spans_months) {
    tcore t;
    tcore_init(&t);
    mr_core_result a =
        add(&t, 1, T0, "Northern Alliance launches final phase of Karavan offensive",
            "The Northern Alliance launched the final phase of its offensive on Karavan and "
            "Selim, backed by coalition aircraft.");
    mr_core_result b =
        add(&t, 2, T0 + 62 * DAY, "Northern Alliance resumes Karavan offensive",
            "The Northern Alliance resumed its offensive on Karavan after a pause, with "
            "coalition aircraft striking Selim.");
    mr_core_result c = add(&t, 3, T0 + 90 * DAY, "Tariff talks stall in Geneva",
                           "Trade ministers left Geneva without a tariff deal.");
    mr_core_result d =
        add(&t, 4, T0 + 152 * DAY, "Northern Alliance besieges last pocket near Karavan",
            "Northern Alliance fighters and coalition aircraft pressed the last pocket at "
            "Selim, east of Karavan.");
    CHECK(a.event != b.event);
    CHECK(b.event != d.event);
    CHECK_INT(b.storyline, a.storyline);
    CHECK_INT(d.storyline, a.storyline);
    CHECK(c.storyline != a.storyline);
    tcore_free(&t);
}

static const char *wire =
    "The agency said the government approved the budget for next year after a long debate in "
    "parliament "
    "that lasted three days and ended with a vote of ninety members in favour and forty against "
    "while "
    "the opposition walked out of the chamber before the final count was read by the speaker.";
static const char *wire_edited =
    "Officials said on Tuesday the budget passed. "
    "The agency said the government approved the budget for next year after a long debate in "
    "parliament "
    "that lasted three days and ended with a vote of ninety members in favour and forty against "
    "while "
    "the opposition walked out of the chamber before the final count was read by the speaker.";

TEST(cluster_exact_and_near_copies_stay_as_sources) {
    tcore t;
    tcore_init(&t);
    mr_core_result a = add(&t, 10, T0, "Budget approved", wire);
    uint64_t docs_before = t.core->vocab.docs;
    mr_core_result b = add(&t, 11, T0 + 600, "Parliament approves budget", wire_edited);
    CHECK_INT(b.duplicate_of, 10);
    CHECK_INT(b.event, a.event);
    /* A copy does not count again in document frequencies. */
    CHECK_INT(t.core->vocab.docs, docs_before);
    mr_event *e = mr_idmap_get(&t.core->events, a.event);
    CHECK(e != NULL);
    if (e) {
        CHECK_INT(e->articles, 2);
        CHECK_INT(e->copies, 1);
    }
    /* Exact copy by content hash, even of a short text. */
    mr_arena_reset(&t.arena);
    marsad_text tt;
    make_text(&t.arena, "Short note", &tt);
    uint8_t hash[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    mr_doc d;
    memset(&d, 0, sizeof d);
    d.id = 20;
    d.time = T0;
    d.time_known = true;
    d.content_hash = hash;
    mr_featurize(t.fz, &tt, NULL, &d);
    mr_core_result r1, r2;
    mr_core_add(t.core, &d, &r1);
    d.id = 21;
    mr_core_add(t.core, &d, &r2);
    CHECK_INT(r1.duplicate_of, 0);
    CHECK_INT(r2.duplicate_of, 20);
    CHECK_INT(r2.event, r1.event);
    tcore_free(&t);
}

TEST(cluster_minhash_estimates_jaccard) {
    uint32_t words[200], other[200], sa[MR_MINHASH_BINS], sb[MR_MINHASH_BINS];
    for (int i = 0; i < 200; i++) words[i] = other[i] = (uint32_t)i * 2654435761u;
    CHECK(mr_minhash(words, 200, sa));
    CHECK(mr_minhash(other, 200, sb));
    CHECK_NEAR(mr_minhash_similarity(sa, sb), 1.0, 1e-12);
    for (int i = 100; i < 200; i++) other[i] = (uint32_t)i * 40503u + 7;
    CHECK(mr_minhash(other, 200, sb));
    /* Half the shingles shared: Jaccard about 1/3. */
    double j = mr_minhash_similarity(sa, sb);
    CHECK(j > 0.15 && j < 0.55);
    CHECK(!mr_minhash(words, 2, sa));
}

/* Two events that come to look alike merge; the older id stays. */
TEST(cluster_merge_keeps_the_older_id) {
    tcore t;
    tcore_init(&t);
    mr_core_result a = add(&t, 1, T0, "Kirkuk dam", "Kirkuk dam engineers warn.");
    mr_core_result b = add(&t, 2, T0 + 60, "Mosul bridge", "Mosul bridge closed.");
    CHECK(a.event != b.event);
    /* Articles about both pull the first event towards the second. */
    mr_core_result c = {0};
    for (int i = 0; i < 6; i++)
        c = add(&t, 3 + i, T0 + 120 + i, "Kirkuk dam Mosul bridge",
                "Kirkuk dam engineers warn Mosul bridge closed.");
    CHECK_INT(c.event, a.event);
    CHECK_INT(mr_core_resolve_event(t.core, b.event), a.event);
    mr_event *gone = mr_idmap_get(&t.core->events, b.event);
    CHECK(gone && gone->n.merged_into == a.event);
    CHECK(t.core->nmerges >= 1);
    tcore_free(&t);
}

TEST(cluster_features_fields_names_numbers) {
    mr_arena a;
    mr_arena_init(&a, 4096);
    mr_featurizer *fz = mr_featurizer_new(NULL);
    marsad_text title, body;
    make_text(&a, "Storm nears Oman", &title);
    make_text(&a, "The storm hit Salalah. It killed 40 people. Rain _the fell. More rain.", &body);
    mr_doc d;
    memset(&d, 0, sizeof d);
    mr_featurize(fz, &title, &body, &d);
    int name = -1, pair = -1, rain_lead = -1, more = -1, stop = -1;
    for (size_t i = 0; i < d.nfeatures; i++) {
        const mr_feature *f = &d.features[i];
        if (f->len == 7 && memcmp(f->term, "salalah", 7) == 0) name = f->flags;
        if (f->len == 9 && memcmp(f->term, "40 people", 9) == 0) pair = f->flags;
        if (f->len == 4 && memcmp(f->term, "rain", 4) == 0 && rain_lead < 0) rain_lead = f->field;
        if (f->len == 4 && memcmp(f->term, "more", 4) == 0) more = f->field;
        if (f->len == 4 && memcmp(f->term, "_the", 4) == 0) stop = 1;
        if (f->len == 5 && memcmp(f->term, "storm", 5) == 0 && f->field == MR_FIELD_TITLE)
            CHECK(!(f->flags & MR_FEAT_NAME)); /* a capital at a sentence start is no name */
    }
    CHECK(name >= 0 && (name & MR_FEAT_NAME));
    CHECK(pair >= 0 && (pair & MR_FEAT_NUMBER));
    CHECK_INT(rain_lead, MR_FIELD_BODY); /* third sentence: past the lead */
    CHECK_INT(more, MR_FIELD_BODY);
    CHECK_INT(stop, -1);
    mr_featurizer_free(fz);
    mr_arena_free(&a);
}

/* The name flags of the title words of text (looked up by term). */
static int title_flags(mr_featurizer *fz, mr_arena *a, const char *title, const char *lang,
                       const char *term) {
    marsad_text t;
    make_text(a, title, &t);
    t.lang = lang;
    mr_doc d;
    memset(&d, 0, sizeof d);
    mr_featurize(fz, &t, NULL, &d);
    for (size_t i = 0; i < d.nfeatures; i++)
        if (d.features[i].len == strlen(term) && !memcmp(d.features[i].term, term, strlen(term)))
            return d.features[i].flags;
    return -1;
}

/* In a Title Case headline every word has a capital, so capitals name
 * nothing there; in a sentence-case one they still mark names; German
 * capitalises nouns, so its headlines are never taken for Title Case. */
TEST(cluster_title_case_capitals_are_not_names) {
    mr_arena a;
    mr_arena_init(&a, 4096);
    mr_featurizer *fz = mr_featurizer_new(NULL);
    CHECK_INT(
        title_flags(fz, &a, "Olympics Latest: Surfer Gets Last Spot In Final", "en", "surfer"), 0);
    CHECK_INT(title_flags(fz, &a, "Olympics Latest: Surfer Gets Last Spot In Final", "en", "gets"),
              0);
    int f = title_flags(fz, &a, "Costa Rican surfer gets a last spot in the final", "en", "rican");
    CHECK(f >= 0 && (f & MR_FEAT_NAME));
    f = title_flags(fz, &a, "Surfer Aus Costa Rica Bekommt Letzten Platz", "de", "rica");
    CHECK(f >= 0 && (f & MR_FEAT_NAME));
    mr_featurizer_free(fz);
    mr_arena_free(&a);
}

/* ---- the SQLite hook ------------------------------------------------------- */

/* A synthetic stream: 6 topics, each a pool of words, over 30 days. */
static void stream_text(int i, char *title, char *body, size_t size, int64_t *time) {
    static const char *topics[6][6] = {
        {"Basra", "flood", "port", "water", "docks", "rain"},
        {"Kirkuk", "dam", "crack", "engineers", "river", "repair"},
        {"Doha", "football", "final", "Jordan", "goal", "trophy"},
        {"Aden", "cholera", "cases", "hospital", "vaccine", "UNICEF"},
        {"Rabat", "parliament", "vote", "budget", "opposition", "speaker"},
        {"Tunis", "wildfire", "forest", "firefighters", "wind", "villages"},
    };
    int topic = (i / 20) % 6; /* bursts of 20 reports, 60 hours, a topic every 15 days */
    unsigned x = (unsigned)i * 2654435761u;
    snprintf(title, size, "%s %s %s", topics[topic][0], topics[topic][1 + x % 5],
             topics[topic][1 + (x >> 8) % 5]);
    snprintf(body, size, "%s %s %s. %s %s %s report%d.", topics[topic][0],
             topics[topic][1 + (x >> 4) % 5], topics[topic][1 + (x >> 12) % 5],
             topics[topic][1 + (x >> 16) % 5], topics[topic][0], topics[topic][1 + (x >> 20) % 5],
             i % 3);
    *time = T0 + (int64_t)i * 3 * 3600;
}

/* Where run_stream writes each article's placement (indexed by id - 1). */
typedef struct placements {
    int64_t *events, *stories, *dups;
} placements;

static void record_placement(void *ctx, int64_t article_id, const mr_cluster_result *r) {
    placements *p = ctx;
    p->events[article_id - 1] = r->event_id;
    p->stories[article_id - 1] = r->storyline_id;
    p->dups[article_id - 1] = r->duplicate_of;
}

/* Feeds articles from..to-1 of the stream (in the order given by order[i -
 * from] when order is not NULL) with a reorder window of `window`. */
static int run_stream_ordered(const char *path, int from, int to, const int *order, size_t window,
                              int64_t *events, int64_t *stories, int64_t *dups) {
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) return -1;
    char *err = NULL;
    mr_cluster *c = mr_cluster_open(db, &err);
    if (!c) {
        fprintf(stderr, "%s\n", err);
        free(err);
        sqlite3_close(db);
        return -1;
    }
    placements out = {events, stories, dups};
    mr_cluster_set_window(c, window);
    mr_cluster_on_placed(c, record_placement, &out);
    mr_arena a;
    mr_arena_init(&a, 4096);
    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    for (int k = from; k < to; k++) {
        int i = order ? order[k - from] : k;
        char title[256], body[256];
        int64_t time;
        stream_text(i, title, body, sizeof title, &time);
        mr_arena_reset(&a);
        marsad_text tt, bt;
        make_text(&a, title, &tt);
        make_text(&a, body, &bt);
        uint8_t hash[16] = {0};
        memcpy(hash, &i, sizeof i);
        if (i % 17 == 5)
            memcpy(hash, &(int){i - 1}, sizeof i); /* an exact copy of the one before */
        mr_cluster_input in = {.article_id = i + 1,
                               .time = time,
                               .time_known = true,
                               .outlet = "x",
                               .lang = "en",
                               .title = &tt,
                               .body = &bt,
                               .content_hash = hash};
        mr_cluster_result r;
        if (mr_cluster_add(c, &in, &r, &err) != 0) {
            fprintf(stderr, "%s\n", err);
            free(err);
            return -1;
        }
        if (r.event_id) record_placement(&out, in.article_id, &r);
        if (k % 25 == 24) { /* commit in batches, as the engine does */
            sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
            mr_cluster_flush(c, NULL);
            sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        }
    }
    int rc = mr_cluster_drain(c, &err);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc == 0) rc = mr_cluster_flush(c, &err);
    if (rc) {
        fprintf(stderr, "%s\n", err);
        free(err);
    }
    mr_cluster_close(c);
    mr_arena_free(&a);
    sqlite3_close(db);
    return rc;
}

static int run_stream(const char *path, int from, int to, int64_t *events, int64_t *stories,
                      int64_t *dups) {
    return run_stream_ordered(path, from, to, NULL, 0, events, stories, dups);
}

/* Reports that arrive out of time order, but within the reorder window, are
 * placed as if they had come in order: same events, storylines and copies. */
TEST(cluster_reorder_window_places_in_time_order) {
    enum { N = 300 };
    static int64_t e1[N], s1[N], d1[N], e2[N], s2[N], d2[N], e3[N], s3[N], d3[N];
    int order[N];
    /* Outlet by outlet, as a directory is read: every third report, three times over. */
    for (int i = 0, k = 0; k < 3; k++)
        for (int j = k; j < N; j += 3) order[i++] = j;
    const char *in_order = mr_test_tmp("cluster_in_order.db");
    const char *windowed = mr_test_tmp("cluster_windowed.db");
    const char *unordered = mr_test_tmp("cluster_unordered.db");
    remove(in_order);
    remove(windowed);
    remove(unordered);
    CHECK_INT(run_stream(in_order, 0, N, e1, s1, d1), 0);
    CHECK_INT(run_stream_ordered(windowed, 0, N, order, N, e2, s2, d2), 0);
    CHECK_INT(run_stream_ordered(unordered, 0, N, order, 0, e3, s3, d3), 0);
    int differ = 0, differ_unordered = 0;
    for (int i = 0; i < N; i++) {
        CHECK(e2[i] != 0); /* every article placed, the last ones by the drain */
        if (e1[i] != e2[i] || s1[i] != s2[i] || d1[i] != d2[i]) differ++;
        if (e1[i] != e3[i] || d1[i] != d3[i]) differ_unordered++;
    }
    CHECK_INT(differ, 0);
    /* Without the window the same arrivals give other stories: the test has teeth. */
    CHECK(differ_unordered > 0);
}

/* Ingesting in several runs gives the same stories as one run. */
TEST(cluster_several_runs_equal_one_run) {
    enum { N = 400 };
    int64_t e1[N], s1[N], d1[N], e2[N], s2[N], d2[N];
    const char *one = mr_test_tmp("cluster_one.db"), *many = mr_test_tmp("cluster_many.db");
    remove(one);
    remove(many);
    CHECK_INT(run_stream(one, 0, N, e1, s1, d1), 0);
    CHECK_INT(run_stream(many, 0, 130, e2, s2, d2), 0);
    CHECK_INT(run_stream(many, 130, 131, e2, s2, d2), 0);
    CHECK_INT(run_stream(many, 131, 290, e2, s2, d2), 0);
    CHECK_INT(run_stream(many, 290, N, e2, s2, d2), 0);
    int differ = 0, copies = 0;
    for (int i = 0; i < N; i++) {
        if (e1[i] != e2[i] || s1[i] != s2[i] || d1[i] != d2[i]) differ++;
        copies += d1[i] != 0;
    }
    CHECK_INT(differ, 0);
    CHECK(copies > 10);
    /* The stream spans 50 days: several events per topic, fewer storylines. */
    int64_t max_event = 0, max_story = 0;
    for (int i = 0; i < N; i++) {
        if (e1[i] > max_event) max_event = e1[i];
        if (s1[i] > max_story) max_story = s1[i];
    }
    CHECK(max_event > 6);
    CHECK(max_story < max_event);
    /* The tables agree with what was returned (after merges). */
    sqlite3 *db;
    sqlite3_open(one, &db);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM story_articles", -1, &st, NULL);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(st, 0), N);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Reports read outlet by outlet jump weeks back and forth in time: an older
 * report still finds its event after a much newer one came in. */
TEST(cluster_out_of_order_report_finds_its_event) {
    tcore t;
    tcore_init(&t);
    mr_core_result a =
        add(&t, 1, T0, "Flood hits Basra port", "Flood waters hit the Basra port docks.");
    mr_core_result b =
        add(&t, 2, T0 + 60 * DAY, "Football final in Doha", "Qatar beat Jordan in the final.");
    mr_core_result c =
        add(&t, 3, T0 + 3600, "Basra port flooded", "The flood closed the Basra port docks.");
    CHECK(b.event != a.event);
    CHECK_INT(c.event, a.event);
    tcore_free(&t);
}

/* Continuous coverage does not chain into one endless event: an event spans
 * a few days at most, and the days that follow form new events of the same
 * storyline. */
TEST(cluster_event_span_is_bounded) {
    tcore t;
    tcore_init(&t);
    mr_core_result r[8];
    for (int i = 0; i < 8; i++)
        r[i] = add(&t, 1 + i, T0 + (int64_t)i * DAY, "Basra port flood latest",
                   "Flood waters at the Basra port docks, pumps working.");
    CHECK_INT(r[1].event, r[0].event);
    CHECK(r[7].event != r[0].event);
    CHECK_INT(r[7].storyline, r[0].storyline);
    mr_event *e = mr_idmap_get(&t.core->events, r[0].event);
    CHECK(e && (double)(e->n.last - e->n.first) <= MR_EVENT_MAX_SPAN_DAYS * DAY);
    tcore_free(&t);
}

/* Reports of one event in two languages share only their concepts (from
 * data/cluster_aliases.tsv) and figures: across languages they are also
 * scored on those alone, which brings them together where the plain cosine,
 * diluted by words of each language, would not. */
static double cross_pair(uint32_t lang1, uint32_t lang2, int64_t *e1, int64_t *e2) {
    tcore t;
    tcore_init(&t);
    marsad_text at, ab, et, eb;
    make_text(&t.arena, "الكوليرا تتفشى في اليمن وتحذير دولي", &at);
    make_text(&t.arena,
              "سجلت السلطات الصحيه في المحافظه الساحليه 312 اصابه بالكوليرا و9 وفيات في اليمن "
              "منذ 24 فبراير وقال اطباء في المستشفيات الميدانيه ان الاجنحه امتلات بالمرضى بينما "
              "شكا السكان من انقطاع المياه النظيفه وارتفاع اسعار الوقود واغلاق الطرق الرئيسيه "
              "وارسلت منظمه الصحه العالميه 2000 جرعه",
              &ab);
    mr_doc d;
    memset(&d, 0, sizeof d);
    d.id = 1;
    d.time = T0;
    d.time_known = true;
    d.lang = lang1;
    mr_featurize(t.fz, &at, &ab, &d);
    mr_core_result r1, r2;
    mr_core_add(t.core, &d, &r1);
    make_text(&t.arena, "Cholera spreads fast as doctors warn of crowded wards in Yemen", &et);
    make_text(
        &t.arena,
        "Authorities recorded 312 suspected cholera cases and 9 deaths in Yemen since February 24. "
        "Doctors at makeshift wards described crowded corridors while residents complained about "
        "broken pumps, expensive fuel and closed roads along the coast. The World Health "
        "Organization shipped 2000 doses of oral vaccine to the affected districts.",
        &eb);
    memset(&d, 0, sizeof d);
    d.id = 2;
    d.time = T0 + 3600;
    d.time_known = true;
    d.lang = lang2;
    mr_featurize(t.fz, &et, &eb, &d);
    mr_core_add(t.core, &d, &r2);
    *e1 = r1.event;
    *e2 = r2.event;
    tcore_free(&t);
    return r2.score;
}

TEST(cluster_cross_language_reports_join) {
    int64_t a1, a2, b1, b2;
    /* Marked as one language, the pair gets the plain cosine only. */
    double plain = cross_pair(mr_lang_bit("en"), mr_lang_bit("en"), &a1, &a2);
    double across = cross_pair(mr_lang_bit("ar"), mr_lang_bit("en"), &b1, &b2);
    (void)a1;
    (void)a2;
    CHECK(across > plain + 0.1);
    CHECK(across >= MR_EVENT_THRESHOLD);
    CHECK_INT(b2, b1);
    CHECK(mr_lang_bit("ar") != 0);
    CHECK_INT(mr_lang_bit("und"), 0);
    CHECK_INT(mr_lang_bit(NULL), 0);
}

/* Adds an article through the whole cluster layer at the given time. */
static int add_article_at(mr_cluster *c, mr_arena *a, int64_t id, int64_t time, const char *title,
                          const char *body, mr_cluster_result *r) {
    mr_arena_reset(a);
    marsad_text tt, bt;
    make_text(a, title, &tt);
    make_text(a, body, &bt);
    /* The content hash of the texts: the same texts are an exact copy, others never. */
    uint64_t th = mr_term_hash(title, strlen(title)), bh = mr_term_hash(body, strlen(body));
    uint8_t hash[16];
    memcpy(hash, &th, 8);
    memcpy(hash + 8, &bh, 8);
    mr_cluster_input in = {.article_id = id,
                           .time = time,
                           .time_known = true,
                           .outlet = "x",
                           .lang = "en",
                           .title = &tt,
                           .body = &bt,
                           .content_hash = hash};
    char *err = NULL;
    int rc = mr_cluster_add(c, &in, r, &err);
    free(err);
    return rc;
}

/* A cluster layer on a new database file at path (db is set even on failure). */
static mr_cluster *open_fresh(const char *path, sqlite3 **db) {
    remove(path);
    if (sqlite3_open(path, db) != SQLITE_OK) return NULL;
    char *err = NULL;
    mr_cluster *c = mr_cluster_open(*db, &err);
    free(err);
    return c;
}

/* Articles ten minutes apart by id. */
static int add_article(mr_cluster *c, mr_arena *a, int64_t id, const char *title, const char *body,
                       mr_cluster_result *r) {
    return add_article_at(c, a, id, T0 + id * 600, title, body, r);
}

static int64_t query_int(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Rows are written by plain INSERT, or UPDATE then INSERT: an event saved at
 * several flushes keeps one row with its latest counts, and an article id
 * that already has a row (reused after a delete) replaces that row. */
TEST(cluster_rows_are_updated_not_duplicated) {
    const char *path = mr_test_tmp("cluster_rows.db");
    sqlite3 *db;
    mr_cluster *c = open_fresh(path, &db);
    CHECK(c != NULL);
    mr_arena a;
    mr_arena_init(&a, 4096);
    mr_cluster_result r1, r2, r3;
    CHECK_INT(
        add_article(c, &a, 1, "Flood hits Basra port", "Flood waters hit the Basra port.", &r1), 0);
    CHECK_INT(mr_cluster_flush(c, NULL), 0);
    CHECK_INT(add_article(c, &a, 2, "Basra port flood damage",
                          "Flood waters damage the Basra port.", &r2),
              0);
    CHECK_INT(r2.event_id, r1.event_id);
    CHECK_INT(mr_cluster_flush(c, NULL), 0);
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT articles FROM cluster_events WHERE id = %lld",
             (long long)r1.event_id);
    CHECK_INT(query_int(db, sql), 2);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM cluster_events WHERE id = %lld",
             (long long)r1.event_id);
    CHECK_INT(query_int(db, sql), 1);
    /* Article 1 again, now about something else: its row is replaced. */
    CHECK_INT(add_article(c, &a, 1, "Central bank raises rates",
                          "The central bank raised interest rates.", &r3),
              0);
    CHECK(r3.event_id != r1.event_id);
    CHECK_INT(mr_cluster_flush(c, NULL), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM cluster_articles"), 2);
    snprintf(sql, sizeof sql, "SELECT event FROM cluster_articles WHERE article_id = 1");
    CHECK_INT(query_int(db, sql), r3.event_id);
    mr_cluster_close(c);
    mr_arena_free(&a);
    sqlite3_close(db);
}

/* Events and storylines the store has not written yet are INSERTed at once,
 * and a row that turns up for such an id anyway (another writer, a table
 * changed under the session) is updated, not duplicated or failed on. */
TEST(cluster_store_row_written_under_the_session_is_updated) {
    const char *path = mr_test_tmp("cluster_store_rows.db");
    sqlite3 *db;
    mr_cluster *c = open_fresh(path, &db);
    CHECK(c != NULL);
    /* Rows for the ids the session will give its first event and storyline,
     * written behind its back after it opened: stale counts and times. */
    CHECK(sqlite3_exec(db,
                       "INSERT INTO cluster_events(id, storyline, first_time, last_time, "
                       "time_known, articles, copies, norm, norm_neutral, langs) "
                       "VALUES(1, 1, 5, 5, 1, 99, 0, 1, 1, 0);"
                       "INSERT INTO cluster_storylines(id, first_time, last_time, time_known, "
                       "events, articles, norm, norm_neutral, langs) "
                       "VALUES(1, 5, 5, 1, 99, 99, 1, 1, 0);",
                       NULL, NULL, NULL) == SQLITE_OK);
    mr_arena a;
    mr_arena_init(&a, 4096);
    mr_cluster_result r;
    CHECK_INT(add_article(c, &a, 1, "flood hits basra port", "flood waters hit the basra port", &r),
              0);
    CHECK_INT(r.event_id, 1);
    CHECK_INT(r.storyline_id, 1);
    CHECK_INT(mr_cluster_flush(c, NULL), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM cluster_events"), 1);
    CHECK_INT(query_int(db, "SELECT articles FROM cluster_events WHERE id = 1"), 1);
    CHECK(query_int(db, "SELECT first_time FROM cluster_events WHERE id = 1") > 5);
    CHECK_INT(query_int(db, "SELECT count(*) FROM cluster_storylines"), 1);
    CHECK_INT(query_int(db, "SELECT articles FROM cluster_storylines WHERE id = 1"), 1);
    /* A second event, new to the table: inserted, and updated at the next save. */
    CHECK_INT(
        add_article(c, &a, 2, "central bank raises rates", "the central bank raised rates", &r), 0);
    CHECK_INT(r.event_id, 2);
    CHECK_INT(mr_cluster_flush(c, NULL), 0);
    CHECK_INT(add_article(c, &a, 3, "central bank raises interest rates",
                          "the central bank raised interest rates again", &r),
              0);
    CHECK_INT(r.event_id, 2);
    CHECK_INT(mr_cluster_flush(c, NULL), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM cluster_events"), 2);
    CHECK_INT(query_int(db, "SELECT articles FROM cluster_events WHERE id = 2"), 2);
    mr_cluster_close(c);
    mr_arena_free(&a);
    sqlite3_close(db);
}

/* mr_term_hash reads a term's last bytes with wide loads: the value must be
 * the one the byte-by-byte definition gives (the hashes decide nothing
 * stored, but every caller must agree), for every tail length. */
static uint64_t term_hash_bytewise(const char *s, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ (uint64_t)n;
    for (; n >= 8; s += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++) w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return h ? h : 1;
}

TEST(cluster_term_hash_tail_bytes) {
    char buf[40];
    unsigned x = 7;
    int differ = 0;
    for (size_t n = 0; n <= sizeof buf; n++) {
        for (int round = 0; round < 50; round++) {
            for (size_t i = 0; i < n; i++) buf[i] = (char)((x = x * 1103515245u + 12345u) >> 16);
            if (mr_term_hash(buf, n) != term_hash_bytewise(buf, n)) differ++;
        }
    }
    CHECK_INT(differ, 0);
    CHECK(mr_term_hash("\xd8\xa7", 2) != mr_term_hash("\xa7\xd8", 2));
}

/* The term table compares a term's first 16 bytes inside its slot (read
 * with overlapping loads) and the rest in the arena. Terms of every length
 * that differ in one byte (or in length only) get distinct ids and the same
 * term the same id; and a slot whose hash and length match a term but whose
 * bytes differ at any position (a planted hash collision) is never taken
 * for it. */
TEST(cluster_vocab_tells_terms_apart_at_every_byte) {
    mr_core *c = mr_core_new();
    enum { MAXLEN = 36 };
    char base[MAXLEN + 1];
    memset(base, 'k', sizeof base);
    uint32_t same[MAXLEN + 1];
    for (size_t n = 1; n <= MAXLEN; n++) same[n] = mr_vocab_intern(c, base, n);
    int clashes = 0, unstable = 0, collisions_taken = 0;
    for (size_t n = 1; n <= MAXLEN; n++) {
        for (size_t j = 0; j < n; j++) {
            char t[MAXLEN + 1], u[MAXLEN + 1];
            memcpy(t, base, n);
            memcpy(u, base, n);
            t[j] = 'p';
            u[j] = 'q'; /* u differs from t at byte j only */
            uint32_t id_u = mr_vocab_intern(c, u, n);
            for (size_t m = 1; m <= MAXLEN; m++) clashes += id_u == same[m];
            /* Plant a slot claiming t's hash and length but holding u. */
            mr_vocab *v = &c->vocab;
            uint64_t h = mr_term_hash(t, n);
            size_t mask = v->nslots - 1, i = h & mask;
            while (v->slots[i].id1) i = (i + 1) & mask;
            mr_term_slot fake = {.hash = h, .id1 = id_u + 1, .len = (uint32_t)n};
            memcpy(fake.prefix, u, n < MR_TERM_PREFIX ? n : MR_TERM_PREFIX);
            v->slots[i] = fake;
            collisions_taken += mr_vocab_intern(c, t, n) == id_u;
            v->slots[i].hash = 0; /* disarm it: no term hashes to 0 */
        }
        if (mr_vocab_intern(c, base, n) != same[n]) unstable++;
        for (size_t m = 1; m < n; m++) clashes += same[m] == same[n];
    }
    CHECK_INT(clashes, 0);
    CHECK_INT(unstable, 0);
    CHECK_INT(collisions_taken, 0);
    mr_core_free(c);
}

/* ---- storylines weigh terms by the share of their events that carry them */

/* A cholera storyline of two events weeks apart: the outbreak, then a
 * vaccination drive. Its backbone (Cholera, Hodeidah) is in both; the
 * drive's own words (vaccination campaign, oral doses, children, Unicef)
 * are in one. */
static const char *share_texts[][2] = {
    {"Cholera outbreak kills dozens in Hodeidah",
     "Doctors in Hodeidah said the Cholera outbreak killed dozens and filled wards in Hodeidah."},
    {"Cholera vaccination campaign for children starts in Hodeidah",
     "Health teams began a vaccination campaign with oral doses for children against Cholera in "
     "Hodeidah, backed by Unicef and Gavi."},
    /* Meets only the drive's words. */
    {"Polio vaccination campaign for children starts in Taiz",
     "Health teams began a vaccination campaign with oral doses for children against Polio in "
     "Taiz, backed by Unicef and Gavi."},
    /* Meets the backbone. */
    {"Cholera cases fall in Hodeidah", "Doctors said Cholera cases in Hodeidah fell this week."},
};

static mr_core_result add_share_text(tcore *t, int i, int64_t time) {
    return add(t, 100 + i, time, share_texts[i][0], share_texts[i][1]);
}

TEST(cluster_storyline_joins_on_its_backbone_not_one_members_words) {
    tcore t;
    tcore_init(&t);
    mr_core_result outbreak = add_share_text(&t, 0, T0);
    mr_core_result drive = add_share_text(&t, 1, T0 + 20 * DAY);
    CHECK(drive.event != outbreak.event);
    CHECK_INT(drive.storyline, outbreak.storyline);
    mr_core_result polio = add_share_text(&t, 2, T0 + 40 * DAY);
    CHECK(polio.event != drive.event);
    CHECK(polio.storyline != outbreak.storyline);
    mr_core_result fall = add_share_text(&t, 3, T0 + 60 * DAY);
    CHECK(fall.event != outbreak.event);
    CHECK_INT(fall.storyline, outbreak.storyline);
    /* The storyline counts two events for the backbone, one for the drive's words. */
    mr_story *st = mr_idmap_get(&t.core->stories, outbreak.storyline);
    CHECK(st != NULL);
    if (st) {
        CHECK_INT(st->events, 3);
        /* Both are concepts of the alias table. */
        uint32_t cholera = mr_vocab_intern(t.core, "@CHOLERA", 8);
        uint32_t unicef = mr_vocab_intern(t.core, "@UNICEF", 7);
        float k_cholera = -1, k_unicef = -1;
        for (uint32_t i = 0; i < st->n.c.n; i++) {
            if (st->n.c.term[i] == cholera) k_cholera = st->n.c.k[i];
            if (st->n.c.term[i] == unicef) k_unicef = st->n.c.k[i];
        }
        CHECK_NEAR(k_cholera, 3.0, 1e-6);
        CHECK_NEAR(k_unicef, 1.0, 1e-6);
    }
    tcore_free(&t);
}

/* The same through the SQLite hook, reopened between the drive and the
 * polio campaign: the counts are saved and read back (without them the
 * storyline would weigh every term in full and take the polio campaign). A
 * database saved before the counts were kept (no counts column) opens,
 * gains the column, and reads its storylines as before. */
static int add_share_article(mr_cluster *c, mr_arena *a, int i, int64_t time,
                             mr_cluster_result *r) {
    return add_article_at(c, a, 100 + i, time, share_texts[i][0], share_texts[i][1], r);
}

TEST(cluster_storyline_counts_survive_a_reopen) {
    const char *path = mr_test_tmp("cluster_share.db");
    sqlite3 *db;
    mr_cluster *c = open_fresh(path, &db);
    CHECK(c != NULL);
    char *err = NULL;
    if (!c) return;
    mr_arena a;
    mr_arena_init(&a, 4096);
    mr_cluster_result r0, r1, r2, r3;
    CHECK_INT(add_share_article(c, &a, 0, T0, &r0), 0);
    CHECK_INT(add_share_article(c, &a, 1, T0 + 20 * DAY, &r1), 0);
    CHECK_INT(r1.storyline_id, r0.storyline_id);
    CHECK_INT(mr_cluster_flush(c, NULL), 0);
    mr_cluster_close(c);
    c = mr_cluster_open(db, &err);
    CHECK(c != NULL);
    if (!c) return;
    /* A third event re-weighs the storyline from its counts. */
    CHECK_INT(add_share_article(c, &a, 3, T0 + 30 * DAY, &r3), 0);
    CHECK_INT(r3.storyline_id, r0.storyline_id);
    CHECK_INT(add_share_article(c, &a, 2, T0 + 40 * DAY, &r2), 0);
    CHECK(r2.storyline_id != r0.storyline_id);
    CHECK_INT(mr_cluster_flush(c, NULL), 0);
    mr_cluster_close(c);

    /* As a database written before the counts: the column gone. */
    CHECK(sqlite3_exec(db, "ALTER TABLE cluster_storylines DROP COLUMN counts", NULL, NULL, NULL) ==
          SQLITE_OK);
    c = mr_cluster_open(db, &err);
    CHECK(c != NULL);
    if (!c) return;
    CHECK_INT(query_int(db, "SELECT count(*) FROM pragma_table_info('cluster_storylines')"
                            " WHERE name = 'counts'"),
              1);
    /* Another report of the outbreak's storyline, its counts saved again. */
    mr_arena_reset(&a);
    marsad_text tt, bt;
    make_text(&a, "Hodeidah hospitals still treat Cholera patients", &tt);
    make_text(&a, "Doctors in Hodeidah said wards still hold Cholera patients.", &bt);
    mr_cluster_input in = {.article_id = 200,
                           .time = T0 + 61 * DAY,
                           .time_known = true,
                           .outlet = "x",
                           .lang = "en",
                           .title = &tt,
                           .body = &bt};
    mr_cluster_result r4;
    CHECK_INT(mr_cluster_add(c, &in, &r4, &err), 0);
    CHECK_INT(r4.storyline_id, r0.storyline_id);
    CHECK_INT(mr_cluster_flush(c, NULL), 0);
    char sql[160];
    snprintf(sql, sizeof sql,
             "SELECT length(counts) = 4 * length(centroid) / 12 FROM cluster_storylines"
             " WHERE id = %lld",
             (long long)r0.storyline_id);
    CHECK_INT(query_int(db, sql), 1);
    mr_cluster_close(c);
    mr_arena_free(&a);
    sqlite3_close(db);
}

/* A storyline's event counts of each term are saved and read back as they
 * were; a row saved before the counts were kept reads every term as carried
 * by all its events (the weighting it was saved with). */
static float story_count(mr_core *c, int64_t story, const char *term) {
    mr_story *st = mr_idmap_get(&c->stories, story);
    if (!st) return -1;
    uint32_t t = mr_vocab_intern(c, term, strlen(term));
    for (uint32_t i = 0; i < st->n.c.n; i++)
        if (st->n.c.term[i] == t) return st->n.c.k[i];
    return 0;
}

TEST(cluster_storyline_counts_are_saved_and_restored) {
    const char *path = mr_test_tmp("cluster_counts.db");
    remove(path);
    sqlite3 *db;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    tcore t;
    tcore_init(&t);
    mr_core_result outbreak = add_share_text(&t, 0, T0);
    mr_core_result drive = add_share_text(&t, 1, T0 + 20 * DAY);
    CHECK_INT(drive.storyline, outbreak.storyline);
    CHECK_NEAR(story_count(t.core, outbreak.storyline, "@UNICEF"), 1.0, 1e-6);
    CHECK_NEAR(story_count(t.core, outbreak.storyline, "@CHOLERA"), 2.0, 1e-6);
    char *err = NULL;
    mr_cstore *st = mr_cstore_open(db, &err);
    CHECK(st != NULL);
    if (!st) return;
    CHECK_INT(mr_cstore_save(st, t.core, &err), 0);
    mr_cstore_close(st);
    tcore_free(&t);

    for (int old = 0; old < 2; old++) {
        if (old)
            CHECK(sqlite3_exec(db, "UPDATE cluster_storylines SET counts = NULL", NULL, NULL,
                               NULL) == SQLITE_OK);
        mr_core *c = mr_core_new();
        st = mr_cstore_open(db, &err);
        CHECK(st != NULL);
        if (!st) return;
        CHECK_INT(mr_cstore_load(st, c, &err), 0);
        CHECK_NEAR(story_count(c, outbreak.storyline, "@UNICEF"), old ? 2.0 : 1.0, 1e-6);
        CHECK_NEAR(story_count(c, outbreak.storyline, "@CHOLERA"), 2.0, 1e-6);
        mr_cstore_close(st);
        mr_core_free(c);
    }
    sqlite3_close(db);
}
