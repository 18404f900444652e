// A participant's plan and visit: the plan follows its seed and the study's design (practice first, blocks, catch
// items, repeats far apart, balanced sides), and a visit stores each answer with what a lab needs, revisions as new
// rows, checkpoints to resume at, and a completion code.
#include "app/services/artist_session.h"
#include "app/services/demo_study.h"
#include "app/services/image_library.h"
#include "app/services/study_plan.h"
#include "app/services/study_session.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/database.h"
#include "storage/sessions.h"
#include "storage/statement.h"
#include "storage/studies.h"
#include "tests/support/test_support.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

using namespace tastelab;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

storage::StudyItem item(std::int64_t imageId, storage::ItemKind kind)
{
    storage::StudyItem i;
    i.imageId = imageId;
    i.kind = kind;
    return i;
}

storage::Study sliderStudy()
{
    storage::Study study;
    study.id = 1;
    study.name = "taste";
    study.protocol.seed = 42;
    study.protocol.blockSize = 4;
    study.protocol.repeats = 3;
    study.protocol.catchItems = 2;
    study.protocol.practiceItems = 2;
    return study;
}

// 12 regular items (ids 1..12), 2 catch (101, 102), 3 practice (201..203).
std::vector<storage::StudyItem> designItems()
{
    std::vector<storage::StudyItem> items;
    for (std::int64_t id = 1; id <= 12; ++id) items.push_back(item(id, storage::ItemKind::Regular));
    items.push_back(item(101, storage::ItemKind::Catch));
    items.push_back(item(102, storage::ItemKind::Catch));
    for (std::int64_t id = 201; id <= 203; ++id) items.push_back(item(id, storage::ItemKind::Practice));
    return items;
}

TEST(StudyPlan, FollowsTheDesign)
{
    const auto plan = services::buildStudyPlan(sliderStudy(), designItems(), 7, 1234);
    // 2 practice (of 3) + 12 regular + 2 catch + 3 repeats.
    ASSERT_EQ(plan.trials.size(), 19u);
    EXPECT_EQ(plan.seed, 1234);
    for (std::size_t i = 0; i < plan.trials.size(); ++i) EXPECT_EQ(plan.trials[i].position, static_cast<int>(i));
    EXPECT_TRUE(plan.trials[0].isPractice && plan.trials[1].isPractice);
    EXPECT_GE(*plan.trials[0].imageId, 201);
    std::map<std::int64_t, int> firstShown;
    int catches = 0;
    for (std::size_t i = 2; i < plan.trials.size(); ++i) {
        const auto& t = plan.trials[i];
        EXPECT_FALSE(t.isPractice);
        EXPECT_EQ(t.mode, storage::TrialMode::Slider);
        if (t.isCatch) {
            ++catches;
            EXPECT_GT(*t.imageId, 100);
        } else if (!t.isRepeat) {
            EXPECT_TRUE(firstShown.emplace(*t.imageId, static_cast<int>(i)).second) << "image shown twice";
        }
    }
    EXPECT_EQ(catches, 2);
    EXPECT_EQ(firstShown.size(), 12u);
    // Repeats: three, each at least half of the 16 counted trials after its first showing.
    int repeats = 0;
    for (std::size_t i = 2; i < plan.trials.size(); ++i) {
        const auto& t = plan.trials[i];
        if (!t.isRepeat) continue;
        ++repeats;
        ASSERT_TRUE(firstShown.count(*t.imageId));
        EXPECT_GE(static_cast<int>(i) - firstShown[*t.imageId], 7);
    }
    EXPECT_EQ(repeats, 3);
}

TEST(StudyPlan, ShufflesWithinBlocksOnly)
{
    auto study = sliderStudy();
    study.protocol.repeats = 0;
    study.protocol.catchItems = 0;
    study.protocol.practiceItems = 0;
    std::vector<storage::StudyItem> items;
    for (std::int64_t id = 1; id <= 12; ++id) items.push_back(item(id, storage::ItemKind::Regular));
    std::set<std::vector<std::int64_t>> orders;
    for (std::int64_t seed = 1; seed <= 20; ++seed) {
        const auto plan = services::buildStudyPlan(study, items, 1, seed);
        ASSERT_EQ(plan.trials.size(), 12u);
        // Blocks of 4 consecutive trials hold the designer's groups {1..4}, {5..8}, {9..12} in some order.
        std::vector<std::int64_t> order;
        for (int b = 0; b < 3; ++b) {
            std::set<std::int64_t> group;
            for (int k = 0; k < 4; ++k) {
                const auto& t = plan.trials[static_cast<std::size_t>(b * 4 + k)];
                group.insert((*t.imageId - 1) / 4);
                EXPECT_EQ(t.block, b + 1);
                order.push_back(*t.imageId);
            }
            EXPECT_EQ(group.size(), 1u) << "a block mixes items of different groups (seed " << seed << ")";
        }
        orders.insert(order);
    }
    EXPECT_GT(orders.size(), 15u) << "different seeds should give different orders";
    // The same seed gives the same plan.
    const auto a = services::buildStudyPlan(study, items, 1, 99);
    const auto b = services::buildStudyPlan(study, items, 1, 99);
    for (std::size_t i = 0; i < a.trials.size(); ++i) EXPECT_EQ(a.trials[i].imageId, b.trials[i].imageId);
}

TEST(StudyPlan, PairsAreBalancedAcrossSides)
{
    storage::Study study;
    study.name = "pairs";
    study.protocol.answerModes = storage::AnswerModes::Pairwise;
    std::vector<storage::StudyItem> items;
    for (std::int64_t id = 1; id <= 9; ++id) items.push_back(item(id, storage::ItemKind::Regular));
    for (std::int64_t seed = 1; seed <= 30; ++seed) {
        const auto plan = services::buildStudyPlan(study, items, 3, seed);
        ASSERT_EQ(plan.trials.size(), 9u);  // a ring: every item in two pairs
        std::map<std::int64_t, int> appearances;
        std::set<std::pair<std::int64_t, std::int64_t>> unordered;
        int designerOrderOnLeft = 0;
        for (const auto& t : plan.trials) {
            ASSERT_EQ(t.mode, storage::TrialMode::Pairwise);
            const auto l = *t.leftImageId, r = *t.rightImageId;
            ASSERT_NE(l, r);
            ++appearances[l];
            ++appearances[r];
            EXPECT_TRUE(unordered.insert({std::min(l, r), std::max(l, r)}).second);
            if (l < r) ++designerOrderOnLeft;
        }
        for (const auto& [id, n] : appearances) EXPECT_EQ(n, 2) << "image " << id;
        // 9 pairs: 4 or 5 in the designer's order, the rest the other way round.
        EXPECT_TRUE(designerOrderOnLeft == 4 || designerOrderOnLeft == 5) << designerOrderOnLeft;
    }
}

TEST(StudyPlan, RefusesImpossibleDesignsByName)
{
    auto study = sliderStudy();
    study.protocol.repeats = 9;
    try {
        services::buildStudyPlan(study, designItems(), 1, 1);
        FAIL() << "expected an error";
    } catch (const std::invalid_argument& e) {
        EXPECT_THAT(e.what(), HasSubstr("'taste'"));
        EXPECT_THAT(e.what(), HasSubstr("9 repeats"));
    }
    EXPECT_THROW(
        services::buildStudyPlan(study, {item(201, storage::ItemKind::Practice)}, 1, 1), std::invalid_argument);
    study.protocol.repeats = 0;
    study.protocol.settings = R"({"plan": {"pairsPerItem": "many"}})";
    EXPECT_THROW(services::planSettings(study), std::invalid_argument);
}

TEST(StudyPlan, SeedsDifferPerPerson)
{
    EXPECT_EQ(services::planSeed(5, 1), services::planSeed(5, 1));
    EXPECT_NE(services::planSeed(5, 1), services::planSeed(5, 2));
    EXPECT_NE(services::planSeed(5, 1), services::planSeed(6, 1));
    EXPECT_GE(services::planSeed(-3, 9), 0);
}

class StudySessionTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        workspace_ = std::make_unique<services::Workspace>(services::Workspace::create(dir_ / "ws", "study"));
        for (int i = 0; i < 14; ++i) {
            model::RgbImage image;
            image.width = image.height = 8;
            image.pixels.assign(8 * 8 * 3, static_cast<std::uint8_t>(10 + 15 * i));
            services::GeneratedImage info;
            info.generator = "test";
            info.prompt = "image " + std::to_string(i);
            info.seed = i;
            images_.push_back(services::addGeneratedImage(*workspace_, image, info));
        }
    }

    std::int64_t createStudy(storage::StudyProtocol protocol, int regular = 10)
    {
        storage::StudyStore studies(workspace_->database());
        storage::Study study;
        study.name = "taste";
        study.protocol = protocol;
        const auto id = studies.createStudy(study);
        for (int i = 0; i < regular; ++i) {
            studies.addItem({0, id, images_[static_cast<std::size_t>(i)], storage::ItemKind::Regular, {}, {}, {}});
        }
        studies.addItem({0, id, images_[10], storage::ItemKind::Catch, 0.9, 1.0, "Move the slider fully to the right"});
        studies.addItem({0, id, images_[11], storage::ItemKind::Practice, {}, {}, {}});
        return id;
    }

    services::SessionStart start(const std::string& who = "P-7")
    {
        services::SessionStart s;
        s.study = "taste";
        s.participant = who;
        s.client = "test";
        return s;
    }

    // Answers the current trial with a value that encodes its position.
    std::int64_t answer(services::StudySession& session, double value)
    {
        if (session.currentTrial().mode == storage::TrialMode::Pairwise) {
            return session.answerPair({storage::PairChoice::Right, 700, "2026-11-23T10:00:00Z"});
        }
        return session.answerSlider({value, session.startPosition(), true, 900, "2026-11-23T10:00:00Z"});
    }

    std::int64_t count(const std::string& sql)
    {
        auto s = workspace_->database().prepare(sql);
        return s.step() ? s.columnInt(0) : -1;
    }

    TempDir dir_;
    std::unique_ptr<services::Workspace> workspace_;
    std::vector<std::int64_t> images_;
};

TEST_F(StudySessionTest, StoresEveryAnswerWithWhatALabNeeds)
{
    storage::StudyProtocol protocol;
    protocol.seed = 11;
    protocol.repeats = 2;
    protocol.catchItems = 1;
    protocol.blockSize = 5;
    protocol.practiceItems = 1;
    createStudy(protocol);
    services::StudySession session(*workspace_, start());
    EXPECT_FALSE(session.isResumed());
    EXPECT_EQ(session.participant().pseudonym, "P-7");
    EXPECT_EQ(session.trialCount(), 1 + 10 + 1 + 2);
    EXPECT_EQ(session.mainTrialCount(), 13);
    EXPECT_TRUE(session.currentTrial().isPractice);
    EXPECT_EQ(answer(session, 0.5), 0) << "practice answers are not data";
    EXPECT_TRUE(session.practiceJustEnded());
    std::map<int, double> starts;
    bool sawInstruction = false;
    while (!session.finished()) {
        const int pos = session.position();
        starts[pos] = session.startPosition();
        EXPECT_GE(starts[pos], 0.1);
        EXPECT_LE(starts[pos], 0.9);
        if (session.currentTrial().isCatch) {
            EXPECT_EQ(session.instruction().value_or(""), "Move the slider fully to the right");
            sawInstruction = true;
        }
        EXPECT_GT(answer(session, pos / 100.0), 0);
    }
    EXPECT_TRUE(sawInstruction);
    const auto code = session.complete();
    EXPECT_TRUE(std::regex_match(code, std::regex("TL-[0-9A-F]{8}"))) << code;

    const auto ratings = storage::AnswerStore(workspace_->database()).ratingsOf(session.participant().id);
    ASSERT_EQ(ratings.size(), 13u);
    int repeats = 0, catches = 0;
    for (const auto& r : ratings) {
        ASSERT_TRUE(r.trialPosition);
        const auto& trial = session.plan().trials[static_cast<std::size_t>(*r.trialPosition)];
        EXPECT_EQ(r.imageId, *trial.imageId);
        EXPECT_DOUBLE_EQ(r.value, *r.trialPosition / 100.0);
        EXPECT_DOUBLE_EQ(r.startPosition.value_or(-1), starts[*r.trialPosition]);
        EXPECT_EQ(r.sliderMoved, std::optional<bool>(true));
        EXPECT_EQ(r.responseMs, std::optional<std::int64_t>(900));
        EXPECT_EQ(r.sessionId, std::optional<std::int64_t>(session.sessionId()));
        EXPECT_EQ(r.isRepeat, trial.isRepeat);
        EXPECT_EQ(r.isCatch, trial.isCatch);
        repeats += r.isRepeat;
        catches += r.isCatch;
    }
    EXPECT_EQ(repeats, 2);
    EXPECT_EQ(catches, 1);
    EXPECT_EQ(count("SELECT count(*) FROM sessions WHERE status = 'completed'"), 1);
    EXPECT_EQ(count("SELECT seed FROM assignments"), services::planSeed(11, session.participant().id));
    // Blocks of 5 (plus the catch and repeats): a checkpoint at every block boundary and after the practice.
    EXPECT_GE(count("SELECT count(*) FROM session_checkpoints"), 3);

    try {
        services::StudySession again(*workspace_, start());
        FAIL() << "a completed study must not start again";
    } catch (const services::StudySessionError& e) {
        EXPECT_THAT(e.what(), HasSubstr("already completed"));
        EXPECT_THAT(e.what(), HasSubstr(code));
    }
}

TEST_F(StudySessionTest, ResumesAtTheLastCheckpointAndRevisesWhatFollowed)
{
    storage::StudyProtocol protocol;
    protocol.seed = 5;
    protocol.breakEvery = 4;
    createStudy(protocol);
    std::int64_t person = 0;
    double startAt5 = 0;
    {
        services::StudySession session(*workspace_, start());
        person = session.participant().id;
        for (int i = 0; i < 6; ++i) {
            if (session.position() == 5) startAt5 = session.startPosition();
            answer(session, 0.2);
            EXPECT_EQ(session.breakDue(), session.mainTrialsDone() == 4) << i;
        }
        // The person leaves after 6 answers (practice and positions 1..5); the break after 4 counted trials, before
        // position 5, was the last checkpoint.
    }
    services::StudySession resumed(*workspace_, start());
    EXPECT_TRUE(resumed.isResumed());
    EXPECT_EQ(resumed.resumedAt(), 5);
    EXPECT_EQ(resumed.position(), 5);
    EXPECT_DOUBLE_EQ(resumed.startPosition(), startAt5) << "a trial starts where it did the first time";
    answer(resumed, 0.7);
    storage::AnswerStore answers(workspace_->database());
    const auto all = answers.ratingsOf(person, false);
    const auto current = answers.ratingsOf(person, true);
    EXPECT_EQ(all.size(), 6u);  // 5 counted answers + 1 revision
    EXPECT_EQ(current.size(), 5u);
    const auto& revision = all.back();
    ASSERT_TRUE(revision.revisesId);
    const auto original = answers.rating(*revision.revisesId);
    ASSERT_TRUE(original);
    EXPECT_EQ(original->trialPosition, revision.trialPosition);
    EXPECT_DOUBLE_EQ(original->value, 0.2);
    EXPECT_DOUBLE_EQ(revision.value, 0.7);
    EXPECT_EQ(count("SELECT count(*) FROM sessions"), 1);
}

TEST_F(StudySessionTest, GoingBackStoresARevisionOnlyWhenAllowed)
{
    storage::StudyProtocol protocol;
    protocol.allowRevisions = true;
    createStudy(protocol);
    services::StudySession session(*workspace_, start());
    EXPECT_FALSE(session.canGoBack()) << "nothing to go back to";
    answer(session, 0.5);  // practice
    EXPECT_FALSE(session.canGoBack()) << "practice is not data";
    const auto first = answer(session, 0.3);
    ASSERT_TRUE(session.canGoBack());
    session.goBack();
    const auto second = answer(session, 0.8);
    const auto revision = storage::AnswerStore(workspace_->database()).rating(second);
    ASSERT_TRUE(revision);
    EXPECT_EQ(revision->revisesId, std::optional<std::int64_t>(first));

    workspace_->database().exec("UPDATE studies SET allow_revisions = 0");
    services::StudySession strict(*workspace_, start("P-8"));
    answer(strict, 0.5);
    answer(strict, 0.5);
    EXPECT_FALSE(strict.canGoBack());
    EXPECT_THROW(strict.goBack(), std::logic_error);
}

TEST_F(StudySessionTest, NamesAnUnknownStudyOrParticipant)
{
    createStudy({});
    auto s = start();
    s.study = "nope";
    try {
        services::StudySession session(*workspace_, s);
        FAIL();
    } catch (const services::StudySessionError& e) {
        EXPECT_THAT(e.what(), HasSubstr("'nope'"));
    }
    s = start("Q-1");
    s.createParticipant = false;
    try {
        services::StudySession session(*workspace_, s);
        FAIL();
    } catch (const services::StudySessionError& e) {
        EXPECT_THAT(e.what(), HasSubstr("'Q-1'"));
    }
    EXPECT_THROW(services::StudySession(*workspace_, start("   ")), services::StudySessionError);
}

TEST_F(StudySessionTest, PairwiseChoicesKeepTheSidesAsShown)
{
    storage::StudyProtocol protocol;
    protocol.answerModes = storage::AnswerModes::Pairwise;
    protocol.seed = 3;
    createStudy(protocol, 6);
    services::StudySession session(*workspace_, start());
    while (!session.finished()) {
        if (session.currentTrial().isPractice || session.currentTrial().mode == storage::TrialMode::Slider) {
            answer(session, 0.5);
            continue;
        }
        const auto& trial = session.currentTrial();
        const auto left = *trial.leftImageId, right = *trial.rightImageId;
        const auto id = session.answerPair({storage::PairChoice::CantDecide, 1200, "2026-11-23T10:00:00Z"});
        const auto stored = storage::AnswerStore(workspace_->database()).comparison(id);
        ASSERT_TRUE(stored);
        EXPECT_EQ(stored->leftImageId, left);
        EXPECT_EQ(stored->rightImageId, right);
        EXPECT_EQ(stored->choice, storage::PairChoice::CantDecide);
    }
    EXPECT_EQ(count("SELECT count(*) FROM comparisons"), 6);
}

TEST_F(StudySessionTest, ArtistModeRatesUnratedImagesAndSortsTheGallery)
{
    services::ArtistSession artist(*workspace_, "ada", "test");
    EXPECT_EQ(artist.artist().role, storage::PersonRole::Artist);
    auto unrated = artist.unratedImages();
    ASSERT_EQ(unrated.size(), images_.size());
    EXPECT_EQ(unrated.front().id, images_.back()) << "newest first";
    EXPECT_TRUE(std::filesystem::exists(artist.imagePath(unrated.front())));
    EXPECT_TRUE(artist.unratedImages("other").empty());

    artist.rate(images_[0], 0.2, 0.5, true, 400, "");
    artist.rate(images_[1], 0.9, 0.5, true, 300, "");
    const auto first = artist.rate(images_[2], 0.6, 0.5, false, 200, "");
    const auto second = artist.rate(images_[2], 0.1, 0.6, true, 250, "");  // changed their mind
    EXPECT_EQ(artist.unratedImages().size(), images_.size() - 3);
    const auto revision = storage::AnswerStore(workspace_->database()).rating(second);
    ASSERT_TRUE(revision);
    EXPECT_EQ(revision->revisesId, std::optional<std::int64_t>(first));
    EXPECT_EQ(revision->sessionId, std::optional<std::int64_t>(artist.sessionId()));

    const auto gallery = artist.gallery();
    ASSERT_EQ(gallery.size(), 3u);
    EXPECT_EQ(gallery[0].image.id, images_[1]);
    EXPECT_DOUBLE_EQ(gallery[0].rating, 0.9);
    EXPECT_EQ(gallery[1].image.id, images_[0]);
    EXPECT_EQ(gallery[2].image.id, images_[2]);
    EXPECT_DOUBLE_EQ(gallery[2].rating, 0.1);
    artist.finish();
    EXPECT_EQ(count("SELECT count(*) FROM sessions WHERE mode = 'artist' AND status = 'completed'"), 1);
}

TEST(ArtistQueue, InterleavesPromptsDeterministically)
{
    // Served in runs: 5 of "a", then 3 of "b", then 2 of "c" (ids in each prompt's own order).
    std::vector<storage::ImageRecord> images;
    const std::pair<const char*, int> runs[] = {{"a", 5}, {"b", 3}, {"c", 2}};
    for (const auto& [prompt, n] : runs) {
        for (int i = 0; i < n; ++i) {
            storage::ImageRecord image;
            image.id = static_cast<std::int64_t>(images.size()) + 1;
            image.prompt = prompt;
            images.push_back(image);
        }
    }
    auto ids = [](const std::vector<storage::ImageRecord>& list) {
        std::vector<std::int64_t> out;
        for (const auto& image : list) out.push_back(image.id);
        return out;
    };
    std::set<std::vector<std::int64_t>> orders;
    for (std::uint64_t seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
        const auto order = services::ArtistSession::interleavePrompts(images, seed);
        ASSERT_EQ(order.size(), images.size());
        auto sorted = ids(order);
        std::sort(sorted.begin(), sorted.end());
        EXPECT_EQ(sorted, ids(images)) << "every image exactly once";
        for (std::size_t i = 1; i < order.size(); ++i) {
            EXPECT_NE(order[i].prompt, order[i - 1].prompt) << "seed " << seed << ": same prompt twice at " << i;
        }
        std::map<std::string, std::int64_t> lastId;
        for (const auto& image : order) {
            EXPECT_GT(image.id, lastId[*image.prompt]) << "a prompt's images keep their order";
            lastId[*image.prompt] = image.id;
        }
        EXPECT_EQ(ids(services::ArtistSession::interleavePrompts(images, seed)), ids(order)) << "same seed, same order";
        orders.insert(ids(order));
    }
    EXPECT_GT(orders.size(), 1u) << "the seed decides among equally good orders";

    // Where a run cannot be avoided (4 of "a", 1 of "b"), only the unavoidable repeats remain: a b a a a.
    std::vector<storage::ImageRecord> lopsided(images.begin(), images.begin() + 4);
    lopsided.push_back(images[5]);
    const auto order = services::ArtistSession::interleavePrompts(lopsided, 9);
    int repeats = 0;
    for (std::size_t i = 1; i < order.size(); ++i) repeats += order[i].prompt == order[i - 1].prompt ? 1 : 0;
    EXPECT_EQ(repeats, 2);
    EXPECT_EQ(*order[1].prompt, "b");
}

TEST_F(StudySessionTest, ArtistRatingQueueHoldsTheUnratedImages)
{
    services::ArtistSession artist(*workspace_, "ada", "test");
    artist.rate(images_[0], 0.4, 0.5, true, 100, "");
    auto expected = artist.unratedImages();
    auto queue = artist.ratingQueue("", 7);
    ASSERT_EQ(queue.size(), expected.size());
    auto byId = [](const storage::ImageRecord& a, const storage::ImageRecord& b) { return a.id < b.id; };
    std::sort(expected.begin(), expected.end(), byId);
    std::sort(queue.begin(), queue.end(), byId);
    for (std::size_t i = 0; i < queue.size(); ++i) EXPECT_EQ(queue[i].id, expected[i].id);
    EXPECT_TRUE(artist.ratingQueue("other", 7).empty());
}

TEST_F(StudySessionTest, DemoStudyIsAnsweredThroughSessions)
{
    services::DemoStudyOptions options;
    options.regularItems = 8;
    options.catchItems = 2;
    options.practiceItems = 1;
    options.repeats = 2;
    options.blockSize = 4;
    options.participants = 4;
    const auto summary = services::createDemoStudy(*workspace_, options);
    EXPECT_EQ(summary.participants, 4);
    EXPECT_EQ(summary.completed, 3) << "the third participant stops halfway";
    // A complete run: 8 slider ratings, 8 pairs (a ring), 2 catch items and 2 repeats (of either kind).
    EXPECT_EQ(
        count("SELECT (SELECT count(*) FROM ratings WHERE person_id = p.id) + "
              "(SELECT count(*) FROM comparisons WHERE person_id = p.id) FROM people p WHERE pseudonym = 'SIM-01'"),
        20);
    EXPECT_EQ(summary.ratings, count("SELECT count(*) FROM ratings"));
    EXPECT_GT(summary.comparisons, 0);
    EXPECT_EQ(count("SELECT count(*) FROM ratings r JOIN people p ON p.id = r.person_id "
                    "WHERE r.is_catch = 1 AND p.pseudonym = 'SIM-01' AND r.value BETWEEN 0.9 AND 1"),
        2);
    EXPECT_EQ(count("SELECT count(*) FROM sessions WHERE status = 'open'"), 1);
    EXPECT_THROW(services::createDemoStudy(*workspace_, options), std::exception) << "the name is taken";
    options.name = "too big";
    options.regularItems = 40;
    EXPECT_THROW(services::createDemoStudy(*workspace_, options), std::invalid_argument);
}

TEST(CompletionCode, DiffersPerParticipantAndStudy)
{
    const auto a = services::completionCodeFor("s", "P1", 1);
    EXPECT_NE(a, services::completionCodeFor("s", "P2", 1));
    EXPECT_NE(a, services::completionCodeFor("t", "P1", 1));
    EXPECT_EQ(a, services::completionCodeFor("s", "P1", 1));
}

}  // namespace
