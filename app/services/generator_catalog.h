// The facts of each local text-to-image generator (procedural, SD-Turbo, FLUX.1-schnell): steps, size limits, model
// folder. One table, read by generation, steering, prompt refinement, the CLI and the pages.
#pragma once

// Adding a generator touches this table, its entry in generator_registry.h (the code behind it) and its own files.
// Free of torch and Qt: pages include it.

#include <string>
#include <string_view>
#include <vector>

namespace tastelab::services {

inline constexpr const char* kProceduralGenerator = "procedural";
inline constexpr const char* kSdTurboGenerator = "sd-turbo";
inline constexpr const char* kFluxGenerator = "flux-schnell";

struct GeneratorFacts {
    std::string_view id;  // as settings, runs and the CLI name it: "procedural", "sd-turbo", "flux-schnell"
    std::string_view label;  // English, as listGenerators names it (the GUI has its own translated labels)
    std::string_view noun;  // in messages: "<noun> images are 64 to 1024 pixels a side"
    bool needsModelFolder = false;  // a diffusers folder of weights; the procedural generator is built in
    int defaultSteps = 1;  // denoising steps of a final image when none are asked for
    int maxSteps = 1;  // the procedural generator renders in one pass
    // Steering optimises the noise through renders of this many steps (0: as many as the final image takes). FLUX
    // steers through one-step renders and renders the winner with all its steps, as the reference method does.
    int optimizationSteps = 0;
    int minSize = 64, maxSize = 512;  // pixels a side (images are square)
    int sizeMultiple = 1;  // the side must be a multiple of this (the latent grid of a diffusion model)
    int sizeStep = 64;  // the step of the pages' size boxes (a multiple of sizeMultiple)
    bool usesGuidance = false;  // classifier-free guidance with the negative prompt (SD-Turbo)

    int stepsOrDefault(int steps) const { return steps > 0 ? steps : defaultSteps; }
    int optimizationStepsFor(int finalSteps) const { return optimizationSteps > 0 ? optimizationSteps : finalSteps; }
    // "64 to 1024 pixels a side, a multiple of 8"
    std::string sizeRule() const;
};

// Every generator, the procedural one first (the one that always works).
const std::vector<GeneratorFacts>& generatorCatalog();
// nullptr for an id that is not in the catalog.
const GeneratorFacts* findGeneratorFacts(std::string_view id);
// Throws std::invalid_argument naming the known generators for an id that is not in the catalog.
const GeneratorFacts& generatorFacts(std::string_view id);

// The catalog's ids in order, for the CLI's choices.
std::vector<std::string> generatorIds();
// "procedural, sd-turbo or flux-schnell": for error messages.
std::string knownGeneratorsText();
bool isKnownGenerator(const std::string& id);
// The image sizes a generator accepts ("procedural images are 64 to 512 pixels a side"); empty when `size` is fine.
// Throws std::invalid_argument for an unknown generator.
std::string sizeProblem(const std::string& generator, int size);
// The steps a generator takes by default and at most (procedural: 1 and 1). Throw for an unknown generator.
int defaultSteps(const std::string& generator);
int maxSteps(const std::string& generator);
// The most steps and the largest side any generator takes (the bounds of settings that name no generator yet).
int mostStepsOfAnyGenerator();
int largestSizeOfAnyGenerator();
// For help texts: "procedural 64 to 512 pixels a side; sd-turbo 64 to 1024 pixels a side, a multiple of 8; ..." and
// "procedural 1; sd-turbo 1 to 4 (default 1); flux-schnell 1 to 4 (default 4)".
std::string sizeRulesText();
std::string stepRulesText();

}  // namespace tastelab::services
