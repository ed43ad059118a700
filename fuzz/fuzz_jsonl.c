/* libFuzzer target: the JSON-lines reader. The input is parsed as one JSON
 * object directly, then as a whole .jsonl file through marsad_reader (with a
 * small record limit so the too-long-line path is exercised too). Every
 * returned record must be valid UTF-8 of the length it claims. */
#include "marsad.h"
#include "read/json_fields.h"
#include "util/utf8.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    mr_json_object obj = {0};
    mr_buf scratch = MR_BUF_INIT;
    const char *err;
    size_t at;
    if (mr_json_parse_object((const char *)data, size, &obj, &scratch, &err, &at) == 0) {
        for (size_t i = 0; i < obj.count; i++) {
            const mr_json_member *m = &obj.members[i];
            if (m->key + m->key_len > scratch.len || m->value + m->value_len > scratch.len) abort();
            if (m->type == MR_JSON_STRING &&
                mr_utf8_valid_prefix(scratch.data + m->value, m->value_len) != m->value_len)
                abort();
        }
    } else if (at > size) {
        abort();
    }
    mr_json_object_free(&obj);
    mr_buf_free(&scratch);

    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "/tmp/fuzz-jsonl-%d.jsonl", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    marsad_reader_options opt = {.max_record_bytes = 4096, .report = ignore};
    const char *paths[] = {path};
    marsad_reader *r = marsad_reader_open(paths, 1, &opt);
    marsad_record rec;
    while (marsad_reader_next(r, &rec)) {
        if (mr_utf8_valid_prefix(rec.data, rec.len) != rec.len) abort();
        if (rec.len > 4096) abort();
    }
    marsad_reader_close(r);
    return 0;
}
