// SD-Turbo as TextToImage: its adapter, its cache of loaded pipelines, where its model folders are found, and its
// registry entry.
#include "model/diffusion/sd_turbo.h"
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

PipelineCache<model::SdTurboPipeline>& cache()
{
    static PipelineCache<model::SdTurboPipeline> pipelines;
    return pipelines;
}

class SdTurbo final : public TextToImage {
public:
    SdTurbo(const fs::path& folder, const TextToImageOptions& options)
    {
        model::SdTurboOptions o;
        o.device = options.device;
        o.dtype = model::precisionFor(model::ModelRole::SdTurboUnet, options.device);  // the VAE: forceUpcast
        o.gradientCheckpointing = options.gradientCheckpointing;
        const std::string variant = fmt::format("{}|{}", options.device.str(), options.gradientCheckpointing);
        pipeline_ = cache().get(folder, variant, [&] { return model::SdTurboPipeline::load(folder, o); });
    }
    std::string generatorId() const override { return model::SdTurboPipeline::kGeneratorId; }
    const GeneratorFacts& facts() const override { return generatorFacts(kSdTurboGenerator); }
    std::string modelId() const override { return pipeline_->modelId(); }
    at::Tensor noise(const std::vector<std::uint64_t>& seeds, int size) const override
    {
        return pipeline_->noiseForSeeds(seeds, size);
    }
    at::Tensor render(
        const at::Tensor& noise, const std::vector<std::string>& prompts, const RenderOptions& options) const override
    {
        model::SdTurboRenderOptions o;
        o.steps = facts().stepsOrDefault(options.steps);
        o.guidanceScale = options.guidanceScale;
        at::Tensor embeddings, negative;
        {
            at::NoGradGuard noGrad;
            embeddings =
                pipeline_->encodePrompts(prompts.size() == 1 ? prompts : promptsForBatch(prompts, noise.size(0)));
            if (options.guidanceScale > 1) {
                negative = pipeline_->encodePrompts(
                    std::vector<std::string>(static_cast<std::size_t>(embeddings.size(0)), options.negativePrompt));
            }
        }
        return pipeline_->render(noise, embeddings, o, negative, options.onStep, options.cancel).to(at::kFloat);
    }

private:
    std::shared_ptr<const model::SdTurboPipeline> pipeline_;
};

std::unique_ptr<TextToImage> openAdapter(const fs::path& folder, const TextToImageOptions& options)
{
    return std::make_unique<SdTurbo>(folder, options);
}

std::string missingNote(const std::string& searched)
{
    return fmt::format(
        "No SD-Turbo model was found: looked in {}. To add one, put the diffusers folder of stabilityai/sd-turbo "
        "(model_index.json, unet/, vae/, text_encoder/, tokenizer/, scheduler/) in the models folder, in a folder "
        "whose name contains \"sd-turbo\" (the models folder is chosen in the GUI's Settings, or given with "
        "--models-folder), or download it into the Hugging Face cache with "
        "\"huggingface-cli download stabilityai/sd-turbo\". Until then the procedural generator is used.",
        searched);
}

}  // namespace

GeneratorEntry sdTurboGeneratorEntry()
{
    GeneratorEntry entry;
    entry.id = kSdTurboGenerator;
    entry.version = model::SdTurboPipeline::kGeneratorId;
    entry.sampler = "Euler, Schedule type: Trailing";
    entry.open = openAdapter;
    entry.releasePipelines = [] { cache().clear(); };
    entry.pipelineClass = "StableDiffusionPipeline";
    entry.pathWords = {"sd-turbo", "sd_turbo"};
    entry.hubName = model::SdTurboPipeline::kHubName;
    entry.findInHubCache = model::SdTurboPipeline::findInHubCache;
    // The generator the pages offer first after the procedural one: listed with how to add it when it is missing.
    entry.missingNote = missingNote;
    return entry;
}

}  // namespace tastelab::services
