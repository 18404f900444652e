// Writing a file so that readers see either the old file or the complete new one, never a part:
// write a temporary file beside it, flush it to disk, rename it over the target, flush the folder.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string_view>

namespace tastelab::util {

class AtomicFile {
public:
    // Opens "<target>.tmp-<pid>" for writing, with newFileMode() (owner-only by default, util/file_mode.h), the
    // mode the target keeps. Throws DataError naming the file.
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();  // removes the temporary file unless commit() succeeded
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(std::string_view bytes);
    void write(const void* data, std::size_t size);
    // fsync, rename over the target, fsync the folder. Throws DataError on any failure.
    void commit();

    const std::filesystem::path& target() const { return target_; }
    const std::filesystem::path& temporaryPath() const { return temporary_; }

private:
    std::filesystem::path target_;
    std::filesystem::path temporary_;
    std::FILE* file_ = nullptr;
    bool committed_ = false;
};

void writeFileAtomically(const std::filesystem::path& target, std::string_view bytes);

// fsync on a folder, so that a rename or a new file in it survives a crash.
void syncDirectory(const std::filesystem::path& dir);

}  // namespace tastelab::util
