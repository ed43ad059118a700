/* PLACEHOLDER: marsad eval. */
#include "cli.h"
int cmd_eval(cli_common *c, int argc, char **argv) { (void)c; (void)argc; (void)argv; cli_error("eval", "not implemented yet"); return EXIT_USAGE; }
const char help_eval[] = "usage: marsad eval ...\n";
