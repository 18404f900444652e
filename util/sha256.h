// SHA-256 (FIPS 180-4) for content fingerprints of data files: incremental, one-shot and whole-file.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace tastelab::util {

class Sha256 {
public:
    Sha256();

    // Throws DataError when called after finish().
    void update(const void* data, std::size_t size);
    // Pads and returns the digest. May be called once; a second call throws DataError.
    std::array<std::uint8_t, 32> finish();

private:
    void compress(const std::uint8_t* block);

    std::array<std::uint32_t, 8> state_;
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t totalBytes_ = 0;
    bool finished_ = false;
};

// Lowercase, 64 characters.
std::string toHex(const std::array<std::uint8_t, 32>& digest);
std::string sha256Hex(const void* data, std::size_t size);
std::string sha256Hex(std::string_view text);
// Streams the file in 1 MiB chunks; throws DataError naming the file when it cannot be read.
std::string sha256FileHex(const std::filesystem::path& file);

}  // namespace tastelab::util
