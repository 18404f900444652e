// Backups (through SQLite's online backup API, never by copying the live file) and health checks.
#pragma once

#include <cstdint>
#include <filesystem>
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

}  // namespace tastelab::storage
