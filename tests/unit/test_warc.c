/* Tests of the WARC reader (src/read/warc.c) on files a small writer here
 * builds: plain, gzip per record and whole-file gzip; HTTP bodies chunked or
 * compressed; oversized, broken, truncated and corrupt records. */
#include "test.h"

#include "read/warc.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Appends one record: WARC header lines (each "Name: value"), then the block. */
static void add_record(mr_buf *out, const char *version, const char *headers, const char *block,
                       size_t block_len) {
    mr_buf_printf(out, "%s\r\n%sContent-Length: %zu\r\n\r\n", version, headers, block_len);
    mr_buf_append(out, block, block_len);
    mr_buf_puts(out, "\r\n\r\n");
}

/* gzip (windowBits 31) or zlib (15) or raw deflate (-15) of data. */
static void compress_into(mr_buf *out, const char *data, size_t len, int window_bits) {
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
    mr_buf_reserve(out, deflateBound(&z, len) + 64);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out->data + out->len;
    z.avail_out = (uInt)(out->cap - out->len - 1);
    deflate(&z, Z_FINISH);
    out->len += (out->cap - out->len - 1) - z.avail_out;
    out->data[out->len] = 0;
    deflateEnd(&z);
}

static const char html_page[] =
    "<html><body><p>\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7</p></body></html>";

static void http_response(mr_buf *b, const char *extra_headers, const char *body, size_t len) {
    mr_buf_printf(b, "HTTP/1.1 200 OK\r\nServer: test\r\n%s\r\n", extra_headers);
    mr_buf_append(b, body, len);
}

/* Three records: warcinfo, an HTTP response, a resource. offsets[] gets where each starts. */
static void three_records(mr_buf *file, size_t offsets[3]) {
    offsets[0] = file->len;
    add_record(file, "WARC/1.0", "WARC-Type: warcinfo\r\nContent-Type: application/warc-fields\r\n",
               "software: test\r\n", 16);
    mr_buf http = MR_BUF_INIT;
    http_response(&http, "Content-Type: text/HTML; charset=\"windows-1256\"\r\n", html_page,
                  strlen(html_page));
    offsets[1] = file->len;
    add_record(file, "WARC/1.0",
               "WARC-Type: response\r\nWARC-Target-URI: http://example.com/a\r\n"
               "WARC-Date: 2024-01-03T10:00:00Z\r\n"
               "Content-Type: application/http; msgtype=response\r\n",
               http.data, http.len);
    offsets[2] = file->len;
    add_record(file, "WARC/1.1",
               "WARC-Type: resource\r\nWARC-Target-URI: <file:///notes.txt>\r\n"
               "Content-Type: text/plain; charset=utf-8\r\n",
               "plain notes", 11);
    mr_buf_free(&http);
}

static void check_three(mr_warc *w, const size_t offsets[3]) {
    mr_warc_record rec;
    const char *why;
    CHECK_INT(mr_warc_next(w, &rec, &why), 1);
    CHECK_STR(rec.type, "warcinfo");
    CHECK_INT(rec.index, 1);
    CHECK_INT(rec.offset, offsets[0]);
    CHECK_INT(rec.http_status, 0);
    CHECK_INT(mr_warc_next(w, &rec, &why), 1);
    CHECK_STR(rec.type, "response");
    CHECK_STR(rec.target_uri, "http://example.com/a");
    CHECK_STR(rec.date, "2024-01-03T10:00:00Z");
    CHECK_STR(rec.content_type, "text/html");
    CHECK_STR(rec.http_charset, "windows-1256");
    CHECK_INT(rec.http_status, 200);
    CHECK_INT(rec.payload_len, strlen(html_page));
    CHECK_STR(rec.payload, html_page);
    CHECK_INT(rec.index, 2);
    CHECK_INT(rec.offset, offsets[1]);
    CHECK_INT(mr_warc_next(w, &rec, &why), 1);
    CHECK_STR(rec.type, "resource");
    CHECK_STR(rec.target_uri, "file:///notes.txt");
    CHECK_STR(rec.content_type, "text/plain");
    CHECK_STR(rec.http_charset, "utf-8");
    CHECK_STR(rec.payload, "plain notes");
    CHECK(rec.date == NULL);
    CHECK_INT(rec.offset, offsets[2]);
    CHECK_INT(mr_warc_next(w, &rec, &why), 0);
    CHECK_INT(mr_warc_next(w, &rec, &why), 0);
}

TEST(warc_plain) {
    mr_buf file = MR_BUF_INIT;
    size_t offsets[3];
    three_records(&file, offsets);
    mr_warc *w = mr_warc_open_memory(file.data, file.len, 0, NULL);
    check_three(w, offsets);
    mr_warc_close(w);
    /* The same through a file path. */
    const char *path = mr_test_tmp("plain.warc");
    FILE *f = fopen(path, "wb");
    fwrite(file.data, 1, file.len, f);
    fclose(f);
    char *err = NULL;
    w = mr_warc_open(path, 0, &err);
    CHECK(w != NULL);
    if (w) check_three(w, offsets);
    mr_warc_close(w);
    mr_buf_free(&file);
}

/* Each record of plain as its own gzip member; member offsets into moffsets. */
static void gzip_per_record(const mr_buf *plain, const size_t offsets[3], mr_buf *out,
                            size_t moffsets[3]) {
    for (int i = 0; i < 3; i++) {
        size_t end = i < 2 ? offsets[i + 1] : plain->len;
        moffsets[i] = out->len;
        compress_into(out, plain->data + offsets[i], end - offsets[i], 31);
    }
}

TEST(warc_gzip_members_and_whole_file) {
    mr_buf plain = MR_BUF_INIT, gz = MR_BUF_INIT, whole = MR_BUF_INIT;
    size_t offsets[3], moffsets[3];
    three_records(&plain, offsets);
    gzip_per_record(&plain, offsets, &gz, moffsets);
    CHECK(moffsets[1] > 0 && moffsets[2] > moffsets[1]);
    mr_warc *w = mr_warc_open_memory(gz.data, gz.len, 0, NULL);
    check_three(w, moffsets);
    mr_warc_close(w);
    compress_into(&whole, plain.data, plain.len, 31);
    size_t zero[3] = {0, 0, 0};
    w = mr_warc_open_memory(whole.data, whole.len, 0, NULL);
    check_three(w, zero);
    mr_warc_close(w);
    mr_buf_free(&plain);
    mr_buf_free(&gz);
    mr_buf_free(&whole);
}

static void one_response(mr_buf *file, const char *headers, const char *body, size_t len) {
    mr_buf http = MR_BUF_INIT;
    http_response(&http, headers, body, len);
    add_record(file, "WARC/1.0",
               "WARC-Type: response\r\nContent-Type: application/http;msgtype=response\r\n",
               http.data, http.len);
    mr_buf_free(&http);
}

TEST(warc_http_body_encodings) {
    mr_buf file = MR_BUF_INIT, z = MR_BUF_INIT;
    const char *page = html_page;
    size_t n = strlen(page);
    /* chunked */
    mr_buf chunked = MR_BUF_INIT;
    mr_buf_printf(&chunked, "a;ext=1\r\n%.10s\r\n%zx\r\n%s\r\n0\r\n\r\n", page, n - 10, page + 10);
    one_response(&file, "Transfer-Encoding: chunked\r\n", chunked.data, chunked.len);
    /* gzip, zlib deflate, raw deflate */
    compress_into(&z, page, n, 31);
    one_response(&file, "Content-Encoding: gzip\r\n", z.data, z.len);
    mr_buf_clear(&z);
    compress_into(&z, page, n, 15);
    one_response(&file, "Content-Encoding: deflate\r\n", z.data, z.len);
    mr_buf_clear(&z);
    compress_into(&z, page, n, -15);
    one_response(&file, "Content-Encoding: deflate\r\n", z.data, z.len);
    /* gzip and chunked together */
    mr_buf_clear(&z);
    compress_into(&z, page, n, 31);
    mr_buf both = MR_BUF_INIT;
    mr_buf_printf(&both, "%zx\r\n", z.len);
    mr_buf_append(&both, z.data, z.len);
    mr_buf_puts(&both, "\r\n0\r\n\r\n");
    one_response(&file, "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", both.data,
                 both.len);
    /* a body stored decoded although the header says gzip */
    one_response(&file, "Content-Encoding: gzip\r\n", page, n);
    /* brotli is not decoded */
    one_response(&file, "Content-Encoding: br\r\n", "\x1b\x02\x00", 3);
    /* a gzip body that is garbage */
    one_response(&file, "Content-Encoding: gzip\r\n", "\x1f\x8b\x08\x00garbage", 12);
    one_response(&file, "Content-Type: text/html\r\n", page, n);

    mr_warc *w = mr_warc_open_memory(file.data, file.len, 0, NULL);
    mr_warc_record rec;
    const char *why;
    for (int i = 0; i < 6; i++) {
        int r = mr_warc_next(w, &rec, &why);
        if (r != 1) mr_test_fail(__FILE__, __LINE__, "record %d: %s", i + 1, why);
        CHECK_INT(rec.payload_len, n);
        CHECK_STR(rec.payload, page);
    }
    CHECK_INT(mr_warc_next(w, &rec, &why), -1);
    CHECK_HAS(why, "Content-Encoding");
    CHECK_INT(mr_warc_next(w, &rec, &why), -1);
    CHECK_HAS(why, "decompressed");
    CHECK_INT(mr_warc_next(w, &rec, &why), 1);
    CHECK_STR(rec.payload, page);
    CHECK_INT(rec.index, 9);
    CHECK_INT(mr_warc_next(w, &rec, &why), 0);
    mr_warc_close(w);
    mr_buf_free(&file);
    mr_buf_free(&z);
    mr_buf_free(&chunked);
    mr_buf_free(&both);
}

TEST(warc_oversized_record_is_skipped) {
    mr_buf file = MR_BUF_INIT;
    char *big = malloc(300000);
    memset(big, 'x', 300000);
    add_record(&file, "WARC/1.0", "WARC-Type: resource\r\n", big, 300000);
    add_record(&file, "WARC/1.0", "WARC-Type: resource\r\n", "small", 5);
    mr_warc *w = mr_warc_open_memory(file.data, file.len, 1000, NULL);
    mr_warc_record rec;
    const char *why;
    CHECK_INT(mr_warc_next(w, &rec, &why), -1);
    CHECK_HAS(why, "larger than the limit");
    CHECK_INT(rec.index, 1);
    CHECK_INT(mr_warc_next(w, &rec, &why), 1);
    CHECK_STR(rec.payload, "small");
    CHECK_INT(rec.index, 2);
    CHECK_INT(mr_warc_next(w, &rec, &why), 0);
    mr_warc_close(w);
    /* A gzip body that inflates past the limit is refused too. */
    mr_buf z = MR_BUF_INIT;
    compress_into(&z, big, 300000, 31);
    mr_buf_clear(&file);
    one_response(&file, "Content-Encoding: gzip\r\n", z.data, z.len);
    w = mr_warc_open_memory(file.data, file.len, 100000, NULL);
    CHECK_INT(mr_warc_next(w, &rec, &why), -1);
    CHECK_HAS(why, "larger than the record limit");
    CHECK_INT(mr_warc_next(w, &rec, &why), 0);
    mr_warc_close(w);
    free(big);
    mr_buf_free(&z);
    mr_buf_free(&file);
}

/* Reads the whole file: the sequence of results as a string like "1-1", and the last payload. */
static const char *results(const char *data, size_t len, char *out, size_t cap) {
    mr_warc *w = mr_warc_open_memory(data, len, 0, NULL);
    size_t n = 0;
    out[0] = 0;
    mr_warc_record rec;
    const char *why;
    int r, guard = 0;
    while ((r = mr_warc_next(w, &rec, &why)) != 0 && guard++ < 50) {
        if (n + 3 >= cap) break;
        out[n++] = r == 1 ? '1' : '-';
        out[n] = 0;
    }
    mr_warc_close(w);
    return out;
}

TEST(warc_broken_headers_are_skipped) {
    char got[64];
    mr_buf file = MR_BUF_INIT;
    /* no Content-Length */
    mr_buf_puts(&file, "WARC/1.0\r\nWARC-Type: resource\r\n\r\nbody without length\r\n\r\n");
    add_record(&file, "WARC/1.0", "WARC-Type: resource\r\n", "ok1", 3);
    /* garbage Content-Length */
    mr_buf_puts(&file, "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 12abc\r\n\r\n"
                       "twelve bytes\r\n\r\n");
    add_record(&file, "WARC/1.0", "WARC-Type: resource\r\n", "ok2", 3);
    /* header never ended: the next record starts instead */
    mr_buf_puts(&file, "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 5\r\n");
    add_record(&file, "WARC/1.0", "WARC-Type: resource\r\n", "ok3", 3);
    /* garbage between records */
    mr_buf_puts(&file, "this is not a record\r\nnor this\r\n");
    add_record(&file, "WARC/1.0", "WARC-Type: resource\r\n", "ok4", 3);
    /* no WARC-Type */
    add_record(&file, "WARC/1.0", "X-Other: 1\r\n", "abc", 3);
    /* LF-only line ends */
    mr_buf_puts(&file, "WARC/1.0\nWARC-Type: resource\nContent-Length: 3\n\nok5\n\n");
    CHECK_STR(results(file.data, file.len, got, sizeof got), "-1-1-1-1-1");
    /* The payloads survive the errors around them. */
    mr_warc *w = mr_warc_open_memory(file.data, file.len, 0, NULL);
    mr_warc_record rec;
    const char *why;
    int ok = 0;
    int r;
    while ((r = mr_warc_next(w, &rec, &why)) != 0) {
        if (r == 1) {
            char want[16];
            snprintf(want, sizeof want, "ok%d", ++ok);
            CHECK_STR(rec.payload, want);
        } else {
            CHECK(why != NULL && why[0]);
        }
    }
    CHECK_INT(ok, 5);
    mr_warc_close(w);
    mr_buf_free(&file);
}

TEST(warc_truncated_files) {
    char got[64];
    mr_buf plain = MR_BUF_INIT, gz = MR_BUF_INIT;
    size_t offsets[3], moffsets[3];
    three_records(&plain, offsets);
    gzip_per_record(&plain, offsets, &gz, moffsets);
    /* Every cut of the plain file: never a crash, results only 1s then at most one -. */
    for (size_t cut = 0; cut <= plain.len; cut++) {
        results(plain.data, cut, got, sizeof got);
        size_t ones = strspn(got, "1");
        if (strlen(got) > ones + 1) mr_test_fail(__FILE__, __LINE__, "cut %zu: %s", cut, got);
    }
    /* Cut inside the second record's block. */
    CHECK_STR(results(plain.data, offsets[1] + 150, got, sizeof got), "1-");
    CHECK_STR(results(plain.data, offsets[2], got, sizeof got), "11");
    /* Cut inside the second gzip member, and every cut of the gzip file. */
    CHECK_STR(results(gz.data, moffsets[1] + 40, got, sizeof got), "1-");
    for (size_t cut = 0; cut <= gz.len; cut++) {
        results(gz.data, cut, got, sizeof got);
        size_t ones = strspn(got, "1");
        if (strlen(got) > ones + 1) mr_test_fail(__FILE__, __LINE__, "gz cut %zu: %s", cut, got);
    }
    /* Empty and non-WARC input. */
    CHECK_STR(results("", 0, got, sizeof got), "");
    CHECK_STR(results("<html><p>not a warc</p></html>\n", 31, got, sizeof got), "-");
    mr_buf_free(&plain);
    mr_buf_free(&gz);
}

TEST(warc_corrupt_gzip_member_is_skipped) {
    char got[64];
    mr_buf plain = MR_BUF_INIT, gz = MR_BUF_INIT;
    size_t offsets[3], moffsets[3];
    three_records(&plain, offsets);
    gzip_per_record(&plain, offsets, &gz, moffsets);
    /* Scribble over the middle of the second member's deflate data. */
    for (size_t i = moffsets[1] + 20; i < moffsets[1] + 40; i++) gz.data[i] = (char)0xA5;
    CHECK_STR(results(gz.data, gz.len, got, sizeof got), "1-1");
    mr_warc *w = mr_warc_open_memory(gz.data, gz.len, 0, NULL);
    mr_warc_record rec;
    const char *why;
    mr_warc_next(w, &rec, &why);
    CHECK_INT(mr_warc_next(w, &rec, &why), -1);
    CHECK_HAS(why, "gzip");
    CHECK_INT(mr_warc_next(w, &rec, &why), 1);
    CHECK_STR(rec.type, "resource");
    CHECK_INT(rec.offset, moffsets[2]);
    mr_warc_close(w);
    /* Garbage between gzip members is passed over. */
    mr_buf spaced = MR_BUF_INIT;
    mr_buf_append(&spaced, gz.data, moffsets[1]);
    mr_buf_append(&spaced, "\0\0junk\0", 7);
    mr_buf_append(&spaced, gz.data + moffsets[2], gz.len - moffsets[2]);
    CHECK_STR(results(spaced.data, spaced.len, got, sizeof got), "11");
    mr_buf_free(&spaced);
    mr_buf_free(&plain);
    mr_buf_free(&gz);
}

TEST(warc_open_errors) {
    char *err = NULL;
    mr_warc *w = mr_warc_open("/nonexistent/dir/file.warc", 0, &err);
    CHECK(w == NULL);
    CHECK_HAS(err, "nonexistent");
    free(err);
    err = NULL;
    w = mr_warc_open_memory("\x28\xB5\x2F\xFD\x00\x00", 6, 0, &err);
    CHECK(w == NULL);
    CHECK_HAS(err, "zstd");
    free(err);
    mr_warc_close(NULL);
}

/* Regression (found by fuzz_warc): the HTTP Content-Type was stored after the
 * record's strings had been handed out, and could move them. */
TEST(warc_strings_survive_http_parsing) {
    mr_buf file = MR_BUF_INIT;
    char headers[1024];
    snprintf(headers, sizeof headers,
             "WARC-Type: response\r\nWARC-Target-URI: http://example.com/%0200d\r\n"
             "Content-Type: application/http; msgtype=response\r\n",
             7);
    mr_buf http = MR_BUF_INIT;
    http_response(&http,
                  "Content-Type: text/html; charset=iso-8859-6; boundary=something-long-"
                  "enough-to-move-the-buffer-along-with-it\r\n",
                  "<p>x</p>", 8);
    add_record(&file, "WARC/1.0", headers, http.data, http.len);
    mr_warc *w = mr_warc_open_memory(file.data, file.len, 0, NULL);
    mr_warc_record rec;
    const char *why;
    CHECK_INT(mr_warc_next(w, &rec, &why), 1);
    CHECK_STR(rec.type, "response");
    CHECK_HAS(rec.target_uri, "http://example.com/0000");
    CHECK_STR(rec.content_type, "text/html");
    CHECK_STR(rec.http_charset, "iso-8859-6");
    mr_warc_close(w);
    mr_buf_free(&http);
    mr_buf_free(&file);
}
