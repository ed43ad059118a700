/* marsad eval: score the clustering against a labelled stream. */
#include "cli.h"
#include "eval/eval.h"
#include "store/store.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char help_eval[] =
    "usage: marsad eval FILE [--keep-db PATH] [--against NAME] [--json]\n"
    "\n"
    "Runs a labelled stream through the engine, in time order, into a scratch\n"
    "database, and scores the events and the storylines it forms against the gold\n"
    "labels (storylines against the event labels when the data labels none),\n"
    "overall and per language where the data gives one. The clustering parameters\n"
    "are the shipped ones: nothing is tuned on the data being scored. Items that\n"
    "name no language and have little text (a headline) take the language detected\n"
    "over the whole stream.\n"
    "\n"
    "FILE is JSON lines (such as googlenews {\"text\", \"cluster\"} or News-T {\"Id\",\n"
    "\"clusterNo\", \"textCleaned\"}) or TSV with a header line (og2021's dev.tsv).\n"
    "Fields, by JSON key or TSV column name (first present wins):\n"
    "  label      event|cluster|clusterNo|cluster_id|label|story (required)\n"
    "  title      title|headline (without one, the text is the title)\n"
    "  text       body|content|text|textCleaned\n"
    "  storyline  storyline\n"
    "  language   lang|language\n"
    "  time       published_at|published|time|date: YYYY-MM-DD[ HH:MM[:SS]], or\n"
    "             unix seconds in JSON\n"
    "  id         id|Id|article_id\n"
    "\n"
    "Scores, each with precision, recall and F1:\n"
    "  pairwise   over pairs of items: together in the prediction and in the gold labels\n"
    "  B-cubed    per item: the share of its predicted cluster with its gold label, and\n"
    "             the share of its gold cluster predicted with it, averaged over items\n"
    "and NMI (normalised by the geometric mean of the entropies, as in the GSDMM and\n"
    "MStream papers) and ARI. Items the engine read as the same report as an earlier\n"
    "item share that article's event; items it skipped count as singletons.\n"
    "With languages: how many gold events span languages and how many of those the\n"
    "engine joined across languages.\n"
    "\n"
    "options:\n"
    "  --keep-db PATH  keep the scratch database at PATH (default: a temporary file,\n"
    "                  removed afterwards); --db is ignored: eval never touches it\n"
    "  --against NAME  do not run the engine: score the clusters another system gave,\n"
    "                  read from key or column NAME of FILE (og2021's er_event_uri,\n"
    "                  Event Registry's events), the same way; events only; items\n"
    "                  without a value there count as singletons\n"
    "  -q, --quiet     also leaves out the report of each skipped item\n"
    "  --json          one JSON object: {file, items, skipped, seen, copies, seconds,\n"
    "                  events: {GROUP: scores}, storylines_scored_against,\n"
    "                  storylines: {...}, cross_language}\n"
    "\n"
    "exit status: 0 scored; 1 some items were skipped; 2 usage; 3 the file or the\n"
    "scratch database could not be used.\n";

static void report_skip(void *ctx, size_t line, const char *why) {
    const char *file = ctx;
    fprintf(stderr, "marsad eval: %s:%zu: %s (skipped)\n", file, line, why);
}

static void show_progress(void *ctx, size_t done, size_t total) {
    (void)ctx;
    fprintf(stderr, "\r%zu/%zu items", done, total);
}

static void json_scores(mr_buf *b, const mr_scores *s) {
    mr_buf_printf(b,
                  "{\"items\":%zu,\"gold_clusters\":%zu,\"predicted_clusters\":%zu,"
                  "\"pair_precision\":%.4f,\"pair_recall\":%.4f,\"pair_f1\":%.4f,"
                  "\"bcubed_precision\":%.4f,\"bcubed_recall\":%.4f,\"bcubed_f1\":%.4f,"
                  "\"nmi\":%.4f,\"ari\":%.4f}",
                  s->items, s->gold_clusters, s->predicted_clusters, s->pair_precision,
                  s->pair_recall, s->pair_f1, s->bcubed_precision, s->bcubed_recall, s->bcubed_f1,
                  s->nmi, s->ari);
}

static void print_row(const char *level, const char *group, const mr_scores *s) {
    printf("%-10s %-6s %6zu %6zu %6zu  %.3f %.3f %.3f  %.3f %.3f %.3f  %.4f %.3f\n", level, group,
           s->items, s->gold_clusters, s->predicted_clusters, s->pair_precision, s->pair_recall,
           s->pair_f1, s->bcubed_precision, s->bcubed_recall, s->bcubed_f1, s->nmi, s->ari);
}

int cmd_eval(cli_common *c, int argc, char **argv) {
    const char *file = NULL, *keep = NULL, *against = NULL;
    bool operands_only = false; /* after --, even a name like an option is the file */
    bool missing = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (!operands_only && strcmp(a, "--") == 0) {
            operands_only = true;
        } else if (!operands_only &&
                   (v = cli_option_value("eval", argc, argv, &i, "--keep-db", &missing))) {
            keep = v;
        } else if (!operands_only &&
                   (v = cli_option_value("eval", argc, argv, &i, "--against", &missing))) {
            against = v;
        } else if (missing) {
            return EXIT_USAGE;
        } else if (!operands_only && a[0] == '-' && a[1]) {
            cli_error("eval", "unknown option '%s' (see marsad eval --help)", a);
            return EXIT_USAGE;
        } else if (!file) {
            file = a;
        } else {
            cli_error("eval", "one labelled file at a time (see marsad eval --help)");
            return EXIT_USAGE;
        }
    }
    if (!file) {
        cli_error("eval", "which labelled file? (see marsad eval --help)");
        return EXIT_USAGE;
    }
    if (against && keep) {
        cli_error("eval", "--against scores FILE's own column and builds no database: "
                          "--keep-db makes no sense with it");
        return EXIT_USAGE;
    }
    mr_labelled_stream s;
    mr_labels_init(&s);
    s.other_key = against;
    char *err = NULL;
    if (mr_labels_load(&s, file, c->quiet ? NULL : report_skip, (void *)file, &err) != 0) {
        cli_error("eval", "%s", err);
        free(err);
        mr_labels_free(&s);
        return EXIT_FAILURE_IO;
    }
    if (s.count == 0) {
        cli_error("eval", "%s: no labelled items", file);
        mr_labels_free(&s);
        return EXIT_FAILURE_IO;
    }
    if (against && !s.has_other) {
        cli_error("eval", "%s: no item has a value under '%s'", file, against);
        mr_labels_free(&s);
        return EXIT_FAILURE_IO;
    }
    mr_eval_report r;
    int rc = 0;
    if (against) {
        mr_eval_other(&s, &r);
    } else {
        char scratch[4096];
        if (keep) {
            snprintf(scratch, sizeof scratch, "%s", keep);
        } else {
            const char *tmp = getenv("TMPDIR");
            snprintf(scratch, sizeof scratch, "%s/marsad-eval-%ld.db", tmp && *tmp ? tmp : "/tmp",
                     (long)getpid());
        }
        rc = mr_eval_run(&s, scratch, c->progress ? show_progress : NULL, NULL, &r, &err);
        if (c->progress) fputc('\n', stderr);
        if (!keep) mr_store_remove(scratch);
    }
    if (rc != 0) {
        cli_error("eval", "%s", err ? err : "failed");
        free(err);
        mr_labels_free(&s);
        return EXIT_FAILURE_IO;
    }
    if (c->json) {
        mr_buf b = MR_BUF_INIT;
        mr_buf_puts(&b, "{\"file\":");
        mr_buf_json_str(&b, file);
        if (against) {
            mr_buf_printf(&b, ",\"items\":%zu,\"skipped\":%zu,\"against\":", r.items, s.skipped);
            mr_buf_json_str(&b, against);
            mr_buf_printf(&b, ",\"unlabelled\":%zu,\"events\":{", r.other_missing);
        } else {
            mr_buf_printf(&b,
                          ",\"items\":%zu,\"skipped\":%zu,\"seen\":%zu,\"copies\":%zu,"
                          "\"seconds\":%.3f,\"events\":{",
                          r.items, r.skipped + s.skipped, r.seen, r.copies, r.seconds);
        }
        for (size_t i = 0; i < r.ngroups; i++) {
            if (i) mr_buf_putc(&b, ',');
            mr_buf_json_str(&b, r.groups[i].name);
            mr_buf_putc(&b, ':');
            json_scores(&b, &r.groups[i].events);
        }
        mr_buf_putc(&b, '}');
        if (!r.events_only) {
            mr_buf_printf(&b, ",\"storylines_scored_against\":\"%s\",\"storylines\":{",
                          r.storylines_vs_events ? "events" : "storylines");
            for (size_t i = 0; i < r.ngroups; i++) {
                if (i) mr_buf_putc(&b, ',');
                mr_buf_json_str(&b, r.groups[i].name);
                mr_buf_putc(&b, ':');
                json_scores(&b, &r.groups[i].storylines);
            }
            mr_buf_putc(&b, '}');
        }
        if (r.ngroups > 2)
            mr_buf_printf(&b, ",\"cross_language\":{\"gold\":%zu,\"joined\":%zu}", r.cross_gold,
                          r.cross_joined);
        mr_buf_putc(&b, '}');
        puts(b.data);
        mr_buf_free(&b);
    } else {
        if (against)
            printf("%s: %zu items (%zu skipped), clustered as '%s' says (%zu without a value "
                   "there, each on its own)\n",
                   file, r.items, s.skipped, against, r.other_missing);
        else
            printf("%s: %zu items (%zu skipped, %zu read as an earlier report, %zu copies), "
                   "%.1f s, %.0f items/s\n",
                   file, r.items, r.skipped + s.skipped, r.seen, r.copies, r.seconds,
                   r.seconds > 0 ? (double)r.items / r.seconds : 0.0);
        printf("%-10s %-6s %6s %6s %6s  %-17s  %-17s  %-6s %s\n", "level", "group", "items", "gold",
               "pred", "pairwise P R F1", "B-cubed P R F1", "NMI", "ARI");
        for (size_t i = 0; i < r.ngroups; i++)
            print_row("events", r.groups[i].name, &r.groups[i].events);
        for (size_t i = 0; !r.events_only && i < r.ngroups; i++)
            print_row(r.storylines_vs_events ? "storylines*" : "storylines", r.groups[i].name,
                      &r.groups[i].storylines);
        if (r.storylines_vs_events && !r.events_only)
            puts("* the data labels no storylines: storylines scored against the event labels");
        if (r.ngroups > 2)
            printf("cross-language: %zu gold events span languages; %zu of them joined across "
                   "languages\n",
                   r.cross_gold, r.cross_joined);
    }
    int status = r.skipped + s.skipped ? EXIT_PARTIAL : EXIT_OK;
    mr_eval_report_free(&r);
    mr_labels_free(&s);
    return status;
}
