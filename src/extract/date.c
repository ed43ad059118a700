/* The date parser: marsad_date formatting and ISO parsing, calendar arithmetic
 * (proleptic Gregorian; Hijri by Umm al-Qura or the tabular calendar), and
 * marsad_dates_find, which scans the display text of a report for date
 * expressions in Arabic and Latin script.
 *
 * How the scan stays cheap: one pass over the bytes. Each word's letters are
 * folded through a byte-pair table and hashed as they go by; a Bloom filter
 * of the words that can start a date (with the clitics و ف ب ل ك glued on)
 * lets every other word through untouched. A number, or a word the filter
 * keeps, is read properly (lex: folding of alef forms, ta marbuta, alef
 * maqsura, tashkil and tatweel; Latin case and accents; clitic stripping) and
 * looked up in the word table built once from data/dates_ar.tsv and
 * data/dates_latin.tsv. A trigger (number, month, weekday, relative day,
 * ordinal day) starts the small hand-written grammar below, which peeks at
 * the next few tokens and, for a few context words (يوم, شهر, عام, قبل,
 * last), at the word before. Nothing is allocated per call.
 *
 * Choices worth knowing (tests/unit/test_date.c pins each one down):
 * - Precision before recall: a month name needs a day, a year, or a context
 *   word (شهر, الماضي, last); a year alone needs عام/سنة/"in" or an era mark;
 *   a time alone, a bare number, "12/11" without a year are not dates.
 * - Numeric dates read day first (12/11/2018 is 12 November, as Arabic and
 *   European sites write them) unless the second number cannot be a month
 *   (11/25/2018 is 25 November); four-digit years only; years 1300-1500, or
 *   any year followed by هـ, are Hijri.
 * - Hijri dates are converted with Umm al-Qura (1300-1600 AH, from ICU) or
 *   the tabular calendar (see mr_hijri_to_days); a weekday written beside the
 *   date moves the result by a day when it disagrees by exactly one, as when
 *   a month began a day off the calendar after a moon sighting.
 * - A weekday that contradicts a complete date is dropped, the date kept.
 * - Relative weekdays use rel_days as an offset of the reference: "يوم الأحد"
 *   is the most recent Sunday on or before the reference (rel_days 0),
 *   "الأحد الماضي" strictly before it (-1), "الأحد المقبل" strictly after it
 *   (+7: the most recent Sunday on or before reference + 7).
 * - "أمس الأحد" keeps both the relative day and the weekday; resolved against
 *   a reference where they disagree, the weekday wins when it falls one or
 *   two days before (the text was written a day or two before the reference
 *   date), otherwise the weekday is dropped.
 * - With a reference, a day and month without a year ("13 نوفمبر") take the
 *   year that puts them nearest the reference (a date ahead of it counting
 *   three times its distance), and are marked resolved. */
#include "extract/date.h"
#include "util/data.h"
#include "util/utf8.h"

#include <pthread.h>
#include <unicode/ucal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------------ */
/* Calendar arithmetic                                                       */
/* ------------------------------------------------------------------------ */

static const int days_before_month[13] = {0,   31,  59,  90,  120, 151, 181,
                                          212, 243, 273, 304, 334, 365};

static bool is_leap_year(int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

int mr_days_in_month(int year, int month) {
    if (month < 1 || month > 12) return 0;
    if (month == 2) return (year == 0 || is_leap_year(year)) ? 29 : 28;
    return days_before_month[month] - days_before_month[month - 1];
}

/* 1 January of year 1 (proleptic Gregorian) is day 0 of this count; 1970-01-01
 * is 719162 days later. */
#define DAYS_YEAR1_TO_1970 719162

int64_t mr_days_from_civil(int year, int month, int day) {
    if (month < 1) month = 1;
    if (month > 12) month = 12;
    int64_t before = (int64_t)year - 1;
    int64_t days =
        365 * before + floor_div(before, 4) - floor_div(before, 100) + floor_div(before, 400);
    days += days_before_month[month - 1] + (month > 2 && is_leap_year(year)) + day - 1;
    return days - DAYS_YEAR1_TO_1970;
}

void mr_civil_from_days(int64_t days, int *year, int *month, int *day) {
    int64_t n = days + DAYS_YEAR1_TO_1970;
    int64_t q400 = floor_div(n, 146097);
    n -= q400 * 146097;
    int64_t q100 = n / 36524;
    if (q100 == 4) q100 = 3; /* the last day of a 400-year cycle */
    n -= q100 * 36524;
    int64_t q4 = n / 1461;
    n -= q4 * 1461;
    int64_t q1 = n / 365;
    if (q1 == 4) q1 = 3; /* the leap day at the end of a 4-year cycle */
    n -= q1 * 365;
    int64_t y = q400 * 400 + q100 * 100 + q4 * 4 + q1 + 1;
    int leap = is_leap_year(y);
    int m = 1;
    while (m < 12 && n >= days_before_month[m] + (m >= 2 && leap)) m++;
    *year = (int)y;
    *month = m;
    *day = (int)(n - days_before_month[m - 1] - (m > 2 && leap)) + 1;
}

int mr_weekday_from_days(int64_t days) {
    /* 1970-01-01 was a Thursday (ISO 4). */
    int64_t r = (days + 3) % 7;
    if (r < 0) r += 7;
    return (int)r + 1;
}

/* Hijri dates. Between 1300 and 1600 AH the Umm al-Qura calendar (Saudi
 * Arabia's official one, which Gulf outlets print) is used, read once from
 * ICU's islamic-umalqura calendar into a table of month starts; outside that
 * range, or should ICU fail, the tabular calendar: year y (1-based) starts
 * 354*(y-1) + floor((3+11y)/30) days after 1 Muharram 1 AH = Friday 16 July
 * 622 (Julian), i.e. 492148 days before 1970-01-01, leap years 2 5 7 10 13
 * 16 18 21 24 26 29 of each 30. The tabular calendar is within a day or two
 * of Umm al-Qura. */
#define HIJRI_EPOCH_FROM_1970 (-492148)
#define UQ_FIRST_YEAR 1300
#define UQ_LAST_YEAR 1600
#define UQ_MONTHS ((UQ_LAST_YEAR - UQ_FIRST_YEAR + 1) * 12)

static int32_t uq_month_start[UQ_MONTHS + 1]; /* days since 1970; the last entry ends the table */
static bool uq_ok;
static pthread_once_t uq_once = PTHREAD_ONCE_INIT;

static int64_t hijri_days_before_year(int64_t y) {
    return 354 * (y - 1) + floor_div(3 + 11 * y, 30);
}
static int hijri_days_before_month(int m) {
    return (59 * (m - 1) + 1) / 2;
}
static int hijri_month_length(int64_t y, int m) {
    if (m == 12) return (14 + 11 * y) % 30 < 11 ? 30 : 29;
    return (m % 2) ? 30 : 29;
}

static int64_t tabular_to_days(int y, int m, int d) {
    return HIJRI_EPOCH_FROM_1970 + hijri_days_before_year(y) + hijri_days_before_month(m) + d - 1;
}

static void tabular_from_days(int64_t days, int *hyear, int *hmonth, int *hday) {
    int64_t since = days - HIJRI_EPOCH_FROM_1970;
    /* 10631 days make 30 Hijri years; start near the answer, then correct. */
    int64_t y = floor_div(30 * since + 10646, 10631);
    while (hijri_days_before_year(y + 1) <= since) y++;
    while (hijri_days_before_year(y) > since) y--;
    int doy = (int)(since - hijri_days_before_year(y));
    int m = 1;
    while (m < 12 && doy >= hijri_days_before_month(m + 1)) m++;
    *hyear = (int)y;
    *hmonth = m;
    *hday = doy - hijri_days_before_month(m) + 1;
}

static void load_umm_al_qura(void) {
    static const UChar utc[] = {'U', 'T', 'C', 0};
    UErrorCode status = U_ZERO_ERROR;
    UCalendar *cal = ucal_open(utc, 3, "en@calendar=islamic-umalqura", UCAL_DEFAULT, &status);
    if (U_FAILURE(status)) return;
    bool ok = true;
    for (int i = 0; i <= UQ_MONTHS && ok; i++) {
        ucal_clear(cal);
        ucal_set(cal, UCAL_YEAR, UQ_FIRST_YEAR + i / 12);
        ucal_set(cal, UCAL_MONTH, i % 12);
        ucal_set(cal, UCAL_DATE, 1);
        UDate ms = ucal_getMillis(cal, &status);
        if (U_FAILURE(status)) ok = false;
        uq_month_start[i] = (int32_t)floor_div((int64_t)ms, 86400000);
        /* A month has 29 or 30 days, or the table is not what we think. */
        if (i > 0) {
            int32_t len = uq_month_start[i] - uq_month_start[i - 1];
            if (len < 29 || len > 30) ok = false;
        }
    }
    ucal_close(cal);
    uq_ok = ok;
}

bool mr_hijri_to_days(int hyear, int hmonth, int hday, int64_t *days) {
    if (hyear < 1 || hyear > 9999 || hmonth < 1 || hmonth > 12 || hday < 1 || hday > 30)
        return false;
    if (hyear >= UQ_FIRST_YEAR && hyear <= UQ_LAST_YEAR) {
        pthread_once(&uq_once, load_umm_al_qura);
        if (uq_ok) {
            int i = (hyear - UQ_FIRST_YEAR) * 12 + hmonth - 1;
            if (hday > uq_month_start[i + 1] - uq_month_start[i]) return false;
            *days = uq_month_start[i] + hday - 1;
            return true;
        }
    }
    if (hday > hijri_month_length(hyear, hmonth)) return false;
    *days = tabular_to_days(hyear, hmonth, hday);
    return true;
}

void mr_hijri_from_days(int64_t days, int *hyear, int *hmonth, int *hday) {
    pthread_once(&uq_once, load_umm_al_qura);
    if (uq_ok && days >= uq_month_start[0] && days < uq_month_start[UQ_MONTHS]) {
        int lo = 0, hi = UQ_MONTHS - 1; /* the last month starting on or before days */
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (uq_month_start[mid] <= days)
                lo = mid;
            else
                hi = mid - 1;
        }
        *hyear = UQ_FIRST_YEAR + lo / 12;
        *hmonth = lo % 12 + 1;
        *hday = (int)(days - uq_month_start[lo]) + 1;
        return;
    }
    tabular_from_days(days, hyear, hmonth, hday);
}

bool mr_hijri_tabular_to_days(int hyear, int hmonth, int hday, int64_t *days) {
    if (hyear < 1 || hyear > 9999 || hmonth < 1 || hmonth > 12 || hday < 1) return false;
    if (hday > hijri_month_length(hyear, hmonth)) return false;
    *days = tabular_to_days(hyear, hmonth, hday);
    return true;
}

/* ------------------------------------------------------------------------ */
/* marsad_date basics                                                        */
/* ------------------------------------------------------------------------ */

void marsad_date_clear(marsad_date *d) {
    memset(d, 0, sizeof *d);
    d->hour = d->minute = -1;
}

bool marsad_date_is_complete(const marsad_date *d) {
    return d->year != 0 && d->month != 0 && d->day != 0;
}

static bool date_is_valid(const marsad_date *d) {
    return marsad_date_is_complete(d) && d->month >= 1 && d->month <= 12 && d->day >= 1 &&
           d->day <= mr_days_in_month(d->year, d->month);
}

char *marsad_date_format(const marsad_date *d, char *buf) {
    char *p = buf;
    bool month_ok = d->month >= 1 && d->month <= 12;
    bool day_ok = month_ok && d->day >= 1 && d->day <= 31;
    if (d->year > 0 && d->year <= 9999) {
        p += sprintf(p, "%04d", d->year);
        if (month_ok) {
            p += sprintf(p, "-%02d", d->month);
            if (day_ok) p += sprintf(p, "-%02d", d->day);
        }
    } else if (month_ok) {
        p += sprintf(p, "--%02d", d->month);
        if (day_ok) p += sprintf(p, "-%02d", d->day);
    } else {
        *p = 0;
        return buf;
    }
    /* A time only with a full date: "--11-13T09:30" is no ISO form. */
    if (day_ok && d->year > 0 && d->year <= 9999 && d->hour >= 0 && d->hour <= 23) {
        int minute = d->minute >= 0 && d->minute <= 59 ? d->minute : 0;
        p += sprintf(p, "T%02d:%02d", d->hour, minute);
        /* UTC needs no suffix: marsad_date_to_unix reads a date without an
         * offset as UTC, so the round trip keeps the instant. */
        if (d->has_tz && d->tz_minutes != 0 && d->tz_minutes > -1440 && d->tz_minutes < 1440) {
            int off = d->tz_minutes < 0 ? -d->tz_minutes : d->tz_minutes;
            p += sprintf(p, "%c%02d:%02d", d->tz_minutes < 0 ? '-' : '+', off / 60, off % 60);
        }
    }
    *p = 0;
    return buf;
}

/* Reads exactly `count` ASCII digits at s[*i]. */
static bool iso_digits(const char *s, size_t n, size_t *i, int count, int *value) {
    int v = 0;
    for (int k = 0; k < count; k++) {
        if (*i >= n || s[*i] < '0' || s[*i] > '9') return false;
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    *value = v;
    return true;
}

/* Parses "HH:MM[:SS[.fff]][Z|±HH[:MM]|±HHMM]" at s[*i]. */
static bool iso_time(const char *s, size_t n, size_t *i, marsad_date *out) {
    int h, m, sec;
    if (!iso_digits(s, n, i, 2, &h) || *i >= n || s[*i] != ':' || h > 23) return false;
    (*i)++;
    if (!iso_digits(s, n, i, 2, &m) || m > 59) return false;
    if (*i < n && s[*i] == ':') {
        (*i)++;
        if (!iso_digits(s, n, i, 2, &sec) || sec > 60) return false;
        if (*i < n && (s[*i] == '.' || s[*i] == ',')) {
            (*i)++;
            size_t start = *i;
            while (*i < n && s[*i] >= '0' && s[*i] <= '9') (*i)++;
            if (*i == start) return false;
        }
    }
    out->hour = (int8_t)h;
    out->minute = (int8_t)m;
    if (*i < n && (s[*i] == 'Z' || s[*i] == 'z')) {
        (*i)++;
        out->has_tz = true;
        out->tz_minutes = 0;
    } else if (*i < n && (s[*i] == '+' || s[*i] == '-')) {
        int sign = s[*i] == '-' ? -1 : 1, th, tm = 0;
        (*i)++;
        if (!iso_digits(s, n, i, 2, &th)) return false;
        if (*i < n && s[*i] == ':') {
            (*i)++;
            if (!iso_digits(s, n, i, 2, &tm)) return false;
        } else if (*i < n && s[*i] >= '0' && s[*i] <= '9') {
            if (!iso_digits(s, n, i, 2, &tm)) return false;
        }
        if (th > 14 || tm > 59) return false;
        out->has_tz = true;
        out->tz_minutes = (int16_t)(sign * (th * 60 + tm));
    }
    return true;
}

int marsad_date_parse_iso(const char *s, size_t n, marsad_date *out) {
    marsad_date d;
    marsad_date_clear(&d);
    marsad_date_clear(out);
    if (!s) return -1;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    int y = 0, m = 0, day = 0;
    if (n - i >= 4 && s[i] == '-' && s[i + 1] == '-') {
        i += 2; /* "--MM" or "--MM-DD": year unknown */
        if (!iso_digits(s, n, &i, 2, &m) || m < 1 || m > 12) return -1;
        if (i < n && s[i] == '-') {
            i++;
            if (!iso_digits(s, n, &i, 2, &day) || day < 1 || day > mr_days_in_month(0, m))
                return -1;
        }
    } else {
        if (!iso_digits(s, n, &i, 4, &y) || y < 1) return -1;
        if (i < n && s[i] == '-') {
            i++;
            if (!iso_digits(s, n, &i, 2, &m) || m < 1 || m > 12) return -1;
            if (i < n && s[i] == '-') {
                i++;
                if (!iso_digits(s, n, &i, 2, &day) || day < 1 || day > mr_days_in_month(y, m))
                    return -1;
            }
        }
    }
    d.year = (int16_t)y;
    d.month = (int8_t)m;
    d.day = (int8_t)day;
    if (day && i < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
        i++;
        if (!iso_time(s, n, &i, &d)) return -1;
    }
    if (i != n) return -1;
    *out = d;
    return 0;
}

int64_t marsad_date_to_unix(const marsad_date *d) {
    if (!date_is_valid(d)) return -1;
    int64_t t = mr_days_from_civil(d->year, d->month, d->day) * 86400;
    if (d->hour >= 0 && d->hour <= 23) t += d->hour * 3600;
    if (d->minute >= 0 && d->minute <= 59) t += d->minute * 60;
    if (d->has_tz) t -= (int64_t)d->tz_minutes * 60;
    return t;
}

void marsad_date_from_unix(int64_t t, marsad_date *out) {
    marsad_date_clear(out);
    int64_t days = floor_div(t, 86400);
    int64_t secs = t - days * 86400;
    int y, m, d;
    mr_civil_from_days(days, &y, &m, &d);
    if (y < 1 || y > 9999) return; /* outside what the struct can say */
    out->year = (int16_t)y;
    out->month = (int8_t)m;
    out->day = (int8_t)d;
    out->hour = (int8_t)(secs / 3600);
    out->minute = (int8_t)(secs / 60 % 60);
    out->weekday = (int8_t)mr_weekday_from_days(days);
    out->has_tz = true;
    out->tz_minutes = 0;
}

/* ------------------------------------------------------------------------ */
/* The word table                                                            */
/* ------------------------------------------------------------------------ */

enum word_kind {
    K_PREFIX = 0, /* only the first word(s) of a longer entry */
    K_MONTH,
    K_HMONTH,
    K_WEEKDAY,
    K_REL,
    K_ORDDAY,
    K_OF,
    K_MONTH_WORD,
    K_YEAR_WORD,
    K_YEAR_PREP,
    K_PAST,
    K_NEXT,
    K_CURRENT,
    K_BEFORE_PAST,
    K_BEFORE_NEXT,
    K_DAY_WORD,
    K_AT,
    K_AM,
    K_PM,
    K_M,
    K_ERA_AD,
    K_ERA_AH,
    K_TZ,
    K_ORDINAL,
    K_VETO,
    K_SAME,
    K_BEFORE_REL,
    K_FI,
    K_COUNT
};

static const char *const kind_names[K_COUNT] = {
    "prefix",      "month",     "hmonth",    "weekday", "rel",  "ordday",     "of",
    "month_word",  "year_word", "year_prep", "past",    "next", "current",    "before_past",
    "before_next", "day_word",  "at",        "am",      "pm",   "m",          "era_ad",
    "era_ah",      "tz",        "ordinal",   "veto",    "same", "before_rel", "fi"};

enum { F_NOUN_AL = 1, F_STRICT = 2, F_ABBR = 4, F_CAP = 8, F_LOWER = 16, F_DAYPART = 32 };

#define KEY_MAX 48
#define TABLE_SLOTS 2048 /* power of two, well above twice the entries */
#define MAX_WORDS 1000

typedef struct dword {
    uint8_t key[KEY_MAX];
    uint8_t len;
    uint8_t kind;
    int8_t value;
    uint8_t flags;
    bool prefix; /* also the first word(s) of a longer entry */
} dword;

static dword table_words[MAX_WORDS];
static size_t table_count;
static uint16_t table_slots[TABLE_SLOTS]; /* index + 1; 0 empty */
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

/* Folded key codes: Arabic letters U+0621..U+064A become 0xA1..0xCA (the low
 * byte plus 0x80), Latin letters stay a-z, words of a multi-word key are
 * joined by a space. */
#define AR(cp) ((uint8_t)(0x80 + ((cp)-0x600)))
#define C_ALEF AR(0x627)
#define C_LAM AR(0x644)
#define C_WAW AR(0x648)
#define C_FA AR(0x641)
#define C_BA AR(0x628)
#define C_KAF AR(0x643)

static uint32_t key_hash(const uint8_t *k, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ k[i]) * 16777619u;
    return h;
}

static const dword *table_find(const uint8_t *key, size_t len) {
    uint32_t h = key_hash(key, len);
    for (size_t i = h & (TABLE_SLOTS - 1);; i = (i + 1) & (TABLE_SLOTS - 1)) {
        uint16_t slot = table_slots[i];
        if (!slot) return NULL;
        const dword *w = &table_words[slot - 1];
        if (w->len == len && memcmp(w->key, key, len) == 0) return w;
    }
}

/* Inserts key (or returns the existing entry). NULL when the table is full. */
static dword *table_add(const uint8_t *key, size_t len) {
    uint32_t h = key_hash(key, len);
    size_t i = h & (TABLE_SLOTS - 1);
    for (;; i = (i + 1) & (TABLE_SLOTS - 1)) {
        uint16_t slot = table_slots[i];
        if (!slot) break;
        dword *w = &table_words[slot - 1];
        if (w->len == len && memcmp(w->key, key, len) == 0) return w;
    }
    if (table_count >= MAX_WORDS) return NULL;
    dword *w = &table_words[table_count++];
    memset(w, 0, sizeof *w);
    memcpy(w->key, key, len);
    w->len = (uint8_t)len;
    w->kind = K_PREFIX;
    table_slots[i] = (uint16_t)table_count;
    return w;
}

/* ------------------------------------------------------------------------ */
/* Characters                                                                */
/* ------------------------------------------------------------------------ */

static inline bool is_ascii_digit(uint8_t b) {
    return b >= '0' && b <= '9';
}
static inline bool is_ascii_alpha(uint8_t b) {
    return (uint8_t)((b | 0x20) - 'a') < 26;
}

/* Latin-1 letters U+00C0..U+00FF folded to a base letter ('_' for × and ÷). */
static const char latin1_fold[65] =
    "aaaaaaaceeeeiiiidnooooo_ouuuuytsaaaaaaaceeeeiiiidnooooo_ouuuuyty";

/* The value of a digit (ASCII, Arabic-Indic, Persian) at s[i], its byte length
 * in *len; -1 when there is none. */
static inline int digit_at(const uint8_t *s, size_t n, size_t i, size_t *len) {
    uint8_t b = s[i];
    if (is_ascii_digit(b)) {
        *len = 1;
        return b - '0';
    }
    if (i + 1 < n) {
        uint8_t c = s[i + 1];
        if ((b == 0xD9 && c >= 0xA0 && c <= 0xA9) || (b == 0xDB && c >= 0xB0 && c <= 0xB9)) {
            *len = 2;
            return c & 0x0F;
        }
    }
    return -1;
}

/* Length of a horizontal space at s[i] (0 when none): ASCII blanks, no-break
 * and thin spaces, zero-width and bidirectional marks, BOM. */
static inline size_t space_at(const uint8_t *s, size_t n, size_t i) {
    uint8_t b = s[i];
    if (b == ' ' || b == '\t' || b == '\v' || b == '\f') return 1;
    if (b < 0xC2) return 0;
    if (b == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) return 2;
    if (b == 0xD8 && i + 1 < n && s[i + 1] == 0x9C) return 2; /* Arabic letter mark */
    if (b == 0xE2 && i + 2 < n) {
        uint8_t c = s[i + 1], d = s[i + 2];
        if (c == 0x80 && (d <= 0x8F || (d >= 0xAA && d <= 0xAF))) return 3;
        if (c == 0x81 && d >= 0x9F && d <= 0xAF) return 3;
    }
    if (b == 0xEF && i + 2 < n && s[i + 1] == 0xBB && s[i + 2] == 0xBF) return 3;
    return 0;
}

/* The Arabic letter code of a code point, 0 when it is no letter we fold. */
static inline uint8_t fold_arabic(uint32_t cp) {
    switch (cp) {
    case 0x622:
    case 0x623:
    case 0x625:
    case 0x671:
    case 0x672:
    case 0x673:
        return C_ALEF;
    case 0x629:
    case 0x6C1:
    case 0x6D5:
        return AR(0x647);
    case 0x649:
    case 0x6CC:
    case 0x6D2:
        return AR(0x64A);
    case 0x6A9:
        return C_KAF;
    default:
        break;
    }
    if (cp >= 0x621 && cp <= 0x64A) return AR(cp);
    return 0xFE; /* another Arabic letter: kept as a letter, matches nothing */
}

/* ------------------------------------------------------------------------ */
/* Tokens                                                                    */
/* ------------------------------------------------------------------------ */

enum { T_END, T_BREAK, T_NUM, T_WORD, T_PUNCT };

typedef struct tok {
    uint8_t type;
    bool spaced;  /* horizontal space before the token */
    bool latin;   /* T_WORD in Latin script */
    bool cap;     /* Latin word starting with a capital */
    bool tanween; /* Arabic word carrying tanween */
    uint8_t ndigits;
    uint8_t klen;      /* folded key length; 0 when the word is too long */
    uint8_t kskip;     /* key bytes of a clitic stripped to find w */
    int32_t num;       /* T_NUM value (digits beyond 9 saturate), T_PUNCT code point */
    const dword *w;    /* T_WORD table entry, NULL when unknown */
    size_t start, end; /* T_WORD: start after any stripped clitic */
    uint8_t key[KEY_MAX];
} tok;

typedef struct scan_ctx {
    const uint8_t *s;
    size_t n;
    const marsad_date *ref; /* NULL unless a complete, valid reference was given */
    int64_t ref_days;
} scan_ctx;

/* Reads an Arabic word at s[i] (letters, marks, tatweel) into t; returns its end. */
static size_t read_arabic_word(const uint8_t *s, size_t n, size_t i, tok *t) {
    size_t len = 0;
    bool overflow = false;
    while (i + 1 < n) {
        uint8_t b = s[i];
        if (b < 0xD8 || b > 0xDB) break;
        uint8_t c = s[i + 1];
        if ((c & 0xC0) != 0x80) break;
        uint32_t cp = ((uint32_t)(b & 0x1F) << 6) | (c & 0x3F);
        if (cp == 0x640 || mr_is_arabic_mark(cp)) {
            if (cp >= 0x64B && cp <= 0x64D) t->tanween = true;
        } else if (mr_is_arabic_letter(cp)) {
            if (len < KEY_MAX)
                t->key[len++] = fold_arabic(cp);
            else
                overflow = true;
        } else {
            break; /* Arabic digit or punctuation */
        }
        i += 2;
    }
    t->klen = overflow ? 0 : (uint8_t)len;
    return i;
}

/* Reads a Latin word at s[i] (ASCII and Latin-1 letters) into t; returns its end. */
static size_t read_latin_word(const uint8_t *s, size_t n, size_t i, tok *t) {
    size_t len = 0;
    bool overflow = false;
    bool first = true;
    while (i < n) {
        uint8_t b = s[i], k;
        size_t step = 1;
        if (is_ascii_alpha(b)) {
            if (first) t->cap = b < 'a';
            k = (uint8_t)(b | 0x20);
        } else if (b == 0xC3 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0xBF) {
            uint8_t c = s[i + 1];
            k = (uint8_t)latin1_fold[c - 0x80];
            if (k == '_') break;
            if (first) t->cap = c < 0xA0 && c != 0x9F;
            step = 2;
        } else {
            break;
        }
        first = false;
        if (len < KEY_MAX)
            t->key[len++] = k;
        else
            overflow = true;
        i += step;
    }
    t->klen = overflow ? 0 : (uint8_t)len;
    return i;
}

/* Looks an Arabic key up, stripping a clitic (و ف, then ب ل ك) when the
 * whole word is unknown; sets t->w and t->kskip. */
static void lookup_arabic(tok *t) {
    uint8_t *k = t->key;
    size_t n = t->klen;
    t->kskip = 0;
    if (!n) return;
    if ((t->w = table_find(k, n))) return;
    size_t skip = 0;
    if (n - skip >= 3 && (k[skip] == C_WAW || k[skip] == C_FA)) {
        skip++;
        if ((t->w = table_find(k + skip, n - skip))) {
            t->kskip = (uint8_t)skip;
            return;
        }
    }
    /* "للسادس والعشرين": the preposition ل before al- drops the alef. Not
     * for relative days: "لليوم" is "for the day" as often as "for today". */
    if (n - skip >= 4 && k[skip] == C_LAM && k[skip + 1] == C_LAM) {
        k[skip] = C_ALEF;
        if ((t->w = table_find(k + skip, n - skip)) && t->w->kind != K_REL) {
            t->kskip = (uint8_t)skip;
            return;
        }
        t->w = NULL;
        k[skip] = C_LAM;
    }
    if (n - skip >= 3 && (k[skip] == C_BA || k[skip] == C_LAM || k[skip] == C_KAF)) {
        skip++;
        if ((t->w = table_find(k + skip, n - skip))) {
            t->kskip = (uint8_t)skip;
            return;
        }
    }
}

/* Byte offset of the letter `letters` letters into an Arabic word at s[i]. */
static size_t arabic_letter_offset(const uint8_t *s, size_t n, size_t i, size_t letters) {
    while (letters > 0 && i + 1 < n) {
        uint32_t cp = ((uint32_t)(s[i] & 0x1F) << 6) | (s[i + 1] & 0x3F);
        if (mr_is_arabic_letter(cp)) letters--;
        i += 2;
    }
    /* land on the next letter, past any marks */
    while (i + 1 < n && s[i] >= 0xD8 && s[i] <= 0xDB) {
        uint32_t cp = ((uint32_t)(s[i] & 0x1F) << 6) | (s[i + 1] & 0x3F);
        if (mr_is_arabic_letter(cp)) break;
        i += 2;
    }
    return i;
}

static inline bool arabic_letter_at(const uint8_t *s, size_t n, size_t i) {
    if (i + 1 >= n || s[i] < 0xD8 || s[i] > 0xDB || (s[i + 1] & 0xC0) != 0x80) return false;
    uint32_t cp = ((uint32_t)(s[i] & 0x1F) << 6) | (s[i + 1] & 0x3F);
    return mr_is_arabic_letter(cp);
}

static inline bool latin_letter_at(const uint8_t *s, size_t n, size_t i) {
    if (is_ascii_alpha(s[i])) return true;
    return s[i] == 0xC3 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0xBF &&
           latin1_fold[s[i + 1] - 0x80] != '_';
}

/* Reads the token at s[pos] after any horizontal space. */
static void lex(const scan_ctx *c, size_t pos, tok *t) {
    const uint8_t *s = c->s;
    size_t n = c->n;
    t->spaced = false;
    t->latin = t->cap = t->tanween = false;
    t->w = NULL;
    t->klen = t->kskip = 0;
    t->ndigits = 0;
    t->num = 0;
    for (size_t sp; pos < n && (sp = space_at(s, n, pos)) > 0; pos += sp) t->spaced = true;
    t->start = pos;
    if (pos >= n) {
        t->type = T_END;
        t->end = pos;
        return;
    }
    size_t dl = 0;
    int dv = digit_at(s, n, pos, &dl);
    if (dv >= 0) {
        int64_t v = 0;
        unsigned nd = 0;
        while (pos < n && (dv = digit_at(s, n, pos, &dl)) >= 0) {
            if (nd < 9) v = v * 10 + dv;
            nd++;
            pos += dl;
        }
        t->type = T_NUM;
        t->num = nd <= 9 ? (int32_t)v : 999999999;
        t->ndigits = (uint8_t)(nd > 255 ? 255 : nd);
        t->end = pos;
        return;
    }
    uint8_t b = s[pos];
    if (b == '\n' || b == '\r' ||
        (b == 0xE2 && pos + 2 < n && s[pos + 1] == 0x80 &&
         (s[pos + 2] == 0xA8 || s[pos + 2] == 0xA9))) {
        t->type = T_BREAK;
        t->end = pos + (b == 0xE2 ? 3 : 1);
        return;
    }
    if (latin_letter_at(s, n, pos)) {
        t->type = T_WORD;
        t->latin = true;
        t->end = read_latin_word(s, n, pos, t);
        if (t->klen) t->w = table_find(t->key, t->klen);
        return;
    }
    if (arabic_letter_at(s, n, pos)) {
        t->type = T_WORD;
        t->end = read_arabic_word(s, n, pos, t);
        lookup_arabic(t);
        if (t->kskip) t->start = arabic_letter_offset(s, n, pos, t->kskip);
        return;
    }
    /* punctuation (or a stray mark or invalid byte): one code point */
    uint32_t cp;
    size_t len = mr_utf8_decode(s + pos, n - pos, &cp);
    if (len == 0) len = 1;
    switch (cp) {
    case 0x060C: /* Arabic comma */
        cp = ',';
        break;
    case 0x060D: /* Arabic date separator */
        cp = '/';
        break;
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2212:
        cp = '-';
        break;
    default:
        break;
    }
    t->type = T_PUNCT;
    t->num = (int32_t)(cp == MR_UTF8_INVALID ? 0xFFFD : cp);
    t->end = pos + len;
}

/* lex, then extend a word that starts a multi-word entry ("كانون الثاني",
 * "أول من أمس") to the longest entry that matches. */
static void lex_term(const scan_ctx *c, size_t pos, tok *t) {
    lex(c, pos, t);
    if (t->type != T_WORD || !t->w || !t->w->prefix) return;
    uint8_t key[KEY_MAX];
    size_t klen = (size_t)(t->klen - t->kskip);
    memcpy(key, t->key + t->kskip, klen);
    const dword *best = t->w->kind != K_PREFIX ? t->w : NULL;
    size_t best_end = t->end;
    size_t at = t->end;
    tok next;
    for (int words = 1; words < 4; words++) {
        lex(c, at, &next);
        if (next.type != T_WORD || !next.spaced || next.latin != t->latin || !next.klen) break;
        if (klen + 1 + next.klen > KEY_MAX) break;
        key[klen++] = ' ';
        memcpy(key + klen, next.key, next.klen);
        klen += next.klen;
        const dword *e = table_find(key, klen);
        if (!e) break;
        if (e->kind != K_PREFIX) {
            best = e;
            best_end = next.end;
        }
        if (!e->prefix) break;
        at = next.end;
    }
    t->w = best;
    t->end = best_end;
}

/* The word just before pos (across horizontal space only), lexed into t. */
static bool prev_word(const scan_ctx *c, size_t pos, tok *t) {
    const uint8_t *s = c->s;
    size_t p = pos;
    for (;;) {
        if (p >= 1 && (s[p - 1] == ' ' || s[p - 1] == '\t')) {
            p--;
        } else if (p >= 2 && s[p - 2] == 0xC2 && s[p - 1] == 0xA0) {
            p -= 2;
        } else if (p >= 3 && s[p - 3] == 0xE2 && s[p - 2] == 0x80 &&
                   ((s[p - 1] >= 0x8B && s[p - 1] <= 0x8F) ||
                    (s[p - 1] >= 0xAA && s[p - 1] <= 0xAE))) {
            p -= 3;
        } else {
            break;
        }
    }
    size_t end = p;
    while (p >= 2 && s[p - 2] >= 0xD8 && s[p - 2] <= 0xDB && (s[p - 1] & 0xC0) == 0x80) {
        uint32_t cp = ((uint32_t)(s[p - 2] & 0x1F) << 6) | (s[p - 1] & 0x3F);
        if (!(mr_is_arabic_letter(cp) || mr_is_arabic_mark(cp) || cp == 0x640)) break;
        p -= 2;
    }
    if (p == end) {
        for (;;) {
            if (p >= 1 && is_ascii_alpha(s[p - 1])) {
                p--;
            } else if (p >= 2 && s[p - 2] == 0xC3 && s[p - 1] >= 0x80 && s[p - 1] <= 0xBF) {
                p -= 2;
            } else {
                break;
            }
        }
    }
    if (p == end) return false;
    lex(c, p, t);
    return t->type == T_WORD && t->end == end;
}

static inline bool is_kind(const tok *t, int kind) {
    return t->type == T_WORD && t->w && t->w->kind == kind;
}
static inline bool is_punct(const tok *t, int32_t cp) {
    return t->type == T_PUNCT && t->num == cp;
}

/* A Latin word inside a handle, tag or identifier ("@sunday_woman",
 * "#Today", "path/monday") is no date word. */
static bool latin_word_embedded(const scan_ctx *c, const tok *t) {
    if (!t->latin) return false;
    uint8_t before = t->start > 0 ? c->s[t->start - 1] : ' ';
    uint8_t after = t->end < c->n ? c->s[t->end] : ' ';
    return before == '@' || before == '#' || before == '_' || before == '/' || before == '\\' ||
           after == '_' || after == '@' || after == '/';
}

/* ------------------------------------------------------------------------ */
/* Grammar                                                                   */
/* ------------------------------------------------------------------------ */

enum { MREL_NONE, MREL_PAST, MREL_NEXT, MREL_CURRENT };

/* A date as read, before validation and resolution. */
typedef struct draft {
    int year, month, day, hour, minute, weekday;
    bool hijri;
    int rel_kind, rel_days;
    int month_rel;
    bool has_year_rel;
    bool paired; /* the month named in both series: "أيلول (سبتمبر)" */
    int year_rel;
    bool has_tz;
    int tz;
    size_t start, end;
} draft;

static void draft_init(draft *d) {
    memset(d, 0, sizeof *d);
    d->hour = d->minute = -1;
}

static bool is_trigger_kind(int kind) {
    return kind == K_MONTH || kind == K_HMONTH || kind == K_WEEKDAY || kind == K_REL ||
           kind == K_ORDDAY;
}

/* True when the digit run ending at `end` continues as a longer numeric
 * string: "2018-2019", "12/11/2018/5", "3.5". */
static bool numeric_continues(const scan_ctx *c, size_t end) {
    if (end + 1 >= c->n) return false;
    uint8_t b = c->s[end];
    if (b != '/' && b != '-' && b != '.' && b != ':' && b != ',') return false;
    size_t dl = 0;
    return digit_at(c->s, c->n, end + 1, &dl) >= 0;
}

/* True when the digit run starting at `start` continues one on its left. */
static bool numeric_precedes(const scan_ctx *c, size_t start) {
    if (start < 2) return false;
    uint8_t b = c->s[start - 1];
    if (b != '/' && b != '-' && b != '.' && b != ':') return false;
    size_t dl = 0;
    if (is_ascii_digit(c->s[start - 2])) return true;
    return start >= 3 && digit_at(c->s, c->n, start - 3, &dl) >= 0 && dl == 2;
}

/* "+03:00", "+0300", "-05" right at s[i]. */
static bool read_offset(const scan_ctx *c, size_t i, int *tz, size_t *end) {
    const uint8_t *s = c->s;
    size_t n = c->n;
    if (i >= n || (s[i] != '+' && s[i] != '-')) return false;
    int sign = s[i] == '-' ? -1 : 1;
    i++;
    int digits[4], nd = 0;
    bool colon = false;
    while (i < n && nd < 4) {
        if (is_ascii_digit(s[i])) {
            digits[nd++] = s[i] - '0';
            i++;
        } else if (s[i] == ':' && nd == 2 && !colon) {
            colon = true;
            i++;
        } else {
            break;
        }
    }
    if (i < n && is_ascii_digit(s[i])) return false;
    int h, m = 0;
    if (nd == 2 && !colon) {
        h = digits[0] * 10 + digits[1];
    } else if (nd == 4) {
        h = digits[0] * 10 + digits[1];
        m = digits[2] * 10 + digits[3];
    } else {
        return false;
    }
    if (h > 14 || m > 59) return false;
    *tz = sign * (h * 60 + m);
    *end = i;
    return true;
}

/* A time "10:30", "10:30:15", "10:30 ص", "10:30 PM", "09:30:00+03:00", "9:30
 * GMT" at pos. */
static bool parse_time(const scan_ctx *c, size_t pos, draft *d, size_t *end_out, bool iso) {
    const uint8_t *s = c->s;
    size_t n = c->n;
    tok h, colon, m;
    lex(c, pos, &h);
    if (h.type != T_NUM || h.ndigits > 2 || h.num > 23) return false;
    lex(c, h.end, &colon);
    if (!is_punct(&colon, ':') || colon.spaced) return false;
    lex(c, colon.end, &m);
    if (m.type != T_NUM || m.spaced || m.ndigits != 2 || m.num > 59) return false;
    size_t end = m.end;
    bool had_seconds = false;
    tok x;
    lex(c, end, &x);
    if (is_punct(&x, ':') && !x.spaced) {
        had_seconds = true;
        tok sec;
        lex(c, x.end, &sec);
        if (sec.type != T_NUM || sec.spaced || sec.ndigits != 2 || sec.num > 60) return false;
        end = sec.end;
        if (end + 1 < n && (s[end] == '.' || s[end] == ',') && is_ascii_digit(s[end + 1])) {
            end++;
            while (end < n && is_ascii_digit(s[end])) end++;
        }
    }
    if (numeric_continues(c, end) && s[end] != '-' && s[end] != ',') return false;
    int hour = h.num;
    /* AM/PM: ص/م, صباحا/مساء, AM/PM, a.m./p.m. */
    lex(c, end, &x);
    int half = 0; /* 1 am, 2 pm */
    if (x.type == T_WORD && x.w && (x.w->kind == K_AM || x.w->kind == K_PM || x.w->kind == K_M)) {
        half = x.w->kind == K_AM ? 1 : 2;
        end = x.end;
    } else if (x.type == T_WORD && x.latin && x.klen == 1 && (x.key[0] == 'a' || x.key[0] == 'p') &&
               x.end + 2 < n && s[x.end] == '.' && (s[x.end + 1] | 0x20) == 'm' &&
               s[x.end + 2] == '.') {
        half = x.key[0] == 'a' ? 1 : 2;
        end = x.end + 3;
    }
    if (half && hour >= 1 && hour <= 12) {
        if (half == 2 && hour < 12) hour += 12;
        if (half == 1 && hour == 12) hour = 0;
    }
    d->hour = hour;
    d->minute = m.num;
    /* Zone: "Z", "+03:00", "+0300", "GMT", "GMT+3", "UTC +03:00". */
    int tz;
    size_t tz_end;
    if (end < n && s[end] == 'Z' && !(end + 1 < n && latin_letter_at(s, n, end + 1))) {
        d->has_tz = true;
        d->tz = 0;
        end++;
    } else if (end < n && (s[end] == '+' || had_seconds || iso) &&
               read_offset(c, end, &tz, &tz_end)) {
        /* "-05:00" after "10:30" could start a range ("10:30-11:30"); after
         * seconds or a 'T' it is an offset */
        d->has_tz = true;
        d->tz = tz;
        end = tz_end;
    } else {
        lex(c, end, &x);
        if (is_kind(&x, K_TZ)) {
            d->has_tz = true;
            d->tz = 0;
            end = x.end;
            size_t p = end;
            if (p < n && s[p] == ' ') p++;
            if (p < n && (s[p] == '+' || s[p] == '-')) {
                /* "GMT+3": one or two digits are hours */
                size_t q = p + 1;
                int hh = 0, nd = 0;
                while (q < n && is_ascii_digit(s[q]) && nd < 2) hh = hh * 10 + (s[q++] - '0'), nd++;
                if (nd && !(q < n && (is_ascii_digit(s[q]) || s[q] == ':')) && hh <= 14) {
                    d->tz = (s[p] == '-' ? -1 : 1) * hh * 60;
                    end = q;
                } else if (read_offset(c, p, &tz, &tz_end)) {
                    d->tz = tz;
                    end = tz_end;
                }
            }
        } else if (x.type == T_PUNCT && x.spaced && (x.num == '+' || x.num == '-') &&
                   x.start + 5 <= n && read_offset(c, x.start, &tz, &tz_end) &&
                   tz_end - x.start == 5) {
            d->has_tz = true; /* RFC 2822: "09:30:00 +0300" */
            d->tz = tz;
            end = tz_end;
        }
    }
    *end_out = end;
    return true;
}

/* Separators allowed between a date and its time. Returns the position of the
 * next token that is neither. */
static size_t skip_time_separators(const scan_ctx *c, size_t pos) {
    tok t;
    for (int i = 0; i < 3; i++) {
        lex(c, pos, &t);
        if (t.type == T_PUNCT && (t.num == ',' || t.num == '-' || t.num == '|' || t.num == '@' ||
                                  t.num == '/' || t.num == 0x2022 || t.num == 0xB7)) {
            pos = t.end;
            continue;
        }
        if (is_kind(&t, K_AT) || is_kind(&t, K_FI)) {
            pos = t.end;
            continue;
        }
        break;
    }
    return pos;
}

/* A time right after a date ("12 نوفمبر 2018 - 10:30 ص"). */
static void time_tail(const scan_ctx *c, draft *d) {
    if (!d->day || d->hour >= 0) return;
    size_t pos = skip_time_separators(c, d->end);
    size_t end;
    draft t = *d;
    if (parse_time(c, pos, &t, &end, false)) {
        t.end = end;
        *d = t;
    }
}

static bool parse_date_at(const scan_ctx *c, size_t pos, draft *d);
static bool finish(const scan_ctx *c, const draft *d, mr_date_found *f);

/* parse_date_at, counting only a date that survives validation (a Hijri day
 * without a year and no reference does not). */
static bool date_follows(const scan_ctx *c, size_t pos, draft *d) {
    mr_date_found f;
    return parse_date_at(c, pos, d) && finish(c, d, &f);
}

/* The year, paired month, and relative words after a month name. */
static void month_tail(const scan_ctx *c, draft *d, const tok *month, bool month_first) {
    const uint8_t *s = c->s;
    size_t n = c->n;
    size_t pos = month->end;
    tok x, y;
    int mkind = month->w->kind;
    if (month->latin) {
        lex(c, pos, &x);
        if (is_punct(&x, '.') && !x.spaced) pos = x.end; /* "Nov." */
    }
    /* The other series' name of the same month: "سبتمبر / أيلول",
     * "أيلول (سبتمبر)", "اغسطس آب". */
    lex_term(c, pos, &x);
    if (x.type == T_PUNCT && (x.num == '/' || x.num == '(' || x.num == '-')) {
        lex_term(c, x.end, &y);
        if (is_kind(&y, mkind) && y.w->value == d->month && !y.latin) {
            size_t p = y.end;
            if (x.num == '(') {
                tok close;
                lex(c, p, &close);
                p = is_punct(&close, ')') ? close.end : 0;
            }
            if (p) {
                pos = p;
                d->paired = true;
            }
        }
    } else if (is_kind(&x, mkind) && x.w->value == d->month && !x.latin && !month->latin) {
        pos = x.end;
        d->paired = true;
    }
    d->end = pos;
    /* A day after the month: "November 12", "Nov. 12th"; in Arabic only with a
     * year after it ("نوفمبر 12, 2018", as some Arabic sites print it). */
    if (month_first && !d->day) {
        lex(c, pos, &x);
        if (x.type == T_NUM && x.ndigits <= 2 && x.num >= 1 && x.num <= 31 &&
            !(x.end < n && s[x.end] == ':')) {
            size_t p = x.end;
            tok o;
            lex(c, p, &o);
            if (is_kind(&o, K_ORDINAL) && !o.spaced) p = o.end;
            if (month->latin) {
                d->day = x.num;
                pos = p;
            } else {
                tok comma, yr;
                lex(c, p, &comma);
                size_t q = is_punct(&comma, ',') ? comma.end : p;
                lex(c, q, &yr);
                if (yr.type == T_NUM && yr.ndigits == 4 && !numeric_continues(c, yr.end)) {
                    d->day = x.num;
                    pos = p;
                }
            }
        }
    }
    /* The year: ", 2018", "عام 2018", "de 2018", "من العام 2018", "2018م";
     * or a year relative to the reference: "من العام الماضي". */
    size_t p = pos;
    lex(c, p, &x);
    if (is_punct(&x, ',')) {
        p = x.end;
        lex(c, p, &x);
    }
    if (is_kind(&x, K_OF)) {
        p = x.end;
        lex(c, p, &x);
    }
    bool year_word = false;
    if (is_kind(&x, K_YEAR_WORD)) {
        year_word = true;
        p = x.end;
        lex(c, p, &x);
    }
    bool got_year = false;
    if (x.type == T_NUM && x.ndigits == 4 && !numeric_continues(c, x.end)) {
        int yv = x.num;
        size_t q = x.end;
        tok era;
        lex_term(c, q, &era);
        bool ah = is_kind(&era, K_ERA_AH), ad = is_kind(&era, K_ERA_AD) || is_kind(&era, K_M);
        bool fits =
            d->hijri ? (yv >= 1300 && yv <= 1600 && !ad) : (yv >= 1000 && yv <= 2200 && !ah);
        if (fits) {
            if (ah || ad) q = era.end;
            d->year = yv;
            pos = q;
            got_year = true;
        }
    } else if (year_word &&
               (is_kind(&x, K_PAST) || is_kind(&x, K_CURRENT) || is_kind(&x, K_NEXT))) {
        d->has_year_rel = true;
        d->year_rel = is_kind(&x, K_PAST) ? -1 : is_kind(&x, K_NEXT) ? 1 : 0;
        pos = x.end;
    }
    if (!got_year && !d->has_year_rel) {
        lex(c, pos, &x);
        if (is_kind(&x, K_PAST)) {
            d->month_rel = MREL_PAST;
            pos = x.end;
        } else if (is_kind(&x, K_NEXT)) {
            d->month_rel = MREL_NEXT;
            pos = x.end;
        } else if (is_kind(&x, K_CURRENT)) {
            d->month_rel = MREL_CURRENT;
            pos = x.end;
        }
    }
    d->end = pos;
    time_tail(c, d);
}

/* Day first: "12 نوفمبر 2018", "13 من تشرين الثاني", "السابع من يونيو",
 * "12th of November", "12. November", "12 de noviembre de 2018". */
static bool parse_day_first(const scan_ctx *c, const tok *t, draft *d) {
    bool ordinal_word = t->type == T_WORD;
    int day = ordinal_word ? t->w->value : t->num;
    if (day < 1 || day > 31) return false;
    size_t pos = t->end;
    tok x;
    lex(c, pos, &x);
    if (!ordinal_word) {
        if (is_kind(&x, K_ORDINAL) && !x.spaced) {
            pos = x.end;
            lex(c, pos, &x);
        } else if ((is_punct(&x, '.') || is_punct(&x, 0xBA)) && !x.spaced) {
            pos = x.end; /* "12. November", "1º de mayo" */
            lex(c, pos, &x);
        }
    }
    bool of = false;
    if (is_kind(&x, K_OF)) {
        of = true;
        pos = x.end;
        lex(c, pos, &x);
    }
    if (is_kind(&x, K_MONTH_WORD)) {
        pos = x.end;
        lex(c, pos, &x);
    }
    if (ordinal_word && !of) return false;
    tok m;
    lex_term(c, pos, &m);
    if (!is_kind(&m, K_MONTH) && !is_kind(&m, K_HMONTH)) return false;
    draft_init(d);
    d->day = day;
    d->month = m.w->value;
    d->hijri = m.w->kind == K_HMONTH;
    d->start = t->start;
    d->end = m.end;
    month_tail(c, d, &m, false);
    if ((m.w->flags & F_CAP) && !m.cap && !d->year) return false; /* "12 may be" */
    return true;
}

/* Month first: "November 12, 2018", "نوفمبر 2018", "شهر سبتمبر الماضي",
 * "أيلول (سبتمبر) 2018", "last November". */
static bool parse_month_first(const scan_ctx *c, const tok *t, draft *d, bool need_day) {
    draft_init(d);
    d->month = t->w->value;
    d->hijri = t->w->kind == K_HMONTH;
    d->start = t->start;
    d->end = t->end;
    bool month_word = false;
    tok pw;
    if (prev_word(c, t->start, &pw) && pw.w) {
        if (pw.w->kind == K_MONTH_WORD) {
            month_word = true;
            d->start = pw.start;
        } else if (pw.w->kind == K_BEFORE_PAST && t->latin) {
            d->month_rel = MREL_PAST;
            d->start = pw.start;
        } else if (pw.w->kind == K_BEFORE_NEXT && t->latin) {
            d->month_rel = MREL_NEXT;
            d->start = pw.start;
        }
    }
    month_tail(c, d, t, true);
    if (need_day && !d->day) return false;
    if (d->hijri && !d->day) return false; /* a Hijri month alone has no Gregorian month */
    if (!d->day && !d->year && !d->month_rel && !d->has_year_rel && !month_word && !d->paired)
        return false;
    if ((t->w->flags & F_CAP) && !t->cap && !d->year) return false;
    if ((t->w->flags & F_LOWER) && t->cap && !d->day) return false;
    return true;
}

/* Numeric: "2018-11-12", "12/11/2018", "12.11.2018", "1436/10/05هـ",
 * "4 - 7 - 1432هـ", "2018-11-12T09:30:00+03:00". */
static bool parse_numeric(const scan_ctx *c, const tok *a, draft *d) {
    const uint8_t *s = c->s;
    size_t n = c->n;
    tok sep1, b, sep2, cc;
    lex(c, a->end, &sep1);
    if (sep1.type != T_PUNCT || (sep1.num != '/' && sep1.num != '-' && sep1.num != '.'))
        return false;
    lex(c, sep1.end, &b);
    if (b.type != T_NUM || b.ndigits > 2) return false;
    lex(c, b.end, &sep2);
    if (!is_punct(&sep2, sep1.num)) return false;
    lex(c, sep2.end, &cc);
    if (cc.type != T_NUM) return false;
    bool spaced = sep1.spaced || b.spaced || sep2.spaced || cc.spaced;
    if (spaced && sep1.num == '.') return false;
    if (numeric_precedes(c, a->start) || numeric_continues(c, cc.end)) return false;
    int y, m, day;
    bool ymd = false;
    if (a->ndigits == 4 && cc.ndigits <= 2) {
        y = a->num;
        m = b.num;
        day = cc.num;
        ymd = true;
    } else if (a->ndigits <= 2 && cc.ndigits == 4) {
        day = a->num;
        m = b.num;
        y = cc.num;
        if (m > 12 && day <= 12) { /* month first, as US sites write it */
            int tmp = m;
            m = day;
            day = tmp;
        }
    } else {
        return false;
    }
    size_t end = cc.end;
    tok era;
    lex_term(c, end, &era);
    bool ah = is_kind(&era, K_ERA_AH), ad = is_kind(&era, K_ERA_AD) || is_kind(&era, K_M);
    if (ah || ad) end = era.end;
    if (spaced && !ah && !ad) return false;
    bool hijri = ah || (!ad && y >= 1300 && y <= 1500);
    if (hijri ? (y < 1300 || y > 1600) : (y < 1900 || y > 2100)) return false;
    if (m < 1 || m > 12 || day < 1 || day > 31) return false;
    draft_init(d);
    d->year = y;
    d->month = m;
    d->day = day;
    d->hijri = hijri;
    d->start = a->start;
    d->end = end;
    if (!hijri && ymd && !ah && !ad && end + 1 < n && (s[end] == 'T' || s[end] == 't') &&
        is_ascii_digit(s[end + 1])) {
        draft t = *d;
        size_t tend;
        if (parse_time(c, end + 1, &t, &tend, true)) {
            t.end = tend;
            *d = t;
        }
        return true;
    }
    time_tail(c, d);
    return true;
}

/* A year marked as one: "عام 2018", "العام 2018", "2018م", "in 2018." */
static bool parse_year_only(const scan_ctx *c, const tok *t, draft *d) {
    int y = t->num;
    if (t->ndigits != 4 || y < 1900 || y > 2100) return false;
    if (numeric_continues(c, t->end) || numeric_precedes(c, t->start)) return false;
    size_t start = t->start, end = t->end;
    bool marked = false;
    tok x, pw;
    lex_term(c, end, &x);
    if (is_kind(&x, K_ERA_AH)) return false;
    if (is_kind(&x, K_ERA_AD) || is_kind(&x, K_M)) {
        marked = true;
        end = x.end;
    }
    if (prev_word(c, t->start, &pw) && pw.w) {
        if (pw.w->kind == K_YEAR_WORD) {
            marked = true;
            start = pw.start;
        } else if (pw.w->kind == K_YEAR_PREP && !marked) {
            /* "in 2018" only at the end of a clause: "in 2018 homes" is a count */
            lex(c, t->end, &x);
            if (x.type == T_END || x.type == T_BREAK ||
                (x.type == T_PUNCT &&
                 (x.num == ',' || x.num == '.' || x.num == ';' || x.num == ')')))
                marked = true;
        }
    }
    if (!marked) return false;
    draft_init(d);
    d->year = y;
    d->start = start;
    d->end = end;
    return true;
}

/* A date right at pos, as after a weekday or a time: numeric, day first, or
 * month first with a day. */
static bool parse_date_at(const scan_ctx *c, size_t pos, draft *d) {
    tok t;
    lex_term(c, pos, &t);
    if (t.type == T_NUM) {
        if (t.end < c->n && (c->s[t.end] == '/' || c->s[t.end] == '-' || c->s[t.end] == '.') &&
            parse_numeric(c, &t, d))
            return true;
        if (t.ndigits == 4 && parse_numeric(c, &t, d)) return true;
        return t.ndigits <= 2 && parse_day_first(c, &t, d);
    }
    if (is_kind(&t, K_ORDDAY)) return parse_day_first(c, &t, d);
    if (is_kind(&t, K_MONTH) || is_kind(&t, K_HMONTH)) return parse_month_first(c, &t, d, true);
    return false;
}

/* A weekday: with a date after it, or on its own as a relative date. */
static bool parse_weekday(const scan_ctx *c, const tok *t, draft *d) {
    if (latin_word_embedded(c, t)) return false;
    int wd = t->w->value;
    size_t start = t->start;
    int rel = 0;
    bool veto = false;
    tok pw, x;
    if (prev_word(c, t->start, &pw) && pw.w) {
        if (pw.w->kind == K_DAY_WORD) {
            start = pw.start;
        } else if (pw.w->kind == K_BEFORE_PAST && t->latin) {
            rel = -1;
            start = pw.start;
        } else if (pw.w->kind == K_BEFORE_NEXT && t->latin) {
            rel = 7;
            start = pw.start;
        } else if (pw.w->kind == K_VETO) {
            veto = true;
        }
    }
    size_t p = t->end;
    if (t->latin) {
        lex(c, p, &x);
        if (is_punct(&x, '.') && !x.spaced) p = x.end; /* "Tue." */
        /* Portuguese "segunda-feira" */
        static const char feira[] = "-feira";
        if (p + 6 <= c->n && !strncasecmp((const char *)c->s + p, feira, 6)) p += 6;
    }
    lex(c, p, &x);
    if (is_punct(&x, ',') || is_punct(&x, '-')) p = x.end;
    if (date_follows(c, p, d)) {
        d->weekday = wd;
        d->start = start;
        return true;
    }
    if ((t->w->flags & F_ABBR) || veto) return false;
    draft_init(d);
    size_t end = t->end;
    lex(c, end, &x);
    if (is_kind(&x, K_PAST) && !t->latin) {
        rel = -1;
        end = x.end;
    } else if (is_kind(&x, K_NEXT) && !t->latin) {
        rel = 7;
        end = x.end;
    }
    d->rel_kind = MARSAD_REL_WEEKDAY;
    d->rel_days = rel;
    d->weekday = wd;
    d->start = start;
    d->end = end;
    return true;
}

/* A relative day: أمس, اليوم, غدا, أول أمس, yesterday; with the weekday it
 * names when one follows ("أمس الأحد") and no date follows that weekday. */
static bool parse_rel(const scan_ctx *c, const tok *t, draft *d) {
    if (latin_word_embedded(c, t)) return false;
    const dword *w = t->w;
    tok pw, x;
    int days = w->value;
    size_t start = t->start;
    if (t->latin && t->cap) {
        /* "TODAY" (a programme), "Pakistan Today" (a paper): a name */
        bool all_caps = true;
        for (size_t i = t->start; i < t->end; i++)
            if (c->s[i] >= 'a' && c->s[i] <= 'z') all_caps = false;
        if (all_caps && t->end - t->start > 3) return false;
        if (prev_word(c, t->start, &pw) && pw.latin && pw.cap) return false;
    }
    if (prev_word(c, t->start, &pw) && pw.w) {
        if (pw.w->kind == K_VETO) return false;
        if (pw.w->kind == K_BEFORE_REL && days == -1) { /* "قبل أمس" */
            days = -2;
            start = pw.start;
        }
        /* "في اليوم الأول", "في اليوم ذاته": the noun "day" */
        if ((w->flags & F_NOUN_AL) && pw.w->kind == K_FI) return false;
    }
    lex_term(c, t->end, &x);
    if (w->flags & F_NOUN_AL) {
        /* "اليوم التالي", "اليوم الوطني", "اليوم نفسه": the noun again */
        if (is_kind(&x, K_SAME)) return false;
        if (x.type == T_WORD && !x.latin && x.klen - x.kskip >= 3 && x.key[x.kskip] == C_ALEF &&
            x.key[x.kskip + 1] == C_LAM && !is_kind(&x, K_WEEKDAY))
            return false;
    }
    if (w->flags & F_DAYPART) { /* "مساء غد", "صباح الغد" */
        if (!prev_word(c, t->start, &pw) || !pw.w || (pw.w->kind != K_AM && pw.w->kind != K_PM))
            return false;
    }
    if (w->flags & F_STRICT) {
        bool ok = t->tanween || x.type == T_PUNCT || x.type == T_END || x.type == T_BREAK ||
                  is_kind(&x, K_WEEKDAY);
        if (!ok) return false;
    }
    draft_init(d);
    d->rel_kind = MARSAD_REL_DAYS;
    d->rel_days = days;
    d->start = start;
    d->end = t->end;
    /* The weekday it names: "أمس الأحد", "أمس، الأحد", "اليوم (الاثنين)" */
    size_t p = t->end;
    lex(c, p, &x);
    bool paren = is_punct(&x, '(');
    if (paren || is_punct(&x, ',')) p = x.end;
    lex_term(c, p, &x);
    if (is_kind(&x, K_WEEKDAY) && !(x.w->flags & F_ABBR)) {
        size_t q = x.end;
        tok y;
        lex(c, q, &y);
        if (paren) {
            if (!is_punct(&y, ')')) return true;
            d->weekday = x.w->value;
            d->end = y.end;
            return true;
        }
        if (is_punct(&y, ',') || is_punct(&y, '-')) q = y.end;
        draft probe;
        if (!date_follows(c, q, &probe)) {
            d->weekday = x.w->value;
            d->end = x.end;
        }
    }
    return true;
}

/* A time first, then a date: "10:30 12/11/2018". */
static bool parse_time_first(const scan_ctx *c, const tok *t, draft *d) {
    draft tm;
    draft_init(&tm);
    size_t end;
    if (!parse_time(c, t->start, &tm, &end, false)) return false;
    size_t pos = skip_time_separators(c, end);
    tok x;
    lex_term(c, pos, &x);
    bool ok = false;
    if (is_kind(&x, K_WEEKDAY)) {
        ok = parse_weekday(c, &x, d) && d->day;
    } else {
        ok = parse_date_at(c, pos, d);
    }
    if (!ok || !d->day) return false;
    if (d->hour < 0) {
        d->hour = tm.hour;
        d->minute = tm.minute;
        d->has_tz = tm.has_tz;
        d->tz = tm.tz;
    }
    d->start = t->start;
    return true;
}

static bool parse_number(const scan_ctx *c, const tok *t, draft *d) {
    const uint8_t *s = c->s;
    size_t n = c->n;
    uint8_t next = t->end < n ? s[t->end] : 0;
    if (next == ':') return parse_time_first(c, t, d);
    if (parse_numeric(c, t, d)) return true;
    if (numeric_precedes(c, t->start) || numeric_continues(c, t->end)) return false;
    if (t->ndigits <= 2) return parse_day_first(c, t, d);
    if (t->ndigits == 4) return parse_year_only(c, t, d);
    return false;
}

/* ------------------------------------------------------------------------ */
/* Validation and resolution                                                 */
/* ------------------------------------------------------------------------ */

/* The year that puts (month, day) nearest the reference, a date ahead of it
 * counting three times its distance (news looks back more than ahead), one
 * that matches a written weekday preferred. 0 when none fits. */
static int nearest_year(const scan_ctx *c, int month, int day, int weekday) {
    int best = 0;
    int64_t best_cost = 0;
    bool best_wd = false;
    for (int y = c->ref->year - 1; y <= c->ref->year + 1; y++) {
        if (day > mr_days_in_month(y, month)) continue;
        int64_t t = mr_days_from_civil(y, month, day);
        int64_t cost = t >= c->ref_days ? 3 * (t - c->ref_days) : c->ref_days - t;
        bool wd_ok = weekday && mr_weekday_from_days(t) == weekday;
        if (!best || (wd_ok && !best_wd) || (wd_ok == best_wd && cost < best_cost)) {
            best = y;
            best_cost = cost;
            best_wd = wd_ok;
        }
    }
    return best;
}

/* Turns a draft into a found date: validates, converts Hijri dates, checks a
 * weekday against the date, resolves against the reference. */
static bool finish(const scan_ctx *c, const draft *d, mr_date_found *f) {
    marsad_date *o = &f->m.date;
    marsad_date_clear(o);
    f->flags = 0;
    f->m.start = d->start;
    f->m.end = d->end;
    if (d->rel_kind) {
        o->rel_kind = (int8_t)d->rel_kind;
        o->rel_days = (int16_t)d->rel_days;
        o->weekday = (int8_t)d->weekday;
        if (c->ref) {
            int64_t t = c->ref_days + d->rel_days;
            if (d->rel_kind == MARSAD_REL_WEEKDAY) {
                t -= (mr_weekday_from_days(t) - d->weekday + 7) % 7;
            } else if (d->weekday) {
                /* "أمس الأحد" in a report dated Tuesday: the text was written on
                 * Monday; trust the weekday when it lies a day or two earlier. */
                int back = (mr_weekday_from_days(t) - d->weekday + 7) % 7;
                if (back <= 2) {
                    t -= back;
                } else {
                    o->weekday = 0;
                    f->flags |= MR_DATE_WEEKDAY_DROPPED;
                }
            }
            int y, m, day;
            mr_civil_from_days(t, &y, &m, &day);
            if (y < 1 || y > 9999) return false;
            o->year = (int16_t)y;
            o->month = (int8_t)m;
            o->day = (int8_t)day;
            o->resolved = true;
        } else {
            f->flags |= MR_DATE_PARTIAL;
        }
        return true;
    }
    int y = d->year, m = d->month, day = d->day, weekday = d->weekday;
    if (m < 0 || m > 12 || (!m && (day || !y))) return false;
    if (d->hijri) {
        if (!day) return false;
        int64_t t;
        if (y) {
            if (!mr_hijri_to_days(y, m, day, &t)) return false;
        } else {
            if (!c->ref) return false;
            int hy, hm, hd;
            mr_hijri_from_days(c->ref_days, &hy, &hm, &hd);
            int64_t best = 0, best_cost = -1;
            for (int cy = hy - 1; cy <= hy + 1; cy++) {
                int64_t ct;
                if (!mr_hijri_to_days(cy, m, day, &ct)) continue;
                int64_t cost = ct >= c->ref_days ? 3 * (ct - c->ref_days) : c->ref_days - ct;
                if (best_cost < 0 || cost < best_cost) {
                    best = ct;
                    best_cost = cost;
                }
            }
            if (best_cost < 0) return false;
            t = best;
            o->resolved = true;
            f->flags |= MR_DATE_YEAR_INFERRED;
        }
        if (weekday) {
            /* The tabular calendar may be a day off the one the writer used. */
            if (mr_weekday_from_days(t + 1) == weekday)
                t++;
            else if (mr_weekday_from_days(t - 1) == weekday)
                t--;
        }
        mr_civil_from_days(t, &y, &m, &day);
        f->flags |= MR_DATE_HIJRI;
    } else {
        if (day && day > mr_days_in_month(y, m)) return false;
        if (!y && m && c->ref) {
            const marsad_date *r = c->ref;
            if (d->has_year_rel) {
                y = r->year + d->year_rel;
            } else if (d->month_rel == MREL_PAST) {
                y = r->year;
                if (m > r->month || (m == r->month && (!day || day >= r->day))) y--;
            } else if (d->month_rel == MREL_NEXT) {
                y = r->year;
                if (m < r->month || (m == r->month && (!day || day <= r->day))) y++;
            } else if (d->month_rel == MREL_CURRENT) {
                y = r->year;
            } else if (day) {
                y = nearest_year(c, m, day, weekday);
            }
            if (y) {
                if (day > mr_days_in_month(y, m)) {
                    y = 0; /* 29 February of a common year: keep it yearless */
                } else {
                    o->resolved = true;
                    f->flags |= MR_DATE_YEAR_INFERRED;
                }
            }
        }
    }
    if (y < 0 || y > 9999) return false;
    if (y && day && weekday) {
        if (mr_weekday_from_days(mr_days_from_civil(y, m, day)) != weekday) {
            weekday = 0;
            f->flags |= MR_DATE_WEEKDAY_DROPPED;
        }
    }
    o->year = (int16_t)y;
    o->month = (int8_t)m;
    o->day = (int8_t)day;
    o->weekday = (int8_t)weekday;
    if (day && d->hour >= 0) {
        o->hour = (int8_t)d->hour;
        o->minute = (int8_t)d->minute;
        if (d->has_tz) {
            o->has_tz = true;
            o->tz_minutes = (int16_t)d->tz;
        }
    }
    if (!(y && m && day)) f->flags |= MR_DATE_PARTIAL;
    return true;
}

/* ------------------------------------------------------------------------ */
/* Table loading                                                             */
/* ------------------------------------------------------------------------ */

static bool load_failed;

/* Folds a table word (one or more space-separated words) into key. */
static size_t fold_entry(const char *text, size_t len, uint8_t *key) {
    scan_ctx c = {(const uint8_t *)text, len, NULL, 0};
    size_t klen = 0, pos = 0;
    tok t;
    for (;;) {
        lex(&c, pos, &t);
        if (t.type == T_END) break;
        if (t.type != T_WORD || !t.klen || klen + 1 + t.klen > KEY_MAX) return 0;
        if (klen) key[klen++] = ' ';
        memcpy(key + klen, t.key, t.klen);
        klen += t.klen;
        pos = t.end;
    }
    return klen;
}

static void load_line(const char *line, size_t len, void *ctx) {
    (void)ctx;
    const char *fields[4] = {0};
    size_t flen[4] = {0};
    int nf = 0;
    size_t i = 0;
    while (nf < 4 && i <= len) {
        size_t j = i;
        while (j < len && line[j] != '\t') j++;
        fields[nf] = line + i;
        flen[nf] = j - i;
        nf++;
        i = j + 1;
    }
    if (nf < 3) {
        load_failed = true;
        return;
    }
    int kind = -1;
    for (int k = 0; k < K_COUNT; k++) {
        if (strlen(kind_names[k]) == flen[1] && memcmp(kind_names[k], fields[1], flen[1]) == 0)
            kind = k;
    }
    uint8_t key[KEY_MAX];
    size_t klen = fold_entry(fields[0], flen[0], key);
    if (kind <= 0 || !klen) {
        load_failed = true;
        return;
    }
    dword *w = table_add(key, klen);
    if (!w) {
        load_failed = true;
        return;
    }
    w->kind = (uint8_t)kind;
    w->value = (int8_t)atoi(fields[2]);
    if (nf > 3) {
        const char *f = fields[3];
        size_t fl = flen[3];
        if (memmem(f, fl, "noun_al", 7)) w->flags |= F_NOUN_AL;
        if (memmem(f, fl, "strict", 6)) w->flags |= F_STRICT;
        if (memmem(f, fl, "abbr", 4)) w->flags |= F_ABBR;
        if (memmem(f, fl, "cap", 3)) w->flags |= F_CAP;
        if (memmem(f, fl, "lower", 5)) w->flags |= F_LOWER;
        if (memmem(f, fl, "daypart", 7)) w->flags |= F_DAYPART;
    }
    /* Every proper word prefix of a multi-word entry is marked so lex_term
     * knows to read on. */
    for (size_t k = 0; k < klen; k++) {
        if (key[k] != ' ') continue;
        dword *p = table_add(key, k);
        if (!p) {
            load_failed = true;
            return;
        }
        p->prefix = true;
    }
}

/* The scan's first filter: the code of each 2-byte Arabic sequence (lead
 * 0xD8..0xDB) as a key letter, 0 for marks and tatweel (skipped), 0xFF for
 * anything that ends a word; and a two-probe Bloom filter over the key hashes
 * of the words that can start a date, with each clitic a reader may glue in
 * front (و ف ب ل ك and pairs). A word that misses the filter is passed over
 * without being looked up. */
static uint8_t arabic_code[65536];   /* by the two bytes read as a little-endian uint16 */
static uint64_t trigger_bloom[1024]; /* 65536 bits */

/* The filter's own hash, cheaper per letter than the table's FNV: h*33 ^ code,
 * mixed once at the end of the word. */
static inline uint32_t scan_hash_final(uint32_t h) {
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    return h;
}

static inline bool bloom_has(uint32_t h) {
    h = scan_hash_final(h);
    uint32_t a = h & 0xFFFF, b = h >> 16;
    return (trigger_bloom[a >> 6] >> (a & 63)) & (trigger_bloom[b >> 6] >> (b & 63)) & 1;
}

static void bloom_add(const uint8_t *key, size_t len) {
    uint32_t h = 0;
    for (size_t i = 0; i < len; i++) h = (h * 33) ^ key[i];
    h = scan_hash_final(h);
    uint32_t a = h & 0xFFFF, b = h >> 16;
    trigger_bloom[a >> 6] |= 1ull << (a & 63);
    trigger_bloom[b >> 6] |= 1ull << (b & 63);
}

static void build_filters(void) {
    memset(arabic_code, 0xFF, sizeof arabic_code);
    for (unsigned lead = 0xD8; lead <= 0xDB; lead++) {
        for (unsigned cont = 0x80; cont <= 0xBF; cont++) {
            uint32_t cp = ((lead & 0x1F) << 6) | (cont & 0x3F);
            uint8_t code = 0xFF;
            if (cp == 0x640 || mr_is_arabic_mark(cp))
                code = 0;
            else if (mr_is_arabic_letter(cp))
                code = fold_arabic(cp);
            arabic_code[lead | cont << 8] = code;
        }
    }
    static const uint8_t clitics[][2] = {
        {C_WAW, 0},     {C_FA, 0},      {C_BA, 0},    {C_LAM, 0},    {C_KAF, 0},   {C_WAW, C_BA},
        {C_WAW, C_LAM}, {C_WAW, C_KAF}, {C_FA, C_BA}, {C_FA, C_LAM}, {C_FA, C_KAF}};
    for (size_t i = 0; i < table_count; i++) {
        const dword *w = &table_words[i];
        if (!is_trigger_kind(w->kind) && w->kind != K_PREFIX) continue;
        if (memchr(w->key, ' ', w->len)) continue;
        bloom_add(w->key, w->len);
        if (w->len >= 3 && w->key[0] == C_ALEF && w->key[1] == C_LAM) {
            uint8_t key[KEY_MAX + 1]; /* "لل..." and "ولل..." for "ال..." */
            key[0] = C_WAW;
            key[1] = C_LAM;
            memcpy(key + 2, w->key + 1, w->len - 1);
            bloom_add(key + 1, w->len);
            bloom_add(key, w->len + 1);
            key[0] = C_FA;
            bloom_add(key, w->len + 1);
        }
        if (w->key[0] < 0x80 || w->len + 2 > KEY_MAX) continue;
        for (size_t c = 0; c < sizeof clitics / sizeof clitics[0]; c++) {
            uint8_t key[KEY_MAX];
            size_t n = 0;
            key[n++] = clitics[c][0];
            if (clitics[c][1]) key[n++] = clitics[c][1];
            memcpy(key + n, w->key, w->len);
            bloom_add(key, n + w->len);
        }
    }
}

static void load_tables(void) {
    if (mr_data_lines("dates_ar.tsv", load_line, NULL) < 0) load_failed = true;
    if (mr_data_lines("dates_latin.tsv", load_line, NULL) < 0) load_failed = true;
    if (load_failed) fprintf(stderr, "marsad: date tables incomplete (data/dates_*.tsv)\n");
    build_filters();
}

/* ------------------------------------------------------------------------ */
/* The scan                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct sink {
    marsad_date_match *plain;
    mr_date_found *ex;
    size_t max, count;
} sink;

static void emit(sink *k, const mr_date_found *f) {
    if (k->count < k->max) {
        if (k->ex) k->ex[k->count] = *f;
        if (k->plain) {
            k->plain[k->count] = f->m;
            /* The public flags are the first three internal ones. */
            k->plain[k->count].date.flags = (uint8_t)(f->flags & 7);
        }
    }
    k->count++;
}

/* Past a failed number, skip the whole numeric cluster ("0555-123-4567",
 * "3.14") so no date is read out of its middle. */
static size_t skip_numeric_cluster(const scan_ctx *c, size_t pos) {
    size_t dl = 0;
    while (pos < c->n) {
        if (digit_at(c->s, c->n, pos, &dl) >= 0) {
            pos += dl;
        } else if (numeric_continues(c, pos)) {
            pos++;
        } else {
            break;
        }
    }
    return pos;
}

static void scan(const char *text, size_t len, const marsad_date *reference, sink *k) {
    pthread_once(&table_once, load_tables);
    if (!text) return;
    scan_ctx c = {(const uint8_t *)text, len, NULL, 0};
    if (reference && date_is_valid(reference)) {
        c.ref = reference;
        c.ref_days = mr_days_from_civil(reference->year, reference->month, reference->day);
    }
    const uint8_t *s = c.s;
    size_t pos = 0, last_end = 0;
    while (pos < len) {
        uint8_t b = s[pos];
        size_t start = pos;
        /* Fast path: hash the word's folded letters; look it up only when the
         * Bloom filter says it may start a date. */
        if (b == ' ') {
            pos++;
            continue;
        }
        if (b >= 0xD8 && b <= 0xDB) {
            /* Arabic letters are two bytes with a lead 0xD8..0xDB. The hash
             * starts at 0 and no letter code is 0, so h != 0 means "some
             * letters"; a word too long to be in the table just misses. */
            const uint8_t *p = s + pos, *last = s + len - 1;
            uint32_t h = 0;
            while (p < last) {
                unsigned code = arabic_code[p[0] | (unsigned)p[1] << 8];
                if (__builtin_expect(code - 1u >= 0xFEu, 0)) {
                    if (code) break; /* 0xFF: not part of a word */
                    p += 2;          /* 0: a mark or tatweel */
                    continue;
                }
                h = (h * 33) ^ code;
                p += 2;
            }
            pos = (size_t)(p - s);
            if (pos == start) {
                size_t dl = 0;
                if (digit_at(s, len, start, &dl) < 0) {
                    pos = start + 1;
                    while (pos < len && (s[pos] & 0xC0) == 0x80) pos++;
                    continue;
                }
            } else if (!h || !bloom_has(h)) {
                continue;
            } else {
                pos = start;
            }
        } else if (b < 0x80 || b == 0xC3) {
            if (is_ascii_digit(b)) goto slow;
            uint32_t h = 0;
            size_t letters = 0;
            while (pos < len) {
                uint8_t ch = s[pos], k;
                if (is_ascii_alpha(ch)) {
                    k = (uint8_t)(ch | 0x20);
                    pos++;
                } else if (ch == 0xC3 && pos + 1 < len && (s[pos + 1] & 0xC0) == 0x80 &&
                           latin1_fold[s[pos + 1] - 0x80] != '_') {
                    k = (uint8_t)latin1_fold[s[pos + 1] - 0x80];
                    pos += 2;
                } else {
                    break;
                }
                h = (h * 33) ^ k;
                letters++;
            }
            if (!letters) {
                pos = start + 1;
                while (pos < len && (s[pos] & 0xC0) == 0x80) pos++;
                continue;
            }
            if (letters > KEY_MAX || !bloom_has(h)) continue;
            pos = start;
        } else {
            pos++;
            while (pos < len && (s[pos] & 0xC0) == 0x80) pos++;
            continue;
        }
    slow:;
        tok t;
        lex_term(&c, pos, &t);
        if (t.type == T_NUM || (t.type == T_WORD && t.w && is_trigger_kind(t.w->kind))) {
            draft d;
            bool ok = false;
            if (t.type == T_NUM)
                ok = parse_number(&c, &t, &d);
            else if (t.w->kind == K_WEEKDAY)
                ok = parse_weekday(&c, &t, &d);
            else if (t.w->kind == K_REL)
                ok = parse_rel(&c, &t, &d);
            else if (t.w->kind == K_ORDDAY)
                ok = parse_day_first(&c, &t, &d);
            else
                ok = parse_month_first(&c, &t, &d, false);
            mr_date_found f;
            if (ok && d.start < last_end) d.start = t.start; /* a context word already used */
            if (ok && d.end > pos && finish(&c, &d, &f)) {
                emit(k, &f);
                last_end = d.end;
                pos = d.end;
                continue;
            }
        }
        size_t next = t.type == T_NUM ? skip_numeric_cluster(&c, t.end) : t.end;
        pos = next > pos ? next : pos + 1;
    }
}

size_t mr_dates_find_ex(const char *text, size_t len, const marsad_date *reference,
                        mr_date_found *out, size_t max) {
    sink k = {NULL, out, out ? max : 0, 0};
    scan(text, len, reference, &k);
    return k.count;
}

size_t marsad_dates_find(const char *text, size_t len, const marsad_date *reference,
                         marsad_date_match *out, size_t max) {
    sink k = {out, NULL, out ? max : 0, 0};
    scan(text, len, reference, &k);
    return k.count;
}
