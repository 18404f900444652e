// Online backup and integrity checks.
#include "storage/maintenance.h"
#include "util/clock.h"

#include "storage/database.h"
#include "storage/schema.h"
#include "storage/storage_error.h"
#include "util/atomic_file.h"
#include "util/file_mode.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <vector>

namespace tastelab::storage {

void backupDatabase(Database& source, const std::filesystem::path& target, bool overwrite)
{
    std::error_code ec;
    refuseDatabaseFile(target, "the backup");
    if (!overwrite && std::filesystem::exists(target, ec)) {
        throw StorageError(fmt::format("'{}' already exists; choose another name for the backup", target.string()));
    }
    std::filesystem::path temporary = target;
    temporary += fmt::format(".tmp-{}", ::getpid());
    std::filesystem::remove(temporary, ec);
    util::createFileIfMissing(temporary);  // owner-only unless shared (util/file_mode.h); the rename keeps the mode

    sqlite3* destination = nullptr;
    int rc = sqlite3_open_v2(temporary.c_str(), &destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    auto fail = [&](const std::string& what) {
        const std::string message = fmt::format("cannot back up '{}' to '{}': {} ({})", source.path().string(),
            target.string(), what, destination ? sqlite3_errmsg(destination) : sqlite3_errstr(rc));
        sqlite3_close_v2(destination);
        std::filesystem::remove(temporary, ec);
        throw StorageError(message);
    };
    if (rc != SQLITE_OK) fail("cannot create the backup file");

    sqlite3_backup* backup = sqlite3_backup_init(destination, "main", source.handle(), "main");
    if (!backup) fail("cannot start");
    // Copy in steps so that writers are not locked out for the whole copy; retry while busy.
    do {
        rc = sqlite3_backup_step(backup, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) fail("copy failed");
    // The copy is a self-contained file: no WAL beside it.
    if (sqlite3_exec(destination, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr) != SQLITE_OK) {
        fail("cannot finish the copy");
    }
    sqlite3_close_v2(destination);
    destination = nullptr;

    const int fd = ::open(temporary.c_str(), O_RDONLY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    std::filesystem::rename(temporary, target, ec);
    if (ec) {
        std::filesystem::remove(temporary, ec);
        throw StorageError(fmt::format("cannot move the backup into '{}': {}", target.string(), ec.message()));
    }
    util::syncDirectory(target.has_parent_path() ? target.parent_path() : std::filesystem::path("."));
}

HealthReport checkDatabase(Database& db)
{
    HealthReport report;
    report.schemaVersion = db.schemaVersion();
    auto integrity = db.prepare("PRAGMA integrity_check");
    while (integrity.step()) {
        const std::string line = integrity.columnText(0);
        if (line != "ok") report.problems.push_back("integrity: " + line);
    }
    auto foreignKeys = db.prepare("PRAGMA foreign_key_check");
    while (foreignKeys.step()) {
        report.problems.push_back(fmt::format("foreign key: row {} of table {} points to a missing row in {}",
            foreignKeys.columnInt(1), foreignKeys.columnText(0), foreignKeys.columnText(2)));
    }
    auto tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                             "ORDER BY name");
    std::vector<std::string> names;
    while (tables.step()) names.push_back(tables.columnText(0));
    for (const auto& name : names) {
        auto count = db.prepare(fmt::format("SELECT count(*) FROM \"{}\"", name));
        count.step();
        report.rowCounts.emplace_back(name, count.columnInt(0));
    }
    report.ok = report.problems.empty();
    return report;
}

}  // namespace tastelab::storage

namespace tastelab::storage {
namespace {

// SQLite's lock bytes in the database file (os_unix.c): PENDING_BYTE at 1 GiB, then RESERVED, then the
// SHARED range of 510 bytes. A connection in WAL mode holds a read lock in the SHARED range while it is open.
constexpr off_t kPendingByte = 0x40000000;
constexpr off_t kLockRange = 2 + 510;

void copyFileDurably(const std::filesystem::path& from, const std::filesystem::path& to)
{
    const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) throw StorageError(fmt::format("cannot read '{}': {}", from.string(), std::strerror(errno)));
    const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        const int error = errno;
        ::close(in);
        throw StorageError(fmt::format("cannot create '{}': {}", to.string(), std::strerror(error)));
    }
    std::vector<char> buffer(1 << 20);
    int error = 0;
    for (;;) {
        const ssize_t n = ::read(in, buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            error = errno;
            break;
        }
        if (n == 0) break;
        for (ssize_t done = 0; done < n;) {
            const ssize_t w = ::write(out, buffer.data() + done, static_cast<std::size_t>(n - done));
            if (w < 0) {
                if (errno == EINTR) continue;
                error = errno;
                break;
            }
            done += w;
        }
        if (error) break;
    }
    if (!error && ::fsync(out) != 0) error = errno;
    ::close(in);
    if (::close(out) != 0 && !error) error = errno;
    if (error) {
        std::error_code ec;
        std::filesystem::remove(to, ec);
        throw StorageError(
            fmt::format("cannot copy '{}' to '{}': {}", from.string(), to.string(), std::strerror(error)));
    }
}

}  // namespace

BackupInfo inspectBackup(const std::filesystem::path& backup)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(backup, ec)) {
        throw StorageError(
            fmt::format("'{}' is not a backup file: it does not exist or is not a regular file", backup.string()));
    }
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(backup.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    auto fail = [&](const std::string& why) {
        sqlite3_close_v2(db);
        throw StorageError(fmt::format("'{}' cannot be restored: {}; nothing was changed", backup.string(), why));
    };
    if (rc != SQLITE_OK) fail(sqlite3_errstr(rc));
    sqlite3_extended_result_codes(db, 1);
    auto integer = [&](const char* sql) -> std::int64_t {
        sqlite3_stmt* stmt = nullptr;
        std::int64_t value = 0;
        int step = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
        if (step == SQLITE_OK) step = sqlite3_step(stmt);
        if (step == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
        const std::string error = sqlite3_errmsg(db);
        sqlite3_finalize(stmt);
        if (step != SQLITE_ROW) fail(fmt::format("it is not a readable SQLite database ({})", error));
        return value;
    };
    if (integer("PRAGMA application_id") != kApplicationId) fail("it is not a TasteLab database");
    BackupInfo info;
    info.schemaVersion = static_cast<int>(integer("PRAGMA user_version"));
    if (info.schemaVersion > kSchemaVersion) {
        fail(fmt::format("it was written by a newer TasteLab (schema version {}, this program knows up to {})",
            info.schemaVersion, kSchemaVersion));
    }
    sqlite3_stmt* stmt = nullptr;
    std::vector<std::string> problems;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(20)", -1, &stmt, nullptr) == SQLITE_OK) {
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
            if (!text || std::string(text) != "ok") problems.emplace_back(text ? text : "?");
        }
        if (rc != SQLITE_DONE) problems.emplace_back(sqlite3_errmsg(db));
    } else {
        problems.emplace_back(sqlite3_errmsg(db));
    }
    sqlite3_finalize(stmt);
    if (!problems.empty()) fail(fmt::format("its integrity check failed ({})", problems.front()));
    info.images = integer("SELECT count(*) FROM images");
    info.people = integer("SELECT count(*) FROM people");
    info.ratings = integer("SELECT count(*) FROM ratings");
    info.comparisons = integer("SELECT count(*) FROM comparisons");
    sqlite3_close_v2(db);
    return info;
}

std::optional<long> otherProcessUsing(const std::filesystem::path& database)
{
    const int fd = ::open(database.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct flock probe { };
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    probe.l_start = kPendingByte;
    probe.l_len = kLockRange;
    const int rc = ::fcntl(fd, F_GETLK, &probe);
    ::close(fd);
    if (rc != 0 || probe.l_type == F_UNLCK) return std::nullopt;
    return static_cast<long>(probe.l_pid);
}

RestoreReport restoreDatabase(const std::filesystem::path& backup, const std::filesystem::path& database)
{
    std::error_code ec;
    if (std::filesystem::exists(database, ec) && std::filesystem::equivalent(backup, database, ec)) {
        throw StorageError(fmt::format("'{}' is the live database itself, not a backup of it", backup.string()));
    }
    RestoreReport report;
    report.backup = inspectBackup(backup);
    if (const auto pid = otherProcessUsing(database)) {
        throw StorageError(fmt::format("'{}' is open in another program (process {}): close the TasteLab window and "
                                       "any tastelab-cli using this workspace, then restore again; nothing was changed",
            database.string(), *pid));
    }
    const std::string stamp = util::utcFileStamp();
    auto aside = database;
    aside += ".before-restore-" + stamp;
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> moved;  // from, to
    auto undo = [&] {
        for (auto it = moved.rbegin(); it != moved.rend(); ++it) std::filesystem::rename(it->second, it->first, ec);
    };
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        auto from = database;
        from += suffix;
        if (!std::filesystem::exists(from, ec)) continue;
        auto to = aside;
        to += suffix;
        if (std::filesystem::exists(to, ec)) {
            undo();
            throw StorageError(fmt::format("'{}' already exists; restore again in a second", to.string()));
        }
        std::filesystem::rename(from, to, ec);
        if (ec) {
            const std::string message = ec.message();
            undo();
            throw StorageError(fmt::format(
                "cannot move '{}' aside to '{}': {}; nothing was changed", from.string(), to.string(), message));
        }
        moved.emplace_back(from, to);
        report.keptAside.push_back(to);
    }
    auto temporary = database;
    temporary += fmt::format(".restoring-{}", ::getpid());
    try {
        std::filesystem::remove(temporary, ec);
        copyFileDurably(backup, temporary);
        std::filesystem::rename(temporary, database, ec);
        if (ec)
            throw StorageError(
                fmt::format("cannot move '{}' to '{}': {}", temporary.string(), database.string(), ec.message()));
        util::syncDirectory(database.has_parent_path() ? database.parent_path() : std::filesystem::path("."));
    } catch (const StorageError& e) {
        std::filesystem::remove(temporary, ec);
        undo();
        throw StorageError(fmt::format("{}; the live database was put back as it was", e.what()));
    }
    return report;
}

}  // namespace tastelab::storage
