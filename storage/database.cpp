// Opening, checking and configuring a workspace database (WAL, synchronous=FULL, busy timeout).
#include "storage/database.h"

#include "storage/schema.h"
#include "storage/storage_error.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cstring>
#include <fstream>
#include <system_error>

namespace tastelab::storage {
namespace {

constexpr int kBusyTimeoutMs = 5000;

// Returns SQLITE_OK and sets `value`, or SQLite's error code.
int queryInt(sqlite3* db, const char* sql, int& value)
{
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            value = sqlite3_column_int(stmt, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(stmt);
    return rc;
}

// Reads the header fields before anything is written: enabling WAL would already change the file.
void checkIdentity(sqlite3* db, const std::filesystem::path& file)
{
    int applicationId = 0;
    int userVersion = 0;
    int objectCount = 0;
    int rc = queryInt(db, "PRAGMA application_id", applicationId);
    if (rc == SQLITE_OK) rc = queryInt(db, "PRAGMA user_version", userVersion);
    if (rc == SQLITE_OK) rc = queryInt(db, "SELECT count(*) FROM sqlite_master", objectCount);
    if (rc != SQLITE_OK) {
        if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) {
            throw StorageError(fmt::format(
                "'{}' is not a TasteLab database: the file is not SQLite or is damaged ({}); it was left untouched",
                file.string(), sqlite3_errstr(rc)));
        }
        throw StorageError(fmt::format("cannot read '{}': {}", file.string(), sqlite3_errmsg(db)));
    }
    const bool isEmpty = applicationId == 0 && userVersion == 0 && objectCount == 0;
    if (!isEmpty && applicationId != kApplicationId) {
        throw StorageError(fmt::format(
            "'{}' is an SQLite database of another program (application id {:#x}), not a TasteLab database; "
            "it was left untouched",
            file.string(), static_cast<unsigned>(applicationId)));
    }
    if (userVersion > kSchemaVersion) {
        throw StorageError(
            fmt::format("'{}' was written by a newer TasteLab (schema version {}, this program knows up to {}); "
                        "it was left untouched: update TasteLab to open it",
                file.string(), userVersion, kSchemaVersion));
    }
}

// SQLite opens a truncated file without complaint and fails later, page by page. The header says how
// many pages the file should have (when its "version-valid-for" matches the change counter).
void checkNotTruncated(const std::filesystem::path& file)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec || size == 0) return;  // missing or empty: a new database
    std::ifstream in(file, std::ios::binary);
    unsigned char header[100] = {};
    if (!in.read(reinterpret_cast<char*>(header), sizeof header) || std::memcmp(header, "SQLite format 3", 16) != 0) {
        throw StorageError(
            fmt::format("'{}' is not a TasteLab database: it is not an SQLite file ({} bytes); it was left untouched",
                file.string(), size));
    }
    auto be32 = [&](int at) {
        return (std::uint32_t(header[at]) << 24) | (std::uint32_t(header[at + 1]) << 16)
            | (std::uint32_t(header[at + 2]) << 8) | std::uint32_t(header[at + 3]);
    };
    const std::uint32_t rawPageSize = (std::uint32_t(header[16]) << 8) | header[17];
    const std::uint64_t pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    const std::uint64_t pageCount = be32(28);
    if (pageCount > 0 && be32(24) == be32(92) && size < pageCount * pageSize) {
        throw StorageError(fmt::format("'{}' is truncated: its header describes {} bytes but the file has {}; it was "
                                       "left untouched (restore it from a backup)",
            file.string(), pageCount * pageSize, size));
    }
}

}  // namespace

std::string sqliteVersion()
{
    return sqlite3_libversion();
}

Database Database::open(const std::filesystem::path& file, OpenMode mode)
{
    std::error_code ec;
    if (mode == OpenMode::ExistingOnly && !std::filesystem::exists(file, ec)) {
        throw StorageError(fmt::format("no database at '{}'", file.string()));
    }
    checkNotTruncated(file);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (mode == OpenMode::CreateIfMissing) flags |= SQLITE_OPEN_CREATE;

    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.string().c_str(), &raw, flags, nullptr);
    Database db(raw, file);  // owns the handle from here on, even when opening failed
    if (rc != SQLITE_OK) {
        throw StorageError(fmt::format(
            "cannot open database '{}': {}", file.string(), raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    checkIdentity(raw, file);

    // WAL + synchronous=FULL: a committed answer survives a crash or power loss.
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    db.exec("PRAGMA foreign_keys=ON");
    migrate(db);
    return db;
}

Database::~Database()
{
    sqlite3_close_v2(db_);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr))
    , path_(std::move(other.path_))
{
}

Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

Statement Database::prepare(std::string_view sql)
{
    return Statement(db_, sql);
}

void Database::exec(std::string_view sql)
{
    char* error = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error ? error : sqlite3_errmsg(db_);
        sqlite3_free(error);
        throw StorageError(fmt::format("'{}' failed: {} (database '{}')", text, message, path_.string()));
    }
}

int Database::schemaVersion()
{
    auto stmt = prepare("PRAGMA user_version");
    return stmt.step() ? static_cast<int>(stmt.columnInt(0)) : 0;
}

std::int64_t Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(db_);
}

std::int64_t Database::changes() const
{
    return sqlite3_changes(db_);
}

bool Database::inTransaction() const
{
    return sqlite3_get_autocommit(db_) == 0;
}

void Database::rollbackSavepointQuietly() noexcept
{
    sqlite3_exec(db_, "ROLLBACK TO nested_write", nullptr, nullptr, nullptr);
    sqlite3_exec(db_, "RELEASE nested_write", nullptr, nullptr, nullptr);
}

void Database::rollbackQuietly() noexcept
{
    if (!sqlite3_get_autocommit(db_)) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

}  // namespace tastelab::storage
