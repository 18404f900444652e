// Workspaces: created with their folders and facts, reopened, and refused where they would mix or
// overwrite something.
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/people.h"
#include "tests/support/test_support.h"

#include <gmock/gmock.h>

using tastelab::services::Workspace;
using tastelab::services::WorkspaceError;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

std::string errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const WorkspaceError& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected a WorkspaceError";
    return {};
}

}  // namespace

TEST(Workspace, CreateMakesTheLayoutAndRecordsItsFacts)
{
    TempDir dir;
    const fs::path root = dir / "studio";
    {
        auto workspace = Workspace::create(root, "Anna's taste");
        EXPECT_TRUE(fs::is_regular_file(root / "tastelab.sqlite"));
        for (const char* sub : {"library", "models", "exports"}) EXPECT_TRUE(fs::is_directory(root / sub)) << sub;
        EXPECT_EQ(workspace.name(), "Anna's taste");
    }
    auto reopened = Workspace::open(root);
    const auto summary = reopened.summary();
    EXPECT_EQ(summary.name, "Anna's taste");
    EXPECT_EQ(summary.createdBy, std::string("TasteLab ") + TASTELAB_EXPECTED_VERSION);
    EXPECT_THAT(summary.createdAt, ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"));
    EXPECT_GT(summary.databaseBytes, 0u);
    EXPECT_EQ(summary.libraryFiles, 0u);
}

TEST(Workspace, SummaryCountsLibraryAndModelFiles)
{
    TempDir dir;
    auto workspace = Workspace::create(dir / "w", "w");
    tastelab::testing::writeBytes(workspace.libraryDir() / "a.png", {1});
    fs::create_directories(workspace.libraryDir() / "ab");
    tastelab::testing::writeBytes(workspace.libraryDir() / "ab" / "b.png", {2});
    tastelab::testing::writeBytes(workspace.modelsDir() / "m.pt", {3});
    const auto summary = workspace.summary();
    EXPECT_EQ(summary.libraryFiles, 2u);
    EXPECT_EQ(summary.modelFiles, 1u);
}

TEST(Workspace, CreateUsesAnEmptyExistingFolder)
{
    TempDir dir;
    fs::create_directories(dir / "empty");
    EXPECT_NO_THROW(Workspace::create(dir / "empty", "e"));
}

TEST(Workspace, CreateRefusesAFolderWithOtherFiles)
{
    TempDir dir;
    fs::create_directories(dir / "busy");
    tastelab::testing::writeBytes(dir / "busy" / "thesis.txt", {'x'});
    EXPECT_THAT(errorOf([&] { Workspace::create(dir / "busy", "b"); }), HasSubstr("not empty"));
    EXPECT_FALSE(fs::exists(dir / "busy" / "tastelab.sqlite"));
}

TEST(Workspace, CreateRefusesAnExistingWorkspace)
{
    TempDir dir;
    Workspace::create(dir / "w", "first");
    EXPECT_THAT(errorOf([&] { Workspace::create(dir / "w", "second"); }), HasSubstr("already holds"));
    EXPECT_EQ(Workspace::open(dir / "w").name(), "first");
}

TEST(Workspace, CreateNeedsAName)
{
    TempDir dir;
    EXPECT_THAT(errorOf([&] { Workspace::create(dir / "w", ""); }), HasSubstr("name"));
}

TEST(Workspace, OpenExplainsWhatIsWrong)
{
    TempDir dir;
    EXPECT_THAT(errorOf([&] { Workspace::open(dir / "nowhere"); }), HasSubstr("does not exist"));
    fs::create_directories(dir / "plain");
    EXPECT_THAT(errorOf([&] { Workspace::open(dir / "plain"); }), HasSubstr("no tastelab.sqlite"));
    fs::create_directories(dir / "broken");
    tastelab::testing::writeBytes(dir / "broken" / "tastelab.sqlite", std::vector<std::uint8_t>(100, 'z'));
    const std::string message = errorOf([&] { Workspace::open(dir / "broken"); });
    EXPECT_THAT(message, HasSubstr("broken"));
    EXPECT_THAT(message, HasSubstr("not a TasteLab database"));
}

TEST(Workspace, SummaryCountsWhatTheDatabaseHolds)
{
    TempDir dir;
    auto workspace = Workspace::create(dir / "w", "w");
    auto& db = workspace.database();
    tastelab::storage::ImageRecord image;
    image.sha256 = std::string(64, 'a');
    image.externalPath = "/x.png";
    image.width = image.height = 4;
    image.format = "png";
    image.byteSize = 10;
    const auto imageId = tastelab::storage::ImageStore(db).insert(image);
    const auto personId = tastelab::storage::PeopleStore(db).insert({});
    tastelab::storage::SliderRating rating;
    rating.personId = personId;
    rating.imageId = imageId;
    rating.value = 0.5;
    tastelab::storage::AnswerStore(db).recordRating(rating);
    tastelab::storage::AnswerStore(db).recordRating(rating);
    const auto summary = workspace.summary();
    EXPECT_EQ(summary.images, 1);
    EXPECT_EQ(summary.people, 1);
    EXPECT_EQ(summary.studies, 0);
    EXPECT_EQ(summary.ratings, 2);
    EXPECT_EQ(summary.comparisons, 0);
}
