// Reading and writing image records.
#include "storage/images.h"

#include "storage/database.h"
#include "storage/rows.h"
#include "storage/storage_error.h"
#include "util/clock.h"

#include <fmt/format.h>

namespace tastelab::storage {
namespace {

constexpr const char* kColumns =
    "id, sha256, library_path, external_path, original_name, width, height, format, byte_size, prompt, "
    "negative_prompt, generator, seed, parameters, origin, created_at, external_mtime_ns";

ImageRecord readImage(const Statement& s)
{
    ImageRecord r;
    r.id = s.columnInt(0);
    r.sha256 = s.columnText(1);
    r.libraryPath = s.columnOptionalText(2);
    r.externalPath = s.columnOptionalText(3);
    r.originalName = s.columnOptionalText(4);
    r.width = static_cast<int>(s.columnInt(5));
    r.height = static_cast<int>(s.columnInt(6));
    r.format = s.columnText(7);
    r.byteSize = s.columnInt(8);
    r.prompt = s.columnOptionalText(9);
    r.negativePrompt = s.columnOptionalText(10);
    r.generator = s.columnOptionalText(11);
    r.seed = s.columnOptionalInt(12);
    r.parameters = s.columnText(13);
    r.origin = s.columnText(14) == "generated" ? ImageOrigin::Generated : ImageOrigin::Imported;
    r.createdAt = s.columnText(15);
    r.externalMtimeNs = s.columnOptionalInt(16);
    return r;
}

}  // namespace

std::string_view toString(ImageOrigin origin)
{
    return origin == ImageOrigin::Generated ? "generated" : "imported";
}

std::int64_t ImageStore::insert(const ImageRecord& image)
{
    if (image.sha256.size() != 64) {
        throw StorageError(fmt::format("image hash '{}' is not a SHA-256 hex digest", image.sha256));
    }
    if (!image.libraryPath && !image.externalPath) {
        throw StorageError(fmt::format("image {} has neither a library path nor an external path", image.sha256));
    }
    return db_.writeTransaction([&] {
        if (findBySha256(image.sha256)) {
            throw StorageError(fmt::format("an image with hash {} is already stored", image.sha256));
        }
        auto s = db_.prepare(
            "INSERT INTO images (sha256, library_path, external_path, original_name, width, height, format, "
            "byte_size, prompt, negative_prompt, generator, seed, parameters, origin, created_at, external_mtime_ns) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
        s.bind(1, image.sha256)
            .bind(2, image.libraryPath)
            .bind(3, image.externalPath)
            .bind(4, image.originalName)
            .bind(5, image.width)
            .bind(6, image.height)
            .bind(7, image.format)
            .bind(8, image.byteSize)
            .bind(9, image.prompt)
            .bind(10, image.negativePrompt)
            .bind(11, image.generator)
            .bind(12, image.seed)
            .bind(13, image.parameters.empty() ? std::string("{}") : image.parameters)
            .bind(14, toString(image.origin))
            .bind(15, image.createdAt.empty() ? util::utcTimestamp() : image.createdAt)
            .bind(16, image.externalMtimeNs)
            .run();
        return db_.lastInsertId();
    });
}

std::optional<ImageRecord> ImageStore::findById(std::int64_t id)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM images WHERE id = ?1", kColumns));
    s.bind(1, id);
    return firstRow(s, readImage);
}

std::optional<ImageRecord> ImageStore::findBySha256(std::string_view sha256)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM images WHERE sha256 = ?1", kColumns));
    s.bind(1, sha256);
    return firstRow(s, readImage);
}

std::vector<ImageRecord> ImageStore::findByOriginalName(std::string_view name)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM images WHERE original_name = ?1 ORDER BY id", kColumns));
    s.bind(1, name);
    return allRows(s, readImage);
}

std::optional<ImageRecord> ImageStore::findByPath(std::string_view path)
{
    auto s = db_.prepare(fmt::format(
        "SELECT {} FROM images WHERE library_path = ?1 OR external_path = ?1 ORDER BY id LIMIT 1", kColumns));
    s.bind(1, path);
    return firstRow(s, readImage);
}

std::vector<ImageRecord> ImageStore::list(std::int64_t limit, std::int64_t offset)
{
    auto s = db_.prepare(fmt::format("SELECT {} FROM images ORDER BY id LIMIT ?1 OFFSET ?2", kColumns));
    s.bind(1, limit).bind(2, offset);
    return allRows(s, readImage);
}

void ImageStore::recordExternalMtime(std::int64_t id, std::int64_t mtimeNs)
{
    auto s = db_.prepare("UPDATE images SET external_mtime_ns = ?2 WHERE id = ?1 AND external_path IS NOT NULL");
    s.bind(1, id).bind(2, mtimeNs).run();
}

std::int64_t ImageStore::count()
{
    auto s = db_.prepare("SELECT count(*) FROM images");
    s.step();
    return s.columnInt(0);
}

}  // namespace tastelab::storage
