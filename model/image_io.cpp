// Image decoding with stb_image, tensor conversion with ATen, resizing with OpenCV.
#include "model/image_io.h"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <stb_image.h>
#include <stb_image_write.h>
#include <webp/decode.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>

namespace tastelab::model {
namespace {

std::string detectFormat(const std::vector<std::uint8_t>& bytes)
{
    auto startsWith = [&](std::initializer_list<int> magic) {
        if (bytes.size() < magic.size()) return false;
        return std::equal(magic.begin(), magic.end(), bytes.begin(),
            [](int m, std::uint8_t b) { return static_cast<std::uint8_t>(m) == b; });
    };
    if (startsWith({0x89, 'P', 'N', 'G'})) return "png";
    if (startsWith({0xFF, 0xD8, 0xFF})) return "jpeg";
    if (startsWith({'B', 'M'})) return "bmp";
    if (startsWith({'G', 'I', 'F', '8'})) return "gif";
    if (bytes.size() >= 12 && startsWith({'R', 'I', 'F', 'F'}) && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B'
        && bytes[11] == 'P') {
        return "webp";
    }
    if (startsWith({'8', 'B', 'P', 'S'})) return "psd";
    if (startsWith({'#', '?'})) return "hdr";
    if (startsWith({'P'}) && bytes.size() > 1 && (bytes[1] == '5' || bytes[1] == '6')) return "pnm";
    return "unknown";
}

}  // namespace

std::vector<std::uint8_t> readImageFileBytes(const std::filesystem::path& file, std::int64_t maxBytes)
{
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        throw ImageError(fmt::format("cannot read image '{}': {}", file.string(), ec.message()));
    }
    if (static_cast<std::int64_t>(size) > maxBytes) {
        throw ImageError(
            fmt::format("image '{}' is {} bytes, more than the limit of {} bytes", file.string(), size, maxBytes));
    }
    std::ifstream in(file, std::ios::binary);
    std::vector<std::uint8_t> bytes(size);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size))) {
        throw ImageError(fmt::format("cannot read image '{}'", file.string()));
    }
    return bytes;
}

namespace {

void checkLimits(const ImageHeader& header, std::string_view sourceName, const ImageLimits& limits);

// PNG stores its size in the IHDR chunk at a fixed place. stb_image refuses images over 1 GiB of
// pixels with a vague message; reading the size ourselves lets the error say what is wrong.
bool readPngSize(const std::vector<std::uint8_t>& bytes, int& width, int& height)
{
    if (bytes.size() < 24 || detectFormat(bytes) != "png") return false;
    auto be32 = [&](std::size_t at) {
        return (std::uint32_t(bytes[at]) << 24) | (std::uint32_t(bytes[at + 1]) << 16)
            | (std::uint32_t(bytes[at + 2]) << 8) | std::uint32_t(bytes[at + 3]);
    };
    const std::uint32_t w = be32(16);
    const std::uint32_t h = be32(20);
    if (w == 0 || h == 0 || w > 0x7fffffffu || h > 0x7fffffffu) return false;
    width = int(w);
    height = int(h);
    return true;
}

ImageHeader headerOf(const std::vector<std::uint8_t>& bytes, std::string_view sourceName, const ImageLimits& limits)
{
    if (bytes.empty()) {
        throw ImageError(fmt::format("image '{}' is empty (0 bytes)", sourceName));
    }
    ImageHeader header;
    header.format = detectFormat(bytes);
    if (header.format == "webp") {
        if (!WebPGetInfo(bytes.data(), bytes.size(), &header.width, &header.height)) {
            throw ImageError(fmt::format("'{}' is not a valid WebP image ({} bytes)", sourceName, bytes.size()));
        }
        header.channels = 3;
        checkLimits(header, sourceName, limits);
        return header;
    }
    const int ok = stbi_info_from_memory(
        bytes.data(), static_cast<int>(bytes.size()), &header.width, &header.height, &header.channels);
    if (!ok) {
        ImageHeader claimed = header;
        if (readPngSize(bytes, claimed.width, claimed.height)) checkLimits(claimed, sourceName, limits);
        throw ImageError(fmt::format("'{}' is not a supported image ({}; {} bytes, format {})", sourceName,
            stbi_failure_reason(), bytes.size(), header.format));
    }
    checkLimits(header, sourceName, limits);
    return header;
}

void checkLimits(const ImageHeader& header, std::string_view sourceName, const ImageLimits& limits)
{
    const std::int64_t pixels = std::int64_t{header.width} * header.height;
    if (header.width <= 0 || header.height <= 0) {
        throw ImageError(fmt::format("image '{}' has no pixels ({}x{})", sourceName, header.width, header.height));
    }
    if (header.width > limits.maxSide || header.height > limits.maxSide || pixels > limits.maxPixels) {
        throw ImageError(fmt::format("image '{}' is {}x{} pixels, larger than the limit of {} pixels a side "
                                     "and {} pixels in all",
            sourceName, header.width, header.height, limits.maxSide, limits.maxPixels));
    }
}

RgbImage decodeWebp(const std::vector<std::uint8_t>& bytes, const ImageHeader& header, std::string_view sourceName)
{
    RgbImage image;
    image.width = header.width;
    image.height = header.height;
    image.pixels.resize(std::size_t(header.width) * std::size_t(header.height) * 3);
    const int stride = header.width * 3;
    if (!WebPDecodeRGBInto(bytes.data(), bytes.size(), image.pixels.data(), image.pixels.size(), stride)) {
        throw ImageError(fmt::format("image '{}' (webp, {}x{}, {} bytes) cannot be decoded: the data is damaged or "
                                     "truncated",
            sourceName, header.width, header.height, bytes.size()));
    }
    return image;
}

// stb_image decodes a truncated JPEG without complaint, filling the rest with grey. A complete
// JPEG has an end-of-image marker (FF D9) after its first start-of-scan segment.
bool jpegHasEndMarker(const std::vector<std::uint8_t>& bytes)
{
    std::size_t at = 2;  // after SOI
    while (at + 4 <= bytes.size()) {
        if (bytes[at] != 0xFF) return false;
        const std::uint8_t marker = bytes[at + 1];
        if (marker == 0xFF) {  // fill byte
            ++at;
            continue;
        }
        if (marker == 0xDA) break;  // start of scan: entropy-coded data follows
        const std::size_t length = (std::size_t(bytes[at + 2]) << 8) | bytes[at + 3];
        at += 2 + length;
    }
    for (std::size_t i = at; i + 1 < bytes.size(); ++i) {
        if (bytes[i] == 0xFF && bytes[i + 1] == 0xD9) return true;
    }
    return false;
}

void appendToVector(void* context, void* data, int size)
{
    auto* out = static_cast<std::vector<std::uint8_t>*>(context);
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

}  // namespace

ImageHeader readImageHeader(const std::filesystem::path& file, const ImageLimits& limits)
{
    return headerOf(readImageFileBytes(file, limits.maxFileBytes), file.string(), limits);
}

ImageHeader readImageHeader(
    const std::vector<std::uint8_t>& bytes, std::string_view sourceName, const ImageLimits& limits)
{
    return headerOf(bytes, sourceName, limits);
}

RgbImage decodeImageFile(const std::filesystem::path& file, const ImageLimits& limits)
{
    return decodeImage(readImageFileBytes(file, limits.maxFileBytes), file.string(), limits);
}

RgbImage decodeImage(const std::vector<std::uint8_t>& bytes, std::string_view sourceName, const ImageLimits& limits)
{
    const ImageHeader header = headerOf(bytes, sourceName, limits);
    if (header.format == "webp") return decodeWebp(bytes, header, sourceName);
    if (header.format == "jpeg" && !jpegHasEndMarker(bytes)) {
        throw ImageError(fmt::format("image '{}' (jpeg, {}x{}) is truncated: its data ends after {} bytes, before "
                                     "the end-of-image marker",
            sourceName, header.width, header.height, bytes.size()));
    }

    int width = 0;
    int height = 0;
    int channels = 0;
    std::unique_ptr<stbi_uc, decltype(&stbi_image_free)> data(
        stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &width, &height, &channels, 3),
        &stbi_image_free);
    if (!data) {
        throw ImageError(fmt::format("image '{}' ({}, {}x{}, {} bytes) cannot be decoded: {}", sourceName,
            header.format, header.width, header.height, bytes.size(), stbi_failure_reason()));
    }
    RgbImage image;
    image.width = width;
    image.height = height;
    image.pixels.assign(data.get(), data.get() + std::size_t(width) * std::size_t(height) * 3);
    return image;
}

at::Tensor imageToTensor(const RgbImage& image)
{
    if (image.empty()) throw ImageError("cannot convert an empty image to a tensor");
    auto hwc = at::from_blob(const_cast<std::uint8_t*>(image.pixels.data()), {image.height, image.width, 3},
        at::TensorOptions().dtype(at::kByte));
    return hwc.permute({2, 0, 1}).to(at::kFloat).div_(255.0f).contiguous();
}

RgbImage tensorToImage(const at::Tensor& tensor)
{
    at::Tensor chw = tensor.dim() == 4 && tensor.size(0) == 1 ? tensor.squeeze(0) : tensor;
    if (chw.dim() != 3 || chw.size(0) != 3) {
        throw ImageError(
            fmt::format("expected an image tensor of shape [3, H, W], got {}", fmt::join(tensor.sizes(), "x")));
    }
    at::Tensor hwc = chw.detach()
                         .to(at::kCPU, at::kFloat)
                         .clamp(0.0, 1.0)
                         .mul(255.0)
                         .round()
                         .to(at::kByte)
                         .permute({1, 2, 0})
                         .contiguous();
    RgbImage image;
    image.height = static_cast<int>(hwc.size(0));
    image.width = static_cast<int>(hwc.size(1));
    image.pixels.resize(static_cast<std::size_t>(hwc.numel()));
    std::memcpy(image.pixels.data(), hwc.data_ptr<std::uint8_t>(), image.pixels.size());
    return image;
}

std::vector<std::uint8_t> encodePng(const RgbImage& image)
{
    if (image.empty()) throw ImageError("cannot encode an empty image");
    std::vector<std::uint8_t> out;
    if (!stbi_write_png_to_func(
            &appendToVector, &out, image.width, image.height, 3, image.pixels.data(), image.width * 3)) {
        throw ImageError(fmt::format("cannot encode a {}x{} image as PNG", image.width, image.height));
    }
    return out;
}

std::vector<std::uint8_t> encodeJpeg(const RgbImage& image, int quality)
{
    if (image.empty()) throw ImageError("cannot encode an empty image");
    std::vector<std::uint8_t> out;
    if (!stbi_write_jpg_to_func(
            &appendToVector, &out, image.width, image.height, 3, image.pixels.data(), std::clamp(quality, 1, 100))) {
        throw ImageError(fmt::format("cannot encode a {}x{} image as JPEG", image.width, image.height));
    }
    return out;
}

RgbImage resizeToFit(const RgbImage& image, int maxSide)
{
    if (image.empty() || maxSide <= 0) throw ImageError("cannot resize an empty image or to a size of 0");
    const double scale = double(maxSide) / std::max(image.width, image.height);
    const int width = std::max(1, int(std::lround(image.width * scale)));
    const int height = std::max(1, int(std::lround(image.height * scale)));
    const cv::Mat source(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.pixels.data()));
    RgbImage out;
    out.width = width;
    out.height = height;
    out.pixels.resize(std::size_t(width) * std::size_t(height) * 3);
    cv::Mat target(height, width, CV_8UC3, out.pixels.data());
    cv::resize(source, target, target.size(), 0, 0, scale < 1.0 ? cv::INTER_AREA : cv::INTER_CUBIC);
    return out;
}

}  // namespace tastelab::model
