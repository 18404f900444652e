// A sentencepiece ModelProto serialised by hand in the protobuf wire format.
#include "tests/support/tiny_sentencepiece.h"

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <set>
#include <stdexcept>

namespace tastelab::testing {

namespace {

void putVarint(std::string& out, std::uint64_t v)
{
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void putInt(std::string& out, int field, std::int64_t v)
{
    putVarint(out, static_cast<std::uint64_t>(field) << 3);
    putVarint(out, static_cast<std::uint64_t>(v));
}

void putBytes(std::string& out, int field, const std::string& bytes)
{
    putVarint(out, (static_cast<std::uint64_t>(field) << 3) | 2);
    putVarint(out, bytes.size());
    out += bytes;
}

void putFloat(std::string& out, int field, float v)
{
    putVarint(out, (static_cast<std::uint64_t>(field) << 3) | 5);
    char bytes[4];
    std::memcpy(bytes, &v, 4);
    out.append(bytes, 4);
}

}  // namespace

void writeTinySentencePieceModel(const std::filesystem::path& file, const std::vector<std::string>& words)
{
    // ModelProto: pieces = 1, trainer_spec = 2, normalizer_spec = 3; SentencePiece: piece = 1, score = 2, type = 3
    // (NORMAL 1, UNKNOWN 2, CONTROL 3).
    static const std::string kSpace = "\xe2\x96\x81";  // U+2581, sentencepiece's whitespace mark
    std::string model;
    std::set<std::string> seen;
    int count = 0;
    const auto piece = [&](const std::string& text, float score, int type) {
        if (text.empty() || !seen.insert(text).second) return;
        std::string p;
        putBytes(p, 1, text);
        putFloat(p, 2, score);
        putInt(p, 3, type);
        putBytes(model, 1, p);
        ++count;
    };
    piece("<pad>", 0, 3);
    piece("</s>", 0, 3);
    piece("<unk>", 0, 2);
    float score = -1.0f;
    for (const std::string& word : words) {
        piece(word.rfind(kSpace, 0) == 0 ? word : kSpace + word, score, 1);
        score -= 0.01f;
    }
    // Fallbacks so that any lowercase ASCII text encodes without <unk>.
    piece(kSpace, -8, 1);
    for (char c = 'a'; c <= 'z'; ++c) piece(std::string(1, c), -10, 1);

    std::string trainer;
    putInt(trainer, 3, 1);  // model_type UNIGRAM
    putInt(trainer, 4, count);  // vocab_size
    putInt(trainer, 40, 2);  // unk_id
    putInt(trainer, 41, -1);  // bos_id
    putInt(trainer, 42, 1);  // eos_id
    putInt(trainer, 43, 0);  // pad_id
    putBytes(model, 2, trainer);
    std::string normalizer;
    putBytes(normalizer, 1, "identity");
    putInt(normalizer, 3, 1);  // add_dummy_prefix
    putInt(normalizer, 4, 1);  // remove_extra_whitespaces
    putInt(normalizer, 5, 1);  // escape_whitespaces
    putBytes(model, 3, normalizer);

    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << model;
    out.close();
    if (!out) throw std::runtime_error(fmt::format("{}: cannot write the sentencepiece model", file.string()));
}

}  // namespace tastelab::testing
