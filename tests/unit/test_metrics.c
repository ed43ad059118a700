/* Unit tests of the clustering measures against hand-computed cases. */
#include "test.h"
#include "eval/metrics.h"

#include <math.h>

/* Gold {0,1,2} {3,4} {5}; predicted {0,1} {2,3,4} {5}.
 * Pairs together: both 2 ({0,1},{3,4}), predicted 1+3 = 4, gold 3+1 = 4.
 * B-cubed precision: (2·2/2 + 1/3 + 2·2/3 + 1) / 6 = 14/18; recall the same.
 * I(G;P) = 2·(1/3)ln2 + (1/6)ln(2/3) + (1/6)ln6 = ln 2; H(G) = H(P) = 1.011404.
 * ARI: expected 4·4/15, max 4: (2 − 16/15)/(4 − 16/15) = 14/44. */
TEST(metrics_hand_case_six_items) {
    int64_t gold[] = {1, 1, 1, 2, 2, 3};
    int64_t pred[] = {70, 70, 80, 80, 80, -5};
    mr_scores s;
    mr_scores_compute(gold, pred, 6, &s);
    CHECK_INT(s.items, 6);
    CHECK_INT(s.gold_clusters, 3);
    CHECK_INT(s.predicted_clusters, 3);
    CHECK_NEAR(s.pair_precision, 0.5, 1e-9);
    CHECK_NEAR(s.pair_recall, 0.5, 1e-9);
    CHECK_NEAR(s.pair_f1, 0.5, 1e-9);
    CHECK_NEAR(s.bcubed_precision, 14.0 / 18, 1e-9);
    CHECK_NEAR(s.bcubed_recall, 14.0 / 18, 1e-9);
    CHECK_NEAR(s.bcubed_f1, 14.0 / 18, 1e-9);
    CHECK_NEAR(s.nmi, log(2) / 1.0114042647, 1e-6);
    CHECK_NEAR(s.ari, 14.0 / 44, 1e-9);
}

/* Gold sizes 4,3,2,1; predicted 3,4,3 with cells (g1,p5)=3 (g1,p6)=1 (g2,p6)=3
 * (g3,p7)=2 (g4,p7)=1. Pairs: both 3+3+1 = 7, predicted 3+6+3 = 12, gold
 * 6+3+1 = 10. B-cubed P = (9/3 + 1/4 + 9/4 + 4/3 + 1/3)/10 = 0.716667,
 * R = (9/4 + 1/4 + 9/3 + 4/2 + 1)/10 = 0.85. ARI = (7 − 120/45)/(11 − 120/45) = 0.52. */
TEST(metrics_hand_case_unequal_sizes) {
    int64_t gold[] = {1, 1, 1, 1, 2, 2, 2, 3, 3, 4};
    int64_t pred[] = {5, 5, 5, 6, 6, 6, 6, 7, 7, 7};
    mr_scores s;
    mr_scores_compute(gold, pred, 10, &s);
    CHECK_NEAR(s.pair_precision, 7.0 / 12, 1e-9);
    CHECK_NEAR(s.pair_recall, 0.7, 1e-9);
    CHECK_NEAR(s.pair_f1, 2 * (7.0 / 12) * 0.7 / (7.0 / 12 + 0.7), 1e-9);
    CHECK_NEAR(s.bcubed_precision, 0.7166666667, 1e-9);
    CHECK_NEAR(s.bcubed_recall, 0.85, 1e-9);
    CHECK_NEAR(s.nmi, 0.7318504817, 1e-8);
    CHECK_NEAR(s.ari, 0.52, 1e-9);
}

TEST(metrics_identical_partitions_score_one) {
    int64_t gold[] = {3, 3, 9, 9, 9, 4};
    int64_t pred[] = {0, 0, 1, 1, 1, 2};
    mr_scores s;
    mr_scores_compute(gold, pred, 6, &s);
    CHECK_NEAR(s.pair_f1, 1, 1e-12);
    CHECK_NEAR(s.bcubed_f1, 1, 1e-12);
    CHECK_NEAR(s.nmi, 1, 1e-12);
    CHECK_NEAR(s.ari, 1, 1e-12);
}

/* Everything lumped together: recall is perfect, precision is the chance of a
 * pair sharing a gold label, NMI and ARI are 0. */
TEST(metrics_one_predicted_cluster) {
    int64_t gold[] = {1, 1, 2, 2};
    int64_t pred[] = {7, 7, 7, 7};
    mr_scores s;
    mr_scores_compute(gold, pred, 4, &s);
    CHECK_NEAR(s.pair_precision, 2.0 / 6, 1e-12);
    CHECK_NEAR(s.pair_recall, 1, 1e-12);
    CHECK_NEAR(s.bcubed_precision, 0.5, 1e-12);
    CHECK_NEAR(s.bcubed_recall, 1, 1e-12);
    CHECK_NEAR(s.nmi, 0, 1e-12);
    CHECK_NEAR(s.ari, 0, 1e-12);
}

/* Every item alone: precision is vacuously 1 (no pair claimed). */
TEST(metrics_all_singletons) {
    int64_t gold[] = {1, 1, 2, 3};
    int64_t pred[] = {1, 2, 3, 4};
    mr_scores s;
    mr_scores_compute(gold, pred, 4, &s);
    CHECK_NEAR(s.pair_precision, 1, 1e-12);
    CHECK_NEAR(s.pair_recall, 0, 1e-12);
    CHECK_NEAR(s.pair_f1, 0, 1e-12);
    CHECK_NEAR(s.bcubed_precision, 1, 1e-12);
    CHECK_NEAR(s.bcubed_recall, (0.5 + 0.5 + 1 + 1) / 4, 1e-12);
    /* ARI: expected 0, max 1/2, index 0. */
    CHECK_NEAR(s.ari, 0, 1e-12);
}

TEST(metrics_trivial_inputs) {
    mr_scores s;
    mr_scores_compute(NULL, NULL, 0, &s);
    CHECK_NEAR(s.pair_f1, 1, 1e-12);
    CHECK_NEAR(s.nmi, 1, 1e-12);
    int64_t one[] = {5};
    mr_scores_compute(one, one, 1, &s);
    CHECK_NEAR(s.bcubed_f1, 1, 1e-12);
    CHECK_NEAR(s.nmi, 1, 1e-12);
    CHECK_NEAR(s.ari, 1, 1e-12);
    CHECK_NEAR(mr_f1(0, 0), 0, 1e-12);
    CHECK_NEAR(mr_f1(1, 0.5), 2.0 / 3, 1e-12);
}
