// util/bounded_file.h: a FIFO, a device, a socket and a folder are refused before they are opened (nothing blocks or
// reads forever), sizes and line lengths are bounded while reading, and every message names the file.
#include "util/bounded_file.h"

#include "tests/support/test_support.h"
#include "util/error.h"
#include "util/sha256.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <string>

namespace tastelab::util {
namespace {

using tastelab::testing::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;

// A read that blocks (the old std::ifstream on a FIFO) ends the test binary instead of hanging the suite.
class BoundedFile : public ::testing::Test {
protected:
    void SetUp() override { ::alarm(60); }
    void TearDown() override { ::alarm(0); }
};

std::string errorOf(const std::function<void()>& function)
{
    try {
        function();
    } catch (const DataError& error) {
        return error.what();
    }
    ADD_FAILURE() << "no DataError was thrown";
    return {};
}

void writeText(const std::filesystem::path& file, const std::string& text)
{
    std::ofstream(file, std::ios::binary) << text;
}

TEST_F(BoundedFile, ReadsARegularFileWhole)
{
    TempDir dir;
    writeText(dir / "a.txt", "one\ntwo\n");
    EXPECT_EQ(readFileBounded(dir / "a.txt", 100), "one\ntwo\n");
    EXPECT_EQ(readTextFileBounded(dir / "a.txt", 100, 3), "one\ntwo\n");
    writeText(dir / "empty.txt", "");
    EXPECT_EQ(readFileBounded(dir / "empty.txt", 0), "");
}

TEST_F(BoundedFile, RefusesAFifoWithoutOpeningIt)
{
    TempDir dir;
    const auto fifo = dir / "pipe.csv";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
    for (const auto& read : std::vector<std::function<void()>>{[&] { readFileBounded(fifo, 1000, "rating file"); },
             [&] { readTextFileBounded(fifo, 1000, 10); }, [&] { ReadOnlyFile::open(fifo); },
             [&] { sha256FileHex(fifo); }}) {
        EXPECT_THAT(errorOf(read), AllOf(HasSubstr(fifo.string()), HasSubstr("FIFO")));
    }
    EXPECT_THAT(errorOf([&] { readFileBounded(fifo, 1000, "rating file"); }), HasSubstr("cannot read rating file"));
}

TEST_F(BoundedFile, RefusesDevicesThatNeverEnd)
{
    for (const char* device : {"/dev/zero", "/dev/urandom", "/dev/null"}) {
        if (!std::filesystem::exists(device)) continue;
        EXPECT_THAT(errorOf([&] { readFileBounded(device, 1 << 20, "image"); }),
            AllOf(HasSubstr(device), HasSubstr("character device"), HasSubstr("image")));
        EXPECT_THAT(errorOf([&] { sha256FileHex(device); }), HasSubstr("character device"));
    }
}

TEST_F(BoundedFile, RefusesAFolderAndASocketAndAMissingFile)
{
    TempDir dir;
    EXPECT_THAT(errorOf([&] { readFileBounded(dir.path(), 100, "config file"); }),
        AllOf(HasSubstr(dir.path().string()), HasSubstr("a folder, not a file")));

    const auto socketPath = dir / "s";
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socketPath.c_str(), sizeof address.sun_path - 1);
    if (socketPath.string().size() < sizeof address.sun_path
        && ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
        EXPECT_THAT(errorOf([&] { readFileBounded(socketPath, 100); }), HasSubstr("a socket"));
    }
    ::close(fd);

    EXPECT_THAT(errorOf([&] { readFileBounded(dir / "absent.json", 100, "config file"); }),
        AllOf(HasSubstr("absent.json"), HasSubstr("No such file")));
}

TEST_F(BoundedFile, RefusesAFileLargerThanTheLimitNamingSizeAndLimit)
{
    TempDir dir;
    writeText(dir / "big.json", std::string(1000, 'x'));
    EXPECT_THAT(errorOf([&] { readFileBounded(dir / "big.json", 999, "config file"); }),
        AllOf(HasSubstr("big.json"), HasSubstr("1000 bytes"), HasSubstr("limit of 999 bytes")));
    EXPECT_EQ(readFileBounded(dir / "big.json", 1000).size(), 1000u);
}

TEST_F(BoundedFile, AnEndlessLineIsRefusedWithItsNumber)
{
    TempDir dir;
    // 2 MB without a line break, as a CSV header row.
    writeText(dir / "endless.csv", std::string(2'000'000, 'a'));
    EXPECT_THAT(errorOf([&] { readTextFileBounded(dir / "endless.csv", 16 << 20, kMaxTextLineBytes, "CSV file"); }),
        AllOf(HasSubstr("line 1 of CSV file"), HasSubstr("endless.csv"), HasSubstr("longer than 1048576 bytes")));

    writeText(dir / "third.txt", "short\nshort\n" + std::string(20, 'b') + "\nshort\n");
    EXPECT_THAT(errorOf([&] { readTextFileBounded(dir / "third.txt", 1000, 10); }),
        AllOf(HasSubstr("line 3 of"), HasSubstr("longer than 10 bytes")));
    EXPECT_NO_THROW(readTextFileBounded(dir / "third.txt", 1000, 20));
}

TEST_F(BoundedFile, ReadAtChecksTheRangeAgainstTheSize)
{
    TempDir dir;
    writeText(dir / "f.bin", "0123456789");
    const ReadOnlyFile file = ReadOnlyFile::open(dir / "f.bin", "weights");
    EXPECT_EQ(file.size(), 10u);
    char buffer[4] = {};
    file.readAt(6, buffer, 4);
    EXPECT_EQ(std::string(buffer, 4), "6789");
    EXPECT_THAT(errorOf([&] { file.readAt(8, buffer, 4); }), AllOf(HasSubstr("f.bin"), HasSubstr("past its end")));
    // Truncated after opening: the short read is named, not returned as data.
    std::filesystem::resize_file(dir / "f.bin", 5);
    EXPECT_THAT(errorOf([&] { file.readAt(4, buffer, 4); }), AllOf(HasSubstr("f.bin"), HasSubstr("truncated")));
}

}  // namespace
}  // namespace tastelab::util
