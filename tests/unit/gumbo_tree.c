/* gumbo → mr_node converter and text-block splitter used by the tests and the
 * HTML benchmark (see tests/gumbo_tree.h). Not part of libmarsad. */
#include "gumbo_tree.h"

#include "util/buf.h"
#include "util/mem.h"

#include <gumbo.h>
#include <stdlib.h>
#include <string.h>

static bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Our tag id and lower-cased name for a gumbo element. */
static mr_tag element_tag(const GumboElement *el, mr_arena *arena, const char **name) {
    if (el->tag != GUMBO_TAG_UNKNOWN) {
        const char *gname = gumbo_normalized_tagname(el->tag);
        mr_tag tag = mr_tag_lookup(gname, strlen(gname));
        *name = tag == MR_TAG_OTHER ? mr_arena_strdup(arena, gname) : mr_tag_name(tag);
        return tag;
    }
    GumboStringPiece piece = el->original_tag;
    gumbo_tag_from_original_text(&piece);
    size_t n = 0;
    while (n < piece.length && !is_ascii_space(piece.data[n]) && piece.data[n] != '/' &&
           piece.data[n] != '>')
        n++;
    char *lower = mr_arena_strndup(arena, piece.data, n);
    for (size_t i = 0; i < n; i++)
        if (lower[i] >= 'A' && lower[i] <= 'Z') lower[i] = (char)(lower[i] + 32);
    mr_tag tag = mr_tag_lookup(lower, n);
    *name = tag == MR_TAG_OTHER ? lower : mr_tag_name(tag);
    return tag;
}

/* Elements whose content html.h says produces no nodes. */
static bool skips_children(mr_tag tag) {
    return tag == MR_TAG_SCRIPT || tag == MR_TAG_STYLE || tag == MR_TAG_SVG || tag == MR_TAG_MATH ||
           tag == MR_TAG_TEMPLATE || tag == MR_TAG_IFRAME || tag == MR_TAG_NOSCRIPT;
}

static bool is_ld_json(const mr_node *script) {
    const char *type = mr_node_attr(script, "type");
    if (!type) return false;
    while (is_ascii_space(*type)) type++;
    size_t n = strlen(type);
    while (n && is_ascii_space(type[n - 1])) n--;
    return n == 19 && strncasecmp(type, "application/ld+json", 19) == 0;
}

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

static mr_node *convert_element(const GumboNode *g, mr_arena *arena) {
    const GumboElement *el = &g->v.element;
    mr_node *node = mr_arena_calloc(arena, 1, sizeof(*node));
    node->tag = (uint16_t)element_tag(el, arena, &node->name);
    node->source_offset = (uint32_t)el->start_pos.offset;
    unsigned nattrs = el->attributes.length;
    if (nattrs > UINT16_MAX) nattrs = UINT16_MAX;
    node->nattrs = (uint16_t)nattrs;
    node->attrs = nattrs ? mr_arena_alloc(arena, nattrs * sizeof(mr_html_attr)) : NULL;
    for (unsigned i = 0; i < nattrs; i++) {
        const GumboAttribute *a = el->attributes.data[i];
        node->attrs[i].name = mr_arena_strdup(arena, a->name);
        node->attrs[i].value = mr_arena_strdup(arena, a->value);
    }
    return node;
}

mr_html_doc *mr_test_gumbo_parse(const char *html, size_t len, mr_arena *arena) {
    GumboOutput *out = gumbo_parse_with_options(&kGumboDefaultOptions, html, len);
    mr_html_doc *doc = mr_arena_calloc(arena, 1, sizeof(*doc));
    mr_node *root = mr_arena_calloc(arena, 1, sizeof(*root));
    root->tag = MR_TAG_DOCUMENT;
    root->name = mr_tag_name(MR_TAG_DOCUMENT);
    doc->root = root;
    doc->nodes = 1;

    /* Depth-first over gumbo's tree without recursion: gumbo nodes know their
     * parent and their index in it, so the walk needs no stack. */
    const GumboNode *gdoc = out->document;
    const GumboNode *g =
        gdoc->v.document.children.length ? gdoc->v.document.children.data[0] : NULL;
    mr_node *parent = root;
    while (g) {
        const GumboNode *descend = NULL;
        mr_node *made = NULL;
        switch (g->type) {
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE: {
            made = convert_element(g, arena);
            append_child(parent, made);
            doc->nodes++;
            if (made->tag == MR_TAG_HTML && !doc->html) doc->html = made;
            if (made->tag == MR_TAG_HEAD && !doc->head) doc->head = made;
            if (made->tag == MR_TAG_BODY && !doc->body) doc->body = made;
            const GumboVector *kids = &g->v.element.children;
            bool keep_text = made->tag == MR_TAG_SCRIPT && is_ld_json(made);
            if (!skips_children(made->tag) && kids->length) {
                descend = kids->data[0];
            } else if (keep_text) {
                for (unsigned i = 0; i < kids->length; i++) {
                    const GumboNode *k = kids->data[i];
                    if (k->type != GUMBO_NODE_TEXT && k->type != GUMBO_NODE_WHITESPACE) continue;
                    mr_node *t = mr_arena_calloc(arena, 1, sizeof(*t));
                    size_t n = strlen(k->v.text.text);
                    t->text = mr_arena_strndup(arena, k->v.text.text, n);
                    t->text_len = (uint32_t)n;
                    t->source_offset = (uint32_t)k->v.text.start_pos.offset;
                    append_child(made, t);
                    doc->nodes++;
                }
            }
            break;
        }
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE: {
            mr_node *t = mr_arena_calloc(arena, 1, sizeof(*t));
            size_t n = strlen(g->v.text.text);
            t->text = mr_arena_strndup(arena, g->v.text.text, n);
            t->text_len = (uint32_t)n;
            t->tag = MR_TAG_TEXT;
            t->source_offset = (uint32_t)g->v.text.start_pos.offset;
            append_child(parent, t);
            doc->nodes++;
            break;
        }
        default: /* comments, and anything else, produce no node */
            break;
        }
        if (descend) {
            parent = made;
            g = descend;
            continue;
        }
        /* Next sibling, or climb until an ancestor has one. */
        for (;;) {
            const GumboNode *gp = g->parent;
            const GumboVector *sibs = gp->type == GUMBO_NODE_DOCUMENT ? &gp->v.document.children
                                                                      : &gp->v.element.children;
            if (g->index_within_parent + 1 < sibs->length) {
                g = sibs->data[g->index_within_parent + 1];
                break;
            }
            if (gp == gdoc) {
                g = NULL;
                break;
            }
            g = gp;
            parent = parent->parent;
        }
    }
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    return doc;
}

typedef struct block_list {
    const char **items;
    size_t count, cap;
    mr_buf cur;
    bool pending_space;
} block_list;

static void flush_block(block_list *bl, mr_arena *arena) {
    if (bl->cur.len) {
        MR_GROW(bl->items, bl->cap, bl->count + 1);
        bl->items[bl->count++] = mr_arena_strndup(arena, bl->cur.data, bl->cur.len);
    }
    mr_buf_clear(&bl->cur);
    bl->pending_space = false;
}

static void add_text(block_list *bl, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (is_ascii_space(s[i])) {
            if (bl->cur.len) bl->pending_space = true;
            continue;
        }
        if (bl->pending_space) {
            mr_buf_putc(&bl->cur, ' ');
            bl->pending_space = false;
        }
        mr_buf_putc(&bl->cur, s[i]);
    }
}

const char **mr_test_text_blocks(const mr_html_doc *doc, mr_arena *arena, size_t *count) {
    block_list bl = {0};
    const mr_node *n = doc->root;
    while (n) {
        if (n->tag == MR_TAG_TEXT) {
            add_text(&bl, n->text, n->text_len);
        } else if (mr_tag_is_block((mr_tag)n->tag)) {
            flush_block(&bl, arena);
        }
        if (n->first_child) {
            n = n->first_child;
            continue;
        }
        /* Leaving n (and any ancestors with no next sibling) closes their blocks. */
        while (n) {
            if (n->tag != MR_TAG_TEXT && mr_tag_is_block((mr_tag)n->tag)) flush_block(&bl, arena);
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
    }
    flush_block(&bl, arena);
    const char **out = mr_arena_alloc(arena, (bl.count ? bl.count : 1) * sizeof(*out));
    if (bl.count) memcpy(out, bl.items, bl.count * sizeof(*out));
    *count = bl.count;
    free(bl.items);
    mr_buf_free(&bl.cur);
    return out;
}
