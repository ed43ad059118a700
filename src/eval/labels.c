/* Labelled-stream reader: JSON lines or TSV with a gold story label per item
 * (see labels.h for the keys and columns understood). */
#include "eval/labels.h"
#include "util/mem.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mr_labels_init(mr_labelled_stream *s) {
    memset(s, 0, sizeof *s);
    mr_arena_init(&s->strings, 256 * 1024);
}

void mr_labels_free(mr_labelled_stream *s) {
    free(s->items);
    mr_arena_free(&s->strings);
    memset(s, 0, sizeof *s);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's method). */
static int64_t days_from_civil(int64_t y, int m, int d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Reads exactly `digits` decimal digits at s[*i]. */
static bool read_number(const char *s, size_t n, size_t *i, int digits, int *out) {
    int v = 0;
    for (int k = 0; k < digits; k++, (*i)++) {
        if (*i >= n || s[*i] < '0' || s[*i] > '9') return false;
        v = v * 10 + (s[*i] - '0');
    }
    *out = v;
    return true;
}

int mr_labels_parse_time(const char *s, size_t n, int64_t *out) {
    while (n > 0 && (s[0] == ' ' || s[0] == '"')) s++, n--;
    size_t i = 0;
    int y, mo, d, h = 0, mi = 0, se = 0;
    if (!read_number(s, n, &i, 4, &y) || i >= n || s[i++] != '-') return -1;
    if (!read_number(s, n, &i, 2, &mo) || i >= n || s[i++] != '-') return -1;
    if (!read_number(s, n, &i, 2, &d)) return -1;
    if (i < n && (s[i] == ' ' || s[i] == 'T') && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9') {
        i++;
        if (!read_number(s, n, &i, 2, &h) || i >= n || s[i++] != ':') return -1;
        if (!read_number(s, n, &i, 2, &mi)) return -1;
        if (i < n && s[i] == ':') {
            i++;
            if (!read_number(s, n, &i, 2, &se)) return -1;
        }
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return -1;
    *out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
    return 0;
}

static mr_labelled_item *new_item(mr_labelled_stream *s) {
    MR_GROW(s->items, s->cap, s->count + 1);
    mr_labelled_item *it = &s->items[s->count];
    memset(it, 0, sizeof *it);
    return it;
}

/* Keeps the item just filled when it has a label and some text; otherwise
 * reports it and forgets it. */
static size_t commit_item(mr_labelled_stream *s, mr_labelled_item *it, mr_labels_report_fn report,
                          void *ctx) {
    if (!it->title && it->body) {
        it->title = it->body;
        it->body = NULL;
    }
    const char *why = NULL;
    if (!it->event || !*it->event)
        why = "no story label";
    else if (!it->title || (!*it->title && (!it->body || !*it->body)))
        why = "no text";
    if (why) {
        s->skipped++;
        if (report) report(ctx, it->line, why);
        return 0;
    }
    if (!it->id) it->id = mr_arena_printf(&s->strings, "%zu", it->line);
    if (it->lang) s->has_lang = true;
    if (it->time_known) s->has_time = true;
    if (it->storyline) s->has_storyline = true;
    if (it->other) s->has_other = true;
    s->count++;
    return 1;
}

/* ---- JSON lines -------------------------------------------------------- */

/* The value of the first of keys (a NULL-terminated list) present in obj, as
 * a string in the arena; numbers are printed. NULL when none is usable. */
static const char *json_field(mr_labelled_stream *s, json_t *obj, const char *const *keys) {
    for (; *keys; keys++) {
        json_t *v = json_object_get(obj, *keys);
        if (!v) continue;
        if (json_is_string(v))
            return mr_arena_strndup(&s->strings, json_string_value(v), json_string_length(v));
        if (json_is_integer(v))
            return mr_arena_printf(&s->strings, "%lld", (long long)json_integer_value(v));
        if (json_is_real(v)) return mr_arena_printf(&s->strings, "%.17g", json_real_value(v));
    }
    return NULL;
}

static const char *const title_keys[] = {"title", "headline", NULL};
static const char *const body_keys[] = {"body", "content", "text", "textCleaned", NULL};
static const char *const event_keys[] = {"event", "cluster", "clusterNo", "cluster_id",
                                         "label", "story",   NULL};
static const char *const storyline_keys[] = {"storyline", NULL};
static const char *const lang_keys[] = {"lang", "language", NULL};
static const char *const time_keys[] = {"published_at", "published", "time", "date", NULL};
static const char *const id_keys[] = {"id", "Id", "article_id", NULL};

static void json_time(json_t *obj, mr_labelled_item *it) {
    for (const char *const *k = time_keys; *k; k++) {
        json_t *v = json_object_get(obj, *k);
        if (!v) continue;
        int64_t t;
        if (json_is_integer(v)) {
            it->time = (int64_t)json_integer_value(v);
            it->time_known = true;
        } else if (json_is_string(v) &&
                   mr_labels_parse_time(json_string_value(v), json_string_length(v), &t) == 0) {
            it->time = t;
            it->time_known = true;
        }
        return;
    }
}

static size_t parse_json_line(mr_labelled_stream *s, const char *line, size_t len, size_t lineno,
                              mr_labels_report_fn report, void *ctx) {
    json_error_t jerr;
    json_t *obj = json_loadb(line, len, JSON_DECODE_ANY, &jerr);
    mr_labelled_item *it = new_item(s);
    it->line = lineno;
    if (!obj || !json_is_object(obj)) {
        json_decref(obj);
        s->skipped++;
        if (report) report(ctx, lineno, "not a JSON object");
        return 0;
    }
    it->title = json_field(s, obj, title_keys);
    it->body = json_field(s, obj, body_keys);
    it->event = json_field(s, obj, event_keys);
    it->storyline = json_field(s, obj, storyline_keys);
    it->lang = json_field(s, obj, lang_keys);
    it->id = json_field(s, obj, id_keys);
    if (s->other_key) {
        const char *other_keys[] = {s->other_key, NULL};
        it->other = json_field(s, obj, other_keys);
        if (it->other && !*it->other) it->other = NULL;
    }
    json_time(obj, it);
    json_decref(obj);
    return commit_item(s, it, report, ctx);
}

/* ---- TSV --------------------------------------------------------------- */

enum { COL_TITLE, COL_BODY, COL_EVENT, COL_STORYLINE, COL_LANG, COL_TIME, COL_ID, NCOLS };

static int column_role(const char *name, size_t n) {
    static const char *const *const lists[NCOLS] = {
        title_keys, body_keys, event_keys, storyline_keys, lang_keys, time_keys, id_keys};
    for (int role = 0; role < NCOLS; role++)
        for (const char *const *k = lists[role]; *k; k++)
            if (strlen(*k) == n && memcmp(*k, name, n) == 0) return role;
    return -1;
}

typedef struct tsv_header {
    int col[NCOLS]; /* column index of each role, -1 when absent */
    /* Precedence of the column found for each role (lower is preferred). */
    int rank[NCOLS];
    int other; /* column of the stream's other_key, -1 when absent */
} tsv_header;

static int key_rank(int role, const char *name, size_t n) {
    static const char *const *const lists[NCOLS] = {
        title_keys, body_keys, event_keys, storyline_keys, lang_keys, time_keys, id_keys};
    int r = 0;
    for (const char *const *k = lists[role]; *k; k++, r++)
        if (strlen(*k) == n && memcmp(*k, name, n) == 0) return r;
    return 1000;
}

static void parse_tsv_header(const mr_labelled_stream *s, const char *line, size_t len,
                             tsv_header *h) {
    for (int r = 0; r < NCOLS; r++) h->col[r] = -1, h->rank[r] = 1000;
    h->other = -1;
    size_t start = 0;
    for (int col = 0; start <= len; col++) {
        size_t end = start;
        while (end < len && line[end] != '\t') end++;
        if (s->other_key && strlen(s->other_key) == end - start &&
            memcmp(s->other_key, line + start, end - start) == 0)
            h->other = col;
        int role = column_role(line + start, end - start);
        if (role >= 0) {
            int rank = key_rank(role, line + start, end - start);
            if (rank < h->rank[role]) h->rank[role] = rank, h->col[role] = col;
        }
        start = end + 1;
    }
}

static size_t parse_tsv_line(mr_labelled_stream *s, const tsv_header *h, const char *line,
                             size_t len, size_t lineno, mr_labels_report_fn report, void *ctx) {
    mr_labelled_item *it = new_item(s);
    it->line = lineno;
    size_t start = 0;
    for (int col = 0; start <= len; col++) {
        size_t end = start;
        while (end < len && line[end] != '\t') end++;
        const char *f = line + start;
        size_t n = end - start;
        if (col == h->other && n) it->other = mr_arena_strndup(&s->strings, f, n);
        for (int role = 0; role < NCOLS; role++) {
            if (h->col[role] != col) continue;
            const char *v = mr_arena_strndup(&s->strings, f, n);
            switch (role) {
            case COL_TITLE:
                it->title = v;
                break;
            case COL_BODY:
                it->body = v;
                break;
            case COL_EVENT:
                it->event = v;
                break;
            case COL_STORYLINE:
                it->storyline = n ? v : NULL;
                break;
            case COL_LANG:
                it->lang = n ? v : NULL;
                break;
            case COL_ID:
                it->id = n ? v : NULL;
                break;
            case COL_TIME:
                if (mr_labels_parse_time(f, n, &it->time) == 0)
                    it->time_known = true;
                else
                    it->time = 0;
                break;
            }
        }
        start = end + 1;
    }
    return commit_item(s, it, report, ctx);
}

/* ---- driver ------------------------------------------------------------ */

size_t mr_labels_parse(mr_labelled_stream *s, const char *data, size_t len,
                       mr_labels_report_fn report, void *ctx) {
    size_t first = 0;
    while (first < len && (data[first] == ' ' || data[first] == '\t' || data[first] == '\r' ||
                           data[first] == '\n'))
        first++;
    if (first == len) return 0;
    bool json = data[first] == '{';
    tsv_header header;
    bool have_header = false;
    size_t added = 0, lineno = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t n = end - pos;
        const char *line = data + pos;
        lineno++;
        pos = end + 1;
        if (n > 0 && line[n - 1] == '\r') n--;
        size_t blank = 0;
        while (blank < n && (line[blank] == ' ' || line[blank] == '\t')) blank++;
        if (blank == n) continue;
        if (json) {
            added += parse_json_line(s, line, n, lineno, report, ctx);
        } else if (!have_header) {
            parse_tsv_header(s, line, n, &header);
            have_header = true;
            if (header.col[COL_EVENT] < 0 ||
                (header.col[COL_TITLE] < 0 && header.col[COL_BODY] < 0)) {
                s->skipped++;
                if (report) report(ctx, lineno, "TSV header names no label or text column");
                return added;
            }
        } else {
            added += parse_tsv_line(s, &header, line, n, lineno, report, ctx);
        }
    }
    return added;
}

int mr_labels_load(mr_labelled_stream *s, const char *path, mr_labels_report_fn report, void *ctx,
                   char **err) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s: %s", path, strerror(errno));
        *err = mr_strdup(msg);
        return -1;
    }
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        MR_GROW(data, cap, len + 65536);
        size_t got = fread(data + len, 1, cap - len, f);
        len += got;
        if (got == 0) break;
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        free(data);
        char msg[512];
        snprintf(msg, sizeof msg, "%s: read error", path);
        *err = mr_strdup(msg);
        return -1;
    }
    mr_labels_parse(s, data, len, report, ctx);
    free(data);
    return 0;
}

typedef struct sort_key {
    int64_t time;
    size_t index;
} sort_key;

static int cmp_key(const void *a, const void *b) {
    const sort_key *x = a, *y = b;
    if (x->time != y->time) return x->time < y->time ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

void mr_labels_sort_by_time(mr_labelled_stream *s) {
    if (!s->has_time || s->count < 2) return;
    sort_key *keys = mr_malloc(s->count * sizeof *keys);
    int64_t carried = 0;
    bool have = false;
    for (size_t i = 0; i < s->count && !have; i++)
        if (s->items[i].time_known) carried = s->items[i].time, have = true;
    for (size_t i = 0; i < s->count; i++) {
        if (s->items[i].time_known) carried = s->items[i].time;
        keys[i].time = carried;
        keys[i].index = i;
    }
    qsort(keys, s->count, sizeof *keys, cmp_key);
    mr_labelled_item *sorted = mr_malloc(s->count * sizeof *sorted);
    for (size_t i = 0; i < s->count; i++) sorted[i] = s->items[keys[i].index];
    free(s->items);
    s->items = sorted;
    s->cap = s->count;
    free(keys);
}
