// Item k-NN and matrix factorization by alternating least squares, on dense item-by-user arrays: the workspaces they
// run on hold at most a few hundred people and some thousands of images.
#include "model/reward/collaborative_filtering.h"

#include "util/dense_cholesky.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <utility>

namespace tastelab::model {
namespace {

void checkRatings(const std::vector<KnownRating>& ratings, int users, int items)
{
    if (users < 1 || items < 1) throw std::invalid_argument("collaborative filtering needs at least one user and item");
    for (const auto& r : ratings) {
        if (r.user < 0 || r.user >= users || r.item < 0 || r.item >= items || !std::isfinite(r.value)) {
            throw std::invalid_argument(
                fmt::format("rating (user {}, item {}, value {}) is outside {} users x {} items", r.user, r.item,
                    r.value, users, items));
        }
    }
}

}  // namespace

std::vector<double> solveRidge(std::vector<double> a, std::vector<double> b, const std::vector<double>& diagonal)
{
    const std::size_t n = b.size();
    if (a.size() != n * n || diagonal.size() != n) throw std::invalid_argument("solveRidge: mismatched sizes");
    for (std::size_t i = 0; i < n; ++i) a[i * n + i] += diagonal[i];
    // A = L L^T in place; a ridge keeps the pivots away from zero, the floor guards only rounding.
    util::choleskyInPlaceFloored(a, n, 1e-12);
    return util::choleskySolve(a, n, std::move(b));
}

ItemKnn::ItemKnn(const std::vector<KnownRating>& ratings, int users, int items, ItemKnnConfig config)
    : users_(users)
    , items_(items)
    , config_(config)
{
    checkRatings(ratings, users, items);
    std::vector<double> userSum(std::size_t(users), 0.0), itemSum(std::size_t(items), 0.0);
    std::vector<int> userCount(std::size_t(users), 0);
    itemCount_.assign(std::size_t(items), 0);
    for (const auto& r : ratings) {
        userSum[std::size_t(r.user)] += r.value, ++userCount[std::size_t(r.user)];
        itemSum[std::size_t(r.item)] += r.value, ++itemCount_[std::size_t(r.item)];
        globalMean_ += r.value;
    }
    globalMean_ = ratings.empty() ? 0.5 : globalMean_ / double(ratings.size());
    itemMean_.assign(std::size_t(items), globalMean_);
    for (int i = 0; i < items; ++i) {
        if (itemCount_[std::size_t(i)] > 0)
            itemMean_[std::size_t(i)] = itemSum[std::size_t(i)] / itemCount_[std::size_t(i)];
    }
    centred_.assign(std::size_t(items) * std::size_t(users), 0.0);
    rated_.assign(std::size_t(items) * std::size_t(users), 0);
    for (const auto& r : ratings) {
        const std::size_t at = std::size_t(r.item) * std::size_t(users) + std::size_t(r.user);
        centred_[at] = r.value - userSum[std::size_t(r.user)] / userCount[std::size_t(r.user)];
        rated_[at] = 1;
    }
}

bool ItemKnn::knows(int item) const
{
    return item >= 0 && item < items_ && itemCount_[std::size_t(item)] > 0;
}

double ItemKnn::similarity(int a, int b) const
{
    const double* x = &centred_[std::size_t(a) * std::size_t(users_)];
    const double* y = &centred_[std::size_t(b) * std::size_t(users_)];
    const char* mx = &rated_[std::size_t(a) * std::size_t(users_)];
    const char* my = &rated_[std::size_t(b) * std::size_t(users_)];
    double xy = 0, xx = 0, yy = 0;
    int n = 0;
    for (int u = 0; u < users_; ++u) {
        if (!mx[u] || !my[u]) continue;
        xy += x[u] * y[u], xx += x[u] * x[u], yy += y[u] * y[u];
        ++n;
    }
    if (n < 2 || xx <= 0 || yy <= 0) return 0.0;
    return xy / std::sqrt(xx * yy) * double(n) / (double(n) + config_.shrinkage);
}

std::optional<double> ItemKnn::predict(const FoldInAnswers& answers, int item) const
{
    if (!knows(item)) return std::nullopt;
    // The person's offset from the items' means, then the neighbours' residuals weighted by similarity.
    double offset = 0;
    int known = 0;
    for (const auto& [j, value] : answers) {
        if (!knows(j)) continue;
        offset += value - itemMean_[std::size_t(j)];
        ++known;
    }
    if (known == 0) return itemMean_[std::size_t(item)];
    offset /= known;
    std::vector<std::pair<double, double>> neighbours;  // similarity, residual
    for (const auto& [j, value] : answers) {
        if (!knows(j) || j == item) continue;
        neighbours.emplace_back(similarity(item, j), value - itemMean_[std::size_t(j)] - offset);
    }
    const std::size_t k = std::min<std::size_t>(neighbours.size(), std::size_t(std::max(1, config_.neighbours)));
    std::partial_sort(neighbours.begin(), neighbours.begin() + long(k), neighbours.end(),
        [](const auto& a, const auto& b) { return std::abs(a.first) > std::abs(b.first); });
    double weighted = 0, total = 0;
    for (std::size_t n = 0; n < k; ++n) {
        weighted += neighbours[n].first * neighbours[n].second;
        total += std::abs(neighbours[n].first);
    }
    return itemMean_[std::size_t(item)] + offset + (total > 1e-9 ? weighted / total : 0.0);
}

MatrixFactorization::MatrixFactorization(
    const std::vector<KnownRating>& ratings, int users, int items, MatrixFactorizationConfig config)
    : rank_(config.rank)
    , config_(config)
{
    checkRatings(ratings, users, items);
    if (rank_ < 1) throw std::invalid_argument("matrix factorization needs rank >= 1");
    const std::size_t R = std::size_t(rank_), D = R + 1;
    for (const auto& r : ratings) mean_ += r.value;
    mean_ = ratings.empty() ? 0.5 : mean_ / double(ratings.size());
    std::vector<std::vector<std::pair<int, double>>> byUser(static_cast<std::size_t>(users));
    std::vector<std::vector<std::pair<int, double>>> byItem(static_cast<std::size_t>(items));
    for (const auto& r : ratings) {
        byUser[std::size_t(r.user)].emplace_back(r.item, r.value);
        byItem[std::size_t(r.item)].emplace_back(r.user, r.value);
    }
    itemCount_.assign(std::size_t(items), 0);
    for (int i = 0; i < items; ++i) itemCount_[std::size_t(i)] = int(byItem[std::size_t(i)].size());
    std::mt19937 rng(config.seed);
    std::normal_distribution<double> normal(0.0, 0.1);
    itemFactors_.assign(std::size_t(items) * R, 0.0);
    for (double& f : itemFactors_) f = normal(rng);
    itemBias_.assign(std::size_t(items), 0.0);
    std::vector<double> userFactors(std::size_t(users) * R, 0.0), userBias(std::size_t(users), 0.0);

    // One ridge regression of targets on [1, factors] per row: bias and factors together.
    auto solveRow = [&](const std::vector<std::pair<int, double>>& rowRatings, const std::vector<double>& otherFactors,
                        const std::vector<double>& otherBias, double* factorsOut, double& biasOut) {
        std::vector<double> a(D * D, 0.0), b(D, 0.0);
        for (const auto& [other, value] : rowRatings) {
            std::vector<double> x(1, 1.0);  // the bias, then the factors
            for (std::size_t k = 0; k < R; ++k) x.push_back(otherFactors[std::size_t(other) * R + k]);
            const double target = value - mean_ - otherBias[std::size_t(other)];
            for (std::size_t i = 0; i < D; ++i) {
                b[i] += x[i] * target;
                for (std::size_t j = 0; j < D; ++j) a[i * D + j] += x[i] * x[j];
            }
        }
        const double n = std::max<double>(1.0, double(rowRatings.size()));
        std::vector<double> diagonal(D, config_.lambda * n);
        diagonal[0] = config_.biasLambda * n;
        const auto solution = solveRidge(std::move(a), std::move(b), diagonal);
        biasOut = solution[0];
        for (std::size_t k = 0; k < R; ++k) factorsOut[k] = solution[k + 1];
    };
    for (int sweep = 0; sweep < config.iterations; ++sweep) {
        for (int u = 0; u < users; ++u) {
            if (!byUser[std::size_t(u)].empty())
                solveRow(byUser[std::size_t(u)], itemFactors_, itemBias_, &userFactors[std::size_t(u) * R],
                    userBias[std::size_t(u)]);
        }
        for (int i = 0; i < items; ++i) {
            if (!byItem[std::size_t(i)].empty())
                solveRow(byItem[std::size_t(i)], userFactors, userBias, &itemFactors_[std::size_t(i) * R],
                    itemBias_[std::size_t(i)]);
        }
    }
    double squared = 0;
    for (const auto& r : ratings) {
        double p = mean_ + userBias[std::size_t(r.user)] + itemBias_[std::size_t(r.item)];
        for (std::size_t k = 0; k < R; ++k)
            p += userFactors[std::size_t(r.user) * R + k] * itemFactors_[std::size_t(r.item) * R + k];
        squared += (p - r.value) * (p - r.value);
    }
    trainingError_ = ratings.empty() ? 0.0 : std::sqrt(squared / double(ratings.size()));
}

bool MatrixFactorization::knows(int item) const
{
    return item >= 0 && item < int(itemCount_.size()) && itemCount_[std::size_t(item)] > 0;
}

MatrixFactorization::Person MatrixFactorization::foldIn(const FoldInAnswers& answers) const
{
    const std::size_t R = std::size_t(rank_), D = R + 1;
    std::vector<double> a(D * D, 0.0), b(D, 0.0);
    int n = 0;
    for (const auto& [item, value] : answers) {
        if (!knows(item)) continue;
        std::vector<double> x(1, 1.0);  // the bias, then the factors
        for (std::size_t k = 0; k < R; ++k) x.push_back(itemFactors_[std::size_t(item) * R + k]);
        const double target = value - mean_ - itemBias_[std::size_t(item)];
        for (std::size_t i = 0; i < D; ++i) {
            b[i] += x[i] * target;
            for (std::size_t j = 0; j < D; ++j) a[i * D + j] += x[i] * x[j];
        }
        ++n;
    }
    std::vector<double> diagonal(D, config_.lambda * std::max(1, n));
    diagonal[0] = config_.biasLambda * std::max(1, n);
    const auto solution = solveRidge(std::move(a), std::move(b), diagonal);
    Person person;
    person.bias = solution[0];
    person.factors.assign(solution.begin() + 1, solution.end());
    return person;
}

std::optional<double> MatrixFactorization::predict(const Person& person, int item) const
{
    if (!knows(item) || person.factors.size() != std::size_t(rank_)) return std::nullopt;
    double p = mean_ + person.bias + itemBias_[std::size_t(item)];
    for (std::size_t k = 0; k < std::size_t(rank_); ++k)
        p += person.factors[k] * itemFactors_[std::size_t(item) * rank_ + k];
    return p;
}

}  // namespace tastelab::model
