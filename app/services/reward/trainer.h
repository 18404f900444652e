// Training the personal reward model on a workspace's answers (cached backbone vectors, or the backbone's last blocks
// fine-tuned with it) and saving the checkpoint. Shared by `tastelab-cli train` and the GUI's training panel. No Qt.
#pragma once

#include "app/services/reward/splits.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace tastelab::services {

class Workspace;

// Each loss can be switched off (the ablation trains one model per switch).
struct LossSwitches {
    bool regression = true;  // squared error on slider values
    bool ratingPairs = true;  // Bradley-Terry on pairs of the same person's slider ratings
    bool choices = true;  // Bradley-Terry on pairwise choices
    bool base = true;  // like/dislike cross-entropy (like = above the person's own median)
    bool contrastive = true;  // L+ and L- on like/dislike pairs
};

// One report of long reward work (training, or the evaluation protocol). The work runs in phases; `phase` names the
// current one and `overallFraction` never goes back. The ETA comes from the real elapsed time of the whole work
// against the overall fraction, so it cannot reach "done" before the work does.
struct TrainingProgress {
    // "preparing", "training", "saving"; the evaluation adds "population" (its population model), "seen" (seen
    // people on new images), "sweep" (held-out people at one N_ref: see nRef) and "ablation" (see ablationVariant).
    std::string phase;
    int phaseIndex = 0;  // 0-based among phaseCount
    int phaseCount = 0;
    double phaseFraction = 0;  // 0..1 within the phase
    double overallFraction = 0;  // 0..1 of the whole work, monotonic
    int nRef = 0;  // the sweep's N_ref
    std::string ablationVariant;  // the ablation's variant, "without regression", ...
    int epoch = 0;  // 1-based; 0 while preparing
    int epochs = 0;
    double trainLoss = std::numeric_limits<double>::quiet_NaN();
    double validationLoss = std::numeric_limits<double>::quiet_NaN();
    double validationAccuracy = std::numeric_limits<double>::quiet_NaN();  // liked vs disliked
    double elapsedSeconds = 0;  // since the work started
    double etaSeconds = -1;  // negative while unknown
};

struct TrainOptions {
    std::string backbone = "look";  // as for embeddings; vectors missing from the cache are computed first
    std::string device = "auto";
    int epochs = 60;
    int patience = 8;  // epochs without a better validation loss before stopping
    int hidden = 32;  // small: the demo's ~10,000 answers overfit a wider network within a few epochs
    int prototypes = 10;
    double dropout = 0.1;
    double learningRate = 1e-3;
    double weightDecay = 1e-2;
    LossSwitches losses;
    SplitOptions split;
    // Fine-tune the backbone's last blocks with the model (CLIP): -1 = 2 blocks when training on a GPU with a
    // backbone that has blocks, else none; 0 = never; N = N blocks (slow without a GPU). Images are then
    // encoded from their pixels at every step, and the tuned blocks are saved in the checkpoint.
    int fineTuneBlocks = -1;
    bool personalized = true;  // false: the population model (the same network without the person)
    bool save = true;  // write the checkpoint and its database record
    std::function<void(const TrainingProgress&)> onProgress;
    const std::atomic<bool>* cancel = nullptr;
};

struct TrainReport {
    std::filesystem::path checkpoint;  // empty when not saved (cancelled, or save == false)
    std::int64_t checkpointId = 0;
    std::vector<TrainingProgress> curve;  // one entry per finished epoch
    int bestEpoch = 0;
    double seconds = 0;
    std::string device;  // where it trained: "cpu", "cuda:0"
    bool cancelled = false;
    int trainPeople = 0;
    int trainImages = 0;
    int trainRatings = 0;
    int trainChoices = 0;
    std::vector<std::string> heldOutPeople;
    int heldOutImages = 0;
};

// Throws std::runtime_error with a clear message when there is nothing to train on, or when the
// loss stops being finite (the previous checkpoint stays as it was).
TrainReport trainRewardModel(Workspace& workspace, const TrainOptions& options);

}  // namespace tastelab::services
