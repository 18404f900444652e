// Content-addressed files plus their database records.
#include "app/services/image_library.h"

#include "app/services/workspace.h"
#include "storage/atomic_file.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "storage/sha256.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace tastelab::services {
namespace {

void writeOnce(const fs::path& target, const std::vector<std::uint8_t>& bytes)
{
    std::error_code ec;
    if (fs::exists(target, ec)) return;  // content-addressed: the same name holds the same bytes
    fs::create_directories(target.parent_path(), ec);
    storage::writeFileAtomically(target, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace

std::string storeInLibrary(
    Workspace& workspace, const std::vector<std::uint8_t>& bytes, const std::string& sha256, const std::string& format)
{
    const std::string extension = format == "jpeg" ? "jpg" : format;
    const std::string relative = sha256.substr(0, 2) + "/" + sha256 + "." + extension;
    writeOnce(workspace.libraryDir() / relative, bytes);
    return relative;
}

void storeThumbnail(Workspace& workspace, const std::string& sha256, const std::vector<std::uint8_t>& jpeg)
{
    writeOnce(workspace.thumbnailsDir() / (sha256.substr(0, 2) + "/" + sha256 + ".jpg"), jpeg);
}

std::vector<std::uint8_t> makeThumbnail(const model::RgbImage& image, int side)
{
    const int longest = std::max(image.width, image.height);
    return model::encodeJpeg(longest > side ? model::resizeToFit(image, side) : image, 85);
}

std::int64_t addGeneratedImage(Workspace& workspace, const model::RgbImage& image, const GeneratedImage& info)
{
    const std::vector<std::uint8_t> png = model::encodePng(image, info.pngText);
    const std::string sha = storage::sha256Hex(png.data(), png.size());
    storage::Database& db = workspace.database();
    storage::ImageStore images(db);
    return db.writeTransaction([&] {
        std::int64_t imageId = 0;
        if (auto existing = images.findBySha256(sha)) {
            imageId = existing->id;
        } else {
            storage::ImageRecord record;
            record.sha256 = sha;
            record.libraryPath = storeInLibrary(workspace, png, sha, "png");
            storeThumbnail(workspace, sha, makeThumbnail(image));
            record.width = image.width;
            record.height = image.height;
            record.format = "png";
            record.byteSize = static_cast<std::int64_t>(png.size());
            record.prompt = info.prompt;
            if (!info.negativePrompt.empty()) record.negativePrompt = info.negativePrompt;
            record.generator = info.generator;
            record.seed = info.seed;
            record.parameters = info.parameters;
            record.origin = storage::ImageOrigin::Generated;
            imageId = images.insert(record);
        }
        storage::GenerationRecord generation;
        generation.generator = info.generator;
        generation.model = info.model;
        generation.prompt = info.prompt;
        generation.negativePrompt = info.negativePrompt;
        generation.seed = info.seed;
        generation.parameters = info.parameters;
        generation.imageId = imageId;
        generation.durationMs = info.durationMs;
        storage::RunStore(db).insertGeneration(generation);
        return imageId;
    });
}

}  // namespace tastelab::services
