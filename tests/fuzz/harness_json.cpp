// JSON: parseJson and parseJsonLines on the bytes; an accepted document must write (toJson) and read back to the same
// text, and its accessors must answer for every value. FormatError is the documented refusal.
#include "tests/fuzz/fuzz_target.h"
#include "util/json.h"

#include <string_view>

namespace tastelab::fuzz {
namespace {

using util::JsonValue;

// Calls the accessors that fit each value's type (they must not throw) and the find() of objects.
void walk(const JsonValue& value, int depth)
{
    if (depth > 600) throw PropertyViolation("an accepted JSON document nests deeper than the parser's limit");
    switch (value.type()) {
    case JsonValue::Type::Null:
        break;
    case JsonValue::Type::Bool:
        (void)value.asBool();
        break;
    case JsonValue::Type::Number:
        (void)value.asDouble();
        if (value.isInteger()) (void)value.asInt();
        break;
    case JsonValue::Type::String:
        (void)value.asString();
        break;
    case JsonValue::Type::Array:
        for (const JsonValue& item : value.asArray()) walk(item, depth + 1);
        break;
    case JsonValue::Type::Object:
        for (const auto& [key, item] : value.asObject()) {
            if (value.find(key) != &item) throw PropertyViolation("find() misses the key '" + key + "'");
            walk(item, depth + 1);
        }
        break;
    }
}

}  // namespace

int fuzzJson(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        (void)util::parseJsonLines(text, "fuzz.jsonl");
    } catch (const util::FormatError&) {
    }
    JsonValue value;
    try {
        value = util::parseJson(text, "fuzz.json");
    } catch (const util::FormatError& error) {
        return refuse(error);
    }
    walk(value, 0);
    std::string written, again;
    try {
        written = util::toJson(value);
        again = util::toJson(util::parseJson(written, "written"));
    } catch (const util::FormatError& error) {
        throw PropertyViolation(std::string("an accepted JSON document does not write and read back: ") + error.what());
    }
    if (written != again) {
        throw PropertyViolation("JSON written, read and written again differs:\n" + written + "\n" + again);
    }
    return kAccepted;
}

}  // namespace tastelab::fuzz
