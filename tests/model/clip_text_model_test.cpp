// The CLIP text transformer: configuration as transformers reads it, the real SD-Turbo tensor names and size, the
// layer math against the independent ClipModel, pooling and causality by hand, and loading from diffusers folders.
#include "model/diffusion/clip_text_model.h"

#include "model/backbones/clip.h"
#include "model/io/diffusers_weights.h"
#include "model/io/safetensors.h"
#include "tests/model/tiny_clip.h"
#include "tests/support/test_support.h"

#include <ATen/ATen.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace tastelab::model {
namespace {

using tastelab::testing::TempDir;
using ::testing::HasSubstr;

// The text tower of tests/model/tiny_clip.h (tiny_clip's kHidden, kIntermediate, ... ).
ClipTextConfig tinyTextConfig(int layers, std::int64_t eosTokenId = kEos, const std::string& activation = "quick_gelu",
    std::int64_t projectionDim = 0)
{
    ClipTextConfig c;
    c.vocabSize = kVocab;
    c.hiddenSize = kHidden;
    c.intermediateSize = kIntermediate;
    c.layers = layers;
    c.heads = kHeads;
    c.maxPositions = kPositions;
    c.activation = activation;
    c.eosTokenId = eosTokenId;
    c.bosTokenId = kBos;
    c.projectionDim = projectionDim;
    return c;
}

// The tensors a CLIPTextModel(WithProjection) checkpoint of the tiny CLIPModel holds.
Weights textTowerOf(const Weights& clipWeights, bool withProjection)
{
    Weights text;
    for (const auto& [name, tensor] : clipWeights) {
        if (name.rfind("text_model.", 0) == 0 || (withProjection && name == "text_projection.weight")) {
            text.emplace_back(name, tensor);
        }
    }
    return text;
}

// Token ids whose EOS (or largest id) sits at a different position in every row, so that comparing pooled outputs
// compares the last hidden state at every position.
at::Tensor idsWithEosAt(std::int64_t length, std::int64_t eos, std::uint64_t seed)
{
    at::Generator gen = at::detail::createCPUGenerator(seed);
    at::Tensor ids = at::randint(0, kEos - 1, {length, length}, gen, at::TensorOptions().dtype(at::kLong));
    for (std::int64_t row = 0; row < length; ++row) {
        ids[row][0] = kBos;
        ids[row][row] = eos;
        // After the EOS: padding-like ids, some of them EOS again (pooling must take the first).
        for (std::int64_t j = row + 1; j < length; ++j) ids[row][j] = (j % 3 == 0) ? eos : 1;
    }
    return ids;
}

ClipTextModel loadedTextModel(const ClipTextConfig& config, const Weights& tensors)
{
    ClipTextModel model(config);
    WeightSource source = WeightSource::fromTensors(tensors, "tiny text tower");
    loadModuleWeights(*model, source);
    model->eval();
    return model;
}

std::string modelLoadErrorOf(const std::function<void()>& function)
{
    try {
        function();
    } catch (const ModelLoadError& error) {
        return error.what();
    }
    ADD_FAILURE() << "no ModelLoadError was thrown";
    return {};
}

// ---- Configuration ------------------------------------------------------------------------------------------

// stabilityai/sd-turbo text_encoder/config.json, key for key (transformers 4.x).
constexpr const char* kSdTurboConfig = R"({
  "_name_or_path": "stabilityai/sd-turbo",
  "architectures": ["CLIPTextModel"],
  "attention_dropout": 0.0,
  "bos_token_id": 0,
  "dropout": 0.0,
  "eos_token_id": 2,
  "hidden_act": "gelu",
  "hidden_size": 1024,
  "initializer_factor": 1.0,
  "initializer_range": 0.02,
  "intermediate_size": 4096,
  "layer_norm_eps": 1e-05,
  "max_position_embeddings": 77,
  "model_type": "clip_text_model",
  "num_attention_heads": 16,
  "num_hidden_layers": 23,
  "pad_token_id": 1,
  "projection_dim": 512,
  "torch_dtype": "float16",
  "transformers_version": "4.35.2",
  "vocab_size": 49408
})";

TEST(ClipTextConfig, ReadsSdTurbosConfigAndIgnoresItsProjectionDim)
{
    TempDir dir;
    writeText(dir / "config.json", kSdTurboConfig);
    const ClipTextConfig c = ClipTextConfig::fromJson(dir / "config.json");
    EXPECT_EQ(c.vocabSize, 49408);
    EXPECT_EQ(c.hiddenSize, 1024);
    EXPECT_EQ(c.intermediateSize, 4096);
    EXPECT_EQ(c.layers, 23);
    EXPECT_EQ(c.heads, 16);
    EXPECT_EQ(c.maxPositions, 77);
    EXPECT_EQ(c.activation, "gelu");
    EXPECT_DOUBLE_EQ(c.layerNormEps, 1e-5);
    EXPECT_EQ(c.bosTokenId, 0);
    EXPECT_EQ(c.eosTokenId, 2);
    EXPECT_EQ(c.padTokenId, 1);
    // A CLIPTextModel has no text_projection even though its config names a projection_dim.
    EXPECT_EQ(c.projectionDim, 0);

    const ClipTextConfig preset = ClipTextConfig::sdTurbo();
    EXPECT_EQ(preset.vocabSize, c.vocabSize);
    EXPECT_EQ(preset.hiddenSize, c.hiddenSize);
    EXPECT_EQ(preset.intermediateSize, c.intermediateSize);
    EXPECT_EQ(preset.layers, c.layers);
    EXPECT_EQ(preset.heads, c.heads);
    EXPECT_EQ(preset.activation, c.activation);
    EXPECT_EQ(preset.eosTokenId, c.eosTokenId);
    EXPECT_EQ(preset.projectionDim, 0);
}

TEST(ClipTextConfig, ClipLIsOpenAisViTL14TextTower)
{
    const ClipTextConfig c = ClipTextConfig::clipL();
    EXPECT_EQ(c.hiddenSize, 768);
    EXPECT_EQ(c.intermediateSize, 3072);
    EXPECT_EQ(c.layers, 12);
    EXPECT_EQ(c.heads, 12);
    EXPECT_EQ(c.activation, "quick_gelu");
    EXPECT_EQ(c.maxPositions, 77);
    EXPECT_EQ(c.eosTokenId, 49407);
    EXPECT_EQ(c.projectionDim, 0);
}

TEST(ClipTextConfig, WithProjectionArchitectureCreatesTheBiasFreeTextProjection)
{
    TempDir dir;
    writeText(dir / "config.json",
        R"({"architectures": ["CLIPTextModelWithProjection"], "hidden_size": 32, "intermediate_size": 64,
            "num_hidden_layers": 1, "num_attention_heads": 4, "vocab_size": 11, "max_position_embeddings": 16,
            "projection_dim": 24, "hidden_act": "quick_gelu", "eos_token_id": 10})");
    const ClipTextConfig c = ClipTextConfig::fromJson(dir / "config.json");
    EXPECT_EQ(c.projectionDim, 24);
    ClipTextModel model(c);
    std::map<std::string, std::vector<std::int64_t>> shapes;
    for (const auto& [name, tensor] : moduleTensors(*model)) shapes[name] = tensor.sizes().vec();
    ASSERT_EQ(shapes.count("text_projection.weight"), 1u);
    EXPECT_EQ(shapes["text_projection.weight"], (std::vector<std::int64_t>{24, 32}));
    EXPECT_EQ(shapes.count("text_projection.bias"), 0u);
}

TEST(ClipTextConfig, MissingKeysTakeTransformersDefaults)
{
    TempDir dir;
    writeText(dir / "config.json", "{}");
    const ClipTextConfig c = ClipTextConfig::fromJson(dir / "config.json");
    // transformers' CLIPTextConfig(): the OpenAI ViT-B/32 text tower.
    EXPECT_EQ(c.hiddenSize, 512);
    EXPECT_EQ(c.intermediateSize, 2048);
    EXPECT_EQ(c.layers, 12);
    EXPECT_EQ(c.heads, 8);
    EXPECT_EQ(c.activation, "quick_gelu");
    EXPECT_EQ(c.eosTokenId, 49407);
    EXPECT_EQ(c.projectionDim, 0);
}

TEST(ClipTextConfig, WrongTypesAndImpossibleValuesNameTheKeyAndTheFile)
{
    TempDir dir;
    const std::filesystem::path file = dir / "config.json";
    const std::string valid = R"("hidden_size": 32, "num_attention_heads": 4, "vocab_size": 11)";
    const std::vector<std::pair<std::string, std::string>> cases{
        {R"({"hidden_size": "big"})", "'hidden_size'"},
        {R"({"hidden_size": 30, "num_attention_heads": 4})", "'num_attention_heads'"},
        {R"({"num_hidden_layers": 0})", "'num_hidden_layers'"},
        {"{" + valid + R"(, "hidden_act": "relu"})", "'hidden_act'"},
        {"{" + valid + R"(, "eos_token_id": 11})", "'eos_token_id'"},
        {"{" + valid + R"(, "layer_norm_eps": 0})", "'layer_norm_eps'"},
        {R"({"architectures": ["T5EncoderModel"]})", "'architectures'"},
        {R"({"architectures": ["CLIPTextModelWithProjection"], "projection_dim": 0})", "'projection_dim'"},
    };
    for (const auto& [json, key] : cases) {
        writeText(file, json);
        const std::string message = modelLoadErrorOf([&] { ClipTextConfig::fromJson(file); });
        EXPECT_THAT(message, HasSubstr(key)) << json;
        EXPECT_THAT(message, HasSubstr(file.string())) << json;
    }
    EXPECT_THAT(modelLoadErrorOf([&] { ClipTextConfig::fromJson(dir / "absent.json"); }), HasSubstr("absent.json"));
}

// ---- The real SD-Turbo text tower ---------------------------------------------------------------------------

TEST(ClipTextModelSdTurbo, HasTheCheckpointsTensorNamesShapesAndParameterCount)
{
    const ClipTextModel model(ClipTextConfig::sdTurbo());
    std::map<std::string, std::vector<std::int64_t>> shapes;
    std::int64_t parameters = 0;
    for (const auto& item : model->named_parameters(true)) {
        shapes[item.key()] = item.value().sizes().vec();
        parameters += item.value().numel();
    }
    using Shape = std::vector<std::int64_t>;
    EXPECT_EQ(shapes["text_model.embeddings.token_embedding.weight"], (Shape{49408, 1024}));
    EXPECT_EQ(shapes["text_model.embeddings.position_embedding.weight"], (Shape{77, 1024}));
    EXPECT_EQ(shapes["text_model.encoder.layers.0.self_attn.q_proj.weight"], (Shape{1024, 1024}));
    EXPECT_EQ(shapes["text_model.encoder.layers.0.self_attn.out_proj.bias"], (Shape{1024}));
    EXPECT_EQ(shapes["text_model.encoder.layers.22.mlp.fc1.weight"], (Shape{4096, 1024}));
    EXPECT_EQ(shapes["text_model.encoder.layers.22.mlp.fc2.weight"], (Shape{1024, 4096}));
    EXPECT_EQ(shapes["text_model.encoder.layers.22.layer_norm2.bias"], (Shape{1024}));
    EXPECT_EQ(shapes["text_model.final_layer_norm.weight"], (Shape{1024}));
    EXPECT_EQ(shapes.count("text_model.encoder.layers.23.mlp.fc1.weight"), 0u);
    EXPECT_EQ(shapes.count("text_projection.weight"), 0u);
    // 16 tensors per layer, 2 embeddings, final layer norm weight and bias.
    EXPECT_EQ(shapes.size(), 23u * 16u + 2u + 2u);
    EXPECT_EQ(model->named_buffers(true).size(), 0u);

    // Per layer: q, k, v, out (h*h + h each), two layer norms (2h each), fc1 (h*m + m), fc2 (m*h + h).
    const std::int64_t h = 1024, m = 4096, vocab = 49408, positions = 77, layers = 23;
    const std::int64_t perLayer = 4 * (h * h + h) + 2 * (2 * h) + (h * m + m) + (m * h + h);
    EXPECT_EQ(perLayer, 12 * h * h + 13 * h);  // with m = 4h
    EXPECT_EQ(parameters, layers * perLayer + vocab * h + positions * h + 2 * h);
    // The SD 2 text encoder's published size.
    EXPECT_EQ(parameters, 340'387'840);
}

// ---- The layer math against ClipModel ----------------------------------------------------------------------

struct ActivationCase {
    const char* activation;
    int eos;
};

void PrintTo(const ActivationCase& value, std::ostream* out)
{
    *out << value.activation << ", eos_token_id " << value.eos;
}

class ClipTextModelAgainstClipModel : public ::testing::TestWithParam<ActivationCase> { };

TEST_P(ClipTextModelAgainstClipModel, ProjectedPooledOutputMatchesEncodeTokenIds)
{
    const ActivationCase param = GetParam();
    TempDir dir;
    const Weights weights = writeTinyClip(dir.path(), 2, 7, configJson(2, param.eos, param.activation));
    const ClipModel reference = ClipModel::fromFolder(dir.path());
    ClipTextModel model =
        loadedTextModel(tinyTextConfig(2, param.eos, param.activation, kProjection), textTowerOf(weights, true));

    // Full context, then a shorter one (positions are sliced).
    for (const std::int64_t length : {std::int64_t{kPositions}, std::int64_t{7}}) {
        const at::Tensor ids = idsWithEosAt(length, kEos, 11);
        const at::Tensor expected = reference.encodeTokenIds(ids);
        const ClipTextModelImpl::Output out = model->forward(ids);
        ASSERT_EQ(out.pooled.sizes(), (at::IntArrayRef{length, kProjection}));
        ASSERT_EQ(out.lastHiddenState.sizes(), (at::IntArrayRef{length, length, kHidden}));
        EXPECT_TRUE(at::allclose(out.pooled, expected, 1e-4, 1e-5))
            << param.activation << " L=" << length << " max diff " << (out.pooled - expected).abs().max().item<float>();
    }
}

INSTANTIATE_TEST_SUITE_P(Activations, ClipTextModelAgainstClipModel,
    ::testing::Values(ActivationCase{"quick_gelu", kEos}, ActivationCase{"gelu", kEos},
        ActivationCase{"gelu_new", kEos}, ActivationCase{"gelu", 2}),
    [](const ::testing::TestParamInfo<ActivationCase>& caseInfo) {
        return std::string(caseInfo.param.activation) + "_eos" + std::to_string(caseInfo.param.eos);
    });

// With an identity text_projection in the reference, ClipModel's output is the final hidden state at the pooled
// position: every position of lastHiddenState is compared, all 32 channels.
TEST(ClipTextModelAgainstClipModel, LastHiddenStateMatchesAtEveryPosition)
{
    TempDir dir;
    Weights weights = tinyWeights(2, 5);
    for (auto& [name, tensor] : weights) {
        if (name == "text_projection.weight") tensor = at::eye(kHidden, at::kFloat);
        if (name == "visual_projection.weight") tensor = at::zeros({kHidden, kHidden}, at::kFloat);
    }
    std::string config = configJson(2);
    const std::string projection = "\"projection_dim\": " + std::to_string(kProjection);
    config.replace(config.find(projection), projection.size(), "\"projection_dim\": " + std::to_string(kHidden));
    writeTinyClip(dir.path(), 2, 5, config);
    writeSafetensors(dir / "model.safetensors", weights);
    const ClipModel reference = ClipModel::fromFolder(dir.path());

    ClipTextModel model = loadedTextModel(tinyTextConfig(2), textTowerOf(weights, false));
    const at::Tensor ids = idsWithEosAt(kPositions, kEos, 3);
    const ClipTextModelImpl::Output out = model->forward(ids);
    const at::Tensor expected = reference.encodeTokenIds(ids);  // row r pooled at position r
    for (std::int64_t row = 0; row < kPositions; ++row) {
        EXPECT_TRUE(at::allclose(out.lastHiddenState[row][row], expected[row], 1e-4, 1e-5)) << "position " << row;
    }
    EXPECT_TRUE(at::allclose(out.pooled, expected, 1e-4, 1e-5));
}

// ---- Pooling and masking by hand ----------------------------------------------------------------------------

TEST(ClipTextModel, PoolsAtTheFirstEosToken)
{
    torch::manual_seed(1);
    ClipTextModel model(tinyTextConfig(1));
    const at::Tensor ids = at::tensor({kBos, 3, kEos, 4, kEos, 1, 0, 5, kBos, kEos, 2, 1}, at::kLong).view({2, 6});
    const auto out = model->forward(ids);
    EXPECT_TRUE(at::equal(out.pooled[0], out.lastHiddenState[0][2]));
    EXPECT_TRUE(at::equal(out.pooled[1], out.lastHiddenState[1][3]));
    EXPECT_FALSE(at::allclose(out.pooled[0], out.lastHiddenState[0][4]));
}

TEST(ClipTextModel, OldConfigsWithEosTwoPoolAtTheLargestId)
{
    torch::manual_seed(2);
    ClipTextModel model(tinyTextConfig(1, /*eosTokenId=*/2));
    // Id 2 comes first, the largest id (10, CLIP's <|endoftext|> here) later: transformers takes argmax.
    const at::Tensor ids = at::tensor({kBos - 1, 2, 4, 10, 0, 0}, at::kLong).view({1, 6});
    const auto out = model->forward(ids);
    EXPECT_TRUE(at::equal(out.pooled[0], out.lastHiddenState[0][3]));
    EXPECT_FALSE(at::allclose(out.pooled[0], out.lastHiddenState[0][1]));
}

TEST(ClipTextModel, IsCausalAndBatchIndependent)
{
    torch::manual_seed(3);
    ClipTextModel model(tinyTextConfig(2, kEos, "gelu"));
    const at::Tensor a = at::tensor({kBos, 3, 5, 7, kEos, 0, 0, 0}, at::kLong).view({1, 8});
    at::Tensor b = a.clone();
    b[0][5] = 4;
    b[0][6] = 8;
    b[0][7] = 1;
    const auto outA = model->forward(a);
    const auto outB = model->forward(b);
    // Positions 0..4 see nothing of what follows them.
    EXPECT_TRUE(at::allclose(outA.lastHiddenState.slice(1, 0, 5), outB.lastHiddenState.slice(1, 0, 5), 1e-5, 1e-6));
    EXPECT_FALSE(at::allclose(outA.lastHiddenState.slice(1, 5, 8), outB.lastHiddenState.slice(1, 5, 8), 1e-3, 1e-3));
    EXPECT_TRUE(at::allclose(outA.pooled, outB.pooled, 1e-5, 1e-6));
    // A row in a batch gives what it gives alone.
    const auto both = model->forward(at::cat({a, b}));
    EXPECT_TRUE(at::allclose(both.lastHiddenState[1], outB.lastHiddenState[0], 1e-5, 1e-6));
}

TEST(ClipTextModel, RejectsIdsItCannotEmbed)
{
    ClipTextModel model(tinyTextConfig(1));
    EXPECT_THROW(model->forward(at::zeros({1, kPositions + 1}, at::kLong)), std::invalid_argument);
    EXPECT_THROW(model->forward(at::zeros({1, 4}, at::kFloat)), std::invalid_argument);
    EXPECT_THROW(model->forward(at::zeros({4}, at::kLong)), std::invalid_argument);
    EXPECT_THROW(model->forward(at::full({1, 4}, kVocab, at::kLong)), std::invalid_argument);
    EXPECT_THROW(model->forward(at::full({1, 4}, -1, at::kLong)), std::invalid_argument);
    EXPECT_NO_THROW(model->forward(at::full({1, 4}, kVocab - 1, at::kInt)));
}

// ---- ClipTextEncoder from diffusers folders --------------------------------------------------------------------

// A vocabulary with "!" at 0 as in the real one: "cat" -> 11 9 12 and padding.
constexpr int kFolderVocab = 13;
constexpr int kFolderBos = 11;
constexpr int kFolderEos = 12;
constexpr int kFolderCat = 9;

ClipTextConfig folderConfig()
{
    ClipTextConfig c = tinyTextConfig(2, kFolderEos, "gelu");
    c.vocabSize = kFolderVocab;
    c.bosTokenId = kFolderBos;
    return c;
}

std::string folderConfigJson()
{
    return R"({"architectures": ["CLIPTextModel"], "hidden_act": "gelu", "hidden_size": 32, "intermediate_size": 64,
        "num_attention_heads": 4, "num_hidden_layers": 2, "projection_dim": 512, "max_position_embeddings": 16,
        "vocab_size": 13, "bos_token_id": 11, "eos_token_id": 12, "pad_token_id": 1, "layer_norm_eps": 1e-05,
        "torch_dtype": "float32"})";
}

// text_encoder/ (config, weights of a seeded random model plus position_ids) and tokenizer/ with the given JSON
// files (empty: not written). Returns the module whose weights were written.
ClipTextModel writeFolder(const std::filesystem::path& root, std::uint64_t seed, const std::string& specialTokensMap,
    const std::string& tokenizerConfig)
{
    std::filesystem::create_directories(root / "text_encoder");
    std::filesystem::create_directories(root / "tokenizer");
    writeText(root / "text_encoder" / "config.json", folderConfigJson());
    torch::manual_seed(seed);
    ClipTextModel model(folderConfig());
    Weights tensors = moduleTensors(*model);
    tensors.emplace_back("text_model.embeddings.position_ids", at::arange(kPositions, at::kLong).unsqueeze(0));
    writeSafetensors(root / "text_encoder" / "model.safetensors", tensors);
    writeText(root / "tokenizer" / "vocab.json",
        R"({"!": 0, "c": 1, "a": 2, "t": 3, "!</w>": 4, "c</w>": 5, "a</w>": 6, "t</w>": 7, "ca": 8, "cat</w>": 9,)"
        R"( "at</w>": 10, "<|startoftext|>": 11, "<|endoftext|>": 12})");
    writeText(root / "tokenizer" / "merges.txt", "#version: 0.2\nc a\nca t</w>\na t</w>\n");
    if (!specialTokensMap.empty()) writeText(root / "tokenizer" / "special_tokens_map.json", specialTokensMap);
    if (!tokenizerConfig.empty()) writeText(root / "tokenizer" / "tokenizer_config.json", tokenizerConfig);
    return model;
}

constexpr const char* kSdTurboSpecialTokens = R"({"bos_token": {"content": "<|startoftext|>", "lstrip": false},
    "eos_token": {"content": "<|endoftext|>", "lstrip": false}, "pad_token": "!",
    "unk_token": {"content": "<|endoftext|>", "lstrip": false}})";

TEST(ClipTextEncoder, SdTurboStylePadsWithExclamationMarkAndReadsModelMaxLength)
{
    TempDir dir;
    ClipTextModel written =
        writeFolder(dir.path(), 1, kSdTurboSpecialTokens, R"({"model_max_length": 8, "pad_token": "<|endoftext|>"})");
    ClipTextEncoder encoder = ClipTextEncoder::fromFolders(dir / "text_encoder", dir / "tokenizer");
    EXPECT_EQ(encoder.padId(), 0);  // special_tokens_map.json wins over tokenizer_config.json
    EXPECT_EQ(encoder.contextLength(), 8);
    const at::Tensor ids = encoder.tokenize({"cat", "a cat"});
    const at::Tensor expected = at::tensor(
        {kFolderBos, kFolderCat, kFolderEos, 0, 0, 0, 0, 0, kFolderBos, 6, kFolderCat, kFolderEos, 0, 0, 0, 0},
        at::kLong)
                                    .view({2, 8});
    EXPECT_TRUE(at::equal(ids, expected)) << ids;

    // The weights are the written ones, and encode() is forward() on them.
    std::map<std::string, at::Tensor> loaded;
    for (const auto& [name, tensor] : moduleTensors(*encoder.model())) loaded[name] = tensor;
    for (const auto& [name, tensor] : moduleTensors(*written)) {
        ASSERT_EQ(loaded.count(name), 1u) << name;
        EXPECT_TRUE(at::equal(loaded[name], tensor)) << name;
    }
    const auto out = encoder.encode({"cat", "a cat"});
    const auto reference = written->forward(expected);
    EXPECT_TRUE(at::allclose(out.lastHiddenState, reference.lastHiddenState));
    EXPECT_TRUE(at::equal(out.pooled[0], out.lastHiddenState[0][2]));
    EXPECT_TRUE(at::equal(out.pooled[1], out.lastHiddenState[1][3]));
    EXPECT_FALSE(out.lastHiddenState.requires_grad());
    EXPECT_EQ(encoder.weightsFile(), (dir / "text_encoder" / "model.safetensors").string());
}

TEST(ClipTextEncoder, ClipLStylePadsWithEndOfText)
{
    TempDir dir;
    // pad_token as an AddedToken object in tokenizer_config.json only; no model_max_length: 77, cut to the 16
    // positions.
    writeFolder(dir.path(), 2, {}, R"({"pad_token": {"__type": "AddedToken", "content": "<|endoftext|>"}})");
    const ClipTextEncoder encoder = ClipTextEncoder::fromFolders(dir / "text_encoder", dir / "tokenizer");
    EXPECT_EQ(encoder.padId(), kFolderEos);
    EXPECT_EQ(encoder.contextLength(), kPositions);
    const at::Tensor ids = encoder.tokenize({"cat"});
    ASSERT_EQ(ids.sizes(), (at::IntArrayRef{1, kPositions}));
    EXPECT_EQ(ids[0][0].item<std::int64_t>(), kFolderBos);
    EXPECT_EQ(ids[0][1].item<std::int64_t>(), kFolderCat);
    EXPECT_TRUE(at::equal(ids[0].slice(0, 2), at::full({kPositions - 2}, kFolderEos, at::kLong)));
}

TEST(ClipTextEncoder, WithoutPadTokenPadsWithEndOfTextAndHugeMaxLengthIsCut)
{
    TempDir dir;
    writeFolder(dir.path(), 3, {}, R"({"model_max_length": 1000000000000000019884624838656})");
    // The parent folder works for the tokenizer as well.
    const ClipTextEncoder encoder = ClipTextEncoder::fromFolders(dir / "text_encoder", dir.path());
    EXPECT_EQ(encoder.padId(), kFolderEos);
    EXPECT_EQ(encoder.contextLength(), kPositions);
}

TEST(ClipTextEncoder, PrefersTheFp16VariantWhenAskedAndPresent)
{
    TempDir dir;
    const ClipTextModel full = writeFolder(dir.path(), 4, kSdTurboSpecialTokens, {});
    torch::manual_seed(40);
    const ClipTextModel other(folderConfig());
    Weights half;
    for (const auto& [name, tensor] : moduleTensors(*other)) half.emplace_back(name, tensor.to(at::kHalf));
    writeSafetensors(dir / "text_encoder" / "model.fp16.safetensors", half);

    const auto tokenTable = [](ClipTextEncoder& encoder) {
        return encoder.model()->named_parameters()["text_model.embeddings.token_embedding.weight"];
    };
    ClipTextEncoder fp16 = ClipTextEncoder::fromFolders(dir / "text_encoder", dir / "tokenizer", true);
    EXPECT_EQ(fp16.weightsFile(), (dir / "text_encoder" / "model.fp16.safetensors").string());
    const at::Tensor expectedHalf =
        other->named_parameters()["text_model.embeddings.token_embedding.weight"].to(at::kHalf).to(at::kFloat);
    EXPECT_TRUE(at::equal(tokenTable(fp16), expectedHalf));
    EXPECT_EQ(tokenTable(fp16).scalar_type(), at::kFloat);

    ClipTextEncoder fp32 = ClipTextEncoder::fromFolders(dir / "text_encoder", dir / "tokenizer", false);
    EXPECT_EQ(fp32.weightsFile(), (dir / "text_encoder" / "model.safetensors").string());
    EXPECT_TRUE(at::equal(tokenTable(fp32), full->named_parameters()["text_model.embeddings.token_embedding.weight"]));

    // Only the variant there: used even when full precision is preferred.
    std::filesystem::remove(dir / "text_encoder" / "model.safetensors");
    ClipTextEncoder only = ClipTextEncoder::fromFolders(dir / "text_encoder", dir / "tokenizer", false);
    EXPECT_EQ(only.weightsFile(), (dir / "text_encoder" / "model.fp16.safetensors").string());
}

// Rewrites text_encoder/model.safetensors with `edit` applied to the module's tensors (position_ids left out).
void rewriteWeights(const std::filesystem::path& root, const std::function<void(Weights&)>& edit)
{
    torch::manual_seed(9);
    ClipTextModel model(folderConfig());
    Weights tensors = moduleTensors(*model);
    edit(tensors);
    writeSafetensors(root / "text_encoder" / "model.safetensors", tensors);
}

TEST(ClipTextEncoder, MissingExtraAndMisShapedTensorsAreNamedWithShapeAndFile)
{
    TempDir dir;
    writeFolder(dir.path(), 5, kSdTurboSpecialTokens, {});
    const std::string file = (dir / "text_encoder" / "model.safetensors").string();
    const auto load = [&] { ClipTextEncoder::fromFolders(dir / "text_encoder", dir / "tokenizer"); };

    rewriteWeights(dir.path(), [](Weights& w) {
        w.erase(std::remove_if(
                    w.begin(), w.end(), [](const auto& t) { return t.first == "text_model.final_layer_norm.bias"; }),
            w.end());
    });
    std::string message = modelLoadErrorOf(load);
    EXPECT_THAT(message, HasSubstr("'text_model.final_layer_norm.bias'"));
    EXPECT_THAT(message, HasSubstr("[32]"));
    EXPECT_THAT(message, HasSubstr(file));
    EXPECT_THAT(message, HasSubstr("missing"));

    rewriteWeights(dir.path(), [](Weights& w) {
        for (auto& [name, tensor] : w) {
            if (name == "text_model.encoder.layers.1.mlp.fc1.weight") tensor = at::zeros({64, 31});
        }
    });
    message = modelLoadErrorOf(load);
    EXPECT_THAT(message, HasSubstr("'text_model.encoder.layers.1.mlp.fc1.weight'"));
    EXPECT_THAT(message, HasSubstr("[64, 31]"));
    EXPECT_THAT(message, HasSubstr("[64, 32]"));
    EXPECT_THAT(message, HasSubstr(file));

    // A CLIPTextModelWithProjection checkpoint under a CLIPTextModel config.
    rewriteWeights(dir.path(), [](Weights& w) { w.emplace_back("text_projection.weight", at::zeros({24, 32})); });
    message = modelLoadErrorOf(load);
    EXPECT_THAT(message, HasSubstr("'text_projection.weight'"));
    EXPECT_THAT(message, HasSubstr("[24, 32]"));
    EXPECT_THAT(message, HasSubstr(file));

    // Without position_ids (newer transformers do not save them) it loads.
    rewriteWeights(dir.path(), [](Weights&) {});
    EXPECT_NO_THROW(load());

    std::filesystem::remove(dir / "text_encoder" / "model.safetensors");
    message = modelLoadErrorOf(load);
    EXPECT_THAT(message, HasSubstr((dir / "text_encoder").string()));
    EXPECT_THAT(message, HasSubstr("model.safetensors"));
}

TEST(ClipTextEncoder, PadTokenOutsideTheVocabularyNamesTheToken)
{
    TempDir dir;
    writeFolder(dir.path(), 6, R"({"pad_token": "<pad>"})", {});
    const std::string message =
        modelLoadErrorOf([&] { ClipTextEncoder::fromFolders(dir / "text_encoder", dir / "tokenizer"); });
    EXPECT_THAT(message, HasSubstr("'<pad>'"));
    EXPECT_THAT(message, HasSubstr("vocab.json"));
}

}  // namespace
}  // namespace tastelab::model
