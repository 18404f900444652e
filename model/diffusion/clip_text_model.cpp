// The CLIP text transformer (transformers CLIPTextModel / CLIPTextModelWithProjection) as torch::nn modules, its
// configuration, and the diffusers text_encoder/ + tokenizer/ loader.
#include "model/diffusion/clip_text_model.h"

#include "model/io/diffusers_folder.h"
#include "model/io/diffusers_weights.h"
#include "model/io/hf_config.h"
#include "model/io/safetensors.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <fmt/format.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

namespace tastelab::model {
namespace {

const std::set<std::string>& knownActivations()
{
    static const std::set<std::string> known{"quick_gelu", "gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast"};
    return known;
}

// Throws ModelLoadError naming `source` (the config file, or where the configuration came from) and the key.
void validate(const ClipTextConfig& c, const std::string& source)
{
    const auto positive = [&](std::int64_t value, const char* key) {
        if (value <= 0)
            throw ModelLoadError(fmt::format("{}: the key '{}' must be positive, not {}", source, key, value));
    };
    positive(c.vocabSize, "vocab_size");
    positive(c.hiddenSize, "hidden_size");
    positive(c.intermediateSize, "intermediate_size");
    positive(c.layers, "num_hidden_layers");
    positive(c.heads, "num_attention_heads");
    positive(c.maxPositions, "max_position_embeddings");
    if (c.hiddenSize % c.heads != 0) {
        throw ModelLoadError(
            fmt::format("{}: the key 'hidden_size' ({}) is not divisible by 'num_attention_heads' ({})", source,
                c.hiddenSize, c.heads));
    }
    if (!(c.layerNormEps > 0.0) || !std::isfinite(c.layerNormEps)) {
        throw ModelLoadError(
            fmt::format("{}: the key 'layer_norm_eps' must be positive, not {}", source, c.layerNormEps));
    }
    if (knownActivations().count(c.activation) == 0) {
        throw ModelLoadError(fmt::format("{}: the key 'hidden_act' is '{}'; supported are quick_gelu, gelu, gelu_new, "
                                         "gelu_pytorch_tanh and gelu_fast",
            source, c.activation));
    }
    if (c.eosTokenId < 0 || c.eosTokenId >= c.vocabSize) {
        throw ModelLoadError(fmt::format(
            "{}: the key 'eos_token_id' ({}) lies outside the vocabulary ({})", source, c.eosTokenId, c.vocabSize));
    }
    if (c.projectionDim < 0) {
        throw ModelLoadError(
            fmt::format("{}: the key 'projection_dim' must not be negative, not {}", source, c.projectionDim));
    }
}

at::Tensor activate(const at::Tensor& x, const std::string& activation)
{
    if (activation == "quick_gelu") return x * at::sigmoid(x * 1.702);
    if (activation == "gelu") return at::gelu(x);
    return at::gelu(x, "tanh");  // gelu_new, gelu_pytorch_tanh, gelu_fast
}

// "pad_token" of a Hugging Face tokenizer file: a string or an AddedToken object {"content": ...}; empty when absent.
std::string padTokenIn(const std::filesystem::path& file)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) return {};
    const util::JsonValue json = readConfigJson(file);
    const util::JsonValue* pad = json.find("pad_token");
    if (!pad || pad->isNull()) return {};
    if (pad->isString()) return pad->asString();
    if (pad->isObject()) {
        const util::JsonValue* content = pad->find("content");
        if (content && content->isString()) return content->asString();
    }
    throw ModelLoadError(
        fmt::format("{}: the key 'pad_token' must be a string or an object with a string 'content'", file.string()));
}

int vocabularyId(const std::filesystem::path& vocabJson, const std::string& token)
{
    const util::JsonValue vocabulary = readConfigJson(vocabJson);
    const util::JsonValue* id = vocabulary.find(token);
    if (!id || !id->isInteger() || id->asInt() < 0 || id->asInt() > std::numeric_limits<int>::max()) {
        throw ModelLoadError(
            fmt::format("{}: the padding token '{}' is not in the vocabulary", vocabJson.string(), token));
    }
    return static_cast<int>(id->asInt());
}

}  // namespace

// ---- ClipTextConfig --------------------------------------------------------------------------------------

ClipTextConfig ClipTextConfig::fromJson(const std::filesystem::path& configJson)
{
    const util::JsonValue json = readConfigJson(configJson);
    const std::vector<std::string> architectures = configStringList(json, "architectures", {}, configJson);
    bool withProjection = false;
    for (const std::string& architecture : architectures) {
        if (architecture == "CLIPTextModelWithProjection") {
            withProjection = true;
        } else if (architecture != "CLIPTextModel") {
            throw ModelLoadError(fmt::format("{}: the key 'architectures' names '{}'; expected CLIPTextModel or "
                                             "CLIPTextModelWithProjection",
                configJson.string(), architecture));
        }
    }

    // Missing keys take transformers' CLIPTextConfig defaults (the OpenAI ViT-B/32 text tower).
    ClipTextConfig c;
    c.vocabSize = configInt(json, "vocab_size", 49408, configJson);
    c.hiddenSize = configInt(json, "hidden_size", 512, configJson);
    c.intermediateSize = configInt(json, "intermediate_size", 2048, configJson);
    c.layers = configInt(json, "num_hidden_layers", 12, configJson);
    c.heads = configInt(json, "num_attention_heads", 8, configJson);
    c.maxPositions = configInt(json, "max_position_embeddings", 77, configJson);
    c.activation = configString(json, "hidden_act", "quick_gelu", configJson);
    c.layerNormEps = configDouble(json, "layer_norm_eps", 1e-5, configJson);
    c.bosTokenId = configInt(json, "bos_token_id", 49406, configJson);
    c.eosTokenId = configInt(json, "eos_token_id", 49407, configJson);
    c.padTokenId = configInt(json, "pad_token_id", 1, configJson);
    // CLIPTextModel configs carry projection_dim too (SD-Turbo's says 512); only the projecting model has the layer.
    c.projectionDim = withProjection ? configInt(json, "projection_dim", 512, configJson) : 0;
    if (withProjection && c.projectionDim <= 0) {
        throw ModelLoadError(fmt::format(
            "{}: the key 'projection_dim' must be positive for CLIPTextModelWithProjection", configJson.string()));
    }
    validate(c, configJson.string());
    return c;
}

void ClipTextConfig::requireFitsWeights(const WeightSource& weights, const std::filesystem::path& configJson) const
{
    // Embeddings, then per layer q/k/v/out (d x d) and the MLP (d x intermediate, twice); biases and norms left out.
    const double d = static_cast<double>(hiddenSize);
    const double parameters = static_cast<double>(vocabSize + maxPositions) * d
        + static_cast<double>(layers) * (4.0 * d * d + 2.0 * d * static_cast<double>(intermediateSize))
        + static_cast<double>(projectionDim) * d;
    requireConfigFitsWeights(configJson,
        {{"vocab_size", vocabSize, kMaxConfigVocabulary}, {"hidden_size", hiddenSize, kMaxConfigWidth},
            {"intermediate_size", intermediateSize, kMaxConfigInnerWidth},
            {"num_hidden_layers", layers, kMaxConfigLayers}, {"num_attention_heads", heads, kMaxConfigWidth},
            {"max_position_embeddings", maxPositions, kMaxConfigPositions},
            {"projection_dim", projectionDim, kMaxConfigWidth}},
        parameters, weights.valueCount(), weights.origin());
}

ClipTextConfig ClipTextConfig::sdTurbo()
{
    ClipTextConfig c;
    c.vocabSize = 49408;
    c.hiddenSize = 1024;
    c.intermediateSize = 4096;
    c.layers = 23;
    c.heads = 16;
    c.maxPositions = 77;
    c.activation = "gelu";
    c.layerNormEps = 1e-5;
    // As stabilityai/sd-turbo's text_encoder/config.json says; eos 2 means pooling at the largest id.
    c.bosTokenId = 0;
    c.eosTokenId = 2;
    c.padTokenId = 1;
    c.projectionDim = 0;
    return c;
}

ClipTextConfig ClipTextConfig::clipL()
{
    ClipTextConfig c;
    c.vocabSize = 49408;
    c.hiddenSize = 768;
    c.intermediateSize = 3072;
    c.layers = 12;
    c.heads = 12;
    c.maxPositions = 77;
    c.activation = "quick_gelu";
    c.layerNormEps = 1e-5;
    c.bosTokenId = 49406;
    c.eosTokenId = 49407;
    c.padTokenId = 1;
    c.projectionDim = 0;
    return c;
}

// ---- Layers ------------------------------------------------------------------------------------------------

ClipTextAttentionImpl::ClipTextAttentionImpl(const ClipTextConfig& config)
    : heads_(config.heads)
{
    const std::int64_t d = config.hiddenSize;
    qProj_ = register_module("q_proj", torch::nn::Linear(d, d));
    kProj_ = register_module("k_proj", torch::nn::Linear(d, d));
    vProj_ = register_module("v_proj", torch::nn::Linear(d, d));
    outProj_ = register_module("out_proj", torch::nn::Linear(d, d));
}

at::Tensor ClipTextAttentionImpl::forward(const at::Tensor& x)
{
    const std::int64_t batch = x.size(0);
    const std::int64_t length = x.size(1);
    const std::int64_t width = x.size(2);
    const std::int64_t headDim = width / heads_;
    const auto split = [&](const at::Tensor& t) { return t.view({batch, length, heads_, headDim}).transpose(1, 2); };
    const at::Tensor q = split(qProj_->forward(x));
    const at::Tensor k = split(kProj_->forward(x));
    const at::Tensor v = split(vProj_->forward(x));
#if TORCH_VERSION_MAJOR >= 2
    const at::Tensor mixed = at::scaled_dot_product_attention(q, k, v, {}, 0.0, /*is_causal=*/true);
#else
    const at::Tensor scores = at::matmul(q * (1.0 / std::sqrt(static_cast<double>(headDim))), k.transpose(-2, -1));
    const at::Tensor future = at::ones({length, length}, x.options().dtype(at::kBool)).triu(1);
    const at::Tensor mixed =
        at::matmul(at::softmax(scores.masked_fill(future, -std::numeric_limits<double>::infinity()), -1), v);
#endif
    return outProj_->forward(mixed.transpose(1, 2).reshape({batch, length, width}));
}

ClipTextMlpImpl::ClipTextMlpImpl(const ClipTextConfig& config)
    : activation_(config.activation)
{
    fc1_ = register_module("fc1", torch::nn::Linear(config.hiddenSize, config.intermediateSize));
    fc2_ = register_module("fc2", torch::nn::Linear(config.intermediateSize, config.hiddenSize));
}

at::Tensor ClipTextMlpImpl::forward(const at::Tensor& x)
{
    return fc2_->forward(activate(fc1_->forward(x), activation_));
}

ClipTextLayerImpl::ClipTextLayerImpl(const ClipTextConfig& config)
{
    const auto norm = torch::nn::LayerNormOptions({config.hiddenSize}).eps(config.layerNormEps);
    selfAttn_ = register_module("self_attn", ClipTextAttention(config));
    layerNorm1_ = register_module("layer_norm1", torch::nn::LayerNorm(norm));
    mlp_ = register_module("mlp", ClipTextMlp(config));
    layerNorm2_ = register_module("layer_norm2", torch::nn::LayerNorm(norm));
}

at::Tensor ClipTextLayerImpl::forward(const at::Tensor& x)
{
    const at::Tensor h = x + selfAttn_->forward(layerNorm1_->forward(x));
    return h + mlp_->forward(layerNorm2_->forward(h));
}

// ---- ClipTextModel ----------------------------------------------------------------------------------------

ClipTextModelImpl::ClipTextModelImpl(ClipTextConfig config)
    : config_(std::move(config))
{
    validate(config_, "ClipTextConfig");
    const std::int64_t d = config_.hiddenSize;
    // The empty modules only carry the checkpoint's name levels (text_model.embeddings, text_model.encoder).
    const auto textModel = register_module("text_model", std::make_shared<torch::nn::Module>());
    const auto embeddings = textModel->register_module("embeddings", std::make_shared<torch::nn::Module>());
    tokenEmbedding_ = embeddings->register_module("token_embedding", torch::nn::Embedding(config_.vocabSize, d));
    positionEmbedding_ =
        embeddings->register_module("position_embedding", torch::nn::Embedding(config_.maxPositions, d));
    const auto encoder = textModel->register_module("encoder", std::make_shared<torch::nn::Module>());
    torch::nn::ModuleList layers;
    for (std::int64_t i = 0; i < config_.layers; ++i) {
        layers_.emplace_back(config_);
        layers->push_back(layers_.back());
    }
    encoder->register_module("layers", layers);
    finalLayerNorm_ = textModel->register_module(
        "final_layer_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d}).eps(config_.layerNormEps)));
    if (config_.projectionDim > 0) {
        textProjection_ = register_module(
            "text_projection", torch::nn::Linear(torch::nn::LinearOptions(d, config_.projectionDim).bias(false)));
    }
}

ClipTextModelImpl::Output ClipTextModelImpl::forward(const at::Tensor& tokenIds)
{
    if (tokenIds.dim() != 2 || tokenIds.size(0) == 0 || tokenIds.size(1) == 0 || tokenIds.size(1) > config_.maxPositions
        || at::isFloatingType(tokenIds.scalar_type()) || at::isComplexType(tokenIds.scalar_type())
        || tokenIds.scalar_type() == at::kBool) {
        throw std::invalid_argument(fmt::format("CLIP text model: expected integer ids [B, L] with B >= 1 and "
                                                "1 <= L <= {}, got {} {}",
            config_.maxPositions, std::string(c10::toString(tokenIds.scalar_type())), shapeText(tokenIds.sizes())));
    }
    const at::Tensor& table = tokenEmbedding_->weight;
    const at::Tensor ids = tokenIds.to(table.device(), at::kLong);
    // An id outside the table is a device-side assert on CUDA; name it here instead.
    const auto [low, high] = at::aminmax(ids);
    const at::Tensor range = at::stack({low, high}).to(at::kCPU);  // one device sync
    const std::int64_t lowest = range[0].item<std::int64_t>();
    const std::int64_t highest = range[1].item<std::int64_t>();
    if (lowest < 0 || highest >= config_.vocabSize) {
        throw std::invalid_argument(
            fmt::format("CLIP text model: ids must lie in [0, {}), got [{}, {}]", config_.vocabSize, lowest, highest));
    }
    const std::int64_t batch = ids.size(0);
    const std::int64_t length = ids.size(1);

    at::Tensor h = tokenEmbedding_->forward(ids) + positionEmbedding_->weight.slice(0, 0, length).unsqueeze(0);
    for (ClipTextLayer& layer : layers_) h = layer->forward(h);
    Output out;
    out.lastHiddenState = finalLayerNorm_->forward(h);

    // transformers: configs from before the EOS id was fixed say 2 and pool at the largest id (which is EOS in the
    // CLIP vocabulary); the others pool at the first EOS.
    const at::Tensor position =
        config_.eosTokenId == 2 ? ids.argmax(-1) : ids.eq(config_.eosTokenId).to(at::kInt).argmax(-1);
    const std::int64_t d = config_.hiddenSize;
    out.pooled =
        out.lastHiddenState.gather(1, position.to(at::kLong).view({batch, 1, 1}).expand({batch, 1, d})).squeeze(1);
    if (textProjection_) out.pooled = textProjection_->forward(out.pooled);
    return out;
}

// ---- ClipTextEncoder --------------------------------------------------------------------------------------

ClipTextEncoder::ClipTextEncoder(
    ClipTextModel model, ClipTokenizer tokenizer, int padId, int contextLength, std::string weightsFile)
    : model_(std::move(model))
    , tokenizer_(std::move(tokenizer))
    , padId_(padId)
    , contextLength_(contextLength)
    , weightsFile_(std::move(weightsFile))
{
}

ClipTextEncoder ClipTextEncoder::fromFolders(
    const std::filesystem::path& textEncoderFolder, const std::filesystem::path& tokenizerFolder, bool preferFp16)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(textEncoderFolder, ec)) {
        throw ModelLoadError(fmt::format("{}: the text encoder folder does not exist", textEncoderFolder.string()));
    }
    const ClipTextConfig config = ClipTextConfig::fromJson(textEncoderFolder / "config.json");

    // The tokenizer files may lie in the folder itself or in its tokenizer/ (as ClipTokenizer accepts).
    const std::filesystem::path vocabFolder = std::filesystem::is_regular_file(tokenizerFolder / "vocab.json", ec)
        ? tokenizerFolder
        : tokenizerFolder / "tokenizer";
    std::optional<ClipTokenizer> tokenizer;
    try {
        tokenizer.emplace(ClipTokenizer::fromHuggingFaceFolder(tokenizerFolder));
    } catch (const TokenizerError& error) {
        throw ModelLoadError(error.what());
    }
    if (tokenizer->vocabularySize() > static_cast<std::size_t>(config.vocabSize)) {
        throw ModelLoadError(
            fmt::format("{}: the tokenizer has {} tokens but the text encoder ({}) only {}", vocabFolder.string(),
                tokenizer->vocabularySize(), (textEncoderFolder / "config.json").string(), config.vocabSize));
    }

    // transformers lets special_tokens_map.json override tokenizer_config.json; CLIPTokenizer's default is EOS.
    std::string padToken = padTokenIn(vocabFolder / "special_tokens_map.json");
    if (padToken.empty()) padToken = padTokenIn(vocabFolder / "tokenizer_config.json");
    const int padId = padToken.empty() ? tokenizer->eosId() : vocabularyId(vocabFolder / "vocab.json", padToken);

    // model_max_length: tokenizers without a limit say 1e30, so the position table has the last word.
    double maxLength = 77.0;
    if (std::filesystem::is_regular_file(vocabFolder / "tokenizer_config.json", ec)) {
        const std::filesystem::path file = vocabFolder / "tokenizer_config.json";
        maxLength = configDouble(readConfigJson(file), "model_max_length", maxLength, file);
        if (!(maxLength >= 3.0)) {
            throw ModelLoadError(
                fmt::format("{}: the key 'model_max_length' must be at least 3 (BOS, a token, EOS), not {}",
                    file.string(), maxLength));
        }
    }
    const int contextLength = static_cast<int>(std::min(maxLength, static_cast<double>(config.maxPositions)));

    const std::filesystem::path weightsFile = findSafetensorsWeights(textEncoderFolder, "model", preferFp16);
    WeightSource source = WeightSource::fromSafetensors(weightsFile);
    config.requireFitsWeights(source, textEncoderFolder / "config.json");
    ClipTextModel model(config);
    loadModuleWeights(*model, source, {}, /*strict=*/false);
    // transformers once saved the position ids buffer; they are always 0..L-1.
    std::vector<std::string> left = source.untaken();
    left.erase(std::remove(left.begin(), left.end(), "text_model.embeddings.position_ids"), left.end());
    if (!left.empty()) {
        throw ModelLoadError(fmt::format("{}: unexpected tensor '{}' (shape {}) the text encoder has no place for{}",
            weightsFile.string(), left.front(), shapeInWeightsFile(weightsFile, left.front()),
            left.size() > 1 ? fmt::format(" (and {} more)", left.size() - 1) : std::string()));
    }
    return ClipTextEncoder(std::move(model), std::move(*tokenizer), padId, contextLength, weightsFile.string());
}

at::Tensor ClipTextEncoder::tokenize(const std::vector<std::string>& prompts) const
{
    ClipTokenizerOptions options;
    options.contextLength = contextLength_;
    options.padId = padId_;
    options.truncate = true;
    at::Tensor ids = at::empty({static_cast<std::int64_t>(prompts.size()), contextLength_}, at::kLong);
    auto rows = ids.accessor<std::int64_t, 2>();
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        const std::vector<int> tokens = tokenizer_.tokenize(prompts[i], options);
        for (int j = 0; j < contextLength_; ++j)
            rows[static_cast<std::int64_t>(i)][j] = tokens.at(static_cast<std::size_t>(j));
    }
    return ids;
}

ClipTextModelImpl::Output ClipTextEncoder::encode(const std::vector<std::string>& prompts)
{
    const c10::AutoGradMode noGrad(false);
    return model_->forward(tokenize(prompts));
}

}  // namespace tastelab::model
