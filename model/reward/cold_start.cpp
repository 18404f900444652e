// Principal directions of the known people's scores (eigenvectors of the small people-by-people Gram matrix, by
// Jacobi rotations) and the conjugate Gaussian update of a new person's coefficients.
#include "model/reward/cold_start.h"

#include "model/reward/collaborative_filtering.h"
#include "util/dense_cholesky.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace tastelab::model {
namespace {

// Eigen-decomposition of a symmetric matrix [n x n] by cyclic Jacobi; returns eigenvalues, vectors in columns.
void symmetricEigen(std::vector<double> a, int n, std::vector<double>& values, std::vector<double>& vectors)
{
    vectors.assign(std::size_t(n) * std::size_t(n), 0.0);
    for (int i = 0; i < n; ++i) vectors[std::size_t(i * n + i)] = 1.0;
    auto at = [&](std::vector<double>& m, int r, int c) -> double& { return m[std::size_t(r * n + c)]; };
    for (int sweep = 0; sweep < 60; ++sweep) {
        double off = 0;
        for (int p = 0; p < n; ++p)
            for (int q = p + 1; q < n; ++q) off += at(a, p, q) * at(a, p, q);
        if (off < 1e-22) break;
        for (int p = 0; p < n; ++p) {
            for (int q = p + 1; q < n; ++q) {
                const double apq = at(a, p, q);
                if (std::abs(apq) < 1e-300) continue;
                const double theta = (at(a, q, q) - at(a, p, p)) / (2.0 * apq);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
                const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
                for (int k = 0; k < n; ++k) {
                    const double akp = at(a, k, p), akq = at(a, k, q);
                    at(a, k, p) = c * akp - s * akq;
                    at(a, k, q) = s * akp + c * akq;
                }
                for (int k = 0; k < n; ++k) {
                    const double apk = at(a, p, k), aqk = at(a, q, k);
                    at(a, p, k) = c * apk - s * aqk;
                    at(a, q, k) = s * apk + c * aqk;
                }
                for (int k = 0; k < n; ++k) {
                    const double vkp = at(vectors, k, p), vkq = at(vectors, k, q);
                    at(vectors, k, p) = c * vkp - s * vkq;
                    at(vectors, k, q) = s * vkp + c * vkq;
                }
            }
        }
    }
    values.resize(std::size_t(n));
    for (int i = 0; i < n; ++i) values[std::size_t(i)] = at(a, i, i);
}

// The inverse of a symmetric positive definite matrix [n x n] by Cholesky; a tiny pivot floor guards rounding only.
std::vector<double> invertSpd(std::vector<double> a, int n)
{
    const auto N = std::size_t(n);
    util::choleskyInPlaceFloored(a, N, 1e-300);
    return util::inverseFromCholesky(a, N);
}

}  // namespace

AnswerSpacePosterior::AnswerSpacePosterior(
    const std::vector<std::vector<double>>& scores, double noise, AnswerPosteriorConfig config)
    : config_(config)
{
    const int people = int(scores.size());
    if (people < 2) throw std::invalid_argument("the answer-space posterior needs at least two known people");
    images_ = int(scores[0].size());
    for (const auto& row : scores) {
        if (int(row.size()) != images_) {
            throw std::invalid_argument(
                fmt::format("known people's scores must all cover {} images, one covers {}", images_, row.size()));
        }
    }
    noise_ = std::max(config.minNoise, std::isfinite(noise) ? noise : config.minNoise);
    mean_.assign(std::size_t(images_), 0.0);
    for (const auto& row : scores)
        for (int i = 0; i < images_; ++i) mean_[std::size_t(i)] += row[std::size_t(i)] / people;
    // Gram matrix of the centred rows: its eigenvectors give the principal directions over images as C^T u / sigma.
    std::vector<double> gram(std::size_t(people) * std::size_t(people), 0.0);
    for (int a = 0; a < people; ++a) {
        for (int b = a; b < people; ++b) {
            double g = 0;
            for (int i = 0; i < images_; ++i)
                g += (scores[std::size_t(a)][std::size_t(i)] - mean_[std::size_t(i)])
                    * (scores[std::size_t(b)][std::size_t(i)] - mean_[std::size_t(i)]);
            gram[std::size_t(a * people + b)] = gram[std::size_t(b * people + a)] = g;
        }
    }
    std::vector<double> values, vectors;
    symmetricEigen(gram, people, values, vectors);
    std::vector<int> order(static_cast<std::size_t>(people));
    std::iota(order.begin(), order.end(), 0);
    std::sort(
        order.begin(), order.end(), [&](int x, int y) { return values[std::size_t(x)] > values[std::size_t(y)]; });
    const double largest = std::max(values[std::size_t(order[0])], 1e-12);
    std::vector<int> kept;
    for (int k : order) {
        if (int(kept.size()) >= std::min(config.maxRank, people - 1)) break;
        if (values[std::size_t(k)] > 1e-6 * largest) kept.push_back(k);
    }
    rank_ = int(kept.size());
    // A known person's centred row = sum_k (u_jk sqrt(people)) * (C^T u_k / sqrt(people)): coefficients with unit
    // variance over the known people, so the prior N(0, I) is their spread.
    basis_.assign(std::size_t(images_) * std::size_t(rank_), 0.0);
    for (int r = 0; r < rank_; ++r) {
        const int k = kept[std::size_t(r)];
        for (int j = 0; j < people; ++j) {
            const double u = vectors[std::size_t(j * people + k)] / std::sqrt(double(people));
            for (int i = 0; i < images_; ++i)
                basis_[std::size_t(i) * std::size_t(rank_) + std::size_t(r)] +=
                    u * (scores[std::size_t(j)][std::size_t(i)] - mean_[std::size_t(i)]);
        }
    }
}

std::vector<double> AnswerSpacePosterior::predict(
    const std::vector<int>& references, const std::vector<float>& values, const std::vector<int>& targets) const
{
    if (references.size() != values.size()) throw std::invalid_argument("one value per reference image");
    auto check = [&](int image) {
        if (image < 0 || image >= images_)
            throw std::invalid_argument(fmt::format("image {} is outside the {} known images", image, images_));
    };
    const std::size_t D = std::size_t(rank_) + 1;
    std::vector<double> a(D * D, 0.0), b(D, 0.0);
    const double precision = 1.0 / (noise_ * noise_);
    for (std::size_t n = 0; n < references.size(); ++n) {
        check(references[n]);
        std::vector<double> x(1, 1.0);  // the bias, then the directions
        for (std::size_t k = 0; k < std::size_t(rank_); ++k)
            x.push_back(basis_[std::size_t(references[n]) * std::size_t(rank_) + k]);
        const double target = double(values[n]) - mean_[std::size_t(references[n])];
        for (std::size_t i = 0; i < D; ++i) {
            b[i] += precision * x[i] * target;
            for (std::size_t j = 0; j < D; ++j) a[i * D + j] += precision * x[i] * x[j];
        }
    }
    std::vector<double> prior(D, 1.0);
    prior[0] = 1.0 / (config_.biasPrior * config_.biasPrior);
    const auto posterior = solveRidge(std::move(a), std::move(b), prior);
    std::vector<double> out;
    out.reserve(targets.size());
    for (int image : targets) {
        check(image);
        double p = mean_[std::size_t(image)] + posterior[0];
        for (std::size_t k = 0; k < std::size_t(rank_); ++k)
            p += posterior[k + 1] * basis_[std::size_t(image) * std::size_t(rank_) + k];
        out.push_back(p);
    }
    return out;
}

ResidualPosterior::ResidualPosterior(const std::vector<std::vector<double>>& features,
    const std::vector<KnownResiduals>& known, ResidualPosteriorConfig config)
{
    images_ = int(features.size());
    if (images_ == 0) throw std::invalid_argument("the residual posterior needs image features");
    dims_ = int(features[0].size());
    if (dims_ == 0) throw std::invalid_argument("the residual posterior needs at least one feature");
    for (const auto& row : features) {
        if (int(row.size()) != dims_) {
            throw std::invalid_argument(
                fmt::format("image features must all have {} values, one has {}", dims_, row.size()));
        }
        features_.insert(features_.end(), row.begin(), row.end());
    }
    const auto D = std::size_t(dims_);
    // Per known person: Phi^T Phi, Phi^T r and r^T r, all the EM steps need.
    struct Person {
        std::vector<double> gram, moment;
        double squares = 0;
        std::size_t answers = 0;
    };
    std::vector<Person> people;
    double squares = 0;
    std::size_t answers = 0;
    for (const auto& k : known) {
        if (k.images.size() != k.residuals.size()) throw std::invalid_argument("one residual per known image");
        if (k.images.empty()) continue;
        Person person{std::vector<double>(D * D, 0.0), std::vector<double>(D, 0.0)};
        for (std::size_t n = 0; n < k.images.size(); ++n) {
            const int image = k.images[n];
            if (image < 0 || image >= images_)
                throw std::invalid_argument(fmt::format("image {} is outside the {} known images", image, images_));
            const double* x = &features_[std::size_t(image) * D];
            for (std::size_t i = 0; i < D; ++i) {
                person.moment[i] += x[i] * k.residuals[n];
                for (std::size_t j = 0; j < D; ++j) person.gram[i * D + j] += x[i] * x[j];
            }
            person.squares += k.residuals[n] * k.residuals[n];
        }
        person.answers = k.images.size();
        squares += person.squares;
        answers += person.answers;
        people.push_back(std::move(person));
    }
    if (people.size() < 2) throw std::invalid_argument("the residual posterior needs at least two known people");
    // Start from an isotropic prior that would explain half the residual variance, and refine by EM: the prior
    // covariance becomes the people's mean posterior second moment, the noise their mean expected squared error.
    double featureVariance = 0;
    for (const auto& person : people)
        for (std::size_t i = 0; i < D; ++i) featureVariance += person.gram[i * D + i];
    featureVariance /= double(answers);
    const double residualVariance = squares / double(answers);
    double noiseVariance = std::max(config.minNoise * config.minNoise, 0.5 * residualVariance);
    std::vector<double> prior(D * D, 0.0);
    for (std::size_t i = 0; i < D; ++i)
        prior[i * D + i] = std::max(1e-9, 0.5 * residualVariance / std::max(featureVariance, 1e-12));
    for (int iteration = 0; iteration < config.iterations; ++iteration) {
        const std::vector<double> priorInverse = invertSpd(prior, dims_);
        std::vector<double> second(D * D, 0.0);
        double expectedSquares = 0;
        for (const auto& person : people) {
            std::vector<double> precision = priorInverse;
            for (std::size_t i = 0; i < D * D; ++i) precision[i] += person.gram[i] / noiseVariance;
            const std::vector<double> covariance = invertSpd(precision, dims_);
            std::vector<double> mean(D, 0.0);
            for (std::size_t i = 0; i < D; ++i)
                for (std::size_t j = 0; j < D; ++j) mean[i] += covariance[i * D + j] * person.moment[j] / noiseVariance;
            // E||r - Phi w||^2 = r^T r - 2 m^T Phi^T r + tr(Phi^T Phi (C + m m^T)).
            double e = person.squares;
            for (std::size_t i = 0; i < D; ++i) {
                e -= 2 * mean[i] * person.moment[i];
                for (std::size_t j = 0; j < D; ++j) {
                    const double moment = covariance[i * D + j] + mean[i] * mean[j];
                    e += person.gram[i * D + j] * moment;
                    second[i * D + j] += moment / double(people.size());
                }
            }
            expectedSquares += e;
        }
        double trace = 0;
        for (std::size_t i = 0; i < D; ++i) trace += second[i * D + i];
        for (std::size_t i = 0; i < D; ++i) second[i * D + i] += config.floor * std::max(trace / double(D), 1e-12);
        prior = std::move(second);
        noiseVariance = std::max(config.minNoise * config.minNoise, expectedSquares / double(answers));
    }
    noise_ = std::sqrt(noiseVariance);
    double trace = 0;
    for (std::size_t i = 0; i < D; ++i) trace += prior[i * D + i];
    priorVariance_ = trace / double(D);
    priorPrecision_ = invertSpd(prior, dims_);
}

std::vector<double> ResidualPosterior::predict(
    const std::vector<int>& references, const std::vector<double>& residuals, const std::vector<int>& targets) const
{
    if (references.size() != residuals.size()) throw std::invalid_argument("one residual per reference image");
    auto check = [&](int image) {
        if (image < 0 || image >= images_)
            throw std::invalid_argument(fmt::format("image {} is outside the {} known images", image, images_));
    };
    const auto D = std::size_t(dims_);
    const double precision = 1.0 / (noise_ * noise_);
    std::vector<double> a = priorPrecision_, b(D, 0.0);
    for (std::size_t n = 0; n < references.size(); ++n) {
        check(references[n]);
        const double* x = &features_[std::size_t(references[n]) * D];
        for (std::size_t i = 0; i < D; ++i) {
            b[i] += precision * x[i] * residuals[n];
            for (std::size_t j = 0; j < D; ++j) a[i * D + j] += precision * x[i] * x[j];
        }
    }
    const auto weights = solveRidge(std::move(a), std::move(b), std::vector<double>(D, 0.0));
    std::vector<double> out;
    out.reserve(targets.size());
    for (int image : targets) {
        check(image);
        const double* x = &features_[std::size_t(image) * D];
        double r = 0;
        for (std::size_t i = 0; i < D; ++i) r += weights[i] * x[i];
        out.push_back(r);
    }
    return out;
}

ResidualPosterior::Fit ResidualPosterior::predictWithPrior(const PriorFit& fitPrior, const std::vector<int>& references,
    const std::vector<double>& values, const std::vector<int>& targets, int backfits) const
{
    if (references.size() != values.size()) throw std::invalid_argument("one value per reference image");
    const std::size_t refs = references.size();
    auto fitted = [&](const std::vector<double>& to) {
        auto scores = fitPrior(to);
        if (scores.size() != refs + targets.size()) {
            throw std::invalid_argument(fmt::format("the prior fit returned {} scores for {} references and {} targets",
                scores.size(), refs, targets.size()));
        }
        return scores;
    };
    std::vector<double> scores = fitted(values);
    Fit fit;
    fit.prior.assign(scores.begin() + std::ptrdiff_t(refs), scores.end());
    std::vector<double> residuals(refs);
    for (int round = 0;; ++round) {
        for (std::size_t i = 0; i < refs; ++i) residuals[i] = values[i] - scores[i];
        if (round >= backfits || refs == 0) break;
        const auto atReferences = predict(references, residuals, references);
        std::vector<double> adjusted(refs);
        for (std::size_t i = 0; i < refs; ++i) adjusted[i] = values[i] - atReferences[i];
        scores = fitted(adjusted);
    }
    const auto correction = predict(references, residuals, targets);
    fit.scores.assign(scores.begin() + std::ptrdiff_t(refs), scores.end());
    for (std::size_t i = 0; i < fit.scores.size(); ++i) fit.scores[i] += correction[i];
    return fit;
}

}  // namespace tastelab::model
