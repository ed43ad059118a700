/* marsad command-line entry point: global options, then dispatch to a command. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out) {
    fputs("marsad " MARSAD_VERSION " — news story engine: raw reports in, attributed stories out\n"
          "\n"
          "usage: marsad [--db PATH] [--json] [--quiet] COMMAND [ARGS...]\n"
          "\n"
          "commands:\n",
          out);
    for (const cli_command *c = cli_commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fputs("\n"
          "options (accepted before or after the command):\n"
          "  --db PATH   the database file (default: $MARSAD_DB, else ./marsad.db)\n"
          "  --json      machine-readable output on stdout: one JSON document (listings:\n"
          "              an array; extract: one object a line)\n"
          "  -q, --quiet no progress or summary on stderr\n"
          "  -h, --help  this text; `marsad COMMAND --help` (or `marsad help COMMAND`)\n"
          "              for a command's own\n"
          "  --version   print the version (instead of a command)\n"
          "  --          after the command: ends the options, so what follows is a path\n"
          "              even if it starts with - (ingest, extract, eval)\n"
          "\n"
          "exit status:\n"
          "  0  success\n"
          "  1  finished, but some input was skipped (ingest, extract, eval), or the item\n"
          "     asked for does not exist (article, story)\n"
          "  2  bad command line\n"
          "  3  the database could not be used (eval: the labelled file or its scratch\n"
          "     database)\n"
          "  130 interrupted (ingest: what was read is committed)\n",
          out);
}

int main(int argc, char **argv) {
    cli_common common;
    argc = cli_take_common(&common, argc, argv);
    if (argc < 0) return EXIT_USAGE;
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        if (argc > 2 && cli_find(argv[2])) {
            cli_print_help(cli_find(argv[2]));
        } else {
            usage(stdout);
        }
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        puts("marsad " MARSAD_VERSION);
        return EXIT_OK;
    }
    const cli_command *cmd = cli_find(name);
    if (!cmd) {
        fprintf(stderr, "marsad: unknown command '%s' (see marsad --help)\n", name);
        return EXIT_USAGE;
    }
    if (cli_wants_help(argc - 1, argv + 1)) {
        cli_print_help(cmd);
        return EXIT_OK;
    }
    return cmd->run(&common, argc - 1, argv + 1);
}
