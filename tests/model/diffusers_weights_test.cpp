// The weights plumbing shared by the generator components: names, shapes, leftovers and config reads, each error
// naming the tensor, the shape and the file.
#include "model/io/diffusers_weights.h"
#include "model/io/hf_config.h"

#include "model/io/safetensors.h"
#include "tests/support/test_support.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include <filesystem>
#include <fstream>

namespace mdl = tastelab::model;

namespace {

struct TwoLayers : torch::nn::Module {
    TwoLayers()
    {
        first = register_module("first", torch::nn::Linear(3, 4));
        second = register_module("second", torch::nn::Linear(torch::nn::LinearOptions(4, 2).bias(false)));
        register_buffer("scale", at::ones({2}));
    }
    torch::nn::Linear first{nullptr};
    torch::nn::Linear second{nullptr};
};

std::filesystem::path scratch(const std::string& name)
{
    static const tastelab::testing::TempDir dir;  // removed when the test program ends
    return dir / name;
}

std::string messageOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const mdl::ModelLoadError& error) {
        return error.what();
    }
    return "(no error)";
}

}  // namespace

TEST(DiffusersWeights, LoadsEveryParameterAndBufferByName)
{
    TwoLayers source;
    source.named_buffers()["scale"].fill_(3.0);
    const auto file = scratch("two.safetensors");
    mdl::writeSafetensors(file, mdl::moduleTensors(source));

    TwoLayers target;
    auto weights = mdl::WeightSource::fromSafetensors(file);
    mdl::loadModuleWeights(target, weights);
    EXPECT_TRUE(at::equal(target.first->weight, source.first->weight));
    EXPECT_TRUE(at::equal(target.second->weight, source.second->weight));
    EXPECT_FLOAT_EQ(target.named_buffers()["scale"][1].item<float>(), 3.0F);
    EXPECT_TRUE(weights.untaken().empty());
}

TEST(DiffusersWeights, HalfPrecisionFilesLoadIntoFloatModules)
{
    TwoLayers source;
    auto tensors = mdl::moduleTensors(source);
    for (auto& entry : tensors) entry.second = entry.second.to(at::kHalf);
    const auto file = scratch("half.safetensors");
    mdl::writeSafetensors(file, tensors);
    TwoLayers target;
    auto weights = mdl::WeightSource::fromSafetensors(file);
    mdl::loadModuleWeights(target, weights);
    EXPECT_EQ(target.first->weight.scalar_type(), at::kFloat);
    EXPECT_TRUE(at::allclose(target.first->weight, source.first->weight.to(at::kHalf).to(at::kFloat)));
}

TEST(DiffusersWeights, MissingMisShapedAndUnexpectedTensorsAreNamed)
{
    TwoLayers source;
    auto tensors = mdl::moduleTensors(source, "unet.");

    auto missing = tensors;
    missing.erase(missing.begin() + 1);  // unet.first.bias
    auto weights = mdl::WeightSource::fromTensors(missing, "checkpoint.pth");
    TwoLayers target;
    const std::string missingMessage = messageOf([&] { mdl::loadModuleWeights(target, weights, "unet."); });
    EXPECT_NE(missingMessage.find("'unet.first.bias'"), std::string::npos) << missingMessage;
    EXPECT_NE(missingMessage.find("[4]"), std::string::npos) << missingMessage;
    EXPECT_NE(missingMessage.find("checkpoint.pth"), std::string::npos) << missingMessage;

    auto misShaped = tensors;
    misShaped[0].second = at::zeros({4, 5});
    auto shapeWeights = mdl::WeightSource::fromTensors(misShaped, "checkpoint.pth");
    const std::string shapeMessage = messageOf([&] { mdl::loadModuleWeights(target, shapeWeights, "unet."); });
    EXPECT_NE(shapeMessage.find("'unet.first.weight' has shape [4, 5], expected [4, 3]"), std::string::npos)
        << shapeMessage;

    auto extra = tensors;
    extra.emplace_back("unet.third.weight", at::zeros({1}));
    extra.emplace_back("vae.other", at::zeros({1}));  // outside the prefix: not this module's business
    auto extraWeights = mdl::WeightSource::fromTensors(extra, "checkpoint.pth");
    const std::string extraMessage = messageOf([&] { mdl::loadModuleWeights(target, extraWeights, "unet."); });
    EXPECT_NE(extraMessage.find("1 unexpected tensor"), std::string::npos) << extraMessage;
    EXPECT_NE(extraMessage.find("'unet.third.weight'"), std::string::npos) << extraMessage;
    EXPECT_EQ(extraMessage.find("vae.other"), std::string::npos) << extraMessage;
}

TEST(DiffusersWeights, RenamingMapsOldNamesAndRefusesCollisions)
{
    auto weights = mdl::WeightSource::fromTensors({{"attn.query.weight", at::ones({2, 2})}}, "old.safetensors");
    weights.rename(
        [](const std::string& name) { return name == "attn.query.weight" ? std::string("attn.to_q.weight") : name; });
    EXPECT_TRUE(weights.contains("attn.to_q.weight"));
    EXPECT_FALSE(weights.contains("attn.query.weight"));
    EXPECT_TRUE(at::equal(weights.take("attn.to_q.weight", {2, 2}), at::ones({2, 2})));
    EXPECT_NE(messageOf([&] { weights.take("attn.to_q.weight", {2, 2}); }).find("twice"), std::string::npos);

    auto clash = mdl::WeightSource::fromTensors({{"a", at::ones({1})}, {"b", at::ones({1})}}, "x.safetensors");
    EXPECT_NE(
        messageOf([&] { clash.rename([](const std::string&) { return std::string("same"); }); }).find("both mean"),
        std::string::npos);
}

TEST(DiffusersWeights, ConfigReadsNameTheKeyAndTheFile)
{
    const auto file = scratch("config.json");
    {
        std::ofstream out(file);
        out << R"({"layers": 2, "eps": 1e-6, "flag": true, "name": "x", "heads": 8, "list": [1, 2], "bad": "two"})";
    }
    const auto config = mdl::readConfigJson(file);
    EXPECT_EQ(mdl::configInt(config, "layers", 0, file), 2);
    EXPECT_EQ(mdl::configInt(config, "absent", 7, file), 7);
    EXPECT_DOUBLE_EQ(mdl::configDouble(config, "eps", 0, file), 1e-6);
    EXPECT_TRUE(mdl::configBool(config, "flag", false, file));
    EXPECT_EQ(mdl::configIntList(config, "heads", {}, file, 3), (std::vector<std::int64_t>{8, 8, 8}));
    EXPECT_EQ(mdl::configIntList(config, "list", {}, file), (std::vector<std::int64_t>{1, 2}));
    const std::string typeMessage = messageOf([&] { mdl::configInt(config, "bad", 0, file); });
    EXPECT_NE(typeMessage.find("'bad'"), std::string::npos) << typeMessage;
    EXPECT_NE(typeMessage.find("config.json"), std::string::npos) << typeMessage;

    const auto broken = scratch("broken.json");
    {
        std::ofstream out(broken);
        out << "{\"layers\": ";
    }
    EXPECT_NE(messageOf([&] { mdl::readConfigJson(broken); }).find("broken.json"), std::string::npos);
    EXPECT_NE(messageOf([&] { mdl::readConfigJson(scratch("absent.json")); }).find("absent.json"), std::string::npos);
}
