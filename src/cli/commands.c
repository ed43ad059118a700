/* The command table: names and one-line summaries. Each command's full help
 * text lives beside its code, in cmd_NAME.c, as help_NAME. */
#include "cli.h"

const cli_command cli_commands[] = {
    {"ingest", "read reports (text, HTML, WARC, JSON lines), extract, store and cluster them",
     cmd_ingest, help_ingest},
    {"articles", "list stored articles", cmd_articles, help_articles},
    {"article", "show one article (--explain: what extraction dropped and why)", cmd_article,
     help_article},
    {"extract", "extract the article of each report and print it, without a database", cmd_extract,
     help_extract},
    {"cluster", "place stored articles not yet in a story (after ingest --no-stories)", cmd_cluster,
     help_cluster},
    {"stories", "list storylines, most recently active first", cmd_stories, help_stories},
    {"story", "show a storyline as a timeline of its events", cmd_story, help_story},
    {"eval", "score the clustering against a labelled stream", cmd_eval, help_eval},
    {0, 0, 0, 0},
};
