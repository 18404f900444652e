// The procedural generator, SD-Turbo and FLUX.1-schnell as TextToImage, with a small cache of loaded pipelines.
#include "app/services/text_to_image.h"

#include "model/flux.h"
#include "model/procedural_generator.h"
#include "model/sd_turbo.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>

#include <mutex>
#include <stdexcept>
#include <utility>

namespace tastelab::services {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> promptsFor(const std::vector<std::string>& prompts, std::int64_t batch)
{
    if (prompts.size() == 1 && batch > 1) return std::vector<std::string>(static_cast<std::size_t>(batch), prompts[0]);
    if (static_cast<std::int64_t>(prompts.size()) != batch) {
        throw std::invalid_argument(fmt::format("{} prompts for {} images", prompts.size(), batch));
    }
    return prompts;
}

// Loaded diffusion pipelines, newest last; several GB each, so only the last two are kept.
template <typename Pipeline>
class PipelineCache {
public:
    template <typename Load>
    std::shared_ptr<const Pipeline> get(const fs::path& folder, const std::string& variant, Load load)
    {
        std::error_code ec;
        const fs::path canonical = fs::weakly_canonical(folder, ec);
        const std::string key = (ec ? folder : canonical).string() + "|" + variant;
        // Held while loading: a second caller for the same folder waits for this load instead of starting its own.
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& [cachedKey, pipeline] : entries_) {
            if (cachedKey == key) return pipeline;
        }
        auto pipeline = std::make_shared<const Pipeline>(load());
        entries_.emplace_back(key, pipeline);
        if (entries_.size() > kCapacity) entries_.erase(entries_.begin());
        return pipeline;
    }

    void clear()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        entries_.clear();
    }

private:
    static constexpr std::size_t kCapacity = 2;
    std::mutex mutex_;
    std::vector<std::pair<std::string, std::shared_ptr<const Pipeline>>> entries_;
};

PipelineCache<model::SdTurboPipeline>& sdTurboCache()
{
    static PipelineCache<model::SdTurboPipeline> cache;
    return cache;
}

PipelineCache<model::FluxPipeline>& fluxCache()
{
    static PipelineCache<model::FluxPipeline> cache;
    return cache;
}

class Procedural final : public TextToImage {
public:
    explicit Procedural(int size)
        : generator_(configFor(size))
    {
    }
    std::string generatorId() const override { return model::ProceduralGenerator::kGeneratorId; }
    std::string modelId() const override { return {}; }
    at::Tensor noise(const std::vector<std::uint64_t>& seeds, int) const override
    {
        return generator_.noiseForSeeds(seeds);
    }
    at::Tensor render(
        const at::Tensor& noise, const std::vector<std::string>& prompts, const RenderOptions& options) const override
    {
        if (options.cancel && options.cancel->load()) throw std::runtime_error("cancelled");
        // One pass: no denoising steps to report.
        return generator_.render(noise, promptsFor(prompts, noise.size(0)), generator_.config().size).images;
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

class SdTurbo final : public TextToImage {
public:
    SdTurbo(const fs::path& folder, const TextToImageOptions& options)
    {
        model::SdTurboOptions o;
        o.device = options.device;
        o.dtype = options.device.is_cuda() ? c10::ScalarType::Half : c10::ScalarType::Float;
        o.gradientCheckpointing = options.gradientCheckpointing;
        const std::string variant = fmt::format("{}|{}", options.device.str(), options.gradientCheckpointing);
        pipeline_ = sdTurboCache().get(folder, variant, [&] { return model::SdTurboPipeline::load(folder, o); });
    }
    std::string generatorId() const override { return model::SdTurboPipeline::kGeneratorId; }
    std::string modelId() const override { return pipeline_->modelId(); }
    at::Tensor noise(const std::vector<std::uint64_t>& seeds, int size) const override
    {
        return pipeline_->noiseForSeeds(seeds, size);
    }
    at::Tensor render(
        const at::Tensor& noise, const std::vector<std::string>& prompts, const RenderOptions& options) const override
    {
        model::SdTurboRenderOptions o;
        o.steps = options.steps > 0 ? options.steps : 1;
        o.guidanceScale = options.guidanceScale;
        at::Tensor embeddings, negative;
        {
            at::NoGradGuard noGrad;
            embeddings = pipeline_->encodePrompts(prompts.size() == 1 ? prompts : promptsFor(prompts, noise.size(0)));
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

class Flux final : public TextToImage {
public:
    Flux(const fs::path& folder, const TextToImageOptions& options)
    {
        model::FluxOptions o;
        o.device = options.device;
        o.dtype = options.device.is_cuda() ? c10::ScalarType::BFloat16 : c10::ScalarType::Float;
        o.gradientCheckpointing = options.gradientCheckpointing;
        // On a GPU the text encoders wait on the CPU between prompts: T5-XXL alone is 9.5 GB in bf16.
        o.offloadTextEncoders = options.device.is_cuda();
        const std::string variant = fmt::format("{}|{}", options.device.str(), options.gradientCheckpointing);
        pipeline_ = fluxCache().get(folder, variant, [&] { return model::FluxPipeline::load(folder, o); });
    }
    std::string generatorId() const override { return model::FluxPipeline::kGeneratorId; }
    std::string modelId() const override { return pipeline_->modelId(); }
    at::Tensor noise(const std::vector<std::uint64_t>& seeds, int size) const override
    {
        return pipeline_->noiseForSeeds(seeds, size);
    }
    at::Tensor render(
        const at::Tensor& noise, const std::vector<std::string>& prompts, const RenderOptions& options) const override
    {
        model::FluxRenderOptions o;
        o.steps = options.steps > 0 ? options.steps : 4;
        model::FluxPromptEmbeddings embeddings;
        {
            at::NoGradGuard noGrad;
            embeddings = pipeline_->encodePrompts(prompts.size() == 1 ? prompts : promptsFor(prompts, noise.size(0)));
        }
        return pipeline_->render(noise, embeddings, o, options.onStep, options.cancel).to(at::kFloat);
    }
    int optimizationSteps(int) const override { return 1; }

private:
    std::shared_ptr<const model::FluxPipeline> pipeline_;
};

}  // namespace

void releaseTextToImagePipelines()
{
    sdTurboCache().clear();
    fluxCache().clear();
}

std::string knownGeneratorsText()
{
    return fmt::format("{}, {} or {}", kProceduralGenerator, kSdTurboGenerator, kFluxGenerator);
}

bool isKnownGenerator(const std::string& id)
{
    return id == kProceduralGenerator || id == kSdTurboGenerator || id == kFluxGenerator;
}

std::string sizeProblem(const std::string& generator, int size)
{
    if (generator == kProceduralGenerator) {
        if (size < 64 || size > 512) return "procedural images are 64 to 512 pixels a side";
    } else if (generator == kFluxGenerator) {
        if (size < 64 || size > 1024 || size % 16 != 0)
            return "FLUX images are 64 to 1024 pixels a side, a multiple of 16";
    } else if (size < 64 || size > 1024 || size % 8 != 0) {
        return "SD-Turbo images are 64 to 1024 pixels a side, a multiple of 8";
    }
    return {};
}

int defaultSteps(const std::string& generator)
{
    return generator == kFluxGenerator ? 4 : 1;
}

int maxSteps(const std::string& generator)
{
    return generator == kProceduralGenerator ? 1 : 4;
}

std::unique_ptr<TextToImage> TextToImage::open(
    const std::string& generator, const fs::path& modelFolder, const TextToImageOptions& options)
{
    if (generator == kProceduralGenerator) return std::make_unique<Procedural>(options.size);
    if (generator != kSdTurboGenerator && generator != kFluxGenerator) {
        throw std::invalid_argument(fmt::format("unknown generator '{}' ({})", generator, knownGeneratorsText()));
    }
    if (modelFolder.empty()) {
        throw std::invalid_argument(fmt::format("the {} generator needs its model folder", generator));
    }
    if (generator == kSdTurboGenerator) return std::make_unique<SdTurbo>(modelFolder, options);
    return std::make_unique<Flux>(modelFolder, options);
}

}  // namespace tastelab::services
