// The T5 encoder (transformers T5EncoderModel) as torch::nn modules, its configuration, the T5 tokenizer as FLUX
// calls it, and the diffusers text_encoder_2/ + tokenizer_2/ loader.
#include "model/diffusion/t5_encoder.h"

#include "model/io/diffusers_folder.h"
#include "model/io/diffusers_weights.h"
#include "model/io/hf_config.h"
#include "model/io/safetensors.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <c10/util/Half.h>
#include <fmt/format.h>
#include <torch/nn/modules/container/modulelist.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

namespace tastelab::model {
namespace {

struct FeedForwardKind {
    bool gated = false;
    std::string activation;  // "gelu_new", "gelu", "relu", "silu"
};

// transformers T5Config: "gated-<act>" or "<act>"; "gated-gelu" means gelu_new (the tanh approximation).
std::optional<FeedForwardKind> parseFeedForward(const std::string& proj)
{
    static const std::set<std::string> known{"relu", "gelu", "gelu_new", "gelu_pytorch_tanh", "silu"};
    FeedForwardKind kind;
    std::string act = proj;
    if (proj.rfind("gated-", 0) == 0) {
        kind.gated = true;
        act = proj.substr(6);
    }
    if (known.count(act) == 0) return std::nullopt;
    if (act == "gelu_pytorch_tanh" || (kind.gated && act == "gelu")) act = "gelu_new";
    kind.activation = act;
    return kind;
}

void validate(const T5Config& c, const std::string& source)
{
    const auto positive = [&](std::int64_t value, const char* key) {
        if (value <= 0)
            throw ModelLoadError(fmt::format("{}: the key '{}' must be positive, not {}", source, key, value));
    };
    positive(c.vocabSize, "vocab_size");
    positive(c.dModel, "d_model");
    positive(c.dKv, "d_kv");
    positive(c.dFf, "d_ff");
    positive(c.layers, "num_layers");
    positive(c.heads, "num_heads");
    if (c.relativeBuckets < 4) {
        throw ModelLoadError(fmt::format(
            "{}: the key 'relative_attention_num_buckets' must be at least 4, not {}", source, c.relativeBuckets));
    }
    if (c.relativeMaxDistance <= c.relativeBuckets / 4) {
        throw ModelLoadError(fmt::format("{}: the key 'relative_attention_max_distance' ({}) must exceed a quarter of "
                                         "'relative_attention_num_buckets' ({})",
            source, c.relativeMaxDistance, c.relativeBuckets));
    }
    if (!(c.layerNormEps > 0.0) || !std::isfinite(c.layerNormEps)) {
        throw ModelLoadError(
            fmt::format("{}: the key 'layer_norm_epsilon' must be positive, not {}", source, c.layerNormEps));
    }
    if (!parseFeedForward(c.feedForward)) {
        throw ModelLoadError(fmt::format("{}: the key 'feed_forward_proj' is '{}'; supported are gated-gelu, "
                                         "gated-silu, gated-relu, relu, gelu, gelu_new and silu",
            source, c.feedForward));
    }
}

at::Tensor activate(const at::Tensor& x, const std::string& activation)
{
    if (activation == "relu") return at::relu(x);
    if (activation == "silu") return at::silu(x);
    if (activation == "gelu") return at::gelu(x);
    return at::gelu(x, "tanh");  // gelu_new
}

// transformers clamps fp16 hidden states after each sublayer so that inf does not spread.
at::Tensor clampHalf(const at::Tensor& h)
{
    if (h.scalar_type() != at::kHalf) return h;
    const double max = static_cast<double>(std::numeric_limits<c10::Half>::max());
    const at::Tensor limit = at::where(
        at::isinf(h).any(), at::scalar_tensor(max - 1000.0, h.options()), at::scalar_tensor(max, h.options()));
    return at::clamp(h, at::neg(limit), limit);
}

torch::nn::Linear linear(std::int64_t in, std::int64_t out)
{
    return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
}

}  // namespace

// ---- T5Config -------------------------------------------------------------------------------------------------

bool T5Config::gated() const
{
    const std::optional<FeedForwardKind> kind = parseFeedForward(feedForward);
    return kind && kind->gated;
}

T5Config T5Config::fromJson(const std::filesystem::path& configJson)
{
    const util::JsonValue json = readConfigJson(configJson);
    // Missing keys take transformers' T5Config defaults (t5-small).
    T5Config c;
    c.vocabSize = configInt(json, "vocab_size", 32128, configJson);
    c.dModel = configInt(json, "d_model", 512, configJson);
    c.dKv = configInt(json, "d_kv", 64, configJson);
    c.dFf = configInt(json, "d_ff", 2048, configJson);
    c.layers = configInt(json, "num_layers", 6, configJson);
    c.heads = configInt(json, "num_heads", 8, configJson);
    c.relativeBuckets = configInt(json, "relative_attention_num_buckets", 32, configJson);
    c.relativeMaxDistance = configInt(json, "relative_attention_max_distance", 128, configJson);
    c.layerNormEps = configDouble(json, "layer_norm_epsilon", 1e-6, configJson);
    c.feedForward = configString(json, "feed_forward_proj", "relu", configJson);
    validate(c, configJson.string());
    return c;
}

void T5Config::requireFitsWeights(const WeightSource& weights, const std::filesystem::path& configJson) const
{
    // The shared embedding, then per layer q/k/v/o (d_model x heads*d_kv) and the feed-forward (d_model x d_ff, two
    // or, gated, three times), and the relative position buckets.
    const double d = static_cast<double>(dModel);
    const double inner = static_cast<double>(heads) * static_cast<double>(dKv);
    const double parameters = static_cast<double>(vocabSize) * d
        + static_cast<double>(layers) * (4.0 * d * inner + (gated() ? 3.0 : 2.0) * d * static_cast<double>(dFf))
        + static_cast<double>(relativeBuckets) * static_cast<double>(heads);
    requireConfigFitsWeights(configJson,
        {{"vocab_size", vocabSize, kMaxConfigVocabulary}, {"d_model", dModel, kMaxConfigWidth},
            {"d_kv", dKv, kMaxConfigWidth}, {"d_ff", dFf, kMaxConfigInnerWidth},
            {"num_layers", layers, kMaxConfigLayers}, {"num_heads", heads, kMaxConfigWidth},
            {"relative_attention_num_buckets", relativeBuckets, kMaxConfigWidth}},
        parameters, weights.valueCount(), weights.origin());
}

T5Config T5Config::xxl()
{
    T5Config c;
    c.vocabSize = 32128;
    c.dModel = 4096;
    c.dKv = 64;
    c.dFf = 10240;
    c.layers = 24;
    c.heads = 64;
    c.relativeBuckets = 32;
    c.relativeMaxDistance = 128;
    c.layerNormEps = 1e-6;
    c.feedForward = "gated-gelu";
    return c;
}

// ---- relative position buckets -----------------------------------------------------------------------------

std::int64_t t5RelativeBucket(std::int64_t relative, std::int64_t buckets, std::int64_t maxDistance)
{
    const std::int64_t half = buckets / 2;
    const std::int64_t base = relative > 0 ? half : 0;
    const std::int64_t distance = relative < 0 ? -relative : relative;
    const std::int64_t maxExact = half / 2;
    if (distance < maxExact) return base + distance;
    // In float32, as transformers computes it on a float tensor, so that values at bucket edges agree.
    const float ratio = static_cast<float>(distance) / static_cast<float>(maxExact);
    const float range = static_cast<float>(std::log(static_cast<double>(maxDistance) / static_cast<double>(maxExact)));
    const float scaled = std::log(ratio) / range * static_cast<float>(half - maxExact);
    const std::int64_t large = maxExact + static_cast<std::int64_t>(scaled);
    return base + std::min(large, half - 1);
}

// ---- Layers ------------------------------------------------------------------------------------------------

T5LayerNormImpl::T5LayerNormImpl(std::int64_t size, double eps)
    : eps_(eps)
{
    weight_ = register_parameter("weight", at::ones({size}));
}

at::Tensor T5LayerNormImpl::forward(const at::Tensor& x)
{
    const at::Tensor variance = x.to(at::kFloat).pow(2).mean(-1, /*keepdim=*/true);
    at::Tensor h = x * at::rsqrt(variance + eps_);  // float32 from here
    const at::ScalarType dtype = weight_.scalar_type();
    if (dtype == at::kHalf || dtype == at::kBFloat16) h = h.to(dtype);
    return weight_ * h;
}

T5AttentionImpl::T5AttentionImpl(const T5Config& config, bool hasRelativeBias)
    : heads_(config.heads)
    , dKv_(config.dKv)
    , buckets_(config.relativeBuckets)
    , maxDistance_(config.relativeMaxDistance)
{
    const std::int64_t inner = config.heads * config.dKv;
    q_ = register_module("q", linear(config.dModel, inner));
    k_ = register_module("k", linear(config.dModel, inner));
    v_ = register_module("v", linear(config.dModel, inner));
    o_ = register_module("o", linear(inner, config.dModel));
    if (hasRelativeBias) {
        relativeAttentionBias_ =
            register_module("relative_attention_bias", torch::nn::Embedding(config.relativeBuckets, config.heads));
    }
}

at::Tensor T5AttentionImpl::positionBias(std::int64_t length)
{
    if (!relativeAttentionBias_) throw std::logic_error("T5 attention: only the first block has a position bias");
    // bucket[q][k] for relative = k - q; 2L - 1 distinct offsets.
    std::vector<std::int64_t> byOffset(static_cast<std::size_t>(2 * length - 1));
    for (std::int64_t r = -(length - 1); r < length; ++r)
        byOffset[static_cast<std::size_t>(r + length - 1)] = t5RelativeBucket(r, buckets_, maxDistance_);
    at::Tensor index = at::empty({length, length}, at::kLong);
    auto rows = index.accessor<std::int64_t, 2>();
    for (std::int64_t q = 0; q < length; ++q) {
        for (std::int64_t k = 0; k < length; ++k) rows[q][k] = byOffset[static_cast<std::size_t>(k - q + length - 1)];
    }
    const at::Tensor& table = relativeAttentionBias_->weight;
    return relativeAttentionBias_->forward(index.to(table.device())).permute({2, 0, 1}).unsqueeze(0);  // [1,H,L,L]
}

at::Tensor T5AttentionImpl::forward(const at::Tensor& x, const at::Tensor& positionBias)
{
    const std::int64_t batch = x.size(0);
    const std::int64_t length = x.size(1);
    const auto split = [&](const at::Tensor& t) { return t.view({batch, length, heads_, dKv_}).transpose(1, 2); };
    const at::Tensor q = split(q_->forward(x));
    const at::Tensor k = split(k_->forward(x));
    const at::Tensor v = split(v_->forward(x));
    // T5 folds the 1/sqrt(d) scale into its initialisation: none here. Softmax in float32 as transformers does.
    const at::Tensor scores = at::matmul(q, k.transpose(-2, -1)) + positionBias.to(q.scalar_type());
    const at::Tensor weights = at::softmax(scores.to(at::kFloat), -1).to(scores.scalar_type());
    const at::Tensor mixed = at::matmul(weights, v).transpose(1, 2).reshape({batch, length, heads_ * dKv_});
    return o_->forward(mixed);
}

T5FeedForwardImpl::T5FeedForwardImpl(const T5Config& config)
{
    const std::optional<FeedForwardKind> kind = parseFeedForward(config.feedForward);
    if (!kind) throw ModelLoadError(fmt::format("T5Config: unsupported feed_forward_proj '{}'", config.feedForward));
    activation_ = kind->activation;
    if (kind->gated) {
        wi0_ = register_module("wi_0", linear(config.dModel, config.dFf));
        wi1_ = register_module("wi_1", linear(config.dModel, config.dFf));
    } else {
        wi_ = register_module("wi", linear(config.dModel, config.dFf));
    }
    wo_ = register_module("wo", linear(config.dFf, config.dModel));
}

at::Tensor T5FeedForwardImpl::forward(const at::Tensor& x)
{
    at::Tensor h =
        wi_ ? activate(wi_->forward(x), activation_) : activate(wi0_->forward(x), activation_) * wi1_->forward(x);
    if (h.scalar_type() == at::kHalf && wo_->weight.scalar_type() == at::kHalf) {
        // wo's float16 products overflow (transformers keeps wo in float32 for T5 for this reason). On a GPU the
        // reduced-precision reductions of a float16 matrix product turn that overflow into NaN, which no clamp
        // repairs (seen on an H100): multiply in float32, then clamp into float16's range.
        const double max = static_cast<double>(std::numeric_limits<c10::Half>::max()) - 1000.0;
        return at::clamp(at::linear(h.to(at::kFloat), wo_->weight.to(at::kFloat)), -max, max).to(at::kHalf);
    }
    // transformers keeps wo in float32 for some quantised checkpoints; follow its dtype.
    if (h.scalar_type() != wo_->weight.scalar_type()) h = h.to(wo_->weight.scalar_type());
    return wo_->forward(h);
}

T5BlockImpl::T5BlockImpl(const T5Config& config, bool hasRelativeBias)
{
    // "layer.0" = {SelfAttention, layer_norm}, "layer.1" = {DenseReluDense, layer_norm}; the empty modules carry names.
    const auto selfAttention = std::make_shared<torch::nn::Module>();
    attention_ = selfAttention->register_module("SelfAttention", T5Attention(config, hasRelativeBias));
    attentionNorm_ = selfAttention->register_module("layer_norm", T5LayerNorm(config.dModel, config.layerNormEps));
    const auto feedForward = std::make_shared<torch::nn::Module>();
    feedForward_ = feedForward->register_module("DenseReluDense", T5FeedForward(config));
    feedForwardNorm_ = feedForward->register_module("layer_norm", T5LayerNorm(config.dModel, config.layerNormEps));
    torch::nn::ModuleList layer;
    layer->push_back(selfAttention);
    layer->push_back(feedForward);
    register_module("layer", layer);
}

at::Tensor T5BlockImpl::forward(const at::Tensor& x, const at::Tensor& positionBias)
{
    const at::Tensor h = clampHalf(x + attention_->forward(attentionNorm_->forward(x), positionBias));
    return clampHalf(h + feedForward_->forward(feedForwardNorm_->forward(h)));
}

// ---- T5EncoderModel ----------------------------------------------------------------------------------------

T5EncoderModelImpl::T5EncoderModelImpl(T5Config config)
    : config_(std::move(config))
{
    validate(config_, "T5Config");
    shared_ = register_module("shared", torch::nn::Embedding(config_.vocabSize, config_.dModel));
    const auto encoder = register_module("encoder", std::make_shared<torch::nn::Module>());
    torch::nn::ModuleList blocks;
    for (std::int64_t i = 0; i < config_.layers; ++i) {
        blocks_.emplace_back(config_, /*hasRelativeBias=*/i == 0);
        blocks->push_back(blocks_.back());
    }
    encoder->register_module("block", blocks);
    finalLayerNorm_ = encoder->register_module("final_layer_norm", T5LayerNorm(config_.dModel, config_.layerNormEps));
}

at::Tensor T5EncoderModelImpl::forward(const at::Tensor& tokenIds)
{
    if (tokenIds.dim() != 2 || tokenIds.size(0) == 0 || tokenIds.size(1) == 0
        || at::isFloatingType(tokenIds.scalar_type()) || at::isComplexType(tokenIds.scalar_type())
        || tokenIds.scalar_type() == at::kBool) {
        throw std::invalid_argument(fmt::format("T5 encoder: expected integer ids [B, L] with B, L >= 1, got {} {}",
            std::string(c10::toString(tokenIds.scalar_type())), shapeText(tokenIds.sizes())));
    }
    const at::Tensor& table = shared_->weight;
    const at::Tensor ids = tokenIds.to(table.device(), at::kLong);
    // An id outside the table is a device-side assert on CUDA; name it here instead.
    const auto [low, high] = at::aminmax(ids);
    const at::Tensor range = at::stack({low, high}).to(at::kCPU);  // one device sync
    const std::int64_t lowest = range[0].item<std::int64_t>();
    const std::int64_t highest = range[1].item<std::int64_t>();
    if (lowest < 0 || highest >= config_.vocabSize) {
        throw std::invalid_argument(
            fmt::format("T5 encoder: ids must lie in [0, {}), got [{}, {}]", config_.vocabSize, lowest, highest));
    }
    at::Tensor h = shared_->forward(ids);
    // Block 0's relative position bias serves every block.
    const at::Tensor bias = blocks_.front()->attention()->positionBias(ids.size(1));
    for (T5Block& block : blocks_) h = block->forward(h, bias);
    return finalLayerNorm_->forward(h);
}

std::vector<std::pair<std::string, std::vector<std::int64_t>>> t5CheckpointShapes(const T5Config& config)
{
    validate(config, "T5Config");
    const std::int64_t d = config.dModel;
    const std::int64_t inner = config.heads * config.dKv;
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> shapes;
    shapes.push_back({"shared.weight", {config.vocabSize, d}});
    for (std::int64_t i = 0; i < config.layers; ++i) {
        const std::string attention = fmt::format("encoder.block.{}.layer.0.", i);
        for (const char* name : {"q", "k", "v"})
            shapes.push_back({attention + "SelfAttention." + name + ".weight", {inner, d}});
        shapes.push_back({attention + "SelfAttention.o.weight", {d, inner}});
        if (i == 0) {
            shapes.push_back(
                {attention + "SelfAttention.relative_attention_bias.weight", {config.relativeBuckets, config.heads}});
        }
        shapes.push_back({attention + "layer_norm.weight", {d}});
        const std::string feedForward = fmt::format("encoder.block.{}.layer.1.", i);
        if (config.gated()) {
            shapes.push_back({feedForward + "DenseReluDense.wi_0.weight", {config.dFf, d}});
            shapes.push_back({feedForward + "DenseReluDense.wi_1.weight", {config.dFf, d}});
        } else {
            shapes.push_back({feedForward + "DenseReluDense.wi.weight", {config.dFf, d}});
        }
        shapes.push_back({feedForward + "DenseReluDense.wo.weight", {d, config.dFf}});
        shapes.push_back({feedForward + "layer_norm.weight", {d}});
    }
    shapes.push_back({"encoder.final_layer_norm.weight", {d}});
    return shapes;
}

// ---- T5Tokenizer -------------------------------------------------------------------------------------------

T5Tokenizer::T5Tokenizer(SentencePieceTokenizer pieces, int padId, int eosId, int maxLength)
    : pieces_(std::move(pieces))
    , padId_(padId)
    , eosId_(eosId)
    , maxLength_(maxLength)
{
}

T5Tokenizer T5Tokenizer::fromFile(const std::filesystem::path& spiece)
{
    try {
        SentencePieceTokenizer pieces = SentencePieceTokenizer::fromFile(spiece);
        const int pad = pieces.pieceId("<pad>");
        const int eos = pieces.pieceId("</s>");
        return T5Tokenizer(std::move(pieces), pad >= 0 ? pad : 0, eos >= 0 ? eos : 1, 0);
    } catch (const SentencePieceError& error) {
        throw ModelLoadError(error.what());
    }
}

T5Tokenizer T5Tokenizer::fromFolder(const std::filesystem::path& tokenizerFolder)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(tokenizerFolder, ec)) {
        throw ModelLoadError(fmt::format("{}: the T5 tokenizer folder does not exist", tokenizerFolder.string()));
    }
    const std::filesystem::path spiece = tokenizerFolder / "spiece.model";
    if (!std::filesystem::is_regular_file(spiece, ec)) {
        throw ModelLoadError(fmt::format("{}: the T5 tokenizer has no spiece.model", spiece.string()));
    }
    T5Tokenizer tokenizer = fromFile(spiece);
    const std::filesystem::path configFile = tokenizerFolder / "tokenizer_config.json";
    if (std::filesystem::is_regular_file(configFile, ec)) {
        // Tokenizers without a limit say 1e30.
        const double maxLength = configDouble(readConfigJson(configFile), "model_max_length", 0.0, configFile);
        if (maxLength < 0.0 || std::isnan(maxLength)) {
            throw ModelLoadError(fmt::format(
                "{}: the key 'model_max_length' must not be negative, not {}", configFile.string(), maxLength));
        }
        tokenizer.maxLength_ =
            maxLength < static_cast<double>(std::numeric_limits<int>::max()) ? static_cast<int>(maxLength) : 0;
    }
    return tokenizer;
}

std::vector<std::int64_t> T5Tokenizer::tokenize(const std::string& text, int maxLength) const
{
    if (maxLength < 1)
        throw std::invalid_argument(fmt::format("T5 tokenizer: maxLength must be >= 1, not {}", maxLength));
    std::vector<int> pieceIds;
    try {
        pieceIds = pieces_.encode(text);
    } catch (const SentencePieceError& error) {
        throw ModelLoadError(error.what());
    }
    // transformers truncates before adding EOS, so EOS always ends the text.
    const std::size_t kept = std::min(pieceIds.size(), static_cast<std::size_t>(maxLength - 1));
    std::vector<std::int64_t> ids(pieceIds.begin(), pieceIds.begin() + static_cast<std::ptrdiff_t>(kept));
    ids.push_back(eosId_);
    ids.resize(static_cast<std::size_t>(maxLength), padId_);
    return ids;
}

at::Tensor T5Tokenizer::tokenize(const std::vector<std::string>& texts, int maxLength) const
{
    if (maxLength < 1)
        throw std::invalid_argument(fmt::format("T5 tokenizer: maxLength must be >= 1, not {}", maxLength));
    at::Tensor ids = at::empty({static_cast<std::int64_t>(texts.size()), maxLength}, at::kLong);
    auto rows = ids.accessor<std::int64_t, 2>();
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const std::vector<std::int64_t> row = tokenize(texts[i], maxLength);
        for (int j = 0; j < maxLength; ++j) rows[static_cast<std::int64_t>(i)][j] = row[static_cast<std::size_t>(j)];
    }
    return ids;
}

int T5Tokenizer::vocabSize() const
{
    return pieces_.vocabSize();
}

// ---- T5TextEncoder -----------------------------------------------------------------------------------------

T5TextEncoder::T5TextEncoder(T5EncoderModel model, T5Tokenizer tokenizer, std::string weightsFile)
    : model_(std::move(model))
    , tokenizer_(std::move(tokenizer))
    , weightsFile_(std::move(weightsFile))
{
}

T5TextEncoder T5TextEncoder::fromFolders(
    const std::filesystem::path& textEncoderFolder, const std::filesystem::path& tokenizerFolder)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(textEncoderFolder, ec)) {
        throw ModelLoadError(fmt::format("{}: the T5 text encoder folder does not exist", textEncoderFolder.string()));
    }
    const T5Config config = T5Config::fromJson(textEncoderFolder / "config.json");
    T5Tokenizer tokenizer = T5Tokenizer::fromFolder(tokenizerFolder);
    if (tokenizer.vocabSize() > config.vocabSize) {
        throw ModelLoadError(fmt::format("{}: the tokenizer has {} pieces but the text encoder ({}) only {}",
            (tokenizerFolder / "spiece.model").string(), tokenizer.vocabSize(),
            (textEncoderFolder / "config.json").string(), config.vocabSize));
    }

    const std::filesystem::path weightsFile = findSafetensorsWeights(textEncoderFolder, "model", false);
    WeightSource source = WeightSource::fromSafetensors(weightsFile);
    config.requireFitsWeights(source, textEncoderFolder / "config.json");
    // "encoder.embed_tokens.weight" is the tied copy of "shared.weight": it stands in when shared is absent and is
    // otherwise checked and dropped.
    const std::string tied = "encoder.embed_tokens.weight";
    if (source.contains(tied)) {
        if (source.contains("shared.weight")) {
            source.take(tied, {config.vocabSize, config.dModel});
        } else {
            source.rename([&](const std::string& name) { return name == tied ? std::string("shared.weight") : name; });
        }
    }
    T5EncoderModel model(config);
    loadModuleWeights(*model, source, {}, /*strict=*/false);
    const std::vector<std::string> left = source.untaken();
    if (!left.empty()) {
        throw ModelLoadError(fmt::format("{}: unexpected tensor '{}' (shape {}) the T5 encoder has no place for{}",
            weightsFile.string(), left.front(), shapeInWeightsFile(weightsFile, left.front()),
            left.size() > 1 ? fmt::format(" (and {} more)", left.size() - 1) : std::string()));
    }
    return T5TextEncoder(std::move(model), std::move(tokenizer), weightsFile.string());
}

at::Tensor T5TextEncoder::encode(const std::vector<std::string>& prompts, int maxLength)
{
    const c10::AutoGradMode noGrad(false);
    return model_->forward(tokenizer_.tokenize(prompts, maxLength));
}

}  // namespace tastelab::model
