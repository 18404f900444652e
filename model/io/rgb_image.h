// The plain 8-bit RGB image, PNG text chunks, image limits and the image error, free of torch headers: the types that
// headers a Qt page includes (through the services) may name. Decoding, encoding and the tensor conversions are in
// model/io/image_io.h.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::model {

// Interleaved 8-bit RGB, row-major, no padding.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // width * height * 3

    bool empty() const { return pixels.empty(); }
};

// Text chunks of a PNG: keyword (1..79 printable ASCII characters, no leading, trailing or double spaces) and text.
using PngTextChunks = std::vector<std::pair<std::string, std::string>>;

// Thrown for unreadable, truncated, unsupported or oversized images; the message names the file.
class ImageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ImageLimits {
    int maxSide = 16384;  // pixels along either side
    std::int64_t maxPixels = std::int64_t{256} << 20;  // 256 megapixels
    std::int64_t maxFileBytes = std::int64_t{1} << 30;  // 1 GiB
};

}  // namespace tastelab::model
