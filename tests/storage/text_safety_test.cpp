// Control characters and invalid UTF-8 from file names, prompts and pseudonyms: escaped for terminals, replaced in
// exports (which stay valid UTF-8 and read back), refused where the text is a name.
#include "storage/answers.h"
#include "storage/database.h"
#include "storage/export.h"
#include "storage/images.h"
#include "storage/people.h"
#include "storage/storage_error.h"
#include "tests/support/test_support.h"
#include "util/csv.h"
#include "util/json.h"
#include "util/sha256.h"
#include "util/text_safety.h"
#include "util/utf8.h"

#include <gmock/gmock.h>

using namespace tastelab::storage;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

// "Grüße" in UTF-8 bytes.
const std::string kGreeting = "Gr\xC3\xBC\xC3\x9F"
                              "e";
const std::string kReplacement = "\xEF\xBF\xBD";

std::string readText(const std::filesystem::path& file)
{
    const auto bytes = tastelab::testing::readBytes(file);
    return std::string(bytes.begin(), bytes.end());
}

}  // namespace

TEST(PrintableForTerminal, EscapesControlCharactersAndInvalidBytesAndKeepsUtf8)
{
    EXPECT_EQ(tastelab::util::printableForTerminal("plain name.png"), "plain name.png");
    EXPECT_EQ(tastelab::util::printableForTerminal(kGreeting), kGreeting);
    EXPECT_EQ(tastelab::util::printableForTerminal("\xF0\x9F\x98\x80"), "\xF0\x9F\x98\x80");
    EXPECT_EQ(tastelab::util::printableForTerminal("red\x1B[31mtext\x07"), "red\\x1B[31mtext\\x07");
    EXPECT_EQ(tastelab::util::printableForTerminal("two\nlines\r\ttab"), "two\\nlines\\r\\ttab");
    EXPECT_EQ(tastelab::util::printableForTerminal(std::string("nul\0byte", 8)), "nul\\x00byte");
    EXPECT_EQ(tastelab::util::printableForTerminal("del\x7F"), "del\\x7F");
    EXPECT_EQ(tastelab::util::printableForTerminal("csi\xC2\x9B"
                                                   "2J"),
        "csi\\xC2\\x9B2J")
        << "C1 controls (U+009B is CSI) are escaped byte by byte";
    EXPECT_EQ(tastelab::util::printableForTerminal("latin1 caf\xE9"), "latin1 caf\\xE9");
    EXPECT_EQ(tastelab::util::printableForTerminal("\xC0\xAF"), "\\xC0\\xAF");  // overlong
    EXPECT_EQ(tastelab::util::printableForTerminal("cut \xE6\x9D"), "cut \\xE6\\x9D");
    EXPECT_EQ(tastelab::util::printableForTerminal("back\\slash"), "back\\slash");
}

TEST(PrintableForTerminal, MessagesKeepTheirLineBreaks)
{
    EXPECT_EQ(tastelab::util::printableMessage("2 bad lines:\n  a.csv:2: '\x1B]0;owned\x07'\n\tend"),
        "2 bad lines:\n  a.csv:2: '\\x1B]0;owned\\x07'\n\tend");
    EXPECT_EQ(tastelab::util::printableMessage("cr\r"), "cr\\r");
}

TEST(ToValidUtf8, ReplacesEachInvalidByteAndKeepsValidText)
{
    EXPECT_EQ(tastelab::util::toValidUtf8(kGreeting), kGreeting);
    EXPECT_EQ(tastelab::util::toValidUtf8("caf\xE9.png"), "caf" + kReplacement + ".png");
    EXPECT_EQ(tastelab::util::toValidUtf8("\xFF\xFE"), kReplacement + kReplacement);
    EXPECT_EQ(tastelab::util::toValidUtf8("a\xE6\x9D"), "a" + kReplacement + kReplacement);
    EXPECT_TRUE(tastelab::util::isValidUtf8(tastelab::util::toValidUtf8("\xC0\xAF\xED\xA0\x80 x \xF4\x90\x80\x80")));
    EXPECT_EQ(tastelab::util::toValidUtf8("keeps\x1B controls"), "keeps\x1B controls") << "valid UTF-8 is not changed";
}

TEST(SingleLineText, NamesTheProblemAndItsPlace)
{
    EXPECT_EQ(tastelab::util::singleLineTextProblem("P0001", 100), std::nullopt);
    EXPECT_EQ(tastelab::util::singleLineTextProblem(kGreeting, 100), std::nullopt);
    EXPECT_EQ(tastelab::util::singleLineTextProblem("ab\x1B[2J", 100), "holds a control character (\\x1B) at byte 3");
    EXPECT_EQ(tastelab::util::singleLineTextProblem("a\nb", 100), "holds a control character (\\n) at byte 2");
    EXPECT_EQ(tastelab::util::singleLineTextProblem("a\nb\tc", 100, true), std::nullopt);
    EXPECT_EQ(tastelab::util::singleLineTextProblem("a\rb", 100, true), "holds a control character (\\r) at byte 2");
    EXPECT_EQ(
        tastelab::util::singleLineTextProblem("x\xC2\x85", 100), "holds a control character (\\xC2\\x85) at byte 2");
    EXPECT_EQ(tastelab::util::singleLineTextProblem("caf\xE9", 100), "is not valid UTF-8 (byte 0xE9 at byte 4)");
    EXPECT_EQ(tastelab::util::singleLineTextProblem("abcdef", 5), "is too long (6 bytes; at most 5)");
}

TEST(JsonQuote, EscapesDeleteAndC1Controls)
{
    EXPECT_EQ(tastelab::util::jsonQuote("del\x7F"), R"("del\u007f")");
    EXPECT_EQ(tastelab::util::jsonQuote("csi\xC2\x9B"
                                        "2J"),
        R"("csi\u009b2J")");
    EXPECT_EQ(tastelab::util::jsonQuote("\xC2\xA0nbsp"), "\"\xC2\xA0nbsp\"") << "U+00A0 is not a control character";
    EXPECT_EQ(tastelab::util::parseJson(tastelab::util::jsonQuote("x\x7F\xC2\x80\xC2\x9Fy")).asString(),
        "x\x7F\xC2\x80\xC2\x9Fy");
}

TEST(Pseudonyms, ControlCharactersAndInvalidUtf8AreRefusedBeforeAnythingIsStored)
{
    TempDir dir;
    auto db = Database::open(dir / "w.sqlite", Database::OpenMode::CreateIfMissing);
    PeopleStore people(db);
    Person evil;
    evil.pseudonym = "R\x1B]0;owned\x07";
    try {
        people.insert(evil);
        ADD_FAILURE() << "a pseudonym with an escape sequence was stored";
    } catch (const StorageError& e) {
        EXPECT_THAT(e.what(), HasSubstr("the pseudonym 'R\\x1B]0;owned\\x07' holds a control character (\\x1B)"));
    }
    evil.pseudonym = "caf\xE9";
    EXPECT_THROW(people.insert(evil), StorageError);
    evil.pseudonym = std::string(kMaxPseudonymBytes + 1, 'x');
    EXPECT_THROW(people.insert(evil), StorageError);
    EXPECT_EQ(people.count(), 0);

    Person fine;
    fine.pseudonym = kGreeting;
    fine.id = people.insert(fine);
    fine.pseudonym = "tab\there";
    EXPECT_THROW(people.update(fine), StorageError);
    EXPECT_EQ(people.findById(fine.id)->pseudonym, kGreeting);
}

TEST(Export, FileNamesWithInvalidUtf8AndControlCharactersComeOutAsValidUtf8)
{
    TempDir dir;
    auto db = Database::open(dir / "w.sqlite", Database::OpenMode::CreateIfMissing);
    ImageRecord image;
    image.sha256 = tastelab::util::sha256Hex(std::string("latin1"));
    image.libraryPath = "ab/latin1.png";
    image.originalName = "caf\xE9 \x1B[31mred.png";  // a Latin-1 file name with an escape sequence
    image.prompt = "a prompt with a bell\x07 and a C1 CSI \xC2\x9B";
    image.width = image.height = 8;
    image.format = "png";
    image.byteSize = 1;
    const auto imageId = ImageStore(db).insert(image);
    Person person;
    person.pseudonym = "P0001";
    const auto personId = PeopleStore(db).insert(person);
    SliderRating rating;
    rating.personId = personId;
    rating.imageId = imageId;
    rating.value = 0.5;
    AnswerStore(db).recordRating(rating);

    ExportOptions jsonl;
    jsonl.format = ExportFormat::JsonLines;
    ASSERT_NO_THROW(exportAnswers(db, jsonl, dir / "answers.jsonl"));
    const std::string json = readText(dir / "answers.jsonl");
    EXPECT_TRUE(tastelab::util::isValidUtf8(json));
    EXPECT_EQ(json.find('\x1B'), std::string::npos) << "control characters are escaped in JSON";
    EXPECT_EQ(json.find("\xC2\x9B"), std::string::npos);
    const auto lines = tastelab::util::parseJsonLines(json, "answers.jsonl");
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].value.find("image_name")->asString(), "caf" + kReplacement + " \x1B[31mred.png");
    EXPECT_EQ(lines[0].value.find("prompt")->asString(), "a prompt with a bell\x07 and a C1 CSI \xC2\x9B");

    ASSERT_NO_THROW(exportAnswers(db, ExportOptions{}, dir / "answers.csv"));
    const std::string csv = readText(dir / "answers.csv");
    EXPECT_TRUE(tastelab::util::isValidUtf8(csv));
    const auto records = tastelab::util::parseCsv(csv, "answers.csv");
    ASSERT_EQ(records.size(), 2u);
    EXPECT_THAT(records[1].fields, ::testing::Contains("caf" + kReplacement + " \x1B[31mred.png"));
}
