// Simulated raters (agents) whose true taste is known: each belongs to one of K taste groups and
// deviates from its group a little, likes some visual attributes and dislikes others, answers the
// slider through a noisy utility and pairwise questions through Bradley-Terry, and has its own
// test-retest reliability. They answer through the same storage services as people (see the demo).
#pragma once

#include "model/procedural/procedural_lexicon.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace tastelab::model {

struct RaterProfile {
    std::string name;  // "A01"
    int group = 0;
    AttributeVector weights{};  // utility per attribute, around the group's centre
    float bias = 0.0f;  // how generous the rater is overall (logit)
    float reliability = 0.8f;  // configured test-retest correlation of the latent answer
    float noiseSigma = 0.5f;  // latent answer noise, set by calibrate()
    std::vector<int> liked;  // attributes with weight > +0.5, strongest first
    std::vector<int> disliked;  // attributes with weight < -0.5, strongest first
    bool heldOut = false;  // a "new person" kept out of training
};

struct PopulationConfig {
    int raters = 40;
    int groups = 4;
    int attributesPerGroup = 3;  // attributes each group cares about
    float groupStrength = 1.4f;  // size of the group centre's weights
    float individualSpread = 0.35f;  // each rater's deviation from the centre
    float minReliability = 0.55f;  // test-retest correlation drawn uniformly in [min, max]
    float maxReliability = 0.95f;
    float utilityScale = 3.0f;  // attribute deviations from 0.5 to logits
    std::uint64_t seed = 2024;
};

class SimulatedRater {
public:
    explicit SimulatedRater(RaterProfile profile)
        : profile_(std::move(profile))
    {
    }

    const RaterProfile& profile() const { return profile_; }

    // Noise-free utility (logit scale) of an image with these attributes.
    double utility(const AttributeVector& attributes) const;
    // A slider answer in (0, 1): sigmoid(utility + noise). Repeating it gives a test-retest pair.
    double rate(const AttributeVector& attributes, std::mt19937_64& rng) const;
    // Bradley-Terry: P(left preferred) = sigmoid(utility(left) - utility(right)).
    double probabilityPrefersLeft(const AttributeVector& left, const AttributeVector& right) const;
    enum class Choice { Left, Right, Tie };
    // Near-equal pairs are sometimes called a tie.
    Choice choose(const AttributeVector& left, const AttributeVector& right, std::mt19937_64& rng) const;

    // Sets the answer noise so that the correlation between two answers to the same images equals
    // the configured reliability over this pool: sigma^2 = var(utility) * (1 - r) / r.
    void calibrate(const std::vector<AttributeVector>& pool);

private:
    RaterProfile profile_;
};

// Draws the population: group centres, individual deviations, reliabilities, liked/disliked lists.
std::vector<SimulatedRater> createRaterPopulation(const PopulationConfig& config);

}  // namespace tastelab::model
