// Hugging Face configuration files: the bounded read, the parse and the typed getters.
#include "model/io/hf_config.h"

#include "util/bounded_file.h"
#include "util/error.h"
#include "util/format_error.h"

#include <fmt/format.h>

namespace tastelab::model {

util::JsonValue readConfigJson(const std::filesystem::path& configJson)
{
    std::string text;
    try {
        text = util::readFileBounded(configJson, util::kMaxConfigFileBytes, "configuration file");
    } catch (const util::DataError& error) {
        throw ModelLoadError(error.what());
    }
    try {
        util::JsonValue value = util::parseJson(text, configJson.string());
        if (!value.isObject())
            throw ModelLoadError(fmt::format("{}: the configuration is not a JSON object", configJson.string()));
        return value;
    } catch (const util::FormatError& error) {
        throw ModelLoadError(error.what());
    }
}

namespace {

const util::JsonValue* configKey(const util::JsonValue* config, const char* key)
{
    const util::JsonValue* value = config ? config->find(key) : nullptr;
    return value && !value->isNull() ? value : nullptr;
}

const util::JsonValue* configKey(const util::JsonValue& config, const char* key)
{
    return configKey(&config, key);
}

[[noreturn]] void wrongType(const std::string& key, const char* expected, const std::filesystem::path& file)
{
    throw ModelLoadError(fmt::format("{}: the key '{}' must be {}", file.string(), key, expected));
}

std::string qualified(const ConfigSection& section, const char* key)
{
    return section.name.empty() ? std::string(key) : section.name + "." + key;
}

// The getters, with the key as it is looked up in `config` (null: absent) and as errors name it.
std::int64_t readInt(const util::JsonValue* config, const char* key, const std::string& name, std::int64_t fallback,
    const std::filesystem::path& file)
{
    const util::JsonValue* value = configKey(config, key);
    if (!value) return fallback;
    if (!value->isInteger()) wrongType(name, "an integer", file);
    return value->asInt();
}

double readDouble(const util::JsonValue* config, const char* key, const std::string& name, double fallback,
    const std::filesystem::path& file)
{
    const util::JsonValue* value = configKey(config, key);
    if (!value) return fallback;
    if (!value->isNumber()) wrongType(name, "a number", file);
    return value->asDouble();
}

std::string readString(const util::JsonValue* config, const char* key, const std::string& name,
    const std::string& fallback, const std::filesystem::path& file)
{
    const util::JsonValue* value = configKey(config, key);
    if (!value) return fallback;
    if (!value->isString()) wrongType(name, "a string", file);
    return value->asString();
}

}  // namespace

std::int64_t configInt(
    const util::JsonValue& config, const char* key, std::int64_t fallback, const std::filesystem::path& file)
{
    return readInt(&config, key, key, fallback, file);
}

double configDouble(const util::JsonValue& config, const char* key, double fallback, const std::filesystem::path& file)
{
    return readDouble(&config, key, key, fallback, file);
}

bool configBool(const util::JsonValue& config, const char* key, bool fallback, const std::filesystem::path& file)
{
    const util::JsonValue* value = configKey(config, key);
    if (!value) return fallback;
    if (!value->isBool()) wrongType(key, "true or false", file);
    return value->asBool();
}

std::string configString(
    const util::JsonValue& config, const char* key, const std::string& fallback, const std::filesystem::path& file)
{
    return readString(&config, key, key, fallback, file);
}

std::int64_t configInt(
    const ConfigSection& section, const char* key, std::int64_t fallback, const std::filesystem::path& file)
{
    return readInt(section.object, key, qualified(section, key), fallback, file);
}

double configDouble(const ConfigSection& section, const char* key, double fallback, const std::filesystem::path& file)
{
    return readDouble(section.object, key, qualified(section, key), fallback, file);
}

std::string configString(
    const ConfigSection& section, const char* key, const std::string& fallback, const std::filesystem::path& file)
{
    return readString(section.object, key, qualified(section, key), fallback, file);
}

std::vector<std::int64_t> configIntList(const util::JsonValue& config, const char* key,
    const std::vector<std::int64_t>& fallback, const std::filesystem::path& file, int repeatTo)
{
    const util::JsonValue* value = configKey(config, key);
    if (!value) return fallback;
    if (value->isInteger() && repeatTo > 0)
        return std::vector<std::int64_t>(static_cast<std::size_t>(repeatTo), value->asInt());
    if (!value->isArray())
        wrongType(key, repeatTo > 0 ? "an integer or a list of integers" : "a list of integers", file);
    std::vector<std::int64_t> result;
    for (const util::JsonValue& item : value->asArray()) {
        if (!item.isInteger()) wrongType(key, "a list of integers", file);
        result.push_back(item.asInt());
    }
    return result;
}

std::vector<std::string> configStringList(const util::JsonValue& config, const char* key,
    const std::vector<std::string>& fallback, const std::filesystem::path& file)
{
    const util::JsonValue* value = configKey(config, key);
    if (!value) return fallback;
    if (!value->isArray()) wrongType(key, "a list of strings", file);
    std::vector<std::string> result;
    for (const util::JsonValue& item : value->asArray()) {
        if (!item.isString()) wrongType(key, "a list of strings", file);
        result.push_back(item.asString());
    }
    return result;
}

}  // namespace tastelab::model
