// Every write path of a workspace survives SIGKILL at any moment: answers, image imports (copied and
// linked), rating imports, generation, training checkpoints and steering runs. A helper process performs
// one path through the real services again and again and acknowledges each write once the call returned;
// it is killed at a random moment; then every acknowledged write must be there, whole, and the workspace
// must open and pass SQLite's integrity check, 100 times over.
#include "app/services/workspace.h"
#include "storage/maintenance.h"
#include "tests/support/child_process.h"
#include "tests/support/demo_support.h"
#include "tests/support/test_support.h"
#include "util/sha256.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace tastelab;
using tastelab::testing::TempDir;

using Child = tastelab::testing::ChildProcess;
using tastelab::testing::readLine;

Child spawnWriter(const std::filesystem::path& root, const std::string& mode, std::uint64_t seed)
{
    return tastelab::testing::spawnWithOutputPipe(
        TASTELAB_WRITE_PATHS_WRITER, {root.string(), mode, std::to_string(seed)});
}

// Complete lines only: a half-written line was never an acknowledgement.
std::vector<std::string> readLines(int fd)
{
    return tastelab::testing::readCompleteLines(fd);
}

std::int64_t count(storage::Database& db, const std::string& sql, std::int64_t value)
{
    auto s = db.prepare(sql);
    s.bind(1, value);
    s.step();
    return s.columnInt(0);
}

class WritePathsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        dir_ = new TempDir;
        // A small trained demo: people, images, answers and a reward model to train further and steer with.
        tastelab::testing::buildSmallDemo(root(), 2);
    }
    static void TearDownTestSuite()
    {
        delete dir_;
        dir_ = nullptr;
    }
    static std::filesystem::path root() { return *dir_ / "workspace"; }

    // Checks one acknowledged write; returns a message naming what is missing, or "".
    static std::string verify(services::Workspace& workspace, const std::string& line)
    {
        auto& db = workspace.database();
        std::istringstream in(line);
        std::string kind;
        std::int64_t id = 0;
        in >> kind >> id;
        if (kind == "rating" && count(db, "SELECT count(*) FROM ratings WHERE id = ?1", id) == 1) return "";
        if (kind == "comparison" && count(db, "SELECT count(*) FROM comparisons WHERE id = ?1", id) == 1) return "";
        if (kind == "ratings"
            && count(db, "SELECT count(*) FROM ratings WHERE response_ms BETWEEN ?1 * 10 AND ?1 * 10 + 4", id) == 5)
            return "";
        if (kind == "checkpoint") {
            auto s = db.prepare("SELECT path FROM model_checkpoints WHERE id = ?1");
            s.bind(1, id);
            if (s.step() && std::filesystem::file_size(workspace.modelsDir() / s.columnText(0)) > 0) return "";
        }
        if (kind == "steer"
            && count(db,
                   "SELECT count(*) FROM steering_runs WHERE id = ?1 AND status = 'finished' AND output_image_id IS "
                   "NOT NULL",
                   id)
                == 1)
            return "";
        if (kind == "image") {
            auto s = db.prepare("SELECT sha256, library_path, external_path FROM images WHERE id = ?1");
            s.bind(1, id);
            if (s.step()) {
                const auto file =
                    s.isNull(1) ? std::filesystem::path(s.columnText(2)) : workspace.libraryDir() / s.columnText(1);
                std::error_code ec;
                if (std::filesystem::is_regular_file(file, ec) && util::sha256FileHex(file) == s.columnText(0))
                    return "";
                return line + ": its file is missing or has other bytes";
            }
        }
        return line + ": not stored";
    }

    // What must hold whatever was acknowledged: imports are all or nothing, copied images have their
    // files, checkpoints their files, generated images their generation records.
    static std::vector<std::string> invariants(services::Workspace& workspace)
    {
        std::vector<std::string> problems;
        auto& db = workspace.database();
        auto batches = db.prepare("SELECT response_ms / 10, count(*) FROM ratings WHERE source = 'import' "
                                  "GROUP BY response_ms / 10 HAVING count(*) <> 5");
        while (batches.step()) problems.push_back("rating import " + batches.columnText(0) + " is half stored");
        auto images = db.prepare("SELECT id, library_path FROM images WHERE library_path IS NOT NULL");
        while (images.step()) {
            std::error_code ec;
            if (!std::filesystem::is_regular_file(workspace.libraryDir() / images.columnText(1), ec))
                problems.push_back("image " + images.columnText(0) + " has no library file");
        }
        auto checkpoints = db.prepare("SELECT id, path FROM model_checkpoints");
        while (checkpoints.step()) {
            std::error_code ec;
            if (!std::filesystem::is_regular_file(workspace.modelsDir() / checkpoints.columnText(1), ec))
                problems.push_back("checkpoint " + checkpoints.columnText(0) + " has no file");
        }
        auto generated = db.prepare("SELECT count(*) FROM images i WHERE origin = 'generated' AND NOT EXISTS "
                                    "(SELECT 1 FROM generations g WHERE g.image_id = i.id)");
        if (generated.step() && generated.columnInt(0) > 0)
            problems.push_back(generated.columnText(0) + " generated image(s) without a generation record");
        return problems;
    }

    static TempDir* dir_;
};

TempDir* WritePathsTest::dir_ = nullptr;

}  // namespace

TEST_F(WritePathsTest, EveryAcknowledgedWriteSurvivesSigkillOnEveryPath)
{
    struct Path {
        const char* mode;
        int minDelayMs, maxDelayMs;  // when to kill, after the first acknowledged write
    };
    const std::vector<Path> paths = {{"answers", 1, 100}, {"import", 1, 300}, {"link-import", 1, 300},
        {"ratings", 1, 200}, {"generate", 1, 300}, {"train", 1, 1500}, {"steer", 1, 1500}};
    constexpr int kTrials = 100;
    std::mt19937 rng(20261206);
    std::map<std::string, std::size_t> acknowledged;
    std::map<std::string, int> trials;
    for (int trial = 0; trial < kTrials; ++trial) {
        const Path& path = paths[static_cast<std::size_t>(trial) % paths.size()];
        Child child = spawnWriter(root(), path.mode, static_cast<std::uint64_t>(trial) + 1);
        ASSERT_GT(child.pid, 0) << "cannot start " << TASTELAB_WRITE_PATHS_WRITER;
        // The random moment to kill falls after the first acknowledged write (LibTorch takes a while to load, and
        // a training run longer than any fixed delay on a loaded machine), among the writes that follow it.
        ASSERT_EQ(readLine(child.out), std::optional<std::string>("ready"))
            << "trial " << trial << " (" << path.mode << "): the writer failed to start";
        const auto first = readLine(child.out);
        ASSERT_TRUE(first.has_value()) << "trial " << trial << " (" << path.mode << "): the writer failed to write";
        std::uniform_int_distribution<int> delay(path.minDelayMs, path.maxDelayMs);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay(rng)));
        kill(child.pid, SIGKILL);
        auto lines = readLines(child.out);
        lines.insert(lines.begin(), *first);
        int status = 0;
        waitpid(child.pid, &status, 0);
        ASSERT_TRUE(WIFSIGNALED(status)) << "trial " << trial << " (" << path.mode
                                         << "): the writer ended before it was killed (it failed: see its stderr)";
        ++trials[path.mode];
        acknowledged[path.mode] += lines.size();

        auto workspace = services::Workspace::open(root());
        for (const auto& line : lines) {
            const std::string problem = verify(workspace, line);
            ASSERT_EQ(problem, "") << "trial " << trial << " (" << path.mode << ")";
        }
        const auto problems = invariants(workspace);
        ASSERT_TRUE(problems.empty()) << "trial " << trial << " (" << path.mode
                                      << "): " << ::testing::PrintToString(problems);
        const auto health = storage::checkDatabase(workspace.database());
        ASSERT_TRUE(health.ok) << "trial " << trial << ": " << ::testing::PrintToString(health.problems);
    }
    for (const auto& [mode, n] : trials) {
        std::printf("[ figures  ] %-12s %3d SIGKILL trials, %4zu acknowledged writes, all present\n", mode.c_str(), n,
            acknowledged[mode]);
        EXPECT_GT(acknowledged[mode], 0u) << mode << ": the writer never got to write; the trials proved nothing";
    }
}
