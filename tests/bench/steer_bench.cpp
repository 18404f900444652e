// Noise optimization speed on the CPU: ReNO's 50 iterations through the procedural generator at 256x256, the look
// backbone and a personal reward model (random weights: the time does not depend on them), per image and for several
// seeds at once. The baseline measured in the same run is one forward pass (render and score without gradients), so
// the ratio says what the backward pass and the optimizer add. Target: 50 iterations in at most 10 s on 2 cores.
//
//   steer_bench [--iterations 50] [--size 256] [--seeds 1] [--threads N]
#include "model/backbones/look_features.h"
#include "model/procedural/procedural_generator.h"
#include "model/reward/reward_model.h"
#include "model/steering/noise_optimizer.h"

#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

using namespace tastelab::model;

int main(int argc, char** argv)
{
    int iterations = 50, size = 256, seeds = 1, threads = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--iterations") == 0) iterations = std::max(1, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--size") == 0) size = std::max(32, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--seeds") == 0) seeds = std::max(1, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--threads") == 0) threads = std::atoi(argv[i + 1]);
    }
    if (threads > 0) at::set_num_threads(threads);

    ProceduralConfig generatorConfig;
    generatorConfig.size = size;
    const ProceduralGenerator generator(generatorConfig);
    const LookFeatures backbone;
    RewardModelConfig config;
    config.backbone = backbone.id();
    config.imageDim = backbone.imageDim();
    config.hidden = 32;
    RewardModel reward(config, 7);
    reward.train(false);
    const at::Tensor person = reward.populationVector().detach() + 0.3 * torch::randn({config.hidden});
    const std::vector<std::string> prompt{"a watercolor painting of a lighthouse at dusk"};
    const NoiseObjective objective = [&](const at::Tensor& noise) {
        const at::Tensor images = generator.render(noise, prompt, size).images;
        const at::Tensor items = reward.encodeItems(reward.normalizeImages(backbone.encodeImages(images)), {});
        return reward.head(items, person).score();
    };

    std::vector<std::uint64_t> seedList;
    for (int s = 0; s < seeds; ++s) seedList.push_back(static_cast<std::uint64_t>(100 + s));
    const at::Tensor noise = generator.noiseForSeeds(seedList);

    using Clock = std::chrono::steady_clock;
    // Baseline: forward passes only.
    const auto f0 = Clock::now();
    {
        at::NoGradGuard noGrad;
        for (int i = 0; i <= iterations; ++i) (void)objective(noise).sum().item<float>();
    }
    const double forward = std::chrono::duration<double>(Clock::now() - f0).count();

    NoiseOptimizerConfig steer;
    steer.iterations = iterations;
    const auto t0 = Clock::now();
    const auto result = optimizeNoise(noise, objective, steer);
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();

    std::printf("Noise optimization, procedural generator %dx%d + look-v2 + reward model, %d seed(s), %d threads:\n",
        size, size, seeds, at::get_num_threads());
    std::printf("  %d iterations: %.2f s (%.1f ms per iteration); target <= 10 s for 50 at 256x256: %s\n", iterations,
        seconds, 1000.0 * seconds / (iterations + 1), seconds <= 10.0 * iterations / 50.0 ? "met" : "NOT met");
    std::printf("  forward passes only (baseline, same run): %.2f s; optimization / forward = %.2fx\n", forward,
        seconds / forward);
    for (int s = 0; s < seeds; ++s) {
        std::printf("  seed %d: reward %.4f -> best %.4f (iteration %d)\n", 100 + s,
            result.trajectory.front().rewards[static_cast<std::size_t>(s)],
            result.bestReward[static_cast<std::size_t>(s)], result.bestIteration[static_cast<std::size_t>(s)]);
    }
    return 0;
}
