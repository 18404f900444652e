// Folder import: good files imported with their manifest data, duplicates found by content, and
// every bad file rejected with its reason while the good ones beside it go in.
#include "app/services/embeddings.h"
#include "app/services/image_import.h"
#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "tests/support/test_support.h"
#include "util/sha256.h"

#include <gmock/gmock.h>

#include <chrono>

using namespace tastelab;
using tastelab::testing::TempDir;
using tastelab::testing::writeBytes;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

model::RgbImage pattern(int width, int height, int seed)
{
    model::RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.resize(std::size_t(width) * height * 3);
    for (std::size_t i = 0; i < image.pixels.size(); ++i) image.pixels[i] = std::uint8_t((i * 7 + seed * 31) % 251);
    return image;
}

void writeText(const fs::path& file, const std::string& text)
{
    writeBytes(file, std::vector<std::uint8_t>(text.begin(), text.end()));
}

std::string reasonFor(const services::ImageImportReport& report, const std::string& name)
{
    for (const auto& r : report.rejected) {
        if (r.file.filename() == name) return r.reason;
    }
    return "(not rejected)";
}

class ImageImportTest : public ::testing::Test {
protected:
    TempDir dir_;
    services::Workspace workspace_ = services::Workspace::create(dir_ / "ws", "import test");
    fs::path source_ = dir_ / "incoming";
};

}  // namespace

TEST_F(ImageImportTest, ImportsGoodFilesAndRejectsEachBadOneWithItsReason)
{
    fs::create_directories(source_ / "sub");
    const auto png = model::encodePng(pattern(64, 48, 1));
    writeBytes(source_ / "good.png", png);
    writeBytes(source_ / "sub" / "Bild ä東.jpg", model::encodeJpeg(pattern(40, 40, 2), 90));
    writeBytes(source_ / "copy-of-good.png", png);  // same bytes, other name
    writeBytes(source_ / "empty.png", {});
    auto cutPng = model::encodePng(pattern(128, 128, 3));
    cutPng.resize(cutPng.size() / 2);
    writeBytes(source_ / "cut.png", cutPng);
    auto cutJpeg = model::encodeJpeg(pattern(128, 128, 4), 90);
    cutJpeg.resize(cutJpeg.size() / 2);
    writeBytes(source_ / "cut.jpg", cutJpeg);
    auto bomb = model::encodePng(pattern(16, 16, 5));
    const std::uint8_t side[4] = {0x00, 0x01, 0x86, 0xA0};  // 100000
    std::copy(side, side + 4, bomb.begin() + 16);
    std::copy(side, side + 4, bomb.begin() + 20);
    writeBytes(source_ / "bomb.png", bomb);
    writeText(source_ / "notes.png", "these are my notes, not a picture\n");
    writeText(source_ / "readme.txt", "skipped");

    const auto report = services::importImages(workspace_, source_);
    ASSERT_EQ(report.imported.size(), 2u);
    ASSERT_EQ(report.duplicates.size(), 1u);
    EXPECT_EQ(report.rejected.size(), 5u);
    EXPECT_EQ(report.skipped.size(), 1u);
    EXPECT_THAT(reasonFor(report, "empty.png"), HasSubstr("empty"));
    EXPECT_THAT(reasonFor(report, "cut.png"), HasSubstr("cannot be decoded"));
    EXPECT_THAT(reasonFor(report, "cut.jpg"), HasSubstr("truncated"));
    EXPECT_THAT(reasonFor(report, "bomb.png"), HasSubstr("100000x100000"));
    EXPECT_THAT(reasonFor(report, "notes.png"), HasSubstr("not a supported image"));

    storage::ImageStore images(workspace_.database());
    EXPECT_EQ(images.count(), 2);
    const auto good = images.findBySha256(util::sha256Hex(png.data(), png.size()));
    ASSERT_TRUE(good);
    EXPECT_EQ(good->width, 64);
    EXPECT_EQ(good->height, 48);
    EXPECT_EQ(good->format, "png");
    ASSERT_TRUE(good->libraryPath);
    // The library copy holds the same bytes, and a thumbnail exists.
    EXPECT_EQ(tastelab::testing::readBytes(workspace_.libraryDir() / *good->libraryPath), png);
    EXPECT_TRUE(fs::exists(workspace_.thumbnailsDir() / good->sha256.substr(0, 2) / (good->sha256 + ".jpg")));
    const auto unicode = images.findByOriginalName("Bild ä東.jpg");
    ASSERT_EQ(unicode.size(), 1u);
    EXPECT_EQ(unicode[0].format, "jpeg");

    // A second import of the same folder finds only duplicates.
    const auto again = services::importImages(workspace_, source_);
    EXPECT_EQ(again.imported.size(), 0u);
    EXPECT_EQ(again.duplicates.size(), 3u);
}

TEST_F(ImageImportTest, CsvManifestGivesPromptsSeedsAndParameters)
{
    fs::create_directories(source_ / "batch");
    writeBytes(source_ / "batch" / "a.png", model::encodePng(pattern(32, 32, 1)));
    writeBytes(source_ / "b.png", model::encodePng(pattern(32, 32, 2)));
    writeText(dir_ / "manifest.csv",
        "file,prompt,negative_prompt,generator,seed,cfg,sampler\n"
        "batch/a.png,\"a fox, in watercolor\",blurry,sd-turbo,4294967297,0,euler\n"
        "b.png,neon city,,flux,7,3.5,\n"
        "missing.png,ghost,,,,,\n");
    services::ImageImportOptions options;
    options.manifest = dir_ / "manifest.csv";
    const auto report = services::importImages(workspace_, source_, options);
    ASSERT_EQ(report.imported.size(), 2u);
    ASSERT_EQ(report.manifestWarnings.size(), 1u);
    EXPECT_THAT(report.manifestWarnings[0], HasSubstr("manifest.csv:4"));
    storage::ImageStore images(workspace_.database());
    const auto a = images.findByOriginalName("a.png");
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].prompt, "a fox, in watercolor");
    EXPECT_EQ(a[0].negativePrompt, "blurry");
    EXPECT_EQ(a[0].generator, "sd-turbo");
    EXPECT_EQ(a[0].seed, 4294967297);
    EXPECT_EQ(a[0].parameters, R"({"cfg":"0","sampler":"euler"})");
    const auto b = images.findByOriginalName("b.png");
    EXPECT_EQ(b[0].seed, 7);
    EXPECT_FALSE(b[0].negativePrompt);
}

TEST_F(ImageImportTest, JsonlManifestKeepsTypedParameters)
{
    fs::create_directories(source_);
    writeBytes(source_ / "a.png", model::encodePng(pattern(32, 32, 1)));
    writeText(dir_ / "m.jsonl",
        "{\"file\": \"a.png\", \"prompt\": \"café\", \"seed\": 12, \"steps\": 4, \"tags\": [\"x\"]}\n");
    services::ImageImportOptions options;
    options.manifest = dir_ / "m.jsonl";
    ASSERT_EQ(services::importImages(workspace_, source_, options).imported.size(), 1u);
    const auto a = storage::ImageStore(workspace_.database()).findByOriginalName("a.png");
    EXPECT_EQ(a[0].prompt, "café");
    EXPECT_EQ(a[0].seed, 12);
    EXPECT_EQ(a[0].parameters, R"({"steps":4,"tags":["x"]})");
}

TEST_F(ImageImportTest, MalformedManifestsAreRefusedWithLineNumbersAndImportNothing)
{
    fs::create_directories(source_);
    writeBytes(source_ / "a.png", model::encodePng(pattern(32, 32, 1)));
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"quote.csv", "file,prompt\na.png,\"never closed\nb.png,x\n"},
        {"utf8.csv", "file,prompt\na.png,ok\nb.png,bad \xff byte\n"},
        {"nofile.csv", "name,prompt\na.png,x\n"},
        {"seed.csv", "file,seed\na.png,12\nb.png,twelve\n"},
        {"columns.csv", "file,prompt\na.png,x,extra\n"},
        {"dup.csv", "file\na.png\nb.png\na.png\n"},
        {"bad.jsonl", "{\"file\": \"a.png\"}\n{\"file\": \"b.png\",}\n"},
        {"nofile.jsonl", "{\"prompt\": \"x\"}\n"},
    };
    const std::vector<std::string> expected = {"quote.csv:2", "utf8.csv:3", "missing column 'file'", "seed.csv:3",
        "columns.csv:2", "dup.csv:4", "bad.jsonl:2", "nofile.jsonl:1"};
    for (std::size_t i = 0; i < cases.size(); ++i) {
        writeText(dir_ / cases[i].first, cases[i].second);
        services::ImageImportOptions options;
        options.manifest = dir_ / cases[i].first;
        try {
            services::importImages(workspace_, source_, options);
            ADD_FAILURE() << cases[i].first << " was accepted";
        } catch (const services::ImportError& e) {
            EXPECT_THAT(e.what(), HasSubstr(expected[i])) << cases[i].first;
        }
    }
    EXPECT_EQ(storage::ImageStore(workspace_.database()).count(), 0);
}

TEST_F(ImageImportTest, LinkModeReferencesFilesInPlace)
{
    fs::create_directories(source_);
    writeBytes(source_ / "a.webp", {});  // rejected, but the good one goes in
    writeBytes(source_ / "b.png", model::encodePng(pattern(20, 20, 9)));
    services::ImageImportOptions options;
    options.copyIntoLibrary = false;
    const auto report = services::importImages(workspace_, source_, options);
    ASSERT_EQ(report.imported.size(), 1u);
    const auto b = storage::ImageStore(workspace_.database()).findById(report.imported[0].imageId);
    ASSERT_TRUE(b->externalPath);
    EXPECT_EQ(fs::path(*b->externalPath), fs::absolute(source_ / "b.png").lexically_normal());
    EXPECT_FALSE(b->libraryPath);
}

TEST_F(ImageImportTest, ImportsExactlyTheDroppedFiles)
{
    fs::create_directories(source_ / "sub");
    writeBytes(source_ / "a.png", model::encodePng(pattern(20, 20, 1)));
    writeBytes(source_ / "b.png", model::encodePng(pattern(20, 20, 2)));
    writeBytes(source_ / "sub" / "c.png", model::encodePng(pattern(20, 20, 3)));
    writeText(source_ / "notes.txt", "not an image");
    services::ImageImportOptions options;
    options.files = {source_ / "a.png", source_ / "sub" / "c.png", source_ / "notes.txt"};
    const auto report = services::importImages(workspace_, source_, options);
    ASSERT_EQ(report.imported.size(), 2u);
    EXPECT_EQ(report.imported[0].file.filename(), "a.png");
    EXPECT_EQ(report.imported[1].file.filename(), "c.png");
    ASSERT_EQ(report.skipped.size(), 1u);
    EXPECT_EQ(storage::ImageStore(workspace_.database()).count(), 2);
}

TEST_F(ImageImportTest, CancelStopsBetweenFiles)
{
    fs::create_directories(source_);
    for (int i = 0; i < 20; ++i) {
        writeBytes(source_ / ("img" + std::to_string(i) + ".png"), model::encodePng(pattern(16, 16, i)));
    }
    std::atomic<bool> cancel{false};
    services::ImageImportOptions options;
    options.threads = 1;
    options.cancel = &cancel;
    options.onProgress = [&](std::size_t done, std::size_t) {
        if (done >= 4) cancel = true;
    };
    const auto report = services::importImages(workspace_, source_, options);
    EXPECT_TRUE(report.cancelled);
    EXPECT_EQ(report.imported.size(), 4u);
    EXPECT_EQ(storage::ImageStore(workspace_.database()).count(), 4);
}

TEST_F(ImageImportTest, ImportsRealGeneratedImages)
{
    TASTELAB_REQUIRE_SHARED_DATA("viper-one-user/liked/0.png");
    const auto report = services::importImages(workspace_, tastelab::testing::sharedData() / "viper-one-user");
    EXPECT_EQ(report.imported.size() + report.duplicates.size(), 20u);
    EXPECT_TRUE(report.rejected.empty()) << report.rejected.front().reason;
    const auto first = storage::ImageStore(workspace_.database()).findById(report.imported.front().imageId);
    EXPECT_EQ(first->width, 1024);
}

// A linked image is checked on every use: unchanged, it is used without hashing; touched (same bytes) it
// is hashed once and its new time recorded; replaced by other bytes (even of the same size) or removed, it
// is refused by name, and the embedding pass lists it instead of encoding the new picture under the old hash.
TEST_F(ImageImportTest, LinkedFilesChangedOnDiskAreNamedAndNeverUsed)
{
    fs::create_directories(source_);
    writeBytes(source_ / "a.png", model::encodePng(pattern(32, 32, 1)));
    writeBytes(source_ / "b.png", model::encodePng(pattern(32, 32, 2)));
    writeBytes(source_ / "c.png", model::encodePng(pattern(32, 32, 3)));
    services::ImageImportOptions options;
    options.copyIntoLibrary = false;
    const auto report = services::importImages(workspace_, source_, options);
    ASSERT_EQ(report.imported.size(), 3u);
    storage::ImageStore images(workspace_.database());
    auto record = [&](const std::string& name) { return images.findByOriginalName(name).at(0); };
    ASSERT_TRUE(record("a.png").externalMtimeNs.has_value()) << "the time of a linked file is recorded at import";
    EXPECT_EQ(services::verifiedImageFile(workspace_, record("a.png")), source_ / "a.png");

    // Touched: the bytes are the same, so it is still this image, and the new time is recorded.
    const auto touched = fs::file_time_type::clock::now() + std::chrono::seconds(5);
    fs::last_write_time(source_ / "b.png", touched);
    EXPECT_NO_THROW(services::verifiedImageFile(workspace_, record("b.png")));
    EXPECT_EQ(record("b.png").externalMtimeNs, services::fileMtimeNs(source_ / "b.png"));

    // Replaced by another picture padded to the same size: only the hash tells.
    const auto original = tastelab::testing::readBytes(source_ / "a.png");
    auto other = model::encodePng(pattern(32, 32, 9));
    other.resize(original.size(), 0);
    writeBytes(source_ / "a.png", other);
    fs::last_write_time(source_ / "a.png", touched);
    try {
        services::verifiedImageFile(workspace_, record("a.png"));
        FAIL() << "a replaced linked file was accepted";
    } catch (const services::ImageFileError& e) {
        EXPECT_THAT(e.what(), HasSubstr("a.png' holds other bytes than when it was imported"));
    }
    fs::remove(source_ / "c.png");
    EXPECT_THROW(services::verifiedImageFile(workspace_, record("c.png")), services::ImageFileError);

    services::EmbeddingOptions embed;
    embed.backbone = "look";
    embed.device = "cpu";
    const auto embedded = services::encodeWorkspaceImages(workspace_, embed);
    EXPECT_EQ(embedded.encoded, 1u) << "only the touched file, whose bytes are unchanged, is embedded";
    ASSERT_EQ(embedded.failures.size(), 2u);
    std::string failures;
    for (const auto& [file, reason] : embedded.failures) failures += reason + "\n";
    EXPECT_THAT(failures, HasSubstr("holds other bytes"));
    EXPECT_THAT(failures, HasSubstr("is missing"));
    storage::EmbeddingCache cache(workspace_.database());
    EXPECT_FALSE(cache.get(record("a.png").sha256, embedded.backboneKey).has_value());
}
