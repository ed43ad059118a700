/* Streaming WARC reader: WARC/1.0 and 1.1 files, plain or gzip-compressed
 * (one gzip member per record, or the whole file as one member; detected by
 * magic bytes, not by name). Memory stays bounded by the largest accepted
 * record: bigger records are skipped without being read into memory, and a
 * bad record is reported and skipped, the reader resynchronising on the next
 * "WARC/1." line or gzip member. */
#ifndef MARSAD_READ_WARC_H
#define MARSAD_READ_WARC_H

#include <stddef.h>
#include <stdint.h>

typedef struct mr_warc mr_warc;

typedef struct mr_warc_record {
    const char *type;         /* WARC-Type: "response", "resource", "request", "metadata", ... */
    const char *target_uri;   /* WARC-Target-URI or NULL */
    const char *date;         /* WARC-Date or NULL */
    const char *content_type; /* the payload's media type, lower-case, without parameters: the
                                 HTTP Content-Type for response records, the record's
                                 Content-Type otherwise; NULL when absent */
    const char *http_charset; /* charset parameter of that Content-Type, or NULL */
    int http_status;          /* 0 when not an HTTP response */
    const char *payload;      /* the HTTP body (chunked transfer decoded; Content-Encoding gzip/
                                 deflate decoded) or the record's block; NUL-terminated */
    size_t payload_len;
    size_t index;    /* 1-based record number in the file */
    uint64_t offset; /* byte offset of the record (of its gzip member) in the file */
} mr_warc_record;

/* Opens a WARC file. Records whose block exceeds max_record_bytes (0: 16 MiB)
 * are reported and skipped. On failure returns NULL and sets *err (heap
 * string, caller frees). */
mr_warc *mr_warc_open(const char *path, size_t max_record_bytes, char **err);
/* The same over a buffer in memory, which must outlive the reader (for
 * tests and fuzzing). */
mr_warc *mr_warc_open_memory(const void *data, size_t len, size_t max_record_bytes, char **err);

/* 1: *rec filled (its strings valid until the next call); 0: end of file;
 * -1: this record is bad (*why says why, a static string; rec->index and
 * rec->offset say which); the next call resumes at the next record when it
 * can be found. */
int mr_warc_next(mr_warc *w, mr_warc_record *rec, const char **why);

void mr_warc_close(mr_warc *w);

#endif
