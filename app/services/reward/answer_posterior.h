// The cold starts measured by the evaluation (model/reward/cold_start.h): the answer-space posterior over the people
// the personal model was trained on, and the mixture fit plus a residual posterior over the standardised image
// vectors; and artist mode's linear taste model (active_questions.h) with the prior from the trained people. Internal
// to app/services/reward/*.cpp.
#pragma once

#include "app/services/active_questions.h"
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

// Artist mode's model of one person (a Bayesian linear head over the image vectors in logit space, its prior from
// other people's heads) with the prior from the split's trained people and their answers on the trained images only,
// so that neither the held-out people nor the held-out images shape it. Nothing without two such people.
std::optional<PersonTasteModel> makeLinearTaste(const Answers& a, const Split& split, TasteModelOptions options);

// The person's answers on the episode's references, and the model's scores (0..1) of the episode's targets.
std::vector<double> predictLinearTaste(PersonTasteModel& model, const model::Episode& episode);

}  // namespace tastelab::services::reward_internal
