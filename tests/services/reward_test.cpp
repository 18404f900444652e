// The reward model through the services, on a small demo workspace whose answer key is known:
// training writes a checkpoint with its metadata, a NaN run keeps the previous checkpoint, the
// evaluation protocol fills its cells, scoring works for seen and new people, the taste profile
// finds what a simulated rater likes, and the map of people has everyone.
#include "app/services/demo.h"
#include "app/services/reward.h"
#include "app/services/steering.h"
#include "app/services/workspace.h"
#include "model/clip.h"
#include "model/diffusers_weights.h"
#include "model/flux.h"
#include "model/image_io.h"
#include "model/preference_metrics.h"
#include "model/procedural_lexicon.h"
#include "model/safetensors.h"
#include "model/sd_turbo.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/json.h"
#include "storage/model_records.h"
#include "storage/people.h"
#include "tests/demo_support.h"
#include "tests/model/tiny_clip.h"
#include "tests/test_support.h"

#include <ATen/core/grad_mode.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tastelab::services {
namespace {

using tastelab::testing::TempDir;

class RewardServiceTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        dir_ = new TempDir;
        tastelab::testing::buildSmallDemo(dir_->path() / "demo", 0);  // each test trains what it needs
    }
    static void TearDownTestSuite()
    {
        delete dir_;
        dir_ = nullptr;
    }
    static TrainOptions quick(int epochs = 8)
    {
        TrainOptions o;
        o.epochs = epochs;
        o.device = "cpu";
        return o;
    }
    Workspace open() { return Workspace::open(dir_->path() / "demo"); }

    static TempDir* dir_;
};

TempDir* RewardServiceTest::dir_ = nullptr;

TEST_F(RewardServiceTest, TrainingWritesACheckpointWithItsMetadataAndANanRunKeepsIt)
{
    auto workspace = open();
    TrainOptions options = quick();
    int progressCalls = 0;
    options.onProgress = [&](const TrainingProgress& p) {
        if (p.phase == "training") {
            ++progressCalls;
            EXPECT_GE(p.etaSeconds, 0.0);
        }
    };
    const TrainReport report = trainRewardModel(workspace, options);
    ASSERT_TRUE(std::filesystem::exists(report.checkpoint));
    EXPECT_EQ(progressCalls, int(report.curve.size()));
    EXPECT_GT(report.trainRatings, 0);
    // The demo's held-out agents are kept out unless split.holdOut is switched off.
    EXPECT_EQ(report.heldOutPeople, (std::vector<std::string>{"A13", "A14", "A15", "A16"}));
    storage::CheckpointStore checkpoints(workspace.database());
    const auto record = checkpoints.latest("look-v2");
    ASSERT_TRUE(record);
    EXPECT_EQ(record->id, report.checkpointId);
    EXPECT_EQ(record->dataHash.size(), 64u);
    EXPECT_NE(record->metrics.find("validation_loss"), std::string::npos);

    const std::string before = [&] {
        std::ifstream in(report.checkpoint, std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }();
    TrainOptions broken = quick(3);
    broken.learningRate = 1e30;
    try {
        trainRewardModel(workspace, broken);
        FAIL() << "training with an absurd learning rate did not stop";
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        EXPECT_TRUE(message.find("NaN") != std::string::npos || message.find("infinite") != std::string::npos)
            << message;
    }
    EXPECT_EQ(checkpoints.latest("look-v2")->id, report.checkpointId);
    std::ifstream in(report.checkpoint, std::ios::binary);
    std::stringstream after;
    after << in.rdbuf();
    EXPECT_EQ(after.str(), before);
}

TEST_F(RewardServiceTest, EvaluationFillsEveryCellWithBaselinesAndWritesJsonAndAChart)
{
    auto workspace = open();
    EvaluationOptions options;
    options.train = quick(6);
    options.nRefs = {1, 4};
    options.primaryNRef = 4;
    options.repetitions = 1;
    options.ablation = true;
    const EvaluationReport report = evaluateRewardModel(workspace, options);
    // The demo's held-out agents are the ones held out.
    EXPECT_EQ(report.heldOutPeople, (std::vector<std::string>{"A13", "A14", "A15", "A16"}));
    for (const char* method : {"TasteLab (in-context)", "TasteLab (k-NN)", "TasteLab (mixture fit)", "Population model",
             "Person mean", "Random", "Oracle (true taste)"}) {
        for (int n : {1, 4}) {
            const MetricRow* row = report.find("held-out", "all", method, n);
            ASSERT_NE(row, nullptr) << method << " " << n;
            EXPECT_GT(row->pairs, 0) << method;
            EXPECT_GE(row->pairwise, 0.0);
            EXPECT_LE(row->pairwise, 1.0);
        }
    }
    ASSERT_NE(report.find("seen", "new", "TasteLab (embedding)"), nullptr);
    ASSERT_NE(report.find("seen", "all", "Noise ceiling (retest)"), nullptr);
    // A constant prediction orders no pair: exactly half credit.
    EXPECT_DOUBLE_EQ(report.find("held-out", "all", "Person mean", 4)->pairwise, 0.5);
    // The true taste of a simulated rater predicts their answers far better than chance.
    EXPECT_GT(report.find("held-out", "all", "Oracle (true taste)", 4)->pairwise, 0.8);
    EXPECT_EQ(report.ablation.size(), 7u);

    const storage::JsonValue json = storage::parseJson(report.toJson());
    EXPECT_EQ(json.find("rows")->asArray().size(), report.rows.size());
    EXPECT_NE(report.toText().find("Population model"), std::string::npos);
    const auto chart = dir_->path() / "chart.png";
    writeEvaluationChart(report, chart);
    const auto image = model::decodeImageFile(chart);
    EXPECT_EQ(image.width, 900);
    EXPECT_EQ(image.height, 560);
}

TEST_F(RewardServiceTest, TrueAttributesDiagnosticTrainsOnWhatTheRatersJudgeAndNamesImagesWithout)
{
    const auto copy = dir_->path() / "true-attributes";
    std::filesystem::copy(dir_->path() / "demo", copy, std::filesystem::copy_options::recursive);
    auto workspace = Workspace::open(copy);
    EvaluationOptions options;
    options.train = quick(30);
    options.nRefs = {4};
    options.primaryNRef = 4;
    options.repetitions = 1;
    options.trueAttributes = true;
    const EvaluationReport truth = evaluateRewardModel(workspace, options);
    EXPECT_EQ(truth.backbone, "true-attributes");
    const MetricRow* model = truth.find("seen", "new", "TasteLab (embedding)");
    const MetricRow* population = truth.find("seen", "new", "Population model");
    ASSERT_NE(model, nullptr);
    ASSERT_NE(population, nullptr);
    std::printf(
        "seen raters on the true attributes: TasteLab %.3f, population %.3f\n", model->pairwise, population->pairwise);
    // The raters' utility is linear in these nine numbers: models trained on them order most pairs right
    // (vectors out of step with their images would leave them near chance, 0.5).
    EXPECT_GT(model->pairwise, 0.72);
    EXPECT_GT(population->pairwise, 0.7);

    // An image that does not carry its attributes is named, and nothing is trained.
    workspace.database().exec("UPDATE images SET parameters = '{}' WHERE id = (SELECT MIN(id) FROM images)");
    try {
        evaluateRewardModel(workspace, options);
        ADD_FAILURE() << "an image without attributes was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("has no true 'warmth' attribute"), std::string::npos) << e.what();
    }
}

TEST_F(RewardServiceTest, ScoresSeenAndNewPeopleAndProfilesTaste)
{
    auto workspace = open();
    TrainOptions options = quick(25);
    options.split.holdOut = true;  // A13..A16 stay new people
    trainRewardModel(workspace, options);

    storage::PeopleStore people(workspace.database());
    RewardScorer scorer(workspace);
    EXPECT_TRUE(scorer.hasSeen("A01"));
    EXPECT_FALSE(scorer.hasSeen("A14"));
    const auto newPerson = people.findByPseudonym("A14");
    ASSERT_TRUE(newPerson);
    const double seconds = scorer.refresh(newPerson->id);
    std::printf("[ figure ] representation of a new person from 40 answers: %.3f s\n", seconds);
    const auto scores = scorer.score(newPerson->id, {1, 2, 3});
    ASSERT_EQ(scores.size(), 3u);
    for (double s : scores) {
        EXPECT_GT(s, 0.0);
        EXPECT_LT(s, 1.0);
    }
    // Artist mode: each new answer counts at once. Five more answers of 0 for images the model scored above the
    // middle change their predictions after a refit.
    {
        std::vector<std::int64_t> probe;
        for (std::int64_t id = 1; id <= 60; ++id) probe.push_back(id);
        const auto before = scorer.score(newPerson->id, probe);
        storage::AnswerStore answers(workspace.database());
        double beforeMean = 0, afterMean = 0;
        std::vector<std::int64_t> disliked;
        for (std::size_t i = 0; i < probe.size() && disliked.size() < 5; ++i) {
            if (before[i] > 0.5) disliked.push_back(probe[i]);
        }
        ASSERT_EQ(disliked.size(), 5u);
        for (auto id : disliked) {
            storage::SliderRating rating;
            rating.personId = newPerson->id;
            rating.imageId = id;
            rating.value = 0.0;
            answers.recordRating(rating);
        }
        const double refit = scorer.refitFromAnswers(newPerson->id);
        std::printf("[ figure ] refit after a new answer (45 answers): %.3f s\n", refit);
        const auto after = scorer.score(newPerson->id, disliked);
        for (std::size_t i = 0; i < disliked.size(); ++i) {
            beforeMean += before[static_cast<std::size_t>(disliked[i] - 1)] / 5.0;
            afterMean += after[i] / 5.0;
        }
        // The representation is a prototype mixture, so the new answers move it within the prototypes' span; on
        // this quickly trained model the direction is not reliably toward them (see the issue notes), but the
        // predictions must change.
        std::printf("[ figure ] mean prediction for the 5 images before %.3f, after five answers of 0: %.3f\n",
            beforeMean, afterMean);
        EXPECT_GT(std::abs(afterMean - beforeMean), 1e-3) << "the new answers did not change the predictions";
    }

    const auto files = std::vector<std::filesystem::path>{dir_->path() / "chart.png"};
    if (std::filesystem::exists(files[0])) {
        const auto scored = scoreImages(workspace, "A01", files);
        ASSERT_EQ(scored.size(), 1u);
        EXPECT_TRUE(std::isfinite(scored[0].score));
    }
    EXPECT_THROW(scoreImages(workspace, "nobody", files), std::invalid_argument);

    // The taste profile of each seen rater agrees with their true attribute weights (known from the
    // simulation): the profile's effects correlate with the weights.
    std::ifstream in(workspace.root() / "simulation" / "agents.json");
    std::stringstream text;
    text << in.rdbuf();
    const storage::JsonValue agents = storage::parseJson(text.str());
    double agreement = 0;
    int checked = 0;
    for (const auto& agent : agents.find("agents")->asArray()) {
        if (agent.find("held_out")->asBool()) continue;
        const TasteProfile profile = tasteProfile(workspace, agent.find("pseudonym")->asString());
        ASSERT_EQ(profile.effects.size(), std::size_t(model::kVisualAttributeCount));
        std::vector<double> effects, weights;
        for (const auto& effect : profile.effects) {
            effects.push_back(effect.effect);
            weights.push_back(agent.find("weights")->find(effect.attribute)->asDouble());
        }
        agreement += model::pearson(effects, weights);
        ++checked;
    }
    ASSERT_GT(checked, 4);
    std::printf("[ figure ] mean correlation of taste profiles with the true weights: %.2f\n", agreement / checked);
    EXPECT_GT(agreement / checked, 0.15);  // 0.28 measured with this little data; chance is 0

    const PeopleMap map = peopleMap(workspace);
    EXPECT_EQ(map.points.size(), 16u);
    EXPECT_EQ(map.groupSource, "simulated taste groups");
    std::printf("[ figure ] silhouette of the simulated taste groups on the map of people: %.2f\n", map.silhouette);
    // People of one taste group sit closer to each other than to other groups.
    EXPECT_GT(map.silhouette, 0.0);
    int unseen = 0;
    for (const auto& p : map.points) unseen += !p.seen;
    EXPECT_GE(unseen, 4);
}

TEST_F(RewardServiceTest, FineTunesTheLastBlocksOfAClipBackbone)
{
    TempDir dir;
    const auto clip = dir.path() / "clip-tiny";
    model::writeTinyClip(clip, 2, 7);
    auto workspace = open();
    TrainOptions options = quick(2);
    options.backbone = "clip:" + clip.string();
    options.fineTuneBlocks = 1;
    const TrainReport report = trainRewardModel(workspace, options);
    const auto file = model::SafetensorsFile::open(report.checkpoint);
    EXPECT_TRUE(file.find("backbone.visual_projection.weight"));
    EXPECT_TRUE(file.find("backbone.vision_model.encoder.layers.1.mlp.fc1.weight"));
    EXPECT_FALSE(file.find("backbone.vision_model.encoder.layers.0.mlp.fc1.weight"));  // only the last block
    EXPECT_EQ(file.metadata().at("backbone_tuned_blocks"), "1");
    // Scoring loads the tuned blocks and encodes images with them.
    ScoreOptions score;
    score.backbone = options.backbone;
    RewardScorer scorer(workspace, score);
    const auto scores = scorer.score(storage::PeopleStore(workspace.database()).findByPseudonym("A01")->id, {1, 2});
    ASSERT_EQ(scores.size(), 2u);
    EXPECT_TRUE(std::isfinite(scores[0]));
    // With a text tower, the taste profile is told in text probes.
    const TasteProfile profile = tasteProfile(workspace, "A01", score);
    EXPECT_EQ(profile.source, "text probes");
    ASSERT_EQ(profile.effects.size(), 12u);
    for (const auto& effect : profile.effects) EXPECT_TRUE(std::isfinite(effect.effect)) << effect.attribute;

    TrainOptions look = quick(1);
    look.fineTuneBlocks = 1;
    EXPECT_THROW(trainRewardModel(workspace, look), std::invalid_argument);
}

TEST_F(RewardServiceTest, ScoringWithoutAModelSaysWhatToDo)
{
    TempDir empty;
    auto workspace = Workspace::create(empty.path() / "ws", "empty");
    try {
        RewardScorer scorer(workspace);
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("train"), std::string::npos) << e.what();
    }
    EXPECT_THROW(trainRewardModel(workspace, quick(1)), std::runtime_error);
}

}  // namespace
}  // namespace tastelab::services

namespace tastelab::services {
namespace {

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
        const auto trajectory = storage::parseJson(run->trajectory);
        ASSERT_EQ(trajectory.asArray().size(), seed.trajectory.size());
        for (std::size_t i = 0; i < seed.trajectory.size(); ++i) {
            EXPECT_NEAR(trajectory.asArray()[i].asDouble(), seed.trajectory[i], 1e-12);
        }
        const auto settings = storage::parseJson(run->settings);
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
    const auto json = storage::parseJson(steerReportJson(report));
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
    EXPECT_DOUBLE_EQ(storage::parseJson(run->settings).find("promptAlignment")->asDouble(), 2.0);

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
    model::SdTurboPipeline::writeTinyFolder(folder, 3);

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
    const auto settings = storage::parseJson(run->settings);
    EXPECT_EQ(settings.find("generator")->asString(), "sd-turbo");
    EXPECT_EQ(settings.find("steps")->asInt(), 1);

    steer.generator = "flux-nonexistent";
    EXPECT_THROW(steerNoise(workspace, steer), std::invalid_argument);
    steer.generator = "sd-turbo";
    steer.modelFolder = workspace.root() / "absent";
    EXPECT_THROW(steerNoise(workspace, steer), model::ModelLoadError);
}

// Steering through FLUX.1-schnell (a tiny random model written as a diffusers folder): the noise is optimised through
// one-step renders and the baseline and the winner are rendered with the four steps, so the stored baseline is the
// four-step image of the seed's noise (the trajectory's first value scores the one-step render instead).
TEST_F(RewardServiceTest, SteeringThroughFluxOptimisesOneStepRendersAndStoresFourStepImages)
{
    auto workspace = open();
    trainRewardModel(workspace, quick(10));
    const std::filesystem::path folder = workspace.root() / "models" / "flux-schnell-tiny";
    model::FluxPipeline::writeTinyFolder(folder, 3);

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
    const auto settings = storage::parseJson(run->settings);
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
