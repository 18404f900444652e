// A tiny SD-Turbo folder: configs written as text, modules built from them with random weights, saved as safetensors.
#include "tests/support/tiny_sd_turbo.h"

#include "model/diffusion/autoencoder_kl.h"
#include "model/diffusion/clip_text_model.h"
#include "model/diffusion/sd_unet.h"
#include "model/io/diffusers_weights.h"
#include "model/io/safetensors.h"
#include "tests/support/text_file.h"
#include "tests/support/tiny_clip_tokenizer.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <fmt/format.h>
#include <torch/utils.h>

#include <string>

namespace tastelab::testing {

using namespace tastelab::model;

void writeTinySdTurboFolder(const std::filesystem::path& folder, std::uint64_t seed, bool fp16Variant)
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
    const auto write = [&](const torch::nn::Module& module, const std::filesystem::path& dir, const std::string& stem) {
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

}  // namespace tastelab::testing
