/* marsad ingest: read reports from paths, store and cluster them, say what was skipped. */
#include "cli.h"
#include "util/buf.h"
#include "util/mem.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char help_ingest[] =
    "usage: marsad ingest [OPTIONS] PATH...\n"
    "\n"
    "Reads news reports, extracts each article (title, body, outlet, author, date),\n"
    "normalizes its text, stores it and places it in an event and a storyline.\n"
    "Re-ingesting the same report adds nothing.\n"
    "\n"
    "PATH is a file or a directory (walked recursively, in name order; files whose\n"
    "names do not look like reports, such as .md or .tsv, are ignored there; a file\n"
    "named on the command line is always read, as text if its name says nothing).\n"
    "By name:\n"
    "  *.txt, *.text, no extension\n"
    "                             one plain-text report a file, site clutter and all\n"
    "                             (read as HTML when it starts like a page)\n"
    "  *.html, *.htm, *.xhtml, *.shtml, *.php, *.asp, *.aspx\n"
    "                             one HTML page a file (charset from BOM/meta/guess)\n"
    "  *.jsonl, *.ndjson, *.json  JSON lines, one report a line; - reads them from stdin\n"
    "  *.warc                     WARC response and resource records holding HTML\n"
    "                             or plain text (also without the extension)\n"
    "  any of these + .gz         read transparently\n"
    "JSON-lines fields recognised (first present wins): url|link|uri;\n"
    "source|outlet|site|publisher; title|headline; author|byline;\n"
    "date|published|published_at|date_extracted|pubdate;\n"
    "text|content|body|article|textCleaned; html|raw_html (a page to extract instead\n"
    "of text).\n"
    "\n"
    "options:\n"
    "  --field NAME=KEYS   map JSON keys to a field, e.g. --field text=story|summary\n"
    "                      (NAME: url outlet date title author text html)\n"
    "  --max-size SIZE     largest record accepted (default 16M; K, M, G suffixes);\n"
    "                      larger files, lines and WARC records are reported and\n"
    "                      skipped\n"
    "  --reject-invalid-utf8  skip records with invalid UTF-8 instead of repairing\n"
    "                      them (invalid bytes become U+FFFD, and that is reported)\n"
    "  --no-stories        store articles without placing them in stories (about\n"
    "                      three times as fast for a backlog); `marsad cluster`\n"
    "                      places them later, in time order\n"
    "  --reorder N         hold up to N new articles back and place them in stories\n"
    "                      oldest first by publication time (default 2000; 0 places\n"
    "                      each at once): reports read out of time order, such as a\n"
    "                      directory read outlet by outlet, still meet their events\n"
    "  -v, --verbose       one line per record: status and article id; then one line\n"
    "                      per article placed (those stored earlier too): event,\n"
    "                      storyline, copy of\n"
    "  --json              print the summary as one JSON object on stdout\n"
    "  -q, --quiet         no progress or summary on stderr (problems are still\n"
    "                      reported)\n"
    "  --db PATH           database file (default $MARSAD_DB, else ./marsad.db)\n"
    "\n"
    "Skipped and repaired inputs are reported on stderr as\n"
    "  marsad ingest: skipped PATH[:LINE|#RECORD]: REASON\n"
    "('repaired' instead of 'skipped' for a record kept after repair).\n"
    "Writes are committed every 2,000 records or 2 seconds: killing the process loses\n"
    "at most the last batch, never what was committed. Ctrl-C stops cleanly. Articles\n"
    "stored but not yet in a story (a run killed while they waited in the reorder\n"
    "window, or one with --no-stories) are placed first, oldest first, by the next\n"
    "ingest without --no-stories, or by `marsad cluster`.\n"
    "\n"
    "exit status: 0 all read; 1 something was skipped; 2 usage; 3 database error;\n"
    "130 interrupted (what was read is committed).\n";

static volatile sig_atomic_t interrupted;

static void on_pending_progress(void *ctx, size_t done, size_t total) {
    const cli_common *c = ctx;
    if (c->progress)
        fprintf(stderr, "\r\033[Kingest: %zu of %zu articles stored earlier placed", done, total);
}

static void on_signal(int sig) {
    (void)sig;
    interrupted = 1;
}

/* Reorder window of the CLI's ingest: 2,000 articles wait at most (about
 * 40 MB of features), which covers a directory of a few outlets' reports. */
#define DEFAULT_REORDER 2000

typedef struct ingest_state {
    const cli_common *common;
    size_t reported_skips;
    size_t duplicates;
    bool verbose;
} ingest_state;

static void on_placed(void *ctx, const marsad_placement *p) {
    ingest_state *s = ctx;
    if (p->duplicate_of) s->duplicates++;
    if (!s->verbose) return;
    fprintf(stderr, "placed  article %lld → event %lld, storyline %lld", (long long)p->article_id,
            (long long)p->event_id, (long long)p->storyline_id);
    if (p->duplicate_of) fprintf(stderr, ", copy of %lld", (long long)p->duplicate_of);
    fputc('\n', stderr);
}

static void on_report(void *ctx, const char *origin, const char *reason, bool skipped) {
    ingest_state *s = ctx;
    if (skipped) s->reported_skips++;
    fprintf(stderr, "marsad ingest: %s %s: %s\n", skipped ? "skipped" : "repaired", origin, reason);
}

/* "16M" → bytes; 0 on error. */
static size_t parse_size(const char *s) {
    char *end;
    double v = strtod(s, &end);
    if (end == s || v <= 0) return 0;
    switch (*end) {
    case 'k':
    case 'K':
        v *= 1024;
        end++;
        break;
    case 'm':
    case 'M':
        v *= 1024 * 1024;
        end++;
        break;
    case 'g':
    case 'G':
        v *= 1024.0 * 1024 * 1024;
        end++;
        break;
    default:
        break;
    }
    if (*end == 'B' || *end == 'b') end++;
    if (*end) return 0;
    return (size_t)v;
}

static int set_field(marsad_field_map *m, const char *spec) {
    const char *eq = strchr(spec, '=');
    if (!eq || !eq[1]) return -1;
    size_t n = (size_t)(eq - spec);
    const char *keys = eq + 1;
    struct {
        const char *name;
        const char **slot;
    } slots[] = {{"url", &m->url},     {"outlet", &m->outlet}, {"date", &m->date},
                 {"title", &m->title}, {"author", &m->author}, {"text", &m->text},
                 {"html", &m->html}};
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        if (strlen(slots[i].name) == n && strncmp(slots[i].name, spec, n) == 0) {
            *slots[i].slot = keys;
            return 0;
        }
    }
    return -1;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_ingest(cli_common *c, int argc, char **argv) {
    marsad_reader_options ropt = {0};
    bool verbose = false, no_stories = false;
    size_t reorder = DEFAULT_REORDER;
    const char **paths = calloc((size_t)argc, sizeof *paths);
    size_t npaths = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) { /* what follows is paths, even if named like options */
            while (++i < argc) paths[npaths++] = argv[i];
            break;
        }
        if (strcmp(a, "--field") == 0 || strncmp(a, "--field=", 8) == 0) {
            const char *v = a[7] == '=' ? a + 8 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || set_field(&ropt.fields, v) != 0) {
                cli_error("ingest",
                          "--field needs NAME=KEYS with NAME one of url outlet date title "
                          "author text html");
                free(paths);
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--max-size") == 0 || strncmp(a, "--max-size=", 11) == 0) {
            const char *v = a[10] == '=' ? a + 11 : (i + 1 < argc ? argv[++i] : NULL);
            ropt.max_record_bytes = v ? parse_size(v) : 0;
            if (!ropt.max_record_bytes) {
                cli_error("ingest", "--max-size needs a size such as 16M");
                free(paths);
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--reject-invalid-utf8") == 0) {
            ropt.reject_invalid_utf8 = true;
        } else if (strcmp(a, "--reorder") == 0 || strncmp(a, "--reorder=", 10) == 0) {
            const char *v = a[9] == '=' ? a + 10 : (i + 1 < argc ? argv[++i] : NULL);
            char *end = NULL;
            long n = v ? strtol(v, &end, 10) : -1;
            if (!v || *end || n < 0 || n > 1000000) {
                cli_error("ingest", "--reorder needs a number of articles from 0 to 1000000");
                free(paths);
                return EXIT_USAGE;
            }
            reorder = (size_t)n;
        } else if (strcmp(a, "--no-stories") == 0) {
            no_stories = true;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            verbose = true;
        } else if (a[0] == '-' && a[1] != 0) {
            cli_error("ingest", "unknown option '%s' (see marsad ingest --help)", a);
            free(paths);
            return EXIT_USAGE;
        } else {
            paths[npaths++] = a;
        }
    }
    if (npaths == 0) {
        cli_error("ingest", "no PATH given (see marsad ingest --help)");
        free(paths);
        return EXIT_USAGE;
    }
    mr_heap_huge_pages();
    marsad_engine *e = cli_open_engine(c);
    if (!e) {
        free(paths);
        return EXIT_FAILURE_IO;
    }
    if (no_stories) marsad_set_stories(e, false);
    /* Articles an earlier run stored but never placed (it was killed with
     * articles in the reorder window, or it ran with --no-stories) go first,
     * oldest first, so that the stories are whole when this run ends. */
    ingest_state st = {c, 0, 0, verbose};
    long placed_earlier = 0;
    marsad_on_placed(e, on_placed, &st);
    if (!no_stories) {
        char *err = NULL;
        /* As in the main loop, -v lines replace the progress line. */
        placed_earlier = marsad_place_pending(e, verbose ? NULL : on_pending_progress, c, &err);
        if (c->progress && !verbose) fputs("\r\033[K", stderr);
        if (placed_earlier < 0) {
            cli_error("ingest", "placing articles stored earlier: %s", err ? err : "failed");
            free(err);
            marsad_close(e);
            free(paths);
            return EXIT_FAILURE_IO;
        }
        if (placed_earlier > 0 && !c->quiet)
            fprintf(stderr, "ingest: placed %ld articles stored earlier but not yet in a story\n",
                    placed_earlier);
        /* The summary's copies are among this run's records only. */
        st.duplicates = 0;
    }
    marsad_set_reorder_window(e, reorder);
    ropt.report = on_report;
    ropt.report_ctx = &st;
    marsad_reader *r = marsad_reader_open(paths, npaths, &ropt);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);

    size_t added = 0, seen = 0, skipped = 0, errors = 0;
    double start = now_seconds(), last_progress = start;
    marsad_record rec;
    marsad_ingest_result res;
    int status = EXIT_OK;
    while (!interrupted && marsad_reader_next(r, &rec)) {
        mr_heap_huge_pages();
        marsad_ingest(e, &rec, &res);
        switch (res.status) {
        case MARSAD_INGEST_ADDED:
            added++; /* its copy mark, if any, comes with its placement (on_placed) */
            break;
        case MARSAD_INGEST_SEEN:
            seen++;
            break;
        case MARSAD_INGEST_SKIPPED:
            skipped++;
            fprintf(stderr, "marsad ingest: skipped %s: %s\n", rec.origin, res.why);
            break;
        case MARSAD_INGEST_ERROR:
            errors++;
            fprintf(stderr, "marsad ingest: %s: %s\n", rec.origin, res.why);
            break;
        }
        if (verbose) {
            static const char *const names[] = {"added", "seen", "skipped", "error"};
            fprintf(stderr, "%-7s %s", names[res.status], rec.origin);
            if (res.article_id) fprintf(stderr, " → article %lld", (long long)res.article_id);
            fputc('\n',
                  stderr); /* its story: the "placed" line, now or when it leaves the window */
        }
        if (errors) break; /* the database is failing: stop rather than report every record */
        if (c->progress && !verbose) {
            double t = now_seconds();
            if (t - last_progress >= 0.5) {
                last_progress = t;
                marsad_reader_stats rs;
                marsad_reader_stats_get(r, &rs);
                fprintf(stderr,
                        "\r\033[Kingest: %zu records, %zu added, %zu seen, %zu skipped, %.0f/s",
                        rs.records, added, seen, skipped + rs.skipped,
                        (double)rs.records / (t - start));
            }
        }
    }
    char *err = NULL;
    if (marsad_ingest_flush(e, &err) != 0) {
        fprintf(stderr, "marsad ingest: commit failed: %s\n", err ? err : "?");
        free(err);
        errors++;
    }
    double secs = now_seconds() - start;
    marsad_reader_stats rs;
    marsad_reader_stats_get(r, &rs);
    if (c->progress && !verbose) fputs("\r\033[K", stderr);
    size_t all_skipped = skipped + rs.skipped;
    double rate = secs > 0 ? (double)rs.records / secs : 0;
    if (c->json) {
        mr_buf b = MR_BUF_INIT;
        mr_buf_printf(&b,
                      "{\"records\":%zu,\"added\":%zu,\"seen\":%zu,\"skipped\":%zu,"
                      "\"skipped_unreadable\":%zu,\"skipped_no_article\":%zu,\"repaired\":%zu,"
                      "\"duplicates\":%zu,\"files\":%zu,\"ignored_files\":%zu,\"bytes\":%llu,"
                      "\"errors\":%zu,\"seconds\":%.3f,\"records_per_second\":%.1f,"
                      "\"placed_earlier\":%ld,\"interrupted\":%s}",
                      rs.records, added, seen, all_skipped, rs.skipped, skipped, rs.repaired,
                      st.duplicates, rs.files, rs.ignored, (unsigned long long)rs.bytes, errors,
                      secs, rate, placed_earlier, interrupted ? "true" : "false");
        puts(b.data);
        mr_buf_free(&b);
    }
    if (!c->quiet) {
        fprintf(
            stderr,
            "ingest: %zu records read from %zu files in %.2f s (%.0f/s): %zu added, %zu already "
            "stored, %zu skipped",
            rs.records, rs.files, secs, rate, added, seen, all_skipped);
        if (rs.repaired) fprintf(stderr, ", %zu repaired", rs.repaired);
        if (st.duplicates) fprintf(stderr, ", %zu copies of earlier reports", st.duplicates);
        if (rs.ignored) fprintf(stderr, " (%zu files that are not reports ignored)", rs.ignored);
        fputc('\n', stderr);
    }
    marsad_reader_close(r);
    marsad_close(e);
    free(paths);
    if (errors)
        status = EXIT_FAILURE_IO;
    else if (interrupted)
        status = 130;
    else if (all_skipped)
        status = EXIT_PARTIAL;
    return status;
}
