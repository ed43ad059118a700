/* Test-only helpers around gumbo, the reference HTML parser: build html.h's
 * mr_node tree from gumbo's output (so tests of extraction can run on trees a
 * full HTML5 parser built, and mr_html_parse can be compared with it), and cut
 * a tree into "text blocks", the unit in which the two parsers are compared.
 * gumbo is linked into the unit binary and the HTML benchmark only. */
#ifndef MARSAD_TESTS_GUMBO_TREE_H
#define MARSAD_TESTS_GUMBO_TREE_H

#include "html/html.h"
#include "util/arena.h"

#include <stddef.h>

/* Parses html with gumbo and converts the result to an mr_node tree in arena,
 * applying html.h's rules: script, style, svg, math, template, iframe and
 * noscript elements are kept but get no children (except the text of
 * <script type="application/ld+json">), comments and doctype are dropped.
 * gumbo's own memory is freed before returning. Text is copied into the arena
 * and NUL-terminated. */
mr_html_doc *mr_test_gumbo_parse(const char *html, size_t len, mr_arena *arena);

/* The text blocks of a tree: the tree is walked in document order; every
 * element for which mr_tag_is_block is true starts and ends a block; within a
 * block, text nodes are concatenated and runs of ASCII white space collapse to
 * one space, trimmed at both ends; empty blocks are dropped. Returns an array
 * of *count NUL-terminated strings, all in arena. Iterative (no recursion). */
const char **mr_test_text_blocks(const mr_html_doc *doc, mr_arena *arena, size_t *count);

#endif
