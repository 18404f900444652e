// Flow-matching Euler sampling as FLUX runs it (diffusers' FlowMatchEulerDiscreteScheduler): sigmas from 1 down to
// 1/N, optionally time-shifted, the sample moving along the predicted velocity; plus FLUX's 2x2 latent packing and
// the positions the transformer's rotary embedding sees.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <filesystem>
#include <vector>

namespace tastelab::model {

// sigmas has steps + 1 values (the last 0); timesteps = sigma * numTrainTimesteps (steps values).
struct FlowMatchSchedule {
    std::vector<double> sigmas;
    std::vector<double> timesteps;
};

// sigmas linspace(1, 1/N, N), shifted sigma' = shift * s / (1 + (shift - 1) * s), then 0 appended; timesteps are the
// shifted sigmas times numTrainTimesteps. FLUX.1-schnell: shift 1, so N = 4 gives [1, .75, .5, .25, 0].
// Throws std::invalid_argument for steps < 1 or shift <= 0.
FlowMatchSchedule flowMatchSchedule(int steps, double shift = 1.0, std::int64_t numTrainTimesteps = 1000);

// diffusers' FlowMatchEulerDiscreteScheduler configuration (scheduler/scheduler_config.json).
struct FlowMatchConfig {
    std::int64_t numTrainTimesteps = 1000;
    double shift = 1.0;
    // FLUX.1-dev: the exponential time shift with mu from the image sequence length (schnell: false).
    bool useDynamicShifting = false;
    double baseShift = 0.5, maxShift = 1.15;
    std::int64_t baseImageSeqLen = 256, maxImageSeqLen = 4096;

    // Wrong types, another _class_name or impossible values throw ModelLoadError naming the key and the file.
    static FlowMatchConfig fromJson(const std::filesystem::path& configJson);
    // FLUX.1-schnell's file: shift 1, no dynamic shifting.
    static FlowMatchConfig schnell();
};

// mu for dynamic shifting, linear in the packed image sequence length between (baseImageSeqLen, baseShift) and
// (maxImageSeqLen, maxShift), as diffusers' FLUX pipeline computes it.
double flowMatchMu(const FlowMatchConfig& config, std::int64_t imageSeqLen);
// exp(mu) / (exp(mu) + (1 / sigma - 1)); 0 stays 0.
double flowMatchTimeShift(double mu, double sigma);

// The schedule the config asks for at `steps`: with dynamic shifting, the linspace sigmas time-shifted by
// flowMatchMu(imageSeqLen); otherwise flowMatchSchedule(steps, shift).
FlowMatchSchedule flowMatchSchedule(const FlowMatchConfig& config, int steps, std::int64_t imageSeqLen);

// One Euler step of the flow: sample + (sigmaNext - sigma) * velocity. Differentiable; keeps the sample's dtype.
at::Tensor flowMatchEulerStep(const at::Tensor& sample, const at::Tensor& velocity, double sigma, double sigmaNext);

// [B, C, H, W] -> [B, (H/2)*(W/2), 4C]: row (h/2)*(W/2) + w/2, column c*4 + dy*2 + dx (diffusers _pack_latents).
// Throws std::invalid_argument for another rank or odd H or W.
at::Tensor packFluxLatents(const at::Tensor& latents);
// The inverse: packed [B, (H/2)*(W/2), 4C] -> [B, C, H, W] for the latent size H x W.
at::Tensor unpackFluxLatents(const at::Tensor& packed, std::int64_t height, std::int64_t width);
// Positions of the packed image tokens for the rotary embedding: [(H/2)*(W/2), 3] float32 on the CPU, rows
// (0, row, col) in the packing order. H and W are the latent size.
at::Tensor fluxImageIds(std::int64_t latentHeight, std::int64_t latentWidth);

}  // namespace tastelab::model
