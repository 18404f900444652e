// FLUX.1-schnell natively: folder resolution, component loading, the prompt cache, seeded noise, and the
// differentiable render (flow-matching Euler on packed latents, then the 16-channel VAE).
#include "model/flux.h"

#include "model/autoencoder_kl.h"
#include "model/clip_text_model.h"
#include "model/diffusers_folder.h"
#include "model/diffusers_weights.h"
#include "model/flow_match_scheduler.h"
#include "model/flux_transformer.h"
#include "model/safetensors.h"
#include "model/t5_encoder.h"
#include "storage/atomic_file.h"
#include "storage/sha256.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
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
    std::optional<T5TextEncoder> t5;  // absent for randomFullSize
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
    const storage::JsonValue config = readConfigJson(index);
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

// Random weights at a scale that keeps activations of deep random stacks finite in bfloat16: matrices and kernels
// N(0, 0.02), biases 0, norm weights left at 1. Done in place on the module's device.
void initialiseRandomly(torch::nn::Module& module, std::uint64_t seed)
{
    at::manual_seed(seed);  // the CPU and CUDA generators
    for (auto& item : module.named_parameters()) {
        at::Tensor& parameter = item.value();
        if (parameter.dim() >= 2) {
            parameter.normal_(0.0, 0.02);
        } else if (item.key().size() >= 4 && item.key().compare(item.key().size() - 4, 4, "bias") == 0) {
            parameter.zero_();
        }
    }
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

FluxPipeline FluxPipeline::randomFullSize(const FluxOptions& options, std::uint64_t seed)
{
    const c10::AutoGradMode noGrad(false);
    at::manual_seed(seed);
    auto parts = std::make_unique<Parts>();
    parts->options = options;
    parts->modelId = fmt::format("flux-schnell-shaped-random-{}", seed);
    parts->transformer = FluxTransformer2DModel(FluxTransformerConfig::schnell(),
        at::TensorOptions().device(options.device).dtype(options.dtype), /*initialize=*/false);
    parts->vae = AutoencoderKL(AutoencoderKLConfig::flux());
    parts->placeTransformerAndVae();
    initialiseRandomly(*parts->transformer, seed);
    initialiseRandomly(*parts->vae, seed + 1);
    return FluxPipeline(std::move(parts));
}

void FluxPipeline::writeTinyFolder(const fs::path& folder, std::uint64_t seed)
{
    const c10::AutoGradMode noGrad(false);
    // CLIP-L's byte-pair files, padding with <|endoftext|> as FLUX's tokenizer does. The config's ids are the published
    // file's (bos 0, eos 2: transformers then pools at the largest id, the first <|endoftext|>).
    const int vocabSize = writeTinyClipTokenizer(folder / "tokenizer", "<|endoftext|>");
    writeTextFile(folder / "text_encoder" / "config.json",
        fmt::format(
            R"({{"architectures": ["CLIPTextModel"], "hidden_act": "quick_gelu", "hidden_size": 32, "intermediate_size": 64,)"
            R"( "num_attention_heads": 4, "num_hidden_layers": 2, "max_position_embeddings": 77, "vocab_size": {},)"
            R"( "bos_token_id": 0, "eos_token_id": 2, "pad_token_id": 1, "projection_dim": 32, "layer_norm_eps": 1e-05}})",
            vocabSize));

    fs::create_directories(folder / "tokenizer_2");
    writeTinySentencePieceModel(folder / "tokenizer_2" / "spiece.model",
        {"a", "photo", "of", "the", "red", "blue", "green", "cat", "dog", "sky", "sea", "house", "tree", "in", "on"});
    writeTextFile(folder / "tokenizer_2" / "tokenizer_config.json",
        R"({"eos_token": "</s>", "model_max_length": 512, "pad_token": "<pad>", "tokenizer_class": "T5Tokenizer", "unk_token": "<unk>"})");
    writeTextFile(folder / "text_encoder_2" / "config.json",
        R"({"architectures": ["T5EncoderModel"], "d_ff": 64, "d_kv": 8, "d_model": 32, "dense_act_fn": "gelu_new",)"
        R"( "feed_forward_proj": "gated-gelu", "is_gated_act": true, "layer_norm_epsilon": 1e-06, "model_type": "t5",)"
        R"( "num_heads": 4, "num_layers": 2, "relative_attention_max_distance": 16, "relative_attention_num_buckets": 8,)"
        R"( "vocab_size": 128})");

    writeTextFile(folder / "model_index.json",
        R"({"_class_name": "FluxPipeline", "_diffusers_version": "0.30.0.dev0", "scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"],)"
        R"( "text_encoder": ["transformers", "CLIPTextModel"], "text_encoder_2": ["transformers", "T5EncoderModel"],)"
        R"( "tokenizer": ["transformers", "CLIPTokenizer"], "tokenizer_2": ["transformers", "T5TokenizerFast"],)"
        R"( "transformer": ["diffusers", "FluxTransformer2DModel"], "vae": ["diffusers", "AutoencoderKL"]})");
    writeTextFile(folder / "scheduler" / "scheduler_config.json",
        R"({"_class_name": "FlowMatchEulerDiscreteScheduler", "_diffusers_version": "0.30.0.dev0", "base_image_seq_len": 256,)"
        R"( "base_shift": 0.5, "max_image_seq_len": 4096, "max_shift": 1.15, "num_train_timesteps": 1000, "shift": 1.0,)"
        R"( "use_dynamic_shifting": false})");
    writeTextFile(folder / "transformer" / "config.json",
        R"({"_class_name": "FluxTransformer2DModel", "attention_head_dim": 16, "axes_dims_rope": [4, 6, 6],)"
        R"( "guidance_embeds": false, "in_channels": 64, "joint_attention_dim": 32, "num_attention_heads": 2,)"
        R"( "num_layers": 1, "num_single_layers": 1, "out_channels": null, "patch_size": 1, "pooled_projection_dim": 32})");
    writeTextFile(folder / "vae" / "config.json",
        R"({"_class_name": "AutoencoderKL", "act_fn": "silu", "block_out_channels": [8, 16],)"
        R"( "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D"], "force_upcast": true, "in_channels": 3,)"
        R"( "latent_channels": 16, "latents_mean": null, "latents_std": null, "layers_per_block": 1,)"
        R"( "mid_block_add_attention": true, "norm_num_groups": 4, "out_channels": 3, "sample_size": 64,)"
        R"( "scaling_factor": 0.3611, "shift_factor": 0.1159, "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D"],)"
        R"( "use_post_quant_conv": false, "use_quant_conv": false})");

    at::manual_seed(seed);
    ClipTextModel clip(ClipTextConfig::fromJson(folder / "text_encoder" / "config.json"));
    T5EncoderModel t5(T5Config::fromJson(folder / "text_encoder_2" / "config.json"));
    FluxTransformer2DModel transformer(FluxTransformerConfig::fromJson(folder / "transformer" / "config.json"));
    AutoencoderKL vae(AutoencoderKLConfig::fromJson(folder / "vae" / "config.json"));
    // Default initialisation saturates a random decoder; a quieter output layer keeps pixels inside (0, 1), so the
    // gradient from the pixels is not clipped away in tests.
    for (auto& item : vae->named_parameters()) {
        if (item.key().rfind("decoder.conv_out.", 0) == 0) item.value().mul_(0.1);
    }
    writeSafetensors(folder / "text_encoder" / "model.safetensors", moduleTensors(*clip));
    writeSafetensors(folder / "text_encoder_2" / "model.safetensors", moduleTensors(*t5));
    writeSafetensors(folder / "vae" / "diffusion_pytorch_model.safetensors", moduleTensors(*vae));

    // The transformer as the published one is stored: shards and an index naming each tensor's shard.
    const auto tensors = moduleTensors(*transformer);
    const std::size_t half = tensors.size() / 2;
    const std::vector<std::string> shardNames{
        "diffusion_pytorch_model-00001-of-00002.safetensors", "diffusion_pytorch_model-00002-of-00002.safetensors"};
    std::string weightMap;
    std::int64_t totalSize = 0;
    for (std::size_t shard = 0; shard < 2; ++shard) {
        const auto begin = tensors.begin() + static_cast<std::ptrdiff_t>(shard == 0 ? 0 : half);
        const auto end = shard == 0 ? tensors.begin() + static_cast<std::ptrdiff_t>(half) : tensors.end();
        const std::vector<std::pair<std::string, at::Tensor>> part(begin, end);
        writeSafetensors(folder / "transformer" / shardNames[shard], part);
        for (const auto& [name, tensor] : part) {
            weightMap += fmt::format("{}{}: {}", weightMap.empty() ? "" : ", ", storage::jsonQuote(name),
                storage::jsonQuote(shardNames[shard]));
            totalSize += tensor.numel() * static_cast<std::int64_t>(tensor.element_size());
        }
    }
    writeTextFile(folder / "transformer" / "diffusion_pytorch_model.safetensors.index.json",
        fmt::format(R"({{"metadata": {{"total_size": {}}}, "weight_map": {{{}}}}})", totalSize, weightMap));
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
        if (cancel && cancel->load()) throw std::runtime_error("cancelled");
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
