// A participant's plan for a study: practice first, then regular and catch trials shuffled within blocks (block order
// shuffled too), pairwise sides counterbalanced, repeated items placed at least half the plan after their first
// showing. Everything follows from one seed, which the assignment stores, so a plan can be rebuilt and audited.
#pragma once

#include "storage/studies.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tastelab::services {

// Plan options a study keeps in its settings JSON ({"plan": {...}}), with these defaults.
struct PlanSettings {
    int pairsPerItem = 2;  // pairwise: how many pairs each regular item appears in (1: disjoint pairs)
    bool shuffleBlocks = true;  // randomize the order of the blocks as well as the trials within them
};

// Reads {"plan": {"pairsPerItem": n, "shuffleBlocks": b}}; missing keys keep their defaults. Throws
// std::invalid_argument naming the study and the key for a malformed value.
PlanSettings planSettings(const storage::Study& study);

// How a study's screens present a stimulus, kept in its settings JSON ({"display": {...}}), with these defaults.
struct DisplaySettings {
    // The image's generation prompt under it. Off: a prompt steers what the participant looks for.
    bool showPrompt = false;
};

// Reads {"display": {"showPrompt": b}}; throws std::invalid_argument naming the study and the key for a bad value.
DisplaySettings displaySettings(const storage::Study& study);
// `settings` (a JSON object text) with display.showPrompt set; other keys are kept as they are.
std::string withShowPrompt(const std::string& settings, bool show);

// The seed of one participant's plan: the same study seed and person always give the same plan, two people differ.
std::int64_t planSeed(std::int64_t studySeed, std::int64_t personId);

// Builds the plan (not stored; StudyStore::createAssignment stores it). Throws std::invalid_argument naming the study
// and the problem: no regular items, more repeats than trials that can be repeated, fewer than two items for pairs.
storage::Assignment buildStudyPlan(const storage::Study& study, const std::vector<storage::StudyItem>& items,
    std::int64_t personId, std::int64_t seed);

}  // namespace tastelab::services
