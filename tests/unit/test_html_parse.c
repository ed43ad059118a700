/* Tests of mr_html_parse (src/html/): agreement with gumbo on the text
 * blocks of hand-written pages, the tree's shape for implied end tags,
 * formatting elements and tables, raw-text and skipped elements, entities,
 * malformed and truncated input, and deep nesting. */
#include "test.h"

#include "gumbo_tree.h"
#include "html/html.h"
#include "html/html_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One arena for the file's tests, made on first use (tests may run alone or in
 * any order); it stays reachable until exit. */
static mr_arena *ar(void) {
    static mr_arena arena;
    static bool ready;
    if (!ready) {
        mr_arena_init(&arena, 0);
        ready = true;
    }
    return &arena;
}

static mr_html_doc *parse(const char *html) {
    mr_html_doc *doc = mr_html_parse(html, strlen(html), ar());
    const char *bad = mr_html_check(doc);
    if (bad) mr_test_fail(__FILE__, __LINE__, "tree invariant: %s", bad);
    return doc;
}

/* The text blocks joined by '|'. */
static const char *blocks_of(const mr_html_doc *doc) {
    size_t n;
    const char **blocks = mr_test_text_blocks(doc, ar(), &n);
    size_t total = 1;
    for (size_t i = 0; i < n; i++) total += strlen(blocks[i]) + 1;
    char *s = mr_arena_alloc(ar(), total), *p = s;
    for (size_t i = 0; i < n; i++) {
        if (i) *p++ = '|';
        size_t k = strlen(blocks[i]);
        memcpy(p, blocks[i], k);
        p += k;
    }
    *p = 0;
    return s;
}

static const char *blocks(const char *html) {
    return blocks_of(parse(html));
}

/* First element with this tag in document order. */
static const mr_node *find(const mr_node *n, mr_tag tag) {
    const mr_node *start = n;
    while (n) {
        if (n->tag == tag && n != start) return n;
        if (n->first_child) {
            n = n->first_child;
            continue;
        }
        while (n && n != start && !n->next) n = n->parent;
        if (!n || n == start) return NULL;
        n = n->next;
    }
    return NULL;
}

static int count_children(const mr_node *n) {
    int k = 0;
    for (const mr_node *c = n->first_child; c; c = c->next) k++;
    return k;
}

static const char *text_of(const mr_node *n) {
    return n && n->tag == MR_TAG_TEXT ? mr_arena_strndup(ar(), n->text, n->text_len) : "(none)";
}

static size_t max_depth(const mr_node *root) {
    size_t depth = 0, best = 0;
    const mr_node *n = root;
    while (n) {
        if (depth > best) best = depth;
        if (n->first_child) {
            n = n->first_child;
            depth++;
            continue;
        }
        while (n && !n->next) {
            n = n->parent;
            depth--;
        }
        if (n) n = n->next;
    }
    return best;
}

TEST(html_parse_fixtures_match_gumbo) {
    static const char *const files[] = {"lists",    "tables", "implied",
                                        "entities", "arabic", "broken"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[256];
        snprintf(path, sizeof path, "tests/fixtures/html_parse/%s.html", files[i]);
        size_t len;
        char *html = mr_test_read_file(path, &len);
        mr_html_doc *ours = mr_html_parse(html, len, ar());
        const char *bad = mr_html_check(ours);
        if (bad) mr_test_fail(__FILE__, __LINE__, "%s: %s", files[i], bad);
        size_t na, nb;
        const char **a = mr_test_text_blocks(ours, ar(), &na);
        const char **b = mr_test_text_blocks(mr_test_gumbo_parse(html, len, ar()), ar(), &nb);
        CHECK(na > 5);
        size_t k = 0;
        while (k < na && k < nb && strcmp(a[k], b[k]) == 0) k++;
        if (k < na || k < nb)
            mr_test_fail(__FILE__, __LINE__, "%s: block %zu differs: \"%s\" vs gumbo \"%s\"",
                         files[i], k, k < na ? a[k] : "(none)", k < nb ? b[k] : "(none)");
        free(html);
        mr_arena_reset(ar());
    }
}

TEST(html_parse_document_skeleton) {
    mr_html_doc *doc = parse("<title>T</title><p>x");
    CHECK(doc->html && doc->head && doc->body);
    CHECK_INT(doc->head->first_child->tag, MR_TAG_TITLE);
    CHECK_STR(text_of(doc->head->first_child->first_child), "T");
    CHECK_INT(doc->body->first_child->tag, MR_TAG_P);
    CHECK(!doc->truncated);
    /* An empty page still has html, head and body. */
    doc = parse("");
    CHECK(doc->html && doc->head && doc->body);
    CHECK_INT(doc->nodes, 4);
    doc = mr_html_parse(NULL, 0, ar());
    CHECK(doc->body != NULL);
    /* <html> and <body> attributes are kept; a second <body> is ignored. */
    doc = parse("<html lang=ar dir=rtl><body class=a><p>x<body class=b>y");
    CHECK_STR(mr_node_attr(doc->html, "lang"), "ar");
    CHECK_STR(mr_node_attr(doc->body, "class"), "a");
    CHECK_STR(blocks_of(doc), "xy");
    /* Meta and link after </head> still go to head; text closes head. */
    doc = parse("<head></head><meta charset=utf-8> <link rel=x>text");
    CHECK_INT(count_children(doc->head), 2);
    CHECK_STR(text_of(doc->body->first_child), "text");
}

TEST(html_parse_implied_end_tags) {
    mr_html_doc *doc = parse("<p>a<p>b<div>c</div><ul><li>d<li>e</ul><dl><dt>f<dd>g<dt>h</dl>");
    const mr_node *body = doc->body;
    CHECK_INT(count_children(body), 5); /* p p div ul dl */
    const mr_node *ul = find(body, MR_TAG_UL);
    CHECK_INT(count_children(ul), 2);
    const mr_node *dl = find(body, MR_TAG_DL);
    CHECK_INT(count_children(dl), 3);
    CHECK_STR(blocks_of(doc), "a|b|c|d|e|f|g|h");
    /* A heading closes an open heading; li inside a nested list stays nested. */
    CHECK_STR(blocks("<h1>x<h2>y</h2>z"), "x|y|z");
    doc = parse("<ul><li>a<ul><li>b</ul><li>c</ul>");
    CHECK_INT(count_children(find(doc->body, MR_TAG_UL)), 2);
    /* option closes option; </p> without p makes an empty one. */
    doc = parse("<select><option>a<option>b</select></p>");
    CHECK_INT(count_children(find(doc->body, MR_TAG_SELECT)), 2);
    CHECK_INT(doc->body->last_child->tag, MR_TAG_P);
    /* </br> is a line break. */
    CHECK_STR(blocks("a</br>b"), "a|b");
}

TEST(html_parse_formatting_elements) {
    /* <b><p>x</b>y: the adoption agency keeps x and y in one paragraph. */
    mr_html_doc *doc = parse("<b>0<p>x</b>y</p>z");
    CHECK_STR(blocks_of(doc), "0|xy|z");
    const mr_node *p = find(doc->body, MR_TAG_P);
    CHECK(p->parent == doc->body);
    CHECK_INT(p->first_child->tag, MR_TAG_B);
    CHECK_STR(text_of(p->first_child->first_child), "x");
    CHECK_STR(text_of(p->first_child->next), "y");
    /* Formatting re-opened in the next paragraph. */
    doc = parse("<p><i>a<p>b</i>c");
    const mr_node *p2 = find(doc->body, MR_TAG_P)->next;
    CHECK_INT(p2->first_child->tag, MR_TAG_I);
    CHECK_STR(text_of(p2->first_child->first_child), "b");
    CHECK_STR(text_of(p2->last_child), "c");
    /* A second <a> closes the first: links never nest. */
    doc = parse("<a href=1>one<a href=2>two</a>");
    CHECK_INT(count_children(doc->body), 2);
    CHECK_STR(mr_node_attr(doc->body->last_child, "href"), "2");
    /* An end tag for an inline element does not close past a block. */
    CHECK_STR(blocks("<div><span>a<div>b</span>c</div>d</div>"), "a|bc|d");
}

TEST(html_parse_tables) {
    mr_html_doc *doc = parse("<table><td>a<td>b<tr><td>c</table>after");
    const mr_node *table = find(doc->body, MR_TAG_TABLE);
    const mr_node *tbody = table->first_child;
    CHECK_INT(tbody->tag, MR_TAG_TBODY);
    CHECK_INT(count_children(tbody), 2); /* two rows */
    CHECK_INT(count_children(tbody->first_child), 2);
    CHECK_STR(blocks_of(doc), "a|b|c|after");
    /* Nested tables; a stray cell outside any table is ignored (its text stays). */
    CHECK_STR(blocks("<table><tr><td>x<table><tr><td>y</table>z<td>w</table>"), "x|y|z|w");
    doc = parse("<td>stray</td>");
    CHECK(find(doc->body, MR_TAG_TD) == NULL);
    CHECK_STR(blocks_of(doc), "stray");
    /* A cell's end pops what is open inside it. */
    CHECK_STR(blocks("<table><tr><td><ul><li>a</td><td>b</table>"), "a|b");
}

TEST(html_parse_raw_text_elements) {
    mr_html_doc *doc = parse("<script>if (a<b) x='</p>';</script><style>p>a{}</style>"
                             "<script type='application/ld+json'>{\"@type\":\"X\"}</script>"
                             "<title>A &amp; <b>B</b></title><textarea>t&lt;</textarea>"
                             "<noscript><p>enable js</p></noscript><iframe><p>frame</p></iframe>"
                             "<xmp><b>&amp;</b></xmp>");
    const mr_node *script = find(doc->root, MR_TAG_SCRIPT);
    CHECK(script && script->first_child == NULL);
    const mr_node *ld = find(script, MR_TAG_SCRIPT);
    CHECK(ld == NULL); /* find() searches inside; the ld+json script is a sibling */
    ld = script->next->next;
    CHECK_INT(ld->tag, MR_TAG_SCRIPT);
    CHECK_STR(text_of(ld->first_child), "{\"@type\":\"X\"}");
    CHECK_STR(text_of(find(doc->root, MR_TAG_TITLE)->first_child), "A & <b>B</b>");
    CHECK_STR(text_of(find(doc->root, MR_TAG_TEXTAREA)->first_child), "t<");
    CHECK(find(doc->root, MR_TAG_NOSCRIPT)->first_child == NULL);
    CHECK(find(doc->root, MR_TAG_IFRAME)->first_child == NULL);
    CHECK_HASNT(blocks_of(doc), "enable js");
    CHECK_HASNT(blocks_of(doc), "frame");
    CHECK_HAS(blocks_of(doc), "<b>&amp;</b>"); /* xmp text is kept as written */
    /* End tags match case-insensitively and need a delimiter after the name. */
    CHECK_STR(blocks("<script>a</scripts></SCRIPT >b"), "b");
}

TEST(html_parse_script_escapes) {
    /* "</script>" inside "<!-- <script>" does not end the script, as in browsers. */
    CHECK_STR(blocks("<script><!-- document.write(\"<script>x</script>\"); --></script><p>after"),
              "after");
    CHECK_STR(blocks("<script><!--></script>a"), "a");
    CHECK_STR(blocks("<script><!--- x ---></script>b"), "b");
    CHECK_STR(blocks("<script>a<!--b</script>c"), "c");
    CHECK_STR(blocks("<script><!--<script></script>x</script>y-->z</script>w"), "y-->zw");
    /* Style has no such states. */
    CHECK_STR(blocks("<style><!--<style></style>x"), "x");
}

TEST(html_parse_nul_bytes) {
    /* Dropped from page text; U+FFFD in titles and attribute values. */
    const char html[] = "<title>a\0b</title><p title=\"q\0r\">x\0y</p>";
    mr_html_doc *doc = mr_html_parse(html, sizeof html - 1, ar());
    CHECK_STR(blocks_of(doc), "a\xEF\xBF\xBD"
                              "b|xy");
    CHECK_STR(mr_node_attr(find(doc->body, MR_TAG_P), "title"), "q\xEF\xBF\xBDr");
}

TEST(html_parse_foster_parenting) {
    /* Text and elements misplaced between rows come out before the table. */
    mr_html_doc *doc = parse("<div>a<table>b<tr><td>c</td>d<span>e</span></tr></table></div>");
    CHECK_STR(blocks_of(doc), "abde|c");
    const mr_node *div = find(doc->body, MR_TAG_DIV);
    CHECK_INT(div->last_child->tag, MR_TAG_TABLE);
    CHECK_INT(div->last_child->prev->tag, MR_TAG_SPAN);
    /* White space, scripts and hidden inputs stay in the table. */
    doc = parse("<table> <script></script><input type=hidden name=x><tr><td>c</table>");
    const mr_node *table = find(doc->body, MR_TAG_TABLE);
    CHECK(table->parent == doc->body && doc->body->first_child == table);
    CHECK_INT(count_children(table), 4);
    CHECK_STR(blocks("<p>x<table><tr><td>in<table>y<tr><td>z</table></table>"), "x|iny|z");
}

TEST(html_parse_forms_and_select) {
    /* </form> closes the form alone; forms do not nest. */
    CHECK_STR(blocks("<form><div>a</form>b"), "ab");
    mr_html_doc *doc = parse("<form id=1>a<form id=2>b</form>c");
    CHECK_INT(count_children(doc->body), 2);
    /* Inside select, other tags are ignored and a <style> there is no style. */
    CHECK_STR(blocks("<select><option>a<div>b</div><style>c</style></select>d"), "abc|d");
    /* A table tag ends a select only inside a table. */
    CHECK_STR(blocks("<select><option>a<td>b</select>c"), "ab|c");
    CHECK_STR(blocks("<table><tr><td><select><option>a<td>b</table>"), "a|b");
}

TEST(html_parse_skipped_subtrees) {
    mr_html_doc *doc = parse("<p>a<svg viewBox='0 0 1 1'><text>no</text><path d=M0/></svg>b"
                             "<math><mi>x</mi></math>c<template><p>t</p></template>d");
    const mr_node *svg = find(doc->root, MR_TAG_SVG);
    CHECK(svg && !svg->first_child);
    CHECK_STR(mr_node_attr(svg, "viewbox"), "0 0 1 1");
    CHECK_STR(blocks_of(doc), "abcd");
    /* HTML content breaks out of svg, as in browsers; nested svg names nest. */
    CHECK_STR(blocks("<svg><g><p>out</p></g></svg>after"), "out|after");
    CHECK_STR(blocks("<div><svg><svg></svg><text>in</text></svg>x</div>"), "x");
    CHECK_STR(blocks("<div><svg><g>never closed</div>after"), "after");
    CHECK_STR(blocks("<svg><![CDATA[<p>cdata</p>]]></svg>z"), "z");
    /* End tags that close nothing, and </form>, leave the subtree open. */
    CHECK_STR(blocks("<optgroup><ol><math></optgroup>x"), "");
    CHECK_STR(blocks("<form><svg></form>x"), "");
    CHECK_STR(blocks("<b><svg></b>x"), "x");
    CHECK_STR(blocks("<template><template>x</template>y</template>z"), "z");
}

TEST(html_parse_attributes) {
    mr_html_doc *doc = parse("<div ID=Main class='a b' data-x=\"1&amp;2\" hidden title=x"
                             " id=dup data-y=&copy; data-z=&copyx; data-w=\"&lt;&#x41;\">");
    const mr_node *div = find(doc->body, MR_TAG_DIV);
    CHECK_STR(mr_node_attr(div, "id"), "Main"); /* names lower-cased; the first wins */
    CHECK_STR(mr_node_attr(div, "class"), "a b");
    CHECK_STR(mr_node_attr(div, "data-x"), "1&2");
    CHECK_STR(mr_node_attr(div, "hidden"), "");
    CHECK_STR(mr_node_attr(div, "data-y"), "\xC2\xA9");
    CHECK_STR(mr_node_attr(div, "data-z"), "&copyx;"); /* legacy name before alnum: literal */
    CHECK_STR(mr_node_attr(div, "data-w"), "<A");
    CHECK_INT(div->nattrs, 8);
    CHECK(mr_node_attr(div, "nothere") == NULL);
    /* Unknown tags keep their lower-cased name. */
    doc = parse("<My-Widget Foo=1>x</my-widget>");
    const mr_node *w = doc->body->first_child;
    CHECK_INT(w->tag, MR_TAG_OTHER);
    CHECK_STR(w->name, "my-widget");
    CHECK_STR(mr_node_attr(w, "foo"), "1");
}

TEST(html_parse_text_and_offsets) {
    const char *html = "<p>plain text</p><p>a &amp; b</p>";
    mr_html_doc *doc = mr_html_parse(html, strlen(html), ar());
    const mr_node *p = doc->body->first_child;
    CHECK_INT(p->source_offset, 0);
    const mr_node *t = p->first_child;
    /* Text needing no decoding points into the input. */
    CHECK(t->text == html + 3);
    CHECK_INT(t->text_len, 10);
    CHECK_INT(t->source_offset, 3);
    const mr_node *t2 = p->next->first_child;
    CHECK_STR(text_of(t2), "a & b");
    CHECK_INT(t2->source_offset, 20);
    CHECK_INT(p->next->source_offset, 17);
}

TEST(html_parse_entities) {
    CHECK_STR(blocks("&amp;&lt;&gt;&quot;&#39;&#x27;&nbsp;"), "&<>\"''\xC2\xA0");
    CHECK_STR(blocks("&amp &lt &copy &notit; &notin;"), "& < \xC2\xA9 \xC2\xACit; \xE2\x88\x89");
    CHECK_STR(blocks("&#1605;&#x631;&#X62D;"), "\xD9\x85\xD8\xB1\xD8\xAD");
    CHECK_STR(blocks("&#0;&#xD800;&#x110000;&#99999999999999;"),
              "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_STR(blocks("&#128;&#x9d;"), "\xE2\x82\xAC\xC2\x9D");
    CHECK_STR(blocks("&bogus; &#; &#x; & &"), "&bogus; &#; &#x; & &");
    CHECK_STR(blocks("&nLt;"), "\xE2\x89\xAA\xE2\x83\x92");
    CHECK_STR(blocks("&CounterClockwiseContourIntegral;"), "\xE2\x88\xB3");
    CHECK_STR(blocks("x&amp"), "x&");
    CHECK_STR(blocks("&#65"), "A");
}

TEST(html_parse_malformed_keeps_text) {
    /* Stray '<' and "</" at the end are text. */
    CHECK_STR(blocks("a < b <"), "a < b <");
    CHECK_STR(blocks("a </"), "a </");
    CHECK_STR(blocks("a <3 b"), "a <3 b");
    /* A comment that never ends stops at its first '>' rather than eating the page. */
    mr_html_doc *doc = parse("<p>one<!-- unclosed <p>two<p>three");
    CHECK_STR(blocks_of(doc), "onetwo|three");
    CHECK(doc->truncated);
    /* EOF inside a tag: the tag is dropped, the text before it kept. */
    doc = parse("<p>text<a href='x");
    CHECK_STR(blocks_of(doc), "text");
    CHECK(doc->truncated);
    /* An unclosed quote at EOF: the tag ends at its first '>' so later text survives. */
    CHECK_STR(blocks("<p>a <a title=\"x>b</a> c"), "a b c");
    /* Raw-text elements never closed: the content ends where markup resumes. */
    doc = parse("<title>Head line\n<p>body text</p>");
    CHECK_STR(blocks_of(doc), "Head line|body text");
    CHECK(doc->truncated);
    CHECK_STR(blocks("<p>a<script>var x = 1 < 2;\nif (y<z) {}\n<p>b</p>"), "a|b");
    CHECK_STR(blocks("<p>a<script>never closed"), "a");
    CHECK_STR(blocks("<textarea>t<p>after"), "t|after");
    /* Unclosed everything. */
    CHECK_STR(blocks("<div><ul><li><b><i>deep"), "deep");
    CHECK_STR(blocks("<!doctype html><html><head><body"), "");
    CHECK_STR(blocks("</div></p></li></table></body></html>x"), "x");
}

TEST(html_parse_every_prefix_of_a_page) {
    size_t len;
    char *html = mr_test_read_file("tests/fixtures/html_parse/broken.html", &len);
    for (size_t n = 0; n <= len; n++) {
        mr_html_doc *doc = mr_html_parse(html, n, ar());
        const char *bad = mr_html_check(doc);
        if (bad) {
            mr_test_fail(__FILE__, __LINE__, "prefix %zu: %s", n, bad);
            break;
        }
        mr_arena_reset(ar());
    }
    free(html);
}

TEST(html_parse_binary_input) {
    unsigned char buf[4096];
    uint32_t x = 12345;
    for (int round = 0; round < 200; round++) {
        for (size_t i = 0; i < sizeof buf; i++) {
            x = x * 1103515245u + 12345u;
            unsigned char c = (unsigned char)(x >> 16);
            /* Bias toward markup characters so tags and references occur. */
            static const char markup[] = "<>/!-&;#=\"' abpdivtrl";
            buf[i] = (x & 0x100) ? (unsigned char)markup[c % (sizeof markup - 1)] : c;
        }
        mr_html_doc *doc = mr_html_parse((const char *)buf, sizeof buf, ar());
        const char *bad = mr_html_check(doc);
        if (bad) {
            mr_test_fail(__FILE__, __LINE__, "round %d: %s", round, bad);
            break;
        }
        mr_arena_reset(ar());
    }
}

/* Builds prefix^n + middle + suffix^n. */
static char *repeat(const char *prefix, const char *middle, const char *suffix, size_t n,
                    size_t *len) {
    size_t pl = strlen(prefix), ml = strlen(middle), sl = strlen(suffix);
    *len = n * (pl + sl) + ml;
    char *s = malloc(*len + 1), *p = s;
    for (size_t i = 0; i < n; i++, p += pl) memcpy(p, prefix, pl);
    memcpy(p, middle, ml);
    p += ml;
    for (size_t i = 0; i < n; i++, p += sl) memcpy(p, suffix, sl);
    *p = 0;
    return s;
}

static double seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

TEST(html_parse_deep_nesting_is_flattened) {
    static const char *const cases[][3] = {
        {"<div>", "deep text", "</div>"},
        {"<b>", "bold text", "</b>"},
        {"<a href=x>", "link text", "</a>"},
        {"<table><tr><td>", "cell text", "</td></tr></table>"},
        {"<div><b><p>", "mixed text", "</p></b></div>"},
        {"<li>", "list text", "</li>"},
        {"<p><b><i><u><s>", "format text", "</s></u></i></b></p>"},
        {"<svg><g>", "svg text", "</g></svg>"},
        {"<span>", "span text", ""},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t len;
        char *html = repeat(cases[c][0], cases[c][1], cases[c][2], 100000, &len);
        double t0 = seconds();
        mr_html_doc *doc = mr_html_parse(html, len, ar());
        double took = seconds() - t0;
        const char *bad = mr_html_check(doc);
        if (bad) mr_test_fail(__FILE__, __LINE__, "case %zu: %s", c, bad);
        CHECK(max_depth(doc->root) <= MR_HTML_MAX_DEPTH + 4);
        if (c != 7) CHECK_HAS(blocks_of(doc), cases[c][1]);
        /* Linear time: a quadratic blow-up would take minutes; this allows for
         * sanitizers and a loaded machine. */
        if (took > 10.0) mr_test_fail(__FILE__, __LINE__, "case %zu took %.2f s", c, took);
        free(html);
        mr_arena_reset(ar());
    }
    /* After 100,000 balanced levels, the page goes on at the body. */
    size_t len;
    char *html = repeat("<div>", "x", "</div>", 100000, &len);
    char *more = malloc(len + 32);
    memcpy(more, html, len);
    memcpy(more + len, "<p>after</p>", 13);
    mr_html_doc *doc = mr_html_parse(more, len + 12, ar());
    CHECK_INT(doc->body->last_child->tag, MR_TAG_P);
    CHECK_STR(text_of(doc->body->last_child->first_child), "after");
    free(html);
    free(more);
    mr_arena_reset(ar());
}
