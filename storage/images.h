// The image table: every image the workspace knows, identified by the SHA-256 of its file bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tastelab::storage {

class Database;

enum class ImageOrigin { Imported, Generated };

struct ImageRecord {
    std::int64_t id = 0;
    std::string sha256;  // lowercase hex of the file bytes
    std::optional<std::string> libraryPath;  // relative to <workspace>/library
    std::optional<std::string> externalPath;  // absolute, when the file was only referenced
    std::optional<std::string> originalName;  // file name as imported
    int width = 0;
    int height = 0;
    std::string format;  // "png", "jpeg", "webp", ...
    std::int64_t byteSize = 0;
    std::optional<std::string> prompt;
    std::optional<std::string> negativePrompt;
    std::optional<std::string> generator;
    std::optional<std::int64_t> seed;
    std::string parameters = "{}";  // JSON object of everything else
    ImageOrigin origin = ImageOrigin::Imported;
    std::string createdAt;  // set on insert when empty
    // A linked file's modification time (ns since the epoch) when its bytes were last seen to match `sha256`:
    // with `byteSize`, what tells on every use whether the file must be hashed again. Unset for library files.
    std::optional<std::int64_t> externalMtimeNs;
};

class ImageStore {
public:
    explicit ImageStore(Database& db)
        : db_(db)
    {
    }

    // Inserts and returns the new id. Throws StorageError when an image with the same hash exists.
    std::int64_t insert(const ImageRecord& image);

    std::optional<ImageRecord> findById(std::int64_t id);
    std::optional<ImageRecord> findBySha256(std::string_view sha256);
    // All images imported under this file name (names need not be unique).
    std::vector<ImageRecord> findByOriginalName(std::string_view name);
    // By library path (relative) or external path (absolute).
    std::optional<ImageRecord> findByPath(std::string_view path);
    std::vector<ImageRecord> list(std::int64_t limit = -1, std::int64_t offset = 0);
    std::int64_t count();
    // Records that a linked file, as of this modification time, still holds the image's bytes.
    void recordExternalMtime(std::int64_t id, std::int64_t mtimeNs);

private:
    Database& db_;
};

std::string_view toString(ImageOrigin origin);

}  // namespace tastelab::storage
