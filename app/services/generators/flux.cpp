// FLUX.1-schnell as TextToImage: its adapter, its cache of loaded pipelines, where its model folders are found, and
// its registry entry.
#include "model/diffusion/flux.h"
#include "app/services/generator_registry.h"
#include "app/services/generators/pipeline_cache.h"
#include "app/services/text_to_image.h"
#include "model/nn/runtime.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>

namespace tastelab::services {
namespace fs = std::filesystem;

namespace {

PipelineCache<model::FluxPipeline>& cache()
{
    static PipelineCache<model::FluxPipeline> pipelines;
    return pipelines;
}

class Flux final : public TextToImage {
public:
    Flux(const fs::path& folder, const TextToImageOptions& options)
    {
        model::FluxOptions o;
        o.device = options.device;
        o.dtype = model::precisionFor(model::ModelRole::Flux, options.device);
        o.gradientCheckpointing = options.gradientCheckpointing;
        // On a GPU the text encoders wait on the CPU between prompts: T5-XXL alone is 9.5 GB in bf16.
        o.offloadTextEncoders = options.device.is_cuda();
        const std::string variant = fmt::format("{}|{}", options.device.str(), options.gradientCheckpointing);
        pipeline_ = cache().get(folder, variant, [&] { return model::FluxPipeline::load(folder, o); });
    }
    std::string generatorId() const override { return model::FluxPipeline::kGeneratorId; }
    const GeneratorFacts& facts() const override { return generatorFacts(kFluxGenerator); }
    std::string modelId() const override { return pipeline_->modelId(); }
    at::Tensor noise(const std::vector<std::uint64_t>& seeds, int size) const override
    {
        return pipeline_->noiseForSeeds(seeds, size);
    }
    at::Tensor render(
        const at::Tensor& noise, const std::vector<std::string>& prompts, const RenderOptions& options) const override
    {
        model::FluxRenderOptions o;
        o.steps = facts().stepsOrDefault(options.steps);
        model::FluxPromptEmbeddings embeddings;
        {
            at::NoGradGuard noGrad;
            embeddings =
                pipeline_->encodePrompts(prompts.size() == 1 ? prompts : promptsForBatch(prompts, noise.size(0)));
        }
        return pipeline_->render(noise, embeddings, o, options.onStep, options.cancel).to(at::kFloat);
    }

private:
    std::shared_ptr<const model::FluxPipeline> pipeline_;
};

std::unique_ptr<TextToImage> openAdapter(const fs::path& folder, const TextToImageOptions& options)
{
    return std::make_unique<Flux>(folder, options);
}

}  // namespace

GeneratorEntry fluxGeneratorEntry()
{
    GeneratorEntry entry;
    entry.id = kFluxGenerator;
    entry.version = model::FluxPipeline::kGeneratorId;
    entry.sampler = "Euler (flow matching)";
    entry.open = openAdapter;
    entry.releasePipelines = [] { cache().clear(); };
    entry.pipelineClass = "FluxPipeline";
    // schnell only: FLUX.1-dev needs guidance and 28+ steps.
    entry.pathWords = {"schnell"};
    entry.hubName = model::FluxPipeline::kHubName;
    entry.findInHubCache = model::FluxPipeline::findInHubCache;
    // No entry when there is none: SD-Turbo's note already says how to get a diffusion generator.
    return entry;
}

}  // namespace tastelab::services
