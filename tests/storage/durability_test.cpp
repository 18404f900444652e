// Durability under the worst conditions: a writer killed with SIGKILL at random moments, two
// processes writing at once, and damaged files that must be refused without being touched.
#include "storage/answers.h"
#include "storage/database.h"
#include "storage/images.h"
#include "storage/maintenance.h"
#include "storage/people.h"
#include "storage/storage_error.h"
#include "tests/support/child_process.h"
#include "tests/support/test_support.h"
#include "util/atomic_file.h"
#include "util/sha256.h"

#include <gmock/gmock.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>

using namespace tastelab::storage;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

using Child = tastelab::testing::ChildProcess;
using tastelab::testing::waitExit;

Child spawnHelper(const std::vector<std::string>& args)
{
    return tastelab::testing::spawnWithOutputPipe(TASTELAB_ANSWER_WRITER, args);
}

Child spawnWriter(const std::filesystem::path& db, std::int64_t person, std::int64_t image, int count,
    const std::vector<std::string>& extra = {})
{
    std::vector<std::string> args{db.string(), std::to_string(person), std::to_string(image), std::to_string(count)};
    args.insert(args.end(), extra.begin(), extra.end());
    return spawnHelper(args);
}

// Reads lines until the child prints "done" (or closes its stdout); returns the ids before it.
std::vector<std::int64_t> readUntilDone(int fd, bool& sawDone)
{
    std::vector<std::int64_t> ids;
    sawDone = false;
    while (const auto line = tastelab::testing::readLine(fd)) {
        if (*line == "done") {
            sawDone = true;
            break;
        }
        ids.push_back(std::stoll(*line));
    }
    return ids;
}

// Reads until the child closes its stdout; returns the ids it acknowledged (complete lines only:
// a half-written line was never an acknowledgement).
std::vector<std::int64_t> readAcknowledged(int fd)
{
    std::vector<std::int64_t> ids;
    for (const auto& line : tastelab::testing::readCompleteLines(fd)) ids.push_back(std::stoll(line));
    return ids;
}

class DurabilityTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto db = Database::open(file_, Database::OpenMode::CreateIfMissing);
        person_ = PeopleStore(db).insert(Person{});
        ImageRecord image;
        image.sha256 = tastelab::util::sha256Hex("stimulus");
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
    constexpr int kTrials = 100;
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

// The GUI keeps connections open in several threads while tastelab-cli opens and closes the same
// workspace beside it. A second connection of the writer's process used to be opened after reading the
// file's header with an ifstream, whose close dropped the process's POSIX locks; the next outside
// process to close the database then checkpointed and deleted the WAL under the writer, and every answer
// written after that was acknowledged but lost (200 acknowledged, 52 stored in the audit).
TEST_F(DurabilityTest, SecondConnectionsAndOutsideReadersLoseNothing)
{
    constexpr int kAnswers = 200;
    Child writer = spawnWriter(file_, person_, image_, kAnswers, {"--reopen-every", "5", "--pause-ms", "4", "--hold"});
    ASSERT_GT(writer.pid, 0) << "cannot start " << TASTELAB_ANSWER_WRITER;
    std::vector<std::int64_t> acked;
    bool done = false;
    std::thread reader([&] { acked = readUntilDone(writer.out, done); });
    // Outside processes open and close the database while the writer writes, as `tastelab-cli info` does.
    int outsideRuns = 0;
    std::atomic<bool> stop{false};
    std::thread outside([&] {
        while (!stop || outsideRuns < 8) {
            Child info = spawnHelper({"--open-close", file_.string(), "1"});
            if (info.pid <= 0) break;
            readAcknowledged(info.out);
            waitExit(info.pid);
            ++outsideRuns;
        }
    });
    reader.join();
    stop = true;
    outside.join();
    ASSERT_TRUE(done) << "the writer stopped before it had written " << kAnswers << " answers";
    ASSERT_EQ(acked.size(), std::size_t(kAnswers));

    // Every other reader sees every acknowledged answer while the writer is still alive...
    Child info = spawnHelper({"--open-close", file_.string(), "1"});
    const auto seen = readAcknowledged(info.out);
    waitExit(info.pid);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen.front(), kAnswers) << "an outside reader does not see the writer's answers";
    // ...and after it is killed with its connections open.
    kill(writer.pid, SIGKILL);
    waitExit(writer.pid);
    close(writer.out);
    const auto stored = storedIds();
    std::size_t lost = 0;
    for (std::int64_t id : acked) lost += stored.count(id) ? 0 : 1;
    std::printf("[ figures  ] %zu answers acknowledged with %d outside opens beside them, %zu stored\n", acked.size(),
        outsideRuns, acked.size() - lost);
    EXPECT_EQ(lost, 0u) << "acknowledged answers were lost";
    auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
    EXPECT_TRUE(checkDatabase(db).ok);
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

namespace {

void addRatings(Database& db, std::int64_t person, std::int64_t image, int count)
{
    AnswerStore answers(db);
    SliderRating r;
    r.personId = person;
    r.imageId = image;
    db.writeTransaction([&] {
        for (int i = 0; i < count; ++i) {
            r.value = (i % 997) / 997.0;
            answers.recordRating(r);
        }
    });
}

std::uint64_t headerBytes(const std::vector<std::uint8_t>& h)
{
    auto be32 = [&](int at) {
        return (std::uint32_t(h[at]) << 24) | (std::uint32_t(h[at + 1]) << 16) | (std::uint32_t(h[at + 2]) << 8)
            | std::uint32_t(h[at + 3]);
    };
    const std::uint32_t rawPageSize = (std::uint32_t(h[16]) << 8) | h[17];
    return std::uint64_t(be32(28)) * (rawPageSize == 1 ? 65536 : rawPageSize);
}

}  // namespace

// A full disk in the middle of a checkpoint leaves the main file shorter than its header says while the
// WAL still holds every committed page. The workspace used to be refused as "truncated" from then on,
// also after space was freed. Simulated with a file-size limit (RLIMIT_FSIZE) in a child process, which
// fails the same writes a full disk fails.
TEST_F(DurabilityTest, FullDiskDuringCheckpointLeavesAUsableDatabase)
{
    {
        auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
        addRatings(db, person_, image_, 20000);
    }  // checkpointed into the main file; no WAL left
    const auto before = std::filesystem::file_size(file_);
    constexpr int kMore = 8000;
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        // The WAL (about a third of the file) fits under the limit; the grown main file does not.
        signal(SIGXFSZ, SIG_IGN);
        rlimit limit{};
        limit.rlim_cur = limit.rlim_max = static_cast<rlim_t>(before + before / 5);
        setrlimit(RLIMIT_FSIZE, &limit);
        int code = 3;
        try {
            auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
            addRatings(db, person_, image_, kMore);  // committed to the WAL: acknowledged
            code = 0;
            db.exec("PRAGMA wal_checkpoint(TRUNCATE)");  // fails half-way: the disk is "full"
            code = 4;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "expected failure in the child: %s\n", e.what());
        }
        _exit(code);  // without closing: the process dies as a killed CLI would
    }
    const int status = waitExit(pid);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0) << "the child did not commit, or its checkpoint did not fail";
    // The scenario holds: the main file is shorter than its header says, the WAL holds the rest.
    const auto bytes = tastelab::testing::readBytes(file_);
    ASSERT_LT(bytes.size(), headerBytes(bytes)) << "the checkpoint was not cut short";
    ASSERT_GT(std::filesystem::file_size(dir_ / "answers.sqlite-wal"), 0u);

    // Space is free again: the workspace opens, nothing committed is lost, and it is healthy.
    auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
    EXPECT_EQ(AnswerStore(db).counts().ratings, 20000 + kMore);
    EXPECT_TRUE(checkDatabase(db).ok);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    EXPECT_GE(std::filesystem::file_size(file_), headerBytes(tastelab::testing::readBytes(file_)));
}

// A full disk while the WAL itself grows: the transaction fails with an error, and every answer
// committed before it is still there once space is free.
TEST_F(DurabilityTest, FullDiskDuringACommitLosesOnlyThatCommit)
{
    {
        auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
        addRatings(db, person_, image_, 5000);
    }
    const auto before = std::filesystem::file_size(file_);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        rlimit limit{};
        limit.rlim_cur = limit.rlim_max = static_cast<rlim_t>(before / 2);
        setrlimit(RLIMIT_FSIZE, &limit);
        int code = 3;
        try {
            auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
            addRatings(db, person_, image_, 100);  // fits
            code = 4;
            addRatings(db, person_, image_, 50000);  // does not
            code = 5;
        } catch (const StorageError& e) {
            code = code == 4 ? 0 : code;
            std::fprintf(stderr, "expected failure in the child: %s\n", e.what());
        }
        _exit(code);
    }
    const int status = waitExit(pid);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_EQ(WEXITSTATUS(status), 0) << "the small commit failed, or the large one did not";
    auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
    EXPECT_EQ(AnswerStore(db).counts().ratings, 5100);
    EXPECT_TRUE(checkDatabase(db).ok);
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

// Nothing this process writes through AtomicFile or a backup can replace an open database's files,
// whatever name reaches them.
TEST_F(DurabilityTest, WritersRefuseTheOpenDatabasesFiles)
{
    auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
    addRatings(db, person_, image_, 1);
    const auto before = tastelab::testing::readBytes(file_);
    std::filesystem::create_symlink(file_, dir_ / "alias.sqlite");
    std::filesystem::create_hard_link(file_, dir_ / "hard.sqlite");
    for (const auto& target : {file_, dir_ / "alias.sqlite", dir_ / "hard.sqlite", dir_ / "answers.sqlite-wal",
             dir_ / "." / "answers.sqlite"}) {
        try {
            tastelab::util::writeFileAtomically(target, "person,image,value\n");
            ADD_FAILURE() << "wrote over " << target;
        } catch (const StorageError& e) {
            EXPECT_THAT(e.what(), HasSubstr("it is the workspace database file")) << target;
        }
        EXPECT_THROW(backupDatabase(db, target, true), StorageError) << target;
    }
    EXPECT_EQ(tastelab::testing::readBytes(file_), before);
    EXPECT_EQ(AnswerStore(db).counts().ratings, 1);
    EXPECT_NO_THROW(tastelab::util::writeFileAtomically(dir_ / "answers.csv", "ok\n"));
}

// Restore: the backup is checked, the restore is refused while another process has the database open,
// and the live files are renamed aside together (never deleted), so they still open as one database.
TEST_F(DurabilityTest, RestoreChecksTheBackupRefusesWhileOpenAndKeepsTheLiveFiles)
{
    {
        auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
        addRatings(db, person_, image_, 10);
        backupDatabase(db, dir_ / "backup.sqlite");
    }
    // A writer adds 25 more and stays alive with its connection open: its answers are only in the WAL.
    Child holder = spawnWriter(file_, person_, image_, 25, {"--hold"});
    ASSERT_GT(holder.pid, 0);
    bool done = false;
    ASSERT_EQ(readUntilDone(holder.out, done).size(), 25u);
    ASSERT_TRUE(done);
    try {
        restoreDatabase(dir_ / "backup.sqlite", file_);
        FAIL() << "restored under another process's open connection";
    } catch (const StorageError& e) {
        EXPECT_THAT(e.what(), HasSubstr("is open in another program (process " + std::to_string(holder.pid)));
    }
    kill(holder.pid, SIGKILL);
    waitExit(holder.pid);
    close(holder.out);
    ASSERT_GT(std::filesystem::file_size(dir_ / "answers.sqlite-wal"), 0u) << "the WAL should hold the 25 answers";

    // Not a backup: refused, nothing moved.
    tastelab::testing::writeBytes(dir_ / "junk.sqlite", {'n', 'o'});
    EXPECT_THROW(restoreDatabase(dir_ / "junk.sqlite", file_), StorageError);
    EXPECT_THROW(restoreDatabase(file_, file_), StorageError);
    EXPECT_TRUE(std::filesystem::exists(dir_ / "answers.sqlite-wal"));

    const RestoreReport report = restoreDatabase(dir_ / "backup.sqlite", file_);
    EXPECT_EQ(report.backup.ratings, 10);
    ASSERT_GE(report.keptAside.size(), 2u);  // the database and its WAL, at least
    EXPECT_FALSE(std::filesystem::exists(dir_ / "answers.sqlite-wal"));
    {
        auto restored = Database::open(file_, Database::OpenMode::ExistingOnly);
        EXPECT_EQ(AnswerStore(restored).counts().ratings, 10);
        EXPECT_TRUE(checkDatabase(restored).ok);
    }
    auto kept = Database::open(report.keptAside.front(), Database::OpenMode::ExistingOnly);
    EXPECT_EQ(AnswerStore(kept).counts().ratings, 35) << "the live database kept aside lost its WAL's answers";
}

// A backup copied over the database by hand while the old database's WAL is still beside it: opening it
// would replay the old WAL into the backup ("database disk image is malformed"). It is refused with what
// to do, and neither file is touched.
TEST_F(DurabilityTest, ABackupCopiedOverTheDatabaseBesideItsOldWalIsRefusedUntouched)
{
    {
        auto db = Database::open(file_, Database::OpenMode::ExistingOnly);
        addRatings(db, person_, image_, 50);
        backupDatabase(db, dir_ / "backup.sqlite");
    }
    Child holder = spawnWriter(file_, person_, image_, 300, {"--hold"});
    ASSERT_GT(holder.pid, 0);
    bool done = false;
    ASSERT_EQ(readUntilDone(holder.out, done).size(), 300u);
    kill(holder.pid, SIGKILL);
    waitExit(holder.pid);
    close(holder.out);
    const auto wal = dir_ / "answers.sqlite-wal";
    ASSERT_GT(std::filesystem::file_size(wal), 0u);
    std::filesystem::copy_file(dir_ / "backup.sqlite", file_, std::filesystem::copy_options::overwrite_existing);
    const auto dbBytes = tastelab::testing::readBytes(file_);
    const auto walBytes = tastelab::testing::readBytes(wal);
    try {
        Database::open(file_, Database::OpenMode::ExistingOnly);
        FAIL() << "opened a backup with the old database's WAL beside it";
    } catch (const StorageError& e) {
        EXPECT_THAT(e.what(), HasSubstr("was replaced by another database file"));
        EXPECT_THAT(e.what(), HasSubstr("tastelab-cli restore"));
    }
    EXPECT_EQ(tastelab::testing::readBytes(file_), dbBytes);
    EXPECT_EQ(tastelab::testing::readBytes(wal), walBytes);
}
