/* Benchmark and field check of plain-text extraction (src/extract/text.c) on
 * real reports: any input marsad's reader takes (JSON lines such as
 * SaudiNewsNet, text files, directories), each record extracted as plain text.
 *
 * Reports µs per article (median of the timed passes, one core), the average
 * record size, and what extraction dropped from the text: how many input
 * paragraphs (non-blank lines) were kept, a histogram of drop reasons, and
 * with -v some dropped lines to eyeball. On clean text (SaudiNewsNet has
 * almost no clutter) nearly every line should be kept.
 *
 * Usage: bench_extract_text [-r REPS] [-n MAX] [-b] [-v SAMPLES] PATH...
 *   -r  timed passes (default 5)      -n  records to load (default all)
 *   -b  bare: drop the container's title, outlet, author, date and URL, so
 *       everything comes from the text
 *   -v  print SAMPLES dropped lines with their reasons
 * Build (from the repository root, after make):
 *   cc -O2 -std=c11 -D_GNU_SOURCE -Iinclude -Isrc bench/bench_extract_text.c build/libmarsad.a \
 *      -o build/bench_extract_text $(pkg-config --libs jansson libutf8proc libexttextcat \
 *      libxxhash libzstd sqlite3 zlib libmicrohttpd icu-uc icu-i18n) -lstemmer -lm -lpthread
 *   build/bench_extract_text ../shared/data/saudinewsnet/articles.jsonl.gz */
#include "extract/extract.h"
#include "util/arena.h"
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct stored {
    marsad_record rec;
    char *data;
} stored;

static char *dup_or_null(const char *s, bool keep) {
    return keep && s ? mr_strdup(s) : NULL;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static size_t count_lines(const char *s, size_t n) {
    size_t lines = 0;
    bool content = false;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '\n') {
            if (content) lines++;
            content = false;
        } else if (s[i] != ' ' && s[i] != '\r' && s[i] != '\t') {
            content = true;
        }
    }
    return lines;
}

typedef struct reason_count {
    const char *reason;
    size_t n;
} reason_count;

int main(int argc, char **argv) {
    int reps = 5, opt;
    long max = -1, samples = 0;
    bool bare = false;
    while ((opt = getopt(argc, argv, "r:n:bv:")) != -1) {
        if (opt == 'r')
            reps = atoi(optarg);
        else if (opt == 'n')
            max = atol(optarg);
        else if (opt == 'b')
            bare = true;
        else if (opt == 'v')
            samples = atol(optarg);
        else {
            fprintf(stderr, "usage: %s [-r REPS] [-n MAX] [-b] [-v SAMPLES] PATH...\n", argv[0]);
            return 2;
        }
    }
    if (optind >= argc || reps < 1) {
        fprintf(stderr, "usage: %s [-r REPS] [-n MAX] [-b] [-v SAMPLES] PATH...\n", argv[0]);
        return 2;
    }
    marsad_reader_options ro = {0};
    marsad_reader *r =
        marsad_reader_open((const char *const *)argv + optind, (size_t)(argc - optind), &ro);
    stored *recs = NULL;
    size_t n = 0, cap = 0, bytes = 0;
    marsad_record rec;
    while ((max < 0 || (long)n < max) && marsad_reader_next(r, &rec)) {
        MR_GROW(recs, cap, n + 1);
        stored *s = &recs[n++];
        s->data = mr_malloc(rec.len + 1);
        memcpy(s->data, rec.data, rec.len);
        s->data[rec.len] = 0;
        s->rec = (marsad_record){.origin = mr_strdup(rec.origin ? rec.origin : ""),
                                 .data = s->data,
                                 .len = rec.len,
                                 .format = MARSAD_FORMAT_TEXT,
                                 .url = dup_or_null(rec.url, !bare),
                                 .outlet = dup_or_null(rec.outlet, !bare),
                                 .title = dup_or_null(rec.title, !bare),
                                 .author = dup_or_null(rec.author, !bare),
                                 .date = dup_or_null(rec.date, !bare),
                                 .container_time = bare ? 0 : rec.container_time};
        bytes += rec.len;
    }
    marsad_reader_close(r);
    if (!n) {
        fprintf(stderr, "no records\n");
        return 1;
    }

    mr_arena arena;
    mr_arena_init(&arena, 1 << 16);
    /* The field check: one untimed pass. */
    size_t in_lines = 0, kept = 0, failed = 0, with_title = 0, with_outlet = 0, with_date = 0;
    size_t lost_any = 0;
    reason_count reasons[64];
    size_t nreasons = 0;
    long shown = 0;
    for (size_t i = 0; i < n; i++) {
        mr_arena_reset(&arena);
        marsad_article a;
        const char *why;
        size_t lines = count_lines(recs[i].rec.data, recs[i].rec.len);
        in_lines += lines;
        if (mr_extract_text(&recs[i].rec, NULL, &arena, &a, &why) != 0) {
            failed++;
            continue;
        }
        kept += a.nparagraphs;
        with_title += a.title != NULL;
        with_outlet += a.outlet != NULL;
        with_date += a.published.month != 0 || a.published.weekday != 0;
        size_t content_drops = 0;
        for (size_t k = 0; k < a.ndropped; k++) {
            const char *why_dropped = a.dropped[k].reason;
            if (strcmp(why_dropped, "repeated title") != 0) content_drops++;
            size_t j = 0;
            while (j < nreasons && strcmp(reasons[j].reason, why_dropped) != 0) j++;
            if (j == nreasons && nreasons < 64)
                reasons[nreasons++] = (reason_count){why_dropped, 0};
            if (j < nreasons) reasons[j].n++;
            if (shown < samples) {
                shown++;
                printf("  [%s] %s: %.160s\n", why_dropped, recs[i].rec.origin, a.dropped[k].text);
            }
        }
        lost_any += content_drops > 0;
    }

    double *times = mr_malloc((size_t)reps * sizeof *times);
    for (int rep = 0; rep < reps; rep++) {
        double t0 = now();
        for (size_t i = 0; i < n; i++) {
            mr_arena_reset(&arena);
            marsad_article a;
            const char *why;
            mr_extract_text(&recs[i].rec, NULL, &arena, &a, &why);
        }
        times[rep] = now() - t0;
    }
    qsort(times, (size_t)reps, sizeof *times, cmp_double);
    double median = times[reps / 2];

    printf("records %zu, avg %.0f bytes, %s container metadata\n", n, (double)bytes / (double)n,
           bare ? "without" : "with");
    printf("extract: %.2f us/article (median of %d passes; min %.2f), %.1f MB/s\n",
           median * 1e6 / (double)n, reps, times[0] * 1e6 / (double)n,
           (double)bytes / median / 1e6);
    printf("no article: %zu; title %zu, outlet %zu, date %zu\n", failed, with_title, with_outlet,
           with_date);
    printf("input lines %zu, kept paragraphs %zu (%.2f%%); articles that lost a line other than a "
           "repeated title: %zu (%.2f%%)\n",
           in_lines, kept, 100.0 * (double)kept / (double)(in_lines ? in_lines : 1), lost_any,
           100.0 * (double)lost_any / (double)n);
    for (size_t j = 0; j < nreasons; j++)
        printf("  dropped %-20s %zu\n", reasons[j].reason, reasons[j].n);

    mr_arena_free(&arena);
    for (size_t i = 0; i < n; i++) {
        free(recs[i].data);
        free((char *)recs[i].rec.origin);
        free((char *)recs[i].rec.url);
        free((char *)recs[i].rec.outlet);
        free((char *)recs[i].rec.title);
        free((char *)recs[i].rec.author);
        free((char *)recs[i].rec.date);
    }
    free(recs);
    free(times);
    return 0;
}
