/* PLACEHOLDER engine — replaced by the store and ingest implementation. */
#include "engine.h"
#include "util/mem.h"
#include <stdlib.h>
marsad_engine *marsad_open(const char *path, char **err) { (void)path; *err = mr_strdup("not implemented"); return NULL; }
void marsad_close(marsad_engine *e) { free(e); }
void marsad_ingest(marsad_engine *e, const marsad_record *rec, marsad_ingest_result *res) { (void)e; (void)rec; res->status = MARSAD_INGEST_ERROR; res->why = "not implemented"; }
int marsad_ingest_flush(marsad_engine *e, char **err) { (void)e; (void)err; return 0; }
void marsad_ingest_article(marsad_engine *e, const marsad_article *a, const char *raw, size_t raw_len, marsad_ingest_result *res) { (void)e; (void)a; (void)raw; (void)raw_len; res->status = MARSAD_INGEST_ERROR; res->why = "not implemented"; }
