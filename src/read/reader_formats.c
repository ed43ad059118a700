/* Reader glue to charset decoding and WARC: see reader_formats.h.
 * PLACEHOLDER parts (marked) wait for read/charset.h and read/warc.h. */
#include "read/reader_formats.h"
#include "util/utf8.h"

#include <string.h>
#include <zlib.h>

int mr_reader_html_to_utf8(mr_buf *data, const char *http_charset, bool *repaired) {
    (void)http_charset;
    /* PLACEHOLDER until read/charset.h: treat as UTF-8, repairing. */
    size_t ok = mr_utf8_valid_prefix(data->data, data->len);
    if (ok == data->len) return 0;
    mr_buf fixed = MR_BUF_INIT;
    size_t i = 0;
    while (i < data->len) {
        size_t good = mr_utf8_valid_prefix(data->data + i, data->len - i);
        mr_buf_append(&fixed, data->data + i, good);
        i += good;
        if (i < data->len) {
            uint32_t cp;
            size_t k = mr_utf8_decode((const unsigned char *)data->data + i, data->len - i, &cp);
            mr_buf_put_utf8(&fixed, 0xFFFD);
            i += k ? k : 1;
        }
    }
    mr_buf_free(data);
    *data = fixed;
    *repaired = true;
    return 0;
}

bool mr_reader_text_to_utf8(mr_buf *data) {
    (void)data;
    return false; /* PLACEHOLDER until read/charset.h */
}

bool mr_reader_is_warc(const char *path) {
    gzFile gz = gzopen(path, "rb");
    if (!gz) return false;
    char head[8] = {0};
    int k = gzread(gz, head, sizeof head);
    gzclose(gz);
    return k >= 7 && memcmp(head, "WARC/1.", 7) == 0;
}

void *mr_reader_warc_open(const char *path, size_t max_record_bytes, char **err) {
    (void)path;
    (void)max_record_bytes;
    *err = NULL;
    return NULL; /* PLACEHOLDER until read/warc.h */
}

int mr_reader_warc_next(void *warc, mr_buf *data, mr_buf *origin, marsad_record *rec,
                        marsad_reader *reader) {
    (void)warc;
    (void)data;
    (void)origin;
    (void)rec;
    (void)reader;
    return 0;
}

void mr_reader_warc_close(void *warc) { (void)warc; }
