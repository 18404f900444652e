// The procedural generator (built in, no model folder) as TextToImage, and its registry entry.
#include "app/services/generator_registry.h"
#include "app/services/text_to_image.h"
#include "model/nn/cancelled.h"
#include "model/procedural/procedural_generator.h"

namespace tastelab::services {
namespace fs = std::filesystem;

namespace {

class Procedural final : public TextToImage {
public:
    explicit Procedural(int size)
        : generator_(configFor(size))
    {
    }
    std::string generatorId() const override { return model::ProceduralGenerator::kGeneratorId; }
    const GeneratorFacts& facts() const override { return generatorFacts(kProceduralGenerator); }
    std::string modelId() const override { return {}; }
    at::Tensor noise(const std::vector<std::uint64_t>& seeds, int) const override
    {
        return generator_.noiseForSeeds(seeds);
    }
    at::Tensor render(
        const at::Tensor& noise, const std::vector<std::string>& prompts, const RenderOptions& options) const override
    {
        if (options.cancel && options.cancel->load()) throw model::Cancelled();
        // One pass: no denoising steps to report.
        return generator_.render(noise, promptsForBatch(prompts, noise.size(0)), generator_.config().size).images;
    }

private:
    static model::ProceduralConfig configFor(int size)
    {
        model::ProceduralConfig config;
        config.size = size;
        return config;
    }
    model::ProceduralGenerator generator_;
};

std::unique_ptr<TextToImage> openAdapter(const fs::path&, const TextToImageOptions& options)
{
    return std::make_unique<Procedural>(options.size);
}

}  // namespace

GeneratorEntry proceduralGeneratorEntry()
{
    GeneratorEntry entry;
    entry.id = kProceduralGenerator;
    entry.version = model::ProceduralGenerator::kGeneratorId;
    entry.open = openAdapter;
    return entry;
}

}  // namespace tastelab::services
