// Online backup and integrity checks.
#include "storage/maintenance.h"

#include "storage/atomic_file.h"
#include "storage/database.h"
#include "storage/file_mode.h"
#include "storage/storage_error.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

namespace tastelab::storage {

void backupDatabase(Database& source, const std::filesystem::path& target, bool overwrite)
{
    std::error_code ec;
    if (!overwrite && std::filesystem::exists(target, ec)) {
        throw StorageError(fmt::format("'{}' already exists; choose another name for the backup", target.string()));
    }
    std::filesystem::path temporary = target;
    temporary += fmt::format(".tmp-{}", ::getpid());
    std::filesystem::remove(temporary, ec);
    createFileIfMissing(temporary);  // owner-only unless shared (storage/file_mode.h); the rename keeps the mode

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
    syncDirectory(target.has_parent_path() ? target.parent_path() : std::filesystem::path("."));
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
