// The sentencepiece tokenizer that SigLIP and T5 share: a spiece.model loaded through libsentencepiece, with the text
// canonicalisation of transformers' SiglipTokenizer.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sentencepiece {
class SentencePieceProcessor;
}  // namespace sentencepiece

namespace tastelab::model {

// An unreadable or invalid sentencepiece model, a missing library, or text that cannot be encoded; the message names
// the model file.
class SentencePieceError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A sentencepiece model ("spiece.model"): raw pieces (T5 uses them as they are), and SigLIP's text input with the
// canonicalisation of transformers' SiglipTokenizer, which (with its default do_lower_case=True) lowercases, removes
// ASCII punctuation (Python's string.punctuation), collapses runs of whitespace into one space and strips both ends.
// Lowercasing here covers ASCII only (Python lowercases all of Unicode). libsentencepiece is loaded at run time
// (see sentencepiece_tokenizer.cpp for why), so a missing library is a SentencePieceError, not a link failure.
class SentencePieceTokenizer {
public:
    // Errors (unreadable or invalid model) name the file.
    static SentencePieceTokenizer fromFile(const std::filesystem::path& spiece);

    // The raw sentencepiece ids of `text`, without canonicalisation or special tokens.
    std::vector<int> encode(const std::string& text) const;
    // SigLIP's text input: canonicalised text, encoded, truncated to length - 1 pieces, EOS appended, padded to
    // `length` with padId (transformers pads with "max_length" and truncates before adding EOS, so EOS is kept).
    std::vector<int> tokenize(const std::string& text, int length, int padId, int eosId) const;
    // The id of a piece ("</s>"), or -1 when the model has no such piece.
    int pieceId(const std::string& piece) const;
    int vocabSize() const;
    // The canonicalisation described above, exposed for tests.
    static std::string canonicalize(const std::string& text);

private:
    std::filesystem::path path_;
    std::shared_ptr<const sentencepiece::SentencePieceProcessor> processor_;
};

}  // namespace tastelab::model
