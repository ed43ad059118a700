/* PLACEHOLDER reader. */
#include "marsad.h"
#include "util/mem.h"
#include <stdlib.h>
struct marsad_reader { int x; };
marsad_reader *marsad_reader_open(const char *const *paths, size_t npaths, const marsad_reader_options *opts) { (void)paths; (void)npaths; (void)opts; return mr_calloc(1, sizeof(marsad_reader)); }
int marsad_reader_next(marsad_reader *r, marsad_record *rec) { (void)r; (void)rec; return 0; }
void marsad_reader_stats_get(const marsad_reader *r, marsad_reader_stats *out) { (void)r; *out = (marsad_reader_stats){0}; }
void marsad_reader_close(marsad_reader *r) { free(r); }
