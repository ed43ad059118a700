/* Unit tests of the date parser (src/extract/date.c): calendar arithmetic,
 * Hijri conversion, ISO formatting and parsing, and marsad_dates_find on
 * Arabic and Latin text (forms, spans, glued text, digits, resolution against
 * a reference, and things that must not be read as dates). Every sentence
 * here was written for these tests. */
#include "extract/date.h"
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---------------------------------------------------------- */

static const char *iso(const marsad_date *d) {
    static char bufs[8][32];
    static int next;
    return marsad_date_format(d, bufs[next++ & 7]);
}

static marsad_date ymd(int y, int m, int d) {
    marsad_date r;
    marsad_date_clear(&r);
    r.year = (int16_t)y;
    r.month = (int8_t)m;
    r.day = (int8_t)d;
    return r;
}

/* The text of a match (static buffer rotated 8 ways). */
static const char *span_of(const char *text, const marsad_date_match *m) {
    static char bufs[8][256];
    static int next;
    char *b = bufs[next++ & 7];
    size_t n = m->end - m->start;
    if (n > 255) n = 255;
    memcpy(b, text + m->start, n);
    b[n] = 0;
    return b;
}

static size_t find(const char *text, const marsad_date *ref, marsad_date_match *out, size_t max) {
    return marsad_dates_find(text, strlen(text), ref, out, max);
}

/* Exactly one date in text, read from want_span and formatting as want_iso. */
#define EXPECT_ONE(text, ref, want_span, want_iso)                                                 \
    do {                                                                                           \
        marsad_date_match m_[8];                                                                   \
        size_t n_ = find((text), (ref), m_, 8);                                                    \
        if (n_ != 1) {                                                                             \
            mr_test_fail(__FILE__, __LINE__, "%zu dates in \"%s\" (want 1)", n_, (text));          \
        } else {                                                                                   \
            CHECK_STR(span_of((text), &m_[0]), (want_span));                                       \
            CHECK_STR(iso(&m_[0].date), (want_iso));                                               \
        }                                                                                          \
    } while (0)

#define EXPECT_NONE(text)                                                                          \
    do {                                                                                           \
        marsad_date_match m_[8];                                                                   \
        size_t n_ = find((text), NULL, m_, 8);                                                     \
        if (n_ != 0)                                                                               \
            mr_test_fail(__FILE__, __LINE__, "\"%s\": read \"%s\" as %s", (text),                  \
                         span_of((text), &m_[0]), iso(&m_[0].date));                               \
    } while (0)

/* The single date found in text (cleared when there is not exactly one). */
static marsad_date one(const char *text, const marsad_date *ref) {
    marsad_date_match m[8];
    marsad_date d;
    marsad_date_clear(&d);
    if (find(text, ref, m, 8) == 1) d = m[0].date;
    return d;
}

/* ---- calendar --------------------------------------------------------- */

TEST(date_civil_days_round_trip_and_weekdays) {
    CHECK_INT(mr_days_from_civil(1970, 1, 1), 0);
    CHECK_INT(mr_days_from_civil(2000, 3, 1), 11017);
    CHECK_INT(mr_days_from_civil(1969, 12, 31), -1);
    CHECK_INT(mr_weekday_from_days(0), 4);                                /* Thursday */
    CHECK_INT(mr_weekday_from_days(mr_days_from_civil(2018, 11, 13)), 2); /* Tuesday */
    CHECK_INT(mr_weekday_from_days(mr_days_from_civil(2000, 1, 1)), 6);   /* Saturday */
    CHECK_INT(mr_weekday_from_days(mr_days_from_civil(1900, 1, 1)), 1);   /* Monday */
    /* every day from 1800 to 2200 follows the one before */
    int64_t t = mr_days_from_civil(1800, 1, 1);
    int bad = 0;
    for (int y = 1800; y < 2200; y++) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= mr_days_in_month(y, m); d++, t++) {
                int yy, mm, dd;
                if (mr_days_from_civil(y, m, d) != t) bad++;
                mr_civil_from_days(t, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d) bad++;
            }
        }
    }
    CHECK_INT(bad, 0);
}

TEST(date_leap_years) {
    CHECK_INT(mr_days_in_month(2016, 2), 29);
    CHECK_INT(mr_days_in_month(2018, 2), 28);
    CHECK_INT(mr_days_in_month(2000, 2), 29);
    CHECK_INT(mr_days_in_month(1900, 2), 28);
    CHECK_INT(mr_days_in_month(2100, 2), 28);
    CHECK_INT(mr_days_in_month(0, 2), 29); /* year unknown */
    CHECK_INT(mr_days_in_month(2018, 4), 30);
    CHECK_INT(mr_days_in_month(2018, 13), 0);
}

/* Umm al-Qura dates as the Saudi calendar printed them. */
TEST(date_hijri_known_dates) {
    static const int facts[][6] = {
        {1436, 9, 1, 2015, 6, 18},  /* 1 Ramadan 1436 */
        {1436, 10, 1, 2015, 7, 17}, /* Eid al-Fitr 1436 */
        {1437, 1, 1, 2015, 10, 14}, /* Hijri new year 1437 */
        {1440, 1, 1, 2018, 9, 11},  /* Hijri new year 1440 */
        {1440, 9, 1, 2019, 5, 6},   /* 1 Ramadan 1440 */
        {1445, 9, 1, 2024, 3, 11},  /* 1 Ramadan 1445 */
    };
    for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
        int64_t t = 0;
        CHECK(mr_hijri_to_days(facts[i][0], facts[i][1], facts[i][2], &t));
        CHECK_INT(t, mr_days_from_civil(facts[i][3], facts[i][4], facts[i][5]));
        int hy, hm, hd;
        mr_hijri_from_days(t, &hy, &hm, &hd);
        CHECK_INT(hy, facts[i][0]);
        CHECK_INT(hm, facts[i][1]);
        CHECK_INT(hd, facts[i][2]);
    }
    /* the tabular calendar: its epoch, and within a day of the table */
    int64_t t;
    CHECK(mr_hijri_tabular_to_days(1, 1, 1, &t));
    CHECK_INT(t, mr_days_from_civil(622, 7, 19)); /* 16 July 622 Julian */
    CHECK(mr_hijri_tabular_to_days(1436, 9, 1, &t));
    CHECK_INT(t, mr_days_from_civil(2015, 6, 18));
    CHECK(!mr_hijri_to_days(1436, 13, 1, &t));
    CHECK(!mr_hijri_to_days(1436, 1, 31, &t));
    CHECK(!mr_hijri_tabular_to_days(1436, 2, 30, &t)); /* Safar has 29 days */
}

TEST(date_hijri_round_trip) {
    int bad = 0, off = 0;
    for (int64_t t = mr_days_from_civil(1950, 1, 1); t < mr_days_from_civil(2060, 1, 1); t++) {
        int hy, hm, hd;
        int64_t back, tab;
        mr_hijri_from_days(t, &hy, &hm, &hd);
        if (!mr_hijri_to_days(hy, hm, hd, &back) || back != t) bad++;
        if (mr_hijri_tabular_to_days(hy, hm, hd, &tab) && (tab - t > 2 || t - tab > 2)) off++;
    }
    CHECK_INT(bad, 0);
    CHECK_INT(off, 0); /* tabular and Umm al-Qura stay within two days */
    /* outside the Umm al-Qura table, the tabular calendar round-trips too */
    int64_t t;
    CHECK(mr_hijri_to_days(1700, 5, 10, &t));
    int hy, hm, hd;
    mr_hijri_from_days(t, &hy, &hm, &hd);
    CHECK_INT(hy, 1700);
    CHECK_INT(hm, 5);
    CHECK_INT(hd, 10);
}

/* ---- format, parse, unix ----------------------------------------------- */

TEST(date_format_forms) {
    char buf[32];
    marsad_date d = ymd(2018, 11, 12);
    CHECK_STR(marsad_date_format(&d, buf), "2018-11-12");
    d.hour = 9;
    d.minute = 30;
    CHECK_STR(marsad_date_format(&d, buf), "2018-11-12T09:30");
    d.has_tz = true;
    d.tz_minutes = 180;
    CHECK_STR(marsad_date_format(&d, buf), "2018-11-12T09:30+03:00");
    d.tz_minutes = -330;
    CHECK_STR(marsad_date_format(&d, buf), "2018-11-12T09:30-05:30");
    d = ymd(2018, 11, 0);
    CHECK_STR(marsad_date_format(&d, buf), "2018-11");
    d = ymd(2018, 0, 0);
    CHECK_STR(marsad_date_format(&d, buf), "2018");
    d = ymd(0, 11, 13);
    CHECK_STR(marsad_date_format(&d, buf), "--11-13");
    d = ymd(0, 9, 0);
    CHECK_STR(marsad_date_format(&d, buf), "--09");
    marsad_date_clear(&d);
    CHECK_STR(marsad_date_format(&d, buf), "");
    d.rel_kind = MARSAD_REL_DAYS; /* unresolved relative: nothing absolute known */
    d.rel_days = -1;
    CHECK_STR(marsad_date_format(&d, buf), "");
    CHECK(!marsad_date_is_complete(&d));
    d = ymd(2018, 11, 12);
    CHECK(marsad_date_is_complete(&d));
}

TEST(date_parse_iso_forms) {
    marsad_date d;
    CHECK_INT(marsad_date_parse_iso("2018-11-12", 10, &d), 0);
    CHECK_STR(iso(&d), "2018-11-12");
    CHECK_INT(d.hour, -1);
    CHECK(!d.has_tz);
    const char *s = "2018-11-12T09:30:00+03:00";
    CHECK_INT(marsad_date_parse_iso(s, strlen(s), &d), 0);
    CHECK_INT(d.hour, 9);
    CHECK_INT(d.minute, 30);
    CHECK(d.has_tz);
    CHECK_INT(d.tz_minutes, 180);
    s = "2015-07-21 12:34:56"; /* the saudinewsnet date_extracted form */
    CHECK_INT(marsad_date_parse_iso(s, strlen(s), &d), 0);
    CHECK_STR(iso(&d), "2015-07-21T12:34");
    CHECK(!d.has_tz);
    s = "2018-11-12T09:30:00.250Z";
    CHECK_INT(marsad_date_parse_iso(s, strlen(s), &d), 0);
    CHECK(d.has_tz);
    CHECK_INT(d.tz_minutes, 0);
    s = "2018-11-12T09:30-0430";
    CHECK_INT(marsad_date_parse_iso(s, strlen(s), &d), 0);
    CHECK_INT(d.tz_minutes, -270);
    CHECK_INT(marsad_date_parse_iso("2018-11", 7, &d), 0);
    CHECK_STR(iso(&d), "2018-11");
    CHECK_INT(marsad_date_parse_iso("2018", 4, &d), 0);
    CHECK_STR(iso(&d), "2018");
    CHECK_INT(marsad_date_parse_iso("--11-13", 7, &d), 0);
    CHECK_INT(d.year, 0);
    CHECK_INT(d.month, 11);
    CHECK_INT(d.day, 13);
    CHECK_INT(marsad_date_parse_iso(" 2016-02-29\n", 12, &d), 0);
    /* only the first n bytes count */
    CHECK_INT(marsad_date_parse_iso("2018-11-12junk", 10, &d), 0);
    static const char *bad[] = {"",
                                "2018-13-01",
                                "2018-02-29",
                                "2018-11-31",
                                "2018-11-12x",
                                "18-11-12",
                                "2018-1-5",
                                "2018/11/12",
                                "--13-01",
                                "2018-11-12T25:00",
                                "2018-11-12T09",
                                "2018-11T09:30",
                                "2018-11-12T09:30+15:00",
                                "abcd",
                                "2018-11-12T09:61"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (marsad_date_parse_iso(bad[i], strlen(bad[i]), &d) != -1)
            mr_test_fail(__FILE__, __LINE__, "parsed \"%s\"", bad[i]);
        CHECK_STR(iso(&d), ""); /* out is cleared on failure */
    }
}

TEST(date_format_parse_round_trip) {
    static const char *forms[] = {"2018-11-12",
                                  "2018-11",
                                  "2018",
                                  "--11-13",
                                  "--09",
                                  "2018-11-12T09:30",
                                  "2018-11-12T23:05+03:00",
                                  "0622-07-19"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        marsad_date d;
        CHECK_INT(marsad_date_parse_iso(forms[i], strlen(forms[i]), &d), 0);
        CHECK_STR(iso(&d), forms[i]);
    }
}

TEST(date_unix_conversions) {
    marsad_date d = ymd(2018, 11, 12);
    CHECK_INT(marsad_date_to_unix(&d), 1541980800);
    d.hour = 9;
    d.minute = 30;
    d.has_tz = true;
    d.tz_minutes = 180;
    CHECK_INT(marsad_date_to_unix(&d), 1541980800 + 6 * 3600 + 30 * 60);
    d = ymd(2018, 11, 0);
    CHECK_INT(marsad_date_to_unix(&d), -1);
    d = ymd(2018, 2, 29);
    CHECK_INT(marsad_date_to_unix(&d), -1);
    marsad_date_from_unix(0, &d);
    CHECK_STR(iso(&d), "1970-01-01T00:00");
    CHECK_INT(d.weekday, 4);
    marsad_date_from_unix(-60, &d);
    CHECK_STR(iso(&d), "1969-12-31T23:59");
    marsad_date_from_unix(951782400, &d); /* 2000-02-29 */
    CHECK_STR(iso(&d), "2000-02-29T00:00");
    for (int64_t t = -86400 * 400; t < 86400LL * 365 * 80; t += 86400 * 7 + 3607) {
        marsad_date_from_unix(t, &d);
        int64_t minute_start = t - ((t % 60) + 60) % 60; /* the struct keeps minutes */
        if (marsad_date_to_unix(&d) != minute_start)
            mr_test_fail(__FILE__, __LINE__, "round trip of %lld", (long long)t);
    }
    /* the parsed form of a formatted date is the same instant */
    const char *s = "2018-11-12T09:30+03:00";
    CHECK_INT(marsad_date_parse_iso(s, strlen(s), &d), 0);
    char buf[32];
    marsad_date back;
    marsad_date_format(&d, buf);
    CHECK_INT(marsad_date_parse_iso(buf, strlen(buf), &back), 0);
    CHECK_INT(marsad_date_to_unix(&back), marsad_date_to_unix(&d));
}

/* ---- finding dates: Arabic ---------------------------------------------- */

TEST(date_find_glued_to_text) {
    EXPECT_ONE("هيئة التحرير7 مارس 2019آخر تعديل :", NULL, "7 مارس 2019", "2019-03-07");
    EXPECT_ONE("نشر بتاريخ:25 يناير 2017م|مشاركة", NULL, "25 يناير 2017م", "2017-01-25");
    EXPECT_ONE("المحرر٣ أيار ٢٠١٦حفظ", NULL, "٣ أيار ٢٠١٦", "2016-05-03");
}

TEST(date_find_every_month_name) {
    static const struct {
        const char *name;
        int month;
    } names[] = {
        {"يناير", 1},        {"فبراير", 2},        {"مارس", 3},         {"أبريل", 4},
        {"ابريل", 4},        {"إبريل", 4},         {"مايو", 5},         {"يونيو", 6},
        {"يونيه", 6},        {"يوليو", 7},         {"يوليه", 7},        {"أغسطس", 8},
        {"اغسطس", 8},        {"سبتمبر", 9},        {"أكتوبر", 10},      {"اكتوبر", 10},
        {"نوفمبر", 11},      {"ديسمبر", 12},       {"كانون الثاني", 1}, {"شباط", 2},
        {"آذار", 3},         {"اذار", 3},          {"نيسان", 4},        {"أيار", 5},
        {"ايار", 5},         {"حزيران", 6},        {"تموز", 7},         {"آب", 8},
        {"اب", 8},           {"أيلول", 9},         {"ايلول", 9},        {"تشرين الأول", 10},
        {"تشرين الاول", 10}, {"تشرين الثاني", 11}, {"كانون الأول", 12}, {"كانون الاول", 12},
        {"جانفي", 1},        {"فيفري", 2},         {"أفريل", 4},        {"ماي", 5},
        {"جوان", 6},         {"جويلية", 7},        {"أوت", 8},          {"يوليوز", 7},
        {"غشت", 8},          {"شتنبر", 9},         {"نونبر", 11},       {"دجنبر", 12},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char text[128], want[16];
        snprintf(text, sizeof text, "وقع ذلك في 5 %s 2019، وفق البيان", names[i].name);
        snprintf(want, sizeof want, "2019-%02d-05", names[i].month);
        marsad_date d = one(text, NULL);
        if (strcmp(iso(&d), want) != 0)
            mr_test_fail(__FILE__, __LINE__, "%s: %s, want %s", names[i].name, iso(&d), want);
    }
}

TEST(date_find_spelling_variants) {
    /* ة/ه, with tashkil, with "من", with a clitic */
    EXPECT_ONE("في 3 جويليه 2020 وصل", NULL, "3 جويليه 2020", "2020-07-03");
    EXPECT_ONE("جرى ذلك في 13 من تشرين الثاني", NULL, "13 من تشرين الثاني", "--11-13");
    EXPECT_ONE("وقع في ١٣ مِنْ نُوفَمْبِر ٢٠١٨ صباحًا", NULL, "١٣ مِنْ نُوفَمْبِر ٢٠١٨", "2018-11-13");
    marsad_date_match m[4];
    const char *t = "بين يناير 2018 وفبراير 2019"; /* a clitic on the month */
    CHECK_INT(find(t, NULL, m, 4), 2);
    CHECK_STR(span_of(t, &m[1]), "فبراير 2019");
    CHECK_STR(iso(&m[1].date), "2019-02");
    EXPECT_ONE("بدأت منذ ۲۳ يوليو ۲۰۱۵ تقريبا", NULL, "۲۳ يوليو ۲۰۱۵",
               "2015-07-23"); /* Persian digits */
}

TEST(date_find_paired_month_names) {
    EXPECT_ONE("وفي 9 أكتوبر / تشرين الأول 2019، بدأت", NULL, "9 أكتوبر / تشرين الأول 2019",
               "2019-10-09");
    EXPECT_ONE("منذ أيلول (سبتمبر) 2017 لم يتغير", NULL, "أيلول (سبتمبر) 2017", "2017-09");
    /* the pair alone is a month: a verb (مارس) never comes paired */
    EXPECT_ONE("جرى ذلك في أيلول (سبتمبر) على ما يبدو", NULL, "أيلول (سبتمبر)", "--09");
    EXPECT_ONE("في مارس/آذار عادوا", NULL, "مارس/آذار", "--03");
    EXPECT_ONE("في 4 آب/ أغسطس 2014 اندلعت", NULL, "4 آب/ أغسطس 2014", "2014-08-04");
    EXPECT_ONE("حتى 21 يناير (كانون الثاني) 2016.", NULL, "21 يناير (كانون الثاني) 2016",
               "2016-01-21");
    /* a different month after the slash is not a pair: two dates */
    marsad_date_match m[4];
    const char *t = "بين 4 آب/ سبتمبر 2014";
    CHECK_INT(find(t, NULL, m, 4), 2);
    CHECK_STR(span_of(t, &m[0]), "4 آب");
    CHECK_STR(iso(&m[0].date), "--08-04");
    CHECK_STR(span_of(t, &m[1]), "سبتمبر 2014");
}

TEST(date_find_ordinal_day_words) {
    EXPECT_ONE("يبدأ في السابع من يونيو المقبل", NULL, "السابع من يونيو المقبل", "--06-07");
    EXPECT_ONE("حتى الثاني عشر من أغسطس", NULL, "الثاني عشر من أغسطس", "--08-12");
    EXPECT_ONE("في الحادي والعشرين من شهر مارس 2019", NULL, "الحادي والعشرين من شهر مارس 2019",
               "2019-03-21");
    EXPECT_NONE("الفصل الثاني من الكتاب"); /* an ordinal without a month */
    /* ل + al- loses the alef: "للسادس" */
    EXPECT_ONE("الموافق للسادس والعشرين من مارس 2015م", NULL, "للسادس والعشرين من مارس 2015م",
               "2015-03-26");
}

TEST(date_find_weekday_attached) {
    marsad_date_match m[4];
    const char *t = "وقالت الشبكة، الثلاثاء 13 من تشرين الثاني، إن القصف استمر";
    CHECK_INT(find(t, NULL, m, 4), 1);
    CHECK_STR(span_of(t, &m[0]), "الثلاثاء 13 من تشرين الثاني");
    CHECK_INT(m[0].date.month, 11);
    CHECK_INT(m[0].date.day, 13);
    CHECK_INT(m[0].date.weekday, 2);
    CHECK_INT(m[0].date.year, 0);
    CHECK_INT(m[0].date.rel_kind, MARSAD_REL_NONE);
    /* consistent weekday kept; a contradicting one dropped, the date kept */
    marsad_date d = one("الأحد 11 نوفمبر 2018", NULL);
    CHECK_STR(iso(&d), "2018-11-11");
    CHECK_INT(d.weekday, 7);
    d = one("الاثنين 11 نوفمبر 2018", NULL);
    CHECK_STR(iso(&d), "2018-11-11");
    CHECK_INT(d.weekday, 0);
    mr_date_found f[2];
    t = "الاثنين 11 نوفمبر 2018";
    CHECK_INT(mr_dates_find_ex(t, strlen(t), NULL, f, 2), 1);
    CHECK(f[0].flags & MR_DATE_WEEKDAY_DROPPED);
    d = one("يوم الإثنين، 12 نوفمبر 2018", NULL);
    CHECK_INT(d.weekday, 1);
}

TEST(date_find_relative_days_unresolved) {
    static const struct {
        const char *text, *span;
        int days;
    } cases[] = {
        {"قال المتحدث أمس إن", "أمس", -1},
        {"وقعت البارحة قرب الحدود", "البارحة", -1},
        {"أعلنت الوزارة اليوم أن", "اليوم", 0},
        {"يصل الوفد غدًا إلى", "غدًا", 1},
        {"يصل الوفد غداً إلى", "غداً", 1},
        {"سيصل غدا.", "غدا", 1},
        {"في حادث أول أمس قرب", "أول أمس", -2},
        {"في حادث أول من أمس قرب", "أول من أمس", -2},
        {"في حادث أمس الأول قرب", "أمس الأول", -2},
        {"بيان صدر قبل أمس عن", "قبل أمس", -2},
        {"تبدأ بعد غد في", "بعد غد", 2},
        {"منذ الأمس تتواصل", "الأمس", -1},
        {"وبالأمس أعلن", "الأمس", -1},
        {"يفتتح مساء غد المعرض", "غد", 1},
        {"تنطلق صباح الغد القافلة", "الغد", 1},
        {"the ministry said yesterday that", "yesterday", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        marsad_date_match m[4];
        size_t n = find(cases[i].text, NULL, m, 4);
        if (n != 1) {
            mr_test_fail(__FILE__, __LINE__, "%zu dates in \"%s\"", n, cases[i].text);
            continue;
        }
        CHECK_STR(span_of(cases[i].text, &m[0]), cases[i].span);
        CHECK_INT(m[0].date.rel_kind, MARSAD_REL_DAYS);
        CHECK_INT(m[0].date.rel_days, cases[i].days);
        CHECK(!m[0].date.resolved);
        CHECK_INT(m[0].date.year, 0);
    }
}

TEST(date_find_relative_weekdays_unresolved) {
    marsad_date d = one("أعلنت قسد يوم الأحد، استئناف العمليات", NULL);
    CHECK_INT(d.rel_kind, MARSAD_REL_WEEKDAY);
    CHECK_INT(d.weekday, 7);
    CHECK_INT(d.rel_days, 0);
    d = one("قتل عشرة، الجمعة الماضي، في قصف", NULL);
    CHECK_INT(d.rel_kind, MARSAD_REL_WEEKDAY);
    CHECK_INT(d.weekday, 5);
    CHECK_INT(d.rel_days, -1); /* strictly before the reference */
    d = one("تعقد الجلسة الأحد المقبل", NULL);
    CHECK_INT(d.rel_kind, MARSAD_REL_WEEKDAY);
    CHECK_INT(d.rel_days, 7); /* strictly after */
    /* "أمس الأحد": a day back, and the weekday it names; both kept */
    marsad_date_match m[4];
    const char *t = "وبحسب بيان أمس، الأحد، فإن";
    CHECK_INT(find(t, NULL, m, 4), 1);
    CHECK_STR(span_of(t, &m[0]), "أمس، الأحد");
    CHECK_INT(m[0].date.rel_kind, MARSAD_REL_DAYS);
    CHECK_INT(m[0].date.rel_days, -1);
    CHECK_INT(m[0].date.weekday, 7);
    t = "أكدت الحكومة اليوم (الاثنين) أن";
    CHECK_INT(find(t, NULL, m, 4), 1);
    CHECK_STR(span_of(t, &m[0]), "اليوم (الاثنين)");
    CHECK_INT(m[0].date.rel_days, 0);
    CHECK_INT(m[0].date.weekday, 1);
    /* "اليوم، الثلاثاء 13 من تشرين الثاني": the weekday belongs to the date */
    t = "نشرته الشبكة اليوم، الثلاثاء 13 من تشرين الثاني، ويظهر";
    CHECK_INT(find(t, NULL, m, 4), 2);
    CHECK_STR(span_of(t, &m[0]), "اليوم");
    CHECK_INT(m[0].date.weekday, 0);
    CHECK_STR(span_of(t, &m[1]), "الثلاثاء 13 من تشرين الثاني");
    CHECK_INT(m[1].date.weekday, 2);
    /* a weekday before a date that cannot be read (a Hijri day, no year, no
     * reference) still dates the tomorrow before it */
    t = "تبدأ المسابقة غدًا الأربعاء السادس من شوال";
    CHECK_INT(find(t, NULL, m, 4), 1);
    CHECK_STR(span_of(t, &m[0]), "غدًا الأربعاء");
    CHECK_INT(m[0].date.rel_days, 1);
    CHECK_INT(m[0].date.weekday, 3);
    d = one("last Sunday the talks failed", NULL);
    CHECK_INT(d.rel_kind, MARSAD_REL_WEEKDAY);
    CHECK_INT(d.rel_days, -1);
    CHECK_INT(d.weekday, 7);
}

TEST(date_find_relative_resolved) {
    marsad_date ref = ymd(2018, 11, 13); /* a Tuesday */
    marsad_date d = one("قال أمس إن", &ref);
    CHECK(d.resolved);
    CHECK_STR(iso(&d), "2018-11-12");
    CHECK_INT(d.rel_kind, MARSAD_REL_DAYS); /* the relation stays */
    CHECK_STR(iso((d = one("اليوم", &ref), &d)), "2018-11-13");
    CHECK_STR(iso((d = one("غدًا", &ref), &d)), "2018-11-14");
    CHECK_STR(iso((d = one("أول أمس", &ref), &d)), "2018-11-11");
    CHECK_STR(iso((d = one("يوم الثلاثاء", &ref), &d)), "2018-11-13");    /* on or before */
    CHECK_STR(iso((d = one("الثلاثاء الماضي", &ref), &d)), "2018-11-06"); /* strictly before */
    CHECK_STR(iso((d = one("يوم الأحد", &ref), &d)), "2018-11-11");
    CHECK_STR(iso((d = one("الجمعة الماضي", &ref), &d)), "2018-11-09");
    CHECK_STR(iso((d = one("الأحد المقبل", &ref), &d)), "2018-11-18");
    CHECK_STR(iso((d = one("الثلاثاء المقبل", &ref), &d)), "2018-11-20");
    /* "أمس الأحد" in a report dated Monday: consistent */
    marsad_date monday = ymd(2018, 11, 12);
    d = one("أمس الأحد", &monday);
    CHECK_STR(iso(&d), "2018-11-11");
    CHECK_INT(d.weekday, 7);
    /* ... dated Tuesday: written the day before; the weekday wins when it is
     * a day or two earlier */
    d = one("أمس الأحد", &ref);
    CHECK_STR(iso(&d), "2018-11-11");
    CHECK_INT(d.weekday, 7);
    /* ... dated Thursday: too far; the relative day stands, the weekday goes */
    marsad_date thursday = ymd(2018, 11, 15);
    d = one("أمس الأحد", &thursday);
    CHECK_STR(iso(&d), "2018-11-14");
    CHECK_INT(d.weekday, 0);
    /* across month, year and leap-day boundaries */
    marsad_date jan1 = ymd(2019, 1, 1), mar1 = ymd(2016, 3, 1), mar1c = ymd(2015, 3, 1),
                dec31 = ymd(2018, 12, 31);
    CHECK_STR(iso((d = one("أمس", &jan1), &d)), "2018-12-31");
    CHECK_STR(iso((d = one("أمس", &mar1), &d)), "2016-02-29");
    CHECK_STR(iso((d = one("أمس", &mar1c), &d)), "2015-02-28");
    CHECK_STR(iso((d = one("غدا.", &dec31), &d)), "2019-01-01");
    CHECK_STR(iso((d = one("يوم الاثنين", &jan1), &d)), "2018-12-31");
    /* an incomplete reference resolves nothing */
    marsad_date partial = ymd(2018, 11, 0);
    d = one("أمس", &partial);
    CHECK(!d.resolved);
    CHECK_INT(d.year, 0);
}

TEST(date_find_month_of_the_past) {
    marsad_date ref = ymd(2018, 11, 13), early = ymd(2018, 10, 10), sept = ymd(2018, 9, 20);
    const char *t = "في 16 من تشرين الأول الماضي، إن";
    marsad_date d = one(t, NULL);
    CHECK_STR(iso(&d), "--10-16");
    CHECK_INT(d.year, 0);
    d = one(t, &ref);
    CHECK_STR(iso(&d), "2018-10-16");
    CHECK(d.resolved);
    d = one(t, &early);
    CHECK_STR(iso(&d), "2017-10-16");
    t = "في شهر سبتمبر الماضي";
    EXPECT_ONE(t, NULL, "شهر سبتمبر الماضي", "--09");
    CHECK_STR(iso((d = one(t, &ref), &d)), "2018-09");
    CHECK_STR(iso((d = one(t, &sept), &d)), "2017-09"); /* the same month is last year's */
    CHECK_STR(iso((d = one("حتى نوفمبر المقبل", &ref), &d)), "2019-11");
    CHECK_STR(iso((d = one("في يوليو (تموز) الحالي", &ref), &d)), "2018-07");
    CHECK_STR(iso((d = one("في مارس من العام الماضي", &ref), &d)), "2017-03");
    CHECK_STR(iso((d = one("في 30 أغسطس من العام الحالي", &ref), &d)), "2018-08-30");
    CHECK_STR(iso((d = one("في مارس من العام الماضي", NULL), &d)), "--03");
}

TEST(date_find_year_inferred_from_reference) {
    marsad_date ref = ymd(2019, 1, 2), dec = ymd(2018, 12, 30);
    marsad_date d = one("احتفلوا في 25 ديسمبر", &ref);
    CHECK_STR(iso(&d), "2018-12-25");
    CHECK(d.resolved);
    mr_date_found f[2];
    const char *t = "احتفلوا في 25 ديسمبر";
    CHECK_INT(mr_dates_find_ex(t, strlen(t), &ref, f, 2), 1);
    CHECK(f[0].flags & MR_DATE_YEAR_INFERRED);
    CHECK(!(f[0].flags & MR_DATE_PARTIAL));
    CHECK_INT(mr_dates_find_ex(t, strlen(t), NULL, f, 2), 1);
    CHECK(!(f[0].flags & MR_DATE_YEAR_INFERRED));
    CHECK(f[0].flags & MR_DATE_PARTIAL);
    d = one("يبدأ في 2 يناير", &dec);
    CHECK_STR(iso(&d), "2019-01-02");
    /* the weekday picks the year */
    marsad_date ref2 = ymd(2019, 6, 1);
    d = one("الثلاثاء 13 نوفمبر", &ref2);
    CHECK_STR(iso(&d), "2018-11-13");
    CHECK_INT(d.weekday, 2);
    /* 29 February with no leap year near stays yearless */
    marsad_date ref3 = ymd(2018, 3, 5);
    d = one("في 29 فبراير", &ref3);
    CHECK_STR(iso(&d), "--02-29");
    CHECK(!d.resolved);
}

TEST(date_find_month_year_and_year) {
    EXPECT_ONE("تراجعت الأسعار منذ سبتمبر 2018 بشدة", NULL, "سبتمبر 2018", "2018-09");
    EXPECT_ONE("prices fell in September 2018 sharply", NULL, "September 2018", "2018-09");
    EXPECT_ONE("انتهى البناء عام 2018 تقريبًا", NULL, "عام 2018", "2018");
    EXPECT_ONE("مقارنة بالعام 2013 الذي", NULL, "العام 2013", "2013");
    EXPECT_ONE("الخطة الوطنية 2030م للتنمية", NULL, "2030م", "2030");
    EXPECT_ONE("it was built in 2018.", NULL, "2018", "2018");
    EXPECT_NONE("it was built in 2018 homes across the country");
    EXPECT_NONE("شارك 2018 شخصًا في السباق");
    EXPECT_NONE("خلال الفترة 2018-2019 ارتفعت");
    EXPECT_NONE("عام 1436هـ"); /* a Hijri year alone has no Gregorian year */
}

TEST(date_find_hijri) {
    EXPECT_ONE("يبدأ الصيام 1 رمضان 1436هـ في", NULL, "1 رمضان 1436هـ", "2015-06-18");
    EXPECT_ONE("عيد الفطر 1 شوال 1436 هـ الموافق", NULL, "1 شوال 1436 هـ", "2015-07-17");
    EXPECT_ONE("بتاريخ 1436/10/05هـ صدر", NULL, "1436/10/05هـ", "2015-07-21");
    EXPECT_ONE("وتاريخ 26 - 5 - 1436هـ، قرر", NULL, "26 - 5 - 1436هـ", "2015-03-17");
    EXPECT_ONE("في 3 ربيع الآخر 1436 تم", NULL, "3 ربيع الآخر 1436", "2015-01-23");
    EXPECT_ONE("بدأ في 1 محرم 1440 العام", NULL, "1 محرم 1440", "2018-09-11");
    EXPECT_ONE("في 10 ذي الحجة 1436", NULL, "10 ذي الحجة 1436", "2015-09-23");
    EXPECT_ONE("الخامس من جمادى الأولى 1437 هـ", NULL, "الخامس من جمادى الأولى 1437 هـ",
               "2016-02-14");
    mr_date_found f[2];
    const char *t = "1 رمضان 1436هـ";
    CHECK_INT(mr_dates_find_ex(t, strlen(t), NULL, f, 2), 1);
    CHECK(f[0].flags & MR_DATE_HIJRI);
    /* A weekday one day off the calendar moves the date (a sighted moon):
     * Eid al-Adha 1436 fell on Thursday, a day after the Umm al-Qura date. */
    marsad_date d = one("الخميس 10 ذو الحجة 1436", NULL);
    CHECK_STR(iso(&d), "2015-09-24");
    CHECK_INT(d.weekday, 4);
    d = one("الجمعة 1 شوال 1436", NULL); /* consistent: kept as is */
    CHECK_STR(iso(&d), "2015-07-17");
    CHECK_INT(d.weekday, 5);
    d = one("الاثنين 1 شوال 1436", NULL); /* three days off: weekday dropped */
    CHECK_STR(iso(&d), "2015-07-17");
    CHECK_INT(d.weekday, 0);
    /* without a year: only with a reference (the nearest such day) */
    EXPECT_NONE("حفل معايدة (10شوال) للمثقفين");
    marsad_date ref = ymd(2015, 7, 30);
    d = one("حفل معايدة (10شوال) للمثقفين", &ref);
    CHECK_STR(iso(&d), "2015-07-26");
    CHECK(d.resolved);
    EXPECT_NONE("خلال شهر رمضان المبارك");     /* a Hijri month alone */
    EXPECT_NONE("التقى الرئيس رمضان قاديروف"); /* a name */
    EXPECT_NONE("درجة الحرارة صفر 2015");      /* zero */
}

/* ---- finding dates: Latin script, numeric, times ------------------------ */

TEST(date_find_english) {
    EXPECT_ONE("Published November 12, 2018 by", NULL, "November 12, 2018", "2018-11-12");
    EXPECT_ONE("on 12 Nov 2018 the", NULL, "12 Nov 2018", "2018-11-12");
    EXPECT_ONE("Updated Nov. 12 at noon", NULL, "Nov. 12", "--11-12");
    EXPECT_ONE("the 3rd of March, 2017 meeting", NULL, "3rd of March, 2017", "2017-03-03");
    EXPECT_ONE("Sept 9th 2016.", NULL, "Sept 9th 2016", "2016-09-09");
    marsad_date_match m[4];
    const char *t = "Tuesday, 13 November: talks";
    CHECK_INT(find(t, NULL, m, 4), 1);
    CHECK_STR(span_of(t, &m[0]), "Tuesday, 13 November");
    CHECK_INT(m[0].date.weekday, 2);
    CHECK_STR(iso(&m[0].date), "--11-13");
    t = "Tue, 13 Nov 2018 09:30:00 +0300";
    CHECK_INT(find(t, NULL, m, 4), 1);
    CHECK_STR(span_of(t, &m[0]), t);
    CHECK_STR(iso(&m[0].date), "2018-11-13T09:30+03:00");
    CHECK_INT(m[0].date.weekday, 2);
    EXPECT_ONE("He said on May 3 that", NULL, "May 3", "--05-03");
    EXPECT_NONE("the 12 may be released"); /* the verb */
}

TEST(date_find_european_languages) {
    EXPECT_ONE("publié le 12 novembre 2018 à Paris", NULL, "12 novembre 2018", "2018-11-12");
    EXPECT_ONE("le 1er mai 2019", NULL, "1er mai 2019", "2019-05-01");
    EXPECT_ONE("el 12 de noviembre de 2018 en", NULL, "12 de noviembre de 2018", "2018-11-12");
    EXPECT_ONE("em 5 de março de 2020 no", NULL, "5 de março de 2020", "2020-03-05");
    EXPECT_ONE("am 12. November 2018 in", NULL, "12. November 2018", "2018-11-12");
    EXPECT_ONE("am 3. März 2021", NULL, "3. März 2021", "2021-03-03");
    EXPECT_ONE("en août 2016 puis", NULL, "août 2016", "2016-08");
    EXPECT_ONE("depuis mars 2020 on", NULL, "mars 2020", "2020-03");
    EXPECT_NONE("the Mars 2020 rover landed"); /* a spacecraft, not March */
    marsad_date d = one("Segunda-feira, 26 de julho de 2021", NULL);
    CHECK_STR(iso(&d), "2021-07-26");
    CHECK_INT(d.weekday, 1);
    d = one("el martes 27 de julio", NULL);
    CHECK_INT(d.weekday, 2);
    CHECK_STR(iso(&d), "--07-27");
    d = one("le jeudi 29 juillet 2021", NULL);
    CHECK_INT(d.weekday, 4);
    EXPECT_NONE("Plácido Domingo canta"); /* a weekday of these languages needs a date */
}

TEST(date_find_numeric) {
    EXPECT_ONE("date: 2018-11-12, ok", NULL, "2018-11-12", "2018-11-12");
    EXPECT_ONE("at 2018-11-12T09:30:00+03:00.", NULL, "2018-11-12T09:30:00+03:00",
               "2018-11-12T09:30+03:00");
    EXPECT_ONE("نشر في 12/11/2018 على", NULL, "12/11/2018", "2018-11-12"); /* day first */
    EXPECT_ONE("نشر في 12-11-2018 على", NULL, "12-11-2018", "2018-11-12");
    EXPECT_ONE("posted 11/25/2018 by", NULL, "11/25/2018", "2018-11-25"); /* month first */
    EXPECT_ONE("في 2018/11/12 صدر", NULL, "2018/11/12", "2018-11-12");
    EXPECT_ONE("am 12.11.2018 war", NULL, "12.11.2018", "2018-11-12");
    EXPECT_ONE("تحديث ١٢/١١/٢٠١٨ م", NULL, "١٢/١١/٢٠١٨ م", "2018-11-12");
    EXPECT_NONE("نشر في 31/11/2018 على");  /* no 31 November */
    EXPECT_NONE("الحساب 12/11/2018/77");   /* part of a longer number */
    EXPECT_NONE("النتيجة 12/11 لصالح");    /* no year */
    EXPECT_NONE("الرقم 4 - 7 - 2015 فقط"); /* spaced separators need an era mark */
}

TEST(date_find_times) {
    EXPECT_ONE("12 نوفمبر 2018 - 10:30 م", NULL, "12 نوفمبر 2018 - 10:30 م", "2018-11-12T22:30");
    EXPECT_ONE("12 نوفمبر 2018 الساعة 10:30 ص", NULL, "12 نوفمبر 2018 الساعة 10:30 ص",
               "2018-11-12T10:30");
    EXPECT_ONE("12 نوفمبر 2018 12:15 ص", NULL, "12 نوفمبر 2018 12:15 ص", "2018-11-12T00:15");
    EXPECT_ONE("Nov 12, 2018 10:30 AM", NULL, "Nov 12, 2018 10:30 AM", "2018-11-12T10:30");
    EXPECT_ONE("Nov 12, 2018 at 3:05 p.m.", NULL, "Nov 12, 2018 at 3:05 p.m.", "2018-11-12T15:05");
    EXPECT_ONE("2018-11-12 09:30:00 GMT+3", NULL, "2018-11-12 09:30:00 GMT+3",
               "2018-11-12T09:30+03:00");
    EXPECT_ONE("10:30 12/11/2018", NULL, "10:30 12/11/2018", "2018-11-12T10:30");
    EXPECT_ONE("at 2018-11-12T09:30-05:00 sharp", NULL, "2018-11-12T09:30-05:00",
               "2018-11-12T09:30-05:00");
    /* a range is no offset */
    EXPECT_ONE("12 نوفمبر 2018 10:30-11:30", NULL, "12 نوفمبر 2018 10:30", "2018-11-12T10:30");
    EXPECT_NONE("آخر تحديث 15:00:36");
    EXPECT_NONE("انتهت المباراة 2:1");
    EXPECT_NONE("at 10:30 AM");
}

/* ---- precision: things that are not dates ------------------------------- */

TEST(date_find_not_dates) {
    EXPECT_NONE("تحصن المقاتلون في 3 كم مربع");
    EXPECT_NONE("استولوا على 41 موقعًا");
    EXPECT_NONE("يتحصن 400 إلى 600 مقاتل");
    EXPECT_NONE("أجلي أكثر من 20 ألفًا من المدنيين");
    EXPECT_NONE("اتصل على 0555-123-4567 أو +966 12 345 6789");
    EXPECT_NONE("قناة روسيا اليوم");
    EXPECT_NONE("في اليوم التالي");
    EXPECT_NONE("احتفالات اليوم الوطني");
    EXPECT_NONE("في اليوم ذاته قتل");
    EXPECT_NONE("صحيفة المصري اليوم");
    EXPECT_NONE("هم في أمس الحاجة إلى الدعم");
    EXPECT_NONE("غدا الوضع أسوأ");
    EXPECT_NONE("الفرق بين الاثنين كبير");
    EXPECT_NONE("الأحد عشر لاعبا");
    EXPECT_NONE("مارس الضغط على الحكومة");
    EXPECT_NONE("مارس 2 من اللاعبين الرياضة"); /* the verb, a count after it */
    EXPECT_NONE("أدى صلاة الجمعة في المسجد");
    EXPECT_NONE("");
    EXPECT_NONE("USA Today reported");
    EXPECT_NONE("نحو الغد الأفضل");
    EXPECT_NONE("نقلا عن عين اليوم");
    EXPECT_NONE("Pakistan Today reported");
    EXPECT_NONE("watch TODAY with us");
    EXPECT_NONE("Black Friday deals and Cyber Monday sales");
    EXPECT_NONE("follow @sunday_woman and #Monday");
    EXPECT_ONE("Today the minister said", NULL, "Today", "");
}

/* ---- API contract -------------------------------------------------------- */

TEST(date_find_spans_order_and_max) {
    const char *t = "أمس قال إن الاجتماع في 5 مارس 2019 وأن التقرير صدر 2019-02-01.";
    marsad_date_match m[8];
    size_t n = find(t, NULL, m, 8);
    CHECK_INT(n, 3);
    CHECK_STR(span_of(t, &m[0]), "أمس");
    CHECK_INT(m[0].start, 0);
    CHECK_INT(m[0].end, strlen("أمس"));
    CHECK_STR(span_of(t, &m[1]), "5 مارس 2019");
    CHECK_INT(m[1].start, strstr(t, "5 مارس") - t);
    CHECK_STR(span_of(t, &m[2]), "2019-02-01");
    CHECK(m[0].end <= m[1].start && m[1].end <= m[2].start);
    /* more dates than room: the count is still the total */
    marsad_date_match small[1];
    memset(small, 0, sizeof small);
    CHECK_INT(find(t, NULL, small, 1), 3);
    CHECK_STR(span_of(t, &small[0]), "أمس");
    CHECK_INT(marsad_dates_find(t, strlen(t), NULL, NULL, 0), 3);
    /* the length bounds the scan: no reading past it */
    CHECK_INT(marsad_dates_find(t, strlen("أمس"), NULL, m, 8), 1);
    CHECK_INT(marsad_dates_find("5 مارس 2019", 1, NULL, m, 8), 0);
}

/* Each text copied to a heap block of its exact length (no NUL after it):
 * the results must be those of the NUL-terminated text, and the sanitizer
 * build catches any read past the end. */
TEST(date_find_reads_nothing_past_len) {
    static const char *texts[] = {"12 نوفمبر 2018 - 10:30",
                                  "2018-11-12T09:30",
                                  "10:30",
                                  "Nov 12, 2018 10:30 GMT",
                                  "أمس الأحد",
                                  "اليوم",
                                  "غدا",
                                  "11 سبتمبر / أيلول",
                                  "1436/10/05",
                                  "1436/10/05هـ",
                                  "Tuesday, 13",
                                  "12th",
                                  "عام 2018",
                                  "2018م",
                                  "الثاني عشر من",
                                  "في شهر سبتمبر",
                                  "12/11/2018",
                                  "Tue, 13 Nov 2018 09:30:00 +03",
                                  "segunda-feira",
                                  "5 شوال 1436 هـ"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t n = strlen(texts[i]);
        marsad_date ref = ymd(2015, 7, 30);
        for (size_t cut = 1; cut <= n; cut++) {
            char *copy = malloc(cut);
            memcpy(copy, texts[i], cut);
            char *terminated = malloc(cut + 1);
            memcpy(terminated, texts[i], cut);
            terminated[cut] = 0;
            marsad_date_match a[4], b[4];
            size_t na = marsad_dates_find(copy, cut, &ref, a, 4);
            size_t nb = marsad_dates_find(terminated, cut, &ref, b, 4);
            CHECK_INT(na, nb);
            for (size_t k = 0; k < na && k < nb && k < 4; k++) {
                CHECK_INT(a[k].start, b[k].start);
                CHECK_INT(a[k].end, b[k].end);
                CHECK_STR(iso(&a[k].date), iso(&b[k].date));
            }
            free(copy);
            free(terminated);
        }
    }
}

TEST(date_find_survives_broken_utf8) {
    static const char junk[] = "\xD8\xD9 5 \xD9 \xE2\x80 12/11/\xC3 2018 \xD8";
    marsad_date_match m[4];
    (void)marsad_dates_find(junk, sizeof junk - 1, NULL, m, 4);
    const char cut[] = "5 \xD9\x85"; /* a month name cut short */
    CHECK_INT(marsad_dates_find(cut, sizeof cut - 1, NULL, m, 4), 0);
}
