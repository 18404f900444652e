// JSON (RFC 8259) values, a strict recursive-descent parser that reports line and column, and a compact
// writer whose output the parser reads back to the same values.
#include "util/json.h"

#include "util/utf8.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_set>

namespace tastelab::util {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
// Deep enough for any real document, shallow enough that recursion cannot overflow the stack.
constexpr int kMaxDepth = 512;
// Above this many keys, duplicate detection switches from a linear scan to a hash set.
constexpr std::size_t kLinearKeyCheckLimit = 32;

[[noreturn]] void throwTypeError(std::string_view expected, JsonValue::Type actual)
{
    throw FormatError(fmt::format("expected {}, found {}", expected, jsonTypeName(actual)));
}

bool isJsonWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// ASCII only: <cctype> would depend on the locale.
bool isLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Decides whether a decimal literal that from_chars found out of range is too large (rather than too small)
// from the position of its first significant digit and its exponent.
bool overflows(std::string_view literal)
{
    std::size_t i = literal.front() == '-' ? 1 : 0;
    long order = -1;  // decimal exponent of the first significant digit, before the written exponent
    long integerDigits = 0;
    for (; i < literal.size() && isDigit(literal[i]); ++i) {
        if (literal[i] != '0' || integerDigits > 0) ++integerDigits;
    }
    if (integerDigits > 0) {
        order = integerDigits - 1;
    } else if (i < literal.size() && literal[i] == '.') {
        for (++i; i < literal.size() && literal[i] == '0'; ++i) --order;
        while (i < literal.size() && isDigit(literal[i])) ++i;
    }
    if (integerDigits > 0 && i < literal.size() && literal[i] == '.') {
        for (++i; i < literal.size() && isDigit(literal[i]);) ++i;
    }
    long exponent = 0;
    if (i < literal.size() && (literal[i] == 'e' || literal[i] == 'E')) {
        ++i;
        const bool negative = i < literal.size() && literal[i] == '-';
        if (i < literal.size() && (literal[i] == '-' || literal[i] == '+')) ++i;
        for (; i < literal.size(); ++i) exponent = std::min(exponent * 10 + (literal[i] - '0'), 100000L);
        if (negative) exponent = -exponent;
    }
    return order + exponent > 0;
}

class Parser {
public:
    Parser(std::string_view text, std::string_view sourceName, std::size_t firstLine)
        : text_(text)
        , sourceName_(sourceName)
        , firstLine_(firstLine)
    {
    }

    JsonValue parseDocument()
    {
        if (const std::size_t bad = findInvalidUtf8(text_); bad != std::string_view::npos) {
            fail(bad,
                fmt::format(
                    "invalid UTF-8 (byte 0x{:02X}); the text must be UTF-8", static_cast<unsigned char>(text_[bad])));
        }
        skipWhitespace();
        if (atEnd()) fail(pos_, "expected a JSON value, found nothing");
        JsonValue value = parseValue(0);
        skipWhitespace();
        if (!atEnd())
            fail(pos_, fmt::format("unexpected {} after the JSON value (a document holds one value)", here()));
        return value;
    }

private:
    bool atEnd() const { return pos_ >= text_.size(); }

    [[noreturn]] void fail(std::size_t offset, std::string_view problem) const
    {
        const auto [line, column] = position(offset);
        throw FormatError(fmt::format("{}:{}:{}: {}", sourceName_, line, column, problem));
    }

    // Line (LF-separated) and column (in characters, i.e. UTF-8 lead bytes) of a byte offset.
    std::pair<std::size_t, std::size_t> position(std::size_t offset) const
    {
        std::size_t line = firstLine_;
        std::size_t lineStart = 0;
        for (std::size_t i = 0; i < offset && i < text_.size(); ++i) {
            if (text_[i] == '\n') {
                ++line;
                lineStart = i + 1;
            }
        }
        std::size_t column = 1;
        for (std::size_t i = lineStart; i < offset && i < text_.size(); ++i) {
            if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
        }
        return {line, column};
    }

    // Names what stands at `offset` for a message: "'x'", "a line break", "the end of the input".
    std::string describe(std::size_t offset) const
    {
        if (offset >= text_.size()) return "the end of the input";
        const auto c = static_cast<unsigned char>(text_[offset]);
        if (c == '\n' || c == '\r') return "a line break";
        if (c < 0x20 || c == 0x7F) return fmt::format("the control character U+{:04X}", c);
        std::size_t length = 1;
        while (offset + length < text_.size() && (static_cast<unsigned char>(text_[offset + length]) & 0xC0) == 0x80) {
            ++length;
        }
        return fmt::format("'{}'", text_.substr(offset, c < 0x80 ? 1 : length));
    }
    std::string here() const { return describe(pos_); }

    void skipWhitespace()
    {
        while (!atEnd() && isJsonWhitespace(text_[pos_])) ++pos_;
    }

    JsonValue parseValue(int depth)
    {
        if (atEnd()) fail(pos_, "expected a value, found the end of the input");
        switch (text_[pos_]) {
        case '{':
            return parseObject(depth);
        case '[':
            return parseArray(depth);
        case '"':
            return JsonValue(parseString());
        default:
            if (text_[pos_] == '-' || isDigit(text_[pos_])) return parseNumber();
            if (isLetter(text_[pos_])) return parseWord();
            fail(pos_, fmt::format("expected a value, found {}", here()));
        }
    }

    // A bare word must be one of JSON's three literals; naming the whole word helps with misspellings and with
    // Python's True/None or JavaScript's NaN/undefined.
    JsonValue parseWord()
    {
        const std::size_t start = pos_;
        while (!atEnd() && (isLetter(text_[pos_]) || isDigit(text_[pos_]) || text_[pos_] == '_')) ++pos_;
        const std::string_view word = text_.substr(start, pos_ - start);
        if (word == "true") return JsonValue(true);
        if (word == "false") return JsonValue(false);
        if (word == "null") return JsonValue(nullptr);
        fail(start, fmt::format("unknown word '{}' (JSON knows true, false and null)", word));
    }

    void enter(int depth) const
    {
        if (depth >= kMaxDepth) fail(pos_, fmt::format("nesting deeper than {} arrays and objects", kMaxDepth));
    }

    JsonValue parseArray(int depth)
    {
        enter(depth);
        ++pos_;  // '['
        JsonValue::Array items;
        skipWhitespace();
        if (!atEnd() && text_[pos_] == ']') {
            ++pos_;
            return JsonValue(std::move(items));
        }
        for (;;) {
            skipWhitespace();
            items.push_back(parseValue(depth + 1));
            skipWhitespace();
            if (atEnd()) fail(pos_, "unterminated array: expected ',' or ']', found the end of the input");
            if (text_[pos_] == ']') {
                ++pos_;
                return JsonValue(std::move(items));
            }
            if (text_[pos_] != ',') fail(pos_, fmt::format("expected ',' or ']' in the array, found {}", here()));
            const std::size_t comma = pos_++;
            skipWhitespace();
            if (!atEnd() && text_[pos_] == ']') fail(comma, "trailing comma before ']' (JSON allows none)");
        }
    }

    JsonValue parseObject(int depth)
    {
        enter(depth);
        ++pos_;  // '{'
        JsonValue::Object members;
        std::unordered_set<std::string> keys;  // filled only for large objects
        skipWhitespace();
        if (!atEnd() && text_[pos_] == '}') {
            ++pos_;
            return JsonValue(std::move(members));
        }
        for (;;) {
            skipWhitespace();
            if (atEnd() || text_[pos_] != '"') {
                fail(pos_, fmt::format("expected a member name in double quotes, found {}", here()));
            }
            const std::size_t keyStart = pos_;
            std::string key = parseString();
            if (isDuplicate(members, keys, key)) fail(keyStart, fmt::format("duplicate key {}", jsonQuote(key)));
            skipWhitespace();
            if (atEnd() || text_[pos_] != ':') {
                fail(pos_, fmt::format("expected ':' after the key {}, found {}", jsonQuote(key), here()));
            }
            ++pos_;
            skipWhitespace();
            JsonValue value = parseValue(depth + 1);
            members.emplace_back(std::move(key), std::move(value));
            skipWhitespace();
            if (atEnd()) fail(pos_, "unterminated object: expected ',' or '}', found the end of the input");
            if (text_[pos_] == '}') {
                ++pos_;
                return JsonValue(std::move(members));
            }
            if (text_[pos_] != ',') fail(pos_, fmt::format("expected ',' or '}}' in the object, found {}", here()));
            const std::size_t comma = pos_++;
            skipWhitespace();
            if (!atEnd() && text_[pos_] == '}') fail(comma, "trailing comma before '}' (JSON allows none)");
        }
    }

    static bool isDuplicate(
        const JsonValue::Object& members, std::unordered_set<std::string>& keys, const std::string& key)
    {
        if (members.size() < kLinearKeyCheckLimit) {
            for (const auto& member : members) {
                if (member.first == key) return true;
            }
            return false;
        }
        if (keys.empty()) {
            for (const auto& member : members) keys.insert(member.first);
        }
        return !keys.insert(key).second;
    }

    std::string parseString()
    {
        const std::size_t open = pos_++;
        std::string out;
        for (;;) {
            const std::size_t runStart = pos_;
            while (!atEnd() && text_[pos_] != '"' && text_[pos_] != '\\'
                && static_cast<unsigned char>(text_[pos_]) >= 0x20) {
                ++pos_;
            }
            out.append(text_.substr(runStart, pos_ - runStart));
            if (atEnd()) fail(open, "unterminated string (the input ends before its closing quote)");
            const char c = text_[pos_];
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (c == '\\') {
                parseEscape(out);
                continue;
            }
            const auto [line, column] = position(open);
            fail(pos_,
                fmt::format("{} inside a string (write it as an escape such as \\n, or close the string "
                            "that opened at {}:{})",
                    here(), line, column));
        }
    }

    void parseEscape(std::string& out)
    {
        const std::size_t start = pos_;
        if (start + 1 >= text_.size()) fail(start, "unterminated string (the input ends inside an escape)");
        const char kind = text_[start + 1];
        pos_ += 2;
        switch (kind) {
        case '"':
            out += '"';
            return;
        case '\\':
            out += '\\';
            return;
        case '/':
            out += '/';
            return;
        case 'b':
            out += '\b';
            return;
        case 'f':
            out += '\f';
            return;
        case 'n':
            out += '\n';
            return;
        case 'r':
            out += '\r';
            return;
        case 't':
            out += '\t';
            return;
        case 'u':
            break;
        default: {
            // describe() quotes printable characters; show those as the escape the writer typed.
            const std::string what = describe(start + 1);
            fail(start,
                fmt::format("invalid escape {} (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)",
                    what.front() == '\'' ? "'\\" + what.substr(1) : "'\\' followed by " + what));
        }
        }
        std::uint32_t codePoint = readHex4(start);
        if (codePoint >= 0xDC00 && codePoint <= 0xDFFF) {
            fail(start,
                fmt::format("unpaired low surrogate \\u{:04X} (it must follow a high surrogate "
                            "\\uD800-\\uDBFF)",
                    codePoint));
        }
        if (codePoint >= 0xD800 && codePoint <= 0xDBFF) {
            // Characters above U+FFFF are written as a high and a low surrogate escape (RFC 8259 section 7).
            const std::size_t second = pos_;
            if (text_.substr(second, 2) != "\\u") {
                fail(start,
                    fmt::format("unpaired high surrogate \\u{:04X} (it must be followed by a low surrogate "
                                "\\uDC00-\\uDFFF)",
                        codePoint));
            }
            pos_ += 2;
            const std::uint32_t low = readHex4(second);
            if (low < 0xDC00 || low > 0xDFFF) {
                fail(start,
                    fmt::format("unpaired high surrogate \\u{:04X} (it is followed by \\u{:04X}, not by a low "
                                "surrogate \\uDC00-\\uDFFF)",
                        codePoint, low));
            }
            codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (low - 0xDC00);
        }
        appendUtf8(out, codePoint);
    }

    // Reads the four hex digits at pos_ of the \u escape that starts at `escape`.
    std::uint32_t readHex4(std::size_t escape)
    {
        std::uint32_t value = 0;
        for (int k = 0; k < 4; ++k) {
            const int digit = atEnd() ? -1 : hexValue(text_[pos_]);
            if (digit < 0) fail(escape, "invalid \\u escape (it needs four hex digits, as in \\u00e9)");
            value = value * 16 + static_cast<std::uint32_t>(digit);
            ++pos_;
        }
        return value;
    }

    JsonValue parseNumber()
    {
        const std::size_t start = pos_;
        if (text_[pos_] == '-') ++pos_;
        if (atEnd() || !isDigit(text_[pos_])) {
            fail(pos_, fmt::format("invalid number: expected a digit after '-', found {}", here()));
        }
        if (text_[pos_] == '0') {
            ++pos_;
            if (!atEnd() && isDigit(text_[pos_])) fail(start, "invalid number: leading zeros are not allowed");
        } else {
            while (!atEnd() && isDigit(text_[pos_])) ++pos_;
        }
        bool integer = true;
        if (!atEnd() && text_[pos_] == '.') {
            integer = false;
            ++pos_;
            if (atEnd() || !isDigit(text_[pos_])) {
                fail(pos_, fmt::format("invalid number: expected a digit after '.', found {}", here()));
            }
            while (!atEnd() && isDigit(text_[pos_])) ++pos_;
        }
        if (!atEnd() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            integer = false;
            ++pos_;
            if (!atEnd() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
            if (atEnd() || !isDigit(text_[pos_])) {
                fail(pos_, fmt::format("invalid number: expected a digit in the exponent, found {}", here()));
            }
            while (!atEnd() && isDigit(text_[pos_])) ++pos_;
        }

        const std::string_view literal = text_.substr(start, pos_ - start);
        const char* first = literal.data();
        const char* last = literal.data() + literal.size();
        // Integers stay exact as int64; "-0" and integers beyond int64 become doubles.
        if (integer && literal != "-0") {
            std::int64_t value = 0;
            if (const auto result = std::from_chars(first, last, value); result.ec == std::errc()) {
                return JsonValue(value);
            }
        }
        double value = 0;
        const auto result = std::from_chars(first, last, value);
        if (result.ec == std::errc::result_out_of_range) {
            if (overflows(literal)) fail(start, fmt::format("number {} is too large for a double", literal));
            value = literal.front() == '-' ? -0.0 : 0.0;
        } else if (result.ec != std::errc() || result.ptr != last) {
            fail(start, fmt::format("invalid number {}", literal));
        }
        return JsonValue(value);
    }

    std::string_view text_;
    std::string_view sourceName_;
    std::size_t firstLine_;
    std::size_t pos_ = 0;
};

void write(std::string& out, const JsonValue& value)
{
    switch (value.type()) {
    case JsonValue::Type::Null:
        out += "null";
        return;
    case JsonValue::Type::Bool:
        out += value.asBool() ? "true" : "false";
        return;
    case JsonValue::Type::Number: {
        if (value.isInteger()) {
            out += fmt::format("{}", value.asInt());
            return;
        }
        const double number = value.asDouble();
        if (!std::isfinite(number)) {
            throw FormatError(fmt::format("cannot write {} as JSON (JSON has no NaN or Infinity; store null or a "
                                          "string instead)",
                number));
        }
        const std::string text = fmt::format("{}", number);
        out += text;
        // "1" would read back as an integer; keep it a double.
        if (text.find_first_of(".eE") == std::string::npos) out += ".0";
        return;
    }
    case JsonValue::Type::String:
        out += jsonQuote(value.asString());
        return;
    case JsonValue::Type::Array: {
        out += '[';
        bool first = true;
        for (const JsonValue& item : value.asArray()) {
            if (!first) out += ',';
            first = false;
            write(out, item);
        }
        out += ']';
        return;
    }
    case JsonValue::Type::Object: {
        out += '{';
        bool first = true;
        for (const auto& [key, item] : value.asObject()) {
            if (!first) out += ',';
            first = false;
            out += jsonQuote(key);
            out += ':';
            write(out, item);
        }
        out += '}';
        return;
    }
    }
}

}  // namespace

JsonValue::JsonValue()
    : value_(nullptr)
{
}

JsonValue::JsonValue(std::nullptr_t)
    : value_(nullptr)
{
}

JsonValue::JsonValue(bool value)
    : value_(value)
{
}

JsonValue::JsonValue(double value)
    : value_(value)
{
}

JsonValue::JsonValue(std::int64_t value)
    : value_(value)
{
}

JsonValue::JsonValue(int value)
    : value_(static_cast<std::int64_t>(value))
{
}

JsonValue::JsonValue(std::string value)
    : value_(std::move(value))
{
}

JsonValue::JsonValue(const char* value)
    : value_(std::string(value))
{
}

JsonValue::JsonValue(Array value)
    : value_(std::move(value))
{
}

JsonValue::JsonValue(Object value)
    : value_(std::move(value))
{
}

JsonValue::Type JsonValue::type() const
{
    switch (value_.index()) {
    case 0:
        return Type::Null;
    case 1:
        return Type::Bool;
    case 2:
    case 3:
        return Type::Number;
    case 4:
        return Type::String;
    case 5:
        return Type::Array;
    default:
        return Type::Object;
    }
}

bool JsonValue::asBool() const
{
    if (const auto* value = std::get_if<bool>(&value_)) return *value;
    throwTypeError("a boolean", type());
}

double JsonValue::asDouble() const
{
    if (const auto* value = std::get_if<double>(&value_)) return *value;
    if (const auto* value = std::get_if<std::int64_t>(&value_)) return static_cast<double>(*value);
    throwTypeError("a number", type());
}

std::int64_t JsonValue::asInt() const
{
    if (const auto* value = std::get_if<std::int64_t>(&value_)) return *value;
    if (const auto* value = std::get_if<double>(&value_)) {
        throw FormatError(fmt::format("expected an integer (written without fraction or exponent, within 64 bits), "
                                      "found the number {}",
            *value));
    }
    throwTypeError("an integer", type());
}

const std::string& JsonValue::asString() const
{
    if (const auto* value = std::get_if<std::string>(&value_)) return *value;
    throwTypeError("a string", type());
}

const JsonValue::Array& JsonValue::asArray() const
{
    if (const auto* value = std::get_if<Array>(&value_)) return *value;
    throwTypeError("an array", type());
}

const JsonValue::Object& JsonValue::asObject() const
{
    if (const auto* value = std::get_if<Object>(&value_)) return *value;
    throwTypeError("an object", type());
}

const JsonValue* JsonValue::find(std::string_view key) const
{
    const auto* members = std::get_if<Object>(&value_);
    if (!members) return nullptr;
    for (const auto& member : *members) {
        if (member.first == key) return &member.second;
    }
    return nullptr;
}

JsonValue& JsonValue::set(std::string key, JsonValue value)
{
    auto* members = std::get_if<Object>(&value_);
    if (!members)
        throw FormatError(
            fmt::format("cannot set key '{}': the value is {}, not an object", key, jsonTypeName(type())));
    for (auto& member : *members) {
        if (member.first == key) {
            member.second = std::move(value);
            return member.second;
        }
    }
    members->emplace_back(std::move(key), std::move(value));
    return members->back().second;
}

void JsonValue::push(JsonValue value)
{
    auto* items = std::get_if<Array>(&value_);
    if (!items) throw FormatError(fmt::format("cannot append: the value is {}, not an array", jsonTypeName(type())));
    items->push_back(std::move(value));
}

std::string_view jsonTypeName(JsonValue::Type type)
{
    switch (type) {
    case JsonValue::Type::Null:
        return "null";
    case JsonValue::Type::Bool:
        return "a boolean";
    case JsonValue::Type::Number:
        return "a number";
    case JsonValue::Type::String:
        return "a string";
    case JsonValue::Type::Array:
        return "an array";
    case JsonValue::Type::Object:
        return "an object";
    }
    return "an unknown type";
}

JsonValue parseJson(std::string_view text, std::string_view sourceName)
{
    if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
    return Parser(text, sourceName, 1).parseDocument();
}

std::vector<JsonLine> parseJsonLines(std::string_view text, std::string_view sourceName)
{
    if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
    std::vector<JsonLine> lines;
    std::size_t lineNumber = 1;
    for (std::size_t start = 0; start < text.size(); ++lineNumber) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        lines.push_back({lineNumber, Parser(line, sourceName, lineNumber).parseDocument()});
    }
    return lines;
}

std::string toJson(const JsonValue& value)
{
    std::string out;
    write(out, value);
    return out;
}

std::string jsonQuote(std::string_view text)
{
    if (const std::size_t bad = findInvalidUtf8(text); bad != std::string_view::npos) {
        throw FormatError(fmt::format("cannot write a string as JSON: it is not valid UTF-8 (byte 0x{:02X} at "
                                      "offset {})",
            static_cast<unsigned char>(text[bad]), bad));
    }
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == '\x7F') {
                out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
            } else if (c == '\xC2' && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
                // C1 controls (U+0080..U+009F): some terminals act on them when the file is shown.
                out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[++i]));
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

}  // namespace tastelab::util
