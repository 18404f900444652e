// The SD-Turbo pipeline on a tiny random configuration written as a diffusers folder: end to end on the CPU,
// determinism, the one-step closed form, the gradient from the pixels to the noise, fp16 files, the Hugging Face
// cache layout and named loading errors.
#include "model/diffusion/sd_turbo.h"

#include "model/diffusion/autoencoder_kl.h"
#include "model/diffusion/clip_text_model.h"
#include "model/diffusion/sd_unet.h"
#include "model/io/diffusers_weights.h"
#include "model/io/safetensors.h"
#include "model/nn/runtime.h"
#include "tests/support/test_support.h"
#include "tests/support/tiny_sd_turbo.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>

namespace mdl = tastelab::model;
namespace fs = std::filesystem;
using tastelab::testing::TempDir;

namespace {

std::string loadError(const fs::path& folder)
{
    try {
        mdl::SdTurboPipeline::load(folder);
    } catch (const mdl::ModelLoadError& error) {
        return error.what();
    }
    return "(no error)";
}

// sigma at t = 999 for scaled-linear betas 0.00085..0.012 over 1000 steps, computed here from the definition.
double sigmaAt999()
{
    double alphaBar = 1.0;
    const double first = std::sqrt(0.00085);
    const double last = std::sqrt(0.012);
    for (int t = 0; t < 1000; ++t) {
        const double root = first + (last - first) * t / 999.0;
        alphaBar *= 1.0 - root * root;
    }
    return std::sqrt((1.0 - alphaBar) / alphaBar);
}

class SdTurboTiny : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        folder_ = new TempDir();
        tastelab::testing::writeTinySdTurboFolder(folder_->path() / "sd-turbo-tiny", 7, /*fp16Variant=*/true);
    }
    static void TearDownTestSuite()
    {
        delete folder_;
        folder_ = nullptr;
    }
    static fs::path model() { return folder_->path() / "sd-turbo-tiny"; }
    static TempDir* folder_;
};
TempDir* SdTurboTiny::folder_ = nullptr;

}  // namespace

TEST(SdTurboScheduler, SigmaAtTheOnlyStepIsTheClosedForm)
{
    EXPECT_NEAR(sigmaAt999(), 14.6146, 1e-3);
}

TEST_F(SdTurboTiny, RendersEndToEndOnTheCpu)
{
    const auto started = std::chrono::steady_clock::now();
    mdl::SdTurboOptions options;
    options.preferFp16Files = false;
    const auto pipeline = mdl::SdTurboPipeline::load(model(), options);
    EXPECT_EQ(pipeline.vaeScale(), 8);
    EXPECT_EQ(pipeline.latentChannels(), 4);
    EXPECT_EQ(pipeline.defaultSize(), 64);
    const at::Tensor embeddings = pipeline.encodePrompts({"a red cat", "a dog"});
    ASSERT_EQ(embeddings.sizes(), (at::IntArrayRef{2, 77, 32}));
    EXPECT_FALSE(at::allclose(embeddings[0], embeddings[1]));
    const at::Tensor noise = pipeline.noiseForSeeds({1, 2}, 64);
    ASSERT_EQ(noise.sizes(), (at::IntArrayRef{2, 4, 8, 8}));
    int stepsSeen = 0;
    const at::Tensor images = pipeline.render(noise, embeddings, {}, {}, [&](int step, int steps) {
        ++stepsSeen;
        EXPECT_EQ(steps, 1);
        EXPECT_EQ(step, 1);
    });
    ASSERT_EQ(images.sizes(), (at::IntArrayRef{2, 3, 64, 64}));
    EXPECT_EQ(stepsSeen, 1);
    EXPECT_TRUE(at::isfinite(images).all().item<bool>());
    EXPECT_GE(images.min().item<float>(), 0.0F);
    EXPECT_LE(images.max().item<float>(), 1.0F);
    EXPECT_GT(images.std().item<float>(), 1e-4F) << "a constant image";
    // Few pixels should sit on the clamp, or the gradient would vanish there.
    const double clamped = ((images <= 0.0) | (images >= 1.0)).to(at::kFloat).mean().item<double>();
    EXPECT_LT(clamped, 0.05);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("tiny SD-Turbo: load + 2 images at 64x64 in %.2f s\n", seconds);
}

TEST_F(SdTurboTiny, OneStepIsTheClosedFormThroughTheComponents)
{
    mdl::SdTurboOptions options;
    options.preferFp16Files = false;
    const auto pipeline = mdl::SdTurboPipeline::load(model(), options);
    const at::Tensor embeddings = pipeline.encodePrompts({"a cat"});
    const at::Tensor noise = pipeline.noiseForSeeds({5}, 64);
    const at::Tensor images = pipeline.render(noise, embeddings);

    // The same numbers assembled by hand from separately loaded components.
    const c10::AutoGradMode noGrad(false);
    mdl::UNet2DConditionModel unet(mdl::UNetConfig::fromJson(model() / "unet" / "config.json"));
    auto unetWeights = mdl::WeightSource::fromSafetensors(model() / "unet" / "diffusion_pytorch_model.safetensors");
    mdl::loadModuleWeights(*unet, unetWeights);
    mdl::AutoencoderKL vae(mdl::AutoencoderKLConfig::fromJson(model() / "vae" / "config.json"));
    auto vaeWeights = mdl::WeightSource::fromSafetensors(model() / "vae" / "diffusion_pytorch_model.safetensors");
    mdl::loadModuleWeights(*vae, vaeWeights);
    const double sigma = sigmaAt999();
    const at::Tensor xT = noise * sigma;
    const at::Tensor eps = unet->forward(xT / std::sqrt(sigma * sigma + 1.0), at::full({1}, 999.0), embeddings);
    const at::Tensor x0 = xT - sigma * eps;
    const at::Tensor expected = ((vae->decode(x0) + 1.0) * 0.5).clamp(0.0, 1.0);
    EXPECT_TRUE(at::allclose(images, expected, 1e-4, 1e-4)) << (images - expected).abs().max().item<float>();
}

// fromModules (what the benchmarks build full-size random pipelines with) renders as load does from the same weights.
TEST_F(SdTurboTiny, FromModulesRendersAsTheLoadedPipeline)
{
    mdl::SdTurboOptions options;
    options.preferFp16Files = false;
    const auto loaded = mdl::SdTurboPipeline::load(model(), options);
    mdl::UNet2DConditionModel unet(mdl::UNetConfig::fromJson(model() / "unet" / "config.json"));
    auto unetWeights = mdl::WeightSource::fromSafetensors(model() / "unet" / "diffusion_pytorch_model.safetensors");
    mdl::loadModuleWeights(*unet, unetWeights);
    mdl::AutoencoderKL vae(mdl::AutoencoderKLConfig::fromJson(model() / "vae" / "config.json"));
    auto vaeWeights = mdl::WeightSource::fromSafetensors(model() / "vae" / "diffusion_pytorch_model.safetensors");
    mdl::loadModuleWeights(*vae, vaeWeights);
    mdl::ClipTextModel text(mdl::ClipTextConfig::fromJson(model() / "text_encoder" / "config.json"));
    auto textWeights = mdl::WeightSource::fromSafetensors(model() / "text_encoder" / "model.safetensors");
    mdl::loadModuleWeights(*text, textWeights);

    const auto built = mdl::SdTurboPipeline::fromModules(unet, vae, text, options, "tiny-from-modules");
    EXPECT_EQ(built.modelId(), "tiny-from-modules");
    EXPECT_EQ(built.parameterCount(), loaded.parameterCount());
    EXPECT_EQ(built.textHiddenSize(), 32);
    EXPECT_THROW(built.encodePrompts({"a cat"}), mdl::ModelLoadError);
    for (const auto& parameter : unet->parameters()) EXPECT_FALSE(parameter.requires_grad());
    const at::Tensor embeddings = loaded.encodePrompts({"a cat"});
    const at::Tensor noise = loaded.noiseForSeeds({5}, 64);
    EXPECT_TRUE(at::allclose(built.render(noise, embeddings), loaded.render(noise, embeddings), 1e-5, 1e-5));
}

TEST_F(SdTurboTiny, TheSameSeedGivesTheSameImageAndBatchesMatchSingles)
{
    mdl::SdTurboOptions options;
    options.preferFp16Files = false;
    const auto pipeline = mdl::SdTurboPipeline::load(model(), options);
    const at::Tensor embeddings = pipeline.encodePrompts({"a red cat"});
    const at::Tensor first = pipeline.render(pipeline.noiseForSeeds({11}, 64), embeddings);
    const at::Tensor again = pipeline.render(pipeline.noiseForSeeds({11}, 64), embeddings);
    EXPECT_TRUE(at::equal(first, again));
    const at::Tensor other = pipeline.render(pipeline.noiseForSeeds({12}, 64), embeddings);
    EXPECT_GT((first - other).abs().mean().item<float>(), 1e-4F);
    const at::Tensor batch = pipeline.render(pipeline.noiseForSeeds({11, 12}, 64), embeddings);
    EXPECT_TRUE(at::allclose(batch[0], first[0], 1e-4, 1e-5));
    EXPECT_TRUE(at::allclose(batch[1], other[0], 1e-4, 1e-5));
    // Noise of a seed does not depend on its batch neighbours.
    EXPECT_TRUE(at::equal(pipeline.noiseForSeeds({3, 11}, 64)[1], pipeline.noiseForSeeds({11}, 64)[0]));
}

TEST_F(SdTurboTiny, SeveralStepsCancelAndGuidance)
{
    mdl::SdTurboOptions options;
    options.preferFp16Files = false;
    const auto pipeline = mdl::SdTurboPipeline::load(model(), options);
    const at::Tensor embeddings = pipeline.encodePrompts({"a cat"});
    const at::Tensor negative = pipeline.encodePrompts({"a dog"});
    const at::Tensor noise = pipeline.noiseForSeeds({4}, 64);
    at::Tensor previous;
    for (int steps = 1; steps <= 4; ++steps) {
        int calls = 0;
        const at::Tensor images = pipeline.render(noise, embeddings, {steps, 0.0}, {}, [&](int, int) { ++calls; });
        EXPECT_EQ(calls, steps);
        EXPECT_TRUE(at::isfinite(images).all().item<bool>());
        if (previous.defined()) {
            EXPECT_FALSE(at::allclose(images, previous)) << steps << " steps";
        }
        previous = images;
    }
    std::atomic<bool> cancel{false};
    EXPECT_THROW(pipeline.render(
                     noise, embeddings, {4, 0.0}, {},
                     [&](int step, int) {
                         if (step == 2) cancel = true;
                     },
                     &cancel),
        std::runtime_error);

    const at::Tensor plain = pipeline.render(noise, embeddings);
    const at::Tensor scaleOne = pipeline.render(noise, embeddings, {1, 1.0}, negative);
    EXPECT_TRUE(at::equal(plain, scaleOne)) << "a guidance scale of 1 is no guidance";
    const at::Tensor guided = pipeline.render(noise, embeddings, {1, 3.0}, negative);
    EXPECT_GT((guided - plain).abs().mean().item<float>(), 1e-5F);
}

TEST_F(SdTurboTiny, TheGradientFromThePixelsReachesTheNoise)
{
    mdl::SdTurboOptions options;
    options.preferFp16Files = false;
    const auto pipeline = mdl::SdTurboPipeline::load(model(), options);
    const at::Tensor embeddings = pipeline.encodePrompts({"a cat"});
    at::Tensor noise = pipeline.noiseForSeeds({9}, 64).requires_grad_(true);
    const at::Tensor images = pipeline.render(noise, embeddings);
    images.select(1, 0).mean().backward();  // "more red"
    const at::Tensor gradient = noise.grad();
    ASSERT_TRUE(gradient.defined());
    EXPECT_TRUE(at::isfinite(gradient).all().item<bool>());
    EXPECT_GT(gradient.abs().sum().item<float>(), 0.0F);

    mdl::SdTurboOptions checkpointing = options;
    checkpointing.gradientCheckpointing = true;
    const auto recomputing = mdl::SdTurboPipeline::load(model(), checkpointing);
    at::Tensor noise2 = pipeline.noiseForSeeds({9}, 64).requires_grad_(true);
    recomputing.render(noise2, embeddings).select(1, 0).mean().backward();
    EXPECT_TRUE(at::allclose(noise2.grad(), gradient, 1e-4, 1e-6));

    // A finite-difference check along the gradient: the objective rises when the noise moves along it.
    const c10::AutoGradMode noGrad(false);
    const at::Tensor base = pipeline.noiseForSeeds({9}, 64);
    const at::Tensor direction = gradient / gradient.norm();
    const double step = 1e-2;
    const double up = pipeline.render(base + step * direction, embeddings).select(1, 0).mean().item<double>();
    const double down = pipeline.render(base - step * direction, embeddings).select(1, 0).mean().item<double>();
    const double predicted = 2 * step * gradient.norm().item<double>();
    EXPECT_GT(up - down, 0.0);
    EXPECT_NEAR((up - down) / predicted, 1.0, 0.2);
}

TEST_F(SdTurboTiny, HalfPrecisionFilesArePreferredWhenPresent)
{
    mdl::SdTurboOptions full;
    full.preferFp16Files = false;
    mdl::SdTurboOptions half;
    half.preferFp16Files = true;
    const auto fromFull = mdl::SdTurboPipeline::load(model(), full);
    const auto fromHalf = mdl::SdTurboPipeline::load(model(), half);
    const at::Tensor embeddingsFull = fromFull.encodePrompts({"a cat"});
    const at::Tensor embeddingsHalf = fromHalf.encodePrompts({"a cat"});
    // fp16 weights round: close but not identical, which shows the .fp16 files were read.
    EXPECT_FALSE(at::equal(embeddingsFull, embeddingsHalf));
    EXPECT_TRUE(at::allclose(embeddingsFull, embeddingsHalf, 1e-2, 1e-2));
    EXPECT_EQ(fromFull.dtype(), at::kFloat);
}

TEST_F(SdTurboTiny, FindsTheModelInTheHuggingFaceCacheLayout)
{
    TempDir hub;
    const fs::path repo = hub.path() / mdl::SdTurboPipeline::kHubName;
    fs::create_directories(repo / "snapshots");
    fs::create_directories(repo / "refs");
    fs::copy(model(), repo / "snapshots" / "0123abcd", fs::copy_options::recursive);
    {
        std::ofstream(repo / "refs" / "main") << "0123abcd\n";
    }
    const auto found = mdl::SdTurboPipeline::findInHubCache(hub.path());
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->filename(), "0123abcd");
    EXPECT_FALSE(mdl::SdTurboPipeline::findInHubCache(hub.path() / "elsewhere").has_value());
    const auto fromRepo = mdl::SdTurboPipeline::load(repo);
    EXPECT_EQ(fromRepo.folder().filename(), "0123abcd");
    EXPECT_EQ(fromRepo.modelId().rfind(std::string(mdl::SdTurboPipeline::kHubName) + "@", 0), 0U) << fromRepo.modelId();
}

TEST_F(SdTurboTiny, LoadingErrorsNameTheFileTheTensorAndTheShape)
{
    TempDir scratch;
    const fs::path broken = scratch.path() / "broken";
    fs::copy(model(), broken, fs::copy_options::recursive);
    fs::remove(broken / "unet" / "diffusion_pytorch_model.fp16.safetensors");

    // A tensor missing from the UNet.
    const fs::path unetFile = broken / "unet" / "diffusion_pytorch_model.safetensors";
    auto collection = mdl::SafetensorsCollection::openFile(unetFile);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const std::string& name : collection.names()) {
        if (name != "conv_in.weight") tensors.emplace_back(name, collection.load(name));
    }
    mdl::writeSafetensors(unetFile, tensors);
    std::string message = loadError(broken);
    EXPECT_NE(message.find("'conv_in.weight'"), std::string::npos) << message;
    EXPECT_NE(message.find("[32, 4, 3, 3]"), std::string::npos) << message;
    EXPECT_NE(message.find("diffusion_pytorch_model.safetensors"), std::string::npos) << message;

    // A mis-shaped one.
    tensors.emplace_back("conv_in.weight", at::zeros({32, 4, 1, 1}));
    mdl::writeSafetensors(unetFile, tensors);
    message = loadError(broken);
    EXPECT_NE(message.find("has shape [32, 4, 1, 1], expected [32, 4, 3, 3]"), std::string::npos) << message;

    // No weights at all.
    fs::remove(unetFile);
    message = loadError(broken);
    EXPECT_NE(message.find("no weights file"), std::string::npos) << message;
    EXPECT_NE(message.find((broken / "unet").string()), std::string::npos) << message;

    // Not a Stable Diffusion pipeline; not a model folder.
    {
        std::ofstream(broken / "model_index.json") << R"({"_class_name": "FluxPipeline"})";
    }
    message = loadError(broken);
    EXPECT_NE(message.find("FluxPipeline"), std::string::npos) << message;
    message = loadError(scratch.path());
    EXPECT_NE(message.find("model_index.json"), std::string::npos) << message;
    message = loadError(scratch.path() / "absent");
    EXPECT_NE(message.find("no such folder"), std::string::npos) << message;
}

// On a machine with an NVIDIA GPU: the tiny configuration in fp16 and bf16 on CUDA agrees with fp32 on the CPU for
// the same seed and prompt (the noise is drawn on the CPU, so it is the same), and the gradient reaches the noise.
TEST_F(SdTurboTiny, RunsOnCudaInHalfAndBfloat16)
{
    if (tastelab::model::cudaDeviceCount() == 0) {
        GTEST_SKIP() << "no CUDA device here (LibTorch " << mdl::torchVersion() << ", CUDA " << mdl::cudaSummary()
                     << ")";
    }
    mdl::SdTurboOptions cpuOptions;
    cpuOptions.preferFp16Files = false;
    const auto reference = mdl::SdTurboPipeline::load(model(), cpuOptions);
    const at::Tensor expected =
        reference.render(reference.noiseForSeeds({21}, 64), reference.encodePrompts({"a red cat"}));
    for (const at::ScalarType dtype : {at::kHalf, at::kBFloat16}) {
        mdl::SdTurboOptions options;
        options.device = c10::Device(c10::DeviceType::CUDA, 0);
        options.dtype = dtype;
        const auto pipeline = mdl::SdTurboPipeline::load(model(), options);
        const at::Tensor embeddings = pipeline.encodePrompts({"a red cat"});
        EXPECT_EQ(embeddings.scalar_type(), dtype);
        at::Tensor noise = pipeline.noiseForSeeds({21}, 64);
        EXPECT_TRUE(noise.is_cuda());
        const at::Tensor images = pipeline.render(noise, embeddings).cpu();
        const double error = (images - expected).abs().mean().item<double>();
        EXPECT_LT(error, dtype == at::kHalf ? 0.01 : 0.03) << c10::toString(dtype);
        const at::Tensor again = pipeline.render(pipeline.noiseForSeeds({21}, 64), embeddings).cpu();
        EXPECT_TRUE(at::equal(images, again)) << "same seed, same device: the same image";
        noise = noise.requires_grad_(true);
        pipeline.render(noise, embeddings).mean().backward();
        ASSERT_TRUE(noise.grad().defined());
        EXPECT_TRUE(at::isfinite(noise.grad()).all().item<bool>()) << c10::toString(dtype);
        EXPECT_GT(noise.grad().abs().sum().item<float>(), 0.0F) << c10::toString(dtype);
    }
}
