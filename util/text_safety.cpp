// Escaping for terminals and replacement for exports, one pass over the UTF-8 sequences.
#include "util/text_safety.h"

#include "util/csv.h"

#include <fmt/format.h>

namespace tastelab::util {
namespace {

// The length of the valid UTF-8 sequence at `i` (1 to 4), or 0 when the byte at `i` does not start one.
std::size_t sequenceLength(std::string_view text, std::size_t i)
{
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    if (lead >= 0x80) length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (i + length > text.size() || findInvalidUtf8(text.substr(i, length)) != std::string_view::npos) return 0;
    return length;
}

char32_t decode(std::string_view sequence)
{
    const auto byte = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(sequence[k])); };
    switch (sequence.size()) {
    case 1:
        return byte(0);
    case 2:
        return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
    case 3:
        return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
    default:
        return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
    }
}

void appendEscaped(std::string& out, std::string_view bytes)
{
    for (const char c : bytes) {
        switch (c) {
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
            out += fmt::format("\\x{:02X}", static_cast<unsigned char>(c));
        }
    }
}

std::string escapeForTerminal(std::string_view text, bool keepLineBreaks)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t length = sequenceLength(text, i);
        if (length == 0) {
            appendEscaped(out, text.substr(i, 1));
            ++i;
            continue;
        }
        const std::string_view sequence = text.substr(i, length);
        const bool kept = keepLineBreaks && (sequence == "\n" || sequence == "\t");
        if (isControlCharacter(decode(sequence)) && !kept) {
            appendEscaped(out, sequence);
        } else {
            out += sequence;
        }
        i += length;
    }
    return out;
}

}  // namespace

bool isControlCharacter(char32_t codePoint)
{
    return codePoint < 0x20 || (codePoint >= 0x7F && codePoint <= 0x9F);
}

std::string printableForTerminal(std::string_view text)
{
    return escapeForTerminal(text, false);
}

std::string printableMessage(std::string_view text)
{
    return escapeForTerminal(text, true);
}

std::string toValidUtf8(std::string_view text)
{
    if (findInvalidUtf8(text) == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size() + 8);
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t bad = findInvalidUtf8(text.substr(i));
        if (bad == std::string_view::npos) {
            out += text.substr(i);
            break;
        }
        out += text.substr(i, bad);
        out += "\xEF\xBF\xBD";  // U+FFFD
        i += bad + 1;
    }
    return out;
}

std::optional<std::string> singleLineTextProblem(std::string_view text, std::size_t maxBytes, bool allowTabsAndNewlines)
{
    if (const std::size_t bad = findInvalidUtf8(text); bad != std::string_view::npos) {
        return fmt::format(
            "is not valid UTF-8 (byte 0x{:02X} at byte {})", static_cast<unsigned char>(text[bad]), bad + 1);
    }
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t length = sequenceLength(text, i);
        const std::string_view sequence = text.substr(i, length);
        const bool allowed = allowTabsAndNewlines && (sequence == "\n" || sequence == "\t");
        if (isControlCharacter(decode(sequence)) && !allowed) {
            return fmt::format("holds a control character ({}) at byte {}", printableForTerminal(sequence), i + 1);
        }
        i += length;
    }
    if (text.size() > maxBytes) return fmt::format("is too long ({} bytes; at most {})", text.size(), maxBytes);
    return std::nullopt;
}

}  // namespace tastelab::util
