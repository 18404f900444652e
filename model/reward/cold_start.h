// The cold start for a new person: a Bayesian linear posterior in answer space over the people the model knows. Each
// known person's predicted scores on every image form a row; a new person is the mean row plus a combination of the
// rows' principal directions, with the known people's spread as the prior and the answer noise measured on their own
// answers. Every answer narrows the posterior, so the prediction keeps improving with N_ref until it can tell any
// known taste apart, and with no answer it is the population's mean. Plain C++ over a matrix the caller fills.
#pragma once

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

}  // namespace tastelab::model
