// Writes the seeds of the fuzz corpus that TasteLab's own writers produce (safetensors files and a sharded checkpoint,
// PNGs with generation settings, the tiny CLIP and sentencepiece vocabularies):
//   fuzz_make_corpus tests/fuzz/corpus
// The other seeds (.pth from PyTorch, .tflite from flatc, JSON, CSV, config.json) are committed as they are; see
// corpus/README.md.
#include "app/services/generation.h"
#include "model/io/image_io.h"
#include "model/io/safetensors.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/support/tiny_clip_tokenizer.h"
#include "tests/support/tiny_sentencepiece.h"

#include <ATen/ATen.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace mdl = tastelab::model;

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes readAll(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void writeAll(const fs::path& file, const Bytes& bytes)
{
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    std::printf("%s (%zu bytes)\n", file.string().c_str(), bytes.size());
}

void writeAll(const fs::path& file, const std::string& text)
{
    writeAll(file, Bytes(text.begin(), text.end()));
}

std::string fileText(const fs::path& file)
{
    const Bytes bytes = readAll(file);
    return std::string(bytes.begin(), bytes.end());
}

Bytes withLength(const std::string& header, const Bytes& data)
{
    Bytes bytes;
    std::uint64_t length = header.size();
    for (int i = 0; i < 8; ++i) {
        bytes.push_back(static_cast<std::uint8_t>(length & 0xFF));
        length >>= 8;
    }
    bytes.insert(bytes.end(), header.begin(), header.end());
    bytes.insert(bytes.end(), data.begin(), data.end());
    return bytes;
}

void appendBe32(Bytes& out, std::uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

// A PNG chunk (length, type, data, CRC).
Bytes chunk(const std::string& type, const std::string& data)
{
    Bytes body(type.begin(), type.end());
    body.insert(body.end(), data.begin(), data.end());
    Bytes out;
    appendBe32(out, static_cast<std::uint32_t>(data.size()));
    out.insert(out.end(), body.begin(), body.end());
    appendBe32(
        out, static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), body.data(), static_cast<uInt>(body.size()))));
    return out;
}

std::string zlibCompress(const std::string& text)
{
    uLongf size = compressBound(static_cast<uLong>(text.size()));
    std::string out(size, '\0');
    compress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
        static_cast<uLong>(text.size()));
    out.resize(size);
    return out;
}

std::string gzipText(const std::string& text)
{
    z_stream stream{};
    deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&stream, static_cast<uLong>(text.size())) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

mdl::RgbImage tinyImage()
{
    mdl::RgbImage image;
    image.width = 2;
    image.height = 2;
    image.pixels = {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255};
    return image;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <corpus folder, e.g. tests/fuzz/corpus>\n", argv[0]);
        return 2;
    }
    const fs::path corpus = argv[1];
    const fs::path scratch = fs::temp_directory_path() / "tastelab-make-corpus";
    fs::remove_all(scratch);
    fs::create_directories(scratch);

    // Safetensors: every dtype the writer knows, metadata, a 0-dim and an empty tensor; and the F8 types by hand.
    mdl::writeSafetensors(scratch / "a.safetensors",
        {{"w", at::arange(6, at::kFloat).reshape({2, 3})}, {"h", at::ones({3}, at::kHalf)},
            {"b", at::ones({2}, at::kBFloat16)}, {"i", at::arange(3, at::kLong)},
            {"m", at::tensor(std::vector<std::uint8_t>{1, 0, 1}).to(at::kBool)}, {"s", at::scalar_tensor(3, at::kInt)},
            {"e", at::zeros({0, 2}, at::kByte)}},
        {{"format", "pt"}, {"k", "v"}});
    writeAll(corpus / "safetensors" / "valid-dtypes.safetensors", readAll(scratch / "a.safetensors"));
    mdl::writeSafetensors(scratch / "b.safetensors", {{"only", at::tensor(std::vector<double>{1.0, -2.0})}});
    writeAll(corpus / "safetensors" / "valid-double.safetensors", readAll(scratch / "b.safetensors"));
    writeAll(corpus / "safetensors" / "valid-f8.safetensors",
        withLength(R"({"e4":{"dtype":"F8_E4M3","shape":[2,2],"data_offsets":[0,4]},)"
                   R"("e5":{"dtype":"F8_E5M2","shape":[3],"data_offsets":[4,7]},)"
                   R"("c":{"dtype":"I8","shape":[1],"data_offsets":[7,8]},)"
                   R"("d":{"dtype":"I16","shape":[1],"data_offsets":[8,10]}})",
            {0x38, 0x7F, 0x01, 0xFE, 0x3C, 0x7C, 0xFF, 0x80, 0x01, 0x80}));

    // A sharded checkpoint: the index and two shards, as one multi-file input.
    mdl::writeSafetensors(scratch / "s1.safetensors", {{"a.weight", at::ones({2, 2})}, {"a.bias", at::zeros({2})}});
    mdl::writeSafetensors(scratch / "s2.safetensors", {{"b.weight", at::arange(3, at::kHalf)}});
    const std::string index = R"({"metadata": {"total_size": 30}, "weight_map": {"a.weight": )"
                              R"("model-00001-of-00002.safetensors", "a.bias": "model-00001-of-00002.safetensors", )"
                              R"("b.weight": "model-00002-of-00002.safetensors"}})";
    writeAll(corpus / "safetensors_index" / "valid-sharded.txt",
        tastelab::fuzz::joinFiles({{"model.safetensors.index.json", index},
            {"model-00001-of-00002.safetensors", fileText(scratch / "s1.safetensors")},
            {"model-00002-of-00002.safetensors", fileText(scratch / "s2.safetensors")}}));

    // PNGs: what TasteLab writes (iTXt "parameters" and "tastelab"), and another tool's tEXt/zTXt/compressed iTXt.
    tastelab::services::GenerationSettings settings;
    settings.generator = "sd-turbo";
    settings.prompt = "a red cat on a sofa";
    settings.negativePrompt = "blurry";
    settings.seed = 42;
    settings.steps = 2;
    settings.guidanceScale = 1.5;
    writeAll(corpus / "png_text" / "valid-tastelab.png",
        mdl::encodePng(tinyImage(), tastelab::services::generationTextChunks(settings, "stabilityai/sd-turbo")));
    Bytes png = mdl::encodePng(tinyImage());
    const std::string a1111 = "a photo of a dog\nNegative prompt: cartoon, \"bad\"\nSteps: 20, Sampler: Euler a, "
                              "CFG scale: 7, Seed: 1234, Size: 512x768, Model: sd15, Generator: procedural";
    Bytes chunks = chunk("tEXt", std::string("parameters") + '\0' + a1111);
    const Bytes ztxt = chunk("zTXt", std::string("Comment") + '\0' + '\0' + zlibCompress("caf\xe9 au lait"));
    const Bytes itxt =
        chunk("iTXt", std::string("Title") + '\0' + '\1' + '\0' + "de" + '\0' + "Titel" + '\0' + zlibCompress("Fuchs"));
    chunks.insert(chunks.end(), ztxt.begin(), ztxt.end());
    chunks.insert(chunks.end(), itxt.begin(), itxt.end());
    png.insert(png.begin() + 33, chunks.begin(), chunks.end());  // after the signature and IHDR
    writeAll(corpus / "png_text" / "valid-a1111.png", png);

    // CLIP: the tiny Hugging Face vocabulary, and the same merges as OpenAI's bpe_simple_vocab file (plain and gzip).
    tastelab::testing::writeTinyClipTokenizer(scratch / "clip", "!");
    writeAll(corpus / "clip_vocab" / "valid-tiny.txt",
        tastelab::fuzz::joinFiles({{"vocab.json", fileText(scratch / "clip" / "vocab.json")},
            {"merges.txt", fileText(scratch / "clip" / "merges.txt")}}));
    const std::string merges = "\"bpe_simple_vocab_16e6.txt#version: 0.2\n"
                               "i n\nt h\na n\nr e\na r\ne r\nth e</w>\nin g</w>\no u\no n\nc at</w>\na t</w>\n"
                               "d o\ndo g</w>\nre d</w>\np h\nph o\npho t\nphot o</w>\n\xc4\xa0 a\n1 2</w>\n"
                               "c a\nca f\n\xc3 \xa9</w>\n";
    writeAll(corpus / "clip_merges" / "valid-plain.txt", merges);
    writeAll(corpus / "clip_merges" / "valid-gzip.txt.gz", gzipText(merges));

    // sentencepiece: the hand-written unigram model of the T5 tests.
    tastelab::testing::writeTinySentencePieceModel(
        scratch / "spiece.model", {"a", "photo", "of", "cat", "dog", "the", "red", "</s>"});
    writeAll(corpus / "sentencepiece" / "valid-tiny.model", readAll(scratch / "spiece.model"));

    fs::remove_all(scratch);
    return 0;
}
