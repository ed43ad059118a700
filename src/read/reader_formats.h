/* Glue between the reader and the format modules it relies on: charset
 * decoding (read/charset.h) and WARC (read/warc.h). Keeps reader.c about
 * walking paths and framing records. */
#ifndef MARSAD_READ_READER_FORMATS_H
#define MARSAD_READ_READER_FORMATS_H

#include "marsad.h"
#include "util/buf.h"

/* Converts an HTML page held in data to UTF-8 in place (BOM, the HTTP charset
 * when given, <meta> declarations, else a guess). Sets *repaired when invalid
 * bytes were replaced. Returns 0, or -1 when the bytes are not a page at all. */
int mr_reader_html_to_utf8(mr_buf *data, const char *http_charset, bool *repaired);

/* For a text report that is not valid UTF-8: decodes it in place from a
 * legacy charset (windows-1256 for Arabic, windows-1252 otherwise) when the
 * bytes look like one. Returns true when it did. */
bool mr_reader_text_to_utf8(mr_buf *data);

/* True when the file starts with a WARC record (plain or gzip-compressed). */
bool mr_reader_is_warc(const char *path);

/* WARC sources. next returns 1 with *rec filled (data and origin held in the
 * given buffers), 2 for a record that is not a report (skipped silently), 0 at
 * the end. Bad records are reported through mr_reader_report. */
void *mr_reader_warc_open(const char *path, size_t max_record_bytes, char **err);
int mr_reader_warc_next(void *warc, mr_buf *data, mr_buf *origin, marsad_record *rec,
                        marsad_reader *reader);
void mr_reader_warc_close(void *warc);

/* NUL bytes or a high share of control characters in the first 8 KiB of
 * s[0..n): not a text report, and after decoding not a page. */
bool mr_reader_looks_binary(const char *s, size_t n);

/* Reports a skipped or repaired input through the reader's callback. */
void mr_reader_report(marsad_reader *r, const char *origin, const char *why, bool skipped);

#endif
