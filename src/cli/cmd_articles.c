/* marsad articles: list stored articles, newest first. */
#include "cli.h"
#include "engine.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

const char help_articles[] =
    "usage: marsad articles [--limit N] [--offset N] [--outlet NAME] [--lang CODE] [--json]\n"
    "\n"
    "Lists stored articles, most recent first (by publication time where known, else the\n"
    "time they were read): id, date, language, outlet, title.\n"
    "\n"
    "options:\n"
    "  --limit N      at most N articles (default 50; 0 for all)\n"
    "  --offset N     skip the first N\n"
    "  --outlet NAME  only this outlet (exact name as listed)\n"
    "  --lang CODE    only this language (ar, en, ...)\n"
    "  --json         a JSON array of {id, title, outlet, published, lang, paragraphs,\n"
    "                 url, origin, time}\n"
    "\n"
    "exit status: 0 listed (possibly nothing); 2 usage; 3 database error.\n";

static bool parse_count(const char *s, long long *out) {
    char *end;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || v < 0) return false;
    *out = v;
    return true;
}

int cmd_articles(cli_common *c, int argc, char **argv) {
    long long limit = 50, offset = 0;
    const char *outlet = NULL, *lang = NULL;
    bool missing = false;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if ((v = cli_option_value("articles", argc, argv, &i, "--limit", &missing))) {
            if (!parse_count(v, &limit)) goto usage;
        } else if ((v = cli_option_value("articles", argc, argv, &i, "--offset", &missing))) {
            if (!parse_count(v, &offset)) goto usage;
        } else if ((v = cli_option_value("articles", argc, argv, &i, "--outlet", &missing))) {
            outlet = v;
        } else if ((v = cli_option_value("articles", argc, argv, &i, "--lang", &missing))) {
            lang = v;
        } else if (missing) {
            return EXIT_USAGE;
        } else {
            cli_error("articles", "unexpected argument '%s' (see marsad articles --help)", argv[i]);
            return EXIT_USAGE;
        }
    }
    marsad_engine *e = cli_open_engine(c);
    if (!e) return EXIT_FAILURE_IO;
    const char *sql =
        "SELECT id, published, lang, outlet, title, paragraphs, url, origin, time "
        "FROM articles WHERE (?1 IS NULL OR outlet = ?1) AND (?2 IS NULL OR lang = ?2) "
        "ORDER BY time DESC, id DESC LIMIT ?3 OFFSET ?4";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(e->db, sql, -1, &st, NULL) != SQLITE_OK) {
        cli_error("articles", "%s", sqlite3_errmsg(e->db));
        marsad_close(e);
        return EXIT_FAILURE_IO;
    }
    if (outlet) sqlite3_bind_text(st, 1, outlet, -1, SQLITE_STATIC);
    if (lang) sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, limit ? limit : -1);
    sqlite3_bind_int64(st, 4, offset);
    mr_buf b = MR_BUF_INIT;
    if (c->json) mr_buf_putc(&b, '[');
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *published = (const char *)sqlite3_column_text(st, 1);
        const char *lng = (const char *)sqlite3_column_text(st, 2);
        const char *out = (const char *)sqlite3_column_text(st, 3);
        const char *title = (const char *)sqlite3_column_text(st, 4);
        if (c->json) {
            if (n) mr_buf_putc(&b, ',');
            mr_buf_printf(&b, "{\"id\":%lld,\"title\":", (long long)sqlite3_column_int64(st, 0));
            mr_buf_json_str(&b, title);
            mr_buf_puts(&b, ",\"outlet\":");
            mr_buf_json_str(&b, out);
            mr_buf_puts(&b, ",\"published\":");
            mr_buf_json_str(&b, published);
            mr_buf_puts(&b, ",\"lang\":");
            mr_buf_json_str(&b, lng);
            mr_buf_printf(&b, ",\"paragraphs\":%d,\"url\":", sqlite3_column_int(st, 5));
            mr_buf_json_str(&b, (const char *)sqlite3_column_text(st, 6));
            mr_buf_puts(&b, ",\"origin\":");
            mr_buf_json_str(&b, (const char *)sqlite3_column_text(st, 7));
            mr_buf_printf(&b, ",\"time\":%lld}", (long long)sqlite3_column_int64(st, 8));
        } else {
            if (n == 0)
                printf("%6s  %-22s  %-4s  %-20s  %s\n", "ID", "PUBLISHED", "LANG", "OUTLET",
                       "TITLE");
            printf("%6lld  %-22s  %-4s  ", (long long)sqlite3_column_int64(st, 0),
                   published && *published ? published : "-", lng ? lng : "-");
            cli_print_padded(stdout, out && *out ? out : "-", 20);
            printf("  %s\n", title && *title ? title : "(no title)");
        }
        n++;
    }
    int status = EXIT_OK;
    if (rc != SQLITE_DONE) {
        cli_error("articles", "%s", sqlite3_errmsg(e->db));
        status = EXIT_FAILURE_IO;
    }
    if (c->json) {
        mr_buf_putc(&b, ']');
        puts(b.data);
    } else if (n == 0 && !c->quiet) {
        fprintf(stderr, "no articles%s (marsad ingest PATH adds some)\n",
                outlet || lang ? " match" : " yet");
    }
    mr_buf_free(&b);
    sqlite3_finalize(st);
    marsad_close(e);
    return status;
usage:
    cli_error("articles", "--limit and --offset need a number (see marsad articles --help)");
    return EXIT_USAGE;
}
