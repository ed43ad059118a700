/* The articles schema and article reads: see store.h. */
#include "store/store.h"
#include "util/buf.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

char *mr_store_error(sqlite3 *db, const char *what) {
    mr_buf b = MR_BUF_INIT;
    mr_buf_printf(&b, "%s: %s", what, db ? sqlite3_errmsg(db) : "no database");
    return mr_buf_take(&b);
}

int mr_store_exec(sqlite3 *db, const char *sql, char **err) {
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return 0;
    if (err) {
        *err = mr_strdup(msg ? msg : sqlite3_errmsg(db));
    }
    sqlite3_free(msg);
    return -1;
}

/* Why these pragmas: WAL lets readers (the CLI, the HTTP server) work while an
 * ingest writes, and with synchronous=NORMAL a killed process loses nothing
 * committed (only a power cut may lose the last commits, never corrupt).
 * Checkpoints are the only writes that wait for the disk (two fdatasyncs
 * each), and each copies every page changed since the last one, hot pages
 * again and again: at SQLite's default of 1,000 pages (16 MB here) a full
 * saudinewsnet ingest made 53 fdatasyncs and read 22,222 pages back from the
 * WAL. Every 4,096 pages (a WAL of at most 64 MB, removed on close): 20
 * fdatasyncs, 16,830 pages. */
static const char *const schema =
    "PRAGMA page_size=16384;" /* articles are KBs: fewer overflow pages (only takes on a new file)
                               */
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA wal_autocheckpoint=4096;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA temp_store=MEMORY;"
    "PRAGMA cache_size=-32768;"
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS articles("
    "  id INTEGER PRIMARY KEY,"
    "  raw_hash BLOB NOT NULL,"     /* 16 bytes: the report as read (bytes + container fields) */
    "  content_hash BLOB NOT NULL," /* 16 bytes: outlet + match layer of title and body */
    "  origin TEXT NOT NULL,"
    "  format TEXT NOT NULL,"
    "  url TEXT, canonical_url TEXT,"
    "  outlet TEXT, outlet_how TEXT, outlet_evidence TEXT,"
    "  title TEXT, author TEXT,"
    "  published TEXT,"         /* ISO 8601 as far as known: 2018-11-12, --11-13, ... */
    "  published_unix INTEGER," /* when the date is complete */
    "  published_how TEXT, published_evidence TEXT,"
    "  time INTEGER NOT NULL," /* the article's time for stories: published, else container, else
                                  ingest */
    "  lang TEXT,"
    "  body TEXT NOT NULL,"
    "  paragraphs INTEGER NOT NULL,"
    "  dropped TEXT," /* JSON: what extraction dropped and why */
    "  raw BLOB,"     /* the report as read, zstd-compressed */
    "  raw_size INTEGER NOT NULL,"
    "  repaired INTEGER NOT NULL DEFAULT 0,"
    "  ingested_at INTEGER NOT NULL"
    ");"
    "CREATE UNIQUE INDEX IF NOT EXISTS articles_content ON articles(content_hash);"
    "CREATE INDEX IF NOT EXISTS articles_raw ON articles(raw_hash);"
    "CREATE INDEX IF NOT EXISTS articles_time ON articles(time);"
    "INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '1');";

void mr_store_remove(const char *path) {
    static const char *const sidecars[] = {"-wal", "-shm"};
    size_t n = strlen(path);
    char *side = mr_malloc(n + 5);
    memcpy(side, path, n);
    remove(path);
    for (size_t i = 0; i < 2; i++) {
        memcpy(side + n, sidecars[i], 5);
        remove(side);
    }
    free(side);
}

sqlite3 *mr_store_open(const char *path, char **err) {
    sqlite3 *db = NULL;
    /* NOMUTEX: a connection belongs to one engine, which one thread uses at a
     * time (its arena and normalizer are not thread-safe either); SQLite's
     * per-call locking of the connection is then pure cost, on every bind and
     * step. Other connections and processes are unaffected. */
    int rc = sqlite3_open_v2(
        path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        *err = mr_strdup(db ? sqlite3_errmsg(db) : "cannot allocate a database handle");
        sqlite3_close(db);
        return NULL;
    }
    /* Another process writing (an ingest while `marsad articles` runs): wait rather than fail. */
    sqlite3_busy_timeout(db, 10000);
    char *msg = NULL;
    if (mr_store_exec(db, schema, &msg) != 0) {
        mr_buf b = MR_BUF_INIT;
        mr_buf_printf(&b, "%s (is it a marsad database?)", msg ? msg : "cannot create schema");
        free(msg);
        *err = mr_buf_take(&b);
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='schema_version'", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        int v = sqlite3_column_int(st, 0);
        if (v > MR_SCHEMA_VERSION) {
            sqlite3_finalize(st);
            mr_buf b = MR_BUF_INIT;
            mr_buf_printf(&b,
                          "database schema version %d is newer than this marsad understands (%d)",
                          v, MR_SCHEMA_VERSION);
            *err = mr_buf_take(&b);
            sqlite3_close(db);
            return NULL;
        }
    }
    sqlite3_finalize(st);
    return db;
}

static char *col_strdup(sqlite3_stmt *st, int col) {
    const unsigned char *s = sqlite3_column_text(st, col);
    return s ? mr_strdup((const char *)s) : NULL;
}

void mr_stored_article_free(mr_stored_article *a) {
    char **fields[] = {&a->origin,
                       &a->format,
                       &a->url,
                       &a->canonical_url,
                       &a->outlet,
                       &a->outlet_how,
                       &a->outlet_evidence,
                       &a->title,
                       &a->author,
                       &a->published,
                       &a->published_how,
                       &a->published_evidence,
                       &a->lang,
                       &a->body,
                       &a->dropped_json};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        free(*fields[i]);
        *fields[i] = NULL;
    }
}

int mr_store_get_article(sqlite3 *db, int64_t id, bool with_body, mr_stored_article *out,
                         char **err) {
    memset(out, 0, sizeof *out);
    const char *sql =
        "SELECT id, origin, format, url, canonical_url, outlet, outlet_how, outlet_evidence, "
        "title, "
        "author, published, published_how, published_evidence, lang, time, ingested_at, raw_size, "
        "paragraphs, repaired, CASE WHEN ?2 THEN body END, CASE WHEN ?2 THEN dropped END "
        "FROM articles WHERE id = ?1";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        *err = mr_store_error(db, "reading article");
        return -1;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, with_body);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(st);
        return 0;
    }
    if (rc != SQLITE_ROW) {
        *err = mr_store_error(db, "reading article");
        sqlite3_finalize(st);
        return -1;
    }
    out->id = sqlite3_column_int64(st, 0);
    out->origin = col_strdup(st, 1);
    out->format = col_strdup(st, 2);
    out->url = col_strdup(st, 3);
    out->canonical_url = col_strdup(st, 4);
    out->outlet = col_strdup(st, 5);
    out->outlet_how = col_strdup(st, 6);
    out->outlet_evidence = col_strdup(st, 7);
    out->title = col_strdup(st, 8);
    out->author = col_strdup(st, 9);
    out->published = col_strdup(st, 10);
    out->published_how = col_strdup(st, 11);
    out->published_evidence = col_strdup(st, 12);
    out->lang = col_strdup(st, 13);
    out->time = sqlite3_column_int64(st, 14);
    out->ingested_at = sqlite3_column_int64(st, 15);
    out->raw_size = sqlite3_column_int64(st, 16);
    out->paragraphs = sqlite3_column_int(st, 17);
    out->repaired = sqlite3_column_int(st, 18) != 0;
    out->body = col_strdup(st, 19);
    out->dropped_json = col_strdup(st, 20);
    sqlite3_finalize(st);
    return 1;
}

char *mr_store_get_raw(sqlite3 *db, int64_t id, size_t *len) {
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT raw, raw_size, body FROM articles WHERE id = ?", -1, &st,
                           NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    char *out = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *z = sqlite3_column_blob(st, 0);
        size_t zlen = (size_t)sqlite3_column_bytes(st, 0);
        size_t size = (size_t)sqlite3_column_int64(st, 1);
        out = mr_malloc(size + 1);
        size_t got = 0;
        if (z && zlen >= MR_RAW_PREFIX_HEADER && mr_raw_has_prefix_header(z)) {
            const void *body = sqlite3_column_blob(st, 2);
            size_t body_len = (size_t)sqlite3_column_bytes(st, 2);
            ZSTD_DCtx *d = ZSTD_createDCtx();
            if (!d) mr_oom();
            got = ZSTD_DCtx_refPrefix(d, body, body_len);
            if (!ZSTD_isError(got))
                got = ZSTD_decompressDCtx(d, out, size, z + MR_RAW_PREFIX_HEADER,
                                          zlen - MR_RAW_PREFIX_HEADER);
            ZSTD_freeDCtx(d);
        } else if (z) {
            got = ZSTD_decompress(out, size, z, zlen);
        }
        if (ZSTD_isError(got) || got != size) {
            free(out);
            out = NULL;
        } else {
            out[size] = 0;
            if (len) *len = size;
        }
    }
    sqlite3_finalize(st);
    return out;
}
