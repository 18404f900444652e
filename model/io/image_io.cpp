// Image decoding with stb_image, tensor conversion with ATen, resizing with OpenCV, PNG text chunks with zlib.
#include "model/io/image_io.h"

#include "storage/storage_error.h"
#include "util/bounded_file.h"
#include "util/utf8.h"

#include <ATen/ATen.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <stb_image.h>
#include <stb_image_write.h>
#include <webp/decode.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cctype>
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
    try {
        // Only a regular file (a FIFO or a device is refused before it is opened); its size is checked first.
        const util::ReadOnlyFile in = util::ReadOnlyFile::open(file, "image");
        if (in.size() > static_cast<std::uint64_t>(std::max<std::int64_t>(maxBytes, 0))) {
            throw ImageError(fmt::format(
                "image '{}' is {} bytes, more than the limit of {} bytes", file.string(), in.size(), maxBytes));
        }
        std::vector<std::uint8_t> bytes(static_cast<std::size_t>(in.size()));
        in.readAt(0, bytes.data(), bytes.size());
        return bytes;
    } catch (const storage::StorageError& e) {
        throw ImageError(e.what());
    }
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

namespace {

constexpr std::uint8_t kPngSignature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
// A text chunk inflating to more than this is treated as damaged (or hostile), not read.
constexpr std::size_t kMaxInflatedText = std::size_t{16} << 20;

std::uint32_t readBe32(const std::uint8_t* at)
{
    return (std::uint32_t(at[0]) << 24) | (std::uint32_t(at[1]) << 16) | (std::uint32_t(at[2]) << 8)
        | std::uint32_t(at[3]);
}

void appendBe32(std::vector<std::uint8_t>& out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(value >> shift));
}

// CRC-32 of the chunk type and data, as the PNG specification defines it (the same polynomial as zlib's).
std::uint32_t chunkCrc(const std::uint8_t* typeAndData, std::size_t size)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    std::size_t done = 0;
    while (done < size) {
        const auto step = static_cast<uInt>(std::min<std::size_t>(size - done, 1u << 30));
        crc = crc32(crc, typeAndData + done, step);
        done += step;
    }
    return static_cast<std::uint32_t>(crc);
}

void checkKeyword(const std::string& keyword)
{
    if (keyword.empty() || keyword.size() > 79) {
        throw ImageError(
            fmt::format("PNG text keyword '{}' must have 1 to 79 characters, it has {}", keyword, keyword.size()));
    }
    for (const char c : keyword) {
        if (c < 32 || c > 126) {
            throw ImageError(fmt::format("PNG text keyword '{}' may only hold printable ASCII characters", keyword));
        }
    }
    if (keyword.front() == ' ' || keyword.back() == ' ' || keyword.find("  ") != std::string::npos) {
        throw ImageError(fmt::format(
            "PNG text keyword '{}' may not start or end with a space or hold two spaces in a row", keyword));
    }
}

std::string latin1ToUtf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80) {
            out += c;
        } else {
            out += static_cast<char>(0xC0 | (byte >> 6));
            out += static_cast<char>(0x80 | (byte & 0x3F));
        }
    }
    return out;
}

// zlib-compressed text (zTXt, compressed iTXt) of at most `limit` bytes; `where` names the chunk in errors.
std::string inflateText(const std::uint8_t* data, std::size_t size, const std::string& where, std::size_t limit)
{
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK) throw ImageError(where + ": zlib could not be initialised");
    std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&stream, &inflateEnd);
    stream.next_in = const_cast<Bytef*>(data);
    stream.avail_in = static_cast<uInt>(size);
    std::string out;
    std::array<char, 16384> buffer{};
    for (;;) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
        stream.avail_out = static_cast<uInt>(buffer.size());
        const int rc = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer.data(), buffer.size() - stream.avail_out);
        if (rc == Z_STREAM_END) break;
        if (rc != Z_OK) {
            throw ImageError(
                fmt::format("{}: its compressed text is corrupt ({})", where, stream.msg ? stream.msg : "zlib error"));
        }
        if (stream.avail_in == 0 && stream.avail_out != 0) {
            throw ImageError(where + ": its compressed text ends before the end of the zlib stream");
        }
        if (out.size() > limit) {
            throw ImageError(fmt::format(
                "{}: its text inflates to more than {} bytes (the limit for all text chunks of a PNG together)", where,
                kMaxInflatedText));
        }
    }
    return out;
}

// The text of one tEXt, zTXt or iTXt chunk as (keyword, UTF-8 text).
// `inflated` counts the compressed text of the file inflated so far: a chunk may inflate to at most the rest of
// kMaxInflatedText, so that many small compressed chunks cannot add up to gigabytes.
std::pair<std::string, std::string> parseTextChunk(const std::string& type, const std::uint8_t* data, std::size_t size,
    const std::string& where, std::size_t& inflated)
{
    const std::size_t limit = kMaxInflatedText - std::min(inflated, kMaxInflatedText);
    const auto* begin = reinterpret_cast<const char*>(data);
    const std::string_view body(begin, size);
    const std::size_t keywordEnd = body.find('\0');
    if (keywordEnd == std::string_view::npos || keywordEnd == 0 || keywordEnd > 79) {
        throw ImageError(where + ": the keyword is missing, empty or longer than 79 bytes");
    }
    std::string keyword = latin1ToUtf8(body.substr(0, keywordEnd));
    const std::size_t rest = keywordEnd + 1;
    if (type == "tEXt") return {std::move(keyword), latin1ToUtf8(body.substr(rest))};
    if (type == "zTXt") {
        if (rest >= size || data[rest] != 0) throw ImageError(where + ": the compression method is missing or unknown");
        std::string text = inflateText(data + rest + 1, size - rest - 1, where, limit);
        inflated += text.size();
        return {std::move(keyword), latin1ToUtf8(text)};
    }
    // iTXt: compression flag, method, language tag, translated keyword, text.
    if (rest + 2 > size) throw ImageError(where + ": it ends inside its header");
    const std::uint8_t compressed = data[rest];
    const std::uint8_t method = data[rest + 1];
    if (compressed > 1 || (compressed == 1 && method != 0)) {
        throw ImageError(where + ": the compression flag or method is unknown");
    }
    const std::size_t languageEnd = body.find('\0', rest + 2);
    const std::size_t translatedEnd =
        languageEnd == std::string_view::npos ? std::string_view::npos : body.find('\0', languageEnd + 1);
    if (translatedEnd == std::string_view::npos) {
        throw ImageError(where + ": the language tag or the translated keyword is not terminated");
    }
    std::string text = compressed ? inflateText(data + translatedEnd + 1, size - translatedEnd - 1, where, limit)
                                  : std::string(body.substr(translatedEnd + 1));
    if (compressed) inflated += text.size();
    if (!util::isValidUtf8(text)) throw ImageError(where + ": the text is not valid UTF-8");
    return {std::move(keyword), std::move(text)};
}

}  // namespace

std::vector<std::uint8_t> encodePng(const RgbImage& image, const PngTextChunks& text)
{
    std::vector<std::uint8_t> png = encodePng(image);
    if (text.empty()) return png;
    // Signature (8 bytes), then IHDR: length, type, 13 bytes of data, CRC.
    constexpr std::size_t kAfterIhdr = 8 + 4 + 4 + 13 + 4;
    if (png.size() < kAfterIhdr || std::memcmp(png.data() + 12, "IHDR", 4) != 0) {
        throw ImageError("the PNG encoder did not start its output with an IHDR chunk");
    }
    std::vector<std::uint8_t> chunks;
    for (const auto& [keyword, value] : text) {
        checkKeyword(keyword);
        if (!util::isValidUtf8(value)) {
            throw ImageError(fmt::format("the text of PNG chunk '{}' is not valid UTF-8", keyword));
        }
        std::vector<std::uint8_t> chunk{'i', 'T', 'X', 't'};
        chunk.insert(chunk.end(), keyword.begin(), keyword.end());
        // Separator, uncompressed, method 0, empty language tag, empty translated keyword.
        chunk.insert(chunk.end(), {0, 0, 0, 0, 0});
        chunk.insert(chunk.end(), value.begin(), value.end());
        const std::size_t dataSize = chunk.size() - 4;
        if (dataSize > 0x7fffffffu) throw ImageError(fmt::format("the text of PNG chunk '{}' is too long", keyword));
        appendBe32(chunks, static_cast<std::uint32_t>(dataSize));
        chunks.insert(chunks.end(), chunk.begin(), chunk.end());
        appendBe32(chunks, chunkCrc(chunk.data(), chunk.size()));
    }
    png.insert(png.begin() + static_cast<std::ptrdiff_t>(kAfterIhdr), chunks.begin(), chunks.end());
    return png;
}

PngTextChunks readPngTextChunks(const std::filesystem::path& file)
{
    return readPngTextChunks(readImageFileBytes(file, ImageLimits{}.maxFileBytes), file.string());
}

PngTextChunks readPngTextChunks(const std::vector<std::uint8_t>& bytes, std::string_view sourceName)
{
    if (bytes.size() < sizeof(kPngSignature) || std::memcmp(bytes.data(), kPngSignature, sizeof(kPngSignature)) != 0) {
        throw ImageError(fmt::format("'{}' is not a PNG file (it does not start with the PNG signature)", sourceName));
    }
    PngTextChunks out;
    std::size_t inflated = 0;  // compressed text inflated so far
    std::size_t at = sizeof(kPngSignature);
    bool first = true;
    while (at < bytes.size()) {
        if (bytes.size() - at < 12) {
            throw ImageError(fmt::format("'{}' is truncated: the chunk at byte {} needs at least 12 bytes, {} are left",
                sourceName, at, bytes.size() - at));
        }
        const std::uint32_t length = readBe32(bytes.data() + at);
        const std::string type(reinterpret_cast<const char*>(bytes.data() + at + 4), 4);
        if (!std::all_of(
                type.begin(), type.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
            throw ImageError(fmt::format("'{}' is damaged: the chunk at byte {} has no valid type", sourceName, at));
        }
        if (length > 0x7fffffffu || bytes.size() - at - 12 < length) {
            throw ImageError(
                fmt::format("'{}' is truncated: chunk '{}' at byte {} needs {} bytes, the file ends after {}",
                    sourceName, type, at, std::uint64_t{length} + 12, bytes.size()));
        }
        if (first && type != "IHDR") {
            throw ImageError(fmt::format("'{}' is damaged: its first chunk is '{}', not IHDR", sourceName, type));
        }
        first = false;
        const std::uint32_t stored = readBe32(bytes.data() + at + 8 + length);
        const std::uint32_t computed = chunkCrc(bytes.data() + at + 4, std::size_t{length} + 4);
        if (stored != computed) {
            throw ImageError(fmt::format("'{}' is damaged: chunk '{}' at byte {} has a bad CRC (stored {:08x}, "
                                         "computed {:08x})",
                sourceName, type, at, stored, computed));
        }
        if (type == "tEXt" || type == "zTXt" || type == "iTXt") {
            out.push_back(parseTextChunk(type, bytes.data() + at + 8, length,
                fmt::format("'{}': {} chunk at byte {}", sourceName, type, at), inflated));
        }
        if (type == "IEND") return out;
        at += std::size_t{length} + 12;
    }
    throw ImageError(
        fmt::format("'{}' is truncated: it ends after {} bytes without an IEND chunk", sourceName, bytes.size()));
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
