// tastelab-write-model: writes an SD-Turbo or FLUX.1-schnell folder in the official diffusers layout with random
// weights, for packaging/gpu-check.sh (the product commands then load it exactly as a downloaded model).
//
//   tastelab-write-model sd-turbo|flux-schnell OUT_DIR [--tiny] [--device cpu|cuda]
//
// --tiny writes the test fixtures' tiny configurations. Full size writes the published configurations: SD-Turbo in
// float16 (the ".fp16" variant files, as stabilityai/sd-turbo publishes them) and FLUX.1-schnell in bfloat16, the
// FLUX transformer and T5-XXL as sharded checkpoints with an index. Large components are never built as float32
// modules: their tensor names and shapes come from a module built on the meta device (FLUX) or from a two-block
// template (T5), and each shard is filled at random on --device and written before the next is made, so host memory
// stays at about one shard (5 GB).
//
// The tokenizers are the fixtures' tiny ones (a small CLIP byte-pair vocabulary, a hand-written sentencepiece
// model): the loaders only require that a tokenizer's vocabulary fits the text encoder's embedding table, and speed
// and memory do not depend on which ids a prompt becomes.
#include "model/diffusion/autoencoder_kl.h"
#include "model/diffusion/clip_text_model.h"
#include "model/diffusion/flux_transformer.h"
#include "model/diffusion/sd_unet.h"
#include "model/diffusion/t5_encoder.h"
#include "model/io/diffusers_weights.h"
#include "model/io/safetensors.h"
#include "tests/support/text_file.h"
#include "tests/support/tiny_clip_tokenizer.h"
#include "tests/support/tiny_flux.h"
#include "tests/support/tiny_sd_turbo.h"
#include "tests/support/tiny_sentencepiece.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <fmt/format.h>
#include <torch/cuda.h>
#include <torch/utils.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using namespace tastelab::model;
using namespace tastelab::testing;

namespace {

// Hugging Face's default shard size: the published FLUX transformer has 3 shards, T5-XXL 2.
constexpr std::int64_t kMaxShardBytes = 5'000'000'000;

// One tensor of a component: a value to write (converted to the component's dtype), or only a shape to fill at random.
struct Entry {
    std::string name;
    std::vector<std::int64_t> shape;
    at::Tensor value;
};

std::vector<Entry> entriesOf(const torch::nn::Module& module, bool withValues)
{
    std::vector<Entry> entries;
    for (const auto& [name, tensor] : moduleTensors(module)) {
        entries.push_back({name, tensor.sizes().vec(), withValues ? tensor : at::Tensor()});
    }
    return entries;
}

bool endsWith(const std::string& text, const std::string& tail)
{
    return text.size() >= tail.size() && text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

// Random weights at a scale that keeps deep random stacks finite in bfloat16 and float16 (as randomFullSizeFlux
// does): matrices and kernels N(0, 0.02), biases 0, other vectors (norm weights) 1.
at::Tensor randomTensor(const Entry& entry, const at::TensorOptions& options)
{
    at::Tensor tensor = at::empty(entry.shape, options);
    if (tensor.dim() >= 2) {
        tensor.normal_(0.0, 0.02);
    } else if (endsWith(entry.name, "bias")) {
        tensor.zero_();
    } else {
        tensor.fill_(1.0);
    }
    return tensor;
}

// Writes `stem`.safetensors (with `variant`, e.g. ".fp16") or, above one shard, `stem`-0000k-of-0000n.safetensors and
// `stem`.safetensors.index.json, as transformers and diffusers save them.
void writeComponent(const fs::path& dir, const std::string& stem, const std::string& variant,
    const std::vector<Entry>& entries, at::ScalarType dtype, c10::Device device)
{
    const auto started = std::chrono::steady_clock::now();
    fs::create_directories(dir);
    std::vector<std::vector<const Entry*>> shards(1);
    std::int64_t shardBytes = 0;
    std::int64_t totalBytes = 0;
    for (const Entry& entry : entries) {
        std::int64_t bytes = static_cast<std::int64_t>(c10::elementSize(dtype));
        for (const std::int64_t dim : entry.shape) bytes *= dim;
        if (shardBytes > 0 && shardBytes + bytes > kMaxShardBytes) {
            shards.emplace_back();
            shardBytes = 0;
        }
        shards.back().push_back(&entry);
        shardBytes += bytes;
        totalBytes += bytes;
    }
    const std::size_t count = shards.size();
    if (count > 1 && !variant.empty()) throw std::logic_error("sharded variant files are not written");
    std::string weightMap;
    for (std::size_t i = 0; i < count; ++i) {
        const std::string file = count == 1 ? stem + variant + ".safetensors"
                                            : fmt::format("{}-{:05d}-of-{:05d}.safetensors", stem, i + 1, count);
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        for (const Entry* entry : shards[i]) {
            at::Tensor tensor = entry->value.defined() ? entry->value.to(dtype)
                                                       : randomTensor(*entry, at::TensorOptions(device).dtype(dtype));
            tensors.emplace_back(entry->name, std::move(tensor));
            if (count > 1) {
                weightMap += fmt::format("{}{}: {}", weightMap.empty() ? "" : ", ",
                    tastelab::util::jsonQuote(entry->name), tastelab::util::jsonQuote(file));
            }
        }
        writeSafetensors(dir / file, tensors);
    }
    if (count > 1) {
        writeTextFile(dir / (stem + ".safetensors.index.json"),
            fmt::format(R"({{"metadata": {{"total_size": {}}}, "weight_map": {{{}}}}})", totalBytes, weightMap));
    }
    fmt::print("  {}/{}: {} tensors, {:.2f} GB in {} file(s), {:.1f} s\n", dir.filename().string(), stem,
        entries.size(), static_cast<double>(totalBytes) / 1e9, count,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    std::fflush(stdout);
}

// Default initialisation saturates a random decoder; a quieter output layer keeps pixels inside (0, 1), as the tiny
// fixtures do.
void quietDecoder(AutoencoderKL& vae)
{
    for (auto& item : vae->named_parameters()) {
        if (item.key().rfind("decoder.conv_out.", 0) == 0) item.value().mul_(0.1);
    }
}

const char* const kSdVaeBlocks =
    R"("down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],)"
    R"( "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"],)";

// stabilityai/sd-turbo: the configs as published, the modules built from them (SdTurboPipeline::load reads the same
// files) with their default initialisation (the benchmarks' randomFullSizeSdTurbo), written as float16 variant files.
void writeSdTurbo(const fs::path& folder, c10::Device device)
{
    writeTinyClipTokenizer(folder / "tokenizer", "!");
    writeTextFile(folder / "model_index.json",
        R"({"_class_name": "StableDiffusionPipeline", "_diffusers_version": "0.24.0", "feature_extractor": [null, null],)"
        R"( "requires_safety_checker": false, "safety_checker": [null, null], "scheduler": ["diffusers", "EulerDiscreteScheduler"],)"
        R"( "text_encoder": ["transformers", "CLIPTextModel"], "tokenizer": ["transformers", "CLIPTokenizer"],)"
        R"( "unet": ["diffusers", "UNet2DConditionModel"], "vae": ["diffusers", "AutoencoderKL"]})");
    writeTextFile(folder / "scheduler" / "scheduler_config.json",
        R"({"_class_name": "EulerDiscreteScheduler", "_diffusers_version": "0.24.0", "beta_end": 0.012, "beta_schedule": "scaled_linear",)"
        R"( "beta_start": 0.00085, "clip_sample": false, "interpolation_type": "linear", "num_train_timesteps": 1000,)"
        R"( "prediction_type": "epsilon", "set_alpha_to_one": false, "skip_prk_steps": true, "steps_offset": 1,)"
        R"( "timestep_spacing": "trailing", "trained_betas": null, "use_karras_sigmas": false})");
    writeTextFile(folder / "text_encoder" / "config.json",
        R"({"architectures": ["CLIPTextModel"], "attention_dropout": 0.0, "bos_token_id": 0, "dropout": 0.0, "eos_token_id": 2,)"
        R"( "hidden_act": "gelu", "hidden_size": 1024, "initializer_factor": 1.0, "initializer_range": 0.02,)"
        R"( "intermediate_size": 4096, "layer_norm_eps": 1e-05, "max_position_embeddings": 77, "model_type": "clip_text_model",)"
        R"( "num_attention_heads": 16, "num_hidden_layers": 23, "pad_token_id": 1, "projection_dim": 512,)"
        R"( "torch_dtype": "float16", "vocab_size": 49408})");
    writeTextFile(folder / "unet" / "config.json",
        R"({"_class_name": "UNet2DConditionModel", "_diffusers_version": "0.24.0", "act_fn": "silu", "attention_head_dim": [5, 10, 20, 20],)"
        R"( "block_out_channels": [320, 640, 1280, 1280], "center_input_sample": false, "cross_attention_dim": 1024,)"
        R"( "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],)"
        R"( "downsample_padding": 1, "dual_cross_attention": false, "flip_sin_to_cos": true, "freq_shift": 0, "in_channels": 4,)"
        R"( "layers_per_block": 2, "mid_block_scale_factor": 1, "norm_eps": 1e-05, "norm_num_groups": 32,)"
        R"( "num_class_embeds": null, "only_cross_attention": false, "out_channels": 4, "sample_size": 64,)"
        R"( "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],)"
        R"( "upcast_attention": true, "use_linear_projection": true})");
    writeTextFile(folder / "vae" / "config.json",
        std::string(
            R"({"_class_name": "AutoencoderKL", "_diffusers_version": "0.24.0", "act_fn": "silu", "block_out_channels": [128, 256, 512, 512],)"
            R"( "in_channels": 3, "latent_channels": 4, "layers_per_block": 2, "norm_num_groups": 32, "out_channels": 3,)"
            R"( "sample_size": 768, "scaling_factor": 0.18215, )")
            + kSdVaeBlocks + R"( "force_upcast": true})");

    // The product's own published shapes: a config text that drifted from them fails here, not in the GPU run.
    const UNetConfig unetConfig = UNetConfig::fromJson(folder / "unet" / "config.json");
    const ClipTextConfig textConfig = ClipTextConfig::fromJson(folder / "text_encoder" / "config.json");
    torch::manual_seed(0);
    {
        const UNetConfig published = UNetConfig::sdTurbo();
        if (unetConfig.blockOutChannels != published.blockOutChannels
            || unetConfig.attentionHeads != published.attentionHeads
            || unetConfig.crossAttentionDim != published.crossAttentionDim
            || unetConfig.layersPerBlock != published.layersPerBlock
            || unetConfig.upcastAttention != published.upcastAttention
            || unetConfig.downBlockTypes != published.downBlockTypes) {
            throw std::logic_error("unet/config.json does not describe UNetConfig::sdTurbo()");
        }
        const ClipTextConfig publishedText = ClipTextConfig::sdTurbo();
        if (textConfig.hiddenSize != publishedText.hiddenSize || textConfig.layers != publishedText.layers
            || textConfig.heads != publishedText.heads || textConfig.activation != publishedText.activation) {
            throw std::logic_error("text_encoder/config.json does not describe ClipTextConfig::sdTurbo()");
        }
        const UNet2DConditionModel unet(unetConfig);
        writeComponent(folder / "unet", "diffusion_pytorch_model", ".fp16", entriesOf(*unet, true), at::kHalf, device);
    }
    {
        AutoencoderKL vae(AutoencoderKLConfig::fromJson(folder / "vae" / "config.json"));
        quietDecoder(vae);
        writeComponent(folder / "vae", "diffusion_pytorch_model", ".fp16", entriesOf(*vae, true), at::kHalf, device);
    }
    {
        const ClipTextModel text(textConfig);
        writeComponent(folder / "text_encoder", "model", ".fp16", entriesOf(*text, true), at::kHalf, device);
    }
}

// T5-XXL's 4.7B parameters are not built as a float32 module: a two-block model gives block 0 (which alone holds the
// relative attention bias) and block 1, whose names are repeated for blocks 2..layers-1.
std::vector<Entry> t5Entries(const T5Config& config)
{
    T5Config twoBlocks = config;
    twoBlocks.layers = std::min<std::int64_t>(config.layers, 2);
    const T5EncoderModel t5(twoBlocks);
    std::vector<Entry> entries;
    std::vector<Entry> blockOne;
    const std::string blockOnePrefix = "encoder.block.1.";
    for (Entry& entry : entriesOf(*t5, false)) {
        if (entry.name.rfind(blockOnePrefix, 0) == 0) {
            blockOne.push_back(std::move(entry));
            continue;
        }
        if (entry.name.rfind("encoder.final_layer_norm.", 0) == 0) {
            for (std::int64_t block = 1; block < config.layers; ++block) {
                for (const Entry& one : blockOne) {
                    Entry copy = one;
                    copy.name = fmt::format("encoder.block.{}.{}", block, one.name.substr(blockOnePrefix.size()));
                    entries.push_back(std::move(copy));
                }
            }
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

void requireSameTensors(const std::vector<Entry>& planned, const torch::nn::Module& module, const std::string& what)
{
    const std::vector<Entry> actual = entriesOf(module, false);
    bool same = planned.size() == actual.size();
    for (std::size_t i = 0; same && i < planned.size(); ++i) {
        same = planned[i].name == actual[i].name && planned[i].shape == actual[i].shape;
    }
    if (!same) throw std::logic_error(what + ": the planned tensors differ from the module's");
}

// The shortcuts above (a two-block T5, a transformer on the meta device), held against real modules of a small
// configuration of the same code each run: a name they got wrong fails here, not when a GPU machine loads the folder.
void checkShortcuts()
{
    T5Config t5;
    t5.vocabSize = 64;
    t5.dModel = 16;
    t5.dKv = 4;
    t5.dFf = 32;
    t5.heads = 4;
    t5.layers = 4;
    t5.relativeBuckets = 8;
    t5.relativeMaxDistance = 16;
    requireSameTensors(t5Entries(t5), *T5EncoderModel(t5), "T5 from two blocks");

    FluxTransformerConfig flux = FluxTransformerConfig::schnell();
    flux.numLayers = 2;
    flux.numSingleLayers = 2;
    flux.attentionHeadDim = 16;
    flux.numAttentionHeads = 2;
    flux.axesDimsRope = {4, 6, 6};
    flux.jointAttentionDim = 32;
    flux.pooledProjectionDim = 32;
    const FluxTransformer2DModel meta(flux, at::TensorOptions().device(at::kMeta).dtype(at::kBFloat16), false);
    requireSameTensors(entriesOf(*meta, false), *FluxTransformer2DModel(flux), "FLUX transformer on the meta device");
}

// black-forest-labs/FLUX.1-schnell in bfloat16.
void writeFlux(const fs::path& folder, c10::Device device)
{
    writeTinyClipTokenizer(folder / "tokenizer", "<|endoftext|>");
    fs::create_directories(folder / "tokenizer_2");
    writeTinySentencePieceModel(folder / "tokenizer_2" / "spiece.model",
        {"a", "photo", "of", "the", "red", "blue", "green", "cat", "dog", "sky", "sea", "house", "tree", "in", "on"});
    writeTextFile(folder / "tokenizer_2" / "tokenizer_config.json",
        R"({"eos_token": "</s>", "model_max_length": 512, "pad_token": "<pad>", "tokenizer_class": "T5Tokenizer", "unk_token": "<unk>"})");
    writeTextFile(folder / "model_index.json",
        R"({"_class_name": "FluxPipeline", "_diffusers_version": "0.30.0.dev0", "scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"],)"
        R"( "text_encoder": ["transformers", "CLIPTextModel"], "text_encoder_2": ["transformers", "T5EncoderModel"],)"
        R"( "tokenizer": ["transformers", "CLIPTokenizer"], "tokenizer_2": ["transformers", "T5TokenizerFast"],)"
        R"( "transformer": ["diffusers", "FluxTransformer2DModel"], "vae": ["diffusers", "AutoencoderKL"]})");
    writeTextFile(folder / "scheduler" / "scheduler_config.json",
        R"({"_class_name": "FlowMatchEulerDiscreteScheduler", "_diffusers_version": "0.30.0.dev0", "base_image_seq_len": 256,)"
        R"( "base_shift": 0.5, "max_image_seq_len": 4096, "max_shift": 1.15, "num_train_timesteps": 1000, "shift": 1.0,)"
        R"( "use_dynamic_shifting": false})");
    writeTextFile(folder / "text_encoder" / "config.json",
        R"({"architectures": ["CLIPTextModel"], "attention_dropout": 0.0, "bos_token_id": 0, "dropout": 0.0, "eos_token_id": 2,)"
        R"( "hidden_act": "quick_gelu", "hidden_size": 768, "initializer_factor": 1.0, "initializer_range": 0.02,)"
        R"( "intermediate_size": 3072, "layer_norm_eps": 1e-05, "max_position_embeddings": 77, "model_type": "clip_text_model",)"
        R"( "num_attention_heads": 12, "num_hidden_layers": 12, "pad_token_id": 1, "projection_dim": 768,)"
        R"( "torch_dtype": "bfloat16", "vocab_size": 49408})");
    writeTextFile(folder / "text_encoder_2" / "config.json",
        R"({"architectures": ["T5EncoderModel"], "d_ff": 10240, "d_kv": 64, "d_model": 4096, "decoder_start_token_id": 0,)"
        R"( "dense_act_fn": "gelu_new", "dropout_rate": 0.1, "eos_token_id": 1, "feed_forward_proj": "gated-gelu",)"
        R"( "initializer_factor": 1.0, "is_encoder_decoder": true, "is_gated_act": true, "layer_norm_epsilon": 1e-06,)"
        R"( "model_type": "t5", "num_decoder_layers": 24, "num_heads": 64, "num_layers": 24, "output_past": true,)"
        R"( "pad_token_id": 0, "relative_attention_max_distance": 128, "relative_attention_num_buckets": 32,)"
        R"( "tie_word_embeddings": false, "torch_dtype": "bfloat16", "use_cache": true, "vocab_size": 32128})");
    writeTextFile(folder / "transformer" / "config.json",
        R"({"_class_name": "FluxTransformer2DModel", "_diffusers_version": "0.30.0.dev0", "attention_head_dim": 128,)"
        R"( "axes_dims_rope": [16, 56, 56], "guidance_embeds": false, "in_channels": 64, "joint_attention_dim": 4096,)"
        R"( "num_attention_heads": 24, "num_layers": 19, "num_single_layers": 38, "patch_size": 1, "pooled_projection_dim": 768})");
    writeTextFile(folder / "vae" / "config.json",
        std::string(
            R"({"_class_name": "AutoencoderKL", "_diffusers_version": "0.30.0.dev0", "act_fn": "silu", "block_out_channels": [128, 256, 512, 512],)"
            R"( "force_upcast": true, "in_channels": 3, "latent_channels": 16, "latents_mean": null, "latents_std": null,)"
            R"( "layers_per_block": 2, "norm_num_groups": 32, "out_channels": 3,)"
            R"( "sample_size": 1024, "scaling_factor": 0.3611, "shift_factor": 0.1159, "use_post_quant_conv": false,)"
            R"( "use_quant_conv": false, )")
            + kSdVaeBlocks + R"( "mid_block_add_attention": true})");

    checkShortcuts();
    at::manual_seed(0);  // the CPU and CUDA generators
    {
        const ClipTextModel clip(ClipTextConfig::fromJson(folder / "text_encoder" / "config.json"));
        writeComponent(folder / "text_encoder", "model", "", entriesOf(*clip, false), at::kBFloat16, device);
    }
    {
        AutoencoderKL vae(AutoencoderKLConfig::fromJson(folder / "vae" / "config.json"));
        quietDecoder(vae);
        writeComponent(folder / "vae", "diffusion_pytorch_model", "", entriesOf(*vae, true), at::kBFloat16, device);
    }
    {
        const T5Config config = T5Config::fromJson(folder / "text_encoder_2" / "config.json");
        const T5Config published = T5Config::xxl();
        if (config.dModel != published.dModel || config.layers != published.layers || config.dFf != published.dFf
            || config.heads != published.heads || config.vocabSize != published.vocabSize) {
            throw std::logic_error("text_encoder_2/config.json does not describe T5Config::xxl()");
        }
        const std::vector<Entry> entries = t5Entries(config);
        writeComponent(folder / "text_encoder_2", "model", "", entries, at::kBFloat16, device);
    }
    {
        // Names and shapes only: the meta device allocates nothing.
        const FluxTransformer2DModel transformer(
            FluxTransformerConfig::fromJson(folder / "transformer" / "config.json"),
            at::TensorOptions().device(at::kMeta).dtype(at::kBFloat16), /*initialize=*/false);
        const FluxTransformer2DModel reference(FluxTransformerConfig::schnell(),
            at::TensorOptions().device(at::kMeta).dtype(at::kBFloat16), /*initialize=*/false);
        if (moduleTensors(*transformer).size() != moduleTensors(*reference).size()) {
            throw std::logic_error("transformer/config.json does not describe FluxTransformerConfig::schnell()");
        }
        writeComponent(folder / "transformer", "diffusion_pytorch_model", "", entriesOf(*transformer, false),
            at::kBFloat16, device);
    }
}

int usage()
{
    std::fprintf(stderr, "usage: tastelab-write-model sd-turbo|flux-schnell OUT_DIR [--tiny] [--device cpu|cuda]\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() < 2) return usage();
    const std::string model = args[0];
    const fs::path out = args[1];
    bool tiny = false;
    std::string deviceName = "cpu";
    for (std::size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "--tiny") {
            tiny = true;
        } else if (args[i] == "--device" && i + 1 < args.size()) {
            deviceName = args[++i];
        } else {
            return usage();
        }
    }
    if ((model != "sd-turbo" && model != "flux-schnell") || (deviceName != "cpu" && deviceName != "cuda")) {
        return usage();
    }
    try {
        if (deviceName == "cuda" && !torch::cuda::is_available()) {
            throw std::runtime_error("--device cuda: this LibTorch has no CUDA device");
        }
        const c10::Device device = deviceName == "cuda" ? c10::Device(c10::DeviceType::CUDA, 0) : c10::Device("cpu");
        const c10::AutoGradMode noGrad(false);
        const auto started = std::chrono::steady_clock::now();
        fmt::print("writing {}{} to {}\n", tiny ? "tiny " : "", model, out.string());
        std::fflush(stdout);
        if (tiny) {
            model == "sd-turbo" ? writeTinySdTurboFolder(out) : writeTinyFluxFolder(out);
        } else {
            model == "sd-turbo" ? writeSdTurbo(out, device) : writeFlux(out, device);
        }
        fmt::print(
            "done in {:.1f} s\n", std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "tastelab-write-model: %s\n", error.what());
        return 1;
    }
}
