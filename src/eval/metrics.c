/* Clustering quality measures from a contingency table: see metrics.h. */
#include "eval/metrics.h"
#include "util/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double mr_f1(double p, double r) {
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

static int cmp_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Replaces each label by its rank among the distinct labels (0..k-1) and
 * returns k. Sorting a copy keeps this O(n log n) with no hash table. */
static size_t dense_ids(const int64_t *labels, size_t n, uint32_t *ids) {
    int64_t *sorted = mr_malloc((n ? n : 1) * sizeof *sorted);
    memcpy(sorted, labels, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_i64);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || sorted[i] != sorted[i - 1]) sorted[k++] = sorted[i];
    for (size_t i = 0; i < n; i++) {
        size_t lo = 0, hi = k;
        while (lo + 1 < hi) {
            size_t mid = (lo + hi) / 2;
            if (sorted[mid] <= labels[i])
                lo = mid;
            else
                hi = mid;
        }
        ids[i] = (uint32_t)lo;
    }
    free(sorted);
    return k;
}

static double pairs_of(double x) {
    return x * (x - 1) / 2;
}

void mr_scores_compute(const int64_t *gold, const int64_t *predicted, size_t n, mr_scores *out) {
    memset(out, 0, sizeof *out);
    out->items = n;
    if (n == 0) {
        out->pair_precision = out->pair_recall = out->pair_f1 = 1;
        out->bcubed_precision = out->bcubed_recall = out->bcubed_f1 = 1;
        out->nmi = out->ari = 1;
        return;
    }
    uint32_t *g = mr_malloc(n * sizeof *g), *p = mr_malloc(n * sizeof *p);
    size_t kg = dense_ids(gold, n, g), kp = dense_ids(predicted, n, p);
    out->gold_clusters = kg;
    out->predicted_clusters = kp;

    double *a = mr_calloc(kg, sizeof *a), *b = mr_calloc(kp, sizeof *b);
    for (size_t i = 0; i < n; i++) {
        a[g[i]]++;
        b[p[i]]++;
    }
    /* The non-zero cells of the contingency table: sort (gold, predicted) pairs. */
    uint64_t *cells = mr_malloc(n * sizeof *cells);
    for (size_t i = 0; i < n; i++) cells[i] = (uint64_t)g[i] << 32 | p[i];
    qsort(cells, n, sizeof *cells, cmp_u64);

    double N = (double)n;
    double together_both = 0, bc_p = 0, bc_r = 0, mutual = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && cells[j] == cells[i]) j++;
        double nij = (double)(j - i);
        double ai = a[cells[i] >> 32], bj = b[cells[i] & 0xffffffffu];
        together_both += pairs_of(nij);
        bc_p += nij * nij / bj;
        bc_r += nij * nij / ai;
        mutual += nij / N * log(N * nij / (ai * bj));
        i = j;
    }
    double together_gold = 0, together_pred = 0, h_gold = 0, h_pred = 0;
    for (size_t i = 0; i < kg; i++) {
        together_gold += pairs_of(a[i]);
        h_gold -= a[i] / N * log(a[i] / N);
    }
    for (size_t j = 0; j < kp; j++) {
        together_pred += pairs_of(b[j]);
        h_pred -= b[j] / N * log(b[j] / N);
    }

    out->pair_precision = together_pred > 0 ? together_both / together_pred : 1;
    out->pair_recall = together_gold > 0 ? together_both / together_gold : 1;
    out->pair_f1 = mr_f1(out->pair_precision, out->pair_recall);
    out->bcubed_precision = bc_p / N;
    out->bcubed_recall = bc_r / N;
    out->bcubed_f1 = mr_f1(out->bcubed_precision, out->bcubed_recall);

    /* Entropies below this are rounding noise of a one-cluster partition. */
    const double tiny = 1e-12;
    if (h_gold < tiny && h_pred < tiny)
        out->nmi = 1;
    else if (h_gold < tiny || h_pred < tiny)
        out->nmi = 0;
    else
        out->nmi = mutual / sqrt(h_gold * h_pred);
    if (out->nmi > 1) out->nmi = 1; /* rounding */

    double all_pairs = pairs_of(N);
    double expected = all_pairs > 0 ? together_gold * together_pred / all_pairs : 0;
    double max_index = (together_gold + together_pred) / 2;
    if (max_index - expected == 0)
        out->ari = 1; /* both partitions trivial and equal */
    else
        out->ari = (together_both - expected) / (max_index - expected);

    free(cells);
    free(a);
    free(b);
    free(g);
    free(p);
}
