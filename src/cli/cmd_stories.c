/* PLACEHOLDER: marsad stories. */
#include "cli.h"
int cmd_stories(cli_common *c, int argc, char **argv) { (void)c; (void)argc; (void)argv; cli_error("stories", "not implemented yet"); return EXIT_USAGE; }
const char help_stories[] = "usage: marsad stories ...\n";
