// The embedding cache service: encodes what is missing, skips what is cached, reports files that are
// gone, stops on cancel, and stores exactly what the backbone computes.
#include "app/services/embeddings.h"
#include "app/services/image_import.h"
#include "app/services/workspace.h"
#include "model/backbones/look_features.h"
#include "model/io/image_io.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "tests/support/test_support.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <gmock/gmock.h>

using namespace tastelab;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

void addImages(services::Workspace& workspace, const fs::path& folder, int count)
{
    fs::create_directories(folder);
    for (int i = 0; i < count; ++i) {
        model::RgbImage image;
        image.width = 40 + i;
        image.height = 30;
        for (int p = 0; p < image.width * image.height; ++p) {
            image.pixels.insert(image.pixels.end(), {std::uint8_t(20 * i), std::uint8_t(p % 200), 90});
        }
        tastelab::testing::writeBytes(folder / ("i" + std::to_string(i) + ".png"), model::encodePng(image));
    }
    services::ImageImportOptions options;
    options.copyIntoLibrary = false;  // referenced, so that a test can delete one
    ASSERT_EQ(services::importImages(workspace, folder, options).imported.size(), std::size_t(count));
}

}  // namespace

TEST(Embeddings, EncodesMissingImagesOnceAndStoresTheBackbonesVectors)
{
    TempDir dir;
    auto workspace = services::Workspace::create(dir / "ws", "e");
    addImages(workspace, dir / "in", 5);
    services::EmbeddingOptions options;
    options.batchSize = 2;
    options.device = "cpu";  // compared below with the CPU backbone to 1e-5; cuDNN's TF32 convolutions differ by ~1e-3
    std::size_t lastDone = 0;
    options.onProgress = [&](std::size_t done, std::size_t) { lastDone = done; };
    const auto first = services::encodeWorkspaceImages(workspace, options);
    EXPECT_EQ(first.backboneKey, "look-v3");
    EXPECT_EQ(first.dimension, 132);
    EXPECT_EQ(first.encoded, 5u);
    EXPECT_EQ(lastDone, 5u);
    const auto second = services::encodeWorkspaceImages(workspace, options);
    EXPECT_EQ(second.encoded, 0u);
    EXPECT_EQ(second.alreadyCached, 5u);

    // The cached vector is what the backbone gives for that image at the service's input size.
    const auto image = storage::ImageStore(workspace.database()).list().front();
    const auto cached = storage::EmbeddingCache(workspace.database()).get(image.sha256, "look-v3");
    ASSERT_TRUE(cached);
    at::NoGradGuard noGrad;
    const at::Tensor pixels = model::imageToTensor(model::decodeImageFile(*image.externalPath)).unsqueeze(0);
    const at::Tensor expected =
        model::LookFeatures().encodeImages(at::upsample_bilinear2d(pixels, {224, 224}, false))[0];
    ASSERT_EQ(cached->size(), 132u);
    for (int i = 0; i < 132; ++i) EXPECT_NEAR((*cached)[i], expected[i].item<float>(), 1e-5) << i;
}

TEST(Embeddings, ReportsMissingFilesAndStopsOnCancel)
{
    TempDir dir;
    auto workspace = services::Workspace::create(dir / "ws", "e");
    addImages(workspace, dir / "in", 6);
    fs::remove(dir / "in" / "i3.png");
    std::atomic<bool> cancel{false};
    services::EmbeddingOptions options;
    options.batchSize = 2;
    options.cancel = &cancel;
    options.onProgress = [&](std::size_t done, std::size_t) {
        if (done >= 4) cancel = true;
    };
    const auto report = services::encodeWorkspaceImages(workspace, options);
    EXPECT_TRUE(report.cancelled);
    EXPECT_EQ(report.encoded, 3u);
    ASSERT_EQ(report.failures.size(), 1u);
    EXPECT_THAT(report.failures[0].first, HasSubstr("i3.png"));
    options.backbone = "nonsense";
    EXPECT_THROW(services::encodeWorkspaceImages(workspace, options), std::invalid_argument);
}

TEST(Embeddings, MobileNetBackboneFromATfliteFile)
{
    TASTELAB_REQUIRE_SHARED_DATA("mobilenet/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite");
    TempDir dir;
    auto workspace = services::Workspace::create(dir / "ws", "e");
    addImages(workspace, dir / "in", 3);
    services::EmbeddingOptions options;
    options.backbone = "mobilenet:"
        + (tastelab::testing::sharedData() / "mobilenet/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite")
              .string();
    const auto report = services::encodeWorkspaceImages(workspace, options);
    EXPECT_EQ(report.encoded, 3u);
    EXPECT_EQ(report.dimension, 1024);
    EXPECT_THAT(report.backboneKey, ::testing::StartsWith("mobilenet_v1_1.00_224@"));
    EXPECT_EQ(storage::EmbeddingCache(workspace.database()).count(report.backboneKey), 3);
    options.backbone = "mobilenet:" + (dir / "missing.tflite").string();
    EXPECT_THROW(services::encodeWorkspaceImages(workspace, options), std::exception);
}
