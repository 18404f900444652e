// Preference metrics: plain loops over std::vector; sizes are checked up front so that a caller's
// mismatch is reported by name rather than read past the end.
#include "model/reward/preference_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>

namespace tastelab::model {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void requireSameSize(std::size_t a, std::size_t b, const char* function, const char* what)
{
    if (a != b)
        throw std::invalid_argument(std::string(function) + ": " + what + " have different sizes (" + std::to_string(a)
            + " and " + std::to_string(b) + ")");
}

// Every point must have the same number of coordinates; returns that number (0 for no points).
std::size_t requireRectangular(const std::vector<std::vector<double>>& points, const char* function)
{
    if (points.empty()) return 0;
    const std::size_t dim = points.front().size();
    for (std::size_t i = 1; i < points.size(); ++i)
        if (points[i].size() != dim)
            throw std::invalid_argument(std::string(function) + ": point " + std::to_string(i) + " has "
                + std::to_string(points[i].size()) + " coordinates, point 0 has " + std::to_string(dim));
    return dim;
}

double squaredDistance(const std::vector<double>& a, const std::vector<double>& b)
{
    double sum = 0;
    for (std::size_t d = 0; d < a.size(); ++d) {
        const double diff = a[d] - b[d];
        sum += diff * diff;
    }
    return sum;
}

// Uniform in [0, 1) from the raw 64-bit stream; unlike std::uniform_real_distribution it gives the
// same numbers with every standard library.
double uniform01(std::mt19937_64& rng)
{
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// Uniform in [0, n), n > 0; rejection keeps it unbiased and library-independent.
std::uint64_t uniformIndex(std::mt19937_64& rng, std::uint64_t n)
{
    const std::uint64_t limit =
        std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
    std::uint64_t r = rng();
    while (r >= limit) r = rng();
    return r % n;
}

// The liked item's rank among itself and three disliked items, ties counted against it.
void scoreQuadruple(const std::vector<double>& predicted, std::size_t liked, const std::array<std::size_t, 3>& disliked,
    OneVsThree& result)
{
    int rank = 1;
    for (const std::size_t d : disliked)
        if (predicted[d] >= predicted[liked]) ++rank;
    result.top1.correct += rank <= 1 ? 1 : 0;
    result.top2.correct += rank <= 2 ? 1 : 0;
    result.top3.correct += rank <= 3 ? 1 : 0;
    ++result.top1.total;
    ++result.top2.total;
    ++result.top3.total;
}

// Credit for ordering a pair whose truth says first > second.
double orderCredit(double predictedFirst, double predictedSecond)
{
    if (predictedFirst > predictedSecond) return 1.0;
    if (predictedFirst == predictedSecond) return 0.5;
    return 0.0;
}

// Gram-Schmidt on a pair; returns the length of second's part orthogonal to first, relative to
// first's length (0 when first is 0), so that a rank-deficient pair can be recognised.
double orthonormalize(std::vector<double>& first, std::vector<double>& second)
{
    const auto dot = [](const std::vector<double>& a, const std::vector<double>& b) {
        return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
    };
    const auto normalize = [&](std::vector<double>& v) {
        const double norm = std::sqrt(dot(v, v));
        if (norm > 0)
            for (double& value : v) value /= norm;
        return norm;
    };
    const double firstNorm = normalize(first);
    const double overlap = dot(first, second);
    for (std::size_t d = 0; d < second.size(); ++d) second[d] -= overlap * first[d];
    const double secondNorm = normalize(second);
    return firstNorm > 0 ? secondNorm / firstNorm : 0.0;
}

// Flips v so that its largest-|value| coordinate (the first such, on ties) is positive.
void fixSign(std::vector<double>& v)
{
    std::size_t largest = 0;
    for (std::size_t d = 1; d < v.size(); ++d)
        if (std::abs(v[d]) > std::abs(v[largest])) largest = d;
    if (!v.empty() && v[largest] < 0)
        for (double& value : v) value = -value;
}

}  // namespace

double Accuracy::value() const
{
    return total == 0 ? kNaN : correct / static_cast<double>(total);
}

Accuracy& Accuracy::operator+=(const Accuracy& other)
{
    correct += other.correct;
    total += other.total;
    return *this;
}

OneVsThree& OneVsThree::operator+=(const OneVsThree& other)
{
    top1 += other.top1;
    top2 += other.top2;
    top3 += other.top3;
    return *this;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y)
{
    requireSameSize(x.size(), y.size(), "pearson", "x and y");
    const std::size_t n = x.size();
    if (n < 2) return kNaN;
    const double meanX = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
    const double meanY = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = x[i] - meanX, dy = y[i] - meanY;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (sxx == 0 || syy == 0) return kNaN;
    return sxy / std::sqrt(sxx * syy);
}

double spearman(const std::vector<double>& x, const std::vector<double>& y)
{
    requireSameSize(x.size(), y.size(), "spearman", "x and y");
    return pearson(averageRanks(x), averageRanks(y));
}

std::vector<double> averageRanks(const std::vector<double>& x)
{
    for (std::size_t i = 0; i < x.size(); ++i)
        if (std::isnan(x[i])) throw std::invalid_argument("averageRanks: value " + std::to_string(i) + " is NaN");
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    std::vector<double> ranks(x.size());
    for (std::size_t start = 0; start < order.size();) {
        std::size_t end = start + 1;
        while (end < order.size() && x[order[end]] == x[order[start]]) ++end;
        // Positions start..end-1 (0-based) share the mean of the 1-based ranks start+1..end.
        const double rank = 0.5 * static_cast<double>(start + 1 + end);
        for (std::size_t i = start; i < end; ++i) ranks[order[i]] = rank;
        start = end;
    }
    return ranks;
}

double median(std::vector<double> values)
{
    if (values.empty()) return kNaN;
    const std::size_t mid = values.size() / 2;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
    const double upper = values[mid];
    if (values.size() % 2 == 1) return upper;
    const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
    return 0.5 * (lower + upper);
}

Accuracy likedVsDisliked(const std::vector<double>& predicted, const std::vector<double>& truth, double median)
{
    requireSameSize(predicted.size(), truth.size(), "likedVsDisliked", "predicted and truth");
    std::vector<std::size_t> liked, disliked;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        if (truth[i] > median) liked.push_back(i);
        if (truth[i] < median) disliked.push_back(i);
    }
    Accuracy result;
    for (const std::size_t l : liked)
        for (const std::size_t d : disliked) {
            result.correct += orderCredit(predicted[l], predicted[d]);
            ++result.total;
        }
    return result;
}

OneVsThree oneVsThree(const std::vector<double>& predicted, const std::vector<double>& truth, double median,
    std::mt19937_64& rng, int maxSamples)
{
    requireSameSize(predicted.size(), truth.size(), "oneVsThree", "predicted and truth");
    if (maxSamples < 0) throw std::invalid_argument("oneVsThree: maxSamples is negative");
    std::vector<std::size_t> liked, disliked;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        if (truth[i] > median) liked.push_back(i);
        if (truth[i] < median) disliked.push_back(i);
    }
    OneVsThree result;
    const std::size_t m = disliked.size();
    if (liked.empty() || m < 3) return result;

    // Counted in double: only compared with maxSamples, and exact far beyond any realistic size.
    const double combinations = static_cast<double>(liked.size()) * static_cast<double>(m) * static_cast<double>(m - 1)
        * static_cast<double>(m - 2) / 6.0;
    if (combinations <= static_cast<double>(maxSamples)) {
        for (const std::size_t l : liked)
            for (std::size_t a = 0; a < m; ++a)
                for (std::size_t b = a + 1; b < m; ++b)
                    for (std::size_t c = b + 1; c < m; ++c)
                        scoreQuadruple(predicted, l, {disliked[a], disliked[b], disliked[c]}, result);
        return result;
    }
    for (int sample = 0; sample < maxSamples; ++sample) {
        const std::size_t l = liked[uniformIndex(rng, liked.size())];
        // A partial Fisher-Yates shuffle draws three distinct disliked items.
        for (std::size_t k = 0; k < 3; ++k) std::swap(disliked[k], disliked[k + uniformIndex(rng, m - k)]);
        scoreQuadruple(predicted, l, {disliked[0], disliked[1], disliked[2]}, result);
    }
    return result;
}

Accuracy pairwiseWithMargin(const std::vector<double>& predicted, const std::vector<double>& truth, double margin)
{
    requireSameSize(predicted.size(), truth.size(), "pairwiseWithMargin", "predicted and truth");
    Accuracy result;
    for (std::size_t i = 0; i < truth.size(); ++i)
        for (std::size_t j = i + 1; j < truth.size(); ++j) {
            if (truth[i] == truth[j] || std::abs(truth[i] - truth[j]) < margin) continue;
            result.correct +=
                truth[i] > truth[j] ? orderCredit(predicted[i], predicted[j]) : orderCredit(predicted[j], predicted[i]);
            ++result.total;
        }
    return result;
}

double silhouette(const std::vector<std::vector<double>>& points, const std::vector<int>& labels)
{
    requireSameSize(points.size(), labels.size(), "silhouette", "points and labels");
    requireRectangular(points, "silhouette");
    std::map<int, std::size_t> clusterOf;
    for (const int label : labels) clusterOf.emplace(label, clusterOf.size());
    const std::size_t clusters = clusterOf.size();
    if (clusters < 2) return kNaN;

    const std::size_t n = points.size();
    std::vector<std::size_t> cluster(n), sizes(clusters, 0);
    for (std::size_t i = 0; i < n; ++i) {
        cluster[i] = clusterOf.at(labels[i]);
        ++sizes[cluster[i]];
    }
    // distanceSum[i * clusters + c]: summed distance from point i to the points of cluster c; each
    // pair's distance is computed once.
    std::vector<double> distanceSum(n * clusters, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            const double distance = std::sqrt(squaredDistance(points[i], points[j]));
            distanceSum[i * clusters + cluster[j]] += distance;
            distanceSum[j * clusters + cluster[i]] += distance;
        }
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t own = cluster[i];
        if (sizes[own] == 1) continue;  // scores 0
        const double a = distanceSum[i * clusters + own] / static_cast<double>(sizes[own] - 1);
        double b = std::numeric_limits<double>::infinity();
        for (std::size_t c = 0; c < clusters; ++c)
            if (c != own) b = std::min(b, distanceSum[i * clusters + c] / static_cast<double>(sizes[c]));
        const double scale = std::max(a, b);
        if (scale > 0) total += (b - a) / scale;
    }
    return total / static_cast<double>(n);
}

std::vector<std::array<double, 2>> pca2d(const std::vector<std::vector<double>>& points)
{
    const std::size_t dim = requireRectangular(points, "pca2d");
    const std::size_t n = points.size();
    std::vector<std::array<double, 2>> result(n, {0.0, 0.0});
    if (n == 0 || dim == 0) return result;

    std::vector<double> mean(dim, 0.0);
    for (const auto& p : points)
        for (std::size_t d = 0; d < dim; ++d) mean[d] += p[d];
    for (double& m : mean) m /= static_cast<double>(n);
    std::vector<std::vector<double>> centred(points);
    for (auto& p : centred)
        for (std::size_t d = 0; d < dim; ++d) p[d] -= mean[d];

    if (dim == 1) {
        for (std::size_t i = 0; i < n; ++i) result[i][0] = centred[i][0];
        return result;
    }

    // Subspace iteration on the scatter matrix X^T X (never formed: two passes over X per step) with a
    // Rayleigh-Ritz rotation each step, so nearly equal leading eigenvalues do not stall it. The start
    // is a fixed pseudo-random pair, so the result is deterministic.
    const auto scatterTimes = [&](const std::vector<double>& v) {
        std::vector<double> out(dim, 0.0);
        for (const auto& p : centred) {
            const double projection = std::inner_product(p.begin(), p.end(), v.begin(), 0.0);
            for (std::size_t d = 0; d < dim; ++d) out[d] += projection * p[d];
        }
        return out;
    };
    const auto dot = [](const std::vector<double>& a, const std::vector<double>& b) {
        return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
    };
    std::mt19937_64 start(0x5eed);
    std::vector<double> v1(dim), v2(dim);
    for (std::size_t d = 0; d < dim; ++d) {
        v1[d] = uniform01(start) - 0.5;
        v2[d] = uniform01(start) - 0.5;
    }
    orthonormalize(v1, v2);
    constexpr int kMaxIterations = 500;
    constexpr double kTolerance = 1e-13;  // 1 - |cos| between steps: about 5e-7 radians
    constexpr double kRankOneRatio = 1e-12;
    for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
        const std::vector<double> w1 = scatterTimes(v1), w2 = scatterTimes(v2);
        // Ritz values and vectors of the 2x2 projected matrix [[a, b], [b, c]].
        const double a = dot(v1, w1), b = dot(v1, w2), c = dot(v2, w2);
        const double theta = 0.5 * std::atan2(2 * b, a - c);
        const double cosT = std::cos(theta), sinT = std::sin(theta);
        std::vector<double> next1(dim), next2(dim);
        for (std::size_t d = 0; d < dim; ++d) {
            next1[d] = cosT * w1[d] + sinT * w2[d];
            next2[d] = -sinT * w1[d] + cosT * w2[d];
        }
        const bool rankOne = orthonormalize(next1, next2) < kRankOneRatio;
        if (rankOne) {
            // Every direction orthogonal to the first has (numerically) zero variance: keep the old
            // second direction rather than chase rounding noise.
            next2 = v2;
            orthonormalize(next1, next2);
        }
        const bool converged =
            1 - std::abs(dot(next1, v1)) < kTolerance && (rankOne || 1 - std::abs(dot(next2, v2)) < kTolerance);
        v1 = std::move(next1);
        v2 = std::move(next2);
        if (converged) break;
    }
    fixSign(v1);
    fixSign(v2);
    for (std::size_t i = 0; i < n; ++i) result[i] = {dot(centred[i], v1), dot(centred[i], v2)};
    return result;
}

std::vector<int> kmeans(const std::vector<std::vector<double>>& points, int k, std::uint64_t seed)
{
    const std::size_t dim = requireRectangular(points, "kmeans");
    const std::size_t n = points.size();
    if (k < 1 || static_cast<std::size_t>(k) > n)
        throw std::invalid_argument("kmeans: k must be between 1 and the number of points (" + std::to_string(n)
            + "), got " + std::to_string(k));
    const auto clusters = static_cast<std::size_t>(k);
    std::mt19937_64 rng(seed);

    // k-means++: the first centre uniformly, each next one with probability proportional to the
    // squared distance to the nearest centre so far.
    std::vector<std::vector<double>> centres;
    centres.push_back(points[uniformIndex(rng, n)]);
    std::vector<double> nearest(n);
    for (std::size_t i = 0; i < n; ++i) nearest[i] = squaredDistance(points[i], centres[0]);
    while (centres.size() < clusters) {
        const double total = std::accumulate(nearest.begin(), nearest.end(), 0.0);
        std::size_t chosen = 0;
        if (total > 0) {
            const double target = uniform01(rng) * total;
            double cumulative = 0;
            chosen = n - 1;
            for (std::size_t i = 0; i < n; ++i) {
                cumulative += nearest[i];
                if (cumulative > target && nearest[i] > 0) {
                    chosen = i;
                    break;
                }
            }
        } else {
            chosen = uniformIndex(rng, n);  // every point coincides with a centre already
        }
        centres.push_back(points[chosen]);
        for (std::size_t i = 0; i < n; ++i)
            nearest[i] = std::min(nearest[i], squaredDistance(points[i], centres.back()));
    }

    std::vector<int> labels(n, -1);
    constexpr int kMaxIterations = 100;
    for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
        bool changed = false;
        for (std::size_t i = 0; i < n; ++i) {
            std::size_t best = 0;
            double bestDistance = squaredDistance(points[i], centres[0]);
            for (std::size_t c = 1; c < clusters; ++c) {
                const double distance = squaredDistance(points[i], centres[c]);
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = c;
                }
            }
            if (labels[i] != static_cast<int>(best)) {
                labels[i] = static_cast<int>(best);
                changed = true;
            }
        }
        if (!changed) break;
        // A cluster left empty keeps its previous centre.
        std::vector<std::vector<double>> sums(clusters, std::vector<double>(dim, 0.0));
        std::vector<std::size_t> counts(clusters, 0);
        for (std::size_t i = 0; i < n; ++i) {
            const auto c = static_cast<std::size_t>(labels[i]);
            ++counts[c];
            for (std::size_t d = 0; d < dim; ++d) sums[c][d] += points[i][d];
        }
        for (std::size_t c = 0; c < clusters; ++c)
            if (counts[c] > 0)
                for (std::size_t d = 0; d < dim; ++d) centres[c][d] = sums[c][d] / static_cast<double>(counts[c]);
    }
    return labels;
}

}  // namespace tastelab::model
