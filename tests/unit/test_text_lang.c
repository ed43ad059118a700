/* Tests of marsad_detect_language on short titles and on paragraphs
 * (tests/fixtures/text_norm/lang_<code>.txt) in each language the evaluation
 * data has, plus the script fast paths. */
#include "marsad.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *detect(const char *s) {
    return marsad_detect_language(s, strlen(s));
}

#define CHECK_LANG(text, code) CHECK_STR(detect(text), code)

TEST(lang_short_titles) {
    CHECK_LANG("أمطار غزيرة تغمر الطرق في شمال البلاد", "ar");
    CHECK_LANG("Heavy rain floods roads across the northern region", "en");
    CHECK_LANG("Les pluies torrentielles inondent les routes du nord du pays", "fr");
    CHECK_LANG("Las lluvias torrenciales inundan las carreteras del norte del país", "es");
    CHECK_LANG("Chuvas fortes inundam as estradas do norte do país", "pt");
    CHECK_LANG("Starker Regen überflutet die Straßen im Norden des Landes", "de");
    CHECK_LANG("Сильные дожди затопили дороги на севере страны", "ru");
    CHECK_LANG("Močno deževje je poplavilo ceste na severu države", "sl");
    CHECK_LANG("暴雨淹没了该国北部的道路", "zh");
    CHECK_LANG("大雨で北部の道路が冠水した", "ja");
    CHECK_LANG("Сильні дощі затопили дороги на півночі країни", "uk");
    CHECK_LANG("باران شدید جاده‌های شمال کشور را فرا گرفت",
               "fa");
    CHECK_LANG("شمالی علاقوں میں شدید بارش سے سڑکیں زیر آب آ گئیں", "ur");
    CHECK_LANG("Ισχυρές βροχές πλημμύρισαν τους δρόμους", "el");
}

TEST(lang_title_case_needs_stopwords) {
    /* Capitalised English looks like German or Catalan to character n-grams
     * alone; the stopwords (at, the, to) decide. A bug once left them unread. */
    CHECK_LANG("Virus Cluster At Japan Hotel Hosting Brazilian Olympians", "en");
    CHECK_LANG("Skateboarder Will Become Youngest Ever UK Summer Olympian", "en");
    CHECK_LANG("Argentina debutará en Tokio ante la Eslovenia de Luka Doncic", "es");
}

TEST(lang_olympic_style_titles) {
    CHECK_LANG("Swimmer wins second gold medal at the Tokyo Games", "en");
    CHECK_LANG("La nageuse remporte une deuxième médaille d'or aux Jeux de Tokyo", "fr");
    CHECK_LANG("La nadadora gana su segunda medalla de oro en los Juegos de Tokio", "es");
    CHECK_LANG("Nadadora conquista a segunda medalha de ouro nos Jogos de Tóquio", "pt");
    CHECK_LANG("Schwimmerin gewinnt zweite Goldmedaille bei den Spielen in Tokio", "de");
    CHECK_LANG("Пловчиха завоевала вторую золотую медаль на Играх в Токио", "ru");
    CHECK_LANG("Plavalka osvojila drugo zlato medaljo na igrah v Tokiu", "sl");
    CHECK_LANG("سباحة تحرز ميداليتها الذهبية الثانية في أولمبياد طوكيو", "ar");
}

static void check_file(const char *file, int line, const char *code) {
    char path[256];
    snprintf(path, sizeof path, "tests/fixtures/text_norm/lang_%s.txt", code);
    size_t n;
    char *text = mr_test_read_file(path, &n);
    const char *got = marsad_detect_language(text, n);
    if (strcmp(got, code) != 0) mr_test_fail(file, line, "%s detected as %s", path, got);
    free(text);
}

TEST(lang_paragraphs) {
    const char *codes[] = {"ar", "en", "fr", "es", "pt", "de", "ru", "sl", "zh"};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        check_file(__FILE__, __LINE__, codes[i]);
}

TEST(lang_mixed_and_empty) {
    /* Mostly Arabic with some English stays Arabic. */
    CHECK_LANG("قال مسؤول في Human Rights Watch إن الهجوم استهدف مدنيين في المدينة", "ar");
    CHECK_LANG("", "und");
    CHECK_LANG("12345 ... !!! ٢٠١٨", "und");
    CHECK_LANG("\xFF\xFE\xFD", "und");
    CHECK_STR(marsad_detect_language(NULL, 0), "und");
    /* Only the first bytes count: a long text is as quick as a short one. */
    size_t n = 1 << 20;
    char *big = malloc(n);
    for (size_t i = 0; i < n; i++) big[i] = "the cat sat on the mat "[i % 23];
    CHECK_STR(marsad_detect_language(big, n), "en");
    free(big);
}
