// SD-Turbo natively: folder resolution, component loading, seeded noise, and the differentiable render.
#include "model/diffusion/sd_turbo.h"

#include "model/diffusion/autoencoder_kl.h"
#include "model/diffusion/clip_text_model.h"
#include "model/diffusion/euler_scheduler.h"
#include "model/diffusion/sd_unet.h"
#include "model/io/diffusers_folder.h"
#include "model/io/diffusers_weights.h"
#include "model/io/hf_config.h"
#include "model/nn/cancelled.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>
#include <fmt/format.h>

#include <optional>
#include <stdexcept>

namespace tastelab::model {

namespace fs = std::filesystem;

struct SdTurboPipeline::Parts {
    fs::path folder;
    std::string modelId;
    SdTurboOptions options;
    std::optional<ClipTextEncoder> textEncoder;  // absent for fromModules
    ClipTextModel textModel{nullptr};
    UNet2DConditionModel unet{nullptr};
    AutoencoderKL vae{nullptr};
    EulerDiscreteConfig schedulerConfig;
    // The SD VAE overflows in float16 (diffusers' force_upcast): it then runs in float32.
    at::ScalarType vaeDtype = at::kFloat;

    // Frozen, in eval mode, on the options' device and dtype (the VAE in float32 where float16 would overflow), with
    // checkpointing as the options say.
    void placeModules();
};

namespace {

void freeze(torch::nn::Module& module)
{
    for (auto& parameter : module.parameters()) parameter.set_requires_grad(false);
}

void checkPipelineClass(const fs::path& folder)
{
    const fs::path index = folder / "model_index.json";
    const util::JsonValue config = readConfigJson(index);
    const std::string className = configString(config, "_class_name", "", index);
    if (className.rfind("StableDiffusion", 0) != 0) {
        throw ModelLoadError(fmt::format(
            "{}: '_class_name' is '{}', not a Stable Diffusion pipeline such as SD-Turbo", index.string(), className));
    }
}

}  // namespace

void SdTurboPipeline::Parts::placeModules()
{
    for (torch::nn::Module* module :
        std::initializer_list<torch::nn::Module*>{unet.get(), vae.get(), textModel.get()}) {
        freeze(*module);
        module->to(options.device, options.dtype);
        module->eval();
    }
    vaeDtype = options.dtype == at::kHalf && vae->config().forceUpcast ? at::kFloat : options.dtype;
    vae->to(options.device, vaeDtype);
    unet->setGradientCheckpointing(options.gradientCheckpointing);
    vae->setGradientCheckpointing(options.gradientCheckpointing);
}

SdTurboPipeline::SdTurboPipeline(std::unique_ptr<Parts> parts)
    : parts_(std::move(parts))
{
}
SdTurboPipeline::SdTurboPipeline(SdTurboPipeline&&) noexcept = default;
SdTurboPipeline& SdTurboPipeline::operator=(SdTurboPipeline&&) noexcept = default;
SdTurboPipeline::~SdTurboPipeline() = default;

std::optional<fs::path> SdTurboPipeline::findInHubCache(const fs::path& hubCache)
{
    return hubSnapshot(hubCache / kHubName);
}

SdTurboPipeline SdTurboPipeline::load(const fs::path& requested, const SdTurboOptions& options)
{
    const fs::path folder =
        resolveDiffusersFolder(requested, kHubName, "unet/, vae/, text_encoder/, tokenizer/ and scheduler/");
    checkPipelineClass(folder);
    auto parts = std::make_unique<Parts>();
    parts->folder = folder;
    parts->options = options;

    const c10::AutoGradMode noGrad(false);
    // Each config is held against its weights' headers before the module it sizes is built.
    {
        const UNetConfig config = UNetConfig::fromJson(folder / "unet" / "config.json");
        WeightSource weights =
            openComponentWeights(folder / "unet", "diffusion_pytorch_model", options.preferFp16Files);
        config.requireFitsWeights(weights, folder / "unet" / "config.json");
        parts->unet = UNet2DConditionModel(config);
        loadModuleWeights(*parts->unet, weights);
    }
    {
        const AutoencoderKLConfig config = AutoencoderKLConfig::fromJson(folder / "vae" / "config.json");
        WeightSource weights = openComponentWeights(folder / "vae", "diffusion_pytorch_model", options.preferFp16Files);
        weights.rename(canonicalVaeTensorName);
        config.requireFitsWeights(weights, folder / "vae" / "config.json");
        parts->vae = AutoencoderKL(config);
        loadModuleWeights(*parts->vae, weights);
    }
    parts->textEncoder.emplace(
        ClipTextEncoder::fromFolders(folder / "text_encoder", folder / "tokenizer", options.preferFp16Files));
    parts->textModel = parts->textEncoder->model();
    const fs::path schedulerConfig = folder / "scheduler" / "scheduler_config.json";
    parts->schedulerConfig = EulerDiscreteConfig::fromJson(schedulerConfig);

    if (parts->unet->config().crossAttentionDim != parts->textModel->config().hiddenSize) {
        throw ModelLoadError(
            fmt::format("{}: the UNet's cross_attention_dim {} does not match the text encoder's hidden size {}",
                folder.string(), parts->unet->config().crossAttentionDim, parts->textModel->config().hiddenSize));
    }
    if (parts->unet->config().inChannels != parts->vae->config().latentChannels) {
        throw ModelLoadError(fmt::format("{}: the UNet takes {} channels but the VAE has {} latent channels",
            folder.string(), parts->unet->config().inChannels, parts->vae->config().latentChannels));
    }
    parts->modelId = fmt::format("{}@{}",
        folder.parent_path().filename() == "snapshots" ? folder.parent_path().parent_path().filename().string()
                                                       : folder.filename().string(),
        weightFilesIdentity(folder, {"unet", "vae", "text_encoder"}));

    parts->placeModules();
    return SdTurboPipeline(std::move(parts));
}

SdTurboPipeline SdTurboPipeline::fromModules(const UNet2DConditionModel& unet, const AutoencoderKL& vae,
    const ClipTextModel& textModel, const SdTurboOptions& options, std::string modelId)
{
    const c10::AutoGradMode noGrad(false);
    auto parts = std::make_unique<Parts>();
    parts->options = options;
    parts->modelId = std::move(modelId);
    parts->unet = unet;
    parts->vae = vae;
    parts->textModel = textModel;
    parts->placeModules();
    return SdTurboPipeline(std::move(parts));
}

std::string SdTurboPipeline::modelId() const
{
    return parts_->modelId;
}
const fs::path& SdTurboPipeline::folder() const
{
    return parts_->folder;
}
int SdTurboPipeline::latentChannels() const
{
    return static_cast<int>(parts_->vae->config().latentChannels);
}
int SdTurboPipeline::vaeScale() const
{
    return parts_->vae->downscale();
}
int SdTurboPipeline::defaultSize() const
{
    return static_cast<int>(parts_->unet->config().sampleSize) * vaeScale();
}
c10::Device SdTurboPipeline::device() const
{
    return parts_->options.device;
}
c10::ScalarType SdTurboPipeline::dtype() const
{
    return parts_->options.dtype;
}
int SdTurboPipeline::textHiddenSize() const
{
    return static_cast<int>(parts_->textModel->config().hiddenSize);
}

std::int64_t SdTurboPipeline::parameterCount() const
{
    std::int64_t count = 0;
    for (const torch::nn::Module* module : std::initializer_list<const torch::nn::Module*>{
             parts_->unet.get(), parts_->vae.get(), parts_->textModel.get()}) {
        for (const auto& parameter : module->parameters()) count += parameter.numel();
    }
    return count;
}

at::Tensor SdTurboPipeline::encodePrompts(const std::vector<std::string>& prompts) const
{
    if (!parts_->textEncoder)
        throw ModelLoadError(parts_->modelId + ": this pipeline has no tokenizer (random weights); pass embeddings");
    const c10::AutoGradMode noGrad(false);
    return parts_->textEncoder->encode(prompts).lastHiddenState.to(parts_->options.device, parts_->options.dtype);
}

at::Tensor SdTurboPipeline::noiseForSeeds(const std::vector<std::uint64_t>& seeds, int size) const
{
    const int scale = vaeScale();
    if (size <= 0 || size % (scale * 2) != 0) {
        throw std::invalid_argument(
            fmt::format("the image size {} must be a positive multiple of {}", size, scale * 2));
    }
    std::vector<at::Tensor> noise;
    for (std::uint64_t seed : seeds) {
        auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
        noise.push_back(at::randn(
            {latentChannels(), size / scale, size / scale}, generator, at::TensorOptions().dtype(at::kFloat)));
    }
    return at::stack(noise).to(parts_->options.device);
}

at::Tensor SdTurboPipeline::render(const at::Tensor& noise, const at::Tensor& promptEmbeddings,
    const SdTurboRenderOptions& options, const at::Tensor& negativeEmbeddings,
    const std::function<void(int, int)>& onStep, const std::atomic<bool>* cancel) const
{
    if (noise.dim() != 4 || noise.size(1) != latentChannels()) {
        throw std::invalid_argument(
            fmt::format("the noise must be [B, {}, h, w], not {}", latentChannels(), shapeText(noise.sizes())));
    }
    if (promptEmbeddings.dim() != 3 || promptEmbeddings.size(2) != parts_->unet->config().crossAttentionDim) {
        throw std::invalid_argument(fmt::format("the prompt embeddings must be [B, L, {}], not {}",
            parts_->unet->config().crossAttentionDim, shapeText(promptEmbeddings.sizes())));
    }
    const std::int64_t batch = noise.size(0);
    auto expand = [&](const at::Tensor& embeddings) {
        if (embeddings.size(0) == batch) return embeddings;
        if (embeddings.size(0) != 1) {
            throw std::invalid_argument(
                fmt::format("{} prompt embeddings for {} noise images", embeddings.size(0), batch));
        }
        return embeddings.expand({batch, embeddings.size(1), embeddings.size(2)});
    };
    const c10::Device device = parts_->options.device;
    const at::ScalarType dtype = parts_->options.dtype;
    const at::Tensor context = expand(promptEmbeddings).to(device, dtype);
    const bool guided = options.guidanceScale > 1.0 && negativeEmbeddings.defined();
    const at::Tensor negative = guided ? expand(negativeEmbeddings).to(device, dtype) : at::Tensor();

    EulerDiscreteScheduler scheduler(parts_->schedulerConfig);
    scheduler.setTimesteps(options.steps);
    at::Tensor sample = noise.to(device, at::kFloat) * scheduler.initNoiseSigma();
    const int steps = static_cast<int>(scheduler.timesteps().size());
    for (int step = 0; step < steps; ++step) {
        if (cancel && cancel->load()) throw Cancelled();
        const at::Tensor input = scheduler.scaleModelInput(sample, step).to(dtype);
        const at::Tensor timestep = at::full({batch}, scheduler.timesteps()[static_cast<std::size_t>(step)],
            at::TensorOptions().dtype(at::kFloat).device(device));
        at::Tensor prediction;
        if (guided) {
            const at::Tensor both = parts_->unet->forward(
                at::cat({input, input}), at::cat({timestep, timestep}), at::cat({negative, context}));
            const auto halves = both.to(at::kFloat).chunk(2);
            prediction = halves[0] + options.guidanceScale * (halves[1] - halves[0]);
        } else {
            prediction = parts_->unet->forward(input, timestep, context).to(at::kFloat);
        }
        sample = scheduler.step(prediction, step, sample);
        if (onStep) onStep(step + 1, steps);
    }
    const at::Tensor pixels = parts_->vae->decode(sample.to(parts_->vaeDtype)).to(at::kFloat);
    return ((pixels + 1.0) * 0.5).clamp(0.0, 1.0);
}

}  // namespace tastelab::model
