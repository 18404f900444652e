// Writing the small text files of test fixtures (configs, tokenizer files).
#pragma once

#include <filesystem>
#include <string>

namespace tastelab::testing {

// Writes `text` to `file` atomically, creating its folder.
void writeTextFile(const std::filesystem::path& file, const std::string& text);

}  // namespace tastelab::testing
