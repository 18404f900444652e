// The sentencepiece tokenizer: libsentencepiece loaded at run time and called through its processor, plus SigLIP's
// text canonicalisation.
#include "model/tokenizers/sentencepiece_tokenizer.h"

#include "model/tokenizers/unicode_text.h"

#include <dlfcn.h>
#include <fmt/format.h>
#include <sentencepiece_processor.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <new>
#include <string_view>
#include <utility>

namespace tastelab::model {

// Debian's libsentencepiece exports the symbols of its own protobuf-lite (3.14), which clash with the
// libprotobuf LibTorch loads: linked normally, the process crashes in static initialisation. So the library
// is loaded with dlopen(RTLD_LOCAL | RTLD_DEEPBIND): its symbols stay out of the global scope and it binds to
// its own copies first. The processor's methods are virtual (called through its vtable); the few non-virtual
// functions (constructor, Status destructor and ToString) are looked up with dlsym. Returned
// Status objects live in a union so that no reference to their destructor is linked. One catch of
// RTLD_DEEPBIND: the library binds to libstdc++'s own std::cerr, not the executable's copy-relocated one, so
// sentencepiece's logging (the trainer's, for one) can crash; loading and encoding a valid model do not log.

namespace {

using sentencepiece::SentencePieceProcessor;
using SpStatus = sentencepiece::util::Status;

// Holds a Status without destroying it automatically.
union StatusSlot {
    SpStatus status;
    StatusSlot() { }
    ~StatusSlot() { }
};

class SentencePieceLibrary {
public:
    static const SentencePieceLibrary& get()
    {
        static const SentencePieceLibrary library;
        if (!library.error_.empty()) throw SentencePieceError(library.error_);
        return library;
    }

    std::string finish(StatusSlot& slot) const  // "" when ok; destroys the status
    {
        std::string message = slot.status.ok() ? std::string() : toString_(&slot.status);
        statusDtor_(&slot.status);
        return message;
    }

    std::shared_ptr<SentencePieceProcessor> create() const
    {
        void* memory = ::operator new(sizeof(SentencePieceProcessor));
        try {
            construct_(memory);
        } catch (...) {
            ::operator delete(memory);
            throw;
        }
        return std::shared_ptr<SentencePieceProcessor>(
            static_cast<SentencePieceProcessor*>(memory), [](SentencePieceProcessor* p) {
                p->~SentencePieceProcessor();  // virtual: the library's own destructor
                ::operator delete(static_cast<void*>(p));
            });
    }

private:
    SentencePieceLibrary()
    {
        handle_ = openFirst({"libsentencepiece.so.0", "libsentencepiece.so"});
        if (!handle_) {
            error_ = fmt::format("cannot load the sentencepiece library (libsentencepiece.so.0): {}", lastError());
            return;
        }
        construct_ = symbol<void (*)(void*)>(handle_, "_ZN13sentencepiece22SentencePieceProcessorC1Ev");
        statusDtor_ = symbol<void (*)(void*)>(handle_, "_ZN13sentencepiece4util6StatusD1Ev");
        toString_ = symbol<std::string (*)(const void*)>(handle_, "_ZNK13sentencepiece4util6Status8ToStringB5cxx11Ev");
        if (!construct_ || !statusDtor_ || !toString_) {
            error_ = "the sentencepiece library lacks the functions TasteLab needs (expected version 0.1.9x)";
            return;
        }
    }

    static void* openFirst(std::initializer_list<const char*> names)
    {
        for (const char* name : names) {
            if (void* handle = dlopen(name, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND)) return handle;
        }
        return nullptr;
    }

    static std::string lastError()
    {
        const char* e = dlerror();
        return e ? e : "unknown error";
    }

    template <typename F>
    static F symbol(void* handle, const char* name)
    {
        return reinterpret_cast<F>(dlsym(handle, name));
    }

    void* handle_ = nullptr;
    std::string error_;
    void (*construct_)(void*) = nullptr;
    void (*statusDtor_)(void*) = nullptr;
    std::string (*toString_)(const void*) = nullptr;
};

void appendVarint(std::string& out, std::uint64_t value)
{
    do {
        const auto low = static_cast<unsigned char>(value & 0x7F);
        value >>= 7;
        out += static_cast<char>(low | (value ? 0x80 : 0));
    } while (value);
}

bool readVarint(std::string_view data, std::size_t& pos, std::uint64_t& value)
{
    value = 0;
    for (int shift = 0; shift < 64 && pos < data.size(); shift += 7) {
        const auto byte = static_cast<unsigned char>(data[pos++]);
        value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80)) return true;
    }
    return false;
}

// The serialized ModelProto with normalizer_spec.add_dummy_prefix = false, as SiglipTokenizer.get_spm_processor
// merges it in. By hand, because the library's protobuf types are not reachable through dlopen: ModelProto field 3
// is the NormalizerSpec, whose field 3 is add_dummy_prefix; a repeated scalar's last value wins, so one appended
// field (tag 0x18, value 0) overrides whatever the model says. Returns "" for bytes that are not a protobuf.
std::string withoutDummyPrefix(std::string_view model)
{
    constexpr std::uint64_t kNormalizerSpec = 3;
    const std::string_view kOverride("\x18\x00", 2);
    std::string out;
    out.reserve(model.size() + 8);
    bool patched = false;
    for (std::size_t pos = 0; pos < model.size();) {
        const std::size_t start = pos;
        std::uint64_t key = 0;
        if (!readVarint(model, pos, key)) return {};
        std::uint64_t length = 0;
        switch (key & 7) {
        case 0:
            if (!readVarint(model, pos, length)) return {};
            break;
        case 1:
            pos += 8;
            break;
        case 5:
            pos += 4;
            break;
        case 2: {
            if (!readVarint(model, pos, length) || length > model.size() - pos) return {};
            if ((key >> 3) == kNormalizerSpec) {
                appendVarint(out, key);
                appendVarint(out, length + kOverride.size());
                out.append(model.substr(pos, length)).append(kOverride);
                pos += length;
                patched = true;
                continue;
            }
            pos += length;
            break;
        }
        default:
            return {};
        }
        if (pos > model.size()) return {};
        out.append(model.substr(start, pos - start));
    }
    if (!patched) {  // no normalizer_spec: add one that holds only the override
        appendVarint(out, kNormalizerSpec << 3 | 2);
        appendVarint(out, kOverride.size());
        out.append(kOverride);
    }
    return out;
}

}  // namespace

SentencePieceTokenizer SentencePieceTokenizer::fromFile(const std::filesystem::path& spiece)
{
    if (!std::filesystem::is_regular_file(spiece)) {
        throw SentencePieceError(fmt::format("the sentencepiece model {} does not exist", spiece.string()));
    }
    const SentencePieceLibrary& library = SentencePieceLibrary::get();
    std::shared_ptr<SentencePieceProcessor> processor = library.create();
    StatusSlot slot;
    try {
        new (&slot.status) SpStatus(processor->Load(spiece.string()));
    } catch (const std::exception& e) {
        // Some malformed models make the library throw instead of returning a status (its double-array trie refuses
        // an empty piece with Darts::Details::Exception).
        throw SentencePieceError(fmt::format("cannot load the sentencepiece model {}: {}", spiece.string(), e.what()));
    }
    const std::string message = library.finish(slot);
    if (!message.empty()) {
        throw SentencePieceError(fmt::format("cannot load the sentencepiece model {}: {}", spiece.string(), message));
    }
    SentencePieceTokenizer tokenizer;
    tokenizer.path_ = spiece;
    tokenizer.processor_ = std::move(processor);

    // SigLIP's copy without the dummy prefix, from the same bytes (the file has just loaded, so it is readable).
    std::ifstream in(spiece, std::ios::binary | std::ios::ate);
    std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
    in.seekg(0);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!in) bytes.clear();
    const std::string patched = withoutDummyPrefix(bytes);
    if (patched.empty()) {
        throw SentencePieceError(
            fmt::format("cannot load the sentencepiece model {}: it is not a valid model file", spiece.string()));
    }
    std::shared_ptr<SentencePieceProcessor> plain = library.create();
    StatusSlot plainSlot;
    try {
        new (&plainSlot.status) SpStatus(plain->LoadFromSerializedProto(patched));
    } catch (const std::exception& e) {
        throw SentencePieceError(fmt::format("cannot load the sentencepiece model {}: {}", spiece.string(), e.what()));
    }
    const std::string plainMessage = library.finish(plainSlot);
    if (!plainMessage.empty()) {
        throw SentencePieceError(
            fmt::format("cannot load the sentencepiece model {}: {}", spiece.string(), plainMessage));
    }
    tokenizer.withoutDummyPrefix_ = std::move(plain);
    tokenizer.unkPieces_ = tokenizer.encodeWith(*tokenizer.withoutDummyPrefix_, "<unk>").size();
    return tokenizer;
}

std::vector<int> SentencePieceTokenizer::encode(const std::string& text) const
{
    if (!processor_) throw SentencePieceError("the sentencepiece tokenizer is not loaded");
    return encodeWith(*processor_, text);
}

std::vector<int> SentencePieceTokenizer::encodeWith(
    const sentencepiece::SentencePieceProcessor& processor, const std::string& text) const
{
    std::vector<int> ids;
    StatusSlot slot;
    try {
        new (&slot.status) SpStatus(processor.Encode(text, &ids));
    } catch (const std::exception& e) {
        throw SentencePieceError(
            fmt::format("sentencepiece ({}) cannot encode the text: {}", path_.string(), e.what()));
    }
    const std::string message = SentencePieceLibrary::get().finish(slot);
    if (!message.empty()) {
        throw SentencePieceError(fmt::format("sentencepiece ({}) cannot encode the text: {}", path_.string(), message));
    }
    return ids;
}

std::string SentencePieceTokenizer::canonicalize(const std::string& text)
{
    static const std::string_view punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    // Lowercased first, as transformers does before canonicalize_text: the final-sigma rule sees the punctuation.
    for (const char32_t cp : unicode::lower(unicode::decodeUtf8(text))) {
        if (cp < 0x80 && punctuation.find(static_cast<char>(cp)) != std::string_view::npos) continue;
        if (unicode::isSpace(cp)) {
            pendingSpace = true;
            continue;
        }
        if (pendingSpace && !out.empty()) out.push_back(' ');
        pendingSpace = false;
        unicode::appendUtf8(out, cp);
    }
    return out;
}

std::vector<int> SentencePieceTokenizer::tokenize(const std::string& text, int length, int padId, int eosId) const
{
    if (length <= 0) throw SentencePieceError(fmt::format("the token length must be positive, not {}", length));
    if (!withoutDummyPrefix_) throw SentencePieceError("the sentencepiece tokenizer is not loaded");
    // SiglipTokenizer.tokenize: "\u2581" + text with its own "\u2581" made spaces. The marker is neither punctuation
    // nor whitespace, so canonicalisation strips only the right end and leading whitespace survives as one space.
    static const std::string marker = "\xE2\x96\x81";  // U+2581
    std::string prepared = marker;
    for (std::size_t pos = 0; pos < text.size();) {
        if (text.compare(pos, marker.size(), marker) == 0) {
            prepared += ' ';
            pos += marker.size();
        } else {
            prepared += text[pos++];
        }
    }
    // _tokenize: encode "<unk>" + text without the dummy prefix and drop the pieces of "<unk>".
    std::vector<int> ids = encodeWith(*withoutDummyPrefix_, "<unk>" + canonicalize(prepared));
    if (ids.size() >= unkPieces_) ids.erase(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(unkPieces_));
    if (ids.size() > static_cast<std::size_t>(length - 1)) ids.resize(static_cast<std::size_t>(length - 1));
    ids.push_back(eosId);
    ids.resize(static_cast<std::size_t>(length), padId);
    return ids;
}

int SentencePieceTokenizer::pieceId(const std::string& piece) const
{
    if (!processor_) return -1;
    const int id = processor_->PieceToId(piece);
    return processor_->IdToPiece(id) == piece ? id : -1;
}

int SentencePieceTokenizer::vocabSize() const
{
    return processor_ ? processor_->GetPieceSize() : 0;
}

}  // namespace tastelab::model
