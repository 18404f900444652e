// Temporary file + fsync + rename + folder fsync.
#include "util/atomic_file.h"

#include "util/error.h"
#include "util/file_mode.h"
#include "util/guarded_files.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tastelab::util {

AtomicFile::AtomicFile(std::filesystem::path target)
    : target_(std::move(target))
{
    refuseGuardedFile(target_, "the file");
    temporary_ = target_;
    temporary_ += fmt::format(".tmp-{}", ::getpid());
    // Owner-only unless the user chose to share (util/file_mode.h); fchmod covers a stale temporary file.
    const int fd = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, newFileMode());
    if (fd >= 0 && fileSharing() == FileSharing::OwnerOnly) ::fchmod(fd, 0600);
    if (fd >= 0) file_ = ::fdopen(fd, "wb");
    if (!file_) {
        const int error = errno;
        if (fd >= 0) ::close(fd);
        throw DataError(fmt::format("cannot write '{}': {}", temporary_.string(), std::strerror(error)));
    }
}

AtomicFile::~AtomicFile()
{
    if (file_) std::fclose(file_);
    if (!committed_) {
        std::error_code ec;
        std::filesystem::remove(temporary_, ec);
    }
}

void AtomicFile::write(std::string_view bytes)
{
    write(bytes.data(), bytes.size());
}

void AtomicFile::write(const void* data, std::size_t size)
{
    if (size && std::fwrite(data, 1, size, file_) != size) {
        throw DataError(fmt::format("cannot write '{}': {}", temporary_.string(), std::strerror(errno)));
    }
}

void AtomicFile::commit()
{
    if (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0) {
        throw DataError(fmt::format("cannot flush '{}' to disk: {}", temporary_.string(), std::strerror(errno)));
    }
    const int closed = std::fclose(file_);
    file_ = nullptr;
    if (closed != 0) {
        throw DataError(fmt::format("cannot close '{}': {}", temporary_.string(), std::strerror(errno)));
    }
    std::error_code ec;
    std::filesystem::rename(temporary_, target_, ec);
    if (ec) {
        throw DataError(
            fmt::format("cannot move '{}' to '{}': {}", temporary_.string(), target_.string(), ec.message()));
    }
    committed_ = true;
    syncDirectory(target_.has_parent_path() ? target_.parent_path() : std::filesystem::path("."));
}

void writeFileAtomically(const std::filesystem::path& target, std::string_view bytes)
{
    AtomicFile file(target);
    file.write(bytes);
    file.commit();
}

void syncDirectory(const std::filesystem::path& dir)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        throw DataError(fmt::format("cannot open folder '{}': {}", dir.string(), std::strerror(errno)));
    }
    const int rc = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (rc != 0) {
        throw DataError(fmt::format("cannot flush folder '{}' to disk: {}", dir.string(), std::strerror(error)));
    }
}

}  // namespace tastelab::util
