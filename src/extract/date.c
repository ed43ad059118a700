/* PLACEHOLDER — owned by the dates work; replaced by the real date parser. */
#include "marsad.h"
#include <string.h>
void marsad_date_clear(marsad_date *d) {
    memset(d, 0, sizeof *d);
    d->hour = d->minute = -1;
}
bool marsad_date_is_complete(const marsad_date *d) { return d->year && d->month && d->day; }
char *marsad_date_format(const marsad_date *d, char *buf) { (void)d; buf[0] = 0; return buf; }
int marsad_date_parse_iso(const char *s, size_t n, marsad_date *out) { (void)s; (void)n; marsad_date_clear(out); return -1; }
int64_t marsad_date_to_unix(const marsad_date *d) { (void)d; return -1; }
void marsad_date_from_unix(int64_t t, marsad_date *out) { (void)t; marsad_date_clear(out); }
size_t marsad_dates_find(const char *text, size_t len, const marsad_date *reference, marsad_date_match *out, size_t max) {
    (void)text; (void)len; (void)reference; (void)out; (void)max; return 0;
}
