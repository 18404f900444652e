// Bounded reads of regular files: stat before open, O_NONBLOCK | O_NOCTTY, fstat after open, limits while reading.
#include "util/bounded_file.h"

#include "util/error.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace tastelab::util {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 16;

// What a non-regular file is, for messages.
std::string kindOf(mode_t mode)
{
    if (S_ISDIR(mode)) return "a folder, not a file";
    if (S_ISFIFO(mode)) return "a FIFO (named pipe), not a regular file";
    if (S_ISCHR(mode)) return "a character device, not a regular file";
    if (S_ISBLK(mode)) return "a block device, not a regular file";
    if (S_ISSOCK(mode)) return "a socket, not a regular file";
    return "not a regular file";
}

[[noreturn]] void refuse(const std::filesystem::path& file, std::string_view what, const std::string& problem)
{
    throw DataError(fmt::format("cannot read {} '{}': {}", what, file.string(), problem));
}

}  // namespace

ReadOnlyFile ReadOnlyFile::open(const std::filesystem::path& file, std::string_view what)
{
    // Checked before opening: opening a FIFO for reading blocks until a writer appears, and a device may never end.
    struct stat before { };
    if (::stat(file.c_str(), &before) != 0) refuse(file, what, std::strerror(errno));
    if (!S_ISREG(before.st_mode)) refuse(file, what, "it is " + kindOf(before.st_mode));

    const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) refuse(file, what, std::strerror(errno));
    struct stat after { };
    if (::fstat(fd, &after) != 0) {
        const int error = errno;
        ::close(fd);
        refuse(file, what, std::strerror(error));
    }
    if (!S_ISREG(after.st_mode)) {  // replaced between the two checks
        ::close(fd);
        refuse(file, what, "it is " + kindOf(after.st_mode));
    }
    ReadOnlyFile result;
    result.fd_ = fd;
    result.path_ = file;
    result.what_ = std::string(what);
    result.size_ = static_cast<std::uint64_t>(after.st_size);
    return result;
}

ReadOnlyFile::ReadOnlyFile(ReadOnlyFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1))
    , path_(std::move(other.path_))
    , what_(std::move(other.what_))
    , size_(other.size_)
{
}

ReadOnlyFile& ReadOnlyFile::operator=(ReadOnlyFile&& other) noexcept
{
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
        path_ = std::move(other.path_);
        what_ = std::move(other.what_);
        size_ = other.size_;
    }
    return *this;
}

ReadOnlyFile::~ReadOnlyFile()
{
    if (fd_ >= 0) ::close(fd_);
}

void ReadOnlyFile::readAt(std::uint64_t offset, void* target, std::uint64_t count) const
{
    if (offset > size_ || count > size_ - offset) {
        throw DataError(fmt::format("cannot read {} '{}': bytes {}..{} lie past its end ({} bytes)", what_,
            path_.string(), offset, offset + count, size_));
    }
    auto* out = static_cast<unsigned char*>(target);
    std::uint64_t done = 0;
    while (done < count) {
        const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(count - done, std::uint64_t{1} << 30));
        const ssize_t got = ::pread(fd_, out + done, chunk, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            throw DataError(fmt::format("cannot read {} '{}' ({} bytes at offset {}): {}", what_, path_.string(), count,
                offset, std::strerror(errno)));
        }
        if (got == 0) {
            throw DataError(fmt::format("cannot read {} '{}': it ends at byte {}, before the {} bytes at offset {} "
                                        "(was it changed or truncated?)",
                what_, path_.string(), offset + done, count, offset));
        }
        done += static_cast<std::uint64_t>(got);
    }
}

std::size_t ReadOnlyFile::readSome(void* target, std::size_t count)
{
    for (;;) {
        const ssize_t got = ::read(fd_, target, count);
        if (got >= 0) return static_cast<std::size_t>(got);
        if (errno == EINTR) continue;
        throw DataError(fmt::format("cannot read {} '{}': {}", what_, path_.string(), std::strerror(errno)));
    }
}

namespace {

std::string readBounded(
    const std::filesystem::path& file, std::uint64_t maxBytes, std::uint64_t maxLineBytes, std::string_view what)
{
    ReadOnlyFile in = ReadOnlyFile::open(file, what);
    const auto tooLarge = [&](std::uint64_t size) {
        return DataError(
            fmt::format("{} '{}' is {} bytes, more than the limit of {} bytes", what, file.string(), size, maxBytes));
    };
    if (in.size() > maxBytes) throw tooLarge(in.size());
    std::string text;
    text.reserve(static_cast<std::size_t>(in.size()));
    std::uint64_t line = 1;
    std::uint64_t lineBytes = 0;
    char chunk[kChunkBytes];
    for (;;) {
        const std::size_t got = in.readSome(chunk, sizeof chunk);
        if (got == 0) break;
        if (text.size() + got > maxBytes) throw tooLarge(text.size() + got);  // it grew while being read
        if (maxLineBytes > 0) {
            for (std::size_t i = 0; i < got; ++i) {
                if (chunk[i] == '\n') {
                    ++line;
                    lineBytes = 0;
                } else if (++lineBytes > maxLineBytes) {
                    throw DataError(fmt::format(
                        "line {} of {} '{}' is longer than {} bytes", line, what, file.string(), maxLineBytes));
                }
            }
        }
        text.append(chunk, got);
    }
    return text;
}

}  // namespace

std::string readFileBounded(const std::filesystem::path& file, std::uint64_t maxBytes, std::string_view what)
{
    return readBounded(file, maxBytes, 0, what);
}

std::string readTextFileBounded(
    const std::filesystem::path& file, std::uint64_t maxBytes, std::uint64_t maxLineBytes, std::string_view what)
{
    return readBounded(file, maxBytes, maxLineBytes, what);
}

}  // namespace tastelab::util
