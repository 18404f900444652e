// The sentencepiece tokenizer: libsentencepiece loaded at run time and called through its processor, plus SigLIP's
// text canonicalisation.
#include "model/tokenizers/sentencepiece_tokenizer.h"

#include <dlfcn.h>
#include <fmt/format.h>
#include <sentencepiece_processor.h>

#include <initializer_list>
#include <new>
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
    return tokenizer;
}

std::vector<int> SentencePieceTokenizer::encode(const std::string& text) const
{
    if (!processor_) throw SentencePieceError("the sentencepiece tokenizer is not loaded");
    std::vector<int> ids;
    StatusSlot slot;
    try {
        new (&slot.status) SpStatus(processor_->Encode(text, &ids));
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
    static const std::string punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    for (const char c : text) {
        if (punctuation.find(c) != std::string::npos) continue;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            pendingSpace = true;
            continue;
        }
        if (pendingSpace && !out.empty()) out.push_back(' ');
        pendingSpace = false;
        out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return out;
}

std::vector<int> SentencePieceTokenizer::tokenize(const std::string& text, int length, int padId, int eosId) const
{
    if (length <= 0) throw SentencePieceError(fmt::format("the token length must be positive, not {}", length));
    std::vector<int> ids = encode(canonicalize(text));
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
