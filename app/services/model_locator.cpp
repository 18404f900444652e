// Model discovery by folder layout and config.json's model_type.
#include "app/services/model_locator.h"

#include "util/bounded_file.h"
#include "util/json.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <tuple>

namespace fs = std::filesystem;

namespace tastelab::services {
namespace {

ModelKind classify(const std::string& modelType)
{
    if (modelType == "clip" || modelType == "clip_vision_model" || modelType == "clip_text_model")
        return ModelKind::Clip;
    if (modelType == "siglip" || modelType == "siglip_vision_model" || modelType == "siglip_text_model") {
        return ModelKind::Siglip;
    }
    if (modelType == "diffusers") return ModelKind::Diffusers;
    return ModelKind::Unknown;
}

// Returns true and fills `model` when `folder` holds a model.
bool inspect(const fs::path& folder, FoundModel& model)
{
    std::error_code ec;
    if (fs::is_regular_file(folder / "model_index.json", ec)) {
        model.modelType = "diffusers";
        model.kind = ModelKind::Diffusers;
        model.folder = folder;
        return true;
    }
    if (!fs::is_regular_file(folder / "config.json", ec)) return false;
    model.folder = folder;
    try {
        const std::string text =
            util::readFileBounded(folder / "config.json", util::kMaxConfigFileBytes, "configuration file");
        const util::JsonValue config = util::parseJson(text, "config.json");
        if (const util::JsonValue* type = config.find("model_type"); type && type->isString()) {
            model.modelType = type->asString();
        }
    } catch (const std::exception&) {
        model.modelType = "(unreadable config.json)";
    }
    model.kind = classify(model.modelType);
    return true;
}

void searchFolder(const fs::path& folder, int depth, std::vector<FoundModel>& found)
{
    FoundModel model;
    if (inspect(folder, model)) {
        model.name = folder.filename().string();
        model.source = "models folder";
        found.push_back(model);
        return;
    }
    if (depth == 0) return;
    std::error_code ec;
    for (fs::directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec)) {
        if (it->is_directory(ec) && it->path().filename().string().rfind('.', 0) != 0) {
            searchFolder(it->path(), depth - 1, found);
        }
    }
}

}  // namespace

fs::path huggingFaceHubCache()
{
    if (const char* hub = std::getenv("HF_HUB_CACHE"); hub && *hub) return hub;
    if (const char* home = std::getenv("HF_HOME"); home && *home) return fs::path(home) / "hub";
    const char* user = std::getenv("HOME");
    return fs::path(user ? user : "/") / ".cache" / "huggingface" / "hub";
}

std::vector<FoundModel> findModels(const fs::path& modelsFolder, const fs::path& hubCache)
{
    std::vector<FoundModel> found;
    std::error_code ec;
    if (!modelsFolder.empty() && fs::is_directory(modelsFolder, ec)) searchFolder(modelsFolder, 3, found);
    if (!hubCache.empty() && fs::is_directory(hubCache, ec)) {
        for (fs::directory_iterator repo(hubCache, fs::directory_options::skip_permission_denied, ec), end;
             !ec && repo != end; repo.increment(ec)) {
            const std::string dir = repo->path().filename().string();
            if (dir.rfind("models--", 0) != 0) continue;
            // models--ORG--NAME -> ORG/NAME
            std::string name = dir.substr(8);
            if (const auto split = name.find("--"); split != std::string::npos) name.replace(split, 2, "/");
            std::error_code inner;
            for (fs::directory_iterator snapshot(repo->path() / "snapshots", inner), last; !inner && snapshot != last;
                 snapshot.increment(inner)) {
                FoundModel model;
                if (inspect(snapshot->path(), model)) {
                    model.name = name;
                    model.source = "huggingface cache";
                    found.push_back(model);
                }
            }
        }
    }
    std::sort(found.begin(), found.end(), [](const FoundModel& a, const FoundModel& b) {
        return std::tie(a.name, a.folder) < std::tie(b.name, b.folder);
    });
    return found;
}

std::string toString(ModelKind kind)
{
    switch (kind) {
    case ModelKind::Clip:
        return "clip";
    case ModelKind::Siglip:
        return "siglip";
    case ModelKind::Diffusers:
        return "diffusers";
    case ModelKind::Unknown:
        return "unknown";
    }
    return "unknown";
}

}  // namespace tastelab::services
