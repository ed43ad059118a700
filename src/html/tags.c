/* Tag names and their ids (html.h's mr_tag), which tags start a block of
 * text, and attribute lookup on a node. Shared by marsad's HTML parser and the
 * gumbo-based reference tree the tests build. */
#include "html/html_internal.h"

#include <pthread.h>
#include <string.h>

/* Indexed by mr_tag. */
static const char *const tag_names[MR_TAG_COUNT] = {
    [MR_TAG_TEXT] = "#text",
    [MR_TAG_DOCUMENT] = "#document",
    [MR_TAG_OTHER] = "#other",
    [MR_TAG_A] = "a",
    [MR_TAG_ABBR] = "abbr",
    [MR_TAG_ADDRESS] = "address",
    [MR_TAG_ARTICLE] = "article",
    [MR_TAG_ASIDE] = "aside",
    [MR_TAG_AUDIO] = "audio",
    [MR_TAG_B] = "b",
    [MR_TAG_BASE] = "base",
    [MR_TAG_BDI] = "bdi",
    [MR_TAG_BDO] = "bdo",
    [MR_TAG_BLOCKQUOTE] = "blockquote",
    [MR_TAG_BODY] = "body",
    [MR_TAG_BR] = "br",
    [MR_TAG_BUTTON] = "button",
    [MR_TAG_CAPTION] = "caption",
    [MR_TAG_CENTER] = "center",
    [MR_TAG_CITE] = "cite",
    [MR_TAG_CODE] = "code",
    [MR_TAG_COL] = "col",
    [MR_TAG_COLGROUP] = "colgroup",
    [MR_TAG_DD] = "dd",
    [MR_TAG_DEL] = "del",
    [MR_TAG_DETAILS] = "details",
    [MR_TAG_DFN] = "dfn",
    [MR_TAG_DIALOG] = "dialog",
    [MR_TAG_DIV] = "div",
    [MR_TAG_DL] = "dl",
    [MR_TAG_DT] = "dt",
    [MR_TAG_EM] = "em",
    [MR_TAG_EMBED] = "embed",
    [MR_TAG_FIELDSET] = "fieldset",
    [MR_TAG_FIGCAPTION] = "figcaption",
    [MR_TAG_FIGURE] = "figure",
    [MR_TAG_FONT] = "font",
    [MR_TAG_FOOTER] = "footer",
    [MR_TAG_FORM] = "form",
    [MR_TAG_H1] = "h1",
    [MR_TAG_H2] = "h2",
    [MR_TAG_H3] = "h3",
    [MR_TAG_H4] = "h4",
    [MR_TAG_H5] = "h5",
    [MR_TAG_H6] = "h6",
    [MR_TAG_HEAD] = "head",
    [MR_TAG_HEADER] = "header",
    [MR_TAG_HGROUP] = "hgroup",
    [MR_TAG_HR] = "hr",
    [MR_TAG_HTML] = "html",
    [MR_TAG_I] = "i",
    [MR_TAG_IFRAME] = "iframe",
    [MR_TAG_IMG] = "img",
    [MR_TAG_INPUT] = "input",
    [MR_TAG_INS] = "ins",
    [MR_TAG_KBD] = "kbd",
    [MR_TAG_LABEL] = "label",
    [MR_TAG_LEGEND] = "legend",
    [MR_TAG_LI] = "li",
    [MR_TAG_LINK] = "link",
    [MR_TAG_MAIN] = "main",
    [MR_TAG_MARK] = "mark",
    [MR_TAG_MATH] = "math",
    [MR_TAG_MENU] = "menu",
    [MR_TAG_META] = "meta",
    [MR_TAG_NAV] = "nav",
    [MR_TAG_NOSCRIPT] = "noscript",
    [MR_TAG_OBJECT] = "object",
    [MR_TAG_OL] = "ol",
    [MR_TAG_OPTGROUP] = "optgroup",
    [MR_TAG_OPTION] = "option",
    [MR_TAG_P] = "p",
    [MR_TAG_PICTURE] = "picture",
    [MR_TAG_PRE] = "pre",
    [MR_TAG_Q] = "q",
    [MR_TAG_RP] = "rp",
    [MR_TAG_RT] = "rt",
    [MR_TAG_RUBY] = "ruby",
    [MR_TAG_S] = "s",
    [MR_TAG_SAMP] = "samp",
    [MR_TAG_SCRIPT] = "script",
    [MR_TAG_SECTION] = "section",
    [MR_TAG_SELECT] = "select",
    [MR_TAG_SMALL] = "small",
    [MR_TAG_SOURCE] = "source",
    [MR_TAG_SPAN] = "span",
    [MR_TAG_STRIKE] = "strike",
    [MR_TAG_STRONG] = "strong",
    [MR_TAG_STYLE] = "style",
    [MR_TAG_SUB] = "sub",
    [MR_TAG_SUMMARY] = "summary",
    [MR_TAG_SUP] = "sup",
    [MR_TAG_SVG] = "svg",
    [MR_TAG_TABLE] = "table",
    [MR_TAG_TBODY] = "tbody",
    [MR_TAG_TD] = "td",
    [MR_TAG_TEMPLATE] = "template",
    [MR_TAG_TEXTAREA] = "textarea",
    [MR_TAG_TFOOT] = "tfoot",
    [MR_TAG_TH] = "th",
    [MR_TAG_THEAD] = "thead",
    [MR_TAG_TIME] = "time",
    [MR_TAG_TITLE] = "title",
    [MR_TAG_TR] = "tr",
    [MR_TAG_TT] = "tt",
    [MR_TAG_U] = "u",
    [MR_TAG_UL] = "ul",
    [MR_TAG_VAR] = "var",
    [MR_TAG_VIDEO] = "video",
    [MR_TAG_WBR] = "wbr",
};

/* Names of the internal ids past html.h's enum (see html_internal.h). */
static const char *const extra_names[MR_ITAG_COUNT - MR_TAG_COUNT] = {
    [MR_ITAG_APPLET - MR_TAG_COUNT] = "applet",
    [MR_ITAG_AREA - MR_TAG_COUNT] = "area",
    [MR_ITAG_BASEFONT - MR_TAG_COUNT] = "basefont",
    [MR_ITAG_BGSOUND - MR_TAG_COUNT] = "bgsound",
    [MR_ITAG_BIG - MR_TAG_COUNT] = "big",
    [MR_ITAG_DIR - MR_TAG_COUNT] = "dir",
    [MR_ITAG_FRAME - MR_TAG_COUNT] = "frame",
    [MR_ITAG_FRAMESET - MR_TAG_COUNT] = "frameset",
    [MR_ITAG_IMAGE - MR_TAG_COUNT] = "image",
    [MR_ITAG_KEYGEN - MR_TAG_COUNT] = "keygen",
    [MR_ITAG_LISTING - MR_TAG_COUNT] = "listing",
    [MR_ITAG_MARQUEE - MR_TAG_COUNT] = "marquee",
    [MR_ITAG_NOBR - MR_TAG_COUNT] = "nobr",
    [MR_ITAG_NOEMBED - MR_TAG_COUNT] = "noembed",
    [MR_ITAG_NOFRAMES - MR_TAG_COUNT] = "noframes",
    [MR_ITAG_PARAM - MR_TAG_COUNT] = "param",
    [MR_ITAG_PLAINTEXT - MR_TAG_COUNT] = "plaintext",
    [MR_ITAG_RB - MR_TAG_COUNT] = "rb",
    [MR_ITAG_RTC - MR_TAG_COUNT] = "rtc",
    [MR_ITAG_SEARCH - MR_TAG_COUNT] = "search",
    [MR_ITAG_TRACK - MR_TAG_COUNT] = "track",
    [MR_ITAG_XMP - MR_TAG_COUNT] = "xmp",
};

const char *mr_html_itag_name(unsigned itag) {
    if (itag < MR_TAG_COUNT) return tag_names[itag];
    if (itag < MR_ITAG_COUNT) return extra_names[itag - MR_TAG_COUNT];
    return "#invalid";
}

/* Tag lookup is on the parser's hot path (every tag of every page), so the
 * names go into an open-addressing table built once. */
#define TAG_SLOTS 512
typedef struct tag_slot {
    const char *name; /* NULL: empty */
    uint8_t len;
    uint16_t itag;
} tag_slot;
static tag_slot tag_table[TAG_SLOTS];
static pthread_once_t tag_table_once = PTHREAD_ONCE_INIT;

static unsigned tag_hash(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return (h ^ (h >> 15)) & (TAG_SLOTS - 1);
}

static void build_tag_table(void) {
    for (unsigned itag = MR_TAG_A; itag < MR_ITAG_COUNT; itag++) {
        const char *name = mr_html_itag_name(itag);
        size_t n = strlen(name);
        unsigned h = tag_hash(name, n);
        while (tag_table[h].name) h = (h + 1) & (TAG_SLOTS - 1);
        tag_table[h] = (tag_slot){name, (uint8_t)n, (uint16_t)itag};
    }
}

unsigned mr_html_itag_lookup(const char *name, size_t len) {
    if (len == 0 || len > 10) return MR_TAG_OTHER; /* "blockquote" is the longest */
    pthread_once(&tag_table_once, build_tag_table);
    unsigned h = tag_hash(name, len);
    for (;;) {
        const tag_slot *slot = &tag_table[h];
        if (!slot->name) return MR_TAG_OTHER;
        if (slot->len == len && memcmp(slot->name, name, len) == 0) return slot->itag;
        h = (h + 1) & (TAG_SLOTS - 1);
    }
}

mr_tag mr_tag_lookup(const char *name, size_t len) {
    return mr_html_public_tag(mr_html_itag_lookup(name, len));
}

const char *mr_tag_name(mr_tag tag) {
    return (unsigned)tag < MR_TAG_COUNT ? tag_names[tag] : "#invalid";
}

bool mr_tag_is_block(mr_tag tag) {
    switch (tag) {
    case MR_TAG_DOCUMENT:
    case MR_TAG_ADDRESS:
    case MR_TAG_ARTICLE:
    case MR_TAG_ASIDE:
    case MR_TAG_BLOCKQUOTE:
    case MR_TAG_BODY:
    case MR_TAG_BR:
    case MR_TAG_CAPTION:
    case MR_TAG_CENTER:
    case MR_TAG_DD:
    case MR_TAG_DETAILS:
    case MR_TAG_DIALOG:
    case MR_TAG_DIV:
    case MR_TAG_DL:
    case MR_TAG_DT:
    case MR_TAG_FIELDSET:
    case MR_TAG_FIGCAPTION:
    case MR_TAG_FIGURE:
    case MR_TAG_FOOTER:
    case MR_TAG_FORM:
    case MR_TAG_H1:
    case MR_TAG_H2:
    case MR_TAG_H3:
    case MR_TAG_H4:
    case MR_TAG_H5:
    case MR_TAG_H6:
    case MR_TAG_HEAD:
    case MR_TAG_HEADER:
    case MR_TAG_HGROUP:
    case MR_TAG_HR:
    case MR_TAG_HTML:
    case MR_TAG_LEGEND:
    case MR_TAG_LI:
    case MR_TAG_MAIN:
    case MR_TAG_MENU:
    case MR_TAG_NAV:
    case MR_TAG_OL:
    case MR_TAG_OPTGROUP:
    case MR_TAG_OPTION:
    case MR_TAG_P:
    case MR_TAG_PRE:
    case MR_TAG_SCRIPT:
    case MR_TAG_SECTION:
    case MR_TAG_SELECT:
    case MR_TAG_SUMMARY:
    case MR_TAG_TABLE:
    case MR_TAG_TBODY:
    case MR_TAG_TD:
    case MR_TAG_TEXTAREA:
    case MR_TAG_TFOOT:
    case MR_TAG_TH:
    case MR_TAG_THEAD:
    case MR_TAG_TITLE:
    case MR_TAG_TR:
    case MR_TAG_UL:
        return true;
    default:
        return false;
    }
}

const char *mr_node_attr(const mr_node *node, const char *name) {
    if (!node) return NULL;
    for (uint16_t i = 0; i < node->nattrs; i++) {
        if (strcmp(node->attrs[i].name, name) == 0) return node->attrs[i].value;
    }
    return NULL;
}
