/* Unit tests of the read stage: the JSON-lines object reader and the reader over
 * files, directories, gzip and bad input. Fixtures are written to a scratch directory. */
#include "marsad.h"
#include "read/json_fields.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

static const char *member(const mr_json_object *o, const mr_buf *scratch, const char *key) {
    for (size_t i = 0; i < o->count; i++)
        if (strcmp(scratch->data + o->members[i].key, key) == 0)
            return scratch->data + o->members[i].value;
    return NULL;
}

TEST(json_object_fields_and_escapes) {
    mr_json_object o = {0};
    mr_buf s = MR_BUF_INIT;
    const char *err;
    size_t at;
    const char *line =
        "{\"title\":\"\\u0642\\u0633\\u062f \\\"x\\\"\\n\", \"n\": -1.5e3, \"ok\": true,"
        " \"nested\": {\"a\": [1, {\"b\": null}], \"c\": \"}\"}, \"emoji\": \"\\ud83d\\ude00\"}";
    CHECK_INT(mr_json_parse_object(line, strlen(line), &o, &s, &err, &at), 0);
    CHECK_INT(o.count, 5);
    CHECK_STR(member(&o, &s, "title"), "قسد \"x\"\n");
    CHECK_STR(member(&o, &s, "n"), "-1.5e3");
    CHECK_STR(member(&o, &s, "ok"), "true");
    CHECK_STR(member(&o, &s, "emoji"), "\xF0\x9F\x98\x80");
    CHECK(o.members[3].type == MR_JSON_OBJECT);
    CHECK(!o.repaired);
    mr_json_object_free(&o);
    mr_buf_free(&s);
}

TEST(json_object_rejects_malformed) {
    const char *bad[] = {
        "",           "[1,2]",        "{\"a\":}",          "{\"a\" 1}",        "{\"a\":1,}",
        "{\"a\":\"x", "{\"a\":[1,]}", "{\"a\":1} x",       "{\"a\":\"\\q\"}",  "{a:1}",
        "{\"a\":01}", "{\"a\":tru}",  "{\"a\":{\"b\":1]}", "{\"a\":\"\x01\"}", "{\"a\":1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mr_json_object o = {0};
        mr_buf s = MR_BUF_INIT;
        const char *err = NULL;
        size_t at = 0;
        int rc = mr_json_parse_object(bad[i], strlen(bad[i]), &o, &s, &err, &at);
        if (rc != -1) mr_test_fail(__FILE__, __LINE__, "accepted malformed JSON: %s", bad[i]);
        CHECK(err != NULL);
        mr_json_object_free(&o);
        mr_buf_free(&s);
    }
}

TEST(json_object_repairs_invalid_utf8_and_nul) {
    mr_json_object o = {0};
    mr_buf s = MR_BUF_INIT;
    const char *err;
    size_t at;
    const char line[] = "{\"t\":\"a\xFF"
                        "b\\u0000c\\udc00\"}";
    CHECK_INT(mr_json_parse_object(line, sizeof line - 1, &o, &s, &err, &at), 0);
    CHECK(o.repaired);
    CHECK_STR(member(&o, &s, "t"), "a\xEF\xBF\xBD"
                                   "b\xEF\xBF\xBD"
                                   "c\xEF\xBF\xBD");
    mr_json_object_free(&o);
    mr_buf_free(&s);
}

TEST(json_object_deep_nesting_is_bounded) {
    /* 100,000 nested arrays must be refused without recursion, not crash. */
    size_t depth = 100000;
    char *line = malloc(depth * 2 + 16);
    size_t n = 0;
    n += (size_t)sprintf(line, "{\"a\":");
    for (size_t i = 0; i < depth; i++) line[n++] = '[';
    for (size_t i = 0; i < depth; i++) line[n++] = ']';
    line[n++] = '}';
    mr_json_object o = {0};
    mr_buf s = MR_BUF_INIT;
    const char *err = NULL;
    size_t at;
    CHECK_INT(mr_json_parse_object(line, n, &o, &s, &err, &at), -1);
    CHECK_HAS(err, "deep");
    mr_json_object_free(&o);
    mr_buf_free(&s);
    free(line);
}

/* ---- the reader over real files ---- */

typedef struct reports {
    int skipped, repaired;
    char last[512];
} reports;

static void collect(void *ctx, const char *origin, const char *reason, bool skipped) {
    reports *r = ctx;
    if (skipped)
        r->skipped++;
    else
        r->repaired++;
    snprintf(r->last, sizeof r->last, "%s: %s", origin, reason);
}

static void write_file(const char *path, const char *data, size_t n) {
    FILE *f = fopen(path, "wb");
    fwrite(data, 1, n, f);
    fclose(f);
}

static void write_gz(const char *path, const char *data) {
    gzFile g = gzopen(path, "wb");
    gzwrite(g, data, (unsigned)strlen(data));
    gzclose(g);
}

TEST(reader_walks_directories_in_order_and_filters_names) {
    const char *dir = mr_test_tmp("walk");
    mkdir(dir, 0755);
    char p[600];
    snprintf(p, sizeof p, "%s/b.txt", dir);
    write_file(p, "second report\n", 14);
    snprintf(p, sizeof p, "%s/sub", dir);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/sub/c.txt.gz", dir);
    write_gz(p, "third report, compressed\n");
    snprintf(p, sizeof p, "%s/a", dir);
    write_file(p, "first report\n", 13);
    snprintf(p, sizeof p, "%s/notes.md", dir);
    write_file(p, "# not a report\n", 15);
    snprintf(p, sizeof p, "%s/.hidden.txt", dir);
    write_file(p, "hidden\n", 7);
    reports rep = {0};
    marsad_reader_options opt = {.report = collect, .report_ctx = &rep};
    const char *paths[] = {dir};
    marsad_reader *r = marsad_reader_open(paths, 1, &opt);
    marsad_record rec;
    const char *want[] = {"first report\n", "second report\n", "third report, compressed\n"};
    for (int i = 0; i < 3; i++) {
        CHECK_INT(marsad_reader_next(r, &rec), 1);
        CHECK(rec.len == strlen(want[i]) && memcmp(rec.data, want[i], rec.len) == 0);
        CHECK(rec.format == MARSAD_FORMAT_TEXT);
    }
    CHECK_INT(marsad_reader_next(r, &rec), 0);
    marsad_reader_stats st;
    marsad_reader_stats_get(r, &st);
    CHECK_INT(st.records, 3);
    CHECK_INT(st.ignored, 1);
    CHECK_INT(st.skipped, 0);
    CHECK_INT(rep.skipped, 0);
    marsad_reader_close(r);
}

TEST(reader_jsonl_fields_bad_lines_and_limits) {
    const char *path = mr_test_tmp("in.jsonl");
    mr_buf b = MR_BUF_INIT;
    mr_buf_puts(&b, "{\"url\":\"http://x/1\",\"source\":\"Outlet A\",\"date\":\"2024-03-02\","
                    "\"title\":\"T1\",\"content\":\"Body one.\"}\n");
    mr_buf_puts(&b, "{\"broken\": \n");                              /* line 2: malformed */
    mr_buf_puts(&b, "\n");                                           /* line 3: blank */
    mr_buf_puts(&b, "{\"title\":\"no text\", \"content\": \"\"}\n"); /* line 4: title only */
    mr_buf_puts(&b, "{\"id\": 7}\n");                                /* line 5: nothing */
    mr_buf_puts(&b, "{\"text\":\"");                                 /* line 6: too long */
    for (int i = 0; i < 5000; i++) mr_buf_puts(&b, "xxxxxxxxxx");
    mr_buf_puts(&b, "\"}\n");
    mr_buf_puts(&b, "{\"headline\":\"T7\",\"html\":\"<p>page</p>\"}\r\n"); /* line 7: html, CRLF */
    mr_buf_puts(&b, "{\"body\":\"last line without newline\"}");
    write_file(path, b.data, b.len);
    mr_buf_free(&b);
    reports rep = {0};
    marsad_reader_options opt = {.report = collect, .report_ctx = &rep, .max_record_bytes = 10000};
    const char *paths[] = {path};
    marsad_reader *r = marsad_reader_open(paths, 1, &opt);
    marsad_record rec;
    CHECK_INT(marsad_reader_next(r, &rec), 1);
    CHECK_STR(rec.outlet, "Outlet A");
    CHECK_STR(rec.url, "http://x/1");
    CHECK_STR(rec.date, "2024-03-02");
    CHECK_STR(rec.title, "T1");
    CHECK_HAS(rec.origin, "in.jsonl:1");
    CHECK(rec.len == 9 && memcmp(rec.data, "Body one.", 9) == 0);
    CHECK_INT(marsad_reader_next(r, &rec), 1);
    CHECK_STR(rec.title, "no text");
    CHECK_INT(rec.len, 0);
    CHECK_HAS(rec.origin, ":4");
    CHECK_INT(marsad_reader_next(r, &rec), 1);
    CHECK(rec.format == MARSAD_FORMAT_HTML);
    CHECK_STR(rec.title, "T7");
    CHECK_HAS(rec.origin, ":7");
    CHECK_INT(marsad_reader_next(r, &rec), 1);
    CHECK(rec.len == 25 && memcmp(rec.data, "last line without newline", 25) == 0);
    CHECK_INT(marsad_reader_next(r, &rec), 0);
    CHECK_INT(rep.skipped, 3); /* lines 2, 5 and 6 */
    marsad_reader_stats st;
    marsad_reader_stats_get(r, &st);
    CHECK_INT(st.skipped, 3);
    CHECK_INT(st.records, 4);
    marsad_reader_close(r);
}

TEST(reader_field_mapping) {
    const char *path = mr_test_tmp("map.ndjson");
    const char *data = "{\"story\":\"The text.\",\"paper\":\"P\",\"content\":\"not this\"}\n";
    write_file(path, data, strlen(data));
    marsad_reader_options opt = {0};
    opt.fields.text = "story";
    opt.fields.outlet = "paper";
    const char *paths[] = {path};
    marsad_reader *r = marsad_reader_open(paths, 1, &opt);
    marsad_record rec;
    CHECK_INT(marsad_reader_next(r, &rec), 1);
    CHECK(rec.len == 9 && memcmp(rec.data, "The text.", 9) == 0);
    CHECK_STR(rec.outlet, "P");
    marsad_reader_close(r);
}

TEST(reader_reports_bad_files_and_goes_on) {
    const char *dir = mr_test_tmp("bad");
    mkdir(dir, 0755);
    char p[600];
    snprintf(p, sizeof p, "%s/1-empty.txt", dir);
    write_file(p, "", 0);
    snprintf(p, sizeof p, "%s/2-binary.txt", dir);
    write_file(p, "ab\0\0\x01\x02", 6);
    snprintf(p, sizeof p, "%s/3-bad-utf8.txt", dir);
    write_file(p, "\xD8\xAA\xD9\x82\xD8\xB1\xD9\x8A\xD8\xB1 caf\xE9 report\n", 22);
    snprintf(p, sizeof p, "%s/4-big.txt", dir);
    char *big = malloc(3000);
    memset(big, 'a', 3000);
    write_file(p, big, 3000);
    free(big);
    snprintf(p, sizeof p, "%s/5-truncated.txt.gz", dir);
    write_file(p, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\x4c", 12);
    snprintf(p, sizeof p, "%s/6-good.txt", dir);
    write_file(p, "a good report\n", 14);
    reports rep = {0};
    marsad_reader_options opt = {.report = collect, .report_ctx = &rep, .max_record_bytes = 2000};
    const char *paths[] = {dir, mr_test_tmp("does-not-exist")};
    marsad_reader *r = marsad_reader_open(paths, 2, &opt);
    marsad_record rec;
    CHECK_INT(marsad_reader_next(r, &rec), 1); /* the repaired one */
    CHECK(rec.repaired);
    CHECK_HAS(rec.data, "caf\xEF\xBF\xBD report");
    CHECK_INT(marsad_reader_next(r, &rec), 1);
    CHECK_HAS(rec.data, "a good report");
    CHECK_INT(marsad_reader_next(r, &rec), 0);
    CHECK_INT(rep.repaired, 1);
    CHECK_INT(rep.skipped, 5); /* empty, binary, big, truncated gzip, missing path */
    CHECK_HAS(rep.last, "does-not-exist");
    marsad_reader_close(r);

    /* The same with invalid UTF-8 rejected. */
    rep = (reports){0};
    opt.reject_invalid_utf8 = true;
    snprintf(p, sizeof p, "%s/3-bad-utf8.txt", dir);
    const char *one[] = {p};
    r = marsad_reader_open(one, 1, &opt);
    CHECK_INT(marsad_reader_next(r, &rec), 0);
    CHECK_INT(rep.skipped, 1);
    CHECK_HAS(rep.last, "rejected");
    marsad_reader_close(r);
}

/* A text report saved in windows-1256 (as older Arabic sites serve them) is
 * decoded, not "repaired" into a line of U+FFFD. */
TEST(reader_decodes_legacy_arabic_text) {
    const char *p = mr_test_tmp("cp1256.txt");
    /* "خبر عاجل من المدينة" in windows-1256 */
    static const char text[] =
        "\xCE\xC8\xD1 \xDA\xC7\xCC\xE1 \xE3\xE4 \xC7\xE1\xE3\xCF\xED\xE4\xC9\n";
    write_file(p, text, sizeof text - 1);
    reports rep = {0};
    marsad_reader_options opt = {
        .report = collect, .report_ctx = &rep, .reject_invalid_utf8 = true};
    const char *paths[] = {p};
    marsad_reader *r = marsad_reader_open(paths, 1, &opt);
    marsad_record rec;
    CHECK_INT(marsad_reader_next(r, &rec), 1);
    CHECK_HAS(rec.data, "خبر عاجل من المدينة");
    CHECK(!rec.repaired);
    CHECK_INT(rep.skipped, 0);
    marsad_reader_close(r);
}

TEST(reader_html_by_name_and_by_content) {
    const char *p1 = mr_test_tmp("page.htm");
    write_file(p1, "<p>x</p>", 8);
    const char *p2 = mr_test_tmp("saved.txt");
    write_file(p2, "  <!DOCTYPE html><html><body>y</body></html>", 44);
    const char *paths[] = {p1, p2};
    marsad_reader *r = marsad_reader_open(paths, 2, NULL);
    marsad_record rec;
    CHECK_INT(marsad_reader_next(r, &rec), 1);
    CHECK(rec.format == MARSAD_FORMAT_HTML);
    CHECK_INT(marsad_reader_next(r, &rec), 1);
    CHECK(rec.format == MARSAD_FORMAT_HTML);
    marsad_reader_close(r);
}
