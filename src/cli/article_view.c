/* Printing an article for people and for programs: see article_view.h. */
#include "cli/article_view.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

void article_view_from_stored(article_view *v, const mr_stored_article *a) {
    memset(v, 0, sizeof *v);
    v->id = a->id;
    v->origin = a->origin;
    v->format = a->format;
    v->url = a->url;
    v->canonical_url = a->canonical_url;
    v->title = a->title;
    v->author = a->author;
    v->outlet = a->outlet;
    v->outlet_how = a->outlet_how;
    v->outlet_evidence = a->outlet_evidence;
    v->published = a->published;
    v->published_how = a->published_how;
    v->published_evidence = a->published_evidence;
    v->lang = a->lang;
    v->body = a->body;
    v->dropped_json = a->dropped_json;
    v->time = a->time;
    v->ingested_at = a->ingested_at;
    v->repaired = a->repaired;
}

void article_view_from_extracted(article_view *v, const marsad_article *a, char *published_buf) {
    memset(v, 0, sizeof *v);
    v->origin = a->origin;
    v->format = a->format == MARSAD_FORMAT_HTML ? "html" : "text";
    v->url = a->url;
    v->canonical_url = a->canonical_url;
    v->title = a->title;
    v->author = a->author;
    v->outlet = a->outlet;
    v->outlet_how = a->outlet_from.how;
    v->outlet_evidence = a->outlet_from.evidence;
    v->published = marsad_date_format(&a->published, published_buf);
    v->published_how = a->published_from.how;
    v->published_evidence = a->published_from.evidence;
    v->lang = a->lang;
    v->body = a->body;
    v->dropped = a->dropped;
    v->ndropped = a->ndropped;
    v->time = marsad_date_to_unix(&a->published);
}

static bool has(const char *s) {
    return s && *s;
}

static void print_field(FILE *out, const char *label, const char *value, const char *how,
                        const char *evidence) {
    if (!has(value)) {
        fprintf(out, "%-10s (unknown)\n", label);
        return;
    }
    fprintf(out, "%-10s %s", label, value);
    if (has(how)) {
        fprintf(out, "  [%s", how);
        if (has(evidence)) fprintf(out, ": %s", evidence);
        fputc(']', out);
    }
    fputc('\n', out);
}

/* Calls fn for each dropped line, from the array or from the stored JSON.
 * Returns how many there were. */
static size_t each_dropped(const article_view *v,
                           void (*fn)(void *ctx, unsigned line, const char *reason,
                                      const char *text),
                           void *ctx) {
    for (size_t i = 0; i < v->ndropped; i++)
        fn(ctx, v->dropped[i].line, v->dropped[i].reason ? v->dropped[i].reason : "",
           v->dropped[i].text ? v->dropped[i].text : "");
    if (!v->dropped_json) return v->ndropped;
    json_error_t jerr;
    json_t *arr = json_loads(v->dropped_json, 0, &jerr);
    if (!json_is_array(arr)) {
        json_decref(arr);
        return v->ndropped;
    }
    size_t i;
    json_t *item;
    json_array_foreach(arr, i, item) {
        const char *reason = json_string_value(json_object_get(item, "reason"));
        const char *text = json_string_value(json_object_get(item, "text"));
        fn(ctx, (unsigned)json_integer_value(json_object_get(item, "line")), reason ? reason : "",
           text ? text : "");
    }
    size_t n = v->ndropped + json_array_size(arr);
    json_decref(arr);
    return n;
}

static void print_dropped_line(void *ctx, unsigned line, const char *reason, const char *text) {
    FILE *out = ctx;
    fprintf(out, "  %4u  %-22s %s\n", line, reason, text);
}

void article_view_print(FILE *out, const article_view *v, bool explain) {
    if (v->id) fprintf(out, "%-10s %lld\n", "Article", (long long)v->id);
    print_field(out, "Title", v->title, NULL, NULL);
    print_field(out, "Outlet", v->outlet, v->outlet_how, v->outlet_evidence);
    print_field(out, "Author", v->author, NULL, NULL);
    print_field(out, "Published", v->published, v->published_how, v->published_evidence);
    print_field(out, "Language", v->lang, NULL, NULL);
    if (has(v->url)) print_field(out, "URL", v->url, NULL, NULL);
    if (has(v->canonical_url) && (!has(v->url) || strcmp(v->url, v->canonical_url) != 0))
        print_field(out, "Canonical", v->canonical_url, NULL, NULL);
    fprintf(out, "%-10s %s%s%s\n", "Source", has(v->origin) ? v->origin : "?",
            has(v->format) ? " · " : "", has(v->format) ? v->format : "");
    if (v->repaired)
        fprintf(out, "%-10s invalid UTF-8 in the input was replaced by U+FFFD\n", "Note");
    fputc('\n', out);
    if (has(v->body)) {
        fputs(v->body, out);
        fputc('\n', out);
    }
    if (explain) {
        fputs("\nDropped by extraction (line, reason, text):\n", out);
        if (each_dropped(v, print_dropped_line, out) == 0) fputs("  (nothing)\n", out);
    }
}

static void json_kv(mr_buf *b, const char *key, const char *value, bool *first) {
    if (!*first) mr_buf_putc(b, ',');
    *first = false;
    mr_buf_json_str(b, key);
    mr_buf_putc(b, ':');
    mr_buf_json_str(b, has(value) ? value : NULL);
}

static void json_dropped_item(void *ctx, unsigned line, const char *reason, const char *text) {
    mr_buf *b = ctx;
    if (b->data[b->len - 1] != '[') mr_buf_putc(b, ',');
    mr_buf_printf(b, "{\"line\":%u,\"reason\":", line);
    mr_buf_json_str(b, reason);
    mr_buf_puts(b, ",\"text\":");
    mr_buf_json_str(b, text);
    mr_buf_putc(b, '}');
}

void article_view_json(mr_buf *b, const article_view *v, bool explain) {
    bool first = true;
    mr_buf_putc(b, '{');
    if (v->id) {
        mr_buf_printf(b, "\"id\":%lld", (long long)v->id);
        first = false;
    }
    json_kv(b, "title", v->title, &first);
    json_kv(b, "outlet", v->outlet, &first);
    json_kv(b, "outlet_from", v->outlet_how, &first);
    json_kv(b, "outlet_evidence", v->outlet_evidence, &first);
    json_kv(b, "author", v->author, &first);
    json_kv(b, "published", v->published, &first);
    json_kv(b, "published_from", v->published_how, &first);
    json_kv(b, "published_evidence", v->published_evidence, &first);
    json_kv(b, "lang", v->lang, &first);
    json_kv(b, "url", v->url, &first);
    json_kv(b, "canonical_url", v->canonical_url, &first);
    json_kv(b, "origin", v->origin, &first);
    json_kv(b, "format", v->format, &first);
    if (v->time > 0) mr_buf_printf(b, ",\"time\":%lld", (long long)v->time);
    if (v->ingested_at > 0) mr_buf_printf(b, ",\"ingested_at\":%lld", (long long)v->ingested_at);
    mr_buf_printf(b, ",\"repaired\":%s", v->repaired ? "true" : "false");
    /* Paragraphs as an array: easier for programs than splitting the body. */
    mr_buf_puts(b, ",\"paragraphs\":[");
    const char *p = v->body ? v->body : "";
    bool firstp = true;
    while (*p) {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n) {
            if (!firstp) mr_buf_putc(b, ',');
            firstp = false;
            mr_buf_putc(b, '"');
            mr_buf_json_escape(b, p, n);
            mr_buf_putc(b, '"');
        }
        if (!end) break;
        p = end + 2;
    }
    mr_buf_putc(b, ']');
    json_kv(b, "body", v->body, &first);
    if (explain) {
        mr_buf_puts(b, ",\"dropped\":[");
        each_dropped(v, json_dropped_item, b);
        mr_buf_putc(b, ']');
    }
    mr_buf_putc(b, '}');
}
