// Active questions: on a small demo world the informative strategy teaches the taste model more per answer than
// random order, every answer records how its image was chosen, the model updates within a second, best-of-N keeps
// what the model ranks highest plus its most uncertain candidate, and the artist gallery's filters hide what they
// should.
#include "app/services/active_evaluation.h"
#include "app/services/active_questions.h"
#include "app/services/artist_session.h"
#include "app/services/demo.h"
#include "app/services/embeddings.h"
#include "app/services/generation.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "storage/people.h"
#include "tests/support/demo_support.h"
#include "tests/support/test_support.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <set>

using namespace tastelab;
using tastelab::testing::TempDir;

namespace {

class ActiveQuestionsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        dir_ = new TempDir();
        // The suite's small world with more held-out raters, so that a mean over them is steady.
        services::DemoOptions options = tastelab::testing::smallDemoOptions();
        options.agents = 24;
        options.heldOut = 10;
        options.ratingsPerNewPerson = 16;
        services::buildDemoWorkspace(dir_->path() / "demo", options);
    }
    static void TearDownTestSuite()
    {
        delete dir_;
        dir_ = nullptr;
    }
    static std::filesystem::path demo() { return dir_->path() / "demo"; }
    static TempDir* dir_;
};

TempDir* ActiveQuestionsTest::dir_ = nullptr;

double meanOver(const std::vector<double>& curve, std::size_t from, std::size_t to)
{
    return std::accumulate(curve.begin() + std::ptrdiff_t(from), curve.begin() + std::ptrdiff_t(to), 0.0)
        / double(to - from);
}

TEST_F(ActiveQuestionsTest, InformativeBeatsRandomOnASmallWorld)
{
    auto workspace = services::Workspace::open(demo());
    services::ActiveEvaluationOptions options;
    options.maxAnswers = 15;
    options.raters = 10;
    const auto eval = services::evaluateActiveQuestions(workspace, options);
    ASSERT_EQ(eval.curves.size(), 2u);
    ASSERT_EQ(eval.curves[0].strategy, services::QuestionStrategy::Informative);
    ASSERT_EQ(eval.curves[0].accuracy.size(), 10u);
    for (int n = 0; n < 15; ++n) {
        std::printf("%2d answers: informative %.3f, random %.3f\n", n + 1, eval.curves[0].meanAccuracy[std::size_t(n)],
            eval.curves[1].meanAccuracy[std::size_t(n)]);
    }
    // Where questions matter most: the first answers (later both approach what the features allow).
    const double informative = meanOver(eval.curves[0].meanAccuracy, 0, 8);
    const double random = meanOver(eval.curves[1].meanAccuracy, 0, 8);
    EXPECT_GT(informative, random + 0.02) << "informative " << informative << ", random " << random;
    // Both learn: better than chance after 20 answers.
    EXPECT_GT(eval.curves[0].meanAccuracy.back(), 0.6);
    EXPECT_GT(eval.curves[1].meanAccuracy.back(), 0.6);
    EXPECT_LT(eval.maxUpdateSeconds, 1.0);

    // Each simulated answer says how its image was chosen.
    storage::PeopleStore people(workspace.database());
    const auto person = people.findByPseudonym("sim-informative-1-" + eval.raters.front());
    ASSERT_TRUE(person);
    const auto ratings = storage::AnswerStore(workspace.database()).ratingsOf(person->id);
    ASSERT_EQ(ratings.size(), 15u);
    for (const auto& r : ratings) EXPECT_EQ(r.chosenBy.value_or(""), "informative");
}

TEST_F(ActiveQuestionsTest, ChoicesAreDistinctCandidatesAndTheModelLearnsFromEachAnswer)
{
    auto workspace = services::Workspace::open(demo());
    services::ArtistSession session(workspace, "chooser", "test");
    auto& model = session.tasteModel();
    EXPECT_GE(model.priorPeople(), 3u);
    std::vector<std::int64_t> candidates;
    for (const auto& image : storage::ImageStore(workspace.database()).list()) candidates.push_back(image.id);
    candidates.resize(40);
    for (auto strategy : {services::QuestionStrategy::Informative, services::QuestionStrategy::Random}) {
        const auto picked = model.choose(candidates, strategy, 8, 5);
        ASSERT_EQ(picked.size(), 8u);
        EXPECT_EQ(std::set<std::int64_t>(picked.begin(), picked.end()).size(), 8u);
        for (auto id : picked) EXPECT_NE(std::find(candidates.begin(), candidates.end(), id), candidates.end());
        EXPECT_EQ(model.choose(candidates, strategy, 8, 5), picked);  // the same seed, the same questions
    }
    const auto unrated = model.choose(candidates, services::QuestionStrategy::Unrated, 3, 5);
    EXPECT_EQ(unrated, std::vector<std::int64_t>(candidates.begin(), candidates.begin() + 3));

    // One image rated at the top: its prediction rises and its uncertainty falls, at once.
    const std::int64_t image = candidates[7];
    const auto before = model.predict({image}).at(0);
    session.setStrategy(services::QuestionStrategy::Informative);
    const auto id = session.rate(image, 0.98, 0.5, true, 900, {});
    const auto after = model.predict({image}).at(0);
    EXPECT_GT(after.score, before.score);
    EXPECT_LT(after.uncertainty, before.uncertainty);
    EXPECT_EQ(model.answers(), 1u);
    EXPECT_LT(session.lastUpdateSeconds(), 1.0);
    EXPECT_EQ(storage::AnswerStore(workspace.database()).rating(id)->chosenBy.value_or(""), "informative");
    // The session's own questions come from the unrated images only.
    const auto next = session.nextQuestions({}, 5, 11);
    ASSERT_EQ(next.size(), 5u);
    for (const auto& n : next) EXPECT_NE(n.id, image);
}

// The evaluation puts held-out people through the model built from given vectors and answers: with the workspace's
// own vectors and answers it is the workspace's model, to rounding, for either prior; and its answers are the ones it
// is given, not the person's stored ones.
TEST_F(ActiveQuestionsTest, TheModelFromGivenAnswersIsTheWorkspacesModel)
{
    auto workspace = services::Workspace::open(demo());
    storage::Database& db = workspace.database();
    storage::AnswerStore store(db);
    const auto people = storage::PeopleStore(db).list();
    ASSERT_GE(people.size(), 5u);
    const std::int64_t person = people.front().id;
    auto answersOf = [&](std::int64_t id) {
        services::ImageAnswers out;
        for (const auto& r : store.ratingsOf(id)) {
            if (!r.isCatch && !r.isRepeat) out.emplace_back(r.imageId, r.value);
        }
        return out;
    };
    std::vector<services::ImageAnswers> others;
    for (const auto& p : people) {
        if (p.id != person) others.push_back(answersOf(p.id));
    }
    std::vector<std::pair<std::int64_t, std::vector<float>>> vectors;
    storage::EmbeddingCache cache(db);
    std::vector<std::int64_t> ids;
    for (const auto& image : storage::ImageStore(db).list()) {
        ids.push_back(image.id);
    }
    for (auto prior : {services::TastePrior::Gaussian, services::TastePrior::Mixture}) {
        services::TasteModelOptions options;
        options.prior = prior;
        const services::PersonTasteModel stored(workspace, person, options);
        if (vectors.empty()) {
            // The workspace model encoded every image; the cache now holds the vectors it used.
            const std::string key = services::encodeWorkspaceImages(workspace, {}).backboneKey;
            for (const auto& image : storage::ImageStore(db).list()) {
                vectors.emplace_back(image.id, *cache.get(image.sha256, key));
            }
        }
        auto given = services::PersonTasteModel::fromAnswers(vectors, others, options);
        EXPECT_EQ(given.answers(), 0u);
        given.setAnswers(answersOf(person));
        EXPECT_EQ(given.answers(), stored.answers());
        EXPECT_EQ(given.priorPeople(), stored.priorPeople());
        const auto a = stored.predict(ids), b = given.predict(ids);
        ASSERT_EQ(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            EXPECT_NEAR(a[i].score, b[i].score, 1e-9) << i;
            EXPECT_NEAR(a[i].uncertainty, b[i].uncertainty, 1e-9) << i;
        }
        // Two of the answers only: the prediction moves away from the stored model's.
        const auto all = answersOf(person);
        given.setAnswers({all[0], all[1]});
        EXPECT_EQ(given.answers(), 2u);
        double moved = 0;
        const auto c = given.predict(ids);
        for (std::size_t i = 0; i < c.size(); ++i) moved = std::max(moved, std::abs(c[i].score - a[i].score));
        EXPECT_GT(moved, 0.01);
        EXPECT_THROW(given.refresh(), std::logic_error);
    }
}

TEST_F(ActiveQuestionsTest, ExplorationWaitsUntilThePersonHasAnsweredEnough)
{
    auto workspace = services::Workspace::open(demo());
    storage::Person person;
    person.pseudonym = "explorer";
    const std::int64_t id = storage::PeopleStore(workspace.database()).insert(person);
    std::vector<std::int64_t> candidates;
    for (const auto& image : storage::ImageStore(workspace.database()).list()) candidates.push_back(image.id);
    auto picks = [&](double exploration, int after) {
        services::TasteModelOptions options;
        options.exploration = exploration;
        options.explorationAfter = after;
        return services::PersonTasteModel(workspace, id, options)
            .choose(candidates, services::QuestionStrategy::Informative, 6, 3);
    };
    const auto informative = picks(0.0, 0);
    // Every pick "at random" but none before 10 answers: a person with none gets the informative questions.
    EXPECT_EQ(picks(1.0, 10), informative);
    // From the first answer on, every pick is random: not the informative ones.
    EXPECT_NE(picks(1.0, 0), informative);
}

TEST_F(ActiveQuestionsTest, BestOfNStoresWhatTheModelRanksHighestWithItsScore)
{
    auto workspace = services::Workspace::open(demo());
    const auto person = storage::PeopleStore(workspace.database()).findByPseudonym("A01");
    ASSERT_TRUE(person);
    services::GenerationSettings settings;
    settings.prompt = "a warm smooth garden";
    settings.size = 64;
    settings.batch = 8;
    settings.seed = 40;
    services::BestOfNSettings bestOf;
    bestOf.personId = person->id;
    bestOf.keep = 3;
    const auto result = services::generateBestOfN(workspace, settings, bestOf);
    ASSERT_EQ(result.candidateScores.size(), 8u);
    ASSERT_EQ(result.images.size(), 4u);  // three best and one exploratory
    std::vector<double> sorted = result.candidateScores;
    std::sort(sorted.rbegin(), sorted.rend());
    services::PersonTasteModel model(workspace, person->id);
    std::vector<std::int64_t> stored;
    for (const auto& image : result.images) stored.push_back(image.imageId);
    const auto rescored = model.predict(stored);  // from the stored PNGs' own vectors
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& image = result.images[i];
        EXPECT_FALSE(image.exploratory);
        ASSERT_TRUE(image.predictedScore);
        EXPECT_DOUBLE_EQ(*image.predictedScore, sorted[i]) << "kept in the order of the model's scores";
        // Not exact: the features' principal components now include the stored images.
        EXPECT_NEAR(rescored[i].score, *image.predictedScore, 0.01) << "the stored image is the one that was scored";
        const auto record = storage::ImageStore(workspace.database()).findById(image.imageId);
        ASSERT_TRUE(record);
        EXPECT_THAT(record->parameters, ::testing::HasSubstr("\"taste\""));
        EXPECT_THAT(record->parameters, ::testing::HasSubstr("\"person\":\"A01\""));
        EXPECT_EQ(record->seed.value_or(-1) >= 40 && record->seed.value_or(-1) < 48, true);
    }
    EXPECT_TRUE(result.images[3].exploratory);
    EXPECT_LE(*result.images[3].predictedScore, sorted[2]);
}

// An artist's rating of an image best-of-N kept for them is stored as chosen by best-of-N, whatever the strategy;
// an image kept for someone else is not.
TEST_F(ActiveQuestionsTest, RatingsOfImagesKeptForTheArtistAreChosenByBestOfN)
{
    auto workspace = services::Workspace::open(demo());
    storage::PeopleStore people(workspace.database());
    const auto artist = people.findByPseudonym("A02");
    const auto other = people.findByPseudonym("A03");
    ASSERT_TRUE(artist && other);
    services::GenerationSettings settings;
    settings.prompt = "a cool rough harbour";
    settings.size = 64;
    settings.batch = 3;
    settings.seed = 90;
    services::BestOfNSettings bestOf;
    bestOf.keep = 1;
    bestOf.explore = false;
    bestOf.personId = artist->id;
    const auto mine = services::generateBestOfN(workspace, settings, bestOf);
    bestOf.personId = other->id;
    settings.seed = 95;
    const auto theirs = services::generateBestOfN(workspace, settings, bestOf);
    ASSERT_EQ(mine.images.size(), 1u);
    ASSERT_EQ(theirs.images.size(), 1u);

    services::ArtistSession session(workspace, "A02", "test");
    session.setStrategy(services::QuestionStrategy::Random);
    const std::int64_t kept = session.rate(mine.images[0].imageId, 0.8, 0.5, true, 900, {});
    const std::int64_t notKept = session.rate(theirs.images[0].imageId, 0.3, 0.5, true, 900, {}, "unrated");
    storage::AnswerStore answers(workspace.database());
    const auto keptRow = answers.rating(kept);
    const auto notKeptRow = answers.rating(notKept);
    ASSERT_TRUE(keptRow && notKeptRow);
    EXPECT_EQ(keptRow->chosenBy.value_or(""), services::kChosenByBestOfN);
    EXPECT_EQ(keptRow->chosenBy.value_or(""), "best-of-n");
    EXPECT_EQ(notKeptRow->chosenBy.value_or(""), "unrated") << "kept for A03, not for this artist";
}

// A world of three clear taste groups: the mixture prior places a new person in their group from their answers, its
// informative questions beat random ones, and it predicts new people at least as well as one Gaussian.
class TasteGroupsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        dir_ = new TempDir();
        services::DemoOptions options = tastelab::testing::smallDemoOptions();
        options.groups = 3;
        options.agents = 33;
        options.heldOut = 9;
        options.ratingsPerNewPerson = 20;
        options.seed = 11;
        report_ = new services::DemoReport(services::buildDemoWorkspace(dir_->path() / "demo", options));
    }
    static void TearDownTestSuite()
    {
        delete report_;
        report_ = nullptr;
        delete dir_;
        dir_ = nullptr;
    }
    static std::filesystem::path demo() { return dir_->path() / "demo"; }
    // A fresh copy of the world: each evaluation adds its own simulated artists.
    static std::filesystem::path copy(const std::string& name)
    {
        const auto to = dir_->path() / name;
        std::filesystem::copy(demo(), to, std::filesystem::copy_options::recursive);
        return to;
    }
    static TempDir* dir_;
    static services::DemoReport* report_;
};

TempDir* TasteGroupsTest::dir_ = nullptr;
services::DemoReport* TasteGroupsTest::report_ = nullptr;

TEST_F(TasteGroupsTest, TheMixturePriorPlacesANewPersonInTheirGroup)
{
    auto workspace = services::Workspace::open(demo());
    storage::PeopleStore people(workspace.database());
    std::vector<std::int64_t> heldOut;
    std::vector<int> trueGroup;
    for (const auto& agent : report_->agents) {
        if (!agent.heldOut) continue;
        const auto person = people.findByPseudonym(agent.pseudonym);
        ASSERT_TRUE(person);
        heldOut.push_back(person->id);
        trueGroup.push_back(agent.group);
    }
    ASSERT_EQ(heldOut.size(), 9u);
    services::TasteModelOptions options;
    options.prior = services::TastePrior::Mixture;
    options.priorExcluded = heldOut;  // the prior from the 24 training agents only
    std::vector<std::size_t> placed;
    for (std::size_t i = 0; i < heldOut.size(); ++i) {
        services::PersonTasteModel model(workspace, heldOut[i], options);
        const auto weights = model.groupWeights();
        // The number of groups is picked from the other people's answers alone.
        ASSERT_EQ(weights.size(), 3u) << "person " << i;
        EXPECT_NEAR(std::accumulate(weights.begin(), weights.end(), 0.0), 1.0, 1e-9);
        const auto top = std::max_element(weights.begin(), weights.end());
        EXPECT_GT(*top, 0.9) << "person " << i << " after " << model.answers() << " answers";
        placed.push_back(std::size_t(top - weights.begin()));
    }
    // People of the same true group in the same group of the prior, people of different groups apart.
    for (std::size_t i = 0; i < heldOut.size(); ++i) {
        for (std::size_t j = i + 1; j < heldOut.size(); ++j) {
            EXPECT_EQ(placed[i] == placed[j], trueGroup[i] == trueGroup[j]) << "people " << i << " and " << j;
        }
    }
    // One Gaussian has one group.
    options.prior = services::TastePrior::Gaussian;
    EXPECT_EQ(services::PersonTasteModel(workspace, heldOut[0], options).groupWeights().size(), 1u);
}

TEST_F(TasteGroupsTest, WithTheMixturePriorInformativeBeatsRandomAndOneGaussianIsNoBetter)
{
    services::ActiveEvaluationOptions options;
    options.maxAnswers = 10;
    options.raters = 9;
    options.model.prior = services::TastePrior::Mixture;
    auto mixtureWorld = services::Workspace::open(copy("mixture"));
    const auto mixture = services::evaluateActiveQuestions(mixtureWorld, options);
    options.model.prior = services::TastePrior::Gaussian;
    options.strategies = {services::QuestionStrategy::Informative};
    auto gaussianWorld = services::Workspace::open(copy("gaussian"));
    const auto gaussian = services::evaluateActiveQuestions(gaussianWorld, options);
    ASSERT_EQ(mixture.curves.size(), 2u);
    ASSERT_EQ(gaussian.curves.size(), 1u);
    for (std::size_t n = 0; n < 10; ++n) {
        std::printf("%2zu answers: mixture informative %.3f, mixture random %.3f, gaussian informative %.3f\n", n + 1,
            mixture.curves[0].meanAccuracy[n], mixture.curves[1].meanAccuracy[n], gaussian.curves[0].meanAccuracy[n]);
    }
    const double informative = meanOver(mixture.curves[0].meanAccuracy, 0, 8);
    const double random = meanOver(mixture.curves[1].meanAccuracy, 0, 8);
    const double single = meanOver(gaussian.curves[0].meanAccuracy, 0, 8);
    // On this small world the features, not the prior, bound the accuracy (both reach about .78 within a few
    // answers): the mixture must not lose to one Gaussian there.
    EXPECT_GT(informative, single - 0.01) << "mixture " << informative << ", one Gaussian " << single;
    EXPECT_GT(informative, random + 0.01) << "informative " << informative << ", random " << random;
    EXPECT_LT(mixture.maxUpdateSeconds, 1.0);
}

TEST(TastePriorNames, RoundTripAndRefuseUnknownWords)
{
    for (auto p : {services::TastePrior::Gaussian, services::TastePrior::Mixture}) {
        EXPECT_EQ(services::parseTastePrior(services::toString(p)), p);
    }
    EXPECT_THROW(services::parseTastePrior("dirichlet"), std::invalid_argument);
}

TEST(BestOfN, KeepsTheHighestPredictedThenTheMostUncertain)
{
    std::vector<services::TastePrediction> candidates{
        {0.40, 0.10}, {0.90, 0.05}, {0.20, 0.90}, {0.70, 0.30}, {0.55, 0.60}, {0.85, 0.20}};
    const auto picks = services::pickBestOf(candidates, 3, true);
    ASSERT_EQ(picks.size(), 4u);
    EXPECT_EQ(picks[0].index, 1u);
    EXPECT_EQ(picks[1].index, 5u);
    EXPECT_EQ(picks[2].index, 3u);
    for (int i = 0; i < 3; ++i) EXPECT_FALSE(picks[std::size_t(i)].exploratory);
    EXPECT_EQ(picks[3].index, 2u);  // the most uncertain of those left, whatever its score
    EXPECT_TRUE(picks[3].exploratory);
    EXPECT_DOUBLE_EQ(picks[0].prediction.score, 0.90);
    EXPECT_EQ(services::pickBestOf(candidates, 3, false).size(), 3u);
    EXPECT_EQ(services::pickBestOf(candidates, 10, true).size(), 6u);  // nothing left to explore
    EXPECT_THROW(services::pickBestOf(candidates, 0, true), std::invalid_argument);
}

services::RatedImage galleryImage(std::int64_t id, std::optional<double> rating, std::optional<double> predicted)
{
    services::RatedImage image;
    image.image.id = id;
    if (rating) {
        image.rating = *rating;
        image.ratingId = 100 + id;
    }
    image.predicted = predicted;
    return image;
}

std::vector<std::int64_t> ids(const std::vector<services::RatedImage>& images)
{
    std::vector<std::int64_t> out;
    for (const auto& image : images) out.push_back(image.image.id);
    return out;
}

TEST(ArtistGallery, FiltersHideWhatTheyShouldAndSortsByEitherScore)
{
    const std::vector<services::RatedImage> images{galleryImage(1, 0.9, 0.3), galleryImage(2, 0.2, 0.8),
        galleryImage(3, std::nullopt, 0.95), galleryImage(4, 0.6, std::nullopt), galleryImage(5, std::nullopt, 0.5)};
    using ::testing::ElementsAre;
    services::GalleryArrangement a;
    EXPECT_THAT(ids(services::arrangeGallery(images, a)), ElementsAre(1, 4, 2, 3, 5));
    a.sort = services::GallerySort::Predicted;
    EXPECT_THAT(ids(services::arrangeGallery(images, a)), ElementsAre(3, 2, 5, 1, 4));
    a.minPredicted = 0.5;  // hides 1 (0.3) and 4 (no prediction)
    EXPECT_THAT(ids(services::arrangeGallery(images, a)), ElementsAre(3, 2, 5));
    a.minPredicted = 0;
    a.minRating = 0.5;  // hides 2 (0.2) and the unrated 3 and 5
    a.sort = services::GallerySort::OwnRating;
    EXPECT_THAT(ids(services::arrangeGallery(images, a)), ElementsAre(1, 4));
    a.minPredicted = 0.5;
    EXPECT_TRUE(services::arrangeGallery(images, a).empty());
}

TEST(QuestionStrategyNames, RoundTripAndRefuseUnknownWords)
{
    for (auto s : {services::QuestionStrategy::Informative, services::QuestionStrategy::Random,
             services::QuestionStrategy::Unrated}) {
        EXPECT_EQ(services::parseQuestionStrategy(services::toString(s)), s);
    }
    EXPECT_THROW(services::parseQuestionStrategy("smart"), std::invalid_argument);
}

}  // namespace
