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

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
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

// The inverse of a symmetric positive definite matrix through its Cholesky factor; a little jitter is added when
// rounding made it indefinite (a prior from few people is close to singular).
Matrix inverseSpd(const Matrix& m)
{
    const std::size_t n = m.n;
    for (double jitter = 0.0; jitter < 1.0; jitter = jitter == 0.0 ? 1e-9 : jitter * 100.0) {
        Matrix l(n);
        bool ok = true;
        for (std::size_t j = 0; j < n && ok; ++j) {
            double d = m(j, j) + jitter;
            for (std::size_t k = 0; k < j; ++k) d -= l(j, k) * l(j, k);
            if (!(d > 0.0)) {
                ok = false;
                break;
            }
            l(j, j) = std::sqrt(d);
            for (std::size_t i = j + 1; i < n; ++i) {
                double s = m(i, j);
                for (std::size_t k = 0; k < j; ++k) s -= l(i, k) * l(j, k);
                l(i, j) = s / l(j, j);
            }
        }
        if (!ok) continue;
        // inverse(L) by forward substitution, then inverse(A) = inverse(L)^T inverse(L).
        Matrix li(n);
        for (std::size_t i = 0; i < n; ++i) {
            li(i, i) = 1.0 / l(i, i);
            for (std::size_t j = 0; j < i; ++j) {
                double s = 0.0;
                for (std::size_t k = j; k < i; ++k) s += l(i, k) * li(k, j);
                li(i, j) = -s / l(i, i);
            }
        }
        Matrix inv(n);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j <= i; ++j) {
                double s = 0.0;
                for (std::size_t k = i; k < n; ++k) s += li(k, i) * li(k, j);
                inv(i, j) = inv(j, i) = s;
            }
        }
        return inv;
    }
    throw std::runtime_error("the taste model's covariance is not positive definite");
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
std::vector<std::pair<std::int64_t, double>> firstAnswers(
    storage::AnswerStore& answers, std::int64_t personId, const std::map<std::int64_t, Vector>& features)
{
    std::vector<std::pair<std::int64_t, double>> out;
    std::set<std::int64_t> seen;
    for (const auto& r : answers.ratingsOf(personId)) {
        if (r.isCatch || r.isRepeat || !features.count(r.imageId) || !seen.insert(r.imageId).second) continue;
        out.emplace_back(r.imageId, r.value);
    }
    return out;
}

constexpr double kDefaultNoise = 0.5;  // logit-scale answer noise variance when no one else has answered
constexpr double kVagueWeightVariance = 4.0;
constexpr double kRidge = 0.1;  // each other person's own head, in the unit-scale feature space
constexpr std::size_t kMinAnswersForPrior = 10;
constexpr std::size_t kMinPeopleForPrior = 3;
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
    // Prior and posterior.
    Matrix priorPrecision;
    Vector priorShift;  // priorPrecision * prior mean
    double noise = kDefaultNoise;
    std::size_t priorPeople = 0;
    Matrix covariance;
    Vector weights;
    std::size_t answers = 0;

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
        p.score = sigmoid(dot(phi, weights));
        p.uncertainty = std::sqrt(std::max(0.0, dot(phi, multiply(covariance, phi))));
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

    // The prior over the head's weights: the mean and spread of the other people's own heads (a hierarchical model
    // fitted once), or a vague one when fewer than kMinPeopleForPrior people answered enough.
    void fitPrior()
    {
        storage::Database& db = workspace->database();
        storage::AnswerStore answers(db);
        std::set<std::int64_t> excluded(options.priorExcluded.begin(), options.priorExcluded.end());
        excluded.insert(personId);
        std::vector<Vector> heads;
        Matrix estimation(dim);  // the sum of the heads' (gram)^-1: their estimation covariance over the noise
        double residual = 0.0, freedom = 0.0;
        for (const auto& person : storage::PeopleStore(db).list()) {
            if (excluded.count(person.id)) continue;
            const auto given = firstAnswers(answers, person.id, features);
            if (given.size() < kMinAnswersForPrior) continue;
            Matrix gram(dim, kRidge);
            gram(dim - 1, dim - 1) = 1e-6;  // the person's generosity is not shrunk
            Vector rhs(dim, 0.0);
            for (const auto& [imageId, value] : given) {
                const Vector& phi = features.at(imageId);
                const double y = answerLogit(value);
                for (std::size_t i = 0; i < dim; ++i) {
                    rhs[i] += phi[i] * y;
                    for (std::size_t j = 0; j < dim; ++j) gram(i, j) += phi[i] * phi[j];
                }
            }
            const Matrix inverse = inverseSpd(gram);
            const Vector w = multiply(inverse, rhs);
            // Residuals over the degrees of freedom the fit used (trace of the hat matrix).
            double hat = double(dim);
            for (std::size_t i = 0; i + 1 < dim; ++i) hat -= kRidge * inverse(i, i);
            for (const auto& [imageId, value] : given) {
                const double e = answerLogit(value) - dot(features.at(imageId), w);
                residual += e * e;
            }
            freedom += std::max(double(given.size()) - hat, 1.0);
            heads.push_back(w);
            for (std::size_t i = 0; i < dim * dim; ++i) estimation.a[i] += inverse.a[i];
        }
        priorPeople = heads.size();
        Matrix priorCovariance(dim, kVagueWeightVariance);
        priorCovariance(dim - 1, dim - 1) = 1.0;
        Vector priorMean(dim, 0.0);
        if (heads.size() >= kMinPeopleForPrior) {
            noise = std::clamp(residual / freedom, 0.05, 4.0);
            for (const auto& w : heads)
                for (std::size_t i = 0; i < dim; ++i) priorMean[i] += w[i] / double(heads.size());
            priorCovariance = Matrix(dim);
            double trace = 0.0;
            for (const auto& w : heads) {
                for (std::size_t i = 0; i < dim; ++i)
                    for (std::size_t j = 0; j < dim; ++j)
                        priorCovariance(i, j) +=
                            (w[i] - priorMean[i]) * (w[j] - priorMean[j]) / double(heads.size() - 1);
            }
            if (options.deflatePrior) deflate(priorCovariance, estimation, noise / double(heads.size()));
            for (std::size_t i = 0; i < dim; ++i) trace += priorCovariance(i, i);
            // Fewer people than weights leave directions no one varied in; a little room there keeps the
            // prior proper and lets a person unlike everyone still be learnt, slowly.
            const double floor = 0.02 * trace / double(dim) + 1e-4;
            for (std::size_t i = 0; i < dim; ++i) priorCovariance(i, i) += floor;
        }
        if (heads.size() >= kMinPeopleForPrior)
            for (auto& x : priorCovariance.a) x *= options.priorScale;
        priorPrecision = inverseSpd(priorCovariance);
        priorShift = multiply(priorPrecision, priorMean);
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
    s.fitPrior();
    refresh();
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
    storage::AnswerStore answers(s.workspace->database());
    const auto given = firstAnswers(answers, s.personId, s.features);
    Matrix precision = s.priorPrecision;
    Vector shift = s.priorShift;
    for (const auto& [imageId, value] : given) {
        const Vector& phi = s.features.at(imageId);
        const double y = answerLogit(value) / s.noise;
        for (std::size_t i = 0; i < s.dim; ++i) {
            shift[i] += phi[i] * y;
            for (std::size_t j = 0; j < s.dim; ++j) precision(i, j) += phi[i] * phi[j] / s.noise;
        }
    }
    s.covariance = inverseSpd(precision);
    s.weights = multiply(s.covariance, shift);
    s.answers = given.size();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
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
            // Expected reduction of the summed posterior variance over the reference images when x is answered:
            // sum_j cov(f_j, f_x)^2 / (noise + var(f_x)).
            std::vector<Vector> projected(pool.size());
            for (std::size_t i = 0; i < pool.size(); ++i) projected[i] = multiply(covariance, s.features.at(pool[i]));
            double best = -1.0;
            for (std::size_t i = 0; i < pool.size(); ++i) {
                if (taken.count(pool[i])) continue;
                const double variance = dot(projected[i], s.features.at(pool[i]));
                double gain = 0.0;
                if (s.options.rankingCriterion) {
                    // sum_j (cov(f_j - mean f, f_x))^2 over every image with a vector = v^T spread v.
                    gain = dot(projected[i], multiply(s.spread, projected[i]));
                } else {
                    for (std::size_t j = 0; j < references; ++j) {
                        const double c = dot(projected[i], s.features.at(pool[j]));
                        gain += c * c;
                    }
                }
                gain /= s.noise + variance;
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
