// The one reader of Hugging Face configuration files (config.json, model_index.json, scheduler_config.json,
// tokenizer_config.json): read with a size bound, parsed as a JSON object, read back through typed getters whose
// errors name the file and the key.
#pragma once

#include "model/io/model_load_error.h"
#include "util/json.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tastelab::model {

// The file parsed; ModelLoadError names the file when it is missing, not a regular file, larger than
// util::kMaxConfigFileBytes, not valid JSON or not a JSON object.
util::JsonValue readConfigJson(const std::filesystem::path& configJson);

// Typed reads of a config key with the key and the file named in errors; missing keys and null give `fallback`.
std::int64_t configInt(
    const util::JsonValue& config, const char* key, std::int64_t fallback, const std::filesystem::path& file);
double configDouble(const util::JsonValue& config, const char* key, double fallback, const std::filesystem::path& file);
bool configBool(const util::JsonValue& config, const char* key, bool fallback, const std::filesystem::path& file);
std::string configString(
    const util::JsonValue& config, const char* key, const std::string& fallback, const std::filesystem::path& file);
// An integer array; a single integer is repeated `repeatTo` times when repeatTo > 0 (diffusers allows either).
std::vector<std::int64_t> configIntList(const util::JsonValue& config, const char* key,
    const std::vector<std::int64_t>& fallback, const std::filesystem::path& file, int repeatTo = 0);
std::vector<std::string> configStringList(const util::JsonValue& config, const char* key,
    const std::vector<std::string>& fallback, const std::filesystem::path& file);

// A nested object of a config ("text_config"): keys read through it are named "text_config.<key>" in errors.
struct ConfigSection {
    const util::JsonValue* object = nullptr;  // null when the config has no such object: every key takes its fallback
    std::string name;  // "" for the config itself
};
std::int64_t configInt(
    const ConfigSection& section, const char* key, std::int64_t fallback, const std::filesystem::path& file);
double configDouble(const ConfigSection& section, const char* key, double fallback, const std::filesystem::path& file);
std::string configString(
    const ConfigSection& section, const char* key, const std::string& fallback, const std::filesystem::path& file);

}  // namespace tastelab::model
