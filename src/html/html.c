/* mr_html_parse: marsad's streaming HTML parser. One pass over the input:
 * the tokenizer (tokenizer.c) yields text runs and tags, the tree builder
 * (tree.c) places them, and this file handles the elements whose content is
 * not markup: raw text (script, style, title, textarea, xmp, iframe,
 * noscript, ...), skipped subtrees (svg, math, template) and plaintext.
 *
 * Text nodes point into the input when the text holds no character
 * reference, so the input must outlive the tree; text is not NUL-terminated
 * (use text_len). Attribute names and values are NUL-terminated arena copies.
 * The input is expected to be UTF-8 (see read/charset.h); invalid bytes pass
 * through unchanged. */
#include "html/html_internal.h"

#include <string.h>
#include <strings.h>

enum content_kind {
    CONTENT_MARKUP,    /* an ordinary element */
    CONTENT_SCRIPT,    /* raw text, kept only for application/ld+json */
    CONTENT_RAW_DROP,  /* raw text, dropped (style, iframe, noscript, ...) */
    CONTENT_RAW_KEEP,  /* raw text, kept as written (xmp) */
    CONTENT_RCDATA,    /* text with references decoded, kept (title, textarea) */
    CONTENT_FOREIGN,   /* svg, math: skipped */
    CONTENT_TEMPLATE,  /* skipped */
    CONTENT_PLAINTEXT, /* the rest of the input is text */
};

static enum content_kind content_kind(unsigned itag) {
    switch (itag) {
    case MR_TAG_SCRIPT:
        return CONTENT_SCRIPT;
    case MR_TAG_STYLE:
    case MR_TAG_IFRAME:
    case MR_TAG_NOSCRIPT:
    case MR_ITAG_NOEMBED:
    case MR_ITAG_NOFRAMES:
        return CONTENT_RAW_DROP;
    case MR_ITAG_XMP:
        return CONTENT_RAW_KEEP;
    case MR_TAG_TITLE:
    case MR_TAG_TEXTAREA:
        return CONTENT_RCDATA;
    case MR_TAG_SVG:
    case MR_TAG_MATH:
        return CONTENT_FOREIGN;
    case MR_TAG_TEMPLATE:
        return CONTENT_TEMPLATE;
    case MR_ITAG_PLAINTEXT:
        return CONTENT_PLAINTEXT;
    default:
        return CONTENT_MARKUP;
    }
}

static bool is_ld_json(const mr_node *script) {
    const char *type = mr_node_attr(script, "type");
    if (!type) return false;
    while (*type == ' ' || *type == '\t' || *type == '\n' || *type == '\r' || *type == '\f') type++;
    size_t n = strlen(type);
    while (n && (type[n - 1] == ' ' || type[n - 1] == '\t' || type[n - 1] == '\n' ||
                 type[n - 1] == '\r' || type[n - 1] == '\f'))
        n--;
    return n == 19 && strncasecmp(type, "application/ld+json", 19) == 0;
}

/* Skips a raw-text element's content (the tokenizer is just past its start tag). */
static void skip_raw(mr_html_tokenizer *tz, unsigned itag) {
    const char *name = mr_html_itag_name(itag), *text;
    size_t len;
    mr_html_raw_text(tz, name, strlen(name), itag == MR_TAG_SCRIPT || itag == MR_TAG_STYLE, &text,
                     &len);
}

/* HTML start tags that end svg/math content in browsers. */
static bool breaks_out_of_foreign(const mr_html_tokenizer *tz, const mr_html_token *tok) {
    switch (tok->itag) {
    case MR_TAG_B:
    case MR_ITAG_BIG:
    case MR_TAG_BLOCKQUOTE:
    case MR_TAG_BODY:
    case MR_TAG_BR:
    case MR_TAG_CENTER:
    case MR_TAG_CODE:
    case MR_TAG_DD:
    case MR_TAG_DIV:
    case MR_TAG_DL:
    case MR_TAG_DT:
    case MR_TAG_EM:
    case MR_TAG_EMBED:
    case MR_TAG_H1:
    case MR_TAG_H2:
    case MR_TAG_H3:
    case MR_TAG_H4:
    case MR_TAG_H5:
    case MR_TAG_H6:
    case MR_TAG_HEAD:
    case MR_TAG_HR:
    case MR_TAG_I:
    case MR_TAG_IMG:
    case MR_TAG_LI:
    case MR_ITAG_LISTING:
    case MR_TAG_MENU:
    case MR_TAG_META:
    case MR_ITAG_NOBR:
    case MR_TAG_OL:
    case MR_TAG_P:
    case MR_TAG_PRE:
    case MR_TAG_RUBY:
    case MR_TAG_S:
    case MR_TAG_SMALL:
    case MR_TAG_SPAN:
    case MR_TAG_STRONG:
    case MR_TAG_STRIKE:
    case MR_TAG_SUB:
    case MR_TAG_SUP:
    case MR_TAG_TABLE:
    case MR_TAG_TT:
    case MR_TAG_U:
    case MR_TAG_UL:
    case MR_TAG_VAR:
        return true;
    case MR_TAG_FONT:
        for (size_t i = 0; i < tok->nattrs; i++) {
            const mr_html_raw_attr *a = &tok->attrs[i];
            const char *n = tz->s + a->name_off;
            if ((a->name_len == 5 && strncasecmp(n, "color", 5) == 0) ||
                (a->name_len == 4 && strncasecmp(n, "face", 4) == 0) ||
                (a->name_len == 4 && strncasecmp(n, "size", 4) == 0))
                return true;
        }
        return false;
    default:
        return false;
    }
}

/* Elements inside svg/math whose content is HTML again. */
static bool is_integration_point(const mr_html_token *tok) {
    static const char *const names[] = {"foreignobject", "desc", "title", "mi", "mo", "mn", "ms",
                                        "mtext"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(tok->name, names[i]) == 0) return true;
    return false;
}

#define FOREIGN_DEPTH 64

static uint32_t name_hash(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Skips an svg or math subtree (the tokenizer is just past its start tag).
 * Returns true when it stopped at a token that ends the subtree in a browser
 * and must be handled as HTML (left in *tok). */
static bool skip_foreign(mr_html_tokenizer *tz, const mr_html_tree *t, mr_html_token *tok,
                         const char *root_name) {
    struct {
        uint32_t hash, len;
        bool integration;
    } open[FOREIGN_DEPTH];
    unsigned depth = 1, integration = 0, flattened = 0;
    open[0].len = (uint32_t)strlen(root_name);
    open[0].hash = name_hash(root_name, open[0].len);
    open[0].integration = false;
    bool result = false;
    tz->foreign = true;
    for (;;) {
        mr_html_next_token(tz, tok);
        if (tok->kind == MR_HTML_TOK_EOF) break;
        if (tok->kind == MR_HTML_TOK_TEXT) continue;
        uint32_t h = name_hash(tok->name, tok->name_len);
        if (tok->kind == MR_HTML_TOK_START) {
            if (!integration && breaks_out_of_foreign(tz, tok)) {
                result = true;
                break;
            }
            if (integration) {
                enum content_kind kind = content_kind(tok->itag);
                if (kind == CONTENT_SCRIPT || kind == CONTENT_RAW_DROP ||
                    kind == CONTENT_RAW_KEEP || kind == CONTENT_RCDATA) {
                    skip_raw(tz, tok->itag);
                    continue;
                }
            }
            if (tok->self_closing) continue;
            if (depth == FOREIGN_DEPTH) {
                flattened++;
                continue;
            }
            bool ip = is_integration_point(tok);
            open[depth].hash = h;
            open[depth].len = (uint32_t)tok->name_len;
            open[depth].integration = ip;
            depth++;
            integration += ip;
            continue;
        }
        /* An end tag closes the innermost open element of its name. */
        if (flattened) {
            flattened--;
            continue;
        }
        unsigned k = depth;
        while (k > 0 && !(open[k - 1].hash == h && open[k - 1].len == tok->name_len)) k--;
        if (k > 0) {
            while (depth >= k) {
                depth--;
                integration -= open[depth].integration;
                if (depth == 0) break;
            }
            if (depth == 0) break;
            continue;
        }
        /* An end tag that closes an open HTML element ends the subtree. */
        if (mr_html_tree_end_closes(t, tok)) {
            result = true;
            break;
        }
    }
    tz->foreign = false;
    return result;
}

/* Skips a template's content, template elements nesting. */
static void skip_template(mr_html_tokenizer *tz, mr_html_token *tok) {
    size_t depth = 1;
    for (;;) {
        mr_html_next_token(tz, tok);
        if (tok->kind == MR_HTML_TOK_EOF) return;
        if (tok->kind == MR_HTML_TOK_START) {
            enum content_kind kind = content_kind(tok->itag);
            if (kind == CONTENT_TEMPLATE) {
                depth++;
            } else if (kind == CONTENT_SCRIPT || kind == CONTENT_RAW_DROP ||
                       kind == CONTENT_RAW_KEEP || kind == CONTENT_RCDATA) {
                skip_raw(tz, tok->itag);
            }
        } else if (tok->kind == MR_HTML_TOK_END && tok->itag == MR_TAG_TEMPLATE) {
            if (--depth == 0) return;
        }
    }
}

/* The content of an element that is not markup; returns true when a token
 * was left in *tok for the main loop to handle. */
static bool element_content(mr_html_tokenizer *tz, mr_html_tree *t, mr_node *node,
                            mr_html_token *tok) {
    unsigned itag = tok->itag;
    const char *text;
    size_t len, offset = tz->pos;
    switch (content_kind(itag)) {
    case CONTENT_SCRIPT:
        mr_html_raw_text(tz, "script", 6, true, &text, &len);
        if (node && is_ld_json(node)) mr_html_tree_leaf_text(t, node, text, len, offset);
        return false;
    case CONTENT_RAW_DROP:
        skip_raw(tz, itag);
        return false;
    case CONTENT_RAW_KEEP:
        mr_html_raw_text(tz, "xmp", 3, false, &text, &len);
        mr_html_tree_leaf_text(t, node, text, len, offset);
        return false;
    case CONTENT_RCDATA: {
        const char *name = mr_html_itag_name(itag);
        mr_html_raw_text(tz, name, strlen(name), false, &text, &len);
        if (memchr(text, 0, len)) text = mr_html_replace_nuls(t->arena, text, len, &len);
        if (memchr(text, '&', len)) text = mr_html_decode(t->arena, text, len, false, &len);
        mr_html_tree_leaf_text(t, node, text, len, offset);
        return false;
    }
    case CONTENT_FOREIGN:
        if (tok->self_closing) return false;
        return skip_foreign(tz, t, tok, mr_html_itag_name(itag));
    case CONTENT_TEMPLATE:
        skip_template(tz, tok);
        return false;
    case CONTENT_PLAINTEXT:
        mr_html_rest_as_text(tz, &text, &len);
        mr_html_tree_leaf_text(t, node, text, len, offset);
        return false;
    default:
        return false;
    }
}

/* A copy of text without its NUL bytes: browsers drop them from page text. */
static const char *drop_nuls(mr_arena *arena, const char *text, size_t *len) {
    char *out = mr_arena_alloc(arena, *len + 1);
    size_t o = 0;
    for (size_t i = 0; i < *len; i++)
        if (text[i]) out[o++] = text[i];
    out[o] = 0;
    *len = o;
    return out;
}

mr_html_doc *mr_html_parse(const char *html, size_t len, mr_arena *arena) {
    mr_html_doc *doc = mr_arena_calloc(arena, 1, sizeof(*doc));
    mr_node *root = mr_arena_calloc(arena, 1, sizeof(*root));
    root->tag = MR_TAG_DOCUMENT;
    root->name = mr_tag_name(MR_TAG_DOCUMENT);
    doc->root = root;
    doc->nodes = 1;
    if (!html) len = 0;
    if (len > UINT32_MAX) { /* offsets are 32-bit; no page is this big */
        len = UINT32_MAX;
        doc->truncated = true;
    }

    mr_html_tree *t = mr_arena_alloc(arena, sizeof(*t));
    mr_html_tree_init(t, doc, arena, html);
    mr_html_tokenizer tz;
    mr_html_tokenizer_init(&tz, html, len);
    mr_html_token tok;
    bool pending = false;
    for (;;) {
        if (!pending) mr_html_next_token(&tz, &tok);
        pending = false;
        if (tok.kind == MR_HTML_TOK_EOF) break;
        if (doc->nodes >= MR_HTML_MAX_NODES) {
            doc->truncated = true;
            break;
        }
        switch (tok.kind) {
        case MR_HTML_TOK_TEXT: {
            const char *text = tok.text;
            size_t n = tok.text_len;
            if (tok.text_has_nul) text = drop_nuls(arena, text, &n);
            if (tok.text_has_amp) text = mr_html_decode(arena, text, n, false, &n);
            if (n) mr_html_tree_text(t, text, n, tok.offset);
            break;
        }
        case MR_HTML_TOK_START: {
            mr_node *node = mr_html_tree_start(t, &tok);
            /* A raw-text tag the tree builder ignored (a <style> inside
             * <select>, say) does not switch the tokenizer, as in browsers. */
            if (node) pending = element_content(&tz, t, node, &tok);
            break;
        }
        case MR_HTML_TOK_END:
            mr_html_tree_end(t, &tok);
            break;
        default:
            break;
        }
    }
    mr_html_tree_finish(t);
    if (tz.truncated) doc->truncated = true;
    mr_html_tokenizer_free(&tz);
    return doc;
}

const char *mr_html_check(const mr_html_doc *doc) {
    const mr_node *root = doc->root;
    if (!root || root->tag != MR_TAG_DOCUMENT || root->parent || root->next || root->prev)
        return "bad root";
    size_t seen = 0;
    const mr_node *n = root;
    while (n) {
        seen++;
        if (seen > doc->nodes) return "more nodes reachable than built (a cycle?)";
        if (n->tag >= MR_TAG_COUNT) return "bad tag";
        if (n->tag == MR_TAG_TEXT) {
            if (n->first_child || n->name) return "text node with children or a name";
            if (n->text_len && !n->text) return "text node without text";
        } else {
            if (!n->name) return "element without a name";
            if (n->nattrs && !n->attrs) return "attributes missing";
            for (uint16_t i = 0; i < n->nattrs; i++)
                if (!n->attrs[i].name || !n->attrs[i].value)
                    return "attribute without name or value";
        }
        if (n->first_child) {
            if (n->first_child->prev || n->first_child->parent != n) return "bad first child";
            if (!n->last_child || n->last_child->next || n->last_child->parent != n)
                return "bad last child";
            n = n->first_child;
            continue;
        }
        if (n->last_child) return "last child without first child";
        while (n) {
            if (n->next) {
                if (n->next->prev != n || n->next->parent != n->parent) return "bad sibling link";
                n = n->next;
                break;
            }
            if (n->parent && n->parent->last_child != n) return "last sibling is not last child";
            n = n->parent;
        }
    }
    if (seen != doc->nodes) return "fewer nodes reachable than built";
    if (doc->html && doc->html->parent != root) return "html not under the root";
    if (doc->body && doc->body->parent != doc->html) return "body not under html";
    if (doc->head && doc->head->parent != doc->html) return "head not under html";
    return NULL;
}
