/* Saving and restoring the clustering state in SQLite (see store.h).
 *
 * Centroids and signatures are stored as blobs of the in-memory arrays
 * (native byte order: a database moves between machines of one kind), so
 * that a restored core holds bit for bit the floats the running one held. */
#include "cluster/store.h"
#include "util/buf.h"
#include "util/mem.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS cluster_meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS cluster_vocab(page INTEGER PRIMARY KEY, terms BLOB NOT NULL,"
    " stats BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS cluster_events(id INTEGER PRIMARY KEY, storyline INTEGER NOT NULL,"
    " merged_into INTEGER NOT NULL DEFAULT 0, first_time INTEGER NOT NULL, last_time INTEGER NOT "
    "NULL,"
    " time_known INTEGER NOT NULL, articles INTEGER NOT NULL, copies INTEGER NOT NULL,"
    " norm REAL NOT NULL, norm_neutral REAL NOT NULL, langs INTEGER NOT NULL, centroid BLOB, "
    "posted BLOB);"
    "CREATE INDEX IF NOT EXISTS cluster_events_storyline ON cluster_events(storyline);"
    "CREATE INDEX IF NOT EXISTS cluster_events_last ON cluster_events(last_time);"
    "CREATE TABLE IF NOT EXISTS cluster_storylines(id INTEGER PRIMARY KEY,"
    " merged_into INTEGER NOT NULL DEFAULT 0, first_time INTEGER NOT NULL, last_time INTEGER NOT "
    "NULL,"
    " time_known INTEGER NOT NULL, events INTEGER NOT NULL, articles INTEGER NOT NULL,"
    " norm REAL NOT NULL, norm_neutral REAL NOT NULL, langs INTEGER NOT NULL, centroid BLOB, "
    "posted BLOB, counts BLOB);"
    "CREATE INDEX IF NOT EXISTS cluster_storylines_last ON cluster_storylines(last_time);"
    "CREATE TABLE IF NOT EXISTS cluster_articles(article_id INTEGER PRIMARY KEY,"
    " event INTEGER NOT NULL, duplicate_of INTEGER NOT NULL DEFAULT 0, time INTEGER NOT NULL,"
    " time_known INTEGER NOT NULL, outlet TEXT, title TEXT, hash BLOB, sig BLOB);"
    "CREATE INDEX IF NOT EXISTS cluster_articles_event ON cluster_articles(event);"
    "CREATE INDEX IF NOT EXISTS cluster_articles_time ON cluster_articles(time);"
    "CREATE TABLE IF NOT EXISTS cluster_merges(kind TEXT NOT NULL, from_id INTEGER NOT NULL,"
    " into_id INTEGER NOT NULL, time INTEGER);"
    "CREATE VIEW IF NOT EXISTS story_articles AS SELECT a.article_id, a.event, e.storyline,"
    " a.duplicate_of FROM cluster_articles a JOIN cluster_events e ON e.id = a.event;";

/* Rows are written with a plain INSERT (or an UPDATE by id, then an INSERT
 * when no row had the id) rather than INSERT OR REPLACE: REPLACE on a table
 * with indexes makes SQLite keep a statement journal for every row, which
 * cost more than the write itself. The REPLACE forms stay as the fallback
 * for an article id that already has a row. */
enum {
    ST_ARTICLE,
    ST_ARTICLE_REPLACE,
    ST_EVENT_UPDATE,
    ST_EVENT_INSERT,
    ST_STORY_UPDATE,
    ST_STORY_INSERT,
    ST_VOCAB,
    ST_META,
    ST_MERGE,
    ST_MOVE_ARTICLES,
    ST_MOVE_EVENTS,
    ST_COUNT
};

#define ARTICLE_COLUMNS                                                                            \
    " INTO cluster_articles(article_id, event, duplicate_of, time, time_known, outlet, title, "    \
    "hash, sig) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)"

static const char *const statements[ST_COUNT] = {
    "INSERT" ARTICLE_COLUMNS,
    "INSERT OR REPLACE" ARTICLE_COLUMNS,
    "UPDATE cluster_events SET storyline = ?2, merged_into = ?3, first_time = ?4, last_time = ?5,"
    " time_known = ?6, articles = ?7, copies = ?8, norm = ?9, norm_neutral = ?10, langs = ?11,"
    " centroid = ?12, posted = ?13 WHERE id = ?1",
    "INSERT INTO cluster_events(id, storyline, merged_into, first_time, last_time, time_known,"
    " articles, copies, norm, norm_neutral, langs, centroid, posted)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
    "UPDATE cluster_storylines SET merged_into = ?2, first_time = ?3, last_time = ?4,"
    " time_known = ?5, events = ?6, articles = ?7, norm = ?8, norm_neutral = ?9, langs = ?10,"
    " centroid = ?11, posted = ?12, counts = ?13 WHERE id = ?1",
    "INSERT INTO cluster_storylines(id, merged_into, first_time, last_time, time_known, events,"
    " articles, norm, norm_neutral, langs, centroid, posted, counts)"
    " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
    "INSERT OR REPLACE INTO cluster_vocab(page, terms, stats) VALUES(?,?,?)",
    "INSERT OR REPLACE INTO cluster_meta(key, value) VALUES(?,?)",
    "INSERT INTO cluster_merges(kind, from_id, into_id, time) VALUES(?,?,?,?)",
    "UPDATE cluster_articles SET event = ?2 WHERE event = ?1",
    "UPDATE cluster_events SET storyline = ?2 WHERE storyline = ?1",
};

struct mr_cstore {
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT];
    mr_weight *blob; /* a centroid in the stored layout, being saved */
    size_t blob_cap;
    int failed_rc; /* first error while saving objects from a callback */
    char *failed_msg;
};

static void set_err(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_err(char **err, const char *fmt, ...) {
    if (!err) return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    *err = mr_strdup(msg);
}

/* Whether table has a column of this name. */
static bool has_column(sqlite3 *db, const char *table, const char *column) {
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA table_info(%s)", table);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK) return false;
    bool found = false;
    while (!found && sqlite3_step(s) == SQLITE_ROW) {
        const unsigned char *name = sqlite3_column_text(s, 1);
        found = name && strcmp((const char *)name, column) == 0;
    }
    sqlite3_finalize(s);
    return found;
}

mr_cstore *mr_cstore_open(sqlite3 *db, char **err) {
    char *msg = NULL;
    if (sqlite3_exec(db, schema, NULL, NULL, &msg) != SQLITE_OK) {
        set_err(err, "cluster tables: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return NULL;
    }
    /* A database written before storylines kept their event counts gains
     * the column (NULL in its rows: see mr_centroid_load). */
    if (!has_column(db, "cluster_storylines", "counts") &&
        sqlite3_exec(db, "ALTER TABLE cluster_storylines ADD COLUMN counts BLOB", NULL, NULL,
                     &msg) != SQLITE_OK) {
        set_err(err, "cluster tables: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return NULL;
    }
    mr_cstore *st = mr_calloc(1, sizeof *st);
    st->db = db;
    for (int i = 0; i < ST_COUNT; i++) {
        if (sqlite3_prepare_v3(db, statements[i], -1, SQLITE_PREPARE_PERSISTENT, &st->st[i],
                               NULL) != SQLITE_OK) {
            set_err(err, "cluster statement %d: %s", i, sqlite3_errmsg(db));
            mr_cstore_close(st);
            return NULL;
        }
    }
    return st;
}

void mr_cstore_close(mr_cstore *st) {
    if (!st) return;
    for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(st->st[i]);
    free(st->failed_msg);
    free(st->blob);
    free(st);
}

/* Runs a bound statement to completion and resets it; returns its result
 * code (SQLITE_DONE on success). */
static int run(sqlite3_stmt *s) {
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc;
}

/* run(), with the error reported through err. */
static int step(mr_cstore *st, sqlite3_stmt *s, char **err) {
    if (run(s) != SQLITE_DONE) {
        set_err(err, "cluster store: %s", sqlite3_errmsg(st->db));
        return -1;
    }
    return 0;
}

/* Writes an object's row: `insert` (bound by `bind`) when the object has
 * none yet (most events are saved once, new), else `update` (bound the same
 * way). Either falls back to the other should the table say otherwise (a row
 * written behind the session's back, or one removed). */
static int upsert(mr_cstore *st, bool stored, sqlite3_stmt *update, sqlite3_stmt *insert,
                  void (*bind)(sqlite3_stmt *, const void *), const void *obj, char **err) {
    if (!stored) {
        bind(insert, obj);
        int rc = run(insert);
        if (rc == SQLITE_DONE) return 0;
        if (rc != SQLITE_CONSTRAINT) {
            set_err(err, "cluster store: %s", sqlite3_errmsg(st->db));
            return -1;
        }
    }
    bind(update, obj);
    if (step(st, update, err)) return -1;
    if (sqlite3_changes(st->db) > 0) return 0;
    bind(insert, obj);
    return step(st, insert, err);
}

/* ---- loading --------------------------------------------------------------- */

static int64_t meta_get(sqlite3 *db, const char *key, int64_t fallback) {
    sqlite3_stmt *s;
    int64_t v = fallback;
    if (sqlite3_prepare_v2(db, "SELECT value FROM cluster_meta WHERE key = ?", -1, &s, NULL) !=
        SQLITE_OK)
        return fallback;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

/* Per-term statistics as stored in a vocabulary page. */
typedef struct term_stats {
    uint32_t df, name_df;
    uint8_t kind;
    uint8_t pad[3];
} term_stats;

static int load_vocab(mr_cstore *st, mr_core *c, char **err) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT page, terms, stats FROM cluster_vocab ORDER BY page", -1,
                           &s, NULL) != SQLITE_OK) {
        set_err(err, "cluster vocabulary: %s", sqlite3_errmsg(st->db));
        return -1;
    }
    int rc = 0;
    while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
        uint32_t page = (uint32_t)sqlite3_column_int64(s, 0);
        const char *terms = sqlite3_column_blob(s, 1);
        size_t tlen = (size_t)sqlite3_column_bytes(s, 1);
        const term_stats *stats = sqlite3_column_blob(s, 2);
        size_t nstats = (size_t)sqlite3_column_bytes(s, 2) / sizeof *stats;
        uint32_t id = page * MR_VOCAB_PAGE;
        for (size_t pos = 0, k = 0; pos < tlen && k < nstats; k++, id++) {
            const char *t = terms + pos;
            size_t n = strnlen(t, tlen - pos);
            pos += n + 1;
            if (mr_vocab_intern(c, t, n) != id) {
                set_err(err, "cluster vocabulary: page %u out of order", page);
                rc = -1;
                break;
            }
            mr_term_info *ti = &c->vocab.info[id];
            ti->df = stats[k].df;
            ti->name_df = stats[k].name_df;
            ti->kind = stats[k].kind;
            ti->log_df = mr_log_df(stats[k].df);
            ti->cls = mr_vocab_class(&c->vocab, id);
        }
    }
    sqlite3_finalize(s);
    memset(c->vocab.page_dirty, 0, c->vocab.npages_cap);
    return rc;
}

/* Reads a centroid and its posted terms; a storyline's event counts start
 * at `events` (see mr_centroid_load). */
static void read_centroid(sqlite3_stmt *s, int col_c, int col_p, mr_node *n, float events) {
    size_t bytes = (size_t)sqlite3_column_bytes(s, col_c);
    const void *blob = sqlite3_column_blob(s, col_c);
    mr_centroid_load(&n->c, blob, (uint32_t)(bytes / sizeof(mr_weight)), events);
    bytes = (size_t)sqlite3_column_bytes(s, col_p);
    blob = sqlite3_column_blob(s, col_p);
    n->nposted = (uint32_t)(bytes / sizeof(uint32_t));
    if (n->nposted > MR_POSTED_TERMS) n->nposted = MR_POSTED_TERMS;
    if (n->nposted) memcpy(n->posted, blob, n->nposted * sizeof(uint32_t));
}

/* The oldest time still kept for `keep_days` before hwm (core.c's rule). */
static int64_t horizon(int64_t hwm, double keep_days) {
    return hwm - (int64_t)(keep_days * 86400.0);
}

static int load_events(mr_cstore *st, mr_core *c, char **err) {
    sqlite3_stmt *s;
    const char *sql =
        "SELECT id, storyline, merged_into, first_time, last_time, time_known, articles, copies,"
        " norm, norm_neutral, langs, centroid, posted FROM cluster_events WHERE (time_known = 1 "
        "AND last_time >= ?1)"
        " OR (time_known = 0 AND last_time >= ?2) ORDER BY id";
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        set_err(err, "cluster events: %s", sqlite3_errmsg(st->db));
        return -1;
    }
    sqlite3_bind_int64(s, 1, horizon(c->hwm_known, MR_EVENT_KEEP_DAYS));
    sqlite3_bind_int64(s, 2, horizon(c->hwm_ingest, MR_EVENT_KEEP_DAYS));
    while (sqlite3_step(s) == SQLITE_ROW) {
        mr_event *e = mr_event_new();
        e->n.kind_event = true;
        e->n.id = sqlite3_column_int64(s, 0);
        e->storyline = sqlite3_column_int64(s, 1);
        e->n.merged_into = sqlite3_column_int64(s, 2);
        e->n.first = sqlite3_column_int64(s, 3);
        e->n.last = sqlite3_column_int64(s, 4);
        e->n.known = sqlite3_column_int(s, 5) != 0;
        e->articles = (uint32_t)sqlite3_column_int64(s, 6);
        e->copies = (uint32_t)sqlite3_column_int64(s, 7);
        e->n.norm = (float)sqlite3_column_double(s, 8);
        e->n.norm_neutral = (float)sqlite3_column_double(s, 9);
        e->n.langs = (uint32_t)sqlite3_column_int64(s, 10);
        read_centroid(s, 11, 12, &e->n, 1);
        e->n.stored = true;
        mr_core_restore_event(c, e);
    }
    sqlite3_finalize(s);
    return 0;
}

static int load_stories(mr_cstore *st, mr_core *c, char **err) {
    sqlite3_stmt *s;
    const char *sql = "SELECT id, merged_into, first_time, last_time, time_known, events, articles,"
                      " norm, norm_neutral, langs, centroid, posted, counts FROM cluster_storylines"
                      " WHERE "
                      "(time_known = 1 AND last_time >= ?1)"
                      " OR (time_known = 0 AND last_time >= ?2) ORDER BY id";
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        set_err(err, "cluster storylines: %s", sqlite3_errmsg(st->db));
        return -1;
    }
    sqlite3_bind_int64(s, 1, horizon(c->hwm_known, MR_STORY_KEEP_DAYS));
    sqlite3_bind_int64(s, 2, horizon(c->hwm_ingest, MR_STORY_KEEP_DAYS));
    while (sqlite3_step(s) == SQLITE_ROW) {
        mr_story *x = mr_story_new();
        x->n.id = sqlite3_column_int64(s, 0);
        x->n.merged_into = sqlite3_column_int64(s, 1);
        x->n.first = sqlite3_column_int64(s, 2);
        x->n.last = sqlite3_column_int64(s, 3);
        x->n.known = sqlite3_column_int(s, 4) != 0;
        x->events = (uint32_t)sqlite3_column_int64(s, 5);
        x->articles = (uint32_t)sqlite3_column_int64(s, 6);
        x->n.norm = (float)sqlite3_column_double(s, 7);
        x->n.norm_neutral = (float)sqlite3_column_double(s, 8);
        x->n.langs = (uint32_t)sqlite3_column_int64(s, 9);
        read_centroid(s, 10, 11, &x->n, (float)x->events);
        mr_centroid_load_counts(&x->n.c, sqlite3_column_blob(s, 12),
                                (size_t)sqlite3_column_bytes(s, 12));
        x->n.stored = true;
        mr_core_restore_story(c, x);
    }
    sqlite3_finalize(s);
    return 0;
}

static int load_docs(mr_cstore *st, mr_core *c, char **err) {
    sqlite3_stmt *s;
    const char *sql = "SELECT article_id, event, time, time_known, hash, sig FROM cluster_articles"
                      " WHERE duplicate_of = 0 AND ((time_known = 1 AND time >= ?1)"
                      " OR (time_known = 0 AND time >= ?2)) ORDER BY article_id";
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        set_err(err, "cluster documents: %s", sqlite3_errmsg(st->db));
        return -1;
    }
    sqlite3_bind_int64(s, 1, horizon(c->hwm_known, MR_DOC_KEEP_DAYS));
    sqlite3_bind_int64(s, 2, horizon(c->hwm_ingest, MR_DOC_KEEP_DAYS));
    while (sqlite3_step(s) == SQLITE_ROW) {
        mr_dupdoc d;
        memset(&d, 0, sizeof d);
        d.article = sqlite3_column_int64(s, 0);
        d.event = sqlite3_column_int64(s, 1);
        d.time = sqlite3_column_int64(s, 2);
        d.known = sqlite3_column_int(s, 3) != 0;
        if (sqlite3_column_bytes(s, 4) == 16) memcpy(d.hash, sqlite3_column_blob(s, 4), 16);
        if (sqlite3_column_bytes(s, 5) == (int)sizeof d.sig) {
            memcpy(d.sig, sqlite3_column_blob(s, 5), sizeof d.sig);
            d.has_sig = true;
        }
        mr_core_restore_doc(c, &d);
    }
    sqlite3_finalize(s);
    return 0;
}

int mr_cstore_load(mr_cstore *st, mr_core *c, char **err) {
    c->vocab.docs = (uint64_t)meta_get(st->db, "docs", 0);
    c->next_event = meta_get(st->db, "next_event", 1);
    c->next_story = meta_get(st->db, "next_storyline", 1);
    c->hwm_known = meta_get(st->db, "hwm_known", 0);
    c->hwm_ingest = meta_get(st->db, "hwm_ingest", 0);
    if (load_vocab(st, c, err) || load_events(st, c, err) || load_stories(st, c, err) ||
        load_docs(st, c, err))
        return -1;
    return 0;
}

/* ---- saving ---------------------------------------------------------------- */

static void bind_article(sqlite3_stmt *s, int64_t article_id, const mr_core_result *r, int64_t time,
                         bool time_known, const char *outlet, const char *title, size_t title_len,
                         const uint8_t *hash, const uint32_t *sig) {
    sqlite3_bind_int64(s, 1, article_id);
    sqlite3_bind_int64(s, 2, r->event);
    sqlite3_bind_int64(s, 3, r->duplicate_of);
    sqlite3_bind_int64(s, 4, time);
    sqlite3_bind_int(s, 5, time_known);
    if (outlet) sqlite3_bind_text(s, 6, outlet, -1, SQLITE_STATIC);
    if (title) sqlite3_bind_text(s, 7, title, (int)title_len, SQLITE_STATIC);
    if (hash) sqlite3_bind_blob(s, 8, hash, 16, SQLITE_STATIC);
    if (sig) sqlite3_bind_blob(s, 9, sig, MR_MINHASH_BINS * sizeof *sig, SQLITE_STATIC);
}

int mr_cstore_add_article(mr_cstore *st, int64_t article_id, const mr_core_result *r, int64_t time,
                          bool time_known, const char *outlet, const char *title, size_t title_len,
                          const uint8_t *hash, const uint32_t *sig, char **err) {
    sqlite3_stmt *s = st->st[ST_ARTICLE];
    bind_article(s, article_id, r, time, time_known, outlet, title, title_len, hash, sig);
    int rc = run(s);
    if (rc == SQLITE_DONE) return 0;
    if (rc != SQLITE_CONSTRAINT) {
        set_err(err, "cluster store: %s", sqlite3_errmsg(st->db));
        return -1;
    }
    /* The id already has a row (an article id reused after a delete): replace it. */
    s = st->st[ST_ARTICLE_REPLACE];
    bind_article(s, article_id, r, time, time_known, outlet, title, title_len, hash, sig);
    return step(st, s, err);
}

/* An object being saved, with its centroid in the stored layout. */
typedef struct saving {
    const void *obj; /* mr_event or mr_story */
    const mr_weight *blob;
} saving;

/* NULL for a centroid that never held a term (it is stored as NULL). */
static const mr_weight *centroid_blob(mr_cstore *st, const mr_centroid *c) {
    if (!c->term) return NULL;
    MR_GROW(st->blob, st->blob_cap, c->n + 1);
    mr_centroid_store(c, st->blob);
    return st->blob;
}

static void bind_event(sqlite3_stmt *s, const void *arg) {
    const saving *sv = arg;
    const mr_event *e = sv->obj;
    sqlite3_bind_int64(s, 1, e->n.id);
    sqlite3_bind_int64(s, 2, e->storyline);
    sqlite3_bind_int64(s, 3, e->n.merged_into);
    sqlite3_bind_int64(s, 4, e->n.first);
    sqlite3_bind_int64(s, 5, e->n.last);
    sqlite3_bind_int(s, 6, e->n.known);
    sqlite3_bind_int64(s, 7, e->articles);
    sqlite3_bind_int64(s, 8, e->copies);
    sqlite3_bind_double(s, 9, e->n.norm);
    sqlite3_bind_double(s, 10, e->n.norm_neutral);
    sqlite3_bind_int64(s, 11, e->n.langs);
    sqlite3_bind_blob(s, 12, sv->blob, (int)(e->n.c.n * sizeof(mr_weight)), SQLITE_STATIC);
    sqlite3_bind_blob(s, 13, e->n.posted, (int)(e->n.nposted * sizeof(uint32_t)), SQLITE_STATIC);
}

static int save_event(mr_cstore *st, const mr_event *e, char **err) {
    saving sv = {e, centroid_blob(st, &e->n.c)};
    return upsert(st, e->n.stored, st->st[ST_EVENT_UPDATE], st->st[ST_EVENT_INSERT], bind_event,
                  &sv, err);
}

static void bind_story(sqlite3_stmt *s, const void *arg) {
    const saving *sv = arg;
    const mr_story *x = sv->obj;
    sqlite3_bind_int64(s, 1, x->n.id);
    sqlite3_bind_int64(s, 2, x->n.merged_into);
    sqlite3_bind_int64(s, 3, x->n.first);
    sqlite3_bind_int64(s, 4, x->n.last);
    sqlite3_bind_int(s, 5, x->n.known);
    sqlite3_bind_int64(s, 6, x->events);
    sqlite3_bind_int64(s, 7, x->articles);
    sqlite3_bind_double(s, 8, x->n.norm);
    sqlite3_bind_double(s, 9, x->n.norm_neutral);
    sqlite3_bind_int64(s, 10, x->n.langs);
    sqlite3_bind_blob(s, 11, sv->blob, (int)(x->n.c.n * sizeof(mr_weight)), SQLITE_STATIC);
    sqlite3_bind_blob(s, 12, x->n.posted, (int)(x->n.nposted * sizeof(uint32_t)), SQLITE_STATIC);
    if (x->n.c.k)
        sqlite3_bind_blob(s, 13, x->n.c.k, (int)(x->n.c.n * sizeof(float)), SQLITE_STATIC);
}

static int save_story(mr_cstore *st, const mr_story *x, char **err) {
    saving sv = {x, centroid_blob(st, &x->n.c)};
    return upsert(st, x->n.stored, st->st[ST_STORY_UPDATE], st->st[ST_STORY_INSERT], bind_story,
                  &sv, err);
}

/* Eviction callbacks: objects leaving memory are written first. */
static void evict_event(void *ctx, const mr_event *e) {
    mr_cstore *st = ctx;
    if (!st->failed_rc && save_event(st, e, &st->failed_msg)) st->failed_rc = -1;
}

static void evict_story(void *ctx, const mr_story *x) {
    mr_cstore *st = ctx;
    if (!st->failed_rc && save_story(st, x, &st->failed_msg)) st->failed_rc = -1;
}

static int save_vocab(mr_cstore *st, mr_core *c, char **err) {
    mr_vocab *v = &c->vocab;
    mr_buf terms = MR_BUF_INIT;
    term_stats *stats = mr_malloc(MR_VOCAB_PAGE * sizeof *stats);
    int rc = 0;
    uint32_t pages = (v->count + MR_VOCAB_PAGE - 1) / MR_VOCAB_PAGE;
    for (uint32_t p = 0; p < pages && rc == 0; p++) {
        if (!v->page_dirty[p]) continue;
        mr_buf_clear(&terms);
        uint32_t first = p * MR_VOCAB_PAGE, end = first + MR_VOCAB_PAGE;
        if (end > v->count) end = v->count;
        for (uint32_t id = first; id < end; id++) {
            mr_buf_append(&terms, v->terms[id], strlen(v->terms[id]) + 1);
            term_stats *ts = &stats[id - first];
            memset(ts, 0, sizeof *ts);
            ts->df = v->info[id].df;
            ts->name_df = v->info[id].name_df;
            ts->kind = v->info[id].kind;
        }
        sqlite3_stmt *s = st->st[ST_VOCAB];
        sqlite3_bind_int64(s, 1, p);
        sqlite3_bind_blob(s, 2, terms.data, (int)terms.len, SQLITE_STATIC);
        sqlite3_bind_blob(s, 3, stats, (int)((end - first) * sizeof *stats), SQLITE_STATIC);
        rc = step(st, s, err);
        v->page_dirty[p] = 0;
    }
    mr_buf_free(&terms);
    free(stats);
    return rc;
}

static int save_meta(mr_cstore *st, const char *key, int64_t value, char **err) {
    sqlite3_stmt *s = st->st[ST_META];
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, value);
    return step(st, s, err);
}

static int save_merges(mr_cstore *st, mr_core *c, char **err) {
    for (size_t i = 0; i < c->nmerges; i++) {
        const mr_merge *m = &c->merges[i];
        sqlite3_stmt *s = st->st[ST_MERGE];
        sqlite3_bind_text(s, 1, m->storyline ? "storyline" : "event", -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, m->from);
        sqlite3_bind_int64(s, 3, m->into);
        sqlite3_bind_int64(s, 4, m->time);
        if (step(st, s, err)) return -1;
        /* Rows that named the merged object now name the survivor. */
        s = st->st[m->storyline ? ST_MOVE_EVENTS : ST_MOVE_ARTICLES];
        sqlite3_bind_int64(s, 1, m->from);
        sqlite3_bind_int64(s, 2, m->into);
        if (step(st, s, err)) return -1;
    }
    c->nmerges = 0;
    return 0;
}

static int save_all(mr_cstore *st, mr_core *c, char **err) {
    for (size_t i = 0; i < c->events.cap; i++) {
        mr_event *e = c->events.slots[i].id ? c->events.slots[i].value : NULL;
        if (!e || !e->n.dirty) continue;
        if (save_event(st, e, err)) return -1;
        e->n.dirty = false;
        e->n.stored = true;
    }
    for (size_t i = 0; i < c->stories.cap; i++) {
        mr_story *x = c->stories.slots[i].id ? c->stories.slots[i].value : NULL;
        if (!x || !x->n.dirty) continue;
        if (save_story(st, x, err)) return -1;
        x->n.dirty = false;
        x->n.stored = true;
    }
    if (save_merges(st, c, err) || save_vocab(st, c, err)) return -1;
    if (save_meta(st, "docs", (int64_t)c->vocab.docs, err) ||
        save_meta(st, "next_event", c->next_event, err) ||
        save_meta(st, "next_storyline", c->next_story, err) ||
        save_meta(st, "hwm_known", c->hwm_known, err) ||
        save_meta(st, "hwm_ingest", c->hwm_ingest, err) || save_meta(st, "version", 1, err))
        return -1;
    st->failed_rc = 0;
    mr_core_evict(c, evict_event, evict_story, st);
    if (st->failed_rc) {
        if (err)
            *err = st->failed_msg;
        else
            free(st->failed_msg);
        st->failed_msg = NULL;
        return -1;
    }
    return 0;
}

int mr_cstore_save(mr_cstore *st, mr_core *c, char **err) {
    bool own_tx = sqlite3_get_autocommit(st->db) != 0;
    if (own_tx && sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        set_err(err, "cluster store: %s", sqlite3_errmsg(st->db));
        return -1;
    }
    int rc = save_all(st, c, err);
    if (own_tx) {
        if (rc == 0 && sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
            set_err(err, "cluster store: %s", sqlite3_errmsg(st->db));
            rc = -1;
        }
        if (rc != 0) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    }
    return rc;
}
