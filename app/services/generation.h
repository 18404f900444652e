// Making images with a local generator (the procedural one, or SD-Turbo when its weights are on this machine) and
// putting them straight into the library, ready to rate. Each PNG carries its settings in text chunks, so that
// opening it restores them; the GUI's Generate page and `tastelab-cli generate` share this code.
#pragma once

// The Generate page includes this header, so it stays free of torch: cmake/TasteLabTorchFreeHeaders.cmake fails the
// build when a widget header reaches ATen or c10.
#include "app/services/generator_catalog.h"
#include "model/io/rgb_image.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tastelab::services {

class Workspace;

struct GeneratorInfo {
    std::string id;  // a generator of the catalog: "procedural", "sd-turbo" or "flux-schnell"
    std::string label;  // the catalog's label: "Procedural (built in)", "SD-Turbo", "FLUX.1-schnell"
    std::filesystem::path folder;  // model folder (empty for procedural)
    bool available = false;
    // For a missing SD-Turbo: where it looked and how to add one (English; the GUI translates its own text).
    std::string note;
    std::vector<std::filesystem::path> searched;  // the places looked in
};

// In the catalog's order (generator_registry.h says how each generator's folders are found): procedural always,
// first. Then one entry per SD-Turbo found: a diffusers folder (model_index.json with "_class_name"
// StableDiffusionPipeline) in `modelsFolder`, up to three levels down, whose path below the models folder contains
// "sd-turbo" (any case); and the snapshot SdTurboPipeline::findInHubCache(hubCache) finds. When there is none, one
// unavailable "sd-turbo" entry whose note and `searched` say where it looked and how to add one. Then one
// "flux-schnell" entry per FluxPipeline folder whose path contains "schnell" and per FluxPipeline::findInHubCache hit.
std::vector<GeneratorInfo> listGenerators(
    const std::filesystem::path& modelsFolder, const std::filesystem::path& hubCache);
// The generator a diffusers folder holds: the one whose pipeline class its model_index.json names ("flux-schnell" for
// FluxPipeline), else the first diffusion generator, "sd-turbo" (a folder that cannot be read is left for the
// pipeline's loader to report).
std::string generatorOfFolder(const std::filesystem::path& folder);
// The first available SD-Turbo of listGenerators, if any.
std::optional<GeneratorInfo> findSdTurbo(
    const std::filesystem::path& modelsFolder, const std::filesystem::path& hubCache);

struct GenerationSettings {
    std::string generator = kProceduralGenerator;  // a generator of the catalog (generator_catalog.h)
    std::filesystem::path modelFolder;  // for a generator whose facts say it needs a model folder
    std::string prompt, negativePrompt;
    std::uint64_t seed = 0;  // image i of the batch uses seed + i
    int steps = 1;  // 1..kMaxSteps; the generator takes at most its facts' maxSteps (procedural: 1)
    int size = 512;  // pixels a side, within the generator's facts (minSize..maxSize, a multiple of sizeMultiple)
    int batch = 1;  // 1..kMaxBatch
    double guidanceScale = 0;  // generators that use guidance (SD-Turbo): above 1 classifier-free guidance
    // Where SD-Turbo runs: "auto", "cpu" or "cuda:N" (half precision on CUDA). Not stored with the images.
    std::string device = "auto";

    static constexpr int kMaxBatch = 64;
    static constexpr int kMaxSteps = 4;  // mostStepsOfAnyGenerator(); a test holds them equal
    bool operator==(const GenerationSettings& other) const;
    bool operator!=(const GenerationSettings& other) const { return !(*this == other); }
};

// Throws std::invalid_argument with a message a person can act on (names the setting, the value and the range).
// Prompts must pass promptProblem().
void validate(const GenerationSettings& settings);

// Prompts are text for the model, stored with the images and exported: valid UTF-8, at most kMaxPromptBytes, with no
// control characters but tabs and line feeds. Returns why `prompt` is refused, for example "the prompt 'a\x1B[2J'
// holds a control character (\x1B) at byte 2", with the prompt escaped for a terminal; nullopt when it is fine.
// `what` names it in the message ("the prompt", "the negative prompt").
constexpr std::size_t kMaxPromptBytes = 10000;
std::optional<std::string> promptProblem(std::string_view prompt, std::string_view what = "the prompt");

struct GenerationProgress {
    int image = 0;  // 1-based: the image being rendered
    int images = 0;
    int step = 0;  // steps done for that image, 0..steps
    int steps = 0;
    double seconds = 0;  // since the call began (loading the model included)
    std::int64_t storedImageId = 0;  // set in the report made right after an image was stored
    // Share of the job done, 0..1.
    double fraction() const { return images > 0 && steps > 0 ? ((image - 1) + double(step) / steps) / images : 0.0; }
};

struct GenerationOutput {
    std::int64_t imageId = 0;
    std::uint64_t seed = 0;
    std::filesystem::path file;  // the stored PNG in the library
    double seconds = 0;  // rendering and storing this image
    // Best-of-N: the person's predicted score (0..1) and the model's doubt (logit standard deviation), and whether
    // this is the exploratory pick (the most uncertain candidate, kept to learn from rather than for its score).
    std::optional<double> predictedScore;
    double uncertainty = 0;
    bool exploratory = false;
};

struct GenerationResult {
    std::vector<GenerationOutput> images;
    // Best-of-N: every candidate's predicted score, in render order (seed, seed + 1, ...), the discarded included.
    std::vector<double> candidateScores;
    bool cancelled = false;
    std::string generatorId;  // as stored: "procedural-v1", "sd-turbo"
    std::string modelId;  // the weights' identity, empty for procedural
};

// Renders one image at a time (so a cancel stops between images and, for SD-Turbo, between UNet steps), stores each
// in the library at once (origin generated; prompt, seed, model and settings recorded; a PNG with text chunks), and
// returns what was made before a cancel (then `cancelled` is set). Loaded SD-Turbo pipelines are kept per folder and
// device for the next call. Throws std::invalid_argument for invalid settings and model::ModelLoadError for a model
// folder that cannot be loaded.
GenerationResult generateImages(Workspace& workspace, const GenerationSettings& settings,
    const std::function<void(const GenerationProgress&)>& onProgress = {}, const std::atomic<bool>* cancel = nullptr);
// Best-of-N for one person: the batch (settings.batch = N) is rendered as candidates, ranked by the person's taste
// model (active_questions.h), and only the `keep` best plus, with `explore`, the most uncertain of the others are
// stored, best first, each with its predicted score in its parameters ("taste": person, predicted, uncertainty,
// exploratory, rank, candidates). The artist's ratings of them are answers like any other (chosen_by best-of-n in
// artist mode). A cancel during rendering stores nothing. Throws std::invalid_argument for an unknown person or keep
// < 1, besides generateImages' errors.
struct BestOfNSettings {
    std::int64_t personId = 0;
    int keep = 1;
    bool explore = true;
    std::string backbone = "look";  // the taste model's features
};
GenerationResult generateBestOfN(Workspace& workspace, const GenerationSettings& settings,
    const BestOfNSettings& bestOf, const std::function<void(const GenerationProgress&)>& onProgress = {},
    const std::atomic<bool>* cancel = nullptr);

// Frees the SD-Turbo pipelines kept by generateImages.
void releaseCachedPipelines();

// The settings that make one image (its own seed, batch 1) as PNG text chunks: "parameters", the summary other tools
// read (A1111 style: the prompt, "Negative prompt: ...", then "Steps: 1, Sampler: Euler, ..."), and "tastelab", JSON
// of every setting with the model id and the generator version. The model folder is not written (it is a path on
// this machine); settingsFromPng leaves it empty, and the caller picks the SD-Turbo found here.
model::PngTextChunks generationTextChunks(const GenerationSettings& settings, const std::string& modelId);
// The settings in a PNG's "tastelab" chunk, else those its "parameters" chunk gives (a PNG from another tool: prompt,
// negative prompt, seed, steps, size, CFG scale); nullopt for a PNG with neither. Throws model::ImageError for a file
// that is not a PNG or is damaged, and std::runtime_error naming the file for a "tastelab" chunk that cannot be read.
std::optional<GenerationSettings> settingsFromPng(const std::filesystem::path& png);
std::optional<GenerationSettings> settingsFromTextChunks(
    const model::PngTextChunks& chunks, const std::string& sourceName);
// The settings a stored image was generated with: from its PNG's chunks when it has them, else from its database
// record (prompt, negative prompt, seed, generator, size). nullopt for an imported image or an unknown id.
std::optional<GenerationSettings> storedSettings(Workspace& workspace, std::int64_t imageId);

}  // namespace tastelab::services
