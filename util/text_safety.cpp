// Escaping for terminals and replacement for exports, one pass over the UTF-8 sequences.
#include "util/text_safety.h"

#include "util/utf8.h"

#include <fmt/format.h>

namespace tastelab::util {
namespace {

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
        const std::size_t length = validUtf8SequenceLength(text, i);
        if (length == 0) {
            appendEscaped(out, text.substr(i, 1));
            ++i;
            continue;
        }
        const std::string_view sequence = text.substr(i, length);
        const bool kept = keepLineBreaks && (sequence == "\n" || sequence == "\t");
        if (isControlCharacter(decodeUtf8Sequence(sequence)) && !kept) {
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
        const std::size_t length = validUtf8SequenceLength(text, i);
        const std::string_view sequence = text.substr(i, length);
        const bool allowed = allowTabsAndNewlines && (sequence == "\n" || sequence == "\t");
        if (isControlCharacter(decodeUtf8Sequence(sequence)) && !allowed) {
            return fmt::format("holds a control character ({}) at byte {}", printableForTerminal(sequence), i + 1);
        }
        i += length;
    }
    if (text.size() > maxBytes) return fmt::format("is too long ({} bytes; at most {})", text.size(), maxBytes);
    return std::nullopt;
}

}  // namespace tastelab::util
