// Content-addressed files plus their database records.
#include "app/services/image_library.h"
#include "model/io/image_io.h"

#include "app/services/workspace.h"
#include "storage/images.h"
#include "storage/model_records.h"
#include "util/atomic_file.h"
#include "util/sha256.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace tastelab::services {
namespace {

void writeOnce(const fs::path& target, const std::vector<std::uint8_t>& bytes)
{
    std::error_code ec;
    if (fs::exists(target, ec)) return;  // content-addressed: the same name holds the same bytes
    fs::create_directories(target.parent_path(), ec);
    util::writeFileAtomically(target, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace

std::optional<std::int64_t> fileMtimeNs(const fs::path& file)
{
    struct stat st { };
    if (::stat(file.c_str(), &st) != 0) return std::nullopt;
    return std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

fs::path verifiedImageFile(Workspace& workspace, const storage::ImageRecord& image)
{
    const bool linked = !image.libraryPath.has_value();
    const fs::path file =
        linked ? fs::path(image.externalPath.value_or("")) : workspace.libraryDir() / *image.libraryPath;
    const std::string what = linked ? "linked file" : "library file";
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        throw ImageFileError(fmt::format("image {}: its {} '{}' is missing{}", image.id, what, file.string(),
            linked ? " (it was imported by reference: put it back or import it again)" : ""));
    }
    const auto size = fs::file_size(file, ec);
    if (ec || static_cast<std::int64_t>(size) != image.byteSize) {
        throw ImageFileError(fmt::format("image {}: its {} '{}' changed since it was stored ({} bytes, was {}); it is "
                                         "not used under the old image's identity: import the new file as a new image",
            image.id, what, file.string(), ec ? 0 : size, image.byteSize));
    }
    if (!linked) return file;
    const auto mtime = fileMtimeNs(file);
    if (mtime && image.externalMtimeNs && *mtime == *image.externalMtimeNs) return file;
    // Touched or copied back, or imported before times were recorded: the bytes decide.
    if (util::sha256FileHex(file) != image.sha256) {
        throw ImageFileError(fmt::format("image {}: its linked file '{}' holds other bytes than when it was imported "
                                         "(SHA-256 differs); it is not used under the old image's identity: import "
                                         "the new file as a new image",
            image.id, file.string()));
    }
    try {
        if (mtime) storage::ImageStore(workspace.database()).recordExternalMtime(image.id, *mtime);
    } catch (const std::exception&) {
        // Only saves hashing the file next time (the workspace may be busy or read-only): the bytes were checked.
    }
    return file;
}

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
    const std::string sha = util::sha256Hex(png.data(), png.size());
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
