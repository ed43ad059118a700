/* Tests for marsad_place_pending, the step that places articles stored
 * without stories (ingest --no-stories, or a run killed while articles
 * waited in the reorder window). */
#include "engine.h"
#include "store/store.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

static void count_placed(void *ctx, const marsad_placement *p) {
    size_t *n = ctx;
    if (p->event_id > 0) (*n)++;
}

static int64_t unplaced(marsad_engine *e) {
    sqlite3_stmt *st;
    CHECK_INT(sqlite3_prepare_v2(e->db,
                                 "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM "
                                 "cluster_articles c WHERE c.article_id = a.id)",
                                 -1, &st, NULL),
              SQLITE_OK);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

/* Found by fuzz_ingest: with a reorder window set, the last articles were
 * still waiting in it when place_pending returned and reported them placed;
 * they were placed only at the caller's next flush or close. */
TEST(place_pending_with_a_window_places_everything_before_returning) {
    const char *path = mr_test_tmp("pending_window.db");
    mr_store_remove(path);
    char *err = NULL;
    marsad_engine *e = marsad_open(path, &err);
    CHECK(e != NULL);
    free(err);
    if (!e) return;
    marsad_set_stories(e, false);
    static const char *const texts[] = {
        "The port authority closed the northern ports as winds reached 90 km an hour.",
        "Farmers in the valley began the olive harvest a week early this year.",
        "The city council approved a new budget for road repairs on Tuesday.",
    };
    for (size_t i = 0; i < 3; i++) {
        char title[32];
        snprintf(title, sizeof title, "Report %zu", i + 1);
        marsad_record rec = {0};
        rec.origin = "test";
        rec.data = texts[i];
        rec.len = strlen(texts[i]);
        rec.title = title;
        rec.format = MARSAD_FORMAT_TEXT;
        marsad_ingest_result res;
        marsad_ingest(e, &rec, &res);
        CHECK_INT(res.status, MARSAD_INGEST_ADDED);
    }
    CHECK_INT(marsad_ingest_flush(e, &err), 0);
    CHECK_INT(unplaced(e), 3);

    marsad_set_stories(e, true);
    marsad_set_reorder_window(e, 2);
    size_t reported = 0;
    marsad_on_placed(e, count_placed, &reported);
    CHECK_INT(marsad_place_pending(e, NULL, NULL, &err), 3);
    free(err);
    CHECK_INT(unplaced(e), 0);
    CHECK_INT(reported, 3);
    marsad_close(e);
    mr_store_remove(path);
}
