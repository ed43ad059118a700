/* Benchmark of marsad's HTML parser against gumbo, the reference parser:
 * parse speed of each, side by side in one run, and the pages whose text
 * blocks (tests/gumbo_tree.h) differ between the two.
 *
 * Usage: bench_html_parse [-r REPS] [-v] [-n] [--big MB] DIR
 *   DIR     a directory of .html or .html.gz pages (e.g. ../shared/data/aeb/html)
 *   -r      timed passes over all pages per parser (median reported; default 5)
 *   -v      print the first differing block of each page that differs
 *   -n      no charset conversion (by default pages go through mr_charset_to_utf8,
 *           as the reader does, so both parsers see the same UTF-8)
 *   --big   also parse one synthetic page of MB megabytes of nested divs and text
 *           (marsad only; gumbo's recursion would not survive the nesting)
 * Build: cc -O2 -std=c11 -D_GNU_SOURCE -Iinclude -Isrc -Itests bench/bench_html_parse.c
 *        tests/unit/gumbo_tree.c build/libmarsad.a $(pkg-config --libs ...) -lgumbo -lz */
#include "gumbo_tree.h"
#include "html/html.h"
#include "read/charset.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/mem.h"

#include <dirent.h>
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

typedef struct page {
    char *name;
    char *data;
    size_t len;
} page;

/* CPU time of the process (user and system): on a machine shared with other
 * jobs it varies far less than wall time. */
static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int read_page(const char *path, mr_buf *out) {
    gzFile f = gzopen(path, "rb"); /* reads plain files too */
    if (!f) return -1;
    char chunk[65536];
    int k;
    while ((k = gzread(f, chunk, sizeof chunk)) > 0) mr_buf_append(out, chunk, (size_t)k);
    gzclose(f);
    return k < 0 ? -1 : 0;
}

static int cmp_name(const void *a, const void *b) {
    return strcmp(((const page *)a)->name, ((const page *)b)->name);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One synthetic page: divs nested 1,000 deep (past the parser's depth
 * limit) and closed again, over and over, each holding a sentence. */
static char *make_big_page(size_t megabytes, size_t *len) {
    mr_buf b = MR_BUF_INIT;
    mr_buf_puts(&b, "<!doctype html><html><head><title>big</title></head><body>");
    size_t target = megabytes << 20;
    while (b.len < target) {
        for (int i = 0; i < 1000; i++)
            mr_buf_printf(&b,
                          "<div class=\"level-%d\">Text %d of a synthetic page, with an entity "
                          "&amp; and enough plain words after it to look a little like the "
                          "prose of an article, sentence after sentence.",
                          i, i);
        for (int i = 0; i < 1000; i++) mr_buf_puts(&b, "</div>");
    }
    mr_buf_puts(&b, "</body></html>");
    *len = b.len;
    return mr_buf_take(&b);
}

int main(int argc, char **argv) {
    int reps = 5, verbose = 0, convert = 1;
    size_t big_mb = 0;
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-r") && i + 1 < argc) {
            reps = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "-v")) {
            verbose = 1;
        } else if (!strcmp(argv[i], "-n")) {
            convert = 0;
        } else if (!strcmp(argv[i], "--big") && i + 1 < argc) {
            big_mb = (size_t)atol(argv[++i]);
        } else {
            dir = argv[i];
        }
    }
    if (!dir || reps < 1) {
        fprintf(stderr, "usage: bench_html_parse [-r REPS] [-v] [-n] [--big MB] DIR\n");
        return 2;
    }
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return 1;
    }
    page *pages = NULL;
    size_t npages = 0, cap = 0, total = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!ends_with(de->d_name, ".html") && !ends_with(de->d_name, ".html.gz") &&
            !ends_with(de->d_name, ".htm"))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        mr_buf raw = MR_BUF_INIT;
        if (read_page(path, &raw) != 0) {
            fprintf(stderr, "cannot read %s\n", path);
            mr_buf_free(&raw);
            continue;
        }
        MR_GROW(pages, cap, npages + 1);
        page *p = &pages[npages++];
        p->name = mr_strdup(de->d_name);
        if (convert) {
            mr_buf utf8 = MR_BUF_INIT;
            const char *used;
            bool repaired;
            mr_charset_to_utf8(raw.data, raw.len, NULL, true, &utf8, &used, &repaired);
            p->len = utf8.len;
            p->data = mr_buf_take(&utf8);
            mr_buf_free(&raw);
        } else {
            p->len = raw.len;
            p->data = mr_buf_take(&raw);
        }
        total += p->len;
    }
    closedir(d);
    qsort(pages, npages, sizeof *pages, cmp_name);
    printf("%zu pages, %.1f MB\n", npages, total / 1e6);

    double *t_marsad = mr_calloc((size_t)reps, sizeof(double));
    double *t_gumbo = mr_calloc((size_t)reps, sizeof(double));
    mr_arena arena;
    mr_arena_init(&arena, 1 << 20);
    size_t nodes = 0;
    /* Alternate the two parsers pass by pass so machine load hits both alike. */
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        for (size_t i = 0; i < npages; i++) {
            mr_html_doc *doc = mr_html_parse(pages[i].data, pages[i].len, &arena);
            nodes += doc->nodes;
            mr_arena_reset(&arena);
        }
        t_marsad[r] = now() - t0;
        t0 = now();
        for (size_t i = 0; i < npages; i++) {
            GumboOutput *out =
                gumbo_parse_with_options(&kGumboDefaultOptions, pages[i].data, pages[i].len);
            gumbo_destroy_output(&kGumboDefaultOptions, out);
        }
        t_gumbo[r] = now() - t0;
    }
    double tm = median(t_marsad, reps), tg = median(t_gumbo, reps);
    printf("%-8s %9s %9s %10s   (CPU time)\n", "parser", "MB/s", "pages/s", "ms/pass");
    printf("%-8s %9.1f %9.0f %10.2f\n", "marsad", total / 1e6 / tm, npages / tm, tm * 1e3);
    printf("%-8s %9.1f %9.0f %10.2f\n", "gumbo", total / 1e6 / tg, npages / tg, tg * 1e3);
    printf("speed ratio marsad/gumbo: %.1fx (median of %d passes); %zu nodes/pass\n", tg / tm, reps,
           nodes / (size_t)reps);

    size_t differ = 0;
    for (size_t i = 0; i < npages; i++) {
        size_t na, nb;
        const char **a =
            mr_test_text_blocks(mr_html_parse(pages[i].data, pages[i].len, &arena), &arena, &na);
        const char **b = mr_test_text_blocks(
            mr_test_gumbo_parse(pages[i].data, pages[i].len, &arena), &arena, &nb);
        size_t k = 0;
        while (k < na && k < nb && strcmp(a[k], b[k]) == 0) k++;
        if (k < na || k < nb) {
            differ++;
            if (verbose) {
                printf("DIFF %s: block %zu of %zu/%zu\n  marsad: %.300s\n  gumbo:  %.300s\n",
                       pages[i].name, k, na, nb, k < na ? a[k] : "(none)",
                       k < nb ? b[k] : "(none)");
            }
        }
        mr_arena_reset(&arena);
    }
    printf("pages whose text blocks differ from gumbo's: %zu of %zu\n", differ, npages);

    if (big_mb) {
        size_t len;
        char *big = make_big_page(big_mb, &len);
        mr_arena big_arena;
        mr_arena_init(&big_arena, 1 << 20);
        double t0 = now(), w0 = wall();
        mr_html_doc *doc = mr_html_parse(big, len, &big_arena);
        double t = now() - t0, tw = wall() - w0;
        printf("big page: %.1f MB in %.2f s CPU (%.2f s wall) = %.1f MB/s, %zu nodes%s, "
               "arena %.0f MB\n",
               len / 1e6, t, tw, len / 1e6 / t, doc->nodes,
               doc->truncated ? " (node limit hit)" : "", big_arena.total / 1e6);
        mr_arena_free(&big_arena);
        free(big);
    }
    mr_arena_free(&arena);
    for (size_t i = 0; i < npages; i++) {
        free(pages[i].name);
        free(pages[i].data);
    }
    free(pages);
    free(t_marsad);
    free(t_gumbo);
    return 0;
}
