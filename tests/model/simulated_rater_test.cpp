// Simulated raters: their measured test-retest correlation matches the configured reliability, raters
// of one group agree more than raters of different groups, and pairwise answers follow Bradley-Terry.
#include "model/procedural/simulated_rater.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

using namespace tastelab::model;

namespace {

std::vector<AttributeVector> randomPool(int count, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> uniform(0.02f, 0.98f);
    std::vector<AttributeVector> pool(static_cast<std::size_t>(count));
    for (auto& a : pool) {
        for (float& x : a) x = uniform(rng);
    }
    return pool;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y)
{
    const double n = double(x.size());
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n;
    const double my = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

double logit(double p)
{
    return std::log(p / (1.0 - p));
}

}  // namespace

TEST(SimulatedRaters, PopulationIsDeterministicAndGrouped)
{
    PopulationConfig config;
    const auto a = createRaterPopulation(config);
    const auto b = createRaterPopulation(config);
    ASSERT_EQ(a.size(), 40u);
    for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].profile().weights, b[i].profile().weights);
        EXPECT_EQ(a[i].profile().group, static_cast<int>(i % 4));
        EXPECT_GE(a[i].profile().reliability, config.minReliability);
        EXPECT_LE(a[i].profile().reliability, config.maxReliability);
    }
    config.seed = 99;
    EXPECT_NE(createRaterPopulation(config)[0].profile().weights, a[0].profile().weights);
}

TEST(SimulatedRaters, LikedAndDislikedAttributesDriveTheirAnswers)
{
    for (const auto& rater : createRaterPopulation({})) {
        const auto& p = rater.profile();
        ASSERT_FALSE(p.liked.empty() && p.disliked.empty()) << p.name << " has no taste";
        AttributeVector neutral;
        neutral.fill(0.5f);
        for (int a : p.liked) {
            AttributeVector more = neutral, less = neutral;
            more[a] = 0.9f;
            less[a] = 0.1f;
            EXPECT_GT(rater.utility(more), rater.utility(less)) << p.name << " likes " << visualAttributeNames()[a];
        }
        for (int a : p.disliked) {
            AttributeVector more = neutral, less = neutral;
            more[a] = 0.9f;
            less[a] = 0.1f;
            EXPECT_LT(rater.utility(more), rater.utility(less)) << p.name;
        }
    }
}

TEST(SimulatedRaters, MeasuredTestRetestMatchesConfiguredReliability)
{
    // Stated tolerance: 0.07 on the Pearson correlation of the logit answers over 1500 images
    // (the sampling error at n = 1500 is at most about 0.025).
    const auto pool = randomPool(1500, 5);
    auto raters = createRaterPopulation({});
    std::mt19937_64 rng(77);
    for (int i = 0; i < 10; ++i) {
        SimulatedRater& rater = raters[static_cast<std::size_t>(i)];
        rater.calibrate(pool);
        std::vector<double> test, retest;
        for (const auto& attributes : pool) {
            test.push_back(logit(rater.rate(attributes, rng)));
            retest.push_back(logit(rater.rate(attributes, rng)));
        }
        EXPECT_NEAR(pearson(test, retest), rater.profile().reliability, 0.07) << rater.profile().name;
    }
}

TEST(SimulatedRaters, SameGroupAgreesMoreThanDifferentGroups)
{
    const auto pool = randomPool(300, 8);
    auto raters = createRaterPopulation({});
    std::mt19937_64 rng(3);
    std::vector<std::vector<double>> answers;
    for (auto& rater : raters) {
        rater.calibrate(pool);
        std::vector<double> row;
        for (const auto& attributes : pool) row.push_back(rater.rate(attributes, rng));
        answers.push_back(row);
    }
    double within = 0, between = 0;
    int withinCount = 0, betweenCount = 0;
    for (std::size_t i = 0; i < raters.size(); ++i) {
        for (std::size_t j = i + 1; j < raters.size(); ++j) {
            const double r = pearson(answers[i], answers[j]);
            if (raters[i].profile().group == raters[j].profile().group) {
                within += r;
                ++withinCount;
            } else {
                between += r;
                ++betweenCount;
            }
        }
    }
    within /= withinCount;
    between /= betweenCount;
    std::printf("[ figures  ] agreement within groups %.3f, between groups %.3f\n", within, between);
    EXPECT_GT(within, between + 0.3);
}

TEST(SimulatedRaters, PairwiseChoicesFollowBradleyTerry)
{
    auto raters = createRaterPopulation({});
    const SimulatedRater& rater = raters[0];
    const auto pool = randomPool(200, 12);
    // Find a pair the rater prefers moderately (p near 0.73).
    std::size_t bestI = 0, bestJ = 1;
    double bestGap = 1.0;
    for (std::size_t i = 0; i < 40; ++i) {
        for (std::size_t j = 0; j < 40; ++j) {
            const double gap = std::abs(rater.probabilityPrefersLeft(pool[i], pool[j]) - 0.73);
            if (i != j && gap < bestGap) {
                bestGap = gap;
                bestI = i;
                bestJ = j;
            }
        }
    }
    const double p = rater.probabilityPrefersLeft(pool[bestI], pool[bestJ]);
    std::mt19937_64 rng(1);
    int left = 0;
    const int trials = 20000;
    for (int t = 0; t < trials; ++t) {
        const auto choice = rater.choose(pool[bestI], pool[bestJ], rng);
        EXPECT_NE(choice, SimulatedRater::Choice::Tie);  // far from 0.5: never a tie
        left += choice == SimulatedRater::Choice::Left;
    }
    EXPECT_NEAR(double(left) / trials, p, 0.015);
    EXPECT_NEAR(rater.probabilityPrefersLeft(pool[bestJ], pool[bestI]), 1.0 - p, 1e-12);
}
