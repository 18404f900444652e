// The personal preference (reward) model: how much one person will like an image, from the
// backbone's image vector, the prompt vector and a representation of the person. The person is a
// learned embedding (people seen in training), an in-context encoding of their reference answers
// (attention over learnable preference prototypes), or, for a new person, a blend of the nearest
// known people or prototype mixture weights fitted to a few answers with the shared model frozen.
// Outputs: a score on the 0..1 slider scale and like/dislike logits (M+, M-).
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace tastelab::model {

class CheckpointError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct RewardModelConfig {
    std::string backbone;  // the backbone's cache key; a checkpoint for another backbone is refused
    int imageDim = 0;
    int textDim = 0;  // 0: no prompt input
    int hidden = 128;  // width of the item tower and of person vectors
    int prototypes = 10;  // learnable preference prototypes
    int people = 0;  // learned person embeddings (people seen in training)
    bool personalized = true;  // false: the population model, the same network without the person
    double dropout = 0.1;
};

// A batch of reference sets, padded to the longest: [B, N, ...] with a mask of the real entries.
struct ReferenceBatch {
    at::Tensor images;  // [B, N, imageDim]
    at::Tensor prompts;  // [B, N, textDim] (undefined when textDim == 0)
    at::Tensor values;  // [B, N] slider values 0..1
    at::Tensor mask;  // [B, N] bool
    at::Tensor items;  // [B, N, hidden]: the item tower's vectors when already computed (images/prompts unused)
};

struct PreferenceOutput {
    at::Tensor scoreLogit;  // sigmoid(scoreLogit) is the predicted slider value
    at::Tensor likeLogit;  // M+
    at::Tensor dislikeLogit;  // M-
    at::Tensor score() const;  // 0..1
    at::Tensor like() const;  // Q = softmax(M+, M-)[0]
};

// The in-context encoding of reference sets.
struct ContextEncoding {
    at::Tensor query;  // [B, hidden] summary of the references
    at::Tensor mixtureLogits;  // [B, prototypes] attention over the prototypes
    at::Tensor person;  // [B, hidden]
};

class RewardModel {
public:
    static constexpr int kFormatVersion = 1;
    static constexpr const char* kFormatName = "tastelab-reward-model";

    // Parameters are initialised from the seed.
    explicit RewardModel(RewardModelConfig config, std::uint64_t seed = 1);
    ~RewardModel();
    RewardModel(RewardModel&&) noexcept;
    RewardModel& operator=(RewardModel&&) noexcept;

    const RewardModelConfig& config() const;
    c10::Device device() const;
    void to(c10::Device device);
    void train(bool on);
    std::vector<at::Tensor> parameters() const;
    // Named parameters and buffers, as written to checkpoints.
    std::vector<std::pair<std::string, at::Tensor>> namedTensors() const;
    // Copies values into this model's tensors (same names and shapes), e.g. to restore the best epoch.
    void loadNamedTensors(const std::vector<std::pair<std::string, at::Tensor>>& tensors);

    // Standardisation of the image vectors, fitted on the training images once.
    void setImageStatistics(const at::Tensor& mean, const at::Tensor& std);
    at::Tensor normalizeImages(const at::Tensor& images) const;

    // [..., imageDim], [..., textDim] -> [..., hidden]
    at::Tensor encodeItems(const at::Tensor& images, const at::Tensor& prompts) const;
    // The item vectors of rows[i] of [U, imageDim] distinct images: the costly first layer runs once per distinct
    // image, dropout and the rest per row (as encodeItems(images[rows], prompts[rows]) does). rows: [N] -> [N, hidden].
    at::Tensor encodeItemRows(const at::Tensor& images, const at::Tensor& prompts, const at::Tensor& rows) const;
    // [B] person indices -> [B, hidden]
    at::Tensor personEmbedding(const at::Tensor& personIndex) const;
    at::Tensor populationVector() const;  // [hidden]
    ContextEncoding encodeReferences(const ReferenceBatch& references) const;
    // A person from mixture weights over the prototypes and a reference summary (query).
    at::Tensor personFromMixture(const at::Tensor& mixtureLogits, const at::Tensor& query) const;
    // items [..., hidden], person broadcastable to it.
    PreferenceOutput head(const at::Tensor& items, const at::Tensor& person) const;

    // k-NN cold start: each known person's rating-weighted profile in the normalised image space
    // ([people, imageDim], L2-normalised rows), kept with the checkpoint.
    void setKnownProfiles(const at::Tensor& profiles);
    bool hasKnownProfiles() const;
    // Softmax(cosine / temperature) over the k most similar known people, applied to their embeddings.
    at::Tensor personFromNeighbours(const at::Tensor& profile, int k = 5, double temperature = 0.1) const;

    // Writes the tensors and metadata (format, version, config, and `extra`) to a safetensors file,
    // atomically. Keys in `extra` must not clash with the config keys.
    // `backboneTensors` (a fine-tuned backbone's tail) are stored beside, under "backbone." + their name.
    void save(const std::filesystem::path& file, const std::map<std::string, std::string>& extra = {},
        const std::vector<std::pair<std::string, at::Tensor>>& backboneTensors = {}) const;
    // Reads a checkpoint; throws CheckpointError naming the file and what is wrong (not a reward model,
    // a newer format, another backbone than `expectedBackbone` when it is not empty, missing or
    // mis-shaped tensors). Tuned backbone tensors come back in `backboneTensors` (names without the prefix).
    static RewardModel load(const std::filesystem::path& file, const std::string& expectedBackbone = {},
        std::map<std::string, std::string>* metadata = nullptr,
        std::vector<std::pair<std::string, at::Tensor>>* backboneTensors = nullptr);
    static constexpr const char* kBackbonePrefix = "backbone.";

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Rating-weighted profile of a reference set: sum_i (y_i - mean y) x_i, L2-normalised. images
// [N, D] (already normalised), values [N]; returns [D] (zero when all values are equal).
at::Tensor ratingWeightedProfile(const at::Tensor& images, const at::Tensor& values);

}  // namespace tastelab::model
