// Round trips through every store: what goes in comes back out, field by field, and invalid
// records are refused with a message that names the problem.
#include "storage/answers.h"
#include "storage/database.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "storage/people.h"
#include "storage/sessions.h"
#include "storage/storage_error.h"
#include "storage/studies.h"
#include "tests/support/test_support.h"
#include "util/sha256.h"

#include <gmock/gmock.h>

#include <cmath>
#include <limits>

using namespace tastelab::storage;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

class StoresTest : public ::testing::Test {
protected:
    ImageRecord makeImage(const std::string& name)
    {
        ImageRecord image;
        image.sha256 = tastelab::util::sha256Hex(name);
        image.libraryPath = image.sha256.substr(0, 2) + "/" + image.sha256 + ".png";
        image.originalName = name;
        image.width = 1024;
        image.height = 768;
        image.format = "png";
        image.byteSize = 123456;
        return image;
    }
    std::int64_t addImage(const std::string& name) { return ImageStore(db_).insert(makeImage(name)); }
    std::int64_t addPerson(const std::string& pseudonym = {})
    {
        Person person;
        person.pseudonym = pseudonym;
        return PeopleStore(db_).insert(person);
    }

    TempDir dir_;
    Database db_ = Database::open(dir_ / "w.sqlite", Database::OpenMode::CreateIfMissing);
};

std::string errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const StorageError& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected a StorageError";
    return {};
}

}  // namespace

TEST_F(StoresTest, ImageRoundTrip)
{
    ImageRecord image = makeImage("Straße 東京.png");
    image.prompt = "a watercolor fox, warm light";
    image.negativePrompt = "blurry";
    image.generator = "sd-turbo";
    image.seed = 4294967297;
    image.parameters = R"({"steps":1,"cfg":0})";
    image.origin = ImageOrigin::Generated;
    ImageStore store(db_);
    const std::int64_t id = store.insert(image);
    const auto back = store.findById(id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->sha256, image.sha256);
    EXPECT_EQ(back->libraryPath, image.libraryPath);
    EXPECT_FALSE(back->externalPath);
    EXPECT_EQ(back->originalName, "Straße 東京.png");
    EXPECT_EQ(back->width, 1024);
    EXPECT_EQ(back->height, 768);
    EXPECT_EQ(back->format, "png");
    EXPECT_EQ(back->byteSize, 123456);
    EXPECT_EQ(back->prompt, image.prompt);
    EXPECT_EQ(back->negativePrompt, image.negativePrompt);
    EXPECT_EQ(back->generator, image.generator);
    EXPECT_EQ(back->seed, 4294967297);
    EXPECT_EQ(back->parameters, image.parameters);
    EXPECT_EQ(back->origin, ImageOrigin::Generated);
    EXPECT_THAT(back->createdAt, ::testing::MatchesRegex("[0-9-]{10}T[0-9:]{8}\\.[0-9]{3}Z"));
    EXPECT_EQ(store.findBySha256(image.sha256)->id, id);
    EXPECT_EQ(store.findByPath(*image.libraryPath)->id, id);
    EXPECT_EQ(store.findByOriginalName("Straße 東京.png").size(), 1u);
    EXPECT_EQ(store.count(), 1);
}

TEST_F(StoresTest, ImageWithTheSameHashIsRefused)
{
    addImage("a.png");
    EXPECT_THAT(errorOf([&] { addImage("a.png"); }), HasSubstr("already stored"));
    ImageRecord bad = makeImage("b.png");
    bad.sha256 = "abc";
    EXPECT_THAT(errorOf([&] { ImageStore(db_).insert(bad); }), HasSubstr("not a SHA-256"));
}

TEST_F(StoresTest, PeopleGetSequentialPseudonymsAndKeepDemographics)
{
    Person anna;
    anna.displayName = "Anna";
    anna.role = PersonRole::Artist;
    anna.ageRange = "25-34";
    anna.gender = "female";
    anna.artExperience = "professional";
    PeopleStore people(db_);
    const auto id = people.insert(anna);
    const auto back = people.findById(id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->pseudonym, "P0001");
    EXPECT_EQ(back->displayName, "Anna");
    EXPECT_EQ(back->role, PersonRole::Artist);
    EXPECT_EQ(back->ageRange, "25-34");
    EXPECT_EQ(back->gender, "female");
    EXPECT_EQ(back->artExperience, "professional");
    addPerson("P0041");
    addPerson("lab-x");
    EXPECT_EQ(people.nextPseudonym(), "P0042");
    EXPECT_THAT(errorOf([&] { addPerson("lab-x"); }), HasSubstr("already taken"));
    EXPECT_EQ(people.count(), 3);
}

TEST_F(StoresTest, StudyWithItemsAndAnAssignment)
{
    Study study;
    study.name = "Palette preferences";
    study.instructions = "Rate each image.";
    study.consentText = "I agree.";
    study.protocol.answerModes = AnswerModes::SliderAndPairwise;
    study.protocol.anchorLabels = {"Gar nicht", "Eher nicht", "Neutral", "Eher ja", "Sehr"};
    study.protocol.repeats = 4;
    study.protocol.catchItems = 2;
    study.protocol.blockSize = 10;
    study.protocol.breakEvery = 25;
    study.protocol.practiceItems = 3;
    study.protocol.requireMovement = false;
    study.protocol.allowRevisions = true;
    study.protocol.seed = 987654321;
    study.protocol.settings = R"({"exclude_if_catch_failed":1})";
    StudyStore studies(db_);
    const auto studyId = studies.createStudy(study);
    const auto back = studies.findStudyByName("Palette preferences");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->id, studyId);
    EXPECT_EQ(back->consentText, "I agree.");
    EXPECT_EQ(back->protocol.answerModes, AnswerModes::SliderAndPairwise);
    EXPECT_EQ(back->protocol.anchorLabels, study.protocol.anchorLabels);
    EXPECT_EQ(back->protocol.repeats, 4);
    EXPECT_EQ(back->protocol.catchItems, 2);
    EXPECT_EQ(back->protocol.blockSize, 10);
    EXPECT_EQ(back->protocol.breakEvery, 25);
    EXPECT_EQ(back->protocol.practiceItems, 3);
    EXPECT_FALSE(back->protocol.requireMovement);
    EXPECT_TRUE(back->protocol.allowRevisions);
    EXPECT_EQ(back->protocol.seed, 987654321);
    EXPECT_EQ(back->protocol.settings, study.protocol.settings);

    const auto a = addImage("a.png");
    const auto b = addImage("b.png");
    StudyItem catchItem;
    catchItem.studyId = studyId;
    catchItem.imageId = b;
    catchItem.kind = ItemKind::Catch;
    catchItem.catchMin = 0.9;
    catchItem.catchMax = 1.0;
    catchItem.instruction = "Move the slider fully to the right";
    studies.addItem(catchItem);
    StudyItem regular;
    regular.studyId = studyId;
    regular.imageId = a;
    studies.addItem(regular);
    const auto items = studies.items(studyId);
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].kind, ItemKind::Catch);
    EXPECT_EQ(items[0].catchMin, 0.9);
    EXPECT_EQ(items[0].instruction, catchItem.instruction);
    StudyItem badCatch = catchItem;
    badCatch.catchMin.reset();
    EXPECT_THAT(errorOf([&] { studies.addItem(badCatch); }), HasSubstr("range"));

    Assignment plan;
    plan.studyId = studyId;
    plan.personId = addPerson();
    plan.seed = 17;
    plan.trials.push_back({0, 0, TrialMode::Slider, a, {}, {}, false, false, true});
    plan.trials.push_back({1, 0, TrialMode::Pairwise, {}, b, a, false, false, false});
    plan.trials.push_back({2, 1, TrialMode::Slider, b, {}, {}, false, true, false});
    plan.trials.push_back({3, 1, TrialMode::Slider, a, {}, {}, true, false, false});
    studies.createAssignment(plan);
    const auto stored = studies.findAssignment(studyId, plan.personId);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->seed, 17);
    ASSERT_EQ(stored->trials.size(), 4u);
    EXPECT_TRUE(stored->trials[0].isPractice);
    EXPECT_EQ(stored->trials[1].mode, TrialMode::Pairwise);
    EXPECT_EQ(stored->trials[1].leftImageId, b);
    EXPECT_EQ(stored->trials[1].rightImageId, a);
    EXPECT_TRUE(stored->trials[2].isCatch);
    EXPECT_EQ(stored->trials[2].block, 1);
    EXPECT_TRUE(stored->trials[3].isRepeat);
    EXPECT_THAT(errorOf([&] { studies.createAssignment(plan); }), HasSubstr("already has a plan"));
}

TEST_F(StoresTest, SessionsAndCheckpoints)
{
    SessionStore sessions(db_);
    Session s;
    s.personId = addPerson();
    s.mode = SessionMode::Kiosk;
    s.client = "TasteLab 0.1.0";
    const auto id = sessions.start(s);
    EXPECT_FALSE(sessions.latestCheckpoint(id));
    sessions.checkpoint(id, 10);
    sessions.checkpoint(id, 20);
    EXPECT_EQ(sessions.latestCheckpoint(id), 20);
    sessions.finish(id, SessionStatus::Completed);
    const auto back = sessions.find(id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->mode, SessionMode::Kiosk);
    EXPECT_EQ(back->client, "TasteLab 0.1.0");
    EXPECT_EQ(back->status, SessionStatus::Completed);
    EXPECT_TRUE(back->endedAt);
    EXPECT_THAT(errorOf([&] { sessions.finish(9999, SessionStatus::Abandoned); }), HasSubstr("9999"));
}

TEST_F(StoresTest, SliderRatingRoundTripAndRevisionsAreNewRows)
{
    AnswerStore answers(db_);
    SliderRating r;
    r.personId = addPerson();
    r.imageId = addImage("a.png");
    r.trialPosition = 3;
    r.value = 0.7312;
    r.startPosition = 0.25;
    r.sliderMoved = true;
    r.responseMs = 2412;
    r.shownAt = "2026-11-23T10:00:00.000Z";
    r.answeredAt = "2026-11-23T10:00:02.412Z";
    r.isRepeat = true;
    const auto first = answers.recordRating(r);
    const auto back = answers.rating(first);
    ASSERT_TRUE(back);
    EXPECT_DOUBLE_EQ(back->value, 0.7312);
    EXPECT_EQ(back->startPosition, 0.25);
    EXPECT_EQ(back->sliderMoved, true);
    EXPECT_EQ(back->responseMs, 2412);
    EXPECT_EQ(back->shownAt, r.shownAt);
    EXPECT_EQ(back->answeredAt, r.answeredAt);
    EXPECT_TRUE(back->isRepeat);
    EXPECT_FALSE(back->isCatch);
    EXPECT_EQ(back->trialPosition, 3);
    EXPECT_EQ(back->source, AnswerSource::App);

    SliderRating revision = r;
    revision.value = 0.2;
    revision.revisesId = first;
    const auto second = answers.recordRating(revision);
    EXPECT_NE(second, first);
    EXPECT_DOUBLE_EQ(answers.rating(first)->value, 0.7312);  // the original row is kept
    const auto current = answers.ratingsOf(r.personId);
    ASSERT_EQ(current.size(), 1u);
    EXPECT_EQ(current[0].id, second);
    EXPECT_EQ(answers.ratingsOf(r.personId, false).size(), 2u);
}

TEST_F(StoresTest, ATakenBackAnswerStopsCountingAndKeepsItsHistory)
{
    AnswerStore answers(db_);
    SliderRating r;
    r.personId = addPerson();
    r.imageId = addImage("a.png");
    r.value = 0.8;
    const auto kept = answers.recordRating(r);
    r.imageId = addImage("b.png");
    r.value = 0.3;
    const auto first = answers.recordRating(r);
    const auto retraction = answers.retractRating(first);

    const auto current = answers.ratingsOf(r.personId);
    ASSERT_EQ(current.size(), 1u);
    EXPECT_EQ(current[0].id, kept);
    const auto all = answers.ratingsOf(r.personId, false);
    ASSERT_EQ(all.size(), 3u);  // nothing deleted: the rating and its retraction are both rows
    EXPECT_EQ(all[2].id, retraction);
    EXPECT_TRUE(all[2].retracted);
    EXPECT_EQ(all[2].revisesId, first);
    EXPECT_DOUBLE_EQ(all[2].value, 0.3);
    EXPECT_FALSE(all[1].retracted);

    EXPECT_THAT(errorOf([&] { answers.retractRating(first); }), HasSubstr("already revised or taken back"));
    EXPECT_THAT(errorOf([&] { answers.retractRating(retraction); }), HasSubstr("itself a retraction"));
    EXPECT_THAT(errorOf([&] { answers.retractRating(999); }), HasSubstr("rating 999 does not exist"));
    // Rating the image again after taking it back revises the retraction and counts again.
    SliderRating again = r;
    again.value = 0.6;
    again.revisesId = retraction;
    const auto third = answers.recordRating(again);
    ASSERT_EQ(answers.ratingsOf(r.personId).size(), 2u);
    EXPECT_EQ(answers.ratingsOf(r.personId).back().id, third);

    PairwiseChoice c;
    c.personId = r.personId;
    c.leftImageId = current[0].imageId;
    c.rightImageId = r.imageId;
    const auto choice = answers.recordComparison(c);
    answers.retractComparison(choice);
    EXPECT_TRUE(answers.comparisonsOf(r.personId).empty());
    EXPECT_EQ(answers.comparisonsOf(r.personId, false).size(), 2u);
    EXPECT_EQ(PeopleStore(db_).activity(r.personId).ratings, 2);
}

TEST_F(StoresTest, InvalidRatingsAreRefusedByName)
{
    AnswerStore answers(db_);
    SliderRating r;
    r.personId = addPerson();
    r.imageId = addImage("a.png");
    r.value = 1.5;
    EXPECT_THAT(errorOf([&] { answers.recordRating(r); }), HasSubstr("0..1"));
    r.value = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THAT(errorOf([&] { answers.recordRating(r); }), HasSubstr("0..1"));
    r.value = 0.5;
    r.imageId = 777;
    EXPECT_THAT(errorOf([&] { answers.recordRating(r); }), HasSubstr("image 777"));
    r.imageId = addImage("b.png");
    r.revisesId = 555;
    EXPECT_THAT(errorOf([&] { answers.recordRating(r); }), HasSubstr("555"));
    EXPECT_EQ(answers.counts().ratings, 0);
}

TEST_F(StoresTest, PairwiseChoicesKeepSidesAndAllFourAnswers)
{
    AnswerStore answers(db_);
    const auto person = addPerson();
    const auto a = addImage("a.png");
    const auto b = addImage("b.png");
    for (PairChoice choice : {PairChoice::Left, PairChoice::Right, PairChoice::Tie, PairChoice::CantDecide}) {
        PairwiseChoice c;
        c.personId = person;
        c.leftImageId = b;
        c.rightImageId = a;
        c.choice = choice;
        c.responseMs = 900;
        const auto id = answers.recordComparison(c);
        const auto back = answers.comparison(id);
        ASSERT_TRUE(back);
        EXPECT_EQ(back->choice, choice);
        EXPECT_EQ(back->leftImageId, b);
        EXPECT_EQ(back->rightImageId, a);
    }
    EXPECT_EQ(answers.counts().comparisons, 4);
    PairwiseChoice same;
    same.personId = person;
    same.leftImageId = a;
    same.rightImageId = a;
    EXPECT_THAT(errorOf([&] { answers.recordComparison(same); }), HasSubstr("two different images"));
}

TEST_F(StoresTest, CheckpointsEmbeddingsGenerationsAndSteeringRuns)
{
    const auto person = addPerson();
    CheckpointStore checkpoints(db_);
    CheckpointRecord c;
    c.path = "reward-0001.pt";
    c.personId = person;
    c.backboneId = "look-v1";
    c.backboneHash = "feedbeef";
    c.formatVersion = 3;
    c.dataHash = "cafe";
    c.metadata = R"({"dim":72})";
    c.metrics = R"({"val_accuracy":0.71})";
    const auto first = checkpoints.insert(c);
    c.path = "reward-0002.pt";
    c.parentId = first;
    const auto second = checkpoints.insert(c);
    EXPECT_EQ(checkpoints.latest("look-v1")->id, second);
    EXPECT_EQ(checkpoints.latest("look-v1", person)->parentId, first);
    EXPECT_FALSE(checkpoints.latest("mobilenet"));
    EXPECT_EQ(checkpoints.find(first)->metrics, c.metrics);

    EmbeddingCache cache(db_);
    const std::string sha = tastelab::util::sha256Hex("x");
    const std::vector<float> vector = {0.5f, -1.25f, 3.0e-8f, 1024.0f};
    cache.put(sha, "look-v1", vector);
    EXPECT_EQ(cache.get(sha, "look-v1"), vector);
    EXPECT_FALSE(cache.get(sha, "other"));
    cache.put(sha, "look-v1", {1.0f});  // replaced
    EXPECT_EQ(cache.get(sha, "look-v1"), std::vector<float>{1.0f});
    EXPECT_EQ(cache.count("look-v1"), 1);

    RunStore runs(db_);
    GenerationRecord g;
    g.generator = "procedural";
    g.prompt = "neon city";
    g.seed = 7;
    g.parameters = R"({"size":256})";
    g.imageId = addImage("g.png");
    g.durationMs = 31;
    const auto gid = runs.insertGeneration(g);
    EXPECT_EQ(runs.generation(gid)->parameters, g.parameters);
    EXPECT_EQ(runs.generation(gid)->imageId, g.imageId);

    SteeringRunRecord run;
    run.personId = person;
    run.generator = "procedural";
    run.method = SteeringMethod::Prompt;
    run.prompt = "a quiet harbour";
    run.seed = 11;
    run.checkpointId = second;
    run.settings = R"({"iterations":50})";
    run.baselineImageId = g.imageId;
    const auto rid = runs.startSteeringRun(run);
    EXPECT_EQ(runs.steeringRun(rid)->status, RunStatus::Running);
    runs.finishSteeringRun(rid, RunStatus::Finished, "[0.41,0.52,0.61]", g.imageId);
    const auto done = runs.steeringRun(rid);
    EXPECT_EQ(done->status, RunStatus::Finished);
    EXPECT_EQ(done->trajectory, "[0.41,0.52,0.61]");
    EXPECT_EQ(done->method, SteeringMethod::Prompt);
    EXPECT_TRUE(done->finishedAt);
    EXPECT_EQ(runs.steeringRunsOf(person).size(), 1u);
}

TEST_F(StoresTest, NestedWriteTransactionsRollBackOnlyTheInnerPart)
{
    ImageStore images(db_);
    db_.writeTransaction([&] {
        images.insert(makeImage("outer.png"));
        EXPECT_THROW(db_.writeTransaction([&] {
            images.insert(makeImage("inner.png"));
            throw std::runtime_error("inner failure");
        }),
            std::runtime_error);
        images.insert(makeImage("after.png"));
    });
    EXPECT_TRUE(images.findBySha256(tastelab::util::sha256Hex("outer.png")));
    EXPECT_FALSE(images.findBySha256(tastelab::util::sha256Hex("inner.png")));
    EXPECT_TRUE(images.findBySha256(tastelab::util::sha256Hex("after.png")));
}
