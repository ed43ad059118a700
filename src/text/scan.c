/* One pass over a display text that produces both the match layer (every
 * character folded by the rules of chars.c, white-space runs made one space,
 * ends trimmed, each output byte mapped to the display offset it came from)
 * and the token boundaries. Doing both in one pass halves the per-character
 * work, which is most of the cost of normalizing a text.
 *
 * Tokens. A word is a run of letters of one script, with the combining marks
 * on them and the invisible characters between them (tatweel, ZWNJ, bidi
 * marks: قـوّات is one word); a Latin word may end in ASCII digits (G7,
 * COVID19). CJK ideographs are one token each. A number is a run of digits of
 * any script with its thousands groups and decimal part (number.c).
 * Everything else separates tokens, apostrophes and hyphens too: l'armée is
 * l + armée.
 *
 * Sentence starts are tracked for the clustering's name signal: a token is
 * flagged when it is the first of the text, of a line, or follows . ! ? ؟ …
 * A '.' after an initial or a short title ("U.S.", "Mr.") does not count,
 * nor one followed directly by a letter or digit ("e.g"). */
#include "text/text.h"
#include "util/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Growable output (the match layer in the arena, or on the heap when arena
 * is NULL; token records always in the arena, or on the heap likewise). */
typedef struct scan_out {
    char *text;
    uint32_t *map;
    size_t len, cap;
    mr_rawtok *toks;
    size_t ntoks, tcap;
    mr_arena *arena;
} scan_out;

static void *out_alloc(scan_out *o, void *old, size_t old_bytes, size_t bytes) {
    if (!o->arena) return mr_realloc(old, bytes);
    void *p = mr_arena_alloc(o->arena, bytes);
    if (old_bytes) memcpy(p, old, old_bytes);
    return p;
}

static void text_reserve(scan_out *o, size_t need, bool want_map) {
    size_t cap = o->cap * 2 > o->len + need + 1 ? o->cap * 2 : o->len + need + 1;
    o->text = out_alloc(o, o->text, o->len, cap);
    if (want_map) o->map = out_alloc(o, o->map, o->len * sizeof(uint32_t), cap * sizeof(uint32_t));
    o->cap = cap;
}

static inline mr_rawtok *new_token(scan_out *o) {
    if (o->ntoks == o->tcap) {
        size_t cap = o->tcap ? o->tcap * 2 : 64;
        o->toks = out_alloc(o, o->toks, o->ntoks * sizeof *o->toks, cap * sizeof *o->toks);
        o->tcap = cap;
    }
    return &o->toks[o->ntoks++];
}

/* Short words after which '.' is an abbreviation point, not a sentence end. */
static bool is_abbreviation(const char *s, size_t n) {
    static const char *const abbrevs[] = {"mr",  "mrs", "ms",   "dr",   "st",  "jr",  "sr",  "gen",
                                          "col", "lt",  "sgt",  "capt", "gov", "sen", "rep", "prof",
                                          "vs",  "no",  "mt",   "ft",   "co",  "inc", "ltd", "corp",
                                          "sra", "mme", "mlle", "hr",   "nr"};
    if (n == 1) return true; /* an initial: U.S., J. Smith */
    if (n > 4) return false;
    for (size_t i = 0; i < sizeof abbrevs / sizeof abbrevs[0]; i++) {
        if (strlen(abbrevs[i]) == n && strncasecmp(s, abbrevs[i], n) == 0) return true;
    }
    return false;
}

/* Token state carried from character to character. */
typedef struct scan_state {
    bool in_word, ignorables, digit_tail, capital;
    uint8_t script;
    size_t word_start, word_end; /* word_end: after its last letter or mark */
    size_t word_mstart;          /* where the word's match form starts */
    size_t number_end;           /* inside a number token until here */
    bool sentence_start, last_abbrev, pending_period;
} scan_state;

/* Ends the current word; match_len: the match layer written so far. */
static inline __attribute__((always_inline)) void emit_word(const char *s, scan_state *st,
                                                            scan_out *o, size_t match_len) {
    mr_rawtok *t = new_token(o);
    uint8_t script = st->script;
    t->start = (uint32_t)st->word_start;
    t->len = (uint32_t)(st->word_end - st->word_start);
    if (st->word_mstart == SIZE_MAX || st->word_mstart > match_len) {
        t->mstart = UINT32_MAX; /* no output seen (a dropped compatibility form): unknown */
        t->mlen = 0;
    } else {
        t->mstart = (uint32_t)st->word_mstart;
        t->mlen = (uint32_t)(match_len - st->word_mstart);
    }
    t->script = script;
    t->decimal_at = UINT32_MAX;
    t->flags = (uint16_t)((script == MR_S_ARABIC ? MARSAD_TOK_ARABIC : 0) |
                          (script == MR_S_LATIN ? MARSAD_TOK_LATIN : 0) |
                          (st->capital ? MARSAD_TOK_CAPITAL : 0) |
                          (st->sentence_start ? MARSAD_TOK_SENTENCE_START : 0));
    st->sentence_start = false;
    st->last_abbrev = script == MR_S_LATIN && !st->digit_tail &&
                      is_abbreviation(s + st->word_start, st->word_end - st->word_start);
    st->in_word = false;
}

static void start_number(const char *s, size_t n, size_t i, bool decimal_comma, scan_state *st,
                         scan_out *o) {
    size_t decimal_at;
    size_t len = mr_number_scan(s + i, n - i, decimal_comma, &decimal_at);
    mr_rawtok *t = new_token(o);
    t->start = (uint32_t)i;
    t->len = (uint32_t)len;
    t->script = MR_S_NONE;
    t->decimal_at = decimal_at == SIZE_MAX ? UINT32_MAX : (uint32_t)decimal_at;
    t->flags = MARSAD_TOK_NUMBER;
    t->mstart = t->mlen = 0;
    if (st->sentence_start) t->flags |= MARSAD_TOK_SENTENCE_START;
    st->sentence_start = false;
    st->last_abbrev = false;
    st->number_end = i + len;
}

/* Offsets of a run of two-byte letters: both bytes of each letter map to its
 * start (i, i, i+2, i+2, ...), four entries per vector store. */
typedef uint32_t u32x4 __attribute__((vector_size(16)));
static inline void fill_pairs(uint32_t *m, uint32_t start, size_t bytes) {
    u32x4 v = {start, start, start + 2, start + 2};
    const u32x4 step = {4, 4, 4, 4};
    size_t j = 0;
    for (; j + 4 <= bytes; j += 4, v += step) memcpy(m + j, &v, 16);
    if (j < bytes) m[j] = m[j + 1] = start + (uint32_t)j;
}

/* End of the run of Arabic letters (plain or folding to another two-byte
 * letter) from `run` on, before `end`. *kinds (in/out) collects MR_AR_SAME
 * and MR_AR_MAPPED of the letters seen. */
static inline size_t arabic_run_kinds(const unsigned char *u, size_t run, size_t end,
                                      unsigned *kinds) {
    for (;;) {
        if (run + 3 < end) {
            unsigned a = mr_ar_letter16[u[run] | (unsigned)u[run + 1] << 8];
            unsigned b = mr_ar_letter16[u[run + 2] | (unsigned)u[run + 3] << 8];
            if (a && b) {
                *kinds |= a | b;
                run += 4;
                continue;
            }
        }
        if (run + 1 < end) {
            unsigned a = mr_ar_letter16[u[run] | (unsigned)u[run + 1] << 8];
            if (a) {
                *kinds |= a;
                run += 2;
            }
        }
        return run;
    }
}

/* Copies the run u[i..i+bytes) to dst and folds its letters that fold (ة أ
 * ى ...: two bytes like the letters they replace). dst has room to spare;
 * the source is read in fixed-size blocks when n allows. */
static inline void copy_run(char *dst, const unsigned char *u, size_t i, size_t bytes, size_t n,
                            unsigned kinds) {
    if (bytes <= 16 && i + 16 <= n) {
        memcpy(dst, u + i, 16); /* fixed size: inlined; the tail is overwritten later */
    } else if (bytes <= 32 && i + 32 <= n) {
        memcpy(dst, u + i, 32);
    } else {
        memcpy(dst, u + i, bytes);
    }
    if (kinds & MR_AR_MAPPED) {
        for (size_t j = 0; j < bytes; j += 2) {
            if (mr_ar_letter16[u[i + j] | (unsigned)u[i + j + 1] << 8] == MR_AR_MAPPED) {
                unsigned x = ((u[i + j] & 3u) << 6) | (u[i + j + 1] & 0x3Fu);
                memcpy(dst + j, mr_cp_table[0x600 + x].fold, 2);
            }
        }
    }
}

/* A character outside any token: it may start one, or end a sentence. */
static inline __attribute__((always_inline)) void outside(const char *s, size_t n, size_t i,
                                                          uint32_t cp, size_t k, uint8_t cls,
                                                          uint8_t script, bool decimal_comma,
                                                          scan_state *st, scan_out *o) {
    if (st->pending_period) {
        /* The '.' before was a sentence end unless a letter or digit follows it directly. */
        st->pending_period = false;
        if (cls != MR_C_LETTER && cls != MR_C_DIGIT) st->sentence_start = true;
    }
    if (cls == MR_C_LETTER) {
        st->in_word = true;
        st->ignorables = st->digit_tail = false;
        st->script = script;
        st->word_start = i;
        st->word_end = i + k;
        st->capital = cp < 0x800 ? mr_cp_table[cp].upper : mr_char_is_upper(cp);
        st->word_mstart = SIZE_MAX; /* set by the first character that writes output */
    } else if (cls == MR_C_DIGIT) {
        start_number(s, n, i, decimal_comma, st, o);
    } else if (cls == MR_C_SPACE) {
        if (cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x85)
            st->sentence_start = true;
    } else if (cls == MR_C_OTHER && mr_char_ends_sentence(cp)) {
        if (cp != '.')
            st->sentence_start = true;
        else if (!st->last_abbrev)
            st->pending_period = true;
    }
}

/* Output room. The general path writes at most CHAR_RESERVE bytes for one
 * character (a space and its fold). The fast paths write no more than they
 * read and stop CHAR_RESERVE short of the end; the loop top keeps
 * TOP_RESERVE free, so after a pending space at least 7 bytes remain for
 * them: they always take at least one letter. (With no margin, a text whose
 * output had grown to exactly CHAR_RESERVE short of the capacity made the
 * fold-only loop spin on an Arabic letter forever.) */
#define CHAR_RESERVE (MR_FOLD_MAX + 2)
#define TOP_RESERVE (CHAR_RESERVE + 8)

/* The loop, specialised by the compiler for what each caller wants: the
 * offset map, the tokens. Locals rather than o's fields: a store of a char
 * may alias anything and would force reloads after every byte. */
static inline __attribute__((always_inline)) void scan_loop(const char *s, size_t n,
                                                            bool decimal_comma, scan_out *o,
                                                            const bool want_map,
                                                            const bool want_tokens) {
    const unsigned char *u = (const unsigned char *)s;
    char *t = o->text;
    uint32_t *m = o->map;
    size_t len = 0, cap = o->cap;
    bool pending_space = false;
    uint32_t space_at = 0;
    size_t last_end = 0; /* display end of the last character that was not white space */
    scan_state st = {0};
    st.sentence_start = true;
    char buf[MR_FOLD_MAX];
    size_t i = 0;
    while (i < n) {
        if (len + TOP_RESERVE > cap) {
            o->len = len;
            text_reserve(o, TOP_RESERVE, want_map);
            t = o->text;
            m = o->map;
            cap = o->cap;
        }
        unsigned c = u[i];
        if (c == ' ') {
            /* The commonest character of all: a space between words. */
            if (want_tokens && i >= st.number_end) {
                if (st.in_word) {
                    emit_word(s, &st, o, len);
                } else if (st.pending_period) {
                    st.pending_period = false;
                    st.sentence_start = true;
                }
            }
            if (len > 0 && !pending_space) {
                pending_space = true;
                space_at = (uint32_t)i;
            }
            i++;
            continue;
        }
        if ((!want_tokens || (!st.in_word && i >= st.number_end && !st.pending_period)) &&
            i + 1 < n && mr_ar_letter16[c | (unsigned)u[i + 1] << 8]) {
            /* An Arabic word starting with a plain letter: the fast loop below
             * takes it from its first letter. */
            if (pending_space) {
                if (want_map) m[len] = space_at;
                t[len++] = ' ';
                pending_space = false;
            }
            if (want_tokens) {
                /* Most words are letters only, then a space: done here whole. */
                size_t room = cap - len - CHAR_RESERVE; /* >= 7: see TOP_RESERVE */
                size_t end = n - i < room ? n : i + room;
                unsigned kinds = 0;
                size_t run = arabic_run_kinds(u, i, end, &kinds);
                /* The word surely ends at `run` when the text does, or an ASCII
                 * character follows (space, punctuation, Latin, digits; not a
                 * control character, which is invisible and may be inside the
                 * word), or Arabic punctuation or digits do; marks, tatweel,
                 * invisible marks and other letters take the general path. */
                bool ends = run > i &&
                            (run >= n || (u[run] < 0x80 && mr_cp_table[u[run]].cls != MR_C_IGNORE));
                if (!ends && run > i && run + 1 < n && (u[run] & 0xFC) == 0xD8 &&
                    (u[run + 1] & 0xC0) == 0x80) {
                    uint8_t cls = mr_cp_table[((u[run] & 0x1Fu) << 6) | (u[run + 1] & 0x3Fu)].cls;
                    ends = cls == MR_C_OTHER || cls == MR_C_DIGIT;
                }
                if (ends) {
                    size_t bytes = run - i;
                    copy_run(t + len, u, i, bytes, n, kinds);
                    if (want_map) fill_pairs(m + len, (uint32_t)i, bytes);
                    mr_rawtok *tok = new_token(o);
                    tok->start = (uint32_t)i;
                    tok->len = (uint32_t)bytes;
                    tok->mstart = (uint32_t)len;
                    tok->mlen = (uint32_t)bytes;
                    tok->script = MR_S_ARABIC;
                    tok->decimal_at = UINT32_MAX;
                    tok->flags = (uint16_t)(MARSAD_TOK_ARABIC |
                                            (st.sentence_start ? MARSAD_TOK_SENTENCE_START : 0));
                    st.sentence_start = st.last_abbrev = false;
                    len += bytes;
                    last_end = run;
                    if (run < n && u[run] == ' ') { /* and the space after it */
                        pending_space = true;
                        space_at = (uint32_t)run;
                        run++;
                    }
                    i = run;
                    continue;
                }
                st.in_word = true;
                st.script = MR_S_ARABIC;
                st.word_start = st.word_end = i;
                st.word_mstart = len;
                st.capital = st.digit_tail = st.ignorables = false;
            }
        } else {
            uint32_t cp;
            size_t k;
            const mr_cpinfo *e = NULL;
            if (c < 0x80) {
                cp = c;
                k = 1;
                e = &mr_cp_table[c];
            } else if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
                cp = ((uint32_t)(c & 0x1F) << 6) | (u[i + 1] & 0x3F);
                k = 2;
                e = &mr_cp_table[cp];
            } else {
                k = mr_utf8_decode(u + i, n - i, &cp);
                if (cp < 0x800) e = &mr_cp_table[cp];
            }
            uint8_t cls, script;
            if (e) {
                cls = e->cls;
                script = e->script;
            } else {
                mr_charinfo ci = mr_char_info_slow(cp);
                cls = ci.cls;
                script = ci.script;
            }

            if (want_tokens && i >= st.number_end) {
                if (st.in_word) {
                    if ((cls == MR_C_LETTER && script == st.script && script != MR_S_HAN &&
                         !st.digit_tail) ||
                        cls == MR_C_MARK) {
                        st.word_end = i + k;
                        st.ignorables = false;
                    } else if (cls == MR_C_DIGIT && st.script == MR_S_LATIN && cp < 0x80 &&
                               !st.ignorables) {
                        st.digit_tail = true; /* G7, COVID19 */
                        st.word_end = i + k;
                    } else if (cls == MR_C_IGNORE && !st.digit_tail) {
                        st.ignorables = true; /* the word goes on if a letter of it follows */
                    } else {
                        emit_word(s, &st, o, len);
                    }
                }
                if (!st.in_word && i >= st.number_end)
                    outside(s, n, i, cp, k, cls, script, decimal_comma, &st, o);
            }

            const char *src = buf;
            int w;
            if (e && e->fold_len != MR_FOLD_SLOW) {
                w = e->fold_len;
                src = e->fold;
            } else {
                w = mr_fold_cp_slow(cp, buf);
            }
            if (w <= 0) {
                if (w == MR_FOLD_SPACE) {
                    if (len > 0 && !pending_space) {
                        pending_space = true;
                        space_at = (uint32_t)i;
                    }
                } else if (len > 0 && !pending_space) {
                    last_end = i + k; /* a dropped mark still belongs to the word before */
                }
                i += k;
                continue;
            }
            if (pending_space) {
                if (want_map) m[len] = space_at;
                t[len++] = ' ';
                pending_space = false;
            }
            if (want_tokens && st.in_word && st.word_mstart == SIZE_MAX) st.word_mstart = len;
            if (want_map) {
                for (int j = 0; j < w; j++) m[len + (size_t)j] = (uint32_t)i;
            }
            if (w <= 4) {
                memcpy(t + len, src, 4); /* table entries and buf both have 4 bytes to copy */
            } else {
                memcpy(t + len, src, (size_t)w);
            }
            len += (size_t)w;
            i += k;
            last_end = i;

            /* Fast loops for the rest of a word: Arabic letters, marks and tatweel
             * (two-byte characters U+0600..U+06FF), or ASCII letters of a Latin
             * word. They do exactly what the general path above would. */
            if (want_tokens && !(st.in_word && !st.digit_tail)) continue;
        }

        /* Plain locals inside: st's address is taken, so the compiler would
         * store and reload its fields around every byte written. */
        /* The fast loops never write more bytes than they read: stopping `room`
         * bytes on keeps the headroom the general path relies on. */
        size_t room = cap - len - CHAR_RESERVE; /* >= 7: see TOP_RESERVE */
        size_t word_end = st.word_end, end = n - i < room ? n : i + room;
        bool ignorables = st.ignorables;
        if (!want_tokens || st.script == MR_S_ARABIC) {
            /* Output never outgrows input here, so `end` keeps the room the general path needs. */
            while (i + 1 < end) {
                unsigned c0 = u[i], c1 = u[i + 1];
                if (!want_tokens && c0 == ' ' && len > 0 && i + 2 < end &&
                    mr_ar_letter16[c1 | (unsigned)u[i + 2] << 8]) {
                    /* Without tokens, one space and the next Arabic word go
                     * on here too, the space written as the general path
                     * would write it (output follows, so it is not trailing;
                     * a letter came before, so it is not leading). */
                    if (want_map) m[len] = (uint32_t)i;
                    t[len++] = ' ';
                    i++;
                    continue;
                }
                if ((c0 & 0xFC) != 0xD8 || (c1 & 0xC0) != 0x80) break;
                unsigned idx = ((c0 & 3u) << 6) | (c1 & 0x3Fu);
                unsigned kind = mr_ar_fast[idx];
                if (kind == MR_AR_SAME || kind == MR_AR_MAPPED) {
                    /* A run of letters: find its end, copy it as it is and fill its
                     * offsets in one go, then put in the folded letters (ة أ ى ...),
                     * which are two bytes like the letters they replace. */
                    unsigned kinds = kind;
                    size_t run = arabic_run_kinds(u, i + 2, end, &kinds);
                    size_t bytes = run - i;
                    copy_run(t + len, u, i, bytes, n, kinds);
                    if (want_map) fill_pairs(m + len, (uint32_t)i, bytes);
                    len += bytes;
                    i = run;
                    word_end = i;
                    ignorables = false;
                } else if (kind == MR_AR_MARK) {
                    i += 2;
                    word_end = i;
                    ignorables = false;
                } else if (kind == MR_AR_IGNORE && want_tokens) {
                    i += 2;
                    ignorables = true;
                } else {
                    break;
                }
            }
        } else if (st.script == MR_S_LATIN) {
            while (i < end) {
                unsigned lower = u[i] | 0x20u;
                if (lower < 'a' || lower > 'z') break;
                if (want_map) m[len] = (uint32_t)i;
                t[len++] = (char)lower;
                i++;
                word_end = i;
                ignorables = false;
            }
        }
        last_end = i;
        st.word_end = word_end;
        st.ignorables = ignorables;
    }
    if (want_tokens && st.in_word) emit_word(s, &st, o, len);
    t[len] = 0;
    if (want_map) m[len] = (uint32_t)(len ? last_end : 0);
    o->len = len;
}

void mr_scan_text(const char *s, size_t n, bool decimal_comma, mr_arena *arena, unsigned what,
                  mr_scan_result *res) {
    mr_chars_init();
    if (!s) n = 0;
    scan_out o = {0};
    o.arena = arena;
    /* Folding rarely lengthens text (Arabic shrinks): start at the input size
     * plus the headroom the loop keeps for one character's output. */
    o.cap = n + TOP_RESERVE + 8;
    bool want_map = what & MR_SCAN_MAP, want_tokens = what & MR_SCAN_TOKENS;
    o.text = out_alloc(&o, NULL, 0, o.cap);
    o.map = want_map ? out_alloc(&o, NULL, 0, o.cap * sizeof(uint32_t)) : NULL;
    if (want_tokens) {
        o.tcap = n / 6 + 16;
        o.toks = out_alloc(&o, NULL, 0, o.tcap * sizeof *o.toks);
    }
    const char *text = s ? s : "";
    if (want_map && want_tokens)
        scan_loop(text, n, decimal_comma, &o, true, true);
    else if (want_tokens)
        scan_loop(text, n, decimal_comma, &o, false, true);
    else if (want_map)
        scan_loop(text, n, decimal_comma, &o, true, false);
    else
        scan_loop(text, n, decimal_comma, &o, false, false);
    res->match = o.text;
    res->match_len = o.len;
    res->map = o.map;
    res->tokens = o.toks;
    res->ntokens = o.ntoks;
}

void mr_fold_text(const char *s, size_t n, mr_arena *arena, bool want_map, char **out,
                  size_t *out_len, uint32_t **map) {
    mr_scan_result r;
    mr_scan_text(s, n, false, arena, want_map ? MR_SCAN_MAP : 0, &r);
    *out = r.match;
    *out_len = r.match_len;
    if (map) *map = r.map;
}

char *marsad_fold(const char *s, size_t n, size_t *out_len) {
    char *out;
    size_t len;
    mr_fold_text(s, s ? n : 0, NULL, false, &out, &len, NULL);
    if (out_len) *out_len = len;
    return out;
}
