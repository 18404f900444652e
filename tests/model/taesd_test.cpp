// Tiny autoencoders: the published layouts' names and parameter counts, a tiny configuration of the same code against
// a straightforward functional computation, the layout read back from weight files (safetensors, diffusers names),
// load errors that name tensor, shape and file, and the published TAEF2 pair decoding and reconstructing images.
#include "model/diffusion/taesd.h"

#include "model/io/diffusers_weights.h"
#include "model/io/pth_reader.h"
#include "model/io/safetensors.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mdl = tastelab::model;

namespace {

using TensorMap = std::map<std::string, at::Tensor>;

std::filesystem::path scratch(const std::string& name)
{
    const auto dir = std::filesystem::temp_directory_path() / ("tastelab-taesd-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir / name;
}

std::string loadError(const std::function<void()>& action)
{
    try {
        action();
    } catch (const mdl::ModelLoadError& error) {
        return error.what();
    }
    return "(no error)";
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Latent 3, width 8, two stages of two blocks, the GroupNorm branch (2 x 8 = 16 channels in 4 groups).
mdl::TinyAutoencoderConfig tinyConfig(bool groupNorm = true)
{
    mdl::TinyAutoencoderConfig config;
    config.latentChannels = 3;
    config.channels = 8;
    config.blocksPerStage = 2;
    config.stages = 2;
    config.fullResolutionBlocks = 1;
    config.latentBlocksGroupNorm = groupNorm;
    config.groupNormGroups = 4;
    config.groupNormExpansion = 2;
    return config;
}

// Random weights (GroupNorm scales around 1), so that no layer is an identity by accident.
void randomize(torch::nn::Module& module, std::uint64_t seed)
{
    const c10::AutoGradMode noGrad(false);
    at::manual_seed(seed);
    for (auto& item : module.named_parameters()) {
        at::Tensor& p = item.value();
        const bool normScale = item.key().find("pool.1.weight") != std::string::npos;
        p.copy_(normScale ? 1.0 + 0.2 * at::randn(p.sizes(), p.options()) : 0.15 * at::randn(p.sizes(), p.options()));
    }
}

TensorMap tensorMap(const torch::nn::Module& module)
{
    TensorMap map;
    for (const auto& [name, tensor] : mdl::moduleTensors(module)) map[name] = tensor;
    return map;
}

std::int64_t parameterCount(const torch::nn::Module& module)
{
    std::int64_t count = 0;
    for (const auto& parameter : module.parameters()) count += parameter.numel();
    return count;
}

// ---- A straightforward functional version of madebyollin/taesd's Sequential --------------------------------------

at::Tensor refConv(const TensorMap& w, const std::string& layer, const at::Tensor& x, std::int64_t stride = 1)
{
    const at::Tensor& weight = w.at(layer + ".weight");
    const auto bias = w.find(layer + ".bias");
    return at::conv2d(x, weight, bias == w.end() ? at::Tensor() : bias->second, {stride, stride},
        {weight.size(2) / 2, weight.size(3) / 2});
}

at::Tensor refBlock(const TensorMap& w, const std::string& layer, at::Tensor x, std::int64_t groups)
{
    if (w.count(layer + ".pool.0.weight")) {
        at::Tensor p = refConv(w, layer + ".pool.0", x);
        p = at::group_norm(p, groups, w.at(layer + ".pool.1.weight"), w.at(layer + ".pool.1.bias"), 1e-5);
        x = x + refConv(w, layer + ".pool.3", at::relu(p));
    }
    at::Tensor y = refConv(w, layer + ".conv.0", x);
    y = refConv(w, layer + ".conv.2", at::relu(y));
    y = refConv(w, layer + ".conv.4", at::relu(y));
    return at::relu(y + x);
}

at::Tensor refUpsample(const at::Tensor& x)
{
    return x.repeat_interleave(2, 2).repeat_interleave(2, 3);
}

// The tiny decoder's 13 layers written out one by one.
at::Tensor refTinyDecode(const TensorMap& w, const at::Tensor& z)
{
    at::Tensor x = at::tanh(z / 3) * 3;  // 0
    x = at::relu(refConv(w, "1", x));  // 1, 2
    x = refBlock(w, "3", x, 4);
    x = refBlock(w, "4", x, 4);
    x = refConv(w, "6", refUpsample(x));  // 5, 6
    x = refBlock(w, "7", x, 4);
    x = refBlock(w, "8", x, 4);
    x = refConv(w, "10", refUpsample(x));  // 9, 10
    x = refBlock(w, "11", x, 4);
    return refConv(w, "12", x);
}

// The tiny encoder's 9 layers.
at::Tensor refTinyEncode(const TensorMap& w, const at::Tensor& image)
{
    at::Tensor x = refConv(w, "0", image);
    x = refBlock(w, "1", x, 4);
    x = refConv(w, "2", x, 2);
    x = refBlock(w, "3", x, 4);
    x = refBlock(w, "4", x, 4);
    x = refConv(w, "5", x, 2);
    x = refBlock(w, "6", x, 4);
    x = refBlock(w, "7", x, 4);
    return refConv(w, "8", x);
}

// ---- Layouts ------------------------------------------------------------------------------------------------------

std::int64_t conv3x3(std::int64_t in, std::int64_t out, bool bias)
{
    return in * out * 9 + (bias ? out : 0);
}

TEST(TinyAutoencoderLayout, TaesdHasThePublishedSizes)
{
    mdl::TinyDecoder decoder(mdl::TinyAutoencoderConfig::taesd());
    mdl::TinyEncoder encoder(mdl::TinyAutoencoderConfig::taesd());
    EXPECT_EQ(decoder->config().scale(), 8);
    // Ten blocks of three 64->64 convs, three bias-free 64->64 convs, and the two ends (REFERENCE: ~1.2M a side).
    const std::int64_t blocks = 10 * 3 * conv3x3(64, 64, true);
    const std::int64_t middle = 3 * conv3x3(64, 64, false);
    EXPECT_EQ(parameterCount(*decoder), conv3x3(4, 64, true) + blocks + middle + conv3x3(64, 3, true));
    EXPECT_EQ(parameterCount(*encoder), conv3x3(3, 64, true) + blocks + middle + conv3x3(64, 4, true));
    EXPECT_EQ(parameterCount(*decoder), 1222531);

    const TensorMap d = tensorMap(*decoder);
    EXPECT_EQ(d.size(), 67u);
    EXPECT_EQ(d.at("1.weight").sizes().vec(), (std::vector<std::int64_t>{64, 4, 3, 3}));
    EXPECT_EQ(d.at("3.conv.4.bias").sizes().vec(), (std::vector<std::int64_t>{64}));
    EXPECT_EQ(d.at("17.weight").sizes().vec(), (std::vector<std::int64_t>{64, 64, 3, 3}));
    EXPECT_EQ(d.count("17.bias"), 0u);
    EXPECT_EQ(d.count("3.pool.0.weight"), 0u);
    EXPECT_EQ(d.at("19.weight").sizes().vec(), (std::vector<std::int64_t>{3, 64, 3, 3}));
    const TensorMap e = tensorMap(*encoder);
    EXPECT_EQ(e.at("0.weight").sizes().vec(), (std::vector<std::int64_t>{64, 3, 3, 3}));
    EXPECT_EQ(e.count("2.bias"), 0u);
    EXPECT_EQ(e.at("14.weight").sizes().vec(), (std::vector<std::int64_t>{4, 64, 3, 3}));
}

TEST(TinyAutoencoderLayout, Taef2MatchesThePublishedFilesNames)
{
    mdl::TinyDecoder decoder(mdl::TinyAutoencoderConfig::taef2());
    mdl::TinyEncoder encoder(mdl::TinyAutoencoderConfig::taef2());
    const auto decoderTensors = mdl::moduleTensors(*decoder);
    const auto encoderTensors = mdl::moduleTensors(*encoder);
    // Read once from the published files with torch.load: 79 tensors each; the branch on blocks 3-5 / 11-13.
    ASSERT_EQ(decoderTensors.size(), 79u);
    ASSERT_EQ(encoderTensors.size(), 79u);
    const TensorMap d = tensorMap(*decoder);
    EXPECT_EQ(d.at("1.weight").sizes().vec(), (std::vector<std::int64_t>{64, 32, 3, 3}));
    EXPECT_EQ(d.at("5.pool.0.weight").sizes().vec(), (std::vector<std::int64_t>{256, 64, 1, 1}));
    EXPECT_EQ(d.at("5.pool.1.bias").sizes().vec(), (std::vector<std::int64_t>{256}));
    EXPECT_EQ(d.at("5.pool.3.weight").sizes().vec(), (std::vector<std::int64_t>{64, 256, 1, 1}));
    EXPECT_EQ(d.count("8.pool.0.weight"), 0u);
    const TensorMap e = tensorMap(*encoder);
    EXPECT_EQ(e.at("11.pool.0.weight").sizes().vec(), (std::vector<std::int64_t>{256, 64, 1, 1}));
    EXPECT_EQ(e.count("10.pool.0.weight"), 0u);
    EXPECT_EQ(e.at("14.weight").sizes().vec(), (std::vector<std::int64_t>{32, 64, 3, 3}));

    // Where the published files are here: the same names, in the same order, with the same shapes.
    for (const auto& [side, ours] :
        {std::make_pair("decoder", decoderTensors), std::make_pair("encoder", encoderTensors)}) {
        const auto file =
            std::filesystem::path(TASTELAB_SHARED_DATA) / "taesd" / (std::string("taef2_") + side + ".pth");
        if (!std::filesystem::exists(file)) continue;
        const auto theirs = mdl::readPthStateDict(file);
        ASSERT_EQ(theirs.size(), ours.size()) << side;
        for (std::size_t i = 0; i < ours.size(); ++i) {
            EXPECT_EQ(ours[i].first, theirs[i].first) << side << " #" << i;
            EXPECT_EQ(ours[i].second.sizes().vec(), theirs[i].second.sizes().vec()) << ours[i].first;
        }
    }
}

// ---- Forward ------------------------------------------------------------------------------------------------------

TEST(TinyAutoencoderForward, DecoderMatchesAStraightforwardComputation)
{
    mdl::TinyDecoder decoder(tinyConfig());
    randomize(*decoder, 11);
    const c10::AutoGradMode noGrad(false);
    at::manual_seed(5);
    const at::Tensor z = 2.5 * at::randn({2, 3, 5, 6});
    const at::Tensor image = decoder->forward(z);
    EXPECT_EQ(image.sizes().vec(), (std::vector<std::int64_t>{2, 3, 20, 24}));
    const at::Tensor expected = refTinyDecode(tensorMap(*decoder), z);
    EXPECT_TRUE(at::allclose(image, expected, 1e-4, 1e-5)) << (image - expected).abs().max().item<float>();
    EXPECT_GT(image.std().item<float>(), 1e-3);
    // The GroupNorm branch matters: the same weights without it give another image.
    mdl::TinyDecoder plain(tinyConfig(false));
    mdl::WeightSource source = mdl::WeightSource::fromTensors(mdl::moduleTensors(*decoder), "tiny");
    mdl::loadModuleWeights(*plain, source, {}, /*strict=*/false);
    EXPECT_GT((plain->forward(z) - image).abs().max().item<float>(), 1e-3);
}

TEST(TinyAutoencoderForward, EncoderMatchesAStraightforwardComputation)
{
    mdl::TinyEncoder encoder(tinyConfig());
    randomize(*encoder, 12);
    const c10::AutoGradMode noGrad(false);
    at::manual_seed(6);
    const at::Tensor image = at::rand({2, 3, 16, 12});
    const at::Tensor latent = encoder->forward(image);
    EXPECT_EQ(latent.sizes().vec(), (std::vector<std::int64_t>{2, 3, 4, 3}));
    const at::Tensor expected = refTinyEncode(tensorMap(*encoder), image);
    EXPECT_TRUE(at::allclose(latent, expected, 1e-4, 1e-5)) << (latent - expected).abs().max().item<float>();
    EXPECT_THROW(encoder->forward(at::rand({1, 3, 10, 12})), std::invalid_argument);  // not a multiple of 4
    EXPECT_THROW(encoder->forward(at::rand({1, 4, 16, 12})), std::invalid_argument);
}

TEST(TinyAutoencoderForward, DecoderIsDifferentiable)
{
    mdl::TinyDecoder decoder(tinyConfig());
    randomize(*decoder, 13);
    at::Tensor z = at::randn({1, 3, 4, 4}).requires_grad_(true);
    decoder->forward(z).mean().backward();
    ASSERT_TRUE(z.grad().defined());
    EXPECT_GT(z.grad().abs().sum().item<float>(), 0.0f);
}

// ---- Loading ------------------------------------------------------------------------------------------------------

void expectSameLayout(const mdl::TinyAutoencoderConfig& a, const mdl::TinyAutoencoderConfig& b)
{
    EXPECT_EQ(a.latentChannels, b.latentChannels);
    EXPECT_EQ(a.imageChannels, b.imageChannels);
    EXPECT_EQ(a.channels, b.channels);
    EXPECT_EQ(a.blocksPerStage, b.blocksPerStage);
    EXPECT_EQ(a.stages, b.stages);
    EXPECT_EQ(a.fullResolutionBlocks, b.fullResolutionBlocks);
    EXPECT_EQ(a.latentBlocksGroupNorm, b.latentBlocksGroupNorm);
    if (a.latentBlocksGroupNorm) {
        EXPECT_EQ(a.groupNormExpansion, b.groupNormExpansion);
    }
}

TEST(TinyAutoencoderLoading, SafetensorsRoundTripReadsTheLayoutFromTheWeights)
{
    mdl::TinyDecoder decoder(tinyConfig());
    mdl::TinyEncoder encoder(tinyConfig());
    randomize(*decoder, 21);
    randomize(*encoder, 22);
    mdl::writeSafetensors(scratch("tiny_decoder.safetensors"), mdl::moduleTensors(*decoder));
    mdl::writeSafetensors(scratch("tiny_encoder.safetensors"), mdl::moduleTensors(*encoder));
    mdl::TinyDecoder loadedDecoder = mdl::loadTinyDecoder(scratch("tiny_decoder.safetensors"));
    mdl::TinyEncoder loadedEncoder = mdl::loadTinyEncoder(scratch("tiny_encoder.safetensors"));
    expectSameLayout(loadedDecoder->config(), decoder->config());
    expectSameLayout(loadedEncoder->config(), encoder->config());
    EXPECT_FALSE(loadedDecoder->is_training());

    const c10::AutoGradMode noGrad(false);
    const at::Tensor z = at::randn({1, 3, 3, 4});
    EXPECT_TRUE(at::equal(loadedDecoder->forward(z), decoder->forward(z)));
    const at::Tensor image = at::rand({1, 3, 8, 12});
    EXPECT_TRUE(at::equal(loadedEncoder->forward(image), encoder->forward(image)));
}

TEST(TinyAutoencoderLoading, DiffusersAutoencoderTinyFolder)
{
    // diffusers' AutoencoderTiny: one file, "decoder.layers.N" = our N + 1 (its clamp is not a layer),
    // "encoder.layers.N" = our N. The original TAESD layout: no GroupNorm branch.
    mdl::TinyDecoder decoder(tinyConfig(false));
    mdl::TinyEncoder encoder(tinyConfig(false));
    randomize(*decoder, 31);
    randomize(*encoder, 32);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& [name, tensor] : mdl::moduleTensors(*encoder))
        tensors.emplace_back("encoder.layers." + name, tensor);
    for (const auto& [name, tensor] : mdl::moduleTensors(*decoder)) {
        const std::size_t dot = name.find('.');
        tensors.emplace_back(
            "decoder.layers." + std::to_string(std::stoi(name.substr(0, dot)) - 1) + name.substr(dot), tensor);
    }
    const auto folder = scratch("taesd_diffusers");
    std::filesystem::create_directories(folder);
    mdl::writeSafetensors(folder / "diffusion_pytorch_model.safetensors", tensors);
    ASSERT_EQ(tensors[tensors.size() - 1].first, "decoder.layers.11.bias");

    mdl::TinyDecoder loadedDecoder = mdl::loadTinyDecoder(folder);
    mdl::TinyEncoder loadedEncoder = mdl::loadTinyEncoder(folder);
    expectSameLayout(loadedDecoder->config(), decoder->config());
    expectSameLayout(loadedEncoder->config(), encoder->config());
    const c10::AutoGradMode noGrad(false);
    const at::Tensor z = at::randn({1, 3, 2, 3});
    EXPECT_TRUE(at::equal(loadedDecoder->forward(z), decoder->forward(z)));
    const at::Tensor image = at::rand({1, 3, 8, 8});
    EXPECT_TRUE(at::equal(loadedEncoder->forward(image), encoder->forward(image)));
}

TEST(TinyAutoencoderLoading, ErrorsNameTensorShapeAndFile)
{
    mdl::TinyDecoder decoder(tinyConfig());
    mdl::TinyEncoder encoder(tinyConfig());
    const auto encoderFile = scratch("an_encoder.safetensors");
    mdl::writeSafetensors(encoderFile, mdl::moduleTensors(*encoder));

    // The wrong side.
    std::string error = loadError([&] { mdl::loadTinyDecoder(encoderFile); });
    EXPECT_NE(error.find("an_encoder.safetensors"), std::string::npos) << error;
    EXPECT_NE(error.find("encoder"), std::string::npos) << error;

    // A state dict missing one tensor.
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& [name, tensor] : mdl::moduleTensors(*decoder)) {
        if (name != "7.conv.2.weight") tensors.emplace_back(name, tensor);
    }
    const auto missing = scratch("missing_one.safetensors");
    mdl::writeSafetensors(missing, tensors);
    error = loadError([&] { mdl::loadTinyDecoder(missing); });
    EXPECT_NE(error.find("missing_one.safetensors"), std::string::npos) << error;
    EXPECT_NE(error.find("7.conv.2.weight"), std::string::npos) << error;
    EXPECT_NE(error.find("[8, 8, 3, 3]"), std::string::npos) << error;

    // A block missing its first conv is still read as a block, so the message names the tensor.
    tensors.clear();
    for (const auto& [name, tensor] : mdl::moduleTensors(*decoder)) {
        if (name != "11.conv.0.weight") tensors.emplace_back(name, tensor);
    }
    mdl::writeSafetensors(missing, tensors);
    error = loadError([&] { mdl::loadTinyDecoder(missing); });
    EXPECT_NE(error.find("11.conv.0.weight"), std::string::npos) << error;
    EXPECT_NE(error.find("[8, 8, 3, 3]"), std::string::npos) << error;

    // A mis-shaped tensor: both shapes named.
    tensors.clear();
    for (const auto& [name, tensor] : mdl::moduleTensors(*decoder)) {
        tensors.emplace_back(name, name == "12.bias" ? at::zeros({4}) : tensor);
    }
    const auto misshaped = scratch("misshaped.safetensors");
    mdl::writeSafetensors(misshaped, tensors);
    error = loadError([&] { mdl::loadTinyDecoder(misshaped); });
    EXPECT_NE(error.find("misshaped.safetensors"), std::string::npos) << error;
    EXPECT_NE(error.find("12.bias"), std::string::npos) << error;
    EXPECT_NE(error.find("[4]"), std::string::npos) << error;

    // Something else entirely: a text file, a folder without weights, a foreign tensor name.
    const auto text = scratch("readme.pth");
    std::ofstream(text) << "not a checkpoint at all, only words";
    error = loadError([&] { mdl::loadTinyEncoder(text); });
    EXPECT_NE(error.find("readme.pth"), std::string::npos) << error;
    error = loadError([&] { mdl::loadTinyDecoder(scratch("")); });
    EXPECT_NE(error.find("diffusion_pytorch_model.safetensors"), std::string::npos) << error;
    const auto foreign = scratch("foreign.safetensors");
    mdl::writeSafetensors(foreign, {{"conv_in.weight", at::zeros({8, 3, 3, 3})}});
    error = loadError([&] { mdl::loadTinyEncoder(foreign); });
    EXPECT_NE(error.find("conv_in.weight"), std::string::npos) << error;
    EXPECT_NE(error.find("[8, 3, 3, 3]"), std::string::npos) << error;
}

// ---- The published TAEF2 pair -------------------------------------------------------------------------------------

std::filesystem::path taef2(const char* side)
{
    return std::filesystem::path(TASTELAB_SHARED_DATA) / "taesd" / (std::string("taef2_") + side + ".pth");
}

// A smooth test image: horizontal, vertical and diagonal ramps in the three channels.
at::Tensor gradientImage(std::int64_t size)
{
    const at::Tensor ramp = at::linspace(0.0, 1.0, size);
    const at::Tensor x = ramp.view({1, size}).expand({size, size});
    const at::Tensor y = ramp.view({size, 1}).expand({size, size});
    return at::stack({0.1 + 0.8 * x, 0.15 + 0.7 * y, 0.2 + 0.3 * (x + y)}).unsqueeze(0).contiguous();
}

TEST(TinyAutoencoderReal, Taef2DecodesAndReconstructs)
{
    if (!std::filesystem::exists(taef2("decoder")) || !std::filesystem::exists(taef2("encoder"))) {
        GTEST_SKIP() << "no " << taef2("decoder") << " / encoder (the shared TAEF2 weights)";
    }
    auto start = std::chrono::steady_clock::now();
    mdl::TinyDecoder decoder = mdl::loadTinyDecoder(taef2("decoder"));
    mdl::TinyEncoder encoder = mdl::loadTinyEncoder(taef2("encoder"));
    std::printf("load both: %.3f s\n", secondsSince(start));
    EXPECT_EQ(decoder->config().latentChannels, 32);
    EXPECT_TRUE(decoder->config().latentBlocksGroupNorm);
    EXPECT_EQ(decoder->config().groupNormExpansion, 4);
    EXPECT_EQ(decoder->config().scale(), 8);
    EXPECT_EQ(encoder->config().latentChannels, 32);

    const c10::AutoGradMode noGrad(false);
    at::manual_seed(7);
    const at::Tensor z = at::randn({1, 32, 32, 32});
    start = std::chrono::steady_clock::now();
    const at::Tensor raw = decoder->forward(z);
    std::printf("decode [1, 32, 32, 32] -> 256 x 256: %.3f s\n", secondsSince(start));
    ASSERT_EQ(raw.sizes().vec(), (std::vector<std::int64_t>{1, 3, 256, 256}));
    EXPECT_TRUE(at::isfinite(raw).all().item<bool>());
    const at::Tensor image = raw.clamp(0, 1);
    const double inRange = ((raw >= -0.05) & (raw <= 1.05)).to(at::kFloat).mean().item<double>();
    std::printf("raw decode: mean %.3f std %.3f, %.1f%% within [-0.05, 1.05]\n", raw.mean().item<double>(),
        raw.std().item<double>(), 100 * inRange);
    EXPECT_GT(inRange, 0.5) << "a TAESD decoder outputs about [0, 1]";
    EXPECT_GT(image.std().item<double>(), 0.02) << "not a constant image";

    const at::Tensor picture = gradientImage(256);
    start = std::chrono::steady_clock::now();
    const at::Tensor latent = encoder->forward(picture);
    std::printf("encode 256 x 256: %.3f s\n", secondsSince(start));
    ASSERT_EQ(latent.sizes().vec(), (std::vector<std::int64_t>{1, 32, 32, 32}));
    EXPECT_TRUE(at::isfinite(latent).all().item<bool>());
    const at::Tensor back = decoder->forward(latent).clamp(0, 1);
    const double error = (back - picture).abs().mean().item<double>();
    const double grayError = (picture - 0.5).abs().mean().item<double>();
    std::printf("reconstruction mean abs error %.4f (a constant gray image: %.4f)\n", error, grayError);
    EXPECT_LT(error, 0.25 * grayError);
    EXPECT_LT(error, 0.05);

    // The same weights through a .safetensors file give the same decoder.
    mdl::writeSafetensors(scratch("taef2_decoder.safetensors"), mdl::readPthStateDict(taef2("decoder")));
    mdl::TinyDecoder viaSafetensors = mdl::loadTinyDecoder(scratch("taef2_decoder.safetensors"));
    const at::Tensor small = z.slice(2, 0, 8).slice(3, 0, 8);
    EXPECT_TRUE(at::equal(viaSafetensors->forward(small), decoder->forward(small)));
}

}  // namespace
