// Opening a generator of the registry as TextToImage; the adapters live in generators/<name>.cpp.
#include "app/services/text_to_image.h"

#include "app/services/generator_registry.h"

#include <fmt/format.h>

#include <stdexcept>

namespace tastelab::services {
namespace fs = std::filesystem;

std::vector<std::string> promptsForBatch(const std::vector<std::string>& prompts, std::int64_t batch)
{
    if (prompts.size() == 1 && batch > 1) return std::vector<std::string>(static_cast<std::size_t>(batch), prompts[0]);
    if (static_cast<std::int64_t>(prompts.size()) != batch) {
        throw std::invalid_argument(fmt::format("{} prompts for {} images", prompts.size(), batch));
    }
    return prompts;
}

void releaseTextToImagePipelines()
{
    for (const GeneratorEntry& entry : generatorRegistry()) {
        if (entry.releasePipelines) entry.releasePipelines();
    }
}

std::unique_ptr<TextToImage> TextToImage::open(
    const std::string& generator, const fs::path& modelFolder, const TextToImageOptions& options)
{
    const GeneratorEntry& entry = generatorEntry(generator);  // throws for an unknown generator
    if (entry.facts().needsModelFolder && modelFolder.empty()) {
        throw std::invalid_argument(fmt::format("the {} generator needs its model folder", generator));
    }
    return entry.open(modelFolder, options);
}

}  // namespace tastelab::services
