/* The languages the normalize stage knows: ISO code, Snowball algorithm,
 * stopword list and usual script, and how a text's language decides the
 * treatment of each token (a Latin word in an Arabic text is stemmed as
 * English, an Arabic word in an English text as Arabic). */
#include "text/text.h"

#include <string.h>
#include <strings.h>

/* The first entries follow the MR_LANG_* order of text.h. */
const mr_lang_info mr_langs[] = {
    {"und", NULL, NULL, MR_S_NONE},
    {"ar", "arabic", "stopwords_ar.txt", MR_S_ARABIC},
    {"en", "english", "stopwords_en.txt", MR_S_LATIN},
    {"fr", "french", "stopwords_fr.txt", MR_S_LATIN},
    {"es", "spanish", "stopwords_es.txt", MR_S_LATIN},
    {"pt", "portuguese", "stopwords_pt.txt", MR_S_LATIN},
    {"de", "german", "stopwords_de.txt", MR_S_LATIN},
    {"it", "italian", "stopwords_it.txt", MR_S_LATIN},
    {"nl", "dutch", "stopwords_nl.txt", MR_S_LATIN},
    {"sl", NULL, "stopwords_sl.txt", MR_S_LATIN},
    {"ru", "russian", "stopwords_ru.txt", MR_S_CYRILLIC},
    {"ca", "catalan", NULL, MR_S_LATIN},
    {"da", "danish", NULL, MR_S_LATIN},
    {"sv", "swedish", NULL, MR_S_LATIN},
    {"no", "norwegian", NULL, MR_S_LATIN},
    {"fi", "finnish", NULL, MR_S_LATIN},
    {"hu", "hungarian", NULL, MR_S_LATIN},
    {"ro", "romanian", NULL, MR_S_LATIN},
    {"tr", "turkish", NULL, MR_S_LATIN},
    {"id", "indonesian", NULL, MR_S_LATIN},
    {"eu", "basque", NULL, MR_S_LATIN},
    {"ga", "irish", NULL, MR_S_LATIN},
    {"lt", "lithuanian", NULL, MR_S_LATIN},
    {"pl", NULL, NULL, MR_S_LATIN},
    {"cs", NULL, NULL, MR_S_LATIN},
    {"hr", NULL, NULL, MR_S_LATIN},
    {"uk", NULL, NULL, MR_S_CYRILLIC},
    {"bg", NULL, NULL, MR_S_CYRILLIC},
    {"sr", "serbian", NULL, MR_S_CYRILLIC},
    {"mk", NULL, NULL, MR_S_CYRILLIC},
    {"be", NULL, NULL, MR_S_CYRILLIC},
    {"fa", NULL, NULL, MR_S_ARABIC},
    {"ur", NULL, NULL, MR_S_ARABIC},
    {"el", "greek", NULL, MR_S_GREEK},
    {"he", NULL, NULL, MR_S_HEBREW},
    {"yi", "yiddish", NULL, MR_S_HEBREW},
    {"hi", "hindi", NULL, MR_S_DEVANAGARI},
    {"ne", "nepali", NULL, MR_S_DEVANAGARI},
    {"hy", "armenian", NULL, MR_S_ARMENIAN},
    {"ka", NULL, NULL, MR_S_GEORGIAN},
    {"th", NULL, NULL, MR_S_THAI},
    {"ta", "tamil", NULL, MR_S_OTHER},
    {"zh", NULL, NULL, MR_S_HAN},
    {"ja", NULL, NULL, MR_S_HAN},
    {"ko", NULL, NULL, MR_S_HANGUL},
};
const int mr_lang_count = (int)(sizeof mr_langs / sizeof mr_langs[0]);

/* Three-letter codes (ISO 639-2/3) as data sets label languages. */
static const char *const three_letter[][2] = {
    {"ara", "ar"}, {"eng", "en"}, {"fra", "fr"}, {"fre", "fr"}, {"spa", "es"}, {"por", "pt"},
    {"deu", "de"}, {"ger", "de"}, {"ita", "it"}, {"nld", "nl"}, {"dut", "nl"}, {"slv", "sl"},
    {"rus", "ru"}, {"zho", "zh"}, {"chi", "zh"}, {"jpn", "ja"}, {"kor", "ko"}, {"fas", "fa"},
    {"per", "fa"}, {"urd", "ur"}, {"tur", "tr"}, {"ell", "el"}, {"gre", "el"}, {"heb", "he"},
    {"pol", "pl"}, {"ces", "cs"}, {"cze", "cs"}, {"hrv", "hr"}, {"ukr", "uk"}, {"bul", "bg"},
    {"srp", "sr"}, {"ron", "ro"}, {"rum", "ro"}, {"swe", "sv"}, {"dan", "da"}, {"nor", "no"},
    {"fin", "fi"}, {"hun", "hu"}, {"ind", "id"}, {"cat", "ca"}, {"hin", "hi"},
};

int mr_lang_find(const char *code) {
    if (!code || !*code) return MR_LANG_UND;
    /* "pt-BR", "en_US": the language part only. */
    size_t n = strcspn(code, "-_");
    if (n == 3) {
        for (size_t i = 0; i < sizeof three_letter / sizeof three_letter[0]; i++) {
            if (strncasecmp(code, three_letter[i][0], 3) == 0)
                return mr_lang_find(three_letter[i][1]);
        }
    }
    if (n != 2) return MR_LANG_UND;
    if (strncasecmp(code, "nb", 2) == 0 || strncasecmp(code, "nn", 2) == 0) code = "no";
    for (int i = 1; i < mr_lang_count; i++) {
        if (strncasecmp(code, mr_langs[i].code, 2) == 0) return i;
    }
    return MR_LANG_UND;
}

int mr_lang_for_script(int lang, int script) {
    if (lang > 0 && lang < mr_lang_count && mr_langs[lang].script == script) return lang;
    switch (script) {
    case MR_S_ARABIC:
        return MR_LANG_AR;
    case MR_S_LATIN:
        return MR_LANG_EN;
    case MR_S_CYRILLIC:
        return MR_LANG_RU;
    case MR_S_GREEK:
        return mr_lang_find("el");
    default:
        return MR_LANG_UND;
    }
}

bool mr_lang_decimal_comma(int lang) {
    static const char *const comma[] = {"fr", "es", "pt", "de", "it", "nl", "sl", "ru",
                                        "ca", "da", "sv", "no", "fi", "hu", "ro", "tr",
                                        "id", "pl", "cs", "hr", "uk", "bg", "sr", "el"};
    if (lang <= 0 || lang >= mr_lang_count) return false;
    for (size_t i = 0; i < sizeof comma / sizeof comma[0]; i++) {
        if (strcmp(mr_langs[lang].code, comma[i]) == 0) return true;
    }
    return false;
}
