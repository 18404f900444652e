// The cold start measured by the evaluation: the answer-space posterior (model/reward/cold_start.h) over the people
// the personal model was trained on. Internal to app/services/reward/*.cpp.
#pragma once

#include "app/services/reward/answers.h"
#include "app/services/reward/splits.h"
#include "model/reward/cold_start.h"
#include "model/reward/reward_model.h"

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

}  // namespace tastelab::services::reward_internal
