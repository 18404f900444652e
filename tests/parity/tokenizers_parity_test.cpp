// Golden parity of the tokenizers: each golden folder holds a tokenizer as a user's folder holds it (CLIP's vocab.json
// + merges.txt, a spiece.model) and the ids the reference computed for a list of hard strings (gen_tokenizers.py:
// transformers' CLIPTokenizer cleanup with the real ftfy and open_clip's SimpleTokenizer BPE, sentencepiece with
// transformers' T5Tokenizer and SiglipTokenizer rules).
// The product's loaders read the folders and must give exactly the same ids.
#include "model/diffusion/t5_encoder.h"
#include "model/tokenizers/clip_tokenizer.h"
#include "model/tokenizers/sentencepiece_tokenizer.h"
#include "tests/parity/parity_support.h"
#include "util/json.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tastelab::model {
namespace {

namespace fs = std::filesystem;
using util::JsonValue;

util::JsonValue readGolden(const fs::path& folder)
{
    const fs::path file = folder / "golden.json";
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::stringstream text;
    text << in.rdbuf();
    return util::parseJson(text.str(), file.string());
}

const JsonValue& key(const JsonValue& object, std::string_view name)
{
    const JsonValue* value = object.find(name);
    if (!value) throw std::runtime_error(fmt::format("golden.json lacks '{}'", name));
    return *value;
}

std::vector<std::int64_t> idsOf(const JsonValue& array)
{
    std::vector<std::int64_t> ids;
    for (const JsonValue& id : array.asArray()) ids.push_back(id.asInt());
    return ids;
}

template <typename T>
std::vector<std::int64_t> widen(const std::vector<T>& ids)
{
    return std::vector<std::int64_t>(ids.begin(), ids.end());
}

// The text as a C-like literal: printable ASCII as it is, everything else as an escape, so that invisible
// differences (a tab, NBSP, a combining accent) show in the message.
std::string escaped(const std::string& text)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead == '\\' || lead == '"') {
            out += '\\';
            out += static_cast<char>(lead);
            ++i;
        } else if (lead == '\t') {
            out += "\\t";
            ++i;
        } else if (lead == '\n') {
            out += "\\n";
            ++i;
        } else if (lead >= 0x20 && lead < 0x7F) {
            out += static_cast<char>(lead);
            ++i;
        } else {
            // One UTF-8 sequence as its code point (the goldens are valid UTF-8).
            const int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
            std::uint32_t cp = length == 1 ? lead : lead & (0x7F >> length);
            for (int k = 1; k < length && i + static_cast<std::size_t>(k) < text.size(); ++k) {
                cp = (cp << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3F);
            }
            out += fmt::format("\\u{{{:X}}}", cp);
            i += static_cast<std::size_t>(length);
        }
    }
    if (out.size() > 200) out = out.substr(0, 200) + "...";
    return out + "\"";
}

// Exact equality; a mismatch names the tokenizer, the case, the string, the first differing position and both ids
// there, and how many positions differ.
void expectSameIds(const std::string& what, const JsonValue& testCase, const std::vector<std::int64_t>& ours,
    const std::vector<std::int64_t>& reference)
{
    const std::string name = key(testCase, "name").asString();
    const std::string text = key(testCase, "text").asString();
    std::size_t differing = 0;
    std::size_t first = 0;
    for (std::size_t i = 0; i < std::max(ours.size(), reference.size()); ++i) {
        const bool same = i < ours.size() && i < reference.size() && ours[i] == reference[i];
        if (!same && differing++ == 0) first = i;
    }
    if (differing == 0) return;
    const auto at = [](const std::vector<std::int64_t>& ids, std::size_t i) {
        return i < ids.size() ? std::to_string(ids[i]) : std::string("(none)");
    };
    // CLIP cases also carry the reference's cleaned text (ftfy.fix_text, whitespace, lower()).
    const JsonValue* cleaned = testCase.find("cleaned");
    const std::string cleanedNote = cleaned ? ", reference cleans it to " + escaped(cleaned->asString()) : "";
    ADD_FAILURE() << what << ", case '" << name << "', text " << escaped(text) << cleanedNote << ": " << differing
                  << " of the ids differ from the reference (lengths " << ours.size() << " and " << reference.size()
                  << "); first at position " << first << ": ours " << at(ours, first) << ", reference "
                  << at(reference, first);
}

TEST(TokenizerParity, ClipBpeMatchesReferenceOnHardStrings)
{
    const fs::path folder = parity::parityDir() / "tokenizer_clip";
    const JsonValue golden = readGolden(folder);
    // As ClipTextEncoder::fromFolders and ClipModel::fromFolder load a user's folder.
    const ClipTokenizer tokenizer = ClipTokenizer::fromHuggingFaceFolder(folder);
    ASSERT_EQ(tokenizer.bosId(), key(golden, "bos_id").asInt());
    ASSERT_EQ(tokenizer.eosId(), key(golden, "eos_id").asInt());
    const int context = static_cast<int>(key(golden, "context_length").asInt());
    // SD-Turbo pads with "!" (open_clip's zeros), FLUX's CLIP-L with <|endoftext|>; truncation keeps EOS last.
    const ClipTokenizerOptions sdTurbo{context, static_cast<int>(key(golden, "sd_turbo_pad_id").asInt()), true};
    const ClipTokenizerOptions flux{context, static_cast<int>(key(golden, "flux_pad_id").asInt()), true};
    const JsonValue::Array& cases = key(golden, "cases").asArray();
    ASSERT_GE(cases.size(), 20u);
    for (const JsonValue& testCase : cases) {
        const std::string text = key(testCase, "text").asString();
        expectSameIds(
            "CLIP encode (no specials)", testCase, widen(tokenizer.encode(text)), idsOf(key(testCase, "body")));
        expectSameIds("CLIP tokenize, SD-Turbo padding", testCase, widen(tokenizer.tokenize(text, sdTurbo)),
            idsOf(key(testCase, "sd_turbo")));
        expectSameIds("CLIP tokenize, FLUX padding", testCase, widen(tokenizer.tokenize(text, flux)),
            idsOf(key(testCase, "flux")));
    }
}

TEST(TokenizerParity, T5SentencePieceMatchesReference)
{
    const fs::path folder = parity::parityDir() / "tokenizer_t5";
    const JsonValue golden = readGolden(folder);
    // As T5TextEncoder loads FLUX's tokenizer_2/.
    const T5Tokenizer tokenizer = T5Tokenizer::fromFolder(folder);
    ASSERT_EQ(tokenizer.padId(), key(golden, "pad_id").asInt());
    ASSERT_EQ(tokenizer.eosId(), key(golden, "eos_id").asInt());
    const int length = static_cast<int>(key(golden, "max_length").asInt());
    const JsonValue::Array& cases = key(golden, "cases").asArray();
    ASSERT_GE(cases.size(), 20u);
    for (const JsonValue& testCase : cases) {
        const std::string text = key(testCase, "text").asString();
        expectSameIds("T5 sentencepiece pieces", testCase, widen(tokenizer.pieces().encode(text)),
            idsOf(key(testCase, "pieces")));
        expectSameIds("T5 tokenize (max_length " + std::to_string(length) + ")", testCase,
            tokenizer.tokenize(text, length), idsOf(key(testCase, "ids")));
    }
}

TEST(TokenizerParity, SiglipSentencePieceMatchesReference)
{
    const fs::path folder = parity::parityDir() / "tokenizer_siglip";
    const JsonValue golden = readGolden(folder);
    // As SiglipModel::fromFolder and encodeTexts do: the model's own "</s>" is both EOS and padding.
    const SentencePieceTokenizer tokenizer = SentencePieceTokenizer::fromFile(folder / "spiece.model");
    const int eos = tokenizer.pieceId("</s>");
    ASSERT_EQ(eos, key(golden, "eos_id").asInt());
    ASSERT_EQ(eos, key(golden, "pad_id").asInt());
    const int length = static_cast<int>(key(golden, "max_length").asInt());
    const JsonValue::Array& cases = key(golden, "cases").asArray();
    ASSERT_GE(cases.size(), 20u);
    for (const JsonValue& testCase : cases) {
        const std::string text = key(testCase, "text").asString();
        expectSameIds("SigLIP tokenize (max_length " + std::to_string(length) + ")", testCase,
            widen(tokenizer.tokenize(text, length, eos, eos)), idsOf(key(testCase, "ids")));
    }
}

}  // namespace
}  // namespace tastelab::model
