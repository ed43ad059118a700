/* Unit tests of the labelled-stream reader (src/eval/labels.c). */
#include "test.h"
#include "eval/labels.h"

#include <stdlib.h>

static size_t reported;
static void count_report(void *ctx, size_t line, const char *why) {
    (void)ctx;
    (void)line;
    (void)why;
    reported++;
}

TEST(labels_json_lines_in_the_googlenews_shapes) {
    const char *data =
        "{\"text\": \"storm hits coast\", \"cluster\": 65}\n"
        "{\"Id\": \"000624\", \"clusterNo\": 6, \"textCleaned\": \"army chief named\"}\n"
        "\n"
        "{\"title\": \"T\", \"body\": \"B\", \"event\": \"E1\", \"storyline\": \"S1\","
        " \"lang\": \"ar\", \"published_at\": \"2018-11-12T09:30:00Z\"}\n"
        "not json\n"
        "{\"text\": \"no label\"}\n"
        "{\"cluster\": 3}\n";
    mr_labelled_stream s;
    mr_labels_init(&s);
    reported = 0;
    size_t added = mr_labels_parse(&s, data, strlen(data), count_report, NULL);
    CHECK_INT(added, 3);
    CHECK_INT(s.count, 3);
    CHECK_INT(s.skipped, 3);
    CHECK_INT(reported, 3);
    CHECK_STR(s.items[0].title, "storm hits coast");
    CHECK(s.items[0].body == NULL);
    CHECK_STR(s.items[0].event, "65");
    CHECK_STR(s.items[0].id, "1");
    CHECK_STR(s.items[1].id, "000624");
    CHECK_STR(s.items[1].event, "6");
    CHECK_STR(s.items[1].title, "army chief named");
    CHECK_STR(s.items[2].title, "T");
    CHECK_STR(s.items[2].body, "B");
    CHECK_STR(s.items[2].storyline, "S1");
    CHECK_STR(s.items[2].lang, "ar");
    CHECK(s.items[2].time_known);
    CHECK_INT(s.items[2].time, 1542015000); /* 2018-11-12 09:30 UTC */
    CHECK_INT(s.items[2].line, 4);
    CHECK(s.has_storyline);
    CHECK(s.has_lang);
    CHECK(s.has_time);
    mr_labels_free(&s);
}

TEST(labels_tsv_with_header_and_sort_by_time) {
    size_t len;
    char *data = mr_test_read_file("tests/fixtures/cluster/olympics.tsv", &len);
    CHECK(data != NULL);
    if (!data) return;
    mr_labelled_stream s;
    mr_labels_init(&s);
    mr_labels_parse(&s, data, len, NULL, NULL);
    free(data);
    CHECK_INT(s.count, 4);
    CHECK_INT(s.skipped, 1); /* the line with no label */
    CHECK_STR(s.items[0].event, "wn-1");
    CHECK_STR(s.items[0].lang, "eng");
    CHECK_STR(s.items[0].id, "101");
    mr_labels_sort_by_time(&s);
    CHECK_STR(s.items[0].id, "103");
    CHECK_STR(s.items[1].id, "104"); /* no time: travels with 103, the timed item before it */
    CHECK_STR(s.items[2].id, "101");
    CHECK_STR(s.items[3].id, "102");
    mr_labels_free(&s);
}

TEST(labels_time_parser) {
    int64_t t;
    CHECK_INT(mr_labels_parse_time("1970-01-02", 10, &t), 0);
    CHECK_INT(t, 86400);
    CHECK_INT(mr_labels_parse_time("2021-07-01 10:51:00", 19, &t), 0);
    CHECK_INT(t, 1625136660);
    CHECK_INT(mr_labels_parse_time("2021-07-01T10:51", 16, &t), 0);
    CHECK_INT(t, 1625136660);
    CHECK_INT(mr_labels_parse_time("2021-13-01", 10, &t), -1);
    CHECK_INT(mr_labels_parse_time("2021-07", 7, &t), -1);
    CHECK_INT(mr_labels_parse_time("", 0, &t), -1);
}

TEST(labels_load_missing_file_is_an_error) {
    mr_labelled_stream s;
    mr_labels_init(&s);
    char *err = NULL;
    CHECK_INT(mr_labels_load(&s, "tests/fixtures/cluster/no-such-file.jsonl", NULL, NULL, &err),
              -1);
    CHECK_HAS(err, "no-such-file");
    free(err);
    mr_labels_free(&s);
}

/* A second labelling (another system's clusters) read beside the gold one,
 * by key in JSON and by column in TSV; an empty value is no label. */
TEST(labels_other_labelling_by_key_and_by_column) {
    const char *json = "{\"text\": \"a\", \"cluster\": 1, \"system\": \"x\"}\n"
                       "{\"text\": \"b\", \"cluster\": 1, \"system\": 7}\n"
                       "{\"text\": \"c\", \"cluster\": 2, \"system\": \"\"}\n"
                       "{\"text\": \"d\", \"cluster\": 2}\n";
    mr_labelled_stream s;
    mr_labels_init(&s);
    s.other_key = "system";
    CHECK_INT(mr_labels_parse(&s, json, strlen(json), NULL, NULL), 4);
    CHECK(s.has_other);
    CHECK_STR(s.items[0].other, "x");
    CHECK_STR(s.items[1].other, "7");
    CHECK(s.items[2].other == NULL);
    CHECK(s.items[3].other == NULL);
    mr_labels_free(&s);

    const char *tsv = "cluster_id\ter_event_uri\ttitle\n"
                      "g1\teng-1\tfirst\n"
                      "g1\t\tsecond\n";
    mr_labels_init(&s);
    s.other_key = "er_event_uri";
    CHECK_INT(mr_labels_parse(&s, tsv, strlen(tsv), NULL, NULL), 2);
    CHECK_STR(s.items[0].other, "eng-1");
    CHECK(s.items[1].other == NULL);
    CHECK_STR(s.items[1].event, "g1");
    mr_labels_free(&s);

    /* Without other_key nothing is read, and a gold column may be named too. */
    mr_labels_init(&s);
    CHECK_INT(mr_labels_parse(&s, tsv, strlen(tsv), NULL, NULL), 2);
    CHECK(!s.has_other && s.items[0].other == NULL);
    mr_labels_free(&s);
    mr_labels_init(&s);
    s.other_key = "cluster_id";
    mr_labels_parse(&s, tsv, strlen(tsv), NULL, NULL);
    CHECK_STR(s.items[0].other, "g1");
    CHECK_STR(s.items[0].event, "g1");
    mr_labels_free(&s);
}
