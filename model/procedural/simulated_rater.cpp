// Agent maths, in plain C++: a linear utility over the attributes, Gaussian answer noise on the logit
// scale, and a logistic link for both answer kinds.
#include "model/procedural/simulated_rater.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace tastelab::model {
namespace {

double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

}  // namespace

double SimulatedRater::utility(const AttributeVector& attributes) const
{
    double u = profile_.bias;
    for (int a = 0; a < kVisualAttributeCount; ++a) u += profile_.weights[a] * (attributes[a] - 0.5);
    return u;
}

double SimulatedRater::rate(const AttributeVector& attributes, std::mt19937_64& rng) const
{
    std::normal_distribution<double> noise(0.0, profile_.noiseSigma);
    return sigmoid(utility(attributes) + noise(rng));
}

double SimulatedRater::probabilityPrefersLeft(const AttributeVector& left, const AttributeVector& right) const
{
    return sigmoid(utility(left) - utility(right));
}

SimulatedRater::Choice SimulatedRater::choose(
    const AttributeVector& left, const AttributeVector& right, std::mt19937_64& rng) const
{
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const double p = probabilityPrefersLeft(left, right);
    if (std::abs(p - 0.5) < 0.03 && uniform(rng) < 0.5) return Choice::Tie;
    return uniform(rng) < p ? Choice::Left : Choice::Right;
}

void SimulatedRater::calibrate(const std::vector<AttributeVector>& pool)
{
    if (pool.size() < 2) throw std::invalid_argument("calibrating a rater needs at least two images");
    std::vector<double> utilities;
    utilities.reserve(pool.size());
    for (const auto& attributes : pool) utilities.push_back(utility(attributes));
    const double mean = std::accumulate(utilities.begin(), utilities.end(), 0.0) / double(utilities.size());
    double variance = 0.0;
    for (double u : utilities) variance += (u - mean) * (u - mean);
    variance /= double(utilities.size() - 1);
    const double r = profile_.reliability;
    profile_.noiseSigma = static_cast<float>(std::sqrt(variance * (1.0 - r) / r));
}

std::vector<SimulatedRater> createRaterPopulation(const PopulationConfig& config)
{
    if (config.raters < 1 || config.groups < 1 || config.attributesPerGroup < 1
        || config.attributesPerGroup > kVisualAttributeCount || config.minReliability <= 0.0f
        || config.maxReliability >= 1.0f || config.minReliability > config.maxReliability) {
        throw std::invalid_argument("invalid rater population settings");
    }
    std::mt19937_64 rng(config.seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);

    // Group centres: a few attributes each, strongly liked or disliked.
    std::vector<AttributeVector> centres(static_cast<std::size_t>(config.groups));
    for (auto& centre : centres) {
        centre.fill(0.0f);
        std::vector<int> order(kVisualAttributeCount);
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        for (int i = 0; i < config.attributesPerGroup; ++i) {
            const float sign = uniform(rng) < 0.5f ? -1.0f : 1.0f;
            centre[order[i]] = sign * config.groupStrength * (0.75f + 0.5f * uniform(rng));
        }
    }

    std::vector<SimulatedRater> raters;
    for (int i = 0; i < config.raters; ++i) {
        RaterProfile p;
        p.name = fmt::format("A{:02}", i + 1);
        p.group = i % config.groups;
        for (int a = 0; a < kVisualAttributeCount; ++a) {
            p.weights[a] = config.utilityScale * (centres[p.group][a] + config.individualSpread * normal(rng));
        }
        p.bias = 0.3f * normal(rng);
        p.reliability = config.minReliability + (config.maxReliability - config.minReliability) * uniform(rng);
        std::vector<int> order(kVisualAttributeCount);
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](int x, int y) { return p.weights[x] > p.weights[y]; });
        const float threshold = 0.5f * config.utilityScale;
        for (int a : order) {
            if (p.weights[a] > threshold) p.liked.push_back(a);
        }
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            if (p.weights[*it] < -threshold) p.disliked.push_back(*it);
        }
        raters.emplace_back(std::move(p));
    }
    return raters;
}

}  // namespace tastelab::model
