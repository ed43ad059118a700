/* Driver for the article-extraction benchmark (bench/aeb_eval.py) and the
 * speed comparison (bench/compare_html.sh): extracts every page of a
 * directory of .html / .html.gz files with libmarsad and prints one JSON
 * object a line, {"id", "articleBody", "title", "published", "author",
 * "outlet", "lang", "canonical"}, the id being the file name without its
 * extensions.
 *
 * Usage: aeb_run [--time] [--explain] [--gumbo] DIR|FILE...
 *   --time     print nothing per page; at the end, pages, MB, seconds, pages/s, MB/s
 *              (the whole run: reading, gunzipping, parsing, extracting)
 *   --explain  also print the dropped blocks with their reasons (to stderr)
 *   --gumbo    build trees with gumbo instead of mr_html_parse (needs -DAEB_GUMBO)
 * Build (from the repository root, after `make BUILD=build`):
 *   cc -std=c11 -D_GNU_SOURCE -O2 -Iinclude -Isrc -Itests bench/aeb_run.c build/libmarsad.a \
 *      $(pkg-config --libs jansson libutf8proc libexttextcat libxxhash libzstd sqlite3 zlib \
 *      libmicrohttpd icu-uc icu-i18n) -lstemmer -lm -lpthread -o build/aeb_run
 *   (add -DAEB_GUMBO tests/unit/gumbo_tree.c -lgumbo for --gumbo, and -DAEB_LIBDEFLATE
 *   -ldeflate to gunzip with libdeflate, Debian libdeflate-dev, instead of zlib) */
#include "html/content.h"
#include "marsad.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/mem.h"

#ifdef AEB_GUMBO
#include "gumbo_tree.h"
#endif

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>
#ifdef AEB_LIBDEFLATE
#include <libdeflate.h>
#endif

static bool opt_time, opt_explain, opt_gumbo;

/* Reads a whole file into a heap buffer (NUL-terminated). */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *p = mr_malloc(cap);
    size_t k;
    while ((k = fread(p + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n - 1 == 0) p = mr_realloc(p, cap *= 2);
    }
    fclose(f);
    p[n] = 0;
    *len = n;
    return p;
}

/* Reads a page, gunzipping it when it is gzip: one inflate into a buffer
 * sized from the gzip trailer (the CRC is still checked). With
 * -DAEB_LIBDEFLATE (Debian libdeflate-dev, -ldeflate) libdeflate does the
 * inflating, else zlib. */
static char *read_page(const char *path, size_t *len) {
    size_t zlen;
    char *z = read_file(path, &zlen);
    if (!z) return NULL;
    if (zlen < 18 || (unsigned char)z[0] != 0x1f || (unsigned char)z[1] != 0x8b) {
        *len = zlen;
        return z;
    }
    const unsigned char *t = (const unsigned char *)z + zlen - 4;
    size_t cap = ((size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 | (size_t)t[3] << 24) + 1;
    char *out = mr_malloc(cap);
#ifdef AEB_LIBDEFLATE
    static struct libdeflate_decompressor *d;
    if (!d) d = libdeflate_alloc_decompressor();
    size_t got = 0;
    if (libdeflate_gzip_decompress(d, z, zlen, out, cap - 1, &got) != LIBDEFLATE_SUCCESS) got = 0;
    free(z);
    out[got] = 0;
    *len = got;
    return out;
#else
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        free(z);
        free(out);
        return NULL;
    }
    zs.next_in = (Bytef *)z;
    zs.avail_in = (uInt)zlen;
    size_t n = 0;
    int rc;
    do {
        if (cap - n < 2) out = mr_realloc(out, cap *= 2); /* the trailer lied (> 4 GB, or bad) */
        zs.next_out = (Bytef *)out + n;
        zs.avail_out = (uInt)(cap - n - 1);
        rc = inflate(&zs, Z_NO_FLUSH);
        n = (size_t)((char *)zs.next_out - out);
    } while (rc == Z_OK);
    inflateEnd(&zs);
    free(z);
    out[n] = 0;
    *len = n;
    return out;
#endif
}

static void page_id(const char *path, char *id, size_t cap) {
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(id, cap, "%s", base);
    char *dot = strchr(id, '.');
    if (dot) *dot = 0;
}

static size_t pages, bytes;

static void run_page(const char *path, mr_arena *arena, mr_buf *out) {
    size_t len;
    char *html = read_page(path, &len);
    if (!html) {
        fprintf(stderr, "cannot read %s\n", path);
        return;
    }
    pages++;
    bytes += len;
    marsad_record rec = {0};
    rec.origin = path;
    rec.data = html;
    rec.len = len;
    rec.format = MARSAD_FORMAT_HTML;
    marsad_article a;
    const char *why = NULL;
    mr_arena_reset(arena);
    int rc;
#ifdef AEB_GUMBO
    if (opt_gumbo) {
        mr_html_doc *doc = mr_test_gumbo_parse(html, len, arena);
        rc = mr_extract_html_doc(doc, &rec, NULL, arena, &a, &why);
    } else
#endif
        rc = marsad_extract(&rec, NULL, arena, &a, &why);
    if (!opt_time) {
        char id[256], date[32];
        page_id(path, id, sizeof id);
        mr_buf_clear(out);
        mr_buf_puts(out, "{\"id\":");
        mr_buf_json_str(out, id);
        mr_buf_puts(out, ",\"articleBody\":");
        mr_buf_json_str(out, rc == 0 ? a.body : "");
        mr_buf_puts(out, ",\"title\":");
        mr_buf_json_str(out, a.title);
        mr_buf_puts(out, ",\"published\":");
        mr_buf_json_str(out, marsad_date_format(&a.published, date));
        mr_buf_puts(out, ",\"published_from\":");
        mr_buf_json_str(out, a.published_from.how);
        mr_buf_puts(out, ",\"author\":");
        mr_buf_json_str(out, a.author);
        mr_buf_puts(out, ",\"outlet\":");
        mr_buf_json_str(out, a.outlet);
        mr_buf_puts(out, ",\"lang\":");
        mr_buf_json_str(out, a.lang);
        mr_buf_puts(out, ",\"canonical\":");
        mr_buf_json_str(out, a.canonical_url);
        mr_buf_puts(out, ",\"why\":");
        mr_buf_json_str(out, rc == 0 ? NULL : why);
        mr_buf_puts(out, "}\n");
        fwrite(out->data, 1, out->len, stdout);
        if (opt_explain) {
            fprintf(stderr, "== %s\n", id);
            for (size_t i = 0; i < a.ndropped; i++) {
                /* at most about 100 bytes, cut at a character boundary */
                const char *t = a.dropped[i].text;
                size_t n = strlen(t);
                if (n > 100) {
                    n = 100;
                    while (n && ((unsigned char)t[n] & 0xC0) == 0x80) n--;
                }
                fprintf(stderr, "  [%u] %s: %.*s\n", a.dropped[i].line, a.dropped[i].reason, (int)n,
                        t);
            }
        }
    }
    free(html);
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path, mr_arena *arena, mr_buf *out) {
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "cannot stat %s\n", path);
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        run_page(path, arena, out);
        return;
    }
    DIR *d = opendir(path);
    if (!d) return;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if (!strstr(e->d_name, ".htm")) continue;
        MR_GROW(names, cap, n + 1);
        names[n++] = mr_strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        run_page(full, arena, out);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv) {
    int first = 1;
    for (; first < argc && argv[first][0] == '-' && argv[first][1] == '-'; first++) {
        if (strcmp(argv[first], "--time") == 0)
            opt_time = true;
        else if (strcmp(argv[first], "--explain") == 0)
            opt_explain = true;
        else if (strcmp(argv[first], "--gumbo") == 0)
            opt_gumbo = true;
        else {
            fprintf(stderr, "unknown option %s\n", argv[first]);
            return 2;
        }
    }
#ifndef AEB_GUMBO
    if (opt_gumbo) {
        fprintf(stderr, "built without gumbo (-DAEB_GUMBO)\n");
        return 2;
    }
#endif
    if (first >= argc) {
        fprintf(stderr, "usage: aeb_run [--time] [--explain] [--gumbo] DIR|FILE...\n");
        return 2;
    }
    mr_arena arena;
    mr_arena_init(&arena, 1 << 20);
    mr_buf out = MR_BUF_INIT;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = first; i < argc; i++) run_path(argv[i], &arena, &out);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (opt_time)
        printf("marsad (gunzip: %s): %zu pages, %.1f MB, %.3f s, %.0f pages/s, %.1f MB/s\n",
#ifdef AEB_LIBDEFLATE
               "libdeflate",
#else
               "zlib",
#endif
               pages, (double)bytes / 1e6, secs, (double)pages / secs, (double)bytes / 1e6 / secs);
    mr_buf_free(&out);
    mr_arena_free(&arena);
    return 0;
}
