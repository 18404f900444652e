// Image decoding: exact pixels for lossless files we write ourselves, real files from ../shared,
// and clear errors for empty, truncated, oversized and non-image files.
#include "model/io/image_io.h"
#include "tests/support/test_support.h"

#include <ATen/ATen.h>
#include <gmock/gmock.h>

#include <webp/encode.h>

using namespace tastelab::model;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

// A deterministic gradient with a distinct value per channel, so that any channel or row swap shows.
RgbImage makeGradient(int width, int height)
{
    RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.resize(std::size_t(width) * height * 3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint8_t* p = &image.pixels[(std::size_t(y) * width + x) * 3];
            p[0] = std::uint8_t(x * 255 / std::max(1, width - 1));
            p[1] = std::uint8_t(y * 255 / std::max(1, height - 1));
            p[2] = std::uint8_t((x + y) % 256);
        }
    }
    return image;
}

void writePng(const RgbImage& image, const std::filesystem::path& file)
{
    tastelab::testing::writeBytes(file, encodePng(image));
}

std::string errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const ImageError& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected an ImageError";
    return {};
}

}  // namespace

TEST(ImageIo, PngRoundTripIsExact)
{
    TempDir dir;
    const RgbImage original = makeGradient(97, 61);
    writePng(original, dir / "g.png");
    const RgbImage decoded = decodeImageFile(dir / "g.png");
    EXPECT_EQ(decoded.width, 97);
    EXPECT_EQ(decoded.height, 61);
    EXPECT_EQ(decoded.pixels, original.pixels);
    const ImageHeader header = readImageHeader(dir / "g.png");
    EXPECT_EQ(header.format, "png");
    EXPECT_EQ(header.channels, 3);
}

TEST(ImageIo, TensorConversionKeepsLayoutAndScale)
{
    const RgbImage image = makeGradient(5, 4);
    const at::Tensor t = imageToTensor(image);
    ASSERT_EQ(t.sizes(), (std::vector<std::int64_t>{3, 4, 5}));
    // Pixel (x=4, y=3): R = 255, G = 255, B = 7.
    EXPECT_FLOAT_EQ(t[0][3][4].item<float>(), 1.0f);
    EXPECT_FLOAT_EQ(t[1][3][4].item<float>(), 1.0f);
    EXPECT_FLOAT_EQ(t[2][3][4].item<float>(), 7.0f / 255.0f);
    EXPECT_EQ(tensorToImage(t).pixels, image.pixels);
    EXPECT_EQ(tensorToImage(t.unsqueeze(0)).pixels, image.pixels);
}

TEST(ImageIo, TensorToImageClampsOutOfRangeValues)
{
    const at::Tensor t = at::full({3, 2, 2}, 2.0f);
    t[1].fill_(-1.0f);
    const RgbImage image = tensorToImage(t);
    EXPECT_EQ(image.pixels[0], 255);
    EXPECT_EQ(image.pixels[1], 0);
    EXPECT_THAT(errorOf([] { tensorToImage(at::zeros({4, 2, 2})); }), HasSubstr("[3, H, W]"));
}

TEST(ImageIo, ResizeToFitKeepsAspectAndAverages)
{
    RgbImage image = makeGradient(400, 200);
    const RgbImage small = resizeToFit(image, 100);
    EXPECT_EQ(small.width, 100);
    EXPECT_EQ(small.height, 50);
    // A uniform image stays uniform under area averaging.
    std::fill(image.pixels.begin(), image.pixels.end(), std::uint8_t{77});
    const RgbImage flat = resizeToFit(image, 64);
    EXPECT_TRUE(std::all_of(flat.pixels.begin(), flat.pixels.end(), [](std::uint8_t v) { return v == 77; }));
}

TEST(ImageIo, EmptyFileIsAClearError)
{
    TempDir dir;
    tastelab::testing::writeBytes(dir / "empty.png", {});
    const std::string message = errorOf([&] { decodeImageFile(dir / "empty.png"); });
    EXPECT_THAT(message, HasSubstr("empty.png"));
    EXPECT_THAT(message, HasSubstr("empty"));
}

TEST(ImageIo, TruncatedPngIsAClearError)
{
    TempDir dir;
    writePng(makeGradient(256, 256), dir / "full.png");
    auto bytes = tastelab::testing::readBytes(dir / "full.png");
    bytes.resize(bytes.size() / 2);
    tastelab::testing::writeBytes(dir / "cut.png", bytes);
    const std::string message = errorOf([&] { decodeImageFile(dir / "cut.png"); });
    EXPECT_THAT(message, HasSubstr("cut.png"));
    EXPECT_THAT(message, HasSubstr("cannot be decoded"));
}

TEST(ImageIo, HugeDimensionsAreRefusedBeforeDecoding)
{
    TempDir dir;
    writePng(makeGradient(64, 48), dir / "small.png");
    // A 64x48 file is "huge" under tight limits; the header is read, the pixels never are.
    ImageLimits limits;
    limits.maxSide = 32;
    const std::string message = errorOf([&] { decodeImageFile(dir / "small.png", limits); });
    EXPECT_THAT(message, HasSubstr("small.png"));
    EXPECT_THAT(message, HasSubstr("64x48"));

    // A forged PNG header claiming 100000 x 100000 pixels: refused by the default limits.
    auto bytes = tastelab::testing::readBytes(dir / "small.png");
    const std::uint8_t side[4] = {0x00, 0x01, 0x86, 0xA0};  // 100000, big-endian, at IHDR width/height
    std::copy(side, side + 4, bytes.begin() + 16);
    std::copy(side, side + 4, bytes.begin() + 20);
    tastelab::testing::writeBytes(dir / "bomb.png", bytes);
    EXPECT_THAT(errorOf([&] { decodeImageFile(dir / "bomb.png"); }), HasSubstr("larger than the limit"));
}

TEST(ImageIo, NonImageIsAClearError)
{
    TempDir dir;
    const std::string text = "name,rating\nx,1\n";
    tastelab::testing::writeBytes(dir / "ratings.csv", std::vector<std::uint8_t>(text.begin(), text.end()));
    const std::string message = errorOf([&] { decodeImageFile(dir / "ratings.csv"); });
    EXPECT_THAT(message, HasSubstr("ratings.csv"));
    EXPECT_THAT(message, HasSubstr("not a supported image"));
    EXPECT_THAT(errorOf([&] { decodeImageFile(dir / "absent.png"); }), HasSubstr("absent.png"));
}

TEST(ImageIo, DecodesRealGeneratedPng)
{
    TASTELAB_REQUIRE_SHARED_DATA("viper-one-user/liked/0.png");
    const auto file = tastelab::testing::sharedData() / "viper-one-user/liked/0.png";
    const RgbImage image = decodeImageFile(file);
    EXPECT_EQ(image.width, 1024);
    EXPECT_EQ(image.height, 1024);
    // A real picture is not flat: its channels vary.
    const at::Tensor t = imageToTensor(image);
    EXPECT_GT(t.std().item<float>(), 0.05f);
}

TEST(ImageIo, DecodesRealJpegAndBmp)
{
    TASTELAB_REQUIRE_SHARED_DATA("mobilenet/parrot.jpg");
    for (const char* name : {"mobilenet/parrot.jpg", "mobilenet/cat.bmp"}) {
        const auto file = tastelab::testing::sharedData() / name;
        const ImageHeader header = readImageHeader(file);
        const RgbImage image = decodeImageFile(file);
        EXPECT_EQ(image.width, header.width) << name;
        EXPECT_EQ(image.height, header.height) << name;
        EXPECT_GT(image.width, 16) << name;
    }
    EXPECT_EQ(readImageHeader(tastelab::testing::sharedData() / "mobilenet/parrot.jpg").format, "jpeg");
    EXPECT_EQ(readImageHeader(tastelab::testing::sharedData() / "mobilenet/cat.bmp").format, "bmp");
}

TEST(ImageIo, LosslessWebpRoundTripIsExact)
{
    TempDir dir;
    const RgbImage original = makeGradient(40, 30);
    std::uint8_t* encoded = nullptr;
    const std::size_t size =
        WebPEncodeLosslessRGB(original.pixels.data(), original.width, original.height, original.width * 3, &encoded);
    ASSERT_GT(size, 0u);
    const std::vector<std::uint8_t> bytes(encoded, encoded + size);
    WebPFree(encoded);
    tastelab::testing::writeBytes(dir / "g.webp", bytes);
    const ImageHeader header = readImageHeader(dir / "g.webp");
    EXPECT_EQ(header.format, "webp");
    EXPECT_EQ(header.width, 40);
    const RgbImage decoded = decodeImageFile(dir / "g.webp");
    EXPECT_EQ(decoded.pixels, original.pixels);

    auto cut = bytes;
    cut.resize(cut.size() / 2);
    tastelab::testing::writeBytes(dir / "cut.webp", cut);
    EXPECT_THAT(errorOf([&] { decodeImageFile(dir / "cut.webp"); }), HasSubstr("cut.webp"));
}

TEST(ImageIo, JpegEncodingIsCloseToTheOriginal)
{
    RgbImage flat;
    flat.width = 32;
    flat.height = 32;
    flat.pixels.assign(32 * 32 * 3, 0);
    for (std::size_t i = 0; i < flat.pixels.size(); i += 3) {
        flat.pixels[i] = 200;
        flat.pixels[i + 1] = 100;
        flat.pixels[i + 2] = 50;
    }
    const auto jpeg = encodeJpeg(flat, 95);
    const RgbImage decoded = decodeImage(jpeg, "memory");
    ASSERT_EQ(decoded.width, 32);
    for (std::size_t i = 0; i < decoded.pixels.size(); ++i) {
        EXPECT_NEAR(decoded.pixels[i], flat.pixels[i], 4) << i;
    }
    EXPECT_EQ(readImageHeader(jpeg, "memory").format, "jpeg");
}

TEST(ImageIo, TruncatedJpegIsAClearError)
{
    TempDir dir;
    const auto jpeg = encodeJpeg(makeGradient(128, 128), 90);
    auto cut = jpeg;
    cut.resize(300);  // inside the entropy-coded data
    tastelab::testing::writeBytes(dir / "cut.jpg", cut);
    // stb_image would fill the missing blocks with grey; the missing end marker gives it away.
    const std::string message = errorOf([&] { decodeImageFile(dir / "cut.jpg"); });
    EXPECT_THAT(message, HasSubstr("cut.jpg"));
    EXPECT_THAT(message, HasSubstr("truncated"));
    // The complete file, and one with bytes after its end marker, decode.
    auto padded = jpeg;
    padded.insert(padded.end(), {0, 0, 0, 0});
    EXPECT_EQ(decodeImage(padded, "padded.jpg").width, 128);
}
