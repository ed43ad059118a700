/* Benchmark of the normalize stage on real news text: the "content" field of
 * a JSON-lines file such as SaudiNewsNet. Times separately, over every
 * article: marsad_fold (match layer alone), marsad_detect_language, and
 * marsad_normalize (match layer with offsets, tokens, stopwords, clitics,
 * stems); then the three together as ingest runs them. The first normalize
 * pass starts with an empty stem cache, as an ingest does; later passes find
 * it warm. Figures are medians of the timed passes.
 *
 * Also prints the token count, the cache's size, and the languages detected.
 *
 * Usage: bench_normalize [-r REPS] [-n MAX_ARTICLES] [-f FIELD] [-l LANG] [-p PHASES]
 * FILE.jsonl[.gz] -r  timed passes (default 5)   -n  articles to load (default all) -f  the JSON
 * field holding the text (default content) -l  language passed to marsad_normalize (default: the
 * detected one) -p  which phases to run, any of "fold,lang,norm,all" (default all of them); under
 * valgrind --tool=callgrind, "-p norm" with -r 1 and -r 2 gives the instructions of one warm pass
 * as the difference Language id accuracy instead: bench_normalize -L TITLES.tsv [-c COLUMN] a
 * tab-separated file with a header line, the language (ISO 639-3 or -1) in column 4 and the text in
 * the last column (og2021/dev.tsv): prints the accuracy of marsad_detect_language per language and
 * the confusions. Build (from the repository root, after make BUILD=build-norm):
 *   cc -O2 -std=c11 -D_GNU_SOURCE -Iinclude -Isrc bench/bench_normalize.c build-norm/libmarsad.a \
 *      -o build-norm/bench_normalize $(pkg-config --libs jansson libutf8proc libxxhash zlib) \
 *      -lstemmer -lm -lpthread
 *   build-norm/bench_normalize ../shared/data/saudinewsnet/articles.jsonl.gz */
#include "marsad.h"
#include "text/text.h"
#include "util/arena.h"
#include "util/mem.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

typedef struct article {
    char *text;
    size_t len;
    const char *lang;
} article;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static article *load(const char *path, const char *field, size_t max, size_t *count,
                     size_t *bytes) {
    gzFile f = gzopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    size_t cap = 1024, n = 0, total = 0;
    article *a = mr_malloc(cap * sizeof *a);
    size_t lcap = 1 << 20;
    char *line = mr_malloc(lcap);
    while (n < max && gzgets(f, line, (int)lcap)) {
        size_t ll = strlen(line);
        while (ll == lcap - 1 && line[ll - 1] != '\n') { /* a longer line: grow and read on */
            lcap *= 2;
            line = mr_realloc(line, lcap);
            if (!gzgets(f, line + ll, (int)(lcap - ll))) break;
            ll += strlen(line + ll);
        }
        json_error_t err;
        json_t *o = json_loads(line, 0, &err);
        if (!o) continue;
        json_t *v = json_object_get(o, field);
        if (json_is_string(v) && json_string_length(v) > 0) {
            if (n == cap) a = mr_realloc(a, (cap *= 2) * sizeof *a);
            a[n].len = json_string_length(v);
            a[n].text = mr_strndup(json_string_value(v), a[n].len);
            a[n].lang = NULL;
            total += a[n].len;
            n++;
        }
        json_decref(o);
    }
    free(line);
    gzclose(f);
    *count = n;
    *bytes = total;
    return a;
}

static void report(const char *what, double secs, size_t n, size_t bytes, size_t tokens) {
    printf("%-22s %8.1f MB/s  %7.2f us/article", what, (double)bytes / secs / 1e6,
           secs / (double)n * 1e6);
    if (tokens) printf("  %6.1f M tokens/s", (double)tokens / secs / 1e6);
    printf("\n");
}

/* Language id on labelled lines: accuracy per language. */
static int eval_langid(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return 2;
    }
    enum { MAXL = 64 };
    char labels[MAXL][8];
    size_t total[MAXL] = {0}, right[MAXL] = {0}, nl = 0;
    char confusions[4096] = "";
    char line[65536];
    double secs = 0;
    size_t lines = 0;
    if (!fgets(line, sizeof line, f)) return 1; /* header */
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        char *col[16];
        int nc = 0;
        for (char *p = line; nc < 16;) {
            col[nc++] = p;
            char *tab = strchr(p, '\t');
            if (!tab) break;
            *tab = 0;
            p = tab + 1;
        }
        if (nc < 5) continue;
        const char *label = col[3], *text = col[nc - 1];
        const char *want = mr_langs[mr_lang_find(label)].code;
        double t0 = now();
        const char *got = marsad_detect_language(text, strlen(text));
        secs += now() - t0;
        lines++;
        size_t li = 0;
        while (li < nl && strcmp(labels[li], label) != 0) li++;
        if (li == nl) {
            if (nl == MAXL) continue;
            snprintf(labels[nl++], sizeof labels[0], "%s", label);
        }
        total[li]++;
        if (strcmp(got, want) == 0) {
            right[li]++;
        } else if (strlen(confusions) + 32 < sizeof confusions) {
            char c[32];
            snprintf(c, sizeof c, " %s>%s", label, got);
            if (!strstr(confusions, c)) strcat(confusions, c);
        }
    }
    fclose(f);
    size_t all = 0, ok = 0;
    for (size_t i = 0; i < nl; i++) {
        printf("%-5s %5zu/%-5zu %6.1f%%\n", labels[i], right[i], total[i],
               100.0 * (double)right[i] / (double)total[i]);
        all += total[i];
        ok += right[i];
    }
    printf("all   %5zu/%-5zu %6.1f%%   %.2f us/line\nconfusions:%s\n", ok, all,
           100.0 * (double)ok / (double)all, secs / (double)lines * 1e6, confusions);
    return 0;
}

int main(int argc, char **argv) {
    int reps = 5, opt;
    size_t max = (size_t)-1;
    const char *field = "content", *lang = NULL, *phases = "fold,lang,norm,all";
    while ((opt = getopt(argc, argv, "r:n:f:l:p:L:")) != -1) {
        switch (opt) {
        case 'r':
            reps = atoi(optarg);
            break;
        case 'n':
            max = (size_t)atol(optarg);
            break;
        case 'f':
            field = optarg;
            break;
        case 'l':
            lang = optarg;
            break;
        case 'p':
            phases = optarg;
            break;
        case 'L':
            return eval_langid(optarg);
        default:
            fprintf(stderr, "usage: %s [-r REPS] [-n MAX] [-f FIELD] [-l LANG] FILE.jsonl[.gz]\n",
                    argv[0]);
            return 2;
        }
    }
    if (optind >= argc || reps < 1) {
        fprintf(stderr, "usage: %s [-r REPS] [-n MAX] [-f FIELD] [-l LANG] FILE.jsonl[.gz]\n",
                argv[0]);
        return 2;
    }
    size_t n, bytes;
    article *a = load(argv[optind], field, max, &n, &bytes);
    if (n == 0) {
        fprintf(stderr, "no articles with a \"%s\" field\n", field);
        return 1;
    }
    printf("%zu articles, %.1f MB, %.0f bytes/article on average\n", n, (double)bytes / 1e6,
           (double)bytes / (double)n);

    double *t = mr_malloc((size_t)reps * sizeof *t);
    /* fold */
    for (int r = 0; strstr(phases, "fold") && r < reps; r++) {
        double t0 = now();
        for (size_t i = 0; i < n; i++) {
            size_t len;
            free(marsad_fold(a[i].text, a[i].len, &len));
        }
        t[r] = now() - t0;
    }
    if (strstr(phases, "fold")) report("fold", median(t, reps), n, bytes, 0);

    /* language id */
    size_t langs_ar = 0, langs_other = 0;
    for (int r = 0; r < (strstr(phases, "lang") ? reps : 1); r++) {
        double t0 = now();
        for (size_t i = 0; i < n; i++) a[i].lang = marsad_detect_language(a[i].text, a[i].len);
        t[r] = now() - t0;
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(a[i].lang, "ar") == 0)
            langs_ar++;
        else
            langs_other++;
    }
    if (strstr(phases, "lang")) report("language id", median(t, reps), n, bytes, 0);
    printf("%-22s ar %zu, other %zu\n", "  detected", langs_ar, langs_other);

    /* normalize: the first pass with a cold cache, then warm passes */
    marsad_normalizer *nz = marsad_normalizer_new();
    mr_arena arena;
    mr_arena_init(&arena, 256 * 1024);
    size_t tokens = 0, stop = 0;
    double cold = 0;
    mr_normalizer_stats cold_stats = {0};
    for (int r = 0; strstr(phases, "norm") && r <= reps; r++) {
        size_t tk = 0, st = 0;
        double t0 = now();
        for (size_t i = 0; i < n; i++) {
            marsad_text text;
            marsad_normalize(nz, a[i].text, a[i].len, lang ? lang : a[i].lang, &arena, &text);
            tk += text.ntokens;
            for (size_t k = 0; k < text.ntokens; k++) st += !text.tokens[k].term;
            mr_arena_reset(&arena);
        }
        double dt = now() - t0;
        if (r == 0) {
            cold = dt;
            tokens = tk;
            stop = st;
            mr_normalizer_get_stats(nz, &cold_stats);
        } else {
            t[r - 1] = dt;
        }
    }
    if (strstr(phases, "norm")) {
        printf("%zu tokens (%.0f/article), %.1f%% without a term (stopwords)\n", tokens,
               (double)tokens / (double)n, 100.0 * (double)stop / (double)tokens);
        report("normalize (cold cache)", cold, n, bytes, tokens);
        printf("  first pass: %.2f words computed per article\n",
               (double)cold_stats.computed / (double)n);
        report("normalize (warm)", median(t, reps), n, bytes, tokens);
        mr_normalizer_stats s;
        mr_normalizer_get_stats(nz, &s);
        uint64_t words = s.table_hits + s.cache_hits + s.computed;
        printf("  words: %.1f%% word table, %.1f%% long-word cache, %.2f%% computed; cache %zu "
               "words, %zu rotations\n",
               100.0 * (double)s.table_hits / (double)words,
               100.0 * (double)s.cache_hits / (double)words,
               100.0 * (double)s.computed / (double)words, s.cache_words, s.cache_rotations);
    }
    marsad_normalizer_free(nz);

    /* everything an ingest does, from a fresh normalizer each pass */
    for (int r = 0; strstr(phases, "all") && r < reps; r++) {
        marsad_normalizer *z = marsad_normalizer_new();
        double t0 = now();
        for (size_t i = 0; i < n; i++) {
            marsad_text text;
            const char *l = marsad_detect_language(a[i].text, a[i].len);
            marsad_normalize(z, a[i].text, a[i].len, lang ? lang : l, &arena, &text);
            mr_arena_reset(&arena);
        }
        t[r] = now() - t0;
        marsad_normalizer_free(z);
    }
    if (strstr(phases, "all")) report("langid + normalize", median(t, reps), n, bytes, tokens);

    mr_arena_free(&arena);
    for (size_t i = 0; i < n; i++) free(a[i].text);
    free(a);
    free(t);
    return 0;
}
