/* HTML document model: the light tree marsad's own streaming parser builds,
 * and which main-content scoring and metadata extraction walk.
 *
 * The tree is built for extraction, not for rendering: script, style, svg,
 * math, template, iframe and noscript bodies produce no nodes (except
 * <script type="application/ld+json">, whose text is kept for metadata);
 * comments and doctype are dropped; end tags are implied the way browsers
 * imply them for p, li, dt, dd, tr, td, th, option and the like; entities
 * are decoded; text is UTF-8. Every node, attribute and string lives in the
 * arena passed to mr_html_parse and is freed with it. */
#ifndef MARSAD_HTML_H
#define MARSAD_HTML_H

#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Tags the extractor cares about get an id; others are MR_TAG_OTHER with
 * their lower-cased name in node->name. */
typedef enum mr_tag {
    MR_TAG_TEXT = 0, /* a text node */
    MR_TAG_DOCUMENT, /* the root */
    MR_TAG_OTHER,
    MR_TAG_A,
    MR_TAG_ABBR,
    MR_TAG_ADDRESS,
    MR_TAG_ARTICLE,
    MR_TAG_ASIDE,
    MR_TAG_AUDIO,
    MR_TAG_B,
    MR_TAG_BASE,
    MR_TAG_BDI,
    MR_TAG_BDO,
    MR_TAG_BLOCKQUOTE,
    MR_TAG_BODY,
    MR_TAG_BR,
    MR_TAG_BUTTON,
    MR_TAG_CAPTION,
    MR_TAG_CENTER,
    MR_TAG_CITE,
    MR_TAG_CODE,
    MR_TAG_COL,
    MR_TAG_COLGROUP,
    MR_TAG_DD,
    MR_TAG_DEL,
    MR_TAG_DETAILS,
    MR_TAG_DFN,
    MR_TAG_DIALOG,
    MR_TAG_DIV,
    MR_TAG_DL,
    MR_TAG_DT,
    MR_TAG_EM,
    MR_TAG_EMBED,
    MR_TAG_FIELDSET,
    MR_TAG_FIGCAPTION,
    MR_TAG_FIGURE,
    MR_TAG_FONT,
    MR_TAG_FOOTER,
    MR_TAG_FORM,
    MR_TAG_H1,
    MR_TAG_H2,
    MR_TAG_H3,
    MR_TAG_H4,
    MR_TAG_H5,
    MR_TAG_H6,
    MR_TAG_HEAD,
    MR_TAG_HEADER,
    MR_TAG_HGROUP,
    MR_TAG_HR,
    MR_TAG_HTML,
    MR_TAG_I,
    MR_TAG_IFRAME,
    MR_TAG_IMG,
    MR_TAG_INPUT,
    MR_TAG_INS,
    MR_TAG_KBD,
    MR_TAG_LABEL,
    MR_TAG_LEGEND,
    MR_TAG_LI,
    MR_TAG_LINK,
    MR_TAG_MAIN,
    MR_TAG_MARK,
    MR_TAG_MATH,
    MR_TAG_MENU,
    MR_TAG_META,
    MR_TAG_NAV,
    MR_TAG_NOSCRIPT,
    MR_TAG_OBJECT,
    MR_TAG_OL,
    MR_TAG_OPTGROUP,
    MR_TAG_OPTION,
    MR_TAG_P,
    MR_TAG_PICTURE,
    MR_TAG_PRE,
    MR_TAG_Q,
    MR_TAG_RP,
    MR_TAG_RT,
    MR_TAG_RUBY,
    MR_TAG_S,
    MR_TAG_SAMP,
    MR_TAG_SCRIPT,
    MR_TAG_SECTION,
    MR_TAG_SELECT,
    MR_TAG_SMALL,
    MR_TAG_SOURCE,
    MR_TAG_SPAN,
    MR_TAG_STRIKE,
    MR_TAG_STRONG,
    MR_TAG_STYLE,
    MR_TAG_SUB,
    MR_TAG_SUMMARY,
    MR_TAG_SUP,
    MR_TAG_SVG,
    MR_TAG_TABLE,
    MR_TAG_TBODY,
    MR_TAG_TD,
    MR_TAG_TEMPLATE,
    MR_TAG_TEXTAREA,
    MR_TAG_TFOOT,
    MR_TAG_TH,
    MR_TAG_THEAD,
    MR_TAG_TIME,
    MR_TAG_TITLE,
    MR_TAG_TR,
    MR_TAG_TT,
    MR_TAG_U,
    MR_TAG_UL,
    MR_TAG_VAR,
    MR_TAG_VIDEO,
    MR_TAG_WBR,
    MR_TAG_COUNT
} mr_tag;

typedef struct mr_html_attr {
    const char *name;  /* lower-cased */
    const char *value; /* entities decoded; "" for a bare attribute */
} mr_html_attr;

typedef struct mr_node mr_node;
struct mr_node {
    mr_node *parent, *first_child, *last_child, *prev, *next;
    const char *name; /* lower-cased tag name; NULL for text nodes */
    const char *text; /* text nodes: decoded UTF-8, white space as written */
    uint32_t text_len;
    uint16_t tag; /* mr_tag */
    uint16_t nattrs;
    mr_html_attr *attrs;
    uint32_t source_offset; /* byte offset of the start tag or text in the input */
};

typedef struct mr_html_doc {
    mr_node *root;               /* MR_TAG_DOCUMENT */
    mr_node *html, *head, *body; /* may be NULL when the page has none */
    size_t nodes;                /* nodes built */
    bool truncated;              /* input ended inside a tag or limits were hit (depth, nodes) */
} mr_html_doc;

/* Parses UTF-8 HTML into a tree allocated from arena. Never fails on bad
 * markup; nesting deeper than a fixed limit (see html.c) is flattened rather
 * than followed, so 100,000 nested tags cost linear time and bounded stack. */
mr_html_doc *mr_html_parse(const char *html, size_t len, mr_arena *arena);

/* The value of attribute name on node, or NULL. */
const char *mr_node_attr(const mr_node *node, const char *name);
/* The tag id for a lower-case tag name (MR_TAG_OTHER when not in the enum). */
mr_tag mr_tag_lookup(const char *name, size_t len);
const char *mr_tag_name(mr_tag tag);
/* True for tags that start a new block of text (p, div, li, h1-h6, td, br, ...). */
bool mr_tag_is_block(mr_tag tag);

#endif
