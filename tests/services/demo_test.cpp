// The demo workspace: everything it claims to create is in the database and on disk, the agents
// answer through the normal stores, and the same seed builds the same workspace.
#include "app/services/demo.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/people.h"
#include "tests/support/test_support.h"
#include "util/json.h"

#include <gmock/gmock.h>

#include <fstream>
#include <set>
#include <sstream>

using namespace tastelab;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

services::DemoOptions smallDemo()
{
    services::DemoOptions o;
    o.images = 24;
    o.prompts = 4;
    o.agents = 8;
    o.heldOut = 2;
    o.groups = 2;
    o.coreItems = 6;
    o.ratingsPerAgent = 12;
    o.ratingsPerNewPerson = 8;
    o.repeatsPerAgent = 3;
    o.comparisonsPerAgent = 4;
    o.imageSize = 64;
    return o;
}

std::int64_t count(storage::Database& db, const std::string& sql)
{
    auto s = db.prepare(sql);
    s.step();
    return s.columnInt(0);
}

}  // namespace

TEST(Demo, BuildsImagesAgentsAndAnswersThroughTheStores)
{
    TempDir dir;
    std::size_t lastDone = 0, lastTotal = 0;
    services::DemoOptions options = smallDemo();
    options.onProgress = [&](std::size_t done, std::size_t total) {
        lastDone = done;
        lastTotal = total;
    };
    const auto report = services::buildDemoWorkspace(dir / "demo", options);
    EXPECT_EQ(lastDone, lastTotal);
    EXPECT_EQ(lastTotal, 24u + 8u);
    EXPECT_EQ(report.images, 24);
    ASSERT_EQ(report.prompts.size(), 4u);
    EXPECT_EQ(report.ratings, 6 * (12 + 3) + 2 * (8 + 3));
    EXPECT_EQ(report.repeats, 8 * 3);
    EXPECT_EQ(report.comparisons, 8 * 4);

    auto workspace = services::Workspace::open(dir / "demo");
    auto& db = workspace.database();
    EXPECT_EQ(count(db, "SELECT count(*) FROM images WHERE origin = 'generated' AND generator = 'procedural-v2'"), 24);
    EXPECT_EQ(count(db, "SELECT count(*) FROM images WHERE parameters LIKE '%\"attributes\":{\"warmth\":%'"), 24);
    EXPECT_EQ(count(db, "SELECT count(*) FROM generations"), 24);
    EXPECT_EQ(count(db, "SELECT count(DISTINCT prompt) FROM images"), 4);
    EXPECT_EQ(count(db, "SELECT count(*) FROM people"), 8);
    EXPECT_EQ(count(db, "SELECT count(*) FROM ratings WHERE source = 'simulated'"), report.ratings);
    EXPECT_EQ(count(db, "SELECT count(*) FROM ratings WHERE is_repeat = 1"), 24);
    EXPECT_EQ(count(db, "SELECT count(*) FROM comparisons WHERE source = 'simulated'"), 32);
    EXPECT_EQ(count(db, "SELECT count(*) FROM sessions WHERE mode = 'simulated' AND status = 'completed'"), 8);
    auto marker = db.prepare("SELECT value FROM workspace_info WHERE key = 'demo'");
    ASSERT_TRUE(marker.step());
    EXPECT_EQ(marker.columnText(0), "procedural-v2");  // new demo workspaces are built in the second world

    // Every repeat is of an image the same person rated before, in the same session.
    EXPECT_EQ(count(db,
                  "SELECT count(*) FROM ratings r WHERE is_repeat = 1 AND NOT EXISTS (SELECT 1 FROM ratings f "
                  "WHERE f.person_id = r.person_id AND f.image_id = r.image_id AND f.is_repeat = 0 AND "
                  "f.trial_position < r.trial_position)"),
        0);
    for (const auto& image : storage::ImageStore(db).list()) {
        EXPECT_TRUE(std::filesystem::exists(workspace.libraryDir() / *image.libraryPath)) << image.sha256;
        EXPECT_EQ(image.width, 64);
    }

    std::ifstream in(report.agentsFile);
    std::stringstream text;
    text << in.rdbuf();
    const util::JsonValue agents = util::parseJson(text.str(), "agents.json");
    ASSERT_EQ(agents.find("agents")->asArray().size(), 8u);
    int heldOut = 0;
    for (const auto& agent : agents.find("agents")->asArray()) {
        heldOut += agent.find("held_out")->asBool();
        EXPECT_EQ(agent.find("weights")->asObject().size(), 9u);
        EXPECT_TRUE(storage::PeopleStore(db).findByPseudonym(agent.find("pseudonym")->asString()));
    }
    EXPECT_EQ(heldOut, 2);
}

TEST(Demo, TheSameSeedBuildsTheSameWorkspace)
{
    TempDir dir;
    services::buildDemoWorkspace(dir / "a", smallDemo());
    services::buildDemoWorkspace(dir / "b", smallDemo());
    auto a = services::Workspace::open(dir / "a");
    auto b = services::Workspace::open(dir / "b");
    auto fingerprint = [](storage::Database& db) {
        std::string text;
        auto s = db.prepare("SELECT i.sha256, r.value FROM ratings r JOIN images i ON i.id = r.image_id ORDER BY r.id");
        while (s.step()) text += s.columnText(0) + ":" + std::to_string(s.columnDouble(1)) + ";";
        return text;
    };
    EXPECT_EQ(fingerprint(a.database()), fingerprint(b.database()));
    services::DemoOptions other = smallDemo();
    other.seed = 8;
    services::buildDemoWorkspace(dir / "c", other);
    auto c = services::Workspace::open(dir / "c");
    EXPECT_NE(fingerprint(a.database()), fingerprint(c.database()));
}

TEST(Demo, RefusesBadOptionsAndExistingWorkspaces)
{
    TempDir dir;
    services::DemoOptions bad = smallDemo();
    bad.heldOut = bad.agents;
    EXPECT_THROW(services::buildDemoWorkspace(dir / "x", bad), std::invalid_argument);
    bad = smallDemo();
    bad.coreItems = 50;
    EXPECT_THROW(services::buildDemoWorkspace(dir / "y", bad), std::invalid_argument);
    services::buildDemoWorkspace(dir / "z", smallDemo());
    EXPECT_THROW(services::buildDemoWorkspace(dir / "z", smallDemo()), services::WorkspaceError);
}

TEST(Demo, PromptsAreDistinctAndUseTheLexicon)
{
    const auto prompts = services::demoPrompts(30, 7);
    ASSERT_EQ(prompts.size(), 30u);
    EXPECT_EQ(std::set<std::string>(prompts.begin(), prompts.end()).size(), 30u);
    EXPECT_EQ(prompts, services::demoPrompts(30, 7));
    for (const auto& prompt : prompts) EXPECT_THAT(prompt, ::testing::StartsWith("a "));
}
