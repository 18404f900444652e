// The reward model on a synthetic world whose answer key is known: two taste groups that like
// opposite directions of the image space. The model must learn seen people, recognise new people
// from a few answers, stay deterministic, refuse bad checkpoints by name and stop on a NaN loss.
#include "model/backbones/clip.h"
#include "model/io/safetensors.h"
#include "model/nn/fast_linear.h"
#include "model/nn/fused_adamw.h"
#include "model/reward/preference_metrics.h"
#include "model/reward/reward_model.h"
#include "model/reward/reward_training.h"
#include "tests/support/test_support.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <gtest/gtest.h>
#include <torch/autograd.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <random>

namespace tastelab::model {
namespace {

constexpr int kImageDim = 12;
constexpr int kTextDim = 4;

struct World {
    at::Tensor images, prompts;
    std::vector<at::Tensor> taste;  // per person: direction in image space
    std::vector<int> group;
};

// People in two groups; a person's true utility is <taste, image>; answers are sigmoid(utility + noise).
World makeWorld(int people, int images, std::uint64_t seed)
{
    at::manual_seed(static_cast<std::int64_t>(seed));
    World w;
    w.images = at::randn({images, kImageDim});
    w.prompts = at::randn({images, kTextDim}) * 0.1;
    const at::Tensor centre = at::randn({kImageDim});
    for (int p = 0; p < people; ++p) {
        const int g = p % 2;
        w.group.push_back(g);
        w.taste.push_back((g == 0 ? centre : -centre) + 0.2 * at::randn({kImageDim}));
    }
    return w;
}

float answer(const World& w, int person, int image, std::mt19937_64& rng)
{
    std::normal_distribution<double> noise(0.0, 0.3);
    const double utility = at::dot(w.taste[std::size_t(person)], w.images[image]).item<double>() * 0.6;
    return float(1.0 / (1.0 + std::exp(-(utility + noise(rng)))));
}

PreferenceData trainingData(const World& w, int people, int perPerson, std::uint64_t seed)
{
    PreferenceData data;
    data.images = w.images;
    data.prompts = w.prompts;
    data.people = people;
    std::mt19937_64 rng(seed);
    const int trainImages = int(w.images.size(0)) / 2;  // the other half is never trained on
    for (int p = 0; p < people; ++p) {
        for (int i = 0; i < perPerson; ++i) {
            const int image = int(rng() % std::uint64_t(trainImages));
            data.ratings.push_back({p, image, answer(w, p, image, rng)});
        }
        for (int c = 0; c < 5; ++c) {
            const int a = int(rng() % std::uint64_t(trainImages)), b = int(rng() % std::uint64_t(trainImages));
            if (a == b) continue;
            const bool aWins = answer(w, p, a, rng) > answer(w, p, b, rng);
            data.choices.push_back({p, aWins ? a : b, aWins ? b : a});
        }
    }
    return data;
}

// Episodes on the unseen half of the images; `person` < 0 for new people (ids from `first`).
std::vector<Episode> episodes(const World& w, int first, int count, bool seen, int nRef, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    const int half = int(w.images.size(0)) / 2;
    std::vector<Episode> out;
    for (int p = first; p < first + count; ++p) {
        Episode e;
        e.person = seen ? p : -1;
        for (int r = 0; r < nRef; ++r) {
            const int image = int(rng() % std::uint64_t(half));
            e.referenceImages.push_back(image);
            e.referenceValues.push_back(answer(w, p, image, rng));
        }
        for (int i = half; i < half + 30; ++i) {
            e.images.push_back(i);
            e.values.push_back(answer(w, p, i, rng));
        }
        out.push_back(e);
    }
    return out;
}

double pairwiseAccuracy(const RewardModel& model, const World& w, const std::vector<Episode>& eps, PersonMode mode)
{
    Accuracy total;
    for (const auto& e : eps) {
        const Predictions p = predictEpisode(model, w.images, w.prompts, e, mode);
        const std::vector<double> truth(e.values.begin(), e.values.end());
        total += likedVsDisliked(p.scores, truth, median(truth));
    }
    return total.value();
}

RewardModelConfig smallConfig(int people, bool personalized = true)
{
    RewardModelConfig c;
    c.backbone = "test-backbone";
    c.imageDim = kImageDim;
    c.textDim = kTextDim;
    c.hidden = 32;
    c.prototypes = 4;
    c.people = people;
    c.personalized = personalized;
    return c;
}

TrainingConfig quickTraining(int epochs = 25)
{
    TrainingConfig t;
    t.epochs = epochs;
    t.patience = 100;
    t.peoplePerBatch = 8;
    t.targetsPerPerson = 8;
    t.maxReferences = 8;
    t.seed = 3;
    return t;
}

class RewardModelTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        world_ = makeWorld(32, 200, 11);
        data_ = trainingData(world_, 24, 40, 5);  // people 24..31 are never trained on
        validation_ = episodes(world_, 20, 4, true, 8, 9);
    }
    World world_;
    PreferenceData data_;
    std::vector<Episode> validation_;
};

TEST_F(RewardModelTest, LearnsSeenAndNewPeopleBetterThanThePopulationModel)
{
    RewardModel model(smallConfig(24));
    const TrainingResult result = trainRewardModel(model, data_, validation_, quickTraining());
    ASSERT_FALSE(result.epochs.empty());
    EXPECT_LT(result.epochs.back().trainLoss, result.epochs.front().trainLoss);

    RewardModel population(smallConfig(24, false));
    trainRewardModel(population, data_, validation_, quickTraining());

    const auto seen = episodes(world_, 0, 12, true, 8, 21);
    const auto fresh = episodes(world_, 24, 8, false, 8, 22);
    const double seenAccuracy = pairwiseAccuracy(model, world_, seen, PersonMode::Embedding);
    const double populationSeen = pairwiseAccuracy(population, world_, seen, PersonMode::Population);
    const double newInContext = pairwiseAccuracy(model, world_, fresh, PersonMode::InContext);
    const double newNeighbours = pairwiseAccuracy(model, world_, fresh, PersonMode::Neighbours);
    const double newMixture = pairwiseAccuracy(model, world_, fresh, PersonMode::MixtureFit);
    const double populationNew = pairwiseAccuracy(population, world_, fresh, PersonMode::Population);
    // Opposite groups: a model without the person is near chance; the personal model is far above it.
    EXPECT_LT(populationSeen, 0.65);
    EXPECT_LT(populationNew, 0.65);
    EXPECT_GT(seenAccuracy, 0.8);
    EXPECT_GT(newInContext, 0.75);
    EXPECT_GT(newNeighbours, 0.75);
    EXPECT_GT(newMixture, 0.75);
}

TEST_F(RewardModelTest, TrainingIsDeterministicForASeed)
{
    RewardModel a(smallConfig(24)), b(smallConfig(24));
    trainRewardModel(a, data_, validation_, quickTraining(3));
    trainRewardModel(b, data_, validation_, quickTraining(3));
    const auto ta = a.namedTensors(), tb = b.namedTensors();
    ASSERT_EQ(ta.size(), tb.size());
    for (std::size_t i = 0; i < ta.size(); ++i) EXPECT_TRUE(at::equal(ta[i].second, tb[i].second)) << ta[i].first;
}

TEST_F(RewardModelTest, EarlyStoppingKeepsTheBestValidationEpoch)
{
    RewardModel model(smallConfig(24));
    TrainingConfig config = quickTraining(40);
    config.patience = 3;
    config.learningRate = 2e-2;  // overfits quickly
    const TrainingResult result = trainRewardModel(model, data_, validation_, config);
    double best = 1e9;
    int bestEpoch = 0;
    for (const auto& e : result.epochs) {
        if (e.validationLoss < best) best = e.validationLoss, bestEpoch = e.epoch;
    }
    EXPECT_EQ(result.bestEpoch, bestEpoch);
    EXPECT_LE(int(result.epochs.size()), result.bestEpoch + config.patience);
    // The model holds the best epoch's weights: validating it again gives that epoch's loss.
    double squared = 0;
    std::size_t n = 0;
    for (const auto& e : validation_) {
        const auto p = predictEpisode(model, world_.images, world_.prompts, e, PersonMode::Embedding);
        for (std::size_t i = 0; i < p.scores.size(); ++i) squared += std::pow(p.scores[i] - e.values[i], 2), ++n;
    }
    EXPECT_NEAR(squared / double(n), best, 1e-5);
}

TEST_F(RewardModelTest, NanLossStopsWithAClearMessage)
{
    RewardModel model(smallConfig(24));
    TrainingConfig config = quickTraining(5);
    config.learningRate = 1e30;
    try {
        trainRewardModel(model, data_, validation_, config);
        FAIL() << "training with an absurd learning rate went on";
    } catch (const TrainingError& e) {
        const std::string message = e.what();
        EXPECT_TRUE(message.find("NaN") != std::string::npos || message.find("infinite") != std::string::npos)
            << message;
        EXPECT_NE(message.find("epoch"), std::string::npos) << message;
    }
}

TEST_F(RewardModelTest, NanInputIsRefusedBeforeTraining)
{
    data_.images = data_.images.clone();
    data_.images[3][2] = std::numeric_limits<float>::quiet_NaN();
    RewardModel model(smallConfig(24));
    EXPECT_THROW(trainRewardModel(model, data_, validation_, quickTraining(1)), TrainingError);
}

TEST_F(RewardModelTest, CancelStopsAtTheNextStep)
{
    RewardModel model(smallConfig(24));
    std::atomic<bool> cancel{false};
    TrainingConfig config = quickTraining(1000);
    config.cancel = &cancel;
    config.onEpoch = [&](const EpochReport&) { cancel = true; };
    const TrainingResult result = trainRewardModel(model, data_, validation_, config);
    EXPECT_TRUE(result.cancelled);
    EXPECT_EQ(result.epochs.size(), 1u);
}

TEST_F(RewardModelTest, EveryLossSwitchedOffIsAnError)
{
    RewardModel model(smallConfig(24));
    TrainingConfig config = quickTraining(1);
    config.losses = {0, 0, 0, 0, 0};
    EXPECT_THROW(trainRewardModel(model, data_, validation_, config), TrainingError);
}

// The training step alone: an epoch is about one pass over the answers, steps on fresh batches lower the loss, the
// same seed gives the same steps, and a step whose loss is not finite changes no weight.
TEST_F(RewardModelTest, TrainingStepsLowerTheLossOfTheirBatches)
{
    RewardModel model(smallConfig(24));
    const TrainingConfig config = quickTraining();
    RewardTrainingSteps steps(model, data_, config);
    const int batchAnswers = config.peoplePerBatch * config.targetsPerPerson;
    EXPECT_EQ(steps.stepsPerEpoch(),
        int((data_.ratings.size() + data_.choices.size() / 2 + std::size_t(batchAnswers) - 1)
            / std::size_t(batchAnswers)));
    EXPECT_EQ(steps.images().sizes(), data_.images.sizes());
    model.train(true);
    std::vector<double> losses;
    for (int i = 0; i < 8 * steps.stepsPerEpoch(); ++i) {
        losses.push_back(steps.step());
        ASSERT_TRUE(std::isfinite(losses.back())) << "step " << i;
    }
    const auto mean = [](auto first, auto last) { return std::accumulate(first, last, 0.0) / double(last - first); };
    const double start = mean(losses.begin(), losses.begin() + 10);
    const double end = mean(losses.end() - 10, losses.end());
    EXPECT_LT(end, 0.9 * start) << "first steps " << start << ", last steps " << end;
}

TEST_F(RewardModelTest, TrainingStepsAreDeterministicForASeed)
{
    RewardModel a(smallConfig(24)), b(smallConfig(24));
    const TrainingConfig config = quickTraining();
    RewardTrainingSteps first(a, data_, config);
    a.train(true);
    std::vector<double> losses;
    for (int i = 0; i < 3; ++i) losses.push_back(first.step());
    RewardTrainingSteps second(b, data_, config);
    b.train(true);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(second.step(), losses[std::size_t(i)]) << "step " << i;
    EXPECT_NE(losses[0], losses[1]) << "each step draws a new batch and moves the weights";
}

TEST_F(RewardModelTest, ATrainingStepWithANonFiniteLossChangesNoWeight)
{
    RewardModel model(smallConfig(24));
    TrainingConfig config = quickTraining();
    config.learningRate = 1e30;
    RewardTrainingSteps steps(model, data_, config);
    model.train(true);
    auto bytesOf = [&] {
        std::vector<std::vector<char>> out;
        for (const auto& [name, tensor] : model.namedTensors()) {
            const at::Tensor t = tensor.detach().cpu().contiguous();
            const char* p = static_cast<const char*>(t.data_ptr());
            out.emplace_back(p, p + t.nbytes());
        }
        return out;
    };
    const double firstLoss = steps.step();
    EXPECT_TRUE(std::isfinite(firstLoss));
    bool sawNonFinite = false;
    for (int i = 0; i < 4 * steps.stepsPerEpoch() && !sawNonFinite; ++i) {
        const auto before = bytesOf();
        const double loss = steps.step();
        if (!std::isfinite(loss)) {
            sawNonFinite = true;
            EXPECT_TRUE(before == bytesOf()) << "the step at loss " << loss << " changed the weights";
        }
    }
    EXPECT_TRUE(sawNonFinite) << "a learning rate of 1e30 should make the loss non-finite";
}

TEST_F(RewardModelTest, MixtureFitLeavesTheSharedModelUntouched)
{
    RewardModel model(smallConfig(24));
    trainRewardModel(model, data_, validation_, quickTraining(5));
    std::vector<at::Tensor> before;
    for (auto& [name, t] : model.namedTensors()) before.push_back(t.clone());
    const auto fresh = episodes(world_, 24, 1, false, 8, 4);
    const at::Tensor person = representPerson(model, world_.images, world_.prompts, fresh[0], PersonMode::MixtureFit);
    EXPECT_EQ(person.size(0), 32);
    const auto after = model.namedTensors();
    for (std::size_t i = 0; i < before.size(); ++i)
        EXPECT_TRUE(at::equal(before[i], after[i].second)) << after[i].first;
}

TEST_F(RewardModelTest, CheckpointRoundTripsAndRefusesAnotherBackbone)
{
    tastelab::testing::TempDir dir;
    RewardModel model(smallConfig(24));
    trainRewardModel(model, data_, validation_, quickTraining(2));
    const auto file = dir.path() / "reward.safetensors";
    model.save(file, {{"data_hash", "abc"}});
    std::map<std::string, std::string> metadata;
    const RewardModel loaded = RewardModel::load(file, "test-backbone", &metadata);
    EXPECT_EQ(metadata.at("data_hash"), "abc");
    EXPECT_EQ(metadata.at("format_version"), "1");
    const auto fresh = episodes(world_, 24, 1, false, 4, 4);
    const auto a = predictEpisode(model, world_.images, world_.prompts, fresh[0], PersonMode::Neighbours);
    const auto b = predictEpisode(loaded, world_.images, world_.prompts, fresh[0], PersonMode::Neighbours);
    ASSERT_EQ(a.scores.size(), b.scores.size());
    for (std::size_t i = 0; i < a.scores.size(); ++i) EXPECT_DOUBLE_EQ(a.scores[i], b.scores[i]);

    try {
        RewardModel::load(file, "clip-vit-b-16");
        FAIL() << "a checkpoint for another backbone was accepted";
    } catch (const CheckpointError& e) {
        EXPECT_NE(std::string(e.what()).find("'test-backbone'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("'clip-vit-b-16'"), std::string::npos) << e.what();
    }
}

TEST_F(RewardModelTest, MalformedCheckpointsAreNamed)
{
    tastelab::testing::TempDir dir;
    RewardModel model(smallConfig(4));
    const auto good = dir.path() / "good.safetensors";
    model.save(good);
    auto tensors = model.namedTensors();

    // A missing tensor.
    std::vector<std::pair<std::string, at::Tensor>> missing(tensors.begin() + 1, tensors.end());
    const auto file = dir.path() / "missing.safetensors";
    SafetensorsFile original = SafetensorsFile::open(good);
    writeSafetensors(file, missing, original.metadata());
    try {
        RewardModel::load(file);
        FAIL();
    } catch (const CheckpointError& e) {
        EXPECT_NE(std::string(e.what()).find(tensors[0].first), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("missing.safetensors"), std::string::npos) << e.what();
    }
    // A mis-shaped tensor.
    auto misshaped = tensors;
    misshaped[0].second = at::zeros({3, 3});
    writeSafetensors(file, misshaped, original.metadata());
    EXPECT_THROW(RewardModel::load(file), CheckpointError);
    // A newer format.
    auto newer = original.metadata();
    newer["format_version"] = "99";
    writeSafetensors(file, tensors, newer);
    try {
        RewardModel::load(file);
        FAIL();
    } catch (const CheckpointError& e) {
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    }
    // Not a reward model at all.
    writeSafetensors(file, tensors, {});
    EXPECT_THROW(RewardModel::load(file), CheckpointError);
    // Truncated.
    auto bytes = tastelab::testing::readBytes(good);
    bytes.resize(bytes.size() / 2);
    tastelab::testing::writeBytes(file, bytes);
    EXPECT_THROW(RewardModel::load(file), CheckpointError);
}

TEST(RatingWeightedProfile, PointsTowardTheLikedImages)
{
    const at::Tensor images = at::tensor({1.0f, 0.0f, -1.0f, 0.0f, 0.0f, 1.0f}).view({3, 2});
    const at::Tensor values = at::tensor({0.9f, 0.1f, 0.5f});
    // Centred values 0.4, -0.4, 0: profile = 0.4 * (1, 0) - 0.4 * (-1, 0) = (0.8, 0) -> (1, 0).
    const at::Tensor profile = ratingWeightedProfile(images, values);
    EXPECT_NEAR(profile[0].item<float>(), 1.0f, 1e-6);
    EXPECT_NEAR(profile[1].item<float>(), 0.0f, 1e-6);
}

}  // namespace
}  // namespace tastelab::model

namespace tastelab::model {
namespace {

TEST(FastLinear, MatchesAtLinearInValueAndGradient)
{
    at::manual_seed(5);
    const at::Tensor x = at::randn({3, 7, 64}).set_requires_grad(true);
    const at::Tensor w = at::randn({16, 64}).set_requires_grad(true);
    const at::Tensor b = at::randn({16}).set_requires_grad(true);
    const at::Tensor reference = at::linear(x, w, b);
    const auto expected = torch::autograd::grad({reference.square().sum()}, {x, w, b});
    const at::Tensor fast = oneDnnLinear(x, w, b);
    ASSERT_EQ(fast.sizes(), reference.sizes());
    EXPECT_TRUE(at::allclose(fast, reference, 1e-4, 1e-4));
    const auto actual = torch::autograd::grad({fast.square().sum()}, {x, w, b});
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(at::allclose(actual[i], expected[i], 1e-3, 1e-3)) << i;
    // Without a bias, and under no-grad.
    at::NoGradGuard noGrad;
    EXPECT_TRUE(at::allclose(oneDnnLinear(x, w, at::Tensor()), at::linear(x, w), 1e-4, 1e-4));
    EXPECT_TRUE(at::allclose(fastLinear(x, w, b), reference, 1e-4, 1e-4));
}

TEST(RewardModelItems, RowsOfDistinctImagesEqualTheRowsEncodedOneByOne)
{
    at::manual_seed(9);
    RewardModelConfig c;
    c.imageDim = 24;
    c.textDim = 8;
    c.hidden = 16;
    c.people = 3;
    c.backbone = "test-backbone";
    RewardModel model(c);
    model.train(false);
    const at::Tensor images = at::randn({5, 24});
    const at::Tensor prompts = at::randn({5, 8});
    const at::Tensor rows = at::tensor(std::vector<std::int64_t>{4, 0, 4, 2, 2, 1}, at::kLong);
    const at::Tensor expected = model.encodeItems(images.index_select(0, rows), prompts.index_select(0, rows));
    const at::Tensor actual = model.encodeItemRows(images, prompts, rows);
    ASSERT_EQ(actual.sizes(), (at::IntArrayRef{6, 16}));
    EXPECT_TRUE(at::allclose(actual, expected, 1e-5, 1e-5));
    EXPECT_FALSE(at::allclose(actual[0], actual[1], 1e-3, 1e-3));  // different images stay different
    EXPECT_THROW(model.encodeItemRows(images.unsqueeze(0), prompts, rows), std::invalid_argument);
}

TEST(FastLinear, TheBlasChoiceCanBeForced)
{
    const char* before = std::getenv("TASTELAB_ONEDNN_LINEAR");
    const std::string saved = before ? before : "";
    ::setenv("TASTELAB_ONEDNN_LINEAR", "1", 1);
    EXPECT_TRUE(blasIsReference());
    ::setenv("TASTELAB_ONEDNN_LINEAR", "0", 1);
    EXPECT_FALSE(blasIsReference());
    if (before)
        ::setenv("TASTELAB_ONEDNN_LINEAR", saved.c_str(), 1);
    else
        ::unsetenv("TASTELAB_ONEDNN_LINEAR");
}

TEST(FusedAdamW, MatchesTorchAdamWWithTheGradientClip)
{
    at::manual_seed(11);
    std::vector<at::Tensor> ours{at::randn({5, 7}), at::randn({7}), at::randn({3, 2, 4})};
    std::vector<at::Tensor> theirs;
    for (auto& p : ours) {
        theirs.push_back(p.clone().set_requires_grad(true));
        p.set_requires_grad(true);
    }
    FusedAdamW fused({{ours, 3e-2, 0.05}});
    torch::optim::AdamW reference(theirs, torch::optim::AdamWOptions(3e-2).weight_decay(0.05));
    for (int step = 0; step < 6; ++step) {
        const at::Tensor target = at::randn({5, 7});
        auto lossOf = [&](const std::vector<at::Tensor>& p) {
            return (at::matmul(p[0], p[1]).sum() - target.sum()).square() + p[2].pow(3).sum();
        };
        fused.zeroGrad();
        lossOf(ours).backward();
        reference.zero_grad();
        lossOf(theirs).backward();
        // A limit the gradients exceed on some steps and not on others.
        const double maxNorm = step % 2 ? 1e6 : 0.5;
        const double norm = fused.step(maxNorm);
        const double expectedNorm = torch::nn::utils::clip_grad_norm_(theirs, maxNorm);
        EXPECT_NEAR(norm, expectedNorm, 1e-4 * expectedNorm) << step;
        reference.step();
        for (std::size_t i = 0; i < ours.size(); ++i) {
            EXPECT_TRUE(at::allclose(ours[i], theirs[i], 1e-5, 1e-6)) << "step " << step << ", tensor " << i;
        }
    }
    EXPECT_EQ(fused.steps(), 6);
    // A parameter without a gradient is left alone.
    const at::Tensor before = ours[2].detach().clone();
    fused.zeroGrad();
    (ours[0].sum() + ours[1].sum()).backward();
    fused.step(0);
    EXPECT_TRUE(at::equal(ours[2].detach(), before));
}

}  // namespace
}  // namespace tastelab::model

namespace tastelab::model {
namespace {

// Fine-tuning the last block of a (tiny, random) CLIP image tower together with the reward model:
// the tail moves, the rest of the backbone does not, and the vectors the model ends with are the
// tuned backbone's.
TEST(RewardFineTuning, TrainsTheLastBlocksOfTheBackbone)
{
    ClipConfig c;
    c.vision = {32, 64, 2, 2};
    c.imageSize = 32;
    c.patchSize = 8;
    c.text = {32, 64, 1, 2};
    c.vocabSize = 100;
    c.maxPositions = 8;
    c.eosTokenId = 99;
    c.padTokenId = 99;
    c.projectionDim = 16;
    ClipModel clip = ClipModel::randomForBenchmark(c, 3);
    at::manual_seed(4);
    const int images = 40, people = 6;
    const at::Tensor pixels = at::rand({images, 3, 32, 32});
    PreferenceData data;
    {
        at::NoGradGuard noGrad;
        data.images = clip.encodeImages(pixels);
    }
    data.people = people;
    std::mt19937_64 rng(5);
    for (int p = 0; p < people; ++p) {
        // Half the people like red images, half blue ones.
        for (int i = 0; i < images; ++i) {
            const double redness = (pixels[i][0].mean() - pixels[i][2].mean()).item<double>() * 40;
            data.ratings.push_back({p, i, float(1.0 / (1.0 + std::exp(p % 2 ? redness : -redness)))});
        }
    }
    const auto tail = clip.imageTowerTail(1);
    ASSERT_FALSE(tail.empty());
    EXPECT_EQ(tail.front().first.rfind("vision_model.encoder.layers.1.", 0), 0u) << tail.front().first;
    EXPECT_EQ(tail.back().first, "visual_projection.weight");
    std::vector<at::Tensor> before;
    ImageEncoder encoder;
    for (const auto& [name, tensor] : tail) {
        before.push_back(tensor.detach().clone());
        encoder.parameters.push_back(tensor);
    }
    const at::Tensor untouched = clip.imageTowerTail(2).front().second;  // layer 0: not trained
    const at::Tensor untouchedBefore = untouched.detach().clone();
    encoder.encode = [&](const at::Tensor& rows) { return clip.encodeImages(pixels.index_select(0, rows)); };
    encoder.learningRateScale = 1.0;

    RewardModelConfig config;
    config.backbone = clip.cacheKey();
    config.imageDim = 16;
    config.hidden = 16;
    config.prototypes = 2;
    config.people = people;
    RewardModel model(config);
    TrainingConfig training;
    training.epochs = 2;
    training.peoplePerBatch = 4;
    training.targetsPerPerson = 8;
    training.encoder = &encoder;
    const TrainingResult result = trainRewardModel(model, data, {}, training);
    ASSERT_EQ(result.epochs.size(), 2u);
    EXPECT_TRUE(std::isfinite(result.epochs.back().trainLoss));
    double moved = 0;
    for (std::size_t i = 0; i < tail.size(); ++i) moved += (tail[i].second - before[i]).abs().sum().item<double>();
    EXPECT_GT(moved, 0.0);
    EXPECT_TRUE(at::equal(untouched, untouchedBefore));
    EXPECT_FALSE(tail.front().second.requires_grad());  // handed back ready for inference
    at::NoGradGuard noGrad;
    EXPECT_TRUE(at::allclose(result.images, clip.encodeImages(pixels), 1e-4, 1e-5));
    EXPECT_FALSE(at::allclose(result.images, data.images, 1e-4, 1e-5));
}

}  // namespace
}  // namespace tastelab::model
