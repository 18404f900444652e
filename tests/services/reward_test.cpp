// The reward model through the services, on a small demo workspace whose answer key is known:
// training writes a checkpoint with its metadata, a NaN run keeps the previous checkpoint, the
// evaluation protocol fills its cells, scoring works for seen and new people, the taste profile
// finds what a simulated rater likes, and the map of people has everyone. Steering: steering_test.cpp.
#include "app/services/demo.h"
#include "app/services/reward/evaluation.h"
#include "app/services/reward/evaluation_chart.h"
#include "app/services/reward/people_map.h"
#include "app/services/reward/scorer.h"
#include "app/services/reward/taste_profile.h"
#include "app/services/reward/trainer.h"
#include "app/services/workspace.h"
#include "model/backbones/clip.h"
#include "model/backbones/look_features.h"
#include "model/io/image_io.h"
#include "model/io/safetensors.h"
#include "model/procedural/procedural_lexicon.h"
#include "model/reward/preference_metrics.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "storage/people.h"
#include "tests/model/tiny_clip.h"
#include "tests/services/reward_fixture.h"
#include "tests/support/demo_support.h"
#include "tests/support/test_support.h"
#include "util/json.h"

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

TEST_F(RewardServiceTest, TrainingWritesACheckpointWithItsMetadataAndANanRunKeepsIt)
{
    auto workspace = open();
    TrainOptions options = quick();
    int progressCalls = 0;
    int lastEpoch = 0;
    double lastOverall = 0;
    options.onProgress = [&](const TrainingProgress& p) {
        EXPECT_GE(p.overallFraction, lastOverall) << "progress went back in phase " << p.phase;
        lastOverall = p.overallFraction;
        if (p.phase == "training") {
            ++progressCalls;
            // The phase's closing report names the best epoch, which need not be the last: keep the highest.
            lastEpoch = std::max(lastEpoch, p.epoch);
            // Unknown (negative) until the phase has run long enough to measure; never NaN or infinite.
            EXPECT_TRUE(std::isfinite(p.etaSeconds)) << "epoch " << p.epoch;
        }
    };
    const TrainReport report = trainRewardModel(workspace, options);
    ASSERT_TRUE(std::filesystem::exists(report.checkpoint));
    // Every epoch is reported, plus the phase's start (and its end).
    EXPECT_GE(progressCalls, int(report.curve.size()));
    EXPECT_LE(progressCalls, int(report.curve.size()) + 2);
    EXPECT_EQ(lastEpoch, int(report.curve.size()));
    EXPECT_GT(report.trainRatings, 0);
    // The demo's held-out agents are kept out unless split.holdOut is switched off.
    EXPECT_EQ(report.heldOutPeople, (std::vector<std::string>{"A13", "A14", "A15", "A16"}));
    storage::CheckpointStore checkpoints(workspace.database());
    const auto record = checkpoints.latest("look-v3");
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
    EXPECT_EQ(checkpoints.latest("look-v3")->id, report.checkpointId);
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
    for (const char* method : {"TasteLab (in-context)", "TasteLab (k-NN)", "TasteLab (mixture fit)",
             "TasteLab (hierarchical)", "Population model", "Person mean", "Random", "Oracle (true taste)"}) {
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

    const util::JsonValue json = util::parseJson(report.toJson());
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
    const util::JsonValue agents = util::parseJson(text.str());
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

// A workspace trained before the look features grew (look-v2, their first 96 values) keeps scoring with its
// model: the default scorer falls back to it, and the vectors it encodes are the current ones' first part.
TEST_F(RewardServiceTest, AModelTrainedOnTheEarlierLookFeaturesStillScores)
{
    TempDir own;  // a workspace with no look-v3 model, which the suite's shared one may have by now
    tastelab::testing::buildSmallDemo(own.path() / "demo", 0);
    auto workspace = Workspace::open(own.path() / "demo");
    TrainOptions options = quick(2);
    options.backbone = "look-v2";
    const TrainReport report = trainRewardModel(workspace, options);
    EXPECT_NE(report.checkpoint.filename().string().find("look-v2"), std::string::npos) << report.checkpoint;

    RewardScorer scorer(workspace);  // the default backbone, "look"
    EXPECT_EQ(scorer.backboneKey(), "look-v2");
    const auto person = storage::PeopleStore(workspace.database()).findByPseudonym("A01");
    ASSERT_TRUE(person);
    const auto scores = scorer.score(person->id, {1, 2, 3});
    ASSERT_EQ(scores.size(), 3u);
    for (double s : scores) EXPECT_TRUE(s > 0.0 && s < 1.0) << s;

    const at::Tensor image = at::rand({1, 3, 64, 64});
    const at::Tensor v3 = model::LookFeatures().encodeImages(image);
    const at::Tensor v2 = model::LookFeatures(2).encodeImages(image);
    ASSERT_EQ(v2.size(1), model::LookFeatures::kImageDimV2);
    EXPECT_TRUE(at::allclose(v2, v3.narrow(1, 0, model::LookFeatures::kImageDimV2)));
    EXPECT_THROW(model::LookFeatures(4), std::invalid_argument);
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
