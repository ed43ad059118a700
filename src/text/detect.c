/* marsad_detect_language: the script of the text decides most languages in
 * one pass over its first few kilobytes (Arabic script is Arabic unless the
 * letters only Persian or Urdu use are frequent; Cyrillic is Russian unless
 * letters of Ukrainian, Serbian, ... show; CJK is Chinese unless kana show);
 * Latin script goes to the n-gram and stopword scorer (ngram.c). */
#include "text/text.h"

/* Bytes looked at: some 500 letters, plenty to tell scripts and the
 * Persian/Urdu letters apart (Latin text looks at its first 700 bytes, ngram.c). */
#define DETECT_BYTES 1024

typedef struct script_counts {
    size_t by_script[MR_S_COUNT];
    size_t persian;    /* پ چ ژ گ */
    size_t persian_yk; /* ی ک */
    size_t urdu;       /* ٹ ڈ ڑ ں ے ۓ */
    size_t ukrainian;  /* і ї є ґ */
    size_t belarusian; /* ў */
    size_t serbian;    /* ђ ћ џ љ њ ј */
    size_t macedonian; /* ѓ ќ ѕ */
    size_t hard_sign;  /* ъ */
    size_t yery_e;     /* ы э: Russian has them, Bulgarian not */
} script_counts;

static void count_letter(script_counts *c, uint32_t cp, int script) {
    c->by_script[script]++;
    if (script == MR_S_ARABIC) {
        switch (cp) {
        case 0x067E:
        case 0x0686:
        case 0x0698:
        case 0x06AF:
            c->persian++;
            break;
        case 0x06CC:
        case 0x06A9:
            c->persian_yk++;
            break;
        case 0x0679:
        case 0x0688:
        case 0x0691:
        case 0x06BA:
        case 0x06D2:
        case 0x06D3:
            c->urdu++;
            break;
        default:
            break;
        }
    } else if (script == MR_S_CYRILLIC) {
        uint32_t l = cp >= 0x0400 && cp <= 0x040F ? cp + 0x50
                                                  : (cp >= 0x0410 && cp <= 0x042F ? cp + 0x20 : cp);
        switch (l) {
        case 0x0456:
        case 0x0457:
        case 0x0454:
        case 0x0491:
        case 0x0490:
            c->ukrainian++;
            break;
        case 0x045E:
            c->belarusian++;
            break;
        case 0x0452:
        case 0x045B:
        case 0x045F:
        case 0x0459:
        case 0x045A:
        case 0x0458:
            c->serbian++;
            break;
        case 0x0453:
        case 0x045C:
        case 0x0455:
            c->macedonian++;
            break;
        case 0x044A:
            c->hard_sign++;
            break;
        case 0x044B:
        case 0x044D:
            c->yery_e++;
            break;
        default:
            break;
        }
    }
}

static const char *arabic_script_language(const script_counts *c) {
    size_t n = c->by_script[MR_S_ARABIC];
    if (c->urdu * 50 >= n && c->urdu >= 2) return "ur";
    if (c->persian * 200 >= n && c->persian >= 1 && c->persian_yk * 50 >= n) return "fa";
    return "ar";
}

static const char *cyrillic_language(const script_counts *c) {
    size_t n = c->by_script[MR_S_CYRILLIC];
    if (c->ukrainian * 100 >= n && c->ukrainian >= 2) return "uk";
    if (c->belarusian * 200 >= n && c->belarusian >= 1) return "be";
    if (c->serbian * 200 >= n && c->serbian >= 1) return "sr";
    if (c->macedonian * 300 >= n && c->macedonian >= 1) return "mk";
    if (c->yery_e == 0 && c->hard_sign * 100 >= n && c->hard_sign >= 2) return "bg";
    return "ru";
}

const char *marsad_detect_language(const char *text, size_t len) {
    if (!text || len == 0) return "und";
    mr_chars_init();
    size_t n = len < DETECT_BYTES ? len : DETECT_BYTES;
    script_counts c = {0};
    size_t i = 0;
    const unsigned char *u = (const unsigned char *)text;
    while (i < n) {
        unsigned b = u[i];
        if (b < 0x80) {
            if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') c.by_script[MR_S_LATIN]++;
            i++;
            continue;
        }
        /* The Arabic alphabet proper (U+0621..U+064A, below) straight from
         * its two bytes, D8 A1..D8 BF and D9 80..D9 8A: nearly every
         * character of an Arabic text, and no decode needed. */
        if (i + 1 < n && (b == 0xD8 || b == 0xD9)) {
            unsigned b1 = u[i + 1];
            if (b == 0xD8 ? b1 >= 0xA1 && b1 <= 0xBF : b1 >= 0x80 && b1 <= 0x8A) {
                c.by_script[MR_S_ARABIC]++;
                i += 2;
                continue;
            }
        }
        size_t k;
        uint32_t cp = mr_text_decode(text, len, i, &k);
        i += k;
        if (cp >= 0x0621 && cp <= 0x064A) { /* the Arabic alphabet proper: no special letters */
            c.by_script[MR_S_ARABIC]++;
            continue;
        }
        mr_charinfo ci = mr_char_info(cp);
        if (ci.cls == MR_C_LETTER) count_letter(&c, cp, ci.script);
    }
    /* CJK counts as one script: Japanese mixes kanji with kana. */
    size_t cjk = c.by_script[MR_S_HAN] + c.by_script[MR_S_KANA];
    int best = MR_S_NONE;
    size_t best_n = 0;
    for (int s = 1; s < MR_S_COUNT; s++) {
        size_t v = s == MR_S_HAN ? cjk : (s == MR_S_KANA ? 0 : c.by_script[s]);
        if (v > best_n) {
            best_n = v;
            best = s;
        }
    }
    switch (best) {
    case MR_S_ARABIC:
        return arabic_script_language(&c);
    case MR_S_CYRILLIC:
        return cyrillic_language(&c);
    case MR_S_HAN:
        return c.by_script[MR_S_KANA] * 10 >= cjk ? "ja" : "zh";
    case MR_S_HANGUL:
        return "ko";
    case MR_S_GREEK:
        return "el";
    case MR_S_HEBREW:
        return "he";
    case MR_S_DEVANAGARI:
        return "hi";
    case MR_S_THAI:
        return "th";
    case MR_S_ARMENIAN:
        return "hy";
    case MR_S_GEORGIAN:
        return "ka";
    case MR_S_LATIN: {
        int l = mr_latin_language(text, len);
        return mr_langs[l].code;
    }
    default:
        return "und";
    }
}
