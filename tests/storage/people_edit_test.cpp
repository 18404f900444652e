// Editing people: bulk creation with consecutive pseudonyms, updates of demographics, activity
// counts, and deletion that refuses anyone with data.
#include "storage/answers.h"
#include "storage/database.h"
#include "storage/images.h"
#include "storage/people.h"
#include "storage/sessions.h"
#include "storage/storage_error.h"
#include "storage/studies.h"
#include "tests/support/test_support.h"
#include "util/sha256.h"

#include <gmock/gmock.h>

using namespace tastelab::storage;
using tastelab::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

class PeopleEditTest : public ::testing::Test {
protected:
    std::int64_t addImage(const std::string& name)
    {
        ImageRecord image;
        image.sha256 = tastelab::util::sha256Hex(name);
        image.libraryPath = image.sha256.substr(0, 2) + "/" + image.sha256 + ".png";
        image.width = 64;
        image.height = 64;
        image.format = "png";
        image.byteSize = 100;
        return ImageStore(db_).insert(image);
    }
    std::int64_t rate(
        std::int64_t personId, std::int64_t imageId, double value, std::optional<std::int64_t> revises = std::nullopt)
    {
        SliderRating rating;
        rating.personId = personId;
        rating.imageId = imageId;
        rating.value = value;
        rating.revisesId = revises;
        return AnswerStore(db_).recordRating(rating);
    }
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

    TempDir dir_;
    Database db_ = Database::open(dir_ / "w.sqlite", Database::OpenMode::CreateIfMissing);
    PeopleStore people_{db_};
};

TEST_F(PeopleEditTest, CreatesConsecutivePseudonymsAfterTheHighestInUse)
{
    Person existing;
    existing.pseudonym = "P0007";
    people_.insert(existing);
    Person other;
    other.pseudonym = "PX12";  // not "P" followed by digits only: does not count
    people_.insert(other);

    const auto created = people_.createParticipants(3, "P", PersonRole::Artist);
    EXPECT_THAT(created, ElementsAre("P0008", "P0009", "P0010"));
    EXPECT_EQ(people_.count(), 5);
    for (const std::string& pseudonym : created) {
        const auto person = people_.findByPseudonym(pseudonym);
        ASSERT_TRUE(person) << pseudonym;
        EXPECT_EQ(person->role, PersonRole::Artist);
        EXPECT_FALSE(person->createdAt.empty());
    }

    EXPECT_THAT(people_.createParticipants(2, "Lab-"), ElementsAre("Lab-0001", "Lab-0002"));
    EXPECT_EQ(people_.findByPseudonym("Lab-0001")->role, PersonRole::Participant);
}

TEST_F(PeopleEditTest, RefusesBadCountsAndPrefixesWithoutCreatingAnyone)
{
    EXPECT_THAT(errorOf([&] { people_.createParticipants(0, "P"); }), HasSubstr("1..10000"));
    EXPECT_THAT(errorOf([&] { people_.createParticipants(10001, "P"); }), HasSubstr("10001"));
    EXPECT_THAT(errorOf([&] { people_.createParticipants(2, ""); }), HasSubstr("prefix"));
    EXPECT_THAT(errorOf([&] { people_.createParticipants(2, "  "); }), HasSubstr("prefix"));
    EXPECT_THAT(errorOf([&] { people_.createParticipants(2, " P"); }), HasSubstr("' P'"));
    EXPECT_EQ(people_.count(), 0);
}

TEST_F(PeopleEditTest, BulkCreationIsOneTransaction)
{
    // "Q0002" exists already, so the second of two new "Q" people would clash if numbering ignored it;
    // numbering continues after it instead, and a clash in insertAll rolls the whole batch back.
    Person taken;
    taken.pseudonym = "Q0002";
    people_.insert(taken);
    EXPECT_THAT(people_.createParticipants(2, "Q"), ElementsAre("Q0003", "Q0004"));

    Person a;
    a.pseudonym = "R0001";
    Person clash;
    clash.pseudonym = "Q0003";
    EXPECT_THAT(errorOf([&] { people_.insertAll({a, clash}); }), HasSubstr("'Q0003' is already taken"));
    EXPECT_FALSE(people_.findByPseudonym("R0001"));
    EXPECT_EQ(people_.count(), 3);
}

TEST_F(PeopleEditTest, UpdateStoresDemographicsAndDisplayName)
{
    const std::int64_t id = people_.insert(Person{});
    Person edited = *people_.findById(id);
    edited.displayName = "Ada";
    edited.ageRange = "25-34";
    edited.gender = "female";
    edited.artExperience = "professional";
    edited.role = PersonRole::Admin;
    people_.update(edited);

    const Person stored = *people_.findById(id);
    EXPECT_EQ(stored.displayName, std::optional<std::string>("Ada"));
    EXPECT_EQ(stored.ageRange, std::optional<std::string>("25-34"));
    EXPECT_EQ(stored.gender, std::optional<std::string>("female"));
    EXPECT_EQ(stored.artExperience, std::optional<std::string>("professional"));
    EXPECT_EQ(stored.role, PersonRole::Admin);
    EXPECT_EQ(stored.pseudonym, "P0001");

    edited.gender.reset();
    people_.update(edited);
    EXPECT_FALSE(people_.findById(id)->gender);
}

TEST_F(PeopleEditTest, UpdateRefusesMissingPeopleAndTakenPseudonyms)
{
    const std::int64_t first = people_.insert(Person{});
    people_.insert(Person{});
    Person ghost;
    ghost.id = 999;
    ghost.pseudonym = "P0999";
    EXPECT_THAT(errorOf([&] { people_.update(ghost); }), HasSubstr("person 999"));

    Person renamed = *people_.findById(first);
    renamed.pseudonym = "P0002";
    EXPECT_THAT(errorOf([&] { people_.update(renamed); }), HasSubstr("'P0002' is already taken"));
    EXPECT_EQ(people_.findById(first)->pseudonym, "P0001");
}

TEST_F(PeopleEditTest, ActivityCountsCurrentAnswersAndStudies)
{
    const std::int64_t ada = people_.insert(Person{});
    const std::int64_t bob = people_.insert(Person{});
    const std::int64_t idle = people_.insert(Person{});
    const std::int64_t image = addImage("a");
    const std::int64_t other = addImage("b");
    const std::int64_t first = rate(ada, image, 0.2);
    rate(ada, image, 0.4, first);  // a revision replaces the first answer: still one rating
    rate(ada, other, 0.9);
    PairwiseChoice choice;
    choice.personId = bob;
    choice.leftImageId = image;
    choice.rightImageId = other;
    AnswerStore(db_).recordComparison(choice);

    StudyStore studies(db_);
    Study pilot;
    pilot.name = "Pilot";
    const std::int64_t pilotId = studies.createStudy(pilot);
    Study main;
    main.name = "Main";
    const std::int64_t mainId = studies.createStudy(main);
    Assignment plan;
    plan.studyId = mainId;
    plan.personId = ada;
    studies.createAssignment(plan);
    plan.studyId = pilotId;
    studies.createAssignment(plan);

    const PersonActivity adaActivity = people_.activity(ada);
    EXPECT_EQ(adaActivity.ratings, 2);
    EXPECT_EQ(adaActivity.comparisons, 0);
    EXPECT_THAT(adaActivity.studies, ElementsAre("Pilot", "Main"));  // in study order
    EXPECT_EQ(people_.activity(bob).comparisons, 1);
    EXPECT_TRUE(people_.activity(idle).empty());

    const auto all = people_.activityByPerson();
    EXPECT_EQ(all.size(), 2u);
    EXPECT_EQ(all.count(idle), 0u);
    EXPECT_EQ(all.at(ada).ratings, 2);
    EXPECT_EQ(all.at(bob).comparisons, 1);
}

TEST_F(PeopleEditTest, RemoveDeletesOnlyPeopleWithoutData)
{
    const std::int64_t rater = people_.insert(Person{});
    const std::int64_t fresh = people_.insert(Person{});
    const std::int64_t inSession = people_.insert(Person{});
    const std::int64_t ratingId = rate(rater, addImage("x"), 0.7);
    Session session;
    session.personId = inSession;
    SessionStore(db_).start(session);

    const std::string refusal = errorOf([&] { people_.remove(rater); });
    EXPECT_THAT(refusal, HasSubstr("'P0001'"));
    EXPECT_THAT(refusal, HasSubstr("1 rating"));
    ASSERT_TRUE(AnswerStore(db_).rating(ratingId));
    EXPECT_DOUBLE_EQ(AnswerStore(db_).rating(ratingId)->value, 0.7);
    EXPECT_THAT(errorOf([&] { people_.remove(inSession); }), HasSubstr("1 session"));

    people_.remove(fresh);
    EXPECT_FALSE(people_.findById(fresh));
    EXPECT_THAT(errorOf([&] { people_.remove(fresh); }), HasSubstr("no such person"));
}

TEST_F(PeopleEditTest, RemoveAllIsAllOrNothing)
{
    const auto created = people_.createParticipants(3, "P");
    std::vector<std::int64_t> ids;
    for (const auto& pseudonym : created) ids.push_back(people_.findByPseudonym(pseudonym)->id);
    rate(ids[2], addImage("y"), 0.5);

    EXPECT_THAT(errorOf([&] { people_.removeAll(ids); }), HasSubstr("'P0003'"));
    EXPECT_EQ(people_.count(), 3);

    ids.pop_back();
    people_.removeAll(ids);
    EXPECT_EQ(people_.count(), 1);
    EXPECT_TRUE(people_.findByPseudonym("P0003"));
}

}  // namespace
