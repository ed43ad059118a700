/* Tests for the articles store: the raw input kept with each article comes
 * back byte for byte, whether it was compressed against the article's body
 * (rows written now) or on its own (rows written by earlier versions). */
#include "engine.h"
#include "store/store.h"
#include "test.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <zstd.h>

static marsad_engine *fresh_engine(const char *name) {
    const char *path = mr_test_tmp(name);
    mr_store_remove(path);
    char *err = NULL;
    marsad_engine *e = marsad_open(path, &err);
    CHECK(e != NULL);
    free(err);
    if (e) marsad_set_stories(e, false);
    return e;
}

/* Ingests one JSON-lines style record whose raw line holds the text. */
static int64_t ingest_line(marsad_engine *e, const char *text, const char *raw) {
    marsad_record rec = {0};
    rec.origin = "test.jsonl:1";
    rec.data = text;
    rec.len = strlen(text);
    rec.raw = raw;
    rec.raw_len = strlen(raw);
    rec.format = MARSAD_FORMAT_TEXT;
    rec.title = "عنوان الخبر";
    rec.outlet = "example";
    marsad_ingest_result res;
    marsad_ingest(e, &rec, &res);
    CHECK_INT(res.status, MARSAD_INGEST_ADDED);
    return res.article_id;
}

static const char text1[] = "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في العاصمة.\n\n"
                            "وأضاف أن الوفدين اتفقا على جدول أعمال من ثلاث نقاط.";
static const char raw1[] =
    "{\"source\":\"example\",\"title\":\"عنوان الخبر\",\"content\":\"قال وزير الخارجية إن "
    "المحادثات ستستأنف الأسبوع المقبل في العاصمة.\\n\\nوأضاف أن الوفدين اتفقا على جدول أعمال "
    "من ثلاث نقاط.\"}";

TEST(store_raw_round_trip_with_body_prefix) {
    marsad_engine *e = fresh_engine("store_raw.db");
    if (!e) return;
    int64_t id = ingest_line(e, text1, raw1);
    /* A raw input that shares nothing with the body comes back too. */
    int64_t id2 = ingest_line(e, "Talks resume next week in the capital, the minister said.",
                              "\x01\x02 binary-ish \xff\xfe payload that is not the body at all");
    char *err = NULL;
    CHECK_INT(marsad_ingest_flush(e, &err), 0);
    free(err);
    size_t len = 0;
    char *raw = mr_store_get_raw(e->db, id, &len);
    CHECK(raw != NULL);
    if (raw) {
        CHECK_INT(len, strlen(raw1));
        CHECK_STR(raw, raw1);
    }
    free(raw);
    raw = mr_store_get_raw(e->db, id2, &len);
    CHECK(raw != NULL);
    if (raw) CHECK_STR(raw, "\x01\x02 binary-ish \xff\xfe payload that is not the body at all");
    free(raw);
    /* Compressed against the body, the stored frame is smaller than the
     * raw line's own compression could make it (the body is most of it). */
    sqlite3_stmt *st;
    CHECK(sqlite3_prepare_v2(e->db, "SELECT length(raw) FROM articles WHERE id = ?", -1, &st,
                             NULL) == SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    size_t stored = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    char plain[1024];
    size_t alone = ZSTD_compress(plain, sizeof plain, raw1, strlen(raw1), 3);
    CHECK(!ZSTD_isError(alone));
    CHECK(stored < alone / 2);
    marsad_close(e);
}

/* Rows written before the body prefix hold a plain zstd frame: still read. */
TEST(store_raw_reads_plain_frames) {
    marsad_engine *e = fresh_engine("store_raw_plain.db");
    if (!e) return;
    int64_t id = ingest_line(e, text1, raw1);
    char *err = NULL;
    CHECK_INT(marsad_ingest_flush(e, &err), 0);
    free(err);
    char plain[1024];
    size_t zlen = ZSTD_compress(plain, sizeof plain, raw1, strlen(raw1), -3);
    CHECK(!ZSTD_isError(zlen));
    sqlite3_stmt *st;
    CHECK(sqlite3_prepare_v2(e->db, "UPDATE articles SET raw = ? WHERE id = ?", -1, &st, NULL) ==
          SQLITE_OK);
    sqlite3_bind_blob(st, 1, plain, (int)zlen, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    CHECK(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
    size_t len = 0;
    char *raw = mr_store_get_raw(e->db, id, &len);
    CHECK(raw != NULL);
    if (raw) CHECK_STR(raw, raw1);
    free(raw);
    /* A damaged frame is refused, not returned half-decoded. */
    plain[zlen / 2] ^= 0x55;
    CHECK(sqlite3_prepare_v2(e->db, "UPDATE articles SET raw = ? WHERE id = ?", -1, &st, NULL) ==
          SQLITE_OK);
    sqlite3_bind_blob(st, 1, plain, 8, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    CHECK(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
    CHECK(mr_store_get_raw(e->db, id, &len) == NULL);
    marsad_close(e);
}

/* Without stories only the match layer is made (for the content hash): the
 * hash must be the one the full normalization gives, or a report ingested
 * once with and once without stories would not be recognised. */
TEST(store_content_hash_same_with_and_without_stories) {
    static const char *const texts[] = {
        "قالَ الوزيرُ إنّ «المحادثات» ستُستأنف في ٢٠٢٤/٣/١٥.\n\nوأضاف: الاتفاق قريب!",
        "The minister said talks resume on 15 March 2024 — “soon”, he added.",
        "Mixed: Ａｂｃ ﻻ إله COVID19 G7 ١٢٬٥ 3,5%   spaces\t\ttabs ـــ tatweel",
        "Ελληνικά и русский текст with l'armée and naïve café."};
    marsad_engine *with = fresh_engine("store_hash_with.db");
    marsad_engine *without = fresh_engine("store_hash_without.db");
    if (!with || !without) return;
    marsad_set_stories(with, true);
    int differ = 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char raw[64];
        snprintf(raw, sizeof raw, "{\"n\":%zu}", i);
        int64_t a = ingest_line(with, texts[i], raw);
        int64_t b = ingest_line(without, texts[i], raw);
        sqlite3_stmt *sa, *sb;
        sqlite3_prepare_v2(with->db, "SELECT content_hash FROM articles WHERE id = ?", -1, &sa,
                           NULL);
        sqlite3_prepare_v2(without->db, "SELECT content_hash FROM articles WHERE id = ?", -1, &sb,
                           NULL);
        sqlite3_bind_int64(sa, 1, a);
        sqlite3_bind_int64(sb, 1, b);
        CHECK(sqlite3_step(sa) == SQLITE_ROW && sqlite3_step(sb) == SQLITE_ROW);
        if (sqlite3_column_bytes(sa, 0) != 16 || sqlite3_column_bytes(sb, 0) != 16 ||
            memcmp(sqlite3_column_blob(sa, 0), sqlite3_column_blob(sb, 0), 16) != 0)
            differ++;
        sqlite3_finalize(sa);
        sqlite3_finalize(sb);
    }
    CHECK_INT(differ, 0);
    marsad_close(with);
    marsad_close(without);
}
