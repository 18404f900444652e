// Demo worlds by version: a workspace built by the first world (procedural-v1) still names it, evaluates as before
// and gets the collaborative-filtering baselines and the answer-space cold start like any workspace; the cold start
// gains with the answers it is given.
#include "app/services/demo.h"
#include "app/services/reward/evaluation.h"
#include "app/services/workspace.h"
#include "tests/support/demo_support.h"
#include "tests/support/test_support.h"
#include "util/json.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace tastelab;
using tastelab::testing::TempDir;

namespace {

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST(DemoWorld, AWorkspaceOfTheFirstWorldKeepsItAndEvaluatesWithTheNewBaselines)
{
    TempDir dir;
    services::DemoOptions options = tastelab::testing::smallDemoOptions();
    options.worldVersion = 1;
    const auto report = services::buildDemoWorkspace(dir / "v1", options);
    EXPECT_EQ(report.world, "procedural-v1");
    auto workspace = services::Workspace::open(dir / "v1");
    EXPECT_EQ(services::demoWorldVersion(workspace), 1);
    auto s = workspace.database().prepare("SELECT count(*) FROM images WHERE generator = 'procedural-v1'");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.columnInt(0), options.images);
    EXPECT_EQ(util::parseJson(readFile(report.agentsFile)).find("generator")->asString(), "procedural-v1");

    services::EvaluationOptions eval;
    eval.train.epochs = 6;
    eval.train.device = "cpu";
    eval.nRefs = {1, 16};
    eval.primaryNRef = 16;
    eval.repetitions = 2;
    const auto result = services::evaluateRewardModel(workspace, eval);
    for (const char* method : {"TasteLab (hierarchical)", "TasteLab (mixture fit)", "TasteLab (posterior)",
             "TasteLab (linear taste)", "TasteLab (linear taste, groups)", "CF item k-NN", "CF MF fold-in"}) {
        for (int n : {1, 16}) {
            const auto* row = result.find("held-out", "all", method, n);
            ASSERT_NE(row, nullptr) << method << " " << n;
            EXPECT_GT(row->pairs, 0) << method << " " << n;
        }
    }
    // The cold start (the hierarchical fit, what the demo reports) uses every answer: 16 answers say much more
    // about a new person than one, and more than the prototype mixture alone can take in.
    const double hierarchical16 = result.find("held-out", "all", "TasteLab (hierarchical)", 16)->pairwise;
    EXPECT_GT(hierarchical16, result.find("held-out", "all", "TasteLab (hierarchical)", 1)->pairwise + 0.03);
    EXPECT_GT(hierarchical16, result.find("held-out", "all", "TasteLab (mixture fit)", 16)->pairwise);
    // The cold start the demo reports (artist mode's linear taste model, taste groups in its prior) gains with the
    // answers too, and from 16 answers it is ahead of the population model; for seen raters (all their answers) the
    // linear taste model is ahead of the population model.
    const double linear16 = result.find("held-out", "all", "TasteLab (linear taste, groups)", 16)->pairwise;
    EXPECT_GT(linear16, result.find("held-out", "all", "TasteLab (linear taste, groups)", 1)->pairwise + 0.03);
    EXPECT_GT(linear16, result.find("held-out", "all", "Population model", 16)->pairwise);
    const auto* seen = result.find("seen", "new", "TasteLab (linear taste)", 0);
    ASSERT_NE(seen, nullptr);
    EXPECT_GT(seen->pairwise, result.find("seen", "new", "Population model", 0)->pairwise);
    // The collaborative filters learn something from the other raters' answers.
    EXPECT_GT(result.find("held-out", "all", "CF MF fold-in", 16)->pairwise, 0.55);
    EXPECT_NE(result.toText().find("CF item k-NN"), std::string::npos);
    EXPECT_NE(result.toJson().find("\"CF MF fold-in\""), std::string::npos);
}

TEST(DemoWorld, NewDemoWorkspacesUseTheSecondWorldAndOtherWorkspacesHaveNone)
{
    TempDir dir;
    services::DemoOptions options = tastelab::testing::smallDemoOptions();
    options.images = 24;
    options.prompts = 4;
    options.agents = 4;
    options.heldOut = 1;
    options.coreItems = 4;
    options.ratingsPerAgent = 8;
    options.ratingsPerNewPerson = 8;
    options.repeatsPerAgent = 2;
    options.comparisonsPerAgent = 2;
    const auto report = services::buildDemoWorkspace(dir / "v2", options);
    EXPECT_EQ(report.world, "procedural-v2");
    auto workspace = services::Workspace::open(dir / "v2");
    EXPECT_EQ(services::demoWorldVersion(workspace), 2);
    auto plain = services::Workspace::create(dir / "plain", "plain");
    EXPECT_THROW(services::demoWorldVersion(plain), std::invalid_argument);
    options.worldVersion = 3;
    EXPECT_THROW(services::buildDemoWorkspace(dir / "v3", options), std::invalid_argument);
}
