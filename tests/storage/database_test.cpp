// The database refuses files that are not ours or are newer, without touching them, and its
// transactions commit or roll back as a whole.
#include "storage/database.h"
#include "storage/schema.h"
#include "storage/storage_error.h"
#include "tests/storage/raw_sqlite.h"
#include "tests/support/test_support.h"

#include <gmock/gmock.h>
#include <sqlite3.h>

#include <string>

using tastelab::storage::Database;
using tastelab::storage::StorageError;
using tastelab::testing::readBytes;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

std::string expectRefused(const std::filesystem::path& file)
{
    try {
        Database::open(file, Database::OpenMode::ExistingOnly);
    } catch (const StorageError& e) {
        return e.what();
    }
    ADD_FAILURE() << "opening " << file << " should have failed";
    return {};
}

std::string pragmaText(Database& db, const char* pragma)
{
    auto stmt = db.prepare(pragma);
    EXPECT_TRUE(stmt.step());
    return stmt.columnText(0);
}

}  // namespace

TEST(Database, NewDatabaseIsMarkedAndDurable)
{
    TempDir dir;
    auto db = Database::open(dir / "new.sqlite", Database::OpenMode::CreateIfMissing);
    EXPECT_EQ(db.schemaVersion(), tastelab::storage::kSchemaVersion);
    EXPECT_EQ(pragmaText(db, "PRAGMA application_id"), std::to_string(tastelab::storage::kApplicationId));
    EXPECT_EQ(pragmaText(db, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(pragmaText(db, "PRAGMA synchronous"), "2");  // FULL
    EXPECT_EQ(pragmaText(db, "PRAGMA foreign_keys"), "1");
}

TEST(Database, ExistingOnlyDoesNotCreateAFile)
{
    TempDir dir;
    const auto file = dir / "missing.sqlite";
    EXPECT_THAT(expectRefused(file), HasSubstr("missing.sqlite"));
    EXPECT_FALSE(std::filesystem::exists(file));
}

TEST(Database, RefusesAFileThatIsNotSqliteAndLeavesItUntouched)
{
    TempDir dir;
    const auto file = dir / "notes.sqlite";
    tastelab::testing::writeBytes(file, std::vector<std::uint8_t>(4096, 'x'));
    const auto before = readBytes(file);
    const std::string message = expectRefused(file);
    EXPECT_THAT(message, HasSubstr("notes.sqlite"));
    EXPECT_THAT(message, HasSubstr("not a TasteLab database"));
    EXPECT_EQ(readBytes(file), before);
}

TEST(Database, RefusesAnotherProgramsDatabaseAndLeavesItUntouched)
{
    TempDir dir;
    const auto file = dir / "other.sqlite";
    tastelab::testing::runRawSql(file, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('a');");
    const auto before = readBytes(file);
    const std::string message = expectRefused(file);
    EXPECT_THAT(message, HasSubstr("other.sqlite"));
    EXPECT_THAT(message, HasSubstr("another program"));
    EXPECT_EQ(readBytes(file), before);
    EXPECT_FALSE(std::filesystem::exists(dir / "other.sqlite-wal"));
}

TEST(Database, RefusesANewerSchemaAndLeavesItUntouched)
{
    TempDir dir;
    const auto file = dir / "future.sqlite";
    const int newer = tastelab::storage::kSchemaVersion + 1;
    tastelab::testing::runRawSql(file,
        "PRAGMA application_id = " + std::to_string(tastelab::storage::kApplicationId)
            + "; PRAGMA user_version = " + std::to_string(newer) + "; CREATE TABLE t (x);");
    const auto before = readBytes(file);
    const std::string message = expectRefused(file);
    EXPECT_THAT(message, HasSubstr("future.sqlite"));
    EXPECT_THAT(message, HasSubstr("newer TasteLab"));
    EXPECT_THAT(message, HasSubstr("schema version " + std::to_string(newer)));
    EXPECT_EQ(readBytes(file), before);
}

TEST(Database, CommittedTransactionIsSeenByAnotherConnection)
{
    TempDir dir;
    const auto file = dir / "w.sqlite";
    auto writer = Database::open(file, Database::OpenMode::CreateIfMissing);
    writer.writeTransaction([&] { writer.prepare("INSERT INTO workspace_info (key, value) VALUES ('k', 'v')").run(); });
    auto reader = Database::open(file, Database::OpenMode::ExistingOnly);
    auto stmt = reader.prepare("SELECT value FROM workspace_info WHERE key = 'k'");
    ASSERT_TRUE(stmt.step());
    EXPECT_EQ(stmt.columnText(0), "v");
}

TEST(Database, ExceptionInTransactionRollsBackEverything)
{
    TempDir dir;
    auto db = Database::open(dir / "r.sqlite", Database::OpenMode::CreateIfMissing);
    EXPECT_THROW(db.writeTransaction([&] {
        db.prepare("INSERT INTO workspace_info (key, value) VALUES ('a', '1')").run();
        throw std::runtime_error("stop");
    }),
        std::runtime_error);
    auto count = db.prepare("SELECT count(*) FROM workspace_info");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.columnInt(0), 0);
    // The connection is usable again afterwards.
    db.writeTransaction([&] { db.prepare("INSERT INTO workspace_info (key, value) VALUES ('b', '2')").run(); });
}

TEST(Database, WriteTransactionHoldsTheWriteLockFromTheStart)
{
    TempDir dir;
    const auto file = dir / "lock.sqlite";
    auto first = Database::open(file, Database::OpenMode::CreateIfMissing);
    auto second = Database::open(file, Database::OpenMode::ExistingOnly);
    sqlite3_busy_timeout(second.handle(), 0);  // fail at once instead of waiting 5 s
    first.writeTransaction([&] {
        // BEGIN IMMEDIATE in `first` already holds the lock: `second` cannot start a write.
        EXPECT_THROW(second.writeTransaction([] {}), StorageError);
    });
    second.writeTransaction([&] { second.prepare("INSERT INTO workspace_info VALUES ('x', 'y')").run(); });
}

TEST(Database, ErrorsNameTheStatementAndTheFile)
{
    TempDir dir;
    auto db = Database::open(dir / "e.sqlite", Database::OpenMode::CreateIfMissing);
    try {
        db.prepare("SELECT nonsense FROM nowhere");
        FAIL() << "prepare should have failed";
    } catch (const StorageError& e) {
        EXPECT_THAT(e.what(), HasSubstr("nowhere"));
        EXPECT_THAT(e.what(), HasSubstr("e.sqlite"));
    }
}

TEST(Database, StatementBindsAndReadsEveryType)
{
    TempDir dir;
    auto db = Database::open(dir / "t.sqlite", Database::OpenMode::CreateIfMissing);
    db.exec("CREATE TEMP TABLE v (i INTEGER, d REAL, s TEXT, n TEXT)");
    db.prepare("INSERT INTO v VALUES (?1, ?2, ?3, ?4)")
        .bind(1, std::int64_t{1} << 40)
        .bind(2, 0.25)
        .bind(3, std::string_view("grüße"))
        .bind(4, std::optional<std::string>())
        .run();
    auto stmt = db.prepare("SELECT i, d, s, n FROM v");
    ASSERT_TRUE(stmt.step());
    EXPECT_EQ(stmt.columnInt(0), std::int64_t{1} << 40);
    EXPECT_DOUBLE_EQ(stmt.columnDouble(1), 0.25);
    EXPECT_EQ(stmt.columnText(2), "grüße");
    EXPECT_TRUE(stmt.isNull(3));
    EXPECT_FALSE(stmt.step());
}
