/* marsad story ID: one storyline as a timeline of its events. */
#include "cli.h"
#include "cluster/stories.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

const char help_story[] =
    "usage: marsad story ID [--json]\n"
    "\n"
    "Shows storyline ID (from marsad stories) as a timeline: its events in time\n"
    "order, each with its articles in time order: time (UTC; '~' marks the time an\n"
    "article was read, when it gave no publication time), outlet, title, and\n"
    "'[copy of #N]' when the article reprints article N (wire copy) - it stays as its\n"
    "own source. An id that was merged into another storyline shows that one.\n"
    "\n"
    "options:\n"
    "  --json   {id, headline, articles, outlets, first, last, time_known,\n"
    "           events: [{id, first, last, time_known, outlets, article_ids,\n"
    "           articles: [{id, outlet, title, time, time_known, duplicate_of}]}]}\n"
    "           (times in unix seconds; duplicate_of null when not a copy)\n"
    "\n"
    "exit status: 0 shown; 1 no such storyline; 2 usage; 3 database error.\n";

static void print_json(const mr_story_detail *d) {
    mr_buf b = MR_BUF_INIT;
    const mr_story_summary *s = &d->summary;
    mr_buf_printf(&b, "{\"id\":%lld,\"headline\":", (long long)s->id);
    mr_buf_json_str(&b, s->headline);
    mr_buf_printf(&b,
                  ",\"articles\":%lld,\"outlets\":%lld,\"first\":%lld,\"last\":%lld,\"time_known\":"
                  "%s,\"events\":[",
                  (long long)s->articles, (long long)s->outlets, (long long)s->first,
                  (long long)s->last, s->time_known ? "true" : "false");
    for (size_t i = 0; i < d->nevents; i++) {
        const mr_story_event *ev = &d->events[i];
        if (i) mr_buf_putc(&b, ',');
        mr_buf_printf(&b,
                      "{\"id\":%lld,\"first\":%lld,\"last\":%lld,\"time_known\":%s,\"outlets\":%"
                      "lld,\"article_ids\":[",
                      (long long)ev->id, (long long)ev->first, (long long)ev->last,
                      ev->time_known ? "true" : "false", (long long)ev->outlets);
        for (size_t j = 0; j < ev->narticles; j++)
            mr_buf_printf(&b, "%s%lld", j ? "," : "", (long long)ev->articles[j].id);
        mr_buf_puts(&b, "],\"articles\":[");
        for (size_t j = 0; j < ev->narticles; j++) {
            const mr_story_article *a = &ev->articles[j];
            if (j) mr_buf_putc(&b, ',');
            mr_buf_printf(&b, "{\"id\":%lld,\"outlet\":", (long long)a->id);
            mr_buf_json_str(&b, a->outlet);
            mr_buf_puts(&b, ",\"title\":");
            mr_buf_json_str(&b, a->title);
            mr_buf_printf(&b,
                          ",\"time\":%lld,\"time_known\":%s,\"duplicate_of\":", (long long)a->time,
                          a->time_known ? "true" : "false");
            if (a->duplicate_of)
                mr_buf_printf(&b, "%lld}", (long long)a->duplicate_of);
            else
                mr_buf_puts(&b, "null}");
        }
        mr_buf_puts(&b, "]}");
    }
    mr_buf_puts(&b, "]}");
    puts(b.data);
    mr_buf_free(&b);
}

/* The outlet column is as wide as the widest outlet, between these bounds:
 * Arabic outlets' names run long ("شبكة الميزان الإخبارية"), and past the
 * column a name is cut rather than pushing its title out of line. */
#define OUTLET_COLUMNS_MIN 8
#define OUTLET_COLUMNS_MAX 28

static const char *outlet_or_dash(const mr_story_article *a) {
    return a->outlet && *a->outlet ? a->outlet : "-";
}

static int outlet_columns(const mr_story_detail *d) {
    int width = OUTLET_COLUMNS_MIN;
    for (size_t i = 0; i < d->nevents; i++)
        for (size_t j = 0; j < d->events[i].narticles; j++) {
            int w = cli_columns(outlet_or_dash(&d->events[i].articles[j]));
            if (w > width) width = w;
        }
    return width < OUTLET_COLUMNS_MAX ? width : OUTLET_COLUMNS_MAX;
}

static void print_text(const mr_story_detail *d) {
    const mr_story_summary *s = &d->summary;
    int outlet_width = outlet_columns(d);
    char first[32], last[32];
    const char *mark = s->time_known ? "" : "~";
    printf("storyline %lld: %s\n", (long long)s->id, *s->headline ? s->headline : "(no title)");
    printf("%lld articles, %zu events, %lld outlets, %s%s .. %s%s\n", (long long)s->articles,
           d->nevents, (long long)s->outlets, mark, mr_story_time(s->first, first), mark,
           mr_story_time(s->last, last));
    for (size_t i = 0; i < d->nevents; i++) {
        const mr_story_event *ev = &d->events[i];
        const char *em = ev->time_known ? "" : "~";
        printf("\nevent %lld  %s%s .. %s%s  (%zu articles, %lld outlets)\n", (long long)ev->id, em,
               mr_story_time(ev->first, first), em, mr_story_time(ev->last, last), ev->narticles,
               (long long)ev->outlets);
        for (size_t j = 0; j < ev->narticles; j++) {
            const mr_story_article *a = &ev->articles[j];
            char when[32];
            printf("  %s%-16s  #%-6lld ", a->time_known ? " " : "~", mr_story_time(a->time, when),
                   (long long)a->id);
            cli_print_padded(stdout, outlet_or_dash(a), outlet_width);
            printf(" %s", *a->title ? a->title : "(no title)");
            if (a->duplicate_of) printf("  [copy of #%lld]", (long long)a->duplicate_of);
            putchar('\n');
        }
    }
}

int cmd_story(cli_common *c, int argc, char **argv) {
    long long id = 0;
    for (int i = 1; i < argc; i++) {
        char *end;
        long long v = strtoll(argv[i], &end, 10);
        if (end != argv[i] && !*end && v > 0 && !id) {
            id = v;
        } else {
            cli_error("story", "unexpected argument '%s' (see marsad story --help)", argv[i]);
            return EXIT_USAGE;
        }
    }
    if (!id) {
        cli_error("story", "which storyline? give its id (see marsad stories)");
        return EXIT_USAGE;
    }
    marsad_engine *e = cli_open_engine(c);
    if (!e) return EXIT_FAILURE_IO;
    mr_arena arena;
    mr_arena_init(&arena, 64 * 1024);
    mr_story_detail d;
    char *err = NULL;
    int rc = mr_story_get(e, id, &arena, &d, &err);
    int status = EXIT_OK;
    if (rc < 0) {
        cli_error("story", "%s", err ? err : "database error");
        free(err);
        status = EXIT_FAILURE_IO;
    } else if (rc == 0) {
        cli_error("story", "no storyline %lld (see marsad stories)", id);
        status = EXIT_PARTIAL;
    } else if (c->json) {
        print_json(&d);
    } else {
        print_text(&d);
    }
    mr_arena_free(&arena);
    marsad_close(e);
    return status;
}
