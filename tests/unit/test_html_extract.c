/* Tests of HTML article extraction (src/html/extract_html.c, score.c,
 * meta.c, classhint.c): the fixture pages of tests/fixtures/html/ (written
 * for these tests in the shape of real news sites: RTL Arabic pages with
 * navigation, most-read sidebars, comments, share bars, cookie notices,
 * JSON-LD and og: tags, one English page) extract to exactly their article,
 * title, date and outlet, with marsad's parser and with gumbo's trees, and
 * from their windows-1256 twins; then the individual rules, each on a small
 * page of its own. */
#include "test.h"

#include "gumbo_tree.h"
#include "html/content.h"
#include "marsad.h"
#include "read/charset.h"
#include "read/warc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static mr_arena *ar(void) {
    static mr_arena arena;
    static bool ready;
    if (!ready) {
        mr_arena_init(&arena, 0);
        ready = true;
    }
    return &arena;
}

typedef enum { WITH_MARSAD, WITH_GUMBO } parser_kind;

/* Extracts html (UTF-8) as a record with an optional URL. */
static int extract(const char *html, size_t len, const char *url, parser_kind parser,
                   marsad_article *a, const char **why) {
    marsad_record rec = {0};
    rec.origin = "test";
    rec.data = html;
    rec.len = len;
    rec.url = url;
    rec.format = MARSAD_FORMAT_HTML;
    if (parser == WITH_GUMBO) {
        mr_html_doc *doc = mr_test_gumbo_parse(html, len, ar());
        return mr_extract_html_doc(doc, &rec, NULL, ar(), a, why);
    }
    return marsad_extract(&rec, NULL, ar(), a, why);
}

static int extract_str(const char *html, marsad_article *a) {
    const char *why;
    return extract(html, strlen(html), NULL, WITH_MARSAD, a, &why);
}

static bool body_has(const marsad_article *a, const char *s) {
    return a->body && strstr(a->body, s) != NULL;
}

/* ---- the fixture pages ---- */

typedef struct expected_page {
    const char *file;
    const char *title;
    int year, month, day, hour, minute;
    const char *outlet;
    const char *lang;
    const char *canonical; /* NULL: none expected */
    const char *const *paragraphs;
    size_t nparagraphs;
} expected_page;

static const char *const wadi_paragraphs[] = {
    "افتتحت بلدية السنديان صباح اليوم الأحد محطة جديدة لتحلية مياه البحر، بطاقة إنتاجية تبلغ "
    "عشرة آلاف متر مكعب يوميًا، في خطوة قال المسؤولون إنها ستنهي أزمة العطش التي عانت منها "
    "البلدة خلال الصيفين الماضيين.",
    "وقال رئيس البلدية، خالد منصور، في كلمة ألقاها خلال حفل الافتتاح، إن المحطة ستخدم نحو "
    "أربعين ألف نسمة، وإن تكلفتها بلغت اثني عشر مليون دولار جرى تمويلها بقرض ميسر ومنحة من "
    "صندوق التنمية الإقليمي.",
    "وأوضح منصور أن العمل في المشروع بدأ قبل ثلاثة أعوام، وتأخر عدة أشهر بسبب صعوبات في "
    "استيراد الأغشية ومضخات الضغط العالي، مؤكدًا أن المرحلة الثانية ستضاعف الطاقة الإنتاجية "
    "بحلول عام 2023.",
    "ماذا يتغير للسكان؟",
    "بحسب بيان صادر عن البلدية، سيحصل كل منزل في الأحياء الجنوبية على المياه يوميًا بدلًا من "
    "يومين في الأسبوع، كما ستتوقف الصهاريج الخاصة عن بيع المياه بأسعار مرتفعة.",
    "ضخ المياه إلى الأحياء الجنوبية على مدار الأسبوع.",
    "خفض فاتورة المياه الشهرية للأسر بنحو الثلث.",
    "إنشاء مختبر لمراقبة جودة المياه في موقع المحطة.",
    "في المقابل، أبدت جمعية أصدقاء الشاطئ قلقها من أثر المياه شديدة الملوحة التي تعيدها المحطة "
    "إلى البحر، ودعت إلى نشر دراسة الأثر البيئي كاملة، وهو ما وعدت البلدية بالقيام به خلال "
    "أسبوعين.",
    "ويُنتظر أن تزور لجنة من وزارة البيئة المحطة الأسبوع المقبل للاطلاع على نظام التصريف، قبل "
    "منحها الترخيص النهائي للتشغيل الكامل.",
};

static const char *const shamal_paragraphs[] = {
    "وادي الريح - مراسل البوابة: يستعد مزارعو الزيتون في قرى وادي الريح لموسم قطاف يصفونه بأنه "
    "الأفضل منذ سنوات، بعد شتاء ماطر وربيع معتدل ساعدا الأشجار على حمل ثمار كثيفة.",
    "ويقدّر اتحاد المزارعين في المنطقة أن يصل إنتاج الزيت هذا العام إلى نحو ألفين وخمسمئة طن، "
    "مقارنة بألف وأربعمئة طن في الموسم الماضي الذي ضربه الجفاف.",
    "ويقول المزارع حسن العلي، الذي يملك بستانًا ورثه عن جده في قرية العين البيضاء، إن أشجاره لم "
    "تحمل بهذه الكثافة منذ عشر سنوات على الأقل، لكنه يخشى أن تنخفض الأسعار مع وفرة الإنتاج.",
    "وتواجه المعاصر ضغطًا كبيرًا في ذروة الموسم، إذ لا يتجاوز عددها ست معاصر تعمل في المنطقة "
    "كلها، ما يدفع بعض المزارعين إلى الانتظار أيامًا قبل عصر محصولهم.",
    "ودعا الاتحاد وزارة الزراعة إلى فتح باب التصدير مبكرًا هذا العام، وإلى تقديم قروض صغيرة "
    "لتحديث المعاصر القديمة التي يعود بعضها إلى سبعينيات القرن الماضي.",
};

static const char *const sahel_paragraphs[] = {
    "أطلقت جامعة النخيل، مساء السبت، أول قمر اصطناعي صغير صممه وبناه طلابها بالكامل، على متن "
    "صاروخ تجاري انطلق من قاعدة بحرية، في مهمة تستمر عامين لرصد التغيرات في الغطاء النباتي "
    "والتصحر.",
    "ويزن القمر، الذي أطلق عليه اسم «سنبلة-1»، أقل من أربعة كيلوغرامات، ويحمل كاميرا متعددة "
    "الأطياف قادرة على تمييز النباتات السليمة من تلك التي تعاني الجفاف بدقة تصل إلى عشرين "
    "مترًا.",
    "وقالت رئيسة الفريق، الدكتورة ليلى عبد الكريم، إن أكثر من ستين طالبًا شاركوا في المشروع على "
    "مدى أربع سنوات، وإن معظم القطع صنعت في ورش الجامعة باستثناء الألواح الشمسية.",
    "هذا القمر دليل على أن طلابنا قادرون على المنافسة في صناعة الفضاء، وليس فقط على استخدام "
    "بياناتها.",
    "ومن المتوقع أن تبدأ المحطة الأرضية في الحرم الجامعي استقبال الصور الأولى خلال أسبوع، بعد "
    "انتهاء مرحلة ضبط المدار واختبار الأجهزة.",
    "وستتاح البيانات مجانًا للباحثين ووزارة الزراعة، بحسب الجامعة، التي تأمل أن تساعد في توجيه "
    "برامج التشجير في المناطق المهددة بالتصحر.",
};

static const char *const harbour_paragraphs[] = {
    "Union says the timetable change would leave islanders without a late crossing",
    "Crews on the island ferry service have voted to strike after talks over a new shift rota "
    "broke down, their union said on Sunday evening.",
    "Of the 142 deckhands, engineers and ticket staff balloted, 118 voted in favour of a walkout, "
    "on a turnout of 91 per cent. The first stoppage could come within a fortnight.",
    "The operator wants to replace the current pattern of long shifts followed by four days off "
    "with shorter daily shifts, which it says would make the timetable more reliable in winter.",
    "Union organiser Priya Nair said the plan would cut the last evening crossing on weekdays and "
    "leave some staff working split days with unpaid gaps of up to five hours.",
    "\"A lifeline, not a luxury\"",
    "Island councillor Martin Odell said residents depended on the late boat to get home from "
    "hospital appointments and evening work on the mainland.",
    "\"For people here the ferry is a lifeline, not a luxury,\" he said. \"Both sides need to get "
    "back round the table before anyone is left stranded on the quay.\"",
    "The operator said it remained open to talks and would publish a contingency timetable if the "
    "strike went ahead.",
};

#define N(a) (sizeof(a) / sizeof(a[0]))

static const expected_page pages[] = {
    {"ar_wadi", "افتتاح محطة تحلية جديدة في بلدة السنديان", 2021, 3, 14, 9, 30, "صحيفة الوادي",
     "ar", "https://alwadi.example/news/2021/03/14/desalination-plant", wadi_paragraphs,
     N(wadi_paragraphs)},
    {"ar_shamal", "مزارعو الزيتون في وادي الريح يتوقعون موسما وفيرا", 2022, 10, 3, 8, 15,
     "بوابة الشمال", "ar", "http://shamal-portal.example/article.php?id=48213", shamal_paragraphs,
     N(shamal_paragraphs)},
    {"ar_sahel", "إطلاق أول قمر اصطناعي جامعي لرصد الغطاء النباتي", 2023, 5, 21, 14, 10,
     "وكالة الساحل للأنباء", "ar", NULL, sahel_paragraphs, N(sahel_paragraphs)},
    {"en_harbour", "Ferry crews vote to strike over new rota", 2020, 11, 2, 7, 45,
     "The Harbour Gazette", "en",
     "https://harbourgazette.example/local/2020/11/02/ferry-crews-vote-to-strike",
     harbour_paragraphs, N(harbour_paragraphs)},
};

/* Checks one extraction against the page's expectations; `how` names the
 * variant in failure messages. */
static void check_page(const expected_page *p, const marsad_article *a, int rc, const char *how) {
    if (rc != 0) {
        mr_test_fail(__FILE__, __LINE__, "%s (%s): extraction failed", p->file, how);
        return;
    }
    if (a->nparagraphs != p->nparagraphs)
        mr_test_fail(__FILE__, __LINE__, "%s (%s): %zu paragraphs, want %zu", p->file, how,
                     a->nparagraphs, p->nparagraphs);
    for (size_t i = 0; i < a->nparagraphs && i < p->nparagraphs; i++)
        if (strcmp(a->paragraphs[i], p->paragraphs[i]) != 0)
            mr_test_fail(__FILE__, __LINE__, "%s (%s): paragraph %zu is \"%s\"", p->file, how, i,
                         a->paragraphs[i]);
    /* every paragraph, nothing else: the body is exactly their join */
    mr_buf want = MR_BUF_INIT;
    for (size_t i = 0; i < p->nparagraphs; i++) {
        if (i) mr_buf_puts(&want, "\n\n");
        mr_buf_puts(&want, p->paragraphs[i]);
    }
    if (!a->body || strcmp(a->body, want.data) != 0)
        mr_test_fail(__FILE__, __LINE__, "%s (%s): body differs", p->file, how);
    CHECK_INT(a->body_len, want.len);
    mr_buf_free(&want);
    CHECK_STR(a->title, p->title);
    CHECK_STR(a->outlet, p->outlet);
    CHECK_STR(a->lang, p->lang);
    if (p->canonical) CHECK_STR(a->canonical_url, p->canonical);
    CHECK_INT(a->published.year, p->year);
    CHECK_INT(a->published.month, p->month);
    CHECK_INT(a->published.day, p->day);
    CHECK_INT(a->published.hour, p->hour);
    CHECK_INT(a->published.minute, p->minute);
    CHECK(a->published_from.how != NULL);
    CHECK(a->outlet_from.how != NULL);
    CHECK(a->format == MARSAD_FORMAT_HTML);
    CHECK(a->ndropped > 10); /* the page's clutter is accounted for, with reasons */
    for (size_t i = 0; i < a->ndropped; i++) CHECK(a->dropped[i].reason && a->dropped[i].text);
}

static char *read_fixture(const char *name, const char *suffix, size_t *len) {
    char path[256];
    snprintf(path, sizeof path, "tests/fixtures/html/%s%s.html", name, suffix);
    return mr_test_read_file(path, len);
}

TEST(html_extract_fixture_pages) {
    for (size_t i = 0; i < N(pages); i++) {
        size_t len;
        char *html = read_fixture(pages[i].file, "", &len);
        marsad_article a;
        const char *why = NULL;
        int rc = extract(html, len, NULL, WITH_MARSAD, &a, &why);
        check_page(&pages[i], &a, rc, "marsad parser");
        free(html);
    }
}

TEST(html_extract_fixture_pages_on_gumbo_trees) {
    for (size_t i = 0; i < N(pages); i++) {
        size_t len;
        char *html = read_fixture(pages[i].file, "", &len);
        marsad_article a;
        const char *why = NULL;
        int rc = extract(html, len, NULL, WITH_GUMBO, &a, &why);
        check_page(&pages[i], &a, rc, "gumbo tree");
        free(html);
    }
}

TEST(html_extract_fixture_pages_windows_1256) {
    for (size_t i = 0; i < N(pages); i++) {
        if (strncmp(pages[i].file, "ar_", 3) != 0) continue;
        size_t len;
        char *raw = read_fixture(pages[i].file, "_cp1256", &len);
        /* the bytes really are single-byte Arabic, not UTF-8 */
        CHECK(mr_utf8_valid_prefix(raw, len) < len);
        mr_buf utf8 = MR_BUF_INIT;
        const char *used = NULL;
        bool repaired = false;
        mr_charset_to_utf8(raw, len, NULL, true, &utf8, &used, &repaired);
        CHECK_STR(used, "windows-1256");
        CHECK(!repaired);
        marsad_article a;
        const char *why = NULL;
        int rc = extract(utf8.data, utf8.len, NULL, WITH_MARSAD, &a, &why);
        check_page(&pages[i], &a, rc, "windows-1256");
        mr_buf_free(&utf8);
        free(raw);
    }
}

/* The WARC fixture (tests/fixtures/html/make_warc.py) holds the same pages,
 * some declaring their charset in the HTTP header and some only in <meta>:
 * each response record extracts to the same article as its page file. */
TEST(html_extract_warc_fixture) {
    static const struct {
        const char *uri_part;
        size_t page;
    } which[] = {
        {"alwadi.example", 0},
        {"shamal-portal.example", 1},
        {"sahel-news.example", 2},
        {"harbourgazette.example", 3},
    };
    char *err = NULL;
    mr_warc *w = mr_warc_open("tests/fixtures/html/pages.warc.gz", 0, &err);
    CHECK(w != NULL);
    if (!w) {
        free(err);
        return;
    }
    mr_warc_record rec;
    const char *why;
    int responses = 0, rc;
    while ((rc = mr_warc_next(w, &rec, &why)) != 0) {
        CHECK_INT(rc, 1);
        if (rc != 1 || strcmp(rec.type, "response") != 0) continue;
        responses++;
        CHECK_INT(rec.http_status, 200);
        mr_buf utf8 = MR_BUF_INIT;
        const char *used = NULL;
        bool repaired = false;
        mr_charset_to_utf8(rec.payload, rec.payload_len, rec.http_charset, true, &utf8, &used,
                           &repaired);
        marsad_article a;
        const char *xwhy = NULL;
        int xrc = extract(utf8.data, utf8.len, rec.target_uri, WITH_MARSAD, &a, &xwhy);
        bool matched = false;
        for (size_t i = 0; i < N(which); i++) {
            if (!strstr(rec.target_uri, which[i].uri_part)) continue;
            matched = true;
            const expected_page *p = &pages[which[i].page];
            CHECK_INT(xrc, 0);
            CHECK_INT(a.nparagraphs, p->nparagraphs);
            for (size_t k = 0; k < a.nparagraphs && k < p->nparagraphs; k++)
                CHECK_STR(a.paragraphs[k], p->paragraphs[k]);
            CHECK_STR(a.title, p->title);
            CHECK_STR(a.outlet, p->outlet);
            CHECK_INT(a.published.day, p->day);
        }
        CHECK(matched);
        mr_buf_free(&utf8);
    }
    CHECK_INT(responses, 7);
    mr_warc_close(w);
}

/* ---- the rules, one small page each ---- */

TEST(html_extract_no_article) {
    marsad_article a;
    const char *why = NULL;
    CHECK_INT(extract("", 0, NULL, WITH_MARSAD, &a, &why), -1);
    CHECK(why != NULL);
    CHECK_INT(extract_str("<html><body><nav><a href=/>Home</a></nav></body></html>", &a), -1);
    CHECK_INT(extract_str("<html><head><title>Only a title</title></head></html>", &a), -1);
}

/* A "page" with no markup, or prose straight in the body, is still text. */
TEST(html_extract_bare_text) {
    marsad_article a;
    CHECK_INT(extract_str("The harbour board met on Monday and, after a long debate, agreed to "
                          "extend the quay by forty metres next spring.",
                          &a),
              0);
    CHECK(body_has(&a, "extend the quay"));
    CHECK_INT(extract_str("<body>The harbour board met on Monday and, after a long debate, agreed "
                          "to extend the quay by forty metres next spring.<br><br>Work starts in "
                          "March, the board said.</body>",
                          &a),
              0);
    CHECK(body_has(&a, "Work starts in March"));
}

TEST(html_extract_garbage_does_not_crash) {
#define INPUT(s)                                                                                   \
    { s, sizeof(s) - 1 }
    static const struct {
        const char *s;
        size_t n;
    } inputs[] = {
        INPUT("<<<<>>>><p"),
        INPUT("<p>a<p>b</q></x></y></z>"),
        INPUT("\x01\x02\x03<div\x00x>text with a NUL inside"),
        INPUT("<html><body><p>"),
        INPUT("<script type=application/ld+json>{\"@type\":\"NewsArticle\",\"author\":[[[[["),
        INPUT("<a href=x><a href=y><a href=z>"),
    };
#undef INPUT
    for (size_t i = 0; i < N(inputs); i++) {
        marsad_article a;
        const char *why = NULL;
        int rc = extract(inputs[i].s, inputs[i].n, NULL, WITH_MARSAD, &a, &why);
        CHECK(rc == 0 || why != NULL);
    }
    /* a NUL byte at the start of a paragraph's text (found by fuzzing: it
     * made an empty paragraph) */
    static const char nul_page[] = "<html><body><div class=entry-content><p>The first paragraph "
                                   "of the report is long enough to be prose.</p><p>\0\0The "
                                   "second one starts with NUL bytes but is prose too.</p>"
                                   "</div></body></html>";
    marsad_article na;
    const char *nwhy = NULL;
    CHECK_INT(extract(nul_page, sizeof nul_page - 1, NULL, WITH_MARSAD, &na, &nwhy), 0);
    CHECK_INT(na.nparagraphs, 2);
    for (size_t i = 0; i < na.nparagraphs; i++) CHECK(na.paragraphs[i][0] != 0);
    CHECK(na.nparagraphs < 2 || strstr(na.paragraphs[1], "second one starts") != NULL);
    /* binary bytes, made valid UTF-8 the way the reader would */
    char bin[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof bin; i++) {
        x = x * 1103515245u + 12345u;
        bin[i] = (char)((x >> 16) & 0x7f);
    }
    marsad_article a;
    const char *why = NULL;
    int rc = extract(bin, sizeof bin, NULL, WITH_MARSAD, &a, &why);
    CHECK(rc == 0 || why != NULL);
}

/* 100,000 nested elements around an article: linear, no recursion. */
TEST(html_extract_deep_nesting) {
    mr_buf b = MR_BUF_INIT;
    mr_buf_puts(&b, "<html><body>");
    for (int i = 0; i < 100000; i++) mr_buf_puts(&b, i % 2 ? "<div>" : "<span>");
    mr_buf_puts(&b, "<p>The council met on Tuesday and, after a long debate, approved the new "
                    "budget for the harbour, the schools and the roads.</p>");
    marsad_article a;
    const char *why = NULL;
    int rc = extract(b.data, b.len, NULL, WITH_MARSAD, &a, &why);
    CHECK_INT(rc, 0);
    CHECK(rc != 0 || body_has(&a, "approved the new budget"));
    mr_buf_free(&b);
}

TEST(html_extract_title_cleaning) {
    mr_arena *A = ar();
    CHECK_STR(mr_title_clean("Ferry strike | The Harbour Gazette", "The Harbour Gazette", A),
              "Ferry strike");
    CHECK_STR(mr_title_clean("صحيفة الوادي - افتتاح محطة تحلية", "صحيفة الوادي", A),
              "افتتاح محطة تحلية");
    /* no outlet known: a short tail after a strong separator is a site name */
    CHECK_STR(mr_title_clean("Council approves the harbour budget - Daily Post", NULL, A),
              "Council approves the harbour budget");
    /* a colon is part of a headline */
    CHECK_STR(mr_title_clean("Breaking: council approves budget", NULL, A),
              "Breaking: council approves budget");
    /* a separator inside a short title is left alone */
    CHECK_STR(mr_title_clean("Pay - rise", NULL, A), "Pay - rise");
}

TEST(html_extract_url_dates) {
    marsad_date d;
    CHECK(mr_url_date("https://x.example/2019/11/20/story-slug", &d));
    CHECK_INT(d.year, 2019);
    CHECK_INT(d.month, 11);
    CHECK_INT(d.day, 20);
    CHECK(mr_url_date("https://x.example/news/2018-10-09-title.html", &d));
    CHECK_INT(d.day, 9);
    CHECK(mr_url_date("https://x.example/a/20211224/b", &d));
    CHECK_INT(d.month, 12);
    CHECK(!mr_url_date("https://x.example/2019/story", &d));           /* no day */
    CHECK(!mr_url_date("https://x.example/article/471031-title", &d)); /* an id */
    CHECK(!mr_url_date("https://x.example/p?date=2019-11-20", &d));    /* the query */
}

TEST(html_extract_class_hints) {
    size_t n = mr_class_hint_patterns();
    CHECK(n > 50);
    uint32_t *seen = calloc(n, sizeof *seen);
    mr_class_hint h = mr_class_hint_match("articleBody", NULL, seen, 1);
    CHECK(h.kinds & MR_HINT_BODY);
    h = mr_class_hint_match("story__body js-body", NULL, seen, 2);
    CHECK(h.kinds & MR_HINT_BODY);
    h = mr_class_hint_match("share-bar", NULL, seen, 3);
    CHECK(h.kinds & MR_HINT_BOILERPLATE);
    CHECK(h.weight < 0);
    h = mr_class_hint_match(NULL, "related-posts", seen, 4);
    CHECK(h.kinds & MR_HINT_BOILERPLATE);
    /* word edges: "ad" is a word, not a part of "head" or "shadow" */
    h = mr_class_hint_match("header-shadow loading", NULL, seen, 5);
    CHECK(!(h.kinds & MR_HINT_BOILERPLATE));
    h = mr_class_hint_match("ad wide", NULL, seen, 6);
    CHECK(h.kinds & MR_HINT_BOILERPLATE);
    /* each pattern counts once per element */
    mr_class_hint once = mr_class_hint_match("share", NULL, seen, 7);
    mr_class_hint twice = mr_class_hint_match("share share", NULL, seen, 8);
    CHECK_INT(once.weight, twice.weight);
    free(seen);
}

/* Text lying beside block-level children is a paragraph of its element:
 * the article here is a bare text run in a div that also holds the title. */
TEST(html_extract_text_beside_blocks) {
    marsad_article a;
    int rc = extract_str(
        "<html><body><div class=row><div class=col-side><ul>"
        "<li><a href=/1>Archive 2019</a></li><li><a href=/2>Archive 2018</a></li>"
        "<li><a href=/3>Archive 2017</a></li></ul></div>"
        "<div class=col-main><p class=titulo>Vehicles broken into at the clinic</p>"
        "<small>05/10/2018 - Posted by the press office</small><br><br>"
        "The home-care team of the Amizade clinic found two of its five cars broken into this "
        "morning, with windows smashed and equipment taken, and has reported the theft to the "
        "police, who are reviewing the footage from nearby cameras.<br><br><br>"
        "<div class=buttons><a href=/x>Back</a></div></div></div>"
        "<div class=footer><p>City Hall, 1111 Main Street, phone 2106-8000, open weekdays.</p>"
        "</div></body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK(body_has(&a, "two of its five cars broken into"));
    CHECK(!body_has(&a, "1111 Main Street"));
}

/* A wrapper of the whole page whose class names a sidebar is not clutter. */
TEST(html_extract_misleading_wrapper_class) {
    marsad_article a;
    int rc = extract_str(
        "<html><body><div class='container penci_sidebar'><div class=theiaStickySidebar>"
        "<article class=post><div class=entry-content>"
        "<p>When you live somewhere this beautiful, it is impossible to stay inside, so every "
        "weekend we pack the car and head for the hills with the children.</p>"
        "<p>Our kit is simple: water, a baby carrier, a few snack bars and a camera, and we "
        "never forget sun cream, even when the sky looks grey in the morning.</p>"
        "</div></article></div><div class=widget><a href=/a>Popular post one</a></div></div>"
        "</body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK(body_has(&a, "impossible to stay inside"));
    CHECK(body_has(&a, "never forget sun cream"));
}

/* Embedded posts (blockquote.twitter-tweet) are quotes the article makes. */
TEST(html_extract_keeps_embedded_tweets) {
    marsad_article a;
    int rc = extract_str(
        "<html><body><div class=article-body>"
        "<p>The senator raised the motion on Tuesday, asking colleagues to observe a minute of "
        "silence before the session continued with the budget debate.</p>"
        "<blockquote class=twitter-tweet><p>The Senate resolves to observe a minute of silence "
        "in honour of the departed.</p>&mdash; The Senate (@senate) "
        "<a href='https://twitter.com/senate/status/1'>October 9, 2018</a></blockquote>"
        "<p>Colleagues from both parties paid tribute in speeches that lasted most of the "
        "morning, and several recalled the late members' work on the budget committee.</p>"
        "<div class=social-media-embed><blockquote class=twitter-tweet><p>A sad day for the "
        "chamber and for the country.</p>&mdash; A Senator (@senator) <a "
        "href='https://twitter.com/senator/status/2'>October 9, 2018</a></blockquote></div>"
        "<p>The session resumed an hour later, and the budget was approved by a wide margin "
        "after amendments from both sides.</p></div></body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK(body_has(&a, "resolves to observe a minute of silence"));
    CHECK(body_has(&a, "A sad day for the chamber")); /* in a "social" wrapper */
}

/* A long sentence that happens to be linked is text; a short link line or a
 * run of several links is not. */
TEST(html_extract_link_lines) {
    marsad_article a;
    int rc = extract_str(
        "<html><body><div class=post-content>"
        "<p>The company announced its results on Monday, beating forecasts for the third "
        "quarter in a row, and its shares rose sharply in early trading.</p>"
        "<p><a href=/1>Ousted chief executive can still name directors to the board, even though "
        "he left the company last month, according to people familiar with the matter.</a> The "
        "board has not commented on the arrangement.</p>"
        "<p><a href=/2>Related: markets today</a></p>"
        "<p>Monday's best deals include various <a href=/d1>laptop models from $700</a> at one "
        "retailer. You'll also find <a href=/d2>wireless earbuds for $150</a> and early holiday "
        "pricing on <a href=/d3>smart thermostats and speakers</a> from several brands.</p>"
        "<p>Analysts said the outlook for the rest of the year remained uncertain, citing "
        "trade tensions and weaker demand in Europe.</p>"
        "<p>More: <a href=/3>one story</a> | <a href=/4>another story</a> | <a href=/5>a third "
        "story on the same subject</a> | <a href=/6>and a fourth</a></p>"
        "</div></body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK(body_has(&a, "can still name directors"));
    CHECK(body_has(&a, "best deals include various")); /* prose with several links */
    CHECK(!body_has(&a, "Related: markets today"));
    CHECK(!body_has(&a, "another story"));
}

/* A list at the end of the article stays (no "trailing label" trimming of
 * list items); a heading with nothing after it goes. */
TEST(html_extract_trailing_list) {
    marsad_article a;
    int rc = extract_str(
        "<html><body><div class=article-main-body>"
        "<p>Twenty teams have now qualified for next summer's tournament, with Wales the latest "
        "to secure a place after a win on Tuesday night.</p>"
        "<h2>Qualified teams</h2><ul><li>England (Group A)</li><li>Spain (Group F)</li>"
        "<li>Wales (Group E)</li></ul><h3>More from our writers</h3>"
        "</div></body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK(body_has(&a, "Qualified teams"));
    CHECK(body_has(&a, "Wales (Group E)"));
    CHECK(!body_has(&a, "More from our writers"));
}

/* A hover card of related stories hidden inside a paragraph (a span of
 * links) is cut out of the paragraph, which keeps its own text. */
TEST(html_extract_cuts_link_clusters) {
    marsad_article a;
    int rc = extract_str(
        "<html><body><div class=field-body>"
        "<p>A man pleaded guilty to threatening to kill Rep. <span class=rollover-people>"
        "<a href=/p/1>Jane Roe</a><span class=block><a href=/p/1>Jane Roe</a>"
        "<a href=/s/1>Senators call for a new security coordinator</a> "
        "<a href=/s/2>Progressives oppose the spending measure</a></span></span>"
        " (D-Minn.), prosecutors said on Monday, and will be sentenced in February.</p>"
        "<p>He faces up to ten years in prison, although his lawyers are expected to ask for a "
        "much shorter term, citing his health.</p></div></body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK(body_has(&a, "pleaded guilty to threatening"));
    CHECK(body_has(&a, "prosecutors said on Monday"));
    CHECK(!body_has(&a, "Senators call for"));
}

/* Captions by class, inline or not, are not article text; neither is an
 * author's bio beside the body. */
TEST(html_extract_captions_and_bios) {
    marsad_article a;
    int rc = extract_str(
        "<html><body><div class=page><div class=story-body>"
        "<p>Troops were deployed to the university campus overnight as protesters remained "
        "barricaded inside the main building, officials said.</p>"
        "<div class=photo><img src=a.jpg><span class=newsCaption>Protesters near the campus "
        "(Image: Agency)</span></div>"
        "<p>Police said they had arrested more than forty people and seized petrol bombs, while "
        "medics treated dozens for the effects of tear gas.</p></div>"
        "<div class=author-bio><p>Laura is a foreign correspondent who has covered the region "
        "for ten years and written two books about it.</p></div></div></body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK(body_has(&a, "Troops were deployed"));
    CHECK(body_has(&a, "seized petrol bombs"));
    CHECK(!body_has(&a, "(Image: Agency)"));
    CHECK(!body_has(&a, "foreign correspondent"));
}

TEST(html_extract_hidden_and_skipped) {
    marsad_article a;
    int rc = extract_str(
        "<html><body><article>"
        "<p>The festival opened on Friday with a parade through the old town, drawing thousands "
        "of visitors despite the rain.</p>"
        "<p style='display: none'>Hidden paragraph that must not appear in the article.</p>"
        "<p hidden>Another hidden paragraph.</p>"
        "<p>Organisers said next year's edition would add a second stage by the harbour and "
        "extend the programme to a full week.<span class=sr-only>Screen reader label</span></p>"
        "<button>Load more</button><select><option>Option text</option></select>"
        "</article></body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK(body_has(&a, "parade through the old town"));
    CHECK(!body_has(&a, "Hidden paragraph"));
    CHECK(!body_has(&a, "Another hidden"));
    CHECK(!body_has(&a, "Screen reader label"));
    CHECK(!body_has(&a, "Load more"));
    CHECK(!body_has(&a, "Option text"));
}

/* Line breaks: one <br> is a line break inside a paragraph, two end it. */
TEST(html_extract_line_breaks) {
    marsad_article a;
    int rc = extract_str(
        "<html><body><div class=news-text>"
        "First paragraph of the report, long enough to count as prose for the scorer.<br>"
        "Its second line, in the same paragraph.<br><br>"
        "Second paragraph of the report, also long enough to count as prose here.</div>"
        "</body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK_INT(a.nparagraphs, 2);
    if (a.nparagraphs == 2) {
        CHECK_STR(a.paragraphs[0], "First paragraph of the report, long enough to count as prose "
                                   "for the scorer.\nIts second line, in the same paragraph.");
        CHECK_HAS(a.paragraphs[1], "Second paragraph");
    }
}

TEST(html_extract_metadata_sources) {
    marsad_article a;
    /* JSON-LD with raw line breaks in strings, publisher by @id, a relative
     * canonical resolved against the page's og:url */
    int rc = extract_str(
        "<html lang=fr-FR><head><title>Le port s'agrandit - La Gazette</title>"
        "<meta property=og:url content='https://gazette.example/a/1'>"
        "<link rel=canonical href='/articles/port'>"
        "<script type='application/ld+json'>{\"@graph\":[{\"@type\":\"Organization\","
        "\"@id\":\"#o\",\"name\":\"La Gazette du Port\"},{\"@type\":\"NewsArticle\","
        "\"headline\":\"Le port s'agrandit\",\"datePublished\":\"2019-06-02T10:00:00+02:00\","
        "\"articleBody\":\"Line one\nline two\",\"publisher\":{\"@id\":\"#o\"},"
        "\"author\":[{\"name\":\"A. Martin\"},{\"name\":\"B. Durand\"}]}]}</script>"
        "</head><body><h1>Le port s'agrandit</h1><div class=article-content>"
        "<p>Les travaux d'agrandissement du port commenceront en septembre, a annoncé la mairie, "
        "pour un coût estimé à douze millions d'euros.</p></div></body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK_STR(a.title, "Le port s'agrandit");
    CHECK_STR(a.outlet, "La Gazette du Port");
    CHECK_STR(a.author, "A. Martin, B. Durand");
    CHECK_STR(a.canonical_url, "https://gazette.example/articles/port");
    CHECK_STR(a.lang, "fr");
    CHECK_INT(a.published.year, 2019);
    CHECK_INT(a.published.month, 6);
    CHECK_INT(a.published.day, 2);

    /* nothing but a URL: the outlet is the host, the date comes from the path */
    marsad_record rec = {0};
    const char *html = "<html><body><div class=content><p>The bridge reopened to traffic on "
                       "Sunday after three months of repairs to its deck and railings.</p></div>"
                       "</body></html>";
    rec.origin = "t";
    rec.data = html;
    rec.len = strlen(html);
    rec.url = "https://www.citynews.example/2018/11/12/bridge-reopens";
    rec.format = MARSAD_FORMAT_HTML;
    const char *why;
    CHECK_INT(marsad_extract(&rec, NULL, ar(), &a, &why), 0);
    CHECK_STR(a.outlet, "citynews.example");
    CHECK_STR(a.outlet_from.how, "host");
    CHECK_INT(a.published.year, 2018);
    CHECK_INT(a.published.day, 12);
    CHECK_STR(a.published_from.how, "url");

    /* the container's outlet wins over the page's */
    rec.outlet = "City News";
    CHECK_INT(marsad_extract(&rec, NULL, ar(), &a, &why), 0);
    CHECK_STR(a.outlet, "City News");
    CHECK_STR(a.outlet_from.how, "container");
}

/* The JSON-LD articleBody vouches for prose inside the article that a
 * clutter rule would cut (here a linked paragraph in a box of links); a copy
 * of its words outside the article (a comment quoting it) stays out. */
TEST(html_extract_json_ld_body_confirms) {
    marsad_article a;
    int rc = extract_str(
        "<html><head><script type='application/ld+json'>{\"@type\":\"NewsArticle\","
        "\"articleBody\":\"The museum reopened its west wing on Saturday after a two-year "
        "renovation that cost four million pounds. Visitors queued from early morning to see the "
        "restored ceiling paintings, which had been hidden behind scaffolding since 2019. The "
        "director said the wing would stay open late on Fridays through the summer.\"}</script>"
        "</head><body><div class=text><p>The museum reopened its west wing on Saturday after a "
        "two-year renovation that cost four million pounds.</p><div class=box><p>Visitors "
        "queued from early morning to see the <a href=/g>restored ceiling paintings, which had "
        "been hidden behind scaffolding</a> since 2019.</p><p><a href=/m>More photos</a></p>"
        "</div><p>The director said the wing would stay open "
        "late on Fridays through the summer.</p></div><div class=comments><p>The director said "
        "the wing would stay open late on Fridays through the summer, great news for us.</p>"
        "</div></body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK(body_has(&a, "reopened its west wing"));
    CHECK(body_has(&a, "ceiling paintings"));
    CHECK(!body_has(&a, "great news for us"));
    /* without the JSON-LD body the widget's paragraph is cut */
    rc = extract_str("<html><body><div class=text><p>The museum reopened its west wing on Saturday "
                     "after a two-year renovation that cost four million pounds.</p><div "
                     "class=box><p>Visitors queued from early morning to see the <a "
                     "href=/g>restored ceiling paintings, which had been hidden behind "
                     "scaffolding</a> since 2019.</p><p><a href=/m>More photos</a></p>"
                     "</div><p>The director said the wing would stay open late on Fridays through "
                     "the summer.</p></div></body></html>",
                     &a);
    CHECK_INT(rc, 0);
    CHECK(!body_has(&a, "ceiling paintings"));
}

TEST(html_extract_title_and_byline_not_in_body) {
    marsad_article a;
    int rc = extract_str(
        "<html><head><title>Storm closes schools | Coast Daily</title></head><body><div class=main>"
        "<p class=headline>Storm closes schools</p><p>By Ana Costa</p><p>Published 12 November "
        "2018</p><p>All schools on the coast stayed closed on Monday as the storm brought winds "
        "of up to 120 km/h and flooded several roads.</p><p>The council said classes would "
        "resume on Wednesday if the forecast held, and asked parents to check its website.</p>"
        "</div></body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK_STR(a.title, "Storm closes schools");
    CHECK_STR(a.author, "Ana Costa"); /* no author declared: the byline names her */
    CHECK(!body_has(&a, "By Ana Costa"));
    CHECK(!body_has(&a, "Published 12 November"));
    CHECK(body_has(&a, "All schools on the coast"));
    if (a.nparagraphs) CHECK_HAS(a.paragraphs[0], "All schools");
    /* the dateline gives the date when the page declares none */
    CHECK_INT(a.published.year, 2018);
    CHECK_INT(a.published.month, 11);
    CHECK_INT(a.published.day, 12);
}

TEST(html_extract_stock_phrases) {
    marsad_article a;
    int rc = extract_str(
        "<html><body><div class=entry-content>"
        "<p>The new line will connect the airport to the city centre in eighteen minutes, the "
        "transport authority said on Thursday.</p><p>Advertisement</p><p>اقرأ أيضاً:</p>"
        "<p>Trains will run every ten minutes from six in the morning until midnight, with a "
        "night service at weekends.</p></div></body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK_INT(a.nparagraphs, 2);
    CHECK(!body_has(&a, "Advertisement"));
}

/* A grid of teasers (picture, linked title, blurb) inside the article's
 * container is cut; a plain list in the text is not. */
TEST(html_extract_teaser_grid) {
    marsad_article a;
    int rc = extract_str(
        "<html><body><div id=ct><div class=text>"
        "<p>The diet lasts fourteen days and allows meat, fish, eggs and cheese, while bread, "
        "sugar and most fruit are left out entirely during the first phase.</p>"
        "<ul><li>Eggs and cheese</li><li>Fish and meat</li><li>Green vegetables</li></ul>"
        "<p>Doctors advise checking with a specialist first, since the menu is high in protein "
        "and low in fibre for a fortnight.</p></div>"
        "<div id=tumblock><h2>Most popular diets</h2>"
        "<div class=tumb><a href=/a><img src=a.jpg></a><div class=title><a href=/a>Protein "
        "diet</a></div><div class=body>Popular with an active life. Up to 10 kg in 14 days.</div>"
        "</div><div class=tumb><a href=/b><img src=b.jpg></a><div class=title><a "
        "href=/b>Buckwheat diet</a></div><div class=body>The most popular one, with two "
        "menus.</div></div><div class=tumb><a href=/c><img src=c.jpg></a><div class=title><a "
        "href=/c>Cabbage diet</a></div><div class=body>Any kind of cabbage, ten days.</div></div>"
        "</div></div></body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK(body_has(&a, "Green vegetables"));
    CHECK(body_has(&a, "checking with a specialist"));
    CHECK(!body_has(&a, "Buckwheat"));
    CHECK(!body_has(&a, "two menus"));
    CHECK(!body_has(&a, "Most popular diets"));
}

/* A gallery's counter is not text; the page's declared language yields to
 * the text's when the text is in another script. */
TEST(html_extract_counters_and_language) {
    marsad_article a;
    int rc = extract_str(
        "<html lang=ar><body><div class=entry-content>"
        "<p>Good morning! This is the tech news you need to know this Tuesday, from the chip "
        "shortage to the latest phone launches and a new round of layoffs.</p>"
        "<p>Image 2 of 5</p><p>The first story is about a company that said on Monday it would "
        "build a new factory, creating about two thousand jobs over the next three years.</p>"
        "</div></body></html>",
        &a);
    CHECK_INT(rc, 0);
    CHECK(!body_has(&a, "Image 2 of 5"));
    CHECK_STR(a.lang, "en");
    /* an Arabic article under a site-wide lang="en" */
    rc = extract_str("<html lang=en><body><div class=entry-content><p>افتتحت البلدية اليوم محطة "
                     "جديدة لتحلية المياه، بطاقة إنتاجية تبلغ عشرة آلاف متر مكعب يوميا، في خطوة "
                     "قال المسؤولون إنها ستنهي أزمة العطش في البلدة.</p></div></body></html>",
                     &a);
    CHECK_INT(rc, 0);
    CHECK_STR(a.lang, "ar");
    /* the declaration stands when the script agrees */
    rc =
        extract_str("<html lang=pt-BR><body><div class=entry-content><p>A equipe do serviço "
                    "registrou nesta manhã o arrombamento de dois dos cinco automóveis da unidade, "
                    "e a polícia foi chamada ao local.</p></div></body></html>",
                    &a);
    CHECK_INT(rc, 0);
    CHECK_STR(a.lang, "pt");
}
