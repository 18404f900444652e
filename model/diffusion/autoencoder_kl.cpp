// AutoencoderKL as diffusers builds it (models/autoencoders/vae.py, autoencoder_kl.py): resnets without a time
// embedding, a single-head attention in the mid blocks, stride-2 convolutions down and nearest x2 up.
#include "model/diffusion/autoencoder_kl.h"

#include "model/io/diffusers_weights.h"
#include "model/io/hf_config.h"
#include "model/nn/activation_checkpoint.h"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <torch/nn/functional/upsampling.h>
#include <torch/version.h>

#include <cmath>
#include <stdexcept>
#include <tuple>

namespace tastelab::model {

namespace {

// diffusers builds every VAE GroupNorm (resnets, attention, conv_norm_out) with this epsilon.
constexpr double kVaeNormEps = 1e-6;
// DiagonalGaussianDistribution clamps the log-variance to this range.
constexpr double kLogVarMin = -30.0;
constexpr double kLogVarMax = 20.0;

const char* const kDownBlockType = "DownEncoderBlock2D";
const char* const kUpBlockType = "UpDecoderBlock2D";

torch::nn::Conv2d makeConv(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride = 1)
{
    return torch::nn::Conv2d(
        torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(stride == 1 ? kernel / 2 : 0));
}

torch::nn::GroupNorm groupNorm(std::int64_t groups, std::int64_t channels)
{
    return torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, channels).eps(kVaeNormEps));
}

void validate(const AutoencoderKLConfig& config)
{
    auto fail = [](const std::string& why) { throw std::invalid_argument("AutoencoderKL: " + why); };
    if (config.inChannels <= 0 || config.outChannels <= 0 || config.latentChannels <= 0) {
        fail("channel counts must be positive");
    }
    if (config.blockOutChannels.empty()) fail("block_out_channels is empty");
    if (config.layersPerBlock < 1) fail("layers_per_block must be at least 1");
    if (config.normGroups <= 0) fail("norm_num_groups must be positive");
    for (const std::int64_t channels : config.blockOutChannels) {
        if (channels <= 0 || channels % config.normGroups != 0) {
            fail(fmt::format(
                "block channels {} are not a positive multiple of norm_num_groups {}", channels, config.normGroups));
        }
    }
    if (config.scalingFactor == 0.0 || !std::isfinite(config.scalingFactor) || !std::isfinite(config.shiftFactor)) {
        fail("scaling_factor must be finite and non-zero, shift_factor finite");
    }
}

}  // namespace

// ResnetBlock2D without a time embedding: GroupNorm-SiLU-conv twice, plus a 1x1 shortcut when channels change.
class VaeResnetImpl : public torch::nn::Module {
public:
    VaeResnetImpl(std::int64_t in, std::int64_t out, std::int64_t groups)
        : norm1(register_module("norm1", groupNorm(groups, in)))
        , conv1(register_module("conv1", makeConv(in, out, 3)))
        , norm2(register_module("norm2", groupNorm(groups, out)))
        , conv2(register_module("conv2", makeConv(out, out, 3)))
    {
        if (in != out) convShortcut = register_module("conv_shortcut", makeConv(in, out, 1));
    }

    at::Tensor forward(const at::Tensor& x)
    {
        at::Tensor h = conv1->forward(at::silu(norm1->forward(x)));
        h = conv2->forward(at::silu(norm2->forward(h)));
        return (convShortcut ? convShortcut->forward(x) : x) + h;
    }

    torch::nn::GroupNorm norm1;
    torch::nn::Conv2d conv1;
    torch::nn::GroupNorm norm2;
    torch::nn::Conv2d conv2;
    torch::nn::Conv2d convShortcut{nullptr};
};
TORCH_MODULE(VaeResnet);

VaeAttentionImpl::VaeAttentionImpl(std::int64_t channels, std::int64_t groups)
    : group_norm(register_module("group_norm", groupNorm(groups, channels)))
    , to_q(register_module("to_q", torch::nn::Linear(channels, channels)))
    , to_k(register_module("to_k", torch::nn::Linear(channels, channels)))
    , to_v(register_module("to_v", torch::nn::Linear(channels, channels)))
    , to_out(register_module("to_out", torch::nn::ModuleList()))
    , outProj(torch::nn::Linear(channels, channels))
{
    to_out->push_back(outProj);  // "to_out.0"; diffusers' to_out.1 is a parameterless dropout
}

at::Tensor VaeAttentionImpl::forward(const at::Tensor& x)
{
    const auto batch = x.size(0), channels = x.size(1), height = x.size(2), width = x.size(3);
    const at::Tensor tokens = group_norm->forward(x).reshape({batch, channels, height * width}).transpose(1, 2);
    const at::Tensor q = to_q->forward(tokens), k = to_k->forward(tokens), v = to_v->forward(tokens);
#if TORCH_VERSION_MAJOR >= 2
    // Fused kernels (flash / memory-efficient on CUDA) avoid the [HW, HW] score matrix; the scale is 1/sqrt(C).
    const at::Tensor attended =
        at::scaled_dot_product_attention(q.unsqueeze(1), k.unsqueeze(1), v.unsqueeze(1)).squeeze(1);
#else
    const at::Tensor scores = at::matmul(q * (1.0 / std::sqrt(static_cast<double>(channels))), k.transpose(1, 2));
    // Half-precision scores are normalised in float32 (diffusers' upcast_softmax); float32/64 stay as they are.
    const bool half = scores.scalar_type() == at::kHalf || scores.scalar_type() == at::kBFloat16;
    const at::Tensor weights = half ? at::softmax(scores, -1, at::kFloat).to(v.scalar_type()) : at::softmax(scores, -1);
    const at::Tensor attended = at::matmul(weights, v);
#endif
    return x + outProj->forward(attended).transpose(1, 2).reshape({batch, channels, height, width});
}

// UNetMidBlock2D without a time embedding: resnet, [attention, resnet].
class VaeMidBlockImpl : public torch::nn::Module {
public:
    VaeMidBlockImpl(std::int64_t channels, std::int64_t groups, bool addAttention)
        : resnets(register_module("resnets", torch::nn::ModuleList()))
    {
        resnets->push_back(VaeResnet(channels, channels, groups));
        if (addAttention) {
            attention = VaeAttention(channels, groups);
            register_module("attentions", torch::nn::ModuleList(attention));
        }
        resnets->push_back(VaeResnet(channels, channels, groups));
    }

    at::Tensor forward(const at::Tensor& x)
    {
        at::Tensor h = resnets->at<VaeResnetImpl>(0).forward(x);
        if (attention) h = attention->forward(h);
        return resnets->at<VaeResnetImpl>(1).forward(h);
    }

    torch::nn::ModuleList resnets;
    VaeAttention attention{nullptr};
};
TORCH_MODULE(VaeMidBlock);

// Downsample2D with padding 0: pad right and bottom by one, then a stride-2 3x3 convolution.
class VaeDownsampleImpl : public torch::nn::Module {
public:
    explicit VaeDownsampleImpl(std::int64_t channels)
        : conv(register_module("conv", makeConv(channels, channels, 3, 2)))
    {
    }
    at::Tensor forward(const at::Tensor& x) { return conv->forward(at::constant_pad_nd(x, {0, 1, 0, 1}, 0)); }

    torch::nn::Conv2d conv;
};
TORCH_MODULE(VaeDownsample);

// Upsample2D: nearest-neighbour x2, then a 3x3 convolution.
class VaeUpsampleImpl : public torch::nn::Module {
public:
    explicit VaeUpsampleImpl(std::int64_t channels)
        : conv(register_module("conv", makeConv(channels, channels, 3)))
    {
    }
    at::Tensor forward(const at::Tensor& x)
    {
        namespace F = torch::nn::functional;
        return conv->forward(F::interpolate(
            x, F::InterpolateFuncOptions().scale_factor(std::vector<double>{2.0, 2.0}).mode(torch::kNearest)));
    }

    torch::nn::Conv2d conv;
};
TORCH_MODULE(VaeUpsample);

// DownEncoderBlock2D / UpDecoderBlock2D: `layers` resnets, then an optional resampler.
class VaeBlockImpl : public torch::nn::Module {
public:
    VaeBlockImpl(std::int64_t in, std::int64_t out, std::int64_t layers, std::int64_t groups, bool down, bool resample)
        : resnets(register_module("resnets", torch::nn::ModuleList()))
    {
        for (std::int64_t i = 0; i < layers; ++i) resnets->push_back(VaeResnet(i == 0 ? in : out, out, groups));
        if (resample && down) register_module("downsamplers", torch::nn::ModuleList(downsample = VaeDownsample(out)));
        if (resample && !down) register_module("upsamplers", torch::nn::ModuleList(upsample = VaeUpsample(out)));
    }

    at::Tensor forward(at::Tensor x)
    {
        for (const auto& resnet : *resnets) x = resnet->as<VaeResnetImpl>()->forward(x);
        if (downsample) x = downsample->forward(x);
        if (upsample) x = upsample->forward(x);
        return x;
    }

    torch::nn::ModuleList resnets;
    VaeDownsample downsample{nullptr};
    VaeUpsample upsample{nullptr};
};
TORCH_MODULE(VaeBlock);

namespace {

// Runs `block` on x, through activation checkpointing when asked.
template <typename Impl>
at::Tensor runBlock(const std::shared_ptr<Impl>& block, const at::Tensor& x, bool checkpoint)
{
    if (!checkpoint) return block->forward(x);
    // The function runs again in the backward pass: it holds the block, not a reference to it.
    return checkpointed([block](const std::vector<at::Tensor>& inputs) { return block->forward(inputs[0]); }, {x});
}

}  // namespace

// vae.py's Encoder with double_z: images -> [B, 2 * latent, h, w] (mean and log-variance).
class VaeEncoderImpl : public torch::nn::Module {
public:
    explicit VaeEncoderImpl(const AutoencoderKLConfig& config)
    {
        const auto& channels = config.blockOutChannels;
        conv_in = register_module("conv_in", makeConv(config.inChannels, channels.front(), 3));
        down_blocks = register_module("down_blocks", torch::nn::ModuleList());
        std::int64_t previous = channels.front();
        for (std::size_t i = 0; i < channels.size(); ++i) {
            const bool last = i + 1 == channels.size();
            down_blocks->push_back(
                VaeBlock(previous, channels[i], config.layersPerBlock, config.normGroups, true, !last));
            previous = channels[i];
        }
        mid_block =
            register_module("mid_block", VaeMidBlock(channels.back(), config.normGroups, config.midBlockAddAttention));
        conv_norm_out = register_module("conv_norm_out", groupNorm(config.normGroups, channels.back()));
        conv_out = register_module("conv_out", makeConv(channels.back(), 2 * config.latentChannels, 3));
    }

    at::Tensor forward(const at::Tensor& images, bool checkpoint)
    {
        at::Tensor x = conv_in->forward(images);
        for (const auto& block : *down_blocks)
            x = runBlock(std::static_pointer_cast<VaeBlockImpl>(block), x, checkpoint);
        x = runBlock(mid_block.ptr(), x, checkpoint);
        return conv_out->forward(at::silu(conv_norm_out->forward(x)));
    }

    torch::nn::Conv2d conv_in{nullptr}, conv_out{nullptr};
    torch::nn::ModuleList down_blocks{nullptr};
    VaeMidBlock mid_block{nullptr};
    torch::nn::GroupNorm conv_norm_out{nullptr};
};

// vae.py's Decoder: latent -> mid block at the widest channels -> up blocks over the reversed channels, each with
// layersPerBlock + 1 resnets -> images.
class VaeDecoderImpl : public torch::nn::Module {
public:
    explicit VaeDecoderImpl(const AutoencoderKLConfig& config)
    {
        const std::vector<std::int64_t> reversed(config.blockOutChannels.rbegin(), config.blockOutChannels.rend());
        conv_in = register_module("conv_in", makeConv(config.latentChannels, reversed.front(), 3));
        mid_block =
            register_module("mid_block", VaeMidBlock(reversed.front(), config.normGroups, config.midBlockAddAttention));
        up_blocks = register_module("up_blocks", torch::nn::ModuleList());
        std::int64_t previous = reversed.front();
        for (std::size_t i = 0; i < reversed.size(); ++i) {
            const bool last = i + 1 == reversed.size();
            up_blocks->push_back(
                VaeBlock(previous, reversed[i], config.layersPerBlock + 1, config.normGroups, false, !last));
            previous = reversed[i];
        }
        conv_norm_out = register_module("conv_norm_out", groupNorm(config.normGroups, reversed.back()));
        conv_out = register_module("conv_out", makeConv(reversed.back(), config.outChannels, 3));
    }

    at::Tensor forward(const at::Tensor& latent, bool checkpoint)
    {
        at::Tensor x = conv_in->forward(latent);
        x = runBlock(mid_block.ptr(), x, checkpoint);
        for (const auto& block : *up_blocks) x = runBlock(std::static_pointer_cast<VaeBlockImpl>(block), x, checkpoint);
        return conv_out->forward(at::silu(conv_norm_out->forward(x)));
    }

    torch::nn::Conv2d conv_in{nullptr}, conv_out{nullptr};
    VaeMidBlock mid_block{nullptr};
    torch::nn::ModuleList up_blocks{nullptr};
    torch::nn::GroupNorm conv_norm_out{nullptr};
};

void AutoencoderKLConfig::requireFitsWeights(const WeightSource& weights, const std::filesystem::path& configJson) const
{
    // Per level the second 3x3 convolution of each resnet (layers_per_block in the encoder, one more in the
    // decoder), and the convolutions in and out; attention and norms left out.
    std::vector<ConfigSize> sizes{{"in_channels", inChannels, kMaxConfigWidth},
        {"out_channels", outChannels, kMaxConfigWidth}, {"latent_channels", latentChannels, kMaxConfigWidth},
        {"layers_per_block", layersPerBlock, kMaxConfigLayers},
        {"block_out_channels (entries)", static_cast<std::int64_t>(blockOutChannels.size()), kMaxConfigLevels}};
    double parameters = 0;
    for (std::size_t i = 0; i < blockOutChannels.size(); ++i) {
        const double c = static_cast<double>(blockOutChannels[i]);
        parameters += static_cast<double>(2 * layersPerBlock + 1) * 9.0 * c * c;
        sizes.push_back({fmt::format("block_out_channels[{}]", i), blockOutChannels[i], kMaxConfigWidth});
    }
    if (!blockOutChannels.empty()) {
        parameters +=
            9.0 * static_cast<double>(blockOutChannels.front()) * static_cast<double>(inChannels + outChannels)
            + 27.0 * static_cast<double>(blockOutChannels.back()) * static_cast<double>(latentChannels);
    }
    requireConfigFitsWeights(configJson, sizes, parameters, weights.valueCount(), weights.origin());
}

AutoencoderKLConfig AutoencoderKLConfig::sdTurbo()
{
    return AutoencoderKLConfig{};
}

AutoencoderKLConfig AutoencoderKLConfig::flux()
{
    AutoencoderKLConfig config;
    config.latentChannels = 16;
    config.scalingFactor = 0.3611;
    config.shiftFactor = 0.1159;
    config.useQuantConv = false;
    config.usePostQuantConv = false;
    return config;
}

AutoencoderKLConfig AutoencoderKLConfig::fromJson(const std::filesystem::path& configJson)
{
    const util::JsonValue json = readConfigJson(configJson);
    const std::string file = configJson.string();
    auto unsupported = [&](const char* key, const std::string& why) {
        throw ModelLoadError(fmt::format("{}: the key '{}' {}", file, key, why));
    };

    const std::string className = configString(json, "_class_name", "AutoencoderKL", configJson);
    if (className != "AutoencoderKL") {
        unsupported("_class_name", fmt::format("is '{}'; only AutoencoderKL is supported here", className));
    }
    AutoencoderKLConfig config;  // diffusers' defaults differ from SD's: take them where a key is missing
    config.inChannels = configInt(json, "in_channels", 3, configJson);
    config.outChannels = configInt(json, "out_channels", 3, configJson);
    config.latentChannels = configInt(json, "latent_channels", 4, configJson);
    config.blockOutChannels = configIntList(json, "block_out_channels", {64}, configJson);
    config.layersPerBlock = configInt(json, "layers_per_block", 1, configJson);
    config.normGroups = configInt(json, "norm_num_groups", 32, configJson);
    config.scalingFactor = configDouble(json, "scaling_factor", 0.18215, configJson);
    config.shiftFactor = configDouble(json, "shift_factor", 0.0, configJson);
    config.useQuantConv = configBool(json, "use_quant_conv", true, configJson);
    config.usePostQuantConv = configBool(json, "use_post_quant_conv", true, configJson);
    config.midBlockAddAttention = configBool(json, "mid_block_add_attention", true, configJson);
    config.forceUpcast = configBool(json, "force_upcast", true, configJson);

    const std::size_t levels = config.blockOutChannels.size();
    const std::vector<std::string> down =
        configStringList(json, "down_block_types", std::vector<std::string>(levels, kDownBlockType), configJson);
    const std::vector<std::string> up =
        configStringList(json, "up_block_types", std::vector<std::string>(levels, kUpBlockType), configJson);
    for (const auto& [key, types, expected] :
        {std::tuple{"down_block_types", &down, kDownBlockType}, std::tuple{"up_block_types", &up, kUpBlockType}}) {
        if (types->size() != levels) {
            unsupported(key, fmt::format("lists {} blocks but block_out_channels {}", types->size(), levels));
        }
        for (const std::string& type : *types) {
            if (type != expected) unsupported(key, fmt::format("holds '{}'; only {} is supported", type, expected));
        }
    }
    const std::string activation = configString(json, "act_fn", "silu", configJson);
    if (activation != "silu") unsupported("act_fn", fmt::format("is '{}'; only silu is supported", activation));
    for (const char* key : {"latents_mean", "latents_std"}) {
        const util::JsonValue* value = json.find(key);
        if (value && !value->isNull()) unsupported(key, "is set; per-channel latent statistics are not supported");
    }

    if (config.blockOutChannels.empty()) unsupported("block_out_channels", "is empty");
    for (const std::int64_t channels : config.blockOutChannels) {
        if (channels <= 0 || config.normGroups <= 0 || channels % config.normGroups != 0) {
            unsupported("block_out_channels",
                fmt::format("holds {}, not a positive multiple of norm_num_groups {}", channels, config.normGroups));
        }
    }
    if (config.layersPerBlock < 1) unsupported("layers_per_block", "must be at least 1");
    for (const auto& [key, value] : {std::pair{"in_channels", config.inChannels},
             std::pair{"out_channels", config.outChannels}, std::pair{"latent_channels", config.latentChannels}}) {
        if (value <= 0) unsupported(key, "must be positive");
    }
    if (config.scalingFactor == 0.0 || !std::isfinite(config.scalingFactor)) {
        unsupported("scaling_factor", "must be finite and non-zero");
    }
    return config;
}

std::string canonicalVaeTensorName(const std::string& name)
{
    // Only the mid-block attentions had the old names; "...attentions.0.query.weight" -> "...attentions.0.to_q.weight".
    static const std::pair<const char*, const char*> kOldToNew[] = {
        {"query", "to_q"}, {"key", "to_k"}, {"value", "to_v"}, {"proj_attn", "to_out.0"}};
    const std::string marker = "mid_block.attentions.";
    const std::size_t at = name.find(marker);
    if (at == std::string::npos) return name;
    const std::size_t indexEnd = name.find('.', at + marker.size());
    if (indexEnd == std::string::npos) return name;
    const std::size_t leafEnd = name.find('.', indexEnd + 1);
    if (leafEnd == std::string::npos) return name;
    const std::string leaf = name.substr(indexEnd + 1, leafEnd - indexEnd - 1);
    for (const auto& [oldName, newName] : kOldToNew) {
        if (leaf == oldName) return name.substr(0, indexEnd + 1) + newName + name.substr(leafEnd);
    }
    return name;
}

AutoencoderKLImpl::AutoencoderKLImpl(AutoencoderKLConfig config)
    : config_(std::move(config))
{
    validate(config_);
    encoder_ = register_module("encoder", std::make_shared<VaeEncoderImpl>(config_));
    decoder_ = register_module("decoder", std::make_shared<VaeDecoderImpl>(config_));
    const std::int64_t latent = config_.latentChannels;
    if (config_.useQuantConv) quantConv_ = register_module("quant_conv", makeConv(2 * latent, 2 * latent, 1));
    if (config_.usePostQuantConv) postQuantConv_ = register_module("post_quant_conv", makeConv(latent, latent, 1));
}

int AutoencoderKLImpl::downscale() const
{
    return 1 << (config_.blockOutChannels.size() - 1);
}

void AutoencoderKLImpl::setGradientCheckpointing(bool enabled)
{
    checkpointing_ = enabled;
}

at::Tensor AutoencoderKLImpl::decode(const at::Tensor& latents)
{
    if (latents.dim() != 4 || latents.size(1) != config_.latentChannels) {
        throw std::invalid_argument(fmt::format("AutoencoderKL::decode: latents of shape {}, expected [B, {}, h, w]",
            shapeText(latents.sizes()), config_.latentChannels));
    }
    at::Tensor z = latents / config_.scalingFactor;
    if (config_.shiftFactor != 0.0) z = z + config_.shiftFactor;
    if (postQuantConv_) z = postQuantConv_->forward(z);
    return decoder_->forward(z, checkpointing_);
}

std::pair<at::Tensor, at::Tensor> AutoencoderKLImpl::encodeDistribution(const at::Tensor& images)
{
    const int factor = downscale();
    if (images.dim() != 4 || images.size(1) != config_.inChannels || images.size(2) % factor != 0
        || images.size(3) % factor != 0) {
        throw std::invalid_argument(fmt::format(
            "AutoencoderKL::encode: images of shape {}, expected [B, {}, H, W] with H and W multiples of {}",
            shapeText(images.sizes()), config_.inChannels, factor));
    }
    at::Tensor moments = encoder_->forward(images, checkpointing_);
    if (quantConv_) moments = quantConv_->forward(moments);
    const std::vector<at::Tensor> halves = moments.chunk(2, 1);
    return {halves[0], halves[1].clamp(kLogVarMin, kLogVarMax)};
}

at::Tensor AutoencoderKLImpl::encode(const at::Tensor& images)
{
    at::Tensor mean = encodeDistribution(images).first;
    if (config_.shiftFactor != 0.0) mean = mean - config_.shiftFactor;
    return mean * config_.scalingFactor;
}

}  // namespace tastelab::model
