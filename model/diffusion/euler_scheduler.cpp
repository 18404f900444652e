// diffusers' EulerDiscreteScheduler (schedulers/scheduling_euler_discrete.py) for the deterministic case: the noise
// schedule in double precision, sigmas linearly interpolated over the training timesteps, Euler steps in float32.
#include "model/diffusion/euler_scheduler.h"

#include "model/io/diffusers_weights.h"
#include "model/io/hf_config.h"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <stdexcept>
#include <utility>

namespace tastelab::model {

namespace {

// The keys diffusers knows that select behaviour this class does not implement, with the value that is supported.
void requireDefault(
    const util::JsonValue& json, const char* key, const std::string& supported, const std::filesystem::path& file)
{
    const std::string value = configString(json, key, supported, file);
    if (value != supported) {
        throw ModelLoadError(
            fmt::format("{}: the key '{}' is '{}'; only '{}' is supported", file.string(), key, value, supported));
    }
}

void requireFalse(const util::JsonValue& json, const char* key, const std::filesystem::path& file)
{
    if (configBool(json, key, false, file)) {
        throw ModelLoadError(fmt::format("{}: the key '{}' is true; it is not supported", file.string(), key));
    }
}

void requireOneOf(const std::string& value, std::initializer_list<const char*> allowed, const char* key,
    const std::filesystem::path& file)
{
    std::string listed;
    for (const char* option : allowed) {
        if (value == option) return;
        listed += (listed.empty() ? "'" : ", '") + std::string(option) + "'";
    }
    throw ModelLoadError(fmt::format("{}: the key '{}' is '{}'; supported: {}", file.string(), key, value, listed));
}

// np.interp over xp = 0, 1, ..., n-1: clamped at both ends.
double interpolate(const std::vector<double>& values, double x)
{
    if (x <= 0.0) return values.front();
    const double last = static_cast<double>(values.size() - 1);
    if (x >= last) return values.back();
    const auto below = static_cast<std::size_t>(std::floor(x));
    const double fraction = x - static_cast<double>(below);
    return values[below] + fraction * (values[below + 1] - values[below]);
}

// x0 in float32 (half-precision inputs are upcast, as diffusers does, so that x - sigma * eps keeps its digits).
at::Tensor originalSample(
    const std::string& predictionType, double sigma, const at::Tensor& modelOutput, const at::Tensor& sample)
{
    const at::Tensor x = sample.to(at::kFloat);
    const at::Tensor output = modelOutput.to(at::kFloat);
    if (predictionType == "epsilon") return x - sigma * output;
    if (predictionType == "v_prediction") {
        // With x = x0 + sigma * eps: x0 = x / (sigma^2 + 1) - v * sigma / sqrt(sigma^2 + 1).
        const double variance = sigma * sigma + 1.0;
        return x / variance - output * (sigma / std::sqrt(variance));
    }
    return output;  // "sample": the model predicts x0 itself
}

}  // namespace

EulerDiscreteConfig EulerDiscreteConfig::fromJson(const std::filesystem::path& configJson)
{
    const util::JsonValue json = readConfigJson(configJson);
    EulerDiscreteConfig config;  // missing keys take diffusers' defaults, which are not SD-Turbo's in every case
    config.numTrainTimesteps = configInt(json, "num_train_timesteps", 1000, configJson);
    config.betaStart = configDouble(json, "beta_start", 0.0001, configJson);
    config.betaEnd = configDouble(json, "beta_end", 0.02, configJson);
    config.betaSchedule = configString(json, "beta_schedule", "linear", configJson);
    config.timestepSpacing = configString(json, "timestep_spacing", "linspace", configJson);
    config.stepsOffset = configInt(json, "steps_offset", 0, configJson);
    config.predictionType = configString(json, "prediction_type", "epsilon", configJson);

    requireOneOf(config.betaSchedule, {"linear", "scaled_linear"}, "beta_schedule", configJson);
    requireOneOf(config.timestepSpacing, {"trailing", "leading", "linspace"}, "timestep_spacing", configJson);
    requireOneOf(config.predictionType, {"epsilon", "v_prediction", "sample"}, "prediction_type", configJson);
    requireDefault(json, "interpolation_type", "linear", configJson);
    requireDefault(json, "timestep_type", "discrete", configJson);
    requireDefault(json, "final_sigmas_type", "zero", configJson);
    for (const char* key :
        {"use_karras_sigmas", "use_exponential_sigmas", "use_beta_sigmas", "rescale_betas_zero_snr"}) {
        requireFalse(json, key, configJson);
    }
    const util::JsonValue* trained = json.find("trained_betas");
    if (trained && !trained->isNull()) {
        throw ModelLoadError(
            fmt::format("{}: the key 'trained_betas' is set; it is not supported", configJson.string()));
    }
    // The schedule holds a table of num_train_timesteps values.
    if (config.numTrainTimesteps < 2 || config.numTrainTimesteps > 1'000'000) {
        throw ModelLoadError(fmt::format("{}: the key 'num_train_timesteps' must lie in 2..1000000, not {}",
            configJson.string(), config.numTrainTimesteps));
    }
    if (!(config.betaStart > 0.0 && config.betaStart <= config.betaEnd && config.betaEnd < 1.0)) {
        throw ModelLoadError(
            fmt::format("{}: the keys 'beta_start' and 'beta_end' must satisfy 0 < beta_start <= beta_end < 1",
                configJson.string()));
    }
    if (config.stepsOffset < 0) {
        throw ModelLoadError(fmt::format("{}: the key 'steps_offset' must not be negative", configJson.string()));
    }
    return config;
}

EulerDiscreteScheduler::EulerDiscreteScheduler(EulerDiscreteConfig config)
    : config_(std::move(config))
{
    const std::int64_t count = config_.numTrainTimesteps;
    if (count < 2) throw std::invalid_argument("EulerDiscreteScheduler: numTrainTimesteps must be at least 2");
    const bool scaled = config_.betaSchedule == "scaled_linear";
    if (!scaled && config_.betaSchedule != "linear") {
        throw std::invalid_argument("EulerDiscreteScheduler: unknown beta schedule '" + config_.betaSchedule + "'");
    }
    if (config_.timestepSpacing != "trailing" && config_.timestepSpacing != "leading"
        && config_.timestepSpacing != "linspace") {
        throw std::invalid_argument(
            "EulerDiscreteScheduler: unknown timestep spacing '" + config_.timestepSpacing + "'");
    }
    if (config_.predictionType != "epsilon" && config_.predictionType != "v_prediction"
        && config_.predictionType != "sample") {
        throw std::invalid_argument("EulerDiscreteScheduler: unknown prediction type '" + config_.predictionType + "'");
    }

    // scaled_linear is linear in sqrt(beta); sigma_t = sqrt((1 - alphabar_t) / alphabar_t).
    const double first = scaled ? std::sqrt(config_.betaStart) : config_.betaStart;
    const double last = scaled ? std::sqrt(config_.betaEnd) : config_.betaEnd;
    trainSigmas_.reserve(static_cast<std::size_t>(count));
    double alphaBar = 1.0;
    for (std::int64_t t = 0; t < count; ++t) {
        const double root = first + (last - first) * static_cast<double>(t) / static_cast<double>(count - 1);
        const double beta = scaled ? root * root : root;
        alphaBar *= 1.0 - beta;
        trainSigmas_.push_back(std::sqrt((1.0 - alphaBar) / alphaBar));
    }

    // As diffusers' constructor leaves it: every training timestep, descending.
    for (std::int64_t t = count - 1; t >= 0; --t) {
        timesteps_.push_back(static_cast<double>(t));
        sigmas_.push_back(trainSigmas_[static_cast<std::size_t>(t)]);
    }
    sigmas_.push_back(0.0);
}

void EulerDiscreteScheduler::setTimesteps(int steps)
{
    const std::int64_t count = config_.numTrainTimesteps;
    if (steps < 1 || steps > count) {
        throw std::invalid_argument(
            fmt::format("EulerDiscreteScheduler: {} inference steps; the schedule allows 1 to {}", steps, count));
    }
    std::vector<double> timesteps;
    timesteps.reserve(static_cast<std::size_t>(steps));
    for (int i = 0; i < steps; ++i) {
        if (config_.timestepSpacing == "linspace") {
            // np.linspace(0, N - 1, steps)[::-1]; one step gives 0, as numpy does.
            const double fraction = steps == 1 ? 0.0 : static_cast<double>(steps - 1 - i) / (steps - 1);
            timesteps.push_back(fraction * static_cast<double>(count - 1));
        } else if (config_.timestepSpacing == "leading") {
            const std::int64_t ratio = count / steps;
            timesteps.push_back(static_cast<double>((steps - 1 - i) * ratio + config_.stepsOffset));
        } else {
            // round(arange(N, 0, -N / steps)) - 1 with numpy's half-to-even rounding. numpy's arange can yield one
            // element too many for some step counts (floating-point length); exactly `steps` are taken here.
            const double ratio = static_cast<double>(count) / steps;
            timesteps.push_back(std::nearbyint(static_cast<double>(count) - i * ratio) - 1.0);
        }
    }
    std::vector<double> sigmas;
    sigmas.reserve(timesteps.size() + 1);
    for (const double t : timesteps) sigmas.push_back(interpolate(trainSigmas_, t));
    sigmas.push_back(0.0);
    timesteps_ = std::move(timesteps);
    sigmas_ = std::move(sigmas);
}

double EulerDiscreteScheduler::initNoiseSigma() const
{
    const double maxSigma = *std::max_element(sigmas_.begin(), sigmas_.end());
    if (config_.timestepSpacing == "linspace" || config_.timestepSpacing == "trailing") return maxSigma;
    return std::sqrt(maxSigma * maxSigma + 1.0);
}

double EulerDiscreteScheduler::sigmaAt(int stepIndex) const
{
    if (stepIndex < 0 || static_cast<std::size_t>(stepIndex) >= timesteps_.size()) {
        throw std::out_of_range(
            fmt::format("EulerDiscreteScheduler: step {} of a schedule with {} steps", stepIndex, timesteps_.size()));
    }
    return sigmas_[static_cast<std::size_t>(stepIndex)];
}

at::Tensor EulerDiscreteScheduler::scaleModelInput(const at::Tensor& sample, int stepIndex) const
{
    const double sigma = sigmaAt(stepIndex);
    return sample / std::sqrt(sigma * sigma + 1.0);
}

at::Tensor EulerDiscreteScheduler::predictOriginal(
    const at::Tensor& modelOutput, int stepIndex, const at::Tensor& sample) const
{
    return originalSample(config_.predictionType, sigmaAt(stepIndex), modelOutput, sample).to(sample.scalar_type());
}

at::Tensor EulerDiscreteScheduler::step(const at::Tensor& modelOutput, int stepIndex, const at::Tensor& sample) const
{
    const double sigma = sigmaAt(stepIndex);
    const double sigmaNext = sigmas_[static_cast<std::size_t>(stepIndex) + 1];
    const at::Tensor x = sample.to(at::kFloat);
    const at::Tensor derivative = (x - originalSample(config_.predictionType, sigma, modelOutput, sample)) / sigma;
    return (x + (sigmaNext - sigma) * derivative).to(sample.scalar_type());
}

}  // namespace tastelab::model
