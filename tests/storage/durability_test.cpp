// Durability under the worst conditions: a writer killed with SIGKILL at random moments, two
// processes writing at once, and damaged files that must be refused without being touched.
#include "storage/answers.h"
#include "storage/database.h"
#include "storage/images.h"
#include "storage/maintenance.h"
#include "storage/people.h"
#include "storage/sha256.h"
#include "storage/storage_error.h"
#include "tests/test_support.h"

#include <gmock/gmock.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <sstream>
#include <thread>

extern char** environ;

using namespace tastelab::storage;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

struct Child {
    pid_t pid = -1;
    int out = -1;  // read end of the child's stdout
};

Child spawnWriter(const std::filesystem::path& db, std::int64_t person, std::int64_t image, int count)
{
    int fds[2];
    if (pipe(fds) != 0) return {};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    const std::string dbArg = db.string(), personArg = std::to_string(person), imageArg = std::to_string(image),
                      countArg = std::to_string(count);
    char* argv[] = {const_cast<char*>(TASTELAB_ANSWER_WRITER), const_cast<char*>(dbArg.c_str()),
        const_cast<char*>(personArg.c_str()), const_cast<char*>(imageArg.c_str()), const_cast<char*>(countArg.c_str()),
        nullptr};
    Child child;
    const int rc = posix_spawn(&child.pid, TASTELAB_ANSWER_WRITER, &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        return {};
    }
    child.out = fds[0];
    return child;
}

// Reads until the child closes its stdout; returns the ids it acknowledged (complete lines only:
// a half-written line was never an acknowledgement).
std::vector<std::int64_t> readAcknowledged(int fd)
{
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
    close(fd);
    std::vector<std::int64_t> ids;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        ids.push_back(std::stoll(text.substr(start, end - start)));
    }
    return ids;
}

int waitExit(pid_t pid)
{
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

class DurabilityTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto db = Database::open(file_, Database::OpenMode::CreateIfMissing);
        person_ = PeopleStore(db).insert(Person{});
        ImageRecord image;
        image.sha256 = sha256Hex("stimulus");
        image.externalPath = "/nowhere/stimulus.png";
        image.width = image.height = 64;
        image.format = "png";
        image.byteSize = 1;
        image_ = ImageStore(db).insert(image);
    }

    std::set<std::int64_t> storedIds()
    {
        auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
        auto s = db.prepare("SELECT id FROM ratings");
        std::set<std::int64_t> ids;
        while (s.step()) ids.insert(s.columnInt(0));
        return ids;
    }

    TempDir dir_;
    std::filesystem::path file_ = dir_ / "answers.sqlite";
    std::int64_t person_ = 0;
    std::int64_t image_ = 0;
};

}  // namespace

TEST_F(DurabilityTest, EveryAcknowledgedAnswerSurvivesSigkill)
{
    std::mt19937 rng(20261123);
    std::uniform_int_distribution<int> delayMs(5, 150);
    std::size_t acknowledged = 0;
    constexpr int kTrials = 25;
    for (int trial = 0; trial < kTrials; ++trial) {
        Child child = spawnWriter(file_, person_, image_, 0);
        ASSERT_GT(child.pid, 0) << "cannot start " << TASTELAB_ANSWER_WRITER;
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs(rng)));
        kill(child.pid, SIGKILL);
        const auto acked = readAcknowledged(child.out);
        const int status = waitExit(child.pid);
        ASSERT_TRUE(WIFSIGNALED(status)) << "trial " << trial << ": the writer ended before it was killed";
        acknowledged += acked.size();
        const auto stored = storedIds();
        for (std::int64_t id : acked) {
            ASSERT_TRUE(stored.count(id)) << "trial " << trial << ": acknowledged answer " << id << " was lost";
        }
        auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
        const HealthReport health = checkDatabase(db);
        ASSERT_TRUE(health.ok) << "trial " << trial << ": " << ::testing::PrintToString(health.problems);
    }
    std::printf("[ figures  ] %d SIGKILL trials, %zu acknowledged answers, all present\n", kTrials, acknowledged);
    EXPECT_GT(acknowledged, 0u) << "the writer never got to write: the test proved nothing";
}

TEST_F(DurabilityTest, TwoProcessesWritingAtOnceLoseNothing)
{
    constexpr int kEach = 300;
    Child a = spawnWriter(file_, person_, image_, kEach);
    Child b = spawnWriter(file_, person_, image_, kEach);
    ASSERT_GT(a.pid, 0);
    ASSERT_GT(b.pid, 0);
    // Read both pipes concurrently so that neither writer blocks on a full pipe.
    std::vector<std::int64_t> idsA;
    std::thread readerA([&] { idsA = readAcknowledged(a.out); });
    const auto idsB = readAcknowledged(b.out);
    readerA.join();
    const int statusA = waitExit(a.pid);
    const int statusB = waitExit(b.pid);
    ASSERT_TRUE(WIFEXITED(statusA) && WEXITSTATUS(statusA) == 0) << "writer A reported an error";
    ASSERT_TRUE(WIFEXITED(statusB) && WEXITSTATUS(statusB) == 0) << "writer B reported an error";
    EXPECT_EQ(idsA.size(), std::size_t(kEach));
    EXPECT_EQ(idsB.size(), std::size_t(kEach));
    std::set<std::int64_t> all(idsA.begin(), idsA.end());
    all.insert(idsB.begin(), idsB.end());
    EXPECT_EQ(all.size(), std::size_t(2 * kEach)) << "the two writers were given the same id";
    EXPECT_EQ(storedIds(), all);
}

TEST_F(DurabilityTest, TruncatedDatabaseIsRefusedAndLeftUntouched)
{
    {
        auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
        AnswerStore answers(db);
        SliderRating r;
        r.personId = person_;
        r.imageId = image_;
        db.writeTransaction([&] {
            for (int i = 0; i < 3000; ++i) {
                r.value = i / 3000.0;
                answers.recordRating(r);
            }
        });
    }  // closing the last connection checkpoints the WAL into the main file
    auto bytes = tastelab::testing::readBytes(file_);
    ASSERT_GT(bytes.size(), 40000u);
    bytes.resize(bytes.size() / 2);
    tastelab::testing::writeBytes(file_, bytes);
    try {
        Database::open(file_, Database::OpenMode::ExistingOnly);
        FAIL() << "a truncated database was opened";
    } catch (const StorageError& e) {
        EXPECT_THAT(e.what(), HasSubstr("truncated"));
        EXPECT_THAT(e.what(), HasSubstr("answers.sqlite"));
    }
    EXPECT_EQ(tastelab::testing::readBytes(file_), bytes);
}

TEST_F(DurabilityTest, RandomBytesAreRefusedAndLeftUntouched)
{
    std::mt19937 rng(7);
    std::vector<std::uint8_t> noise(64 * 1024);
    for (auto& b : noise) b = static_cast<std::uint8_t>(rng());
    const auto file = dir_ / "noise.sqlite";
    tastelab::testing::writeBytes(file, noise);
    EXPECT_THROW(Database::open(file, Database::OpenMode::ExistingOnly), StorageError);
    EXPECT_EQ(tastelab::testing::readBytes(file), noise);

    // Random bytes behind a valid SQLite header: refused as damaged or as not ours.
    auto disguised = tastelab::testing::readBytes(file_);
    std::copy(noise.begin(), noise.begin() + std::min(noise.size(), disguised.size() - 100), disguised.begin() + 100);
    const auto fake = dir_ / "disguised.sqlite";
    tastelab::testing::writeBytes(fake, disguised);
    EXPECT_THROW(Database::open(fake, Database::OpenMode::ExistingOnly), StorageError);
    EXPECT_EQ(tastelab::testing::readBytes(fake), disguised);
}

TEST_F(DurabilityTest, BackupIsAConsistentStandaloneCopy)
{
    auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
    AnswerStore answers(db);
    SliderRating r;
    r.personId = person_;
    r.imageId = image_;
    r.value = 0.5;
    answers.recordRating(r);
    const auto backup = dir_ / "backup.sqlite";
    backupDatabase(db, backup);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "backup.sqlite-wal"));
    EXPECT_THAT([&] { backupDatabase(db, backup); }, ::testing::Throws<StorageError>());
    auto copy = Database::open(backup, Database::OpenMode::ExistingOnly);
    EXPECT_EQ(AnswerStore(copy).counts().ratings, 1);
    EXPECT_TRUE(checkDatabase(copy).ok);
}
