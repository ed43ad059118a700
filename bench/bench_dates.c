/* Benchmark and field check of the date finder (src/extract/date.c) on real
 * news text: the "content" field of a JSON-lines file such as SaudiNewsNet.
 *
 * Reports the scan speed (MB/s and µs per article, median of the timed
 * passes), how many dates of each shape were found, and how the Hijri
 * conversion agrees with the Gregorian date printed beside it ("5 شوال 1436هـ
 * الموافق 21 يوليو 2015م"): a histogram of day differences.
 *
 * Usage: bench_dates [-r REPS] [-n MAX_ARTICLES] [-s SAMPLES] [-v] [-f FIELD] FILE.jsonl[.gz]
 *   -r  timed passes (default 5)   -n  articles to load (default all)
 *   -s  print SAMPLES found dates with their context (to eyeball precision)
 *   -v  print each Hijri/Gregorian pair that disagrees
 *   -f  the JSON field holding the text (default content)
 * Build (from the repository root, after make):
 *   cc -O2 -std=c11 -D_GNU_SOURCE -Iinclude -Isrc bench/bench_dates.c build/libmarsad.a \
 *      -o build/bench_dates $(pkg-config --libs jansson libutf8proc libexttextcat libxxhash \
 *      libzstd sqlite3 zlib libmicrohttpd icu-uc icu-i18n) -lstemmer -lm -lpthread
 *   build/bench_dates ../shared/data/saudinewsnet/articles.jsonl.gz */
#include "extract/date.h"
#include "util/buf.h"
#include "util/mem.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

typedef struct article {
    char *text;
    size_t len;
} article;

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int reps = 5, samples = 0;
    bool verbose = false;
    size_t max_articles = (size_t)-1;
    const char *field = "content", *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-r") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-n") && i + 1 < argc)
            max_articles = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc)
            samples = atoi(argv[++i]);
        else if (!strcmp(argv[i], "-v"))
            verbose = true;
        else if (!strcmp(argv[i], "-f") && i + 1 < argc)
            field = argv[++i];
        else
            path = argv[i];
    }
    if (!path || reps < 1) {
        fprintf(stderr,
                "usage: bench_dates [-r REPS] [-n MAX] [-s SAMPLES] [-f FIELD] FILE.jsonl[.gz]\n");
        return 2;
    }
    gzFile in = gzopen(path, "rb");
    if (!in) {
        perror(path);
        return 1;
    }
    article *arts = NULL;
    size_t narts = 0, cap = 0, bytes = 0;
    mr_buf line = MR_BUF_INIT;
    char chunk[65536];
    for (;;) {
        mr_buf_clear(&line);
        bool got = false;
        while (gzgets(in, chunk, sizeof chunk)) {
            got = true;
            mr_buf_puts(&line, chunk);
            if (line.len && line.data[line.len - 1] == '\n') break;
        }
        if (!got || narts >= max_articles) break;
        json_error_t err;
        json_t *obj = json_loadb(line.data, line.len, 0, &err);
        if (!obj) continue;
        const char *text = json_string_value(json_object_get(obj, field));
        if (text) {
            MR_GROW(arts, cap, narts + 1);
            arts[narts].len = strlen(text);
            arts[narts].text = mr_strdup(text);
            bytes += arts[narts].len;
            narts++;
        }
        json_decref(obj);
    }
    gzclose(in);
    mr_buf_free(&line);
    if (!narts) {
        fprintf(stderr, "no articles with a \"%s\" field\n", field);
        return 1;
    }

    enum { MAXF = 512 };
    mr_date_found *found = mr_malloc(sizeof *found * MAXF);
    /* Timed passes: the scan alone. */
    double *times = mr_malloc(sizeof *times * (size_t)reps);
    size_t total = 0;
    for (int r = 0; r < reps; r++) {
        double t0 = now_seconds();
        size_t count = 0;
        for (size_t i = 0; i < narts; i++)
            count += marsad_dates_find(arts[i].text, arts[i].len, NULL, &found[0].m, 1);
        times[r] = now_seconds() - t0;
        total = count;
    }
    qsort(times, (size_t)reps, sizeof *times, cmp_double);
    double med = times[reps / 2];
    printf("articles %zu, %.1f MB, %.0f bytes/article\n", narts, (double)bytes / 1e6,
           (double)bytes / (double)narts);
    printf("scan: median %.3f s of %d passes: %.0f MB/s, %.2f us/article (fastest pass %.0f MB/s), "
           "%zu dates (%.2f/article)\n",
           med, reps, (double)bytes / 1e6 / med, med * 1e6 / (double)narts,
           (double)bytes / 1e6 / times[0], total, (double)total / (double)narts);

    /* Shapes, and Hijri dates against the Gregorian date printed next to them. */
    size_t complete = 0, month_year = 0, year_only = 0, day_month = 0, relative = 0, hijri = 0,
           dropped = 0, with_time = 0, hijri_pairs = 0, shown = 0;
    long diff_hist[7] = {0}; /* -3..+3 days, out of range clamped */
    for (size_t i = 0; i < narts; i++) {
        size_t k = mr_dates_find_ex(arts[i].text, arts[i].len, NULL, found, MAXF);
        if (k > MAXF) k = MAXF;
        for (size_t j = 0; j < k; j++) {
            const marsad_date *d = &found[j].m.date;
            if (d->rel_kind)
                relative++;
            else if (marsad_date_is_complete(d))
                complete++;
            else if (d->year && d->month)
                month_year++;
            else if (d->year)
                year_only++;
            else
                day_month++;
            if (found[j].flags & MR_DATE_HIJRI) hijri++;
            if (found[j].flags & MR_DATE_WEEKDAY_DROPPED) dropped++;
            if (d->hour >= 0) with_time++;
            if ((int)shown < samples) {
                size_t a = found[j].m.start > 40 ? found[j].m.start - 40 : 0;
                size_t b = found[j].m.end + 40 < arts[i].len ? found[j].m.end + 40 : arts[i].len;
                while (a > 0 && (arts[i].text[a] & 0xC0) == 0x80) a--;
                while (b < arts[i].len && (arts[i].text[b] & 0xC0) == 0x80) b++;
                char iso[32];
                marsad_date_format(d, iso);
                printf("  %-18s wd=%d rel=%d/%d | %.*s[[%.*s]]%.*s\n", iso, d->weekday, d->rel_kind,
                       d->rel_days, (int)(found[j].m.start - a), arts[i].text + a,
                       (int)(found[j].m.end - found[j].m.start), arts[i].text + found[j].m.start,
                       (int)(b - found[j].m.end), arts[i].text + found[j].m.end);
                shown++;
            }
            /* A converted Hijri date followed within 40 bytes by a complete
             * Gregorian one. */
            if ((found[j].flags & MR_DATE_HIJRI) && j + 1 < k &&
                !(found[j + 1].flags & MR_DATE_HIJRI) &&
                marsad_date_is_complete(&found[j + 1].m.date) &&
                found[j + 1].m.start - found[j].m.end < 40) {
                int64_t a = marsad_date_to_unix(d) / 86400;
                int64_t b = marsad_date_to_unix(&found[j + 1].m.date) / 86400;
                int64_t diff = a - b;
                if (verbose && diff != 0)
                    printf("  Hijri %+lld days: %.*s\n", (long long)diff,
                           (int)(found[j + 1].m.end - found[j].m.start),
                           arts[i].text + found[j].m.start);
                if (diff < -3) diff = -3;
                if (diff > 3) diff = 3;
                diff_hist[diff + 3]++;
                hijri_pairs++;
            }
        }
    }
    printf("shapes: complete %zu, month+year %zu, year %zu, day+month or month %zu, relative %zu;"
           " with time %zu; Hijri %zu; weekday dropped %zu\n",
           complete, month_year, year_only, day_month, relative, with_time, hijri, dropped);
    printf("Hijri date next to its Gregorian date: %zu pairs; converted minus printed:",
           hijri_pairs);
    for (int i = 0; i < 7; i++)
        printf(" %s%d:%ld", i == 0 ? "<=" : i == 6 ? ">=" : "", i - 3, diff_hist[i]);
    printf("\n");
    for (size_t i = 0; i < narts; i++) free(arts[i].text);
    free(arts);
    free(found);
    free(times);
    return 0;
}
