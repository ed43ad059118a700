/* The HTML tokenizer: splits UTF-8 HTML into text runs and tags, skipping
 * comments, doctypes and processing instructions, following the HTML5
 * tokenizer where it matters for text and departing from it only to recover
 * text a browser would lose (an unclosed comment, quote or raw-text element
 * at the end of a truncated page). Text runs are slices of the input; the
 * tree builder decides whether they need decoding. */
#include "html/html_internal.h"

#include "util/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Character classes for the tag scanner's loops (one lookup per byte). */
enum { C_SPACE = 1, C_SLASH = 2, C_GT = 4, C_EQ = 8 };
static const uint8_t char_class[256] = {
    [' '] = C_SPACE,  ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\r'] = C_SPACE,
    ['\f'] = C_SPACE, ['/'] = C_SLASH,  ['>'] = C_GT,     ['='] = C_EQ,
};
#define CLASS(c) char_class[(unsigned char)(c)]

static inline bool is_space(unsigned char c) {
    return char_class[c] == C_SPACE;
}

static inline bool is_alpha(unsigned char c) {
    return (unsigned char)((c | 0x20) - 'a') < 26;
}

static inline char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

void mr_html_tokenizer_init(mr_html_tokenizer *tz, const char *s, size_t len) {
    memset(tz, 0, sizeof(*tz));
    tz->s = s;
    tz->len = len;
}

void mr_html_tokenizer_free(mr_html_tokenizer *tz) {
    free(tz->name_buf);
    free(tz->attrs);
    tz->name_buf = NULL;
    tz->attrs = NULL;
}

/* Whether '<' at s[i] begins markup (a tag, end tag, comment, doctype or
 * processing instruction) rather than being a literal character. */
static inline bool starts_markup(const mr_html_tokenizer *tz, size_t i) {
    if (i + 1 >= tz->len) return false;
    unsigned char c = (unsigned char)tz->s[i + 1];
    return is_alpha(c) || c == '/' || c == '!' || c == '?';
}

/* Position of the next '>' at or after i, or len. */
static size_t find_gt(const mr_html_tokenizer *tz, size_t i) {
    if (i >= tz->len) return tz->len;
    const char *gt = memchr(tz->s + i, '>', tz->len - i);
    return gt ? (size_t)(gt - tz->s) : tz->len;
}

/* Skips "<!--...-->" starting at i (which points at '<'). A comment that
 * never ends is taken to end at its first '>' (a browser would swallow the
 * rest of the page). */
static size_t skip_comment(mr_html_tokenizer *tz, size_t i) {
    const char *s = tz->s;
    size_t p = i + 4;
    /* "<!-->" and "<!--->" are complete (empty) comments. */
    if (p < tz->len && s[p] == '>') return p + 1;
    if (p + 1 < tz->len && s[p] == '-' && s[p + 1] == '>') return p + 2;
    while (p < tz->len) {
        const char *dash = memchr(s + p, '-', tz->len - p);
        if (!dash) break;
        size_t d = (size_t)(dash - s);
        if (d + 2 < tz->len && s[d + 1] == '-') {
            if (s[d + 2] == '>') return d + 3;
            if (s[d + 2] == '!' && d + 3 < tz->len && s[d + 3] == '>') return d + 4;
        }
        p = d + 1;
    }
    tz->truncated = true;
    size_t gt = find_gt(tz, i + 4);
    return gt < tz->len ? gt + 1 : tz->len;
}

/* Skips "<![CDATA[...]]>" in foreign content. */
static size_t skip_cdata(mr_html_tokenizer *tz, size_t i) {
    size_t p = i + 9;
    while (p + 2 < tz->len) {
        const char *b = memchr(tz->s + p, ']', tz->len - p - 2);
        if (!b) break;
        size_t d = (size_t)(b - tz->s);
        if (tz->s[d + 1] == ']' && tz->s[d + 2] == '>') return d + 3;
        p = d + 1;
    }
    tz->truncated = true;
    return tz->len;
}

static bool has_prefix_ci(const mr_html_tokenizer *tz, size_t i, const char *prefix) {
    size_t n = strlen(prefix);
    return i + n <= tz->len && strncasecmp(tz->s + i, prefix, n) == 0;
}

static void set_name(mr_html_tokenizer *tz, mr_html_token *tok, size_t start, size_t end) {
    size_t n = end - start;
    if (n + 1 > tz->name_cap) MR_GROW(tz->name_buf, tz->name_cap, n + 1);
    for (size_t k = 0; k < n; k++) tz->name_buf[k] = lower(tz->s[start + k]);
    tz->name_buf[n] = 0;
    tok->name = tz->name_buf;
    tok->name_len = n;
    tok->itag = mr_html_itag_lookup(tz->name_buf, n);
}

static void add_attr(mr_html_tokenizer *tz, size_t *nattrs, size_t name_off, size_t name_len,
                     size_t value_off, size_t value_len) {
    if (*nattrs >= MR_HTML_MAX_ATTRS || name_len > UINT32_MAX || value_len > UINT32_MAX) return;
    /* The first of two same-named attributes wins. */
    for (size_t k = 0; k < *nattrs; k++) {
        const mr_html_raw_attr *a = &tz->attrs[k];
        if (a->name_len == name_len &&
            strncasecmp(tz->s + a->name_off, tz->s + name_off, name_len) == 0)
            return;
    }
    if (*nattrs + 1 > tz->attrs_cap) MR_GROW(tz->attrs, tz->attrs_cap, *nattrs + 1);
    tz->attrs[(*nattrs)++] = (mr_html_raw_attr){
        (uint32_t)name_off, (uint32_t)name_len, (uint32_t)value_off, (uint32_t)value_len,
        value_len && memchr(tz->s + value_off, '&', value_len) != NULL};
}

/* Parses a start or end tag whose name starts at name_start, reading no
 * further than limit. Returns the position after the tag's '>', or SIZE_MAX
 * when the tag does not end before limit. */
static size_t parse_tag(mr_html_tokenizer *tz, mr_html_token *tok, size_t name_start,
                        size_t limit) {
    const char *s = tz->s;
    size_t p = name_start;
    while (p < limit && !(CLASS(s[p]) & (C_SPACE | C_SLASH | C_GT))) p++;
    set_name(tz, tok, name_start, p);
    size_t nattrs = 0;
    tok->self_closing = false;
    for (;;) {
        while (p < limit && (CLASS(s[p]) & (C_SPACE | C_SLASH))) {
            if (s[p] == '/' && p + 1 < limit && s[p + 1] == '>') {
                tok->self_closing = true;
                p++;
                break;
            }
            p++;
        }
        if (p >= limit) break;
        if (s[p] == '>') {
            tok->attrs = tz->attrs;
            tok->nattrs = nattrs;
            return p + 1;
        }
        tok->self_closing = false;
        size_t an = p++; /* a leading '=' belongs to the name */
        while (p < limit && !(CLASS(s[p]) & (C_SPACE | C_SLASH | C_GT | C_EQ))) p++;
        size_t an_end = p;
        while (p < limit && is_space((unsigned char)s[p])) p++;
        size_t vo = p, vl = 0;
        if (p < limit && s[p] == '=') {
            p++;
            while (p < limit && is_space((unsigned char)s[p])) p++;
            if (p < limit && (s[p] == '"' || s[p] == '\'')) {
                const char *q = memchr(s + p + 1, s[p], limit - p - 1);
                if (!q) break;
                vo = p + 1;
                vl = (size_t)(q - s) - vo;
                p = (size_t)(q - s) + 1;
            } else {
                vo = p;
                while (p < limit && !(CLASS(s[p]) & (C_SPACE | C_GT))) p++;
                vl = p - vo;
            }
        }
        add_attr(tz, &nattrs, an, an_end - an, vo, vl);
    }
    tok->attrs = tz->attrs;
    tok->nattrs = nattrs;
    return SIZE_MAX;
}

/* A tag starting at '<' (position lt). When the input ends inside it (an
 * unclosed quote, say), the tag is cut at its first '>' instead of being
 * dropped with the rest of the page; with no '>' at all it is dropped. */
static bool read_tag(mr_html_tokenizer *tz, mr_html_token *tok, size_t lt, bool end_tag) {
    size_t name_start = lt + (end_tag ? 2 : 1);
    size_t after = parse_tag(tz, tok, name_start, tz->len);
    if (after == SIZE_MAX) {
        tz->truncated = true;
        size_t gt = find_gt(tz, name_start);
        if (gt >= tz->len) {
            tz->pos = tz->len;
            return false;
        }
        after = parse_tag(tz, tok, name_start, gt);
        if (after == SIZE_MAX) after = gt + 1;
    }
    tok->kind = end_tag ? MR_HTML_TOK_END : MR_HTML_TOK_START;
    tok->offset = lt;
    if (end_tag) tok->nattrs = 0;
    tz->pos = after;
    return true;
}

void mr_html_next_token(mr_html_tokenizer *tz, mr_html_token *tok) {
    const char *s = tz->s;
    for (;;) {
        size_t i = tz->pos;
        if (i >= tz->len) {
            tok->kind = MR_HTML_TOK_EOF;
            tok->offset = tz->len;
            return;
        }
        if (s[i] != '<' || !starts_markup(tz, i)) {
            /* Text up to the next '<' that starts markup. */
            size_t p = i + 1;
            for (;;) {
                const char *lt = p < tz->len ? memchr(s + p, '<', tz->len - p) : NULL;
                if (!lt) {
                    p = tz->len;
                    break;
                }
                p = (size_t)(lt - s);
                if (starts_markup(tz, p)) break;
                p++;
            }
            tok->kind = MR_HTML_TOK_TEXT;
            tok->offset = i;
            tok->text = s + i;
            tok->text_len = p - i;
            tok->text_has_amp = memchr(s + i, '&', p - i) != NULL;
            tok->text_has_nul = memchr(s + i, 0, p - i) != NULL;
            tz->pos = p;
            return;
        }
        unsigned char c = (unsigned char)s[i + 1];
        if (is_alpha(c)) {
            if (read_tag(tz, tok, i, false)) return;
            continue;
        }
        if (c == '/') {
            unsigned char c2 = i + 2 < tz->len ? (unsigned char)s[i + 2] : 0;
            if (is_alpha(c2)) {
                if (read_tag(tz, tok, i, true)) return;
                continue;
            }
            if (c2 == '>') {
                tz->pos = i + 3; /* "</>" is nothing */
                continue;
            }
            if (i + 2 >= tz->len) { /* "</" at the very end is text */
                tok->kind = MR_HTML_TOK_TEXT;
                tok->offset = i;
                tok->text = s + i;
                tok->text_len = tz->len - i;
                tok->text_has_amp = false;
                tok->text_has_nul = false;
                tz->pos = tz->len;
                return;
            }
            /* "</ ..." and the like: a bogus comment up to '>'. */
            size_t gt = find_gt(tz, i + 2);
            tz->pos = gt < tz->len ? gt + 1 : tz->len;
            continue;
        }
        if (c == '!') {
            if (has_prefix_ci(tz, i, "<!--")) {
                tz->pos = skip_comment(tz, i);
            } else if (tz->foreign && has_prefix_ci(tz, i, "<![CDATA[")) {
                tz->pos = skip_cdata(tz, i);
            } else { /* doctype, or a bogus comment */
                size_t gt = find_gt(tz, i + 2);
                tz->pos = gt < tz->len ? gt + 1 : tz->len;
            }
            continue;
        }
        /* '?': a processing instruction, a bogus comment for HTML. */
        size_t gt = find_gt(tz, i + 2);
        tz->pos = gt < tz->len ? gt + 1 : tz->len;
    }
}

/* Where text resumes after a raw-text element that is never closed: at the
 * first '<' that starts markup (at the start of a line when asked). */
static size_t recovery_point(const mr_html_tokenizer *tz, size_t from, bool line_start) {
    const char *s = tz->s;
    size_t p = from;
    while (p < tz->len) {
        const char *lt = memchr(s + p, '<', tz->len - p);
        if (!lt) break;
        size_t i = (size_t)(lt - s);
        if (starts_markup(tz, i)) {
            if (!line_start) return i;
            size_t b = i;
            while (b > from && (s[b - 1] == ' ' || s[b - 1] == '\t')) b--;
            if (b > from && (s[b - 1] == '\n' || s[b - 1] == '\r')) return i;
        }
        p = i + 1;
    }
    return tz->len;
}

/* Whether s[i] starts "<name" or "</name" followed by a tag delimiter. */
static bool tag_named_at(const mr_html_tokenizer *tz, size_t i, bool end_tag, const char *name,
                         size_t n) {
    const char *s = tz->s;
    size_t k = i + 1 + end_tag;
    if (k + n >= tz->len || (end_tag && s[i + 1] != '/')) return false;
    if (strncasecmp(s + k, name, n) != 0) return false;
    return CLASS(s[k + n]) & (C_SPACE | C_SLASH | C_GT);
}

/* The end of a script's content. Browsers do not end a script at a
 * "</script>" inside "<!-- ... <script> ... -->" (the "double escaped" state
 * old pages rely on to document.write scripts), so neither does this. */
static size_t script_end(const mr_html_tokenizer *tz, size_t p) {
    enum { DATA, ESCAPED, DOUBLE_ESCAPED } state = DATA;
    const char *s = tz->s;
    while (p < tz->len) {
        size_t i;
        if (state == DATA) {
            const char *lt = memchr(s + p, '<', tz->len - p);
            if (!lt) break;
            i = (size_t)(lt - s);
        } else {
            i = p;
            while (i < tz->len && s[i] != '<' && s[i] != '-') i++;
            if (i >= tz->len) break;
            if (s[i] == '-') {
                if (i + 2 < tz->len && s[i + 1] == '-' && s[i + 2] == '>') {
                    state = DATA;
                    p = i + 3;
                } else {
                    p = i + 1;
                }
                continue;
            }
        }
        if (tag_named_at(tz, i, true, "script", 6)) {
            if (state != DOUBLE_ESCAPED) return i;
            state = ESCAPED;
            p = i + 8;
            continue;
        }
        if (state == DATA && i + 3 < tz->len && memcmp(s + i, "<!--", 4) == 0) {
            state = ESCAPED;
            p = i + 2; /* at the dashes, so "<!-->" closes at once */
            continue;
        }
        if (state == ESCAPED && tag_named_at(tz, i, false, "script", 6)) {
            state = DOUBLE_ESCAPED;
            p = i + 7;
            continue;
        }
        p = i + 1;
    }
    return SIZE_MAX;
}

void mr_html_raw_text(mr_html_tokenizer *tz, const char *name, size_t name_len,
                      bool line_start_recovery, const char **text, size_t *text_len) {
    const char *s = tz->s;
    size_t start = tz->pos, end = SIZE_MAX;
    if (name_len == 6 && memcmp(name, "script", 6) == 0) {
        end = script_end(tz, start);
    } else {
        for (size_t p = start; p < tz->len;) {
            const char *lt = memchr(s + p, '<', tz->len - p);
            if (!lt) break;
            size_t i = (size_t)(lt - s);
            if (tag_named_at(tz, i, true, name, name_len)) {
                end = i;
                break;
            }
            p = i + 1;
        }
    }
    if (end != SIZE_MAX) {
        *text = s + start;
        *text_len = end - start;
        mr_html_token tok;
        if (!read_tag(tz, &tok, end, true)) tz->pos = tz->len;
        return;
    }
    tz->truncated = true;
    size_t resume = recovery_point(tz, start, line_start_recovery);
    *text = s + start;
    *text_len = resume - start;
    tz->pos = resume;
}

void mr_html_rest_as_text(mr_html_tokenizer *tz, const char **text, size_t *text_len) {
    *text = tz->s + tz->pos;
    *text_len = tz->len - tz->pos;
    tz->pos = tz->len;
}
