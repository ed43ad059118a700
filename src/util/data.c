/* Lookup of the embedded data files: see data.h. */
#include "util/data.h"

#include <string.h>

const char *mr_data(const char *name, size_t *len) {
    for (const mr_data_file *f = mr_data_files; f->name; f++) {
        if (strcmp(f->name, name) == 0) {
            if (len) *len = f->len;
            return f->text;
        }
    }
    return NULL;
}

int mr_data_lines(const char *name, void (*fn)(const char *line, size_t len, void *ctx),
                  void *ctx) {
    size_t n;
    const char *s = mr_data(name, &n);
    if (!s) return -1;
    int count = 0;
    const char *end = s + n;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        const char *a = s, *b = e;
        while (a < b && (*a == ' ' || *a == '\t')) a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\r')) b--;
        if (b > a && *a != '#') {
            fn(a, (size_t)(b - a), ctx);
            count++;
        }
        s = nl ? nl + 1 : end;
    }
    return count;
}
