/* PLACEHOLDER: marsad ingest. */
#include "cli.h"
int cmd_ingest(cli_common *c, int argc, char **argv) { (void)c; (void)argc; (void)argv; cli_error("ingest", "not implemented yet"); return EXIT_USAGE; }
const char help_ingest[] = "usage: marsad ingest ...\n";
