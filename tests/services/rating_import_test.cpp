// Legacy ratings: values mapped from their scale, images found by hash, path or name, and every bad
// line reported by number with nothing stored.
#include "app/services/rating_import.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/people.h"
#include "tests/support/test_support.h"
#include "util/sha256.h"

#include <fmt/format.h>
#include <gmock/gmock.h>

using namespace tastelab;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;
namespace fs = std::filesystem;

namespace {

class RatingImportTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        storage::ImageStore images(workspace_.database());
        for (const char* name : {"fox.png", "city.png", "twin.png"}) {
            storage::ImageRecord image;
            image.sha256 = util::sha256Hex(std::string(name));
            image.libraryPath = std::string("ab/") + name;
            image.originalName = name;
            image.width = image.height = 10;
            image.format = "png";
            image.byteSize = 1;
            images.insert(image);
        }
        storage::ImageRecord twin;  // a second image with the same file name
        twin.sha256 = util::sha256Hex(std::string("twin-2"));
        twin.libraryPath = "cd/twin.png";
        twin.originalName = "twin.png";
        twin.width = twin.height = 10;
        twin.format = "png";
        twin.byteSize = 1;
        images.insert(twin);
        storage::Person person;
        person.pseudonym = "R01";
        storage::PeopleStore(workspace_.database()).insert(person);
    }

    fs::path write(const std::string& name, const std::string& text)
    {
        tastelab::testing::writeBytes(dir_ / name, std::vector<std::uint8_t>(text.begin(), text.end()));
        return dir_ / name;
    }

    std::string errorOf(const fs::path& file, const services::RatingImportOptions& options = {})
    {
        try {
            services::importRatings(workspace_, file, options);
        } catch (const services::RatingImportError& e) {
            return e.what();
        }
        ADD_FAILURE() << file << " was accepted";
        return {};
    }

    TempDir dir_;
    services::Workspace workspace_ = services::Workspace::create(dir_ / "ws", "ratings");
};

}  // namespace

TEST_F(RatingImportTest, MapsValuesFromTheirScaleAndFindsImagesEveryWay)
{
    const std::string foxHash = util::sha256Hex(std::string("fox.png"));
    const auto file = write("legacy.csv",
        "person,image,value,scale,response_ms,timestamp\n"
        "R01,"
            + foxHash
            + ",7,1..7,1520,2024-05-01T14:03:00Z\n"
              "R01,ab/city.png,1,1..7,,\n"
              "R01,fox.png,4,1..7,900.4,2024-05-01\n");
    const auto report = services::importRatings(workspace_, file);
    EXPECT_EQ(report.imported, 3);
    const auto person = storage::PeopleStore(workspace_.database()).findByPseudonym("R01");
    const auto ratings = storage::AnswerStore(workspace_.database()).ratingsOf(person->id);
    ASSERT_EQ(ratings.size(), 3u);
    EXPECT_DOUBLE_EQ(ratings[0].value, 1.0);
    EXPECT_DOUBLE_EQ(ratings[1].value, 0.0);
    EXPECT_DOUBLE_EQ(ratings[2].value, 0.5);
    EXPECT_EQ(ratings[0].originalValue, 7.0);
    EXPECT_EQ(ratings[0].scaleMin, 1.0);
    EXPECT_EQ(ratings[0].scaleMax, 7.0);
    EXPECT_EQ(ratings[0].responseMs, 1520);
    EXPECT_EQ(ratings[2].responseMs, 900);
    EXPECT_EQ(ratings[0].answeredAt, "2024-05-01T14:03:00Z");
    EXPECT_EQ(ratings[0].source, storage::AnswerSource::Import);
}

TEST_F(RatingImportTest, ScaleFromColumnsOrFromTheCommandLine)
{
    const auto columns = write("columns.csv", "person,image,value,scale_min,scale_max\nR01,fox.png,75,0,100\n");
    services::importRatings(workspace_, columns);
    const auto plain = write("plain.csv", "person,image,value\nR01,city.png,-1\n");
    services::RatingImportOptions options;
    options.scaleMin = -3;
    options.scaleMax = 3;
    services::importRatings(workspace_, plain, options);
    const auto person = storage::PeopleStore(workspace_.database()).findByPseudonym("R01");
    const auto ratings = storage::AnswerStore(workspace_.database()).ratingsOf(person->id);
    ASSERT_EQ(ratings.size(), 2u);
    EXPECT_DOUBLE_EQ(ratings[0].value, 0.75);
    EXPECT_NEAR(ratings[1].value, 2.0 / 6.0, 1e-12);
    EXPECT_THAT(errorOf(write("noscale.csv", "person,image,value\nR01,fox.png,3\n")), HasSubstr("scale is unknown"));
}

TEST_F(RatingImportTest, EveryBadLineIsReportedByNumberAndNothingIsStored)
{
    const auto file = write("bad.csv",
        "person,image,value,scale,timestamp\n"
        "R01,fox.png,4,1..7,\n"  // 2: fine
        "R01,nowhere.png,4,1..7,\n"  // 3: unknown image
        "NOBODY,fox.png,4,1..7,\n"  // 4: unknown person
        "R01,fox.png,9,1..7,\n"  // 5: outside the scale
        "R01,fox.png,high,1..7,\n"  // 6: not a number
        "R01,twin.png,3,1..7,\n"  // 7: ambiguous file name
        "R01,fox.png,3,7..1,\n"  // 8: reversed scale
        "R01,fox.png,3,1..7,yesterday\n"  // 9: bad timestamp
    );
    const std::string message = errorOf(file);
    EXPECT_THAT(message, HasSubstr("7 bad line(s)"));
    EXPECT_THAT(message, HasSubstr("bad.csv:3: unknown image 'nowhere.png'"));
    EXPECT_THAT(message, HasSubstr("bad.csv:4: unknown person 'NOBODY'"));
    EXPECT_THAT(message, HasSubstr("bad.csv:5: the value 9 lies outside the scale 1..7"));
    EXPECT_THAT(message, HasSubstr("bad.csv:6: the value 'high' is not a number"));
    EXPECT_THAT(message, HasSubstr("bad.csv:7: the image 'twin.png' is ambiguous"));
    EXPECT_THAT(message, HasSubstr("bad.csv:8:"));
    EXPECT_THAT(message, HasSubstr("bad.csv:9: the timestamp 'yesterday'"));
    EXPECT_EQ(storage::AnswerStore(workspace_.database()).counts().ratings, 0);

    services::RatingImportOptions lenient;
    lenient.skipInvalidLines = true;
    const auto report = services::importRatings(workspace_, file, lenient);
    EXPECT_EQ(report.imported, 1);
    EXPECT_EQ(report.problems.size(), 7u);
}

TEST_F(RatingImportTest, MalformedFilesAreRefusedWithLineNumbers)
{
    EXPECT_THAT(errorOf(write("q.csv", "person,image,value,scale\nR01,fox.png,\"4,1..7\n")), HasSubstr("q.csv:2"));
    EXPECT_THAT(errorOf(write("u.csv", "person,image,value,scale\nR01,f\xc3x.png,4,1..7\n")), HasSubstr("u.csv:2"));
    EXPECT_THAT(errorOf(write("m.csv", "person,value,scale\nR01,4,1..7\n")), HasSubstr("missing column 'image'"));
    EXPECT_THAT(errorOf(write("n.csv", "person,image,value,scale\nR01,fox.png,4\n")), HasSubstr("n.csv:2"));
}

TEST_F(RatingImportTest, UnknownPeopleCanBeAdded)
{
    const auto file = write("new.csv", "person,image,value,scale\nLAB-7,fox.png,2,1..5\nLAB-7,city.png,5,1..5\n");
    services::RatingImportOptions options;
    options.addUnknownPeople = true;
    const auto report = services::importRatings(workspace_, file, options);
    EXPECT_EQ(report.imported, 2);
    EXPECT_EQ(report.peopleAdded, std::vector<std::string>{"LAB-7"});
    EXPECT_TRUE(storage::PeopleStore(workspace_.database()).findByPseudonym("LAB-7"));
}

TEST(ParseScale, AcceptsCommonNotations)
{
    EXPECT_EQ(services::parseScale("1..7"), std::make_pair(1.0, 7.0));
    EXPECT_EQ(services::parseScale("0-100"), std::make_pair(0.0, 100.0));
    EXPECT_EQ(services::parseScale("-3..3"), std::make_pair(-3.0, 3.0));
    EXPECT_EQ(services::parseScale(" 1 , 5 "), std::make_pair(1.0, 5.0));
    EXPECT_FALSE(services::parseScale("7..1"));
    EXPECT_FALSE(services::parseScale("one to seven"));
}

TEST_F(RatingImportTest, ImpossibleDatesAndTimesAreRefusedNamingTheLineAndTheField)
{
    const auto file = write("dates.csv",
        "person,image,value,scale,timestamp\n"
        "R01,fox.png,4,1..7,2024-02-29\n"  // 2: a leap day, fine
        "R01,fox.png,4,1..7,2026-02-30\n"  // 3
        "R01,fox.png,4,1..7,2026-13-01\n"  // 4
        "R01,fox.png,4,1..7,2026-02-29T10:00:00Z\n"  // 5: 2026 is no leap year
        "R01,fox.png,4,1..7,2024-05-01T24:00:00Z\n"  // 6
        "R01,fox.png,4,1..7,2024-05-01T12:60\n"  // 7
        "R01,fox.png,4,1..7,2024-05-01T12:00:61Z\n"  // 8
        "R01,fox.png,4,1..7,2024-05-01T12:00:00+15:00\n"  // 9
        "R01,fox.png,4,1..7,0999-01-01\n"  // 10
        "R01,fox.png,4,1..7,2024-00-10\n"  // 11
    );
    const std::string message = errorOf(file);
    EXPECT_THAT(message, HasSubstr("9 bad line(s); nothing was imported"));
    EXPECT_THAT(message,
        HasSubstr("dates.csv:3: the timestamp '2026-02-30' is not a real date and time: there is no "
                  "day 30 in February 2026 (it has 28 days)"));
    EXPECT_THAT(message,
        HasSubstr("dates.csv:4: the timestamp '2026-13-01' is not a real date and time: there is no "
                  "month 13"));
    EXPECT_THAT(message, HasSubstr("dates.csv:5: the timestamp '2026-02-29T10:00:00Z'"));
    EXPECT_THAT(message,
        HasSubstr("dates.csv:6: the timestamp '2024-05-01T24:00:00Z' is not a real date and time: "
                  "there is no hour 24"));
    EXPECT_THAT(message, HasSubstr("dates.csv:7:"));
    EXPECT_THAT(message, HasSubstr("dates.csv:8:"));
    EXPECT_THAT(message, HasSubstr("dates.csv:9: the timestamp '2024-05-01T12:00:00+15:00'"));
    EXPECT_THAT(message, HasSubstr("dates.csv:10: the timestamp '0999-01-01'"));
    EXPECT_THAT(message, HasSubstr("dates.csv:11:"));
    EXPECT_THAT(message, ::testing::Not(HasSubstr("dates.csv:2:")));
    EXPECT_EQ(storage::AnswerStore(workspace_.database()).counts().ratings, 0);
    // The same column under its other name is named as such.
    EXPECT_THAT(errorOf(write("answered.csv", "person,image,value,scale,answered_at\nR01,fox.png,4,1..7,2026-04-31\n")),
        HasSubstr("answered.csv:2: the answered_at '2026-04-31' is not a real date and time: there is no day 31 in "
                  "April 2026"));
}

TEST_F(RatingImportTest, NumbersMustBePlainDecimals)
{
    // Each of these was read by std::stod before (0x1p3 as 8, 0x10 as 16, " 5" as 5, 1e1 as 10).
    const auto file = write("numbers.csv",
        "person,image,value,scale\n"
        "R01,fox.png,0x1p3,0..100\n"  // 2
        "R01,fox.png,1e400,0..100\n"  // 3
        "R01,fox.png,inf,0..100\n"  // 4
        "R01,fox.png,nan,0..100\n"  // 5
        "R01,fox.png,0x10,0..100\n"  // 6
        "R01,fox.png,\" 5\",0..100\n"  // 7
        "R01,fox.png,+5,0..100\n"  // 8
        "R01,fox.png,1e1,0..100\n"  // 9
        "R01,fox.png,-,0..100\n"  // 10
        "R01,fox.png,5.5.5,0..100\n"  // 11
        "R01,fox.png,.5,0..100\n"  // 12: fine
        "R01,fox.png,007,0..100\n"  // 13: fine, seven
    );
    const std::string message = errorOf(file);
    EXPECT_THAT(message, HasSubstr("10 bad line(s)"));
    EXPECT_THAT(message, HasSubstr("numbers.csv:2: the value '0x1p3' is not a number: write a plain decimal number"));
    for (int line = 3; line <= 11; ++line)
        EXPECT_THAT(message, HasSubstr(fmt::format("numbers.csv:{}: the value", line)));
    EXPECT_EQ(storage::AnswerStore(workspace_.database()).counts().ratings, 0);

    services::RatingImportOptions lenient;
    lenient.skipInvalidLines = true;
    EXPECT_EQ(services::importRatings(workspace_, file, lenient).imported, 2);
    const auto person = storage::PeopleStore(workspace_.database()).findByPseudonym("R01");
    const auto ratings = storage::AnswerStore(workspace_.database()).ratingsOf(person->id);
    ASSERT_EQ(ratings.size(), 2u);
    EXPECT_DOUBLE_EQ(ratings[0].value, 0.005);
    EXPECT_DOUBLE_EQ(ratings[1].value, 0.07);
}

TEST_F(RatingImportTest, ResponseTimesAndScalesAreBounded)
{
    const auto file = write("bounds.csv",
        "person,image,value,scale,response_ms\n"
        "R01,fox.png,4,1..7,-5\n"  // 2
        "R01,fox.png,4,1..7,3600001\n"  // 3: more than an hour
        "R01,fox.png,4,1..7,99999999999999999999999\n"  // 4: beyond int64
        "R01,fox.png,4,1..7,1e3\n"  // 5
        "R01,fox.png,4,1..1e30,\n"  // 6
        "R01,fox.png,4,5..1,\n"  // 7
        "R01,fox.png,4,0..10000000,\n"  // 8
        "R01,fox.png,4,0.."
            + std::string(400, '9')
            + ",\n"  // 9: used to escape as std::out_of_range
              "R01,fox.png,4,1..7,3600000\n"  // 10: exactly an hour, fine
    );
    const std::string message = errorOf(file);
    EXPECT_THAT(message, HasSubstr("8 bad line(s)"));
    EXPECT_THAT(message, HasSubstr("bounds.csv:2: response_ms -5 is negative"));
    EXPECT_THAT(message, HasSubstr("bounds.csv:3: response_ms 3600001 is more than an hour"));
    EXPECT_THAT(message, HasSubstr("bounds.csv:4: response_ms 99999999999999999999999 is more than an hour"));
    EXPECT_THAT(message, HasSubstr("bounds.csv:5: response_ms '1e3' is not a time in milliseconds"));
    EXPECT_THAT(message, HasSubstr("bounds.csv:6: the scale '1..1e30' is not of the form min..max"));
    EXPECT_THAT(message, HasSubstr("bounds.csv:7: the scale '5..1' is empty or reversed"));
    EXPECT_THAT(message, HasSubstr("bounds.csv:8: the scale '0..10000000' reaches beyond -1000000..1000000"));
    EXPECT_THAT(message, HasSubstr("bounds.csv:9: the scale"));
    EXPECT_EQ(storage::AnswerStore(workspace_.database()).counts().ratings, 0);

    const auto columns = write("columns.csv",
        "person,image,value,scale_min,scale_max\nR01,fox.png,4,0,1e30\nR01,fox.png,4,-2000000,10\nR01,fox.png,4,7,1\n");
    const std::string columnMessage = errorOf(columns);
    EXPECT_THAT(
        columnMessage, HasSubstr("columns.csv:2: scale_min '0' and scale_max '1e30' must each be a plain decimal"));
    EXPECT_THAT(columnMessage, HasSubstr("columns.csv:3: scale_min -2000000 and scale_max 10 must lie within"));
    EXPECT_THAT(columnMessage, HasSubstr("columns.csv:4: scale_min 7 must lie below scale_max 1"));
}

TEST_F(RatingImportTest, ControlCharactersAreRefusedInNamesAndEscapedInMessages)
{
    const auto file = write("controls.csv",
        "person,image,value,scale\n"
        "\"R\x1B]0;owned\x07\",fox.png,4,1..7\n"  // 2: an escape sequence that retitles a terminal
        "R01,\"fox\x1B[2J.png\",4,1..7\n"  // 3: clears the screen
        "\"two\nlines\",fox.png,4,1..7\n"  // 4
    );
    services::RatingImportOptions options;
    options.addUnknownPeople = true;
    const std::string message = errorOf(file, options);
    EXPECT_THAT(message, HasSubstr("controls.csv:2: the pseudonym 'R\\x1B]0;owned\\x07' holds a control character"));
    EXPECT_THAT(message, HasSubstr("controls.csv:3: unknown image 'fox\\x1B[2J.png'"));
    EXPECT_THAT(message, HasSubstr("controls.csv:4: the pseudonym 'two\\nlines' holds a control character (\\n)"));
    EXPECT_EQ(message.find('\x1B'), std::string::npos) << "nothing raw reaches a terminal";
    EXPECT_EQ(storage::PeopleStore(workspace_.database()).count(), 1) << "nobody was added";
}

TEST(ParseScale, SaysWhyAScaleIsRefused)
{
    std::string why;
    EXPECT_FALSE(services::parseScale("5..1", &why));
    EXPECT_THAT(why, HasSubstr("empty or reversed"));
    EXPECT_FALSE(services::parseScale("1..1", &why));
    EXPECT_THAT(why, HasSubstr("empty or reversed"));
    EXPECT_FALSE(services::parseScale("0x1..0x7", &why));
    EXPECT_THAT(why, HasSubstr("not of the form min..max"));
    EXPECT_FALSE(services::parseScale("-2000000..0", &why));
    EXPECT_THAT(why, HasSubstr("reaches beyond"));
    EXPECT_EQ(services::parseScale("0..1000000"), std::make_pair(0.0, 1e6));
}
