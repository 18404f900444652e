// Scoring with a workspace's saved reward model: RewardScorer (one loaded checkpoint, each person's representation
// kept up to date; what artist mode, steering and prompt refinement use) and `tastelab-cli score`. No Qt.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace at {
class Tensor;  // scorePixels: declared here so that the GUI needs no ATen headers
}

namespace tastelab::services {

class Workspace;

// The default `contrast` of steering and prompt refinement (see RewardScorer::scorePixels): the person's predicted
// score minus this times the population model's. Measured on the demo's held-out raters (true rating raised /
// cross-over between taste groups), 0.35 against 0.7: seed 7 90 % / 85 % against 57 % / 75 % (a second training of
// the same data 97 % / 90 % against 63 % / 87 %), seed 8 with four prompts 82 % / 91 % (two prompts: 73 % / 84 %
// against 77 % / 87 %). 0 raised the true rating more often on an earlier model but gave a cross-over of 70 %.
inline constexpr double kDefaultSteeringContrast = 0.35;

// Scoring with the workspace's newest checkpoint for a backbone. A person the checkpoint has seen
// uses their learned embedding; anyone else is represented from their stored answers (in-context
// encoder, then mixture weights fitted over the prototypes).
struct ScoreOptions {
    std::string backbone = "look";
    std::string device = "auto";
    std::optional<std::filesystem::path> checkpoint;  // default: the newest for the backbone
};

struct ScoredImage {
    std::string file;
    double score = 0;  // predicted slider value, 0..1
    double like = 0;  // preference Q = softmax(M+, M-)[like]
};

std::vector<ScoredImage> scoreImages(Workspace& workspace, const std::string& person,
    const std::vector<std::filesystem::path>& files, const ScoreOptions& options = {});

// The fast path behind artist mode: one loaded checkpoint, and each person's representation kept
// up to date from their answers (refresh() takes well under a second).
class RewardScorer {
public:
    RewardScorer(Workspace& workspace, const ScoreOptions& options = {});
    ~RewardScorer();
    RewardScorer(RewardScorer&&) noexcept;
    RewardScorer& operator=(RewardScorer&&) noexcept;

    const std::filesystem::path& checkpoint() const;
    // Where the backbone and the reward model run ("cpu", "cuda:0"): ScoreOptions::device resolved once.
    std::string device() const;
    // Re-reads this person's answers and recomputes their representation; returns the seconds taken.
    double refresh(std::int64_t personId);
    // Like refresh(), but always fits the representation to the person's stored answers, even when the checkpoint
    // has a learned embedding for them: what artist mode uses so that each new answer counts at once.
    double refitFromAnswers(std::int64_t personId);
    // Predicted slider values (0..1) for images of the workspace; their vectors come from the cache
    // (computed when missing).
    std::vector<double> score(std::int64_t personId, const std::vector<std::int64_t>& imageIds);
    // Differentiable scores of rendered pixels for steering: images [B, 3, H, W] in 0..1 with gradients, the prompt
    // they were made for; returns [B] predicted slider values whose gradient reaches the pixels (and the noise behind
    // them). The model's own weights stay frozen.
    at::Tensor scorePixels(std::int64_t personId, const at::Tensor& images, const std::string& prompt);
    // The same with one prompt per image. With `contrast` > 0 the result is the person's score minus `contrast` times
    // the population model's: steering toward what sets the person apart rather than what everyone likes.
    at::Tensor scorePixels(std::int64_t personId, const at::Tensor& images, const std::vector<std::string>& prompts,
        double contrast = 0.0);
    // Whether the backbone embeds images and prompts in one space (CLIP, SigLIP), so that promptAlignment() means
    // something; the look backbone's prompt vector is a bag of words and does not.
    bool hasSharedTextSpace() const;
    // The cosine similarity [B] between each image's embedding and the prompt's: how well the pixels still show the
    // prompt (ReNO's prompt-alignment term). Differentiable to the pixels. Throws std::logic_error without a shared
    // text space.
    at::Tensor promptAlignment(const at::Tensor& images, const std::string& prompt);
    // The backbone key of the checkpoint ("look-v2", ...).
    std::string backboneKey() const;
    // Image files from anywhere, encoded with the checkpoint's backbone (no prompt).
    std::vector<ScoredImage> scoreFiles(std::int64_t personId, const std::vector<std::filesystem::path>& files);
    // The person's representation (refreshed first when not yet known).
    std::vector<double> personVector(std::int64_t personId);
    // The representation from the person's stored answers (prototype mixture fitted to them), whether or not
    // the checkpoint has an embedding for them: one space for everyone, as the map of people needs.
    std::vector<double> personVectorFromAnswers(std::int64_t personId);
    // True when the checkpoint has a learned embedding for this person.
    bool hasSeen(const std::string& pseudonym) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace tastelab::services
