/* Reader glue to charset decoding (read/charset.h) and WARC (read/warc.h):
 * see reader_formats.h. */
#include "read/reader_formats.h"
#include "read/charset.h"
#include "read/warc.h"
#include "util/mem.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <zlib.h>

int mr_reader_html_to_utf8(mr_buf *data, const char *http_charset, bool *repaired) {
    mr_buf out = MR_BUF_INIT;
    const char *used = NULL;
    bool fixed = false;
    mr_charset_to_utf8(data->data, data->len, http_charset, true, &out, &used, &fixed);
    mr_buf_free(data);
    *data = out;
    if (fixed) *repaired = true;
    return mr_reader_looks_binary(data->data, data->len) ? -1 : 0;
}

bool mr_reader_text_to_utf8(mr_buf *data) {
    mr_buf out = MR_BUF_INIT;
    const char *used = NULL;
    bool fixed = false;
    mr_charset_to_utf8(data->data, data->len, NULL, false, &out, &used, &fixed);
    /* Mostly UTF-8 with a few bad bytes stays UTF-8: the caller repairs it
     * and says so (or rejects it, as asked). */
    if (strcmp(used, "utf-8") == 0 || fixed) {
        mr_buf_free(&out);
        return false;
    }
    mr_buf_free(data);
    *data = out;
    return true;
}

bool mr_reader_is_warc(const char *path) {
    gzFile gz = gzopen(path, "rb");
    if (!gz) return false;
    char head[8] = {0};
    int k = gzread(gz, head, sizeof head);
    gzclose(gz);
    return k >= 7 && memcmp(head, "WARC/1.", 7) == 0;
}

/* ---- WARC ------------------------------------------------------------------- */

typedef struct warc_source {
    mr_warc *warc;
    char *path;
    mr_buf raw; /* the payload as read, kept with the article */
    char url[2048];
} warc_source;

void *mr_reader_warc_open(const char *path, size_t max_record_bytes, char **err) {
    *err = NULL;
    mr_warc *w = mr_warc_open(path, max_record_bytes, err);
    if (!w) return NULL;
    warc_source *s = mr_calloc(1, sizeof *s);
    s->warc = w;
    s->path = mr_strdup(path);
    return s;
}

/* WARC-Date ("2024-03-05T10:20:30Z", seconds optional fraction) as Unix time, or 0. */
static int64_t warc_date_unix(const char *s) {
    if (!s) return 0;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec) < 3) return 0;
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31) return 0;
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = sec};
    time_t t = timegm(&tm);
    return t > 0 ? (int64_t)t : 0;
}

/* Which payloads are reports: HTML pages and plain text. Images, scripts,
 * style sheets, feeds and the crawler's own requests and metadata are not. */
static int payload_format(const mr_warc_record *wr, marsad_format *format) {
    if (!wr->type || (strcmp(wr->type, "response") != 0 && strcmp(wr->type, "resource") != 0))
        return 0;
    if (wr->http_status && (wr->http_status < 200 || wr->http_status > 299)) return 0;
    const char *ct = wr->content_type;
    if (!ct) {
        size_t i = 0;
        while (i < wr->payload_len && (wr->payload[i] == ' ' || wr->payload[i] == '\n' ||
                                       wr->payload[i] == '\r' || wr->payload[i] == '\t'))
            i++;
        *format =
            i < wr->payload_len && wr->payload[i] == '<' ? MARSAD_FORMAT_HTML : MARSAD_FORMAT_TEXT;
        return 1;
    }
    if (strcmp(ct, "text/html") == 0 || strcmp(ct, "application/xhtml+xml") == 0) {
        *format = MARSAD_FORMAT_HTML;
        return 1;
    }
    if (strcmp(ct, "text/plain") == 0) {
        *format = MARSAD_FORMAT_TEXT;
        return 1;
    }
    return 0;
}

int mr_reader_warc_next(void *warc, mr_buf *data, mr_buf *origin, marsad_record *rec,
                        marsad_reader *reader) {
    warc_source *s = warc;
    for (;;) {
        mr_warc_record wr;
        const char *why = NULL;
        int rc = mr_warc_next(s->warc, &wr, &why);
        if (rc == 0) return 0;
        mr_buf_clear(origin);
        char num[32];
        snprintf(num, sizeof num, "#%zu", wr.index);
        mr_buf_append(origin, s->path, strlen(s->path));
        mr_buf_append(origin, num, strlen(num));
        if (rc < 0) {
            char msg[256];
            snprintf(msg, sizeof msg, "bad WARC record at byte %llu: %s",
                     (unsigned long long)wr.offset, why ? why : "unreadable");
            mr_reader_report(reader, origin->data, msg, true);
            continue;
        }
        marsad_format format;
        if (!payload_format(&wr, &format)) return 2;
        if (wr.payload_len == 0) {
            mr_reader_report(reader, origin->data, "empty payload", true);
            continue;
        }
        mr_buf_clear(&s->raw);
        mr_buf_append(&s->raw, wr.payload, wr.payload_len);
        mr_buf_clear(data);
        mr_buf_append(data, wr.payload, wr.payload_len);
        bool repaired = false;
        if (format == MARSAD_FORMAT_HTML) {
            if (mr_reader_html_to_utf8(data, wr.http_charset, &repaired) != 0) {
                mr_reader_report(reader, origin->data, "binary content, not an HTML page", true);
                continue;
            }
        } else {
            mr_buf out = MR_BUF_INIT;
            const char *used = NULL;
            mr_charset_to_utf8(data->data, data->len, wr.http_charset, false, &out, &used,
                               &repaired);
            mr_buf_free(data);
            *data = out;
            if (mr_reader_looks_binary(data->data, data->len)) {
                mr_reader_report(reader, origin->data, "binary content, not a text report", true);
                continue;
            }
        }
        if (repaired)
            mr_reader_report(reader, origin->data,
                             "invalid bytes in the page's charset replaced by U+FFFD", false);
        memset(rec, 0, sizeof *rec);
        rec->origin = origin->data;
        rec->data = data->data;
        rec->len = data->len;
        rec->raw = s->raw.data;
        rec->raw_len = s->raw.len;
        rec->format = format;
        rec->repaired = repaired;
        s->url[0] = '\0';
        if (wr.target_uri) {
            /* Some crawlers write the URI in angle brackets (WARC/1.0 examples). */
            const char *u = wr.target_uri;
            size_t n = strlen(u);
            if (n >= 2 && u[0] == '<' && u[n - 1] == '>') {
                u++;
                n -= 2;
            }
            if (n >= sizeof s->url) n = sizeof s->url - 1;
            memcpy(s->url, u, n);
            s->url[n] = '\0';
            rec->url = s->url;
        }
        rec->container_time = warc_date_unix(wr.date);
        return 1;
    }
}

void mr_reader_warc_close(void *warc) {
    warc_source *s = warc;
    if (!s) return;
    mr_warc_close(s->warc);
    mr_buf_free(&s->raw);
    free(s->path);
    free(s);
}
