// The fuzz harnesses: one function per parser that reads user files, each taking the raw bytes of one input. A harness
// returns kAccepted when the parser read the input, kRefused when it threw the error type it documents, and lets
// anything else escape (another exception type, or PropertyViolation when the parser accepted the input but broke a
// property such as a round trip). Crashes, hangs and unbounded allocations are caught by the driver
// (fuzz_driver_test.cpp), which runs every harness in a child process under a memory ceiling and a timeout.
//
// Built with -DTASTELAB_LIBFUZZER=<harness> (e.g. fuzzPth), fuzz_support.cpp defines LLVMFuzzerTestOneInput calling
// that harness, for one libFuzzer binary per harness (see CMakeLists.txt and the README's "Fuzzing" section).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tastelab::fuzz {

enum Outcome : int { kAccepted = 0, kRefused = 1 };

using Harness = int (*)(const std::uint8_t* data, std::size_t size);

// A parser accepted an input but broke one of its promises (e.g. writing and reading back differs).
class PropertyViolation : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

int fuzzSafetensors(const std::uint8_t* data, std::size_t size);  // SafetensorsFile + every tensor
int fuzzSafetensorsIndex(const std::uint8_t* data, std::size_t size);  // sharded index + shards (multi-file)
int fuzzPth(const std::uint8_t* data, std::size_t size);  // readPthStateDict (zip + unpickler)
int fuzzTflite(const std::uint8_t* data, std::size_t size);  // TfliteModel + constants and biases
int fuzzJson(const std::uint8_t* data, std::size_t size);  // parseJson, parseJsonLines, toJson round trip
int fuzzCsv(const std::uint8_t* data, std::size_t size);  // parseCsv, CsvTable, appendCsvRow round trip
int fuzzPngText(const std::uint8_t* data, std::size_t size);  // readPngTextChunks + generation settings
int fuzzClipVocab(const std::uint8_t* data, std::size_t size);  // ClipTokenizer: vocab.json + merges.txt
int fuzzClipMerges(const std::uint8_t* data, std::size_t size);  // ClipTokenizer: bpe_simple_vocab (gzip or text)
int fuzzSentencePiece(const std::uint8_t* data, std::size_t size);  // spiece.model (SigLIP, T5)
int fuzzConfigJson(const std::uint8_t* data, std::size_t size);  // every config.json reader

// ---- Helpers for the harnesses ----------------------------------------------------------------------------------

// Records the parser's message (the driver shows it when a valid-* corpus file is refused) and returns kRefused.
int refuse(const std::exception& error);
const std::string& lastRefusal();

// A folder of this process (created on first use, removed by removeScratchDir()).
const std::filesystem::path& scratchDir();
void removeScratchDir();
// Writes `size` bytes to scratchDir()/name (creating folders) and returns the path.
std::filesystem::path writeScratchFile(const std::string& name, const void* data, std::size_t size);
inline std::filesystem::path writeScratchFile(const std::string& name, const std::string& text)
{
    return writeScratchFile(name, text.data(), text.size());
}

// Several files in one input, for parsers that read a folder: each file starts with a line "==> NAME <==" (as
// `head` prints them; NAME is 1..64 characters of [A-Za-z0-9_./-] without ".."), its content runs up to the next such
// line, less one newline before it. Bytes before the first header are ignored; a repeated name keeps the last content.
std::vector<std::pair<std::string, std::string>> splitFiles(const std::uint8_t* data, std::size_t size);
std::string joinFiles(const std::vector<std::pair<std::string, std::string>>& files);
// Writes the files of `data` into a fresh folder (scratchDir()/folder, emptied first) and returns it.
std::filesystem::path writeScratchFolder(const std::string& folder, const std::uint8_t* data, std::size_t size);

}  // namespace tastelab::fuzz
