// Steering by editing the prompt: candidate prompts one modifier away (add, remove or swap a word of an attribute
// vocabulary), each rendered with the same seed and scored by the person's reward model, searched with a small beam.
// The candidates become library images, the search a stored run (method "prompt"), and the person's verdicts on them
// (accept, reject, a slider rating that joins their answers) are kept.
#pragma once

#include "app/services/reward/scorer.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace tastelab::services {

class Workspace;

struct VocabularyCategory {
    std::string name;
    std::vector<std::string> modifiers;
};
// art style, color, detail, medium, saturation, lighting, composition, viewpoint: each with several modifiers. Most
// words are ones the procedural generator responds to (model/procedural/procedural_lexicon.h); no word belongs to two
// categories.
const std::vector<VocabularyCategory>& promptVocabulary();

struct PromptEdit {
    enum class Kind { Add, Remove, Swap };
    Kind kind = Kind::Add;
    std::string category;
    std::string from;  // Remove/Swap
    std::string to;  // Add/Swap
    std::string describe() const;  // "add 'watercolor'", "remove 'dark'", "swap 'dark' -> 'backlit'"
};

// The vocabulary modifiers a prompt holds (case-insensitive, whole words), in vocabulary order.
std::vector<std::string> modifiersIn(const std::string& prompt);

// Every single edit of `prompt`: add a modifier of a category the prompt has none of, remove a modifier it has, swap
// one it has for another of the same category. Deterministic order: by category in vocabulary order; within a
// category with modifiers present, each present one's removal then its swaps.
std::vector<PromptEdit> candidateEdits(const std::string& prompt);
// Add appends ", modifier"; removal also drops the comma it leaves; swap replaces the words in place. Throws
// std::invalid_argument when a removed or swapped modifier is not in the prompt.
std::string applyEdit(const std::string& prompt, const PromptEdit& edit);

struct PromptCandidate {
    std::string prompt;
    std::vector<PromptEdit> edits;  // from the original prompt
    double predicted = 0;  // the person's predicted slider value for the picture (scored with the original prompt)
    double objective = 0;  // what the beam ranks (predicted minus contrast x population)
    std::int64_t imageId = 0;  // rendered with the same seed, in the library
    int depth = 0;
};

struct PromptRefineOptions {
    std::string person, prompt;
    std::uint64_t seed = 0;
    std::string generator = "procedural";  // a generator of the catalog (generator_catalog.h), with modelFolder
    std::filesystem::path modelFolder;  // when the generator's facts say it needs one
    int steps = 0;  // 0: the generator's defaultSteps (1 for SD-Turbo, 4 for FLUX)
    int size = 256;
    // Each parent's candidates are at most maxCandidatesPerParent of its candidateEdits, taken deterministically (seed
    // and prompt) round-robin over the categories so that every category is tried.
    int beamWidth = 3, depth = 2, maxCandidatesPerParent = 16;
    std::string backbone = "look";
    // Where the generator (when it needs a model folder), the backbone and the reward model run: auto, cpu, cuda:N.
    std::string device = "auto";
    double contrast = kDefaultSteeringContrast;  // see app/services/reward/scorer.h
    const std::atomic<bool>* cancel = nullptr;  // checked before each parent's batch of candidates
    // `total` is the most candidates the search can score (1 + depth x beamWidth x maxCandidatesPerParent); the last
    // call has done == total.
    std::function<void(int done, int total, double best)> onProgress;
};

struct PromptRefineReport {
    std::int64_t runId = 0;
    std::string person, generator, checkpoint;
    std::string device;  // where the reward model ran ("cpu", "cuda:0"); empty for a reopened run that did not say
    std::uint64_t seed = 0;
    PromptCandidate original;
    std::vector<std::vector<PromptCandidate>> beams;  // the kept candidates after each depth, best first
    std::vector<PromptCandidate> evaluated;  // every candidate scored, the original first
    PromptCandidate best;
    double seconds = 0;
    bool cancelled = false;
};

// Throws std::invalid_argument for an unknown person, an empty prompt, an unknown generator or a beam width, depth
// or candidate count below 1 (depth 0 is allowed: the original only), and std::runtime_error without a reward model.
PromptRefineReport refinePrompt(Workspace& workspace, const PromptRefineOptions& options);
std::string promptRefineReportJson(const PromptRefineReport& report);
// A stored prompt refinement run as its report again (candidates, edits, beams, best; `seconds` is not kept). Throws
// std::invalid_argument when the run is missing or not a prompt refinement.
PromptRefineReport reopenPromptRefinement(Workspace& workspace, std::int64_t runId);

// The person's verdict on a candidate: kept in the run's settings JSON under "verdicts" ({"<image id>": "accepted"
// or "rejected"}; a later verdict replaces an earlier one). Throws std::invalid_argument when the run is not a prompt
// refinement run or the image is not one of its candidates.
void recordVerdict(Workspace& workspace, std::int64_t runId, std::int64_t imageId, bool accepted);
// The verdicts recorded on a run, image id -> accepted.
std::vector<std::pair<std::int64_t, bool>> verdictsOf(Workspace& workspace, std::int64_t runId);
// Stores the rating as the person's slider answer for the image (a revision of their earlier answer for it outside
// studies), so that it is in their data for training. Returns the answer's id.
std::int64_t rateCandidate(Workspace& workspace, const std::string& person, std::int64_t imageId, double sliderValue);

}  // namespace tastelab::services
