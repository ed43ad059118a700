/* Fuzz target: the date finder and the ISO date parser read outside text.
 * The input is scanned as it is, then again against a reference date made
 * from its first bytes; every match must lie inside the input, in order, and
 * format into the 32 bytes marsad_date_format promises. */
#include "marsad.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_matches(const marsad_date_match *m, size_t n, size_t size) {
    size_t prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        if (m[i].start > m[i].end || m[i].end > size || m[i].start < prev_end) abort();
        prev_end = m[i].end;
        char buf[64];
        memset(buf, 'x', sizeof buf);
        marsad_date_format(&m[i].date, buf);
        if (strlen(buf) >= 32) abort();
        marsad_date back;
        if (buf[0] && marsad_date_parse_iso(buf, strlen(buf), &back) != 0) abort();
        (void)marsad_date_to_unix(&m[i].date);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    enum { MAX = 64 };
    marsad_date_match m[MAX];
    const char *text = (const char *)data;
    size_t n = marsad_dates_find(text, size, NULL, m, MAX);
    check_matches(m, n < MAX ? n : MAX, size);

    marsad_date ref;
    marsad_date_clear(&ref);
    if (size >= 3) {
        ref.year = (int16_t)(1900 + data[0] % 200);
        ref.month = (int8_t)(1 + data[1] % 12);
        ref.day = (int8_t)(1 + data[2] % 28);
    }
    size_t n2 = marsad_dates_find(text, size, &ref, m, MAX);
    check_matches(m, n2 < MAX ? n2 : MAX, size);
    /* a small output array must not change the count */
    if (marsad_dates_find(text, size, &ref, m, 1) != n2) abort();

    marsad_date d;
    if (marsad_date_parse_iso(text, size, &d) == 0) {
        char buf[32];
        marsad_date_format(&d, buf);
        (void)marsad_date_to_unix(&d);
    }
    marsad_date_from_unix((int64_t)size * 86400 * 37 - 9000000000LL, &d);
    return 0;
}
