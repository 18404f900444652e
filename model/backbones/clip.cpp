// CLIP: configuration, weight loading with names and shapes checked, and the two towers in plain ATen ops.
#include "model/backbones/clip.h"

#include "model/io/hf_config.h"
#include "model/io/safetensors.h"
#include "model/io/tensor_checks.h"
#include "storage/storage_error.h"
#include "util/bounded_file.h"
#include "util/json.h"
#include "util/sha256.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <optional>
#include <set>
#include <sstream>

namespace tastelab::model {
namespace {

constexpr double kClipMean[3] = {0.48145466, 0.4578275, 0.40821073};
constexpr double kClipStd[3] = {0.26862954, 0.26130258, 0.27577711};

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    return fmt::format("[{}]", fmt::join(shape, ", "));
}

// ---- Configuration ---------------------------------------------------------------------------------

// `read()`, with a ModelLoadError from the shared config getters rethrown as ClipError.
template <typename Read>
auto clipError(const Read& read) -> decltype(read())
{
    try {
        return read();
    } catch (const ModelLoadError& e) {
        throw ClipError(e.what());
    }
}

// The shared config getters (model/io/hf_config.h) with CLIP's ranges, and errors as ClipError.
class ConfigReader {
public:
    explicit ConfigReader(std::filesystem::path file)
        : file_(std::move(file))
    {
    }

    int integer(const ConfigSection& section, const char* key, int fallback) const
    {
        const std::int64_t number = clipError([&] { return configInt(section, key, fallback, file_); });
        if (number < INT32_MIN || number > INT32_MAX) {
            throw ClipError(fmt::format("CLIP config '{}': '{}' must be an integer", file_.string(),
                section.name.empty() ? std::string(key) : section.name + "." + key));
        }
        return static_cast<int>(number);
    }

    double real(const ConfigSection& section, const char* key, double fallback) const
    {
        return clipError([&] { return configDouble(section, key, fallback, file_); });
    }

    std::string text(const ConfigSection& section, const char* key, const std::string& fallback) const
    {
        return clipError([&] { return configString(section, key, fallback, file_); });
    }

    // transformers' section ("vision_config"), or the older name it still reads ("vision_config_dict"); errors name
    // the keys inside it as "vision_config.<key>" either way.
    ConfigSection section(const util::JsonValue& root, const char* key, const char* olderKey) const
    {
        for (const char* name : {key, olderKey}) {
            const util::JsonValue* value = root.find(name);
            if (!value || value->isNull()) continue;
            if (!value->isObject()) {
                throw ClipError(fmt::format("CLIP config '{}': '{}' must be an object", file_.string(), name));
            }
            return {value, key};
        }
        return {nullptr, key};
    }

private:
    std::filesystem::path file_;
};

void checkActivation(const std::string& activation, const std::string& source, const char* key)
{
    static const std::set<std::string> known{"quick_gelu", "gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast"};
    if (known.count(activation) == 0) {
        throw ClipError(fmt::format("CLIP config '{}': '{}' is '{}'; supported are quick_gelu, gelu, gelu_new, "
                                    "gelu_pytorch_tanh and gelu_fast",
            source, key, activation));
    }
}

// ---- Weights -----------------------------------------------------------------------------------------

using TensorSource = ClipModel::TensorSource;

// Takes each expected tensor from a safetensors collection, checking its shape, and remembers which were
// taken so that leftovers can be reported.
class WeightReader {
public:
    explicit WeightReader(const SafetensorsCollection& weights)
        : weights_(weights)
    {
    }

    at::Tensor take(const std::string& name, const std::vector<std::int64_t>& shape)
    {
        const TensorInfo* info = weights_.find(name);
        if (!info) {
            throw ClipError(fmt::format("CLIP weights '{}': tensor '{}' (expected shape {}) is missing",
                weights_.source().string(), name, shapeText(shape)));
        }
        if (info->shape != shape) {
            throw ClipError(fmt::format("CLIP weights '{}': tensor '{}' has shape {}, expected {}", fileOf(name), name,
                shapeText(info->shape), shapeText(shape)));
        }
        taken_.insert(name);
        at::Tensor tensor;
        try {
            tensor = weights_.load(name, at::kFloat);
        } catch (const SafetensorsError& e) {
            throw ClipError(e.what());
        }
        if (const std::string problem = nonFiniteValues(tensor); !problem.empty()) {
            throw ClipError(fmt::format("CLIP weights '{}': tensor '{}' {}; weights with NaN or infinite values are "
                                        "refused",
                fileOf(name), name, problem));
        }
        return tensor;
    }

    void checkNothingLeft() const
    {
        for (const std::string& name : weights_.names()) {
            if (taken_.count(name) != 0) continue;
            const std::string suffix = "position_ids";
            if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
                continue;
            }
            throw ClipError(fmt::format("CLIP weights '{}': unexpected tensor '{}' (shape {}); the file does not match "
                                        "the configuration",
                fileOf(name), name, shapeText(weights_.find(name)->shape)));
        }
    }

private:
    std::string fileOf(const std::string& name) const
    {
        for (const SafetensorsFile& shard : weights_.shards()) {
            if (shard.find(name)) return shard.path().string();
        }
        return weights_.source().string();
    }

    const SafetensorsCollection& weights_;
    std::set<std::string> taken_;
};

ClipModel::Linear linear(const TensorSource& get, const std::string& name, std::int64_t out, std::int64_t in)
{
    return {get(name + ".weight", {out, in}), get(name + ".bias", {out})};
}

ClipModel::LayerNorm layerNorm(const TensorSource& get, const std::string& name, std::int64_t size)
{
    return {get(name + ".weight", {size}), get(name + ".bias", {size})};
}

std::vector<ClipModel::EncoderLayer> encoderLayers(
    const TensorSource& get, const std::string& prefix, const ClipTowerConfig& tower)
{
    std::vector<ClipModel::EncoderLayer> layers;
    const std::int64_t d = tower.hiddenSize;
    const std::int64_t m = tower.intermediateSize;
    for (int i = 0; i < tower.layers; ++i) {
        const std::string p = fmt::format("{}.encoder.layers.{}.", prefix, i);
        ClipModel::EncoderLayer layer;
        layer.q = linear(get, p + "self_attn.q_proj", d, d);
        layer.k = linear(get, p + "self_attn.k_proj", d, d);
        layer.v = linear(get, p + "self_attn.v_proj", d, d);
        layer.out = linear(get, p + "self_attn.out_proj", d, d);
        layer.norm1 = layerNorm(get, p + "layer_norm1", d);
        layer.fc1 = linear(get, p + "mlp.fc1", m, d);
        layer.fc2 = linear(get, p + "mlp.fc2", d, m);
        layer.norm2 = layerNorm(get, p + "layer_norm2", d);
        layers.push_back(std::move(layer));
    }
    return layers;
}

// ---- Weights hash ------------------------------------------------------------------------------------

void hashWeightsFile(util::Sha256& sha, const std::filesystem::path& file)
try {
    const util::ReadOnlyFile in = util::ReadOnlyFile::open(file, "CLIP weights");
    const std::uint64_t size = in.size();
    const std::string name = file.filename().string();
    sha.update(name.data(), name.size() + 1);  // with its terminating zero as a separator
    const std::uint64_t size64 = size;
    sha.update(&size64, sizeof size64);

    unsigned char lengthBytes[8] = {};
    in.readAt(0, lengthBytes, 8);
    std::uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i) headerLength = (headerLength << 8) | lengthBytes[i];
    // SafetensorsFile::open has already validated the header, so its length fits the file.
    std::vector<char> buffer(static_cast<std::size_t>(std::min<std::uint64_t>(headerLength, size - 8)));
    in.readAt(8, buffer.data(), buffer.size());
    sha.update(buffer.data(), buffer.size());

    const std::uint64_t dataStart = 8 + headerLength;
    if (size <= dataStart) return;
    const std::uint64_t dataSize = size - dataStart;
    constexpr std::uint64_t kSamples = 64;
    constexpr std::uint64_t kSampleBytes = 4096;
    buffer.resize(kSampleBytes);
    for (std::uint64_t i = 0; i < kSamples; ++i) {
        const std::uint64_t span = dataSize > kSampleBytes ? dataSize - kSampleBytes : 0;
        const std::uint64_t offset = dataStart + span * i / (kSamples - 1);
        const auto count = static_cast<std::size_t>(std::min(kSampleBytes, dataSize));
        in.readAt(offset, buffer.data(), count);
        sha.update(buffer.data(), count);
    }
} catch (const storage::StorageError& e) {
    throw ClipError(e.what());
}

}  // namespace

// ---- ClipConfig ----------------------------------------------------------------------------------------

void ClipConfig::validate(const std::string& source) const
{
    const auto positive = [&](int value, const char* key) {
        if (value <= 0)
            throw ClipError(fmt::format("CLIP config '{}': '{}' must be positive, not {}", source, key, value));
    };
    for (const auto& [tower, name] : {std::pair<const ClipTowerConfig*, const char*>{&vision, "vision_config"},
             std::pair<const ClipTowerConfig*, const char*>{&text, "text_config"}}) {
        const std::string prefix = name;
        positive(tower->hiddenSize, (prefix + ".hidden_size").c_str());
        positive(tower->intermediateSize, (prefix + ".intermediate_size").c_str());
        positive(tower->layers, (prefix + ".num_hidden_layers").c_str());
        positive(tower->heads, (prefix + ".num_attention_heads").c_str());
        if (tower->hiddenSize % tower->heads != 0) {
            throw ClipError(fmt::format("CLIP config '{}': '{}.hidden_size' {} is not divisible by "
                                        "'{}.num_attention_heads' {}",
                source, prefix, tower->hiddenSize, prefix, tower->heads));
        }
        if (!(tower->layerNormEps > 0.0)) {
            throw ClipError(fmt::format("CLIP config '{}': '{}.layer_norm_eps' must be positive", source, prefix));
        }
        checkActivation(tower->activation, source, (prefix + ".hidden_act").c_str());
    }
    positive(imageSize, "vision_config.image_size");
    positive(patchSize, "vision_config.patch_size");
    if (imageSize % patchSize != 0) {
        throw ClipError(fmt::format("CLIP config '{}': 'vision_config.image_size' {} is not a multiple of "
                                    "'vision_config.patch_size' {}",
            source, imageSize, patchSize));
    }
    positive(vocabSize, "text_config.vocab_size");
    positive(maxPositions, "text_config.max_position_embeddings");
    positive(projectionDim, "projection_dim");
    if (eosTokenId < 0 || eosTokenId >= vocabSize) {
        throw ClipError(fmt::format("CLIP config '{}': 'text_config.eos_token_id' {} is outside the vocabulary ({})",
            source, eosTokenId, vocabSize));
    }
}

ClipConfig ClipConfig::fromJson(const std::filesystem::path& configJson)
{
    const std::string file = configJson.string();
    util::JsonValue root;
    try {
        root = readConfigJson(configJson);
    } catch (const ModelLoadError& e) {
        throw ClipError(e.what());
    }

    const ConfigReader read(configJson);
    ClipConfig config;
    const ConfigSection vision = read.section(root, "vision_config", "vision_config_dict");
    const ConfigSection text = read.section(root, "text_config", "text_config_dict");

    config.vision.hiddenSize = read.integer(vision, "hidden_size", 768);
    config.vision.intermediateSize = read.integer(vision, "intermediate_size", 3072);
    config.vision.layers = read.integer(vision, "num_hidden_layers", 12);
    config.vision.heads = read.integer(vision, "num_attention_heads", 12);
    config.vision.layerNormEps = read.real(vision, "layer_norm_eps", 1e-5);
    config.vision.activation = read.text(vision, "hidden_act", "quick_gelu");
    config.imageSize = read.integer(vision, "image_size", 224);
    config.patchSize = read.integer(vision, "patch_size", 32);
    const int channels = read.integer(vision, "num_channels", 3);
    if (channels != 3) {
        throw ClipError(
            fmt::format("CLIP config '{}': 'vision_config.num_channels' is {}; only 3 is supported", file, channels));
    }

    config.text.hiddenSize = read.integer(text, "hidden_size", 512);
    config.text.intermediateSize = read.integer(text, "intermediate_size", 2048);
    config.text.layers = read.integer(text, "num_hidden_layers", 12);
    config.text.heads = read.integer(text, "num_attention_heads", 8);
    config.text.layerNormEps = read.real(text, "layer_norm_eps", 1e-5);
    config.text.activation = read.text(text, "hidden_act", "quick_gelu");
    config.vocabSize = read.integer(text, "vocab_size", 49408);
    config.maxPositions = read.integer(text, "max_position_embeddings", 77);
    config.eosTokenId = read.integer(text, "eos_token_id", 49407);
    const int pad = read.integer(text, "pad_token_id", -1);
    config.padTokenId = pad >= 0 && pad < config.vocabSize ? pad : std::min(49407, config.vocabSize - 1);

    config.projectionDim = read.integer({&root, ""}, "projection_dim", 512);
    config.validate(file);
    return config;
}

// ---- Construction ----------------------------------------------------------------------------------------

ClipModel ClipModel::fromFolder(const std::filesystem::path& folder)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        throw ClipError(fmt::format("CLIP model folder '{}' does not exist", folder.string()));
    }
    const ClipConfig config = ClipConfig::fromJson(folder / "config.json");

    std::optional<SafetensorsCollection> weights;
    try {
        if (std::filesystem::is_regular_file(folder / "model.safetensors", ec)) {
            weights = SafetensorsCollection::openFile(folder / "model.safetensors");
        } else if (std::filesystem::is_regular_file(folder / "model.safetensors.index.json", ec)) {
            weights = SafetensorsCollection::openIndex(folder / "model.safetensors.index.json");
        } else {
            throw ClipError(
                fmt::format("CLIP model folder '{}' has neither model.safetensors nor model.safetensors.index.json",
                    folder.string()));
        }
    } catch (const SafetensorsError& e) {
        throw ClipError(e.what());
    }

    std::shared_ptr<const ClipTokenizer> tokenizer;
    try {
        tokenizer = std::make_shared<const ClipTokenizer>(ClipTokenizer::fromHuggingFaceFolder(folder));
    } catch (const TokenizerError& e) {
        throw ClipError(e.what());
    }
    if (tokenizer->vocabularySize() > static_cast<std::size_t>(config.vocabSize)) {
        throw ClipError(fmt::format("CLIP model folder '{}': the tokenizer has {} tokens but the text model only {}",
            folder.string(), tokenizer->vocabularySize(), config.vocabSize));
    }

    WeightReader reader(*weights);
    ClipModel model = build(config,
        [&](const std::string& name, const std::vector<std::int64_t>& shape) { return reader.take(name, shape); });
    reader.checkNothingLeft();
    model.tokenizer_ = std::move(tokenizer);

    util::Sha256 sha;
    for (const SafetensorsFile& shard : weights->shards()) hashWeightsFile(sha, shard.path());
    model.weightsHash_ = util::toHex(sha.finish());
    return model;
}

ClipModel ClipModel::randomForBenchmark(const ClipConfig& config, std::uint64_t seed)
{
    config.validate("randomForBenchmark");
    at::Generator generator = at::detail::createCPUGenerator(seed);
    ClipModel model = build(config, [&](const std::string& name, const std::vector<std::int64_t>& shape) {
        const bool isNorm = name.find("norm") != std::string::npos;
        const bool isBias = name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0;
        if (name == "logit_scale") return at::full(shape, std::log(1.0 / 0.07), at::kFloat);
        if (isNorm) return isBias ? at::zeros(shape, at::kFloat) : at::ones(shape, at::kFloat);
        return at::normal(0.0, 0.02, shape, generator, at::TensorOptions().dtype(at::kFloat));
    });
    model.weightsHash_ = fmt::format("random-{}", seed);
    return model;
}

ClipModel ClipModel::build(const ClipConfig& c, const TensorSource& get)
{
    ClipModel model;
    model.config_ = c;
    const std::int64_t dv = c.vision.hiddenSize;
    const std::int64_t dt = c.text.hiddenSize;
    const std::int64_t grid = c.imageSize / c.patchSize;
    const std::int64_t proj = c.projectionDim;

    model.classEmbedding_ = get("vision_model.embeddings.class_embedding", {dv});
    model.patchEmbedding_ = get("vision_model.embeddings.patch_embedding.weight", {dv, 3, c.patchSize, c.patchSize});
    model.visionPositions_ = get("vision_model.embeddings.position_embedding.weight", {grid * grid + 1, dv});
    model.preNorm_ = layerNorm(get, "vision_model.pre_layrnorm", dv);
    model.visionLayers_ = encoderLayers(get, "vision_model", c.vision);
    model.postNorm_ = layerNorm(get, "vision_model.post_layernorm", dv);
    model.visualProjection_ = get("visual_projection.weight", {proj, dv});

    model.tokenEmbedding_ = get("text_model.embeddings.token_embedding.weight", {c.vocabSize, dt});
    model.textPositions_ = get("text_model.embeddings.position_embedding.weight", {c.maxPositions, dt});
    model.textLayers_ = encoderLayers(get, "text_model", c.text);
    model.finalNorm_ = layerNorm(get, "text_model.final_layer_norm", dt);
    model.textProjection_ = get("text_projection.weight", {proj, dt});
    model.logitScale_ = get("logit_scale", {});
    return model;
}

// ---- Identity ------------------------------------------------------------------------------------------

std::string ClipModel::id() const
{
    std::string width;
    switch (config_.vision.hiddenSize) {
    case 768:
        width = "b";
        break;
    case 1024:
        width = "l";
        break;
    case 1280:
        width = "h";
        break;
    case 1664:
        width = "g";
        break;
    case 1792:
        width = "bigg";
        break;
    default:
        width = fmt::format("w{}-p", config_.vision.hiddenSize);
        break;
    }
    std::string name = fmt::format("clip-vit-{}{}", width, config_.patchSize);
    if (config_.imageSize != 224) name += fmt::format("-{}", config_.imageSize);
    return name;
}

double ClipModel::logitScale() const
{
    return std::exp(logitScale_.to(at::kCPU, at::kDouble).item<double>());
}

std::vector<std::pair<std::string, at::Tensor>> ClipModel::imageTowerTail(int blocks) const
{
    std::vector<std::pair<std::string, at::Tensor>> out;
    const int count = int(visionLayers_.size());
    for (int i = std::max(0, count - blocks); i < count; ++i) {
        const EncoderLayer& layer = visionLayers_[std::size_t(i)];
        const std::string prefix = fmt::format("vision_model.encoder.layers.{}.", i);
        const std::pair<const char*, const Linear*> linears[] = {{"self_attn.q_proj", &layer.q},
            {"self_attn.k_proj", &layer.k}, {"self_attn.v_proj", &layer.v}, {"self_attn.out_proj", &layer.out},
            {"mlp.fc1", &layer.fc1}, {"mlp.fc2", &layer.fc2}};
        for (const auto& [name, linear] : linears) {
            out.emplace_back(prefix + name + ".weight", linear->weight);
            if (linear->bias.defined()) out.emplace_back(prefix + name + ".bias", linear->bias);
        }
        for (const auto& [name, norm] :
            {std::pair{"layer_norm1", &layer.norm1}, std::pair{"layer_norm2", &layer.norm2}}) {
            out.emplace_back(prefix + name + ".weight", norm->weight);
            out.emplace_back(prefix + name + ".bias", norm->bias);
        }
    }
    out.emplace_back("vision_model.post_layernorm.weight", postNorm_.weight);
    out.emplace_back("vision_model.post_layernorm.bias", postNorm_.bias);
    out.emplace_back("visual_projection.weight", visualProjection_);
    return out;
}

void ClipModel::to(c10::Device device, c10::ScalarType dtype)
{
    const auto move = [&](at::Tensor& t) {
        if (t.defined()) t = t.to(device, dtype);
    };
    const auto moveLinear = [&](Linear& l) { move(l.weight), move(l.bias); };
    const auto moveNorm = [&](LayerNorm& n) { move(n.weight), move(n.bias); };
    for (std::vector<EncoderLayer>* layers : {&visionLayers_, &textLayers_}) {
        for (EncoderLayer& layer : *layers) {
            moveLinear(layer.q), moveLinear(layer.k), moveLinear(layer.v), moveLinear(layer.out);
            moveNorm(layer.norm1), moveNorm(layer.norm2);
            moveLinear(layer.fc1), moveLinear(layer.fc2);
        }
    }
    for (at::Tensor* t : {&classEmbedding_, &patchEmbedding_, &visionPositions_, &visualProjection_, &tokenEmbedding_,
             &textPositions_, &textProjection_, &logitScale_}) {
        move(*t);
    }
    for (LayerNorm* n : {&preNorm_, &postNorm_, &finalNorm_}) moveNorm(*n);
    device_ = device;
    dtype_ = dtype;
}

// ---- Forward -------------------------------------------------------------------------------------------

at::Tensor ClipModel::encoder(const at::Tensor& hidden, const std::vector<EncoderLayer>& layers,
    const ClipTowerConfig& tower, const at::Tensor& mask) const
{
    return preNormEncoder(hidden, layers, {tower.heads, tower.layerNormEps, tower.activation}, mask);
}

at::Tensor ClipModel::encodeImages(const at::Tensor& images) const
{
    if (images.dim() != 4 || images.size(1) != 3 || images.size(2) == 0 || images.size(3) == 0) {
        throw ClipError(
            fmt::format("CLIP encodeImages: expected images [B, 3, H, W], got {}", shapeText(images.sizes().vec())));
    }
    if (!at::isFloatingType(images.scalar_type())) {
        throw ClipError("CLIP encodeImages: images must have a floating dtype (values in [0, 1])");
    }
    const std::int64_t size = config_.imageSize;
    // Preprocessing in float32 (bicubic resampling in half precision is not available everywhere).
    at::Tensor x = images.to(device_, at::kFloat);
    const std::int64_t height = x.size(2);
    const std::int64_t width = x.size(3);
    if (height != size || width != size) {
        // transformers' shortest-edge resize: the long side becomes int(size * long / short).
        const std::int64_t shortSide = std::min(height, width);
        const std::int64_t newHeight = height <= width ? size : size * height / shortSide;
        const std::int64_t newWidth = height <= width ? size * width / shortSide : size;
        if (newHeight != height || newWidth != width) {
            const std::vector<std::int64_t> outputSize{newHeight, newWidth};
            x = at::upsample_bicubic2d(x, outputSize, false, c10::nullopt, c10::nullopt).clamp(0.0, 1.0);
        }
        const std::int64_t top = (newHeight - size) / 2;
        const std::int64_t left = (newWidth - size) / 2;
        x = x.slice(2, top, top + size).slice(3, left, left + size);
    }
    const auto options = x.options();
    const at::Tensor mean =
        at::tensor(std::vector<double>(std::begin(kClipMean), std::end(kClipMean)), options.dtype(at::kDouble))
            .to(at::kFloat)
            .view({1, 3, 1, 1});
    const at::Tensor stdDev =
        at::tensor(std::vector<double>(std::begin(kClipStd), std::end(kClipStd)), options.dtype(at::kDouble))
            .to(at::kFloat)
            .view({1, 3, 1, 1});
    x = ((x - mean) / stdDev).to(dtype_);

    const std::int64_t batch = x.size(0);
    const std::int64_t d = config_.vision.hiddenSize;
    const std::vector<std::int64_t> stride{config_.patchSize, config_.patchSize};
    at::Tensor h = at::conv2d(x, patchEmbedding_, at::Tensor(), stride);  // [B, D, g, g]
    h = h.flatten(2).transpose(1, 2);  // [B, g*g, D]
    h = at::cat({classEmbedding_.view({1, 1, d}).expand({batch, 1, d}), h}, 1) + visionPositions_.unsqueeze(0);
    h = applyLayerNorm(h, preNorm_, config_.vision.layerNormEps);
    h = encoder(h, visionLayers_, config_.vision, at::Tensor());
    const at::Tensor pooled = applyLayerNorm(h.select(1, 0), postNorm_, config_.vision.layerNormEps);
    return at::linear(pooled, visualProjection_).to(images.device(), images.scalar_type());
}

at::Tensor ClipModel::tokenize(const std::vector<std::string>& prompts) const
{
    if (!tokenizer_) throw ClipError(fmt::format("CLIP model {} has no tokenizer (random weights)", id()));
    const ClipTokenizerOptions options{config_.maxPositions, config_.padTokenId, true};
    const auto length = static_cast<std::int64_t>(config_.maxPositions);
    at::Tensor ids = at::empty({static_cast<std::int64_t>(prompts.size()), length}, at::kLong);
    auto accessor = ids.accessor<std::int64_t, 2>();
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        const std::vector<int> tokens = tokenizer_->tokenize(prompts[i], options);
        for (std::int64_t j = 0; j < length; ++j) {
            accessor[static_cast<std::int64_t>(i)][j] = tokens.at(static_cast<std::size_t>(j));
        }
    }
    return ids;
}

at::Tensor ClipModel::encodeTexts(const std::vector<std::string>& prompts) const
{
    return encodeTokenIds(tokenize(prompts));
}

at::Tensor ClipModel::encodeTokenIds(const at::Tensor& tokenIds) const
{
    if (tokenIds.dim() != 2 || tokenIds.size(1) == 0 || tokenIds.size(1) > config_.maxPositions
        || at::isFloatingType(tokenIds.scalar_type()) || tokenIds.scalar_type() == at::kBool) {
        throw ClipError(fmt::format("CLIP encodeTokenIds: expected integer ids [B, L] with 1 <= L <= {}, got {} {}",
            config_.maxPositions, std::string(c10::toString(tokenIds.scalar_type())),
            shapeText(tokenIds.sizes().vec())));
    }
    const at::Tensor ids = tokenIds.to(device_, at::kLong);
    if (ids.numel() > 0) {
        const auto [low, high] = at::aminmax(ids);
        if (low.item<std::int64_t>() < 0 || high.item<std::int64_t>() >= config_.vocabSize) {
            throw ClipError(fmt::format("CLIP encodeTokenIds: ids must lie in [0, {})", config_.vocabSize));
        }
    }
    const std::int64_t batch = ids.size(0);
    const std::int64_t length = ids.size(1);
    const std::int64_t d = config_.text.hiddenSize;

    at::Tensor h = at::embedding(tokenEmbedding_, ids) + textPositions_.slice(0, 0, length).unsqueeze(0);
    const at::Tensor mask = at::full({length, length}, -std::numeric_limits<double>::infinity(), h.options()).triu(1);
    h = encoder(h, textLayers_, config_.text, mask);
    h = applyLayerNorm(h, finalNorm_, config_.text.layerNormEps);
    // transformers: old configs (eos_token_id 2) pool at the largest id, others at the first EOS.
    const at::Tensor position =
        config_.eosTokenId == 2 ? ids.argmax(-1) : ids.eq(config_.eosTokenId).to(at::kLong).argmax(-1);
    const at::Tensor pooled = h.gather(1, position.view({batch, 1, 1}).expand({batch, 1, d})).squeeze(1);
    return at::linear(pooled, textProjection_);
}

}  // namespace tastelab::model
