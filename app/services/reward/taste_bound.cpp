// The Bayes bound on a new person's answers: the population prior from known tastes, and the exact posterior of a
// linear-Gaussian answer model in its n x n (observation) form, which needs no inverse of the prior covariance.
#include "app/services/reward/taste_bound.h"

#include "util/dense_cholesky.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace tastelab::services {

std::vector<TasteComponent> tastePrior(const std::vector<KnownTaste>& people)
{
    if (people.empty()) return {};
    const std::size_t d = people.front().weights.size();
    std::map<int, std::vector<const KnownTaste*>> groups;
    for (const auto& person : people) {
        if (person.weights.size() != d) throw std::invalid_argument("taste prior: the known weight vectors differ");
        groups[person.group].push_back(&person);
    }
    const double n = double(people.size());
    if (people.size() < groups.size() + 1) return {};

    std::map<int, std::vector<double>> means;
    for (const auto& [group, members] : groups) {
        std::vector<double> mean(d, 0.0);
        for (const auto* m : members) {
            for (std::size_t i = 0; i < d; ++i) mean[i] += m->weights[i] / double(members.size());
        }
        means[group] = mean;
    }
    // Ledoit-Wolf shrinkage of the pooled within-group covariance towards mu I.
    std::vector<std::vector<double>> deviations;
    std::vector<double> s(d * d, 0.0);
    for (const auto& person : people) {
        std::vector<double> z(d);
        for (std::size_t i = 0; i < d; ++i) z[i] = person.weights[i] - means[person.group][i];
        for (std::size_t i = 0; i < d; ++i) {
            for (std::size_t j = 0; j < d; ++j) s[i * d + j] += z[i] * z[j] / n;
        }
        deviations.push_back(std::move(z));
    }
    double mu = 0;
    for (std::size_t i = 0; i < d; ++i) mu += s[i * d + i] / double(d);
    double spread = 0;  // || S - mu I ||^2
    for (std::size_t i = 0; i < d; ++i) {
        for (std::size_t j = 0; j < d; ++j) spread += std::pow(s[i * d + j] - (i == j ? mu : 0.0), 2);
    }
    double sampling = 0;  // (1 / n^2) sum_k || z_k z_k^T - S ||^2
    for (const auto& z : deviations) {
        for (std::size_t i = 0; i < d; ++i) {
            for (std::size_t j = 0; j < d; ++j) sampling += std::pow(z[i] * z[j] - s[i * d + j], 2) / (n * n);
        }
    }
    const double shrinkage = spread > 0 ? std::min(sampling, spread) / spread : 1.0;
    const double dof = n / (n - double(groups.size()));  // deviations from estimated group means
    std::vector<double> within(d * d);
    for (std::size_t i = 0; i < d; ++i) {
        for (std::size_t j = 0; j < d; ++j)
            within[i * d + j] = dof * ((1 - shrinkage) * s[i * d + j] + (i == j ? shrinkage * mu : 0.0));
    }

    double biasMean = 0, biasVariance = 0;
    for (const auto& person : people) biasMean += person.bias / n;
    for (const auto& person : people) biasVariance += std::pow(person.bias - biasMean, 2) / std::max(1.0, n - 1);
    biasVariance = std::max(biasVariance, 1e-9);

    std::vector<TasteComponent> prior;
    for (const auto& [group, members] : groups) {
        const double size = double(members.size());
        TasteComponent c;
        c.share = size / n;
        c.mean.push_back(biasMean);
        c.mean.insert(c.mean.end(), means[group].begin(), means[group].end());
        const std::size_t D = d + 1;
        c.covariance.assign(D * D, 0.0);
        // A new member's deviation plus the uncertainty of the estimated mean.
        c.covariance[0] = biasVariance * (1 + 1 / n);
        for (std::size_t i = 0; i < d; ++i) {
            for (std::size_t j = 0; j < d; ++j) c.covariance[(i + 1) * D + j + 1] = within[i * d + j] * (1 + 1 / size);
        }
        prior.push_back(std::move(c));
    }
    return prior;
}

std::vector<double> posteriorMeanUtilities(const std::vector<TasteComponent>& prior, double noiseSigma,
    const std::vector<std::vector<double>>& referenceFeatures, const std::vector<double>& referenceLogits,
    const std::vector<std::vector<double>>& targetFeatures)
{
    if (prior.empty()) throw std::invalid_argument("taste bound: the prior has no component");
    if (!(noiseSigma > 0)) throw std::invalid_argument("taste bound: the answer noise must be positive");
    if (referenceFeatures.size() != referenceLogits.size())
        throw std::invalid_argument("taste bound: one answer per reference image is needed");
    const std::size_t D = prior.front().mean.size(), n = referenceFeatures.size();
    auto design = [&](const std::vector<double>& x) {
        if (x.size() + 1 != D) throw std::invalid_argument("taste bound: a feature vector has the wrong length");
        std::vector<double> phi{1.0};
        phi.insert(phi.end(), x.begin(), x.end());
        return phi;
    };
    std::vector<std::vector<double>> phi;
    for (const auto& x : referenceFeatures) phi.push_back(design(x));

    std::vector<double> logWeight, thetaMean(D, 0.0);
    std::vector<std::vector<double>> thetas;
    for (const auto& c : prior) {
        if (c.mean.size() != D || c.covariance.size() != D * D)
            throw std::invalid_argument("taste bound: the prior's components differ in size");
        // A = S Phi^T (D x n), C = Phi S Phi^T + sigma^2 I (n x n).
        std::vector<double> a(D * n, 0.0), cov(n * n, 0.0), residual(n);
        for (std::size_t i = 0; i < D; ++i) {
            for (std::size_t k = 0; k < n; ++k) {
                for (std::size_t j = 0; j < D; ++j) a[i * n + k] += c.covariance[i * D + j] * phi[k][j];
            }
        }
        for (std::size_t k = 0; k < n; ++k) {
            for (std::size_t l = 0; l < n; ++l) {
                for (std::size_t i = 0; i < D; ++i) cov[k * n + l] += phi[k][i] * a[i * n + l];
            }
            cov[k * n + k] += noiseSigma * noiseSigma;
            double predicted = 0;
            for (std::size_t i = 0; i < D; ++i) predicted += phi[k][i] * c.mean[i];
            residual[k] = referenceLogits[k] - predicted;
        }
        if (!util::choleskyInPlace(cov, n))
            throw std::runtime_error("taste bound: the answers' covariance is not positive definite");
        const std::vector<double> alpha = util::choleskySolve(cov, n, residual);
        double logLikelihood = -0.5 * double(n) * std::log(2 * 3.14159265358979323846);
        for (std::size_t k = 0; k < n; ++k) logLikelihood -= 0.5 * residual[k] * alpha[k] + std::log(cov[k * n + k]);
        logWeight.push_back(std::log(c.share) + logLikelihood);
        std::vector<double> theta = c.mean;
        for (std::size_t i = 0; i < D; ++i) {
            for (std::size_t k = 0; k < n; ++k) theta[i] += a[i * n + k] * alpha[k];
        }
        thetas.push_back(std::move(theta));
    }
    double top = -std::numeric_limits<double>::infinity();
    for (double w : logWeight) top = std::max(top, w);
    double total = 0;
    for (double& w : logWeight) total += (w = std::exp(w - top));
    for (std::size_t g = 0; g < prior.size(); ++g) {
        for (std::size_t i = 0; i < D; ++i) thetaMean[i] += logWeight[g] / total * thetas[g][i];
    }
    std::vector<double> utilities;
    for (const auto& x : targetFeatures) {
        const auto p = design(x);
        double u = 0;
        for (std::size_t i = 0; i < D; ++i) u += p[i] * thetaMean[i];
        utilities.push_back(u);
    }
    return utilities;
}

}  // namespace tastelab::services
