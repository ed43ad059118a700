/* Shared pieces of the command-line front end: the command table, common
 * options and output helpers. Each command lives in its own cmd_*.c file and
 * stays thin: parse flags, call the library, print. */
#ifndef MARSAD_CLI_H
#define MARSAD_CLI_H

#include "marsad.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit statuses, documented in `marsad --help` and the README. */
enum {
    EXIT_OK = 0,
    EXIT_PARTIAL = 1, /* done, but some input was skipped, or the item asked for does not exist */
    EXIT_USAGE = 2,   /* bad command line */
    EXIT_FAILURE_IO = 3, /* the database or a file could not be used */
};

/* Options every command understands (before or after the command name). */
typedef struct cli_common {
    const char *db_path; /* --db PATH, default marsad.db or $MARSAD_DB */
    bool json;           /* --json */
    bool quiet;          /* --quiet: no progress on stderr */
    bool progress;       /* stderr is a terminal and not quiet */
} cli_common;

typedef struct cli_command {
    const char *name;
    const char *summary;                                   /* one line for `marsad --help` */
    int (*run)(cli_common *common, int argc, char **argv); /* argv[0] is the command name */
    const char *help;                                      /* full text for `marsad CMD --help` */
} cli_command;

/* Parses the common options out of argv (removing them) and returns the new argc.
 * Returns -1 after printing a message when an option's value is missing. */
int cli_take_common(cli_common *c, int argc, char **argv);
/* True when argv holds -h or --help. */
bool cli_wants_help(int argc, char **argv);
/* Prints a command's help text to stdout. */
void cli_print_help(const cli_command *cmd);
const cli_command *cli_find(const char *name);
/* Opens the engine at c->db_path; prints the error and returns NULL on failure. */
marsad_engine *cli_open_engine(const cli_common *c);
/* Prints s and then spaces up to width columns as a terminal shows them: an
 * Arabic letter with its harakat is one column, a CJK character two, so a
 * column after an outlet's name lines up whatever its script (printf's %-20s
 * counts bytes, two or more per Arabic letter). A longer s is cut, and ends
 * in an ellipsis, so that the columns after it stay in line. */
void cli_print_padded(FILE *out, const char *s, int width);
/* The columns a terminal gives s (see cli_print_padded). */
int cli_columns(const char *s);
/* Prints "marsad CMD: MESSAGE" to stderr. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The value of option `name` at argv[*i], given as "--name=V" or "--name V"
 * (then *i moves past V), or NULL when argv[*i] is not that option. When it
 * is the option with nothing after it, reports "CMD: NAME needs a value" and
 * sets *missing (the caller exits with EXIT_USAGE). */
const char *cli_option_value(const char *cmd, int argc, char **argv, int *i, const char *name,
                             bool *missing);

extern const cli_command cli_commands[];

int cmd_ingest(cli_common *c, int argc, char **argv);
int cmd_articles(cli_common *c, int argc, char **argv);
int cmd_article(cli_common *c, int argc, char **argv);
int cmd_extract(cli_common *c, int argc, char **argv);
int cmd_stories(cli_common *c, int argc, char **argv);
int cmd_story(cli_common *c, int argc, char **argv);
int cmd_eval(cli_common *c, int argc, char **argv);
int cmd_cluster(cli_common *c, int argc, char **argv);

extern const char help_ingest[];
extern const char help_articles[];
extern const char help_article[];
extern const char help_extract[];
extern const char help_stories[];
extern const char help_story[];
extern const char help_eval[];
extern const char help_cluster[];

#endif
