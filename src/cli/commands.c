/* The command table: names, one-line summaries and full help texts. */
#include "cli.h"

const cli_command cli_commands[] = {
    {"ingest", "read reports (text, HTML, WARC, JSON lines), extract, store and cluster them", cmd_ingest,
     "usage: marsad ingest [OPTIONS] PATH...\n"},
    {"articles", "list stored articles", cmd_articles, "usage: marsad articles [OPTIONS]\n"},
    {"article", "show one article (--explain: what extraction dropped and why)", cmd_article,
     "usage: marsad article ID [--explain]\n"},
    {"extract", "extract one report and print the article, without a database", cmd_extract,
     "usage: marsad extract FILE\n"},
    {"stories", "list storylines, most recently active first", cmd_stories, "usage: marsad stories\n"},
    {"story", "show a storyline as a timeline of its events", cmd_story, "usage: marsad story ID\n"},
    {"eval", "score the clustering against a labelled stream", cmd_eval, "usage: marsad eval FILE\n"},
    {0, 0, 0, 0},
};
