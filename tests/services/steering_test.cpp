// Steering through the services, on the small demo workspace of the reward tests: stored runs reopen identically,
// the prompt-alignment term with a CLIP backbone, steering through SD-Turbo and FLUX (tiny random models), and the
// steering evaluation on the demo's simulated raters.
#include "app/services/out_of_memory.h"
#include "app/services/reward/trainer.h"
#include "app/services/steering.h"
#include "app/services/workspace.h"
#include "model/backbones/clip.h"
#include "model/diffusion/flux.h"
#include "model/diffusion/sd_turbo.h"
#include "model/io/diffusers_weights.h"
#include "model/io/image_io.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "storage/people.h"
#include "tests/model/tiny_clip.h"
#include "tests/services/reward_fixture.h"
#include "tests/support/demo_support.h"
#include "tests/support/test_support.h"
#include "tests/support/tiny_flux.h"
#include "tests/support/tiny_sd_turbo.h"
#include "util/json.h"

#include <ATen/core/grad_mode.h>
#include <c10/util/Exception.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

namespace tastelab::services {
namespace {

using tastelab::testing::TempDir;

// Steering: runs for each seed are stored and reopen with the same trajectory and settings; the steered image scores
// at least as well as the baseline (the best iterate includes the start), both images are in the library, and a
// cancel before the first evaluation stores cancelled runs without updates.
TEST_F(RewardServiceTest, SteeringStoresRunsThatReopenIdentically)
{
    auto workspace = open();
    TrainOptions options = quick(10);
    trainRewardModel(workspace, options);

    SteerOptions steer;
    steer.person = "A14";
    steer.prompt = "a watercolor painting of a lighthouse";
    steer.seeds = {3, 4};
    steer.size = 64;
    steer.noise.iterations = 8;
    steer.contrast = 0.0;  // the objective is then the person's predicted value itself
    int progress = 0;
    steer.onProgress = [&](int, int total, double) {
        ++progress;
        EXPECT_EQ(total, 8);
    };
    const SteerReport report = steerNoise(workspace, steer);
    EXPECT_EQ(progress, 9);
    EXPECT_EQ(report.iterations, 8);
    ASSERT_EQ(report.seeds.size(), 2u);
    storage::RunStore runs(workspace.database());
    storage::ImageStore images(workspace.database());
    for (const auto& seed : report.seeds) {
        ASSERT_EQ(seed.trajectory.size(), 9u);
        EXPECT_GT(seed.steeredScore, 0.0);
        EXPECT_LT(seed.steeredScore, 1.0);
        // The best iterate is the trajectory's maximum and no worse than the start.
        EXPECT_GE(*std::max_element(seed.trajectory.begin(), seed.trajectory.end()), seed.trajectory.front());
        EXPECT_EQ(seed.bestIteration,
            std::max_element(seed.trajectory.begin(), seed.trajectory.end()) - seed.trajectory.begin());
        const auto run = runs.steeringRun(seed.runId);
        ASSERT_TRUE(run);
        EXPECT_EQ(run->status, storage::RunStatus::Finished);
        EXPECT_EQ(run->prompt, steer.prompt);
        EXPECT_EQ(run->seed, static_cast<std::int64_t>(seed.seed));
        EXPECT_EQ(run->baselineImageId, std::optional<std::int64_t>(seed.baselineImageId));
        EXPECT_EQ(run->outputImageId, std::optional<std::int64_t>(seed.steeredImageId));
        EXPECT_TRUE(run->checkpointId.has_value());
        const auto trajectory = util::parseJson(run->trajectory);
        ASSERT_EQ(trajectory.asArray().size(), seed.trajectory.size());
        for (std::size_t i = 0; i < seed.trajectory.size(); ++i) {
            EXPECT_NEAR(trajectory.asArray()[i].asDouble(), seed.trajectory[i], 1e-12);
        }
        const auto settings = util::parseJson(run->settings);
        EXPECT_EQ(settings.find("iterations")->asInt(), 8);
        EXPECT_DOUBLE_EQ(settings.find("learningRate")->asDouble(), 5.0);
        const auto steered = images.findById(seed.steeredImageId);
        ASSERT_TRUE(steered);
        EXPECT_EQ(steered->generator.value_or(""), "procedural-v1");
        EXPECT_NE(steered->parameters.find("\"steered\": true"), std::string::npos);
    }
    for (const auto& seed : report.seeds) {
        // Without contrast the objective is the predicted value: the steered image scores as the best iterate did
        // (up to rendering the same noise again).
        EXPECT_NEAR(seed.steeredScore, seed.trajectory[static_cast<std::size_t>(seed.bestIteration)], 1e-4);
        EXPECT_NEAR(seed.baselineScore, seed.trajectory.front(), 1e-4);
    }
    const auto json = util::parseJson(steerReportJson(report));
    EXPECT_EQ(json.find("seeds")->asArray().size(), 2u);

    std::atomic<bool> cancel{true};
    steer.cancel = &cancel;
    steer.seeds = {9};
    const SteerReport cancelled = steerNoise(workspace, steer);
    EXPECT_TRUE(cancelled.cancelled);
    EXPECT_EQ(cancelled.iterations, 0);
    EXPECT_EQ(runs.steeringRun(cancelled.seeds.at(0).runId)->status, storage::RunStatus::Cancelled);

    steer.person = "nobody";
    EXPECT_THROW(steerNoise(workspace, steer), std::invalid_argument);
}

// The prompt-alignment term: with a CLIP backbone the objective is the person's score plus the weight times the cosine
// between the image and the prompt, computed here again with a separately loaded CLIP; the look backbone refuses it.
TEST_F(RewardServiceTest, SteeringAddsThePromptAlignmentTermWithAClipBackbone)
{
    TempDir dir;
    const auto clipFolder = dir.path() / "clip-tiny";
    model::writeTinyClip(clipFolder, 2, 7);
    auto workspace = open();
    TrainOptions options = quick(2);
    options.backbone = "clip:" + clipFolder.string();
    trainRewardModel(workspace, options);

    SteerOptions steer;
    steer.person = "A14";
    steer.prompt = "a cat";
    steer.seeds = {6};
    steer.size = 64;
    steer.noise.iterations = 2;
    steer.contrast = 0.0;
    steer.backbone = options.backbone;
    steer.promptAlignment = 2.0;
    const SteerReport report = steerNoise(workspace, steer);
    ASSERT_EQ(report.seeds.size(), 1u);
    const SteeredSeed& seed = report.seeds[0];

    // The stored baseline image, encoded by an independently loaded CLIP.
    const auto baseline = storage::ImageStore(workspace.database()).findById(seed.baselineImageId);
    ASSERT_TRUE(baseline);
    const auto clip = model::ClipModel::fromFolder(clipFolder);
    const at::Tensor pixels =
        model::imageToTensor(model::decodeImageFile(workspace.libraryDir() / *baseline->libraryPath)).unsqueeze(0);
    const at::Tensor cosine = at::cosine_similarity(clip.encodeImages(pixels), clip.encodeTexts({steer.prompt}), 1);
    // The trajectory starts at score + 2 x cosine (the PNG's 8-bit rounding is the only difference).
    EXPECT_NEAR(seed.trajectory.front(), seed.baselineScore + 2.0 * cosine.item<double>(), 2e-3);
    EXPECT_GT(std::abs(seed.trajectory.front() - seed.baselineScore), 1e-3) << "the term changed nothing";
    const auto run = storage::RunStore(workspace.database()).steeringRun(seed.runId);
    EXPECT_DOUBLE_EQ(util::parseJson(run->settings).find("promptAlignment")->asDouble(), 2.0);

    steer.backbone = "look";
    trainRewardModel(workspace, quick(2));
    EXPECT_THROW(steerNoise(workspace, steer), std::invalid_argument);
}

// Steering through SD-Turbo (a tiny random model written as a diffusers folder): the same stored runs, the images
// carry the generator and the model id, the objective never falls below its start, and the steered noise renders an
// image that differs from the baseline.
TEST_F(RewardServiceTest, SteeringThroughSdTurboStoresRunsWithTheModel)
{
    auto workspace = open();
    trainRewardModel(workspace, quick(10));
    const std::filesystem::path folder = workspace.root() / "models" / "sd-turbo-tiny";
    tastelab::testing::writeTinySdTurboFolder(folder, 3);

    SteerOptions steer;
    steer.person = "A14";
    steer.prompt = "a red cat";
    steer.seeds = {5};
    steer.size = 64;
    steer.noise.iterations = 4;
    steer.contrast = 0.0;
    steer.generator = "sd-turbo";
    steer.modelFolder = folder;
    const SteerReport report = steerNoise(workspace, steer);
    EXPECT_EQ(report.generator, "sd-turbo");
    ASSERT_EQ(report.seeds.size(), 1u);
    const SteeredSeed& seed = report.seeds[0];
    ASSERT_EQ(seed.trajectory.size(), 5u);
    EXPECT_GE(seed.steeredScore, seed.baselineScore - 1e-4);
    EXPECT_NEAR(seed.baselineScore, seed.trajectory.front(), 1e-4);
    storage::ImageStore images(workspace.database());
    const auto baseline = images.findById(seed.baselineImageId);
    const auto steered = images.findById(seed.steeredImageId);
    ASSERT_TRUE(baseline && steered);
    EXPECT_EQ(steered->generator.value_or(""), "sd-turbo");
    EXPECT_EQ(steered->width, 64);
    if (seed.bestIteration > 0) {
        EXPECT_NE(baseline->sha256, steered->sha256);
    }
    const auto run = storage::RunStore(workspace.database()).steeringRun(seed.runId);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->generator, "sd-turbo");
    const auto settings = util::parseJson(run->settings);
    EXPECT_EQ(settings.find("generator")->asString(), "sd-turbo");
    EXPECT_EQ(settings.find("steps")->asInt(), 1);

    steer.generator = "flux-nonexistent";
    EXPECT_THROW(steerNoise(workspace, steer), std::invalid_argument);
    steer.generator = "sd-turbo";
    steer.modelFolder = workspace.root() / "absent";
    EXPECT_THROW(steerNoise(workspace, steer), model::ModelLoadError);
}

// Running out of memory in the middle of steering (here raised where the GPU would raise it, inside an iteration)
// is told as what to change, leaves a failed run per seed with the error, and adds nothing to the library; any other
// failure keeps its own type and is recorded the same way.
TEST_F(RewardServiceTest, SteeringOutOfMemoryNamesWhatWouldHelpAndRecordsFailedRuns)
{
    auto workspace = open();
    trainRewardModel(workspace, quick(4));
    storage::ImageStore images(workspace.database());
    storage::RunStore runs(workspace.database());
    const auto person = storage::PeopleStore(workspace.database()).findByPseudonym("A14");
    ASSERT_TRUE(person);
    const std::size_t imagesBefore = images.list().size();
    const std::size_t runsBefore = runs.steeringRunsOf(person->id).size();

    SteerOptions steer;
    steer.person = "A14";
    steer.prompt = "a lighthouse";
    steer.seeds = {5, 6};
    steer.size = 512;
    steer.noise.iterations = 3;
    steer.onProgress = [](int iteration, int, double) {
        if (iteration == 1) {
            throw c10::OutOfMemoryError({__func__, __FILE__, static_cast<std::uint32_t>(__LINE__)},
                "CUDA out of memory. Tried to allocate 2.00 GiB");
        }
    };
    try {
        steerNoise(workspace, steer);
        FAIL() << "out of memory must end the steer";
    } catch (const OutOfMemory& error) {
        const std::string message = error.what();
        EXPECT_THAT(message, ::testing::HasSubstr("out of memory on cpu while steering procedural at 512x512 with 2"));
        EXPECT_THAT(message, ::testing::HasSubstr("a smaller --size (512 now)"));
        EXPECT_THAT(message, ::testing::HasSubstr("fewer seeds at once (2 now)"));
        EXPECT_THAT(message, ::testing::Not(::testing::HasSubstr("--checkpointing")));  // procedural: no effect
        EXPECT_EQ(error.advice().device, "cpu");
    }
    EXPECT_EQ(images.list().size(), imagesBefore);
    auto stored = runs.steeringRunsOf(person->id);
    ASSERT_EQ(stored.size(), runsBefore + 2);
    for (std::size_t i = 0; i < 2; ++i) {
        const auto& run = stored[stored.size() - 1 - i];
        EXPECT_EQ(run.status, storage::RunStatus::Failed);
        EXPECT_FALSE(run.outputImageId);
        EXPECT_THAT(
            util::parseJson(run.settings).find("error")->asString(), ::testing::HasSubstr("CUDA out of memory"));
    }

    steer.onProgress = [](int, int, double) { throw std::runtime_error("the disk went away"); };
    EXPECT_THROW(
        {
            try {
                steerNoise(workspace, steer);
            } catch (const OutOfMemory&) {
                ADD_FAILURE() << "only running out of memory is told as out of memory";
            }
        },
        std::runtime_error);
    EXPECT_EQ(runs.steeringRunsOf(person->id).size(), runsBefore + 4);

    EXPECT_TRUE(isOutOfMemory(std::bad_alloc()));
    EXPECT_FALSE(isOutOfMemory(std::runtime_error("out of memory")));  // only the allocators' own errors count
}

// Steering through FLUX.1-schnell (a tiny random model written as a diffusers folder): the noise is optimised through
// one-step renders and the baseline and the winner are rendered with the four steps, so the stored baseline is the
// four-step image of the seed's noise (the trajectory's first value scores the one-step render instead).
TEST_F(RewardServiceTest, SteeringThroughFluxOptimisesOneStepRendersAndStoresFourStepImages)
{
    auto workspace = open();
    trainRewardModel(workspace, quick(10));
    const std::filesystem::path folder = workspace.root() / "models" / "flux-schnell-tiny";
    tastelab::testing::writeTinyFluxFolder(folder, 3);

    SteerOptions steer;
    steer.person = "A14";
    steer.prompt = "a red cat";
    steer.seeds = {5};
    steer.size = 64;
    steer.noise.iterations = 3;
    steer.contrast = 0.0;
    steer.generator = "flux-schnell";
    steer.modelFolder = folder;
    const SteerReport report = steerNoise(workspace, steer);
    EXPECT_EQ(report.generator, "flux-schnell");
    ASSERT_EQ(report.seeds.size(), 1u);
    const SteeredSeed& seed = report.seeds[0];
    ASSERT_EQ(seed.trajectory.size(), 4u);
    const auto run = storage::RunStore(workspace.database()).steeringRun(seed.runId);
    ASSERT_TRUE(run);
    EXPECT_EQ(run->generator, "flux-schnell");
    const auto settings = util::parseJson(run->settings);
    EXPECT_EQ(settings.find("steps")->asInt(), 4);
    EXPECT_EQ(settings.find("optimizationSteps")->asInt(), 1);

    // The stored baseline is the four-step render of the seed's noise, not the one-step one.
    const auto pipeline = model::FluxPipeline::load(folder);
    at::NoGradGuard noGrad;
    const at::Tensor noise = pipeline.noiseForSeeds({5}, 64);
    const auto embeddings = pipeline.encodePrompts({"a red cat"});
    model::FluxRenderOptions four, one;
    one.steps = 1;
    const at::Tensor fourStep = pipeline.render(noise, embeddings, four)[0];
    const at::Tensor oneStep = pipeline.render(noise, embeddings, one)[0];
    storage::ImageStore images(workspace.database());
    const auto baseline = images.findById(seed.baselineImageId);
    ASSERT_TRUE(baseline);
    EXPECT_EQ(baseline->generator.value_or(""), "flux-schnell");
    ASSERT_TRUE(baseline->libraryPath);
    const at::Tensor stored =
        model::imageToTensor(model::decodeImageFile(workspace.libraryDir() / *baseline->libraryPath));
    const double toFour = (stored - fourStep).abs().max().item<double>();
    const double toOne = (stored - oneStep).abs().max().item<double>();
    EXPECT_LT(toFour, 1.5 / 255.0) << "8-bit rounding only";
    EXPECT_GT(toOne, toFour);
}

}  // namespace
}  // namespace tastelab::services

namespace tastelab::services {
namespace {

// The steering evaluation on the demo's simulated raters counts its cases and pairs as documented; the figures on
// this small demo are printed (the targets are checked by `tastelab-cli demo` on the full one).
TEST_F(RewardServiceTest, SteeringEvaluationOnTheDemoCountsCasesAndCrossOverPairs)
{
    auto workspace = open();
    TrainOptions options = quick(15);
    options.split.holdOut = true;  // A13..A16 stay new people
    trainRewardModel(workspace, options);
    SteeringEvalOptions eval;
    eval.prompts = 2;
    eval.noise.iterations = 20;
    eval.size = 64;
    int progress = 0;
    eval.onProgress = [&](int done, int total) {
        EXPECT_EQ(done, ++progress);
        EXPECT_EQ(total, 4);
    };
    const auto report = evaluateSteeringOnDemo(workspace, eval);
    EXPECT_EQ(report.agents, 4);
    EXPECT_EQ(report.prompts, 2);
    EXPECT_EQ(report.cases, 8);
    EXPECT_EQ(progress, 4);
    // Ordered pairs of held-out raters from different groups, per prompt.
    EXPECT_GT(report.crossPairs, 0);
    EXPECT_EQ(report.crossPairs % 2, 0);
    EXPECT_LE(report.improved, report.cases);
    EXPECT_LE(report.crossWins, report.crossPairs);
    EXPECT_NEAR(report.references, 40, 1) << "held-out raters answered 40 times each";
    std::printf(
        "[ figure ] small demo: true rating raised in %d of %d cases; cross-over %d of %d; mean true value %.3f "
        "-> %.3f; %.1f s\n",
        report.improved, report.cases, report.crossWins, report.crossPairs, report.meanTrueBefore, report.meanTrueAfter,
        report.seconds);

    auto plain = Workspace::create(dir_->path() / "plain", "plain");
    EXPECT_THROW(evaluateSteeringOnDemo(plain, eval), std::runtime_error);
}

}  // namespace
}  // namespace tastelab::services
