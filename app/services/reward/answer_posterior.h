// The cold starts measured by the evaluation (model/reward/cold_start.h): the answer-space posterior over the people
// the personal model was trained on, and the mixture fit plus a residual posterior over the standardised image
// vectors. Internal to app/services/reward/*.cpp.
#pragma once

#include "app/services/reward/answers.h"
#include "app/services/reward/splits.h"
#include "model/reward/cold_start.h"
#include "model/reward/reward_model.h"
#include "model/reward/reward_training.h"

#include <ATen/core/Tensor.h>

#include <optional>
#include <vector>

namespace tastelab::services::reward_internal {

// Scores every image for each trained person through their learned embedding (embeddingOf: per Answers::people,
// -1 for people the model has not seen); the noise is their answers' spread around those scores on the trained
// images. Nothing when fewer than two people were trained or the model is not personalized.
std::optional<model::AnswerSpacePosterior> makeAnswerPosterior(const Answers& a, const Split& split,
    const model::RewardModel& model, const at::Tensor& images, const at::Tensor& prompts,
    const std::vector<int>& embeddingOf);

// The residual posterior over the leading principal components of the model's standardised image vectors, its prior
// estimated from each trained person's answers on the trained images minus the mixture fitted to all of those answers.
// Nothing when fewer than two people were trained or the model is not personalized.
std::optional<model::ResidualPosterior> makeResidualPosterior(const Answers& a, const Split& split,
    const model::RewardModel& model, const at::Tensor& images, const at::Tensor& prompts);

// The mixture fit plus the residual posterior: the mixture's scores on the episode's targets (mixtureScores), and
// the hierarchical prediction (scores): the residual over the mixture, with the mixture fitted once more to the
// answers less the residual (ResidualPosterior::predictWithPrior). Without a residual posterior both are the mixture.
struct MixtureWithResidual {
    std::vector<double> mixtureScores;
    std::vector<double> scores;
};
MixtureWithResidual predictMixtureWithResidual(const model::RewardModel& model, const at::Tensor& images,
    const at::Tensor& prompts, const model::Episode& episode, const model::ResidualPosterior* residual);

}  // namespace tastelab::services::reward_internal
