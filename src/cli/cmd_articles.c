/* PLACEHOLDER: marsad articles. */
#include "cli.h"
int cmd_articles(cli_common *c, int argc, char **argv) { (void)c; (void)argc; (void)argv; cli_error("articles", "not implemented yet"); return EXIT_USAGE; }
const char help_articles[] = "usage: marsad articles ...\n";
