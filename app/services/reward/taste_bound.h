// The best prediction any method could make of a new person's answers on a demo world: the images' true attributes
// as features, the population's taste structure known from the trained agents (a Gaussian mixture, one component
// per taste group) and the exact Bayesian posterior of the person's taste from their reference answers. The slider
// answer is sigmoid(utility + Gaussian noise), so in logit space the answer model is exactly linear-Gaussian and the
// posterior and each component's marginal likelihood are closed-form. No Qt, no ATen.
#pragma once

#include <vector>

namespace tastelab::services {

// One component of the prior over a person's taste theta = [bias, w_1, ..., w_d].
struct TasteComponent {
    double share = 1;  // prior probability of the component
    std::vector<double> mean;  // d + 1 values: bias first
    std::vector<double> covariance;  // (d + 1) x (d + 1), row-major
};

// A person whose true taste is known (a trained agent of the demo).
struct KnownTaste {
    int group = 0;
    double bias = 0;
    std::vector<double> weights;
};

// The population prior from known people: one component per group with its members' share and mean weights; the
// weights' covariance is the within-group covariance pooled over all groups (the groups are too small to estimate
// their own), shrunk towards a multiple of the identity by Ledoit and Wolf's rule, widened by the uncertainty of the
// group's mean; the bias is independent of the weights, with the known people's mean and variance. Empty when there
// are too few people to estimate a spread (fewer than groups + 1). Throws std::invalid_argument when the weight
// vectors differ in length.
std::vector<TasteComponent> tastePrior(const std::vector<KnownTaste>& people);

// Posterior mean utility bias + w . x of each target (x: the target's features, already centred), given the
// reference answers in logit space with Gaussian noise of standard deviation noiseSigma: per component the exact
// posterior, weighted by the component's share times its marginal likelihood of the answers. Throws
// std::invalid_argument on mismatched sizes or a non-positive noise.
std::vector<double> posteriorMeanUtilities(const std::vector<TasteComponent>& prior, double noiseSigma,
    const std::vector<std::vector<double>>& referenceFeatures, const std::vector<double>& referenceLogits,
    const std::vector<std::vector<double>>& targetFeatures);

}  // namespace tastelab::services
