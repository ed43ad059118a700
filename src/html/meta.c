/* Metadata of an HTML page: title, publication time, author, outlet,
 * canonical URL and language, from what the page declares about itself
 * (<meta> tags, JSON-LD, <link rel=canonical>, <time>, <html lang>) and from
 * its URL. Each value keeps how it was found. JSON-LD is parsed with jansson:
 * a page has only a few such scripts. */
#include "html/content.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/mem.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Candidates gathered in one walk, resolved afterwards by priority. */
typedef struct gathered {
    const char *og_title, *twitter_title, *title, *h1, *ld_headline;
    const char *og_site_name, *ld_publisher, *app_name;
    const char *og_url, *canonical;
    const char *meta_author, *ld_author;
    const char *ld_date, *ld_any_date, *meta_date, *meta_date_key, *time_date, *time_any_date;
    const char *html_lang, *meta_lang, *og_locale;
    const char *description;
    const char *ld_body;
    size_t ld_body_len;
    const char *ld_org;     /* name of a WebSite / Organization node: a weaker outlet */
    const char *ld_pub_ref; /* the article's publisher given as {"@id": ...} */
    const char *ld_url;     /* the article's or page's absolute URL */
    struct {
        const char *id, *name;
    } ld_names[32]; /* "@id" → "name" of the graph's nodes, to resolve references */
    size_t nld_names;
    mr_arena *arena;
} gathered;

static bool eq_ci(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (char)(y + 32);
        if (x != y) return false;
    }
    return *a == *b;
}

static bool starts_ci(const char *s, const char *prefix) {
    for (; *prefix; s++, prefix++) {
        char x = *s;
        if (x >= 'A' && x <= 'Z') x = (char)(x + 32);
        if (x != *prefix) return false;
    }
    return true;
}

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* s with white space collapsed and trimmed (also the no-break space), in
 * arena; NULL when nothing is left. */
static const char *clean_text(mr_arena *arena, const char *s, size_t n) {
    if (!s) return NULL;
    char *out = mr_arena_alloc(arena, n + 1);
    size_t k = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space((char)c) || (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0)) {
            if (c == 0xC2) i++;
            space = k > 0;
            continue;
        }
        if (space) out[k++] = ' ';
        space = false;
        out[k++] = (char)c;
    }
    out[k] = 0;
    return k ? out : NULL;
}

/* Text content of an element (its text nodes, in order), white space
 * collapsed; at most max bytes are gathered. */
static const char *node_text(mr_arena *arena, const mr_node *n, size_t max) {
    mr_buf b = MR_BUF_INIT;
    const mr_node *c = n->first_child;
    while (c && b.len < max) {
        if (c->tag == MR_TAG_TEXT) {
            mr_buf_append(&b, c->text, c->text_len);
        } else if (c->tag == MR_TAG_BR || mr_tag_is_block((mr_tag)c->tag)) {
            mr_buf_putc(&b, ' ');
        }
        if (c->tag != MR_TAG_TEXT && c->first_child && c->tag != MR_TAG_SCRIPT &&
            c->tag != MR_TAG_STYLE) {
            c = c->first_child;
            continue;
        }
        while (c && c != n && !c->next) c = c->parent;
        if (!c || c == n) break;
        c = c->next;
    }
    const char *r = clean_text(arena, b.data, b.len);
    mr_buf_free(&b);
    return r;
}

/* ---- JSON-LD ---- */

static bool article_type(const char *t) {
    static const char *const types[] = {"NewsArticle",
                                        "Article",
                                        "BlogPosting",
                                        "ReportageNews",
                                        "AnalysisNewsArticle",
                                        "OpinionNewsArticle",
                                        "BackgroundNewsArticle",
                                        "ReviewNewsArticle",
                                        "LiveBlogPosting",
                                        "TechArticle",
                                        "Report",
                                        "SocialMediaPosting",
                                        "ScholarlyArticle",
                                        "Blog",
                                        "Posting"};
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (eq_ci(t, types[i])) return true;
    return false;
}

static bool has_article_type(json_t *obj) {
    json_t *t = json_object_get(obj, "@type");
    if (json_is_string(t)) return article_type(json_string_value(t));
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (json_is_string(v) &&
                                        article_type(json_string_value(v))) return true;
    }
    return false;
}

static const char *json_str(json_t *obj, const char *key) {
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) && json_string_length(v) ? json_string_value(v) : NULL;
}

/* The name of a person or organisation field: a string, {"name": ...}, or
 * an array of those (names joined with ", "). */
static const char *json_name(json_t *v, mr_arena *arena) {
    if (json_is_string(v)) return json_string_length(v) ? json_string_value(v) : NULL;
    if (json_is_object(v)) return json_str(v, "name");
    if (json_is_array(v)) {
        mr_buf b = MR_BUF_INIT;
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            const char *name = json_is_object(item)   ? json_str(item, "name")
                               : json_is_string(item) ? json_string_value(item)
                                                      : NULL;
            if (!name || !*name) continue;
            if (b.len) mr_buf_puts(&b, ", ");
            mr_buf_puts(&b, name);
            if (i >= 5) break;
        }
        const char *r = b.len ? mr_arena_strndup(arena, b.data, b.len) : NULL;
        mr_buf_free(&b);
        return r;
    }
    return NULL;
}

static const char *copy_str(mr_arena *arena, const char *s) {
    return s ? clean_text(arena, s, strlen(s)) : NULL;
}

static void ld_object(gathered *g, json_t *obj, int depth);

static void ld_value(gathered *g, json_t *v, int depth) {
    if (depth > 6) return;
    if (json_is_object(v)) {
        ld_object(g, v, depth);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item) {
            if (i >= 64) break;
            ld_value(g, item, depth + 1);
        }
    }
}

static bool is_absolute(const char *u) {
    return u && (starts_ci(u, "http://") || starts_ci(u, "https://"));
}

static void ld_object(gathered *g, json_t *obj, int depth) {
    json_t *graph = json_object_get(obj, "@graph");
    if (graph) ld_value(g, graph, depth + 1);
    const char *id = json_str(obj, "@id"), *name = json_str(obj, "name");
    if (id && name && g->nld_names < sizeof g->ld_names / sizeof *g->ld_names) {
        g->ld_names[g->nld_names].id = copy_str(g->arena, id);
        g->ld_names[g->nld_names].name = copy_str(g->arena, name);
        g->nld_names++;
    }
    if (has_article_type(obj)) {
        if (!g->ld_headline) g->ld_headline = copy_str(g->arena, json_str(obj, "headline"));
        if (!g->ld_date) g->ld_date = copy_str(g->arena, json_str(obj, "datePublished"));
        if (!g->ld_author) {
            const char *a = json_name(json_object_get(obj, "author"), g->arena);
            if (a) g->ld_author = copy_str(g->arena, a);
        }
        if (!g->ld_publisher) {
            json_t *pub = json_object_get(obj, "publisher");
            const char *p = json_name(pub, g->arena);
            if (p)
                g->ld_publisher = copy_str(g->arena, p);
            else if (json_is_object(pub) && json_str(pub, "@id") && !g->ld_pub_ref)
                g->ld_pub_ref = copy_str(g->arena, json_str(pub, "@id"));
        }
        if (!g->ld_url) {
            const char *u = json_str(obj, "url");
            if (!is_absolute(u)) u = json_str(obj, "mainEntityOfPage");
            if (is_absolute(u)) g->ld_url = copy_str(g->arena, u);
        }
        json_t *body = json_object_get(obj, "articleBody");
        if (json_is_string(body) && json_string_length(body) > g->ld_body_len) {
            g->ld_body =
                mr_arena_strndup(g->arena, json_string_value(body), json_string_length(body));
            g->ld_body_len = json_string_length(body);
        }
    } else {
        if (!g->ld_any_date) g->ld_any_date = copy_str(g->arena, json_str(obj, "datePublished"));
        /* An article nested as the main entity of a WebPage. */
        json_t *main = json_object_get(obj, "mainEntity");
        if (main) ld_value(g, main, depth + 1);
    }
    json_t *t = json_object_get(obj, "@type");
    if (json_is_string(t)) {
        const char *type = json_string_value(t);
        if (!g->ld_org && (eq_ci(type, "NewsMediaOrganization") || eq_ci(type, "WebSite") ||
                           eq_ci(type, "Organization")))
            g->ld_org = copy_str(g->arena, json_str(obj, "name"));
        if (eq_ci(type, "WebPage") && !g->ld_url && is_absolute(json_str(obj, "url")))
            g->ld_url = copy_str(g->arena, json_str(obj, "url"));
    }
}

/* Parses one ld+json script. Pages often put raw line breaks inside JSON
 * strings or wrap the script in comment markers; both are tolerated. */
static void read_ld_json(gathered *g, const mr_node *script) {
    mr_buf b = MR_BUF_INIT;
    for (const mr_node *c = script->first_child; c; c = c->next)
        if (c->tag == MR_TAG_TEXT) mr_buf_append(&b, c->text, c->text_len);
    /* Only scripts about an article, a page or a publisher are worth
     * parsing; product catalogues, FAQs and breadcrumbs are skipped unread. */
    if (!b.len ||
        !(memmem(b.data, b.len, "Article", 7) || memmem(b.data, b.len, "Posting", 7) ||
          memmem(b.data, b.len, "datePublished", 13) || memmem(b.data, b.len, "Organization", 12) ||
          memmem(b.data, b.len, "WebPage", 7) || memmem(b.data, b.len, "WebSite", 7))) {
        mr_buf_free(&b);
        return;
    }
    for (size_t i = 0; i < b.len; i++)
        if ((unsigned char)b.data[i] < 0x20) b.data[i] = ' ';
    size_t start = 0, end = b.len;
    while (start < end && b.data[start] != '{' && b.data[start] != '[') start++;
    while (end > start && b.data[end - 1] != '}' && b.data[end - 1] != ']') end--;
    if (end > start) {
        json_error_t err;
        json_t *root = json_loadb(b.data + start, end - start, JSON_DISABLE_EOF_CHECK, &err);
        if (root) {
            ld_value(g, root, 0);
            json_decref(root);
        }
    }
    mr_buf_free(&b);
}

/* ---- <meta> ---- */

static bool date_key(const char *k) {
    static const char *const keys[] = {"article:published_time",
                                       "og:article:published_time",
                                       "article:published",
                                       "og:published_time",
                                       "datepublished",
                                       "pubdate",
                                       "publishdate",
                                       "publish-date",
                                       "publish_date",
                                       "published_time",
                                       "published-date",
                                       "date",
                                       "dc.date",
                                       "dc.date.issued",
                                       "dc.date.created",
                                       "dcterms.date",
                                       "dcterms.issued",
                                       "dcterms.created",
                                       "sailthru.date",
                                       "parsely-pub-date",
                                       "article.published",
                                       "publication_date",
                                       "original-publish-date",
                                       "citation_publication_date",
                                       "citation_date",
                                       "article_date_original",
                                       "cxenseparse:recs:publishtime",
                                       "release_date",
                                       "created",
                                       "dc.created"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (eq_ci(k, keys[i])) return true;
    return false;
}

static void read_meta(gathered *g, const mr_node *n) {
    const char *content = mr_node_attr(n, "content");
    if (!content || !*content) return;
    const char *key = mr_node_attr(n, "property");
    if (!key) key = mr_node_attr(n, "name");
    if (!key) key = mr_node_attr(n, "itemprop");
    const char *equiv = mr_node_attr(n, "http-equiv");
    if (equiv && eq_ci(equiv, "content-language") && !g->meta_lang) g->meta_lang = content;
    if (!key) return;
    mr_arena *a = g->arena;
    if (eq_ci(key, "og:title")) {
        if (!g->og_title) g->og_title = copy_str(a, content);
    } else if (eq_ci(key, "twitter:title")) {
        if (!g->twitter_title) g->twitter_title = copy_str(a, content);
    } else if (eq_ci(key, "og:site_name")) {
        if (!g->og_site_name) g->og_site_name = copy_str(a, content);
    } else if (eq_ci(key, "application-name")) {
        if (!g->app_name) g->app_name = copy_str(a, content);
    } else if (eq_ci(key, "og:url")) {
        if (!g->og_url) g->og_url = copy_str(a, content);
    } else if (eq_ci(key, "author") || eq_ci(key, "article:author") ||
               eq_ci(key, "sailthru.author") || eq_ci(key, "parsely-author") ||
               eq_ci(key, "dc.creator") || eq_ci(key, "byl")) {
        if (!g->meta_author && !starts_ci(content, "http")) g->meta_author = copy_str(a, content);
    } else if (eq_ci(key, "og:locale") || eq_ci(key, "language") || eq_ci(key, "dc.language")) {
        if (!g->og_locale) g->og_locale = content;
    } else if (eq_ci(key, "og:description") || eq_ci(key, "description")) {
        if (!g->description) g->description = copy_str(a, content);
    } else if (date_key(key)) {
        /* article:published_time and its kin win over a bare "date" */
        bool strong = !eq_ci(key, "date") && !eq_ci(key, "created");
        if (!g->meta_date ||
            (strong && g->meta_date_key &&
             (eq_ci(g->meta_date_key, "date") || eq_ci(g->meta_date_key, "created")))) {
            g->meta_date = copy_str(a, content);
            g->meta_date_key = key;
        }
    }
}

static void read_element(gathered *g, const mr_node *n, bool in_body) {
    switch ((mr_tag)n->tag) {
    case MR_TAG_META:
        read_meta(g, n);
        break;
    case MR_TAG_LINK: {
        const char *rel = mr_node_attr(n, "rel");
        const char *href = mr_node_attr(n, "href");
        if (rel && href && *href && eq_ci(rel, "canonical") && !g->canonical)
            g->canonical = copy_str(g->arena, href);
        break;
    }
    case MR_TAG_TITLE:
        if (!g->title && !in_body) g->title = node_text(g->arena, n, 4096);
        break;
    case MR_TAG_HTML: {
        const char *lang = mr_node_attr(n, "lang");
        if (!lang) lang = mr_node_attr(n, "xml:lang");
        if (lang && *lang && !g->html_lang) g->html_lang = lang;
        break;
    }
    case MR_TAG_H1:
        if (!g->h1 && in_body) g->h1 = node_text(g->arena, n, 4096);
        break;
    case MR_TAG_TIME: {
        const char *dt = mr_node_attr(n, "datetime");
        if (!dt || !*dt) break;
        const char *ip = mr_node_attr(n, "itemprop");
        bool pub = (ip && eq_ci(ip, "datePublished")) || mr_node_attr(n, "pubdate");
        if (pub && !g->time_date) g->time_date = copy_str(g->arena, dt);
        if (!g->time_any_date) g->time_any_date = copy_str(g->arena, dt);
        break;
    }
    case MR_TAG_SCRIPT: {
        const char *type = mr_node_attr(n, "type");
        if (type && strstr(type, "ld+json")) read_ld_json(g, n);
        break;
    }
    default: {
        /* itemprop="datePublished" on other elements, and author markup */
        if (!n->nattrs) break;
        const char *ip = mr_node_attr(n, "itemprop");
        if (ip && eq_ci(ip, "datePublished") && !g->time_date) {
            const char *v = mr_node_attr(n, "content");
            if (!v) v = mr_node_attr(n, "datetime");
            if (v && *v) g->time_date = copy_str(g->arena, v);
        }
        break;
    }
    }
}

/* ---- dates ---- */

static int digits(const char *s, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* A date at the start of s in the forms sites write in their metadata:
 * ISO 8601 and its variants ("2019-11-20T10:30:00.000-0500", "2019-11-20
 * 10:30"), via marsad_date_parse_iso first, then the date prefix alone. */
static bool parse_meta_date(const char *s, marsad_date *d) {
    if (!s) return false;
    while (is_space(*s)) s++;
    size_t n = strlen(s);
    while (n && is_space(s[n - 1])) n--;
    if (n == 0) return false;
    if (marsad_date_parse_iso(s, n, d) == 0 && marsad_date_is_complete(d)) return true;
    marsad_date_clear(d);
    if (n >= 10 && (s[4] == '-' || s[4] == '/') && s[7] == s[4]) {
        int y = digits(s, 4), m = digits(s + 5, 2), day = digits(s + 8, 2);
        if (y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && day >= 1 && day <= 31) {
            d->year = (int16_t)y;
            d->month = (int8_t)m;
            d->day = (int8_t)day;
            if (n >= 16 && (s[10] == 'T' || s[10] == ' ') && s[13] == ':') {
                int hh = digits(s + 11, 2), mm = digits(s + 14, 2);
                if (hh >= 0 && hh < 24 && mm >= 0 && mm < 60) {
                    d->hour = (int8_t)hh;
                    d->minute = (int8_t)mm;
                }
            }
            return true;
        }
    }
    /* "Wed, 20 Nov 2019 10:00:00 GMT", "November 20, 2019" */
    marsad_date_match m[2];
    if (marsad_dates_find(s, n, NULL, m, 2) > 0 && marsad_date_is_complete(&m[0].date)) {
        *d = m[0].date;
        return true;
    }
    return false;
}

bool mr_url_date(const char *url, marsad_date *out) {
    if (!url) return false;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    if (!p) return false;
    /* the path, up to a query or fragment */
    size_t n = strcspn(p, "?#");
    for (size_t i = 0; i + 4 <= n; i++) {
        if (p[i] < '0' || p[i] > '9') continue;
        if (i > 0 && p[i - 1] >= '0' && p[i - 1] <= '9') continue;
        int y = digits(p + i, 4);
        if (y < 1995 || y > 2100) continue;
        size_t j = i + 4;
        int m = -1, d = -1;
        if (j < n && (p[j] == '/' || p[j] == '-' || p[j] == '_' || p[j] == '.')) {
            char sep = p[j];
            size_t k = j + 1;
            size_t ml = 0;
            while (k + ml < n && ml < 3 && p[k + ml] >= '0' && p[k + ml] <= '9') ml++;
            if (ml < 1 || ml > 2) continue;
            m = digits(p + k, (int)ml);
            k += ml;
            if (k < n && p[k] == sep) {
                size_t dl = 0;
                while (k + 1 + dl < n && dl < 3 && p[k + 1 + dl] >= '0' && p[k + 1 + dl] <= '9')
                    dl++;
                if (dl >= 1 && dl <= 2) d = digits(p + k + 1, (int)dl);
            }
        } else if (j + 4 <= n) {
            /* 20191120 */
            if (j + 4 < n && p[j + 4] >= '0' && p[j + 4] <= '9') continue;
            m = digits(p + j, 2);
            d = digits(p + j + 2, 2);
        }
        if (m < 1 || m > 12 || d < 1 || d > 31) continue;
        marsad_date_clear(out);
        out->year = (int16_t)y;
        out->month = (int8_t)m;
        out->day = (int8_t)d;
        return true;
    }
    return false;
}

/* ---- titles ---- */

static const char *const separators[] = {" | ", " - ", " – ", " — ", " :: ", " · ",
                                         " » ", " « ", " / ", " : ", " || ", " ｜ "};

/* Lower-case ASCII letters and digits of s, as a comparison key. */
static size_t key_of(const char *s, size_t n, char *out, size_t cap) {
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) out[k++] = (char)c;
    }
    out[k] = 0;
    return k;
}

static bool looks_like_site(const char *seg, size_t n, const char *outlet) {
    char a[256], b[256];
    size_t an = key_of(seg, n, a, sizeof a);
    if (an == 0) return false;
    if (outlet) {
        size_t bn = key_of(outlet, strlen(outlet), b, sizeof b);
        if (bn && (strstr(a, b) || strstr(b, a))) return true;
    }
    return false;
}

static size_t count_words(const char *s, size_t n) {
    size_t w = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = s[i] == ' ';
        if (!sp && !in) w++;
        in = !sp;
    }
    return w;
}

const char *mr_title_clean(const char *title, const char *outlet, mr_arena *arena) {
    if (!title) return NULL;
    size_t n = strlen(title);
    /* the last separator and the first */
    const char *last = NULL, *first = NULL;
    size_t last_len = 0, first_len = 0;
    for (size_t i = 0; i < sizeof separators / sizeof *separators; i++) {
        const char *sep = separators[i];
        size_t sl = strlen(sep);
        for (const char *p = strstr(title, sep); p; p = strstr(p + 1, sep)) {
            if (!first || p < first) first = p, first_len = sl;
            if (!last || p > last) last = p, last_len = sl;
        }
    }
    if (!last) return title;
    const char *tail = last + last_len;
    size_t tail_n = (size_t)(title + n - tail);
    size_t head_n = (size_t)(first - title);
    /* "Title | Site" */
    if (looks_like_site(tail, tail_n, outlet))
        return mr_arena_strndup(arena, title, (size_t)(last - title));
    /* "Site | Title" */
    if (looks_like_site(title, head_n, outlet))
        return mr_arena_strndup(arena, first + first_len, n - head_n - first_len);
    /* No outlet to compare with: a short last segment after " | " or " - "
     * behind a longer title is a site name. */
    size_t tail_words = count_words(tail, tail_n);
    size_t rest_words = count_words(title, (size_t)(last - title));
    bool strong_sep = last[1] == '|' || last[1] == '-' || strncmp(last + 1, "–", 3) == 0 ||
                      strncmp(last + 1, "—", 3) == 0 || last[1] == ':' ||
                      strncmp(last + 1, "·", 2) == 0;
    if (strong_sep && last[1] != ':' && tail_words <= 4 && rest_words >= 3)
        return mr_arena_strndup(arena, title, (size_t)(last - title));
    return title;
}

/* ---- hosts ---- */

static const char *host_of(const char *url, mr_arena *arena) {
    if (!url) return NULL;
    const char *p = strstr(url, "://");
    if (!p) return NULL;
    p += 3;
    size_t n = strcspn(p, "/?#:");
    if (n == 0) return NULL;
    if (n > 4 && starts_ci(p, "www.")) p += 4, n -= 4;
    char *h = mr_arena_strndup(arena, p, n);
    for (char *c = h; *c; c++)
        if (*c >= 'A' && *c <= 'Z') *c = (char)(*c + 32);
    return h;
}

/* "en-US" → "en", "ar_AR" → "ar". */
static const char *lang_code(const char *s, mr_arena *arena) {
    if (!s) return NULL;
    while (is_space(*s)) s++;
    size_t n = 0;
    while (s[n] && ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))) n++;
    if (n < 2 || n > 3) return NULL;
    char *c = mr_arena_strndup(arena, s, n);
    for (char *p = c; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p + 32);
    return c;
}

static const char *absolute_url(const char *href, const char *base, mr_arena *arena) {
    if (!href) return NULL;
    if (starts_ci(href, "http://") || starts_ci(href, "https://")) return href;
    if (base && href[0] == '/' && href[1] != '/') {
        const char *p = strstr(base, "://");
        if (p) {
            size_t host_end = (size_t)(p + 3 - base) + strcspn(p + 3, "/?#");
            return mr_arena_printf(arena, "%.*s%s", (int)host_end, base, href);
        }
    }
    if (href[0] == '/' && href[1] == '/') return mr_arena_printf(arena, "https:%s", href);
    return NULL;
}

/* ---- all of it ---- */

void mr_html_meta_read(const mr_html_doc *doc, const marsad_record *rec, mr_arena *arena,
                       mr_html_meta *meta) {
    memset(meta, 0, sizeof *meta);
    marsad_date_clear(&meta->published);
    gathered g;
    memset(&g, 0, sizeof g);
    g.arena = arena;

    /* One walk over the elements; text is not read except for title/h1. */
    const mr_node *root = doc->root;
    const mr_node *n = root ? root->first_child : NULL;
    bool in_body = false;
    while (n) {
        if (n->tag != MR_TAG_TEXT) read_element(&g, n, in_body);
        if (n->tag != MR_TAG_TEXT && n->first_child && n->tag != MR_TAG_SCRIPT &&
            n->tag != MR_TAG_TITLE) {
            if (n == doc->body) in_body = true;
            n = n->first_child;
            continue;
        }
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n == doc->body) in_body = false;
        }
        if (!n || n == root) break;
        n = n->next;
    }

    /* JSON-LD publisher given by reference */
    if (!g.ld_publisher && g.ld_pub_ref)
        for (size_t i = 0; i < g.nld_names; i++)
            if (strcmp(g.ld_names[i].id, g.ld_pub_ref) == 0) {
                g.ld_publisher = g.ld_names[i].name;
                break;
            }

    /* canonical URL: relative links resolve against the record's URL, or
     * else the page's own absolute URL from og:url or JSON-LD */
    const char *base = rec ? rec->url : NULL;
    if (!base) base = is_absolute(g.og_url) ? g.og_url : g.ld_url;
    const char *canon = absolute_url(g.canonical, base, arena);
    if (!canon) canon = absolute_url(g.og_url, base, arena);
    if (!canon) canon = g.ld_url;
    meta->canonical_url = canon;
    const char *page_url = rec && rec->url ? rec->url : canon;

    /* outlet */
    if (rec && rec->outlet && *rec->outlet) {
        meta->outlet = rec->outlet;
        meta->outlet_from = (marsad_provenance){"container", rec->outlet};
    } else if (g.og_site_name) {
        meta->outlet = g.og_site_name;
        meta->outlet_from = (marsad_provenance){"og:site_name", g.og_site_name};
    } else if (g.ld_publisher) {
        meta->outlet = g.ld_publisher;
        meta->outlet_from = (marsad_provenance){"json-ld publisher", g.ld_publisher};
    } else if (g.ld_org) {
        meta->outlet = g.ld_org;
        meta->outlet_from = (marsad_provenance){"json-ld organization", g.ld_org};
    } else if (g.app_name) {
        meta->outlet = g.app_name;
        meta->outlet_from = (marsad_provenance){"application-name", g.app_name};
    } else {
        const char *host = host_of(page_url, arena);
        if (host) {
            meta->outlet = host;
            meta->outlet_from = (marsad_provenance){"host", page_url};
        }
    }

    /* title */
    meta->raw_title = g.title;
    meta->h1 = g.h1;
    const char *site = meta->outlet;
    const char *og = mr_title_clean(g.og_title ? g.og_title : g.twitter_title, site, arena);
    const char *tt = mr_title_clean(g.title, site, arena);
    if (g.h1 && ((og && eq_ci(g.h1, og)) || (tt && eq_ci(g.h1, tt)) ||
                 (g.ld_headline && eq_ci(g.h1, g.ld_headline)))) {
        meta->title = g.h1;
        meta->title_from = "h1";
    } else if (og) {
        meta->title = og;
        meta->title_from = g.og_title ? "og:title" : "twitter:title";
    } else if (g.ld_headline) {
        meta->title = g.ld_headline;
        meta->title_from = "json-ld headline";
    } else if (tt) {
        meta->title = tt;
        meta->title_from = "title";
    } else if (g.h1) {
        meta->title = g.h1;
        meta->title_from = "h1";
    } else if (rec && rec->title) {
        meta->title = rec->title;
        meta->title_from = "container";
    }

    /* author */
    if (g.ld_author) {
        meta->author = g.ld_author;
        meta->author_from = "json-ld";
    } else if (g.meta_author) {
        meta->author = g.meta_author;
        meta->author_from = "meta";
    } else if (rec && rec->author) {
        meta->author = rec->author;
        meta->author_from = "container";
    }

    /* publication time, strongest declaration first */
    struct {
        const char *value, *how;
    } dates[] = {
        {g.ld_date, "json-ld datePublished"},  {g.meta_date, "meta"},
        {g.time_date, "time datePublished"},   {g.ld_any_date, "json-ld datePublished"},
        {rec ? rec->date : NULL, "container"}, {g.time_any_date, "time"},
    };
    for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
        if (!dates[i].value) continue;
        marsad_date d;
        if (parse_meta_date(dates[i].value, &d)) {
            meta->published = d;
            meta->published_from = (marsad_provenance){dates[i].how, dates[i].value};
            break;
        }
    }
    if (!marsad_date_is_complete(&meta->published)) {
        marsad_date d;
        const char *urls[] = {base, canon};
        for (size_t i = 0; i < 2; i++)
            if (urls[i] && mr_url_date(urls[i], &d)) {
                meta->published = d;
                meta->published_from = (marsad_provenance){"url", urls[i]};
                break;
            }
    }

    /* language */
    meta->lang = lang_code(g.html_lang, arena);
    if (!meta->lang) meta->lang = lang_code(g.meta_lang, arena);
    if (!meta->lang) meta->lang = lang_code(g.og_locale, arena);

    meta->ld_body = g.ld_body;
    meta->ld_body_len = g.ld_body_len;
    meta->description = g.description;
}
