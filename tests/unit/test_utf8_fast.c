/* The block-at-a-time UTF-8 validator (mr_utf8_valid_prefix) against a plain
 * one-character-at-a-time reference built on mr_utf8_decode, on random text
 * of the kinds marsad reads and on every kind of bad sequence placed at every
 * offset of a block. */
#include "test.h"
#include "util/utf8.h"

#include <stdlib.h>

static size_t reference_valid_prefix(const char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = mr_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (cp == MR_UTF8_INVALID) return i;
        i += k;
    }
    return n;
}

static uint32_t rng_state = 12345;
static uint32_t rnd(void) {
    return mr_test_rand(&rng_state);
}

/* Appends a random piece: mostly ASCII and Arabic, some longer sequences,
 * and (when bad) now and then a broken one. */
static size_t random_piece(unsigned char *p, bool bad) {
    uint32_t r = rnd() % 100;
    if (r < 35) {
        p[0] = (unsigned char)(r < 10 ? ' ' : 0x20 + rnd() % 0x5F);
        return 1;
    }
    if (r < 80) { /* Arabic and other two-byte letters */
        uint32_t cp = r < 75 ? 0x600 + rnd() % 0x100 : 0x80 + rnd() % 0x780;
        p[0] = (unsigned char)(0xC0 | cp >> 6);
        p[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (r < 88) { /* three bytes: punctuation, CJK */
        uint32_t cp = 0x800 + rnd() % 0xF000;
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0x2014;
        p[0] = (unsigned char)(0xE0 | cp >> 12);
        p[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        p[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (r < 92 || !bad) { /* four bytes */
        uint32_t cp = 0x10000 + rnd() % 0x100000;
        p[0] = (unsigned char)(0xF0 | cp >> 18);
        p[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        p[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        p[3] = (unsigned char)(0x80 | (cp & 0x3F));
        return 4;
    }
    static const char *const broken[] = {
        "\x80",         "\xBF",     "\xC0\x80",     "\xC1\xBF",         "\xC2",
        "\xD8",         "\xD8\x41", "\xE0\x80\x80", "\xE0\x9F\xBF",     "\xED\xA0\x80",
        "\xED\xBF\xBF", "\xE2\x82", "\xF0\x8F\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80",
        "\xF8",         "\xFE",     "\xFF",         "\xD9\xD9\x84"};
    const char *b = broken[rnd() % (sizeof broken / sizeof broken[0])];
    size_t n = strlen(b);
    memcpy(p, b, n);
    return n;
}

TEST(utf8_fast_validator_agrees_on_random_text) {
    unsigned char buf[600];
    int mismatches = 0, invalid_seen = 0;
    for (int round = 0; round < 20000; round++) {
        size_t want = 1 + rnd() % 500, n = 0;
        bool bad = round % 2;
        while (n < want) n += random_piece(buf + n, bad && rnd() % 40 == 0);
        for (size_t cut = 0; cut < 3 && cut < n; cut++) { /* also truncated at the end */
            size_t len = n - cut;
            size_t fast = mr_utf8_valid_prefix((const char *)buf, len);
            size_t slow = reference_valid_prefix((const char *)buf, len);
            if (fast != slow) mismatches++;
            if (slow < len) invalid_seen++;
        }
    }
    CHECK_INT(mismatches, 0);
    CHECK(invalid_seen > 1000); /* the bad inputs did get tested */
}

/* Each bad sequence at each position of a run of Arabic and ASCII that the
 * block path would otherwise take whole. */
TEST(utf8_fast_validator_bad_sequence_at_every_offset) {
    static const char *const bad[] = {"\x80",
                                      "\xC0\xAF",
                                      "\xC1\x81",
                                      "\xD8",
                                      "\xD8 ",
                                      "\xDF\xC0",
                                      "\xE0\x80\xAF",
                                      "\xED\xA0\x80",
                                      "\xED\xBF\xBF",
                                      "\xEF\xBF",
                                      "\xF0\x80\x80\x80",
                                      "\xF4\x90\x80\x80",
                                      "\xF7\xBF\xBF\xBF",
                                      "\xFF",
                                      "\xC2\xC2\x80"};
    static const char *const good[] = {"\xE2\x80\x94", "\xF0\x9F\x98\x80", "\xC2\x80",
                                       "\xDF\xBF",     "\xEF\xBF\xBD",     "\xF4\x8F\xBF\xBF"};
    const char *base = "قال الوزير in Riyadh: السلام عليكم ورحمة الله وبركاته abc";
    size_t blen = strlen(base);
    char buf[256];
    int mismatches = 0;
    for (int g = 0; g < 2; g++) {
        size_t count = g ? sizeof good / sizeof good[0] : sizeof bad / sizeof bad[0];
        for (size_t b = 0; b < count; b++) {
            const char *ins = g ? good[b] : bad[b];
            size_t k = strlen(ins);
            for (size_t at = 0; at <= 40; at++) {
                memcpy(buf, base, at);
                memcpy(buf + at, ins, k);
                memcpy(buf + at + k, base + at, blen - at);
                size_t n = blen + k;
                for (size_t len = at; len <= n; len += 7) {
                    if (mr_utf8_valid_prefix(buf, len) != reference_valid_prefix(buf, len))
                        mismatches++;
                }
                if (mr_utf8_valid_prefix(buf, n) != reference_valid_prefix(buf, n)) mismatches++;
            }
        }
    }
    CHECK_INT(mismatches, 0);
    /* Spot checks with known answers: a lead byte as the 16th byte of a block. */
    CHECK_INT(mr_utf8_valid_prefix("abcdefghijklmno\xD9\x84xyz", 19), 19);
    CHECK_INT(mr_utf8_valid_prefix("abcdefghijklmno\xD9zyz", 19), 15);
    CHECK_INT(mr_utf8_valid_prefix("abcdefghijklmno\xD9", 16), 15);
    CHECK_INT(mr_utf8_valid_prefix("\xD9\x84\xD9\x84\xD9\x84\xD9\x84\xD9\x84\xD9\x84\xD9\x84\xC0"
                                   "\x80",
                                   16),
              14);
}
