// Generation: finding the generators, rendering a batch one image at a time, and the settings in PNG text chunks.
#include "app/services/generation.h"

#include "app/services/build_info.h"
#include "app/services/image_library.h"
#include "app/services/model_locator.h"
#include "app/services/text_to_image.h"
#include "app/services/workspace.h"
#include "model/flux.h"
#include "model/procedural_generator.h"
#include "model/runtime.h"
#include "model/sd_turbo.h"
#include "storage/bounded_file.h"
#include "storage/format_error.h"
#include "storage/images.h"
#include "storage/json.h"
#include "storage/text_safety.h"

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

using storage::JsonValue;

constexpr const char* kProcedural = kProceduralGenerator;
constexpr const char* kSdTurbo = kSdTurboGenerator;
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
    return storage::readFileBounded(file, storage::kMaxConfigFileBytes, "pipeline index");
}

// A diffusers folder of the models folder counts as SD-Turbo when its pipeline class is StableDiffusionPipeline and
// its path (from the models folder's own name down) names sd-turbo.
bool isPipelineFolder(const fs::path& folder, const fs::path& modelsFolder, std::initializer_list<const char*> names,
    const char* pipelineClass)
{
    const fs::path relative = folder.lexically_relative(modelsFolder);
    const std::string path = lower((modelsFolder.filename() / relative).generic_string());
    if (std::none_of(names.begin(), names.end(), [&](const char* n) { return path.find(n) != std::string::npos; }))
        return false;
    try {
        const JsonValue index = storage::parseJson(readText(folder / "model_index.json"), "model_index.json");
        const JsonValue* className = index.find("_class_name");
        return className && className->isString() && className->asString() == pipelineClass;
    } catch (const std::exception&) {
        return false;  // unreadable: not a folder we can use
    }
}

bool isSdTurboFolder(const fs::path& folder, const fs::path& modelsFolder)
{
    return isPipelineFolder(folder, modelsFolder, {"sd-turbo", "sd_turbo"}, "StableDiffusionPipeline");
}

// FLUX.1-schnell: a FluxPipeline folder whose path names schnell (FLUX.1-dev needs guidance and 28+ steps).
bool isFluxSchnellFolder(const fs::path& folder, const fs::path& modelsFolder)
{
    return isPipelineFolder(folder, modelsFolder, {"schnell"}, "FluxPipeline");
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
    const bool procedural = settings.generator == kProcedural;
    JsonValue root = JsonValue::Object{};
    root.set("format", JsonValue(std::int64_t{kSettingsFormat}));
    root.set("generator", JsonValue(settings.generator));
    root.set("generatorVersion",
        JsonValue(std::string(procedural               ? model::ProceduralGenerator::kGeneratorId
                : settings.generator == kFluxGenerator ? model::FluxPipeline::kGeneratorId
                                                       : model::SdTurboPipeline::kGeneratorId)));
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
            throw fail(fmt::format("hold \"{}\" as {}, not a string", key, storage::jsonTypeName(value->type())));
        return value->asString();
    };
    auto integer = [&](const char* key, std::int64_t fallback) {
        const JsonValue* value = root.find(key);
        if (!value) return fallback;
        if (!value->isInteger())
            throw fail(fmt::format("hold \"{}\" as {}, not an integer", key, storage::jsonTypeName(value->type())));
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
    settings.generator = kSdTurbo;
    if (generator != fields.end() && (generator->second == kProcedural || generator->second == kFluxGenerator))
        settings.generator = generator->second;
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
    const bool procedural = settings.generator == kProcedural;
    std::string text = settings.prompt;
    if (!settings.negativePrompt.empty()) text += "\nNegative prompt: " + settings.negativePrompt;
    text += fmt::format("\nSteps: {}, ", settings.steps);
    if (settings.generator == kSdTurbo) text += "Sampler: Euler, Schedule type: Trailing, ";
    if (settings.generator == kFluxGenerator) text += "Sampler: Euler (flow matching), ";
    text += fmt::format("CFG scale: {}, Seed: {}, Size: {}x{}, Model: {}, Generator: {}, Version: TasteLab {}",
        formatNumber(settings.guidanceScale), settings.seed, settings.size, settings.size,
        procedural ? std::string(model::ProceduralGenerator::kGeneratorId)
                   : (modelId.empty() ? settings.generator : modelId),
        settings.generator, tastelabVersion());
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
    std::vector<GeneratorInfo> generators;
    GeneratorInfo procedural;
    procedural.id = kProcedural;
    procedural.label = "Procedural (built in)";
    procedural.available = true;
    generators.push_back(procedural);

    std::vector<fs::path> searched;
    if (!modelsFolder.empty()) searched.push_back(modelsFolder);
    if (!hubCache.empty()) searched.push_back(hubCache);
    std::vector<fs::path> found, flux;
    std::error_code ec;
    if (!modelsFolder.empty() && fs::is_directory(modelsFolder, ec)) {
        for (const FoundModel& m : findModels(modelsFolder, {})) {
            if (m.kind != ModelKind::Diffusers) continue;
            if (isSdTurboFolder(m.folder, modelsFolder)) found.push_back(m.folder);
            if (isFluxSchnellFolder(m.folder, modelsFolder)) flux.push_back(m.folder);
        }
    }
    if (!hubCache.empty()) {
        if (auto snapshot = model::FluxPipeline::findInHubCache(hubCache);
            snapshot && std::find(flux.begin(), flux.end(), *snapshot) == flux.end()) {
            flux.push_back(*snapshot);
        }
    }
    if (!hubCache.empty()) {
        if (auto snapshot = model::SdTurboPipeline::findInHubCache(hubCache);
            snapshot && std::find(found.begin(), found.end(), *snapshot) == found.end()) {
            found.push_back(*snapshot);
        }
    }
    for (const fs::path& folder : found) {
        GeneratorInfo sdTurbo;
        sdTurbo.id = kSdTurbo;
        sdTurbo.label = "SD-Turbo";
        sdTurbo.folder = folder;
        sdTurbo.available = true;
        sdTurbo.searched = searched;
        generators.push_back(sdTurbo);
    }
    if (found.empty()) {
        GeneratorInfo missing;
        missing.id = kSdTurbo;
        missing.label = "SD-Turbo";
        missing.searched = searched;
        missing.note = fmt::format(
            "No SD-Turbo model was found: looked in {}. To add one, put the diffusers folder of stabilityai/sd-turbo "
            "(model_index.json, unet/, vae/, text_encoder/, tokenizer/, scheduler/) in the models folder, in a folder "
            "whose name contains \"sd-turbo\" (the models folder is chosen in the GUI's Settings, or given with "
            "--models-folder), or download it into the Hugging Face cache with "
            "\"huggingface-cli download stabilityai/sd-turbo\". Until then the procedural generator is used.",
            searchedText(modelsFolder, hubCache));
        generators.push_back(missing);
    }
    // FLUX.1-schnell when there is one (after SD-Turbo, which is faster on a CPU); no entry when there is none.
    for (const fs::path& folder : flux) {
        GeneratorInfo info;
        info.id = kFluxGenerator;
        info.label = "FLUX.1-schnell";
        info.folder = folder;
        info.available = true;
        info.searched = searched;
        generators.push_back(info);
    }
    return generators;
}

std::string generatorOfFolder(const fs::path& folder)
{
    fs::path index = folder / "model_index.json";
    std::error_code ec;
    // The cache's models--black-forest-labs--FLUX.1-schnell folder keeps the file in a snapshot.
    if (!fs::is_regular_file(index, ec)) {
        if (auto snapshot = model::FluxPipeline::findInHubCache(folder.parent_path()); snapshot) {
            if (folder.filename() == model::FluxPipeline::kHubName) return kFluxGenerator;
        }
        return kSdTurbo;
    }
    try {
        const JsonValue root = storage::parseJson(readText(index), index.string());
        const JsonValue* className = root.find("_class_name");
        if (className && className->isString() && className->asString() == "FluxPipeline") return kFluxGenerator;
    } catch (const std::exception&) {
        // unreadable: the pipeline's loader says what is wrong with it
    }
    return kSdTurbo;
}

std::optional<GeneratorInfo> findSdTurbo(const fs::path& modelsFolder, const fs::path& hubCache)
{
    for (GeneratorInfo& info : listGenerators(modelsFolder, hubCache)) {
        if (info.id == kSdTurbo && info.available) return std::move(info);
    }
    return std::nullopt;
}

void validate(const GenerationSettings& s)
{
    auto fail = [](const std::string& message) { throw std::invalid_argument(message); };
    const bool procedural = s.generator == kProcedural;
    if (!isKnownGenerator(s.generator)) {
        fail(fmt::format("unknown generator '{}': use {}", s.generator, knownGeneratorsText()));
    }
    if (!procedural && s.modelFolder.empty()) fail(fmt::format("the {} generator needs its model folder", s.generator));
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
    if (const auto problem = storage::singleLineTextProblem(prompt, kMaxPromptBytes, true)) {
        return fmt::format("{} '{}' {}", what, storage::printableForTerminal(prompt), *problem);
    }
    return std::nullopt;
}

GenerationResult generateImages(Workspace& workspace, const GenerationSettings& settings,
    const std::function<void(const GenerationProgress&)>& onProgress, const std::atomic<bool>* cancel)
{
    validate(settings);
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    const auto secondsSince = [](Clock::time_point from) {
        return std::chrono::duration<double>(Clock::now() - from).count();
    };
    const bool procedural = settings.generator == kProcedural;
    const int steps = procedural ? 1 : settings.steps;
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
    if (!procedural) generatorOptions.device = model::resolveDevice(settings.device);
    const std::unique_ptr<TextToImage> generator =
        TextToImage::open(settings.generator, settings.modelFolder, generatorOptions);
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
        } catch (const std::runtime_error&) {
            if (!cancelled()) throw;
            result.cancelled = true;  // stopped between two UNet steps
            break;
        }
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
        info.parameters = storage::toJson(settingsObject(one, result.modelId));
        info.pngText = generationTextChunks(one, result.modelId);
        info.durationMs = static_cast<std::int64_t>(std::llround(secondsSince(imageStarted) * 1000.0));
        GenerationOutput output;
        output.imageId = addGeneratedImage(workspace, model::tensorToImage(pixels), info);
        output.seed = seed;
        if (const auto record = images.findById(output.imageId); record && record->libraryPath) {
            output.file = workspace.libraryDir() / *record->libraryPath;
        }
        output.seconds = secondsSince(imageStarted);
        result.images.push_back(output);
        report(i + 1, steps, output.imageId);
    }
    return result;
}

void releaseCachedPipelines()
{
    releaseTextToImagePipelines();
}

model::PngTextChunks generationTextChunks(const GenerationSettings& settings, const std::string& modelId)
{
    return {{kParametersKeyword, parametersText(settings, modelId)},
        {kTastelabKeyword, storage::toJson(settingsObject(settings, modelId))}};
}

std::optional<GenerationSettings> settingsFromTextChunks(
    const model::PngTextChunks& chunks, const std::string& sourceName)
{
    for (const auto& [keyword, text] : chunks) {
        if (keyword != kTastelabKeyword) continue;
        JsonValue root;
        try {
            root = storage::parseJson(text, sourceName + " (tastelab chunk)");
        } catch (const storage::FormatError& e) {
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
        parameters = storage::parseJson(record->parameters, "image parameters");
    } catch (const storage::FormatError&) {
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
    if (generator.rfind(kProcedural, 0) == 0) {
        settings.generator = kProcedural;
    } else if (generator.rfind(kSdTurbo, 0) == 0) {
        settings.generator = kSdTurbo;
    } else if (generator.rfind(kFluxGenerator, 0) == 0) {
        settings.generator = kFluxGenerator;
    } else {
        return std::nullopt;
    }
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
