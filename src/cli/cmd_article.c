/* PLACEHOLDER: marsad article. */
#include "cli.h"
int cmd_article(cli_common *c, int argc, char **argv) { (void)c; (void)argc; (void)argv; cli_error("article", "not implemented yet"); return EXIT_USAGE; }
const char help_article[] = "usage: marsad article ...\n";
