// sentencepiece models (spiece.model of SigLIP and of FLUX's T5) through our wrapper around libsentencepiece: loaded,
// then a fixed text encoded and tokenized as SigLIP does. SentencePieceError (and ModelLoadError from the T5 tokenizer)
// are the documented refusals.
#include "model/diffusion/t5_encoder.h"
#include "model/io/diffusers_weights.h"
#include "model/tokenizers/sentencepiece_tokenizer.h"
#include "tests/fuzz/fuzz_target.h"

namespace tastelab::fuzz {

int fuzzSentencePiece(const std::uint8_t* data, std::size_t size)
{
    const std::filesystem::path file = writeScratchFile("spiece.model", data, size);
    int outcome = kRefused;
    try {
        const auto tokenizer = model::SentencePieceTokenizer::fromFile(file);
        const std::string text = "A photo of a Red cat, 12 dogs and caf\xc3\xa9!";
        (void)tokenizer.encode(text);
        const int eos = tokenizer.pieceId("</s>");
        const int pad = tokenizer.pieceId("<pad>");
        const std::vector<int> ids = tokenizer.tokenize(text, 16, pad >= 0 ? pad : 0, eos >= 0 ? eos : 1);
        if (ids.size() != 16) throw PropertyViolation("tokenize() did not pad to the length");
        (void)tokenizer.vocabSize();
        outcome = kAccepted;
    } catch (const model::SentencePieceError& error) {
        refuse(error);
    }
    try {
        const auto t5 = model::T5Tokenizer::fromFile(file);
        (void)t5.tokenize("a photo of a cat", 8);
    } catch (const model::ModelLoadError&) {
    }
    return outcome;
}

}  // namespace tastelab::fuzz
