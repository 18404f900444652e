// The fuzz driver: for every parser that reads user files, replays the committed corpus (tests/fuzz/corpus/<parser>/)
// and then runs deterministic mutants of it, bounded by a mutant count and a wall-clock budget. Each parser runs in a
// forked child under a memory ceiling (RLIMIT_AS) and a per-input timeout (alarm), so that a crash, a hang or an
// allocation past the ceiling is reported with its input instead of taking the test down. Acceptable outcomes are the
// parser reading the input or refusing it with the error type it documents (see fuzz_target.h); anything else fails
// the test, with the input saved as a reproducer and printed.
//
// Corpus files named valid-* must be read (not refused); replay-* files (large or slow regression inputs) are
// replayed but not mutated; all others (seed-*, crash-* for inputs that once failed) are replayed and mutated.
//
// Environment: TASTELAB_FUZZ_SECONDS (budget per parser, default 10), TASTELAB_FUZZ_MUTANTS (default 500000),
// TASTELAB_FUZZ_SEED (default 20240607; mutant i of a parser depends only on the seed, the parser and i),
// TASTELAB_FUZZ_MEMORY_MB (default 2048), TASTELAB_FUZZ_TIMEOUT (seconds per input, default 10),
// TASTELAB_FUZZ_ARTIFACTS (folder for reproducers, default <tmp>/tastelab-fuzz-artifacts), and
// TASTELAB_FUZZ_INPUT=<file>: run only that file through the selected harnesses, in this process (for a debugger).
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/mutator.h"

#include <ATen/Parallel.h>
#include <cxxabi.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <typeinfo>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#define TASTELAB_FUZZ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TASTELAB_FUZZ_ASAN 1
#endif
#endif

namespace tastelab::fuzz {
namespace {

using Clock = std::chrono::steady_clock;

struct Target {
    const char* name;  // also the corpus folder
    Harness harness;
    CustomMutator custom = nullptr;  // used for about 60% of the mutation rounds
    Fixup fixup = nullptr;  // applied to about 85% of the mutants
    std::vector<std::string> dictionary;
};

const std::vector<std::string> kJsonTokens{"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "\\udc00",
    "\\ud83d\\ude00", "\\u00e9", "null", "true", "false", "-", "0", "1e400", "-0", ".5", "1.", "\xEF\xBB\xBF",
    "\xC3\xA9", "\xED\xA0\x80", "\xC0\x80", "\xF4\x90\x80\x80", "\xFF", "\t", "\n", "\r", " ", "[[[[[[[[", "]]]]]]]]",
    "{\"a\":", "\"\":", "{\"\":{\"\":{\"\":"};
const std::vector<std::string> kConfigTokens{"\"_class_name\"", "\"architectures\"", "\"CLIPTextModel\"",
    "\"hidden_size\"", "\"num_attention_heads\"", "\"attention_head_dim\"", "\"block_out_channels\"",
    "\"down_block_types\"", "\"up_block_types\"", "\"layers_per_block\"", "\"norm_num_groups\"", "\"sample_size\"",
    "\"text_config\"", "\"vision_config\"", "\"projection_dim\"", "\"vocab_size\"", "\"model_type\"", "\"siglip\"",
    "\"clip\"", "\"hidden_act\"", "\"gelu\"", "\"quick_gelu\"", "\"silu\"", "\"d_model\"", "\"num_heads\"",
    "\"cross_attention_dim\"", "\"patch_size\"", "\"timestep_spacing\"", "\"trailing\"", "\"beta_schedule\"",
    "\"scaled_linear\"", "\"prediction_type\"", "\"v_prediction\"", "\"shift\"", "\"use_dynamic_shifting\"",
    "\"out_channels\"", "\"in_channels\"", "\"num_layers\"", "\"num_single_layers\"", "\"axes_dims_rope\"",
    "\"image_size\"", "\"max_position_embeddings\"", "\"layer_norm_eps\"", "[]", "{}", "null", "0", "-1", "1e30", "1.5",
    "2147483648", "[16,56,56]", "[]", "\"\"", "true"};
const std::vector<std::string> kCsvTokens{",", ";", "\"", "\"\"", "\n", "\r\n", "\r", "\xEF\xBB\xBF", "\xC3\xA9",
    "\xFF", "\xED\xA0\x80", " ", "\t", "person", "image", "value", "scale", "\"a,b\"", "\"\n\"", ",,,,"};
const std::vector<std::string> kPickleTokens{"\x80\x02", "\x80\x05", "(", ".", "0", "1", "2", "N", "R", "Q", "b", "s",
    "u", "a", "e", "t", ")", "]", "}", "\x85", "\x86", "\x87", "\x88", "\x89", "q\x00", "h\x00", "h\x7f",
    "r\xff\xff\xff\xff", "j\xff\xff\xff\x7f", "\x94", "K\x00", "K\xff", "M\xff\xff", "J\xff\xff\xff\xff",
    "\x8a\x08\xff\xff\xff\xff\xff\xff\xff\x7f", "\x8a\x09", "\x8b\xff\xff\xff\xff", "X\xff\xff\xff\x7f",
    "\x8c\x07storage", "\x8c\x05model", "\x8c\x0astate_dict", "ctorch._utils\n_rebuild_tensor_v2\n",
    "ctorch._utils\n_rebuild_parameter\n", "ccollections\nOrderedDict\n", "ctorch\nFloatStorage\n",
    "ctorch\nLongStorage\n", "ctorch\nBoolStorage\n", "ctorch\nSize\n", "ctorch\ndevice\n", "cos\nsystem\n",
    "\x8c\x03"
    "cpu",
    "\x93", "\x95\x00\x00\x00\x00\x00\x00\x00\x00", "G\x7f\xf0\x00\x00\x00\x00\x00\x00"};
const std::vector<std::string> kMergesTokens{"#version: 0.2\n", "\n", " ", "</w>", "\xC4\xA0", "\xC4\xA1",
    "<|endoftext|>", "<|startoftext|>", "\"", "\\u0120", "a b\n", "ab c</w>\n", "\xFF", "\xC3", "\t", "\r\n",
    "\"<|endoftext|>\": 0", "\"!\": 0", ": 49407", ": -1", ": 9999999", "\"\": 1"};
const std::vector<std::string> kPngTokens{"parameters\0", "tastelab\0", "Comment\0",
    "Steps: ", "Seed: ", "Size: ", "CFG scale: ", "Generator: ", "Negative prompt: ", "\n", ", ", "\"", "\0\0\0\0",
    "\x01\x00", "{\"format\":1}", "\"generator\":\"sd-turbo\"", "\"seed\":-1", "\"steps\":1000001",
    "\"size\":", "\"guidanceScale\":1e309", "\xC3\xA9", "\xFF", "\x78\x9c", "\x78\xda"};
const std::vector<std::string> kSafetensorsTokens{"\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"",
    "\"F32\"", "\"F8_E4M3\"", "\"BOOL\"", "[0,0]", "[]", "{}", "null", "\"weight_map\"", "\"metadata\"",
    "\"model-00001-of-00002.safetensors\"", "\"../x.safetensors\"", "\"/\"", "\"\""};
const std::vector<std::string> kNoTokens;

const std::vector<Target>& targets()
{
    static const std::vector<Target> all{
        {"safetensors", &fuzzSafetensors, &mutateSafetensorsHeader, nullptr, kSafetensorsTokens},
        {"safetensors_index", &fuzzSafetensorsIndex, &mutateOneFile, nullptr, kSafetensorsTokens},
        {"pth", &fuzzPth, &mutateZipEntry, &fixZipCrcs, kPickleTokens},
        {"tflite", &fuzzTflite, nullptr, nullptr, kNoTokens},
        {"json", &fuzzJson, nullptr, nullptr, kJsonTokens},
        {"csv", &fuzzCsv, nullptr, nullptr, kCsvTokens},
        {"png_text", &fuzzPngText, &mutatePngChunk, &fixPngCrcs, kPngTokens},
        {"clip_vocab", &fuzzClipVocab, &mutateOneFile, nullptr, kMergesTokens},
        {"clip_merges", &fuzzClipMerges, &mutateGzipText, nullptr, kMergesTokens},
        {"sentencepiece", &fuzzSentencePiece, nullptr, nullptr, kNoTokens},
        {"config_json", &fuzzConfigJson, nullptr, nullptr, kConfigTokens},
    };
    return all;
}

// ---- Settings ---------------------------------------------------------------------------------------------------

double envNumber(const char* name, double fallback)
{
    const char* text = std::getenv(name);
    if (!text || !*text) return fallback;
    char* end = nullptr;
    const double value = std::strtod(text, &end);
    return end && *end == '\0' && value >= 0 ? value : fallback;
}

struct Settings {
    double seconds = envNumber("TASTELAB_FUZZ_SECONDS", 10.0);
    std::int64_t mutants = static_cast<std::int64_t>(envNumber("TASTELAB_FUZZ_MUTANTS", 500000));
    std::uint64_t seed = static_cast<std::uint64_t>(envNumber("TASTELAB_FUZZ_SEED", 20240607));
    std::uint64_t memoryMb = static_cast<std::uint64_t>(envNumber("TASTELAB_FUZZ_MEMORY_MB", 2048));
    unsigned timeout = static_cast<unsigned>(std::max(1.0, envNumber("TASTELAB_FUZZ_TIMEOUT", 10)));
};

std::filesystem::path artifactsDir()
{
    const char* dir = std::getenv("TASTELAB_FUZZ_ARTIFACTS");
    return dir && *dir ? std::filesystem::path(dir)
                       : std::filesystem::temp_directory_path() / "tastelab-fuzz-artifacts";
}

// ---- Inputs -----------------------------------------------------------------------------------------------------

struct CorpusFile {
    std::string name;
    Bytes bytes;
    bool mustAccept = false;  // "valid-*" files: the parser must read them
    bool mutate = true;  // "replay-*" files (large or slow regression inputs) are replayed, not mutated
};

Bytes readFile(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<CorpusFile> loadCorpus(const std::string& target)
{
    const std::filesystem::path dir = std::filesystem::path(TASTELAB_FUZZ_CORPUS_DIR) / target;
    std::vector<CorpusFile> corpus;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file()) continue;
        CorpusFile file;
        file.name = entry.path().filename().string();
        file.bytes = readFile(entry.path());
        file.mustAccept = file.name.rfind("valid-", 0) == 0;
        file.mutate = file.name.rfind("replay-", 0) != 0;
        corpus.push_back(std::move(file));
    }
    std::sort(corpus.begin(), corpus.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return corpus;
}

std::uint64_t mix(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

std::uint64_t nameHash(const std::string& name)
{
    std::uint64_t h = 1469598103934665603ull;
    for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
}

// Mutant `index` of a target: a function of the seed, the target and the index only.
Bytes makeMutant(const Target& target, const std::vector<Bytes>& seeds, std::uint64_t seed, std::int64_t index)
{
    Rng rng(mix(seed ^ mix(nameHash(target.name)) ^ mix(static_cast<std::uint64_t>(index))));
    Bytes bytes = seeds[rng() % seeds.size()];
    const MutationContext context{&seeds, &target.dictionary};
    const int rounds = rng() % 2 == 0 ? 1 : 2 + static_cast<int>(rng() % 4);
    for (int r = 0; r < rounds; ++r) {
        if (target.custom && rng() % 100 < 60) {
            target.custom(bytes, rng, context);
        } else {
            mutateGeneric(bytes, rng, context);
        }
    }
    if (target.fixup && rng() % 100 < 85) target.fixup(bytes);
    return bytes;
}

std::string typeName(const std::type_info* type)
{
    if (!type) return "an unknown type";
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> name(
        abi::__cxa_demangle(type->name(), nullptr, nullptr, &status), std::free);
    return status == 0 && name ? name.get() : type->name();
}

std::string printable(const Bytes& bytes, std::size_t limit)
{
    std::string out;
    for (std::size_t i = 0; i < bytes.size() && i < limit; ++i) {
        const auto c = bytes[i];
        if (c >= 32 && c < 127 && c != '\\') {
            out.push_back(static_cast<char>(c));
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", c);
            out += hex;
        }
    }
    if (bytes.size() > limit) out += "... (" + std::to_string(bytes.size()) + " bytes)";
    return out;
}

// ---- The child process ------------------------------------------------------------------------------------------

enum State : int { kRunning = 0, kFinished = 1, kFailed = 2 };

struct Shared {
    std::int64_t current = -1;  // the input being run
    std::int64_t ran = 0;  // mutants (not corpus files) run by this child
    std::int64_t accepted = 0;
    std::int64_t refused = 0;
    int state = kRunning;
    char message[8192] = {};
    std::uint64_t inputSize = 0;
    std::uint8_t input[kMaxMutantBytes + 4096] = {};
};

void setMessage(Shared& shared, const std::string& message)
{
    std::snprintf(shared.message, sizeof shared.message, "%s", message.c_str());
}

struct Plan {
    const Target* target = nullptr;
    const std::vector<CorpusFile>* corpus = nullptr;
    const std::vector<Bytes>* seeds = nullptr;
    Settings settings;
    Clock::time_point deadline;
};

Bytes inputAt(const Plan& plan, std::int64_t index)
{
    const auto corpusSize = static_cast<std::int64_t>(plan.corpus->size());
    return index < corpusSize ? (*plan.corpus)[static_cast<std::size_t>(index)].bytes
                              : makeMutant(*plan.target, *plan.seeds, plan.settings.seed, index - corpusSize);
}

[[noreturn]] void runChild(const Plan& plan, std::int64_t start, Shared& shared)
{
#ifndef TASTELAB_FUZZ_ASAN
    const rlim_t ceiling = static_cast<rlim_t>(plan.settings.memoryMb) << 20;
    const rlimit limit{ceiling, ceiling};
    setrlimit(RLIMIT_AS, &limit);
#endif
    at::set_num_threads(1);
    const auto corpusSize = static_cast<std::int64_t>(plan.corpus->size());
    const std::int64_t end = corpusSize + plan.settings.mutants;
    for (std::int64_t index = start; index < end; ++index) {
        if (index >= corpusSize && Clock::now() >= plan.deadline) break;
        const Bytes bytes = inputAt(plan, index);
        shared.current = index;
        shared.inputSize = std::min<std::uint64_t>(bytes.size(), sizeof shared.input);
        std::memcpy(shared.input, bytes.data(), static_cast<std::size_t>(shared.inputSize));
        alarm(plan.settings.timeout);
        int outcome = kRefused;
        try {
            outcome = plan.target->harness(bytes.data(), bytes.size());
        } catch (const std::exception& error) {
            setMessage(shared, "threw " + typeName(&typeid(error)) + ": " + error.what());
            shared.state = kFailed;
            _exit(3);
        } catch (...) {
            setMessage(shared, "threw " + typeName(abi::__cxa_current_exception_type()));
            shared.state = kFailed;
            _exit(3);
        }
        alarm(0);
        if (index < corpusSize && (*plan.corpus)[static_cast<std::size_t>(index)].mustAccept && outcome != kAccepted) {
            setMessage(shared, "refused a valid-* corpus file, which it must read: " + lastRefusal());
            shared.state = kFailed;
            _exit(3);
        }
        (outcome == kAccepted ? shared.accepted : shared.refused) += 1;
        if (index >= corpusSize) shared.ran += 1;
    }
    removeScratchDir();
    shared.state = kFinished;
    _exit(0);
}

struct Failure {
    std::int64_t index = 0;
    std::string what;
    Bytes input;
};

struct Totals {
    std::int64_t mutants = 0, accepted = 0, refused = 0, children = 0;
    std::vector<Failure> failures;
};

// Runs children until the budget is spent, restarting after each failure with the next input; at most 5 failures.
Totals runTarget(const Plan& plan)
{
    void* memory = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) throw std::runtime_error("mmap failed");
    auto* shared = static_cast<Shared*>(memory);
    Totals totals;
    std::int64_t next = 0;
    const std::int64_t end = static_cast<std::int64_t>(plan.corpus->size()) + plan.settings.mutants;
    while (next < end && totals.failures.size() < 5) {
        new (shared) Shared();
        std::fflush(nullptr);
        const pid_t pid = fork();
        if (pid < 0) throw std::runtime_error("fork failed");
        if (pid == 0) runChild(plan, next, *shared);
        ++totals.children;
        // The child stops itself at the deadline; a child stuck past it and its per-input alarm is killed.
        const auto killAt = std::max(plan.deadline, Clock::now()) + std::chrono::seconds(plan.settings.timeout + 30);
        int status = 0;
        while (waitpid(pid, &status, WNOHANG) == 0) {
            if (Clock::now() > killAt) {
                kill(pid, SIGKILL);
                waitpid(pid, &status, 0);
                break;
            }
            usleep(10000);
        }
        std::error_code ec;
        std::filesystem::remove_all(
            std::filesystem::temp_directory_path() / ("tastelab-fuzz-" + std::to_string(pid)), ec);
        totals.mutants += shared->ran;
        totals.accepted += shared->accepted;
        totals.refused += shared->refused;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && shared->state == kFinished) break;

        Failure failure;
        failure.index = shared->current;
        failure.input.assign(shared->input, shared->input + shared->inputSize);
        if (shared->state == kFailed) {
            failure.what = shared->message;
        } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
            failure.what = "did not finish within " + std::to_string(plan.settings.timeout) + " s (a hang?)";
        } else if (WIFSIGNALED(status)) {
            failure.what = std::string("crashed with signal ") + strsignal(WTERMSIG(status));
        } else {
            failure.what = "exited with status " + std::to_string(WEXITSTATUS(status));
        }
        totals.failures.push_back(std::move(failure));
        if (shared->current < 0) break;  // it died before running anything: retrying would not help
        next = shared->current + 1;
    }
    munmap(memory, sizeof(Shared));
    return totals;
}

// "mutant-<i>-seed-<seed>" or "corpus-<file name>", for the reproducer's file name.
std::string inputTag(const Plan& plan, std::int64_t index)
{
    const auto corpusSize = static_cast<std::int64_t>(plan.corpus->size());
    if (index < corpusSize) return "corpus-" + (*plan.corpus)[static_cast<std::size_t>(index)].name;
    return "mutant-" + std::to_string(index - corpusSize) + "-seed-" + std::to_string(plan.settings.seed);
}

std::string describeInput(const Plan& plan, std::int64_t index)
{
    const auto corpusSize = static_cast<std::int64_t>(plan.corpus->size());
    if (index < corpusSize) return "corpus file '" + (*plan.corpus)[static_cast<std::size_t>(index)].name + "'";
    return "mutant " + std::to_string(index - corpusSize) + " (TASTELAB_FUZZ_SEED=" + std::to_string(plan.settings.seed)
        + ")";
}

class FuzzTest : public ::testing::TestWithParam<std::size_t> { };

TEST_P(FuzzTest, InputsAreReadOrRefusedWithTheDocumentedError)
{
    const Target& target = targets()[GetParam()];
    const std::vector<CorpusFile> corpus = loadCorpus(target.name);
    ASSERT_FALSE(corpus.empty()) << "no corpus in " << TASTELAB_FUZZ_CORPUS_DIR << "/" << target.name;

    if (const char* only = std::getenv("TASTELAB_FUZZ_INPUT"); only && *only) {
        const Bytes bytes = readFile(only);
        const int outcome = target.harness(bytes.data(), bytes.size());  // exceptions fail the test
        std::printf("[ figures  ] fuzz %s: '%s' (%zu bytes) %s\n", target.name, only, bytes.size(),
            outcome == kAccepted ? "accepted" : "refused");
        removeScratchDir();
        return;
    }

    std::vector<Bytes> seeds;
    for (const CorpusFile& file : corpus) {
        if (file.mutate) seeds.push_back(file.bytes);
    }
    ASSERT_FALSE(seeds.empty()) << "every corpus file of " << target.name << " is replay-only";
    Plan plan;
    plan.target = &target;
    plan.corpus = &corpus;
    plan.seeds = &seeds;
    const auto started = Clock::now();
    plan.deadline = started + std::chrono::milliseconds(static_cast<std::int64_t>(plan.settings.seconds * 1000));
    const Totals totals = runTarget(plan);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    std::printf("[ figures  ] fuzz %s: %zu corpus files, %lld mutants in %.1f s (%.0f/s): %lld accepted, %lld refused, "
                "%zu failures; peak child RSS %ld MiB\n",
        target.name, corpus.size(), static_cast<long long>(totals.mutants), seconds, totals.mutants / seconds,
        static_cast<long long>(totals.accepted), static_cast<long long>(totals.refused), totals.failures.size(),
        usage.ru_maxrss / 1024);

    for (const Failure& failure : totals.failures) {
        const std::filesystem::path dir = artifactsDir();
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        const std::filesystem::path file = dir / (std::string(target.name) + "-" + inputTag(plan, failure.index));
        std::ofstream(file, std::ios::binary)
            .write(reinterpret_cast<const char*>(failure.input.data()),
                static_cast<std::streamsize>(failure.input.size()));
        ADD_FAILURE() << "fuzz " << target.name << ": " << describeInput(plan, failure.index) << " " << failure.what
                      << "\nreproducer (" << failure.input.size() << " bytes): " << file.string()
                      << "\n  replay: TASTELAB_FUZZ_INPUT=" << file.string() << " "
                      << "--gtest_filter='*/" << target.name << "'\n  keep it: copy it to tests/fuzz/corpus/"
                      << target.name << "/ as a regression seed\nbytes: " << printable(failure.input, 2000);
    }
    EXPECT_TRUE(totals.failures.empty());
    if (totals.failures.empty()) {
        EXPECT_EQ(totals.accepted + totals.refused, totals.mutants + static_cast<std::int64_t>(corpus.size()));
        EXPECT_GT(totals.accepted, 0) << "nothing was read: the corpus or the harness is broken";
        if (totals.mutants >= 100) {
            EXPECT_GT(totals.refused, 0) << "no mutant was refused: the mutator is broken";
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Parsers, FuzzTest, ::testing::Range<std::size_t>(0, targets().size()),
    [](const ::testing::TestParamInfo<std::size_t>& param) { return std::string(targets()[param.param].name); });

}  // namespace
}  // namespace tastelab::fuzz
