// Importing a folder of images (PNG, JPEG, WebP) into a workspace, with an optional manifest that
// gives prompts, generators and seeds. Used by `tastelab-cli import` and the GUI.
#pragma once

#include "model/io/rgb_image.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tastelab::services {

class Workspace;

struct ImageImportOptions {
    std::optional<std::filesystem::path> manifest;  // CSV or JSON Lines; by extension (.csv, .jsonl)
    bool copyIntoLibrary = true;  // false: store a reference to the file where it is
    model::ImageLimits limits{16384, std::int64_t{256} << 20, std::int64_t{1} << 30};
    int thumbnailSide = 256;
    int threads = 0;  // 0: one per core
    std::function<void(std::size_t done, std::size_t total)> onProgress;
    const std::atomic<bool>* cancel = nullptr;  // set to stop between files
    // When not empty: import exactly these files (dropped on the library), each inside `folder` or not; the folder
    // is then only the base for relative names. Files that are not images by extension are listed as skipped.
    std::vector<std::filesystem::path> files;
};

struct ImportedImage {
    std::filesystem::path file;
    std::int64_t imageId = 0;
    std::string sha256;
};

struct DuplicateImage {
    std::filesystem::path file;
    std::string sha256;
    std::int64_t existingImageId = 0;
};

struct RejectedImage {
    std::filesystem::path file;
    std::string reason;
};

struct ImageImportReport {
    std::vector<ImportedImage> imported;
    std::vector<DuplicateImage> duplicates;
    std::vector<RejectedImage> rejected;
    std::vector<std::filesystem::path> skipped;  // not an image by extension (.txt, .json, ...)
    std::vector<std::string> manifestWarnings;  // entries naming files that were not found
    bool cancelled = false;
};

// Throws ImportError for a folder that does not exist or a malformed manifest (listing every bad
// line); in that case nothing is imported. Problems with single images never throw: they are listed
// in the report and the other images are imported.
ImageImportReport importImages(
    Workspace& workspace, const std::filesystem::path& folder, const ImageImportOptions& options = {});

class ImportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// True for the extensions import looks at: .png, .jpg, .jpeg, .webp (any case).
bool hasImageExtension(const std::filesystem::path& file);

}  // namespace tastelab::services
