// The Bayesian linear head behind active questions and best-of-N: features, the population prior, the posterior,
// and the expected-variance-reduction choice. Small dense algebra in double (the head has ~65 weights).
#include "app/services/active_questions.h"

#include "app/services/backbone_factory.h"
#include "app/services/embeddings.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "model/nn/runtime.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "storage/people.h"
#include "util/dense_cholesky.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <stdexcept>

namespace tastelab::services {
namespace {

using Vector = std::vector<double>;

// A square matrix, row-major.
struct Matrix {
    std::size_t n = 0;
    std::vector<double> a;
    explicit Matrix(std::size_t size = 0, double diagonal = 0)
        : n(size)
        , a(size * size, 0.0)
    {
        for (std::size_t i = 0; i < n; ++i) a[i * n + i] = diagonal;
    }
    double& operator()(std::size_t i, std::size_t j) { return a[i * n + j]; }
    double operator()(std::size_t i, std::size_t j) const { return a[i * n + j]; }
};

// The lower Cholesky factor of a symmetric positive definite matrix; a little jitter is added when rounding made it
// indefinite (a prior from few people is close to singular).
Matrix cholesky(const Matrix& m)
{
    for (double jitter = 0.0; jitter < 1.0; jitter = jitter == 0.0 ? 1e-9 : jitter * 100.0) {
        Matrix l = m;
        for (std::size_t i = 0; i < l.n; ++i) l(i, i) += jitter;
        if (util::choleskyInPlace(l.a, l.n)) return l;
    }
    throw std::runtime_error("the taste model's covariance is not positive definite");
}

double logDeterminant(const Matrix& l)
{
    return util::logDeterminantFromCholesky(l.a, l.n);
}

// b^T A^-1 b from A's Cholesky factor L: |L^-1 b|^2.
double inverseQuadratic(const Matrix& l, const std::vector<double>& b)
{
    std::vector<double> z = b;
    util::solveLowerInPlace(l.a, l.n, z);
    double s = 0.0;
    for (std::size_t i = 0; i < l.n; ++i) s += z[i] * z[i];
    return s;
}

Matrix inverseSpd(const Matrix& m)
{
    Matrix inv(m.n);
    inv.a = util::inverseFromCholesky(cholesky(m).a, m.n);
    return inv;
}

Vector multiply(const Matrix& m, const Vector& v)
{
    Vector out(m.n, 0.0);
    for (std::size_t i = 0; i < m.n; ++i) {
        double s = 0.0;
        for (std::size_t j = 0; j < m.n; ++j) s += m(i, j) * v[j];
        out[i] = s;
    }
    return out;
}

double dot(const Vector& x, const Vector& y)
{
    double s = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) s += x[i] * y[i];
    return s;
}

// Ratings near 0 or 1 would dominate a regression on the logit scale; the slider cannot tell 0.99 from 0.999 anyway.
double answerLogit(double value)
{
    const double v = std::clamp(value, 0.02, 0.98);
    return std::log(v / (1.0 - v));
}

double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

// A person's first answer per image (catch trials, repeats and images without features left out).
ImageAnswers firstAnswers(
    storage::AnswerStore& answers, std::int64_t personId, const std::map<std::int64_t, Vector>& features)
{
    ImageAnswers out;
    std::set<std::int64_t> seen;
    for (const auto& r : answers.ratingsOf(personId)) {
        if (r.isCatch || r.isRepeat || !features.count(r.imageId) || !seen.insert(r.imageId).second) continue;
        out.emplace_back(r.imageId, r.value);
    }
    return out;
}

double squaredDistance(const Vector& x, const Vector& y)
{
    double s = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) s += (x[i] - y[i]) * (x[i] - y[i]);
    return s;
}

// k-means of the heads into `k` groups (k-means++ starts from a fixed seed, the best of several): each head's group.
std::vector<int> kMeans(const std::vector<Vector>& points, int k)
{
    const std::size_t n = points.size();
    std::mt19937_64 random(20261207);
    std::vector<int> best(n, 0);
    double bestCost = std::numeric_limits<double>::infinity();
    for (int restart = 0; restart < 12; ++restart) {
        std::vector<Vector> centres{points[random() % n]};
        while (int(centres.size()) < k) {
            std::vector<double> d(n);
            double total = 0.0;
            for (std::size_t i = 0; i < n; ++i) {
                d[i] = std::numeric_limits<double>::infinity();
                for (const auto& c : centres) d[i] = std::min(d[i], squaredDistance(points[i], c));
                total += d[i];
            }
            double u = std::uniform_real_distribution<double>(0.0, total)(random);
            std::size_t pick = 0;
            while (pick + 1 < n && u > d[pick]) u -= d[pick++];
            centres.push_back(points[pick]);
        }
        std::vector<int> group(n, -1);
        double cost = 0.0;
        for (int iteration = 0; iteration < 100; ++iteration) {
            bool changed = false;
            cost = 0.0;
            for (std::size_t i = 0; i < n; ++i) {
                int nearest = 0;
                double d = squaredDistance(points[i], centres[0]);
                for (int c = 1; c < k; ++c) {
                    const double e = squaredDistance(points[i], centres[std::size_t(c)]);
                    if (e < d) {
                        d = e;
                        nearest = c;
                    }
                }
                cost += d;
                changed = changed || group[i] != nearest;
                group[i] = nearest;
            }
            if (!changed) break;
            for (int c = 0; c < k; ++c) {
                Vector centre(points[0].size(), 0.0);
                int count = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    if (group[i] != c) continue;
                    for (std::size_t j = 0; j < centre.size(); ++j) centre[j] += points[i][j];
                    ++count;
                }
                if (count == 0) continue;  // an empty group keeps its centre
                for (auto& x : centre) x /= double(count);
                centres[std::size_t(c)] = centre;
            }
        }
        if (cost < bestCost) {
            bestCost = cost;
            best = group;
        }
    }
    return best;
}

// What a person's answers contribute to a linear-Gaussian fit: X^T X, X^T y, y^T y and their number.
struct AnswerStatistics {
    Matrix gram;
    Vector xty;
    double yy = 0;
    std::size_t n = 0;
};

// Probabilists' Gauss-Hermite nodes and weights: E[f(z)] for z ~ N(0, 1) from five values of f.
constexpr double kHermiteNodes[] = {-2.856970013872806, -1.355626179974266, 0.0, 1.355626179974266, 2.856970013872806};
constexpr double kHermiteWeights[] = {
    0.011257411327721, 0.222075922005613, 0.533333333333333, 0.222075922005613, 0.011257411327721};

constexpr double kDefaultNoise = 0.5;  // logit-scale answer noise variance when no one else has answered
constexpr double kVagueWeightVariance = 4.0;
constexpr double kRidge = 0.1;  // each other person's own head, in the unit-scale feature space
constexpr std::size_t kMinAnswersForPrior = 10;
constexpr std::size_t kMinPeopleForPrior = 3;
constexpr std::size_t kMinPeoplePerGroup = 4;
constexpr std::int64_t kClusteringDirections = 6;
constexpr std::size_t kMaxScoredCandidates = 1500;  // beyond this, an informative pick looks at a random subset
constexpr std::size_t kMaxReferenceImages = 400;

}  // namespace

std::string_view toString(QuestionStrategy strategy)
{
    switch (strategy) {
    case QuestionStrategy::Informative:
        return "informative";
    case QuestionStrategy::Random:
        return "random";
    case QuestionStrategy::Unrated:
        return "unrated";
    }
    return "informative";
}

QuestionStrategy parseQuestionStrategy(std::string_view text)
{
    if (text == "informative") return QuestionStrategy::Informative;
    if (text == "random") return QuestionStrategy::Random;
    if (text == "unrated") return QuestionStrategy::Unrated;
    throw std::invalid_argument(
        fmt::format("unknown question strategy '{}': use informative, random or unrated", text));
}

std::string_view toString(TastePrior prior)
{
    return prior == TastePrior::Gaussian ? "gaussian" : "mixture";
}

TastePrior parseTastePrior(std::string_view text)
{
    if (text == "gaussian") return TastePrior::Gaussian;
    if (text == "mixture") return TastePrior::Mixture;
    throw std::invalid_argument(fmt::format("unknown taste prior '{}': use gaussian or mixture", text));
}

struct PersonTasteModel::State {
    Workspace* workspace = nullptr;
    std::int64_t personId = 0;
    TasteModelOptions options;
    std::string backboneKey;
    // Features: [(x - mean) / std] projected on the top principal components, over `scale`, then a constant 1.
    Vector mean, std;
    std::vector<Vector> components;  // k rows of D values
    double scale = 1.0;
    std::size_t dim = 1;  // k + 1
    std::map<std::int64_t, Vector> features;  // image id -> phi
    // Sum over the images with a vector of (phi - mean phi)(phi - mean phi)^T: the spread of their centred scores'
    // uncertainty is v^T spread v for a weight direction v (the ranking criterion).
    Matrix spread;
    std::unique_ptr<model::Backbone> backbone;  // for rendered images, made on first use
    c10::Device device{c10::DeviceType::CPU};
    // Prior: one Gaussian per taste group, all with the same precision (the spread within a group), each with its
    // own mean and weight (a Gaussian prior is one group).
    Matrix priorPrecision;
    std::vector<Vector> priorShifts;  // priorPrecision * each group's mean
    std::vector<double> priorLogWeights;  // log weight of each group less half its mean's prior quadratic form
    double noise = kDefaultNoise;
    std::size_t priorPeople = 0;
    // Posterior: within every group the same covariance; each group's mean and weight.
    Matrix covariance;
    std::vector<Vector> groupMeans;
    std::vector<double> groupWeights;
    Vector weights;  // the mixture's mean
    std::size_t answers = 0;

    void update(const ImageAnswers& given);

    // The first answer per image among those with a vector.
    ImageAnswers known(const ImageAnswers& given) const
    {
        ImageAnswers out;
        std::set<std::int64_t> seen;
        for (const auto& [imageId, value] : given) {
            if (features.count(imageId) && seen.insert(imageId).second) out.emplace_back(imageId, value);
        }
        return out;
    }

    Vector featuresOf(const std::vector<float>& raw) const
    {
        Vector phi(dim, 0.0);
        for (std::size_t c = 0; c < components.size(); ++c) {
            double s = 0.0;
            for (std::size_t j = 0; j < raw.size() && j < mean.size(); ++j) {
                s += components[c][j] * (double(raw[j]) - mean[j]) / std[j];
            }
            phi[c] = s / scale;
        }
        phi[dim - 1] = 1.0;
        return phi;
    }

    TastePrediction predict(const Vector& phi) const
    {
        TastePrediction p;
        const double mean = dot(phi, weights);
        double variance = dot(phi, multiply(covariance, phi));
        for (std::size_t k = 0; k < groupMeans.size(); ++k) {
            const double d = dot(phi, groupMeans[k]) - mean;
            variance += groupWeights[k] * d * d;
        }
        p.score = sigmoid(mean);
        p.uncertainty = std::sqrt(std::max(0.0, variance));
        return p;
    }

    void fitFeatures(const std::vector<std::pair<std::int64_t, std::vector<float>>>& vectors)
    {
        const std::size_t n = vectors.size();
        const std::size_t d = n == 0 ? 0 : vectors.front().second.size();
        mean.assign(d, 0.0);
        std.assign(d, 1.0);
        if (n >= 2 && d > 0) {
            for (const auto& [id, v] : vectors)
                for (std::size_t j = 0; j < d; ++j) mean[j] += v[j];
            for (auto& m : mean) m /= double(n);
            Vector var(d, 0.0);
            for (const auto& [id, v] : vectors)
                for (std::size_t j = 0; j < d; ++j) var[j] += (v[j] - mean[j]) * (v[j] - mean[j]);
            for (std::size_t j = 0; j < d; ++j) std[j] = std::max(std::sqrt(var[j] / double(n - 1)), 1e-6);
            // Principal components of the standardised vectors (eigh of their covariance, largest first).
            at::Tensor z = at::empty({std::int64_t(n), std::int64_t(d)}, at::kDouble);
            auto za = z.accessor<double, 2>();
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < d; ++j) za[i][j] = (vectors[i].second[j] - mean[j]) / std[j];
            const at::Tensor cov = at::matmul(z.t(), z) / double(n - 1);
            const auto [values, vecs] = at::linalg_eigh(cov);
            const std::size_t k = std::min({std::size_t(std::max(options.components, 1)), d, n - 1});
            double kept = 0.0;
            components.clear();
            for (std::size_t c = 0; c < k; ++c) {
                const std::int64_t col = std::int64_t(d - 1 - c);
                kept += std::max(values[col].item<double>(), 0.0);
                const at::Tensor v = vecs.select(1, col).contiguous();
                components.emplace_back(v.data_ptr<double>(), v.data_ptr<double>() + d);
            }
            // Unit scale: a typical image's feature vector has length about 1, whatever the backbone.
            scale = std::sqrt(std::max(kept, 1e-12));
        }
        dim = components.size() + 1;
        for (const auto& [id, v] : vectors) features[id] = featuresOf(v);
        Vector centre(dim, 0.0);
        for (const auto& [id, phi] : features)
            for (std::size_t i = 0; i < dim; ++i) centre[i] += phi[i] / double(features.size());
        spread = Matrix(dim);
        for (const auto& [id, phi] : features) {
            for (std::size_t i = 0; i < dim; ++i)
                for (std::size_t j = 0; j < dim; ++j) spread(i, j) += (phi[i] - centre[i]) * (phi[j] - centre[j]);
        }
    }

    // The prior over the head's weights, from the other people's own heads (a hierarchical model fitted once): their
    // mean and spread, or with a mixture prior their taste groups' means and the spread within the groups; a vague
    // prior when fewer than kMinPeopleForPrior people answered enough.
    void fitPrior(const std::vector<ImageAnswers>& others)
    {
        std::vector<Vector> heads;
        std::vector<AnswerStatistics> statistics;
        Matrix estimation(dim);  // the sum of the heads' (gram)^-1: their estimation covariance over the noise
        double residual = 0.0, freedom = 0.0;
        for (const auto& given : others) {
            if (given.size() < kMinAnswersForPrior) continue;
            AnswerStatistics st{Matrix(dim), Vector(dim, 0.0), 0.0, given.size()};
            for (const auto& [imageId, value] : given) {
                const Vector& phi = features.at(imageId);
                const double y = answerLogit(value);
                st.yy += y * y;
                for (std::size_t i = 0; i < dim; ++i) {
                    st.xty[i] += phi[i] * y;
                    for (std::size_t j = 0; j < dim; ++j) st.gram(i, j) += phi[i] * phi[j];
                }
            }
            Matrix gram = st.gram;
            for (std::size_t i = 0; i + 1 < dim; ++i) gram(i, i) += kRidge;
            gram(dim - 1, dim - 1) += 1e-6;  // the person's generosity is not shrunk
            const Matrix inverse = inverseSpd(gram);
            const Vector w = multiply(inverse, st.xty);
            // Residuals over the degrees of freedom the fit used (trace of the hat matrix).
            double hat = double(dim);
            for (std::size_t i = 0; i + 1 < dim; ++i) hat -= kRidge * inverse(i, i);
            for (const auto& [imageId, value] : given) {
                const double e = answerLogit(value) - dot(features.at(imageId), w);
                residual += e * e;
            }
            freedom += std::max(double(given.size()) - hat, 1.0);
            heads.push_back(w);
            statistics.push_back(std::move(st));
            for (std::size_t i = 0; i < dim * dim; ++i) estimation.a[i] += inverse.a[i];
        }
        priorPeople = heads.size();
        if (heads.size() < kMinPeopleForPrior) {
            Matrix priorCovariance(dim, kVagueWeightVariance);
            priorCovariance(dim - 1, dim - 1) = 1.0;
            setPrior(inverseSpd(priorCovariance), {Vector(dim, 0.0)}, {1.0});
            return;
        }
        noise = std::clamp(residual / freedom, 0.05, 4.0);
        if (options.prior == TastePrior::Gaussian) {
            setGroups(heads, std::vector<int>(heads.size(), 0), 1, estimation);
            return;
        }
        // Every number of groups that leaves at least kMinPeoplePerGroup in each: the one under which each other
        // person's answers are most likely given everyone else's heads.
        const int most = std::min(kMaxTasteGroups, int(heads.size() / kMinPeoplePerGroup));
        const std::vector<Vector> points = clusteringPoints(heads);
        int bestGroups = 1;
        std::vector<int> bestAssignment(heads.size(), 0);
        double bestScore = -std::numeric_limits<double>::infinity();
        for (int k = 1; k <= most; ++k) {
            if (options.groups > 0 && k != std::min(options.groups, most)) continue;
            const std::vector<int> assignment = k == 1 ? std::vector<int>(heads.size(), 0) : kMeans(points, k);
            std::vector<std::size_t> counts(std::size_t(k), 0);
            for (int g : assignment) ++counts[std::size_t(g)];
            if (k > 1 && *std::min_element(counts.begin(), counts.end()) < kMinPeoplePerGroup) continue;
            if (options.groups > 0) {
                bestGroups = k;
                bestAssignment = assignment;
                break;
            }
            setGroups(heads, assignment, k, estimation);
            const double score = leaveOneOutLikelihood(heads, statistics, assignment, counts);
            if (score > bestScore) {
                bestScore = score;
                bestGroups = k;
                bestAssignment = assignment;
            }
        }
        setGroups(heads, bestAssignment, bestGroups, estimation);
    }

    // Where k-means looks for the taste groups: each head as its scores of the library's images (the spread metric),
    // in the few directions in which the heads' scores differ most. The groups lie there; the many other directions
    // hold mostly each head's own estimation noise, which would swamp the distances.
    std::vector<Vector> clusteringPoints(const std::vector<Vector>& heads) const
    {
        const std::int64_t n = std::int64_t(heads.size()), d = std::int64_t(dim);
        Matrix metric = spread;
        for (auto& x : metric.a) x /= double(std::max<std::size_t>(features.size(), 1));
        const Matrix l = cholesky(metric);
        at::Tensor z = at::zeros({n, d}, at::kDouble);
        auto za = z.accessor<double, 2>();
        for (std::int64_t p = 0; p < n; ++p)
            for (std::int64_t j = 0; j < d; ++j)
                for (std::int64_t i = j; i < d; ++i)
                    za[p][j] += l(std::size_t(i), std::size_t(j)) * heads[std::size_t(p)][std::size_t(i)];
        z = z - z.mean(0, true);
        const auto [values, vectors] = at::linalg_eigh(at::matmul(z.t(), z));
        const std::int64_t keep = std::min<std::int64_t>(kClusteringDirections, d);
        const at::Tensor projected = at::matmul(z, vectors.narrow(1, d - keep, keep)).contiguous();
        std::vector<Vector> points(heads.size(), Vector(std::size_t(keep)));
        const auto pa = projected.accessor<double, 2>();
        for (std::int64_t p = 0; p < n; ++p)
            for (std::int64_t j = 0; j < keep; ++j) points[std::size_t(p)][std::size_t(j)] = pa[p][j];
        return points;
    }

    void setPrior(Matrix precision, const std::vector<Vector>& means, const std::vector<double>& weights)
    {
        priorPrecision = std::move(precision);
        priorShifts.clear();
        priorLogWeights.clear();
        for (std::size_t k = 0; k < means.size(); ++k) {
            priorShifts.push_back(multiply(priorPrecision, means[k]));
            priorLogWeights.push_back(std::log(weights[k]) - 0.5 * dot(means[k], priorShifts.back()));
        }
    }

    // The prior of `k` groups of heads: each group's mean and share of the people, and the spread of the heads
    // about their group's mean (times priorScale, with a floor).
    void setGroups(const std::vector<Vector>& heads, const std::vector<int>& group, int k, const Matrix& estimation)
    {
        std::vector<Vector> means(std::size_t(k), Vector(dim, 0.0));
        std::vector<double> shares(std::size_t(k), 0.0);
        for (std::size_t p = 0; p < heads.size(); ++p) shares[std::size_t(group[p])] += 1.0;
        for (std::size_t p = 0; p < heads.size(); ++p)
            for (std::size_t i = 0; i < dim; ++i)
                means[std::size_t(group[p])][i] += heads[p][i] / shares[std::size_t(group[p])];
        Matrix priorCovariance(dim);
        const double freedomLeft = double(heads.size()) - double(k);
        for (std::size_t p = 0; p < heads.size(); ++p) {
            const Vector& m = means[std::size_t(group[p])];
            for (std::size_t i = 0; i < dim; ++i)
                for (std::size_t j = 0; j < dim; ++j)
                    priorCovariance(i, j) += (heads[p][i] - m[i]) * (heads[p][j] - m[j]) / freedomLeft;
        }
        if (k > 1 && options.mixtureBlend > 0.0) {
            Vector centre(dim, 0.0);
            for (const auto& w : heads)
                for (std::size_t i = 0; i < dim; ++i) centre[i] += w[i] / double(heads.size());
            const double blend = std::min(options.mixtureBlend, 1.0);
            for (auto& x : priorCovariance.a) x *= 1.0 - blend;
            for (const auto& w : heads)
                for (std::size_t i = 0; i < dim; ++i)
                    for (std::size_t j = 0; j < dim; ++j)
                        priorCovariance(i, j) +=
                            blend * (w[i] - centre[i]) * (w[j] - centre[j]) / double(heads.size() - 1);
        }
        if (options.deflatePrior) deflate(priorCovariance, estimation, noise / double(heads.size()));
        double trace = 0.0;
        for (std::size_t i = 0; i < dim; ++i) trace += priorCovariance(i, i);
        // Fewer people than weights leave directions no one varied in; a little room there keeps the
        // prior proper and lets a person unlike everyone still be learnt, slowly.
        const double floor = 0.02 * trace / double(dim) + 1e-4;
        for (std::size_t i = 0; i < dim; ++i) priorCovariance(i, i) += floor;
        const double scale = options.prior == TastePrior::Mixture ? options.mixtureScale : options.priorScale;
        for (auto& x : priorCovariance.a) x *= scale;
        for (auto& w : shares) w /= double(heads.size());
        setPrior(inverseSpd(priorCovariance), means, shares);
    }

    // The summed log marginal likelihood of each other person's answers under the current prior, their own head
    // taken out of their group's mean and share (the spread within groups keeps it: a small optimism, alike for
    // every number of groups).
    double leaveOneOutLikelihood(const std::vector<Vector>& heads, const std::vector<AnswerStatistics>& statistics,
        const std::vector<int>& group, const std::vector<std::size_t>& counts) const
    {
        const double logDetPrecision = logDeterminant(cholesky(priorPrecision));
        const std::size_t k = counts.size();
        // The groups' means back from the prior's shifts: their sums over members.
        const Matrix priorCovariance = inverseSpd(priorPrecision);
        std::vector<Vector> sums(k);
        for (std::size_t g = 0; g < k; ++g) {
            sums[g] = multiply(priorCovariance, priorShifts[g]);
            for (auto& x : sums[g]) x *= double(counts[g]);
        }
        double total = 0.0;
        for (std::size_t p = 0; p < heads.size(); ++p) {
            const AnswerStatistics& st = statistics[p];
            Matrix posterior = priorPrecision;
            for (std::size_t i = 0; i < dim * dim; ++i) posterior.a[i] += st.gram.a[i] / noise;
            const Matrix l = cholesky(posterior);
            const double common =
                double(st.n) * std::log(2.0 * 3.141592653589793 * noise) - logDetPrecision + logDeterminant(l);
            std::vector<double> terms;
            for (std::size_t g = 0; g < k; ++g) {
                double count = double(counts[g]);
                Vector mean = sums[g];
                if (std::size_t(group[p]) == g) {
                    if (counts[g] < 2) continue;
                    for (std::size_t i = 0; i < dim; ++i) mean[i] -= heads[p][i];
                    count -= 1.0;
                }
                for (auto& x : mean) x /= count;
                const Vector shift = multiply(priorPrecision, mean);
                Vector h = shift;
                for (std::size_t i = 0; i < dim; ++i) h[i] += st.xty[i] / noise;
                const double quadratic = dot(mean, shift) + st.yy / noise - inverseQuadratic(l, h);
                terms.push_back(std::log(count / double(heads.size() - 1)) - 0.5 * (common + quadratic));
            }
            double top = -std::numeric_limits<double>::infinity();
            for (double t : terms) top = std::max(top, t);
            double sum = 0.0;
            for (double t : terms) sum += std::exp(t - top);
            total += top + std::log(sum);
        }
        return total;
    }

    // covariance -= factor * estimation, its eigenvalues kept at least a thousandth of the largest: the heads' spread
    // is partly their own estimation noise, but what is left must stay a proper covariance.
    static void deflate(Matrix& covariance, const Matrix& estimation, double factor)
    {
        const std::int64_t n = std::int64_t(covariance.n);
        at::Tensor before = at::from_blob(covariance.a.data(), {n, n}, at::kDouble).clone();
        at::Tensor noise = at::from_blob(const_cast<double*>(estimation.a.data()), {n, n}, at::kDouble).clone();
        at::Tensor after = before - factor * (noise + noise.t()) / 2.0;
        const auto [values, vectors] = at::linalg_eigh(after);
        const at::Tensor floor = at::linalg_eigvalsh(before).clamp_min(0.0).max() * 1e-3;
        const at::Tensor clipped = at::matmul(vectors * values.clamp_min(floor.item<double>()), vectors.t());
        const at::Tensor out = clipped.contiguous();
        std::copy(out.data_ptr<double>(), out.data_ptr<double>() + n * n, covariance.a.begin());
    }
};

PersonTasteModel::PersonTasteModel(Workspace& workspace, std::int64_t personId, TasteModelOptions options)
    : state_(std::make_unique<State>())
{
    State& s = *state_;
    s.workspace = &workspace;
    s.personId = personId;
    s.options = std::move(options);
    if (!(s.options.exploration >= 0.0 && s.options.exploration <= 1.0)) {
        throw std::invalid_argument(fmt::format("exploration must lie in 0..1, got {}", s.options.exploration));
    }
    storage::Database& db = workspace.database();
    if (!storage::PeopleStore(db).findById(personId)) {
        throw std::invalid_argument(fmt::format("no person with id {} in this workspace", personId));
    }
    EmbeddingOptions embedding;
    embedding.backbone = s.options.backbone;
    embedding.device = s.options.device;
    const EmbeddingReport encoded = encodeWorkspaceImages(workspace, embedding);
    s.backboneKey = encoded.backboneKey;
    storage::EmbeddingCache cache(db);
    std::vector<std::pair<std::int64_t, std::vector<float>>> vectors;
    for (const auto& image : storage::ImageStore(db).list()) {
        auto v = cache.get(image.sha256, s.backboneKey);
        // A vector with NaN or infinity (a feature that divides by a flat image's zero spread) would poison every
        // fit: such an image is treated as one without a vector.
        if (v && std::all_of(v->begin(), v->end(), [](float x) { return std::isfinite(x); }))
            vectors.emplace_back(image.id, std::move(*v));
    }
    s.fitFeatures(vectors);
    std::set<std::int64_t> excluded(s.options.priorExcluded.begin(), s.options.priorExcluded.end());
    excluded.insert(personId);
    storage::AnswerStore answers(db);
    std::vector<ImageAnswers> others;
    for (const auto& person : storage::PeopleStore(db).list()) {
        if (!excluded.count(person.id)) others.push_back(firstAnswers(answers, person.id, s.features));
    }
    s.fitPrior(others);
    refresh();
}

PersonTasteModel PersonTasteModel::fromAnswers(const std::vector<std::pair<std::int64_t, std::vector<float>>>& vectors,
    const std::vector<ImageAnswers>& others, TasteModelOptions options)
{
    PersonTasteModel m;
    State& s = *m.state_;
    s.options = std::move(options);
    s.fitFeatures(vectors);
    std::vector<ImageAnswers> known;
    for (const auto& given : others) known.push_back(s.known(given));
    s.fitPrior(known);
    s.update({});
    return m;
}

PersonTasteModel::PersonTasteModel()
    : state_(std::make_unique<State>())
{
}

void PersonTasteModel::setAnswers(const ImageAnswers& answers)
{
    state_->update(state_->known(answers));
}

PersonTasteModel::~PersonTasteModel() = default;
PersonTasteModel::PersonTasteModel(PersonTasteModel&&) noexcept = default;
PersonTasteModel& PersonTasteModel::operator=(PersonTasteModel&&) noexcept = default;

std::int64_t PersonTasteModel::personId() const
{
    return state_->personId;
}

void PersonTasteModel::attach(Workspace& workspace)
{
    state_->workspace = &workspace;
}

const TasteModelOptions& PersonTasteModel::options() const
{
    return state_->options;
}

double PersonTasteModel::refresh()
{
    const auto started = std::chrono::steady_clock::now();
    State& s = *state_;
    if (!s.workspace) throw std::logic_error("PersonTasteModel::refresh: a model built from answers has no workspace");
    storage::AnswerStore answers(s.workspace->database());
    s.update(firstAnswers(answers, s.personId, s.features));
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

// The posterior given the person's answers (first per image, each with a vector).
void PersonTasteModel::State::update(const ImageAnswers& given)
{
    State& s = *this;
    Matrix precision = s.priorPrecision;
    Vector evidence(s.dim, 0.0);  // X^T y over the noise
    for (const auto& [imageId, value] : given) {
        const Vector& phi = s.features.at(imageId);
        const double y = answerLogit(value) / s.noise;
        for (std::size_t i = 0; i < s.dim; ++i) {
            evidence[i] += phi[i] * y;
            for (std::size_t j = 0; j < s.dim; ++j) precision(i, j) += phi[i] * phi[j] / s.noise;
        }
    }
    s.covariance = inverseSpd(precision);
    // Each group's posterior mean, and its weight from its marginal likelihood of the answers: with the shared
    // covariance only  log w_k - mu_k^T P mu_k / 2 + h_k^T C h_k / 2  differs between groups (h_k = P mu_k + X^T y).
    const std::size_t groups = s.priorShifts.size();
    s.groupMeans.assign(groups, Vector());
    s.groupWeights.assign(groups, 0.0);
    std::vector<double> logWeights(groups);
    for (std::size_t k = 0; k < groups; ++k) {
        Vector h = s.priorShifts[k];
        for (std::size_t i = 0; i < s.dim; ++i) h[i] += evidence[i];
        s.groupMeans[k] = multiply(s.covariance, h);
        logWeights[k] = s.priorLogWeights[k] + 0.5 * dot(h, s.groupMeans[k]);
    }
    double top = -std::numeric_limits<double>::infinity();
    for (double w : logWeights) top = std::max(top, w);
    double sum = 0.0;
    for (std::size_t k = 0; k < groups; ++k) sum += s.groupWeights[k] = std::exp(logWeights[k] - top);
    s.weights.assign(s.dim, 0.0);
    for (std::size_t k = 0; k < groups; ++k) {
        s.groupWeights[k] /= sum;
        for (std::size_t i = 0; i < s.dim; ++i) s.weights[i] += s.groupWeights[k] * s.groupMeans[k][i];
    }
    s.answers = given.size();
}

std::vector<double> PersonTasteModel::groupWeights() const
{
    return state_->groupWeights;
}

std::size_t PersonTasteModel::answers() const
{
    return state_->answers;
}

std::size_t PersonTasteModel::priorPeople() const
{
    return state_->priorPeople;
}

bool PersonTasteModel::knows(std::int64_t imageId) const
{
    return state_->features.count(imageId) > 0;
}

std::vector<TastePrediction> PersonTasteModel::predict(const std::vector<std::int64_t>& imageIds) const
{
    const State& s = *state_;
    Vector prior(s.dim, 0.0);
    prior[s.dim - 1] = 1.0;
    std::vector<TastePrediction> out;
    out.reserve(imageIds.size());
    for (auto id : imageIds) {
        const auto it = s.features.find(id);
        out.push_back(s.predict(it == s.features.end() ? prior : it->second));
    }
    return out;
}

std::vector<TastePrediction> PersonTasteModel::predictImages(const std::vector<model::RgbImage>& images)
{
    State& s = *state_;
    if (!s.backbone) {
        s.device = model::resolveDevice(s.options.device);
        s.backbone = makeBackbone(s.options.backbone);
        s.backbone->to(s.device, at::kFloat);
    }
    at::NoGradGuard noGrad;
    std::vector<TastePrediction> out;
    for (const auto& image : images) {
        // As loadImageForEncoding prepares files, so that a render and its stored PNG get the same vector.
        const at::Tensor pixels = at::upsample_bilinear2d(model::imageToTensor(image).unsqueeze(0), {224, 224}, false);
        const at::Tensor v =
            s.backbone->encodeImages(pixels.to(s.device)).squeeze(0).to(at::kCPU, at::kFloat).contiguous();
        out.push_back(
            s.predict(s.featuresOf(std::vector<float>(v.data_ptr<float>(), v.data_ptr<float>() + v.numel()))));
    }
    return out;
}

std::vector<std::int64_t> PersonTasteModel::choose(
    const std::vector<std::int64_t>& candidates, QuestionStrategy strategy, int count, std::uint64_t seed) const
{
    const State& s = *state_;
    const std::size_t want = std::min<std::size_t>(std::size_t(std::max(count, 0)), candidates.size());
    if (strategy == QuestionStrategy::Unrated) return {candidates.begin(), candidates.begin() + std::ptrdiff_t(want)};
    std::mt19937_64 random(seed);
    // Seeded Fisher-Yates with a plain modulo: the same order on every standard library.
    auto shuffled = [&](std::vector<std::int64_t> ids) {
        for (std::size_t i = ids.size(); i > 1; --i) std::swap(ids[i - 1], ids[random() % i]);
        return ids;
    };
    if (strategy == QuestionStrategy::Random) {
        auto order = shuffled(candidates);
        order.resize(want);
        return order;
    }
    std::vector<std::int64_t> pool;
    for (auto id : shuffled(candidates)) {
        if (s.features.count(id)) pool.push_back(id);
    }
    if (pool.size() > kMaxScoredCandidates) pool.resize(kMaxScoredCandidates);
    const std::size_t references = std::min(pool.size(), kMaxReferenceImages);
    Matrix covariance = s.covariance;
    // The groups' mean scores of the reference images, their products summed over the references (B_kl) and the
    // between-group variance of the references' scores now.
    const std::size_t groups = s.groupMeans.size();
    std::vector<std::vector<double>> groupScores(references, std::vector<double>(groups, 0.0));
    std::vector<double> products(groups * groups, 0.0);
    double betweenNow = 0.0;
    for (std::size_t j = 0; j < references; ++j) {
        double mean = 0.0;
        for (std::size_t k = 0; k < groups; ++k) {
            groupScores[j][k] = dot(s.features.at(pool[j]), s.groupMeans[k]);
            mean += s.groupWeights[k] * groupScores[j][k];
        }
        for (std::size_t k = 0; k < groups; ++k) {
            betweenNow += s.groupWeights[k] * (groupScores[j][k] - mean) * (groupScores[j][k] - mean);
            for (std::size_t l = 0; l < groups; ++l) products[k * groups + l] += groupScores[j][k] * groupScores[j][l];
        }
    }
    // E_y of the summed between-group variance after an answer y to x: sum_k w'_k D_kk - sum_kl w'_k w'_l D_kl with
    // D_kl = sum_j d_jk d_jl, d_jk = b_jk + c_j e_k, e_k = (y - a_k) / s2.
    auto expectedBetween = [&](const Vector& phi, double s2, double cc, const std::vector<double>& cb) {
        std::vector<double> a(groups), e(groups), w(groups);
        for (std::size_t k = 0; k < groups; ++k) a[k] = dot(phi, s.groupMeans[k]);
        const double sd = std::sqrt(s2);
        double expected = 0.0;
        for (std::size_t from = 0; from < groups; ++from) {
            for (std::size_t q = 0; q < 5; ++q) {
                const double y = a[from] + sd * kHermiteNodes[q];
                double top = -std::numeric_limits<double>::infinity();
                for (std::size_t k = 0; k < groups; ++k) {
                    e[k] = (y - a[k]) / s2;
                    w[k] = std::log(std::max(s.groupWeights[k], 1e-300)) - 0.5 * (y - a[k]) * (y - a[k]) / s2;
                    top = std::max(top, w[k]);
                }
                double sum = 0.0;
                for (auto& x : w) sum += x = std::exp(x - top);
                for (auto& x : w) x /= sum;
                double between = 0.0;
                for (std::size_t k = 0; k < groups; ++k) {
                    for (std::size_t l = 0; l < groups; ++l) {
                        const double d = products[k * groups + l] + e[l] * cb[k] + e[k] * cb[l] + e[k] * e[l] * cc;
                        between += (k == l ? w[k] * d : 0.0) - w[k] * w[l] * d;
                    }
                }
                expected += s.groupWeights[from] * kHermiteWeights[q] * between;
            }
        }
        return expected;
    };
    std::vector<std::int64_t> picked;
    std::set<std::int64_t> taken;
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    while (picked.size() < want) {
        std::int64_t pick = -1;
        const bool explore = uniform(random) < s.options.exploration
            && s.answers + picked.size() >= std::size_t(std::max(s.options.explorationAfter, 0));
        if (explore || pool.empty()) {
            // Exploration, and images without a vector: uniformly among what is left.
            std::vector<std::int64_t> left;
            for (auto id : candidates)
                if (!taken.count(id)) left.push_back(id);
            if (left.empty()) break;
            pick = left[random() % left.size()];
        } else {
            // Expected reduction of the summed posterior variance over the reference images when x is answered.
            // Within the groups, whatever the answer: sum_j cov(f_j, f_x)^2 / (noise + var(f_x)). Between them:
            // the answer y moves group k's score of image j by c_j (y - a_k) / s2 (c_j = cov(f_j, f_x), a_k group
            // k's mean of f_x, s2 = noise + var(f_x)) and reweighs the groups by N(y; a_k, s2); the between-group
            // variance left is averaged over y's mixture predictive by Gauss-Hermite quadrature.
            std::vector<Vector> projected(pool.size());
            for (std::size_t i = 0; i < pool.size(); ++i) projected[i] = multiply(covariance, s.features.at(pool[i]));
            double best = -std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i < pool.size(); ++i) {
                if (taken.count(pool[i])) continue;
                const Vector& phi = s.features.at(pool[i]);
                const double variance = dot(projected[i], phi);
                const double s2 = s.noise + variance;
                double gain = 0.0;
                if (s.options.rankingCriterion) {
                    // sum_j (cov(f_j - mean f, f_x))^2 over every image with a vector = v^T spread v.
                    gain = dot(projected[i], multiply(s.spread, projected[i])) / s2;
                } else {
                    double cc = 0.0;
                    std::vector<double> cb(groups, 0.0);
                    for (std::size_t j = 0; j < references; ++j) {
                        const double c = dot(projected[i], s.features.at(pool[j]));
                        cc += c * c;
                        for (std::size_t k = 0; k < groups; ++k) cb[k] += c * groupScores[j][k];
                    }
                    gain = cc / s2;
                    if (groups > 1) gain += betweenNow - expectedBetween(phi, s2, cc, cb);
                }
                if (gain > best) {
                    best = gain;
                    pick = pool[i];
                }
            }
            if (pick < 0) break;
        }
        picked.push_back(pick);
        taken.insert(pick);
        // The posterior after an answer to `pick` has this covariance whatever the answer: the next pick of the
        // same batch already counts on it.
        if (const auto it = s.features.find(pick); it != s.features.end()) {
            const Vector sx = multiply(covariance, it->second);
            const double denominator = s.noise + dot(sx, it->second);
            for (std::size_t i = 0; i < s.dim; ++i)
                for (std::size_t j = 0; j < s.dim; ++j) covariance(i, j) -= sx[i] * sx[j] / denominator;
        }
    }
    return picked;
}

std::vector<CandidatePick> pickBestOf(const std::vector<TastePrediction>& candidates, int keep, bool explore)
{
    if (keep < 1) throw std::invalid_argument(fmt::format("best-of-N must keep at least one image, not {}", keep));
    std::vector<std::size_t> order(candidates.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(),
        [&](std::size_t a, std::size_t b) { return candidates[a].score > candidates[b].score; });
    std::vector<CandidatePick> picks;
    for (std::size_t i = 0; i < order.size() && picks.size() < std::size_t(keep); ++i) {
        picks.push_back({order[i], candidates[order[i]], false});
    }
    if (explore && order.size() > picks.size()) {
        std::size_t doubt = order[picks.size()];
        for (std::size_t i = picks.size(); i < order.size(); ++i) {
            if (candidates[order[i]].uncertainty > candidates[doubt].uncertainty) doubt = order[i];
        }
        picks.push_back({doubt, candidates[doubt], true});
    }
    return picks;
}

}  // namespace tastelab::services
