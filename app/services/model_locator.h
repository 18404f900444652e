// Finding pretrained models on this machine: in the Hugging Face cache layout
// (<hub>/models--ORG--NAME/snapshots/REV/) and in a models folder of the user's choice (any folder
// with a config.json or model_index.json, up to three levels down). Nothing is downloaded.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tastelab::services {

enum class ModelKind { Clip, Siglip, Diffusers, Unknown };

struct FoundModel {
    std::string name;  // "openai/clip-vit-base-patch32", or the folder name
    ModelKind kind = ModelKind::Unknown;
    std::string modelType;  // config.json's "model_type", or "diffusers"
    std::filesystem::path folder;  // the snapshot or model folder
    std::string source;  // "huggingface cache" or "models folder"
};

// The Hugging Face hub cache: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub.
std::filesystem::path huggingFaceHubCache();

// Searches `modelsFolder` (when not empty) and the Hugging Face cache. A folder that cannot be read is
// skipped; a config.json that is not valid JSON is listed with kind Unknown.
std::vector<FoundModel> findModels(
    const std::filesystem::path& modelsFolder = {}, const std::filesystem::path& hubCache = huggingFaceHubCache());

std::string toString(ModelKind kind);

}  // namespace tastelab::services
