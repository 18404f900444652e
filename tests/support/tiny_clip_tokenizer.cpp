// A tiny CLIP byte-pair tokenizer: vocab.json, merges.txt and the special-token files.
#include "tests/support/tiny_clip_tokenizer.h"

#include "tests/support/text_file.h"
#include "util/json.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace tastelab::testing {

namespace {

// The byte stand-ins of the CLIP vocabulary in its order (GPT-2's bytes_to_unicode: "!" first, so id 0 is "!").
std::vector<std::string> byteStandIns()
{
    std::vector<int> bytes;
    for (int b = 33; b <= 126; ++b) bytes.push_back(b);
    for (int b = 161; b <= 172; ++b) bytes.push_back(b);
    for (int b = 174; b <= 255; ++b) bytes.push_back(b);
    std::vector<int> codepoints = bytes;
    int extra = 0;
    for (int b = 0; b < 256; ++b) {
        if (std::find(bytes.begin(), bytes.end(), b) == bytes.end()) {
            bytes.push_back(b);
            codepoints.push_back(256 + extra++);
        }
    }
    std::vector<std::string> result;
    for (int cp : codepoints) {
        std::string utf8;
        if (cp < 0x80) {
            utf8 += static_cast<char>(cp);
        } else {
            utf8 += static_cast<char>(0xC0 | (cp >> 6));
            utf8 += static_cast<char>(0x80 | (cp & 0x3F));
        }
        result.push_back(utf8);
    }
    return result;
}

}  // namespace

int writeTinyClipTokenizer(const std::filesystem::path& tokenizerFolder, const std::string& padToken)
{
    const std::vector<std::string> bytes = byteStandIns();
    std::vector<std::string> vocab = bytes;
    for (const std::string& b : bytes) vocab.push_back(b + "</w>");
    const std::vector<std::pair<std::string, std::string>> merges{
        {"a", "t</w>"}, {"c", "at</w>"}, {"o", "g</w>"}, {"d", "og</w>"}, {"r", "e"}, {"re", "d</w>"}};
    for (const auto& [left, right] : merges) vocab.push_back(left + right);
    vocab.emplace_back("<|startoftext|>");
    vocab.emplace_back("<|endoftext|>");
    std::string vocabJson = "{";
    for (std::size_t i = 0; i < vocab.size(); ++i)
        vocabJson += fmt::format("{}{}: {}", i ? ", " : "", util::jsonQuote(vocab[i]), i);
    vocabJson += "}";
    std::string mergesText = "#version: 0.2\n";
    for (const auto& [left, right] : merges) mergesText += left + " " + right + "\n";
    const std::string pad = util::jsonQuote(padToken);
    writeTextFile(tokenizerFolder / "vocab.json", vocabJson);
    writeTextFile(tokenizerFolder / "merges.txt", mergesText);
    writeTextFile(tokenizerFolder / "special_tokens_map.json",
        fmt::format(R"({{"bos_token": "<|startoftext|>", "eos_token": "<|endoftext|>", "pad_token": {}, )"
                    R"("unk_token": "<|endoftext|>"}})",
            pad));
    writeTextFile(tokenizerFolder / "tokenizer_config.json",
        fmt::format(R"({{"model_max_length": 77, "pad_token": {}, "tokenizer_class": "CLIPTokenizer"}})", pad));
    return static_cast<int>(vocab.size());
}

}  // namespace tastelab::testing
