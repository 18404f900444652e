// CLIP's byte-level BPE, written from the published algorithm: clean the text, split it with CLIP's
// pre-tokenization pattern, map each word's bytes to printable stand-ins, mark the word's end with "</w>",
// then merge the adjacent pair of lowest rank until no pair is in the merge table.
//
// The reference is transformers' slow CLIPTokenizer with ftfy installed, what diffusers loads from a model's
// tokenizer/ folder: whitespace_clean(ftfy.fix_text(text)).lower(). Differences from it:
// - fix_text is ftfy 6.3.1's with the default configuration (text_cleanup.h) except its mojibake repair
//   (fix_encoding): "cafÃ©" is tokenized as typed. text_cleanup.h lists the smaller differences.
// - open_clip's SimpleTokenizer (and OpenAI's) also applies html.unescape twice after fix_text. It differs from
//   this only where an entity survives fix_text: text with a "<" ("<b>x</b> &amp;") or an entity without its ";"
//   ("&amp" -> "&"). transformers, and so TasteLab, keeps those as typed.
// - transformers cleans the text between literal "<|startoftext|>"/"<|endoftext|>" tokens separately; TasteLab
//   cleans the whole prompt, so only a prompt that types one of them and an HTML entity after it can differ.
// - \p{L} and \p{N} are approximated with the tables below: ASCII, Latin-1, Latin Extended, Greek,
//   Cyrillic, Armenian, Hebrew, Arabic, Devanagari, Bengali, Thai, Georgian, Hangul, kana, CJK ideographs
//   and the full-width forms. Other scripts' letters count as symbols, so a word in them is split at
//   different places than the reference would split it; every byte still gets a token, and encode/decode
//   still round-trips. \s and lower() are Python's (unicode_text.h).
// - Invalid UTF-8 in the input becomes U+FFFD (as Python's errors="replace" would) instead of failing.
#include "model/tokenizers/clip_tokenizer.h"

#include "model/tokenizers/text_cleanup.h"
#include "model/tokenizers/unicode_text.h"

#include "storage/storage_error.h"
#include "util/bounded_file.h"
#include "util/json.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <mutex>
#include <string_view>
#include <utility>

namespace tastelab::model {

struct ClipTokenizer::WordCache {
    std::mutex mutex;
    std::unordered_map<std::string, std::vector<int>> words;
};

namespace {

constexpr int kClipMergeCount = 49152 - 256 - 2;  // 48,894: the merges CLIP's vocabulary is built from
constexpr std::size_t kMaxFileBytes = std::size_t{256} << 20;  // no real vocabulary comes near this
constexpr std::size_t kMaxCachedWords = 100000;
constexpr std::string_view kStartOfText = "<|startoftext|>";
constexpr std::string_view kEndOfText = "<|endoftext|>";
constexpr std::string_view kWordEnd = "</w>";

// ---- UTF-8 ------------------------------------------------------------------------------------------

using unicode::appendUtf8;
using unicode::decodeUtf8;
using unicode::nextCodePoint;

std::string utf8(char32_t cp)
{
    std::string out;
    appendUtf8(out, cp);
    return out;
}

// ---- Unicode classes (approximations, see the top of the file) -------------------------------------

struct Range {
    char32_t first;
    char32_t last;
};

template <std::size_t N>
bool inRanges(const std::array<Range, N>& ranges, char32_t cp)
{
    const auto it = std::upper_bound(
        ranges.begin(), ranges.end(), cp, [](char32_t value, const Range& range) { return value < range.first; });
    return it != ranges.begin() && cp <= std::prev(it)->last;
}

constexpr std::array<Range, 95> kLetters{{
    {0x41, 0x5A},
    {0x61, 0x7A},
    {0xAA, 0xAA},
    {0xB5, 0xB5},
    {0xBA, 0xBA},
    {0xC0, 0xD6},
    {0xD8, 0xF6},
    {0xF8, 0x2C1},
    {0x2C6, 0x2D1},
    {0x2E0, 0x2E4},
    {0x2EC, 0x2EC},
    {0x2EE, 0x2EE},
    {0x370, 0x374},
    {0x376, 0x377},
    {0x37A, 0x37D},
    {0x37F, 0x37F},
    {0x386, 0x386},
    {0x388, 0x3F5},
    {0x3F7, 0x481},
    {0x48A, 0x52F},
    {0x531, 0x556},
    {0x559, 0x559},
    {0x560, 0x588},
    {0x5D0, 0x5EA},
    {0x5EF, 0x5F2},
    {0x620, 0x64A},
    {0x66E, 0x66F},
    {0x671, 0x6D3},
    {0x6D5, 0x6D5},
    {0x6E5, 0x6E6},
    {0x6EE, 0x6EF},
    {0x6FA, 0x6FC},
    {0x6FF, 0x6FF},
    {0x904, 0x939},
    {0x93D, 0x93D},
    {0x950, 0x950},
    {0x958, 0x961},
    {0x971, 0x980},
    {0x985, 0x9B9},
    {0xE01, 0xE30},
    {0xE32, 0xE33},
    {0xE40, 0xE46},
    {0x10A0, 0x10C5},
    {0x10D0, 0x10FA},
    {0x10FC, 0x1248},
    {0x13A0, 0x13F5},
    {0x1E00, 0x1F15},
    {0x1F18, 0x1F1D},
    {0x1F20, 0x1F45},
    {0x1F48, 0x1F4D},
    {0x1F50, 0x1F57},
    {0x1F59, 0x1FBC},
    {0x1FC2, 0x1FCC},
    {0x1FD0, 0x1FDB},
    {0x1FE0, 0x1FEC},
    {0x1FF2, 0x1FFC},
    {0x2071, 0x2071},
    {0x207F, 0x207F},
    {0x2090, 0x209C},
    {0x2102, 0x2102},
    {0x2107, 0x2107},
    {0x210A, 0x2113},
    {0x2115, 0x2115},
    {0x2119, 0x211D},
    {0x2124, 0x2124},
    {0x2126, 0x2126},
    {0x2128, 0x2128},
    {0x212A, 0x212D},
    {0x212F, 0x2139},
    {0x2C00, 0x2CE4},
    {0x2D00, 0x2D25},
    {0x3005, 0x3006},
    {0x3031, 0x3035},
    {0x303B, 0x303C},
    {0x3041, 0x3096},
    {0x309D, 0x309F},
    {0x30A1, 0x30FA},
    {0x30FC, 0x30FF},
    {0x3105, 0x312F},
    {0x3131, 0x318E},
    {0x31A0, 0x31BF},
    {0x31F0, 0x31FF},
    {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF},
    {0xA000, 0xA48C},
    {0xA4D0, 0xA4FD},
    {0xA640, 0xA66E},
    {0xA722, 0xA788},
    {0xA78B, 0xA7CA},
    {0xAC00, 0xD7A3},
    {0xF900, 0xFAD9},
    {0xFB00, 0xFB06},
    {0xFF21, 0xFF3A},
    {0xFF41, 0xFF5A},
    {0xFF66, 0xFFDC},
}};

// Above the BMP only the CJK extension planes count as letters.
bool isLetter(char32_t cp)
{
    if (cp >= 0x20000 && cp <= 0x3134F) return true;
    return inRanges(kLetters, cp);
}

constexpr std::array<Range, 27> kNumbers{{
    {0x30, 0x39},
    {0xB2, 0xB3},
    {0xB9, 0xB9},
    {0xBC, 0xBE},
    {0x660, 0x669},
    {0x6F0, 0x6F9},
    {0x966, 0x96F},
    {0x9E6, 0x9EF},
    {0xE50, 0xE59},
    {0x2070, 0x2070},
    {0x2074, 0x2079},
    {0x2080, 0x2089},
    {0x2150, 0x2182},
    {0x2185, 0x2189},
    {0x2460, 0x249B},
    {0x24EA, 0x24FF},
    {0x2776, 0x2793},
    {0x3007, 0x3007},
    {0x3021, 0x3029},
    {0x3038, 0x303A},
    {0x3192, 0x3195},
    {0x3220, 0x3229},
    {0x3248, 0x324F},
    {0x3251, 0x325F},
    {0x3280, 0x3289},
    {0x32B1, 0x32BF},
    {0xFF10, 0xFF19},
}};

bool isNumber(char32_t cp)
{
    return inRanges(kNumbers, cp);
}

// transformers' CLIPTokenizer: whitespace_clean(ftfy.fix_text(text)).lower(): the ftfy fixes, whitespace runs
// collapsed into one space, both ends stripped, lowercased as Python's str.lower() does.
std::vector<char32_t> cleanText(std::string_view text)
{
    std::vector<char32_t> out;
    out.reserve(text.size());
    bool pendingSpace = false;
    for (const char32_t cp : unicode::fixText(decodeUtf8(text))) {
        if (unicode::isSpace(cp)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace) out.push_back(U' ');
        pendingSpace = false;
        out.push_back(cp);
    }
    return unicode::lower(out);
}

bool startsWithAscii(const std::vector<char32_t>& text, std::size_t at, std::string_view ascii)
{
    if (text.size() - at < ascii.size()) return false;
    for (std::size_t i = 0; i < ascii.size(); ++i) {
        if (text[at + i] != static_cast<char32_t>(static_cast<unsigned char>(ascii[i]))) return false;
    }
    return true;
}

// CLIP's pattern, by hand: <|startoftext|>|<|endoftext|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|
// [^\s\p{L}\p{N}]+ (the text is lowercased already, so case-insensitivity changes nothing). Whitespace
// matches no alternative and is skipped.
std::vector<std::string> preTokenize(const std::vector<char32_t>& text)
{
    static constexpr std::array<std::string_view, 9> kFixed{
        kStartOfText, kEndOfText, "'s", "'t", "'re", "'ve", "'m", "'ll", "'d"};
    std::vector<std::string> pieces;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const char32_t cp = text[pos];
        const auto fixed = std::find_if(kFixed.begin(), kFixed.end(),
            [&](std::string_view candidate) { return startsWithAscii(text, pos, candidate); });
        std::size_t end = pos + 1;
        if (fixed != kFixed.end()) {
            end = pos + fixed->size();
        } else if (isLetter(cp)) {
            while (end < text.size() && isLetter(text[end])) ++end;
        } else if (isNumber(cp)) {
            // one digit per piece
        } else if (unicode::isSpace(cp)) {
            ++pos;
            continue;
        } else {
            while (end < text.size() && !unicode::isSpace(text[end]) && !isLetter(text[end]) && !isNumber(text[end]))
                ++end;
        }
        std::string piece;
        for (std::size_t i = pos; i < end; ++i) appendUtf8(piece, text[i]);
        pieces.push_back(std::move(piece));
        pos = end;
    }
    return pieces;
}

// ---- Byte stand-ins ---------------------------------------------------------------------------------

// GPT-2/CLIP map every byte to a printable code point so that vocabulary entries are readable text:
// the printable Latin-1 bytes stand for themselves, the other 68 bytes take 256, 257, ... in byte order.
struct ByteMap {
    std::array<std::string, 256> standIn;  // byte -> UTF-8 of its stand-in
    std::array<int, 324> byteOf{};  // stand-in code point -> byte, -1 for none
    std::array<std::uint8_t, 256> vocabularyOrder{};  // the printable bytes first, then the others
};

const ByteMap& byteMap()
{
    static const ByteMap map = [] {
        ByteMap m;
        m.byteOf.fill(-1);
        const auto printable = [](int b) { return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE; };
        std::size_t next = 0;
        for (int b = 0; b < 256; ++b) {
            if (!printable(b)) continue;
            m.standIn[static_cast<std::size_t>(b)] = utf8(static_cast<char32_t>(b));
            m.byteOf[static_cast<std::size_t>(b)] = b;
            m.vocabularyOrder[next++] = static_cast<std::uint8_t>(b);
        }
        int extra = 0;
        for (int b = 0; b < 256; ++b) {
            if (printable(b)) continue;
            const int cp = 256 + extra++;
            m.standIn[static_cast<std::size_t>(b)] = utf8(static_cast<char32_t>(cp));
            m.byteOf[static_cast<std::size_t>(cp)] = b;
            m.vocabularyOrder[next++] = static_cast<std::uint8_t>(b);
        }
        return m;
    }();
    return map;
}

// ---- Files ------------------------------------------------------------------------------------------

void requireFile(const std::filesystem::path& file, std::string_view what)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
        throw TokenizerError(fmt::format("{} '{}' was not found (or is not a file)", what, file.string()));
    }
}

// zlib reads gzip files and passes other files through unchanged, so one reader serves both forms.
std::string readPossiblyGzipped(const std::filesystem::path& file, std::string_view what)
{
    requireFile(file, what);
    gzFile gz = gzopen(file.string().c_str(), "rb");
    if (gz == nullptr) {
        throw TokenizerError(fmt::format("cannot open {} '{}': {}", what, file.string(), std::strerror(errno)));
    }
    const std::unique_ptr<gzFile_s, int (*)(gzFile)> closer(gz, gzclose);
    std::string text;
    std::vector<char> buffer(std::size_t{1} << 16);
    for (;;) {
        const int n = gzread(gz, buffer.data(), static_cast<unsigned>(buffer.size()));
        if (n < 0) {
            int code = Z_OK;
            const char* message = gzerror(gz, &code);
            throw TokenizerError(
                fmt::format("{} '{}' is corrupt or not a gzip file: {}", what, file.string(), message));
        }
        if (n == 0) break;
        text.append(buffer.data(), static_cast<std::size_t>(n));
        if (text.size() > kMaxFileBytes) {
            throw TokenizerError(fmt::format("{} '{}' holds more than {} MiB of text; it is not a CLIP vocabulary",
                what, file.string(), kMaxFileBytes >> 20));
        }
    }
    int code = Z_OK;
    const char* message = gzerror(gz, &code);
    if (code != Z_OK && code != Z_STREAM_END) {
        throw TokenizerError(fmt::format("{} '{}' is corrupt or truncated: {}", what, file.string(), message));
    }
    return text;
}

// A regular file of at most kMaxFileBytes; with maxLineBytes > 0, no line longer than that (merges.txt).
std::string readTextFile(const std::filesystem::path& file, std::string_view what, std::uint64_t maxLineBytes = 0)
{
    requireFile(file, what);
    try {
        return maxLineBytes > 0 ? util::readTextFileBounded(file, kMaxFileBytes, maxLineBytes, what)
                                : util::readFileBounded(file, kMaxFileBytes, what);
    } catch (const storage::StorageError& e) {
        throw TokenizerError(e.what());
    }
}

struct Merge {
    std::string left;
    std::string right;
};

// Lines after the first (a header), at most kClipMergeCount of them, each "left right". Blank lines at the
// end are ignored; anything else malformed names its 1-based line.
std::vector<Merge> parseMerges(std::string_view text, const std::filesystem::path& file, bool headerOptional)
{
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    while (!lines.empty() && lines.back().find_first_not_of(" \t") == std::string_view::npos) lines.pop_back();

    std::size_t first = 1;
    if (headerOptional && (lines.empty() || lines.front().substr(0, 1) != "#")) first = 0;
    std::vector<Merge> merges;
    for (std::size_t i = first; i < lines.size() && merges.size() < static_cast<std::size_t>(kClipMergeCount); ++i) {
        const std::string_view line = lines[i];
        const std::size_t space = line.find(' ');
        if (space == std::string_view::npos || space == 0 || space + 1 >= line.size()
            || line.find(' ', space + 1) != std::string_view::npos) {
            const std::string shown(line.substr(0, 80));
            throw TokenizerError(fmt::format(
                "{}:{}: a merge is two tokens separated by one space, found '{}'", file.string(), i + 1, shown));
        }
        merges.push_back({std::string(line.substr(0, space)), std::string(line.substr(space + 1))});
    }
    if (merges.empty()) throw TokenizerError(fmt::format("'{}' holds no merges", file.string()));
    return merges;
}

}  // namespace

// ---- ClipTokenizer ----------------------------------------------------------------------------------

ClipTokenizer::ClipTokenizer()
    : cache_(std::make_shared<WordCache>())
{
}

void ClipTokenizer::addMerge(const std::string& left, const std::string& right, int rank)
{
    // Keys keep the first (lowest) rank if a file lists a pair twice. Tokens never contain a space (it is
    // byte-mapped to U+0120), so "left right" is unambiguous.
    mergeRanks_.emplace(left + ' ' + right, rank);
}

ClipTokenizer ClipTokenizer::fromMergesFile(const std::filesystem::path& file)
{
    const std::string text = readPossiblyGzipped(file, "CLIP merges file");
    const std::vector<Merge> merges = parseMerges(text, file, false);

    ClipTokenizer tokenizer;
    std::vector<std::string>& tokens = tokenizer.idToToken_;
    tokens.reserve(512 + merges.size() + 2);
    const ByteMap& bytes = byteMap();
    for (const std::uint8_t b : bytes.vocabularyOrder) tokens.push_back(bytes.standIn[b]);
    for (const std::uint8_t b : bytes.vocabularyOrder) tokens.push_back(bytes.standIn[b] + std::string(kWordEnd));
    for (std::size_t rank = 0; rank < merges.size(); ++rank) {
        tokens.push_back(merges[rank].left + merges[rank].right);
        tokenizer.addMerge(merges[rank].left, merges[rank].right, static_cast<int>(rank));
    }
    tokens.emplace_back(kStartOfText);
    tokens.emplace_back(kEndOfText);
    // A later duplicate wins, as in the reference's dict(zip(vocab, range(len(vocab)))).
    for (std::size_t id = 0; id < tokens.size(); ++id) tokenizer.tokenToId_[tokens[id]] = static_cast<int>(id);
    tokenizer.bosId_ = static_cast<int>(tokens.size() - 2);
    tokenizer.eosId_ = static_cast<int>(tokens.size() - 1);
    return tokenizer;
}

ClipTokenizer ClipTokenizer::fromHuggingFaceFolder(const std::filesystem::path& folder)
{
    std::error_code ec;
    std::filesystem::path dir = folder;
    if (!std::filesystem::is_regular_file(folder / "vocab.json", ec)
        && std::filesystem::is_regular_file(folder / "tokenizer" / "vocab.json", ec)) {
        dir = folder / "tokenizer";
    }
    const std::filesystem::path vocabFile = dir / "vocab.json";
    const std::filesystem::path mergesFile = dir / "merges.txt";
    const std::string vocabText = readTextFile(vocabFile, "CLIP vocabulary");
    const std::string mergesText = readTextFile(mergesFile, "CLIP merges file", util::kMaxTextLineBytes);

    ClipTokenizer tokenizer;
    util::JsonValue vocab;
    try {
        vocab = util::parseJson(vocabText, vocabFile.string());
    } catch (const util::FormatError& e) {
        throw TokenizerError(e.what());
    }
    if (!vocab.isObject()) {
        throw TokenizerError(fmt::format("'{}' must hold a JSON object of token -> id, not {}", vocabFile.string(),
            util::jsonTypeName(vocab.type())));
    }
    // Ids are dense in real vocabularies (0..N-1): a few entries with huge ids would allocate the whole table.
    const std::int64_t kMaxId =
        std::min<std::int64_t>(10'000'000, 2 * static_cast<std::int64_t>(vocab.asObject().size()) + 1024);
    for (const auto& [token, value] : vocab.asObject()) {
        if (!value.isInteger() || value.asInt() < 0 || value.asInt() >= kMaxId) {
            throw TokenizerError(fmt::format(
                "'{}': the id of token '{}' must be an integer from 0 to {}", vocabFile.string(), token, kMaxId - 1));
        }
        const auto id = static_cast<std::size_t>(value.asInt());
        if (id >= tokenizer.idToToken_.size()) tokenizer.idToToken_.resize(id + 1);
        if (!tokenizer.idToToken_[id].empty()) {
            throw TokenizerError(fmt::format("'{}': tokens '{}' and '{}' have the same id {}", vocabFile.string(),
                tokenizer.idToToken_[id], token, id));
        }
        tokenizer.idToToken_[id] = token;
        tokenizer.tokenToId_[token] = static_cast<int>(id);
    }
    for (const auto& [name, target] : {std::pair<std::string_view, int*>{kStartOfText, &tokenizer.bosId_},
             std::pair<std::string_view, int*>{kEndOfText, &tokenizer.eosId_}}) {
        const auto it = tokenizer.tokenToId_.find(std::string(name));
        if (it == tokenizer.tokenToId_.end()) {
            throw TokenizerError(fmt::format("'{}' has no '{}' token", vocabFile.string(), name));
        }
        *target = it->second;
    }

    const std::vector<Merge> merges = parseMerges(mergesText, mergesFile, true);
    for (std::size_t rank = 0; rank < merges.size(); ++rank) {
        tokenizer.addMerge(merges[rank].left, merges[rank].right, static_cast<int>(rank));
    }
    return tokenizer;
}

std::vector<int> ClipTokenizer::encodeWord(const std::string& word) const
{
    if (word == kStartOfText) return {bosId_};
    if (word == kEndOfText) return {eosId_};
    {
        const std::lock_guard<std::mutex> lock(cache_->mutex);
        const auto it = cache_->words.find(word);
        if (it != cache_->words.end()) return it->second;
    }

    const ByteMap& bytes = byteMap();
    std::vector<std::string> symbols;
    symbols.reserve(word.size());
    for (const char c : word) symbols.push_back(bytes.standIn[static_cast<unsigned char>(c)]);
    if (!symbols.empty()) symbols.back() += kWordEnd;

    std::string key;
    while (symbols.size() > 1) {
        int bestRank = std::numeric_limits<int>::max();
        std::size_t best = 0;
        for (std::size_t i = 0; i + 1 < symbols.size(); ++i) {
            key.assign(symbols[i]).append(1, ' ').append(symbols[i + 1]);
            const auto it = mergeRanks_.find(key);
            if (it != mergeRanks_.end() && it->second < bestRank) {
                bestRank = it->second;
                best = i;
            }
        }
        if (bestRank == std::numeric_limits<int>::max()) break;
        // Merge every occurrence of the pair, left to right, without overlaps.
        const std::string left = symbols[best];
        const std::string right = symbols[best + 1];
        std::vector<std::string> merged;
        merged.reserve(symbols.size());
        for (std::size_t i = 0; i < symbols.size(); ++i) {
            if (i + 1 < symbols.size() && symbols[i] == left && symbols[i + 1] == right) {
                merged.push_back(left + right);
                ++i;
            } else {
                merged.push_back(std::move(symbols[i]));
            }
        }
        symbols = std::move(merged);
    }

    std::vector<int> ids;
    ids.reserve(symbols.size());
    for (const std::string& symbol : symbols) {
        const auto it = tokenToId_.find(symbol);
        // Unknown symbols can only come from a partial vocab.json; Hugging Face maps them to its unk token,
        // which for CLIP is <|endoftext|>.
        ids.push_back(it != tokenToId_.end() ? it->second : eosId_);
    }

    const std::lock_guard<std::mutex> lock(cache_->mutex);
    if (cache_->words.size() >= kMaxCachedWords) cache_->words.clear();
    cache_->words.emplace(word, ids);
    return ids;
}

std::vector<int> ClipTokenizer::encode(const std::string& text) const
{
    std::vector<int> ids;
    for (const std::string& piece : preTokenize(cleanText(text))) {
        const std::vector<int> wordIds = encodeWord(piece);
        ids.insert(ids.end(), wordIds.begin(), wordIds.end());
    }
    return ids;
}

std::vector<int> ClipTokenizer::tokenize(const std::string& text, const ClipTokenizerOptions& options) const
{
    if (options.contextLength < 2) {
        throw TokenizerError(
            fmt::format("the context length must be at least 2 (room for <|startoftext|> and <|endoftext|>), not {}",
                options.contextLength));
    }
    if (options.padId < 0 || static_cast<std::size_t>(options.padId) >= vocabularySize()) {
        throw TokenizerError(
            fmt::format("the padding id {} is outside the vocabulary of {} tokens", options.padId, vocabularySize()));
    }
    const std::vector<int> body = encode(text);
    const auto context = static_cast<std::size_t>(options.contextLength);
    if (body.size() + 2 > context && !options.truncate) {
        throw TokenizerError(fmt::format("the text is {} tokens with <|startoftext|> and <|endoftext|>, more than the "
                                         "context length of {}",
            body.size() + 2, context));
    }
    std::vector<int> ids;
    ids.reserve(context);
    ids.push_back(bosId_);
    ids.insert(ids.end(), body.begin(), body.begin() + static_cast<std::ptrdiff_t>(std::min(body.size(), context - 2)));
    ids.push_back(eosId_);
    ids.resize(context, options.padId);
    return ids;
}

std::string ClipTokenizer::decode(const std::vector<int>& ids) const
{
    const ByteMap& bytes = byteMap();
    std::string raw;
    for (const int id : ids) {
        if (id < 0 || static_cast<std::size_t>(id) >= idToToken_.size() || idToToken_[id].empty()) {
            throw TokenizerError(
                fmt::format("token id {} is not in the vocabulary of {} tokens", id, vocabularySize()));
        }
        if (id == bosId_ || id == eosId_) continue;
        std::string_view token = idToToken_[static_cast<std::size_t>(id)];
        const bool wordEnd =
            token.size() >= kWordEnd.size() && token.substr(token.size() - kWordEnd.size()) == kWordEnd;
        if (wordEnd) token.remove_suffix(kWordEnd.size());
        for (std::size_t pos = 0; pos < token.size();) {
            const std::size_t start = pos;
            const char32_t cp = nextCodePoint(token, pos);
            if (cp < bytes.byteOf.size() && bytes.byteOf[cp] >= 0) {
                raw += static_cast<char>(bytes.byteOf[cp]);
            } else {
                raw.append(token.substr(start, pos - start));  // not a stand-in: keep the text as it is
            }
        }
        if (wordEnd) raw += ' ';
    }
    // Merged tokens may end inside a character; the whole stream is valid again once joined, and what is not
    // becomes U+FFFD.
    std::string text;
    text.reserve(raw.size());
    for (const char32_t cp : decodeUtf8(raw)) appendUtf8(text, cp);
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    const std::size_t last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

}  // namespace tastelab::model
