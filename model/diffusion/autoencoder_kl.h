// AutoencoderKL, the Stable Diffusion / FLUX VAE (diffusers' AutoencoderKL): a convolutional encoder to a diagonal
// Gaussian latent and a decoder back to pixels. Registered names are diffusers' tensor names, so a vae/ folder's
// diffusion_pytorch_model.safetensors loads with loadModuleWeights.
#pragma once

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::model {

class WeightSource;

struct AutoencoderKLConfig {
    std::int64_t inChannels = 3, outChannels = 3, latentChannels = 4;
    std::vector<std::int64_t> blockOutChannels{128, 256, 512, 512};
    std::int64_t layersPerBlock = 2;
    std::int64_t normGroups = 32;
    double scalingFactor = 0.18215;
    double shiftFactor = 0;  // FLUX: 0.1159
    bool useQuantConv = true;  // FLUX: false
    bool usePostQuantConv = true;  // FLUX: false
    bool midBlockAddAttention = true;
    // diffusers' force_upcast: the SD VAE overflows in float16, so callers run it in float32 (or bfloat16).
    bool forceUpcast = true;

    // A diffusers vae/config.json; missing keys take diffusers' defaults. Unsupported block types, activations or
    // options, and impossible sizes, throw ModelLoadError naming the key and the file.
    static AutoencoderKLConfig fromJson(const std::filesystem::path& configJson);
    static AutoencoderKLConfig sdTurbo();
    // 16 latent channels, [128, 256, 512, 512], scaling 0.3611, shift 0.1159, no quant convs.
    static AutoencoderKLConfig flux();
    // Before the module is built (building allocates every parameter): sizes beyond sane caps, or sizes that make more
    // parameters than `weights` hold or than the machine's memory takes, throw ModelLoadError naming `configJson` and
    // the keys.
    void requireFitsWeights(const WeightSource& weights, const std::filesystem::path& configJson) const;
};

// Older diffusers VAE files name the mid-block attention query/key/value/proj_attn: maps them to
// to_q/to_k/to_v/to_out.0 (for WeightSource::rename); other names come back unchanged.
std::string canonicalVaeTensorName(const std::string& name);

// The mid blocks' self-attention (diffusers' Attention as the VAE builds it): one head over the H*W positions,
// GroupNorm first, biased q/k/v/out projections, x + to_out(softmax(q k^T / sqrt(C)) v); half-precision scores
// are normalised in float32. LibTorch 2.x runs it through scaled_dot_product_attention.
class VaeAttentionImpl : public torch::nn::Module {
public:
    VaeAttentionImpl(std::int64_t channels, std::int64_t groups);
    // [B, C, H, W] -> [B, C, H, W].
    at::Tensor forward(const at::Tensor& x);

    torch::nn::GroupNorm group_norm;
    torch::nn::Linear to_q, to_k, to_v;
    torch::nn::ModuleList to_out;  // to_out.0 is outProj
    torch::nn::Linear outProj;
};
TORCH_MODULE(VaeAttention);

class VaeEncoderImpl;
class VaeDecoderImpl;

class AutoencoderKLImpl : public torch::nn::Module {
public:
    explicit AutoencoderKLImpl(AutoencoderKLConfig config);

    // Diffusion-space latents [B, latent, h, w] -> images [B, out, h * downscale(), w * downscale()] in about
    // [-1, 1], not clamped: z / scalingFactor + shiftFactor, post_quant_conv (if any), decoder. Differentiable.
    // Throws std::invalid_argument for another rank or channel count.
    at::Tensor decode(const at::Tensor& latents);
    // Images [B, in, H, W] in [-1, 1] -> the diffusion-space latent of the posterior mean: (mean - shift) * scaling.
    // Throws std::invalid_argument unless H and W are multiples of downscale() and the channels match.
    at::Tensor encode(const at::Tensor& images);
    // The raw posterior: mean and log-variance [B, latent, h, w] each (before scaling), as diffusers'
    // DiagonalGaussianDistribution (log-variance clamped to [-30, 20]).
    std::pair<at::Tensor, at::Tensor> encodeDistribution(const at::Tensor& images);

    // Recomputes each down/up block and the mid blocks of the encoder and decoder in the backward pass instead of
    // keeping their activations (activation_checkpoint.h); without autograd it changes nothing.
    void setGradientCheckpointing(bool enabled);
    const AutoencoderKLConfig& config() const { return config_; }
    // 2^(levels - 1): 8 for the SD and FLUX VAEs.
    int downscale() const;

private:
    AutoencoderKLConfig config_;
    std::shared_ptr<VaeEncoderImpl> encoder_;
    std::shared_ptr<VaeDecoderImpl> decoder_;
    torch::nn::Conv2d quantConv_{nullptr};  // empty without useQuantConv
    torch::nn::Conv2d postQuantConv_{nullptr};  // empty without usePostQuantConv
    bool checkpointing_ = false;
};
TORCH_MODULE(AutoencoderKL);

}  // namespace tastelab::model
