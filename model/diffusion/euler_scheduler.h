// The Euler discrete sampler of diffusers (EulerDiscreteScheduler, deterministic: s_churn 0, linear sigma
// interpolation), as SD-Turbo runs it: Karras-style sigmas over the training noise schedule.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tastelab::model {

struct EulerDiscreteConfig {
    std::int64_t numTrainTimesteps = 1000;
    double betaStart = 0.00085, betaEnd = 0.012;
    std::string betaSchedule = "scaled_linear";  // also "linear"
    std::string timestepSpacing = "trailing";  // also "leading", "linspace"
    std::int64_t stepsOffset = 0;
    std::string predictionType = "epsilon";  // also "v_prediction"

    // A diffusers scheduler/scheduler_config.json; missing keys take diffusers' defaults. Unknown schedules,
    // spacings, prediction types or interpolation types, and impossible values, throw ModelLoadError naming the
    // key and the file.
    static EulerDiscreteConfig fromJson(const std::filesystem::path& configJson);
};

class EulerDiscreteScheduler {
public:
    explicit EulerDiscreteScheduler(EulerDiscreteConfig config = {});

    // Throws std::invalid_argument outside 1..numTrainTimesteps.
    void setTimesteps(int steps);
    // Descending, e.g. {999} for 1 step trailing; {999, 499} for 2.
    const std::vector<double>& timesteps() const { return timesteps_; }
    // steps + 1 values, the last 0.
    const std::vector<double>& sigmas() const { return sigmas_; }
    // sigma_max for "linspace"/"trailing" spacing, sqrt(sigma_max^2 + 1) otherwise.
    double initNoiseSigma() const;

    // sample / sqrt(sigma^2 + 1).
    at::Tensor scaleModelInput(const at::Tensor& sample, int stepIndex) const;
    // One Euler step: x0 from the model output per predictionType, derivative (x - x0) / sigma,
    // x + (sigma_next - sigma) * derivative. Differentiable; keeps the sample's dtype.
    at::Tensor step(const at::Tensor& modelOutput, int stepIndex, const at::Tensor& sample) const;
    // The x0 prediction at a step (what a one-step render decodes).
    at::Tensor predictOriginal(const at::Tensor& modelOutput, int stepIndex, const at::Tensor& sample) const;

    const EulerDiscreteConfig& config() const { return config_; }

private:
    double sigmaAt(int stepIndex) const;  // throws std::out_of_range naming the step

    EulerDiscreteConfig config_;
    std::vector<double> trainSigmas_;  // sqrt((1 - alphas_cumprod) / alphas_cumprod), by training timestep
    std::vector<double> timesteps_;
    std::vector<double> sigmas_;
};

}  // namespace tastelab::model
