// The registry of guarded database files; see guarded_files.h.
#include "util/guarded_files.h"

#include "util/error.h"

#include <fmt/core.h>

#include <algorithm>
#include <mutex>
#include <system_error>
#include <vector>

namespace tastelab::util {
namespace {

std::mutex& guardedMutex()
{
    static std::mutex mutex;
    return mutex;
}

std::vector<std::filesystem::path>& guardedDatabases()
{
    static std::vector<std::filesystem::path> files;
    return files;
}

std::filesystem::path normalized(const std::filesystem::path& file)
{
    std::error_code ec;
    auto path = std::filesystem::weakly_canonical(std::filesystem::absolute(file, ec), ec);
    return ec ? file.lexically_normal() : path;
}

}  // namespace

void guardDatabaseFile(const std::filesystem::path& file)
{
    const auto path = normalized(file);
    std::lock_guard lock(guardedMutex());
    auto& files = guardedDatabases();
    if (std::find(files.begin(), files.end(), path) == files.end()) files.push_back(path);
}

std::optional<std::filesystem::path> guardedFileAt(const std::filesystem::path& target)
{
    const auto path = normalized(target);
    std::lock_guard lock(guardedMutex());
    for (const auto& database : guardedDatabases()) {
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            auto own = database;
            own += suffix;
            std::error_code ec;
            // Same name, or another name of the same file (a hard or symbolic link): compared by stat().
            if (path == own || std::filesystem::equivalent(target, own, ec)) return own;
        }
    }
    return std::nullopt;
}

void refuseGuardedFile(const std::filesystem::path& target, std::string_view what)
{
    if (const auto own = guardedFileAt(target)) {
        throw DataError(fmt::format("refusing to write {} '{}': it is the workspace database file '{}'; nothing "
                                    "was written (choose a path outside the workspace's own files)",
            what, target.string(), own->string()));
    }
}

}  // namespace tastelab::util
