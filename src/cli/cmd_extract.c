/* marsad extract: run extraction on files and print the articles; no database. */
#include "cli.h"
#include "cli/article_view.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

const char help_extract[] =
    "usage: marsad extract [--explain] [--json] FILE...\n"
    "\n"
    "Extracts the article of each report in FILE (plain text, HTML, JSON lines, WARC,\n"
    "also .gz; - reads JSON lines from stdin) and prints it, without touching a\n"
    "database: title, outlet, author, publication date (each with where it was\n"
    "found), language, then the clean body.\n"
    "Useful to check what marsad makes of a site's pages before ingesting them.\n"
    "\n"
    "options:\n"
    "  --explain  also list every line or block dropped, with the reason\n"
    "  --json     one JSON object per report, one per line (JSON lines)\n"
    "\n"
    "exit status: 0 every report extracted; 1 some report was skipped or held no\n"
    "article; 2 usage.\n";

static void on_report(void *ctx, const char *origin, const char *reason, bool skipped) {
    (void)ctx;
    fprintf(stderr, "marsad extract: %s %s: %s\n", skipped ? "skipped" : "repaired", origin,
            reason);
}

int cmd_extract(cli_common *c, int argc, char **argv) {
    bool explain = false;
    const char **paths = calloc((size_t)argc, sizeof *paths);
    size_t npaths = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) { /* what follows is files, even if named like options */
            while (++i < argc) paths[npaths++] = argv[i];
            break;
        }
        if (strcmp(argv[i], "--explain") == 0) {
            explain = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            cli_error("extract", "unknown option '%s' (see marsad extract --help)", argv[i]);
            free(paths);
            return EXIT_USAGE;
        } else {
            paths[npaths++] = argv[i];
        }
    }
    if (!npaths) {
        cli_error("extract", "no FILE given (see marsad extract --help)");
        free(paths);
        return EXIT_USAGE;
    }
    marsad_reader_options ropt = {0};
    ropt.report = on_report;
    marsad_reader *r = marsad_reader_open(paths, npaths, &ropt);
    mr_arena arena;
    mr_arena_init(&arena, 256 * 1024);
    marsad_record rec;
    size_t failed = 0, count = 0;
    while (marsad_reader_next(r, &rec)) {
        mr_arena_reset(&arena);
        marsad_article a;
        const char *why = NULL;
        if (marsad_extract(&rec, NULL, &arena, &a, &why) != 0) {
            fprintf(stderr, "marsad extract: %s: no article: %s\n", rec.origin, why ? why : "?");
            failed++;
            continue;
        }
        if (!a.origin) a.origin = rec.origin;
        if (!a.lang && a.body)
            a.lang = marsad_detect_language(a.body, a.body_len < 4096 ? a.body_len : 4096);
        char published[32];
        article_view v;
        article_view_from_extracted(&v, &a, published);
        if (c->json) {
            mr_buf b = MR_BUF_INIT;
            article_view_json(&b, &v, explain);
            puts(b.data);
            mr_buf_free(&b);
        } else {
            if (count) fputs("\n────────\n\n", stdout);
            article_view_print(stdout, &v, explain);
        }
        count++;
    }
    marsad_reader_stats rs;
    marsad_reader_stats_get(r, &rs);
    marsad_reader_close(r);
    mr_arena_free(&arena);
    free(paths);
    return failed || rs.skipped ? EXIT_PARTIAL : EXIT_OK;
}
