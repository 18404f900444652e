// Golden parity of the two schedulers: each golden folder holds the scheduler_config.json of SD-Turbo or
// FLUX.1-schnell and what diffusers v0.31.0 computed from it; the product's own config loaders and math must agree.
#include "model/diffusion/euler_scheduler.h"
#include "model/diffusion/flow_match_scheduler.h"
#include "model/io/safetensors.h"
#include "tests/parity/parity_support.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace tastelab::model {
namespace {

namespace fs = std::filesystem;

// Timesteps are whole training steps (Euler) or sigma * 1000 in float32 (flow matching): 1e-3 admits float32
// rounding of values up to 1000 (one ulp is 6e-5) and still catches a timestep off by one.
constexpr double kTimestepTolerance = 1e-3;
// Everything else: parity::kRelativeTolerance (1e-4 of the golden's largest magnitude). diffusers
// builds the noise schedule in float32 (alphas_cumprod over 1000 products), we in double; the steps are float32
// in both. The measured differences are around 1e-7 relative, so 1e-4 leaves room for another CPU's float
// rounding while a wrong schedule (a neighbouring timestep moves sigma by over 1e-3 relative) fails.
using parity::expectMatches;
using parity::expectRelative;
using parity::parityDir;

at::Tensor toTensor(const std::vector<double>& values)
{
    return at::tensor(values, at::TensorOptions().dtype(at::kDouble));
}

class Golden {
public:
    explicit Golden(const std::string& name)
        : folder_(parityDir() / name)
        , file_(SafetensorsFile::open(folder_ / "golden.safetensors"))
    {
    }
    fs::path schedulerConfig() const { return folder_ / "scheduler" / "scheduler_config.json"; }
    at::Tensor operator()(int steps, const std::string& key) const
    {
        return file_.load("steps" + std::to_string(steps) + "." + key, at::kFloat);
    }

private:
    fs::path folder_;
    SafetensorsFile file_;
};

TEST(SchedulerParity, EulerDiscreteWithSdTurboConfigMatchesDiffusers)
{
    const Golden golden("euler_sd_turbo");
    // As sd_turbo.cpp loads a user's folder.
    EulerDiscreteScheduler scheduler(EulerDiscreteConfig::fromJson(golden.schedulerConfig()));
    for (const int steps : {1, 2, 4}) {
        SCOPED_TRACE("EulerDiscreteScheduler (SD-Turbo config), " + std::to_string(steps) + " steps");
        const std::string name = "Euler " + std::to_string(steps) + " steps: ";
        scheduler.setTimesteps(steps);
        expectMatches(
            name + "timesteps", toTensor(scheduler.timesteps()), golden(steps, "timesteps"), kTimestepTolerance);
        expectRelative(name + "sigmas", toTensor(scheduler.sigmas()), golden(steps, "sigmas"));
        expectRelative(
            name + "init_noise_sigma", toTensor({scheduler.initNoiseSigma()}), golden(steps, "init_noise_sigma"));

        // Each step from the reference's own input, so that one wrong step is named alone; then the whole chain.
        at::Tensor chained = golden(steps, "sample0");
        for (int i = 0; i < steps; ++i) {
            const std::string label = name + "step " + std::to_string(i) + " ";
            const at::Tensor sample = golden(steps, "sample" + std::to_string(i));
            const at::Tensor output = golden(steps, "model_output" + std::to_string(i));
            expectRelative(label + "scale_model_input", scheduler.scaleModelInput(sample, i),
                golden(steps, "scaled" + std::to_string(i)));
            expectRelative(label + "pred_original_sample", scheduler.predictOriginal(output, i, sample),
                golden(steps, "pred_original" + std::to_string(i)));
            expectRelative(label + "prev_sample", scheduler.step(output, i, sample),
                golden(steps, "sample" + std::to_string(i + 1)));
            chained = scheduler.step(output, i, chained);
        }
        expectRelative(
            name + "final sample of the whole loop", chained, golden(steps, "sample" + std::to_string(steps)));
    }
}

TEST(SchedulerParity, FlowMatchEulerWithFluxSchnellConfigMatchesDiffusers)
{
    const Golden golden("flow_match_flux_schnell");
    // As flux.cpp loads a user's folder and asks for the schedule of an 8x8 latent (16 packed tokens).
    const FlowMatchConfig config = FlowMatchConfig::fromJson(golden.schedulerConfig());
    for (const int steps : {1, 4}) {
        SCOPED_TRACE("FlowMatchEulerDiscreteScheduler (FLUX.1-schnell config), " + std::to_string(steps) + " steps");
        const std::string name = "FlowMatch " + std::to_string(steps) + " steps: ";
        const at::Tensor sample0 = golden(steps, "sample0");
        const FlowMatchSchedule schedule =
            flowMatchSchedule(config, steps, (sample0.size(2) / 2) * (sample0.size(3) / 2));
        expectMatches(name + "timesteps", toTensor(schedule.timesteps), golden(steps, "timesteps"), kTimestepTolerance);
        expectRelative(name + "sigmas", toTensor(schedule.sigmas), golden(steps, "sigmas"));
        ASSERT_EQ(schedule.sigmas.size(), static_cast<std::size_t>(steps) + 1) << name << "sigma count";

        at::Tensor chained = sample0;
        for (int i = 0; i < steps; ++i) {
            const std::string label = name + "step " + std::to_string(i) + " ";
            const auto index = static_cast<std::size_t>(i);
            const at::Tensor sample = golden(steps, "sample" + std::to_string(i));
            const at::Tensor velocity = golden(steps, "model_output" + std::to_string(i));
            expectRelative(label + "prev_sample",
                flowMatchEulerStep(sample, velocity, schedule.sigmas[index], schedule.sigmas[index + 1]),
                golden(steps, "sample" + std::to_string(i + 1)));
            chained = flowMatchEulerStep(chained, velocity, schedule.sigmas[index], schedule.sigmas[index + 1]);
        }
        expectRelative(
            name + "final sample of the whole loop", chained, golden(steps, "sample" + std::to_string(steps)));
    }
}

}  // namespace
}  // namespace tastelab::model
