// Text that comes from users and files (file names, prompts, pseudonyms, CSV fields) may hold control characters
// and bytes that are not UTF-8. It is stored as given where it must be (a file's real name), but it is never echoed
// raw to a terminal, where an escape sequence could rewrite the screen or the title, and exports always get valid
// UTF-8.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tastelab::util {

// Valid UTF-8 is kept; every control character (C0 U+0000..U+001F, DEL U+007F, C1 U+0080..U+009F) and every byte
// that does not start a valid UTF-8 sequence is written as \xNN per byte (\n, \r and \t as such), so that the text
// cannot move the cursor, clear the screen or start an escape sequence. A backslash stays as it is.
std::string printableForTerminal(std::string_view text);
// The same for whole messages: keeps line feeds and tabs (a message may list problems one per line).
std::string printableMessage(std::string_view text);

// Every byte that does not start a valid UTF-8 sequence becomes U+FFFD (the replacement character); valid text is
// returned unchanged.
std::string toValidUtf8(std::string_view text);

// True for U+0000..U+001F, U+007F and U+0080..U+009F, the control characters (C0, DEL, C1).
bool isControlCharacter(char32_t codePoint);

// Why `text` cannot be a single-line name or prompt: nullopt when it is valid UTF-8 without control characters and
// at most `maxBytes` long, else for example "holds a control character (\x1B) at byte 4" or "is not valid UTF-8
// (byte 0xFF at byte 2)". Tabs and line feeds count as control characters unless `allowTabsAndNewlines`.
std::optional<std::string> singleLineTextProblem(
    std::string_view text, std::size_t maxBytes, bool allowTabsAndNewlines = false);

}  // namespace tastelab::util
