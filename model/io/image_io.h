// Decoding image files into 8-bit RGB and converting between images and tensors.
// Limits are checked from the header before any pixel memory is allocated.
#pragma once

#include "model/io/rgb_image.h"

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

namespace tastelab::model {

struct ImageHeader {
    int width = 0;
    int height = 0;
    int channels = 0;  // as stored in the file
    std::string format;  // "png", "jpeg", "webp", "bmp", "gif", "psd", "hdr", "pnm" or "unknown"
};

// Reads only the header and checks it against `limits`. Throws ImageError for a file that is not
// a supported image or is too large; the pixels are never decoded.
ImageHeader readImageHeader(const std::filesystem::path& file, const ImageLimits& limits = {});
ImageHeader readImageHeader(
    const std::vector<std::uint8_t>& bytes, std::string_view sourceName, const ImageLimits& limits = {});
// The whole file, refusing more than `maxBytes`.
std::vector<std::uint8_t> readImageFileBytes(const std::filesystem::path& file, std::int64_t maxBytes);

RgbImage decodeImageFile(const std::filesystem::path& file, const ImageLimits& limits = {});
// `sourceName` is used in error messages (a file name or "clipboard").
RgbImage decodeImage(
    const std::vector<std::uint8_t>& bytes, std::string_view sourceName, const ImageLimits& limits = {});

// Float tensor of shape [3, H, W] with values in [0, 1], on the CPU.
at::Tensor imageToTensor(const RgbImage& image);
// Accepts [3, H, W] or [1, 3, H, W] in [0, 1] on any device and dtype; values are clamped.
RgbImage tensorToImage(const at::Tensor& tensor);

// Encoded files in memory. `quality` is 1..100 for JPEG.
std::vector<std::uint8_t> encodePng(const RgbImage& image);
// The PNG with one uncompressed iTXt chunk (UTF-8 text) per entry, in order, right after IHDR. Throws ImageError for
// an invalid keyword or text that is not UTF-8.
std::vector<std::uint8_t> encodePng(const RgbImage& image, const PngTextChunks& text);
// The tEXt, zTXt and iTXt chunks of a PNG in file order, the text as UTF-8 (tEXt and zTXt are Latin-1 in the file).
// Every chunk's CRC is checked. Throws ImageError naming the file (and the chunk and byte offset) for a file that is
// not a PNG, is truncated, has a bad CRC or a malformed text chunk, or whose compressed text chunks inflate to more
// than 16 MiB together.
PngTextChunks readPngTextChunks(const std::filesystem::path& file);
PngTextChunks readPngTextChunks(const std::vector<std::uint8_t>& bytes, std::string_view sourceName);
std::vector<std::uint8_t> encodeJpeg(const RgbImage& image, int quality = 90);

// Area-averaged downscale (or bicubic upscale) so that the longer side is `maxSide`; keeps aspect.
RgbImage resizeToFit(const RgbImage& image, int maxSide);

}  // namespace tastelab::model
