/* Clustering quality measures: how well a predicted partition of items agrees
 * with a gold (labelled) one. Used by `marsad eval` and the benchmarks.
 *
 * Every measure is computed from the contingency table of the two partitions
 * (n_ij = items in gold cluster i and predicted cluster j; a_i, b_j the row and
 * column sums; N the item count):
 *   pairwise   over the N(N-1)/2 pairs of items: precision = pairs together in
 *              both / pairs together in the prediction, recall = / pairs
 *              together in gold (1 when there is no such pair: nothing claimed,
 *              nothing missed);
 *   B-cubed    per item, the share of its predicted cluster that shares its
 *              gold label (precision) and of its gold cluster that the
 *              prediction put with it (recall), averaged over items;
 *   NMI        mutual information over the geometric mean of the two
 *              entropies, I(G;P) / sqrt(H(G) H(P)), as in Yin & Wang's GSDMM
 *              and MStream papers (1 when both partitions are one cluster, 0
 *              when only one of them is);
 *   ARI        Hubert & Arabie's adjusted Rand index (1 when the partitions
 *              are identical, even when trivial).
 * F1 is the harmonic mean of precision and recall (0 when both are 0). */
#ifndef MARSAD_EVAL_METRICS_H
#define MARSAD_EVAL_METRICS_H

#include <stddef.h>
#include <stdint.h>

typedef struct mr_scores {
    size_t items;
    size_t gold_clusters, predicted_clusters;
    double pair_precision, pair_recall, pair_f1;
    double bcubed_precision, bcubed_recall, bcubed_f1;
    double nmi, ari;
} mr_scores;

/* Scores predicted[i] against gold[i] for i < n. Labels are arbitrary
 * integers (only equality matters). n may be 0 (every score is then 1). */
void mr_scores_compute(const int64_t *gold, const int64_t *predicted, size_t n, mr_scores *out);

/* Harmonic mean of p and r, 0 when both are 0. */
double mr_f1(double p, double r);

#endif
