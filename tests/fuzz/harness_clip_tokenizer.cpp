// The CLIP byte-pair tokenizer's files: a Hugging Face folder (vocab.json and merges.txt, as a multi-file input) and
// OpenAI's bpe_simple_vocab file (gzip or plain text). A loaded tokenizer must encode, tokenize and decode a fixed
// text without throwing. TokenizerError is the documented refusal.
#include "model/tokenizers/clip_tokenizer.h"
#include "tests/fuzz/fuzz_target.h"

namespace tastelab::fuzz {
namespace {

void exercise(const model::ClipTokenizer& tokenizer)
{
    const std::string text = "A photo of a red cat, 12 dogs and caf\xc3\xa9 \xe2\x9c\xa8 <|endoftext|> don't";
    try {
        const std::vector<int> ids = tokenizer.encode(text);
        model::ClipTokenizerOptions options;
        options.padId = tokenizer.eosId();
        const std::vector<int> padded = tokenizer.tokenize(text, options);
        if (padded.size() != static_cast<std::size_t>(options.contextLength))
            throw PropertyViolation("tokenize() did not pad to the context length");
        (void)tokenizer.decode(ids);
        (void)tokenizer.decode(padded);
    } catch (const model::TokenizerError& error) {
        throw PropertyViolation(std::string("a loaded CLIP tokenizer cannot handle a plain text: ") + error.what());
    }
}

}  // namespace

int fuzzClipVocab(const std::uint8_t* data, std::size_t size)
{
    const std::filesystem::path dir = writeScratchFolder("clip", data, size);
    try {
        exercise(model::ClipTokenizer::fromHuggingFaceFolder(dir));
        return kAccepted;
    } catch (const model::TokenizerError& error) {
        return refuse(error);
    }
}

int fuzzClipMerges(const std::uint8_t* data, std::size_t size)
{
    const std::filesystem::path file = writeScratchFile("bpe_simple_vocab.txt.gz", data, size);
    try {
        exercise(model::ClipTokenizer::fromMergesFile(file));
        return kAccepted;
    } catch (const model::TokenizerError& error) {
        return refuse(error);
    }
}

}  // namespace tastelab::fuzz
