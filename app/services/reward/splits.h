// How a workspace's people and images are split for the reward model: the options the programs set, and the split
// itself, which training and evaluation share.
//
// Splits (the same for training and evaluation, deterministic for the seed):
// - held-out people: the names given, or a fraction of people drawn by seed; none of their answers
//   are trained on; they play new people, represented from N_ref of their own answers;
// - held-out images: a fraction of images drawn by seed; nobody's answers on them are trained on;
// - validation: a further fraction of the remaining people and of the remaining images, used only
//   for early stopping.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tastelab::services {

struct SplitOptions {
    std::vector<std::string> heldOutPeople;  // pseudonyms; empty: heldOutPeopleFraction, drawn by seed
    double heldOutPeopleFraction = 0.2;
    double heldOutImageFraction = 0.2;
    double validationFraction = 0.1;  // of the remaining people and of the remaining images
    bool holdOut = true;  // false: no test split (a model for use: everything but validation is trained)
    std::uint64_t seed = 1;
};

// Internal to app/services/reward/*.cpp: the split itself, which training and evaluation share.
namespace reward_internal {

struct Answers;
struct AgentTruth;

enum Role { Train = 0, Validation = 1, HeldOut = 2 };

struct Split {
    std::vector<Role> person;  // parallel to Answers::people
    std::vector<Role> image;  // parallel to Answers::images
};

// Held-out people are the names given, else the demo's held-out agents, else a fraction drawn by seed. Throws
// std::invalid_argument for a named person without answers.
Split makeSplit(const Answers& a, const SplitOptions& options, const std::map<std::string, AgentTruth>& agents);

}  // namespace reward_internal
}  // namespace tastelab::services
