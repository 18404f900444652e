// The CLIP tokenizer against the real OpenAI vocabulary (ids checked against the reference tokenizer's
// algorithm) and against tiny Hugging Face folders whose ids can be worked out by hand.
#include "model/tokenizers/clip_tokenizer.h"

#include "tests/support/test_support.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

namespace tastelab::model {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kMergesFile = "clip/bpe_simple_vocab_16e6.txt.gz";

const ClipTokenizer& openAiTokenizer()
{
    static const ClipTokenizer tokenizer =
        ClipTokenizer::fromMergesFile(tastelab::testing::sharedData() / "clip/bpe_simple_vocab_16e6.txt.gz");
    return tokenizer;
}

void writeText(const std::filesystem::path& file, const std::string& text)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
}

template <typename Function>
std::string tokenizerErrorOf(Function&& function)
{
    try {
        function();
    } catch (const TokenizerError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no TokenizerError was thrown";
    return {};
}

// ---- The real OpenAI vocabulary --------------------------------------------------------------------

TEST(ClipTokenizerOpenAi, VocabularyHasClipsSizeAndSpecialIds)
{
    TASTELAB_REQUIRE_SHARED_DATA(kMergesFile);
    const ClipTokenizer& tokenizer = openAiTokenizer();
    EXPECT_EQ(tokenizer.vocabularySize(), 49408u);
    EXPECT_EQ(tokenizer.bosId(), 49406);
    EXPECT_EQ(tokenizer.eosId(), 49407);
}

TEST(ClipTokenizerOpenAi, PhotoOfACatPadsWithEndOfTextForClipL)
{
    TASTELAB_REQUIRE_SHARED_DATA(kMergesFile);
    const std::vector<int> ids = openAiTokenizer().tokenize("a photo of a cat");
    ASSERT_EQ(ids.size(), 77u);
    EXPECT_THAT(std::vector<int>(ids.begin(), ids.begin() + 7), ElementsAre(49406, 320, 1125, 539, 320, 2368, 49407));
    EXPECT_THAT(std::vector<int>(ids.begin() + 7, ids.end()), ::testing::Each(49407));
}

TEST(ClipTokenizerOpenAi, PhotoOfACatPadsWithZeroForSdTurbo)
{
    TASTELAB_REQUIRE_SHARED_DATA(kMergesFile);
    ClipTokenizerOptions options;
    options.padId = 0;
    const std::vector<int> ids = openAiTokenizer().tokenize("a photo of a cat", options);
    ASSERT_EQ(ids.size(), 77u);
    EXPECT_THAT(std::vector<int>(ids.begin(), ids.begin() + 7), ElementsAre(49406, 320, 1125, 539, 320, 2368, 49407));
    EXPECT_THAT(std::vector<int>(ids.begin() + 7, ids.end()), ::testing::Each(0));
}

TEST(ClipTokenizerOpenAi, CleansWhitespaceAndCase)
{
    TASTELAB_REQUIRE_SHARED_DATA(kMergesFile);
    const ClipTokenizer& tokenizer = openAiTokenizer();
    EXPECT_THAT(tokenizer.encode("  A\tPHOTO\n\n of  a Cat  "), ElementsAre(320, 1125, 539, 320, 2368));
    EXPECT_THAT(tokenizer.encode("It's A  Dog"), ElementsAre(585, 568, 320, 1929));
    EXPECT_TRUE(tokenizer.encode(" \t\n").empty());
}

TEST(ClipTokenizerOpenAi, SplitsPunctuationContractionsAndDigits)
{
    TASTELAB_REQUIRE_SHARED_DATA(kMergesFile);
    const ClipTokenizer& tokenizer = openAiTokenizer();
    EXPECT_THAT(tokenizer.encode("a, b!"), ElementsAre(320, 267, 321, 256));  // a</w> ,</w> b</w> !</w>
    EXPECT_THAT(tokenizer.encode("it's"), ElementsAre(585, 568));  // it</w> 's</w>
    EXPECT_THAT(tokenizer.encode("2024"), ElementsAre(273, 271, 273, 275));  // one digit per word
}

TEST(ClipTokenizerOpenAi, SpecialTokensInTheTextKeepTheirIds)
{
    TASTELAB_REQUIRE_SHARED_DATA(kMergesFile);
    EXPECT_THAT(openAiTokenizer().encode("hello<|endoftext|>world"), ElementsAre(3306, 49407, 1002));
}

TEST(ClipTokenizerOpenAi, NonAsciiTextFallsBackToBytesAndRoundTrips)
{
    TASTELAB_REQUIRE_SHARED_DATA(kMergesFile);
    const ClipTokenizer& tokenizer = openAiTokenizer();
    const std::string catPhoto = "\xF0\x9F\x90\xB1 \xE7\x8C\xAB\xE3\x81\xAE\xE5\x86\x99\xE7\x9C\x9F";  // "🐱 猫の写真"
    const std::vector<int> ids = tokenizer.encode(catPhoto);
    EXPECT_THAT(ids, ElementsAre(22979, 163, 234, 104, 21575, 44653, 33440, 509));
    EXPECT_EQ(tokenizer.decode(ids), catPhoto);

    EXPECT_THAT(tokenizer.encode("caf\xC3\xA9"), ElementsAre(15304));  // "café" is one token
    EXPECT_THAT(tokenizer.encode("CAF\xC3\x89"), ElementsAre(15304));  // "CAFÉ" lowercases to it
    const std::vector<int> year = tokenizer.encode("2024 \xD0\xB3\xD0\xBE\xD0\xB4");  // "2024 год"
    EXPECT_THAT(year, ElementsAre(273, 271, 273, 275, 140, 111, 20978, 368));
    EXPECT_EQ(tokenizer.encode("2024 \xD0\x93\xD0\x9E\xD0\x94"), year);  // "ГОД"
    // Curly quotes are straightened (ftfy.fix_text, as the reference tokenizers do); the dash is a symbol, split
    // from the letters. Ids from open_clip 2.20.0's SimpleTokenizer with ftfy 6.3.1.
    EXPECT_THAT(tokenizer.encode("\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x94"
                                 "dash"),
        ElementsAre(257, 27706, 257, 2005, 10206));
}

TEST(ClipTokenizerOpenAi, DecodeLeavesOutSpecialTokens)
{
    TASTELAB_REQUIRE_SHARED_DATA(kMergesFile);
    const ClipTokenizer& tokenizer = openAiTokenizer();
    EXPECT_EQ(
        tokenizer.decode(tokenizer.tokenize("A photo of a CAT, it's 2024!")), "a photo of a cat , it 's 2 0 2 4 !");
    EXPECT_EQ(tokenizer.decode({}), "");
    EXPECT_THAT(tokenizerErrorOf([&] { tokenizer.decode({49408}); }), HasSubstr("49408"));
    EXPECT_THAT(tokenizerErrorOf([&] { tokenizer.decode({-1}); }), HasSubstr("-1"));
}

TEST(ClipTokenizerOpenAi, TruncationKeepsExactlyTheContextWithEndOfTextLast)
{
    TASTELAB_REQUIRE_SHARED_DATA(kMergesFile);
    const ClipTokenizer& tokenizer = openAiTokenizer();
    std::string longText;
    for (int i = 0; i < 100; ++i) longText += "cat ";
    const std::vector<int> ids = tokenizer.tokenize(longText);
    ASSERT_EQ(ids.size(), 77u);
    EXPECT_EQ(ids.front(), 49406);
    EXPECT_EQ(ids.back(), 49407);
    EXPECT_THAT(std::vector<int>(ids.begin() + 1, ids.end() - 1), ::testing::Each(2368));

    // Exactly full: 75 words fit without truncation.
    std::string fullText;
    for (int i = 0; i < 75; ++i) fullText += "cat ";
    EXPECT_EQ(tokenizer.tokenize(fullText), ids);

    ClipTokenizerOptions strict;
    strict.truncate = false;
    EXPECT_EQ(tokenizer.tokenize(fullText, strict), ids);
    EXPECT_THAT(tokenizerErrorOf([&] { tokenizer.tokenize(longText, strict); }), HasSubstr("102 tokens"));
}

TEST(ClipTokenizerOpenAi, RejectsBadOptions)
{
    TASTELAB_REQUIRE_SHARED_DATA(kMergesFile);
    ClipTokenizerOptions tiny;
    tiny.contextLength = 1;
    EXPECT_THROW(openAiTokenizer().tokenize("cat", tiny), TokenizerError);
    ClipTokenizerOptions badPad;
    badPad.padId = 49408;
    EXPECT_THROW(openAiTokenizer().tokenize("cat", badPad), TokenizerError);
}

TEST(ClipTokenizerOpenAi, TruncatedGzipIsReported)
{
    TASTELAB_REQUIRE_SHARED_DATA(kMergesFile);
    tastelab::testing::TempDir dir;
    std::vector<std::uint8_t> bytes = tastelab::testing::readBytes(tastelab::testing::sharedData() / kMergesFile);
    bytes.resize(bytes.size() / 2);
    const auto file = dir / "half.txt.gz";
    tastelab::testing::writeBytes(file, bytes);
    const std::string message = tokenizerErrorOf([&] { ClipTokenizer::fromMergesFile(file); });
    EXPECT_THAT(message, HasSubstr("half.txt.gz"));
    EXPECT_THAT(message, HasSubstr("corrupt"));
}

// ---- Small vocabularies -----------------------------------------------------------------------------

// OpenAI format, uncompressed: the 512 byte symbols come first (the printable ASCII bytes in order from '!',
// so 'a' is 97 - 33 = 64 and "t</w>" is 256 + 116 - 33 = 339), then one id per merge, then the two specials.
TEST(ClipTokenizerSmall, UncompressedMergesFileBuildsTheVocabularyInOrder)
{
    tastelab::testing::TempDir dir;
    const auto file = dir / "merges.txt";
    writeText(file, "\"tiny#version: 0.2\nc a\nca t</w>\n\n");
    const ClipTokenizer tokenizer = ClipTokenizer::fromMergesFile(file);
    EXPECT_EQ(tokenizer.vocabularySize(), 516u);
    EXPECT_EQ(tokenizer.bosId(), 514);
    EXPECT_EQ(tokenizer.eosId(), 515);
    EXPECT_THAT(tokenizer.encode("cat"), ElementsAre(513));  // c a -> ca, ca t</w> -> cat</w>
    EXPECT_THAT(tokenizer.encode("act"), ElementsAre(64, 66, 339));  // a c t</w>: no merge applies
    EXPECT_THAT(tokenizer.encode("ca"), ElementsAre(66, 256 + 64));  // c a</w>: "c a" needs a bare a
    EXPECT_THAT(tokenizer.tokenize("cat", {4, 0, true}), ElementsAre(514, 513, 515, 0));
    EXPECT_EQ(tokenizer.decode({514, 513, 64, 66, 339, 515}), "cat act");
}

class ClipTokenizerHuggingFace : public ::testing::Test {
protected:
    void SetUp() override
    {
        std::filesystem::create_directories(tokenizerDir());
        writeText(tokenizerDir() / "vocab.json",
            R"({"c": 0, "a": 1, "t": 2, "c</w>": 3, "a</w>": 4, "t</w>": 5, "ca": 6, "cat</w>": 7, "at</w>": 8,)"
            R"( "<|startoftext|>": 9, "<|endoftext|>": 10})");
        writeText(tokenizerDir() / "merges.txt", "#version: 0.2\nc a\nca t</w>\na t</w>\n");
    }
    std::filesystem::path tokenizerDir() const { return dir_.path() / "model" / "tokenizer"; }
    std::filesystem::path modelDir() const { return dir_.path() / "model"; }

    tastelab::testing::TempDir dir_;
};

TEST_F(ClipTokenizerHuggingFace, MergesByRankWithTheFolderVocabulary)
{
    const ClipTokenizer tokenizer = ClipTokenizer::fromHuggingFaceFolder(modelDir());
    EXPECT_EQ(tokenizer.vocabularySize(), 11u);
    EXPECT_EQ(tokenizer.bosId(), 9);
    EXPECT_EQ(tokenizer.eosId(), 10);
    EXPECT_THAT(tokenizer.encode("cat"), ElementsAre(7));  // c a -> ca (rank 0), ca t</w> -> cat</w> (rank 1)
    EXPECT_THAT(tokenizer.encode("AT"), ElementsAre(8));  // a t</w> (rank 2)
    EXPECT_THAT(tokenizer.encode("tac"), ElementsAre(2, 1, 3));  // t a c</w>: no pair is a merge
    EXPECT_THAT(tokenizer.encode("cat x"), ElementsAre(7, 10));  // unknown symbols become <|endoftext|>
    EXPECT_THAT(tokenizer.tokenize("cat at", {6, 0, true}), ElementsAre(9, 7, 8, 10, 0, 0));
    EXPECT_THAT(tokenizer.tokenize("cat at cat", {4, 10, true}), ElementsAre(9, 7, 8, 10));
    EXPECT_EQ(tokenizer.decode({9, 7, 8, 2, 1, 3, 10}), "cat at tac");
}

TEST_F(ClipTokenizerHuggingFace, AcceptsTheTokenizerFolderItself)
{
    const ClipTokenizer tokenizer = ClipTokenizer::fromHuggingFaceFolder(tokenizerDir());
    EXPECT_THAT(tokenizer.encode("cat"), ElementsAre(7));
}

TEST_F(ClipTokenizerHuggingFace, MergeLineWithOneTokenNamesTheLine)
{
    writeText(tokenizerDir() / "merges.txt", "#version: 0.2\nc a\ncat\na t</w>\n");
    const std::string message = tokenizerErrorOf([&] { ClipTokenizer::fromHuggingFaceFolder(modelDir()); });
    EXPECT_THAT(message, HasSubstr("merges.txt:3"));
    EXPECT_THAT(message, HasSubstr("'cat'"));
}

TEST_F(ClipTokenizerHuggingFace, BrokenVocabularyIsReported)
{
    writeText(tokenizerDir() / "vocab.json", R"({"c": 0, "a": )");
    EXPECT_THAT(tokenizerErrorOf([&] { ClipTokenizer::fromHuggingFaceFolder(modelDir()); }), HasSubstr("vocab.json"));

    writeText(tokenizerDir() / "vocab.json", R"({"c": 0, "a": "one"})");
    EXPECT_THAT(tokenizerErrorOf([&] { ClipTokenizer::fromHuggingFaceFolder(modelDir()); }), HasSubstr("'a'"));

    writeText(tokenizerDir() / "vocab.json", R"({"c": 0, "<|startoftext|>": 1})");
    EXPECT_THAT(
        tokenizerErrorOf([&] { ClipTokenizer::fromHuggingFaceFolder(modelDir()); }), HasSubstr("<|endoftext|>"));
}

// ---- Files that are missing or corrupt --------------------------------------------------------------

TEST(ClipTokenizerErrors, MissingFileIsNamed)
{
    tastelab::testing::TempDir dir;
    const auto file = dir / "no_such_vocab.txt.gz";
    EXPECT_THAT(tokenizerErrorOf([&] { ClipTokenizer::fromMergesFile(file); }), HasSubstr(file.string()));
    EXPECT_THAT(
        tokenizerErrorOf([&] { ClipTokenizer::fromHuggingFaceFolder(dir / "no_model"); }), HasSubstr("vocab.json"));
}

TEST(ClipTokenizerErrors, CorruptGzipIsNamed)
{
    tastelab::testing::TempDir dir;
    const auto file = dir / "corrupt.txt.gz";
    std::vector<std::uint8_t> bytes{0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03};
    for (int i = 0; i < 200; ++i) bytes.push_back(static_cast<std::uint8_t>(0xFF - i));
    tastelab::testing::writeBytes(file, bytes);
    const std::string message = tokenizerErrorOf([&] { ClipTokenizer::fromMergesFile(file); });
    EXPECT_THAT(message, HasSubstr("corrupt.txt.gz"));
    EXPECT_THAT(message, HasSubstr("corrupt"));
}

TEST(ClipTokenizerErrors, FileWithoutMergesIsRefused)
{
    tastelab::testing::TempDir dir;
    const auto file = dir / "header_only.txt";
    writeText(file, "\"bpe_simple_vocab_16e6.txt#version: 0.2\n");
    EXPECT_THAT(tokenizerErrorOf([&] { ClipTokenizer::fromMergesFile(file); }), HasSubstr("no merges"));
}

}  // namespace
}  // namespace tastelab::model
