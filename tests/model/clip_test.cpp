// CLIP on a tiny random model written by the test: shapes, determinism, gradients to the pixels, any input
// size (only preprocessing differs), the causal mask and EOS pooling, an independent computation of the
// vision tower with plain ops and a naive attention loop, and errors that name the tensor and the file.
#include "model/backbones/clip.h"
#include "tests/model/tiny_clip.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include <cmath>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "model/io/safetensors.h"
#include "tests/support/test_support.h"

namespace tastelab::model {
namespace {

using ::testing::HasSubstr;
at::Tensor weight(const Weights& w, const std::string& name)
{
    for (const auto& [key, value] : w) {
        if (key == name) return value;
    }
    ADD_FAILURE() << "no weight " << name;
    return {};
}

class ClipTiny : public ::testing::Test {
protected:
    void SetUp() override { writeModel(folder(), 2, 1); }

    std::filesystem::path folder() const { return dir_.path() / "clip-tiny"; }

    // config.json, model.safetensors and tokenizer/{vocab.json, merges.txt}.
    static Weights writeModel(
        const std::filesystem::path& folder, int layers, std::uint64_t seed, const std::string& config = {})
    {
        return writeTinyClip(folder, layers, seed, config);
    }

    std::string errorOf(const Weights& weights) const
    {
        writeSafetensors(folder() / "model.safetensors", weights);
        try {
            (void)ClipModel::fromFolder(folder());
        } catch (const ClipError& e) {
            return e.what();
        }
        ADD_FAILURE() << "no ClipError";
        return {};
    }

    tastelab::testing::TempDir dir_;
};

TEST_F(ClipTiny, ShapesAndIdentity)
{
    const ClipModel model = ClipModel::fromFolder(folder());
    EXPECT_EQ(model.imageDim(), kProjection);
    EXPECT_EQ(model.textDim(), kProjection);
    EXPECT_EQ(model.id(), "clip-vit-w32-p8-32");
    EXPECT_EQ(model.weightsHash().size(), 64u);
    EXPECT_NEAR(model.logitScale(), std::exp(2.6592), 1e-3);

    const at::Tensor images = at::rand({2, 3, kImage, kImage});
    const at::Tensor imageVectors = model.encodeImages(images);
    EXPECT_EQ(imageVectors.sizes(), (std::vector<std::int64_t>{2, kProjection}));
    EXPECT_TRUE(imageVectors.isfinite().all().item<bool>());

    const at::Tensor textVectors = model.encodeTexts({"cat", "at cat", ""});
    EXPECT_EQ(textVectors.sizes(), (std::vector<std::int64_t>{3, kProjection}));
    EXPECT_TRUE(textVectors.isfinite().all().item<bool>());
    EXPECT_FALSE(at::allclose(textVectors[0], textVectors[1]));

    const at::Tensor ids = model.tokenize({"cat at"});
    EXPECT_EQ(ids.sizes(), (std::vector<std::int64_t>{1, kPositions}));
    EXPECT_EQ(ids[0][0].item<std::int64_t>(), kBos);
    EXPECT_EQ(ids[0][3].item<std::int64_t>(), kEos);
    EXPECT_EQ(ids[0][4].item<std::int64_t>(), 1);  // pad_token_id from the config

    EXPECT_EQ(model.encodeTexts({}).size(0), 0);
}

TEST_F(ClipTiny, DeterministicAndTheHashFollowsTheWeights)
{
    const ClipModel a = ClipModel::fromFolder(folder());
    const ClipModel b = ClipModel::fromFolder(folder());
    EXPECT_EQ(a.weightsHash(), b.weightsHash());
    const at::Tensor images = at::rand({2, 3, 40, 36});
    EXPECT_TRUE(at::equal(a.encodeImages(images), a.encodeImages(images)));
    EXPECT_TRUE(at::equal(a.encodeImages(images), b.encodeImages(images)));
    EXPECT_TRUE(at::equal(a.encodeTexts({"cat"}), b.encodeTexts({"cat"})));

    writeModel(folder(), 2, 2);  // same shapes, other values: same header, other hash
    const ClipModel c = ClipModel::fromFolder(folder());
    EXPECT_NE(c.weightsHash(), a.weightsHash());
    EXPECT_FALSE(at::allclose(c.encodeImages(images), a.encodeImages(images)));
}

TEST_F(ClipTiny, GradientsReachThePixels)
{
    const ClipModel model = ClipModel::fromFolder(folder());
    for (const std::vector<std::int64_t>& size : {std::vector<std::int64_t>{2, 3, kImage, kImage}, {1, 3, 45, 61}}) {
        const at::Tensor images = at::rand(size).set_requires_grad(true);
        model.encodeImages(images).pow(2).sum().backward();
        ASSERT_TRUE(images.grad().defined());
        EXPECT_TRUE(images.grad().isfinite().all().item<bool>());
        EXPECT_GT(images.grad().abs().sum().item<double>(), 0.0);
    }
}

TEST_F(ClipTiny, AnySizeDiffersOnlyThroughPreprocessing)
{
    const ClipModel model = ClipModel::fromFolder(folder());
    for (const auto& [h, w] : {std::pair<int, int>{1, 1}, {17, 45}, {64, 64}, {300, 20}}) {
        const at::Tensor out = model.encodeImages(at::rand({1, 3, h, w}));
        EXPECT_EQ(out.sizes(), (std::vector<std::int64_t>{1, kProjection})) << h << "x" << w;
        EXPECT_TRUE(out.isfinite().all().item<bool>()) << h << "x" << w;
    }

    // Shortest side already imageSize: only the centre crop applies.
    const at::Tensor wide = at::rand({1, 3, kImage, 48});
    EXPECT_TRUE(at::allclose(model.encodeImages(wide), model.encodeImages(wide.slice(3, 8, 8 + kImage)), 1e-5, 1e-6));

    // Twice the size: a bicubic downscale to imageSize, then the same network.
    const at::Tensor big = at::rand({2, 3, 64, 64});
    const std::vector<std::int64_t> outputSize{kImage, kImage};
    const at::Tensor small = at::upsample_bicubic2d(big, outputSize, false, c10::nullopt, c10::nullopt).clamp(0, 1);
    EXPECT_TRUE(at::allclose(model.encodeImages(big), model.encodeImages(small), 1e-5, 1e-6));

    // A double input gives a double result on the same device.
    EXPECT_EQ(model.encodeImages(big.to(at::kDouble)).scalar_type(), at::kDouble);
}

TEST_F(ClipTiny, CausalMaskAndPoolingAtTheFirstEos)
{
    const ClipModel model = ClipModel::fromFolder(folder());
    at::Tensor ids = at::full({1, kPositions}, 1, at::kLong);
    ids[0][0] = kBos;
    ids[0][1] = 7;
    ids[0][2] = 8;
    ids[0][3] = kEos;
    const at::Tensor base = model.encodeTokenIds(ids);

    at::Tensor after = ids.clone();
    after[0][5] = 7;
    after[0][kPositions - 1] = kEos;
    EXPECT_TRUE(at::allclose(model.encodeTokenIds(after), base, 1e-6, 1e-6));

    at::Tensor shorter = ids.slice(1, 0, 4);  // fewer positions than the context: same result
    EXPECT_TRUE(at::allclose(model.encodeTokenIds(shorter), base, 1e-5, 1e-6));

    at::Tensor before = ids.clone();
    before[0][1] = 6;
    EXPECT_FALSE(at::allclose(model.encodeTokenIds(before), base, 1e-4, 1e-5));

    EXPECT_TRUE(at::allclose(model.encodeTexts({"cat at"}), base, 1e-6, 1e-6));

    EXPECT_THROW(model.encodeTokenIds(at::full({1, kPositions + 1}, 1, at::kLong)), ClipError);
    EXPECT_THROW(model.encodeTokenIds(at::full({1, 4}, kVocab, at::kLong)), ClipError);
}

TEST_F(ClipTiny, OldOpenAiConfigsPoolAtTheLargestId)
{
    const ClipModel modern = ClipModel::fromFolder(folder());
    writeText(folder() / "config.json", configJson(2, 2));
    const ClipModel old = ClipModel::fromFolder(folder());
    at::Tensor ids = at::full({2, 6}, 0, at::kLong);
    ids[0][0] = kBos, ids[0][1] = 7, ids[0][2] = kEos;
    ids[1][0] = kBos, ids[1][1] = 2, ids[1][2] = 8, ids[1][3] = 8, ids[1][4] = kEos;
    EXPECT_TRUE(at::allclose(old.encodeTokenIds(ids), modern.encodeTokenIds(ids), 1e-6, 1e-6));
}

// ---- An independent computation ----------------------------------------------------------------------

at::Tensor layerNorm(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias)
{
    const at::Tensor mean = x.mean(-1, true);
    const at::Tensor var = (x - mean).pow(2).mean(-1, true);
    return (x - mean) / at::sqrt(var + 1e-5) * weight + bias;
}

at::Tensor dense(const at::Tensor& x, const Weights& w, const std::string& name)
{
    return at::matmul(x, weight(w, name + ".weight").t()) + weight(w, name + ".bias");
}

// One image [3, S, S] already at imageSize through a 1-layer vision tower, patch by patch and head by head.
at::Tensor visionByHand(const Weights& w, const at::Tensor& image)
{
    const double mean[3] = {0.48145466, 0.4578275, 0.40821073};
    const double std[3] = {0.26862954, 0.26130258, 0.27577711};
    at::Tensor pixels = image.clone();
    for (int c = 0; c < 3; ++c) pixels[c] = (pixels[c] - mean[c]) / std[c];

    const at::Tensor kernel = weight(w, "vision_model.embeddings.patch_embedding.weight").reshape({kHidden, -1});
    std::vector<at::Tensor> tokens{weight(w, "vision_model.embeddings.class_embedding")};
    for (int row = 0; row < kImage / kPatch; ++row) {
        for (int col = 0; col < kImage / kPatch; ++col) {
            const at::Tensor patch = pixels.slice(1, row * kPatch, (row + 1) * kPatch)
                                         .slice(2, col * kPatch, (col + 1) * kPatch)
                                         .reshape({-1});
            tokens.push_back(at::mv(kernel, patch));
        }
    }
    at::Tensor x = at::stack(tokens) + weight(w, "vision_model.embeddings.position_embedding.weight");
    x = layerNorm(x, weight(w, "vision_model.pre_layrnorm.weight"), weight(w, "vision_model.pre_layrnorm.bias"));

    const std::string p = "vision_model.encoder.layers.0.";
    const at::Tensor h = layerNorm(x, weight(w, p + "layer_norm1.weight"), weight(w, p + "layer_norm1.bias"));
    const at::Tensor q = dense(h, w, p + "self_attn.q_proj");
    const at::Tensor k = dense(h, w, p + "self_attn.k_proj");
    const at::Tensor v = dense(h, w, p + "self_attn.v_proj");
    const int headDim = kHidden / kHeads;
    const std::int64_t n = x.size(0);
    at::Tensor mixed = at::zeros({n, kHidden});
    for (int head = 0; head < kHeads; ++head) {
        for (std::int64_t i = 0; i < n; ++i) {
            std::vector<double> scores;
            double largest = -1e300;
            for (std::int64_t j = 0; j < n; ++j) {
                double dot = 0;
                for (int e = head * headDim; e < (head + 1) * headDim; ++e) {
                    dot += q[i][e].item<double>() * k[j][e].item<double>();
                }
                scores.push_back(dot / std::sqrt(static_cast<double>(headDim)));
                largest = std::max(largest, scores.back());
            }
            double total = 0;
            for (double& s : scores) total += (s = std::exp(s - largest));
            for (int e = head * headDim; e < (head + 1) * headDim; ++e) {
                double value = 0;
                for (std::int64_t j = 0; j < n; ++j)
                    value += scores[static_cast<std::size_t>(j)] / total * v[j][e].item<double>();
                mixed[i][e] = value;
            }
        }
    }
    x = x + dense(mixed, w, p + "self_attn.out_proj");
    const at::Tensor h2 = layerNorm(x, weight(w, p + "layer_norm2.weight"), weight(w, p + "layer_norm2.bias"));
    const at::Tensor up = dense(h2, w, p + "mlp.fc1");
    x = x + dense(up / (1.0 + at::exp(-1.702 * up)), w, p + "mlp.fc2");

    const at::Tensor pooled =
        layerNorm(x[0], weight(w, "vision_model.post_layernorm.weight"), weight(w, "vision_model.post_layernorm.bias"));
    return at::mv(weight(w, "visual_projection.weight"), pooled);
}

TEST_F(ClipTiny, VisionTowerMatchesAComputationByHand)
{
    const Weights weights = writeModel(folder(), 1, 7);
    const ClipModel model = ClipModel::fromFolder(folder());
    const at::Tensor image = at::rand({1, 3, kImage, kImage});
    const at::Tensor expected = visionByHand(weights, image[0]);
    const at::Tensor actual = model.encodeImages(image)[0];
    EXPECT_TRUE(at::allclose(actual, expected, 1e-4, 1e-4)) << actual << "\n" << expected;
}

// ---- Loading errors ------------------------------------------------------------------------------------

TEST_F(ClipTiny, MissingTensorIsNamedWithShapeAndFile)
{
    Weights weights = tinyWeights(2, 1);
    weights.erase(weights.begin() + 1);  // the patch embedding
    const std::string message = errorOf(weights);
    EXPECT_THAT(message, HasSubstr("vision_model.embeddings.patch_embedding.weight"));
    EXPECT_THAT(message, HasSubstr("[32, 3, 8, 8]"));
    EXPECT_THAT(message, HasSubstr("model.safetensors"));
}

TEST_F(ClipTiny, WrongShapeIsNamedWithBothShapesAndFile)
{
    Weights weights = tinyWeights(2, 1);
    for (auto& [name, value] : weights) {
        if (name == "text_model.encoder.layers.1.mlp.fc1.weight") value = at::zeros({kIntermediate, kHidden + 1});
    }
    const std::string message = errorOf(weights);
    EXPECT_THAT(message, HasSubstr("text_model.encoder.layers.1.mlp.fc1.weight"));
    EXPECT_THAT(message, HasSubstr("[64, 33]"));
    EXPECT_THAT(message, HasSubstr("[64, 32]"));
    EXPECT_THAT(message, HasSubstr("model.safetensors"));
}

TEST_F(ClipTiny, UnexpectedTensorIsNamedWithFile)
{
    Weights weights = tinyWeights(3, 1);  // a third layer the config does not have
    const std::string message = errorOf(weights);
    EXPECT_THAT(message, HasSubstr("vision_model.encoder.layers.2."));
    EXPECT_THAT(message, HasSubstr("unexpected"));
    EXPECT_THAT(message, HasSubstr("model.safetensors"));
}

TEST_F(ClipTiny, ConfigErrorsNameFileAndKey)
{
    writeText(folder() / "config.json", R"({"text_config": {"hidden_size": "wide"}})");
    try {
        (void)ClipModel::fromFolder(folder());
        ADD_FAILURE() << "no ClipError";
    } catch (const ClipError& e) {
        EXPECT_THAT(e.what(), HasSubstr("config.json"));
        EXPECT_THAT(e.what(), HasSubstr("text_config.hidden_size"));
    }
    writeText(folder() / "config.json", configJson(2, kEos, "swish"));
    EXPECT_THROW((void)ClipModel::fromFolder(folder()), ClipError);
    std::filesystem::remove(folder() / "model.safetensors");
    writeText(folder() / "config.json", configJson(2));
    EXPECT_THROW((void)ClipModel::fromFolder(folder()), ClipError);
}

TEST(ClipConfigDefaults, MissingKeysTakeTransformersDefaults)
{
    tastelab::testing::TempDir dir;
    writeText(dir / "config.json", "{}");
    const ClipConfig config = ClipConfig::fromJson(dir / "config.json");
    EXPECT_EQ(config.vision.hiddenSize, 768);
    EXPECT_EQ(config.vision.layers, 12);
    EXPECT_EQ(config.vision.heads, 12);
    EXPECT_EQ(config.patchSize, 32);
    EXPECT_EQ(config.imageSize, 224);
    EXPECT_EQ(config.text.hiddenSize, 512);
    EXPECT_EQ(config.text.heads, 8);
    EXPECT_EQ(config.vocabSize, 49408);
    EXPECT_EQ(config.maxPositions, 77);
    EXPECT_EQ(config.projectionDim, 512);
    EXPECT_EQ(config.vision.activation, "quick_gelu");
}

TEST(ClipRandom, BenchmarkModelEncodesIdsAndImagesButHasNoTokenizer)
{
    ClipConfig config;
    config.vision = {32, 64, 1, 4};
    config.text = {32, 64, 1, 4};
    config.imageSize = 32;
    config.patchSize = 16;
    config.vocabSize = 20;
    config.maxPositions = 8;
    config.eosTokenId = 19;
    config.projectionDim = 8;
    ClipModel model = ClipModel::randomForBenchmark(config, 3);
    EXPECT_EQ(model.id(), "clip-vit-w32-p16-32");
    EXPECT_EQ(model.encodeImages(at::rand({2, 3, 50, 40})).sizes(), (std::vector<std::int64_t>{2, 8}));
    EXPECT_EQ(model.encodeTokenIds(at::full({3, 8}, 19, at::kLong)).sizes(), (std::vector<std::int64_t>{3, 8}));
    EXPECT_THROW(model.encodeTexts({"cat"}), ClipError);
    model.to(at::kCPU, at::kDouble);
    EXPECT_EQ(model.encodeImages(at::rand({1, 3, 32, 32})).scalar_type(), at::kFloat);
    EXPECT_EQ(model.encodeTokenIds(at::full({1, 8}, 19, at::kLong)).scalar_type(), at::kDouble);
}

}  // namespace
}  // namespace tastelab::model
