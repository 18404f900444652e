// Export: every answer once, every stored field, read back with the CSV and JSON readers.
#include "storage/answers.h"
#include "storage/database.h"
#include "storage/export.h"
#include "storage/images.h"
#include "storage/people.h"
#include "storage/storage_error.h"
#include "storage/studies.h"
#include "tests/support/test_support.h"
#include "util/csv.h"
#include "util/json.h"
#include "util/sha256.h"

#include <gmock/gmock.h>

#include <fstream>
#include <sstream>

using namespace tastelab::storage;
using tastelab::testing::TempDir;
using ::testing::HasSubstr;

namespace {

std::string readText(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

class ExportTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ImageStore images(db_);
        for (const char* name : {"a.png", "b.png"}) {
            ImageRecord image;
            image.sha256 = tastelab::util::sha256Hex(std::string(name));
            image.libraryPath = name;
            image.originalName = name;
            image.width = image.height = 8;
            image.format = "png";
            image.byteSize = 1;
            image.prompt = std::string("a \"quoted\", multi\nline prompt for ") + name;
            ids_.push_back(images.insert(image));
        }
        Person anna;
        anna.pseudonym = "P0001";
        anna.displayName = "Anna Secret";  // must never be exported
        person_ = PeopleStore(db_).insert(anna);
        Study study;
        study.name = "Pilot";
        study_ = StudyStore(db_).createStudy(study);

        AnswerStore answers(db_);
        SliderRating r;
        r.personId = person_;
        r.imageId = ids_[0];
        r.studyId = study_;
        r.trialPosition = 0;
        r.value = 0.125;
        r.startPosition = 0.5;
        r.sliderMoved = true;
        r.responseMs = 1234;
        r.shownAt = "2026-01-01T00:00:00.000Z";
        r.answeredAt = "2026-01-01T00:00:01.234Z";
        first_ = answers.recordRating(r);
        r.value = 0.875;
        r.revisesId = first_;
        answers.recordRating(r);
        SliderRating outside;  // not in the study
        outside.personId = person_;
        outside.imageId = ids_[1];
        outside.value = 1.0 / 3.0;
        answers.recordRating(outside);
        PairwiseChoice c;
        c.personId = person_;
        c.leftImageId = ids_[1];
        c.rightImageId = ids_[0];
        c.choice = PairChoice::Right;
        c.studyId = study_;
        c.responseMs = 800;
        answers.recordComparison(c);
    }

    TempDir dir_;
    Database db_ = Database::open(dir_ / "w.sqlite", Database::OpenMode::CreateIfMissing);
    std::vector<std::int64_t> ids_;
    std::int64_t person_ = 0;
    std::int64_t study_ = 0;
    std::int64_t first_ = 0;
};

}  // namespace

TEST_F(ExportTest, CsvHasOneRowPerAnswerWithEveryField)
{
    const auto file = dir_ / "out.csv";
    const ExportSummary summary = exportAnswers(db_, {ExportFormat::Csv, std::nullopt}, file);
    EXPECT_EQ(summary.ratings, 3);
    EXPECT_EQ(summary.comparisons, 1);
    const std::string text = readText(file);
    EXPECT_THAT(text, ::testing::Not(HasSubstr("Anna Secret")));
    tastelab::util::CsvTable table(tastelab::util::parseCsv(text, "out.csv"), "out.csv");
    table.requireRectangular();
    EXPECT_EQ(table.header(), exportColumns());
    ASSERT_EQ(table.rows().size(), 4u);
    auto field = [&](std::size_t row, const char* column) {
        return table.rows()[row].fields[table.requireColumn(column)];
    };
    EXPECT_EQ(field(0, "kind"), "rating");
    EXPECT_EQ(field(0, "person"), "P0001");
    EXPECT_EQ(field(0, "study"), "Pilot");
    EXPECT_EQ(field(0, "image_sha256"), tastelab::util::sha256Hex(std::string("a.png")));
    EXPECT_EQ(field(0, "prompt"), "a \"quoted\", multi\nline prompt for a.png");
    EXPECT_EQ(field(0, "value"), "0.125");
    EXPECT_EQ(field(0, "start_position"), "0.5");
    EXPECT_EQ(field(0, "slider_moved"), "1");
    EXPECT_EQ(field(0, "response_ms"), "1234");
    EXPECT_EQ(field(0, "shown_at"), "2026-01-01T00:00:00.000Z");
    EXPECT_EQ(field(0, "superseded"), "1");
    EXPECT_EQ(field(1, "revises_id"), std::to_string(first_));
    EXPECT_EQ(field(1, "superseded"), "0");
    EXPECT_EQ(std::stod(field(2, "value")), 1.0 / 3.0);  // full precision
    EXPECT_EQ(field(3, "kind"), "comparison");
    EXPECT_EQ(field(3, "left_image_sha256"), tastelab::util::sha256Hex(std::string("b.png")));
    EXPECT_EQ(field(3, "choice"), "right");
    EXPECT_EQ(field(3, "chosen_image_sha256"), tastelab::util::sha256Hex(std::string("a.png")));
    EXPECT_EQ(field(3, "value"), "");
    EXPECT_EQ(field(1, "retracted"), "0");
    EXPECT_EQ(field(3, "chosen_by"), "");
}

TEST_F(ExportTest, ATakenBackAnswerIsExportedAsARetractionRow)
{
    AnswerStore answers(db_);
    const auto current = answers.ratingsOf(person_);
    ASSERT_EQ(current.size(), 2u);
    const auto retraction = answers.retractRating(current[0].id);
    const auto file = dir_ / "out.csv";
    exportAnswers(db_, {ExportFormat::Csv, std::nullopt}, file);
    tastelab::util::CsvTable table(tastelab::util::parseCsv(readText(file), "out.csv"), "out.csv");
    ASSERT_EQ(table.rows().size(), 5u);
    const auto& row = table.rows()[3].fields;
    EXPECT_EQ(row[table.requireColumn("answer_id")], std::to_string(retraction));
    EXPECT_EQ(row[table.requireColumn("retracted")], "1");
    EXPECT_EQ(row[table.requireColumn("revises_id")], std::to_string(current[0].id));
    EXPECT_EQ(table.rows()[1].fields[table.requireColumn("superseded")], "1");
}

TEST_F(ExportTest, JsonLinesAreTypedAndFilteredByStudy)
{
    const auto file = dir_ / "out.jsonl";
    const ExportSummary summary = exportAnswers(db_, {ExportFormat::JsonLines, std::string("Pilot")}, file);
    EXPECT_EQ(summary.ratings, 2);
    EXPECT_EQ(summary.comparisons, 1);
    const auto lines = tastelab::util::parseJsonLines(readText(file), "out.jsonl");
    ASSERT_EQ(lines.size(), 3u);
    const tastelab::util::JsonValue& first = lines[0].value;
    EXPECT_EQ(first.find("value")->asDouble(), 0.125);
    EXPECT_EQ(first.find("response_ms")->asInt(), 1234);
    EXPECT_TRUE(first.find("slider_moved")->asBool());
    EXPECT_TRUE(first.find("choice")->isNull());
    EXPECT_EQ(first.find("study")->asString(), "Pilot");
    EXPECT_EQ(lines[2].value.find("choice")->asString(), "right");
    EXPECT_EQ(first.asObject().size(), exportColumns().size());
}

TEST_F(ExportTest, UnknownStudyIsAnErrorAndTheOldFileStays)
{
    const auto file = dir_ / "keep.csv";
    tastelab::testing::writeBytes(file, {'o', 'l', 'd'});
    try {
        exportAnswers(db_, {ExportFormat::Csv, std::string("Nope")}, file);
        FAIL() << "exported an unknown study";
    } catch (const StorageError& e) {
        EXPECT_THAT(e.what(), HasSubstr("Nope"));
    }
    EXPECT_EQ(readText(file), "old");
}
