// A small JSON value type with a strict RFC 8259 parser, a compact writer and a JSON Lines reader, for
// metadata and run records. Numbers keep 64-bit integers exact (seeds, counts) apart from doubles.
#pragma once

#include "util/format_error.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace tastelab::util {

class JsonValue {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };
    using Array = std::vector<JsonValue>;
    using Object = std::vector<std::pair<std::string, JsonValue>>;  // keeps insertion order

    JsonValue();  // null
    JsonValue(std::nullptr_t);
    JsonValue(bool value);
    JsonValue(double value);
    JsonValue(std::int64_t value);
    JsonValue(int value);
    JsonValue(std::string value);
    JsonValue(const char* value);
    JsonValue(Array value);
    JsonValue(Object value);

    Type type() const;
    bool isNull() const { return type() == Type::Null; }
    bool isBool() const { return type() == Type::Bool; }
    bool isNumber() const { return type() == Type::Number; }
    // A number held as a 64-bit integer (written without fraction or exponent, or built from an integer).
    bool isInteger() const { return std::holds_alternative<std::int64_t>(value_); }
    bool isString() const { return type() == Type::String; }
    bool isArray() const { return type() == Type::Array; }
    bool isObject() const { return type() == Type::Object; }

    // Each accessor throws FormatError naming the expected and the actual type when the type differs.
    bool asBool() const;
    double asDouble() const;  // integers convert (above 2^53 they may round)
    // Exact for integers within int64 written without fraction or exponent; throws FormatError otherwise.
    std::int64_t asInt() const;
    const std::string& asString() const;
    const Array& asArray() const;
    const Object& asObject() const;

    // Object access: nullptr when the key is missing or this is not an object.
    const JsonValue* find(std::string_view key) const;
    // Object only (throws FormatError otherwise); replaces an existing key in place. Returns the stored value,
    // so that nested objects can be filled in: `root.set("meta", JsonValue::Object{}).set("seed", 7);`.
    JsonValue& set(std::string key, JsonValue value);
    // Array only (throws FormatError otherwise).
    void push(JsonValue value);

private:
    std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, Array, Object> value_;
};

// The name of a type for messages: "null", "a boolean", "a number", "a string", "an array", "an object".
std::string_view jsonTypeName(JsonValue::Type type);

// Strict RFC 8259 (no comments, no trailing commas, no duplicate keys, no NaN or Infinity); validates UTF-8
// and decodes \uXXXX including surrogate pairs. A leading UTF-8 BOM is ignored (RFC 8259 section 8.1).
// Throws FormatError "<sourceName>:<line>:<column>: <problem>", line and column 1-based within `text`,
// the column counted in characters.
JsonValue parseJson(std::string_view text, std::string_view sourceName = "JSON");

// JSON Lines: one value per non-empty line (whitespace-only lines are skipped). Errors name the file line.
struct JsonLine {
    std::size_t line = 0;
    JsonValue value;
};
std::vector<JsonLine> parseJsonLines(std::string_view text, std::string_view sourceName);

// Compact output. Integers held as int64 print without a decimal point; doubles print in the shortest form
// that round-trips, with ".0" added when that form looks like an integer, so that they read back as doubles.
// Throws FormatError for NaN or Infinity (JSON has neither) and for strings that are not valid UTF-8.
std::string toJson(const JsonValue& value);
// "..." with escapes for '"', '\\' and control characters (\b \f \n \r \t, other C0 controls, DEL and the C1
// controls U+0080..U+009F as \u00XX); other UTF-8 is kept as it is. Throws FormatError when `text` is not valid
// UTF-8 (exports pass text through toValidUtf8() from util/text_safety.h first).
std::string jsonQuote(std::string_view text);

}  // namespace tastelab::util
