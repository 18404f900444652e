// Tiny autoencoders (TAESD family): the layers, the layout read back from a checkpoint's names and shapes, and the
// loaders for madebyollin .pth/.safetensors files and diffusers AutoencoderTiny files.
#include "model/diffusion/taesd.h"

#include "model/io/diffusers_weights.h"
#include "model/io/pth_reader.h"
#include "model/io/safetensors.h"
#include "storage/storage_error.h"
#include "util/bounded_file.h"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/normalization.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

namespace tastelab::model {
namespace {

torch::nn::Conv2d makeConv(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t stride, bool bias)
{
    return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(kernel / 2).bias(bias));
}

bool startsWith(const std::string& text, const std::string& prefix)
{
    return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

void validate(const TinyAutoencoderConfig& config, const char* what)
{
    auto fail = [what](const std::string& why) { throw std::invalid_argument(fmt::format("{}: {}", what, why)); };
    if (config.latentChannels <= 0 || config.imageChannels <= 0 || config.channels <= 0) {
        fail("channel counts must be positive");
    }
    if (config.blocksPerStage < 1 || config.stages < 0 || config.stages > 10 || config.fullResolutionBlocks < 0) {
        fail(fmt::format("impossible layout: {} stages of {} blocks, {} full-resolution blocks", config.stages,
            config.blocksPerStage, config.fullResolutionBlocks));
    }
    if (config.latentBlocksGroupNorm
        && (config.groupNormGroups <= 0 || config.groupNormExpansion <= 0
            || (config.groupNormExpansion * config.channels) % config.groupNormGroups != 0)) {
        fail(fmt::format("the GroupNorm branch's {} channels are not a positive multiple of {} groups",
            config.groupNormExpansion * config.channels, config.groupNormGroups));
    }
    if (!(config.latentClamp > 0) || !std::isfinite(config.latentClamp)) fail("latentClamp must be positive");
}

}  // namespace

// Block: ReLU(conv-ReLU-conv-ReLU-conv(x') + x'), x' = x + pool(x) when the block has the GroupNorm branch.
class TinyBlockImpl : public torch::nn::Module {
public:
    TinyBlockImpl(std::int64_t channels, bool groupNormBranch, std::int64_t groups, std::int64_t expansion)
    {
        conv_ = register_module("conv",
            torch::nn::Sequential(makeConv(channels, channels, 3, 1, true), torch::nn::ReLU(),
                makeConv(channels, channels, 3, 1, true), torch::nn::ReLU(), makeConv(channels, channels, 3, 1, true)));
        if (groupNormBranch) {
            const std::int64_t wide = expansion * channels;
            pool_ = register_module("pool",
                torch::nn::Sequential(makeConv(channels, wide, 1, 1, false),
                    torch::nn::GroupNorm(torch::nn::GroupNormOptions(groups, wide)), torch::nn::ReLU(),
                    makeConv(wide, channels, 1, 1, false)));
        }
    }

    at::Tensor forward(at::Tensor x)
    {
        if (pool_) x = x + pool_->forward(x);
        return at::relu(conv_->forward(x) + x);
    }

private:
    torch::nn::Sequential conv_{nullptr};
    torch::nn::Sequential pool_{nullptr};
};
TORCH_MODULE(TinyBlock);

// The nn.Sequential of madebyollin/taesd: layers registered under their indices, run in order.
class TinyAutoencoderLayers {
public:
    enum class Kind { Clamp, Conv, Relu, Block, Upsample };

    void add(Kind kind) { layers_.push_back({kind, nullptr, nullptr}); }
    void add(torch::nn::Module& owner, torch::nn::Conv2d conv)
    {
        layers_.push_back(
            {Kind::Conv, owner.register_module(std::to_string(layers_.size()), std::move(conv)), nullptr});
    }
    void add(torch::nn::Module& owner, TinyBlock block)
    {
        layers_.push_back(
            {Kind::Block, nullptr, owner.register_module(std::to_string(layers_.size()), std::move(block))});
    }

    at::Tensor forward(at::Tensor x, double clamp)
    {
        for (Layer& layer : layers_) {
            switch (layer.kind) {
            case Kind::Clamp:
                x = at::tanh(x / clamp) * clamp;
                break;
            case Kind::Conv:
                x = layer.conv->forward(x);
                break;
            case Kind::Relu:
                x = at::relu(x);
                break;
            case Kind::Block:
                x = layer.block->forward(x);
                break;
            case Kind::Upsample: {
                // Nearest-neighbour x2, as nn.Upsample(scale_factor=2): every pixel becomes a 2x2 square.
                const std::int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
                x = x.unsqueeze(3).unsqueeze(5).expand({n, c, h, 2, w, 2}).reshape({n, c, 2 * h, 2 * w});
                break;
            }
            }
        }
        return x;
    }

private:
    struct Layer {
        Kind kind;
        torch::nn::Conv2d conv;
        TinyBlock block;
    };
    std::vector<Layer> layers_;
};

namespace {

TinyBlock block(const TinyAutoencoderConfig& config, bool groupNormBranch)
{
    return TinyBlock(config.channels, groupNormBranch && config.latentBlocksGroupNorm, config.groupNormGroups,
        config.groupNormExpansion);
}

torch::nn::Conv2d conv(std::int64_t in, std::int64_t out, std::int64_t stride, bool bias)
{
    return makeConv(in, out, 3, stride, bias);
}

void checkImages(const at::Tensor& tensor, std::int64_t channels, std::int64_t multiple, const char* what)
{
    if (tensor.dim() != 4 || tensor.size(1) != channels || tensor.size(2) % multiple != 0
        || tensor.size(3) % multiple != 0) {
        throw std::invalid_argument(
            fmt::format("{}: input of shape {}, expected [B, {}, h, w]{}", what, shapeText(tensor.sizes()), channels,
                multiple > 1 ? fmt::format(" with h and w multiples of {}", multiple) : std::string()));
    }
}

}  // namespace

TinyAutoencoderConfig TinyAutoencoderConfig::taesd()
{
    return {};
}

TinyAutoencoderConfig TinyAutoencoderConfig::taef2()
{
    TinyAutoencoderConfig config;
    config.latentChannels = 32;
    config.latentBlocksGroupNorm = true;
    return config;
}

std::int64_t TinyAutoencoderConfig::scale() const
{
    return std::int64_t{1} << stages;
}

TinyDecoderImpl::TinyDecoderImpl(TinyAutoencoderConfig config)
    : config_(std::move(config))
    , layers_(std::make_unique<TinyAutoencoderLayers>())
{
    validate(config_, "TinyDecoder");
    using Kind = TinyAutoencoderLayers::Kind;
    const std::int64_t width = config_.channels;
    layers_->add(Kind::Clamp);
    layers_->add(*this, conv(config_.latentChannels, width, 1, true));
    layers_->add(Kind::Relu);
    for (std::int64_t stage = 0; stage < config_.stages; ++stage) {
        for (std::int64_t i = 0; i < config_.blocksPerStage; ++i) layers_->add(*this, block(config_, stage == 0));
        layers_->add(Kind::Upsample);
        layers_->add(*this, conv(width, width, 1, false));
    }
    for (std::int64_t i = 0; i < config_.fullResolutionBlocks; ++i) {
        layers_->add(*this, block(config_, config_.stages == 0));
    }
    layers_->add(*this, conv(width, config_.imageChannels, 1, true));
}

TinyDecoderImpl::~TinyDecoderImpl() = default;

at::Tensor TinyDecoderImpl::forward(const at::Tensor& latents)
{
    checkImages(latents, config_.latentChannels, 1, "TinyDecoder");
    return layers_->forward(latents, config_.latentClamp);
}

TinyEncoderImpl::TinyEncoderImpl(TinyAutoencoderConfig config)
    : config_(std::move(config))
    , layers_(std::make_unique<TinyAutoencoderLayers>())
{
    validate(config_, "TinyEncoder");
    const std::int64_t width = config_.channels;
    layers_->add(*this, conv(config_.imageChannels, width, 1, true));
    for (std::int64_t i = 0; i < config_.fullResolutionBlocks; ++i) {
        layers_->add(*this, block(config_, config_.stages == 0));
    }
    for (std::int64_t stage = 0; stage < config_.stages; ++stage) {
        layers_->add(*this, conv(width, width, 2, false));
        for (std::int64_t i = 0; i < config_.blocksPerStage; ++i) {
            layers_->add(*this, block(config_, stage == config_.stages - 1));
        }
    }
    layers_->add(*this, conv(width, config_.latentChannels, 1, true));
}

TinyEncoderImpl::~TinyEncoderImpl() = default;

at::Tensor TinyEncoderImpl::forward(const at::Tensor& images)
{
    checkImages(images, config_.imageChannels, config_.scale(), "TinyEncoder");
    return layers_->forward(images, config_.latentClamp);
}

// ---- Layout from the weights -------------------------------------------------------------------------------------

namespace {

using ShapeList = std::vector<std::pair<std::string, std::vector<std::int64_t>>>;

// The Sequential's layers as the weights show them: 'B' a Block (conv.*, pool.*), 'C' a conv (weight), '.' a layer
// without weights (clamp, ReLU, upsample).
struct LayerView {
    std::string kinds;
    std::map<std::int64_t, std::map<std::string, std::vector<std::int64_t>>> tensors;  // index -> rest -> shape

    const std::vector<std::int64_t>* shape(std::int64_t index, const std::string& rest) const
    {
        const auto layer = tensors.find(index);
        if (layer == tensors.end()) return nullptr;
        const auto tensor = layer->second.find(rest);
        return tensor == layer->second.end() ? nullptr : &tensor->second;
    }
};

LayerView viewLayers(const ShapeList& shapes, const std::string& origin)
{
    LayerView view;
    for (const auto& [name, shape] : shapes) {
        const std::size_t dot = name.find('.');
        const std::string head = name.substr(0, dot);
        if (dot == std::string::npos || head.empty() || head.size() > 4
            || !std::all_of(
                head.begin(), head.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
            throw ModelLoadError(fmt::format("{}: the tensor '{}' {} is not a tiny autoencoder's (names are "
                                             "'<layer index>.<tensor>', e.g. '1.weight' or '3.conv.0.weight')",
                origin, name, shapeText(shape)));
        }
        view.tensors[std::stoll(head)][name.substr(dot + 1)] = shape;
    }
    if (view.tensors.empty()) throw ModelLoadError(fmt::format("{}: holds no tiny autoencoder tensors", origin));
    const std::int64_t count = view.tensors.rbegin()->first + 1;
    view.kinds.assign(static_cast<std::size_t>(count), '.');
    for (const auto& [index, tensors] : view.tensors) {
        // A block even when some of its tensors are missing, so that loading names the missing one.
        const bool block = std::any_of(tensors.begin(), tensors.end(),
            [](const auto& entry) { return startsWith(entry.first, "conv.") || startsWith(entry.first, "pool."); });
        view.kinds[static_cast<std::size_t>(index)] = block ? 'B' : 'C';
    }
    return view;
}

[[noreturn]] void layoutError(const std::string& origin, const std::string& what, const LayerView& view)
{
    throw ModelLoadError(
        fmt::format("{}: {} (layers by index: '{}', B = block, C = conv, . = no weights)", origin, what, view.kinds));
}

// A 3x3 conv's [out, in, 3, 3] at `index`, or an error naming the tensor.
std::vector<std::int64_t> convShape(const LayerView& view, std::int64_t index, const std::string& origin)
{
    const std::string name = std::to_string(index) + ".weight";
    const std::vector<std::int64_t>* shape = view.shape(index, "weight");
    if (!shape) layoutError(origin, fmt::format("the conv '{}' [out, in, 3, 3] is missing", name), view);
    if (shape->size() != 4 || (*shape)[2] != 3 || (*shape)[3] != 3) {
        throw ModelLoadError(
            fmt::format("{}: the conv '{}' has shape {}, expected [out, in, 3, 3]", origin, name, shapeText(*shape)));
    }
    return *shape;
}

// Reads the GroupNorm branch, if any block has one.
void readGroupNormBranch(const LayerView& view, TinyAutoencoderConfig& config, const std::string& origin)
{
    for (const auto& [index, tensors] : view.tensors) {
        const auto pool = tensors.find("pool.0.weight");
        if (pool == tensors.end()) continue;
        const std::vector<std::int64_t>& shape = pool->second;
        if (shape.size() != 4 || shape[1] != config.channels || shape[0] % config.channels != 0) {
            throw ModelLoadError(
                fmt::format("{}: the tensor '{}.pool.0.weight' has shape {}, expected [k * {}, {}, 1, 1]", origin,
                    index, shapeText(shape), config.channels, config.channels));
        }
        config.latentBlocksGroupNorm = true;
        config.groupNormExpansion = shape[0] / config.channels;
        return;
    }
}

// Length of the run of `kind` starting at `at`.
std::int64_t runLength(const std::string& kinds, std::size_t at, char kind)
{
    std::size_t end = at;
    while (end < kinds.size() && kinds[end] == kind) ++end;
    return static_cast<std::int64_t>(end - at);
}

}  // namespace

TinyAutoencoderConfig inferTinyDecoderConfig(const ShapeList& shapes, const std::string& origin)
{
    const LayerView view = viewLayers(shapes, origin);
    const std::string& kinds = view.kinds;
    if (kinds[0] != '.') {
        layoutError(origin, "layer 0 has weights: this is a tiny encoder (or another model), not a tiny decoder", view);
    }
    // clamp, conv(latent, C), ReLU, then [B^k, upsample, conv]^stages, B^f, conv(C, image).
    TinyAutoencoderConfig config;
    const std::vector<std::int64_t> first = convShape(view, 1, origin);
    config.channels = first[0];
    config.latentChannels = first[1];
    if (kinds.size() < 4 || kinds[2] != '.') layoutError(origin, "not the layout of a tiny decoder", view);
    std::size_t at = 3;
    config.stages = 0;
    config.blocksPerStage = runLength(kinds, at, 'B');
    while (at + 2 < kinds.size()) {
        const std::int64_t blocks = runLength(kinds, at, 'B');
        const std::size_t next = at + static_cast<std::size_t>(blocks);
        if (next + 2 < kinds.size() && kinds[next] == '.' && kinds[next + 1] == 'C') {
            if (blocks != config.blocksPerStage) {
                layoutError(origin,
                    fmt::format(
                        "the stage at layer {} has {} blocks, the first has {}", at, blocks, config.blocksPerStage),
                    view);
            }
            ++config.stages;
            at = next + 2;
            continue;
        }
        break;
    }
    config.fullResolutionBlocks = runLength(kinds, at, 'B');
    at += static_cast<std::size_t>(config.fullResolutionBlocks);
    if (config.blocksPerStage < 1 || at + 1 != kinds.size() || kinds[at] != 'C') {
        layoutError(origin, "not the layout of a tiny decoder", view);
    }
    config.imageChannels = convShape(view, static_cast<std::int64_t>(at), origin)[0];
    readGroupNormBranch(view, config, origin);
    return config;
}

TinyAutoencoderConfig inferTinyEncoderConfig(const ShapeList& shapes, const std::string& origin)
{
    const LayerView view = viewLayers(shapes, origin);
    const std::string& kinds = view.kinds;
    if (kinds[0] != 'C') {
        layoutError(
            origin, "layer 0 is not a conv: this is a tiny decoder (or another model), not a tiny encoder", view);
    }
    // conv(image, C), B^f, [conv stride 2, B^k]^stages, conv(C, latent).
    TinyAutoencoderConfig config;
    const std::vector<std::int64_t> first = convShape(view, 0, origin);
    config.channels = first[0];
    config.imageChannels = first[1];
    std::size_t at = 1;
    config.fullResolutionBlocks = runLength(kinds, at, 'B');
    at += static_cast<std::size_t>(config.fullResolutionBlocks);
    config.stages = 0;
    while (at < kinds.size() && kinds[at] == 'C') {
        const std::int64_t blocks = runLength(kinds, at + 1, 'B');
        if (blocks == 0) break;  // the final conv
        if (config.stages == 0) config.blocksPerStage = blocks;
        if (blocks != config.blocksPerStage) {
            layoutError(origin,
                fmt::format("the stage at layer {} has {} blocks, the first has {}", at, blocks, config.blocksPerStage),
                view);
        }
        ++config.stages;
        at += 1 + static_cast<std::size_t>(blocks);
    }
    if (config.stages == 0 || at + 1 != kinds.size() || kinds[at] != 'C') {
        layoutError(origin, "not the layout of a tiny encoder", view);
    }
    config.latentChannels = convShape(view, static_cast<std::int64_t>(at), origin)[0];
    readGroupNormBranch(view, config, origin);
    return config;
}

// ---- Loading -----------------------------------------------------------------------------------------------------

namespace {

enum class Side { Decoder, Encoder };

std::filesystem::path weightsFileIn(const std::filesystem::path& folder)
{
    for (const char* name : {"diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors"}) {
        if (std::filesystem::is_regular_file(folder / name)) return folder / name;
    }
    throw ModelLoadError(fmt::format(
        "{}: a folder without diffusion_pytorch_model.safetensors (or its .fp16 variant)", folder.string()));
}

bool looksLikeSafetensors(const std::filesystem::path& file)
{
    try {
        const util::ReadOnlyFile in = util::ReadOnlyFile::open(file, "tiny autoencoder weights");
        unsigned char head[9] = {};
        if (in.size() < sizeof head) return false;
        in.readAt(0, head, sizeof head);
        return head[8] == '{';
    } catch (const storage::StorageError& error) {
        throw ModelLoadError(error.what());
    }
}

// The side's tensors in madebyollin names: diffusers' "decoder.layers.N.x" is "N+1.x" (its decoder has no clamp
// layer), "encoder.layers.N.x" is "N.x".
std::vector<std::pair<std::string, at::Tensor>> sideTensors(
    std::vector<std::pair<std::string, at::Tensor>> tensors, Side side, const std::string& origin)
{
    const std::string prefix = side == Side::Decoder ? "decoder.layers." : "encoder.layers.";
    const bool diffusers = std::any_of(tensors.begin(), tensors.end(), [](const auto& entry) {
        return startsWith(entry.first, "decoder.layers.") || startsWith(entry.first, "encoder.layers.");
    });
    if (!diffusers) return tensors;
    std::vector<std::pair<std::string, at::Tensor>> result;
    for (auto& [name, tensor] : tensors) {
        if (!startsWith(name, prefix)) continue;
        const std::string rest = name.substr(prefix.size());
        const std::size_t dot = rest.find('.');
        std::int64_t index = -1;
        try {
            index = std::stoll(rest.substr(0, dot));
        } catch (const std::exception&) {
        }
        if (dot == std::string::npos || index < 0) {
            throw ModelLoadError(fmt::format(
                "{}: the tensor '{}' {} is not an AutoencoderTiny layer", origin, name, shapeText(tensor.sizes())));
        }
        if (side == Side::Decoder) ++index;
        result.emplace_back(std::to_string(index) + rest.substr(dot), std::move(tensor));
    }
    if (result.empty()) {
        throw ModelLoadError(fmt::format("{}: a diffusers AutoencoderTiny file without '{}*' tensors", origin, prefix));
    }
    return result;
}

std::vector<std::pair<std::string, at::Tensor>> readTensors(
    const std::filesystem::path& path, Side side, std::string& origin)
{
    std::filesystem::path file = path;
    if (std::filesystem::is_directory(path)) file = weightsFileIn(path);
    origin = file.string();
    if (!std::filesystem::is_regular_file(file)) throw ModelLoadError(fmt::format("{}: no such file", origin));
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    if (looksLikeSafetensors(file)) {
        try {
            const SafetensorsFile safetensors = SafetensorsFile::open(file);
            for (const TensorInfo& info : safetensors.tensors())
                tensors.emplace_back(info.name, safetensors.load(info.name));
        } catch (const SafetensorsError& error) {
            throw ModelLoadError(error.what());
        }
    } else {
        tensors = readPthStateDict(file);
    }
    return sideTensors(std::move(tensors), side, origin);
}

ShapeList shapesOf(const std::vector<std::pair<std::string, at::Tensor>>& tensors)
{
    ShapeList shapes;
    for (const auto& [name, tensor] : tensors) shapes.emplace_back(name, tensor.sizes().vec());
    return shapes;
}

template <typename Holder>
Holder loadTiny(const std::filesystem::path& path, Side side)
{
    std::string origin;
    std::vector<std::pair<std::string, at::Tensor>> tensors = readTensors(path, side, origin);
    const TinyAutoencoderConfig config = side == Side::Decoder ? inferTinyDecoderConfig(shapesOf(tensors), origin)
                                                               : inferTinyEncoderConfig(shapesOf(tensors), origin);
    Holder module(config);
    WeightSource source = WeightSource::fromTensors(std::move(tensors), origin);
    loadModuleWeights(*module, source, {}, /*strict=*/true);
    module->eval();
    return module;
}

}  // namespace

TinyDecoder loadTinyDecoder(const std::filesystem::path& file)
{
    return loadTiny<TinyDecoder>(file, Side::Decoder);
}

TinyEncoder loadTinyEncoder(const std::filesystem::path& file)
{
    return loadTiny<TinyEncoder>(file, Side::Encoder);
}

}  // namespace tastelab::model
