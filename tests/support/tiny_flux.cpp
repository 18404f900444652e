// A tiny FLUX.1-schnell folder: configs written as text, modules built from them with random weights, saved as
// safetensors (the transformer as a sharded index, as the published one is stored).
#include "tests/support/tiny_flux.h"

#include "model/diffusion/autoencoder_kl.h"
#include "model/diffusion/clip_text_model.h"
#include "model/diffusion/flux_transformer.h"
#include "model/diffusion/t5_encoder.h"
#include "model/io/diffusers_weights.h"
#include "model/io/safetensors.h"
#include "tests/support/text_file.h"
#include "tests/support/tiny_clip_tokenizer.h"
#include "tests/support/tiny_sentencepiece.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <fmt/format.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::testing {

using namespace tastelab::model;

void writeTinyFluxFolder(const std::filesystem::path& folder, std::uint64_t seed)
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

    std::filesystem::create_directories(folder / "tokenizer_2");
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
            weightMap += fmt::format(
                "{}{}: {}", weightMap.empty() ? "" : ", ", util::jsonQuote(name), util::jsonQuote(shardNames[shard]));
            totalSize += tensor.numel() * static_cast<std::int64_t>(tensor.element_size());
        }
    }
    writeTextFile(folder / "transformer" / "diffusion_pytorch_model.safetensors.index.json",
        fmt::format(R"({{"metadata": {{"total_size": {}}}, "weight_map": {{{}}}}})", totalSize, weightMap));
}

}  // namespace tastelab::testing
