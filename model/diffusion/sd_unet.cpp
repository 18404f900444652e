// The SD 2 / SD-Turbo UNet: configuration from diffusers' unet/config.json, the blocks of UNet2DConditionModel with
// diffusers' tensor names, and the forward pass (optionally recomputing blocks in the backward pass).
#include "model/diffusion/sd_unet.h"

#include "model/io/diffusers_weights.h"
#include "model/io/hf_config.h"
#include "model/nn/activation_checkpoint.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <torch/nn/functional/upsampling.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>
#include <torch/version.h>

#include <cmath>
#include <stdexcept>
#include <utility>

namespace tastelab::model {

namespace {

// Fixed by diffusers' Transformer2DModel / BasicTransformerBlock for every UNet2DConditionModel config.
constexpr double kTransformerGroupNormEps = 1e-6;
constexpr double kTransformerLayerNormEps = 1e-5;
constexpr std::int64_t kFeedForwardMultiplier = 4;
constexpr std::int64_t kTimeEmbeddingMultiplier = 4;  // time_embed_dim = 4 * block_out_channels[0]

const char* const kCrossAttnDown = "CrossAttnDownBlock2D";
const char* const kDown = "DownBlock2D";
const char* const kCrossAttnUp = "CrossAttnUpBlock2D";
const char* const kUp = "UpBlock2D";
const char* const kMidCrossAttn = "UNetMidBlock2DCrossAttn";

torch::nn::Conv2d conv3x3(std::int64_t in, std::int64_t out, std::int64_t stride = 1)
{
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1));
}

torch::nn::GroupNorm groupNorm(std::int64_t groups, std::int64_t channels, double eps)
{
    return torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, channels).eps(eps));
}

std::string joined(const std::vector<std::int64_t>& values)
{
    return fmt::format("[{}]", fmt::join(values, ", "));
}

}  // namespace

// ---- Configuration ----------------------------------------------------------------------------------------------

UNetConfig UNetConfig::sdTurbo()
{
    return UNetConfig{};  // the defaults are SD-Turbo's (stabilityai/sd-turbo unet/config.json)
}

void UNetConfig::requireFitsWeights(const WeightSource& weights, const std::filesystem::path& configJson) const
{
    // Per level the second 3x3 convolution of each resnet (layers_per_block down, one more up), per cross-attention
    // transformer block the self-attention (4 c x c) and the cross-attention's keys and values (2 c x
    // cross_attention_dim), the mid block's transformers, and the convolutions in and out.
    std::vector<ConfigSize> sizes{{"in_channels", inChannels, kMaxConfigWidth},
        {"out_channels", outChannels, kMaxConfigWidth}, {"layers_per_block", layersPerBlock, kMaxConfigLayers},
        {"transformer_layers_per_block", transformerLayersPerBlock, kMaxConfigLayers},
        {"cross_attention_dim", crossAttentionDim, kMaxConfigWidth}, {"sample_size", sampleSize, 1024},
        {"block_out_channels (entries)", static_cast<std::int64_t>(blockOutChannels.size()), kMaxConfigLevels}};
    const double cross = static_cast<double>(crossAttentionDim);
    const double blocks = static_cast<double>(transformerLayersPerBlock);
    double parameters = 0;
    for (std::size_t i = 0; i < blockOutChannels.size(); ++i) {
        const double c = static_cast<double>(blockOutChannels[i]);
        parameters += static_cast<double>(2 * layersPerBlock + 1) * 9.0 * c * c;
        if (i < downBlockTypes.size() && downBlockTypes[i] == kCrossAttnDown) {
            parameters += static_cast<double>(layersPerBlock) * blocks * (4.0 * c * c + 2.0 * c * cross);
        }
        sizes.push_back({fmt::format("block_out_channels[{}]", i), blockOutChannels[i], kMaxConfigWidth});
    }
    if (!blockOutChannels.empty()) {
        const double first = static_cast<double>(blockOutChannels.front());
        const double last = static_cast<double>(blockOutChannels.back());
        parameters += blocks * (4.0 * last * last + 2.0 * last * cross)
            + 9.0 * first * static_cast<double>(inChannels + outChannels);
    }
    requireConfigFitsWeights(configJson, sizes, parameters, weights.valueCount(), weights.origin());
}

std::int64_t UNetConfig::downscale() const
{
    return std::int64_t{1} << (blockOutChannels.empty() ? 0 : blockOutChannels.size() - 1);
}

void UNetConfig::validate(const std::string& origin) const
{
    auto fail = [&](const std::string& problem) { throw ModelLoadError(fmt::format("{}: {}", origin, problem)); };
    const std::size_t levels = blockOutChannels.size();
    if (levels == 0) fail("the key 'block_out_channels' is empty");
    if (downBlockTypes.size() != levels) {
        fail(fmt::format(
            "the key 'down_block_types' has {} entries, 'block_out_channels' {}", downBlockTypes.size(), levels));
    }
    if (upBlockTypes.size() != levels) {
        fail(fmt::format(
            "the key 'up_block_types' has {} entries, 'block_out_channels' {}", upBlockTypes.size(), levels));
    }
    if (attentionHeads.size() != levels) {
        fail(fmt::format("the attention head counts ('num_attention_heads' or 'attention_head_dim') have {} entries, "
                         "'block_out_channels' {}",
            attentionHeads.size(), levels));
    }
    if (inChannels <= 0) fail("the key 'in_channels' must be positive");
    if (outChannels <= 0) fail("the key 'out_channels' must be positive");
    if (layersPerBlock <= 0) fail("the key 'layers_per_block' must be positive");
    if (crossAttentionDim <= 0) fail("the key 'cross_attention_dim' must be positive");
    if (transformerLayersPerBlock <= 0) fail("the key 'transformer_layers_per_block' must be positive");
    if (normGroups <= 0) fail("the key 'norm_num_groups' must be positive");
    if (!(normEps > 0)) fail("the key 'norm_eps' must be positive");
    for (std::size_t i = 0; i < levels; ++i) {
        const std::int64_t channels = blockOutChannels[i];
        if (channels <= 0 || channels % normGroups != 0) {
            fail(fmt::format(
                "'norm_num_groups' {} does not divide block_out_channels[{}] = {} ('block_out_channels' {})",
                normGroups, i, channels, joined(blockOutChannels)));
        }
        if (downBlockTypes[i] != kCrossAttnDown && downBlockTypes[i] != kDown) {
            fail(fmt::format("the key 'down_block_types' names '{}'; supported are {} and {}", downBlockTypes[i],
                kCrossAttnDown, kDown));
        }
        if (upBlockTypes[i] != kCrossAttnUp && upBlockTypes[i] != kUp) {
            fail(fmt::format(
                "the key 'up_block_types' names '{}'; supported are {} and {}", upBlockTypes[i], kCrossAttnUp, kUp));
        }
    }
    // Attention runs at a level's width in the down path, the mid block, and (reversed) the up path.
    auto checkHeads = [&](std::int64_t heads, std::int64_t channels, const std::string& where) {
        if (heads <= 0 || channels % heads != 0) {
            fail(
                fmt::format("the attention head counts {} ('num_attention_heads', or 'attention_head_dim' as diffusers "
                            "reads it) do not fit: {} has {} channels, which {} heads do not divide",
                    joined(attentionHeads), where, channels, heads));
        }
    };
    for (std::size_t i = 0; i < levels; ++i) {
        if (downBlockTypes[i] == kCrossAttnDown)
            checkHeads(attentionHeads[i], blockOutChannels[i], fmt::format("down block {}", i));
        const std::size_t mirrored = levels - 1 - i;
        if (upBlockTypes[i] == kCrossAttnUp)
            checkHeads(attentionHeads[mirrored], blockOutChannels[mirrored], fmt::format("up block {}", i));
    }
    checkHeads(attentionHeads.back(), blockOutChannels.back(), "the mid block");
}

namespace {

// Keys of diffusers' UNet2DConditionModel config that select architectures this file does not build: each must be
// null or absent.
const char* const kMustBeNull[] = {"class_embed_type", "addition_embed_type", "time_cond_proj_dim", "encoder_hid_dim",
    "encoder_hid_dim_type", "num_class_embeds", "time_embedding_dim", "timestep_post_act", "time_embedding_act_fn",
    "cross_attention_norm", "reverse_transformer_layers_per_block", "projection_class_embeddings_input_dim"};

class UNetConfigReader {
public:
    UNetConfigReader(const util::JsonValue& json, std::filesystem::path file)
        : json_(json)
        , file_(std::move(file))
    {
    }

    [[noreturn]] void fail(const char* key, const std::string& problem) const
    {
        throw ModelLoadError(fmt::format("{}: the key '{}' {}", file_.string(), key, problem));
    }

    bool isSet(const char* key) const
    {
        const util::JsonValue* value = json_.find(key);
        return value && !value->isNull();
    }

    void requireNull(const char* key) const
    {
        if (isSet(key)) fail(key, "is set; only null is supported (this UNet has no such embedding or option)");
    }
    void requireString(const char* key, const std::string& expected) const
    {
        const std::string value = configString(json_, key, expected, file_);
        if (value != expected) fail(key, fmt::format("is '{}'; only '{}' is supported", value, expected));
    }
    void requireFalse(const char* key) const
    {
        const util::JsonValue* value = json_.find(key);
        if (!value || value->isNull()) return;
        if (value->isArray()) {  // only_cross_attention may be given per level
            for (const util::JsonValue& item : value->asArray()) {
                if (!item.isBool()) fail(key, "must be true or false, or a list of them");
                if (item.asBool()) fail(key, "is true; only false is supported");
            }
            return;
        }
        if (configBool(json_, key, false, file_)) fail(key, "is true; only false is supported");
    }
    void requireInt(const char* key, std::int64_t expected) const
    {
        const std::int64_t value = configInt(json_, key, expected, file_);
        if (value != expected) fail(key, fmt::format("is {}; only {} is supported", value, expected));
    }
    void requireNumber(const char* key, double expected) const
    {
        const double value = configDouble(json_, key, expected, file_);
        if (value != expected) fail(key, fmt::format("is {}; only {} is supported", value, expected));
    }
    // An integer or a per-level list whose entries must agree (this UNet uses one value for every level).
    std::int64_t uniformInt(const char* key, std::int64_t fallback, int levels) const
    {
        const util::JsonValue* value = json_.find(key);
        if (value && value->isArray()) {
            for (const util::JsonValue& item : value->asArray()) {
                if (item.isArray()) fail(key, "holds nested lists; only one value per level is supported");
            }
        }
        const std::vector<std::int64_t> values = configIntList(
            json_, key, std::vector<std::int64_t>(static_cast<std::size_t>(levels), fallback), file_, levels);
        if (values.size() != static_cast<std::size_t>(levels))
            fail(key, fmt::format("has {} entries for {} levels", values.size(), levels));
        for (const std::int64_t v : values) {
            if (v != values.front())
                fail(key, fmt::format("is {}; only the same value at every level is supported", joined(values)));
        }
        return values.front();
    }

private:
    const util::JsonValue& json_;
    std::filesystem::path file_;
};

}  // namespace

UNetConfig UNetConfig::fromJson(const std::filesystem::path& configJson)
{
    const util::JsonValue json = readConfigJson(configJson);
    const UNetConfigReader reader(json, configJson);

    const std::string className = configString(json, "_class_name", "UNet2DConditionModel", configJson);
    if (className != "UNet2DConditionModel")
        reader.fail("_class_name", fmt::format("is '{}'; expected UNet2DConditionModel", className));
    for (const char* key : kMustBeNull) reader.requireNull(key);
    reader.requireString("act_fn", "silu");
    reader.requireString("time_embedding_type", "positional");
    reader.requireString("resnet_time_scale_shift", "default");
    reader.requireString("attention_type", "default");
    if (json.find("mid_block_type") && !reader.isSet("mid_block_type"))
        reader.fail("mid_block_type", fmt::format("is null (no mid block); only '{}' is supported", kMidCrossAttn));
    reader.requireString("mid_block_type", kMidCrossAttn);
    for (const char* key : {"center_input_sample", "dual_cross_attention", "only_cross_attention",
             "mid_block_only_cross_attention", "resnet_skip_time_act"})
        reader.requireFalse(key);
    reader.requireInt("conv_in_kernel", 3);
    reader.requireInt("conv_out_kernel", 3);
    reader.requireInt("downsample_padding", 1);
    reader.requireNumber("mid_block_scale_factor", 1.0);
    reader.requireNumber("resnet_out_scale_factor", 1.0);
    reader.requireNumber("dropout", 0.0);  // the blocks here have no dropout

    UNetConfig config;
    config.inChannels = configInt(json, "in_channels", config.inChannels, configJson);
    config.outChannels = configInt(json, "out_channels", config.outChannels, configJson);
    config.blockOutChannels = configIntList(json, "block_out_channels", config.blockOutChannels, configJson);
    const int levels = static_cast<int>(config.blockOutChannels.size());
    config.downBlockTypes = configStringList(json, "down_block_types", config.downBlockTypes, configJson);
    config.upBlockTypes = configStringList(json, "up_block_types", config.upBlockTypes, configJson);
    config.layersPerBlock = reader.uniformInt("layers_per_block", config.layersPerBlock, levels);
    config.transformerLayersPerBlock =
        reader.uniformInt("transformer_layers_per_block", config.transformerLayersPerBlock, levels);
    // diffusers: num_attention_heads = num_attention_heads or attention_head_dim (which holds the head counts).
    const char* headsKey = reader.isSet("num_attention_heads") ? "num_attention_heads" : "attention_head_dim";
    if (!reader.isSet(headsKey)) reader.fail("attention_head_dim", "is missing (needed for the head counts)");
    config.attentionHeads = configIntList(json, headsKey, {}, configJson, levels);
    if (reader.isSet("cross_attention_dim") && json.find("cross_attention_dim")->isArray())
        reader.fail("cross_attention_dim", "is a list; only one width for every level is supported");
    config.crossAttentionDim = configInt(json, "cross_attention_dim", config.crossAttentionDim, configJson);
    if (json.find("norm_num_groups") && !reader.isSet("norm_num_groups"))
        reader.fail("norm_num_groups", "is null (no output GroupNorm); that is not supported");
    config.normGroups = configInt(json, "norm_num_groups", config.normGroups, configJson);
    config.normEps = configDouble(json, "norm_eps", config.normEps, configJson);
    config.useLinearProjection = configBool(json, "use_linear_projection", false, configJson);
    config.upcastAttention = configBool(json, "upcast_attention", false, configJson);
    config.flipSinToCos = configBool(json, "flip_sin_to_cos", true, configJson);
    config.freqShift = configDouble(json, "freq_shift", 0, configJson);
    if (reader.isSet("sample_size") && json.find("sample_size")->isArray()) {
        const std::vector<std::int64_t> sizes = configIntList(json, "sample_size", {}, configJson);
        if (sizes.empty()) reader.fail("sample_size", "is an empty list");
        config.sampleSize = sizes.front();
    } else {
        config.sampleSize = configInt(json, "sample_size", config.sampleSize, configJson);
    }
    config.validate(configJson.string());
    return config;
}

// ---- Building blocks ----------------------------------------------------------------------------------------------

namespace {

// softmax(Q K^T / sqrt(d)) V for [B, H, L, d] tensors; scores and softmax in float32 when `upcast`.
at::Tensor attentionByMatmul(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, bool upcast)
{
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
    const bool widen = upcast && (q.scalar_type() == at::kHalf || q.scalar_type() == at::kBFloat16);
    const at::Tensor qs = widen ? q.to(at::kFloat) : q;
    const at::Tensor ks = widen ? k.to(at::kFloat) : k;
    const at::Tensor weights = at::softmax(at::matmul(qs, ks.transpose(-2, -1)) * scale, -1);
    return at::matmul(weights.to(v.scalar_type()), v);
}

}  // namespace

UNetAttentionImpl::UNetAttentionImpl(
    std::int64_t queryDim, std::int64_t contextDim, std::int64_t heads, std::int64_t headDim, bool upcast)
    : heads_(heads)
    , upcast_(upcast)
{
    const std::int64_t inner = heads * headDim;
    toQ_ = register_module("to_q", torch::nn::Linear(torch::nn::LinearOptions(queryDim, inner).bias(false)));
    toK_ = register_module("to_k", torch::nn::Linear(torch::nn::LinearOptions(contextDim, inner).bias(false)));
    toV_ = register_module("to_v", torch::nn::Linear(torch::nn::LinearOptions(contextDim, inner).bias(false)));
    // diffusers' to_out is [Linear, Dropout]: the linear layer is "to_out.0".
    torch::nn::ModuleList toOut;
    toOut_ = torch::nn::Linear(inner, queryDim);
    toOut->push_back(toOut_);
    register_module("to_out", toOut);
}

at::Tensor UNetAttentionImpl::forward(const at::Tensor& x, const at::Tensor& context)
{
    const at::Tensor& source = context.defined() ? context : x;
    const std::int64_t batch = x.size(0), queries = x.size(1), keys = source.size(1);
    auto splitHeads = [&](const at::Tensor& t, std::int64_t length) {
        return t.reshape({batch, length, heads_, -1}).transpose(1, 2);  // [B, H, length, d]
    };
    const at::Tensor q = splitHeads(toQ_(x), queries);
    const at::Tensor k = splitHeads(toK_(source), keys);
    const at::Tensor v = splitHeads(toV_(source), keys);
#if TORCH_VERSION_MAJOR >= 2
    // The fused kernels accumulate in float32 on CUDA; reduced precision elsewhere takes the explicit float32 path.
    const bool reduced = q.scalar_type() == at::kHalf || q.scalar_type() == at::kBFloat16;
    const at::Tensor attended = upcast_ && reduced && !q.is_cuda() ? attentionByMatmul(q, k, v, upcast_)
                                                                   : at::scaled_dot_product_attention(q, k, v);
#else
    const at::Tensor attended = attentionByMatmul(q, k, v, upcast_);
#endif
    return toOut_(attended.transpose(1, 2).reshape({batch, queries, -1}));
}

UNetGegluImpl::UNetGegluImpl(std::int64_t dim, std::int64_t inner)
{
    proj_ = register_module("proj", torch::nn::Linear(dim, 2 * inner));
}

at::Tensor UNetGegluImpl::forward(const at::Tensor& x)
{
    const std::vector<at::Tensor> halves = proj_(x).chunk(2, -1);
    return halves[0] * at::gelu(halves[1]);
}

// diffusers' ResnetBlock2D with the default time embedding: the projected time embedding is added between the
// two convolutions; a 1x1 conv_shortcut matches widths when they differ.
class UNetResnetBlockImpl : public torch::nn::Module {
public:
    UNetResnetBlockImpl(std::int64_t in, std::int64_t out, std::int64_t timeChannels, std::int64_t groups, double eps)
    {
        norm1_ = register_module("norm1", groupNorm(groups, in, eps));
        conv1_ = register_module("conv1", conv3x3(in, out));
        timeEmbProj_ = register_module("time_emb_proj", torch::nn::Linear(timeChannels, out));
        norm2_ = register_module("norm2", groupNorm(groups, out, eps));
        conv2_ = register_module("conv2", conv3x3(out, out));
        if (in != out)
            convShortcut_ = register_module("conv_shortcut", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1)));
    }

    at::Tensor forward(const at::Tensor& x, const at::Tensor& temb)
    {
        at::Tensor h = conv1_(at::silu(norm1_(x)));
        h = h + timeEmbProj_(at::silu(temb)).unsqueeze(-1).unsqueeze(-1);
        h = conv2_(at::silu(norm2_(h)));
        return (convShortcut_ ? convShortcut_(x) : x) + h;
    }

private:
    torch::nn::GroupNorm norm1_{nullptr}, norm2_{nullptr};
    torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, convShortcut_{nullptr};
    torch::nn::Linear timeEmbProj_{nullptr};
};

// FeedForward with GEGLU: net.0 = GEGLU, net.1 = dropout (no tensors), net.2 = Linear(inner -> dim).
class UNetFeedForwardImpl : public torch::nn::Module {
public:
    UNetFeedForwardImpl(std::int64_t dim, std::int64_t inner)
    {
        geglu_ = UNetGeglu(dim, inner);
        out_ = torch::nn::Linear(inner, dim);
        torch::nn::ModuleList net;
        net->push_back(geglu_);
        net->push_back(torch::nn::Identity());
        net->push_back(out_);
        register_module("net", net);
    }

    at::Tensor forward(const at::Tensor& x) { return out_(geglu_(x)); }

private:
    UNetGeglu geglu_{nullptr};
    torch::nn::Linear out_{nullptr};
};

// BasicTransformerBlock: pre-LayerNorm self-attention, cross-attention and GEGLU feed-forward, each residual.
class UNetBasicTransformerBlockImpl : public torch::nn::Module {
public:
    UNetBasicTransformerBlockImpl(std::int64_t dim, std::int64_t heads, std::int64_t contextDim, bool upcast)
    {
        const std::int64_t headDim = dim / heads;
        auto layerNorm = [dim] {
            return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(kTransformerLayerNormEps));
        };
        norm1_ = register_module("norm1", layerNorm());
        attn1_ = register_module("attn1", UNetAttention(dim, dim, heads, headDim, upcast));
        norm2_ = register_module("norm2", layerNorm());
        attn2_ = register_module("attn2", UNetAttention(dim, contextDim, heads, headDim, upcast));
        norm3_ = register_module("norm3", layerNorm());
        ff_ = register_module("ff", std::make_shared<UNetFeedForwardImpl>(dim, kFeedForwardMultiplier * dim));
    }

    at::Tensor forward(const at::Tensor& x, const at::Tensor& context)
    {
        at::Tensor h = attn1_(norm1_(x)) + x;
        h = attn2_(norm2_(h), context) + h;
        return ff_->forward(norm3_(h)) + h;
    }

private:
    torch::nn::LayerNorm norm1_{nullptr}, norm2_{nullptr}, norm3_{nullptr};
    UNetAttention attn1_{nullptr}, attn2_{nullptr};
    std::shared_ptr<UNetFeedForwardImpl> ff_;
};

// Transformer2DModel for continuous inputs: GroupNorm, proj_in (Linear with use_linear_projection, else 1x1 conv),
// the transformer blocks over the h*w positions, proj_out, plus the input.
class UNetTransformerImpl : public torch::nn::Module {
public:
    UNetTransformerImpl(std::int64_t channels, std::int64_t heads, std::int64_t layers, std::int64_t contextDim,
        std::int64_t groups, bool linearProjection, bool upcast)
        : linearProjection_(linearProjection)
    {
        norm_ = register_module("norm", groupNorm(groups, channels, kTransformerGroupNormEps));
        if (linearProjection_) {
            projInLinear_ = register_module("proj_in", torch::nn::Linear(channels, channels));
        } else {
            projInConv_ =
                register_module("proj_in", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 1)));
        }
        torch::nn::ModuleList blocks;
        for (std::int64_t i = 0; i < layers; ++i) {
            blocks_.push_back(std::make_shared<UNetBasicTransformerBlockImpl>(channels, heads, contextDim, upcast));
            blocks->push_back(blocks_.back());
        }
        register_module("transformer_blocks", blocks);
        if (linearProjection_) {
            projOutLinear_ = register_module("proj_out", torch::nn::Linear(channels, channels));
        } else {
            projOutConv_ =
                register_module("proj_out", torch::nn::Conv2d(torch::nn::Conv2dOptions(channels, channels, 1)));
        }
    }

    at::Tensor forward(const at::Tensor& x, const at::Tensor& context)
    {
        const std::int64_t batch = x.size(0), channels = x.size(1), height = x.size(2), width = x.size(3);
        auto toTokens = [&](const at::Tensor& map) {
            return map.permute({0, 2, 3, 1}).reshape({batch, height * width, channels});
        };
        auto toMap = [&](const at::Tensor& tokens) {
            return tokens.reshape({batch, height, width, channels}).permute({0, 3, 1, 2}).contiguous();
        };
        at::Tensor h = norm_(x);
        h = linearProjection_ ? projInLinear_(toTokens(h)) : toTokens(projInConv_(h));
        for (const auto& block : blocks_) h = block->forward(h, context);
        h = linearProjection_ ? toMap(projOutLinear_(h)) : projOutConv_(toMap(h));
        return h + x;
    }

private:
    bool linearProjection_;
    torch::nn::GroupNorm norm_{nullptr};
    torch::nn::Linear projInLinear_{nullptr}, projOutLinear_{nullptr};
    torch::nn::Conv2d projInConv_{nullptr}, projOutConv_{nullptr};
    std::vector<std::shared_ptr<UNetBasicTransformerBlockImpl>> blocks_;
};

namespace {

at::Tensor runResnet(
    const std::shared_ptr<UNetResnetBlockImpl>& block, const at::Tensor& x, const at::Tensor& temb, bool checkpoint)
{
    if (!checkpoint) return block->forward(x, temb);
    // The block is captured by value: the function runs again during backward.
    return checkpointed([block](const std::vector<at::Tensor>& in) { return block->forward(in[0], in[1]); }, {x, temb});
}

at::Tensor runTransformer(
    const std::shared_ptr<UNetTransformerImpl>& block, const at::Tensor& x, const at::Tensor& context, bool checkpoint)
{
    if (!checkpoint) return block->forward(x, context);
    return checkpointed(
        [block](const std::vector<at::Tensor>& in) { return block->forward(in[0], in[1]); }, {x, context});
}

}  // namespace

// Downsample2D / Upsample2D hold their convolution as "conv" (downsamplers.0.conv, upsamplers.0.conv).
class UNetConvHolderImpl : public torch::nn::Module {
public:
    explicit UNetConvHolderImpl(torch::nn::Conv2d conv) { conv_ = register_module("conv", std::move(conv)); }
    at::Tensor forward(const at::Tensor& x) { return conv_(x); }

private:
    torch::nn::Conv2d conv_{nullptr};
};

// CrossAttnDownBlock2D / DownBlock2D: layers_per_block resnets (each followed by a transformer when cross-attending)
// and, except at the last level, a stride-2 conv. Every resnet(-transformer) output and the downsampled map are
// skip connections.
class UNetDownBlockImpl : public torch::nn::Module {
public:
    UNetDownBlockImpl(
        const UNetConfig& config, std::size_t level, std::int64_t in, std::int64_t timeChannels, bool last)
    {
        const std::int64_t out = config.blockOutChannels[level];
        const bool crossAttention = config.downBlockTypes[level] == kCrossAttnDown;
        torch::nn::ModuleList resnets, attentions;
        for (std::int64_t i = 0; i < config.layersPerBlock; ++i) {
            resnets_.push_back(std::make_shared<UNetResnetBlockImpl>(
                i == 0 ? in : out, out, timeChannels, config.normGroups, config.normEps));
            resnets->push_back(resnets_.back());
            if (crossAttention) {
                attentions_.push_back(std::make_shared<UNetTransformerImpl>(out, config.attentionHeads[level],
                    config.transformerLayersPerBlock, config.crossAttentionDim, config.normGroups,
                    config.useLinearProjection, config.upcastAttention));
                attentions->push_back(attentions_.back());
            }
        }
        register_module("resnets", resnets);
        if (crossAttention) register_module("attentions", attentions);
        if (!last) {
            downsampler_ = std::make_shared<UNetConvHolderImpl>(conv3x3(out, out, 2));
            torch::nn::ModuleList downsamplers;
            downsamplers->push_back(downsampler_);
            register_module("downsamplers", downsamplers);
        }
    }

    at::Tensor forward(at::Tensor h, const at::Tensor& temb, const at::Tensor& context, std::vector<at::Tensor>& skips,
        bool checkpoint)
    {
        for (std::size_t i = 0; i < resnets_.size(); ++i) {
            h = runResnet(resnets_[i], h, temb, checkpoint);
            if (!attentions_.empty()) h = runTransformer(attentions_[i], h, context, checkpoint);
            skips.push_back(h);
        }
        if (downsampler_) {
            h = downsampler_->forward(h);
            skips.push_back(h);
        }
        return h;
    }

private:
    std::vector<std::shared_ptr<UNetResnetBlockImpl>> resnets_;
    std::vector<std::shared_ptr<UNetTransformerImpl>> attentions_;
    std::shared_ptr<UNetConvHolderImpl> downsampler_;
};

// UNetMidBlock2DCrossAttn: resnet, transformer, resnet at the deepest width.
class UNetMidBlockImpl : public torch::nn::Module {
public:
    UNetMidBlockImpl(const UNetConfig& config, std::int64_t timeChannels)
    {
        const std::int64_t channels = config.blockOutChannels.back();
        torch::nn::ModuleList resnets, attentions;
        for (int i = 0; i < 2; ++i) {
            resnets_.push_back(std::make_shared<UNetResnetBlockImpl>(
                channels, channels, timeChannels, config.normGroups, config.normEps));
            resnets->push_back(resnets_.back());
        }
        attention_ = std::make_shared<UNetTransformerImpl>(channels, config.attentionHeads.back(),
            config.transformerLayersPerBlock, config.crossAttentionDim, config.normGroups, config.useLinearProjection,
            config.upcastAttention);
        attentions->push_back(attention_);
        register_module("attentions", attentions);
        register_module("resnets", resnets);
    }

    at::Tensor forward(const at::Tensor& x, const at::Tensor& temb, const at::Tensor& context, bool checkpoint)
    {
        at::Tensor h = runResnet(resnets_[0], x, temb, checkpoint);
        h = runTransformer(attention_, h, context, checkpoint);
        return runResnet(resnets_[1], h, temb, checkpoint);
    }

private:
    std::vector<std::shared_ptr<UNetResnetBlockImpl>> resnets_;
    std::shared_ptr<UNetTransformerImpl> attention_;
};

// CrossAttnUpBlock2D / UpBlock2D: layers_per_block + 1 resnets, each fed the previous output concatenated with
// the newest unused skip connection; then nearest x2 upsampling and a conv, except in the last block.
class UNetUpBlockImpl : public torch::nn::Module {
public:
    // `level` counts from the deepest (0) to the shallowest; the channel arithmetic is diffusers'.
    UNetUpBlockImpl(const UNetConfig& config, std::size_t level, std::int64_t timeChannels)
    {
        const std::size_t levels = config.blockOutChannels.size();
        const std::int64_t previousOut = config.blockOutChannels[levels - (level == 0 ? 1 : level)];
        const std::int64_t out = config.blockOutChannels[levels - 1 - level];
        // The skip connections of the matching down level come last from the level above it (or conv_in).
        const std::int64_t in = config.blockOutChannels[level + 1 < levels ? levels - 2 - level : 0];
        const std::int64_t heads = config.attentionHeads[levels - 1 - level];
        const bool crossAttention = config.upBlockTypes[level] == kCrossAttnUp;
        const std::int64_t count = config.layersPerBlock + 1;
        torch::nn::ModuleList resnets, attentions;
        for (std::int64_t i = 0; i < count; ++i) {
            const std::int64_t skipChannels = i == count - 1 ? in : out;
            const std::int64_t resnetIn = i == 0 ? previousOut : out;
            resnets_.push_back(std::make_shared<UNetResnetBlockImpl>(
                resnetIn + skipChannels, out, timeChannels, config.normGroups, config.normEps));
            resnets->push_back(resnets_.back());
            if (crossAttention) {
                attentions_.push_back(std::make_shared<UNetTransformerImpl>(out, heads,
                    config.transformerLayersPerBlock, config.crossAttentionDim, config.normGroups,
                    config.useLinearProjection, config.upcastAttention));
                attentions->push_back(attentions_.back());
            }
        }
        register_module("resnets", resnets);
        if (crossAttention) register_module("attentions", attentions);
        if (level + 1 < levels) {
            upsampler_ = std::make_shared<UNetConvHolderImpl>(conv3x3(out, out));
            torch::nn::ModuleList upsamplers;
            upsamplers->push_back(upsampler_);
            register_module("upsamplers", upsamplers);
        }
    }

    std::size_t skipCount() const { return resnets_.size(); }

    // `skips` in the order they were made (the last is consumed first); `upsampleSize` is the spatial size of the
    // next skip connection (ignored in the last block).
    at::Tensor forward(at::Tensor h, const std::vector<at::Tensor>& skips, const at::Tensor& temb,
        const at::Tensor& context, const std::vector<std::int64_t>& upsampleSize, bool checkpoint)
    {
        for (std::size_t i = 0; i < resnets_.size(); ++i) {
            h = at::cat({h, skips[skips.size() - 1 - i]}, 1);
            h = runResnet(resnets_[i], h, temb, checkpoint);
            if (!attentions_.empty()) h = runTransformer(attentions_[i], h, context, checkpoint);
        }
        if (upsampler_) {
            namespace F = torch::nn::functional;
            // Nearest to the skip's size: x2 when the latent divides evenly, as diffusers' upsample_size otherwise.
            h = F::interpolate(h, F::InterpolateFuncOptions().size(upsampleSize).mode(torch::kNearest));
            h = upsampler_->forward(h);
        }
        return h;
    }

private:
    std::vector<std::shared_ptr<UNetResnetBlockImpl>> resnets_;
    std::vector<std::shared_ptr<UNetTransformerImpl>> attentions_;
    std::shared_ptr<UNetConvHolderImpl> upsampler_;
};

// ---- The model ----------------------------------------------------------------------------------------------------

UNet2DConditionModelImpl::UNet2DConditionModelImpl(UNetConfig config)
    : config_(std::move(config))
{
    config_.validate("UNet configuration");
    const std::size_t levels = config_.blockOutChannels.size();
    const std::int64_t base = config_.blockOutChannels.front();
    const std::int64_t timeChannels = kTimeEmbeddingMultiplier * base;

    convIn_ = register_module("conv_in", conv3x3(config_.inChannels, base));
    auto timeEmbedding = std::make_shared<torch::nn::Module>();
    timeLinear1_ = timeEmbedding->register_module("linear_1", torch::nn::Linear(base, timeChannels));
    timeLinear2_ = timeEmbedding->register_module("linear_2", torch::nn::Linear(timeChannels, timeChannels));
    register_module("time_embedding", timeEmbedding);

    torch::nn::ModuleList downBlocks, upBlocks;
    for (std::size_t level = 0; level < levels; ++level) {
        const std::int64_t in = config_.blockOutChannels[level == 0 ? 0 : level - 1];
        downBlocks_.push_back(
            std::make_shared<UNetDownBlockImpl>(config_, level, in, timeChannels, level + 1 == levels));
        downBlocks->push_back(downBlocks_.back());
    }
    register_module("down_blocks", downBlocks);
    midBlock_ = register_module("mid_block", std::make_shared<UNetMidBlockImpl>(config_, timeChannels));
    for (std::size_t level = 0; level < levels; ++level) {
        upBlocks_.push_back(std::make_shared<UNetUpBlockImpl>(config_, level, timeChannels));
        upBlocks->push_back(upBlocks_.back());
    }
    register_module("up_blocks", upBlocks);
    convNormOut_ = register_module("conv_norm_out", groupNorm(config_.normGroups, base, config_.normEps));
    convOut_ = register_module("conv_out", conv3x3(base, config_.outChannels));
}

void UNet2DConditionModelImpl::setGradientCheckpointing(bool enabled)
{
    checkpointing_ = enabled;
}

at::Tensor UNet2DConditionModelImpl::forward(
    const at::Tensor& sample, const at::Tensor& timesteps, const at::Tensor& encoderHiddenStates)
{
    if (sample.dim() != 4 || sample.size(1) != config_.inChannels) {
        throw std::invalid_argument(fmt::format(
            "UNet: the sample has shape {}, expected [B, {}, h, w]", shapeText(sample.sizes()), config_.inChannels));
    }
    const std::int64_t batch = sample.size(0);
    if (encoderHiddenStates.dim() != 3 || encoderHiddenStates.size(0) != batch
        || encoderHiddenStates.size(2) != config_.crossAttentionDim) {
        throw std::invalid_argument(fmt::format("UNet: the encoder hidden states have shape {}, expected [{}, L, {}]",
            shapeText(encoderHiddenStates.sizes()), batch, config_.crossAttentionDim));
    }
    at::Tensor steps = timesteps.dim() == 0 ? timesteps.reshape({1}) : timesteps;
    if (steps.dim() != 1 || (steps.size(0) != 1 && steps.size(0) != batch)) {
        throw std::invalid_argument(fmt::format(
            "UNet: the timesteps have shape {}, expected a scalar or [{}]", shapeText(timesteps.sizes()), batch));
    }
    steps = steps.to(sample.device()).expand({batch});

    // Sinusoids in float32 (timesteps near 1000 need the precision), then the model's dtype.
    const at::Tensor sinusoids =
        timestepEmbedding(steps, config_.blockOutChannels.front(), config_.flipSinToCos, config_.freqShift)
            .to(sample.scalar_type());
    const at::Tensor temb = timeLinear2_(at::silu(timeLinear1_(sinusoids)));
    const at::Tensor context = encoderHiddenStates.to(sample.scalar_type());
    const bool checkpoint = checkpointing_;

    at::Tensor h = convIn_(sample);
    std::vector<at::Tensor> skips{h};
    for (const auto& block : downBlocks_) h = block->forward(h, temb, context, skips, checkpoint);
    h = midBlock_->forward(h, temb, context, checkpoint);
    for (const auto& block : upBlocks_) {
        const std::size_t count = block->skipCount();
        const std::vector<at::Tensor> own(skips.end() - static_cast<std::ptrdiff_t>(count), skips.end());
        skips.resize(skips.size() - count);
        std::vector<std::int64_t> upsampleSize;
        if (!skips.empty()) upsampleSize = {skips.back().size(2), skips.back().size(3)};
        h = block->forward(h, own, temb, context, upsampleSize, checkpoint);
    }
    return convOut_(at::silu(convNormOut_(h)));
}

// ---- Timestep embedding ---------------------------------------------------------------------------------------------

at::Tensor timestepEmbedding(const at::Tensor& timesteps, std::int64_t dim, bool flipSinToCos,
    double downscaleFreqShift, double scale, double maxPeriod)
{
    if (timesteps.dim() != 1)
        throw std::invalid_argument(
            fmt::format("timestepEmbedding: timesteps have shape {}, expected [N]", shapeText(timesteps.sizes())));
    const std::int64_t half = dim / 2;
    const auto options = at::TensorOptions().dtype(at::kFloat).device(timesteps.device());
    // As diffusers: the exponent is built in float32, the divisor is half - shift.
    const at::Tensor exponent =
        at::arange(half, options) * (-std::log(maxPeriod)) / (static_cast<double>(half) - downscaleFreqShift);
    const at::Tensor angles = timesteps.to(at::kFloat).unsqueeze(1) * at::exp(exponent).unsqueeze(0) * scale;
    at::Tensor embedding =
        flipSinToCos ? at::cat({at::cos(angles), at::sin(angles)}, 1) : at::cat({at::sin(angles), at::cos(angles)}, 1);
    if (dim % 2 == 1) embedding = at::constant_pad_nd(embedding, {0, 1});
    return embedding;
}

}  // namespace tastelab::model
