// Backups (through SQLite's online backup API, never by copying the live file) and health checks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::storage {

class Database;

// Copies the database consistently while others may keep writing, into a temporary file beside
// `target`, then moves it into place. Refuses to overwrite an existing file unless `overwrite`.
void backupDatabase(Database& source, const std::filesystem::path& target, bool overwrite = false);

struct HealthReport {
    bool ok = false;
    std::vector<std::string> problems;  // integrity_check and foreign_key_check findings
    int schemaVersion = 0;
    std::vector<std::pair<std::string, std::int64_t>> rowCounts;  // per table
};

HealthReport checkDatabase(Database& db);

// What a backup file holds, read without writing to it (read-only, no WAL created). Throws StorageError
// naming the file when it is not a TasteLab database, is newer than this program or fails its integrity check.
struct BackupInfo {
    int schemaVersion = 0;
    std::int64_t images = 0;
    std::int64_t people = 0;
    std::int64_t ratings = 0;
    std::int64_t comparisons = 0;
};
BackupInfo inspectBackup(const std::filesystem::path& backup);

// The process id of another process that holds SQLite's lock on the database file (a connection is open
// there), 0 when it holds one but does not say, or nullopt when none does. Must be called with no
// connection of this process to the file open: it opens the file itself, and closing that descriptor would
// drop this process's SQLite locks on it.
std::optional<long> otherProcessUsing(const std::filesystem::path& database);

struct RestoreReport {
    BackupInfo backup;
    std::vector<std::filesystem::path> keptAside;  // the files that were live, renamed, never deleted
};

// Puts the backup in place of the workspace database `database`: checks the backup, refuses while another
// process has the database open, renames the live database and its -wal, -shm and -journal aside as
// "<name>.before-restore-<time>" (together, so they still open as one database), then copies the backup in
// (through a temporary file, flushed, renamed). On a failure after the renames, they are undone.
RestoreReport restoreDatabase(const std::filesystem::path& backup, const std::filesystem::path& database);

}  // namespace tastelab::storage
