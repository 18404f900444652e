// Folder import: hash, check the header, decode once, make a thumbnail, copy into the library and
// record. Decoding runs on worker threads; the database is written from the calling thread only.
#include "app/services/image_import.h"
#include "model/io/image_io.h"

#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "storage/images.h"
#include "storage/storage_error.h"
#include "util/bounded_file.h"
#include "util/csv.h"
#include "util/json.h"
#include "util/sha256.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <future>
#include <map>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace tastelab::services {
namespace {

struct ManifestEntry {
    std::size_t line = 0;
    std::optional<std::string> prompt;
    std::optional<std::string> negativePrompt;
    std::optional<std::string> generator;
    std::optional<std::int64_t> seed;
    util::JsonValue::Object parameters;
    bool used = false;
};

using Manifest = std::map<std::string, ManifestEntry>;  // by relative path with '/' separators

std::string manifestKey(const std::string& value)
{
    return fs::path(value).lexically_normal().generic_string();
}

std::optional<std::int64_t> parseSeed(const std::string& text, std::string& error)
{
    if (text.empty()) return std::nullopt;
    std::size_t used = 0;
    try {
        const long long value = std::stoll(text, &used);
        if (used == text.size()) return value;
    } catch (const std::exception&) {
    }
    error = fmt::format("seed '{}' is not a whole number", text);
    return std::nullopt;
}

std::string readText(const fs::path& file)
{
    try {  // only a regular file (a FIFO or a device is refused unopened), no line over 1 MiB
        return util::readTextFileBounded(file, util::kMaxTableFileBytes, util::kMaxTextLineBytes, "the manifest");
    } catch (const storage::StorageError& e) {
        throw ImportError(e.what());
    }
}

void addEntry(Manifest& manifest, const std::string& file, ManifestEntry entry, const std::string& source,
    std::vector<std::string>& errors)
{
    if (file.empty()) {
        errors.push_back(fmt::format("{}:{}: the file name is empty", source, entry.line));
        return;
    }
    const std::string key = manifestKey(file);
    if (auto it = manifest.find(key); it != manifest.end()) {
        errors.push_back(
            fmt::format("{}:{}: '{}' is listed again (first on line {})", source, entry.line, file, it->second.line));
        return;
    }
    manifest.emplace(key, std::move(entry));
}

Manifest readCsvManifest(const fs::path& path, std::vector<std::string>& errors)
{
    const std::string source = path.filename().string();
    util::CsvTable table(util::parseCsv(readText(path), source), source);
    const std::size_t fileColumn = table.requireColumn("file");
    table.requireRectangular();
    const auto prompt = table.column("prompt");
    const auto negative = table.column("negative_prompt");
    const auto generator = table.column("generator");
    const auto seed = table.column("seed");
    Manifest manifest;
    for (const auto& row : table.rows()) {
        ManifestEntry entry;
        entry.line = row.line;
        auto text = [&](std::optional<std::size_t> column) -> std::optional<std::string> {
            if (!column || row.fields[*column].empty()) return std::nullopt;
            return row.fields[*column];
        };
        entry.prompt = text(prompt);
        entry.negativePrompt = text(negative);
        entry.generator = text(generator);
        if (seed) {
            std::string error;
            entry.seed = parseSeed(row.fields[*seed], error);
            if (!error.empty()) errors.push_back(fmt::format("{}:{}: {}", source, row.line, error));
        }
        for (std::size_t c = 0; c < table.header().size(); ++c) {
            if (c == fileColumn || c == prompt || c == negative || c == generator || c == seed) continue;
            entry.parameters.emplace_back(table.header()[c], util::JsonValue(row.fields[c]));
        }
        addEntry(manifest, row.fields[fileColumn], std::move(entry), source, errors);
    }
    return manifest;
}

Manifest readJsonlManifest(const fs::path& path, std::vector<std::string>& errors)
{
    const std::string source = path.filename().string();
    Manifest manifest;
    for (const auto& line : util::parseJsonLines(readText(path), source)) {
        if (!line.value.isObject()) {
            errors.push_back(fmt::format("{}:{}: expected a JSON object", source, line.line));
            continue;
        }
        ManifestEntry entry;
        entry.line = line.line;
        std::string file;
        bool ok = true;
        for (const auto& [key, value] : line.value.asObject()) {
            auto needString = [&](std::optional<std::string>& target) {
                if (value.isNull()) return;
                if (!value.isString()) {
                    errors.push_back(fmt::format("{}:{}: '{}' must be a string", source, line.line, key));
                    ok = false;
                    return;
                }
                target = value.asString();
            };
            if (key == "file") {
                if (!value.isString()) {
                    errors.push_back(fmt::format("{}:{}: 'file' must be a string", source, line.line));
                    ok = false;
                } else {
                    file = value.asString();
                }
            } else if (key == "prompt") {
                needString(entry.prompt);
            } else if (key == "negative_prompt") {
                needString(entry.negativePrompt);
            } else if (key == "generator") {
                needString(entry.generator);
            } else if (key == "seed") {
                if (value.isNull()) continue;
                try {
                    entry.seed = value.isString() ? std::stoll(value.asString()) : value.asInt();
                } catch (const std::exception&) {
                    errors.push_back(fmt::format("{}:{}: seed is not a whole number", source, line.line));
                    ok = false;
                }
            } else {
                entry.parameters.emplace_back(key, value);
            }
        }
        if (!line.value.find("file")) {
            errors.push_back(fmt::format("{}:{}: missing 'file'", source, line.line));
            continue;
        }
        if (ok) addEntry(manifest, file, std::move(entry), source, errors);
    }
    return manifest;
}

Manifest readManifest(const fs::path& path)
{
    std::vector<std::string> errors;
    Manifest manifest;
    std::string extension = path.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    try {
        if (extension == ".csv") {
            manifest = readCsvManifest(path, errors);
        } else if (extension == ".jsonl" || extension == ".ndjson") {
            manifest = readJsonlManifest(path, errors);
        } else {
            throw ImportError(
                fmt::format("the manifest '{}' must be CSV (.csv) or JSON Lines (.jsonl)", path.string()));
        }
    } catch (const storage::StorageError& e) {
        throw ImportError(fmt::format("the manifest '{}' is malformed: {}", path.string(), e.what()));
    }
    if (!errors.empty()) {
        std::string message =
            fmt::format("the manifest '{}' has {} problem(s); nothing was imported:", path.string(), errors.size());
        for (const auto& error : errors) message += "\n  " + error;
        throw ImportError(message);
    }
    return manifest;
}

// Work that needs no database: run on worker threads.
struct Prepared {
    fs::path file;
    std::string relative;
    std::vector<std::uint8_t> bytes;
    std::string sha256;
    model::ImageHeader header;
    std::vector<std::uint8_t> thumbnail;
    std::optional<std::int64_t> mtimeNs;  // when the bytes were read: a linked file is checked against it later
    std::string error;
};

Prepared prepare(const fs::path& file, const fs::path& folder, const ImageImportOptions& options)
{
    Prepared p;
    p.file = file;
    p.relative = file.lexically_relative(folder).generic_string();
    try {
        p.mtimeNs = fileMtimeNs(file);
        p.bytes = model::readImageFileBytes(file, options.limits.maxFileBytes);
        if (fileMtimeNs(file) != p.mtimeNs) {
            p.error = fmt::format("'{}' changed while it was being read; import it again", p.relative);
            p.bytes.clear();
            return p;
        }
        if (p.bytes.empty()) {
            p.error = "the file is empty (0 bytes)";
            return p;
        }
        p.sha256 = util::sha256Hex(p.bytes.data(), p.bytes.size());
        p.header = model::readImageHeader(p.bytes, p.relative, options.limits);
        if (p.header.format != "png" && p.header.format != "jpeg" && p.header.format != "webp") {
            p.error =
                fmt::format("'{}' is a {} file; TasteLab imports PNG, JPEG and WebP", p.relative, p.header.format);
            return p;
        }
        const model::RgbImage image = model::decodeImage(p.bytes, p.relative, options.limits);
        const int side = std::min(options.thumbnailSide, std::max(image.width, image.height));
        p.thumbnail = makeThumbnail(image, side);
    } catch (const std::exception& e) {
        p.error = e.what();
        p.bytes.clear();
    }
    return p;
}

}  // namespace

bool hasImageExtension(const fs::path& file)
{
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension == ".png" || extension == ".jpg" || extension == ".jpeg" || extension == ".webp";
}

ImageImportReport importImages(Workspace& workspace, const fs::path& folder, const ImageImportOptions& options)
{
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        throw ImportError(fmt::format("cannot import from '{}': it is not a folder", folder.string()));
    }
    Manifest manifest = options.manifest ? readManifest(*options.manifest) : Manifest();
    const fs::path manifestFile = options.manifest ? fs::absolute(*options.manifest) : fs::path();

    ImageImportReport report;
    std::vector<fs::path> files;
    for (const auto& file : options.files) (hasImageExtension(file) ? files : report.skipped).push_back(file);
    for (fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end;
         options.files.empty() && !ec && it != end; it.increment(ec)) {
        const fs::path& path = it->path();
        if (path.filename().string().rfind('.', 0) == 0) {  // hidden files and folders
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec)) continue;
        if (!manifestFile.empty() && fs::absolute(path) == manifestFile) continue;
        (hasImageExtension(path) ? files : report.skipped).push_back(path);
    }
    if (ec) throw ImportError(fmt::format("cannot list '{}': {}", folder.string(), ec.message()));
    std::sort(files.begin(), files.end());

    storage::ImageStore images(workspace.database());
    std::map<std::string, std::int64_t> seenInThisImport;
    const int threads = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t chunk = std::size_t(threads) * 4;

    for (std::size_t start = 0; start < files.size(); start += chunk) {
        if (options.cancel && options.cancel->load()) {
            report.cancelled = true;
            break;
        }
        const std::size_t end = std::min(files.size(), start + chunk);
        std::vector<Prepared> prepared(end - start);
        std::vector<std::future<void>> workers;
        for (int t = 0; t < threads; ++t) {
            workers.push_back(std::async(std::launch::async, [&, t] {
                for (std::size_t i = start + t; i < end; i += threads)
                    prepared[i - start] = prepare(files[i], folder, options);
            }));
        }
        for (auto& worker : workers) worker.get();

        // Files first, then one transaction for the chunk: a crash leaves at worst unreferenced files.
        struct Pending {
            Prepared* prepared;
            storage::ImageRecord record;
        };
        std::vector<Pending> pending;
        for (Prepared& p : prepared) {
            if (!p.error.empty()) {
                report.rejected.push_back({p.file, p.error});
                continue;
            }
            if (auto existing = images.findBySha256(p.sha256)) {
                report.duplicates.push_back({p.file, p.sha256, existing->id});
                continue;
            }
            if (auto seen = seenInThisImport.find(p.sha256); seen != seenInThisImport.end()) {
                report.duplicates.push_back({p.file, p.sha256, 0});
                continue;
            }
            seenInThisImport.emplace(p.sha256, 0);
            storage::ImageRecord record;
            record.sha256 = p.sha256;
            record.originalName = p.file.filename().string();
            record.width = p.header.width;
            record.height = p.header.height;
            record.format = p.header.format;
            record.byteSize = static_cast<std::int64_t>(p.bytes.size());
            record.origin = storage::ImageOrigin::Imported;
            try {
                if (options.copyIntoLibrary) {
                    record.libraryPath = storeInLibrary(workspace, p.bytes, p.sha256, p.header.format);
                } else {
                    record.externalPath = fs::absolute(p.file).lexically_normal().string();
                    record.externalMtimeNs = p.mtimeNs;
                }
                storeThumbnail(workspace, p.sha256, p.thumbnail);
            } catch (const std::exception& e) {
                report.rejected.push_back({p.file, e.what()});
                continue;
            }
            if (auto entry = manifest.find(p.relative); entry != manifest.end()) {
                ManifestEntry& m = entry->second;
                m.used = true;
                record.prompt = m.prompt;
                record.negativePrompt = m.negativePrompt;
                record.generator = m.generator;
                record.seed = m.seed;
                record.parameters = util::toJson(util::JsonValue(m.parameters));
            }
            pending.push_back({&p, std::move(record)});
        }
        std::vector<ImportedImage> committed;
        workspace.database().writeTransaction([&] {
            for (Pending& item : pending) {
                committed.push_back({item.prepared->file, images.insert(item.record), item.record.sha256});
            }
        });
        report.imported.insert(report.imported.end(), committed.begin(), committed.end());
        if (options.onProgress) options.onProgress(end, files.size());
    }
    for (const auto& [key, entry] : manifest) {
        if (!entry.used && !report.cancelled) {
            const bool present = std::any_of(files.begin(), files.end(),
                [&](const fs::path& f) { return f.lexically_relative(folder).generic_string() == key; });
            if (!present) {
                report.manifestWarnings.push_back(fmt::format("{}:{}: '{}' was not found in {}",
                    options.manifest->filename().string(), entry.line, key, folder.string()));
            }
        }
    }
    return report;
}

}  // namespace tastelab::services
