/* Class/id hint matcher: what the words a page's authors put in class and id
 * attributes ("article-body", "share-bar", "related-posts") say about an
 * element. The patterns live in data/html_hints.tsv; they are compiled once
 * into one automaton (Aho-Corasick, transitions fully resolved) so that an
 * element costs one pass over its attribute text, however many patterns there
 * are.
 *
 * Attribute text is normalised before matching: lower case, every run of
 * characters other than a-z becomes one space, a lower-to-upper case change
 * ("articleBody") also becomes a space, and the whole is padded with spaces.
 * In a pattern, '_' stands for that space, i.e. a word edge. */
#include "html/content.h"
#include "util/data.h"
#include "util/mem.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SYMBOLS 27 /* a-z and the space */
#define SPACE_SYMBOL 26
#define UPPER 64           /* in symbol_class: an upper-case letter */
#define MAX_NORMALISED 512 /* attribute bytes read, each of class and id */
/* A transition is a state number with HAS_OUTPUT set when patterns end in
 * that state, so the common case costs one load. */
#define HAS_OUTPUT 0x8000u
#define STATE_MASK 0x7FFFu

typedef struct hint_pattern {
    int weight;
    unsigned kinds;
} hint_pattern;

typedef struct automaton {
    uint16_t (*next)[SYMBOLS]; /* next[state][symbol] */
    uint32_t *out_start;       /* out_ids[out_start[s] .. out_start[s+1]) end at state s */
    uint16_t *out_ids;
    hint_pattern *patterns;
    size_t npatterns, nstates;
} automaton;

static automaton hints;
/* Byte → symbol: 'a'..'z' 0..25, 'A'..'Z' the same | UPPER, anything else
 * SPACE_SYMBOL. Filled by build_hints. */
static uint8_t symbol_class[256];
static pthread_once_t hints_once = PTHREAD_ONCE_INIT;

static int symbol_of(char c) {
    return c == ' ' || c == '_' ? 26 : c - 'a';
}

typedef struct build_state {
    /* trie under construction, before failure links */
    int32_t (*child)[SYMBOLS];
    uint16_t *own_first; /* patterns ending exactly here: linked through pattern_next */
    size_t nstates, cap;
    char **texts;
    uint16_t *pattern_next;
    uint16_t *pattern_state;
    size_t npatterns, pcap;
} build_state;

static unsigned kinds_of(const char *s, size_t n) {
    unsigned k = 0;
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case 'c':
            k |= MR_HINT_CONTENT;
            break;
        case 'b':
            k |= MR_HINT_BODY | MR_HINT_CONTENT;
            break;
        case 'n':
            k |= MR_HINT_NEGATIVE;
            break;
        case 'x':
            k |= MR_HINT_BOILERPLATE | MR_HINT_NEGATIVE;
            break;
        case 'a':
            k |= MR_HINT_BYLINE | MR_HINT_NEGATIVE;
            break;
        case 'h':
            k |= MR_HINT_HIDDEN;
            break;
        case 'p':
            k |= MR_HINT_CAPTION;
            break;
        case 'e':
            k |= MR_HINT_EMBED;
            break;
        default:
            break;
        }
    }
    return k;
}

static size_t new_state(build_state *b) {
    if (b->nstates >= STATE_MASK) return 0; /* far beyond any table we ship */
    if (b->nstates == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 256;
        b->child = mr_realloc(b->child, b->cap * sizeof *b->child);
        b->own_first = mr_realloc(b->own_first, b->cap * sizeof *b->own_first);
    }
    for (int i = 0; i < SYMBOLS; i++) b->child[b->nstates][i] = -1;
    b->own_first[b->nstates] = UINT16_MAX;
    return b->nstates++;
}

/* One line of html_hints.tsv: PATTERN <tab> WEIGHT <tab> KINDS. */
static void add_line(const char *line, size_t len, void *ctx) {
    build_state *b = ctx;
    const char *tab1 = memchr(line, '\t', len);
    if (!tab1) return;
    size_t plen = (size_t)(tab1 - line);
    const char *rest = tab1 + 1;
    size_t rlen = len - plen - 1;
    const char *tab2 = memchr(rest, '\t', rlen);
    int weight = atoi(rest);
    unsigned kinds = tab2 ? kinds_of(tab2 + 1, rlen - (size_t)(tab2 + 1 - rest)) : 0;
    if (plen == 0 || b->npatterns >= UINT16_MAX - 1) return;
    for (size_t i = 0; i < plen; i++)
        if (!(line[i] == '_' || (line[i] >= 'a' && line[i] <= 'z'))) return; /* malformed: skip */

    size_t state = 0;
    for (size_t i = 0; i < plen; i++) {
        int sym = symbol_of(line[i]);
        if (b->child[state][sym] < 0) {
            size_t s = new_state(b);
            if (!s) return; /* the automaton is full */
            b->child[state][sym] = (int32_t)s;
        }
        state = (size_t)b->child[state][sym];
    }
    if (b->npatterns == b->pcap) {
        b->pcap = b->pcap ? b->pcap * 2 : 128;
        hints.patterns = mr_realloc(hints.patterns, b->pcap * sizeof *hints.patterns);
        b->pattern_next = mr_realloc(b->pattern_next, b->pcap * sizeof *b->pattern_next);
    }
    size_t id = b->npatterns++;
    hints.patterns[id] = (hint_pattern){weight, kinds};
    b->pattern_next[id] = b->own_first[state];
    b->own_first[state] = (uint16_t)id;
}

static void build_hints(void) {
    build_state b = {0};
    new_state(&b); /* the root */
    mr_data_lines("html_hints.tsv", add_line, &b);
    size_t n = b.nstates;
    hints.nstates = n;
    hints.npatterns = b.npatterns;
    hints.next = mr_malloc(n * sizeof *hints.next);
    uint32_t *fail = mr_calloc(n, sizeof *fail);
    uint32_t *queue = mr_malloc(n * sizeof *queue);
    size_t head = 0, tail = 0;

    /* Breadth-first: resolve every transition and every failure link. */
    for (int s = 0; s < SYMBOLS; s++) {
        int32_t c = b.child[0][s];
        hints.next[0][s] = (uint16_t)(c < 0 ? 0 : c);
        if (c > 0) {
            fail[c] = 0;
            queue[tail++] = (uint32_t)c;
        }
    }
    while (head < tail) {
        uint32_t st = queue[head++];
        for (int s = 0; s < SYMBOLS; s++) {
            int32_t c = b.child[st][s];
            if (c < 0) {
                hints.next[st][s] = hints.next[fail[st]][s];
            } else {
                fail[c] = hints.next[fail[st]][s];
                hints.next[st][s] = (uint16_t)c;
                queue[tail++] = (uint32_t)c;
            }
        }
    }

    /* Outputs: a state reports its own patterns and those of its failure
     * chain; the chain is resolved here once, in BFS order. */
    size_t total = 0;
    uint32_t *count = mr_calloc(n, sizeof *count);
    for (size_t i = 0; i < tail + 1; i++) {
        uint32_t st = i == 0 ? 0 : queue[i - 1];
        uint32_t c = 0;
        for (uint16_t p = b.own_first[st]; p != UINT16_MAX; p = b.pattern_next[p]) c++;
        if (st) c += count[fail[st]];
        count[st] = c;
        total += c;
    }
    hints.out_start = mr_malloc((n + 1) * sizeof *hints.out_start);
    hints.out_ids = mr_malloc((total ? total : 1) * sizeof *hints.out_ids);
    uint32_t pos = 0;
    for (size_t st = 0; st < n; st++) {
        hints.out_start[st] = pos;
        pos += count[st];
    }
    hints.out_start[n] = pos;
    for (size_t i = 0; i < tail + 1; i++) {
        uint32_t st = i == 0 ? 0 : queue[i - 1];
        uint32_t w = hints.out_start[st];
        for (uint16_t p = b.own_first[st]; p != UINT16_MAX; p = b.pattern_next[p])
            hints.out_ids[w++] = p;
        if (st) {
            uint32_t f = fail[st];
            for (uint32_t k = hints.out_start[f]; k < hints.out_start[f] + count[f]; k++)
                hints.out_ids[w++] = hints.out_ids[k];
        }
    }
    for (size_t st = 0; st < n; st++)
        for (int k = 0; k < SYMBOLS; k++) {
            uint16_t to = hints.next[st][k];
            if (count[to]) hints.next[st][k] = (uint16_t)(to | HAS_OUTPUT);
        }
    for (int c = 0; c < 256; c++) {
        if (c >= 'a' && c <= 'z')
            symbol_class[c] = (uint8_t)(c - 'a');
        else if (c >= 'A' && c <= 'Z')
            symbol_class[c] = (uint8_t)((c - 'A') | UPPER);
        else
            symbol_class[c] = SPACE_SYMBOL;
    }
    free(count);
    free(fail);
    free(queue);
    free(b.child);
    free(b.own_first);
    free(b.pattern_next);
}

/* The patterns ending in state st count once per stamp. */
static void emit(uint32_t st, uint32_t *seen, uint32_t stamp, mr_class_hint *r) {
    for (uint32_t k = hints.out_start[st]; k < hints.out_start[st + 1]; k++) {
        uint16_t p = hints.out_ids[k];
        if (seen[p] == stamp) continue;
        seen[p] = stamp;
        r->weight += hints.patterns[p].weight;
        r->kinds |= hints.patterns[p].kinds;
    }
}

/* One symbol through the automaton. */
static inline uint32_t step(uint32_t st, int sym, uint32_t *seen, uint32_t stamp,
                            mr_class_hint *r) {
    uint16_t t = hints.next[st][sym];
    st = t & STATE_MASK;
    if (t & HAS_OUTPUT) emit(st, seen, stamp, r);
    return st;
}

size_t mr_class_hint_patterns(void) {
    pthread_once(&hints_once, build_hints);
    return hints.npatterns;
}

/* Feeds the normalised form of s (see the top of the file) through the
 * automaton from state st; *prev_space tells whether the last symbol fed
 * was a space. Adds what matches to r. */
static uint32_t feed(const char *s, uint32_t st, bool *prev_space, uint32_t *seen, uint32_t stamp,
                     mr_class_hint *r) {
    bool prev_lower = false, space = *prev_space;
    for (size_t i = 0; s[i] && i < MAX_NORMALISED; i++) {
        unsigned k = symbol_class[(unsigned char)s[i]];
        if (k == SPACE_SYMBOL) {
            prev_lower = false;
            if (space) continue;
            space = true;
        } else {
            if (k & UPPER) {
                k &= ~(unsigned)UPPER;
                if (prev_lower) st = step(st, SPACE_SYMBOL, seen, stamp, r); /* articleBody */
                prev_lower = false;
            } else {
                prev_lower = true;
            }
            space = false;
        }
        st = step(st, (int)k, seen, stamp, r);
    }
    *prev_space = space;
    return st;
}

mr_class_hint mr_class_hint_match(const char *class_attr, const char *id_attr, uint32_t *seen,
                                  uint32_t stamp) {
    pthread_once(&hints_once, build_hints);
    mr_class_hint r = {0, 0};
    if (!class_attr && !id_attr) return r;
    bool prev_space = true;
    uint32_t st = step(0, SPACE_SYMBOL, seen, stamp, &r);
    if (class_attr) st = feed(class_attr, st, &prev_space, seen, stamp, &r);
    if (id_attr) {
        if (!prev_space) {
            st = step(st, SPACE_SYMBOL, seen, stamp, &r);
            prev_space = true;
        }
        st = feed(id_attr, st, &prev_space, seen, stamp, &r);
    }
    if (!prev_space) step(st, SPACE_SYMBOL, seen, stamp, &r);
    return r;
}
