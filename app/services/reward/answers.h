// The workspace's answers as the reward services read them (first answers, repeats, choices, cached vectors),
// and the demo's answer key. Internal to app/services/reward/*.cpp: it brings ATen, which GUI headers must not.
#pragma once

#include "storage/images.h"
#include "storage/people.h"

#include <ATen/core/Tensor.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::services {

class Workspace;

namespace reward_internal {

struct PersonAnswers {
    std::vector<std::pair<int, float>> first;  // image row, first answer
    struct Repeat {
        int image;
        float first;
        float again;
    };
    std::vector<Repeat> repeats;
    std::vector<std::pair<int, int>> choices;  // winner row, loser row
};

struct Answers {
    std::string backboneKey;
    std::filesystem::path libraryDir;
    Workspace* workspace = nullptr;  // where the images' files are checked before their pixels are used
    std::vector<storage::Person> people;  // people with at least one answer
    std::vector<PersonAnswers> answers;  // parallel to people
    std::vector<storage::ImageRecord> images;  // images with a cached vector
    std::map<std::int64_t, int> imageRow;
    at::Tensor imageVectors;  // [I, D]
    at::Tensor promptVectors;  // [I, kTextDim]
};

// Every image's vector for `backbone` (computed first where the cache lacks it) and each person's answers on those
// images. An empty result (no people) means `cancel` stopped the embedding step. Throws std::runtime_error when
// there is nothing to train on.
Answers loadAnswers(
    Workspace& workspace, const std::string& backbone, const std::string& device, const std::atomic<bool>* cancel);

// The simulation's answer key in a demo workspace (absent elsewhere).
struct AgentTruth {
    int group = 0;
    bool heldOut = false;
    double bias = 0;
    double noiseSigma = 0;  // the answers' noise on the logit scale; 0 where the file does not say
    std::map<std::string, double> weights;
};

std::map<std::string, AgentTruth> readAgents(Workspace& workspace);

// The procedural attributes stored with demo images ("attributes" in the parameters JSON).
std::optional<std::map<std::string, double>> imageAttributes(const storage::ImageRecord& image);

// Replaces the image vectors by the images' true attribute vectors (procedural images carry them).
void useTrueAttributes(Answers& a);

}  // namespace reward_internal
}  // namespace tastelab::services
