// The code behind each generator of the catalog: how to open it, find its model folders, and name it in what is
// stored. Internal to the services; generation and TextToImage loop over it instead of naming generators.
#pragma once

// Adding a generator: its facts in generator_catalog.cpp, its entry here, and its own generators/<name>.cpp.

#include "app/services/generator_catalog.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tastelab::services {

class TextToImage;
struct TextToImageOptions;

struct GeneratorEntry {
    std::string_view id;  // the catalog's id
    std::string_view version;  // stored with each image as its generator ("procedural-v1")
    std::string_view sampler;  // in the PNG parameters as "Sampler: <sampler>, "; empty: none is written
    // Loads the generator (modelFolder is empty for one that needs none). Throws model::ModelLoadError.
    std::unique_ptr<TextToImage> (*open)(
        const std::filesystem::path& modelFolder, const TextToImageOptions& options) = nullptr;
    void (*releasePipelines)() = nullptr;  // forgets its loaded pipelines; nullptr: it keeps none

    // Finding model folders (generators that need one). A diffusers folder of the models folder is this generator's
    // when model_index.json's _class_name is pipelineClass and its path names one of pathWords.
    std::string_view pipelineClass;
    std::vector<std::string_view> pathWords;
    std::string_view hubName;  // its models--owner--name folder in the Hugging Face cache
    std::optional<std::filesystem::path> (*findInHubCache)(const std::filesystem::path& hubCache) = nullptr;
    // Listed (unavailable) when no folder is found, with this note on where it was looked for (`searched`) and how
    // to add one; nullptr: not listed at all.
    std::string (*missingNote)(const std::string& searched) = nullptr;

    const GeneratorFacts& facts() const { return generatorFacts(id); }
};

// In the catalog's order, one entry per catalog generator.
const std::vector<GeneratorEntry>& generatorRegistry();
// nullptr for an id that is not in the registry.
const GeneratorEntry* findGeneratorEntry(std::string_view id);
// Throws std::invalid_argument naming the known generators for an unknown id.
const GeneratorEntry& generatorEntry(std::string_view id);
// What a diffusers folder nothing claims, or an image from another tool, is taken for: the first generator that needs
// a model folder.
const GeneratorEntry& fallbackDiffusionGenerator();

// Each generator's entry, defined in its own file under generators/.
GeneratorEntry proceduralGeneratorEntry();
GeneratorEntry sdTurboGeneratorEntry();
GeneratorEntry fluxGeneratorEntry();

}  // namespace tastelab::services
