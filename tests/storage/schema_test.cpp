// Migrations: a version-1 database (the fixture) is upgraded step by step with its data kept, and a
// step that fails leaves the database at the previous version, intact.
#include "storage/database.h"
#include "storage/schema.h"
#include "storage/storage_error.h"
#include "tests/storage/raw_sqlite.h"
#include "tests/support/test_support.h"

#include <gmock/gmock.h>
#include <sqlite3.h>

#include <fstream>
#include <sstream>

using tastelab::storage::Database;
using tastelab::storage::StorageError;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

std::string fixtureSql()
{
    std::ifstream in(TASTELAB_STORAGE_FIXTURES "/workspace_v1.sql");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int rawUserVersion(const std::filesystem::path& file)
{
    sqlite3* db = nullptr;
    sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
    sqlite3_step(stmt);
    const int version = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return version;
}

}  // namespace

TEST(Schema, MigratesTheVersionOneFixtureAndKeepsItsData)
{
    TempDir dir;
    const auto file = dir / "v1.sqlite";
    const std::string sql = fixtureSql();
    ASSERT_FALSE(sql.empty()) << "fixture missing";
    tastelab::testing::runRawSql(file, sql);
    ASSERT_EQ(rawUserVersion(file), 1);

    auto db = Database::open(file, Database::OpenMode::ExistingOnly);
    EXPECT_EQ(db.schemaVersion(), tastelab::storage::kSchemaVersion);
    auto name = db.prepare("SELECT value FROM workspace_info WHERE key = 'name'");
    ASSERT_TRUE(name.step());
    EXPECT_EQ(name.columnText(0), "Pilot study 2026");
    for (const char* table : {"images", "people", "studies", "study_items", "assignments", "assignment_trials",
             "sessions", "session_checkpoints", "ratings", "comparisons", "model_checkpoints", "embeddings",
             "generations", "steering_runs"}) {
        auto s = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
        s.bind(1, table);
        ASSERT_TRUE(s.step());
        EXPECT_EQ(s.columnInt(0), 1) << table;
    }
    auto check = db.prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check.step());
    EXPECT_EQ(check.columnText(0), "ok");
}

TEST(Schema, AFailingStepLeavesThePreviousVersionIntact)
{
    TempDir dir;
    const auto file = dir / "blocked.sqlite";
    // A version-1 database that happens to have a table the next step wants to create.
    tastelab::testing::runRawSql(file, fixtureSql() + "CREATE TABLE images (x); INSERT INTO images VALUES (42);");
    try {
        Database::open(file, Database::OpenMode::ExistingOnly);
        FAIL() << "the migration should have failed";
    } catch (const StorageError& e) {
        EXPECT_THAT(e.what(), HasSubstr("schema version 2"));
        EXPECT_THAT(e.what(), HasSubstr("blocked.sqlite"));
    }
    EXPECT_EQ(rawUserVersion(file), 1);
    // Nothing of the failed step remains, and the old data is there.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(file.string().c_str(), &raw), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(raw,
        "SELECT (SELECT count(*) FROM sqlite_master WHERE name = 'people'), "
        "(SELECT x FROM images), (SELECT value FROM workspace_info WHERE key = 'name')",
        -1, &stmt, nullptr);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(stmt, 0), 0);
    EXPECT_EQ(sqlite3_column_int(stmt, 1), 42);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2)), "Pilot study 2026");
    sqlite3_finalize(stmt);
    sqlite3_close(raw);
}

TEST(Schema, OpeningACurrentDatabaseChangesNothing)
{
    TempDir dir;
    const auto file = dir / "current.sqlite";
    {
        auto db = Database::open(file, Database::OpenMode::CreateIfMissing);
    }
    const auto before = tastelab::testing::readBytes(file);
    {
        auto db = Database::open(file, Database::OpenMode::ExistingOnly);
    }
    EXPECT_EQ(tastelab::testing::readBytes(file), before);
}

TEST(Schema, VersionFourKeepsOneRowPerIdempotencyKeyAndRejectsMalformedLinks)
{
    TempDir dir;
    auto db = Database::open(dir / "v4.sqlite", Database::OpenMode::CreateIfMissing);
    db.exec("INSERT INTO people (id, pseudonym, role, created_at) VALUES (1, 'p1', 'participant', 't'), "
            "(2, 'p2', 'participant', 't');"
            "INSERT INTO images (id, sha256, library_path, width, height, format, byte_size, origin, created_at) "
            "VALUES (1, '"
        + std::string(64, 'c') + "', 'a.png', 8, 8, 'png', 10, 'imported', 't');");
    const auto insert = [&](int person, const char* key) {
        auto s = db.prepare("INSERT INTO ratings (person_id, image_id, value, answered_at, client_key, chosen_by, "
                            "client_response_ms) VALUES (?1, 1, 0.5, 't', ?2, 'informative', 812)");
        s.bind(1, person).bind(2, key);
        s.step();
    };
    insert(1, "k-1");
    EXPECT_THROW(insert(1, "k-1"), StorageError);  // a resend must find the stored row, not add one
    insert(2, "k-1");  // keys are per person
    EXPECT_THROW(insert(1, ""), StorageError);
    auto count = db.prepare("SELECT count(*), sum(client_response_ms) FROM ratings WHERE chosen_by = 'informative'");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.columnInt(0), 2);
    EXPECT_EQ(count.columnInt(1), 1624);

    db.exec("INSERT INTO studies (id, name, anchor_labels, seed, created_at) VALUES (1, 's', '[]', 1, 't')");
    const std::string hash(64, 'a');
    EXPECT_THROW(db.exec("INSERT INTO participant_links (study_id, person_id, token_hash, created_at) "
                         "VALUES (1, 1, 'short', 't')"),
        StorageError);
    db.exec("INSERT INTO participant_links (study_id, person_id, token_hash, external_id, created_at) VALUES (1, 1, '"
        + hash + "', 'PROLIFIC1', 't')");
    EXPECT_THROW(db.exec("INSERT INTO participant_links (study_id, person_id, token_hash, external_id, created_at) "
                         "VALUES (1, 2, '"
                     + std::string(64, 'b') + "', 'PROLIFIC1', 't')"),
        StorageError);
}
