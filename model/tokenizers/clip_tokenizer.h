// The CLIP byte-pair-encoding tokenizer (OpenAI CLIP, OpenCLIP, and the Hugging Face CLIPTokenizer that
// SD-Turbo, SD 2 and FLUX ship). Text is cleaned, split into words, each word's UTF-8 bytes are mapped to
// printable stand-ins and merged by rank into vocabulary entries. No LibTorch here: ids are plain ints.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace tastelab::model {

// Thrown for missing, unreadable or malformed vocabulary files (the message names the file and, where it
// helps, the line) and for text that does not fit the context when truncation is off.
class TokenizerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ClipTokenizerOptions {
    int contextLength = 77;
    // 49407 (<|endoftext|>) for OpenAI CLIP-L (FLUX); 0 ("!") for SD-Turbo and SD 2 (OpenCLIP ViT-H).
    int padId = 49407;
    // Cut text that is too long, keeping <|endoftext|> as the last id; otherwise throw TokenizerError.
    bool truncate = true;
};

class ClipTokenizer {
public:
    // OpenAI/OpenCLIP format: bpe_simple_vocab_16e6.txt.gz (gzip, read with zlib) or the same text
    // uncompressed. The first line is a header; the next 48,894 lines (fewer if the file has fewer) are
    // merges "a b". The vocabulary is the 256 byte stand-ins, the same with "</w>", the merged pairs in
    // merge order, then <|startoftext|> and <|endoftext|> (49406 and 49407 for the full file).
    static ClipTokenizer fromMergesFile(const std::filesystem::path& file);
    // Hugging Face format: vocab.json (token -> id) and merges.txt ("#version" header line, then "a b"
    // pairs), in `folder` itself or in `folder`/tokenizer (a diffusers model folder).
    static ClipTokenizer fromHuggingFaceFolder(const std::filesystem::path& folder);

    // Text -> ids without BOS/EOS/padding. Thread-safe.
    std::vector<int> encode(const std::string& text) const;
    // BOS + ids + EOS, truncated (keeping EOS at the end) and padded to contextLength with padId.
    std::vector<int> tokenize(const std::string& text, const ClipTokenizerOptions& options = {}) const;
    // Ids -> text: <|startoftext|> and <|endoftext|> are left out, "</w>" becomes a space, and the result is
    // stripped of surrounding whitespace. Bytes that do not form UTF-8 become U+FFFD. Any other padding id
    // (0 is "!") is decoded like any token, so decode encode()'s output or cut the padding first.
    // Throws TokenizerError for an id outside the vocabulary.
    std::string decode(const std::vector<int>& ids) const;

    int bosId() const { return bosId_; }
    int eosId() const { return eosId_; }
    std::size_t vocabularySize() const { return idToToken_.size(); }

private:
    struct WordCache;

    ClipTokenizer();
    void addMerge(const std::string& left, const std::string& right, int rank);
    std::vector<int> encodeWord(const std::string& word) const;

    std::unordered_map<std::string, int> tokenToId_;
    std::vector<std::string> idToToken_;  // empty strings for ids a vocab.json leaves out
    std::unordered_map<std::string, int> mergeRanks_;  // "left right" -> rank
    int bosId_ = -1;
    int eosId_ = -1;
    std::shared_ptr<WordCache> cache_;  // shared by copies: they have the same vocabulary
};

}  // namespace tastelab::model
