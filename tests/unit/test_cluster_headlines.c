/* Unit tests of how the clustering core places short reports that carry no
 * time (headlines alone, as in the googlenews streams): they are placed by
 * the Dirichlet-multinomial mixture of params.h (MR_DMM_MAX_TERMS), and a
 * grown undated event absorbs a lone report the mixture now places in it,
 * while the same words with times keep the cosine. Documents are built here
 * as bare term lists, so the tests depend on neither the normalizer nor the
 * features adapter. */
#include "test.h"
#include "cluster/core.h"

#include <string.h>

static const int64_t T0 = 1700000000;

/* Adds a headline of space-separated terms (at most 16) and returns the result. */
static mr_core_result add_headline(mr_core *c, int64_t id, bool time_known, const char *words) {
    mr_feature f[16];
    size_t n = 0;
    for (const char *p = words; *p && n < 16;) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *w = p;
        while (*p && *p != ' ') p++;
        f[n++] = (mr_feature){w, 0, (uint32_t)(p - w), MR_FIELD_TITLE, 0};
    }
    mr_doc d;
    memset(&d, 0, sizeof d);
    d.id = id;
    d.time = T0 + id; /* an undated report's time is when it was read */
    d.time_known = time_known;
    d.features = f;
    d.nfeatures = n;
    mr_core_result r;
    mr_core_add(c, &d, &r);
    return r;
}

/* A broad topic's coverage: many headlines, each a few of the topic's
 * frequent words among words of its own, then unrelated news. */
static const char *const topic[] = {
    "storm snarls holiday travel east",
    "winter storm threatens thanksgiving travel",
    "storm travel delays airports",
    "holiday travel storm rain snow",
    "storm could disrupt thanksgiving travel",
    "travel storm forecast east coast",
    "winter storm travel headache",
    "storm brings rain snow holiday travel",
    "thanksgiving travel storm airlines",
    "storm travel warning highways",
};
static const char *const other[] = {
    "central bank raises interest rates",
    "parliament passes budget bill",
    "football club signs new striker",
    "museum opens modern art wing",
};

/* Runs the coverage through a fresh core, then the probe headline; returns
 * the probe's result and the topic's event. */
static mr_core_result probe(bool time_known, const char *words, int64_t *topic_event) {
    mr_core *c = mr_core_new();
    int64_t id = 1;
    for (size_t i = 0; i < sizeof topic / sizeof *topic; i++) {
        mr_core_result r = add_headline(c, id++, time_known, topic[i]);
        if (i == 0) *topic_event = r.event;
    }
    for (size_t i = 0; i < sizeof other / sizeof *other; i++)
        add_headline(c, id++, time_known, other[i]);
    mr_core_result r = add_headline(c, id, time_known, words);
    mr_core_free(c);
    return r;
}

/* Two headlines about the topic, each with words of its own, that the
 * cosine scores alike and between the two thresholds: the mixture takes the
 * one that shares two of the topic's words and leaves the one that shares
 * one. With a time, both keep the cosine, too low to join. A headline that
 * shares nothing starts its own event either way. */
TEST(cluster_undated_headline_placed_by_mixture) {
    const char *two = "storm chaos weekend gridlock fears airports brace queues tempers";
    const char *one = "storm chaos weekend gridlock fears brace queues";
    for (int dated = 0; dated <= 1; dated++) {
        int64_t topic_event = 0;
        mr_core_result a = probe(dated, two, &topic_event);
        mr_core_result b = probe(dated, one, &topic_event);
        mr_core_result u = probe(dated, "volcano erupts remote island", &topic_event);
        CHECK(u.new_event);
        if (dated) {
            CHECK(a.score < MR_EVENT_THRESHOLD);
            CHECK(a.new_event);
            CHECK(b.new_event);
        } else {
            /* Scores where the cosine alone would take both or neither. */
            CHECK(a.score >= MR_EVENT_THRESHOLD && a.score < MR_DMM_COSINE_JOIN);
            CHECK(b.score >= MR_EVENT_THRESHOLD && b.score < MR_DMM_COSINE_JOIN);
            CHECK_INT(a.event, topic_event);
            CHECK(b.new_event);
        }
    }
}

/* A headline that came before its topic starts an event of its own, and the
 * topic's first reports start another; once the topic's event has grown
 * into the lone headline's words, it absorbs it (the older id stays). With
 * times the cosine merge rule alone decides, and the two stay apart. */
TEST(cluster_grown_topic_absorbs_a_lone_headline) {
    for (int dated = 0; dated <= 1; dated++) {
        mr_core *c = mr_core_new();
        mr_core_result lone = add_headline(c, 1, dated, "rain snow east coast misery drivers");
        mr_core_result r = {0};
        int64_t topic_event = 0;
        for (size_t i = 0; i < sizeof topic / sizeof *topic; i++) {
            r = add_headline(c, 2 + (int64_t)i, dated, topic[i]);
            if (i == 0) topic_event = r.event;
        }
        CHECK(topic_event != lone.event);
        if (dated) {
            CHECK_INT(mr_core_resolve_event(c, lone.event), lone.event);
            CHECK_INT(mr_core_resolve_event(c, r.event), topic_event);
        } else {
            CHECK_INT(mr_core_resolve_event(c, topic_event), lone.event);
            CHECK_INT(mr_core_resolve_event(c, r.event), lone.event);
        }
        mr_core_free(c);
    }
}
