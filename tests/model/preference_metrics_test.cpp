// Preference metrics: every expected value is worked out by hand in the comments (or taken from a
// cited published example), never copied from the code's own output.
#include "model/reward/preference_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

using namespace tastelab::model;

namespace {

constexpr double kEps = 1e-12;

std::vector<std::vector<double>> column(const std::vector<double>& values)
{
    std::vector<std::vector<double>> points;
    points.reserve(values.size());
    for (const double v : values) points.push_back({v});
    return points;
}

}  // namespace

TEST(PreferenceMetrics, AccuracyPoolsCountsAndIsNaNWhenEmpty)
{
    EXPECT_TRUE(std::isnan(Accuracy{}.value()));
    Accuracy pooled{1.5, 2};
    pooled += Accuracy{2, 6};
    // (1.5 + 2) / (2 + 6) = 3.5 / 8 = 0.4375, not the mean of 0.75 and 0.333.
    EXPECT_DOUBLE_EQ(pooled.correct, 3.5);
    EXPECT_EQ(pooled.total, 8);
    EXPECT_DOUBLE_EQ(pooled.value(), 0.4375);
}

TEST(PreferenceMetrics, PearsonByHand)
{
    // x = 1 2 3 4 (mean 2.5), y = 2 4 5 9 (mean 5); dx = -1.5 -.5 .5 1.5, dy = -3 -1 0 4.
    // Sxy = 4.5 + .5 + 0 + 6 = 11, Sxx = 5, Syy = 9 + 1 + 0 + 16 = 26; r = 11 / sqrt(130).
    EXPECT_NEAR(pearson({1, 2, 3, 4}, {2, 4, 5, 9}), 11 / std::sqrt(130.0), kEps);
    EXPECT_NEAR(pearson({1, 2, 3}, {30, 20, 10}), -1.0, kEps);
    EXPECT_TRUE(std::isnan(pearson({1}, {2})));
    EXPECT_TRUE(std::isnan(pearson({}, {})));
    EXPECT_TRUE(std::isnan(pearson({1, 2, 3}, {5, 5, 5})));  // zero variance
    EXPECT_THROW(pearson({1, 2}, {1, 2, 3}), std::invalid_argument);
}

TEST(PreferenceMetrics, AverageRanksShareTies)
{
    // Sorted: 10 -> 1; the two 20s take positions 2 and 3 -> 2.5; 30 -> 4; three 5s take 1..3 -> 2.
    EXPECT_EQ(averageRanks({20, 10, 30, 20}), (std::vector<double>{2.5, 1, 4, 2.5}));
    EXPECT_EQ(averageRanks({5, 5, 5}), (std::vector<double>{2, 2, 2}));
    EXPECT_EQ(averageRanks({}), std::vector<double>{});
    EXPECT_THROW(averageRanks({1, std::nan("")}), std::invalid_argument);
}

TEST(PreferenceMetrics, SpearmanMatchesWikipediaExample)
{
    // Wikipedia, "Spearman's rank correlation coefficient", Example: IQ against hours of TV per week
    // for ten people; sum of d^2 = 194, rho = 1 - 6 * 194 / (10 * (100 - 1)) = -29/165 = -0.17575...
    const std::vector<double> iq{106, 100, 86, 101, 99, 103, 97, 113, 112, 110};
    const std::vector<double> tv{7, 27, 2, 50, 28, 29, 20, 12, 6, 17};
    EXPECT_NEAR(spearman(iq, tv), -29.0 / 165.0, kEps);
    EXPECT_THROW(spearman({1, 2}, {1}), std::invalid_argument);
}

TEST(PreferenceMetrics, SpearmanWithTiesIsPearsonOfAverageRanks)
{
    // x = 1 2 2 3 -> ranks 1 2.5 2.5 4; y = 1 3 2 4 -> ranks 1 3 2 4; both rank means 2.5.
    // dx = -1.5 0 0 1.5, dy = -1.5 .5 -.5 1.5: Sxy = 2.25 + 2.25 = 4.5, Sxx = 4.5, Syy = 5.
    // rho = 4.5 / sqrt(22.5) = sqrt(0.9) (the d^2 shortcut, 1 - 6 * 0.5 / 60 = 0.95, is wrong with ties).
    EXPECT_NEAR(spearman({1, 2, 2, 3}, {1, 3, 2, 4}), std::sqrt(0.9), kEps);
    // Monotone but non-linear: perfect rank agreement.
    EXPECT_NEAR(spearman({1, 2, 3, 4}, {1, 8, 27, 64}), 1.0, kEps);
}

TEST(PreferenceMetrics, Median)
{
    EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
    EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);  // (2 + 3) / 2
    EXPECT_DOUBLE_EQ(median({7}), 7);
    EXPECT_TRUE(std::isnan(median({})));
}

TEST(PreferenceMetrics, LikedVsDislikedCountsTiesAsHalf)
{
    // truth 1 2 3 4 5 with median 3: liked = items 3, 4; disliked = items 0, 1; item 2 is neither
    // (its prediction of 9 must not matter). Pairs: (3,0) .5 > .1 -> 1; (3,1) .5 = .5 -> .5;
    // (4,0) .9 > .1 -> 1; (4,1) .9 > .5 -> 1. Correct 3.5 of 4 = 0.875.
    const Accuracy accuracy = likedVsDisliked({0.1, 0.5, 9, 0.5, 0.9}, {1, 2, 3, 4, 5}, 3);
    EXPECT_DOUBLE_EQ(accuracy.correct, 3.5);
    EXPECT_EQ(accuracy.total, 4);
    EXPECT_DOUBLE_EQ(accuracy.value(), 0.875);
    // Reversed predictor: every one of the 4 pairs wrong.
    EXPECT_DOUBLE_EQ(likedVsDisliked({5, 4, 3, 2, 1}, {1, 2, 3, 4, 5}, 3).value(), 0.0);
    // Nobody liked: no pairs, no accuracy.
    EXPECT_EQ(likedVsDisliked({1, 2}, {1, 1}, 1).total, 0);
    EXPECT_THROW(likedVsDisliked({1, 2}, {1, 2, 3}, 2), std::invalid_argument);
}

TEST(PreferenceMetrics, OneVsThreePerfectAndReversedPredictors)
{
    // truth 1..8 with median 4.5: 4 liked, 4 disliked -> 4 * C(4,3) = 16 combinations, all enumerated.
    const std::vector<double> truth{1, 2, 3, 4, 5, 6, 7, 8};
    std::mt19937_64 rng(1);
    const OneVsThree perfect = oneVsThree(truth, truth, 4.5, rng);
    EXPECT_EQ(perfect.top1.total, 16);
    EXPECT_DOUBLE_EQ(perfect.top1.value(), 1.0);
    EXPECT_DOUBLE_EQ(perfect.top2.value(), 1.0);
    EXPECT_DOUBLE_EQ(perfect.top3.value(), 1.0);

    // Reversed: every liked item is predicted below all three disliked ones, rank 4.
    std::vector<double> reversed(truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i) reversed[i] = -truth[i];
    const OneVsThree worst = oneVsThree(reversed, truth, 4.5, rng);
    EXPECT_EQ(worst.top3.total, 16);
    EXPECT_DOUBLE_EQ(worst.top1.value(), 0.0);
    EXPECT_DOUBLE_EQ(worst.top2.value(), 0.0);
    EXPECT_DOUBLE_EQ(worst.top3.value(), 0.0);

    // A constant predictor ties with everything; ties count against the liked item -> rank 4.
    const OneVsThree constant = oneVsThree(std::vector<double>(8, 0.5), truth, 4.5, rng);
    EXPECT_DOUBLE_EQ(constant.top3.value(), 0.0);
}

TEST(PreferenceMetrics, OneVsThreeRanksWithPessimisticTies)
{
    // One liked item (3) and three disliked (0, 1, 2): a single combination.
    const std::vector<double> truth{0, 0, 0, 1};
    std::mt19937_64 rng(1);
    // Liked predicted 2; disliked 3, 1, 0: one above it -> rank 2: top1 miss, top2 and top3 hit.
    OneVsThree result = oneVsThree({3, 1, 0, 2}, truth, 0.5, rng);
    EXPECT_EQ(result.top1.total, 1);
    EXPECT_DOUBLE_EQ(result.top1.correct, 0);
    EXPECT_DOUBLE_EQ(result.top2.correct, 1);
    EXPECT_DOUBLE_EQ(result.top3.correct, 1);
    // Liked 2 tied with a disliked 2: the tie ranks it below -> rank 2 again, not 1 and not 1.5.
    result = oneVsThree({2, 1, 0, 2}, truth, 0.5, rng);
    EXPECT_DOUBLE_EQ(result.top1.correct, 0);
    EXPECT_DOUBLE_EQ(result.top2.correct, 1);
    // Pooling two people adds the counts.
    result += oneVsThree({0, 1, 0, 2}, truth, 0.5, rng);  // rank 1
    EXPECT_EQ(result.top1.total, 2);
    EXPECT_DOUBLE_EQ(result.top1.value(), 0.5);
    // Fewer than three disliked items: nothing to count.
    EXPECT_EQ(oneVsThree({1, 2, 3}, {0, 0, 1}, 0.5, rng).top1.total, 0);
    EXPECT_THROW(oneVsThree({1, 2}, {1, 2, 3}, 2, rng), std::invalid_argument);
}

TEST(PreferenceMetrics, OneVsThreeEnumeratesOrSamplesUniformly)
{
    // Ten disliked items (truth 0), one of them a decoy predicted above every liked item; liked items
    // (truth 1) beat the other nine. The liked item is top-1 exactly when the decoy is not among its
    // three rivals: C(9,3) / C(10,3) = 84 / 120 = 0.7; it is always top-2.
    std::vector<double> truth(10, 0.0), predicted(10, 0.0);
    predicted[4] = 10;  // the decoy
    truth.push_back(1);
    predicted.push_back(5);
    std::mt19937_64 rng(7);
    const OneVsThree enumerated = oneVsThree(predicted, truth, 0.5, rng);  // 120 <= 200: all of them
    EXPECT_EQ(enumerated.top1.total, 120);
    EXPECT_DOUBLE_EQ(enumerated.top1.value(), 0.7);
    EXPECT_DOUBLE_EQ(enumerated.top2.value(), 1.0);

    // Five liked items: 5 * 120 = 600 combinations > 400 -> 400 random draws. The standard error of
    // a proportion of 0.7 over 400 draws is sqrt(0.21 / 400) = 0.023; allow 4 of them.
    for (int i = 0; i < 4; ++i) {
        truth.push_back(1);
        predicted.push_back(5);
    }
    const OneVsThree sampled = oneVsThree(predicted, truth, 0.5, rng, 400);
    EXPECT_EQ(sampled.top1.total, 400);
    EXPECT_NEAR(sampled.top1.value(), 0.7, 4 * 0.023);
    EXPECT_DOUBLE_EQ(sampled.top2.value(), 1.0);

    // The same seed gives the same draws.
    std::mt19937_64 a(11), b(11);
    EXPECT_DOUBLE_EQ(
        oneVsThree(predicted, truth, 0.5, a, 50).top1.correct, oneVsThree(predicted, truth, 0.5, b, 50).top1.correct);
}

TEST(PreferenceMetrics, PairwiseWithMarginSkipsClosePairs)
{
    // truth 0 1 3, margin 2: (0,1) differs by 1 -> skipped; (0,2) by 3 and (1,2) by 2 -> counted.
    // predicted 0 5 1: (0,2) 0 < 1 agrees with 0 < 3 -> 1; (1,2) 5 > 1 disagrees with 1 < 3 -> 0. 1/2.
    const Accuracy wide = pairwiseWithMargin({0, 5, 1}, {0, 1, 3}, 2);
    EXPECT_EQ(wide.total, 2);
    EXPECT_DOUBLE_EQ(wide.value(), 0.5);
    // Margin 0 adds (0,1): 0 < 5 agrees with 0 < 1 -> 2/3.
    const Accuracy all = pairwiseWithMargin({0, 5, 1}, {0, 1, 3}, 0);
    EXPECT_EQ(all.total, 3);
    EXPECT_DOUBLE_EQ(all.correct, 2);
    // Equal predictions earn half of each pair; equal truths are never a pair.
    EXPECT_DOUBLE_EQ(pairwiseWithMargin({1, 1, 1}, {0, 1, 3}, 0).value(), 0.5);
    EXPECT_EQ(pairwiseWithMargin({1, 2}, {4, 4}, 0).total, 0);
    EXPECT_THROW(pairwiseWithMargin({1}, {1, 2}, 0), std::invalid_argument);
}

TEST(PreferenceMetrics, SilhouetteOneDimensionalByHand)
{
    // Clusters {0, 1} and {4, 5} (labels need not be 0..k-1). Every point has a = 1 (its partner).
    // b: point 0 -> (4 + 5) / 2 = 4.5, s = 3.5 / 4.5 = 7/9; point 1 -> (3 + 4) / 2 = 3.5, s = 2.5 / 3.5 = 5/7;
    // points 4 and 5 mirror them. Mean = (7/9 + 5/7) / 2 = (49 + 45) / 126 = 47/63.
    EXPECT_NEAR(silhouette(column({0, 1, 4, 5}), {7, 7, -3, -3}), 47.0 / 63.0, kEps);
    // {0, 1} against a singleton {10}: point 0 -> a = 1, b = 10, s = 0.9; point 1 -> a = 1, b = 9,
    // s = 8/9; the singleton scores 0. Mean = (0.9 + 8/9 + 0) / 3 = (81 + 80) / 270 = 161/270.
    EXPECT_NEAR(silhouette(column({0, 1, 10}), {0, 0, 1}), 161.0 / 270.0, kEps);
    // Wrongly split clusters score negative: {0, 4} and {1, 5}: point 0 -> a = 4, b = (1 + 5) / 2 = 3,
    // s = -1/4; point 4 -> a = 4, b = (3 + 1) / 2 = 2, s = -1/2; 1 and 5 mirror 4 and 0. Mean -3/8.
    EXPECT_NEAR(silhouette(column({0, 4, 1, 5}), {0, 0, 1, 1}), -3.0 / 8.0, kEps);
    EXPECT_TRUE(std::isnan(silhouette(column({0, 1, 2}), {4, 4, 4})));
    EXPECT_THROW(silhouette(column({0, 1}), {0}), std::invalid_argument);
    EXPECT_THROW(silhouette({{0, 1}, {2}}, {0, 1}), std::invalid_argument);
}

TEST(PreferenceMetrics, PcaRecoversAPlantedPlaneWithFixedSigns)
{
    // Points offset + a*u + b*w with u = (3, 4, 0) / 5 and w = (-4, 3, 0) / 5 (orthonormal). a = -3 -1 1 3
    // (variance 5) and b = 1 -1 -1 1 (variance 1) have zero mean and sum(a*b) = -3 + 1 - 1 + 3 = 0, so u and
    // w are exactly the principal axes. u's largest coordinate (4) is positive: first coordinate = a.
    // w's largest |coordinate| is -4, so the component is flipped to -w: second coordinate = -b.
    const std::vector<double> a{-3, -1, 1, 3}, b{1, -1, -1, 1};
    std::vector<std::vector<double>> points;
    for (std::size_t i = 0; i < a.size(); ++i)
        points.push_back({10 + 0.6 * a[i] - 0.8 * b[i], -5 + 0.8 * a[i] + 0.6 * b[i], 7});
    const auto projected = pca2d(points);
    ASSERT_EQ(projected.size(), 4u);
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_NEAR(projected[i][0], a[i], 1e-9) << i;
        EXPECT_NEAR(projected[i][1], -b[i], 1e-9) << i;
    }
}

TEST(PreferenceMetrics, PcaOfPointsOnALine)
{
    // Points t * (1, 2, 2) for t = -2..3 (mean t = 0.5): the unit direction is (1, 2, 2) / 3, so the first
    // coordinate is 3 * (t - 0.5), positive along +direction; nothing is left for the second.
    std::vector<std::vector<double>> points;
    for (int t = -2; t <= 3; ++t) points.push_back({1.0 * t, 2.0 * t, 2.0 * t});
    const auto projected = pca2d(points);
    for (int t = -2; t <= 3; ++t) {
        EXPECT_NEAR(projected[static_cast<std::size_t>(t + 2)][0], 3 * (t - 0.5), 1e-9) << t;
        EXPECT_NEAR(projected[static_cast<std::size_t>(t + 2)][1], 0.0, 1e-9) << t;
    }
    EXPECT_TRUE(pca2d({}).empty());
    EXPECT_THROW(pca2d({{1, 2}, {3}}), std::invalid_argument);
}

TEST(PreferenceMetrics, PcaInHighDimensionWithNoise)
{
    // 1024 dimensions: a 7 x 3 grid (a = -3..3, variance 4; b = -1..1, variance 2/3; uncorrelated by
    // construction) planted along u = 0.8 e5 + 0.6 e9 and w = -0.6 e5 + 0.8 e9 (largest coordinates
    // positive), repeated 10 times with +-0.001 noise in every dimension. Coordinates come back as (a, b).
    constexpr std::size_t kDim = 1024;
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> noise(-0.001, 0.001);
    std::vector<std::vector<double>> points;
    std::vector<std::array<double, 2>> expected;
    for (int copy = 0; copy < 10; ++copy)
        for (int a = -3; a <= 3; ++a)
            for (int b = -1; b <= 1; ++b) {
                std::vector<double> p(kDim);
                for (double& v : p) v = noise(rng);
                p[5] += 0.8 * a - 0.6 * b;
                p[9] += 0.6 * a + 0.8 * b;
                points.push_back(std::move(p));
                expected.push_back({1.0 * a, 1.0 * b});
            }
    const auto projected = pca2d(points);
    for (std::size_t i = 0; i < points.size(); ++i) {
        EXPECT_NEAR(projected[i][0], expected[i][0], 0.01) << i;
        EXPECT_NEAR(projected[i][1], expected[i][1], 0.01) << i;
    }
}

TEST(PreferenceMetrics, KmeansRecoversSeparatedBlobs)
{
    // Three blobs of five points within 0.5 of (0, 0), (10, 0) and (0, 10): any sensible clustering puts
    // each blob in one cluster and the blobs in different ones, whatever the seed.
    const std::vector<std::array<double, 2>> centres{{0, 0}, {10, 0}, {0, 10}};
    const std::vector<std::array<double, 2>> offsets{{0, 0}, {0.5, 0}, {0, 0.5}, {-0.3, 0.2}, {0.1, -0.4}};
    std::vector<std::vector<double>> points;
    for (const auto& c : centres)
        for (const auto& o : offsets) points.push_back({c[0] + o[0], c[1] + o[1]});
    for (std::uint64_t seed = 0; seed < 10; ++seed) {
        const std::vector<int> labels = kmeans(points, 3, seed);
        ASSERT_EQ(labels.size(), 15u);
        for (std::size_t blob = 0; blob < 3; ++blob) {
            const int label = labels[blob * 5];
            EXPECT_GE(label, 0);
            EXPECT_LT(label, 3);
            for (std::size_t i = 1; i < 5; ++i) EXPECT_EQ(labels[blob * 5 + i], label) << "seed " << seed;
        }
        EXPECT_NE(labels[0], labels[5]) << "seed " << seed;
        EXPECT_NE(labels[0], labels[10]) << "seed " << seed;
        EXPECT_NE(labels[5], labels[10]) << "seed " << seed;
        EXPECT_EQ(labels, kmeans(points, 3, seed));  // deterministic for a seed
    }
    EXPECT_EQ(kmeans(points, 1, 0), std::vector<int>(15, 0));
    EXPECT_THROW(kmeans(points, 0, 0), std::invalid_argument);
    EXPECT_THROW(kmeans(points, 16, 0), std::invalid_argument);
    EXPECT_THROW(kmeans({{0, 0}, {1}}, 1, 0), std::invalid_argument);
}
