// The Euler discrete scheduler against an independent computation of the noise schedule, the timestep spacings
// diffusers documents, the SD-Turbo one-step numbers and the closed-form Euler / v-prediction formulas.
#include "model/diffusion/euler_scheduler.h"

#include "model/io/diffusers_weights.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <system_error>
#include <vector>

namespace mdl = tastelab::model;

namespace {

// sigma_t = sqrt((1 - prod(1 - beta)) / prod(1 - beta)) for the scaled-linear betas, t = 0..999, by a plain loop.
std::vector<double> referenceSigmas(double betaStart = 0.00085, double betaEnd = 0.012, bool scaled = true)
{
    std::vector<double> sigmas;
    double product = 1.0;
    for (int t = 0; t < 1000; ++t) {
        double beta = 0;
        if (scaled) {
            const double root = std::sqrt(betaStart) + (std::sqrt(betaEnd) - std::sqrt(betaStart)) * t / 999.0;
            beta = root * root;
        } else {
            beta = betaStart + (betaEnd - betaStart) * t / 999.0;
        }
        product *= 1.0 - beta;
        sigmas.push_back(std::sqrt((1.0 - product) / product));
    }
    return sigmas;
}

std::filesystem::path writeFile(const std::string& name, const std::string& text)
{
    // One folder per run, removed when the test program exits.
    static const struct Scratch {
        std::filesystem::path dir =
            std::filesystem::temp_directory_path() / ("tastelab-euler-" + std::to_string(::getpid()));
        Scratch() { std::filesystem::create_directories(dir); }
        ~Scratch()
        {
            std::error_code ignored;
            std::filesystem::remove_all(dir, ignored);
        }
    } scratchDir;
    const std::filesystem::path& dir = scratchDir.dir;
    const auto path = dir / name;
    std::ofstream(path) << text;
    return path;
}

std::string loadError(const std::function<void()>& action)
{
    try {
        action();
    } catch (const mdl::ModelLoadError& error) {
        return error.what();
    }
    return "(no error)";
}

// stabilityai/sd-turbo scheduler/scheduler_config.json as published (diffusers 0.24).
const char* const kSdTurboSchedulerJson = R"({
  "_class_name": "EulerDiscreteScheduler",
  "_diffusers_version": "0.24.0.dev0",
  "beta_end": 0.012,
  "beta_schedule": "scaled_linear",
  "beta_start": 0.00085,
  "clip_sample": false,
  "interpolation_type": "linear",
  "num_train_timesteps": 1000,
  "prediction_type": "epsilon",
  "sample_max_value": 1.0,
  "set_alpha_to_one": false,
  "skip_prk_steps": true,
  "steps_offset": 1,
  "timestep_spacing": "trailing",
  "timestep_type": "discrete",
  "trained_betas": null,
  "use_karras_sigmas": false
})";

}  // namespace

TEST(EulerScheduler, OneTrailingStepIsSdTurbosSigma)
{
    mdl::EulerDiscreteScheduler scheduler;
    scheduler.setTimesteps(1);
    ASSERT_EQ(scheduler.timesteps(), std::vector<double>{999.0});
    ASSERT_EQ(scheduler.sigmas().size(), 2U);
    EXPECT_NEAR(scheduler.sigmas()[0], 14.6146, 1e-3);  // the value the SD-Turbo pipeline prints
    EXPECT_EQ(scheduler.sigmas()[1], 0.0);
    EXPECT_NEAR(scheduler.initNoiseSigma(), 14.6146, 1e-3);
}

TEST(EulerScheduler, TrailingSigmasMatchAnIndependentSchedule)
{
    const std::vector<double> reference = referenceSigmas();
    const std::vector<std::vector<double>> expectedTimesteps{{999}, {999, 499}, {999, 749, 499, 249}};
    mdl::EulerDiscreteScheduler scheduler;
    for (const auto& expected : expectedTimesteps) {
        const int steps = static_cast<int>(expected.size());
        scheduler.setTimesteps(steps);
        EXPECT_EQ(scheduler.timesteps(), expected) << steps << " steps";
        ASSERT_EQ(scheduler.sigmas().size(), expected.size() + 1);
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const double want = reference[static_cast<std::size_t>(expected[i])];
            EXPECT_NEAR(scheduler.sigmas()[i], want, 1e-9 * want) << steps << " steps, index " << i;
        }
        EXPECT_EQ(scheduler.sigmas().back(), 0.0);
        EXPECT_NEAR(scheduler.initNoiseSigma(), reference[999], 1e-9 * reference[999]);
    }
    // Known values of the SD schedule: sigma_min at t = 0 and sigma at t = 499.
    EXPECT_NEAR(reference[0], 0.029168, 1e-5);
    scheduler.setTimesteps(2);
    EXPECT_NEAR(scheduler.sigmas()[1], reference[499], 1e-12);
}

TEST(EulerScheduler, LeadingAndLinspaceSpacings)
{
    const std::vector<double> reference = referenceSigmas();
    mdl::EulerDiscreteConfig leading;
    leading.timestepSpacing = "leading";
    leading.stepsOffset = 1;
    mdl::EulerDiscreteScheduler leadingScheduler(leading);
    leadingScheduler.setTimesteps(4);
    EXPECT_EQ(leadingScheduler.timesteps(), (std::vector<double>{751, 501, 251, 1}));
    EXPECT_NEAR(leadingScheduler.sigmas()[0], reference[751], 1e-9);
    EXPECT_NEAR(leadingScheduler.sigmas()[3], reference[1], 1e-12);
    // Leading spacing starts below sigma_max, so the initial noise includes the unit signal variance.
    EXPECT_NEAR(leadingScheduler.initNoiseSigma(), std::sqrt(reference[751] * reference[751] + 1.0), 1e-9);

    mdl::EulerDiscreteConfig linspace;
    linspace.timestepSpacing = "linspace";
    mdl::EulerDiscreteScheduler linspaceScheduler(linspace);
    linspaceScheduler.setTimesteps(4);
    EXPECT_EQ(linspaceScheduler.timesteps(), (std::vector<double>{999, 666, 333, 0}));
    // Three steps put a timestep at 499.5: the sigma is interpolated linearly between 499 and 500.
    linspaceScheduler.setTimesteps(3);
    EXPECT_EQ(linspaceScheduler.timesteps(), (std::vector<double>{999, 499.5, 0}));
    EXPECT_NEAR(linspaceScheduler.sigmas()[1], 0.5 * (reference[499] + reference[500]), 1e-12);
    EXPECT_NEAR(linspaceScheduler.sigmas()[2], reference[0], 1e-12);
    EXPECT_NEAR(linspaceScheduler.initNoiseSigma(), reference[999], 1e-9);

    mdl::EulerDiscreteConfig linear;
    linear.betaSchedule = "linear";
    linear.betaStart = 0.0001;
    linear.betaEnd = 0.02;
    mdl::EulerDiscreteScheduler linearScheduler(linear);
    linearScheduler.setTimesteps(2);
    const std::vector<double> linearReference = referenceSigmas(0.0001, 0.02, false);
    EXPECT_NEAR(linearScheduler.sigmas()[0], linearReference[999], 1e-9 * linearReference[999]);
    EXPECT_NEAR(linearScheduler.sigmas()[1], linearReference[499], 1e-9);
    // DDPM's schedule ends at alphas_cumprod 4.0358e-5: sigma_max = sqrt((1 - a) / a) = 157.407.
    EXPECT_NEAR(linearReference[999], 157.407, 1e-3);
}

TEST(EulerScheduler, StepCountsOutsideTheScheduleThrow)
{
    mdl::EulerDiscreteScheduler scheduler;
    EXPECT_THROW(scheduler.setTimesteps(0), std::invalid_argument);
    EXPECT_THROW(scheduler.setTimesteps(1001), std::invalid_argument);
    scheduler.setTimesteps(1000);
    EXPECT_EQ(scheduler.timesteps().size(), 1000U);
    EXPECT_EQ(scheduler.timesteps().back(), 0.0);
    scheduler.setTimesteps(2);
    const at::Tensor x = at::zeros({1, 4, 2, 2});
    EXPECT_THROW(scheduler.step(x, 2, x), std::out_of_range);
    EXPECT_THROW(scheduler.scaleModelInput(x, -1), std::out_of_range);
}

TEST(EulerScheduler, OneStepIsTheEpsilonFormula)
{
    mdl::EulerDiscreteScheduler scheduler;
    scheduler.setTimesteps(1);
    const double sigma = referenceSigmas()[999];
    const at::Tensor sample = at::tensor({3.0, -7.5, 12.25, 0.5}).reshape({1, 1, 2, 2}).to(at::kFloat);
    const at::Tensor eps = at::tensor({0.2, -0.5, 0.75, 1.0}).reshape({1, 1, 2, 2}).to(at::kFloat);

    const at::Tensor scaled = scheduler.scaleModelInput(sample, 0);
    EXPECT_NEAR(scaled[0][0][0][0].item<double>(), 3.0 / std::sqrt(sigma * sigma + 1.0), 1e-6);

    const at::Tensor stepped = scheduler.step(eps, 0, sample);
    const at::Tensor original = scheduler.predictOriginal(eps, 0, sample);
    const double samples[] = {3.0, -7.5, 12.25, 0.5};
    const double noises[] = {0.2, -0.5, 0.75, 1.0};
    for (int i = 0; i < 4; ++i) {
        const double want = samples[i] - sigma * noises[i];
        EXPECT_NEAR(stepped.flatten()[i].item<double>(), want, 1e-5) << i;
        EXPECT_NEAR(original.flatten()[i].item<double>(), want, 1e-5) << i;
    }
}

TEST(EulerScheduler, TwoStepsMoveAlongTheDerivative)
{
    const std::vector<double> reference = referenceSigmas();
    mdl::EulerDiscreteScheduler scheduler;
    scheduler.setTimesteps(2);
    const at::Tensor sample = at::full({1, 1, 1, 2}, 5.0);
    const at::Tensor eps = at::tensor({0.5, -1.0}).reshape({1, 1, 1, 2}).to(at::kFloat);
    // x0 = x - sigma eps, so (x - x0) / sigma = eps and x_next = x + (sigma_next - sigma) eps.
    const at::Tensor first = scheduler.step(eps, 0, sample);
    const double drop = reference[499] - reference[999];
    EXPECT_NEAR(first.flatten()[0].item<double>(), 5.0 + drop * 0.5, 1e-4);
    EXPECT_NEAR(first.flatten()[1].item<double>(), 5.0 - drop, 1e-4);
    // The last step lands on sigma 0: the x0 prediction itself.
    const at::Tensor last = scheduler.step(eps, 1, first);
    EXPECT_TRUE(at::allclose(last, first - reference[499] * eps, 1e-5, 1e-5));
}

TEST(EulerScheduler, VPredictionRecoversTheCleanSample)
{
    mdl::EulerDiscreteConfig config;
    config.predictionType = "v_prediction";
    mdl::EulerDiscreteScheduler scheduler(config);
    scheduler.setTimesteps(4);
    const double sigma = scheduler.sigmas()[1];
    // In variance-preserving terms x_vp = alpha x0 + s eps with alpha = 1/sqrt(sigma^2+1), s = sigma alpha;
    // the Euler sample is x = x_vp / alpha = x0 + sigma eps, and v = alpha eps - s x0.
    const at::Tensor x0 = at::tensor({0.3, -0.8, 1.1}).to(at::kDouble);
    const at::Tensor eps = at::tensor({1.5, 0.25, -2.0}).to(at::kDouble);
    const double alpha = 1.0 / std::sqrt(sigma * sigma + 1.0);
    const at::Tensor x = x0 + sigma * eps;
    const at::Tensor v = alpha * eps - sigma * alpha * x0;
    const at::Tensor predicted = scheduler.predictOriginal(v, 1, x);
    EXPECT_EQ(predicted.scalar_type(), at::kDouble);
    EXPECT_TRUE(at::allclose(predicted, x0, 1e-5, 1e-5)) << predicted;
    // The step then heads for x0: x_next = x0 + sigma_next eps.
    const at::Tensor next = scheduler.step(v, 1, x);
    EXPECT_TRUE(at::allclose(next, x0 + scheduler.sigmas()[2] * eps, 1e-4, 1e-4)) << next;
}

TEST(EulerScheduler, StepIsDifferentiableAndKeepsTheDtype)
{
    mdl::EulerDiscreteScheduler scheduler;
    scheduler.setTimesteps(1);
    const at::Tensor eps = at::randn({1, 4, 2, 2}).requires_grad_(true);
    const at::Tensor sample = at::randn({1, 4, 2, 2}) * 14.0;
    scheduler.step(eps, 0, sample).sum().backward();
    ASSERT_TRUE(eps.grad().defined());
    // d(x - sigma eps)/d eps = -sigma everywhere.
    EXPECT_TRUE(at::allclose(eps.grad(), at::full_like(eps, -scheduler.sigmas()[0]), 1e-5, 1e-4));

    const at::Tensor half = scheduler.predictOriginal(eps.detach().to(at::kHalf), 0, sample.to(at::kHalf));
    EXPECT_EQ(half.scalar_type(), at::kHalf);
}

TEST(EulerScheduler, ReadsSdTurbosSchedulerConfig)
{
    const auto path = writeFile("scheduler_config.json", kSdTurboSchedulerJson);
    const mdl::EulerDiscreteConfig config = mdl::EulerDiscreteConfig::fromJson(path);
    EXPECT_EQ(config.numTrainTimesteps, 1000);
    EXPECT_DOUBLE_EQ(config.betaStart, 0.00085);
    EXPECT_DOUBLE_EQ(config.betaEnd, 0.012);
    EXPECT_EQ(config.betaSchedule, "scaled_linear");
    EXPECT_EQ(config.timestepSpacing, "trailing");
    EXPECT_EQ(config.stepsOffset, 1);
    EXPECT_EQ(config.predictionType, "epsilon");
    mdl::EulerDiscreteScheduler scheduler(config);
    scheduler.setTimesteps(1);
    EXPECT_EQ(scheduler.timesteps(), std::vector<double>{999.0});  // trailing ignores steps_offset
    EXPECT_NEAR(scheduler.sigmas()[0], 14.6146, 1e-3);

    // Missing keys take diffusers' defaults (linear 0.0001..0.02, linspace).
    const mdl::EulerDiscreteConfig defaults = mdl::EulerDiscreteConfig::fromJson(writeFile("empty.json", "{}"));
    EXPECT_EQ(defaults.betaSchedule, "linear");
    EXPECT_EQ(defaults.timestepSpacing, "linspace");
    EXPECT_DOUBLE_EQ(defaults.betaEnd, 0.02);
}

TEST(EulerScheduler, UnsupportedConfigsNameTheKeyAndFile)
{
    auto withKey = [](const std::string& name, const std::string& key, const std::string& value) {
        std::string text = kSdTurboSchedulerJson;
        const std::string needle = "\"" + key + "\": ";
        const auto at = text.find(needle);
        if (at == std::string::npos) {
            text.insert(1, "\n  " + needle + value + ",");
        } else {
            const auto end = text.find_first_of(",\n}", at + needle.size());
            text.replace(at + needle.size(), end - at - needle.size(), value);
        }
        return writeFile(name, text);
    };
    struct Case {
        std::string key, value, fragment;
    };
    const std::vector<Case> cases{
        {"beta_schedule", "\"squaredcos_cap_v2\"", "'squaredcos_cap_v2'"},
        {"prediction_type", "\"flow_prediction\"", "'flow_prediction'"},
        {"timestep_spacing", "\"karras\"", "'karras'"},
        {"interpolation_type", "\"log_linear\"", "'log_linear'"},
        {"use_karras_sigmas", "true", "true"},
        {"trained_betas", "[0.1, 0.2]", "is set"},
        {"num_train_timesteps", "\"1000\"", "integer"},
    };
    for (const Case& c : cases) {
        const auto path = withKey("bad_" + c.key + ".json", c.key, c.value);
        const std::string message = loadError([&] { mdl::EulerDiscreteConfig::fromJson(path); });
        EXPECT_NE(message.find(path.string()), std::string::npos) << message;
        EXPECT_NE(message.find("'" + c.key + "'"), std::string::npos) << message;
        EXPECT_NE(message.find(c.fragment), std::string::npos) << message;
    }
    const auto missing = std::filesystem::temp_directory_path() / "tastelab-no-such-dir" / "scheduler_config.json";
    EXPECT_NE(
        loadError([&] { mdl::EulerDiscreteConfig::fromJson(missing); }).find(missing.string()), std::string::npos);
}
