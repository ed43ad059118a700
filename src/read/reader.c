/* The read stage: turns paths (files, directories, stdin) into raw records.
 *
 * One report a file for plain text and HTML; one report a line for JSON
 * lines; one report a response record for WARC. Compression (.gz) is handled
 * transparently by zlib, which also reads uncompressed files as they are.
 * Nothing here interprets the report: that is extract's job. What cannot be
 * read is reported through the options' callback (which input, why) and
 * skipped; reading always goes on with the next input. */
#include "marsad.h"
#include "read/json_fields.h"
#include "read/reader_formats.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/utf8.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define DEFAULT_MAX_RECORD (16u << 20)
#define READ_CHUNK (256u << 10)
/* zlib's own buffer: half a read, because gzread inflates straight into the
 * caller's buffer only when asked for at least twice its buffer size;
 * otherwise every byte goes through its buffer and is copied again. */
#define GZ_BUFFER (READ_CHUNK / 2)

typedef enum source_kind { SRC_NONE, SRC_LINES, SRC_WARC } source_kind;

/* Identity of a directory already walked, so symlink loops end. */
typedef struct dir_id {
    dev_t dev;
    ino_t ino;
} dir_id;

/* A path to visit; walked: found in a directory rather than named by the user. */
typedef struct todo_entry {
    char *path;
    bool walked;
} todo_entry;

struct marsad_reader {
    marsad_reader_options opt;
    marsad_reader_stats stats;

    /* Paths still to visit, used as a stack: directories push their sorted
     * entries in reverse so that files come out in name order. */
    todo_entry *todo;
    size_t ntodo, captodo;
    dir_id *seen_dirs;
    size_t nseen, capseen;

    /* The JSON-lines source being read. */
    source_kind kind;
    gzFile gz;
    char *path; /* current file (heap) */
    bool from_stdin;
    char *in; /* read buffer: unread bytes are in[in_start, in_end) */
    size_t in_start, in_end, in_cap;
    bool eof;
    size_t line_no;

    /* The WARC source being read (read/warc.h). */
    void *warc;

    /* The record handed out; valid until the next call. */
    mr_buf data;
    mr_buf origin;
    mr_buf scratch;
    mr_json_object obj;
};

static void report(marsad_reader *r, const char *origin, const char *why, bool skipped) {
    if (skipped) r->stats.skipped++;
    if (r->opt.report) r->opt.report(r->opt.report_ctx, origin, why, skipped);
}

static void reportf(marsad_reader *r, const char *origin, bool skipped, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void reportf(marsad_reader *r, const char *origin, bool skipped, const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    report(r, origin, msg, skipped);
}

/* Takes ownership of path. */
static void push_path(marsad_reader *r, char *path, bool walked) {
    MR_GROW(r->todo, r->captodo, r->ntodo + 1);
    r->todo[r->ntodo++] = (todo_entry){path, walked};
}

marsad_reader *marsad_reader_open(const char *const *paths, size_t npaths,
                                  const marsad_reader_options *opts) {
    marsad_reader *r = mr_calloc(1, sizeof *r);
    if (opts) r->opt = *opts;
    if (!r->opt.max_record_bytes) r->opt.max_record_bytes = DEFAULT_MAX_RECORD;
    for (size_t i = npaths; i-- > 0;) push_path(r, mr_strdup(paths[i]), false);
    return r;
}

void marsad_reader_stats_get(const marsad_reader *r, marsad_reader_stats *out) {
    *out = r->stats;
}

static void close_source(marsad_reader *r) {
    if (r->gz) gzclose(r->gz);
    r->gz = NULL;
    if (r->warc) mr_reader_warc_close(r->warc);
    r->warc = NULL;
    free(r->path);
    r->path = NULL;
    r->kind = SRC_NONE;
    r->in_start = r->in_end = 0;
    r->eof = false;
    r->line_no = 0;
}

void marsad_reader_close(marsad_reader *r) {
    if (!r) return;
    close_source(r);
    for (size_t i = 0; i < r->ntodo; i++) free(r->todo[i].path);
    free(r->todo);
    free(r->seen_dirs);
    free(r->in);
    mr_buf_free(&r->data);
    mr_buf_free(&r->origin);
    mr_buf_free(&r->scratch);
    mr_json_object_free(&r->obj);
    free(r);
}

/* ---- classifying files ---------------------------------------------------- */

typedef enum file_kind { FILE_TEXT, FILE_HTML, FILE_JSONL, FILE_WARC, FILE_OTHER } file_kind;

static bool ends_with(const char *s, size_t n, const char *suffix) {
    size_t k = strlen(suffix);
    return n >= k && strncasecmp(s + n - k, suffix, k) == 0;
}

/* By name; the content may still override (an HTML page saved as .txt). */
static file_kind kind_by_name(const char *path) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (ends_with(base, n, ".gz"))
        n -= 3;
    else if (ends_with(base, n, ".zst"))
        return FILE_OTHER;
    if (ends_with(base, n, ".jsonl") || ends_with(base, n, ".ndjson") ||
        ends_with(base, n, ".json"))
        return FILE_JSONL;
    if (ends_with(base, n, ".warc")) return FILE_WARC;
    if (ends_with(base, n, ".html") || ends_with(base, n, ".htm") || ends_with(base, n, ".xhtml") ||
        ends_with(base, n, ".shtml") || ends_with(base, n, ".php") || ends_with(base, n, ".asp") ||
        ends_with(base, n, ".aspx"))
        return FILE_HTML;
    if (ends_with(base, n, ".txt") || ends_with(base, n, ".text")) return FILE_TEXT;
    const char *dot = memrchr(base, '.', n);
    /* A name without an extension is what many scrapers write. */
    if (!dot || dot == base) return FILE_TEXT;
    return FILE_OTHER;
}

/* Looks at the first bytes for markup, so an HTML page saved as .txt is parsed as HTML. */
static bool looks_like_html(const char *s, size_t n) {
    size_t i = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    if (i >= n || s[i] != '<') return false;
    static const char *const starts[] = {"<!doctype html", "<html", "<head", "<body",
                                         "<!--",           "<meta", "<?xml"};
    for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
        size_t len = strlen(starts[k]);
        if (n - i >= len && strncasecmp(s + i, starts[k], len) == 0) return true;
    }
    return false;
}

/* NUL bytes or a high share of control characters in the first 8 KiB: not
 * a text report (or, after decoding, never a page). */
bool mr_reader_looks_binary(const char *s, size_t n) {
    size_t probe = n < 8192 ? n : 8192, controls = 0;
    for (size_t i = 0; i < probe; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0) return true;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') controls++;
    }
    return probe && controls * 10 > probe;
}

/* ---- whole-file records (text, HTML) ------------------------------------ */

/* Reads the whole (possibly compressed) file into r->data, up to the limit.
 * Returns 0, or -1 after reporting. */
static int slurp(marsad_reader *r, const char *path) {
    mr_buf_clear(&r->data);
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        report(r, path, "not a regular file", true);
        return -1;
    }
    gzFile gz = gzopen(path, "rb");
    if (!gz) {
        reportf(r, path, true, "cannot open: %s", strerror(errno ? errno : EIO));
        return -1;
    }
    gzbuffer(gz, GZ_BUFFER);
    r->stats.files++;
    size_t limit = r->opt.max_record_bytes;
    /* An uncompressed file over the limit is refused without reading it. */
    if (gzdirect(gz) && st.st_size > (off_t)limit) {
        gzclose(gz);
        reportf(r, path, true, "too large: %lld bytes (limit %zu; see --max-size)",
                (long long)st.st_size, limit);
        return -1;
    }
    for (;;) {
        mr_buf_reserve(&r->data, READ_CHUNK);
        int k = gzread(gz, r->data.data + r->data.len, READ_CHUNK);
        if (k < 0) {
            int code;
            const char *msg = gzerror(gz, &code);
            reportf(r, path, true, "read error: %s", code == Z_ERRNO ? strerror(errno) : msg);
            gzclose(gz);
            return -1;
        }
        if (k == 0) {
            int code;
            gzerror(gz, &code);
            if (code == Z_BUF_ERROR) {
                /* The compressed stream ends early: the report is incomplete. */
                report(r, path, "truncated compressed file (gzip stream ends early)", true);
                gzclose(gz);
                mr_buf_clear(&r->data);
                return -1;
            }
            break;
        }
        r->data.len += (size_t)k;
        r->data.data[r->data.len] = 0;
        if (r->data.len > limit) {
            gzclose(gz);
            reportf(r, path, true, "too large: over %zu bytes after decompression (see --max-size)",
                    limit);
            mr_buf_clear(&r->data);
            return -1;
        }
    }
    gzclose(gz);
    r->stats.bytes += r->data.len;
    return 0;
}

static void set_origin(marsad_reader *r, const char *path, size_t line) {
    mr_buf_clear(&r->origin);
    mr_buf_puts(&r->origin, path);
    if (line) mr_buf_printf(&r->origin, ":%zu", line);
}

/* Makes r->data valid UTF-8 (repairing) or rejects it. Returns 0, or -1 after reporting. */
static int ensure_utf8(marsad_reader *r, const char *origin, bool *repaired) {
    *repaired = false;
    size_t ok = mr_utf8_valid_prefix(r->data.data, r->data.len);
    if (ok == r->data.len) return 0;
    if (r->opt.reject_invalid_utf8) {
        reportf(r, origin, true, "invalid UTF-8 at byte %zu: rejected", ok);
        return -1;
    }
    size_t bad = 0;
    mr_buf fixed = MR_BUF_INIT;
    mr_buf_reserve(&fixed, r->data.len + 16);
    size_t i = 0;
    const char *s = r->data.data;
    while (i < r->data.len) {
        size_t good = mr_utf8_valid_prefix(s + i, r->data.len - i);
        mr_buf_append(&fixed, s + i, good);
        i += good;
        if (i < r->data.len) {
            uint32_t cp;
            size_t k = mr_utf8_decode((const unsigned char *)s + i, r->data.len - i, &cp);
            mr_buf_put_utf8(&fixed, 0xFFFD);
            bad++;
            i += k ? k : 1;
        }
    }
    mr_buf_free(&r->data);
    r->data = fixed;
    *repaired = true;
    r->stats.repaired++;
    reportf(r, origin, false,
            "invalid UTF-8: %zu bad sequence%s replaced by U+FFFD (first at byte %zu)", bad,
            bad == 1 ? "" : "s", ok);
    return 0;
}

static void init_record(marsad_record *rec) {
    memset(rec, 0, sizeof *rec);
}

/* Produces the record of a whole text or HTML file. Returns 1, or 0 when skipped. */
static int read_whole_file(marsad_reader *r, const char *path, file_kind kind, marsad_record *rec) {
    if (slurp(r, path) != 0) return 0;
    if (r->data.len == 0) {
        report(r, path, "empty file", true);
        return 0;
    }
    bool html = kind == FILE_HTML || looks_like_html(r->data.data, r->data.len);
    if (!html && mr_reader_looks_binary(r->data.data, r->data.len)) {
        report(r, path, "binary content (NUL or control bytes), not a text report", true);
        return 0;
    }
    set_origin(r, path, 0);
    bool repaired = false;
    if (html) {
        if (mr_reader_html_to_utf8(&r->data, NULL, &repaired) != 0) {
            report(r, path, "binary content, not an HTML page", true);
            return 0;
        }
        if (repaired) {
            r->stats.repaired++;
            report(r, path, "invalid bytes in the page's charset replaced by U+FFFD", false);
        }
    } else if (mr_utf8_valid_prefix(r->data.data, r->data.len) != r->data.len &&
               mr_reader_text_to_utf8(&r->data)) {
        /* decoded from a legacy single-byte charset (windows-1256 and the like) */
    } else if (ensure_utf8(r, path, &repaired) != 0) {
        return 0;
    }
    init_record(rec);
    rec->origin = r->origin.data;
    rec->data = r->data.data;
    rec->len = r->data.len;
    rec->format = html ? MARSAD_FORMAT_HTML : MARSAD_FORMAT_TEXT;
    rec->repaired = repaired;
    r->stats.records++;
    return 1;
}

/* ---- JSON lines ------------------------------------------------------------ */

static int open_lines(marsad_reader *r, const char *path) {
    r->from_stdin = strcmp(path, "-") == 0;
    r->gz = r->from_stdin ? gzdopen(dup(STDIN_FILENO), "rb") : gzopen(path, "rb");
    if (!r->gz) {
        reportf(r, r->from_stdin ? "<stdin>" : path, true, "cannot open: %s",
                strerror(errno ? errno : EIO));
        return -1;
    }
    gzbuffer(r->gz, GZ_BUFFER);
    r->stats.files++;
    r->path = mr_strdup(r->from_stdin ? "<stdin>" : path);
    r->kind = SRC_LINES;
    r->in_start = r->in_end = 0;
    r->eof = false;
    r->line_no = 0;
    return 0;
}

/* Fills the buffer with more input. Returns bytes added, 0 at end, -1 on error. */
static long fill(marsad_reader *r) {
    if (r->eof) return 0;
    if (r->in_start > 0 && r->in_start == r->in_end) r->in_start = r->in_end = 0;
    if (r->in_start > r->in_cap / 2) {
        memmove(r->in, r->in + r->in_start, r->in_end - r->in_start);
        r->in_end -= r->in_start;
        r->in_start = 0;
    }
    if (r->in_cap - r->in_end < READ_CHUNK) {
        r->in_cap = r->in_cap ? r->in_cap * 2 : 2 * READ_CHUNK;
        while (r->in_cap - r->in_end < READ_CHUNK) r->in_cap *= 2;
        r->in = mr_realloc(r->in, r->in_cap);
    }
    int k = gzread(r->gz, r->in + r->in_end, READ_CHUNK);
    if (k < 0) {
        int code;
        const char *msg = gzerror(r->gz, &code);
        reportf(r, r->path, true, "read error after line %zu: %s (rest of file skipped)",
                r->line_no, code == Z_ERRNO ? strerror(errno) : msg);
        r->eof = true;
        return -1;
    }
    if (k == 0) {
        int code;
        gzerror(r->gz, &code);
        if (code == Z_BUF_ERROR)
            reportf(r, r->path, true,
                    "truncated compressed file after line %zu (gzip stream ends early)",
                    r->line_no);
        r->eof = true;
        return 0;
    }
    r->in_end += (size_t)k;
    r->stats.bytes += (size_t)k;
    return k;
}

/* Next line into (*line, *len) without its newline. Lines longer than the
 * limit are reported and skipped without being held in memory. Returns 1, or
 * 0 at the end of the source. */
static int next_line(marsad_reader *r, const char **line, size_t *len) {
    size_t scanned = 0;
    bool discarding = false;
    size_t discarded = 0;
    for (;;) {
        /* No buffer before the first fill: NULL + 0 is undefined behaviour. */
        char *start = r->in ? r->in + r->in_start : NULL;
        size_t avail = r->in_end - r->in_start;
        char *nl = avail > scanned ? memchr(start + scanned, '\n', avail - scanned) : NULL;
        if (nl) {
            r->line_no++;
            size_t n = (size_t)(nl - start);
            r->in_start += n + 1;
            if (discarding) {
                reportf(r, r->path, true,
                        "line %zu: too long (%zu bytes, limit %zu; see --max-size)", r->line_no,
                        discarded + n, r->opt.max_record_bytes);
                discarding = false;
                discarded = 0;
                scanned = 0;
                continue;
            }
            if (n > r->opt.max_record_bytes) {
                reportf(r, r->path, true,
                        "line %zu: too long (%zu bytes, limit %zu; see --max-size)", r->line_no, n,
                        r->opt.max_record_bytes);
                scanned = 0;
                continue;
            }
            if (n && start[n - 1] == '\r') n--;
            *line = start;
            *len = n;
            return 1;
        }
        scanned = avail;
        if (avail > r->opt.max_record_bytes) {
            /* Drop what is buffered: the line is too long to keep. */
            discarding = true;
            discarded += avail;
            r->in_start = r->in_end;
            scanned = 0;
        }
        long k = fill(r);
        if (k <= 0) {
            avail = r->in_end - r->in_start;
            if (discarding) {
                r->line_no++;
                reportf(r, r->path, true,
                        "line %zu: too long (%zu bytes, limit %zu; see --max-size)", r->line_no,
                        discarded + avail, r->opt.max_record_bytes);
                r->in_start = r->in_end;
                return 0;
            }
            if (avail == 0) return 0;
            /* last line without a newline */
            r->line_no++;
            *line = r->in + r->in_start;
            *len = avail;
            r->in_start = r->in_end;
            return 1;
        }
    }
}

/* Finds the first member (in spec order of preference) whose key matches spec.
 * Returns the index or -1. Preference: earlier names in spec win. */
static long find_member(const mr_json_object *obj, const char *scratch, const char *spec) {
    const char *s = spec;
    while (*s) {
        const char *bar = strchr(s, '|');
        size_t n = bar ? (size_t)(bar - s) : strlen(s);
        for (size_t i = 0; i < obj->count; i++) {
            const mr_json_member *m = &obj->members[i];
            if (m->key_len == n && memcmp(scratch + m->key, s, n) == 0) return (long)i;
        }
        if (!bar) break;
        s = bar + 1;
    }
    return -1;
}

enum { F_URL, F_OUTLET, F_DATE, F_TITLE, F_AUTHOR, F_TEXT, F_HTML };

static const char *field_spec(const marsad_reader *r, int f) {
    const marsad_field_map *m = &r->opt.fields;
    switch (f) {
    case F_URL:
        return m->url ? m->url : "url|link|uri";
    case F_OUTLET:
        return m->outlet ? m->outlet : "source|outlet|site|publisher";
    case F_DATE:
        return m->date ? m->date : "date|published|published_at|date_extracted|pubdate";
    case F_TITLE:
        return m->title ? m->title : "title|headline";
    case F_AUTHOR:
        return m->author ? m->author : "author|byline";
    case F_TEXT:
        return m->text ? m->text : "text|content|body|article|textCleaned";
    default:
        return m->html ? m->html : "html|raw_html";
    }
}

/* A scalar member as a string (numbers as written), or NULL for null/absent/containers. */
static const char *member_string(const marsad_reader *r, long idx) {
    if (idx < 0) return NULL;
    const mr_json_member *m = &r->obj.members[idx];
    if (m->type != MR_JSON_STRING && m->type != MR_JSON_NUMBER && m->type != MR_JSON_BOOL)
        return NULL;
    return r->scratch.data + m->value;
}

/* Produces the next record of the JSON-lines source. Returns 1, or 0 at its end. */
static int read_json_line(marsad_reader *r, marsad_record *rec) {
    const char *line;
    size_t len;
    while (next_line(r, &line, &len)) {
        size_t i = 0;
        while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
        if (i == len) continue; /* blank lines separate nothing; not an error */
        set_origin(r, r->path, r->line_no);
        const char *err;
        size_t at;
        if (mr_json_parse_object(line, len, &r->obj, &r->scratch, &err, &at) != 0) {
            reportf(r, r->origin.data, true, "malformed JSON: %s at column %zu", err, at + 1);
            continue;
        }
        long text_idx = find_member(&r->obj, r->scratch.data, field_spec(r, F_TEXT));
        long html_idx = find_member(&r->obj, r->scratch.data, field_spec(r, F_HTML));
        const mr_json_member *body = NULL;
        bool html = false;
        if (text_idx >= 0 && r->obj.members[text_idx].type == MR_JSON_STRING &&
            r->obj.members[text_idx].value_len > 0) {
            body = &r->obj.members[text_idx];
        } else if (html_idx >= 0 && r->obj.members[html_idx].type == MR_JSON_STRING &&
                   r->obj.members[html_idx].value_len > 0) {
            body = &r->obj.members[html_idx];
            html = true;
        }
        long title_idx = find_member(&r->obj, r->scratch.data, field_spec(r, F_TITLE));
        const char *title = member_string(r, title_idx);
        if (!body && !(title && *title)) {
            reportf(r, r->origin.data, true,
                    "no text: none of the fields %s / %s holds a non-empty string",
                    field_spec(r, F_TEXT), field_spec(r, F_HTML));
            continue;
        }
        mr_buf_clear(&r->data);
        if (body) mr_buf_append(&r->data, r->scratch.data + body->value, body->value_len);
        bool repaired = r->obj.repaired;
        if (html && mr_reader_html_to_utf8(&r->data, NULL, &repaired) != 0) {
            reportf(r, r->origin.data, true, "binary content in the html field");
            continue;
        }
        if (repaired) {
            r->stats.repaired++;
            report(r, r->origin.data, "invalid UTF-8 replaced by U+FFFD", false);
        }
        init_record(rec);
        rec->origin = r->origin.data;
        rec->data = r->data.data;
        rec->len = r->data.len;
        rec->format = html ? MARSAD_FORMAT_HTML : MARSAD_FORMAT_TEXT;
        rec->repaired = repaired;
        rec->raw = line; /* stays in the read buffer until the next call */
        rec->raw_len = len;
        /* The scratch buffer no longer moves: point into it. */
        rec->url = member_string(r, find_member(&r->obj, r->scratch.data, field_spec(r, F_URL)));
        rec->outlet =
            member_string(r, find_member(&r->obj, r->scratch.data, field_spec(r, F_OUTLET)));
        rec->date = member_string(r, find_member(&r->obj, r->scratch.data, field_spec(r, F_DATE)));
        rec->title = title;
        rec->author =
            member_string(r, find_member(&r->obj, r->scratch.data, field_spec(r, F_AUTHOR)));
        r->stats.records++;
        return 1;
    }
    return 0;
}

/* ---- WARC ------------------------------------------------------------------- */

static int read_warc_record(marsad_reader *r, marsad_record *rec) {
    for (;;) {
        int rc = mr_reader_warc_next(r->warc, &r->data, &r->origin, rec, r);
        if (rc <= 0) return 0;
        if (rc == 1) {
            r->stats.records++;
            r->stats.bytes += rec->raw_len; /* the payload as read */
            return 1;
        }
        /* rc == 2: a record that is not a report (request, metadata, non-HTML); go on */
    }
}

/* Called by the WARC glue to report a bad record. */
void mr_reader_report(marsad_reader *r, const char *origin, const char *why, bool skipped) {
    report(r, origin, why, skipped);
    if (!skipped && strstr(why, "U+FFFD")) r->stats.repaired++;
}

/* ---- walking ----------------------------------------------------------------- */

static int compare_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Pushes a directory's entries (sorted, in reverse, so they pop in order). */
static void expand_dir(marsad_reader *r, const char *path, const struct stat *st) {
    for (size_t i = 0; i < r->nseen; i++) {
        if (r->seen_dirs[i].dev == st->st_dev && r->seen_dirs[i].ino == st->st_ino)
            return; /* loop */
    }
    MR_GROW(r->seen_dirs, r->capseen, r->nseen + 1);
    r->seen_dirs[r->nseen++] = (dir_id){st->st_dev, st->st_ino};
    DIR *d = opendir(path);
    if (!d) {
        reportf(r, path, true, "cannot read directory: %s", strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue; /* ., .., and hidden files such as .DS_Store */
        MR_GROW(names, cap, n + 1);
        names[n++] = mr_strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, compare_names);
    size_t plen = strlen(path);
    while (plen > 1 && path[plen - 1] == '/') plen--;
    for (size_t i = n; i-- > 0;) {
        char *full = mr_malloc(plen + strlen(names[i]) + 2);
        memcpy(full, path, plen);
        full[plen] = '/';
        strcpy(full + plen + 1, names[i]);
        push_path(r, full, true);
        free(names[i]);
    }
    free(names);
}

int marsad_reader_next(marsad_reader *r, marsad_record *rec) {
    for (;;) {
        if (r->kind == SRC_LINES) {
            if (read_json_line(r, rec)) return 1;
            close_source(r);
            continue;
        }
        if (r->kind == SRC_WARC) {
            if (read_warc_record(r, rec)) return 1;
            close_source(r);
            continue;
        }
        if (r->ntodo == 0) return 0;
        todo_entry next = r->todo[--r->ntodo];
        char *path = next.path;
        if (strcmp(path, "-") == 0) {
            if (open_lines(r, "-") == 0) {
                free(path);
                continue;
            }
            free(path);
            continue;
        }
        struct stat st;
        if (stat(path, &st) != 0) {
            reportf(r, path, true, "cannot open: %s", strerror(errno));
            free(path);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            expand_dir(r, path, &st);
            free(path);
            continue;
        }
        if (!S_ISREG(st.st_mode)) {
            report(r, path, "not a regular file", true);
            free(path);
            continue;
        }
        /* Files found by walking a directory are filtered by name; files named
         * on the command line are always read (as text when the name says nothing). */
        file_kind kind = kind_by_name(path);
        if (kind == FILE_OTHER) {
            if (next.walked) {
                r->stats.ignored++;
                free(path);
                continue;
            }
            kind = FILE_TEXT;
        }
        if (kind == FILE_TEXT || kind == FILE_HTML) {
            /* A WARC saved without its extension is still a WARC. */
            if (mr_reader_is_warc(path)) kind = FILE_WARC;
        }
        if (kind == FILE_JSONL) {
            open_lines(r, path);
            free(path);
            continue;
        }
        if (kind == FILE_WARC) {
            r->stats.files++;
            char *err = NULL;
            r->warc = mr_reader_warc_open(path, r->opt.max_record_bytes, &err);
            if (!r->warc) {
                reportf(r, path, true, "%s", err ? err : "cannot open WARC");
                free(err);
                free(path);
                continue;
            }
            r->kind = SRC_WARC;
            r->path = path;
            continue;
        }
        int got = read_whole_file(r, path, kind, rec);
        free(path);
        if (got) return 1;
    }
}
