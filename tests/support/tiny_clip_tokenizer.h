// The files of a tiny CLIP byte-pair tokenizer, for the tiny pipeline folders and the tests that read tokenizers.
#pragma once

#include <filesystem>
#include <string>

namespace tastelab::testing {

// The tokenizer/ files of a tiny CLIP byte-pair vocabulary (the 256 byte stand-ins, each also ending a word, the
// merges of "cat", "dog" and "red", then <|startoftext|> and <|endoftext|>), padding with `padToken` ("!" as SD 2 and
// SD-Turbo do, "<|endoftext|>" as OpenAI's CLIP-L in FLUX does). Returns the vocabulary size.
int writeTinyClipTokenizer(const std::filesystem::path& tokenizerFolder, const std::string& padToken);

}  // namespace tastelab::testing
