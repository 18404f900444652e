// The text formats that data files arrive in: SHA-256 against the FIPS 180-2 example vectors, CSV and JSON
// against RFC 4180 and RFC 8259 examples, with every error naming the line (and for JSON the column) to fix.
#include "tests/support/test_support.h"
#include "util/csv.h"
#include "util/format_error.h"
#include "util/json.h"
#include "util/sha256.h"
#include "util/utf8.h"

#include <gmock/gmock.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using tastelab::testing::TempDir;
using tastelab::testing::writeBytes;
using tastelab::util::appendCsvRow;
using tastelab::util::csvEscape;
using tastelab::util::CsvRecord;
using tastelab::util::CsvTable;
using tastelab::util::DataError;
using tastelab::util::FormatError;
using tastelab::util::isValidUtf8;
using tastelab::util::JsonValue;
using tastelab::util::parseCsv;
using tastelab::util::parseJson;
using tastelab::util::parseJsonLines;
using tastelab::util::Sha256;
using tastelab::util::sha256FileHex;
using tastelab::util::sha256Hex;
using tastelab::util::toHex;
using tastelab::util::toJson;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace {

// Digests from FIPS 180-2 appendix B (the NIST example vectors).
constexpr const char* kEmptyDigest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* kAbcDigest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr const char* k448BitMessage = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
constexpr const char* k448BitDigest = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
constexpr const char* kMillionADigest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
// "Grüße 東京" spelled in UTF-8 bytes, so that the test does not depend on the compiler's source charset.
constexpr const char* kGreeting = "Gr\xC3\xBC\xC3\x9F"
                                  "e \xE6\x9D\xB1\xE4\xBA\xAC";

// Runs `parse` and returns the FormatError message, failing the test when nothing is thrown.
template <typename Parse>
std::string formatErrorOf(Parse&& parse)
{
    try {
        parse();
    } catch (const FormatError& e) {
        return e.what();
    }
    ADD_FAILURE() << "expected a FormatError";
    return {};
}

std::vector<std::vector<std::string>> fieldsOf(const std::vector<CsvRecord>& records)
{
    std::vector<std::vector<std::string>> fields;
    fields.reserve(records.size());
    for (const CsvRecord& record : records) fields.push_back(record.fields);
    return fields;
}

std::vector<std::size_t> linesOf(const std::vector<CsvRecord>& records)
{
    std::vector<std::size_t> lines;
    lines.reserve(records.size());
    for (const CsvRecord& record : records) lines.push_back(record.line);
    return lines;
}

}  // namespace

// --- SHA-256 -----------------------------------------------------------------------------------------------------

TEST(Sha256, MatchesTheNistExampleVectors)
{
    EXPECT_EQ(sha256Hex(""), kEmptyDigest);
    EXPECT_EQ(sha256Hex("abc"), kAbcDigest);
    EXPECT_EQ(sha256Hex(k448BitMessage), k448BitDigest);
    EXPECT_EQ(sha256Hex(std::string(1'000'000, 'a')), kMillionADigest);
    // The 896-bit message of FIPS 180-2's SHA-512 example (checked against Python's hashlib): the padding
    // spills into a second block.
    EXPECT_EQ(sha256Hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
                        "lmnopqrsmnopqrstnopqrstu"),
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(Sha256, StreamingInOddChunksEqualsOneShot)
{
    const std::string million(1'000'000, 'a');
    for (const std::size_t chunk : {1, 3, 7, 55, 56, 63, 64, 65, 1000, 4097, 1 << 20}) {
        Sha256 hash;
        for (std::size_t at = 0; at < million.size(); at += chunk) {
            hash.update(million.data() + at, std::min(chunk, million.size() - at));
        }
        EXPECT_EQ(toHex(hash.finish()), kMillionADigest) << "chunk size " << chunk;
    }
    const std::string message = k448BitMessage;
    for (std::size_t split = 0; split <= message.size(); ++split) {
        Sha256 hash;
        hash.update(message.data(), split);
        hash.update(message.data() + split, message.size() - split);
        EXPECT_EQ(toHex(hash.finish()), k448BitDigest) << "split at " << split;
    }
}

TEST(Sha256, FinishTwiceIsRefused)
{
    Sha256 hash;
    hash.update("abc", 3);
    EXPECT_EQ(toHex(hash.finish()), kAbcDigest);
    EXPECT_THROW(hash.finish(), DataError);
    EXPECT_THROW(hash.update("x", 1), DataError);
}

TEST(Sha256, HashesFiles)
{
    TempDir dir;
    writeBytes(dir / "abc.txt", {'a', 'b', 'c'});
    EXPECT_EQ(sha256FileHex(dir / "abc.txt"), kAbcDigest);
    writeBytes(dir / "empty.bin", {});
    EXPECT_EQ(sha256FileHex(dir / "empty.bin"), kEmptyDigest);

    // Larger than the 1 MiB read chunk and not a multiple of it; digest from Python's hashlib.
    std::vector<std::uint8_t> pattern(3 * (std::size_t(1) << 20) + 17);
    for (std::size_t i = 0; i < pattern.size(); ++i) pattern[i] = static_cast<std::uint8_t>(i % 251);
    writeBytes(dir / "pattern.bin", pattern);
    EXPECT_EQ(sha256FileHex(dir / "pattern.bin"), "fe2aaf82bfa2ffec207a0c6fa7ce7d4af268d67e2672fdaec675f3f9b65d0854");
}

TEST(Sha256, MissingFileErrorNamesIt)
{
    TempDir dir;
    const auto missing = dir / "no-such-file.bin";
    try {
        sha256FileHex(missing);
        FAIL() << "hashing a missing file should throw";
    } catch (const DataError& e) {
        EXPECT_THAT(e.what(), HasSubstr(missing.string()));
        EXPECT_THAT(e.what(), HasSubstr("does not exist"));
    }
    try {
        sha256FileHex(dir.path());
        FAIL() << "hashing a folder should throw";
    } catch (const DataError& e) {
        EXPECT_THAT(e.what(), HasSubstr(dir.path().string()));
    }
}

// --- UTF-8 -------------------------------------------------------------------------------------------------------

TEST(Utf8, AcceptsWellFormedAndRejectsIllFormedSequences)
{
    // Cases from RFC 3629 section 3 and the Unicode Standard's table 3-7 of well-formed byte sequences.
    EXPECT_TRUE(isValidUtf8(""));
    EXPECT_TRUE(isValidUtf8("plain ASCII"));
    EXPECT_TRUE(isValidUtf8(kGreeting));
    EXPECT_TRUE(isValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
    EXPECT_TRUE(isValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
    EXPECT_TRUE(isValidUtf8("\xED\x9F\xBF"));  // U+D7FF, just below the surrogates
    EXPECT_TRUE(isValidUtf8(std::string("nul\0inside", 10)));

    EXPECT_FALSE(isValidUtf8("\xFF"));
    EXPECT_FALSE(isValidUtf8("\x80"));  // a lone continuation byte
    EXPECT_FALSE(isValidUtf8("\xC0\xAF"));  // overlong '/'
    EXPECT_FALSE(isValidUtf8("\xE0\x80\xAF"));  // overlong '/', three bytes
    EXPECT_FALSE(isValidUtf8("\xF0\x80\x80\xAF"));  // overlong '/', four bytes
    EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));  // U+D800, a surrogate
    EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // U+110000
    EXPECT_FALSE(isValidUtf8("\xE6\x9D"));  // truncated
    EXPECT_FALSE(isValidUtf8("ok \xE6\x9D ok"));  // truncated in the middle
}

// --- CSV ---------------------------------------------------------------------------------------------------------

TEST(Csv, ParsesQuotedFieldsAndDoubledQuotes)
{
    const auto records = parseCsv("name,note\n\"Smith, J.\",\"said \"\"hi\"\"\"\n,\"\"\n", "people.csv");
    EXPECT_THAT(fieldsOf(records),
        ElementsAre(ElementsAre("name", "note"), ElementsAre("Smith, J.", "said \"hi\""), ElementsAre("", "")));
    EXPECT_THAT(linesOf(records), ElementsAre(1, 2, 3));
}

TEST(Csv, EmbeddedNewlineKeepsTheLineNumbersOfLaterRecords)
{
    const auto records = parseCsv("id,text\n1,\"line one\nline two\nline three\"\n2,after\n3,\"x\"", "notes.csv");
    EXPECT_THAT(fieldsOf(records),
        ElementsAre(ElementsAre("id", "text"), ElementsAre("1", "line one\nline two\nline three"),
            ElementsAre("2", "after"), ElementsAre("3", "x")));
    EXPECT_THAT(linesOf(records), ElementsAre(1, 2, 5, 6));
}

TEST(Csv, HandlesCrLfBomEmptyLinesAndAMissingFinalNewline)
{
    const auto records = parseCsv("\xEF\xBB\xBFid,name\r\n\r\n1,\"two\r\nlines\"\r\n\n\n2,last", "windows.csv");
    EXPECT_THAT(fieldsOf(records),
        ElementsAre(ElementsAre("id", "name"), ElementsAre("1", "two\r\nlines"), ElementsAre("2", "last")));
    EXPECT_THAT(linesOf(records), ElementsAre(1, 3, 7));
}

TEST(Csv, KeepsEmptyFieldsAndOtherDelimiters)
{
    EXPECT_THAT(fieldsOf(parseCsv("a,,c,\n", "x.csv")), ElementsAre(ElementsAre("a", "", "c", "")));
    EXPECT_THAT(fieldsOf(parseCsv("a;\"b;c\";d,e\n", "x.csv", ';')), ElementsAre(ElementsAre("a", "b;c", "d,e")));
    EXPECT_THAT(fieldsOf(parseCsv("a\t b \n", "x.tsv", '\t')), ElementsAre(ElementsAre("a", " b ")));
    EXPECT_TRUE(parseCsv("", "empty.csv").empty());
    EXPECT_TRUE(parseCsv("\n\r\n\n", "blank.csv").empty());
}

TEST(Csv, UnbalancedQuoteNamesTheLineWhereItOpened)
{
    EXPECT_EQ(formatErrorOf([] { parseCsv("a,b\n1,2\n3,\"open\nmore\nstill open\n", "manifest.csv"); }),
        "manifest.csv:3: unbalanced quote (the quoted field opened on line 3 never closes)");
}

TEST(Csv, QuoteInsideAnUnquotedFieldNamesItsLine)
{
    EXPECT_THAT(formatErrorOf([] { parseCsv("a,b\n\"x\ny\",z\n1,2 \"inch\"\n", "sizes.csv"); }),
        StartsWith("sizes.csv:4: quote inside an unquoted field (field 2)"));
    EXPECT_THAT(formatErrorOf([] { parseCsv("a, \"b\"\n", "space.csv"); }),
        StartsWith("space.csv:1: quote inside an unquoted field (field 2)"));
}

TEST(Csv, TextAfterAClosingQuoteNamesItsLine)
{
    EXPECT_THAT(formatErrorOf([] { parseCsv("a,b\r\n\"multi\r\nline\"x,1\r\n", "after.csv"); }),
        StartsWith("after.csv:3: text after the closing quote of field 1"));
}

TEST(Csv, InvalidUtf8NamesItsLine)
{
    EXPECT_THAT(formatErrorOf([] { parseCsv("ok\nalso ok\nbad \xFF here\n", "latin1.csv"); }),
        StartsWith("latin1.csv:3: invalid UTF-8"));
    EXPECT_THAT(formatErrorOf([] { parseCsv("a\r\n\"quoted\r\n\r\n\",x\r\n\xC0\xAF\r\n", "overlong.csv"); }),
        StartsWith("overlong.csv:5: invalid UTF-8"));
}

TEST(Csv, EscapeQuotesOnlyWhenNeeded)
{
    EXPECT_EQ(csvEscape("plain"), "plain");
    EXPECT_EQ(csvEscape(""), "");
    EXPECT_EQ(csvEscape(kGreeting), kGreeting);
    EXPECT_EQ(csvEscape("a,b"), "\"a,b\"");
    EXPECT_EQ(csvEscape("a;b"), "a;b");
    EXPECT_EQ(csvEscape("a;b", ';'), "\"a;b\"");
    EXPECT_EQ(csvEscape("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csvEscape("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(csvEscape("cr\rhere"), "\"cr\rhere\"");
    EXPECT_EQ(csvEscape(" leading"), "\" leading\"");
    EXPECT_EQ(csvEscape("trailing "), "\"trailing \"");
}

TEST(Csv, AppendedRowsReadBackUnchanged)
{
    const std::vector<std::string> awkward = {
        "plain",
        "a,b",
        "say \"hi\"",
        "two\nlines",
        "crlf\r\ninside",
        " leading",
        "trailing ",
        "",
        kGreeting,
        "\"",
    };
    const std::vector<std::string> second = {"1", "", "3"};
    const std::vector<std::string> lonelyEmpty = {""};
    std::string out;
    appendCsvRow(out, awkward);
    appendCsvRow(out, second);
    appendCsvRow(out, lonelyEmpty);
    appendCsvRow(out, {"last"});
    EXPECT_EQ(out.substr(out.size() - 5), "last\n");

    const auto records = parseCsv(out, "roundtrip.csv");
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[0].fields, awkward);
    EXPECT_EQ(records[1].fields, second);
    EXPECT_EQ(records[2].fields, lonelyEmpty);
    EXPECT_THAT(records[3].fields, ElementsAre("last"));
    // The first record spans three lines ("two\nlines" and "crlf\r\ninside").
    EXPECT_THAT(linesOf(records), ElementsAre(1, 4, 5, 6));

    std::string tabbed;
    appendCsvRow(tabbed, {"a\tb", "c"}, '\t');
    EXPECT_EQ(tabbed, "\"a\tb\"\tc\n");
    EXPECT_EQ(parseCsv(tabbed, "x.tsv", '\t').at(0).fields, (std::vector<std::string>{"a\tb", "c"}));
}

TEST(CsvTable, LooksUpColumnsIgnoringCaseAndSpaces)
{
    const CsvTable table(parseCsv("Name, Score ,id\nann,3,1\nbob,4,2\n", "scores.csv"), "scores.csv");
    EXPECT_THAT(table.header(), ElementsAre("Name", " Score ", "id"));
    EXPECT_EQ(table.column("score"), 1u);
    EXPECT_EQ(table.column(" NAME "), 0u);
    EXPECT_EQ(table.column("ID"), 2u);
    EXPECT_EQ(table.column("rating"), std::nullopt);
    EXPECT_EQ(table.column(""), std::nullopt);
    EXPECT_EQ(table.requireColumn("Id"), 2u);
    ASSERT_EQ(table.rows().size(), 2u);
    EXPECT_EQ(table.rows()[1].line, 3u);
    EXPECT_THAT(table.rows()[1].fields, ElementsAre("bob", "4", "2"));
    EXPECT_EQ(table.sourceName(), "scores.csv");
    table.requireRectangular();
}

TEST(CsvTable, MissingColumnListsTheColumns)
{
    const CsvTable table(parseCsv("Name, Score ,id\nann,3,1\n", "scores.csv"), "scores.csv");
    EXPECT_EQ(formatErrorOf([&] { table.requireColumn("rating"); }),
        "scores.csv:1: missing column 'rating' (columns are: Name, Score, id)");
}

TEST(CsvTable, RequireRectangularNamesTheRowsLine)
{
    const CsvTable table(parseCsv("a,b,c\n1,\"x\ny\",3\n\n4,5\n6,7,8\n", "ragged.csv"), "ragged.csv");
    EXPECT_EQ(formatErrorOf([&] { table.requireRectangular(); }), "ragged.csv:5: expected 3 fields, found 2");
}

TEST(CsvTable, RefusesEmptyFilesAndRepeatedHeaders)
{
    EXPECT_EQ(
        formatErrorOf([] { CsvTable({}, "nothing.csv"); }), "nothing.csv: the file is empty (expected a header line)");
    EXPECT_THAT(formatErrorOf([] { CsvTable(parseCsv("\nid,name,ID\n", "twice.csv"), "twice.csv"); }),
        StartsWith("twice.csv:2: column 'ID' appears twice (columns 1 and 3)"));
}

// --- JSON --------------------------------------------------------------------------------------------------------

TEST(Json, NestedValuesRoundTrip)
{
    // Compact and in insertion order, so the writer must reproduce the text byte for byte.
    const std::string text = R"({"name":"run","seed":4294967297,"neg":-9007199254740993,"ratio":0.25,)"
                             R"("flags":[true,false,null],"nested":{"empty_array":[],"empty_object":{},)"
                             R"("deep":[[1,[2,{"x":"y"}]]]}})";
    const JsonValue value = parseJson(text, "run.json");
    EXPECT_EQ(toJson(value), text);
    ASSERT_TRUE(value.isObject());
    EXPECT_EQ(value.asObject().size(), 6u);
    EXPECT_EQ(value.asObject()[4].first, "flags");
    EXPECT_EQ(value.find("name")->asString(), "run");
    EXPECT_EQ(value.find("ratio")->asDouble(), 0.25);
    EXPECT_TRUE(value.find("flags")->asArray()[0].asBool());
    EXPECT_TRUE(value.find("flags")->asArray()[2].isNull());
    EXPECT_TRUE(value.find("nested")->find("empty_object")->isObject());
    EXPECT_EQ(value.find("missing"), nullptr);
    EXPECT_EQ(value.find("name")->find("name"), nullptr);

    // Whitespace between tokens is allowed and not kept.
    EXPECT_EQ(toJson(parseJson(" {\n\t\"a\" : [ 1 , 2 ] ,\r\n \"b\" : { } } ")), R"({"a":[1,2],"b":{}})");
}

TEST(Json, IntegersStayExact)
{
    const JsonValue seed = parseJson("4294967297");
    EXPECT_TRUE(seed.isInteger());
    EXPECT_EQ(seed.asInt(), INT64_C(4294967297));
    // 2^53 + 1 has no double representation: only an int64 keeps it.
    const JsonValue negative = parseJson("-9007199254740993");
    EXPECT_EQ(negative.asInt(), INT64_C(-9007199254740993));
    EXPECT_EQ(toJson(negative), "-9007199254740993");
    EXPECT_EQ(parseJson("9223372036854775807").asInt(), std::numeric_limits<std::int64_t>::max());
    EXPECT_EQ(parseJson("-9223372036854775808").asInt(), std::numeric_limits<std::int64_t>::min());
    EXPECT_EQ(toJson(JsonValue(std::int64_t(4294967297))), "4294967297");
    EXPECT_EQ(toJson(JsonValue(-7)), "-7");

    // Beyond int64, or with a fraction or exponent, a number is a double and asInt refuses it.
    const JsonValue tooBig = parseJson("9223372036854775808");
    EXPECT_FALSE(tooBig.isInteger());
    EXPECT_EQ(tooBig.asDouble(), 9223372036854775808.0);
    EXPECT_THROW(tooBig.asInt(), FormatError);
    EXPECT_THROW(parseJson("1e3").asInt(), FormatError);
    EXPECT_THROW(parseJson("2.0").asInt(), FormatError);
    EXPECT_EQ(parseJson("1e3").asDouble(), 1000.0);
}

TEST(Json, DoublesRoundTrip)
{
    EXPECT_EQ(parseJson("0.1").asDouble(), 0.1);
    EXPECT_EQ(parseJson("-2.5E-3").asDouble(), -0.0025);
    EXPECT_EQ(parseJson("1e-400").asDouble(), 0.0);  // underflows to zero
    EXPECT_TRUE(std::signbit(parseJson("-0").asDouble()));
    EXPECT_EQ(toJson(JsonValue(0.1)), "0.1");
    EXPECT_EQ(toJson(JsonValue(-2.5)), "-2.5");
    EXPECT_EQ(toJson(JsonValue(1.0)), "1.0");  // stays a double when read back
    EXPECT_FALSE(parseJson(toJson(JsonValue(1.0))).isInteger());
    for (const double number : {1.0 / 3.0, 1e300, -1e-300, 6.02214076e23, 5e-324, 1.7976931348623157e308, -0.0}) {
        const JsonValue back = parseJson(toJson(JsonValue(number)));
        EXPECT_EQ(back.asDouble(), number) << toJson(JsonValue(number));
        EXPECT_EQ(std::signbit(back.asDouble()), std::signbit(number));
    }
}

TEST(Json, DecodesEscapesAndSurrogatePairs)
{
    EXPECT_EQ(parseJson(R"("q\" b\\ s\/ \b\f\n\r\t")").asString(), "q\" b\\ s/ \b\f\n\r\t");
    EXPECT_EQ(parseJson(R"("caf\u00e9 \u00C9")").asString(), "caf\xC3\xA9 \xC3\x89");
    EXPECT_EQ(parseJson(R"("\ud83d\ude00")").asString(), "\xF0\x9F\x98\x80");  // U+1F600
    EXPECT_EQ(parseJson(R"("\u6771\u4eac")").asString(), "\xE6\x9D\xB1\xE4\xBA\xAC");
    EXPECT_EQ(parseJson(R"("a\u0000b")").asString(), std::string("a\0b", 3));
    EXPECT_EQ(parseJson(std::string("\"") + kGreeting + "\"").asString(), kGreeting);
}

TEST(Json, QuotesStrings)
{
    EXPECT_EQ(tastelab::util::jsonQuote("plain"), "\"plain\"");
    EXPECT_EQ(tastelab::util::jsonQuote("q\"b\\n\nt\t\x01\x1F"), R"("q\"b\\n\nt\t\u0001\u001f")");
    EXPECT_EQ(tastelab::util::jsonQuote(kGreeting), std::string("\"") + kGreeting + "\"");
    EXPECT_EQ(tastelab::util::jsonQuote("\xF0\x9F\x98\x80"), "\"\xF0\x9F\x98\x80\"");
    EXPECT_THROW(tastelab::util::jsonQuote("bad \xFF"), FormatError);
    const std::string awkward = std::string("ctl \x01\x7F nul \0 end", 15) + kGreeting;
    EXPECT_EQ(parseJson(toJson(JsonValue(awkward))).asString(), awkward);
}

TEST(Json, ErrorsNameLineAndColumn)
{
    EXPECT_THAT(formatErrorOf([] { parseJson("[1, 2,]", "list.json"); }), StartsWith("list.json:1:6: trailing comma"));
    EXPECT_THAT(
        formatErrorOf([] { parseJson("{\n  \"a\": 1,\n}", "obj.json"); }), StartsWith("obj.json:2:9: trailing comma"));
    EXPECT_THAT(formatErrorOf([] { parseJson("{\"key\": \"abc", "cut.json"); }),
        StartsWith("cut.json:1:9: unterminated string"));
    EXPECT_THAT(formatErrorOf([] { parseJson(R"(["ok", "bad \x escape"])", "esc.json"); }),
        StartsWith("esc.json:1:13: invalid escape '\\x'"));
    EXPECT_THAT(formatErrorOf([] { parseJson("{\n \"a\": \"\xFF\"\n}", "bytes.json"); }),
        StartsWith("bytes.json:2:8: invalid UTF-8"));
    EXPECT_THAT(formatErrorOf([] { parseJson("{\"a\": \"\xC0\xAF\"}", "overlong.json"); }),
        StartsWith("overlong.json:1:8: invalid UTF-8"));
    // Columns count characters, not bytes: "é" is one column.
    EXPECT_THAT(formatErrorOf([] { parseJson("[\"\xC3\xA9\", ?]", "chars.json"); }),
        StartsWith("chars.json:1:7: expected a value, found '?'"));
    EXPECT_THAT(formatErrorOf([] { parseJson("{\"a\": \"line\nbreak\"}", "raw.json"); }),
        StartsWith("raw.json:1:12: a line break inside a string"));
}

TEST(Json, RefusesWhatRfc8259DoesNotAllow)
{
    EXPECT_THAT(formatErrorOf([] { parseJson("", "empty.json"); }), StartsWith("empty.json:1:1: "));
    EXPECT_THAT(formatErrorOf([] { parseJson("  \n ", "blank.json"); }), StartsWith("blank.json:2:2: "));
    EXPECT_THAT(formatErrorOf([] { parseJson("1 2", "two.json"); }), StartsWith("two.json:1:3: "));
    EXPECT_THAT(formatErrorOf([] { parseJson("[01]", "zero.json"); }), StartsWith("zero.json:1:2: "));
    EXPECT_THAT(formatErrorOf([] { parseJson("[1.]", "dot.json"); }), StartsWith("dot.json:1:4: "));
    EXPECT_THAT(formatErrorOf([] { parseJson("[.5]", "dot.json"); }), StartsWith("dot.json:1:2: "));
    EXPECT_THAT(formatErrorOf([] { parseJson("[+1]", "plus.json"); }), StartsWith("plus.json:1:2: "));
    EXPECT_THAT(formatErrorOf([] { parseJson("NaN", "nan.json"); }), StartsWith("nan.json:1:1: "));
    EXPECT_THAT(formatErrorOf([] { parseJson("[Infinity]", "inf.json"); }), StartsWith("inf.json:1:2: "));
    EXPECT_THAT(formatErrorOf([] { parseJson("1e400", "huge.json"); }), StartsWith("huge.json:1:1: "));
    EXPECT_THAT(formatErrorOf([] { parseJson("[True]", "py.json"); }), StartsWith("py.json:1:2: unknown word 'True'"));
    EXPECT_THAT(formatErrorOf([] { parseJson("{\"a\": trueish}", "word.json"); }),
        StartsWith("word.json:1:7: unknown word 'trueish'"));
    EXPECT_THAT(
        formatErrorOf([] { parseJson("[nul]", "word.json"); }), StartsWith("word.json:1:2: unknown word 'nul'"));
    EXPECT_THAT(formatErrorOf([] { parseJson("{'a': 1}", "single.json"); }), StartsWith("single.json:1:2: "));
    EXPECT_THAT(formatErrorOf([] { parseJson("[1] // note", "comment.json"); }), StartsWith("comment.json:1:5: "));
    EXPECT_THAT(formatErrorOf([] { parseJson(R"({"a":1,"a":2})", "dup.json"); }),
        StartsWith("dup.json:1:8: duplicate key \"a\""));
    EXPECT_THAT(formatErrorOf([] { parseJson(R"("\ud83d")", "lone.json"); }),
        StartsWith("lone.json:1:2: unpaired high surrogate"));
    EXPECT_THAT(formatErrorOf([] { parseJson(R"("\ud83dx")", "lone.json"); }),
        StartsWith("lone.json:1:2: unpaired high surrogate"));
    EXPECT_THAT(formatErrorOf([] { parseJson(R"("\ude00")", "lone.json"); }),
        StartsWith("lone.json:1:2: unpaired low surrogate"));
    EXPECT_THAT(
        formatErrorOf([] { parseJson(R"("\u12G4")", "hex.json"); }), StartsWith("hex.json:1:2: invalid \\u escape"));
    EXPECT_THAT(formatErrorOf([] { parseJson("[1", "open.json"); }), StartsWith("open.json:1:3: "));
    EXPECT_THAT(formatErrorOf([] { parseJson("{\"a\" 1}", "colon.json"); }), StartsWith("colon.json:1:6: "));
    // Deep nesting is an error, not a stack overflow.
    EXPECT_THAT(formatErrorOf([] { parseJson(std::string(100000, '['), "deep.json"); }), HasSubstr("nesting deeper"));
}

TEST(Json, BuildsValues)
{
    JsonValue root = JsonValue::Object{};
    root.set("seed", std::int64_t(4294967297));
    JsonValue& meta = root.set("meta", JsonValue::Object{});
    meta.set("name", "first");
    meta.set("name", std::string("second"));  // replaces, keeps the position
    meta.set("tags", JsonValue::Array{});
    root.set("ok", true);
    root.set("none", nullptr);
    JsonValue list = JsonValue::Array{};
    list.push(1);
    list.push(2.5);
    list.push("three");
    root.set("list", std::move(list));
    EXPECT_EQ(toJson(root),
        R"({"seed":4294967297,"meta":{"name":"second","tags":[]},"ok":true,"none":null,"list":[1,2.5,"three"]})");
    EXPECT_EQ(root.find("meta")->find("name")->asString(), "second");

    EXPECT_THROW(JsonValue(3).set("a", 1), FormatError);
    EXPECT_THROW(JsonValue().push(1), FormatError);
    EXPECT_EQ(formatErrorOf([] { JsonValue("text").asInt(); }), "expected an integer, found a string");
    EXPECT_THROW(JsonValue(1).asString(), FormatError);
    EXPECT_THROW(JsonValue(true).asDouble(), FormatError);
    EXPECT_THROW(JsonValue().asArray(), FormatError);
    EXPECT_THROW(JsonValue(JsonValue::Array{}).asObject(), FormatError);
    EXPECT_EQ(JsonValue().type(), JsonValue::Type::Null);
    EXPECT_EQ(JsonValue(2.0).type(), JsonValue::Type::Number);
    EXPECT_EQ(JsonValue(2).type(), JsonValue::Type::Number);
}

TEST(Json, RefusesToWriteNanAndInfinity)
{
    EXPECT_THROW(toJson(JsonValue(std::nan(""))), FormatError);
    EXPECT_THROW(toJson(JsonValue(std::numeric_limits<double>::infinity())), FormatError);
    EXPECT_THROW(toJson(JsonValue(JsonValue::Array{1, -std::numeric_limits<double>::infinity()})), FormatError);
    EXPECT_THAT(formatErrorOf([] { toJson(JsonValue(std::nan(""))); }), HasSubstr("NaN"));
}

TEST(JsonLines, ReadsOneValuePerLineAndSkipsBlankLines)
{
    const auto lines = parseJsonLines("{\"a\":1}\r\n\n   \t\n[2, 3]\n\"four\"", "runs.jsonl");
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].line, 1u);
    EXPECT_EQ(lines[0].value.find("a")->asInt(), 1);
    EXPECT_EQ(lines[1].line, 4u);
    EXPECT_EQ(toJson(lines[1].value), "[2,3]");
    EXPECT_EQ(lines[2].line, 5u);
    EXPECT_EQ(lines[2].value.asString(), "four");
    EXPECT_TRUE(parseJsonLines("", "empty.jsonl").empty());
}

TEST(JsonLines, ErrorNamesTheFileLine)
{
    EXPECT_THAT(formatErrorOf([] { parseJsonLines("{\"a\":1}\n[2]\n{\"b\": }\n{\"c\":3}\n", "runs.jsonl"); }),
        StartsWith("runs.jsonl:3:7: expected a value, found '}'"));
    // A value may not continue onto the next line.
    EXPECT_THAT(formatErrorOf([] { parseJsonLines("[1,\n2]\n", "split.jsonl"); }), StartsWith("split.jsonl:1:4: "));
    EXPECT_THAT(formatErrorOf([] { parseJsonLines("1\n\n\"\xFF\"\n", "bytes.jsonl"); }),
        StartsWith("bytes.jsonl:3:2: invalid UTF-8"));
}

TEST(Utf8, EncodesAndDecodesEachSequenceLength)
{
    using tastelab::util::appendUtf8;
    using tastelab::util::decodeUtf8Sequence;
    using tastelab::util::validUtf8SequenceLength;
    // U+0041, U+00E9, U+20AC and U+1F600 take 1, 2, 3 and 4 bytes (RFC 3629 table).
    const std::vector<std::pair<std::uint32_t, std::string>> cases{
        {0x41, "A"}, {0xE9, "\xC3\xA9"}, {0x20AC, "\xE2\x82\xAC"}, {0x1F600, "\xF0\x9F\x98\x80"}};
    for (const auto& [codePoint, bytes] : cases) {
        std::string out;
        appendUtf8(out, codePoint);
        EXPECT_EQ(out, bytes);
        EXPECT_EQ(validUtf8SequenceLength(bytes, 0), bytes.size());
        EXPECT_EQ(decodeUtf8Sequence(bytes), static_cast<char32_t>(codePoint));
    }
    EXPECT_EQ(validUtf8SequenceLength("\xC3", 0), 0u);  // truncated
    EXPECT_EQ(validUtf8SequenceLength("\xED\xA0\x80", 0), 0u);  // a surrogate
    EXPECT_EQ(validUtf8SequenceLength("a\x80", 1), 0u);  // a lone continuation byte
}
