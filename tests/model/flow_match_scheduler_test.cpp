// The flow-matching schedule against the closed-form FLUX.1-schnell values and hand-computed shifts, the config file
// checks, and FLUX's 2x2 latent packing and image positions against element-by-element loops.
#include "model/diffusion/flow_match_scheduler.h"

#include "model/io/diffusers_weights.h"
#include "tests/support/test_support.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

namespace mdl = tastelab::model;

namespace {

void expectValues(const std::vector<double>& actual, const std::vector<double>& expected, double tolerance = 1e-12)
{
    ASSERT_EQ(actual.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(actual[i], expected[i], tolerance) << "index " << i;
}

std::filesystem::path writeConfig(const tastelab::testing::TempDir& dir, const std::string& text)
{
    const auto file = dir / "scheduler_config.json";
    std::ofstream(file) << text;
    return file;
}

// The schnell scheduler_config.json as published.
const char* kSchnellConfig =
    R"({"_class_name": "FlowMatchEulerDiscreteScheduler", "_diffusers_version": "0.30.0.dev0", "base_image_seq_len": 256,)"
    R"( "base_shift": 0.5, "max_image_seq_len": 4096, "max_shift": 1.15, "num_train_timesteps": 1000, "shift": 1.0,)"
    R"( "use_dynamic_shifting": false})";

}  // namespace

TEST(FlowMatchSchedule, FourStepsAreQuarters)
{
    const mdl::FlowMatchSchedule schedule = mdl::flowMatchSchedule(4);
    expectValues(schedule.sigmas, {1.0, 0.75, 0.5, 0.25, 0.0});
    expectValues(schedule.timesteps, {1000.0, 750.0, 500.0, 250.0}, 1e-9);
}

TEST(FlowMatchSchedule, OneStepGoesStraightToZero)
{
    const mdl::FlowMatchSchedule schedule = mdl::flowMatchSchedule(1);
    expectValues(schedule.sigmas, {1.0, 0.0});
    expectValues(schedule.timesteps, {1000.0});
}

TEST(FlowMatchSchedule, StaticShiftByHand)
{
    // N = 2: linspace(1, 0.5, 2) = [1, 0.5]; shift 3: 3*1/(1+2*1) = 1, 3*0.5/(1+2*0.5) = 0.75.
    const mdl::FlowMatchSchedule schedule = mdl::flowMatchSchedule(2, 3.0);
    expectValues(schedule.sigmas, {1.0, 0.75, 0.0});
    expectValues(schedule.timesteps, {1000.0, 750.0}, 1e-9);
    // N = 3: [1, 2/3, 1/3]; shift 2: 2*(2/3)/(1+2/3) = 0.8, 2*(1/3)/(1+1/3) = 0.5.
    expectValues(mdl::flowMatchSchedule(3, 2.0).sigmas, {1.0, 0.8, 0.5, 0.0});
}

TEST(FlowMatchSchedule, RefusesImpossibleArguments)
{
    EXPECT_THROW(mdl::flowMatchSchedule(0), std::invalid_argument);
    EXPECT_THROW(mdl::flowMatchSchedule(2, 0.0), std::invalid_argument);
}

TEST(FlowMatchSchedule, DynamicShiftMuByHand)
{
    mdl::FlowMatchConfig config;  // 0.5 at 256 tokens, 1.15 at 4096
    config.useDynamicShifting = true;
    EXPECT_NEAR(mdl::flowMatchMu(config, 256), 0.5, 1e-12);
    EXPECT_NEAR(mdl::flowMatchMu(config, 4096), 1.15, 1e-12);
    // 512x512 FLUX.1-dev: 1024 packed tokens. slope 0.65/3840; mu = 0.5 + 768 * 0.65 / 3840 = 0.63.
    EXPECT_NEAR(mdl::flowMatchMu(config, 1024), 0.63, 1e-12);
    // time shift at sigma 0.5: e^mu / (e^mu + 1); at sigma 0.25: e^mu / (e^mu + 3).
    const double e = std::exp(0.63);
    EXPECT_NEAR(mdl::flowMatchTimeShift(0.63, 0.5), e / (e + 1.0), 1e-12);
    EXPECT_NEAR(mdl::flowMatchTimeShift(0.63, 1.0), 1.0, 1e-12);
    EXPECT_EQ(mdl::flowMatchTimeShift(0.63, 0.0), 0.0);
    const mdl::FlowMatchSchedule schedule = mdl::flowMatchSchedule(config, 4, 1024);
    expectValues(schedule.sigmas, {1.0, e / (e + 1.0 / 3.0), e / (e + 1.0), e / (e + 3.0), 0.0});
    EXPECT_NEAR(schedule.timesteps[2], 1000.0 * e / (e + 1.0), 1e-9);
    // Without dynamic shifting the sequence length does not matter.
    config.useDynamicShifting = false;
    expectValues(mdl::flowMatchSchedule(config, 4, 1024).sigmas, {1.0, 0.75, 0.5, 0.25, 0.0});
}

TEST(FlowMatchConfig, ReadsTheSchnellFile)
{
    tastelab::testing::TempDir dir;
    const mdl::FlowMatchConfig config = mdl::FlowMatchConfig::fromJson(writeConfig(dir, kSchnellConfig));
    EXPECT_EQ(config.numTrainTimesteps, 1000);
    EXPECT_DOUBLE_EQ(config.shift, 1.0);
    EXPECT_FALSE(config.useDynamicShifting);
    EXPECT_DOUBLE_EQ(config.baseShift, 0.5);
    EXPECT_DOUBLE_EQ(config.maxShift, 1.15);
    EXPECT_EQ(config.baseImageSeqLen, 256);
    EXPECT_EQ(config.maxImageSeqLen, 4096);
    expectValues(mdl::flowMatchSchedule(config, 4, 1024).sigmas, {1.0, 0.75, 0.5, 0.25, 0.0});
}

TEST(FlowMatchConfig, ErrorsNameTheKeyAndTheFile)
{
    tastelab::testing::TempDir dir;
    const auto expectError = [&](const std::string& text, const std::string& key) {
        const auto file = writeConfig(dir, text);
        try {
            mdl::FlowMatchConfig::fromJson(file);
            ADD_FAILURE() << "no error for " << text;
        } catch (const mdl::ModelLoadError& error) {
            const std::string message = error.what();
            EXPECT_NE(message.find(key), std::string::npos) << message;
            EXPECT_NE(message.find(file.string()), std::string::npos) << message;
        }
    };
    expectError(R"({"_class_name": "EulerDiscreteScheduler"})", "_class_name");
    expectError(R"({"shift": "big"})", "shift");
    expectError(R"({"shift": -1.0})", "shift");
    expectError(R"({"use_karras_sigmas": true})", "use_karras_sigmas");
    expectError(R"({"shift_terminal": 0.1})", "shift_terminal");
    expectError(R"({"time_shift_type": "linear"})", "time_shift_type");
    expectError(R"({"use_dynamic_shifting": 1})", "use_dynamic_shifting");
}

TEST(FlowMatchEuler, StepMovesAlongTheVelocity)
{
    const at::Tensor sample = at::tensor({1.0f, -2.0f, 0.5f});
    const at::Tensor velocity = at::tensor({4.0f, 8.0f, -2.0f});
    // x + (0.5 - 0.75) * v = x - v / 4.
    const at::Tensor next = mdl::flowMatchEulerStep(sample, velocity, 0.75, 0.5);
    EXPECT_TRUE(at::allclose(next, at::tensor({0.0f, -4.0f, 1.0f})));
    EXPECT_EQ(next.scalar_type(), at::kFloat);
}

TEST(FluxPacking, PackedElementOrderByHand)
{
    const std::int64_t B = 2, C = 3, H = 4, W = 6;
    const at::Tensor latents = at::arange(B * C * H * W, at::TensorOptions().dtype(at::kFloat)).view({B, C, H, W});
    const at::Tensor packed = mdl::packFluxLatents(latents);
    ASSERT_EQ(packed.sizes(), (std::vector<std::int64_t>{B, (H / 2) * (W / 2), 4 * C}));
    const auto p = packed.accessor<float, 3>();
    const auto l = latents.accessor<float, 4>();
    for (std::int64_t b = 0; b < B; ++b)
        for (std::int64_t c = 0; c < C; ++c)
            for (std::int64_t h = 0; h < H; ++h)
                for (std::int64_t w = 0; w < W; ++w) {
                    const std::int64_t row = (h / 2) * (W / 2) + w / 2;
                    const std::int64_t column = c * 4 + (h % 2) * 2 + (w % 2);
                    ASSERT_EQ(p[b][row][column], l[b][c][h][w]) << b << " " << c << " " << h << " " << w;
                }
    // Two spot values written out: b 0, c 0, the 2x2 patch at the top left is 0, 1, 6, 7.
    EXPECT_EQ(p[0][0][0], 0.0f);
    EXPECT_EQ(p[0][0][1], 1.0f);
    EXPECT_EQ(p[0][0][2], 6.0f);
    EXPECT_EQ(p[0][0][3], 7.0f);
    // Row 1 is the next patch to the right (w 2..3): channel 1 starts at 24, so column 4 holds 24 + 2 = 26.
    EXPECT_EQ(p[0][1][4], 26.0f);
}

TEST(FluxPacking, UnpackIsTheInverse)
{
    const at::Tensor latents = at::randn({2, 16, 8, 10});
    const at::Tensor packed = mdl::packFluxLatents(latents);
    EXPECT_TRUE(at::equal(mdl::unpackFluxLatents(packed, 8, 10), latents));
    // 512x512: a 64x64 latent packs to [1, 1024, 64].
    EXPECT_EQ(mdl::packFluxLatents(at::zeros({1, 16, 64, 64})).sizes(), (std::vector<std::int64_t>{1, 1024, 64}));
}

TEST(FluxPacking, RefusesOddSizes)
{
    EXPECT_THROW(mdl::packFluxLatents(at::zeros({1, 16, 7, 8})), std::invalid_argument);
    EXPECT_THROW(mdl::packFluxLatents(at::zeros({16, 8, 8})), std::invalid_argument);
    EXPECT_THROW(mdl::unpackFluxLatents(at::zeros({1, 15, 64}), 8, 8), std::invalid_argument);
}

TEST(FluxImageIds, RowsAreZeroRowColumn)
{
    const at::Tensor ids = mdl::fluxImageIds(4, 6);  // a 2 x 3 grid of patches
    ASSERT_EQ(ids.sizes(), (std::vector<std::int64_t>{6, 3}));
    EXPECT_EQ(ids.scalar_type(), at::kFloat);
    const at::Tensor expected =
        at::tensor({0.f, 0.f, 0.f, 0.f, 0.f, 1.f, 0.f, 0.f, 2.f, 0.f, 1.f, 0.f, 0.f, 1.f, 1.f, 0.f, 1.f, 2.f})
            .view({6, 3});
    EXPECT_TRUE(at::equal(ids, expected)) << ids;
}
