/* The store stage: marsad's SQLite schema and the statements that read and
 * write articles. One database file, WAL journal; the engine owns the handle.
 * Other modules (cluster, hints) keep their own tables in the same file and
 * create them themselves. */
#ifndef MARSAD_STORE_H
#define MARSAD_STORE_H

#include "marsad.h"

#include <sqlite3.h>
#include <string.h>

#define MR_SCHEMA_VERSION 1

/* Opens or creates the database, applies pragmas and the articles schema.
 * Returns NULL and sets *err (heap) on failure. */
sqlite3 *mr_store_open(const char *path, char **err);
/* Deletes the database at path with its WAL and shared-memory files (a
 * scratch database's leftovers); missing files are no error. */
void mr_store_remove(const char *path);

/* A stored article as listings and `article ID` show it. Strings are heap
 * copies owned by the struct; free with mr_stored_article_free. */
typedef struct mr_stored_article {
    int64_t id;
    char *origin, *format, *url, *canonical_url, *outlet, *outlet_how, *outlet_evidence;
    char *title, *author, *published, *published_how, *published_evidence, *lang, *body;
    char *dropped_json; /* JSON array of {"line","reason","text"} */
    int64_t time, ingested_at, raw_size;
    int paragraphs;
    bool repaired;
} mr_stored_article;

void mr_stored_article_free(mr_stored_article *a);

/* Loads article id. Returns 1 when found, 0 when not, -1 on error (*err set). */
int mr_store_get_article(sqlite3 *db, int64_t id, bool with_body, mr_stored_article *out,
                         char **err);

/* The raw column holds a zstd frame. When this header (a zstd skippable
 * frame that carries no data) comes first, the frame was compressed with the
 * article's body column as its prefix dictionary: most of a report as read
 * is its body, so the frame only holds what differs, and compressing it is
 * about half the work. Rows of older databases have a plain frame; older
 * binaries read the new rows' raw as missing. */
#define MR_RAW_PREFIX_HEADER 8
static inline void mr_raw_prefix_header(char *out) {
    /* skippable frame magic 0x184D2A5E, then its payload size 0, little-endian */
    static const char header[MR_RAW_PREFIX_HEADER] = {0x5E, 0x2A, 0x4D, 0x18, 0, 0, 0, 0};
    memcpy(out, header, MR_RAW_PREFIX_HEADER);
}
static inline bool mr_raw_has_prefix_header(const char *z) {
    return memcmp(z, "\x5E\x2A\x4D\x18\0\0\0\0", MR_RAW_PREFIX_HEADER) == 0;
}

/* The raw input of article id, decompressed (heap, caller frees), or NULL. */
char *mr_store_get_raw(sqlite3 *db, int64_t id, size_t *len);

/* Runs sql; on failure stores sqlite's message in *err (heap). */
int mr_store_exec(sqlite3 *db, const char *sql, char **err);
/* Heap copy of the database's last error message, prefixed. */
char *mr_store_error(sqlite3 *db, const char *what);

#endif
