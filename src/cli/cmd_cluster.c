/* marsad cluster: place stored articles that are in no story yet, oldest first. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

const char help_cluster[] =
    "usage: marsad cluster [--json]\n"
    "\n"
    "Places every stored article that is not in a story yet in an event and a\n"
    "storyline, in order of the articles' times (publication time where known).\n"
    "Needed only after `marsad ingest --no-stories`, the fast way to load a backlog:\n"
    "store first, then place everything in time order (the next ingest without\n"
    "--no-stories would also place them, before its own). Safe to interrupt and re-run.\n"
    "\n"
    "options:\n"
    "  --json   print {\"placed\": N, \"seconds\": S} on stdout\n"
    "\n"
    "exit status: 0 done; 2 usage; 3 database error.\n";

static void on_progress(void *ctx, size_t done, size_t total) {
    const cli_common *c = ctx;
    if (c->progress) fprintf(stderr, "\r\033[Kcluster: %zu of %zu articles placed", done, total);
}

int cmd_cluster(cli_common *c, int argc, char **argv) {
    if (argc > 1) {
        cli_error("cluster", "unexpected argument '%s' (see marsad cluster --help)", argv[1]);
        return EXIT_USAGE;
    }
    marsad_engine *e = cli_open_engine(c);
    if (!e) return EXIT_FAILURE_IO;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char *err = NULL;
    long placed = marsad_place_pending(e, on_progress, c, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (c->progress) fputs("\r\033[K", stderr);
    int status = EXIT_OK;
    if (placed < 0) {
        cli_error("cluster", "%s", err ? err : "failed");
        free(err);
        status = EXIT_FAILURE_IO;
    } else {
        if (c->json) printf("{\"placed\":%ld,\"seconds\":%.3f}\n", placed, secs);
        if (!c->quiet)
            fprintf(stderr, "cluster: %ld articles placed in %.2f s%s\n", placed, secs,
                    placed == 0 ? " (every stored article is already in a story)" : "");
    }
    marsad_close(e);
    return status;
}
