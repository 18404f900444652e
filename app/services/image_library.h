// The workspace's image library: files named by content hash under library/, thumbnails under
// thumbnails/, and records in the database. Shared by import, the demo and (later) generation.
#pragma once

#include "model/io/rgb_image.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tastelab::storage {
struct ImageRecord;
}

namespace tastelab::services {

class Workspace;

// An image whose file is missing or no longer holds the bytes it was stored with. The message names the
// image, the file and what changed.
class ImageFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The file of `image`, once it is known to hold the bytes the image was stored with, so that nothing is
// embedded, trained on or shown under another image's identity. A library file is checked by its size; a
// linked file (imported by reference) by its size and modification time on every call, and by its SHA-256
// when either changed (a matching hash records the new time). Throws ImageFileError otherwise.
std::filesystem::path verifiedImageFile(Workspace& workspace, const storage::ImageRecord& image);
// The modification time of `file` in nanoseconds since the epoch, or nullopt when it cannot be read.
std::optional<std::int64_t> fileMtimeNs(const std::filesystem::path& file);

// Writes `bytes` to library/<sha[0:2]>/<sha>.<ext> unless it is there already; returns the path
// relative to the library folder. The write is atomic.
std::string storeInLibrary(
    Workspace& workspace, const std::vector<std::uint8_t>& bytes, const std::string& sha256, const std::string& format);

// Writes a JPEG thumbnail (longest side at most `side`) to thumbnails/<sha[0:2]>/<sha>.jpg unless present.
void storeThumbnail(Workspace& workspace, const std::string& sha256, const std::vector<std::uint8_t>& jpeg);
std::vector<std::uint8_t> makeThumbnail(const model::RgbImage& image, int side = 256);

struct GeneratedImage {
    std::string generator;  // "procedural-v1", "sd-turbo", ...
    std::string model;  // weights identity, empty for procedural
    std::string prompt;
    std::string negativePrompt;
    std::int64_t seed = 0;
    std::string parameters = "{}";  // JSON object: size, steps, attributes, ...
    std::optional<std::int64_t> durationMs;
    model::PngTextChunks pngText;  // written into the stored PNG (generation settings, for other tools too)
};

// Encodes the image as PNG (with `info.pngText`), stores it and its thumbnail, records the image (origin "generated")
// and the generation. Returns the image id; an image with the same content already stored is reused.
std::int64_t addGeneratedImage(Workspace& workspace, const model::RgbImage& image, const GeneratedImage& info);

}  // namespace tastelab::services
