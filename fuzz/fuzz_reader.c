/* libFuzzer target for the reader's whole-file paths (read/reader.c and
 * read/reader_formats.c): the input is written as a file of the kind its
 * first byte picks (text, HTML, WARC, a name without extension, each also
 * gzipped), read back through marsad_reader and each record extracted as
 * `marsad extract` does. The other targets feed the WARC parser, the charset
 * decoder and extraction directly; this one covers the glue between them:
 * kind sniffing, charset and UTF-8 repair of whole files and WARC payloads,
 * the record size limit, gzip. Every record must be valid UTF-8 of the length
 * it claims, and every string of the record and the article readable. */
#include "marsad.h"
#include "util/arena.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static void ignore(void *ctx, const char *origin, const char *reason, bool skipped) {
    (void)ctx;
    (void)origin;
    (void)reason;
    (void)skipped;
}

/* Sums of bytes read, so that the compiler keeps the reads. */
static volatile size_t sink;

static size_t touch(const char *s) {
    return s ? strlen(s) : 0;
}

/* Writes data as path, gzipped when asked; false when the file cannot be made. */
static bool write_file(const char *path, const uint8_t *data, size_t size, bool gzip) {
    if (gzip) {
        gzFile gz = gzopen(path, "wb");
        if (!gz) return false;
        if (size) gzwrite(gz, data, (unsigned)size);
        gzclose(gz);
        return true;
    }
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    fwrite(data, 1, size, f);
    fclose(f);
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* 64 KiB gzipped is up to some 64 MB read: enough for the limits, not a bomb. */
    if (size == 0 || size > (64u << 10)) return 0;
    static const char *const suffixes[] = {".txt",    ".html",    ".warc",    "",
                                           ".txt.gz", ".html.gz", ".warc.gz", ""};
    uint8_t flags = data[0];
    int kind = flags & 7;
    char path[96];
    /* Kinds 3 and 7 have no extension (plain, gzipped): the content decides. */
    snprintf(path, sizeof path, "/tmp/fuzz-reader-%d-report%s", (int)getpid(), suffixes[kind]);
    if (!write_file(path, data + 1, size - 1, kind >= 4)) return 0;

    size_t limit = flags & 8 ? 4096 : 0;
    marsad_reader_options opt = {
        .max_record_bytes = limit, .reject_invalid_utf8 = (flags & 16) != 0, .report = ignore};
    const char *paths[] = {path};
    marsad_reader *r = marsad_reader_open(paths, 1, &opt);
    mr_arena arena;
    mr_arena_init(&arena, 0);
    marsad_record rec;
    while (marsad_reader_next(r, &rec)) {
        if (!rec.origin) abort();
        if (mr_utf8_valid_prefix(rec.data, rec.len) != rec.len) abort();
        /* The first and last byte of raw: a bad span shows here. */
        if (rec.raw && rec.raw_len) sink += (unsigned char)rec.raw[0] + rec.raw[rec.raw_len - 1];
        sink += touch(rec.url) + touch(rec.outlet) + touch(rec.title) + touch(rec.author) +
                touch(rec.date);
        mr_arena_reset(&arena);
        marsad_article a;
        const char *why = NULL;
        int rc = marsad_extract(&rec, NULL, &arena, &a, &why);
        if (rc != 0) {
            if (!why) abort();
            continue;
        }
        size_t joined = 0;
        for (size_t i = 0; i < a.nparagraphs; i++) joined += touch(a.paragraphs[i]) + (i ? 2 : 0);
        if (a.body_len != joined || touch(a.body) != a.body_len) abort();
        sink += touch(a.title) + touch(a.author) + touch(a.outlet) + touch(a.lang);
    }
    marsad_reader_close(r);
    mr_arena_free(&arena);
    unlink(path);
    return 0;
}
