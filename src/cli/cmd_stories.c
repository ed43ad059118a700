/* marsad stories: list storylines, most recently active first. */
#include "cli.h"
#include "cluster/stories.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

const char help_stories[] =
    "usage: marsad stories [--limit N] [--json]\n"
    "\n"
    "Lists storylines, most recently active first. A storyline is a chain of events\n"
    "(reports of one happening, days apart at most) linked over weeks or months by\n"
    "their actors, places and terms. For each: id, number of articles, events and\n"
    "outlets, first and last time (UTC; '~' marks times when articles were read,\n"
    "not published), and a headline (the title of its largest event that the event's\n"
    "other titles share most words with).\n"
    "\n"
    "options:\n"
    "  --limit N   at most N storylines (default 50; 0 for all)\n"
    "  --json      a JSON array of {id, headline, articles, events, outlets, first,\n"
    "              last, time_known} (times in unix seconds)\n"
    "\n"
    "See a storyline's events and articles with: marsad story ID\n"
    "\n"
    "exit status: 0 listed (possibly nothing); 2 usage; 3 database error.\n";

int cmd_stories(cli_common *c, int argc, char **argv) {
    long long limit = 50;
    bool missing = false;
    for (int i = 1; i < argc; i++) {
        const char *v = cli_option_value("stories", argc, argv, &i, "--limit", &missing);
        if (missing) return EXIT_USAGE;
        if (v) {
            char *end;
            limit = strtoll(v, &end, 10);
            if (end == v || *end || limit < 0) {
                cli_error("stories", "--limit needs a number (see marsad stories --help)");
                return EXIT_USAGE;
            }
        } else {
            cli_error("stories", "unexpected argument '%s' (see marsad stories --help)", argv[i]);
            return EXIT_USAGE;
        }
    }
    marsad_engine *e = cli_open_engine(c);
    if (!e) return EXIT_FAILURE_IO;
    mr_arena arena;
    mr_arena_init(&arena, 64 * 1024);
    mr_story_summary *items = NULL;
    char *err = NULL;
    long n = mr_stories_list(e, (size_t)limit, &arena, &items, &err);
    if (n < 0) {
        cli_error("stories", "%s", err ? err : "database error");
        free(err);
        mr_arena_free(&arena);
        marsad_close(e);
        return EXIT_FAILURE_IO;
    }
    mr_buf b = MR_BUF_INIT;
    if (c->json) {
        mr_buf_putc(&b, '[');
        for (long i = 0; i < n; i++) {
            const mr_story_summary *s = &items[i];
            if (i) mr_buf_putc(&b, ',');
            mr_buf_printf(&b, "{\"id\":%lld,\"headline\":", (long long)s->id);
            mr_buf_json_str(&b, s->headline);
            mr_buf_printf(
                &b,
                ",\"articles\":%lld,\"events\":%lld,\"outlets\":%lld,\"first\":%lld,\"last\":%lld,"
                "\"time_known\":%s}",
                (long long)s->articles, (long long)s->events, (long long)s->outlets,
                (long long)s->first, (long long)s->last, s->time_known ? "true" : "false");
        }
        mr_buf_putc(&b, ']');
        puts(b.data);
    } else {
        if (n > 0)
            printf("%6s  %8s  %6s  %7s  %-17s %-17s %s\n", "ID", "ARTICLES", "EVENTS", "OUTLETS",
                   "FIRST", "LAST", "HEADLINE");
        for (long i = 0; i < n; i++) {
            const mr_story_summary *s = &items[i];
            char first[32], last[32];
            mr_story_time(s->first, first);
            mr_story_time(s->last, last);
            const char *mark = s->time_known ? " " : "~";
            printf("%6lld  %8lld  %6lld  %7lld  %s%-16s %s%-16s %s\n", (long long)s->id,
                   (long long)s->articles, (long long)s->events, (long long)s->outlets, mark, first,
                   mark, last, *s->headline ? s->headline : "(no title)");
        }
        if (n == 0 && !c->quiet)
            fputs("no stories yet (marsad ingest PATH adds articles)\n", stderr);
    }
    mr_buf_free(&b);
    mr_arena_free(&arena);
    marsad_close(e);
    return EXIT_OK;
}
