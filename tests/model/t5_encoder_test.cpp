// The T5 encoder: relative position buckets against hand-computed values, the layer math against a plain loop
// implementation in double precision, the real T5-XXL (FLUX text_encoder_2) names, shapes and parameter count,
// config.json as transformers reads it, loading and its errors, and the tokenizer with a model trained by
// sentencepiece's own trainer (in a separate process) and with the hand-written model.
#include "model/diffusion/t5_encoder.h"

#include "model/io/diffusers_weights.h"
#include "model/io/safetensors.h"
#include "model/tokenizers/sentencepiece_tokenizer.h"
#include "tests/support/test_support.h"
#include "tests/support/tiny_sentencepiece.h"

#include <ATen/ATen.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace tastelab::model {
namespace {

using tastelab::testing::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;
using Weights = std::vector<std::pair<std::string, at::Tensor>>;

// ---- relative position buckets ------------------------------------------------------------------------------

// 32 buckets, max distance 128 (every T5): 16 per direction (positive offsets from 16), exact below 8, then
// 8 + floor(log(d / 8) / log(128 / 8) * 8) = 8 + floor(2 * log2(d / 8)), capped at 15.
TEST(T5RelativeBucket, MatchesHandComputedValuesFor32BucketsAnd128)
{
    const std::vector<std::pair<std::int64_t, std::int64_t>> table{
        {0, 0},  // exact
        {1, 16 + 1},  // positive offsets start at 16
        {7, 16 + 7},  // the last exact one (7 < 8)
        {8, 16 + 8},  // 8 + floor(2 * log2(1)) = 8
        {11, 16 + 8},  // 2 * log2(1.375) = 0.92
        {12, 16 + 9},  // 2 * log2(1.5) = 1.17
        {15, 16 + 9},  // 2 * log2(1.875) = 1.81
        {16, 16 + 10},  // 2 * log2(2) = 2 exactly
        {22, 16 + 10},  // 2 * log2(2.75) = 2.92
        {23, 16 + 11},  // 2 * log2(2.875) = 3.05
        {32, 16 + 12},  // 2 * log2(4) = 4
        {64, 16 + 14},  // 2 * log2(8) = 6
        {127, 16 + 15},  // 2 * log2(15.875) = 7.98
        {128, 16 + 15},  // 8 + 8 = 16, capped at 15
        {500, 16 + 15},  // capped
        {-1, 1},
        {-7, 7},
        {-8, 8},
        {-15, 9},
        {-16, 10},
        {-23, 11},
        {-64, 14},
        {-127, 15},
        {-128, 15},
        {-500, 15},
    };
    for (const auto& [relative, bucket] : table)
        EXPECT_EQ(t5RelativeBucket(relative, 32, 128), bucket) << "relative " << relative;
}

// 8 buckets, max distance 16: 4 per direction, exact below 2, then 2 + floor(log(d / 2) / log(8) * 2), capped at 3.
TEST(T5RelativeBucket, MatchesHandComputedValuesFor8BucketsAnd16)
{
    const std::vector<std::pair<std::int64_t, std::int64_t>> table{{0, 0}, {1, 5}, {2, 6},  // log(1) = 0
        {5, 6},  // log(2.5) / log(8) * 2 = 0.88
        {8, 7},  // log(4) / log(8) * 2 = 1.33
        {16, 7},  // 2 + 2 = 4, capped at 3
        {-1, 1}, {-3, 2}, {-8, 3}, {-100, 3}};
    for (const auto& [relative, bucket] : table)
        EXPECT_EQ(t5RelativeBucket(relative, 8, 16), bucket) << "relative " << relative;
}

// ---- the published T5-XXL encoder --------------------------------------------------------------------------

TEST(T5Config, XxlHasTheRealTensorNamesAndShapes)
{
    const auto shapes = t5CheckpointShapes(T5Config::xxl());
    std::map<std::string, std::vector<std::int64_t>> byName(shapes.begin(), shapes.end());
    EXPECT_EQ(byName.size(), shapes.size()) << "duplicate names";
    const std::map<std::string, std::vector<std::int64_t>> real{
        {"shared.weight", {32128, 4096}},
        {"encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", {32, 64}},
        {"encoder.block.0.layer.0.SelfAttention.q.weight", {4096, 4096}},
        {"encoder.block.0.layer.0.SelfAttention.o.weight", {4096, 4096}},
        {"encoder.block.0.layer.0.layer_norm.weight", {4096}},
        {"encoder.block.23.layer.1.DenseReluDense.wi_0.weight", {10240, 4096}},
        {"encoder.block.23.layer.1.DenseReluDense.wi_1.weight", {10240, 4096}},
        {"encoder.block.23.layer.1.DenseReluDense.wo.weight", {4096, 10240}},
        {"encoder.block.23.layer.1.layer_norm.weight", {4096}},
        {"encoder.final_layer_norm.weight", {4096}},
    };
    for (const auto& [name, shape] : real) {
        ASSERT_TRUE(byName.count(name)) << name;
        EXPECT_EQ(byName.at(name), shape) << name;
    }
    EXPECT_FALSE(byName.count("encoder.block.24.layer.0.SelfAttention.q.weight"));
    EXPECT_FALSE(byName.count("encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight"));
    EXPECT_FALSE(byName.count("encoder.embed_tokens.weight"));
    // 24 blocks of 4 attention + 3 feed-forward + 2 norm tensors, one bias table, shared, the final norm.
    EXPECT_EQ(shapes.size(), 24u * 9u + 3u);
}

TEST(T5Config, XxlParameterCountIsThePublishedOne)
{
    // Shared embedding once; per block q, k, v, o (d x d), wi_0, wi_1 (d_ff x d), wo, two norms; the bias table;
    // the final norm.
    const std::int64_t d = 4096, ff = 10240, vocab = 32128, layers = 24;
    const std::int64_t byFormula = vocab * d + layers * (4 * d * d + 3 * d * ff + 2 * d) + 32 * 64 + d;
    EXPECT_EQ(byFormula, 4762310656LL);
    std::int64_t counted = 0;
    for (const auto& [name, shape] : t5CheckpointShapes(T5Config::xxl())) {
        std::int64_t n = 1;
        for (const std::int64_t s : shape) n *= s;
        counted += n;
    }
    EXPECT_EQ(counted, 4762310656LL);
}

// ---- config.json --------------------------------------------------------------------------------------------

void writeText(const std::filesystem::path& file, const std::string& text)
{
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

// black-forest-labs/FLUX.1-schnell text_encoder_2/config.json (google/t5-v1_1-xxl).
const char* kFluxT5Config = R"({
  "_name_or_path": "google/t5-v1_1-xxl",
  "architectures": ["T5EncoderModel"],
  "classifier_dropout": 0.0,
  "d_ff": 10240,
  "d_kv": 64,
  "d_model": 4096,
  "decoder_start_token_id": 0,
  "dense_act_fn": "gelu_new",
  "dropout_rate": 0.1,
  "eos_token_id": 1,
  "feed_forward_proj": "gated-gelu",
  "initializer_factor": 1.0,
  "is_encoder_decoder": true,
  "is_gated_act": true,
  "layer_norm_epsilon": 1e-06,
  "model_type": "t5",
  "num_decoder_layers": 24,
  "num_heads": 64,
  "num_layers": 24,
  "output_past": true,
  "pad_token_id": 0,
  "relative_attention_max_distance": 128,
  "relative_attention_num_buckets": 32,
  "tie_word_embeddings": false,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.43.3",
  "use_cache": true,
  "vocab_size": 32128
})";

TEST(T5Config, ReadsTheFluxTextEncoder2Config)
{
    TempDir dir;
    writeText(dir / "config.json", kFluxT5Config);
    const T5Config c = T5Config::fromJson(dir / "config.json");
    EXPECT_EQ(c.vocabSize, 32128);
    EXPECT_EQ(c.dModel, 4096);
    EXPECT_EQ(c.dKv, 64);
    EXPECT_EQ(c.dFf, 10240);
    EXPECT_EQ(c.layers, 24);
    EXPECT_EQ(c.heads, 64);
    EXPECT_EQ(c.relativeBuckets, 32);
    EXPECT_EQ(c.relativeMaxDistance, 128);
    EXPECT_DOUBLE_EQ(c.layerNormEps, 1e-6);
    EXPECT_EQ(c.feedForward, "gated-gelu");
    EXPECT_TRUE(c.gated());
    EXPECT_EQ(t5CheckpointShapes(c), t5CheckpointShapes(T5Config::xxl()));
}

TEST(T5Config, RefusesUnsupportedValuesByKeyAndFile)
{
    TempDir dir;
    std::string text = kFluxT5Config;
    text.replace(text.find("gated-gelu"), 10, "gated-mish");
    writeText(dir / "config.json", text);
    try {
        T5Config::fromJson(dir / "config.json");
        FAIL() << "gated-mish accepted";
    } catch (const ModelLoadError& error) {
        EXPECT_THAT(error.what(),
            AllOf(HasSubstr("feed_forward_proj"), HasSubstr("gated-mish"), HasSubstr((dir / "config.json").string())));
    }
    writeText(dir / "config.json", R"({"num_heads": "many"})");
    EXPECT_THROW(
        {
            try {
                T5Config::fromJson(dir / "config.json");
            } catch (const ModelLoadError& error) {
                EXPECT_THAT(error.what(), AllOf(HasSubstr("num_heads"), HasSubstr("config.json")));
                throw;
            }
        },
        ModelLoadError);
    EXPECT_THROW(T5Config::fromJson(dir / "missing.json"), ModelLoadError);
}

// ---- the layer math against a plain loop implementation -------------------------------------------------------

T5Config tinyConfig(const std::string& feedForward = "gated-gelu", std::int64_t layers = 2)
{
    T5Config c;
    c.vocabSize = 40;
    c.dModel = 8;
    c.dKv = 3;  // heads * dKv = 6 != dModel, so a mix-up of the two shows
    c.dFf = 12;
    c.layers = layers;
    c.heads = 2;
    c.relativeBuckets = 8;
    c.relativeMaxDistance = 10;
    c.layerNormEps = 1e-6;
    c.feedForward = feedForward;
    return c;
}

// Every parameter drawn from a normal distribution (norm weights and the bias table included), so nothing is 1 or 0.
T5EncoderModel randomModel(const T5Config& config, std::uint64_t seed)
{
    T5EncoderModel model(config);
    at::Generator gen = at::detail::createCPUGenerator(seed);
    const c10::NoGradGuard noGrad;
    for (auto& p : model->named_parameters()) p.value().normal_(0.0, 0.5, gen);
    return model;
}

using Matrix = std::vector<std::vector<double>>;  // [rows][cols]

Matrix toMatrix(const at::Tensor& t)
{
    const at::Tensor c = t.to(at::kDouble).contiguous();
    Matrix m(static_cast<std::size_t>(c.size(0)), std::vector<double>(static_cast<std::size_t>(c.size(1))));
    for (std::int64_t i = 0; i < c.size(0); ++i)
        for (std::int64_t j = 0; j < c.size(1); ++j) m[i][j] = c[i][j].item<double>();
    return m;
}

std::vector<double> toVector(const at::Tensor& t)
{
    const at::Tensor c = t.to(at::kDouble).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

// y = W x for W [out][in].
std::vector<double> matVec(const Matrix& w, const std::vector<double>& x)
{
    std::vector<double> y(w.size(), 0.0);
    for (std::size_t o = 0; o < w.size(); ++o)
        for (std::size_t i = 0; i < x.size(); ++i) y[o] += w[o][i] * x[i];
    return y;
}

std::vector<double> rmsNorm(const std::vector<double>& x, const std::vector<double>& weight, double eps)
{
    double meanSquare = 0.0;
    for (const double v : x) meanSquare += v * v;
    meanSquare /= static_cast<double>(x.size());
    std::vector<double> y(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = weight[i] * x[i] / std::sqrt(meanSquare + eps);
    return y;
}

// The transformers bucket function for the encoder, written from its definition in double precision.
std::int64_t referenceBucket(std::int64_t relative, std::int64_t buckets, std::int64_t maxDistance)
{
    const std::int64_t half = buckets / 2;
    std::int64_t bucket = relative > 0 ? half : 0;
    const std::int64_t n = std::llabs(relative);
    const std::int64_t exact = half / 2;
    if (n < exact) return bucket + n;
    const double large = static_cast<double>(exact)
        + std::floor(std::log(static_cast<double>(n) / static_cast<double>(exact))
            / std::log(static_cast<double>(maxDistance) / static_cast<double>(exact))
            * static_cast<double>(half - exact));
    return bucket + std::min<std::int64_t>(static_cast<std::int64_t>(large), half - 1);
}

double activation(double x, const std::string& name)
{
    if (name == "relu") return x > 0 ? x : 0.0;
    // gelu_new: 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
    return 0.5 * x * (1.0 + std::tanh(std::sqrt(2.0 / M_PI) * (x + 0.044715 * x * x * x)));
}

// One sequence through the encoder, position by position and head by head.
std::vector<std::vector<double>> referenceEncoder(
    T5EncoderModel& model, const std::vector<std::int64_t>& ids, const std::string& act, bool gated)
{
    const T5Config& c = model->config();
    std::map<std::string, at::Tensor> w;
    for (const auto& p : model->named_parameters()) w[p.key()] = p.value().detach();
    const Matrix shared = toMatrix(w.at("shared.weight"));
    const Matrix biasTable = toMatrix(w.at("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"));
    const std::size_t length = ids.size();
    std::vector<std::vector<double>> h(length);
    for (std::size_t t = 0; t < length; ++t) h[t] = shared[static_cast<std::size_t>(ids[t])];

    for (std::int64_t b = 0; b < c.layers; ++b) {
        const std::string p = "encoder.block." + std::to_string(b) + ".layer.";
        const Matrix q = toMatrix(w.at(p + "0.SelfAttention.q.weight"));
        const Matrix k = toMatrix(w.at(p + "0.SelfAttention.k.weight"));
        const Matrix v = toMatrix(w.at(p + "0.SelfAttention.v.weight"));
        const Matrix o = toMatrix(w.at(p + "0.SelfAttention.o.weight"));
        const std::vector<double> norm0 = toVector(w.at(p + "0.layer_norm.weight"));
        std::vector<std::vector<double>> qs(length), ks(length), vs(length);
        for (std::size_t t = 0; t < length; ++t) {
            const std::vector<double> x = rmsNorm(h[t], norm0, c.layerNormEps);
            qs[t] = matVec(q, x);
            ks[t] = matVec(k, x);
            vs[t] = matVec(v, x);
        }
        std::vector<std::vector<double>> next = h;
        for (std::size_t i = 0; i < length; ++i) {
            std::vector<double> mixed(static_cast<std::size_t>(c.heads * c.dKv), 0.0);
            for (std::int64_t head = 0; head < c.heads; ++head) {
                std::vector<double> scores(length);
                double top = -1e300;
                for (std::size_t j = 0; j < length; ++j) {
                    double s = 0.0;
                    for (std::int64_t e = 0; e < c.dKv; ++e) s += qs[i][head * c.dKv + e] * ks[j][head * c.dKv + e];
                    const std::int64_t bucket =
                        referenceBucket(static_cast<std::int64_t>(j) - static_cast<std::int64_t>(i), c.relativeBuckets,
                            c.relativeMaxDistance);
                    scores[j] = s + biasTable[bucket][head];  // no 1/sqrt(d)
                    top = std::max(top, scores[j]);
                }
                double total = 0.0;
                for (double& s : scores) total += (s = std::exp(s - top));
                for (std::size_t j = 0; j < length; ++j)
                    for (std::int64_t e = 0; e < c.dKv; ++e)
                        mixed[head * c.dKv + e] += scores[j] / total * vs[j][head * c.dKv + e];
            }
            const std::vector<double> out = matVec(o, mixed);
            for (std::size_t e = 0; e < out.size(); ++e) next[i][e] += out[e];
        }
        h = next;

        const std::vector<double> norm1 = toVector(w.at(p + "1.layer_norm.weight"));
        const Matrix wo = toMatrix(w.at(p + "1.DenseReluDense.wo.weight"));
        for (std::size_t t = 0; t < length; ++t) {
            const std::vector<double> x = rmsNorm(h[t], norm1, c.layerNormEps);
            std::vector<double> inner;
            if (gated) {
                const std::vector<double> a = matVec(toMatrix(w.at(p + "1.DenseReluDense.wi_0.weight")), x);
                const std::vector<double> g = matVec(toMatrix(w.at(p + "1.DenseReluDense.wi_1.weight")), x);
                for (std::size_t e = 0; e < a.size(); ++e) inner.push_back(activation(a[e], act) * g[e]);
            } else {
                for (const double a : matVec(toMatrix(w.at(p + "1.DenseReluDense.wi.weight")), x))
                    inner.push_back(activation(a, act));
            }
            const std::vector<double> out = matVec(wo, inner);
            for (std::size_t e = 0; e < out.size(); ++e) h[t][e] += out[e];
        }
    }
    const std::vector<double> finalNorm = toVector(w.at("encoder.final_layer_norm.weight"));
    for (auto& row : h) row = rmsNorm(row, finalNorm, c.layerNormEps);
    return h;
}

void expectMatchesReference(const std::string& feedForward, const std::string& act, bool gated)
{
    T5EncoderModel model = randomModel(tinyConfig(feedForward), 7);
    // 9 positions: offsets up to +-8 reach the logarithmic buckets (exact below 2 with 8 buckets).
    const std::vector<std::vector<std::int64_t>> rows{{5, 17, 3, 39, 0, 1, 22, 8, 11}, {1, 1, 2, 30, 4, 4, 0, 0, 0}};
    at::Tensor ids = at::empty({2, 9}, at::kLong);
    for (std::int64_t r = 0; r < 2; ++r)
        for (std::int64_t t = 0; t < 9; ++t) ids[r][t] = rows[r][t];
    const c10::NoGradGuard noGrad;
    const at::Tensor out = model->forward(ids);
    ASSERT_EQ(out.sizes(), (std::vector<std::int64_t>{2, 9, 8}));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const auto expected = referenceEncoder(model, rows[r], act, gated);
        for (std::size_t t = 0; t < 9; ++t)
            for (std::size_t e = 0; e < 8; ++e)
                EXPECT_NEAR(out[r][t][e].item<double>(), expected[t][e], 1e-4) << "row " << r << " pos " << t;
    }
}

TEST(T5EncoderModel, GatedGeluMatchesLoopImplementation)
{
    expectMatchesReference("gated-gelu", "gelu_new", true);
}

TEST(T5EncoderModel, ReluMatchesLoopImplementation)
{
    expectMatchesReference("relu", "relu", false);
}

TEST(T5EncoderModel, RegistersTheCheckpointNamesAndShapes)
{
    for (const std::string feedForward : {"gated-gelu", "relu"}) {
        T5EncoderModel model(tinyConfig(feedForward, 3));
        std::vector<std::pair<std::string, std::vector<std::int64_t>>> registered;
        for (const auto& [name, tensor] : moduleTensors(*model)) registered.emplace_back(name, tensor.sizes().vec());
        EXPECT_EQ(registered, t5CheckpointShapes(model->config())) << feedForward;
        // The count by formula: embedding, per block 4 attention projections + feed-forward + 2 norms, bias, norm.
        const std::int64_t d = 8, inner = 6, ff = 12;
        const std::int64_t perBlock = 4 * d * inner + (feedForward == "relu" ? 2 : 3) * d * ff + 2 * d;
        std::int64_t count = 0;
        for (const auto& p : model->parameters()) count += p.numel();
        EXPECT_EQ(count, 40 * d + 3 * perBlock + 8 * 2 + d) << feedForward;
    }
}

TEST(T5EncoderModel, Bfloat16FollowsFloat32)
{
    T5EncoderModel model = randomModel(tinyConfig(), 3);
    const at::Tensor ids = at::arange(20, at::kLong).remainder(40).view({2, 10});
    const c10::NoGradGuard noGrad;
    const at::Tensor reference = model->forward(ids);
    model->to(at::kBFloat16);
    const at::Tensor half = model->forward(ids);
    EXPECT_EQ(half.scalar_type(), at::kBFloat16);
    EXPECT_TRUE(half.isfinite().all().item<bool>());
    // Final-norm outputs are O(1): bf16 keeps 8 bits of mantissa through two blocks.
    EXPECT_LT(
        (half.to(at::kFloat) - reference).abs().max().item<double>(), 0.15 * reference.abs().max().item<double>());
}

// transformers clamps float16 hidden states after each sublayer; without it an overflow becomes inf, then NaN in the
// next norm.
TEST(T5EncoderModel, Float16ClampsOverflowingStates)
{
    T5EncoderModel model = randomModel(tinyConfig(), 3);
    {
        const c10::NoGradGuard noGrad;
        // The first feed-forward output then reaches ~1e5, past float16's 65504.
        model->named_parameters()["encoder.block.0.layer.1.DenseReluDense.wo.weight"].mul_(2e5);
    }
    const at::Tensor ids = at::arange(20, at::kLong).remainder(40).view({2, 10});
    const c10::NoGradGuard noGrad;
    ASSERT_TRUE(model->forward(ids).isfinite().all().item<bool>());
    const c10::Device device = at::hasCUDA() ? c10::Device(c10::DeviceType::CUDA) : c10::Device(c10::DeviceType::CPU);
    model->to(device, at::kHalf);
    at::Tensor out;
    try {
        out = model->forward(ids);
    } catch (const c10::Error& error) {
        GTEST_SKIP() << "this LibTorch has no float16 matmul on the CPU: " << error.what_without_backtrace();
    }
    EXPECT_EQ(out.scalar_type(), at::kHalf);
    EXPECT_TRUE(out.isfinite().all().item<bool>());
}

TEST(T5EncoderModel, RefusesBadIds)
{
    T5EncoderModel model(tinyConfig());
    EXPECT_THROW(model->forward(at::full({1, 3}, 40, at::kLong)), std::invalid_argument);
    EXPECT_THROW(model->forward(at::full({1, 3}, -1, at::kLong)), std::invalid_argument);
    EXPECT_THROW(model->forward(at::zeros({1, 3}, at::kFloat)), std::invalid_argument);
    EXPECT_THROW(model->forward(at::zeros({3}, at::kLong)), std::invalid_argument);
}

// ---- loading from text_encoder_2/ ---------------------------------------------------------------------------------

const std::vector<std::string> kWords{"a", "photo", "of", "cat", "dog", "red", "house"};

// text_encoder_2/ (config.json + model.safetensors) and tokenizer_2/ (hand-written spiece.model).
struct TinyFolders {
    TempDir dir;
    T5EncoderModel model = randomModel(tinyConfig(), 11);
    std::filesystem::path encoder = dir / "text_encoder_2";
    std::filesystem::path tokenizer = dir / "tokenizer_2";

    TinyFolders()
    {
        std::filesystem::create_directories(encoder);
        std::filesystem::create_directories(tokenizer);
        writeText(encoder / "config.json",
            R"({"architectures": ["T5EncoderModel"], "d_ff": 12, "d_kv": 3, "d_model": 8, "num_heads": 2,
                "num_layers": 2, "feed_forward_proj": "gated-gelu", "relative_attention_num_buckets": 8,
                "relative_attention_max_distance": 10, "layer_norm_epsilon": 1e-06, "vocab_size": 40,
                "is_encoder_decoder": true, "tie_word_embeddings": false})");
        tastelab::testing::writeTinySentencePieceModel(tokenizer / "spiece.model", kWords);
        writeText(tokenizer / "tokenizer_config.json", R"({"model_max_length": 512, "pad_token": "<pad>"})");
    }
    Weights tensors() const { return moduleTensors(*model); }
    void writeWeights(const Weights& weights) const { writeSafetensors(encoder / "model.safetensors", weights); }
    std::string weightsPath() const { return (encoder / "model.safetensors").string(); }
};

at::Tensor encodeWith(T5EncoderModel& model, const at::Tensor& ids)
{
    const c10::NoGradGuard noGrad;
    return model->forward(ids);
}

TEST(T5TextEncoder, LoadsAFolderAndEncodesAsTheModel)
{
    TinyFolders f;
    f.writeWeights(f.tensors());
    T5TextEncoder encoder = T5TextEncoder::fromFolders(f.encoder, f.tokenizer);
    EXPECT_EQ(encoder.weightsFile(), f.weightsPath());
    EXPECT_EQ(encoder.tokenizer().maxLength(), 512);
    const at::Tensor out = encoder.encode({"a photo of a cat", "red house"}, 8);
    EXPECT_EQ(out.sizes(), (std::vector<std::int64_t>{2, 8, 8}));
    EXPECT_FALSE(out.requires_grad());
    const at::Tensor ids = encoder.tokenizer().tokenize({"a photo of a cat", "red house"}, 8);
    // Pieces 3.. in kWords order: ▁a 3, ▁photo 4, ▁of 5, ▁cat 6, ▁dog 7, ▁red 8, ▁house 9; then EOS 1, padding 0.
    EXPECT_TRUE(at::equal(
        ids, at::tensor(std::vector<std::int64_t>{3, 4, 5, 3, 6, 1, 0, 0, 8, 9, 1, 0, 0, 0, 0, 0}).view({2, 8})));
    EXPECT_TRUE(at::allclose(out, encodeWith(f.model, ids), 1e-5, 1e-6));
}

TEST(T5TextEncoder, LoadsAShardedIndex)
{
    TinyFolders f;
    const Weights all = f.tensors();
    const Weights first(all.begin(), all.begin() + 10);
    const Weights second(all.begin() + 10, all.end());
    writeSafetensors(f.encoder / "model-00001-of-00002.safetensors", first);
    writeSafetensors(f.encoder / "model-00002-of-00002.safetensors", second);
    std::string index = R"({"metadata": {"total_size": 0}, "weight_map": {)";
    for (std::size_t i = 0; i < all.size(); ++i) {
        index +=
            (i ? ", \"" : "\"") + all[i].first + "\": \"model-0000" + (i < 10 ? "1" : "2") + "-of-00002.safetensors\"";
    }
    writeText(f.encoder / "model.safetensors.index.json", index + "}}");
    T5TextEncoder encoder = T5TextEncoder::fromFolders(f.encoder, f.tokenizer);
    const at::Tensor ids = encoder.tokenizer().tokenize({"a red dog"}, 6);
    EXPECT_TRUE(at::allclose(encodeWith(encoder.model(), ids), encodeWith(f.model, ids), 1e-5, 1e-6));
}

TEST(T5TextEncoder, AcceptsTheTiedEmbedTokensCopy)
{
    TinyFolders f;
    const at::Tensor ids = at::tensor(std::vector<std::int64_t>{3, 4, 5, 1}).view({1, 4});
    const at::Tensor expected = encodeWith(f.model, ids);
    Weights withCopy = f.tensors();
    withCopy.emplace_back("encoder.embed_tokens.weight", f.model->named_parameters()["shared.weight"].clone());
    f.writeWeights(withCopy);
    T5TextEncoder both = T5TextEncoder::fromFolders(f.encoder, f.tokenizer);
    EXPECT_TRUE(at::allclose(encodeWith(both.model(), ids), expected, 1e-5, 1e-6));

    // Only the encoder's name: it stands in for shared.weight.
    Weights onlyCopy;
    for (auto& [name, tensor] : f.tensors())
        onlyCopy.emplace_back(name == "shared.weight" ? "encoder.embed_tokens.weight" : name, tensor);
    f.writeWeights(onlyCopy);
    T5TextEncoder renamed = T5TextEncoder::fromFolders(f.encoder, f.tokenizer);
    EXPECT_TRUE(at::allclose(encodeWith(renamed.model(), ids), expected, 1e-5, 1e-6));
}

std::string loadError(const TinyFolders& f)
{
    try {
        T5TextEncoder::fromFolders(f.encoder, f.tokenizer);
    } catch (const ModelLoadError& error) {
        return error.what();
    }
    return "no error";
}

TEST(T5TextEncoder, NamesMissingMisShapedAndExtraTensors)
{
    TinyFolders f;
    Weights missing;
    for (auto& [name, tensor] : f.tensors())
        if (name != "encoder.block.1.layer.1.DenseReluDense.wi_1.weight") missing.emplace_back(name, tensor);
    f.writeWeights(missing);
    EXPECT_THAT(loadError(f),
        AllOf(HasSubstr("encoder.block.1.layer.1.DenseReluDense.wi_1.weight"), HasSubstr("[12, 8]"),
            HasSubstr("missing"), HasSubstr(f.weightsPath())));

    Weights misShaped;
    for (auto& [name, tensor] : f.tensors()) {
        misShaped.emplace_back(name,
            name == "encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight" ? at::zeros({32, 2})
                                                                                           : tensor);
    }
    f.writeWeights(misShaped);
    EXPECT_THAT(loadError(f),
        AllOf(HasSubstr("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight"), HasSubstr("[32, 2]"),
            HasSubstr("[8, 2]"), HasSubstr(f.weightsPath())));

    Weights extra = f.tensors();
    extra.emplace_back("encoder.block.2.layer.0.layer_norm.weight", at::ones({8}));
    f.writeWeights(extra);
    EXPECT_THAT(loadError(f),
        AllOf(HasSubstr("encoder.block.2.layer.0.layer_norm.weight"), HasSubstr("[8]"), HasSubstr("unexpected"),
            HasSubstr(f.weightsPath())));

    // A tied copy of the wrong shape is named too.
    Weights badCopy = f.tensors();
    badCopy.emplace_back("encoder.embed_tokens.weight", at::zeros({41, 8}));
    f.writeWeights(badCopy);
    EXPECT_THAT(loadError(f),
        AllOf(HasSubstr("encoder.embed_tokens.weight"), HasSubstr("[41, 8]"), HasSubstr("[40, 8]"),
            HasSubstr(f.weightsPath())));

    std::filesystem::remove(f.encoder / "model.safetensors");
    EXPECT_THAT(loadError(f), AllOf(HasSubstr("model.safetensors"), HasSubstr(f.encoder.string())));
}

// ---- tokenizer ------------------------------------------------------------------------------------------------

const std::string kSpace = "\xe2\x96\x81";

TEST(WriteTinySentencePieceModel, LoadsAndEncodesWholeWords)
{
    TempDir dir;
    tastelab::testing::writeTinySentencePieceModel(dir / "spiece.model", {"photo", "of", "a", "cat", kSpace + "of"});
    const SentencePieceTokenizer pieces = SentencePieceTokenizer::fromFile(dir / "spiece.model");
    EXPECT_EQ(pieces.pieceId("<pad>"), 0);
    EXPECT_EQ(pieces.pieceId("</s>"), 1);
    EXPECT_EQ(pieces.pieceId("<unk>"), 2);
    EXPECT_EQ(pieces.pieceId(kSpace + "photo"), 3);
    EXPECT_EQ(pieces.pieceId(kSpace + "of"), 4);  // the duplicate is dropped
    EXPECT_EQ(pieces.pieceId(kSpace + "a"), 5);
    EXPECT_EQ(pieces.pieceId(kSpace + "cat"), 6);
    EXPECT_EQ(pieces.vocabSize(), 3 + 4 + 1 + 26);
    EXPECT_EQ(pieces.encode("a photo of a cat"), (std::vector<int>{5, 3, 4, 5, 6}));
    // Unknown words fall back to letters, not <unk>.
    const std::vector<int> dog = pieces.encode("dog");
    EXPECT_FALSE(dog.empty());
    for (const int id : dog) EXPECT_NE(id, 2);

    const T5Tokenizer tokenizer = T5Tokenizer::fromFile(dir / "spiece.model");
    EXPECT_EQ(tokenizer.tokenize("a cat", 5), (std::vector<std::int64_t>{5, 6, 1, 0, 0}));
}

// Trains a unigram model with sentencepiece's trainer in its own process (no LibTorch there).
std::filesystem::path trainTinyModel(const TempDir& dir)
{
    const std::vector<std::string> words{"a", "photo", "of", "the", "red", "cat", "dog", "house", "sitting", "on",
        "green", "grass", "under", "blue", "sky", "with", "big", "small", "tree", "river", "mountain", "painting"};
    std::mt19937 rng(5);
    std::ofstream corpus(dir / "corpus.txt");
    for (int line = 0; line < 300; ++line) {
        for (int w = 0; w < 8; ++w) corpus << (w ? " " : "") << words[rng() % words.size()];
        corpus << "\n";
    }
    corpus.close();
    const std::string command = std::string("\"") + TASTELAB_SPM_TRAIN_TOOL + "\" \"" + (dir / "corpus.txt").string()
        + "\" \"" + (dir / "m").string() + "\" 60 > \"" + (dir / "train.log").string() + "\" 2>&1";
    const int rc = std::system(command.c_str());
    EXPECT_EQ(rc, 0) << command;
    return dir / "m.model";
}

TEST(T5Tokenizer, TrainedModelGivesEosPaddingAndTruncation)
{
    if (!std::filesystem::exists(TASTELAB_SPM_TRAIN_TOOL)) GTEST_SKIP() << "no " << TASTELAB_SPM_TRAIN_TOOL;
    TempDir dir;
    const std::filesystem::path model = trainTinyModel(dir);
    ASSERT_TRUE(std::filesystem::exists(model)) << "the trainer wrote no model";
    std::filesystem::create_directories(dir / "tokenizer_2");
    std::filesystem::copy_file(model, dir / "tokenizer_2" / "spiece.model");
    const T5Tokenizer tokenizer = T5Tokenizer::fromFolder(dir / "tokenizer_2");
    EXPECT_EQ(tokenizer.maxLength(), 0);  // no tokenizer_config.json
    EXPECT_EQ(tokenizer.padId(), 0);
    EXPECT_EQ(tokenizer.eosId(), 1);
    const SentencePieceTokenizer& pieces = tokenizer.pieces();
    EXPECT_EQ(pieces.pieceId("<pad>"), 0);
    EXPECT_EQ(pieces.pieceId("</s>"), 1);
    EXPECT_EQ(pieces.pieceId("<unk>"), 2);

    // Frequent whole words are single pieces of the trained vocabulary.
    const int sitting = pieces.pieceId(kSpace + "sitting");
    ASSERT_GT(sitting, 2);
    const std::vector<std::int64_t> one = tokenizer.tokenize("sitting", 6);
    EXPECT_EQ(one, (std::vector<std::int64_t>{sitting, 1, 0, 0, 0, 0}));

    const std::string text = "a red cat sitting under the blue sky";
    const std::vector<int> raw = pieces.encode(text);
    ASSERT_GE(raw.size(), 8u);
    const std::vector<std::int64_t> padded = tokenizer.tokenize(text, 32);
    ASSERT_EQ(padded.size(), 32u);
    for (std::size_t i = 0; i < raw.size(); ++i) EXPECT_EQ(padded[i], raw[i]) << i;
    EXPECT_EQ(padded[raw.size()], 1);
    for (std::size_t i = raw.size() + 1; i < padded.size(); ++i) EXPECT_EQ(padded[i], 0) << i;

    // Truncation keeps EOS at the last position.
    const std::vector<std::int64_t> cut = tokenizer.tokenize(text, 5);
    EXPECT_EQ(cut, (std::vector<std::int64_t>{raw[0], raw[1], raw[2], raw[3], 1}));
    EXPECT_EQ(tokenizer.tokenize(text, 1), (std::vector<std::int64_t>{1}));
    EXPECT_EQ(tokenizer.tokenize("", 3), (std::vector<std::int64_t>{1, 0, 0}));
    EXPECT_THROW(tokenizer.tokenize(text, 0), std::invalid_argument);

    const at::Tensor batch = tokenizer.tokenize(std::vector<std::string>{text, "sitting"}, 32);
    EXPECT_EQ(batch.scalar_type(), at::kLong);
    EXPECT_EQ(batch.sizes(), (std::vector<std::int64_t>{2, 32}));
    EXPECT_EQ(batch[1][0].item<std::int64_t>(), sitting);
    for (std::size_t i = 0; i < 32; ++i)
        EXPECT_EQ(batch[0][static_cast<std::int64_t>(i)].item<std::int64_t>(), padded[i]);
}

TEST(T5Tokenizer, ErrorsNameTheFile)
{
    TempDir dir;
    try {
        T5Tokenizer::fromFolder(dir.path());
        FAIL() << "a folder without spiece.model loaded";
    } catch (const ModelLoadError& error) {
        EXPECT_THAT(error.what(), HasSubstr((dir / "spiece.model").string()));
    }
    writeText(dir / "spiece.model", "not a model");
    try {
        T5Tokenizer::fromFolder(dir.path());
        FAIL() << "a broken spiece.model loaded";
    } catch (const ModelLoadError& error) {
        EXPECT_THAT(error.what(), HasSubstr((dir / "spiece.model").string()));
    }
}

}  // namespace
}  // namespace tastelab::model
