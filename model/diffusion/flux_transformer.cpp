// The FLUX.1 transformer: configuration from diffusers' transformer/config.json, the rotary position embedding, the
// double- and single-stream blocks with diffusers' tensor names, and the forward pass (optionally recomputing blocks
// in the backward pass).
#include "model/diffusion/flux_transformer.h"

#include "model/diffusion/sd_unet.h"
#include "model/io/diffusers_weights.h"
#include "model/io/hf_config.h"
#include "model/nn/activation_checkpoint.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <fmt/format.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/version.h>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace tastelab::model {

namespace {

const char* const kClassName = "FluxTransformer2DModel";

[[noreturn]] void failKey(const std::filesystem::path& file, const char* key, const std::string& problem)
{
    throw ModelLoadError(fmt::format("{}: \"{}\" {}", file.string(), key, problem));
}

// A named group of submodules with no forward of its own (time_text_embed, its embedders, ff.net.0).
std::shared_ptr<torch::nn::Module> group()
{
    return std::make_shared<torch::nn::Module>();
}

// A FluxLinear registered as `name` inside `parent`.
FluxLinear linearIn(torch::nn::Module& parent, const std::string& name, std::int64_t in, std::int64_t out,
    const at::TensorOptions& options, bool initialize)
{
    return parent.register_module(name, FluxLinear(in, out, options, initialize));
}

// LayerNorm without affine parameters (norm1/norm2 inside AdaLayerNormZero, norm_out).
at::Tensor plainLayerNorm(const at::Tensor& x, double eps)
{
    return at::layer_norm(x, {x.size(-1)}, {}, {}, eps);
}

// x * (1 + scale) + shift with per-sample [B, D] modulation broadcast over the sequence.
at::Tensor modulate(const at::Tensor& x, const at::Tensor& shift, const at::Tensor& scale)
{
    return x * (1 + scale.unsqueeze(1)) + shift.unsqueeze(1);
}

at::Tensor splitHeads(const at::Tensor& t, std::int64_t heads)
{
    return t.reshape({t.size(0), t.size(1), heads, -1}).transpose(1, 2);  // [B, H, S, d]
}

at::Tensor mergeHeads(const at::Tensor& t)
{
    return t.transpose(1, 2).reshape({t.size(0), t.size(2), -1});  // [B, S, H * d]
}

}  // namespace

// ---- Configuration --------------------------------------------------------------------------------------------------

void FluxTransformerConfig::requireFitsWeights(
    const WeightSource& weights, const std::filesystem::path& configJson) const
{
    // Per double block the two feed-forwards (hidden x mlp, twice each), per single block proj_mlp and proj_out, and
    // the input and output projections; attention, modulation and norms left out.
    const double inner = static_cast<double>(attentionHeadDim) * static_cast<double>(numAttentionHeads);
    const double mlp = inner * mlpRatio;
    const double parameters = static_cast<double>(numLayers) * 4.0 * inner * mlp
        + static_cast<double>(numSingleLayers) * (2.0 * inner * mlp + inner * inner)
        + inner * static_cast<double>(inChannels + outChannels + jointAttentionDim + pooledProjectionDim);
    // Built in the pipeline's dtype (2 bytes for bfloat16 and float16), which may live on a GPU: only the smallest
    // case is held against the machine's memory.
    requireConfigFitsWeights(configJson,
        {{"in_channels", inChannels, kMaxConfigWidth}, {"out_channels", outChannels, kMaxConfigWidth},
            {"num_layers", numLayers, kMaxConfigLayers}, {"num_single_layers", numSingleLayers, kMaxConfigLayers},
            {"attention_head_dim", attentionHeadDim, kMaxConfigWidth},
            {"num_attention_heads", numAttentionHeads, kMaxConfigWidth},
            {"joint_attention_dim", jointAttentionDim, kMaxConfigWidth},
            {"pooled_projection_dim", pooledProjectionDim, kMaxConfigWidth}},
        parameters, weights.valueCount(), weights.origin(), 2.0);
}

FluxTransformerConfig FluxTransformerConfig::schnell()
{
    return FluxTransformerConfig{};
}

FluxTransformerConfig FluxTransformerConfig::fromJson(const std::filesystem::path& configJson)
{
    const util::JsonValue json = readConfigJson(configJson);
    const std::string className = configString(json, "_class_name", kClassName, configJson);
    if (className != kClassName)
        failKey(configJson, "_class_name", fmt::format("is '{}'; expected {}", className, kClassName));

    FluxTransformerConfig config;
    config.inChannels = configInt(json, "in_channels", config.inChannels, configJson);
    // "out_channels": null (as published) means the same as in_channels.
    config.outChannels = configInt(json, "out_channels", config.inChannels, configJson);
    config.numLayers = configInt(json, "num_layers", config.numLayers, configJson);
    config.numSingleLayers = configInt(json, "num_single_layers", config.numSingleLayers, configJson);
    config.attentionHeadDim = configInt(json, "attention_head_dim", config.attentionHeadDim, configJson);
    config.numAttentionHeads = configInt(json, "num_attention_heads", config.numAttentionHeads, configJson);
    config.jointAttentionDim = configInt(json, "joint_attention_dim", config.jointAttentionDim, configJson);
    config.pooledProjectionDim = configInt(json, "pooled_projection_dim", config.pooledProjectionDim, configJson);
    config.patchSize = configInt(json, "patch_size", config.patchSize, configJson);
    config.guidanceEmbeds = configBool(json, "guidance_embeds", config.guidanceEmbeds, configJson);
    config.axesDimsRope = configIntList(json, "axes_dims_rope", config.axesDimsRope, configJson);
    config.ropeTheta = configDouble(json, "rope_theta", config.ropeTheta, configJson);
    config.validate(configJson.string());
    return config;
}

void FluxTransformerConfig::validate(const std::string& origin) const
{
    auto fail = [&origin](const char* key, const std::string& problem) {
        throw ModelLoadError(fmt::format("{}: \"{}\" {}", origin, key, problem));
    };
    if (patchSize != 1)
        fail("patch_size", fmt::format("is {}; only 1 is supported (latents are packed 2x2 outside)", patchSize));
    const std::pair<const char*, std::int64_t> positive[] = {{"in_channels", inChannels}, {"out_channels", outChannels},
        {"attention_head_dim", attentionHeadDim}, {"num_attention_heads", numAttentionHeads},
        {"joint_attention_dim", jointAttentionDim}, {"pooled_projection_dim", pooledProjectionDim}};
    for (const auto& [key, value] : positive) {
        if (value <= 0) fail(key, fmt::format("is {}; must be positive", value));
    }
    if (numLayers < 0) fail("num_layers", "is negative");
    if (numSingleLayers < 0) fail("num_single_layers", "is negative");
    if (attentionHeadDim % 2 != 0) fail("attention_head_dim", fmt::format("is {}; must be even", attentionHeadDim));
    if (axesDimsRope.empty()) fail("axes_dims_rope", "is empty");
    for (const std::int64_t d : axesDimsRope) {
        if (d <= 0 || d % 2 != 0)
            fail("axes_dims_rope", fmt::format("has {}; every entry must be even and positive", d));
    }
    const std::int64_t sum = std::accumulate(axesDimsRope.begin(), axesDimsRope.end(), std::int64_t{0});
    if (sum != attentionHeadDim)
        fail("axes_dims_rope", fmt::format("sums to {}; must equal attention_head_dim {}", sum, attentionHeadDim));
    if (!(ropeTheta > 0)) fail("rope_theta", fmt::format("is {}; must be positive", ropeTheta));
}

// ---- Rotary embedding and attention ---------------------------------------------------------------------------------

std::pair<at::Tensor, at::Tensor> fluxRotaryEmbedding(
    const at::Tensor& ids, const std::vector<std::int64_t>& axesDims, double theta)
{
    if (ids.dim() != 2 || ids.size(1) != static_cast<std::int64_t>(axesDims.size()))
        throw std::invalid_argument(fmt::format(
            "fluxRotaryEmbedding: ids have shape {}, expected [S, {}]", shapeText(ids.sizes()), axesDims.size()));
    // Angles in float64 as diffusers (positions up to a few hundred times frequencies near 1 lose digits in float32).
    const at::Tensor positions = ids.to(at::kDouble);
    const auto options = at::TensorOptions().dtype(at::kDouble).device(ids.device());
    std::vector<at::Tensor> angles;
    for (std::size_t axis = 0; axis < axesDims.size(); ++axis) {
        const auto dim = static_cast<double>(axesDims[axis]);
        const at::Tensor frequencies = 1.0 / at::pow(theta, at::arange(0, axesDims[axis], 2, options) / dim);
        const at::Tensor axisAngles =
            positions.select(1, static_cast<std::int64_t>(axis)).unsqueeze(1) * frequencies.unsqueeze(0);
        angles.push_back(axisAngles.repeat_interleave(2, 1));
    }
    const at::Tensor all = at::cat(angles, 1);
    return {at::cos(all).to(at::kFloat), at::sin(all).to(at::kFloat)};
}

at::Tensor applyFluxRotary(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin)
{
    const at::Tensor xf = x.to(at::kFloat);
    const std::vector<at::Tensor> pairs = xf.reshape({x.size(0), x.size(1), x.size(2), -1, 2}).unbind(-1);
    const at::Tensor rotated = at::stack({-pairs[1], pairs[0]}, -1).flatten(3);
    return (xf * cos.to(x.device()) + rotated * sin.to(x.device())).to(x.scalar_type());
}

at::Tensor fluxAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v)
{
#if TORCH_VERSION_MAJOR >= 2
    return at::scaled_dot_product_attention(q, k, v);
#else
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
    const at::Tensor scores = at::matmul(q, k.transpose(-2, -1)) * scale;
    return at::matmul(at::softmax(scores, -1, at::kFloat).to(v.scalar_type()), v);
#endif
}

// ---- Building blocks ------------------------------------------------------------------------------------------------

FluxLinearImpl::FluxLinearImpl(std::int64_t in, std::int64_t out, const at::TensorOptions& options, bool initialize)
{
    weight = register_parameter("weight", at::empty({out, in}, options));
    bias = register_parameter("bias", at::empty({out}, options));
    if (initialize) {
        at::NoGradGuard noGrad;
        const double bound = 1.0 / std::sqrt(static_cast<double>(in));
        weight.uniform_(-bound, bound);
        bias.uniform_(-bound, bound);
    }
}

at::Tensor FluxLinearImpl::forward(const at::Tensor& x)
{
    return at::linear(x, weight, bias);
}

FluxRmsNormImpl::FluxRmsNormImpl(std::int64_t dim, double eps, const at::TensorOptions& options)
    : eps_(eps)
{
    weight_ = register_parameter("weight", at::ones({dim}, options));
}

at::Tensor FluxRmsNormImpl::forward(const at::Tensor& x)
{
    const at::Tensor xf = x.to(at::kFloat);
    const at::Tensor normed = xf * at::rsqrt(xf.pow(2).mean(-1, true) + eps_);
    return (normed * weight_.to(at::kFloat)).to(x.scalar_type());
}

FluxFeedForwardImpl::FluxFeedForwardImpl(
    std::int64_t dim, std::int64_t inner, const at::TensorOptions& options, bool initialize)
{
    // diffusers' FeedForward: net.0 = GELU(approximate="tanh") holding "proj", net.1 = dropout, net.2 = Linear.
    const auto gelu = group();
    proj_ = linearIn(*gelu, "proj", dim, inner, options, initialize);
    out_ = FluxLinear(inner, dim, options, initialize);
    torch::nn::ModuleList net;
    net->push_back(gelu);
    net->push_back(torch::nn::Identity());
    net->push_back(out_);
    register_module("net", net);
}

at::Tensor FluxFeedForwardImpl::forward(const at::Tensor& x)
{
    return out_(at::gelu(proj_(x), "tanh"));
}

FluxDoubleBlockImpl::FluxDoubleBlockImpl(
    const FluxTransformerConfig& config, const at::TensorOptions& options, bool initialize)
    : heads_(config.numAttentionHeads)
    , headDim_(config.attentionHeadDim)
    , eps_(config.normEps)
{
    const std::int64_t dim = config.hidden();
    const auto norm1 = group();
    norm1_ = linearIn(*norm1, "linear", dim, 6 * dim, options, initialize);
    register_module("norm1", norm1);
    const auto norm1Context = group();
    norm1Context_ = linearIn(*norm1Context, "linear", dim, 6 * dim, options, initialize);
    register_module("norm1_context", norm1Context);

    const auto attn = group();
    toQ_ = linearIn(*attn, "to_q", dim, dim, options, initialize);
    toK_ = linearIn(*attn, "to_k", dim, dim, options, initialize);
    toV_ = linearIn(*attn, "to_v", dim, dim, options, initialize);
    normQ_ = attn->register_module("norm_q", FluxRmsNorm(headDim_, eps_, options));
    normK_ = attn->register_module("norm_k", FluxRmsNorm(headDim_, eps_, options));
    addQ_ = linearIn(*attn, "add_q_proj", dim, dim, options, initialize);
    addK_ = linearIn(*attn, "add_k_proj", dim, dim, options, initialize);
    addV_ = linearIn(*attn, "add_v_proj", dim, dim, options, initialize);
    normAddedQ_ = attn->register_module("norm_added_q", FluxRmsNorm(headDim_, eps_, options));
    normAddedK_ = attn->register_module("norm_added_k", FluxRmsNorm(headDim_, eps_, options));
    torch::nn::ModuleList toOut;  // [Linear, Dropout]: the linear layer is "to_out.0"
    toOut_ = FluxLinear(dim, dim, options, initialize);
    toOut->push_back(toOut_);
    attn->register_module("to_out", toOut);
    toAddOut_ = linearIn(*attn, "to_add_out", dim, dim, options, initialize);
    register_module("attn", attn);

    ff_ = register_module("ff", FluxFeedForward(dim, config.mlpHidden(), options, initialize));
    ffContext_ = register_module("ff_context", FluxFeedForward(dim, config.mlpHidden(), options, initialize));
}

std::pair<at::Tensor, at::Tensor> FluxDoubleBlockImpl::forward(const at::Tensor& hidden, const at::Tensor& context,
    const at::Tensor& temb, const at::Tensor& cos, const at::Tensor& sin)
{
    const at::Tensor activated = at::silu(temb);
    // AdaLayerNormZero: shift, scale, gate (attention), shift, scale, gate (MLP).
    const std::vector<at::Tensor> mod = norm1_(activated).chunk(6, 1);
    const std::vector<at::Tensor> modContext = norm1Context_(activated).chunk(6, 1);
    const at::Tensor x = modulate(plainLayerNorm(hidden, eps_), mod[0], mod[1]);
    const at::Tensor c = modulate(plainLayerNorm(context, eps_), modContext[0], modContext[1]);

    // Joint attention over cat(text, image), text first, rotary on q and k.
    const at::Tensor q = at::cat({normAddedQ_(splitHeads(addQ_(c), heads_)), normQ_(splitHeads(toQ_(x), heads_))}, 2);
    const at::Tensor k = at::cat({normAddedK_(splitHeads(addK_(c), heads_)), normK_(splitHeads(toK_(x), heads_))}, 2);
    const at::Tensor v = at::cat({splitHeads(addV_(c), heads_), splitHeads(toV_(x), heads_)}, 2);
    const at::Tensor attended =
        mergeHeads(fluxAttention(applyFluxRotary(q, cos, sin), applyFluxRotary(k, cos, sin), v));
    const std::int64_t textLength = context.size(1);
    const at::Tensor contextAttention = attended.narrow(1, 0, textLength);
    const at::Tensor imageAttention = attended.narrow(1, textLength, hidden.size(1));

    at::Tensor h = hidden + mod[2].unsqueeze(1) * toOut_(imageAttention);
    h = h + mod[5].unsqueeze(1) * ff_(modulate(plainLayerNorm(h, eps_), mod[3], mod[4]));
    at::Tensor ctx = context + modContext[2].unsqueeze(1) * toAddOut_(contextAttention);
    ctx = ctx
        + modContext[5].unsqueeze(1) * ffContext_(modulate(plainLayerNorm(ctx, eps_), modContext[3], modContext[4]));
    if (ctx.scalar_type() == at::kHalf) ctx = ctx.clamp(-65504, 65504);  // as diffusers: keep float16 finite
    return {ctx, h};
}

FluxSingleBlockImpl::FluxSingleBlockImpl(
    const FluxTransformerConfig& config, const at::TensorOptions& options, bool initialize)
    : heads_(config.numAttentionHeads)
    , headDim_(config.attentionHeadDim)
    , eps_(config.normEps)
{
    const std::int64_t dim = config.hidden();
    const auto norm = group();
    norm_ = linearIn(*norm, "linear", dim, 3 * dim, options, initialize);
    register_module("norm", norm);
    projMlp_ = register_module("proj_mlp", FluxLinear(dim, config.mlpHidden(), options, initialize));
    projOut_ = register_module("proj_out", FluxLinear(dim + config.mlpHidden(), dim, options, initialize));
    const auto attn = group();
    toQ_ = linearIn(*attn, "to_q", dim, dim, options, initialize);
    toK_ = linearIn(*attn, "to_k", dim, dim, options, initialize);
    toV_ = linearIn(*attn, "to_v", dim, dim, options, initialize);
    normQ_ = attn->register_module("norm_q", FluxRmsNorm(headDim_, eps_, options));
    normK_ = attn->register_module("norm_k", FluxRmsNorm(headDim_, eps_, options));
    register_module("attn", attn);
}

at::Tensor FluxSingleBlockImpl::forward(
    const at::Tensor& x, const at::Tensor& temb, const at::Tensor& cos, const at::Tensor& sin)
{
    // AdaLayerNormZeroSingle: shift, scale, gate.
    const std::vector<at::Tensor> mod = norm_(at::silu(temb)).chunk(3, 1);
    const at::Tensor normed = modulate(plainLayerNorm(x, eps_), mod[0], mod[1]);
    const at::Tensor mlp = at::gelu(projMlp_(normed), "tanh");
    const at::Tensor q = applyFluxRotary(normQ_(splitHeads(toQ_(normed), heads_)), cos, sin);
    const at::Tensor k = applyFluxRotary(normK_(splitHeads(toK_(normed), heads_)), cos, sin);
    const at::Tensor attended = mergeHeads(fluxAttention(q, k, splitHeads(toV_(normed), heads_)));
    at::Tensor out = x + mod[2].unsqueeze(1) * projOut_(at::cat({attended, mlp}, 2));
    if (out.scalar_type() == at::kHalf) out = out.clamp(-65504, 65504);
    return out;
}

// ---- The model ------------------------------------------------------------------------------------------------------

FluxTransformer2DModelImpl::FluxTransformer2DModelImpl(
    FluxTransformerConfig config, const at::TensorOptions& options, bool initialize)
    : config_(std::move(config))
{
    config_.validate("FluxTransformerConfig");
    const std::int64_t dim = config_.hidden();
    const std::int64_t patchArea = config_.patchSize * config_.patchSize;
    xEmbedder_ = register_module("x_embedder", FluxLinear(config_.inChannels, dim, options, initialize));
    contextEmbedder_ =
        register_module("context_embedder", FluxLinear(config_.jointAttentionDim, dim, options, initialize));

    // time_text_embed: CombinedTimestep(Guidance)TextProjEmbeddings.
    const auto timeText = group();
    const auto timestepEmbedder = group();
    timeLinear1_ = linearIn(*timestepEmbedder, "linear_1", config_.timestepChannels, dim, options, initialize);
    timeLinear2_ = linearIn(*timestepEmbedder, "linear_2", dim, dim, options, initialize);
    timeText->register_module("timestep_embedder", timestepEmbedder);
    if (config_.guidanceEmbeds) {
        const auto guidanceEmbedder = group();
        guidanceLinear1_ = linearIn(*guidanceEmbedder, "linear_1", config_.timestepChannels, dim, options, initialize);
        guidanceLinear2_ = linearIn(*guidanceEmbedder, "linear_2", dim, dim, options, initialize);
        timeText->register_module("guidance_embedder", guidanceEmbedder);
    }
    const auto textEmbedder = group();
    textLinear1_ = linearIn(*textEmbedder, "linear_1", config_.pooledProjectionDim, dim, options, initialize);
    textLinear2_ = linearIn(*textEmbedder, "linear_2", dim, dim, options, initialize);
    timeText->register_module("text_embedder", textEmbedder);
    register_module("time_text_embed", timeText);

    torch::nn::ModuleList doubles, singles;
    for (std::int64_t i = 0; i < config_.numLayers; ++i) {
        doubleBlocks_.emplace_back(config_, options, initialize);
        doubles->push_back(doubleBlocks_.back());
    }
    for (std::int64_t i = 0; i < config_.numSingleLayers; ++i) {
        singleBlocks_.emplace_back(config_, options, initialize);
        singles->push_back(singleBlocks_.back());
    }
    register_module("transformer_blocks", doubles);
    register_module("single_transformer_blocks", singles);

    const auto normOut = group();  // AdaLayerNormContinuous: linear(SiLU(temb)) chunked as scale, shift
    normOut_ = linearIn(*normOut, "linear", dim, 2 * dim, options, initialize);
    register_module("norm_out", normOut);
    projOut_ = register_module("proj_out", FluxLinear(dim, patchArea * config_.outChannels, options, initialize));
}

at::Tensor FluxTransformer2DModelImpl::conditioning(
    const at::Tensor& pooled, const at::Tensor& timestep, const at::Tensor& guidance)
{
    const c10::ScalarType dtype = xEmbedder_->weight.scalar_type();
    const c10::Device device = xEmbedder_->weight.device();
    // The pipeline passes t/1000; the sinusoids (float32) take t in 0..1000.
    auto sinusoids = [&](const at::Tensor& t) {
        // One value for the whole batch is spread over it.
        const at::Tensor flat = t.to(device, at::kFloat).reshape({-1}).expand({pooled.size(0)}) * 1000.0;
        return timestepEmbedding(flat, config_.timestepChannels, /*flipSinToCos=*/true, /*downscaleFreqShift=*/0)
            .to(dtype);
    };
    at::Tensor temb = timeLinear2_(at::silu(timeLinear1_(sinusoids(timestep))));
    if (config_.guidanceEmbeds) {
        if (!guidance.defined())
            throw std::invalid_argument("FluxTransformer2DModel: this model has a guidance embedder; pass guidance");
        temb = temb + guidanceLinear2_(at::silu(guidanceLinear1_(sinusoids(guidance))));
    }
    return temb + textLinear2_(at::silu(textLinear1_(pooled.to(device, dtype))));
}

at::Tensor FluxTransformer2DModelImpl::forward(const at::Tensor& hidden, const at::Tensor& encoderHidden,
    const at::Tensor& pooled, const at::Tensor& timestep, const at::Tensor& imgIds, const at::Tensor& txtIds,
    const at::Tensor& guidance)
{
    auto check = [](bool ok, const char* what, const at::Tensor& t, const std::string& expected) {
        if (!ok)
            throw std::invalid_argument(fmt::format("FluxTransformer2DModel: {} has shape {}, expected {}", what,
                t.defined() ? shapeText(t.sizes()) : "undefined", expected));
    };
    check(hidden.defined() && hidden.dim() == 3 && hidden.size(2) == config_.inChannels, "hidden", hidden,
        fmt::format("[B, S_img, {}]", config_.inChannels));
    const std::int64_t batch = hidden.size(0), imageLength = hidden.size(1);
    check(encoderHidden.defined() && encoderHidden.dim() == 3 && encoderHidden.size(0) == batch
            && encoderHidden.size(2) == config_.jointAttentionDim,
        "encoderHidden", encoderHidden, fmt::format("[{}, S_txt, {}]", batch, config_.jointAttentionDim));
    const std::int64_t textLength = encoderHidden.size(1);
    check(pooled.defined() && pooled.dim() == 2 && pooled.size(0) == batch
            && pooled.size(1) == config_.pooledProjectionDim,
        "pooled", pooled, fmt::format("[{}, {}]", batch, config_.pooledProjectionDim));
    check(timestep.defined() && (timestep.numel() == batch || timestep.numel() == 1), "timestep", timestep,
        fmt::format("[{}] or one value", batch));
    const auto axes = static_cast<std::int64_t>(config_.axesDimsRope.size());
    check(imgIds.defined() && imgIds.dim() == 2 && imgIds.size(0) == imageLength && imgIds.size(1) == axes, "imgIds",
        imgIds, fmt::format("[{}, {}]", imageLength, axes));
    check(txtIds.defined() && txtIds.dim() == 2 && txtIds.size(0) == textLength && txtIds.size(1) == axes, "txtIds",
        txtIds, fmt::format("[{}, {}]", textLength, axes));
    if (config_.guidanceEmbeds)
        check(guidance.defined() && (guidance.numel() == batch || guidance.numel() == 1), "guidance", guidance,
            fmt::format("[{}] or one value", batch));

    const c10::ScalarType dtype = xEmbedder_->weight.scalar_type();
    const c10::Device device = xEmbedder_->weight.device();
    const at::Tensor temb = conditioning(pooled, timestep, guidance);
    at::Tensor x = xEmbedder_(hidden.to(device, dtype));
    at::Tensor context = contextEmbedder_(encoderHidden.to(device, dtype));
    const auto [cosTable, sinTable] = fluxRotaryEmbedding(
        at::cat({txtIds.to(device), imgIds.to(device)}, 0), config_.axesDimsRope, config_.ropeTheta);

    for (FluxDoubleBlock& block : doubleBlocks_) {
        if (checkpointing_) {
            // checkpointed() returns one tensor: the block's two streams travel concatenated, text first.
            const std::shared_ptr<FluxDoubleBlockImpl> impl = block.ptr();
            const at::Tensor both = checkpointed(
                [impl](const std::vector<at::Tensor>& in) {
                    auto [c, h] = impl->forward(in[0], in[1], in[2], in[3], in[4]);
                    return at::cat({c, h}, 1);
                },
                {x, context, temb, cosTable, sinTable});
            context = both.narrow(1, 0, textLength);
            x = both.narrow(1, textLength, imageLength);
        } else {
            std::tie(context, x) = block->forward(x, context, temb, cosTable, sinTable);
        }
    }
    at::Tensor joint = at::cat({context, x}, 1);
    for (FluxSingleBlock& block : singleBlocks_) {
        if (checkpointing_) {
            const std::shared_ptr<FluxSingleBlockImpl> impl = block.ptr();
            joint = checkpointed(
                [impl](const std::vector<at::Tensor>& in) { return impl->forward(in[0], in[1], in[2], in[3]); },
                {joint, temb, cosTable, sinTable});
        } else {
            joint = block->forward(joint, temb, cosTable, sinTable);
        }
    }
    x = joint.narrow(1, textLength, imageLength);
    // AdaLayerNormContinuous: SCALE first, then shift.
    const std::vector<at::Tensor> mod = normOut_(at::silu(temb)).chunk(2, 1);
    x = modulate(plainLayerNorm(x, config_.normEps), mod[1], mod[0]);
    return projOut_(x).to(hidden.scalar_type());
}

}  // namespace tastelab::model
