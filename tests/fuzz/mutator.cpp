#include "tests/fuzz/mutator.h"

#include "tests/fuzz/fuzz_target.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

namespace tastelab::fuzz {
namespace {

std::size_t pick(Rng& rng, std::size_t n)
{
    return n == 0 ? 0 : static_cast<std::size_t>(rng() % n);
}

bool chance(Rng& rng, int percent)
{
    return static_cast<int>(rng() % 100) < percent;
}

// Positions biased towards the start, where headers, lengths and offsets live.
std::size_t position(Rng& rng, std::size_t n)
{
    if (n == 0) return 0;
    if (chance(rng, 50)) return pick(rng, std::min<std::size_t>(n, 64));
    return pick(rng, n);
}

const std::array<std::uint8_t, 12> kInteresting8{
    0x00, 0x01, 0x02, 0x7F, 0x80, 0xFF, 0xFE, 0x10, 0x20, 0x40, 0x0A, 0x22};
const std::array<std::uint64_t, 18> kInteresting64{0, 1, 2, 7, 8, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF,
    0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x7FFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF};

std::uint64_t readField(const Bytes& bytes, std::size_t at, int width, bool bigEndian)
{
    std::uint64_t value = 0;
    for (int i = 0; i < width; ++i) {
        const std::size_t index = at + static_cast<std::size_t>(bigEndian ? i : width - 1 - i);
        value = (value << 8) | bytes[index];
    }
    return value;
}

void writeField(Bytes& bytes, std::size_t at, int width, bool bigEndian, std::uint64_t value)
{
    for (int i = 0; i < width; ++i) {
        const std::size_t index = at + static_cast<std::size_t>(bigEndian ? width - 1 - i : i);
        bytes[index] = static_cast<std::uint8_t>(value >> (8 * i));
    }
}

int fieldWidth(Rng& rng)
{
    static constexpr std::array<int, 4> kWidths{1, 2, 4, 8};
    return kWidths[pick(rng, kWidths.size())];
}

void capSize(Bytes& bytes)
{
    if (bytes.size() > kMaxMutantBytes) bytes.resize(kMaxMutantBytes);
}

const std::vector<std::string> kNumbers{"0", "1", "-1", "2", "3", "7", "8", "255", "256", "65535", "65536",
    "2147483647", "2147483648", "-2147483648", "4294967295", "4294967296", "9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "18446744073709551615", "99999999999999999999999", "1e308", "1e309", "-1e309", "1e-400",
    "0.5", "-0.0", "1.5e3", "1E+2", "00", "0x10", "NaN", "Infinity", "1e30"};

}  // namespace

void mutateGeneric(Bytes& bytes, Rng& rng, const MutationContext& context)
{
    switch (pick(rng, 14)) {
    case 0: {  // flip a few bits
        if (bytes.empty()) break;
        const std::size_t flips = 1 + pick(rng, 4);
        for (std::size_t i = 0; i < flips; ++i)
            bytes[position(rng, bytes.size())] ^= static_cast<std::uint8_t>(1u << pick(rng, 8));
        break;
    }
    case 1: {  // an interesting byte
        if (bytes.empty()) break;
        bytes[position(rng, bytes.size())] = kInteresting8[pick(rng, kInteresting8.size())];
        break;
    }
    case 2: {  // an interesting 16/32/64-bit value, either byte order
        const int width = fieldWidth(rng);
        if (bytes.size() < static_cast<std::size_t>(width)) break;
        std::uint64_t value = kInteresting64[pick(rng, kInteresting64.size())];
        if (chance(rng, 30)) value = bytes.size() + pick(rng, 3) - 1;  // the file size, give or take
        writeField(
            bytes, position(rng, bytes.size() - static_cast<std::size_t>(width) + 1), width, chance(rng, 30), value);
        break;
    }
    case 3: {  // a length or offset field moved by a little, or a plausible one found and changed
        const int width = chance(rng, 50) ? 4 : fieldWidth(rng);
        if (bytes.size() < static_cast<std::size_t>(width)) break;
        const bool bigEndian = chance(rng, 30);
        std::size_t at = position(rng, bytes.size() - static_cast<std::size_t>(width) + 1);
        if (chance(rng, 50)) {  // look for a value that could be a length or an offset into this input
            for (int tries = 0; tries < 16; ++tries) {
                const std::size_t candidate = pick(rng, bytes.size() - static_cast<std::size_t>(width) + 1);
                const std::uint64_t v = readField(bytes, candidate, width, bigEndian);
                if (v > 0 && v <= bytes.size() * 2) {
                    at = candidate;
                    break;
                }
            }
        }
        const std::uint64_t value = readField(bytes, at, width, bigEndian);
        const auto delta = static_cast<std::int64_t>(pick(rng, 33)) - 16;
        writeField(bytes, at, width, bigEndian, value + static_cast<std::uint64_t>(delta));
        break;
    }
    case 4:  // truncate, often by a little
        if (bytes.empty()) break;
        bytes.resize(
            chance(rng, 50) ? bytes.size() - std::min(bytes.size(), 1 + pick(rng, 16)) : pick(rng, bytes.size()));
        break;
    case 5: {  // extend with random bytes or a copy of the tail
        const std::size_t extra = 1 + pick(rng, chance(rng, 90) ? 64 : 4096);
        if (!bytes.empty() && chance(rng, 40)) {
            const std::size_t from = bytes.size() - std::min(bytes.size(), extra);
            const Bytes tail(bytes.begin() + static_cast<std::ptrdiff_t>(from), bytes.end());
            bytes.insert(bytes.end(), tail.begin(), tail.end());
        } else {
            for (std::size_t i = 0; i < extra; ++i) bytes.push_back(static_cast<std::uint8_t>(rng()));
        }
        break;
    }
    case 6: {  // insert random bytes
        const std::size_t count = 1 + pick(rng, 8);
        const std::size_t at = pick(rng, bytes.size() + 1);
        Bytes inserted(count);
        for (auto& b : inserted) b = static_cast<std::uint8_t>(rng());
        bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), inserted.begin(), inserted.end());
        break;
    }
    case 7: {  // delete a slice
        if (bytes.empty()) break;
        const std::size_t at = pick(rng, bytes.size());
        const std::size_t count = 1 + pick(rng, std::min<std::size_t>(32, bytes.size() - at));
        bytes.erase(
            bytes.begin() + static_cast<std::ptrdiff_t>(at), bytes.begin() + static_cast<std::ptrdiff_t>(at + count));
        break;
    }
    case 8: {  // duplicate a slice somewhere else
        if (bytes.empty()) break;
        const std::size_t from = pick(rng, bytes.size());
        const std::size_t count = 1 + pick(rng, std::min<std::size_t>(64, bytes.size() - from));
        const Bytes slice(bytes.begin() + static_cast<std::ptrdiff_t>(from),
            bytes.begin() + static_cast<std::ptrdiff_t>(from + count));
        const std::size_t at = pick(rng, bytes.size() + 1);
        bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), slice.begin(), slice.end());
        break;
    }
    case 9: {  // splice: this input's start and another seed's end
        if (!context.seeds || context.seeds->empty()) break;
        const Bytes& other = (*context.seeds)[pick(rng, context.seeds->size())];
        const std::size_t cut = pick(rng, bytes.size() + 1);
        const std::size_t otherCut = pick(rng, other.size() + 1);
        bytes.resize(cut);
        bytes.insert(bytes.end(), other.begin() + static_cast<std::ptrdiff_t>(otherCut), other.end());
        break;
    }
    case 10:
    case 11: {  // a token of the format inserted or written over
        if (!context.dictionary || context.dictionary->empty()) break;
        const std::string& token = (*context.dictionary)[pick(rng, context.dictionary->size())];
        const std::size_t at = pick(rng, bytes.size() + 1);
        if (chance(rng, 50) || at + token.size() > bytes.size()) {
            bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), token.begin(), token.end());
        } else {
            std::copy(token.begin(), token.end(), bytes.begin() + static_cast<std::ptrdiff_t>(at));
        }
        break;
    }
    case 12: {  // a number in the text replaced by an interesting one
        std::vector<std::size_t> starts;
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            const bool digit = bytes[i] >= '0' && bytes[i] <= '9';
            if (digit && (i == 0 || bytes[i - 1] < '0' || bytes[i - 1] > '9')) starts.push_back(i);
        }
        if (starts.empty()) break;
        const std::size_t start = starts[pick(rng, starts.size())];
        std::size_t end = start;
        while (end < bytes.size() && ((bytes[end] >= '0' && bytes[end] <= '9') || bytes[end] == '.')) ++end;
        const std::string& number = kNumbers[pick(rng, kNumbers.size())];
        bytes.erase(
            bytes.begin() + static_cast<std::ptrdiff_t>(start), bytes.begin() + static_cast<std::ptrdiff_t>(end));
        bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(start), number.begin(), number.end());
        break;
    }
    default: {  // swap two bytes far apart (reorders structure a little)
        if (bytes.size() < 2) break;
        std::swap(bytes[pick(rng, bytes.size())], bytes[pick(rng, bytes.size())]);
        break;
    }
    }
    capSize(bytes);
}

// ---- Safetensors: the header's JSON with the length kept consistent (the mutations of the former
// tests/model/safetensors_fuzz_test.cpp) ------------------------------------------------------------------------

namespace {

std::uint64_t headerLengthOf(const Bytes& bytes)
{
    std::uint64_t n = 0;
    for (int i = 7; i >= 0 && bytes.size() >= 8; --i) n = (n << 8) | bytes[static_cast<std::size_t>(i)];
    return n;
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

std::string headerOf(const Bytes& bytes)
{
    const std::uint64_t n = headerLengthOf(bytes);
    if (bytes.size() < 8 || n > bytes.size() - 8) return {};
    return std::string(bytes.begin() + 8, bytes.begin() + static_cast<std::ptrdiff_t>(8 + n));
}

void setHeader(Bytes& bytes, const std::string& header)
{
    const std::uint64_t n = headerLengthOf(bytes);
    if (bytes.size() < 8 || n > bytes.size() - 8) return;
    const Bytes data(bytes.begin() + static_cast<std::ptrdiff_t>(8 + n), bytes.end());
    bytes = withLength(header, data);
}

}  // namespace

void mutateSafetensorsHeader(Bytes& bytes, Rng& rng, const MutationContext& context)
{
    static const std::vector<std::string> kTokens{"F8_E4M3", "F8_E5M2", "BOOL", "F64", "F32", "F16", "BF16", "I64",
        "I32", "I16", "I8", "U8", "F128", "", "\\u0000", "[]", "{}", "null", "true", "[0,0]", "[1,2,3]", "\"x\"",
        "__metadata__", "\xFF\xFE", "\\ud800"};
    static const std::string kChars = "{}[]\",:0123456789-+.eE \\nul";
    switch (pick(rng, 6)) {
    case 0: {  // overwrite header bytes with JSON-ish characters or random bytes
        const std::uint64_t n = std::min<std::uint64_t>(headerLengthOf(bytes), bytes.size() > 8 ? bytes.size() - 8 : 0);
        if (n == 0) break;
        const std::size_t count = 1 + pick(rng, 3);
        for (std::size_t i = 0; i < count; ++i) {
            const std::size_t at = 8 + pick(rng, static_cast<std::size_t>(n));
            bytes[at] = chance(rng, 50) ? static_cast<std::uint8_t>(kChars[pick(rng, kChars.size())])
                                        : static_cast<std::uint8_t>(rng());
        }
        break;
    }
    case 1: {  // splice a number over a run of digits in the header (length kept consistent)
        std::string header = headerOf(bytes);
        std::vector<std::size_t> starts;
        for (std::size_t i = 0; i < header.size(); ++i) {
            const bool digit = header[i] >= '0' && header[i] <= '9';
            if (digit && (i == 0 || header[i - 1] < '0' || header[i - 1] > '9')) starts.push_back(i);
        }
        if (starts.empty()) break;
        const std::size_t start = starts[pick(rng, starts.size())];
        std::size_t end = start;
        while (end < header.size() && header[end] >= '0' && header[end] <= '9') ++end;
        header.replace(start, end - start, kNumbers[pick(rng, kNumbers.size())]);
        setHeader(bytes, header);
        break;
    }
    case 2: {  // replace a quoted string in the header with another token
        std::string header = headerOf(bytes);
        std::vector<std::size_t> quotes;
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (header[i] == '"') quotes.push_back(i);
        }
        if (quotes.size() < 2) break;
        const std::size_t q = pick(rng, quotes.size() / 2) * 2;
        header.replace(quotes[q] + 1, quotes[q + 1] - quotes[q] - 1, kTokens[pick(rng, kTokens.size())]);
        setHeader(bytes, header);
        break;
    }
    case 3: {  // change the declared header length
        if (bytes.size() < 8) break;
        std::uint64_t n = headerLengthOf(bytes);
        switch (pick(rng, 4)) {
        case 0:
            n += 1 + pick(rng, 16);
            break;
        case 1:
            n -= std::min<std::uint64_t>(n, 1 + pick(rng, 16));
            break;
        case 2:
            n = rng();
            break;
        default:
            n = 100'000'000 + pick(rng, 3) - 1;
            break;
        }
        for (int i = 0; i < 8; ++i) bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(n >> (8 * i));
        break;
    }
    case 4: {  // duplicate or delete a slice of the header (length kept consistent)
        std::string header = headerOf(bytes);
        if (header.size() < 2) break;
        const std::size_t from = pick(rng, header.size());
        const std::size_t len = 1 + pick(rng, std::min<std::size_t>(24, header.size() - from));
        if (chance(rng, 50)) {
            header.insert(pick(rng, header.size()), header.substr(from, len));
        } else {
            header.erase(from, len);
        }
        setHeader(bytes, header);
        break;
    }
    default: {  // the header mutated as text, or the data section corrupted
        const std::uint64_t n = headerLengthOf(bytes);
        if (bytes.size() < 8 || n > bytes.size() - 8) break;
        if (chance(rng, 50)) {
            const std::string header = headerOf(bytes);
            Bytes text(header.begin(), header.end());
            mutateGeneric(text, rng, context);
            setHeader(bytes, std::string(text.begin(), text.end()));
        } else if (n < bytes.size() - 8) {
            const std::size_t start = static_cast<std::size_t>(8 + n);
            bytes[start + pick(rng, bytes.size() - start)] = static_cast<std::uint8_t>(rng());
        }
        break;
    }
    }
    capSize(bytes);
}

// ---- Zip ------------------------------------------------------------------------------------------------------

namespace {

std::uint32_t le32(const Bytes& b, std::size_t at)
{
    return static_cast<std::uint32_t>(b[at]) | (static_cast<std::uint32_t>(b[at + 1]) << 8)
        | (static_cast<std::uint32_t>(b[at + 2]) << 16) | (static_cast<std::uint32_t>(b[at + 3]) << 24);
}
std::uint16_t le16(const Bytes& b, std::size_t at)
{
    return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}
void put16(Bytes& out, std::uint32_t v)
{
    out.push_back(static_cast<std::uint8_t>(v & 0xFF));
    out.push_back(static_cast<std::uint8_t>((v >> 8) & 0xFF));
}
void put32(Bytes& out, std::uint32_t v)
{
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
}
void set32(Bytes& b, std::size_t at, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i) b[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
}
std::uint32_t crcOf(const std::uint8_t* data, std::size_t size)
{
    return static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), data, static_cast<uInt>(size)));
}

// Calls visit(centralHeaderOffset, dataOffset, compressedSize, method) for each entry whose data lies in the file.
template <typename Visit>
bool forEachZipEntry(const Bytes& zip, Visit&& visit)
{
    if (zip.size() < 22) return false;
    std::size_t eocd = zip.size() - 22 + 1;
    const std::size_t stop = zip.size() > 22 + 65535 ? zip.size() - 22 - 65535 : 0;
    bool found = false;
    while (eocd-- > stop) {
        if (le32(zip, eocd) == 0x06054b50) {
            found = true;
            break;
        }
    }
    if (!found) return false;
    const std::size_t count = le16(zip, eocd + 10);
    std::size_t at = le32(zip, eocd + 16);
    for (std::size_t i = 0; i < count; ++i) {
        if (at > zip.size() || zip.size() - at < 46 || le32(zip, at) != 0x02014b50) return false;
        const std::uint16_t method = le16(zip, at + 10);
        const std::uint32_t compressed = le32(zip, at + 20);
        const std::size_t nameLength = le16(zip, at + 28);
        const std::size_t extraLength = le16(zip, at + 30);
        const std::size_t commentLength = le16(zip, at + 32);
        const std::size_t local = le32(zip, at + 42);
        if (zip.size() - at < 46 + nameLength + extraLength + commentLength) return false;
        if (local <= zip.size() && zip.size() - local >= 30 && le32(zip, local) == 0x04034b50) {
            const std::size_t data = local + 30 + le16(zip, local + 26) + le16(zip, local + 28);
            if (data <= zip.size() && compressed <= zip.size() - data) {
                visit(at, local, data, static_cast<std::size_t>(compressed), method,
                    std::string(zip.begin() + static_cast<std::ptrdiff_t>(at + 46),
                        zip.begin() + static_cast<std::ptrdiff_t>(at + 46 + nameLength)));
            }
        }
        at += 46 + nameLength + extraLength + commentLength;
    }
    return true;
}

}  // namespace

bool readZip(const Bytes& zip, std::vector<ZipFile>& files)
{
    files.clear();
    bool stored = true;
    const bool ok = forEachZipEntry(
        zip, [&](std::size_t, std::size_t, std::size_t data, std::size_t size, std::uint16_t method, std::string name) {
            if (method != 0) stored = false;
            files.push_back({std::move(name),
                Bytes(zip.begin() + static_cast<std::ptrdiff_t>(data),
                    zip.begin() + static_cast<std::ptrdiff_t>(data + size))});
        });
    return ok && stored && !files.empty();
}

Bytes writeZip(const std::vector<ZipFile>& files)
{
    Bytes out;
    Bytes central;
    for (const ZipFile& file : files) {
        const auto offset = static_cast<std::uint32_t>(out.size());
        const std::uint32_t crc = crcOf(file.data.data(), file.data.size());
        const auto size = static_cast<std::uint32_t>(file.data.size());
        const auto nameLength = static_cast<std::uint32_t>(file.name.size());
        put32(out, 0x04034b50);
        put16(out, 20);  // version needed
        put16(out, 0);  // flags
        put16(out, 0);  // stored
        put32(out, 0);  // time and date
        put32(out, crc);
        put32(out, size);
        put32(out, size);
        put16(out, nameLength);
        put16(out, 0);
        out.insert(out.end(), file.name.begin(), file.name.end());
        out.insert(out.end(), file.data.begin(), file.data.end());

        put32(central, 0x02014b50);
        put16(central, 20);  // made by
        put16(central, 20);
        put16(central, 0);
        put16(central, 0);
        put32(central, 0);
        put32(central, crc);
        put32(central, size);
        put32(central, size);
        put16(central, nameLength);
        put16(central, 0);  // extra
        put16(central, 0);  // comment
        put16(central, 0);  // disk
        put16(central, 0);  // internal attributes
        put32(central, 0);  // external attributes
        put32(central, offset);
        central.insert(central.end(), file.name.begin(), file.name.end());
    }
    const auto centralOffset = static_cast<std::uint32_t>(out.size());
    out.insert(out.end(), central.begin(), central.end());
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<std::uint32_t>(files.size()));
    put16(out, static_cast<std::uint32_t>(files.size()));
    put32(out, static_cast<std::uint32_t>(central.size()));
    put32(out, centralOffset);
    put16(out, 0);
    return out;
}

void fixZipCrcs(Bytes& bytes)
{
    std::vector<std::pair<std::size_t, std::uint32_t>> fixes;
    forEachZipEntry(bytes,
        [&](std::size_t central, std::size_t local, std::size_t data, std::size_t size, std::uint16_t method,
            const std::string&) {
            if (method != 0) return;
            const std::uint32_t crc = crcOf(bytes.data() + data, size);
            fixes.emplace_back(central + 16, crc);
            fixes.emplace_back(local + 14, crc);
        });
    for (const auto& [at, crc] : fixes) set32(bytes, at, crc);
}

void mutateZipEntry(Bytes& bytes, Rng& rng, const MutationContext& context)
{
    std::vector<ZipFile> files;
    if (!readZip(bytes, files)) {
        mutateGeneric(bytes, rng, context);
        return;
    }
    // Mostly the pickle, which holds the structure; sometimes another entry or the entry list itself.
    std::size_t target = pick(rng, files.size());
    for (std::size_t i = 0; i < files.size() && chance(rng, 75); ++i) {
        const std::string& name = files[i].name;
        if (name.size() >= 8 && name.compare(name.size() - 8, 8, "data.pkl") == 0) target = i;
    }
    switch (pick(rng, 10)) {
    case 0:  // drop an entry
        files.erase(files.begin() + static_cast<std::ptrdiff_t>(target));
        break;
    case 1: {  // rename an entry
        Bytes name(files[target].name.begin(), files[target].name.end());
        mutateGeneric(name, rng, MutationContext{});
        files[target].name.assign(name.begin(), name.end());
        break;
    }
    default: {
        const int rounds = 1 + static_cast<int>(pick(rng, 3));
        for (int r = 0; r < rounds; ++r) mutateGeneric(files[target].data, rng, context);
        break;
    }
    }
    bytes = writeZip(files);
    capSize(bytes);
}

// ---- Gzip -----------------------------------------------------------------------------------------------------

namespace {

bool gunzip(const Bytes& in, Bytes& out)
{
    z_stream stream{};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) return false;
    stream.next_in = const_cast<Bytef*>(in.data());
    stream.avail_in = static_cast<uInt>(in.size());
    out.clear();
    std::array<std::uint8_t, 16384> buffer{};
    int status = Z_OK;
    while (status == Z_OK && out.size() <= kMaxMutantBytes) {
        stream.next_out = buffer.data();
        stream.avail_out = static_cast<uInt>(buffer.size());
        status = inflate(&stream, Z_NO_FLUSH);
        out.insert(out.end(), buffer.data(), buffer.data() + (buffer.size() - stream.avail_out));
        if (status == Z_BUF_ERROR && stream.avail_in == 0) break;
    }
    inflateEnd(&stream);
    return status == Z_STREAM_END;
}

Bytes gzip(const Bytes& in)
{
    z_stream stream{};
    deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    Bytes out(deflateBound(&stream, static_cast<uLong>(in.size())) + 32);
    stream.next_in = const_cast<Bytef*>(in.data());
    stream.avail_in = static_cast<uInt>(in.size());
    stream.next_out = out.data();
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

}  // namespace

void mutateGzipText(Bytes& bytes, Rng& rng, const MutationContext& context)
{
    Bytes text;
    const bool gzipped = bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b && gunzip(bytes, text);
    if (!gzipped) {
        mutateGeneric(bytes, rng, context);
        if (chance(rng, 20)) bytes = gzip(bytes);  // plain text seeds also arrive compressed
        return;
    }
    const int rounds = 1 + static_cast<int>(pick(rng, 3));
    for (int r = 0; r < rounds; ++r) mutateGeneric(text, rng, context);
    bytes = chance(rng, 85) ? gzip(text) : text;
    capSize(bytes);
}

// ---- Multi-file inputs ----------------------------------------------------------------------------------------

void mutateOneFile(Bytes& bytes, Rng& rng, const MutationContext& context)
{
    auto files = splitFiles(bytes.data(), bytes.size());
    if (files.empty()) {
        mutateGeneric(bytes, rng, context);
        return;
    }
    const std::size_t index = pick(rng, files.size());
    auto& [name, content] = files[index];
    if (chance(rng, 5)) {  // a file goes missing
        files.erase(files.begin() + static_cast<std::ptrdiff_t>(index));
    } else {
        Bytes data(content.begin(), content.end());
        if (name.size() > 12 && name.compare(name.size() - 12, 12, ".safetensors") == 0 && chance(rng, 60)) {
            mutateSafetensorsHeader(data, rng, context);
        } else {
            mutateGeneric(data, rng, context);
        }
        content.assign(data.begin(), data.end());
    }
    const std::string joined = joinFiles(files);
    bytes.assign(joined.begin(), joined.end());
    capSize(bytes);
}

// ---- PNG ------------------------------------------------------------------------------------------------------

namespace {

std::uint32_t be32(const Bytes& b, std::size_t at)
{
    return (static_cast<std::uint32_t>(b[at]) << 24) | (static_cast<std::uint32_t>(b[at + 1]) << 16)
        | (static_cast<std::uint32_t>(b[at + 2]) << 8) | static_cast<std::uint32_t>(b[at + 3]);
}
void setBe32(Bytes& b, std::size_t at, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i) b[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

struct PngChunk {
    std::size_t at;  // the length field
    std::uint32_t length;
};

std::vector<PngChunk> pngChunks(const Bytes& bytes)
{
    std::vector<PngChunk> chunks;
    std::size_t at = 8;
    while (bytes.size() >= 12 && at <= bytes.size() - 12) {
        const std::uint32_t length = be32(bytes, at);
        if (length > bytes.size() - at - 12) break;
        chunks.push_back({at, length});
        at += std::size_t{length} + 12;
    }
    return chunks;
}

}  // namespace

void fixPngCrcs(Bytes& bytes)
{
    for (const PngChunk& chunk : pngChunks(bytes)) {
        setBe32(bytes, chunk.at + 8 + chunk.length, crcOf(bytes.data() + chunk.at + 4, std::size_t{chunk.length} + 4));
    }
}

void mutatePngChunk(Bytes& bytes, Rng& rng, const MutationContext& context)
{
    const std::vector<PngChunk> chunks = pngChunks(bytes);
    if (chunks.empty()) {
        mutateGeneric(bytes, rng, context);
        return;
    }
    // Mostly the text chunks.
    PngChunk chunk = chunks[pick(rng, chunks.size())];
    for (const PngChunk& candidate : chunks) {
        const std::string_view type(reinterpret_cast<const char*>(bytes.data() + candidate.at + 4), 4);
        if ((type == "tEXt" || type == "zTXt" || type == "iTXt") && chance(rng, 50)) chunk = candidate;
    }
    const auto begin = bytes.begin() + static_cast<std::ptrdiff_t>(chunk.at + 8);
    Bytes data(begin, begin + chunk.length);
    Bytes type(bytes.begin() + static_cast<std::ptrdiff_t>(chunk.at + 4), begin);
    if (chance(rng, 10)) {
        static const std::vector<std::string> kTypes{"tEXt", "zTXt", "iTXt", "IEND", "IHDR", "IDAT", "teXt", "a1b2"};
        const std::string& t = kTypes[pick(rng, kTypes.size())];
        type.assign(t.begin(), t.end());
    } else {
        const int rounds = 1 + static_cast<int>(pick(rng, 3));
        for (int r = 0; r < rounds; ++r) mutateGeneric(data, rng, context);
    }
    Bytes rebuilt(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(chunk.at));
    put32(rebuilt, 0);
    setBe32(rebuilt, chunk.at, static_cast<std::uint32_t>(data.size()));
    rebuilt.insert(rebuilt.end(), type.begin(), type.end());
    rebuilt.insert(rebuilt.end(), data.begin(), data.end());
    put32(rebuilt, 0);  // the CRC, fixed below
    rebuilt.insert(rebuilt.end(), begin + static_cast<std::ptrdiff_t>(chunk.length) + 4, bytes.end());
    bytes = std::move(rebuilt);
    fixPngCrcs(bytes);
    capSize(bytes);
}

}  // namespace tastelab::fuzz
