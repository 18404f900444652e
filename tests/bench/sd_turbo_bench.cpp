// SD-Turbo speed and memory: a one-step 512x512 render with a full-size SD-Turbo-shaped pipeline (random weights: the
// time does not depend on them) in fp16 on a GPU, and ReNO noise optimization through it against a reward on a CLIP
// ViT-B/16-shaped image tower (issue targets: 50 iterations in at most 10 s on an H100; ReNO reports under 30 s).
// The baseline measured in the same run is one forward render without gradients, so the ratio per iteration says
// what the backward pass adds. On a CPU without a GPU, --tiny times the tiny test configuration instead.
//
//   sd_turbo_bench [--device auto|cpu|cuda] [--dtype fp16|bf16|fp32] [--size 512] [--images 10]
//                  [--iterations 50] [--checkpointing] [--no-steer] [--tiny] [--reward clip|red]
#include "tests/bench/pipeline_bench.h"

#include "model/backbones/clip.h"
#include "model/diffusion/sd_turbo.h"
#include "model/nn/runtime.h"
#include "model/steering/noise_optimizer.h"
#include "tests/support/random_pipelines.h"
#include "tests/support/tiny_sd_turbo.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

using namespace tastelab::model;
using tastelab::bench::Clock;
using tastelab::bench::secondsSince;

namespace {

}  // namespace

int main(int argc, char** argv)
{
    tastelab::bench::PipelineBenchOptions common;
    common.iterations = 50;
    const std::string& dtypeName = common.dtype;
    int& size = common.size;
    const int& iterations = common.iterations;
    const bool& tiny = common.tiny;
    int images = 10;
    bool checkpointing = false, steer = true;
    std::string reward = "clip";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : "";
        if (tastelab::bench::parsePipelineOption(argc, argv, i, common))
            continue;
        else if (arg == "--images")
            images = std::max(1, std::atoi(value)), ++i;
        else if (arg == "--checkpointing")
            checkpointing = true;
        else if (arg == "--no-steer")
            steer = false;
        else if (arg == "--reward")
            reward = value, ++i;
        else {
            std::fprintf(stderr, "unknown option %s\n", arg.c_str());
            return 2;
        }
    }
    const c10::Device device = tastelab::bench::resolveBenchDevice(common, "fp16", false);
    const at::ScalarType dtype = dtypeName == "fp16" ? at::kHalf : dtypeName == "bf16" ? at::kBFloat16 : at::kFloat;

    SdTurboOptions options;
    options.device = device;
    options.dtype = dtype;
    options.gradientCheckpointing = checkpointing;
    const auto loadStart = Clock::now();
    std::filesystem::path tinyFolder;
    std::optional<SdTurboPipeline> pipeline;
    if (tiny) {
        tinyFolder = std::filesystem::temp_directory_path() / "tastelab-sd-turbo-bench-tiny";
        tastelab::testing::writeTinySdTurboFolder(tinyFolder, 1);
        pipeline.emplace(SdTurboPipeline::load(tinyFolder, options));
        if (size == 0) size = 256;
    } else {
        pipeline.emplace(tastelab::testing::randomFullSizeSdTurbo(options, 1));
        if (size == 0) size = 512;
    }
    synchronize(device);
    std::printf("%s pipeline on %s in %s: %.1f M parameters, built in %.1f s (torch %s)\n",
        tiny ? "tiny" : "SD-Turbo-shaped", device.str().c_str(), dtypeName.c_str(), pipeline->parameterCount() / 1e6,
        secondsSince(loadStart), torchVersion().c_str());

    const at::Tensor embeddings = tiny ? pipeline->encodePrompts({"a watercolor painting of a lighthouse at dusk"})
                                       : at::randn({1, 77, pipeline->textHiddenSize()}).to(device, dtype);
    const at::Tensor noise = pipeline->noiseForSeeds({42}, size);

    // Forward renders (no gradients): the baseline.
    double forwardMs = 0;
    {
        const c10::AutoGradMode noGrad(false);
        for (int warm = 0; warm < 2; ++warm) (void)pipeline->render(noise, embeddings);
        synchronize(device);
        resetPeakDeviceMemory(device);
        const auto start = Clock::now();
        for (int i = 0; i < images; ++i) (void)pipeline->render(noise, embeddings);
        synchronize(device);
        forwardMs = secondsSince(start) * 1000.0 / images;
    }
    std::printf("render %dx%d, 1 step: %.1f ms per image (%d images), peak memory %.0f MiB\n", size, size, forwardMs,
        images, peakDeviceMemoryBytes(device) / 1048576.0);
    if (!steer) return 0;

    // Noise optimization against a CLIP ViT-B/16-shaped image reward: cosine to a fixed random direction.
    ClipConfig clipConfig;
    clipConfig.patchSize = 16;
    ClipModel clip = ClipModel::randomForBenchmark(clipConfig, 3);
    clip.to(device, dtype);
    const at::Tensor target = at::randn({clipConfig.projectionDim}).to(device, at::kFloat);
    const NoiseObjective objective = [&](const at::Tensor& z) {
        const at::Tensor pixels = pipeline->render(z, embeddings);
        if (reward == "red") return pixels.select(1, 0).mean({1, 2});  // no reward network: the generator's share
        const at::Tensor features = clip.encodeImages(pixels.to(dtype)).to(at::kFloat);
        return at::cosine_similarity(features, target.unsqueeze(0), 1);
    };
    NoiseOptimizerConfig config;
    config.iterations = iterations;
    synchronize(device);
    resetPeakDeviceMemory(device);
    const auto start = Clock::now();
    const NoiseOptimizationResult result = optimizeNoise(noise, objective, config);
    synchronize(device);
    const double total = secondsSince(start);
    const double perIteration = total * 1000.0 / (result.iterations + 1);
    std::printf(
        "noise optimization, %d iterations at %dx%d%s: %.2f s in all, %.1f ms per iteration (%.2fx a forward render), "
        "peak memory %.0f MiB; reward %.4f -> %.4f (best at iteration %d)\n",
        result.iterations, size, size, checkpointing ? " with gradient checkpointing" : "", total, perIteration,
        perIteration / forwardMs, peakDeviceMemoryBytes(device) / 1048576.0, result.trajectory.front().rewards[0],
        result.bestReward[0], result.bestIteration[0]);
    if (!tiny)
        std::printf("target: 50 iterations in at most 10 s on an H100 -> %s\n",
            total * 50.0 / result.iterations <= 10.0 ? "met" : "missed");
    if (!tinyFolder.empty()) std::filesystem::remove_all(tinyFolder);
    return 0;
}
