// SD-Turbo natively: folder resolution, component loading, seeded noise, and the differentiable render.
#include "model/sd_turbo.h"

#include "model/autoencoder_kl.h"
#include "model/clip_text_model.h"
#include "model/diffusers_folder.h"
#include "model/diffusers_weights.h"
#include "model/euler_scheduler.h"
#include "model/pth_reader.h"
#include "model/safetensors.h"
#include "model/sd_unet.h"
#include "storage/atomic_file.h"
#include "storage/sha256.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace tastelab::model {

namespace fs = std::filesystem;

struct SdTurboPipeline::Parts {
    fs::path folder;
    std::string modelId;
    SdTurboOptions options;
    std::optional<ClipTextEncoder> textEncoder;  // absent for randomFullSize
    ClipTextModel textModel{nullptr};
    UNet2DConditionModel unet{nullptr};
    AutoencoderKL vae{nullptr};
    EulerDiscreteConfig schedulerConfig;
    // The SD VAE overflows in float16 (diffusers' force_upcast): it then runs in float32.
    at::ScalarType vaeDtype = at::kFloat;
};

namespace {

void freeze(torch::nn::Module& module)
{
    for (auto& parameter : module.parameters()) parameter.set_requires_grad(false);
}

void checkPipelineClass(const fs::path& folder)
{
    const fs::path index = folder / "model_index.json";
    const storage::JsonValue config = readConfigJson(index);
    const std::string className = configString(config, "_class_name", "", index);
    if (className.rfind("StableDiffusion", 0) != 0) {
        throw ModelLoadError(fmt::format(
            "{}: '_class_name' is '{}', not a Stable Diffusion pipeline such as SD-Turbo", index.string(), className));
    }
}

}  // namespace

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

    for (torch::nn::Module* module :
        std::initializer_list<torch::nn::Module*>{parts->unet.get(), parts->vae.get(), parts->textModel.get()}) {
        freeze(*module);
        module->to(options.device, options.dtype);
        module->eval();
    }
    parts->vaeDtype = options.dtype == at::kHalf && parts->vae->config().forceUpcast ? at::kFloat : options.dtype;
    parts->vae->to(options.device, parts->vaeDtype);
    parts->unet->setGradientCheckpointing(options.gradientCheckpointing);
    parts->vae->setGradientCheckpointing(options.gradientCheckpointing);
    return SdTurboPipeline(std::move(parts));
}

SdTurboPipeline SdTurboPipeline::randomFullSize(const SdTurboOptions& options, std::uint64_t seed)
{
    const c10::AutoGradMode noGrad(false);
    torch::manual_seed(seed);
    auto parts = std::make_unique<Parts>();
    parts->options = options;
    parts->modelId = fmt::format("sd-turbo-shaped-random-{}", seed);
    parts->unet = UNet2DConditionModel(UNetConfig::sdTurbo());
    parts->vae = AutoencoderKL(AutoencoderKLConfig::sdTurbo());
    parts->textModel = ClipTextModel(ClipTextConfig::sdTurbo());
    for (torch::nn::Module* module :
        std::initializer_list<torch::nn::Module*>{parts->unet.get(), parts->vae.get(), parts->textModel.get()}) {
        freeze(*module);
        module->to(options.device, options.dtype);
        module->eval();
    }
    parts->vaeDtype = options.dtype == at::kHalf && parts->vae->config().forceUpcast ? at::kFloat : options.dtype;
    parts->vae->to(options.device, parts->vaeDtype);
    parts->unet->setGradientCheckpointing(options.gradientCheckpointing);
    parts->vae->setGradientCheckpointing(options.gradientCheckpointing);
    return SdTurboPipeline(std::move(parts));
}

void SdTurboPipeline::writeTinyFolder(const fs::path& folder, std::uint64_t seed, bool fp16Variant)
{
    const c10::AutoGradMode noGrad(false);
    // The CLIP tokenizer files: a small byte-pair vocabulary padding with "!" (id 0), as SD 2 and SD-Turbo do.
    const int vocabSize = writeTinyClipTokenizer(folder / "tokenizer", "!");

    writeTextFile(folder / "model_index.json",
        R"({"_class_name": "StableDiffusionPipeline", "_diffusers_version": "0.24.0", "scheduler": ["diffusers", "EulerDiscreteScheduler"],)"
        R"( "text_encoder": ["transformers", "CLIPTextModel"], "tokenizer": ["transformers", "CLIPTokenizer"],)"
        R"( "unet": ["diffusers", "UNet2DConditionModel"], "vae": ["diffusers", "AutoencoderKL"]})");
    writeTextFile(folder / "scheduler" / "scheduler_config.json",
        R"({"_class_name": "EulerDiscreteScheduler", "beta_end": 0.012, "beta_schedule": "scaled_linear", "beta_start": 0.00085,)"
        R"( "interpolation_type": "linear", "num_train_timesteps": 1000, "prediction_type": "epsilon", "steps_offset": 1,)"
        R"( "timestep_spacing": "trailing", "trained_betas": null, "use_karras_sigmas": false})");
    writeTextFile(folder / "text_encoder" / "config.json",
        fmt::format(
            R"({{"architectures": ["CLIPTextModel"], "hidden_act": "gelu", "hidden_size": 32, "intermediate_size": 64,)"
            R"( "num_attention_heads": 4, "num_hidden_layers": 2, "max_position_embeddings": 77, "vocab_size": {},)"
            R"( "bos_token_id": 0, "eos_token_id": 2, "pad_token_id": 1, "projection_dim": 32, "layer_norm_eps": 1e-05}})",
            vocabSize));
    writeTextFile(folder / "unet" / "config.json",
        R"({"_class_name": "UNet2DConditionModel", "act_fn": "silu", "attention_head_dim": [2, 4], "block_out_channels": [32, 64],)"
        R"( "cross_attention_dim": 32, "down_block_types": ["CrossAttnDownBlock2D", "DownBlock2D"], "flip_sin_to_cos": true,)"
        R"( "freq_shift": 0, "in_channels": 4, "layers_per_block": 1, "norm_eps": 1e-05, "norm_num_groups": 8, "out_channels": 4,)"
        R"( "sample_size": 8, "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D"], "use_linear_projection": true})");
    writeTextFile(folder / "vae" / "config.json",
        R"({"_class_name": "AutoencoderKL", "act_fn": "silu", "block_out_channels": [8, 16, 16, 16],)"
        R"( "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],)"
        R"( "in_channels": 3, "latent_channels": 4, "layers_per_block": 1, "norm_num_groups": 4, "out_channels": 3,)"
        R"( "sample_size": 64, "scaling_factor": 0.18215,)"
        R"( "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"]})");

    torch::manual_seed(seed);
    ClipTextModel text(ClipTextConfig::fromJson(folder / "text_encoder" / "config.json"));
    UNet2DConditionModel unet(UNetConfig::fromJson(folder / "unet" / "config.json"));
    AutoencoderKL vae(AutoencoderKLConfig::fromJson(folder / "vae" / "config.json"));
    // Default initialisation saturates a random decoder; a quieter output layer keeps pixels inside (0, 1), so the
    // gradient from the pixels is not clipped away in tests.
    for (auto& item : vae->named_parameters()) {
        if (item.key().rfind("decoder.conv_out.", 0) == 0) item.value().mul_(0.1);
    }
    const auto write = [&](const torch::nn::Module& module, const fs::path& dir, const std::string& stem) {
        const auto tensors = moduleTensors(module);
        writeSafetensors(dir / (stem + ".safetensors"), tensors);
        if (!fp16Variant) return;
        auto half = tensors;
        for (auto& entry : half) {
            if (at::isFloatingType(entry.second.scalar_type())) entry.second = entry.second.to(at::kHalf);
        }
        writeSafetensors(dir / (stem + ".fp16.safetensors"), half);
    };
    write(*text, folder / "text_encoder", "model");
    write(*unet, folder / "unet", "diffusion_pytorch_model");
    write(*vae, folder / "vae", "diffusion_pytorch_model");
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
        if (cancel && cancel->load()) throw std::runtime_error("cancelled");
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
