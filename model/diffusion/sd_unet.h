// The Stable Diffusion 2 / SD-Turbo denoiser, diffusers' UNet2DConditionModel: a timestep-conditioned convolutional
// U-Net with cross-attention to the text encoder's hidden states. Registered names are diffusers' tensor names, so a
// unet/ folder's diffusion_pytorch_model.safetensors loads with loadModuleWeights.
#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace tastelab::model {

class WeightSource;

struct UNetConfig {
    std::int64_t inChannels = 4, outChannels = 4;
    std::vector<std::int64_t> blockOutChannels{320, 640, 1280, 1280};
    std::int64_t layersPerBlock = 2;
    // Heads per level. diffusers' "attention_head_dim" holds head COUNTS for SD 2 / SD-Turbo (the known naming bug);
    // "num_attention_heads", when present and not null, wins.
    std::vector<std::int64_t> attentionHeads{5, 10, 20, 20};
    std::int64_t crossAttentionDim = 1024;
    std::int64_t normGroups = 32;
    double normEps = 1e-5;
    bool useLinearProjection = true;
    bool flipSinToCos = true;
    double freqShift = 0;
    std::vector<std::string> downBlockTypes{
        "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"};
    std::vector<std::string> upBlockTypes{
        "UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"};
    std::int64_t transformerLayersPerBlock = 1;
    std::int64_t sampleSize = 64;
    // diffusers' upcast_attention (true for SD 2.x): attention scores and softmax in float32 when the model runs in
    // float16/bfloat16 (the fused kernels of LibTorch >= 2 accumulate in float32 anyway).
    bool upcastAttention = true;

    // Reads a diffusers unet/config.json; unsupported options (e.g. class_embed_type, addition_embed_type,
    // time_cond_proj_dim, a mid_block_type other than UNetMidBlock2DCrossAttn, other block types) throw
    // ModelLoadError naming the key and the file. Also validates (groups divide channels, head counts divide
    // channels, list lengths agree).
    static UNetConfig fromJson(const std::filesystem::path& configJson);
    static UNetConfig sdTurbo();  // the published SD-Turbo / SD 2.1 config
    // Throws ModelLoadError naming `origin` and the offending field when the sizes cannot make a UNet.
    void validate(const std::string& origin) const;
    // Before the module is built (building allocates every parameter): sizes beyond sane caps, or sizes that make more
    // parameters than `weights` hold or than the machine's memory takes, throw ModelLoadError naming `configJson` and
    // the keys.
    void requireFitsWeights(const WeightSource& weights, const std::filesystem::path& configJson) const;
    // 2^(levels - 1): how much smaller the deepest feature map is than the latent.
    std::int64_t downscale() const;
};

// ---- Building blocks (exposed for tests; registered names are diffusers') ----------------------------------------

// diffusers' Attention with the default processor: to_q / to_k / to_v without bias, to_out.0 with bias;
// softmax(Q K^T / sqrt(head_dim)) V per head. Self-attention when no context is given.
class UNetAttentionImpl : public torch::nn::Module {
public:
    UNetAttentionImpl(
        std::int64_t queryDim, std::int64_t contextDim, std::int64_t heads, std::int64_t headDim, bool upcast);
    // x [B, L, queryDim], context [B, S, contextDim] or undefined -> [B, L, queryDim].
    at::Tensor forward(const at::Tensor& x, const at::Tensor& context = {});
    std::int64_t heads() const { return heads_; }

private:
    std::int64_t heads_;
    bool upcast_;
    torch::nn::Linear toQ_{nullptr}, toK_{nullptr}, toV_{nullptr}, toOut_{nullptr};
};
TORCH_MODULE(UNetAttention);

// GEGLU: proj (dim -> 2 * inner) split into hidden and gate; hidden * gelu(gate) (exact, erf-based gelu).
class UNetGegluImpl : public torch::nn::Module {
public:
    UNetGegluImpl(std::int64_t dim, std::int64_t inner);
    at::Tensor forward(const at::Tensor& x);

private:
    torch::nn::Linear proj_{nullptr};
};
TORCH_MODULE(UNetGeglu);

class UNetResnetBlockImpl;
class UNetTransformerImpl;
class UNetDownBlockImpl;
class UNetUpBlockImpl;
class UNetMidBlockImpl;

class UNet2DConditionModelImpl : public torch::nn::Module {
public:
    explicit UNet2DConditionModelImpl(UNetConfig config);
    // sample [B, in, h, w]; timesteps: a scalar or [B] (int or float); encoderHiddenStates [B, L, crossAttentionDim].
    // Returns [B, out, h, w] in sample's dtype. h and w need not be multiples of downscale(): as diffusers, the
    // upsampling then follows the skip connections' sizes.
    at::Tensor forward(const at::Tensor& sample, const at::Tensor& timesteps, const at::Tensor& encoderHiddenStates);
    // Recomputes every resnet and transformer block in the backward pass (checkpointed()) instead of keeping its
    // activations. Changes nothing without autograd.
    void setGradientCheckpointing(bool enabled);
    bool gradientCheckpointing() const { return checkpointing_; }
    const UNetConfig& config() const { return config_; }

private:
    UNetConfig config_;
    bool checkpointing_ = false;
    torch::nn::Conv2d convIn_{nullptr};
    torch::nn::Linear timeLinear1_{nullptr}, timeLinear2_{nullptr};
    std::vector<std::shared_ptr<UNetDownBlockImpl>> downBlocks_;
    std::shared_ptr<UNetMidBlockImpl> midBlock_;
    std::vector<std::shared_ptr<UNetUpBlockImpl>> upBlocks_;
    torch::nn::GroupNorm convNormOut_{nullptr};
    torch::nn::Conv2d convOut_{nullptr};
};
TORCH_MODULE(UNet2DConditionModel);

// Sinusoidal timestep embedding as diffusers' get_timestep_embedding (float32): [N] -> [N, dim].
// Frequencies exp(-ln(maxPeriod) * i / (dim/2 - downscaleFreqShift)), i < dim/2; [sin, cos] (or [cos, sin] with
// flipSinToCos) of scale * t * frequency; an odd dim gets a zero last column.
at::Tensor timestepEmbedding(const at::Tensor& timesteps, std::int64_t dim, bool flipSinToCos,
    double downscaleFreqShift, double scale = 1.0, double maxPeriod = 10000.0);

}  // namespace tastelab::model
