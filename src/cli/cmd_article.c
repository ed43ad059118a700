/* marsad article ID: one stored article with its metadata, and what extraction dropped. */
#include "cli.h"
#include "cli/article_view.h"
#include "engine.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

const char help_article[] =
    "usage: marsad article ID [--explain] [--raw] [--json]\n"
    "\n"
    "Shows one stored article: title, outlet (and how it was found), author,\n"
    "publication date (and where it was read), language, source, then the clean body.\n"
    "\n"
    "options:\n"
    "  --explain  also list every line or block extraction dropped, with the reason\n"
    "  --raw      print the report exactly as it was read instead\n"
    "  --json     one JSON object: the metadata, paragraphs (array), body, and with\n"
    "             --explain a dropped array of {line, reason, text}\n"
    "\n"
    "exit status: 0 shown; 1 no such article; 2 usage; 3 database error.\n";

int cmd_article(cli_common *c, int argc, char **argv) {
    bool explain = false, raw = false;
    const char *id_arg = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--explain") == 0) {
            explain = true;
        } else if (strcmp(argv[i], "--raw") == 0) {
            raw = true;
        } else if (argv[i][0] == '-') {
            cli_error("article", "unknown option '%s' (see marsad article --help)", argv[i]);
            return EXIT_USAGE;
        } else if (!id_arg) {
            id_arg = argv[i];
        } else {
            cli_error("article", "one ID at a time");
            return EXIT_USAGE;
        }
    }
    char *end = NULL;
    long long id = id_arg ? strtoll(id_arg, &end, 10) : 0;
    if (!id_arg || *end || id <= 0) {
        cli_error("article", "needs an article ID (a positive number; see marsad articles)");
        return EXIT_USAGE;
    }
    marsad_engine *e = cli_open_engine(c);
    if (!e) return EXIT_FAILURE_IO;
    int status = EXIT_OK;
    if (raw) {
        size_t len = 0;
        char *data = mr_store_get_raw(e->db, id, &len);
        if (!data) {
            cli_error("article", "no raw input stored for article %lld", id);
            status = EXIT_PARTIAL;
        } else {
            fwrite(data, 1, len, stdout);
            free(data);
        }
        marsad_close(e);
        return status;
    }
    mr_stored_article a;
    char *err = NULL;
    int rc = mr_store_get_article(e->db, id, true, &a, &err);
    if (rc < 0) {
        cli_error("article", "%s", err);
        free(err);
        status = EXIT_FAILURE_IO;
    } else if (rc == 0) {
        cli_error("article", "no article %lld in %s", id, c->db_path);
        status = EXIT_PARTIAL;
    } else {
        article_view v;
        article_view_from_stored(&v, &a);
        if (c->json) {
            mr_buf b = MR_BUF_INIT;
            article_view_json(&b, &v, explain);
            puts(b.data);
            mr_buf_free(&b);
        } else {
            article_view_print(stdout, &v, explain);
        }
        mr_stored_article_free(&a);
    }
    marsad_close(e);
    return status;
}
