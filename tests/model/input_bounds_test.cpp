// Issue 20, point 5, on the model side: files that never end (a FIFO, /dev/zero, /dev/urandom, an endless line), a
// folder given as a file, config sizes that would allocate without bound (refused from the weights' headers before
// the module is built, quickly and without a large resident set) and NaN or infinite weights (refused at load, by
// tensor name). Every refusal names the file and, where one is concerned, the key or the tensor.
#include "model/backbones/clip.h"
#include "model/diffusion/sd_turbo.h"
#include "model/io/diffusers_weights.h"
#include "model/io/hf_config.h"
#include "model/io/image_io.h"
#include "model/io/pth_reader.h"
#include "model/io/safetensors.h"
#include "model/io/tflite_model.h"
#include "model/reward/reward_model.h"
#include "model/tokenizers/clip_tokenizer.h"
#include "tests/model/tiny_clip.h"
#include "tests/support/test_support.h"
#include "tests/support/tiny_sd_turbo.h"
#include "util/bounded_file.h"
#include "util/json.h"

#include <ATen/ATen.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <torch/nn/modules/linear.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <string>

namespace tastelab::model {
namespace {

namespace fs = std::filesystem;
using tastelab::testing::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;

// Before the bounded reads, a FIFO blocked std::ifstream's open forever: the alarm ends the binary instead.
class InputBounds : public ::testing::Test {
protected:
    void SetUp() override { ::alarm(120); }
    void TearDown() override { ::alarm(0); }
};

// The message of the exception of type E that `function` throws.
template <typename E>
std::string errorOf(const std::function<void()>& function)
{
    try {
        function();
    } catch (const E& error) {
        return error.what();
    }
    ADD_FAILURE() << "no exception of the expected type was thrown";
    return {};
}

// Peak resident set of this process in MiB.
double peakRssMiB()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void makeFifo(const fs::path& file)
{
    std::error_code ec;
    fs::remove(file, ec);
    ASSERT_EQ(::mkfifo(file.c_str(), 0600), 0) << std::strerror(errno);
}

void replaceInFile(const fs::path& file, const std::string& from, const std::string& to)
{
    std::string text = util::readFileBounded(file, 1 << 20);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from << " not in " << file;
    text.replace(at, from.size(), to);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

// Rewrites a safetensors file with `change` applied to its tensors (metadata kept).
void rewriteSafetensors(const fs::path& file, const std::function<void(std::string&, at::Tensor&)>& change)
{
    const SafetensorsFile in = SafetensorsFile::open(file);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const TensorInfo& info : in.tensors()) {
        tensors.emplace_back(info.name, in.load(info.name));
        change(tensors.back().first, tensors.back().second);
    }
    const auto metadata = in.metadata();
    writeSafetensors(file, tensors, metadata);
}

// ---- Files that are not regular files ---------------------------------------------------------------------------

TEST_F(InputBounds, AFifoGivenAsAnyModelFileIsRefusedWithoutBlocking)
{
    TempDir dir;
    const fs::path fifo = dir / "input";
    makeFifo(fifo);
    const auto refuses = [&](const std::string& message) {
        EXPECT_THAT(message, AllOf(HasSubstr(fifo.string()), HasSubstr("FIFO"))) << message;
    };
    refuses(errorOf<ImageError>([&] { decodeImageFile(fifo); }));
    refuses(errorOf<ModelLoadError>([&] { readConfigJson(fifo); }));
    refuses(errorOf<SafetensorsError>([&] { SafetensorsFile::open(fifo); }));
    refuses(errorOf<ModelLoadError>([&] { readPthStateDict(fifo); }));
    refuses(errorOf<TfliteError>([&] { TfliteModel::load(fifo); }));
}

TEST_F(InputBounds, DevicesThatNeverEndAreRefusedUnread)
{
    for (const char* device : {"/dev/zero", "/dev/urandom"}) {
        if (!fs::exists(device)) continue;
        const auto refuses = [&](const std::string& message) {
            EXPECT_THAT(message, AllOf(HasSubstr(device), HasSubstr("character device"))) << message;
        };
        refuses(errorOf<ImageError>([&] { decodeImageFile(device); }));
        refuses(errorOf<ModelLoadError>([&] { readConfigJson(device); }));
        refuses(errorOf<ModelLoadError>([&] { readPthStateDict(device); }));
        refuses(errorOf<TfliteError>([&] { TfliteModel::load(device); }));
    }
}

TEST_F(InputBounds, AFolderGivenAsAFileIsNamedAsAFolder)
{
    TempDir dir;
    fs::create_directories(dir / "config.json");
    fs::create_directories(dir / "photo.png");
    EXPECT_THAT(errorOf<ModelLoadError>([&] { readConfigJson(dir / "config.json"); }),
        AllOf(HasSubstr((dir / "config.json").string()), HasSubstr("a folder, not a file")));
    EXPECT_THAT(errorOf<ImageError>([&] { decodeImageFile(dir / "photo.png"); }),
        AllOf(HasSubstr((dir / "photo.png").string()), HasSubstr("a folder, not a file")));
}

TEST_F(InputBounds, AnEndlessLineInAMergesFileIsRefusedWithItsNumber)
{
    TempDir dir;
    writeTinyClip(dir.path(), 1, 3);
    std::ofstream(dir / "tokenizer" / "merges.txt", std::ios::trunc) << "#version: 0.2\n"
                                                                     << std::string(2'000'000, 'c');
    const std::string message = errorOf<TokenizerError>([&] { ClipTokenizer::fromHuggingFaceFolder(dir.path()); });
    EXPECT_THAT(message, AllOf(HasSubstr("merges.txt"), HasSubstr("line 2"), HasSubstr("longer than 1048576 bytes")));
}

// ---- Config sizes against the weights on disk -------------------------------------------------------------------

class SdTurboSizes : public InputBounds {
protected:
    void SetUp() override
    {
        InputBounds::SetUp();
        tastelab::testing::writeTinySdTurboFolder(folder(), 5);
    }
    fs::path folder() const { return dir_ / "sd-turbo"; }
    std::string loadError() const
    {
        const auto start = std::chrono::steady_clock::now();
        const std::string message = errorOf<ModelLoadError>([&] { SdTurboPipeline::load(folder()); });
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        EXPECT_LT(seconds, 30.0) << "the refusal should come before anything large is built";
        EXPECT_LT(peakRssMiB(), 2048.0) << "a refused config must not have allocated its model";
        return message;
    }

    TempDir dir_;
};

TEST_F(SdTurboSizes, TheTinyFolderLoads)
{
    EXPECT_NO_THROW(SdTurboPipeline::load(folder()));
}

TEST_F(SdTurboSizes, AHiddenSizeOfABillionIsRefusedByKeyBeforeAllocation)
{
    const fs::path config = folder() / "text_encoder" / "config.json";
    replaceInFile(config, R"("hidden_size": 32)", R"("hidden_size": 1000000000)");
    const std::string message = loadError();
    EXPECT_THAT(message, AllOf(HasSubstr(config.string()), HasSubstr("'hidden_size'"), HasSubstr("1000000000")));
}

TEST_F(SdTurboSizes, UNetChannelsTheWeightsCannotFillAreRefusedBeforeAllocation)
{
    // Within every cap, but 32768-channel levels need some 10^10 parameters: the 4-byte-per-value module alone
    // would be tens of gigabytes.
    const fs::path config = folder() / "unet" / "config.json";
    replaceInFile(config, R"("block_out_channels": [32, 64])", R"("block_out_channels": [32768, 32768])");
    const std::string message = loadError();
    EXPECT_THAT(message,
        AllOf(HasSubstr(config.string()), HasSubstr("block_out_channels[0] 32768"),
            HasSubstr("diffusion_pytorch_model.safetensors"), HasSubstr("hold only")));
}

TEST_F(SdTurboSizes, VaeLayersTheWeightsCannotFillAreRefused)
{
    const fs::path config = folder() / "vae" / "config.json";
    replaceInFile(config, R"("layers_per_block": 1)", R"("layers_per_block": 1000)");
    replaceInFile(config, R"("block_out_channels": [8, 16, 16, 16])", R"("block_out_channels": [512, 512, 512, 512])");
    EXPECT_THAT(loadError(),
        AllOf(HasSubstr(config.string()), HasSubstr("layers_per_block 1000"), HasSubstr("block_out_channels[3] 512")));
}

TEST_F(SdTurboSizes, AUNetLayerCountBeyondTheCapIsRefusedByKey)
{
    const fs::path config = folder() / "unet" / "config.json";
    replaceInFile(config, R"("layers_per_block": 1)", R"("layers_per_block": 100000)");
    EXPECT_THAT(loadError(), AllOf(HasSubstr(config.string()), HasSubstr("'layers_per_block' is 100000")));
}

TEST_F(SdTurboSizes, AConfigFifoIsRefusedWithoutBlocking)
{
    makeFifo(folder() / "unet" / "config.json");
    EXPECT_THAT(loadError(), AllOf(HasSubstr("config.json"), HasSubstr("FIFO")));
}

// ---- NaN and infinite weights -----------------------------------------------------------------------------------

TEST_F(SdTurboSizes, ANanInAUNetTensorIsRefusedByName)
{
    const fs::path weights = folder() / "unet" / "diffusion_pytorch_model.safetensors";
    rewriteSafetensors(weights, [](std::string& name, at::Tensor& tensor) {
        if (name == "conv_in.weight") tensor.view({-1})[5] = std::numeric_limits<float>::quiet_NaN();
    });
    EXPECT_THAT(loadError(),
        AllOf(HasSubstr(weights.string()), HasSubstr("'conv_in.weight'"), HasSubstr("NaN"), HasSubstr("element 5")));
}

TEST_F(InputBounds, InfiniteWeightsFromAPthStateDictAreRefusedByName)
{
    torch::nn::Linear linear(3, 2);
    at::Tensor weight = at::zeros({2, 3});
    weight[1][2] = -std::numeric_limits<float>::infinity();
    WeightSource source = WeightSource::fromTensors({{"weight", weight}, {"bias", at::zeros({2})}}, "unet/model.bin");
    EXPECT_THAT(errorOf<ModelLoadError>([&] { loadModuleWeights(*linear, source); }),
        AllOf(HasSubstr("unet/model.bin"), HasSubstr("'weight'"), HasSubstr("-inf"), HasSubstr("element 5")));
}

TEST_F(InputBounds, ANanInAClipBackboneIsRefusedByName)
{
    TempDir dir;
    writeTinyClip(dir.path(), 1, 3);
    rewriteSafetensors(dir / "model.safetensors", [](std::string& name, at::Tensor& tensor) {
        if (name == "vision_model.post_layernorm.weight") tensor[0] = std::numeric_limits<float>::quiet_NaN();
    });
    EXPECT_THAT(errorOf<ClipError>([&] { ClipModel::fromFolder(dir.path()); }),
        AllOf(HasSubstr("model.safetensors"), HasSubstr("'vision_model.post_layernorm.weight'"), HasSubstr("NaN")));
}

class RewardCheckpoint : public InputBounds {
protected:
    void SetUp() override
    {
        InputBounds::SetUp();
        RewardModelConfig config;
        config.backbone = "test-backbone";
        config.imageDim = 8;
        config.hidden = 4;
        config.prototypes = 2;
        config.people = 3;
        RewardModel(config).save(file());
    }
    fs::path file() const { return dir_ / "reward.safetensors"; }
    // Rewrites the checkpoint with one config value changed.
    void setConfig(const std::string& key, std::int64_t value) const
    {
        const SafetensorsFile in = SafetensorsFile::open(file());
        auto metadata = in.metadata();
        util::JsonValue config = util::parseJson(metadata.at("config"));
        config.set(key, util::JsonValue(value));
        metadata["config"] = util::toJson(config);
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        for (const TensorInfo& info : in.tensors()) tensors.emplace_back(info.name, in.load(info.name));
        writeSafetensors(file(), tensors, metadata);
    }

    TempDir dir_;
};

TEST_F(RewardCheckpoint, LoadsAsSaved)
{
    EXPECT_NO_THROW(RewardModel::load(file()));
}

TEST_F(RewardCheckpoint, AnInfiniteWeightIsRefusedByName)
{
    rewriteSafetensors(file(), [](std::string& name, at::Tensor& tensor) {
        if (name == "item_out.weight") tensor[0][1] = std::numeric_limits<float>::infinity();
    });
    EXPECT_THAT(errorOf<CheckpointError>([&] { RewardModel::load(file()); }),
        AllOf(HasSubstr(file().string()), HasSubstr("'item_out.weight'"), HasSubstr("inf"), HasSubstr("element 1")));
}

TEST_F(RewardCheckpoint, ConfigSizesBeyondTheCapsOrTheWeightsAreRefusedBeforeAllocation)
{
    setConfig("hidden", 1'000'000'000);
    EXPECT_THAT(errorOf<CheckpointError>([&] { RewardModel::load(file()); }),
        AllOf(HasSubstr(file().string()), HasSubstr("'hidden' is 1000000000")));
    setConfig("hidden", 4);
    setConfig("people", std::int64_t{1} << 40);  // was narrowed to int
    EXPECT_THAT(errorOf<CheckpointError>([&] { RewardModel::load(file()); }), HasSubstr("'people' is 1099511627776"));
    setConfig("people", 5'000'000);  // within the cap, but 5M people x (4 + 8) values are not in the file
    EXPECT_THAT(errorOf<CheckpointError>([&] { RewardModel::load(file()); }),
        AllOf(HasSubstr("people 5000000"), HasSubstr("hold only")));
    EXPECT_LT(peakRssMiB(), 2048.0);
}

}  // namespace
}  // namespace tastelab::model
