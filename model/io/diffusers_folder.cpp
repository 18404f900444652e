// Hub cache snapshots, component weights and weight-file identities.
#include "model/io/diffusers_folder.h"

#include "model/io/pth_reader.h"
#include "model/io/safetensors.h"
#include "util/bounded_file.h"
#include "util/sha256.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace tastelab::model {
namespace fs = std::filesystem;

namespace {

// A small text file (a hub reference), empty when it is missing, not a regular file or over 64 KiB: the caller then
// falls back to the newest snapshot.
std::string readText(const fs::path& file)
{
    try {
        return util::readFileBounded(file, std::uint64_t{64} << 10, "hub reference");
    } catch (const std::exception&) {
        return {};
    }
}

}  // namespace

std::optional<fs::path> hubSnapshot(const fs::path& repoFolder)
{
    std::error_code error;
    const fs::path snapshots = repoFolder / "snapshots";
    if (!fs::is_directory(snapshots, error)) return std::nullopt;
    std::string revision = readText(repoFolder / "refs" / "main");
    revision.erase(std::remove_if(revision.begin(), revision.end(),
                       [](char c) { return std::isspace(static_cast<unsigned char>(c)); }),
        revision.end());
    if (!revision.empty() && fs::exists(snapshots / revision / "model_index.json", error)) return snapshots / revision;
    std::optional<fs::path> newest;
    fs::file_time_type newestTime{};
    for (const auto& entry : fs::directory_iterator(snapshots, error)) {
        if (!fs::exists(entry.path() / "model_index.json", error)) continue;
        const auto time = fs::last_write_time(entry.path(), error);
        if (!newest || time > newestTime) {
            newest = entry.path();
            newestTime = time;
        }
    }
    return newest;
}

fs::path resolveDiffusersFolder(const fs::path& folder, const std::string& hubName, const std::string& layout)
{
    std::error_code error;
    if (fs::exists(folder / "model_index.json", error)) return folder;
    if (auto snapshot = hubSnapshot(folder)) return *snapshot;
    if (auto nested = hubSnapshot(folder / hubName)) return *nested;
    if (!fs::is_directory(folder, error)) throw ModelLoadError(fmt::format("{}: no such folder", folder.string()));
    throw ModelLoadError(fmt::format(
        "{}: not a diffusers model folder (it has no model_index.json; expected model_index.json with {} beside it)",
        folder.string(), layout));
}

namespace {

std::vector<std::string> weightFileNames(const std::string& stem, bool preferFp16)
{
    std::vector<std::string> full{stem + ".safetensors", stem + ".safetensors.index.json"};
    std::vector<std::string> half{
        stem + ".fp16.safetensors", stem + ".safetensors.index.fp16.json", stem + ".fp16.safetensors.index.json"};
    std::vector<std::string> order = preferFp16 ? half : full;
    const std::vector<std::string>& rest = preferFp16 ? full : half;
    order.insert(order.end(), rest.begin(), rest.end());
    return order;
}

std::optional<fs::path> firstExisting(const fs::path& dir, const std::vector<std::string>& names)
{
    std::error_code error;
    for (const std::string& name : names) {
        if (fs::is_regular_file(dir / name, error)) return dir / name;
    }
    return std::nullopt;
}

}  // namespace

fs::path findSafetensorsWeights(const fs::path& dir, const std::string& stem, bool preferFp16)
{
    const std::vector<std::string> names = weightFileNames(stem, preferFp16);
    if (auto found = firstExisting(dir, names)) return *found;
    throw ModelLoadError(fmt::format("{}: no weights file (looked for {})", dir.string(), fmt::join(names, ", ")));
}

WeightSource openComponentWeights(const fs::path& dir, const std::string& stem, bool preferFp16)
{
    std::vector<std::string> names = weightFileNames(stem, preferFp16);
    if (auto found = firstExisting(dir, names)) return WeightSource::fromSafetensors(*found);
    const std::vector<std::string> bins{stem + ".bin", stem + ".fp16.bin"};
    if (auto bin = firstExisting(dir, bins)) return WeightSource::fromTensors(readPthStateDict(*bin), bin->string());
    names.insert(names.end(), bins.begin(), bins.end());
    throw ModelLoadError(fmt::format("{}: no weights file (looked for {})", dir.string(), fmt::join(names, ", ")));
}

std::string shapeInWeightsFile(const fs::path& weightsFile, const std::string& name)
{
    try {
        const std::string fileName = weightsFile.filename().string();
        const bool isIndex = fileName.size() > 5 && fileName.compare(fileName.size() - 5, 5, ".json") == 0;
        const SafetensorsCollection weights =
            isIndex ? SafetensorsCollection::openIndex(weightsFile) : SafetensorsCollection::openFile(weightsFile);
        if (const TensorInfo* info = weights.find(name)) return shapeText(info->shape);
    } catch (const SafetensorsError&) {
    }
    return "unknown";
}

std::string weightFilesIdentity(const fs::path& folder, const std::vector<std::string>& components)
{
    util::Sha256 hash;
    std::error_code error;
    for (const std::string& component : components) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(folder / component, error)) {
            const std::string name = entry.path().filename().string();
            if (name.find(".safetensors") != std::string::npos || name.find(".bin") != std::string::npos)
                files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            const std::string line =
                fmt::format("{}/{}:{}\n", component, file.filename().string(), fs::file_size(file, error));
            hash.update(line.data(), line.size());
        }
    }
    const auto digest = hash.finish();
    std::string hex;
    for (std::size_t i = 0; i < 6; ++i) hex += fmt::format("{:02x}", digest[i]);
    return hex;
}

}  // namespace tastelab::model
