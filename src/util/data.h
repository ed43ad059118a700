/* The word lists and tables of data/, compiled into the binary (see tools/embed.c). */
#ifndef MARSAD_UTIL_DATA_H
#define MARSAD_UTIL_DATA_H

#include <stddef.h>

typedef struct mr_data_file {
    const char *name; /* base name in data/, e.g. "stopwords_ar.txt" */
    const char *text; /* NUL-terminated */
    size_t len;
} mr_data_file;

extern const mr_data_file mr_data_files[];

/* Returns the content of data/NAME, or NULL when there is no such file. */
const char *mr_data(const char *name, size_t *len);

/* Calls fn for each line of data/NAME that is neither empty nor a comment
 * ('#' first). The line is trimmed of surrounding spaces and carriage returns.
 * Returns the number of lines passed, or -1 when the file does not exist. */
int mr_data_lines(const char *name, void (*fn)(const char *line, size_t len, void *ctx), void *ctx);

#endif
