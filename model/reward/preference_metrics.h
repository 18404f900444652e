// Preference metrics: the statistics used to judge a personal preference (reward) model against a
// person's own answers (correlations, liked-vs-disliked and 1-vs-3 accuracies, pairwise accuracy) and
// to look at embeddings (silhouette, 2-D PCA, k-means). Plain C++, no torch, so any tool can use it.
#pragma once

#include <array>
#include <cstdint>
#include <random>
#include <vector>

namespace tastelab::model {

// Pooled counts, so accuracies over several people add up before dividing; a tie in the prediction
// counts half.
struct Accuracy {
    double correct = 0;
    std::int64_t total = 0;
    double value() const;  // correct / total, NaN when total == 0
    Accuracy& operator+=(const Accuracy& other);
};

// NaN when there are fewer than 2 points or either side has zero variance.
double pearson(const std::vector<double>& x, const std::vector<double>& y);
// Pearson of average ranks (ties get their mean rank).
double spearman(const std::vector<double>& x, const std::vector<double>& y);
// 1-based ranks, ties averaged ({10, 20, 20, 30} -> {1, 2.5, 2.5, 4}). Throws on NaN.
std::vector<double> averageRanks(const std::vector<double>& x);
// Mean of the two middle values for even n; NaN for an empty list.
double median(std::vector<double> values);

// One person's answers: liked = truth > median, disliked = truth < median (items equal to the median
// are neither). Every (liked, disliked) pair counts; correct when predicted[liked] > predicted[disliked],
// half when equal.
Accuracy likedVsDisliked(const std::vector<double>& predicted, const std::vector<double>& truth, double median);

// 1 liked item against 3 distinct disliked ones: the liked item's rank among the four by prediction,
// ties broken pessimistically (a tie with a disliked item ranks below it); top-k hit when rank <= k.
struct OneVsThree {
    Accuracy top1, top2, top3;
    OneVsThree& operator+=(const OneVsThree& other);
};
// All combinations, enumerated in order, when there are at most maxSamples of them; otherwise
// maxSamples random draws from rng. Empty counts when there is no liked item or fewer than 3 disliked.
OneVsThree oneVsThree(const std::vector<double>& predicted, const std::vector<double>& truth, double median,
    std::mt19937_64& rng, int maxSamples = 200);

// All pairs i < j with |truth_i - truth_j| >= margin (and truth_i != truth_j); correct when the
// prediction orders them the same way, half when the predictions are equal.
Accuracy pairwiseWithMargin(const std::vector<double>& predicted, const std::vector<double>& truth, double margin);

// Mean silhouette (Euclidean) of labelled points; points in singleton clusters score 0 (Rousseeuw
// 1987). NaN with fewer than 2 clusters.
double silhouette(const std::vector<std::vector<double>>& points, const std::vector<int>& labels);

// Coordinates on the first two principal components of the centred points. Each component's sign is
// fixed so that its largest-|value| coordinate is positive. The second coordinate is 0 for 1-D data.
std::vector<std::array<double, 2>> pca2d(const std::vector<std::vector<double>>& points);

// k-means++ seeding from seed, then Lloyd iterations until the assignments stop changing (at most
// 100). Returns labels 0..k-1; requires 1 <= k <= points.size().
std::vector<int> kmeans(const std::vector<std::vector<double>>& points, int k, std::uint64_t seed);

}  // namespace tastelab::model
