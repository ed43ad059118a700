/* Text layers → clustering features (see features.h). */
#include "cluster/features.h"
#include "util/data.h"
#include "util/mem.h"
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

/* Longest alias, in index terms. */
#define MAX_ALIAS_TERMS 5
/* Separates the terms of an alias key. */
#define SEP '\x1f'
/* Most words begin no alias: a bit filter over the alias heads' hashes spares
 * them a table lookup. */
#define HEAD_FILTER_BITS 65536

static inline uint32_t head_bit(uint64_t hash) {
    return (uint32_t)(hash >> 40) & (HEAD_FILTER_BITS - 1);
}

struct mr_featurizer {
    marsad_normalizer *nz; /* borrowed */
    mr_strmap common_ar;   /* index terms of common Arabic words */
    mr_strmap aliases;     /* "term\x1fterm..." → 1 + index into concepts */
    mr_strmap alias_heads; /* first term of some alias → longest alias length */
    uint8_t head_filter[HEAD_FILTER_BITS / 8]; /* a bit per hash of every alias head */
    char **concepts;                           /* "@ID" strings */
    size_t nconcepts, concepts_cap;
    mr_strmap concept_ids; /* ID → 1 + index into concepts */
    mr_arena doc;          /* per-document strings, reset for each call */
    mr_feature *features;
    size_t nfeatures, features_cap;
};

/* The index term of one word of a table entry, or NULL (a stopword). The
 * result lives in the normalizer's cache or in buf. */
static const char *table_term(mr_featurizer *fz, const char *word, size_t len, const char *lang,
                              char *buf, size_t bufsize) {
    if (fz->nz) return marsad_index_term(fz->nz, word, len, lang);
    size_t n;
    char *folded = marsad_fold(word, len, &n);
    if (n >= bufsize) n = bufsize - 1;
    memcpy(buf, folded, n);
    buf[n] = 0;
    free(folded);
    return n ? buf : NULL;
}

static void load_common(const char *line, size_t len, void *ctx) {
    mr_featurizer *fz = ctx;
    char buf[256];
    const char *t = table_term(fz, line, len, "ar", buf, sizeof buf);
    if (t) mr_strmap_upsert(&fz->common_ar, t, strlen(t), NULL);
}

/* Splits s[0..n) on spaces into index terms and writes the joined key into
 * key; returns the number of terms (0 when none survive). */
static int alias_key(mr_featurizer *fz, const char *s, size_t n, const char *lang, char *key,
                     size_t keysize, size_t *keylen, size_t *firstlen) {
    int terms = 0;
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t start = i;
        while (i < n && s[i] != ' ') i++;
        if (i == start) break;
        char buf[256];
        const char *t = table_term(fz, s + start, i - start, lang, buf, sizeof buf);
        if (!t || !*t) continue;
        size_t tl = strlen(t);
        if (terms >= MAX_ALIAS_TERMS || k + tl + 1 >= keysize) return 0;
        if (terms)
            key[k++] = SEP;
        else
            *firstlen = tl;
        memcpy(key + k, t, tl);
        k += tl;
        terms++;
    }
    key[k] = 0;
    *keylen = k;
    return terms;
}

static void load_alias(const char *line, size_t len, void *ctx) {
    mr_featurizer *fz = ctx;
    /* concept \t lang \t alias */
    const char *tab1 = memchr(line, '\t', len);
    if (!tab1) return;
    const char *tab2 = memchr(tab1 + 1, '\t', len - (size_t)(tab1 + 1 - line));
    if (!tab2) return;
    size_t idlen = (size_t)(tab1 - line);
    char lang[16];
    size_t langlen = (size_t)(tab2 - tab1 - 1);
    if (idlen == 0 || langlen == 0 || langlen >= sizeof lang) return;
    memcpy(lang, tab1 + 1, langlen);
    lang[langlen] = 0;
    const char *alias = tab2 + 1;
    size_t alen = len - (size_t)(alias - line);
    char key[512];
    size_t keylen = 0, firstlen = 0;
    int nterms = alias_key(fz, alias, alen, lang, key, sizeof key, &keylen, &firstlen);
    if (nterms == 0) return;
    bool added;
    mr_strmap_slot *cs = mr_strmap_upsert(&fz->concept_ids, line, idlen, &added);
    if (added) {
        MR_GROW(fz->concepts, fz->concepts_cap, fz->nconcepts + 1);
        char *name = mr_malloc(idlen + 2);
        name[0] = '@';
        memcpy(name + 1, line, idlen);
        name[idlen + 1] = 0;
        fz->concepts[fz->nconcepts++] = name;
        cs->value = fz->nconcepts;
    }
    mr_strmap_slot *as = mr_strmap_upsert(&fz->aliases, key, keylen, &added);
    if (added) as->value = cs->value; /* the first table line wins a shared alias */
    uint32_t hb = head_bit(mr_term_hash(key, firstlen));
    fz->head_filter[hb / 8] |= (uint8_t)(1u << (hb % 8));
    mr_strmap_slot *hs = mr_strmap_upsert(&fz->alias_heads, key, firstlen, NULL);
    if (hs->value < (uint64_t)nterms) hs->value = (uint64_t)nterms;
}

mr_featurizer *mr_featurizer_new(marsad_normalizer *nz) {
    mr_featurizer *fz = mr_calloc(1, sizeof *fz);
    fz->nz = nz;
    mr_strmap_init(&fz->common_ar);
    mr_strmap_init(&fz->aliases);
    mr_strmap_init(&fz->alias_heads);
    mr_strmap_init(&fz->concept_ids);
    mr_arena_init(&fz->doc, 16 * 1024);
    mr_data_lines("cluster_common_ar.txt", load_common, fz);
    mr_data_lines("cluster_aliases.tsv", load_alias, fz);
    return fz;
}

void mr_featurizer_free(mr_featurizer *fz) {
    if (!fz) return;
    mr_strmap_free(&fz->common_ar);
    mr_strmap_free(&fz->aliases);
    mr_strmap_free(&fz->alias_heads);
    mr_strmap_free(&fz->concept_ids);
    for (size_t i = 0; i < fz->nconcepts; i++) free(fz->concepts[i]);
    free(fz->concepts);
    mr_arena_free(&fz->doc);
    free(fz->features);
    free(fz);
}

/* How an occurrence is written: a capitalised Latin word that does not start
 * a sentence is name-like; an Arabic word is, unless the core knows its term
 * as a common word (mr_featurizer_common). */
static int name_flags(const marsad_token *t) {
    if (t->flags & MARSAD_TOK_NUMBER) return 0;
    if (t->flags & MARSAD_TOK_LATIN)
        return (t->flags & MARSAD_TOK_CAPITAL) && !(t->flags & MARSAD_TOK_SENTENCE_START)
                   ? MR_FEAT_NAME
                   : 0;
    if (t->flags & MARSAD_TOK_ARABIC) return MR_FEAT_ARABIC;
    return 0;
}

void mr_featurizer_common(const mr_featurizer *fz,
                          void (*fn)(void *ctx, const char *term, size_t len), void *ctx) {
    for (size_t i = 0; i < fz->common_ar.cap; i++)
        if (fz->common_ar.slots[i].key)
            fn(ctx, fz->common_ar.slots[i].key, fz->common_ar.slots[i].len);
}

/* The content tokens of a text: those with an index term, with the term's
 * length and hash worked out once. */
typedef struct content_tok {
    const marsad_token *tok;
    uint64_t hash;
    uint32_t len;
    int field;
} content_tok;

/* The longest alias starting at content token i, as 1 + concept index, with
 * its length in tokens in *span; 0 when none starts there. */
static uint64_t match_alias(mr_featurizer *fz, const content_tok *content, size_t n, size_t i,
                            size_t *span) {
    uint32_t hb = head_bit(content[i].hash);
    if (!(fz->head_filter[hb / 8] & (1u << (hb % 8)))) return 0;
    mr_strmap_slot *head = mr_strmap_find(&fz->alias_heads, content[i].tok->term, content[i].len);
    if (!head) return 0;
    size_t longest = head->value < n - i ? head->value : n - i;
    char key[512];
    for (size_t len = longest; len >= 1; len--) {
        size_t k = 0;
        bool fits = true;
        for (size_t j = 0; j < len && fits; j++) {
            size_t tl = content[i + j].len;
            if (k + tl + 2 >= sizeof key) {
                fits = false;
            } else {
                if (j) key[k++] = SEP;
                memcpy(key + k, content[i + j].tok->term, tl);
                k += tl;
            }
        }
        if (!fits) continue;
        mr_strmap_slot *a = mr_strmap_find(&fz->aliases, key, k);
        if (a) {
            *span = len;
            return a->value;
        }
    }
    return 0;
}

static void push(mr_featurizer *fz, const char *term, size_t len, uint64_t hash, int field,
                 int flags) {
    MR_GROW(fz->features, fz->features_cap, fz->nfeatures + 1);
    fz->features[fz->nfeatures++] =
        (mr_feature){term, hash, (uint32_t)len, (uint8_t)field, (uint8_t)flags};
}

/* Adds the features of one text; a body is split into lead and rest. */
static void add_text(mr_featurizer *fz, const marsad_text *text, bool body) {
    if (!text || !text->tokens) return;
    content_tok *content = mr_arena_alloc(&fz->doc, (text->ntokens + 1) * sizeof *content);
    size_t n = 0;
    int sentences = 0;
    for (size_t i = 0; i < text->ntokens; i++) {
        const marsad_token *t = &text->tokens[i];
        if (body && (i == 0 || (t->flags & MARSAD_TOK_SENTENCE_START))) sentences++;
        if (!t->term || !*t->term || (t->flags & MARSAD_TOK_STOPWORD)) continue;
        size_t len = strlen(t->term);
        content[n].tok = t;
        content[n].len = (uint32_t)len;
        content[n].hash = mr_term_hash(t->term, len);
        content[n].field = !body ? MR_FIELD_TITLE : sentences <= 2 ? MR_FIELD_LEAD : MR_FIELD_BODY;
        n++;
    }
    /* A headline whose words are mostly capitalised (Title Case: "Olympics
     * Latest: Surfer Gets Last-Minute Spot") says nothing about names with
     * its capitals; counted as names, its every word weighed as one.
     * German capitalises every noun, so the test cannot tell there. */
    bool title_case = false;
    bool nouns_capitalised = text->lang && !strcmp(text->lang, "de");
    if (!body && !nouns_capitalised) {
        size_t latin = 0, caps = 0;
        for (size_t i = 0; i < n; i++) {
            const marsad_token *t = content[i].tok;
            /* Every style capitalises a headline's first word: only the others tell. */
            if (!(t->flags & MARSAD_TOK_LATIN) || (t->flags & MARSAD_TOK_NUMBER) ||
                (t->flags & MARSAD_TOK_SENTENCE_START))
                continue;
            latin++;
            caps += (t->flags & MARSAD_TOK_CAPITAL) != 0;
        }
        title_case = latin >= 3 && (double)caps >= MR_TITLE_CASE_SHARE * (double)latin;
    }
    for (size_t i = 0; i < n;) {
        const marsad_token *t = content[i].tok;
        size_t span = 0;
        uint64_t concept = fz->nconcepts ? match_alias(fz, content, n, i, &span) : 0;
        if (concept) {
            const char *name = fz->concepts[concept - 1];
            push(fz, name, strlen(name), 0, content[i].field, MR_FEAT_CONCEPT | MR_FEAT_NAME);
            i += span;
            continue;
        }
        int flags = (t->flags & MARSAD_TOK_NUMBER)                ? MR_FEAT_NUMBER
                    : title_case && (t->flags & MARSAD_TOK_LATIN) ? 0
                                                                  : name_flags(t);
        push(fz, t->term, content[i].len, content[i].hash, content[i].field, flags);
        /* A figure with the word after it: "40 civilians" says more than 40. */
        if ((t->flags & MARSAD_TOK_NUMBER) && i + 1 < n &&
            !(content[i + 1].tok->flags & MARSAD_TOK_NUMBER)) {
            size_t a = content[i].len, b = content[i + 1].len;
            char *pair = mr_arena_alloc(&fz->doc, a + b + 2);
            memcpy(pair, t->term, a);
            pair[a] = ' ';
            memcpy(pair + a + 1, content[i + 1].tok->term, b + 1);
            push(fz, pair, a + b + 1, 0, content[i].field, MR_FEAT_NUMBER);
        }
        i++;
    }
}

void mr_featurize(mr_featurizer *fz, const marsad_text *title, const marsad_text *body,
                  mr_doc *doc) {
    mr_arena_reset(&fz->doc);
    fz->nfeatures = 0;
    /* Room for every token and a figure pair after each: no growth per push. */
    size_t room = (title ? title->ntokens : 0) * 2 + (body ? body->ntokens : 0) * 2 + 1;
    MR_GROW(fz->features, fz->features_cap, room);
    add_text(fz, title, false);
    add_text(fz, body, true);
    doc->features = fz->features;
    doc->nfeatures = fz->nfeatures;
}
