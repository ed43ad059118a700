/* A fast reader of one flat JSON object: the top-level members of a JSON-lines
 * record, with string values unescaped into UTF-8. Nested objects and arrays
 * are validated and skipped (their members are not reported). Written for
 * speed on large ingest runs: one pass, no allocation beyond the caller's
 * scratch buffer. Strict JSON (RFC 8259) except that invalid UTF-8 inside
 * strings is repaired to U+FFFD rather than rejected, and reported. */
#ifndef MARSAD_READ_JSON_FIELDS_H
#define MARSAD_READ_JSON_FIELDS_H

#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum mr_json_type {
    MR_JSON_STRING,
    MR_JSON_NUMBER,
    MR_JSON_BOOL,
    MR_JSON_NULL,
    MR_JSON_OBJECT, /* value not reported */
    MR_JSON_ARRAY,  /* value not reported */
} mr_json_type;

/* A member. key/value are offsets into the scratch buffer (it may move while
 * parsing); both are NUL-terminated there. Numbers and booleans are kept as
 * written. */
typedef struct mr_json_member {
    size_t key, key_len;
    size_t value, value_len;
    mr_json_type type;
} mr_json_member;

typedef struct mr_json_object {
    mr_json_member *members; /* heap, grown as needed; owned by the struct */
    size_t count, cap;
    bool repaired; /* some string held invalid UTF-8, replaced by U+FFFD */
} mr_json_object;

/* Parses s[0..n) as one JSON object (surrounding white space allowed).
 * Clears and fills obj, appending keys and values to scratch (cleared first).
 * Returns 0, or -1 with *error (static text) and *error_at (byte offset). */
int mr_json_parse_object(const char *s, size_t n, mr_json_object *obj, mr_buf *scratch,
                         const char **error, size_t *error_at);
void mr_json_object_free(mr_json_object *obj);

#endif
