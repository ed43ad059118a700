/* Per-code-point knowledge of the normalize stage: what a character is to the
 * tokenizer (letter, digit, mark, invisible, space, other; which script) and
 * what it becomes in the match layer. The rules are written once, as range
 * tests and utf8proc calls (the _slow functions); everything below U+0800,
 * which is nearly all the text marsad reads, is precomputed from them into
 * mr_cp_table so the hot loops do one lookup per character.
 *
 * Arabic folding is done here and never by utf8proc: utf8proc's folds map
 * ؤ → و and ئ → ي, which the match layer keeps apart. */
#include "text/text.h"
#include "util/utf8.h"

#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

/* The Arabic block U+0600..U+06FF: class, and what the character folds to
 * (0 itself, FOLD_TO_DROP removed, otherwise the code point it becomes). */
#define FOLD_TO_DROP 0xFFFFu
static void arabic_rules(uint32_t cp, mr_charinfo *info, uint16_t *fold_to) {
    mr_charinfo ci = {MR_C_OTHER, MR_S_NONE};
    uint16_t fold = 0;
    if (mr_is_arabic_mark(cp)) {
        ci.cls = MR_C_MARK;
        fold = FOLD_TO_DROP;
    } else if (cp == 0x0640 || cp == 0x061C || cp <= 0x0605 || cp == 0x06DD) {
        ci.cls = MR_C_IGNORE; /* tatweel, ALM, number signs, end of ayah */
        fold = FOLD_TO_DROP;
    } else if (mr_is_arabic_letter(cp) || cp == 0x066E || cp == 0x066F || cp == 0x06D5 ||
               cp == 0x06EE || cp == 0x06EF || cp == 0x06FF) {
        ci.cls = MR_C_LETTER;
        ci.script = MR_S_ARABIC;
    } else if ((cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06F0 && cp <= 0x06F9)) {
        ci.cls = MR_C_DIGIT;
        fold = (uint16_t)('0' + (cp & 0x0F));
    }
    switch (cp) {
    case 0x0622: /* آ */
    case 0x0623: /* أ */
    case 0x0625: /* إ */
    case 0x0671: /* ٱ */
    case 0x0672:
    case 0x0673:
    case 0x0675:
        fold = 0x0627;
        break;
    case 0x0649: /* ى */
    case 0x06CC: /* Persian yeh */
        fold = 0x064A;
        break;
    case 0x0629: /* ة */
    case 0x06C0:
    case 0x06C1:
    case 0x06C2:
    case 0x06C3:
    case 0x06BE:
    case 0x06D5:
        fold = 0x0647;
        break;
    case 0x06A9: /* keheh */
    case 0x06AA:
        fold = 0x0643;
        break;
    case 0x060C:
        fold = ',';
        break;
    case 0x060D:
        fold = ',';
        break;
    case 0x061B:
        fold = ';';
        break;
    case 0x061F:
        fold = '?';
        break;
    case 0x066A:
        fold = '%';
        break;
    case 0x066B:
        fold = '.';
        break;
    case 0x066C:
        fold = ',';
        break;
    case 0x066D:
        fold = '*';
        break;
    case 0x06D4:
        fold = '.';
        break;
    default:
        break;
    }
    *info = ci;
    *fold_to = fold;
}

static int script_of(uint32_t cp) {
    if (cp < 0x0250) return MR_S_LATIN;
    if (cp < 0x02B0) return MR_S_LATIN; /* IPA extensions */
    if (cp >= 0x0370 && cp <= 0x03FF) return MR_S_GREEK;
    if (cp >= 0x0400 && cp <= 0x052F) return MR_S_CYRILLIC;
    if (cp >= 0x0530 && cp <= 0x058F) return MR_S_ARMENIAN;
    if (cp >= 0x0590 && cp <= 0x05FF) return MR_S_HEBREW;
    if (cp >= 0x0600 && cp <= 0x08FF) return MR_S_ARABIC;
    if (cp >= 0x0900 && cp <= 0x097F) return MR_S_DEVANAGARI;
    if (cp >= 0x0E00 && cp <= 0x0E7F) return MR_S_THAI;
    if (cp >= 0x10A0 && cp <= 0x10FF) return MR_S_GEORGIAN;
    if (cp >= 0x1100 && cp <= 0x11FF) return MR_S_HANGUL;
    if (cp >= 0x1C80 && cp <= 0x1C8F) return MR_S_CYRILLIC;
    if (cp >= 0x1E00 && cp <= 0x1EFF) return MR_S_LATIN;
    if (cp >= 0x1F00 && cp <= 0x1FFF) return MR_S_GREEK;
    if (cp >= 0x2C60 && cp <= 0x2C7F) return MR_S_LATIN;
    if (cp >= 0x2DE0 && cp <= 0x2DFF) return MR_S_CYRILLIC;
    if (cp >= 0x2E80 && cp <= 0x2FDF) return MR_S_HAN;
    if (cp >= 0x3005 && cp <= 0x3007) return MR_S_HAN;
    if (cp >= 0x3021 && cp <= 0x3029) return MR_S_HAN;
    if (cp >= 0x3040 && cp <= 0x30FF) return MR_S_KANA;
    if (cp >= 0x3130 && cp <= 0x318F) return MR_S_HANGUL;
    if (cp >= 0x31F0 && cp <= 0x31FF) return MR_S_KANA;
    if (cp >= 0x3400 && cp <= 0x4DBF) return MR_S_HAN;
    if (cp >= 0x4E00 && cp <= 0x9FFF) return MR_S_HAN;
    if (cp >= 0xA640 && cp <= 0xA69F) return MR_S_CYRILLIC;
    if (cp >= 0xA720 && cp <= 0xA7FF) return MR_S_LATIN;
    if (cp >= 0xAB30 && cp <= 0xAB6F) return MR_S_LATIN;
    if (cp >= 0xAC00 && cp <= 0xD7AF) return MR_S_HANGUL;
    if (cp >= 0xF900 && cp <= 0xFAFF) return MR_S_HAN;
    if (cp >= 0xFB00 && cp <= 0xFB06) return MR_S_LATIN;
    if (cp >= 0xFB1D && cp <= 0xFB4F) return MR_S_HEBREW;
    if (cp >= 0xFB50 && cp <= 0xFDFF) return MR_S_ARABIC;
    if (cp >= 0xFE70 && cp <= 0xFEFF) return MR_S_ARABIC;
    if (cp >= 0xFF21 && cp <= 0xFF5A) return MR_S_LATIN;
    if (cp >= 0xFF66 && cp <= 0xFF9F) return MR_S_KANA;
    if (cp >= 0x20000 && cp <= 0x3FFFF) return MR_S_HAN;
    return MR_S_OTHER;
}

/* Invisible format characters removed everywhere (zero-width, bidi, BOM, ...). */
static bool is_invisible(uint32_t cp) {
    return cp == 0x00AD || cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
           (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F);
}

static bool is_space(uint32_t cp) {
    return cp == 0x0085 || cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
           cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

mr_charinfo mr_char_info_slow(uint32_t cp) {
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return (mr_charinfo){MR_C_LETTER, MR_S_LATIN};
        if (cp >= '0' && cp <= '9') return (mr_charinfo){MR_C_DIGIT, MR_S_NONE};
        if (cp == ' ' || (cp >= '\t' && cp <= '\r')) return (mr_charinfo){MR_C_SPACE, MR_S_NONE};
        if (cp < 0x20 || cp == 0x7F) return (mr_charinfo){MR_C_IGNORE, MR_S_NONE};
        return (mr_charinfo){MR_C_OTHER, MR_S_NONE};
    }
    if (cp >= 0x0600 && cp <= 0x06FF) {
        mr_charinfo ci;
        uint16_t fold;
        arabic_rules(cp, &ci, &fold);
        return ci;
    }
    if (cp == MR_UTF8_INVALID) return (mr_charinfo){MR_C_OTHER, MR_S_NONE};
    if (is_space(cp)) return (mr_charinfo){MR_C_SPACE, MR_S_NONE};
    if (is_invisible(cp)) return (mr_charinfo){MR_C_IGNORE, MR_S_NONE};
    if (mr_is_arabic_mark(cp)) return (mr_charinfo){MR_C_MARK, MR_S_NONE};
    if (mr_digit_value(cp) >= 0) return (mr_charinfo){MR_C_DIGIT, MR_S_NONE};
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return (mr_charinfo){MR_C_LETTER, (uint8_t)script_of(cp)};
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return (mr_charinfo){MR_C_MARK, MR_S_NONE};
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return (mr_charinfo){MR_C_SPACE, MR_S_NONE};
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
        return (mr_charinfo){MR_C_IGNORE, MR_S_NONE};
    default:
        return (mr_charinfo){MR_C_OTHER, MR_S_NONE};
    }
}

static bool is_upper_slow(uint32_t cp) {
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    if (cp >= 0x0600 && cp <= 0x06FF) return false;
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool mr_char_is_upper(uint32_t cp) {
    return cp < 0x800 ? mr_cp_table[cp].upper : is_upper_slow(cp);
}

int mr_digit_value(uint32_t cp) {
    if (cp >= '0' && cp <= '9') return (int)(cp - '0');
    if (cp >= 0x0660 && cp <= 0x0669) return (int)(cp - 0x0660);
    if (cp >= 0x06F0 && cp <= 0x06F9) return (int)(cp - 0x06F0);
    if (cp >= 0x0966 && cp <= 0x096F) return (int)(cp - 0x0966);
    if (cp >= 0xFF10 && cp <= 0xFF19) return (int)(cp - 0xFF10);
    return -1;
}

bool mr_char_ends_sentence(uint32_t cp) {
    switch (cp) {
    case '.':
    case '!':
    case '?':
    case 0x061F: /* ؟ */
    case 0x06D4: /* ۔ */
    case 0x2026: /* … */
    case 0x203C:
    case 0x2047:
    case 0x2048:
    case 0x2049:
    case 0x3002: /* 。 */
    case 0xFF01:
    case 0xFF0E:
    case 0xFF1F:
        return true;
    default:
        return false;
    }
}

int mr_utf8_put(uint32_t cp, char *out) {
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Presentation forms and compatibility characters: fold what their
 * compatibility decomposition (NFKD) is made of. */
static bool is_compat_form(uint32_t cp) {
    return (cp >= 0xFB00 && cp <= 0xFDFF) || (cp >= 0xFE10 && cp <= 0xFE19) ||
           (cp >= 0xFE30 && cp <= 0xFE6F) || (cp >= 0xFE70 && cp <= 0xFEFC);
}

static int fold_compat(uint32_t cp, char *out) {
    utf8proc_int32_t parts[24];
    utf8proc_ssize_t np = utf8proc_decompose_char((utf8proc_int32_t)cp, parts, 24,
                                                  UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, NULL);
    if (np <= 0 || np > 24) return mr_utf8_put(cp, out);
    int o = 0;
    bool space = false;
    for (utf8proc_ssize_t i = 0; i < np; i++) {
        uint32_t p = (uint32_t)parts[i];
        char tmp[8];
        int k;
        if (is_compat_form(p)) {
            k = mr_utf8_put(p, tmp); /* no deeper: decompositions are complete */
        } else {
            k = mr_fold_cp_slow(p, tmp);
        }
        if (k == MR_FOLD_SPACE) {
            space = o > 0;
            continue;
        }
        if (k <= 0) continue;
        if (o + k + 1 > MR_FOLD_MAX) break;
        if (space) out[o++] = ' ';
        space = false;
        for (int j = 0; j < k; j++) out[o++] = tmp[j];
    }
    return o > 0 ? o : MR_FOLD_DROP;
}

int mr_fold_cp_slow(uint32_t cp, char *out) {
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            cp += 32;
        else if (cp == ' ' || (cp >= '\t' && cp <= '\r'))
            return MR_FOLD_SPACE;
        else if (cp < 0x20 || cp == 0x7F)
            return MR_FOLD_DROP;
        out[0] = (char)cp;
        return 1;
    }
    if (cp >= 0x0600 && cp <= 0x06FF) {
        mr_charinfo ci;
        uint16_t f;
        arabic_rules(cp, &ci, &f);
        if (f == FOLD_TO_DROP) return MR_FOLD_DROP;
        return mr_utf8_put(f ? f : cp, out);
    }
    if (cp == MR_UTF8_INVALID) return mr_utf8_put(0xFFFD, out);
    if (is_space(cp)) return MR_FOLD_SPACE;
    if (is_invisible(cp)) return MR_FOLD_DROP;
    if (mr_is_arabic_mark(cp)) return MR_FOLD_DROP;
    switch (cp) {
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
        out[0] = '-';
        return 1;
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x2035:
    case 0x2039:
    case 0x203A:
    case 0x02BC:
    case 0x00B4:
        out[0] = '\'';
        return 1;
    case 0x00AB:
    case 0x00BB:
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x2033:
    case 0x2036:
    case 0x301D:
    case 0x301E:
    case 0x301F:
        out[0] = '"';
        return 1;
    case 0x2024:
        out[0] = '.';
        return 1;
    case 0x2025:
        out[0] = out[1] = '.';
        return 2;
    case 0x2026:
        out[0] = out[1] = out[2] = '.';
        return 3;
    default:
        break;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) return mr_fold_cp_slow(cp - 0xFEE0, out);
    if (cp >= 0x0080 && cp <= 0x009F) return MR_FOLD_DROP; /* C1 controls (0x85 is a space) */
    if (is_compat_form(cp)) return fold_compat(cp, out);
    utf8proc_int32_t lower = utf8proc_tolower((utf8proc_int32_t)cp);
    return mr_utf8_put((uint32_t)lower, out);
}

mr_cpinfo mr_cp_table[0x800];
uint8_t mr_ar_fast[256];
uint8_t mr_ar_letter16[65536];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void build_table(void) {
    for (uint32_t cp = 0; cp < 0x800; cp++) {
        mr_cpinfo *e = &mr_cp_table[cp];
        mr_charinfo ci = mr_char_info_slow(cp);
        e->cls = ci.cls;
        e->script = ci.script;
        e->upper = is_upper_slow(cp);
        char out[MR_FOLD_MAX];
        int w = mr_fold_cp_slow(cp, out);
        if (w > (int)sizeof e->fold) {
            e->fold_len = MR_FOLD_SLOW;
        } else {
            e->fold_len = (int8_t)w;
            memset(e->fold, 0, sizeof e->fold);
            if (w > 0) memcpy(e->fold, out, (size_t)w);
        }
    }
    for (uint32_t cp = 0x0600; cp <= 0x06FF; cp++) {
        const mr_cpinfo *e = &mr_cp_table[cp];
        uint8_t kind = MR_AR_SLOW;
        if (e->cls == MR_C_LETTER && e->fold_len == 2) {
            char self[4];
            mr_utf8_put(cp, self);
            kind = memcmp(self, e->fold, 2) == 0 ? MR_AR_SAME : MR_AR_MAPPED;
        } else if (e->cls == MR_C_MARK && e->fold_len == MR_FOLD_DROP) {
            kind = MR_AR_MARK;
        } else if (e->cls == MR_C_IGNORE && e->fold_len == MR_FOLD_DROP) {
            kind = MR_AR_IGNORE;
        }
        mr_ar_fast[cp - 0x0600] = kind;
        if (kind == MR_AR_SAME || kind == MR_AR_MAPPED) {
            unsigned char b[4];
            mr_utf8_put(cp, (char *)b);
            mr_ar_letter16[b[0] | (unsigned)b[1] << 8] = kind;
        }
    }
}

void mr_chars_init(void) {
    pthread_once(&table_once, build_table);
}
