/* The HTML tree builder: places each tag and text run the tokenizer yields
 * the way a browser would, for everything that shapes blocks of text:
 * implied html/head/body, implied end tags (p, li, dd, dt, option, table
 * parts, headings), element scopes, the active formatting elements with their
 * reconstruction and the adoption agency algorithm (so <b><p>x</b>y keeps x
 * and y in one paragraph), tables (implied tbody/tr, cells closing cells) and
 * select, foster parenting and the form element pointer. Left out: quirks
 * mode (a <table> always closes an open <p>) and frameset.
 * Raw-text, void and skipped elements (script, img, svg, ...) are leaves here;
 * html.c fills in what they keep. Nothing recurses: the open elements are an
 * array of at most MR_HTML_MAX_DEPTH entries, and deeper elements are
 * appended to the element at the limit (see overflow in html_internal.h). */
#include "html/html_internal.h"

#include <string.h>
#include <strings.h>

enum { MODE_INITIAL, MODE_IN_HEAD, MODE_AFTER_HEAD, MODE_IN_BODY };

enum {
    F_SPECIAL = 1 << 0,     /* the HTML5 "special" category */
    F_FORMATTING = 1 << 1,  /* tracked in the list of active formatting elements */
    F_IMPLIED_END = 1 << 2, /* closed by "generate implied end tags" */
    F_SCOPE = 1 << 3,       /* bounds the default scope */
    F_TABLE_SCOPE = 1 << 4, /* bounds table scope */
    F_CLOSES_P = 1 << 5,    /* start tag closes an open p, then is inserted */
    F_HEAD = 1 << 6,        /* belongs in head when met before body */
    F_MARKER = 1 << 7,      /* pushes a formatting marker; popping it clears to the marker */
    F_BLOCK_END = 1 << 8,   /* end tag closes the element if in scope */
};

#define SPECIAL_BLOCK (F_SPECIAL | F_CLOSES_P | F_BLOCK_END)

static const uint16_t tag_flags[MR_ITAG_COUNT] = {
    [MR_TAG_DOCUMENT] = F_SPECIAL | F_SCOPE | F_TABLE_SCOPE,
    [MR_TAG_A] = F_FORMATTING,
    [MR_TAG_ADDRESS] = SPECIAL_BLOCK,
    [MR_TAG_ARTICLE] = SPECIAL_BLOCK,
    [MR_TAG_ASIDE] = SPECIAL_BLOCK,
    [MR_TAG_B] = F_FORMATTING,
    [MR_TAG_BASE] = F_SPECIAL | F_HEAD,
    [MR_TAG_BLOCKQUOTE] = SPECIAL_BLOCK,
    [MR_TAG_BODY] = F_SPECIAL,
    [MR_TAG_BR] = F_SPECIAL,
    [MR_TAG_BUTTON] = F_SPECIAL | F_BLOCK_END,
    [MR_TAG_CAPTION] = F_SPECIAL | F_SCOPE | F_MARKER,
    [MR_TAG_CENTER] = SPECIAL_BLOCK,
    [MR_TAG_CODE] = F_FORMATTING,
    [MR_TAG_COL] = F_SPECIAL,
    [MR_TAG_COLGROUP] = F_SPECIAL,
    [MR_TAG_DD] = F_SPECIAL | F_IMPLIED_END,
    [MR_TAG_DETAILS] = SPECIAL_BLOCK,
    [MR_TAG_DIALOG] = F_CLOSES_P | F_BLOCK_END,
    [MR_TAG_DIV] = SPECIAL_BLOCK,
    [MR_TAG_DL] = SPECIAL_BLOCK,
    [MR_TAG_DT] = F_SPECIAL | F_IMPLIED_END,
    [MR_TAG_EM] = F_FORMATTING,
    [MR_TAG_EMBED] = F_SPECIAL,
    [MR_TAG_FIELDSET] = SPECIAL_BLOCK,
    [MR_TAG_FIGCAPTION] = SPECIAL_BLOCK,
    [MR_TAG_FIGURE] = SPECIAL_BLOCK,
    [MR_TAG_FONT] = F_FORMATTING,
    [MR_TAG_FOOTER] = SPECIAL_BLOCK,
    [MR_TAG_FORM] = F_SPECIAL,
    [MR_TAG_H1] = F_SPECIAL,
    [MR_TAG_H2] = F_SPECIAL,
    [MR_TAG_H3] = F_SPECIAL,
    [MR_TAG_H4] = F_SPECIAL,
    [MR_TAG_H5] = F_SPECIAL,
    [MR_TAG_H6] = F_SPECIAL,
    [MR_TAG_HEAD] = F_SPECIAL,
    [MR_TAG_HEADER] = SPECIAL_BLOCK,
    [MR_TAG_HGROUP] = SPECIAL_BLOCK,
    [MR_TAG_HR] = F_SPECIAL,
    [MR_TAG_HTML] = F_SPECIAL | F_SCOPE | F_TABLE_SCOPE,
    [MR_TAG_I] = F_FORMATTING,
    [MR_TAG_IFRAME] = F_SPECIAL,
    [MR_TAG_IMG] = F_SPECIAL,
    [MR_TAG_INPUT] = F_SPECIAL,
    [MR_TAG_LI] = F_SPECIAL | F_IMPLIED_END,
    [MR_TAG_LINK] = F_SPECIAL | F_HEAD,
    [MR_TAG_MAIN] = SPECIAL_BLOCK,
    [MR_TAG_MENU] = SPECIAL_BLOCK,
    [MR_TAG_META] = F_SPECIAL | F_HEAD,
    [MR_TAG_NAV] = SPECIAL_BLOCK,
    [MR_TAG_NOSCRIPT] = F_SPECIAL | F_HEAD,
    [MR_TAG_OBJECT] = F_SPECIAL | F_SCOPE | F_MARKER,
    [MR_TAG_OL] = SPECIAL_BLOCK,
    [MR_TAG_OPTGROUP] = F_IMPLIED_END,
    [MR_TAG_OPTION] = F_IMPLIED_END,
    [MR_TAG_P] = F_SPECIAL | F_IMPLIED_END | F_CLOSES_P,
    [MR_TAG_PRE] = F_SPECIAL | F_BLOCK_END,
    [MR_TAG_RP] = F_IMPLIED_END,
    [MR_TAG_RT] = F_IMPLIED_END,
    [MR_TAG_S] = F_FORMATTING,
    [MR_TAG_SCRIPT] = F_SPECIAL | F_HEAD,
    [MR_TAG_SECTION] = SPECIAL_BLOCK,
    [MR_TAG_SELECT] = F_SPECIAL,
    [MR_TAG_SMALL] = F_FORMATTING,
    [MR_TAG_SOURCE] = F_SPECIAL,
    [MR_TAG_STRIKE] = F_FORMATTING,
    [MR_TAG_STRONG] = F_FORMATTING,
    [MR_TAG_STYLE] = F_SPECIAL | F_HEAD,
    [MR_TAG_SUMMARY] = SPECIAL_BLOCK,
    [MR_TAG_TABLE] = F_SPECIAL | F_SCOPE | F_TABLE_SCOPE,
    [MR_TAG_TBODY] = F_SPECIAL,
    [MR_TAG_TD] = F_SPECIAL | F_SCOPE | F_MARKER,
    [MR_TAG_TEMPLATE] = F_SPECIAL | F_SCOPE | F_TABLE_SCOPE | F_HEAD,
    [MR_TAG_TEXTAREA] = F_SPECIAL,
    [MR_TAG_TFOOT] = F_SPECIAL,
    [MR_TAG_TH] = F_SPECIAL | F_SCOPE | F_MARKER,
    [MR_TAG_THEAD] = F_SPECIAL,
    [MR_TAG_TITLE] = F_SPECIAL | F_HEAD,
    [MR_TAG_TR] = F_SPECIAL,
    [MR_TAG_TT] = F_FORMATTING,
    [MR_TAG_U] = F_FORMATTING,
    [MR_TAG_UL] = SPECIAL_BLOCK,
    [MR_TAG_WBR] = F_SPECIAL,
    [MR_ITAG_APPLET] = F_SPECIAL | F_SCOPE | F_MARKER,
    [MR_ITAG_AREA] = F_SPECIAL,
    [MR_ITAG_BASEFONT] = F_SPECIAL | F_HEAD,
    [MR_ITAG_BGSOUND] = F_SPECIAL | F_HEAD,
    [MR_ITAG_BIG] = F_FORMATTING,
    [MR_ITAG_DIR] = SPECIAL_BLOCK,
    [MR_ITAG_FRAME] = F_SPECIAL,
    [MR_ITAG_FRAMESET] = F_SPECIAL,
    [MR_ITAG_IMAGE] = 0,
    [MR_ITAG_KEYGEN] = F_SPECIAL,
    [MR_ITAG_LISTING] = F_SPECIAL | F_BLOCK_END,
    [MR_ITAG_MARQUEE] = F_SPECIAL | F_SCOPE | F_MARKER,
    [MR_ITAG_NOBR] = F_FORMATTING,
    [MR_ITAG_NOEMBED] = F_SPECIAL,
    [MR_ITAG_NOFRAMES] = F_SPECIAL | F_HEAD,
    [MR_ITAG_PARAM] = F_SPECIAL,
    [MR_ITAG_PLAINTEXT] = F_SPECIAL,
    [MR_ITAG_RB] = F_IMPLIED_END,
    [MR_ITAG_RTC] = F_IMPLIED_END,
    [MR_ITAG_SEARCH] = SPECIAL_BLOCK,
    [MR_ITAG_TRACK] = F_SPECIAL,
    [MR_ITAG_XMP] = F_SPECIAL,
};

enum { SCOPE_DEFAULT, SCOPE_BUTTON, SCOPE_LIST, SCOPE_TABLE, SCOPE_SELECT };

static inline bool has_flag(unsigned itag, unsigned flag) {
    return (tag_flags[itag] & flag) != 0;
}

static inline bool is_heading(unsigned itag) {
    return itag >= MR_TAG_H1 && itag <= MR_TAG_H6;
}

static inline mr_html_stack_entry *top(mr_html_tree *t) {
    return &t->stack[t->depth - 1];
}

void mr_html_tree_init(mr_html_tree *t, mr_html_doc *doc, mr_arena *arena, const char *input) {
    memset(t, 0, sizeof(*t));
    t->arena = arena;
    t->doc = doc;
    t->input = input;
    t->mode = MODE_INITIAL;
    t->stack[0] = (mr_html_stack_entry){doc->root, MR_TAG_DOCUMENT};
    t->depth = 1;
    t->open_count[MR_TAG_DOCUMENT] = 1;
}

/* ---- nodes ---- */

static void append_child(mr_node *parent, mr_node *child) {
    child->parent = parent;
    child->prev = parent->last_child;
    child->next = NULL;
    if (parent->last_child) {
        parent->last_child->next = child;
    } else {
        parent->first_child = child;
    }
    parent->last_child = child;
}

static void detach(mr_node *node) {
    mr_node *parent = node->parent;
    if (!parent) return;
    if (node->prev) {
        node->prev->next = node->next;
    } else {
        parent->first_child = node->next;
    }
    if (node->next) {
        node->next->prev = node->prev;
    } else {
        parent->last_child = node->prev;
    }
    node->parent = node->prev = node->next = NULL;
}

static void insert_before(mr_node *parent, mr_node *child, mr_node *ref) {
    child->parent = parent;
    child->next = ref;
    child->prev = ref->prev;
    if (ref->prev) {
        ref->prev->next = child;
    } else {
        parent->first_child = child;
    }
    ref->prev = child;
}

/* Nodes come from the arena a slab at a time: one arena call per 64 nodes. */
#define NODE_SLAB 64

static mr_node *alloc_node(mr_html_tree *t) {
    if (!t->slab_left) {
        t->slab = mr_arena_alloc(t->arena, NODE_SLAB * sizeof(mr_node));
        t->slab_left = NODE_SLAB;
    }
    t->slab_left--;
    mr_node *n = t->slab++;
    memset(n, 0, sizeof(*n));
    t->doc->nodes++;
    return n;
}

static mr_node *new_node(mr_html_tree *t, unsigned itag, const char *name, size_t offset) {
    mr_node *n = alloc_node(t);
    n->tag = (uint16_t)mr_html_public_tag(itag);
    n->name = name;
    n->source_offset = offset > UINT32_MAX ? UINT32_MAX : (uint32_t)offset;
    return n;
}

/* The commonest attribute names, shared rather than copied for every tag;
 * grouped by length so a lookup compares a handful of names at most. */
static const char *const common_attrs[][8] = {
    [2] = {"id"},
    [3] = {"alt", "dir", "rel", "src"},
    [4] = {"href", "lang", "name", "role", "type"},
    [5] = {"async", "class", "media", "sizes", "style", "title", "value", "width"},
    [6] = {"height", "srcset", "target"},
    [7] = {"charset", "content", "loading", "onclick"},
    [8] = {"data-src", "datetime", "decoding", "itemprop", "itemtype", "property", "tabindex"},
    [9] = {"itemscope"},
    [10] = {"aria-label", "http-equiv"},
    [11] = {"aria-hidden", "crossorigin"},
};

static const char *attr_name(mr_html_tree *t, const char *s, size_t n) {
    if (n < sizeof common_attrs / sizeof common_attrs[0]) {
        for (const char *const *c = common_attrs[n]; c < common_attrs[n] + 8 && *c; c++)
            if ((*c)[0] == s[0] && memcmp(*c, s, n) == 0) return *c;
    }
    char *name = mr_arena_strndup(t->arena, s, n);
    for (char *c = name; *c; c++)
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c + 32);
    return name;
}

/* Attribute names lower-cased and values decoded, into the arena. */
static void set_attrs(mr_html_tree *t, mr_node *node, const mr_html_token *tok) {
    if (!tok->nattrs) return;
    mr_html_attr *attrs = mr_arena_alloc(t->arena, tok->nattrs * sizeof(*attrs));
    for (size_t i = 0; i < tok->nattrs; i++) {
        const mr_html_raw_attr *raw = &tok->attrs[i];
        attrs[i].name = attr_name(t, t->input + raw->name_off, raw->name_len);
        const char *v = t->input + raw->value_off;
        size_t vn = raw->value_len;
        if (memchr(v, 0, vn)) v = mr_html_replace_nuls(t->arena, v, vn, &vn);
        attrs[i].value = raw->value_has_amp ? mr_html_decode(t->arena, v, vn, true, NULL)
                                            : mr_arena_strndup(t->arena, v, vn);
    }
    node->attrs = attrs;
    node->nattrs = (uint16_t)tok->nattrs;
}

static mr_node *node_for_token(mr_html_tree *t, const mr_html_token *tok) {
    const char *name = tok->itag == MR_TAG_OTHER
                           ? mr_arena_strndup(t->arena, tok->name, tok->name_len)
                           : mr_html_itag_name(tok->itag);
    mr_node *n = new_node(t, tok->itag, name, tok->offset);
    set_attrs(t, n, tok);
    return n;
}

/* A new element for the same tag (formatting elements are re-opened this way). */
static mr_node *clone_node(mr_html_tree *t, const mr_node *src) {
    mr_node *n = alloc_node(t);
    n->tag = src->tag;
    n->name = src->name;
    n->nattrs = src->nattrs;
    n->attrs = src->attrs; /* shared: attributes are never modified */
    n->source_offset = src->source_offset;
    return n;
}

/* ---- the stack of open elements ---- */

static void clear_formatting_to_marker(mr_html_tree *t);
static void place(mr_html_tree *t, mr_node *n);

static void push(mr_html_tree *t, mr_node *node, unsigned itag) {
    t->stack[t->depth++] = (mr_html_stack_entry){node, itag};
    t->open_count[itag]++;
}

static void pop(mr_html_tree *t) {
    unsigned itag = t->stack[--t->depth].itag;
    t->open_count[itag]--;
    if (has_flag(itag, F_MARKER)) clear_formatting_to_marker(t);
}

/* Pops the element at index i and everything above it. */
static void pop_to_index(mr_html_tree *t, unsigned i) {
    if (i == 0) i = 1; /* the document root is never popped */
    while (t->depth > i) pop(t);
}

/* Removes the entry at i from the middle of the stack (adoption agency). */
static void stack_remove(mr_html_tree *t, unsigned i) {
    t->open_count[t->stack[i].itag]--;
    memmove(&t->stack[i], &t->stack[i + 1], (t->depth - i - 1) * sizeof(t->stack[0]));
    t->depth--;
    for (unsigned k = 0; k < t->nfmt; k++)
        if (t->fmt[k].node && t->fmt[k].stack_index > i) t->fmt[k].stack_index--;
}

static void stack_insert(mr_html_tree *t, unsigned i, mr_node *node, unsigned itag) {
    for (unsigned k = 0; k < t->nfmt; k++)
        if (t->fmt[k].node && t->fmt[k].stack_index >= i) t->fmt[k].stack_index++;
    memmove(&t->stack[i + 1], &t->stack[i], (t->depth - i) * sizeof(t->stack[0]));
    t->stack[i] = (mr_html_stack_entry){node, itag};
    t->depth++;
    t->open_count[itag]++;
}

static int stack_find_node(const mr_html_tree *t, const mr_node *node) {
    for (unsigned i = t->depth; i-- > 0;)
        if (t->stack[i].node == node) return (int)i;
    return -1;
}

static bool is_scope_boundary(unsigned itag, int scope) {
    switch (scope) {
    case SCOPE_BUTTON:
        return has_flag(itag, F_SCOPE) || itag == MR_TAG_BUTTON;
    case SCOPE_LIST:
        return has_flag(itag, F_SCOPE) || itag == MR_TAG_OL || itag == MR_TAG_UL;
    case SCOPE_TABLE:
        return has_flag(itag, F_TABLE_SCOPE);
    case SCOPE_SELECT:
        return itag != MR_TAG_OPTGROUP && itag != MR_TAG_OPTION;
    default:
        return has_flag(itag, F_SCOPE);
    }
}

/* Index of the topmost itag element if it is in the given scope, else -1. */
static int find_in_scope(const mr_html_tree *t, unsigned itag, int scope) {
    if (!t->open_count[itag]) return -1;
    for (unsigned i = t->depth; i-- > 0;) {
        unsigned cur = t->stack[i].itag;
        if (cur == itag) return (int)i;
        if (is_scope_boundary(cur, scope)) return -1;
    }
    return -1;
}

static void generate_implied_end_tags(mr_html_tree *t, unsigned except) {
    while (t->depth > 1 && has_flag(top(t)->itag, F_IMPLIED_END) && top(t)->itag != except) pop(t);
}

static void close_p(mr_html_tree *t) {
    int i = find_in_scope(t, MR_TAG_P, SCOPE_BUTTON);
    if (i < 0) return;
    generate_implied_end_tags(t, MR_TAG_P);
    pop_to_index(t, (unsigned)i);
}

/* ---- active formatting elements ---- */

static int fmt_find_node(const mr_html_tree *t, const mr_node *node) {
    for (unsigned k = t->nfmt; k-- > 0;)
        if (t->fmt[k].node == node) return (int)k;
    return -1;
}

static void fmt_remove(mr_html_tree *t, unsigned k) {
    memmove(&t->fmt[k], &t->fmt[k + 1], (t->nfmt - k - 1) * sizeof(t->fmt[0]));
    t->nfmt--;
}

static void fmt_insert(mr_html_tree *t, unsigned k, mr_html_fmt_entry e) {
    /* The list is capped (a browser's is not): dropping its oldest entry only
     * means that one element is no longer re-opened. */
    if (t->nfmt == MR_HTML_MAX_FORMATTING) {
        fmt_remove(t, 0);
        if (k > 0) k--;
    }
    memmove(&t->fmt[k + 1], &t->fmt[k], (t->nfmt - k) * sizeof(t->fmt[0]));
    t->fmt[k] = e;
    t->nfmt++;
}

static bool fmt_is_open(const mr_html_tree *t, const mr_html_fmt_entry *e) {
    return e->node && e->stack_index < t->depth && t->stack[e->stack_index].node == e->node;
}

static void clear_formatting_to_marker(mr_html_tree *t) {
    while (t->nfmt) {
        bool marker = t->fmt[t->nfmt - 1].node == NULL;
        t->nfmt--;
        if (marker) break;
    }
}

static bool same_attrs(const mr_node *a, const mr_node *b) {
    if (a->nattrs != b->nattrs) return false;
    if (a->attrs == b->attrs) return true;
    for (uint16_t i = 0; i < a->nattrs; i++) {
        const char *v = mr_node_attr(b, a->attrs[i].name);
        if (!v || strcmp(v, a->attrs[i].value) != 0) return false;
    }
    return true;
}

static void push_formatting(mr_html_tree *t, mr_node *node, unsigned itag) {
    /* At most three identical entries after the last marker (the spec's
     * "Noah's Ark" clause): the earliest goes. */
    unsigned same = 0, earliest = 0;
    for (unsigned k = t->nfmt; k-- > 0;) {
        const mr_html_fmt_entry *e = &t->fmt[k];
        if (!e->node) break;
        if (e->itag == itag && same_attrs(e->node, node)) {
            same++;
            earliest = k;
        }
    }
    if (same >= 3) fmt_remove(t, earliest);
    fmt_insert(t, t->nfmt, (mr_html_fmt_entry){node, itag, t->depth - 1});
}

static void push_marker(mr_html_tree *t) {
    fmt_insert(t, t->nfmt, (mr_html_fmt_entry){NULL, 0, 0});
}

/* Re-opens formatting elements that were closed implicitly (by a </p>, say)
 * before content is inserted, so <p><b>x</p>y keeps y bold. */
static void reconstruct_formatting(mr_html_tree *t) {
    if (!t->nfmt) return;
    const mr_html_fmt_entry *last = &t->fmt[t->nfmt - 1];
    if (!last->node || fmt_is_open(t, last)) return;
    unsigned k = t->nfmt - 1;
    while (k > 0 && t->fmt[k - 1].node && !fmt_is_open(t, &t->fmt[k - 1])) k--;
    for (; k < t->nfmt; k++) {
        if (t->depth >= MR_HTML_MAX_DEPTH) return;
        mr_node *clone = clone_node(t, t->fmt[k].node);
        place(t, clone);
        push(t, clone, t->fmt[k].itag);
        t->fmt[k].node = clone;
        t->fmt[k].stack_index = t->depth - 1;
    }
}

/* ---- insertion ---- */

static inline bool is_table_context(unsigned itag) {
    return itag == MR_TAG_TABLE || itag == MR_TAG_TBODY || itag == MR_TAG_THEAD ||
           itag == MR_TAG_TFOOT || itag == MR_TAG_TR;
}

/* Content a table keeps where it stands: its own parts, scripts, styles,
 * templates, forms and hidden inputs. */
static bool stays_in_table(const mr_node *n) {
    switch (n->tag) {
    case MR_TAG_CAPTION:
    case MR_TAG_COL:
    case MR_TAG_COLGROUP:
    case MR_TAG_TBODY:
    case MR_TAG_TFOOT:
    case MR_TAG_THEAD:
    case MR_TAG_TR:
    case MR_TAG_TD:
    case MR_TAG_TH:
    case MR_TAG_SCRIPT:
    case MR_TAG_STYLE:
    case MR_TAG_TEMPLATE:
    case MR_TAG_FORM:
        return true;
    case MR_TAG_INPUT: {
        const char *type = mr_node_attr(n, "type");
        return type && strcasecmp(type, "hidden") == 0;
    }
    default:
        return false;
    }
}

/* Puts a new node at the current insertion point. Content that lands
 * directly in a table (outside any cell) is "foster-parented" as browsers
 * do: it goes just before the table, so text a page misplaces between rows
 * comes out before the table, as it is displayed. */
static void place(mr_html_tree *t, mr_node *n) {
    mr_node *cur = top(t)->node;
    if (is_table_context(top(t)->itag) && !stays_in_table(n)) {
        for (unsigned i = t->depth; i-- > 1;) {
            if (t->stack[i].itag != MR_TAG_TABLE) continue;
            mr_node *table = t->stack[i].node;
            if (table->parent) {
                insert_before(table->parent, n, table);
            } else {
                append_child(t->stack[i - 1].node, n);
            }
            return;
        }
    }
    append_child(cur, n);
}

/* Inserts an element for tok at the current node and opens it (unless the
 * depth limit is reached: then it is a child of the node at the limit and its
 * end tag will be swallowed). */
static mr_node *insert_element(mr_html_tree *t, const mr_html_token *tok, bool *pushed) {
    mr_node *n = node_for_token(t, tok);
    place(t, n);
    if (t->depth < MR_HTML_MAX_DEPTH) {
        push(t, n, tok->itag);
        if (pushed) *pushed = true;
    } else {
        t->overflow[tok->itag]++;
        if (pushed) *pushed = false;
    }
    return n;
}

/* An element that is never opened: void elements, and raw-text or skipped
 * ones whose content html.c handles. */
static mr_node *insert_leaf(mr_html_tree *t, const mr_html_token *tok, mr_node *parent) {
    mr_node *n = node_for_token(t, tok);
    if (parent) {
        append_child(parent, n);
    } else {
        place(t, n);
    }
    return n;
}

/* An element the markup implies (tbody, tr): no attributes. */
static void insert_implied(mr_html_tree *t, unsigned itag, size_t offset) {
    if (t->depth >= MR_HTML_MAX_DEPTH) return;
    mr_node *n = new_node(t, itag, mr_html_itag_name(itag), offset);
    append_child(top(t)->node, n);
    push(t, n, itag);
}

static void insert_formatting(mr_html_tree *t, const mr_html_token *tok, mr_node **out) {
    bool pushed;
    mr_node *n = insert_element(t, tok, &pushed);
    if (pushed) push_formatting(t, n, tok->itag);
    *out = n;
}

static void ensure_html(mr_html_tree *t, const mr_html_token *tok) {
    if (t->doc->html) return;
    mr_node *n = tok ? node_for_token(t, tok) : new_node(t, MR_TAG_HTML, "html", 0);
    append_child(t->doc->root, n);
    push(t, n, MR_TAG_HTML);
    t->doc->html = n;
}

static void open_head(mr_html_tree *t, const mr_html_token *tok) {
    ensure_html(t, NULL);
    mr_node *n = tok ? node_for_token(t, tok) : new_node(t, MR_TAG_HEAD, "head", 0);
    append_child(t->doc->html, n);
    push(t, n, MR_TAG_HEAD);
    t->doc->head = n;
    t->mode = MODE_IN_HEAD;
}

static void close_head(mr_html_tree *t) {
    if (top(t)->itag == MR_TAG_HEAD) pop(t);
    t->mode = MODE_AFTER_HEAD;
}

static void open_body(mr_html_tree *t, const mr_html_token *tok, size_t offset) {
    mr_node *n = tok ? node_for_token(t, tok) : new_node(t, MR_TAG_BODY, "body", offset);
    append_child(t->doc->html, n);
    push(t, n, MR_TAG_BODY);
    t->doc->body = n;
    t->mode = MODE_IN_BODY;
}

/* Brings the tree builder to "in body", implying what is missing. */
static void enter_body(mr_html_tree *t, size_t offset) {
    if (t->mode == MODE_INITIAL) {
        ensure_html(t, NULL);
        open_head(t, NULL);
    }
    if (t->mode == MODE_IN_HEAD) close_head(t);
    if (t->mode == MODE_AFTER_HEAD) open_body(t, NULL, offset);
}

/* ---- the adoption agency algorithm ---- */

static bool entry_matches(const mr_html_stack_entry *e, unsigned itag, const char *name) {
    return e->itag == itag && (itag != MR_TAG_OTHER || strcmp(e->node->name, name) == 0);
}

static void any_other_end_tag(mr_html_tree *t, unsigned itag, const char *name) {
    if (!t->open_count[itag]) return;
    for (unsigned i = t->depth; i-- > 1;) {
        const mr_html_stack_entry *e = &t->stack[i];
        if (entry_matches(e, itag, name)) {
            generate_implied_end_tags(t, itag);
            pop_to_index(t, i);
            return;
        }
        if (has_flag(e->itag, F_SPECIAL)) return;
    }
}

/* End tag of a formatting element: closes it even when block elements were
 * opened inside it, moving them out and re-opening the formatting element
 * inside them, as browsers do. */
static void adoption_agency(mr_html_tree *t, unsigned itag, const char *name) {
    mr_html_stack_entry *cur = top(t);
    if (cur->itag == itag && fmt_find_node(t, cur->node) < 0) {
        pop(t);
        return;
    }
    for (int outer = 0; outer < 8; outer++) {
        int fi = -1;
        for (unsigned k = t->nfmt; k-- > 0;) {
            if (!t->fmt[k].node) break;
            if (t->fmt[k].itag == itag) {
                fi = (int)k;
                break;
            }
        }
        if (fi < 0) {
            any_other_end_tag(t, itag, name);
            return;
        }
        mr_node *fe = t->fmt[fi].node;
        if (!fmt_is_open(t, &t->fmt[fi])) {
            fmt_remove(t, (unsigned)fi);
            return;
        }
        unsigned si = t->fmt[fi].stack_index;
        for (unsigned k = t->depth - 1; k > si; k--)
            if (has_flag(t->stack[k].itag, F_SCOPE)) return; /* not in scope: ignored */
        unsigned fb = 0;
        for (unsigned k = si + 1; k < t->depth; k++) {
            if (has_flag(t->stack[k].itag, F_SPECIAL)) {
                fb = k;
                break;
            }
        }
        if (!fb) {
            pop_to_index(t, si);
            int k = fmt_find_node(t, fe);
            if (k >= 0) fmt_remove(t, (unsigned)k);
            return;
        }
        mr_node *common_ancestor = t->stack[si - 1].node;
        mr_node *furthest = t->stack[fb].node;
        unsigned bookmark = (unsigned)fi; /* the new element goes before this entry */
        mr_node *last = furthest;
        unsigned ni = fb;
        for (int inner = 1;; inner++) {
            ni--;
            if (ni == si) break;
            mr_node *nd = t->stack[ni].node;
            int k = fmt_find_node(t, nd);
            if (inner > 3 && k >= 0) {
                fmt_remove(t, (unsigned)k);
                if ((unsigned)k < bookmark) bookmark--;
                k = -1;
            }
            if (k < 0) {
                stack_remove(t, ni);
                continue;
            }
            mr_node *clone = clone_node(t, nd);
            t->fmt[k].node = clone;
            t->fmt[k].stack_index = ni;
            t->stack[ni].node = clone;
            if (last == furthest) bookmark = (unsigned)k + 1;
            detach(last);
            append_child(clone, last);
            last = clone;
        }
        detach(last);
        append_child(common_ancestor, last);

        mr_node *ne = clone_node(t, fe);
        for (mr_node *c = furthest->first_child; c; c = c->next) c->parent = ne;
        ne->first_child = furthest->first_child;
        ne->last_child = furthest->last_child;
        furthest->first_child = furthest->last_child = NULL;
        append_child(furthest, ne);

        int k = fmt_find_node(t, fe);
        if (k >= 0) {
            fmt_remove(t, (unsigned)k);
            if ((unsigned)k < bookmark) bookmark--;
        }
        if (bookmark > t->nfmt) bookmark = t->nfmt;
        fmt_insert(t, bookmark, (mr_html_fmt_entry){ne, itag, 0});

        stack_remove(t, si);
        int fbi = stack_find_node(t, furthest);
        unsigned at = fbi >= 0 ? (unsigned)fbi + 1 : t->depth;
        stack_insert(t, at, ne, itag);
        int nk = fmt_find_node(t, ne);
        if (nk >= 0) t->fmt[nk].stack_index = at;
    }
}

/* ---- start tags ---- */

static void close_select(mr_html_tree *t) {
    int i = find_in_scope(t, MR_TAG_SELECT, SCOPE_SELECT);
    if (i >= 0) pop_to_index(t, (unsigned)i);
}

/* Pops until the current node is one of the given table parts (or a root). */
static void clear_to(mr_html_tree *t, bool body_ok, bool row_ok) {
    for (;;) {
        unsigned it = top(t)->itag;
        if (it == MR_TAG_TABLE || it == MR_TAG_TEMPLATE || it == MR_TAG_HTML ||
            it == MR_TAG_DOCUMENT)
            return;
        if (body_ok && (it == MR_TAG_TBODY || it == MR_TAG_THEAD || it == MR_TAG_TFOOT)) return;
        if (row_ok && it == MR_TAG_TR) return;
        pop(t);
    }
}

/* Table parts when a table is open (in table scope). */
static mr_node *table_start(mr_html_tree *t, const mr_html_token *tok) {
    bool pushed;
    mr_node *n;
    switch (tok->itag) {
    case MR_TAG_COL:
        if (top(t)->itag != MR_TAG_COLGROUP) clear_to(t, false, false);
        return insert_leaf(t, tok, NULL);
    case MR_TAG_TR:
        clear_to(t, true, false);
        if (top(t)->itag == MR_TAG_TABLE) insert_implied(t, MR_TAG_TBODY, tok->offset);
        return insert_element(t, tok, NULL);
    case MR_TAG_TD:
    case MR_TAG_TH:
        clear_to(t, true, true);
        if (top(t)->itag == MR_TAG_TABLE) insert_implied(t, MR_TAG_TBODY, tok->offset);
        if (top(t)->itag != MR_TAG_TR) insert_implied(t, MR_TAG_TR, tok->offset);
        n = insert_element(t, tok, &pushed);
        if (pushed) push_marker(t);
        return n;
    default: /* caption, colgroup, tbody, thead, tfoot */
        clear_to(t, false, false);
        n = insert_element(t, tok, &pushed);
        if (pushed && tok->itag == MR_TAG_CAPTION) push_marker(t);
        return n;
    }
}

/* Is the innermost table context a table (not a cell or caption)? */
static bool in_table_mode(const mr_html_tree *t) {
    for (unsigned i = t->depth; i-- > 0;) {
        switch (t->stack[i].itag) {
        case MR_TAG_TD:
        case MR_TAG_TH:
        case MR_TAG_CAPTION:
        case MR_TAG_HTML:
        case MR_TAG_TEMPLATE:
            return false;
        case MR_TAG_TABLE:
        case MR_TAG_TBODY:
        case MR_TAG_THEAD:
        case MR_TAG_TFOOT:
        case MR_TAG_TR:
        case MR_TAG_COLGROUP:
            return true;
        default:
            break;
        }
    }
    return false;
}

static mr_node *in_body_start(mr_html_tree *t, const mr_html_token *tok) {
    unsigned itag = tok->itag;
    mr_node *n = NULL;
    bool pushed;

    if (t->open_count[MR_TAG_SELECT] && find_in_scope(t, MR_TAG_SELECT, SCOPE_SELECT) >= 0) {
        switch (itag) {
        case MR_TAG_OPTION:
            if (top(t)->itag == MR_TAG_OPTION) pop(t);
            return insert_element(t, tok, NULL);
        case MR_TAG_OPTGROUP:
        case MR_TAG_HR:
            if (top(t)->itag == MR_TAG_OPTION) pop(t);
            if (top(t)->itag == MR_TAG_OPTGROUP) pop(t);
            return itag == MR_TAG_HR ? insert_leaf(t, tok, NULL) : insert_element(t, tok, NULL);
        case MR_TAG_SELECT:
            close_select(t);
            return NULL;
        case MR_TAG_SCRIPT:
        case MR_TAG_TEMPLATE:
            return insert_leaf(t, tok, NULL);
        case MR_TAG_INPUT:
        case MR_ITAG_KEYGEN:
        case MR_TAG_TEXTAREA:
            close_select(t);
            break; /* and handle the tag below */
        case MR_TAG_CAPTION:
        case MR_TAG_TABLE:
        case MR_TAG_TBODY:
        case MR_TAG_TFOOT:
        case MR_TAG_THEAD:
        case MR_TAG_TR:
        case MR_TAG_TD:
        case MR_TAG_TH:
            /* Table parts end a select only when it sits in a table. */
            if (find_in_scope(t, MR_TAG_TABLE, SCOPE_TABLE) < 0) return NULL;
            close_select(t);
            break;
        default:
            return NULL; /* ignored inside select; its text still goes in */
        }
    }

    if (has_flag(itag, F_CLOSES_P)) {
        close_p(t);
        return insert_element(t, tok, NULL);
    }
    switch (itag) {
    case MR_TAG_BODY:
    case MR_TAG_HEAD:
    case MR_ITAG_FRAMESET:
    case MR_ITAG_FRAME:
        return NULL;
    case MR_TAG_BASE:
    case MR_ITAG_BASEFONT:
    case MR_ITAG_BGSOUND:
    case MR_TAG_LINK:
    case MR_TAG_META:
    case MR_TAG_SCRIPT:
    case MR_TAG_STYLE:
    case MR_TAG_TITLE:
    case MR_ITAG_NOFRAMES:
    case MR_TAG_TEMPLATE:
    case MR_TAG_NOSCRIPT:
    case MR_TAG_IFRAME:
    case MR_ITAG_NOEMBED:
    case MR_TAG_TEXTAREA:
    case MR_ITAG_PARAM:
    case MR_TAG_SOURCE:
    case MR_ITAG_TRACK:
        return insert_leaf(t, tok, NULL);
    case MR_TAG_H1:
    case MR_TAG_H2:
    case MR_TAG_H3:
    case MR_TAG_H4:
    case MR_TAG_H5:
    case MR_TAG_H6:
        close_p(t);
        if (is_heading(top(t)->itag)) pop(t);
        return insert_element(t, tok, NULL);
    case MR_TAG_PRE:
    case MR_ITAG_LISTING:
        close_p(t);
        return insert_element(t, tok, NULL);
    case MR_TAG_FORM:
        /* Forms do not nest: while one is open (by the form element
         * pointer, which only </form> clears), another <form> is ignored. */
        if (t->form) return NULL;
        if (is_table_context(top(t)->itag)) { /* a form directly in a table is empty */
            t->form = insert_leaf(t, tok, NULL);
            return t->form;
        }
        close_p(t);
        t->form = insert_element(t, tok, NULL);
        return t->form;
    case MR_TAG_LI:
    case MR_TAG_DD:
    case MR_TAG_DT:
        for (unsigned i = t->depth; i-- > 1;) {
            unsigned it = t->stack[i].itag;
            bool match = itag == MR_TAG_LI ? it == MR_TAG_LI : (it == MR_TAG_DD || it == MR_TAG_DT);
            if (match) {
                generate_implied_end_tags(t, it);
                pop_to_index(t, i);
                break;
            }
            if (has_flag(it, F_SPECIAL) && it != MR_TAG_ADDRESS && it != MR_TAG_DIV &&
                it != MR_TAG_P)
                break;
        }
        close_p(t);
        return insert_element(t, tok, NULL);
    case MR_ITAG_PLAINTEXT:
    case MR_TAG_HR:
        close_p(t);
        return insert_leaf(t, tok, NULL);
    case MR_ITAG_XMP:
        close_p(t);
        reconstruct_formatting(t);
        return insert_leaf(t, tok, NULL);
    case MR_TAG_BUTTON: {
        int i = find_in_scope(t, MR_TAG_BUTTON, SCOPE_DEFAULT);
        if (i >= 0) {
            generate_implied_end_tags(t, 0);
            pop_to_index(t, (unsigned)i);
        }
        reconstruct_formatting(t);
        return insert_element(t, tok, NULL);
    }
    case MR_TAG_A:
        for (unsigned k = t->nfmt; k-- > 0;) {
            if (!t->fmt[k].node) break;
            if (t->fmt[k].itag == MR_TAG_A) {
                mr_node *old = t->fmt[k].node;
                adoption_agency(t, MR_TAG_A, "a");
                int j = fmt_find_node(t, old);
                if (j >= 0) fmt_remove(t, (unsigned)j);
                int si = stack_find_node(t, old);
                if (si > 0) stack_remove(t, (unsigned)si);
                break;
            }
        }
        reconstruct_formatting(t);
        insert_formatting(t, tok, &n);
        return n;
    case MR_ITAG_NOBR:
        reconstruct_formatting(t);
        if (find_in_scope(t, MR_ITAG_NOBR, SCOPE_DEFAULT) >= 0) {
            adoption_agency(t, MR_ITAG_NOBR, "nobr");
            reconstruct_formatting(t);
        }
        insert_formatting(t, tok, &n);
        return n;
    case MR_ITAG_APPLET:
    case MR_ITAG_MARQUEE:
    case MR_TAG_OBJECT:
        reconstruct_formatting(t);
        n = insert_element(t, tok, &pushed);
        if (pushed) push_marker(t);
        return n;
    case MR_TAG_TABLE:
        if (in_table_mode(t)) {
            int i = find_in_scope(t, MR_TAG_TABLE, SCOPE_TABLE);
            if (i >= 0) pop_to_index(t, (unsigned)i);
        } else {
            close_p(t);
        }
        return insert_element(t, tok, NULL);
    case MR_ITAG_AREA:
    case MR_TAG_BR:
    case MR_TAG_EMBED:
    case MR_TAG_IMG:
    case MR_ITAG_IMAGE:
    case MR_ITAG_KEYGEN:
    case MR_TAG_WBR:
    case MR_TAG_INPUT:
    case MR_TAG_MATH:
    case MR_TAG_SVG:
        reconstruct_formatting(t);
        return insert_leaf(t, tok, NULL);
    case MR_TAG_SELECT:
        reconstruct_formatting(t);
        return insert_element(t, tok, NULL);
    case MR_TAG_OPTGROUP:
    case MR_TAG_OPTION:
        if (top(t)->itag == MR_TAG_OPTION) pop(t);
        reconstruct_formatting(t);
        return insert_element(t, tok, NULL);
    case MR_ITAG_RB:
    case MR_ITAG_RTC:
    case MR_TAG_RP:
    case MR_TAG_RT:
        if (find_in_scope(t, MR_TAG_RUBY, SCOPE_DEFAULT) >= 0)
            generate_implied_end_tags(t,
                                      (itag == MR_TAG_RP || itag == MR_TAG_RT) ? MR_ITAG_RTC : 0);
        return insert_element(t, tok, NULL);
    case MR_TAG_CAPTION:
    case MR_TAG_COL:
    case MR_TAG_COLGROUP:
    case MR_TAG_TBODY:
    case MR_TAG_TD:
    case MR_TAG_TFOOT:
    case MR_TAG_TH:
    case MR_TAG_THEAD:
    case MR_TAG_TR:
        if (find_in_scope(t, MR_TAG_TABLE, SCOPE_TABLE) < 0) return NULL; /* stray: ignored */
        return table_start(t, tok);
    default:
        if (has_flag(itag, F_FORMATTING)) {
            reconstruct_formatting(t);
            insert_formatting(t, tok, &n);
            return n;
        }
        reconstruct_formatting(t);
        return insert_element(t, tok, NULL);
    }
}

mr_node *mr_html_tree_start(mr_html_tree *t, const mr_html_token *tok) {
    unsigned itag = tok->itag;
    if (itag == MR_TAG_HTML) {
        ensure_html(t, tok);
        return NULL;
    }
    for (;;) {
        switch (t->mode) {
        case MODE_INITIAL:
            ensure_html(t, NULL);
            if (itag == MR_TAG_HEAD) {
                open_head(t, tok);
                return t->doc->head;
            }
            open_head(t, NULL);
            continue;
        case MODE_IN_HEAD:
            if (has_flag(itag, F_HEAD)) return insert_leaf(t, tok, NULL);
            if (itag == MR_TAG_HEAD) return NULL;
            close_head(t);
            continue;
        case MODE_AFTER_HEAD:
            if (itag == MR_TAG_BODY) {
                open_body(t, tok, tok->offset);
                return t->doc->body;
            }
            if (has_flag(itag, F_HEAD)) return insert_leaf(t, tok, t->doc->head);
            if (itag == MR_TAG_HEAD) return NULL;
            open_body(t, NULL, tok->offset);
            continue;
        default:
            return in_body_start(t, tok);
        }
    }
}

/* ---- end tags ---- */

static void in_body_end(mr_html_tree *t, const mr_html_token *tok) {
    unsigned itag = tok->itag;
    if (t->overflow[itag]) {
        t->overflow[itag]--; /* closes an element flattened at the depth limit */
        return;
    }
    int si;
    if (t->open_count[MR_TAG_SELECT] && (si = find_in_scope(t, MR_TAG_SELECT, SCOPE_SELECT)) >= 0) {
        switch (itag) {
        case MR_TAG_OPTGROUP:
            if (top(t)->itag == MR_TAG_OPTION && t->depth > 2 &&
                t->stack[t->depth - 2].itag == MR_TAG_OPTGROUP)
                pop(t);
            if (top(t)->itag == MR_TAG_OPTGROUP) pop(t);
            return;
        case MR_TAG_OPTION:
            if (top(t)->itag == MR_TAG_OPTION) pop(t);
            return;
        case MR_TAG_SELECT:
            pop_to_index(t, (unsigned)si);
            return;
        case MR_TAG_CAPTION:
        case MR_TAG_TABLE:
        case MR_TAG_TBODY:
        case MR_TAG_TFOOT:
        case MR_TAG_THEAD:
        case MR_TAG_TR:
        case MR_TAG_TD:
        case MR_TAG_TH:
            if (find_in_scope(t, itag, SCOPE_TABLE) < 0) return;
            pop_to_index(t, (unsigned)si);
            break;
        default:
            return;
        }
    }

    int i;
    if (has_flag(itag, F_BLOCK_END)) {
        if ((i = find_in_scope(t, itag, SCOPE_DEFAULT)) < 0) return;
        generate_implied_end_tags(t, 0);
        pop_to_index(t, (unsigned)i);
        return;
    }
    switch (itag) {
    case MR_TAG_BODY:
    case MR_TAG_HTML:
    case MR_TAG_HEAD:
    case MR_TAG_COL:
    case MR_TAG_TEMPLATE:
    case MR_ITAG_FRAME:
        return;
    case MR_TAG_P:
        if ((i = find_in_scope(t, MR_TAG_P, SCOPE_BUTTON)) < 0) {
            /* "</p>" with no open p makes an empty one, as browsers do. */
            reconstruct_formatting(t);
            mr_node *p = new_node(t, MR_TAG_P, "p", tok->offset);
            place(t, p);
            return;
        }
        generate_implied_end_tags(t, MR_TAG_P);
        pop_to_index(t, (unsigned)i);
        return;
    case MR_TAG_LI:
        if ((i = find_in_scope(t, MR_TAG_LI, SCOPE_LIST)) < 0) return;
        generate_implied_end_tags(t, MR_TAG_LI);
        pop_to_index(t, (unsigned)i);
        return;
    case MR_TAG_DD:
    case MR_TAG_DT:
        if ((i = find_in_scope(t, itag, SCOPE_DEFAULT)) < 0) return;
        generate_implied_end_tags(t, itag);
        pop_to_index(t, (unsigned)i);
        return;
    case MR_TAG_H1:
    case MR_TAG_H2:
    case MR_TAG_H3:
    case MR_TAG_H4:
    case MR_TAG_H5:
    case MR_TAG_H6:
        for (unsigned k = t->depth; k-- > 0;) {
            unsigned it = t->stack[k].itag;
            if (is_heading(it)) {
                generate_implied_end_tags(t, 0);
                pop_to_index(t, k);
                return;
            }
            if (has_flag(it, F_SCOPE)) return;
        }
        return;
    case MR_ITAG_APPLET:
    case MR_ITAG_MARQUEE:
    case MR_TAG_OBJECT:
        if ((i = find_in_scope(t, itag, SCOPE_DEFAULT)) < 0) return;
        generate_implied_end_tags(t, 0);
        pop_to_index(t, (unsigned)i);
        return;
    case MR_TAG_BR: {
        /* "</br>" is a line break, as in browsers. */
        reconstruct_formatting(t);
        mr_node *br = new_node(t, MR_TAG_BR, "br", tok->offset);
        place(t, br);
        return;
    }
    case MR_TAG_TABLE:
    case MR_TAG_TBODY:
    case MR_TAG_TFOOT:
    case MR_TAG_THEAD:
    case MR_TAG_TR:
    case MR_TAG_CAPTION:
        if ((i = find_in_scope(t, itag, SCOPE_TABLE)) < 0) return;
        pop_to_index(t, (unsigned)i);
        return;
    case MR_TAG_TD:
    case MR_TAG_TH:
        if ((i = find_in_scope(t, itag, SCOPE_TABLE)) < 0) return;
        generate_implied_end_tags(t, 0);
        pop_to_index(t, (unsigned)i);
        return;
    case MR_TAG_COLGROUP:
        if (top(t)->itag == MR_TAG_COLGROUP) pop(t);
        return;
    case MR_TAG_FORM: {
        /* Closes the form only, leaving open what was opened inside it. */
        mr_node *form = t->form;
        t->form = NULL;
        if (!form) return;
        int fi = stack_find_node(t, form);
        if (fi < 0) return;
        for (unsigned k = t->depth - 1; k > (unsigned)fi; k--)
            if (has_flag(t->stack[k].itag, F_SCOPE)) return; /* not in scope */
        generate_implied_end_tags(t, 0);
        fi = stack_find_node(t, form);
        if (fi > 0) stack_remove(t, (unsigned)fi);
        return;
    }
    default:
        if (has_flag(itag, F_FORMATTING)) {
            adoption_agency(t, itag, tok->name);
            return;
        }
        any_other_end_tag(t, itag, tok->name);
        return;
    }
}

void mr_html_tree_end(mr_html_tree *t, const mr_html_token *tok) {
    unsigned itag = tok->itag;
    bool opens_body = itag == MR_TAG_BODY || itag == MR_TAG_HTML || itag == MR_TAG_BR;
    switch (t->mode) {
    case MODE_INITIAL:
        if (!opens_body && itag != MR_TAG_HEAD) return;
        ensure_html(t, NULL);
        open_head(t, NULL);
        if (itag == MR_TAG_HEAD) {
            close_head(t);
            return;
        }
        enter_body(t, tok->offset);
        break;
    case MODE_IN_HEAD:
        if (itag == MR_TAG_HEAD) {
            close_head(t);
            return;
        }
        if (!opens_body) return;
        enter_body(t, tok->offset);
        break;
    case MODE_AFTER_HEAD:
        if (!opens_body) return;
        enter_body(t, tok->offset);
        break;
    default:
        break;
    }
    in_body_end(t, tok);
}

/* ---- text ---- */

static inline bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void append_text(mr_html_tree *t, mr_node *parent, const char *text, size_t len,
                        size_t offset) {
    mr_node *n = new_node(t, MR_TAG_TEXT, NULL, offset);
    n->text = text;
    n->text_len = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
    append_child(parent, n);
}

void mr_html_tree_text(mr_html_tree *t, const char *text, size_t len, size_t offset) {
    if (t->mode != MODE_IN_BODY) {
        /* White space before the body is dropped; other text opens the body. */
        size_t i = 0;
        while (i < len && is_space((unsigned char)text[i])) i++;
        if (i == len) return;
        text += i;
        len -= i;
        offset += i;
        enter_body(t, offset);
    }
    if (is_table_context(top(t)->itag)) {
        /* White space stays in the table; other text is foster-parented. */
        size_t i = 0;
        while (i < len && is_space((unsigned char)text[i])) i++;
        if (i == len) {
            append_text(t, top(t)->node, text, len, offset);
            return;
        }
    }
    reconstruct_formatting(t);
    mr_node *n = new_node(t, MR_TAG_TEXT, NULL, offset);
    n->text = text;
    n->text_len = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
    place(t, n);
}

void mr_html_tree_leaf_text(mr_html_tree *t, mr_node *leaf, const char *text, size_t len,
                            size_t offset) {
    if (leaf && len) append_text(t, leaf, text, len, offset);
}

bool mr_html_tree_end_closes(const mr_html_tree *t, const mr_html_token *tok) {
    unsigned itag = tok->itag;
    if (itag == MR_TAG_P || itag == MR_TAG_BR) return true;
    if (!t->open_count[itag] || itag == MR_TAG_FORM) return false;
    if (has_flag(itag, F_FORMATTING)) return true;
    switch (itag) {
    case MR_TAG_LI:
        return find_in_scope(t, itag, SCOPE_LIST) >= 0;
    case MR_TAG_TABLE:
    case MR_TAG_TBODY:
    case MR_TAG_TFOOT:
    case MR_TAG_THEAD:
    case MR_TAG_TR:
    case MR_TAG_TD:
    case MR_TAG_TH:
    case MR_TAG_CAPTION:
        return find_in_scope(t, itag, SCOPE_TABLE) >= 0;
    case MR_TAG_DD:
    case MR_TAG_DT:
    case MR_ITAG_APPLET:
    case MR_ITAG_MARQUEE:
    case MR_TAG_OBJECT:
        return find_in_scope(t, itag, SCOPE_DEFAULT) >= 0;
    default:
        if (has_flag(itag, F_BLOCK_END) || is_heading(itag))
            return find_in_scope(t, itag, SCOPE_DEFAULT) >= 0;
        /* "Any other end tag": the nearest match, unless a special element is nearer. */
        for (unsigned i = t->depth; i-- > 1;) {
            const mr_html_stack_entry *e = &t->stack[i];
            if (entry_matches(e, itag, tok->name)) return true;
            if (has_flag(e->itag, F_SPECIAL)) return false;
        }
        return false;
    }
}

void mr_html_tree_finish(mr_html_tree *t) {
    if (t->mode != MODE_IN_BODY) enter_body(t, 0);
}
