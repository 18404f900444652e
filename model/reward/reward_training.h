// Training the reward model on cached backbone vectors, and representing people at prediction time.
// Batches are grouped by person: each person in a batch brings target answers and a disjoint,
// randomly sized reference set (so that the in-context encoder learns from 1 to N_ref answers).
#pragma once

#include "model/reward/reward_model.h"

#include <ATen/core/Tensor.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace tastelab::model {

class TrainingError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The training set: vectors per image, answers by index. People are 0..people-1 (their embeddings).
struct PreferenceData {
    at::Tensor images;  // [I, imageDim] float32
    at::Tensor prompts;  // [I, textDim] float32 (undefined without prompts)
    struct Rating {
        int person = 0;
        int image = 0;
        float value = 0;  // 0..1
    };
    struct Choice {
        int person = 0;
        int winner = 0;  // image indices
        int loser = 0;
    };
    std::vector<Rating> ratings;
    std::vector<Choice> choices;  // ties left out
    int people = 0;
};

// One person's answers at evaluation time: references that represent them, targets to predict.
struct Episode {
    int person = -1;  // embedding index for a seen person, -1 for someone the model has not seen
    std::vector<int> referenceImages;
    std::vector<float> referenceValues;
    std::vector<int> images;
    std::vector<float> values;
};

struct LossWeights {
    double regression = 1.0;
    double ratingPairs = 1.0;
    double choices = 1.0;
    double base = 1.0;
    double contrastive = 1.0;
};

struct EpochReport {
    int epoch = 0;
    double trainLoss = 0;
    double validationLoss = std::numeric_limits<double>::quiet_NaN();
    double validationAccuracy = std::numeric_limits<double>::quiet_NaN();
    double seconds = 0;  // since training started
};

// Fine-tuning the backbone's last blocks: the vectors of image rows are computed by `encode`, with
// gradients reaching `parameters`, instead of being read from PreferenceData::images.
struct ImageEncoder {
    std::function<at::Tensor(const at::Tensor& rows)> encode;  // [n] int64 rows -> [n, imageDim]
    std::vector<at::Tensor> parameters;
    double learningRateScale = 0.1;  // the backbone moves slower than the head
    int batchSize = 32;  // when every image is re-encoded after an epoch
};

struct TrainingConfig {
    int epochs = 60;
    int patience = 8;
    double learningRate = 2e-3;
    double weightDecay = 1e-2;
    LossWeights losses;
    int peoplePerBatch = 16;
    int targetsPerPerson = 16;
    int maxReferences = 16;
    double embeddingProbability = 0.5;  // per person and step: learned embedding, else in-context
    double personDropout = 0.05;  // per person and step: the population vector instead
    double pairMargin = 0.05;  // rating pairs closer than this are not used for Bradley-Terry
    std::uint64_t seed = 1;
    std::function<void(const EpochReport&)> onEpoch;
    const std::atomic<bool>* cancel = nullptr;
    const ImageEncoder* encoder = nullptr;  // fine-tune the backbone through it (slow without a GPU)
};

struct TrainingResult {
    std::vector<EpochReport> epochs;
    int bestEpoch = 0;  // the model holds this epoch's weights
    bool cancelled = false;
    at::Tensor images;  // the image vectors the model ends with (re-encoded when the backbone was tuned)
};

// The optimisation behind trainRewardModel, one step at a time, so that a step can be tested alone. Construction
// validates the data (TrainingError as trainRewardModel), standardises the model's image inputs with the statistics
// of the trained images, seeds the sampling with config.seed and makes the AdamW optimizer over the model's (and the
// encoder's) parameters. `model`, `data` and `config` must outlive it.
class RewardTrainingSteps {
public:
    RewardTrainingSteps(RewardModel& model, const PreferenceData& data, const TrainingConfig& config);
    ~RewardTrainingSteps();
    RewardTrainingSteps(const RewardTrainingSteps&) = delete;
    RewardTrainingSteps& operator=(const RewardTrainingSteps&) = delete;

    // About one pass over the answers: (ratings + choices / 2) / (peoplePerBatch * targetsPerPerson), at least 1.
    int stepsPerEpoch() const;
    // Samples a batch (people with their targets and references, and choices), computes the weighted loss in the mode
    // the model is in (trainRewardModel sets training mode for each epoch) and takes one AdamW step with the gradient
    // norm clipped to 5. Returns the loss before the step; a loss that is not finite is returned with no weight
    // changed. Throws TrainingError when every loss is switched off or none applies to the data.
    double step();
    // The image vectors [images, imageDim] on the model's device: the data's, or the tuned backbone's after reencode().
    const at::Tensor& images() const;
    const at::Tensor& prompts() const;  // undefined when the model takes no prompts
    // Every image through the tuned backbone again; nothing without TrainingConfig::encoder.
    void reencode();

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Trains `model` in place (on its device) and leaves it in eval mode with the best validation epoch's
// weights. `validation` episodes (people and images kept out of `data`) drive early stopping; without
// any, the last epoch is kept. Also sets the image statistics and the known-people profiles. Throws
// TrainingError when the loss stops being finite, naming the epoch and step; the model then holds
// the best weights so far and nothing has been written.
TrainingResult trainRewardModel(RewardModel& model, const PreferenceData& data, const std::vector<Episode>& validation,
    const TrainingConfig& config);

enum class PersonMode {
    Embedding,  // the learned embedding (seen people)
    InContext,  // the in-context encoder over the episode's references
    Neighbours,  // k-NN over known people's profiles (K = 5, temperature 0.1)
    MixtureFit,  // prototype mixture weights fitted to the references, the shared model frozen
    Population,  // no person
};

std::string_view toString(PersonMode mode);

// The person vector [hidden] for an episode. `images`/`prompts` are the vectors the episode indexes.
at::Tensor representPerson(const RewardModel& model, const at::Tensor& images, const at::Tensor& prompts,
    const Episode& episode, PersonMode mode);

// Predicted scores (0..1) and like probabilities for the episode's targets.
struct Predictions {
    std::vector<double> scores;
    std::vector<double> likes;
};
Predictions predictEpisode(const RewardModel& model, const at::Tensor& images, const at::Tensor& prompts,
    const Episode& episode, PersonMode mode);

// Fits mixture weights over the prototypes to a person's references (Adam, the shared model frozen),
// starting from the in-context encoder's weights. Returns the person vector [hidden].
at::Tensor fitMixture(const RewardModel& model, const at::Tensor& referenceImages, const at::Tensor& referencePrompts,
    const at::Tensor& referenceValues, int steps = 60);

}  // namespace tastelab::model
