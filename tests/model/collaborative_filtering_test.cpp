// The collaborative-filtering baselines on a known low-rank rating matrix: trained on most of it, each recovers a new
// person's held-back values from a few of their answers far better than the items' means do.
#include "model/reward/collaborative_filtering.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace tastelab::model;

namespace {

struct World {
    int users = 60, items = 120, rank = 3;
    std::vector<std::vector<double>> truth;  // [users + newcomers][items]
};

// Values = 0.5 + bias + u . v, with two newcomers beyond `users`.
World lowRankWorld(unsigned seed)
{
    World w;
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<std::vector<double>> u(std::size_t(w.users + 2)), v(std::size_t(w.items));
    for (auto& f : u)
        for (int k = 0; k < w.rank; ++k) f.push_back(0.12 * normal(rng));
    for (auto& f : v)
        for (int k = 0; k < w.rank; ++k) f.push_back(normal(rng));
    for (auto& f : u) {
        std::vector<double> row;
        for (const auto& item : v) {
            double x = 0.5;
            for (int k = 0; k < w.rank; ++k) x += f[std::size_t(k)] * item[std::size_t(k)];
            row.push_back(x);
        }
        w.truth.push_back(row);
    }
    return w;
}

// 60 % of the trained users' cells are known.
std::vector<KnownRating> observed(const World& w, unsigned seed)
{
    std::mt19937 rng(seed);
    std::bernoulli_distribution keep(0.6);
    std::vector<KnownRating> out;
    for (int u = 0; u < w.users; ++u)
        for (int i = 0; i < w.items; ++i)
            if (keep(rng)) out.push_back({u, i, w.truth[std::size_t(u)][std::size_t(i)]});
    return out;
}

template <typename Predict>
double rmse(const World& w, int person, int answered, Predict predict)
{
    double squared = 0;
    int n = 0;
    for (int i = answered; i < w.items; ++i) {
        const double e = predict(i) - w.truth[std::size_t(person)][std::size_t(i)];
        squared += e * e, ++n;
    }
    return std::sqrt(squared / n);
}

}  // namespace

TEST(CollaborativeFiltering, RidgeSolverSolvesASmallSystem)
{
    // [[4, 1], [1, 3]] + diag(1, 0) -> [[5, 1], [1, 3]]; x = [1, 2] gives b = [7, 7].
    const auto x = solveRidge({4, 1, 1, 3}, {7, 7}, {1, 0});
    EXPECT_NEAR(x[0], 1.0, 1e-9);
    EXPECT_NEAR(x[1], 2.0, 1e-9);
}

TEST(CollaborativeFiltering, MatrixFactorizationFoldInRecoversANewPersonFromFewAnswers)
{
    const World w = lowRankWorld(3);
    MatrixFactorizationConfig config;
    config.rank = 3;
    config.lambda = 0.01;
    const MatrixFactorization mf(observed(w, 4), w.users, w.items, config);
    EXPECT_LT(mf.trainingError(), 0.05);
    for (int person : {w.users, w.users + 1}) {
        FoldInAnswers answers;
        for (int i = 0; i < 12; ++i) answers.emplace_back(i, w.truth[std::size_t(person)][std::size_t(i)]);
        const auto folded = mf.foldIn(answers);
        const double model = rmse(w, person, 12, [&](int i) { return *mf.predict(folded, i); });
        const double spread = rmse(w, person, 12, [&](int) { return 0.5; });
        EXPECT_LT(model, 0.25 * spread) << "person " << person;
    }
    EXPECT_FALSE(mf.predict(mf.foldIn({}), w.items).has_value());  // an item nobody rated
}

TEST(CollaborativeFiltering, ItemKnnRecoversANewPersonFromFewAnswers)
{
    const World w = lowRankWorld(5);
    const ItemKnn knn(observed(w, 6), w.users, w.items);
    // Items that load on the same factors are similar; opposite ones are dissimilar.
    for (int person : {w.users, w.users + 1}) {
        FoldInAnswers answers;
        for (int i = 0; i < 16; ++i) answers.emplace_back(i, w.truth[std::size_t(person)][std::size_t(i)]);
        const double model = rmse(w, person, 16, [&](int i) { return *knn.predict(answers, i); });
        const double spread = rmse(w, person, 16, [&](int) { return 0.5; });
        EXPECT_LT(model, 0.75 * spread) << "person " << person;
    }
    EXPECT_FALSE(knn.predict({{0, 0.5}}, w.items).has_value());
}

TEST(CollaborativeFiltering, RefusesRatingsOutsideTheMatrix)
{
    EXPECT_THROW(ItemKnn({{0, 5, 0.5}}, 1, 3), std::invalid_argument);
    EXPECT_THROW(MatrixFactorization({{2, 0, 0.5}}, 2, 3), std::invalid_argument);
}
