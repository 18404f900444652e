// Generation on real workspaces: batches stored in the library with their settings in PNG text chunks, the same seed
// giving the same bytes, a cancel that keeps what was made, validation, finding SD-Turbo, and the PNG text chunks
// themselves checked against an independent CRC-32 and hand-built tEXt/zTXt/iTXt chunks.
#include "app/services/build_info.h"
#include "app/services/generation.h"
#include "app/services/out_of_memory.h"
#include "app/services/workspace.h"
#include "model/diffusion/flux.h"
#include "model/diffusion/sd_turbo.h"
#include "model/io/image_io.h"
#include "model/nn/cancelled.h"
#include "storage/images.h"
#include "tests/support/test_support.h"
#include "tests/support/tiny_flux.h"
#include "tests/support/tiny_sd_turbo.h"

#include <c10/util/Exception.h>
#include <gmock/gmock.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>

using namespace tastelab;
using tastelab::testing::readBytes;
using tastelab::testing::TempDir;
using tastelab::testing::writeBytes;
using ::testing::HasSubstr;

namespace {

// The CRC-32 of the PNG specification, bit by bit (independent of zlib's table-driven one).
std::uint32_t referenceCrc32(const std::vector<std::uint8_t>& bytes)
{
    std::uint32_t crc = 0xFFFFFFFFu;
    for (std::uint8_t byte : bytes) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

std::uint32_t be32(const std::vector<std::uint8_t>& bytes, std::size_t at)
{
    return (std::uint32_t(bytes[at]) << 24) | (std::uint32_t(bytes[at + 1]) << 16) | (std::uint32_t(bytes[at + 2]) << 8)
        | std::uint32_t(bytes[at + 3]);
}

void appendBe32(std::vector<std::uint8_t>& out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(value >> shift));
}

// A whole chunk: length, type, data, CRC.
std::vector<std::uint8_t> chunk(const std::string& type, const std::string& data)
{
    std::vector<std::uint8_t> typeAndData(type.begin(), type.end());
    typeAndData.insert(typeAndData.end(), data.begin(), data.end());
    std::vector<std::uint8_t> out;
    appendBe32(out, static_cast<std::uint32_t>(data.size()));
    out.insert(out.end(), typeAndData.begin(), typeAndData.end());
    appendBe32(out, referenceCrc32(typeAndData));
    return out;
}

std::string zlibCompress(const std::string& text)
{
    uLongf size = compressBound(static_cast<uLong>(text.size()));
    std::string out(size, '\0');
    EXPECT_EQ(compress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
                  static_cast<uLong>(text.size())),
        Z_OK);
    out.resize(size);
    return out;
}

model::RgbImage testImage(int side = 8)
{
    model::RgbImage image;
    image.width = side;
    image.height = side;
    for (int i = 0; i < side * side * 3; ++i) image.pixels.push_back(static_cast<std::uint8_t>((i * 37) % 256));
    return image;
}

// A PNG without text, with `chunks` inserted right before IEND (the last 12 bytes).
std::vector<std::uint8_t> pngWithChunksBeforeEnd(const std::vector<std::vector<std::uint8_t>>& chunks)
{
    std::vector<std::uint8_t> png = model::encodePng(testImage());
    for (const auto& c : chunks) png.insert(png.end() - 12, c.begin(), c.end());
    return png;
}

std::string withNul(std::initializer_list<std::string> parts)
{
    std::string out;
    bool first = true;
    for (const auto& part : parts) {
        if (!first) out += '\0';
        out += part;
        first = false;
    }
    return out;
}

services::GenerationSettings proceduralSettings()
{
    services::GenerationSettings settings;
    settings.prompt = "a red fox in the snow";
    settings.negativePrompt = "blurry";
    settings.seed = 40;
    settings.size = 64;
    settings.batch = 3;
    return settings;
}

std::int64_t countRows(services::Workspace& workspace, const std::string& sql)
{
    auto statement = workspace.database().prepare(sql);
    statement.step();
    return statement.columnInt(0);
}

void writeText(const std::filesystem::path& file, const std::string& text)
{
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

// The tiny SD-Turbo folder, or why there is none (the pipeline is still a placeholder).
std::string writeTinySdTurbo(const std::filesystem::path& folder)
{
    try {
        tastelab::testing::writeTinySdTurboFolder(folder, 5);
        return {};
    } catch (const std::exception& e) {
        return e.what();
    }
}

}  // namespace

TEST(PngText, ITxtChunksFollowIhdrWithTheirCrcAndThePixelsStayTheSame)
{
    const model::RgbImage image = testImage();
    const model::PngTextChunks text{
        {"parameters", "a fox\nSteps: 1"}, {"tastelab", "{\"prompt\":\"Fuchs im Schnee, größer\"}"}};
    const std::vector<std::uint8_t> png = model::encodePng(image, text);

    // Signature (8) and IHDR (25 bytes) first, then the first iTXt chunk.
    ASSERT_GT(png.size(), 60u);
    EXPECT_EQ(std::string(png.begin() + 12, png.begin() + 16), "IHDR");
    const std::uint32_t length = be32(png, 33);
    EXPECT_EQ(std::string(png.begin() + 37, png.begin() + 41), "iTXt");
    const std::string expectedData = withNul({"parameters", std::string(4, '\0') + "a fox\nSteps: 1"});
    ASSERT_EQ(length, expectedData.size());
    EXPECT_EQ(std::string(png.begin() + 41, png.begin() + 41 + length), expectedData);
    const std::vector<std::uint8_t> typeAndData(png.begin() + 37, png.begin() + 41 + length);
    EXPECT_EQ(be32(png, 41 + length), referenceCrc32(typeAndData));

    // stb still decodes it, to the same pixels, and the text reads back in order.
    const model::RgbImage decoded = model::decodeImage(png, "text.png");
    EXPECT_EQ(decoded.width, image.width);
    EXPECT_EQ(decoded.pixels, image.pixels);
    EXPECT_EQ(model::readPngTextChunks(png, "text.png"), text);
    EXPECT_EQ(model::encodePng(image, {}), model::encodePng(image));
}

TEST(PngText, ReadsTextZtxtAndCompressedItxtChunksOfOtherTools)
{
    const std::vector<std::uint8_t> png = pngWithChunksBeforeEnd({
        chunk("tEXt", withNul({"Comment", "caf\xe9"})),  // Latin-1 in the file
        chunk("zTXt", withNul({"Description", std::string(1, '\0') + zlibCompress("long text, compressed")})),
        chunk("iTXt", withNul({"Title", std::string("\x01\x00", 2) + "de", "Titel", zlibCompress("Fuchs \xc3\xbc")})),
        chunk("tIME", std::string(7, '\x01')),  // not text: skipped
    });
    const model::PngTextChunks text = model::readPngTextChunks(png, "other.png");
    ASSERT_EQ(text.size(), 3u);
    EXPECT_EQ(text[0], std::make_pair(std::string("Comment"), std::string("caf\xc3\xa9")));
    EXPECT_EQ(text[1], std::make_pair(std::string("Description"), std::string("long text, compressed")));
    EXPECT_EQ(text[2], std::make_pair(std::string("Title"), std::string("Fuchs \xc3\xbc")));
    EXPECT_TRUE(model::readPngTextChunks(model::encodePng(testImage()), "plain.png").empty());
}

TEST(PngText, DamagedFilesAreReportedWithTheFileAndTheChunk)
{
    TempDir dir;
    std::vector<std::uint8_t> png = model::encodePng(testImage(), {{"tastelab", "{\"seed\": 7}"}});
    png[41 + 14] ^= 0x20;  // a character of the text inside the iTXt chunk
    const auto file = dir / "flipped.png";
    writeBytes(file, png);
    try {
        model::readPngTextChunks(file);
        FAIL() << "a bad CRC was not reported";
    } catch (const model::ImageError& e) {
        EXPECT_THAT(e.what(), HasSubstr(file.string()));
        EXPECT_THAT(e.what(), HasSubstr("chunk 'iTXt' at byte 33 has a bad CRC"));
    }

    const std::vector<std::uint8_t> good = model::encodePng(testImage(), {{"tastelab", "{}"}});
    const std::vector<std::uint8_t> truncated(good.begin(), good.end() - 20);
    EXPECT_THAT([&] { model::readPngTextChunks(truncated, "cut.png"); },
        ::testing::ThrowsMessage<model::ImageError>(
            ::testing::AllOf(HasSubstr("'cut.png' is truncated"), HasSubstr("IDAT"))));
    const std::vector<std::uint8_t> noEnd(good.begin(), good.end() - 12);
    EXPECT_THAT([&] { model::readPngTextChunks(noEnd, "noend.png"); },
        ::testing::ThrowsMessage<model::ImageError>(HasSubstr("without an IEND chunk")));
    EXPECT_THAT(
        [&] {
            model::readPngTextChunks(std::vector<std::uint8_t>{'G', 'I', 'F', '8', '9', 'a', 0, 0}, "x.gif");
        },
        ::testing::ThrowsMessage<model::ImageError>(HasSubstr("'x.gif' is not a PNG file")));
    const std::vector<std::uint8_t> badZ =
        pngWithChunksBeforeEnd({chunk("zTXt", withNul({"Comment", std::string(1, '\0') + "not zlib data"}))});
    EXPECT_THAT([&] { model::readPngTextChunks(badZ, "z.png"); },
        ::testing::ThrowsMessage<model::ImageError>(
            ::testing::AllOf(HasSubstr("'z.png': zTXt chunk at byte"), HasSubstr("compressed text is corrupt"))));
}

TEST(PngText, KeywordsAndTextAreChecked)
{
    const model::RgbImage image = testImage();
    for (const std::string& keyword : {std::string(), std::string(80, 'k'), std::string("two  spaces"),
             std::string(" lead"), std::string("tab\there"), std::string("gr\xc3\xb6\xc3\x9f")}) {
        EXPECT_THAT(
            [&] {
                model::encodePng(image, {{keyword, "text"}});
            },
            ::testing::ThrowsMessage<model::ImageError>(HasSubstr("PNG text keyword")))
            << keyword;
    }
    EXPECT_THAT(
        [&] {
            model::encodePng(image, {{"Comment", "\xff\xfe"}});
        },
        ::testing::ThrowsMessage<model::ImageError>(HasSubstr("'Comment' is not valid UTF-8")));
    EXPECT_NO_THROW(model::encodePng(image, {{std::string(79, 'k'), ""}}));
}

TEST(Generation, ProceduralBatchIsStoredReadyToRateWithItsSettingsInThePng)
{
    TempDir dir;
    auto workspace = services::Workspace::create(dir / "ws", "Generation");
    const services::GenerationSettings settings = proceduralSettings();
    std::vector<services::GenerationProgress> reports;
    const auto result = services::generateImages(
        workspace, settings, [&](const services::GenerationProgress& p) { reports.push_back(p); });

    ASSERT_FALSE(result.cancelled);
    ASSERT_EQ(result.images.size(), 3u);
    EXPECT_EQ(result.generatorId, "procedural-v1");
    EXPECT_EQ(result.modelId, "");
    storage::ImageStore images(workspace.database());
    EXPECT_EQ(images.count(), 3);
    EXPECT_EQ(countRows(workspace, "SELECT COUNT(*) FROM generations"), 3);
    for (std::size_t k = 0; k < 3; ++k) {
        const auto& output = result.images[k];
        EXPECT_EQ(output.seed, 40u + k);
        const auto record = images.findById(output.imageId);
        ASSERT_TRUE(record);
        EXPECT_EQ(record->origin, storage::ImageOrigin::Generated);
        EXPECT_EQ(record->generator.value_or(""), "procedural-v1");
        EXPECT_EQ(record->seed.value_or(-1), static_cast<std::int64_t>(40 + k));
        EXPECT_EQ(record->prompt.value_or(""), "a red fox in the snow");
        EXPECT_EQ(record->negativePrompt.value_or(""), "blurry");
        EXPECT_EQ(record->width, 64);
        EXPECT_EQ(output.file, workspace.libraryDir() / record->libraryPath.value_or("?"));

        const model::PngTextChunks text = model::readPngTextChunks(output.file);
        ASSERT_EQ(text.size(), 2u);
        EXPECT_EQ(text[0].first, "parameters");
        EXPECT_EQ(text[0].second,
            "a red fox in the snow\nNegative prompt: blurry\nSteps: 1, CFG scale: 0, Seed: " + std::to_string(40 + k)
                + ", Size: 64x64, Model: procedural-v1, Generator: procedural, Version: TasteLab "
                + services::tastelabVersion());
        EXPECT_EQ(text[1].first, "tastelab");
        EXPECT_THAT(text[1].second, HasSubstr("\"generatorVersion\":\"procedural-v1\""));

        // The settings that make this one image: its own seed, batch 1.
        services::GenerationSettings expected = settings;
        expected.seed = 40 + k;
        expected.batch = 1;
        const auto restored = services::settingsFromPng(output.file);
        ASSERT_TRUE(restored);
        EXPECT_EQ(*restored, expected);
        EXPECT_EQ(services::storedSettings(workspace, output.imageId), std::optional(expected));
    }
    // Progress: start and end of each image, the stored id in the report after it.
    ASSERT_EQ(reports.size(), 6u);
    EXPECT_EQ(reports[0].image, 1);
    EXPECT_EQ(reports[0].step, 0);
    EXPECT_EQ(reports[0].images, 3);
    EXPECT_DOUBLE_EQ(reports[0].fraction(), 0.0);
    EXPECT_EQ(reports[3].image, 2);
    EXPECT_EQ(reports[3].step, 1);
    EXPECT_DOUBLE_EQ(reports[3].fraction(), 2.0 / 3.0);
    EXPECT_EQ(reports[5].storedImageId, result.images[2].imageId);
    EXPECT_DOUBLE_EQ(reports[5].fraction(), 1.0);
}

TEST(Generation, TheSameSeedGivesTheSameBytes)
{
    TempDir dir;
    auto first = services::Workspace::create(dir / "a", "A");
    auto second = services::Workspace::create(dir / "b", "B");
    services::GenerationSettings settings = proceduralSettings();
    settings.batch = 1;
    const auto a = services::generateImages(first, settings);
    const auto b = services::generateImages(second, settings);
    ASSERT_EQ(a.images.size(), 1u);
    ASSERT_EQ(b.images.size(), 1u);
    EXPECT_EQ(readBytes(a.images[0].file), readBytes(b.images[0].file));

    settings.seed = 41;
    const auto c = services::generateImages(second, settings);
    ASSERT_EQ(c.images.size(), 1u);
    EXPECT_NE(model::decodeImageFile(c.images[0].file).pixels, model::decodeImageFile(a.images[0].file).pixels);
}

TEST(Generation, ACancelAfterTheFirstImageKeepsIt)
{
    TempDir dir;
    auto workspace = services::Workspace::create(dir / "ws", "Cancel");
    services::GenerationSettings settings = proceduralSettings();
    settings.batch = 5;
    std::atomic<bool> cancel{false};
    const auto result = services::generateImages(
        workspace, settings,
        [&](const services::GenerationProgress& p) {
            if (p.storedImageId != 0) cancel = true;
        },
        &cancel);
    EXPECT_TRUE(result.cancelled);
    ASSERT_EQ(result.images.size(), 1u);
    EXPECT_EQ(result.images[0].seed, 40u);
    EXPECT_EQ(storage::ImageStore(workspace.database()).count(), 1);
}

TEST(Generation, ValidateNamesTheSettingAndItsRange)
{
    EXPECT_NO_THROW(services::validate(proceduralSettings()));
    struct Case {
        std::function<void(services::GenerationSettings&)> change;
        std::string message;
    };
    const std::vector<Case> cases{
        {[](auto& s) { s.generator = "flux"; }, "unknown generator 'flux'"},
        {[](auto& s) { s.generator = "sd-turbo"; }, "the sd-turbo generator needs its model folder"},
        {[](auto& s) { s.prompt = "  \n"; }, "the prompt is empty"},
        {[](auto& s) { s.steps = 0; }, "steps is 0, but must be 1 to 4"},
        {[](auto& s) { s.steps = 5; }, "steps is 5"},
        {[](auto& s) { s.size = 1024; }, "size is 1024, but procedural images are 64 to 512"},
        {[](auto& s) { s.size = 32; }, "size is 32"},
        {[](auto& s) {
             s.generator = "sd-turbo";
             s.modelFolder = "/models/sd-turbo";
             s.size = 516;
         },
            "size is 516, but SD-Turbo images are 64 to 1024 pixels a side, a multiple of 8"},
        {[](auto& s) { s.batch = 0; }, "batch is 0, but must be 1 to 64"},
        {[](auto& s) { s.batch = 65; }, "batch is 65"},
        {[](auto& s) { s.guidanceScale = -1; }, "guidance scale is -1"},
        {[](auto& s) { s.seed = (std::uint64_t{1} << 63) - 2; }, "seeds of the batch must stay below 2^63"},
    };
    for (const Case& c : cases) {
        services::GenerationSettings settings = proceduralSettings();
        c.change(settings);
        EXPECT_THAT([&] { services::validate(settings); },
            ::testing::ThrowsMessage<std::invalid_argument>(HasSubstr(c.message)));
    }
    services::GenerationSettings large = proceduralSettings();
    large.generator = "sd-turbo";
    large.modelFolder = "/models/sd-turbo";
    large.size = 1024;
    large.steps = 4;
    EXPECT_NO_THROW(services::validate(large));
}

TEST(Generation, SettingsFromPngsOfOtherToolsAndDamagedSettings)
{
    TempDir dir;
    const auto plain = dir / "plain.png";
    writeBytes(plain, model::encodePng(testImage()));
    EXPECT_EQ(services::settingsFromPng(plain), std::nullopt);

    // What AUTOMATIC1111 writes: prompt, negative prompt, and a settings line (a quoted value holds commas).
    const auto a1111 = dir / "a1111.png";
    writeBytes(a1111,
        model::encodePng(testImage(),
            {{"parameters",
                "masterpiece, a castle\non a hill\nNegative prompt: lowres, bad anatomy\nSteps: 20, Sampler: DPM++ 2M, "
                "CFG scale: 7.5, Seed: 1234567890, Size: 512x768, Model hash: abc123, Lora hashes: \"x: 1, y: 2\", "
                "Model: sd15, Version: v1.6.0"}}));
    const auto foreign = services::settingsFromPng(a1111);
    ASSERT_TRUE(foreign);
    EXPECT_EQ(foreign->prompt, "masterpiece, a castle\non a hill");
    EXPECT_EQ(foreign->negativePrompt, "lowres, bad anatomy");
    EXPECT_EQ(foreign->seed, 1234567890u);
    EXPECT_EQ(foreign->steps, 4);  // SD-Turbo's most
    EXPECT_DOUBLE_EQ(foreign->guidanceScale, 7.5);
    EXPECT_EQ(foreign->size, 512);
    EXPECT_EQ(foreign->generator, "sd-turbo");

    const auto broken = dir / "broken.png";
    writeBytes(broken, model::encodePng(testImage(), {{"tastelab", "{\"generator\": \"procedural\", "}}));
    EXPECT_THAT([&] { services::settingsFromPng(broken); },
        ::testing::ThrowsMessage<std::runtime_error>(
            ::testing::AllOf(HasSubstr(broken.string()), HasSubstr("cannot be read"))));
    const auto unknown = dir / "unknown.png";
    writeBytes(unknown, model::encodePng(testImage(), {{"tastelab", R"({"generator": "dall-e", "prompt": "x"})"}}));
    EXPECT_THAT([&] { services::settingsFromPng(unknown); },
        ::testing::ThrowsMessage<std::runtime_error>(
            ::testing::AllOf(HasSubstr(unknown.string()), HasSubstr("'dall-e'"))));
    EXPECT_THROW(services::settingsFromPng(dir / "absent.png"), model::ImageError);
}

TEST(Generation, WithoutSdTurboOnlyTheProceduralGeneratorIsAvailableAndTheNoteSaysWhereItLooked)
{
    TempDir dir;
    std::filesystem::create_directories(dir / "models");
    std::filesystem::create_directories(dir / "hub");
    const auto generators = services::listGenerators(dir / "models", dir / "hub");
    ASSERT_EQ(generators.size(), 2u);
    EXPECT_EQ(generators[0].id, "procedural");
    EXPECT_EQ(generators[0].label, "Procedural (built in)");
    EXPECT_TRUE(generators[0].available);
    EXPECT_EQ(generators[1].id, "sd-turbo");
    EXPECT_FALSE(generators[1].available);
    EXPECT_EQ(generators[1].searched, (std::vector<std::filesystem::path>{dir / "models", dir / "hub"}));
    EXPECT_THAT(generators[1].note, HasSubstr((dir / "models").string()));
    EXPECT_THAT(generators[1].note, HasSubstr((dir / "hub").string()));
    EXPECT_THAT(generators[1].note, HasSubstr("stabilityai/sd-turbo"));
    EXPECT_EQ(services::findSdTurbo(dir / "models", dir / "hub"), std::nullopt);

    const auto noFolder = services::listGenerators({}, dir / "hub");
    EXPECT_THAT(noFolder[1].note, HasSubstr("no models folder is set"));
}

TEST(Generation, FindsSdTurboInTheModelsFolderByNameAndPipelineClass)
{
    TempDir dir;
    const auto models = dir / "models";
    writeText(
        models / "stabilityai" / "SD-Turbo" / "model_index.json", R"({"_class_name": "StableDiffusionPipeline"})");
    writeText(models / "stable-diffusion-v1-5" / "model_index.json", R"({"_class_name": "StableDiffusionPipeline"})");
    writeText(models / "sd-turbo-xl" / "model_index.json", R"({"_class_name": "StableDiffusionXLPipeline"})");
    std::filesystem::create_directories(dir / "hub");
    const auto generators = services::listGenerators(models, dir / "hub");
    ASSERT_EQ(generators.size(), 2u);
    EXPECT_EQ(generators[1].id, "sd-turbo");
    EXPECT_TRUE(generators[1].available);
    EXPECT_EQ(generators[1].folder, models / "stabilityai" / "SD-Turbo");
    EXPECT_TRUE(generators[1].note.empty());
}

TEST(Generation, FindsSdTurboInTheHuggingFaceCache)
{
    TempDir dir;
    if (const std::string why = writeTinySdTurbo(dir / "probe"); !why.empty()) {
        GTEST_SKIP() << "SdTurboPipeline is not available yet (" << why << ")";
    }
    const auto repo = dir / "hub" / "models--stabilityai--sd-turbo";
    writeText(repo / "snapshots" / "abc" / "model_index.json", R"({"_class_name": "StableDiffusionPipeline"})");
    writeText(repo / "refs" / "main", "abc");
    std::filesystem::create_directories(dir / "models");
    const auto found = services::findSdTurbo(dir / "models", dir / "hub");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->folder, repo / "snapshots" / "abc");
    EXPECT_EQ(found->label, "SD-Turbo");
}

TEST(Generation, TinySdTurboEndToEnd)
{
    TempDir dir;
    const auto folder = dir / "tiny-sd-turbo";
    if (const std::string why = writeTinySdTurbo(folder); !why.empty()) {
        GTEST_SKIP() << "SdTurboPipeline cannot write its tiny folder yet (" << why << ")";
    }
    auto workspace = services::Workspace::create(dir / "ws", "SD-Turbo");
    services::GenerationSettings settings;
    settings.generator = "sd-turbo";
    settings.modelFolder = folder;
    settings.prompt = "a lighthouse at dusk";
    settings.seed = 3;
    settings.steps = 2;
    settings.size = 64;
    settings.batch = 2;
    settings.device = "cpu";
    std::vector<std::pair<int, int>> steps;
    const auto result = services::generateImages(
        workspace, settings, [&](const services::GenerationProgress& p) { steps.emplace_back(p.image, p.step); });
    ASSERT_FALSE(result.cancelled);
    ASSERT_EQ(result.images.size(), 2u);
    EXPECT_EQ(result.generatorId, "sd-turbo");
    EXPECT_FALSE(result.modelId.empty());
    EXPECT_EQ(
        steps, (std::vector<std::pair<int, int>>{{1, 0}, {1, 1}, {1, 2}, {1, 2}, {2, 0}, {2, 1}, {2, 2}, {2, 2}}));
    const auto record = storage::ImageStore(workspace.database()).findById(result.images[1].imageId);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->generator.value_or(""), "sd-turbo");
    EXPECT_EQ(record->width, 64);
    const auto restored = services::settingsFromPng(result.images[1].file);
    ASSERT_TRUE(restored);
    EXPECT_EQ(restored->generator, "sd-turbo");
    EXPECT_EQ(restored->seed, 4u);
    EXPECT_EQ(restored->steps, 2);
    EXPECT_TRUE(restored->modelFolder.empty());
    EXPECT_THAT(model::readPngTextChunks(result.images[1].file)[0].second,
        HasSubstr("Steps: 2, Sampler: Euler, Schedule type: Trailing, CFG scale: 0, Seed: 4, Size: 64x64, Model: "
            + result.modelId));

    // The cached pipeline gives the same bytes in another workspace.
    auto other = services::Workspace::create(dir / "other", "Other");
    settings.batch = 1;
    const auto again = services::generateImages(other, settings);
    ASSERT_EQ(again.images.size(), 1u);
    EXPECT_EQ(readBytes(again.images[0].file), readBytes(result.images[0].file));

    // A cancel during the first UNet step stops before the second: nothing is stored.
    std::atomic<bool> cancel{false};
    settings.batch = 3;
    settings.seed = 100;
    const auto stopped = services::generateImages(
        other, settings,
        [&](const services::GenerationProgress& p) {
            if (p.step == 1) cancel = true;
        },
        &cancel);
    EXPECT_TRUE(stopped.cancelled);
    EXPECT_TRUE(stopped.images.empty());
    EXPECT_EQ(storage::ImageStore(other.database()).count(), 1);
    services::releaseCachedPipelines();
}

// FLUX.1-schnell (a tiny random model): found in the models folder by its pipeline class and a path naming schnell,
// generated with its four steps by default, its PNG restoring the generator.
TEST(Generation, TinyFluxIsListedAndGeneratesFourStepImages)
{
    TempDir dir;
    const auto models = dir / "models";
    const auto folder = models / "black-forest-labs" / "FLUX.1-schnell";
    tastelab::testing::writeTinyFluxFolder(folder, 2);
    writeText(models / "FLUX.1-dev" / "model_index.json", R"({"_class_name": "FluxPipeline"})");
    std::filesystem::create_directories(dir / "hub");
    const auto generators = services::listGenerators(models, dir / "hub");
    ASSERT_EQ(generators.size(), 3u);  // procedural, SD-Turbo missing, FLUX
    EXPECT_EQ(generators[2].id, "flux-schnell");
    EXPECT_TRUE(generators[2].available);
    EXPECT_EQ(generators[2].folder, folder);
    EXPECT_EQ(services::generatorOfFolder(folder), "flux-schnell");

    auto workspace = services::Workspace::create(dir / "ws", "FLUX");
    services::GenerationSettings settings;
    settings.generator = "flux-schnell";
    settings.modelFolder = folder;
    settings.prompt = "a lighthouse at dusk";
    settings.seed = 3;
    settings.steps = 4;
    settings.size = 64;
    settings.device = "cpu";
    int lastStep = 0;
    const auto result = services::generateImages(
        workspace, settings, [&](const services::GenerationProgress& p) { lastStep = std::max(lastStep, p.step); });
    ASSERT_EQ(result.images.size(), 1u);
    EXPECT_EQ(result.generatorId, "flux-schnell");
    EXPECT_EQ(lastStep, 4);
    const auto restored = services::settingsFromPng(result.images[0].file);
    ASSERT_TRUE(restored);
    EXPECT_EQ(restored->generator, "flux-schnell");
    EXPECT_EQ(restored->steps, 4);
    EXPECT_THAT(model::readPngTextChunks(result.images[0].file)[0].second, HasSubstr("Sampler: Euler (flow matching)"));

    settings.size = 72;  // not a multiple of 16
    EXPECT_THROW(services::validate(settings), std::invalid_argument);
    services::releaseCachedPipelines();
}

// Cancelling is a value: a cancel seen between denoising steps reports `cancelled`, and any other exception is the
// failure even when a cancel was asked for first (it used to be taken for the cancel and swallowed).
TEST(Generation, ACancelIsReportedAsCancelledButARealFailureAfterACancelIsTheFailure)
{
    TempDir dir;
    auto workspace = services::Workspace::create(dir / "ws", "Cancel");
    // Cancelled before the first image: nothing made, no error.
    std::atomic<bool> cancel{true};
    const auto none = services::generateImages(workspace, proceduralSettings(), {}, &cancel);
    EXPECT_TRUE(none.cancelled);
    EXPECT_TRUE(none.images.empty());

    const auto folder = dir / "tiny-sd-turbo";
    if (const std::string why = writeTinySdTurbo(folder); !why.empty()) {
        GTEST_SKIP() << "SdTurboPipeline cannot write its tiny folder (" << why << ")";
    }
    services::GenerationSettings settings;
    settings.generator = "sd-turbo";
    settings.modelFolder = folder;
    settings.prompt = "a lighthouse at dusk";
    settings.steps = 3;
    settings.size = 64;
    settings.batch = 2;
    settings.device = "cpu";
    // Cancelled during the first denoising step: the render stops with model::Cancelled, reported as the value.
    cancel = false;
    const auto stopped = services::generateImages(
        workspace, settings,
        [&](const services::GenerationProgress& p) {
            if (p.step == 1) cancel = true;
        },
        &cancel);
    EXPECT_TRUE(stopped.cancelled);
    EXPECT_TRUE(stopped.images.empty());

    // A failure inside the render after Cancel was pressed is the failure, with its own message.
    cancel = false;
    try {
        services::generateImages(
            workspace, settings,
            [&](const services::GenerationProgress& p) {
                if (p.step == 1) {
                    cancel = true;
                    throw std::runtime_error("the disk is full");
                }
            },
            &cancel);
        ADD_FAILURE() << "the failure after the cancel was swallowed";
    } catch (const model::Cancelled&) {
        ADD_FAILURE() << "the failure after the cancel was reported as a cancel";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "the disk is full");
    }
    EXPECT_EQ(storage::ImageStore(workspace.database()).count(), 0);

    // Out of memory inside a render of the second image (raised where the GPU would raise it) is told as what to
    // change; the first image stays in the library.
    settings.size = 512;
    settings.steps = 1;
    cancel = false;
    try {
        services::generateImages(workspace, settings, [&](const services::GenerationProgress& p) {
            if (p.image == 2 && p.step == 1) {
                throw c10::OutOfMemoryError({__func__, __FILE__, static_cast<std::uint32_t>(__LINE__)},
                    "CUDA out of memory. Tried to allocate 1.00 GiB");
            }
        });
        ADD_FAILURE() << "out of memory was swallowed";
    } catch (const services::OutOfMemory& e) {
        EXPECT_THAT(e.what(), HasSubstr("out of memory on cpu while generating sd-turbo at 512x512 (image 2 of 2)"));
        EXPECT_THAT(e.what(), HasSubstr("a smaller --size (512 now)"));
    }
    EXPECT_EQ(storage::ImageStore(workspace.database()).count(), 1);
    services::releaseCachedPipelines();
}
