/* The cluster store's row writes (src/cluster/store.c): events and
 * storylines it has not written yet are INSERTed at once, and a row that
 * turns up for such an id anyway (another writer, a table changed under the
 * session) is updated, not duplicated or failed on. */
#include "cluster/cluster.h"
#include "test.h"
#include "util/arena.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One word per token, lower-case ASCII, every word a term. */
static void words(mr_arena *a, const char *s, marsad_text *t) {
    memset(t, 0, sizeof *t);
    t->display = s;
    t->display_len = strlen(s);
    t->lang = "en";
    t->tokens = mr_arena_calloc(a, strlen(s) / 2 + 2, sizeof *t->tokens);
    for (const char *p = s; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *w = p;
        while (*p && *p != ' ') p++;
        marsad_token *tok = &t->tokens[t->ntokens++];
        tok->start = (uint32_t)(w - s);
        tok->len = (uint32_t)(p - w);
        tok->match = tok->term = mr_arena_strndup(a, w, (size_t)(p - w));
        tok->flags = MARSAD_TOK_LATIN | (t->ntokens == 1 ? MARSAD_TOK_SENTENCE_START : 0);
    }
}

static int64_t one_int(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int place(mr_cluster *c, mr_arena *a, int64_t id, const char *title, const char *body,
                 mr_cluster_result *r) {
    mr_arena_reset(a);
    marsad_text tt, bt;
    words(a, title, &tt);
    words(a, body, &bt);
    uint8_t hash[16] = {(uint8_t)id};
    mr_cluster_input in = {.article_id = id,
                           .time = 1700000000 + id * 600,
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

TEST(cluster_store_row_written_under_the_session_is_updated) {
    const char *path = mr_test_tmp("cluster_store_rows.db");
    remove(path);
    sqlite3 *db;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    char *err = NULL;
    mr_cluster *c = mr_cluster_open(db, &err);
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
    CHECK_INT(place(c, &a, 1, "flood hits basra port", "flood waters hit the basra port", &r), 0);
    CHECK_INT(r.event_id, 1);
    CHECK_INT(r.storyline_id, 1);
    CHECK_INT(mr_cluster_flush(c, NULL), 0);
    CHECK_INT(one_int(db, "SELECT count(*) FROM cluster_events"), 1);
    CHECK_INT(one_int(db, "SELECT articles FROM cluster_events WHERE id = 1"), 1);
    CHECK(one_int(db, "SELECT first_time FROM cluster_events WHERE id = 1") > 5);
    CHECK_INT(one_int(db, "SELECT count(*) FROM cluster_storylines"), 1);
    CHECK_INT(one_int(db, "SELECT articles FROM cluster_storylines WHERE id = 1"), 1);
    /* A second event, new to the table: inserted, and updated at the next save. */
    CHECK_INT(place(c, &a, 2, "central bank raises rates", "the central bank raised rates", &r), 0);
    CHECK_INT(r.event_id, 2);
    CHECK_INT(mr_cluster_flush(c, NULL), 0);
    CHECK_INT(place(c, &a, 3, "central bank raises interest rates",
                    "the central bank raised interest rates again", &r),
              0);
    CHECK_INT(r.event_id, 2);
    CHECK_INT(mr_cluster_flush(c, NULL), 0);
    CHECK_INT(one_int(db, "SELECT count(*) FROM cluster_events"), 2);
    CHECK_INT(one_int(db, "SELECT articles FROM cluster_events WHERE id = 2"), 2);
    mr_cluster_close(c);
    mr_arena_free(&a);
    sqlite3_close(db);
}
