// Drawing the split of people and images, deterministic for the seed.
#include "app/services/reward/splits.h"

#include "app/services/reward/answers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace tastelab::services::reward_internal {

Split makeSplit(const Answers& a, const SplitOptions& options, const std::map<std::string, AgentTruth>& agents)
{
    Split split;
    split.person.assign(a.people.size(), Train);
    split.image.assign(a.images.size(), Train);
    std::mt19937_64 rng(options.seed * 0x9E3779B97F4A7C15ull + 17);
    auto assign = [&](std::vector<Role>& roles, std::vector<int> candidates, double fraction, Role role) {
        std::shuffle(candidates.begin(), candidates.end(), rng);
        const int count = int(std::floor(fraction * double(candidates.size()) + 0.5));
        for (int i = 0; i < count && i < int(candidates.size()); ++i)
            roles[std::size_t(candidates[std::size_t(i)])] = role;
    };
    std::vector<int> everyone(a.people.size());
    std::iota(everyone.begin(), everyone.end(), 0);
    if (options.holdOut) {
        std::vector<std::string> named = options.heldOutPeople;
        if (named.empty()) {
            for (const auto& [pseudonym, truth] : agents) {
                if (truth.heldOut) named.push_back(pseudonym);
            }
        }
        if (!named.empty()) {
            for (const auto& name : named) {
                bool found = false;
                for (std::size_t p = 0; p < a.people.size(); ++p) {
                    if (a.people[p].pseudonym == name) split.person[p] = HeldOut, found = true;
                }
                if (!found && !options.heldOutPeople.empty()) {
                    throw std::invalid_argument(fmt::format("no person '{}' with answers in this workspace", name));
                }
            }
        } else {
            assign(split.person, everyone, options.heldOutPeopleFraction, HeldOut);
        }
        std::vector<int> allImages(a.images.size());
        std::iota(allImages.begin(), allImages.end(), 0);
        assign(split.image, allImages, options.heldOutImageFraction, HeldOut);
    }
    std::vector<int> rest;
    for (int p : everyone) {
        if (split.person[std::size_t(p)] == Train) rest.push_back(p);
    }
    if (rest.size() >= 5) assign(split.person, rest, options.validationFraction, Validation);
    std::vector<int> restImages;
    for (std::size_t i = 0; i < a.images.size(); ++i) {
        if (split.image[i] == Train) restImages.push_back(int(i));
    }
    if (restImages.size() >= 10) assign(split.image, restImages, options.validationFraction, Validation);
    return split;
}

}  // namespace tastelab::services::reward_internal
