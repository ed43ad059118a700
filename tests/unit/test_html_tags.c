/* Tests of the tag table (src/html/tags.c) and of the gumbo reference tree
 * and text-block splitter (tests/unit/gumbo_tree.c). */
#include "test.h"

#include "gumbo_tree.h"
#include "html/html.h"
#include "html/html_internal.h"

#include <string.h>

TEST(html_tag_table_round_trips) {
    for (int t = MR_TAG_A; t < MR_TAG_COUNT; t++) {
        const char *name = mr_tag_name((mr_tag)t);
        CHECK_INT(mr_tag_lookup(name, strlen(name)), t);
    }
    /* The parser's own ids past html.h's enum, "applet" (= MR_TAG_COUNT) among
     * them (a regression: it was once left out of the lookup table). */
    for (unsigned t = MR_TAG_A; t < MR_ITAG_COUNT; t++) {
        const char *name = mr_html_itag_name(t);
        CHECK_INT(mr_html_itag_lookup(name, strlen(name)), t);
        CHECK_INT(mr_tag_lookup(name, strlen(name)), t < MR_TAG_COUNT ? (int)t : MR_TAG_OTHER);
    }
    CHECK_INT(mr_tag_lookup("custom-el", 9), MR_TAG_OTHER);
    CHECK_INT(mr_tag_lookup("", 0), MR_TAG_OTHER);
    CHECK_INT(mr_tag_lookup("divx", 3), MR_TAG_DIV); /* length, not NUL, ends the name */
    CHECK_INT(mr_tag_lookup("tbodyy", 6), MR_TAG_OTHER);
}

TEST(html_tag_blocks) {
    CHECK(mr_tag_is_block(MR_TAG_P));
    CHECK(mr_tag_is_block(MR_TAG_BR));
    CHECK(mr_tag_is_block(MR_TAG_TD));
    CHECK(!mr_tag_is_block(MR_TAG_SPAN));
    CHECK(!mr_tag_is_block(MR_TAG_A));
    CHECK(!mr_tag_is_block(MR_TAG_TEXT));
}

static const char *joined_blocks(const mr_html_doc *doc, mr_arena *arena) {
    size_t n;
    const char **blocks = mr_test_text_blocks(doc, arena, &n);
    size_t total = 1;
    for (size_t i = 0; i < n; i++) total += strlen(blocks[i]) + 1;
    char *s = mr_arena_alloc(arena, total), *p = s;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(blocks[i]);
        memcpy(p, blocks[i], k);
        p += k;
        *p++ = '|';
    }
    *p = 0;
    return s;
}

TEST(html_gumbo_tree_follows_html_h_rules) {
    mr_arena arena;
    mr_arena_init(&arena, 0);
    const char *html =
        "<!doctype html><title>T &amp; t</title><script>var x='<p>no</p>';</script>"
        "<script type=' application/LD+JSON '>{\"a\":1}</script>"
        "<p class=lead>One<!-- gone --> <b>two</b><p>Three<svg><text>no</text></svg>"
        "<ul><li>a<li>b</ul><noscript>hidden</noscript><x-Widget data-k=v>xw</x-widget>";
    mr_html_doc *doc = mr_test_gumbo_parse(html, strlen(html), &arena);
    CHECK(doc->html && doc->head && doc->body);
    CHECK_STR(joined_blocks(doc, &arena), "T & t|{\"a\":1}|One two|Three|a|b|xw|");
    mr_node *p = doc->body->first_child;
    CHECK_INT(p->tag, MR_TAG_P);
    CHECK_STR(mr_node_attr(p, "class"), "lead");
    CHECK(mr_node_attr(p, "id") == NULL);
    const mr_node *last = doc->body->last_child;
    CHECK_INT(last->tag, MR_TAG_OTHER);
    CHECK_STR(last->name, "x-widget");
    CHECK_STR(mr_node_attr(last, "data-k"), "v");
    /* parent/child/sibling links agree */
    for (const mr_node *c = doc->body->first_child; c; c = c->next) {
        CHECK(c->parent == doc->body);
        if (c->next) CHECK(c->next->prev == c);
    }
    mr_arena_free(&arena);
}
