// The owner-only default for new files and folders, and the choice to follow the umask instead.
#include "util/file_mode.h"

#include "util/error.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace tastelab::util {
namespace {

constexpr int kUnset = -1;
std::atomic<int> chosen{kUnset};

}  // namespace

bool sharedFilesRequestedByEnvironment()
{
    const char* value = std::getenv("TASTELAB_SHARED_FILES");
    if (!value) return false;
    std::string text(value);
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text == "1" || text == "true" || text == "yes" || text == "on";
}

FileSharing fileSharing()
{
    const int value = chosen.load();
    if (value != kUnset) return static_cast<FileSharing>(value);
    return sharedFilesRequestedByEnvironment() ? FileSharing::FollowUmask : FileSharing::OwnerOnly;
}

void setFileSharing(FileSharing sharing)
{
    chosen = static_cast<int>(sharing);
}

unsigned newFileMode()
{
    return fileSharing() == FileSharing::OwnerOnly ? 0600u : 0666u;
}

unsigned newFolderMode()
{
    return fileSharing() == FileSharing::OwnerOnly ? 0700u : 0777u;
}

bool createFileIfMissing(const std::filesystem::path& file)
{
    // O_EXCL: an existing file is never opened here (closing a descriptor of an SQLite file that this process has
    // open would drop its POSIX locks).
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(newFileMode()));
    if (fd < 0) return errno == EEXIST;
    ::close(fd);
    return true;
}

void restrictToOwner(const std::filesystem::path& path)
{
    if (fileSharing() != FileSharing::OwnerOnly) return;
    struct stat info { };
    if (::stat(path.c_str(), &info) != 0 || ::chmod(path.c_str(), S_ISDIR(info.st_mode) ? 0700 : 0600) != 0) {
        throw DataError(
            fmt::format("cannot make '{}' readable by its owner only: {}", path.string(), std::strerror(errno)));
    }
}

bool createFolders(const std::filesystem::path& dir)
{
    std::filesystem::path prefix;
    bool created = false;
    for (const auto& part : dir) {
        prefix /= part;
        if (part.empty() || part == prefix.root_path()) continue;
        if (::mkdir(prefix.c_str(), static_cast<mode_t>(newFolderMode())) == 0) {
            created = true;
            continue;
        }
        const int error = errno;
        struct stat info { };
        if (error == EEXIST && ::stat(prefix.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
            created = false;
            continue;
        }
        throw DataError(fmt::format("cannot create folder '{}': {}", prefix.string(),
            error == EEXIST ? std::string("a file of that name is in the way") : std::strerror(error)));
    }
    return created;
}

}  // namespace tastelab::util
