/* The JSON-lines reader's string scanning, which skips sixteen bytes at a
 * time to the next quote, backslash or control character: its results are
 * compared with jansson's on random objects whose special characters fall at
 * every offset of a block, and its errors on raw control characters. */
#include "read/json_fields.h"
#include "test.h"
#include "util/buf.h"

#include <jansson.h>
#include <stdlib.h>

static uint32_t rng_state = 424242;
static uint32_t rnd(void) {
    return mr_test_rand(&rng_state);
}

/* Appends one random piece of a JSON string's source text. */
static void random_piece(mr_buf *b) {
    static const char *const escapes[] = {
        "\\n",     "\\\"",    "\\\\",           "\\/",    "\\t", "\\r", "\\b", "\\f",
        "\\u0627", "\\u00e9", "\\ud83d\\ude00", "\\u200F"};
    uint32_t r = rnd() % 100;
    if (r < 40) {
        char c = (char)(0x20 + rnd() % 0x5F);
        if (c == '"' || c == '\\') c = ' ';
        mr_buf_putc(b, c);
    } else if (r < 85) {
        mr_buf_puts(b, r < 80 ? "ق" : "é");
    } else if (r < 88) {
        mr_buf_puts(b, "—");
    } else {
        mr_buf_puts(b, escapes[rnd() % (sizeof escapes / sizeof escapes[0])]);
    }
}

TEST(json_fast_scan_agrees_with_jansson) {
    mr_buf line = MR_BUF_INIT, scratch = MR_BUF_INIT;
    mr_json_object obj = {0};
    int differ = 0, checked = 0;
    for (int round = 0; round < 5000; round++) {
        mr_buf_clear(&line);
        mr_buf_puts(&line, "{\"k\":\"");
        size_t pieces = rnd() % 80;
        for (size_t i = 0; i < pieces; i++) random_piece(&line);
        mr_buf_puts(&line, "\",\"n\":1}");
        const char *err;
        size_t at;
        json_error_t jerr;
        json_t *j = json_loadb(line.data, line.len, 0, &jerr);
        int rc = mr_json_parse_object(line.data, line.len, &obj, &scratch, &err, &at);
        if (!j) {
            differ++;
            continue;
        }
        const char *want = json_string_value(json_object_get(j, "k"));
        size_t want_len = json_string_length(json_object_get(j, "k"));
        if (rc != 0 || obj.count != 2 || obj.members[0].value_len != want_len ||
            memcmp(scratch.data + obj.members[0].value, want, want_len) != 0)
            differ++;
        checked++;
        json_decref(j);
    }
    CHECK_INT(differ, 0);
    CHECK_INT(checked, 5000);
    mr_json_object_free(&obj);
    mr_buf_free(&line);
    mr_buf_free(&scratch);
}

/* A raw control character, or the closing quote, at each offset of a block. */
TEST(json_fast_scan_finds_specials_at_every_offset) {
    mr_buf line = MR_BUF_INIT, scratch = MR_BUF_INIT;
    mr_json_object obj = {0};
    const char *err;
    size_t at;
    for (size_t len = 0; len < 40; len++) {
        for (int kind = 0; kind < 3; kind++) {
            mr_buf_clear(&line);
            mr_buf_puts(&line, "{\"k\":\"");
            size_t start = line.len;
            for (size_t i = 0; i < len; i++) mr_buf_putc(&line, (char)('a' + i % 26));
            if (kind == 0) mr_buf_putc(&line, '\x01'); /* must fail where it stands */
            if (kind == 1) mr_buf_putc(&line, '\x1F');
            mr_buf_puts(&line, "xyz\"}");
            int rc = mr_json_parse_object(line.data, line.len, &obj, &scratch, &err, &at);
            if (kind < 2) {
                CHECK_INT(rc, -1);
                CHECK_INT(at, start + len);
            } else {
                CHECK_INT(rc, 0);
                CHECK_INT(obj.members[0].value_len, len + 3);
            }
        }
    }
    /* DEL and bytes above 0x7F are not control characters here. */
    CHECK_INT(
        mr_json_parse_object("{\"k\":\"0123456789abcdef\x7F\"}", 25, &obj, &scratch, &err, &at), 0);
    mr_json_object_free(&obj);
    mr_buf_free(&line);
    mr_buf_free(&scratch);
}
