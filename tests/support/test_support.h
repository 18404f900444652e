// Helpers shared by the tests: temporary folders that clean up after themselves, file helpers,
// and the location of the shared real-world data.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace tastelab::testing {

class TempDir {
public:
    TempDir()
    {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path()
            / ("tastelab-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

inline std::vector<std::uint8_t> readBytes(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void writeBytes(const std::filesystem::path& file, const std::vector<std::uint8_t>& bytes)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// ../shared/data, or an empty path when it is not there (tests then GTEST_SKIP with a message).
inline std::filesystem::path sharedData()
{
    const std::filesystem::path path(TASTELAB_SHARED_DATA);
    std::error_code ec;
    return std::filesystem::is_directory(path, ec) ? path : std::filesystem::path();
}

}  // namespace tastelab::testing

#define TASTELAB_REQUIRE_SHARED_DATA(relative)                                                                         \
    do {                                                                                                               \
        if (::tastelab::testing::sharedData().empty()                                                                  \
            || !std::filesystem::exists(::tastelab::testing::sharedData() / (relative))) {                             \
            GTEST_SKIP() << "shared test data '" << (relative) << "' not found under " << TASTELAB_SHARED_DATA         \
                         << " (it lives in ../shared/data beside the project)";                                        \
        }                                                                                                              \
    } while (false)
