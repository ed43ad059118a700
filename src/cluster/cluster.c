/* PLACEHOLDER — owned by the clustering work. */
#include "cluster/cluster.h"
#include "util/mem.h"
#include <stdlib.h>
struct mr_cluster { sqlite3 *db; };
mr_cluster *mr_cluster_open(sqlite3 *db, char **err) { (void)err; mr_cluster *c = mr_calloc(1, sizeof *c); c->db = db; return c; }
void mr_cluster_close(mr_cluster *c) { free(c); }
int mr_cluster_add(mr_cluster *c, const mr_cluster_input *in, mr_cluster_result *out, char **err) { (void)c; (void)in; (void)err; out->event_id = out->storyline_id = out->duplicate_of = 0; return 0; }
int mr_cluster_flush(mr_cluster *c, char **err) { (void)c; (void)err; return 0; }
