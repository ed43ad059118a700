/* PLACEHOLDER: marsad story. */
#include "cli.h"
int cmd_story(cli_common *c, int argc, char **argv) { (void)c; (void)argc; (void)argv; cli_error("story", "not implemented yet"); return EXIT_USAGE; }
const char help_story[] = "usage: marsad story ...\n";
