/* libFuzzer target for the whole ingest path past extraction: the input is
 * a JSON-lines file of reports (at most 32 read), ingested into a fresh
 * database, so store, normalization, copy detection, event and storyline
 * placement and the story listings all see outside text, and several
 * reports of one input meet each other. The first byte picks how: the
 * reorder window, and whether articles are stored first and placed by
 * marsad_place_pending as `ingest --no-stories` then `cluster` do. Checked:
 * no ingest error, added and seen results name an article, every stored
 * article ends in a story, and each listed storyline can be shown, with
 * the headline and titles the CLI prints and its articles in order (dated
 * ones first, by time, then the undated by the time they were read). */
#include "cluster/stories.h"
#include "engine.h"
#include "marsad.h"
#include "util/arena.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void ignore(void *ctx, const char *origin, const char *reason, bool skipped) {
    (void)ctx;
    (void)origin;
    (void)reason;
    (void)skipped;
}

static char db_path[64], in_path[64];

static void remove_db(void) {
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
    char p[80];
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", db_path, suffixes[i]);
        unlink(p);
    }
}

static int64_t count(marsad_engine *e, const char *sql) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(e->db, sql, -1, &st, NULL) != SQLITE_OK) abort();
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0 || size > (256u << 10)) return 0;
    if (!db_path[0]) {
        snprintf(db_path, sizeof db_path, "/tmp/fuzz-ingest-%d.db", (int)getpid());
        snprintf(in_path, sizeof in_path, "/tmp/fuzz-ingest-%d.jsonl", (int)getpid());
    }
    uint8_t flags = data[0];
    FILE *f = fopen(in_path, "wb");
    if (!f) return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);

    remove_db();
    char *err = NULL;
    marsad_engine *e = marsad_open(db_path, &err);
    if (!e) {
        fprintf(stderr, "fuzz_ingest: cannot open %s: %s\n", db_path, err ? err : "?");
        abort();
    }
    bool store_first = flags & 1;
    static const size_t windows[] = {0, 1, 3, 2000};
    marsad_set_stories(e, !store_first);
    marsad_set_reorder_window(e, windows[(flags >> 1) & 3]);

    marsad_reader_options opt = {.max_record_bytes = 64u << 10, .report = ignore};
    const char *paths[] = {in_path};
    marsad_reader *r = marsad_reader_open(paths, 1, &opt);
    marsad_record rec;
    marsad_ingest_result res;
    for (int n = 0; n < 32 && marsad_reader_next(r, &rec); n++) {
        marsad_ingest(e, &rec, &res);
        if (res.status == MARSAD_INGEST_ERROR) {
            fprintf(stderr, "fuzz_ingest: ingest error: %s\n", res.why ? res.why : "?");
            abort();
        }
        if ((res.status == MARSAD_INGEST_ADDED || res.status == MARSAD_INGEST_SEEN) &&
            res.article_id <= 0)
            abort();
    }
    marsad_reader_close(r);
    if (marsad_ingest_flush(e, &err) != 0) {
        fprintf(stderr, "fuzz_ingest: flush: %s\n", err ? err : "?");
        abort();
    }
    if (store_first && marsad_place_pending(e, NULL, NULL, &err) < 0) {
        fprintf(stderr, "fuzz_ingest: place_pending: %s\n", err ? err : "?");
        abort();
    }
    if (count(e, "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM "
                 "cluster_articles c WHERE c.article_id = a.id)") != 0)
        abort(); /* every stored article is in a story */

    mr_arena arena;
    mr_arena_init(&arena, 0);
    mr_story_summary *items = NULL;
    long n = mr_stories_list(e, 0, &arena, &items, &err);
    if (n < 0) abort();
    for (long i = 0; i < n; i++) {
        if (!items[i].headline) abort(); /* the CLI prints it as it is */
        mr_story_detail d;
        if (mr_story_get(e, items[i].id, &arena, &d, &err) != 1) abort();
        for (size_t k = 0; k < d.nevents; k++) {
            const mr_story_event *ev = &d.events[k];
            for (size_t j = 0; j < ev->narticles; j++) {
                const mr_story_article *a = &ev->articles[j], *before = j ? a - 1 : NULL;
                if (!a->title) abort();
                /* Dated articles first, each group in time order. */
                if (before && (a->time_known > before->time_known ||
                               (a->time_known == before->time_known && a->time < before->time)))
                    abort();
            }
        }
    }
    mr_arena_free(&arena);
    marsad_close(e);
    remove_db();
    return 0;
}
