// Editing studies in storage: updates, removal, duplication and restoring for undo, and the lock that
// keeps the protocol and items fixed once a participant has a plan.
#include "storage/database.h"
#include "storage/images.h"
#include "storage/people.h"
#include "storage/storage_error.h"
#include "storage/studies.h"
#include "tests/support/test_support.h"
#include "util/sha256.h"

#include <gmock/gmock.h>

#include <functional>

using namespace tastelab::storage;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

class StudyEditTest : public ::testing::Test {
protected:
    std::int64_t addImage(const std::string& name)
    {
        ImageRecord image;
        image.sha256 = tastelab::util::sha256Hex(name);
        image.libraryPath = image.sha256.substr(0, 2) + "/" + image.sha256 + ".png";
        image.originalName = name;
        image.width = 64;
        image.height = 64;
        image.format = "png";
        image.byteSize = 100;
        return ImageStore(db_).insert(image);
    }

    std::int64_t addStudy(const std::string& name)
    {
        Study study;
        study.name = name;
        study.instructions = "Rate each image.";
        study.consentText = "I agree.";
        study.protocol.repeats = 2;
        study.protocol.seed = 77;
        study.protocol.settings = R"({"timeLimitS":30})";
        return studies_.createStudy(study);
    }

    std::int64_t addItem(std::int64_t studyId, std::int64_t imageId, ItemKind kind = ItemKind::Regular)
    {
        StudyItem item;
        item.studyId = studyId;
        item.imageId = imageId;
        item.kind = kind;
        if (kind == ItemKind::Catch) {
            item.catchMin = 0.8;
            item.catchMax = 1.0;
            item.instruction = "Move the slider fully to the right";
        }
        return studies_.addItem(item);
    }

    void addAssignment(std::int64_t studyId, std::int64_t imageId)
    {
        Person person;
        Assignment plan;
        plan.studyId = studyId;
        plan.personId = PeopleStore(db_).insert(person);
        plan.seed = 5;
        plan.trials.push_back({0, 0, TrialMode::Slider, imageId, {}, {}, false, false, false});
        studies_.createAssignment(plan);
    }

    std::int64_t rows(const std::string& sql)
    {
        auto s = db_.prepare(sql);
        s.step();
        return s.columnInt(0);
    }

    TempDir dir_;
    Database db_ = Database::open(dir_ / "w.sqlite", Database::OpenMode::CreateIfMissing);
    StudyStore studies_{db_};
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

TEST_F(StudyEditTest, UpdateWritesEveryField)
{
    const auto id = addStudy("Pilot");
    Study study = *studies_.findStudy(id);
    study.name = "Pilot 2";
    study.instructions = "Bitte bewerten.";
    study.consentText = "Ich stimme zu.";
    study.protocol.answerModes = AnswerModes::Pairwise;
    study.protocol.anchorLabels[4] = "Love it";
    study.protocol.repeats = 6;
    study.protocol.catchItems = 3;
    study.protocol.blockSize = 12;
    study.protocol.breakEvery = 40;
    study.protocol.practiceItems = 2;
    study.protocol.requireMovement = false;
    study.protocol.allowRevisions = true;
    study.protocol.seed = 123456789012;
    study.protocol.settings = R"({"exclusion":{"minCatchPassRate":0.75}})";
    studies_.updateStudy(study);

    const auto back = studies_.findStudy(id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->name, "Pilot 2");
    EXPECT_EQ(back->instructions, "Bitte bewerten.");
    EXPECT_EQ(back->consentText, "Ich stimme zu.");
    EXPECT_EQ(back->protocol.answerModes, AnswerModes::Pairwise);
    EXPECT_EQ(back->protocol.anchorLabels[4], "Love it");
    EXPECT_EQ(back->protocol.anchorLabels[0], "Strongly dislike");
    EXPECT_EQ(back->protocol.repeats, 6);
    EXPECT_EQ(back->protocol.catchItems, 3);
    EXPECT_EQ(back->protocol.blockSize, 12);
    EXPECT_EQ(back->protocol.breakEvery, 40);
    EXPECT_EQ(back->protocol.practiceItems, 2);
    EXPECT_FALSE(back->protocol.requireMovement);
    EXPECT_TRUE(back->protocol.allowRevisions);
    EXPECT_EQ(back->protocol.seed, 123456789012);
    EXPECT_EQ(back->protocol.settings, R"({"exclusion":{"minCatchPassRate":0.75}})");
    EXPECT_FALSE(studies_.findStudyByName("Pilot"));
    EXPECT_TRUE(sameContent(*back, study));
}

TEST_F(StudyEditTest, InvalidUpdatesNameTheField)
{
    const auto id = addStudy("Pilot");
    addStudy("Main");
    const Study good = *studies_.findStudy(id);

    Study study = good;
    study.name = "Main";
    EXPECT_THAT(errorOf([&] { studies_.updateStudy(study); }), HasSubstr("'Main' already exists"));
    study = good;
    study.name.clear();
    EXPECT_THAT(errorOf([&] { studies_.updateStudy(study); }), HasSubstr("needs a name"));
    study = good;
    study.protocol.anchorLabels[2].clear();
    EXPECT_THAT(errorOf([&] { studies_.updateStudy(study); }), HasSubstr("anchor label 3 of 5 is empty"));
    study = good;
    study.protocol.breakEvery = -1;
    EXPECT_THAT(errorOf([&] { studies_.updateStudy(study); }), HasSubstr("break every must be 0 or more"));
    study = good;
    study.protocol.settings = "[1, 2]";
    EXPECT_THAT(errorOf([&] { studies_.updateStudy(study); }), HasSubstr("settings must be a JSON object"));
    study = good;
    study.protocol.settings = "{\"a\":";
    EXPECT_THAT(errorOf([&] { studies_.updateStudy(study); }), HasSubstr("settings are not valid JSON"));
    study = good;
    study.id = 999;
    EXPECT_THAT(errorOf([&] { studies_.updateStudy(study); }), HasSubstr("study 999"));

    const auto back = studies_.findStudy(id);
    EXPECT_EQ(back->name, "Pilot");
    EXPECT_EQ(back->protocol.anchorLabels[2], "Neutral");
    EXPECT_EQ(back->protocol.breakEvery, 0);
    EXPECT_EQ(back->protocol.settings, R"({"timeLimitS":30})");
}

TEST_F(StudyEditTest, ItemsAreUpdatedAndRemoved)
{
    const auto id = addStudy("Pilot");
    const auto a = addImage("a.png");
    const auto b = addImage("b.png");
    const auto first = addItem(id, a);
    const auto second = addItem(id, b);

    StudyItem item = *studies_.findItem(first);
    item.kind = ItemKind::Catch;
    item.catchMin = 0.0;
    item.catchMax = 0.1;
    item.instruction = "Move the slider fully to the left";
    studies_.updateItem(item);
    const auto back = studies_.findItem(first);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->kind, ItemKind::Catch);
    EXPECT_EQ(back->catchMin, 0.0);
    EXPECT_EQ(back->catchMax, 0.1);
    EXPECT_EQ(back->instruction, "Move the slider fully to the left");

    item.catchMin = 0.5;
    item.catchMax = 0.2;
    EXPECT_THAT(errorOf([&] { studies_.updateItem(item); }), HasSubstr("catch_min <= catch_max"));
    item.catchMax = 1.5;
    EXPECT_THAT(errorOf([&] { studies_.updateItem(item); }), HasSubstr("catch_max must lie in 0..1"));
    StudyItem clash = *studies_.findItem(second);
    clash.imageId = a;
    clash.kind = ItemKind::Catch;
    clash.catchMin = 0.9;
    clash.catchMax = 1.0;
    EXPECT_THAT(errorOf([&] { studies_.updateItem(clash); }), HasSubstr("already holds image"));
    EXPECT_THAT(errorOf([&] { addItem(id, b); }), HasSubstr("already holds image"));
    EXPECT_THAT(errorOf([&] { addItem(id, 4242); }), HasSubstr("image 4242 is not in the workspace"));

    studies_.removeItem(second);
    const auto left = studies_.items(id);
    ASSERT_EQ(left.size(), 1u);
    EXPECT_EQ(left[0].id, first);
    EXPECT_EQ(left[0].catchMax, 0.1);
    EXPECT_THAT(errorOf([&] { studies_.removeItem(second); }), HasSubstr("does not exist"));
}

TEST_F(StudyEditTest, RemovedStudyAndItemsComeBackUnderTheirIds)
{
    const auto id = addStudy("Pilot");
    const auto a = addImage("a.png");
    const auto b = addImage("b.png");
    addItem(id, a);
    addItem(id, b, ItemKind::Catch);
    const Study study = *studies_.findStudy(id);
    const auto items = studies_.items(id);

    studies_.removeStudy(id);
    EXPECT_FALSE(studies_.findStudy(id));
    EXPECT_EQ(rows("SELECT count(*) FROM study_items"), 0);

    studies_.restoreStudy(study, items);
    const auto back = studies_.findStudy(id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->name, "Pilot");
    EXPECT_EQ(back->createdAt, study.createdAt);
    EXPECT_TRUE(sameContent(*back, study));
    const auto backItems = studies_.items(id);
    ASSERT_EQ(backItems.size(), 2u);
    for (std::size_t i = 0; i < items.size(); ++i) {
        EXPECT_EQ(backItems[i].id, items[i].id);
        EXPECT_TRUE(sameContent(backItems[i], items[i]));
    }
    EXPECT_EQ(backItems[1].catchMin, 0.8);
    EXPECT_THAT(errorOf([&] { studies_.restoreStudy(study, {}); }), HasSubstr("already exists"));

    studies_.removeItem(items[0].id);
    studies_.restoreItems({items[0]});
    ASSERT_TRUE(studies_.findItem(items[0].id));
    EXPECT_EQ(studies_.findItem(items[0].id)->imageId, a);
}

TEST_F(StudyEditTest, DuplicateCopiesProtocolAndItems)
{
    const auto id = addStudy("Pilot");
    const auto a = addImage("a.png");
    const auto b = addImage("b.png");
    addItem(id, a);
    addItem(id, b, ItemKind::Catch);
    addAssignment(id, a);  // a locked study can still be copied

    const auto copyId = studies_.duplicateStudy(id, "Pilot (copy)");
    EXPECT_NE(copyId, id);
    const auto copy = studies_.findStudy(copyId);
    ASSERT_TRUE(copy);
    EXPECT_EQ(copy->name, "Pilot (copy)");
    EXPECT_EQ(copy->instructions, "Rate each image.");
    EXPECT_EQ(copy->protocol.repeats, 2);
    EXPECT_EQ(copy->protocol.seed, 77);
    EXPECT_EQ(copy->protocol.settings, R"({"timeLimitS":30})");
    EXPECT_EQ(studies_.assignmentCount(copyId), 0);
    const auto items = studies_.items(copyId);
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].imageId, a);
    EXPECT_EQ(items[1].imageId, b);
    EXPECT_EQ(items[1].kind, ItemKind::Catch);
    EXPECT_EQ(items[1].catchMin, 0.8);
    EXPECT_EQ(items[1].instruction, "Move the slider fully to the right");
    EXPECT_EQ(items[0].studyId, copyId);

    EXPECT_THAT(errorOf([&] { studies_.duplicateStudy(id, "Pilot"); }), HasSubstr("'Pilot' already exists"));
    EXPECT_EQ(rows("SELECT count(*) FROM studies"), 2);
    EXPECT_EQ(rows("SELECT count(*) FROM study_items"), 4);
}

TEST_F(StudyEditTest, AStudyWithAPlanOnlyAcceptsARename)
{
    const auto id = addStudy("Pilot");
    const auto a = addImage("a.png");
    const auto b = addImage("b.png");
    const auto itemId = addItem(id, a);
    EXPECT_EQ(studies_.assignmentCount(id), 0);
    addAssignment(id, a);
    EXPECT_EQ(studies_.assignmentCount(id), 1);

    const Study stored = *studies_.findStudy(id);
    Study study = stored;
    study.protocol.repeats = 9;
    EXPECT_THAT(errorOf([&] { studies_.updateStudy(study); }),
        HasSubstr("study 'Pilot' is locked (participant plans: 1), so its repeats cannot change"));
    study = stored;
    study.instructions = "New text";
    EXPECT_THAT(errorOf([&] { studies_.updateStudy(study); }), HasSubstr("its instructions cannot change"));
    study = stored;
    study.protocol.anchorLabels[0] = "Hate";
    EXPECT_THAT(errorOf([&] { studies_.updateStudy(study); }), HasSubstr("its anchor labels cannot change"));
    EXPECT_THAT(errorOf([&] { addItem(id, b); }), HasSubstr("locked"));
    StudyItem item = *studies_.findItem(itemId);
    item.kind = ItemKind::Practice;
    EXPECT_THAT(errorOf([&] { studies_.updateItem(item); }), HasSubstr("locked"));
    EXPECT_THAT(errorOf([&] { studies_.removeItem(itemId); }), HasSubstr("locked"));
    EXPECT_THAT(errorOf([&] { studies_.removeStudy(id); }), HasSubstr("locked"));

    const auto unchanged = studies_.findStudy(id);
    EXPECT_TRUE(sameContent(*unchanged, stored));
    EXPECT_EQ(rows("SELECT count(*) FROM study_items"), 1);
    EXPECT_EQ(studies_.findItem(itemId)->kind, ItemKind::Regular);

    study = stored;
    study.name = "Pilot (run 1)";
    studies_.updateStudy(study);
    EXPECT_EQ(studies_.findStudy(id)->name, "Pilot (run 1)");
}

TEST_F(StudyEditTest, AStudyThatAnswersReferToIsNotRemoved)
{
    const auto id = addStudy("Pilot");
    Person person;
    const auto personId = PeopleStore(db_).insert(person);
    db_.prepare("INSERT INTO sessions (person_id, study_id, started_at) VALUES (?1, ?2, '2026-01-01T00:00:00.000Z')")
        .bind(1, personId)
        .bind(2, id)
        .run();
    EXPECT_THAT(errorOf([&] { studies_.removeStudy(id); }), HasSubstr("1 sessions refer to it"));
    EXPECT_TRUE(studies_.findStudy(id));
}
