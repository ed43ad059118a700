/* Unit tests of plain-text extraction (src/extract/text.c and its helpers):
 * the fixtures in tests/fixtures/text/ are reports in the shape scrapers save
 * them, each with its site's clutter; every kept paragraph, every dropped line
 * and its reason, the title, outlet, author and date are checked. Then the
 * edge cases: empty input, only clutter, one line, a very long line, CRLF,
 * repaired UTF-8, mixed scripts, container metadata, hard wrapping. */
#include "extract/extract.h"
#include "extract/textx.h"
#include "test.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct run {
    mr_arena arena;
    marsad_article a;
    const char *why;
    int rc;
    char *data;
} run;

static void run_record(run *r, marsad_record *rec) {
    mr_arena_init(&r->arena, 1 << 14);
    r->rc = mr_extract_text(rec, NULL, &r->arena, &r->a, &r->why);
}

static void run_text(run *r, const char *text) {
    r->data = NULL;
    marsad_record rec = {.origin = "test", .data = text, .len = strlen(text)};
    run_record(r, &rec);
}

static void run_fixture(run *r, const char *name) {
    char path[256];
    snprintf(path, sizeof path, "tests/fixtures/text/%s", name);
    size_t len = 0;
    r->data = mr_test_read_file(path, &len);
    CHECK(r->data != NULL);
    marsad_record rec = {.origin = path, .data = r->data ? r->data : "", .len = len};
    run_record(r, &rec);
}

static void done(run *r) {
    mr_arena_free(&r->arena);
    free(r->data);
}

/* The reason the line containing `needle` was dropped, or NULL when no
 * dropped line contains it. */
static const char *dropped_reason(const run *r, const char *needle) {
    for (size_t i = 0; i < r->a.ndropped; i++)
        if (strstr(r->a.dropped[i].text, needle)) return r->a.dropped[i].reason;
    return NULL;
}

static bool kept(const run *r, const char *needle) {
    for (size_t i = 0; i < r->a.nparagraphs; i++)
        if (strstr(r->a.paragraphs[i], needle)) return true;
    return false;
}

static char *formatted_date(const run *r, char *buf) {
    return marsad_date_format(&r->a.published, buf);
}

#define CHECK_DROPPED(r, needle, reason) CHECK_STR(dropped_reason(r, needle), reason)

TEST(text_fixture_nav_list_repeated_title_attribution) {
    run r;
    run_fixture(&r, "ar_nav_attribution.txt");
    CHECK_INT(r.rc, 0);
    CHECK_STR(r.a.title, "افتتاح محطة تحلية جديدة في الساحل.. بعد سنتين من العمل");
    CHECK_INT(r.a.nparagraphs, 5);
    CHECK(kept(&r, "أعلنت سلطة المياه افتتاح محطة تحلية جديدة"));
    CHECK(kept(&r, "المهندس المسؤول عن المشروع"));
    CHECK(kept(&r, "وأضاف أن العمل تأخر"));
    CHECK(kept(&r, "ويعاني سكان الساحل من انقطاع المياه منذ سنوات.")); /* a short paragraph */
    CHECK(kept(&r, "وكانت السلطة قد وعدت"));
    CHECK_DROPPED(&r, "المزيد", "lone label");
    CHECK_DROPPED(&r, "وزير الزراعة", "navigation");
    CHECK_DROPPED(&r, "جولة في سوق الخضار", "navigation");
    CHECK_DROPPED(&r, "مدير المرفأ", "navigation");
    CHECK_DROPPED(&r, "لماذا تأخر افتتاح الجسر", "navigation");
    CHECK_DROPPED(&r, "أطباء متطوعون", "navigation");
    CHECK_DROPPED(&r, "14:05", "time or date");
    CHECK_DROPPED(&r, "افتتاح محطة تحلية", "repeated title");
    CHECK_INT(r.a.ndropped, 8);
    CHECK_STR(r.a.outlet, "صوت الوادي");
    CHECK_STR(r.a.outlet_from.how, "attribution");
    CHECK(r.a.author == NULL);
    CHECK_HASNT(r.a.body, "14:05");
    done(&r);
}

TEST(text_fixture_byline_dateline_comments) {
    run r;
    run_fixture(&r, "ar_byline_dateline.txt");
    CHECK_INT(r.rc, 0);
    CHECK_STR(r.a.title, "فيضانات تغمر أحياء في شمال المدينة وتجبر مئات العائلات على النزوح");
    CHECK_INT(r.a.nparagraphs, 4);
    CHECK(kept(&r, "غمرت مياه الأمطار الغزيرة"));
    CHECK(kept(&r, "وقال مدير الدفاع المدني"));
    CHECK(kept(&r, "أكدت مصادر محلية"));
    CHECK(kept(&r, "وتوقعت الأرصاد الجوية استمرار الأمطار حتى نهاية الأسبوع."));
    CHECK_DROPPED(&r, "هيئة التحرير", "dateline");
    CHECK_DROPPED(&r, "رجال الإنقاذ", "photo caption");
    CHECK_DROPPED(&r, "سامر الحلبي", "byline");
    CHECK_DROPPED(&r, "عذراً التعليقات مغلقة", "comment notice");
    CHECK_STR(r.a.dropped[3].text, "التعليقات");
    CHECK_STR(r.a.dropped[3].reason, "comment notice");
    CHECK_DROPPED(&r, "عاجل", "lone label");
    CHECK_INT(r.a.ndropped, 6);
    CHECK_STR(r.a.outlet, "الوادي نيوز");
    CHECK_STR(r.a.outlet_from.how, "byline");
    CHECK_STR(r.a.author, "سامر الحلبي");
    char buf[32];
    CHECK_STR(formatted_date(&r, buf), "2021-03-03");
    CHECK_STR(r.a.published_from.how, "dateline");
    done(&r);
}

TEST(text_fixture_signoff_repeated_lead) {
    run r;
    run_fixture(&r, "ar_signoff_repeat.txt");
    CHECK_INT(r.rc, 0);
    CHECK_STR(r.a.title, "\"مجلس المدينة\" يقر ميزانية العام الجديد بعد جلسة طويلة");
    CHECK_INT(r.a.nparagraphs, 4);
    CHECK(kept(&r, "أقر مجلس المدينة، يوم الأربعاء"));
    CHECK(kept(&r, "وخصصت الميزانية"));
    CHECK(kept(&r, "واعترض عدد من الأعضاء"));
    CHECK(kept(&r, "وقال رئيس المجلس"));
    CHECK_DROPPED(&r, "أقر مجلس المدينة", "repeated paragraph");
    CHECK_INT(r.a.dropped[0].line, 5); /* the second print, not the first */
    CHECK_DROPPED(&r, "نبض الشام", "sign-off");
    CHECK_DROPPED(&r, "الأكثر قراءة", "related list");
    CHECK_DROPPED(&r, "SHARE", "lone label");
    CHECK_DROPPED(&r, "close", "lone label");
    CHECK_INT(r.a.ndropped, 5);
    CHECK_STR(r.a.outlet, "نبض الشام");
    CHECK_STR(r.a.outlet_from.how, "sign-off");
    done(&r);
}

TEST(text_fixture_leadin_near_duplicate_title_read_also) {
    run r;
    run_fixture(&r, "ar_leadin_readalso.txt");
    CHECK_INT(r.rc, 0);
    CHECK_STR(r.a.title, "\"الفريق الوطني\" يتأهل إلى نصف النهائي بعد فوز صعب");
    CHECK_INT(r.a.nparagraphs, 4);
    CHECK(kept(&r, "تأهل الفريق الوطني"));
    CHECK(kept(&r, "وسجل المهاجم الشاب"));
    CHECK(kept(&r, "وقال المدرب"));
    CHECK(kept(&r, "وفي 14 أكتوبر / تشرين الأول 2019"));
    /* Other quotes, spacing and one word changed: still the title. */
    CHECK_DROPPED(&r, "يتأهل الى نصف نهائي البطولة", "repeated title");
    CHECK_DROPPED(&r, "قراءة", "lone label");
    CHECK_DROPPED(&r, "شبكة المدار:", "lead-in");
    CHECK_DROPPED(&r, "اقرأ أيضًا", "related list");
    CHECK_DROPPED(&r, "- المدرب يعلن قائمة", "related list");
    CHECK_DROPPED(&r, "تعليقات", "comment notice");
    CHECK_INT(r.a.ndropped, 6);
    CHECK_STR(r.a.outlet, "شبكة المدار");
    CHECK_STR(r.a.outlet_from.how, "lead-in");
    /* "في 14 أكتوبر 2019، خسر" dates an event, not the report. */
    CHECK_INT(r.a.published.year, 0);
    CHECK_INT(r.a.published.month, 0);
    done(&r);
}

TEST(text_fixture_caption_form_messages_appeal) {
    run r;
    run_fixture(&r, "ar_caption_appeal.txt");
    CHECK_INT(r.rc, 0);
    CHECK_STR(r.a.title, "مهرجان الكتاب يعود إلى العاصمة بعد غياب ثلاث سنوات");
    CHECK_INT(r.a.nparagraphs, 4);
    CHECK(kept(&r, "افتتح مهرجان الكتاب"));
    CHECK(kept(&r, "وشهد اليوم الأول"));
    CHECK(kept(&r, "وقالت إدارة المهرجان"));
    CHECK(kept(&r, "ويستمر المهرجان"));
    CHECK_DROPPED(&r, "camera icon", "photo caption");
    CHECK_DROPPED(&r, "tag icon", "tags");
    CHECK_DROPPED(&r, "نجاح", "form message");
    CHECK_DROPPED(&r, "شكرًا لك!", "form message");
    CHECK_DROPPED(&r, "خطأ", "form message");
    CHECK_DROPPED(&r, "يرجى المحاولة مرة أخرى", "form message");
    CHECK_DROPPED(&r, "مقالات متعلقة", "related list");
    CHECK_DROPPED(&r, "×", "symbols");
    CHECK_DROPPED(&r, "الصحافة المستقلة تحتاج", "donation appeal");
    CHECK_DROPPED(&r, "كل مساهمة", "donation appeal");
    CHECK_DROPPED(&r, "ادعم صوت المدينة", "donation appeal");
    CHECK_DROPPED(&r, "اضغط هنا للمساهمة", "donation appeal");
    CHECK_INT(r.a.ndropped, 13);
    CHECK_STR(r.a.outlet, "صوت المدينة");
    CHECK_STR(r.a.outlet_from.how, "appeal");
    /* "اليوم، الأربعاء 5 من أيار": the day the report calls today, year
     * unknown; "أمس الثلاثاء" dates an event and must not win. */
    char buf[32];
    CHECK_STR(formatted_date(&r, buf), "--05-05");
    CHECK_INT(r.a.published.weekday, 3);
    CHECK_STR(r.a.published_from.how, "text");
    done(&r);
}

TEST(text_fixture_english_menu_byline_copyright) {
    run r;
    run_fixture(&r, "en_byline_menu.txt");
    CHECK_INT(r.rc, 0);
    CHECK_STR(r.a.title, "City council approves new cycling lanes after long debate");
    CHECK_INT(r.a.nparagraphs, 5);
    CHECK(kept(&r, "The city council on Tuesday approved"));
    CHECK(kept(&r, "The plan, which will cost"));
    CHECK(kept(&r, "This is a good day"));
    CHECK(kept(&r, "Shop owners on the main avenue"));
    CHECK(kept(&r, "Work on the first section"));
    CHECK_DROPPED(&r, "Home | World", "navigation");
    CHECK_DROPPED(&r, "Subscribe", "subscribe prompt");
    CHECK_DROPPED(&r, "Search", "lone label");
    CHECK_DROPPED(&r, "By Jane Carter", "byline");
    CHECK_DROPPED(&r, "Published March 3", "dateline");
    CHECK_DROPPED(&r, "Photo: Cyclists", "photo caption");
    CHECK_DROPPED(&r, "Read more:", "related list");
    CHECK_DROPPED(&r, "Council delays vote", "related list");
    CHECK_DROPPED(&r, "Residents protest", "related list");
    CHECK_DROPPED(&r, "Comments are closed.", "comment notice");
    CHECK_DROPPED(&r, "All rights reserved", "copyright");
    CHECK_INT(r.a.ndropped, 11);
    CHECK_STR(r.a.author, "Jane Carter");
    CHECK_STR(r.a.outlet, "The Daily Ledger");
    CHECK_STR(r.a.outlet_from.how, "copyright");
    char buf[32];
    CHECK_STR(formatted_date(&r, buf), "2021-03-03T10:42");
    done(&r);
}

TEST(text_fixture_french_byline_read_also) {
    run r;
    run_fixture(&r, "fr_par_lire_aussi.txt");
    CHECK_INT(r.rc, 0);
    CHECK_STR(r.a.title, "Les pêcheurs du port reprennent la mer après la tempête");
    CHECK_INT(r.a.nparagraphs, 3);
    CHECK(kept(&r, "Les autorités locales ont promis"));
    CHECK_DROPPED(&r, "Accueil", "navigation");
    CHECK_DROPPED(&r, "Par Marie Dupont", "byline");
    CHECK_DROPPED(&r, "Lire aussi", "related list");
    CHECK_DROPPED(&r, "Partager", "lone label");
    CHECK_DROPPED(&r, "Tous droits réservés", "copyright");
    CHECK_STR(r.a.author, "Marie Dupont");
    CHECK(r.a.outlet == NULL); /* the text names none */
    done(&r);
}

TEST(text_empty_and_blank_input) {
    run r;
    run_text(&r, "");
    CHECK_INT(r.rc, -1);
    CHECK_STR(r.why, "empty");
    done(&r);
    run_text(&r, " \n\r\n\t\n\xc2\xa0\n\xe2\x80\x8f\n");
    CHECK_INT(r.rc, -1);
    CHECK_STR(r.why, "empty");
    done(&r);
}

TEST(text_only_clutter_is_no_article) {
    run r;
    run_text(&r, "المزيد\n\nSHARE\n\nالتعليقات\n\n00:36\n\n×\n\nمقالات متعلقة\n\nclose\n");
    CHECK_INT(r.rc, -1);
    CHECK_STR(r.why, "only clutter");
    done(&r);
    /* A menu alone is no article either. */
    run_text(&r, "Home\nWorld\nSport\nBusiness\nSearch\n");
    CHECK_INT(r.rc, -1);
    done(&r);
}

TEST(text_one_line_reports) {
    run r;
    /* A headline alone: it is the title and the whole text. */
    run_text(&r, "الحكومة تعلن خطة لدعم المزارعين في المناطق الجافة\n");
    CHECK_INT(r.rc, 0);
    CHECK_STR(r.a.title, "الحكومة تعلن خطة لدعم المزارعين في المناطق الجافة");
    CHECK_INT(r.a.nparagraphs, 1);
    CHECK_STR(r.a.body, "الحكومة تعلن خطة لدعم المزارعين في المناطق الجافة");
    done(&r);
    /* One sentence: body, no title. */
    run_text(&r, "Officials said on Monday that the bridge would reopen to traffic next week.");
    CHECK_INT(r.rc, 0);
    CHECK_INT(r.a.nparagraphs, 1);
    CHECK(r.a.title == NULL);
    done(&r);
}

TEST(text_very_long_single_line) {
    mr_buf b = MR_BUF_INIT;
    for (int i = 0; i < 4000; i++) mr_buf_puts(&b, "وقال المسؤول إن العمل مستمر في المشروع. ");
    run r;
    run_text(&r, b.data);
    CHECK_INT(r.rc, 0);
    CHECK_INT(r.a.nparagraphs, 1);
    CHECK_INT(r.a.ndropped, 0);
    CHECK(r.a.body_len + 1 == b.len); /* the trailing space is trimmed */
    done(&r);
    mr_buf_free(&b);
}

static char *with_crlf(const char *s) {
    mr_buf b = MR_BUF_INIT;
    for (; *s; s++) {
        if (*s == '\n') mr_buf_putc(&b, '\r');
        mr_buf_putc(&b, *s);
    }
    return mr_buf_take(&b);
}

TEST(text_crlf_same_as_lf) {
    size_t len;
    char *lf = mr_test_read_file("tests/fixtures/text/ar_byline_dateline.txt", &len);
    CHECK(lf != NULL);
    if (!lf) return;
    char *crlf = with_crlf(lf);
    run a, b;
    run_text(&a, lf);
    run_text(&b, crlf);
    CHECK_INT(a.rc, 0);
    CHECK_INT(b.rc, 0);
    CHECK_STR(a.a.title, b.a.title);
    CHECK_STR(a.a.body, b.a.body);
    CHECK_STR(a.a.outlet, b.a.outlet);
    CHECK_STR(a.a.author, b.a.author);
    CHECK_INT(a.a.ndropped, b.a.ndropped);
    CHECK_HASNT(b.a.body, "\r");
    CHECK_HASNT(b.a.title, "\r");
    for (size_t i = 0; i < a.a.ndropped && i < b.a.ndropped; i++) {
        CHECK_STR(a.a.dropped[i].reason, b.a.dropped[i].reason);
        CHECK_INT(a.a.dropped[i].line, b.a.dropped[i].line);
    }
    /* Old Mac line ends (CR alone) split lines too. */
    char *cr = strdup(lf);
    for (char *p = cr; *p; p++)
        if (*p == '\n') *p = '\r';
    run c;
    run_text(&c, cr);
    CHECK_STR(c.a.body, a.a.body);
    done(&a);
    done(&b);
    done(&c);
    free(lf);
    free(crlf);
    free(cr);
}

TEST(text_repaired_utf8_and_mixed_scripts) {
    run r;
    /* U+FFFD where the reader replaced bad bytes; bidi marks around Latin. */
    run_text(&r, "عنوان التقرير عن الشركة \xe2\x80\x8fMicrosoft\xe2\x80\x8f الجديد\n\n"
                 "قالت شركة \xe2\x80\x8eMicrosoft\xe2\x80\x8e في بيان إن نظام Windows الجديد سيصدر "
                 "في الخريف، وإن النسخة \xef\xbf\xbd التجريبية متاحة للمطورين منذ اليوم.\n\n"
                 "The company said the update was free for all users of the previous version.\n");
    CHECK_INT(r.rc, 0);
    CHECK_INT(r.a.nparagraphs, 2);
    CHECK(kept(&r, "\xef\xbf\xbd"));
    CHECK(kept(&r, "The company said"));
    CHECK_HAS(r.a.title, "Microsoft");
    done(&r);
}

TEST(text_container_metadata_wins) {
    size_t len;
    char *text = mr_test_read_file("tests/fixtures/text/ar_byline_dateline.txt", &len);
    CHECK(text != NULL);
    if (!text) return;
    marsad_record rec = {.origin = "x",
                         .data = text,
                         .len = len,
                         .title =
                             "فيضانات تغمر أحياء في شمال المدينة وتجبر مئات العائلات على النزوح",
                         .outlet = "موقع الاختبار",
                         .author = "كاتب آخر",
                         .date = "2021-03-04T08:00:00Z",
                         .url = "https://example.org/2021/03/04/floods"};
    run r;
    r.data = text;
    run_record(&r, &rec);
    CHECK_INT(r.rc, 0);
    CHECK_STR(r.a.title, rec.title);
    CHECK_STR(r.a.outlet, "موقع الاختبار");
    CHECK_STR(r.a.outlet_from.how, "container");
    CHECK_STR(r.a.author, "كاتب آخر");
    CHECK_INT(r.a.published.day, 4);
    CHECK_STR(r.a.published_from.how, "container");
    CHECK_STR(r.a.url, rec.url);
    CHECK_STR(r.a.origin, "x");
    CHECK_INT(r.a.format, MARSAD_FORMAT_TEXT);
    /* The text's own headline is the container title: not in the body. */
    CHECK_DROPPED(&r, "فيضانات تغمر", "repeated title");
    CHECK_HASNT(r.a.body, "فيضانات تغمر");
    /* ... and the text is still cleaned. */
    CHECK_DROPPED(&r, "عذراً التعليقات مغلقة", "comment notice");
    CHECK_INT(r.a.nparagraphs, 4);
    done(&r);
}

TEST(text_container_title_without_headline_keeps_text) {
    /* Clean JSON-lines content: the body starts at once, its first line is
     * short and unpunctuated. Nothing is dropped. */
    const char *text = "مدخل إلى الموضوع\n\nأعلنت الوزارة عن برنامج جديد لدعم الطلاب في "
                       "المدارس الحكومية.\n\nوسيبدأ البرنامج في الفصل المقبل.\n";
    marsad_record rec = {
        .origin = "x", .data = text, .len = strlen(text), .title = "برنامج لدعم الطلاب"};
    run r;
    r.data = NULL;
    run_record(&r, &rec);
    CHECK_INT(r.rc, 0);
    CHECK_INT(r.a.ndropped, 0);
    CHECK_INT(r.a.nparagraphs, 3);
    CHECK_STR(r.a.title, "برنامج لدعم الطلاب");
    done(&r);
}

TEST(text_relative_dateline_with_and_without_reference) {
    const char *text = "انقطاع الكهرباء عن أحياء في المدينة\n\nاليوم 10:30\n\n"
                       "انقطعت الكهرباء عن عدد من الأحياء الشرقية بسبب عطل في محطة التحويل.\n\n"
                       "وقالت الشركة إن الفرق الفنية تعمل على إصلاح العطل.\n";
    marsad_record rec = {.origin = "x", .data = text, .len = strlen(text)};
    run r;
    r.data = NULL;
    run_record(&r, &rec);
    CHECK_INT(r.rc, 0);
    CHECK_INT(r.a.published.rel_kind, MARSAD_REL_DAYS);
    CHECK_INT(r.a.published.rel_days, 0);
    CHECK(!r.a.published.resolved);
    CHECK_INT(r.a.published.year, 0);
    CHECK_DROPPED(&r, "اليوم 10:30", "dateline");
    done(&r);
    marsad_date ref;
    marsad_date_clear(&ref);
    ref.year = 2021, ref.month = 3, ref.day = 3;
    rec.container_time = marsad_date_to_unix(&ref) + 3600;
    run_record(&r, &rec);
    char buf[32];
    CHECK_STR(marsad_date_format(&r.a.published, buf), "2021-03-03");
    CHECK(r.a.published.resolved);
    done(&r);
}

TEST(text_date_from_url_as_last_resort) {
    const char *text = "Storm closes schools across the region\n\n"
                       "Schools across the region were closed on Friday as the storm brought heavy "
                       "snow and strong winds.\n";
    marsad_record rec = {.origin = "x",
                         .data = text,
                         .len = strlen(text),
                         .url = "https://news.example.com/2020/01/17/storm-schools"};
    run r;
    r.data = NULL;
    run_record(&r, &rec);
    char buf[32];
    CHECK_STR(marsad_date_format(&r.a.published, buf), "2020-01-17");
    CHECK_STR(r.a.published_from.how, "url");
    done(&r);
}

TEST(text_weekday_after_the_leads_peg_dates_the_report) {
    /* The peg (Thursday 4 July 2019) in the lead, then "أمس السبت": the
     * first Saturday after the peg is the 6th, so the report is of the 7th. */
    const char *text = "ارتفاع منسوب النهر يغمر قرى في الريف الشمالي\n\n"
                       "غمرت مياه النهر عشرات المنازل في قرى الريف الشمالي بعد أمطار غزيرة.\n\n"
                       "وكانت السلطات قد حذرت، صباح الخميس 4 يوليو 2019، من ارتفاع المنسوب، فيما "
                       "أعلن الدفاع المدني أمس السبت إجلاء مئات العائلات.\n\n"
                       "وقال مسؤول محلي إن الفرق ما زالت تعمل في المنطقة.\n";
    run r;
    run_text(&r, text);
    char buf[32];
    CHECK_STR(marsad_date_format(&r.a.published, buf), "2019-07-07");
    CHECK_STR(r.a.published_from.how, "text");
    CHECK_HAS(r.a.published_from.evidence, "أمس السبت");
    done(&r);
}

TEST(text_weekday_without_a_peg_in_the_lead_dates_nothing) {
    /* The only full date is background at the end of the story: "أمس
     * الأحد" could be any Sunday after it, so the report stays undated. */
    const char *text = "تقدم جديد للقوات في الجيب الأخير شرق النهر\n\n"
                       "أعلنت القوات سيطرتها على مواقع جديدة في الجيب الأخير.\n\n"
                       "وقال متحدث إن هجوماً مضاداً صُدّ أمس الأحد بعد معارك عنيفة.\n\n"
                       "وفي 3 مارس 2017، بدأت القوات حملتها على المنطقة.\n";
    run r;
    run_text(&r, text);
    CHECK_INT(r.a.published.year, 0);
    CHECK_INT(r.a.published.day, 0);
    done(&r);
    /* Nor does a weekday written before the peg. */
    const char *before = "افتتاح معرض الكتاب في العاصمة\n\n"
                         "افتتح الوزير أمس الأحد معرض الكتاب بمشاركة مئات الناشرين.\n\n"
                         "ويستمر المعرض الذي بدأ التحضير له في 2 مايو 2022 عشرة أيام.\n";
    run_text(&r, before);
    CHECK_INT(r.a.published.day, 0);
    done(&r);
}

TEST(text_quoted_person_is_not_the_author) {
    const char *text = "Factory to close in March\n\nBy Tom Reyes\n\n"
                       "The factory will close in March, the company said on Monday.\n\n"
                       "\"We did everything we could,\" said Anna Berg, the plant manager, who "
                       "has worked there for twenty years.\n\n"
                       "Written in haste, the statement gave no figures.\n";
    run r;
    run_text(&r, text);
    CHECK_STR(r.a.author, "Tom Reyes");
    CHECK(kept(&r, "Written in haste")); /* prose, not a byline */
    done(&r);
}

TEST(text_wire_dateline_and_told) {
    const char *text = "Talks resume on trade deal\n\n"
                       "GENEVA (Northwire) - Negotiators resumed talks on Tuesday on a trade deal "
                       "that has been stalled for two years.\n\n"
                       "\"We are close,\" one diplomat told Reuters.\n";
    run r;
    run_text(&r, text);
    CHECK_STR(r.a.outlet, "Northwire");
    CHECK_STR(r.a.outlet_from.how, "lead-in");
    done(&r);
}

TEST(text_attribution_needs_a_word_of_speech) {
    /* لـ"X" after a word of speech names the outlet; after "loyal to" it does not. */
    const char *text = "عنوان الخبر عن الاشتباكات الأخيرة\n\n"
                       "نشرت حسابات موالية لـ\"الجماعة\" تسجيلاً جديداً على مواقع التواصل.\n\n"
                       "وقال مصدر محلي لـ\"راديو المدينة\" إن الاشتباكات توقفت مساء أمس.\n";
    run r;
    run_text(&r, text);
    CHECK_STR(r.a.outlet, "راديو المدينة");
    CHECK_STR(r.a.outlet_from.how, "attribution");
    done(&r);
    run_text(&r, "عنوان الخبر\n\nنشرت حسابات موالية لـ\"الجماعة\" تسجيلاً جديداً على مواقع "
                 "التواصل الاجتماعي.\n");
    CHECK(r.a.outlet == NULL);
    done(&r);
}

TEST(text_dense_report_without_blank_lines) {
    const char *text = "Home\nNews\nWorld\n"
                       "Rail strike halts trains across the country\n"
                       "By Sam Ortiz\n"
                       "Train services were cancelled across the country on Wednesday as rail "
                       "workers walked out over pay.\n"
                       "Unions said the strike would last two days.\n"
                       "The transport ministry urged passengers to avoid travel.\n"
                       "Share\nTweet\n";
    run r;
    run_text(&r, text);
    CHECK_INT(r.rc, 0);
    CHECK_STR(r.a.title, "Rail strike halts trains across the country");
    CHECK_INT(r.a.nparagraphs, 3);
    CHECK_STR(r.a.author, "Sam Ortiz");
    CHECK_DROPPED(&r, "News", "lone label");
    CHECK_DROPPED(&r, "Tweet", "lone label");
    done(&r);
}

TEST(text_hard_wrapped_paragraphs_are_joined) {
    const char *text =
        "Heat wave expected to last through the weekend\n\n"
        "Forecasters warned on Thursday that the heat wave gripping the south of the\n"
        "country would last at least until Sunday, with temperatures reaching forty\n"
        "degrees in several cities.\n\n"
        "Hospitals have been asked to prepare for a rise in admissions, and local\n"
        "councils opened cooling centres in libraries and sports halls for residents\n"
        "without air conditioning.\n\n"
        "Farmers said the dry weather had already damaged crops in the valley, where\n"
        "it has not rained for six weeks.\n";
    run r;
    run_text(&r, text);
    CHECK_INT(r.rc, 0);
    CHECK_INT(r.a.nparagraphs, 3);
    CHECK(kept(&r, "gripping the south of the country would last"));
    CHECK(kept(&r, "without air conditioning."));
    done(&r);
}

TEST(text_list_under_the_body_is_kept) {
    const char *text = "Five tips for a safer commute\n\n"
                       "Cycling to work is getting more popular, and the city has published advice "
                       "for new riders.\n\n"
                       "- Wear a helmet\n- Use lights after dark\n- Keep to the cycle lanes\n"
                       "- Check your brakes every week\n\nRelated stories\n\nCity opens new lane\n";
    run r;
    run_text(&r, text);
    CHECK_INT(r.a.nparagraphs, 5);
    CHECK(kept(&r, "- Check your brakes"));
    CHECK_DROPPED(&r, "Related stories", "related list");
    CHECK_DROPPED(&r, "City opens new lane", "related list");
    done(&r);
}

TEST(text_read_also_inside_the_body) {
    const char *text = "عنوان الخبر عن افتتاح المدرسة الجديدة\n\n"
                       "افتتحت وزارة التربية مدرسة جديدة في الحي الجنوبي تتسع لخمسمئة طالب.\n\n"
                       "اقرأ أيضا: الوزارة تعلن موعد بدء العام الدراسي\n\n"
                       "وقال الوزير إن المدرسة مجهزة بمختبرات حديثة ومكتبة كبيرة.\n";
    run r;
    run_text(&r, text);
    CHECK_INT(r.a.nparagraphs, 2);
    CHECK(kept(&r, "وقال الوزير"));
    CHECK_DROPPED(&r, "اقرأ أيضا", "related list");
    done(&r);
}

TEST(text_keys_ignore_quotes_spacing_and_hamza) {
    mr_arena a;
    mr_arena_init(&a, 4096);
    uint32_t n1, n2, n3, n4;
    const char *k1 = mr_text_key(&a, "\"قسد\" تتقدم", strlen("\"قسد\" تتقدم"), &n1);
    const char *k2 = mr_text_key(&a, "\" قسد\"  تتقدم", strlen("\" قسد\"  تتقدم"), &n2);
    CHECK_STR(k1, k2);
    const char *k3 = mr_text_key(&a, "أيضًا", strlen("أيضًا"), &n3);
    CHECK_STR(k3, "ايضا");
    const char *k4 = mr_text_key(&a, "camera iconقوات", strlen("camera iconقوات"), &n4);
    CHECK_STR(k4, "camera icon قوات");
    CHECK_NEAR(mr_text_similarity("a b c d", 7, "a b c e", 7), 0.75, 1e-9);
    mr_arena_free(&a);
}

TEST(text_long_cookie_notice_is_clutter) {
    /* Over 25 words: a long line is keyed by its first words only. */
    const char *text =
        "We use cookies and similar technologies to improve your experience on our site, "
        "to show you personalised content and targeted ads, to analyse our traffic and "
        "to understand where our visitors are coming from.\n\n"
        "Port strike enters second week\n\n"
        "Dock workers at the main port stayed off the job for an eighth day on Monday, "
        "leaving hundreds of containers stranded on the quays.\n";
    run r;
    run_text(&r, text);
    CHECK_INT(r.rc, 0);
    CHECK_DROPPED(&r, "We use cookies", "cookie notice");
    CHECK_STR(r.a.title, "Port strike enters second week");
    CHECK_INT(r.a.nparagraphs, 1);
    done(&r);
}

TEST(text_dateline_leads_with_places) {
    run r;
    /* Outlet – place, as some Saudi sites write it. */
    run_text(&r, "عنوان عن افتتاح الحديقة الجديدة في المدينة\n\n"
                 "سبق- الرياض: افتتحت أمانة المنطقة حديقة جديدة في الحي الشمالي بمساحة كبيرة.\n");
    CHECK_STR(r.a.outlet, "سبق");
    CHECK_STR(r.a.outlet_from.how, "lead-in");
    done(&r);
    /* Author – outlet – place. */
    run_text(&r, "عنوان عن افتتاح الحديقة الجديدة في المدينة\n\n"
                 "خالد المطيري- سبق- عرعر: افتتحت أمانة المنطقة حديقة جديدة في الحي الشمالي.\n");
    CHECK_STR(r.a.outlet, "سبق");
    CHECK_STR(r.a.author, "خالد المطيري");
    done(&r);
    /* Place – outlet. */
    run_text(&r, "عنوان عن افتتاح الحديقة الجديدة في المدينة\n\n"
                 "جدة - الوادي نيوز: افتتحت أمانة المنطقة حديقة جديدة في الحي الشمالي.\n");
    CHECK_STR(r.a.outlet, "الوادي نيوز");
    CHECK(r.a.author == NULL);
    done(&r);
    /* Author – place, no outlet (a place is never the outlet). */
    run_text(&r, "عنوان عن افتتاح الحديقة الجديدة في المدينة\n\n"
                 "سامر الحلبي – دمشق: افتتحت أمانة المنطقة حديقة جديدة في الحي الشمالي.\n");
    CHECK(r.a.outlet == NULL);
    CHECK_STR(r.a.author, "سامر الحلبي");
    done(&r);
}

TEST(text_unquoted_attribution_after_detached_lam) {
    run r;
    run_text(&r, "ارتفاع أسعار الذهب في الأسواق المحلية\n\n"
                 "ارتفعت أسعار الذهب في الأسواق المحلية خلال تعاملات اليوم بنسبة كبيرة.\n\n"
                 "وقال متعامل لـ صوت الوادي إن الطلب على المعدن زاد في الأيام الأخيرة.\n");
    CHECK_STR(r.a.outlet, "صوت الوادي");
    CHECK_STR(r.a.outlet_from.how, "attribution");
    done(&r);
}

/* A writer's name alone on the line above or below the date is the author
 * (and dropped as a byline); a line naming the outlet and its agencies, or a
 * section label with a function word, beside the date is not. */
TEST(text_bare_name_beside_dateline_is_the_author) {
    static const char *const body =
        "\n\nاندلع حريق كبير في غابة قرب مدينة الساحل مساء الأحد، وأتت النيران على عشرات "
        "الهكتارات قبل أن تتمكن فرق الحماية المدنية من محاصرتها فجر الاثنين.\n\n"
        "وقال مسؤول في الحماية المدنية إن الرياح القوية صعّبت عمل الفرق، وإن عائلات عدة "
        "غادرت منازلها القريبة من الغابة احتياطًا.\n";
    const struct {
        const char *above, *below, *author;
    } cases[] = {
        {"سليمة وارث", "نُشر في 14 مايو 2024", "سليمة وارث"},
        {"نُشر في 14 مايو 2024", "Karim Benali", "Karim Benali"},
        {"صحيفة الساحل – وكالات", "نُشر في 14 مايو 2024", NULL},
        {"أخبار من الجزائر", "نُشر في 14 مايو 2024", NULL},
        {"سليمة وارث", "الرئيسية", NULL}, /* no dateline beside it */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[2048];
        snprintf(text, sizeof text, "حريق غابات يجبر عائلات على مغادرة منازلها\n\n%s\n%s%s",
                 cases[i].above, cases[i].below, body);
        run r;
        run_text(&r, text);
        CHECK_INT(r.rc, 0);
        if (cases[i].author) {
            CHECK_STR(r.a.author, cases[i].author);
            CHECK_STR(dropped_reason(&r, cases[i].author), "byline");
        } else if (r.a.author) {
            CHECK_STR(r.a.author, "(none)");
        }
        done(&r);
    }
}

/* A wire's credit line under the story runs past twelve words; its first
 * credit is the author, without the place. */
TEST(text_long_wire_credit_line_gives_the_author) {
    run r;
    run_text(&r,
             "Flood closes Basra port for a second day\n\n"
             "Flood waters closed the port of Basra for a second day on Tuesday, officials said, "
             "as crews worked to pump water from the docks.\n\n"
             "The port authority said ships would wait offshore until the water level fell, "
             "and that no one had been hurt.\n\n"
             "Reporting by Leila Haddad in Basra; additional reporting by Omar Saleh in Baghdad; "
             "Editing by Anne Rowe\n");
    CHECK_INT(r.rc, 0);
    CHECK_STR(r.a.author, "Leila Haddad");
    done(&r);
}
