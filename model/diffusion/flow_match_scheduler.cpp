// diffusers' FlowMatchEulerDiscreteScheduler as the FLUX pipelines call it (explicit linspace sigmas, static or
// exponential time shift), in double precision; FLUX's latent packing and image positions.
#include "model/diffusion/flow_match_scheduler.h"

#include "model/io/diffusers_weights.h"
#include "model/io/hf_config.h"

#include <ATen/ATen.h>
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace tastelab::model {

namespace {

void requireFalse(const util::JsonValue& json, const char* key, const std::filesystem::path& file)
{
    if (configBool(json, key, false, file)) {
        throw ModelLoadError(fmt::format("{}: the key '{}' is true; it is not supported", file.string(), key));
    }
}

std::vector<double> linspaceSigmas(int steps)
{
    if (steps < 1) throw std::invalid_argument(fmt::format("flow matching needs at least one step, not {}", steps));
    // np.linspace(1.0, 1 / N, N), computed as numpy does: start + i * (stop - start) / (N - 1), the last exactly stop.
    std::vector<double> sigmas(static_cast<std::size_t>(steps));
    const double stop = 1.0 / steps;
    for (int i = 0; i < steps; ++i) {
        sigmas[static_cast<std::size_t>(i)] =
            steps == 1 ? 1.0 : (i == steps - 1 ? stop : 1.0 + i * (stop - 1.0) / (steps - 1));
    }
    return sigmas;
}

FlowMatchSchedule finish(std::vector<double> sigmas, std::int64_t numTrainTimesteps)
{
    FlowMatchSchedule schedule;
    for (double sigma : sigmas) schedule.timesteps.push_back(sigma * static_cast<double>(numTrainTimesteps));
    sigmas.push_back(0.0);
    schedule.sigmas = std::move(sigmas);
    return schedule;
}

void checkLatentSize(std::int64_t height, std::int64_t width)
{
    if (height <= 0 || width <= 0 || height % 2 != 0 || width % 2 != 0) {
        throw std::invalid_argument(fmt::format(
            "FLUX packs 2x2 latent patches: the latent size {}x{} must be even and positive", height, width));
    }
}

}  // namespace

FlowMatchSchedule flowMatchSchedule(int steps, double shift, std::int64_t numTrainTimesteps)
{
    if (!(shift > 0.0)) throw std::invalid_argument(fmt::format("the flow-matching shift {} must be positive", shift));
    std::vector<double> sigmas = linspaceSigmas(steps);
    for (double& sigma : sigmas) sigma = shift * sigma / (1.0 + (shift - 1.0) * sigma);
    return finish(std::move(sigmas), numTrainTimesteps);
}

FlowMatchConfig FlowMatchConfig::fromJson(const std::filesystem::path& configJson)
{
    const util::JsonValue json = readConfigJson(configJson);
    const std::string className = configString(json, "_class_name", "FlowMatchEulerDiscreteScheduler", configJson);
    if (className != "FlowMatchEulerDiscreteScheduler") {
        throw ModelLoadError(fmt::format("{}: the key '_class_name' is '{}'; only 'FlowMatchEulerDiscreteScheduler' "
                                         "is supported",
            configJson.string(), className));
    }
    FlowMatchConfig config;
    config.numTrainTimesteps = configInt(json, "num_train_timesteps", config.numTrainTimesteps, configJson);
    config.shift = configDouble(json, "shift", config.shift, configJson);
    config.useDynamicShifting = configBool(json, "use_dynamic_shifting", config.useDynamicShifting, configJson);
    config.baseShift = configDouble(json, "base_shift", config.baseShift, configJson);
    config.maxShift = configDouble(json, "max_shift", config.maxShift, configJson);
    config.baseImageSeqLen = configInt(json, "base_image_seq_len", config.baseImageSeqLen, configJson);
    config.maxImageSeqLen = configInt(json, "max_image_seq_len", config.maxImageSeqLen, configJson);
    // Options of newer diffusers that change the sigmas; none of the FLUX checkpoints sets them.
    for (const char* key :
        {"use_karras_sigmas", "use_exponential_sigmas", "use_beta_sigmas", "invert_sigmas", "stochastic_sampling"}) {
        requireFalse(json, key, configJson);
    }
    if (const util::JsonValue* terminal = json.find("shift_terminal"); terminal && !terminal->isNull()) {
        throw ModelLoadError(
            fmt::format("{}: the key 'shift_terminal' is set; it is not supported", configJson.string()));
    }
    const std::string timeShiftType = configString(json, "time_shift_type", "exponential", configJson);
    if (timeShiftType != "exponential") {
        throw ModelLoadError(fmt::format("{}: the key 'time_shift_type' is '{}'; only 'exponential' is supported",
            configJson.string(), timeShiftType));
    }
    if (config.numTrainTimesteps < 1) {
        throw ModelLoadError(fmt::format("{}: the key 'num_train_timesteps' must be positive, not {}",
            configJson.string(), config.numTrainTimesteps));
    }
    if (!(config.shift > 0.0)) {
        throw ModelLoadError(
            fmt::format("{}: the key 'shift' must be positive, not {}", configJson.string(), config.shift));
    }
    if (config.useDynamicShifting && config.maxImageSeqLen == config.baseImageSeqLen) {
        throw ModelLoadError(fmt::format("{}: the keys 'base_image_seq_len' and 'max_image_seq_len' are both {}",
            configJson.string(), config.baseImageSeqLen));
    }
    return config;
}

FlowMatchConfig FlowMatchConfig::schnell()
{
    return FlowMatchConfig{};
}

double flowMatchMu(const FlowMatchConfig& config, std::int64_t imageSeqLen)
{
    const double slope =
        (config.maxShift - config.baseShift) / static_cast<double>(config.maxImageSeqLen - config.baseImageSeqLen);
    const double intercept = config.baseShift - slope * static_cast<double>(config.baseImageSeqLen);
    return static_cast<double>(imageSeqLen) * slope + intercept;
}

double flowMatchTimeShift(double mu, double sigma)
{
    if (sigma <= 0.0) return 0.0;
    return std::exp(mu) / (std::exp(mu) + (1.0 / sigma - 1.0));
}

FlowMatchSchedule flowMatchSchedule(const FlowMatchConfig& config, int steps, std::int64_t imageSeqLen)
{
    if (!config.useDynamicShifting) return flowMatchSchedule(steps, config.shift, config.numTrainTimesteps);
    const double mu = flowMatchMu(config, imageSeqLen);
    std::vector<double> sigmas = linspaceSigmas(steps);
    for (double& sigma : sigmas) sigma = flowMatchTimeShift(mu, sigma);
    return finish(std::move(sigmas), config.numTrainTimesteps);
}

at::Tensor flowMatchEulerStep(const at::Tensor& sample, const at::Tensor& velocity, double sigma, double sigmaNext)
{
    return sample + (sigmaNext - sigma) * velocity.to(sample.scalar_type());
}

at::Tensor packFluxLatents(const at::Tensor& latents)
{
    if (latents.dim() != 4) {
        throw std::invalid_argument(
            fmt::format("FLUX latents to pack must be [B, C, H, W], not {}", shapeText(latents.sizes())));
    }
    const std::int64_t batch = latents.size(0), channels = latents.size(1);
    const std::int64_t height = latents.size(2), width = latents.size(3);
    checkLatentSize(height, width);
    return latents.view({batch, channels, height / 2, 2, width / 2, 2})
        .permute({0, 2, 4, 1, 3, 5})
        .reshape({batch, (height / 2) * (width / 2), channels * 4});
}

at::Tensor unpackFluxLatents(const at::Tensor& packed, std::int64_t height, std::int64_t width)
{
    checkLatentSize(height, width);
    const std::int64_t rows = (height / 2) * (width / 2);
    if (packed.dim() != 3 || packed.size(1) != rows || packed.size(2) % 4 != 0) {
        throw std::invalid_argument(fmt::format("packed FLUX latents for a {}x{} latent must be [B, {}, 4C], not {}",
            height, width, rows, shapeText(packed.sizes())));
    }
    const std::int64_t batch = packed.size(0), channels = packed.size(2) / 4;
    return packed.reshape({batch, height / 2, width / 2, channels, 2, 2})
        .permute({0, 3, 1, 4, 2, 5})
        .reshape({batch, channels, height, width});
}

at::Tensor fluxImageIds(std::int64_t latentHeight, std::int64_t latentWidth)
{
    checkLatentSize(latentHeight, latentWidth);
    const std::int64_t rows = latentHeight / 2, cols = latentWidth / 2;
    const auto options = at::TensorOptions().dtype(at::kFloat);
    const at::Tensor row = at::arange(rows, options).view({rows, 1}).expand({rows, cols});
    const at::Tensor col = at::arange(cols, options).view({1, cols}).expand({rows, cols});
    return at::stack({at::zeros({rows, cols}, options), row, col}, 2).reshape({rows * cols, 3});
}

}  // namespace tastelab::model
