// Tiny autoencoders of the TAESD family (madebyollin/taesd: TAESD, TAESDXL, TAESD3, TAEF1, TAEF2): a few-megabyte
// convolutional decoder (and encoder) between a generator's latent space and pixels, for fast previews and for
// scoring images whose full VAE decode would be too slow. Registered names are the nn.Sequential indices of the
// published .pth files ("1.weight", "3.conv.0.weight", "3.pool.1.bias"), so they load with loadModuleWeights.
#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::model {

// The layout, as in madebyollin/taesd's Encoder/Decoder; loadTinyDecoder/loadTinyEncoder read it from the weights.
//   Decoder: tanh(x / 3) * 3 -> conv(latent, C) -> ReLU
//            -> stages x [blocksPerStage x Block(C) -> upsample x2 -> conv(C, C, no bias)]
//            -> fullResolutionBlocks x Block(C) -> conv(C, image)
//   Encoder: conv(image, C) -> fullResolutionBlocks x Block(C)
//            -> stages x [conv(C, C, stride 2, no bias) -> blocksPerStage x Block(C)] -> conv(C, latent)
// Block(C) = ReLU(conv-ReLU-conv-ReLU-conv (x') + x') with x' = x + pool(x) where the block has a pool branch
// (TAEF2: the blocks at the latent resolution), pool = conv1x1(C, E*C) -> GroupNorm(G, E*C) -> ReLU -> conv1x1(E*C, C).
// All 3x3 convs pad 1.
struct TinyAutoencoderConfig {
    std::int64_t latentChannels = 4;  // TAESD/TAESDXL 4, TAESD3/TAEF1 16, TAEF2 32
    std::int64_t imageChannels = 3;
    std::int64_t channels = 64;
    std::int64_t blocksPerStage = 3;
    std::int64_t stages = 3;  // each halves (encoder) or doubles (decoder) the resolution: 2^stages per side
    std::int64_t fullResolutionBlocks = 1;
    // TAEF2 ("use_midblock_gn"): the blocks at the latent resolution add a GroupNorm branch.
    bool latentBlocksGroupNorm = false;
    std::int64_t groupNormGroups = 4;  // not in the weights; madebyollin/taesd uses 4
    std::int64_t groupNormExpansion = 4;  // the branch's width is groupNormExpansion * channels
    double latentClamp = 3;  // the decoder's input soft clamp tanh(x / c) * c

    // Original TAESD (SD 1.x/2.x), 4 latent channels.
    static TinyAutoencoderConfig taesd();
    // TAEF2 (FLUX.2), 32 latent channels with the GroupNorm branch.
    static TinyAutoencoderConfig taef2();
    // 2^stages: 8 for every published tiny autoencoder of this layout.
    std::int64_t scale() const;
};

class TinyAutoencoderLayers;

// Diffusion-space latents [B, latentChannels, h, w] -> images [B, imageChannels, h * scale, w * scale] in about
// [0, 1]. The output is not clamped (so gradients flow); clamp(0, 1) for display as the reference pipelines do.
// Runs in the module's dtype (float32 on the CPU; float16/bfloat16 work on CUDA).
class TinyDecoderImpl : public torch::nn::Module {
public:
    explicit TinyDecoderImpl(TinyAutoencoderConfig config);
    ~TinyDecoderImpl() override;

    at::Tensor forward(const at::Tensor& latents);
    const TinyAutoencoderConfig& config() const { return config_; }

private:
    TinyAutoencoderConfig config_;
    std::unique_ptr<TinyAutoencoderLayers> layers_;
};
TORCH_MODULE(TinyDecoder);

// Images [B, imageChannels, H, W] in [0, 1], H and W multiples of scale -> latents [B, latentChannels, H / scale,
// W / scale] in the generator's diffusion space.
class TinyEncoderImpl : public torch::nn::Module {
public:
    explicit TinyEncoderImpl(TinyAutoencoderConfig config);
    ~TinyEncoderImpl() override;

    at::Tensor forward(const at::Tensor& images);
    const TinyAutoencoderConfig& config() const { return config_; }

private:
    TinyAutoencoderConfig config_;
    std::unique_ptr<TinyAutoencoderLayers> layers_;
};
TORCH_MODULE(TinyEncoder);

// Loads from a madebyollin-style .pth state dict (nn.Sequential indices: "1.weight", "3.conv.0.weight", ...), a
// .safetensors file with the same names, or a diffusers AutoencoderTiny file or folder
// ("decoder.layers.N..." / "encoder.layers.N...", in diffusion_pytorch_model.safetensors). The layout and the sizes
// (latent channels, width, stages, blocks, GroupNorm branch) are read from the tensors' names and shapes; every
// tensor must then be present with its shape and none left over. Throws ModelLoadError naming the file and, where
// one is concerned, the tensor and its expected shape. The module comes back in float32 on the CPU, in eval mode.
// Whatever the file, the modules keep TAESD's convention: images in [0, 1] (diffusers' AutoencoderTiny maps its
// decoder's output to [-1, 1] and its encoder's input from [-1, 1] outside these layers).
TinyDecoder loadTinyDecoder(const std::filesystem::path& file);
TinyEncoder loadTinyEncoder(const std::filesystem::path& file);

// The layout that `tensors` (madebyollin names, after any diffusers renaming) describe; ModelLoadError names
// `origin` and what does not fit. Exposed for tests and for tools that check a file before loading it.
TinyAutoencoderConfig inferTinyDecoderConfig(
    const std::vector<std::pair<std::string, std::vector<std::int64_t>>>& shapes, const std::string& origin);
TinyAutoencoderConfig inferTinyEncoderConfig(
    const std::vector<std::pair<std::string, std::vector<std::int64_t>>>& shapes, const std::string& origin);

}  // namespace tastelab::model
