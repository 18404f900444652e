// Noise optimization (ReNO): the chi regularizer against closed-form values and gradients, the optimizer raising a
// known differentiable reward through the procedural generator, the best iterate (not the last) returned, several
// seeds at once, early stopping and a cancel that stops within one iteration.
#include "model/procedural/procedural_generator.h"
#include "model/steering/noise_optimizer.h"

#include <gmock/gmock.h>

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

using namespace tastelab::model;

namespace {

TEST(ChiRegularizer, MatchesClosedFormValueAndGradient)
{
    // z = (3, 4): ||z|| = 5, d = 2: 0.5 * 25 - 1 * log 5; gradient z - (d - 1) z / ||z||^2 = (2.88, 3.84).
    at::Tensor z = torch::tensor({{3.0f, 4.0f}}).set_requires_grad(true);
    const at::Tensor reg = chiRegularizer(z);
    ASSERT_EQ(reg.sizes(), (std::vector<std::int64_t>{1}));
    EXPECT_NEAR(reg.item<float>(), 12.5 - std::log(5.0), 1e-5);
    reg.sum().backward();
    EXPECT_NEAR(z.grad()[0][0].item<float>(), 2.88, 1e-5);
    EXPECT_NEAR(z.grad()[0][1].item<float>(), 3.84, 1e-5);

    // Two rows of d = 4 (shaped [2, 2, 2]): (1, 1, 1, 1) has ||z|| = 2: 0.5 * 4 - 3 * log 2;
    // (0, 0, 0, 3): 4.5 - 3 * log 3.
    const at::Tensor two = torch::tensor({1.0f, 1.0f, 1.0f, 1.0f, 0.0f, 0.0f, 0.0f, 3.0f}).reshape({2, 2, 2});
    const at::Tensor values = chiRegularizer(two);
    EXPECT_NEAR(values[0].item<float>(), 2.0 - 3.0 * std::log(2.0), 1e-5);
    EXPECT_NEAR(values[1].item<float>(), 4.5 - 3.0 * std::log(3.0), 1e-5);
}

TEST(ChiRegularizer, IsComputedInFloat32AndLowestAtTheTypicalNorm)
{
    // 16384 values of 300: ||z||^2 = 1.47e9, far beyond float16, still finite because it is computed in float32.
    const at::Tensor big = torch::full({1, 16384}, 300.0, torch::kHalf);
    const at::Tensor reg = chiRegularizer(big);
    EXPECT_EQ(reg.scalar_type(), at::kFloat);
    EXPECT_TRUE(std::isfinite(reg.item<float>()));
    // Minimum at ||z|| = sqrt(d - 1): scaling a direction to that norm beats scaling it 10 % up or down.
    const double d = 64;
    const at::Tensor dir = torch::ones({1, 64}) / 8.0;  // unit norm
    const double at = chiRegularizer(dir * std::sqrt(d - 1)).item<float>();
    EXPECT_LT(at, chiRegularizer(dir * std::sqrt(d - 1) * 1.1).item<float>());
    EXPECT_LT(at, chiRegularizer(dir * std::sqrt(d - 1) * 0.9).item<float>());
}

// A reward known in closed form through the generator: the mean brightness of the rendered image.
NoiseObjective brightness(const ProceduralGenerator& generator, int size = 64)
{
    return [&generator, size](const at::Tensor& noise) {
        return generator.render(noise, {"a painting of a lighthouse"}, size).images.mean({1, 2, 3});
    };
}

TEST(NoiseOptimizer, RaisesAKnownRewardThroughTheProceduralGenerator)
{
    ProceduralGenerator generator;
    const at::Tensor noise = generator.noiseForSeeds({11, 12, 13});
    NoiseOptimizerConfig config;
    config.iterations = 30;
    const auto result = optimizeNoise(noise, brightness(generator), config);
    EXPECT_EQ(result.iterations, 30);
    ASSERT_EQ(result.trajectory.size(), 31u);  // the initial noise and each update
    for (std::size_t i = 0; i < 3; ++i) {
        const double initial = result.trajectory.front().rewards[i];
        EXPECT_GT(result.bestReward[i], initial + 0.05) << "image " << i << " did not get brighter";
        // The best iterate is the maximum of the trajectory and really renders that bright.
        double best = -1;
        for (const auto& step : result.trajectory) best = std::max(best, step.rewards[i]);
        EXPECT_DOUBLE_EQ(result.bestReward[i], best);
        EXPECT_EQ(result.trajectory[static_cast<std::size_t>(result.bestIteration[i])].rewards[i], best);
    }
    const at::Tensor again = brightness(generator)(result.bestNoise);
    for (std::int64_t i = 0; i < 3; ++i) EXPECT_NEAR(again[i].item<float>(), result.bestReward[i], 1e-4);
    EXPECT_EQ(result.bestNoise.sizes(), noise.sizes());
    EXPECT_FALSE(result.bestNoise.requires_grad());
}

TEST(NoiseOptimizer, ReturnsTheBestIterateNotTheLast)
{
    // A reward that peaks at z = 2 along one coordinate and falls after: with a large step the optimizer overshoots,
    // so the last iterate is worse than the best one, which must be the one returned.
    const NoiseObjective peaked = [](const at::Tensor& z) { return -(z.select(1, 0) - 2.0).pow(2); };
    NoiseOptimizerConfig config;
    config.iterations = 12;
    config.learningRate = 30.0;
    config.gradientClip = 1.0;
    config.regularizerWeight = 0.0;
    const auto result = optimizeNoise(torch::full({1, 4}, 0.1), peaked, config);
    const double last = result.trajectory.back().rewards[0];
    EXPECT_GT(result.bestReward[0], last);
    EXPECT_LT(result.bestIteration[0], 12);
    EXPECT_NEAR(peaked(result.bestNoise).item<float>(), result.bestReward[0], 1e-5);
}

TEST(NoiseOptimizer, ClipsEachImagesGradientAndReportsTheRegularizer)
{
    // A linear reward with a huge gradient: the first step moves each row by lr * clip along the reward's direction,
    // whatever the gradient's size, times 1 + momentum (PyTorch's Nesterov step: the gradient plus momentum times the
    // buffer, which starts as the gradient).
    const NoiseObjective linear = [](const at::Tensor& z) { return 1000.0 * z.select(1, 0); };
    NoiseOptimizerConfig config;
    config.iterations = 1;
    config.regularizerWeight = 0.0;
    std::vector<at::Tensor> seen;
    const auto result = optimizeNoise(torch::ones({2, 3}), linear, config, nullptr, [&](const NoiseStep& step) {
        EXPECT_EQ(step.rewards.size(), 2u);
        EXPECT_EQ(step.regularizer.size(), 2u);
    });
    // Rewards: 1000 at the start, 1000 * (1 + 5 * 0.1 * 1.9) after one step.
    EXPECT_NEAR(result.trajectory[1].rewards[0], 1950.0, 1e-2);
    EXPECT_NEAR(result.trajectory[1].rewards[1], 1950.0, 1e-2);
    // Regularizer of (1, 1, 1): ||z|| = sqrt 3, d = 3: 1.5 - 2 * log sqrt 3.
    EXPECT_NEAR(result.trajectory[0].regularizer[0], 1.5 - std::log(3.0), 1e-5);
}

TEST(NoiseOptimizer, StopsEarlyAndOnCancelWithinOneIteration)
{
    NoiseOptimizerConfig config;
    config.iterations = 50;
    config.patience = 3;
    const NoiseObjective flat = [](const at::Tensor& z) { return z.sum({1}) * 0.0; };
    const auto early = optimizeNoise(torch::ones({1, 8}), flat, config);
    EXPECT_TRUE(early.stoppedEarly);
    EXPECT_EQ(early.trajectory.size(), 4u);  // the first evaluation, then three without improvement

    ProceduralGenerator generator;
    std::atomic<bool> cancel{false};
    config.patience = 0;
    int evaluations = 0;
    const auto cancelled = optimizeNoise(
        generator.noiseForSeeds({5}), brightness(generator, 32), config, &cancel, [&](const NoiseStep& step) {
            ++evaluations;
            if (step.iteration == 3) cancel = true;
        });
    EXPECT_TRUE(cancelled.cancelled);
    EXPECT_EQ(evaluations, 4) << "no evaluation after the cancel";
    EXPECT_EQ(cancelled.iterations, 4) << "the update already under way finishes, no more";
}

TEST(NoiseOptimizer, RefusesANonFiniteRewardByIteration)
{
    const NoiseObjective broken = [](const at::Tensor& z) { return z.select(1, 0) / 0.0; };
    try {
        optimizeNoise(torch::ones({1, 2}), broken, {});
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), ::testing::HasSubstr("iteration 0"));
        EXPECT_THAT(e.what(), ::testing::HasSubstr("not finite"));
    }
    const NoiseObjective wrongShape = [](const at::Tensor& z) { return z.sum(); };
    EXPECT_THROW(optimizeNoise(torch::ones({1, 2}), wrongShape, {}), std::runtime_error);
}

}  // namespace
