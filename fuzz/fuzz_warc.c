/* libFuzzer target for the WARC reader (read/warc.h), over the input as an
 * in-memory file. The first byte picks the record size limit (small limits
 * exercise the skipping of oversized records); every record returned is read
 * whole so sanitizers see any bad pointer, and the number of calls is bounded
 * by the input size (each call must make progress). */
#include "read/warc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t sum_string(const char *s) {
    size_t k = 0;
    if (s)
        while (*s) k += (unsigned char)*s++;
    return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    size_t limits[4] = {0, 64, 1024, 1 << 16};
    char *err = NULL;
    mr_warc *w = mr_warc_open_memory(data + 1, size - 1, limits[data[0] & 3], &err);
    if (!w) {
        free(err);
        return 0;
    }
    mr_warc_record rec;
    const char *why;
    size_t calls = 0, sum = 0;
    int r;
    while ((r = mr_warc_next(w, &rec, &why)) != 0) {
        if (++calls > size + 16) {
            fprintf(stderr, "no progress after %zu calls\n", calls);
            abort();
        }
        if (r < 0) {
            if (!why) abort();
            continue;
        }
        if (!rec.type || !rec.payload || rec.payload[rec.payload_len] != 0) abort();
        for (size_t i = 0; i < rec.payload_len; i++) sum += (unsigned char)rec.payload[i];
        sum += sum_string(rec.type) + sum_string(rec.target_uri) + sum_string(rec.date) +
               sum_string(rec.content_type) + sum_string(rec.http_charset);
    }
    if (sum == 1) fprintf(stderr, "unlikely\n");
    mr_warc_close(w);
    return 0;
}
