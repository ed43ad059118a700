/* Unit tests of the corpus hints (src/extract/hints.c): a line that recurs in
 * several reports of one outlet becomes site template; re-runs of one article
 * do not count; counts survive a save and a load; memory stays bounded. */
#include "extract/extract.h"
#include "extract/hints.h"
#include "test.h"
#include "util/arena.h"
#include "util/buf.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

static const char slogan[] = "صوت المدينة صحافة من الناس وإليهم";

/* A report of outlet "صوت المدينة" numbered n: its own title and paragraphs,
 * and the site's slogan between two paragraphs. Heap; the caller frees. */
static char *report(int n) {
    mr_buf b = MR_BUF_INIT;
    mr_buf_printf(&b, "عنوان الخبر رقم %d عن أحداث المدينة\n\n", n);
    mr_buf_printf(
        &b, "قالت البلدية في بيانها رقم %d إن أعمال الصيانة ستستمر طوال الأسبوع المقبل.\n\n", n);
    mr_buf_printf(&b, "%s\n\n", slogan);
    mr_buf_printf(&b, "وأضاف البيان أن الطريق رقم %d سيبقى مغلقاً حتى انتهاء الأعمال في المنطقة.\n",
                  n);
    return mr_buf_take(&b);
}

static int extract(const marsad_corpus_hints *h, const char *text, const char *outlet, mr_arena *a,
                   marsad_article *out) {
    marsad_record rec = {.origin = "t", .data = text, .len = strlen(text), .outlet = outlet};
    const char *why;
    return mr_extract_text(&rec, h, a, out, &why);
}

static bool has_paragraph(const marsad_article *a, const char *s) {
    for (size_t i = 0; i < a->nparagraphs; i++)
        if (strcmp(a->paragraphs[i], s) == 0) return true;
    return false;
}

static const char *reason_of(const marsad_article *a, const char *s) {
    for (size_t i = 0; i < a->ndropped; i++)
        if (strcmp(a->dropped[i].text, s) == 0) return a->dropped[i].reason;
    return NULL;
}

/* Extracts report n and observes it. */
static void see(marsad_corpus_hints *h, int n, const char *outlet) {
    char *text = report(n);
    mr_arena a;
    mr_arena_init(&a, 1 << 14);
    marsad_article art;
    CHECK_INT(extract(h, text, outlet, &a, &art), 0);
    marsad_record rec = {.origin = "t", .data = text, .len = strlen(text), .outlet = outlet};
    mr_hints_observe(h, &rec, &art);
    mr_arena_free(&a);
    free(text);
}

TEST(hints_recurring_line_becomes_template) {
    marsad_corpus_hints *h = mr_hints_new();
    mr_arena a;
    mr_arena_init(&a, 1 << 14);
    marsad_article art;
    char *text = report(100);
    /* Before: the slogan reads as a short paragraph and is kept. */
    CHECK_INT(extract(h, text, "صوت المدينة", &a, &art), 0);
    CHECK(has_paragraph(&art, slogan));
    see(h, 1, "صوت المدينة");
    see(h, 2, "صوت المدينة");
    mr_arena_reset(&a);
    CHECK_INT(extract(h, text, "صوت المدينة", &a, &art), 0);
    CHECK(has_paragraph(&art, slogan)); /* two reports are not enough */
    see(h, 3, "صوت المدينة");
    mr_arena_reset(&a);
    CHECK_INT(extract(h, text, "صوت المدينة", &a, &art), 0);
    CHECK(!has_paragraph(&art, slogan));
    CHECK_STR(reason_of(&art, slogan), "site template");
    CHECK_INT(art.nparagraphs, 2);
    /* Another outlet's reports are not affected. */
    mr_arena_reset(&a);
    CHECK_INT(extract(h, text, "موقع آخر", &a, &art), 0);
    CHECK(has_paragraph(&art, slogan));
    /* Without hints, nothing changes. */
    mr_arena_reset(&a);
    CHECK_INT(extract(NULL, text, "صوت المدينة", &a, &art), 0);
    CHECK(has_paragraph(&art, slogan));
    free(text);
    mr_arena_free(&a);
    mr_hints_free(h);
}

TEST(hints_rerun_of_one_article_does_not_count) {
    marsad_corpus_hints *h = mr_hints_new();
    for (int i = 0; i < 6; i++) see(h, 7, "صوت المدينة");
    mr_arena a;
    mr_arena_init(&a, 1 << 14);
    marsad_article art;
    char *text = report(8);
    CHECK_INT(extract(h, text, "صوت المدينة", &a, &art), 0);
    CHECK(has_paragraph(&art, slogan));
    free(text);
    mr_arena_free(&a);
    mr_hints_free(h);
}

TEST(hints_source_falls_back_to_url_host) {
    marsad_record a = {.url = "https://www.Example.org/news/1"};
    marsad_record b = {.url = "http://example.org/other"};
    marsad_record c = {.outlet = "Example"};
    CHECK(mr_hints_source_hash(&a, NULL) != 0);
    CHECK(mr_hints_source_hash(&a, NULL) == mr_hints_source_hash(&b, NULL));
    CHECK(mr_hints_source_hash(&a, NULL) != mr_hints_source_hash(&c, NULL));
    marsad_record none = {0};
    CHECK(mr_hints_source_hash(&none, NULL) == 0);
    CHECK(mr_hints_source_hash(&none, "صوت المدينة") != 0);
}

TEST(hints_save_and_load) {
    sqlite3 *db;
    CHECK_INT(sqlite3_open(":memory:", &db), SQLITE_OK);
    char *err = NULL;
    marsad_corpus_hints *h = mr_hints_new();
    CHECK_INT(mr_hints_load(h, db, &err), 0);
    see(h, 1, "صوت المدينة");
    see(h, 2, "صوت المدينة");
    see(h, 3, "صوت المدينة");
    CHECK_INT(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
    CHECK_INT(mr_hints_save(h, db, &err), 0);
    CHECK_INT(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    mr_hints_free(h);

    /* Only lines seen twice or more are written: the slogan. */
    sqlite3_stmt *st;
    CHECK_INT(
        sqlite3_prepare_v2(db, "SELECT count(*), max(reports) FROM template_lines", -1, &st, NULL),
        SQLITE_OK);
    CHECK_INT(sqlite3_step(st), SQLITE_ROW);
    CHECK_INT(sqlite3_column_int(st, 0), 1);
    CHECK_INT(sqlite3_column_int(st, 1), 3);
    sqlite3_finalize(st);

    marsad_corpus_hints *h2 = mr_hints_new();
    CHECK_INT(mr_hints_load(h2, db, &err), 0);
    CHECK_INT(mr_hints_size(h2), 1);
    mr_arena a;
    mr_arena_init(&a, 1 << 14);
    marsad_article art;
    char *text = report(50);
    CHECK_INT(extract(h2, text, "صوت المدينة", &a, &art), 0);
    CHECK_STR(reason_of(&art, slogan), "site template");
    /* Saving again writes nothing new (nothing changed). */
    CHECK_INT(mr_hints_save(h2, db, &err), 0);
    free(text);
    mr_arena_free(&a);
    mr_hints_free(h2);
    sqlite3_close(db);
    CHECK(err == NULL);
}

TEST(hints_memory_is_bounded) {
    marsad_corpus_hints *h = mr_hints_new();
    char title[64], para[128];
    const char *paras[3];
    for (int i = 0; i < 6000; i++) {
        snprintf(title, sizeof title, "headline %d", i);
        snprintf(para, sizeof para, "paragraph one of report %d", i);
        paras[0] = para;
        char p2[64], p3[64];
        snprintf(p2, sizeof p2, "second paragraph %d", i);
        snprintf(p3, sizeof p3, "third paragraph %d", i);
        paras[1] = p2;
        paras[2] = p3;
        marsad_article art = {.title = title, .paragraphs = paras, .nparagraphs = 3};
        marsad_record rec = {.outlet = "Big Outlet"};
        mr_hints_observe(h, &rec, &art);
    }
    CHECK(mr_hints_size(h) <= MR_HINTS_PER_OUTLET);
    CHECK(mr_hints_size(h) > 0);
    /* Long lines are never counted. */
    marsad_corpus_hints *h2 = mr_hints_new();
    char longline[400];
    memset(longline, 'x', sizeof longline - 1);
    longline[sizeof longline - 1] = 0;
    const char *lp[1] = {longline};
    marsad_article art = {.title = NULL, .paragraphs = lp, .nparagraphs = 1};
    marsad_record rec = {.outlet = "O"};
    mr_hints_observe(h2, &rec, &art);
    CHECK_INT(mr_hints_size(h2), 0);
    mr_hints_free(h2);
    mr_hints_free(h);
}
