// FLUX.1-schnell natively: folder resolution, component loading, the prompt cache, seeded noise, and the
// differentiable render (flow-matching Euler on packed latents, then the 16-channel VAE).
#include "model/diffusion/flux.h"

#include "model/diffusion/autoencoder_kl.h"
#include "model/diffusion/clip_text_model.h"
#include "model/diffusion/flow_match_scheduler.h"
#include "model/diffusion/flux_transformer.h"
#include "model/diffusion/t5_encoder.h"
#include "model/io/diffusers_folder.h"
#include "model/io/diffusers_weights.h"
#include "model/io/hf_config.h"
#include "model/nn/cancelled.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>
#include <fmt/format.h>

#include <algorithm>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

namespace tastelab::model {

namespace fs = std::filesystem;

namespace {

// FLUX.1-schnell is run with 256 T5 tokens (its pipelines refuse more); the tokenizer's file says 512.
constexpr int kSchnellT5Length = 256;
// The size we render by default (the VAE's sample_size says 1024; 512 keeps steering interactive).
constexpr int kDefaultSize = 512;
// How many prompts the embedding cache keeps.
constexpr std::size_t kPromptCacheSize = 8;

}  // namespace

struct FluxPipeline::Parts {
    fs::path folder;
    std::string modelId;
    FluxOptions options;
    std::optional<T5TextEncoder> t5;  // absent for fromModules
    std::optional<ClipTextEncoder> clip;
    FluxTransformer2DModel transformer{nullptr};
    AutoencoderKL vae{nullptr};
    FlowMatchConfig scheduler;
    at::ScalarType vaeDtype = at::kFloat;
    int t5Length = kSchnellT5Length;

    struct CachedPrompt {
        at::Tensor t5;  // [1, L, D]
        at::Tensor pooled;  // [1, P]
    };
    // Prompt -> embeddings, most recently used first. encodePrompts is const and may be called from several threads.
    mutable std::mutex cacheMutex;
    mutable std::list<std::pair<std::string, CachedPrompt>> cache;

    // Device, dtype, eval mode, frozen parameters and checkpointing as the options say.
    void placeTransformerAndVae();
    // Both text encoders where they wait between encodes: the device, or the CPU when offloading (in the pipeline's
    // dtype either way, so an encode is the same computation wherever it runs).
    void placeTextEncoders(c10::Device device);
};

namespace {

void checkPipelineClass(const fs::path& folder)
{
    const fs::path index = folder / "model_index.json";
    const util::JsonValue config = readConfigJson(index);
    const std::string className = configString(config, "_class_name", "", index);
    if (className != "FluxPipeline") {
        throw ModelLoadError(
            fmt::format("{}: '_class_name' is '{}', not 'FluxPipeline' (FLUX.1-schnell)", index.string(), className));
    }
}

// Frozen, in eval mode, on its device in its dtype.
void prepareModule(torch::nn::Module& module, c10::Device device, at::ScalarType dtype)
{
    for (auto& parameter : module.parameters()) parameter.set_requires_grad(false);
    module.to(device, dtype);
    module.eval();
}

}  // namespace

FluxPipeline::FluxPipeline(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts))
{
}
FluxPipeline::FluxPipeline(FluxPipeline&&) noexcept = default;
FluxPipeline& FluxPipeline::operator=(FluxPipeline&&) noexcept = default;
FluxPipeline::~FluxPipeline() = default;

std::optional<fs::path> FluxPipeline::findInHubCache(const fs::path& hubCache)
{
    return hubSnapshot(hubCache / kHubName);
}

void FluxPipeline::Parts::placeTextEncoders(c10::Device device)
{
    if (t5) t5->model()->to(device);
    if (clip) clip->model()->to(device);
}

void FluxPipeline::Parts::placeTransformerAndVae()
{
    prepareModule(*transformer, options.device, options.dtype);
    // float16 overflows in the FLUX VAE as in the SD VAE (diffusers' force_upcast); bfloat16 is fine.
    vaeDtype = options.dtype == at::kHalf && vae->config().forceUpcast ? at::kFloat : options.dtype;
    prepareModule(*vae, options.device, vaeDtype);
    transformer->setGradientCheckpointing(options.gradientCheckpointing);
    vae->setGradientCheckpointing(options.gradientCheckpointing);
}

FluxPipeline FluxPipeline::load(const fs::path& requested, const FluxOptions& options)
{
    const fs::path folder = resolveDiffusersFolder(requested, kHubName,
        "transformer/, text_encoder/, text_encoder_2/, tokenizer/, tokenizer_2/, vae/ and scheduler/");
    checkPipelineClass(folder);
    auto parts = std::make_unique<Parts>();
    parts->folder = folder;
    parts->options = options;

    const c10::AutoGradMode noGrad(false);
    parts->scheduler = FlowMatchConfig::fromJson(folder / "scheduler" / "scheduler_config.json");
    const fs::path transformerConfigFile = folder / "transformer" / "config.json";
    const FluxTransformerConfig transformerConfig = FluxTransformerConfig::fromJson(transformerConfigFile);
    if (transformerConfig.guidanceEmbeds) {
        throw ModelLoadError(
            fmt::format("{}: the key 'guidance_embeds' is true (FLUX.1-dev); only the guidance-distilled "
                        "FLUX.1-schnell is supported",
                transformerConfigFile.string()));
    }
    // Each config is held against its weights' headers before the module it sizes is built.
    {
        WeightSource weights = openComponentWeights(folder / "transformer", "diffusion_pytorch_model", false);
        transformerConfig.requireFitsWeights(weights, transformerConfigFile);
        // Built straight on the device in the pipeline's dtype and left uninitialised for the loader: a float32 CPU
        // copy of the 12B-parameter transformer would be 48 GB and minutes of random initialisation.
        parts->transformer = FluxTransformer2DModel(
            transformerConfig, at::TensorOptions().device(options.device).dtype(options.dtype), /*initialize=*/false);
        loadModuleWeights(*parts->transformer, weights);
    }
    {
        const AutoencoderKLConfig config = AutoencoderKLConfig::fromJson(folder / "vae" / "config.json");
        WeightSource weights = openComponentWeights(folder / "vae", "diffusion_pytorch_model", false);
        weights.rename(canonicalVaeTensorName);
        config.requireFitsWeights(weights, folder / "vae" / "config.json");
        parts->vae = AutoencoderKL(config);
        loadModuleWeights(*parts->vae, weights);
    }
    // Each component goes to its device and dtype as soon as it is loaded, so that the float32 CPU copies of the
    // 12B-parameter transformer and the 4.7B-parameter T5 never add up.
    parts->placeTransformerAndVae();
    const c10::Device textDevice = options.offloadTextEncoders ? c10::Device(c10::DeviceType::CPU) : options.device;
    parts->clip.emplace(ClipTextEncoder::fromFolders(folder / "text_encoder", folder / "tokenizer"));
    prepareModule(*parts->clip->model(), textDevice, options.dtype);
    parts->t5.emplace(T5TextEncoder::fromFolders(folder / "text_encoder_2", folder / "tokenizer_2"));
    prepareModule(*parts->t5->model(), textDevice, options.dtype);

    const std::int64_t latentChannels = parts->vae->config().latentChannels;
    if (transformerConfig.inChannels != 4 * latentChannels || transformerConfig.outChannels != 4 * latentChannels) {
        throw ModelLoadError(fmt::format("{}: the transformer takes {} and gives {} channels, but 2x2 patches of the "
                                         "VAE's {} latent channels are {}",
            transformerConfigFile.string(), transformerConfig.inChannels, transformerConfig.outChannels, latentChannels,
            4 * latentChannels));
    }
    if (transformerConfig.jointAttentionDim != parts->t5->model()->config().dModel) {
        throw ModelLoadError(fmt::format("{}: the transformer's joint_attention_dim {} does not match T5's d_model {}",
            transformerConfigFile.string(), transformerConfig.jointAttentionDim, parts->t5->model()->config().dModel));
    }
    if (transformerConfig.pooledProjectionDim != parts->clip->model()->config().hiddenSize) {
        throw ModelLoadError(
            fmt::format("{}: the transformer's pooled_projection_dim {} does not match CLIP's hidden size {}",
                transformerConfigFile.string(), transformerConfig.pooledProjectionDim,
                parts->clip->model()->config().hiddenSize));
    }
    parts->modelId = fmt::format("{}@{}",
        folder.parent_path().filename() == "snapshots" ? folder.parent_path().parent_path().filename().string()
                                                       : folder.filename().string(),
        weightFilesIdentity(folder, {"transformer", "vae", "text_encoder", "text_encoder_2"}));
    return FluxPipeline(std::move(parts));
}

FluxPipeline FluxPipeline::fromModules(const FluxTransformer2DModel& transformer, const AutoencoderKL& vae,
    const FluxOptions& options, std::string modelId)
{
    const c10::AutoGradMode noGrad(false);
    auto parts = std::make_unique<Parts>();
    parts->options = options;
    parts->modelId = std::move(modelId);
    parts->transformer = transformer;
    parts->vae = vae;
    parts->placeTransformerAndVae();
    return FluxPipeline(std::move(parts));
}

std::string FluxPipeline::modelId() const
{
    return parts_->modelId;
}
const fs::path& FluxPipeline::folder() const
{
    return parts_->folder;
}
int FluxPipeline::latentChannels() const
{
    return static_cast<int>(parts_->vae->config().latentChannels);
}
int FluxPipeline::vaeScale() const
{
    return parts_->vae->downscale();
}
int FluxPipeline::defaultSize() const
{
    return kDefaultSize;
}
c10::Device FluxPipeline::device() const
{
    return parts_->options.device;
}
c10::ScalarType FluxPipeline::dtype() const
{
    return parts_->options.dtype;
}
int FluxPipeline::t5Length() const
{
    return parts_->t5Length;
}
int FluxPipeline::t5HiddenSize() const
{
    return static_cast<int>(parts_->transformer->config().jointAttentionDim);
}
int FluxPipeline::pooledSize() const
{
    return static_cast<int>(parts_->transformer->config().pooledProjectionDim);
}

bool FluxPipeline::hasTextEncoders() const
{
    return parts_->t5.has_value() && parts_->clip.has_value();
}

std::int64_t FluxPipeline::parameterCount() const
{
    std::vector<const torch::nn::Module*> modules{parts_->transformer.get(), parts_->vae.get()};
    if (parts_->t5) modules.push_back(parts_->t5->model().get());
    if (parts_->clip) modules.push_back(parts_->clip->model().get());
    std::int64_t count = 0;
    for (const torch::nn::Module* module : modules) {
        for (const auto& parameter : module->parameters()) count += parameter.numel();
    }
    return count;
}

FluxPromptEmbeddings FluxPipeline::encodePrompts(const std::vector<std::string>& prompts) const
{
    if (!hasTextEncoders())
        throw ModelLoadError(
            parts_->modelId + ": this pipeline has no text encoders (random weights); pass embeddings");
    if (prompts.empty()) throw std::invalid_argument("no prompts to encode");
    const c10::AutoGradMode noGrad(false);
    const std::lock_guard<std::mutex> lock(parts_->cacheMutex);
    auto& cache = parts_->cache;
    const auto find = [&](const std::string& prompt) {
        return std::find_if(cache.begin(), cache.end(), [&](const auto& entry) { return entry.first == prompt; });
    };

    std::vector<std::string> missing;
    for (const std::string& prompt : prompts) {
        if (find(prompt) == cache.end() && std::find(missing.begin(), missing.end(), prompt) == missing.end())
            missing.push_back(prompt);
    }
    if (!missing.empty()) {
        const c10::Device device = parts_->options.device;
        const at::ScalarType dtype = parts_->options.dtype;
        if (parts_->options.offloadTextEncoders) parts_->placeTextEncoders(device);
        at::Tensor t5;
        at::Tensor pooled;
        try {
            t5 = parts_->t5->encode(missing, parts_->t5Length).to(device, dtype);
            pooled = parts_->clip->encode(missing).pooled.to(device, dtype);
        } catch (...) {
            if (parts_->options.offloadTextEncoders) parts_->placeTextEncoders(c10::Device(c10::DeviceType::CPU));
            throw;
        }
        if (parts_->options.offloadTextEncoders) parts_->placeTextEncoders(c10::Device(c10::DeviceType::CPU));
        for (std::size_t i = 0; i < missing.size(); ++i) {
            const auto index = static_cast<std::int64_t>(i);
            cache.emplace_front(
                missing[i], Parts::CachedPrompt{t5.narrow(0, index, 1).clone(), pooled.narrow(0, index, 1).clone()});
        }
    }
    std::vector<at::Tensor> t5Rows;
    std::vector<at::Tensor> pooledRows;
    for (const std::string& prompt : prompts) {
        const auto entry = find(prompt);
        t5Rows.push_back(entry->second.t5);
        pooledRows.push_back(entry->second.pooled);
        cache.splice(cache.begin(), cache, entry);  // most recently used first
    }
    while (cache.size() > std::max(kPromptCacheSize, prompts.size())) cache.pop_back();
    return {at::cat(t5Rows), at::cat(pooledRows)};
}

at::Tensor FluxPipeline::noiseForSeeds(const std::vector<std::uint64_t>& seeds, int size) const
{
    const int scale = vaeScale();
    if (size <= 0 || size % (scale * 2) != 0) {
        throw std::invalid_argument(fmt::format(
            "the image size {} must be a positive multiple of {} (2x2 patches of the latent)", size, scale * 2));
    }
    std::vector<at::Tensor> noise;
    for (std::uint64_t seed : seeds) {
        auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
        noise.push_back(at::randn(
            {latentChannels(), size / scale, size / scale}, generator, at::TensorOptions().dtype(at::kFloat)));
    }
    return at::stack(noise).to(parts_->options.device);
}

namespace {

void checkPrompt(const FluxPromptEmbeddings& prompt, const FluxTransformerConfig& config, std::int64_t batch)
{
    if (!prompt.t5.defined() || prompt.t5.dim() != 3 || prompt.t5.size(2) != config.jointAttentionDim) {
        throw std::invalid_argument(fmt::format("the T5 prompt embeddings must be [B, L, {}], not {}",
            config.jointAttentionDim, prompt.t5.defined() ? shapeText(prompt.t5.sizes()) : "undefined"));
    }
    if (!prompt.pooled.defined() || prompt.pooled.dim() != 2 || prompt.pooled.size(1) != config.pooledProjectionDim
        || prompt.pooled.size(0) != prompt.t5.size(0)) {
        throw std::invalid_argument(
            fmt::format("the pooled prompt embeddings must be [{}, {}], not {}", prompt.t5.size(0),
                config.pooledProjectionDim, prompt.pooled.defined() ? shapeText(prompt.pooled.sizes()) : "undefined"));
    }
    if (prompt.t5.size(0) != batch && prompt.t5.size(0) != 1) {
        throw std::invalid_argument(fmt::format("{} prompt embeddings for {} noise images", prompt.t5.size(0), batch));
    }
}

// Prompt embeddings checked against the transformer and broadcast to the batch, on the device in the dtype.
std::pair<at::Tensor, at::Tensor> conditioning(const FluxPromptEmbeddings& prompt, const FluxTransformerConfig& config,
    std::int64_t batch, c10::Device device, at::ScalarType dtype)
{
    checkPrompt(prompt, config, batch);
    return {prompt.t5.to(device, dtype).expand({batch, prompt.t5.size(1), prompt.t5.size(2)}),
        prompt.pooled.to(device, dtype).expand({batch, prompt.pooled.size(1)})};
}

}  // namespace

at::Tensor FluxPipeline::velocity(const at::Tensor& packedLatents, std::int64_t latentHeight, std::int64_t latentWidth,
    const FluxPromptEmbeddings& prompt, double sigma) const
{
    const FluxTransformerConfig& config = parts_->transformer->config();
    const std::int64_t tokens = (latentHeight / 2) * (latentWidth / 2);
    if (!packedLatents.defined() || packedLatents.dim() != 3 || packedLatents.size(1) != tokens
        || packedLatents.size(2) != config.inChannels) {
        throw std::invalid_argument(
            fmt::format("packed latents of a {}x{} latent must be [B, {}, {}], not {}", latentHeight, latentWidth,
                tokens, config.inChannels, packedLatents.defined() ? shapeText(packedLatents.sizes()) : "undefined"));
    }
    const std::int64_t batch = packedLatents.size(0);
    const c10::Device device = parts_->options.device;
    const at::ScalarType dtype = parts_->options.dtype;
    const auto [context, pooled] = conditioning(prompt, config, batch, device, dtype);
    const auto floatOnDevice = at::TensorOptions().dtype(at::kFloat).device(device);
    const at::Tensor imageIds = fluxImageIds(latentHeight, latentWidth).to(device);
    const at::Tensor textIds = at::zeros({context.size(1), 3}, floatOnDevice);
    // diffusers passes t / 1000, which is the sigma itself.
    const at::Tensor timestep = at::full({batch}, sigma, floatOnDevice);
    return parts_->transformer->forward(packedLatents.to(device, dtype), context, pooled, timestep, imageIds, textIds)
        .to(at::kFloat);
}

at::Tensor FluxPipeline::render(const at::Tensor& noise, const FluxPromptEmbeddings& prompt,
    const FluxRenderOptions& options, const std::function<void(int, int)>& onStep,
    const std::atomic<bool>* cancel) const
{
    if (!noise.defined() || noise.dim() != 4 || noise.size(1) != latentChannels() || noise.size(2) % 2 != 0
        || noise.size(3) % 2 != 0) {
        throw std::invalid_argument(fmt::format("the noise must be [B, {}, h, w] with h and w even, not {}",
            latentChannels(), noise.defined() ? shapeText(noise.sizes()) : "undefined"));
    }
    if (options.steps < 1) throw std::invalid_argument(fmt::format("{} steps: at least one is needed", options.steps));
    const std::int64_t height = noise.size(2), width = noise.size(3);
    checkPrompt(prompt, parts_->transformer->config(), noise.size(0));

    const FlowMatchSchedule schedule = flowMatchSchedule(parts_->scheduler, options.steps, (height / 2) * (width / 2));
    // The sample and the Euler arithmetic stay in float32; the transformer runs in the pipeline's dtype.
    at::Tensor latents = packFluxLatents(noise.to(parts_->options.device, at::kFloat));
    for (int step = 0; step < options.steps; ++step) {
        if (cancel && cancel->load()) throw Cancelled();
        const auto index = static_cast<std::size_t>(step);
        const double sigma = schedule.sigmas[index];
        latents = flowMatchEulerStep(
            latents, velocity(latents, height, width, prompt, sigma), sigma, schedule.sigmas[index + 1]);
        if (onStep) onStep(step + 1, options.steps);
    }
    const at::Tensor unpacked = unpackFluxLatents(latents, height, width);
    const at::Tensor pixels = parts_->vae->decode(unpacked.to(parts_->vaeDtype)).to(at::kFloat);
    return ((pixels + 1.0) * 0.5).clamp(0.0, 1.0);
}

}  // namespace tastelab::model
