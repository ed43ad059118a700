/* Main-content selection: which blocks of an HTML page are the article.
 *
 * One walk over the tree cuts the body into text blocks (runs of text between
 * block-level tags) and records, for every element, its class/id hints, the
 * context it sits in (link, heading, list, nav, figure...) and the blocks its
 * subtree holds. The elements are kept in document (pre-order) order, so a
 * subtree is a contiguous range of elements and of blocks, and totals are
 * summed bottom-up by one backward pass: every step is linear in the tree.
 *
 * Selection then works in three steps:
 *  1. find the article's container: paragraphs (blocks of real prose) credit
 *     their ancestors, decaying with distance; the best container, corrected
 *     for link density and class/id hints, wins; its parent is taken instead
 *     when the prose is spread over several of the parent's children; the
 *     container's siblings that also hold prose join it;
 *  2. cut out of that region the subtrees that are clutter: navigation,
 *     sharing, related links, captions, bylines, ads, link lists;
 *  3. drop the blocks that remain but are not text of the article (the title
 *     repeated, link lines, lone labels), and trim the edges.
 * A JSON-LD articleBody, when the page has one, vouches for blocks: prose
 * inside the region whose word shingles appear in it is kept even when a
 * clutter rule would cut it, and it weighs more in step 1. */
#include "html/content.h"
#include "util/buf.h"
#include "util/data.h"
#include "util/mem.h"
#include "util/utf8.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Context bits an element passes to its descendants. */
enum {
    CTX_LINK = 1u << 0,
    CTX_HEADING = 1u << 1,
    CTX_FIGURE = 1u << 2,
    CTX_CAPTION = 1u << 3,
    CTX_NAV = 1u << 4,
    CTX_ASIDE = 1u << 5,
    CTX_FOOTER = 1u << 6,
    CTX_HEADER = 1u << 7,
    CTX_BOILER = 1u << 8, /* under an element whose class says clutter (see mark_clutter) */
    CTX_BYLINE = 1u << 9,
};

/* Per-element flags. */
enum {
    EL_BLOCK = 1 << 0,      /* starts and ends a text block */
    EL_HAS_BLOCKS = 1 << 1, /* holds block-level children: text beside them is a paragraph */
    EL_SELECTED = 1 << 2,   /* the container or one of its siblings taken with it */
    EL_OWN_BOILER = 1 << 3, /* its class says clutter */
};

typedef struct elem {
    const mr_node *node;
    int32_t parent;
    uint32_t end;                    /* one past the subtree's last element */
    uint32_t first_block, end_block; /* the subtree's blocks (block-level elements) */
    uint32_t ctx;
    uint32_t owner; /* innermost block-level element at or above this one */
    int16_t weight; /* class/id hint weight */
    uint16_t kinds; /* MR_HINT_* */
    uint16_t tag;
    uint16_t flags;
    /* subtree totals */
    uint32_t chars, link_chars, para_chars, commas;
    uint32_t nparas, nlis, nlinks, nimgs;
    float score; /* prose credited by descendants */
    bool scored;
} elem;

/* The state of the open block when an inline element began, kept on a stack
 * while the element is open (see cut_inline). */
typedef struct snapshot {
    uint32_t len, off, block, chars, link, links;
} snapshot;

/* Per-block flags. */
enum {
    BL_DROP = 1 << 0,
    BL_CONFIRMED = 1 << 1, /* its words appear in the JSON-LD articleBody */
    BL_CUT = 1 << 2,       /* cut out while walking (cut_inline): never article text */
};

typedef struct block {
    uint32_t off, len; /* text in the walk's buffer, NUL-terminated there */
    uint32_t chars, link_chars;
    uint32_t elem; /* the block-level element it belongs to */
    uint32_t ctx;
    uint16_t commas, stops; /* commas; sentence-ending marks */
    uint16_t nlinks;
    uint16_t flags;
    const char *why; /* reason when dropped */
} block;

typedef struct walk {
    elem *elems;
    size_t nelems, elems_cap;
    block *blocks;
    size_t nblocks, blocks_cap;
    mr_buf text;
    /* the block being filled */
    size_t cur_off;
    uint32_t cur_chars, cur_link, cur_commas, cur_stops;
    uint32_t cur_owner;
    bool pending_space, pending_newline;
    int br_run;
    uint32_t *seen;                /* class-hint scratch */
    struct hint_cache *hint_cache; /* HINT_CACHE entries, see class_hint */
    uint32_t links_seen;           /* <a> elements entered so far */
    uint32_t block_links;          /* links_seen when the open block began */
    snapshot *snaps;               /* one per open inline element */
    size_t nsnaps, snaps_cap;
    const char *cut_why; /* the block being flushed was cut out (cut_inline) */
} walk;

/* ---- the walk ---- */

static bool skipped_tag(mr_tag tag, const mr_node *n) {
    switch (tag) {
    case MR_TAG_SCRIPT:
    case MR_TAG_STYLE:
    case MR_TAG_NOSCRIPT:
    case MR_TAG_TEMPLATE:
    case MR_TAG_SVG:
    case MR_TAG_MATH:
    case MR_TAG_IFRAME:
    case MR_TAG_SELECT:
    case MR_TAG_OPTION:
    case MR_TAG_OPTGROUP:
    case MR_TAG_BUTTON:
    case MR_TAG_INPUT:
    case MR_TAG_TEXTAREA:
    case MR_TAG_HEAD:
    case MR_TAG_TITLE:
    case MR_TAG_OBJECT:
    case MR_TAG_EMBED:
    case MR_TAG_AUDIO:
    case MR_TAG_VIDEO:
    case MR_TAG_DIALOG:
    case MR_TAG_LABEL:
    case MR_TAG_META:
    case MR_TAG_LINK:
    case MR_TAG_BASE:
    case MR_TAG_RP:
        return true;
    case MR_TAG_OTHER:
        return n->name && (strcmp(n->name, "canvas") == 0 || strcmp(n->name, "map") == 0);
    default:
        return false;
    }
}

static bool ascii_has_ci(const char *s, const char *needle) {
    size_t n = strlen(needle);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && (s[i] | 0x20) == needle[i]) i++;
        if (i == n) return true;
    }
    return false;
}

static bool ascii_eq_ci(const char *a, const char *b) {
    for (; *a && *b; a++, b++)
        if ((*a | 0x20) != (*b | 0x20)) return false;
    return *a == *b;
}

/* The attributes extraction reads, found in one pass over a node's list. */
typedef struct node_attrs {
    const char *cls, *id, *role, *itemprop, *rel;
    bool href;
    bool hidden; /* hidden, aria-hidden="true", style="display:none" and the like */
} node_attrs;

static bool style_hides(const char *style) {
    char compact[96];
    size_t k = 0;
    for (const char *s = style; *s && k < sizeof compact - 1; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n') compact[k++] = (char)(*s | 0x20);
    compact[k] = 0;
    return strstr(compact, "display:none") || strstr(compact, "visibility:hidden");
}

static void read_attrs(const mr_node *n, node_attrs *na) {
    memset(na, 0, sizeof *na);
    for (uint16_t i = 0; i < n->nattrs; i++) {
        const char *name = n->attrs[i].name, *value = n->attrs[i].value;
        switch (name[0]) {
        case 'c':
            if (strcmp(name, "class") == 0) na->cls = value;
            break;
        case 'i':
            if (name[1] == 'd' && name[2] == 0)
                na->id = value;
            else if (strcmp(name, "itemprop") == 0)
                na->itemprop = value;
            break;
        case 'r':
            if (strcmp(name, "role") == 0)
                na->role = value;
            else if (strcmp(name, "rel") == 0)
                na->rel = value;
            break;
        case 'h':
            if (strcmp(name, "href") == 0)
                na->href = true;
            else if (strcmp(name, "hidden") == 0)
                na->hidden = true;
            break;
        case 's':
            if (strcmp(name, "style") == 0 && style_hides(value)) na->hidden = true;
            break;
        case 'a':
            if (strcmp(name, "aria-hidden") == 0 && ascii_eq_ci(value, "true")) na->hidden = true;
            break;
        default:
            break;
        }
    }
}

static void flush_block(walk *w) {
    if (w->text.len > w->cur_off && w->cur_chars > 0) {
        MR_GROW(w->blocks, w->blocks_cap, w->nblocks + 1);
        block *b = &w->blocks[w->nblocks++];
        memset(b, 0, sizeof *b);
        b->off = (uint32_t)w->cur_off;
        b->len = (uint32_t)(w->text.len - w->cur_off);
        b->chars = w->cur_chars;
        b->link_chars = w->cur_link;
        b->commas = (uint16_t)(w->cur_commas > UINT16_MAX ? UINT16_MAX : w->cur_commas);
        b->stops = (uint16_t)(w->cur_stops > UINT16_MAX ? UINT16_MAX : w->cur_stops);
        b->elem = w->cur_owner;
        b->ctx = w->elems[w->cur_owner].ctx;
        b->nlinks = (uint16_t)(w->links_seen - w->block_links > UINT16_MAX
                                   ? UINT16_MAX
                                   : w->links_seen - w->block_links);
        if (w->cut_why) {
            b->flags |= BL_CUT | BL_DROP;
            b->why = w->cut_why;
        }
        mr_buf_putc(&w->text, '\0');
    } else {
        w->text.len = w->cur_off; /* drop white space or an empty start */
    }
    w->cut_why = NULL;
    w->cur_off = w->text.len;
    w->block_links = w->links_seen;
    w->cur_chars = w->cur_link = w->cur_commas = w->cur_stops = 0;
    w->pending_space = w->pending_newline = false;
    w->br_run = 0;
}

/* Byte classes for the text scan. */
enum { B_PLAIN = 0, B_SPACE, B_COMMA, B_STOP, B_C2, B_D8, B_E3, B_EF };

/* NUL counts as white space: a text node may hold one (U+0000), and the
 * blocks are NUL-terminated strings. */
static const uint8_t byte_class[256] = {
    [0] = B_SPACE,    [' '] = B_SPACE, ['\n'] = B_SPACE, ['\t'] = B_SPACE, ['\r'] = B_SPACE,
    ['\f'] = B_SPACE, [','] = B_COMMA, ['.'] = B_STOP,   ['!'] = B_STOP,   ['?'] = B_STOP,
    [0xC2] = B_C2,    [0xD8] = B_D8,   [0xE3] = B_E3,    [0xEF] = B_EF,
};

/* Appends a text node to the open block: white space (ASCII and no-break
 * space) collapses to one space; counts characters, link characters and the
 * punctuation that tells prose (commas and sentence ends, Latin, Arabic and
 * CJK). */
static void add_text(walk *w, const mr_node *t, uint32_t owner, bool in_link) {
    const unsigned char *s = (const unsigned char *)t->text;
    size_t n = t->text_len, i = 0;
    if (w->cur_chars && owner != w->cur_owner) flush_block(w);
    while (i < n) {
        size_t j = i;
        for (;;) {
            if (j < n && byte_class[s[j]] == B_SPACE) {
                j++;
            } else if (j + 1 < n && s[j] == 0xC2 && s[j + 1] == 0xA0) {
                j += 2;
            } else {
                break;
            }
        }
        if (j > i) {
            if (w->cur_chars) w->pending_space = true;
            i = j;
            continue;
        }
        uint32_t chars = 0, commas = 0, stops = 0;
        for (; j < n; j++) {
            unsigned char c = s[j];
            switch (byte_class[c]) {
            case B_PLAIN:
                break;
            case B_SPACE:
                goto word_end;
            case B_COMMA:
                commas++;
                break;
            case B_STOP:
                stops++;
                break;
            case B_C2:
                if (j + 1 < n && s[j + 1] == 0xA0) goto word_end;
                break;
            case B_D8:
                if (j + 1 < n) {
                    if (s[j + 1] == 0x8C)
                        commas++; /* ، */
                    else if (s[j + 1] == 0x9F || s[j + 1] == 0x9B)
                        stops++; /* ؟ ؛ */
                }
                break;
            case B_E3:
                if (j + 2 < n && s[j + 1] == 0x80) {
                    if (s[j + 2] == 0x81) commas++; /* 、 */
                    if (s[j + 2] == 0x82) stops++;  /* 。 */
                }
                break;
            case B_EF:
                if (j + 2 < n && s[j + 1] == 0xBC && s[j + 2] == 0x8C) commas++; /* ， */
                break;
            }
            chars += (c & 0xC0) != 0x80;
        }
    word_end:
        if (!w->cur_chars) {
            w->cur_owner = owner;
        } else if (w->br_run >= 2) {
            flush_block(w);
            w->cur_owner = owner;
        } else if (w->pending_newline) {
            mr_buf_putc(&w->text, '\n');
        } else if (w->pending_space) {
            mr_buf_putc(&w->text, ' ');
        }
        w->pending_space = w->pending_newline = false;
        w->br_run = 0;
        mr_buf_append(&w->text, s + i, j - i);
        w->cur_chars += chars;
        if (in_link) w->cur_link += chars;
        w->cur_commas += commas;
        w->cur_stops += stops;
        i = j;
    }
}

static uint32_t context_of(const node_attrs *na, mr_tag tag, const mr_class_hint *h) {
    uint32_t c = 0;
    switch (tag) {
    case MR_TAG_A:
        c |= na->href ? CTX_LINK : 0;
        break;
    case MR_TAG_H1:
    case MR_TAG_H2:
    case MR_TAG_H3:
    case MR_TAG_H4:
    case MR_TAG_H5:
    case MR_TAG_H6:
        c |= CTX_HEADING;
        break;
    case MR_TAG_FIGURE:
        c |= CTX_FIGURE;
        break;
    case MR_TAG_FIGCAPTION:
    case MR_TAG_CAPTION:
        c |= CTX_CAPTION;
        break;
    case MR_TAG_NAV:
    case MR_TAG_MENU:
        c |= CTX_NAV;
        break;
    case MR_TAG_ASIDE:
        c |= CTX_ASIDE;
        break;
    case MR_TAG_FOOTER:
        c |= CTX_FOOTER;
        break;
    case MR_TAG_HEADER:
        c |= CTX_HEADER;
        break;
    case MR_TAG_ADDRESS:
        c |= CTX_BYLINE;
        break;
    default:
        break;
    }
    if (h->kinds & MR_HINT_BYLINE) c |= CTX_BYLINE;
    if (h->kinds & MR_HINT_CAPTION) c |= CTX_CAPTION;
    const char *role = na->role;
    if (role) {
        if (ascii_eq_ci(role, "navigation") || ascii_eq_ci(role, "menu") ||
            ascii_eq_ci(role, "menubar") || ascii_eq_ci(role, "search"))
            c |= CTX_NAV;
        else if (ascii_eq_ci(role, "complementary"))
            c |= CTX_ASIDE;
        else if (ascii_eq_ci(role, "contentinfo"))
            c |= CTX_FOOTER;
        else if (ascii_eq_ci(role, "banner"))
            c |= CTX_HEADER;
    }
    const char *itemprop = na->itemprop;
    if (itemprop && !ascii_has_ci(itemprop, "articlebody") &&
        (ascii_has_ci(itemprop, "author") || ascii_has_ci(itemprop, "date")))
        c |= CTX_BYLINE;
    if (na->rel && ascii_eq_ci(na->rel, "author")) c |= CTX_BYLINE;
    return c;
}

/* Class and id values repeat across a page ("menu-item", "col-md-4"): a
 * small direct-mapped cache of the matcher's answers spares most of its
 * passes. */
#define HINT_CACHE 512
typedef struct hint_cache {
    uint64_t hash;
    const char *cls, *id;
    mr_class_hint hint;
} hint_cache;

static uint64_t hash_str(const char *s, uint64_t h) {
    if (!s) return h * 31;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

static bool same_str(const char *a, const char *b) {
    return a == b || (a && b && strcmp(a, b) == 0);
}

static mr_class_hint class_hint(walk *w, const char *cls, const char *id, uint32_t stamp) {
    uint64_t h = hash_str(id, hash_str(cls, 0xcbf29ce484222325ull));
    hint_cache *c = &w->hint_cache[h & (HINT_CACHE - 1)];
    if (c->hash == h && (c->cls || c->id) && same_str(c->cls, cls) && same_str(c->id, id))
        return c->hint;
    mr_class_hint r = mr_class_hint_match(cls, id, w->seen, stamp);
    *c = (hint_cache){h, cls, id, r};
    return r;
}

/* Enters an element: records it, returns false when its content is skipped. */
static bool enter_element(walk *w, const mr_node *n, int32_t parent, uint32_t *cur) {
    mr_tag tag = (mr_tag)n->tag;
    if (skipped_tag(tag, n)) return false;
    node_attrs na;
    read_attrs(n, &na);
    if (na.hidden) return false;

    MR_GROW(w->elems, w->elems_cap, w->nelems + 1);
    uint32_t idx = (uint32_t)w->nelems++;
    elem *e = &w->elems[idx];
    memset(e, 0, sizeof *e);
    e->node = n;
    e->parent = parent;
    e->tag = (uint16_t)tag;
    mr_class_hint h = {0, 0};
    if (na.cls || na.id) h = class_hint(w, na.cls, na.id, idx + 1);
    {
        const char *itemprop = na.itemprop;
        if (itemprop && ascii_has_ci(itemprop, "articlebody")) {
            h.weight += 50;
            h.kinds |= MR_HINT_BODY | MR_HINT_CONTENT;
        }
    }
    if (h.weight > 100) h.weight = 100;
    if (h.weight < -100) h.weight = -100;
    e->weight = (int16_t)h.weight;
    e->kinds = (uint16_t)h.kinds;
    e->ctx = (parent >= 0 ? w->elems[parent].ctx : 0) | context_of(&na, tag, &h);
    /* Clutter by its class, unless the class also names content ("article-
     * comments" is still comments, but "content has-sidebar" is content);
     * whether it passes this on is decided once the subtree's size is known
     * (see mark_clutter). */
    if ((h.kinds & MR_HINT_BOILERPLATE) && !(h.kinds & MR_HINT_CONTENT) && tag != MR_TAG_BODY &&
        tag != MR_TAG_HTML && tag != MR_TAG_ARTICLE && tag != MR_TAG_MAIN)
        e->flags |= EL_OWN_BOILER;

    bool block_level = mr_tag_is_block(tag) && tag != MR_TAG_BR;
    if (block_level) {
        e->flags |= EL_BLOCK;
        if (parent >= 0) w->elems[w->elems[parent].owner].flags |= EL_HAS_BLOCKS;
        flush_block(w);
        e->owner = idx;
    } else {
        e->owner = parent >= 0 ? w->elems[parent].owner : idx;
    }
    e->first_block = (uint32_t)w->nblocks;
    *cur = idx;
    if (!block_level) {
        MR_GROW(w->snaps, w->snaps_cap, w->nsnaps + 1);
        w->snaps[w->nsnaps++] =
            (snapshot){(uint32_t)w->text.len, (uint32_t)w->cur_off, (uint32_t)w->nblocks,
                       w->cur_chars,          w->cur_link,          w->links_seen};
    }
    if (tag == MR_TAG_A) w->links_seen++;

    if (tag == MR_TAG_BR) {
        if (w->cur_chars) {
            w->br_run++;
            w->pending_newline = true;
        }
    }
    /* Hidden-text classes on inline elements (screen-reader labels, share
     * links inside a paragraph) lose their text here: a block-level range
     * would take the whole paragraph with them. */
    if (!block_level && (h.kinds & MR_HINT_HIDDEN)) return false;
    return true;
}

/* An inline element inside a paragraph that is nothing but several links
 * (a hover card of related stories, a "Related: A | B" run, a tag list) is
 * cut out of the paragraph's text: its text is the tail of the open block,
 * so this is a truncation. */
static void cut_inline(walk *w, elem *e) {
    const snapshot *sn = &w->snaps[--w->nsnaps];
    if (e->tag == MR_TAG_A || w->nblocks != sn->block || w->cur_off != sn->off) return;
    uint32_t links = w->links_seen - sn->links;
    uint32_t chars = w->cur_chars - sn->chars, link = w->cur_link - sn->link;
    if (chars == 0) return;
    const char *why = NULL;
    if (links >= 2 && link * 10 >= chars * 9)
        why = "link cluster";
    else if (e->kinds & MR_HINT_CAPTION)
        why = "caption";
    else if ((e->kinds & MR_HINT_BOILERPLATE) && !(e->kinds & MR_HINT_CONTENT))
        why = "boilerplate class";
    if (!why) return;
    if (sn->chars == 0) {
        /* the element is the whole block so far: it becomes a block of its
         * own, dropped, and kept for --explain */
        w->cut_why = why;
        flush_block(w);
        return;
    }
    w->text.len = sn->len;
    while (w->text.len > w->cur_off &&
           (w->text.data[w->text.len - 1] == ' ' || w->text.data[w->text.len - 1] == '\n'))
        w->text.len--;
    w->cur_chars = sn->chars;
    w->cur_link = sn->link;
    w->pending_space = true;
}

static void leave_element(walk *w, uint32_t idx) {
    elem *e = &w->elems[idx];
    if (e->flags & EL_BLOCK)
        flush_block(w);
    else
        cut_inline(w, e);
    e->end = (uint32_t)w->nelems;
    e->end_block = (uint32_t)w->nblocks;
}

/* Walks the subtree under root in document order without recursion. */
static void walk_tree(walk *w, const mr_node *root) {
    /* the root itself is element 0 */
    MR_GROW(w->elems, w->elems_cap, 1);
    w->nelems = 1;
    memset(&w->elems[0], 0, sizeof w->elems[0]);
    w->elems[0].node = root;
    w->elems[0].parent = -1;
    w->elems[0].tag = root->tag;
    w->elems[0].flags = EL_BLOCK;
    uint32_t cur = 0;

    const mr_node *n = root->first_child;
    while (n) {
        bool descend = false;
        if (n->tag == MR_TAG_TEXT) {
            if (n->text_len) {
                const elem *c = &w->elems[cur];
                add_text(w, n, c->owner, (c->ctx & CTX_LINK) != 0);
            }
        } else if (n->tag != MR_TAG_DOCUMENT) {
            uint32_t before = cur;
            if (enter_element(w, n, (int32_t)cur, &cur)) {
                if (n->first_child) {
                    descend = true;
                } else {
                    leave_element(w, cur);
                    cur = before;
                }
            } else if (cur != before) {
                leave_element(w, cur);
                cur = before;
            }
        }
        if (descend) {
            n = n->first_child;
            continue;
        }
        /* next sibling, or up until an ancestor has one */
        while (n && !n->next) {
            n = n->parent;
            if (!n || n == root) {
                n = NULL;
                break;
            }
            leave_element(w, cur);
            cur = (uint32_t)w->elems[cur].parent;
        }
        if (n) n = n->next;
    }
    flush_block(w);
    while (cur) {
        leave_element(w, cur);
        cur = (uint32_t)w->elems[cur].parent;
    }
    leave_element(w, 0);
}

/* ---- totals ---- */

/* A block that reads as prose: long enough, not a link, not a heading or a
 * list label. */
static bool prose_block(const walk *w, const block *b) {
    if (b->chars < 25) return false;
    if (b->link_chars * 2 > b->chars) return false;
    if (b->ctx & (CTX_HEADING | CTX_CAPTION)) return false;
    uint16_t tag = w->elems[b->elem].tag;
    return !(tag == MR_TAG_LI || tag == MR_TAG_DT || tag == MR_TAG_TH || tag == MR_TAG_OPTION);
}

static void sum_totals(walk *w) {
    for (size_t i = 0; i < w->nblocks; i++) {
        block *b = &w->blocks[i];
        elem *e = &w->elems[b->elem];
        e->chars += b->chars;
        e->link_chars += b->link_chars;
        e->commas += b->commas;
        if (prose_block(w, b)) {
            e->para_chars += b->chars;
            e->nparas++;
        }
    }
    for (size_t i = w->nelems; i-- > 1;) {
        elem *e = &w->elems[i];
        if (e->tag == MR_TAG_LI) e->nlis++;
        if (e->tag == MR_TAG_A && (e->ctx & CTX_LINK)) e->nlinks++;
        if (e->tag == MR_TAG_IMG || e->tag == MR_TAG_PICTURE) e->nimgs++;
        elem *p = &w->elems[e->parent];
        p->chars += e->chars;
        p->link_chars += e->link_chars;
        p->para_chars += e->para_chars;
        p->commas += e->commas;
        p->nparas += e->nparas;
        p->nlis += e->nlis;
        p->nlinks += e->nlinks;
        p->nimgs += e->nimgs;
    }
}

/* Sets CTX_BOILER under the elements whose class says clutter, unless such
 * an element holds most of the page's prose: a wrapper of the whole page
 * with an unlucky class ("container penci_sidebar") is not clutter. */
static void mark_clutter(walk *w) {
    uint32_t total = w->elems[0].para_chars;
    for (size_t i = 1; i < w->nelems; i++) {
        elem *e = &w->elems[i];
        uint32_t inherited = w->elems[e->parent].ctx & CTX_BOILER;
        e->ctx = (e->ctx & ~(uint32_t)CTX_BOILER) | inherited;
        if ((e->flags & EL_OWN_BOILER) && e->para_chars * 2 <= total) e->ctx |= CTX_BOILER;
    }
    for (size_t i = 0; i < w->nblocks; i++) w->blocks[i].ctx = w->elems[w->blocks[i].elem].ctx;
}

static float link_density(const elem *e) {
    return e->chars ? (float)e->link_chars / (float)e->chars : 0.0f;
}

/* ---- step 1: the container ---- */

static float tag_prior(uint16_t tag) {
    switch (tag) {
    case MR_TAG_DIV:
    case MR_TAG_ARTICLE:
    case MR_TAG_MAIN:
    case MR_TAG_SECTION:
        return 5;
    case MR_TAG_PRE:
    case MR_TAG_TD:
    case MR_TAG_BLOCKQUOTE:
        return 3;
    case MR_TAG_ADDRESS:
    case MR_TAG_OL:
    case MR_TAG_UL:
    case MR_TAG_DL:
    case MR_TAG_DD:
    case MR_TAG_DT:
    case MR_TAG_LI:
    case MR_TAG_FORM:
        return -3;
    case MR_TAG_H1:
    case MR_TAG_H2:
    case MR_TAG_H3:
    case MR_TAG_H4:
    case MR_TAG_H5:
    case MR_TAG_H6:
    case MR_TAG_TH:
        return -5;
    default:
        return 0;
    }
}

static float final_score(const elem *e) {
    float s = e->score + tag_prior(e->tag) + (float)e->weight;
    return s * (1.0f - link_density(e));
}

/* Credits every prose block's ancestors: the block's own element and its
 * parent fully, then less the further up. */
static void credit_prose(walk *w, bool relaxed) {
    for (size_t i = 0; i < w->nblocks; i++) {
        block *b = &w->blocks[i];
        if (!prose_block(w, b)) continue;
        if ((b->ctx & (CTX_NAV | CTX_FOOTER | CTX_ASIDE | CTX_BOILER)) &&
            !(b->flags & BL_CONFIRMED) && !relaxed)
            continue;
        float s = 1.0f + (float)b->commas + (b->chars / 100 > 3 ? 3.0f : (float)(b->chars / 100));
        if (b->flags & BL_CONFIRMED) s += 3.0f;
        /* A paragraph element credits its parent first; text lying beside
         * block-level children is a paragraph of its own element. */
        const elem *owner = &w->elems[b->elem];
        int32_t a = (owner->flags & EL_HAS_BLOCKS) ? (int32_t)b->elem : owner->parent;
        for (int level = 0; a >= 0 && level < 5; level++) {
            float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f;
            w->elems[a].score += s / div;
            w->elems[a].scored = true;
            a = w->elems[a].parent;
        }
    }
}

static int32_t pick_container(walk *w) {
    int32_t best = -1;
    float best_score = 0;
    for (size_t i = 0; i < w->nelems; i++) {
        elem *e = &w->elems[i];
        if (!e->scored) continue;
        float s = final_score(e);
        if (best < 0 || s > best_score) {
            best = (int32_t)i;
            best_score = s;
        }
    }
    if (best < 0) return best;

    /* When the prose is spread over several children, a parent whose score
     * beats the best child's is the article. */
    float last = final_score(&w->elems[best]);
    float threshold = last / 3.0f;
    int32_t p = w->elems[best].parent;
    while (p > 0) {
        elem *pe = &w->elems[p];
        if (!pe->scored) {
            p = pe->parent;
            continue;
        }
        float s = final_score(pe);
        if (s < threshold) break;
        if (s > last) {
            best = p;
            break;
        }
        last = s;
        p = pe->parent;
    }
    /* An only child is the same content as its parent. */
    while (w->elems[best].parent > 0) {
        int32_t par = w->elems[best].parent;
        const elem *pe = &w->elems[par];
        if (pe->chars != w->elems[best].chars) break;
        best = par;
    }
    return best;
}

/* ---- step 2: clutter inside the region ---- */

/* Why an element inside the article region is clutter, or NULL. `region`
 * gives the prose the whole region holds, so that a misleading class on a
 * wrapper of most of the article never cuts the article away. */
/* A grid of teasers: three or more children of one class (a heading may
 * lead them), nearly all with a link and a picture, each short. Lists in an
 * article's text have no picture on every item. */
static bool teaser_list(const walk *w, const elem *e) {
    uint32_t first = (uint32_t)(e - w->elems) + 1, last = 0;
    for (uint32_t i = first; i < e->end; i = w->elems[i].end) last = i;
    if (!last) return false;
    const char *cls = mr_node_attr(w->elems[last].node, "class");
    if (!cls || !*cls) return false;
    uint32_t same = 0, teasers = 0;
    for (uint32_t i = first; i < e->end; i = w->elems[i].end) {
        const elem *c = &w->elems[i];
        const char *ccls = mr_node_attr(c->node, "class");
        if (!ccls || strcmp(ccls, cls) != 0) {
            if (c->tag >= MR_TAG_H1 && c->tag <= MR_TAG_H6) continue;
            if (c->chars == 0) continue;
            return false;
        }
        same++;
        if (c->nlinks && c->nimgs && c->chars < 400) teasers++;
    }
    return same >= 3 && teasers * 4 >= same * 3;
}

static const char *clutter_reason(const walk *w, const elem *e, uint32_t region_para) {
    bool big = e->para_chars * 10 > region_para * 6 && e->para_chars > 0;
    if (big) return NULL;
    if (e->kinds & MR_HINT_BODY) return NULL;
    uint16_t tag = e->tag;
    if (tag == MR_TAG_NAV || tag == MR_TAG_MENU) return "navigation";
    if (tag == MR_TAG_ASIDE) return "aside";
    if (tag == MR_TAG_FOOTER) return "footer";
    if (tag == MR_TAG_HEADER) return "header";
    if (tag == MR_TAG_FIGCAPTION || tag == MR_TAG_CAPTION) return "caption";
    if (tag == MR_TAG_FIGURE) return "figure";
    if (tag == MR_TAG_FORM && (e->para_chars == 0 || link_density(e) > 0.3f)) return "form";
    /* Embedded posts (blockquote.twitter-tweet, div.social-media-embed) are
     * quotes the article makes. */
    if ((e->kinds & MR_HINT_BOILERPLATE) && !(e->kinds & MR_HINT_EMBED) && tag != MR_TAG_BLOCKQUOTE)
        return "boilerplate class";
    if (e->kinds & MR_HINT_CAPTION) return "caption";
    if (e->kinds & MR_HINT_BYLINE && e->chars < 300) return "byline";
    const char *role = mr_node_attr(e->node, "role");
    if (role &&
        (ascii_eq_ci(role, "navigation") || ascii_eq_ci(role, "complementary") ||
         ascii_eq_ci(role, "contentinfo") || ascii_eq_ci(role, "banner") ||
         ascii_eq_ci(role, "menu") || ascii_eq_ci(role, "dialog") || ascii_eq_ci(role, "alert")))
        return "navigation";

    /* Containers judged by their content, as link lists, ad slots and
     * teasers are. */
    bool container = tag == MR_TAG_DIV || tag == MR_TAG_SECTION || tag == MR_TAG_UL ||
                     tag == MR_TAG_OL || tag == MR_TAG_TABLE || tag == MR_TAG_DL ||
                     tag == MR_TAG_OTHER || tag == MR_TAG_SPAN || tag == MR_TAG_CENTER ||
                     tag == MR_TAG_FORM;
    if (!container) return NULL;
    if (e->weight < 0 && e->para_chars * 2 < e->chars) return "negative class";
    if (e->commas >= 10) return NULL;
    float ld = link_density(e);
    if (e->chars == 0) return NULL;
    if (e->weight < 25 && ld > 0.33f) return "link density";
    if (ld > 0.5f) return "link density";
    if (tag != MR_TAG_UL && tag != MR_TAG_OL && e->nlis > 10 && e->nlis > e->nparas * 2 &&
        e->para_chars * 2 < e->chars)
        return "list of links";
    if (teaser_list(w, e)) return "teasers";
    return NULL;
}

/* The container's siblings that hold prose too join the article. */
static void select_siblings(walk *w, int32_t top) {
    elem *t = &w->elems[top];
    t->flags |= EL_SELECTED;
    int32_t parent = t->parent;
    if (parent < 0) return;
    float top_score = final_score(t);
    float threshold = top_score * 0.2f > 10.0f ? top_score * 0.2f : 10.0f;
    const char *top_class = mr_node_attr(t->node, "class");
    elem *pe = &w->elems[parent];
    for (uint32_t i = (uint32_t)parent + 1; i < pe->end; i = w->elems[i].end) {
        elem *s = &w->elems[i];
        if ((int32_t)i == top) continue;
        if (s->ctx & (CTX_NAV | CTX_ASIDE | CTX_FOOTER)) continue;
        if (s->kinds & MR_HINT_BOILERPLATE) continue;
        if (clutter_reason(w, s, t->para_chars)) continue;
        bool take = false;
        float bonus = 0;
        const char *cls = mr_node_attr(s->node, "class");
        if (top_class && cls && *cls && strcmp(cls, top_class) == 0) bonus = top_score * 0.2f;
        if (s->scored && final_score(s) + bonus >= threshold) take = true;
        if (!take && (s->tag == MR_TAG_P || (s->flags & EL_BLOCK))) {
            float ld = link_density(s);
            if (s->chars > 80 && ld < 0.25f && s->para_chars * 2 > s->chars)
                take = true;
            else if (s->tag == MR_TAG_P && s->chars > 0 && s->chars <= 80 && ld == 0 &&
                     s->nparas == 1)
                take = true;
        }
        if (take) s->flags |= EL_SELECTED;
    }
}

/* ---- step 3: blocks ---- */

static bool same_text_ci(const char *a, size_t an, const char *b) {
    size_t bn = strlen(b);
    while (an && (*a == ' ')) a++, an--;
    while (bn && (*b == ' ' || *b == '\n')) b++, bn--;
    while (an && (a[an - 1] == ' ' || a[an - 1] == '\n')) an--;
    while (bn && (b[bn - 1] == ' ' || b[bn - 1] == '\n')) bn--;
    if (an != bn) return false;
    for (size_t i = 0; i < an; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
        if (x != y) return false;
    }
    return true;
}

/* A word list from data/, lower-cased, '_' read as a space (the byline
 * prefixes write "by_" for "by "). */
typedef struct phrase_set {
    const char **items;
    size_t count, cap;
} phrase_set;

static void add_phrase(const char *line, size_t len, void *ctx) {
    phrase_set *p = ctx;
    MR_GROW(p->items, p->cap, p->count + 1);
    char *s = mr_strndup(line, len);
    for (char *c = s; *c; c++) {
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c + 32);
        if (*c == '_') *c = ' ';
    }
    p->items[p->count++] = s;
}

static phrase_set boiler_phrases;
static pthread_once_t phrases_once = PTHREAD_ONCE_INIT;

static void load_phrases(void) {
    mr_data_lines("html_boilerplate.txt", add_phrase, &boiler_phrases);
}

/* Length of the punctuation mark or space at the start (or the end) of
 * s[0..n), or 0 when it is something else. */
static size_t punct_unit(const char *s, size_t n, bool at_end) {
    static const char *const marks[] = {"»", "«", "›", "‹", "•", "·", "…", "—", "–", "،", "؛", "|"};
    unsigned char c = (unsigned char)(at_end ? s[n - 1] : s[0]);
    if (c < 0x80) return strchr(" :.,;-|>/\"'()!?*#", c) && c ? 1 : 0;
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        size_t m = strlen(marks[i]);
        if (m > n) continue;
        if (memcmp(at_end ? s + n - m : s, marks[i], m) == 0) return m;
    }
    return 0;
}

/* "Image 3 of 5", "Photo 2/12", "صورة 1 من 4": a gallery's counter. s is
 * lower case, trimmed. */
static bool gallery_counter(const char *s, size_t n) {
    size_t i = 0;
    while (i < n && s[i] != ' ' && !(s[i] >= '0' && s[i] <= '9')) i++; /* a word, maybe */
    while (i < n && s[i] == ' ') i++;
    size_t d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    if (i == d) return false;
    while (i < n && s[i] == ' ') i++;
    static const char *const joins[] = {"of", "/", "من", "de", "di", "von", "из", "sur"};
    size_t j = 0;
    for (size_t k = 0; k < sizeof joins / sizeof *joins && !j; k++) {
        size_t m = strlen(joins[k]);
        if (i + m <= n && memcmp(s + i, joins[k], m) == 0) j = m;
    }
    if (!j) return false;
    i += j;
    while (i < n && s[i] == ' ') i++;
    d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    return i > d && i == n;
}

/* A short block that is a stock phrase of site furniture ("Advertisement",
 * "Share this article", "اقرأ أيضا"), compared case-insensitively ignoring
 * punctuation at the ends. */
static bool boilerplate_phrase(const char *s, size_t n) {
    pthread_once(&phrases_once, load_phrases);
    if (n > 80) return false;
    char low[96];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof low - 1; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        low[k++] = c;
    }
    low[k] = 0;
    /* trim punctuation and spaces at both ends */
    size_t a = 0, b = k, u;
    while (a < b && (u = punct_unit(low + a, b - a, false)) > 0) a += u;
    while (b > a && (u = punct_unit(low + a, b - a, true)) > 0) b -= u;
    if (b <= a) return true;
    if (gallery_counter(low + a, b - a)) return true;
    for (size_t i = 0; i < boiler_phrases.count; i++) {
        const char *p = boiler_phrases.items[i];
        size_t pn = strlen(p);
        if (pn == b - a && memcmp(p, low + a, pn) == 0) return true;
    }
    return false;
}

static phrase_set byline_prefixes;
static pthread_once_t byline_once = PTHREAD_ONCE_INIT;

static void load_bylines(void) {
    mr_data_lines("html_byline.txt", add_phrase, &byline_prefixes);
}

/* A short line of the article's header: "By Jane Doe", "Published 12
 * November 2018", "05/10/2018 - Posted by ...". */
static bool meta_line(const char *s, size_t n) {
    if (n > 240) return false;
    pthread_once(&byline_once, load_bylines);
    char low[248];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof low - 1; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        low[k++] = c;
    }
    low[k] = 0;
    for (size_t i = 0; i < byline_prefixes.count; i++) {
        const char *p = byline_prefixes.items[i];
        if (strncmp(low, p, strlen(p)) == 0) return true;
    }
    marsad_date_match m[1];
    if (n <= 160 && marsad_dates_find(s, n, NULL, m, 1) > 0 && marsad_date_is_complete(&m[0].date))
        return true;
    return false;
}

static void drop(block *b, const char *why) {
    if (!(b->flags & BL_DROP)) {
        b->flags |= BL_DROP;
        b->why = why;
    }
}

/* ---- JSON-LD confirmation ---- */

/* Hashes of the 3-word shingles of the JSON-LD body, in an open-addressing
 * set; a block whose shingles are mostly found there is confirmed. Words are
 * runs of bytes that are not ASCII space or punctuation. */
typedef struct shingle_set {
    uint64_t *slots;
    size_t mask;
    size_t count;
} shingle_set;

static uint64_t word_hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        h = (h ^ c) * 1099511628211ull;
    }
    return h;
}

static bool word_byte(unsigned char c) {
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Calls fn for every 3-word shingle hash of s. */
static void shingles(const char *s, size_t n, void (*fn)(uint64_t, void *), void *ctx) {
    uint64_t w0 = 0, w1 = 0;
    size_t have = 0, i = 0;
    while (i < n) {
        while (i < n && !word_byte((unsigned char)s[i])) i++;
        size_t j = i;
        while (j < n && word_byte((unsigned char)s[j])) j++;
        if (j > i) {
            uint64_t h = word_hash(s + i, j - i);
            if (have >= 2) fn((w0 * 31 + w1) * 1000003ull ^ h, ctx);
            w0 = w1;
            w1 = h;
            have++;
        }
        i = j;
    }
}

static void set_add(uint64_t h, void *ctx) {
    shingle_set *set = ctx;
    if (h == 0) h = 1;
    size_t i = (size_t)h & set->mask;
    while (set->slots[i] && set->slots[i] != h) i = (i + 1) & set->mask;
    if (!set->slots[i]) {
        set->slots[i] = h;
        set->count++;
    }
}

typedef struct probe {
    const shingle_set *set;
    uint32_t total, hits;
} probe;

static void set_probe(uint64_t h, void *ctx) {
    probe *p = ctx;
    if (h == 0) h = 1;
    size_t i = (size_t)h & p->set->mask;
    p->total++;
    while (p->set->slots[i]) {
        if (p->set->slots[i] == h) {
            p->hits++;
            return;
        }
        i = (i + 1) & p->set->mask;
    }
}

/* Marks the blocks whose text the JSON-LD articleBody contains. Returns the
 * number of characters confirmed. */
static size_t confirm_blocks(walk *w, const char *ld, size_t ld_len, mr_arena *arena) {
    if (!ld || ld_len < 200) return 0;
    size_t cap = 64;
    while (cap < ld_len / 2) cap <<= 1;
    shingle_set set = {mr_arena_calloc(arena, cap, sizeof(uint64_t)), cap - 1, 0};
    shingles(ld, ld_len, set_add, &set);
    if (set.count < 20) return 0;
    size_t confirmed = 0;
    for (size_t i = 0; i < w->nblocks; i++) {
        block *b = &w->blocks[i];
        if (b->chars < 20) continue;
        probe p = {&set, 0, 0};
        shingles(w->text.data + b->off, b->len, set_probe, &p);
        if (p.total >= 3 && p.hits * 10 >= p.total * 7) {
            b->flags |= BL_CONFIRMED;
            confirmed += b->chars;
        }
    }
    return confirmed;
}

#ifdef MR_HTML_DEBUG
#include <stdio.h>
/* Development aid: the best candidates, their scores and ancestry. */
static void debug_candidates(const walk *w, int32_t top) {
    float best[8] = {0};
    int32_t who[8];
    for (int k = 0; k < 8; k++) who[k] = -1;
    for (size_t i = 1; i < w->nelems; i++) {
        if (!w->elems[i].scored) continue;
        float s = final_score(&w->elems[i]);
        for (int k = 0; k < 8; k++) {
            if (who[k] < 0 || s > best[k]) {
                for (int m = 7; m > k; m--) best[m] = best[m - 1], who[m] = who[m - 1];
                best[k] = s;
                who[k] = (int32_t)i;
                break;
            }
        }
    }
    for (int k = 0; k < 8 && who[k] >= 0; k++) {
        const elem *e = &w->elems[who[k]];
        fprintf(stderr, "cand %d: %.1f (raw %.1f w %d ld %.2f chars %u para %u) %s.%s#%s ctx %x\n",
                who[k], best[k], e->score, e->weight, link_density(e), e->chars, e->para_chars,
                e->node->name, mr_node_attr(e->node, "class") ? mr_node_attr(e->node, "class") : "",
                mr_node_attr(e->node, "id") ? mr_node_attr(e->node, "id") : "", e->ctx);
    }
    fprintf(stderr, "top %d\n", top);
    for (int32_t a = top; a > 0; a = w->elems[a].parent) {
        const elem *e = &w->elems[a];
        fprintf(stderr, "  up %d %s.%s#%s w %d kinds %x ctx %x\n", a, e->node->name,
                mr_node_attr(e->node, "class") ? mr_node_attr(e->node, "class") : "",
                mr_node_attr(e->node, "id") ? mr_node_attr(e->node, "id") : "", e->weight, e->kinds,
                e->ctx);
    }
}
#endif

/* ---- putting it together ---- */

static void record_dropped(mr_html_content *out, const walk *w, const char *base, size_t nd,
                           mr_arena *arena) {
    out->dropped = mr_arena_alloc(arena, (nd ? nd : 1) * sizeof *out->dropped);
    size_t k = 0;
    for (size_t i = 0; i < w->nblocks; i++) {
        const block *b = &w->blocks[i];
        if (!(b->flags & BL_DROP)) continue;
        out->dropped[k].text = base + b->off;
        out->dropped[k].reason = b->why ? b->why : "outside the article";
        out->dropped[k].line = (uint32_t)(i + 1);
        k++;
    }
    out->ndropped = k;
}

void mr_html_content_select(const mr_html_doc *doc, const mr_html_meta *meta,
                            const mr_content_options *opts, mr_arena *arena, mr_html_content *out) {
    memset(out, 0, sizeof *out);
    const mr_node *root = doc->body ? doc->body : doc->root;
    if (!root) return;
    walk w = {0};
    /* sized once from the parser's node count: no growth on the way */
    w.elems_cap = doc->nodes + 2;
    w.elems = mr_malloc(w.elems_cap * sizeof *w.elems);
    w.blocks_cap = doc->nodes / 2 + 16;
    w.blocks = mr_malloc(w.blocks_cap * sizeof *w.blocks);
    size_t npat = mr_class_hint_patterns();
    w.seen = mr_calloc(npat ? npat : 1, sizeof *w.seen);
    w.hint_cache = mr_calloc(HINT_CACHE, sizeof *w.hint_cache);
    mr_buf_reserve(&w.text, 4096);
    walk_tree(&w, root);
    sum_totals(&w);
    mark_clutter(&w);

    size_t confirmed = 0;
    if (meta && meta->ld_body)
        confirmed = confirm_blocks(&w, meta->ld_body, meta->ld_body_len, arena);
    credit_prose(&w, false);
    int32_t top = pick_container(&w);
#ifdef MR_HTML_DEBUG
    debug_candidates(&w, top);
#endif
    if (top < 0) {
        /* all the prose sits in what looks like clutter: look again */
        credit_prose(&w, true);
        top = pick_container(&w);
    }
    /* Prose with no container to credit (text straight in the body, or a
     * page with no markup at all): the whole body is the region. */
    if (top < 0 && w.elems[0].para_chars > 0) top = 0;
    /* Everything starts dropped; the region's blocks are taken back. */
    for (size_t i = 0; i < w.nblocks; i++) drop(&w.blocks[i], NULL);
    if (top >= 0) {
        select_siblings(&w, top);
        int32_t parent = w.elems[top].parent;
        uint32_t from = parent >= 0 ? (uint32_t)parent + 1 : (uint32_t)top;
        uint32_t to = parent >= 0 ? w.elems[parent].end : w.elems[top].end;
        uint32_t region_para = 0;
        for (uint32_t i = from; i < to; i = w.elems[i].end)
            if (w.elems[i].flags & EL_SELECTED) region_para += w.elems[i].para_chars;
        for (uint32_t i = from; i < to; i = w.elems[i].end) {
            elem *s = &w.elems[i];
            if (!(s->flags & EL_SELECTED)) continue;
            /* Take the subtree's blocks, then cut its clutter. */
            for (uint32_t b = s->first_block; b < s->end_block; b++) {
                if (w.blocks[b].flags & BL_CUT) continue;
                w.blocks[b].flags &= (uint16_t)~BL_DROP;
                w.blocks[b].why = NULL;
            }
            for (uint32_t j = i + 1; j < s->end;) {
                elem *d = &w.elems[j];
                const char *why = clutter_reason(&w, d, region_para);
                if (why) {
                    for (uint32_t b = d->first_block; b < d->end_block; b++)
                        drop(&w.blocks[b], why);
                    j = d->end;
                } else {
                    j++;
                }
            }
        }
        /* Blocks directly in the parent, between the selected siblings, are
         * not in any sibling's range: they stay dropped. */
    }
    /* Prose inside the region that a clutter rule cut but the page's own
     * JSON-LD body contains (a pull quote, an embed) is the article's.
     * Blocks outside the region stay out: that body often carries captions
     * and promos as well. */
    if (confirmed)
        for (size_t i = 0; i < w.nblocks; i++) {
            block *b = &w.blocks[i];
            if ((b->flags & BL_CONFIRMED) && (b->flags & BL_DROP) && !(b->flags & BL_CUT) &&
                b->why && b->chars >= 80 &&
                !(b->ctx & (CTX_NAV | CTX_FOOTER | CTX_ASIDE | CTX_BOILER | CTX_CAPTION |
                            CTX_FIGURE | CTX_BYLINE | CTX_HEADER)))
                b->flags &= (uint16_t)~BL_DROP;
        }

    /* Block by block. */
    const char *title = meta ? meta->title : NULL;
    for (size_t i = 0; i < w.nblocks; i++) {
        block *b = &w.blocks[i];
        if (b->flags & BL_DROP) continue;
        const char *text = w.text.data + b->off;
        /* Link lines and runs of links go; prose that happens to be heavily
         * linked (a deals roundup, a headline-led summary) stays: it is
         * long, has words of its own between the links, and ends sentences. */
        bool linked_prose = b->chars >= 150 && b->link_chars * 10 <= b->chars * 9 &&
                            b->chars - b->link_chars >= 40 && b->stops >= 1;
        if (b->link_chars * 2 > b->chars && !linked_prose && !(b->flags & BL_CONFIRMED) &&
            !(b->ctx & CTX_HEADING)) {
            drop(b, "link");
            continue;
        }
        if (b->ctx & CTX_HEADING) {
            if ((title && same_text_ci(text, b->len, title)) ||
                (meta && meta->raw_title && same_text_ci(text, b->len, meta->raw_title)) ||
                w.elems[b->elem].tag == MR_TAG_H1) {
                drop(b, "title");
                continue;
            }
        }
        if (b->chars <= 80 && boilerplate_phrase(text, b->len)) {
            drop(b, "stock phrase");
            continue;
        }
    }
    /* Trailing headings with no text after them belong to what was cut (a
     * "Related" heading over a removed list). */
    for (size_t i = w.nblocks; i-- > 0;) {
        block *b = &w.blocks[i];
        if (b->flags & BL_DROP) continue;
        if (b->ctx & CTX_HEADING) {
            drop(b, "trailing label");
            continue;
        }
        break;
    }
    /* Before the first paragraph: the title again, headings, the byline and
     * dateline are the article's header, not its text. */
    for (size_t i = 0; i < w.nblocks; i++) {
        block *b = &w.blocks[i];
        if (b->flags & BL_DROP) continue;
        const char *text = w.text.data + b->off;
        if (b->chars >= 80 && prose_block(&w, b)) break;
        if (b->ctx & CTX_HEADING) {
            drop(b, "leading heading");
        } else if (title && same_text_ci(text, b->len, title)) {
            drop(b, "title");
        } else if (meta_line(text, b->len)) {
            drop(b, "byline or dateline");
        }
    }

    /* Output: the kept blocks, in an arena copy of the text. */
    char *base = mr_arena_alloc(arena, w.text.len + 1);
    memcpy(base, w.text.data ? w.text.data : "", w.text.len);
    base[w.text.len] = 0;
    size_t kept = 0, nd = 0;
    for (size_t i = 0; i < w.nblocks; i++) {
        if (w.blocks[i].flags & BL_DROP)
            nd++;
        else
            kept++;
    }
    out->paragraphs = mr_arena_alloc(arena, (kept ? kept : 1) * sizeof *out->paragraphs);
    for (size_t i = 0; i < w.nblocks; i++)
        if (!(w.blocks[i].flags & BL_DROP))
            out->paragraphs[out->nparagraphs++] = base + w.blocks[i].off;
    if (opts && opts->explain) record_dropped(out, &w, base, nd, arena);

    free(w.seen);
    free(w.hint_cache);
    free(w.snaps);
    free(w.elems);
    free(w.blocks);
    mr_buf_free(&w.text);
}
