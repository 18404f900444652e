// A bounded, deterministic mutation fuzzer for the safetensors reader: valid seed files are mutated
// (bit flips, header overwrites, truncation, extension, spliced numbers, changed lengths) and each mutant
// is opened and every tensor loaded. Success and SafetensorsError are the only acceptable outcomes.
#include "model/safetensors.h"

#include "tests/test_support.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <random>
#include <string>
#include <typeinfo>
#include <vector>

namespace tastelab::model {
namespace {

using tastelab::testing::readBytes;
using tastelab::testing::TempDir;
using tastelab::testing::writeBytes;

constexpr int kMaxMutants = 20000;
constexpr double kMaxSeconds = 20.0;

std::vector<std::uint8_t> withLength(const std::string& header, const std::vector<std::uint8_t>& data)
{
    std::vector<std::uint8_t> bytes;
    std::uint64_t length = header.size();
    for (int i = 0; i < 8; ++i) {
        bytes.push_back(static_cast<std::uint8_t>(length & 0xFF));
        length >>= 8;
    }
    bytes.insert(bytes.end(), header.begin(), header.end());
    bytes.insert(bytes.end(), data.begin(), data.end());
    return bytes;
}

std::vector<std::vector<std::uint8_t>> seedFiles(const TempDir& dir)
{
    std::vector<std::vector<std::uint8_t>> seeds;
    const auto a = dir / "seed-a.safetensors";
    writeSafetensors(a,
        {{"w", at::arange(6, at::kFloat).reshape({2, 3})}, {"h", at::ones({3}, at::kHalf)},
            {"b", at::ones({2}, at::kBFloat16)}, {"i", at::arange(3, at::kLong)},
            {"m", at::tensor(std::vector<std::uint8_t>{1, 0, 1}).to(at::kBool)}, {"s", at::scalar_tensor(3, at::kInt)},
            {"e", at::zeros({0, 2}, at::kByte)}},
        {{"format", "pt"}, {"k", "v"}});
    seeds.push_back(readBytes(a));
    const auto b = dir / "seed-b.safetensors";
    writeSafetensors(b, {{"only", at::tensor(std::vector<double>{1.0, -2.0})}});
    seeds.push_back(readBytes(b));
    seeds.push_back(withLength(R"({"e4":{"dtype":"F8_E4M3","shape":[2,2],"data_offsets":[0,4]},)"
                               R"("e5":{"dtype":"F8_E5M2","shape":[3],"data_offsets":[4,7]},)"
                               R"("c":{"dtype":"I8","shape":[1],"data_offsets":[7,8]},)"
                               R"("d":{"dtype":"I16","shape":[1],"data_offsets":[8,10]}})",
        {0x38, 0x7F, 0x01, 0xFE, 0x3C, 0x7C, 0xFF, 0x80, 0x01, 0x80}));
    return seeds;
}

std::uint64_t headerLengthOf(const std::vector<std::uint8_t>& bytes)
{
    std::uint64_t n = 0;
    for (int i = 7; i >= 0 && bytes.size() >= 8; --i) n = (n << 8) | bytes[static_cast<std::size_t>(i)];
    return n;
}

// Replaces the header with `header` and rewrites the length so that the mutant gets past the length checks.
void setHeader(std::vector<std::uint8_t>& bytes, const std::string& header)
{
    const std::uint64_t n = headerLengthOf(bytes);
    if (bytes.size() < 8 || n > bytes.size() - 8) return;
    const std::vector<std::uint8_t> data(bytes.begin() + static_cast<std::ptrdiff_t>(8 + n), bytes.end());
    bytes = withLength(header, data);
}

std::string headerOf(const std::vector<std::uint8_t>& bytes)
{
    const std::uint64_t n = headerLengthOf(bytes);
    if (bytes.size() < 8 || n > bytes.size() - 8) return {};
    return std::string(bytes.begin() + 8, bytes.begin() + static_cast<std::ptrdiff_t>(8 + n));
}

void mutate(std::vector<std::uint8_t>& bytes, std::mt19937& rng)
{
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    static const std::vector<std::string> kNumbers{"0", "1", "-1", "7", "8", "255", "65536", "4294967296",
        "9223372036854775807", "9223372036854775808", "18446744073709551615", "-9223372036854775808", "1e3", "0.5",
        "99999999999999999999999", "3", "2"};
    static const std::vector<std::string> kTokens{"F8_E4M3", "F8_E5M2", "BOOL", "F64", "F32", "F16", "BF16", "I64",
        "I32", "I16", "I8", "U8", "F128", "", "\\u0000", "[]", "{}", "null", "true", "[0,0]", "[1,2,3]", "\"x\"",
        "__metadata__", "\xFF\xFE", "\\ud800"};
    static const std::string kChars = "{}[]\",:0123456789-+.eE \\nul";

    switch (pick(9)) {
    case 0: {  // flip a few bits anywhere
        if (bytes.empty()) break;
        const std::size_t flips = 1 + pick(4);
        for (std::size_t i = 0; i < flips; ++i) bytes[pick(bytes.size())] ^= static_cast<std::uint8_t>(1u << pick(8));
        break;
    }
    case 1: {  // overwrite header bytes with JSON-ish characters or random bytes
        const std::uint64_t n = std::min<std::uint64_t>(headerLengthOf(bytes), bytes.size() > 8 ? bytes.size() - 8 : 0);
        if (n == 0) break;
        const std::size_t count = 1 + pick(3);
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t at = 8 + pick(static_cast<std::size_t>(n));
            bytes[at] = pick(2) == 0 ? static_cast<std::uint8_t>(kChars[pick(kChars.size())])
                                     : static_cast<std::uint8_t>(pick(256));
        }
        break;
    }
    case 2:  // truncate
        if (!bytes.empty()) bytes.resize(pick(bytes.size()));
        break;
    case 3: {  // extend with random bytes
        const std::size_t extra = 1 + pick(64);
        for (std::size_t i = 0; i < extra; ++i) bytes.push_back(static_cast<std::uint8_t>(pick(256)));
        break;
    }
    case 4: {  // splice a number over a run of digits in the header (length kept consistent)
        std::string header = headerOf(bytes);
        std::vector<std::size_t> starts;
        for (std::size_t i = 0; i < header.size(); ++i) {
            const bool digit = header[i] >= '0' && header[i] <= '9';
            if (digit && (i == 0 || header[i - 1] < '0' || header[i - 1] > '9')) starts.push_back(i);
        }
        if (starts.empty()) break;
        const std::size_t start = starts[pick(starts.size())];
        std::size_t end = start;
        while (end < header.size() && header[end] >= '0' && header[end] <= '9') ++end;
        header.replace(start, end - start, kNumbers[pick(kNumbers.size())]);
        setHeader(bytes, header);
        break;
    }
    case 5: {  // replace a quoted string in the header with another token
        std::string header = headerOf(bytes);
        std::vector<std::size_t> quotes;
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (header[i] == '"') quotes.push_back(i);
        }
        if (quotes.size() < 2) break;
        const std::size_t q = pick(quotes.size() / 2) * 2;
        header.replace(quotes[q] + 1, quotes[q + 1] - quotes[q] - 1, kTokens[pick(kTokens.size())]);
        setHeader(bytes, header);
        break;
    }
    case 6: {  // change the declared header length
        if (bytes.size() < 8) break;
        std::uint64_t n = headerLengthOf(bytes);
        switch (pick(4)) {
        case 0:
            n += 1 + pick(16);
            break;
        case 1:
            n -= std::min<std::uint64_t>(n, 1 + pick(16));
            break;
        case 2:
            n = static_cast<std::uint64_t>(rng()) << 32 | rng();
            break;
        default:
            n = 100'000'000 + pick(3) - 1;
            break;
        }
        for (int i = 0; i < 8; ++i) bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> (8 * i));
        break;
    }
    case 7: {  // duplicate or delete a slice of the header (length kept consistent)
        std::string header = headerOf(bytes);
        if (header.size() < 2) break;
        const std::size_t from = pick(header.size());
        const std::size_t len = 1 + pick(std::min<std::size_t>(24, header.size() - from));
        if (pick(2) == 0) {
            header.insert(pick(header.size()), header.substr(from, len));
        } else {
            header.erase(from, len);
        }
        setHeader(bytes, header);
        break;
    }
    default: {  // corrupt the data section
        const std::uint64_t n = headerLengthOf(bytes);
        if (bytes.size() < 8 || n >= bytes.size() - 8) break;
        const std::size_t start = static_cast<std::size_t>(8 + n);
        bytes[start + pick(bytes.size() - start)] = static_cast<std::uint8_t>(pick(256));
        break;
    }
    }
}

std::string printable(const std::vector<std::uint8_t>& bytes)
{
    std::string out;
    for (std::size_t i = 0; i < bytes.size() && i < 400; ++i) {
        const auto c = bytes[i];
        if (c >= 32 && c < 127) {
            out.push_back(static_cast<char>(c));
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", c);
            out += hex;
        }
    }
    return out;
}

TEST(SafetensorsFuzzTest, MutantsAreLoadedOrRefusedWithSafetensorsError)
{
    const TempDir dir;
    const auto seeds = seedFiles(dir);
    for (const auto& seed : seeds) {  // the seeds themselves are valid
        const auto file = dir / "seed.safetensors";
        writeBytes(file, seed);
        const auto st = SafetensorsFile::open(file);
        for (const auto& info : st.tensors()) (void)st.load(info.name);
    }

    std::mt19937 rng(20240607u);
    const auto started = std::chrono::steady_clock::now();
    const auto file = dir / "mutant.safetensors";
    int mutants = 0;
    int accepted = 0;
    int refused = 0;
    int failures = 0;
    while (mutants < kMaxMutants) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (elapsed > kMaxSeconds) break;
        std::vector<std::uint8_t> bytes = seeds[rng() % seeds.size()];
        const int rounds = 1 + static_cast<int>(rng() % 3);
        for (int r = 0; r < rounds; ++r) mutate(bytes, rng);
        writeBytes(file, bytes);
        ++mutants;
        try {
            const auto st = SafetensorsFile::open(file);
            for (const auto& info : st.tensors()) {
                (void)st.load(info.name);
                (void)st.load(info.name, at::kFloat);
            }
            ++accepted;
        } catch (const SafetensorsError&) {
            ++refused;
        } catch (const std::exception& error) {
            if (++failures <= 5) {
                ADD_FAILURE() << "mutant " << mutants << " threw a " << typeid(error).name()
                              << " instead of SafetensorsError: " << error.what() << "\nbytes: " << printable(bytes);
            }
        } catch (...) {
            if (++failures <= 5) ADD_FAILURE() << "mutant " << mutants << " threw a non-std exception";
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("[ figures  ] safetensors fuzz: %d mutants in %.1f s: %d accepted, %d refused, %d other outcomes\n",
        mutants, seconds, accepted, refused, failures);
    EXPECT_EQ(failures, 0);
    EXPECT_EQ(accepted + refused, mutants);
    EXPECT_GT(refused, 0);
}

}  // namespace
}  // namespace tastelab::model
