/* Corpus hints: per-outlet counts of recurring lines (see hints.h).
 *
 * One open-addressing table holds every (outlet, line) pair; the outlet is an
 * index into a small array of outlet names. Each entry remembers the title
 * and lead fingerprints of the reports counted so far (at most
 * MR_HINTS_TEMPLATE_REPORTS - 1 are needed), which is how a re-run of the
 * same article is told from a new report. */
#include "extract/hints.h"
#include "extract/textx.h"
#include "util/mem.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FPS (MR_HINTS_TEMPLATE_REPORTS - 1)

typedef struct hint_entry {
    uint64_t line;   /* hash of the line's match key */
    uint32_t outlet; /* index + 1 into outlets; 0: empty slot */
    uint8_t reports; /* distinct reports, saturating */
    uint8_t dirty;
    uint32_t title_fp[FPS], lead_fp[FPS];
} hint_entry;

typedef struct outlet_info {
    char *name; /* the source name as filed (heap) */
    uint64_t hash;
    size_t lines;
    size_t templates; /* lines seen in MR_HINTS_TEMPLATE_REPORTS reports */
} outlet_info;

struct marsad_corpus_hints {
    hint_entry *slots;
    size_t cap; /* power of two */
    size_t count;
    outlet_info *outlets;
    size_t noutlets, outlets_cap;
    mr_strmap outlet_index; /* source hash (8 bytes) → index + 1 */
};

marsad_corpus_hints *mr_hints_new(void) {
    marsad_corpus_hints *h = mr_calloc(1, sizeof *h);
    h->cap = 1024;
    h->slots = mr_calloc(h->cap, sizeof *h->slots);
    mr_strmap_init(&h->outlet_index);
    return h;
}

void mr_hints_free(marsad_corpus_hints *h) {
    if (!h) return;
    for (size_t i = 0; i < h->noutlets; i++) free(h->outlets[i].name);
    free(h->outlets);
    free(h->slots);
    mr_strmap_free(&h->outlet_index);
    free(h);
}

size_t mr_hints_size(const marsad_corpus_hints *h) {
    return h ? h->count : 0;
}

static uint64_t mix(uint64_t source, uint64_t line) {
    uint64_t x = line ^ (source * 0x9E3779B97F4A7C15ull);
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ull;
    return x ^ (x >> 29);
}

static hint_entry *find_slot(const marsad_corpus_hints *h, uint32_t outlet, uint64_t source,
                             uint64_t line) {
    size_t mask = h->cap - 1;
    for (size_t i = mix(source, line) & mask;; i = (i + 1) & mask) {
        hint_entry *e = &h->slots[i];
        if (!e->outlet || (e->outlet == outlet && e->line == line)) return e;
    }
}

static void rehash(marsad_corpus_hints *h, size_t new_cap, uint8_t min_reports) {
    hint_entry *old = h->slots;
    size_t old_cap = h->cap;
    h->slots = mr_calloc(new_cap, sizeof *h->slots);
    h->cap = new_cap;
    h->count = 0;
    for (size_t i = 0; i < h->noutlets; i++) h->outlets[i].lines = h->outlets[i].templates = 0;
    for (size_t i = 0; i < old_cap; i++) {
        hint_entry *e = &old[i];
        if (!e->outlet || e->reports < min_reports) continue;
        outlet_info *o = &h->outlets[e->outlet - 1];
        *find_slot(h, e->outlet, o->hash, e->line) = *e;
        h->count++;
        o->lines++;
        o->templates += e->reports >= MR_HINTS_TEMPLATE_REPORTS;
    }
    free(old);
}

static uint32_t outlet_id(marsad_corpus_hints *h, const char *name, size_t n, uint64_t hash,
                          bool create) {
    bool added = false;
    mr_strmap_slot *s;
    if (create) {
        s = mr_strmap_upsert(&h->outlet_index, (const char *)&hash, sizeof hash, &added);
    } else {
        s = mr_strmap_find(&h->outlet_index, (const char *)&hash, sizeof hash);
        if (!s) return 0;
    }
    if (added) {
        MR_GROW(h->outlets, h->outlets_cap, h->noutlets + 1);
        h->outlets[h->noutlets] = (outlet_info){mr_strndup(name, n), hash, 0, 0};
        s->value = ++h->noutlets;
    }
    return (uint32_t)s->value;
}

/* Room for one more line of outlet id: forget lines seen once when the
 * outlet or the table is full. Returns false when there is still no room. */
static bool make_room(marsad_corpus_hints *h, uint32_t id) {
    if (h->outlets[id - 1].lines >= MR_HINTS_PER_OUTLET || h->count >= MR_HINTS_MAX_LINES)
        rehash(h, h->cap, 2);
    if (h->outlets[id - 1].lines >= MR_HINTS_PER_OUTLET || h->count >= MR_HINTS_MAX_LINES)
        return false;
    if ((h->count + 1) * 4 > h->cap * 3) rehash(h, h->cap * 2, 0);
    return true;
}

/* The source name: container outlet, URL host or text outlet, folded into a
 * key in buf. */
static size_t source_name(const marsad_record *rec, const char *text_outlet, char *buf,
                          size_t cap) {
    const char *s = NULL;
    size_t n = 0;
    if (rec->outlet && *rec->outlet) {
        s = rec->outlet;
        n = strlen(s);
    } else if (rec->url && *rec->url) {
        const char *p = strstr(rec->url, "://");
        p = p ? p + 3 : rec->url;
        if (!strncmp(p, "www.", 4)) p += 4;
        const char *e = p;
        while (*e && *e != '/' && *e != ':' && *e != '?' && *e != '#') e++;
        s = p;
        n = (size_t)(e - p);
    }
    if (!n && text_outlet && *text_outlet) {
        s = text_outlet;
        n = strlen(s);
    }
    if (!n) return 0;
    size_t keylen;
    char *key = mr_text_key_heap(s, n, &keylen);
    if (keylen >= cap) keylen = cap - 1;
    memcpy(buf, key, keylen);
    buf[keylen] = 0;
    free(key);
    return keylen;
}

uint64_t mr_hints_source_hash(const marsad_record *rec, const char *text_outlet) {
    char buf[256];
    size_t n = source_name(rec, text_outlet, buf, sizeof buf);
    if (!n) return 0;
    uint64_t hash = mr_text_hash(buf, n);
    return hash ? hash : 1;
}

bool mr_hints_has_templates(const marsad_corpus_hints *h, uint64_t source_hash) {
    if (!h || !source_hash || !h->count) return false;
    mr_strmap_slot *s =
        mr_strmap_find(&h->outlet_index, (const char *)&source_hash, sizeof source_hash);
    return s && h->outlets[s->value - 1].templates > 0;
}

bool mr_hints_is_template(const marsad_corpus_hints *h, uint64_t source_hash, uint64_t line_hash) {
    if (!h || !source_hash || !h->count) return false;
    mr_strmap_slot *s =
        mr_strmap_find(&h->outlet_index, (const char *)&source_hash, sizeof source_hash);
    if (!s) return false;
    const hint_entry *e = find_slot(h, (uint32_t)s->value, source_hash, line_hash);
    return e->outlet && e->reports >= MR_HINTS_TEMPLATE_REPORTS;
}

/* A line's match key, hashed: the line hash of the table, whose low half
 * is the report fingerprint. Title and lead are both fingerprinted and
 * counted, so their keys are made once. */
typedef struct keyed_line {
    uint64_t hash;
    size_t keylen, len;
} keyed_line;

static keyed_line key_line(const char *s) {
    keyed_line k = {0, 0, strlen(s)};
    char *key = mr_text_key_heap(s, k.len, &k.keylen);
    k.hash = mr_text_hash(key, k.keylen);
    free(key);
    return k;
}

static uint32_t fingerprint(const char *s, const keyed_line *k) {
    if (!s || !*s) return 0;
    uint32_t fp = k->keylen ? (uint32_t)k->hash : 0;
    return fp ? fp : 1;
}

static void observe_line(marsad_corpus_hints *h, uint32_t id, uint64_t source, const char *s,
                         const keyed_line *keyed, uint32_t title_fp, uint32_t lead_fp) {
    keyed_line k;
    if (!keyed) {
        /* Long lines are never counted: not even keyed. */
        if (strlen(s) > MR_HINTS_MAX_LINE_BYTES) return;
        k = key_line(s);
        keyed = &k;
    }
    if (keyed->len > MR_HINTS_MAX_LINE_BYTES) return;
    uint64_t line = keyed->hash;
    if (keyed->keylen < 4) return;
    hint_entry *e = find_slot(h, id, source, line);
    if (!e->outlet) {
        if (!make_room(h, id)) return;
        e = find_slot(h, id, source, line);
        *e = (hint_entry){.line = line, .outlet = id};
        h->count++;
        h->outlets[id - 1].lines++;
    }
    if (e->reports >= MR_HINTS_TEMPLATE_REPORTS) return;
    uint8_t known = e->reports < FPS ? e->reports : FPS;
    for (uint8_t i = 0; i < known; i++) {
        if (title_fp && e->title_fp[i] == title_fp) return; /* the same report again */
        if (lead_fp && e->lead_fp[i] == lead_fp) return;
    }
    if (e->reports < FPS) {
        e->title_fp[e->reports] = title_fp;
        e->lead_fp[e->reports] = lead_fp;
    }
    e->reports++;
    e->dirty = 1;
    if (e->reports == MR_HINTS_TEMPLATE_REPORTS) h->outlets[id - 1].templates++;
}

void mr_hints_observe(marsad_corpus_hints *h, const marsad_record *rec, const marsad_article *a) {
    if (!h || !a) return;
    char buf[256];
    size_t n = source_name(rec, a->outlet, buf, sizeof buf);
    if (!n) return;
    uint64_t source = mr_text_hash(buf, n);
    if (!source) source = 1;
    uint32_t id = outlet_id(h, buf, n, source, true);
    const char *lead = a->nparagraphs ? a->paragraphs[0] : NULL;
    keyed_line title_key = {0}, lead_key = {0};
    if (a->title) title_key = key_line(a->title);
    if (lead && *lead) lead_key = key_line(lead);
    uint32_t title_fp = fingerprint(a->title, &title_key);
    uint32_t lead_fp = fingerprint(lead, &lead_key);
    if (!title_fp && !lead_fp) return; /* nothing tells this report from another */
    if (a->title) observe_line(h, id, source, a->title, &title_key, title_fp, lead_fp);
    for (size_t i = 0; i < a->nparagraphs; i++) {
        if (!a->paragraphs[i]) continue;
        bool is_lead = i == 0 && *a->paragraphs[i];
        observe_line(h, id, source, a->paragraphs[i], is_lead ? &lead_key : NULL, title_fp,
                     lead_fp);
    }
}

static int fail(sqlite3 *db, char **err, const char *what) {
    if (err) {
        size_t n = strlen(what) + strlen(sqlite3_errmsg(db)) + 16;
        *err = mr_malloc(n);
        snprintf(*err, n, "%s: %s", what, sqlite3_errmsg(db));
    }
    return -1;
}

static const char create_sql[] = "CREATE TABLE IF NOT EXISTS template_lines("
                                 " outlet TEXT NOT NULL,"
                                 " line_hash INTEGER NOT NULL,"
                                 " reports INTEGER NOT NULL,"
                                 " fingerprints BLOB,"
                                 " PRIMARY KEY (outlet, line_hash)) WITHOUT ROWID";

int mr_hints_load(marsad_corpus_hints *h, sqlite3 *db, char **err) {
    if (sqlite3_exec(db, create_sql, NULL, NULL, NULL) != SQLITE_OK)
        return fail(db, err, "creating template_lines");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "SELECT outlet, line_hash, reports, fingerprints FROM template_lines"
                           " ORDER BY reports DESC",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(db, err, "reading template_lines");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        int name_len = sqlite3_column_bytes(st, 0);
        if (!name || name_len <= 0) continue;
        uint64_t source = mr_text_hash(name, (size_t)name_len);
        if (!source) source = 1;
        uint32_t id = outlet_id(h, name, (size_t)name_len, source, true);
        uint64_t line = (uint64_t)sqlite3_column_int64(st, 1);
        int reports = sqlite3_column_int(st, 2);
        hint_entry *e = find_slot(h, id, source, line);
        if (!e->outlet) {
            if (!make_room(h, id)) continue;
            e = find_slot(h, id, source, line);
            h->count++;
            h->outlets[id - 1].lines++;
        } else if (e->reports >= MR_HINTS_TEMPLATE_REPORTS)
            h->outlets[id - 1].templates--; /* replaced below */
        *e = (hint_entry){.line = line, .outlet = id};
        e->reports = (uint8_t)(reports < 0 ? 0 : reports > 255 ? 255 : reports);
        if (e->reports >= MR_HINTS_TEMPLATE_REPORTS) h->outlets[id - 1].templates++;
        const void *blob = sqlite3_column_blob(st, 3);
        if (blob && sqlite3_column_bytes(st, 3) == (int)(2 * FPS * sizeof(uint32_t))) {
            memcpy(e->title_fp, blob, sizeof e->title_fp);
            memcpy(e->lead_fp, (const char *)blob + sizeof e->title_fp, sizeof e->lead_fp);
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return fail(db, err, "reading template_lines");
    return 0;
}

int mr_hints_save(marsad_corpus_hints *h, sqlite3 *db, char **err) {
    if (!h) return 0;
    if (sqlite3_exec(db, create_sql, NULL, NULL, NULL) != SQLITE_OK)
        return fail(db, err, "creating template_lines");
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db,
                           "INSERT OR REPLACE INTO template_lines(outlet, line_hash, reports,"
                           " fingerprints) VALUES (?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK)
        return fail(db, err, "writing template_lines");
    for (size_t i = 0; i < h->cap; i++) {
        hint_entry *e = &h->slots[i];
        if (!e->outlet || !e->dirty || e->reports < 2) continue;
        const outlet_info *o = &h->outlets[e->outlet - 1];
        uint32_t fps[2 * FPS];
        memcpy(fps, e->title_fp, sizeof e->title_fp);
        memcpy(fps + FPS, e->lead_fp, sizeof e->lead_fp);
        sqlite3_bind_text(st, 1, o->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)e->line);
        sqlite3_bind_int(st, 3, e->reports);
        sqlite3_bind_blob(st, 4, fps, sizeof fps, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE) {
            sqlite3_finalize(st);
            return fail(db, err, "writing template_lines");
        }
        sqlite3_reset(st);
        e->dirty = 0;
    }
    sqlite3_finalize(st);
    return 0;
}
