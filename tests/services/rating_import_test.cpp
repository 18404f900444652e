// Legacy ratings: values mapped from their scale, images found by hash, path or name, and every bad
// line reported by number with nothing stored.
#include "app/services/rating_import.h"
#include "app/services/workspace.h"
#include "storage/answers.h"
#include "storage/images.h"
#include "storage/people.h"
#include "storage/sha256.h"
#include "tests/test_support.h"

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
            image.sha256 = storage::sha256Hex(std::string(name));
            image.libraryPath = std::string("ab/") + name;
            image.originalName = name;
            image.width = image.height = 10;
            image.format = "png";
            image.byteSize = 1;
            images.insert(image);
        }
        storage::ImageRecord twin;  // a second image with the same file name
        twin.sha256 = storage::sha256Hex(std::string("twin-2"));
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
    const std::string foxHash = storage::sha256Hex(std::string("fox.png"));
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
