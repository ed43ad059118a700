/* Private interface between the pieces of marsad's HTML parser: the tag ids
 * (tags.c), character references (entities.c), the tokenizer (tokenizer.c)
 * and the tree builder (tree.c); html.c drives them. Nothing outside
 * src/html includes this. */
#ifndef MARSAD_HTML_INTERNAL_H
#define MARSAD_HTML_INTERNAL_H

#include "html/html.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits. Nesting deeper than MR_HTML_MAX_DEPTH open elements is flattened:
 * further elements become children of the element at the limit. Past
 * MR_HTML_MAX_NODES the parse stops (doc->truncated); a news page has a few
 * thousand nodes. MR_HTML_MAX_ATTRS caps the attributes kept per tag. */
#define MR_HTML_MAX_DEPTH 512
#define MR_HTML_MAX_NODES 2000000
#define MR_HTML_MAX_ATTRS 256

/* Internal tag ids: html.h's mr_tag, then tags the tree builder must
 * recognise although html.h has no id for them (their nodes get
 * MR_TAG_OTHER and their name). */
enum {
    MR_ITAG_APPLET = MR_TAG_COUNT,
    MR_ITAG_AREA,
    MR_ITAG_BASEFONT,
    MR_ITAG_BGSOUND,
    MR_ITAG_BIG,
    MR_ITAG_DIR,
    MR_ITAG_FRAME,
    MR_ITAG_FRAMESET,
    MR_ITAG_IMAGE,
    MR_ITAG_KEYGEN,
    MR_ITAG_LISTING,
    MR_ITAG_MARQUEE,
    MR_ITAG_NOBR,
    MR_ITAG_NOEMBED,
    MR_ITAG_NOFRAMES,
    MR_ITAG_PARAM,
    MR_ITAG_PLAINTEXT,
    MR_ITAG_RB,
    MR_ITAG_RTC,
    MR_ITAG_SEARCH,
    MR_ITAG_TRACK,
    MR_ITAG_XMP,
    MR_ITAG_COUNT
};

/* The internal id of a lower-case tag name (MR_TAG_OTHER when unknown). */
unsigned mr_html_itag_lookup(const char *name, size_t len);
/* The name of an internal id (html.h names, then the extra ones). */
const char *mr_html_itag_name(unsigned itag);
/* The public id of an internal one. */
static inline mr_tag mr_html_public_tag(unsigned itag) {
    return itag < MR_TAG_COUNT ? (mr_tag)itag : MR_TAG_OTHER;
}

/* Decodes the character reference at s[0] == '&' of s[0..n): writes its UTF-8
 * (at most 8 bytes) to out, the input bytes it spans to *consumed, and returns
 * the bytes written; returns 0 when s starts no reference (the '&' is then
 * literal). in_attribute applies the attribute-value rule: a legacy name
 * without ';' followed by '=' or an alphanumeric is not a reference. */
size_t mr_html_char_ref(const char *s, size_t n, bool in_attribute, char out[8], size_t *consumed);
/* s[0..n) with every character reference decoded, NUL-terminated, in arena. */
char *mr_html_decode(mr_arena *arena, const char *s, size_t n, bool in_attribute, size_t *out_len);
/* s[0..n) with each NUL byte replaced by U+FFFD, NUL-terminated, in arena
 * (browsers do so in attribute values, titles and textareas). */
char *mr_html_replace_nuls(mr_arena *arena, const char *s, size_t n, size_t *out_len);
/* The code point windows-1252 gives the byte b in 0x80..0x9F (b itself for
 * the five bytes it leaves undefined); used by numeric references and charsets. */
uint32_t mr_html_cp1252_c1(unsigned char b);

/* An attribute as the tokenizer saw it: offsets into the input. */
typedef struct mr_html_raw_attr {
    uint32_t name_off, name_len;
    uint32_t value_off, value_len;
    bool value_has_amp;
} mr_html_raw_attr;

typedef enum mr_html_token_kind {
    MR_HTML_TOK_EOF,
    MR_HTML_TOK_TEXT,
    MR_HTML_TOK_START,
    MR_HTML_TOK_END,
} mr_html_token_kind;

typedef struct mr_html_token {
    mr_html_token_kind kind;
    size_t offset;    /* of the text or of the tag's '<' */
    const char *text; /* TEXT: the raw slice of the input */
    size_t text_len;
    bool text_has_amp; /* TEXT: the slice holds a '&' (may need decoding) */
    bool text_has_nul; /* TEXT: the slice holds NUL bytes (which browsers drop) */
    unsigned itag;     /* START/END: internal tag id */
    const char *name;  /* START/END: lower-cased name, NUL-terminated; valid until the next token */
    size_t name_len;
    bool self_closing;             /* START: ended with "/>" */
    const mr_html_raw_attr *attrs; /* START: valid until the next token */
    size_t nattrs;
} mr_html_token;

typedef struct mr_html_tokenizer {
    const char *s;
    size_t len, pos;
    bool foreign;   /* inside svg/math: <![CDATA[ sections are text */
    bool truncated; /* input ended inside a tag, comment or raw-text element */
    char *name_buf; /* lower-cased tag name of the current token (heap) */
    size_t name_cap;
    mr_html_raw_attr *attrs; /* attributes of the current token (heap) */
    size_t attrs_cap;
} mr_html_tokenizer;

void mr_html_tokenizer_init(mr_html_tokenizer *tz, const char *s, size_t len);
void mr_html_tokenizer_free(mr_html_tokenizer *tz);
/* The next text run or tag; comments, doctypes and processing instructions
 * are skipped. Text runs end at markup, so one run never holds a tag. */
void mr_html_next_token(mr_html_tokenizer *tz, mr_html_token *tok);
/* After the start tag of a raw-text element (script, style, title, ...):
 * finds the matching end tag, consumes it, and returns the raw content in
 * *text and *text_len. When the end tag is missing, the content ends where markup
 * plausibly resumes (see tokenizer.c), so the rest of the page is not lost,
 * and tz->truncated is set. line_start_recovery: resume only at a '<' that
 * starts a line (for script and style, whose content is full of '<'). */
void mr_html_raw_text(mr_html_tokenizer *tz, const char *name, size_t name_len,
                      bool line_start_recovery, const char **text, size_t *text_len);
/* The rest of the input as text (after <plaintext>). */
void mr_html_rest_as_text(mr_html_tokenizer *tz, const char **text, size_t *text_len);

/* The tree builder: browser-like insertion rules for the elements that shape
 * text blocks (implied ends, scopes, formatting elements, tables, select). */
typedef struct mr_html_stack_entry {
    mr_node *node;
    unsigned itag;
} mr_html_stack_entry;

typedef struct mr_html_fmt_entry {
    mr_node *node; /* NULL for a marker */
    unsigned itag;
    uint32_t stack_index; /* where node was last on the stack (checked before use) */
} mr_html_fmt_entry;

#define MR_HTML_MAX_FORMATTING 64

typedef struct mr_html_tree {
    mr_arena *arena;
    mr_html_doc *doc;
    const char *input;
    int mode;
    mr_html_stack_entry stack[MR_HTML_MAX_DEPTH];
    unsigned depth;
    uint32_t open_count[MR_ITAG_COUNT]; /* elements of each id on the stack */
    uint32_t overflow[MR_ITAG_COUNT];   /* flattened elements (past the depth limit) per id */
    mr_html_fmt_entry fmt[MR_HTML_MAX_FORMATTING];
    unsigned nfmt;
    mr_node *form; /* the form element pointer: the open form, until </form> */
    mr_node *slab; /* nodes allocated ahead */
    unsigned slab_left;
} mr_html_tree;

void mr_html_tree_init(mr_html_tree *t, mr_html_doc *doc, mr_arena *arena, const char *input);
/* Handles a start tag; returns the element created, or NULL when the tag was ignored. */
mr_node *mr_html_tree_start(mr_html_tree *t, const mr_html_token *tok);
void mr_html_tree_end(mr_html_tree *t, const mr_html_token *tok);
/* Inserts text (already decoded) at the current insertion point. */
void mr_html_tree_text(mr_html_tree *t, const char *text, size_t len, size_t offset);
/* Appends a text child to a leaf element (title, textarea, ld+json script). */
void mr_html_tree_leaf_text(mr_html_tree *t, mr_node *leaf, const char *text, size_t len,
                            size_t offset);
/* True when an end tag met inside svg/math would close an open HTML element
 * (and so ends the svg/math subtree, as in browsers). */
bool mr_html_tree_end_closes(const mr_html_tree *t, const mr_html_token *tok);
/* Makes sure html, head and body exist (an empty page still gets them). */
void mr_html_tree_finish(mr_html_tree *t);

/* Checks a tree's invariants (parent, child and sibling links agree, every
 * node built is reachable from the root, text nodes are leaves, names and
 * attributes are set). Returns NULL, or what is wrong. For tests and fuzzing. */
const char *mr_html_check(const mr_html_doc *doc);

#endif
