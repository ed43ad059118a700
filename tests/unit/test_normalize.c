/* Tests of the normalize stage: the match layer (marsad_fold), token spans
 * and flags, numbers, the offsets back to the display text, index terms, and
 * robustness on empty and invalid input. Clitics and stopwords are in
 * test_text_clitic.c, language id in test_text_lang.c, the cache in
 * test_text_cache.c. */
#include "marsad.h"
#include "test.h"
#include "text/text.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* marsad_fold of a C string, compared with the expected folded form. */
static void check_fold(const char *file, int line, const char *in, const char *want) {
    size_t n;
    char *got = marsad_fold(in, strlen(in), &n);
    if (strcmp(got, want) != 0 || n != strlen(want))
        mr_test_fail(file, line, "fold(\"%s\") = \"%s\" (%zu bytes), want \"%s\"", in, got, n,
                     want);
    free(got);
}
#define CHECK_FOLD(in, want) check_fold(__FILE__, __LINE__, in, want)

static bool fold_equal(const char *a, const char *b) {
    size_t na, nb;
    char *fa = marsad_fold(a, strlen(a), &na), *fb = marsad_fold(b, strlen(b), &nb);
    bool eq = na == nb && memcmp(fa, fb, na) == 0;
    free(fa);
    free(fb);
    return eq;
}

TEST(fold_required_equalities) {
    CHECK(fold_equal("قوّات", "قوات"));
    CHECK(fold_equal("التّحالف الدّوليّ", "التحالف الدولي"));
    CHECK(fold_equal("إلى", "الى"));
    CHECK(fold_equal("٢٠١٨", "2018"));
    CHECK(!fold_equal("قوات", "قوة"));
}

TEST(fold_arabic_letters) {
    CHECK_FOLD("أحمد", "احمد");
    CHECK_FOLD("إبراهيم", "ابراهيم");
    CHECK_FOLD("آخر", "اخر");
    CHECK_FOLD("ٱلله", "الله");
    CHECK_FOLD("مستشفى", "مستشفي");
    CHECK_FOLD("مدينة", "مدينه");
    /* ؤ and ئ stay: utf8proc's folds would make them و and ي. */
    CHECK_FOLD("مؤتمر", "مؤتمر");
    CHECK_FOLD("رئيس", "رئيس");
    CHECK_FOLD("سماء", "سماء");
    /* Persian letters in Arabic text. */
    CHECK_FOLD("کتاب", "كتاب");
    CHECK_FOLD("فارسی", "فارسي");
}

TEST(fold_harakat_and_tatweel) {
    CHECK_FOLD("مُحَمَّدٌ", "محمد");
    CHECK_FOLD("قُوَّاتُ سُورِيَا", "قوات سوريا");
    CHECK_FOLD("الْقُدْسِ", "القدس");
    CHECK_FOLD("جـــديـد", "جديد");
    CHECK_FOLD("هٰذا", "هذا"); /* superscript alef */
    CHECK_FOLD("ـــ", "");
}

TEST(fold_digits) {
    CHECK_FOLD("٠١٢٣٤٥٦٧٨٩", "0123456789");
    CHECK_FOLD("۰۱۲۳۴۵۶۷۸۹", "0123456789");
    CHECK_FOLD("عام ١٤٤٠ هـ", "عام 1440 ه");
    CHECK_FOLD("٣٫٥", "3.5");
    CHECK_FOLD("١٬٥٠٠", "1,500");
    CHECK_FOLD("٪٥٠", "%50");
}

TEST(fold_punctuation) {
    CHECK_FOLD("نعم، لا؛ لماذا؟", "نعم, لا; لماذا?");
    CHECK_FOLD("«قال»", "\"قال\"");
    CHECK_FOLD("“quoted” „low″", "\"quoted\" \"low\"");
    CHECK_FOLD("‘single’ ‚low", "'single' 'low");
    CHECK_FOLD("2018–2019 — end", "2018-2019 - end");
    CHECK_FOLD("wait…", "wait...");
    CHECK_FOLD("a−b", "a-b");
    CHECK_FOLD("۔", ".");
}

TEST(fold_invisible_marks) {
    /* ZWJ, ZWNJ, LRM, RLM, ALM, embeddings, isolates, BOM, soft hyphen. */
    CHECK_FOLD("ق\u200Dو\u200Cا\u200Eت", "قوات");
    CHECK_FOLD("\u200Fدير\u200F \u061Cالزور", "دير الزور");
    CHECK_FOLD("\u202Bنص\u202C \u2067عربي\u2069", "نص عربي");
    CHECK_FOLD("\xEF\xBB\xBFhello", "hello");
    CHECK_FOLD("co\u00ADoperate", "cooperate");
    CHECK_FOLD("zero\u200Bwidth", "zerowidth");
}

TEST(fold_whitespace) {
    CHECK_FOLD("  a \t\n b  ", "a b");
    CHECK_FOLD("a\u00A0b\u2009c\u202Fd\u3000e", "a b c d e");
    CHECK_FOLD("سطر\r\n\r\nسطر", "سطر سطر");
    CHECK_FOLD("a \u200F b", "a b"); /* an invisible mark between spaces leaves one space */
    CHECK_FOLD("", "");
    CHECK_FOLD("   ", "");
}

TEST(fold_latin_case) {
    CHECK_FOLD("Deir ez-Zor", "deir ez-zor");
    CHECK_FOLD("ÉCOLE Über", "école über");
    CHECK_FOLD("ИГИЛ", "игил");
    CHECK_FOLD("ＡＢＣ１２３", "abc123"); /* fullwidth forms */
}

TEST(fold_presentation_forms) {
    CHECK_FOLD("\uFEFB", "لا");              /* lam-alef ligature */
    CHECK_FOLD("\uFE8D\uFEDF\uFEE8", "الن"); /* isolated/initial/medial forms */
    CHECK_FOLD("\uFB01nal", "final");
}

TEST(fold_invalid_bytes) {
    size_t n;
    char *f = marsad_fold("a\xFF"
                          "b\xC3",
                          4, &n);
    CHECK_STR(f, "a\xEF\xBF\xBD"
                 "b\xEF\xBF\xBD");
    free(f);
    f = marsad_fold(NULL, 0, &n);
    CHECK_INT(n, 0);
    CHECK_STR(f, "");
    free(f);
}

/* ---- normalize: layers, spans, flags ------------------------------------ */

typedef struct fixture {
    marsad_normalizer *nz;
    mr_arena arena;
    marsad_text text;
} fixture;

static marsad_text *norm(fixture *f, const char *s, const char *lang) {
    marsad_normalize(f->nz, s, strlen(s), lang, &f->arena, &f->text);
    return &f->text;
}
static void fx_init(fixture *f) {
    f->nz = marsad_normalizer_new();
    mr_arena_init(&f->arena, 0);
}
static void fx_done(fixture *f) {
    mr_arena_free(&f->arena);
    marsad_normalizer_free(f->nz);
}

/* The display bytes of token i. */
static const char *span(const marsad_text *t, size_t i) {
    static char buf[8][256];
    static int which;
    char *b = buf[which++ & 7];
    const marsad_token *k = &t->tokens[i];
    snprintf(b, 256, "%.*s", (int)k->len, t->display + k->start);
    return b;
}

TEST(normalize_spans_with_marks) {
    fixture f;
    fx_init(&f);
    /* harakat, tatweel, bidi marks around and inside words, Arabic-Indic digits */
    const char *s = "\u200Fقُوّاتُ سـوريا\u200F الدّيمقراطيّة، ١٢ نوفمبر ٢٠١٨.";
    marsad_text *t = norm(&f, s, "ar");
    CHECK_INT(t->ntokens, 6);
    CHECK_STR(span(t, 0), "قُوّاتُ");
    CHECK_STR(t->tokens[0].match, "قوات");
    CHECK_STR(span(t, 1), "سـوريا");
    CHECK_STR(t->tokens[1].match, "سوريا");
    CHECK_STR(span(t, 2), "الدّيمقراطيّة");
    CHECK_STR(t->tokens[2].match, "الديمقراطيه");
    CHECK_STR(span(t, 3), "١٢");
    CHECK_STR(t->tokens[3].match, "12");
    CHECK_STR(span(t, 4), "نوفمبر");
    CHECK_STR(span(t, 5), "٢٠١٨");
    CHECK_STR(t->tokens[5].term, "2018");
    /* Every token's match is the fold of its own span. */
    for (size_t i = 0; i < t->ntokens; i++) {
        if (t->tokens[i].flags & MARSAD_TOK_NUMBER) continue;
        size_t n;
        char *fs = marsad_fold(t->display + t->tokens[i].start, t->tokens[i].len, &n);
        CHECK_STR(t->tokens[i].match, fs);
        free(fs);
    }
    fx_done(&f);
}

TEST(normalize_match_to_display) {
    fixture f;
    fx_init(&f);
    const char *s = " \u200Fقُوّاتُ  ـسوريا ١٢٣ ";
    marsad_text *t = norm(&f, s, "ar");
    CHECK_STR(t->match, "قوات سوريا 123");
    CHECK_INT(t->match_len, strlen("قوات سوريا 123"));
    /* Each match byte maps to the start of the display character it came from. */
    const char *q = strstr(s, "ق");
    CHECK_INT(t->match_to_display[0], q - s);
    CHECK_INT(t->match_to_display[1], q - s);
    const char *waw = strstr(s, "و");
    CHECK_INT(t->match_to_display[2], waw - s);
    const char *seen = strstr(s, "س");
    size_t m_seen = strlen("قوات ");
    CHECK_INT(t->match_to_display[m_seen], seen - s);
    CHECK_INT(t->match_to_display[m_seen - 1], strstr(s, "  ") - s); /* the space run */
    const char *three = strstr(s, "٣");
    CHECK_INT(t->match_to_display[t->match_len - 1], three - s);
    /* The end maps just past the last folded character (trailing space trimmed). */
    CHECK_INT(t->match_to_display[t->match_len], three - s + strlen("٣"));
    /* Offsets never decrease. */
    for (size_t i = 1; i <= t->match_len; i++)
        CHECK(t->match_to_display[i] >= t->match_to_display[i - 1]);
    fx_done(&f);
}

TEST(normalize_match_span_maps_back) {
    fixture f;
    fx_init(&f);
    const char *s = "قال المتحدث: «إنّ التّحالف الدّوليّ نفى»";
    marsad_text *t = norm(&f, s, "ar");
    const char *hit = strstr(t->match, "التحالف الدولي");
    CHECK(hit != NULL);
    if (hit) {
        size_t a = (size_t)(hit - t->match), b = a + strlen("التحالف الدولي");
        uint32_t da = t->match_to_display[a], db = t->match_to_display[b];
        /* b is the space after الدولي: the display span is the words as written. */
        char shown[128];
        snprintf(shown, sizeof shown, "%.*s", (int)(db - da), s + da);
        CHECK_STR(shown, "التّحالف الدّوليّ");
    }
    fx_done(&f);
}

TEST(normalize_numbers) {
    fixture f;
    fx_init(&f);
    marsad_text *t = norm(&f, "٢٠١٨ ١٬٥٠٠ 1,500 ٣٫٥ ۱۳۹۷ 1,500,000 3.50 007 2.0", "ar");
    const char *want[] = {"2018", "1500", "1500", "3.5", "1397", "1500000", "3.5", "7", "2"};
    CHECK_INT(t->ntokens, 9);
    for (size_t i = 0; i < 9 && i < t->ntokens; i++) {
        CHECK_STR(t->tokens[i].match, want[i]);
        CHECK_STR(t->tokens[i].term, want[i]);
        CHECK(t->tokens[i].flags & MARSAD_TOK_NUMBER);
        CHECK(!(t->tokens[i].flags & (MARSAD_TOK_ARABIC | MARSAD_TOK_LATIN | MARSAD_TOK_STOPWORD)));
    }
    CHECK_STR(span(t, 1), "١٬٥٠٠");
    CHECK_STR(span(t, 3), "٣٫٥");
    fx_done(&f);
}

TEST(normalize_number_boundaries) {
    fixture f;
    fx_init(&f);
    /* A trailing comma or point is punctuation, not part of the number. */
    marsad_text *t = norm(&f, "in 2018, then 40. Also 1,5 and 2018,19 and 10km", "en");
    /* in 2018 then 40 Also 1 5 and 2018 19 and 10 km */
    CHECK_INT(t->ntokens, 13);
    CHECK_STR(span(t, 1), "2018");
    CHECK_STR(span(t, 3), "40");
    CHECK_STR(span(t, 5), "1"); /* English: ",5" is not a thousands group */
    CHECK_STR(span(t, 6), "5");
    CHECK_STR(span(t, 8), "2018");
    CHECK_STR(span(t, 9), "19");
    CHECK_STR(span(t, 11), "10");
    CHECK_STR(t->tokens[12].match, "km");
    /* Continental writing: '.' groups thousands, ',' is the decimal mark. */
    t = norm(&f, "1.500,5 personnes, 1,5 million, 2.5", "fr");
    CHECK_STR(t->tokens[0].term, "1500.5");
    CHECK_STR(t->tokens[2].term, "1.5");
    CHECK_STR(t->tokens[4].term, "2.5");
    /* Arabic marks mean the same in any language. */
    t = norm(&f, "١٬٥٠٠ ٣٫٥", "fr");
    CHECK_STR(t->tokens[0].term, "1500");
    CHECK_STR(t->tokens[1].term, "3.5");
    fx_done(&f);
}

TEST(normalize_flags_script_and_capitals) {
    fixture f;
    fx_init(&f);
    marsad_text *t = norm(&f, "قالت Reuters إن the SDF و ISIS", "ar");
    CHECK_INT(t->ntokens, 7);
    CHECK(t->tokens[0].flags & MARSAD_TOK_ARABIC);
    CHECK(t->tokens[1].flags & MARSAD_TOK_LATIN);
    CHECK(t->tokens[1].flags & MARSAD_TOK_CAPITAL);
    CHECK(!(t->tokens[3].flags & MARSAD_TOK_CAPITAL));
    CHECK(t->tokens[4].flags & MARSAD_TOK_CAPITAL);
    CHECK(!(t->tokens[0].flags & MARSAD_TOK_CAPITAL));
    CHECK_STR(t->tokens[1].match, "reuters");
    fx_done(&f);
}

static bool starts_sentence(const marsad_text *t, size_t i) {
    return i < t->ntokens && (t->tokens[i].flags & MARSAD_TOK_SENTENCE_START);
}

TEST(normalize_sentence_starts) {
    fixture f;
    fx_init(&f);
    marsad_text *t = norm(
        &f, "The talks failed. Assad said no! Mr. Smith and U.S. President Biden met.\nNew line",
        "en");
    /* The talks failed . Assad said no ! Mr Smith and U S President Biden met New line */
    CHECK(starts_sentence(t, 0));
    CHECK(!starts_sentence(t, 1));
    CHECK(starts_sentence(t, 3));   /* Assad */
    CHECK(starts_sentence(t, 6));   /* Mr */
    CHECK(!starts_sentence(t, 7));  /* Smith: after "Mr." */
    CHECK(!starts_sentence(t, 11)); /* President: after "U.S." */
    CHECK(starts_sentence(t, 14));  /* New: after a line break */
    CHECK(t->tokens[3].flags & MARSAD_TOK_CAPITAL);
    CHECK(t->tokens[12].flags & MARSAD_TOK_CAPITAL);
    CHECK(!starts_sentence(t, 12));
    t = norm(&f, "هل انتهت المعركة؟ نعم. انتهت", "ar");
    CHECK(starts_sentence(t, 0));
    CHECK(starts_sentence(t, 3));
    CHECK(starts_sentence(t, 4));
    CHECK(!starts_sentence(t, 1));
    /* A decimal point is not a sentence end. */
    t = norm(&f, "It rose 3.5 Percent", "en");
    CHECK(!starts_sentence(t, 3));
    fx_done(&f);
}

TEST(normalize_word_boundaries) {
    fixture f;
    fx_init(&f);
    marsad_text *t = norm(&f, "l'armée d'Assad al-Qaeda COVID-19 G7 2018م", "fr");
    const char *want[] = {"l",     "armée", "d",  "Assad", "al", "Qaeda",
                          "COVID", "19",    "G7", "2018",  "م"};
    CHECK_INT(t->ntokens, 11);
    for (size_t i = 0; i < 11 && i < t->ntokens; i++) CHECK_STR(span(t, i), want[i]);
    CHECK(t->tokens[0].flags & MARSAD_TOK_STOPWORD);
    CHECK(t->tokens[0].term == NULL);
    CHECK(!(t->tokens[1].flags & MARSAD_TOK_STOPWORD));
    CHECK(t->tokens[10].flags & MARSAD_TOK_STOPWORD); /* a single letter */
    /* Arabic glued to Latin splits at the change of script. */
    t = norm(&f, "Twitterتويتر", "ar");
    CHECK_INT(t->ntokens, 2);
    /* CJK: one token per ideograph. */
    t = norm(&f, "东京奥运会", "zh");
    CHECK_INT(t->ntokens, 5);
    CHECK_STR(span(t, 0), "东");
    fx_done(&f);
}

TEST(normalize_latin_stemming) {
    fixture f;
    fx_init(&f);
    marsad_text *t = norm(&f, "Officials confirmed the attacks", "en");
    CHECK_INT(t->ntokens, 4);
    CHECK_STR(t->tokens[0].term, "offici");
    CHECK_STR(t->tokens[1].term, "confirm");
    CHECK(t->tokens[2].term == NULL);
    CHECK_STR(t->tokens[3].term, "attack");
    CHECK_STR(t->lang, "en");
    t = norm(&f, "Los ataques continuaron", "es");
    CHECK(t->tokens[0].term == NULL);
    CHECK_STR(t->tokens[1].term, "ataqu");
    t = norm(&f, "Нападения продолжались", "ru");
    CHECK_STR(t->tokens[0].match, "нападения");
    CHECK(strcmp(t->tokens[0].term, "нападения") != 0);
    fx_done(&f);
}

TEST(normalize_language_by_script) {
    fixture f;
    fx_init(&f);
    /* NULL or unknown language: each token by its script. */
    marsad_text *t = norm(&f, "والقوات the attacks", NULL);
    CHECK_STR(t->lang, "und");
    CHECK_INT(t->ntokens, 3);
    CHECK_STR(t->tokens[0].term, marsad_index_term(f.nz, "قوات", strlen("قوات"), "ar"));
    CHECK(t->tokens[1].term == NULL);
    CHECK_STR(t->tokens[2].term, "attack");
    t = norm(&f, "the attacks", "xx");
    CHECK_STR(t->lang, "und");
    t = norm(&f, "the attacks", "eng");
    CHECK_STR(t->lang, "en");
    t = norm(&f, "los ataques", "es-MX");
    CHECK_STR(t->lang, "es");
    fx_done(&f);
}

TEST(normalize_empty_and_blank) {
    fixture f;
    fx_init(&f);
    marsad_text *t = norm(&f, "", "ar");
    CHECK_INT(t->ntokens, 0);
    CHECK_INT(t->match_len, 0);
    CHECK_STR(t->match, "");
    CHECK_INT(t->match_to_display[0], 0);
    t = norm(&f, " \u200F\u200F ،،، ", "ar");
    CHECK_INT(t->ntokens, 0);
    CHECK_STR(t->match, ",,,");
    marsad_normalize(f.nz, NULL, 0, NULL, &f.arena, &f.text);
    CHECK_INT(f.text.ntokens, 0);
    fx_done(&f);
}

TEST(normalize_invalid_bytes_never_crash) {
    fixture f;
    fx_init(&f);
    unsigned seed = 12345;
    char buf[512];
    for (int round = 0; round < 2000; round++) {
        size_t n = (size_t)(round % 97) * 5;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* Mostly bytes of the Arabic block, plus stray continuation and lead bytes. */
            unsigned r = (seed >> 16) & 0xFF;
            buf[i] = (char)(r < 96 ? 0xD8 + (r & 3) : r < 192 ? 0x80 + (r & 0x3F) : r);
        }
        marsad_text *t = &f.text;
        marsad_normalize(f.nz, buf, n, round & 1 ? "ar" : NULL, &f.arena, t);
        /* Everything still holds together. */
        for (size_t i = 0; i < t->ntokens; i++) {
            CHECK(t->tokens[i].start + t->tokens[i].len <= n);
            CHECK(t->tokens[i].match != NULL);
        }
        CHECK(t->match_to_display[t->match_len] <= n);
        mr_arena_reset(&f.arena);
    }
    fx_done(&f);
}

TEST(normalize_long_word) {
    fixture f;
    fx_init(&f);
    /* A 3000-letter "word" is neither cached nor stemmed, but it is a token. */
    size_t n = 3000 * 2;
    char *s = malloc(n + 1);
    for (size_t i = 0; i < n; i += 2) memcpy(s + i, "ب", 2);
    s[n] = 0;
    marsad_text *t = norm(&f, s, "ar");
    CHECK_INT(t->ntokens, 1);
    CHECK_INT(t->tokens[0].len, n);
    CHECK_INT(strlen(t->tokens[0].match), n);
    const char *term = marsad_index_term(f.nz, s, n, "ar");
    CHECK(term != NULL);
    free(s);
    fx_done(&f);
}

TEST(index_term_matches_tokens) {
    fixture f;
    fx_init(&f);
    const char *s = "وأعلنت القوات الأمريكية مقتل ٤٠ مدنيا في هجين";
    marsad_text *t = norm(&f, s, "ar");
    for (size_t i = 0; i < t->ntokens; i++) {
        const marsad_token *k = &t->tokens[i];
        const char *term = marsad_index_term(f.nz, s + k->start, k->len, "ar");
        if (k->term) {
            CHECK_STR(term, k->term);
        } else {
            CHECK(term == NULL);
        }
    }
    CHECK_STR(marsad_index_term(f.nz, "١٬٥٠٠", strlen("١٬٥٠٠"), "ar"), "1500");
    CHECK(marsad_index_term(f.nz, "في", strlen("في"), "ar") == NULL);
    CHECK(marsad_index_term(f.nz, "", 0, "ar") == NULL);
    CHECK(marsad_index_term(f.nz, "،", strlen("،"), "ar") == NULL);
    /* Harakat and tatweel make no difference to the term. */
    CHECK_STR(marsad_index_term(f.nz, "القُوّات", strlen("القُوّات"), "ar"),
              marsad_index_term(f.nz, "القـوات", strlen("القـوات"), "ar"));
    fx_done(&f);
}

TEST(index_term_strings_live_in_arena) {
    fixture f;
    fx_init(&f);
    marsad_text *t = norm(&f, "القوات الأمريكية", "ar");
    /* Token strings are the arena's, not the cache's: they survive the normalizer. */
    char saved[64];
    snprintf(saved, sizeof saved, "%s", t->tokens[0].term);
    marsad_normalizer_free(f.nz);
    CHECK_STR(t->tokens[0].term, saved);
    CHECK_STR(t->tokens[0].match, "القوات");
    f.nz = marsad_normalizer_new();
    fx_done(&f);
}

TEST(normalize_token_match_is_fold_of_span) {
    /* Random texts from pieces that stress the scanner: every word token's
     * match must be exactly the fold of its display span, and every span
     * must start and end on a character boundary. */
    static const char *const pieces[] = {
        "ق", "و",  "ّ",   "ـ",      "\u200C", "\u200F", "ة", "أ",  "ى", " ", "  ",           "\n",
        ".", "،",  "٣",  "٫",      "٬",      "5",      ",", "a",  "B", "é", "\u0301",       "'",
        "-", "东", "京", "\uFEFB", "\uFE70", "\uFDFA", "Ж", "x7", "؟", "…", "\xEF\xBB\xBF", "\xFF",
        "ک", "ی",  "ٱ",  "\x01",   "\t"};
    fixture f;
    fx_init(&f);
    unsigned seed = 99;
    char buf[512];
    for (int round = 0; round < 3000; round++) {
        size_t n = 0;
        int parts = 1 + round % 40;
        for (int p = 0; p < parts; p++) {
            seed = seed * 1103515245u + 12345u;
            const char *piece = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
            size_t l = strlen(piece);
            if (n + l >= sizeof buf) break;
            memcpy(buf + n, piece, l);
            n += l;
        }
        marsad_normalize(f.nz, buf, n, round % 3 == 0 ? "en" : "ar", &f.arena, &f.text);
        const marsad_text *t = &f.text;
        for (size_t i = 0; i < t->ntokens; i++) {
            const marsad_token *k = &t->tokens[i];
            CHECK(k->len > 0 && k->start + k->len <= n);
            CHECK(((unsigned char)buf[k->start] & 0xC0) != 0x80);
            CHECK(k->start + k->len == n || ((unsigned char)buf[k->start + k->len] & 0xC0) != 0x80);
            if (k->flags & MARSAD_TOK_NUMBER) continue;
            size_t fl;
            char *fs = marsad_fold(buf + k->start, k->len, &fl);
            if (strcmp(fs, k->match) != 0) {
                mr_test_fail(__FILE__, __LINE__, "round %d token %zu: match \"%s\" != fold \"%s\"",
                             round, i, k->match, fs);
                free(fs);
                break;
            }
            free(fs);
            /* The word alone gives the same term as in its text. */
            const char *term =
                marsad_index_term(f.nz, buf + k->start, k->len, round % 3 == 0 ? "en" : "ar");
            if ((term == NULL) != (k->term == NULL) || (term && strcmp(term, k->term) != 0)) {
                mr_test_fail(__FILE__, __LINE__, "round %d token %zu: term %s alone, %s in text",
                             round, i, term ? term : "(null)", k->term ? k->term : "(null)");
                break;
            }
        }
        mr_arena_reset(&f.arena);
    }
    fx_done(&f);
}

TEST(fold_output_growth_never_stalls) {
    /* Invalid bytes fold to three bytes each, so the output outgrows the
     * input and its buffer must grow; at one exact fill level the fold of an
     * Arabic letter once made no progress and looped forever. Every fill
     * level is tried: k invalid bytes, then Arabic words. */
    char buf[1024];
    for (size_t k = 0; k < 300; k++) {
        memset(buf, 0xFF, k);
        const char *tail = "قوات سوريا الديمقراطية", *folded = "قوات سوريا الديمقراطيه";
        size_t tl = strlen(tail);
        memcpy(buf + k, tail, tl);
        size_t n;
        char *f = marsad_fold(buf, k + tl, &n);
        CHECK_INT(n, 3 * k + tl);
        CHECK(strcmp(f + 3 * k, folded) == 0);
        free(f);
    }
    /* The input the fuzzer found it with. */
    size_t len;
    char *s = mr_test_read_file("tests/fixtures/text_norm/fold_hang.bin", &len);
    size_t n;
    char *f = marsad_fold(s, len, &n);
    CHECK(n > 0);
    free(f);
    fixture fx;
    fx_init(&fx);
    marsad_normalize(fx.nz, s, len, "ar", &fx.arena, &fx.text);
    CHECK(fx.text.ntokens > 0);
    fx_done(&fx);
    free(s);
}

TEST(normalize_control_characters_inside_words) {
    /* A control character is invisible: the word goes on over it, in the
     * text as for the word alone (the fuzzer found the two disagreeing). */
    fixture f;
    fx_init(&f);
    const char s[] = "cons\0\xd9\x82\0\xd9\x82\xd9\x8f\xd9\x91 \xd9\x82\x01\xd9\x88";
    marsad_normalize(f.nz, s, sizeof s - 1, "ar", &f.arena, &f.text);
    CHECK_INT(f.text.ntokens, 3);
    CHECK_STR(f.text.tokens[1].match, "قق");
    CHECK_INT(f.text.tokens[1].len, 9);
    CHECK_STR(f.text.tokens[2].match, "قو");
    const char *t = marsad_index_term(f.nz, s + f.text.tokens[2].start, f.text.tokens[2].len, "ar");
    CHECK(t != NULL);
    t = marsad_index_term(f.nz, s + f.text.tokens[1].start, f.text.tokens[1].len, "ar");
    CHECK(t != NULL && f.text.tokens[1].term != NULL);
    if (t && f.text.tokens[1].term) CHECK_STR(t, f.text.tokens[1].term);
    fx_done(&f);
}

/* The ingest's normalization without the offset map gives the same layers
 * and tokens as marsad_normalize, only no map. */
TEST(normalize_unmapped_equals_mapped) {
    static const char *const texts[] = {
        "قالَ وزيرُ الخارجية إنّ المحادثاتِ «بنّاءة» — وستُستأنف غداً في ٣ أيار.",
        "The U.S. Senate voted 52-48 on Tuesday; Dr. Smith's bill (H.R. 1,234.5) passed.",
        "  مزيج mixed\u00A0نص 12,5 text\tمع أرقام ١٢٣ و3.14 ",
        "",
    };
    marsad_normalizer *nz = marsad_normalizer_new();
    mr_arena a;
    mr_arena_init(&a, 0);
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        const char *s = texts[k];
        marsad_text m, u;
        marsad_normalize(nz, s, strlen(s), k == 1 ? "en" : "ar", &a, &m);
        mr_normalize_unmapped(nz, s, strlen(s), k == 1 ? "en" : "ar", &a, &u);
        CHECK(u.match_to_display == NULL);
        CHECK(m.match_to_display != NULL);
        CHECK_INT(u.match_len, m.match_len);
        CHECK(memcmp(u.match, m.match, m.match_len) == 0);
        CHECK_STR(u.lang, m.lang);
        CHECK_INT(u.ntokens, m.ntokens);
        if (*s) CHECK(m.ntokens > 5);
        for (size_t i = 0; i < m.ntokens && i < u.ntokens; i++) {
            const marsad_token *x = &m.tokens[i], *y = &u.tokens[i];
            CHECK_INT(y->start, x->start);
            CHECK_INT(y->len, x->len);
            CHECK_INT(y->flags, x->flags);
            CHECK_STR(y->match, x->match);
            CHECK((x->term == NULL) == (y->term == NULL));
            if (x->term && y->term) CHECK_STR(y->term, x->term);
        }
    }
    mr_arena_free(&a);
    marsad_normalizer_free(nz);
}
