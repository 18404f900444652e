// ReNO noise optimization.
#include "model/steering/noise_optimizer.h"

#include <ATen/autocast_mode.h>
#include <ATen/core/grad_mode.h>
#include <torch/optim/sgd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace tastelab::model {

at::Tensor chiRegularizer(const at::Tensor& noise)
{
    if (noise.dim() < 1 || noise.size(0) == 0) throw std::invalid_argument("chiRegularizer needs a batch of noise");
    const at::Tensor rows = noise.to(at::kFloat).reshape({noise.size(0), -1});
    const double d = static_cast<double>(rows.size(1));
    const at::Tensor norm = rows.norm(2, {1});
    return 0.5 * norm.pow(2) - (d - 1.0) * norm.log();
}

NoiseOptimizationResult optimizeNoise(const at::Tensor& initialNoise, const NoiseObjective& rewards,
    const NoiseOptimizerConfig& config, const std::atomic<bool>* cancel,
    const std::function<void(const NoiseStep&)>& onStep)
{
    if (initialNoise.dim() < 2) throw std::invalid_argument("optimizeNoise needs noise shaped [batch, ...]");
    if (config.iterations < 0) throw std::invalid_argument("optimizeNoise: iterations must not be negative");
    const auto started = std::chrono::steady_clock::now();
    const std::int64_t batch = initialNoise.size(0);
    at::Tensor z = initialNoise.detach().clone().set_requires_grad(true);
    torch::optim::SGD optimizer(
        {z}, torch::optim::SGDOptions(config.learningRate).momentum(config.momentum).nesterov(config.momentum > 0));

    NoiseOptimizationResult result;
    result.bestNoise = initialNoise.detach().clone();
    result.bestReward.assign(static_cast<std::size_t>(batch), -std::numeric_limits<double>::infinity());
    result.bestIteration.assign(static_cast<std::size_t>(batch), 0);
    int sinceImprovement = 0;

    for (int iteration = 0; iteration <= config.iterations; ++iteration) {
        if (cancel != nullptr && cancel->load()) {
            result.cancelled = true;
            break;
        }
        optimizer.zero_grad();
        const at::Tensor reward = rewards(z);
        if (reward.dim() != 1 || reward.size(0) != batch) {
            throw std::runtime_error(fmt::format(
                "noise optimization, iteration {}: the reward must have one value per image ({}), got shape {}",
                iteration, batch, fmt::join(reward.sizes(), "x")));
        }
        const at::Tensor regularizer = chiRegularizer(z);
        const at::Tensor rewardValues = reward.detach().to(at::kDouble).cpu().contiguous();
        const at::Tensor regValues = regularizer.detach().to(at::kDouble).cpu().contiguous();
        NoiseStep step;
        step.iteration = iteration;
        bool improved = false;
        for (std::int64_t i = 0; i < batch; ++i) {
            const double r = rewardValues.data_ptr<double>()[i];
            if (!std::isfinite(r)) {
                throw std::runtime_error(fmt::format(
                    "noise optimization, iteration {}: the reward of image {} is not finite ({})", iteration, i, r));
            }
            step.rewards.push_back(r);
            step.regularizer.push_back(regValues.data_ptr<double>()[i]);
            const auto k = static_cast<std::size_t>(i);
            if (r > result.bestReward[k]) {
                if (r > result.bestReward[k] + config.minImprovement) improved = true;
                result.bestReward[k] = r;
                result.bestIteration[k] = iteration;
                result.bestNoise[i].copy_(z.detach()[i]);
            }
        }
        step.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        result.trajectory.push_back(step);
        if (onStep) onStep(result.trajectory.back());
        if (iteration == config.iterations) break;
        sinceImprovement = improved ? 0 : sinceImprovement + 1;
        if (config.patience > 0 && sinceImprovement >= config.patience) {
            result.stoppedEarly = true;
            break;
        }

        at::Tensor loss = -reward.to(at::kFloat).sum();
        if (config.regularizerWeight != 0.0) loss = loss + config.regularizerWeight * regularizer.sum();
        loss.backward();
        {
            at::NoGradGuard noGrad;
            at::Tensor grad = z.grad();
            if (!grad.defined()) {
                throw std::runtime_error(fmt::format(
                    "noise optimization, iteration {}: the reward does not depend on the noise", iteration));
            }
            // Each image's gradient is clipped on its own, as if each seed were optimized alone.
            const at::Tensor norms = grad.reshape({batch, -1}).to(at::kFloat).norm(2, {1});
            std::vector<std::int64_t> shape(static_cast<std::size_t>(grad.dim()), 1);
            shape[0] = batch;
            const at::Tensor scale = (config.gradientClip / (norms + 1e-6)).clamp_max(1.0).reshape(shape);
            grad.mul_(scale.to(grad.dtype()));
        }
        optimizer.step();
        ++result.iterations;
    }
    return result;
}

}  // namespace tastelab::model
