/* Unit tests of the utility layer: arena, buffer, UTF-8, string map, embedded data. */
#include "test.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/data.h"
#include "util/strmap.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>

TEST(arena_alloc_alignment_and_big_blocks) {
    mr_arena a;
    mr_arena_init(&a, 1024);
    for (int i = 1; i < 200; i++) {
        char *p = mr_arena_alloc(&a, (size_t)i);
        CHECK(((uintptr_t)p & 15) == 0);
        memset(p, 'x', (size_t)i);
    }
    char *big = mr_arena_alloc(&a, 100000);
    memset(big, 1, 100000);
    char *s = mr_arena_printf(&a, "%s-%d", "abc", 42);
    CHECK_STR(s, "abc-42");
    mr_arena_reset(&a);
    char *t = mr_arena_strdup(&a, "after reset");
    CHECK_STR(t, "after reset");
    mr_arena_free(&a);
}

TEST(buf_json_escape) {
    mr_buf b = MR_BUF_INIT;
    mr_buf_json_str(&b, "a\"b\\c\nd\x01");
    CHECK_STR(b.data, "\"a\\\"b\\\\c\\nd\\u0001\"");
    mr_buf_clear(&b);
    mr_buf_put_utf8(&b, 0x0642);
    CHECK_STR(b.data, "ق");
    mr_buf_free(&b);
}

TEST(utf8_decode_rejects_bad_forms) {
    uint32_t cp;
    CHECK_INT(mr_utf8_decode((const unsigned char *)"\xD9\x82", 2, &cp), 2);
    CHECK_INT(cp, 0x0642);
    mr_utf8_decode((const unsigned char *)"\xC0\x80", 2, &cp); /* overlong */
    CHECK(cp == MR_UTF8_INVALID);
    mr_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp); /* surrogate */
    CHECK(cp == MR_UTF8_INVALID);
    mr_utf8_decode((const unsigned char *)"\xE2\x82", 2, &cp); /* truncated */
    CHECK(cp == MR_UTF8_INVALID);
    CHECK_INT(mr_utf8_valid_prefix("ab\xFF"
                                   "cd",
                                   5),
              2);
    CHECK_INT(mr_utf8_count("قسد", strlen("قسد")), 3);
}

TEST(strmap_insert_find_grow) {
    mr_strmap m;
    mr_strmap_init(&m);
    char key[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        bool added;
        mr_strmap_slot *s = mr_strmap_upsert(&m, key, strlen(key), &added);
        CHECK(added);
        s->value = (uint64_t)i;
    }
    CHECK_INT(m.count, 5000);
    for (int i = 0; i < 5000; i += 7) {
        snprintf(key, sizeof key, "k%d", i);
        mr_strmap_slot *s = mr_strmap_find(&m, key, strlen(key));
        CHECK(s && s->value == (uint64_t)i);
    }
    CHECK(mr_strmap_find(&m, "absent", 6) == NULL);
    mr_strmap_free(&m);
}
