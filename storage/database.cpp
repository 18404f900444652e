// Opening, checking and configuring a workspace database (WAL, synchronous=FULL, busy timeout).
#include "storage/database.h"

#include "storage/schema.h"
#include "storage/storage_error.h"
#include "util/file_mode.h"
#include "util/guarded_files.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <system_error>
#include <vector>

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
            auto wal = file;
            wal += "-wal";
            std::error_code ec;
            const bool hasWal = std::filesystem::file_size(wal, ec) > 0 && !ec;
            throw StorageError(fmt::format(
                "'{}' is not a TasteLab database: the file is not SQLite or is damaged ({}); it was left untouched{}",
                file.string(), sqlite3_errstr(rc),
                hasWal ? fmt::format(". If a backup was copied over it, the WAL beside it ('{}') still belongs to the "
                                     "old database: move both back, then use `tastelab-cli restore`, which sets "
                                     "the live files aside together",
                    wal.string())
                       : std::string()));
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

std::vector<std::string> quickCheck(sqlite3* db)
{
    std::vector<std::string> problems;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(20)", -1, &stmt, nullptr);
    while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        const std::string line = text ? text : "";
        if (line != "ok") problems.push_back(line);
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_OK) problems.emplace_back(sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    return problems;
}

// The database header (the first 100 bytes), read through SQLite's own descriptor of the file
// (SQLITE_FCNTL_FILE_POINTER). False when it cannot be read or the file is not SQLite.
bool readHeader(sqlite3* db, unsigned char (&header)[100])
{
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || !file || !file->pMethods) {
        return false;
    }
    return file->pMethods->xRead(file, header, sizeof header, 0) == SQLITE_OK
        && std::memcmp(header, "SQLite format 3", 16) == 0;
}

// The size in bytes the database header says the main file has, or 0 when the header does not say (not
// SQLite, or a size that is not valid because an old program wrote the file).
std::uint64_t headerDatabaseBytes(sqlite3* db)
{
    unsigned char header[100] = {};
    if (!readHeader(db, header)) return 0;
    auto be32 = [&](int at) {
        return (std::uint32_t(header[at]) << 24) | (std::uint32_t(header[at + 1]) << 16)
            | (std::uint32_t(header[at + 2]) << 8) | std::uint32_t(header[at + 3]);
    };
    const std::uint32_t rawPageSize = (std::uint32_t(header[16]) << 8) | header[17];
    const std::uint64_t pageSize = rawPageSize == 1 ? 65536 : rawPageSize;
    if (be32(24) != be32(92)) return 0;  // "version-valid-for" differs from the change counter
    return std::uint64_t(be32(28)) * pageSize;
}

// SQLite opens a truncated file without complaint and fails later, page by page. The header says how many
// pages the main file has; when the file is shorter, the missing pages may still live in the WAL: a
// checkpoint cut short by a full disk leaves the main file shorter than its header says while the WAL
// holds every committed page, and SQLite finishes the checkpoint later. So a short file with a WAL beside
// it is accepted when SQLite can read every page of the database (PRAGMA quick_check).
// Nothing outside SQLite opens the database file here (or anywhere): closing any descriptor of a file
// drops every POSIX advisory lock the process holds on it, so another process could then checkpoint and
// reset the WAL under this process's open connections, and the answers written after that were lost.
// The header is read through SQLite's own descriptor; the sizes come from stat().
void checkNotTruncated(sqlite3* db, const std::filesystem::path& file)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec || size == 0) return;  // missing or empty: a new database
    const std::uint64_t expected = headerDatabaseBytes(db);
    if (expected == 0 || size >= expected) return;
    auto wal = file;
    wal += "-wal";
    const auto walSize = std::filesystem::file_size(wal, ec);
    if (!ec && walSize > 0) {
        const auto problems = quickCheck(db);
        if (problems.empty()) return;
        throw StorageError(fmt::format(
            "'{}' is damaged: its header describes {} bytes, the file has {} and its WAL does not hold the "
            "missing pages ({}); it was left untouched. Restore a backup with `tastelab-cli restore` (the damaged "
            "files are kept beside it)",
            file.string(), expected, size, problems.front()));
    }
    throw StorageError(fmt::format(
        "'{}' is truncated: its header describes {} bytes but the file has {} and there is no WAL holding the "
        "rest; it was left untouched. Restore a backup with `tastelab-cli restore` (the damaged files are kept "
        "beside it)",
        file.string(), expected, size));
}

// A workspace database is always in WAL mode (header bytes 18 and 19 are 2). One in rollback mode with a
// WAL beside it is a file put in place of the database (a backup copied over it by hand) while the old
// database's WAL is still there: switching it to WAL mode would replay the old WAL into it and damage it.
void checkWalBelongsToFile(sqlite3* db, const std::filesystem::path& file)
{
    unsigned char header[100] = {};
    if (!readHeader(db, header) || header[18] != 1) return;
    auto wal = file;
    wal += "-wal";
    std::error_code ec;
    const auto walSize = std::filesystem::file_size(wal, ec);
    if (ec || walSize == 0) return;
    throw StorageError(fmt::format(
        "'{}' was replaced by another database file (a backup copied over it?) while the old database's WAL '{}' "
        "is still beside it; opening it would replay that WAL into it and damage it, so both were left untouched. "
        "Put the old file back and run `tastelab-cli restore`, which sets the live files aside together, or move "
        "'{}' and its -shm away if you are sure the answers in them are not needed",
        file.string(), wal.string(), wal.string()));
}

}  // namespace

std::optional<std::filesystem::path> openedDatabaseFileAt(const std::filesystem::path& target)
{
    return util::guardedFileAt(target);
}

void refuseDatabaseFile(const std::filesystem::path& target, std::string_view what)
{
    util::refuseGuardedFile(target, what);
}

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
    if (std::filesystem::exists(file, ec) && !std::filesystem::is_regular_file(file, ec)) {
        throw StorageError(fmt::format("'{}' is not a database file (it is a folder, device or pipe)", file.string()));
    }
    // Owner-only unless shared (util/file_mode.h); SQLite gives the -wal and -shm files the database's mode.
    if (mode == OpenMode::CreateIfMissing) util::createFileIfMissing(file);
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
    // Until the file is known to be ours and whole, closing must not checkpoint a WAL into it.
    sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    checkWalBelongsToFile(raw, file);  // before SQLite reads anything: a read opens the WAL beside the file
    checkNotTruncated(raw, file);  // before the schema is read: that fails as "malformed" on a truncated file
    checkIdentity(raw, file);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
    util::guardDatabaseFile(file);

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
