// The study results page on a small real study: P1 and P2 rate three images alike, P3 rates them reversed and
// fails the attention check. The expected numbers are worked out in the comments.
#include "widgets/study_results_page.h"

#include "app/services/image_library.h"
#include "app/services/workspace.h"
#include "model/io/image_io.h"
#include "storage/answers.h"
#include "storage/studies.h"
#include "tests/support/gui_fixtures.h"

#include <QFile>
#include <QImage>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace tastelab;
using namespace tastelab::testing;
using ::testing::HasSubstr;

namespace {

using widgets::ImageResultsModel;
using widgets::ParticipantResultsModel;

// Returns the ids of the three regular images.
std::vector<std::int64_t> buildStudy(const std::filesystem::path& root)
{
    auto workspace = services::Workspace::create(root, "results");
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 4; ++i) ids.push_back(addTestImage(workspace, solidImage(i), "prompt " + std::to_string(i)));
    storage::Database& db = workspace.database();
    storage::StudyStore studies(db);
    const auto studyId = createStudyOf(studies, "Pilot", {ids[0], ids[1], ids[2]});
    studies.addItem({0, studyId, ids[3], storage::ItemKind::Catch, 0.9, 1.0, {}});

    std::vector<storage::Trial> trials;
    for (int t = 0; t < 4; ++t) trials.push_back(sliderTrial(t, ids[std::size_t(t)]));
    trials[3].isCatch = true;
    storage::Trial pair;
    pair.position = 4;
    pair.mode = storage::TrialMode::Pairwise;
    pair.leftImageId = ids[0];
    pair.rightImageId = ids[2];
    trials.push_back(pair);

    const double values[3][3] = {{0.2, 0.5, 0.8}, {0.3, 0.6, 0.9}, {0.9, 0.5, 0.1}};
    storage::AnswerStore answers(db);
    std::int64_t ms = 1000;
    for (int p = 0; p < 3; ++p) {
        const auto personId = addAssignedPerson(db, studyId, "P" + std::to_string(p + 1), trials);
        for (int t = 0; t < 4; ++t) {
            auto r = sliderAnswer(
                personId, studyId, t, ids[std::size_t(t)], t == 3 ? (p == 2 ? 0.2 : 0.95) : values[p][t], ms);
            r.isCatch = t == 3;
            ms += 100;
            answers.recordRating(r);
        }
        storage::PairwiseChoice c;
        c.personId = personId;
        c.leftImageId = ids[0];
        c.rightImageId = ids[2];
        c.choice = p == 2 ? storage::PairChoice::Left : storage::PairChoice::Right;
        c.studyId = studyId;
        c.trialPosition = 4;
        c.responseMs = ms;
        ms += 100;
        answers.recordComparison(c);
    }
    return {ids[0], ids[1], ids[2]};
}

int lineCount(const QString& file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return -1;
    return int(f.readAll().count('\n'));
}

class StudyResultsPageTest : public FolderTest {
protected:
    void SetUp() override { QLocale::setDefault(QLocale::c()); }
};

TEST_F(StudyResultsPageTest, ShowsTheStudyOffTheGuiThreadAndExports)
{
    const auto ids = buildStudy(dir_ / "ws");
    widgets::StudyResultsPage page(path("ws"));
    QSignalSpy shown(&page, &widgets::StudyResultsPage::resultsShown);
    page.showStudy(QStringLiteral("Pilot"));
    ASSERT_TRUE(shown.wait(20000));
    ASSERT_EQ(shown.at(0).at(0).toString(), QString());

    // Participants, sorted by pseudonym.
    const QAbstractItemModel* participants = page.participantsModel();
    ASSERT_EQ(participants->rowCount(), 3);
    const auto cell = [participants](int row, int column, int role = Qt::DisplayRole) {
        return participants->index(row, column).data(role);
    };
    EXPECT_EQ(cell(0, ParticipantResultsModel::Participant).toString(), QStringLiteral("P1"));
    EXPECT_EQ(cell(2, ParticipantResultsModel::Participant).toString(), QStringLiteral("P3"));
    // P1 rated .2 .5 .8: mean .5, SD .3; 5 of 5 planned trials answered.
    EXPECT_NEAR(cell(0, ParticipantResultsModel::Mean, ParticipantResultsModel::ValueRole).toDouble(), 0.5, 1e-12);
    EXPECT_EQ(cell(0, ParticipantResultsModel::Sd).toString(), QStringLiteral("0.30"));
    EXPECT_THAT(cell(0, ParticipantResultsModel::Completion).toString().toStdString(), HasSubstr("5 of 5"));
    EXPECT_EQ(cell(0, ParticipantResultsModel::Catch).toString(), QStringLiteral("1 / 1"));
    EXPECT_FALSE(cell(0, ParticipantResultsModel::Excluded, ParticipantResultsModel::ValueRole).toBool());
    EXPECT_TRUE(cell(2, ParticipantResultsModel::Excluded, ParticipantResultsModel::ValueRole).toBool());
    EXPECT_THAT(cell(2, ParticipantResultsModel::Excluded).toString().toStdString(),
        HasSubstr("Passed 0 of 1 attention checks"));
    // P1 answered at 1000..1400 ms.
    EXPECT_DOUBLE_EQ(
        cell(0, ParticipantResultsModel::MedianResponse, ParticipantResultsModel::ValueRole).toDouble(), 1200.0);

    // Images, best first: image 3 has .8 and .9 from the included raters (P3's .1 is left out).
    const QAbstractItemModel* images = page.imagesModel();
    ASSERT_EQ(images->rowCount(), 3);
    EXPECT_EQ(images->index(0, 0).data(ImageResultsModel::ImageIdRole).toLongLong(), ids[2]);
    EXPECT_NEAR(images->index(0, ImageResultsModel::Mean).data(ImageResultsModel::ValueRole).toDouble(), 0.85, 1e-12);
    EXPECT_EQ(images->index(0, ImageResultsModel::Count).data().toInt(), 2);
    EXPECT_EQ(images->index(0, ImageResultsModel::Prompt).data().toString(), QStringLiteral("prompt 2"));
    EXPECT_EQ(images->index(0, ImageResultsModel::PairwiseWins).data().toString(), QStringLiteral("2 of 2"));
    EXPECT_EQ(images->index(2, 0).data(ImageResultsModel::ImageIdRole).toLongLong(), ids[0]);
    EXPECT_FALSE(images->index(0, ImageResultsModel::Image).data(Qt::DecorationRole).value<QImage>().isNull());

    // Alpha 1 - (.06/6)/(4.5/30) = .93; ICC(2,1) .18/.19 = .95, ICC(2,k) .18/.185 = .97 (see the CLI test).
    const std::string summary = page.summaryText().toStdString();
    EXPECT_THAT(summary, HasSubstr("Krippendorff's alpha (interval) 0.93"));
    EXPECT_THAT(summary, HasSubstr("ICC(2,1) 0.95"));
    EXPECT_THAT(summary, HasSubstr("ICC(2,k) 0.97 (3 images × 2 raters)"));
    EXPECT_THAT(summary, HasSubstr("2 participants included, 1 excluded"));
    EXPECT_THAT(summary, HasSubstr("left 0, right 2"));

    const QString report = path("report.png");
    ASSERT_TRUE(page.saveReport(report));
    const QImage picture(report);
    ASSERT_FALSE(picture.isNull());
    EXPECT_EQ(picture.width(), 1400);
    EXPECT_GT(picture.height(), 400);

    QString error;
    ASSERT_TRUE(page.exportTables(path("tables"), &error)) << error.toStdString();
    EXPECT_EQ(lineCount(path("tables/participants.csv")), 1 + 3);
    EXPECT_EQ(lineCount(path("tables/images.csv")), 1 + 3);
    EXPECT_EQ(lineCount(path("tables/answers.csv")), 1 + 15);  // 4 ratings and 1 choice per participant
    EXPECT_EQ(lineCount(path("tables/answers.jsonl")), 15);

    // Neither the report nor the tables can be written over the workspace's own files.
    const auto database = tastelab::testing::readBytes(dir_ / "ws" / "tastelab.sqlite");
    EXPECT_FALSE(page.saveReport(path("ws/tastelab.sqlite")));
    EXPECT_FALSE(page.exportTables(path("ws/library"), &error));
    EXPECT_THAT(error.toStdString(), HasSubstr("inside the library folder"));
    EXPECT_FALSE(page.exportTables(path("ws/models/../thumbnails"), &error));
    EXPECT_EQ(tastelab::testing::readBytes(dir_ / "ws" / "tastelab.sqlite"), database);

    saveScreenshot(page, QStringLiteral("results-light"));
}

TEST_F(StudyResultsPageTest, AnUnknownStudyIsReportedByName)
{
    buildStudy(dir_ / "ws");
    widgets::StudyResultsPage page(path("ws"));
    QSignalSpy shown(&page, &widgets::StudyResultsPage::resultsShown);
    page.showStudy(QStringLiteral("Main study"));
    ASSERT_TRUE(shown.wait(20000));
    EXPECT_THAT(shown.at(0).at(0).toString().toStdString(), HasSubstr("'Main study'"));
    EXPECT_EQ(page.participantsModel()->rowCount(), 0);
    EXPECT_FALSE(page.saveReport(path("nothing.png")));
    QString error;
    EXPECT_FALSE(page.exportTables(path("tables"), &error));
    EXPECT_FALSE(error.isEmpty());
}

}  // namespace

int main(int argc, char** argv)
{
    return tastelab::testing::runGuiTests(argc, argv);
}
