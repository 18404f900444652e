// Private by default: the database with its WAL and SHM, backups, exports and every file written through AtomicFile
// are 0600 and new folders 0700, whatever the umask; with sharing chosen, the umask decides.
#include "storage/database.h"
#include "storage/export.h"
#include "storage/maintenance.h"
#include "storage/storage_error.h"
#include "tests/support/test_support.h"
#include "util/atomic_file.h"
#include "util/file_mode.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>

using namespace tastelab::storage;
using tastelab::testing::TempDir;

namespace {

unsigned modeOf(const std::filesystem::path& path)
{
    struct stat info { };
    if (::stat(path.c_str(), &info) != 0) return 07777;  // shows up as a clear mismatch
    return info.st_mode & 0777;
}

// Sets the umask and the sharing policy for one test and restores both.
class FileModeTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        previousMask_ = ::umask(022);  // the usual default: without the policy, files would come out 0644
        previousSharing_ = tastelab::util::fileSharing();
        tastelab::util::setFileSharing(tastelab::util::FileSharing::OwnerOnly);
    }
    void TearDown() override
    {
        ::umask(previousMask_);
        tastelab::util::setFileSharing(previousSharing_);
    }

    TempDir dir_;
    mode_t previousMask_ = 022;
    tastelab::util::FileSharing previousSharing_ = tastelab::util::FileSharing::OwnerOnly;
};

}  // namespace

TEST_F(FileModeTest, AtomicFilesAreOwnerOnly)
{
    tastelab::util::writeFileAtomically(dir_ / "report.json", "{}\n");
    EXPECT_EQ(modeOf(dir_ / "report.json"), 0600u);
    // Overwriting a file that was readable by others leaves it owner-only.
    ::chmod((dir_ / "report.json").c_str(), 0644);
    tastelab::util::writeFileAtomically(dir_ / "report.json", "{\"again\":1}\n");
    EXPECT_EQ(modeOf(dir_ / "report.json"), 0600u);
}

TEST_F(FileModeTest, FoldersAreOwnerOnlyAndOnlyNewOnesAreTouched)
{
    ::chmod(dir_.path().c_str(), 0755);
    EXPECT_TRUE(tastelab::util::createFolders(dir_ / "a" / "b" / "c"));
    EXPECT_EQ(modeOf(dir_ / "a"), 0700u);
    EXPECT_EQ(modeOf(dir_ / "a" / "b" / "c"), 0700u);
    EXPECT_EQ(modeOf(dir_.path()), 0755u) << "an existing parent keeps its mode";
    EXPECT_FALSE(tastelab::util::createFolders(dir_ / "a" / "b"));
    tastelab::util::writeFileAtomically(dir_ / "file", "x");
    EXPECT_THROW(tastelab::util::createFolders(dir_ / "file" / "below"), StorageError);
}

TEST_F(FileModeTest, DatabaseWalShmBackupAndExportAreOwnerOnly)
{
    {
        auto db = Database::open(dir_ / "w.sqlite", Database::OpenMode::CreateIfMissing);
        db.exec("CREATE TABLE t (x)");
        db.exec("INSERT INTO t VALUES (1)");
        EXPECT_EQ(modeOf(dir_ / "w.sqlite"), 0600u);
        EXPECT_EQ(modeOf(dir_ / "w.sqlite-wal"), 0600u) << "SQLite gives the WAL the database's mode";
        EXPECT_EQ(modeOf(dir_ / "w.sqlite-shm"), 0600u);
        backupDatabase(db, dir_ / "backup.sqlite");
        EXPECT_EQ(modeOf(dir_ / "backup.sqlite"), 0600u);
        exportAnswers(db, ExportOptions{}, dir_ / "answers.csv");
        EXPECT_EQ(modeOf(dir_ / "answers.csv"), 0600u);
    }
}

TEST_F(FileModeTest, RestrictToOwnerSetsFilesAndFolders)
{
    tastelab::util::writeFileAtomically(dir_ / "f", "x");
    ::chmod((dir_ / "f").c_str(), 0664);
    std::filesystem::create_directory(dir_ / "d");
    ::chmod((dir_ / "d").c_str(), 0775);
    tastelab::util::restrictToOwner(dir_ / "f");
    tastelab::util::restrictToOwner(dir_ / "d");
    EXPECT_EQ(modeOf(dir_ / "f"), 0600u);
    EXPECT_EQ(modeOf(dir_ / "d"), 0700u);
    EXPECT_THROW(tastelab::util::restrictToOwner(dir_ / "missing"), StorageError);
}

TEST_F(FileModeTest, SharingFollowsTheUmask)
{
    tastelab::util::setFileSharing(tastelab::util::FileSharing::FollowUmask);
    ::umask(027);
    tastelab::util::writeFileAtomically(dir_ / "shared.json", "{}\n");
    EXPECT_EQ(modeOf(dir_ / "shared.json"), 0640u);
    tastelab::util::createFolders(dir_ / "group");
    EXPECT_EQ(modeOf(dir_ / "group"), 0750u);
    {
        auto db = Database::open(dir_ / "g.sqlite", Database::OpenMode::CreateIfMissing);
        db.exec("CREATE TABLE t (x)");
        EXPECT_EQ(modeOf(dir_ / "g.sqlite"), 0640u);
        backupDatabase(db, dir_ / "g-backup.sqlite");
        EXPECT_EQ(modeOf(dir_ / "g-backup.sqlite"), 0640u);
    }
    ::chmod((dir_ / "shared.json").c_str(), 0644);
    tastelab::util::restrictToOwner(dir_ / "shared.json");
    EXPECT_EQ(modeOf(dir_ / "shared.json"), 0644u) << "with sharing chosen, nothing is narrowed";
}

TEST(FileSharingEnvironment, OneTrueYesOrOnAskForSharing)
{
    const char* previous = std::getenv("TASTELAB_SHARED_FILES");
    const std::string saved = previous ? previous : "";
    for (const char* value : {"1", "true", "YES", "On"}) {
        ::setenv("TASTELAB_SHARED_FILES", value, 1);
        EXPECT_TRUE(tastelab::util::sharedFilesRequestedByEnvironment()) << value;
    }
    for (const char* value : {"0", "", "no", "false", "2"}) {
        ::setenv("TASTELAB_SHARED_FILES", value, 1);
        EXPECT_FALSE(tastelab::util::sharedFilesRequestedByEnvironment()) << value;
    }
    ::unsetenv("TASTELAB_SHARED_FILES");
    EXPECT_FALSE(tastelab::util::sharedFilesRequestedByEnvironment());
    if (previous) ::setenv("TASTELAB_SHARED_FILES", saved.c_str(), 1);
}
