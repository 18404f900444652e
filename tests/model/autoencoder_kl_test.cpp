// AutoencoderKL: the published SD / FLUX VAE names, shapes and parameter count; a tiny configuration of the same
// code for shapes, weight files (round trip, errors, the older attention names), the mid-block attention against a
// loop, the latent scaling/shift against a second path, and gradients (finite differences, checkpointing).
#include "model/diffusion/autoencoder_kl.h"

#include "model/io/diffusers_weights.h"
#include "model/io/safetensors.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <system_error>
#include <vector>

namespace mdl = tastelab::model;

namespace {

std::filesystem::path scratch(const std::string& name)
{
    // One folder per run, removed when the test program exits.
    static const struct Scratch {
        std::filesystem::path dir =
            std::filesystem::temp_directory_path() / ("tastelab-vae-" + std::to_string(::getpid()));
        Scratch() { std::filesystem::create_directories(dir); }
        ~Scratch()
        {
            std::error_code ignored;
            std::filesystem::remove_all(dir, ignored);
        }
    } scratchDir;
    const std::filesystem::path& dir = scratchDir.dir;
    return dir / name;
}

std::filesystem::path writeText(const std::string& name, const std::string& text)
{
    const auto path = scratch(name);
    std::ofstream(path) << text;
    return path;
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

// Two levels (x2), one resnet per encoder block, 4 groups: every code path of the SD VAE at a few thousand weights.
mdl::AutoencoderKLConfig tinyConfig()
{
    mdl::AutoencoderKLConfig config;
    config.blockOutChannels = {8, 16};
    config.layersPerBlock = 1;
    config.normGroups = 4;
    return config;
}

// Random weights everywhere (GroupNorm scales around 1), so that no layer is an identity by accident.
void randomize(torch::nn::Module& module, std::uint64_t seed)
{
    const c10::AutoGradMode noGrad(false);
    at::manual_seed(seed);
    for (auto& item : module.named_parameters()) {
        at::Tensor& p = item.value();
        const bool normScale =
            item.key().find("norm") != std::string::npos && item.key().find(".weight") != std::string::npos;
        p.copy_(normScale ? 1.0 + 0.2 * at::randn(p.sizes(), p.options()) : 0.3 * at::randn(p.sizes(), p.options()));
    }
}

std::map<std::string, std::vector<std::int64_t>> shapesOf(const torch::nn::Module& module)
{
    std::map<std::string, std::vector<std::int64_t>> shapes;
    for (const auto& [name, tensor] : mdl::moduleTensors(module)) shapes[name] = tensor.sizes().vec();
    return shapes;
}

std::int64_t parameterCount(const torch::nn::Module& module)
{
    std::int64_t count = 0;
    for (const auto& p : module.parameters()) count += p.numel();
    return count;
}

using Shape = std::vector<std::int64_t>;

// The published SD VAE (stabilityai/sd-turbo vae/config.json).
const char* const kSdTurboVaeJson = R"({
  "_class_name": "AutoencoderKL",
  "_diffusers_version": "0.24.0.dev0",
  "act_fn": "silu",
  "block_out_channels": [128, 256, 512, 512],
  "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
  "force_upcast": true,
  "in_channels": 3,
  "latent_channels": 4,
  "layers_per_block": 2,
  "norm_num_groups": 32,
  "out_channels": 3,
  "sample_size": 768,
  "scaling_factor": 0.18215,
  "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"]
})";

// black-forest-labs/FLUX.1-schnell vae/config.json.
const char* const kFluxVaeJson = R"({
  "_class_name": "AutoencoderKL",
  "_diffusers_version": "0.30.0.dev0",
  "act_fn": "silu",
  "block_out_channels": [128, 256, 512, 512],
  "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"],
  "force_upcast": true,
  "in_channels": 3,
  "latent_channels": 16,
  "latents_mean": null,
  "latents_std": null,
  "layers_per_block": 2,
  "mid_block_add_attention": true,
  "norm_num_groups": 32,
  "out_channels": 3,
  "sample_size": 1024,
  "scaling_factor": 0.3611,
  "shift_factor": 0.1159,
  "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"],
  "use_post_quant_conv": false,
  "use_quant_conv": false
})";

}  // namespace

TEST(AutoencoderKL, SdVaeHasThePublishedNamesShapesAndSize)
{
    const c10::AutoGradMode noGrad(false);
    mdl::AutoencoderKL vae(mdl::AutoencoderKLConfig::sdTurbo());
    EXPECT_EQ(vae->downscale(), 8);
    const auto shapes = shapesOf(*vae);
    const std::map<std::string, Shape> expected{
        {"encoder.conv_in.weight", {128, 3, 3, 3}},
        {"encoder.down_blocks.0.resnets.0.norm1.weight", {128}},
        {"encoder.down_blocks.0.downsamplers.0.conv.weight", {128, 128, 3, 3}},
        {"encoder.down_blocks.1.resnets.0.conv_shortcut.weight", {256, 128, 1, 1}},
        {"encoder.down_blocks.2.resnets.1.conv2.weight", {512, 512, 3, 3}},
        {"encoder.mid_block.attentions.0.group_norm.bias", {512}},
        {"encoder.mid_block.attentions.0.to_k.weight", {512, 512}},
        {"encoder.mid_block.resnets.1.conv1.bias", {512}},
        {"encoder.conv_norm_out.weight", {512}},
        {"encoder.conv_out.weight", {8, 512, 3, 3}},
        {"quant_conv.weight", {8, 8, 1, 1}},
        {"post_quant_conv.weight", {4, 4, 1, 1}},
        {"decoder.conv_in.weight", {512, 4, 3, 3}},
        {"decoder.mid_block.attentions.0.to_q.weight", {512, 512}},
        {"decoder.mid_block.attentions.0.to_out.0.bias", {512}},
        {"decoder.up_blocks.0.resnets.0.conv1.weight", {512, 512, 3, 3}},
        {"decoder.up_blocks.0.resnets.2.norm2.weight", {512}},
        {"decoder.up_blocks.0.upsamplers.0.conv.weight", {512, 512, 3, 3}},
        {"decoder.up_blocks.2.resnets.0.conv_shortcut.weight", {256, 512, 1, 1}},
        {"decoder.up_blocks.3.resnets.0.conv_shortcut.weight", {128, 256, 1, 1}},
        {"decoder.up_blocks.3.resnets.2.conv2.weight", {128, 128, 3, 3}},
        {"decoder.conv_norm_out.bias", {128}},
        {"decoder.conv_out.weight", {3, 128, 3, 3}},
    };
    for (const auto& [name, shape] : expected) {
        const auto found = shapes.find(name);
        ASSERT_NE(found, shapes.end()) << name;
        EXPECT_EQ(found->second, shape) << name;
    }
    for (const char* absent : {"encoder.down_blocks.3.downsamplers.0.conv.weight",
             "decoder.up_blocks.3.upsamplers.0.conv.weight", "encoder.down_blocks.0.resnets.2.conv1.weight",
             "decoder.up_blocks.0.resnets.3.conv1.weight", "encoder.down_blocks.0.resnets.0.conv_shortcut.weight",
             "decoder.up_blocks.1.resnets.0.conv_shortcut.weight"}) {
        EXPECT_EQ(shapes.count(absent), 0U) << absent;
    }
    // diffusers' AutoencoderKL for SD 1.x/2.x/Turbo: 83,653,863 parameters in 248 tensors; by hand from the
    // architecture: 34,163,592 in the encoder, 49,490,179 in the decoder, 72 + 20 in the quant convs.
    EXPECT_EQ(parameterCount(*vae), 83653863);
    EXPECT_EQ(shapes.size(), 248U);
    std::int64_t encoder = 0, decoder = 0;
    for (const auto& item : vae->named_parameters()) {
        (item.key().rfind("encoder.", 0) == 0 ? encoder : decoder) += item.value().numel();
    }
    EXPECT_EQ(encoder, 34163592);
    EXPECT_EQ(decoder, 49490179 + 92);
}

TEST(AutoencoderKL, FluxVaeHasSixteenLatentsAndNoQuantConvs)
{
    const c10::AutoGradMode noGrad(false);
    mdl::AutoencoderKL vae(mdl::AutoencoderKLConfig::flux());
    const auto shapes = shapesOf(*vae);
    EXPECT_EQ(shapes.at("encoder.conv_out.weight"), (Shape{32, 512, 3, 3}));
    EXPECT_EQ(shapes.at("decoder.conv_in.weight"), (Shape{512, 16, 3, 3}));
    EXPECT_EQ(shapes.count("quant_conv.weight"), 0U);
    EXPECT_EQ(shapes.count("post_quant_conv.weight"), 0U);
    // The SD count with a 16-channel latent: +110,616 in encoder.conv_out, +55,296 in decoder.conv_in, -92 quant.
    EXPECT_EQ(parameterCount(*vae), 83653863 + 110616 + 55296 - 92);
    EXPECT_DOUBLE_EQ(vae->config().scalingFactor, 0.3611);
    EXPECT_DOUBLE_EQ(vae->config().shiftFactor, 0.1159);
}

TEST(AutoencoderKL, ReadsThePublishedConfigs)
{
    const auto sd = mdl::AutoencoderKLConfig::fromJson(writeText("sd_vae.json", kSdTurboVaeJson));
    const auto expectedSd = mdl::AutoencoderKLConfig::sdTurbo();
    EXPECT_EQ(sd.blockOutChannels, (std::vector<std::int64_t>{128, 256, 512, 512}));
    EXPECT_EQ(sd.latentChannels, 4);
    EXPECT_EQ(sd.layersPerBlock, 2);
    EXPECT_EQ(sd.normGroups, 32);
    EXPECT_DOUBLE_EQ(sd.scalingFactor, 0.18215);
    EXPECT_EQ(sd.shiftFactor, 0.0);
    EXPECT_TRUE(sd.useQuantConv && sd.usePostQuantConv && sd.midBlockAddAttention && sd.forceUpcast);
    EXPECT_EQ(sd.blockOutChannels, expectedSd.blockOutChannels);

    const auto flux = mdl::AutoencoderKLConfig::fromJson(writeText("flux_vae.json", kFluxVaeJson));
    const auto expectedFlux = mdl::AutoencoderKLConfig::flux();
    EXPECT_EQ(flux.latentChannels, 16);
    EXPECT_EQ(flux.latentChannels, expectedFlux.latentChannels);
    EXPECT_DOUBLE_EQ(flux.scalingFactor, 0.3611);
    EXPECT_DOUBLE_EQ(flux.shiftFactor, 0.1159);
    EXPECT_FALSE(flux.useQuantConv);
    EXPECT_FALSE(flux.usePostQuantConv);
    EXPECT_EQ(flux.useQuantConv, expectedFlux.useQuantConv);
}

TEST(AutoencoderKL, UnsupportedConfigsNameTheKeyAndFile)
{
    struct Case {
        std::string from, to, key;
    };
    const std::vector<Case> cases{
        {"\"DownEncoderBlock2D\", \"DownEncoderBlock2D\"]", "\"DownEncoderBlock2D\", \"AttnDownEncoderBlock2D\"]",
            "down_block_types"},
        {"\"UpDecoderBlock2D\", \"UpDecoderBlock2D\"]", "\"UpDecoderBlock2D\"]", "up_block_types"},
        {"\"act_fn\": \"silu\"", "\"act_fn\": \"gelu\"", "act_fn"},
        {"\"_class_name\": \"AutoencoderKL\"", "\"_class_name\": \"AutoencoderTiny\"", "_class_name"},
        {"\"latents_mean\": null", "\"latents_mean\": [0.1, 0.2]", "latents_mean"},
        {"\"norm_num_groups\": 32", "\"norm_num_groups\": 48", "block_out_channels"},
        {"\"layers_per_block\": 2", "\"layers_per_block\": \"2\"", "layers_per_block"},
    };
    int index = 0;
    for (const Case& c : cases) {
        std::string text = kFluxVaeJson;
        const auto at = text.find(c.from);
        ASSERT_NE(at, std::string::npos) << c.from;
        text.replace(at, c.from.size(), c.to);
        const auto path = writeText("bad_vae_" + std::to_string(index++) + ".json", text);
        const std::string message = loadError([&] { mdl::AutoencoderKLConfig::fromJson(path); });
        EXPECT_NE(message.find(path.string()), std::string::npos) << message;
        EXPECT_NE(message.find("'" + c.key + "'"), std::string::npos) << message;
    }
}

TEST(AutoencoderKL, TinyConfigurationShapes)
{
    const c10::AutoGradMode noGrad(false);
    mdl::AutoencoderKL vae(tinyConfig());
    randomize(*vae, 1);
    EXPECT_EQ(vae->downscale(), 2);
    EXPECT_EQ(vae->decode(at::randn({2, 4, 3, 5})).sizes(), (at::IntArrayRef{2, 3, 6, 10}));
    EXPECT_EQ(vae->encode(at::rand({2, 3, 8, 6}) * 2 - 1).sizes(), (at::IntArrayRef{2, 4, 4, 3}));
    const auto [mean, logVariance] = vae->encodeDistribution(at::rand({1, 3, 4, 4}));
    EXPECT_EQ(mean.sizes(), (at::IntArrayRef{1, 4, 2, 2}));
    EXPECT_EQ(logVariance.sizes(), (at::IntArrayRef{1, 4, 2, 2}));
    EXPECT_LE(logVariance.max().item<double>(), 20.0);

    auto threeLevels = tinyConfig();
    threeLevels.blockOutChannels = {8, 8, 16};
    mdl::AutoencoderKL deeper(threeLevels);
    EXPECT_EQ(deeper->downscale(), 4);
    EXPECT_EQ(deeper->decode(at::randn({1, 4, 2, 3})).sizes(), (at::IntArrayRef{1, 3, 8, 12}));
    EXPECT_EQ(deeper->encode(at::randn({1, 3, 8, 12})).sizes(), (at::IntArrayRef{1, 4, 2, 3}));

    EXPECT_THROW(vae->decode(at::randn({1, 3, 2, 2})), std::invalid_argument);
    EXPECT_THROW(vae->encode(at::randn({1, 3, 5, 4})), std::invalid_argument);
    EXPECT_THROW(vae->encode(at::randn({1, 4, 4, 4})), std::invalid_argument);
    auto badGroups = tinyConfig();
    badGroups.normGroups = 3;
    EXPECT_THROW(mdl::AutoencoderKL{badGroups}, std::invalid_argument);
}

TEST(AutoencoderKL, WeightsRoundTripThroughSafetensors)
{
    const c10::AutoGradMode noGrad(false);
    mdl::AutoencoderKL original(tinyConfig());
    randomize(*original, 2);
    const auto file = scratch("tiny_vae.safetensors");
    mdl::writeSafetensors(file, mdl::moduleTensors(*original));

    mdl::AutoencoderKL loaded(tinyConfig());
    randomize(*loaded, 3);
    auto weights = mdl::WeightSource::fromSafetensors(file);
    mdl::loadModuleWeights(*loaded, weights);
    const at::Tensor z = at::randn({1, 4, 3, 3});
    const at::Tensor images = at::rand({1, 3, 6, 4}) * 2 - 1;
    EXPECT_TRUE(at::equal(loaded->decode(z), original->decode(z)));
    EXPECT_TRUE(at::equal(loaded->encode(images), original->encode(images)));
}

TEST(AutoencoderKL, WeightErrorsNameTensorShapeAndFile)
{
    const c10::AutoGradMode noGrad(false);
    mdl::AutoencoderKL vae(tinyConfig());
    auto tensors = mdl::moduleTensors(*vae);

    auto without = tensors;
    without.erase(std::remove_if(without.begin(), without.end(),
                      [](const auto& entry) { return entry.first == "decoder.up_blocks.1.resnets.1.conv2.weight"; }),
        without.end());
    const auto missingFile = scratch("missing.safetensors");
    mdl::writeSafetensors(missingFile, without);
    std::string message = loadError([&] {
        auto source = mdl::WeightSource::fromSafetensors(missingFile);
        mdl::loadModuleWeights(*vae, source);
    });
    EXPECT_NE(message.find("'decoder.up_blocks.1.resnets.1.conv2.weight'"), std::string::npos) << message;
    EXPECT_NE(message.find("[8, 8, 3, 3]"), std::string::npos) << message;
    EXPECT_NE(message.find(missingFile.string()), std::string::npos) << message;

    auto misShaped = tensors;
    for (auto& [name, tensor] : misShaped) {
        if (name == "encoder.mid_block.attentions.0.to_v.weight") tensor = at::zeros({16, 16, 1, 1});
    }
    const auto shapeFile = scratch("misshaped.safetensors");
    mdl::writeSafetensors(shapeFile, misShaped);
    message = loadError([&] {
        auto source = mdl::WeightSource::fromSafetensors(shapeFile);
        mdl::loadModuleWeights(*vae, source);
    });
    EXPECT_NE(message.find("'encoder.mid_block.attentions.0.to_v.weight'"), std::string::npos) << message;
    EXPECT_NE(message.find("[16, 16, 1, 1]"), std::string::npos) << message;
    EXPECT_NE(message.find("[16, 16]"), std::string::npos) << message;
    EXPECT_NE(message.find(shapeFile.string()), std::string::npos) << message;

    auto extra = tensors;
    extra.emplace_back("decoder.up_blocks.1.upsamplers.0.conv.weight", at::zeros({8, 8, 3, 3}));
    const auto extraFile = scratch("extra.safetensors");
    mdl::writeSafetensors(extraFile, extra);
    message = loadError([&] {
        auto source = mdl::WeightSource::fromSafetensors(extraFile);
        mdl::loadModuleWeights(*vae, source);
    });
    EXPECT_NE(message.find("'decoder.up_blocks.1.upsamplers.0.conv.weight'"), std::string::npos) << message;
    EXPECT_NE(message.find(extraFile.string()), std::string::npos) << message;
}

TEST(AutoencoderKL, OlderAttentionNamesLoadThroughRename)
{
    EXPECT_EQ(mdl::canonicalVaeTensorName("encoder.mid_block.attentions.0.query.weight"),
        "encoder.mid_block.attentions.0.to_q.weight");
    EXPECT_EQ(mdl::canonicalVaeTensorName("decoder.mid_block.attentions.0.key.bias"),
        "decoder.mid_block.attentions.0.to_k.bias");
    EXPECT_EQ(mdl::canonicalVaeTensorName("decoder.mid_block.attentions.0.value.weight"),
        "decoder.mid_block.attentions.0.to_v.weight");
    EXPECT_EQ(mdl::canonicalVaeTensorName("decoder.mid_block.attentions.0.proj_attn.bias"),
        "decoder.mid_block.attentions.0.to_out.0.bias");
    for (const char* unchanged :
        {"decoder.mid_block.attentions.0.to_q.weight", "decoder.mid_block.attentions.0.group_norm.weight",
            "decoder.up_blocks.0.resnets.0.conv1.weight", "encoder.key.weight", "query"}) {
        EXPECT_EQ(mdl::canonicalVaeTensorName(unchanged), unchanged);
    }

    const c10::AutoGradMode noGrad(false);
    mdl::AutoencoderKL original(tinyConfig());
    randomize(*original, 4);
    std::vector<std::pair<std::string, at::Tensor>> oldNamed;
    int renamed = 0;
    for (auto [name, tensor] : mdl::moduleTensors(*original)) {
        for (const auto& [from, to] : std::map<std::string, std::string>{
                 {".to_q.", ".query."}, {".to_k.", ".key."}, {".to_v.", ".value."}, {".to_out.0.", ".proj_attn."}}) {
            const auto at = name.find(from);
            if (at != std::string::npos) {
                name.replace(at, from.size(), to);
                ++renamed;
            }
        }
        oldNamed.emplace_back(name, tensor);
    }
    EXPECT_EQ(renamed, 16);  // 2 mid blocks x 4 projections x weight and bias
    const auto file = scratch("old_names.safetensors");
    mdl::writeSafetensors(file, oldNamed);

    mdl::AutoencoderKL loaded(tinyConfig());
    auto plain = mdl::WeightSource::fromSafetensors(file);
    EXPECT_NE(loadError([&] { mdl::loadModuleWeights(*loaded, plain); }).find("to_"), std::string::npos);

    auto source = mdl::WeightSource::fromSafetensors(file);
    source.rename(mdl::canonicalVaeTensorName);
    mdl::loadModuleWeights(*loaded, source);
    const at::Tensor z = at::randn({1, 4, 2, 2});
    EXPECT_TRUE(at::equal(loaded->decode(z), original->decode(z)));
}

TEST(AutoencoderKL, MidBlockAttentionMatchesALoop)
{
    const c10::AutoGradMode noGrad(false);
    const std::int64_t channels = 8, groups = 4, height = 3, width = 2;
    mdl::VaeAttention attention(channels, groups);
    randomize(*attention, 5);
    const at::Tensor x = at::randn({2, channels, height, width});
    const at::Tensor actual = attention->forward(x);

    auto weight = [](const torch::nn::Linear& linear) { return linear->weight.to(at::kDouble); };
    auto bias = [](const torch::nn::Linear& linear) { return linear->bias.to(at::kDouble); };
    const at::Tensor gamma = attention->group_norm->weight.to(at::kDouble);
    const at::Tensor beta = attention->group_norm->bias.to(at::kDouble);
    const at::Tensor xDouble = x.to(at::kDouble);
    const auto xd = xDouble.accessor<double, 4>();
    const std::int64_t positions = height * width, perGroup = channels / groups;
    for (std::int64_t b = 0; b < 2; ++b) {
        // GroupNorm over (channels of the group) x (positions), biased variance, eps 1e-6.
        std::vector<std::vector<double>> normed(positions, std::vector<double>(channels));
        for (std::int64_t g = 0; g < groups; ++g) {
            double sum = 0, squares = 0;
            for (std::int64_t c = g * perGroup; c < (g + 1) * perGroup; ++c) {
                for (std::int64_t p = 0; p < positions; ++p) sum += xd[b][c][p / width][p % width];
            }
            const double mean = sum / (perGroup * positions);
            for (std::int64_t c = g * perGroup; c < (g + 1) * perGroup; ++c) {
                for (std::int64_t p = 0; p < positions; ++p) {
                    const double d = xd[b][c][p / width][p % width] - mean;
                    squares += d * d;
                }
            }
            const double inverse = 1.0 / std::sqrt(squares / (perGroup * positions) + 1e-6);
            for (std::int64_t c = g * perGroup; c < (g + 1) * perGroup; ++c) {
                for (std::int64_t p = 0; p < positions; ++p) {
                    normed[p][c] = (xd[b][c][p / width][p % width] - mean) * inverse * gamma[c].item<double>()
                        + beta[c].item<double>();
                }
            }
        }
        auto project = [&](const at::Tensor& w, const at::Tensor& bi, const std::vector<double>& in) {
            std::vector<double> out(channels);
            for (std::int64_t o = 0; o < channels; ++o) {
                double total = bi[o].item<double>();
                for (std::int64_t i = 0; i < channels; ++i) total += w[o][i].item<double>() * in[i];
                out[o] = total;
            }
            return out;
        };
        std::vector<std::vector<double>> q, k, v;
        for (std::int64_t p = 0; p < positions; ++p) {
            q.push_back(project(weight(attention->to_q), bias(attention->to_q), normed[p]));
            k.push_back(project(weight(attention->to_k), bias(attention->to_k), normed[p]));
            v.push_back(project(weight(attention->to_v), bias(attention->to_v), normed[p]));
        }
        for (std::int64_t p = 0; p < positions; ++p) {
            std::vector<double> scores(positions);
            double largest = -1e300, total = 0;
            for (std::int64_t r = 0; r < positions; ++r) {
                double dot = 0;
                for (std::int64_t c = 0; c < channels; ++c) dot += q[p][c] * k[r][c];
                scores[r] = dot / std::sqrt(static_cast<double>(channels));
                largest = std::max(largest, scores[r]);
            }
            for (double& s : scores) total += (s = std::exp(s - largest));
            std::vector<double> mixed(channels, 0.0);
            for (std::int64_t r = 0; r < positions; ++r) {
                for (std::int64_t c = 0; c < channels; ++c) mixed[c] += scores[r] / total * v[r][c];
            }
            const std::vector<double> out = project(weight(attention->outProj), bias(attention->outProj), mixed);
            for (std::int64_t c = 0; c < channels; ++c) {
                const double want = xd[b][c][p / width][p % width] + out[c];
                EXPECT_NEAR(actual[b][c][p / width][p % width].item<double>(), want, 1e-4) << b << " " << c << " " << p;
            }
        }
    }

    // The mid blocks hold this module under diffusers' name.
    mdl::AutoencoderKL vae(tinyConfig());
    const auto modules = vae->named_modules();
    EXPECT_TRUE(std::dynamic_pointer_cast<mdl::VaeAttentionImpl>(modules["decoder.mid_block.attentions.0"]));
    EXPECT_TRUE(std::dynamic_pointer_cast<mdl::VaeAttentionImpl>(modules["encoder.mid_block.attentions.0"]));
    auto plain = tinyConfig();
    plain.midBlockAddAttention = false;
    const auto withoutAttention = shapesOf(*mdl::AutoencoderKL(plain));
    EXPECT_EQ(withoutAttention.count("decoder.mid_block.attentions.0.to_q.weight"), 0U);
    EXPECT_EQ(withoutAttention.count("decoder.mid_block.resnets.1.conv1.weight"), 1U);
}

namespace {

// diffusers' VAE written out with functional ops over the named tensors, as a second path for the module code.
struct FunctionalVae {
    std::map<std::string, at::Tensor> w;
    std::int64_t groups;

    at::Tensor norm(const at::Tensor& x, const std::string& name) const
    {
        return at::group_norm(x, groups, w.at(name + ".weight"), w.at(name + ".bias"), 1e-6);
    }
    at::Tensor conv(
        const at::Tensor& x, const std::string& name, std::int64_t stride = 1, std::int64_t padding = 1) const
    {
        return at::conv2d(x, w.at(name + ".weight"), w.at(name + ".bias"), {stride, stride}, {padding, padding});
    }
    at::Tensor resnet(const at::Tensor& x, const std::string& name) const
    {
        at::Tensor h = conv(at::silu(norm(x, name + ".norm1")), name + ".conv1");
        h = conv(at::silu(norm(h, name + ".norm2")), name + ".conv2");
        const bool shortcut = w.count(name + ".conv_shortcut.weight") != 0;
        return (shortcut ? conv(x, name + ".conv_shortcut", 1, 0) : x) + h;
    }
    at::Tensor attention(const at::Tensor& x, const std::string& name) const
    {
        const auto b = x.size(0), c = x.size(1), hgt = x.size(2), wid = x.size(3);
        const at::Tensor t = norm(x, name + ".group_norm").flatten(2).transpose(1, 2);
        auto linear = [&](const std::string& layer, const at::Tensor& in) {
            return at::linear(in, w.at(name + "." + layer + ".weight"), w.at(name + "." + layer + ".bias"));
        };
        const at::Tensor q = linear("to_q", t), k = linear("to_k", t), v = linear("to_v", t);
        const at::Tensor a = at::softmax(at::matmul(q, k.transpose(1, 2)) / std::sqrt(static_cast<double>(c)), -1);
        return x + linear("to_out.0", at::matmul(a, v)).transpose(1, 2).reshape({b, c, hgt, wid});
    }
    at::Tensor mid(const at::Tensor& x, const std::string& name) const
    {
        return resnet(attention(resnet(x, name + ".resnets.0"), name + ".attentions.0"), name + ".resnets.1");
    }
    // Two levels, one resnet per down block, two per up block.
    at::Tensor encode(const at::Tensor& images) const
    {
        at::Tensor x = conv(images, "encoder.conv_in");
        x = resnet(x, "encoder.down_blocks.0.resnets.0");
        x = conv(at::constant_pad_nd(x, {0, 1, 0, 1}, 0), "encoder.down_blocks.0.downsamplers.0.conv", 2, 0);
        x = resnet(x, "encoder.down_blocks.1.resnets.0");
        x = mid(x, "encoder.mid_block");
        x = conv(at::silu(norm(x, "encoder.conv_norm_out")), "encoder.conv_out");
        return conv(x, "quant_conv", 1, 0);
    }
    at::Tensor decode(const at::Tensor& z) const
    {
        at::Tensor x = conv(conv(z, "post_quant_conv", 1, 0), "decoder.conv_in");
        x = mid(x, "decoder.mid_block");
        x = resnet(resnet(x, "decoder.up_blocks.0.resnets.0"), "decoder.up_blocks.0.resnets.1");
        x = conv(at::upsample_nearest2d(x, {x.size(2) * 2, x.size(3) * 2}), "decoder.up_blocks.0.upsamplers.0.conv");
        x = resnet(resnet(x, "decoder.up_blocks.1.resnets.0"), "decoder.up_blocks.1.resnets.1");
        return conv(at::silu(norm(x, "decoder.conv_norm_out")), "decoder.conv_out");
    }
};

}  // namespace

TEST(AutoencoderKL, EncoderAndDecoderMatchAFunctionalWriteOut)
{
    const c10::AutoGradMode noGrad(false);
    mdl::AutoencoderKL vae(tinyConfig());
    randomize(*vae, 11);
    FunctionalVae reference{{}, 4};
    for (const auto& [name, tensor] : mdl::moduleTensors(*vae)) reference.w.emplace(name, tensor.to(at::kDouble));

    // Odd sizes at the latent level make a wrong padding side or upsampling mode visible.
    const at::Tensor z = at::randn({2, 4, 3, 5});
    const at::Tensor expectedImages = reference.decode(z.to(at::kDouble) / 0.18215);
    const at::Tensor images = vae->decode(z);
    ASSERT_EQ(images.sizes(), expectedImages.sizes());
    EXPECT_TRUE(at::allclose(images.to(at::kDouble), expectedImages, 1e-4, 1e-4))
        << (images.to(at::kDouble) - expectedImages).abs().max();

    const at::Tensor pixels = at::rand({2, 3, 6, 10}) * 2 - 1;
    const at::Tensor moments = reference.encode(pixels.to(at::kDouble));
    const auto [mean, logVariance] = vae->encodeDistribution(pixels);
    EXPECT_TRUE(at::allclose(mean.to(at::kDouble), moments.slice(1, 0, 4), 1e-4, 1e-4));
    EXPECT_TRUE(at::allclose(logVariance.to(at::kDouble), moments.slice(1, 4, 8), 1e-4, 1e-4));
    EXPECT_TRUE(at::allclose(vae->encode(pixels).to(at::kDouble), moments.slice(1, 0, 4) * 0.18215, 1e-4, 1e-4));
}

TEST(AutoencoderKL, ScalingShiftAndQuantConvsFollowDiffusersOrder)
{
    const c10::AutoGradMode noGrad(false);
    auto scaled = tinyConfig();
    scaled.scalingFactor = 0.5;
    scaled.shiftFactor = 0.25;
    mdl::AutoencoderKL vae(scaled);
    randomize(*vae, 6);

    // A second model with the same encoder and decoder, but no scaling, shift or quant convs: they are applied by
    // hand here, in the order diffusers applies them.
    auto bare = tinyConfig();
    bare.scalingFactor = 1.0;
    bare.shiftFactor = 0.0;
    bare.useQuantConv = false;
    bare.usePostQuantConv = false;
    mdl::AutoencoderKL raw(bare);
    std::vector<std::pair<std::string, at::Tensor>> shared;
    for (const auto& [name, tensor] : mdl::moduleTensors(*vae)) {
        if (name.rfind("quant_conv.", 0) != 0 && name.rfind("post_quant_conv.", 0) != 0)
            shared.emplace_back(name, tensor);
    }
    auto source = mdl::WeightSource::fromTensors(shared, "shared weights");
    mdl::loadModuleWeights(*raw, source);

    const auto modules = vae->named_modules();
    const auto postQuant = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(modules["post_quant_conv"]);
    const auto quant = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(modules["quant_conv"]);
    ASSERT_TRUE(postQuant && quant);

    const at::Tensor z = at::randn({1, 4, 3, 2});
    const at::Tensor viaRaw = raw->decode(at::conv2d(z / 0.5 + 0.25, postQuant->weight, postQuant->bias));
    EXPECT_TRUE(at::allclose(vae->decode(z), viaRaw, 1e-5, 1e-5));
    // The shift matters: without it the images differ.
    EXPECT_FALSE(
        at::allclose(vae->decode(z), raw->decode(at::conv2d(z / 0.5, postQuant->weight, postQuant->bias)), 1e-3, 1e-3));

    const at::Tensor images = at::rand({1, 3, 4, 6}) * 2 - 1;
    const auto [rawMean, rawLogVariance] = raw->encodeDistribution(images);
    const at::Tensor moments = at::conv2d(at::cat({rawMean, rawLogVariance}, 1), quant->weight, quant->bias);
    const auto halves = moments.chunk(2, 1);
    const auto [mean, logVariance] = vae->encodeDistribution(images);
    EXPECT_TRUE(at::allclose(mean, halves[0], 1e-5, 1e-5));
    EXPECT_TRUE(at::allclose(logVariance, halves[1].clamp(-30, 20), 1e-5, 1e-5));
    EXPECT_TRUE(at::allclose(vae->encode(images), (halves[0] - 0.25) * 0.5, 1e-5, 1e-5));
}

TEST(AutoencoderKL, GradientFromPixelsReachesTheLatent)
{
    mdl::AutoencoderKL vae(tinyConfig());
    randomize(*vae, 7);
    vae->to(at::kDouble);
    at::manual_seed(8);
    const at::Tensor z = at::randn({1, 4, 3, 3}, at::kDouble).requires_grad_(true);
    const at::Tensor pixelWeights = at::randn({1, 3, 6, 6}, at::kDouble);
    auto objective = [&](const at::Tensor& latent) { return (vae->decode(latent) * pixelWeights).sum(); };
    objective(z).backward();
    ASSERT_TRUE(z.grad().defined());
    EXPECT_GT(z.grad().abs().min().item<double>(), 0.0);

    // The analytic gradient agrees with central differences along a random direction.
    const c10::AutoGradMode noGrad(false);
    const at::Tensor direction = at::randn_like(z);
    const double h = 1e-5;
    const double numeric =
        (objective(z.detach() + h * direction).item<double>() - objective(z.detach() - h * direction).item<double>())
        / (2 * h);
    const double analytic = (z.grad() * direction).sum().item<double>();
    EXPECT_NEAR(analytic, numeric, 1e-6 * std::max(1.0, std::abs(numeric)));
}

TEST(AutoencoderKL, CheckpointingGivesTheSameGradients)
{
    mdl::AutoencoderKL vae(tinyConfig());
    randomize(*vae, 9);
    at::manual_seed(10);
    const at::Tensor latent = at::randn({2, 4, 3, 3});
    const at::Tensor images = at::rand({1, 3, 4, 4}) * 2 - 1;
    auto gradients = [&](bool checkpointing) {
        vae->setGradientCheckpointing(checkpointing);
        vae->zero_grad();
        const at::Tensor z = latent.clone().requires_grad_(true);
        const at::Tensor x = images.clone().requires_grad_(true);
        (vae->decode(z).square().mean() + vae->encode(x).sin().sum()).backward();
        const auto modules = vae->named_parameters();
        return std::vector<at::Tensor>{z.grad(), x.grad(),
            modules["decoder.up_blocks.0.resnets.0.conv1.weight"].grad().clone(),
            modules["decoder.mid_block.attentions.0.to_q.weight"].grad().clone(),
            modules["encoder.down_blocks.0.resnets.0.conv1.weight"].grad().clone()};
    };
    const auto plain = gradients(false);
    const auto checkpointed = gradients(true);
    for (std::size_t i = 0; i < plain.size(); ++i) {
        ASSERT_TRUE(checkpointed[i].defined()) << i;
        EXPECT_GT(plain[i].abs().max().item<double>(), 0.0) << i;
        EXPECT_TRUE(at::allclose(plain[i], checkpointed[i], 1e-5, 1e-6)) << i;
    }
}
