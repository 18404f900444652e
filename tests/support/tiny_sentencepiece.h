// A valid sentencepiece model written without the trainer, for the tiny FLUX folder and the tokenizer tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tastelab::testing {

// A sentencepiece unigram model file (a hand-serialised ModelProto): <pad>=0, </s>=1, <unk>=2, then the given pieces
// (each prefixed with U+2581 when it does not start with it, duplicates dropped) with decreasing scores, then U+2581
// and the letters a-z as fallbacks. Identity normalisation. Written by hand because the trainer cannot run in a
// process that has LibTorch loaded (see tests/support/spm_train_tool.cpp).
void writeTinySentencePieceModel(const std::filesystem::path& file, const std::vector<std::string>& words);

}  // namespace tastelab::testing
