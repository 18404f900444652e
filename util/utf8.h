// UTF-8: validation by RFC 3629, one sequence's length and code point, and encoding a code point.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tastelab::util {

// Rejects overlong encodings, surrogates (U+D800..U+DFFF), code points above U+10FFFF and truncated sequences.
bool isValidUtf8(std::string_view text);
// The byte offset of the first byte that starts an invalid sequence, or std::string_view::npos when valid.
std::size_t findInvalidUtf8(std::string_view text);
// The length of the valid UTF-8 sequence at `i` (1 to 4), or 0 when the byte at `i` does not start one.
std::size_t validUtf8SequenceLength(std::string_view text, std::size_t i);
// The code point of one valid sequence (as validUtf8SequenceLength measured it).
char32_t decodeUtf8Sequence(std::string_view sequence);
// Appends the UTF-8 bytes of `codePoint` (at most U+10FFFF).
void appendUtf8(std::string& out, std::uint32_t codePoint);

}  // namespace tastelab::util
