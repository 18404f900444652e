// FLUX.1-schnell speed and memory: a full-size FLUX-shaped transformer and VAE with random weights (the time does not
// depend on them) on a GPU in bf16: milliseconds per transformer step (warm-up excluded), a 4-step render, and a
// noise-optimization iteration (a one-step render and the backward pass through it to the noise, against the mean
// redness, with gradient checkpointing), each with its peak GPU memory. Random prompt embeddings stand in for T5 and
// CLIP. --tiny times the tiny test configuration on the CPU in seconds (with its real text encoders).
//
//   flux_bench [--device auto|cpu|cuda] [--dtype bf16|fp32] [--size 512] [--steps 4] [--tiny] [--iterations N]
//              [--no-checkpointing]
#include "tests/bench/pipeline_bench.h"

#include "model/diffusion/flow_match_scheduler.h"
#include "model/diffusion/flux.h"
#include "model/nn/runtime.h"
#include "tests/support/random_pipelines.h"
#include "tests/support/tiny_flux.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

using namespace tastelab::model;
using tastelab::bench::Clock;
using tastelab::bench::secondsSince;

namespace {

struct Row {
    std::string what;
    double ms;
    double peakMiB;
};

}  // namespace

int main(int argc, char** argv)
{
    tastelab::bench::PipelineBenchOptions common;
    common.iterations = 5;
    std::string& dtypeName = common.dtype;
    int& size = common.size;
    const int& iterations = common.iterations;
    const bool& tiny = common.tiny;
    int steps = 4;
    bool checkpointing = true;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const char* value = i + 1 < argc ? argv[i + 1] : "";
        if (tastelab::bench::parsePipelineOption(argc, argv, i, common))
            continue;
        else if (arg == "--steps")
            steps = std::max(1, std::atoi(value)), ++i;
        else if (arg == "--no-checkpointing")
            checkpointing = false;
        else {
            std::fprintf(stderr,
                "unknown option %s\nusage: flux_bench [--device auto|cpu|cuda] [--dtype bf16|fp32] [--size 512] "
                "[--steps 4] [--tiny] [--iterations N] [--no-checkpointing]\n",
                arg.c_str());
            return 2;
        }
    }
    try {
        const c10::Device device = tastelab::bench::resolveBenchDevice(common, "bf16", true);
        if (dtypeName != "bf16" && dtypeName != "fp32") {
            std::fprintf(stderr, "--dtype must be bf16 or fp32, not %s\n", dtypeName.c_str());
            return 2;
        }
        const at::ScalarType dtype = dtypeName == "bf16" ? at::kBFloat16 : at::kFloat;

        FluxOptions options;
        options.device = device;
        options.dtype = dtype;
        options.gradientCheckpointing = checkpointing;
        const auto loadStart = Clock::now();
        std::filesystem::path tinyFolder;
        std::optional<FluxPipeline> pipeline;
        if (tiny) {
            tinyFolder = std::filesystem::temp_directory_path() / "tastelab-flux-bench-tiny";
            tastelab::testing::writeTinyFluxFolder(tinyFolder, 1);
            pipeline.emplace(FluxPipeline::load(tinyFolder, options));
            if (size == 0) size = 128;
        } else {
            pipeline.emplace(tastelab::testing::randomFullSizeFlux(options, 1));
            if (size == 0) size = pipeline->defaultSize();
        }
        synchronize(device);
        std::printf("%s FLUX pipeline on %s in %s: %.1f M parameters, built in %.1f s (torch %s)\n",
            tiny ? "tiny" : "schnell-shaped random", device.str().c_str(), dtypeName.c_str(),
            static_cast<double>(pipeline->parameterCount()) / 1e6, secondsSince(loadStart), torchVersion().c_str());

        FluxPromptEmbeddings prompt;
        if (tiny) {
            prompt = pipeline->encodePrompts({"a watercolor painting of a lighthouse at dusk"});
        } else {
            prompt.t5 = (0.1 * at::randn({1, pipeline->t5Length(), pipeline->t5HiddenSize()})).to(device, dtype);
            prompt.pooled = (0.1 * at::randn({1, pipeline->pooledSize()})).to(device, dtype);
        }
        const at::Tensor noise = pipeline->noiseForSeeds({42}, size);
        const std::int64_t latentSize = noise.size(2);
        std::vector<Row> rows;

        {
            const c10::AutoGradMode noGrad(false);
            // Transformer steps alone, on the packed noise at sigma 1.
            const at::Tensor packed = packFluxLatents(noise);
            for (int warm = 0; warm < 2; ++warm) (void)pipeline->velocity(packed, latentSize, latentSize, prompt, 1.0);
            synchronize(device);
            resetPeakDeviceMemory(device);
            const int repeats = std::max(3, iterations);
            auto start = Clock::now();
            for (int i = 0; i < repeats; ++i) (void)pipeline->velocity(packed, latentSize, latentSize, prompt, 1.0);
            synchronize(device);
            rows.push_back({"transformer step (" + std::to_string(packed.size(1)) + " image + "
                    + std::to_string(prompt.t5.size(1)) + " text tokens)",
                secondsSince(start) * 1000.0 / repeats,
                static_cast<double>(peakDeviceMemoryBytes(device)) / 1048576.0});

            // Whole renders: the steps plus the VAE decode.
            (void)pipeline->render(noise, prompt, {steps});
            synchronize(device);
            resetPeakDeviceMemory(device);
            start = Clock::now();
            const int renders = std::max(1, iterations / 2);
            for (int i = 0; i < renders; ++i) (void)pipeline->render(noise, prompt, {steps});
            synchronize(device);
            rows.push_back({std::to_string(steps) + "-step render " + std::to_string(size) + "x" + std::to_string(size),
                secondsSince(start) * 1000.0 / renders,
                static_cast<double>(peakDeviceMemoryBytes(device)) / 1048576.0});
        }

        // Noise optimization: one-step render, mean redness, backward to the noise, a gradient-ascent step.
        {
            at::Tensor z = noise.clone();
            const auto iteration = [&]() {
                const at::Tensor leaf = z.detach().requires_grad_(true);
                const at::Tensor reward = pipeline->render(leaf, prompt, {1}).select(1, 0).mean();
                reward.backward();
                const c10::AutoGradMode noGrad(false);
                z = leaf.detach() + 0.01 * leaf.detach().norm() * leaf.grad() / (leaf.grad().norm() + 1e-12);
                return reward.item<double>();
            };
            const double before = iteration();  // warm-up
            synchronize(device);
            resetPeakDeviceMemory(device);
            const auto start = Clock::now();
            double after = before;
            for (int i = 0; i < iterations; ++i) after = iteration();
            synchronize(device);
            rows.push_back({std::string("noise-optimization iteration (1 step + backward")
                    + (checkpointing ? ", checkpointing)" : ")"),
                secondsSince(start) * 1000.0 / iterations,
                static_cast<double>(peakDeviceMemoryBytes(device)) / 1048576.0});
            std::printf("mean redness %.5f -> %.5f over %d iterations\n", before, after, iterations);
        }

        std::printf("\n%-64s %12s %14s\n", "measurement", "ms", "peak MiB");
        for (const Row& row : rows) std::printf("%-64s %12.1f %14.0f\n", row.what.c_str(), row.ms, row.peakMiB);
        if (!device.is_cuda()) std::printf("(peak memory is reported for CUDA only)\n");
        if (!tinyFolder.empty()) std::filesystem::remove_all(tinyFolder);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "flux_bench: %s\n", error.what());
        return 1;
    }
    return 0;
}
