// SigLIP on a tiny random configuration written here: tokenizer, shapes, gradients, the attention pooling
// head against a naive computation, and the checks on tensor names and shapes.
#include "model/backbones/siglip.h"

#include "model/io/safetensors.h"
#include "model/tokenizers/sentencepiece_tokenizer.h"
#include "tests/support/tiny_sentencepiece.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fs = std::filesystem;
using tastelab::model::SentencePieceError;
using tastelab::model::SentencePieceTokenizer;
using tastelab::model::SiglipError;
using tastelab::model::SiglipModel;

namespace {

constexpr int kHidden = 32;
constexpr int kIntermediate = 48;
constexpr int kLayers = 2;
constexpr int kHeads = 4;
constexpr int kImage = 32;
constexpr int kPatch = 8;
constexpr int kVocab = 64;
constexpr int kMaxPositions = 16;

const char* kConfig = R"({
  "model_type": "siglip",
  "text_config": {"hidden_size": 32, "intermediate_size": 48, "num_hidden_layers": 2, "num_attention_heads": 4,
                  "vocab_size": 64, "max_position_embeddings": 16, "pad_token_id": 1, "eos_token_id": 1,
                  "hidden_act": "gelu_pytorch_tanh", "layer_norm_eps": 1e-6},
  "vision_config": {"hidden_size": 32, "intermediate_size": 48, "num_hidden_layers": 2, "num_attention_heads": 4,
                    "image_size": 32, "patch_size": 8, "num_channels": 3, "hidden_act": "gelu_pytorch_tanh",
                    "layer_norm_eps": 1e-6}
})";

using Tensors = std::vector<std::pair<std::string, at::Tensor>>;

void addEncoder(Tensors& out, const std::string& prefix)
{
    for (int i = 0; i < kLayers; ++i) {
        const std::string p = prefix + ".encoder.layers." + std::to_string(i) + ".";
        for (const char* n : {"layer_norm1", "layer_norm2"}) {
            out.push_back({p + n + ".weight", 1 + 0.1 * at::randn({kHidden})});
            out.push_back({p + n + ".bias", 0.1 * at::randn({kHidden})});
        }
        for (const char* n : {"q_proj", "k_proj", "v_proj", "out_proj"}) {
            out.push_back({p + "self_attn." + n + ".weight", 0.2 * at::randn({kHidden, kHidden})});
            out.push_back({p + "self_attn." + n + ".bias", 0.1 * at::randn({kHidden})});
        }
        out.push_back({p + "mlp.fc1.weight", 0.2 * at::randn({kIntermediate, kHidden})});
        out.push_back({p + "mlp.fc1.bias", 0.1 * at::randn({kIntermediate})});
        out.push_back({p + "mlp.fc2.weight", 0.2 * at::randn({kHidden, kIntermediate})});
        out.push_back({p + "mlp.fc2.bias", 0.1 * at::randn({kHidden})});
    }
}

Tensors randomWeights(std::uint64_t seed)
{
    at::manual_seed(seed);
    const int grid = kImage / kPatch;
    Tensors t;
    t.push_back({"vision_model.embeddings.patch_embedding.weight", 0.2 * at::randn({kHidden, 3, kPatch, kPatch})});
    t.push_back({"vision_model.embeddings.patch_embedding.bias", 0.1 * at::randn({kHidden})});
    t.push_back({"vision_model.embeddings.position_embedding.weight", 0.1 * at::randn({grid * grid, kHidden})});
    t.push_back({"vision_model.embeddings.position_ids", at::arange(grid * grid).unsqueeze(0)});
    addEncoder(t, "vision_model");
    t.push_back({"vision_model.post_layernorm.weight", 1 + 0.1 * at::randn({kHidden})});
    t.push_back({"vision_model.post_layernorm.bias", 0.1 * at::randn({kHidden})});
    t.push_back({"vision_model.head.probe", at::randn({1, 1, kHidden})});
    t.push_back({"vision_model.head.attention.in_proj_weight", 0.2 * at::randn({3 * kHidden, kHidden})});
    t.push_back({"vision_model.head.attention.in_proj_bias", 0.1 * at::randn({3 * kHidden})});
    t.push_back({"vision_model.head.attention.out_proj.weight", 0.2 * at::randn({kHidden, kHidden})});
    t.push_back({"vision_model.head.attention.out_proj.bias", 0.1 * at::randn({kHidden})});
    t.push_back({"vision_model.head.layernorm.weight", 1 + 0.1 * at::randn({kHidden})});
    t.push_back({"vision_model.head.layernorm.bias", 0.1 * at::randn({kHidden})});
    t.push_back({"vision_model.head.mlp.fc1.weight", 0.2 * at::randn({kIntermediate, kHidden})});
    t.push_back({"vision_model.head.mlp.fc1.bias", 0.1 * at::randn({kIntermediate})});
    t.push_back({"vision_model.head.mlp.fc2.weight", 0.2 * at::randn({kHidden, kIntermediate})});
    t.push_back({"vision_model.head.mlp.fc2.bias", 0.1 * at::randn({kHidden})});
    t.push_back({"text_model.embeddings.token_embedding.weight", at::randn({kVocab, kHidden})});
    t.push_back({"text_model.embeddings.position_embedding.weight", 0.1 * at::randn({kMaxPositions, kHidden})});
    t.push_back({"text_model.embeddings.position_ids", at::arange(kMaxPositions).unsqueeze(0)});
    addEncoder(t, "text_model");
    t.push_back({"text_model.final_layer_norm.weight", 1 + 0.1 * at::randn({kHidden})});
    t.push_back({"text_model.final_layer_norm.bias", 0.1 * at::randn({kHidden})});
    t.push_back({"text_model.head.weight", 0.2 * at::randn({kHidden, kHidden})});
    t.push_back({"text_model.head.bias", 0.1 * at::randn({kHidden})});
    t.push_back({"logit_scale", at::full({1}, std::log(10.0))});
    t.push_back({"logit_bias", at::full({1}, -10.0)});
    return t;
}

at::Tensor find(const Tensors& t, const std::string& name)
{
    for (const auto& [n, v] : t) {
        if (n == name) return v;
    }
    ADD_FAILURE() << "no tensor " << name;
    return {};
}

class SiglipTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        root_ = fs::temp_directory_path() / ("tastelab_siglip_test_" + std::to_string(::getpid()));
        fs::remove_all(root_);
        fs::create_directories(root_);
        tastelab::testing::writeTinySentencePieceModel(
            root_ / "spiece.model", {"a", "photo", "of", "cat", "dog", "the", "red", "house"});
        weights_ = randomWeights(7);
        writeFolder(root_ / "model", weights_);
    }

    static void TearDownTestSuite() { fs::remove_all(root_); }

    static void writeFolder(const fs::path& folder, const Tensors& tensors)
    {
        fs::create_directories(folder);
        std::ofstream(folder / "config.json") << kConfig;
        fs::copy_file(root_ / "spiece.model", folder / "spiece.model", fs::copy_options::overwrite_existing);
        tastelab::model::writeSafetensors(folder / "model.safetensors", tensors);
    }

    static std::string loadError(const std::string& name, const Tensors& tensors)
    {
        const fs::path folder = root_ / name;
        writeFolder(folder, tensors);
        try {
            SiglipModel::fromFolder(folder);
        } catch (const SiglipError& e) {
            return e.what();
        }
        return "no error";
    }

    static inline fs::path root_;
    static inline Tensors weights_;
};

TEST_F(SiglipTest, TokenizeAppendsEosAndPads)
{
    const SentencePieceTokenizer tokenizer = SentencePieceTokenizer::fromFile(root_ / "spiece.model");
    EXPECT_EQ(tokenizer.pieceId("</s>"), 1);
    EXPECT_EQ(tokenizer.pieceId("no such piece"), -1);
    const std::vector<int> raw = tokenizer.encode("a photo of a cat");
    EXPECT_EQ(raw, (std::vector<int>{3, 4, 5, 3, 6}));  // the whole-word pieces
    EXPECT_EQ(tokenizer.vocabSize(), 38);
    const std::vector<int> ids = tokenizer.tokenize("a photo of a cat", 40, 0, 1);
    ASSERT_EQ(ids.size(), 40U);
    for (std::size_t i = 0; i < raw.size(); ++i) EXPECT_EQ(ids[i], raw[i]);
    EXPECT_EQ(ids[raw.size()], 1);
    for (std::size_t i = raw.size() + 1; i < ids.size(); ++i) EXPECT_EQ(ids[i], 0);

    // Truncation keeps the EOS at the end.
    const std::vector<int> shortIds = tokenizer.tokenize("the quick brown fox jumps over the lazy dog", 4, 0, 1);
    ASSERT_EQ(shortIds.size(), 4U);
    EXPECT_EQ(shortIds.back(), 1);

    // Canonicalisation: lowercase, no punctuation, single spaces.
    EXPECT_EQ(SentencePieceTokenizer::canonicalize("  A Photo,  of a CAT!\n"), "a photo of a cat");
    EXPECT_EQ(tokenizer.tokenize("A Photo, of a CAT!", 16, 0, 1), tokenizer.tokenize("a photo of a cat", 16, 0, 1));
}

TEST_F(SiglipTest, TokenizerErrorsNameTheFile)
{
    const fs::path missing = root_ / "missing.model";
    try {
        SentencePieceTokenizer::fromFile(missing);
        FAIL() << "expected SentencePieceError";
    } catch (const SentencePieceError& e) {
        EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
    }
    const fs::path bad = root_ / "bad.model";
    std::ofstream(bad) << "not a model";
    try {
        SentencePieceTokenizer::fromFile(bad);
        FAIL() << "expected SentencePieceError";
    } catch (const SentencePieceError& e) {
        EXPECT_NE(std::string(e.what()).find(bad.string()), std::string::npos) << e.what();
    }
}

TEST_F(SiglipTest, ShapesAndDeterminism)
{
    const SiglipModel model = SiglipModel::fromFolder(root_ / "model");
    EXPECT_EQ(model.imageDim(), kHidden);
    EXPECT_EQ(model.textDim(), kHidden);
    EXPECT_EQ(model.id(), "siglip-32-32-p8");
    EXPECT_EQ(model.weightsHash().size(), 64U);

    at::manual_seed(1);
    const at::Tensor images = at::rand({2, 3, kImage, kImage});
    const at::Tensor a = model.encodeImages(images);
    EXPECT_EQ(a.sizes(), (at::IntArrayRef{2, kHidden}));
    EXPECT_TRUE(at::isfinite(a).all().item<bool>());
    EXPECT_TRUE(at::equal(a, model.encodeImages(images)));
    // Each image is encoded on its own.
    EXPECT_TRUE(at::allclose(model.encodeImages(images.slice(0, 1, 2)), a.slice(0, 1, 2), 1e-5, 1e-5));

    for (const auto& [h, w] : std::vector<std::pair<int, int>>{{17, 45}, {64, 64}, {1, 1}, {100, 33}}) {
        const at::Tensor out = model.encodeImages(at::rand({1, 3, h, w}));
        EXPECT_EQ(out.sizes(), (at::IntArrayRef{1, kHidden})) << h << "x" << w;
        EXPECT_TRUE(at::isfinite(out).all().item<bool>());
    }
    // Double input comes back as double.
    EXPECT_EQ(model.encodeImages(images.to(at::kDouble)).scalar_type(), at::kDouble);

    const at::Tensor t = model.encodeTexts({"a photo of a cat", "a dog", ""});
    EXPECT_EQ(t.sizes(), (at::IntArrayRef{3, kHidden}));
    EXPECT_TRUE(at::isfinite(t).all().item<bool>());
    EXPECT_TRUE(at::equal(t, model.encodeTexts({"a photo of a cat", "a dog", ""})));
    EXPECT_FALSE(at::allclose(t[0], t[1]));
    EXPECT_EQ(model.encodeTexts({}).sizes(), (at::IntArrayRef{0, kHidden}));
}

TEST_F(SiglipTest, GradientsReachThePixels)
{
    const SiglipModel model = SiglipModel::fromFolder(root_ / "model");
    at::manual_seed(2);
    const at::Tensor images = at::rand({2, 3, 40, 24}).set_requires_grad(true);
    model.encodeImages(images).pow(2).sum().backward();
    const at::Tensor grad = images.grad();
    ASSERT_TRUE(grad.defined());
    EXPECT_TRUE(at::isfinite(grad).all().item<bool>());
    EXPECT_GT(grad.abs().sum().item<double>(), 0.0);
}

TEST_F(SiglipTest, AttentionPoolingMatchesANaiveComputation)
{
    const SiglipModel model = SiglipModel::fromFolder(root_ / "model");
    at::manual_seed(3);
    const int N = 16;
    const at::Tensor states = at::randn({1, N, kHidden});
    const at::Tensor pooled = model.poolVision(states);
    ASSERT_EQ(pooled.sizes(), (at::IntArrayRef{1, kHidden}));

    const at::Tensor W = find(weights_, "vision_model.head.attention.in_proj_weight");
    const at::Tensor b = find(weights_, "vision_model.head.attention.in_proj_bias");
    const at::Tensor probe = find(weights_, "vision_model.head.probe").reshape({1, kHidden});
    const at::Tensor x = states[0];  // [N, D]
    const at::Tensor q = at::mm(probe, W.slice(0, 0, kHidden).t()) + b.slice(0, 0, kHidden);
    const at::Tensor k = at::mm(x, W.slice(0, kHidden, 2 * kHidden).t()) + b.slice(0, kHidden, 2 * kHidden);
    const at::Tensor v = at::mm(x, W.slice(0, 2 * kHidden, 3 * kHidden).t()) + b.slice(0, 2 * kHidden, 3 * kHidden);
    const int dh = kHidden / kHeads;
    std::vector<at::Tensor> heads;
    for (int h = 0; h < kHeads; ++h) {
        const at::Tensor qh = q.slice(1, h * dh, (h + 1) * dh), kh = k.slice(1, h * dh, (h + 1) * dh),
                         vh = v.slice(1, h * dh, (h + 1) * dh);
        const at::Tensor scores = at::mm(qh, kh.t()) / std::sqrt(static_cast<double>(dh));
        const at::Tensor e = at::exp(scores - scores.max());
        heads.push_back(at::mm(e / e.sum(), vh));
    }
    const at::Tensor attended =
        at::mm(at::cat(heads, 1), find(weights_, "vision_model.head.attention.out_proj.weight").t())
        + find(weights_, "vision_model.head.attention.out_proj.bias");
    const at::Tensor mean = attended.mean(-1, true);
    const at::Tensor var = (attended - mean).pow(2).mean(-1, true);
    const at::Tensor normed =
        (attended - mean) / at::sqrt(var + 1e-6) * find(weights_, "vision_model.head.layernorm.weight")
        + find(weights_, "vision_model.head.layernorm.bias");
    const at::Tensor h1 = at::mm(normed, find(weights_, "vision_model.head.mlp.fc1.weight").t())
        + find(weights_, "vision_model.head.mlp.fc1.bias");
    const double c = std::sqrt(2.0 / 3.14159265358979323846);
    const at::Tensor g = 0.5 * h1 * (1 + at::tanh(c * (h1 + 0.044715 * h1.pow(3))));
    const at::Tensor expected = attended + at::mm(g, find(weights_, "vision_model.head.mlp.fc2.weight").t())
        + find(weights_, "vision_model.head.mlp.fc2.bias");
    EXPECT_TRUE(at::allclose(pooled, expected, 1e-4, 1e-5)) << pooled << expected;
}

TEST_F(SiglipTest, TextUsesTheLastTokenAndAttendsToAll)
{
    const SiglipModel model = SiglipModel::fromFolder(root_ / "model");
    const at::Tensor ids = at::tensor(std::vector<std::int64_t>{5, 6, 7, 1, 1, 1}, at::kLong).reshape({1, 6});
    const at::Tensor a = model.encodeTokenIds(ids);
    EXPECT_EQ(a.sizes(), (at::IntArrayRef{1, kHidden}));
    // No causal mask: changing an early token changes the last position's state.
    at::Tensor changed = ids.clone();
    changed[0][0] = 9;
    EXPECT_FALSE(at::allclose(a, model.encodeTokenIds(changed)));
    EXPECT_THROW(model.encodeTokenIds(at::zeros({1, kMaxPositions + 1}, at::kLong)), SiglipError);
    EXPECT_THROW(model.encodeTokenIds(at::full({1, 3}, kVocab, at::kLong)), SiglipError);

    // encodeTexts is tokenize() + encodeTokenIds().
    const std::vector<int> tokens = model.tokenizer().tokenize("a photo of a cat", kMaxPositions, 1, 1);
    const at::Tensor tokenTensor = at::tensor(std::vector<std::int64_t>(tokens.begin(), tokens.end()), at::kLong);
    EXPECT_TRUE(at::allclose(model.encodeTexts({"a photo of a cat"}), model.encodeTokenIds(tokenTensor.unsqueeze(0))));
}

TEST_F(SiglipTest, ToDoubleKeepsTheResult)
{
    SiglipModel model = SiglipModel::fromFolder(root_ / "model");
    const at::Tensor images = at::rand({1, 3, 32, 32});
    const at::Tensor a = model.encodeImages(images);
    model.to(at::kCPU, at::kDouble);
    EXPECT_TRUE(at::allclose(model.encodeImages(images), a, 1e-4, 1e-4));
}

TEST_F(SiglipTest, OtherWeightsGiveAnotherHash)
{
    writeFolder(root_ / "other", randomWeights(8));
    EXPECT_NE(
        SiglipModel::fromFolder(root_ / "other").weightsHash(), SiglipModel::fromFolder(root_ / "model").weightsHash());
}

TEST_F(SiglipTest, MissingTensorIsNamed)
{
    Tensors t;
    for (const auto& entry : weights_) {
        if (entry.first != "vision_model.encoder.layers.1.mlp.fc2.bias") t.push_back(entry);
    }
    const std::string message = loadError("missing", t);
    EXPECT_NE(message.find("vision_model.encoder.layers.1.mlp.fc2.bias"), std::string::npos) << message;
    EXPECT_NE(message.find("[32]"), std::string::npos) << message;
    EXPECT_NE(message.find("model.safetensors"), std::string::npos) << message;
}

TEST_F(SiglipTest, MisShapedTensorIsNamed)
{
    Tensors t = weights_;
    for (auto& entry : t) {
        if (entry.first == "text_model.head.weight") entry.second = at::zeros({kHidden, kHidden + 1});
    }
    const std::string message = loadError("misshaped", t);
    EXPECT_NE(message.find("text_model.head.weight"), std::string::npos) << message;
    EXPECT_NE(message.find("[32, 33]"), std::string::npos) << message;
    EXPECT_NE(message.find("[32, 32]"), std::string::npos) << message;
    EXPECT_NE(message.find("model.safetensors"), std::string::npos) << message;
}

TEST_F(SiglipTest, UnexpectedTensorIsNamed)
{
    Tensors t = weights_;
    t.push_back({"vision_model.encoder.layers.2.mlp.fc1.bias", at::zeros({kIntermediate})});
    const std::string message = loadError("unexpected", t);
    EXPECT_NE(message.find("vision_model.encoder.layers.2.mlp.fc1.bias"), std::string::npos) << message;
    EXPECT_NE(message.find("model.safetensors"), std::string::npos) << message;
}

TEST_F(SiglipTest, MissingFilesAreNamed)
{
    const fs::path folder = root_ / "empty";
    fs::create_directories(folder);
    try {
        SiglipModel::fromFolder(folder);
        FAIL() << "expected SiglipError";
    } catch (const SiglipError& e) {
        EXPECT_NE(std::string(e.what()).find("config.json"), std::string::npos) << e.what();
    }
}

}  // namespace
