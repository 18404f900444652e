// The cold start for a new person: a Bayesian linear posterior in answer space over the people the model knows. Each
// known person's predicted scores on every image form a row; a new person is the mean row plus a combination of the
// rows' principal directions, with the known people's spread as the prior and the answer noise measured on their own
// answers. Every answer narrows the posterior, so the prediction keeps improving with N_ref until it can tell any
// known taste apart, and with no answer it is the population's mean. Plain C++ over a matrix the caller fills.
//
// The residual posterior is the hierarchical cold start: a prior prediction (the prototype mixture fitted to the
// answers) plus a per-person linear residual over image features, with a Gaussian prior whose covariance and noise
// are estimated from the known people's own residuals (empirical Bayes by EM). With few answers the posterior stays
// near the prior prediction; with more it follows the person in directions the prototypes cannot express.
#pragma once

#include <functional>
#include <vector>

namespace tastelab::model {

struct AnswerPosteriorConfig {
    int maxRank = 16;  // principal directions kept (at most known people - 1)
    double biasPrior = 0.05;  // prior standard deviation of a person's overall offset, on the 0..1 scale
    double minNoise = 0.02;  // floor of the answer noise's standard deviation
};

class AnswerSpacePosterior {
public:
    // scores: [people][images] predicted scores (0..1) of the known people; noise: the standard deviation of their
    // answers around those scores. Throws std::invalid_argument for fewer than two people or ragged rows.
    AnswerSpacePosterior(
        const std::vector<std::vector<double>>& scores, double noise, AnswerPosteriorConfig config = {});

    // The posterior mean of the person's scores on `targets`, given their answers on `references` (image indices).
    std::vector<double> predict(
        const std::vector<int>& references, const std::vector<float>& values, const std::vector<int>& targets) const;
    int rank() const { return rank_; }
    double noise() const { return noise_; }

private:
    int images_ = 0;
    int rank_ = 0;
    double noise_ = 0;
    AnswerPosteriorConfig config_;
    std::vector<double> mean_;  // [images]
    std::vector<double> basis_;  // [images x rank]: principal directions scaled so that known people have unit prior
};

struct ResidualPosteriorConfig {
    int iterations = 25;  // EM steps for the prior covariance and the noise
    double floor = 0.02;  // share of the prior's mean variance added to every direction, so none is ruled out
    double minNoise = 0.02;  // floor of the residual noise's standard deviation
};

// One known person's residuals: their answers minus the prior prediction, on the images they answered.
struct KnownResiduals {
    std::vector<int> images;
    std::vector<double> residuals;
};

class ResidualPosterior {
public:
    // features: [images][dims] (standardised); known: at least two people with answers. Throws
    // std::invalid_argument for ragged features, unknown images or mismatched residuals.
    ResidualPosterior(const std::vector<std::vector<double>>& features, const std::vector<KnownResiduals>& known,
        ResidualPosteriorConfig config = {});

    // The posterior mean of the person's residual on `targets`, given their residuals on `references`.
    std::vector<double> predict(const std::vector<int>& references, const std::vector<double>& residuals,
        const std::vector<int>& targets) const;

    // The prior fit to the answers plus the residual posterior. fitPrior(values) fits the prior to `values` on the
    // references and returns its scores on the references, then on the targets. After the first fit, `backfits`
    // times, the prior is fitted again to the answers less the residual, so that the residual's part is not forced
    // onto the prior's directions when answers are few (backfitting).
    struct Fit {
        std::vector<double> prior;  // the first prior fit's scores on the targets (the prior alone)
        std::vector<double> scores;  // the hierarchical prediction on the targets
    };
    using PriorFit = std::function<std::vector<double>(const std::vector<double>& values)>;
    Fit predictWithPrior(const PriorFit& fitPrior, const std::vector<int>& references,
        const std::vector<double>& values, const std::vector<int>& targets, int backfits = 1) const;
    int dims() const { return dims_; }
    double noise() const { return noise_; }
    double priorVariance() const { return priorVariance_; }  // mean prior variance per feature direction

private:
    int images_ = 0;
    int dims_ = 0;
    double noise_ = 0;
    double priorVariance_ = 0;
    std::vector<double> features_;  // [images x dims]
    std::vector<double> priorPrecision_;  // [dims x dims]: the inverse of the estimated prior covariance
};

}  // namespace tastelab::model
