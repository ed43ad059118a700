/* Common option handling and helpers of the command-line front end. */
#include "cli.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

int cli_take_common(cli_common *c, int argc, char **argv) {
    const char *env = getenv("MARSAD_DB");
    c->db_path = env && *env ? env : "marsad.db";
    c->json = false;
    c->quiet = false;
    int out = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            /* Everything after -- is an operand. */
            for (; i < argc; i++) argv[out++] = argv[i];
            break;
        }
        if (strcmp(a, "--db") == 0) {
            if (i + 1 >= argc) {
                fputs("marsad: --db needs a path\n", stderr);
                return -1;
            }
            c->db_path = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0) {
            c->db_path = a + 5;
        } else if (strcmp(a, "--json") == 0) {
            c->json = true;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            c->quiet = true;
        } else {
            argv[out++] = argv[i];
        }
    }
    argv[out] = NULL;
    c->progress = !c->quiet && isatty(STDERR_FILENO);
    return out;
}

bool cli_wants_help(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) return true;
    }
    return false;
}

void cli_print_help(const cli_command *cmd) {
    fputs(cmd->help, stdout);
}

const cli_command *cli_find(const char *name) {
    for (const cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0) return c;
    return NULL;
}

marsad_engine *cli_open_engine(const cli_common *c) {
    char *err = NULL;
    marsad_engine *e = marsad_open(c->db_path, &err);
    if (!e) {
        fprintf(stderr, "marsad: cannot open database %s: %s\n", c->db_path,
                err ? err : "unknown error");
        free(err);
    }
    return e;
}

void cli_error(const char *cmd, const char *fmt, ...) {
    fprintf(stderr, "marsad %s: ", cmd);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

const char *cli_option_value(const char *cmd, int argc, char **argv, int *i, const char *name,
                             bool *missing) {
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) != 0) return NULL;
    if (*i + 1 < argc) return argv[++*i];
    cli_error(cmd, "%s needs a value (see marsad %s --help)", name, cmd);
    *missing = true;
    return NULL;
}

/* Walks s a character at a time, summing terminal columns, and stops before
 * the character that would take the sum past limit. Returns the columns
 * walked; *bytes gets how much of s they take. */
static int columns_within(const char *s, int limit, size_t *bytes) {
    int columns = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(s);
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        /* Not UTF-8 (the store repairs input, so rare): a column a byte. */
        int w = n <= 0 ? 1 : utf8proc_charwidth(cp);
        if (n <= 0) n = 1;
        if (columns + w > limit) break;
        columns += w;
        p += n;
        left -= n;
    }
    *bytes = (size_t)(p - (const utf8proc_uint8_t *)s);
    return columns;
}

int cli_columns(const char *s) {
    size_t bytes;
    return columns_within(s, INT_MAX, &bytes);
}

void cli_print_padded(FILE *out, const char *s, int width) {
    size_t bytes;
    int columns = columns_within(s, width, &bytes);
    if (s[bytes]) { /* too long: cut to width - 1 columns and mark the cut */
        columns = columns_within(s, width - 1, &bytes);
        fwrite(s, 1, bytes, out);
        fputs("…", out);
        columns++;
    } else {
        fputs(s, out);
    }
    for (; columns < width; columns++) fputc(' ', out);
}
