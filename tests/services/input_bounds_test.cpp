// Issue 20, point 5, for the files a user hands to the services: a rating CSV or an image manifest that is a FIFO, a
// device, a folder, or holds an endless line is refused with a message naming the file (and the line), without
// blocking and with nothing stored.
#include "app/services/image_import.h"
#include "app/services/rating_import.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "tests/support/test_support.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <string>

using namespace tastelab;
using tastelab::testing::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

class ServiceInputBounds : public ::testing::Test {
protected:
    // Before the bounded reads a FIFO blocked std::ifstream's open forever: the alarm ends the binary instead.
    void SetUp() override { ::alarm(60); }
    void TearDown() override { ::alarm(0); }

    fs::path fifo(const std::string& name)
    {
        const fs::path file = dir_ / name;
        EXPECT_EQ(::mkfifo(file.c_str(), 0600), 0) << std::strerror(errno);
        return file;
    }
    fs::path endless(const std::string& name, const std::string& header)
    {
        const fs::path file = dir_ / name;
        std::ofstream(file, std::ios::binary) << header << std::string(2'000'000, 'x');
        return file;
    }
    std::string ratingError(const fs::path& file)
    {
        try {
            services::importRatings(workspace_, file, {});
        } catch (const services::RatingImportError& e) {
            return e.what();
        }
        ADD_FAILURE() << file << " was accepted";
        return {};
    }
    std::string manifestError(const fs::path& manifest)
    {
        fs::create_directories(dir_ / "incoming");
        services::ImageImportOptions options;
        options.manifest = manifest;
        try {
            services::importImages(workspace_, dir_ / "incoming", options);
        } catch (const services::ImportError& e) {
            return e.what();
        }
        ADD_FAILURE() << manifest << " was accepted";
        return {};
    }
    void expectNothingStored()
    {
        const storage::AnswerCounts counts = storage::AnswerStore(workspace_.database()).counts();
        EXPECT_EQ(counts.ratings, 0);
        EXPECT_EQ(counts.comparisons, 0);
        EXPECT_EQ(storage::ImageStore(workspace_.database()).count(), 0);
    }

    TempDir dir_;
    services::Workspace workspace_ = services::Workspace::create(dir_ / "ws", "bounds");
};

}  // namespace

TEST_F(ServiceInputBounds, ARatingFileThatIsAFifoIsRefusedWithoutBlocking)
{
    const fs::path file = fifo("ratings.csv");
    EXPECT_THAT(ratingError(file), AllOf(HasSubstr(file.string()), HasSubstr("FIFO")));
    expectNothingStored();
}

TEST_F(ServiceInputBounds, ARatingFileThatIsADeviceOrAFolderIsRefused)
{
    if (fs::exists("/dev/zero")) {
        EXPECT_THAT(ratingError("/dev/zero"), AllOf(HasSubstr("/dev/zero"), HasSubstr("character device")));
    }
    fs::create_directories(dir_ / "ratings.csv");
    EXPECT_THAT(ratingError(dir_ / "ratings.csv"), HasSubstr("a folder, not a file"));
    expectNothingStored();
}

TEST_F(ServiceInputBounds, AnEndlessLineInARatingFileIsRefusedWithItsNumber)
{
    const fs::path file = endless("ratings.csv", "person,image,value\n");
    EXPECT_THAT(ratingError(file),
        AllOf(HasSubstr(file.string()), HasSubstr("line 2"), HasSubstr("longer than 1048576 bytes")));
    expectNothingStored();
}

TEST_F(ServiceInputBounds, AManifestThatIsAFifoOrHoldsAnEndlessLineIsRefused)
{
    const fs::path pipe = fifo("manifest.csv");
    EXPECT_THAT(manifestError(pipe), AllOf(HasSubstr(pipe.string()), HasSubstr("FIFO")));
    const fs::path file = endless("manifest.jsonl", "");
    EXPECT_THAT(manifestError(file),
        AllOf(HasSubstr(file.string()), HasSubstr("line 1"), HasSubstr("longer than 1048576 bytes")));
    expectNothingStored();
}
