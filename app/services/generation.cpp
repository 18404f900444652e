// Generation: finding the generators, rendering a batch one image at a time, and the settings in PNG text chunks.
#include "app/services/generation.h"
#include "app/services/out_of_memory.h"

#include "app/services/active_questions.h"
#include "app/services/build_info.h"
#include "app/services/generator_registry.h"
#include "app/services/image_library.h"
#include "app/services/model_locator.h"
#include "app/services/text_to_image.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "model/nn/cancelled.h"
#include "model/nn/runtime.h"
#include "storage/images.h"
#include "storage/people.h"
#include "util/bounded_file.h"
#include "util/format_error.h"
#include "util/json.h"
#include "util/text_safety.h"

#include <ATen/core/grad_mode.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <type_traits>

namespace fs = std::filesystem;

namespace tastelab::services {
namespace {

using util::JsonValue;

constexpr const char* kParametersKeyword = "parameters";
constexpr const char* kTastelabKeyword = "tastelab";
constexpr int kSettingsFormat = 1;

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

// A regular file of at most 64 MiB (callers treat the StorageError as "unreadable").
std::string readText(const fs::path& file)
{
    return util::readFileBounded(file, util::kMaxConfigFileBytes, "pipeline index");
}

// A diffusers folder of the models folder is the generator's when its pipeline class is the generator's and its path
// (from the models folder's own name down) names one of the generator's words ("sd-turbo", "schnell").
bool isGeneratorFolder(const fs::path& folder, const fs::path& modelsFolder, const GeneratorEntry& generator)
{
    if (generator.pipelineClass.empty()) return false;
    const fs::path relative = folder.lexically_relative(modelsFolder);
    const std::string path = lower((modelsFolder.filename() / relative).generic_string());
    const auto& words = generator.pathWords;
    if (std::none_of(words.begin(), words.end(), [&](std::string_view w) { return path.find(w) != std::string::npos; }))
        return false;
    try {
        const JsonValue index = util::parseJson(readText(folder / "model_index.json"), "model_index.json");
        const JsonValue* className = index.find("_class_name");
        return className && className->isString() && className->asString() == generator.pipelineClass;
    } catch (const std::exception&) {
        return false;  // unreadable: not a folder we can use
    }
}

std::string searchedText(const fs::path& modelsFolder, const fs::path& hubCache)
{
    const std::string models =
        modelsFolder.empty() ? std::string("no models folder is set") : "the models folder " + modelsFolder.string();
    return fmt::format("{} and the Hugging Face cache {}", models, hubCache.string());
}

std::string formatNumber(double value)
{
    return fmt::format("{:g}", value);
}

JsonValue settingsObject(const GenerationSettings& settings, const std::string& modelId)
{
    const GeneratorEntry* entry = findGeneratorEntry(settings.generator);
    JsonValue root = JsonValue::Object{};
    root.set("format", JsonValue(std::int64_t{kSettingsFormat}));
    root.set("generator", JsonValue(settings.generator));
    root.set("generatorVersion", JsonValue(std::string((entry ? *entry : fallbackDiffusionGenerator()).version)));
    root.set("model", JsonValue(modelId));
    root.set("prompt", JsonValue(settings.prompt));
    root.set("negativePrompt", JsonValue(settings.negativePrompt));
    root.set("seed", JsonValue(static_cast<std::int64_t>(settings.seed)));
    root.set("steps", JsonValue(std::int64_t{settings.steps}));
    root.set("size", JsonValue(std::int64_t{settings.size}));
    root.set("batch", JsonValue(std::int64_t{settings.batch}));
    root.set("guidanceScale", JsonValue(settings.guidanceScale));
    root.set("software", JsonValue("TasteLab " + tastelabVersion()));
    return root;
}

// Reads the object settingsObject writes; `where` names the source in errors.
GenerationSettings settingsFromObject(const JsonValue& root, const std::string& where)
{
    auto fail = [&](const std::string& problem) {
        return std::runtime_error(fmt::format("{}: the TasteLab generation settings {}", where, problem));
    };
    if (!root.isObject()) throw fail("are not a JSON object");
    auto text = [&](const char* key, bool required) {
        const JsonValue* value = root.find(key);
        if (!value) {
            if (required) throw fail(fmt::format("lack \"{}\"", key));
            return std::string();
        }
        if (!value->isString())
            throw fail(fmt::format("hold \"{}\" as {}, not a string", key, util::jsonTypeName(value->type())));
        return value->asString();
    };
    auto integer = [&](const char* key, std::int64_t fallback) {
        const JsonValue* value = root.find(key);
        if (!value) return fallback;
        if (!value->isInteger())
            throw fail(fmt::format("hold \"{}\" as {}, not an integer", key, util::jsonTypeName(value->type())));
        return value->asInt();
    };
    GenerationSettings settings;
    if (const std::int64_t format = integer("format", kSettingsFormat); format > kSettingsFormat) {
        throw fail(fmt::format("are in format {}, newer than this TasteLab reads ({})", format, kSettingsFormat));
    }
    settings.generator = text("generator", true);
    if (!isKnownGenerator(settings.generator)) {
        throw fail(fmt::format("name the generator '{}', which TasteLab does not have", settings.generator));
    }
    settings.prompt = text("prompt", true);
    settings.negativePrompt = text("negativePrompt", false);
    const std::int64_t seed = integer("seed", 0);
    if (seed < 0) throw fail(fmt::format("hold the negative seed {}", seed));
    settings.seed = static_cast<std::uint64_t>(seed);
    auto smallInt = [&](const char* key, int fallback) {
        const std::int64_t value = integer(key, fallback);
        if (value < 0 || value > 1'000'000) throw fail(fmt::format("hold \"{}\" = {}, out of range", key, value));
        return static_cast<int>(value);
    };
    settings.steps = smallInt("steps", 1);
    settings.size = smallInt("size", 512);
    settings.batch = smallInt("batch", 1);
    if (const JsonValue* guidance = root.find("guidanceScale")) {
        if (!guidance->isNumber()) throw fail("hold \"guidanceScale\" that is not a number");
        settings.guidanceScale = guidance->asDouble();
    }
    return settings;
}

// "Key: value, Key: value" as A1111 writes it; a value may be quoted (and then hold commas).
std::map<std::string, std::string> parseParameterLine(const std::string& line)
{
    std::map<std::string, std::string> fields;
    std::size_t at = 0;
    while (at < line.size()) {
        while (at < line.size() && (line[at] == ' ' || line[at] == ',')) ++at;
        const std::size_t colon = line.find(": ", at);
        if (colon == std::string::npos) break;
        const std::string key = line.substr(at, colon - at);
        at = colon + 2;
        std::string value;
        if (at < line.size() && line[at] == '"') {
            const std::size_t close = line.find('"', at + 1);
            value = line.substr(at + 1, close == std::string::npos ? std::string::npos : close - at - 1);
            at = close == std::string::npos ? line.size() : close + 1;
        } else {
            const std::size_t comma = line.find(", ", at);
            value = line.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
            at = comma == std::string::npos ? line.size() : comma;
        }
        fields[key] = value;
    }
    return fields;
}

// A "parameters" chunk of another tool (or ours without the JSON): prompt lines, an optional "Negative prompt:" part,
// and a last line of settings that starts with "Steps: ".
std::optional<GenerationSettings> settingsFromParameters(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    if (lines.empty() || lines.back().rfind("Steps: ", 0) != 0) return std::nullopt;
    const auto fields = parseParameterLine(lines.back());
    lines.pop_back();
    GenerationSettings settings;
    std::string* target = &settings.prompt;
    for (const std::string& line : lines) {
        std::string piece = line;
        if (piece.rfind("Negative prompt: ", 0) == 0) {
            target = &settings.negativePrompt;
            piece = piece.substr(17);
        } else if (!target->empty()) {
            *target += "\n";
        }
        *target += piece;
    }
    auto number = [&](const char* key, auto fallback) {
        const auto found = fields.find(key);
        if (found == fields.end()) return fallback;
        try {
            if constexpr (std::is_floating_point_v<decltype(fallback)>) {
                return decltype(fallback)(std::stod(found->second));
            } else {
                return decltype(fallback)(std::stoull(found->second));
            }
        } catch (const std::exception&) {
            return fallback;
        }
    };
    const auto generator = fields.find("Generator");
    settings.generator = std::string(fallbackDiffusionGenerator().id);
    if (generator != fields.end() && isKnownGenerator(generator->second)) settings.generator = generator->second;
    // Other tools run 20 steps and more; SD-Turbo takes 1 to 4.
    settings.steps = std::clamp(number("Steps", 1), 1, GenerationSettings::kMaxSteps);
    settings.seed = number("Seed", std::uint64_t{0});
    settings.guidanceScale = number("CFG scale", 0.0);
    if (const auto size = fields.find("Size"); size != fields.end()) {
        try {
            settings.size = std::stoi(size->second);  // "512x512": the width
        } catch (const std::exception&) {
        }
    }
    return settings;
}

std::string parametersText(const GenerationSettings& settings, const std::string& modelId)
{
    const GeneratorEntry* entry = findGeneratorEntry(settings.generator);
    std::string text = settings.prompt;
    if (!settings.negativePrompt.empty()) text += "\nNegative prompt: " + settings.negativePrompt;
    text += fmt::format("\nSteps: {}, ", settings.steps);
    if (entry && !entry->sampler.empty()) text += fmt::format("Sampler: {}, ", entry->sampler);
    // A generator without model weights names itself by its version ("procedural-v1").
    const bool builtIn = entry && !entry->facts().needsModelFolder;
    text += fmt::format("CFG scale: {}, Seed: {}, Size: {}x{}, Model: {}, Generator: {}, Version: TasteLab {}",
        formatNumber(settings.guidanceScale), settings.seed, settings.size, settings.size,
        builtIn ? std::string(entry->version) : (modelId.empty() ? settings.generator : modelId), settings.generator,
        tastelabVersion());
    return text;
}

}  // namespace

bool GenerationSettings::operator==(const GenerationSettings& other) const
{
    return generator == other.generator && modelFolder == other.modelFolder && prompt == other.prompt
        && negativePrompt == other.negativePrompt && seed == other.seed && steps == other.steps && size == other.size
        && batch == other.batch && guidanceScale == other.guidanceScale && device == other.device;
}

std::vector<GeneratorInfo> listGenerators(const fs::path& modelsFolder, const fs::path& hubCache)
{
    std::vector<fs::path> searched;
    if (!modelsFolder.empty()) searched.push_back(modelsFolder);
    if (!hubCache.empty()) searched.push_back(hubCache);
    const std::vector<GeneratorEntry>& registry = generatorRegistry();
    // The folders of each generator: the models folder's first, then the Hugging Face cache's snapshot.
    std::vector<std::vector<fs::path>> folders(registry.size());
    std::error_code ec;
    if (!modelsFolder.empty() && fs::is_directory(modelsFolder, ec)) {
        for (const FoundModel& m : findModels(modelsFolder, {})) {
            if (m.kind != ModelKind::Diffusers) continue;
            for (std::size_t g = 0; g < registry.size(); ++g) {
                if (isGeneratorFolder(m.folder, modelsFolder, registry[g])) folders[g].push_back(m.folder);
            }
        }
    }
    for (std::size_t g = 0; g < registry.size(); ++g) {
        if (hubCache.empty() || !registry[g].findInHubCache) continue;
        std::vector<fs::path>& found = folders[g];
        if (auto snapshot = registry[g].findInHubCache(hubCache);
            snapshot && std::find(found.begin(), found.end(), *snapshot) == found.end()) {
            found.push_back(*snapshot);
        }
    }

    // In the catalog's order (the procedural generator first; SD-Turbo before FLUX, which is slower on a CPU).
    std::vector<GeneratorInfo> generators;
    for (std::size_t g = 0; g < registry.size(); ++g) {
        const GeneratorEntry& entry = registry[g];
        GeneratorInfo info;
        info.id = std::string(entry.id);
        info.label = entry.facts().label;
        if (!entry.facts().needsModelFolder) {
            info.available = true;
            generators.push_back(info);
            continue;
        }
        info.searched = searched;
        for (const fs::path& folder : folders[g]) {
            GeneratorInfo found = info;
            found.folder = folder;
            found.available = true;
            generators.push_back(found);
        }
        if (folders[g].empty() && entry.missingNote) {
            info.note = entry.missingNote(searchedText(modelsFolder, hubCache));
            generators.push_back(info);
        }
    }
    return generators;
}

std::string generatorOfFolder(const fs::path& folder)
{
    const std::vector<GeneratorEntry>& registry = generatorRegistry();
    const std::string fallback(fallbackDiffusionGenerator().id);
    fs::path index = folder / "model_index.json";
    std::error_code ec;
    // A cache's models--owner--name folder keeps the file in a snapshot.
    if (!fs::is_regular_file(index, ec)) {
        for (const GeneratorEntry& entry : registry) {
            if (!entry.hubName.empty() && folder.filename() == entry.hubName && entry.findInHubCache
                && entry.findInHubCache(folder.parent_path())) {
                return std::string(entry.id);
            }
        }
        return fallback;
    }
    try {
        const JsonValue root = util::parseJson(readText(index), index.string());
        const JsonValue* className = root.find("_class_name");
        if (className && className->isString()) {
            for (const GeneratorEntry& entry : registry) {
                if (!entry.pipelineClass.empty() && className->asString() == entry.pipelineClass) {
                    return std::string(entry.id);
                }
            }
        }
    } catch (const std::exception&) {
        // unreadable: the pipeline's loader says what is wrong with it
    }
    return fallback;
}

std::optional<GeneratorInfo> findSdTurbo(const fs::path& modelsFolder, const fs::path& hubCache)
{
    for (GeneratorInfo& info : listGenerators(modelsFolder, hubCache)) {
        if (info.id == kSdTurboGenerator && info.available) return std::move(info);
    }
    return std::nullopt;
}

void validate(const GenerationSettings& s)
{
    auto fail = [](const std::string& message) { throw std::invalid_argument(message); };
    if (!isKnownGenerator(s.generator)) {
        fail(fmt::format("unknown generator '{}': use {}", s.generator, knownGeneratorsText()));
    }
    if (generatorFacts(s.generator).needsModelFolder && s.modelFolder.empty()) {
        fail(fmt::format("the {} generator needs its model folder", s.generator));
    }
    const auto blank = [](const std::string& text) {
        return std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isspace(c); });
    };
    if (blank(s.prompt)) fail("the prompt is empty: describe the image to generate");
    if (const auto problem = promptProblem(s.prompt)) fail(*problem);
    if (const auto problem = promptProblem(s.negativePrompt, "the negative prompt")) fail(*problem);
    if (s.steps < 1 || s.steps > GenerationSettings::kMaxSteps) {
        fail(fmt::format("steps is {}, but must be 1 to {}", s.steps, GenerationSettings::kMaxSteps));
    }
    if (const std::string problem = sizeProblem(s.generator, s.size); !problem.empty()) {
        fail(fmt::format("size is {}, but {}", s.size, problem));
    }
    if (s.batch < 1 || s.batch > GenerationSettings::kMaxBatch) {
        fail(fmt::format("batch is {}, but must be 1 to {}", s.batch, GenerationSettings::kMaxBatch));
    }
    if (!std::isfinite(s.guidanceScale) || s.guidanceScale < 0 || s.guidanceScale > 30) {
        fail(fmt::format("guidance scale is {}, but must be 0 to 30", s.guidanceScale));
    }
    // The library stores seeds as signed 64-bit numbers.
    constexpr auto kMaxSeed = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (s.seed > kMaxSeed - static_cast<std::uint64_t>(std::max(s.batch, 1) - 1)) {
        fail(fmt::format("seed {} is too large: the seeds of the batch must stay below 2^63", s.seed));
    }
}

std::optional<std::string> promptProblem(std::string_view prompt, std::string_view what)
{
    if (const auto problem = util::singleLineTextProblem(prompt, kMaxPromptBytes, true)) {
        return fmt::format("{} '{}' {}", what, util::printableForTerminal(prompt), *problem);
    }
    return std::nullopt;
}

namespace {

// Renders the batch; with `bestOf`, keeps all candidates in memory, ranks them, and stores only the picks.
GenerationResult generate(Workspace& workspace, const GenerationSettings& settings,
    const std::function<void(const GenerationProgress&)>& onProgress, const std::atomic<bool>* cancel,
    const BestOfNSettings* bestOf)
{
    validate(settings);
    std::unique_ptr<PersonTasteModel> taste;
    std::string pseudonym;
    if (bestOf) {
        if (bestOf->keep < 1) {
            throw std::invalid_argument(fmt::format("best-of-N must keep at least one image, not {}", bestOf->keep));
        }
        const auto person = storage::PeopleStore(workspace.database()).findById(bestOf->personId);
        if (!person) throw std::invalid_argument(fmt::format("no person with id {}", bestOf->personId));
        pseudonym = person->pseudonym;
        TasteModelOptions options;
        options.backbone = bestOf->backbone;
        taste = std::make_unique<PersonTasteModel>(workspace, bestOf->personId, options);
    }
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    const auto secondsSince = [](Clock::time_point from) {
        return std::chrono::duration<double>(Clock::now() - from).count();
    };
    const GeneratorFacts& facts = generatorFacts(settings.generator);
    // Validated to 1..kMaxSteps; a generator that takes fewer (procedural: one pass) renders with its most.
    const int steps = std::min(settings.steps, facts.maxSteps);
    const auto report = [&](int image, int step, std::int64_t stored) {
        if (!onProgress) return;
        GenerationProgress progress;
        progress.image = image;
        progress.images = settings.batch;
        progress.step = step;
        progress.steps = steps;
        progress.seconds = secondsSince(started);
        progress.storedImageId = stored;
        onProgress(progress);
    };
    const auto cancelled = [cancel] { return cancel && cancel->load(); };

    GenerationResult result;
    at::NoGradGuard noGrad;
    TextToImageOptions generatorOptions;
    generatorOptions.size = settings.size;
    // The built-in generator runs on the CPU; the diffusion models where the settings say. The setting is resolved
    // either way, so that a device this machine does not have is an error, not silently the CPU.
    const c10::Device device = model::resolveDevice(settings.device);
    if (facts.needsModelFolder) generatorOptions.device = device;
    // Out of memory (loading the weights onto the GPU, or a render) is told as what to change; the images made
    // before it stay in the library.
    const auto outOfMemory = [&](int made) {
        MemoryAdvice advice;
        advice.device = device.str();
        advice.work = fmt::format("generating {} at {}x{} (image {} of {})", settings.generator, settings.size,
            settings.size, made + 1, settings.batch);
        if (settings.size > 256) advice.remedies.push_back(fmt::format("a smaller --size ({} now)", settings.size));
        if (device.is_cuda()) advice.remedies.push_back("--device cpu (much slower)");
        return OutOfMemory(advice);
    };
    std::unique_ptr<TextToImage> generator;
    try {
        generator = TextToImage::open(settings.generator, settings.modelFolder, generatorOptions);
    } catch (const std::exception& error) {
        if (isOutOfMemory(error)) throw outOfMemory(0);
        throw;
    }
    result.generatorId = generator->generatorId();
    result.modelId = generator->modelId();
    const auto render = [&](std::uint64_t seed, int image) {
        TextToImage::RenderOptions options;
        options.steps = steps;
        options.guidanceScale = settings.guidanceScale;
        options.negativePrompt = settings.negativePrompt;
        options.onStep = [&](int step, int) { report(image, step, 0); };
        options.cancel = cancel;
        return generator->render(generator->noise({seed}, settings.size), {settings.prompt}, options)[0];
    };

    storage::ImageStore images(workspace.database());
    // Stores one rendered image with its settings (and, for best-of-N, the person's predicted score).
    const auto store = [&](const model::RgbImage& pixels, std::uint64_t seed, double renderSeconds,
                           const JsonValue* mark) {
        GenerationSettings one = settings;
        one.seed = seed;
        one.batch = 1;
        one.steps = steps;
        GeneratedImage info;
        info.generator = result.generatorId;
        info.model = result.modelId;
        info.prompt = settings.prompt;
        info.negativePrompt = settings.negativePrompt;
        info.seed = static_cast<std::int64_t>(seed);
        JsonValue parameters = settingsObject(one, result.modelId);
        if (mark) parameters.set("taste", *mark);
        info.parameters = util::toJson(parameters);
        info.pngText = generationTextChunks(one, result.modelId);
        info.durationMs = static_cast<std::int64_t>(std::llround(renderSeconds * 1000.0));
        GenerationOutput output;
        output.imageId = addGeneratedImage(workspace, pixels, info);
        output.seed = seed;
        if (const auto record = images.findById(output.imageId); record && record->libraryPath) {
            output.file = workspace.libraryDir() / *record->libraryPath;
        }
        return output;
    };
    std::vector<model::RgbImage> candidates;
    std::vector<double> candidateSeconds;
    for (int i = 0; i < settings.batch; ++i) {
        if (cancelled()) {
            result.cancelled = true;
            break;
        }
        report(i + 1, 0, 0);
        const auto imageStarted = Clock::now();
        const std::uint64_t seed = settings.seed + static_cast<std::uint64_t>(i);
        at::Tensor pixels;
        try {
            pixels = render(seed, i + 1);
        } catch (const model::Cancelled&) {
            // Stopped between two denoising steps. Any other exception is a failure, even after a cancel.
            result.cancelled = true;
            break;
        } catch (const std::exception& error) {
            if (isOutOfMemory(error)) throw outOfMemory(i);
            throw;
        }
        if (bestOf) {
            candidates.push_back(model::tensorToImage(pixels));
            candidateSeconds.push_back(secondsSince(imageStarted));
            report(i + 1, steps, 0);
            continue;
        }
        GenerationOutput output = store(model::tensorToImage(pixels), seed, secondsSince(imageStarted), nullptr);
        output.seconds = secondsSince(imageStarted);
        result.images.push_back(output);
        report(i + 1, steps, output.imageId);
    }
    if (!bestOf || result.cancelled || candidates.empty()) return result;
    const std::vector<TastePrediction> predictions = taste->predictImages(candidates);
    for (const auto& p : predictions) result.candidateScores.push_back(p.score);
    int rank = 0;
    for (const CandidatePick& pick : pickBestOf(predictions, bestOf->keep, bestOf->explore)) {
        const auto storeStarted = Clock::now();
        JsonValue mark = JsonValue::Object{};
        mark.set("person", JsonValue(pseudonym));
        mark.set("predicted", JsonValue(pick.prediction.score));
        mark.set("uncertainty", JsonValue(pick.prediction.uncertainty));
        mark.set("exploratory", JsonValue(pick.exploratory));
        mark.set("rank", JsonValue(std::int64_t{++rank}));
        mark.set("candidates", JsonValue(std::int64_t(candidates.size())));
        const std::uint64_t seed = settings.seed + static_cast<std::uint64_t>(pick.index);
        GenerationOutput output = store(candidates[pick.index], seed, candidateSeconds[pick.index], &mark);
        output.seconds = candidateSeconds[pick.index] + secondsSince(storeStarted);
        output.predictedScore = pick.prediction.score;
        output.uncertainty = pick.prediction.uncertainty;
        output.exploratory = pick.exploratory;
        result.images.push_back(output);
        report(int(pick.index) + 1, steps, output.imageId);
    }
    return result;
}

}  // namespace

GenerationResult generateImages(Workspace& workspace, const GenerationSettings& settings,
    const std::function<void(const GenerationProgress&)>& onProgress, const std::atomic<bool>* cancel)
{
    return generate(workspace, settings, onProgress, cancel, nullptr);
}

GenerationResult generateBestOfN(Workspace& workspace, const GenerationSettings& settings,
    const BestOfNSettings& bestOf, const std::function<void(const GenerationProgress&)>& onProgress,
    const std::atomic<bool>* cancel)
{
    return generate(workspace, settings, onProgress, cancel, &bestOf);
}

void releaseCachedPipelines()
{
    releaseTextToImagePipelines();
}

model::PngTextChunks generationTextChunks(const GenerationSettings& settings, const std::string& modelId)
{
    return {{kParametersKeyword, parametersText(settings, modelId)},
        {kTastelabKeyword, util::toJson(settingsObject(settings, modelId))}};
}

std::optional<GenerationSettings> settingsFromTextChunks(
    const model::PngTextChunks& chunks, const std::string& sourceName)
{
    for (const auto& [keyword, text] : chunks) {
        if (keyword != kTastelabKeyword) continue;
        JsonValue root;
        try {
            root = util::parseJson(text, sourceName + " (tastelab chunk)");
        } catch (const util::FormatError& e) {
            throw std::runtime_error(
                fmt::format("the generation settings in '{}' cannot be read: {}", sourceName, e.what()));
        }
        return settingsFromObject(root, "'" + sourceName + "'");
    }
    for (const auto& [keyword, text] : chunks) {
        if (keyword == kParametersKeyword) return settingsFromParameters(text);
    }
    return std::nullopt;
}

std::optional<GenerationSettings> settingsFromPng(const fs::path& png)
{
    return settingsFromTextChunks(model::readPngTextChunks(png), png.string());
}

std::optional<GenerationSettings> storedSettings(Workspace& workspace, std::int64_t imageId)
{
    const auto record = storage::ImageStore(workspace.database()).findById(imageId);
    if (!record || record->origin != storage::ImageOrigin::Generated) return std::nullopt;
    JsonValue parameters;
    try {
        parameters = util::parseJson(record->parameters, "image parameters");
    } catch (const util::FormatError&) {
        parameters = JsonValue::Object{};
    }
    if (parameters.find("generatorVersion") && parameters.find("generator")) {
        try {
            return settingsFromObject(parameters, fmt::format("image {}", imageId));
        } catch (const std::runtime_error&) {
            // fall back to the record's columns
        }
    }
    // Images made before the settings were stored whole (steering, the demo): what the columns hold.
    GenerationSettings settings;
    const std::string generator = record->generator.value_or(std::string());
    // The stored generator id starts with the catalog's ("procedural-v1").
    const auto& catalog = generatorCatalog();
    const auto facts = std::find_if(catalog.begin(), catalog.end(),
        [&](const GeneratorFacts& f) { return generator.rfind(std::string(f.id), 0) == 0; });
    if (facts == catalog.end()) return std::nullopt;
    settings.generator = std::string(facts->id);
    settings.prompt = record->prompt.value_or(std::string());
    settings.negativePrompt = record->negativePrompt.value_or(std::string());
    settings.seed = static_cast<std::uint64_t>(std::max<std::int64_t>(record->seed.value_or(0), 0));
    settings.size = record->width;
    if (const JsonValue* size = parameters.find("size"); size && size->isInteger()) {
        settings.size = static_cast<int>(size->asInt());
    }
    if (const JsonValue* steps = parameters.find("steps"); steps && steps->isInteger()) {
        settings.steps = static_cast<int>(steps->asInt());
    }
    return settings;
}

}  // namespace tastelab::services
