/* Tests of Arabic clitic stripping and of the stopword lists, through the
 * public marsad_index_term: forms of one word must share a term, and words
 * whose first letter only looks like a clitic must keep it. */
#include "marsad.h"
#include "test.h"
#include "text/text.h"

#include <stdio.h>
#include <string.h>

static const char *term(marsad_normalizer *nz, const char *w, const char *lang) {
    return marsad_index_term(nz, w, strlen(w), lang);
}

/* All the forms in the NULL-terminated list share one (non-NULL) term. */
static void check_same_term(const char *file, int line, marsad_normalizer *nz,
                            const char *const *forms) {
    char first[128];
    const char *t0 = term(nz, forms[0], "ar");
    if (!t0) {
        mr_test_fail(file, line, "%s has no term", forms[0]);
        return;
    }
    snprintf(first, sizeof first, "%s", t0);
    for (size_t i = 1; forms[i]; i++) {
        const char *t = term(nz, forms[i], "ar");
        if (!t || strcmp(t, first) != 0)
            mr_test_fail(file, line, "term(%s) = %s but term(%s) = %s", forms[0], first, forms[i],
                         t ? t : "(null)");
    }
}
#define CHECK_SAME_TERM(...)                                                                       \
    do {                                                                                           \
        const char *const forms_[] = {__VA_ARGS__, NULL};                                          \
        check_same_term(__FILE__, __LINE__, nz, forms_);                                           \
    } while (0)

static void check_different(const char *file, int line, marsad_normalizer *nz, const char *a,
                            const char *b) {
    char ta[128];
    const char *t = term(nz, a, "ar");
    snprintf(ta, sizeof ta, "%s", t ? t : "(null)");
    const char *tb = term(nz, b, "ar");
    if (tb && strcmp(ta, tb) == 0)
        mr_test_fail(file, line, "%s and %s share the term %s", a, b, ta);
}
#define CHECK_DIFFERENT(a, b) check_different(__FILE__, __LINE__, nz, a, b)

TEST(clitic_article_and_conjunctions) {
    marsad_normalizer *nz = marsad_normalizer_new();
    CHECK_SAME_TERM("القوات", "والقوات", "للقوات", "قوات", "بالقوات", "فالقوات", "وللقوات",
                    "وبالقوات", "القُوّات");
    CHECK_SAME_TERM("التحالف", "والتحالف", "للتحالف", "تحالف", "بالتحالف");
    CHECK_SAME_TERM("الزور", "بالزور", "زور", "والزور");
    CHECK_SAME_TERM("الحكومة", "والحكومة", "للحكومة", "حكومة", "بالحكومة", "كالحكومة");
    CHECK_SAME_TERM("المدنيين", "والمدنيين", "للمدنيين", "مدنيين");
    CHECK_SAME_TERM("سوريا", "وسوريا", "بسوريا", "لسوريا");
    CHECK_SAME_TERM("هجوم", "وهجوم", "بهجوم", "الهجوم", "والهجوم", "فالهجوم");
    CHECK_SAME_TERM("الجيش", "وجيش", "جيش", "للجيش");
    marsad_normalizer_free(nz);
}

TEST(clitic_letters_that_belong_to_the_word) {
    marsad_normalizer *nz = marsad_normalizer_new();
    CHECK_SAME_TERM("وزير", "الوزير", "ووزير", "للوزير", "والوزير", "بالوزير");
    CHECK_SAME_TERM("وزارة", "الوزارة", "ووزارة", "للوزارة", "بوزارة");
    CHECK_SAME_TERM("فرنسا", "وفرنسا", "بفرنسا", "لفرنسا");
    CHECK_SAME_TERM("بيان", "البيان", "وبيان", "ببيان", "للبيان");
    CHECK_SAME_TERM("كتاب", "الكتاب", "وكتاب", "بالكتاب", "للكتاب");
    CHECK_SAME_TERM("لبنان", "ولبنان", "بلبنان", "للبنان");
    CHECK_SAME_TERM("والي", "الوالي", "ووالي", "للوالي");
    CHECK_SAME_TERM("فلسطين", "وفلسطين", "بفلسطين", "لفلسطين");
    CHECK_SAME_TERM("بريطانيا", "وبريطانيا", "لبريطانيا");
    CHECK_SAME_TERM("لجنة", "اللجنة", "للجنة", "واللجنة", "ولجنة");
    CHECK_SAME_TERM("وكالة", "الوكالة", "ووكالة", "بوكالة");
    CHECK_SAME_TERM("فريق", "الفريق", "وفريق", "للفريق");
    CHECK_SAME_TERM("واشنطن", "وواشنطن", "بواشنطن", "لواشنطن");
    /* Suffixes do not hide a listed word. */
    CHECK_SAME_TERM("بيانها", "وبيانها");
    /* The first letter stays in the term: وزير is not زير, بيان not يان. */
    CHECK_DIFFERENT("وزير", "زير");
    CHECK_DIFFERENT("فرنسا", "رنسا");
    CHECK_DIFFERENT("بيان", "يان");
    CHECK_DIFFERENT("لبنان", "بنان");
    CHECK_DIFFERENT("كتاب", "تاب");
    CHECK(term(nz, "والي", "ar") != NULL); /* a governor, not و + إلى */
    marsad_normalizer_free(nz);
}

TEST(clitic_unlisted_words_stay_consistent) {
    marsad_normalizer *nz = marsad_normalizer_new();
    /* Names nobody listed: whatever the stripper does, it does to every form. */
    CHECK_SAME_TERM("بولسونارو", "وبولسونارو", "لبولسونارو", "فبولسونارو");
    CHECK_SAME_TERM("كوشنر", "وكوشنر", "لكوشنر");
    CHECK_SAME_TERM("فاغنر", "وفاغنر", "بفاغنر");
    marsad_normalizer_free(nz);
}

TEST(clitic_short_words_untouched) {
    /* Three letters or fewer are never stripped: وقف، بحث، كبر، لعب. */
    const char *words[] = {"وقف", "بحث", "كبر", "لعب", "فقد", "الم"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        CHECK_INT(mr_ar_strip_clitics(words[i], strlen(words[i])), 0);
    CHECK_INT(mr_ar_strip_clitics("والقوات", strlen("والقوات")), strlen("وال"));
    CHECK_INT(mr_ar_strip_clitics("للقوات", strlen("للقوات")), strlen("لل"));
    CHECK_INT(mr_ar_strip_clitics("للجنة", strlen("للجنة")), strlen("ل")); /* ل + اللجنة */
    CHECK_INT(mr_ar_strip_clitics("الدم", strlen("الدم")), strlen("ال"));
    CHECK_INT(mr_ar_strip_clitics("وزير", strlen("وزير")), 0);
    CHECK_INT(mr_ar_strip_clitics("", 0), 0);
}

static bool is_stop(marsad_normalizer *nz, const char *w, const char *lang) {
    return term(nz, w, lang) == NULL;
}

TEST(stopwords_arabic) {
    marsad_normalizer *nz = marsad_normalizer_new();
    const char *stops[] = {"في",   "من",   "على",  "إلى",   "الى",  "عن",  "التي",  "الذي", "هذا",
                           "هذه",  "قال",  "وقال", "وأضاف", "وأكد", "أن",  "إن",    "وفي",  "ومن",
                           "بذلك", "لهذا", "كما",  "فإن",   "وهو",  "ولم", "الأحد", "يوم",  "أيضا",
                           "تم",   "وقد",  "كان",  "فِي",    "عَلَى",  "مع",  "بعد",   "الذى"};
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++) {
        if (!is_stop(nz, stops[i], "ar"))
            mr_test_fail(__FILE__, __LINE__, "%s should be a stopword", stops[i]);
    }
    /* Words that look like stopwords but are not. */
    const char *content[] = {"علي", "ولي", "والي", "أعلن", "نفى", "القوات", "لبنان", "كلي"};
    for (size_t i = 0; i < sizeof content / sizeof *content; i++) {
        if (is_stop(nz, content[i], "ar"))
            mr_test_fail(__FILE__, __LINE__, "%s should not be a stopword", content[i]);
    }
    marsad_normalizer_free(nz);
}

TEST(stopwords_other_languages) {
    marsad_normalizer *nz = marsad_normalizer_new();
    CHECK(is_stop(nz, "The", "en"));
    CHECK(is_stop(nz, "said", "en"));
    CHECK(is_stop(nz, "s", "en"));
    CHECK(!is_stop(nz, "coalition", "en"));
    CHECK(is_stop(nz, "les", "fr"));
    CHECK(is_stop(nz, "été", "fr"));
    CHECK(!is_stop(nz, "armée", "fr"));
    CHECK(is_stop(nz, "según", "es"));
    CHECK(!is_stop(nz, "ejército", "es"));
    CHECK(is_stop(nz, "não", "pt"));
    CHECK(is_stop(nz, "Und", "de"));
    CHECK(!is_stop(nz, "Armee", "de"));
    CHECK(is_stop(nz, "только", "ru"));
    CHECK(is_stop(nz, "tudi", "sl"));
    CHECK(is_stop(nz, "della", "it"));
    CHECK(is_stop(nz, "het", "nl"));
    /* "the" is no stopword of Slovenian, but Latin words default to English rules
     * only when the language is unknown. */
    CHECK(!is_stop(nz, "the", "sl"));
    CHECK(is_stop(nz, "the", NULL));
    marsad_normalizer_free(nz);
}

TEST(stem_forms_of_a_noun_meet) {
    marsad_normalizer *nz = marsad_normalizer_new();
    /* Plural, possessive and adjective forms share the noun's term. */
    CHECK_SAME_TERM("القوات", "قواتها", "لقواته", "القوة");
    CHECK_SAME_TERM("الحكومة", "حكومات", "حكومتها", "الحكومية");
    CHECK_SAME_TERM("المدنيين", "مدني", "مدنيا", "المدنية", "مدنيون");
    CHECK_SAME_TERM("التحالف", "تحالفات", "تحالفها");
    CHECK_SAME_TERM("الانتخابات", "انتخابات", "الانتخاب");
    CHECK_SAME_TERM("قتيلا", "قتيل", "القتيل");
    CHECK_SAME_TERM("قتلوا", "قتل");
    /* A country and its adjective, in ا or يا, with or without a listed first letter. */
    CHECK_SAME_TERM("سوريا", "سورية", "السورية", "السوري");
    CHECK_SAME_TERM("فرنسا", "الفرنسية", "الفرنسي", "بفرنسا");
    CHECK_SAME_TERM("بريطانيا", "البريطانية", "البريطاني");
    CHECK_SAME_TERM("كندا", "الكندي", "الكندية");
    CHECK_SAME_TERM("أمريكا", "الأمريكية", "الأمريكي", "امريكا");
    /* ... but different words stay apart. */
    CHECK_DIFFERENT("وزير", "الزور");
    CHECK_DIFFERENT("هجوم", "مقتل");
    CHECK_DIFFERENT("المدنيين", "الدولة");
    marsad_normalizer_free(nz);
}
