// The FLUX.1-schnell pipeline on a tiny random configuration written as a diffusers folder: end to end on the CPU,
// determinism, batches, the one-step closed form assembled from separately loaded parts, the gradient from the pixels
// to the noise, cancelling, the prompt cache, the Hugging Face cache layout, named loading errors, a tokenizer trained
// by sentencepiece's own trainer, and (with a GPU) bfloat16 on CUDA against float32 on the CPU.
#include "model/diffusion/flux.h"

#include "model/diffusion/autoencoder_kl.h"
#include "model/diffusion/clip_text_model.h"
#include "model/diffusion/flow_match_scheduler.h"
#include "model/diffusion/flux_transformer.h"
#include "model/diffusion/t5_encoder.h"
#include "model/io/diffusers_weights.h"
#include "model/io/safetensors.h"
#include "model/nn/runtime.h"
#include "tests/support/test_support.h"
#include "tests/support/tiny_flux.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace mdl = tastelab::model;
namespace fs = std::filesystem;
using tastelab::testing::TempDir;

namespace {

constexpr const char* kIndexName = "diffusion_pytorch_model.safetensors.index.json";
constexpr const char* kShard1 = "diffusion_pytorch_model-00001-of-00002.safetensors";
constexpr const char* kShard2 = "diffusion_pytorch_model-00002-of-00002.safetensors";

std::string loadError(const fs::path& folder)
{
    try {
        mdl::FluxPipeline::load(folder);
    } catch (const mdl::ModelLoadError& error) {
        return error.what();
    }
    return "(no error)";
}

std::string readFile(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

double meanOf(const at::Tensor& t)
{
    return t.mean().item<double>();
}

class FluxTiny : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        folder_ = new TempDir();
        tastelab::testing::writeTinyFluxFolder(folder_->path() / "flux-tiny", 3);
    }
    static void TearDownTestSuite()
    {
        delete folder_;
        folder_ = nullptr;
    }
    static fs::path model() { return folder_->path() / "flux-tiny"; }
    static TempDir* folder_;
};
TempDir* FluxTiny::folder_ = nullptr;

}  // namespace

TEST_F(FluxTiny, WritesTheDiffusersLayoutWithAShardedTransformer)
{
    for (const char* file : {"model_index.json", "scheduler/scheduler_config.json", "transformer/config.json",
             "text_encoder/config.json", "text_encoder/model.safetensors", "text_encoder_2/config.json",
             "text_encoder_2/model.safetensors", "tokenizer/vocab.json", "tokenizer/merges.txt",
             "tokenizer_2/spiece.model", "vae/config.json", "vae/diffusion_pytorch_model.safetensors"}) {
        EXPECT_TRUE(fs::exists(model() / file)) << file;
    }
    const fs::path index = model() / "transformer" / kIndexName;
    ASSERT_TRUE(fs::exists(index));
    EXPECT_TRUE(fs::exists(model() / "transformer" / kShard1));
    EXPECT_TRUE(fs::exists(model() / "transformer" / kShard2));
    EXPECT_FALSE(fs::exists(model() / "transformer" / "diffusion_pytorch_model.safetensors"));
    const auto weights = mdl::SafetensorsCollection::openIndex(index);
    // diffusers' names for the published layout.
    for (const char* name : {"x_embedder.weight", "context_embedder.weight",
             "time_text_embed.timestep_embedder.linear_1.weight", "time_text_embed.text_embedder.linear_2.bias",
             "transformer_blocks.0.norm1.linear.weight", "transformer_blocks.0.attn.add_q_proj.weight",
             "transformer_blocks.0.ff_context.net.2.weight", "single_transformer_blocks.0.proj_mlp.weight",
             "single_transformer_blocks.0.attn.norm_k.weight", "norm_out.linear.weight", "proj_out.weight"}) {
        EXPECT_NE(weights.find(name), nullptr) << name;
    }
}

TEST_F(FluxTiny, RendersEndToEndOnTheCpu)
{
    const auto started = std::chrono::steady_clock::now();
    const auto pipeline = mdl::FluxPipeline::load(model());
    EXPECT_EQ(pipeline.latentChannels(), 16);
    EXPECT_EQ(pipeline.vaeScale(), 2);  // two VAE levels
    EXPECT_EQ(pipeline.defaultSize(), 512);
    EXPECT_EQ(pipeline.t5Length(), 256);
    EXPECT_EQ(pipeline.dtype(), at::kFloat);
    EXPECT_EQ(pipeline.modelId().rfind("flux-tiny@", 0), 0U) << pipeline.modelId();
    EXPECT_GT(pipeline.parameterCount(), 0);
    EXPECT_TRUE(pipeline.hasTextEncoders());
    const mdl::FluxPromptEmbeddings prompts = pipeline.encodePrompts({"a red cat", "a dog"});
    ASSERT_EQ(prompts.t5.sizes(), (at::IntArrayRef{2, 256, 32}));
    ASSERT_EQ(prompts.pooled.sizes(), (at::IntArrayRef{2, 32}));
    EXPECT_FALSE(at::allclose(prompts.t5[0], prompts.t5[1]));
    EXPECT_FALSE(at::allclose(prompts.pooled[0], prompts.pooled[1]));
    const at::Tensor noise = pipeline.noiseForSeeds({1, 2}, 64);
    ASSERT_EQ(noise.sizes(), (at::IntArrayRef{2, 16, 32, 32}));
    EXPECT_THROW(pipeline.noiseForSeeds({1}, 66), std::invalid_argument);
    std::vector<int> stepsSeen;
    const at::Tensor images = pipeline.render(noise, prompts, {}, [&](int step, int steps) {
        stepsSeen.push_back(step);
        EXPECT_EQ(steps, 4);
    });
    ASSERT_EQ(images.sizes(), (at::IntArrayRef{2, 3, 64, 64}));
    EXPECT_EQ(stepsSeen, (std::vector<int>{1, 2, 3, 4}));
    EXPECT_EQ(images.scalar_type(), at::kFloat);
    EXPECT_TRUE(at::isfinite(images).all().item<bool>());
    EXPECT_GE(images.min().item<float>(), 0.0F);
    EXPECT_LE(images.max().item<float>(), 1.0F);
    EXPECT_GT(images.std().item<float>(), 1e-4F) << "a constant image";
    const double clamped = meanOf(((images <= 0.0) | (images >= 1.0)).to(at::kFloat));
    EXPECT_LT(clamped, 0.05) << "pixels on the clamp have no gradient";
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("tiny FLUX: load + 2 images at 64x64, 4 steps, in %.2f s\n", seconds);
}

TEST_F(FluxTiny, SeedsAreDeterministicBatchesMatchSinglesAndStepsMatter)
{
    const auto pipeline = mdl::FluxPipeline::load(model());
    const mdl::FluxPromptEmbeddings prompt = pipeline.encodePrompts({"a red cat"});
    const mdl::FluxRenderOptions one{1};
    const at::Tensor first = pipeline.render(pipeline.noiseForSeeds({11}, 64), prompt, one);
    const at::Tensor again = pipeline.render(pipeline.noiseForSeeds({11}, 64), prompt, one);
    EXPECT_TRUE(at::equal(first, again));
    const at::Tensor other = pipeline.render(pipeline.noiseForSeeds({12}, 64), prompt, one);
    EXPECT_GT((first - other).abs().mean().item<float>(), 1e-4F);
    // One prompt is broadcast over the batch; each image equals its single render.
    const at::Tensor batch = pipeline.render(pipeline.noiseForSeeds({11, 12}, 64), prompt, one);
    EXPECT_TRUE(at::allclose(batch[0], first[0], 1e-4, 1e-5));
    EXPECT_TRUE(at::allclose(batch[1], other[0], 1e-4, 1e-5));
    EXPECT_TRUE(at::equal(pipeline.noiseForSeeds({3, 11}, 64)[1], pipeline.noiseForSeeds({11}, 64)[0]));
    // Per-image prompts in a batch.
    const mdl::FluxPromptEmbeddings two = pipeline.encodePrompts({"a red cat", "a dog"});
    const at::Tensor mixed = pipeline.render(pipeline.noiseForSeeds({11, 11}, 64), two, one);
    EXPECT_TRUE(at::allclose(mixed[0], first[0], 1e-4, 1e-5));
    EXPECT_GT((mixed[1] - first[0]).abs().mean().item<float>(), 1e-6F) << "the second prompt changed nothing";

    const at::Tensor four = pipeline.render(pipeline.noiseForSeeds({11}, 64), prompt, {4});
    EXPECT_GT((four - first).abs().mean().item<float>(), 1e-5F) << "1 and 4 steps gave the same image";
    EXPECT_THROW(pipeline.render(pipeline.noiseForSeeds({11}, 64), prompt, {0}), std::invalid_argument);
    EXPECT_THROW(pipeline.render(at::zeros({1, 4, 32, 32}), prompt), std::invalid_argument);
    EXPECT_THROW(pipeline.render(at::zeros({1, 16, 31, 32}), prompt), std::invalid_argument);
}

// x1 = noise; v = transformer(pack(x1), T5, pooled, t = 1, img_ids, txt_ids = 0); x0 = x1 - 1.0 * v;
// image = decoder(unpack(x0) / 0.3611 + 0.1159), with the text encoders, the transformer (from its shards) and the VAE
// loaded here on their own.
TEST_F(FluxTiny, OneStepIsTheClosedFormThroughSeparatelyLoadedParts)
{
    const auto pipeline = mdl::FluxPipeline::load(model());
    const mdl::FluxPromptEmbeddings prompt = pipeline.encodePrompts({"a photo of a cat"});
    const at::Tensor noise = pipeline.noiseForSeeds({5}, 64);
    const at::Tensor images = pipeline.render(noise, prompt, {1});

    const c10::AutoGradMode noGrad(false);
    auto t5 = mdl::T5TextEncoder::fromFolders(model() / "text_encoder_2", model() / "tokenizer_2");
    const at::Tensor t5States = t5.encode({"a photo of a cat"}, 256);
    EXPECT_TRUE(at::allclose(t5States, prompt.t5, 1e-5, 1e-6));
    auto clip = mdl::ClipTextEncoder::fromFolders(model() / "text_encoder", model() / "tokenizer");
    EXPECT_EQ(clip.padId(), 519) << "FLUX's CLIP-L pads with <|endoftext|>";
    const auto clipOutput = clip.encode({"a photo of a cat"});
    const at::Tensor pooled = clipOutput.pooled;
    EXPECT_TRUE(at::allclose(pooled, prompt.pooled, 1e-5, 1e-6));
    // CLIP-L's pooled output is the hidden state at the first <|endoftext|> (padding repeats it).
    const at::Tensor clipIds = clip.tokenize({"a photo of a cat"});
    ASSERT_EQ(clipIds.size(1), 77);
    std::int64_t eos = -1;
    for (std::int64_t i = 0; i < 77 && eos < 0; ++i) {
        if (clipIds[0][i].item<std::int64_t>() == 519) eos = i;
    }
    ASSERT_GT(eos, 1);
    EXPECT_EQ(clipIds[0][76].item<std::int64_t>(), 519);
    EXPECT_TRUE(at::allclose(pooled[0], clipOutput.lastHiddenState[0][eos], 1e-6, 1e-7));

    mdl::FluxTransformer2DModel transformer(
        mdl::FluxTransformerConfig::fromJson(model() / "transformer" / "config.json"));
    auto weights = mdl::WeightSource::fromSafetensors(model() / "transformer" / kIndexName);
    mdl::loadModuleWeights(*transformer, weights);
    const mdl::AutoencoderKLConfig vaeConfig = mdl::AutoencoderKLConfig::fromJson(model() / "vae" / "config.json");
    EXPECT_DOUBLE_EQ(vaeConfig.scalingFactor, 0.3611);
    EXPECT_DOUBLE_EQ(vaeConfig.shiftFactor, 0.1159);
    // The decoder alone: a VAE whose latent scaling is the identity, fed the unscaled latent by hand.
    mdl::AutoencoderKLConfig identity = vaeConfig;
    identity.scalingFactor = 1.0;
    identity.shiftFactor = 0.0;
    mdl::AutoencoderKL vae(identity);
    auto vaeWeights = mdl::WeightSource::fromSafetensors(model() / "vae" / "diffusion_pytorch_model.safetensors");
    mdl::loadModuleWeights(*vae, vaeWeights);

    // Packed 16 x 32 x 32 latent: 256 tokens of 64; ids (0, row, col) row-major over the 16 x 16 patch grid.
    const at::Tensor packed = noise.view({1, 16, 16, 2, 16, 2}).permute({0, 2, 4, 1, 3, 5}).reshape({1, 256, 64});
    std::vector<float> ids;
    for (int row = 0; row < 16; ++row)
        for (int col = 0; col < 16; ++col) ids.insert(ids.end(), {0.0F, float(row), float(col)});
    const at::Tensor imageIds = at::tensor(ids).view({256, 3});
    const at::Tensor velocity =
        transformer->forward(packed, t5States, pooled, at::ones({1}), imageIds, at::zeros({256, 3}));
    EXPECT_TRUE(at::allclose(pipeline.velocity(packed, 32, 32, prompt, 1.0), velocity, 1e-5, 1e-6));
    const at::Tensor x0 = packed - 1.0 * velocity;
    const at::Tensor latent = x0.view({1, 16, 16, 16, 2, 2}).permute({0, 3, 1, 4, 2, 5}).reshape({1, 16, 32, 32});
    const at::Tensor expected = ((vae->decode(latent / 0.3611 + 0.1159) + 1.0) * 0.5).clamp(0.0, 1.0);
    ASSERT_EQ(images.sizes(), expected.sizes());
    EXPECT_TRUE(at::allclose(images, expected, 1e-4, 1e-5)) << (images - expected).abs().max().item<float>();
}

// fromModules (what the benchmarks build full-size random pipelines with) renders as load does from the same weights.
TEST_F(FluxTiny, FromModulesRendersAsTheLoadedPipeline)
{
    const auto loaded = mdl::FluxPipeline::load(model());
    mdl::FluxTransformer2DModel transformer(
        mdl::FluxTransformerConfig::fromJson(model() / "transformer" / "config.json"));
    auto weights = mdl::WeightSource::fromSafetensors(model() / "transformer" / kIndexName);
    mdl::loadModuleWeights(*transformer, weights);
    mdl::AutoencoderKL vae(mdl::AutoencoderKLConfig::fromJson(model() / "vae" / "config.json"));
    auto vaeWeights = mdl::WeightSource::fromSafetensors(model() / "vae" / "diffusion_pytorch_model.safetensors");
    mdl::loadModuleWeights(*vae, vaeWeights);

    const auto built = mdl::FluxPipeline::fromModules(transformer, vae, {}, "tiny-from-modules");
    EXPECT_EQ(built.modelId(), "tiny-from-modules");
    EXPECT_FALSE(built.hasTextEncoders());
    EXPECT_THROW(built.encodePrompts({"a cat"}), mdl::ModelLoadError);
    EXPECT_EQ(built.latentChannels(), 16);
    for (const auto& parameter : transformer->parameters()) EXPECT_FALSE(parameter.requires_grad());
    const mdl::FluxPromptEmbeddings prompt = loaded.encodePrompts({"a photo of a cat"});
    const at::Tensor noise = loaded.noiseForSeeds({5}, 64);
    EXPECT_TRUE(at::allclose(built.render(noise, prompt, {1}), loaded.render(noise, prompt, {1}), 1e-5, 1e-5));
}

TEST_F(FluxTiny, TheGradientFromThePixelsReachesTheNoise)
{
    const auto pipeline = mdl::FluxPipeline::load(model());
    const mdl::FluxPromptEmbeddings prompt = pipeline.encodePrompts({"a cat"});
    EXPECT_FALSE(prompt.t5.requires_grad());
    const mdl::FluxRenderOptions one{1};
    at::Tensor noise = pipeline.noiseForSeeds({9}, 64).requires_grad_(true);
    pipeline.render(noise, prompt, one).select(1, 0).mean().backward();  // "more red"
    const at::Tensor gradient = noise.grad();
    ASSERT_TRUE(gradient.defined());
    EXPECT_TRUE(at::isfinite(gradient).all().item<bool>());
    EXPECT_GT(gradient.abs().sum().item<float>(), 0.0F);

    mdl::FluxOptions checkpointing;
    checkpointing.gradientCheckpointing = true;
    const auto recomputing = mdl::FluxPipeline::load(model(), checkpointing);
    at::Tensor noise2 = pipeline.noiseForSeeds({9}, 64).requires_grad_(true);
    recomputing.render(noise2, prompt, one).select(1, 0).mean().backward();
    ASSERT_TRUE(noise2.grad().defined());
    EXPECT_TRUE(at::allclose(noise2.grad(), gradient, 1e-4, 1e-7));

    // Two steps: the gradient goes through both transformer evaluations as well.
    at::Tensor noise3 = pipeline.noiseForSeeds({9}, 64).requires_grad_(true);
    pipeline.render(noise3, prompt, {2}).select(1, 0).mean().backward();
    ASSERT_TRUE(noise3.grad().defined());
    EXPECT_GT(noise3.grad().abs().sum().item<float>(), 0.0F);

    // A central finite difference along the gradient agrees with its norm.
    const c10::AutoGradMode noGrad(false);
    const at::Tensor base = pipeline.noiseForSeeds({9}, 64);
    const at::Tensor direction = gradient / gradient.norm();
    const double step = 1e-2;
    const double up = meanOf(pipeline.render(base + step * direction, prompt, one).select(1, 0));
    const double down = meanOf(pipeline.render(base - step * direction, prompt, one).select(1, 0));
    const double predicted = 2 * step * gradient.norm().item<double>();
    EXPECT_GT(up - down, 0.0);
    EXPECT_NEAR((up - down) / predicted, 1.0, 0.1);
}

TEST_F(FluxTiny, CancelStopsBeforeTheNextStep)
{
    const auto pipeline = mdl::FluxPipeline::load(model());
    const mdl::FluxPromptEmbeddings prompt = pipeline.encodePrompts({"a cat"});
    std::atomic<bool> cancel{false};
    int calls = 0;
    try {
        pipeline.render(
            pipeline.noiseForSeeds({4}, 64), prompt, {4},
            [&](int step, int) {
                ++calls;
                if (step == 2) cancel = true;
            },
            &cancel);
        ADD_FAILURE() << "not cancelled";
    } catch (const std::runtime_error& error) {
        EXPECT_STREQ(error.what(), "cancelled");
    }
    EXPECT_EQ(calls, 2);
    cancel = true;
    EXPECT_THROW(pipeline.render(pipeline.noiseForSeeds({4}, 64), prompt, {1}, {}, &cancel), std::runtime_error);
}

TEST_F(FluxTiny, PromptEmbeddingsAreCachedPerPrompt)
{
    mdl::FluxOptions options;
    options.offloadTextEncoders = true;  // a no-op move on the CPU, but the path runs
    const auto pipeline = mdl::FluxPipeline::load(model(), options);
    const mdl::FluxPromptEmbeddings first = pipeline.encodePrompts({"a red cat"});
    const mdl::FluxPromptEmbeddings cached = pipeline.encodePrompts({"a red cat"});
    EXPECT_TRUE(at::equal(first.t5, cached.t5));
    EXPECT_TRUE(at::equal(first.pooled, cached.pooled));
    const mdl::FluxPromptEmbeddings second = pipeline.encodePrompts({"a blue sky"});
    EXPECT_FALSE(at::allclose(first.t5, second.t5));
    EXPECT_FALSE(at::allclose(first.pooled, second.pooled));
    // Rows of a batch with a repeated prompt are the single encodings, whether cached or not.
    const mdl::FluxPromptEmbeddings batch =
        pipeline.encodePrompts({"a blue sky", "a green tree", "a red cat", "a blue sky"});
    ASSERT_EQ(batch.t5.size(0), 4);
    EXPECT_TRUE(at::equal(batch.t5[0], second.t5[0]));
    EXPECT_TRUE(at::equal(batch.t5[2], first.t5[0]));
    EXPECT_TRUE(at::equal(batch.t5[3], second.t5[0]));
    // After many other prompts the first is evicted and computed again: the same numbers.
    for (int i = 0; i < 12; ++i) pipeline.encodePrompts({"a dog number " + std::to_string(i)});
    EXPECT_TRUE(at::allclose(pipeline.encodePrompts({"a red cat"}).t5, first.t5, 1e-6, 1e-7));
    // The cached tensors are not views that a caller could change the cache through.
    mdl::FluxPromptEmbeddings scratch = pipeline.encodePrompts({"a red cat"});
    scratch.t5.zero_();
    EXPECT_TRUE(at::allclose(pipeline.encodePrompts({"a red cat"}).t5, first.t5, 1e-6, 1e-7));
    EXPECT_THROW(pipeline.encodePrompts({}), std::invalid_argument);
}

TEST_F(FluxTiny, FindsTheModelInTheHuggingFaceCacheLayout)
{
    TempDir hub;
    const fs::path repo = hub.path() / mdl::FluxPipeline::kHubName;
    fs::create_directories(repo / "snapshots");
    fs::create_directories(repo / "refs");
    fs::copy(model(), repo / "snapshots" / "0123abcd", fs::copy_options::recursive);
    {
        std::ofstream(repo / "refs" / "main") << "0123abcd\n";
    }
    EXPECT_EQ(std::string(mdl::FluxPipeline::kHubName), "models--black-forest-labs--FLUX.1-schnell");
    const auto found = mdl::FluxPipeline::findInHubCache(hub.path());
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->filename(), "0123abcd");
    EXPECT_FALSE(mdl::FluxPipeline::findInHubCache(hub.path() / "elsewhere").has_value());
    const auto fromRepo = mdl::FluxPipeline::load(repo);
    EXPECT_EQ(fromRepo.folder().filename(), "0123abcd");
    EXPECT_EQ(fromRepo.modelId().rfind(std::string(mdl::FluxPipeline::kHubName) + "@", 0), 0U) << fromRepo.modelId();
    const auto fromHub = mdl::FluxPipeline::load(hub.path());
    EXPECT_EQ(fromHub.folder().filename(), "0123abcd");
    // Without refs/main: the newest snapshot.
    fs::remove(repo / "refs" / "main");
    EXPECT_EQ(mdl::FluxPipeline::findInHubCache(hub.path())->filename(), "0123abcd");
}

TEST_F(FluxTiny, LoadingErrorsNameTheFileTheTensorAndTheShape)
{
    TempDir scratch;
    const fs::path broken = scratch.path() / "broken";
    fs::copy(model(), broken, fs::copy_options::recursive);
    const fs::path index = broken / "transformer" / kIndexName;
    const std::string originalIndex = readFile(index);

    // A missing shard is named.
    const fs::path shard2 = broken / "transformer" / kShard2;
    fs::rename(shard2, scratch.path() / "shard2");
    std::string message = loadError(broken);
    EXPECT_NE(message.find(kShard2), std::string::npos) << message;
    fs::rename(scratch.path() / "shard2", shard2);

    // A tensor missing from the shards and the index: named with its expected shape and the index file.
    {
        const fs::path shard1 = broken / "transformer" / kShard1;
        auto collection = mdl::SafetensorsCollection::openFile(shard1);
        ASSERT_NE(collection.find("x_embedder.weight"), nullptr) << "expected x_embedder in the first shard";
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        for (const std::string& name : collection.names()) {
            if (name != "x_embedder.weight") tensors.emplace_back(name, collection.load(name));
        }
        mdl::writeSafetensors(shard1, tensors);
        tastelab::util::JsonValue json = tastelab::util::parseJson(originalIndex);
        tastelab::util::JsonValue::Object map;
        for (const auto& [name, file] : json.find("weight_map")->asObject()) {
            if (name != "x_embedder.weight") map.emplace_back(name, file);
        }
        json.set("weight_map", map);
        std::ofstream(index) << tastelab::util::toJson(json);
    }
    message = loadError(broken);
    EXPECT_NE(message.find("'x_embedder.weight'"), std::string::npos) << message;
    EXPECT_NE(message.find("[32, 64]"), std::string::npos) << message;  // hidden 2 x 16, in 16 x 2 x 2
    EXPECT_NE(message.find(kIndexName), std::string::npos) << message;

    // No transformer weights at all.
    fs::remove(index);
    fs::remove(broken / "transformer" / kShard1);
    fs::remove(shard2);
    message = loadError(broken);
    EXPECT_NE(message.find("no weights file"), std::string::npos) << message;
    EXPECT_NE(message.find((broken / "transformer").string()), std::string::npos) << message;

    // FLUX.1-dev's guidance embedding is refused by key.
    TempDir scratch2;
    const fs::path dev = scratch2.path() / "dev";
    fs::copy(model(), dev, fs::copy_options::recursive);
    {
        std::string config = readFile(dev / "transformer" / "config.json");
        const std::string key = "\"guidance_embeds\": false";
        ASSERT_NE(config.find(key), std::string::npos);
        config.replace(config.find(key), key.size(), "\"guidance_embeds\": true");
        std::ofstream(dev / "transformer" / "config.json") << config;
    }
    message = loadError(dev);
    EXPECT_NE(message.find("guidance_embeds"), std::string::npos) << message;
    EXPECT_NE(message.find("config.json"), std::string::npos) << message;

    // Another pipeline; not a model folder; no folder.
    {
        std::ofstream(broken / "model_index.json") << R"({"_class_name": "StableDiffusionPipeline"})";
    }
    message = loadError(broken);
    EXPECT_NE(message.find("StableDiffusionPipeline"), std::string::npos) << message;
    EXPECT_NE(message.find("FluxPipeline"), std::string::npos) << message;
    EXPECT_NE(message.find("model_index.json"), std::string::npos) << message;
    message = loadError(scratch.path());
    EXPECT_NE(message.find("model_index.json"), std::string::npos) << message;
    message = loadError(scratch.path() / "absent");
    EXPECT_NE(message.find("no such folder"), std::string::npos) << message;
}

// sentencepiece's own trainer (in its own process: see tests/support/spm_train_tool.cpp) makes the tokenizer_2 model;
// the pipeline loads it in place of the hand-written one and renders.
TEST_F(FluxTiny, WorksWithATokenizerTrainedBySentencepiece)
{
    if (!fs::exists(TASTELAB_SPM_TRAIN_TOOL)) GTEST_SKIP() << "no " << TASTELAB_SPM_TRAIN_TOOL;
    TempDir dir;
    const std::vector<std::string> words{"a", "photo", "of", "the", "red", "cat", "dog", "house", "sitting", "on",
        "green", "grass", "under", "blue", "sky", "with", "big", "small", "tree", "river", "mountain", "painting"};
    std::mt19937 rng(11);
    {
        std::ofstream corpus(dir / "corpus.txt");
        for (int line = 0; line < 300; ++line) {
            for (int w = 0; w < 8; ++w) corpus << (w ? " " : "") << words[rng() % words.size()];
            corpus << "\n";
        }
    }
    const std::string command = std::string("\"") + TASTELAB_SPM_TRAIN_TOOL + "\" \"" + (dir / "corpus.txt").string()
        + "\" \"" + (dir / "m").string() + "\" 60 > \"" + (dir / "train.log").string() + "\" 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command << "\n" << readFile(dir / "train.log");
    ASSERT_TRUE(fs::exists(dir / "m.model"));

    const fs::path folder = dir / "flux-trained";
    fs::copy(model(), folder, fs::copy_options::recursive);
    fs::copy_file(dir / "m.model", folder / "tokenizer_2" / "spiece.model", fs::copy_options::overwrite_existing);
    const auto pipeline = mdl::FluxPipeline::load(folder);
    const auto tokenizer = mdl::T5Tokenizer::fromFolder(folder / "tokenizer_2");
    EXPECT_LE(tokenizer.vocabSize(), 128) << "the tiny T5 has 128 embeddings";
    const std::vector<std::int64_t> ids = tokenizer.tokenize("a red cat sitting on the green grass", 256);
    ASSERT_EQ(ids.size(), 256U);
    const auto eos = std::find(ids.begin(), ids.end(), 1);
    ASSERT_NE(eos, ids.end());
    EXPECT_GT(eos - ids.begin(), 3);
    EXPECT_TRUE(std::all_of(eos + 1, ids.end(), [](std::int64_t id) { return id == 0; }));

    const mdl::FluxPromptEmbeddings prompt = pipeline.encodePrompts({"a red cat sitting on the green grass"});
    const at::Tensor images = pipeline.render(pipeline.noiseForSeeds({1}, 64), prompt, {2});
    EXPECT_TRUE(at::isfinite(images).all().item<bool>());
    EXPECT_GT(images.std().item<float>(), 1e-4F);
    // The trained model tokenizes differently from the hand-written one, so the conditioning differs.
    const auto original = mdl::FluxPipeline::load(model());
    EXPECT_FALSE(at::allclose(original.encodePrompts({"a red cat sitting on the green grass"}).t5, prompt.t5));
}

// On a machine with an NVIDIA GPU: the tiny configuration in bfloat16 on CUDA agrees with float32 on the CPU for the
// same seed and prompt (the noise is drawn on the CPU), with the text encoders offloaded, and the gradient reaches
// the noise.
TEST_F(FluxTiny, RunsOnCudaInBfloat16)
{
    if (mdl::cudaDeviceCount() == 0) {
        GTEST_SKIP() << "no CUDA device here (LibTorch " << mdl::torchVersion() << ", CUDA " << mdl::cudaSummary()
                     << ")";
    }
    const auto reference = mdl::FluxPipeline::load(model());
    const at::Tensor expected =
        reference.render(reference.noiseForSeeds({21}, 64), reference.encodePrompts({"a red cat"}));
    mdl::FluxOptions options;
    options.device = c10::Device(c10::DeviceType::CUDA, 0);
    options.dtype = at::kBFloat16;
    options.offloadTextEncoders = true;
    options.gradientCheckpointing = true;
    const auto pipeline = mdl::FluxPipeline::load(model(), options);
    const mdl::FluxPromptEmbeddings prompt = pipeline.encodePrompts({"a red cat"});
    EXPECT_EQ(prompt.t5.scalar_type(), at::kBFloat16);
    EXPECT_TRUE(prompt.t5.is_cuda());
    at::Tensor noise = pipeline.noiseForSeeds({21}, 64);
    EXPECT_TRUE(noise.is_cuda());
    const at::Tensor images = pipeline.render(noise, prompt);
    EXPECT_EQ(images.scalar_type(), at::kFloat);
    const double error = (images.cpu() - expected).abs().mean().item<double>();
    EXPECT_LT(error, 0.03);
    const at::Tensor again = pipeline.render(pipeline.noiseForSeeds({21}, 64), prompt);
    EXPECT_TRUE(at::equal(images, again)) << "same seed, same device: the same image";
    noise = noise.requires_grad_(true);
    pipeline.render(noise, prompt, {1}).mean().backward();
    ASSERT_TRUE(noise.grad().defined());
    EXPECT_TRUE(at::isfinite(noise.grad()).all().item<bool>());
    EXPECT_GT(noise.grad().abs().sum().item<float>(), 0.0F);
}

// The pipeline samples with the schedule its scheduler_config.json asks for: with dynamic shifting the inner sigmas
// move (1 step: sigma 1 stays 1, so the image does not change; 2 steps: 0.5 becomes e^mu / (e^mu + 1)).
TEST_F(FluxTiny, TheSchedulerConfigDecidesTheSigmas)
{
    TempDir scratch;
    const fs::path shifted = scratch.path() / "shifted";
    fs::copy(model(), shifted, fs::copy_options::recursive);
    {
        std::string config = readFile(shifted / "scheduler" / "scheduler_config.json");
        const std::string key = "\"use_dynamic_shifting\": false";
        ASSERT_NE(config.find(key), std::string::npos);
        config.replace(config.find(key), key.size(), "\"use_dynamic_shifting\": true");
        std::ofstream(shifted / "scheduler" / "scheduler_config.json") << config;
    }
    const auto plain = mdl::FluxPipeline::load(model());
    const auto dynamic = mdl::FluxPipeline::load(shifted);
    const mdl::FluxPromptEmbeddings prompt = plain.encodePrompts({"a cat"});
    const at::Tensor noise = plain.noiseForSeeds({8}, 64);
    EXPECT_TRUE(at::equal(plain.render(noise, prompt, {1}), dynamic.render(noise, prompt, {1})));
    const at::Tensor twoPlain = plain.render(noise, prompt, {2});
    const at::Tensor twoShifted = dynamic.render(noise, prompt, {2});
    EXPECT_GT((twoPlain - twoShifted).abs().mean().item<float>(), 1e-6F);

    // The shifted two-step render by hand: 256 image tokens at 64 px give mu = 0.5 (the base shift), so the sigmas
    // are 1, e^0.5 / (e^0.5 + 1), 0; the pipeline's own transformer evaluation, Euler steps and VAE here.
    const c10::AutoGradMode noGrad(false);
    const double sigma = std::exp(0.5) / (std::exp(0.5) + 1.0);
    const at::Tensor x1 = mdl::packFluxLatents(noise);
    const at::Tensor xMid = x1 + (sigma - 1.0) * dynamic.velocity(x1, 32, 32, prompt, 1.0);
    const at::Tensor x0 = xMid + (0.0 - sigma) * dynamic.velocity(xMid, 32, 32, prompt, sigma);
    mdl::AutoencoderKL vae(mdl::AutoencoderKLConfig::fromJson(model() / "vae" / "config.json"));
    auto vaeWeights = mdl::WeightSource::fromSafetensors(model() / "vae" / "diffusion_pytorch_model.safetensors");
    mdl::loadModuleWeights(*vae, vaeWeights);
    const at::Tensor expected = ((vae->decode(mdl::unpackFluxLatents(x0, 32, 32)) + 1.0) * 0.5).clamp(0.0, 1.0);
    EXPECT_TRUE(at::allclose(twoShifted, expected, 1e-4, 1e-5)) << (twoShifted - expected).abs().max().item<float>();
}
