/* Streaming WARC reader: see warc.h.
 *
 * Bytes flow through two fixed buffers: `in` (raw file bytes) and `win` (the
 * decompressed stream, a sliding window the header parser reads lines from).
 * A record's block is copied out of the window into `block` only when it is
 * within max_record_bytes; larger ones are skipped through the window. gzip
 * members are inflated one after another; where each starts in the file is
 * remembered so a record can say which member it came from. A corrupt member
 * is abandoned at the next gzip magic number. */
#include "read/warc.h"

#include "util/buf.h"
#include "util/mem.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define DEFAULT_MAX_RECORD (16u << 20)
#define IN_SIZE (64 * 1024)
#define WIN_SIZE (256 * 1024)
#define MAX_LINE (32 * 1024)   /* one WARC header line */
#define MAX_HEADER (64 * 1024) /* all of a record's WARC header */
#define MEMBER_RING 4096       /* gzip member starts remembered (covers the window) */

enum { F_TYPE, F_URI, F_DATE, F_CTYPE, F_HTTP_CTYPE, F_CHARSET, F_COUNT };

struct mr_warc {
    FILE *f;
    bool gz;
    z_stream z;
    bool z_ready;
    bool member_open;
    uint64_t member_start; /* file offset of the member being inflated */
    unsigned char in[IN_SIZE];
    size_t in_pos, in_len;
    uint64_t in_off; /* file offset of in[0] */
    unsigned char win[WIN_SIZE];
    size_t win_pos, win_len;
    uint64_t win_abs; /* stream offset of win[0] */
    bool eof;
    bool gz_error;    /* a corrupt gzip member stopped the stream (until reported) */
    bool gz_cut;      /* the file ended inside a gzip member */
    uint64_t err_off; /* file offset of that member */
    struct {
        uint64_t abs, off;
    } members[MEMBER_RING];
    size_t nmembers;
    size_t max_record;
    size_t index;
    mr_buf block, body, strings;
    size_t field[F_COUNT]; /* offsets into strings, SIZE_MAX when absent */
};

/* ---- raw input ---- */

/* Keeps the unread bytes of `in` and reads more after them; false at EOF. */
static bool refill_in(mr_warc *w) {
    size_t keep = w->in_len - w->in_pos;
    memmove(w->in, w->in + w->in_pos, keep);
    w->in_off += w->in_pos;
    w->in_pos = 0;
    w->in_len = keep;
    size_t n = fread(w->in + keep, 1, IN_SIZE - keep, w->f);
    w->in_len += n;
    return n > 0;
}

/* Moves to the next gzip magic number (1f 8b 08); false when there is none. */
static bool seek_magic(mr_warc *w) {
    for (;;) {
        if (w->in_len - w->in_pos < 3) {
            if (!refill_in(w)) return false;
            continue;
        }
        const unsigned char *p = memchr(w->in + w->in_pos, 0x1f, w->in_len - w->in_pos - 2);
        if (!p) {
            w->in_pos = w->in_len - 2;
            continue;
        }
        w->in_pos = (size_t)(p - w->in);
        if (p[1] == 0x8b && p[2] == 0x08) return true;
        w->in_pos++;
    }
}

static void note_member(mr_warc *w, uint64_t abs, uint64_t off) {
    size_t slot = w->nmembers % MEMBER_RING;
    w->members[slot].abs = abs;
    w->members[slot].off = off;
    w->nmembers++;
}

/* The file offset of the record starting at stream offset abs. */
static uint64_t file_offset(const mr_warc *w, uint64_t abs) {
    if (!w->gz) return abs;
    size_t n = w->nmembers < MEMBER_RING ? w->nmembers : MEMBER_RING;
    for (size_t k = 0; k < n; k++) {
        size_t slot = (w->nmembers - 1 - k) % MEMBER_RING;
        if (w->members[slot].abs <= abs) return w->members[slot].off;
    }
    return 0;
}

/* Adds decompressed bytes to the window; returns how many (0 at the end). */
static size_t fill(mr_warc *w) {
    if (w->win_pos) {
        memmove(w->win, w->win + w->win_pos, w->win_len - w->win_pos);
        w->win_abs += w->win_pos;
        w->win_len -= w->win_pos;
        w->win_pos = 0;
    }
    /* After a corrupt member, nothing more until the record is reported, so the
     * broken record cannot run on into the next member's record. */
    if (w->eof || w->gz_error || w->win_len == WIN_SIZE) return 0;
    if (!w->gz) {
        size_t n = 0;
        if (w->in_pos < w->in_len) { /* bytes read while sniffing the format */
            n = w->in_len - w->in_pos;
            if (n > WIN_SIZE - w->win_len) n = WIN_SIZE - w->win_len;
            memcpy(w->win + w->win_len, w->in + w->in_pos, n);
            w->in_pos += n;
        } else {
            n = fread(w->win + w->win_len, 1, WIN_SIZE - w->win_len, w->f);
        }
        w->win_len += n;
        if (n == 0) w->eof = true;
        return n;
    }
    size_t added = 0;
    while (added == 0 && w->win_len < WIN_SIZE) {
        if (w->in_pos == w->in_len && !refill_in(w)) {
            if (w->member_open) {
                w->gz_cut = true;
                w->err_off = w->member_start;
            }
            w->member_open = false;
            w->eof = true;
            return 0;
        }
        if (!w->member_open) {
            if (!seek_magic(w)) {
                w->eof = true;
                return 0;
            }
            inflateReset(&w->z);
            w->member_open = true;
            w->member_start = w->in_off + w->in_pos;
            note_member(w, w->win_abs + w->win_len, w->member_start);
        }
        w->z.next_in = w->in + w->in_pos;
        w->z.avail_in = (uInt)(w->in_len - w->in_pos);
        w->z.next_out = w->win + w->win_len;
        w->z.avail_out = (uInt)(WIN_SIZE - w->win_len);
        int rc = inflate(&w->z, Z_NO_FLUSH);
        size_t produced = (WIN_SIZE - w->win_len) - w->z.avail_out;
        w->in_pos = w->in_len - w->z.avail_in;
        w->win_len += produced;
        added += produced;
        if (rc == Z_STREAM_END) {
            w->member_open = false;
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            /* Corrupt member: go on at the next gzip magic after its start. */
            w->gz_error = true;
            w->err_off = w->member_start;
            w->member_open = false;
            if (w->in_off + w->in_pos <= w->member_start)
                w->in_pos = (size_t)(w->member_start + 1 - w->in_off);
            break;
        }
    }
    return added;
}

/* Makes at least n bytes available in the window when the stream has them. */
static bool ensure(mr_warc *w, size_t n) {
    while (w->win_len - w->win_pos < n)
        if (fill(w) == 0) return false;
    return true;
}

static bool at_prefix(mr_warc *w, const char *prefix) {
    size_t n = strlen(prefix);
    return ensure(w, n) && memcmp(w->win + w->win_pos, prefix, n) == 0;
}

/* Reads one line (without its line end). 1: *line and *len set (valid until the
 * window moves); 0: end of stream; -1: longer than MAX_LINE (skipped). */
static int read_line(mr_warc *w, const char **line, size_t *len) {
    size_t scanned = 0;
    bool too_long = false;
    for (;;) {
        unsigned char *start = w->win + w->win_pos;
        size_t avail = w->win_len - w->win_pos;
        unsigned char *nl = avail > scanned ? memchr(start + scanned, '\n', avail - scanned) : NULL;
        if (nl) {
            size_t n = (size_t)(nl - start);
            w->win_pos += n + 1;
            if (too_long) return -1;
            if (n && start[n - 1] == '\r') n--;
            *line = (const char *)start;
            *len = n;
            return 1;
        }
        scanned = avail;
        if (avail > MAX_LINE) { /* drop what we have of the long line */
            too_long = true;
            w->win_pos = w->win_len;
            scanned = 0;
        }
        if (fill(w) == 0) {
            avail = w->win_len - w->win_pos;
            if (!avail) return too_long ? -1 : 0;
            start = w->win + w->win_pos;
            w->win_pos = w->win_len;
            if (too_long) return -1;
            *line = (const char *)start;
            *len = avail;
            return 1;
        }
    }
}

static size_t read_bytes(mr_warc *w, char *dst, size_t n) {
    size_t done = 0;
    while (done < n) {
        if (w->win_pos == w->win_len && fill(w) == 0) break;
        size_t k = w->win_len - w->win_pos;
        if (k > n - done) k = n - done;
        memcpy(dst + done, w->win + w->win_pos, k);
        w->win_pos += k;
        done += k;
    }
    return done;
}

static uint64_t skip_bytes(mr_warc *w, uint64_t n) {
    uint64_t done = 0;
    while (done < n) {
        if (w->win_pos == w->win_len && fill(w) == 0) break;
        uint64_t k = w->win_len - w->win_pos;
        if (k > n - done) k = n - done;
        w->win_pos += (size_t)k;
        done += k;
    }
    return done;
}

/* Skips to the next line that starts with "WARC/" (left unread); false at the end. */
static bool resync(mr_warc *w) {
    for (;;) {
        if (at_prefix(w, "WARC/")) return true;
        const char *line;
        size_t len;
        if (read_line(w, &line, &len) == 0) return false;
    }
}

/* ---- opening ---- */

static mr_warc *open_stream(FILE *f, size_t max_record_bytes, char **err) {
    mr_warc *w = mr_calloc(1, sizeof(*w));
    w->f = f;
    w->max_record = max_record_bytes ? max_record_bytes : DEFAULT_MAX_RECORD;
    refill_in(w);
    if (w->in_len >= 4 && w->in[0] == 0x28 && w->in[1] == 0xB5 && w->in[2] == 0x2F &&
        w->in[3] == 0xFD) {
        if (err) *err = mr_strdup("zstd-compressed WARC files are not supported");
        fclose(f);
        free(w);
        return NULL;
    }
    if (w->in_len >= 2 && w->in[0] == 0x1f && w->in[1] == 0x8b) {
        w->gz = true;
        if (inflateInit2(&w->z, 15 + 16) != Z_OK) {
            if (err) *err = mr_strdup("cannot initialise zlib");
            fclose(f);
            free(w);
            return NULL;
        }
        w->z_ready = true;
    }
    return w;
}

mr_warc *mr_warc_open(const char *path, size_t max_record_bytes, char **err) {
    if (err) *err = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err) {
            size_t n = strlen(path) + 64;
            *err = mr_malloc(n);
            snprintf(*err, n, "%s: %s", path, strerror(errno));
        }
        return NULL;
    }
    return open_stream(f, max_record_bytes, err);
}

mr_warc *mr_warc_open_memory(const void *data, size_t len, size_t max_record_bytes, char **err) {
    if (err) *err = NULL;
    static const char empty[1];
    /* fmemopen refuses a zero-length buffer; an empty file reads as one. */
    FILE *f = len ? fmemopen((void *)data, len, "rb") : fmemopen((void *)empty, 1, "r");
    if (!f) {
        if (err) *err = mr_strdup("cannot open the buffer as a stream");
        return NULL;
    }
    if (!len) fgetc(f);
    return open_stream(f, max_record_bytes, err);
}

void mr_warc_close(mr_warc *w) {
    if (!w) return;
    if (w->z_ready) inflateEnd(&w->z);
    if (w->f) fclose(w->f);
    mr_buf_free(&w->block);
    mr_buf_free(&w->body);
    mr_buf_free(&w->strings);
    free(w);
}

/* ---- record parsing ---- */

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(const char **s, size_t *n) {
    while (*n && is_space(**s)) (*s)++, (*n)--;
    while (*n && is_space((*s)[*n - 1])) (*n)--;
}

static void set_field(mr_warc *w, int field, const char *s, size_t n) {
    w->field[field] = w->strings.len;
    mr_buf_append(&w->strings, s, n);
    mr_buf_putc(&w->strings, 0);
}

static const char *field(const mr_warc *w, int f) {
    return w->field[f] == SIZE_MAX ? NULL : w->strings.data + w->field[f];
}

static bool name_is(const char *s, size_t n, const char *name) {
    return strlen(name) == n && strncasecmp(s, name, n) == 0;
}

/* A Content-Type value: the media type (lower-cased, into field mt) and its charset. */
static void set_content_type(mr_warc *w, int mt, const char *v, size_t n) {
    const char *semi = memchr(v, ';', n);
    const char *t = v;
    size_t tn = semi ? (size_t)(semi - v) : n;
    trim(&t, &tn);
    set_field(w, mt, t, tn);
    for (char *c = w->strings.data + w->field[mt]; *c; c++)
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c + 32);
    w->field[F_CHARSET] = SIZE_MAX;
    while (semi) {
        const char *p = semi + 1;
        size_t rest = n - (size_t)(p - v);
        semi = memchr(p, ';', rest);
        size_t pn = semi ? (size_t)(semi - p) : rest;
        trim(&p, &pn);
        if (pn > 8 && strncasecmp(p, "charset=", 8) == 0) {
            const char *cv = p + 8;
            size_t cn = pn - 8;
            trim(&cv, &cn);
            if (cn >= 2 && (cv[0] == '"' || cv[0] == '\'') && cv[cn - 1] == cv[0]) cv++, cn -= 2;
            if (cn) set_field(w, F_CHARSET, cv, cn);
        }
    }
}

static bool parse_length(const char *s, size_t n, uint64_t *out) {
    if (n == 0 || n > 19) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

/* Decodes a chunked body in place; returns its decoded length. Stops at the
 * last chunk, or keeps what it has when the encoding is broken or cut. */
static size_t dechunk(char *body, size_t n) {
    size_t in = 0, out = 0;
    while (in < n) {
        size_t size = 0, digits = 0;
        while (in < n && digits < 16) {
            char c = body[in];
            int d = (c >= '0' && c <= '9')                     ? c - '0'
                    : ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') ? (c | 0x20) - 'a' + 10
                                                               : -1;
            if (d < 0) break;
            size = size * 16 + (size_t)d;
            in++;
            digits++;
        }
        if (!digits) break;
        const char *nl = memchr(body + in, '\n', n - in); /* chunk extensions end with the line */
        if (!nl) break;
        in = (size_t)(nl - body) + 1;
        if (size == 0) break;
        if (size > n - in) size = n - in;
        memmove(body + out, body + in, size);
        out += size;
        in += size;
        if (in < n && body[in] == '\r') in++;
        if (in < n && body[in] == '\n') in++;
    }
    return out;
}

/* Inflates body (gzip, zlib or raw deflate) into w->body, at most max bytes.
 * Returns 1, 0 when nothing decodes, -1 when the result exceeds max. */
static int inflate_body(mr_warc *w, const char *body, size_t n) {
    static const int modes[] = {15 + 32, -15};
    for (size_t m = 0; m < 2; m++) {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, modes[m]) != Z_OK) return 0;
        mr_buf_clear(&w->body);
        z.next_in = (Bytef *)body;
        z.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
        int rc = Z_OK;
        bool over = false;
        while (rc == Z_OK) {
            if (w->body.len >= w->max_record) {
                over = true;
                break;
            }
            mr_buf_reserve(&w->body, 64 * 1024);
            size_t room = w->body.cap - w->body.len - 1;
            if (room > w->max_record - w->body.len + 1) room = w->max_record - w->body.len + 1;
            z.next_out = (Bytef *)w->body.data + w->body.len;
            z.avail_out = (uInt)room;
            rc = inflate(&z, Z_NO_FLUSH);
            w->body.len += room - z.avail_out;
            if (rc == Z_BUF_ERROR && z.avail_in == 0) break; /* input cut short */
        }
        inflateEnd(&z);
        w->body.data[w->body.len] = 0;
        if (over || w->body.len > w->max_record) return -1;
        if (w->body.len > 0 && (rc == Z_STREAM_END || rc == Z_OK || rc == Z_BUF_ERROR)) return 1;
    }
    return 0;
}

/* Fills payload, status and media type from an HTTP response block. */
static int parse_http(mr_warc *w, mr_warc_record *rec, const char **why) {
    char *b = w->block.data;
    size_t n = w->block.len;
    size_t head_end = n, body_start = n;
    for (size_t i = 0; i + 1 < n; i++) {
        if (b[i] != '\n') continue;
        if (b[i + 1] == '\n') {
            head_end = i;
            body_start = i + 2;
            break;
        }
        if (b[i + 1] == '\r' && i + 2 < n && b[i + 2] == '\n') {
            head_end = i;
            body_start = i + 3;
            break;
        }
    }
    const char *sp = memchr(b, ' ', head_end);
    if (sp && (size_t)(sp - b) + 4 <= head_end && sp[1] >= '1' && sp[1] <= '9' && sp[2] >= '0' &&
        sp[2] <= '9' && sp[3] >= '0' && sp[3] <= '9')
        rec->http_status = (sp[1] - '0') * 100 + (sp[2] - '0') * 10 + (sp[3] - '0');
    bool chunked = false;
    int encoding = 0; /* 1: gzip or deflate */
    const char *line = memchr(b, '\n', head_end);
    while (line && (size_t)(line - b) < head_end) {
        line++;
        const char *eol = memchr(line, '\n', (size_t)(b + head_end - line));
        size_t len = eol ? (size_t)(eol - line) : (size_t)(b + head_end - line);
        const char *colon = memchr(line, ':', len);
        if (colon) {
            const char *name = line, *value = colon + 1;
            size_t nn = (size_t)(colon - line), vn = len - nn - 1;
            trim(&name, &nn);
            trim(&value, &vn);
            if (name_is(name, nn, "content-type")) {
                set_content_type(w, F_HTTP_CTYPE, value, vn);
            } else if (name_is(name, nn, "transfer-encoding")) {
                for (size_t i = 0; i + 7 <= vn; i++)
                    if (strncasecmp(value + i, "chunked", 7) == 0) chunked = true;
            } else if (name_is(name, nn, "content-encoding")) {
                if (name_is(value, vn, "gzip") || name_is(value, vn, "x-gzip") ||
                    name_is(value, vn, "deflate"))
                    encoding = 1;
                else if (!name_is(value, vn, "identity") && vn)
                    encoding = -1;
            }
        }
        line = eol;
    }
    char *body = b + body_start;
    size_t body_len = n - body_start;
    if (chunked) {
        body_len = dechunk(body, body_len);
        body[body_len] = 0;
    }
    rec->payload = body;
    rec->payload_len = body_len;
    /* Some crawlers store the body already decoded but keep the header: a body
     * that starts like text is taken as it is. */
    bool looks_text = body_len == 0 || body[0] == '<' || is_space(body[0]) ||
                      (unsigned char)body[0] == 0xEF || body[0] == '{';
    if (encoding == 1 && !looks_text) {
        int r = inflate_body(w, body, body_len);
        if (r < 0) {
            *why = "decoded HTTP body larger than the record limit";
            return -1;
        }
        if (r > 0) {
            rec->payload = w->body.data;
            rec->payload_len = w->body.len;
        } else if ((unsigned char)body[0] == 0x1f) {
            *why = "HTTP body cannot be decompressed";
            return -1;
        }
    } else if (encoding < 0) {
        *why = "unsupported HTTP Content-Encoding";
        return -1;
    }
    return 0;
}

/* Reports the current record as bad. When the stream stopped at a corrupt
 * gzip member, that is the reason given, and the rest of the member's output
 * is dropped so the next call starts at the next member. */
static int fail(mr_warc *w, const char **why, const char *reason) {
    if (w->gz_error) {
        reason = "corrupt gzip data";
        w->win_pos = w->win_len;
        w->gz_error = false;
    }
    w->gz_cut = false; /* reported with this record */
    *why = reason;
    return -1;
}

int mr_warc_next(mr_warc *w, mr_warc_record *rec, const char **why) {
    memset(rec, 0, sizeof(*rec));
    *why = NULL;
    if (w->gz_error) { /* met while reading ahead, after the last record */
        rec->index = ++w->index;
        rec->offset = w->err_off;
        return fail(w, why, "corrupt gzip data");
    }
    /* Blank lines separate records. */
    for (;;) {
        if (!ensure(w, 1)) {
            if (!w->gz_error && !w->gz_cut) return 0;
            rec->index = ++w->index;
            rec->offset = w->err_off;
            return fail(w, why, "file ends inside a gzip member");
        }
        unsigned char c = w->win[w->win_pos];
        if (c != '\r' && c != '\n') break;
        w->win_pos++;
    }
    rec->index = ++w->index;
    rec->offset = file_offset(w, w->win_abs + w->win_pos);
    if (!at_prefix(w, "WARC/")) {
        const char *line;
        size_t len;
        read_line(w, &line, &len);
        resync(w);
        return fail(w, why, "not a WARC record (no WARC/ version line)");
    }
    const char *line;
    size_t len;
    read_line(w, &line, &len); /* the version line */

    mr_buf_clear(&w->strings);
    for (int f = 0; f < F_COUNT; f++) w->field[f] = SIZE_MAX;
    uint64_t length = 0;
    bool have_length = false, bad_length = false;
    size_t header_bytes = 0;
    for (;;) {
        if (at_prefix(w, "WARC/")) /* the next call starts at that line */
            return fail(w, why, "WARC header not ended by a blank line");
        int r = read_line(w, &line, &len);
        if (r == 0) return fail(w, why, "file ends inside a WARC header");
        header_bytes += len + 2;
        if (r < 0 || header_bytes > MAX_HEADER) {
            resync(w);
            return fail(w, why, "WARC header too long");
        }
        if (len == 0) break;
        const char *colon = memchr(line, ':', len);
        if (!colon) continue; /* a continuation or junk line: nothing we need */
        const char *name = line, *value = colon + 1;
        size_t nn = (size_t)(colon - line), vn = len - nn - 1;
        trim(&name, &nn);
        trim(&value, &vn);
        if (name_is(name, nn, "content-length")) {
            have_length = true;
            bad_length = !parse_length(value, vn, &length);
        } else if (name_is(name, nn, "warc-type")) {
            set_field(w, F_TYPE, value, vn);
        } else if (name_is(name, nn, "warc-target-uri")) {
            if (vn >= 2 && value[0] == '<' && value[vn - 1] == '>') value++, vn -= 2;
            set_field(w, F_URI, value, vn);
        } else if (name_is(name, nn, "warc-date")) {
            set_field(w, F_DATE, value, vn);
        } else if (name_is(name, nn, "content-type")) {
            set_content_type(w, F_CTYPE, value, vn);
        }
    }
    if (!have_length || bad_length) {
        resync(w);
        return fail(w, why,
                    have_length ? "bad Content-Length in WARC header"
                                : "no Content-Length in WARC header");
    }
    if (length > w->max_record) {
        uint64_t skipped = skip_bytes(w, length);
        return fail(w, why,
                    skipped < length ? "file ends inside a record"
                                     : "record larger than the limit");
    }
    mr_buf_clear(&w->block);
    mr_buf_reserve(&w->block, (size_t)length + 1);
    size_t got = read_bytes(w, w->block.data, (size_t)length);
    w->block.len = got;
    w->block.data[got] = 0;
    if (got < length) return fail(w, why, "file ends inside a record");
    if (!field(w, F_TYPE)) return fail(w, why, "no WARC-Type in WARC header");
    rec->payload = w->block.data;
    rec->payload_len = w->block.len;
    const char *ctype = field(w, F_CTYPE);
    bool http = ctype && strncmp(ctype, "application/http", 16) == 0 && length >= 5 &&
                memcmp(w->block.data, "HTTP/", 5) == 0 && strcmp(field(w, F_TYPE), "request") != 0;
    if (http && parse_http(w, rec, why) < 0) return -1;
    /* Only now: parse_http adds strings, which may move the buffer. */
    rec->type = field(w, F_TYPE);
    rec->target_uri = field(w, F_URI);
    rec->date = field(w, F_DATE);
    rec->content_type = field(w, http ? F_HTTP_CTYPE : F_CTYPE);
    rec->http_charset = field(w, F_CHARSET);
    return 1;
}
