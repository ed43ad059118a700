/* The engine: runs one record through extract → normalize → store → cluster.
 *
 * Idempotence: a report is identified twice over. Its raw hash (bytes plus
 * container fields) catches the same file or line read again before any work
 * is done; its content hash (outlet plus the match layer of title and body)
 * catches the same report arriving in another wrapper (re-scraped with a new
 * navigation list, say). Either way the report is SEEN and nothing is added.
 * Writes are batched in transactions; see marsad_ingest in marsad.h. */
#include "engine.h"
#include "extract/date.h"
#include "cluster/cluster.h"
#include "extract/hints.h"
#include "store/store.h"
#include "text/text.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <xxhash.h>
#include <zstd.h>

#define BATCH_RECORDS 2000
#define BATCH_SECONDS 2
#define RAW_ZSTD_LEVEL (-3)
/* How far past the clock a publication time may be (time zones, skew). */
#define FUTURE_SLACK (2 * 86400)

static int prepare(marsad_engine *e, const char *sql, sqlite3_stmt **st, char **err) {
    if (sqlite3_prepare_v3(e->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) == SQLITE_OK)
        return 0;
    *err = mr_store_error(e->db, "preparing statements");
    return -1;
}

marsad_engine *marsad_open(const char *path, char **err) {
    *err = NULL;
    sqlite3 *db = mr_store_open(path, err);
    if (!db) return NULL;
    marsad_engine *e = mr_calloc(1, sizeof *e);
    e->db = db;
    e->path = mr_strdup(path);
    e->batch_size = BATCH_RECORDS;
    mr_arena_init(&e->doc, 256 * 1024);
    e->zstd = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(e->zstd, ZSTD_c_compressionLevel, RAW_ZSTD_LEVEL);
    /* Long matches against the body are what pays: looking for short ones
     * costs more than they save (measured: a fifth less work, smaller too). */
    ZSTD_CCtx_setParameter(e->zstd, ZSTD_c_minMatch, 7);
    e->hints = mr_hints_new();
    if (mr_hints_load(e->hints, db, err) != 0) goto fail;
    e->cluster = mr_cluster_open(db, err);
    if (!e->cluster) goto fail;
    if (prepare(e, "SELECT id FROM articles WHERE raw_hash = ?", &e->st_find_raw, err) ||
        prepare(e, "SELECT id FROM articles WHERE content_hash = ?", &e->st_find_content, err) ||
        prepare(e,
                "INSERT INTO articles(raw_hash, content_hash, origin, format, url, canonical_url, "
                "outlet, outlet_how, outlet_evidence, title, author, published, published_unix, "
                "published_how, published_evidence, time, lang, body, paragraphs, dropped, raw, "
                "raw_size, repaired, ingested_at) "
                "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                &e->st_insert, err))
        goto fail;
    return e;
fail:
    marsad_close(e);
    return NULL;
}

/* The time of a day and month written without a year: the latest such day
 * on or before the reference (give or take FUTURE_SLACK), since a report
 * names a day it has seen. -1 when no year fits (29 February). */
static int64_t year_from_reference(const marsad_date *d, int64_t ref) {
    marsad_date r;
    marsad_date_from_unix(ref, &r);
    int64_t plain = -1;
    /* A weekday written with the date picks among the last few years. */
    for (int year = r.year + 1; year >= r.year - 5; year--) {
        marsad_date c = *d;
        c.year = (int16_t)year;
        c.weekday = 0;
        int64_t t = marsad_date_to_unix(&c);
        if (t < 0 || t > ref + FUTURE_SLACK) continue;
        if (!d->weekday) return t;
        if (plain < 0) plain = t;
        if (mr_weekday_from_days(mr_days_from_civil(year, d->month, d->day)) == d->weekday)
            return t;
    }
    return plain;
}

/* The latest publication time stored, not in the future: the running
 * maximum of this session joined, on first need, with what the database
 * held. Read lazily because it scans the articles table (there is no
 * index on published_unix) and most reports give their year. */
static int64_t newest_published(marsad_engine *e, int64_t now) {
    if (!e->newest_from_db) {
        e->newest_from_db = true;
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(e->db,
                               "SELECT max(published_unix) FROM articles WHERE published_unix <= ?",
                               -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, now + FUTURE_SLACK);
            if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > e->newest_published)
                e->newest_published = sqlite3_column_int64(st, 0);
        }
        sqlite3_finalize(st);
    }
    return e->newest_published;
}

static int commit(marsad_engine *e, char **err) {
    if (!e->in_tx) return 0;
    /* Hints and cluster state are written inside the same transaction as the
     * articles, so a crash can never leave one behind the other. */
    if (mr_hints_save(e->hints, e->db, err) != 0) return -1;
    if (mr_cluster_flush(e->cluster, err) != 0) return -1;
    if (mr_store_exec(e->db, "COMMIT", err) != 0) return -1;
    e->in_tx = false;
    e->pending = 0;
    return 0;
}

static int begin(marsad_engine *e, char **err);

/* Places what waits in the reorder window, inside a write transaction. */
static int drain(marsad_engine *e, char **err) {
    if (!e->cluster || mr_cluster_waiting(e->cluster) == 0) return 0;
    if (begin(e, err) != 0) return -1;
    return mr_cluster_drain(e->cluster, err);
}

int marsad_ingest_flush(marsad_engine *e, char **err) {
    *err = NULL;
    if (drain(e, err) != 0) return -1;
    return commit(e, err);
}

void marsad_close(marsad_engine *e) {
    if (!e) return;
    char *err = NULL;
    if (drain(e, &err) != 0 || (e->in_tx && commit(e, &err) != 0)) {
        fprintf(stderr, "marsad: final commit failed: %s\n", err ? err : "?");
        free(err);
    }
    if (e->cluster) mr_cluster_close(e->cluster);
    if (e->hints) mr_hints_free(e->hints);
    sqlite3_finalize(e->st_find_raw);
    sqlite3_finalize(e->st_find_content);
    sqlite3_finalize(e->st_insert);
    if (e->db) sqlite3_close(e->db);
    marsad_normalizer_free(e->nz);
    ZSTD_freeCCtx(e->zstd);
    mr_arena_free(&e->doc);
    mr_buf_free(&e->scratch);
    free(e->path);
    free(e);
}

static int begin(marsad_engine *e, char **err) {
    if (e->in_tx) {
        if (e->pending < e->batch_size && time(NULL) - e->tx_started < BATCH_SECONDS) return 0;
        if (commit(e, err) != 0) return -1;
    }
    /* IMMEDIATE: take the write lock now, so a concurrent writer is waited for
     * here (busy timeout) rather than failing half-way through the batch. */
    if (mr_store_exec(e->db, "BEGIN IMMEDIATE", err) != 0) return -1;
    e->in_tx = true;
    e->tx_started = time(NULL);
    return 0;
}

/* Looks a 16-byte hash up with st. Returns the article id or 0. */
static int64_t find_hash(sqlite3_stmt *st, const uint8_t *hash) {
    sqlite3_bind_blob(st, 1, hash, 16, SQLITE_STATIC);
    int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return id;
}

static void hash128(XXH3_state_t *s, uint8_t out[16]) {
    XXH128_hash_t h = XXH3_128bits_digest(s);
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, h);
    memcpy(out, c.digest, 16);
}

static void hash_field(XXH3_state_t *s, const char *v) {
    /* The separator keeps ("ab","c") and ("a","bc") apart. */
    if (v) XXH3_128bits_update(s, v, strlen(v));
    XXH3_128bits_update(s, "\x1f", 1);
}

static void raw_hash(const marsad_record *rec, uint8_t out[16]) {
    XXH3_state_t s;
    XXH3_128bits_reset(&s);
    XXH3_128bits_update(&s, rec->format == MARSAD_FORMAT_HTML ? "H" : "T", 1);
    hash_field(&s, rec->url);
    hash_field(&s, rec->outlet);
    hash_field(&s, rec->title);
    hash_field(&s, rec->date);
    hash_field(&s, rec->author);
    XXH3_128bits_update(&s, rec->data, rec->len);
    hash128(&s, out);
}

static void content_hash(const marsad_article *a, const marsad_text *title, const marsad_text *body,
                         uint8_t out[16]) {
    XXH3_state_t s;
    XXH3_128bits_reset(&s);
    if (a->outlet) {
        size_t n;
        char *folded = marsad_fold(a->outlet, strlen(a->outlet), &n);
        XXH3_128bits_update(&s, folded, n);
        free(folded);
    }
    XXH3_128bits_update(&s, "\x1f", 1);
    /* The match layer, so a re-scrape differing only in harakat or quote style is the same report.
     */
    if (title->match) {
        XXH3_128bits_update(&s, title->match, title->match_len);
    } else {
        XXH3_128bits_update(&s, title->display, title->display_len);
    }
    XXH3_128bits_update(&s, "\x1f", 1);
    if (body->match) {
        XXH3_128bits_update(&s, body->match, body->match_len);
    } else {
        XXH3_128bits_update(&s, body->display, body->display_len);
    }
    hash128(&s, out);
}

/* The dropped lines as a JSON array, for `article --explain`. */
static void dropped_json(mr_buf *b, const marsad_article *a) {
    mr_buf_clear(b);
    mr_buf_putc(b, '[');
    for (size_t i = 0; i < a->ndropped; i++) {
        const marsad_dropped *d = &a->dropped[i];
        if (i) mr_buf_putc(b, ',');
        mr_buf_printf(b, "{\"line\":%u,\"reason\":", d->line);
        mr_buf_json_str(b, d->reason ? d->reason : "");
        mr_buf_puts(b, ",\"text\":");
        mr_buf_json_str(b, d->text ? d->text : "");
        mr_buf_putc(b, '}');
    }
    mr_buf_putc(b, ']');
}

static void bind_text(sqlite3_stmt *st, int col, const char *s) {
    if (s && *s) {
        sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
    } else {
        sqlite3_bind_null(st, col);
    }
}

static void set_why(marsad_engine *e, marsad_ingest_result *res, marsad_ingest_status status,
                    const char *fmt, const char *detail) {
    snprintf(e->why, sizeof e->why, fmt, detail ? detail : "");
    res->status = status;
    res->why = e->why;
}

/* Joins paragraphs into a body when the caller gave only paragraphs. */
static void ensure_body(marsad_engine *e, marsad_article *a) {
    if (a->body) {
        if (!a->body_len) a->body_len = strlen(a->body);
        return;
    }
    mr_buf b = MR_BUF_INIT;
    for (size_t i = 0; i < a->nparagraphs; i++) {
        if (i) mr_buf_puts(&b, "\n\n");
        mr_buf_puts(&b, a->paragraphs[i]);
    }
    a->body = mr_arena_strndup(&e->doc, b.data ? b.data : "", b.len);
    a->body_len = b.len;
    mr_buf_free(&b);
}

/* The normalizer, made on first use: an ingest without stories needs none,
 * and its tables are 16 MB to clear. */
static marsad_normalizer *normalizer(marsad_engine *e) {
    if (!e->nz) e->nz = marsad_normalizer_new();
    return e->nz;
}

/* The match layer of s[0..n) in out (display and match only), in e->doc. */
static void match_layer_only(marsad_engine *e, const char *s, size_t n, marsad_text *out) {
    memset(out, 0, sizeof *out);
    out->display = s;
    out->display_len = n;
    mr_fold_text(s, n, &e->doc, false, &out->match, &out->match_len, NULL);
}

/* The shared tail of both ingest entry points: a in e->doc, rec may be NULL. */
static void store_article(marsad_engine *e, marsad_article *a, const marsad_record *rec,
                          const uint8_t *rawh, const char *raw, size_t raw_len,
                          marsad_ingest_result *res) {
    ensure_body(e, a);
    if (!a->lang || !*a->lang || strcmp(a->lang, "und") == 0) {
        /* The body says more than the title; the first few KB are enough. */
        size_t n = a->body_len < 4096 ? a->body_len : 4096;
        const char *lang = n ? marsad_detect_language(a->body, n) : NULL;
        if ((!lang || strcmp(lang, "und") == 0) && a->title)
            lang = marsad_detect_language(a->title, strlen(a->title));
        a->lang = lang ? lang : "und";
    }
    marsad_text title, body;
    const char *t = a->title ? a->title : "";
    if (e->no_stories) {
        /* Not placed now: only the content hash needs the text, and it
         * needs the match layer alone (marsad_fold, which the full
         * normalization's match layer always equals). Tokens and terms are
         * made when the article is placed (marsad_place_pending). */
        match_layer_only(e, t, strlen(t), &title);
        match_layer_only(e, a->body, a->body_len, &body);
    } else {
        mr_normalize_unmapped(normalizer(e), t, strlen(t), a->lang, &e->doc, &title);
        mr_normalize_unmapped(normalizer(e), a->body, a->body_len, a->lang, &e->doc, &body);
    }

    uint8_t ch[16];
    content_hash(a, &title, &body, ch);
    int64_t seen = find_hash(e->st_find_content, ch);
    if (seen) {
        res->status = MARSAD_INGEST_SEEN;
        res->article_id = seen;
        return;
    }

    char *err = NULL;
    if (begin(e, &err) != 0) {
        set_why(e, res, MARSAD_INGEST_ERROR, "database: %s", err);
        free(err);
        return;
    }
    int64_t now = (int64_t)time(NULL);
    int64_t published_unix = marsad_date_to_unix(&a->published);
    /* A report cannot come out after it was read: a date past now (give or
     * take time zones) is a misreading or a typo ("4049"), kept on the
     * article as written but not used as its time. Used, it would stand as
     * the newest time seen, and the clustering measures how long events stay
     * in memory back from that. */
    int64_t pub_time = published_unix <= now + FUTURE_SLACK ? published_unix : -1;
    int64_t container = rec && rec->container_time > 0 && rec->container_time <= now + FUTURE_SLACK
                            ? rec->container_time
                            : 0;
    int64_t when = pub_time >= 0 ? pub_time : container > 0 ? container : now;
    bool time_known = pub_time >= 0 || container > 0;
    if (pub_time > e->newest_published) e->newest_published = pub_time;
    if (published_unix < 0 && a->published.month && a->published.day && !a->published.year) {
        int64_t newest = newest_published(e, now);
        int64_t ref = container > 0 ? container : newest > 0 ? newest : now;
        int64_t guess = year_from_reference(&a->published, ref);
        if (guess >= 0) {
            when = guess;
            time_known = true;
        }
    }
    char published[32];
    marsad_date_format(&a->published, published);

    /* The raw input, compressed: kept so a later extractor can be re-run.
     * Against the body as prefix (see store.h): a JSON line or a page holds
     * its body nearly as is. A negative ("fast") level: speed matters more
     * than the last bytes. */
    size_t bound = ZSTD_compressBound(raw_len) + MR_RAW_PREFIX_HEADER;
    mr_buf_clear(&e->scratch);
    mr_buf_reserve(&e->scratch, bound);
    size_t zlen = 0;
    if (raw_len) {
        ZSTD_CCtx_refPrefix(e->zstd, a->body, a->body_len);
        mr_raw_prefix_header(e->scratch.data);
        zlen = ZSTD_compress2(e->zstd, e->scratch.data + MR_RAW_PREFIX_HEADER,
                              bound - MR_RAW_PREFIX_HEADER, raw, raw_len);
        zlen = ZSTD_isError(zlen) ? 0 : zlen + MR_RAW_PREFIX_HEADER;
    }
    mr_buf dj = MR_BUF_INIT;
    dropped_json(&dj, a);

    sqlite3_stmt *st = e->st_insert;
    sqlite3_bind_blob(st, 1, rawh, 16, SQLITE_STATIC);
    sqlite3_bind_blob(st, 2, ch, 16, SQLITE_STATIC);
    bind_text(st, 3, a->origin ? a->origin : (rec ? rec->origin : "api"));
    sqlite3_bind_text(st, 4, a->format == MARSAD_FORMAT_HTML ? "html" : "text", -1, SQLITE_STATIC);
    bind_text(st, 5, a->url);
    bind_text(st, 6, a->canonical_url);
    bind_text(st, 7, a->outlet);
    bind_text(st, 8, a->outlet_from.how);
    bind_text(st, 9, a->outlet_from.evidence);
    bind_text(st, 10, a->title);
    bind_text(st, 11, a->author);
    bind_text(st, 12, published);
    if (published_unix >= 0) {
        sqlite3_bind_int64(st, 13, published_unix);
    } else {
        sqlite3_bind_null(st, 13);
    }
    bind_text(st, 14, a->published_from.how);
    bind_text(st, 15, a->published_from.evidence);
    sqlite3_bind_int64(st, 16, when);
    bind_text(st, 17, a->lang);
    sqlite3_bind_text(st, 18, a->body, (int)a->body_len, SQLITE_STATIC);
    sqlite3_bind_int(st, 19, (int)a->nparagraphs);
    sqlite3_bind_text(st, 20, dj.data, (int)dj.len, SQLITE_STATIC);
    if (zlen) {
        sqlite3_bind_blob(st, 21, e->scratch.data, (int)zlen, SQLITE_STATIC);
    } else {
        sqlite3_bind_null(st, 21);
    }
    sqlite3_bind_int64(st, 22, (int64_t)raw_len);
    sqlite3_bind_int(st, 23, rec && rec->repaired);
    sqlite3_bind_int64(st, 24, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    mr_buf_free(&dj);
    if (rc != SQLITE_DONE) {
        set_why(e, res, MARSAD_INGEST_ERROR, "database: %s", sqlite3_errmsg(e->db));
        return;
    }
    int64_t id = sqlite3_last_insert_rowid(e->db);
    e->pending++;
    if (rec) mr_hints_observe(e->hints, rec, a);

    if (e->no_stories) {
        res->status = MARSAD_INGEST_ADDED;
        res->article_id = id;
        return;
    }
    mr_cluster_input in = {
        .article_id = id,
        .time = when,
        .time_known = time_known,
        .outlet = a->outlet,
        .lang = a->lang,
        .title = &title,
        .body = &body,
        .content_hash = ch,
    };
    mr_cluster_result cr = {0};
    if (mr_cluster_add(e->cluster, &in, &cr, &err) != 0) {
        set_why(e, res, MARSAD_INGEST_ERROR, "clustering: %s", err);
        free(err);
        return;
    }
    res->status = MARSAD_INGEST_ADDED;
    res->article_id = id;
    res->event_id = cr.event_id;
    res->storyline_id = cr.storyline_id;
    res->duplicate_of = cr.duplicate_of;
}

void marsad_ingest(marsad_engine *e, const marsad_record *rec, marsad_ingest_result *res) {
    memset(res, 0, sizeof *res);
    mr_arena_reset(&e->doc);
    uint8_t rawh[16];
    raw_hash(rec, rawh);
    int64_t seen = find_hash(e->st_find_raw, rawh);
    if (seen) {
        res->status = MARSAD_INGEST_SEEN;
        res->article_id = seen;
        return;
    }
    marsad_article a;
    const char *why = NULL;
    if (marsad_extract(rec, e->hints, &e->doc, &a, &why) != 0) {
        set_why(e, res, MARSAD_INGEST_SKIPPED, "%s", why ? why : "no article found");
        return;
    }
    if (!a.origin) a.origin = rec->origin;
    if (rec->raw) {
        store_article(e, &a, rec, rawh, rec->raw, rec->raw_len, res);
    } else {
        store_article(e, &a, rec, rawh, rec->data, rec->len, res);
    }
}

void marsad_ingest_article(marsad_engine *e, const marsad_article *article, const char *raw,
                           size_t raw_len, marsad_ingest_result *res) {
    memset(res, 0, sizeof *res);
    mr_arena_reset(&e->doc);
    marsad_article a = *article;
    /* Without raw input the article's own text is what was read. */
    XXH3_state_t s;
    XXH3_128bits_reset(&s);
    XXH3_128bits_update(&s, "A", 1);
    hash_field(&s, a.url);
    hash_field(&s, a.outlet);
    hash_field(&s, a.title);
    hash_field(&s, a.author);
    if (raw) {
        XXH3_128bits_update(&s, raw, raw_len);
    } else if (a.body) {
        XXH3_128bits_update(&s, a.body, a.body_len ? a.body_len : strlen(a.body));
    } else {
        for (size_t i = 0; i < a.nparagraphs; i++) hash_field(&s, a.paragraphs[i]);
    }
    uint8_t rawh[16];
    hash128(&s, rawh);
    int64_t seen = find_hash(e->st_find_raw, rawh);
    if (seen) {
        res->status = MARSAD_INGEST_SEEN;
        res->article_id = seen;
        return;
    }
    if (!(a.title && *a.title) && !(a.body && *a.body) && a.nparagraphs == 0) {
        set_why(e, res, MARSAD_INGEST_SKIPPED, "%s", "empty article (no title, no text)");
        return;
    }
    store_article(e, &a, NULL, rawh, raw, raw ? raw_len : 0, res);
}

void marsad_set_stories(marsad_engine *e, bool place_in_stories) {
    e->no_stories = !place_in_stories;
}

static void report_placed(void *ctx, int64_t article_id, const mr_cluster_result *r) {
    marsad_engine *e = ctx;
    if (!e->on_placed) return;
    marsad_placement p = {article_id, r->event_id, r->storyline_id, r->duplicate_of};
    e->on_placed(e->on_placed_ctx, &p);
}

void marsad_set_reorder_window(marsad_engine *e, size_t n) {
    mr_cluster_set_window(e->cluster, n);
}

void marsad_on_placed(marsad_engine *e, void (*fn)(void *ctx, const marsad_placement *p),
                      void *ctx) {
    e->on_placed = fn;
    e->on_placed_ctx = ctx;
    mr_cluster_on_placed(e->cluster, fn ? report_placed : NULL, e);
}

/* One stored article waiting for a story, copied out of its row. */
typedef struct pending_article {
    int64_t id, time;
    bool time_known;
    char *title, *body, *lang, *outlet;
    uint8_t hash[16];
} pending_article;

static char *col_dup(mr_arena *a, sqlite3_stmt *st, int col) {
    const unsigned char *s = sqlite3_column_text(st, col);
    return s ? mr_arena_strdup(a, (const char *)s) : NULL;
}

long marsad_place_pending(marsad_engine *e, void (*progress)(void *ctx, size_t done, size_t total),
                          void *ctx, char **err) {
    *err = NULL;
    /* The window's articles are stored but not placed: place them here first,
     * or the query below would find them and place them twice. */
    if (drain(e, err) != 0 || commit(e, err) != 0) return -1;
    /* Written-back state is what tells placed from waiting articles. */
    const char *count_sql = "SELECT count(*) FROM articles a WHERE NOT EXISTS "
                            "(SELECT 1 FROM cluster_articles c WHERE c.article_id = a.id)";
    /* Keyset pagination on (time, id): the SELECT is never open across a commit. */
    const char *page_sql =
        "SELECT a.id, a.time, a.published_unix IS NOT NULL OR a.time != a.ingested_at, a.title, "
        "a.body, a.lang, a.outlet, a.content_hash FROM articles a WHERE NOT EXISTS "
        "(SELECT 1 FROM cluster_articles c WHERE c.article_id = a.id) AND (a.time, a.id) > (?1, "
        "?2) "
        "ORDER BY a.time, a.id LIMIT 256";
    sqlite3_stmt *count = NULL, *page = NULL;
    if (sqlite3_prepare_v2(e->db, count_sql, -1, &count, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(e->db, page_sql, -1, &page, NULL) != SQLITE_OK) {
        *err = mr_store_error(e->db, "finding articles to place");
        sqlite3_finalize(count);
        return -1;
    }
    size_t total = sqlite3_step(count) == SQLITE_ROW ? (size_t)sqlite3_column_int64(count, 0) : 0;
    sqlite3_finalize(count);
    mr_arena rows;
    mr_arena_init(&rows, 1 << 20);
    pending_article batch[256];
    int64_t last_time = INT64_MIN, last_id = 0;
    size_t done = 0;
    long result = 0;
    for (;;) {
        mr_arena_reset(&rows);
        sqlite3_bind_int64(page, 1, last_time);
        sqlite3_bind_int64(page, 2, last_id);
        size_t n = 0;
        int rc;
        while ((rc = sqlite3_step(page)) == SQLITE_ROW && n < 256) {
            pending_article *p = &batch[n++];
            p->id = sqlite3_column_int64(page, 0);
            p->time = sqlite3_column_int64(page, 1);
            p->time_known = sqlite3_column_int(page, 2) != 0;
            p->title = col_dup(&rows, page, 3);
            p->body = col_dup(&rows, page, 4);
            p->lang = col_dup(&rows, page, 5);
            p->outlet = col_dup(&rows, page, 6);
            memset(p->hash, 0, 16);
            if (sqlite3_column_bytes(page, 7) == 16)
                memcpy(p->hash, sqlite3_column_blob(page, 7), 16);
        }
        sqlite3_reset(page);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            *err = mr_store_error(e->db, "reading articles to place");
            result = -1;
            break;
        }
        if (n == 0) break;
        for (size_t i = 0; i < n; i++) {
            pending_article *p = &batch[i];
            mr_arena_reset(&e->doc);
            if (begin(e, err) != 0) {
                result = -1;
                goto out;
            }
            const char *t = p->title ? p->title : "", *b = p->body ? p->body : "";
            marsad_text title, body;
            mr_normalize_unmapped(normalizer(e), t, strlen(t), p->lang, &e->doc, &title);
            mr_normalize_unmapped(normalizer(e), b, strlen(b), p->lang, &e->doc, &body);
            mr_cluster_input in = {
                .article_id = p->id,
                .time = p->time,
                .time_known = p->time_known,
                .outlet = p->outlet,
                .lang = p->lang,
                .title = &title,
                .body = &body,
                .content_hash = p->hash,
            };
            mr_cluster_result cr;
            if (mr_cluster_add(e->cluster, &in, &cr, err) != 0) {
                result = -1;
                goto out;
            }
            e->pending++;
            done++;
            last_time = p->time;
            last_id = p->id;
        }
        if (progress) progress(ctx, done, total);
    }
out:
    sqlite3_finalize(page);
    mr_arena_free(&rows);
    /* With a reorder window the last articles still wait in it: "placed"
     * means placed, so they go now, not whenever the caller next flushes. */
    if (result == 0 && (drain(e, err) != 0 || commit(e, err) != 0)) result = -1;
    return result < 0 ? -1 : (long)done;
}
