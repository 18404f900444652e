// The FLUX.1 denoiser, diffusers' FluxTransformer2DModel: double-stream blocks (separate weights for text and image
// tokens, joint attention), single-stream blocks (one sequence, attention and MLP in parallel), three-axis rotary
// position embedding and AdaLN modulation by timestep + pooled text. Registered names are diffusers' tensor names, so a
// transformer/ folder (a sharded safetensors index) loads with loadModuleWeights.
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/TensorOptions.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::model {

class WeightSource;

struct FluxTransformerConfig {  // diffusers FluxTransformer2DModel config.json
    std::int64_t inChannels = 64, outChannels = 64, numLayers = 19, numSingleLayers = 38, attentionHeadDim = 128,
                 numAttentionHeads = 24, jointAttentionDim = 4096, pooledProjectionDim = 768, patchSize = 1;
    bool guidanceEmbeds = false;  // FLUX.1-dev: true (time_text_embed.guidance_embedder)
    std::vector<std::int64_t> axesDimsRope{16, 56, 56};
    double ropeTheta = 10000;
    // Fixed by the architecture (diffusers hard-codes them); kept here so the layers hold no magic numbers.
    std::int64_t timestepChannels = 256;
    double mlpRatio = 4.0;
    double normEps = 1e-6;

    // Reads transformer/config.json ("out_channels": null means inChannels). Unsupported values (patch_size other
    // than 1, axes_dims_rope not summing to attention_head_dim, a _class_name other than FluxTransformer2DModel)
    // throw ModelLoadError naming the key and the file.
    static FluxTransformerConfig fromJson(const std::filesystem::path& configJson);
    static FluxTransformerConfig schnell();  // the published FLUX.1-schnell shapes
    // Throws ModelLoadError naming `origin` and the offending field when the sizes cannot make a model.
    void validate(const std::string& origin) const;
    std::int64_t hidden() const { return attentionHeadDim * numAttentionHeads; }
    std::int64_t mlpHidden() const { return static_cast<std::int64_t>(static_cast<double>(hidden()) * mlpRatio); }
    // Before the module is built (building allocates every parameter): sizes beyond sane caps, or sizes that make more
    // parameters than `weights` hold or than the machine's memory takes, throw ModelLoadError naming `configJson` and
    // the keys.
    void requireFitsWeights(const WeightSource& weights, const std::filesystem::path& configJson) const;
};

// Rotary tables for ids [S, n_axes] (any floating or integer dtype): cos and sin, each [S, sum(axesDims)], float32,
// on ids' device. Axis a with dimension d_a contributes d_a columns: for i < d_a/2 the frequency
// theta^(-2i/d_a), angle = id[a] * frequency, repeated twice (interleaved pairs: columns 2i and 2i+1 share an angle),
// as diffusers' FluxPosEmbed (get_1d_rotary_pos_embed with repeat_interleave_real=True, use_real=True).
std::pair<at::Tensor, at::Tensor> fluxRotaryEmbedding(
    const at::Tensor& ids, const std::vector<std::int64_t>& axesDims, double theta);
// x [B, H, S, D] with interleaved pairs (x0, x1): out = x * cos + (-x1, x0) * sin per pair; cos/sin [S, D].
// Computed in float32, returned in x's dtype.
at::Tensor applyFluxRotary(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);

// Attention as FLUX calls it: q, k, v [B, H, S, D] -> softmax(q k^T / sqrt(D)) v, [B, H, S, D]
// (at::scaled_dot_product_attention on LibTorch >= 2).
at::Tensor fluxAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v);

// ---- Building blocks (exposed for tests; registered names are diffusers') ----------------------------------------

// A linear layer with bias (weight [out, in], bias [out]) whose tensors are created directly with the given options:
// the 12-billion-parameter model can be built in bfloat16 on the GPU without a float32 copy on the CPU first. With
// `initialize`, weight and bias are drawn uniformly from +-1/sqrt(in) (the bound torch.nn.Linear uses); without, they
// are left unset for loadModuleWeights to fill.
class FluxLinearImpl : public torch::nn::Module {
public:
    FluxLinearImpl(std::int64_t in, std::int64_t out, const at::TensorOptions& options = {}, bool initialize = true);
    at::Tensor forward(const at::Tensor& x);
    at::Tensor weight, bias;
};
TORCH_MODULE(FluxLinear);

// RMSNorm with a weight and no bias (attn.norm_q / norm_k): x / sqrt(mean(x^2) + eps) * weight, computed in float32.
class FluxRmsNormImpl : public torch::nn::Module {
public:
    FluxRmsNormImpl(std::int64_t dim, double eps, const at::TensorOptions& options = {});
    at::Tensor forward(const at::Tensor& x);

private:
    double eps_;
    at::Tensor weight_;
};
TORCH_MODULE(FluxRmsNorm);

// FeedForward with the tanh-approximate GELU: net.0.proj (dim -> inner), gelu, net.2 (inner -> dim).
class FluxFeedForwardImpl : public torch::nn::Module {
public:
    FluxFeedForwardImpl(
        std::int64_t dim, std::int64_t inner, const at::TensorOptions& options = {}, bool initialize = true);
    at::Tensor forward(const at::Tensor& x);

private:
    FluxLinear proj_{nullptr}, out_{nullptr};
};
TORCH_MODULE(FluxFeedForward);

// One double-stream block (diffusers FluxTransformerBlock). Modulation of each stream: linear(SiLU(temb)) chunked as
// shift, scale, gate (attention), shift, scale, gate (MLP).
class FluxDoubleBlockImpl : public torch::nn::Module {
public:
    explicit FluxDoubleBlockImpl(
        const FluxTransformerConfig& config, const at::TensorOptions& options = {}, bool initialize = true);
    // hidden [B, S_img, D], context [B, S_txt, D], temb [B, D], cos/sin [S_txt + S_img, headDim] (text first).
    // Returns {context, hidden}, updated.
    std::pair<at::Tensor, at::Tensor> forward(const at::Tensor& hidden, const at::Tensor& context,
        const at::Tensor& temb, const at::Tensor& cos, const at::Tensor& sin);

private:
    std::int64_t heads_, headDim_;
    double eps_;
    FluxLinear norm1_{nullptr}, norm1Context_{nullptr};
    FluxLinear toQ_{nullptr}, toK_{nullptr}, toV_{nullptr};
    FluxLinear addQ_{nullptr}, addK_{nullptr}, addV_{nullptr};
    FluxRmsNorm normQ_{nullptr}, normK_{nullptr}, normAddedQ_{nullptr}, normAddedK_{nullptr};
    FluxLinear toOut_{nullptr}, toAddOut_{nullptr};
    FluxFeedForward ff_{nullptr}, ffContext_{nullptr};
};
TORCH_MODULE(FluxDoubleBlock);

// One single-stream block (diffusers FluxSingleTransformerBlock) on cat(context, image). Modulation chunked as shift,
// scale, gate; attention and the MLP (proj_mlp, tanh-GELU) run in parallel, are concatenated and go through proj_out.
class FluxSingleBlockImpl : public torch::nn::Module {
public:
    explicit FluxSingleBlockImpl(
        const FluxTransformerConfig& config, const at::TensorOptions& options = {}, bool initialize = true);
    // x [B, S, D], temb [B, D], cos/sin [S, headDim] -> [B, S, D].
    at::Tensor forward(const at::Tensor& x, const at::Tensor& temb, const at::Tensor& cos, const at::Tensor& sin);

private:
    std::int64_t heads_, headDim_;
    double eps_;
    FluxLinear norm_{nullptr}, projMlp_{nullptr}, projOut_{nullptr};
    FluxLinear toQ_{nullptr}, toK_{nullptr}, toV_{nullptr};
    FluxRmsNorm normQ_{nullptr}, normK_{nullptr};
};
TORCH_MODULE(FluxSingleBlock);

class FluxTransformer2DModelImpl : public torch::nn::Module {
public:
    // Parameters are created with `options` (device and dtype; float32 on the CPU by default) and, with `initialize`,
    // drawn at random (FluxLinear); a loader that fills every tensor at once passes initialize = false.
    explicit FluxTransformer2DModelImpl(
        FluxTransformerConfig config, const at::TensorOptions& options = {}, bool initialize = true);
    // hidden [B, S_img, inChannels] (packed latents), encoderHidden [B, S_txt, jointAttentionDim], pooled
    // [B, pooledProjectionDim], timestep [B] (or one value for all) in 0..1 (t/1000 as the pipeline passes it; the
    // model multiplies by 1000), imgIds [S_img, 3], txtIds [S_txt, 3], guidance [B] (required when guidanceEmbeds,
    // ignored otherwise)
    // -> [B, S_img, outChannels] in hidden's dtype. Embeddings of timestep/guidance are computed in float32.
    at::Tensor forward(const at::Tensor& hidden, const at::Tensor& encoderHidden, const at::Tensor& pooled,
        const at::Tensor& timestep, const at::Tensor& imgIds, const at::Tensor& txtIds,
        const at::Tensor& guidance = {});
    // temb [B, hidden]: timestep (and guidance) embedding + pooled text embedding (for tests and the blocks).
    at::Tensor conditioning(const at::Tensor& pooled, const at::Tensor& timestep, const at::Tensor& guidance = {});
    // Recomputes every block in the backward pass (checkpointed()) instead of keeping its activations.
    void setGradientCheckpointing(bool on) { checkpointing_ = on; }
    bool gradientCheckpointing() const { return checkpointing_; }
    const FluxTransformerConfig& config() const { return config_; }
    FluxDoubleBlock& doubleBlock(std::size_t index) { return doubleBlocks_.at(index); }
    FluxSingleBlock& singleBlock(std::size_t index) { return singleBlocks_.at(index); }

private:
    FluxTransformerConfig config_;
    bool checkpointing_ = false;
    FluxLinear xEmbedder_{nullptr}, contextEmbedder_{nullptr};
    FluxLinear timeLinear1_{nullptr}, timeLinear2_{nullptr};
    FluxLinear guidanceLinear1_{nullptr}, guidanceLinear2_{nullptr};
    FluxLinear textLinear1_{nullptr}, textLinear2_{nullptr};
    std::vector<FluxDoubleBlock> doubleBlocks_;
    std::vector<FluxSingleBlock> singleBlocks_;
    FluxLinear normOut_{nullptr}, projOut_{nullptr};
};
TORCH_MODULE(FluxTransformer2DModel);

}  // namespace tastelab::model
