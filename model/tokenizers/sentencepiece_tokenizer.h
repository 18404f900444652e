// The sentencepiece tokenizer that SigLIP and T5 share: a spiece.model loaded through libsentencepiece, with the text
// canonicalisation of transformers' SiglipTokenizer.
#pragma once

#include <cstddef>
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

// A sentencepiece model ("spiece.model"): raw pieces (T5 uses them as they are), and SigLIP's text input as
// transformers' SiglipTokenizer makes it: "\u2581" + the text (its own "\u2581" made spaces), lowercased as Python's
// str.lower() does (do_lower_case=True), ASCII punctuation (Python's string.punctuation) removed, runs of Python
// whitespace collapsed into one space, both ends stripped, then encoded as "<unk>" + that text with the model's
// add_dummy_prefix switched off, the pieces of "<unk>" dropped. Text that starts with whitespace thus keeps one
// "\u2581" piece in front, as in transformers. Special tokens written in the text ("</s>") are encoded as text,
// where transformers would map them to their ids. libsentencepiece is loaded at run time (see
// sentencepiece_tokenizer.cpp for why), so a missing library is a SentencePieceError, not a link failure.
class SentencePieceTokenizer {
public:
    // Errors (unreadable or invalid model) name the file.
    static SentencePieceTokenizer fromFile(const std::filesystem::path& spiece);

    // The raw sentencepiece ids of `text`, without canonicalisation or special tokens.
    std::vector<int> encode(const std::string& text) const;
    // SigLIP's text input (above), truncated to length - 1 pieces, EOS appended, padded to `length` with padId
    // (transformers pads with "max_length" and truncates before adding EOS, so EOS is kept).
    std::vector<int> tokenize(const std::string& text, int length, int padId, int eosId) const;
    // The id of a piece ("</s>"), or -1 when the model has no such piece.
    int pieceId(const std::string& piece) const;
    int vocabSize() const;
    // SiglipTokenizer's lowercasing and canonicalize_text (punctuation removed, whitespace collapsed, both ends
    // stripped), exposed for tests.
    static std::string canonicalize(const std::string& text);

private:
    std::vector<int> encodeWith(const sentencepiece::SentencePieceProcessor& processor, const std::string& text) const;

    std::filesystem::path path_;
    std::shared_ptr<const sentencepiece::SentencePieceProcessor> processor_;
    // The same model with add_dummy_prefix off, as SiglipTokenizer loads it.
    std::shared_ptr<const sentencepiece::SentencePieceProcessor> withoutDummyPrefix_;
    std::size_t unkPieces_ = 0;  // how many pieces "<unk>" encodes to without the dummy prefix
};

}  // namespace tastelab::model
