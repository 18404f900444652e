// Files that a writer given a path by the user (an export, a report, a backup) must never replace:
// the database files of every workspace this process opened. storage/ registers them as it opens a
// database; util's writers (AtomicFile) and storage's backup refuse them.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

namespace tastelab::util {

// Guards `file` and its SQLite companions (-wal, -shm, -journal).
void guardDatabaseFile(const std::filesystem::path& file);
// Compared by name and by stat(), so a link to a guarded file is found too. Returns the guarded file
// that `target` would replace, if any.
std::optional<std::filesystem::path> guardedFileAt(const std::filesystem::path& target);
// Throws DataError naming `what`, the target and the guarded file when `target` is one of them.
void refuseGuardedFile(const std::filesystem::path& target, std::string_view what);

}  // namespace tastelab::util
