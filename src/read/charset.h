/* Charset detection and conversion to UTF-8 for HTML and text documents.
 * Decodes UTF-8, UTF-16LE/BE, windows-1250..1258 and ISO-8859-2..16 (labels
 * as the WHATWG Encoding Standard reads them: "iso-8859-1" and "us-ascii" mean
 * windows-1252). Tables are data (data/charsets.tsv, data/charset_labels.tsv). */
#ifndef MARSAD_READ_CHARSET_H
#define MARSAD_READ_CHARSET_H

#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>

/* Converts an HTML or text document to UTF-8. Order: BOM; the HTTP
 * Content-Type charset (http_charset, may be NULL; a label such as
 * "ISO-8859-6", or a whole Content-Type value holding "charset=..."); UTF-16
 * without a BOM, recognised by its zero bytes; <meta charset> / <meta
 * http-equiv="Content-Type" content="...charset=..."> in the first 4096 bytes
 * (when sniff_meta); else UTF-8 if valid; else a guess (windows-1256 when the
 * bytes look Arabic, windows-1252 otherwise). Declarations that lie are
 * caught: a document declared in a single-byte charset that is valid UTF-8
 * with multibyte sequences is read as UTF-8, and one declared UTF-8 whose
 * invalid bytes outnumber its multibyte sequences is guessed. Invalid
 * sequences become U+FFFD (one per maximal invalid subpart) and *repaired is
 * set. out is cleared first; when the input is already valid UTF-8 the
 * conversion is one validation pass and one memcpy. *charset_used receives
 * the canonical name used (a static string: "utf-8", "windows-1256", ...).
 * Returns 0 (there is no failure: every byte sequence decodes to something). */
int mr_charset_to_utf8(const char *data, size_t len, const char *http_charset, bool sniff_meta,
                       mr_buf *out, const char **charset_used, bool *repaired);

/* The canonical name marsad decodes a charset label as ("ISO-8859-1" gives
 * "windows-1252"), or NULL for a label it does not know. */
const char *mr_charset_canonical(const char *label, size_t len);

/* The charset an HTML document declares in a <meta> within its first
 * max_bytes bytes (canonical name; a declared UTF-16 reads as "utf-8", as in
 * browsers), or NULL. */
const char *mr_charset_sniff_meta(const char *data, size_t len, size_t max_bytes);

#endif
