// One reward model trained on a split of a workspace's answers: what `train` saves and `eval` measures (with its
// population model and ablation variants). Internal to app/services/reward/*.cpp: it brings ATen.
#pragma once

#include "app/services/reward/answers.h"
#include "app/services/reward/splits.h"
#include "app/services/reward/trainer.h"
#include "model/backbones/backbone.h"
#include "model/reward/reward_model.h"
#include "model/reward/reward_training.h"

#include <c10/core/Device.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::services::reward_internal {

using Clock = std::chrono::steady_clock;

struct Trained {
    std::unique_ptr<model::RewardModel> model;
    model::TrainingResult result;
    std::vector<int> embeddingOf;  // per Answers::people: embedding index or -1
    std::vector<std::string> trainPeople;
    model::PreferenceData data;
    std::unique_ptr<model::Backbone> backbone;  // when its last blocks were fine-tuned
    std::vector<std::pair<std::string, at::Tensor>> tunedTail;
    int tunedBlocks = 0;
    at::Tensor images;  // the image vectors the model ends with, on the device
};

// Trains on the split's training people and images (validation episodes from its validation part), fine-tuning the
// backbone's last blocks where the options ask for it. Throws std::runtime_error when no answers are left to train
// on, or with the training's message when the loss stops being finite.
Trained trainOn(const Answers& a, const Split& split, const TrainOptions& options, c10::Device device,
    const std::function<void(const model::EpochReport&)>& onEpoch);

// Each finished epoch as TrainingProgress: kept in `curve` and passed to the caller's onProgress.
std::function<void(const model::EpochReport&)> progressReporter(
    const TrainOptions& options, Clock::time_point started, std::vector<TrainingProgress>& curve);

}  // namespace tastelab::services::reward_internal
