// Reading files a user names (images, model folders, checkpoints, CSV and JSON files) with bounds: only regular files
// are read (a FIFO, a terminal or other device, a socket or a folder is refused before it is opened, so nothing blocks
// on an open or reads forever), never more than a limit of bytes, and, for text, never a line longer than a limit.
// Every error is a DataError whose message names the file and what is wrong with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace tastelab::util {

// Limits by kind of file (callers may choose others).
inline constexpr std::uint64_t kMaxConfigFileBytes = std::uint64_t{64} << 20;  // config.json, tokenizer JSON, indexes
inline constexpr std::uint64_t kMaxTableFileBytes = std::uint64_t{256} << 20;  // CSV and manifest files
inline constexpr std::uint64_t kMaxImageFileBytes = std::uint64_t{256} << 20;
inline constexpr std::uint64_t kMaxTextLineBytes = std::uint64_t{1} << 20;  // one CSV or text line

// A regular file open for reading (read-only, close-on-exec).
class ReadOnlyFile {
public:
    // Refuses anything that is not a regular file (after following symbolic links) before opening it, naming what it
    // is ("a folder", "a FIFO (named pipe)", "a character device", ...). The file is opened with O_NONBLOCK and
    // O_NOCTTY and checked again on the open descriptor, so a path swapped for a FIFO or a terminal in between is
    // refused as well instead of blocking. `what` names the kind of file in messages ("image", "config file").
    static ReadOnlyFile open(const std::filesystem::path& file, std::string_view what = "file");

    ReadOnlyFile(ReadOnlyFile&& other) noexcept;
    ReadOnlyFile& operator=(ReadOnlyFile&& other) noexcept;
    ReadOnlyFile(const ReadOnlyFile&) = delete;
    ReadOnlyFile& operator=(const ReadOnlyFile&) = delete;
    ~ReadOnlyFile();

    const std::filesystem::path& path() const { return path_; }
    // The size when it was opened.
    std::uint64_t size() const { return size_; }
    // Exactly `count` bytes from `offset`. A range past the size at opening, or a short read (the file was truncated
    // since), throws naming the file, the offset and the count.
    void readAt(std::uint64_t offset, void* target, std::uint64_t count) const;
    // Up to `count` bytes from the current position; 0 at the end of the file.
    std::size_t readSome(void* target, std::size_t count);

private:
    ReadOnlyFile() = default;

    int fd_ = -1;
    std::filesystem::path path_;
    std::string what_;
    std::uint64_t size_ = 0;
};

// The whole file, when it is a regular file of at most `maxBytes` bytes; otherwise "<what> '<file>' is N bytes, more
// than the limit of M bytes" (also when it grows past the limit while being read).
std::string readFileBounded(const std::filesystem::path& file, std::uint64_t maxBytes, std::string_view what = "file");

// readFileBounded, and no line (the bytes up to a '\n') longer than `maxLineBytes`: "line N of <what> '<file>' is
// longer than M bytes". The check runs while reading, so an endless line stops the read at the limit.
std::string readTextFileBounded(const std::filesystem::path& file, std::uint64_t maxBytes, std::uint64_t maxLineBytes,
    std::string_view what = "file");

}  // namespace tastelab::util
