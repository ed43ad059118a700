/* Runs the registered unit tests; prints one line per failure and ends with
 * "N passed, N failed". Usage: unit [SUBSTRING] — only tests whose name or
 * file contains SUBSTRING. Exit status 1 when any test failed. */
#include "test.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct test_case {
    const char *name;
    const char *file;
    void (*fn)(void);
} test_case;

static test_case tests[4096];
static int ntests;
static int current_failures;
static const char *current_name;
static char tmpdir[256];

void mr_test_register(const char *name, void (*fn)(void), const char *file) {
    if (ntests < (int)(sizeof tests / sizeof tests[0]))
        tests[ntests++] = (test_case){name, file, fn};
}

void mr_test_fail(const char *file, int line, const char *fmt, ...) {
    current_failures++;
    if (current_failures > 20) return; /* keep a runaway loop from flooding the log */
    printf("FAIL %s (%s:%d): ", current_name, file, line);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

char *mr_test_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        mr_test_fail(path, 0, "cannot open fixture");
        if (len) *len = 0;
        return calloc(1, 1);
    }
    size_t cap = 4096, n = 0;
    char *p = malloc(cap);
    size_t k;
    while ((k = fread(p + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n - 1 == 0) p = realloc(p, cap *= 2);
    }
    fclose(f);
    p[n] = 0;
    if (len) *len = n;
    return p;
}

const char *mr_test_tmp(const char *name) {
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, 512, "%s/%s", tmpdir, name);
    return b;
}

int main(int argc, char **argv) {
    const char *filter = argc > 1 ? argv[1] : NULL;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/marsad-unit-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 2;
    }
    int passed = 0, failed = 0;
    for (int i = 0; i < ntests; i++) {
        if (filter && !strstr(tests[i].name, filter) && !strstr(tests[i].file, filter)) continue;
        current_failures = 0;
        current_name = tests[i].name;
        tests[i].fn();
        if (current_failures) {
            failed++;
        } else {
            passed++;
        }
    }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
