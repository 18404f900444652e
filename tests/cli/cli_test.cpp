// tastelab-cli as a user runs it: a real process, its output and its exit status.
#include "tests/test_support.h"

#include <gmock/gmock.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>

using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

struct Result {
    int status = -1;
    std::string output;  // stdout and stderr together
};

std::string quote(const std::string& arg)
{
    std::string out = "'";
    for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

Result run(const std::vector<std::string>& args)
{
    std::string command = quote(TASTELAB_CLI);
    for (const auto& arg : args) command += " " + quote(arg);
    command += " 2>&1";
    Result result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    std::array<char, 4096> buffer{};
    while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe)) result.output.append(buffer.data(), n);
    const int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

}  // namespace

TEST(Cli, VersionNamesEveryLibrary)
{
    const Result r = run({"--version"});
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("TasteLab"));
    EXPECT_THAT(r.output, ::testing::ContainsRegex("LibTorch +" TASTELAB_EXPECTED_TORCH));
    EXPECT_THAT(r.output, ::testing::ContainsRegex("CUDA +(not compiled in|compiled in, no GPU found|[0-9]+ GPU)"));
    EXPECT_THAT(r.output, ::testing::ContainsRegex("OpenCV +" TASTELAB_EXPECTED_OPENCV));
    EXPECT_THAT(r.output, ::testing::ContainsRegex("SQLite +" TASTELAB_EXPECTED_SQLITE));
    EXPECT_THAT(r.output, ::testing::Not(HasSubstr("Qt ")));  // the CLI has no Qt
}

TEST(Cli, HelpListsTheSubcommands)
{
    const Result r = run({"--help"});
    EXPECT_EQ(r.status, 0);
    EXPECT_THAT(r.output, ::testing::ContainsRegex("init +Create a new workspace"));
    EXPECT_THAT(r.output, ::testing::ContainsRegex("info +Show what a workspace holds"));
}

TEST(Cli, UsageErrorsExitWithTwo)
{
    EXPECT_EQ(run({}).status, 2);
    EXPECT_EQ(run({"frobnicate"}).status, 2);
    EXPECT_EQ(run({"info"}).status, 2);  // WORKSPACE is required
}

TEST(Cli, InitThenInfo)
{
    TempDir dir;
    const std::string root = (dir / "lab ws").string();
    const Result init = run({"init", root, "--name", "Lab study"});
    ASSERT_EQ(init.status, 0) << init.output;
    EXPECT_THAT(init.output, HasSubstr("Created workspace 'Lab study'"));

    const Result info = run({"info", root});
    ASSERT_EQ(info.status, 0) << info.output;
    EXPECT_THAT(info.output, ::testing::ContainsRegex("Workspace +Lab study"));
    EXPECT_THAT(info.output, HasSubstr("schema version"));
    EXPECT_THAT(info.output, ::testing::ContainsRegex("Library files +0"));
}

TEST(Cli, InitNamesTheWorkspaceAfterItsFolderByDefault)
{
    TempDir dir;
    ASSERT_EQ(run({"init", (dir / "portraits").string()}).status, 0);
    EXPECT_THAT(run({"info", (dir / "portraits").string()}).output, ::testing::ContainsRegex("Workspace +portraits"));
}

TEST(Cli, FailuresSayWhatAndExitWithOne)
{
    TempDir dir;
    const Result missing = run({"info", (dir / "absent").string()});
    EXPECT_EQ(missing.status, 1);
    EXPECT_THAT(missing.output, HasSubstr("error:"));
    EXPECT_THAT(missing.output, HasSubstr("absent"));

    ASSERT_EQ(run({"init", (dir / "w").string()}).status, 0);
    const Result again = run({"init", (dir / "w").string()});
    EXPECT_EQ(again.status, 1);
    EXPECT_THAT(again.output, HasSubstr("already holds a TasteLab workspace"));
}
