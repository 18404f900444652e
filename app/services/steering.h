// Steering one person's images: ReNO noise optimization of a generator's initial noise against that person's reward
// model. Each seed gives a baseline (the unsteered noise) and a steered image, both added to the library, and a stored
// run (generator, prompt, seed, person, model checkpoint, settings, reward trajectory, outputs) that can be reopened.
// The generator is the procedural one, SD-Turbo or FLUX.1-schnell (diffusers folders): each is a differentiable
// noise-to-pixels function.
#pragma once

#include "app/services/reward/scorer.h"
#include "model/steering/noise_optimizer.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace tastelab::services {

class Workspace;

struct SteerOptions {
    std::string person;  // pseudonym
    std::string prompt;
    std::vector<std::uint64_t> seeds{0};  // optimized together, each on its own
    model::NoiseOptimizerConfig noise;
    int size = 256;  // pixels a side
    std::string generator = "procedural";  // a generator of the catalog (generator_catalog.h)
    std::filesystem::path modelFolder;  // the diffusers folder of a generator that needs one (SD-Turbo, FLUX)
    // Sampling steps of the baseline and steered images (0: the generator's defaultSteps, 1 for SD-Turbo, 4 for
    // FLUX). The noise is optimised through renders of its facts' optimizationSteps (FLUX: one, as ReNO does).
    int steps = 0;
    bool gradientCheckpointing = false;  // diffusion models: recompute activations in the backward pass (less memory)
    std::string backbone = "look";  // the reward model's backbone
    // Where the generator, the backbone and the reward model run: auto, cpu or cuda:N (model::resolveDevice), with
    // model::precisionFor's precision per model. The procedural generator always renders on the CPU.
    std::string device = "auto";
    // > 0: the reward is the person's predicted score minus this times the population model's, which steers toward
    // what sets the person apart instead of what everyone likes (see SteeringEvalOptions).
    double contrast = kDefaultSteeringContrast;
    // > 0: adds this times the cosine similarity between the image and the prompt in the backbone's shared space
    // (ReNO's prompt-alignment term), so the image keeps showing what was asked for. Needs a CLIP or SigLIP backbone.
    double promptAlignment = 0.0;
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(int iteration, int iterations, double bestReward)> onProgress;
};

struct SteeredSeed {
    std::uint64_t seed = 0;
    std::int64_t runId = 0;
    std::int64_t baselineImageId = 0;
    std::int64_t steeredImageId = 0;
    double baselineScore = 0;  // the person's predicted slider value of the unsteered image
    double steeredScore = 0;  // of the steered image (the best iterate)
    int bestIteration = 0;
    std::vector<double> trajectory;  // the objective at each iteration (the predicted value when contrast is 0)
};

struct SteerReport {
    std::string person;
    std::string prompt;
    std::string generator;
    std::string checkpoint;  // the reward model's file
    std::string device;  // where the reward model ran ("cpu", "cuda:0"), and the generator when it needs a folder
    std::vector<SteeredSeed> seeds;
    int iterations = 0;
    double seconds = 0;
    bool cancelled = false;
};

// Throws std::invalid_argument for an unknown person, an empty prompt or no seeds, and std::runtime_error when the
// workspace has no reward model yet (train one first).
SteerReport steerNoise(Workspace& workspace, const SteerOptions& options);

// The report as JSON: every seed with its run id, image ids, scores and trajectory.
std::string steerReportJson(const SteerReport& report);

// The steering results on the demo's simulated raters, whose true taste is known (simulation/agents.json): each
// held-out rater, represented from their stored answers, gets the same prompts and seeds steered toward their own
// model. Counts how often steering raised the rater's true (noise-free) rating above the unsteered image, and, in a
// cross-over, how often the image steered for rater A pleases A more than the image steered for a rater B of another
// taste group (same prompt and seed) does.
struct SteeringEvalOptions {
    int agents = 0;  // held-out raters to use (0: all)
    int prompts = 4;  // the workspace's first prompts (on the demo 60 rater-prompt cases, one case 1.7 %)
    int size = 128;  // the look backbone works at 128 px, so larger renders change nothing it sees
    std::uint64_t seed = 1;
    model::NoiseOptimizerConfig noise;
    std::string backbone = "look";
    std::string device = "auto";  // of the backbone and the reward model (the procedural world renders on the CPU)
    double contrast = kDefaultSteeringContrast;  // the person's score minus this times the population model's
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(int done, int total)> onProgress;
};

struct SteeringEvalReport {
    int agents = 0;
    int prompts = 0;
    int references = 0;  // answers per rater the representation was fitted to (mean)
    double contrast = 0;  // the setting used
    int cases = 0;  // (rater, prompt)
    int improved = 0;  // true rating of the steered image above the baseline's
    int crossPairs = 0;
    int crossWins = 0;
    double meanTrueBefore = 0;  // mean true slider value (sigmoid of the utility) before and after
    double meanTrueAfter = 0;
    double seconds = 0;
    std::string device;  // where the reward model ran
    double improvedShare() const { return cases ? double(improved) / cases : 0.0; }
    double crossShare() const { return crossPairs ? double(crossWins) / crossPairs : 0.0; }
};

// Throws std::runtime_error when the workspace is not a demo (no agents.json) or has no reward model, and
// model::Cancelled when `cancel` is set.
SteeringEvalReport evaluateSteeringOnDemo(Workspace& workspace, const SteeringEvalOptions& options = {});

}  // namespace tastelab::services
