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

// The phases of long reward work and their share of it. Reports each phase's progress as TrainingProgress with the
// overall fraction (monotonic) and an ETA from the real elapsed time: the current phase's own rate for what is left
// of it, and the seconds the finished phases took per share for the phases still to come. Shares are relative costs
// measured on the demo workspaces (one training = 1); they shape the bar, never what is computed.
class PhaseTracker {
public:
    struct Phase {
        std::string name;  // TrainingProgress::phase
        double share = 1;
    };

    PhaseTracker(
        std::vector<Phase> phases, std::function<void(const TrainingProgress&)> sink, Clock::time_point started);

    // The index of the first phase with this name; -1 when none.
    int find(const std::string& name) const;
    // `fraction` (0..1) of phase `index` is done. `detail` supplies the epoch and losses; the tracker fills in the
    // phase, the fractions, the times and the ETA. Does nothing without a sink or for index < 0.
    void report(int index, double fraction, TrainingProgress detail = {});
    // The epochs of a training inside phase `index`: epoch / epochs of it is done; also kept in `curve` when given.
    std::function<void(const model::EpochReport&)> epochReporter(
        int index, int epochs, std::vector<TrainingProgress>* curve);
    double overall() const { return overall_; }

private:
    std::vector<Phase> phases_;
    std::function<void(const TrainingProgress&)> sink_;
    Clock::time_point started_;
    double total_ = 0;
    double overall_ = 0;
    int current_ = -1;  // the phase reported last
    Clock::time_point phaseStarted_;
    double finishedSeconds_ = 0;  // time spent in the phases before the current one
    double finishedShares_ = 0;  // and their shares
};

// The phases of the evaluation protocol: preparing, training (the personal model), population, seen, one "sweep" per
// N_ref (the held-out people represented from that many answers) and, when asked, one "ablation" phase per trained
// variant.
std::vector<PhaseTracker::Phase> evaluationPhases(int nRefCount, int ablationVariants);

// Trains on the split's training people and images (validation episodes from its validation part), fine-tuning the
// backbone's last blocks where the options ask for it. Throws std::runtime_error when no answers are left to train
// on, or with the training's message when the loss stops being finite.
Trained trainOn(const Answers& a, const Split& split, const TrainOptions& options, c10::Device device,
    const std::function<void(const model::EpochReport&)>& onEpoch);

}  // namespace tastelab::services::reward_internal
