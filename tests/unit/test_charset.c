/* Tests of charset detection and conversion (src/read/charset.c): BOMs,
 * HTTP and <meta> declarations, declarations that lie, guesses between
 * windows-1256 and windows-1252, UTF-16 without a BOM, repair of bad UTF-8. */
#include "test.h"

#include "read/charset.h"
#include "util/buf.h"

#include <string.h>

/* "مرحبا بكم" in UTF-8 and in windows-1256. */
#define AR_UTF8 "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xD8\xA8\xD9\x83\xD9\x85"
#define AR_1256 "\xE3\xD1\xCD\xC8\xC7 \xC8\xDF\xE3"

/* Shared by the tests of this file; stays reachable until exit. */
static mr_buf out = MR_BUF_INIT;
static const char *used;
static bool repaired;

static const char *convert(const char *data, size_t len, const char *http, bool sniff) {
    used = NULL;
    CHECK_INT(mr_charset_to_utf8(data, len, http, sniff, &out, &used, &repaired), 0);
    return out.data;
}

static const char *conv(const char *s, const char *http) {
    return convert(s, strlen(s), http, true);
}

TEST(charset_utf8_passes_through) {
    const char *page = "<p>" AR_UTF8 " caf\xC3\xA9</p>";
    CHECK_STR(conv(page, NULL), page);
    CHECK_STR(used, "utf-8");
    CHECK(!repaired);
    CHECK_INT(out.len, strlen(page));
    CHECK_STR(conv("", NULL), "");
    CHECK_STR(used, "utf-8");
    CHECK_STR(convert(NULL, 0, NULL, true), "");
}

TEST(charset_byte_order_marks) {
    CHECK_STR(conv("\xEF\xBB\xBFhi", "windows-1256"), "hi"); /* the BOM outranks HTTP */
    CHECK_STR(used, "utf-8");
    /* "مر" in UTF-16LE and UTF-16BE with BOMs, and a pair of surrogates. */
    CHECK_STR(convert("\xFF\xFE\x45\x06\x31\x06", 6, NULL, true), "\xD9\x85\xD8\xB1");
    CHECK_STR(used, "utf-16le");
    CHECK_STR(convert("\xFE\xFF\x06\x45\x06\x31", 6, NULL, true), "\xD9\x85\xD8\xB1");
    CHECK_STR(used, "utf-16be");
    CHECK_STR(convert("\xFF\xFE\x3D\xD8\x00\xDE", 6, NULL, true), "\xF0\x9F\x98\x80");
    CHECK(!repaired);
    /* A lone surrogate and an odd final byte are repaired. */
    CHECK_STR(convert("\xFF\xFE\x3D\xD8\x41\x00\x42", 7, NULL, true), "\xEF\xBF\xBD"
                                                                      "A"
                                                                      "\xEF\xBF\xBD");
    CHECK(repaired);
}

TEST(charset_utf16_without_bom) {
    const char le[] = "<\0p\0>\0E\x06"
                      "1\x06<\0/\0p\0>\0";
    CHECK_STR(convert(le, sizeof le - 1, NULL, true), "<p>\xD9\x85\xD8\xB1</p>");
    CHECK_STR(used, "utf-16le");
    const char be[] = "\0<\0p\0>\x06"
                      "E\x06"
                      "1\0<\0/\0p\0>";
    CHECK_STR(convert(be, sizeof be - 1, NULL, true), "<p>\xD9\x85\xD8\xB1</p>");
    CHECK_STR(used, "utf-16be");
    /* Declared in HTTP. */
    CHECK_STR(convert("A\0B\0", 4, "UTF-16", true), "AB");
}

TEST(charset_http_declaration) {
    CHECK_STR(conv(AR_1256, "windows-1256"), AR_UTF8);
    CHECK_STR(used, "windows-1256");
    CHECK_STR(conv(AR_1256, "text/html; charset=\"CP1256\""), AR_UTF8);
    CHECK_STR(conv("caf\xE9", "ISO-8859-1"), "caf\xC3\xA9");
    CHECK_STR(used, "windows-1252");
    CHECK_STR(conv("\x80", "latin1"), "\xE2\x82\xAC"); /* iso-8859-1 is read as windows-1252 */
    CHECK_STR(conv("\xC7", "iso-8859-6"), "\xD8\xA7");
    CHECK_STR(used, "iso-8859-6");
    CHECK(!repaired);
    CHECK_STR(conv("\xA1", "iso-8859-6"), "\xEF\xBF\xBD"); /* undefined there */
    CHECK(repaired);
    /* An unknown label is no declaration: on to the next clue. */
    CHECK_STR(conv("caf\xC3\xA9", "x-no-such-charset"), "caf\xC3\xA9");
    CHECK_STR(used, "utf-8");
}

TEST(charset_meta_declaration) {
    const char *page = "<html><head><meta charset=\"windows-1256\"><title>" AR_1256 "</title>";
    CHECK_HAS(conv(page, NULL), "<title>" AR_UTF8 "</title>");
    CHECK_STR(used, "windows-1256");
    page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-6\">\xC7";
    CHECK_HAS(conv(page, NULL), "\xD8\xA7");
    CHECK_STR(used, "iso-8859-6");
    /* The HTTP declaration outranks the meta one. */
    page = "<meta charset=windows-1252>" AR_1256;
    CHECK_HAS(conv(page, "windows-1256"), AR_UTF8);
    /* Not sniffed when told not to; a meta inside a comment does not count. */
    convert(page, strlen(page), NULL, false);
    CHECK_STR(used, "windows-1256"); /* guessed from the bytes instead */
    page = "<!-- <meta charset=windows-1252> -->" AR_1256;
    conv(page, NULL);
    CHECK_STR(used, "windows-1256");
    CHECK_STR(mr_charset_sniff_meta("<META CHARSET='UTF-16'>", 23, 4096), "utf-8");
    CHECK(mr_charset_sniff_meta("<p>no meta</p>", 14, 4096) == NULL);
    /* Only the first bytes are looked at. */
    char late[5000];
    memset(late, ' ', sizeof late);
    memcpy(late + 4500, "<meta charset=koi8-r>", 21);
    CHECK(mr_charset_sniff_meta(late, sizeof late, 4096) == NULL);
}

TEST(charset_lying_declarations) {
    /* Declared Latin, but valid UTF-8 with Arabic in it. */
    const char *page = "<meta charset=iso-8859-1><p>" AR_UTF8 "</p>";
    CHECK_HAS(conv(page, NULL), AR_UTF8);
    CHECK_STR(used, "utf-8");
    CHECK_HAS(conv("<p>" AR_UTF8, "windows-1256"), AR_UTF8);
    CHECK_STR(used, "utf-8");
    /* Declared Latin and plain ASCII: the declaration stands. */
    conv("<p>ascii only</p>", "iso-8859-6");
    CHECK_STR(used, "iso-8859-6");
    /* Declared UTF-8, but the bytes are windows-1256 throughout. */
    page = "<meta charset=utf-8><p>" AR_1256 " " AR_1256 " " AR_1256 "</p>";
    CHECK_HAS(conv(page, NULL), AR_UTF8);
    CHECK_STR(used, "windows-1256");
}

TEST(charset_guesses) {
    CHECK_STR(conv("<p>" AR_1256 " " AR_1256 "</p>", NULL), "<p>" AR_UTF8 " " AR_UTF8 "</p>");
    CHECK_STR(used, "windows-1256");
    CHECK_STR(conv("<p>D\xE9j\xE0 vu, caf\xE9 cr\xE8me et gar\xE7on</p>", NULL),
              "<p>D\xC3\xA9j\xC3\xA0 vu, caf\xC3\xA9 cr\xC3\xA8me et gar\xC3\xA7on</p>");
    CHECK_STR(used, "windows-1252");
}

TEST(charset_repairs_bad_utf8) {
    /* Mostly UTF-8 with a stray byte: stays UTF-8, the byte becomes U+FFFD. */
    const char *page = AR_UTF8 " \xFF " AR_UTF8;
    CHECK_STR(conv(page, NULL), AR_UTF8 " \xEF\xBF\xBD " AR_UTF8);
    CHECK_STR(used, "utf-8");
    CHECK(repaired);
    /* A truncated sequence is one U+FFFD (its maximal subpart), then the next character. */
    CHECK_STR(conv(AR_UTF8 "\xE2\x82x" AR_UTF8, "utf-8"), AR_UTF8 "\xEF\xBF\xBDx" AR_UTF8);
    /* Surrogates and overlongs are invalid, one U+FFFD per byte. */
    CHECK_STR(conv(AR_UTF8 AR_UTF8 "\xED\xA0\x80|\xC0\xAF", "utf-8"),
              AR_UTF8 AR_UTF8 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(charset_labels) {
    CHECK_STR(mr_charset_canonical("ISO-8859-1", 10), "windows-1252");
    CHECK_STR(mr_charset_canonical(" UTF8 ", 6), "utf-8");
    CHECK_STR(mr_charset_canonical("arabic", 6), "iso-8859-6");
    CHECK_STR(mr_charset_canonical("x-cp1256", 8), "windows-1256");
    CHECK_STR(mr_charset_canonical("latin5", 6), "windows-1254");
    CHECK(mr_charset_canonical("x-user-defined", 14) == NULL);
    CHECK(mr_charset_canonical("", 0) == NULL);
    static const char *const names[] = {
        "windows-1250", "windows-1251", "windows-1252", "windows-1253", "windows-1254",
        "windows-1255", "windows-1256", "windows-1257", "windows-1258", "iso-8859-2",
        "iso-8859-3",   "iso-8859-4",   "iso-8859-5",   "iso-8859-6",   "iso-8859-7",
        "iso-8859-8",   "iso-8859-10",  "iso-8859-13",  "iso-8859-14",  "iso-8859-15",
        "iso-8859-16",  "utf-16le",     "utf-16be",     "utf-8"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        CHECK_STR(mr_charset_canonical(names[i], strlen(names[i])), names[i]);
    /* Every table decodes: byte 0xE9 in a few of them. */
    CHECK_STR(conv("\xE9", "windows-1251"), "\xD0\xB9");
    CHECK_STR(conv("\xE9", "iso-8859-7"), "\xCE\xB9");
    CHECK_STR(conv("\xE9", "windows-1255"), "\xD7\x99");
}
