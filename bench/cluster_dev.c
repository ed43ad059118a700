/* Development driver for the clustering core: reads a labelled stream
 * (src/eval/labels.h), turns each item into text layers with a plain
 * tokenizer of its own (or with marsad_normalize when --norm is given and
 * the normalizer is in), runs the items through the features adapter and the
 * core in time order, and prints the scores. It measures the clustering
 * alone, without SQLite or extraction, and is what the parameters in
 * src/cluster/params.h were chosen with.
 *
 * usage: cluster_dev [--norm] [--dump N] [--quiet] FILE...
 * Built by bench/bench_cluster.sh against a build directory's objects. */
#include "cluster/core.h"
#include "cluster/features.h"
#include "eval/labels.h"
#include "eval/metrics.h"
#include "marsad.h"
#include "util/arena.h"
#include "util/data.h"
#include "util/mem.h"
#include "util/strmap.h"
#include "util/utf8.h"

#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>
#include <xxhash.h>

/* ---- a plain tokenizer, standing in for the normalizer --------------------- */

typedef struct lang_tools {
    const char *code;    /* ISO 639-1 */
    const char *stemmer; /* Snowball algorithm */
    struct sb_stemmer *sb;
    mr_strmap stop;
    bool loaded;
} lang_tools;

static lang_tools langs[] = {
    {"en", "english", NULL, {0}, false}, {"ar", "arabic", NULL, {0}, false},
    {"es", "spanish", NULL, {0}, false}, {"pt", "portuguese", NULL, {0}, false},
    {"fr", "french", NULL, {0}, false},  {"de", "german", NULL, {0}, false},
    {"ru", "russian", NULL, {0}, false}, {"sl", NULL, NULL, {0}, false},
    {"zh", NULL, NULL, {0}, false},
};

static void add_stop(const char *line, size_t len, void *ctx) {
    lang_tools *lt = ctx;
    mr_strmap_upsert(&lt->stop, line, len, NULL);
}

static lang_tools *tools_for(const char *code) {
    lang_tools *lt = &langs[0];
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++)
        if (code && strcmp(langs[i].code, code) == 0) lt = &langs[i];
    if (!lt->loaded) {
        lt->loaded = true;
        mr_strmap_init(&lt->stop);
        char name[64];
        snprintf(name, sizeof name, "stopwords_%s.txt", lt->code);
        mr_data_lines(name, add_stop, lt);
        if (lt->stemmer) lt->sb = sb_stemmer_new(lt->stemmer, "UTF_8");
    }
    return lt;
}

static const char *iso1(const char *lang) {
    static const char *map[][2] = {{"eng", "en"}, {"ara", "ar"}, {"spa", "es"},
                                   {"por", "pt"}, {"fra", "fr"}, {"deu", "de"},
                                   {"rus", "ru"}, {"slv", "sl"}, {"zho", "zh"}};
    if (!lang) return "en";
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(map[i][0], lang) == 0) return map[i][1];
    return lang;
}

static bool is_word_cp(uint32_t cp) {
    if (cp == MR_UTF8_INVALID) return false;
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO);
}

static uint32_t fold_cp(uint32_t cp) {
    if (cp >= 0x0660 && cp <= 0x0669) return '0' + (cp - 0x0660);
    if (cp >= 0x06F0 && cp <= 0x06F9) return '0' + (cp - 0x06F0);
    if (cp == 0x0623 || cp == 0x0625 || cp == 0x0622 || cp == 0x0671) return 0x0627;
    if (cp == 0x0649) return 0x064A;
    return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

static void tokenize(const char *s, size_t n, const char *lang, mr_arena *a, marsad_text *out) {
    lang_tools *lt = tools_for(lang);
    memset(out, 0, sizeof *out);
    out->display = s;
    out->display_len = n;
    out->lang = lt->code;
    size_t cap = n / 2 + 2;
    out->tokens = mr_arena_alloc(a, cap * sizeof *out->tokens);
    bool sentence_start = true;
    char buf[512];
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = mr_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!is_word_cp(cp)) {
            if (cp == '.' || cp == '!' || cp == '?' || cp == 0x061F || cp == '\n')
                sentence_start = true;
            i += l;
            continue;
        }
        size_t start = i, k = 0;
        bool arabic = false, latin = false, digits = true, capital = false, first = true;
        while (i < n) {
            l = mr_utf8_decode((const unsigned char *)s + i, n - i, &cp);
            if (!is_word_cp(cp)) break;
            i += l;
            if (mr_is_arabic_mark(cp) || cp == 0x0640) continue;
            if (mr_is_arabic_letter(cp))
                arabic = true;
            else if (cp < 0x250 && utf8proc_category((utf8proc_int32_t)cp) <= UTF8PROC_CATEGORY_LO)
                latin = true;
            utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
            if (cat != UTF8PROC_CATEGORY_ND) digits = false;
            if (first && cat == UTF8PROC_CATEGORY_LU) capital = true;
            first = false;
            if (k + 4 < sizeof buf)
                k += (size_t)utf8proc_encode_char((utf8proc_int32_t)fold_cp(cp),
                                                  (utf8proc_uint8_t *)buf + k);
        }
        if (k == 0 || out->ntokens >= cap) continue;
        buf[k] = 0;
        marsad_token *t = &out->tokens[out->ntokens++];
        t->start = (uint32_t)start;
        t->len = (uint32_t)(i - start);
        t->match = mr_arena_strndup(a, buf, k);
        t->flags = (uint16_t)((arabic ? MARSAD_TOK_ARABIC : 0) | (latin ? MARSAD_TOK_LATIN : 0) |
                              (digits ? MARSAD_TOK_NUMBER : 0) |
                              (capital && latin ? MARSAD_TOK_CAPITAL : 0) |
                              (sentence_start ? MARSAD_TOK_SENTENCE_START : 0));
        sentence_start = false;
        if (mr_strmap_find(&lt->stop, buf, k)) {
            t->flags |= MARSAD_TOK_STOPWORD;
            t->term = NULL;
            continue;
        }
        if (digits || !lt->sb) {
            t->term = t->match;
            continue;
        }
        const sb_symbol *st = sb_stemmer_stem(lt->sb, (const sb_symbol *)buf, (int)k);
        int sl = sb_stemmer_length(lt->sb);
        char *term = mr_arena_strndup(a, (const char *)st, (size_t)sl);
        /* ة → ه after stemming, as the match layer folds it. */
        for (char *p = term; p[0] && p[1]; p++)
            if ((unsigned char)p[0] == 0xD8 && (unsigned char)p[1] == 0xA9)
                p[1] = (char)0x87, p[0] = (char)0xD9;
        t->term = term;
    }
}

/* ---- driver ------------------------------------------------------------------ */

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void mark_common(void *ctx, const char *term, size_t len) {
    mr_core_mark_common(ctx, term, len);
}

static int64_t label_id(mr_strmap *m, const char *label) {
    bool added;
    mr_strmap_slot *s = mr_strmap_upsert(m, label, strlen(label), &added);
    if (added) s->value = m->count;
    return (int64_t)s->value;
}

static void print_scores(const char *name, const mr_scores *s) {
    printf(
        "%-8s n=%-6zu gold=%-5zu pred=%-5zu pairP=%.3f pairR=%.3f pairF1=%.3f  B3P=%.3f B3R=%.3f "
        "B3F1=%.3f  NMI=%.4f ARI=%.3f\n",
        name, s->items, s->gold_clusters, s->predicted_clusters, s->pair_precision, s->pair_recall,
        s->pair_f1, s->bcubed_precision, s->bcubed_recall, s->bcubed_f1, s->nmi, s->ari);
}

int main(int argc, char **argv) {
    bool use_norm = false, quiet = false, items = false, trace = false, sort = true;
    int dump = 0;
    int first = 1;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (strcmp(argv[first], "--norm") == 0)
            use_norm = true;
        else if (strcmp(argv[first], "--quiet") == 0)
            quiet = true;
        else if (strcmp(argv[first], "--items") == 0)
            items = true;
        else if (strcmp(argv[first], "--trace") == 0)
            trace = true;
        else if (strcmp(argv[first], "--no-sort") == 0)
            sort = false; /* input order, as a directory ingest */
        else if (strcmp(argv[first], "--dump") == 0 && first + 1 < argc)
            dump = atoi(argv[++first]);
    }
    if (first >= argc) {
        fprintf(stderr, "usage: cluster_dev [--norm] [--dump N] [--quiet] FILE...\n");
        return 2;
    }
    marsad_normalizer *nz = use_norm ? marsad_normalizer_new() : NULL;
    for (int f = first; f < argc; f++) {
        mr_labelled_stream s;
        mr_labels_init(&s);
        char *err = NULL;
        if (mr_labels_load(&s, argv[f], NULL, NULL, &err) != 0) {
            fprintf(stderr, "%s\n", err);
            free(err);
            return 1;
        }
        if (sort) mr_labels_sort_by_time(&s);
        mr_core *core = mr_core_new();
        mr_featurizer *fz = mr_featurizer_new(nz);
        mr_featurizer_common(fz, mark_common, core);
        mr_arena arena;
        mr_arena_init(&arena, 64 * 1024);
        int64_t *gold = mr_malloc((s.count + 1) * sizeof *gold);
        int64_t *pred = mr_malloc((s.count + 1) * sizeof *pred);
        int64_t *story = mr_malloc((s.count + 1) * sizeof *story);
        int64_t *gold_story = mr_malloc((s.count + 1) * sizeof *gold_story);
        mr_strmap labels, story_labels;
        mr_strmap_init(&labels);
        mr_strmap_init(&story_labels);
        size_t copies = 0;
        double cluster_seconds = 0, first_seconds = 0, last_seconds = 0;
        double t0 = now_seconds();
        for (size_t i = 0; i < s.count; i++) {
            const mr_labelled_item *it = &s.items[i];
            mr_arena_reset(&arena);
            const char *lang = iso1(it->lang);
            marsad_text title, body;
            if (nz) {
                marsad_normalize(nz, it->title, strlen(it->title), lang, &arena, &title);
                if (it->body) marsad_normalize(nz, it->body, strlen(it->body), lang, &arena, &body);
            } else {
                tokenize(it->title, strlen(it->title), lang, &arena, &title);
                if (it->body) tokenize(it->body, strlen(it->body), lang, &arena, &body);
            }
            mr_doc doc;
            memset(&doc, 0, sizeof doc);
            doc.id = (int64_t)i + 1;
            doc.time = it->time_known ? it->time : 1000000000;
            doc.time_known = it->time_known;
            doc.lang = mr_lang_bit(lang);
            double c0 = now_seconds();
            mr_featurize(fz, &title, it->body ? &body : NULL, &doc);
            uint8_t hash[16];
            XXH128_hash_t h = XXH3_128bits(it->title, strlen(it->title));
            if (it->body) h = XXH3_128bits_withSeed(it->body, strlen(it->body), h.low64);
            memcpy(hash, &h, 16);
            doc.content_hash = hash;
            mr_core_result r;
            mr_core_add(core, &doc, &r);
            double c1 = now_seconds();
            cluster_seconds += c1 - c0;
            if (i < 5000) first_seconds += c1 - c0;
            if (i + 5000 >= s.count) last_seconds += c1 - c0;
            if (r.duplicate_of) copies++;
            /* As the store does after each commit: drop what left its window. */
            if (i % 1000 == 999) mr_core_evict(core, NULL, NULL, NULL);
            if (trace)
                printf(
                    "T\t%s\t%zu\tevent=%lld%s\tbest=%lld score=%.3f dup=%lld story=%lld\t%.60s\n",
                    it->event, i + 1, (long long)r.event, r.new_event ? "(new)" : "",
                    (long long)r.candidate, r.score, (long long)r.duplicate_of,
                    (long long)r.storyline, it->title);
            pred[i] = r.event;
            story[i] = r.storyline;
            gold[i] = label_id(&labels, it->event);
            gold_story[i] = it->storyline ? label_id(&story_labels, it->storyline) : gold[i];
        }
        double elapsed = now_seconds() - t0;
        for (size_t i = 0; i < s.count; i++) {
            pred[i] = mr_core_resolve_event(core, pred[i]);
            story[i] = mr_core_resolve_story(core, story[i]);
        }
        printf("== %s: %zu items (%zu skipped), %.1f µs/item (clustering %.1f µs; first 5000 %.1f, "
               "last 5000 "
               "%.1f), %zu copies, %lld events, %lld storylines\n",
               argv[f], s.count, s.skipped, elapsed * 1e6 / (double)(s.count ? s.count : 1),
               cluster_seconds * 1e6 / (double)(s.count ? s.count : 1), first_seconds * 1e6 / 5000,
               last_seconds * 1e6 / 5000, copies, (long long)core->next_event - 1,
               (long long)core->next_story - 1);
        mr_scores sc;
        mr_scores_compute(gold, pred, s.count, &sc);
        print_scores("events", &sc);
        /* Storylines against storyline labels, or against the event labels when
         * the data has none (how well the coarser level recovers them). */
        mr_scores_compute(gold_story, story, s.count, &sc);
        print_scores(s.has_storyline ? "stories" : "st/event", &sc);
        if (s.has_lang && !quiet) {
            /* Per language: the items of that language only. */
            mr_strmap seen;
            mr_strmap_init(&seen);
            for (size_t i = 0; i < s.count; i++) {
                const char *l = s.items[i].lang ? s.items[i].lang : "?";
                bool added;
                mr_strmap_upsert(&seen, l, strlen(l), &added);
                if (!added) continue;
                size_t n = 0;
                int64_t *g = mr_malloc(s.count * sizeof *g), *p = mr_malloc(s.count * sizeof *p);
                for (size_t j = 0; j < s.count; j++) {
                    const char *lj = s.items[j].lang ? s.items[j].lang : "?";
                    if (strcmp(lj, l) == 0) g[n] = gold[j], p[n] = pred[j], n++;
                }
                mr_scores_compute(g, p, n, &sc);
                print_scores(l, &sc);
                free(g);
                free(p);
            }
            mr_strmap_free(&seen);
        }
        if (items) {
            /* gold, event, storyline, time, title: for error analysis. */
            for (size_t i = 0; i < s.count; i++)
                printf("I\t%s\t%lld\t%lld\t%lld\t%s\n", s.items[i].event, (long long)pred[i],
                       (long long)story[i], (long long)s.items[i].time, s.items[i].title);
        }
        if (dump) {
            /* The largest predicted events with their items' gold labels. */
            for (int k = 0; k < dump; k++) {
                int64_t bestid = 0;
                size_t bestn = 0;
                for (size_t i = 0; i < s.count; i++) {
                    if (pred[i] <= 0) continue;
                    size_t n = 0;
                    for (size_t j = 0; j < s.count; j++) n += pred[j] == pred[i];
                    if (n > bestn) bestn = n, bestid = pred[i];
                }
                if (!bestid) break;
                printf("-- event %lld (%zu items)\n", (long long)bestid, bestn);
                size_t shown = 0;
                for (size_t i = 0; i < s.count; i++) {
                    if (pred[i] != bestid) continue;
                    if (shown++ < 12)
                        printf("   [%s] %.100s\n", s.items[i].event, s.items[i].title);
                    pred[i] = -pred[i];
                }
            }
        }
        mr_strmap_free(&labels);
        mr_strmap_free(&story_labels);
        free(gold);
        free(pred);
        free(story);
        free(gold_story);
        mr_arena_free(&arena);
        mr_featurizer_free(fz);
        mr_core_free(core);
        mr_labels_free(&s);
    }
    if (nz) marsad_normalizer_free(nz);
    return 0;
}
