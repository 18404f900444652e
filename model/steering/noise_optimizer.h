// Steering by the initial noise (ReNO): the noise is the only parameter; a frozen generator that is differentiable from
// its noise and a frozen reward turn it into a score, and SGD with Nesterov momentum climbs that score while a chi-norm
// regularizer keeps the noise looking like noise. Any generator fits: the objective is a function of the noise.
#pragma once

#include <ATen/ATen.h>

#include <atomic>
#include <functional>
#include <vector>

namespace tastelab::model {

struct NoiseOptimizerConfig {
    int iterations = 50;
    double learningRate = 5.0;
    double momentum = 0.9;  // Nesterov
    double gradientClip = 0.1;  // on each image's noise gradient norm
    double regularizerWeight = 0.01;
    // Stop when no image's best reward rose by more than minImprovement for this many iterations (0: never).
    int patience = 0;
    double minImprovement = 1e-4;
};

// Negative log-likelihood (up to a constant) of each row's norm under a chi distribution with d = row length degrees
// of freedom: 0.5 * ||z||^2 - (d - 1) * log ||z||. Computed in float32 whatever the noise's dtype (fp16 gives -inf).
// noise: [B, ...]; returns [B] float32. Its minimum is at ||z|| = sqrt(d - 1), where Gaussian noise lives.
at::Tensor chiRegularizer(const at::Tensor& noise);

// One evaluation of the objective during the run.
struct NoiseStep {
    int iteration = 0;  // 0 is the initial noise
    std::vector<double> rewards;  // per image
    std::vector<double> regularizer;  // per image, unweighted
    double seconds = 0;  // since the start of the run
};

struct NoiseOptimizationResult {
    at::Tensor bestNoise;  // [B, ...] the best-scoring iterate of each image (not the last), same dtype as the input
    std::vector<double> bestReward;
    std::vector<int> bestIteration;
    std::vector<NoiseStep> trajectory;
    int iterations = 0;  // updates made
    bool cancelled = false;
    bool stoppedEarly = false;
};

// rewards(noise) -> [B] differentiable rewards, one per image (higher is better).
using NoiseObjective = std::function<at::Tensor(const at::Tensor& noise)>;

// Runs `config.iterations` updates from `initialNoise` ([B, ...]: several seeds at once, each optimized independently:
// the loss is the sum over images and the gradient clip is per image) and returns the best iterate of each image.
// `cancel` is checked before every evaluation, so a cancel stops within one iteration. `onStep` sees each evaluation.
// Throws std::runtime_error naming the iteration when the objective returns a non-finite reward or a wrong shape.
NoiseOptimizationResult optimizeNoise(const at::Tensor& initialNoise, const NoiseObjective& rewards,
    const NoiseOptimizerConfig& config = {}, const std::atomic<bool>* cancel = nullptr,
    const std::function<void(const NoiseStep&)>& onStep = {});

}  // namespace tastelab::model
