/* PLACEHOLDER: marsad extract. */
#include "cli.h"
int cmd_extract(cli_common *c, int argc, char **argv) { (void)c; (void)argc; (void)argv; cli_error("extract", "not implemented yet"); return EXIT_USAGE; }
const char help_extract[] = "usage: marsad extract ...\n";
