/* Plain-text extraction: the publication date of a report.
 *
 * A story mentions many dates; the publication date is the one the page
 * states about itself. In order: the container's date; a dateline near the
 * title or under the body (a short line with a date, or a cue such as "آخر
 * تحديث", "نشر في", "Published"); a date the lead calls today ("اليوم،
 * الثلاثاء 13 ..."); a date in the URL. A date in the story ("في 11 سبتمبر
 * 2018، أطلقت ...") is an event date and never taken, nor a relative one
 * ("أمس الأحد") that only dates an event, unless it follows the lead's news
 * peg ("الاثنين 11 مارس 2024 ... أمس الثلاثاء"). Relative dates are resolved
 * against the container time when there is one. The cue phrases are in
 * data/textx_dateline_cues.txt. */
#include "extract/date.h"
#include "extract/textx.h"
#include "util/data.h"
#include "util/mem.h"
#include "util/strmap.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MATCHES 8

static mr_strmap cue_first_words; /* first word of a cue → 1 */
static struct {
    char **keys;
    size_t *lens;
    size_t n, cap, lcap;
} cue_list;
static pthread_once_t cues_once = PTHREAD_ONCE_INIT;

static void add_cue(const char *line, size_t len, void *ctx) {
    (void)ctx;
    size_t keylen;
    char *key = mr_text_key_heap(line, len, &keylen);
    if (!keylen) {
        free(key);
        return;
    }
    MR_GROW(cue_list.keys, cue_list.cap, cue_list.n + 1);
    MR_GROW(cue_list.lens, cue_list.lcap, cue_list.n + 1);
    cue_list.keys[cue_list.n] = key;
    cue_list.lens[cue_list.n++] = keylen;
    size_t fw = 0;
    while (fw < keylen && key[fw] != ' ') fw++;
    bool added;
    mr_strmap_upsert(&cue_first_words, key, fw, &added);
}

static void load_cues(void) {
    mr_strmap_init(&cue_first_words);
    mr_data_lines("textx_dateline_cues.txt", add_cue, NULL);
}

/* True when the line's key holds a dateline cue at a word boundary. */
static bool has_cue(const mr_tline *t) {
    pthread_once(&cues_once, load_cues);
    const char *k = t->key;
    size_t n = t->keylen;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && k[j] != ' ') j++;
        if (mr_strmap_find(&cue_first_words, k + i, j - i)) {
            for (size_t c = 0; c < cue_list.n; c++) {
                size_t cl = cue_list.lens[c];
                if (cl <= n - i && !memcmp(k + i, cue_list.keys[c], cl) &&
                    (i + cl == n || k[i + cl] == ' '))
                    return true;
            }
        }
        i = j + 1;
    }
    return false;
}

static bool line_has_digit(const mr_tline *t) {
    for (uint32_t i = 0; i < t->keylen; i++)
        if (t->key[i] >= '0' && t->key[i] <= '9') return true;
    return false;
}

/* How much a date tells: a complete day beats a month, which beats a
 * weekday alone. */
static int precision(const marsad_date *d) {
    int p = 0;
    if (d->year) p += 4;
    if (d->month) p += 4;
    if (d->day) p += 4;
    if (d->weekday) p += 1;
    if (d->hour >= 0) p += 1;
    return p;
}

/* The dates in s[0..n) into m (MAX_MATCHES of them), as many as fit:
 * marsad_dates_find counts past the room it is given. */
static size_t dates_in(const char *s, size_t n, const marsad_date *ref, marsad_date_match *m) {
    size_t found = marsad_dates_find(s, n, ref, m, MAX_MATCHES);
    return found < MAX_MATCHES ? found : MAX_MATCHES;
}

/* Sets d's year, month and day to the civil date of a day count. */
static void set_civil_day(marsad_date *d, int64_t days) {
    int y, mo, dd;
    mr_civil_from_days(days, &y, &mo, &dd);
    d->year = (int16_t)y, d->month = (int8_t)mo, d->day = (int8_t)dd;
}

void mr_text_mark_datelines(mr_textdoc *d) {
    marsad_date_match m[MAX_MATCHES];
    for (size_t i = 0; i < d->nlines; i++) {
        mr_tline *t = &d->lines[i];
        if (t->nwords == 0 || t->nwords > 14) continue;
        if (t->clutter != MR_CL_NONE && t->clutter != MR_CL_TIME) continue;
        bool cue = has_cue(t);
        /* A full stop ends a sentence, unless a cue opens the line:
         * "Published March 12, 2024 · Updated 6:40 p.m." */
        if (t->terminal && !(cue && t->nwords <= 10)) continue;
        if (!cue && !line_has_digit(t) && t->nwords > 4) continue;
        size_t found = dates_in(t->text, t->len, NULL, m);
        size_t covered = 0;
        int best = 0;
        for (size_t k = 0; k < found; k++) {
            if (m[k].end > m[k].start && m[k].end <= t->len) covered += m[k].end - m[k].start;
            int p = precision(&m[k].date);
            if (p > best) best = p;
        }
        /* "اليوم 10:30", "أمس": a relative day alone on a short line. */
        bool relative_line = false;
        for (size_t k = 0; k < found && t->nwords <= 4; k++)
            if (m[k].date.rel_kind != MARSAD_REL_NONE) relative_line = true;
        if (cue || best >= 8 || relative_line) t->meta |= MR_META_DATELINE;
        /* A line that is nothing but a date is clutter wherever it sits. */
        if (!cue && best >= 8 && covered * 10 >= (size_t)t->len * 6 && t->nwords <= 8)
            t->clutter = MR_CL_TIME;
    }
}

/* The most precise date in s[0..n), or false. */
static bool best_date(const char *s, size_t n, const marsad_date *ref, marsad_date *out) {
    marsad_date_match m[MAX_MATCHES];
    size_t found = dates_in(s, n, ref, m);
    int best = 0;
    for (size_t k = 0; k < found; k++) {
        int p = precision(&m[k].date);
        if (m[k].date.rel_kind != MARSAD_REL_NONE && !m[k].date.resolved) p += 1;
        if (p > best) {
            best = p;
            *out = m[k].date;
        }
    }
    return best > 0;
}

/* Whether the text just before pos ends with "اليوم" or "today", with at
 * most a few separators between. */
static bool today_before(const char *s, size_t pos) {
    size_t i = pos;
    int skipped = 0;
    while (i > 0 && skipped < 4 &&
           (s[i - 1] == ' ' || s[i - 1] == ',' || s[i - 1] == '(' ||
            (i >= 2 && (unsigned char)s[i - 2] == 0xD8 && (unsigned char)s[i - 1] == 0x8C))) {
        i -= (s[i - 1] == ' ' || s[i - 1] == ',' || s[i - 1] == '(') ? 1 : 2;
        skipped++;
    }
    static const char ar[] = "اليوم";
    size_t al = sizeof ar - 1;
    if (i >= al && !memcmp(s + i - al, ar, al)) return true;
    if (i >= 5 && (!memcmp(s + i - 5, "today", 5) || !memcmp(s + i - 5, "Today", 5))) return true;
    return false;
}

static bool starts_today(const char *s, size_t n) {
    static const char ar[] = "اليوم";
    size_t al = sizeof ar - 1;
    return (n >= al && !memcmp(s, ar, al)) ||
           (n >= 5 && (!memcmp(s, "today", 5) || !memcmp(s, "Today", 5)));
}

/* The lead rules below read only the first paragraphs of the body, where a
 * report gives its news: returns the next body line from line *i on (start
 * *i at d->body_start and *seen at 0), counted in *seen, or NULL once
 * `paragraphs` have been returned. */
static mr_tline *next_lead_line(mr_textdoc *d, size_t *i, size_t *seen, size_t paragraphs) {
    while (*i < d->body_end && *seen < paragraphs) {
        mr_tline *t = &d->lines[(*i)++];
        if (t->role != MR_ROLE_BODY) continue;
        (*seen)++;
        return t;
    }
    return NULL;
}

/* "اليوم، الثلاثاء 13 من تشرين الثاني" in the first paragraphs. */
/* How far into the lead paragraph a full date with its weekday may sit. */
#define LEAD_DATE_BYTES 300

static bool today_in_lead(mr_textdoc *d, const marsad_date *ref, marsad_date *out,
                          const char **evidence_line) {
    marsad_date_match m[MAX_MATCHES];
    size_t i = d->body_start, seen = 0;
    mr_tline *t;
    while ((t = next_lead_line(d, &i, &seen, 3))) {
        size_t found = dates_in(t->text, t->len, ref, m);
        for (size_t k = 0; k < found; k++) {
            const marsad_date *dt = &m[k].date;
            bool absolute = dt->month && dt->day;
            bool cued =
                today_before(t->text, m[k].start) ||
                (m[k].start < t->len && starts_today(t->text + m[k].start, t->len - m[k].start));
            /* "اليوم" read as a match of its own, the date right after it. */
            if (!cued && k > 0 && m[k - 1].date.rel_kind == MARSAD_REL_DAYS &&
                m[k - 1].date.rel_days == 0 && m[k].start >= m[k - 1].end &&
                m[k].start - m[k - 1].end <= 4)
                cued = true;
            /* A lead that opens on the day in full ("يوم الأحد 21 أبريل
             * 2024", "on Sunday, April 21, 2024") dates the report: news
             * leads tell the day of what they report, and a weekday with
             * the date is not a date in the background. */
            int shift = 0; /* "أمس الاثنين 13 مايو": the report is a day later */
            if (!cued && seen == 1 && m[k].start < LEAD_DATE_BYTES && absolute && dt->year &&
                dt->weekday) {
                cued = true;
                if (k > 0 && m[k - 1].date.rel_kind == MARSAD_REL_DAYS &&
                    m[k].start >= m[k - 1].end && m[k].start - m[k - 1].end <= 4 &&
                    m[k - 1].date.rel_days < 0 && m[k - 1].date.rel_days >= -2)
                    shift = -m[k - 1].date.rel_days;
            }
            if (cued && (absolute || dt->weekday)) {
                *out = *dt;
                if (shift) {
                    set_civil_day(out, mr_days_from_civil(dt->year, dt->month, dt->day) + shift);
                    out->weekday = 0;
                }
                /* The evidence: the date and the words just before it. */
                size_t from = m[k].start > 24 ? m[k].start - 24 : 0;
                while (from > 0 && from < m[k].start && t->text[from - 1] != ' ') from++;
                size_t to = m[k].end <= t->len ? m[k].end : t->len;
                *evidence_line =
                    mr_arena_strndup(d->arena, t->text + from, to > from ? to - from : 0);
                return true;
            }
        }
    }
    return false;
}

/* "أعلنت الوزارة مساء الاثنين 11 مارس 2024 ... وقالت المنظمة أمس الثلاثاء":
 * a lead that gives its news peg in full and then names a weekday relative
 * to the report ("أمس الثلاثاء", "اليوم الأربعاء") dates the report. The
 * weekday is the first one on or after the peg (a writer who means a later
 * one would give its date), and the report is that day, or the day after for
 * "أمس". The guess can only be as wrong as the peg is old, so the peg must sit
 * in the first two paragraphs, where the news is, not in the background
 * further down ("وفي 11 سبتمبر 2018، أطلقت ..."), and the weekday must follow it. */
static bool weekday_after_peg(mr_textdoc *d, const marsad_date *ref, marsad_date *out,
                              const char **evidence) {
    marsad_date_match m[MAX_MATCHES];
    marsad_date_match peg;
    const char *peg_text = NULL; /* the line the peg is in; NULL until one is found */
    size_t i = d->body_start, seen = 0;
    mr_tline *t;
    while ((t = next_lead_line(d, &i, &seen, 2))) {
        size_t found = dates_in(t->text, t->len, ref, m);
        for (size_t k = 0; k < found; k++) {
            const marsad_date *dt = &m[k].date;
            if (!peg_text) {
                if (dt->rel_kind == MARSAD_REL_NONE && dt->year && dt->month && dt->day) {
                    peg = m[k];
                    peg_text = t->text;
                }
                continue;
            }
            if (dt->rel_kind != MARSAD_REL_DAYS || !dt->weekday || dt->resolved ||
                (dt->rel_days != 0 && dt->rel_days != -1))
                continue;
            int64_t day = mr_days_from_civil(peg.date.year, peg.date.month, peg.date.day);
            while (mr_weekday_from_days(day) != dt->weekday) day++;
            day -= dt->rel_days; /* yesterday's Tuesday: the report is Wednesday */
            marsad_date_clear(out);
            set_civil_day(out, day);
            out->weekday = (int8_t)mr_weekday_from_days(day);
            /* The evidence: the peg and the weekday, as written. */
            static const char gap[] = " … ";
            size_t np = peg.end - peg.start, nw = m[k].end - m[k].start;
            char *ev = mr_arena_alloc(d->arena, np + sizeof gap - 1 + nw + 1);
            memcpy(ev, peg_text + peg.start, np);
            memcpy(ev + np, gap, sizeof gap - 1);
            memcpy(ev + np + sizeof gap - 1, t->text + m[k].start, nw);
            ev[np + sizeof gap - 1 + nw] = 0;
            *evidence = ev;
            return true;
        }
    }
    return false;
}

/* "/2018/11/12/", "/2018-11-12", "/2018/11/". */
static bool date_from_url(const char *url, marsad_date *out) {
    if (!url) return false;
    size_t n = strlen(url);
    for (size_t i = 0; i + 8 <= n; i++) {
        if (url[i] != '/' && url[i] != '-' && url[i] != '_') continue;
        const char *p = url + i + 1;
        if (!((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0'))) continue;
        if (!(p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9')) continue;
        char sep = p[4];
        if (sep != '/' && sep != '-') continue;
        if (!(p[5] >= '0' && p[5] <= '9' && p[6] >= '0' && p[6] <= '9')) continue;
        int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        int month = (p[5] - '0') * 10 + (p[6] - '0');
        if (month < 1 || month > 12 || (p[7] != sep && p[7] != '/' && p[7] != 0)) continue;
        marsad_date_clear(out);
        out->year = (int16_t)year;
        out->month = (int8_t)month;
        if (p[7] == sep && i + 11 <= n && p[8] >= '0' && p[8] <= '3' && p[9] >= '0' &&
            p[9] <= '9' &&
            (p[10] == '/' || p[10] == 0 || p[10] == '-' || p[10] == '_' || p[10] == '.')) {
            int day = (p[8] - '0') * 10 + (p[9] - '0');
            if (day >= 1 && day <= 31) out->day = (int8_t)day;
        }
        return true;
    }
    return false;
}

void mr_text_find_date(mr_textdoc *d, marsad_article *out) {
    const marsad_record *rec = d->rec;
    marsad_date ref, got;
    const marsad_date *refp = NULL;
    if (rec->date && *rec->date) {
        size_t n = strlen(rec->date);
        if (marsad_date_parse_iso(rec->date, n, &got) == 0 || best_date(rec->date, n, NULL, &got)) {
            out->published = got;
            out->published_from.how = "container";
            out->published_from.evidence = mr_arena_strdup(d->arena, rec->date);
            return;
        }
    }
    if (rec->container_time > 0) {
        marsad_date_from_unix(rec->container_time, &ref);
        if (marsad_date_is_complete(&ref)) refp = &ref;
    }
    /* Datelines: header first, then under the body; a cue line beats a bare
     * date line. */
    int best_rank = 0;
    for (size_t i = 0; i < d->nlines; i++) {
        mr_tline *t = &d->lines[i];
        if (!(t->meta & MR_META_DATELINE) || t->role == MR_ROLE_BODY) continue;
        if (!best_date(t->text, t->len, refp, &got)) continue;
        int rank = (i < d->body_start ? 4 : 2) + (has_cue(t) ? 1 : 0);
        if (rank > best_rank) {
            best_rank = rank;
            out->published = got;
            out->published_from.how = "dateline";
            out->published_from.evidence = t->text;
        }
    }
    if (best_rank) return;
    const char *line = NULL;
    if (today_in_lead(d, refp, &got, &line)) {
        out->published = got;
        out->published_from.how = "text";
        out->published_from.evidence = line;
        return;
    }
    bool from_url = date_from_url(rec->url, &got);
    if (from_url && got.day) {
        out->published = got;
        out->published_from.how = "url";
        out->published_from.evidence = mr_arena_strdup(d->arena, rec->url);
        return;
    }
    /* A URL that gives only the month is less than a weekday after a peg. */
    marsad_date inferred;
    if (weekday_after_peg(d, refp, &inferred, &line)) {
        out->published = inferred;
        out->published_from.how = "text";
        out->published_from.evidence = line;
        return;
    }
    if (from_url) {
        out->published = got;
        out->published_from.how = "url";
        out->published_from.evidence = mr_arena_strdup(d->arena, rec->url);
    }
}
