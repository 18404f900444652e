// SigLIP: configuration, weight loading and the two towers with plain ATen ops.
#include "model/backbones/siglip.h"

#include "model/io/hf_config.h"
#include "model/io/safetensors.h"
#include "model/io/tensor_checks.h"
#include "util/json.h"
#include "util/sha256.h"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>
#include <utility>

namespace tastelab::model {

namespace {

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    return fmt::format("[{}]", fmt::join(shape, ", "));
}

// ---- loading ----

using Shape = std::vector<std::int64_t>;

void expectEncoder(
    std::vector<std::pair<std::string, Shape>>& out, const std::string& prefix, const SiglipConfig::Tower& t)
{
    const std::int64_t D = t.hidden, I = t.intermediate;
    for (int i = 0; i < t.layers; ++i) {
        const std::string p = fmt::format("{}.encoder.layers.{}.", prefix, i);
        for (const char* n : {"layer_norm1", "layer_norm2"}) {
            out.push_back({p + n + ".weight", {D}});
            out.push_back({p + n + ".bias", {D}});
        }
        for (const char* n : {"q_proj", "k_proj", "v_proj", "out_proj"}) {
            out.push_back({p + "self_attn." + n + ".weight", {D, D}});
            out.push_back({p + "self_attn." + n + ".bias", {D}});
        }
        out.push_back({p + "mlp.fc1.weight", {I, D}});
        out.push_back({p + "mlp.fc1.bias", {I}});
        out.push_back({p + "mlp.fc2.weight", {D, I}});
        out.push_back({p + "mlp.fc2.bias", {D}});
    }
}

std::vector<std::pair<std::string, Shape>> expectedTensors(const SiglipConfig& c)
{
    std::vector<std::pair<std::string, Shape>> out;
    const std::int64_t V = c.vision.hidden, VI = c.vision.intermediate, P = c.patchSize;
    const std::int64_t grid = c.imageSize / c.patchSize;
    out.push_back({"vision_model.embeddings.patch_embedding.weight", {V, c.channels, P, P}});
    out.push_back({"vision_model.embeddings.patch_embedding.bias", {V}});
    out.push_back({"vision_model.embeddings.position_embedding.weight", {grid * grid, V}});
    expectEncoder(out, "vision_model", c.vision);
    out.push_back({"vision_model.post_layernorm.weight", {V}});
    out.push_back({"vision_model.post_layernorm.bias", {V}});
    out.push_back({"vision_model.head.probe", {1, 1, V}});
    out.push_back({"vision_model.head.attention.in_proj_weight", {3 * V, V}});
    out.push_back({"vision_model.head.attention.in_proj_bias", {3 * V}});
    out.push_back({"vision_model.head.attention.out_proj.weight", {V, V}});
    out.push_back({"vision_model.head.attention.out_proj.bias", {V}});
    out.push_back({"vision_model.head.layernorm.weight", {V}});
    out.push_back({"vision_model.head.layernorm.bias", {V}});
    out.push_back({"vision_model.head.mlp.fc1.weight", {VI, V}});
    out.push_back({"vision_model.head.mlp.fc1.bias", {VI}});
    out.push_back({"vision_model.head.mlp.fc2.weight", {V, VI}});
    out.push_back({"vision_model.head.mlp.fc2.bias", {V}});

    const std::int64_t T = c.text.hidden, O = c.textOutputDim();
    out.push_back({"text_model.embeddings.token_embedding.weight", {c.vocabSize, T}});
    out.push_back({"text_model.embeddings.position_embedding.weight", {c.maxPositions, T}});
    expectEncoder(out, "text_model", c.text);
    out.push_back({"text_model.final_layer_norm.weight", {T}});
    out.push_back({"text_model.final_layer_norm.bias", {T}});
    out.push_back({"text_model.head.weight", {O, T}});
    out.push_back({"text_model.head.bias", {O}});
    out.push_back({"logit_scale", {1}});
    out.push_back({"logit_bias", {1}});
    return out;
}

bool isIgnoredBuffer(const std::string& name)
{
    const std::string suffix = "position_ids";
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A size or id: the shared getter (model/io/hf_config.h), at most 2^30, errors as SiglipError.
int intKey(const util::JsonValue& object, const char* key, int fallback, const std::filesystem::path& file,
    const char* section)
{
    std::int64_t value = 0;
    try {
        value = configInt(ConfigSection{&object, section}, key, fallback, file);
    } catch (const ModelLoadError& e) {
        throw SiglipError(e.what());
    }
    if (value < 0 || value > (std::int64_t{1} << 30)) {
        throw SiglipError(fmt::format("{}: {}.{} must be a non-negative integer", file.string(), section, key));
    }
    return static_cast<int>(value);
}

void readTower(
    const util::JsonValue& object, SiglipConfig::Tower& t, const std::filesystem::path& file, const char* section)
{
    t.hidden = intKey(object, "hidden_size", t.hidden, file, section);
    t.intermediate = intKey(object, "intermediate_size", t.intermediate, file, section);
    t.layers = intKey(object, "num_hidden_layers", t.layers, file, section);
    t.heads = intKey(object, "num_attention_heads", t.heads, file, section);
    if (const util::JsonValue* v = object.find("layer_norm_eps"); v && v->isNumber()) t.eps = v->asDouble();
    if (const util::JsonValue* v = object.find("hidden_act"); v && v->isString()) t.activation = v->asString();
    if (t.activation != "gelu_pytorch_tanh" && t.activation != "gelu") {
        throw SiglipError(fmt::format("{}: {}.hidden_act '{}' is not supported (gelu_pytorch_tanh or gelu)",
            file.string(), section, t.activation));
    }
    if (t.hidden <= 0 || t.intermediate <= 0 || t.heads <= 0 || t.hidden % t.heads != 0) {
        throw SiglipError(fmt::format("{}: {} hidden_size {} must be positive and divisible by num_attention_heads {}",
            file.string(), section, t.hidden, t.heads));
    }
}

std::filesystem::path firstExisting(const std::vector<std::filesystem::path>& candidates)
{
    for (const auto& p : candidates) {
        if (std::filesystem::is_regular_file(p)) return p;
    }
    return {};
}

}  // namespace

// ---------------- configuration ----------------

SiglipConfig SiglipConfig::fromJson(const std::filesystem::path& file)
{
    util::JsonValue root;
    try {
        root = readConfigJson(file);
    } catch (const ModelLoadError& e) {
        throw SiglipError(e.what());
    }
    SiglipConfig c;
    const util::JsonValue empty = util::JsonValue::Object{};
    const util::JsonValue* vision = root.find("vision_config");
    const util::JsonValue* text = root.find("text_config");
    if (!vision || !vision->isObject()) vision = &empty;
    if (!text || !text->isObject()) text = &empty;

    readTower(*vision, c.vision, file, "vision_config");
    c.imageSize = intKey(*vision, "image_size", c.imageSize, file, "vision_config");
    c.patchSize = intKey(*vision, "patch_size", c.patchSize, file, "vision_config");
    c.channels = intKey(*vision, "num_channels", c.channels, file, "vision_config");
    if (c.patchSize <= 0 || c.imageSize <= 0 || c.imageSize % c.patchSize != 0 || c.channels != 3) {
        throw SiglipError(fmt::format("{}: image_size {} must be a positive multiple of patch_size {} (3 channels)",
            file.string(), c.imageSize, c.patchSize));
    }

    readTower(*text, c.text, file, "text_config");
    c.vocabSize = intKey(*text, "vocab_size", c.vocabSize, file, "text_config");
    c.maxPositions = intKey(*text, "max_position_embeddings", c.maxPositions, file, "text_config");
    c.padTokenId = intKey(*text, "pad_token_id", c.padTokenId, file, "text_config");
    c.eosTokenId = intKey(*text, "eos_token_id", c.eosTokenId, file, "text_config");
    c.projectionSize = intKey(*text, "projection_size", c.projectionSize, file, "text_config");
    if (c.vocabSize <= 0 || c.maxPositions <= 0) {
        throw SiglipError(
            fmt::format("{}: text_config vocab_size and max_position_embeddings must be positive", file.string()));
    }
    return c;
}

// ---------------- model ----------------

SiglipModel::SiglipModel(SiglipConfig config, SentencePieceTokenizer tokenizer)
    : config_(std::move(config))
    , tokenizer_(std::move(tokenizer))
{
}

SiglipModel SiglipModel::fromFolder(const std::filesystem::path& folder)
{
    const std::filesystem::path configFile = folder / "config.json";
    if (!std::filesystem::is_regular_file(configFile)) {
        throw SiglipError(fmt::format("{} has no config.json (not a Hugging Face SigLIP folder)", folder.string()));
    }
    SiglipConfig config = SiglipConfig::fromJson(configFile);

    const std::filesystem::path spiece =
        firstExisting({folder / "spiece.model", folder / "tokenizer" / "spiece.model"});
    if (spiece.empty()) {
        throw SiglipError(
            fmt::format("{} has no spiece.model (looked in the folder and in tokenizer/)", folder.string()));
    }
    std::optional<SentencePieceTokenizer> tokenizer;
    try {
        tokenizer = SentencePieceTokenizer::fromFile(spiece);
    } catch (const SentencePieceError& e) {
        throw SiglipError(e.what());
    }

    const std::filesystem::path single = folder / "model.safetensors";
    const std::filesystem::path index = folder / "model.safetensors.index.json";
    SafetensorsCollection weights;
    try {
        if (std::filesystem::is_regular_file(single)) {
            weights = SafetensorsCollection::openFile(single);
        } else if (std::filesystem::is_regular_file(index)) {
            weights = SafetensorsCollection::openIndex(index);
        } else {
            throw SiglipError(
                fmt::format("{} has neither model.safetensors nor model.safetensors.index.json", folder.string()));
        }
    } catch (const SafetensorsError& e) {
        throw SiglipError(e.what());
    }
    const std::string source = weights.source().string();

    // Every tensor checked before anything is loaded.
    const auto expected = expectedTensors(config);
    std::map<std::string, Shape> expectedShape(expected.begin(), expected.end());
    for (const std::string& name : weights.names()) {
        if (!expectedShape.count(name) && !isIgnoredBuffer(name)) {
            throw SiglipError(fmt::format("unexpected tensor '{}' in {} (not part of a SigLIP model with the "
                                          "configuration of {})",
                name, source, configFile.string()));
        }
    }
    for (const auto& [name, shape] : expected) {
        const TensorInfo* info = weights.find(name);
        if (!info) {
            throw SiglipError(
                fmt::format("missing tensor '{}' (expected shape {}) in {}", name, shapeText(shape), source));
        }
        if (info->shape != shape) {
            throw SiglipError(fmt::format("tensor '{}' in {} has shape {}, expected {} from {}", name, source,
                shapeText(info->shape), shapeText(shape), configFile.string()));
        }
    }

    SiglipModel model(config, std::move(*tokenizer));
    const auto load = [&](const std::string& name) {
        at::Tensor tensor;
        try {
            tensor = weights.load(name, at::kFloat);
        } catch (const SafetensorsError& e) {
            throw SiglipError(e.what());
        }
        if (const std::string problem = nonFiniteValues(tensor); !problem.empty()) {
            throw SiglipError(fmt::format(
                "tensor '{}' in {} {}; weights with NaN or infinite values are refused", name, source, problem));
        }
        return tensor;
    };
    const auto lin = [&](const std::string& p) { return Linear{load(p + ".weight"), load(p + ".bias")}; };
    const auto norm = [&](const std::string& p) { return LayerNorm{load(p + ".weight"), load(p + ".bias")}; };
    const auto layers = [&](const std::string& prefix, int count) {
        std::vector<EncoderLayer> out;
        for (int i = 0; i < count; ++i) {
            const std::string p = fmt::format("{}.encoder.layers.{}.", prefix, i);
            EncoderLayer layer;
            layer.norm1 = norm(p + "layer_norm1");
            layer.norm2 = norm(p + "layer_norm2");
            layer.q = lin(p + "self_attn.q_proj");
            layer.k = lin(p + "self_attn.k_proj");
            layer.v = lin(p + "self_attn.v_proj");
            layer.out = lin(p + "self_attn.out_proj");
            layer.fc1 = lin(p + "mlp.fc1");
            layer.fc2 = lin(p + "mlp.fc2");
            out.push_back(std::move(layer));
        }
        return out;
    };

    model.patch_ = lin("vision_model.embeddings.patch_embedding");
    model.visionPositions_ = load("vision_model.embeddings.position_embedding.weight");
    model.visionLayers_ = layers("vision_model", config.vision.layers);
    model.postNorm_ = norm("vision_model.post_layernorm");
    model.probe_ = load("vision_model.head.probe");
    model.headIn_ =
        Linear{load("vision_model.head.attention.in_proj_weight"), load("vision_model.head.attention.in_proj_bias")};
    model.headOut_ = lin("vision_model.head.attention.out_proj");
    model.headNorm_ = norm("vision_model.head.layernorm");
    model.headFc1_ = lin("vision_model.head.mlp.fc1");
    model.headFc2_ = lin("vision_model.head.mlp.fc2");
    model.tokenEmbedding_ = load("text_model.embeddings.token_embedding.weight");
    model.textPositions_ = load("text_model.embeddings.position_embedding.weight");
    model.textLayers_ = layers("text_model", config.text.layers);
    model.finalNorm_ = norm("text_model.final_layer_norm");
    model.textHead_ = lin("text_model.head");
    model.logitScale_ = load("logit_scale");
    model.logitBias_ = load("logit_bias");

    // The hash: config, weight files, vocabulary.
    std::string lines;
    const auto addFile = [&](const std::filesystem::path& file) {
        try {
            lines += file.filename().string() + " " + util::sha256FileHex(file) + "\n";
        } catch (const std::exception& e) {
            throw SiglipError(fmt::format("cannot hash {}: {}", file.string(), e.what()));
        }
    };
    addFile(configFile);
    for (const SafetensorsFile& shard : weights.shards()) addFile(shard.path());
    addFile(spiece);
    model.weightsHash_ = util::sha256Hex(lines);
    return model;
}

std::string SiglipModel::id() const
{
    return fmt::format("siglip-{}-{}-p{}", config_.vision.hidden, config_.imageSize, config_.patchSize);
}

at::Tensor SiglipModel::poolVision(const at::Tensor& states) const
{
    const std::int64_t B = states.size(0), D = config_.vision.hidden;
    const at::Tensor wq = headIn_.weight.slice(0, 0, D), wk = headIn_.weight.slice(0, D, 2 * D),
                     wv = headIn_.weight.slice(0, 2 * D, 3 * D);
    const at::Tensor bq = headIn_.bias.slice(0, 0, D), bk = headIn_.bias.slice(0, D, 2 * D),
                     bv = headIn_.bias.slice(0, 2 * D, 3 * D);
    const at::Tensor probe = probe_.expand({B, 1, D});
    const at::Tensor attended = applyLinear(multiHeadAttention(at::linear(probe, wq, bq), at::linear(states, wk, bk),
                                                at::linear(states, wv, bv), config_.vision.heads),
        headOut_);
    const at::Tensor normed = applyLayerNorm(attended, headNorm_, config_.vision.eps);
    const at::Tensor x =
        attended + applyLinear(applyActivation(applyLinear(normed, headFc1_), config_.vision.activation), headFc2_);
    return x.select(1, 0);
}

at::Tensor SiglipModel::encodeImages(const at::Tensor& images) const
{
    if (images.dim() != 4 || images.size(1) != 3 || images.size(2) <= 0 || images.size(3) <= 0) {
        throw SiglipError(fmt::format("SigLIP expects images [B, 3, H, W], got {}", shapeText(images.sizes().vec())));
    }
    const std::int64_t S = config_.imageSize;
    at::Tensor x = images.to(device_, dtype_);
    if (x.size(2) != S || x.size(3) != S) x = at::upsample_bilinear2d(x, {S, S}, false);
    x = (x - 0.5) / 0.5;
    x = at::conv2d(x, patch_.weight, patch_.bias, {config_.patchSize, config_.patchSize});
    x = x.flatten(2).transpose(1, 2) + visionPositions_;  // [B, N, D]
    x = preNormEncoder(x, visionLayers_, {config_.vision.heads, config_.vision.eps, config_.vision.activation});
    x = applyLayerNorm(x, postNorm_, config_.vision.eps);
    return poolVision(x).to(images.device(), images.scalar_type());
}

at::Tensor SiglipModel::encodeTokenIds(const at::Tensor& ids) const
{
    if (ids.dim() != 2 || ids.size(1) <= 0 || ids.size(1) > config_.maxPositions) {
        throw SiglipError(fmt::format("SigLIP expects token ids [B, L] with 0 < L <= {}, got {}", config_.maxPositions,
            shapeText(ids.sizes().vec())));
    }
    const at::Tensor index = ids.to(device_, at::kLong);
    if (index.numel() > 0
        && (index.min().item<std::int64_t>() < 0 || index.max().item<std::int64_t>() >= config_.vocabSize)) {
        throw SiglipError(fmt::format("token ids must lie in [0, {})", config_.vocabSize));
    }
    const std::int64_t L = ids.size(1);
    at::Tensor x = at::embedding(tokenEmbedding_, index) + textPositions_.slice(0, 0, L);
    x = preNormEncoder(x, textLayers_, {config_.text.heads, config_.text.eps, config_.text.activation});
    x = applyLayerNorm(x, finalNorm_, config_.text.eps);
    return applyLinear(x.select(1, L - 1), textHead_);
}

at::Tensor SiglipModel::encodeTexts(const std::vector<std::string>& prompts) const
{
    const int eos = tokenizer_.pieceId("</s>") >= 0 ? tokenizer_.pieceId("</s>") : config_.eosTokenId;
    // transformers' SiglipTokenizer pads with "</s>" too.
    const int pad = eos;
    const int length = config_.maxPositions;
    std::vector<std::int64_t> flat;
    flat.reserve(prompts.size() * static_cast<std::size_t>(length));
    try {
        for (const std::string& prompt : prompts) {
            for (const int id : tokenizer_.tokenize(prompt, length, pad, eos)) flat.push_back(id);
        }
    } catch (const SentencePieceError& e) {
        throw SiglipError(e.what());
    }
    if (prompts.empty()) return at::zeros({0, textDim()}, at::TensorOptions().device(device_).dtype(dtype_));
    const at::Tensor ids = at::tensor(flat, at::kLong).reshape({static_cast<std::int64_t>(prompts.size()), length});
    return encodeTokenIds(ids);
}

void SiglipModel::to(c10::Device device, c10::ScalarType dtype)
{
    const auto move = [&](at::Tensor& t) { t = t.to(device, dtype); };
    const auto moveLinear = [&](Linear& l) { move(l.weight), move(l.bias); };
    const auto moveNorm = [&](LayerNorm& n) { move(n.weight), move(n.bias); };
    const auto moveLayers = [&](std::vector<EncoderLayer>& layers) {
        for (EncoderLayer& l : layers) {
            moveNorm(l.norm1), moveNorm(l.norm2);
            for (Linear* x : {&l.q, &l.k, &l.v, &l.out, &l.fc1, &l.fc2}) moveLinear(*x);
        }
    };
    moveLinear(patch_);
    move(visionPositions_);
    moveLayers(visionLayers_);
    moveNorm(postNorm_);
    move(probe_);
    moveLinear(headIn_);
    moveLinear(headOut_);
    moveNorm(headNorm_);
    moveLinear(headFc1_);
    moveLinear(headFc2_);
    move(tokenEmbedding_);
    move(textPositions_);
    moveLayers(textLayers_);
    moveNorm(finalNorm_);
    moveLinear(textHead_);
    move(logitScale_);
    move(logitBias_);
    device_ = device;
    dtype_ = dtype;
}

}  // namespace tastelab::model
